//go:build cgo

package native

/*
#cgo CFLAGS: -std=gnu11 -Wall -Wextra
#cgo LDFLAGS: -rdynamic -ldl -lpthread
#include <stdlib.h>
#include <string.h>
#include "host.h"
*/
import "C"

import (
	"encoding/binary"
	"sync/atomic"
	"unsafe"
)

// Available reports whether the C side is compiled in (cgo builds).
func Available() bool { return true }

// DynvarsSize is the size of each block of THD-local variables.
const DynvarsSize = C.MYP_DYNVARS_SIZE

// ptr turns a C address into a pointer. Every address here is C memory
// (malloc'ed by the host, a plugin's data, the global block): the garbage
// collector never moves or frees it.
func ptr(a uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&a)) }

// Malloc allocates n zeroed bytes of C memory.
func Malloc(n int) uintptr { return uintptr(C.calloc(1, C.size_t(n))) }

// Free releases C memory from Malloc or CString.
func Free(p uintptr) {
	if p != 0 {
		C.free(ptr(p))
	}
}

// CString copies s into C memory, NUL-terminated.
func CString(s string) uintptr {
	p := Malloc(len(s) + 1)
	if p != 0 && len(s) > 0 {
		C.memcpy(ptr(p), unsafe.Pointer(unsafe.StringData(s)), C.size_t(len(s)))
	}
	return p
}

// GoString reads a NUL-terminated C string.
func GoString(p uintptr) string {
	if p == 0 {
		return ""
	}
	return C.GoString((*C.char)(ptr(p)))
}

// Write copies b into C memory at p.
func Write(p uintptr, b []byte) {
	if len(b) > 0 {
		C.memcpy(ptr(p), unsafe.Pointer(&b[0]), C.size_t(len(b)))
	}
}

// Read copies n bytes of C memory at p.
func Read(p uintptr, n int) []byte {
	return C.GoBytes(ptr(p), C.int(n))
}

// PutUint64 and Uint64 store and load a little-endian 64-bit word.
func PutUint64(p uintptr, v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	Write(p, b[:])
}

func Uint64(p uintptr) uint64 { return binary.LittleEndian.Uint64(Read(p, 8)) }

// GlobalDynvars is the process-wide block of THD-local variables' global
// values: resolve(NULL, offset) points into it.
func GlobalDynvars() uintptr { return uintptr(unsafe.Pointer(C.myp_global_dynvars())) }

// Resolve is the C resolve(thd, offset) function written into THD-local
// variable descriptors.
func Resolve() uintptr { return uintptr(C.myp_resolve_addr()) }

// DefaultCheck and DefaultUpdate are the C functions written into a
// descriptor whose check or update is NULL, by PLUGIN_VAR type code.
func DefaultCheck(varType int) uintptr  { return uintptr(C.myp_default_check(C.int(varType))) }
func DefaultUpdate(varType int) uintptr { return uintptr(C.myp_default_update(C.int(varType))) }

// THD is a session handle plugins receive as MYSQL_THD: C memory with the
// session's block of THD-local variables, its identity and the conditions
// plugins raise for it.
type THD struct {
	p    *C.struct_myp_thd
	strs *thdStrings
}

// thdStrings are the C copies of the session's identity the THD points to,
// and the C block audit events are built in.
type thdStrings struct {
	user, host, ip, db, privUser, externalUser, query *C.char
	queryCap                                          int // bytes at query, reused while a statement fits

	// ev is the THD's event block (the event, its return code, argv and
	// strings), reused by every event and grown when one needs more, so
	// an event costs one cgo call and no allocation. evBusy claims it: a
	// THD shared by goroutines (the host's own, for server events) or an
	// event raised while one is being delivered falls back to a block of
	// its own.
	ev     unsafe.Pointer
	evCap  int
	evBusy atomic.Bool
}

// NewTHD allocates a THD whose variable block starts as a copy of the
// global block.
func NewTHD(threadID uint64) THD {
	return THD{p: C.myp_thd_new(C.ulong(threadID)), strs: &thdStrings{}}
}

// Addr is the MYSQL_THD value.
func (t THD) Addr() uintptr { return uintptr(unsafe.Pointer(t.p)) }

