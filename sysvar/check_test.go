package sysvar

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/mysqlabi"
)

// probe builds the variables of the reference's probe_sysvars test plugin
// (mariadb-reference-behaviour.md §5.7), as a MariaDB server registers them.
func probe(p *mysqlabi.Profile) map[string]*Var {
	i := func(n int64) uint64 { return uint64(n) }
	f := math.Float64bits
	decls := []mysqlabi.SysVar{
		{Name: "int", Flags: uint32(mysqlabi.VarInt), Min: i(-100), Max: 100},
		{Name: "int_blk", Flags: uint32(mysqlabi.VarInt), Default: 20, Min: i(-1000), Max: 1000, Block: 10},
		{Name: "uint_blk", Flags: uint32(mysqlabi.VarInt) | mysqlabi.VarUnsigned, Default: 32, Max: 1000, Block: 16},
		{Name: "long", Flags: uint32(mysqlabi.VarLong), Min: i(math.MinInt64), Max: math.MaxInt64},
		{Name: "ulong", Flags: uint32(mysqlabi.VarLong) | mysqlabi.VarUnsigned, Default: 5, Max: math.MaxUint64},
		{Name: "longlong", Flags: uint32(mysqlabi.VarLongLong), Default: i(-5), Min: i(math.MinInt64), Max: math.MaxInt64},
		{Name: "ulonglong", Flags: uint32(mysqlabi.VarLongLong) | mysqlabi.VarUnsigned, Default: 7, Max: math.MaxUint64},
		{Name: "double", Flags: uint32(mysqlabi.VarDouble), Default: f(1.25), Min: f(-10.5), Max: f(10.5)},
		{Name: "bool", Flags: uint32(mysqlabi.VarBool) | mysqlabi.VarOpCmdArg},
		{Name: "enum", Flags: uint32(mysqlabi.VarEnum), Default: 1, Typelib: []string{"alpha", "beta", "gamma"}},
		{Name: "set", Flags: uint32(mysqlabi.VarSet), Default: 5, Typelib: []string{"a", "b", "c", "d"}},
		{Name: "str_mem", Flags: uint32(mysqlabi.VarStr) | mysqlabi.VarMemAlloc, DefaultString: "hello"},
		{Name: "str_static", Flags: uint32(mysqlabi.VarStr) | mysqlabi.VarReadOnly, DefaultString: "static-default"},
		{Name: "ro_int", Flags: uint32(mysqlabi.VarInt) | mysqlabi.VarReadOnly, Default: 3, Max: 10},
		{Name: "deprecated", Flags: uint32(mysqlabi.VarInt) | 0x4000, Max: 100},
		{Name: "t_ulong", Flags: uint32(mysqlabi.VarLong) | mysqlabi.VarUnsigned | mysqlabi.VarThdLocal, Default: 8, Max: 1000, Block: 4},
	}
	out := map[string]*Var{}
	for _, d := range decls {
		out[d.Name] = NewVar(p, "probe_sysvars", d)
	}
	return out
}

