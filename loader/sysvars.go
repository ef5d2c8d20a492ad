package loader

import (
	"encoding/binary"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.uber.org/zap"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/sysvar"
)

const strType = mysqlabi.VarStr

// hostVar is a system variable registered by the host for an installed
// plugin: the sysvar semantics plus where its values live.
type hostVar struct {
	v         *sysvar.Var
	ip        *installed
	desc      uintptr // the SYS_VAR descriptor in plugin memory
	ownCheck  uintptr // the plugin's check function, 0 when the server's is used
	ownUpdate uintptr // the plugin's update function, 0 when the server's is used
	offset    int     // THD-local variables: offset in the session blocks
	global    uintptr // where the global value lives
	memalloc  uintptr // global MEMALLOC string the host allocated
	optstr    uintptr // a plain string option value the host allocated (freed with the variable)
}

func (hv *hostVar) thdLocal() bool { return hv.v.Desc.ThdLocal() }

// slotSize is the C size of the variable's value.
func (hv *hostVar) slotSize() int {
	switch hv.v.Desc.Type {
	case mysqlabi.VarBool:
		return 1
	case mysqlabi.VarInt:
		return 4
	}
	return 8
}

// bookmarks hand out offsets of THD-local variables in the process-wide
// blocks. Like mysqld's, they are never freed: the same name and type get
// the same offset after a reinstall.
var bookmarks struct {
	sync.Mutex
	next int
	m    map[string]int
}

func bookmark(t mysqlabi.VarType, name string, size int) (int, bool) {
	bookmarks.Lock()
	defer bookmarks.Unlock()
	if bookmarks.m == nil {
		bookmarks.m = map[string]int{}
	}
	key := string(rune('0'+t)) + name
	if off, ok := bookmarks.m[key]; ok {
		return off, true
	}
	off := (bookmarks.next + size - 1) / size * size
	if off+size > native.DynvarsSize {
		return 0, false
	}
	bookmarks.next = off + size
	bookmarks.m[key] = off
	return off, true
}

// registerVars does what mysqld's test_plugin_options does before init:
// names every system variable, detects conflicts, assigns THD-local
// offsets and writes resolve, fills NULL check/update with the server's
// functions, and writes each default (and any option value) into the
// plugin's storage. A plugin whose variables cannot be registered is
// DISABLED, as in the servers; a disabled plugin registers none.
func (h *Host) registerVars(ip *installed) error {
	p := ip.plugin
	if len(p.SystemVars) == 0 || ip.state == StateDisabled {
		return nil
	}
	if !native.Available() {
		return plainError(ErrNotSupported, "plugin '%s' has system variables: hosting them needs the host's C side (a cgo build)",
			p.Name).withPlugin(p.Name)
	}
	var vars []*hostVar
	for _, d := range p.SystemVars {
		v := sysvar.NewVar(h.cfg.profile, p.Name, d)
		if v.NoSysVar && !v.Session() {
			continue // no @@ variable, and no storage the server manages
		}
		if other, ok := h.vars[strings.ToLower(v.Name)]; ok && other.ip != ip && !v.NoSysVar {
			h.log.Error(fmt.Sprintf("Plugin '%s' has conflicting system variables", p.Name), zap.String("variable", v.Name))
			ip.state = StateDisabled
			return nil
		}
		vars = append(vars, &hostVar{v: v, ip: ip, desc: uintptr(d.Addr)})
	}
	for _, hv := range vars {
		d := hv.v.Desc
		shape := d.Shape()
		if hv.v.ForcedReadOnly {
			h.log.Warn("string variable without an update function is read-only",
				zap.String("plugin", p.Name), zap.String("variable", hv.v.Name))
		}
		hv.ownCheck, hv.ownUpdate = uintptr(d.Check), uintptr(d.Update)
		if d.Check == 0 {
			native.PutUint64(hv.desc+uintptr(shape.Off("check")), uint64(native.DefaultCheck(int(d.Type))))
		}
		if d.Update == 0 {
			native.PutUint64(hv.desc+uintptr(shape.Off("update")), uint64(native.DefaultUpdate(int(d.Type))))
		}
		if hv.thdLocal() {
			off, ok := bookmark(d.Type, hv.v.Name, hv.slotSize())
			if !ok {
				return plainError(ErrNotHostable, "plugin '%s': no room for session variable %s", p.Name, hv.v.Name)
			}
			hv.offset = off
			hv.global = native.GlobalDynvars() + uintptr(off)
			var b [4]byte
			binary.LittleEndian.PutUint32(b[:], uint32(int32(off)))
			native.Write(hv.desc+uintptr(shape.Off("offset")), b[:])
			native.PutUint64(hv.desc+uintptr(shape.Off("resolve")), uint64(native.Resolve()))
		} else {
			hv.global = uintptr(d.Value)
		}
		// A NOCMDOPT variable gets no option, so its default is not
		// written: it keeps its C initial value (a THD-local one, zero,
		// except in MariaDB).
		if !hv.v.NoCmdOpt || (hv.thdLocal() && h.cfg.profile.ThdNoCmdOptDefault) {
			h.storeGlobal(hv, hv.v.DefaultValue())
			if !h.applyOptions(hv) {
				h.log.Error(fmt.Sprintf("Parsing options for plugin '%s' failed. Disabling plugin", p.Name))
				ip.state = StateDisabled
				for _, done := range vars {
					if done.memalloc != 0 {
						native.Free(done.memalloc)
						done.memalloc = 0
					}
					if done.optstr != 0 {
						native.Free(done.optstr)
						done.optstr = 0
					}
				}
				return nil
			}
		}
	}
	for _, hv := range vars {
		if !hv.v.NoSysVar {
			h.vars[strings.ToLower(hv.v.Name)] = hv // a NOSYSVAR session variable keeps only its storage
		}
		h.varList = append(h.varList, hv)
		if hv.thdLocal() {
			for s := range h.sessions {
				s.copyGlobal(hv)
			}
		}
	}
	sort.Slice(h.varList, func(i, j int) bool { return h.varList[i].v.Name < h.varList[j].v.Name })
	return nil
}

