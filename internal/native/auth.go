//go:build cgo

package native

/*
#include <stdlib.h>
#include <string.h>
#include "auth.h"
*/
import "C"

import (
	"errors"
	"runtime/cgo"
	"sync"
	"unsafe"
)

// PacketConn is the connection an authentication plugin talks through:
// each call reads or writes one protocol packet's payload (framing and
// sequence numbers are the caller's). WritePacket must not keep its
// argument after it returns: it points into the plugin's memory.
type PacketConn interface {
	ReadPacket() ([]byte, error)
	WritePacket([]byte) error
}

// VIO is a MYSQL_PLUGIN_VIO in C memory whose read_packet and
// write_packet call a Go PacketConn. A plugin's read buffer is C memory
// reused from one read to the next, valid until the next read, as the
// servers' is.
type VIO struct {
	p  *C.struct_myp_vio
	h  cgo.Handle
	st *vioState
}

type vioState struct {
	conn PacketConn
	mu   sync.Mutex
	err  error // the first error of the connection
}

// NewVIO allocates a VIO over conn. protocol and socket are what the
// plugin's info call reports (MYSQL_VIO_TCP is 1, MYSQL_VIO_SOCKET 2).
// Free releases it.
func NewVIO(conn PacketConn, protocol, socket int) *VIO {
	st := &vioState{conn: conn}
	h := cgo.NewHandle(st)
	return &VIO{p: C.myp_vio_new(C.uintptr_t(h), C.int(protocol), C.int(socket)), h: h, st: st}
}

// Addr is the MYSQL_PLUGIN_VIO pointer.
func (v *VIO) Addr() uintptr { return uintptr(unsafe.Pointer(v.p)) }

// Err is the first error the connection returned, or nil.
func (v *VIO) Err() error {
	v.st.mu.Lock()
	defer v.st.mu.Unlock()
	return v.st.err
}

// Packets reports how many packets the plugin read and wrote.
func (v *VIO) Packets() (reads, writes int) { return int(v.p.reads), int(v.p.writes) }

// Free releases the VIO and its buffer.
func (v *VIO) Free() {
	if v == nil || v.p == nil {
		return
	}
	C.myp_vio_free(v.p)
	v.p = nil
	v.h.Delete()
}

func (st *vioState) fail(err error) {
	st.mu.Lock()
	if st.err == nil {
		st.err = err
	}
	st.mu.Unlock()
}

//export mypVioRead
func mypVioRead(v *C.struct_myp_vio) C.int {
	st := cgo.Handle(v.handle).Value().(*vioState)
	pkt, err := st.conn.ReadPacket()
	if err != nil {
		st.fail(err)
		return -1
	}
	if len(pkt) > 1<<30 {
		st.fail(errors.New("packet too large"))
		return -1
	}
	// One byte more than the packet: the servers' and the client
	// library's network buffers end a packet with a NUL, and plugins
	// (dialog.so's prompt) read it as a C string.
	if uintptr(len(pkt))+1 > uintptr(v.cap) || v.buf == nil {
		C.free(unsafe.Pointer(v.buf))
		n := max(len(pkt)+1, 256)
		v.buf = (*C.uchar)(C.malloc(C.size_t(n)))
		if v.buf == nil {
			v.cap = 0
			st.fail(errors.New("out of memory"))
			return -1
		}
		v.cap = C.size_t(n)
	}
	if len(pkt) > 0 {
		C.memcpy(unsafe.Pointer(v.buf), unsafe.Pointer(&pkt[0]), C.size_t(len(pkt)))
	}
	*(*C.uchar)(unsafe.Add(unsafe.Pointer(v.buf), len(pkt))) = 0
	return C.int(len(pkt))
}

//export mypVioWrite
func mypVioWrite(v *C.struct_myp_vio, pkt *C.uchar, n C.int) C.int {
	st := cgo.Handle(v.handle).Value().(*vioState)
	var b []byte
	if n > 0 {
		b = unsafe.Slice((*byte)(unsafe.Pointer(pkt)), int(n))
	} else {
		b = []byte{}
	}
	if err := st.conn.WritePacket(b); err != nil {
		st.fail(err)
		return 1
	}
	return 0
}

