package sysvar

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/myplugload/myplugload/mysqlabi"
)

// Arg is one server option: "--name[=value]" on a command line, or a
// "name[=value]" line of a config file.
type Arg struct {
	Name     string // as written, without "--" (prefixes such as loose- included)
	Value    string
	HasValue bool
	// Next is the command-line word after "--name" when it has no "=": a
	// REQUIRED_ARG option takes it as its value (not in config files).
	Next    string
	HasNext bool
	Origin  string // "command line", or "file:line"
	Used    bool   // set when an option or plugin consumed it
}

// ParseCommandLine splits server arguments into options. Words that are not
// options are returned apart (they are values a REQUIRED_ARG option may
// take, or errors for the caller to report).
func ParseCommandLine(args []string) ([]*Arg, []string) {
	var out []*Arg
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "--") || a == "--" {
			rest = append(rest, a)
			continue
		}
		arg := &Arg{Origin: "command line"}
		name, value, has := strings.Cut(a[2:], "=")
		arg.Name, arg.Value, arg.HasValue = name, value, has
		if !has && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			arg.Next, arg.HasNext = args[i+1], true
		}
		out = append(out, arg)
	}
	return out, rest
}

// ParseConfig reads a my.cnf-style file: "[group]" headers, "name",
// "name=value" and "name = value" lines, '#' and ';' comments, values in
// quotes. Only the lines of the given groups count (for a server:
// mysqld and server, and mariadb for MariaDB).
func ParseConfig(r io.Reader, file string, groups []string) ([]*Arg, error) {
	want := map[string]bool{}
	for _, g := range groups {
		want[strings.ToLower(g)] = true
	}
	var out []*Arg
	in := false
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				return nil, fmt.Errorf("%s:%d: bad group header %q", file, n, line)
			}
			in = want[strings.ToLower(strings.TrimSpace(line[1:end]))]
			continue
		}
		if strings.HasPrefix(line, "!") { // !include directives are not followed
			continue
		}
		if !in {
			continue
		}
		name, value, has := strings.Cut(line, "=")
		name = strings.TrimSpace(name)
		value = strings.TrimSpace(value)
		if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
			value = value[1 : len(value)-1]
		} else if i := strings.IndexAny(value, "#"); i >= 0 {
			value = strings.TrimSpace(value[:i])
		}
		out = append(out, &Arg{Name: name, Value: value, HasValue: has, Origin: fmt.Sprintf("%s:%d", file, n)})
	}
	return out, sc.Err()
}

// OptionMatch is how an argument names an option.
type OptionMatch int

// Matches.
const (
	NoMatch     OptionMatch = iota
	MatchSet                // --name[=value]
	MatchOff                // --skip-name, --disable-name
	MatchOn                 // --enable-name
	MatchIgnore             // --maximum-name: accepted, no effect
)

// Match tells whether arg sets the option called option (dashes and
// underscores alike, exact length): "--name", "--plugin-name" (the
// deprecated alias), with the skip-, disable-, enable-, maximum- and
// loose- prefixes. loose reports the loose- prefix.
func Match(arg *Arg, option string) (m OptionMatch, loose bool) {
	name := strings.ReplaceAll(arg.Name, "_", "-")
	option = strings.ReplaceAll(option, "_", "-")
	if strings.HasPrefix(name, "loose-") {
		name, loose = name[len("loose-"):], true
	}
	for _, p := range []struct {
		prefix string
		m      OptionMatch
	}{{"", MatchSet}, {"skip-", MatchOff}, {"disable-", MatchOff}, {"enable-", MatchOn}, {"maximum-", MatchIgnore}} {
		rest, ok := strings.CutPrefix(name, p.prefix)
		if !ok {
			continue
		}
		if rest == option || rest == "plugin-"+option {
			return p.m, loose
		}
	}
	return NoMatch, false
}

