package sysvar

import (
	"strconv"
	"strings"

	"github.com/myplugload/myplugload/mysqlabi"
)

// Metadata is a variable as information_schema.SYSTEM_VARIABLES (MariaDB)
// describes it. Empty strings stand for NULL.
type Metadata struct {
	Name        string // VARIABLE_NAME (lower-case here)
	Scope       string // VARIABLE_SCOPE: GLOBAL or SESSION
	Type        string // VARIABLE_TYPE: BOOLEAN, INT, INT UNSIGNED, BIGINT, BIGINT UNSIGNED, DOUBLE, ENUM, SET, VARCHAR
	Default     string // DEFAULT_VALUE
	Min, Max    string // NUMERIC_MIN_VALUE, NUMERIC_MAX_VALUE
	Block       string // NUMERIC_BLOCK_SIZE
	EnumValues  string // ENUM_VALUE_LIST: "OFF,ON" for a boolean
	ReadOnly    bool   // READ_ONLY
	CommandLine string // COMMAND_LINE_ARGUMENT: REQUIRED, OPTIONAL, NONE, or "" (no option)
	Comment     string // VARIABLE_COMMENT
}

// Metadata describes the variable.
func (v *Var) Metadata() Metadata {
	d := v.Desc
	m := Metadata{Name: v.Name, Scope: "GLOBAL", Type: d.TypeName(), ReadOnly: v.ReadOnly, Comment: d.Comment}
	if v.Session() {
		m.Scope = "SESSION"
	}
	m.Default, _ = v.Show(v.DefaultValue())
	switch {
	case d.Type == mysqlabi.VarBool:
		m.EnumValues = "OFF,ON"
	case d.Type == mysqlabi.VarEnum || d.Type == mysqlabi.VarSet:
		m.EnumValues = strings.Join(d.Typelib, ",")
	case d.HasRange && d.Type == mysqlabi.VarDouble:
		m.Min = strconv.FormatFloat(mysqlabi.Float64(d.Min), 'g', -1, 64)
		m.Max = strconv.FormatFloat(mysqlabi.Float64(d.Max), 'g', -1, 64)
	case d.HasRange:
		m.Min, m.Max, m.Block = d.Format(d.Min), d.Format(d.Max), strconv.FormatUint(d.Block, 10)
	}
	switch {
	case v.NoCmdOpt:
	case d.Flags&mysqlabi.VarNoCmdArg != 0:
		m.CommandLine = "NONE"
	case d.Flags&mysqlabi.VarOpCmdArg != 0:
		m.CommandLine = "OPTIONAL"
	default:
		m.CommandLine = "REQUIRED"
	}
	return m
}
