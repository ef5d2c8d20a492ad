package mysqlabi

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
)

// Addr is an address in a library's memory: a virtual address of its ELF
// image (static) or a process address (live).
type Addr uint64

// String formats the address in hex.
func (a Addr) String() string { return fmt.Sprintf("0x%x", uint64(a)) }

// Memory is the memory decoders read from: an ELF image mapped without
// running code, or the process memory of a loaded library. Multi-byte
// values are little-endian (x86-64 and aarch64).
type Memory interface {
	// ReadAt fills p with the bytes at addr, or fails without a partial
	// read when any of them is not mapped.
	ReadAt(p []byte, addr Addr) error
}

// Errors of the decoders. Every error they return wraps one of these.
var (
	// ErrMalformed: the memory does not hold a well-formed structure: a
	// missing terminator, a pointer to unmapped memory, an unterminated
	// string, a count past a bound.
	ErrMalformed = errors.New("malformed plugin data")
)

// FaultError reports a read of memory that is not mapped.
type FaultError struct {
	Addr Addr
	Len  int
}

func (e *FaultError) Error() string {
	return fmt.Sprintf("read of %d bytes at %s: address not mapped", e.Len, e.Addr)
}

// Is makes a FaultError match ErrMalformed.
func (e *FaultError) Is(target error) bool { return target == ErrMalformed }

// Limits bound every walk a decoder makes, so that a malformed library
// yields ErrMalformed instead of a hang or a read past its data.
type Limits struct {
	MaxDeclarations int // entries of a declaration array
	MaxVars         int // entries of a SYS_VAR or SHOW_VAR array
	MaxShowDepth    int // nesting of SHOW_ARRAY
	MaxString       int // bytes of a C string, NUL excluded
	MaxTypelib      int // names in a TYPELIB
}

// DefaultLimits are generous for real plugins and small enough to fail fast.
var DefaultLimits = Limits{
	MaxDeclarations: 1024,
	MaxVars:         4096,
	MaxShowDepth:    16,
	MaxString:       64 << 10,
	MaxTypelib:      4096,
}

// reader reads typed values from a Memory.
type reader struct {
	mem Memory
	buf [8]byte
}

func (r *reader) u64(addr Addr) (uint64, error) {
	if err := r.mem.ReadAt(r.buf[:8], addr); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(r.buf[:8]), nil
}

func (r *reader) u32(addr Addr) (uint32, error) {
	if err := r.mem.ReadAt(r.buf[:4], addr); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(r.buf[:4]), nil
}

func (r *reader) u8(addr Addr) (uint8, error) {
	if err := r.mem.ReadAt(r.buf[:1], addr); err != nil {
		return 0, err
	}
	return r.buf[0], nil
}

func (r *reader) ptr(addr Addr) (Addr, error) {
	v, err := r.u64(addr)
	return Addr(v), err
}

// field reads member f of the struct at base, zero-extended to 64 bits.
func (r *reader) field(base Addr, f Field) (uint64, error) {
	a := base + Addr(f.Offset)
	switch f.Size {
	case 1:
		v, err := r.u8(a)
		return uint64(v), err
	case 4:
		v, err := r.u32(a)
		return uint64(v), err
	case 8:
		return r.u64(a)
	}
	return 0, fmt.Errorf("mysqlabi: member %s has size %d", f.Name, f.Size)
}

// signed reads member f sign-extended from its own width.
func (r *reader) signed(base Addr, f Field) (int64, error) {
	v, err := r.field(base, f)
	if err != nil {
		return 0, err
	}
	switch f.Size {
	case 1:
		return int64(int8(v)), nil
	case 4:
		return int64(int32(v)), nil
	}
	return int64(v), nil
}

// cstring reads a NUL-terminated string of at most max bytes.
func (r *reader) cstring(addr Addr, max int) (string, error) {
	return ReadCString(r.mem, addr, max)
}

// CStringReader is a Memory that reads NUL-terminated strings itself,
// never touching a byte past the terminator (process memory: under
// AddressSanitizer a chunked read past the end of a malloc'ed string is a
// reported overflow, though the page is mapped).
type CStringReader interface {
	ReadCString(addr Addr, max int) (string, error)
}

