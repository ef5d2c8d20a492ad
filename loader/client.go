package loader

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
)

// ClientPlugin is a client plugin library (a libmysqlclient or
// Connector/C plugin such as mysql_clear_password.so or dialog.so) loaded
// and initialised with the client library's rules. Close deinitialises
// and unloads it.
type ClientPlugin struct {
	// Decl is the plugin's declaration, _mysql_client_plugin_declaration_.
	Decl   mysqlabi.ClientPlugin
	path   string
	handle uintptr
	mu     sync.RWMutex // read-held for each call into the plugin, write-held by Close
	closed bool
}

// AnyClientType, as OpenClientPlugin's typ, accepts a plugin of any type
// (mysql_load_plugin's type -1).
const AnyClientType = -1

// OpenClientPlugin loads the client plugin name from dir as MariaDB
// Connector/C's mysql_load_plugin does: name must hold no directory
// separator; the file is <dir>/<name>.so, opened RTLD_NOW; it must export
// _mysql_client_plugin_declaration_ ("not a plugin"); a typ other than
// AnyClientType must equal the declaration's ("type mismatch"); the
// declaration's name must equal name exactly ("name mismatch"); its
// interface version must be at least 0x0100 with major 1 ("Incompatible
// client plugin interface"); then init(errbuf, 1024, 0, args) runs and a
// non-zero result fails with errbuf's text. dialog.so's init finds the
// host's mariadb_auth_dialog callback (exported by internal/native). Every failure is an *Error
// with CR_AUTH_PLUGIN_CANNOT_LOAD (2059).
func OpenClientPlugin(dir, name string, typ int) (*ClientPlugin, error) {
	fail := func(cause error, format string, args ...any) (*ClientPlugin, error) {
		msg := fmt.Sprintf(format, args...)
		e := newError(nil, mysqlabi.CrAuthPluginCannotLoad, cause, name, msg).withPlugin(name)
		return nil, e
	}
	if !native.Available() {
		return fail(ErrNotSupported, "client plugins need the host's C side (a cgo build)")
	}
	if strings.ContainsRune(name, '/') {
		return fail(ErrBadName, "No paths allowed for shared library")
	}
	if name == "" || len(name) > 64 {
		return fail(ErrBadName, "Invalid plugin name")
	}
	path := filepath.Join(dir, name+".so")
	h, err := dlopen(path)
	if err != nil {
		return fail(ErrNotFound, "%s", err.Error())
	}
	c := &ClientPlugin{path: path, handle: h}
	ok := false
	defer func() {
		if !ok {
			_ = dlclose(h)
		}
	}()
	addr, found := dlsym(h, mysqlabi.SymClientDeclaration)
	if !found {
		return fail(ErrNotPlugin, "not a plugin")
	}
	mem, err := newProcessMemory()
	if err != nil {
		return fail(ErrMalformed, "%v", err)
	}
	if c.Decl, err = mysqlabi.DecodeClientPlugin(mem, mysqlabi.Addr(addr), mysqlabi.DefaultLimits); err != nil {
		return fail(ErrMalformed, "%v", err)
	}
	d := c.Decl
	if typ != AnyClientType && int32(typ) != d.Type {
		return fail(ErrIncompatible, "type mismatch")
	}
	if d.Name != name {
		return fail(ErrIncompatible, "name mismatch")
	}
	if d.InterfaceVersion < 0x0100 || d.InterfaceVersion>>8 > 1 {
		return fail(ErrIncompatible, "Incompatible client plugin interface")
	}
	if d.Init != 0 {
		if rc, msg := native.CallClientInit(uintptr(d.Init)); rc != 0 {
			e := newError(nil, mysqlabi.CrAuthPluginCannotLoad, ErrInitFailed, name, msg).withPlugin(name)
			e.Detail = fmt.Sprintf("init returned %d", rc)
			return nil, e
		}
	}
	ok = true
	return c, nil
}

// Name is the plugin's name.
func (c *ClientPlugin) Name() string { return c.Decl.Name }

