package loader_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/sysvar"
)

const (
	concSessions   = 64
	concStatements = 20
	concWatchdog   = 2 * time.Minute
)

// copyInto copies built artifacts into dir, so that a fixture and an
// example share one plugin_dir.
func copyInto(t *testing.T, dir string, rels ...string) {
	t.Helper()
	for _, rel := range rels {
		src, err := os.Open(testbuild.File(t, rel))
		require.NoError(t, err)
		dst, err := os.OpenFile(filepath.Join(dir, filepath.Base(rel)), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		require.NoError(t, err)
		_, err = io.Copy(dst, src)
		require.NoError(t, err)
		require.NoError(t, src.Close())
		require.NoError(t, dst.Close())
	}
}

// watchdog fails the test run, printing every goroutine's stack, when done
// is not closed within d: a deadlock ends the run instead of hanging it.
// t.Fatal cannot stop a test blocked on a lock, so it panics.
func watchdog(done <-chan struct{}, d time.Duration) {
	select {
	case <-done:
	case <-time.After(d):
		buf := make([]byte, 8<<20)
		buf = buf[:runtime.Stack(buf, true)]
		fmt.Fprintf(os.Stderr, "watchdog: work not finished after %v (deadlock?); all goroutines:\n%s\n", d, buf)
		panic("watchdog: deadlock")
	}
}

var (
	probeLine = regexp.MustCompile(`^probe_all ev (\d+) (\d+) .*\bid=(\d+)\b`)
	probeTok  = regexp.MustCompile(`\bq_\d+_\d+\b`)
)

// TestConcurrentSessions: 64 goroutines, each with its own session, send
// audit events and set THD-local variables while others SET GLOBAL and
// read SHOW STATUS (run with -race). No call fails, each session reads
// back only its own values, and the audit probe records every event
// exactly once.
func TestConcurrentSessions(t *testing.T) {
	tr := trace(t)
	dir := t.TempDir()
	copyInto(t, dir, "cplugins/fixtures/audit_probe.so", "cplugins/examples/example_daemon.so")
	h, err := loader.NewHost(loader.WithPluginDir(dir))
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	_, err = h.InstallLibrary("audit_probe.so")
	require.NoError(t, err)
	_, err = h.Install("example_daemon", "example_daemon.so")
	require.NoError(t, err)

	finished := make(chan struct{})
	go watchdog(finished, concWatchdog)
	defer close(finished)

	var (
		workers  sync.WaitGroup
		others   sync.WaitGroup
		stop     atomic.Bool
		errs     = make(chan error, 4*concSessions)
		ids      = make([]uint64, concSessions)
		sets     atomic.Int64
		showings atomic.Int64
	)
	fail := func(format string, a ...any) { errs <- fmt.Errorf(format, a...) }

	for g := range concSessions {
		workers.Add(1)
		go func() {
			defer workers.Done()
			s, err := h.NewSession()
			if err != nil {
				fail("session %d: %v", g, err)
				return
			}
			defer s.Close()
			ids[g] = s.ID()
			s.SetUser(fmt.Sprintf("u%02d", g), "localhost", "127.0.0.1")
			if err := s.Connect(); err != nil {
				fail("session %d: connect: %v", g, err)
				return
			}
			for i := range concStatements {
				tok := fmt.Sprintf("q_%d_%d", g, i)
				long := int64(g*1000 + i)
				if _, err := h.SetVariable(s, sysvar.ScopeSession, "example_daemon_thd_str", sysvar.StringValue(tok)); err != nil {
					fail("session %d: set thd_str: %v", g, err)
					return
				}
				if _, err := h.SetVariable(s, sysvar.ScopeSession, "example_daemon_thd_long", sysvar.IntValue(long)); err != nil {
					fail("session %d: set thd_long: %v", g, err)
					return
				}
				st := loader.Statement{Query: "SELECT " + tok}
				if err := s.StartQuery(st); err != nil {
					fail("session %d: start query: %v", g, err)
					return
				}
				s.EndQuery(st, 0, "", 1)
				// Another session's SET never shows in this one.
				if v, ok, err := h.GetVariable(s, sysvar.ScopeSession, "example_daemon_thd_str"); err != nil || !ok || v != tok {
					fail("session %d: thd_str = %q, %v, %v; want %q", g, v, ok, err, tok)
					return
				}
				if v, ok, err := h.GetVariable(s, sysvar.ScopeSession, "example_daemon_thd_long"); err != nil || !ok || v != strconv.FormatInt(long, 10) {
					fail("session %d: thd_long = %q, %v, %v; want %d", g, v, ok, err, long)
					return
				}
			}
			s.Disconnect()
		}()
	}
	for o := range 4 {
		others.Add(1)
		go func() {
			defer others.Done()
			for n := 0; !stop.Load(); n++ {
				if o%2 == 0 {
					if _, err := h.SetVariable(nil, sysvar.ScopeGlobal, "example_daemon_long_var", sysvar.IntValue(int64(n%100000))); err != nil {
						fail("SET GLOBAL long_var: %v", err)
						return
					}
					if _, err := h.SetVariable(nil, sysvar.ScopeGlobal, "example_daemon_str_var", sysvar.StringValue(fmt.Sprintf("g%d", n))); err != nil {
						fail("SET GLOBAL str_var: %v", err)
						return
					}
					sets.Add(2)
				} else {
					rows, err := h.ShowStatus(nil, "example_daemon%")
					if err != nil || len(rows) == 0 {
						fail("SHOW STATUS: %d rows, %v", len(rows), err)
						return
					}
					showings.Add(1)
				}
			}
		}()
	}
	workers.Wait()
	stop.Store(true)
	others.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	require.False(t, t.Failed())
	t.Logf("%d sessions x %d statements; %d SET GLOBAL and %d SHOW STATUS alongside", concSessions, concStatements, sets.Load(), showings.Load())
	assert.Positive(t, sets.Load())
	assert.Positive(t, showings.Load())

	// Count what the probe recorded, per session, class/subclass and
	// statement token.
	type key struct {
		id  uint64
		ev  string
		tok string
	}
	counts := map[key]int{}
	conn := map[string]int{}
	for _, l := range tr() {
		if m := probeLine.FindStringSubmatch(l); m != nil {
			id, err := strconv.ParseUint(m[3], 10, 64)
			require.NoError(t, err)
			counts[key{id, m[1] + "/" + m[2], probeTok.FindString(l)}]++
		} else if len(l) > len("probe_conn ev ") && l[:len("probe_conn ev ")] == "probe_conn ev " {
			conn[l[len("probe_conn ev "):]]++
		}
	}
	want := map[key]int{}
	for g, id := range ids {
		want[key{id, "1/8", ""}] = 1 // PRE_AUTHENTICATE
		want[key{id, "1/1", ""}] = 1 // CONNECT
		want[key{id, "1/2", ""}] = 1 // DISCONNECT
		want[key{id, "8/1", ""}] = concStatements
		want[key{id, "8/2", ""}] = concStatements
		for i := range concStatements {
			tok := fmt.Sprintf("q_%d_%d", g, i)
			for _, ev := range []string{"0/1", "9/1", "9/4", "0/4", "0/8"} {
				want[key{id, ev, tok}] = 1
			}
		}
		user := fmt.Sprintf("u%02d", g)
		assert.Equal(t, 1, conn["1 1 "+user], "probe_conn CONNECT of %s", user)
		assert.Equal(t, 1, conn["1 2 "+user], "probe_conn DISCONNECT of %s", user)
	}
	assert.Len(t, conn, 2*concSessions)
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("session %d event %s %s: delivered %d times, want %d", k.id, k.ev, k.tok, counts[k], n)
		}
	}
	for k, n := range counts {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected event: session %d event %s %s (%d times)", k.id, k.ev, k.tok, n)
		}
	}
}
