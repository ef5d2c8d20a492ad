package mysqlabi

import (
	"fmt"
	"strconv"
	"strings"
)

// SysVar is one SYS_VAR descriptor (what a MYSQL_SYSVAR_* or MYSQL_THDVAR_*
// macro generates), decoded into plain Go values.
//
// Numeric members hold the raw 64-bit pattern read from the descriptor:
// sign-extended from the C width for signed types, zero-extended for
// unsigned ones, the IEEE bits for DOUBLE. Use Int, Uint and Float to
// interpret them, and Format to print them as SHOW VARIABLES does.
type SysVar struct {
	Addr    Addr    // the descriptor
	Flags   uint32  // raw PLUGIN_VAR_ flags
	Type    VarType // Flags & PLUGIN_VAR_TYPEMASK
	Name    string  // as declared, without the plugin prefix
	Comment string
	Check   Addr // the plugin's check function, or 0
	Update  Addr // the plugin's update function, or 0

	Value   Addr  // global variables: the C variable
	Offset  int32 // THD-local variables: offset in the session block (-1 until the server assigns it)
	Resolve Addr  // THD-local variables: resolve function (0 until the server sets it)

	Default       uint64 // raw default (not STR)
	DefaultString string // STR default
	DefaultNull   bool   // STR default is NULL
	Min, Max      uint64 // raw range (INT, LONG, LONGLONG, DOUBLE)
	Block         uint64 // raw block size
	HasRange      bool   // the shape has min, max and block size
	Typelib       []string
	TypelibName   string
}

// ThdLocal reports whether the variable is per session (PLUGIN_VAR_THDLOCAL).
func (v SysVar) ThdLocal() bool { return v.Flags&VarThdLocal != 0 }

// Unsigned reports whether the variable is unsigned (PLUGIN_VAR_UNSIGNED).
func (v SysVar) Unsigned() bool { return v.Flags&VarUnsigned != 0 }

// ReadOnly reports whether PLUGIN_VAR_READONLY is set.
func (v SysVar) ReadOnly() bool { return v.Flags&VarReadOnly != 0 }

// MemAlloc reports whether PLUGIN_VAR_MEMALLOC is set.
func (v SysVar) MemAlloc() bool { return v.Flags&VarMemAlloc != 0 }

// TypeName returns the type as SQL metadata names it ("INT UNSIGNED",
// "BIGINT", "ENUM", ...).
func (v SysVar) TypeName() string {
	var n string
	switch v.Type {
	case VarBool:
		return "BOOLEAN"
	case VarInt:
		n = "INT"
	case VarLong, VarLongLong:
		n = "BIGINT"
	case VarStr:
		return "VARCHAR"
	case VarEnum:
		return "ENUM"
	case VarSet:
		return "SET"
	case VarDouble:
		return "DOUBLE"
	default:
		return v.Type.String()
	}
	if v.Unsigned() {
		n += " UNSIGNED"
	}
	return n
}

// Shape returns the descriptor's layout, or nil for an unknown type code.
func (v SysVar) Shape() *Struct { return SysVarShape(v.Type, v.ThdLocal()) }

// Int interprets a raw value as a signed integer.
func (v SysVar) Int(raw uint64) int64 { return int64(raw) }

// Uint interprets a raw value as an unsigned integer.
func (v SysVar) Uint(raw uint64) uint64 { return raw }

// Float interprets a raw value as a double.
func (v SysVar) Float(raw uint64) float64 { return Float64(raw) }

// Format renders a raw value of this variable as SHOW VARIABLES prints it:
// ON/OFF, a number, the enum name, the comma-separated set members, or a
// double with six decimals.
func (v SysVar) Format(raw uint64) string {
	switch v.Type {
	case VarBool:
		if raw&0xff != 0 {
			return "ON"
		}
		return "OFF"
	case VarInt, VarLong, VarLongLong:
		if v.Unsigned() {
			return strconv.FormatUint(raw, 10)
		}
		return strconv.FormatInt(int64(raw), 10)
	case VarEnum:
		if raw < uint64(len(v.Typelib)) {
			return v.Typelib[raw]
		}
		return strconv.FormatUint(raw, 10)
	case VarSet:
		var names []string
		for i, n := range v.Typelib {
			if i < 64 && raw&(1<<uint(i)) != 0 {
				names = append(names, n)
			}
		}
		return strings.Join(names, ",")
	case VarDouble:
		return strconv.FormatFloat(Float64(raw), 'f', 6, 64)
	}
	return strconv.FormatUint(raw, 10)
}

// FormatDefault renders the default value as SHOW VARIABLES would.
func (v SysVar) FormatDefault() string {
	if v.Type == VarStr {
		return v.DefaultString
	}
	return v.Format(v.Default)
}

// DecodeSysVars walks a NULL-terminated SYS_VAR* array. A NULL array
// address yields no variables. A descriptor with an unknown type code is
// returned with its header only (mysqld disables such a plugin).
func DecodeSysVars(mem Memory, array Addr, abi ABI, lim Limits) ([]SysVar, error) {
	if array == 0 {
		return nil, nil
	}
	r := &reader{mem: mem}
	var out []SysVar
	for i := 0; ; i++ {
		if i >= lim.MaxVars {
			return nil, fmt.Errorf("%w: system variable array has no NULL terminator in %d entries", ErrMalformed, lim.MaxVars)
		}
		p, err := r.ptr(array + Addr(i*PointerSize))
		if err != nil {
			return nil, fmt.Errorf("system variable %d: %w", i, err)
		}
		if p == 0 {
			return out, nil
		}
		v, err := decodeSysVar(r, p, abi, lim)
		if err != nil {
			if v.Name != "" {
				return nil, fmt.Errorf("system variable %q: %w", v.Name, err)
			}
			return nil, fmt.Errorf("system variable %d: %w", i, err)
		}
		out = append(out, v)
	}
}

