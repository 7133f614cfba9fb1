package hw

import (
	"math"
	"strings"
	"testing"

	"floplab/core/graph"
	"floplab/core/units"
)

func TestDeviceTable(t *testing.T) {
	devs := Devices()
	if len(devs) < 12 {
		t.Fatalf("%d devices", len(devs))
	}
	ids := map[string]bool{}
	for _, d := range devs {
		if d.ID == "" || d.Name == "" || d.Source == "" || d.Bandwidth <= 0 || d.Capacity <= 0 || len(d.Peak) == 0 {
			t.Errorf("incomplete device %+v", d)
		}
		if ids[d.ID] {
			t.Errorf("duplicate id %s", d.ID)
		}
		ids[d.ID] = true
		for k, v := range d.Peak {
			if _, ok := units.Lookup(k); !ok || v <= 0 {
				t.Errorf("%s: peak %s = %d", d.ID, k, v)
			}
		}
		if got, ok := Lookup(strings.ToUpper(d.ID)); !ok || got.Name != d.Name {
			t.Errorf("Lookup(%s) failed", d.ID)
		}
	}
	// Devices returns fresh maps: callers may edit theirs.
	devs[0].Peak["fp32"] = 1
	if d, _ := Lookup(devs[0].ID); d.Peak["fp32"] == 1 {
		t.Error("Devices shares its maps")
	}
	tests := []struct {
		id, dtype string
		peak      int64
		ridge     float64
		ok        bool
	}{
		{"h100-sxm", "bf16", 989_500_000_000_000, 989.5e12 / 3.35e12, true},
		{"h200-sxm", "fp8", 1_979_000_000_000_000, 1979e12 / 4.8e12, true},
		{"a100-80gb-sxm", "tf32", 156_000_000_000_000, 156e12 / 2.039e12, true},
		{"v100-sxm2", "bf16", 0, 0, false},
		{"t4", "fp8", 0, 0, false},
		{"a17-pro-ane", "int8", 35_000_000_000_000, 35e12 / 51.2e9, true},
		{"xeon-8480", "fp32", 7_168_000_000_000, 7.168e12 / 307.2e9, true},
	}
	for _, tt := range tests {
		d, ok := Lookup(tt.id)
		if !ok {
			t.Fatalf("no %s", tt.id)
		}
		p, ok := d.PeakFor(tt.dtype)
		r, _ := d.Ridge(tt.dtype)
		if ok != tt.ok || p != tt.peak || math.Abs(r-tt.ridge) > 1e-9*tt.ridge {
			t.Errorf("%s %s: peak %d %v ridge %g", tt.id, tt.dtype, p, ok, r)
		}
	}
	if d, _ := Lookup("h100-sxm"); d.Capacity != 85_899_345_920 || d.Bandwidth != 3_350_000_000_000 {
		t.Errorf("h100 capacity %d bandwidth %d", d.Capacity, d.Bandwidth)
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("unknown device found")
	}
}

// chainGraph: input [1,1000] → fc (module, 1000×1000 weights, called twice)
// → view → fc again.
func chainGraph() *graph.Graph {
	w := []graph.ParamTensor{{Name: "weight", Shape: graph.Shape{1000, 1000}, Trainable: true}}
	in := graph.Tensor{Shape: graph.Shape{1, 1000}, Producer: -1}
	t0 := graph.Tensor{Shape: graph.Shape{1, 1000}, Producer: 0}
	t1 := graph.Tensor{Shape: graph.Shape{1000}, Producer: 1}
	t2 := graph.Tensor{Shape: graph.Shape{1, 1000}, Producer: 2}
	return &graph.Graph{
		Inputs:  []graph.Tensor{in},
		Outputs: []graph.Tensor{t2},
		Modules: []*graph.Module{{Path: "", Type: "Net", Parent: -1}, {Path: "fc", Type: "Linear", Leaf: true, Params: w}},
		Nodes: []*graph.Node{
			{ID: 0, Name: "fc", Type: "Linear", Call: graph.CallModule, Module: 1, Inputs: []graph.Tensor{in}, Outputs: []graph.Tensor{t0},
				Params: w, Ops: graph.Ops{MACs: 1_000_000}},
			{ID: 1, Name: ":view", Type: "Tensor.view", Call: graph.CallFunction, Module: -1, Inputs: []graph.Tensor{t0}, Outputs: []graph.Tensor{t1}},
			{ID: 2, Name: "fc", Type: "Linear", Call: graph.CallModule, Module: 1, CallIndex: 1, Inputs: []graph.Tensor{t1}, Outputs: []graph.Tensor{t2},
				Ops: graph.Ops{MACs: 1_000_000, Add: 1000}},
		},
	}
}

