package main

import (
	"strings"

	"github.com/myplugload/myplugload/loader"
)

// account is a user created IDENTIFIED WITH an authentication plugin: the
// plugin and the authentication string it keeps (mysql.user's plugin and
// authentication_string).
type account struct {
	plugin, auth string
}

func accountKey(user, host string) string { return strings.ToLower("'" + user + "'@'" + host + "'") }

// identifiedWith finishes CREATE|ALTER USER ... IDENTIFIED WITH|VIA plugin
// [BY 'pw' | USING PASSWORD('pw') | AS 'hash' | USING 'hash']: a password
// goes through the validation plugins and the plugin's own hash; a hash is
// checked by the plugin. The account is stored, and the statement audited.
func (sh *shell) identifiedWith(p *parser, op, user, host string) result {
	plugin, err := p.ident()
	if err != nil {
		return result{err: err}
	}
	var pw, hash string
	var hasPW, hasHash bool
	switch {
	case p.accept("BY"):
		pw, err = p.str()
		hasPW = true
	case p.accept("USING", "PASSWORD", "("):
		if pw, err = p.str(); err == nil {
			err = p.expect(")")
		}
		hasPW = true
	case p.accept("AS"), p.accept("USING"):
		hash, err = p.str()
		hasHash = true
	}
	if err != nil {
		return result{err: err}
	}
	acct := account{plugin: plugin}
	switch {
	case hasPW:
		if r, ok := sh.validate(op, user, host, pw); !ok {
			return r
		}
		if acct.auth, err = sh.h.GenerateAuthString(plugin, pw); err != nil {
			return result{err: err}
		}
	case hasHash:
		if err := sh.h.ValidateAuthString(plugin, hash); err != nil {
			return result{err: err}
		}
		acct.auth = hash
	default: // no password: the plugin decides from what the client sends
		if _, err := sh.h.ClientAuthPlugin(plugin); err != nil {
			return result{err: err}
		}
	}
	sh.accounts[accountKey(user, host)] = acct
	return result{audited: true}
}

// login opens a session through the account's authentication plugin: the
// server plugin and the client plugin it names talk over an in-memory
// packet pipe (pre-authenticate, the exchange, then connect events). A
// refusal is ERROR 1045, and the audit plugins see a failed connect.
func (sh *shell) login(user, host, db, pw string, acct account) (*loader.Session, error) {
	client, err := sh.h.ClientAuthPlugin(acct.plugin)
	if err != nil {
		return nil, err
	}
	if client == "" {
		client = acct.plugin // "any": the client plugin of the same name
	}
	cp, err := loader.OpenClientPlugin(sh.clientDir, client, loader.AnyClientType)
	if err != nil {
		return nil, err
	}
	defer cp.Close()
	return sh.newSession(user, host, db, func(s *loader.Session) error {
		srv, cli := loader.NewPacketPipe()
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer cli.Close()
			_, _ = cp.Authenticate(cli, loader.ClientAuthRequest{Host: host, User: user, Password: pw})
		}()
		_, err := sh.h.Authenticate(s, acct.plugin, srv, loader.AuthRequest{User: user, HostOrIP: host, AuthString: acct.auth})
		_ = srv.Close()
		<-done
		return err
	})
}