// applyOptions applies the plugin options that name the variable, in
// order (the last one wins), logging what the server logs. It returns
// false when a value is bad and the option was not loose.
func (h *Host) applyOptions(hv *hostVar) bool {
	for _, a := range h.cfg.args {
		m, loose := sysvar.Match(a, hv.v.Option)
		if m == sysvar.NoMatch {
			continue
		}
		a.Used = true
		if m == sysvar.MatchIgnore {
			continue
		}
		s, logs, err := hv.v.ApplyOption(a, m)
		for _, l := range logs {
			if l.Level == mysqlabi.LevelError {
				h.log.Error(l.Message, zap.String("option", a.Origin))
			} else {
				h.log.Warn(l.Message, zap.String("option", a.Origin))
			}
		}
		if err != nil {
			if loose {
				continue
			}
			return false
		}
		h.storeGlobal(hv, s)
	}
	return true
}

// unregisterVars removes a plugin's variables and frees the global
// MEMALLOC strings the host allocated (as plugin_del does).
func (h *Host) unregisterVars(ip *installed) {
	kept := h.varList[:0]
	for _, hv := range h.varList {
		if hv.ip != ip {
			kept = append(kept, hv)
			continue
		}
		if h.vars[strings.ToLower(hv.v.Name)] == hv {
			delete(h.vars, strings.ToLower(hv.v.Name))
		}
		if hv.memalloc != 0 {
			native.PutUint64(hv.global, 0)
			native.Free(hv.memalloc)
			hv.memalloc = 0
		}
		if hv.optstr != 0 {
			if uintptr(native.Uint64(hv.global)) == hv.optstr {
				native.PutUint64(hv.global, 0)
			}
			native.Free(hv.optstr)
			hv.optstr = 0
		}
	}
	h.varList = kept
}

// storeGlobal writes a value into the variable's global storage directly
// (defaults and options, before init: no update function runs).
func (h *Host) storeGlobal(hv *hostVar, s sysvar.Stored) {
	if hv.v.Desc.Type == strType {
		var p uintptr
		switch {
		case s.Null:
		case hv.v.Desc.MemAlloc():
			p = native.CString(s.Str)
		default:
			// A plain string default points at the plugin's own def_val.
			p = uintptr(native.Uint64(hv.desc + uintptr(hv.v.Desc.Shape().Off("def_val"))))
			if s.Str != hv.v.Desc.DefaultString {
				p = native.CString(s.Str) // an option value: kept while the variable is registered
				if hv.optstr != 0 {
					native.Free(hv.optstr)
				}
				hv.optstr = p
			}
		}
		if hv.memalloc != 0 {
			native.Free(hv.memalloc)
		}
		hv.memalloc = 0
		if hv.v.Desc.MemAlloc() {
			hv.memalloc = p
		}
		native.PutUint64(hv.global, uint64(p))
		return
	}
	native.Write(hv.global, encode(s, hv.slotSize()))
}

