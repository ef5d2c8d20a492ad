package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
)

var updateInspectGolden = flag.Bool("update-inspect", false, "rewrite testdata/inspect/*.golden")

// goldenCompare compares got with the golden file, or rewrites it.
func goldenCompare(t *testing.T, path, got string, update bool) {
	t.Helper()
	if update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no golden file: run go test ./cmd/myplugload -run %s -update-check -update-inspect", t.Name())
	assert.Equal(t, string(want), got, "%s differs: rerun with -update-check / -update-inspect after checking the change", path)
}

var longHex = regexp.MustCompile(`0x[0-9a-f]{7,}`)

// maskPaths replaces the checkout's and the corpus's absolute paths and
// any address-sized hex number.
func maskPaths(t *testing.T, s string) string {
	s = strings.ReplaceAll(s, testbuild.CorpusDir(t), "<corpus>")
	s = strings.ReplaceAll(s, testbuild.Root(t), "<root>")
	s = strings.ReplaceAll(s, os.TempDir(), "<tmp>")
	return longHex.ReplaceAllString(s, "0xADDR")
}

func TestInspectGolden(t *testing.T) {
	ex := func(n string) string { return testbuild.File(t, "cplugins/examples/"+n) }
	fx := func(n string) string { return testbuild.File(t, "cplugins/fixtures/"+n) }
	corpus := func(n string) string { return filepath.Join(testbuild.CorpusDir(t), "plugins", n) }
	cases := []struct {
		name  string
		files []string
	}{
		{"example_daemon", []string{ex("example_daemon.so")}},
		{"examples", []string{ex("example_auth.so"), ex("example_ftparser_57.so"), ex("example_password.so"), ex("example_keys.so")}},
		{"fixtures", []string{fx("good_maria.so"), fx("good_both.so"), fx("good_client.so"), fx("no_sizeof.so"), fx("needs_service.so")}},
		{"server_audit", []string{corpus("server/server_audit.so")}},
		{"corpus_sample", []string{corpus("server/handlersocket.so"), corpus("server/query_response_time.so"), corpus("client/dialog.so")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, format := range []string{formatTable, formatJSON} {
				code, out, errs := runCLI(append([]string{"inspect", "--format", format}, c.files...)...)
				require.Equal(t, exitOK, code, errs)
				assert.Empty(t, errs)
				ext := ".txt"
				if format == formatJSON {
					ext = ".json"
					var doc inspectOutputJSON
					require.NoError(t, json.Unmarshal([]byte(out), &doc))
					assert.Len(t, doc.Libraries, len(c.files))
				}
				goldenCompare(t, filepath.Join("testdata", "inspect", c.name+ext+".golden"), maskPaths(t, out), *updateInspectGolden)
			}
		})
	}
}

func TestInspectJSONSchema(t *testing.T) {
	so := testbuild.File(t, "cplugins/examples/example_daemon.so")
	missing := filepath.Join(t.TempDir(), "nope.so")
	code, out, errs := runCLI("inspect", "--format", "json", so, missing)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, errs, missing+": open")
	var doc map[string][]map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	libs := doc["libraries"]
	require.Len(t, libs, 2)
	for _, k := range []string{"file", "path", "read", "needed_libraries", "services", "server_symbols", "declarations", "hostable"} {
		assert.Contains(t, libs[0], k)
	}
	p := libs[0]["declarations"].([]any)[0].(map[string]any)["plugins"].([]any)[0].(map[string]any)
	for k, v := range map[string]any{
		"plugin_name": "example_daemon", "plugin_status": "NOT INSTALLED", "plugin_type": "DAEMON",
		"plugin_type_version": "80043.0", "plugin_library": "example_daemon.so", "load_option": "OFF",
	} {
		assert.Equal(t, v, p[k], k)
	}
	assert.NotContains(t, p, "plugin_maturity", "a MySQL declaration has no maturity")
	vars := p["system_variables"].([]any)
	assert.Len(t, vars, 24)
	assert.Contains(t, p, "status_variables")
	assert.Equal(t, "nope.so", libs[1]["file"])
	assert.Contains(t, libs[1]["error"].(map[string]any)["message"], "nope.so")
}

func TestInspectUsage(t *testing.T) {
	so := testbuild.File(t, "cplugins/examples/example_daemon.so")
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"inspect", "--format", "yaml", so}, `--format "yaml"`},
		{[]string{"inspect", "--init", so}, "--init needs --isolate"},
		{[]string{"inspect", "--dlopen", "--isolate", so}, "exclude each other"},
		{[]string{"inspect", "--log-level", "chatty", so}, `--log-level "chatty"`},
	} {
		code, _, errs := runCLI(c.args...)
		assert.Equal(t, exitUsage, code, "%v", c.args)
		assert.Contains(t, errs, c.err, "%v", c.args)
	}
	code, out, errs := runCLI("inspect", so, "--dlopen", "--log-level", "debug")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "example_daemon.so (read: dlopen)")
	assert.Contains(t, errs, "inspected")
	code, out, _ = runCLI("help", "inspect")
	assert.Equal(t, exitOK, code)
	for _, want := range []string{"--isolate", "--format F", "plugin_auth_version", "Exit status:", "Examples:"} {
		assert.Contains(t, out, want)
	}
}

// corpusFilesForBench lists every corpus library.
func corpusFilesForBench(tb testing.TB) []string {
	var files []string
	for _, sub := range []string{"server", "client"} {
		f, err := filepath.Glob(filepath.Join(testbuild.CorpusDir(tb), "plugins", sub, "*.so"))
		require.NoError(tb, err)
		files = append(files, f...)
	}
	require.NotEmpty(tb, files)
	return files
}

// TestInspectCorpusTime inspects the whole Debian corpus, text and JSON,
// and logs how long it took (no timed assertion: see BenchmarkInspectCorpus).
func TestInspectCorpusTime(t *testing.T) {
	files := corpusFilesForBench(t)
	for _, format := range []string{formatTable, formatJSON} {
		start := time.Now()
		code, out, errs := runCLI(append([]string{"inspect", "--format", format}, files...)...)
		took := time.Since(start)
		require.Equal(t, exitOK, code, errs)
		assert.NotEmpty(t, out)
		t.Logf("inspect --format %s of %d corpus libraries: %v (%d bytes)", format, len(files), took, len(out))
	}
}

func BenchmarkInspectCorpus(b *testing.B) {
	files := corpusFilesForBench(b)
	args := append([]string{"inspect"}, files...)
	for b.Loop() {
		if code, _, errs := runCLI(args...); code != exitOK {
			b.Fatal(errs)
		}
	}
}

// The Library a child sends back must survive JSON.
func TestIsolateLibraryRoundTrip(t *testing.T) {
	lib, err := loader.Inspect(filepath.Join(testbuild.CorpusDir(t), "plugins", "server", "server_audit.so"))
	require.NoError(t, err)
	b, err := json.Marshal(isolateReply{Library: lib})
	require.NoError(t, err)
	var back isolateReply
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, lib, back.Library)
}
