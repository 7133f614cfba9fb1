package core

import (
	"math"
	"strings"
	"testing"
)

func demandOf(t *testing.T, preset, dtype string, input [][]int64, o DemandOptions) (*Report, *Demand) {
	t.Helper()
	rep, err := Analyze(Request{Preset: preset, DType: dtype, Inputs: input, Demand: &o})
	if err != nil {
		t.Fatalf("%s: %v", preset, err)
	}
	if rep.Memory == nil || rep.Demand == nil {
		t.Fatalf("%s: no memory in the report", preset)
	}
	return rep, rep.Demand
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Abs(b) }

// TestTorchinfoPassSize: torchinfo 1.8.0's "Forward/backward pass size"
// of the traced ResNet-18 (BasicBlock's ReLU called twice: torchinfo
// makes a row per call) is its recorded total_output_bytes.
func TestTorchinfoPassSize(t *testing.T) {
	_, d := demandOf(t, "resnet18", "fp32", nil, DemandOptions{})
	if d.Inference.Torchinfo.Bytes != 39747392 {
		t.Errorf("resnet18 torchinfo forward/backward %d, want 39,747,392", d.Inference.Torchinfo.Bytes)
	}
}

// TestDemandAlexNet pins AlexNet's memory terms and one layer's roofline
// against hand-derived figures.
func TestDemandAlexNet(t *testing.T) {
	_, d := demandOf(t, "alexnet", "fp32", nil, DemandOptions{Device: "h100"})
	m := d.Memory
	// 61,100,840 params × 4 B.
	if m.WeightsBytes != 244403360 || m.BuffersBytes != 0 || m.GradientsBytes != 0 || m.KVCacheBytes != 0 {
		t.Errorf("inference memory %+v", m)
	}
	// Peak live set at the first max-pool: input 3·224·224 + conv1 out
	// 64·55·55 (ReLU is in place) + pool out 64·27·27 = 390,784 × 4 B.
	if m.ActivationsBytes != 1563136 || d.Inference.Peak.Bytes != 1563136 {
		t.Errorf("peak activations %d", m.ActivationsBytes)
	}
	// torchinfo 1.8.0 prints "Forward/backward pass size (MB): 3.95":
	// outputs of the 8 layers with weights, 494,184 elements × 4 B × 2.
	if d.Inference.Torchinfo.Bytes != 3953472 {
		t.Errorf("torchinfo %d", d.Inference.Torchinfo.Bytes)
	}
	if m.TotalBytes != 244403360+1563136 {
		t.Errorf("total %d", m.TotalBytes)
	}
	// conv1 on an H100 SXM at fp32: 140,747,200 FLOPs / 67 TFLOP/s beats
	// (602,112 in + 774,400 out + 93,184 weights) B / 3.35 TB/s.
	l := d.Roofline.Layers[0]
	if l.Name != "features.0" || l.FLOPs != 140747200 || l.Bytes != 1469696 || l.Bound != "compute" || !near(l.Seconds, 140747200/67e12) {
		t.Errorf("conv1 on the roofline: %+v", l)
	}
	if d.Device == nil || d.Device.Name != "NVIDIA H100 SXM5 80GB" || !d.Device.Fits || d.Device.MarginBytes != 80<<30-m.TotalBytes {
		t.Errorf("device %+v", d.Device)
	}
	// The training step adds the backward pass layer by layer
	// (TestRooflineBackward): here 1.96 × the forward (AlexNet's first layer computes no grad input).
	if r := d.Roofline; !near(d.Device.TrainStepSeconds, d.Device.LowerBoundSeconds+r.BackwardSeconds) || r.BackwardSeconds <= 0 || r.BackwardSeconds >= 2*r.Seconds {
		t.Errorf("training step %g: forward %g + backward %g", d.Device.TrainStepSeconds, d.Device.LowerBoundSeconds, r.BackwardSeconds)
	}

	// Training with Adam: activations kept for backward = Σ outputs of the
	// layers that allocate (ReLUs in place, flatten and dropout views):
	// 591,720 elements × 4 B.
	_, d = demandOf(t, "alexnet", "fp32", nil, DemandOptions{Mode: "train", Optimizer: "adam"})
	m = d.Memory
	if m.WeightsBytes != 244403360 || m.GradientsBytes != 244403360 || m.OptimizerBytes != 488806720 || m.ActivationsBytes != 2366880 ||
		m.TotalBytes != 244403360*4+2366880 {
		t.Errorf("AlexNet Adam training %+v", m)
	}
}

