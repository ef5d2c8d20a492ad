package loader

import (
	"errors"
	"fmt"

	"go.uber.org/zap"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
)

// PacketConn is the client connection an authentication plugin talks
// through: a Go MySQL server passes its connection's packet reader and
// writer. Each call carries one packet's payload; framing and sequence
// numbers are the caller's. WritePacket must not keep its argument after
// it returns (it points into the plugin's memory), as io.Writer.
type PacketConn = native.PacketConn

// AuthCode is what authenticate_user returns (CR_* in plugin_auth_common.h).
type AuthCode int

// Authentication results. Only AuthOK lets the client in, in both servers.
const (
	AuthOK              AuthCode = -1 // CR_OK
	AuthError           AuthCode = 0  // CR_ERROR
	AuthUserCredentials AuthCode = 1  // CR_AUTH_USER_CREDENTIALS
	AuthHandshake       AuthCode = 2  // CR_AUTH_HANDSHAKE
	AuthPluginError     AuthCode = 3  // CR_AUTH_PLUGIN_ERROR
	AuthOKHandshakeDone AuthCode = -2 // CR_OK_HANDSHAKE_COMPLETE (client plugins)
	AuthOKInSandboxMode AuthCode = -3 // CR_OK_AUTH_IN_SANDBOX_MODE (MySQL 8.0)
)

const (
	authPasswordUsedNo    = 0 // PASSWORD_USED_NO
	authPasswordNoMention = 2 // PASSWORD_USED_NO_MENTION
	authOutBufSize        = 256
	authPreprocessBufSize = 1024
)

// String names the code as the C headers do.
func (c AuthCode) String() string {
	switch c {
	case AuthOK:
		return "CR_OK"
	case AuthError:
		return "CR_ERROR"
	case AuthUserCredentials:
		return "CR_AUTH_USER_CREDENTIALS"
	case AuthHandshake:
		return "CR_AUTH_HANDSHAKE"
	case AuthPluginError:
		return "CR_AUTH_PLUGIN_ERROR"
	case AuthOKHandshakeDone:
		return "CR_OK_HANDSHAKE_COMPLETE"
	case AuthOKInSandboxMode:
		return "CR_OK_AUTH_IN_SANDBOX_MODE"
	}
	return fmt.Sprintf("CR_%d", int(c))
}

// VIOProtocol is MYSQL_PLUGIN_VIO_INFO.protocol.
type VIOProtocol int

// Transport kinds a VIO's info call reports.
const (
	VIOInvalid VIOProtocol = 0 // MYSQL_VIO_INVALID
	VIOTCP     VIOProtocol = 1 // MYSQL_VIO_TCP
	VIOSocket  VIOProtocol = 2 // MYSQL_VIO_SOCKET
	VIOPipe    VIOProtocol = 3 // MYSQL_VIO_PIPE
	VIOMemory  VIOProtocol = 4 // MYSQL_VIO_MEMORY
)

// AuthRequest is what the server knows about a login when it calls the
// account's plugin: MYSQL_SERVER_AUTH_INFO's inputs.
type AuthRequest struct {
	User string // the user name the client sent (user_name)
	// Account is the matched account's user name, the initial
	// authenticated_as; "" means User.
	Account string
	// HostOrIP is the client's host name, or its IP address (host_or_ip).
	HostOrIP string
	// AuthString is the account's mysql.user authentication_string. On
	// MariaDB the host passes it through the plugin's preprocess_hash
	// first, when the plugin has one, as mariadbd does when it loads the
	// account.
	AuthString string
	// AdditionalAuthString is MySQL 8.0's additional_auth_string
	// (registration and multi-factor flows); ignored elsewhere.
	AdditionalAuthString string
	Protocol             VIOProtocol // what the VIO's info call reports; 0 means TCP
	Socket               int
}

