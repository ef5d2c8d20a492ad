package main

import (
	"fmt"
	"strings"
)

// The shell's statement reader and its small SQL parser: enough of the
// grammar for the statements the shell answers itself (INSTALL, SHOW, SET,
// CONNECT, CREATE FUNCTION, ...); anything else is only classified by its
// first keywords for the audit plugins.

// splitter cuts a stream of text into statements at semicolons outside
// quotes, backticks and comments, as the mysql client does.
type splitter struct {
	buf     strings.Builder
	quote   byte // the open quote character, or 0
	comment byte // '-' inside "-- " or "#" to end of line, '*' inside /* */
	escape  bool // the previous byte was a backslash inside a string
	openAt  int  // where the '*' that opened a /* comment is in buf
}

// feed adds text and returns the statements it completes (without their
// semicolons, trimmed; empty statements are dropped).
func (s *splitter) feed(text string) []string {
	var out []string
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case s.comment == '-':
			if c == '\n' {
				s.comment = 0
			}
		case s.comment == '*':
			// "*/" closes the comment, but not with the '*' that opened it ("/*/").
			if c == '/' && strings.HasSuffix(s.buf.String(), "*") && s.buf.Len()-1 > s.openAt {
				s.comment = 0
			}
		case s.quote != 0:
			switch {
			case s.escape:
				s.escape = false
			case c == '\\' && s.quote != '`':
				s.escape = true
			case c == s.quote:
				s.quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			s.quote = c
		case c == '#':
			s.comment = '-'
		case c == '-' && strings.HasSuffix(s.buf.String(), "-") && i+1 < len(text) && (text[i+1] == ' ' || text[i+1] == '\t' || text[i+1] == '\n'):
			s.comment = '-'
		case c == '*' && strings.HasSuffix(s.buf.String(), "/"):
			s.comment, s.openAt = '*', s.buf.Len()
		case c == ';':
			if st := stripComments(s.buf.String()); st != "" {
				out = append(out, st)
			}
			s.buf.Reset()
			continue
		}
		s.buf.WriteByte(c)
	}
	return out
}

// pending reports whether an unfinished statement is buffered.
func (s *splitter) pending() bool {
	return s.quote != 0 || s.comment == '*' || stripComments(s.buf.String()) != ""
}

// flush returns the unterminated last statement, if any.
func (s *splitter) flush() string {
	st := stripComments(s.buf.String())
	s.buf.Reset()
	s.quote, s.comment, s.escape = 0, 0, false
	return st
}

// stripComments removes comments outside quotes and trims the statement.
func stripComments(q string) string {
	var b strings.Builder
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		if quote != 0 {
			b.WriteByte(c)
			if c == '\\' && quote != '`' && i+1 < len(q) {
				i++
				b.WriteByte(q[i])
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch {
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '#' || (c == '-' && strings.HasPrefix(q[i:], "-- ")) || (c == '-' && q[i:] == "--"):
			for i < len(q) && q[i] != '\n' {
				i++
			}
			b.WriteByte(' ')
			i-- // the newline itself is kept
			continue
		case c == '/' && strings.HasPrefix(q[i:], "/*"):
			end := strings.Index(q[i+2:], "*/")
			if end < 0 {
				i = len(q)
			} else {
				i += end + 3
			}
			b.WriteByte(' ')
			continue
		}
		b.WriteByte(c)
	}
	return strings.TrimSpace(b.String())
}

// tokKind is a token's kind.
type tokKind int

const (
	tokWord   tokKind = iota // keyword or bare identifier
	tokQuoted                // `identifier`
	tokString                // 'string' or "string"
	tokNumber
	tokSymbol // @@ @ = , ( ) . * and other punctuation
)

// token is one lexical token; raw is its text as written, val its value
// (a string literal unquoted, a word as written).
type token struct {
	kind     tokKind
	val, raw string
	pos, end int // byte offsets in the statement
}

// lex splits a statement into tokens.
func lex(q string) ([]token, error) {
	var toks []token
	for i := 0; i < len(q); {
		c := q[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '\'' || c == '"' || c == '`':
			var b strings.Builder
			i++
			closed := false
			for i < len(q) {
				d := q[i]
				if d == '\\' && c != '`' && i+1 < len(q) {
					b.WriteByte(unescape(q[i+1]))
					i += 2
					continue
				}
				if d == c {
					if i+1 < len(q) && q[i+1] == c { // doubled quote
						b.WriteByte(c)
						i += 2
						continue
					}
					i++
					closed = true
					break
				}
				b.WriteByte(d)
				i++
			}
			if !closed {
				return nil, fmt.Errorf("unterminated quoted text at offset %d", start)
			}
			kind := tokString
			if c == '`' {
				kind = tokQuoted
			}
			toks = append(toks, token{kind, b.String(), q[start:i], start, i})
		case isWordByte(c) && !(c >= '0' && c <= '9'):
			for i < len(q) && isWordByte(q[i]) {
				i++
			}
			toks = append(toks, token{tokWord, q[start:i], q[start:i], start, i})
		case c >= '0' && c <= '9' || (c == '-' || c == '.') && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9':
			i++
			for i < len(q) && (isWordByte(q[i]) || q[i] == '.' || ((q[i] == '-' || q[i] == '+') && (q[i-1] == 'e' || q[i-1] == 'E'))) {
				i++
			}
			toks = append(toks, token{tokNumber, q[start:i], q[start:i], start, i})
		case c == '@' && i+1 < len(q) && q[i+1] == '@':
			i += 2
			toks = append(toks, token{tokSymbol, "@@", "@@", start, i})
		default:
			i++
			toks = append(toks, token{tokSymbol, string(c), string(c), start, i})
		}
	}
	return toks, nil
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	case '0':
		return 0
	}
	return c
}

