package core

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/hw"
	"floplab/core/memory"
	"floplab/core/msg"
	"floplab/core/units"
)

// Modes of a demand estimate.
const (
	ModeInference = "inference"
	ModeTrain     = "train"
)

// DemandOptions say what memory and time estimate to make of a report.
type DemandOptions struct {
	// Mode is ModeInference (default) or ModeTrain.
	Mode string
	// Optimizer for training: sgd, momentum (sgd-momentum), adam (default)
	// or adamw.
	Optimizer string
	// Device is a built-in device id or name (hw.Devices), or a custom
	// device written "NAME:TFLOPS:GB/s:GB" (see ParseDevice); "" = none.
	Device string
	// Seq is the KV cache's sequence length; 0 takes the input's.
	Seq int64
	// KVLayers, KVHeads, HeadDim override what the traced graph says
	// (0 keeps the graph's figure).
	KVLayers, KVHeads, HeadDim int64
}

// MemorySummary is the "memory" object of the JSON report: exact byte
// counts. TotalBytes = weights + buffers + gradients + optimizer +
// activations + kv_cache. Under mixed precision OptimizerBytes includes
// the fp32 master copy of the weights (ZeRO's accounting),
// MasterWeightsBytes says how much of it.
type MemorySummary struct {
	Mode               string `json:"mode"`
	DType              string `json:"dtype"`
	Optimizer          string `json:"optimizer,omitempty"`
	WeightsBytes       int64  `json:"weights_bytes"`
	BuffersBytes       int64  `json:"buffers_bytes"`
	GradientsBytes     int64  `json:"gradients_bytes"`
	OptimizerBytes     int64  `json:"optimizer_bytes"`
	MasterWeightsBytes int64  `json:"master_weights_bytes,omitempty"`
	ActivationsBytes   int64  `json:"activations_bytes"`
	KVCacheBytes       int64  `json:"kv_cache_bytes"`
	TotalBytes         int64  `json:"total_bytes"`
}

// DeviceSummary is the "device" object of the JSON report. Times are
// lower bounds (see hw.LowerBoundNote).
type DeviceSummary struct {
	Name string `json:"name"`
	// LowerBoundSeconds is the forward pass's roofline lower bound (Σ per
	// layer max(FLOPs/peak, bytes/bandwidth)).
	LowerBoundSeconds float64 `json:"lower_bound_seconds"`
	Bound             string  `json:"bound"`
	// TrainStepSeconds = 3 × forward (backward ≈ 2 × forward).
	TrainStepSeconds float64 `json:"train_step_seconds"`
	// PerSecond is batch / LowerBoundSeconds: images or sequences per
	// second, an upper bound; TokensPerSecond multiplies by the sequence
	// length for token inputs.
	PerSecond       float64 `json:"samples_per_second"`
	TokensPerSecond float64 `json:"tokens_per_second,omitempty"`
	// FusedSeconds is the whole-model ideal (every intermediate on chip).
	FusedSeconds  float64 `json:"fused_lower_bound_seconds"`
	CapacityBytes int64   `json:"capacity_bytes"`
	Fits          bool    `json:"fits"`
	// MarginBytes is capacity − total memory: headroom, or a negative
	// shortfall.
	MarginBytes int64  `json:"margin_bytes"`
	Verdict     string `json:"verdict"`
	// Error says why there is no time (no published peak for the dtype).
	Error string `json:"error,omitempty"`
}

// KVInfo is the KV cache estimate and where its dimensions came from.
type KVInfo struct {
	Layers  int64 `json:"layers"`
	Batch   int64 `json:"batch"`
	Seq     int64 `json:"seq"`
	KVHeads int64 `json:"kv_heads"`
	HeadDim int64 `json:"head_dim"`
	// Source explains the figures: traced graph, flags, or both.
	Source string `json:"source"`
	// SourceText is Source to render in any language.
	SourceText msg.Text    `json:"-"`
	Term       memory.Term `json:"term"`
}

