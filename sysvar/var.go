package sysvar

import (
	"math"
	"strconv"
	"strings"

	"github.com/myplugload/myplugload/mysqlabi"
)

// Scope is the scope of an assignment or a read.
type Scope int

// Scopes. ScopeImplicit is SET x / @@x without GLOBAL or SESSION: the
// session for a session variable, an error for a global-only one.
const (
	ScopeImplicit Scope = iota
	ScopeSession
	ScopeGlobal
)

// Var is a registered plugin system variable: its names, its descriptor
// and what its flags mean to the server that registered it.
type Var struct {
	Plugin string // the plugin's declared name
	Name   string // the SQL name, as SHOW VARIABLES prints it
	Option string // the command-line option name, without "--"
	Desc   mysqlabi.SysVar
	// ReadOnly: PLUGIN_VAR_READONLY, or a plain string variable without an
	// update function, which the servers force read-only.
	ReadOnly bool
	// ForcedReadOnly reports that ReadOnly comes from the string rule.
	ForcedReadOnly bool
	NoDefault      bool // MySQL 5.7+: SET ... = DEFAULT is refused
	Deprecated     bool // MariaDB: SET warns 1287
	Invisible      bool // MySQL: hidden from SHOW VARIABLES
	NoSysVar       bool // no @@ variable, only the option
	NoCmdOpt       bool // no command-line option
	profile        *mysqlabi.Profile
}

// NewVar registers descriptor d of plugin as server profile p does. Flag
// bits are read with the server's own meaning: MariaDB reads a MySQL
// plugin's NODEFAULT bit (0x4000) as DEPRECATED.
func NewVar(p *mysqlabi.Profile, plugin string, d mysqlabi.SysVar) *Var {
	bits := p.ABI.VarFlags()
	f := d.Flags
	d.Type = mysqlabi.VarType(f & mysqlabi.VarTypeMask)
	v := &Var{Plugin: plugin, Desc: d, profile: p,
		ReadOnly:   f&mysqlabi.VarReadOnly != 0,
		NoDefault:  bits.NoDefault != 0 && f&bits.NoDefault != 0,
		Deprecated: bits.Deprecated != 0 && f&bits.Deprecated != 0,
		Invisible:  bits.Invisible != 0 && f&bits.Invisible != 0,
		NoSysVar:   f&mysqlabi.VarNoSysVar != 0,
		NoCmdOpt:   f&mysqlabi.VarNoCmdOpt != 0,
	}
	if d.Type == mysqlabi.VarStr && d.Update == 0 && !d.MemAlloc() && !v.ReadOnly {
		v.ReadOnly, v.ForcedReadOnly = true, true
	}
	v.Name, v.Option = Names(plugin, d.Name, d.ThdLocal())
	return v
}

// Names returns the SQL name and the option name the servers give a plugin
// variable. A global variable is "<plugin>_<var>", all lower-case, '-'
// turned into '_'. A session variable's name keeps the case of its own
// part when the plugin name is lower-case (mysqld builds it from the
// bookmark key); options use '-' for '_'.
func Names(plugin, variable string, thd bool) (sql, option string) {
	global := strings.ReplaceAll(strings.ToLower(plugin+"_"+variable), "-", "_")
	sql = global
	if thd && plugin == strings.ToLower(plugin) {
		sql = strings.ReplaceAll(plugin+"_"+variable, "-", "_")
	}
	return sql, strings.ReplaceAll(sql, "_", "-")
}

// SQLName returns the SQL name of a plugin's global system variable.
func SQLName(plugin, variable string) string {
	sql, _ := Names(plugin, variable, false)
	return sql
}

// Session reports whether the variable has a session value.
func (v *Var) Session() bool { return v.Desc.ThdLocal() }

// Stored is a variable value as the server stores it: the raw bits of a
// numeric, bool, enum or set value (as mysqlabi.SysVar holds them), or a
// string.
type Stored struct {
	Bits uint64
	Str  string
	Null bool // a NULL string
}

// DefaultValue is the declared default, clamped by the variable's limits
// as the server's option initialisation does.
func (v *Var) DefaultValue() Stored {
	d := v.Desc
	switch d.Type {
	case mysqlabi.VarStr:
		return Stored{Str: d.DefaultString, Null: d.DefaultNull}
	case mysqlabi.VarInt, mysqlabi.VarLong, mysqlabi.VarLongLong:
		if d.Unsigned() {
			n, _, _ := v.limitUnsigned(d.Default)
			return Stored{Bits: n}
		}
		n, _, _ := v.limitSigned(int64(d.Default))
		return Stored{Bits: uint64(n)}
	case mysqlabi.VarDouble:
		f, _ := v.limitDouble(mysqlabi.Float64(d.Default))
		return Stored{Bits: math.Float64bits(f)}
	}
	return Stored{Bits: d.Default}
}

// Show renders a value as SHOW VARIABLES prints it; NULL is reported by ok
// false.
func (v *Var) Show(s Stored) (text string, ok bool) {
	if v.Desc.Type == mysqlabi.VarStr {
		return s.Str, !s.Null
	}
	return v.Desc.Format(s.Bits), true
}

// Select renders a value as SELECT @@var returns it: booleans as 1/0,
// doubles in their shortest form.
func (v *Var) Select(s Stored) (text string, ok bool) {
	switch v.Desc.Type {
	case mysqlabi.VarBool:
		if s.Bits&0xff != 0 {
			return "1", true
		}
		return "0", true
	case mysqlabi.VarDouble:
		return strconv.FormatFloat(math.Float64frombits(s.Bits), 'g', -1, 64), true
	}
	return v.Show(s)
}
