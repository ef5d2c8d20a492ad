package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/mysqlabi"
)

var updateShell = flag.Bool("update-shell", false, "rewrite the shell golden files under testdata/shell")

// runShellCLI runs the shell with stdout and stderr in one buffer, so a
// golden file shows errors where they happen.
func runShellCLI(args ...string) (int, string) {
	var out bytes.Buffer
	code := run(append([]string{"shell"}, args...), &out, &out)
	return code, out.String()
}

var (
	shellAddr   = regexp.MustCompile(`0x[0-9a-f]{8,}`)
	shellConnID = regexp.MustCompile(`(Connection id:? +)[0-9]+`)
)

// maskShell replaces absolute paths and addresses.
func maskShell(s string, paths map[string]string) string {
	for p, name := range paths {
		s = strings.ReplaceAll(s, p, name)
	}
	s = shellConnID.ReplaceAllString(s, "${1}<id>") // connection ids are per process
	return shellAddr.ReplaceAllString(s, "0xADDR")
}

// shellGolden compares got with testdata/shell/name, or rewrites it with
// -update-shell.
func shellGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "shell", name)
	if *updateShell {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/myplugload -run TestShell -update-shell")
	assert.Equal(t, string(want), got, "golden file %s differs (rerun with -update-shell after checking the change)", path)
}

func TestShellExampleGolden(t *testing.T) {
	dir := filepath.Dir(testbuild.File(t, "cplugins/examples/example_daemon.so"))
	for _, format := range []string{formatTable, formatJSON} {
		t.Run(format, func(t *testing.T) {
			code, out := runShellCLI("--plugin-dir", dir, "--format", format, "--echo", "--force", "testdata/shell/example.sql")
			assert.Equal(t, exitFail, code, "two statements of the script fail")
			out = maskShell(out, map[string]string{dir: "<plugin_dir>"})
			shellGolden(t, "example."+format+".golden", out)
			if format == formatJSON {
				dec := json.NewDecoder(strings.NewReader(out))
				n, failed := 0, 0
				for {
					var st statementJSON
					if err := dec.Decode(&st); err == io.EOF {
						break
					} else {
						require.NoError(t, err)
					}
					n++
					if !st.OK {
						failed++
						require.NotNil(t, st.Error)
						assert.NotZero(t, st.Error.Code)
					}
				}
				assert.Equal(t, 27, n, "one JSON object per statement")
				assert.Equal(t, 3, failed)
			}
		})
	}
}

func TestShellStopsAtFirstError(t *testing.T) {
	dir := filepath.Dir(testbuild.File(t, "cplugins/examples/example_daemon.so"))
	code, out := runShellCLI("--plugin-dir", dir, "-e", "SET GLOBAL nope = 1; SHOW PLUGINS")
	assert.Equal(t, exitFail, code)
	assert.Equal(t, "ERROR 1193 (HY000) at line 1: Unknown system variable 'nope'\n", out)

	code, out = runShellCLI("--plugin-dir", dir, "--plugin-load", "example_daemon.so",
		"--example-daemon-int-var=7", "-e", "SELECT @@global.example_daemon_int_var")
	assert.Equal(t, exitOK, code, out)
	assert.Contains(t, out, "| 7                               |")
}

func TestShellServerAuditMariaDB(t *testing.T) {
	corpus := testbuild.CorpusDir(t)
	pluginDir := filepath.Join(corpus, "plugins", "server")
	tmp := t.TempDir()
	logFile := filepath.Join(tmp, "audit.log")
	code, out := runShellCLI("--server", "mariadb-10.11", "--plugin-dir", pluginDir,
		"--plugin-load-add=server_audit", "--server-audit-logging=ON", "--server_audit_file_path="+logFile,
		"--loose-no-such-option=1", "--echo", "--force", "testdata/shell/server_audit.sql")
	assert.Equal(t, exitFail, code, "SET SESSION of a global variable and a statement without a session fail")
	shellGolden(t, "server_audit.table.golden", maskShell(out, map[string]string{pluginDir: "<plugin_dir>", tmp: "<tmp>"}))

	data, err := os.ReadFile(logFile)
	require.NoError(t, err)
	// Drop the time stamp and the server host name; number the
	// connections from 1 (ids are per process).
	var lines []string
	ids := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.SplitN(l, ",", 6)
		require.Len(t, f, 6, "audit line %q", l)
		if ids[f[4]] == "" {
			ids[f[4]] = strconv.Itoa(len(ids) + 1)
		}
		lines = append(lines, strings.Join([]string{f[2], f[3], ids[f[4]], f[5]}, ","))
	}
	got := strings.Join(lines, "\n") + "\n"
	shellGolden(t, "server_audit.log.golden", got)
	assert.Contains(t, got, "alice,localhost,2,1,QUERY,shop,'SELECT 1 AS probe_query',0\n")
	assert.Contains(t, got, "'CREATE USER bob IDENTIFIED BY *****',0\n", "server_audit hides the password")
	assert.Contains(t, got, "'SET SESSION server_audit_logging = ON',1229\n", "the error code reaches the log")
}

