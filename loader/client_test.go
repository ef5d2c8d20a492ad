package loader_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
)

// runClient runs a client plugin against a scripted server that sends
// each packet in turn and records what the client answers. The exchange
// ends when the script is done and the client returns.
func runClient(t *testing.T, c *loader.ClientPlugin, script []string, req loader.ClientAuthRequest) (loader.AuthCode, []string, error) {
	t.Helper()
	sc, cc := packetPipe()
	var answers []string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer sc.Close()
		for _, p := range script {
			if sc.WritePacket([]byte(p)) != nil {
				return
			}
			b, err := sc.ReadPacket()
			if err != nil {
				return
			}
			answers = append(answers, string(b))
		}
	}()
	code, err := c.Authenticate(cc, req)
	cc.Close()
	wg.Wait()
	return code, answers, err
}

// TestAuthClientClearPassword: Debian's mysql_clear_password sends
// mysql->passwd with its NUL and returns CR_OK.
func TestAuthClientClearPassword(t *testing.T) {
	c, err := loader.OpenClientPlugin(clientDir(t), "mysql_clear_password", mysqlabi.ClientAuthentication)
	require.NoError(t, err)
	defer c.Close()
	assert.Equal(t, uint32(0x0100), c.Decl.InterfaceVersion)
	sc, cc := packetPipe()
	code, err := c.Authenticate(cc, loader.ClientAuthRequest{User: "bob", Password: "s3cret"})
	require.NoError(t, err)
	assert.Equal(t, loader.AuthOK, code)
	got, err := sc.ReadPacket()
	require.NoError(t, err)
	assert.Equal(t, "s3cret\x00", string(got))

	require.NoError(t, c.Close())
	_, err = c.Authenticate(cc, loader.ClientAuthRequest{})
	require.ErrorIs(t, err, loader.ErrClosed)
}

// TestAuthClientDialog: Debian's dialog.so (reference §6) answers a lone
// password question with mysql->passwd, asks the host's
// mariadb_auth_dialog callback for everything else, stops after the
// question marked last, and ends at once on a 254 packet.
func TestAuthClientDialog(t *testing.T) {
	c, err := loader.OpenClientPlugin(clientDir(t), "dialog", mysqlabi.ClientAuthentication)
	require.NoError(t, err)
	defer c.Close()

	type question struct {
		typ    int
		prompt string
	}
	var asked []question
	ask := func(typ int, prompt string) (string, bool) {
		asked = append(asked, question{typ, prompt})
		switch typ {
		case 1:
			return "carol", true
		case 2:
			return "from-callback", true
		}
		return "", false
	}

	code, answers, err := runClient(t, c, []string{"\x05Password: "}, loader.ClientAuthRequest{Password: "s3cret", Dialog: ask})
	require.NoError(t, err)
	assert.Equal(t, loader.AuthOK, code)
	assert.Equal(t, []string{"s3cret\x00"}, answers)
	assert.Empty(t, asked, "the password came from mysql->passwd")

	code, answers, err = runClient(t, c, []string{"\x02Login: ", "\x05Password: "},
		loader.ClientAuthRequest{Password: "s3cret", Dialog: ask})
	require.NoError(t, err)
	assert.Equal(t, loader.AuthOK, code)
	assert.Equal(t, []string{"carol\x00", "from-callback\x00"}, answers)
	assert.Equal(t, []question{{1, "Login: "}, {2, "Password: "}}, asked)

	code, answers, err = runClient(t, c, []string{"\xfe"}, loader.ClientAuthRequest{Password: "s3cret", Dialog: ask})
	require.NoError(t, err)
	assert.Equal(t, loader.AuthOKHandshakeDone, code)
	assert.Empty(t, answers)
}

// TestAuthClientLoadRules: the Connector/C loader's checks, each with
// CR_AUTH_PLUGIN_CANNOT_LOAD.
func TestAuthClientLoadRules(t *testing.T) {
	dir := clientDir(t)
	tmp := t.TempDir()
	copyFile := func(src, dst string) {
		b, err := os.ReadFile(src)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(tmp, dst), b, 0o755))
	}
	copyFile(filepath.Join(dir, "dialog.so"), "renamed.so")
	copyFile(filepath.Join(testbuild.CorpusDir(t), "plugins", "server", "simple_password_check.so"), "server_side.so")

	for _, tc := range []struct {
		dir, name string
		typ       int
		msg       string
		cause     error
	}{
		{dir, "../client/dialog", loader.AnyClientType, "No paths allowed for shared library", loader.ErrBadName},
		{dir, "nosuch", loader.AnyClientType, "", loader.ErrNotFound},
		{dir, "dialog", 3, "type mismatch", loader.ErrIncompatible},
		{tmp, "renamed", loader.AnyClientType, "name mismatch", loader.ErrIncompatible},
		{tmp, "server_side", loader.AnyClientType, "not a plugin", loader.ErrNotPlugin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loader.OpenClientPlugin(tc.dir, tc.name, tc.typ)
			var e *loader.Error
			require.ErrorAs(t, err, &e)
			require.ErrorIs(t, err, tc.cause)
			assert.Equal(t, 2059, e.Code)
			if tc.msg != "" {
				assert.Equal(t, "Authentication plugin '"+tc.name+"' cannot be loaded: "+tc.msg, e.Message)
			}
		})
	}
}