// Dynvars is the session's block of THD-local variables.
func (t THD) Dynvars() uintptr { return uintptr(unsafe.Pointer(t.p.dynvars)) }

// SetSQLCommand records the current statement's sql command number
// (thd_sql_command).
func (t THD) SetSQLCommand(n int) { t.p.sql_command = C.int(n) }

// SetThreadID sets the connection id (thd_get_thread_id).
func (t THD) SetThreadID(id uint64) { t.p.thread_id = C.ulong(id) }

func replace(dst **C.char, s string) *C.char {
	if *dst != nil {
		C.free(unsafe.Pointer(*dst))
	}
	*dst = C.CString(s)
	return *dst
}

// reserve makes the C block at *p (capacity bytes, nil at first) hold at
// least n bytes, reallocating it (to at least least bytes) when it does
// not; false, with no block, when C memory runs out.
func reserve(p *unsafe.Pointer, capacity *int, n, least int) bool {
	if *p != nil && n <= *capacity {
		return true
	}
	C.free(*p)
	*capacity = max(n, least)
	if *p = C.malloc(C.size_t(*capacity)); *p == nil {
		*capacity = 0
		return false
	}
	return true
}

// SetIdentity sets the session's user, host, ip, privilege user and
// external user, as audit events and the services report them.
func (t THD) SetIdentity(user, host, ip, privUser, externalUser string) {
	t.p.user = replace(&t.strs.user, user)
	t.p.host = replace(&t.strs.host, host)
	t.p.ip = replace(&t.strs.ip, ip)
	t.p.priv_user = replace(&t.strs.privUser, privUser)
	t.p.external_user = replace(&t.strs.externalUser, externalUser)
}

// SetDB sets the session's current database.
func (t THD) SetDB(db string) { t.p.db = replace(&t.strs.db, db) }

// SetQuery sets the running statement's text and query id.
func (t THD) SetQuery(q string, queryID uint64) {
	st := t.strs
	buf := unsafe.Pointer(st.query)
	ok := reserve(&buf, &st.queryCap, len(q)+1, 256)
	st.query = (*C.char)(buf)
	if !ok {
		t.p.query, t.p.query_id = nil, C.ulonglong(queryID)
		return
	}
	// The statement's text goes into the THD's buffer without a call into
	// C: a plugin reading thd_query sees this statement's bytes.
	b := unsafe.Slice((*byte)(unsafe.Pointer(st.query)), st.queryCap)
	copy(b, q)
	b[len(q)] = 0
	t.p.query = st.query
	t.p.query_id = C.ulonglong(queryID)
}

// Query is the running statement's text.
func (t THD) Query() string { return gostr(t.p.query) }

// SQLCommand is the running statement's sql command number.
func (t THD) SQLCommand() int { return int(t.p.sql_command) }

// Identity returns user, host, ip, privilege user and external user.
func (t THD) Identity() [5]string {
	return [5]string{gostr(t.p.user), gostr(t.p.host), gostr(t.p.ip), gostr(t.p.priv_user), gostr(t.p.external_user)}
}

func gostr(p *C.char) string {
	if p == nil {
		return ""
	}
	return C.GoString(p)
}

// EndStatement frees what thd_alloc gave out during the statement and
// clears the statement's error; a statement that left neither costs no
// call into C.
func (t THD) EndStatement() {
	if t.p.allocs == nil && t.p.last_error == 0 && t.p.error_row == 0 && t.p.last_error_msg[0] == 0 {
		return
	}
	C.myp_thd_end_statement(t.p)
}

// Cond is a condition a plugin raised for the session.
type Cond struct {
	Level   int // 0 note, 1 warning, 2 error
	Code    int
	Message string
}

// TakeConds returns and clears the conditions plugins raised (no
// allocation when there are none).
func (t THD) TakeConds() []Cond {
	var n C.int
	p := C.myp_thd_take_conds_copy(t.p, &n)
	if p == nil {
		return nil
	}
	defer C.free(unsafe.Pointer(p))
	conds := unsafe.Slice(p, int(n))
	out := make([]Cond, len(conds))
	for i := range conds {
		out[i] = Cond{Level: int(conds[i].level), Code: int(conds[i].code), Message: C.GoString(&conds[i].msg[0])}
	}
	return out
}

