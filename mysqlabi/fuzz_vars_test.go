package mysqlabi_test

import (
	"debug/elf"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/myplugload/myplugload/internal/elfimage"
	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/mysqlabi"
)

// The SHOW_VAR and SYS_VAR fuzz targets decode a fuzzed byte image mapped
// at a fuzzed base address, from a fuzzed root address, in one of the ABIs
// below. They are seeded with the loaded image of every example and
// fixture library, rooted at each declaration's status and system
// variable arrays.

var fuzzABIs = []mysqlabi.ABI{
	{Family: mysqlabi.FamilyMySQL, InterfaceVersion: 0x010B, SizeofPlugin: 112},
	{Family: mysqlabi.FamilyMySQL, InterfaceVersion: 0x0107, SizeofPlugin: 104},
	{Family: mysqlabi.FamilyMySQL, InterfaceVersion: 0x0100, SizeofPlugin: 96},
	{Family: mysqlabi.FamilyMaria, InterfaceVersion: 0x010f, SizeofPlugin: 104},
}

// fuzzLimits are small, so a malformed input fails fast; the invariants
// below are checked against them.
var fuzzLimits = mysqlabi.Limits{
	MaxDeclarations: 64,
	MaxVars:         64,
	MaxShowDepth:    8,
	MaxString:       256,
	MaxTypelib:      64,
}

// maxReads bounds the reads one decode may make. Without sharing, an
// input of at most a few hundred KiB needs far fewer; a walk that
// revisits shared structures without bound exceeds it.
const maxReads = 1 << 20

// countingMemory is a Memory that fails every read past maxReads, so an
// unbounded walk ends as a test failure instead of a hang.
type countingMemory struct {
	mem      mysqlabi.Memory
	reads    int
	exceeded bool
}

var errBudget = errors.New("read budget exhausted")

func (c *countingMemory) ReadAt(p []byte, addr mysqlabi.Addr) error {
	c.reads++
	if c.reads > maxReads {
		c.exceeded = true
		return errBudget
	}
	return c.mem.ReadAt(p, addr)
}

// varSeed is one seed: a library's loaded image and a variable array in it.
type varSeed struct {
	image []byte
	base  uint64
	root  uint64
	abi   uint8
}

// librarySeeds returns, for every example and fixture library, its loaded
// image flattened into one byte slice (segments at their offsets from the
// lowest address, gaps zero) and the status (status) or system variable
// arrays its declarations point at, with the ABI that decoded them.
func librarySeeds(f *testing.F, status bool) []varSeed {
	var paths []string
	for _, dir := range []string{"cplugins/examples", "cplugins/fixtures"} {
		m, err := filepath.Glob(filepath.Join(testbuild.File(f, dir), "*.so"))
		if err != nil || len(m) == 0 {
			f.Fatalf("no libraries in %s: run make (%v)", dir, err)
		}
		paths = append(paths, m...)
	}
	var seeds []varSeed
	for _, p := range paths {
		blob, base, ok := flatten(f, p)
		if !ok {
			continue
		}
		im, err := elfimage.Open(p)
		if err != nil {
			continue // a fixture the ELF reader refuses: FuzzNew covers it
		}
		roots := map[uint64]uint8{}
		for _, name := range []string{mysqlabi.SymMySQLDeclarations, mysqlabi.SymMariaDeclarations} {
			sym, ok := im.Symbol(name)
			if !ok {
				continue
			}
			for i, abi := range fuzzABIs {
				decls, _ := mysqlabi.DecodeDeclarations(im, sym.Value, mysqlabi.DecodeOptions{ABI: abi, MaxBytes: sym.Size})
				for _, d := range decls {
					root := d.SystemVarsAddr
					if status {
						root = d.StatusVarsAddr
					}
					if _, seen := roots[uint64(root)]; root != 0 && !seen {
						roots[uint64(root)] = uint8(i)
					}
				}
			}
		}
		for root, abi := range roots {
			seeds = append(seeds, varSeed{blob, base, root, abi})
		}
	}
	if len(seeds) == 0 {
		f.Fatal("no variable arrays found in the example and fixture libraries")
	}
	return seeds
}

// flatten returns the loaded image of the library at path as one slice
// starting at its lowest segment address.
func flatten(f *testing.F, path string) ([]byte, uint64, bool) {
	ef, err := elf.Open(path)
	if err != nil {
		return nil, 0, false
	}
	defer ef.Close()
	im, err := elfimage.Open(path)
	if err != nil {
		return nil, 0, false
	}
	lo, hi := ^uint64(0), uint64(0)
	for _, p := range ef.Progs {
		if p.Type == elf.PT_LOAD {
			lo, hi = min(lo, p.Vaddr), max(hi, p.Vaddr+p.Memsz)
		}
	}
	if lo >= hi || hi-lo > 1<<20 {
		return nil, 0, false
	}
	blob := make([]byte, hi-lo)
	for _, p := range ef.Progs {
		if p.Type == elf.PT_LOAD {
			if err := im.ReadAt(blob[p.Vaddr-lo:p.Vaddr-lo+p.Memsz], mysqlabi.Addr(p.Vaddr)); err != nil {
				f.Fatalf("%s: segment at 0x%x: %v", path, p.Vaddr, err)
			}
		}
	}
	return blob, lo, true
}

// fuzzImage maps data at base, or reports that the range is unusable.
func fuzzImage(data []byte, base uint64) (*countingMemory, bool) {
	im := &mysqlabi.Image{}
	if len(data) > 0 {
		if err := im.Add(mysqlabi.Addr(base), data); err != nil {
			return nil, false
		}
	}
	return &countingMemory{mem: im}, true
}

