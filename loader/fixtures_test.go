package loader_test

import (
	"debug/elf"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/myplugload/myplugload/internal/elfimage"
	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
)

// fixture returns the path of a fixture library built by CMake.
func fixture(t *testing.T, name string) string {
	t.Helper()
	return testbuild.File(t, "cplugins/fixtures/"+name+".so")
}

func fixtureDir(t *testing.T) string { return filepath.Dir(fixture(t, "good_multi")) }

// trace points the fixtures' MYPLUGLOAD_TRACE at a fresh file and returns
// a function reading the lines written so far.
func trace(t *testing.T) func() []string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "trace")
	t.Setenv("MYPLUGLOAD_TRACE", p)
	return func() []string {
		b, err := os.ReadFile(p)
		if os.IsNotExist(err) {
			return nil
		}
		require.NoError(t, err)
		return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	}
}

// newHost starts a host over the fixture directory; its log is observed.
func newHost(t *testing.T, opts ...loader.Option) (*loader.Host, *observer.ObservedLogs) {
	t.Helper()
	core, logs := observer.New(zap.DebugLevel)
	opts = append([]loader.Option{loader.WithPluginDir(fixtureDir(t)), loader.WithLogger(zap.New(core))}, opts...)
	h, err := loader.NewHost(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	return h, logs
}

// serverError asserts err is an *Error with the code and message.
func serverError(t *testing.T, err error, code int, message string, cause error) *loader.Error {
	t.Helper()
	var e *loader.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, code, e.Code, "code of %q", err)
	if message != "" {
		assert.Equal(t, message, e.Message)
	}
	if cause != nil {
		require.ErrorIs(t, err, cause)
	}
	return e
}

func names(h *loader.Host) map[string]string {
	out := map[string]string{}
	for _, p := range h.Plugins() {
		out[p.Name] = p.Status
	}
	return out
}

// TestMalformedFixturesStatic: each malformed fixture yields its own error
// when read statically, and the process survives them all.
func TestMalformedFixturesStatic(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		code    int
		cause   error
		text    string
	}{
		{"no_iv", 1127, loader.ErrNotPlugin, "Can't find symbol '_mysql_plugin_interface_version_' in library"},
		{"no_decls", 1127, loader.ErrMalformed, "Can't find symbol '_mysql_plugin_declarations_' in library"},
		{"sizeof_0", 0, loader.ErrMalformed, "_mysql_sizeof_struct_st_plugin_ is 0, which matches no st_mysql_plugin layout"},
		{"sizeof_8", 0, loader.ErrMalformed, "_mysql_sizeof_struct_st_plugin_ is 8, which matches no"},
		{"sizeof_1000", 0, loader.ErrMalformed, "_mysql_sizeof_struct_st_plugin_ is 1000, which matches no"},
		{"sizeof_neg", 0, loader.ErrMalformed, "_mysql_sizeof_struct_st_plugin_ is -112, which matches no"},
		{"no_terminator", 0, loader.ErrMalformed, "no terminating entry (info == NULL) within the 224 bytes"},
		{"null_name", 0, loader.ErrMalformed, "name is NULL"},
		{"show_loop", 0, loader.ErrMalformed, "SHOW_ARRAY nested deeper than 16 levels"},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			_, err := loader.Inspect(fixture(t, tc.fixture))
			require.Error(t, err)
			e := serverError(t, err, tc.code, "", tc.cause)
			assert.Contains(t, err.Error(), tc.text)
			assert.Equal(t, tc.fixture+".so", e.Library, "the error names the file")
		})
	}
}

// TestNotALibrary: files that are not 64-bit x86-64/aarch64 ELF libraries.
func TestNotALibrary(t *testing.T) {
	good, err := os.ReadFile(fixture(t, "good_multi"))
	require.NoError(t, err)
	dir := t.TempDir()
	put := func(name string, data []byte) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	patched := func(off int, b ...byte) []byte {
		c := append([]byte(nil), good...)
		copy(c[off:], b)
		return c
	}
	put("empty.so", nil)
	put("textfile.so", []byte("not a library\n"))
	put("truncated.so", good[:len(good)/2])
	put("elf32.so", patched(4, byte(elf.ELFCLASS32)))
	riscv := make([]byte, 2)
	binary.LittleEndian.PutUint16(riscv, uint16(elf.EM_RISCV))
	put("riscv.so", patched(18, riscv...))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "dir.so"), 0o755))

	for _, tc := range []struct {
		file   string
		static error
		text   string // what ER_CANT_OPEN_LIBRARY says
	}{
		{"empty.so", elfimage.ErrNotELF, "file too short"},
		{"textfile.so", elfimage.ErrNotELF, "file too short"},
		{"truncated.so", loader.ErrMalformed, "malformed ELF file"},
		{"elf32.so", elfimage.ErrNotELF, "invalid ELF header"},
		{"riscv.so", elfimage.ErrNotELF, "invalid ELF header"},
		{"dir.so", elfimage.ErrNotELF, "cannot read file data: Is a directory"},
		{"missing.so", loader.ErrNotFound, "cannot open shared object file: No such file or directory"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			_, err := loader.Inspect(path)
			require.ErrorIs(t, err, tc.static)
			assert.Contains(t, err.Error(), path)

			h, err := loader.NewHost(loader.WithPluginDir(dir))
			require.NoError(t, err)
			defer h.Close()
			_, err = h.Install("x", tc.file)
			e := serverError(t, err, 1126, "", nil)
			assert.Contains(t, e.Message, "Can't open shared library '"+path+"'")
			assert.Contains(t, e.Message, tc.text)
			assert.Empty(t, h.Plugins())
		})
	}
}

