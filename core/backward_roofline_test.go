package core

import (
	"math"
	"testing"
)

// TestRooflineBackward: the training step's lower bound is the forward's
// plus the backward pass's, layer by layer: the first convolution
// writes its weight gradient but no grad input; a frozen backbone adds
// only its head.
func TestRooflineBackward(t *testing.T) {
	for _, tc := range []struct {
		name, script, preset string
		// layer i's backward FLOPs and bytes (fp32)
		layer        int
		flops, bytes int64
		onlyLayer    bool
	}{
		// AlexNet features.0: grad weight 2·70,276,800 FLOPs; grad output
		// 64·55·55, weight gradient 23,296 and input 3·224·224, ×4 B.
		{name: "alexnet", preset: "alexnet", layer: 0, flops: 140553600, bytes: 4 * (64*55*55 + 23296 + 3*224*224)},
		// ResNet-18 head only: fc's grad weight 2·512·1000 FLOPs; grad
		// output 1000, weight gradients 513,000, input 512, ×4 B.
		{name: "frozen backbone", script: presetScript(t, "resnet18", "model.requires_grad_(False)\nmodel.fc.requires_grad_(True)\n"),
			layer: -1, flops: 1024000, bytes: 4 * (1000 + 513000 + 512), onlyLayer: true},
	} {
		rep, err := Analyze(Request{Script: tc.script, Preset: tc.preset, Demand: &DemandOptions{Device: "h100"}})
		if err != nil {
			t.Fatal(err)
		}
		r := rep.Demand.Roofline
		i := tc.layer
		if i < 0 {
			i = len(rep.Graph.Nodes) - 1
		}
		l := r.Layers[i]
		if l.BackwardFLOPs != tc.flops || l.BackwardBytes != tc.bytes {
			t.Errorf("%s: layer %s backward %d FLOPs %d B; want %d, %d", tc.name, l.Name, l.BackwardFLOPs, l.BackwardBytes, tc.flops, tc.bytes)
		}
		want := math.Max(float64(tc.flops)/float64(r.Peak), float64(tc.bytes)/float64(r.Bandwidth))
		if l.BackwardSeconds != want {
			t.Errorf("%s: layer seconds %g, want %g", tc.name, l.BackwardSeconds, want)
		}
		if tc.onlyLayer && r.BackwardSeconds != want {
			t.Errorf("%s: backward %g s, want only the head's %g", tc.name, r.BackwardSeconds, want)
		}
		if !r.BackwardCounted || r.TrainStepSeconds != r.Seconds+r.BackwardSeconds || rep.Device.TrainStepSeconds != r.TrainStepSeconds {
			t.Errorf("%s: train step %g, forward %g + backward %g", tc.name, r.TrainStepSeconds, r.Seconds, r.BackwardSeconds)
		}
	}
}
