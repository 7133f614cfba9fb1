package memory

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"floplab/core/convention"
	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

func dt(t *testing.T, name string) units.DType {
	t.Helper()
	d, ok := units.Lookup(name)
	if !ok {
		t.Fatalf("no dtype %s", name)
	}
	return d
}

func TestTrainingTerms(t *testing.T) {
	tests := []struct {
		name             string
		trainable        int64
		dtype            string
		opt              Optimizer
		grads, opt2, mst int64
	}{
		// ResNet-50: 25,557,032 params, plain fp32 + Adam.
		{"resnet50 adam fp32", 25557032, "fp32", Adam, 102228128, 204456256, 0},
		{"resnet50 adamw fp32", 25557032, "fp32", AdamW, 102228128, 204456256, 0},
		{"resnet50 sgd", 25557032, "fp32", SGD, 102228128, 0, 0},
		{"resnet50 momentum", 25557032, "fp32", SGDMomentum, 102228128, 102228128, 0},
		// Mixed precision Adam: 2 (weights) + 2 + 8 + 4 = 16 bytes per parameter.
		{"llama2-7b bf16 adam", 6738415616, "bf16", Adam, 13476831232, 53907324928, 26953662464},
	}
	for _, tt := range tests {
		tr, err := TrainingTerms(tt.trainable, dt(t, tt.dtype), tt.opt)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if tr.Gradients.Bytes != tt.grads || tr.OptimizerState.Bytes != tt.opt2 || tr.Master.Bytes != tt.mst || tr.Mixed != (tt.mst > 0) {
			t.Errorf("%s: got g=%d o=%d m=%d", tt.name, tr.Gradients.Bytes, tr.OptimizerState.Bytes, tr.Master.Bytes)
		}
		if tr.Gradients.ID != Gradients || tr.OptimizerState.ID != OptimizerState || tr.Master.ID != MasterWeights {
			t.Errorf("%s: ids %q %q %q", tt.name, tr.Gradients.ID, tr.OptimizerState.ID, tr.Master.ID)
		}
	}
	tr, _ := TrainingTerms(25557032, dt(t, "fp32"), Adam)
	if want := "25,557,032 trainable params × 4 B = 102,228,128 B"; tr.Gradients.Formula != want {
		t.Errorf("formula %q, want %q", tr.Gradients.Formula, want)
	}
	if _, err := TrainingTerms(1, dt(t, "fp32"), "lion"); err == nil {
		t.Error("unknown optimizer accepted")
	}
	if _, err := TrainingTerms(math.MaxInt64/4, dt(t, "fp32"), Adam); err == nil {
		t.Error("overflow not reported")
	}
	if _, err := TrainingTerms(-1, dt(t, "fp32"), Adam); err == nil {
		t.Error("negative count accepted")
	}
	for in, want := range map[string]Optimizer{"": Adam, "ADAM": Adam, "adamw": AdamW, "sgd": SGD, "momentum": SGDMomentum, "sgd+momentum": SGDMomentum} {
		if got, err := ParseOptimizer(in); err != nil || got != want {
			t.Errorf("ParseOptimizer(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseOptimizer("lion"); err == nil || !strings.Contains(err.Error(), "optimizers: sgd, momentum, adam, adamw") {
		t.Errorf("ParseOptimizer(lion): %v", err)
	}
}

func TestKVCache(t *testing.T) {
	tests := []struct {
		layers, batch, seq, heads, dim int64
		dtype                          string
		want                           int64
		ok                             bool
	}{
		// Llama-2-7B: 32 layers, 32 KV heads of dim 128.
		{32, 1, 4096, 32, 128, "fp16", 2147483648, true},
		{32, 8, 4096, 32, 128, "bf16", 8 * 2147483648, true},
		// Llama-2-70B: 80 layers, 8 KV heads (GQA).
		{80, 1, 4096, 8, 128, "fp16", 1342177280, true},
		{32, 1, 4096, 32, 128, "int4", 536870912, true},
		{1 << 20, 1 << 20, 1 << 20, 1 << 20, 1, "fp16", 0, false},
		{-1, 1, 1, 1, 1, "fp16", 0, false},
	}
	for _, tt := range tests {
		got, err := KVCache(tt.layers, tt.batch, tt.seq, tt.heads, tt.dim, dt(t, tt.dtype))
		if (err == nil) != tt.ok || got.Bytes != tt.want {
			t.Errorf("KVCache(%d,%d,%d,%d,%d,%s) = %d, %v; want %d", tt.layers, tt.batch, tt.seq, tt.heads, tt.dim, tt.dtype, got.Bytes, err, tt.want)
		}
	}
	kv, _ := KVCache(32, 1, 4096, 32, 128, dt(t, "fp16"))
	if !strings.HasSuffix(kv.Formula, "× 2 B = 2,147,483,648 B") {
		t.Errorf("formula %q", kv.Formula)
	}
}

func TestVerdict(t *testing.T) {
	tests := []struct {
		need, cap int64
		fits      bool
		margin    int64
		text      string
	}{
		{13476831232, 80 << 30, true, 80<<30 - 13476831232, "Fits on dev: needs 13.48 GB of 80 GiB = 85.90 GB, 72.42 GB (72,422,514,688 B) to spare."},
		{13476831232, 8 << 30, false, 8<<30 - 13476831232, "Does not fit on dev: needs 13.48 GB, has 8 GiB = 8.59 GB, short by 4.89 GB (4,886,896,640 B)."},
		{100, 100, true, 0, "Fits on dev: needs 100 B of 100 B, 0 B (0 B) to spare."},
		{-1, 100, false, 0, "dev: cannot compare"},
		{math.MaxInt64, -1, false, 0, "dev: cannot compare"},
	}
	for _, tt := range tests {
		f := Verdict("dev", tt.need, tt.cap)
		if f.Fits != tt.fits || f.Margin != tt.margin || !strings.HasPrefix(f.Text, tt.text) {
			t.Errorf("Verdict(%d, %d) = %+v", tt.need, tt.cap, f)
		}
	}
}

// rowsFile is testdata/torchinfo_rows.json.
type rowsFile struct {
	Models map[string]struct {
		InputShape       []int64 `json:"input_shape"`
		TotalOutputBytes int64   `json:"total_output_bytes"`
		TotalParamBytes  int64   `json:"total_param_bytes"`
		TotalParams      int64   `json:"total_params"`
		Printed          []string
		Rows             []struct {
			Name        string  `json:"name"`
			Type        string  `json:"type"`
			IsLeaf      bool    `json:"is_leaf"`
			OutputShape []int64 `json:"output_shape"`
			Params      int64   `json:"params"`
		} `json:"rows"`
	} `json:"models"`
}

// graphFromRows builds a chain graph of the leaf module calls torchinfo
// recorded: enough for the figures that only read module calls.
func graphFromRows(t *testing.T, name string) (*graph.Graph, int64, int64, []string) {
	t.Helper()
	b, err := os.ReadFile("testdata/torchinfo_rows.json")
	if err != nil {
		t.Fatal(err)
	}
	var f rowsFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	m, ok := f.Models[name]
	if !ok {
		t.Fatalf("no model %s", name)
	}
	g := &graph.Graph{Name: name, Inputs: []graph.Tensor{{Shape: m.InputShape, DType: "float", Producer: -1}}}
	mods := map[string]int{}
	prev := g.Inputs[0]
	for _, r := range m.Rows {
		mi, seen := mods[r.Name]
		if !seen {
			mi = len(g.Modules)
			mods[r.Name] = mi
			mod := &graph.Module{Path: r.Name, Type: r.Type, Leaf: r.IsLeaf}
			if r.IsLeaf && r.Params > 0 {
				mod.Params = []graph.ParamTensor{{Name: "weight", Shape: graph.Shape{r.Params}, Trainable: true}}
			}
			g.Modules = append(g.Modules, mod)
		}
		if !r.IsLeaf {
			continue
		}
		n := &graph.Node{ID: len(g.Nodes), Name: r.Name, Type: r.Type, Call: graph.CallModule, Module: mi,
			Inputs: []graph.Tensor{prev}, Outputs: []graph.Tensor{{Shape: r.OutputShape, DType: "float", Producer: len(g.Nodes)}}}
		if !seen {
			n.Params = g.Modules[mi].Params
		}
		g.Nodes = append(g.Nodes, n)
		prev = n.Outputs[0]
	}
	g.Outputs = []graph.Tensor{prev}
	return g, m.TotalOutputBytes, m.TotalParamBytes, m.Printed
}

func TestTorchinfoForwardBackward(t *testing.T) {
	tests := []struct {
		model      string
		fwdBwd     int64 // torchinfo's total_output_bytes
		printedFwd string
	}{
		{"alexnet", 3953472, "Forward/backward pass size (MB): 3.95"},
		{"resnet18", 39747392, "Forward/backward pass size (MB): 39.75"},
	}
	for _, tt := range tests {
		g, recorded, paramBytes, printed := graphFromRows(t, tt.model)
		if recorded != tt.fwdBwd {
			t.Fatalf("%s: testdata says %d", tt.model, recorded)
		}
		inf, err := InferenceMemory(g, dt(t, "fp32"))
		if err != nil {
			t.Fatal(err)
		}
		if inf.Torchinfo.Bytes != tt.fwdBwd {
			t.Errorf("%s: torchinfo forward/backward %d, want %d", tt.model, inf.Torchinfo.Bytes, tt.fwdBwd)
		}
		// The bf16 analysis still reports torchinfo's fp32 figure.
		inf16, _ := InferenceMemory(g, dt(t, "bf16"))
		e, _ := Compute(g, Options{DType: dt(t, "fp32")})
		e16, _ := Compute(g, Options{DType: dt(t, "bf16")})
		weights := e.Bytes(Weights)
		if inf16.Torchinfo.Bytes != tt.fwdBwd || e16.Bytes(Weights)*2 != weights {
			t.Errorf("%s bf16: torchinfo %d, weights %d", tt.model, inf16.Torchinfo.Bytes, e16.Bytes(Weights))
		}
		if weights != paramBytes {
			t.Errorf("%s: weights %d, torchinfo params bytes %d", tt.model, weights, paramBytes)
		}
		lines := map[string]bool{}
		for _, p := range printed {
			lines[p] = true
		}
		for _, l := range []string{convention.TorchinfoMB("Forward/backward pass size", inf.Torchinfo.Bytes), convention.TorchinfoMB("Params size", weights)} {
			if !lines[l] || l == "" {
				t.Errorf("%s: %q not printed by torchinfo (%v)", tt.model, l, printed)
			}
		}
		if l := convention.TorchinfoMB("Forward/backward pass size", inf.Torchinfo.Bytes); l != tt.printedFwd {
			t.Errorf("%s: %q", tt.model, l)
		}
	}
}

func TestAlexNetInference(t *testing.T) {
	g, _, _, _ := graphFromRows(t, "alexnet")
	inf, err := InferenceMemory(g, dt(t, "fp32"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := Compute(g, Options{DType: dt(t, "fp32")})
	if err != nil {
		t.Fatal(err)
	}
	if w, _ := e.Term(Weights); w.Formula != "61,100,840 params × 4 B (fp32) = 244,403,360 B" {
		t.Errorf("weights %q", w.Formula)
	}
	if inf.Input.Bytes != 602112 {
		t.Errorf("input %d", inf.Input.Bytes)
	}
	// In the chain every tensor dies at its consumer, so the peak is the
	// largest adjacent pair (plus the input, held by the caller): conv1's
	// output 774,400 B and the ReLU's 774,400 B.
	if inf.Peak.Bytes != 602112+774400+774400 || inf.Nodes[inf.PeakNode].Name != "features.1" {
		t.Errorf("peak %d at %d", inf.Peak.Bytes, inf.PeakNode)
	}
}

// tg builds a small graph: each spec is (type, attrs, producers of its
// inputs, output elements). Producer -1 is the model input (100 elements).
type spec struct {
	typ, attrs string
	from       []int
	out        int64
}

func tg(specs []spec, outputs ...int) *graph.Graph {
	g := &graph.Graph{Inputs: []graph.Tensor{{Shape: graph.Shape{100}, Producer: -1}}}
	for i, s := range specs {
		n := &graph.Node{ID: i, Name: s.typ + "_" + string(rune('a'+i)), Type: s.typ, Call: graph.CallFunction, Module: -1, Attrs: graph.ArgString(s.attrs),
			Outputs: []graph.Tensor{{Shape: graph.Shape{s.out}, Producer: i}}}
		if s.attrs != "" {
			n.Call = graph.CallModule
		}
		for _, f := range s.from {
			sh := graph.Shape{100}
			if f >= 0 {
				sh = graph.Shape{specs[f].out}
			}
			n.Inputs = append(n.Inputs, graph.Tensor{Shape: sh, Producer: f})
		}
		g.Nodes = append(g.Nodes, n)
	}
	for _, o := range outputs {
		g.Outputs = append(g.Outputs, g.Nodes[o].Outputs[0])
	}
	return g
}

func TestPeakLive(t *testing.T) {
	int8 := units.DType{Name: "int8", Bits: 8} // 1 byte per element keeps numbers readable
	tests := []struct {
		name string
		g    *graph.Graph
		peak int64
		at   int
		live []int64
	}{
		{"chain", tg([]spec{{"conv", "", []int{-1}, 50}, {"relu", "", []int{0}, 50}, {"fc", "", []int{1}, 10}}, 2),
			100 + 50 + 50, 1, []int64{150, 200, 160}},
		{"residual keeps the skip alive",
			tg([]spec{{"conv", "", []int{-1}, 40}, {"conv2", "", []int{0}, 40}, {"conv3", "", []int{1}, 40}, {"add", "", []int{2, 0}, 40}}, 3),
			100 + 40 + 40 + 40, 2, []int64{140, 180, 220, 220}},
		{"views allocate nothing and extend life",
			tg([]spec{{"conv", "", []int{-1}, 60}, {"Tensor.view", "", []int{0}, 60}, {"fc", "", []int{1}, 10}}, 2),
			100 + 60 + 10, 2, []int64{160, 160, 170}},
		{"inplace relu",
			tg([]spec{{"conv", "", []int{-1}, 60}, {"ReLU", "inplace=True", []int{0}, 60}, {"fc", "", []int{1}, 10}}, 2),
			170, 2, []int64{160, 160, 170}},
		{"non-inplace relu module",
			tg([]spec{{"conv", "", []int{-1}, 60}, {"ReLU", "inplace=False", []int{0}, 60}, {"fc", "", []int{1}, 10}}, 2),
			220, 1, []int64{160, 220, 170}},
		{"outputs stay live",
			tg([]spec{{"a", "", []int{-1}, 30}, {"b", "", []int{0}, 5}, {"c", "", []int{1}, 7}}, 0, 2),
			100 + 30 + 5 + 7, 2, []int64{130, 135, 142}},
		{"unused output freed at once",
			tg([]spec{{"a", "", []int{-1}, 30}, {"dead", "", []int{0}, 500}, {"c", "", []int{0}, 7}}, 2),
			630, 1, []int64{130, 630, 137}},
	}
	for _, tt := range tests {
		inf, err := InferenceMemory(tt.g, int8)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if inf.Peak.Bytes != tt.peak || inf.PeakNode != tt.at {
			t.Errorf("%s: peak %d at %d, want %d at %d", tt.name, inf.Peak.Bytes, inf.PeakNode, tt.peak, tt.at)
		}
		for i, w := range tt.live {
			if inf.Nodes[i].LiveBytes != w {
				t.Errorf("%s: node %d live %d, want %d", tt.name, i, inf.Nodes[i].LiveBytes, w)
			}
		}
	}
}

// own gives node i's module (made for it) the parameters ps, as the
// tracer lists a module's parameters in Graph.Modules and on its first
// call.
func own(g *graph.Graph, i int, ps ...graph.ParamTensor) {
	n := g.Nodes[i]
	n.Module, n.Call, n.Params = len(g.Modules), graph.CallModule, ps
	g.Modules = append(g.Modules, &graph.Module{Path: n.Name, Type: n.Type, Leaf: true, Params: ps})
}

// TestEstimate: the terms of both modes, their IDs and order, the total,
// and the JSON summary (the master copy under optimizer, ZeRO's way).
func TestEstimate(t *testing.T) {
	g := tg([]spec{{"conv", "", []int{-1}, 60}, {"Tensor.view", "", []int{0}, 60}, {"fc", "", []int{1}, 10}}, 2)
	own(g, 0, graph.ParamTensor{Name: "weight", Shape: graph.Shape{3, 4}, Trainable: true},
		graph.ParamTensor{Name: "running_mean", Shape: graph.Shape{4}, Buffer: true})
	own(g, 2, graph.ParamTensor{Name: "weight", Shape: graph.Shape{6}}) // frozen
	// A module never called still holds parameters (PyTorch's parameters()).
	g.Modules = append(g.Modules, &graph.Module{Path: "unused", Type: "Linear", Leaf: true,
		Params: []graph.ParamTensor{{Name: "weight", Shape: graph.Shape{2}, Trainable: true}}})
	ids := func(e *Estimate) []TermID {
		var out []TermID
		for _, tm := range e.Terms {
			out = append(out, tm.ID)
		}
		return out
	}
	e, err := Compute(g, Options{Mode: ModeTrain, DType: dt(t, "fp32"), Optimizer: SGDMomentum})
	if err != nil {
		t.Fatal(err)
	}
	// weights (12+6+2)·4 = 80, buffers 4·4 = 16, grads (12+2)·4 = 56,
	// momentum 56, activations (60+10)·4 = 280 (the view allocates nothing).
	if got := fmt.Sprint(ids(e)); got != "[weights buffers gradients optimizer_state activations]" {
		t.Errorf("training terms %s", got)
	}
	if e.Bytes(Weights) != 80 || e.Bytes(Buffers) != 16 || e.Bytes(Gradients) != 56 || e.Bytes(OptimizerState) != 56 ||
		e.Bytes(Activations) != 280 || e.Total.Bytes != 488 || e.Total.Formula != "weights 80 + buffers 16 + gradients 56 + optimizer state 56 + activations 280 = 488 B" {
		t.Errorf("training %+v, total %q", e.Terms, e.Total.Formula)
	}
	// the total's formula names its terms in the reader's language
	if zh := e.Total.FormulaIn(msg.ZH); zh != "权重 80 + 缓冲区 16 + 梯度 56 + 优化器状态 56 + 激活值 280 = 488 B" {
		t.Errorf("total in Chinese %q", zh)
	}
	if s := e.Summary(); s != (Summary{Mode: "train", DType: "fp32", Optimizer: "sgd-momentum", WeightsBytes: 80, BuffersBytes: 16,
		GradientsBytes: 56, OptimizerBytes: 56, ActivationsBytes: 280, TotalBytes: 488}) {
		t.Errorf("summary %+v", s)
	}
	e, err = Compute(g, Options{Mode: ModeTrain, DType: dt(t, "bf16"), Optimizer: Adam})
	if err != nil {
		t.Fatal(err)
	}
	// bf16: weights 20·2, buffers 4·2, grads 14·2, Adam 2·14·4, master 14·4.
	if got := fmt.Sprint(ids(e)); got != "[weights buffers gradients optimizer_state master_weights activations]" {
		t.Errorf("mixed terms %s", got)
	}
	if s := e.Summary(); s.OptimizerBytes != 112+56 || s.MasterWeightsBytes != 56 || s.TotalBytes != 40+8+28+112+56+140 || e.Total.Bytes != s.TotalBytes {
		t.Errorf("mixed summary %+v", s)
	}
	e, err = Compute(g, Options{DType: dt(t, "fp32")})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(ids(e)); got != "[weights buffers activations]" || e.Mode != ModeInference {
		t.Errorf("inference terms %s", got)
	}
	if s := e.Summary(); s.WeightsBytes != 80 || s.ActivationsBytes != e.Inference.Peak.Bytes || s.GradientsBytes != 0 || s.TotalBytes != 96+e.Inference.Peak.Bytes {
		t.Errorf("inference summary %+v", s)
	}
	js, _ := json.Marshal(e.Summary())
	for _, k := range []string{"weights_bytes", "buffers_bytes", "gradients_bytes", "optimizer_bytes", "activations_bytes", "kv_cache_bytes", "total_bytes"} {
		if !strings.Contains(string(js), `"`+k+`"`) {
			t.Errorf("json %s lacks %s", js, k)
		}
	}
	if f := e.Fit("dev", 100); f.Fits || f.Need != e.Total.Bytes {
		t.Errorf("fit %+v", f)
	}
	// KV options without a decoder in the graph: all three, or an error.
	e, err = Compute(g, Options{DType: dt(t, "fp16"), KV: KVOptions{Seq: 10, Layers: 2, Heads: 3, HeadDim: 4}})
	if err != nil || e.Bytes(KVCacheTerm) != 2*2*100*10*3*4*2 || e.KV.Source != "from the options (--kv-layers, --kv-heads, --head-dim); sequence length 10 given" {
		t.Errorf("kv %v %+v", err, e.KV)
	}
	if _, err := Compute(g, Options{DType: dt(t, "fp16"), KV: KVOptions{Heads: 3}}); err == nil {
		t.Error("a KV cache from heads alone")
	}
}

func TestBadInput(t *testing.T) {
	if _, err := InferenceMemory(nil, dt(t, "fp32")); err == nil {
		t.Error("nil graph accepted")
	}
	if _, err := Compute(nil, Options{Mode: ModeTrain}); err == nil {
		t.Error("nil graph accepted")
	}
	g := tg([]spec{{"big", "", []int{-1}, math.MaxInt64 / 2}}, 0)
	if _, err := InferenceMemory(g, dt(t, "fp32")); err == nil {
		t.Error("overflow not reported")
	}
	g = tg([]spec{{"neg", "", []int{-1}, -5}}, 0)
	if _, err := InferenceMemory(g, dt(t, "fp32")); err == nil {
		t.Error("negative shape accepted")
	}
	// Dangling producers and nil nodes do not panic.
	g = tg([]spec{{"a", "", []int{-1}, 5}}, 0)
	g.Nodes[0].Inputs = append(g.Nodes[0].Inputs, graph.Tensor{Shape: graph.Shape{1}, Producer: 99})
	g.Nodes = append(g.Nodes, nil)
	if _, err := InferenceMemory(g, dt(t, "fp32")); err != nil {
		t.Error(err)
	}
}

// TestTiedParams: a GPT-2-style graph whose lm_head shares the token
// embedding's weight (graph.ParamTensor.Tied) counts that tensor once, as
// graph.Count and PyTorch's parameters() do, in ParamCounts and in the
// inference and training estimates.
func TestTiedParams(t *testing.T) {
	const vocab, width = 50257, 768
	g := tg([]spec{{"wte", "Embedding", []int{-1}, 4 * width}, {"ln_f", "LayerNorm", []int{0}, 4 * width}, {"lm_head", "Linear", []int{1}, 4 * vocab}}, 2)
	own(g, 0, graph.ParamTensor{Name: "weight", Shape: graph.Shape{vocab, width}, Trainable: true})
	own(g, 1, graph.ParamTensor{Name: "weight", Shape: graph.Shape{width}, Trainable: true},
		graph.ParamTensor{Name: "bias", Shape: graph.Shape{width}, Trainable: true})
	own(g, 2, graph.ParamTensor{Name: "weight", Shape: graph.Shape{vocab, width}, Trainable: true, Tied: true})
	var want int64
	for _, n := range g.Nodes {
		tr, _, _ := graph.Count(n.Params)
		want += tr
	}
	if want != vocab*width+2*width {
		t.Fatalf("graph.Count gives %d", want)
	}
	tr, fr, bu, err := ParamCounts(g)
	if err != nil || tr != want || fr != 0 || bu != 0 {
		t.Fatalf("ParamCounts = %d, %d, %d, %v; want %d trainable", tr, fr, bu, err, want)
	}
	fp32 := dt(t, "fp32")
	inf, err := Compute(g, Options{DType: fp32})
	if err != nil || inf.Bytes(Weights) != 4*want {
		t.Errorf("inference weights %+v, %v; want %d B", inf.Terms, err, 4*want)
	}
	trn, err := Compute(g, Options{Mode: ModeTrain, DType: fp32, Optimizer: Adam})
	if err != nil || trn.Bytes(Weights) != 4*want || trn.Bytes(Gradients) != 4*want || trn.Bytes(OptimizerState) != 8*want {
		t.Errorf("training %+v, %v; want weights and gradients %d B", trn.Terms, err, 4*want)
	}
	// Untied, both are counted.
	g.Nodes[2].Params[0].Tied = false
	if tr, _, _, _ := ParamCounts(g); tr != want+vocab*width {
		t.Errorf("untied ParamCounts = %d, want %d", tr, want+vocab*width)
	}
}