// TestMarkerStaticRunsNoCode: the marker fixture's ELF constructor writes a
// file; static inspection must not create it, live loading must.
func TestMarkerStaticRunsNoCode(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "marker")
	t.Setenv("MYPLUGLOAD_MARKER", marker)
	lib, err := loader.Inspect(fixture(t, "marker"))
	require.NoError(t, err)
	require.Len(t, lib.Sets, 1)
	assert.Equal(t, "marker", lib.Sets[0].Plugins[0].Name)
	_, err = os.Stat(marker)
	require.True(t, os.IsNotExist(err), "static inspection ran the constructor")

	_, err = loader.InspectLive(fixture(t, "marker"))
	require.NoError(t, err)
	b, err := os.ReadFile(marker)
	require.NoError(t, err, "dlopen runs the constructor")
	assert.Equal(t, "constructor\n", string(b))
}

// TestStaticAndLiveAgree on every fixture that loads in a plain process.
func TestStaticAndLiveAgree(t *testing.T) {
	for _, name := range []string{"good_multi", "good_multi_57", "lifecycle_57", "good_maria", "good_both", "good_51", "good_client",
		"good_client_57", "lifecycle", "null_info", "bad_type", "typever", "no_sizeof", "iv_0000", "iv_0200", "iv_01ff",
		"needs_service", "service_too_new", "bad_vartype", "longname", "dupname", "load_flags", "maturity_experimental"} {
		t.Run(name, func(t *testing.T) {
			static, err := loader.Inspect(fixture(t, name))
			require.NoError(t, err)
			live, err := loader.InspectLive(fixture(t, name))
			require.NoError(t, err)
			assert.Equal(t, stripAddrs(static), stripAddrs(live))
		})
	}
}