// TestSetCasesMariaDB replays SET cases that a real MariaDB 10.11 answered
// (reference §5.2, §5.7): value, warnings, or error, in the default
// sql_mode and under STRICT_ALL_TABLES.
func TestSetCasesMariaDB(t *testing.T) {
	vars := probe(mysqlabi.MariaDB1011)
	type want struct {
		value string // as SHOW VARIABLES shows it; "" when an error is expected
		cond  string // "1292", "1916" (warning), or "E1231", "E1232" (error); "" none
	}
	for _, tc := range []struct {
		v, val      string
		def, strict want
	}{
		{"int", "5", want{"5", ""}, want{"5", ""}},
		{"int", "101", want{"100", "1292"}, want{"", "E1231"}},
		{"int", "-101", want{"-100", "1292"}, want{"", "E1231"}},
		{"int", "2147483648", want{"100", "1292"}, want{"", "E1231"}},
		{"int", "18446744073709551615", want{"100", "1292"}, want{"", "E1231"}},
		{"int", "-9223372036854775808", want{"-100", "1292"}, want{"", "E1231"}},
		{"int", "'5'", want{"", "E1232"}, want{"", "E1232"}},
		{"int", "5.5", want{"", "E1232"}, want{"", "E1232"}},
		{"int_blk", "25", want{"20", "1292"}, want{"", "E1231"}},
		{"int_blk", "-25", want{"-26", "1292"}, want{"", "E1231"}},
		{"int_blk", "-24", want{"-26", "1292"}, want{"", "E1231"}},
		{"int_blk", "-26", want{"-26", ""}, want{"-26", ""}},
		{"int_blk", "995", want{"990", "1292"}, want{"", "E1231"}},
		{"int_blk", "-995", want{"-996", "1292"}, want{"", "E1231"}},
		{"int_blk", "1001", want{"1000", "1292"}, want{"", "E1231"}},
		{"int_blk", "0", want{"0", ""}, want{"0", ""}},
		{"uint_blk", "33", want{"32", "1292"}, want{"", "E1231"}},
		{"uint_blk", "48", want{"48", ""}, want{"48", ""}},
		{"uint_blk", "15", want{"0", "1292"}, want{"", "E1231"}},
		{"uint_blk", "1000", want{"992", "1292"}, want{"", "E1231"}},
		{"uint_blk", "-1", want{"0", "1292"}, want{"", "E1231"}},
		{"long", "9223372036854775807", want{"9223372036854775807", ""}, want{"9223372036854775807", ""}},
		{"long", "9223372036854775808", want{"9223372036854775807", "1292"}, want{"", "E1231"}},
		{"long", "-9223372036854775809", want{"-9223372036854775808", "1916"}, want{"-9223372036854775808", "1916"}},
		{"ulong", "-1", want{"0", "1292"}, want{"", "E1231"}},
		{"ulong", "18446744073709551615", want{"18446744073709551615", ""}, want{"18446744073709551615", ""}},
		{"ulong", "18446744073709551616", want{"9223372036854775807", "1916"}, want{"9223372036854775807", "1916"}},
		{"longlong", "18446744073709551615", want{"9223372036854775807", "1292"}, want{"", "E1231"}},
		{"ulonglong", "9223372036854775808", want{"9223372036854775808", ""}, want{"9223372036854775808", ""}},
		{"double", "2.5", want{"2.500000", ""}, want{"2.500000", ""}},
		{"double", "10.6", want{"10.500000", "1292"}, want{"", "E1231"}},
		{"double", "-11", want{"-10.500000", "1292"}, want{"", "E1231"}},
		{"double", "1e1", want{"10.000000", ""}, want{"10.000000", ""}},
		{"double", "1e2", want{"10.500000", "1292"}, want{"", "E1231"}},
		{"double", "'2.5'", want{"", "E1232"}, want{"", "E1232"}},
		{"bool", "ON", want{"ON", ""}, want{"ON", ""}},
		{"bool", "1", want{"ON", ""}, want{"ON", ""}},
		{"bool", "2", want{"", "E1231"}, want{"", "E1231"}},
		{"bool", "'yes'", want{"", "E1231"}, want{"", "E1231"}},
		{"bool", "'true'", want{"", "E1231"}, want{"", "E1231"}},
		{"bool", "TRUE", want{"ON", ""}, want{"ON", ""}},
		{"bool", "'of'", want{"OFF", ""}, want{"OFF", ""}},
		{"bool", "'o'", want{"", "E1231"}, want{"", "E1231"}},
		{"bool", "'OFF '", want{"", "E1231"}, want{"", "E1231"}},
		{"bool", "NULL", want{"", "E1231"}, want{"", "E1231"}},
		{"bool", "1.0", want{"", "E1232"}, want{"", "E1232"}},
		{"enum", "'GAMMA'", want{"gamma", ""}, want{"gamma", ""}},
		{"enum", "gamma", want{"gamma", ""}, want{"gamma", ""}},
		{"enum", "'gam'", want{"", "E1231"}, want{"", "E1231"}},
		{"enum", "2", want{"gamma", ""}, want{"gamma", ""}},
		{"enum", "3", want{"", "E1231"}, want{"", "E1231"}},
		{"enum", "'1'", want{"", "E1231"}, want{"", "E1231"}},
		{"set", "'d,A,a'", want{"a,d", ""}, want{"a,d", ""}},
		{"set", "'a,'", want{"a", ""}, want{"a", ""}},
		{"set", "','", want{"", ""}, want{"", ""}},
		{"set", "'a '", want{"a", ""}, want{"a", ""}},
		{"set", "' a'", want{"", "E1231"}, want{"", "E1231"}},
		{"set", "'a, b'", want{"", "E1231"}, want{"", "E1231"}},
		{"set", "'a,zz'", want{"", "E1231"}, want{"", "E1231"}},
		{"set", "15", want{"a,b,c,d", ""}, want{"a,b,c,d", ""}},
		{"set", "16", want{"", "E1231"}, want{"", "E1231"}},
		{"set", "'3'", want{"", "E1231"}, want{"", "E1231"}},
		{"str_mem", "'world'", want{"world", ""}, want{"world", ""}},
		{"str_mem", "123", want{"", "E1232"}, want{"", "E1232"}},
		{"t_ulong", "10", want{"8", "1292"}, want{"", "E1231"}},
	} {
		for _, mode := range []struct {
			strict bool
			w      want
		}{{false, tc.def}, {true, tc.strict}} {
			name := tc.v + "=" + tc.val
			if mode.strict {
				name += "/strict"
			}
			t.Run(name, func(t *testing.T) {
				v := vars[tc.v]
				val, conds, err := ParseValue(tc.val, mysqlabi.MariaDB1011)
				require.NoError(t, err)
				s, more, err := v.Check(val, mode.strict)
				conds = append(conds, more...)
				if strings.HasPrefix(mode.w.cond, "E") {
					var e *Error
					require.ErrorAs(t, err, &e)
					assert.Equal(t, mode.w.cond[1:], itoa(e.Code))
					return
				}
				require.NoError(t, err)
				got, _ := v.Show(s)
				assert.Equal(t, mode.w.value, got)
				if mode.w.cond == "" {
					assert.Empty(t, conds)
				} else {
					require.Len(t, conds, 1)
					assert.Equal(t, mode.w.cond, itoa(conds[0].Code))
				}
			})
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestMessages checks the exact texts against the reference.
func TestMessages(t *testing.T) {
	vars := probe(mysqlabi.MariaDB1011)
	check := func(name, lit string, strict bool) (Stored, []mysqlabi.Condition, error) {
		val, c1, err := ParseValue(lit, mysqlabi.MariaDB1011)
		require.NoError(t, err)
		s, c2, err := vars[name].Check(val, strict)
		return s, append(c1, c2...), err
	}
	_, w, err := check("int", "101", false)
	require.NoError(t, err)
	assert.Equal(t, []mysqlabi.Condition{{Level: "Warning", Code: 1292, SQLState: "22007",
		Message: "Truncated incorrect probe_sysvars_int value: '101'"}}, w)
	_, _, err = check("int", "101", true)
	assert.EqualError(t, err, "Variable 'probe_sysvars_int' can't be set to the value of '101'")
	_, _, err = check("int", "'5'", false)
	assert.EqualError(t, err, "Incorrect argument type to variable 'probe_sysvars_int'")
	_, w, _ = check("long", "-9223372036854775809", false)
	assert.Equal(t, "Got overflow when converting '-9223372036854775809' to INT. Value truncated", w[0].Message)
	_, _, err = check("bool", "NULL", false)
	assert.EqualError(t, err, "Variable 'probe_sysvars_bool' can't be set to the value of 'NULL'")
	_, _, err = check("bool", "x'01'", false)
	assert.EqualError(t, err, "Variable 'probe_sysvars_bool' can't be set to the value of '\\x01'")
	_, w, _ = check("double", "1e2", false)
	assert.Equal(t, "Truncated incorrect probe_sysvars_double value: '100'", w[0].Message)

	long := NewVar(mysqlabi.MariaDB1011, "simple_password_check",
		mysqlabi.SysVar{Name: "minimal_length", Flags: uint32(mysqlabi.VarInt) | mysqlabi.VarUnsigned, Max: 1000, Block: 1})
	_, w, _ = long.Check(IntValue(2000), false)
	assert.Equal(t, "Truncated incorrect simple_password_check_minimal... value: '2000'", w[0].Message,
		"the name is cut to 32 characters in 1292")

	pre, err := vars["ro_int"].Prepare(ScopeGlobal, IntValue(1))
	assert.Nil(t, pre)
	assert.EqualError(t, err, "Variable 'probe_sysvars_ro_int' is a read only variable")
	_, err = vars["int"].Prepare(ScopeSession, IntValue(1))
	assert.EqualError(t, err, "Variable 'probe_sysvars_int' is a GLOBAL variable and should be set with SET GLOBAL")
	_, err = vars["int"].Prepare(ScopeImplicit, IntValue(1))
	assert.Error(t, err)
	_, err = vars["t_ulong"].Prepare(ScopeImplicit, IntValue(1))
	assert.NoError(t, err)
	pre, err = vars["deprecated"].Prepare(ScopeGlobal, IntValue(1))
	require.NoError(t, err)
	assert.Equal(t, "'@@probe_sysvars_deprecated' is deprecated and will be removed in a future release", pre[0].Message)
}

// TestProfileDifferences: the same inputs under MySQL's rules.
func TestProfileDifferences(t *testing.T) {
	my := probe(mysqlabi.MySQL80)
	s, w, err := my["int_blk"].Check(IntValue(-25), false)
	require.NoError(t, err)
	got, _ := my["int_blk"].Show(s)
	assert.Equal(t, "-20", got, "mysqld truncates toward zero")
	require.Len(t, w, 1)

	val, conds, err := ParseValue("18446744073709551616", mysqlabi.MySQL80)
	require.NoError(t, err)
	assert.Empty(t, conds)
	assert.Equal(t, KindDecimal, val.Kind, "mysqld parses a literal beyond 64 bits as a DECIMAL")
	_, _, err = my["ulong"].Check(val, false)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 1232, e.Code)

	assert.False(t, my["deprecated"].Deprecated, "0x4000 is NODEFAULT in MySQL")
	assert.True(t, my["deprecated"].NoDefault)
	_, err = my["deprecated"].Prepare(ScopeGlobal, Default)
	assert.EqualError(t, err, "Variable 'probe_sysvars_deprecated' can't be set to the value of 'DEFAULT'")
}

func TestForcedReadOnly(t *testing.T) {
	v := NewVar(mysqlabi.MySQL80, "p", mysqlabi.SysVar{Name: "s", Flags: uint32(mysqlabi.VarStr)})
	assert.True(t, v.ReadOnly)
	assert.True(t, v.ForcedReadOnly)
	v = NewVar(mysqlabi.MySQL80, "p", mysqlabi.SysVar{Name: "s", Flags: uint32(mysqlabi.VarStr), Update: 0x10})
	assert.False(t, v.ReadOnly)
}

func TestDefaultValues(t *testing.T) {
	vars := probe(mysqlabi.MariaDB1011)
	for name, want := range map[string]string{"int_blk": "20", "longlong": "-5", "double": "1.250000",
		"enum": "beta", "set": "a,c", "str_mem": "hello", "bool": "OFF", "t_ulong": "8"} {
		got, ok := vars[name].Show(vars[name].DefaultValue())
		assert.True(t, ok)
		assert.Equal(t, want, got, name)
	}
}
