package loader_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/mariadbtest"
	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/sysvar"
)

// setCase is one SET statement of the differential test.
type setCase struct {
	scope   string // "GLOBAL", "SESSION" or "" (SET x = v)
	name    string // variable, without the example_daemon_ prefix
	literal string
}

func (c setCase) sql() string {
	scope := c.scope
	if scope != "" {
		scope += " "
	}
	return fmt.Sprintf("SET %sexample_daemon_%s = %s", scope, c.name, c.literal)
}

// conformanceCases builds the SET cases: every variable of the example
// plugin with the literals the reference exercised on a real server, in
// global and (for THD-local variables) session scope.
func conformanceCases() []setCase {
	signed := []string{"0", "5", "-5", "100", "-100", "101", "-101", "2147483647", "2147483648", "-2147483649",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
		"18446744073709551615", "18446744073709551616", "'5'", "5.5", "1e1", "NULL", "ON", "TRUE", "DEFAULT"}
	unsigned := append([]string{"-1", "7", "12", "1023", "1024", "1025", "2048", "1048576", "1048577",
		"4294967295", "4294967296", "5000000000"}, signed...)
	doubles := []string{"0", "0.5", "2.5", "100", "100.5", "101", "-1", "-0.5", "1e1", "1e2", "1e3", "'2.5'",
		"5", "99.999", "DEFAULT"}
	bools := []string{"ON", "OFF", "1", "0", "2", "-1", "'on'", "'On'", "'off'", "'of'", "'o'", "''", "'yes'",
		"'true'", "'1'", "NULL", "TRUE", "FALSE", "1.0", "'ONN'", "' ON'", "'OFF '", "x'01'", "DEFAULT"}
	enums := []string{"'red'", "'GREEN'", "'Blue'", "'gre'", "0", "1", "2", "3", "-1", "'0'", "NULL", "''",
		"blue", "'blue '", "1.5", "DEFAULT"}
	sets := []string{"'read'", "'read,write'", "'WRITE,read'", "'admin,exec,read,write'", "'read,'", "',read'",
		"','", "'read '", "' read'", "'read, write'", "'bogus'", "'read,bogus'", "0", "15", "16", "-1", "'3'",
		"NULL", "''", "1.5", "DEFAULT"}
	strs := []string{"'world'", "''", "NULL", "123", "1.5", "'" + strings.Repeat("x", 300) + "'", "'a''b'",
		"'tab\\there'", "DEFAULT"}

	var cs []setCase
	add := func(scope, name string, lits []string) {
		for _, l := range lits {
			cs = append(cs, setCase{scope, name, l})
		}
	}
	for name, lits := range map[string][]string{"int_var": signed, "long_var": signed, "longlong_var": signed,
		"uint_var": unsigned, "ulong_var": unsigned, "ulonglong_var": unsigned, "checked_var": unsigned,
		"double_var": doubles, "bool_var": bools, "enum_var": enums, "set_var": sets, "str_var": strs} {
		add("GLOBAL", name, lits)
	}
	for name, lits := range map[string][]string{"thd_int": signed, "thd_long": signed, "thd_longlong": signed,
		"thd_uint": unsigned, "thd_ulong": unsigned, "thd_ulonglong": unsigned, "thd_double": doubles,
		"thd_bool": bools, "thd_enum": enums, "thd_set": sets, "thd_str": strs} {
		add("SESSION", name, lits)
		add("GLOBAL", name, lits[:len(lits)/3])
		add("", name, lits[len(lits)/3:len(lits)/2])
	}
	cs = append(cs,
		setCase{"GLOBAL", "str_ro", "'x'"}, setCase{"GLOBAL", "str_ro", "DEFAULT"},
		setCase{"SESSION", "int_var", "1"}, setCase{"", "int_var", "1"}, setCase{"SESSION", "str_var", "'x'"},
		setCase{"GLOBAL", "no_such_var", "1"}, setCase{"SESSION", "no_such_var", "1"})
	// Map iteration order varies: sort for a stable, reproducible sequence.
	sortCases(cs)
	return cs
}