func TestLayoutsOfEachGeneration(t *testing.T) {
	lib, err := loader.Inspect(fixture(t, "good_51"))
	require.NoError(t, err)
	set := lib.Sets[0]
	assert.Equal(t, mysqlabi.ABI{Family: mysqlabi.FamilyMySQL, InterfaceVersion: 0x0100, SizeofPlugin: 96}, set.ABI)
	require.Len(t, set.Plugins, 1)
	p := set.Plugins[0]
	assert.Equal(t, "old51", p.Name)
	assert.NotZero(t, p.Deinit, "5.1's deinit is read at its own offset")
	assert.False(t, p.HasCheckUninstallSlot)
	assert.Equal(t, "0.1", p.VersionString())

	for name, sizeof := range map[string]int32{"good_multi": 112, "good_multi_57": 104} {
		lib, err := loader.Inspect(fixture(t, name))
		require.NoError(t, err)
		set := lib.Sets[0]
		assert.Equal(t, sizeof, set.ABI.SizeofPlugin)
		var got []string
		for _, p := range set.Plugins {
			got = append(got, p.Name+":"+p.TypeName)
			assert.NotZero(t, p.Deinit, "%s %s: deinit", name, p.Name)
		}
		assert.Equal(t, []string{"multi_daemon:DAEMON", "multi_parser:FTPARSER", "multi_audit:AUDIT"}, got)
	}

	lib, err = loader.Inspect(fixture(t, "good_maria"))
	require.NoError(t, err)
	require.Len(t, lib.Sets, 1)
	p = lib.Sets[0].Plugins[0]
	assert.Equal(t, mysqlabi.FamilyMaria, p.Family)
	assert.Equal(t, "maria_daemon", p.Name)
	assert.Equal(t, "1.3-maria", p.VersionInfo)
	assert.Equal(t, mysqlabi.MaturityStable, p.Maturity)
	assert.Equal(t, "101119.0", mysqlabi.FormatVersion(uint32(p.InfoVersion)))
	require.Len(t, p.StatusVars, 1)
	assert.False(t, p.StatusVars[0].HasScope, "MariaDB's SHOW_VAR has no scope")

	lib, err = loader.Inspect(fixture(t, "good_both"))
	require.NoError(t, err)
	require.Len(t, lib.Sets, 2, "both declaration sets are shown")
	mysqlSet, _ := lib.Set(mysqlabi.FamilyMySQL)
	mariaSet, _ := lib.Set(mysqlabi.FamilyMaria)
	assert.Equal(t, "mysql side", mysqlSet.Plugins[0].Author)
	assert.Equal(t, "maria side", mariaSet.Plugins[0].Author)
	assert.Equal(t, mysqlabi.FamilyMySQL, lib.Check(mysqlabi.MySQL80, loader.CheckOptions{}).Family)
	assert.Equal(t, mysqlabi.FamilyMaria, lib.Check(mysqlabi.MariaDB1011, loader.CheckOptions{}).Family,
		"mariadbd reads _maria_ first")

	for name, iv := range map[string]uint32{"good_client": 0x0200, "good_client_57": 0x0100} {
		lib, err := loader.Inspect(fixture(t, name))
		require.NoError(t, err)
		require.NotNil(t, lib.Client)
		c := lib.Client
		assert.Equal(t, "good_client", c.Name)
		assert.Equal(t, int32(mysqlabi.ClientAuthentication), c.Type)
		assert.Equal(t, iv, c.InterfaceVersion)
		assert.Equal(t, [3]uint32{1, 2, 3}, c.Version)
		assert.Equal(t, "GPL", c.License)
		assert.NotZero(t, c.AuthenticateUser)
		assert.Equal(t, iv == 0x0200, c.GetOptions != 0)
		v := lib.Check(mysqlabi.MySQL80, loader.CheckOptions{})
		require.False(t, v.OK())
		assert.Equal(t, 1127, v.Errors[0].Code)
		assert.Contains(t, v.Errors[0].Error(), "is a client plugin library")
	}
}

func TestCheckRules(t *testing.T) {
	check := func(name string, p *mysqlabi.Profile, opts loader.CheckOptions) loader.Verdict {
		lib, err := loader.Inspect(fixture(t, name))
		require.NoError(t, err)
		return lib.Check(p, opts)
	}
	v := check("iv_0200", mysqlabi.MySQL80, loader.CheckOptions{})
	require.Len(t, v.Errors, 1)
	assert.Equal(t, 1126, v.Errors[0].Code)
	assert.Equal(t, "Can't open shared library 'iv_0200.so' (errno: 0 plugin interface version mismatch)", v.Errors[0].Message)
	assert.False(t, check("iv_0000", mysqlabi.MySQL80, loader.CheckOptions{}).OK())
	assert.True(t, check("iv_01ff", mysqlabi.MySQL80, loader.CheckOptions{}).OK(), "a newer minor is accepted")

	v = check("no_sizeof", mysqlabi.MySQL80, loader.CheckOptions{})
	require.Len(t, v.Errors, 1)
	require.ErrorIs(t, v.Errors[0], loader.ErrIncompatible)
	assert.Contains(t, v.Errors[0].Error(), "no _mysql_sizeof_struct_st_plugin_: mysql-8.0 would walk the declarations with a stride of 72 bytes")
	assert.True(t, check("no_sizeof", mysqlabi.MySQL57, loader.CheckOptions{}).OK(),
		"5.7 uses a 0x0107 array in place and never reads the sizeof")

	v = check("typever", mysqlabi.MySQL80, loader.CheckOptions{})
	got := map[string]string{}
	for _, p := range v.Plugins {
		msg := "ok"
		if len(p.Errors) > 0 {
			msg = p.Errors[0].Message
		}
		got[p.Name] = msg
	}
	assert.Equal(t, map[string]string{
		"api_old":        "Can't open shared library 'typever.so' (errno: 0 API version for DAEMON plugin is too different)",
		"api_new":        "Can't open shared library 'typever.so' (errno: 0 API version for DAEMON plugin is too different)",
		"audit_old":      "Can't open shared library 'typever.so' (errno: 0 API version for AUDIT plugin is too different)",
		"audit_newminor": "ok",
	}, got)

	v = check("bad_type", mysqlabi.MySQL80, loader.CheckOptions{})
	require.Len(t, v.Plugins, 2)
	assert.True(t, v.Plugins[0].Skipped, "type 99 is reported and skipped")
	assert.Contains(t, v.Plugins[0].Warnings[0].Message, "type 99 is not a plugin type of mysql-8.0")
	assert.True(t, v.Plugins[1].Loads())
	assert.True(t, v.OK())

	v = check("service_too_new", mysqlabi.MySQL80, loader.CheckOptions{})
	require.Len(t, v.Errors, 1)
	assert.Equal(t, "Can't open shared library 'service_too_new.so' (errno: 0 service 'my_plugin_log_service' interface version mismatch)",
		v.Errors[0].Message)

	v = check("no_install", mysqlabi.MySQL80, loader.CheckOptions{Install: true})
	require.Len(t, v.Errors, 1)
	assert.Equal(t, 1721, v.Errors[0].Code)
	assert.True(t, check("no_install", mysqlabi.MySQL80, loader.CheckOptions{}).OK(), "--plugin-load ignores NO_INSTALL")

	v = check("load_flags", mysqlabi.MySQL80, loader.CheckOptions{Early: true})
	require.Len(t, v.Errors, 1)
	assert.Equal(t, 3838, v.Errors[0].Code)
	assert.Contains(t, v.Errors[0].Message, "Plugin 'default_off' is not to be used as an \"early\" plugin")

	v = check("maturity_experimental", mysqlabi.MariaDB1011, loader.CheckOptions{})
	require.False(t, v.OK())
	assert.Equal(t, "Can't open shared library 'maturity_experimental.so' (errno: 1, Loading of experimental plugin experimental is prohibited by --plugin-maturity=gamma)",
		v.Plugins[0].Errors[0].Message)
	v = check("maturity_experimental", mysqlabi.MariaDB1011, loader.CheckOptions{Maturity: mysqlabi.MaturityExperimental, MaturitySet: true})
	assert.True(t, v.OK())
	assert.Equal(t, "Plugin 'experimental' is of maturity level experimental while the server is stable", v.Plugins[0].Warnings[0].Message)
}

