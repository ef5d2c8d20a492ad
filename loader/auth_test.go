package loader_test

import (
	"errors"
	"io"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
)

// pipeConn is one end of an in-memory packet connection: what one side
// writes the other reads. Closing an end makes the other's reads fail.
type pipeConn struct {
	in     <-chan []byte
	out    chan<- []byte
	done   chan struct{} // closed by this end
	peer   chan struct{} // the other end's done
	mu     sync.Mutex
	log    *[]string // "<side> <payload>" in order, shared by both ends
	side   string
	closed bool
}

func packetPipe() (a, b *pipeConn) {
	ab, ba := make(chan []byte, 4), make(chan []byte, 4)
	da, db := make(chan struct{}), make(chan struct{})
	log := &[]string{}
	a = &pipeConn{in: ba, out: ab, done: da, peer: db, log: log, side: "server"}
	b = &pipeConn{in: ab, out: ba, done: db, peer: da, log: log, side: "client"}
	return a, b
}

var pipeLogMu sync.Mutex

func (p *pipeConn) ReadPacket() ([]byte, error) {
	select {
	case b := <-p.in:
		return b, nil
	case <-p.peer:
		select { // a packet sent before the close still arrives
		case b := <-p.in:
			return b, nil
		default:
			return nil, io.EOF
		}
	case <-time.After(10 * time.Second):
		return nil, errors.New("read timeout")
	}
}

func (p *pipeConn) WritePacket(b []byte) error {
	select {
	case <-p.peer:
		return io.ErrClosedPipe
	default:
	}
	c := append([]byte(nil), b...) // the argument is the plugin's memory
	pipeLogMu.Lock()
	*p.log = append(*p.log, p.side+" "+string(c))
	pipeLogMu.Unlock()
	select {
	case p.out <- c:
		return nil
	case <-p.peer:
		return io.ErrClosedPipe
	}
}

func (p *pipeConn) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.done)
	}
}

func clientDir(t *testing.T) string {
	return filepath.Join(testbuild.CorpusDir(t), "plugins", "client")
}

// loginResult is what both sides of a login returned, and the packets
// each side wrote ("server ..." / "client ...") in order.
type loginResult struct {
	res     loader.AuthResult
	err     error
	ccode   loader.AuthCode
	cerr    error
	packets []string
}

// login runs a server plugin and a client plugin against each other, each
// in its own goroutine, the packets passing through Go.
func login(t *testing.T, h *loader.Host, s *loader.Session, server string, req loader.AuthRequest,
	client *loader.ClientPlugin, creq loader.ClientAuthRequest) loginResult {
	t.Helper()
	sc, cc := packetPipe()
	var ccode loader.AuthCode
	var cerr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		ccode, cerr = client.Authenticate(cc, creq)
	}()
	// The server's end closes when its plugin returns: a client still
	// reading then fails. The client's end stays open until both are
	// done, as a socket's would while the client waits for the result.
	res, err := h.Authenticate(s, server, sc, req)
	sc.Close()
	wg.Wait()
	cc.Close()
	return loginResult{res, err, ccode, cerr, *sc.log}
}

