package loader

import (
	"errors"
	"slices"
	"sync"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
)

// ErrParseFailed: a full-text parser plugin's parse (or init) returned
// non-zero, as it does to make the server fail the statement.
var ErrParseFailed = errors.New("full-text parser failed")

// FTMode is MYSQL_FTPARSER_PARAM.mode: what the server parses the text for.
type FTMode int

// The parser modes (enum enum_ftparser_mode).
const (
	// FTNatural: a document being indexed, or a natural-language query:
	// plain words; stopwords may be left out.
	FTNatural FTMode = 0 // MYSQL_FTPARSER_SIMPLE_MODE
	// FTWithStopwords: as FTNatural, but stopwords must be passed too.
	FTWithStopwords FTMode = 1 // MYSQL_FTPARSER_WITH_STOPWORDS
	// FTBoolean: a MATCH ... IN BOOLEAN MODE query: the parser reports the
	// boolean operators in each word's MYSQL_FTPARSER_BOOLEAN_INFO.
	FTBoolean FTMode = 2 // MYSQL_FTPARSER_FULL_BOOLEAN_INFO
)

// FTTokenType is MYSQL_FTPARSER_BOOLEAN_INFO.type (enum enum_ft_token_type).
type FTTokenType int

// Token types.
const (
	FTTokenEOF        FTTokenType = 0 // FT_TOKEN_EOF
	FTTokenWord       FTTokenType = 1 // FT_TOKEN_WORD
	FTTokenLeftParen  FTTokenType = 2 // FT_TOKEN_LEFT_PAREN: '(' or an opening '"'
	FTTokenRightParen FTTokenType = 3 // FT_TOKEN_RIGHT_PAREN: ')' or a closing '"'
	FTTokenStopword   FTTokenType = 4 // FT_TOKEN_STOPWORD
)

// BooleanInfo is the MYSQL_FTPARSER_BOOLEAN_INFO a parser passed with a
// word, read in the emulated server's layout.
type BooleanInfo struct {
	Type FTTokenType
	// YesNo: 1 the word must be present ('+'), -1 must be absent ('-'),
	// 0 optional.
	YesNo int
	// WeightAdjust raises ('>') or lowers ('<') the word's weight.
	WeightAdjust int
	// WasSign: the word's contribution is negated ('~').
	WasSign bool
	// Trunc: a prefix search ("word*").
	Trunc bool
	// Position is the info's position member (MySQL 5.7+: InnoDB reads the
	// word's position there); -1 in layouts without it (MySQL 5.5/5.6,
	// MariaDB).
	Position int
	// Prev is the byte before the term.
	Prev byte
	// Quot: the word is inside a "phrase" (quot was not NULL).
	Quot bool
}

// Word is a word a full-text parser handed to the server through
// mysql_add_word.
type Word struct {
	Text string
	// Position is the word's byte offset in the document when the parser
	// passed a pointer into it; otherwise the boolean info's position
	// (MySQL 5.7+ layouts), otherwise -1.
	Position int
	// HasInfo: the parser passed a MYSQL_FTPARSER_BOOLEAN_INFO (Info).
	HasInfo bool
	Info    BooleanInfo
}

// FTParser drives an installed FTPARSER plugin (st_mysql_ftparser) as the
// servers do for a FULLTEXT index declared WITH PARSER: it holds a
// reference to the plugin (UNINSTALL PLUGIN only marks it DELETED until
// Close). It is safe for concurrent use by several sessions; Close it
// before closing the host.
//
// The host gives the parser a MYSQL_FTPARSER_PARAM whose mysql_parse is
// the host's default word splitter (see Parse) and whose mysql_add_word
// collects words in C; the words cross into Go once per call. cs is NULL:
// the host has no CHARSET_INFO, so a parser that reads its character set
// cannot be driven.
type FTParser struct {
	h      *Host
	ref    *PluginRef
	name   string
	parser native.FTParser
	free   chan *native.FTResult // results kept for reuse (C memory)
	mu     sync.RWMutex
	closed bool
}

