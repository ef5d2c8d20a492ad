package sysvar

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/mysqlabi"
)

// TestOptionsMariaDB replays the startup cases of the reference (§6.4):
// the value stored, or the failure, and the logged warning.
func TestOptionsMariaDB(t *testing.T) {
	vars := probe(mysqlabi.MariaDB1011)
	for _, tc := range []struct {
		arg  string
		var_ string
		want string // value as SHOW VARIABLES shows it, "" for a failure
		log  string // a line the server logs, "" none
	}{
		{"--probe-sysvars-int=-200", "int", "-100", "option 'probe-sysvars-int': signed value -200 adjusted to -100"},
		{"--probe-sysvars-int=99999999999", "int", "100", "option 'probe-sysvars-int': signed value 99999999999 adjusted to 100"},
		{"--probe-sysvars-int=1k", "int", "100", "option 'probe-sysvars-int': signed value 1024 adjusted to 100"},
		{"--probe-sysvars-int-blk=-25", "int_blk", "-26", ""},
		{"--probe-sysvars-int-blk=-24", "int_blk", "-26", ""},
		{"--probe-sysvars-uint-blk=47", "uint_blk", "32", ""},
		{"--probe-sysvars-uint-blk=1000", "uint_blk", "992", ""},
		{"--probe-sysvars-long=-1M", "long", "-1048576", ""},
		{"--probe-sysvars-longlong=-5K", "longlong", "-5120", ""},
		{"--probe-sysvars-ulonglong=1G", "ulonglong", "1073741824", ""},
		{"--probe-sysvars-long=-9223372036854775809", "long", "", "Integer value out of range for int64: '-9223372036854775809' for probe-sysvars-long"},
		{"--probe-sysvars-ulonglong=-1", "ulonglong", "", "Incorrect unsigned value: '-1' for probe-sysvars-ulonglong"},
		{"--probe-sysvars-ulonglong=18446744073709551616", "ulonglong", "", "Integer value out of range for uint64: '18446744073709551616' for probe-sysvars-ulonglong"},
		{"--probe-sysvars-ulong=abc", "ulong", "", "Unknown suffix 'a' used for variable 'probe-sysvars-ulong' (value 'abc'). Legal suffix characters are: K, M, G, T, P, E"},
		{"--probe-sysvars-double=20", "double", "10.500000", "option 'probe-sysvars-double': value 20 adjusted to 10.5"},
		{"--probe-sysvars-double=abc", "double", "", "Invalid decimal value for option 'probe-sysvars-double'"},
		{"--probe-sysvars-enum=GAMMA", "enum", "gamma", ""},
		{"--probe-sysvars-enum=gam", "enum", "gamma", ""},
		{"--probe-sysvars-enum=2", "enum", "gamma", ""},
		{"--probe-sysvars-set=d,a", "set", "a,d", ""},
		{"--probe-sysvars-set=15", "set", "a,b,c,d", ""},
		{"--probe-sysvars-set=ALL", "set", "a,b,c,d", ""},
		{"--probe-sysvars-set=a,zz", "set", "", "Error while setting value 'a,zz' to 'probe-sysvars-set'"},
		{"--probe-sysvars-str-static=xyz", "str_static", "xyz", ""},
		{"--probe-sysvars-ro-int=5", "ro_int", "5", ""},
		{"--probe-sysvars-bool", "bool", "ON", ""},
		{"--probe_sysvars_bool=true", "bool", "ON", ""},
		{"--skip-probe-sysvars-bool", "bool", "OFF", ""},
		{"--enable-probe-sysvars-bool", "bool", "ON", ""},
		{"--probe-sysvars-bool=yes", "bool", "OFF", "option 'probe-sysvars-bool': boolean value 'yes' wasn't recognized. Set to OFF."},
		{"--plugin-probe-sysvars-int=7", "int", "7", ""},
		{"--probe-sysvars-int", "int", "", "option '--probe-sysvars-int' requires an argument"},
	} {
		t.Run(tc.arg, func(t *testing.T) {
			args, rest := ParseCommandLine([]string{tc.arg})
			require.Empty(t, rest)
			require.Len(t, args, 1)
			v := vars[tc.var_]
			m, _ := Match(args[0], v.Option)
			require.NotEqual(t, NoMatch, m)
			s, logs, err := v.ApplyOption(args[0], m)
			var lines []string
			for _, l := range logs {
				lines = append(lines, l.Message)
			}
			if tc.log != "" {
				assert.Contains(t, lines, tc.log)
			} else {
				assert.Empty(t, lines)
			}
			if tc.want == "" {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			got, _ := v.Show(s)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestMatchAndParse(t *testing.T) {
	args, rest := ParseCommandLine([]string{"--loose-a-b=1", "--a_b", "value", "--maximum-a-b=5", "stray"})
	assert.Equal(t, []string{"value", "stray"}, rest)
	m, loose := Match(args[0], "a-b")
	assert.Equal(t, MatchSet, m)
	assert.True(t, loose)
	assert.Equal(t, "value", args[1].Next, "a REQUIRED_ARG option may take the next word")
	m, _ = Match(args[2], "a-b")
	assert.Equal(t, MatchIgnore, m)
	m, _ = Match(&Arg{Name: "a-bc"}, "a-b")
	assert.Equal(t, NoMatch, m, "names match with their exact length")

	cnf := "# comment\n[client]\nprobe-sysvars-int=1\n[mysqld]\nprobe-sysvars-int = 42 # trailing\nloose-probe-sysvars-str-mem = \"a # b\"\nprobe-sysvars-bool\n[server]\nskip-probe-sysvars-bool\n"
	got, err := ParseConfig(strings.NewReader(cnf), "my.cnf", []string{"mysqld", "server"})
	require.NoError(t, err)
	require.Len(t, got, 4, "the [client] line does not count")
	assert.Equal(t, Arg{Name: "probe-sysvars-int", Value: "42", HasValue: true, Origin: "my.cnf:5"}, *got[0])
	assert.Equal(t, "a # b", got[1].Value)
	assert.False(t, got[2].HasValue)
	assert.Equal(t, "skip-probe-sysvars-bool", got[3].Name)
}
