package loader_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/sysvar"
)

func exampleHost(t *testing.T, opts ...loader.Option) *loader.Host {
	t.Helper()
	dir := filepath.Dir(testbuild.File(t, "cplugins/examples/example_daemon.so"))
	h, err := loader.NewHost(append([]loader.Option{loader.WithPluginDir(dir)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	_, err = h.Install("example_daemon", "example_daemon.so")
	require.NoError(t, err)
	return h
}

func show(h *loader.Host, s *loader.Session, scope sysvar.Scope, name string) string {
	for _, v := range h.ShowVariables(s, scope, name) {
		return v.Value
	}
	return "<none>"
}

func set(t *testing.T, h *loader.Host, s *loader.Session, scope sysvar.Scope, name, lit string) ([]loader.Warning, error) {
	t.Helper()
	val, conds, err := sysvar.ParseValue(lit, h.Profile())
	require.NoError(t, err)
	w, err := h.SetVariable(s, scope, name, val)
	return append(conds, w...), err
}

// TestDefaultsWrittenBeforeInit: the host writes every declared default
// into the plugin's storage, as the servers do; the example's MEMALLOC
// string starts NULL in C and reads "hello" only if the host wrote it.
func TestDefaultsWrittenBeforeInit(t *testing.T) {
	h := exampleHost(t)
	rows := h.ShowVariables(nil, sysvar.ScopeGlobal, "example_daemon%")
	require.Len(t, rows, len(exampleVars))
	got := map[string]string{}
	for _, r := range rows {
		got[r.Name] = r.Value
	}
	for _, w := range exampleVars {
		assert.Equal(t, w.def, got["example_daemon_"+w.name], w.name)
	}
}

func TestSetSemantics(t *testing.T) {
	h := exampleHost(t)
	s, err := h.NewSession()
	require.NoError(t, err)
	defer s.Close()
	g := sysvar.ScopeGlobal

	w, err := set(t, h, s, g, "example_daemon_int_var", "101")
	require.NoError(t, err)
	require.Len(t, w, 1)
	assert.Equal(t, "Truncated incorrect example_daemon_int_var value: '101'", w[0].Message)
	assert.Equal(t, "100", show(h, s, g, "example_daemon_int_var"))

	s.SetSQLMode("STRICT_ALL_TABLES")
	_, err = set(t, h, s, g, "example_daemon_int_var", "-101")
	var e *loader.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 1231, e.Code)
	assert.Equal(t, "Variable 'example_daemon_int_var' can't be set to the value of '-101'", e.Message)
	assert.Equal(t, "100", show(h, s, g, "example_daemon_int_var"), "unchanged")
	s.SetSQLMode("")

	_, err = set(t, h, s, g, "example_daemon_str_ro", "'x'")
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "Variable 'example_daemon_str_ro' is a read only variable", e.Message)
	_, err = set(t, h, s, sysvar.ScopeSession, "example_daemon_int_var", "1")
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 1229, e.Code)
	_, err = set(t, h, s, g, "example_daemon_nope", "1")
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "Unknown system variable 'example_daemon_nope'", e.Message)
	require.ErrorIs(t, err, loader.ErrNotFound)

	_, err = set(t, h, s, g, "example_daemon_str_var", "'world'")
	require.NoError(t, err)
	assert.Equal(t, "world", show(h, s, g, "example_daemon_str_var"))
	_, err = set(t, h, s, g, "example_daemon_str_var", "NULL")
	require.NoError(t, err)
	assert.Equal(t, "", show(h, s, g, "example_daemon_str_var"), "SHOW VARIABLES prints NULL as empty")
	_, ok, err := h.GetVariable(s, g, "example_daemon_str_var")
	require.NoError(t, err)
	assert.False(t, ok, "SELECT @@ gives NULL")
	_, err = set(t, h, s, g, "example_daemon_str_var", "DEFAULT")
	require.NoError(t, err)
	assert.Equal(t, "hello", show(h, s, g, "example_daemon_str_var"))

	_, err = set(t, h, s, g, "example_daemon_set_var", "'admin,READ'")
	require.NoError(t, err)
	assert.Equal(t, "read,admin", show(h, s, g, "example_daemon_set_var"))
	_, err = set(t, h, s, g, "example_daemon_enum_var", "2")
	require.NoError(t, err)
	v, ok, err := h.GetVariable(s, g, "EXAMPLE_DAEMON_ENUM_VAR")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "blue", v)
	_, err = set(t, h, s, g, "example_daemon_bool_var", "OFF")
	require.NoError(t, err)
	v, _, _ = h.GetVariable(s, g, "example_daemon_bool_var")
	assert.Equal(t, "0", v, "SELECT @@ shows a boolean as 0/1")
}

