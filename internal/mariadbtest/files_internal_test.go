package mariadbtest

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCopySparse: the copy has the same bytes, holes where the source has
// zeros or holes, and the source's permissions.
func TestCopySparse(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	const mib = 1 << 20
	content := make([]byte, 8*mib+123) // zeros, data at 1 MiB and at the end
	copy(content[mib:], bytes.Repeat([]byte("innodb"), 1000))
	copy(content[len(content)-10:], "tail bytes")
	require.NoError(t, os.WriteFile(src, content, 0o640))
	// A real hole after the data, up to 16 MiB.
	require.NoError(t, os.Truncate(src, 16*mib))
	want := append(content, make([]byte, 16*mib-len(content))...)

	for name, src := range map[string]string{"zeros": src, "sparse": filepath.Join(dir, "copy1")} {
		if name == "sparse" {
			require.NoError(t, copySparse(src, filepath.Join(dir, "src"), 0o640))
		}
		dst := filepath.Join(dir, name+".out")
		require.NoError(t, copySparse(dst, src, 0o640), name)
		got, err := os.ReadFile(dst)
		require.NoError(t, err, name)
		assert.True(t, bytes.Equal(want, got), name)
		fi, err := os.Stat(dst)
		require.NoError(t, err, name)
		assert.Equal(t, os.FileMode(0o640), fi.Mode().Perm(), name)
		allocated := fi.Sys().(*syscall.Stat_t).Blocks * 512
		assert.Less(t, allocated, int64(mib), "%s: %d bytes allocated", name, allocated)
	}

	// An empty file, and a file of zeros only.
	for name, size := range map[string]int64{"empty": 0, "hole": 3*mib + 1} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, make([]byte, size), 0o600))
		require.NoError(t, copySparse(p+".out", p, 0o600), name)
		fi, err := os.Stat(p + ".out")
		require.NoError(t, err, name)
		assert.Equal(t, size, fi.Size(), name)
	}
}