// TestAuthEd25519 drives Debian's auth_ed25519.so (server) against
// Debian's client_ed25519.so (client): the account's authentication
// string comes from the server plugin's hash_password; the right password
// is accepted, a wrong one refused with ER_ACCESS_DENIED_ERROR.
func TestAuthEd25519(t *testing.T) {
	h, _, _ := corpusHost(t)
	_, err := h.InstallLibrary("auth_ed25519.so")
	require.NoError(t, err)
	client, err := loader.OpenClientPlugin(clientDir(t), "client_ed25519", mysqlabi.ClientAuthentication)
	require.NoError(t, err)
	t.Cleanup(func() { _ = client.Close() })

	cp, err := h.ClientAuthPlugin("ed25519")
	require.NoError(t, err)
	assert.Equal(t, "client_ed25519", cp)

	hash, err := h.GenerateAuthString("ed25519", "s3cret")
	require.NoError(t, err)
	assert.Len(t, hash, 43, "base64 of a 32-byte public key, unpadded")
	again, err := h.GenerateAuthString("ed25519", "s3cret")
	require.NoError(t, err)
	assert.Equal(t, hash, again, "the key is derived from the password")
	require.NoError(t, h.ValidateAuthString("ed25519", hash))
	require.ErrorIs(t, h.ValidateAuthString("ed25519", "not-a-key"), loader.ErrRefused)
	_, err = h.SetSalt("ed25519", hash)
	require.ErrorIs(t, err, loader.ErrNotSupported, "MariaDB's descriptor has no set_salt")

	s, err := h.NewSession()
	require.NoError(t, err)
	t.Cleanup(s.Close)
	req := loader.AuthRequest{User: "alice", HostOrIP: "localhost", AuthString: hash}

	l := login(t, h, s, "ed25519", req, client, loader.ClientAuthRequest{User: "alice", Password: "s3cret"})
	require.NoError(t, l.err)
	require.NoError(t, l.cerr)
	res, packets := l.res, l.packets
	assert.Equal(t, loader.AuthOK, res.Code)
	assert.Equal(t, loader.AuthOK, l.ccode)
	assert.Equal(t, "alice", res.AuthenticatedAs)
	assert.Equal(t, 1, res.Reads)
	assert.Equal(t, 1, res.Writes)
	require.Len(t, packets, 2)
	assert.Len(t, packets[0], len("server ")+32, "a 32-byte nonce")
	assert.Len(t, packets[1], len("client ")+64, "a 64-byte signature")

	l = login(t, h, s, "ed25519", req, client, loader.ClientAuthRequest{User: "alice", Password: "wrong"})
	require.NoError(t, l.cerr, "the client cannot tell")
	assert.Equal(t, loader.AuthOK, l.ccode)
	res, err = l.res, l.err
	require.ErrorIs(t, err, loader.ErrAuthFailed)
	var e *loader.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 1045, e.Code)
	assert.Equal(t, "ed25519", e.Plugin)
	assert.Contains(t, e.Message, "Access denied for user 'alice'@'localhost'")
	assert.NotEqual(t, loader.AuthOK, res.Code)

	// Another account's key refuses the right password for this one.
	other, err := h.GenerateAuthString("ed25519", "other")
	require.NoError(t, err)
	req.AuthString = other
	l = login(t, h, s, "ed25519", req, client, loader.ClientAuthRequest{Password: "s3cret"})
	require.ErrorIs(t, l.err, loader.ErrAuthFailed)

	// A client that hangs up: the plugin's read fails, the error says why.
	sc, cc := packetPipe()
	cc.Close()
	req.AuthString = hash
	_, err = h.Authenticate(s, "ed25519", sc, req)
	require.ErrorIs(t, err, loader.ErrAuthFailed)
	require.ErrorIs(t, err, io.ErrClosedPipe)
}

// TestAuthRefusesOtherTypes: Authenticate needs an installed
// authentication plugin.
func TestAuthRefusesOtherTypes(t *testing.T) {
	h, _, _ := corpusHost(t)
	_, err := h.InstallLibrary("simple_password_check.so")
	require.NoError(t, err)
	sc, _ := packetPipe()
	_, err = h.Authenticate(nil, "simple_password_check", sc, loader.AuthRequest{User: "u"})
	require.ErrorIs(t, err, loader.ErrNotSupported)
	_, err = h.Authenticate(nil, "nosuch", sc, loader.AuthRequest{User: "u"})
	require.ErrorIs(t, err, loader.ErrNotFound)
}

