// Package elfimage maps a shared library's ELF file into a mysqlabi.Memory
// without running any of its code: its PT_LOAD segments at their virtual
// addresses, with the dynamic relocations that fill in data pointers
// applied, and its dynamic symbols with their sizes.
//
// It reads 64-bit little-endian ELF files for x86-64 and aarch64. Anything
// else, and any inconsistency in the file, is an error wrapping
// mysqlabi.ErrMalformed or ErrNotELF; debug/elf panics on some malformed
// inputs, and those panics are recovered into errors too.
package elfimage

import (
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/myplugload/myplugload/mysqlabi"
)

// ErrNotELF: the file is not an ELF shared library this package can read.
var ErrNotELF = errors.New("not an ELF shared library")

// maxMapped bounds the memory an image may map: no plugin comes close.
const maxMapped = 1 << 30

// Symbol is a dynamic symbol.
type Symbol struct {
	Name    string
	Value   mysqlabi.Addr
	Size    uint64
	Type    elf.SymType
	Bind    elf.SymBind
	Defined bool
}

// Image is a library's memory as the dynamic loader would lay it out,
// before any of its code runs.
type Image struct {
	mem     mysqlabi.Image
	Machine elf.Machine
	// Needed lists the DT_NEEDED libraries.
	Needed []string
	// Undefined lists the undefined dynamic symbols, weak ones included.
	Undefined []Symbol
	symbols   map[string]Symbol
}

// ReadAt implements mysqlabi.Memory.
func (im *Image) ReadAt(p []byte, addr mysqlabi.Addr) error { return im.mem.ReadAt(p, addr) }

// Symbol returns the defined dynamic symbol called name.
func (im *Image) Symbol(name string) (Symbol, bool) {
	s, ok := im.symbols[name]
	return s, ok
}