// Free releases the THD, its block and its strings.
func (t THD) Free() {
	if t.p == nil {
		return
	}
	C.myp_thd_free(t.p)
	C.free(t.strs.ev)
	for _, p := range []*C.char{t.strs.user, t.strs.host, t.strs.ip, t.strs.db, t.strs.privUser,
		t.strs.externalUser, t.strs.query} {
		C.free(unsafe.Pointer(p))
	}
}

// ServiceHandler returns the host's implementation of a plugin service,
// by the name of the pointer plugins export, or 0.
func ServiceHandler(name string) uintptr {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	return uintptr(C.myp_service_handler(cs))
}

// SetServerVersion sets the exported server_version string, which some
// plugins' constructors read at dlopen.
func SetServerVersion(v string) {
	cs := C.CString(v)
	defer C.free(unsafe.Pointer(cs))
	C.myp_set_server_version(cs)
}

// SetDataHome sets mysql_data_home, against which plugins resolve
// relative file names.
func SetDataHome(dir string) {
	cs := C.CString(dir)
	defer C.free(unsafe.Pointer(cs))
	C.myp_set_data_home(cs)
}

// CallInt1THD calls fn(arg) with thd as the thread's current session.
func CallInt1THD(fn, arg, thd uintptr) int {
	return int(C.myp_call_int1_thd(ptr(fn), ptr(arg), ptr(thd)))
}

// Audit API generations.
const (
	AuditMariaDB = C.MYP_AUDIT_MARIADB
	AuditMySQL   = C.MYP_AUDIT_MYSQL
)

// AuditPlugin is one registered audit plugin.
type AuditPlugin struct {
	Notify  uintptr
	Release uintptr // release_thd, or 0
	API     int
	Masks   []uint64
}

// AuditList is the C list of audit plugins events go to.
type AuditList struct{ p *C.struct_myp_audit_list }

// NewAuditList allocates an empty list.
func NewAuditList() AuditList {
	return AuditList{(*C.struct_myp_audit_list)(C.calloc(1, C.size_t(unsafe.Sizeof(C.struct_myp_audit_list{}))))}
}

// MaxAudit is how many audit plugins a list holds.
const MaxAudit = C.MYP_MAX_AUDIT

// Free releases the list (the caller ensures no Dispatch runs).
func (l AuditList) Free() {
	if l.p != nil {
		C.free(unsafe.Pointer(l.p))
	}
}

// Set replaces the list's plugins (the caller serialises Set and Dispatch).
func (l AuditList) Set(ps []AuditPlugin) {
	if l.p == nil {
		return // the host closed: no list
	}
	l.p.n = C.int(min(len(ps), MaxAudit))
	for i := range int(l.p.n) {
		e := &l.p.p[i]
		*e = C.struct_myp_audit_plugin{}
		e.notify = ptr(ps[i].Notify)
		e.api = C.int(ps[i].API)
		e.active = 1
		e.nmasks = C.int(min(len(ps[i].Masks), len(e.masks)))
		for j := range int(e.nmasks) {
			e.masks[j] = C.ulong(ps[i].Masks[j])
		}
	}
}