// TestPluginOwnCheckAndUpdate: checked_var's check function (rejects odd
// values) gets a st_mysql_value; its update function runs.
func TestPluginOwnCheckAndUpdate(t *testing.T) {
	h := exampleHost(t)
	g := sysvar.ScopeGlobal
	_, err := set(t, h, nil, g, "example_daemon_checked_var", "3")
	var e *loader.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "Variable 'example_daemon_checked_var' can't be set to the value of '3'", e.Message)
	assert.Equal(t, "50", show(h, nil, g, "example_daemon_checked_var"))
	_, err = set(t, h, nil, g, "example_daemon_checked_var", "42")
	require.NoError(t, err)
	assert.Equal(t, "42", show(h, nil, g, "example_daemon_checked_var"))
	_, err = set(t, h, nil, g, "example_daemon_checked_var", "'44'")
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 1232, e.Code, "the type gate comes before the plugin's own check")
	_, err = set(t, h, nil, g, "example_daemon_checked_var", "DEFAULT")
	require.NoError(t, err, "DEFAULT skips the check")
	assert.Equal(t, "50", show(h, nil, g, "example_daemon_checked_var"))
}

func TestSessionVariables(t *testing.T) {
	h := exampleHost(t)
	s1, err := h.NewSession()
	require.NoError(t, err)
	defer s1.Close()
	s2, err := h.NewSession()
	require.NoError(t, err)
	defer s2.Close()
	sess, g := sysvar.ScopeSession, sysvar.ScopeGlobal

	_, err = set(t, h, s1, sess, "example_daemon_thd_int", "9")
	require.NoError(t, err)
	assert.Equal(t, "9", show(h, s1, sess, "example_daemon_thd_int"))
	assert.Equal(t, "7", show(h, s2, sess, "example_daemon_thd_int"), "another session is not affected")
	assert.Equal(t, "7", show(h, s1, g, "example_daemon_thd_int"))

	_, err = set(t, h, s1, g, "example_daemon_thd_int", "3")
	require.NoError(t, err)
	s3, err := h.NewSession()
	require.NoError(t, err)
	defer s3.Close()
	assert.Equal(t, "3", show(h, s3, sess, "example_daemon_thd_int"), "a new session starts from the global value")
	assert.Equal(t, "9", show(h, s1, sess, "example_daemon_thd_int"))
	_, err = set(t, h, s1, sysvar.ScopeImplicit, "example_daemon_thd_int", "DEFAULT")
	require.NoError(t, err)
	assert.Equal(t, "3", show(h, s1, sess, "example_daemon_thd_int"), "SET SESSION x = DEFAULT copies the global value")

	_, err = set(t, h, s1, sess, "example_daemon_thd_str", "'mine'")
	require.NoError(t, err)
	_, err = set(t, h, s2, sess, "example_daemon_thd_str", "'yours'")
	require.NoError(t, err)
	assert.Equal(t, "mine", show(h, s1, sess, "example_daemon_thd_str"))
	assert.Equal(t, "yours", show(h, s2, sess, "example_daemon_thd_str"))
	assert.Equal(t, "session", show(h, s3, sess, "example_daemon_thd_str"))
	s2.Close()
	assert.Equal(t, "mine", show(h, s1, sess, "example_daemon_thd_str"))

	_, err = h.Uninstall("example_daemon")
	require.NoError(t, err)
	assert.Empty(t, h.ShowVariables(s1, sess, "example_daemon%"), "variables go with the plugin")
	_, err = h.Install("example_daemon", "example_daemon.so")
	require.NoError(t, err)
	assert.Equal(t, "7", show(h, s1, g, "example_daemon_thd_int"), "defaults are written again")
}

