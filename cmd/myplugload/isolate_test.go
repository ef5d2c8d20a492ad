package main

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
)

// The isolate tests re-execute the test binary: its init (isolate.go)
// turns `<test binary> __isolate FILE` into the child.

func TestIsolateCrashInConstructor(t *testing.T) {
	crash := testbuild.File(t, "cplugins/fixtures/crash_ctor.so")
	good := testbuild.File(t, "cplugins/examples/example_daemon.so")
	t.Setenv("MYPLUGLOAD_CRASH", "1") // inherited by the child only matters there
	code, out, errs := runCLI("inspect", "--isolate", crash, good)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, errs, "myplugload inspect: "+crash+": plugin crashed: SIGSEGV in dlopen (constructor)\n")
	assert.Contains(t, out, "example_daemon.so (read: isolated)", "the other files are still shown")
	assert.NotContains(t, out, "crash_ctor.so (read")
}

func TestIsolateCrashInInit(t *testing.T) {
	crash := testbuild.File(t, "cplugins/fixtures/crash_ctor.so")
	t.Setenv("MYPLUGLOAD_CRASH", "init")
	code, _, errs := runCLI("inspect", "--isolate", "--init", crash)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, errs, crash+": plugin crashed: SIGSEGV in init\n")

	t.Setenv("MYPLUGLOAD_CRASH", "init-abort")
	code, _, errs = runCLI("inspect", "--isolate", "--init", crash)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, errs, crash+": plugin crashed: SIGABRT in init\n")

	// Without --init, init does not run: no crash.
	code, out, errs := runCLI("inspect", "--isolate", crash)
	assert.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "crash_ctor.so (read: isolated)")
}

func TestIsolateInit(t *testing.T) {
	crash := testbuild.File(t, "cplugins/fixtures/crash_ctor.so")
	initFail := testbuild.File(t, "cplugins/fixtures/init_fail.so")
	code, out, errs := runCLI("inspect", "--isolate", "--init", crash, initFail)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "crash_ctor.so (read: isolated)")
	assert.Contains(t, out, "  INSTALL SONAME in myplugload as mysql-8.0:\n    crash_ctor  ACTIVE")
	assert.Contains(t, out, "ERROR 1123 (HY000): Can't initialize function 'init_fail'; Plugin initialization function failed.")

	code, out, errs = runCLI("inspect", "--isolate", "--init", "--format", "json", crash)
	require.Equal(t, exitOK, code, errs)
	var doc inspectOutputJSON
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Libraries, 1)
	lib := doc.Libraries[0]
	assert.Equal(t, "isolated", lib.Read)
	require.NotNil(t, lib.Init)
	assert.Equal(t, "mysql-8.0", lib.Init.Server)
	require.Len(t, lib.Init.Plugins, 1)
	assert.Equal(t, "ACTIVE", lib.Init.Plugins[0].PluginStatus)
	assert.Equal(t, "NOT INSTALLED", lib.Declarations[0].Plugins[0].PluginStatus, "the declared view stays static")
}

func TestIsolateReadError(t *testing.T) {
	code, _, errs := runCLI("inspect", "--isolate", testbuild.File(t, "cplugins/examples/example_udf.so"))
	assert.Equal(t, exitFail, code)
	assert.Contains(t, errs, "example_udf.so: Can't find symbol '_mysql_plugin_interface_version_' in library")
}

func TestIsolateTimeout(t *testing.T) {
	saved := isolateTimeout
	isolateTimeout = 2 * time.Second
	t.Cleanup(func() { isolateTimeout = saved })
	so := testbuild.File(t, "cplugins/fixtures/crash_ctor.so")
	t.Setenv("MYPLUGLOAD_CRASH", "hang")
	code, _, errs := runCLI("inspect", "--isolate", so)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, errs, so+": plugin hung: no answer within 2s in dlopen (constructor) (child killed)")
}
