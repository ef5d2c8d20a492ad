package loader

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/sysvar"
)

// ftHost starts a host over the example plugins with the libraries
// installed (INSTALL SONAME).
func ftHost(t testing.TB, p *mysqlabi.Profile, libs ...string) *Host {
	t.Helper()
	dir := filepath.Dir(testbuild.File(t, "cplugins/examples/example_ftparser.so"))
	h, err := NewHost(WithPluginDir(dir), WithProfile(p))
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	for _, lib := range libs {
		_, err := h.InstallLibrary(lib)
		require.NoError(t, err, lib)
	}
	return h
}

func ftSession(t testing.TB, h *Host) *Session {
	t.Helper()
	s, err := h.NewSession()
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s
}

func ftParser(t testing.TB, h *Host, name string) *FTParser {
	t.Helper()
	f, err := h.FullTextParser(name)
	require.NoError(t, err)
	t.Cleanup(f.Close)
	return f
}

func ftSet(t *testing.T, h *Host, name, lit string) {
	t.Helper()
	v, _, err := sysvar.ParseValue(lit, h.Profile())
	require.NoError(t, err)
	_, err = h.SetVariable(nil, sysvar.ScopeGlobal, name, v)
	require.NoError(t, err)
}

// ftTexts reduces words to "text@position".
func ftTexts(ws []Word) []string {
	var out []string
	for _, w := range ws {
		out = append(out, fmt.Sprintf("%s@%d", w.Text, w.Position))
	}
	return out
}

func ftStatus(t *testing.T, h *Host, name string) int {
	t.Helper()
	rows, err := h.ShowStatus(nil, name)
	require.NoError(t, err)
	require.Len(t, rows, 1, name)
	n, err := strconv.Atoi(rows[0].Value)
	require.NoError(t, err)
	return n
}

// TestFTParserWords: the example splits on its default separators
// " ,.;"; every word comes with its offset and a boolean info of type
// FT_TOKEN_WORD whose position (MySQL 5.7+ layout) is the same offset, in
// both ABI generations.
func TestFTParserWords(t *testing.T) {
	for _, tc := range []struct {
		profile *mysqlabi.Profile
		lib     string
	}{{mysqlabi.MySQL80, "example_ftparser.so"}, {mysqlabi.MySQL57, "example_ftparser_57.so"}} {
		t.Run(tc.profile.Name, func(t *testing.T) {
			h := ftHost(t, tc.profile, tc.lib)
			f := ftParser(t, h, "EXAMPLE_FTPARSER") // names are case-insensitive
			assert.Equal(t, "example_ftparser", f.Name())
			s := ftSession(t, h)
			for _, mode := range []FTMode{FTNatural, FTWithStopwords} {
				ws, err := f.Parse(s, "hello, world.foo;;bar  baz", mode)
				require.NoError(t, err)
				assert.Equal(t, []string{"hello@0", "world@7", "foo@13", "bar@18", "baz@23"}, ftTexts(ws))
				for _, w := range ws {
					assert.True(t, w.HasInfo)
					assert.Equal(t, FTTokenWord, w.Info.Type)
					assert.Equal(t, w.Position, w.Info.Position)
					assert.Zero(t, w.Info.YesNo)
				}
			}
			ws, err := f.Parse(s, "", FTNatural)
			require.NoError(t, err)
			assert.Empty(t, ws)
			// Operators are plain bytes outside boolean mode.
			ws, err = f.Parse(s, "+apple -pie*", FTNatural)
			require.NoError(t, err)
			assert.Equal(t, []string{"+apple@0", "-pie*@7"}, ftTexts(ws))
		})
	}
}

