//go:build cgo

package native

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/ebitengine/purego"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResolve(t *testing.T) {
	resolve := Resolve()
	call := func(thd uintptr, off int) uintptr {
		r, _, _ := purego.SyscallN(resolve, thd, uintptr(off))
		return r
	}
	assert.Equal(t, GlobalDynvars()+8, call(0, 8), "NULL THD: the global slot")
	PutUint64(GlobalDynvars()+16, 0xfeed)
	thd := NewTHD(7)
	defer thd.Free()
	assert.Equal(t, thd.Dynvars()+8, call(thd.Addr(), 8), "a session: its own slot")
	assert.Equal(t, uint64(0xfeed), Uint64(thd.Dynvars()+16), "a new session starts from the global values")
	assert.Zero(t, call(thd.Addr(), DynvarsSize), "an offset past the block is refused")
	foreign := Malloc(64) // not a THD: resolve falls back to the global block
	defer Free(foreign)
	assert.Equal(t, GlobalDynvars()+8, call(foreign, 8))
}

// TestValueThunk drives the st_mysql_value thunk through the default
// check functions, which read it with val_int, val_real and val_str.
func TestValueThunk(t *testing.T) {
	save := Malloc(16)
	defer Free(save)
	require.Zero(t, CallCheck(DefaultCheck(2), 0, 0, save, Value{Type: 2, Int: -42}))
	assert.Equal(t, int64(-42), int64(Uint64(save)))
	require.Zero(t, CallCheck(DefaultCheck(8), 0, 0, save, Value{Type: 1, Real: 2.5}))
	assert.Equal(t, 2.5, math.Float64frombits(Uint64(save)))
	require.Zero(t, CallCheck(DefaultCheck(8), 0, 0, save, Value{Type: 2, Int: 3}))
	assert.Equal(t, 3.0, math.Float64frombits(Uint64(save)), "val_real of an integer")
	assert.NotZero(t, CallCheck(DefaultCheck(2), 0, 0, save, Value{Null: true}), "val_int of NULL fails")

	// A string the check keeps a pointer to (server_audit passes no buffer).
	require.Zero(t, CallCheck(DefaultCheck(5), 0, 0, save, Value{Type: 0, Str: "hello"}))

	// The default updates copy the C size of the type.
	tgt := Malloc(16)
	defer Free(tgt)
	PutUint64(tgt, math.MaxUint64)
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, 0x1122334455667788)
	Write(save, b)
	CallUpdate(DefaultUpdate(2), 0, 0, tgt, save) // INT: 4 bytes
	assert.Equal(t, uint64(0xffffffff55667788), Uint64(tgt))
	PutUint64(tgt, math.MaxUint64)
	CallUpdate(DefaultUpdate(1), 0, 0, tgt, save) // BOOL: 1 byte
	assert.Equal(t, uint64(0xffffffffffffff88), Uint64(tgt))
	CallUpdate(DefaultUpdate(4), 0, 0, tgt, save) // LONGLONG: 8 bytes
	assert.Equal(t, uint64(0x1122334455667788), Uint64(tgt))
}

func TestCStrings(t *testing.T) {
	p := CString("abc")
	defer Free(p)
	assert.Equal(t, "abc", GoString(p))
	assert.Equal(t, "", GoString(0))
	assert.True(t, Available())
}