// Dispatch delivers an event of class cls and subclass index sub (MySQL
// 0x0401 numbering; MariaDB's TABLE class is 15) to the list's plugins, in
// one call into C. The event and its strings are built in the THD's event
// block (see thdStrings.ev).
func (l AuditList) Dispatch(t THD, cls, sub int, ev *Event) Outcome {
	if l.p == nil {
		return Outcome{Refused: -1, ParseFlags: ev.ParseFlags}
	}
	const evSize = int(unsafe.Sizeof(C.struct_myp_event{})) + 8 // the event, then the plugin's return code
	argvSize := 0
	if len(ev.Argv) > 0 {
		argvSize = (len(ev.Argv) + 1) * int(unsafe.Sizeof(uintptr(0)))
	}
	// Every string and its NUL: 17 fields, then argv.
	size := evSize + argvSize + 17 + len(ev.Command) + len(ev.Query) + len(ev.SQLCommandName) +
		len(ev.Database) + len(ev.Table) + len(ev.NewDatabase) + len(ev.NewTable) + len(ev.VariableName) +
		len(ev.VariableValue) + len(ev.AccountUser) + len(ev.AccountHost) + len(ev.NewUser) + len(ev.NewHost) +
		len(ev.AuthPlugin) + len(ev.Component) + len(ev.Producer) + len(ev.Message)
	for _, a := range ev.Argv {
		size += len(a) + 1
	}
	var block unsafe.Pointer
	if st := t.strs; st != nil && st.evBusy.CompareAndSwap(false, true) {
		defer st.evBusy.Store(false)
		if !reserve(&st.ev, &st.evCap, size, 1024) {
			return Outcome{Refused: -1, ParseFlags: ev.ParseFlags}
		}
		block = st.ev
	} else {
		block = C.malloc(C.size_t(size))
		if block == nil {
			return Outcome{Refused: -1, ParseFlags: ev.ParseFlags}
		}
		defer C.free(block)
	}
	buf := unsafe.Slice((*byte)(block), size)
	clear(buf[:evSize+argvSize])
	w := evWriter{buf: buf, off: evSize + argvSize}
	e := (*C.struct_myp_event)(block)
	e.error_code, e.status, e.rows = C.int(ev.ErrorCode), C.int(ev.Status), C.ulonglong(ev.Rows)
	e.command, e.query, e.sql_command_name = w.opt(ev.Command), w.opt(ev.Query), w.opt(ev.SQLCommandName)
	e.sql_command_id, e.command_id, e.connection_type = C.int(ev.SQLCommandID), C.int(ev.CommandID), C.int(ev.ConnectionType)
	e.database, e.table = w.opt(ev.Database), w.opt(ev.Table)
	e.new_database, e.new_table = w.opt(ev.NewDatabase), w.opt(ev.NewTable)
	e.read_only = cbool(ev.ReadOnly)
	e.variable_name, e.variable_value = w.opt(ev.VariableName), w.opt(ev.VariableValue)
	e.account_user, e.account_host = w.opt(ev.AccountUser), w.opt(ev.AccountHost)
	e.new_user, e.new_host, e.auth_plugin, e.is_role = w.opt(ev.NewUser), w.opt(ev.NewHost), w.opt(ev.AuthPlugin), cbool(ev.IsRole)
	e.component, e.producer, e.message = w.opt(ev.Component), w.opt(ev.Producer), w.opt(ev.Message)
	e.message_type = C.int(ev.MessageType)
	if len(ev.Argv) > 0 {
		args := unsafe.Slice((**C.char)(unsafe.Pointer(&buf[evSize])), len(ev.Argv)+1)
		for i, a := range ev.Argv {
			args[i] = w.put(a) // "" stays an empty string
		}
		e.argc, e.argv = C.int(len(ev.Argv)), &args[0]
	}
	e.shutdown_reason, e.exit_code = C.int(ev.ShutdownReason), C.int(ev.ExitCode)
	e.parse_flags = C.int(ev.ParseFlags)
	rc := (*C.int)(unsafe.Pointer(&buf[evSize-8]))
	i := C.myp_audit_dispatch(l.p, t.p, C.int(cls), C.int(sub), e, rc)
	out := Outcome{Refused: int(i), RC: int(*rc), ParseFlags: int(e.parse_flags)}
	if e.rewritten_query != nil {
		out.Rewritten = C.GoString(e.rewritten_query)
		C.free(unsafe.Pointer(e.rewritten_query))
	}
	return out
}

// evWriter lays an event's strings out in its C block, each followed by
// its NUL.
type evWriter struct {
	buf []byte
	off int
}

func (w *evWriter) put(s string) *C.char {
	p := (*C.char)(unsafe.Pointer(&w.buf[w.off]))
	copy(w.buf[w.off:], s)
	w.buf[w.off+len(s)] = 0
	w.off += len(s) + 1
	return p
}

// opt is put, except that "" is NULL: the event shows it as empty.
func (w *evWriter) opt(s string) *C.char {
	if s == "" {
		w.off++
		return nil
	}
	return w.put(s)
}