// Demand is what a model asks of memory and of a device.
type Demand struct {
	Mode      string `json:"mode"`
	DType     string `json:"dtype"`
	Optimizer string `json:"optimizer,omitempty"`
	// Terms are the stacked memory terms of the mode, in order, each with
	// its formula; Total is their sum.
	Terms []memory.Term `json:"terms"`
	Total memory.Term   `json:"total"`
	// Inference holds the activation figures (per-layer output sizes, the
	// peak live set, the simple sum, torchinfo's figure, the input).
	Inference *memory.Inference `json:"-"`
	// Training is set in training mode.
	Training *memory.Training `json:"-"`
	// KV is set when the model has a decoder's attention (or flags give
	// its dimensions) and the mode is inference.
	KV      *KVInfo       `json:"kv_cache,omitempty"`
	Memory  MemorySummary `json:"memory"`
	DevInfo *hw.Device    `json:"-"`
	// Device and Roofline are set when a device was asked for.
	Device   *DeviceSummary `json:"device,omitempty"`
	Roofline *hw.Roofline   `json:"-"`
	// Fit is the verdict against the device's capacity.
	Fit *memory.Fit `json:"-"`
	NoteList
}

func (d *Demand) note(t msg.Text) { d.AddNote(t, false) }

// CustomDevice makes a user's device: one peak (TFLOP/s, used for every
// dtype), a bandwidth in GB/s and a capacity in GB (10^9 bytes).
func CustomDevice(name string, tflops, gbps, gb float64) (hw.Device, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "custom device"
	}
	ok := func(v float64) bool { return v > 0 && v < 1e9 && !math.IsNaN(v) }
	if !ok(tflops) || !ok(gbps) || !ok(gb) {
		return hw.Device{}, diag.New(diag.Pos{}, msg.F("a custom device needs a positive peak (TFLOP/s), bandwidth (GB/s) and memory (GB)"),
			msg.F(`write it as NAME:TFLOPS:GB/s:GB, e.g. "my gpu:100:900:24"`))
	}
	peak := int64(math.Round(tflops * 1e12))
	d := hw.Device{ID: "custom", Name: name, Peak: map[string]int64{}, Bandwidth: int64(math.Round(gbps * 1e9)),
		Capacity: int64(math.Round(gb * 1e9)),
		Source:   fmt.Sprintf("user-entered: %g TFLOP/s for every dtype, %g GB/s, %g GB", tflops, gbps, gb)}
	for _, dt := range units.DTypes() {
		d.Peak[dt.Name] = peak
	}
	return d, nil
}