func TestHostLifecycle(t *testing.T) {
	lines := trace(t)
	h, _ := newHost(t)
	warns, err := h.InstallLibrary("lifecycle.so")
	require.NoError(t, err)
	assert.Empty(t, warns)
	assert.Equal(t, []string{"life_a init arg=set", "life_b init arg=set", "life_c init arg=set", "life_audit init arg=set"}, lines(),
		"init in declaration order; mysqld gives audit plugins their handle")
	assert.Equal(t, map[string]string{"life_a": "ACTIVE", "life_b": "ACTIVE", "life_c": "ACTIVE", "life_audit": "ACTIVE"}, names(h))

	warns, err = h.InstallLibrary("lifecycle.so")
	require.NoError(t, err, "INSTALL SONAME of an installed library changes nothing")
	assert.Empty(t, warns)

	_, err = h.Uninstall("LIFE_B")
	require.NoError(t, err)
	require.NoError(t, h.Close())
	assert.Equal(t, []string{"life_a init arg=set", "life_b init arg=set", "life_c init arg=set", "life_audit init arg=set",
		"life_b deinit", "life_c deinit", "life_a deinit"}, lines(), "deinit in reverse order (life_audit traces init only)")
	_, err = h.Install("life_a", "lifecycle.so")
	require.ErrorIs(t, err, loader.ErrClosed)
}

