package core_test

import (
	"errors"
	"testing"

	"floplab/core"
	"floplab/core/diag"
	"floplab/core/importers"
	"floplab/core/msg"
)

// TestErrorKinds: front ends tell errors apart with errors.Is on their
// kind, never by their English text.
func TestErrorKinds(t *testing.T) {
	gpt2 := "GPT2LMHeadModel(\n  (transformer): GPT2Model(\n    (wte): Embedding(50257, 768)\n  )\n  (lm_head): Linear(in_features=768, out_features=50257, bias=False)\n)\n"
	for _, tc := range []struct {
		name string
		req  core.Request
		kind error
	}{
		{"unknown preset", core.Request{Preset: "alexnett"}, diag.ErrUnknownName},
		{"unknown convention", core.Request{Preset: "alexnet", Convention: "thop-0.1"}, diag.ErrUnknownName},
		{"unknown dtype", core.Request{Preset: "alexnet", DType: "bf61"}, diag.ErrUnknownName},
		{"unknown device", core.Request{Preset: "lenet5", Demand: &core.DemandOptions{Device: "h1000"}}, diag.ErrUnknownName},
		{"unknown optimizer", core.Request{Preset: "lenet5", Demand: &core.DemandOptions{Mode: "train", Optimizer: "lion"}}, diag.ErrUnknownName},
		{"unknown mode", core.Request{Preset: "lenet5", Demand: &core.DemandOptions{Mode: "fly"}}, diag.ErrUnknownName},
		{"ties on a preset", core.Request{Preset: "gpt2", Untie: true}, diag.ErrTieScript},
		{"ties on a script", core.Request{Script: "input_shape = (1, 8)\nmodel = Linear(8, 8)\n", Ties: [][2]string{{"a", "b"}}}, diag.ErrTieScript},
		{"a tie the printout does not have", core.Request{Script: gpt2, Importers: importers.All(), Ties: [][2]string{{"lm_head", "transformer.nope"}}}, diag.ErrTiePair},
		{"an input that fits no form", core.Request{Preset: "alexnet", Inputs: [][]int64{{1, 1, 1, 3, 224}}}, diag.ErrInput},
		{"the step limit", core.Request{Script: "input_shape = (1, 3)\nwhile True:\n    x = 1\n"}, diag.ErrLimit},
		{"the module limit", core.Request{Script: "input_shape = (1, 8)\nls = [Linear(8, 8) for i in range(60000)]\nmodel = Sequential(*ls)\n"}, diag.ErrLimit},
		{"the element limit", core.Request{Script: "input_shape = (1 << 40, 1 << 20)\nmodel = ReLU()\n"}, diag.ErrLimit},
	} {
		_, err := core.Analyze(tc.req)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if !errors.Is(err, tc.kind) {
			t.Errorf("%s: %v is not %v", tc.name, err, tc.kind)
		}
		for _, other := range []error{diag.ErrInput, diag.ErrTiePair, diag.ErrTieScript, diag.ErrUnknownName, diag.ErrLink, diag.ErrLimit} {
			if other != tc.kind && errors.Is(err, other) {
				t.Errorf("%s: %v is also %v", tc.name, err, other)
			}
		}
	}
	// A list of errors holds its elements' kinds.
	l := diag.List{diag.New(diag.Pos{}, msg.F("x"), msg.F("")), diag.New(diag.Pos{}, msg.F("y"), msg.F("")).WithKind(diag.ErrLimit)}
	if !errors.Is(l, diag.ErrLimit) || errors.Is(l, diag.ErrInput) || errors.Is(diag.List{nil}, diag.ErrLimit) {
		t.Error("diag.List kinds")
	}
}
