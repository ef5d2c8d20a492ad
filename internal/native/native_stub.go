//go:build !cgo

package native

// This build has no C side: live plugin hosting that needs it fails with
// the loader's ErrNotSupported; static inspection works.

// Available reports whether the C side is compiled in (cgo builds).
func Available() bool { return false }

// DynvarsSize is the size of each block of THD-local variables.
const DynvarsSize = 16384

func Malloc(int) uintptr                                 { return 0 }
func Free(uintptr)                                       {}
func CString(string) uintptr                             { return 0 }
func GoString(uintptr) string                            { return "" }
func Write(uintptr, []byte)                              {}
func Read(uintptr, int) []byte                           { return nil }
func PutUint64(uintptr, uint64)                          {}
func Uint64(uintptr) uint64                              { return 0 }
func GlobalDynvars() uintptr                             { return 0 }
func Resolve() uintptr                                   { return 0 }
func DefaultCheck(int) uintptr                           { return 0 }
func DefaultUpdate(int) uintptr                          { return 0 }
func CallCheck(fn, thd, desc, save uintptr, v Value) int { return 1 }
func CallUpdate(fn, thd, desc, varPtr, save uintptr)     {}
func CallShowFunc(fn, thd, varEntry, buf uintptr) int    { return 1 }

// THD is a session handle; without cgo it is empty.
type THD struct{}

func NewTHD(uint64) THD       { return THD{} }
func (THD) Addr() uintptr     { return 0 }
func (THD) Dynvars() uintptr  { return 0 }
func (THD) SetSQLCommand(int) {}
func (THD) Free()             {}

// Value is a value given to a plugin's check function.
type Value struct {
	Type     int
	Null     bool
	Unsigned bool
	Int      int64
	Real     float64
	Str      string
}
