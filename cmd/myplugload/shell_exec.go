package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.uber.org/zap"

	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/sysvar"
)

// shell runs statements against a host on its current session.
type shell struct {
	h      *loader.Host
	prof   *mysqlabi.Profile
	sess   *loader.Session // the current session; nil after DISCONNECT
	format string
	log    *zap.Logger
	diag   []loader.Warning // the last statement's conditions, its error last
	// accounts are the users created IDENTIFIED WITH a plugin, by
	// lower-case 'user'@'host'.
	accounts  map[string]account
	clientDir string // where client authentication plugins are loaded from
}

// result is the answer to one statement.
type result struct {
	rs       *resultSet
	plugins  []pluginJSON // JSON only: the rows of a PLUGINS query as objects
	audited  bool         // answered "Query OK (audited, not executed)"
	info     string       // a client-side message (CONNECT ...)
	warnings []loader.Warning
	err      error
}

// sqlError is a server error with its code and SQLSTATE.
func sqlError(code int, state, msg string) error {
	return &loader.Error{Code: code, SQLState: state, Message: msg}
}

var errNoSession = sqlError(2006, "HY000", "MySQL server has gone away (no current session: use CONNECT)")

// newSession opens a session as user@host, runs login (when not nil: an
// authentication plugin's exchange) and reports the connection; a failure
// of either is reported to the audit plugins as a failed connect.
func (sh *shell) newSession(user, host, db string, login func(*loader.Session) error) (*loader.Session, error) {
	s, err := sh.h.NewSession()
	if err != nil {
		return nil, err
	}
	ip := ""
	if host == "localhost" || host == "127.0.0.1" {
		ip = "127.0.0.1"
	}
	s.SetUser(user, host, ip)
	if db != "" {
		s.SetDB(db)
	}
	if login != nil {
		err = login(s)
	}
	if err == nil {
		err = s.Connect()
	}
	if err != nil {
		s.ConnectFailed(errorCode(err))
		s.Close()
		return nil, err
	}
	return s, nil
}

func errorCode(err error) int {
	var e *loader.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 1105 // ER_UNKNOWN_ERROR
}

// close disconnects the current session.
func (sh *shell) close() {
	if sh.sess != nil {
		sh.sess.Disconnect()
		sh.sess.Close()
		sh.sess = nil
	}
}

// exec runs one statement (without its semicolon).
func (sh *shell) exec(q string) result {
	p, err := newParser(q)
	if err != nil {
		return sh.finish(result{err: sqlError(1064, "42000", err.Error())})
	}
	// Client commands: they are not statements the server sees as queries.
	switch {
	case p.is("CONNECT"):
		return sh.finish(sh.connect(p))
	case p.is("DISCONNECT"):
		p.accept("DISCONNECT")
		if err := p.end(); err != nil {
			return sh.finish(result{err: err})
		}
		if sh.sess == nil {
			return sh.finish(result{err: errNoSession})
		}
		id := sh.sess.ID()
		sh.close()
		return sh.finish(result{info: fmt.Sprintf("Connection id %d closed", id)})
	}
	if sh.sess == nil {
		return sh.finish(result{err: errNoSession})
	}
	switch {
	case p.is("CHANGE", "USER"):
		return sh.finish(sh.changeUser(p))
	case p.is("USE"):
		return sh.finish(sh.use(p))
	}
	diagStatement := p.is("SHOW", "WARNINGS") || p.is("SHOW", "ERRORS")
	cmd := classify(sh.prof, q)
	st := loader.Statement{Query: q, SQLCommand: cmd.Num, SQLCommandName: cmd.Name}
	sh.log.Debug("statement", zap.String("query", q), zap.Int("sql_command", cmd.Num), zap.String("sql_command_name", cmd.Name))
	if err := sh.sess.StartQuery(st); err != nil {
		r := result{err: err, warnings: sh.sess.TakeConditions()}
		return sh.finish(r)
	}
	r := sh.dispatch(p, q)
	code, msg, rows := 0, "", uint64(0)
	if r.err != nil {
		code, msg = errorCode(r.err), errorOf(r.err).Message
	} else if r.rs != nil {
		rows = uint64(len(r.rs.Rows))
	}
	sh.sess.EndQuery(st, code, msg, rows)
	r.warnings = append(r.warnings, sh.sess.TakeConditions()...)
	if diagStatement {
		return r
	}
	return sh.finish(r)
}

