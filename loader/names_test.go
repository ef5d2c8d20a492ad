package loader_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
)

func TestLibraryFile(t *testing.T) {
	long61 := strings.Repeat("x", 61)
	for _, tc := range []struct {
		profile *mysqlabi.Profile
		soname  string
		want    string // "" = ER_UDF_NO_PATHS
	}{
		{mysqlabi.MySQL80, "example.so", "example.so"},
		{mysqlabi.MySQL80, "example", "example"}, // MySQL adds no suffix
		{mysqlabi.MariaDB1011, "example", "example.so"},
		{mysqlabi.MariaDB1011, "example.so", "example.so"},
		{mysqlabi.MariaDB1011, "server_audit.SO", "server_audit.SO"}, // suffix compared case-insensitively
		{mysqlabi.MariaDB1011, "server_audit.so.so", "server_audit.so.so"},
		{mysqlabi.MariaDB1011, "", ".so"},
		{mysqlabi.MariaDB1011, "a\\b", "a\\b.so"}, // a backslash is not a separator on Unix
		{mysqlabi.MariaDB1011, "server audit", "server audit.so"},
		{mysqlabi.MySQL80, "../plugin/x.so", ""},
		{mysqlabi.MySQL80, "./x.so", ""},
		{mysqlabi.MySQL80, "/usr/lib/mysql/plugin/x.so", ""},
		{mysqlabi.MySQL80, "x\x00.so", ""},
		{mysqlabi.MySQL80, "\xff\xfe.so", ""},
		{mysqlabi.MariaDB1011, long61, long61 + ".so"},                       // 61 + ".so" = 64: allowed
		{mysqlabi.MariaDB1011, long61 + "x", ""},                             // 62 + ".so" = 65: refused
		{mysqlabi.MariaDB1011, long61 + ".so", long61 + ".so"},               // explicit suffix
		{mysqlabi.MySQL80, strings.Repeat("é", 64), strings.Repeat("é", 64)}, // 64 characters, 128 bytes
		{mysqlabi.MySQL80, strings.Repeat("é", 65), ""},
	} {
		got, err := loader.LibraryFile(tc.profile, "/plugins", tc.soname)
		if tc.want == "" {
			var e *loader.Error
			require.ErrorAs(t, err, &e, "%q", tc.soname)
			assert.Equal(t, 1124, e.Code)
			assert.Equal(t, "No paths allowed for shared library", e.Message)
			require.ErrorIs(t, err, loader.ErrBadName)
			continue
		}
		require.NoError(t, err, "%q", tc.soname)
		assert.Equal(t, tc.want, got)
	}
	_, err := loader.LibraryFile(mysqlabi.MySQL80, "/"+strings.Repeat("d", 506), "x.so") // 507 + 1 + 4 = 512
	require.ErrorIs(t, err, loader.ErrBadName, "plugin_dir + name must fit in FN_REFLEN")
}

func TestParsePluginLoad(t *testing.T) {
	for _, tc := range []struct {
		list string
		want []loader.LoadItem
	}{
		{"a.so", []loader.LoadItem{{Library: "a.so"}}},
		{"p=a.so;b.so", []loader.LoadItem{{Named: true, Plugin: "p", Library: "a.so"}, {Library: "b.so"}}},
		{"p#a.so:q=b.so", []loader.LoadItem{{Named: true, Plugin: "p", Library: "a.so"}, {Named: true, Plugin: "q", Library: "b.so"}}},
		{";;a.so;;", []loader.LoadItem{{Library: "a.so"}}},
		{"p=a=b.so", []loader.LoadItem{{Named: true, Plugin: "p", Library: "a=b.so"}}},
		{"=a.so", []loader.LoadItem{{Named: true, Plugin: "", Library: "a.so"}}},
		{"", nil},
	} {
		got, err := loader.ParsePluginLoad(tc.list)
		require.NoError(t, err, tc.list)
		assert.Equal(t, tc.want, got, tc.list)
	}
	got, err := loader.ParsePluginLoad("a.so;" + strings.Repeat("x", 511) + ";b.so")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "plugin-load parameter too long")
	assert.Equal(t, []loader.LoadItem{{Library: "a.so"}}, got, "the elements before the long one stand")
}

func TestParseLoadOption(t *testing.T) {
	for in, want := range map[string]loader.LoadOption{
		"": loader.LoadOn, "off": loader.LoadOff, "ON": loader.LoadOn, "force": loader.LoadForce,
		"FORCE_PLUS_PERMANENT": loader.LoadForcePlusPermanent, "force_": loader.LoadForcePlusPermanent,
		"of": loader.LoadOff, "0": loader.LoadOff, "3": loader.LoadForcePlusPermanent,
	} {
		got, err := loader.ParseLoadOption(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"o", "f", "4", "-1", "maybe"} {
		_, err := loader.ParseLoadOption(bad)
		assert.Error(t, err, bad)
	}
}

// TestSymlinkOutsidePluginDir: beyond mysqld, a library that is a symbolic
// link resolving outside plugin_dir is refused; one inside is fine.
func TestSymlinkOutsidePluginDir(t *testing.T) {
	outside := t.TempDir()
	dir := t.TempDir()
	src := filepath.Join(outside, "real.so")
	require.NoError(t, os.WriteFile(src, []byte("x"), 0o644))
	require.NoError(t, os.Symlink(src, filepath.Join(dir, "escape.so")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "inside.so"), []byte("x"), 0o644))
	require.NoError(t, os.Symlink("inside.so", filepath.Join(dir, "alias.so")))

	h, err := loader.NewHost(loader.WithPluginDir(dir))
	require.NoError(t, err)
	defer h.Close()
	_, err = h.Install("x", "escape.so")
	var e *loader.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 1124, e.Code)
	require.ErrorIs(t, err, loader.ErrBadName)
	assert.Contains(t, err.Error(), "outside plugin_dir")

	_, err = h.Install("x", "alias.so")
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 1126, e.Code, "a link inside plugin_dir is opened (and is not a library)")
}
