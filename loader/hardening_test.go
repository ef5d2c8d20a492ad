package loader_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/loader"
)

// copyFixture copies a fixture library into dir.
func copyFixture(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(fixture(t, name))
	require.NoError(t, err)
	p := filepath.Join(dir, name+".so")
	require.NoError(t, os.WriteFile(p, b, 0o755))
	return p
}

// TestWritableRefused: a world-writable plugin file or plugin_dir is
// refused unless WithAllowWritable; then it loads.
func TestWritableRefused(t *testing.T) {
	for _, which := range []string{"file", "dir"} {
		t.Run(which, func(t *testing.T) {
			dir := t.TempDir()
			p := copyFixture(t, dir, "good_multi")
			target := p
			if which == "dir" {
				target = dir
			}
			st, err := os.Stat(target)
			require.NoError(t, err)
			require.NoError(t, os.Chmod(target, st.Mode().Perm()|0o002))
			t.Cleanup(func() { _ = os.Chmod(target, st.Mode().Perm()) })

			h, err := loader.NewHost(loader.WithPluginDir(dir))
			require.NoError(t, err)
			defer h.Close()
			_, err = h.InstallLibrary("good_multi.so")
			require.ErrorIs(t, err, loader.ErrRefused)
			assert.Contains(t, err.Error(), "is writable by any user")
			assert.Empty(t, h.Plugins())

			h2, err := loader.NewHost(loader.WithPluginDir(dir), loader.WithAllowWritable(true))
			require.NoError(t, err)
			defer h2.Close()
			_, err = h2.InstallLibrary("good_multi.so")
			require.NoError(t, err)
		})
	}
}

// TestReplacedLibraryDetected: a library replaced on disk while its
// plugins are loaded is refused at the next INSTALL from it.
func TestReplacedLibraryDetected(t *testing.T) {
	dir := t.TempDir()
	p := copyFixture(t, dir, "good_multi")
	h, err := loader.NewHost(loader.WithPluginDir(dir))
	require.NoError(t, err)
	defer h.Close()
	_, err = h.Install("multi_daemon", "good_multi.so")
	require.NoError(t, err)
	_, err = h.Install("multi_parser", "good_multi.so") // same file: reused
	require.NoError(t, err)

	// Replace it (a new inode, as a package upgrade does).
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	require.NoError(t, os.Remove(p))
	require.NoError(t, os.WriteFile(p, b, 0o755))
	future := time.Now().Add(time.Minute)
	require.NoError(t, os.Chtimes(p, future, future))

	_, err = h.Install("multi_audit", "good_multi.so")
	require.ErrorIs(t, err, loader.ErrRefused)
	assert.Contains(t, err.Error(), "good_multi.so was replaced or modified on disk after it was loaded")
	_, ok := h.Plugin("multi_audit")
	assert.False(t, ok, "nothing half-registered")

	// Once its plugins are uninstalled, the new file loads.
	for _, n := range []string{"multi_daemon", "multi_parser"} {
		_, err = h.Uninstall(n)
		require.NoError(t, err)
	}
	_, err = h.Install("multi_audit", "good_multi.so")
	require.NoError(t, err)
}