func TestHostRefusals(t *testing.T) {
	t.Run("init returning 1", func(t *testing.T) {
		lines := trace(t)
		h, logs := newHost(t)
		_, err := h.Install("init_fail", "init_fail.so")
		serverError(t, err, 1123, "Can't initialize function 'init_fail'; Plugin initialization function failed.", loader.ErrInitFailed)
		assert.Empty(t, h.Plugins(), "nothing stays registered")
		assert.Equal(t, []string{"init_fail init arg=set"}, lines())
		assert.Equal(t, 1, logs.FilterMessage("Plugin 'init_fail' registration as a DAEMON failed.").Len())
	})
	t.Run("INSTALL SONAME whose only plugin fails init unloads once", func(t *testing.T) {
		h, logs := newHost(t)
		_, err := h.InstallLibrary("init_fail.so")
		serverError(t, err, 1123, "Can't initialize function 'init_fail'; Plugin initialization function failed.", loader.ErrInitFailed)
		assert.Empty(t, h.Plugins())
		assert.Equal(t, 1, logs.FilterMessage("library unloaded").Len(), "one dlclose")
		assert.Zero(t, logs.FilterMessage("library unload").Len(), "no failed dlclose")
		_, err = h.InstallLibrary("init_fail.so")
		serverError(t, err, 1123, "", loader.ErrInitFailed)
		assert.Equal(t, 2, logs.FilterMessage("library unloaded").Len(), "loaded and unloaded again")
	})
	t.Run("INSTALL SONAME is all or nothing", func(t *testing.T) {
		lines := trace(t)
		h, _ := newHost(t)
		_, err := h.InstallLibrary("partial_init.so")
		serverError(t, err, 1123, "Can't initialize function 'p_fail'; Plugin initialization function failed.", loader.ErrInitFailed)
		assert.Empty(t, h.Plugins())
		assert.Equal(t, []string{"p_ok init arg=set", "p_fail init arg=set", "p_ok deinit"}, lines(),
			"the plugins initialised before the failure are deinitialised again")
		_, err = h.Install("p_ok2", "partial_init.so")
		require.NoError(t, err, "the library stays usable plugin by plugin")
	})
	t.Run("name clash across libraries", func(t *testing.T) {
		h, _ := newHost(t)
		_, err := h.InstallLibrary("clash_a.so")
		require.NoError(t, err)
		_, err = h.InstallLibrary("clash_b.so")
		serverError(t, err, 1125, "Function 'CLASH_PLUGIN' already exists", loader.ErrExists)
		_, err = h.Install("Clash_Plugin", "clash_b.so")
		serverError(t, err, 1125, "Function 'Clash_Plugin' already exists", loader.ErrExists)
		assert.Equal(t, map[string]string{"clash_plugin": "ACTIVE"}, names(h))
	})
	t.Run("duplicate names in one library", func(t *testing.T) {
		h, _ := newHost(t)
		_, err := h.InstallLibrary("dupname.so")
		serverError(t, err, 1125, "Function 'DUP_NAME' already exists", loader.ErrExists)
		assert.Empty(t, h.Plugins())
	})
	t.Run("NO_UNINSTALL", func(t *testing.T) {
		h, _ := newHost(t)
		_, err := h.Install("no_uninstall", "no_uninstall.so")
		require.NoError(t, err)
		_, err = h.Uninstall("no_uninstall")
		serverError(t, err, 1720, "Plugin 'no_uninstall' is marked as not dynamically uninstallable. You have to stop the server to uninstall it.", loader.ErrRefused)
		assert.Equal(t, "ACTIVE", names(h)["no_uninstall"])
	})
	t.Run("NO_INSTALL", func(t *testing.T) {
		h, _ := newHost(t)
		_, err := h.Install("no_install_other", "no_install.so")
		serverError(t, err, 1721, "Plugin 'no_install' is marked as not dynamically installable. You have to stop the server to install it.", loader.ErrRefused)
		assert.Empty(t, h.Plugins())
		h2, _ := newHost(t, loader.WithPluginLoad("no_install.so"))
		assert.Equal(t, map[string]string{"no_install": "ACTIVE", "no_install_other": "ACTIVE"}, names(h2),
			"--plugin-load ignores NO_INSTALL")
	})
	t.Run("check_uninstall refusing", func(t *testing.T) {
		lines := trace(t)
		h, _ := newHost(t)
		_, err := h.Install("refuse_uninstall", "refuse_uninstall.so")
		require.NoError(t, err)
		_, err = h.Uninstall("refuse_uninstall")
		serverError(t, err, 1883, "Plugin 'refuse_uninstall' cannot be uninstalled now. Plugin is still in use.", loader.ErrRefused)
		assert.Equal(t, "ACTIVE", names(h)["refuse_uninstall"])
		assert.Equal(t, []string{"refuse_uninstall init arg=set", "refuse_uninstall check_uninstall"}, lines())
	})
	t.Run("deinit returning 1", func(t *testing.T) {
		lines := trace(t)
		h, _ := newHost(t)
		_, err := h.Install("deinit_fail", "deinit_fail.so")
		require.NoError(t, err)
		warns, err := h.Uninstall("deinit_fail")
		require.NoError(t, err, "mysqld ignores deinit's result")
		assert.Empty(t, warns)
		assert.Empty(t, h.Plugins())
		assert.Equal(t, []string{"deinit_fail init arg=set", "deinit_fail deinit"}, lines())
	})
	t.Run("UNINSTALL of a plugin in use", func(t *testing.T) {
		lines := trace(t)
		h, _ := newHost(t)
		_, err := h.Install("life_a", "lifecycle.so")
		require.NoError(t, err)
		ref, err := h.Acquire("LIFE_A")
		require.NoError(t, err)
		warns, err := h.Uninstall("life_a")
		require.NoError(t, err)
		assert.Equal(t, []loader.Warning{{Level: loader.LevelWarning, Code: 1620, SQLState: "HY000",
			Message: "Plugin is busy and will be uninstalled on shutdown"}}, warns)
		assert.Equal(t, map[string]string{"life_a": "DELETED"}, names(h))
		_, err = h.Uninstall("life_a")
		serverError(t, err, 1305, "PLUGIN life_a does not exist", loader.ErrNotFound)
		_, err = h.Acquire("life_a")
		serverError(t, err, 1524, "Plugin 'life_a' is not loaded", loader.ErrNotFound)
		assert.Equal(t, []string{"life_a init arg=set"}, lines(), "not deinitialised while in use")
		ref.Release()
		ref.Release()
		assert.Empty(t, h.Plugins())
		assert.Equal(t, []string{"life_a init arg=set", "life_a deinit"}, lines(), "the last release deinitialises it")
	})
	t.Run("FORCE_PLUS_PERMANENT", func(t *testing.T) {
		h, _ := newHost(t, loader.WithLoadOption("life_a", loader.LoadForcePlusPermanent))
		_, err := h.Install("life_a", "lifecycle.so")
		require.NoError(t, err)
		_, err = h.Uninstall("life_a")
		serverError(t, err, 1702, "Plugin 'life_a' is force_plus_permanent and can not be unloaded", loader.ErrRefused)
	})
	t.Run("DEFAULT_OFF and --name=OFF", func(t *testing.T) {
		lines := trace(t)
		h, _ := newHost(t, loader.WithLoadOption("life_c", loader.LoadOff))
		warns, err := h.Install("default_off", "load_flags.so")
		require.NoError(t, err)
		require.Len(t, warns, 1)
		assert.Equal(t, loader.Warning{Level: loader.LevelWarning, Code: 1123, SQLState: "HY000",
			Message: "Can't initialize function 'default_off'; Plugin is disabled"}, warns[0])
		_, err = h.Install("life_c", "lifecycle.so")
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"default_off": "DISABLED", "life_c": "DISABLED"}, names(h))
		assert.Nil(t, lines(), "a disabled plugin is never initialised")
		p, ok := h.Plugin("default_off")
		require.True(t, ok)
		assert.Equal(t, "OFF", p.LoadOption)
	})
	t.Run("unknown variable type disables the plugin", func(t *testing.T) {
		h, logs := newHost(t)
		warns, err := h.Install("bad_vartype", "bad_vartype.so")
		require.NoError(t, err)
		require.Len(t, warns, 1)
		assert.Equal(t, "DISABLED", names(h)["bad_vartype"])
		assert.Equal(t, 1, logs.FilterMessage("Unknown variable type code 0x1f in plugin 'bad_vartype'.").Len())
	})
	t.Run("type 99 is never initialised", func(t *testing.T) {
		h, _ := newHost(t)
		_, err := h.InstallLibrary("bad_type.so")
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"after_badtype": "ACTIVE"}, names(h))
		_, err = h.Install("badtype_99", "bad_type.so")
		serverError(t, err, 1127, "Can't find symbol 'badtype_99' in library", loader.ErrNotFound)
	})
	t.Run("NULL info ends the array", func(t *testing.T) {
		h, _ := newHost(t)
		_, err := h.Install("after_null_info", "null_info.so")
		serverError(t, err, 1127, "Can't find symbol 'after_null_info' in library", loader.ErrNotFound)
	})
	t.Run("descriptor version", func(t *testing.T) {
		h, _ := newHost(t)
		_, err := h.Install("api_new", "typever.so")
		e := serverError(t, err, 1126, "Can't open shared library 'typever.so' (errno: 0 API version for DAEMON plugin is too different)", loader.ErrIncompatible)
		assert.Contains(t, e.Detail, "descriptor version 8388352.0; mysql-8.0 accepts 80043.0 to 80043.255")
		_, err = h.Install("audit_newminor", "typever.so")
		require.NoError(t, err)
	})
	t.Run("interface version", func(t *testing.T) {
		h, _ := newHost(t)
		_, err := h.Install("abi_values", "iv_0200.so")
		e := serverError(t, err, 1126, "", loader.ErrIncompatible)
		assert.Equal(t, "Can't open shared library '"+fixture(t, "iv_0200")+"' (errno: 0 plugin interface version mismatch)", e.Message)
	})
	t.Run("services and server symbols", func(t *testing.T) {
		h, logs := newHost(t)
		_, err := h.Install("needs_service", "needs_service.so")
		require.NoError(t, err, "my_plugin_log_service is linked to the host's implementation")
		assert.Equal(t, 1, logs.FilterMessageSnippet("Plugin needs_service reported: '").Len(),
			"the plugin's my_plugin_log_message in init reached the host's logger: %v", logs.All())
		_, err = h.Install("needs_symbol", "needs_symbol.so")
		require.NoError(t, err, "thd_get_thread_id is exported by the host")
		_, err = h.Install("service_too_new", "service_too_new.so")
		serverError(t, err, 1126, "", loader.ErrIncompatible)

		lib, err := loader.Inspect(fixture(t, "needs_service"))
		require.NoError(t, err)
		assert.Equal(t, []loader.ServiceRef{{Name: "my_plugin_log_service", Version: 0x0100}}, lib.Services)
		lib, err = loader.Inspect(fixture(t, "needs_symbol"))
		require.NoError(t, err)
		assert.Equal(t, []string{"thd_get_thread_id"}, lib.ServerSymbols)

		// MariaDB has no my_plugin_log service: the same library is refused there.
		hm, _ := newHost(t, loader.WithProfile(mysqlabi.MariaDB1011), loader.WithPluginMaturity(mysqlabi.MaturityUnknown))
		_, err = hm.Install("needs_service", "needs_service")
		require.ErrorIs(t, err, loader.ErrNotHostable)
		assert.Contains(t, err.Error(), "my_plugin_log_service (not a service of mariadb-10.11)")
	})
	t.Run("5.1 and 5.7 libraries in the 8.0 host", func(t *testing.T) {
		lines := trace(t)
		h, _ := newHost(t)
		_, err := h.Install("old51", "good_51.so")
		require.NoError(t, err)
		_, err = h.Install("life_b", "lifecycle_57.so")
		require.NoError(t, err)
		_, err = h.Uninstall("life_b")
		require.NoError(t, err)
		assert.Equal(t, []string{"life_b init arg=set", "life_b deinit"}, lines(),
			"a 5.7 plugin's deinit is called as deinit (mysqld would call it as check_uninstall)")
		_, err = h.InstallLibrary("good_multi_57.so")
		serverError(t, err, 1126, "Can't open shared library 'good_multi_57.so' (errno: 0 API version for DAEMON plugin is too different)",
			loader.ErrIncompatible)
		assert.Equal(t, map[string]string{"old51": "ACTIVE"}, names(h))
	})
}

