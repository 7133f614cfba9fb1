package presets_test

// Shared checks for the classic-CNN presets (vgg, resnet, googlenet,
// inception, densenet, squeezenet). Golden data:
//   - testdata/golden/<preset>.json: written by scripts/golden_presets.py from
//     torch 1.13.1 / torchvision 0.14.1 (weights=None, eval, no_grad;
//     googlenet and inception_v3 with aux_logits=False) at the preset's
//     default input; see each file's "provenance". Besides the leaf-module
//     calls it lists model.named_modules() ("modules").
//   - testdata/published.json: torchvision's published num_params/_ops,
//     copied by scripts/golden_presets.py --published from the FlopLab
//     reference data. Not every preset has weights with published figures.
// The leaf-call comparison reuses effLoadGolden and effLeafCalls
// (efficient_helpers_test.go).

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"floplab/core"
	"floplab/core/presets"
)

// classicPublished returns torchvision's published figures for a model, and
// whether testdata/published.json lists it.
func classicPublished(t *testing.T, name string) (effPublished, bool) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "published.json"))
	if err != nil {
		t.Fatalf("published figures: %v", err)
	}
	var doc struct {
		Models map[string]effPublished `json:"models"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("published.json: %v", err)
	}
	p, ok := doc.Models[name]
	return p, ok
}

// classicGoldenModules reads the "modules" rows of a golden file:
// model.named_modules() in registration order as "path class".
func classicGoldenModules(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "golden", name+".json"))
	if err != nil {
		t.Fatalf("golden data: %v (run scripts/golden_presets.py %s)", err, name)
	}
	var doc struct {
		Modules [][2]string `json:"modules"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("golden %s: %v", name, err)
	}
	if len(doc.Modules) == 0 {
		t.Fatalf("golden %s has no modules (regenerate it with scripts/golden_presets.py)", name)
	}
	out := make([]string, len(doc.Modules))
	for i, m := range doc.Modules {
		out[i] = m[0] + " " + m[1]
	}
	return out
}

// classicCase is one classic preset and what torchvision publishes for it.
type classicCase struct {
	name string
	// published: torchvision publishes num_params and _ops for this model.
	published bool
	// publishedParams overrides the expectation that the published
	// num_params equals the golden params (inception_v3: the published
	// figure includes the aux head, which the evaluation form drops).
	publishedParams bool
}

// classicCheckPreset runs one preset at its default input and compares it
// with the golden data and torchvision's published figures.
func classicCheckPreset(t *testing.T, tc classicCase) {
	t.Helper()
	p, ok := presets.Lookup(tc.name)
	if !ok {
		t.Fatalf("preset %s not found", tc.name)
	}
	gold, wantCalls := effLoadGolden(t, tc.name)
	if len(p.Input) != 1 || !reflect.DeepEqual(p.Input[0], gold.InputShape) {
		t.Errorf("default input %v, golden data measured at %v", p.Input, gold.InputShape)
	}
	if p.Group != presets.GroupClassic {
		t.Errorf("group %q, want %q", p.Group, presets.GroupClassic)
	}
	if p.Paper == "" || p.Year == 0 || p.Mirrors == "" {
		t.Errorf("header lacks paper/year/mirrors: %+v", p)
	}

	rep, err := core.Analyze(core.Request{Preset: tc.name, AllConventions: true})
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	if rep.Totals.Params != gold.Params {
		t.Errorf("params = %d, want %d (torchvision)", rep.Totals.Params, gold.Params)
	}
	if rep.Totals.TrainableParams != gold.TrainableParams {
		t.Errorf("trainable params = %d, want %d", rep.Totals.TrainableParams, gold.TrainableParams)
	}
	if rep.Totals.Buffers != gold.Buffers {
		t.Errorf("buffers = %d, want %d (running_mean, running_var, num_batches_tracked)", rep.Totals.Buffers, gold.Buffers)
	}

	// The module tree: paths and classes in registration order.
	wantMods := classicGoldenModules(t, tc.name)
	var gotMods []string
	for _, m := range rep.Graph.Modules {
		gotMods = append(gotMods, m.Path+" "+m.Type)
	}
	classicFirstDiff(t, "module", gotMods, wantMods)

	// The leaf-module calls a forward hook on every leaf module sees.
	gotCalls := effLeafCalls(t, rep.Graph)
	var got, want []string
	for _, c := range gotCalls {
		got = append(got, c.String())
	}
	for _, c := range wantCalls {
		want = append(want, c.String())
	}
	classicFirstDiff(t, "leaf call", got, want)

	if !tc.published {
		if _, ok := classicPublished(t, tc.name); ok {
			t.Errorf("published.json lists %s: check it", tc.name)
		}
		return
	}
	pub, ok := classicPublished(t, tc.name)
	if !ok {
		t.Fatalf("no published torchvision figures for %s", tc.name)
	}
	if !tc.publishedParams && gold.Params != pub.NumParams {
		t.Errorf("golden params %d != published num_params %d", gold.Params, pub.NumParams)
	}
	tv, ok := rep.Conventions["torchvision"]
	if !ok {
		t.Fatalf("no torchvision convention in the report")
	}
	if gotG, wantG := fmt.Sprintf("%.3f", float64(tv.Count)/1e9), fmt.Sprintf("%.3f", pub.Ops); gotG != wantG {
		t.Errorf("torchvision GFLOPS = %s (%d), published _ops %s", gotG, tv.Count, wantG)
	}
}

// classicFirstDiff reports the first difference of two row lists and a
// length mismatch.
func classicFirstDiff(t *testing.T, what string, got, want []string) {
	t.Helper()
	n := min(len(got), len(want))
	for i := 0; i < n; i++ {
		if got[i] != want[i] {
			t.Errorf("%s %d:\n got  %s\n want %s", what, i, got[i], want[i])
			break
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d %s rows, want %d", len(got), what, len(want))
	}
}

// classicConvention is one tool's headline count from the calibration
// table of FlopLab's reference spec/counting.md.
type classicConvention struct {
	id    string
	count int64
}

// classicCheckConventions analyzes a request and compares every listed
// convention's count.
func classicCheckConventions(t *testing.T, req core.Request, params int64, want []classicConvention) {
	t.Helper()
	req.AllConventions = true
	rep, err := core.Analyze(req)
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	if rep.Totals.Params != params {
		t.Errorf("params = %d, want %d", rep.Totals.Params, params)
	}
	for _, tc := range want {
		t.Run(tc.id, func(t *testing.T) {
			c, ok := rep.Conventions[tc.id]
			if !ok {
				t.Fatalf("convention %q missing from the report", tc.id)
			}
			if c.Count != tc.count {
				t.Errorf("count = %d, want %d (diff %+d)", c.Count, tc.count, c.Count-tc.count)
			}
		})
	}
}