func TestDemandResNet50(t *testing.T) {
	_, d := demandOf(t, "resnet50", "fp32", nil, DemandOptions{Mode: "train", Optimizer: "adam", Device: "h200-sxm"})
	m := d.Memory
	if m.WeightsBytes != 102228128 || m.GradientsBytes != 102228128 || m.OptimizerBytes != 204456256 || m.MasterWeightsBytes != 0 {
		t.Errorf("ResNet-50 Adam fp32 %+v", m)
	}
	// 53 BatchNorms: 2 × 26,560 running stats + 53 batch counters.
	if m.BuffersBytes != 53173*4 {
		t.Errorf("buffers %d", m.BuffersBytes)
	}
	for _, o := range []struct {
		name string
		want int64
	}{{"sgd", 0}, {"momentum", 102228128}, {"adamw", 204456256}} {
		_, d := demandOf(t, "resnet50", "fp32", nil, DemandOptions{Mode: "train", Optimizer: o.name})
		if d.Memory.OptimizerBytes != o.want {
			t.Errorf("%s: optimizer %d, want %d", o.name, d.Memory.OptimizerBytes, o.want)
		}
	}
	// The whole-model ideal on an H200 at fp32 is compute: 8,217,410,088
	// FLOPs / 67 TFLOP/s.
	if !near(d.Roofline.FusedSeconds, 8217410088/67e12) || d.Device.Bound != "compute" {
		t.Errorf("fused %g, bound %s", d.Roofline.FusedSeconds, d.Device.Bound)
	}
	// Batch 64: 64 × the FLOPs.
	_, d64 := demandOf(t, "resnet50", "fp32", [][]int64{{64, 3, 224, 224}}, DemandOptions{Device: "h200-sxm"})
	if !near(d64.Roofline.FusedSeconds, 64*8217410088/67e12) || d64.Roofline.Batch != 64 {
		t.Errorf("batch 64 fused %g", d64.Roofline.FusedSeconds)
	}
}

func TestDemandLlama2(t *testing.T) {
	rep, d := demandOf(t, "llama-2-7b", "bf16", nil, DemandOptions{Device: "h100"})
	m := d.Memory
	// 6,738,415,616 params × 2 B; KV cache 2 × 32 layers × 1 × 4,096 ×
	// 32 KV heads × 128 × 2 B; the rotary inv_freq buffer is 64 × 2 B.
	if m.WeightsBytes != 13476831232 || m.KVCacheBytes != 2147483648 || m.BuffersBytes != 128 {
		t.Errorf("Llama-2-7B bf16 %+v", m)
	}
	if d.KV == nil || d.KV.Layers != 32 || d.KV.KVHeads != 32 || d.KV.HeadDim != 128 || d.KV.Seq != 4096 || !strings.Contains(d.KV.Source, "from the config") {
		t.Errorf("KV %+v", d.KV)
	}
	// Prefill of 4,096 tokens is compute-bound: FLOPs / 989.5 TFLOP/s.
	if !near(d.Roofline.FusedSeconds, float64(rep.Totals.FLOPs)/989.5e12) || rep.Totals.FLOPs != 63057974804480 {
		t.Errorf("fused %g for %d FLOPs", d.Roofline.FusedSeconds, rep.Totals.FLOPs)
	}
	// One decoded token is memory-bound: every weight (and the buffer)
	// read once, the token id (int64) in, 32,000 bf16 logits out.
	_, d1 := demandOf(t, "llama-2-7b", "bf16", [][]int64{{1, 1}}, DemandOptions{Device: "h100", Seq: 4096})
	if want := float64(13476831232+128+8+64000) / 3.35e12; !near(d1.Roofline.FusedSeconds, want) {
		t.Errorf("decode fused %g, want %g", d1.Roofline.FusedSeconds, want)
	}
	if d1.KV.Seq != 4096 || d1.Memory.KVCacheBytes != 2147483648 {
		t.Errorf("decode KV %+v", d1.KV)
	}
	// Mixed-precision Adam: bf16 weights and gradients, 2 × 4 B moments
	// and a 4 B master copy (ZeRO's 16 bytes per parameter).
	_, dt := demandOf(t, "llama-2-7b", "bf16", nil, DemandOptions{Mode: "train", Optimizer: "adamw"})
	if dt.Memory.GradientsBytes != 13476831232 || dt.Memory.OptimizerBytes != 6738415616*12 || dt.Memory.MasterWeightsBytes != 6738415616*4 || dt.Memory.KVCacheBytes != 0 {
		t.Errorf("Llama-2-7B AdamW bf16 %+v", dt.Memory)
	}
	// 7B at bf16 with Adam does not fit an 80 GB H100.
	_, dn := demandOf(t, "llama-2-7b", "bf16", nil, DemandOptions{Mode: "train", Device: "h100-sxm"})
	if dn.Device.Fits || dn.Device.MarginBytes >= 0 || !strings.HasPrefix(dn.Device.Verdict, "Does not fit on NVIDIA H100") {
		t.Errorf("verdict %+v", dn.Device)
	}
}