func TestShellUsage(t *testing.T) {
	code, out := runShellCLI("--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Usage: myplugload shell")
	assert.Contains(t, out, "Examples:")
	assert.Contains(t, out, "Exit status:")
	code, out = runCLI2("help", "shell")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "--plugin-maturity")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--server", "oracle-23"}, `--server: unknown server profile "oracle-23"`},
		{[]string{"--format", "yaml"}, `--format "yaml": want table or json`},
		{[]string{"--abi", "pg"}, `--abi "pg": want mysql or maria`},
		{[]string{"--plugin-maturity", "beta"}, "--plugin-maturity: server mysql-8.0 has no plugin maturity"},
		{[]string{"--server", "mariadb-10.11", "--plugin-maturity", "ripe"}, `--plugin-maturity "ripe"`},
		{[]string{"--log-level", "loud"}, `--log-level "loud"`},
		{[]string{"-x"}, "unknown option -x"},
		{[]string{"a.sql", "b.sql"}, "more than one SCRIPT"},
		{[]string{"--plugin-dir"}, "option --plugin-dir needs a value"},
	} {
		code, out := runShellCLI(c.args...)
		assert.Equal(t, exitUsage, code, c.args)
		assert.Contains(t, out, "myplugload shell: "+c.want, c.args)
	}
	missing := filepath.Join(t.TempDir(), "none.sql")
	code, out = runShellCLI(missing)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, out, "myplugload shell: open "+missing+": no such file or directory")
	code, out = runShellCLI("--no-such-plugin-option=1", "-e", "SHOW PLUGINS")
	assert.Equal(t, exitFail, code, "a plugin option no plugin takes fails the start")
	assert.Contains(t, out, "no-such-plugin-option")
}

func runCLI2(args ...string) (int, string) {
	code, out, errs := runCLI(args...)
	return code, out + errs
}

func TestShellSplitter(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
		rest string
	}{
		{"SELECT 1; SELECT 2;", []string{"SELECT 1", "SELECT 2"}, ""},
		{"SELECT ';'; SELECT \"a;b\"", []string{"SELECT ';'"}, `SELECT "a;b"`},
		{"SELECT 'it\\'s;'; x", []string{`SELECT 'it\'s;'`}, "x"},
		{"SELECT 1 -- c;\n, 2;", []string{"SELECT 1  \n, 2"}, ""},
		{"SELECT 1 # c;\n;", []string{"SELECT 1"}, ""},
		{"SELECT /* ; */ 1;;", []string{"SELECT   1"}, ""},
		{"SELECT `a;b`;", []string{"SELECT `a;b`"}, ""},
		{"SELECT 1--2;", []string{"SELECT 1--2"}, ""},
		{"'open ; string", nil, "'open ; string"},
	} {
		var sp splitter
		got := sp.feed(c.in)
		assert.Equal(t, c.want, got, c.in)
		assert.Equal(t, c.rest, sp.flush(), c.in)
	}
	var sp splitter
	assert.Empty(t, sp.feed("SELECT 'a\n"))
	assert.True(t, sp.pending(), "an open string continues on the next line")
	assert.Equal(t, []string{"SELECT 'a\nb'"}, sp.feed("b';\n"))
	assert.False(t, sp.pending())
}

func TestShellClassify(t *testing.T) {
	for _, c := range []struct {
		q         string
		maria, my int
		name      string
	}{
		{"select 1", 0, 0, "select"},
		{"INSERT INTO t VALUES (1)", 5, 5, "insert"},
		{"UPDATE t SET a = 1", 4, 4, "update"},
		{"DELETE FROM t", 7, 7, "delete"},
		{"CREATE TABLE t (i int)", 1, 1, "create_table"},
		{"DROP TABLE t", 9, 9, "drop_table"},
		{"create user bob", 81, 84, "create_user"},
		{"ALTER USER bob IDENTIFIED BY 'x'", 144, 134, "alter_user"},
		{"INSTALL SONAME 'x'", 112, 115, "install_plugin"},
		{"CREATE DATABASE d", 36, 36, "create_db"},
	} {
		m := classify(mysqlabi.MariaDB1011, c.q)
		assert.Equal(t, c.maria, m.Num, c.q)
		assert.Equal(t, c.name, m.Name, c.q)
		assert.Equal(t, c.my, classify(mysqlabi.MySQL80, c.q).Num, c.q)
	}
}

func TestShellParserErrors(t *testing.T) {
	dir := filepath.Dir(testbuild.File(t, "cplugins/examples/example_daemon.so"))
	code, out := runShellCLI("--plugin-dir", dir, "--force", "-e",
		"INSTALL PLUGIN SONAME 'x'; UNINSTALL PLUGIN; SET GLOBAL = 1; SELECT 'unterminated")
	assert.Equal(t, exitFail, code)
	assert.Equal(t, `ERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the manual that corresponds to your server version for the right syntax to use near ''x'' at line 1
ERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the manual that corresponds to your server version for the right syntax to use near '' at line 1
ERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the manual that corresponds to your server version for the right syntax to use near '= 1' at line 1
ERROR 1064 (42000) at line 1: unterminated quoted text at offset 7
`, out)
}
