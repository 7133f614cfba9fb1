package printout

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"floplab/core/diag"
)

// Token is the kind of a lexical token of a printout.
type Token int

// Tokens.
const (
	EOF Token = iota
	NEWLINE
	IDENT  // Conv2d, kernel_size, True, nearest
	INT    // 64
	FLOAT  // 1e-05, 0.1, inf
	STRING // 'none', "x"
	LPAREN // (
	RPAREN // )
	LBRACK // [
	RBRACK // ]
	COMMA  // ,
	ASSIGN // =
	COLON  // :
	MINUS  // -
	OTHER  // any other character
)

var tokenNames = [...]string{
	EOF: "end of text", NEWLINE: "end of line", IDENT: "name", INT: "integer",
	FLOAT: "number", STRING: "string", LPAREN: "'('", RPAREN: "')'",
	LBRACK: "'['", RBRACK: "']'", COMMA: "','", ASSIGN: "'='", COLON: "':'",
	MINUS: "'-'", OTHER: "character",
}

// punct is the token of each one-character token; EOF (the zero Token)
// for the other bytes.
var punct = [256]Token{'\n': NEWLINE, '(': LPAREN, ')': RPAREN, '[': LBRACK, ']': RBRACK,
	',': COMMA, '=': ASSIGN, ':': COLON, '-': MINUS}

func (t Token) String() string {
	if int(t) < len(tokenNames) {
		return tokenNames[t]
	}
	return fmt.Sprintf("token(%d)", int(t))
}

// A scanner splits a printout into tokens. Spaces and tabs are skipped;
// line ends are tokens because a printout's layout is line-oriented.
type scanner struct {
	file string
	src  string
	off  int // next byte to read
	line int
	col  int // column of src[off], from 1, in bytes
}

func newScanner(file, src string) *scanner {
	return &scanner{file: file, src: src, line: 1, col: 1}
}

// item is one scanned token: its kind, text, position and byte offsets.
type item struct {
	tok        Token
	text       string
	pos        diag.Pos
	start, end int
}

// advance moves n bytes on, keeping line and column (in runes) current.
func (s *scanner) advance(n int) {
	for i := 0; i < n && s.off < len(s.src); i++ {
		switch c := s.src[s.off]; {
		case c == '\n':
			s.line++
			s.col = 1
		case c&0xC0 != 0x80: // not a UTF-8 continuation byte
			s.col++
		}
		s.off++
	}
}

// next returns the next token.
func (s *scanner) next() item {
	for s.off < len(s.src) {
		c := s.src[s.off]
		if c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			s.advance(1)
			continue
		}
		break
	}
	it := item{pos: diag.Pos{File: s.file, Line: s.line, Col: s.col}, start: s.off}
	if s.off >= len(s.src) {
		it.tok = EOF
		it.end = s.off
		return it
	}
	c := s.src[s.off]
	switch {
	case punct[c] != EOF:
		it.tok = punct[c]
		s.advance(1)
	case c == '\'' || c == '"':
		it.tok = STRING
		s.scanString(c)
	case c >= '0' && c <= '9' || c == '.' && s.off+1 < len(s.src) && isDigit(s.src[s.off+1]):
		it.tok = s.scanNumber()
	case isIdentStart(s.src[s.off:]):
		it.tok = IDENT
		for s.off < len(s.src) && isIdentPart(s.src[s.off:]) {
			_, n := utf8.DecodeRuneInString(s.src[s.off:])
			s.advance(n)
		}
	default:
		it.tok = OTHER
		_, n := utf8.DecodeRuneInString(s.src[s.off:])
		s.advance(n)
	}
	it.end = s.off
	it.text = s.src[it.start:it.end]
	return it
}

// scanString scans a quoted string; an unterminated one ends at the end
// of the line.
func (s *scanner) scanString(q byte) {
	s.advance(1)
	for s.off < len(s.src) {
		c := s.src[s.off]
		if c == '\n' {
			return
		}
		if c == '\\' && s.off+1 < len(s.src) && s.src[s.off+1] != '\n' {
			s.advance(2)
			continue
		}
		s.advance(1)
		if c == q {
			return
		}
	}
}

func (s *scanner) scanNumber() Token {
	tok := INT
	for s.off < len(s.src) && isDigit(s.src[s.off]) {
		s.advance(1)
	}
	if s.off < len(s.src) && s.src[s.off] == '.' {
		tok = FLOAT
		s.advance(1)
		for s.off < len(s.src) && isDigit(s.src[s.off]) {
			s.advance(1)
		}
	}
	if s.off < len(s.src) && (s.src[s.off] == 'e' || s.src[s.off] == 'E') {
		j := s.off + 1
		if j < len(s.src) && (s.src[j] == '+' || s.src[j] == '-') {
			j++
		}
		if j < len(s.src) && isDigit(s.src[j]) {
			tok = FLOAT
			s.advance(j - s.off)
			for s.off < len(s.src) && isDigit(s.src[s.off]) {
				s.advance(1)
			}
		}
	}
	return tok
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '_' || unicode.IsLetter(r)
}

func isIdentPart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
