package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
)

// shellSeeds returns the shell's test scripts (testdata/shell/*.sql),
// whole, and every statement in them.
func shellSeeds(f *testing.F) (scripts, statements []string) {
	paths, err := filepath.Glob(filepath.Join("testdata", "shell", "*.sql"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no shell scripts in testdata/shell (%v)", err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		scripts = append(scripts, string(b))
		var sp splitter
		statements = append(statements, sp.feed(string(b))...)
		if q := sp.flush(); q != "" {
			statements = append(statements, q)
		}
	}
	statements = append(statements, "SELECT 'it''s', \"a\\\"b\", `c``d`", "SET @@global.x = -1.5e-3, y = x'01'",
		"CONNECT 'u'@'h' IDENTIFIED WITH p BY 'pw' DATABASE d", "SELECT f(1, (2, 3), 'a,b')", "'unterminated", "@@")
	return scripts, statements
}

// splitAll feeds text to a splitter in the given chunks and returns the
// statements, the unterminated last one included.
func splitAll(chunks []string) []string {
	var sp splitter
	var out []string
	for _, c := range chunks {
		out = append(out, sp.feed(c)...)
	}
	if q := sp.flush(); q != "" {
		out = append(out, q)
	}
	return out
}

// squeeze drops ASCII blanks and semicolons, byte by byte: what the
// splitter may remove from ASCII text that has no comments.
func squeeze(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; !strings.ContainsRune(" \t\n\r\v\f;", rune(c)) {
			b = append(b, c)
		}
	}
	return string(b)
}

// isASCII reports whether s has only 7-bit bytes (TrimSpace also trims
// Unicode blanks, which squeeze keeps).
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isSubsequence reports whether every byte of sub appears in s in order.
func isSubsequence(sub, s string) bool {
	i := 0
	for j := 0; i < len(sub) && j < len(s); j++ {
		if sub[i] == s[j] {
			i++
		}
	}
	return i == len(sub)
}

// FuzzShellSplit cuts arbitrary text into statements. Invariants: no
// panic; feeding it line by line (as the batch reader does) gives the same
// statements as feeding it at once; every statement is non-empty and
// trimmed; the statements keep the text's non-blank bytes in order, all of
// them when the text is ASCII without comment characters.
func FuzzShellSplit(f *testing.F) {
	scripts, statements := shellSeeds(f)
	for _, s := range append(scripts, statements...) {
		f.Add(s)
	}
	for _, s := range []string{"a; -- c ; d\nb;", "a /* ; */ b; c # ;\n d", "'a;b' ; \"c\\\";d\"; `e;f`", "/*/ ; x", "--\n;--", "a -- "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		whole := splitAll([]string{text})
		lines := splitAll(strings.SplitAfter(text, "\n"))
		if strings.Join(whole, "\x00;") != strings.Join(lines, "\x00;") {
			t.Fatalf("%q: at once %q, line by line %q", text, whole, lines)
		}
		for _, st := range whole {
			if st == "" || st != strings.TrimSpace(st) {
				t.Fatalf("%q: statement %q is empty or untrimmed", text, st)
			}
		}
		joined, src := squeeze(strings.Join(whole, "")), squeeze(text)
		if !isSubsequence(joined, src) {
			t.Fatalf("%q: statements %q are not drawn from the text", text, whole)
		}
		if !strings.ContainsAny(text, "#-/") && isASCII(text) && joined != src {
			t.Fatalf("%q: without comments, statements %q lost text", text, whole)
		}
	})
}