// ReadCString reads the NUL-terminated string at addr. It reads in chunks
// that never cross the end of the mapped memory, and fails with
// ErrMalformed when no NUL appears within max bytes.
func ReadCString(mem Memory, addr Addr, max int) (string, error) {
	if r, ok := mem.(CStringReader); ok {
		return r.ReadCString(addr, max)
	}
	var out []byte
	const chunk = 64
	start := addr
	for len(out) <= max {
		n := chunk
		// Never ask for bytes past a page boundary in one read: the string
		// may end just before unmapped memory.
		if room := 4096 - int(uint64(addr)%4096); room < n {
			n = room
		}
		b := make([]byte, n)
		if err := mem.ReadAt(b, addr); err != nil {
			// Retry byte by byte up to the fault: a short final segment.
			if n == 1 {
				return "", err
			}
			for i := 0; i < n; i++ {
				if len(out)+i > max {
					return "", fmt.Errorf("%w: string at %s longer than %d bytes", ErrMalformed, start, max)
				}
				if err := mem.ReadAt(b[i:i+1], addr+Addr(i)); err != nil {
					return "", err
				}
				if b[i] == 0 {
					return string(append(out, b[:i]...)), nil
				}
			}
			return "", err
		}
		if i := bytes.IndexByte(b, 0); i >= 0 {
			out = append(out, b[:i]...)
			if len(out) > max {
				break
			}
			return string(out), nil
		}
		out = append(out, b...)
		addr += Addr(n)
	}
	return "", fmt.Errorf("%w: string at %s longer than %d bytes", ErrMalformed, start, max)
}

// ReadPointer reads the pointer stored at addr.
func ReadPointer(mem Memory, addr Addr) (Addr, error) {
	r := reader{mem: mem}
	return r.ptr(addr)
}

// ReadInt32 reads the C int stored at addr.
func ReadInt32(mem Memory, addr Addr) (int32, error) {
	r := reader{mem: mem}
	v, err := r.u32(addr)
	return int32(v), err
}

// Image is a Memory made of byte segments at fixed addresses. The static
// ELF reader maps a library's PT_LOAD segments into one; tests build plugin
// data structures in one.
type Image struct {
	segs []segment // sorted by addr, not overlapping
}

type segment struct {
	addr  Addr
	data  []byte
	zeros uint64 // bytes after data that read as zero without being stored (.bss)
}

func (s segment) size() uint64 { return uint64(len(s.data)) + s.zeros }

// Map places data at addr. It panics if the range overlaps a mapped one or
// wraps around the address space: use Add for ranges that come from input.
func (im *Image) Map(addr Addr, data []byte) {
	if err := im.Add(addr, data); err != nil {
		panic("mysqlabi: " + err.Error())
	}
}

// Add places data at addr, or fails if the range wraps around the address
// space or overlaps a range already mapped.
func (im *Image) Add(addr Addr, data []byte) error { return im.AddZeroFilled(addr, data, 0) }

// AddZeroFilled places data at addr followed by zeros bytes that read as
// zero but take no memory, as a segment's .bss does.
func (im *Image) AddZeroFilled(addr Addr, data []byte, zeros uint64) error {
	seg := segment{addr, data, zeros}
	end := uint64(addr) + seg.size()
	if end < uint64(addr) || seg.size() < zeros {
		return fmt.Errorf("%w: segment at %s of %d bytes wraps around the address space", ErrMalformed, addr, seg.size())
	}
	i := sort.Search(len(im.segs), func(i int) bool { return im.segs[i].addr >= addr })
	if i > 0 && uint64(im.segs[i-1].addr)+im.segs[i-1].size() > uint64(addr) ||
		i < len(im.segs) && uint64(im.segs[i].addr) < end {
		return fmt.Errorf("%w: segment at %s of %d bytes overlaps another", ErrMalformed, addr, seg.size())
	}
	im.segs = append(im.segs, segment{})
	copy(im.segs[i+1:], im.segs[i:])
	im.segs[i] = seg
	return nil
}

// find returns the segment holding [addr, addr+n) and the offset in it.
func (im *Image) find(addr Addr, n int) (segment, uint64, bool) {
	i := sort.Search(len(im.segs), func(i int) bool { return im.segs[i].addr > addr }) - 1
	if i < 0 {
		return segment{}, 0, false
	}
	s := im.segs[i]
	off := uint64(addr - s.addr)
	if off+uint64(n) < off || off+uint64(n) > s.size() {
		return segment{}, 0, false
	}
	return s, off, true
}

// ReadAt implements Memory.
func (im *Image) ReadAt(p []byte, addr Addr) error {
	s, off, ok := im.find(addr, len(p))
	if !ok {
		return &FaultError{Addr: addr, Len: len(p)}
	}
	n := 0
	if off < uint64(len(s.data)) {
		n = copy(p, s.data[off:])
	}
	clear(p[n:]) // the zero-filled tail
	return nil
}

// Bytes returns the stored bytes at [addr, addr+n) for writing, as the ELF
// reader does when it applies relocations. The zero-filled tail of a
// segment is not writable.
func (im *Image) Bytes(addr Addr, n int) ([]byte, bool) {
	s, off, ok := im.find(addr, n)
	if !ok || off+uint64(n) > uint64(len(s.data)) {
		return nil, false
	}
	return s.data[off : off+uint64(n)], true
}

// Float64 interprets raw bits read from a DOUBLE member.
func Float64(bits uint64) float64 { return math.Float64frombits(bits) }
