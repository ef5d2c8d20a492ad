package loader

import (
	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
)

// The audit notifications a Go MySQL server sends from its connection
// loop, modelled on TiDB's audit extension points (OnConnectionEvent,
// OnGeneralEvent) and on where mysqld and mariadbd raise the events. Each
// is one crossing into C, whatever the number of audit plugins; each
// plugin gets the event in its own API generation's layout, if its class
// mask subscribes. A method returning an error is abortable: a MySQL-API
// plugin refused the operation, and the caller must fail it with that
// error (ER_AUDIT_API_ABORT; Error.Plugin names the plugin).

// Connect reports a new connection to the audit plugins: MySQL's
// PRE_AUTHENTICATE (MySQL profiles) and CONNECT. A plugin refusing either
// fails the connection, like TiDB's OnConnectionEvent rejection.
func (s *Session) Connect() error {
	if err := s.live(); err != nil {
		return err
	}
	if s.h.cfg.profile.Flavor == mysqlabi.FlavorMySQL {
		if _, err := s.h.dispatch(s, auditConnection, connectionPreAuthenticate, native.Event{ConnectionType: 1}); err != nil {
			return err
		}
	}
	_, err := s.h.dispatch(s, auditConnection, connectionConnect, native.Event{ConnectionType: 1})
	return err
}

// ConnectFailed reports a connection that failed with error code (the
// plugins log FAILED_CONNECT).
func (s *Session) ConnectFailed(code int) {
	if s.live() != nil {
		return
	}
	_, _ = s.h.dispatch(s, auditConnection, connectionConnect, native.Event{Status: code, ConnectionType: 1})
}

// Disconnect reports the end of the connection (not refusable) and lets
// the audit plugins release the session.
func (s *Session) Disconnect() {
	if s.live() != nil {
		return
	}
	_, _ = s.h.dispatch(s, auditConnection, connectionDisconnect, native.Event{ConnectionType: 1})
	s.h.releaseTHD(s)
}

// ChangeUser switches the session's account (COM_CHANGE_USER) and reports
// it; a refusal fails the change (the account is switched back).
func (s *Session) ChangeUser(user, host, ip string) error {
	if err := s.live(); err != nil {
		return err
	}
	old := s.thd.Identity()
	s.SetUser(user, host, ip)
	if _, err := s.h.dispatch(s, auditConnection, connectionChangeUser, native.Event{ConnectionType: 1}); err != nil {
		s.thd.SetIdentity(old[0], old[1], old[2], old[3], old[4])
		return err
	}
	return nil
}

// Statement describes a statement for the audit plugins.
type Statement struct {
	Query string
	// SQLCommand is the emulated server's enum_sql_command number of the
	// statement, as thd_sql_command returns it and MySQL's events carry
	// it: MariaDB 0 SELECT, 5 INSERT, 81 CREATE USER; MySQL 0 SELECT ...
	SQLCommand int
	// SQLCommandName is MySQL's name of it (general_sql_command): "select".
	SQLCommandName string
	// Command is the protocol command ("Query" when empty).
	Command string
}

// comQuery is enum_server_command COM_QUERY.
const comQuery = 3

// StartQuery reports a statement before it runs: MySQL's COMMAND START,
// then GENERAL LOG, then (MySQL) QUERY START. Any of them may be refused
// by a MySQL-API plugin; the statement must then not run, and needs no
// EndQuery (the command's end is reported here). The statement
// stays the session's current one (thd_query, thd_sql_command) until
// EndQuery.
func (s *Session) StartQuery(st Statement) error {
	if err := s.live(); err != nil {
		return err
	}
	s.queryID++
	s.thd.SetQuery(st.Query, s.queryID)
	s.thd.SetSQLCommand(st.SQLCommand)
	mysql := s.h.cfg.profile.Flavor == mysqlabi.FlavorMySQL
	if mysql {
		if _, err := s.h.dispatch(s, auditCommand, commandStart, native.Event{CommandID: comQuery}); err != nil {
			s.endStatement()
			return err
		}
	}
	_, err := s.h.dispatch(s, auditGeneral, generalLog, st.event(0, "", 0))
	if err == nil && mysql {
		_, err = s.h.dispatch(s, auditQuery, queryStart, st.event(0, "", 0))
	}
	if err != nil {
		// The statement does not run: the command still ends (mysqld's
		// dispatch_command sends COMMAND END on its error path too).
		if mysql {
			_, _ = s.h.dispatch(s, auditCommand, commandEnd, native.Event{CommandID: comQuery, ErrorCode: mysqlabi.ErAuditAPIAbort.Code})
		}
		s.endStatement()
		return err
	}
	return nil
}