// AuthResult is what the plugin decided and left in MYSQL_SERVER_AUTH_INFO.
type AuthResult struct {
	Code AuthCode
	// AuthenticatedAs is the account the session is authorized as
	// (CURRENT_USER()); a plugin may change it (proxy users).
	AuthenticatedAs string
	// ExternalUser is the name the plugin authenticated in its own
	// terms (@@external_user); "" when it set none.
	ExternalUser string
	// PasswordUsed is the "(using password: ...)" part of the access
	// denied error: "YES", "NO", or "" when the plugin asked not to
	// mention it (PASSWORD_USED_NO_MENTION).
	PasswordUsed string
	// Reads and Writes count the packets the plugin read and wrote.
	Reads, Writes int
}

// authLayout is where the host finds a server auth descriptor's members
// and fills MYSQL_SERVER_AUTH_INFO, for the emulated server.
type authLayout struct {
	maria bool
	// descriptor (st_mysql_auth) offsets; -1 when absent
	clientPlugin, authenticate, generate, validate, setSalt, compare, hashPassword, preprocess int
	// MYSQL_SERVER_AUTH_INFO offsets
	userName, userNameLen, authString, authStringLen, authenticatedAs, externalUser,
	passwordUsed, hostOrIP, hostOrIPLen, additional, additionalLen, factor, factors, thd int
	asSize, externalSize, infoSize int
}

// mariaAuthLayout is MariaDB 10.11's: mysqlabi.MariaAuth and
// mysqlabi.MariaServerAuthInfo (MYSQL_USERNAME_LENGTH 512, thd last).
var mariaAuthLayout = func() authLayout {
	d, info := mysqlabi.MariaAuth, mysqlabi.MariaServerAuthInfo
	return authLayout{maria: true,
		clientPlugin: d.Off("client_auth_plugin"), authenticate: d.Off("authenticate_user"),
		generate: -1, validate: -1, setSalt: -1, compare: -1,
		hashPassword: d.Off("hash_password"), preprocess: d.Off("preprocess_hash"),
		userName: info.Off("user_name"), userNameLen: info.Off("user_name_length"),
		authString: info.Off("auth_string"), authStringLen: info.Off("auth_string_length"),
		authenticatedAs: info.Off("authenticated_as"), externalUser: info.Off("external_user"),
		passwordUsed: info.Off("password_used"), hostOrIP: info.Off("host_or_ip"),
		hostOrIPLen: info.Off("host_or_ip_length"), additional: -1, additionalLen: -1, factor: -1,
		factors: -1, thd: info.Off("thd"),
		asSize:       info.Off("external_user") - info.Off("authenticated_as"),
		externalSize: info.Off("password_used") - info.Off("external_user"), infoSize: info.Size}
}()

// mysqlAuthLayout is MySQL's: the descriptor by the plugin's version
// (compare_password_with_hash from 0x0200), the info struct by the
// server's (8.0 adds the additional string and the factor fields).
func mysqlAuthLayout(infoVersion int32, server80 bool) authLayout {
	d, info := mysqlabi.Auth80, mysqlabi.ServerAuthInfo57
	if server80 {
		info = mysqlabi.ServerAuthInfo80
	}
	l := authLayout{clientPlugin: d.Off("client_auth_plugin"), authenticate: d.Off("authenticate_user"),
		generate: -1, validate: -1, setSalt: -1, compare: -1, hashPassword: -1, preprocess: -1,
		userName: info.Off("user_name"), userNameLen: info.Off("user_name_length"),
		authString: info.Off("auth_string"), authStringLen: info.Off("auth_string_length"),
		authenticatedAs: info.Off("authenticated_as"), externalUser: info.Off("external_user"),
		passwordUsed: info.Off("password_used"), hostOrIP: info.Off("host_or_ip"),
		hostOrIPLen: info.Off("host_or_ip_length"), additional: -1, additionalLen: -1, factor: -1, factors: -1,
		thd: -1, infoSize: info.Size}
	l.asSize = l.externalUser - l.authenticatedAs
	l.externalSize = l.passwordUsed - l.externalUser
	if infoVersion >= 0x0101 { // 5.7's 0x0101 adds the account-management members
		l.generate, l.validate, l.setSalt = d.Off("generate_authentication_string"),
			d.Off("validate_authentication_string"), d.Off("set_salt")
	}
	if infoVersion>>8 >= 2 {
		l.compare = d.Off("compare_password_with_hash")
	}
	if server80 {
		l.additional, l.additionalLen = info.Off("additional_auth_string"), info.Off("additional_auth_string_length")
		l.factor, l.factors = info.Off("current_auth_factor"), info.Off("multi_factor_auth_info")
	}
	return l
}

