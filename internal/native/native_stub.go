//go:build !cgo

package native

// This build has no C side: live plugin hosting that needs it fails with
// the loader's ErrNotSupported; static inspection works.

// Available reports whether the C side is compiled in (cgo builds).
func Available() bool { return false }

// DynvarsSize is the size of each block of THD-local variables.
const DynvarsSize = 16384

func Malloc(int) uintptr                                                   { return 0 }
func Free(uintptr)                                                         {}
func CString(string) uintptr                                               { return 0 }
func GoString(uintptr) string                                              { return "" }
func Write(uintptr, []byte)                                                {}
func Read(uintptr, int) []byte                                             { return nil }
func PutUint64(uintptr, uint64)                                            {}
func Uint64(uintptr) uint64                                                { return 0 }
func GlobalDynvars() uintptr                                               { return 0 }
func Resolve() uintptr                                                     { return 0 }
func DefaultCheck(int) uintptr                                             { return 0 }
func DefaultUpdate(int) uintptr                                            { return 0 }
func CallCheck(fn, thd, cur, desc, save uintptr, v Value, strVar bool) int { return 1 }
func CallUpdate(fn, thd, cur, desc, varPtr, save uintptr)                  {}
func CallShowFunc(fn, thd, varEntry, buf uintptr) int                      { return 1 }

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

func (THD) SetThreadID(uint64)                                        {}
func (THD) Query() string                                             { return "" }
func (THD) SQLCommand() int                                           { return 0 }
func (THD) Identity() [5]string                                       { return [5]string{} }
func (THD) SetIdentity(user, host, ip, privUser, externalUser string) {}
func (THD) SetDB(string)                                              {}
func (THD) SetQuery(string, uint64)                                   {}
func (THD) EndStatement()                                             {}
func (THD) TakeConds() []Cond                                         { return nil }

// Cond is a condition a plugin raised for the session.
type Cond struct {
	Level   int
	Code    int
	Message string
}

func ServiceHandler(string) uintptr        { return 0 }
func SetServerVersion(string)              {}
func SetDataHome(string)                   {}
func CallInt1THD(fn, arg, thd uintptr) int { return 1 }

// Audit API generations.
const (
	AuditMariaDB = 1
	AuditMySQL   = 2
	MaxAudit     = 32
)

// AuditPlugin is one registered audit plugin.
type AuditPlugin struct {
	Notify  uintptr
	Release uintptr // release_thd, or 0
	API     int
	Masks   []uint64
}

// AuditList is the C list of audit plugins; without cgo it is empty.
type AuditList struct{}

func NewAuditList() AuditList       { return AuditList{} }
func (AuditList) Set([]AuditPlugin) {}
func (AuditList) Free()             {}
func (AuditList) Dispatch(THD, int, int, *Event) Outcome {
	return Outcome{Refused: -1}
}

// ServerSymbols is empty without the C side.
var ServerSymbols []string

// LogFunc receives plugin log messages.
type LogFunc func(level int, plugin, msg string)

func SetLogSink(LogFunc) {}

// LoadedSegments needs the C side: without it, nil.
func LoadedSegments() [][2]uintptr { return nil }
