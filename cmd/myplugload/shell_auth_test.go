package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/myplugload/myplugload/internal/testbuild"
)

// TestShellLoginThroughPlugins: CREATE USER ... IDENTIFIED VIA ed25519
// stores the plugin's hash; CONNECT runs Debian's auth_ed25519.so against
// Debian's client_ed25519.so, and refuses a wrong password with 1045.
func TestShellLoginThroughPlugins(t *testing.T) {
	dir := filepath.Join(testbuild.CorpusDir(t), "plugins")
	code, out, errs := runCLI("shell", "--server", "mariadb-10.11", "--plugin-dir", filepath.Join(dir, "server"),
		"--client-plugin-dir", filepath.Join(dir, "client"), "--plugin-maturity", "unknown", "--force", "-e",
		`INSTALL SONAME 'auth_ed25519';
		 CREATE USER 'bob'@'localhost' IDENTIFIED VIA ed25519 USING PASSWORD('Secret-123');
		 CONNECT 'bob'@'localhost' IDENTIFIED BY 'Secret-123';
		 CONNECT 'bob'@'localhost' IDENTIFIED BY 'wrong';
		 CONNECT 'carol'@'localhost' IDENTIFIED WITH ed25519 BY 'x';`)
	assert.Equal(t, exitFail, code, "one statement failed")
	assert.Contains(t, out, "Current user:     'bob'@'localhost'")
	assert.Contains(t, errs, "ERROR 1045 (28000) at line 4: Access denied for user 'bob'@'localhost' (using password: YES)")
	assert.Contains(t, out, "Current user:     'carol'@'localhost'")
}

// TestShellLoginExampleAuth: the MySQL 8.0 profile with our example_auth
// server plugin, whose client side is Debian's mysql_clear_password.
func TestShellLoginExampleAuth(t *testing.T) {
	examples := filepath.Dir(testbuild.File(t, "cplugins/examples/example_auth.so"))
	client := filepath.Join(testbuild.CorpusDir(t), "plugins", "client")
	code, out, errs := runCLI("shell", "--plugin-dir", examples, "--client-plugin-dir", client, "--force", "-e",
		`INSTALL PLUGIN example_auth SONAME 'example_auth.so';
		 CREATE USER 'ann'@'localhost' IDENTIFIED WITH example_auth BY 'open-sesame';
		 CONNECT 'ann'@'localhost' IDENTIFIED BY 'open-sesame';
		 CONNECT 'ann'@'localhost' IDENTIFIED BY 'nope';`)
	assert.Equal(t, exitFail, code, "%s\n%s", out, errs)
	assert.Contains(t, out, "Current user:     'ann'@'localhost'", errs)
	assert.Contains(t, errs, "ERROR 1045 (28000)")
}