// authPlugin is an acquired authentication plugin and its descriptor.
type authPlugin struct {
	ref    *PluginRef
	name   string
	info   uintptr
	layout authLayout
}

// fn reads a function pointer member of the descriptor; 0 when absent.
func (a *authPlugin) fn(off int) uintptr {
	if off < 0 {
		return 0
	}
	return uintptr(native.Uint64(a.info + uintptr(off)))
}

// acquireAuth takes a reference to the ACTIVE authentication plugin name.
func (h *Host) acquireAuth(name string) (*authPlugin, error) {
	if !native.Available() {
		return nil, plainError(ErrNotSupported, "plugin '%s': authentication needs the host's C side (a cgo build)", name).
			withPlugin(name)
	}
	ref, err := h.Acquire(name)
	if err != nil {
		return nil, err
	}
	p := ref.ip.plugin
	if p.Type != mysqlabi.PluginAuthentication {
		ref.Release()
		return nil, plainError(ErrNotSupported, "plugin '%s' is not an authentication plugin (it is a %s plugin)",
			p.Name, h.cfg.profile.TypeName(p.Type)).withPlugin(p.Name)
	}
	if ref.ip.state != StateReady {
		ref.Release()
		return nil, newError(h.cfg.profile, mysqlabi.ErPluginIsNotLoaded, ErrNotFound, name).withPlugin(p.Name)
	}
	if e := h.checkDescriptor(p, "authentication"); e != nil {
		ref.Release()
		return nil, e
	}
	a := &authPlugin{ref: ref, name: p.Name, info: uintptr(p.Info)}
	if h.cfg.profile.Flavor == mysqlabi.FlavorMariaDB {
		a.layout = mariaAuthLayout
		if p.InfoVersion < 0x0202 {
			// hash_password and preprocess_hash came with 0x0202 (mariadbd
			// checks the version before it touches them): an older
			// descriptor ends after authenticate_user.
			a.layout.hashPassword, a.layout.preprocess = -1, -1
		}
	} else {
		a.layout = mysqlAuthLayout(p.InfoVersion, h.cfg.profile.VersionID >= 80000)
	}
	if a.fn(a.layout.authenticate) == 0 {
		ref.Release()
		return nil, plainError(ErrMalformed, "plugin '%s': authenticate_user is NULL", p.Name).withPlugin(p.Name)
	}
	return a, nil
}

// ClientAuthPlugin returns the client plugin an authentication plugin asks
// the client to use (client_auth_plugin); "" means any.
func (h *Host) ClientAuthPlugin(plugin string) (string, error) {
	a, err := h.acquireAuth(plugin)
	if err != nil {
		return "", err
	}
	defer a.ref.Release()
	return native.GoString(a.fn(a.layout.clientPlugin)), nil
}

