package lang

import (
	"regexp"

	"floplab/core/msg"
)

// Starlark's own error messages (go.starlark.net's parser, resolver and
// argument unpacking) are plain English strings. The common ones are read
// back into a format and its values, so they render in Chinese too; the
// English rendering is the original message, byte for byte.
var starlarkMessages = []struct {
	re     *regexp.Regexp
	format string // has one %s per group of re
}{
	{regexp.MustCompile(`^undefined: (\S+) \(did you mean (\S+)\?\)$`), "undefined: %s (did you mean %s?)"},
	{regexp.MustCompile(`^undefined: (\S+)$`), "undefined: %s"},
	{regexp.MustCompile(`^got (.+) after expression, want EOF$`), "got %s after expression, want EOF"},
	{regexp.MustCompile(`^got (.+), want primary expression$`), "got %s, want primary expression"},
	{regexp.MustCompile(`^got (.+), want (.+)$`), "got %s, want %s"},
	{regexp.MustCompile(`^(.+): unexpected keyword argument (\S+) \(did you mean (\S+)\?\)$`), "%s: unexpected keyword argument %s (did you mean %s?)"},
	{regexp.MustCompile(`^(.+): unexpected keyword argument (\S+)$`), "%s: unexpected keyword argument %s"},
	{regexp.MustCompile(`^(.+): missing argument for (\S+)$`), "%s: missing argument for %s"},
	{regexp.MustCompile(`^(.+): got (\d+) arguments, want at most (\d+)$`), "%s: got %s arguments, want at most %s"},
	{regexp.MustCompile(`^(.+): got multiple values for keyword argument (\S+)$`), "%s: got multiple values for keyword argument %s"},
	{regexp.MustCompile(`^(.+) does not associate with (.+) \(use parens\)$`), "%s does not associate with %s (use parens)"},
	{regexp.MustCompile(`^Starlark computation cancelled: too many steps$`), "Starlark computation cancelled: too many steps"},
	{regexp.MustCompile(`^invalid syntax$`), "invalid syntax"},
	{regexp.MustCompile(`^not an identifier$`), "not an identifier"},
	{regexp.MustCompile(`^unparenthesized tuple with trailing comma$`), "unparenthesized tuple with trailing comma"},
	{regexp.MustCompile(`^conditional expression without else clause$`), "conditional expression without else clause"},
	{regexp.MustCompile(`^keyword argument must have form name=expr$`), "keyword argument must have form name=expr"},
}

// starlarkText is s as a Text: a known message's format and values, or s
// itself (which then renders in English).
func starlarkText(s string) msg.Text {
	for _, m := range starlarkMessages {
		g := m.re.FindStringSubmatch(s)
		if g == nil {
			continue
		}
		if len(g) == 1 {
			return msg.F(m.format)
		}
		args := make([]any, len(g)-1)
		for i, v := range g[1:] {
			args[i] = v
		}
		return msg.F(m.format, args...)
	}
	return msg.F(s)
}
