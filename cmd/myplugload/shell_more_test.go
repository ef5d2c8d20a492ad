package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
)

// TestShellMoreStatements covers the statements the golden scripts do
// not: VALIDATE_PASSWORD_STRENGTH and password validation of CREATE USER
// and SET PASSWORD (our example validate_password plugin), session
// variables (SET SESSION, @@session, SHOW SESSION VARIABLES), and an
// aggregate UDF called on one row.
func TestShellMoreStatements(t *testing.T) {
	examples := filepath.Dir(testbuild.File(t, "cplugins/examples/example_password.so"))
	code, out, errs := runCLI("shell", "--plugin-dir", examples, "--force", "-e", `
		INSTALL SONAME 'example_password.so';
		SELECT VALIDATE_PASSWORD_STRENGTH('abc');
		SELECT VALIDATE_PASSWORD_STRENGTH('Str0ng-Passw0rd!');
		CREATE USER 'bob'@'%' IDENTIFIED BY 'abc';
		SET PASSWORD FOR 'bob'@'%' = 'abc';
		CREATE USER 'bob'@'%' IDENTIFIED BY 'Str0ng-Passw0rd!';
		INSTALL PLUGIN example_daemon SONAME 'example_daemon.so';
		SET SESSION example_daemon_thd_str = 'mine';
		SELECT @@session.example_daemon_thd_str, @@global.example_daemon_thd_str;
		SHOW SESSION VARIABLES LIKE 'example_daemon_thd_str';
		CREATE AGGREGATE FUNCTION udf_sumsq RETURNS REAL SONAME 'example_udf.so';
		SELECT udf_sumsq(3);`)
	assert.Equal(t, exitFail, code, "two statements are refused")
	for _, want := range []string{
		"| VALIDATE_PASSWORD_STRENGTH('abc') |\n+-----------------------------------+\n| 9                                 |",
		"| 100                                            |",
		"Query OK (audited, not executed)", // the strong password: accepted, then audited
		"| mine                             | session                         |",
		"| example_daemon_thd_str | mine  |",
		"| udf_sumsq(3) |\n+--------------+\n| 9            |",
	} {
		assert.Contains(t, out, want)
	}
	assert.Contains(t, errs, "ERROR 1819 (HY000) at line 5: Your password does not satisfy the current policy requirements")
	assert.Contains(t, errs, "ERROR 1819 (HY000) at line 6: Your password does not satisfy the current policy requirements")
}

// TestShellSplitCommentOpener: "/*/" opens a comment without closing it
// (a fuzz finding): the mysql client sees one statement here.
func TestShellSplitCommentOpener(t *testing.T) {
	var s splitter
	got := s.feed("SELECT @@sql_mode /*/ ; SELECT 2 */;")
	assert.Len(t, got, 1)
}

// TestShellAllowWritable: a plugin dir other users may write to is
// refused, with the option to name; --allow-writable lets it load.
func TestShellAllowWritable(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(testbuild.File(t, "cplugins/examples/example_daemon.so"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "example_daemon.so"), src, 0o644))
	require.NoError(t, os.Chmod(dir, 0o777))
	stmt := "INSTALL SONAME 'example_daemon.so'"
	code, _, errs := runCLI("shell", "--plugin-dir", dir, "-e", stmt)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, errs, "is writable by any user")
	assert.Contains(t, errs, "--allow-writable allows it")

	code, out, errs := runCLI("shell", "--plugin-dir", dir, "--allow-writable", "-e", stmt)
	assert.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "Query OK")
	code, _, errs = runCLI("shell", "--allow-writable=yes", "-e", "SELECT 1")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "option --allow-writable takes no value")
}
