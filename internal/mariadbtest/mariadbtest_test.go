package mariadbtest_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/mariadbtest"
	"github.com/myplugload/myplugload/internal/testbuild"
)

// defaultSQLMode is @@sql_mode of Debian's MariaDB 10.11 without option
// files (reference §0).
const defaultSQLMode = "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION"

func str(s string) *string { return &s }

func warning(code int, msg string) mariadbtest.Warning {
	return mariadbtest.Warning{Level: "Warning", Code: code, Message: msg}
}

// serverError is a failed statement as the client sees it: the error, and
// the same error as SHOW WARNINGS lists it.
func serverError(code int, state, msg string) mariadbtest.Result {
	return mariadbtest.Result{Code: code, SQLState: state, Message: msg,
		Warnings: []mariadbtest.Warning{{Level: "Error", Code: code, Message: msg}}}
}

// value runs a one-value query and returns that value.
func value(t *testing.T, s *mariadbtest.Session, query string) string {
	t.Helper()
	res, rows := s.Query(query)
	require.Equal(t, mariadbtest.Result{}, res, query)
	require.Len(t, rows.Values, 1, query)
	require.Len(t, rows.Values[0], 1, query)
	require.NotNil(t, rows.Values[0][0], query)
	return *rows.Values[0][0]
}

// TestServer starts two servers side by side: each has its own port,
// socket, datadir and global state, and sessions start with the server's
// defaults.
func TestServer(t *testing.T) {
	t.Parallel()
	a := mariadbtest.Start(t)
	b := mariadbtest.Start(t)

	assert.NotEqual(t, a.PID, b.PID)
	assert.NotEqual(t, a.Port, b.Port)
	assert.NotEqual(t, a.Socket, b.Socket)
	assert.NotEqual(t, a.Datadir, b.Datadir)
	assert.NotEqual(t, a.ErrorLog, b.ErrorLog)
	assert.Equal(t, "root@unix("+a.Socket+")/?timeout=5s", a.DSN)

	for name, srv := range map[string]*mariadbtest.Server{"a": a, "b": b} {
		s := srv.Session(t)
		assert.Contains(t, value(t, s, "SELECT @@version"), "MariaDB", name)
		res, rows := s.Query("SELECT @@port, @@socket, @@bind_address, @@skip_name_resolve, @@datadir, @@session.sql_mode, @@autocommit")
		require.Equal(t, mariadbtest.Result{}, res, name)
		assert.Equal(t, [][]string{{strconv.Itoa(srv.Port), srv.Socket, "127.0.0.1", "1", srv.Datadir + "/", defaultSQLMode, "1"}},
			rows.Strings(), name)
		assert.Contains(t, srv.ErrorLogText(t), "ready for connections", name)

		var user string
		require.NoError(t, srv.DB.QueryRow("SELECT CURRENT_USER()").Scan(&user), name)
		assert.Equal(t, "root@localhost", user, name)
	}

	// Global state is per server.
	sa, sb := a.Session(t), b.Session(t)
	require.Equal(t, mariadbtest.Result{}, sa.Exec("SET GLOBAL max_connections = 50"))
	assert.Equal(t, "50", value(t, sa, "SELECT @@global.max_connections"))
	assert.Equal(t, "151", value(t, sb, "SELECT @@global.max_connections"))

	// Session state is per session.
	require.Equal(t, mariadbtest.Result{}, sa.Exec("SET SESSION sql_mode = 'STRICT_ALL_TABLES'"))
	assert.Equal(t, "STRICT_ALL_TABLES", value(t, sa, "SELECT @@session.sql_mode"))
	assert.Equal(t, defaultSQLMode, value(t, a.Session(t), "SELECT @@session.sql_mode"))

	// Rows are text; SQL NULL is nil.
	res, rows := sa.Query("SELECT NULL, 'NULL', '' AS empty, 42")
	require.Equal(t, mariadbtest.Result{}, res)
	assert.Equal(t, []string{"NULL", "NULL", "empty", "42"}, rows.Columns)
	assert.Equal(t, [][]*string{{nil, str("NULL"), str(""), str("42")}}, rows.Values)
	assert.Equal(t, [][]string{{"NULL", "NULL", "", "42"}}, rows.Strings())
}