// finish records the statement's conditions for SHOW WARNINGS.
func (sh *shell) finish(r result) result {
	sh.diag = append([]loader.Warning(nil), r.warnings...)
	if r.err != nil {
		e := errorOf(r.err)
		sh.diag = append(sh.diag, loader.Warning{Level: mysqlabi.LevelError, Code: e.Code, SQLState: e.SQLState, Message: e.Message})
	}
	return r
}

func (sh *shell) connect(p *parser) result {
	p.accept("CONNECT")
	user, host, err := p.account()
	if err != nil {
		return result{err: err}
	}
	if host == "%" {
		host = "localhost"
	}
	var db, pw, plugin string
	for !p.done() {
		switch {
		case p.accept("IDENTIFIED", "BY"):
			if pw, err = p.str(); err != nil {
				return result{err: err}
			}
		case p.accept("IDENTIFIED", "WITH"), p.accept("IDENTIFIED", "VIA"):
			if plugin, err = p.ident(); err != nil {
				return result{err: err}
			}
			if p.accept("BY") {
				if pw, err = p.str(); err != nil {
					return result{err: err}
				}
			}
		case p.accept("DATABASE"):
			if db, err = p.ident(); err != nil {
				return result{err: err}
			}
		default:
			return result{err: p.syntaxError()}
		}
	}
	acct, stored := sh.accounts[accountKey(user, host)]
	if plugin != "" && !stored {
		// No stored account: the plugin's hash of the password given.
		if acct.auth, err = sh.h.GenerateAuthString(plugin, pw); err != nil {
			return result{err: err}
		}
		acct.plugin = plugin
	}
	var s *loader.Session
	if acct.plugin != "" {
		s, err = sh.login(user, host, db, pw, acct)
	} else {
		s, err = sh.newSession(user, host, db, nil)
	}
	if err != nil {
		return result{err: err}
	}
	sh.close()
	sh.sess = s
	return result{info: fmt.Sprintf("Connection id:    %d\nCurrent user:     '%s'@'%s'", s.ID(), user, host)}
}

func (sh *shell) changeUser(p *parser) result {
	p.accept("CHANGE", "USER")
	user, host, err := p.account()
	if err != nil {
		return result{err: err}
	}
	if err := p.end(); err != nil {
		return result{err: err}
	}
	if host == "%" {
		host = "localhost"
	}
	if err := sh.sess.ChangeUser(user, host, ""); err != nil {
		return result{err: err, warnings: sh.sess.TakeConditions()}
	}
	return result{info: fmt.Sprintf("Current user:     '%s'@'%s'", user, host)}
}

func (sh *shell) use(p *parser) result {
	p.accept("USE")
	db, err := p.ident()
	if err != nil {
		return result{err: err}
	}
	if err := p.end(); err != nil {
		return result{err: err}
	}
	st := loader.Statement{Query: db, SQLCommand: classify(sh.prof, "USE").Num, SQLCommandName: "change_db", Command: "Init DB"}
	if err := sh.sess.StartQuery(st); err != nil {
		return result{err: err, warnings: sh.sess.TakeConditions()}
	}
	sh.sess.SetDB(db)
	sh.sess.EndQuery(st, 0, "", 0)
	return result{info: "Database changed", warnings: sh.sess.TakeConditions()}
}

// dispatch answers a statement the shell implements, or audits it.
func (sh *shell) dispatch(p *parser, q string) result {
	switch {
	case p.is("INSTALL"), p.is("UNINSTALL"):
		return sh.install(p)
	case p.is("SHOW"):
		return sh.show(p, q)
	case p.is("SET", "PASSWORD"):
		return sh.password(p, q)
	case p.is("SET"):
		return sh.set(p)
	case p.is("FLUSH", "STATUS"):
		p.accept("FLUSH", "STATUS")
		if err := p.end(); err != nil {
			return result{err: err}
		}
		return result{err: sh.h.Flush(sh.sess, loader.FlushStatus)}
	case p.is("FLUSH", "PRIVILEGES"):
		return result{err: sh.h.Flush(sh.sess, loader.FlushPrivileges)}
	case p.is("SELECT"):
		return sh.selectStmt(p)
	case (p.is("CREATE", "FUNCTION") || p.is("CREATE", "AGGREGATE", "FUNCTION")) && hasWord(p, "SONAME"):
		return sh.createFunction(p)
	case p.is("DROP", "FUNCTION"):
		p.accept("DROP", "FUNCTION")
		p.accept("IF", "EXISTS")
		name, err := p.ident()
		if err != nil {
			return result{err: err}
		}
		if err := p.end(); err != nil {
			return result{err: err}
		}
		return result{err: sh.h.DropFunction(name)}
	case p.is("CREATE", "USER"), p.is("ALTER", "USER"):
		return sh.password(p, q)
	}
	return result{audited: true}
}

