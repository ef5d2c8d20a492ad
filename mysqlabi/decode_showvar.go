package mysqlabi

import "fmt"

// ShowVar is one SHOW_VAR entry, decoded. A SHOW_ARRAY entry carries its
// nested array as Children; the tree is what the library declares, before
// the server flattens names and filters scopes.
type ShowVar struct {
	Addr     Addr     // the entry
	Name     string   // as declared
	RawType  int32    // the type number in the library
	Type     ShowType // its meaning in the library's own ABI
	Scope    int32    // enum_mysql_show_scope (MySQL 5.7+ layouts)
	HasScope bool     // the layout has a scope member
	Value    Addr     // pointer to the data, the function, or the nested array
	Children []ShowVar
}

// DecodeShowVars walks the SHOW_VAR array at addr up to its entry whose
// name is NULL, following SHOW_ARRAY entries recursively up to
// Limits.MaxShowDepth. A NULL address yields no variables.
func DecodeShowVars(mem Memory, addr Addr, abi ABI, lim Limits) ([]ShowVar, error) {
	if addr == 0 {
		return nil, nil
	}
	total := 0
	return decodeShowArray(&reader{mem: mem}, addr, abi, lim, 1, &total)
}

// decodeShowArray decodes one array; total counts the entries of the whole
// tree, bounded by Limits.MaxVars: arrays may share children, so without
// it a small image could describe an exponentially large tree.
func decodeShowArray(r *reader, addr Addr, abi ABI, lim Limits, depth int, total *int) ([]ShowVar, error) {
	if depth > lim.MaxShowDepth {
		return nil, fmt.Errorf("%w: SHOW_ARRAY nested deeper than %d levels", ErrMalformed, lim.MaxShowDepth)
	}
	layout := abi.ShowVarLayout()
	types := abi.ShowTypes()
	var out []ShowVar
	for i := 0; ; i++ {
		if i >= lim.MaxVars {
			return nil, fmt.Errorf("%w: status variable array at %s has no NULL-name terminator in %d entries",
				ErrMalformed, addr, lim.MaxVars)
		}
		if *total++; *total > lim.MaxVars {
			return nil, fmt.Errorf("%w: status variables at %s: more than %d entries in the whole tree",
				ErrMalformed, addr, lim.MaxVars)
		}
		base := addr + Addr(i*layout.Size)
		namePtr, err := r.ptr(base + Addr(layout.Off("name")))
		if err != nil {
			return nil, fmt.Errorf("status variable %d: %w", i, err)
		}
		if namePtr == 0 {
			return out, nil
		}
		v := ShowVar{Addr: base, HasScope: layout.Has("scope")}
		if v.Name, err = r.cstring(namePtr, lim.MaxString); err != nil {
			return nil, fmt.Errorf("status variable %d: name: %w", i, err)
		}
		if v.Value, err = r.ptr(base + Addr(layout.Off("value"))); err != nil {
			return nil, fmt.Errorf("status variable %q: %w", v.Name, err)
		}
		t, err := r.u32(base + Addr(layout.Off("type")))
		if err != nil {
			return nil, fmt.Errorf("status variable %q: %w", v.Name, err)
		}
		v.RawType = int32(t)
		v.Type = types.Type(v.RawType)
		if v.HasScope {
			s, err := r.u32(base + Addr(layout.Off("scope")))
			if err != nil {
				return nil, fmt.Errorf("status variable %q: %w", v.Name, err)
			}
			v.Scope = int32(s)
		}
		if v.Type == ShowArray {
			if v.Value == 0 {
				return nil, fmt.Errorf("%w: status variable %q is a SHOW_ARRAY with a NULL array", ErrMalformed, v.Name)
			}
			if v.Children, err = decodeShowArray(r, v.Value, abi, lim, depth+1, total); err != nil {
				return nil, fmt.Errorf("status variable %q: %w", v.Name, err)
			}
		}
		out = append(out, v)
	}
}
