//go:build cgo

package native

/*
#include <stdlib.h>
#include "udf.h"
enum { offsetof_myp_udf_val_type = offsetof(struct myp_udf_val, type) };
*/
import "C"

import (
	"unsafe"
)

// UDFCall is one statement's call state of a loadable function: the
// UDF_INIT and UDF_ARGS the function sees, in C memory.
type UDFCall struct{ p *C.struct_myp_udf_call }

// NewUDFCall allocates the call state of a function whose entry points
// are given (0 for a missing optional one), returning ret (an
// Item_result), with n arguments.
func NewUDFCall(f UDFFuncs, ret, n int) UDFCall {
	return UDFCall{C.myp_udf_new(ptr(f.Main), ptr(f.Init), ptr(f.Deinit), ptr(f.Clear), ptr(f.Add), C.int(ret), C.uint(n))}
}

// Valid reports whether the allocation succeeded.
func (c UDFCall) Valid() bool { return c.p != nil }

// SetArg describes argument i before init: its Item_result, whether it
// may be NULL, its attribute (the item's name) and max_length.
func (c UDFCall) SetArg(i, typ int, maybeNull bool, name string, maxLength uint64) bool {
	var np *C.char
	if len(name) > 0 {
		np = (*C.char)(unsafe.Pointer(unsafe.StringData(name)))
	}
	return C.myp_udf_set_arg(c.p, C.uint(i), C.int(typ), cbool(maybeNull), np, C.size_t(len(name)), C.ulong(maxLength)) == 0
}

// SetConst gives argument i a constant value: init sees it, and every row
// keeps it. For a string or decimal, v.Off and v.Len locate it in data.
func (c UDFCall) SetConst(i int, v UDFVal, data []byte) bool {
	var dp *C.char
	if len(data) > 0 {
		dp = (*C.char)(unsafe.Pointer(&data[0]))
	}
	return C.myp_udf_set_const(c.p, C.uint(i), (*C.struct_myp_udf_val)(unsafe.Pointer(&v)), dp) == 0
}

// SetInit prefills UDF_INIT as the server does before init.
func (c UDFCall) SetInit(in UDFInit) {
	c.p.init.maybe_null = C.char(cbool(in.MaybeNull))
	c.p.init.decimals = C.uint(in.Decimals)
	c.p.init.max_length = C.ulong(in.MaxLength)
	c.p.init.const_item = C.char(cbool(in.ConstItem))
	c.p.init.ptr = nil
	c.p.init.extension = nil
}

// Init returns UDF_INIT as init left it.
func (c UDFCall) Init() UDFInit {
	return UDFInit{MaybeNull: c.p.init.maybe_null != 0, Decimals: uint32(c.p.init.decimals),
		MaxLength: uint64(c.p.init.max_length), ConstItem: c.p.init.const_item != 0}
}

// ArgType returns argument i's Item_result, which init may have changed
// to ask for a conversion.
func (c UDFCall) ArgType(i int) int {
	return int(*(*C.int)(unsafe.Add(unsafe.Pointer(c.p.args.arg_type), i*C.sizeof_int)))
}

// Start calls the function's init (if it has one) on thd. It returns false
// and the message when init returns true.
func (c UDFCall) Start(thd uintptr) (bool, string) {
	msg := (*C.char)(C.calloc(1, C.MYP_UDF_ERRMSG_SIZE))
	defer C.free(unsafe.Pointer(msg))
	if C.myp_udf_start(c.p, (*C.struct_myp_thd)(ptr(thd)), msg) != 0 {
		return false, C.GoString(msg)
	}
	return true, ""
}

// Row runs one operation (UDFMain, UDFAdd, UDFClear, UDFResult) with the
// row's values: vals has one entry per argument (constants are ignored),
// data holds the string and decimal bytes vals point into. One crossing.
func (c UDFCall) Row(op int, vals []UDFVal, data []byte) UDFOut {
	var vp *C.struct_myp_udf_val
	if len(vals) > 0 {
		vp = (*C.struct_myp_udf_val)(unsafe.Pointer(&vals[0]))
	}
	var dp *C.char
	if len(data) > 0 {
		dp = (*C.char)(unsafe.Pointer(&data[0]))
	}
	// The result goes to C memory: a Go variable would escape, one
	// allocation per row.
	out := &c.p.out
	C.myp_udf_row(c.p, C.int(op), vp, dp, C.size_t(len(data)), out)
	r := UDFOut{Int: int64(out.i), Real: float64(out.d), IsNull: out.is_null != 0, Error: out.error != 0}
	if out.str != nil && !r.IsNull {
		r.Str = C.GoBytes(unsafe.Pointer(out.str), C.int(out.len))
	}
	return r
}

// End calls deinit if init succeeded.
func (c UDFCall) End() { C.myp_udf_end(c.p) }

// Free releases the call state.
func (c UDFCall) Free() { C.myp_udf_free(c.p) }

// BenchC runs the main function iters times from C with the same values:
// the baseline of the Go row benchmarks (numeric arguments only).
func (c UDFCall) BenchC(vals []UDFVal, iters int) {
	C.myp_udf_bench_c(c.p, (*C.struct_myp_udf_val)(unsafe.Pointer(&vals[0])), C.longlong(iters))
}

// UDFVal must be laid out as struct myp_udf_val: these fail to compile
// when the sizes differ (the members are in the same order, of the same
// sizes).
var (
	_ [unsafe.Sizeof(UDFVal{}) - C.sizeof_struct_myp_udf_val]byte
	_ [C.sizeof_struct_myp_udf_val - unsafe.Sizeof(UDFVal{})]byte
	_ [unsafe.Offsetof(UDFVal{}.Type) - C.offsetof_myp_udf_val_type]byte
	_ [C.offsetof_myp_udf_val_type - unsafe.Offsetof(UDFVal{}.Type)]byte
)
