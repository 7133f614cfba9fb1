package app

import (
	"os"
	"strings"
	"testing"

	"floplab/core"
)

// TestCountCardNoFigure: when the selected tool's hook raises on the
// model (ptflops' RNN hook on a PackedSequence), its card shows no
// figure and says why, in English and Chinese, instead of the partial 62
// its rules count on the other calls; ptflops-aten's card keeps its 312.
func TestCountCardNoFigure(t *testing.T) {
	src, err := os.ReadFile("../cmd/floplab/testdata/packed_lstm.star")
	if err != nil {
		t.Fatal(err)
	}
	eng := CoreEngine()
	for _, tc := range []struct{ conv, lang, big, sub string }{
		{"ptflops", LangEN, "—", "no figure: ptflops's hook raises an error on rnn (it cannot read a PackedSequence, nor a cell's unbatched input)"},
		{"ptflops", LangZH, "—", "无数字：ptflops 的钩子在 rnn 上报错（它读不了 PackedSequence，也读不了循环单元的无批次输入）"},
		{"ptflops-aten", LangEN, "312", "312 MACs exact"},
	} {
		rep, err := eng.Analyze(core.Request{Script: string(src), Convention: tc.conv})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range Cards(rep, tc.lang, "MB", eng.Conventions) {
			if c.Metric != "count" {
				continue
			}
			if c.Big != tc.big || !strings.Contains(c.Sub, tc.sub) || tc.big == "—" && !strings.Contains(c.Formula.Body, tc.sub) {
				t.Errorf("%s %s: count card %q, %q, formula %q", tc.conv, tc.lang, c.Big, c.Sub, c.Formula.Body)
			}
			if tc.big == "—" && c.Tool != "" {
				t.Errorf("%s %s: the tool line %q is shown", tc.conv, tc.lang, c.Tool)
			}
		}
	}
}