// encode lays a value out as its C type.
func encode(s sysvar.Stored, size int) []byte {
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, s.Bits)
	return b[:size]
}

// load reads a variable's value at addr.
func (hv *hostVar) load(addr uintptr) sysvar.Stored {
	d := hv.v.Desc
	if d.Type == strType {
		p := uintptr(native.Uint64(addr))
		return sysvar.Stored{Str: native.GoString(p), Null: p == 0}
	}
	b := append(native.Read(addr, hv.slotSize()), make([]byte, 8)...)
	bits := binary.LittleEndian.Uint64(b[:8])
	switch {
	case d.Type == mysqlabi.VarBool:
		bits &= 0xff
	case d.Type == mysqlabi.VarInt && !d.Unsigned():
		bits = uint64(int64(int32(bits)))
	}
	return sysvar.Stored{Bits: bits}
}

// addr returns where the value of the scope lives: the global storage, or
// the session's slot.
func (hv *hostVar) addr(s *Session, scope sysvar.Scope) uintptr {
	if hv.thdLocal() && scope != sysvar.ScopeGlobal && s != nil {
		return s.thd.Dynvars() + uintptr(hv.offset)
	}
	return hv.global
}

// Variable is a system variable as SHOW VARIABLES and the
// information_schema metadata present it.
type Variable struct {
	Name  string
	Value string // a NULL string shows as empty, as in SHOW VARIABLES
	Var   *sysvar.Var
}

// SetVariable is SET [GLOBAL|SESSION] name = value on session s (nil for a
// host-level global assignment). It follows the server: read-only and
// scope rules, DEFAULT, the plugin's own check function called with a
// st_mysql_value or the server's check with its type gate and limits
// (warnings, or errors in strict mode), then the plugin's update function
// or the server's store.
func (h *Host) SetVariable(s *Session, scope sysvar.Scope, name string, val sysvar.Value) (warns []Warning, err error) {
	if err := h.lock(); err != nil {
		return nil, err
	}
	defer h.mu.Unlock()
	p := h.cfg.profile
	if s != nil {
		if err := s.live(); err != nil {
			return nil, err
		}
	}
	hv, ok := h.vars[strings.ToLower(name)]
	if !ok {
		return nil, sysvarError(&sysvar.Error{Condition: mysqlabi.Cond(p.Flavor, mysqlabi.LevelError,
			mysqlabi.ErUnknownSystemVariable, name)})
	}
	if scope != sysvar.ScopeGlobal && hv.thdLocal() && s == nil {
		return nil, plainError(ErrNotSupported, "SET SESSION %s needs a session", name)
	}
	warns, err = hv.v.Prepare(scope, val)
	if err != nil {
		return nil, sysvarError(err)
	}
	if scope == sysvar.ScopeImplicit {
		scope = sysvar.ScopeSession
	}
	// notify raises MySQL's GLOBAL_VARIABLE SET after the value passed the
	// checks and before it is stored: a refusal leaves the value unchanged.
	notify := func() error {
		if s == nil || (scope != sysvar.ScopeGlobal && hv.thdLocal()) {
			return nil
		}
		_, err := h.dispatch(s, auditGlobalVariable, 1, native.Event{VariableName: hv.v.Name,
			VariableValue: val.Text(), Query: s.thd.Query(), SQLCommandID: s.thd.SQLCommand()})
		return err
	}
	var thd uintptr
	conds := h.admin // where the conditions the plugin raises go
	if s != nil {
		thd, conds = s.thd.Addr(), s.thd
	}
	defer func() { warns = append(warns, takeConds(conds)...) }()
	var stored sysvar.Stored
	switch {
	case val.Kind == sysvar.KindDefault && hv.thdLocal() && scope == sysvar.ScopeSession:
		stored = hv.load(hv.global) // SET SESSION x = DEFAULT copies the global value
	case val.Kind == sysvar.KindDefault:
		stored = hv.v.DefaultValue()
	case hv.ownCheck != 0:
		if err := hv.v.TypeGate(val); err != nil {
			return warns, sysvarError(err)
		}
		save := native.Malloc(16)
		defer native.Free(save)
		if rc := native.CallCheck(hv.ownCheck, thd, conds.Addr(), hv.desc, save, nativeValue(val), hv.v.Desc.Type == strType); rc != 0 {
			return warns, sysvarError(hv.v.CheckFailed(val))
		}
		if err := notify(); err != nil {
			if hv.v.Desc.Type == strType {
				native.Free(uintptr(native.Uint64(save))) // the value's copy, as update would
			}
			return warns, err
		}
		h.update(hv, s, scope, thd, conds.Addr(), save, true)
		return warns, nil
	default:
		strict := s != nil && s.strict()
		var w []mysqlabi.Condition
		stored, w, err = hv.v.Check(val, strict)
		warns = append(warns, w...)
		if err != nil {
			return warns, sysvarError(err)
		}
	}
	if err := notify(); err != nil {
		return warns, err
	}
	save := native.Malloc(16)
	defer native.Free(save)
	var str uintptr
	if hv.v.Desc.Type == strType {
		if !stored.Null {
			str = native.CString(stored.Str)
		}
		native.PutUint64(save, uint64(str))
	} else {
		native.Write(save, encode(stored, 8))
	}
	h.update(hv, s, scope, thd, conds.Addr(), save, str != 0)
	return warns, nil
}

