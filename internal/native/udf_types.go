package native

// UDFFuncs are the addresses of a loadable function's entry points:
// <name>, <name>_init, <name>_deinit, <name>_clear, <name>_add.
type UDFFuncs struct{ Main, Init, Deinit, Clear, Add uintptr }

// UDFVal is one argument value of a row, laid out as C's
// struct myp_udf_val (40 bytes): the value by type, and for strings and
// decimals its length and offset in the row's byte block.
type UDFVal struct {
	Int  int64
	Real float64
	Len  uint64
	Off  uint64
	Null int32
	Type int32
}

// UDFInit is what UDF_INIT holds besides ptr: the result's metadata.
type UDFInit struct {
	MaybeNull bool
	Decimals  uint32
	MaxLength uint64
	ConstItem bool
}

// UDFOut is what one call returned: Int for INTEGER, Real for REAL, Str
// (copied) for STRING and DECIMAL; IsNull and Error are the flags.
type UDFOut struct {
	Int    int64
	Real   float64
	Str    []byte
	IsNull bool
	Error  bool
}

// The operations of UDFCall.Row.
const (
	UDFMain   = 0 // the main function, after setting the row's arguments
	UDFAdd    = 1 // <name>_add, after setting the row's arguments
	UDFClear  = 2 // <name>_clear
	UDFResult = 3 // the main function on the arguments as they are (a group's result)
)