// endStatement ends the current statement for the plugins: release_thd,
// and what thd_alloc gave out is freed.
func (s *Session) endStatement() {
	s.h.releaseTHD(s)
	s.thd.EndStatement()
}

// EndQuery reports the statement's end: (MySQL) QUERY STATUS_END, GENERAL
// ERROR when it failed (with the error code and message), RESULT and
// STATUS, then (MySQL) COMMAND END. It frees what the plugins allocated for
// the statement (thd_alloc) and lets them release the session.
func (s *Session) EndQuery(st Statement, errCode int, errMsg string, rows uint64) {
	if s.live() != nil {
		return
	}
	mysql := s.h.cfg.profile.Flavor == mysqlabi.FlavorMySQL
	if mysql {
		_, _ = s.h.dispatch(s, auditQuery, queryStatusEnd, st.event(errCode, "", rows))
	}
	if errCode != 0 {
		_, _ = s.h.dispatch(s, auditGeneral, generalError, st.event(errCode, errMsg, rows))
	}
	_, _ = s.h.dispatch(s, auditGeneral, generalResult, st.event(errCode, "", rows))
	_, _ = s.h.dispatch(s, auditGeneral, generalStatus, st.event(errCode, "", rows))
	if mysql {
		_, _ = s.h.dispatch(s, auditCommand, commandEnd, native.Event{CommandID: comQuery, ErrorCode: errCode})
	}
	s.endStatement()
}

func (st Statement) event(code int, msg string, rows uint64) native.Event {
	cmd := st.Command
	if cmd == "" {
		cmd = "Query"
	}
	if msg != "" {
		cmd = msg // an ERROR event carries the error text as its command
	}
	return native.Event{ErrorCode: code, Rows: rows, Command: cmd, Query: st.Query,
		SQLCommandName: st.SQLCommandName, SQLCommandID: st.SQLCommand}
}

// ParseFlagRewritten is MySQL's MYSQL_AUDIT_PARSE_REWRITE_PLUGIN_QUERY_REWRITTEN:
// the flag a PARSE subscriber sets when it rewrote the query.
const ParseFlagRewritten = 1

// Parse reports MySQL's PARSE PREPARSE (post false) or POSTPARSE event for
// query, and returns the query to run: the rewrite a plugin made (the
// Rewriter plugin's mechanism), or query unchanged. A refusal fails the
// statement.
func (s *Session) Parse(query string, post bool) (string, error) {
	if err := s.live(); err != nil {
		return query, err
	}
	sub := 0
	if post {
		sub = 1
	}
	out, err := s.h.dispatch(s, auditParse, sub, native.Event{Query: query})
	if err != nil {
		return query, err
	}
	if out.Rewritten != "" {
		return out.Rewritten, nil
	}
	return query, nil
}

// TableOp is a table event: MySQL's TABLE_ACCESS operations (read, insert,
// update, delete; abortable) or MariaDB's TABLE class (lock, create, drop,
// rename, alter; notifications). Each API generation's plugins get only
// its own kind.
type TableOp int

// Table operations.
const (
	TableRead TableOp = iota
	TableInsert
	TableUpdate
	TableDelete
	TableLock
	TableCreate
	TableDrop
	TableRename
	TableAlter
)

// Table reports a table event of the current statement. newDB and
// newTable are the target of a MariaDB RENAME; readOnly qualifies a
// MariaDB LOCK.
func (s *Session) Table(op TableOp, db, table string, opts ...TableOption) error {
	if err := s.live(); err != nil {
		return err
	}
	ev := native.Event{Database: db, Table: table, Query: s.thd.Query(), SQLCommandID: s.thd.SQLCommand()}
	for _, o := range opts {
		o(&ev)
	}
	cls, sub := auditTableAccess, int(op)
	if op >= TableLock {
		cls, sub = auditMariaDBTable, int(op-TableLock)
	}
	_, err := s.h.dispatch(s, cls, sub, ev)
	return err
}

