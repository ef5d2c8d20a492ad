package sysvar

import (
	"testing"

	"github.com/myplugload/myplugload/mysqlabi"
)

// FuzzSetValue parses arbitrary text as a SET right-hand side and checks
// it against every probe variable: no panic, every failure a server error.
func FuzzSetValue(f *testing.F) {
	for _, s := range []string{"5", "-101", "18446744073709551616", "'a,b'", "x'01'", "1e2", "5.5", "NULL",
		"DEFAULT", "ON", "'of'", "''", "'it''s'", "--5", "0.", "'\\'"} {
		f.Add(s, false)
	}
	vars := probe(mysqlabi.MariaDB1011)
	my := probe(mysqlabi.MySQL80)
	f.Fuzz(func(t *testing.T, s string, strict bool) {
		for _, set := range []map[string]*Var{vars, my} {
			for _, v := range set {
				val, _, err := ParseValue(s, v.profile)
				if err != nil {
					continue
				}
				_ = val.Text()
				if _, _, err := v.Check(val, strict); err != nil {
					if _, ok := err.(*Error); !ok {
						t.Fatalf("%s = %q: untyped error %v", v.Name, s, err)
					}
				}
			}
		}
	})
}

// FuzzOption parses arbitrary option values for every probe variable.
func FuzzOption(f *testing.F) {
	for _, s := range []string{"5", "-5K", "1G", "abc", "ALL", "a,zz", "gam", "yes", "", "18446744073709551616"} {
		f.Add(s)
	}
	vars := probe(mysqlabi.MariaDB1011)
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range vars {
			a := &Arg{Name: v.Option, Value: s, HasValue: true}
			m, _ := Match(a, v.Option)
			if m != MatchSet {
				t.Fatalf("%s does not match its own option", v.Option)
			}
			_, _, _ = v.ApplyOption(a, m)
		}
	})
}
