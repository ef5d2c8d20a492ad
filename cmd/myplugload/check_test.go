package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
)

var updateCheckGolden = flag.Bool("update-check", false, "rewrite testdata/check/*.golden")

// checkExpectation is one line of testdata/check/mariadb-10.11-corpus.txt.
type checkExpectation struct {
	file, outcome, condition, reference string
}

func readCheckExpectations(t *testing.T) []checkExpectation {
	f, err := os.Open(filepath.Join("testdata", "check", "mariadb-10.11-corpus.txt"))
	require.NoError(t, err)
	defer f.Close()
	var out []checkExpectation
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, " | ")
		require.Len(t, cols, 4, "bad line %q", line)
		out = append(out, checkExpectation{cols[0], cols[1], cols[2], cols[3]})
	}
	require.NoError(t, sc.Err())
	return out
}

// TestCheckCorpusMatchesReference: `check --server mariadb-10.11` says of
// every Debian corpus library what the real server did with it.
func TestCheckCorpusMatchesReference(t *testing.T) {
	corpus := testbuild.CorpusDir(t)
	expect := readCheckExpectations(t)

	// Every corpus library has an expectation.
	listed := map[string]bool{}
	for _, e := range expect {
		listed[e.file] = true
	}
	for _, sub := range []string{"server", "client"} {
		files, err := filepath.Glob(filepath.Join(corpus, "plugins", sub, "*.so"))
		require.NoError(t, err)
		for _, f := range files {
			assert.True(t, listed[sub+"/"+filepath.Base(f)], "%s/%s has no line in mariadb-10.11-corpus.txt", sub, filepath.Base(f))
		}
	}

	args := []string{"check", "--server", "mariadb-10.11", "--format", "json"}
	for _, e := range expect {
		args = append(args, filepath.Join(corpus, "plugins", e.file))
	}
	code, out, errs := runCLI(args...)
	assert.Equal(t, exitFail, code, "handlersocket and the client libraries are refused")
	assert.Empty(t, errs)
	var doc checkOutputJSON
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Libraries, len(expect))
	assert.Equal(t, "mariadb-10.11", doc.Server)

	for i, e := range expect {
		lib := doc.Libraries[i]
		t.Run(e.file, func(t *testing.T) {
			require.Nil(t, lib.Error)
			var conds []string
			for _, er := range lib.Errors {
				conds = append(conds, er.Message)
			}
			var warns []string
			for _, p := range lib.Plugins {
				for _, er := range p.Errors {
					conds = append(conds, er.Message)
					assert.Equal(t, "HY000", er.SQLState)
				}
				for _, w := range p.Warnings {
					warns = append(warns, w.Message)
				}
			}
			switch e.outcome {
			case "loads", "init-fails":
				assert.True(t, lib.Loads, "reference (%s) says it loads; check says %v", e.reference, conds)
				assert.Empty(t, warns, e.reference)
			case "loads-warn":
				assert.True(t, lib.Loads, "reference (%s) says it loads; check says %v", e.reference, conds)
				assert.Equal(t, []string{e.condition}, warns, e.reference)
			case "refused":
				assert.False(t, lib.Loads, "reference (%s) says it is refused", e.reference)
				code, msg, _ := strings.Cut(e.condition, " ")
				require.Len(t, conds, 1)
				assert.Equal(t, msg, conds[0], e.reference)
				all := append(append([]checkErrorJSON{}, lib.Errors...), pluginErrors(lib)...)
				assert.Equal(t, code, itoa(all[0].Code), e.reference)
			case "unrecorded":
				t.Logf("not in the reference; check says loads=%v %v %v", lib.Loads, conds, warns)
			default:
				t.Fatalf("unknown outcome %q", e.outcome)
			}
		})
	}
}

