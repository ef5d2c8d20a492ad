// Package testbuild finds the C artifacts that CMake builds (example
// plugins, fixtures, the layout program) for tests. A missing artifact
// fails the test with the command that builds it: fixtures are never
// skipped.
package testbuild

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvBuildDir overrides the build directory (default: <module root>/build).
const EnvBuildDir = "MYPLUGLOAD_BUILD_DIR"

// Root returns the module root: the nearest directory above the working
// directory that holds go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("testbuild: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("testbuild: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Dir returns the CMake build directory.
func Dir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv(EnvBuildDir); d != "" {
		return d
	}
	return filepath.Join(Root(t), "build")
}

// File returns the path of a built artifact, relative to the build
// directory, and fails the test if it has not been built.
func File(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(Dir(t), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s is not built: run make (%v)", rel, err)
	}
	return p
}

// EnvCorpusDir overrides the Debian corpus directory (default: <module
// root>/corpus, filled by `make corpus`).
const EnvCorpusDir = "MYPLUGLOAD_CORPUS"

// CorpusDir returns the directory scripts/corpus.sh filled, and fails the
// test when it has not run.
func CorpusDir(t testing.TB) string {
	t.Helper()
	d := os.Getenv(EnvCorpusDir)
	if d == "" {
		d = filepath.Join(Root(t), "corpus")
	}
	if _, err := os.Stat(filepath.Join(d, "plugins", "LIST")); err != nil {
		t.Fatalf("the Debian plugin corpus is not fetched: run make corpus (%v)", err)
	}
	return d
}
