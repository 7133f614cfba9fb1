package presets_test

// Shared checks for the efficient-CNN presets (mobilenet, shufflenet, mnasnet,
// efficientnet, regnet, convnext). Golden data:
//   - testdata/golden/<preset>.json: written by scripts/golden_presets.py from
//     torch 1.13.1 / torchvision 0.14.1 (weights=None, eval, no_grad) at the
//     preset's default input; see each file's "provenance".
//   - testdata/published.json: torchvision's published num_params/_ops, copied
//     by scripts/golden_presets.py --published from the FlopLab reference data.
//   - testdata/published_efficient.json: the same metadata for the presets the
//     reference file does not list (efficientnet_b1..b3, shufflenet_v2_x0_5,
//     regnet_x_400mf), with its provenance inside.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"floplab/core"
	"floplab/core/graph"
	"floplab/core/presets"
)

// effGolden is one testdata/golden/<preset>.json.
type effGolden struct {
	Preset          string  `json:"preset"`
	InputShape      []int64 `json:"input_shape"`
	Params          int64   `json:"params"`
	TrainableParams int64   `json:"trainable_params"`
	Buffers         int64   `json:"buffers"`
	// Calls rows: [name, class, output shape, params].
	Calls [][]json.RawMessage `json:"calls"`
}

// effCall is one leaf-module call: what a forward hook on that module sees.
type effCall struct {
	Name   string
	Class  string
	Shape  []int64
	Params int64
}

func (c effCall) String() string {
	return fmt.Sprintf("%s %s %v params=%d", c.Name, c.Class, c.Shape, c.Params)
}

type effPublished struct {
	NumParams int64   `json:"num_params"`
	Ops       float64 `json:"_ops"`
}

func effLoadGolden(t *testing.T, name string) (effGolden, []effCall) {
	t.Helper()
	return effLoadGoldenFile(t, filepath.Join("testdata", "golden", name+".json"))
}

func effLoadGoldenFile(t *testing.T, path string) (effGolden, []effCall) {
	t.Helper()
	name := path
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden data: %v (written by scripts/golden_presets.py)", err)
	}
	var g effGolden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("golden %s: %v", name, err)
	}
	calls := make([]effCall, len(g.Calls))
	for i, row := range g.Calls {
		if len(row) != 4 {
			t.Fatalf("golden %s: call row %d has %d fields", name, i, len(row))
		}
		c := &calls[i]
		for j, dst := range []any{&c.Name, &c.Class, &c.Shape, &c.Params} {
			if err := json.Unmarshal(row[j], dst); err != nil {
				t.Fatalf("golden %s: call row %d field %d: %v", name, i, j, err)
			}
		}
	}
	return g, calls
}

