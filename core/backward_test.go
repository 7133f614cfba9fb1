package core

import (
	"encoding/json"
	"os"
	"testing"
)

// flopCounterRecords are FlopCounterMode's forward and backward totals
// (testdata/backward/flopcounter.json, with its provenance).
type flopCounterRecords struct {
	Models map[string]struct {
		Forward  int64 `json:"forward_flops"`
		Backward int64 `json:"backward_flops"`
	} `json:"models"`
}

// TestBackwardFlopCounter: the torch convention's backward pass equals
// FlopCounterMode's, op by op formulas applied to what requires grad:
// the first layer computes no grad input, a frozen weight no grad
// weight, a frozen backbone nothing; a grouped convolution's grad weight
// is groups × its forward. ResNet-18 with an input that requires grad
// is pytorch's own test_module figure (10,884,440,064 forward +
// backward).
func TestBackwardFlopCounter(t *testing.T) {
	b, err := os.ReadFile("testdata/backward/flopcounter.json")
	if err != nil {
		t.Fatal(err)
	}
	var rec flopCounterRecords
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	convs := `model = Sequential(Conv2d(4, 8, 3, groups=2), ConvTranspose2d(8, 6, 4, stride=2, padding=1), Conv2d(6, 6, 3, groups=6, bias=False))
input_shape = (2, 4, 16, 16)
`
	linear := "model = Sequential(Linear(16, 32), GELU(), Linear(32, 8, bias=False))\ninput_shape = (2, 5, 16)\n"
	cases := []struct {
		name, script, preset string
		batch                int64
		inputGrad            bool
	}{
		{name: "alexnet", preset: "alexnet"},
		{name: "alexnet_batch8", preset: "alexnet", batch: 8},
		{name: "resnet18", preset: "resnet18"},
		{name: "resnet18_input_grad", preset: "resnet18", inputGrad: true},
		{name: "mobilenet_v2", preset: "mobilenet_v2"},
		{name: "alexnet_frozen_features", script: presetScript(t, "alexnet", "for p in model.features.parameters():\n    p.requires_grad = False\n")},
		{name: "resnet18_frozen_backbone", script: presetScript(t, "resnet18", "model.requires_grad_(False)\nfor p in model.fc.parameters():\n    p.requires_grad = True\n")},
		{name: "resnet18_frozen_stem_layer1", script: presetScript(t, "resnet18", `for name, p in model.named_parameters():
    if name.startswith("layer1.") or name.startswith("conv1.") or name.startswith("bn1."):
        p.requires_grad = False
`)},
		{name: "conv_groups_transposed", script: convs},
		{name: "conv_groups_transposed_input_grad", script: convs, inputGrad: true},
		{name: "linear_3d", script: linear},
		{name: "linear_3d_first_weight_frozen", script: linear + "model[0].weight.requires_grad_(False)\n"},
		{name: "linear_3d_first_frozen", script: linear + "model[0].requires_grad_(False)\n"},
	}
	for _, tc := range cases {
		want, ok := rec.Models[tc.name]
		if !ok {
			t.Fatalf("no record %s", tc.name)
		}
		rep, err := Analyze(Request{Script: tc.script, Preset: tc.preset, Batch: tc.batch, Convention: "torch", Pass: PassTrain, InputsRequireGrad: tc.inputGrad})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if rep.Totals.Count != want.Forward || rep.Totals.BackwardFLOPs == nil || *rep.Totals.BackwardFLOPs != want.Backward {
			got := int64(-1)
			if rep.Totals.BackwardFLOPs != nil {
				got = *rep.Totals.BackwardFLOPs
			}
			t.Errorf("%s: forward %d backward %d; FlopCounterMode %d, %d", tc.name, rep.Totals.Count, got, want.Forward, want.Backward)
		}
		var sum int64
		for _, l := range rep.Layers {
			sum += l.Backward
		}
		if rep.Totals.BackwardFLOPs != nil && sum != *rep.Totals.BackwardFLOPs {
			t.Errorf("%s: rows add up to %d, total %d", tc.name, sum, *rep.Totals.BackwardFLOPs)
		}
	}
}

// TestBackwardReport: floplab's own backward pass (exact grouped grad
// weights), the formulas, the classes listed as not counted, a
// convention that does not count backward, and a bad pass.
func TestBackwardReport(t *testing.T) {
	convs := `model = Sequential(Conv2d(4, 8, 3, groups=2), ConvTranspose2d(8, 6, 4, stride=2, padding=1), Conv2d(6, 6, 3, groups=6, bias=False))
input_shape = (2, 4, 16, 16)
`
	rep, err := Analyze(Request{Script: convs, Pass: PassTrain})
	if err != nil {
		t.Fatal(err)
	}
	// grad weight 56,448 (no grad input: the input requires none); grad
	// input and weight 301,056 each; 73,008 each: MACs, 2 FLOPs each.
	if b := rep.Totals.BackwardFLOPs; b == nil || *b != 2*(56448+2*301056+2*73008) || rep.Pass != PassTrain {
		t.Errorf("floplab backward %v, pass %q", b, rep.Pass)
	}
	if f := rep.Layers[0].BackwardFormula; f != "FlopLab backward: 56,448 (grad weight: conv MACs) = 56,448" {
		t.Errorf("formula %q", f)
	}
	rep, err = Analyze(Request{Preset: "resnet18", Convention: "torch", Pass: PassTrain, DeferFormulas: true})
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.LayerBackwardIn("zh", 0); f != "torch 反向：2·118,013,952（权重梯度：分组数 × 卷积 MACs） = 236,027,904" {
		t.Errorf("zh formula %q", f)
	}
	if f := rep.LayerBackwardIn("en", 2); f != "" || rep.Layers[2].Backward != 0 {
		t.Errorf("relu: %q %d", f, rep.Layers[2].Backward)
	}
	rep, err = Analyze(Request{Preset: "vit_b_16", Convention: "torch", Pass: PassTrain})
	if err != nil {
		t.Fatal(err)
	}
	if !hasNote(rep, "backward: torch has no backward rule for MultiheadAttention: not counted.") {
		t.Errorf("vit notes %v", rep.Notes)
	}
	rep, err = Analyze(Request{Preset: "alexnet", Convention: "thop", Pass: PassTrain})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Totals.BackwardFLOPs != nil || !hasNote(rep, "thop does not count the backward pass; the torch (FlopCounterMode) and floplab conventions count it op by op.") {
		t.Errorf("thop: backward %v, notes %v", rep.Totals.BackwardFLOPs, rep.Notes)
	}
	if _, err := Analyze(Request{Preset: "alexnet", Pass: "sideways"}); err == nil || err.Error() != `model: unknown pass "sideways" (hint: passes: forward, train)` {
		t.Errorf("bad pass: %v", err)
	}
}

func hasNote(rep *Report, s string) bool {
	for _, n := range rep.NotesIn("en") {
		if n == s {
			return true
		}
	}
	return false
}
