package loader_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ebitengine/purego"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/sysvar"
)

const notValidPassword = "Your password does not satisfy the current policy requirements"

// messages returns the texts of the conditions, asserting each is a
// warning with code.
func messages(t *testing.T, ws []loader.Warning, code int) []string {
	t.Helper()
	var out []string
	for _, w := range ws {
		assert.Equal(t, loader.LevelWarning, w.Level, w.Message)
		assert.Equal(t, code, w.Code, w.Message)
		out = append(out, w.Message)
	}
	return out
}

// rejected asserts err is ER_NOT_VALID_PASSWORD from plugin.
func rejected(t *testing.T, err error, message, plugin string) {
	t.Helper()
	require.ErrorIs(t, err, loader.ErrNotValidPassword)
	var e *loader.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 1819, e.Code)
	assert.Equal(t, "HY000", e.SQLState)
	assert.Equal(t, message, e.Message)
	assert.Equal(t, plugin, e.Plugin)
}

// TestPasswordSimpleCheck drives Debian's simple_password_check.so as
// mariadbd does (reference §5): its verdicts with the defaults, the
// warnings it raises on the session, and its variables changing them.
func TestPasswordSimpleCheck(t *testing.T) {
	h, _, _ := corpusHost(t)
	s, err := h.NewSession()
	require.NoError(t, err)
	t.Cleanup(s.Close)

	// No validation plugin: everything is accepted.
	require.NoError(t, h.ValidatePassword(s, "alice", "localhost", "a"))

	_, err = h.InstallLibrary("simple_password_check")
	require.NoError(t, err)
	const who = "simple_password_check: "
	for _, tc := range []struct {
		password string
		warnings []string // nil: accepted
	}{
		// The user's own name is refused before the other rules are checked.
		{"alice", []string{who + "The password equal to the user name"}},
		{"short", []string{who + "Too short password (< 8)", who + "Not enough upper case letters (< 1)",
			who + "Not enough digits (< 1)", who + "Not enough special characters (< 1)"}},
		{"longpassword", []string{who + "Not enough upper case letters (< 1)", who + "Not enough digits (< 1)",
			who + "Not enough special characters (< 1)"}},
		{"Longpassw0rd", []string{who + "Not enough special characters (< 1)"}},
		{"Longpassw0rd!", nil},
		{"alice-Ab1!xyz", nil},
	} {
		t.Run(tc.password, func(t *testing.T) {
			err := h.ValidatePassword(s, "alice", "localhost", tc.password)
			conds := s.TakeConditions()
			if tc.warnings == nil {
				require.NoError(t, err)
				assert.Empty(t, conds)
				return
			}
			rejected(t, err, notValidPassword+" (simple_password_check)", "simple_password_check")
			assert.ElementsMatch(t, tc.warnings, messages(t, conds, 1819))
		})
	}

	// digits=7: the plugin raises minimal_length to 7+2+1 = 10, warning 1292.
	w, err := h.SetVariable(s, sysvar.ScopeGlobal, "simple_password_check_digits", sysvar.IntValue(7))
	require.NoError(t, err)
	w = append(w, s.TakeConditions()...)
	require.Len(t, w, 1)
	assert.Equal(t, 1292, w[0].Code)
	assert.Equal(t, "Adjusted the value of simple_password_check_minimal_length from 8 to 10", w[0].Message)
	assert.Equal(t, "10", getVar(t, h, "simple_password_check_minimal_length"))
	err = h.ValidatePassword(s, "alice", "localhost", "Longpassw0rd!")
	rejected(t, err, notValidPassword+" (simple_password_check)", "simple_password_check")
	assert.Equal(t, []string{who + "Not enough digits (< 7)"}, messages(t, s.TakeConditions(), 1819))
	rejected(t, h.ValidatePassword(s, "alice", "localhost", "Ab!123456"), notValidPassword+" (simple_password_check)",
		"simple_password_check")
	assert.Equal(t, []string{who + "Too short password (< 10)", who + "Not enough digits (< 7)"},
		messages(t, s.TakeConditions(), 1819))
	require.NoError(t, h.ValidatePassword(s, "alice", "localhost", "Ab!1234567"))

	// other_characters=0 and digits=1 back: "Longpassw0rd" (12) passes.
	setVar(t, h, s, "simple_password_check_digits", sysvar.IntValue(1))
	setVar(t, h, s, "simple_password_check_other_characters", sysvar.IntValue(0))
	setVar(t, h, s, "simple_password_check_minimal_length", sysvar.IntValue(8))
	require.NoError(t, h.ValidatePassword(s, "alice", "localhost", "Longpassw0rd"))
	// letters_same_case=2 needs two of each case.
	setVar(t, h, s, "simple_password_check_letters_same_case", sysvar.IntValue(2))
	err = h.ValidatePassword(s, "alice", "localhost", "Longpassw0rd")
	rejected(t, err, notValidPassword+" (simple_password_check)", "simple_password_check")
	assert.Equal(t, []string{who + "Not enough upper case letters (< 2)"}, messages(t, s.TakeConditions(), 1819))

	// Without a session the verdict is the same; the warnings are dropped.
	rejected(t, h.ValidatePassword(nil, "alice", "localhost", "x"), notValidPassword+" (simple_password_check)",
		"simple_password_check")

	// MariaDB has no strength function.
	_, err = h.PasswordStrength(s, "x")
	require.ErrorIs(t, err, loader.ErrNotSupported)

	// Uninstalled: no policy any more.
	_, err = h.Uninstall("simple_password_check")
	require.NoError(t, err)
	require.NoError(t, h.ValidatePassword(s, "alice", "localhost", "x"))
}