// effLoadPublished reads torchvision's published figures for a model from
// testdata/published.json, else testdata/published_efficient.json.
func effLoadPublished(t *testing.T, name string) effPublished {
	t.Helper()
	for _, f := range []string{"published.json", "published_efficient.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			continue
		}
		var doc struct {
			Models map[string]effPublished `json:"models"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if p, ok := doc.Models[name]; ok {
			return p
		}
	}
	t.Fatalf("no published torchvision figures for %s", name)
	return effPublished{}
}

// effLeafCalls lists the calls of leaf modules in the traced graph, in call
// order, the way a forward hook on every leaf module records them.
func effLeafCalls(t *testing.T, g *graph.Graph) []effCall {
	t.Helper()
	var out []effCall
	for _, n := range g.Nodes {
		if n.Call != graph.CallModule || n.Module < 0 || n.Module >= len(g.Modules) {
			continue
		}
		m := g.Modules[n.Module]
		if !m.Leaf {
			continue
		}
		trainable, frozen, _ := graph.Count(m.Params)
		var shape []int64
		if len(n.Outputs) > 0 {
			shape = append(shape, n.Outputs[0].Shape...)
		}
		out = append(out, effCall{Name: m.Path, Class: m.Type, Shape: shape, Params: trainable + frozen})
	}
	return out
}

// effCheckPreset runs one preset at its default input and compares it with
// the golden data and torchvision's published figures.
func effCheckPreset(t *testing.T, name string) {
	t.Helper()
	p, ok := presets.Lookup(name)
	if !ok {
		t.Fatalf("preset %s not found", name)
	}
	g, want := effLoadGolden(t, name)
	pub := effLoadPublished(t, name)
	if len(p.Input) != 1 || !reflect.DeepEqual(p.Input[0], g.InputShape) {
		t.Errorf("default input %v, golden data measured at %v", p.Input, g.InputShape)
	}

	rep, err := core.Analyze(core.Request{Preset: name, AllConventions: true})
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}

	if g.Params != pub.NumParams {
		t.Errorf("golden params %d != published num_params %d", g.Params, pub.NumParams)
	}
	if rep.Totals.Params != g.Params {
		t.Errorf("params = %d, want %d (torchvision)", rep.Totals.Params, g.Params)
	}
	if rep.Totals.TrainableParams != g.TrainableParams {
		t.Errorf("trainable params = %d, want %d", rep.Totals.TrainableParams, g.TrainableParams)
	}
	if rep.Totals.Buffers != g.Buffers {
		t.Errorf("buffers = %d, want %d (torch counts running_mean, running_var and num_batches_tracked)", rep.Totals.Buffers, g.Buffers)
	}

	got := effLeafCalls(t, rep.Graph)
	n := len(got)
	if len(want) < n {
		n = len(want)
	}
	for i := 0; i < n; i++ {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("leaf call %d:\n got  %v\n want %v", i, got[i], want[i])
			break
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d leaf module calls, want %d", len(got), len(want))
	}

	tv, ok := rep.Conventions["torchvision"]
	if !ok {
		t.Fatalf("no torchvision convention in the report")
	}
	if gotG, wantG := fmt.Sprintf("%.3f", float64(tv.Count)/1e9), fmt.Sprintf("%.3f", pub.Ops); gotG != wantG {
		t.Errorf("torchvision GFLOPS = %s (%d), published _ops %s", gotG, tv.Count, wantG)
	}
}

// effCheckOtherInputs traces a preset at 512x512 and at batch 8 of its default
// size: the parameters do not change, the output is [N, num_classes], and the
// torchvision count (conv + matmul MACs) grows with the batch exactly 8-fold.
func effCheckOtherInputs(t *testing.T, name string, numClasses int64) {
	t.Helper()
	p, ok := presets.Lookup(name)
	if !ok {
		t.Fatalf("preset %s not found", name)
	}
	base, err := core.Analyze(core.Request{Preset: name, AllConventions: true})
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	def := p.Input[0]
	batch8 := append([]int64{8}, def[1:]...)
	for _, in := range [][]int64{{1, 3, 512, 512}, batch8} {
		rep, err := core.Analyze(core.Request{Preset: name, AllConventions: true, Inputs: [][]int64{in}})
		if err != nil {
			t.Errorf("input %v: %v", in, err)
			continue
		}
		if rep.Totals.Params != base.Totals.Params {
			t.Errorf("input %v: params %d, at the default input %d", in, rep.Totals.Params, base.Totals.Params)
		}
		outs := rep.Graph.Outputs
		if len(outs) != 1 || !reflect.DeepEqual(outs[0].Shape, graph.Shape{in[0], numClasses}) {
			var shapes []graph.Shape
			for _, o := range outs {
				shapes = append(shapes, o.Shape)
			}
			t.Errorf("input %v: outputs %v, want [[%d %d]]", in, shapes, in[0], numClasses)
		}
		if in[0] == 8 {
			got, want := rep.Conventions["torchvision"].Count, 8*base.Conventions["torchvision"].Count
			if got != want {
				t.Errorf("batch 8: torchvision count %d, want 8 x %d = %d", got, base.Conventions["torchvision"].Count, want)
			}
		}
	}
}

// effArgsCase builds a preset family's model with non-default constructor
// arguments; golden is testdata/golden_args/<golden>.json, written by
//
//	scripts/golden_presets.py --out core/presets/testdata/golden_args --kwargs JSON NAME
//
// and torchvision is the constructor call recorded in its provenance.
type effArgsCase struct {
	preset      string // any preset of the family, for its source file
	call        string // the script's model = ... expression
	golden      string
	torchvision string
}

// effCheckArgs traces the family file with another constructor call at the
// golden input and compares params and the leaf-call sequence.
func effCheckArgs(t *testing.T, tc effArgsCase) {
	t.Helper()
	p, ok := presets.Lookup(tc.preset)
	if !ok {
		t.Fatalf("preset %s not found", tc.preset)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "golden_args", tc.golden+".json"))
	if err != nil {
		t.Fatalf("golden data: %v", err)
	}
	var prov struct {
		Provenance struct {
			Model string `json:"model"`
		} `json:"provenance"`
	}
	if err := json.Unmarshal(b, &prov); err != nil {
		t.Fatalf("golden %s: %v", tc.golden, err)
	}
	if prov.Provenance.Model != tc.torchvision {
		t.Fatalf("golden %s was made by %s, the test expects %s", tc.golden, prov.Provenance.Model, tc.torchvision)
	}
	g, want := effLoadGoldenFile(t, filepath.Join("testdata", "golden_args", tc.golden+".json"))
	script := presets.Source(p) + "\nmodel = " + tc.call + "\n" + presets.InputLine([][]int64{g.InputShape}, "float")
	rep, err := core.Analyze(core.Request{Script: script, Filename: p.File})
	if err != nil {
		t.Fatalf("Analyze %s: %v", tc.call, err)
	}
	if rep.Totals.Params != g.Params {
		t.Errorf("params = %d, want %d", rep.Totals.Params, g.Params)
	}
	if rep.Totals.Buffers != g.Buffers {
		t.Errorf("buffers = %d, want %d", rep.Totals.Buffers, g.Buffers)
	}
	got := effLeafCalls(t, rep.Graph)
	for i := 0; i < len(got) && i < len(want); i++ {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("leaf call %d:\n got  %v\n want %v", i, got[i], want[i])
			break
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d leaf module calls, want %d", len(got), len(want))
	}
}
