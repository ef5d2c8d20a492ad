package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
)

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestInspectExample(t *testing.T) {
	so := testbuild.File(t, "cplugins/examples/example_daemon.so")
	code, out, errs := runCLI("inspect", so)
	require.Equal(t, exitOK, code, errs)
	assert.Empty(t, errs)
	for _, want := range []string{
		"example_daemon.so (read: static)\n",
		"mysql declarations: interface version 0x010b, sizeof 112, 1 plugin(s)",
		"PLUGIN example_daemon",
		"type                 DAEMON",
		"type version         80043.0",
		"entry points         init, check_uninstall, deinit",
		"system variables (24):",
		"example_daemon_enum_var       GLOBAL   ENUM             green       red|green|blue",
		"example_daemon_ulonglong_var  GLOBAL   BIGINT UNSIGNED  1000000     0..(no limit)",
		"example_daemon_thd_str        SESSION  VARCHAR          session",
		"status variables (16):",
		"example_daemon_nested_deeper_int_value  INT",
	} {
		assert.Contains(t, out, want)
	}
}

func TestInspectExitCodes(t *testing.T) {
	so := testbuild.File(t, "cplugins/examples/example_daemon_57.so")
	missing := filepath.Join(t.TempDir(), "nope.so")
	code, out, errs := runCLI("inspect", missing, so)
	assert.Equal(t, exitFail, code, "a file that cannot be read fails the run")
	assert.Contains(t, errs, "myplugload inspect: "+missing+": open")
	assert.Contains(t, out, "interface version 0x0107, sizeof 104", "the other files are still shown")

	code, _, errs = runCLI("inspect")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "no FILE given")
	code, _, errs = runCLI("inspect", "--bogus")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "flag provided but not defined: -bogus")
}

func TestHelpAndVersion(t *testing.T) {
	code, out, _ := runCLI("help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "inspect    show what plugin libraries declare")
	code, out, _ = runCLI("help", "inspect")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "no code of the library runs")
	code, out, _ = runCLI("inspect", "-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Usage: myplugload inspect [--dlopen] FILE...")
	code, out, _ = runCLI("--version")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, "myplugload dev\n", out)
	code, _, errs := runCLI("frobnicate")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, `unknown command "frobnicate"`)
	code, _, _ = runCLI()
	assert.Equal(t, exitUsage, code)
}