// FuzzShellParse lexes and parses arbitrary statements. Invariants: no
// panic; the tokens cover the statement in order with only blanks between
// them; an error only for text with a quote; the parser's helpers end and
// their syntax errors are ER_PARSE_ERROR; classify names a command for
// every profile.
func FuzzShellParse(f *testing.F) {
	_, statements := shellSeeds(f)
	for _, s := range statements {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		for _, p := range mysqlabi.Profiles {
			if c := classify(p, q); c.Name == "" && strings.TrimSpace(q) != "" {
				if toks, err := lex(q); err == nil && len(toks) > 0 && toks[0].kind == tokWord {
					t.Fatalf("%s: %q classified without a name: %+v", p.Name, q, c)
				}
			}
		}
		toks, err := lex(q)
		if err != nil {
			if !strings.ContainsAny(q, "'\"`") {
				t.Fatalf("%q: lex error without a quote: %v", q, err)
			}
			return
		}
		prev := 0
		for _, tk := range toks {
			if tk.pos < prev || tk.end <= tk.pos || tk.end > len(q) || q[tk.pos:tk.end] != tk.raw {
				t.Fatalf("%q: token %+v out of place (previous end %d)", q, tk, prev)
			}
			if strings.Trim(q[prev:tk.pos], " \t\n\r") != "" {
				t.Fatalf("%q: %q between tokens was dropped", q, q[prev:tk.pos])
			}
			switch tk.kind {
			case tokString, tokQuoted:
				if tk.raw[0] != tk.raw[len(tk.raw)-1] || len(tk.raw) < 2 || len(tk.val) > len(tk.raw) {
					t.Fatalf("%q: quoted token %+v", q, tk)
				}
			default:
				if tk.val != tk.raw {
					t.Fatalf("%q: token %+v changed its text", q, tk)
				}
			}
			prev = tk.end
		}
		if strings.Trim(q[prev:], " \t\n\r") != "" {
			t.Fatalf("%q: trailing %q was dropped", q, q[prev:])
		}
		p, err := newParser(q)
		if err != nil {
			t.Fatalf("%q: lexed, then the parser failed: %v", q, err)
		}
		if _, _, err := p.account(); err != nil {
			checkParseError(t, q, err)
		}
		for n := 0; !p.done(); n++ {
			if n > len(toks) {
				t.Fatalf("%q: rawUntilComma does not advance", q)
			}
			if raw := p.rawUntilComma(); !strings.Contains(q, raw) {
				t.Fatalf("%q: rawUntilComma returned %q", q, raw)
			}
			p.accept(",")
		}
		checkParseError(t, q, p.syntaxError())
	})
}

func checkParseError(t *testing.T, q string, err error) {
	t.Helper()
	var e *loader.Error
	if !errors.As(err, &e) || e.Code != 1064 || e.SQLState != "42000" {
		t.Fatalf("%q: %v is not ER_PARSE_ERROR", q, err)
	}
}

// FuzzShellExec runs arbitrary statements in a shell on a host whose
// plugin_dir is empty, so nothing is loaded: it reaches every statement
// parser the shell has. Invariants: no panic; every failure is a server
// error with a code; the result prints in both formats.
func FuzzShellExec(f *testing.F) {
	_, statements := shellSeeds(f)
	for _, s := range statements {
		f.Add(s)
	}
	h, err := loader.NewHost(loader.WithProfile(mysqlabi.MySQL80), loader.WithPluginDir(f.TempDir()))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { h.Close() })
	sh := &shell{h: h, prof: mysqlabi.MySQL80, format: formatTable, log: zap.NewNop(), accounts: map[string]account{},
		clientDir: h.PluginDir()}
	f.Cleanup(sh.close)
	f.Fuzz(func(t *testing.T, q string) {
		if sh.sess == nil {
			if sh.sess, err = sh.newSession("root", "localhost", "", nil); err != nil {
				t.Fatalf("connect: %v", err)
			}
		}
		r := sh.exec(q)
		var e *loader.Error
		if r.err != nil && (!errors.As(r.err, &e) || e.Code == 0) {
			t.Fatalf("%q: error %v has no server code", q, r.err)
		}
		for _, format := range []string{formatTable, formatJSON} {
			sh.format = format
			sh.printResult(io.Discard, io.Discard, q, " at line 1", r)
		}
	})
}
