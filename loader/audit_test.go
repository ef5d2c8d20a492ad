package loader_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/sysvar"
)

// events returns the trace lines of plugin's events, without the plugin
// name: "<class> <subclass> <fields>".
func events(lines []string, plugin string) []string {
	var out []string
	for _, l := range lines {
		if rest, ok := strings.CutPrefix(l, plugin+" ev "); ok {
			out = append(out, rest)
		}
	}
	return out
}

// classes reduces events to "<class>/<subclass>".
func classes(evs []string) []string {
	var out []string
	for _, e := range evs {
		f := strings.Fields(e)
		out = append(out, f[0]+"/"+f[1])
	}
	return out
}

// probeHost starts a MySQL 8.0 host over the fixtures with the libraries
// installed (INSTALL SONAME).
func probeHost(t *testing.T, libs ...string) *loader.Host {
	t.Helper()
	h, _ := newHost(t)
	for _, lib := range libs {
		_, err := h.InstallLibrary(lib)
		require.NoError(t, err, lib)
	}
	return h
}

func auditSession(t *testing.T, h *loader.Host, user string) *loader.Session {
	t.Helper()
	s, err := h.NewSession()
	require.NoError(t, err)
	t.Cleanup(s.Close)
	s.SetUser(user, "localhost", "127.0.0.1")
	s.SetDB("shop")
	return s
}

// TestAuditMySQLAPI drives the MySQL 0x0401 probes through a statement's
// life in the MySQL 8.0 profile: which events arrive, in which order, with
// which fields, and who may refuse them.
func TestAuditMySQLAPI(t *testing.T) {
	tr := trace(t)
	h := probeHost(t, "audit_probe.so")

	s := auditSession(t, h, "alice")
	require.NoError(t, s.Connect())
	st := loader.Statement{Query: "SELECT * FROM t", SQLCommand: 0, SQLCommandName: "select"}
	require.NoError(t, s.StartQuery(st))
	require.NoError(t, s.Table(loader.TableRead, "shop", "t"))
	s.EndQuery(st, 0, "", 3)
	s.Disconnect()

	all := events(tr(), "probe_all")
	id := s.ID()
	assert.Equal(t, []string{
		"1/8", "1/1", // PRE_AUTHENTICATE, CONNECT
		"8/1", "0/1", "9/1", // COMMAND START, GENERAL LOG, QUERY START
		"4/1",                      // TABLE_ACCESS READ
		"9/4", "0/4", "0/8", "8/2", // QUERY STATUS_END, RESULT, STATUS, COMMAND END
		"1/2", // DISCONNECT
	}, classes(all))
	assert.Equal(t, fmt.Sprintf("1 1 status=0 id=%d user=alice priv=alice host=localhost ip=127.0.0.1 db=shop type=1", id), all[1])
	assert.Equal(t, fmt.Sprintf("0 1 err=0 id=%d user=alice[alice] @ localhost [127.0.0.1] cmd=Query query=SELECT * FROM t host=localhost sqlcmd=select ip=127.0.0.1 rows=0", id), all[3])
	assert.Equal(t, fmt.Sprintf("9 1 status=0 id=%d sqlcmd=0 query=SELECT * FROM t", id), all[4])
	assert.Equal(t, fmt.Sprintf("4 1 id=%d sqlcmd=0 query=SELECT * FROM t db=shop table=t", id), all[5])
	assert.Contains(t, all[8], "rows=3")
	assert.Equal(t, fmt.Sprintf("8 1 status=0 id=%d command=3", id), all[2])

	// probe_conn subscribes to CONNECT and DISCONNECT only.
	assert.Equal(t, []string{"1/1", "1/2"}, classes(events(tr(), "probe_conn")))
}

