package loader

import (
	"encoding/binary"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
)

// processMemory is a mysqlabi.Memory over this process: the live view of a
// loaded library. Every read is checked against readable memory known when
// the view is made, so a bad pointer in plugin data is a FaultError, never
// a crash. What is known first is the readable segments of every loaded
// object (native.LoadedSegments: the dynamic loader's program headers, no
// system call), which hold a plugin's declarations, strings and variables;
// a read outside them (a buffer a constructor allocated) takes a snapshot
// of /proc/self/maps, once per view. Without the C side the snapshot is
// taken at once.
type processMemory struct {
	segments []memRange // sorted, readable: the loaded objects' segments
	lent     []memRange // C blocks of the host's own, readable until given back
	maps     []memRange // sorted, readable: /proc/self/maps, read on the first miss
	mapsRead bool
}

type memRange struct{ start, end uint64 }

func newProcessMemory() (*processMemory, error) {
	m := &processMemory{}
	for _, s := range native.LoadedSegments() {
		m.segments = append(m.segments, memRange{uint64(s[0]), uint64(s[1])})
	}
	sort.Slice(m.segments, func(i, j int) bool { return m.segments[i].start < m.segments[j].start })
	if len(m.segments) == 0 {
		if err := m.readMaps(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// readMaps takes the snapshot of the readable mappings.
func (m *processMemory) readMaps() error {
	m.mapsRead = true
	b, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return fmt.Errorf("live memory: %w", err)
	}
	for line := range strings.Lines(string(b)) {
		fields := strings.Fields(line)
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
		m.maps = append(m.maps, memRange{start, end})
	}
	sort.Slice(m.maps, func(i, j int) bool { return m.maps[i].start < m.maps[j].start })
	return nil
}

// forgetMaps drops the mappings' snapshot: memory mapped since (a buffer
// the host allocated) is seen by the next read that needs it.
func (m *processMemory) forgetMaps() { m.maps, m.mapsRead = nil, false }

// lend makes the host's own C block [addr, addr+n) readable in this view
// until the returned function runs (before the block is freed).
func (m *processMemory) lend(addr uintptr, n int) func() {
	r := memRange{uint64(addr), uint64(addr) + uint64(n)}
	m.lent = append(m.lent, r)
	return func() {
		m.lent = slices.DeleteFunc(m.lent, func(x memRange) bool { return x == r })
	}
}

// readable reports whether [addr, addr+n) lies in readable memory: in the
// loaded objects' segments, or else in the mappings' snapshot.
func (m *processMemory) readable(addr mysqlabi.Addr, n int) bool {
	lo := uint64(addr)
	hi := lo + uint64(n)
	if hi < lo {
		return false
	}
	if covered(m.segments, lo, hi) {
		return true
	}
	for _, r := range m.lent {
		if lo >= r.start && hi <= r.end {
			return true
		}
	}
	if !m.mapsRead && m.readMaps() != nil {
		return false
	}
	return covered(m.maps, lo, hi)
}

// covered reports whether [lo, hi) lies in the sorted ranges (adjacent
// ranges count as one).
func covered(ranges []memRange, lo, hi uint64) bool {
	i := sort.Search(len(ranges), func(i int) bool { return ranges[i].end > lo })
	for ; i < len(ranges) && ranges[i].start <= lo; i++ {
		if ranges[i].end >= hi {
			return true
		}
		lo = ranges[i].end
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