// update calls the plugin's update function, or the server's store, on
// the target of the scope. For a string it takes ownership of the C string
// in save (ownsStr; none for NULL): a MEMALLOC string stays as the
// variable's value, any other string is freed after the update copied it,
// as from mysqld's statement memory.
func (h *Host) update(hv *hostVar, s *Session, scope sysvar.Scope, thd, cur, save uintptr, ownsStr bool) {
	tgt := hv.addr(s, scope)
	fn := hv.ownUpdate
	if fn == 0 {
		fn = native.DefaultUpdate(int(hv.v.Desc.Type))
	}
	native.CallUpdate(fn, thd, cur, hv.desc, tgt, save)
	if hv.v.Desc.Type != strType {
		return
	}
	var newp uintptr
	if ownsStr {
		newp = uintptr(native.Uint64(save))
	}
	if !hv.v.Desc.MemAlloc() {
		native.Free(newp)
		return
	}
	now := uintptr(native.Uint64(tgt))
	if hv.thdLocal() && scope != sysvar.ScopeGlobal && s != nil {
		owned := s.allocs[hv.offset]
		if owned = keepCurrent(owned, newp, now); owned != 0 {
			s.allocs[hv.offset] = owned
		} else {
			delete(s.allocs, hv.offset)
		}
		return
	}
	hv.memalloc = keepCurrent(hv.memalloc, newp, now)
}

// keepCurrent settles the MEMALLOC strings the host owns for one variable
// after an update: of the previous value and the new one, the one that is
// now the variable's value is kept (and returned), the other freed. SET x
// = NULL thus frees the previous string, and an update function that
// ignored the new value leaves the previous one in place.
func keepCurrent(prev, newp, now uintptr) uintptr {
	var keep uintptr
	for _, p := range [2]uintptr{prev, newp} {
		switch {
		case p == 0:
		case p == now:
			keep = p
		default:
			native.Free(p)
		}
	}
	return keep
}

// nativeValue describes a SET value to the plugin's check function.
func nativeValue(v sysvar.Value) native.Value {
	switch v.Kind {
	case sysvar.KindInt:
		return native.Value{Type: 2, Int: v.Int, Unsigned: v.Unsigned}
	case sysvar.KindDecimal, sysvar.KindReal:
		return native.Value{Type: 1, Real: v.Float}
	case sysvar.KindNull:
		return native.Value{Type: 0, Null: true}
	}
	// val_int and val_real of a string convert its leading number, as an
	// Item_string does.
	n, f := leadingNumber(v.Str)
	return native.Value{Type: 0, Str: v.Str, Int: n, Real: f}
}