// TableOption qualifies a table event.
type TableOption func(*native.Event)

// RenamedTo gives a MariaDB RENAME event's target.
func RenamedTo(db, table string) TableOption {
	return func(e *native.Event) { e.NewDatabase, e.NewTable = db, table }
}

// ReadOnly marks a MariaDB LOCK event as a read lock.
func ReadOnly() TableOption { return func(e *native.Event) { e.ReadOnly = true } }

// StoredProgram reports MySQL's STORED_PROGRAM EXECUTE of db.name.
func (s *Session) StoredProgram(db, name string) error {
	if err := s.live(); err != nil {
		return err
	}
	_, err := s.h.dispatch(s, auditStoredProgram, 0, native.Event{Database: db, Table: name,
		Query: s.thd.Query(), SQLCommandID: s.thd.SQLCommand()})
	return err
}

// AccountOp is a MySQL 8.0 AUTHENTICATION event.
type AccountOp int

// Account operations.
const (
	AccountFlush            AccountOp = iota // FLUSH PRIVILEGES
	AccountCreate                            // CREATE USER / ROLE
	AccountCredentialChange                  // ALTER USER ... IDENTIFIED, SET PASSWORD
	AccountRename                            // RENAME USER
	AccountDrop                              // DROP USER / ROLE
)

// Account describes the account an AUTHENTICATION event acts on.
type Account struct {
	User, Host       string
	NewUser, NewHost string // RENAME target
	Plugin           string // authentication plugin
	IsRole           bool
	Status           int // the statement's error code, 0 on success
}

// Authentication reports a MySQL 8.0 AUTHENTICATION event.
func (s *Session) Authentication(op AccountOp, a Account) error {
	if err := s.live(); err != nil {
		return err
	}
	_, err := s.h.dispatch(s, auditAuthentication, int(op), native.Event{Status: a.Status,
		AccountUser: a.User, AccountHost: a.Host, NewUser: a.NewUser, NewHost: a.NewHost,
		AuthPlugin: a.Plugin, IsRole: a.IsRole, Query: s.thd.Query(), SQLCommandID: s.thd.SQLCommand()})
	return err
}

// Message reports a MySQL 8.0 MESSAGE event: internal (user false) from a
// server component, or a user message (audit_api_message_emit_udf).
func (s *Session) Message(component, producer, message string, user bool) error {
	if err := s.live(); err != nil {
		return err
	}
	typ, sub := 1, 0
	if user {
		typ, sub = 2, 1
	}
	_, err := s.h.dispatch(s, auditMessage, sub, native.Event{Component: component, Producer: producer,
		Message: message, MessageType: typ})
	return err
}

// FlushTarget is what Flush flushes.
type FlushTarget int

// Flush targets.
const (
	// FlushStatus is FLUSH STATUS: the plugins' plain counters are reset
	// (see FlushStatus).
	FlushStatus FlushTarget = iota
	// FlushPrivileges is FLUSH PRIVILEGES: reported to MySQL 8.0 audit
	// plugins as AUTHENTICATION FLUSH (abortable).
	FlushPrivileges
)

// Flush runs FLUSH for the plugins on session s (nil: the host's own
// statement): the Go-side counterpart of TiDB's FLUSH TIDB PLUGINS for
// native plugins, which have no flush hook of their own.
func (h *Host) Flush(s *Session, targets ...FlushTarget) error {
	for _, t := range targets {
		switch t {
		case FlushStatus:
			if err := h.FlushStatus(); err != nil {
				return err
			}
		case FlushPrivileges:
			if s == nil {
				if err := h.lock(); err != nil { // the admin THD lives under the host lock
					return err
				}
				_, err := h.dispatch(nil, auditAuthentication, int(AccountFlush), native.Event{})
				h.mu.Unlock()
				if err != nil {
					return err
				}
				continue
			}
			if err := s.Authentication(AccountFlush, Account{}); err != nil {
				return err
			}
		default:
			return plainError(ErrNotSupported, "FLUSH target %d", t)
		}
	}
	return nil
}
