package sysvar

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/myplugload/myplugload/mysqlabi"
)

// Kind is the SQL result type of a value assigned with SET.
type Kind int

// Value kinds.
const (
	KindInt     Kind = iota // an integer: INT_RESULT
	KindDecimal             // an exact decimal literal (12.5): DECIMAL_RESULT
	KindReal                // a float literal (1e1): REAL_RESULT
	KindString              // a quoted string, or a bare word such as ON: STRING_RESULT
	KindNull                // NULL
	KindDefault             // the keyword DEFAULT
)

// Value is the right-hand side of a SET assignment, typed the way the
// server's expression would be.
type Value struct {
	Kind     Kind
	Int      int64   // KindInt
	Unsigned bool    // KindInt above 2^63-1: Int holds the bit pattern
	Float    float64 // KindDecimal, KindReal
	Str      string  // KindString; KindDecimal's digits
	// Orig is the literal as written when the value is a conversion of it
	// (an integer literal beyond 64 bits).
	Orig string
}

// Written renders the value as the user wrote it: a check function's
// refusal quotes that, where the server's own range errors quote the
// converted number.
func (v Value) Written() string {
	if v.Orig != "" {
		return v.Orig
	}
	return v.Text()
}

// IntValue, StringValue ... build values for callers that are not parsing SQL.
func IntValue(n int64) Value { return Value{Kind: KindInt, Int: n} }
func UintValue(n uint64) Value {
	return Value{Kind: KindInt, Int: int64(n), Unsigned: n > math.MaxInt64}
}
func StringValue(s string) Value { return Value{Kind: KindString, Str: s} }

// Default is the keyword DEFAULT.
var Default = Value{Kind: KindDefault}

// Null is NULL.
var Null = Value{Kind: KindNull}

