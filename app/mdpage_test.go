//go:build !wasm

package app

import (
	"os"
	"strings"
	"testing"
)

// TestLanguagePage renders the real language reference: its headings,
// code and text, escaped (issue 12, item 13: the page's help links to it).
func TestLanguagePage(t *testing.T) {
	md, err := os.ReadFile("../core/lang/LANGUAGE.md")
	if err != nil {
		t.Fatal(err)
	}
	page := LanguagePage(string(md))
	for _, want := range []string{"<title>FlopLab model scripts</title>", `<h2 id="inputs-and-the-model">Inputs and the model</h2>`,
		"<pre class=\"mono\"><code>input_shape = (1, 3, 224, 224)", "<code>Conv2d</code>", "</main>"} {
		if !strings.Contains(page, want) {
			t.Errorf("language page lacks %q", want)
		}
	}
	if strings.Contains(page, "```") || strings.Contains(page, "](") {
		t.Error("Markdown left unconverted")
	}
	if got := LanguagePage("x < y and `a<b>` [s](https://x.org/?a=1&b=2)\n"); !strings.Contains(got, "x &lt; y and <code>a&lt;b&gt;</code> <a href=\"https://x.org/?a=1&amp;b=2\">s</a>") {
		t.Errorf("inline: %s", got)
	}
}