// TestAuditRefusals: a MySQL-API plugin refusing an abortable event fails
// the operation with ER_AUDIT_API_ABORT naming the event and its return
// code; the error names the plugin; the other subscribers still get it.
func TestAuditRefusals(t *testing.T) {
	tr := trace(t)
	h := probeHost(t, "audit_probe.so")

	m := auditSession(t, h, "mallory")
	err := m.Connect()
	e := serverError(t, err, 3164, "Aborted by Audit API ('MYSQL_AUDIT_CONNECTION_CONNECT';1).", loader.ErrRefused)
	assert.Equal(t, "probe_all", e.Plugin)

	s := auditSession(t, h, "alice")
	require.NoError(t, s.Connect())
	bad := loader.Statement{Query: "SELECT forbidden"}
	err = s.StartQuery(bad)
	serverError(t, err, 3164, "Aborted by Audit API ('MYSQL_AUDIT_GENERAL_LOG';7).", loader.ErrRefused)
	// The refused statement's command still ends; no QUERY START.
	evs := classes(events(tr(), "probe_all"))
	assert.Equal(t, []string{"8/1", "0/1", "8/2"}, evs[len(evs)-3:])
	ok := loader.Statement{Query: "DELETE FROM secret", SQLCommand: 7}
	require.NoError(t, s.StartQuery(ok))
	err = s.Table(loader.TableDelete, "shop", "secret")
	serverError(t, err, 3164, "Aborted by Audit API ('MYSQL_AUDIT_TABLE_ACCESS_DELETE';3).", loader.ErrRefused)
	s.EndQuery(ok, 3164, "Aborted by Audit API ('MYSQL_AUDIT_TABLE_ACCESS_DELETE';3).", 0)

	// CHANGE_USER carries the new account.
	require.NoError(t, s.ChangeUser("bob", "10.0.0.2", "10.0.0.2"))
	all := events(tr(), "probe_all")
	assert.Equal(t, fmt.Sprintf("1 4 status=0 id=%d user=bob priv=bob host=10.0.0.2 ip=10.0.0.2 db=shop type=1", s.ID()), all[len(all)-1])

	conn := events(tr(), "probe_conn")
	// probe_conn, registered after probe_all, still got the refused CONNECT.
	assert.Equal(t, []string{"1 1 mallory", "1 1 alice"}, conn)
}

// TestAuditOtherClasses covers the classes beyond GENERAL and CONNECTION.
func TestAuditOtherClasses(t *testing.T) {
	tr := trace(t)
	h, _ := newHost(t, loader.WithPluginLoad("audit_probe.so"), loader.WithOptions("--loose-audit-probe-x=1"))
	s := auditSession(t, h, "alice")
	require.NoError(t, s.Connect())
	// Parse: PREPARSE may rewrite the query.
	q, err := s.Parse("SELECT rewrite_me", false)
	require.NoError(t, err)
	assert.Equal(t, "SELECT 42", q)
	q, err = s.Parse("SELECT 1", true)
	require.NoError(t, err)
	assert.Equal(t, "SELECT 1", q)
	st := loader.Statement{Query: "CALL shop.p()", SQLCommand: 74}
	require.NoError(t, s.StartQuery(st))
	require.NoError(t, s.StoredProgram("shop", "p"))
	s.EndQuery(st, 0, "", 0)
	require.NoError(t, s.Authentication(loader.AccountRename, loader.Account{User: "bob", Host: "%",
		NewUser: "rob", NewHost: "%", Plugin: "caching_sha2_password"}))
	require.NoError(t, s.Message("component", "producer", "hello", true))
	serverError(t, s.Message("component", "producer", "stop", false), 3164,
		"Aborted by Audit API ('MYSQL_AUDIT_MESSAGE_INTERNAL';9).", loader.ErrRefused)
	require.NoError(t, h.Flush(s, loader.FlushPrivileges, loader.FlushStatus))
	require.NoError(t, h.Close())

	all := events(tr(), "probe_all")
	find := func(prefix string) string {
		for _, e := range all {
			if strings.HasPrefix(e, prefix) {
				return e
			}
		}
		return ""
	}
	assert.Equal(t, "6 1 argc=2 argv0=myplugload", find("6 1"), "SERVER_STARTUP with the host's options")
	assert.Equal(t, "2 1 flags=0 query=SELECT rewrite_me", find("2 1"))
	assert.Equal(t, "2 2 flags=0 query=SELECT 1", find("2 2"))
	assert.Equal(t, fmt.Sprintf("10 1 id=%d db=shop name=p", s.ID()), find("10 1"))
	assert.Equal(t, fmt.Sprintf("11 8 status=0 id=%d user=bob host=%% plugin=caching_sha2_password role=0 new=rob@%%", s.ID()), find("11 8"))
	assert.Equal(t, fmt.Sprintf("11 1 status=0 id=%d user= host= plugin= role=0 new=@", s.ID()), find("11 1"), "FLUSH PRIVILEGES")
	assert.Equal(t, "12 2 component=component producer=producer message=hello", find("12 2"))
	assert.Equal(t, "7 1 exit=0 reason=0", find("7 1"), "SERVER_SHUTDOWN at Close")
}