// BenchAuditList returns a list of n no-op MySQL-API audit plugins
// subscribed to everything, for benchmarks.
func BenchAuditList(n int) AuditList {
	l := NewAuditList()
	C.myp_bench_audit_list(l.p, C.int(n))
	return l
}

// BenchDispatchC dispatches a GENERAL LOG event iters times in a loop in
// C: the cost without the Go→C crossing and the Go-side event copy.
func BenchDispatchC(l AuditList, t THD, iters int) {
	C.myp_bench_audit_c(l.p, t.p, C.longlong(iters))
}

// BenchStatementC runs iters statements ("SELECT 1": GENERAL LOG, RESULT
// and STATUS, then the end of the statement) through the list entirely
// in C: the C side's own cost of Session.StartQuery and EndQuery.
func BenchStatementC(l AuditList, t THD, iters int) {
	C.myp_bench_statement_c(l.p, t.p, C.longlong(iters))
}

// Value is a value given to a plugin's check function.
type Value struct {
	Type     int // 0 STRING, 1 REAL, 2 INT
	Null     bool
	Unsigned bool
	Int      int64
	Real     float64
	Str      string
}

// CallCheck calls a plugin's check(thd, var, save, value), with cur (when
// not zero) receiving the conditions it raises. For a string variable
// (strVar) a successful check leaves in save a C string the caller owns.
// The value is passed as a
// st_mysql_value thunk for v. save must be C memory of at least 16 bytes.
func CallCheck(fn, thd, cur, desc, save uintptr, v Value, strVar bool) int {
	cv := (*C.struct_myp_value)(C.calloc(1, C.size_t(unsafe.Sizeof(C.struct_myp_value{}))))
	defer C.free(unsafe.Pointer(cv))
	C.myp_value_init(cv)
	cv._type = C.int(v.Type)
	cv.is_null = cbool(v.Null)
	cv.is_unsigned_ = cbool(v.Unsigned)
	cv.ival = C.longlong(v.Int)
	cv.rval = C.double(v.Real)
	var cs *C.char
	if v.Type == 0 && !v.Null {
		cs = (*C.char)(ptr(CString(v.Str)))
		defer C.free(unsafe.Pointer(cs))
		cv.str_len = C.int(len(v.Str))
	}
	cv.str = cs
	rc := int(C.myp_call_check(ptr(fn), ptr(thd), ptr(cur), ptr(desc), ptr(save), cv))
	if rc == 0 && strVar {
		// The check stored a char* in save that may point at the value's
		// buffer (val_str with a NULL buffer), freed below, or at the
		// plugin's memory: the caller gets its own copy.
		if p := *(**C.char)(ptr(save)); p != nil {
			*(**C.char)(ptr(save)) = C.strdup(p)
		}
	}
	return rc
}

// CallUpdate calls update(thd, var, var_ptr, save), cur (when not zero)
// receiving the conditions it raises.
func CallUpdate(fn, thd, cur, desc, varPtr, save uintptr) {
	C.myp_call_update(ptr(fn), ptr(thd), ptr(cur), ptr(desc), ptr(varPtr), ptr(save))
}

// CallShowFunc calls a SHOW_FUNC with the entry copy var and the buffer.
func CallShowFunc(fn, thd, varEntry, buf uintptr) int {
	return int(C.myp_call_show_func(ptr(fn), ptr(thd), ptr(varEntry), ptr(buf)))
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// ServerSymbols are the server symbols the host exports to plugins (see
// symbols.c): a library importing any other is refused before dlopen.
var ServerSymbols = []string{
	"server_version", "my_umask", "my_fast_mutexattr", "mysql_data_home", "PSI_server",
	"rw_pr_init", "rw_pr_destroy", "rw_pr_rdlock", "rw_pr_wrlock", "rw_pr_unlock",
	"psi_prlock_rdlock", "psi_prlock_wrlock", "fn_format", "my_hash_init2",
	"thd_get_thread_id", "thd_sql_command", "thd_killed", "thd_in_lock_tables",
	"thd_tx_isolation", "thd_tx_is_read_only", "thd_db",
}
