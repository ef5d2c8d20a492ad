//go:build !cgo

package native

// PacketConn is the connection an authentication plugin talks through.
type PacketConn interface {
	ReadPacket() ([]byte, error)
	WritePacket([]byte) error
}

// VIO is a MYSQL_PLUGIN_VIO; without cgo there is none.
type VIO struct{}

func NewVIO(PacketConn, int, int) *VIO { return &VIO{} }
func (*VIO) Addr() uintptr             { return 0 }
func (*VIO) Err() error                { return nil }
func (*VIO) Packets() (int, int)       { return 0, 0 }
func (*VIO) Free()                     {}

// DialogFunc answers a question an authentication dialog asks.
type DialogFunc func(typ int, prompt string) (answer string, ok bool)

// ClientMySQL is the MYSQL block a client plugin receives; without cgo
// there is none.
type ClientMySQL struct{}

func NewClientMySQL(host, user, passwd string, dialog DialogFunc) *ClientMySQL { return &ClientMySQL{} }
func (*ClientMySQL) Addr() uintptr                                             { return 0 }
func (*ClientMySQL) Free()                                                     {}

func CallServerAuth(fn uintptr, v *VIO, info, thd uintptr) int  { return 0 }
func CallClientAuth(fn uintptr, v *VIO, mysql *ClientMySQL) int { return 0 }
func CallClientInit(fn uintptr) (int, string)                   { return 1, "no C side" }