func decodeSysVar(r *reader, base Addr, abi ABI, lim Limits) (SysVar, error) {
	v := SysVar{Addr: base}
	hdr := SysVarShape(VarInt, false) // every shape shares the header
	flags, err := r.field(base, mustField(hdr, "flags"))
	if err != nil {
		return v, err
	}
	v.Flags = uint32(flags)
	v.Type = VarType(v.Flags & VarTypeMask)
	namePtr, err := r.ptr(base + Addr(hdr.Off("name")))
	if err != nil {
		return v, err
	}
	if namePtr != 0 {
		if v.Name, err = r.cstring(namePtr, lim.MaxString); err != nil {
			return v, fmt.Errorf("name: %w", err)
		}
	}
	if p, err := r.ptr(base + Addr(hdr.Off("comment"))); err != nil {
		return v, err
	} else if p != 0 {
		if v.Comment, err = r.cstring(p, lim.MaxString); err != nil {
			return v, fmt.Errorf("comment: %w", err)
		}
	}
	if v.Check, err = r.ptr(base + Addr(hdr.Off("check"))); err != nil {
		return v, err
	}
	if v.Update, err = r.ptr(base + Addr(hdr.Off("update"))); err != nil {
		return v, err
	}
	shape := v.Shape()
	if shape == nil {
		return v, nil
	}
	if v.ThdLocal() {
		off, err := r.signed(base, mustField(shape, "offset"))
		if err != nil {
			return v, err
		}
		v.Offset = int32(off)
		if v.Resolve, err = r.ptr(base + Addr(shape.Off("resolve"))); err != nil {
			return v, err
		}
	} else if v.Value, err = r.ptr(base + Addr(shape.Off("value"))); err != nil {
		return v, err
	}

	num := func(name string) (uint64, error) {
		f := mustField(shape, name)
		if v.Type == VarDouble || v.Unsigned() || v.Type == VarEnum || v.Type == VarSet || v.Type == VarBool {
			return r.field(base, f)
		}
		s, err := r.signed(base, f)
		return uint64(s), err
	}
	if v.Type == VarStr {
		p, err := r.ptr(base + Addr(shape.Off("def_val")))
		if err != nil {
			return v, err
		}
		v.DefaultNull = p == 0
		if p != 0 {
			if v.DefaultString, err = r.cstring(p, lim.MaxString); err != nil {
				return v, fmt.Errorf("default: %w", err)
			}
		}
	} else if v.Default, err = num("def_val"); err != nil {
		return v, err
	}
	if shape.Has("min_val") {
		v.HasRange = true
		if v.Min, err = num("min_val"); err != nil {
			return v, err
		}
		if v.Max, err = num("max_val"); err != nil {
			return v, err
		}
		if v.Block, err = num("blk_sz"); err != nil {
			return v, err
		}
	}
	if shape.Has("typelib") {
		tl, err := r.ptr(base + Addr(shape.Off("typelib")))
		if err != nil {
			return v, err
		}
		if v.TypelibName, v.Typelib, err = decodeTypelib(r, tl, abi, lim); err != nil {
			return v, fmt.Errorf("typelib: %w", err)
		}
	}
	return v, nil
}

// decodeTypelib reads a TYPELIB. Its count is read as 32 bits in every
// generation: 8.0's size_t count and 5.x's unsigned count share offset 0,
// and no typelib has 2^32 names.
func decodeTypelib(r *reader, addr Addr, abi ABI, lim Limits) (string, []string, error) {
	if addr == 0 {
		return "", nil, fmt.Errorf("%w: NULL typelib", ErrMalformed)
	}
	tl := abi.Typelib()
	count, err := r.u32(addr + Addr(tl.Off("count")))
	if err != nil {
		return "", nil, err
	}
	if tl.Fields[0].Size == 8 {
		hi, err := r.u32(addr + Addr(tl.Off("count")) + 4)
		if err != nil {
			return "", nil, err
		}
		if hi != 0 {
			return "", nil, fmt.Errorf("%w: typelib count 0x%x%08x", ErrMalformed, hi, count)
		}
	}
	if int64(count) > int64(lim.MaxTypelib) {
		return "", nil, fmt.Errorf("%w: typelib has %d names (limit %d)", ErrMalformed, count, lim.MaxTypelib)
	}
	var name string
	if p, err := r.ptr(addr + Addr(tl.Off("name"))); err != nil {
		return "", nil, err
	} else if p != 0 {
		if name, err = r.cstring(p, lim.MaxString); err != nil {
			return "", nil, err
		}
	}
	names, err := r.ptr(addr + Addr(tl.Off("type_names")))
	if err != nil {
		return "", nil, err
	}
	if names == 0 && count > 0 {
		return "", nil, fmt.Errorf("%w: typelib with %d names has NULL type_names", ErrMalformed, count)
	}
	out := make([]string, 0, count)
	for i := uint32(0); i < count; i++ {
		p, err := r.ptr(names + Addr(i)*PointerSize)
		if err != nil {
			return "", nil, err
		}
		if p == 0 {
			return "", nil, fmt.Errorf("%w: typelib name %d of %d is NULL", ErrMalformed, i, count)
		}
		s, err := r.cstring(p, lim.MaxString)
		if err != nil {
			return "", nil, err
		}
		out = append(out, s)
	}
	return name, out, nil
}

func mustField(s *Struct, name string) Field {
	f, ok := s.Field(name)
	if !ok {
		panic(fmt.Sprintf("mysqlabi: struct %s has no member %q", s.Name, name))
	}
	return f
}