func TestHostMariaDB(t *testing.T) {
	lines := trace(t)
	h, logs := newHost(t, loader.WithProfile(mysqlabi.MariaDB1011))
	_, err := h.Install("maria_daemon", "good_maria") // MariaDB appends .so
	require.NoError(t, err)
	p, ok := h.Plugin("MARIA_DAEMON")
	require.True(t, ok)
	assert.Equal(t, loader.PluginInfo{Name: "maria_daemon", Version: "1.3", Status: "ACTIVE", Type: "DAEMON",
		TypeVersion: "101119.0", Library: "good_maria.so", LibraryVersion: "1.15", Author: "maria author",
		Description: p.Description, License: "GPL", LoadOption: "ON", Maturity: "Stable", AuthVersion: "1.3-maria",
		Plugin: p.Plugin}, p)

	_, err = h.Install("maria_daemon", "good_maria")
	serverError(t, err, 1968, "Plugin 'maria_daemon' already installed", loader.ErrExists)

	_, err = h.Install("experimental", "maturity_experimental")
	serverError(t, err, 1126, "Can't open shared library 'maturity_experimental.so' (errno: 1, Loading of experimental plugin experimental is prohibited by --plugin-maturity=gamma)", loader.ErrIncompatible)

	_, err = h.InstallLibrary("lifecycle")
	serverError(t, err, 1126, "Can't open shared library 'lifecycle.so' (errno: 8, API version for DAEMON plugin life_a not supported by this version of the server)", loader.ErrIncompatible)

	_, err = h.UninstallLibrary("no_such_lib")
	serverError(t, err, 1305, "SONAME no_such_lib.so does not exist", loader.ErrNotFound)
	_, err = h.UninstallLibrary("good_maria")
	require.NoError(t, err)
	assert.Empty(t, h.Plugins())
	assert.Nil(t, lines())

	h2, _ := newHost(t, loader.WithProfile(mysqlabi.MariaDB1011), loader.WithPluginMaturity(mysqlabi.MaturityExperimental))
	_, err = h2.Install("experimental", "maturity_experimental")
	require.NoError(t, err)
	_ = logs
}