func hasWord(p *parser, w string) bool {
	for _, t := range p.toks {
		if t.kind == tokWord && strings.EqualFold(t.val, w) {
			return true
		}
	}
	return false
}

func (sh *shell) install(p *parser) result {
	var warns []loader.Warning
	var err error
	switch {
	case p.accept("INSTALL", "PLUGIN"):
		var name, lib string
		if name, err = p.ident(); err != nil {
			return result{err: err}
		}
		if err = p.expect("SONAME"); err != nil {
			return result{err: err}
		}
		if lib, err = p.str(); err != nil {
			return result{err: err}
		}
		if err = p.end(); err != nil {
			return result{err: err}
		}
		warns, err = sh.h.Install(name, lib)
	case p.accept("INSTALL", "SONAME"), p.accept("UNINSTALL", "SONAME"):
		uninstall := strings.EqualFold(p.toks[0].val, "UNINSTALL")
		var lib string
		if lib, err = p.str(); err != nil {
			return result{err: err}
		}
		if err = p.end(); err != nil {
			return result{err: err}
		}
		if uninstall {
			warns, err = sh.h.UninstallLibrary(lib)
		} else {
			warns, err = sh.h.InstallLibrary(lib)
		}
	case p.accept("UNINSTALL", "PLUGIN"):
		var name string
		if name, err = p.ident(); err != nil {
			return result{err: err}
		}
		if err = p.end(); err != nil {
			return result{err: err}
		}
		warns, err = sh.h.Uninstall(name)
	default:
		p.i++
		return result{err: p.syntaxError()}
	}
	return result{warnings: warns, err: err}
}

// scope reads an optional GLOBAL / SESSION / LOCAL.
func scope(p *parser) sysvar.Scope {
	switch {
	case p.accept("GLOBAL"):
		return sysvar.ScopeGlobal
	case p.accept("SESSION"), p.accept("LOCAL"):
		return sysvar.ScopeSession
	}
	return sysvar.ScopeImplicit
}

// likeClause reads an optional LIKE 'pattern'.
func likeClause(p *parser) (string, error) {
	if p.accept("LIKE") {
		return p.str()
	}
	return "", p.end()
}

func (sh *shell) show(p *parser, q string) result {
	p.accept("SHOW")
	switch {
	case p.accept("WARNINGS"), p.accept("ERRORS"):
		errorsOnly := strings.EqualFold(p.toks[p.i-1].val, "ERRORS")
		if err := p.end(); err != nil {
			return result{err: err}
		}
		rs := resultSet{Columns: []string{"Level", "Code", "Message"}}
		for _, c := range sh.diag {
			if errorsOnly && c.Level != mysqlabi.LevelError {
				continue
			}
			rs.Rows = append(rs.Rows, []*string{str(string(c.Level)), str(strconv.Itoa(c.Code)), str(c.Message)})
		}
		return result{rs: &rs}
	case p.accept("PLUGINS"):
		if err := p.end(); err != nil {
			return result{err: err}
		}
		rs := resultSet{Columns: []string{"Name", "Status", "Type", "Library", "License"}}
		var objs []pluginJSON
		for _, pi := range sh.h.Plugins() {
			lib := str(pi.Library)
			if pi.Library == "" {
				lib = nil
			}
			rs.Rows = append(rs.Rows, []*string{str(pi.Name), str(pi.Status), str(pi.Type), lib, str(pi.License)})
			objs = append(objs, pluginRow(pi))
		}
		return result{rs: &rs, plugins: objs}
	}
	sc := scope(p)
	switch {
	case p.accept("VARIABLES"):
		like, err := likeClause(p)
		if err != nil {
			return result{err: err}
		}
		if sc == sysvar.ScopeImplicit {
			sc = sysvar.ScopeSession
		}
		rs := resultSet{Columns: []string{"Variable_name", "Value"}}
		for _, v := range sh.h.ShowVariables(sh.sess, sc, like) {
			rs.Rows = append(rs.Rows, []*string{str(v.Name), str(v.Value)})
		}
		return result{rs: &rs}
	case p.accept("STATUS"):
		like, err := likeClause(p)
		if err != nil {
			return result{err: err}
		}
		rows, err := sh.h.ShowStatus(sh.sess, like)
		if err != nil {
			return result{err: err}
		}
		rs := resultSet{Columns: []string{"Variable_name", "Value"}}
		for _, r := range rows {
			rs.Rows = append(rs.Rows, []*string{str(r.Name), str(r.Value)})
		}
		return result{rs: &rs}
	}
	return result{audited: true}
}

