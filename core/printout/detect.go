package printout

import (
	"strings"
)

// Detect reports whether text looks like the output of print(model)
// rather than a model script. A printout starts with "ClassName(" alone
// on its line, or with a child line "(name): ClassName(" when only a part
// was pasted, and has child lines "(name): ..." ; it has no Python
// statements (assignments, def, import, comments). Model scripts,
// including ones that call Sequential( on a line of its own, are not
// printouts.
func Detect(text string) bool {
	first := true
	children := 0
	for _, raw := range strings.Split(text, "\n") {
		l := strings.TrimSpace(raw)
		if l == "" {
			continue
		}
		if isStatement(l, raw[0] != ' ' && raw[0] != '\t') {
			return false
		}
		if first {
			first = false
			switch {
			case isHeader(l):
			case isChildLine(l):
				children++
			default:
				return false
			}
			continue
		}
		if isChildLine(l) {
			children++
		}
	}
	return children > 0
}

// isHeader: "ResNet(" with nothing after the parenthesis.
func isHeader(l string) bool {
	if !strings.HasSuffix(l, "(") {
		return false
	}
	return isDotted(l[:len(l)-1])
}

// isChildLine: "(conv1): Conv2d(...", "(0-3): 4 x Block(".
func isChildLine(l string) bool {
	if !strings.HasPrefix(l, "(") {
		return false
	}
	i := strings.Index(l, "): ")
	if i < 2 {
		return false
	}
	key := l[1:i]
	if strings.ContainsAny(key, "()'\" ,=") {
		return false
	}
	rest := l[i+3:]
	// "4 x Block(" run-length prefix.
	if j := strings.Index(rest, " x "); j > 0 && isDigits(rest[:j]) {
		rest = rest[j+3:]
	}
	p := strings.IndexByte(rest, '(')
	return p > 0 && isDotted(rest[:p])
}

// isStatement reports lines only a script has.
func isStatement(l string, unindented bool) bool {
	for _, p := range []string{"#", "def ", "import ", "from ", "load(", "return", "if ", "for ", "class ", "self.", "@"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	// name = value, at the start of the line (kwargs inside a one-line
	// module come after the class name and its parenthesis).
	// Printouts indent every line but the first and last, so an
	// unindented "name = value" is a script's.
	if i := strings.IndexByte(l, '='); unindented && i > 0 && !strings.ContainsAny(l[:i], "(:") {
		return true
	}
	return false
}

func isDotted(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if !isName(part) {
			return false
		}
	}
	return true
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
