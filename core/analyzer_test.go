package core_test

import (
	"encoding/json"
	"os"
	"testing"

	"floplab/core"
	"floplab/core/importers"
)

// TestAnalyzer runs a sequence of requests through one Analyzer, as the
// page does, and checks each report against a fresh core.Analyze: the
// same JSON, formulas included. A request that changes only the counting
// (convention, dtype, every convention, deferred formulas, demand) must
// reuse the trace; one that changes the script, preset, inputs or ties
// must trace again.
func TestAnalyzer(t *testing.T) {
	gpt2, err := os.ReadFile("printout/testdata/hf/gpt2.txt")
	if err != nil {
		t.Fatal(err)
	}
	const script = "model = Sequential(Conv2d(3, 8, 3), ReLU(), Flatten(), Linear(8 * 30 * 30, 10))\ninput_shape = (1, 3, 32, 32)\n"
	var a core.Analyzer
	var prev *core.Report
	for _, tc := range []struct {
		name   string
		req    core.Request
		reused bool
	}{
		{"preset", core.Request{Preset: "resnet18"}, false},
		{"convention", core.Request{Preset: "resnet18", Convention: "thop"}, true},
		{"dtype and all", core.Request{Preset: "resnet18", Convention: "ptflops", DType: "bf16", AllConventions: true}, true},
		{"deferred", core.Request{Preset: "resnet18", DeferFormulas: true}, true},
		{"demand", core.Request{Preset: "resnet18", Demand: &core.DemandOptions{}}, true},
		{"inputs", core.Request{Preset: "resnet18", Inputs: [][]int64{{2, 3, 224, 224}}}, false},
		{"same inputs", core.Request{Preset: "resnet18", Inputs: [][]int64{{2, 3, 224, 224}}, Convention: "fvcore"}, true},
		{"other inputs", core.Request{Preset: "resnet18", Inputs: [][]int64{{2, 3, 256, 256}}}, false},
		{"other preset", core.Request{Preset: "alexnet", Inputs: [][]int64{{2, 3, 256, 256}}}, false},
		{"script", core.Request{Script: script}, false},
		{"script again", core.Request{Script: script, Convention: "torchinfo"}, true},
		{"filename", core.Request{Script: script, Filename: "other.star"}, false},
		{"edited", core.Request{Script: script + "# a comment\n", Filename: "other.star"}, false},
		{"printout", core.Request{Script: string(gpt2)}, false},
		{"printout untie", core.Request{Script: string(gpt2), Untie: true}, false},
		{"printout untie dtype", core.Request{Script: string(gpt2), Untie: true, DType: "int8"}, true},
		{"printout tie", core.Request{Script: string(gpt2), Untie: true, Ties: [][2]string{{"lm_head", "transformer.wte"}}}, false},
		{"printout tie again", core.Request{Script: string(gpt2), Untie: true, Ties: [][2]string{{"lm_head", "transformer.wte"}}, Convention: "thop"}, true},
	} {
		tc.req.Importers = importers.All()
		got, err := a.Analyze(tc.req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		want, err := core.Analyze(tc.req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if g, w := reportJSON(t, got), reportJSON(t, want); g != w {
			t.Errorf("%s: the Analyzer's report differs from Analyze's:\n%.400s\nwant\n%.400s", tc.name, g, w)
		}
		for i := range got.Layers {
			gf, gp, gm := got.LayerFormulasIn("zh", i)
			wf, wp, wm := want.LayerFormulasIn("zh", i)
			if gf != wf || gp != wp || gm != wm {
				t.Errorf("%s: layer %d formulas %q %q %q, want %q %q %q", tc.name, i, gf, gp, gm, wf, wp, wm)
				break
			}
		}
		if prev != nil {
			if reused := got.Graph == prev.Graph; reused != tc.reused {
				t.Errorf("%s: trace reused %v, want %v", tc.name, reused, tc.reused)
			}
		}
		prev = got
	}
}

// TestAnalyzerKeepsItsKey: changing a request's input slices after the
// call must not change what the Analyzer compares the next request with.
func TestAnalyzerKeepsItsKey(t *testing.T) {
	var a core.Analyzer
	in := [][]int64{{1, 3, 224, 224}}
	first, err := a.Analyze(core.Request{Preset: "alexnet", Inputs: in})
	if err != nil {
		t.Fatal(err)
	}
	in[0][0] = 4
	second, err := a.Analyze(core.Request{Preset: "alexnet", Inputs: in})
	if err != nil {
		t.Fatal(err)
	}
	if second.Graph == first.Graph || second.Inputs[0][0] != 4 || second.Totals.MACs != 4*first.Totals.MACs {
		t.Errorf("batch 4 after batch 1: reused %v, inputs %v, MACs %d (batch 1: %d)", second.Graph == first.Graph, second.Inputs, second.Totals.MACs, first.Totals.MACs)
	}
}

func reportJSON(t *testing.T, r *core.Report) string {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
