package printout

import (
	"strings"
	"testing"

	"floplab/core"
)

// TestPartialLayerCounts: an incomplete result never reads "N of N
// layers". The PyTorch tutorial Net (its forward pools twice, which the
// printout does not show) restarts fc1 from an assumed input of 400
// features: fc1 and the layers fed from it are counted from that assumed
// input (AssumedLayers), not as counted layers; an unknown class passed
// through is a layer not counted.
func TestPartialLayerCounts(t *testing.T) {
	const head = "Net(\n  (conv1): Conv2d(3, 6, kernel_size=(5, 5), stride=(1, 1))\n" +
		"  (pool): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n" +
		"  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))\n" +
		"  (fc1): Linear(in_features=400, out_features=120, bias=True)\n"
	const tail = "  (fc2): Linear(in_features=120, out_features=84, bias=True)\n" +
		"  (fc3): Linear(in_features=84, out_features=10, bias=True)\n)\n"
	mixer := head + "  (mix): MyMixer()\n" + tail
	for _, c := range []struct {
		name                    string
		src                     string
		input                   []int64
		assume                  []core.Assumption
		complete                bool
		counted, assumed, total int
		note                    string
	}{
		// 32x32: conv1, pool, conv2 from the input; fc1 restarts.
		{"tutorial Net", head + tail, []int64{1, 3, 32, 32}, nil, false, 3, 3, 6,
			"MACs of 3 of 6 layers, and of 3 more counted from an input shape FlopLab assumed"},
		{"MyMixer unknown", mixer, []int64{1, 3, 32, 32}, nil, false, 3, 3, 7,
			"MACs of 3 of 7 layers, and of 3 more counted from an input shape FlopLab assumed"},
		// The case: the mixer counted as stated, 7 of 7 before.
		{"MyMixer assumed", mixer, []int64{1, 3, 32, 32}, []core.Assumption{{Class: "MyMixer", Params: 14520, MACs: 14400}}, false, 3, 4, 7,
			"MACs of 3 of 7 layers, and of 4 more counted from an input shape FlopLab assumed"},
		// 22x22: conv2 gives 16x5x5 = 400 features, the flatten fits.
		{"flatten fits", head + tail, []int64{1, 3, 22, 22}, nil, true, 6, 0, 6, ""},
		{"MyMixer unknown, flatten fits", mixer, []int64{1, 3, 22, 22}, nil, false, 6, 0, 7,
			"MACs of 6 of 7 layers: the operation counts leave out 1 part(s)"},
	} {
		rep, err := core.Analyze(core.Request{Script: c.src, Importers: []core.Importer{Importer{}}, Inputs: [][]int64{c.input}, Assume: c.assume})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if rep.Complete != c.complete || rep.CountedLayers != c.counted || rep.AssumedLayers != c.assumed || rep.TotalLayers != c.total {
			t.Errorf("%s: complete %v, counted %d, assumed %d, total %d; want %v, %d, %d, %d",
				c.name, rep.Complete, rep.CountedLayers, rep.AssumedLayers, rep.TotalLayers, c.complete, c.counted, c.assumed, c.total)
		}
		if !rep.Complete && rep.CountedLayers >= rep.TotalLayers {
			t.Errorf("%s: incomplete, yet %d of %d layers counted", c.name, rep.CountedLayers, rep.TotalLayers)
		}
		if c.note != "" && !strings.Contains(strings.Join(rep.NotesIn("en"), "\n"), c.note) {
			t.Errorf("%s: no note %q in\n%s", c.name, c.note, strings.Join(rep.NotesIn("en"), "\n"))
		}
	}
}

// TestParamsLowerBound: a partial result says its parameters are exact
// only when no part left out can hold weights. A class printed without
// sizes (MyMixer()) is taken to hold none; one printed with sizes, an
// elision and a cut-off printout may hold some, so the parameters are a
// lower bound (Report.ParamsLowerBound, the note, JSON
// incomplete[].params_unknown).
func TestParamsLowerBound(t *testing.T) {
	const head = "Net(\n  (conv1): Conv2d(3, 6, kernel_size=(5, 5), stride=(1, 1))\n" +
		"  (pool): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n" +
		"  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))\n"
	const tail = "  (fc1): Linear(in_features=400, out_features=120, bias=True)\n" +
		"  (fc2): Linear(in_features=120, out_features=84, bias=True)\n" +
		"  (fc3): Linear(in_features=84, out_features=10, bias=True)\n)\n"
	for _, c := range []struct {
		name  string
		src   string
		lower bool
	}{
		{"no sizes", head + "  (mix): MyMixer()\n" + tail, false},
		{"with sizes", head + "  (mix): MyMixer(16, 16)\n" + tail, true},
		{"elided", head + "  ...\n" + tail, true},
		{"cut off", head + "  (fc1): Linear(in_features=400, out_features=120, bias=True)\n", true},
	} {
		rep, err := core.Analyze(core.Request{Script: c.src, Importers: []core.Importer{Importer{}}, Inputs: [][]int64{{1, 3, 22, 22}}})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if rep.Complete {
			t.Fatalf("%s: complete; want a partial result", c.name)
		}
		if rep.ParamsLowerBound != c.lower {
			t.Errorf("%s: ParamsLowerBound %v, want %v (incomplete %+v)", c.name, rep.ParamsLowerBound, c.lower, rep.Incomplete)
		}
		notes := strings.Join(rep.NotesIn("en"), "\n")
		want, not := "the parameters are exact", "the parameters are a lower bound too"
		if c.lower {
			want, not = not, want
		}
		if !strings.Contains(notes, want) || strings.Contains(notes, not) {
			t.Errorf("%s: notes should say %q, not %q:\n%s", c.name, want, not, notes)
		}
		zh := strings.Join(rep.NotesIn("zh"), "\n")
		if strings.Contains(zh, "lower bound") || strings.Contains(zh, "parameters are exact") {
			t.Errorf("%s: English in the Chinese notes:\n%s", c.name, zh)
		}
	}
}
