package loader

import (
	"errors"
	"strings"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
)

// ErrNotValidPassword: a password validation plugin rejected the password
// (ER_NOT_VALID_PASSWORD, 1819). The *Error names the plugin.
var ErrNotValidPassword = errors.New("password does not satisfy the policy")

// mysqlValidatePasswordName is the one VALIDATE PASSWORD plugin mysqld
// consults: it looks the plugin up by this name, not by type.
const mysqlValidatePasswordName = "validate_password"

// validator is an active password validation plugin, referenced for the
// duration of a call.
type validator struct {
	ref  *PluginRef
	name string
	info uintptr
}

// validators takes a reference to each plugin the emulated server
// consults to validate a password: on MariaDB every ACTIVE PASSWORD
// VALIDATION plugin, in registration order (plugin_foreach); on MySQL the
// ACTIVE VALIDATE PASSWORD plugin called validate_password, if any.
func (h *Host) validators() ([]validator, error) {
	if err := h.lock(); err != nil {
		return nil, err
	}
	defer h.mu.Unlock()
	maria := h.cfg.profile.Flavor == mysqlabi.FlavorMariaDB
	var out []validator
	for _, ip := range h.plugins {
		if ip.state != StateReady || ip.plugin.Info == 0 {
			continue
		}
		switch {
		case maria && ip.plugin.Type == mysqlabi.MariaPluginPasswordValidation && ip.plugin.Family == mysqlabi.FamilyMaria:
		case !maria && ip.plugin.Type == mysqlabi.PluginValidatePassword &&
			strings.EqualFold(ip.plugin.Name, mysqlValidatePasswordName):
		default:
			continue
		}
		if e := h.checkDescriptor(ip.plugin, "password validation"); e != nil {
			for _, v := range out { // h.mu is held: drop the references without Release's lock
				v.ref.ip.refs--
			}
			return nil, e
		}
		ip.refs++
		out = append(out, validator{ref: &PluginRef{h: h, ip: ip}, name: ip.plugin.Name, info: uintptr(ip.plugin.Info)})
	}
	return out, nil
}

func releaseValidators(vs []validator) {
	for _, v := range vs {
		v.ref.Release()
	}
}

// statementTHD returns the THD a plugin call runs with (the session's, or
// a temporary one for a nil session) and a function that ends the call:
// it moves the conditions the plugins raised into the session.
func (h *Host) statementTHD(s *Session) (native.THD, func(), error) {
	if !native.Available() {
		return native.THD{}, nil, plainError(ErrNotSupported, "password validation needs the host's C side (a cgo build)")
	}
	if s == nil {
		t := native.NewTHD(0)
		return t, t.Free, nil
	}
	if err := s.live(); err != nil {
		return native.THD{}, nil, err
	}
	return s.thd, s.collect, nil
}

// ValidatePassword checks a new password for the account user@host as the
// emulated server does on CREATE USER, ALTER USER and SET PASSWORD.
//
// MariaDB calls every ACTIVE PASSWORD VALIDATION plugin in turn with the
// user name, the password and the host; the first that returns non-zero
// fails the statement with ER_NOT_VALID_PASSWORD naming it, and the
// plugins after it are not called. MySQL calls validate_password(password)
// of the VALIDATE PASSWORD plugin named validate_password only (the user
// and host are not given to it); zero is a rejection.
//
// With no such plugin every password is accepted. The warnings the
// plugins raise (e.g. "simple_password_check: Too short password (< 8)")
// go to the session's conditions (Session.TakeConditions); with a nil
// session they are dropped. A rejection is an *Error with Code 1819 and
// Plugin set, wrapping ErrNotValidPassword.
func (h *Host) ValidatePassword(s *Session, user, host, password string) error {
	vs, err := h.validators()
	if err != nil {
		return err
	}
	defer releaseValidators(vs)
	if len(vs) == 0 {
		return nil
	}
	thd, done, err := h.statementTHD(s)
	if err != nil {
		return err
	}
	defer done()
	p := h.cfg.profile
	if p.Flavor == mysqlabi.FlavorMariaDB {
		lex := newLexStrings(user, password, host)
		defer lex.free()
		fnOff := uintptr(mysqlabi.MariaPasswordValidation.Off("validate_password"))
		for _, v := range vs {
			fn := uintptr(native.Uint64(v.info + fnOff))
			if fn == 0 {
				continue
			}
			if rc := native.CallInt3THD(fn, lex.addr(0), lex.addr(1), lex.addr(2), thd.Addr()); rc != 0 {
				return newError(p, mysqlabi.ErNotValidPassword, ErrNotValidPassword, v.name).withPlugin(v.name).
					withDetail("plugin '%s' returned %d from validate_password", v.name, rc)
			}
		}
		return nil
	}
	str := native.NewMySQLString(password)
	if str == 0 {
		return plainError(ErrNotSupported, "out of C memory")
	}
	defer native.FreeMySQLString(str)
	v := vs[0]
	fn := uintptr(native.Uint64(v.info + uintptr(mysqlabi.ValidatePassword.Off("validate_password"))))
	if fn != 0 && native.CallInt1THD(fn, str, thd.Addr()) == 0 {
		return newError(p, mysqlabi.ErNotValidPassword, ErrNotValidPassword).withPlugin(v.name).
			withDetail("plugin '%s' rejected the password", v.name)
	}
	return nil
}

// PasswordStrength is MySQL's VALIDATE_PASSWORD_STRENGTH(password): the
// strength 0 to 100 that the VALIDATE PASSWORD plugin named
// validate_password computes with get_password_strength, or 0 when no
// such plugin is active. MariaDB has no strength function: on a MariaDB
// profile it fails with ErrNotSupported.
func (h *Host) PasswordStrength(s *Session, password string) (int, error) {
	if h.cfg.profile.Flavor == mysqlabi.FlavorMariaDB {
		return 0, plainError(ErrNotSupported, "%s has no password strength function", h.cfg.profile.Name)
	}
	vs, err := h.validators()
	if err != nil {
		return 0, err
	}
	defer releaseValidators(vs)
	if len(vs) == 0 {
		return 0, nil
	}
	thd, done, err := h.statementTHD(s)
	if err != nil {
		return 0, err
	}
	defer done()
	fn := uintptr(native.Uint64(vs[0].info + uintptr(mysqlabi.ValidatePassword.Off("get_password_strength"))))
	if fn == 0 {
		return 0, nil
	}
	str := native.NewMySQLString(password)
	if str == 0 {
		return 0, plainError(ErrNotSupported, "out of C memory")
	}
	defer native.FreeMySQLString(str)
	return native.CallInt1THD(fn, str, thd.Addr()), nil
}

// lexStrings is a C block of MYSQL_CONST_LEX_STRINGs {str, length}
// followed by their NUL-terminated texts.
type lexStrings struct {
	block uintptr
}

func newLexStrings(ss ...string) lexStrings {
	size := 16 * len(ss)
	for _, s := range ss {
		size += len(s) + 1
	}
	b := native.Malloc(size)
	text := b + uintptr(16*len(ss))
	for i, s := range ss {
		native.Write(text, []byte(s))
		native.PutUint64(b+uintptr(16*i), uint64(text))
		native.PutUint64(b+uintptr(16*i+8), uint64(len(s)))
		text += uintptr(len(s) + 1)
	}
	return lexStrings{block: b}
}

func (l lexStrings) addr(i int) uintptr { return l.block + uintptr(16*i) }
func (l lexStrings) free()              { native.Free(l.block) }