// set runs SET [GLOBAL|SESSION] x = v, ... in order; the first error
// stops it, as in the servers.
func (sh *shell) set(p *parser) result {
	p.accept("SET")
	var warns []loader.Warning
	sc := sysvar.ScopeImplicit
	for {
		if s := scope(p); s != sysvar.ScopeImplicit {
			sc = s
		}
		if t := p.peek(0); t.kind == tokSymbol && t.val == "@" {
			return result{audited: true} // user variables are not the host's
		}
		if p.accept("@@") {
			sc = varScope(p)
		}
		name, err := p.ident()
		if err != nil {
			return result{err: err, warnings: warns}
		}
		if !p.accept("=") && !p.accept(":", "=") {
			return result{err: p.syntaxError(), warnings: warns}
		}
		raw := p.rawUntilComma()
		if raw == "" {
			return result{err: p.syntaxError(), warnings: warns}
		}
		if strings.EqualFold(name, "sql_mode") {
			v, _, err := sysvar.ParseValue(raw, sh.prof)
			if err != nil {
				return result{err: sqlError(1231, "42000", fmt.Sprintf("Variable 'sql_mode' can't be set to the value of '%s'", raw)), warnings: warns}
			}
			mode := v.Text()
			if v == sysvar.Default {
				mode = ""
			}
			sh.sess.SetSQLMode(strings.ToUpper(mode))
		} else {
			v, lw, err := sysvar.ParseValue(raw, sh.prof)
			warns = append(warns, lw...)
			if err != nil {
				var le *loader.Error
				if !errors.As(err, &le) {
					err = sqlError(1064, "42000", err.Error())
				}
				return result{err: err, warnings: warns}
			}
			w, err := sh.h.SetVariable(sh.sess, sc, name, v)
			warns = append(warns, w...)
			if err != nil {
				return result{err: err, warnings: warns}
			}
		}
		if !p.accept(",") {
			break
		}
	}
	return result{warnings: warns, err: p.end()}
}

// password runs the password validation plugins for CREATE USER ...
// IDENTIFIED BY, ALTER USER ... IDENTIFIED BY and SET PASSWORD, then
// audits the statement.
func (sh *shell) password(p *parser, q string) result {
	var user, host, pw, op string
	var err error
	switch {
	case p.accept("SET", "PASSWORD"):
		op = "SET PASSWORD"
		user, host = "root", "localhost"
		if p.accept("FOR") {
			if user, host, err = p.account(); err != nil {
				return result{err: err}
			}
		}
		if err = p.expect("="); err != nil {
			return result{err: err}
		}
		if p.accept("PASSWORD", "(") {
			if pw, err = p.str(); err != nil {
				return result{err: err}
			}
		} else if pw, err = p.str(); err != nil {
			return result{err: err}
		}
	default:
		op = strings.ToUpper(p.toks[0].val) + " USER"
		p.i += 2
		p.accept("IF", "NOT", "EXISTS")
		p.accept("IF", "EXISTS")
		if user, host, err = p.account(); err != nil {
			return result{audited: true}
		}
		for !p.done() && !p.is("IDENTIFIED") {
			p.i++
		}
		if p.accept("IDENTIFIED", "WITH") || p.accept("IDENTIFIED", "VIA") {
			return sh.identifiedWith(p, op, user, host)
		}
		if !p.accept("IDENTIFIED", "BY") {
			return result{audited: true}
		}
		p.accept("PASSWORD")
		if pw, err = p.str(); err != nil {
			return result{audited: true}
		}
	}
	if r, ok := sh.validate(op, user, host, pw); !ok {
		return r
	}
	return result{audited: true}
}