// FullTextParser returns a driver for the ACTIVE FTPARSER plugin called
// name. It refuses a plugin of another type (ErrNotFound, as a server
// finds no parser of that name), a descriptor version the profile does not
// accept (ErrIncompatible) and a descriptor without parse (ErrMalformed).
func (h *Host) FullTextParser(name string) (*FTParser, error) {
	if !native.Available() {
		return nil, plainError(ErrNotSupported, "full-text parsers need the host's C side (a cgo build)").withPlugin(name)
	}
	ref, err := h.Acquire(name)
	if err != nil {
		return nil, err
	}
	p, lib, state := ref.ip.plugin, ref.ip.lib.file, h.stateOf(ref.ip)
	fail := func(e *Error) (*FTParser, error) {
		ref.Release()
		return nil, e.withPlugin(p.Name).withLibrary(lib)
	}
	prof := h.cfg.profile
	if p.Type != mysqlabi.PluginFTParser {
		return fail(plainError(ErrNotFound, "plugin '%s' is a %s plugin, not a full-text parser",
			p.Name, prof.TypeName(p.Type)))
	}
	if state != StateReady {
		return fail(newError(prof, mysqlabi.ErPluginIsNotLoaded, ErrNotFound, p.Name).
			withDetail("the plugin is %s", state))
	}
	if e := h.checkDescriptor(p, "full-text parser"); e != nil {
		return fail(e)
	}
	info := uintptr(p.Info)
	d := mysqlabi.FTParser
	parse := uintptr(native.Uint64(info + uintptr(d.Off("parse"))))
	if parse == 0 {
		return fail(plainError(ErrMalformed, "plugin '%s': st_mysql_ftparser.parse is NULL", p.Name))
	}
	f := &FTParser{h: h, ref: ref, name: p.Name, parser: native.NewFTParser(parse,
		uintptr(native.Uint64(info+uintptr(d.Off("init")))), uintptr(native.Uint64(info+uintptr(d.Off("deinit")))),
		ftLayout(prof))}
	f.free = make(chan *native.FTResult, ftResultsKept)
	return f, nil
}

// ftResultsKept bounds the word buffers a parser keeps between calls.
const ftResultsKept = 16

func (h *Host) stateOf(ip *installed) State {
	h.mu.Lock()
	defer h.mu.Unlock()
	return ip.state
}

// ftLayout is the MYSQL_FTPARSER_BOOLEAN_INFO the emulated server passes
// and reads: with position when it implements API 0x0101 (MySQL 5.7+),
// without in MySQL 5.5/5.6's and MariaDB's 0x0100.
func ftLayout(p *mysqlabi.Profile) native.FTLayout {
	s := mysqlabi.MariaFTBooleanInfo
	pos := -1
	if p.TypeVersions[mysqlabi.PluginFTParser].Cur >= 0x0101 {
		s = mysqlabi.FTBooleanInfo
		pos = s.Off("position")
	}
	return native.FTLayout{Type: s.Off("type"), YesNo: s.Off("yesno"), WeightAdjust: s.Off("weight_adjust"),
		WasSign: s.Off("wasign"), Trunc: s.Off("trunc"), Position: pos, Prev: s.Off("prev"), Quot: s.Off("quot"),
		Size: s.Size}
}

// Name is the plugin's name.
func (f *FTParser) Name() string { return f.name }

// Parse parses one text in session s's statement: the parser's init, then
// parse, then deinit, as a server does for a statement that indexes or
// searches one value. It returns the words the parser handed to
// mysql_add_word, in order.
//
// When the plugin calls param->mysql_parse, the host's default splitter
// runs: a word is a run of ASCII letters, digits, '_' and bytes of
// multi-byte UTF-8 characters, with single apostrophes inside; no minimum
// length and no stopwords. In FTBoolean mode it reads the boolean syntax
// (+ - > < ~ ( ) "phrase" and a trailing *) into each word's info.
//
// A parser whose parse or init returns non-zero fails with an *Error
// wrapping ErrParseFailed and naming the plugin; when the plugin raised
// an error condition (my_error), the *Error carries its code and message.
// The plugin's conditions stay on the session (TakeConditions).
func (f *FTParser) Parse(s *Session, text string, mode FTMode) ([]Word, error) {
	return f.AppendParse(nil, s, text, mode)
}

// AppendParse is Parse appending the words to dst, so a caller parsing
// many values can reuse one slice. On error dst is returned unchanged.
func (f *FTParser) AppendParse(dst []Word, s *Session, text string, mode FTMode) ([]Word, error) {
	out := dst
	err := f.run(s, nil, text, mode, func(r *native.FTResult) {
		n := r.Len()
		if n == 0 {
			return
		}
		all, docs := r.Text(), []string{text}
		out = slices.Grow(out, n)
		base := len(out)
		out = out[:base+n]
		for i := range n {
			out[base+i] = wordOf(r.At(i, all, docs))
		}
	})
	if err != nil {
		return dst, err
	}
	return out, nil
}

// ParseFunc is Parse handing each word to fn, in order, instead of
// collecting them: an indexer that stores words its own way keeps no
// slice of them. fn returning false stops the delivery (the parse itself
// has run). The words' Text stays valid after ParseFunc returns. fn runs
// after the parse, outside the parser's lock: it may call the parser.
func (f *FTParser) ParseFunc(s *Session, text string, mode FTMode, fn func(Word) bool) error {
	return f.run(s, nil, text, mode, func(r *native.FTResult) {
		n := r.Len()
		if n == 0 {
			return
		}
		all, docs := r.Text(), []string{text}
		for i := range n {
			if !fn(wordOf(r.At(i, all, docs))) {
				return
			}
		}
	})
}

