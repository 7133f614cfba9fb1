package chart

import (
	"floplab/core/graph"
	"floplab/core/hw"
	"floplab/core/units"
)

// samples are the charts the tests check and render.
func samples() map[string]string {
	out := map[string]string{}
	// Presets: params vs MACs (torchvision published figures: num_params,
	// _ops GMACs × 1e9).
	presets := []Point{
		{X: 61100840, Y: 0.714e9, Label: "alexnet", Group: "AlexNet/VGG"},
		{X: 138357544, Y: 15.47e9, Label: "vgg16", Group: "AlexNet/VGG"},
		{X: 11689512, Y: 1.814e9, Label: "resnet18", Group: "ResNet"},
		{X: 25557032, Y: 4.089e9, Label: "resnet50", Group: "ResNet"},
		{X: 3504872, Y: 0.301e9, Label: "mobilenet_v2", Group: "Mobile"},
		{X: 86567656, Y: 17.564e9, Label: "vit_b_16", Group: "Transformer"},
		{X: 28288354, Y: 4.491e9, Label: "swin_t", Group: "Transformer"},
		{X: 61706, Y: 416520, Label: "<script>alert(1)</script>", Group: "LeNet & co"},
	}
	out["scatter"] = Scatter(Options{Title: "Presets: params vs MACs", X: Axis{Label: "parameters", Log: true}, Y: Axis{Label: "MACs", Log: true}}, presets)

	// Training memory, ResNet-50, three set-ups.
	fmt := func(v float64) string { return units.FormatBytes(int64(v), units.Decimal) }
	out["bar"] = StackedBar(Options{Title: "ResNet-50 training memory (batch 32)", Y: Axis{Label: "bytes", Format: fmt}}, []Bar{
		{Label: "fp32 · SGD", Parts: []Part{{"weights", 102228128}, {"gradients", 102228128}, {"optimizer", 0}, {"activations", 5.6e9}}},
		{Label: "fp32 · Adam", Parts: []Part{{"weights", 102228128}, {"gradients", 102228128}, {"optimizer", 204456256}, {"activations", 5.6e9}}},
		{Label: "bf16 · Adam", Parts: []Part{{"weights", 51114064}, {"gradients", 51114064}, {"optimizer", 204456256}, {"master fp32", 102228128}, {"activations", 2.8e9}}},
	})

	// Sweep over resolution: AlexNet-like numbers.
	var pts []SweepPoint
	for _, r := range []int64{64, 128, 224, 320, 512} {
		pts = append(pts, SweepPoint{Value: r, MACs: 714e6 * r * r / (224 * 224), ActivationBytes: 4 * 1.2e6 * r * r / (224 * 224), Params: 61100840})
	}
	out["sweep"] = Sweep(Options{Width: 640, Height: 600}, SweepLabels{Title: "AlexNet vs resolution", X: "input resolution (px)",
		MACs: "MACs", Activations: "activation memory", Params: "parameters", Bytes: fmt}, pts)

	// Line chart with two series.
	out["line"] = Line(Options{Title: "MACs vs batch", X: Axis{Label: "batch"}, Y: Axis{Label: "MACs"}}, []Series{
		{Name: "alexnet", X: []float64{1, 2, 4, 8, 16}, Y: []float64{0.714e9, 1.43e9, 2.86e9, 5.71e9, 11.4e9}},
		{Name: "resnet18", X: []float64{1, 2, 4, 8, 16}, Y: []float64{1.81e9, 3.63e9, 7.26e9, 14.5e9, 29e9}},
	})

	// Roofline of a toy graph on an H100.
	out["roofline"] = RooflineChart(Options{Title: "Roofline · H100 SXM · bf16", X: Axis{Label: "arithmetic intensity (FLOP/byte)"}, Y: Axis{Label: "attainable FLOP/s"}},
		toyRoofline(), 4, nil)
	return out
}

func toyRoofline() *hw.Roofline {
	g := &graph.Graph{Inputs: []graph.Tensor{{Shape: graph.Shape{1, 3, 224, 224}, Producer: -1}}}
	prev := g.Inputs[0]
	type l struct {
		name, typ string
		out       graph.Shape
		w         int64
		macs      int64
		cmp       int64
	}
	layers := []l{
		{"conv1", "Conv2d", graph.Shape{1, 64, 55, 55}, 23296, 70470400, 0},
		{"relu1", "ReLU", graph.Shape{1, 64, 55, 55}, 0, 0, 193600},
		{"pool1", "MaxPool2d", graph.Shape{1, 64, 27, 27}, 0, 0, 373248},
		{"conv2", "Conv2d", graph.Shape{1, 192, 27, 27}, 307392, 224088768, 0},
		{"conv3", "Conv2d", graph.Shape{1, 384, 13, 13}, 663936, 112205184, 0},
		{"flatten", "Tensor.view", graph.Shape{1, 64896}, 0, 0, 0},
		{"fc1", "Linear", graph.Shape{1, 4096}, 37752832, 37752832, 0},
		{"fc2", "Linear", graph.Shape{1, 1000}, 4097000, 4097000, 0},
	}
	for i, x := range layers {
		n := &graph.Node{ID: i, Name: x.name, Type: x.typ, Call: graph.CallFunction, Module: -1, Inputs: []graph.Tensor{prev},
			Outputs: []graph.Tensor{{Shape: x.out, Producer: i}}, Ops: graph.Ops{MACs: x.macs, Cmp: x.cmp}}
		if x.w > 0 {
			n.Params = []graph.ParamTensor{{Name: "weight", Shape: graph.Shape{x.w}, Trainable: true}}
		}
		g.Nodes = append(g.Nodes, n)
		prev = n.Outputs[0]
	}
	g.Outputs = []graph.Tensor{prev}
	d, _ := hw.Lookup("h100-sxm")
	bf16, _ := units.Lookup("bf16")
	r, err := hw.Analyze(g, d, bf16, 1)
	if err != nil {
		panic(err) // test fixture; cannot happen with these numbers
	}
	return r
}