// validate runs the password validation plugins; a refusal is the
// statement's error.
func (sh *shell) validate(op, user, host, pw string) (result, bool) {
	if err := sh.h.ValidatePassword(sh.sess, user, host, pw); err != nil {
		warns := sh.sess.TakeConditions()
		if sh.prof.Flavor == mysqlabi.FlavorMariaDB && op != "SET PASSWORD" {
			warns = append(warns, loader.Warning{Level: mysqlabi.LevelError, Code: 1396, SQLState: "HY000",
				Message: fmt.Sprintf("Operation %s failed for '%s'@'%s'", op, user, host)})
		}
		return result{err: err, warnings: warns}, false
	}
	return result{}, true
}

func (sh *shell) createFunction(p *parser) result {
	p.accept("CREATE")
	aggregate := p.accept("AGGREGATE")
	p.accept("FUNCTION")
	p.accept("IF", "NOT", "EXISTS")
	name, err := p.ident()
	if err != nil {
		return result{err: err}
	}
	if err := p.expect("RETURNS"); err != nil {
		return result{err: err}
	}
	var ret loader.UDFType
	switch {
	case p.accept("STRING"):
		ret = loader.UDFString
	case p.accept("INTEGER"), p.accept("INT"):
		ret = loader.UDFInt
	case p.accept("REAL"):
		ret = loader.UDFReal
	case p.accept("DECIMAL"):
		ret = loader.UDFDecimal
	default:
		return result{err: p.syntaxError()}
	}
	if err := p.expect("SONAME"); err != nil {
		return result{err: err}
	}
	lib, err := p.str()
	if err != nil {
		return result{err: err}
	}
	if err := p.end(); err != nil {
		return result{err: err}
	}
	return result{err: sh.h.CreateFunction(name, ret, aggregate, lib)}
}

// selectStmt answers SELECT @@vars, SELECT * FROM information_schema.PLUGINS,
// and calls of UDFs, VALIDATE_PASSWORD_STRENGTH and MATCH_PARSE; any other
// SELECT is audited only.
func (sh *shell) selectStmt(p *parser) result {
	p.accept("SELECT")
	if t := p.peek(0); t.kind == tokSymbol && t.val == "@@" {
		return sh.selectVars(p)
	}
	if r, ok := sh.selectPlugins(p); ok {
		return r
	}
	if p.peek(0).kind == tokWord && p.peek(1).val == "(" {
		return sh.selectCall(p)
	}
	return result{audited: true}
}

// varScope reads the scope prefix after @@: global., session. or local.
// (none: the implicit scope).
func varScope(p *parser) sysvar.Scope {
	switch {
	case p.accept("GLOBAL", "."):
		return sysvar.ScopeGlobal
	case p.accept("SESSION", "."), p.accept("LOCAL", "."):
		return sysvar.ScopeSession
	}
	return sysvar.ScopeImplicit
}

func (sh *shell) selectVars(p *parser) result {
	var rs resultSet
	row := []*string{}
	for {
		start := p.peek(0).pos
		p.accept("@@")
		sc := varScope(p)
		name, err := p.ident()
		if err != nil {
			return result{err: err}
		}
		col := p.q[start:p.toks[p.i-1].end]
		if p.accept("AS") {
			if col, err = p.name(); err != nil {
				return result{err: err}
			}
		}
		var cell *string
		if strings.EqualFold(name, "sql_mode") && sc != sysvar.ScopeGlobal {
			cell = str(sh.sess.SQLMode())
		} else {
			v, ok, err := sh.h.GetVariable(sh.sess, sc, name)
			if err != nil {
				return result{err: err}
			}
			if ok {
				cell = str(v)
			}
		}
		rs.Columns = append(rs.Columns, col)
		row = append(row, cell)
		if !p.accept(",") {
			break
		}
		if t := p.peek(0); t.kind != tokSymbol || t.val != "@@" {
			return result{audited: true}
		}
	}
	if !p.done() {
		return result{audited: true}
	}
	rs.Rows = [][]*string{row}
	return result{rs: &rs}
}