func TestStartupLoading(t *testing.T) {
	t.Run("a failure abandons the rest of its list", func(t *testing.T) {
		h, logs := newHost(t, loader.WithPluginLoad("life_a=lifecycle.so;nosuch.so;clash_a.so"),
			loader.WithPluginLoadAdd("longname.so"))
		assert.Equal(t, map[string]string{"life_a": "ACTIVE",
			"plugin_name_that_is_much_longer_than_sixty_four_characters_xxxxxxxxxxxxxxx": "ACTIVE"}, names(h))
		assert.Equal(t, 1, logs.FilterMessage("Couldn't load plugin named '' with soname 'nosuch.so'.").Len())
	})
	t.Run("--plugin-load replaces, --plugin-load-add appends", func(t *testing.T) {
		h, _ := newHost(t, loader.WithPluginLoadAdd("clash_a.so"), loader.WithPluginLoad("life_b=lifecycle.so"),
			loader.WithPluginLoadAdd("life_c=lifecycle.so"))
		assert.Equal(t, map[string]string{"life_b": "ACTIVE", "life_c": "ACTIVE"}, names(h))
	})
	t.Run("FORCE plugin failing init fails the start", func(t *testing.T) {
		_, err := loader.NewHost(loader.WithPluginDir(fixtureDir(t)), loader.WithPluginLoad("init_fail.so"),
			loader.WithLoadOption("init_fail", loader.LoadForce))
		require.ErrorIs(t, err, loader.ErrInitFailed)
		assert.Contains(t, err.Error(), "failed to initialize plugins")
	})
	t.Run("a plugin failing init without FORCE is dropped", func(t *testing.T) {
		h, _ := newHost(t, loader.WithPluginLoad("init_fail.so;life_a=lifecycle.so"))
		assert.Equal(t, map[string]string{"life_a": "ACTIVE"}, names(h))
	})
	t.Run("--early-plugin-load needs ALLOW_EARLY on every plugin", func(t *testing.T) {
		h, logs := newHost(t, loader.WithEarlyPluginLoad("load_flags.so"))
		assert.Empty(t, h.Plugins())
		assert.Equal(t, 1, logs.FilterMessage("Couldn't load plugin named '' with soname 'load_flags.so'.").Len())
	})
}

