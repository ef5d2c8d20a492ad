package loader

import (
	"fmt"
	"sync"

	"go.uber.org/zap"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
)

// auditRegistry is the host's list of active audit plugins, mirrored in C
// memory so an event crosses into C once, whatever their number.
type auditRegistry struct {
	mu      sync.RWMutex // Lock to change the list, RLock to dispatch
	list    native.AuditList
	plugins []*installed
	entries []native.AuditPlugin
}

// The MySQL audit class AUTHORIZATION, which mysqld refuses subscriptions to.
const auditClassAuthorization = 3

// auditDescriptor reads an audit plugin's descriptor in its own API
// generation and applies the server's initialize_audit_plugin checks.
func (h *Host) auditDescriptor(ip *installed) (native.AuditPlugin, error) {
	p := ip.plugin
	info := uintptr(p.Info)
	e := native.AuditPlugin{Notify: uintptr(native.Uint64(info + uintptr(mysqlabi.Audit80.Off("event_notify")))),
		Release: uintptr(native.Uint64(info + uintptr(mysqlabi.Audit80.Off("release_thd"))))}
	masks := uintptr(info + uintptr(mysqlabi.Audit80.Off("class_mask")))
	invalid := plainError(ErrInitFailed, "Plugin '%s' has invalid data.", p.Name).withPlugin(p.Name)
	switch p.InfoVersion >> 8 {
	case 3: // MariaDB 0x0302 and MySQL 5.5/5.6's 0x0301: one bitmask of classes
		e.API, e.Masks = native.AuditMariaDB, []uint64{native.Uint64(masks)}
		if e.Notify == 0 || e.Masks[0] == 0 {
			return e, invalid
		}
	case 4: // MySQL 0x0401: a mask per class, 11 in 5.7, 13 in 8.0
		count := mysqlabi.Audit57.Size/8 - 3 // 11 class masks
		if ip.lib.set.ABI.SizeofPlugin >= int32(mysqlabi.PluginDecl80.Size) {
			count = mysqlabi.Audit80.Size/8 - 3 // 13
		}
		any := false
		for i := 0; i < count; i++ {
			m := native.Uint64(masks + uintptr(8*i))
			e.Masks = append(e.Masks, m)
			any = any || m != 0
		}
		e.API = native.AuditMySQL
		if e.Masks[auditClassAuthorization] != 0 && h.cfg.profile.Flavor == mysqlabi.FlavorMySQL {
			return e, plainError(ErrInitFailed, "Plugin '%s' cannot subscribe to MYSQL_AUDIT_AUTHORIZATION events. Currently not supported.",
				p.Name).withPlugin(p.Name)
		}
		if e.Notify == 0 || !any {
			return e, invalid
		}
	default:
		return e, plainError(ErrNotHostable, "plugin '%s': audit API version %s is not one the host can drive",
			p.Name, fmtVersion(p.InfoVersion)).withPlugin(p.Name)
	}
	return e, nil
}

// addAudit registers an initialised audit plugin.
func (h *Host) addAudit(ip *installed, e native.AuditPlugin) {
	r := &h.audit
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.plugins) >= native.MaxAudit {
		h.log.Warn("too many audit plugins: events are not delivered to this one", zap.String("plugin", ip.plugin.Name))
		return
	}
	r.plugins = append(r.plugins, ip)
	r.entries = append(r.entries, e)
	r.list.Set(r.entries)
}

// removeAudit unregisters a plugin before its deinit.
func (h *Host) removeAudit(ip *installed) {
	r := &h.audit
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, q := range r.plugins {
		if q == ip {
			r.plugins = append(r.plugins[:i], r.plugins[i+1:]...)
			r.entries = append(r.entries[:i], r.entries[i+1:]...)
			r.list.Set(r.entries)
			return
		}
	}
}

// Audit event classes, in MySQL 0x0401 numbering; MariaDB's TABLE class
// is 15. Subclasses are indices (MySQL's flag is 1 << index).
const (
	auditGeneral        = 0
	auditConnection     = 1
	auditParse          = 2
	auditTableAccess    = 4
	auditGlobalVariable = 5
	auditServerStartup  = 6
	auditServerShutdown = 7
	auditCommand        = 8
	auditQuery          = 9
	auditStoredProgram  = 10
	auditAuthentication = 11
	auditMessage        = 12
	auditMariaDBTable   = 15

	generalLog    = 0
	generalError  = 1
	generalResult = 2
	generalStatus = 3

	connectionConnect         = 0
	connectionDisconnect      = 1
	connectionChangeUser      = 2
	connectionPreAuthenticate = 3

	commandStart = 0
	commandEnd   = 1

	queryStart     = 0
	queryStatusEnd = 2
)