// TestSessionAfterClose: a closed session's methods fail with ErrClosed
// or do nothing; none touches freed memory.
func TestSessionAfterClose(t *testing.T) {
	h := probeHost(t, "audit_probe.so", "good_multi.so")
	s, err := h.NewSession()
	require.NoError(t, err)
	s.Close()
	s.Close()
	s.SetUser("alice", "localhost", "127.0.0.1")
	s.SetDB("shop")
	require.ErrorIs(t, s.Connect(), loader.ErrClosed)
	require.ErrorIs(t, s.StartQuery(loader.Statement{Query: "SELECT 1"}), loader.ErrClosed)
	require.ErrorIs(t, s.Table(loader.TableRead, "shop", "t"), loader.ErrClosed)
	s.EndQuery(loader.Statement{Query: "SELECT 1"}, 0, "", 0)
	s.Disconnect()
	_, err = h.SetVariable(s, sysvar.ScopeGlobal, "multi_daemon_limit", sysvar.IntValue(5))
	require.ErrorIs(t, err, loader.ErrClosed)
	_, _, err = h.GetVariable(s, sysvar.ScopeGlobal, "multi_daemon_limit")
	require.ErrorIs(t, err, loader.ErrClosed)
	assert.Nil(t, h.ShowVariables(s, sysvar.ScopeSession, ""))
	assert.Empty(t, s.TakeConditions())
}

// TestAuditStartupRefused: a plugin refusing SERVER_STARTUP fails the
// host's start, as it aborts mysqld's; nothing stays loaded.
func TestAuditStartupRefused(t *testing.T) {
	tr := trace(t)
	_, err := loader.NewHost(loader.WithPluginDir(fixtureDir(t)), loader.WithPluginLoad("audit_probe.so"),
		loader.WithOptions("--loose-probe-refuse-startup"))
	serverError(t, err, 3164, "Aborted by Audit API ('MYSQL_AUDIT_SERVER_STARTUP_STARTUP';11).", loader.ErrRefused)
	evs := classes(events(tr(), "probe_all"))
	assert.Equal(t, []string{"6/1", "7/1"}, evs, "startup, then the shutdown of the aborted start")
}

// TestAuditGlobalVariable: SET GLOBAL and SELECT @@GLOBAL from a session
// raise GLOBAL_VARIABLE SET and GET; a refused SET changes nothing.
func TestAuditGlobalVariable(t *testing.T) {
	tr := trace(t)
	h := probeHost(t, "audit_probe.so", "good_multi.so")
	s := auditSession(t, h, "alice")
	before, _, err := h.GetVariable(s, sysvar.ScopeGlobal, "multi_daemon_limit")
	require.NoError(t, err)
	_, err = h.SetVariable(s, sysvar.ScopeGlobal, "multi_daemon_limit", sysvar.IntValue(4242))
	serverError(t, err, 3164, "Aborted by Audit API ('MYSQL_AUDIT_GLOBAL_VARIABLE_SET';5).", loader.ErrRefused)
	after, _, err := h.GetVariable(s, sysvar.ScopeGlobal, "multi_daemon_limit")
	require.NoError(t, err)
	assert.Equal(t, before, after)
	evs := events(tr(), "probe_all")
	require.Len(t, evs, 3)
	assert.Equal(t, fmt.Sprintf("5 1 id=%d sqlcmd=0 name=multi_daemon_limit value=%s", s.ID(), before), evs[0])
	assert.Equal(t, fmt.Sprintf("5 2 id=%d sqlcmd=0 name=multi_daemon_limit value=4242", s.ID()), evs[1])
}