// TestPasswordCracklib runs Debian's cracklib_password_check.so, which
// needs libcrack2 and its dictionary (Debian packages libcrack2 and
// cracklib-runtime): skipped when they are missing, except in CI.
func TestPasswordCracklib(t *testing.T) {
	if _, err := purego.Dlopen("libcrack.so.2", purego.RTLD_NOW|purego.RTLD_LOCAL); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("libcrack.so.2 is not loadable in CI: install libcrack2 and cracklib-runtime (%v)", err)
		}
		t.Skipf("libcrack.so.2 is not loadable (install libcrack2 and cracklib-runtime): %v", err)
	}
	h, _, _ := corpusHost(t)
	s, err := h.NewSession()
	require.NoError(t, err)
	t.Cleanup(s.Close)
	_, err = h.InstallLibrary("cracklib_password_check")
	require.NoError(t, err)
	// A dictionary word and the user's own name are refused, with the
	// plugin's warning; a random string passes.
	for _, pw := range []string{"password", "alice"} {
		err := h.ValidatePassword(s, "alice", "localhost", pw)
		rejected(t, err, notValidPassword+" (cracklib_password_check)", "cracklib_password_check")
		conds := s.TakeConditions()
		require.NotEmpty(t, conds, pw)
		assert.Contains(t, conds[0].Message, "cracklib: ", pw)
	}
	require.NoError(t, h.ValidatePassword(s, "alice", "localhost", "q7#Vx!m2Rz@9pLw"))
}

// TestPasswordMySQLExample drives our MySQL VALIDATE PASSWORD example
// (cplugins/examples/example_password) on a MySQL 8.0 host: mysqld's
// my_validate_password_policy and VALIDATE_PASSWORD_STRENGTH.
func TestPasswordMySQLExample(t *testing.T) {
	dir := testbuild.File(t, "cplugins/examples/example_password.so")
	h, err := loader.NewHost(loader.WithProfile(mysqlabi.MySQL80), loader.WithPluginDir(filepath.Dir(dir)))
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	s, err := h.NewSession()
	require.NoError(t, err)
	t.Cleanup(s.Close)

	n, err := h.PasswordStrength(s, "abc")
	require.NoError(t, err)
	assert.Equal(t, 0, n, "no plugin: strength 0")

	_, err = h.Install("validate_password", "example_password.so")
	require.NoError(t, err)
	for _, tc := range []struct {
		password string
		ok       bool
		strength int
	}{
		{"", false, 0},
		{"abc", false, 9},          // 25 * 3/8
		{"abcdefgh", false, 25},    // one class
		{"Abcdefg1", true, 75},     // three classes
		{"Abcdef1!", true, 100},    // four
		{"Ab1!", false, 50},        // 100 * 4/8
		{"ABCDEFG12", false, 50},   // no lower case
		{"Pässwörd123", true, 100}, // bytes >= 0x80 count as other
	} {
		t.Run(tc.password, func(t *testing.T) {
			err := h.ValidatePassword(s, "bob", "%", tc.password)
			if tc.ok {
				require.NoError(t, err)
			} else {
				rejected(t, err, notValidPassword, "validate_password")
			}
			n, err := h.PasswordStrength(s, tc.password)
			require.NoError(t, err)
			assert.Equal(t, tc.strength, n)
		})
	}
	setVar(t, h, s, "validate_password_minimal_length", sysvar.IntValue(12))
	rejected(t, h.ValidatePassword(s, "bob", "%", "Abcdefg1"), notValidPassword, "validate_password")
	n, err = h.PasswordStrength(s, "Abcdefg1")
	require.NoError(t, err)
	assert.Equal(t, 50, n) // 75 * 8/12
}

// TestPasswordDaemonThread installs our example daemon with a thread of
// its own (cplugins/examples/example_password/example_heartbeat.c): the
// thread logs through my_plugin_log_message into the host's logger, and
// UNINSTALL joins it in deinit, after which nothing is logged.
func TestPasswordDaemonThread(t *testing.T) {
	so := testbuild.File(t, "cplugins/examples/example_heartbeat.so")
	core, logs := observer.New(zap.DebugLevel)
	h, err := loader.NewHost(loader.WithProfile(mysqlabi.MySQL80), loader.WithPluginDir(filepath.Dir(so)),
		loader.WithLogger(zap.New(core)))
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	heartbeats := func() []string {
		var out []string
		for _, e := range logs.FilterField(zap.String("plugin", "example_heartbeat")).All() {
			if strings.Contains(e.Message, "'heartbeat ") {
				out = append(out, e.Message)
			}
		}
		return out
	}

	_, err = h.Install("example_heartbeat", "example_heartbeat.so")
	require.NoError(t, err)
	assert.Equal(t, "5", getVar(t, h, "example_heartbeat_interval_ms"))
	require.Eventually(t, func() bool { return len(heartbeats()) >= 3 }, 5*time.Second, time.Millisecond)
	got := heartbeats()
	for i, m := range got[:3] {
		assert.Equal(t, fmt.Sprintf("Plugin example_heartbeat reported: 'heartbeat %d'", i+1), m)
	}

	_, err = h.Uninstall("example_heartbeat")
	require.NoError(t, err)
	n := len(heartbeats())
	stopped := logs.FilterMessageSnippet("reported: 'stopped ").All()
	require.Len(t, stopped, 1)
	assert.Equal(t, fmt.Sprintf("Plugin example_heartbeat reported: 'stopped %d'", n), stopped[0].Message)
	time.Sleep(30 * time.Millisecond) // six intervals: a live thread would log
	assert.Len(t, heartbeats(), n, "the thread was joined at deinit")
	_, ok := h.Plugin("example_heartbeat")
	assert.False(t, ok)
}
