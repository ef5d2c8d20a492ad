//go:build cgo

package native

/*
#include <stdlib.h>
#include <string.h>
#include "host.h"
*/
import "C"

import (
	"encoding/binary"
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
// session's block of THD-local variables.
type THD struct{ p *C.struct_myp_thd }

// NewTHD allocates a THD whose variable block starts as a copy of the
// global block.
func NewTHD(threadID uint64) THD {
	t := (*C.struct_myp_thd)(C.calloc(1, C.size_t(unsafe.Sizeof(C.struct_myp_thd{}))))
	t.magic = C.MYP_THD_MAGIC
	t.thread_id = C.ulong(threadID)
	t.dynvars = (*C.char)(C.calloc(1, C.MYP_DYNVARS_SIZE))
	C.memcpy(unsafe.Pointer(t.dynvars), unsafe.Pointer(C.myp_global_dynvars()), C.MYP_DYNVARS_SIZE)
	return THD{t}
}

// Addr is the MYSQL_THD value.
func (t THD) Addr() uintptr { return uintptr(unsafe.Pointer(t.p)) }

// Dynvars is the session's block of THD-local variables.
func (t THD) Dynvars() uintptr { return uintptr(unsafe.Pointer(t.p.dynvars)) }

// SetSQLCommand records the current statement's sql command number.
func (t THD) SetSQLCommand(n int) { t.p.sql_command = C.int(n) }

// Free releases the THD and its block.
func (t THD) Free() {
	if t.p != nil {
		C.free(unsafe.Pointer(t.p.dynvars))
		C.free(unsafe.Pointer(t.p))
	}
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

// CallCheck calls a plugin's check(thd, var, save, value) with a
// st_mysql_value thunk for v. save must be C memory of at least 16 bytes.
func CallCheck(fn, thd, desc, save uintptr, v Value) int {
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
	return int(C.myp_call_check(ptr(fn), ptr(thd), ptr(desc), ptr(save), cv))
}

// CallUpdate calls update(thd, var, var_ptr, save).
func CallUpdate(fn, thd, desc, varPtr, save uintptr) {
	C.myp_call_update(ptr(fn), ptr(thd), ptr(desc), ptr(varPtr), ptr(save))
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
