package core

import (
	"strings"
	"testing"
)

// TestCountOutsideLayers: under ptflops a layer's row is its hook's
// figure, and the patched functionals that modules call are counted once
// more outside every row (AlexNet: 879,232, ptflops'
// functional_and_tensor_ops); the rows and that line add up to the total,
// and the exports list it. Other tools have nothing outside the rows.
func TestCountOutsideLayers(t *testing.T) {
	for _, tc := range []struct {
		conv     string
		outside  int64
		csvLine  string
		markdown string
	}{
		{"ptflops", 879232, "(outside the layers),functional counter,,,,,879232,0.1\r\n", "| (outside the layers) | functional counter |  |  |  |  | 879,232 | 0.1 |\n"},
		{"ptflops-legacy", 0, "", ""},
		{"thop", 0, "", ""},
		{"torch", 0, "", ""},
	} {
		rep, err := Analyze(Request{Preset: "alexnet", Convention: tc.conv})
		if err != nil {
			t.Fatal(err)
		}
		if got := rep.Totals.CountOutsideLayers; got != tc.outside {
			t.Errorf("%s: outside the layers %d, want %d", tc.conv, got, tc.outside)
		}
		sum := rep.Totals.CountOutsideLayers
		for _, l := range rep.Layers {
			sum += l.Count
		}
		if sum != rep.Totals.Count {
			t.Errorf("%s: rows and outside add up to %d, total %d", tc.conv, sum, rep.Totals.Count)
		}
		csv, md := LayersCSV(rep), LayersMarkdown(rep)
		if has := strings.Contains(csv, "(outside the layers)"); has != (tc.csvLine != "") || (has && !strings.Contains(csv, tc.csvLine)) {
			t.Errorf("%s: CSV outside line, want %q:\n%s", tc.conv, tc.csvLine, csv[len(csv)-300:])
		}
		if has := strings.Contains(md, "(outside the layers)"); has != (tc.markdown != "") || (has && !strings.Contains(md, tc.markdown)) {
			t.Errorf("%s: Markdown outside line, want %q", tc.conv, tc.markdown)
		}
	}
}