// pluginColumns are information_schema.PLUGINS's columns.
func pluginColumns(prof *mysqlabi.Profile) []string {
	cols := []string{"PLUGIN_NAME", "PLUGIN_VERSION", "PLUGIN_STATUS", "PLUGIN_TYPE", "PLUGIN_TYPE_VERSION",
		"PLUGIN_LIBRARY", "PLUGIN_LIBRARY_VERSION", "PLUGIN_AUTHOR", "PLUGIN_DESCRIPTION", "PLUGIN_LICENSE", "LOAD_OPTION"}
	if prof.Flavor == mysqlabi.FlavorMariaDB {
		cols = append(cols, "PLUGIN_MATURITY", "PLUGIN_AUTH_VERSION")
	}
	return cols
}

func pluginCell(pi loader.PluginInfo, col string) *string {
	v := map[string]string{"PLUGIN_NAME": pi.Name, "PLUGIN_VERSION": pi.Version, "PLUGIN_STATUS": pi.Status,
		"PLUGIN_TYPE": pi.Type, "PLUGIN_TYPE_VERSION": pi.TypeVersion, "PLUGIN_LIBRARY": pi.Library,
		"PLUGIN_LIBRARY_VERSION": pi.LibraryVersion, "PLUGIN_AUTHOR": pi.Author, "PLUGIN_DESCRIPTION": pi.Description,
		"PLUGIN_LICENSE": pi.License, "LOAD_OPTION": pi.LoadOption, "PLUGIN_MATURITY": pi.Maturity,
		"PLUGIN_AUTH_VERSION": pi.AuthVersion}[col]
	if v == "" && (col == "PLUGIN_LIBRARY" || col == "PLUGIN_LIBRARY_VERSION" || col == "PLUGIN_AUTHOR" ||
		col == "PLUGIN_DESCRIPTION" || col == "PLUGIN_AUTH_VERSION") {
		return nil
	}
	return str(v)
}