// Authenticate runs the authentication plugin called plugin for one login
// on session s (nil: the host's own THD), as the server's connection
// handshake does after it matched the account: it fills
// MYSQL_SERVER_AUTH_INFO (user_name, auth_string, authenticated_as set to
// the account, host_or_ip; MariaDB: thd; MySQL 8.0: the factor fields),
// gives the plugin a MYSQL_PLUGIN_VIO whose packets pass through conn, and
// reads back authenticated_as, external_user and password_used. What the
// plugin raises (my_printf_error) stays on the session, for
// Session.TakeConditions; without a session it goes to the log.
//
// On MariaDB the account's auth_string first goes through the plugin's
// preprocess_hash, when it has one; a hash it refuses fails the login.
// Only CR_OK lets the client in: any other code returns the result and an
// *Error with ER_ACCESS_DENIED_ERROR (1045) wrapping ErrAuthFailed; a
// connection error is wrapped too. Sending the final OK or error packet
// is the caller's.
func (h *Host) Authenticate(s *Session, plugin string, conn PacketConn, req AuthRequest) (AuthResult, error) {
	a, err := h.acquireAuth(plugin)
	if err != nil {
		return AuthResult{}, err
	}
	defer a.ref.Release()
	l := a.layout
	authString := []byte(req.AuthString)
	if pre := a.fn(l.preprocess); pre != 0 {
		if authString, err = a.preprocess(pre, req.AuthString); err != nil {
			return AuthResult{Code: AuthError}, h.denied(a.name, req, "YES", err.Error())
		}
	}
	account := req.Account
	if account == "" {
		account = req.User
	}
	var thd native.THD
	if s != nil {
		if err := s.live(); err != nil {
			return AuthResult{}, err
		}
		thd = s.thd
	} else {
		// A login before any session: a THD of its own (the host's admin
		// THD is not safe to share between concurrent logins).
		thd = native.NewTHD(0)
		defer thd.Free()
	}

	// One C block: the info struct, then the strings it points to.
	strs := [][]byte{[]byte(req.User), authString, []byte(req.HostOrIP), []byte(req.AdditionalAuthString)}
	size := l.infoSize + 3*24 // MySQL 8.0: three auth_factor_desc after the struct
	for _, b := range strs {
		size += len(b) + 1
	}
	block := native.Malloc(size)
	if block == 0 {
		return AuthResult{}, plainError(ErrNotSupported, "plugin '%s': out of C memory", a.name).withPlugin(a.name)
	}
	defer native.Free(block)
	off := uintptr(l.infoSize + 3*24)
	var addrs [4]uintptr
	for i, b := range strs {
		addrs[i] = block + off
		native.Write(addrs[i], b)
		off += uintptr(len(b) + 1)
	}
	put64 := func(o int, v uint64) {
		if o >= 0 {
			native.PutUint64(block+uintptr(o), v)
		}
	}
	put32 := func(o int, v uint32) {
		if o >= 0 {
			native.Write(block+uintptr(o), []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)})
		}
	}
	put64(l.userName, uint64(addrs[0]))
	put32(l.userNameLen, uint32(len(req.User)))
	put64(l.authString, uint64(addrs[1]))
	put64(l.authStringLen, uint64(len(authString)))
	as := account
	if len(as) >= l.asSize {
		as = as[:l.asSize-1]
	}
	native.Write(block+uintptr(l.authenticatedAs), []byte(as))
	put64(l.hostOrIP, uint64(addrs[2]))
	put32(l.hostOrIPLen, uint32(len(req.HostOrIP)))
	put64(l.thd, uint64(thd.Addr()))
	if l.additional >= 0 {
		put64(l.additional, uint64(addrs[3]))
		put64(l.additionalLen, uint64(len(req.AdditionalAuthString)))
		put32(l.factor, 0)
		// The account's factors: the first is this plugin's auth_string.
		factors := block + uintptr(l.infoSize)
		native.PutUint64(factors, uint64(addrs[1]))
		native.PutUint64(factors+8, uint64(len(authString)))
		put64(l.factors, uint64(factors))
	}

	protocol := req.Protocol
	if protocol == VIOInvalid {
		protocol = VIOTCP
	}
	vio := native.NewVIO(conn, int(protocol), req.Socket)
	defer vio.Free()
	code := AuthCode(native.CallServerAuth(a.fn(l.authenticate), vio, block, thd.Addr()))

	res := AuthResult{Code: code,
		AuthenticatedAs: cStringAt(block+uintptr(l.authenticatedAs), l.asSize),
		ExternalUser:    cStringAt(block+uintptr(l.externalUser), l.externalSize)}
	res.Reads, res.Writes = vio.Packets()
	switch int32(native.Uint64(block+uintptr(l.passwordUsed)) & 0xffffffff) {
	case authPasswordUsedNo:
		res.PasswordUsed = "NO"
	case authPasswordNoMention:
	default:
		res.PasswordUsed = "YES"
	}
	if s == nil {
		// No client session to show them to: to the log, as for server
		// events.
		for _, c := range takeConds(thd) {
			h.log.Warn(c.Message, zap.Int("code", c.Code), zap.String("plugin", a.name))
		}
	}
	if code == AuthOK {
		return res, nil
	}
	detail := fmt.Sprintf("plugin '%s' returned %s", a.name, code)
	if cerr := vio.Err(); cerr != nil {
		e := h.denied(a.name, req, res.PasswordUsed, detail+": connection: "+cerr.Error())
		e.Err = errors.Join(ErrAuthFailed, cerr)
		return res, e
	}
	return res, h.denied(a.name, req, res.PasswordUsed, detail)
}