func TestRoofline(t *testing.T) {
	dev := Device{Name: "toy", Peak: map[string]int64{"fp32": 1_000_000_000, "fp16": 8_000_000_000_000}, Bandwidth: 1_000_000_000, Capacity: 1 << 30}
	fp32, _ := units.Lookup("fp32")
	r, err := Analyze(chainGraph(), dev, fp32, 0)
	if err != nil {
		t.Fatal(err)
	}
	// fc: 2,000,000 FLOPs; bytes (1000 + 1000 + 1,000,000)·4 = 4,008,000.
	// At 1 GFLOP/s and 1 GB/s: compute 2 ms, memory 4.008 ms → memory-bound.
	want := []Layer{
		{Node: 0, Name: "fc", Type: "Linear", FLOPs: 2_000_000, Bytes: 4_008_000, Intensity: 2e6 / 4.008e6, Seconds: 0.004008, Bound: Memory},
		{Node: 1, Name: ":view", Type: "Tensor.view", Bound: View},
		{Node: 2, Name: "fc", Type: "Linear", FLOPs: 2_001_000, Bytes: 4_008_000, Intensity: 2.001e6 / 4.008e6, Seconds: 0.004008, Bound: Memory},
	}
	if len(r.Layers) != len(want) {
		t.Fatalf("%d layers", len(r.Layers))
	}
	for i, w := range want {
		g := r.Layers[i]
		if g.Node != w.Node || g.FLOPs != w.FLOPs || g.Bytes != w.Bytes || g.Bound != w.Bound ||
			math.Abs(g.Intensity-w.Intensity) > 1e-12 || math.Abs(g.Seconds-w.Seconds) > 1e-15 {
			t.Errorf("layer %d = %+v, want %+v", i, g, w)
		}
	}
	if r.FLOPs != 4_001_000 || r.Bytes != 8_016_000 || r.Batch != 1 || r.Bound != Memory || r.Ridge != 1 {
		t.Errorf("totals %+v", r)
	}
	if math.Abs(r.Seconds-0.008016) > 1e-15 || math.Abs(r.TrainStepSeconds-3*0.008016) > 1e-15 || math.Abs(r.PerSecond-1/0.008016) > 1e-9 {
		t.Errorf("seconds %g train %g per second %g", r.Seconds, r.TrainStepSeconds, r.PerSecond)
	}
	// Fused: weights once + input + output = 4,008,000 B → 4.008 ms.
	if math.Abs(r.FusedSeconds-0.004008) > 1e-15 {
		t.Errorf("fused %g", r.FusedSeconds)
	}
	if !strings.Contains(r.Note, "3.5 ms") || !strings.Contains(r.Note, "lower bound") {
		t.Errorf("note %q", r.Note)
	}
	// At fp16 on 8 TFLOP/s the same layers stay memory-bound, with 2-byte
	// elements: half the bytes.
	fp16, _ := units.Lookup("fp16")
	r16, err := Analyze(chainGraph(), dev, fp16, 4)
	if err != nil || r16.Bytes != 4_008_000 || r16.Batch != 4 || math.Abs(r16.PerSecond-4/0.004008) > 1e-6 {
		t.Errorf("fp16 %+v %v", r16, err)
	}
}

