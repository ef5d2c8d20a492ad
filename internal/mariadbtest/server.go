package mariadbtest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/require"
)

// The Debian binaries the harness runs.
const (
	mariadbdPath      = "/usr/sbin/mariadbd"          // mariadb-server-core
	installDBPath     = "/usr/bin/mariadb-install-db" // mariadb-server-core
	printDefaultsPath = "/usr/bin/my_print_defaults"  // mariadb-client-core, run by mariadb-install-db
	installHint       = "run make test (scripts/deps.sh test installs mariadb-server-core)"
	printDefaultsHint = "run make test (scripts/deps.sh test installs mariadb-client-core)"
)

const (
	startTimeout     = 30 * time.Second // from exec to a successful ping
	stopTimeout      = 30 * time.Second // from SIGTERM to exit
	installTimeout   = 2 * time.Minute  // mariadb-install-db
	statementTimeout = time.Minute      // one Session statement
	pingTimeout      = time.Second      // one readiness ping
	pingInterval     = 20 * time.Millisecond
	startAttempts    = 3   // a free port can be taken before mariadbd binds it
	maxSocketPath    = 107 // sizeof(sun_path) - 1
	logTailLines     = 40
)

// Option configures Start.
type Option func(*config)

type config struct {
	args []string
}

// WithArgs appends mariadbd options after the harness's own, for example
// "--plugin-dir=/x", "--plugin-maturity=unknown" or "--plugin-load-add=x.so".
// mariadbd applies options in order, so a later one overrides an earlier
// one of the same name.
func WithArgs(args ...string) Option {
	return func(c *config) { c.args = append(c.args, args...) }
}

// Server is a running mariadbd that belongs to one test.
type Server struct {
	// DB is a pool of root connections over the unix socket, no default
	// database. Each pooled connection is its own server session; use
	// Session for statements that depend on session state or warnings.
	DB *sql.DB
	// DSN is the go-sql-driver/mysql data source name DB was opened with,
	// for clients that open their own connections.
	DSN      string
	PID      int    // of the mariadbd process
	Socket   string // unix socket path
	Port     int    // TCP port on 127.0.0.1
	ErrorLog string // the --log-error file
	Datadir  string // a copy of the template, the server's own

	dir       string   // temporary directory holding everything above
	owner     *os.File // locks dir against removal by sweepStale
	connector driver.Connector
	proc      *process
	failed    bool // Start reported the failure (with the log tail) already
}

// process is one exec of mariadbd.
type process struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has been reaped
	err    error         // cmd.Wait's result, set before exited is closed
}

// Start starts a private mariadbd for the calling test and stops it when
// the test ends (also when it fails or panics). It fails the test, with the
// tail of the error log, when the server does not start.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	requireInstalled(t)
	var c config
	for _, o := range opts {
		o(&c)
	}

	tpl, made, err := templateDatadir()
	require.NoError(t, err, "mariadbtest: datadir template")
	if made > 0 {
		t.Logf("mariadbtest: datadir template made in %v", made.Round(time.Millisecond))
	}

	dir, owner, err := ownedTempDir()
	require.NoError(t, err, "mariadbtest: server directory")
	s := &Server{
		dir:      dir,
		owner:    owner,
		Socket:   filepath.Join(dir, "s"),
		ErrorLog: filepath.Join(dir, "error.log"),
		Datadir:  filepath.Join(dir, "data"),
	}
	t.Cleanup(func() { s.cleanup(t) })
	if len(s.Socket) > maxSocketPath {
		s.failed = true
		t.Fatalf("mariadbtest: socket path %s is longer than %d bytes: set TMPDIR to a shorter directory", s.Socket, maxSocketPath)
	}
	require.NoError(t, os.Mkdir(filepath.Join(dir, "tmp"), 0o700))

	cfg := mysql.NewConfig()
	cfg.User = "root"
	cfg.Net = "unix"
	cfg.Addr = s.Socket
	cfg.Timeout = 5 * time.Second
	cfg.MultiStatements = false
	cfg.InterpolateParams = false
	// Errors reach the caller; the driver's own log lines (a broken pipe
	// when a server exited) would only be noise on stderr.
	cfg.Logger = log.New(io.Discard, "", 0)
	// No Params, no charset, no sql_mode: the driver sends nothing after
	// the handshake, so sessions start with the server's defaults.
	s.DSN = cfg.FormatDSN()
	s.connector, err = mysql.NewConnector(cfg)
	require.NoError(t, err)
	s.DB = sql.OpenDB(s.connector)

	for attempt := 1; ; attempt++ {
		began := time.Now()
		// A retry starts afresh: datadir and logs of the failed attempt go.
		for _, p := range []string{s.Datadir, s.ErrorLog, filepath.Join(dir, "stderr")} {
			if err := os.RemoveAll(p); err != nil {
				s.fatal(t, "mariadbtest: %v", err)
			}
		}
		if err := copyTree(s.Datadir, tpl); err != nil {
			s.fatal(t, "mariadbtest: copy datadir template: %v", err)
		}
		copied := time.Since(began)
		port, err := freePort()
		if err != nil {
			s.fatal(t, "mariadbtest: free port: %v", err)
		}
		if err := s.launch(port, c.args); err != nil {
			s.fatal(t, "mariadbtest: %s: %v", mariadbdPath, err)
		}
		err = s.waitReady()
		if err == nil {
			t.Logf("mariadbtest: mariadbd pid %d ready on %s and 127.0.0.1:%d in %v (datadir copy %v)",
				s.PID, s.Socket, s.Port, time.Since(began).Round(time.Millisecond), copied.Round(time.Millisecond))
			return s
		}
		if attempt < startAttempts && s.exited() && strings.Contains(s.readErrorLog(), "Address already in use") {
			t.Logf("mariadbtest: port %d was taken before mariadbd bound it; retrying", port)
			continue
		}
		s.fatal(t, "mariadbtest: mariadbd pid %d (%s): %v", s.PID, strings.Join(s.proc.cmd.Args[1:], " "), err)
	}
}

