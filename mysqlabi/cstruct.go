package mysqlabi

import "fmt"

// PointerSize is the size of a C pointer and of unsigned long on the
// platforms the project supports (LP64: x86-64 and aarch64 Linux).
const PointerSize = 8

// CType is a C scalar or array type as the LP64 ABI lays it out.
type CType struct {
	Name  string // C spelling, e.g. "int", "char *", "unsigned long[13]"
	Size  int
	Align int
}

// The C types the plugin ABI uses, with their LP64 sizes and alignments.
var (
	cChar      = CType{"char", 1, 1}
	cBool      = CType{"bool", 1, 1}
	cInt       = CType{"int", 4, 4}
	cUint      = CType{"unsigned int", 4, 4}
	cLong      = CType{"long", 8, 8}
	cUlong     = CType{"unsigned long", 8, 8}
	cLongLong  = CType{"long long", 8, 8}
	cULongLong = CType{"unsigned long long", 8, 8}
	cSizeT     = CType{"size_t", 8, 8}
	cDouble    = CType{"double", 8, 8}
	cPtr       = CType{"void *", PointerSize, PointerSize}
	cLexString = CType{"MYSQL_LEX_CSTRING", 16, 8} // {const char *str; size_t length;}
)

// cArray is an array of n elements of t.
func cArray(t CType, n int) CType {
	return CType{Name: fmt.Sprintf("%s[%d]", t.Name, n), Size: t.Size * n, Align: t.Align}
}

// Field is one member of a C struct.
type Field struct {
	Name   string
	Offset int
	Size   int
	Type   CType
}

// Struct is the layout of one C struct in one ABI generation: its size and
// every member's offset, as a C compiler for LP64 lays it out. The
// layout-conformance test checks every Struct against the C compiler.
type Struct struct {
	Name   string // C name, e.g. "st_mysql_plugin"
	Size   int
	Align  int
	Fields []Field
	index  map[string]int
}

// member is a field declaration before layout.
type member struct {
	name string
	typ  CType
}

func m(name string, t CType) member { return member{name, t} }

// cstruct lays out members with natural alignment, as C does on LP64.
func cstruct(name string, members ...member) *Struct {
	s := &Struct{Name: name, Align: 1, index: make(map[string]int, len(members))}
	off := 0
	for _, mb := range members {
		off = alignUp(off, mb.typ.Align)
		s.index[mb.name] = len(s.Fields)
		s.Fields = append(s.Fields, Field{Name: mb.name, Offset: off, Size: mb.typ.Size, Type: mb.typ})
		off += mb.typ.Size
		s.Align = max(s.Align, mb.typ.Align)
	}
	s.Size = alignUp(off, s.Align)
	return s
}

func alignUp(n, a int) int { return (n + a - 1) / a * a }

// Field returns the member called name.
func (s *Struct) Field(name string) (Field, bool) {
	i, ok := s.index[name]
	if !ok {
		return Field{}, false
	}
	return s.Fields[i], true
}

// Has reports whether the struct has a member called name.
func (s *Struct) Has(name string) bool {
	_, ok := s.index[name]
	return ok
}

// Off returns the offset of member name. It panics when the member does not
// exist: decoders only ask for members their layout was chosen for.
func (s *Struct) Off(name string) int {
	f, ok := s.Field(name)
	if !ok {
		panic(fmt.Sprintf("mysqlabi: struct %s has no member %q", s.Name, name))
	}
	return f.Offset
}
