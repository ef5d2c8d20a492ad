//go:build cgo

package native

/*
#include <stdlib.h>
#include "password.h"
*/
import "C"

// CallInt3THD calls fn(a, b, c), a C function returning int, with thd as
// the thread's current session (what my_error and my_printf_error raise
// conditions on): MariaDB's validate_password(user, password, host).
func CallInt3THD(fn, a, b, c, thd uintptr) int {
	return int(C.myp_call_int3_thd(ptr(fn), ptr(a), ptr(b), ptr(c), ptr(thd)))
}

// NewMySQLString returns a mysql_string handle holding a copy of s, in the
// representation of the host's mysql_string service: what MySQL passes to
// a VALIDATE PASSWORD plugin (the server passes its own String). It
// returns 0 when out of memory. Free it with FreeMySQLString.
func NewMySQLString(s string) uintptr {
	cs := C.CBytes([]byte(s))
	defer C.free(cs)
	return uintptr(C.myp_password_string_new((*C.char)(cs), C.size_t(len(s))))
}

// FreeMySQLString frees a handle from NewMySQLString.
func FreeMySQLString(h uintptr) { C.myp_password_string_free(ptr(h)) }
