//go:build !cgo

package native

// UDFCall is one statement's call state of a loadable function; without
// cgo it is never valid.
type UDFCall struct{}

// NewUDFCall returns an invalid call state without cgo.
func NewUDFCall(UDFFuncs, int, int) UDFCall { return UDFCall{} }

// Valid is false without cgo.
func (UDFCall) Valid() bool { return false }

// SetArg does nothing without cgo.
func (UDFCall) SetArg(int, int, bool, string, uint64) bool { return false }

// SetConst does nothing without cgo.
func (UDFCall) SetConst(int, UDFVal, []byte) bool { return false }

// SetInit does nothing without cgo.
func (UDFCall) SetInit(UDFInit) {}

// Init returns the zero value without cgo.
func (UDFCall) Init() UDFInit { return UDFInit{} }

// ArgType returns 0 without cgo.
func (UDFCall) ArgType(int) int { return 0 }

// Start fails without cgo.
func (UDFCall) Start(uintptr) (bool, string) { return false, "no C side" }

// Row returns an error result without cgo.
func (UDFCall) Row(int, []UDFVal, []byte) UDFOut { return UDFOut{IsNull: true, Error: true} }

// End does nothing without cgo.
func (UDFCall) End() {}

// Free does nothing without cgo.
func (UDFCall) Free() {}

// BenchC does nothing without cgo.
func (UDFCall) BenchC([]UDFVal, int) {}