// Text renders the value as the servers quote it in messages: integers in
// decimal, a decimal as written, a float in its shortest form, a string
// as is with control bytes escaped, NULL as NULL.
func (v Value) Text() string {
	switch v.Kind {
	case KindInt:
		if v.Unsigned {
			return strconv.FormatUint(uint64(v.Int), 10)
		}
		return strconv.FormatInt(v.Int, 10)
	case KindDecimal:
		return v.Str
	case KindReal:
		return strconv.FormatFloat(v.Float, 'g', -1, 64)
	case KindNull:
		return "NULL"
	case KindDefault:
		return "DEFAULT"
	}
	var b strings.Builder
	for i := 0; i < len(v.Str); i++ {
		c := v.Str[i]
		if c < 0x20 || c == 0x7f {
			fmt.Fprintf(&b, "\\x%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// ParseValue reads a SET right-hand side written as an SQL literal: an
// integer, a decimal (12.5), a float (1e2), a quoted string ('...' or
// "..."), a hex string (x'01'), NULL, TRUE/FALSE (integers), DEFAULT, or
// a bare word such as ON, which SET takes as a string. An integer literal
// beyond 64 bits is an overflow (warning 1916) in MariaDB and a decimal in
// MySQL. It returns the value and any warnings the literal itself raised.
func ParseValue(s string, p *mysqlabi.Profile) (Value, []mysqlabi.Condition, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Value{}, nil, fmt.Errorf("empty value")
	}
	switch strings.ToUpper(s) {
	case "DEFAULT":
		return Default, nil, nil
	case "NULL":
		return Null, nil, nil
	case "TRUE":
		return IntValue(1), nil, nil
	case "FALSE":
		return IntValue(0), nil, nil
	}
	switch c := s[0]; {
	case c == '\'' || c == '"':
		str, err := unquote(s)
		return StringValue(str), nil, err
	case (c == 'x' || c == 'X') && len(s) >= 3 && s[1] == '\'':
		str, err := unhex(s)
		return StringValue(str), nil, err
	case c == '-' || c == '+' || c == '.' || ('0' <= c && c <= '9'):
		return parseNumber(s, p)
	case isIdentStart(c):
		for i := 1; i < len(s); i++ {
			if !isIdentPart(s[i]) {
				return Value{}, nil, fmt.Errorf("value %q is not a literal", s)
			}
		}
		return StringValue(s), nil, nil // a bare word: SET takes it as a string
	}
	return Value{}, nil, fmt.Errorf("value %q is not a literal", s)
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || c >= 0x80
}

func isIdentPart(c byte) bool { return isIdentStart(c) || ('0' <= c && c <= '9') }

// parseNumber reads a signed numeric literal.
func parseNumber(s string, p *mysqlabi.Profile) (Value, []mysqlabi.Condition, error) {
	body := strings.TrimLeft(s, "+-")
	neg := strings.Count(s[:len(s)-len(body)], "-")%2 == 1
	if body == "" {
		return Value{}, nil, fmt.Errorf("value %q is not a number", s)
	}
	if strings.ContainsAny(body, "eE") {
		f, err := strconv.ParseFloat(body, 64)
		if err != nil {
			return Value{}, nil, fmt.Errorf("value %q is not a number", s)
		}
		if neg {
			f = -f
		}
		return Value{Kind: KindReal, Float: f}, nil, nil
	}
	if strings.Contains(body, ".") {
		f, err := strconv.ParseFloat(body, 64)
		if err != nil {
			return Value{}, nil, fmt.Errorf("value %q is not a number", s)
		}
		if neg {
			f, body = -f, "-"+body
		}
		return Value{Kind: KindDecimal, Float: f, Str: body}, nil, nil
	}
	n, ok := new(big.Int).SetString(body, 10)
	if !ok {
		return Value{}, nil, fmt.Errorf("value %q is not a number", s)
	}
	if neg {
		n.Neg(n)
	}
	switch {
	case n.IsInt64():
		return IntValue(n.Int64()), nil, nil
	case n.Sign() > 0 && n.IsUint64():
		return UintValue(n.Uint64()), nil, nil
	}
	text := n.String()
	if !p.HugeIntLiteralOverflow {
		f, _ := new(big.Float).SetInt(n).Float64()
		return Value{Kind: KindDecimal, Float: f, Str: text}, nil, nil
	}
	// mariadbd: the literal is converted to a signed INT, with warning 1916.
	v := IntValue(math.MaxInt64)
	if n.Sign() < 0 {
		v = IntValue(math.MinInt64)
	}
	v.Orig = text
	w := mysqlabi.Cond(p.Flavor, mysqlabi.LevelWarning, mysqlabi.ErDataOverflow, text, "INT")
	return v, []mysqlabi.Condition{w}, nil
}

// unquote reads a quoted SQL string: the quote doubled, or escaped with a
// backslash, and the usual backslash escapes.
func unquote(s string) (string, error) {
	q := s[0]
	if len(s) < 2 || s[len(s)-1] != q {
		return "", fmt.Errorf("unterminated string %s", s)
	}
	in := s[1 : len(s)-1]
	var b strings.Builder
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case c == q && i+1 < len(in) && in[i+1] == q:
			b.WriteByte(q)
			i++
		case c == q:
			return "", fmt.Errorf("unexpected quote in %s", s)
		case c == '\\' && i+1 < len(in):
			i++
			switch e := in[i]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			case 'Z':
				b.WriteByte(26)
			case 'b':
				b.WriteByte('\b')
			default:
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func unhex(s string) (string, error) {
	if s[len(s)-1] != '\'' {
		return "", fmt.Errorf("unterminated hex string %s", s)
	}
	h := s[2 : len(s)-1]
	if len(h)%2 != 0 {
		return "", fmt.Errorf("odd number of hex digits in %s", s)
	}
	out := make([]byte, len(h)/2)
	for i := range out {
		b, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			return "", fmt.Errorf("bad hex digits in %s", s)
		}
		out[i] = byte(b)
	}
	return string(out), nil
}
