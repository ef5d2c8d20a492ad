#!/bin/sh
# deps.sh build|test: install what the build (cmake) or the tests (also
# Debian's MariaDB server headers, and mariadbd with mariadb-install-db for
# the tests that start a private server) need, with apt-get, when it is
# missing (and libcrack2 with its dictionary, for cracklib_password_check).
# mariadb-install-db runs my_print_defaults, which Debian ships in
# mariadb-client-core. Neither core package has maintainer scripts, init
# scripts or units: installing them starts no service.
# Without root or password-less sudo it prints the exact command and fails.
set -eu
need=""
command -v cmake >/dev/null 2>&1 || need="$need cmake"
command -v g++ >/dev/null 2>&1 || need="$need g++"
if [ "${1:-build}" = test ]; then
	[ -f /usr/include/mariadb/server/mysql/plugin.h ] || need="$need libmariadbd-dev"
	{ [ -x /usr/sbin/mariadbd ] && [ -x /usr/bin/mariadb-install-db ]; } || need="$need mariadb-server-core"
	[ -x /usr/bin/my_print_defaults ] || need="$need mariadb-client-core"
	# cracklib_password_check.so links libcrack.so.2 and reads its dictionary.
	[ -e /usr/lib/x86_64-linux-gnu/libcrack.so.2 ] || need="$need libcrack2"
	[ -e /usr/share/dict/cracklib-small ] || [ -e /var/cache/cracklib/cracklib_dict.pwd ] || need="$need cracklib-runtime"
fi
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo -n"
else
	echo "deps: missing:$need" >&2
	echo "deps: run: sudo apt-get update && sudo apt-get install -y$need" >&2
	exit 1
fi
echo "deps: installing$need with apt-get" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