// TestHostConcurrent: statements from many goroutines at once (run with
// -race): every one either succeeds or fails with a server error, and the
// host ends consistent.
func TestHostConcurrent(t *testing.T) {
	h, _ := newHost(t)
	done := make(chan error, 16)
	for g := 0; g < 16; g++ {
		go func(g int) {
			var err error
			for i := 0; i < 50 && err == nil; i++ {
				name := []string{"life_a", "life_b", "life_c"}[(g+i)%3]
				switch (g + i) % 4 {
				case 0:
					_, err = h.Install(name, "lifecycle.so")
				case 1:
					_, err = h.Uninstall(name)
				case 2:
					var ref *loader.PluginRef
					if ref, err = h.Acquire(name); err == nil {
						_ = h.Plugins()
						ref.Release()
					}
				default:
					_ = h.Plugins()
				}
				var e *loader.Error
				if err != nil && errors.As(err, &e) && e.Code != 0 {
					err = nil // a server error (exists, does not exist, not loaded) is an answer
				}
			}
			done <- err
		}(g)
	}
	for g := 0; g < 16; g++ {
		require.NoError(t, <-done)
	}
	for _, p := range h.Plugins() {
		assert.Contains(t, []string{"ACTIVE", "DELETED"}, p.Status)
	}
	require.NoError(t, h.Close())
	assert.Empty(t, h.Plugins())
}

// TestCloseWhileReferenced: a plugin referenced when the host closes keeps
// its code loaded; the last Release deinitialises it.
func TestCloseWhileReferenced(t *testing.T) {
	lines := trace(t)
	h, logs := newHost(t)
	_, err := h.Install("marker", "marker.so")
	require.NoError(t, err)
	ref, err := h.Acquire("marker")
	require.NoError(t, err)
	require.NoError(t, h.Close())
	assert.Equal(t, []string{"marker init arg=set"}, lines(), "no deinit while referenced")
	assert.Equal(t, 1, logs.FilterMessage("plugin in use at close: it is deinitialised when released").Len())
	ref.Release()
	assert.Equal(t, []string{"marker init arg=set", "marker deinit"}, lines())
	assert.Equal(t, 1, logs.FilterMessage("library unloaded").Len())
	_, err = h.Acquire("marker")
	require.ErrorIs(t, err, loader.ErrClosed)
}

// TestRelativePluginDir: a relative plugin_dir works (dlopen gets an
// absolute path, not a bare name searched in the library path).
func TestRelativePluginDir(t *testing.T) {
	t.Chdir(fixtureDir(t))
	h, err := loader.NewHost(loader.WithPluginDir("."))
	require.NoError(t, err)
	defer h.Close()
	_, err = h.InstallLibrary("good_multi.so")
	require.NoError(t, err)
	assert.True(t, filepath.IsAbs(h.PluginDir()))
}
