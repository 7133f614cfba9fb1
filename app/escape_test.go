package app

import (
	"html"
	"testing"
)

// TestEscapeHTMLAsPackageHTML checks escapeHTML against html.EscapeString,
// which it stands in for, on hostile and ordinary text.
func TestEscapeHTMLAsPackageHTML(t *testing.T) {
	for _, s := range []string{
		"",
		"conv1",
		`<script>alert("x")</script>`,
		`a & b 'c' "d" <e> &amp; &#39; &lt;`,
		`" onmouseover="alert(1)`,
		"卷积层 → 输出 <3×3>",
		"\x00\xff\xfe invalid UTF-8 & <",
		"&&&&<<<>>>'''\"\"\"",
	} {
		if got, want := escapeHTML(s), html.EscapeString(s); got != want {
			t.Errorf("escapeHTML(%q) = %q, want %q", s, got, want)
		}
	}
}