func pluginErrors(lib checkLibraryJSON) []checkErrorJSON {
	var out []checkErrorJSON
	for _, p := range lib.Plugins {
		out = append(out, p.Errors...)
	}
	return out
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestCheckGolden pins the text and JSON output of check for the example
// plugins and the loader fixtures under every server profile.
func TestCheckGolden(t *testing.T) {
	ex := func(n string) string { return testbuild.File(t, "cplugins/examples/"+n) }
	fx := func(n string) string { return testbuild.File(t, "cplugins/fixtures/"+n) }
	corpus := func(n string) string { return filepath.Join(testbuild.CorpusDir(t), "plugins", n) }
	cases := []struct {
		name string
		code int
		args []string
	}{
		{"corpus-mariadb-10.11", exitFail, []string{"--server", "mariadb-10.11", corpus("server/handlersocket.so"), corpus("server/ha_federated.so"),
			corpus("server/ha_s3.so"), corpus("server/server_audit.so"), corpus("client/dialog.so")}},
		{"corpus-mysql-8.0", exitFail, []string{"--server", "mysql-8.0", corpus("server/server_audit.so"), corpus("server/auth_pam.so")}},
		{"examples-mysql-8.0", exitFail, []string{"--server", "mysql-8.0", ex("example_daemon.so"), ex("example_daemon_57.so"), ex("example_auth.so")}},
		{"examples-mysql-5.7", exitFail, []string{"--server", "mysql-5.7", ex("example_daemon.so"), ex("example_daemon_57.so")}},
		{"examples-mariadb-10.11", exitFail, []string{"--server", "mariadb-10.11", ex("example_daemon_mariadb.so"), fx("good_maria.so"), fx("good_both.so")}},
		{"fixtures-mysql-8.4", exitFail, []string{"--server", "mysql-8.4", "--install", fx("no_install.so"), fx("service_too_new.so"), fx("typever.so"), fx("iv_0200.so"), fx("bad_type.so"), fx("good_client.so")}},
		{"fixtures-early-mysql-8.0", exitFail, []string{"--server", "mysql-8.0", "--early", fx("load_flags.so"), fx("good_multi.so")}},
		{"maturity-mariadb-10.11", exitFail, []string{"--server", "mariadb-10.11", fx("maturity_experimental.so"), fx("good_51.so")}},
		{"maturity-experimental", exitOK, []string{"--server", "mariadb-10.11", "--plugin-maturity", "experimental", fx("maturity_experimental.so")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, format := range []string{formatTable, formatJSON} {
				code, out, errs := runCLI(append([]string{"check", "--format", format}, c.args...)...)
				assert.Equal(t, c.code, code, errs)
				assert.Empty(t, errs)
				ext := ".txt"
				if format == formatJSON {
					ext = ".json"
				}
				goldenCompare(t, filepath.Join("testdata", "check", c.name+ext+".golden"), maskPaths(t, out), *updateCheckGolden)
			}
		})
	}
}

func TestCheckUsageAndErrors(t *testing.T) {
	so := testbuild.File(t, "cplugins/examples/example_daemon.so")
	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"check", so}, exitUsage, "--server is required"},
		{[]string{"check", "--server", "mysql-9.9", so}, exitUsage, `unknown server profile "mysql-9.9"`},
		{[]string{"check", "--server", "mysql-8.0"}, exitUsage, "no FILE given"},
		{[]string{"check", "--server", "mysql-8.0", "--plugin-maturity", "beta", so}, exitUsage, "MariaDB only"},
		{[]string{"check", "--server", "mariadb-10.11", "--plugin-maturity", "ripe", so}, exitUsage, `--plugin-maturity "ripe"`},
		{[]string{"check", "--server", "mysql-8.0", "--format", "xml", so}, exitUsage, `--format "xml"`},
		{[]string{"check", "--server", "mysql-8.0", "--log-level", "loud", so}, exitUsage, `--log-level "loud"`},
		{[]string{"check", "--bogus"}, exitUsage, "flag provided but not defined: -bogus"},
		{[]string{"check", "--server", "mysql-8.0", filepath.Join(t.TempDir(), "nope.so"), so}, exitFail, "nope.so: open"},
	} {
		code, _, errs := runCLI(c.args...)
		assert.Equal(t, c.code, code, "%v", c.args)
		assert.Contains(t, errs, c.err, "%v", c.args)
	}
	// Flags after the files work too.
	code, out, errs := runCLI("check", so, "--server", "mysql-8.0", "--log-level", "debug")
	assert.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "example_daemon.so: loads in mysql-8.0\n")
	assert.Contains(t, errs, "checked", "debug logs go to stderr")

	code, out, _ = runCLI("help", "check")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Usage: myplugload check --server SERVER")
	assert.Contains(t, out, "Exit status:")
	code, out, _ = runCLI("help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "check      tell whether a server would load")
	assert.NotContains(t, out, isolateCommand)
}