// SetOption calls the plugin's options(option, value) with value as a C
// string (mysql_plugin_options). A plugin without an options function, or
// one that returns non-zero, fails it.
func (c *ClientPlugin) SetOption(option, value string) error {
	if err := c.enter(); err != nil {
		return err
	}
	defer c.mu.RUnlock()
	if c.Decl.Options == 0 {
		return plainError(ErrNotSupported, "client plugin '%s' has no options function", c.Decl.Name).withPlugin(c.Decl.Name)
	}
	o, v := native.CString(option), native.CString(value)
	defer native.Free(o)
	defer native.Free(v)
	if rc := callInt(uintptr(c.Decl.Options), o, v); rc != 0 {
		return plainError(ErrRefused, "client plugin '%s' refused option '%s' (returned %d)", c.Decl.Name, option, rc).
			withPlugin(c.Decl.Name)
	}
	return nil
}

// ClientAuthRequest is what the client side of a login knows: the MYSQL
// handle's host, user and password, and the answer to dialog questions.
type ClientAuthRequest struct {
	Host, User string
	// Password is mysql->passwd; "" is an empty string, as the client
	// library leaves it when no password is given.
	Password string
	// Dialog answers questions through the mariadb_auth_dialog callback
	// (dialog.so): typ 1 is an ordinary question, 2 a password; ok false
	// gives no answer. nil answers none.
	Dialog func(typ int, prompt string) (answer string, ok bool)
}

// Authenticate runs the plugin's authenticate_user(vio, mysql) with a VIO
// over conn and a Connector/C-sized MYSQL block holding req's host, user
// and passwd. CR_OK and CR_OK_HANDSHAKE_COMPLETE succeed; any other code
// returns an *Error wrapping ErrAuthFailed (and the connection's error,
// if one occurred).
func (c *ClientPlugin) Authenticate(conn PacketConn, req ClientAuthRequest) (AuthCode, error) {
	if err := c.enter(); err != nil {
		return AuthError, err
	}
	defer c.mu.RUnlock()
	if c.Decl.Type != mysqlabi.ClientAuthentication || c.Decl.AuthenticateUser == 0 {
		return AuthError, plainError(ErrNotSupported, "client plugin '%s' is not an authentication plugin", c.Decl.Name).
			withPlugin(c.Decl.Name)
	}
	var dialog native.DialogFunc
	if req.Dialog != nil {
		dialog = req.Dialog
	}
	m := native.NewClientMySQL(req.Host, req.User, req.Password, dialog)
	defer m.Free()
	vio := native.NewVIO(conn, int(VIOTCP), -1)
	defer vio.Free()
	code := AuthCode(native.CallClientAuth(uintptr(c.Decl.AuthenticateUser), vio, m))
	if code == AuthOK || code == AuthOKHandshakeDone {
		return code, nil
	}
	e := plainError(ErrAuthFailed, "client plugin '%s' returned %s", c.Decl.Name, code).withPlugin(c.Decl.Name)
	if cerr := vio.Err(); cerr != nil {
		e.Detail = "connection: " + cerr.Error()
		e.Err = fmt.Errorf("%w: %w", ErrAuthFailed, cerr)
	}
	return code, e
}

// enter read-locks the plugin for a call (Close waits for it: the library
// stays mapped while its code runs); the caller RUnlocks.
func (c *ClientPlugin) enter() error {
	c.mu.RLock()
	if c.closed {
		c.mu.RUnlock()
		return plainError(ErrClosed, "client plugin '%s' is closed", c.Decl.Name).withPlugin(c.Decl.Name)
	}
	return nil
}

// Close calls the plugin's deinit and unloads the library, after the calls
// in progress return; closing twice has no effect. deinit's result is
// ignored, as the client library does.
func (c *ClientPlugin) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	if c.Decl.Deinit != 0 {
		callInt(uintptr(c.Decl.Deinit))
	}
	return dlclose(c.handle)
}