// Symbols returns the defined dynamic symbols, sorted by name.
func (im *Image) Symbols() []Symbol {
	out := make([]Symbol, 0, len(im.symbols))
	for _, s := range im.symbols {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Open reads the ELF file at path.
func Open(path string) (*Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return nil, err
	} else if st.IsDir() {
		return nil, fmt.Errorf("%w: is a directory", ErrNotELF)
	} else {
		return New(f, st.Size())
	}
}

// New reads an ELF file of size bytes from r.
func New(r io.ReaderAt, size int64) (im *Image, err error) {
	defer func() {
		if p := recover(); p != nil {
			im, err = nil, fmt.Errorf("%w: ELF reader: %v", mysqlabi.ErrMalformed, p)
		}
	}()
	if err := checkIdent(r); err != nil {
		return nil, err
	}
	f, err := elf.NewFile(r)
	if err != nil {
		return nil, fmt.Errorf("%w: truncated or corrupt ELF file: %v", mysqlabi.ErrMalformed, err)
	}
	if err := checkHeader(f); err != nil {
		return nil, err
	}
	im = &Image{Machine: f.Machine, symbols: map[string]Symbol{}}
	if err := im.mapSegments(f, size); err != nil {
		return nil, err
	}
	syms, err := f.DynamicSymbols()
	if err != nil && !errors.Is(err, elf.ErrNoSymbols) {
		return nil, fmt.Errorf("%w: dynamic symbols: %v", mysqlabi.ErrMalformed, err)
	}
	for _, s := range syms {
		sym := Symbol{Name: s.Name, Value: mysqlabi.Addr(s.Value), Size: s.Size,
			Type: elf.ST_TYPE(s.Info), Bind: elf.ST_BIND(s.Info), Defined: s.Section != elf.SHN_UNDEF}
		switch {
		case s.Name == "":
		case sym.Defined:
			im.symbols[s.Name] = sym
		default:
			im.Undefined = append(im.Undefined, sym)
		}
	}
	if im.Needed, err = f.ImportedLibraries(); err != nil {
		return nil, fmt.Errorf("%w: DT_NEEDED: %v", mysqlabi.ErrMalformed, err)
	}
	if err := im.relocate(f, syms); err != nil {
		return nil, err
	}
	return im, nil
}

// checkIdent reads the ELF identification and machine before anything
// else, so a 32-bit, big-endian or foreign-architecture file is reported as
// such rather than as a corrupt 64-bit one.
func checkIdent(r io.ReaderAt) error {
	var h [20]byte
	n, _ := r.ReadAt(h[:], 0)
	if n < 4 || string(h[:4]) != elf.ELFMAG {
		return fmt.Errorf("%w: no ELF magic number", ErrNotELF)
	}
	if n < len(h) {
		return fmt.Errorf("%w: file too short for an ELF header", ErrNotELF)
	}
	class, data := elf.Class(h[elf.EI_CLASS]), elf.Data(h[elf.EI_DATA])
	switch {
	case class != elf.ELFCLASS64:
		return fmt.Errorf("%w: %v, only 64-bit libraries are supported", ErrNotELF, class)
	case data != elf.ELFDATA2LSB:
		return fmt.Errorf("%w: %v, only little-endian libraries are supported", ErrNotELF, data)
	}
	if m := elf.Machine(binary.LittleEndian.Uint16(h[18:])); m != elf.EM_X86_64 && m != elf.EM_AARCH64 {
		return fmt.Errorf("%w: machine %v, only x86-64 and aarch64 are supported", ErrNotELF, m)
	}
	return nil
}

func checkHeader(f *elf.File) error {
	switch {
	case f.Class != elf.ELFCLASS64:
		return fmt.Errorf("%w: %v, only 64-bit libraries are supported", ErrNotELF, f.Class)
	case f.Data != elf.ELFDATA2LSB:
		return fmt.Errorf("%w: %v, only little-endian libraries are supported", ErrNotELF, f.Data)
	case f.Machine != elf.EM_X86_64 && f.Machine != elf.EM_AARCH64:
		return fmt.Errorf("%w: machine %v, only x86-64 and aarch64 are supported", ErrNotELF, f.Machine)
	case f.Type != elf.ET_DYN:
		return fmt.Errorf("%w: type %v, a plugin is a shared object (ET_DYN)", ErrNotELF, f.Type)
	}
	return nil
}

// mapSegments maps each PT_LOAD segment at its virtual address: the file
// bytes, then zeros up to its memory size (.bss), which take no memory.
// The file bytes must be in the file: a truncated library is malformed.
func (im *Image) mapSegments(f *elf.File, fileSize int64) error {
	var total uint64
	for _, p := range f.Progs {
		if p.Type != elf.PT_LOAD || p.Memsz == 0 {
			continue
		}
		if p.Filesz > p.Memsz {
			return fmt.Errorf("%w: PT_LOAD at 0x%x: file size %d exceeds memory size %d", mysqlabi.ErrMalformed,
				p.Vaddr, p.Filesz, p.Memsz)
		}
		if p.Off > uint64(fileSize) || p.Filesz > uint64(fileSize)-p.Off {
			return fmt.Errorf("%w: PT_LOAD at 0x%x: %d bytes at offset %d lie past the end of the %d-byte file",
				mysqlabi.ErrMalformed, p.Vaddr, p.Filesz, p.Off, fileSize)
		}
		total += p.Memsz
		if p.Memsz > maxMapped || total > maxMapped {
			return fmt.Errorf("%w: PT_LOAD segments map more than %d bytes", mysqlabi.ErrMalformed, maxMapped)
		}
		data := make([]byte, p.Filesz)
		if n, err := p.ReadAt(data, 0); err != nil && !(errors.Is(err, io.EOF) && uint64(n) == p.Filesz) {
			return fmt.Errorf("%w: PT_LOAD at 0x%x: %d of %d bytes in the file: %v", mysqlabi.ErrMalformed,
				p.Vaddr, n, p.Filesz, err)
		}
		if err := im.mem.AddZeroFilled(mysqlabi.Addr(p.Vaddr), data, p.Memsz-p.Filesz); err != nil {
			return err
		}
	}
	return nil
}

// Relocation types that fill in data pointers.
const (
	rX8664_64       = 1    // R_X86_64_64: S + A
	rX8664GlobDat   = 6    // R_X86_64_GLOB_DAT: S
	rX8664Relative  = 8    // R_X86_64_RELATIVE: B + A
	rAArch64Abs64   = 257  // R_AARCH64_ABS64: S + A
	rAArch64GlobDat = 1025 // R_AARCH64_GLOB_DAT: S + A
	rAArch64Rel     = 1027 // R_AARCH64_RELATIVE: B + A
)

// relocate applies the RELA relocations that store addresses into data, as
// the dynamic loader does at a load base of 0. A symbol reference is
// applied when the library defines the symbol; references to other
// libraries' symbols stay zero.
func (im *Image) relocate(f *elf.File, syms []elf.Symbol) error {
	for _, s := range f.Sections {
		if s.Type != elf.SHT_RELA {
			continue
		}
		data, err := s.Data()
		if err != nil {
			return fmt.Errorf("%w: %s: %v", mysqlabi.ErrMalformed, s.Name, err)
		}
		if len(data)%24 != 0 {
			return fmt.Errorf("%w: %s: size %d is not a multiple of 24", mysqlabi.ErrMalformed, s.Name, len(data))
		}
		for off := 0; off < len(data); off += 24 {
			where := mysqlabi.Addr(f.ByteOrder.Uint64(data[off:]))
			info := f.ByteOrder.Uint64(data[off+8:])
			addend := f.ByteOrder.Uint64(data[off+16:])
			typ, symIdx := uint32(info), uint32(info>>32)
			var value uint64
			var ok bool
			switch {
			case im.Machine == elf.EM_X86_64 && typ == rX8664Relative,
				im.Machine == elf.EM_AARCH64 && typ == rAArch64Rel:
				value, ok = addend, true
			case im.Machine == elf.EM_X86_64 && typ == rX8664_64,
				im.Machine == elf.EM_AARCH64 && (typ == rAArch64Abs64 || typ == rAArch64GlobDat):
				if v, def := symbolValue(syms, symIdx); def {
					value, ok = v+addend, true
				}
			case im.Machine == elf.EM_X86_64 && typ == rX8664GlobDat:
				if v, def := symbolValue(syms, symIdx); def {
					value, ok = v, true
				}
			}
			if !ok {
				continue
			}
			b, mapped := im.mem.Bytes(where, 8)
			if !mapped {
				return fmt.Errorf("%w: %s: relocation at %s outside the mapped segments", mysqlabi.ErrMalformed, s.Name, where)
			}
			f.ByteOrder.PutUint64(b, value)
		}
	}
	return nil
}

// symbolValue returns the value of dynamic symbol idx (1-based: entry 0 of
// the table is the null symbol, which debug/elf omits) if it is defined.
func symbolValue(syms []elf.Symbol, idx uint32) (uint64, bool) {
	if idx == 0 || int(idx) > len(syms) {
		return 0, false
	}
	s := syms[idx-1]
	if s.Section == elf.SHN_UNDEF {
		return 0, false
	}
	return s.Value, true
}