// TestSessionDiagnostics runs statements in one session and checks what a
// client sees: errors with SQLSTATE, and each statement's own warnings
// (never those of an earlier statement).
func TestSessionDiagnostics(t *testing.T) {
	t.Parallel()
	s := mariadbtest.Start(t).Session(t)

	steps := []struct {
		stmt string
		want mariadbtest.Result
		// max is @@global.max_connections afterwards ("" = not checked).
		max string
	}{
		{"SET GLOBAL max_connections = 50", mariadbtest.Result{}, "50"},
		// 10 is the minimum: lower values are raised to it with a warning.
		{"SET GLOBAL max_connections = 5", mariadbtest.Result{Warnings: []mariadbtest.Warning{
			warning(1292, "Truncated incorrect max_connections value: '5'")}}, "10"},
		// A table-less statement without conditions: the warning above
		// is still in the server's list, but not this statement's.
		{"SET GLOBAL max_connections = 151", mariadbtest.Result{}, "151"},
		{"SET GLOBAL no_such_var = 1", serverError(1193, "HY000", "Unknown system variable 'no_such_var'"), "151"},
		{"SET GLOBAL max_connections = 0", mariadbtest.Result{Warnings: []mariadbtest.Warning{
			warning(1292, "Truncated incorrect max_connections value: '0'")}}, "10"},
		{"SET GLOBAL max_connections = 151", mariadbtest.Result{}, "151"},
		{"SET SESSION sql_mode = 'STRICT_ALL_TABLES'", mariadbtest.Result{}, ""},
		{"SET GLOBAL max_connections = 0",
			serverError(1231, "42000", "Variable 'max_connections' can't be set to the value of '0'"), "151"},
		{"SET SESSION sql_mode = DEFAULT", mariadbtest.Result{}, ""},
		// Several conditions, in order; a SELECT reports warnings too.
		{"SELECT 1/0, CAST('x' AS SIGNED)", mariadbtest.Result{Warnings: []mariadbtest.Warning{
			warning(1365, "Division by 0"),
			warning(1292, "Truncated incorrect INTEGER value: 'x'")}}, ""},
	}
	for _, step := range steps {
		got := s.Exec(step.stmt)
		assert.Equal(t, step.want, got, "%s\ngot: %s", step.stmt, got)
		if step.max != "" {
			assert.Equal(t, step.max, value(t, s, "SELECT @@global.max_connections"), "after %s", step.stmt)
		}
	}

	// Query reports the same diagnostics.
	res, rows := s.Query("SELECT @@global.no_such_var")
	assert.Equal(t, serverError(1193, "HY000", "Unknown system variable 'no_such_var'"), res)
	assert.Empty(t, rows.Values)
	assert.Equal(t, "ERROR 1193 (HY000): Unknown system variable 'no_such_var'\nError 1193 Unknown system variable 'no_such_var'", res.String())
}

// TestInstallCorpusPlugin installs a real plugin from Debian's corpus into
// the real server, sets one of its variables and uninstalls it (reference
// §1 and §5.3, simple_password_check).
func TestInstallCorpusPlugin(t *testing.T) {
	t.Parallel()
	pluginDir := filepath.Join(testbuild.CorpusDir(t), "plugins", "server")
	srv := mariadbtest.Start(t, mariadbtest.WithArgs("--plugin-dir="+pluginDir))
	s := srv.Session(t)
	assert.Equal(t, pluginDir+"/", value(t, s, "SELECT @@plugin_dir"))

	const plugins = "SELECT PLUGIN_NAME, PLUGIN_STATUS, PLUGIN_TYPE, PLUGIN_LIBRARY FROM information_schema.PLUGINS WHERE PLUGIN_LIBRARY IS NOT NULL"
	const vars = "SHOW GLOBAL VARIABLES LIKE 'simple_password_check%'"
	const length = "SELECT @@global.simple_password_check_minimal_length"

	require.Equal(t, mariadbtest.Result{}, s.Exec("INSTALL SONAME 'simple_password_check'"))
	res, rows := s.Query(plugins)
	require.Equal(t, mariadbtest.Result{}, res)
	assert.Equal(t, [][]string{{"simple_password_check", "ACTIVE", "PASSWORD VALIDATION", "simple_password_check.so"}}, rows.Strings())
	res, rows = s.Query(vars)
	require.Equal(t, mariadbtest.Result{}, res)
	assert.Equal(t, [][]string{
		{"simple_password_check_digits", "1"},
		{"simple_password_check_letters_same_case", "1"},
		{"simple_password_check_minimal_length", "8"},
		{"simple_password_check_other_characters", "1"},
	}, rows.Strings())

	// Above the maximum (1000): clamped with a warning whose variable name
	// is cut short; an error in strict mode.
	assert.Equal(t, mariadbtest.Result{Warnings: []mariadbtest.Warning{
		warning(1292, "Truncated incorrect simple_password_check_minimal... value: '2000'")}},
		s.Exec("SET GLOBAL simple_password_check_minimal_length = 2000"))
	assert.Equal(t, "1000", value(t, s, length))
	require.Equal(t, mariadbtest.Result{}, s.Exec("SET GLOBAL simple_password_check_minimal_length = DEFAULT"))
	require.Equal(t, mariadbtest.Result{}, s.Exec("SET SESSION sql_mode = 'STRICT_ALL_TABLES'"))
	assert.Equal(t, serverError(1231, "42000", "Variable 'simple_password_check_minimal_length' can't be set to the value of '2000'"),
		s.Exec("SET GLOBAL simple_password_check_minimal_length = 2000"))
	assert.Equal(t, "8", value(t, s, length))
	// The plugin's check raises values below digits + 2*letters_same_case
	// + other_characters, also in strict mode.
	assert.Equal(t, mariadbtest.Result{Warnings: []mariadbtest.Warning{
		warning(1292, "Adjusted the value of simple_password_check_minimal_length from 0 to 4")}},
		s.Exec("SET GLOBAL simple_password_check_minimal_length = 0"))
	assert.Equal(t, "4", value(t, s, length))

	require.Equal(t, mariadbtest.Result{}, s.Exec("UNINSTALL SONAME 'simple_password_check'"))
	res, rows = s.Query(plugins)
	require.Equal(t, mariadbtest.Result{}, res)
	assert.Empty(t, rows.Values)
	res, _ = s.Query(length)
	assert.Equal(t, serverError(1193, "HY000", "Unknown system variable 'simple_password_check_minimal_length'"), res)

	assert.NotContains(t, srv.ErrorLogText(t), "[ERROR]")
}