// leadingNumber converts the numeric prefix of s ("42abc" is 42, "x" is 0).
func leadingNumber(s string) (int64, float64) {
	s = strings.TrimLeft(s, " \t\n")
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || (end == 0 && (s[end] == '-' || s[end] == '+'))) {
		end++
	}
	n, _ := strconv.ParseInt(s[:end], 10, 64)
	fend := end
	for fend < len(s) && (s[fend] >= '0' && s[fend] <= '9' || s[fend] == '.' || s[fend] == 'e' || s[fend] == 'E') {
		fend++
	}
	f, err := strconv.ParseFloat(s[:fend], 64)
	if err != nil {
		f = float64(n)
	}
	return n, f
}

// sysvarError turns a sysvar error into an *Error.
func sysvarError(err error) error {
	e, ok := err.(*sysvar.Error)
	if !ok {
		return err
	}
	cause := ErrRefused
	if e.Code == 1193 {
		cause = ErrNotFound
	}
	return &Error{Code: e.Code, SQLState: e.SQLState, Message: e.Message, Err: cause}
}

// GetVariable is SELECT @@[global.|session.]name: the value of the
// scope, rendered as SELECT shows it; ok is false for NULL.
func (h *Host) GetVariable(s *Session, scope sysvar.Scope, name string) (value string, ok bool, err error) {
	if err := h.lock(); err != nil {
		return "", false, err
	}
	defer h.mu.Unlock()
	if s != nil {
		if err := s.live(); err != nil {
			return "", false, err
		}
	}
	hv, found := h.vars[strings.ToLower(name)]
	if !found {
		return "", false, sysvarError(&sysvar.Error{Condition: mysqlabi.Cond(h.cfg.profile.Flavor, mysqlabi.LevelError,
			mysqlabi.ErUnknownSystemVariable, name)})
	}
	if scope == sysvar.ScopeSession && !hv.thdLocal() {
		return "", false, sysvarError(&sysvar.Error{Condition: mysqlabi.Cond(h.cfg.profile.Flavor, mysqlabi.LevelError,
			mysqlabi.ErIncorrectGlobalLocalVar, hv.v.Name, "GLOBAL")})
	}
	v, ok := hv.v.Select(hv.load(hv.addr(s, scope)))
	if s != nil && (scope == sysvar.ScopeGlobal || !hv.thdLocal()) {
		// MySQL's GLOBAL_VARIABLE GET: abortable.
		if _, err := h.dispatch(s, auditGlobalVariable, 0, native.Event{VariableName: hv.v.Name, VariableValue: v,
			Query: s.thd.Query(), SQLCommandID: s.thd.SQLCommand()}); err != nil {
			return "", false, err
		}
	}
	return v, ok, nil
}

// ShowVariables is SHOW [GLOBAL|SESSION] VARIABLES [LIKE pattern] for the
// plugins' variables, sorted by name. A global-only variable shows its
// global value in the session listing, as in the servers.
func (h *Host) ShowVariables(s *Session, scope sysvar.Scope, like string) []Variable {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s != nil && s.live() != nil {
		return nil // a closed session shows nothing
	}
	var out []Variable
	for _, hv := range h.varList {
		if hv.v.NoSysVar || hv.v.Invisible || (like != "" && !Like(hv.v.Name, like)) {
			continue
		}
		text, _ := hv.v.Show(hv.load(hv.addr(s, scope))) // SHOW VARIABLES prints a NULL string as empty
		out = append(out, Variable{Name: hv.v.Name, Value: text, Var: hv.v})
	}
	return out
}

// Like matches s against an SQL LIKE pattern (% and _, backslash escapes),
// case-insensitively as the servers' default collations do.
func Like(s, pattern string) bool {
	return like([]rune(strings.ToLower(s)), []rune(strings.ToLower(pattern)))
}

func like(s, p []rune) bool {
	for len(p) > 0 {
		switch c := p[0]; {
		case c == '%':
			for len(p) > 0 && p[0] == '%' {
				p = p[1:]
			}
			if len(p) == 0 {
				return true
			}
			for i := 0; i <= len(s); i++ {
				if like(s[i:], p) {
					return true
				}
			}
			return false
		case c == '_':
			if len(s) == 0 {
				return false
			}
		case c == '\\' && len(p) > 1:
			p = p[1:]
			if len(s) == 0 || s[0] != p[0] {
				return false
			}
		default:
			if len(s) == 0 || s[0] != c {
				return false
			}
		}
		s, p = s[1:], p[1:]
	}
	return len(s) == 0
}
