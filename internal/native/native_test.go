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
	require.Zero(t, CallCheck(DefaultCheck(2), 0, 0, 0, save, Value{Type: 2, Int: -42}, false))
	assert.Equal(t, int64(-42), int64(Uint64(save)))
	require.Zero(t, CallCheck(DefaultCheck(8), 0, 0, 0, save, Value{Type: 1, Real: 2.5}, false))
	assert.Equal(t, 2.5, math.Float64frombits(Uint64(save)))
	require.Zero(t, CallCheck(DefaultCheck(8), 0, 0, 0, save, Value{Type: 2, Int: 3}, false))
	assert.Equal(t, 3.0, math.Float64frombits(Uint64(save)), "val_real of an integer")
	assert.NotZero(t, CallCheck(DefaultCheck(2), 0, 0, 0, save, Value{Null: true}, false), "val_int of NULL fails")

	// A string the check keeps a pointer to (server_audit passes no buffer).
	require.Zero(t, CallCheck(DefaultCheck(5), 0, 0, 0, save, Value{Type: 0, Str: "hello"}, true))
	assert.Equal(t, "hello", GoString(uintptr(Uint64(save))), "the caller's own copy outlives the value")
	Free(uintptr(Uint64(save)))

	// The default updates copy the C size of the type.
	tgt := Malloc(16)
	defer Free(tgt)
	PutUint64(tgt, math.MaxUint64)
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, 0x1122334455667788)
	Write(save, b)
	CallUpdate(DefaultUpdate(2), 0, 0, 0, tgt, save) // INT: 4 bytes
	assert.Equal(t, uint64(0xffffffff55667788), Uint64(tgt))
	PutUint64(tgt, math.MaxUint64)
	CallUpdate(DefaultUpdate(1), 0, 0, 0, tgt, save) // BOOL: 1 byte
	assert.Equal(t, uint64(0xffffffffffffff88), Uint64(tgt))
	CallUpdate(DefaultUpdate(4), 0, 0, 0, tgt, save) // LONGLONG: 8 bytes
	assert.Equal(t, uint64(0x1122334455667788), Uint64(tgt))
}

func TestCStrings(t *testing.T) {
	p := CString("abc")
	defer Free(p)
	assert.Equal(t, "abc", GoString(p))
	assert.Equal(t, "", GoString(0))
	assert.True(t, Available())
}

// TestServerSymbolsGlobal: every server symbol the host claims is in the
// process's global scope, where dlopen(RTLD_NOW) binds a plugin's imports
// and where plugins look with dlsym(RTLD_DEFAULT) (the executable is
// linked with -rdynamic).
func TestServerSymbolsGlobal(t *testing.T) {
	require.NotEmpty(t, ServerSymbols)
	for _, name := range ServerSymbols {
		addr, err := purego.Dlsym(purego.RTLD_DEFAULT, name)
		if assert.NoError(t, err, name) {
			assert.NotZero(t, addr, name)
		}
	}
	_, err := purego.Dlsym(purego.RTLD_DEFAULT, "myp_no_such_symbol")
	assert.Error(t, err, "the check can fail")
}

// TestServiceHandlers: every service the issue lists has an
// implementation; unknown names have none.
func TestServiceHandlers(t *testing.T) {
	for _, name := range []string{"my_snprintf_service", "my_plugin_log_service", "my_print_error_service",
		"logger_service", "thd_alloc_service", "base64_service", "my_sha1_service", "my_sha2_service",
		"my_md5_service", "my_crypt_service", "thd_specifics_service", "thd_error_context_service",
		"thd_timezone_service", "progress_report_service", "mysql_malloc_service",
		"security_context_service", "mysql_string_service"} {
		assert.NotZero(t, ServiceHandler(name), name)
	}
	assert.Zero(t, ServiceHandler("sql_service"))
	assert.Zero(t, ServiceHandler("no_such_service"))
}
