package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
)

// openPTY opens a pseudo-terminal pair: the master the test types into and
// the slave the shell sees as its terminal.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	unlock := int32(0)
	require.NoError(t, ioctl(m.Fd(), syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)))
	var n uint32
	require.NoError(t, ioctl(m.Fd(), syscall.TIOCGPTN, unsafe.Pointer(&n)))
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	return m, s
}

// screen collects what the shell writes to the terminal.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// waitFor waits until the output after offset from holds want and returns
// the new offset.
func (s *screen) waitFor(t *testing.T, from int, want string) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		out := s.String()
		if i := strings.Index(out[from:], want); i >= 0 {
			return from + i + len(want)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("the terminal never showed %q; it shows:\n%s", want, s.String()[from:])
	return 0
}

// TestShellTerminal drives the interactive shell through a pseudo-terminal
// as a user would: a typo fixed with the arrow keys and backspace, a
// statement run, the previous one recalled with up-arrow, ctrl-D to leave.
func TestShellTerminal(t *testing.T) {
	dir := filepath.Dir(testbuild.File(t, "cplugins/examples/example_daemon.so"))
	hist := filepath.Join(t.TempDir(), "history")
	t.Setenv("MYPLUGLOAD_HISTFILE", hist)
	master, slave := openPTY(t)
	defer master.Close()

	old := shellStdin
	shellStdin = slave
	defer func() { shellStdin = old }()

	var scr screen
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		b := make([]byte, 4096)
		for {
			n, err := master.Read(b)
			scr.mu.Lock()
			scr.buf.Write(b[:n])
			scr.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	exit := make(chan int, 1)
	go func() {
		exit <- run([]string{"shell", "--plugin-dir", dir}, slave, slave)
	}()
	typeKeys := func(s string) {
		_, err := master.WriteString(s)
		require.NoError(t, err)
	}

	at := scr.waitFor(t, 0, "myplugload> ")
	// "SHOW PLUGNS": two lefts, insert the missing I, End, ";", Enter.
	typeKeys("SHOW PLUGNS")
	at = scr.waitFor(t, at, "PLUGNS")
	typeKeys("\x1b[D\x1b[DI\x1b[F;\r")
	at = scr.waitFor(t, at, "Empty set")
	at = scr.waitFor(t, at, "myplugload> ")
	// A statement over two lines, with a typo removed by backspace.
	typeKeys("INSTALL SONAME\r")
	at = scr.waitFor(t, at, "    -> ")
	typeKeys("'example_daemonx\x7f.so';\r")
	at = scr.waitFor(t, at, "Query OK, 0 rows affected")
	at = scr.waitFor(t, at, "myplugload> ")
	// Up twice recalls SHOW PLUGINS.
	typeKeys("\x1b[A\x1b[A\r")
	at = scr.waitFor(t, at, "| example_daemon | ACTIVE | DAEMON | example_daemon.so | GPL     |")
	at = scr.waitFor(t, at, "myplugload> ")
	typeKeys("SET GLOBAL nope = 1;\r")
	at = scr.waitFor(t, at, "ERROR 1193 (HY000): Unknown system variable 'nope'")
	at = scr.waitFor(t, at, "myplugload> ")
	typeKeys("\x04") // ctrl-D
	select {
	case code := <-exit:
		assert.Equal(t, exitOK, code)
	case <-time.After(10 * time.Second):
		t.Fatal("the shell did not exit on ctrl-D")
	}
	scr.waitFor(t, at, "Bye")
	slave.Close()
	<-readDone

	data, err := os.ReadFile(hist)
	require.NoError(t, err)
	assert.Equal(t, "SHOW PLUGINS;\nINSTALL SONAME\\n'example_daemon.so';\nSHOW PLUGINS;\nSET GLOBAL nope = 1;\n", string(data))
}
