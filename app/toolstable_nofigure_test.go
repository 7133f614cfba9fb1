package app

import (
	"os"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
)

// TestToolsTableNoFigure: a tool whose hook raises on the model (ptflops'
// RNN hook on a PackedSequence) has a row that says "no figure" and why,
// in English and Chinese, and no figure of its own; the others keep
// theirs (ptflops-aten 312).
func TestToolsTableNoFigure(t *testing.T) {
	src, err := os.ReadFile("../cmd/floplab/testdata/packed_lstm.star")
	if err != nil {
		t.Fatal(err)
	}
	eng := CoreEngine()
	rep, err := eng.Analyze(core.Request{Script: string(src), Convention: "ptflops", AllConventions: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, want string }{
		{LangEN, "no figure: ptflops&#39;s hook raises an error on rnn (it cannot read a PackedSequence, nor a cell&#39;s unbatched input)"},
		{LangZH, "无数字：ptflops 的钩子在 rnn 上报错（它读不了 PackedSequence，也读不了循环单元的无批次输入）"},
	} {
		html := app.HTMLString(&ToolsTable{Report: rep, Lang: tc.lang, Convs: eng.Conventions})
		if n := strings.Count(html, tc.want); n != 2 {
			t.Errorf("%s: %d rows say %q, want 2 (ptflops, ptflops-legacy):\n%s", tc.lang, n, tc.want, html)
		}
		if strings.Contains(html, `data-value="62"`) || !strings.Contains(html, `data-value="312"`) {
			t.Errorf("%s: ptflops' partial 62 shown as its figure, or ptflops-aten's 312 missing", tc.lang)
		}
	}
}