func TestRooflineComputeBound(t *testing.T) {
	// ResNet-50 as one node: torch's FlopCounterMode total 8,178,368,512
	// FLOPs (4,089,184,256 MACs), 25,557,032 params, 1×3×224×224 in,
	// 1×1000 out. On an H200 in bf16 compute takes 8.3 µs but reading the
	// 51,114,064 B of weights plus 301,056 B in and 2,000 B out takes
	// 51,417,120 / 4.8e12 = 10.7 µs: memory-bound, "about 0.01 ms".
	g := &graph.Graph{
		Inputs:  []graph.Tensor{{Shape: graph.Shape{1, 3, 224, 224}, Producer: -1}},
		Outputs: []graph.Tensor{{Shape: graph.Shape{1, 1000}, Producer: 0}},
		Nodes: []*graph.Node{{ID: 0, Name: "resnet50", Type: "ResNet", Call: graph.CallFunction, Module: -1,
			Inputs:  []graph.Tensor{{Shape: graph.Shape{1, 3, 224, 224}, Producer: -1}},
			Outputs: []graph.Tensor{{Shape: graph.Shape{1, 1000}, Producer: 0}},
			Params:  []graph.ParamTensor{{Name: "w", Shape: graph.Shape{25557032}, Trainable: true}},
			Ops:     graph.Ops{MACs: 4_089_184_256}}},
	}
	h200, _ := Lookup("h200-sxm")
	bf16, _ := units.Lookup("bf16")
	r, err := Analyze(g, h200, bf16, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Bound != Memory || r.Layers[0].Bound != Memory || r.Bytes != 51_417_120 {
		t.Errorf("bound %s", r.Bound)
	}
	want := 51_417_120 / 4.8e12
	if math.Abs(r.Seconds-want) > 1e-18 || r.Seconds < 5e-6 || r.Seconds > 1.5e-5 {
		t.Errorf("seconds %g, want %g", r.Seconds, want)
	}
}

func TestRooflineErrors(t *testing.T) {
	v100, _ := Lookup("v100-sxm2")
	bf16, _ := units.Lookup("bf16")
	if _, err := Analyze(chainGraph(), v100, bf16, 1); err == nil || !strings.Contains(err.Error(), "bf16") {
		t.Errorf("unsupported dtype: %v", err)
	}
	fp32, _ := units.Lookup("fp32")
	if _, err := Analyze(nil, v100, fp32, 1); err == nil {
		t.Error("nil graph accepted")
	}
	if _, err := Analyze(chainGraph(), Device{Name: "x", Peak: map[string]int64{"fp32": 1}}, fp32, 1); err == nil {
		t.Error("zero bandwidth accepted")
	}
	g := chainGraph()
	g.Nodes[0].Ops.MACs = math.MaxInt64 / 2
	if _, err := Analyze(g, v100, fp32, 1); err == nil {
		t.Error("FLOPs overflow not reported")
	}
}

func TestRooflineComputeBoundBatch(t *testing.T) {
	// The same at batch 64: 64× the FLOPs, weights read once → compute-bound.
	g := &graph.Graph{
		Inputs:  []graph.Tensor{{Shape: graph.Shape{64, 3, 224, 224}, Producer: -1}},
		Outputs: []graph.Tensor{{Shape: graph.Shape{64, 1000}, Producer: 0}},
		Nodes: []*graph.Node{{ID: 0, Name: "resnet50", Type: "ResNet", Call: graph.CallFunction, Module: -1,
			Inputs:  []graph.Tensor{{Shape: graph.Shape{64, 3, 224, 224}, Producer: -1}},
			Outputs: []graph.Tensor{{Shape: graph.Shape{64, 1000}, Producer: 0}},
			Params:  []graph.ParamTensor{{Name: "w", Shape: graph.Shape{25557032}, Trainable: true}},
			Ops:     graph.Ops{MACs: 64 * 4_089_184_256}}},
	}
	h200, _ := Lookup("h200-sxm")
	bf16, _ := units.Lookup("bf16")
	r, err := Analyze(g, h200, bf16, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := 64 * 8_178_368_512 / 989.5e12
	if r.Bound != Compute || r.Batch != 64 || math.Abs(r.Seconds-want) > 1e-15 || math.Abs(r.PerSecond-64/want) > 1e-6*64/want {
		t.Errorf("%+v", r)
	}
}

// TestParseDevice: an id, a unique id prefix, a name, a custom device, and
// the errors with their hints.
func TestParseDevice(t *testing.T) {
	for in, want := range map[string]string{"h100-sxm": "h100-sxm", "h100": "h100-sxm", "NVIDIA H100 SXM5 80GB": "h100-sxm"} {
		if d, err := ParseDevice(in); err != nil || d.ID != want {
			t.Errorf("ParseDevice(%q) = %q, %v; want %q", in, d.ID, err, want)
		}
	}
	d, err := ParseDevice("my gpu:100:900:24")
	if err != nil || d.ID != "custom" || d.Name != "my gpu" || d.Bandwidth != 900e9 || d.Capacity != 24e9 || d.Peak["bf16"] != 100e12 {
		t.Errorf("custom %+v %v", d, err)
	}
	for in, want := range map[string]string{
		"nope":          `unknown device "nope"`,
		"x:a:1:1":       `custom device "x:a:1:1": "a" is not a number`,
		"x:0:1:1":       "a custom device needs a positive peak",
		"":              `unknown device ""`,
		"x:1e300:1:1.5": "a custom device needs a positive peak",
	} {
		if _, err := ParseDevice(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDevice(%q): %v, want %q", in, err, want)
		}
	}
}