// recorder stands in for the test in Start, to check how Start fails: it
// records failures instead of failing, and runs its cleanups on demand.
type recorder struct {
	testing.TB // the real test, for logging
	mu         sync.Mutex
	failures   []string
	cleanups   []func()
}

func (r *recorder) Helper()                        {}
func (r *recorder) Cleanup(f func())               { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Error(args ...any)              { r.record(fmt.Sprint(args...)) }
func (r *recorder) Errorf(format string, a ...any) { r.record(fmt.Sprintf(format, a...)) }
func (r *recorder) Fail()                          { r.record("Fail") }
func (r *recorder) FailNow() {
	if !r.Failed() {
		r.record("FailNow")
	}
	runtime.Goexit()
}
func (r *recorder) Fatal(args ...any) { r.Error(args...); runtime.Goexit() }
func (r *recorder) Fatalf(format string, a ...any) {
	r.Errorf(format, a...)
	runtime.Goexit()
}

func (r *recorder) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.failures) > 0
}

func (r *recorder) record(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures = append(r.failures, msg)
}

// run calls f as a test body on its own goroutine (a Fatal ends it), then
// the cleanups f registered, as the testing package would.
func (r *recorder) run(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

var serverDir = regexp.MustCompile(`--socket=(\S+)/s `)

// TestStartFailure: a server that does not start fails the test with the
// tail of its error log, and leaves neither a process nor files behind.
func TestStartFailure(t *testing.T) {
	t.Parallel()
	r := &recorder{TB: t}
	r.run(func() {
		mariadbtest.Start(r, mariadbtest.WithArgs("--no-such-option"))
		t.Error("Start returned")
	})
	require.Len(t, r.failures, 1, "%q", r.failures)
	msg := r.failures[0]
	assert.Contains(t, msg, "exited during start-up")
	assert.Contains(t, msg, "unknown option '--no-such-option'")
	assert.Contains(t, msg, "--- tail of ")

	m := serverDir.FindStringSubmatch(msg)
	require.NotNil(t, m, msg)
	assert.NoDirExists(t, m[1])
	m = regexp.MustCompile(`mariadbd pid (\d+) `).FindStringSubmatch(msg)
	require.NotNil(t, m, msg)
	pid, err := strconv.Atoi(m[1])
	require.NoError(t, err)
	assert.ErrorIs(t, syscall.Kill(pid, 0), syscall.ESRCH, "mariadbd pid %d still exists", pid)
}

// TestServerExit: a server that exits before the end of the test (here it
// is killed, as by a crash) fails the test when it ends.
func TestServerExit(t *testing.T) {
	t.Parallel()
	r := &recorder{TB: t}
	var srv *mariadbtest.Server
	r.run(func() {
		srv = mariadbtest.Start(r)
		require.NoError(r, syscall.Kill(srv.PID, syscall.SIGKILL))
		// Gone (and reaped) before the cleanups run.
		require.Eventually(r, func() bool { return errors.Is(syscall.Kill(srv.PID, 0), syscall.ESRCH) },
			30*time.Second, 10*time.Millisecond)
	})
	require.NotNil(t, srv, "%q", r.failures)
	require.Len(t, r.failures, 1, "%q", r.failures)
	assert.Contains(t, r.failures[0], fmt.Sprintf("mariadbd pid %d exited before the end of the test: signal: killed", srv.PID))
	assert.NoDirExists(t, filepath.Dir(srv.Socket))
	_, err := os.Stat(srv.ErrorLog)
	assert.ErrorIs(t, err, os.ErrNotExist)
}
