package sysvar

import (
	"math"
	"strings"

	"github.com/myplugload/myplugload/mysqlabi"
)

// Error is an error a SET raises, with the server's code and message.
type Error struct{ mysqlabi.Condition }

func (e *Error) Error() string { return e.Message }

func (v *Var) fail(e mysqlabi.ServerError, args ...any) *Error {
	return &Error{mysqlabi.Cond(v.profile.Flavor, mysqlabi.LevelError, e, args...)}
}

// Prepare applies the rules that come before any value check: read-only
// (1238), scope (1229), DEFAULT refused by NODEFAULT (1231), and MariaDB's
// deprecation warning (1287).
func (v *Var) Prepare(scope Scope, val Value) ([]mysqlabi.Condition, error) {
	if v.ReadOnly {
		return nil, v.fail(mysqlabi.ErIncorrectGlobalLocalVar, v.Name, "read only")
	}
	if !v.Session() && scope != ScopeGlobal {
		return nil, v.fail(mysqlabi.ErGlobalVariable, v.Name)
	}
	if val.Kind == KindDefault && v.NoDefault {
		return nil, v.fail(mysqlabi.ErWrongValueForVar, v.Name, "DEFAULT")
	}
	if v.Deprecated {
		return []mysqlabi.Condition{mysqlabi.Cond(v.profile.Flavor, mysqlabi.LevelWarning,
			mysqlabi.ErWarnDeprecatedSyntaxNoReplacement, "@@"+v.Name)}, nil
	}
	return nil, nil
}

// TypeGate applies the server's type check that comes before any check
// function, the plugin's own included (check_update_type): integer
// variables take only integers; strings only strings (or NULL); booleans,
// enums and sets strings or integers (or NULL); doubles numbers. A value of
// the wrong type is error 1232.
func (v *Var) TypeGate(val Value) error {
	ok := true
	switch v.Desc.Type {
	case mysqlabi.VarInt, mysqlabi.VarLong, mysqlabi.VarLongLong:
		ok = val.Kind == KindInt
	case mysqlabi.VarStr:
		ok = val.Kind == KindString || val.Kind == KindNull
	case mysqlabi.VarBool, mysqlabi.VarEnum, mysqlabi.VarSet:
		ok = val.Kind == KindString || val.Kind == KindInt || val.Kind == KindNull
	case mysqlabi.VarDouble:
		ok = val.Kind == KindInt || val.Kind == KindDecimal || val.Kind == KindReal
	}
	if !ok {
		return v.fail(mysqlabi.ErWrongTypeForVar, v.Name)
	}
	return nil
}

// CheckFailed is the error of a check function that refused a value:
// 1231, quoting the value as the user wrote it.
func (v *Var) CheckFailed(val Value) error {
	return v.fail(mysqlabi.ErWrongValueForVar, v.Name, val.Written())
}

// Check is the server's default check of a value for this variable (the
// check_func_* of its type): the type gate, the conversion, and the
// clamping to min, max and block size. An adjusted value is a warning 1292
// (the value is stored) or, when strict (sql_mode has STRICT_ALL_TABLES),
// an error 1231. It is not used for variables with their own check
// function, and not for DEFAULT.
func (v *Var) Check(val Value, strict bool) (Stored, []mysqlabi.Condition, error) {
	d := v.Desc
	if err := v.TypeGate(val); err != nil {
		return Stored{}, nil, err
	}
	wrongType := func() (Stored, []mysqlabi.Condition, error) {
		return Stored{}, nil, v.fail(mysqlabi.ErWrongTypeForVar, v.Name)
	}
	wrongValue := func() (Stored, []mysqlabi.Condition, error) {
		return Stored{}, nil, v.fail(mysqlabi.ErWrongValueForVar, v.Name, val.Text())
	}
	adjusted := func(s Stored, fixed bool) (Stored, []mysqlabi.Condition, error) {
		if !fixed {
			return s, nil, nil
		}
		if strict {
			return wrongValue()
		}
		return s, []mysqlabi.Condition{mysqlabi.Cond(v.profile.Flavor, mysqlabi.LevelWarning,
			mysqlabi.ErTruncatedWrongValue, truncName(v.Name), val.Text())}, nil
	}
	switch d.Type {
	case mysqlabi.VarInt, mysqlabi.VarLong, mysqlabi.VarLongLong:
		if val.Kind != KindInt {
			return wrongType()
		}
		if d.Unsigned() {
			var num uint64
			fixed := false
			if !val.Unsigned && val.Int < 0 {
				num, fixed = 0, true
			} else {
				num = uint64(val.Int)
			}
			n, adj, _ := v.limitUnsigned(num)
			return adjusted(Stored{Bits: n}, fixed || adj)
		}
		num, fixed := val.Int, false
		if val.Unsigned {
			num, fixed = math.MaxInt64, true
		}
		n, adj, _ := v.limitSigned(num)
		return adjusted(Stored{Bits: uint64(n)}, fixed || adj)

	case mysqlabi.VarDouble:
		var f float64
		switch val.Kind {
		case KindInt:
			f = float64(val.Int)
			if val.Unsigned {
				f = float64(uint64(val.Int))
			}
		case KindDecimal, KindReal:
			f = val.Float
		default:
			return wrongType()
		}
		n, adj := v.limitDouble(f)
		return adjusted(Stored{Bits: math.Float64bits(n)}, adj)

	case mysqlabi.VarBool:
		switch val.Kind {
		case KindString:
			i, ok := matchName([]string{"OFF", "ON"}, val.Str, true)
			if !ok {
				return wrongValue()
			}
			return Stored{Bits: uint64(i)}, nil, nil
		case KindInt:
			if val.Unsigned || val.Int < 0 || val.Int > 1 {
				return wrongValue()
			}
			return Stored{Bits: uint64(val.Int)}, nil, nil
		case KindNull:
			return wrongValue()
		}
		return wrongType()

	case mysqlabi.VarEnum:
		switch val.Kind {
		case KindString:
			i, ok := matchName(d.Typelib, val.Str, false)
			if !ok {
				return wrongValue()
			}
			return Stored{Bits: uint64(i)}, nil, nil
		case KindInt:
			if val.Unsigned || val.Int < 0 || val.Int >= int64(len(d.Typelib)) {
				return wrongValue()
			}
			return Stored{Bits: uint64(val.Int)}, nil, nil
		case KindNull:
			return wrongValue()
		}
		return wrongType()

	case mysqlabi.VarSet:
		switch val.Kind {
		case KindString:
			mask, ok := parseSet(d.Typelib, val.Str)
			if !ok {
				return wrongValue()
			}
			return Stored{Bits: mask}, nil, nil
		case KindInt:
			n := uint64(val.Int)
			if (!val.Unsigned && val.Int < 0) || (len(d.Typelib) < 64 && n >= 1<<uint(len(d.Typelib))) {
				return wrongValue()
			}
			return Stored{Bits: n}, nil, nil
		case KindNull:
			return wrongValue()
		}
		return wrongType()

	case mysqlabi.VarStr:
		switch val.Kind {
		case KindString:
			return Stored{Str: val.Str}, nil, nil
		case KindNull:
			return Stored{Null: true}, nil, nil
		}
		return wrongType()
	}
	return Stored{}, nil, v.fail(mysqlabi.ErWrongValueForVar, v.Name, val.Text())
}