// denied builds the access denied error for a failed login.
func (h *Host) denied(plugin string, req AuthRequest, passwordUsed, detail string) *Error {
	used := passwordUsed
	if used == "" {
		used = "NO"
	}
	e := newError(h.cfg.profile, mysqlabi.ErAccessDenied, ErrAuthFailed, req.User, req.HostOrIP, used).withPlugin(plugin)
	if passwordUsed == "" {
		// PASSWORD_USED_NO_MENTION: the servers drop the clause.
		e.Message = fmt.Sprintf("Access denied for user '%s'@'%s'", req.User, req.HostOrIP)
	}
	e.Detail = detail
	return e
}

// cStringAt reads a NUL-terminated string from a fixed-size char array.
func cStringAt(p uintptr, size int) string {
	b := native.Read(p, size)
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// preprocess calls MariaDB's preprocess_hash(hash, len, out, &out_len)
// with a 1024-byte buffer.
func (a *authPlugin) preprocess(fn uintptr, hash string) ([]byte, error) {
	in := native.CString(hash)
	defer native.Free(in)
	out := native.Malloc(authPreprocessBufSize + 8)
	defer native.Free(out)
	lenp := out + authPreprocessBufSize
	native.PutUint64(lenp, authPreprocessBufSize)
	if rc := callInt(fn, in, uintptr(len(hash)), out, lenp); rc != 0 {
		return nil, plainError(ErrRefused, "plugin '%s': preprocess_hash refused the authentication string (returned %d)",
			a.name, rc).withPlugin(a.name)
	}
	n := native.Uint64(lenp)
	if n > authPreprocessBufSize {
		return nil, plainError(ErrMalformed, "plugin '%s': preprocess_hash returned length %d past its %d-byte buffer",
			a.name, n, authPreprocessBufSize).withPlugin(a.name)
	}
	return native.Read(out, int(n)), nil
}

// GenerateAuthString turns a clear-text password into the account's
// authentication_string, as CREATE USER ... IDENTIFIED BY and SET
// PASSWORD do: MySQL's generate_authentication_string(out, &outlen, in,
// inlen) (5.7+) or MariaDB's hash_password(password, len, hash, &hash_len),
// each with a 256-byte buffer (MAX_FIELD_WIDTH). A plugin without the
// member fails with ErrNotSupported, a non-zero return with ErrRefused.
func (h *Host) GenerateAuthString(plugin, password string) (string, error) {
	a, err := h.acquireAuth(plugin)
	if err != nil {
		return "", err
	}
	defer a.ref.Release()
	in := native.CString(password)
	defer native.Free(in)
	out := native.Malloc(authOutBufSize + 8)
	defer native.Free(out)
	lenp := out + authOutBufSize
	var rc int32
	var n uint64
	switch {
	case a.fn(a.layout.hashPassword) != 0:
		native.PutUint64(lenp, authOutBufSize)
		rc = callInt(a.fn(a.layout.hashPassword), in, uintptr(len(password)), out, lenp)
		n = native.Uint64(lenp)
	case a.fn(a.layout.generate) != 0:
		native.PutUint64(lenp, authOutBufSize) // unsigned int: the low half
		rc = callInt(a.fn(a.layout.generate), out, lenp, in, uintptr(len(password)))
		n = native.Uint64(lenp) & 0xffffffff
	default:
		member := "generate_authentication_string"
		if a.layout.maria {
			member = "hash_password"
		}
		return "", plainError(ErrNotSupported, "plugin '%s' has no %s: it cannot turn a password into an authentication string",
			a.name, member).withPlugin(a.name)
	}
	if rc != 0 {
		return "", plainError(ErrRefused, "plugin '%s': the password was refused (returned %d)", a.name, rc).withPlugin(a.name)
	}
	if n > authOutBufSize {
		return "", plainError(ErrMalformed, "plugin '%s': authentication string length %d past the %d-byte buffer",
			a.name, n, authOutBufSize).withPlugin(a.name)
	}
	return string(native.Read(out, int(n))), nil
}

// ValidateAuthString checks an authentication_string given as is
// (CREATE USER ... IDENTIFIED WITH plugin AS 'string'): MySQL's
// validate_authentication_string(buf, len) must return 0; on MariaDB the
// plugin's preprocess_hash must accept it. A plugin without either member
// accepts anything, as the servers do. A refusal is ErrRefused.
func (h *Host) ValidateAuthString(plugin, authString string) error {
	a, err := h.acquireAuth(plugin)
	if err != nil {
		return err
	}
	defer a.ref.Release()
	if fn := a.fn(a.layout.preprocess); fn != 0 {
		_, err := a.preprocess(fn, authString)
		return err
	}
	fn := a.fn(a.layout.validate)
	if fn == 0 {
		return nil
	}
	buf := native.CString(authString)
	defer native.Free(buf)
	if rc := callInt(fn, buf, uintptr(len(authString))); rc != 0 {
		return plainError(ErrRefused, "plugin '%s': validate_authentication_string refused the authentication string (returned %d)",
			a.name, rc).withPlugin(a.name)
	}
	return nil
}

// SetSalt calls MySQL's set_salt(auth_string, len, salt, &salt_len), which
// the server calls when it loads an account to cache the salt the plugin
// derives from the stored string; it returns the salt. MariaDB has no
// such member (its preprocess_hash plays that part): ErrNotSupported.
func (h *Host) SetSalt(plugin, authString string) ([]byte, error) {
	a, err := h.acquireAuth(plugin)
	if err != nil {
		return nil, err
	}
	defer a.ref.Release()
	fn := a.fn(a.layout.setSalt)
	if fn == 0 {
		return nil, plainError(ErrNotSupported, "plugin '%s' has no set_salt", a.name).withPlugin(a.name)
	}
	in := native.CString(authString)
	defer native.Free(in)
	out := native.Malloc(authOutBufSize + 8)
	defer native.Free(out)
	lenp := out + authOutBufSize
	if rc := callInt(fn, in, uintptr(len(authString)), out, lenp); rc != 0 {
		return nil, plainError(ErrRefused, "plugin '%s': set_salt refused the authentication string (returned %d)",
			a.name, rc).withPlugin(a.name)
	}
	n := int(native.Read(lenp, 1)[0])
	return native.Read(out, n), nil
}