// ApplyOption parses an option value for the variable as the server's
// option parser does and returns the value to store and the lines it logs.
// An error fails the plugin's options (the plugin is disabled), unless the
// argument was loose.
func (v *Var) ApplyOption(arg *Arg, m OptionMatch) (Stored, []mysqlabi.Condition, error) {
	d := v.Desc
	opt := v.Option
	logf := func(level mysqlabi.Level, format string, args ...any) mysqlabi.Condition {
		return mysqlabi.Condition{Level: level, Message: fmt.Sprintf(format, args...)}
	}
	fail := func(detail string) (Stored, []mysqlabi.Condition, error) {
		var logs []mysqlabi.Condition
		if detail != "" {
			logs = append(logs, logf(mysqlabi.LevelError, "%s", detail))
		}
		logs = append(logs, logf(mysqlabi.LevelError, "Error while setting value '%s' to '%s'", arg.Value, opt))
		return Stored{}, logs, fmt.Errorf("option '%s': bad value '%s'", opt, arg.Value)
	}
	value, has := arg.Value, arg.HasValue
	switch m {
	case MatchOff:
		value, has = "0", true
	case MatchOn:
		value, has = "1", true
	}
	argKind := d.Flags & (mysqlabi.VarNoCmdArg | mysqlabi.VarOpCmdArg)
	if !has && m == MatchSet {
		switch {
		case d.Type == mysqlabi.VarBool || argKind == mysqlabi.VarNoCmdArg:
			value, has = "1", true
		case argKind == mysqlabi.VarOpCmdArg:
			value, has = "1", true
		case arg.HasNext:
			value, has = arg.Next, true
		default:
			return Stored{}, []mysqlabi.Condition{logf(mysqlabi.LevelError, "option '--%s' requires an argument", opt)},
				fmt.Errorf("option '--%s' requires an argument", opt)
		}
	}
	arg = &Arg{Name: arg.Name, Value: value, HasValue: has}

	switch d.Type {
	case mysqlabi.VarBool:
		switch strings.ToLower(value) {
		case "1", "on", "true":
			return Stored{Bits: 1}, nil, nil
		case "0", "off", "false":
			return Stored{Bits: 0}, nil, nil
		}
		return Stored{Bits: 0}, []mysqlabi.Condition{logf(mysqlabi.LevelWarning,
			"option '%s': boolean value '%s' wasn't recognized. Set to OFF.", opt, value)}, nil
	case mysqlabi.VarStr:
		return Stored{Str: value}, nil, nil
	case mysqlabi.VarEnum:
		if i, ok := matchName(d.Typelib, value, true); ok {
			return Stored{Bits: uint64(i)}, nil, nil
		}
		if n, err := strconv.ParseUint(value, 10, 64); err == nil && n < uint64(len(d.Typelib)) {
			return Stored{Bits: n}, nil, nil
		}
		return fail("")
	case mysqlabi.VarSet:
		if strings.EqualFold(value, "ALL") {
			return Stored{Bits: setAll(len(d.Typelib))}, nil, nil
		}
		if n, err := strconv.ParseUint(value, 10, 64); err == nil {
			if len(d.Typelib) >= 64 || n < 1<<uint(len(d.Typelib)) {
				return Stored{Bits: n}, nil, nil
			}
			return fail("")
		}
		if mask, ok := parseSet(d.Typelib, value); ok {
			return Stored{Bits: mask}, nil, nil
		}
		return fail("")
	case mysqlabi.VarDouble:
		f, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return fail(fmt.Sprintf("Invalid decimal value for option '%s'", opt))
		}
		n, adj := v.limitDouble(f)
		var logs []mysqlabi.Condition
		if adj {
			logs = append(logs, logf(mysqlabi.LevelWarning, "option '%s': value %s adjusted to %s", opt,
				strconv.FormatFloat(f, 'g', -1, 64), strconv.FormatFloat(n, 'g', -1, 64)))
		}
		return Stored{Bits: math.Float64bits(n)}, logs, nil
	}
	// Integers: a number with an optional K, M, G, T, P, E suffix.
	n, err := parseSuffixed(value)
	if err != nil {
		return fail(fmt.Sprintf("Unknown suffix '%c' used for variable '%s' (value '%s'). Legal suffix characters are: K, M, G, T, P, E",
			err.suffix, opt, value))
	}
	if d.Unsigned() {
		if n.Sign() < 0 {
			return fail(fmt.Sprintf("Incorrect unsigned value: '%s' for %s", value, opt))
		}
		if !n.IsUint64() {
			return fail(fmt.Sprintf("Integer value out of range for uint64: '%s' for %s", value, opt))
		}
		num := n.Uint64()
		got, _, adjusted := v.limitUnsigned(num) // block-size rounding at startup is silent
		var logs []mysqlabi.Condition
		if adjusted {
			logs = append(logs, logf(mysqlabi.LevelWarning, "option '%s': unsigned value %d adjusted to %d", opt, num, got))
		}
		return Stored{Bits: got}, logs, nil
	}
	if !n.IsInt64() {
		return fail(fmt.Sprintf("Integer value out of range for int64: '%s' for %s", value, opt))
	}
	num := n.Int64()
	got, _, adjusted := v.limitSigned(num)
	var logs []mysqlabi.Condition
	if adjusted {
		logs = append(logs, logf(mysqlabi.LevelWarning, "option '%s': signed value %d adjusted to %d", opt, num, got))
	}
	return Stored{Bits: uint64(got)}, logs, nil
}

func setAll(n int) uint64 {
	if n >= 64 {
		return math.MaxUint64
	}
	return 1<<uint(n) - 1
}

type suffixError struct{ suffix byte }

func (e *suffixError) Error() string { return fmt.Sprintf("unknown suffix %q", e.suffix) }

// parseSuffixed reads an integer option value: optional sign, digits, an
// optional K/M/G/T/P/E multiplier (powers of 1024), as my_getopt does.
func parseSuffixed(s string) (*big.Int, *suffixError) {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == start {
		c := byte('?')
		if i < len(s) {
			c = s[i]
		}
		return nil, &suffixError{c}
	}
	n, _ := new(big.Int).SetString(s[:i], 10)
	if i == len(s) {
		return n, nil
	}
	if i+1 != len(s) {
		return nil, &suffixError{s[i]}
	}
	shift := strings.IndexByte("KMGTPE", s[i]&^0x20) // upper-case
	if shift < 0 {
		return nil, &suffixError{s[i]}
	}
	return n.Lsh(n, uint(10*(shift+1))), nil
}