// exampleAuthHost is a MySQL host (8.0 or 5.7) with our example_auth
// plugin installed.
func exampleAuthHost(t *testing.T, profile *mysqlabi.Profile, lib string) *loader.Host {
	t.Helper()
	dir := filepath.Dir(testbuild.File(t, "cplugins/examples/"+lib))
	h, err := loader.NewHost(loader.WithProfile(profile), loader.WithPluginDir(dir), loader.WithLogger(zap.NewNop()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	_, err = h.Install("example_auth", lib)
	require.NoError(t, err)
	return h
}

// TestAuthExample drives our example_auth (MySQL 8.0 and 5.7 builds)
// against Debian's mysql_clear_password client plugin.
func TestAuthExample(t *testing.T) {
	client, err := loader.OpenClientPlugin(clientDir(t), "mysql_clear_password", mysqlabi.ClientAuthentication)
	require.NoError(t, err)
	t.Cleanup(func() { _ = client.Close() })
	for _, tc := range []struct {
		profile *mysqlabi.Profile
		lib     string
	}{{mysqlabi.MySQL80, "example_auth.so"}, {mysqlabi.MySQL57, "example_auth_57.so"}} {
		t.Run(tc.profile.Name, func(t *testing.T) {
			h := exampleAuthHost(t, tc.profile, tc.lib)
			cp, err := h.ClientAuthPlugin("example_auth")
			require.NoError(t, err)
			assert.Equal(t, "mysql_clear_password", cp)

			str, err := h.GenerateAuthString("example_auth", "pw1")
			require.NoError(t, err)
			assert.Equal(t, "pw1", str)
			_, err = h.GenerateAuthString("example_auth", "a:b")
			require.ErrorIs(t, err, loader.ErrRefused)
			require.NoError(t, h.ValidateAuthString("example_auth", "x"))
			require.ErrorIs(t, h.ValidateAuthString("example_auth", ""), loader.ErrRefused)
			salt, err := h.SetSalt("example_auth", "longpassword:bob")
			require.NoError(t, err)
			assert.Equal(t, "longpass", string(salt))

			s, err := h.NewSession()
			require.NoError(t, err)
			t.Cleanup(s.Close)
			for _, c := range []struct {
				name, authString, password string
				ok                         bool
				as, external               string
			}{
				{"right", "pw1", "pw1", true, "alice", "alice"},
				{"proxy", "pw1:reporting", "pw1", true, "reporting", "alice"},
				{"wrong", "pw1", "pw2", false, "alice", ""},
				{"prefix", "pw1", "pw", false, "alice", ""},
			} {
				t.Run(c.name, func(t *testing.T) {
					req := loader.AuthRequest{User: "alice", HostOrIP: "10.0.0.7", AuthString: c.authString}
					l := login(t, h, s, "example_auth", req, client,
						loader.ClientAuthRequest{User: "alice", Password: c.password})
					require.NoError(t, l.cerr)
					assert.Equal(t, loader.AuthOK, l.ccode)
					res, err, packets := l.res, l.err, l.packets
					// mysql_clear_password does not wait for the prompt:
					// the two packets cross.
					assert.ElementsMatch(t, []string{"server \x05Password: ", "client " + c.password + "\x00"}, packets)
					assert.Equal(t, c.as, res.AuthenticatedAs)
					assert.Equal(t, c.external, res.ExternalUser)
					assert.Equal(t, "YES", res.PasswordUsed)
					if c.ok {
						require.NoError(t, err)
						assert.Equal(t, loader.AuthOK, res.Code)
						return
					}
					assert.Equal(t, loader.AuthUserCredentials, res.Code)
					var e *loader.Error
					require.ErrorAs(t, err, &e)
					require.ErrorIs(t, err, loader.ErrAuthFailed)
					assert.Equal(t, 1045, e.Code)
					assert.Equal(t, "Access denied for user 'alice'@'10.0.0.7' (using password: YES)", e.Message)
					assert.Contains(t, e.Detail, "CR_AUTH_USER_CREDENTIALS")
				})
			}
		})
	}
}

// scriptConn answers every read with the same packet and drops writes.
type scriptConn struct{ reply []byte }

func (c scriptConn) ReadPacket() ([]byte, error) { return c.reply, nil }
func (scriptConn) WritePacket([]byte) error      { return nil }

// BenchmarkAuthExample measures one whole login through example_auth:
// one Go→C call, a write and a read crossing back into Go, the info
// block filled and read back.
func BenchmarkAuthExample(b *testing.B) {
	dir := filepath.Dir(testbuild.File(b, "cplugins/examples/example_auth.so"))
	h, err := loader.NewHost(loader.WithProfile(mysqlabi.MySQL80), loader.WithPluginDir(dir), loader.WithLogger(zap.NewNop()))
	require.NoError(b, err)
	defer h.Close()
	_, err = h.Install("example_auth", "example_auth.so")
	require.NoError(b, err)
	s, err := h.NewSession()
	require.NoError(b, err)
	defer s.Close()
	conn := scriptConn{reply: []byte("pw1\x00")}
	req := loader.AuthRequest{User: "alice", HostOrIP: "10.0.0.7", AuthString: "pw1"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.Authenticate(s, "example_auth", conn, req); err != nil {
			b.Fatal(err)
		}
	}
}
