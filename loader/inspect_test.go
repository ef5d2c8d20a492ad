package loader_test

import (
	"debug/elf"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/elfimage"
	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/statusvar"
)

// wantVar is what the example plugin's source declares for one variable.
type wantVar struct {
	name     string
	flags    uint32
	def      string
	min, max string
	typelib  []string
}

var colours = []string{"red", "green", "blue"}
var perms = []string{"read", "write", "exec", "admin"}

// exampleVars mirrors cplugins/examples/example_daemon/example_daemon.c.
var exampleVars = []wantVar{
	{"bool_var", 0x2001, "ON", "", "", nil},
	{"str_var", 0x8005, "hello", "", "", nil},
	{"str_ro", 0x0205, "fixed", "", "", nil},
	{"int_var", 0x0002, "-5", "-100", "100", nil},
	{"uint_var", 0x0082, "10", "0", "1000", nil},
	{"long_var", 0x0003, "1000", "-100000", "100000", nil},
	{"ulong_var", 0x0083, "4096", "1024", "1048576", nil},
	{"longlong_var", 0x0004, "-1", "-9223372036854775808", "9223372036854775807", nil},
	{"ulonglong_var", 0x0084, "1000000", "0", "0", nil},
	{"enum_var", 0x0006, "green", "", "", colours},
	{"set_var", 0x0007, "read,write", "", "", perms},
	{"double_var", 0x0008, "0.500000", "0.000000", "100.000000", nil},
	{"checked_var", 0x0082, "50", "0", "100", nil},
	{"thd_bool", 0x2101, "OFF", "", "", nil},
	{"thd_str", 0x8105, "session", "", "", nil},
	{"thd_int", 0x0102, "7", "-50", "50", nil},
	{"thd_uint", 0x0182, "20", "0", "2000", nil},
	{"thd_long", 0x0103, "-2000", "-200000", "200000", nil},
	{"thd_ulong", 0x0183, "8192", "2048", "2097152", nil},
	{"thd_longlong", 0x0104, "9000000000", "-1000000000000", "1000000000000", nil},
	{"thd_ulonglong", 0x0184, "5000000000", "1000", "10000000000000", nil},
	{"thd_enum", 0x0106, "blue", "", "", colours},
	{"thd_set", 0x0107, "exec,admin", "", "", perms},
	{"thd_double", 0x0108, "2.500000", "-10.000000", "10.000000", nil},
}

