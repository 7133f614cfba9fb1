package lang

import (
	"strings"

	"floplab/core/msg"
)

// Starlark's own error messages (go.starlark.net's parser, resolver and
// argument unpacking) are plain English strings. The common ones are read
// back into their format and values, so they render in Chinese too; the
// English rendering is the original message, byte for byte. (Matched by
// hand rather than with package regexp, which would add its compiler and
// Unicode tables, about 100 KB, to app.wasm.)
var starlarkMessages = []struct {
	format string // %s stands for a value
	// words: a value is one word (no space), as names and tokens are.
	words bool
}{
	{"undefined: %s (did you mean %s?)", true},
	{"undefined: %s", true},
	{"got %s after expression, want EOF", false},
	{"got %s, want primary expression", false},
	{"got %s, want %s", false},
	{"%s: unexpected keyword argument %s (did you mean %s?)", true},
	{"%s: unexpected keyword argument %s", true},
	{"%s: missing argument for %s", true},
	{"%s: got %s arguments, want at most %s", true},
	{"%s: got multiple values for keyword argument %s", true},
	{"%s does not associate with %s (use parens)", true},
	{"Starlark computation cancelled: too many steps", false},
	{"invalid syntax", false},
	{"not an identifier", false},
	{"unparenthesized tuple with trailing comma", false},
	{"conditional expression without else clause", false},
	{"keyword argument must have form name=expr", false},
}

// starlarkText is s as a Text: a known message's format and values, or s
// itself (which then renders in English).
func starlarkText(s string) msg.Text {
	for _, m := range starlarkMessages {
		if vals, ok := matchFormat(m.format, s, m.words); ok {
			if len(vals) == 0 {
				return msg.F(m.format)
			}
			return msg.F(m.format, vals...)
		}
	}
	return msg.F(s)
}

// matchFormat reads s as format with each %s a non-empty value (one word
// when words is set), the values as long as they can be from the left,
// as a greedy regular expression would take them.
func matchFormat(format, s string, words bool) ([]any, bool) {
	parts := strings.Split(format, "%s")
	if !strings.HasPrefix(s, parts[0]) {
		return nil, false
	}
	vals := make([]any, 0, len(parts)-1)
	if matchParts(parts[1:], s[len(parts[0]):], words, &vals) {
		return vals, true
	}
	return nil, false
}

// matchParts matches s against value, parts[0], value, parts[1], …
func matchParts(parts []string, s string, words bool, vals *[]any) bool {
	if len(parts) == 0 {
		return s == ""
	}
	lit, rest := parts[0], parts[1:]
	if lit == "" { // the format ends with a value: the rest of s
		if s == "" || len(rest) > 0 || words && strings.ContainsAny(s, " \t\n") {
			return false
		}
		*vals = append(*vals, s)
		return true
	}
	// The longest value first, then shorter ones.
	for end := len(s); ; {
		i := strings.LastIndex(s[:end], lit)
		if i <= 0 { // no occurrence, or an empty value
			return false
		}
		if v := s[:i]; !words || !strings.ContainsAny(v, " \t\n") {
			*vals = append(*vals, v)
			if matchParts(rest, s[i+len(lit):], words, vals) {
				return true
			}
			*vals = (*vals)[:len(*vals)-1]
		}
		end = i + len(lit) - 1
	}
}