func TestDemandKVFlagsAndErrors(t *testing.T) {
	// GPT-2: heads from the c_attn split.
	_, d := demandOf(t, "gpt2", "fp16", nil, DemandOptions{})
	if d.KV == nil || d.KV.Layers != 12 || d.KV.KVHeads != 12 || d.KV.HeadDim != 64 || d.Memory.KVCacheBytes != 2*12*1024*12*64*2 {
		t.Errorf("gpt2 KV %+v", d.KV)
	}
	// Flags override; a CNN has no KV cache unless all three are given.
	_, d = demandOf(t, "alexnet", "fp16", nil, DemandOptions{KVLayers: 2, KVHeads: 4, HeadDim: 8, Seq: 16})
	if d.KV == nil || d.Memory.KVCacheBytes != 2*2*1*16*4*8*2 || !strings.Contains(d.KV.Source, "--kv-layers") {
		t.Errorf("flag KV %+v", d.KV)
	}
	if _, err := Analyze(Request{Preset: "alexnet", Demand: &DemandOptions{KVLayers: 2}}); err == nil {
		t.Error("partial KV flags on a CNN accepted")
	}
	for _, o := range []DemandOptions{{Mode: "fly"}, {Mode: "train", Optimizer: "lion"}, {Device: "nope"}, {Device: "x:a:1:1"}, {Device: "x:0:1:1"}} {
		if _, err := Analyze(Request{Preset: "lenet5", Demand: &o}); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
	// A device without a bf16 figure: memory verdict, no time.
	_, d = demandOf(t, "lenet5", "bf16", nil, DemandOptions{Device: "v100-sxm2"})
	if d.Device == nil || d.Device.Error == "" || d.Roofline != nil || !d.Device.Fits {
		t.Errorf("v100 bf16 %+v", d.Device)
	}
	// A custom device.
	_, d = demandOf(t, "lenet5", "fp32", nil, DemandOptions{Device: "toy:1:10:0.000001"})
	if d.Device.Name != "toy" || d.Device.CapacityBytes != 1000 || d.Device.Fits {
		t.Errorf("custom %+v", d.Device)
	}
}

func TestSweepAndArticle(t *testing.T) {
	st := Request{Preset: "alexnet"}
	r, err := Sweep(st, SweepBatch)
	if err != nil || len(r.Points) != 7 {
		t.Fatalf("batch sweep %+v %v", r, err)
	}
	for _, p := range r.Points {
		if p.Params != 61100840 || p.MACs != 714188480*p.Value {
			t.Errorf("batch %d: %+v", p.Value, p)
		}
	}
	r, err = Sweep(st, SweepResolution)
	if err != nil || len(r.Points) < 5 || r.Points[0].MACs >= r.Points[len(r.Points)-1].MACs {
		t.Fatalf("resolution sweep %+v %v", r, err)
	}
	rows, err := InputTable(Request{Preset: "alexnet", Convention: "thop-0.0.31"}, ArticleInputs())
	if err != nil || len(rows) != 3 {
		t.Fatal(rows, err)
	}
	if rows[0].Count != 714691904 || rows[1].Count != 3710034752 || rows[2].Count != 8*714691904 || rows[2].Params != 61100840 {
		t.Errorf("article table %+v", rows)
	}
}

func TestFormatSeconds(t *testing.T) {
	for _, c := range []struct {
		s    float64
		want string
	}{{2.1007e-6, "2.10 µs"}, {0.0035, "3.50 ms"}, {0.00795, "7.95 ms"}, {123.4e-6, "123 µs"}, {1.5, "1.50 s"}, {0, "–"}, {4e-9, "4.00 ns"}} {
		if got := FormatSeconds(c.s); got != c.want {
			t.Errorf("FormatSeconds(%g) = %q, want %q", c.s, got, c.want)
		}
	}
	if FormatRate(5120.4) != "5.12k" || FormatRate(25443) != "25.4k" {
		t.Error(FormatRate(5120.4), FormatRate(25443))
	}
}