func sortCases(cs []setCase) {
	key := func(c setCase) string { return c.name + "\x00" + c.scope + "\x00" + c.literal }
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && key(cs[j]) < key(cs[j-1]); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// ours runs a case on the host and renders what a mysql client would see.
func ours(t *testing.T, h *loader.Host, s *loader.Session, c setCase) mariadbtest.Result {
	scope := map[string]sysvar.Scope{"GLOBAL": sysvar.ScopeGlobal, "SESSION": sysvar.ScopeSession, "": sysvar.ScopeImplicit}[c.scope]
	val, conds, err := sysvar.ParseValue(c.literal, h.Profile())
	require.NoError(t, err, c.sql())
	w, err := h.SetVariable(s, scope, "example_daemon_"+c.name, val)
	conds = append(conds, w...)
	var r mariadbtest.Result
	for _, cd := range conds {
		r.Warnings = append(r.Warnings, mariadbtest.Warning{Level: string(cd.Level), Code: cd.Code, Message: cd.Message})
	}
	if err != nil {
		var e *loader.Error
		require.ErrorAs(t, err, &e, c.sql())
		r.Code, r.SQLState, r.Message = e.Code, e.SQLState, e.Message
		r.Warnings = append(r.Warnings, mariadbtest.Warning{Level: "Error", Code: e.Code, Message: e.Message})
	}
	return r
}

// shown is the variable's row in SHOW <scope> VARIABLES, "NULL" for NULL,
// "<none>" when it is not listed.
func realShown(sess *mariadbtest.Session, scope, name string) string {
	_, rows := sess.Query(fmt.Sprintf("SHOW %s VARIABLES LIKE '%s'", scope, name))
	for _, r := range rows.Strings() {
		if r[0] == name {
			return r[1]
		}
	}
	return "<none>"
}

func ourShown(h *loader.Host, s *loader.Session, scope sysvar.Scope, name string) string {
	for _, v := range h.ShowVariables(s, scope, name) {
		if v.Name != name {
			continue
		}
		return v.Value
	}
	return "<none>"
}

// TestConformanceMariaDB is the differential test: the example plugin,
// built for MariaDB 10.11.19, is installed in a real mariadbd started for
// the test and in the host with the MariaDB profile; the same SET
// statements run on both, in the default sql_mode and under
// STRICT_ALL_TABLES, and every outcome (error code and message, warnings,
// the value SHOW VARIABLES shows afterwards) must be the same. Then SHOW
// STATUS of the plugin must be the same.
func TestConformanceMariaDB(t *testing.T) {
	so := testbuild.File(t, "cplugins/examples/example_daemon_mariadb.so")
	dir := filepath.Dir(so)
	srv := mariadbtest.Start(t, mariadbtest.WithArgs("--plugin-dir="+dir, "--plugin-maturity=unknown"))
	real := srv.Session(t)
	res := real.Exec("INSTALL PLUGIN example_daemon SONAME 'example_daemon_mariadb.so'")
	require.Zero(t, res.Code, res.String())

	h, err := loader.NewHost(loader.WithPluginDir(dir), loader.WithProfile(mysqlabi.MariaDB1011),
		loader.WithPluginMaturity(mysqlabi.MaturityUnknown))
	require.NoError(t, err)
	defer h.Close()
	warns, err := h.Install("example_daemon", "example_daemon_mariadb.so")
	require.NoError(t, err)
	var ourInstall []mariadbtest.Warning
	for _, w := range warns {
		ourInstall = append(ourInstall, mariadbtest.Warning{Level: string(w.Level), Code: w.Code, Message: w.Message})
	}
	assert.Equal(t, res.Warnings, ourInstall, "INSTALL PLUGIN warnings")
	s, err := h.NewSession()
	require.NoError(t, err)
	defer s.Close()

	// The variables right after INSTALL: every default as the server wrote it.
	_, rows := real.Query("SHOW GLOBAL VARIABLES LIKE 'example_daemon%'")
	realVars := rows.Strings()
	var ourVars [][]string
	for _, v := range h.ShowVariables(s, sysvar.ScopeGlobal, "example_daemon%") {
		ourVars = append(ourVars, []string{v.Name, v.Value})
	}
	require.Equal(t, realVars, ourVars, "SHOW GLOBAL VARIABLES after INSTALL")

	cases := conformanceCases()
	require.GreaterOrEqual(t, len(cases), 200)
	compared := 0
	for _, mode := range []string{"", "STRICT_ALL_TABLES"} {
		r := real.Exec(fmt.Sprintf("SET SESSION sql_mode = '%s'", mode))
		require.Zero(t, r.Code, r.String())
		s.SetSQLMode(mode)
		for _, c := range cases {
			name := "example_daemon_" + c.name
			// Start each case from the default, as the reference did.
			for _, sc := range []string{"GLOBAL", "SESSION"} {
				real.Exec(fmt.Sprintf("SET %s %s = DEFAULT", sc, name))
				ours(t, h, s, setCase{sc, c.name, "DEFAULT"})
			}
			want := real.Exec(c.sql())
			got := ours(t, h, s, c)
			if !assert.Equal(t, want, got, "%s (sql_mode '%s')", c.sql(), mode) {
				continue
			}
			for _, sc := range []struct {
				sql   string
				scope sysvar.Scope
			}{{"GLOBAL", sysvar.ScopeGlobal}, {"SESSION", sysvar.ScopeSession}} {
				assert.Equal(t, realShown(real, sc.sql, name), ourShown(h, s, sc.scope, name),
					"SHOW %s VARIABLES after %s (sql_mode '%s')", sc.sql, c.sql(), mode)
			}
			compared++
		}
	}
	t.Logf("%d SET cases compared with mariadbd (%d statements per sql_mode)", compared, len(cases))

	// SHOW STATUS: the plugin's status variables, named and rendered by the server.
	_, rows = real.Query("SHOW GLOBAL STATUS LIKE 'example_daemon%'")
	realStatus := rows.Strings()
	st, err := h.ShowStatus(s, "example_daemon%")
	require.NoError(t, err)
	var ourStatus [][]string
	for _, r := range st {
		ourStatus = append(ourStatus, []string{r.Name, r.Value})
	}
	assert.Equal(t, realStatus, ourStatus, "SHOW STATUS")
}
