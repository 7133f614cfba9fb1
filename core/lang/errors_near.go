package lang

import (
	"slices"
	"sort"
	"strings"

	"floplab/core/diag"
	"floplab/core/msg"
)

// Helpers that make an error say what the user meant: the bracket left
// open (Starlark reports where the parser noticed, lines later), and the
// nearest name for a misspelt layer or keyword argument.

// openBracket is a bracket the script opens and does not close.
type openBracket struct {
	char      byte
	line, col int
	// lastLine is the last line that belongs to the bracket's statement,
	// by indentation: where the closing bracket should go.
	lastLine int
}

// unclosedBracket finds the bracket a syntax error at errLine most likely
// comes from: a bracket still open when a later line, before the error,
// is indented no deeper than the line that opened it (continuation lines
// of an open bracket are deeper; a line starting with a closing bracket
// does not count). Starlark reports where the parser noticed, lines later.
func unclosedBracket(src string, errLine int) (openBracket, bool) {
	var stack []openBracket
	lines := strings.Split(src, "\n")
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " \t")) }
	var quote byte
	triple := false
	last := 0 // the last line with code
	for ln, text := range lines {
		line := ln + 1
		if line > errLine {
			break
		}
		code := strings.TrimSpace(text)
		if quote == 0 && code != "" && !strings.HasPrefix(code, "#") {
			if n := len(stack); n > 0 && stack[n-1].line < line && !strings.ContainsAny(code[:1], ")]}") &&
				indent(text) <= indent(lines[stack[n-1].line-1]) {
				b := stack[n-1]
				b.lastLine = last
				return b, true
			}
			last = line
		}
	chars:
		for i := 0; i < len(text); i++ {
			c := text[i]
			if quote != 0 {
				switch {
				case c == '\\':
					i++
				case c == quote && (!triple || strings.HasPrefix(text[i:], strings.Repeat(string(quote), 3))):
					if triple {
						i += 2
					}
					quote = 0
				}
				continue
			}
			switch c {
			case '#':
				break chars
			case '"', '\'':
				quote, triple = c, strings.HasPrefix(text[i:], strings.Repeat(string(c), 3))
				if triple {
					i += 2
				}
			case '(', '[', '{':
				stack = append(stack, openBracket{char: c, line: line, col: i + 1})
			case ')', ']', '}':
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
			}
		}
		if quote != 0 && !triple {
			quote = 0 // an unterminated string ends with its line
		}
	}
	return openBracket{}, false
}

// error reports the bracket as not closed, at its own position; the
// parser's message is kept as a note in the hint.
func (b openBracket) error(tr *tracer, parser string) *diag.Error {
	closing := map[byte]string{'(': ")", '[': "]", '{': "}"}[b.char]
	text := msg.F("the '%s' opened on line %d, column %d is not closed", string(b.char), b.line, b.col)
	hint := msg.F("add '%s' at the end of line %d (the parser stopped later: %s)", closing, b.lastLine, starlarkText(parser))
	return &diag.Error{Pos: diag.Pos{File: tr.file, Line: b.line, Col: b.col}, Msg: text, Hint: hint}
}

// nearestName is the name in names closest to s, when it is close enough
// to be a slip (a different case, or at most two edits for a name of
// five letters or more, one for a shorter one); "" otherwise.
func nearestName(s string, names []string) string {
	if slices.Contains(names, s) {
		return ""
	}
	best, d := diag.Nearest(s, names)
	limit := 1
	if len(s) >= 5 {
		limit = 2
	}
	if d < 0 || d > limit {
		return ""
	}
	return best
}

// nearestBuiltin is the predeclared name (a layer, nn, F, torch, ...)
// nearest to a name the script does not define: Conv2D → Conv2d.
func nearestBuiltin(name string) string {
	builtinsOnce.Do(initBuiltins)
	names := make([]string, 0, len(builtins))
	for n := range builtins {
		names = append(names, n)
	}
	sort.Strings(names)
	return nearestName(name, names)
}