// fatal fails the test with the tail of the server's logs.
func (s *Server) fatal(t testing.TB, format string, args ...any) {
	t.Helper()
	s.failed = true
	t.Fatalf(format+"\n%s", append(args, s.logTail())...)
}

// launch execs mariadbd on port; the process is reaped by a goroutine.
func (s *Server) launch(port int, extra []string) error {
	args := []string{"--no-defaults"} // must come first
	if os.Geteuid() == 0 {
		args = append(args, "--user=root")
	}
	args = append(args,
		"--datadir="+s.Datadir,
		"--socket="+s.Socket,
		"--port="+strconv.Itoa(port),
		"--bind-address=127.0.0.1",
		"--skip-name-resolve",
		"--pid-file="+filepath.Join(s.dir, "mariadbd.pid"),
		"--log-error="+s.ErrorLog,
		"--tmpdir="+filepath.Join(s.dir, "tmp"),
	)
	args = append(args, extra...)

	// Anything mariadbd prints before it opens --log-error goes here.
	out, err := os.OpenFile(filepath.Join(s.dir, "stderr"), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer out.Close()
	cmd := exec.Command(mariadbdPath, args...)
	cmd.Stdout = out
	cmd.Stderr = out
	// If the test binary dies (a test timeout does not run cleanups), the
	// kernel kills the server.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}

	p := &process{cmd: cmd, exited: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		// The parent-death signal follows the thread that forked, not the
		// process: keep this goroutine on that thread until the server has
		// been reaped.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		p.err = cmd.Wait()
		close(p.exited)
	}()
	if err := <-started; err != nil {
		return err
	}
	s.proc = p
	s.PID = cmd.Process.Pid
	s.Port = port
	return nil
}

// waitReady pings over the socket until the server answers, exits, or
// startTimeout passes.
func (s *Server) waitReady() error {
	deadline := time.Now().Add(startTimeout)
	for {
		if s.exited() {
			return fmt.Errorf("exited during start-up: %v", s.proc.err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), pingTimeout)
		err := s.DB.PingContext(ctx)
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer on %s within %v: %w", s.Socket, startTimeout, err)
		}
		time.Sleep(pingInterval)
	}
}

func (s *Server) exited() bool {
	if s.proc == nil {
		return true
	}
	select {
	case <-s.proc.exited:
		return true
	default:
		return false
	}
}

// cleanup stops the server and removes its directory.
func (s *Server) cleanup(t testing.TB) {
	t.Helper()
	if s.DB != nil {
		_ = s.DB.Close()
	}
	s.stop(t)
	if t.Failed() && !s.failed {
		t.Logf("mariadbtest: mariadbd pid %d logs:\n%s", s.PID, s.logTail())
	}
	if err := os.RemoveAll(s.dir); err != nil {
		t.Errorf("mariadbtest: %v", err)
	}
	_ = s.owner.Close()
}

