package core

import (
	"testing"

	"floplab/core/memory"
	"floplab/core/presets"
)

// presetScript is a gallery preset's script with lines appended (a
// freezing loop), run as a user's script.
func presetScript(t *testing.T, name, extra string) string {
	t.Helper()
	p, ok := presets.Lookup(name)
	if !ok {
		t.Fatalf("no preset %s", name)
	}
	return presets.Script(p) + extra
}

// TestFrozenParams: a script that freezes part of a model changes the
// trainable count, what ptflops reports (get_model_parameters_number
// counts requires_grad parameters), and the gradients and optimizer
// state of training memory; thop and torch count every parameter.
// Figures from torch 1.13 / torchvision 0.14 (sum(p.numel() for p in
// m.parameters() if p.requires_grad) after the same loop).
func TestFrozenParams(t *testing.T) {
	for _, tc := range []struct {
		preset, freeze    string
		params, trainable int64
	}{
		{"alexnet", "for p in model.features.parameters():\n    p.requires_grad = False\n", 61100840, 58631144},
		{"resnet18", "for p in model.parameters():\n    p.requires_grad = False\nfor p in model.fc.parameters():\n    p.requires_grad = True\n", 11689512, 513000},
		{"resnet18", "for name, p in model.named_parameters():\n    if not name.startswith(\"fc.\"):\n        p.requires_grad_(False)\n", 11689512, 513000},
	} {
		req := Request{Script: presetScript(t, tc.preset, tc.freeze), AllConventions: true,
			Demand: &DemandOptions{Mode: ModeTrain, Optimizer: "adam"}}
		rep, err := Analyze(req)
		if err != nil {
			t.Fatal(err)
		}
		tot := rep.Totals
		if tot.Params != tc.params || tot.TrainableParams != tc.trainable || tot.NonTrainableParams != tc.params-tc.trainable {
			t.Errorf("%s: params %d trainable %d non-trainable %d", tc.preset, tot.Params, tot.TrainableParams, tot.NonTrainableParams)
		}
		for id, want := range map[string]int64{"ptflops": tc.trainable, "ptflops-legacy": tc.trainable, "thop": tc.params, "torch": tc.params} {
			if got := rep.Conventions[id].Params; got != want {
				t.Errorf("%s %s: params %d, want %d", tc.preset, id, got, want)
			}
		}
		g, _ := rep.Demand.Estimate.Term(memory.Gradients)
		o, _ := rep.Demand.Estimate.Term(memory.OptimizerState)
		if g.Bytes != 4*tc.trainable || o.Bytes != 8*tc.trainable {
			t.Errorf("%s: gradients %d B, adam state %d B; want %d, %d", tc.preset, g.Bytes, o.Bytes, 4*tc.trainable, 8*tc.trainable)
		}
	}
}

// TestFrozenActivations: training memory keeps the activations of the
// calls the backward pass reaches only: with ResNet-18's backbone frozen
// and its fc training, the estimate (Σ outputs of the calls reached)
// holds fc's output only (1000 × 4 B).
func TestFrozenActivations(t *testing.T) {
	rep, err := Analyze(Request{Script: presetScript(t, "resnet18", "model.requires_grad_(False)\nmodel.fc.requires_grad_()\n"),
		Demand: &DemandOptions{Mode: ModeTrain, Optimizer: "sgd"}})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := rep.Demand.Estimate.Term(memory.Activations)
	if a.Bytes != 4000 {
		t.Errorf("activations %d B: %s", a.Bytes, a.Formula)
	}
}
