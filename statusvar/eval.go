package statusvar

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/myplugload/myplugload/mysqlabi"
)

// Source gives the evaluator a loaded plugin's memory and its SHOW_FUNC
// functions. The host implements it over process memory.
type Source interface {
	mysqlabi.Memory
	// CallShowFunc calls the SHOW_FUNC of entry e, the way the server does:
	// with a copy of the entry and an aligned buffer of
	// SHOW_VAR_FUNC_BUFF_SIZE+1 bytes. It returns the type and value the
	// function set; the value may point into the buffer, which stays valid
	// until release is called.
	CallShowFunc(e mysqlabi.ShowVar) (rawType int32, value mysqlabi.Addr, release func(), err error)
}

// Row is one row of SHOW STATUS.
type Row struct {
	Name  string
	Value string
	Type  mysqlabi.ShowType
	Addr  mysqlabi.Addr // where a plain counter lives (for FLUSH STATUS)
	// Top is the name of the top-level entry the row comes from: SHOW
	// STATUS sorts top-level entries and lists an array's children in
	// declaration order.
	Top string
}

// maxFuncChain bounds SHOW_FUNC results that are SHOW_FUNC again.
const maxFuncChain = 16

// Rules are how a server presents status variables.
type Rules struct {
	ABI mysqlabi.ABI // the server's own: its SHOW_VAR layout and numbering
	// FirstUpper: MariaDB shows "Server_audit_active": the first letter
	// upper-cased, the rest lower-cased.
	FirstUpper bool
}

// RulesFor returns the rules of a server profile.
func RulesFor(p *mysqlabi.Profile) Rules {
	return Rules{ABI: p.ABI, FirstUpper: p.StatusNameFirstUpper}
}

// Evaluate reads the status variables of one plugin, declared at addr, as
// the server presents them in SHOW STATUS: flattened, filtered by scope
// (MySQL 5.7+ hides entries with SHOW_SCOPE_UNDEF), SHOW_FUNC results
// followed, each value rendered as the server renders it.
func Evaluate(src Source, addr mysqlabi.Addr, plugin string, r Rules) ([]Row, error) {
	if addr == 0 {
		return nil, nil
	}
	tree, err := mysqlabi.DecodeShowVars(src, addr, r.ABI, mysqlabi.DefaultLimits)
	if err != nil {
		return nil, err
	}
	if r.FirstUpper && len(tree) > 0 && !strings.HasPrefix(strings.ToLower(tree[0].Name), strings.ToLower(plugin)) {
		// mariadbd wraps an array whose names lack the plugin prefix.
		tree = []mysqlabi.ShowVar{{Name: plugin, Type: mysqlabi.ShowArray, Children: tree, Scope: mysqlabi.ShowScopeGlobal}}
	}
	var rows []Row
	for _, top := range tree {
		n := len(rows)
		if err := evaluate(src, []mysqlabi.ShowVar{top}, "", r, &rows, 0); err != nil {
			return nil, err
		}
		for i := n; i < len(rows); i++ {
			rows[i].Top = top.Name
			if r.FirstUpper {
				rows[i].Name = firstUpper(rows[i].Name)
			}
		}
	}
	return rows, nil
}

func evaluate(src Source, vars []mysqlabi.ShowVar, prefix string, r Rules, rows *[]Row, depth int) error {
	if depth > mysqlabi.DefaultLimits.MaxShowDepth {
		return fmt.Errorf("%w: SHOW_ARRAY nested deeper than %d levels", mysqlabi.ErrMalformed, mysqlabi.DefaultLimits.MaxShowDepth)
	}
	for _, v := range vars {
		if v.HasScope && v.Scope == mysqlabi.ShowScopeUndef {
			continue // mysqld never shows SHOW_SCOPE_UNDEF entries
		}
		name := v.Name
		if prefix != "" {
			name = prefix + "_" + name
		}
		if len(name) > mysqlabi.ShowVarMaxNameLen-1 {
			name = name[:mysqlabi.ShowVarMaxNameLen-1]
		}
		switch v.Type {
		case mysqlabi.ShowArray:
			if err := evaluate(src, v.Children, name, r, rows, depth+1); err != nil {
				return err
			}
			continue
		case mysqlabi.ShowFunc, mysqlabi.ShowSimpleFunc:
			if err := evalFunc(src, v, name, r, rows, depth); err != nil {
				return err
			}
			continue
		}
		val, err := Render(src, v.Type, v.Value)
		if err != nil {
			return fmt.Errorf("status variable %s: %w", name, err)
		}
		*rows = append(*rows, Row{Name: name, Value: val, Type: v.Type, Addr: v.Value})
	}
	return nil
}

