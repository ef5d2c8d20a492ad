#!/bin/sh
# corpus.sh [--force] [DIR]: fetch the real plugin binaries of Debian's
# MariaDB 10.11 packages (mariadb-server, mariadb-server-core, libmariadb3 and
# every mariadb-plugin-* package that ships plugin .so files) into DIR
# (default: corpus/ at the repository root, git-ignored). Nothing is installed:
# the .debs are fetched with `apt-get download` into DIR/debs and unpacked with
# `dpkg-deb -x` into DIR/root (no maintainer scripts). Results:
#   DIR/plugins/server/*.so   server plugins (usr/lib/mysql/plugin)
#   DIR/plugins/client/*.so   client plugins (usr/lib/<multiarch>/libmariadb3/plugin)
#   DIR/plugins/LIST          one path per line, relative to DIR/plugins
#   DIR/bin/mariadbd          the real server binary (mariadb-server-core)
#   DIR/VERSION               "package version" of every .deb used
# Already done (LIST present, VERSION equal to what apt would download) means
# nothing to do; --force redoes everything. Only `apt-get update` may need
# root: without root or password-less sudo it prints the command and fails.
# Environment: CORPUS_MARIADB_VERSION=<debian version> pins the version
# (default: apt's candidate); CORPUS_MAX_BYTES caps the download (150000000).
set -eu

usage() { echo "usage: $0 [--force] [DIR]" >&2; exit 2; }
die() { echo "corpus: $*" >&2; exit 1; }

force=0
dir=""
for a in "$@"; do
	case $a in
	--force) force=1 ;;
	-h | --help) usage ;;
	-*) usage ;;
	*) [ -z "$dir" ] || usage; dir=$a ;;
	esac
done
if [ -z "$dir" ]; then
	dir="$(cd "$(dirname "$0")/.." && pwd)/corpus"
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

pin=${CORPUS_MARIADB_VERSION:-}
max_bytes=${CORPUS_MAX_BYTES:-150000000}
base_pkgs="mariadb-server mariadb-server-core libmariadb3"
required_plugins="connect cracklib-password-check gssapi-server gssapi-client hashicorp-key-management oqgraph provider-lz4 s3 spider"
plugin_re='/usr/lib/mysql/plugin/[^/]*\.so$|/libmariadb3/plugin/[^/]*\.so$'

# apt_info: "package version size" of every candidate package (or of the
# pinned version), from one apt-cache search and one apt-cache show (apt-cache
# is slow when the binary caches are disabled, as in Docker images).
apt_info() {
	plugins=$(apt-cache search --names-only '^mariadb-plugin-' 2>/dev/null | cut -d' ' -f1 | LC_ALL=C sort -u)
	[ -n "$plugins" ] || return 0
	# shellcheck disable=SC2046
	apt-cache show --no-all-versions $(for p in $base_pkgs $plugins; do echo "$p${pin:+=$pin}"; done) 2>/dev/null |
		awk '/^Package: /{p=$2} /^Version: /{v=$2} /^Size: /{s=$2}
		     /^$/{if (p != "") print p, v, s; p=""} END{if (p != "") print p, v, s}' |
		LC_ALL=C sort -u -k1,1
}

apt_knows() {
	printf '%s\n' "$info" | grep -q '^mariadb-server ' &&
		printf '%s\n' "$info" | grep -q '^mariadb-plugin-'
}

apt_update() {
	if [ "$(id -u)" = 0 ]; then
		sudo=""
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo="sudo -n"
	else
		echo "corpus: apt does not know the MariaDB packages${pin:+ (version $pin)}" >&2
		echo "corpus: run: sudo apt-get update" >&2
		exit 1
	fi
	echo "corpus: running apt-get update" >&2
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
}

# wanted: "package version size" for every package to download, sorted; the
# required ones always, the other plugin packages smallest first while the
# total stays below CORPUS_MAX_BYTES. Sets $wanted (exit on error).
select_wanted() {
	total=0
	wanted=""
	for p in $base_pkgs $(for r in $required_plugins; do echo "mariadb-plugin-$r"; done); do
		line=$(printf '%s\n' "$info" | grep "^$p " || true)
		[ -n "$line" ] || die "apt has no ${pin:+version $pin of }package $p"
		total=$((total + $(echo "$line" | cut -d' ' -f3)))
		wanted="$wanted$line
"
	done
	optional=$(printf '%s\n' "$info" | grep '^mariadb-plugin-' | while read -r p v s; do
		case " $required_plugins " in *" ${p#mariadb-plugin-} "*) continue ;; esac
		echo "$s $p $v"
	done | LC_ALL=C sort -n)
	while read -r s p v; do
		[ -n "$p" ] || continue
		if [ $((total + s)) -gt "$max_bytes" ]; then
			echo "corpus: skipping $p ($s bytes would exceed CORPUS_MAX_BYTES=$max_bytes)" >&2
			continue
		fi
		total=$((total + s))
		wanted="$wanted$p $v $s
"
	done <<EOF2
$optional
EOF2
	wanted=$(printf '%s' "$wanted" | LC_ALL=C sort)
}

summary() {
	ns=$(grep -c '^server/' "$dir/plugins/LIST" || true)
	nc=$(grep -c '^client/' "$dir/plugins/LIST" || true)
	ver=$(sed -n 's/^mariadb-server \([^ ]*\).*/\1/p' "$dir/VERSION")
	echo "corpus: $ns server plugins, $nc client plugins in $dir (mariadb $ver)"
}

