package loader

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
)

// TestDriversCheckDescriptor: every typed driver refuses, with
// ErrIncompatible naming the plugin, a live descriptor whose
// interface_version the profile does not accept (here patched to 0 after
// INSTALL), and drives it again once the version is restored.
func TestDriversCheckDescriptor(t *testing.T) {
	for _, tc := range []struct {
		prof   *mysqlabi.Profile
		lib    string
		plugin string
		what   string
		drive  func(h *Host) error
	}{
		{mysqlabi.MySQL80, "example_auth.so", "example_auth", "authentication", func(h *Host) error {
			_, err := h.ClientAuthPlugin("example_auth")
			return err
		}},
		{mysqlabi.MySQL80, "example_password.so", "validate_password", "password validation", func(h *Host) error {
			_, err := h.PasswordStrength(nil, "Secret-123")
			return err
		}},
		{mysqlabi.MariaDB1011, "example_keys.so", "example_keys", "encryption", func(h *Host) error {
			k, err := h.KeyManager("example_keys")
			if err == nil {
				k.Close()
			}
			return err
		}},
		{mysqlabi.MySQL80, "example_ftparser.so", "example_ftparser", "full-text parser", func(h *Host) error {
			f, err := h.FullTextParser("example_ftparser")
			if err == nil {
				f.Close()
			}
			return err
		}},
	} {
		t.Run(tc.what, func(t *testing.T) {
			h := ftHost(t, tc.prof, tc.lib)
			require.NoError(t, tc.drive(h))
			ref, err := h.Acquire(tc.plugin)
			require.NoError(t, err)
			info := uintptr(ref.ip.plugin.Info)
			ref.Release()
			old := native.Read(info, 4)
			native.Write(info, []byte{0, 0, 0, 0})
			err = tc.drive(h)
			native.Write(info, old)
			require.ErrorIs(t, err, ErrIncompatible)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.plugin, e.Plugin)
			assert.Contains(t, e.Message, tc.what+" interface version 0.0 is not one "+tc.prof.Name+" accepts")
			require.NoError(t, tc.drive(h))
		})
	}
}