// TestFTParserWordBytes: a word is the bytes the parser handed over.
// example_ftparser leaves its copy of the document alone, so its words are
// substrings of the caller's text (no copy: ParseFunc and AppendParse
// allocate nothing per word); good_multi's parser upper-cases its copy in
// place and adds a word from its own memory, and those bytes are what the
// words carry. The caller's strings never change.
func TestFTParserWordBytes(t *testing.T) {
	dir := filepath.Dir(testbuild.File(t, "cplugins/fixtures/good_multi.so"))
	h, err := NewHost(WithPluginDir(dir), WithProfile(mysqlabi.MySQL80))
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	_, err = h.Install("multi_parser", "good_multi.so")
	require.NoError(t, err)
	f := ftParser(t, h, "multi_parser")
	s := ftSession(t, h)
	text := "ab cd e"
	ws, err := f.Parse(s, text, FTNatural)
	require.NoError(t, err)
	assert.Equal(t, []string{"AB@0", "CD@3", "E@6", "multi@-1"}, ftTexts(ws))
	docs, err := f.ParseDocuments(s, []string{"x y", "zz"}, FTNatural)
	require.NoError(t, err)
	require.Len(t, docs, 2)
	assert.Equal(t, []string{"X@0", "Y@2", "multi@-1"}, ftTexts(docs[0]))
	assert.Equal(t, []string{"ZZ@0", "multi@-1"}, ftTexts(docs[1]))
	assert.Equal(t, "ab cd e", text)

	e := ftHost(t, mysqlabi.MySQL80, "example_ftparser.so")
	g := ftParser(t, e, "example_ftparser")
	es := ftSession(t, e)
	doc := "alpha beta"
	var got []string
	require.NoError(t, g.ParseFunc(es, doc, FTNatural, func(w Word) bool {
		// The word shares the caller's bytes.
		assert.Equal(t, unsafe.StringData(doc[w.Position:]), unsafe.StringData(w.Text), w.Text)
		got = append(got, w.Text)
		return len(got) < 1 // stop after the first
	}))
	assert.Equal(t, []string{"alpha"}, got)
	docs, err = g.ParseDocuments(es, []string{"one two", "three"}, FTNatural)
	require.NoError(t, err)
	assert.Equal(t, []string{"one@0", "two@4"}, ftTexts(docs[0]))
	assert.Equal(t, []string{"three@0"}, ftTexts(docs[1]))

	// fn runs outside the parser's lock: it may parse again, or close it.
	var inner []Word
	require.NoError(t, g.ParseFunc(es, "outer", FTNatural, func(w Word) bool {
		inner, err = g.Parse(es, "inner", FTNatural)
		require.NoError(t, err)
		g.Close()
		return true
	}))
	assert.Equal(t, []string{"inner@0"}, ftTexts(inner))
	_, err = g.Parse(es, "x", FTNatural)
	assert.ErrorIs(t, err, ErrClosed)
}

// TestFTParserBoolean: in MYSQL_FTPARSER_FULL_BOOLEAN_INFO mode the
// example turns a leading '+'/'-' into yesno and a trailing '*' into trunc.
func TestFTParserBoolean(t *testing.T) {
	h := ftHost(t, mysqlabi.MySQL80, "example_ftparser.so")
	f := ftParser(t, h, "example_ftparser")
	s := ftSession(t, h)
	ws, err := f.Parse(s, "+apple -banana cherr* plain", FTBoolean)
	require.NoError(t, err)
	assert.Equal(t, []string{"apple@1", "banana@8", "cherr@15", "plain@22"}, ftTexts(ws))
	yes := []int{1, -1, 0, 0}
	trunc := []bool{false, false, true, false}
	prev := []byte{' ', ' ', ' ', ' '}
	for i, w := range ws {
		assert.Equal(t, yes[i], w.Info.YesNo, w.Text)
		assert.Equal(t, trunc[i], w.Info.Trunc, w.Text)
		assert.Equal(t, prev[i], w.Info.Prev, w.Text)
		assert.Equal(t, w.Position, w.Info.Position, w.Text)
	}
}

// TestFTParserDefaultSplitter: with empty separators the example hands
// the document to param->mysql_parse, the host's own splitter, whose
// words and boolean syntax come back through mysql_add_word.
func TestFTParserDefaultSplitter(t *testing.T) {
	h := ftHost(t, mysqlabi.MySQL80, "example_ftparser.so")
	f := ftParser(t, h, "example_ftparser")
	s := ftSession(t, h)
	ftSet(t, h, "example_ftparser_separators", "''")
	ws, err := f.Parse(s, "Don't stop-me_now, café 42", FTNatural)
	require.NoError(t, err)
	assert.Equal(t, []string{"Don't@0", "stop@6", "me_now@11", "café@19", "42@25"}, ftTexts(ws))

	ws, err = f.Parse(s, `+mysql -oracle >big <small ~neg pre* ("two words")`, FTBoolean)
	require.NoError(t, err)
	type tok struct {
		text          string
		typ           FTTokenType
		yes, weight   int
		wasign, trunc bool
		quot          bool
		pos           int
	}
	var got []tok
	for _, w := range ws {
		got = append(got, tok{w.Text, w.Info.Type, w.Info.YesNo, w.Info.WeightAdjust, w.Info.WasSign, w.Info.Trunc, w.Info.Quot, w.Position})
	}
	assert.Equal(t, []tok{
		{"mysql", FTTokenWord, 1, 0, false, false, false, 1},
		{"oracle", FTTokenWord, -1, 0, false, false, false, 8},
		{"big", FTTokenWord, 0, 1, false, false, false, 16},
		{"small", FTTokenWord, 0, -1, false, false, false, 21},
		{"neg", FTTokenWord, 0, 0, true, false, false, 28},
		{"pre", FTTokenWord, 0, 0, false, true, false, 32},
		{"", FTTokenLeftParen, 0, 0, false, false, false, 37},
		{"", FTTokenLeftParen, 0, 0, false, false, true, 38},
		{"two", FTTokenWord, 0, 0, false, false, true, 39},
		{"words", FTTokenWord, 0, 0, false, false, true, 43},
		{"", FTTokenRightParen, 0, 0, false, false, true, 48},
		{"", FTTokenRightParen, 0, 0, false, false, false, 49},
	}, got)
}