// selectPlugins answers SELECT * | cols FROM information_schema.PLUGINS
// [WHERE col = 'x' | col LIKE 'p'].
func (sh *shell) selectPlugins(p *parser) (result, bool) {
	save := p.i
	all := pluginColumns(sh.prof)
	var cols []string
	if p.accept("*") {
		cols = all
	} else {
		for {
			c, err := p.ident()
			if err != nil || !containsFold(all, c) {
				p.i = save
				return result{}, false
			}
			cols = append(cols, strings.ToUpper(c))
			if !p.accept(",") {
				break
			}
		}
	}
	if !p.accept("FROM", "information_schema", ".", "PLUGINS") {
		p.i = save
		return result{}, false
	}
	match := func(loader.PluginInfo) bool { return true }
	if p.accept("WHERE") {
		c, err := p.ident()
		if err != nil || !containsFold(all, c) {
			return result{err: sqlError(1054, "42S22", fmt.Sprintf("Unknown column '%s' in 'where clause'", c))}, true
		}
		c = strings.ToUpper(c)
		like := p.accept("LIKE")
		if !like && !p.accept("=") {
			return result{err: p.syntaxError()}, true
		}
		v, err := p.str()
		if err != nil {
			return result{err: err}, true
		}
		match = func(pi loader.PluginInfo) bool {
			cell := pluginCell(pi, c)
			if cell == nil {
				return false
			}
			if like {
				return loader.Like(*cell, v)
			}
			return strings.EqualFold(*cell, v)
		}
	}
	if err := p.end(); err != nil {
		return result{err: err}, true
	}
	rs := resultSet{Columns: cols}
	var objs []pluginJSON
	for _, pi := range sh.h.Plugins() {
		if !match(pi) {
			continue
		}
		row := make([]*string, len(cols))
		for i, c := range cols {
			row[i] = pluginCell(pi, c)
		}
		rs.Rows = append(rs.Rows, row)
		objs = append(objs, pluginRow(pi))
	}
	if len(cols) != len(all) {
		objs = nil
	}
	return result{rs: &rs, plugins: objs}, true
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// literal is one argument of a function call.
type literal struct {
	raw  string
	arg  loader.UDFArg
	text string
}

// callArgs reads "(lit, lit, ...)" up to the end of the statement.
func callArgs(p *parser) ([]literal, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	var args []literal
	for !p.accept(")") {
		if len(args) > 0 {
			if err := p.expect(","); err != nil {
				return nil, err
			}
		}
		t := p.peek(0)
		p.i++
		switch {
		case t.kind == tokString:
			args = append(args, literal{t.raw, loader.StringArg(t.val), t.val})
		case t.kind == tokNumber && strings.ContainsAny(t.val, "eE"):
			f, err := strconv.ParseFloat(t.val, 64)
			if err != nil {
				return nil, p.syntaxError()
			}
			args = append(args, literal{t.raw, loader.RealArg(f), t.val})
		case t.kind == tokNumber && strings.Contains(t.val, "."):
			args = append(args, literal{t.raw, loader.DecimalArg(t.val), t.val})
		case t.kind == tokNumber:
			n, err := strconv.ParseInt(t.val, 10, 64)
			if err != nil {
				return nil, p.syntaxError()
			}
			args = append(args, literal{t.raw, loader.IntArg(n), t.val})
		case t.kind == tokWord && strings.EqualFold(t.val, "NULL"):
			args = append(args, literal{t.raw, loader.NullArg(loader.UDFString), ""})
		default:
			p.i--
			return nil, p.syntaxError()
		}
	}
	return args, p.end()
}

// selectCall answers SELECT f(literals): VALIDATE_PASSWORD_STRENGTH,
// MATCH_PARSE, or a created function.
func (sh *shell) selectCall(p *parser) result {
	start := p.peek(0).pos
	fname := p.peek(0).val
	udf, udfErr := sh.h.Function(fname)
	builtin := strings.EqualFold(fname, "VALIDATE_PASSWORD_STRENGTH") || strings.EqualFold(fname, "MATCH_PARSE")
	if !builtin && udfErr != nil {
		return result{audited: true}
	}
	p.i++
	args, err := callArgs(p)
	if err != nil {
		if !builtin {
			return result{audited: true}
		}
		return result{err: err}
	}
	col := p.q[start:]
	switch {
	case strings.EqualFold(fname, "VALIDATE_PASSWORD_STRENGTH"):
		if len(args) != 1 {
			return result{err: sqlError(1582, "42000", fmt.Sprintf("Incorrect parameter count in the call to native function '%s'", fname))}
		}
		n, err := sh.h.PasswordStrength(sh.sess, args[0].text)
		if err != nil {
			return result{err: err}
		}
		return result{rs: &resultSet{Columns: []string{col}, Rows: [][]*string{{str(strconv.Itoa(n))}}}}
	case strings.EqualFold(fname, "MATCH_PARSE"):
		return sh.matchParse(fname, args)
	}
	var v loader.UDFValue
	if udf.Aggregate() {
		v, err = aggregateOneRow(sh.sess, udf, argValues(args))
	} else {
		v, err = udf.Call(sh.sess, argValues(args))
	}
	if err != nil {
		return result{err: err}
	}
	var cell *string
	switch {
	case v.Null || v.Error:
		cell = nil
	case v.Type == loader.UDFInt:
		cell = str(strconv.FormatInt(v.Int, 10))
	case v.Type == loader.UDFReal:
		cell = str(strconv.FormatFloat(v.Real, 'f', -1, 64))
	default:
		cell = str(string(v.Str))
	}
	return result{rs: &resultSet{Columns: []string{col}, Rows: [][]*string{{cell}}}}
}

// aggregateOneRow runs an aggregate function over a one-row group (a
// SELECT without FROM): clear, add the row, result.
func aggregateOneRow(s *loader.Session, f *loader.Function, args []loader.UDFArg) (loader.UDFValue, error) {
	params := make([]loader.UDFParam, len(args))
	for i, a := range args {
		params[i] = loader.UDFParam{Type: a.Type, MaybeNull: a.Null}
	}
	c, err := f.Prepare(s, params)
	if err != nil {
		return loader.UDFValue{}, err
	}
	defer c.Close()
	if err := c.Clear(); err != nil {
		return loader.UDFValue{}, err
	}
	if err := c.Add(args); err != nil {
		return loader.UDFValue{}, err
	}
	return c.Result()
}

func argValues(ls []literal) []loader.UDFArg {
	out := make([]loader.UDFArg, len(ls))
	for i, l := range ls {
		out[i] = l.arg
	}
	return out
}

// matchParse answers MATCH_PARSE('parser', 'text' [, 'boolean' | 'natural'
// | 'stopwords']): the words the full-text parser plugin hands the server.
func (sh *shell) matchParse(fname string, args []literal) result {
	if len(args) < 2 || len(args) > 3 {
		return result{err: sqlError(1582, "42000", fmt.Sprintf("Incorrect parameter count in the call to native function '%s'", fname))}
	}
	mode := loader.FTNatural
	if len(args) == 3 {
		switch strings.ToLower(args[2].text) {
		case "boolean", "in boolean mode":
			mode = loader.FTBoolean
		case "stopwords", "with stopwords":
			mode = loader.FTWithStopwords
		case "natural", "":
		default:
			return result{err: sqlError(1210, "HY000", fmt.Sprintf("Incorrect arguments to %s: mode '%s' (boolean, natural, stopwords)", fname, args[2].text))}
		}
	}
	ft, err := sh.h.FullTextParser(args[0].text)
	if err != nil {
		return result{err: err}
	}
	defer ft.Close()
	words, err := ft.Parse(sh.sess, args[1].text, mode)
	if err != nil {
		return result{err: err}
	}
	rs := resultSet{Columns: []string{"Position", "Word"}}
	if mode == loader.FTBoolean {
		rs.Columns = append(rs.Columns, "Type", "Yesno", "Weight_adjust", "Trunc")
	}
	for _, w := range words {
		row := []*string{str(strconv.Itoa(w.Position)), str(w.Text)}
		if mode == loader.FTBoolean {
			row = append(row, str(strconv.Itoa(int(w.Info.Type))), str(strconv.Itoa(w.Info.YesNo)),
				str(strconv.Itoa(w.Info.WeightAdjust)), str(strconv.FormatBool(w.Info.Trunc)))
		}
		rs.Rows = append(rs.Rows, row)
	}
	return result{rs: &rs}
}

// printResult prints r in the shell's format.
func (sh *shell) printResult(out, errOut io.Writer, q string, where string, r result) {
	if sh.format == formatJSON {
		writeJSON(out, resultJSON(q, r))
		return
	}
	switch {
	case r.err != nil:
		var e *loader.Error
		if where != "" && errors.As(r.err, &e) && e.Code != 0 {
			fmt.Fprintf(errOut, "ERROR %d (%s)%s: %s\n", e.Code, e.SQLState, where, e.Message)
		} else {
			mysqlError(errOut, r.err)
		}
		return
	case r.rs != nil:
		printResultSet(out, *r.rs)
	case r.info != "":
		fmt.Fprintln(out, r.info)
	case r.audited:
		fmt.Fprintf(out, "Query OK (audited, not executed)%s\n", warningCount(r.warnings))
	default:
		fmt.Fprintf(out, "Query OK, 0 rows affected%s\n", warningCount(r.warnings))
	}
	fmt.Fprintln(out)
}

func warningCount(w []loader.Warning) string {
	switch len(w) {
	case 0:
		return ""
	case 1:
		return ", 1 warning"
	}
	return fmt.Sprintf(", %d warnings", len(w))
}

// statementJSON is one statement's answer in --format json.
type statementJSON struct {
	Statement string        `json:"statement"`
	OK        bool          `json:"ok"`
	Audited   bool          `json:"audited,omitempty"`
	Info      string        `json:"info,omitempty"`
	Columns   []string      `json:"columns,omitempty"`
	Rows      *[][]*string  `json:"rows,omitempty"`
	Plugins   []pluginJSON  `json:"plugins,omitempty"`
	Warnings  []warningJSON `json:"warnings,omitempty"`
	Error     *errorJSON    `json:"error,omitempty"`
}

// warningJSON is a row of SHOW WARNINGS.
type warningJSON struct {
	Level   string `json:"level"`
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func resultJSON(q string, r result) statementJSON {
	j := statementJSON{Statement: q, OK: r.err == nil, Audited: r.audited, Info: r.info, Plugins: r.plugins}
	if r.rs != nil {
		rows := r.rs.Rows
		if rows == nil {
			rows = [][]*string{}
		}
		j.Columns, j.Rows = r.rs.Columns, &rows
	}
	for _, w := range r.warnings {
		j.Warnings = append(j.Warnings, warningJSON{string(w.Level), w.Code, w.Message})
	}
	if r.err != nil {
		e := errorOf(r.err)
		j.Error = &e
	}
	return j
}