func TestMariaDBProfileNames(t *testing.T) {
	// The 5.7-generation build with MYSQL_VERSION_ID=101119 is what a real
	// mariadbd accepts (with --plugin-maturity=unknown).
	dir := filepath.Dir(testbuild.File(t, "cplugins/examples/example_daemon_mariadb.so"))
	h, err := loader.NewHost(loader.WithPluginDir(dir), loader.WithProfile(mysqlabi.MariaDB1011),
		loader.WithPluginMaturity(mysqlabi.MaturityUnknown))
	require.NoError(t, err)
	defer h.Close()
	_, err = h.Install("example_daemon", "example_daemon_mariadb")
	require.NoError(t, err)
	w, err := set(t, h, nil, sysvar.ScopeGlobal, "example_daemon_int_var", "5.5")
	require.Error(t, err)
	assert.Empty(t, w)
	w, err = set(t, h, nil, sysvar.ScopeGlobal, "example_daemon_longlong_var", "-9223372036854775809")
	require.NoError(t, err)
	require.Len(t, w, 1)
	assert.Equal(t, 1916, w[0].Code)
}

func TestShowStatusExample(t *testing.T) {
	h := exampleHost(t)
	rows, err := h.ShowStatus(nil, "")
	require.NoError(t, err)
	got := map[string]string{}
	var names []string
	for _, r := range rows {
		got[r.Name] = r.Value
		names = append(names, r.Name)
	}
	assert.Equal(t, map[string]string{
		"example_daemon_big_number":              "1234567890123",
		"example_daemon_deinit_count":            "0",
		"example_daemon_func_array_int_value":    "7",
		"example_daemon_func_array_text":         "from-func",
		"example_daemon_func_calls":              "1",
		"example_daemon_init_count":              "1",
		"example_daemon_nested_deeper_int_value": "5",
		"example_daemon_nested_long_value":       "77",
		"example_daemon_nested_text":             "nested-text",
		"example_daemon_ratio":                   "3.250000",
		"example_daemon_running":                 "ON",
		"example_daemon_signed_int":              "-17",
		"example_daemon_signed_long":             "-100000",
		"example_daemon_signed_longlong":         "-1234567890123",
		"example_daemon_state":                   "initialised",
		"example_daemon_update_count":            "0",
		"example_daemon_version_text":            "1.2-example",
	}, got)
	i := 0
	for i < len(names) && names[i] != "example_daemon_nested_long_value" {
		i++
	}
	require.Less(t, i+2, len(names))
	assert.Equal(t, []string{"example_daemon_nested_long_value", "example_daemon_nested_text",
		"example_daemon_nested_deeper_int_value"}, names[i:i+3], "an array's children in declaration order")

	rows, err = h.ShowStatus(nil, "%func_calls")
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, "2", rows[0].Value, "SHOW_FUNC is called on every read")

	_, err = set(t, h, nil, sysvar.ScopeGlobal, "example_daemon_checked_var", "42")
	require.NoError(t, err)
	rows, _ = h.ShowStatus(nil, "example_daemon_update_count")
	assert.Equal(t, "1", rows[0].Value, "the plugin's update function ran")
	require.NoError(t, h.FlushStatus())
	rows, _ = h.ShowStatus(nil, "example_daemon_%count")
	for _, r := range rows {
		switch r.Name {
		case "example_daemon_update_count", "example_daemon_init_count":
			assert.Equal(t, "0", r.Value, "FLUSH STATUS zeroes SHOW_LONG counters: %s", r.Name)
		case "example_daemon_deinit_count":
			assert.Equal(t, "0", r.Value)
		}
	}
	rows, _ = h.ShowStatus(nil, "example_daemon_big_number")
	assert.Equal(t, "1234567890123", rows[0].Value, "SHOW_LONGLONG is not flushed")
}