// TestFTParserSeparatorsVariable: the example reads its separators
// variable in init, so SET GLOBAL changes how the next statement splits.
func TestFTParserSeparatorsVariable(t *testing.T) {
	h := ftHost(t, mysqlabi.MySQL80, "example_ftparser.so")
	f := ftParser(t, h, "example_ftparser")
	s := ftSession(t, h)
	v, ok, err := h.GetVariable(nil, sysvar.ScopeGlobal, "example_ftparser_separators")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, " ,.;", v)

	ws, err := f.Parse(s, "a,b c|d", FTNatural)
	require.NoError(t, err)
	assert.Equal(t, []string{"a@0", "b@2", "c|d@4"}, ftTexts(ws))
	ftSet(t, h, "example_ftparser_separators", "'|'")
	ws, err = f.Parse(s, "a,b c|d", FTNatural)
	require.NoError(t, err)
	assert.Equal(t, []string{"a,b c@0", "d@6"}, ftTexts(ws))
}

// TestFTParserStatus: the example counts documents and words; the
// counters are its status variables.
func TestFTParserStatus(t *testing.T) {
	h := ftHost(t, mysqlabi.MySQL80, "example_ftparser.so")
	f := ftParser(t, h, "example_ftparser")
	s := ftSession(t, h)
	docs0, words0 := ftStatus(t, h, "example_ftparser_documents"), ftStatus(t, h, "example_ftparser_words")
	_, err := f.Parse(s, "one two three", FTNatural)
	require.NoError(t, err)
	per, err := f.ParseDocuments(s, []string{"four five", "", "six"}, FTNatural)
	require.NoError(t, err)
	require.Len(t, per, 3)
	assert.Equal(t, []string{"four@0", "five@5"}, ftTexts(per[0]))
	assert.Empty(t, per[1])
	assert.Equal(t, []string{"six@0"}, ftTexts(per[2]))
	assert.Equal(t, docs0+4, ftStatus(t, h, "example_ftparser_documents"))
	assert.Equal(t, words0+6, ftStatus(t, h, "example_ftparser_words"))
}

// TestFTParserFailures: a parse or init returning non-zero fails the call
// with ErrParseFailed naming the plugin; the parser stays usable.
func TestFTParserFailures(t *testing.T) {
	h := ftHost(t, mysqlabi.MySQL80, "example_ftparser_faults.so")
	f := ftParser(t, h, "ft_faults")
	s := ftSession(t, h)
	_, err := f.Parse(s, "!fail now", FTNatural)
	require.ErrorIs(t, err, ErrParseFailed)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "ft_faults", e.Plugin)
	assert.Equal(t, "plugin 'ft_faults': full-text parser parse returned 1", e.Message)

	_, err = f.ParseDocuments(s, []string{"fine", "!fail"}, FTNatural)
	require.ErrorIs(t, err, ErrParseFailed)
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "document 1", e.Detail)

	ws, err := f.Parse(s, "still fine", FTNatural)
	require.NoError(t, err)
	assert.Equal(t, []string{"still@0", "fine@6"}, ftTexts(ws))

	ftSet(t, h, "ft_faults_separators", "'!init'")
	_, err = f.Parse(s, "x", FTNatural)
	require.ErrorIs(t, err, ErrParseFailed)
	assert.Contains(t, err.Error(), "init returned 1")
}

