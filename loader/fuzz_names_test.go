package loader_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
)

// FuzzParsePluginLoad splits arbitrary --plugin-load values. Invariants:
// no panic; an error is ErrBadName about an element of 511 bytes or more;
// no item holds a separator; and writing the items back as "name=lib" or
// "lib", joined by ';' or ':', parses to the same items.
func FuzzParsePluginLoad(f *testing.F) {
	for _, s := range []string{"", "a.so", "p=a.so;q#b.so", "a.so:b.so", ";;=;", "x=y=z.so", "#", "p=a.so;" + strings.Repeat("b", 511),
		"server_audit=server_audit.so;example_daemon.so", "audit_probe.so::good_multi.so"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		items, err := loader.ParsePluginLoad(list)
		if err != nil {
			if !errors.Is(err, loader.ErrBadName) {
				t.Fatalf("%q: error %v is not ErrBadName", list, err)
			}
			long := false
			for _, e := range strings.FieldsFunc(list, func(r rune) bool { return r == ';' || r == ':' }) {
				long = long || len(e) >= 511
			}
			if !long {
				t.Fatalf("%q: refused without a long element: %v", list, err)
			}
		}
		if len(items) > strings.Count(list, ";")+strings.Count(list, ":")+1 {
			t.Fatalf("%q: %d items from fewer elements", list, len(items))
		}
		elems := make([]string, len(items))
		for i, it := range items {
			if strings.ContainsAny(it.Plugin+it.Library, ";:") {
				t.Fatalf("%q: item %+v holds a separator", list, it)
			}
			if strings.ContainsAny(it.Plugin, "=#") || !it.Named && (it.Plugin != "" || strings.ContainsAny(it.Library, "=#")) {
				t.Fatalf("%q: item %+v was split at the wrong place", list, it)
			}
			if !it.Named && it.Library == "" {
				t.Fatalf("%q: an empty element was kept", list)
			}
			elems[i] = it.Library
			if it.Named {
				elems[i] = it.Plugin + "=" + it.Library
			}
		}
		if err != nil {
			return
		}
		for _, sep := range []string{";", ":"} {
			again, err := loader.ParsePluginLoad(strings.Join(elems, sep))
			if err != nil || len(again) != len(items) {
				t.Fatalf("%q: rewritten as %q: %d items, %v", list, strings.Join(elems, sep), len(again), err)
			}
			for i := range items {
				if again[i] != items[i] {
					t.Fatalf("%q: item %d is %+v, rewritten %+v", list, i, items[i], again[i])
				}
			}
		}
	})
}

// FuzzParseLoadOption reads arbitrary load option values. Invariants: no
// panic; a success is one of the four options and its name parses back to
// it; every option name, in any case, is accepted as itself.
func FuzzParseLoadOption(f *testing.F) {
	for _, s := range []string{"", "ON", "off", "FORCE", "force_plus_permanent", "F", "O", "of", "3", "4", "-1", "FORCE_PLUS"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := loader.ParseLoadOption(s)
		if err != nil {
			if s == "" {
				t.Fatalf("the empty option is refused: %v", err)
			}
			return
		}
		if o < loader.LoadOff || o > loader.LoadForcePlusPermanent {
			t.Fatalf("%q: option %d out of range", s, o)
		}
		if back, err := loader.ParseLoadOption(o.String()); err != nil || back != o {
			t.Fatalf("%q: %v does not parse back (%v, %v)", s, o, back, err)
		}
		for _, want := range []loader.LoadOption{loader.LoadOff, loader.LoadOn, loader.LoadForce, loader.LoadForcePlusPermanent} {
			if strings.EqualFold(s, want.String()) && o != want {
				t.Fatalf("%q parsed as %v", s, o)
			}
		}
	})
}

// FuzzLibraryFile applies the server's library name rules to arbitrary
// names. Invariants: no panic; an accepted name is the name given (with
// the profile's suffix), without '/' or NUL, valid UTF-8, at most 64
// characters; a refusal is ER_UDF_NO_PATHS.
func FuzzLibraryFile(f *testing.F) {
	for _, s := range []string{"example_daemon.so", "a/b.so", "../x.so", "x\x00.so", "\xff.so", strings.Repeat("é", 64), "server_audit", ""} {
		f.Add(s, "/usr/lib/mysql/plugin")
	}
	f.Fuzz(func(t *testing.T, soname, dir string) {
		for _, p := range []*mysqlabi.Profile{mysqlabi.MySQL80, mysqlabi.MariaDB1011} {
			name, err := loader.LibraryFile(p, dir, soname)
			if err != nil {
				var le *loader.Error
				if !errors.As(err, &le) || le.Code != mysqlabi.ErUDFNoPaths.Code {
					t.Fatalf("%s %q: error %v is not ER_UDF_NO_PATHS", p.Name, soname, err)
				}
				continue
			}
			if !strings.HasPrefix(name, soname) || len(name) > len(soname)+len(p.SonameSuffix) {
				t.Fatalf("%s %q: accepted as %q", p.Name, soname, name)
			}
			if strings.ContainsAny(name, "/\x00") || !utf8.ValidString(name) || utf8.RuneCountInString(name) > 64 ||
				len(dir)+1+len(name) >= 512 {
				t.Fatalf("%s %q: %q breaks a rule", p.Name, soname, name)
			}
		}
	})
}