// TestInspectExampleDaemon decodes the compiled example plugin, built from
// one source in both ABI generations, and checks every declared value: our
// headers, the ELF image and the decoders together.
func TestInspectExampleDaemon(t *testing.T) {
	for _, tc := range []struct {
		file      string
		abi       mysqlabi.ABI
		versionID int32
		signed    bool
	}{
		{"cplugins/examples/example_daemon.so", mysqlabi.ABI{Family: mysqlabi.FamilyMySQL, InterfaceVersion: 0x010B, SizeofPlugin: 112}, 80043, true},
		{"cplugins/examples/example_daemon_57.so", mysqlabi.ABI{Family: mysqlabi.FamilyMySQL, InterfaceVersion: 0x0107, SizeofPlugin: 104}, 50744, false},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			lib, err := loader.Inspect(testbuild.File(t, tc.file))
			require.NoError(t, err)
			require.Len(t, lib.Sets, 1)
			assert.Nil(t, lib.Client)
			set := lib.Sets[0]
			assert.Equal(t, tc.abi, set.ABI)
			require.Len(t, set.Plugins, 1)
			p := set.Plugins[0]
			assert.Equal(t, "example_daemon", p.Name)
			assert.Equal(t, mysqlabi.PluginDaemon, p.Type)
			assert.Equal(t, tc.versionID<<8, p.InfoVersion)
			assert.Equal(t, "myplugload", p.Author)
			assert.Equal(t, mysqlabi.LicenseGPL, p.License)
			assert.Equal(t, "1.2", p.VersionString())
			assert.NotZero(t, p.Init)
			assert.NotZero(t, p.Deinit)
			assert.Equal(t, tc.signed, p.HasCheckUninstallSlot)
			assert.Equal(t, tc.signed, p.CheckUninstall != 0)
			assert.Zero(t, p.Flags)

			require.Len(t, p.SystemVars, len(exampleVars))
			for i, w := range exampleVars {
				v := p.SystemVars[i]
				assert.Equal(t, w.name, v.Name)
				assert.Equal(t, w.flags, v.Flags, w.name)
				assert.Equal(t, w.def, v.FormatDefault(), w.name)
				assert.Equal(t, w.typelib, v.Typelib, w.name)
				if w.min != "" {
					assert.True(t, v.HasRange, w.name)
					assert.Equal(t, w.min, v.Format(v.Min), w.name)
					assert.Equal(t, w.max, v.Format(v.Max), w.name)
				}
				if v.ThdLocal() {
					assert.Equal(t, int32(-1), v.Offset, "%s: the server assigns the offset", w.name)
					assert.Zero(t, v.Resolve, "%s: the server sets resolve", w.name)
				} else {
					assert.NotZero(t, v.Value, w.name)
				}
				assert.NotEmpty(t, v.Comment, w.name)
			}
			assert.NotZero(t, p.SystemVars[12].Check, "checked_var has its own check")
			assert.NotZero(t, p.SystemVars[12].Update, "checked_var has its own update")

			var names []string
			types := map[string]mysqlabi.ShowType{}
			for _, f := range statusvar.Flatten(p.StatusVars) {
				names = append(names, f.Name)
				types[f.Name] = f.Var.Type
				assert.Equal(t, int32(mysqlabi.ShowScopeGlobal), f.Var.Scope, f.Name)
			}
			assert.Contains(t, names, "example_daemon_nested_deeper_int_value")
			assert.Equal(t, mysqlabi.ShowInt, types["example_daemon_nested_deeper_int_value"])
			assert.Equal(t, mysqlabi.ShowFunc, types["example_daemon_func_calls"])
			assert.Equal(t, mysqlabi.ShowCharPtr, types["example_daemon_state"])
			assert.Equal(t, mysqlabi.ShowDouble, types["example_daemon_ratio"])
			if tc.signed {
				assert.Equal(t, mysqlabi.ShowSignedLongLong, types["example_daemon_signed_longlong"])
				assert.Len(t, names, 16)
			} else {
				assert.NotContains(t, names, "example_daemon_signed_int", "5.7 has no signed SHOW types")
				assert.Len(t, names, 13)
			}
		})
	}
}

// TestExampleExportsOnlyABISymbols is `nm -D --defined-only`: the example
// plugin's only exported data are the three _mysql_ ABI symbols, the
// declaration array exactly as large as its entries and terminator.
func TestExampleExportsOnlyABISymbols(t *testing.T) {
	for file, sizeof := range map[string]uint64{
		"cplugins/examples/example_daemon.so":    112,
		"cplugins/examples/example_daemon_57.so": 104,
	} {
		im, err := elfimage.Open(testbuild.File(t, file))
		require.NoError(t, err)
		var data []string
		for _, s := range im.Symbols() {
			if s.Type == elf.STT_OBJECT || s.Type == elf.STT_TLS || s.Type == elf.STT_COMMON {
				data = append(data, s.Name)
			}
		}
		assert.ElementsMatch(t, []string{mysqlabi.SymMySQLInterfaceVersion, mysqlabi.SymMySQLSizeofPlugin,
			mysqlabi.SymMySQLDeclarations}, data, file)
		decls, ok := im.Symbol(mysqlabi.SymMySQLDeclarations)
		require.True(t, ok)
		assert.Equal(t, 2*sizeof, decls.Size, "%s: one plugin and the terminator", file)
	}
}

func TestInspectErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o644))
		return p
	}
	example, err := os.ReadFile(testbuild.File(t, "cplugins/examples/example_daemon.so"))
	require.NoError(t, err)

	for _, tc := range []struct {
		name string
		path string
		want error
	}{
		{"empty file", write("empty.so", nil), elfimage.ErrNotELF},
		{"text file", write("text.so", []byte("this is not a shared library\n")), elfimage.ErrNotELF},
		{"truncated library", write("trunc.so", example[:len(example)/3]), loader.ErrMalformed},
		{"ELF header only", write("header.so", example[:64]), loader.ErrMalformed},
		{"no such file", filepath.Join(dir, "missing.so"), os.ErrNotExist},
		{"a directory", dir, elfimage.ErrNotELF},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loader.Inspect(tc.path)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.path, "the error names the file")
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
			}
		})
	}
}