// ParseDocuments parses several documents in one statement, as a server
// indexing several rows does: init once, parse for each document (the
// parameter set up again for each), deinit once at the end. The result has
// one slice of words per document.
func (f *FTParser) ParseDocuments(s *Session, docs []string, mode FTMode) ([][]Word, error) {
	if len(docs) == 0 {
		return nil, nil
	}
	out := make([][]Word, len(docs))
	err := f.run(s, docs, "", mode, func(r *native.FTResult) {
		all := r.Text()
		for i := 0; i < r.Len(); i++ {
			w := r.At(i, all, docs)
			out[w.Doc] = append(out[w.Doc], wordOf(w))
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// run parses docs (or text, when docs is nil) and hands the words to
// collect. The parse runs under the parser's read lock; collect runs
// after it, on a word buffer this call owns, so it may call the parser
// (or Close it) itself.
func (f *FTParser) run(s *Session, docs []string, text string, mode FTMode, collect func(*native.FTResult)) error {
	if s == nil {
		return plainError(ErrNotSupported, "plugin '%s': parsing needs a session", f.name).withPlugin(f.name)
	}
	if mode < FTNatural || mode > FTBoolean {
		return plainError(ErrNotSupported, "plugin '%s': unknown full-text parser mode %d", f.name, mode).
			withPlugin(f.name)
	}
	r, out, err := f.parse(s, docs, text, mode)
	if err != nil {
		return err
	}
	defer f.keep(r)
	if out.Stage == native.FTStageOK {
		collect(r)
		return nil
	}
	raised := takeConds(s.thd) // what the plugin raised in this call
	s.conds = append(s.conds, raised...)
	var e *Error
	switch out.Stage {
	case native.FTStageNoMem:
		e = plainError(ErrNotSupported, "plugin '%s': out of memory collecting words", f.name)
	case native.FTStageInit:
		e = plainError(ErrParseFailed, "plugin '%s': full-text parser init returned %d", f.name, out.RC)
	default:
		e = plainError(ErrParseFailed, "plugin '%s': full-text parser parse returned %d", f.name, out.RC)
		if docs != nil {
			e.withDetail("document %d", out.Doc)
		}
	}
	for _, c := range raised {
		if c.Level == LevelError {
			// The plugin's own error (my_error), as the server reports it;
			// the parse failure stays in the detail.
			detail := e.Message
			if e.Detail != "" {
				detail += " (" + e.Detail + ")"
			}
			e.Detail, e.Code, e.Message = detail, c.Code, c.Message
			if e.SQLState == "" {
				e.SQLState = "HY000"
			}
			break
		}
	}
	return e.withPlugin(f.name)
}

// parse runs the plugin under the parser's read lock, into a word buffer
// the caller then owns (and gives back with keep).
func (f *FTParser) parse(s *Session, docs []string, text string, mode FTMode) (*native.FTResult, native.FTOutcome, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if f.closed {
		return nil, native.FTOutcome{}, plainError(ErrClosed, "full-text parser '%s' is closed", f.name).withPlugin(f.name)
	}
	if err := s.live(); err != nil {
		return nil, native.FTOutcome{}, err
	}
	if err := f.h.lock(); err != nil {
		return nil, native.FTOutcome{}, err
	}
	f.h.mu.Unlock()
	s.collect() // earlier statements' conditions: not this parse's
	r := f.result()
	var out native.FTOutcome
	if docs == nil {
		out = f.parser.RunOne(s.thd, text, int(mode), r)
	} else {
		out = f.parser.Run(s.thd, docs, int(mode), r)
	}
	s.thd.EndStatement()
	return r, out, nil
}

// result takes a word buffer for one call.
func (f *FTParser) result() *native.FTResult {
	select {
	case r := <-f.free:
		return r
	default:
		return native.NewFTResult()
	}
}

// keep returns a word buffer for reuse, or frees it (always, once the
// parser is closed: Close freed the others).
func (f *FTParser) keep(r *native.FTResult) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if f.closed {
		r.Free()
		return
	}
	select {
	case f.free <- r:
	default:
		r.Free()
	}
}

func wordOf(w native.FTWord) Word {
	return Word{Text: w.Text, Position: w.Position, HasInfo: w.HasInfo, Info: BooleanInfo{
		Type: FTTokenType(w.Type), YesNo: w.YesNo, WeightAdjust: w.WeightAdjust, WasSign: w.WasSign,
		Trunc: w.Trunc, Position: w.InfoPosition, Prev: w.Prev, Quot: w.Quot}}
}

// Close drops the plugin reference and frees the driver; a Parse running
// concurrently finishes first. Closing twice has no effect.
func (f *FTParser) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return
	}
	f.closed = true
	f.parser.Free()
	for len(f.free) > 0 {
		(<-f.free).Free()
	}
	f.ref.Release()
}