// limitSigned is getopt_ll_limit_value: clamp to max (max 0 means none),
// to the C type, round down to the block size, raise to min. It returns
// the value, whether it changed at all, and whether a limit (not the
// block size) changed it: SET reports any change, the option parser only
// the latter.
func (v *Var) limitSigned(num int64) (int64, bool, bool) {
	d := v.Desc
	old, clamped := num, false
	maxV, minV := int64(d.Max), int64(d.Min)
	blk := d.Block
	if blk == 0 {
		blk = 1
	}
	if num > 0 && uint64(num) > uint64(maxV) && maxV != 0 {
		num, clamped = maxV, true
	}
	if d.Type == mysqlabi.VarInt && (num < math.MinInt32 || num > math.MaxInt32) {
		num, clamped = min(max(num, math.MinInt32), math.MaxInt32), true
	}
	if v.profile.SignedBlockUnsigned {
		num = int64(uint64(num) / blk * blk) // mariadbd: unsigned division of the bit pattern
	} else {
		num = num / int64(blk) * int64(blk)
	}
	if num < minV {
		num, clamped = minV, true
	}
	return num, num != old, clamped
}

// limitUnsigned is getopt_ull_limit_value, with limitSigned's results.
func (v *Var) limitUnsigned(num uint64) (uint64, bool, bool) {
	d := v.Desc
	old, clamped := num, false
	if num > d.Max && d.Max != 0 {
		num, clamped = d.Max, true
	}
	if d.Type == mysqlabi.VarInt && num > math.MaxUint32 {
		num, clamped = math.MaxUint32, true
	}
	if d.Block > 1 {
		num = num / d.Block * d.Block
	}
	if num < d.Min {
		num, clamped = d.Min, true
	}
	return num, num != old, clamped
}

// limitDouble is getopt_double_limit_value (max 0 means no upper limit).
func (v *Var) limitDouble(f float64) (float64, bool) {
	old := f
	lo, hi := mysqlabi.Float64(v.Desc.Min), mysqlabi.Float64(v.Desc.Max)
	if hi != 0 && f > hi {
		f = hi
	}
	if f < lo {
		f = lo
	}
	return f, f != old
}

// matchName finds s among names, case-insensitively. With prefix, a
// unique prefix also matches (find_type for booleans).
func matchName(names []string, s string, prefix bool) (int, bool) {
	found := -1
	for i, n := range names {
		if strings.EqualFold(n, s) {
			return i, true
		}
		if prefix && s != "" && len(s) < len(n) && strings.EqualFold(n[:len(s)], s) {
			if found >= 0 {
				return 0, false // ambiguous
			}
			found = i
		}
	}
	return found, found >= 0
}

// parseSet reads a comma-separated set value: members case-insensitive,
// empty elements ignored, trailing spaces of the whole value ignored, any
// unknown member refusing the value.
func parseSet(names []string, s string) (uint64, bool) {
	var mask uint64
	for _, m := range strings.Split(strings.TrimRight(s, " "), ",") {
		if m == "" {
			continue
		}
		i, ok := matchName(names, m, false)
		if !ok || i >= 64 {
			return 0, false
		}
		mask |= 1 << uint(i)
	}
	return mask, true
}

// truncName cuts a variable name to 32 characters, "..." included, as
// the servers do in warning 1292.
func truncName(name string) string {
	if len(name) <= 32 {
		return name
	}
	return name[:29] + "..."
}
