package core

import (
	"strings"
	"testing"
)

// TestCountOutsideLayers: under ptflops a layer's row is its hook's
// figure per image (as print_per_layer_stat shows it), and the patched
// functionals that modules call are counted once more outside every row,
// for the whole batch (AlexNet: 879,232, ptflops'
// functional_and_tensor_ops); the rows and that line add up to the total
// at any batch, and the exports list it. Other tools have nothing outside
// the rows.
func TestCountOutsideLayers(t *testing.T) {
	for _, tc := range []struct {
		conv     string
		batch    int64
		outside  int64
		csvLine  string
		markdown string
	}{
		{"ptflops", 1, 879232, "(outside the layers),functional counter,,,,,879232,0.1\r\n", "| (outside the layers) | functional counter |  |  |  |  | 879,232 | 0.1 |\n"},
		{"ptflops", 8, 8 * 879232, "(outside the layers),functional counter,,,,,7033856,1.0\r\n", "| (outside the layers) | functional counter |  |  |  |  | 7,033,856 | 1.0 |\n"},
		{"ptflops-legacy", 8, 0, "", ""},
		{"thop", 1, 0, "", ""},
		{"torch", 1, 0, "", ""},
	} {
		rep, err := Analyze(Request{Preset: "alexnet", Convention: tc.conv, Inputs: [][]int64{{tc.batch, 3, 224, 224}}})
		if err != nil {
			t.Fatal(err)
		}
		if tc.conv == "ptflops" {
			// features.1 (nn.ReLU): 64·55·55 outputs per image.
			if l := rep.Layers[1]; l.Name != "features.1" || l.Count != 193600 {
				t.Errorf("ptflops batch %d: %s row %d, want features.1 193600", tc.batch, l.Name, l.Count)
			}
		}
		if got := rep.Totals.CountOutsideLayers; got != tc.outside {
			t.Errorf("%s batch %d: outside the layers %d, want %d", tc.conv, tc.batch, got, tc.outside)
		}
		sum := rep.Totals.CountOutsideLayers
		for _, l := range rep.Layers {
			sum += l.Count
		}
		if sum != rep.Totals.Count {
			t.Errorf("%s batch %d: rows and outside add up to %d, total %d", tc.conv, tc.batch, sum, rep.Totals.Count)
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