// CallServerAuth calls a server plugin's authenticate_user(vio, info)
// with thd as the thread's current session, and returns its CR_* code.
func CallServerAuth(fn uintptr, v *VIO, info, thd uintptr) int {
	return int(C.myp_auth_server_call(ptr(fn), v.p, ptr(info), (*C.struct_myp_thd)(ptr(thd))))
}

// CallClientAuth calls a client plugin's authenticate_user(vio, mysql)
// and returns its CR_* code.
func CallClientAuth(fn uintptr, v *VIO, mysql *ClientMySQL) int {
	return int(C.myp_auth_client_call(ptr(fn), v.p, mysql.p))
}

// CallClientInit calls a client plugin's init(errbuf, 1024, 0, args) as
// Connector/C's loader does, and returns its result and errbuf's text.
func CallClientInit(fn uintptr) (int, string) {
	const size = 1024
	buf := C.calloc(1, size)
	defer C.free(buf)
	rc := int(C.myp_auth_client_init(ptr(fn), (*C.char)(buf), size))
	return rc, C.GoString((*C.char)(buf))
}

// DialogFunc answers a question an authentication dialog asks: typ is 1
// for an ordinary question and 2 for a password; ok false gives no answer.
type DialogFunc func(typ int, prompt string) (answer string, ok bool)

// ClientMySQL is the MYSQL block a client plugin receives: Connector/C's
// size, zeroed but for host, user and passwd, plus the host's trailer
// naming the dialog callback.
type ClientMySQL struct {
	p    unsafe.Pointer
	strs []*C.char
	h    cgo.Handle
}

// NewClientMySQL allocates a MYSQL block with the given host, user and
// password (each a C string; "" is an empty string, not NULL). dialog,
// when not nil, answers mariadb_auth_dialog for this block.
func NewClientMySQL(host, user, passwd string, dialog DialogFunc) *ClientMySQL {
	m := &ClientMySQL{p: C.calloc(1, C.MYP_CLIENT_MYSQL_SIZE+16)}
	put := func(off int, s string) {
		cs := C.CString(s)
		m.strs = append(m.strs, cs)
		*(**C.char)(unsafe.Add(m.p, off)) = cs
	}
	put(C.MYP_CLIENT_MYSQL_HOST, host)
	put(C.MYP_CLIENT_MYSQL_USER, user)
	put(C.MYP_CLIENT_MYSQL_PASSWD, passwd)
	if dialog != nil {
		m.h = cgo.NewHandle(dialog)
		trailer := unsafe.Add(m.p, C.MYP_CLIENT_MYSQL_SIZE)
		*(*uint64)(trailer) = C.MYP_CLIENT_TRAILER_MAGIC
		*(*uintptr)(unsafe.Add(trailer, 8)) = uintptr(m.h)
	}
	return m
}

// Addr is the MYSQL pointer.
func (m *ClientMySQL) Addr() uintptr { return uintptr(m.p) }

// Free releases the block and its strings.
func (m *ClientMySQL) Free() {
	if m == nil || m.p == nil {
		return
	}
	for _, s := range m.strs {
		C.free(unsafe.Pointer(s))
	}
	C.free(m.p)
	m.p = nil
	if m.h != 0 {
		m.h.Delete()
	}
}

//export mypDialogAsk
func mypDialogAsk(h C.uintptr_t, typ C.int, prompt, buf *C.char, n C.int) *C.char {
	f, ok := cgo.Handle(h).Value().(DialogFunc)
	if !ok {
		return nil
	}
	ans, ok := f(int(typ), C.GoString(prompt))
	if !ok {
		return nil
	}
	if buf != nil && len(ans) < int(n) {
		dst := unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(n))
		copy(dst, ans)
		dst[len(ans)] = 0
		return buf
	}
	// Too long for the plugin's buffer: a malloc'ed string, which the
	// dialog plugin frees.
	return C.CString(ans)
}