// TestAudit57Generation: a 5.7-built plugin (11 class masks) never gets
// the 8.0-only classes.
func TestAudit57Generation(t *testing.T) {
	tr := trace(t)
	h := probeHost(t, "audit_probe_57.so")
	s := auditSession(t, h, "alice")
	require.NoError(t, s.Connect())
	require.NoError(t, s.Message("c", "p", "hello", true))
	require.NoError(t, s.Authentication(loader.AccountDrop, loader.Account{User: "bob", Host: "%"}))
	s.Disconnect()
	assert.Equal(t, []string{"1/8", "1/1", "1/2"}, classes(events(tr(), "probe_all")))
}

// TestAuditMariaDBAPI drives the MariaDB 0x0302 probe in the MariaDB
// profile: subclass indices, its own layouts, the TABLE class, and no
// MySQL-only classes.
func TestAuditMariaDBAPI(t *testing.T) {
	tr := trace(t)
	h, _ := newHost(t, loader.WithProfile(mysqlabi.MariaDB1011))
	_, err := h.InstallLibrary("audit_probe_maria")
	require.NoError(t, err)
	s := auditSession(t, h, "alice")
	require.NoError(t, s.Connect())
	st := loader.Statement{Query: "RENAME TABLE a TO b", SQLCommand: 64}
	require.NoError(t, s.StartQuery(st))
	require.NoError(t, s.Table(loader.TableRename, "shop", "a", loader.RenamedTo("shop", "b")))
	require.NoError(t, s.Table(loader.TableRead, "shop", "a"), "a MySQL-only class: nobody subscribes")
	s.EndQuery(st, 1146, "Table 'shop.a' doesn't exist", 0)
	s.Disconnect()
	id := s.ID()
	evs := events(tr(), "probe_maria")
	assert.Equal(t, []string{"1/0", "0/0", "15/3", "0/1", "0/2", "0/3", "1/1"}, classes(evs))
	assert.Equal(t, fmt.Sprintf("1 0 status=0 id=%d user=alice host=localhost ip=127.0.0.1 db=shop", id), evs[0])
	assert.Equal(t, fmt.Sprintf("0 0 err=0 id=%d user=alice[alice] @ localhost [127.0.0.1] cmd=Query query=RENAME TABLE a TO b qid=1 db=shop", id), evs[1])
	assert.Equal(t, fmt.Sprintf("15 3 id=%d user=alice db=shop table=a new=shop.b ro=0 qid=1", id), evs[2])
	assert.Equal(t, fmt.Sprintf("0 1 err=1146 id=%d user=alice[alice] @ localhost [127.0.0.1] cmd=Table 'shop.a' doesn't exist query=RENAME TABLE a TO b qid=1 db=shop", id), evs[3])
}

// TestAuditConcurrentSessions: many sessions send events at once (run
// with -race); each plugin sees every session's events with its own id.
func TestAuditConcurrentSessions(t *testing.T) {
	tr := trace(t)
	h := probeHost(t, "audit_probe.so")
	const n = 16
	var wg sync.WaitGroup
	ids := make(chan uint64, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := h.NewSession()
			if !assert.NoError(t, err) {
				return
			}
			defer s.Close()
			s.SetUser(fmt.Sprintf("user%d", i), "localhost", "127.0.0.1")
			assert.NoError(t, s.Connect())
			for j := 0; j < 10; j++ {
				st := loader.Statement{Query: fmt.Sprintf("SELECT %d", j)}
				assert.NoError(t, s.StartQuery(st))
				s.EndQuery(st, 0, "", 1)
			}
			s.Disconnect()
			ids <- s.ID()
		}()
	}
	wg.Wait()
	close(ids)
	conn := events(tr(), "probe_conn")
	assert.Len(t, conn, 2*n)
	all := events(tr(), "probe_all")
	for id := range ids {
		count := 0
		for _, e := range all {
			if strings.Contains(e, fmt.Sprintf(" id=%d ", id)) {
				count++
			}
		}
		assert.Equal(t, 2+10*7+1, count, "session %d", id)
	}
}
