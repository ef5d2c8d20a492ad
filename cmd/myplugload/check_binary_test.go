package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/myplugload/myplugload/internal/testbuild"
)

// TestCheckServerBinary: with --server-binary, a library importing symbols
// the executable does not export is refused as the server's dlopen would
// refuse it.
func TestCheckServerBinary(t *testing.T) {
	audit := filepath.Join(testbuild.CorpusDir(t), "plugins", "server", "server_audit.so")
	code, out, errs := runCLI("check", "--server", "mariadb-10.11", "--server-binary", "/bin/ls", audit)
	assert.Equal(t, exitFail, code, errs)
	assert.Contains(t, out, "server_audit.so: does not load in mariadb-10.11")
	assert.Contains(t, out, "ERROR 1126 (HY000): Can't open shared library 'server_audit.so' (errno: 0, ")
	assert.Contains(t, out, "server_audit.so: undefined symbol: PSI_server)")
	code, _, errs = runCLI("check", "--server", "mariadb-10.11", "--server-binary", "/no/such/mariadbd", audit)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "--server-binary: server binary /no/such/mariadbd")
}