// mapped reports whether [addr, addr+n) lies in data mapped at base.
func mapped(data []byte, base uint64, addr mysqlabi.Addr, n int) bool {
	a := uint64(addr)
	return a >= base && a-base+uint64(n) <= uint64(len(data)) && a-base+uint64(n) >= a-base
}

// membersEnd is the end of the struct's last member: its tail padding
// need not be mapped.
func membersEnd(s *mysqlabi.Struct) int {
	end := 0
	for _, f := range s.Fields {
		end = max(end, f.Offset+f.Size)
	}
	return end
}

// FuzzDecodeShowVars decodes a SHOW_VAR tree. Invariants: no panic, a
// bounded number of reads, every error wraps ErrMalformed, and a success
// respects the limits, reads only mapped entries, numbers every type as
// the ABI does, and decodes the same tree again.
func FuzzDecodeShowVars(f *testing.F) {
	for _, s := range librarySeeds(f, true) {
		f.Add(s.image, s.base, s.root, s.abi)
	}
	f.Add([]byte{}, uint64(0x1000), uint64(0x1000), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, base, root uint64, which uint8) {
		mem, ok := fuzzImage(data, base)
		if !ok {
			return
		}
		abi := fuzzABIs[int(which)%len(fuzzABIs)]
		vars, err := mysqlabi.DecodeShowVars(mem, mysqlabi.Addr(root), abi, fuzzLimits)
		if mem.exceeded {
			t.Fatalf("the walk made more than %d reads of a %d-byte image", maxReads, len(data))
		}
		if err != nil {
			if !errors.Is(err, mysqlabi.ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if root == 0 && vars != nil {
			t.Fatalf("a NULL array decoded to %d variables", len(vars))
		}
		layout := abi.ShowVarLayout()
		var check func(vs []mysqlabi.ShowVar, depth int)
		check = func(vs []mysqlabi.ShowVar, depth int) {
			if depth > fuzzLimits.MaxShowDepth || len(vs) >= fuzzLimits.MaxVars {
				t.Fatalf("%d variables at depth %d exceed the limits", len(vs), depth)
			}
			for _, v := range vs {
				if len(v.Name) > fuzzLimits.MaxString {
					t.Fatalf("a name of %d bytes", len(v.Name))
				}
				if !mapped(data, base, v.Addr, membersEnd(layout)) {
					t.Fatalf("entry at %s is not in the image", v.Addr)
				}
				if v.Type != abi.ShowTypes().Type(v.RawType) || v.HasScope != layout.Has("scope") {
					t.Fatalf("entry %q: type %d decoded as %v, scope %v", v.Name, v.RawType, v.Type, v.HasScope)
				}
				if v.Type == mysqlabi.ShowArray {
					if v.Value == 0 {
						t.Fatalf("SHOW_ARRAY %q with a NULL array decoded", v.Name)
					}
					check(v.Children, depth+1)
				} else if v.Children != nil {
					t.Fatalf("%v entry %q has children", v.Type, v.Name)
				}
			}
		}
		check(vars, 1)
		again, err := mysqlabi.DecodeShowVars(mem.mem, mysqlabi.Addr(root), abi, fuzzLimits)
		if err != nil || !reflect.DeepEqual(vars, again) {
			t.Fatalf("a second decode differs: %v", err)
		}
	})
}

// FuzzDecodeSysVars decodes a SYS_VAR* array. Invariants: no panic, a
// bounded number of reads, every error wraps ErrMalformed, and a success
// respects the limits, has a layout for every known type, and formats
// every value without panicking.
func FuzzDecodeSysVars(f *testing.F) {
	for _, s := range librarySeeds(f, false) {
		f.Add(s.image, s.base, s.root, s.abi)
	}
	f.Add([]byte{}, uint64(0x1000), uint64(0x1000), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, base, root uint64, which uint8) {
		mem, ok := fuzzImage(data, base)
		if !ok {
			return
		}
		abi := fuzzABIs[int(which)%len(fuzzABIs)]
		vars, err := mysqlabi.DecodeSysVars(mem, mysqlabi.Addr(root), abi, fuzzLimits)
		if mem.exceeded {
			t.Fatalf("the walk made more than %d reads of a %d-byte image", maxReads, len(data))
		}
		if err != nil {
			if !errors.Is(err, mysqlabi.ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if len(vars) >= fuzzLimits.MaxVars {
			t.Fatalf("%d variables exceed the limit %d", len(vars), fuzzLimits.MaxVars)
		}
		for _, v := range vars {
			if len(v.Name) > fuzzLimits.MaxString || len(v.Comment) > fuzzLimits.MaxString ||
				len(v.DefaultString) > fuzzLimits.MaxString || len(v.TypelibName) > fuzzLimits.MaxString {
				t.Fatalf("variable %q: a string exceeds %d bytes", v.Name, fuzzLimits.MaxString)
			}
			if len(v.Typelib) > fuzzLimits.MaxTypelib {
				t.Fatalf("variable %q: %d typelib names", v.Name, len(v.Typelib))
			}
			if v.Type != mysqlabi.VarType(v.Flags&mysqlabi.VarTypeMask) {
				t.Fatalf("variable %q: type %v from flags 0x%x", v.Name, v.Type, v.Flags)
			}
			if sh := v.Shape(); sh != nil && !mapped(data, base, v.Addr, membersEnd(sh)) {
				t.Fatalf("variable %q at %s is not in the image", v.Name, v.Addr)
			}
			_ = v.TypeName()
			_ = v.FormatDefault()
			_ = v.Format(v.Min)
			_ = v.Format(v.Max)
			_ = v.Format(^uint64(0))
		}
	})
}