// ParseDevice reads a built-in device id or name, or a custom device
// "NAME:TFLOPS:GB/s:GB".
func ParseDevice(s string) (hw.Device, error) {
	if d, ok := hw.Lookup(s); ok {
		return d, nil
	}
	// A unique prefix of an id: "h100" is h100-sxm, "a100" a100-80gb-sxm.
	var found []hw.Device
	low := strings.ToLower(strings.TrimSpace(s))
	for _, d := range hw.Devices() {
		if low != "" && strings.HasPrefix(d.ID, low) {
			found = append(found, d)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	if parts := strings.Split(s, ":"); len(parts) == 4 {
		var v [3]float64
		for i := range v {
			f, err := strconv.ParseFloat(strings.TrimSpace(parts[i+1]), 64)
			if err != nil {
				return hw.Device{}, diag.New(diag.Pos{}, msg.F("custom device %q: %q is not a number", s, parts[i+1]),
					msg.F(`write it as NAME:TFLOPS:GB/s:GB, e.g. "my gpu:100:900:24"`))
			}
			v[i] = f
		}
		return CustomDevice(parts[0], v[0], v[1], v[2])
	}
	var ids []string
	for _, d := range hw.Devices() {
		ids = append(ids, d.ID)
	}
	return hw.Device{}, diag.New(diag.Pos{}, msg.F("unknown device %q", s),
		msg.F("devices: %s; or your own as NAME:TFLOPS:GB/s:GB", strings.Join(ids, ", ")))
}

// normOptimizer maps the accepted spellings to memory's names.
func normOptimizer(s string) (memory.Optimizer, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "adam":
		return memory.Adam, nil
	case "adamw":
		return memory.AdamW, nil
	case "sgd":
		return memory.SGD, nil
	case "momentum", "sgd-momentum", "sgd+momentum":
		return memory.SGDMomentum, nil
	}
	return "", diag.New(diag.Pos{}, msg.F("unknown optimizer %q", s), msg.F("optimizers: sgd, momentum, adam, adamw"))
}

// ComputeDemand estimates the memory a report's model needs (inference or a
// training step) at the report's dtype, its KV cache, and, when a device
// is given, the roofline lower-bound times and whether it fits.
func ComputeDemand(rep *Report, o DemandOptions) (*Demand, error) {
	if rep == nil || rep.Graph == nil {
		return nil, diag.New(diag.Pos{}, msg.F("no traced model to estimate"), msg.Text{})
	}
	mode := strings.ToLower(strings.TrimSpace(o.Mode))
	switch mode {
	case "", "infer", ModeInference:
		mode = ModeInference
	case "training", ModeTrain:
		mode = ModeTrain
	default:
		return nil, diag.New(diag.Pos{}, msg.F("unknown memory mode %q", o.Mode), msg.F("modes: inference, train"))
	}
	dt, ok := units.Lookup(rep.DType)
	if !ok {
		dt, _ = units.Lookup("fp32")
	}
	g := rep.Graph
	d := &Demand{Mode: mode, DType: dt.Name}
	inf, err := memory.InferenceMemory(g, dt)
	if err != nil {
		return nil, err
	}
	d.Inference = inf
	tot := rep.Totals
	weights, err := termBytes("weights", tot.Params, msg.F("params"), dt)
	if err != nil {
		return nil, err
	}
	buffers, err := termBytes("buffers", tot.Buffers, msg.F("buffer elements (BatchNorm running stats and the like)"), dt)
	if err != nil {
		return nil, err
	}
	s := &d.Memory
	s.Mode, s.DType = mode, dt.Name
	s.WeightsBytes, s.BuffersBytes = weights.Bytes, buffers.Bytes
	d.Terms = append(d.Terms, weights)
	if buffers.Bytes > 0 {
		d.Terms = append(d.Terms, buffers)
	}
	if mode == ModeTrain {
		opt, err := normOptimizer(o.Optimizer)
		if err != nil {
			return nil, err
		}
		d.Optimizer = string(opt)
		s.Optimizer = d.Optimizer
		var act int64
		for _, n := range inf.Nodes {
			if !n.View {
				if act, err = units.Add(act, n.OutputBytes); err != nil {
					return nil, err
				}
			}
		}
		tr, err := memory.TrainingFromCounts(memory.Counts{Trainable: tot.TrainableParams, Frozen: tot.NonTrainableParams, Activations: act}, dt, opt)
		if err != nil {
			return nil, err
		}
		tr.Activations = memory.NewTerm(tr.Activations.Name, tr.Activations.Bytes,
			msg.F("Σ outputs of the %d nodes that allocate (views excluded), kept for backward = %s B (estimate)", countAlloc(inf), units.Thousands(act)))
		d.Training = tr
		s.GradientsBytes = tr.Gradients.Bytes
		s.MasterWeightsBytes = tr.Master.Bytes
		if s.OptimizerBytes, err = units.Add(tr.OptimizerState.Bytes, tr.Master.Bytes); err != nil {
			return nil, err
		}
		s.ActivationsBytes = act
		d.Terms = append(d.Terms, tr.Gradients, tr.OptimizerState)
		if tr.Mixed {
			d.Terms = append(d.Terms, tr.Master)
		}
		d.Terms = append(d.Terms, tr.Activations)
		for _, n := range tr.NoteTexts {
			d.note(n)
		}
	} else {
		s.ActivationsBytes = inf.Peak.Bytes
		act := inf.Peak
		act.Name = "activations (peak live set)"
		d.Terms = append(d.Terms, act)
		kv, err := kvCache(rep, o, dt)
		if err != nil {
			return nil, err
		}
		if kv != nil {
			d.KV = kv
			s.KVCacheBytes = kv.Term.Bytes
			d.Terms = append(d.Terms, kv.Term)
		}
		d.note(msg.F("activations are the peak live set along the graph (input included); real frameworks add workspace and allocator overhead"))
	}
	if s.TotalBytes, err = units.Sum(s.WeightsBytes, s.BuffersBytes, s.GradientsBytes, s.OptimizerBytes, s.ActivationsBytes, s.KVCacheBytes); err != nil {
		return nil, err
	}
	var parts []string
	for _, t := range d.Terms {
		parts = append(parts, units.Thousands(t.Bytes))
	}
	d.Total = memory.Term{Name: "total", Bytes: s.TotalBytes, Formula: strings.Join(parts, " + ") + " = " + units.Thousands(s.TotalBytes) + " B"}
	if o.Device != "" {
		if err := d.device(rep, o.Device, dt); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func countAlloc(inf *memory.Inference) int {
	n := 0
	for _, m := range inf.Nodes {
		if !m.View {
			n++
		}
	}
	return n
}

// termBytes is "count what × B = total B" (memory's own helper is not
// exported).
func termBytes(name string, count int64, what msg.Text, dt units.DType) (memory.Term, error) {
	b, err := units.Bytes(count, dt)
	if err != nil {
		return memory.Term{}, diag.New(diag.Pos{}, msg.F("%s: %s", name, err.Error()), msg.Text{})
	}
	per := strconv.FormatFloat(float64(dt.Bits)/8, 'f', -1, 64) + " B"
	return memory.NewTerm(name, b, msg.F("%s %s × %s (%s) = %s B", units.Thousands(count), what, per, dt.Name, units.Thousands(b))), nil
}

func (d *Demand) device(rep *Report, spec string, dt units.DType) error {
	dev, err := ParseDevice(spec)
	if err != nil {
		return err
	}
	d.DevInfo = &dev
	fit := memory.Verdict(dev.Name, d.Memory.TotalBytes, dev.Capacity)
	d.Fit = &fit
	ds := &DeviceSummary{Name: dev.Name, CapacityBytes: dev.Capacity, Fits: fit.Fits, MarginBytes: fit.Margin, Verdict: fit.Text}
	d.Device = ds
	r, err := hw.Analyze(rep.Graph, dev, dt, 0)
	if err != nil {
		ds.Error = strings.TrimPrefix(err.Error(), "hw: ")
		d.note(msg.F("no lower-bound time: %s", ds.Error))
		return nil
	}
	d.Roofline = r
	ds.LowerBoundSeconds, ds.Bound = r.Seconds, r.Bound
	ds.TrainStepSeconds, ds.PerSecond, ds.FusedSeconds = r.TrainStepSeconds, r.PerSecond, r.FusedSeconds
	if len(rep.Inputs) > 0 && len(rep.Inputs[0]) == 2 && isTokens(rep.Graph) {
		ds.TokensPerSecond = r.PerSecond * float64(rep.Inputs[0][1])
	}
	d.note(msg.F(hw.LowerBoundNote))
	return nil
}

func isTokens(g *graph.Graph) bool {
	return len(g.Inputs) > 0 && g.Inputs[0].DType == "long"
}

// kvCache sizes the KV cache from the traced graph (decoder attention:
// k_proj as in Llama/Mistral/Qwen2, or GPT-2's c_attn) and the options.
// nil when neither the graph nor the options give the dimensions.
func kvCache(rep *Report, o DemandOptions, dt units.DType) (*KVInfo, error) {
	layers, heads, hd, how := deriveKV(rep.Graph)
	var flags []string
	if o.KVLayers > 0 {
		layers = o.KVLayers
		flags = append(flags, "--kv-layers")
	}
	if o.KVHeads > 0 {
		heads = o.KVHeads
		flags = append(flags, "--kv-heads")
	}
	if o.HeadDim > 0 {
		hd = o.HeadDim
		flags = append(flags, "--head-dim")
	}
	if layers <= 0 || heads <= 0 || hd <= 0 {
		if len(flags) > 0 {
			return nil, diag.New(diag.Pos{}, msg.F("KV cache: give layers, KV heads and head dim (%s given; the traced graph has no decoder attention to fill in the rest)", strings.Join(flags, ", ")),
				msg.F("--kv-layers 32 --kv-heads 32 --head-dim 128"))
		}
		return nil, nil
	}
	batch, seq := int64(1), o.Seq
	if len(rep.Inputs) > 0 && len(rep.Inputs[0]) > 0 {
		batch = rep.Inputs[0][0]
		if seq <= 0 && len(rep.Inputs[0]) >= 2 {
			seq = rep.Inputs[0][1]
		}
	}
	if seq <= 0 {
		seq = 1
	}
	src := how
	switch {
	case len(flags) == 3 || how.IsZero():
		src = msg.F("from the options (%s)", strings.Join(flags, ", "))
	case len(flags) > 0:
		src = msg.F("%s; overridden by %s", how, strings.Join(flags, ", "))
	}
	if o.Seq > 0 {
		src = msg.F("%s; sequence length %s given", src, units.Thousands(seq))
	} else {
		src = msg.F("%s; sequence length = the input's %s", src, units.Thousands(seq))
	}
	t, err := memory.KVCache(layers, batch, seq, heads, hd, dt)
	if err != nil {
		return nil, err
	}
	t.Name = "KV cache"
	return &KVInfo{Layers: layers, Batch: batch, Seq: seq, KVHeads: heads, HeadDim: hd, Source: src.String(), SourceText: src, Term: t}, nil
}

// DeriveKV reads a decoder's KV cache dimensions from a traced graph:
// layers = the number of key projections (modules named k_proj, or GPT-2's
// c_attn), KV heads and head dim = the last two dimensions of the view
// that splits the key projection into heads. how explains it; zeros when
// the graph has no such attention.
func DeriveKV(g *graph.Graph) (layers, heads, headDim int64, how string) {
	layers, heads, headDim, t := deriveKV(g)
	return layers, heads, headDim, t.String()
}

func deriveKV(g *graph.Graph) (layers, heads, headDim int64, how msg.Text) {
	if g == nil {
		return 0, 0, 0, msg.Text{}
	}
	consumers := map[int][]*graph.Node{}
	for _, n := range g.Nodes {
		if n == nil {
			continue
		}
		seen := map[int]bool{}
		for _, t := range n.Inputs {
			if t.Producer >= 0 && !seen[t.Producer] {
				seen[t.Producer] = true
				consumers[t.Producer] = append(consumers[t.Producer], n)
			}
		}
	}
	headView := func(id int) (int64, int64, bool) {
		for _, c := range consumers[id] {
			if (c.Type == "Tensor.view" || c.Type == "Tensor.reshape") && len(c.Outputs) > 0 && len(c.Outputs[0].Shape) == 4 {
				s := c.Outputs[0].Shape
				return s[2], s[3], true
			}
		}
		return 0, 0, false
	}
	last := func(p string) string {
		if i := strings.LastIndexByte(p, '.'); i >= 0 {
			return p[i+1:]
		}
		return p
	}
	for _, kind := range []string{"k_proj", "c_attn"} {
		layers, heads, headDim = 0, 0, 0
		for _, n := range g.Nodes {
			if n == nil || n.Call != graph.CallModule || n.CallIndex != 0 || last(n.Name) != kind {
				continue
			}
			// A module's output may carry the ID of the call inside it
			// that made it (GPT-2's Conv1D ends in a view).
			ids := []int{n.ID}
			if len(n.Outputs) > 0 && n.Outputs[0].Producer >= 0 && n.Outputs[0].Producer != n.ID {
				ids = append(ids, n.Outputs[0].Producer)
			}
			var h, d int64
			var ok bool
			for _, id := range ids {
				if kind == "k_proj" {
					h, d, ok = headView(id)
				} else {
					for _, c := range consumers[id] {
						if strings.HasSuffix(c.Type, "split") {
							if h, d, ok = headView(c.ID); ok {
								break
							}
						}
					}
				}
				if ok {
					break
				}
			}
			if !ok {
				continue
			}
			layers++
			if heads == 0 {
				heads, headDim = h, d
			}
		}
		if layers > 0 {
			return layers, heads, headDim, msg.F("from the traced graph: %d %s projections, each viewed as %d KV heads × %d head dim", layers, kind, heads, headDim)
		}
	}
	return 0, 0, 0, msg.Text{}
}

// FormatSeconds prints a duration with three significant digits and a
// unit the eye can compare: "9.87 µs", "3.50 ms", "1.20 s"; "–" for
// zero or less.
func FormatSeconds(s float64) string {
	switch {
	case s <= 0 || math.IsNaN(s) || math.IsInf(s, 0):
		return "–"
	case s < 1e-6:
		return strconv.FormatFloat(s*1e9, 'f', sigDecimals(s*1e9), 64) + " ns"
	case s < 1e-3:
		return strconv.FormatFloat(s*1e6, 'f', sigDecimals(s*1e6), 64) + " µs"
	case s < 1:
		return strconv.FormatFloat(s*1e3, 'f', sigDecimals(s*1e3), 64) + " ms"
	}
	return strconv.FormatFloat(s, 'f', sigDecimals(s), 64) + " s"
}

// FormatRate prints a per-second figure with three significant digits
// and an SI suffix: "1.23k", "456", "7.89M".
func FormatRate(v float64) string {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	for _, x := range []struct {
		f float64
		s string
	}{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		if v >= x.f {
			return strconv.FormatFloat(v/x.f, 'f', sigDecimals(v/x.f), 64) + x.s
		}
	}
	return strconv.FormatFloat(v, 'f', sigDecimals(v), 64)
}

// sigDecimals is the number of decimals that leaves three significant
// digits for v in [0.001, 1000).
func sigDecimals(v float64) int {
	switch {
	case v >= 100:
		return 0
	case v >= 10:
		return 1
	}
	return 2
}