// parser walks a statement's tokens.
type parser struct {
	q    string
	toks []token
	i    int
}

func newParser(q string) (*parser, error) {
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	return &parser{q: q, toks: toks}, nil
}

func (p *parser) done() bool { return p.i >= len(p.toks) }

func (p *parser) peek(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return token{kind: -1, pos: len(p.q), end: len(p.q)}
}

// is reports whether the next tokens are the keywords kws (case-insensitive).
func (p *parser) is(kws ...string) bool {
	for n, kw := range kws {
		t := p.peek(n)
		if t.kind == tokWord {
			if !strings.EqualFold(t.val, kw) {
				return false
			}
		} else if t.kind != tokSymbol || t.val != kw {
			return false
		}
	}
	return true
}

// accept consumes the keywords kws if they come next.
func (p *parser) accept(kws ...string) bool {
	if p.is(kws...) {
		p.i += len(kws)
		return true
	}
	return false
}

// expect consumes the keywords kws or fails with a syntax error.
func (p *parser) expect(kws ...string) error {
	if !p.accept(kws...) {
		return p.syntaxError()
	}
	return nil
}

// ident reads an identifier (bare word, `quoted`, or, where names may be
// strings, a string).
func (p *parser) ident() (string, error) {
	t := p.peek(0)
	if t.kind == tokWord || t.kind == tokQuoted {
		p.i++
		return t.val, nil
	}
	return "", p.syntaxError()
}

// name reads an identifier or a string.
func (p *parser) name() (string, error) {
	if t := p.peek(0); t.kind == tokString {
		p.i++
		return t.val, nil
	}
	return p.ident()
}

// str reads a string literal.
func (p *parser) str() (string, error) {
	t := p.peek(0)
	if t.kind != tokString {
		return "", p.syntaxError()
	}
	p.i++
	return t.val, nil
}

// end fails unless every token was consumed.
func (p *parser) end() error {
	if !p.done() {
		return p.syntaxError()
	}
	return nil
}

// account reads 'user'@'host' (host optional: '%').
func (p *parser) account() (user, host string, err error) {
	if user, err = p.name(); err != nil {
		return "", "", err
	}
	host = "%"
	if p.accept("@") {
		if host, err = p.name(); err != nil {
			return "", "", err
		}
	} else if t := p.peek(0); t.kind == tokSymbol && t.val == "@@" {
		return "", "", p.syntaxError()
	}
	return user, host, nil
}

// syntaxError is ER_PARSE_ERROR as the servers word it, quoting the text
// from the offending token.
func (p *parser) syntaxError() error {
	t := p.peek(0)
	rest := p.q[min(t.pos, len(p.q)):]
	if len(rest) > 80 {
		rest = rest[:80]
	}
	line := 1 + strings.Count(p.q[:min(t.pos, len(p.q))], "\n")
	return sqlError(1064, "42000", fmt.Sprintf("You have an error in your SQL syntax; check the manual that corresponds to your server version for the right syntax to use near '%s' at line %d", rest, line))
}

// rawUntilComma returns the text from the current token up to the next
// top-level comma (or the end), and advances past it.
func (p *parser) rawUntilComma() string {
	if p.done() {
		return ""
	}
	start := p.peek(0).pos
	depth := 0
	for !p.done() {
		t := p.peek(0)
		if t.kind == tokSymbol {
			switch t.val {
			case "(":
				depth++
			case ")":
				depth--
			case ",":
				if depth == 0 {
					return strings.TrimSpace(p.q[start:t.pos])
				}
			}
		}
		p.i++
	}
	return strings.TrimSpace(p.q[start:])
}