// evalFunc calls a SHOW_FUNC, again while it answers SHOW_FUNC, and
// renders or expands what it finally gives.
func evalFunc(src Source, v mysqlabi.ShowVar, name string, r Rules, rows *[]Row, depth int) error {
	types := r.ABI.ShowTypes()
	e := v
	var releases []func()
	defer func() {
		for _, f := range releases {
			f()
		}
	}()
	for i := 0; i < maxFuncChain; i++ {
		raw, value, release, err := src.CallShowFunc(e)
		if err != nil {
			return fmt.Errorf("status variable %s: %w", name, err)
		}
		releases = append(releases, release)
		t := types.Type(raw)
		switch t {
		case mysqlabi.ShowFunc, mysqlabi.ShowSimpleFunc:
			e = mysqlabi.ShowVar{Name: v.Name, RawType: raw, Type: t, Value: value}
			continue
		case mysqlabi.ShowArray:
			children, err := mysqlabi.DecodeShowVars(src, value, r.ABI, mysqlabi.DefaultLimits)
			if err != nil {
				return fmt.Errorf("status variable %s: %w", name, err)
			}
			return evaluate(src, children, name, r, rows, depth+1)
		}
		val, err := Render(src, t, value)
		if err != nil {
			return fmt.Errorf("status variable %s: %w", name, err)
		}
		*rows = append(*rows, Row{Name: name, Value: val, Type: t})
		return nil
	}
	return fmt.Errorf("%w: status variable %s: SHOW_FUNC chain longer than %d", mysqlabi.ErrMalformed, name, maxFuncChain)
}

// Render reads a status value of type t at addr and renders it as SHOW
// STATUS prints it.
func Render(m mysqlabi.Memory, t mysqlabi.ShowType, addr mysqlabi.Addr) (string, error) {
	read := func(n int) ([]byte, error) {
		b := make([]byte, n)
		return b, m.ReadAt(b, addr)
	}
	switch t {
	case mysqlabi.ShowBool:
		b, err := read(1)
		if err != nil {
			return "", err
		}
		if b[0] != 0 {
			return "ON", nil
		}
		return "OFF", nil
	case mysqlabi.ShowInt:
		b, err := read(4)
		return strconv.FormatUint(uint64(binary.LittleEndian.Uint32(b)), 10), err
	case mysqlabi.ShowSignedInt:
		b, err := read(4)
		return strconv.FormatInt(int64(int32(binary.LittleEndian.Uint32(b))), 10), err
	case mysqlabi.ShowLong, mysqlabi.ShowLongLong, mysqlabi.ShowSizeT:
		b, err := read(8)
		return strconv.FormatUint(binary.LittleEndian.Uint64(b), 10), err
	case mysqlabi.ShowSignedLong, mysqlabi.ShowSignedLongLong:
		b, err := read(8)
		return strconv.FormatInt(int64(binary.LittleEndian.Uint64(b)), 10), err
	case mysqlabi.ShowDouble:
		b, err := read(8)
		return strconv.FormatFloat(math.Float64frombits(binary.LittleEndian.Uint64(b)), 'f', 6, 64), err
	case mysqlabi.ShowChar:
		if addr == 0 {
			return "", nil
		}
		return mysqlabi.ReadCString(m, addr, mysqlabi.DefaultLimits.MaxString)
	case mysqlabi.ShowCharPtr:
		p, err := mysqlabi.ReadPointer(m, addr)
		if err != nil || p == 0 {
			return "", err
		}
		return mysqlabi.ReadCString(m, p, mysqlabi.DefaultLimits.MaxString)
	}
	return "", fmt.Errorf("%w: SHOW type %v cannot be shown", mysqlabi.ErrMalformed, t)
}

// Flushable reports whether FLUSH STATUS resets a variable of type t:
// SHOW_LONG and SHOW_SIGNED_LONG counters (reset_status_vars).
func Flushable(t mysqlabi.ShowType) bool {
	return t == mysqlabi.ShowLong || t == mysqlabi.ShowSignedLong
}

// Sort orders rows as SHOW STATUS lists them: by top-level entry name,
// an array's children in declaration order.
func Sort(rows []Row) {
	sort.SliceStable(rows, func(i, j int) bool { return strings.ToLower(rows[i].Top) < strings.ToLower(rows[j].Top) })
}

func firstUpper(s string) string {
	if s == "" {
		return s
	}
	l := strings.ToLower(s)
	return strings.ToUpper(l[:1]) + l[1:]
}

// Counters lists the addresses FLUSH STATUS resets in one plugin's
// status variables: plain SHOW_LONG and SHOW_SIGNED_LONG entries, nested
// arrays included; SHOW_FUNC entries are not called.
func Counters(m mysqlabi.Memory, addr mysqlabi.Addr, r Rules) ([]mysqlabi.Addr, error) {
	if addr == 0 {
		return nil, nil
	}
	tree, err := mysqlabi.DecodeShowVars(m, addr, r.ABI, mysqlabi.DefaultLimits)
	if err != nil {
		return nil, err
	}
	var out []mysqlabi.Addr
	var walk func([]mysqlabi.ShowVar)
	walk = func(vs []mysqlabi.ShowVar) {
		for _, v := range vs {
			switch {
			case v.Type == mysqlabi.ShowArray:
				walk(v.Children)
			case Flushable(v.Type) && v.Value != 0:
				out = append(out, v.Value)
			}
		}
	}
	walk(tree)
	return out, nil
}
