package mysqlabi

import (
	"encoding/binary"
	"fmt"
	"math"
)

// builder lays out C data structures in one in-memory segment, the way a
// compiler and linker would place a plugin's .data, so decoders can be
// tested without a C toolchain.
type builder struct {
	base Addr
	buf  []byte
}

func newBuilder(base Addr) *builder { return &builder{base: base} }

// alloc reserves size zeroed bytes aligned to align.
func (b *builder) alloc(size, align int) Addr {
	for len(b.buf)%align != 0 {
		b.buf = append(b.buf, 0)
	}
	a := b.base + Addr(len(b.buf))
	b.buf = append(b.buf, make([]byte, size)...)
	return a
}

func (b *builder) at(a Addr, n int) []byte {
	off := int(a - b.base)
	return b.buf[off : off+n]
}

func (b *builder) put(a Addr, size int, v uint64) {
	switch size {
	case 1:
		b.at(a, 1)[0] = byte(v)
	case 4:
		binary.LittleEndian.PutUint32(b.at(a, 4), uint32(v))
	case 8:
		binary.LittleEndian.PutUint64(b.at(a, 8), v)
	default:
		panic(fmt.Sprintf("builder: size %d", size))
	}
}

// cstr stores a NUL-terminated string and returns its address.
func (b *builder) cstr(s string) Addr {
	a := b.alloc(len(s)+1, 1)
	copy(b.at(a, len(s)), s)
	return a
}

// newStruct reserves one zeroed instance of s.
func (b *builder) newStruct(s *Struct) Addr { return b.alloc(s.Size, s.Align) }

// set writes member field of the struct s at base.
func (b *builder) set(base Addr, s *Struct, field string, v uint64) {
	f, ok := s.Field(field)
	if !ok {
		panic(fmt.Sprintf("builder: %s has no %s", s.Name, field))
	}
	b.put(base+Addr(f.Offset), f.Size, v)
}

// ptrArray stores a NULL-terminated array of pointers.
func (b *builder) ptrArray(ptrs ...Addr) Addr {
	a := b.alloc((len(ptrs)+1)*PointerSize, PointerSize)
	for i, p := range ptrs {
		b.put(a+Addr(i*PointerSize), 8, uint64(p))
	}
	return a
}

// int32Desc stores a descriptor whose only member is interface_version.
func (b *builder) int32Desc(v int32) Addr {
	a := b.alloc(4, 4)
	b.put(a, 4, uint64(uint32(v)))
	return a
}

func (b *builder) image() *Image {
	im := &Image{}
	im.Map(b.base, b.buf)
	return im
}

// decl describes one declaration entry for writeDecls.
type decl struct {
	typ                          PluginType
	info                         Addr
	name, author, descr          string
	license                      License
	init, checkUninstall, deinit Addr
	version                      uint32
	statusVars, systemVars       Addr
	flags                        uint64
	versionInfo                  string
	maturity                     Maturity
	nullName                     bool
}

// writeDecls stores an array of entries of layout l with a terminator and
// returns its address and size in bytes.
func (b *builder) writeDecls(l *Struct, ds ...decl) (Addr, uint64) {
	arr := b.alloc(l.Size*(len(ds)+1), 8)
	for i, d := range ds {
		e := arr + Addr(i*l.Size)
		b.set(e, l, "type", uint64(uint32(d.typ)))
		b.set(e, l, "info", uint64(d.info))
		if !d.nullName {
			b.set(e, l, "name", uint64(b.cstr(d.name)))
		}
		b.set(e, l, "author", uint64(b.cstr(d.author)))
		b.set(e, l, "descr", uint64(b.cstr(d.descr)))
		b.set(e, l, "license", uint64(uint32(d.license)))
		b.set(e, l, "init", uint64(d.init))
		if l.Has("check_uninstall") {
			b.set(e, l, "check_uninstall", uint64(d.checkUninstall))
		}
		b.set(e, l, "deinit", uint64(d.deinit))
		b.set(e, l, "version", uint64(d.version))
		b.set(e, l, "status_vars", uint64(d.statusVars))
		b.set(e, l, "system_vars", uint64(d.systemVars))
		if l.Has("flags") {
			b.set(e, l, "flags", d.flags)
		}
		if l.Has("version_info") {
			b.set(e, l, "version_info", uint64(b.cstr(d.versionInfo)))
			b.set(e, l, "maturity", uint64(d.maturity))
		}
	}
	return arr, uint64(l.Size * (len(ds) + 1))
}

// sysvar describes one SYS_VAR descriptor for writeSysVar.
type sysvar struct {
	flags             uint32
	name, comment     string
	check, update     Addr
	value             Addr
	offset            int32
	def, min, max, bl uint64
	defStr            *string
	typelib           []string
}

func (b *builder) writeTypelib(names []string, count8 bool) Addr {
	tl := Typelib57
	if count8 {
		tl = Typelib80
	}
	ptrs := make([]Addr, len(names))
	for i, n := range names {
		ptrs[i] = b.cstr(n)
	}
	a := b.newStruct(tl)
	b.set(a, tl, "count", uint64(len(names)))
	b.set(a, tl, "name", uint64(b.cstr("")))
	b.set(a, tl, "type_names", uint64(b.ptrArray(ptrs...)))
	return a
}

func (b *builder) writeSysVar(v sysvar, count8 bool) Addr {
	t := VarType(v.flags & VarTypeMask)
	thd := v.flags&VarThdLocal != 0
	s := SysVarShape(t, thd)
	a := b.newStruct(s)
	b.set(a, s, "flags", uint64(v.flags))
	b.set(a, s, "name", uint64(b.cstr(v.name)))
	b.set(a, s, "comment", uint64(b.cstr(v.comment)))
	b.set(a, s, "check", uint64(v.check))
	b.set(a, s, "update", uint64(v.update))
	if thd {
		b.set(a, s, "offset", uint64(uint32(v.offset)))
	} else {
		b.set(a, s, "value", uint64(v.value))
	}
	if t == VarStr {
		if v.defStr != nil {
			b.set(a, s, "def_val", uint64(b.cstr(*v.defStr)))
		}
	} else {
		b.set(a, s, "def_val", v.def)
	}
	if s.Has("min_val") {
		b.set(a, s, "min_val", v.min)
		b.set(a, s, "max_val", v.max)
		b.set(a, s, "blk_sz", v.bl)
	}
	if s.Has("typelib") {
		b.set(a, s, "typelib", uint64(b.writeTypelib(v.typelib, count8)))
	}
	return a
}

// showvar describes one SHOW_VAR entry for writeShowVars.
type showvar struct {
	name  string
	typ   int32
	scope int32
	value Addr
}

func (b *builder) writeShowVars(l *Struct, vs ...showvar) Addr {
	a := b.alloc(l.Size*(len(vs)+1), 8)
	for i, v := range vs {
		e := a + Addr(i*l.Size)
		b.set(e, l, "name", uint64(b.cstr(v.name)))
		b.set(e, l, "value", uint64(v.value))
		b.set(e, l, "type", uint64(uint32(v.typ)))
		if l.Has("scope") {
			b.set(e, l, "scope", uint64(uint32(v.scope)))
		}
	}
	return a
}

func f64(v float64) uint64 { return math.Float64bits(v) }

func i64(v int64) uint64 { return uint64(v) }
