package loader

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"github.com/myplugload/myplugload/mysqlabi"
)

// processMemory is a mysqlabi.Memory over this process: the live view of a
// loaded library. Every read is checked against the readable mappings in
// /proc/self/maps, taken when the view is made, so a bad pointer in plugin
// data is a FaultError, never a crash.
type processMemory struct {
	ranges []memRange // sorted, readable
}

type memRange struct{ start, end uint64 }

func newProcessMemory() (*processMemory, error) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil, fmt.Errorf("live memory: %w", err)
	}
	defer f.Close()
	m := &processMemory{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || !strings.HasPrefix(fields[1], "r") {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		m.ranges = append(m.ranges, memRange{start, end})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("live memory: %w", err)
	}
	sort.Slice(m.ranges, func(i, j int) bool { return m.ranges[i].start < m.ranges[j].start })
	return m, nil
}

// readable reports whether [addr, addr+n) lies in readable mappings
// (adjacent mappings count as one).
func (m *processMemory) readable(addr mysqlabi.Addr, n int) bool {
	lo := uint64(addr)
	hi := lo + uint64(n)
	if hi < lo {
		return false
	}
	i := sort.Search(len(m.ranges), func(i int) bool { return m.ranges[i].end > lo })
	for ; i < len(m.ranges) && m.ranges[i].start <= lo; i++ {
		if m.ranges[i].end >= hi {
			return true
		}
		lo = m.ranges[i].end
	}
	return false
}

// ReadAt implements mysqlabi.Memory.
func (m *processMemory) ReadAt(p []byte, addr mysqlabi.Addr) error {
	if len(p) == 0 {
		return nil
	}
	if !m.readable(addr, len(p)) {
		return &mysqlabi.FaultError{Addr: addr, Len: len(p)}
	}
	copy(p, unsafe.Slice(pointerAt(addr), len(p)))
	return nil
}

// ReadCString reads the NUL-terminated string at addr byte by byte, each
// page checked readable before it is touched, and stops at the NUL: no
// byte past the string is read.
func (m *processMemory) ReadCString(addr mysqlabi.Addr, max int) (string, error) {
	var out []byte
	for a := addr; ; a++ {
		if uint64(a) == uint64(addr) || uint64(a)%4096 == 0 {
			if !m.readable(a, 1) {
				return "", &mysqlabi.FaultError{Addr: a, Len: 1}
			}
		}
		c := *pointerAt(a)
		if c == 0 {
			return string(out), nil
		}
		if len(out) == max {
			return "", fmt.Errorf("%w: no NUL within %d bytes at 0x%x", mysqlabi.ErrMalformed, max, uint64(addr))
		}
		out = append(out, c)
	}
}

// pointerAt turns an address of a loaded library's memory into a pointer.
// The memory belongs to the dynamic loader, not to Go: the garbage
// collector never moves or frees it, and callers check the range first.
func pointerAt(a mysqlabi.Addr) *byte {
	return (*byte)(*(*unsafe.Pointer)(unsafe.Pointer(&a)))
}

// writableCMemory writes into C memory the host allocated itself (plugin
// handles), never into Go memory.
type writableCMemory struct{}

func (writableCMemory) write(addr uintptr, b []byte) {
	copy(unsafe.Slice(pointerAt(mysqlabi.Addr(addr)), len(b)), b)
}

func (w writableCMemory) putUint64(addr uintptr, v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	w.write(addr, b[:])
}