// auditEventNames are the names ER_AUDIT_API_ABORT reports, by class, in
// subclass order.
var auditEventNames = map[int][]string{
	auditGeneral:        {"MYSQL_AUDIT_GENERAL_LOG", "MYSQL_AUDIT_GENERAL_ERROR", "MYSQL_AUDIT_GENERAL_RESULT", "MYSQL_AUDIT_GENERAL_STATUS"},
	auditConnection:     {"MYSQL_AUDIT_CONNECTION_CONNECT", "MYSQL_AUDIT_CONNECTION_DISCONNECT", "MYSQL_AUDIT_CONNECTION_CHANGE_USER", "MYSQL_AUDIT_CONNECTION_PRE_AUTHENTICATE"},
	auditParse:          {"MYSQL_AUDIT_PARSE_PREPARSE", "MYSQL_AUDIT_PARSE_POSTPARSE"},
	auditTableAccess:    {"MYSQL_AUDIT_TABLE_ACCESS_READ", "MYSQL_AUDIT_TABLE_ACCESS_INSERT", "MYSQL_AUDIT_TABLE_ACCESS_UPDATE", "MYSQL_AUDIT_TABLE_ACCESS_DELETE"},
	auditGlobalVariable: {"MYSQL_AUDIT_GLOBAL_VARIABLE_GET", "MYSQL_AUDIT_GLOBAL_VARIABLE_SET"},
	auditServerStartup:  {"MYSQL_AUDIT_SERVER_STARTUP_STARTUP"},
	auditServerShutdown: {"MYSQL_AUDIT_SERVER_SHUTDOWN_SHUTDOWN"},
	auditCommand:        {"MYSQL_AUDIT_COMMAND_START", "MYSQL_AUDIT_COMMAND_END"},
	auditQuery:          {"MYSQL_AUDIT_QUERY_START", "MYSQL_AUDIT_QUERY_NESTED_START", "MYSQL_AUDIT_QUERY_STATUS_END", "MYSQL_AUDIT_QUERY_NESTED_STATUS_END"},
	auditStoredProgram:  {"MYSQL_AUDIT_STORED_PROGRAM_EXECUTE"},
	auditAuthentication: {"MYSQL_AUDIT_AUTHENTICATION_FLUSH", "MYSQL_AUDIT_AUTHENTICATION_AUTHID_CREATE", "MYSQL_AUDIT_AUTHENTICATION_CREDENTIAL_CHANGE", "MYSQL_AUDIT_AUTHENTICATION_AUTHID_RENAME", "MYSQL_AUDIT_AUTHENTICATION_AUTHID_DROP"},
	auditMessage:        {"MYSQL_AUDIT_MESSAGE_INTERNAL", "MYSQL_AUDIT_MESSAGE_USER"},
	auditMariaDBTable:   {"MYSQL_AUDIT_TABLE_LOCK", "MYSQL_AUDIT_TABLE_CREATE", "MYSQL_AUDIT_TABLE_DROP", "MYSQL_AUDIT_TABLE_RENAME", "MYSQL_AUDIT_TABLE_ALTER"},
}

// auditEventName names an event as ER_AUDIT_API_ABORT does.
func auditEventName(cls, sub int) string {
	if names := auditEventNames[cls]; sub >= 0 && sub < len(names) {
		return names[sub]
	}
	return fmt.Sprintf("MYSQL_AUDIT_CLASS_%d_SUBCLASS_%d", cls, sub)
}

// dispatch delivers one event to the audit plugins (thd: the session's,
// or the host's own for server events). A plugin refusing an abortable
// event (MySQL API) fails it with ER_AUDIT_API_ABORT, naming the event and
// the plugin's return code as mysqld does; the error's Plugin names the
// plugin. The plugins' conditions stay on the session's THD, for the
// statement's warning list (SetVariable's result, TakeConditions).
func (h *Host) dispatch(s *Session, cls, sub int, ev native.Event) (native.Outcome, error) {
	r := &h.audit
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.plugins) == 0 {
		return native.Outcome{Refused: -1, ParseFlags: ev.ParseFlags}, nil
	}
	thd := h.admin
	if s != nil {
		thd = s.thd
	}
	out := r.list.Dispatch(thd, cls, sub, &ev)
	if s == nil {
		// A server event has no client to see the plugins' conditions:
		// they go to the log, as mysqld's would.
		for _, c := range takeConds(h.admin) {
			h.log.Warn(c.Message, zap.Int("code", c.Code), zap.String("event", auditEventName(cls, sub)))
		}
	}
	if out.Refused < 0 || out.Refused >= len(r.plugins) {
		return out, nil
	}
	name := r.plugins[out.Refused].plugin.Name
	e := newError(h.cfg.profile, mysqlabi.ErAuditAPIAbort, ErrRefused, auditEventName(cls, sub), out.RC).withPlugin(name)
	e.Detail = fmt.Sprintf("refused by audit plugin '%s'", name)
	return out, e
}

// releaseTHD calls release_thd of the audit plugins that have one, as the
// servers do when a statement or connection ends.
func (h *Host) releaseTHD(s *Session) {
	r := &h.audit
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, e := range r.entries {
		if e.Release != 0 {
			native.CallInt1THD(e.Release, s.thd.Addr(), s.thd.Addr())
		}
	}
}
