// Package mariadbtest starts private MariaDB servers for tests, so that
// what this project does with a plugin can be compared with what the real
// server (Debian's mariadbd, package mariadb-server-core) does with it.
//
// Start runs one mariadbd for the calling test and stops it when the test
// ends; Server.Session gives one server session (a dedicated connection)
// whose Exec and Query report what a mysql client would show: the error
// code, SQLSTATE and message, and the statement's rows of SHOW WARNINGS.
//
// Hermetic: every server gets its own temporary directory (datadir, unix
// socket, pid file, error log, tmpdir) and is started with --no-defaults
// (no option file is read, so Debian's mariadb.conf.d preloads nothing),
// --bind-address=127.0.0.1 on a free port, and --skip-name-resolve. The
// datadir is a copy of one made by mariadb-install-db
// --auth-root-authentication-method=normal (root@localhost without a
// password) once per test binary. Servers are stopped with SIGTERM to their
// own PID, never by name; a test binary that dies takes its servers with it
// (parent-death signal), and the next test binary removes directories whose
// owner has exited. No service is installed or started.
//
// The binaries are those of the Debian packages: /usr/sbin/mariadbd and
// /usr/bin/mariadb-install-db (mariadb-server-core), and my_print_defaults,
// which mariadb-install-db runs (mariadb-client-core). When they are missing
// the test fails with the command that installs them (make test, which runs
// scripts/deps.sh test); it is never skipped.
package mariadbtest