# ---- up to date already?
if [ "$force" = 0 ] && [ -s "$dir/plugins/LIST" ] && [ -s "$dir/VERSION" ]; then
	info=$(apt_info)
	if apt_knows; then
		select_wanted
		want=$(printf '%s\n' "$wanted" | cut -d' ' -f1,2)
		have=$(cut -d' ' -f1,2 "$dir/VERSION" | LC_ALL=C sort)
		if [ "$want" = "$have" ]; then
			summary
			exit 0
		fi
		echo "corpus: $dir/VERSION differs from what apt would download; refreshing" >&2
	elif [ -z "$pin" ] || grep -qxF "mariadb-server $pin" "$dir/VERSION"; then
		echo "corpus: apt does not know the packages, keeping the existing corpus (--force refetches)" >&2
		summary
		exit 0
	fi
fi

# ---- what to download
[ -n "${info:-}" ] || info=$(apt_info)
if ! apt_knows; then
	apt_update
	info=$(apt_info)
	apt_knows || die "apt still does not know mariadb-server${pin:+=$pin} after apt-get update"
fi
select_wanted
printf '%s\n' "$wanted" >"$dir/.wanted"
trap 'rm -f "$dir/.wanted"' EXIT
rm -f "$dir/plugins/LIST" "$dir/VERSION"

# ---- download into DIR/debs, reusing .debs of the right version (unless --force)
debs=$dir/debs
[ "$force" = 0 ] || rm -rf "$debs"
mkdir -p "$debs"
missing=""
for f in "$debs"/*.deb; do
	[ -e "$f" ] || continue
	pv="$(dpkg-deb -f "$f" Package 2>/dev/null || true) $(dpkg-deb -f "$f" Version 2>/dev/null || true)"
	if ! cut -d' ' -f1,2 "$dir/.wanted" | grep -qxF "$pv"; then
		rm -f "$f"
	fi
done
while read -r p v s; do
	found=0
	for f in "$debs"/"$p"_*.deb; do
		[ -e "$f" ] || continue
		[ "$(dpkg-deb -f "$f" Version)" = "$v" ] && found=1
	done
	[ "$found" = 1 ] || missing="$missing $p=$v"
done <"$dir/.wanted"
if [ -n "$missing" ]; then
	echo "corpus: downloading$missing" | sed "s/=[^ ]*//g" >&2
	sandbox=""
	# as root apt would download as _apt, which cannot write into DIR/debs
	[ "$(id -u)" != 0 ] || sandbox="-o APT::Sandbox::User=root"
	# shellcheck disable=SC2086
	(cd "$debs" && apt-get download -qq $sandbox $missing)
fi

# ---- extract, record versions
rm -rf "$dir/root" "$dir/plugins" "$dir/bin"
mkdir -p "$dir/root" "$dir/plugins/server" "$dir/plugins/client" "$dir/bin"
: >"$dir/VERSION.tmp"
while read -r p v s; do
	f=""
	for g in "$debs"/"$p"_*.deb; do
		[ -e "$g" ] && [ "$(dpkg-deb -f "$g" Version)" = "$v" ] && f=$g
	done
	[ -n "$f" ] || die "download of $p $v failed"
	pv="$(dpkg-deb -f "$f" Package) $(dpkg-deb -f "$f" Version)"
	case $p in
	mariadb-plugin-*)
		# count (not grep -q) so that dpkg-deb never writes into a closed pipe
		if [ "$(dpkg-deb -c "$f" | grep -Ec "$plugin_re" || true)" = 0 ]; then
			echo "corpus: $p ships no plugin .so, not extracted" >&2
			echo "$pv no-plugin-so" >>"$dir/VERSION.tmp"
			continue
		fi
		;;
	esac
	dpkg-deb -x "$f" "$dir/root"
	echo "$pv" >>"$dir/VERSION.tmp"
done <"$dir/.wanted"

# ---- collect plugins and mariadbd (hard links, copies across file systems)
# place SRC DST: SRC is a path under DIR/root; symlinks resolved inside DIR/root
place() {
	src=$1 n=0
	while [ -L "$src" ] && [ "$n" -lt 20 ]; do
		t=$(readlink "$src")
		case $t in
		/*) src=$dir/root$t ;;
		*) src=$(dirname "$src")/$t ;;
		esac
		n=$((n + 1))
	done
	[ -f "$src" ] || die "$1: not a regular file"
	ln -f "$src" "$2" 2>/dev/null || cp -f "$src" "$2"
}
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch 2>/dev/null || true)
[ -n "$multiarch" ] || die "cannot determine the multiarch triplet (dpkg-architecture or gcc)"
for f in "$dir"/root/usr/lib/mysql/plugin/*.so; do
	[ -e "$f" ] || [ -L "$f" ] || continue
	place "$f" "$dir/plugins/server/${f##*/}"
done
for f in "$dir/root/usr/lib/$multiarch/libmariadb3/plugin"/*.so; do
	[ -e "$f" ] || [ -L "$f" ] || continue
	place "$f" "$dir/plugins/client/${f##*/}"
done
if [ -e "$dir/root/usr/sbin/mariadbd" ]; then
	place "$dir/root/usr/sbin/mariadbd" "$dir/bin/mariadbd"
else
	echo "corpus: no usr/sbin/mariadbd in the packages" >&2
fi

(cd "$dir/plugins" && find server client -name '*.so' | LC_ALL=C sort) >"$dir/plugins/LIST.tmp"
[ -s "$dir/plugins/LIST.tmp" ] || die "no plugin .so found under $dir/root"
LC_ALL=C sort "$dir/VERSION.tmp" >"$dir/VERSION"
rm -f "$dir/VERSION.tmp"
mv "$dir/plugins/LIST.tmp" "$dir/plugins/LIST"
summary