// TestFTParserRefusals: what FullTextParser refuses, with typed errors.
func TestFTParserRefusals(t *testing.T) {
	h := ftHost(t, mysqlabi.MySQL80, "example_ftparser.so", "example_ftparser_noparse.so", "example_daemon.so")

	_, err := h.FullTextParser("ft_noparse")
	require.ErrorIs(t, err, ErrMalformed)
	assert.Contains(t, err.Error(), "st_mysql_ftparser.parse is NULL")

	_, err = h.FullTextParser("example_daemon")
	require.ErrorIs(t, err, ErrNotFound)
	assert.Contains(t, err.Error(), "is a DAEMON plugin")

	_, err = h.FullTextParser("nope")
	require.ErrorIs(t, err, ErrNotFound)

	// A descriptor version no server accepts: INSTALL refuses the library.
	_, err = h.InstallLibrary("example_ftparser_badversion.so")
	require.ErrorIs(t, err, ErrIncompatible)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "ft_badversion", e.Plugin)

	// The driver applies the same rule itself, to the live descriptor.
	ref, err := h.Acquire("example_ftparser")
	require.NoError(t, err)
	info := uintptr(ref.ip.plugin.Info)
	ref.Release()
	old := native.Read(info, 4)
	t.Cleanup(func() { native.Write(info, old) })
	native.Write(info, binary.LittleEndian.AppendUint32(nil, 0x0100)) // 5.6's version: 8.0 wants 0x0101
	_, err = h.FullTextParser("example_ftparser")
	require.ErrorIs(t, err, ErrIncompatible)
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "example_ftparser", e.Plugin)
	assert.Contains(t, e.Message, "full-text parser interface version 1.0 is not one mysql-8.0 accepts (1.1 to 1.255)")
	native.Write(info, old)

	f := ftParser(t, h, "example_ftparser")
	s := ftSession(t, h)
	_, err = f.Parse(s, "x", FTMode(7))
	require.ErrorIs(t, err, ErrNotSupported)
	_, err = f.Parse(nil, "x", FTNatural)
	require.ErrorIs(t, err, ErrNotSupported)
}

// TestFTParserReference: the driver holds a plugin reference: UNINSTALL
// only marks the plugin DELETED (warning 1620) until Close.
func TestFTParserReference(t *testing.T) {
	h := ftHost(t, mysqlabi.MySQL80, "example_ftparser.so")
	f, err := h.FullTextParser("example_ftparser")
	require.NoError(t, err)
	s := ftSession(t, h)
	w, err := h.Uninstall("example_ftparser")
	require.NoError(t, err)
	require.Len(t, w, 1)
	assert.Equal(t, 1620, w[0].Code)
	ws, err := f.Parse(s, "still here", FTNatural)
	require.NoError(t, err)
	assert.Len(t, ws, 2)
	f.Close()
	f.Close()
	_, err = f.Parse(s, "x", FTNatural)
	require.ErrorIs(t, err, ErrClosed)
	_, ok := h.Plugin("example_ftparser")
	assert.False(t, ok, "removed after the last reference")
}

// TestFTParserConcurrent: sessions parse at the same time (run with -race).
func TestFTParserConcurrent(t *testing.T) {
	h := ftHost(t, mysqlabi.MySQL80, "example_ftparser.so")
	f := ftParser(t, h, "example_ftparser")
	docs0 := ftStatus(t, h, "example_ftparser_documents")
	const workers, rounds = 8, 100
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for i := 0; i < workers; i++ {
		s := ftSession(t, h)
		wg.Add(1)
		go func(i int, s *Session) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				text := fmt.Sprintf("w%d r%d, +x", i, r)
				ws, err := f.Parse(s, text, FTBoolean)
				if err != nil {
					errs <- err
					return
				}
				got := strings.Join(ftTexts(ws), " ")
				if want := fmt.Sprintf("w%d@0 r%d@%d x@%d", i, r, len(fmt.Sprint(i))+2,
					len(text)-1); got != want || ws[2].Info.YesNo != 1 {
					errs <- fmt.Errorf("worker %d: got %q, want %q", i, got, want)
					return
				}
			}
		}(i, s)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, docs0+workers*rounds, ftStatus(t, h, "example_ftparser_documents"))
}

// ftDocument is a ~4 KB document of words and separators.
func ftDocument() string {
	var b strings.Builder
	for i := 0; b.Len() < 4096-16; i++ {
		fmt.Fprintf(&b, "word%d, text.%d; ", i, i*7)
	}
	return b.String()
}

// BenchmarkFTParser parses a ~4 KB document with the example parser from
// Go (go: one cgo crossing, words copied into Go) and, in the same run,
// with the same parameter set-up and word collection in a C loop (c).
func BenchmarkFTParser(b *testing.B) {
	h := ftHost(b, mysqlabi.MySQL80, "example_ftparser.so")
	f := ftParser(b, h, "example_ftparser")
	s := ftSession(b, h)
	doc := ftDocument()
	ws, err := f.Parse(s, doc, FTNatural)
	require.NoError(b, err)
	n := len(ws)
	b.Run("go", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			if _, err := f.Parse(s, doc, FTNatural); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n), "words/op")
	})
	b.Run("go-append", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		var buf []Word
		for b.Loop() {
			if buf, err = f.AppendParse(buf[:0], s, doc, FTNatural); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(buf)), "words/op")
	})
	b.Run("c", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ResetTimer()
		got := native.BenchFTParseC(f.parser, s.thd, doc, int(FTNatural), b.N)
		b.StopTimer()
		if got != n {
			b.Fatalf("C loop collected %d words, Go %d", got, n)
		}
		b.ReportMetric(float64(got), "words/op")
	})
}
