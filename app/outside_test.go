package app

import (
	"strings"
	"testing"

	"floplab/core"
)

// TestOutsideFormulas: under ptflops a ReLU's count formula gives its
// hook's figure, then names the second count outside the row; the row
// outside the layers explains itself, in both languages.
func TestOutsideFormulas(t *testing.T) {
	rep, err := core.Analyze(core.Request{Preset: "alexnet", Convention: "ptflops", DeferFormulas: true})
	if err != nil {
		t.Fatal(err)
	}
	rows := BuildRows(rep.Layers, moduleTypes(rep))
	r, ok := RowByKey(rows, "features.1")
	if !ok {
		t.Fatal("no features.1 row")
	}
	_, _, _, en := LayerFormulas(LangEN, rep, r, "ptflops")
	want := "ptflops: 193,600 (output elements) = 193,600\n= 193,600\noutside this row, in the functional counter: 193,600 (output elements, again via the patched functional)"
	if en.Body != want {
		t.Errorf("English count formula\n%q\nwant\n%q", en.Body, want)
	}
	_, _, _, zh := LayerFormulas(LangZH, rep, r, "ptflops")
	if !strings.Contains(zh.Body, "不在本行、另计入函数式计数器：193,600") || !strings.HasSuffix(strings.SplitN(zh.Body, "\n", 3)[1], "= 193,600") {
		t.Errorf("Chinese count formula %q", zh.Body)
	}
	for _, lang := range []string{LangEN, LangZH} {
		f := OutsideFormula(lang, "ptflops", "ptflops 0.7.x", rep.Totals.CountOutsideLayers)
		if !strings.HasSuffix(f.Body, "\n= 879,232") || !strings.Contains(f.Body, "ptflops") || f.Title == "" {
			t.Errorf("%s: outside formula %q %q", lang, f.Title, f.Body)
		}
	}
}
