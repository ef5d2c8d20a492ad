package loader_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/sysvar"
)

// corpusHost starts a MariaDB 10.11 host over the Debian corpus's server
// plugins, with its own data directory.
func corpusHost(t *testing.T, opts ...loader.Option) (*loader.Host, *observer.ObservedLogs, string) {
	t.Helper()
	dir := testbuild.CorpusDir(t)
	data := t.TempDir()
	core, logs := observer.New(zap.DebugLevel)
	opts = append([]loader.Option{
		loader.WithProfile(mysqlabi.MariaDB1011),
		loader.WithPluginDir(filepath.Join(dir, "plugins", "server")),
		loader.WithDataDir(data),
		loader.WithLogger(zap.New(core)),
	}, opts...)
	h, err := loader.NewHost(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	return h, logs, data
}

func getVar(t *testing.T, h *loader.Host, name string) string {
	t.Helper()
	vars := h.ShowVariables(nil, sysvar.ScopeGlobal, name)
	require.Len(t, vars, 1, name)
	return vars[0].Value
}

func setVar(t *testing.T, h *loader.Host, s *loader.Session, name string, v sysvar.Value) {
	t.Helper()
	w, err := h.SetVariable(s, sysvar.ScopeGlobal, name, v)
	require.NoError(t, err, name)
	assert.Empty(t, w, name)
}

func status(t *testing.T, h *loader.Host, like string) map[string]string {
	t.Helper()
	rows, err := h.ShowStatus(nil, like)
	require.NoError(t, err)
	out := map[string]string{}
	for _, r := range rows {
		out[r.Name] = r.Value
	}
	return out
}

// TestServerAuditRuns drives Debian's server_audit.so the way mariadbd
// does (reference §4), through its MariaDB declarations and through its
// MySQL-ABI ones.
func TestServerAuditRuns(t *testing.T) {
	for _, tc := range []struct {
		family   mysqlabi.Family
		queryIDs [2]string // the QUERY lines' query ids
	}{
		// MariaDB declarations: mode 0, query ids from the events.
		{mysqlabi.FamilyMaria, [2]string{"1", "2"}},
		// MySQL declarations: init is server_audit_init_mysql (mode 1),
		// query ids from the plugin's own counter.
		{mysqlabi.FamilyMySQL, [2]string{"1", "2"}},
	} {
		t.Run(string(tc.family), func(t *testing.T) {
			h, _, data := corpusHost(t, loader.WithDeclarations(tc.family),
				loader.WithPluginMaturity(mysqlabi.MaturityUnknown))
			_, err := h.InstallLibrary("server_audit")
			require.NoError(t, err)
			p, ok := h.Plugin("SERVER_AUDIT")
			require.True(t, ok)
			assert.Equal(t, "ACTIVE", p.Status)
			assert.Equal(t, tc.family, p.Plugin.Family)

			// Its defaults were written before init.
			assert.Equal(t, "file", getVar(t, h, "server_audit_output_type"))
			assert.Equal(t, "server_audit.log", getVar(t, h, "server_audit_file_path"))
			assert.Equal(t, "OFF", getVar(t, h, "server_audit_logging"))
			assert.Equal(t, "1024", getVar(t, h, "server_audit_query_log_limit"))

			// A string variable with the plugin's own check, which keeps
			// the value's buffer (val_str without a buffer).
			setVar(t, h, nil, "server_audit_incl_users", sysvar.StringValue("alice,bob"))
			assert.Equal(t, "alice,bob", getVar(t, h, "server_audit_incl_users"))
			setVar(t, h, nil, "server_audit_excl_users", sysvar.StringValue("mallory"))
			assert.Equal(t, "mallory", getVar(t, h, "server_audit_excl_users"))

			logFile := filepath.Join(data, "audit.log")
			setVar(t, h, nil, "server_audit_file_path", sysvar.StringValue(logFile))
			setVar(t, h, nil, "server_audit_logging", sysvar.StringValue("ON"))
			assert.Equal(t, "ON", getVar(t, h, "server_audit_logging"))

			s, err := h.NewSession()
			require.NoError(t, err)
			defer s.Close()
			s.SetUser("alice", "localhost", "127.0.0.1")
			s.SetDB("test")
			require.NoError(t, s.Connect())
			for _, st := range []loader.Statement{
				{Query: "SELECT 1 /* hello */", SQLCommand: 0},
				{Query: "CREATE USER bob IDENTIFIED BY 'secret'", SQLCommand: 81},
			} {
				require.NoError(t, s.StartQuery(st))
				s.EndQuery(st, 0, "", 0)
			}
			s.Disconnect()

			st := status(t, h, "server_audit%")
			assert.Equal(t, "ON", st["Server_audit_active"])
			assert.Equal(t, logFile, st["Server_audit_current_log"])
			assert.Equal(t, "0", st["Server_audit_writes_failed"])

			setVar(t, h, nil, "server_audit_logging", sysvar.StringValue("OFF"))
			b, err := os.ReadFile(logFile)
			require.NoError(t, err)
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			id := s.ID()
			want := []string{
				`CONNECT,test,,0`,
				`QUERY,test,'SELECT 1 /\* hello \*/',0`,
				`QUERY,test,'CREATE USER bob IDENTIFIED BY \*\*\*\*\*',0`,
				`DISCONNECT,test,,0`,
			}
			require.Len(t, lines, len(want), string(b))
			qid := []string{"0", tc.queryIDs[0], tc.queryIDs[1], "0"}
			for i, w := range want {
				re := regexp.MustCompile(`^\d{8} \d\d:\d\d:\d\d,[^,]+,alice,localhost,` +
					strconv.FormatUint(id, 10) + `,` + qid[i] + `,` + w + `$`)
				assert.Regexp(t, re, lines[i])
			}
			assert.NotContains(t, string(b), "secret")

			_, err = h.Uninstall("SERVER_AUDIT")
			require.NoError(t, err)
			_, ok = h.Plugin("SERVER_AUDIT")
			assert.False(t, ok)
			require.NoError(t, h.Close())
		})
	}
}

// TestSQLErrlogWritesErrors: sql_errlog.so (logger service) writes a line
// for a failing statement into sql_errors.log under the data directory.
func TestSQLErrlogWritesErrors(t *testing.T) {
	h, _, data := corpusHost(t, loader.WithPluginMaturity(mysqlabi.MaturityUnknown))
	_, err := h.InstallLibrary("sql_errlog")
	require.NoError(t, err)
	s, err := h.NewSession()
	require.NoError(t, err)
	defer s.Close()
	s.SetUser("alice", "localhost", "127.0.0.1")
	s.SetDB("test")
	require.NoError(t, s.Connect())
	ok := loader.Statement{Query: "SELECT 1"}
	require.NoError(t, s.StartQuery(ok))
	s.EndQuery(ok, 0, "", 1)
	bad := loader.Statement{Query: "SELECT * FROM nosuch"}
	require.NoError(t, s.StartQuery(bad))
	s.EndQuery(bad, 1146, "Table 'test.nosuch' doesn't exist", 0)
	s.Disconnect()
	_, err = h.Uninstall("SQL_ERROR_LOG") // closes the log
	require.NoError(t, err)

	b, err := os.ReadFile(filepath.Join(data, "sql_errors.log"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	require.Len(t, lines, 1, string(b))
	assert.Regexp(t, `^\d{4}-\d\d-\d\d [ \d]\d:\d\d:\d\d alice\[alice\] @ localhost \[127\.0\.0\.1\] ERROR 1146: Table 'test\.nosuch' doesn't exist : SELECT \* FROM nosuch$`, lines[0])
}

// TestServicePluginsInitialise: simple_password_check and auth_ed25519
// load with their services linked and initialise.
func TestServicePluginsInitialise(t *testing.T) {
	for _, tc := range []struct{ lib, plugin string }{
		{"simple_password_check", "simple_password_check"},
		{"auth_ed25519", "ed25519"},
	} {
		t.Run(tc.lib, func(t *testing.T) {
			h, _, _ := corpusHost(t, loader.WithPluginMaturity(mysqlabi.MaturityUnknown))
			static, err := loader.Inspect(filepath.Join(h.PluginDir(), tc.lib+".so"))
			require.NoError(t, err)
			require.NotEmpty(t, static.Services, "it links services")
			_, err = h.InstallLibrary(tc.lib)
			require.NoError(t, err)
			p, ok := h.Plugin(tc.plugin)
			require.True(t, ok, "%v", h.Plugins())
			assert.Equal(t, "ACTIVE", p.Status)
		})
	}
	// The minima were written before init: the defaults read back.
	h, _, _ := corpusHost(t)
	_, err := h.InstallLibrary("simple_password_check")
	require.NoError(t, err)
	assert.Equal(t, "8", getVar(t, h, "simple_password_check_minimal_length"))
	// Its update function raises minimal_length and warns through
	// my_print_error (reference §5).
	w, err := h.SetVariable(nil, sysvar.ScopeGlobal, "simple_password_check_digits", sysvar.IntValue(7))
	require.NoError(t, err)
	require.Len(t, w, 1)
	assert.Equal(t, 1292, w[0].Code)
	assert.Contains(t, w[0].Message, "from 8 to 10")
	assert.Equal(t, "10", getVar(t, h, "simple_password_check_minimal_length"))
}

// TestCorpusHostedOrRefused installs every server library of the corpus
// in the MariaDB profile: each is hosted, or refused with a typed error.
// None may crash the process.
func TestCorpusHostedOrRefused(t *testing.T) {
	dir := filepath.Join(testbuild.CorpusDir(t), "plugins", "server")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var hosted, refused []string
	notHostable := map[string]bool{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".so") {
			continue
		}
		lib := strings.TrimSuffix(e.Name(), ".so")
		t.Run(lib, func(t *testing.T) {
			h, _, _ := corpusHost(t, loader.WithPluginMaturity(mysqlabi.MaturityUnknown))
			static, err := loader.Inspect(filepath.Join(dir, e.Name()))
			require.NoError(t, err)
			_, err = h.InstallLibrary(lib)
			if err == nil {
				t.Logf("hosted: %v", static.Sets[len(static.Sets)-1].Plugins[0].Name)
				hosted = append(hosted, lib)
				for _, p := range h.Plugins() {
					assert.Contains(t, []string{"ACTIVE", "DISABLED"}, p.Status, p.Name)
				}
				assert.NoError(t, h.Close())
				return
			}
			refused = append(refused, lib)
			t.Logf("refused: %v", err)
			var le *loader.Error
			require.ErrorAs(t, err, &le)
			typed := []error{loader.ErrNotHostable, loader.ErrIncompatible, loader.ErrInitFailed, loader.ErrNotPlugin, loader.ErrRefused}
			assert.True(t, slicesAny(typed, func(c error) bool { return errors.Is(err, c) }), "%s: %v", lib, err)
			if errors.Is(err, loader.ErrNotHostable) {
				notHostable[lib] = true
				// The refusal names what the host cannot give it.
				assert.Contains(t, err.Error(), lib)
				assert.Regexp(t, `(symbols|services|libraries) .*: \w`, err.Error())
			}
			assert.Empty(t, h.Plugins(), "nothing half-registered")
		})
	}
	t.Logf("hosted %v, refused %v", hosted, refused)
	for _, lib := range []string{"auth_ed25519", "server_audit", "simple_password_check", "sql_errlog"} {
		assert.Contains(t, hosted, lib)
	}
	// Storage engines, information schema and data-type plugins need the
	// server's C++ internals.
	for _, lib := range []string{"ha_archive", "ha_blackhole", "disks", "locales", "type_mysql_json"} {
		assert.True(t, notHostable[lib], "%s refused as not hostable", lib)
	}
}

func slicesAny[T any](s []T, f func(T) bool) bool {
	for _, v := range s {
		if f(v) {
			return true
		}
	}
	return false
}