func TestOptionsAtLoad(t *testing.T) {
	dir := filepath.Dir(testbuild.File(t, "cplugins/examples/example_daemon.so"))
	cnf := filepath.Join(t.TempDir(), "my.cnf")
	require.NoError(t, os.WriteFile(cnf, []byte("[mysqld]\nexample-daemon-str-var = from-file\n"), 0o644))
	h, err := loader.NewHost(loader.WithPluginDir(dir), loader.WithPluginLoad("example_daemon.so"),
		loader.WithDefaultsFile(cnf),
		loader.WithOptions("--example-daemon-int-var=-200", "--example_daemon_ulonglong_var=1G",
			"--example-daemon-enum-var=BL", "--skip-example-daemon-bool-var", "--example-daemon-thd-int", "9",
			"--loose-example-daemon-nope=1"))
	require.NoError(t, err)
	defer h.Close()
	g := sysvar.ScopeGlobal
	assert.Equal(t, "-100", show(h, nil, g, "example_daemon_int_var"))
	assert.Equal(t, "1073741824", show(h, nil, g, "example_daemon_ulonglong_var"))
	assert.Equal(t, "blue", show(h, nil, g, "example_daemon_enum_var"))
	assert.Equal(t, "OFF", show(h, nil, g, "example_daemon_bool_var"))
	assert.Equal(t, "from-file", show(h, nil, g, "example_daemon_str_var"))
	s, err := h.NewSession()
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, "9", show(h, s, sysvar.ScopeSession, "example_daemon_thd_int"), "a THDVAR option sets the global value new sessions start from")

	// A bad value disables the plugin; its variables are not registered.
	h2, err := loader.NewHost(loader.WithPluginDir(dir), loader.WithPluginLoad("example_daemon.so"),
		loader.WithOptions("--example-daemon-set-var=read,bogus"))
	require.NoError(t, err)
	defer h2.Close()
	p, ok := h2.Plugin("example_daemon")
	require.True(t, ok)
	assert.Equal(t, "DISABLED", p.Status)
	assert.Empty(t, h2.ShowVariables(nil, g, "example_daemon%"))

	// loose: logged, not disabling.
	h3, err := loader.NewHost(loader.WithPluginDir(dir), loader.WithPluginLoad("example_daemon.so"),
		loader.WithOptions("--loose-example-daemon-set-var=read,bogus", "--example-daemon=FORCE"))
	require.NoError(t, err)
	defer h3.Close()
	p, _ = h3.Plugin("example_daemon")
	assert.Equal(t, "ACTIVE", p.Status)
	assert.Equal(t, "FORCE", p.LoadOption)

	_, err = loader.NewHost(loader.WithPluginDir(dir), loader.WithPluginLoad("example_daemon.so"),
		loader.WithOptions("--example-daemon-nonsense=1"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unknown variable 'example-daemon-nonsense=1'")

	h4, err := loader.NewHost(loader.WithPluginDir(dir), loader.WithPluginLoad("example_daemon.so"),
		loader.WithOptions("--example-daemon=OFF"))
	require.NoError(t, err)
	defer h4.Close()
	p, _ = h4.Plugin("example_daemon")
	assert.Equal(t, "DISABLED", p.Status)
	assert.Equal(t, "OFF", p.LoadOption)
}