// stop sends SIGTERM to the server's own process and waits for it to exit;
// after stopTimeout it kills it and fails the test. A server that exited
// before (crashed) or that exits with an error fails the test too.
func (s *Server) stop(t testing.TB) {
	t.Helper()
	p := s.proc
	if p == nil {
		return
	}
	exitedEarly := func() {
		<-p.exited
		if !s.failed {
			s.failed = true
			t.Errorf("mariadbtest: mariadbd pid %d exited before the end of the test: %v\n%s", s.PID, p.err, s.logTail())
		}
	}
	if s.exited() {
		exitedEarly()
		return
	}
	began := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); errors.Is(err, os.ErrProcessDone) {
		exitedEarly() // reaped, but the reaping goroutine had not said so yet
		return
	} else if err != nil {
		t.Errorf("mariadbtest: SIGTERM to mariadbd pid %d: %v", s.PID, err)
	}
	timer := time.NewTimer(stopTimeout)
	defer timer.Stop()
	select {
	case <-p.exited:
	case <-timer.C:
		_ = p.cmd.Process.Kill()
		<-p.exited
		s.failed = true
		t.Errorf("mariadbtest: mariadbd pid %d did not stop within %v of SIGTERM and was killed\n%s", s.PID, stopTimeout, s.logTail())
		return
	}
	if p.err != nil && !s.failed {
		s.failed = true
		t.Errorf("mariadbtest: mariadbd pid %d stopped with %v after SIGTERM\n%s", s.PID, p.err, s.logTail())
		return
	}
	t.Logf("mariadbtest: mariadbd pid %d stopped in %v", s.PID, time.Since(began).Round(time.Millisecond))
}

// ErrorLogText returns the server's error log as it is now.
func (s *Server) ErrorLogText(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(s.ErrorLog)
	require.NoError(t, err, "mariadbtest: error log")
	return string(b)
}

func (s *Server) readErrorLog() string {
	b, _ := os.ReadFile(s.ErrorLog)
	return string(b)
}

// logTail is the end of the error log and whatever mariadbd printed
// before it opened the error log.
func (s *Server) logTail() string {
	var b strings.Builder
	fmt.Fprintf(&b, "--- tail of %s\n%s", s.ErrorLog, tail(s.readErrorLog(), logTailLines))
	if out, _ := os.ReadFile(filepath.Join(s.dir, "stderr")); len(out) > 0 {
		fmt.Fprintf(&b, "\n--- mariadbd stderr\n%s", tail(string(out), logTailLines))
	}
	return b.String()
}

// tail returns the last n lines of text.
func tail(text string, n int) string {
	text = strings.TrimRight(text, "\n")
	if text == "" {
		return "(empty)"
	}
	lines := strings.Split(text, "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("[... %d lines]", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// requireInstalled fails the test when a Debian binary is missing.
func requireInstalled(t testing.TB) {
	t.Helper()
	for _, p := range []string{mariadbdPath, installDBPath} {
		if !executable(p) {
			t.Fatal("mariadbd not installed: " + installHint)
		}
	}
	if !executable(printDefaultsPath) {
		t.Fatal("my_print_defaults not installed (mariadb-install-db needs it): " + printDefaultsHint)
	}
}

func executable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// template is the datadir every server copies: made once per test binary
// by mariadb-install-db and never started.
var template struct {
	once    sync.Once
	datadir string
	owner   *os.File // held while the test binary runs
	err     error
}

// templateDatadir returns the template datadir, making it on first use;
// made is how long that took, zero when it existed already.
func templateDatadir() (datadir string, made time.Duration, err error) {
	template.once.Do(func() {
		began := time.Now()
		sweepStale()
		dir, owner, err := ownedTempDir()
		if err != nil {
			template.err = err
			return
		}
		template.owner = owner
		installed := filepath.Join(dir, "installed")
		args := []string{"--no-defaults"} // must come first
		if os.Geteuid() == 0 {
			args = append(args, "--user=root")
		}
		args = append(args,
			"--datadir="+installed,
			"--auth-root-authentication-method=normal", // root@localhost, no password
			"--skip-test-db",
			"--skip-name-resolve",
		)
		ctx, cancel := context.WithTimeout(context.Background(), installTimeout)
		defer cancel()
		out, err := exec.CommandContext(ctx, installDBPath, args...).CombinedOutput()
		if err != nil {
			template.err = fmt.Errorf("%s %s: %v\n%s", installDBPath, strings.Join(args, " "), err, tail(string(out), logTailLines))
			_ = os.RemoveAll(dir)
			return
		}
		// A sparse copy: the template then copies in milliseconds.
		data := filepath.Join(dir, "data")
		if err := copyTree(data, installed); err != nil {
			template.err = fmt.Errorf("datadir template: %w", err)
			_ = os.RemoveAll(dir)
			return
		}
		if err := os.RemoveAll(installed); err != nil {
			template.err = err
			return
		}
		template.datadir = data
		made = time.Since(began)
	})
	return template.datadir, made, template.err
}
