package core

import (
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
	// device written "NAME:TFLOPS:GB/s:GB" (see hw.ParseDevice); "" = none.
	Device string
	// Seq is the KV cache's sequence length; 0 takes the input's.
	Seq int64
	// KVLayers, KVHeads, HeadDim override what the traced graph says
	// (0 keeps the graph's figure).
	KVLayers, KVHeads, HeadDim int64
	// KVDType is the KV cache's element type (fp16, bf16, fp8, int8,
	// int4; "" = the weights' dtype).
	KVDType string
	// Quant stores the weights quantized (memory.Quants: int8, fp8,
	// gptq-int4, awq-int4, nf4, q8_0, q4_k_m, ...). "" is the default: in
	// inference, the format a config.json's quantization_config names
	// (its published weights as stored; ComputeDemand), else none.
	// QuantNone keeps the weights at the dtype.
	Quant string
	// LoRARank and LoRATargets set the LoRA and QLoRA rows of a config
	// model's fine-tuning estimate: the rank (0: DefaultLoRARank) and
	// PEFT's target_modules (nil: the family's query and value
	// projections; AllLinear: every Linear but the LM head).
	LoRARank    int64
	LoRATargets []string
	// kvLayout is a config.json model's cache, layer by layer (set by
	// ComputeDemand from the report).
	kvLayout *memory.KVLayout
}

// QuantNone is DemandOptions.Quant (and the CLI's --quant, a link's
// quant) for weights at the dtype, not quantized, also where the config
// names a quantization.
const QuantNone = "none"

// DeviceSummary is the "device" object of the JSON report. Times are
// lower bounds (see hw.LowerBoundNote).
type DeviceSummary struct {
	Name string `json:"name"`
	// LowerBoundSeconds is the forward pass's roofline lower bound (Σ per
	// layer max(FLOPs/peak, bytes/bandwidth)).
	LowerBoundSeconds float64 `json:"lower_bound_seconds"`
	Bound             string  `json:"bound"`
	// TrainStepSeconds is the forward's lower bound plus the backward
	// pass's, layer by layer from its gradient products and the bytes
	// they move (hw.Roofline.AddBackward): a frozen backbone's layers
	// add nothing, the first layer computes no grad input.
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

// Demand is what a model asks of memory and of a device: the memory
// estimate (memory.Estimate, whose fields it repeats for renderers) and,
// when a device is asked for, the roofline and the verdict.
type Demand struct {
	Estimate  *memory.Estimate `json:"-"`
	Mode      string           `json:"mode"`
	DType     string           `json:"dtype"`
	Optimizer string           `json:"optimizer,omitempty"`
	// Quant is the quantization format the weights are counted in
	// (memory.Quants), "" at the dtype; also Memory.Quant.
	Quant string `json:"quant,omitempty"`
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
	// Serving is set for a config.json language model with a device
	// (inference): prefill, decode, devices needed, fine-tuning memory.
	Serving *Serving `json:"serving,omitempty"`
	NoteList
}

func (d *Demand) note(t msg.Text) { d.AddNote(t, false) }

// MemorySummary is the "memory" object of the JSON report (see
// memory.Summary).
type MemorySummary = memory.Summary

// KVInfo is the KV cache estimate and where its dimensions came from.
type KVInfo = memory.KV

// EstimateDemand is ComputeDemand of a traced graph at a dtype name
// ("" and unknown names are fp32). It reads the graph only: the demand
// sits below the report, which holds it.
func EstimateDemand(g *graph.Graph, dtype string, o DemandOptions) (*Demand, error) {
	if g == nil {
		return nil, diag.New(diag.Pos{}, msg.F("no traced model to estimate"), msg.Text{})
	}
	mode, err := memory.ParseMode(o.Mode)
	if err != nil {
		return nil, err
	}
	dt, ok := units.Lookup(dtype)
	if !ok {
		dt, _ = units.Lookup("fp32")
	}
	mo := memory.Options{Mode: mode, DType: dt,
		KV: memory.KVOptions{Seq: o.Seq, Layers: o.KVLayers, Heads: o.KVHeads, HeadDim: o.HeadDim, Layout: o.kvLayout}}
	if o.Quant != "" && !strings.EqualFold(o.Quant, QuantNone) {
		q, err := memory.LookupQuant(o.Quant)
		if err != nil {
			return nil, err
		}
		mo.Quant = &q
	}
	if o.KVDType != "" {
		kdt, ok := units.Lookup(o.KVDType)
		if !ok {
			return nil, diag.New(diag.Pos{}, msg.F("unknown KV cache dtype %q", o.KVDType), msg.F("dtypes: fp32, fp16, bf16, fp8, int8, int4"))
		}
		mo.KV.DType = kdt
	}
	if mode == memory.ModeTrain {
		if mo.Optimizer, err = memory.ParseOptimizer(o.Optimizer); err != nil {
			return nil, err
		}
	}
	e, err := memory.Compute(g, mo)
	if err != nil {
		return nil, err
	}
	d := &Demand{Estimate: e, Mode: string(e.Mode), DType: e.DType, Optimizer: string(e.Optimizer), Terms: e.Terms, Total: e.Total,
		Inference: e.Inference, Training: e.Training, KV: e.KV, Memory: e.Summary()}
	if mo.Quant != nil {
		d.Quant, d.Memory.Quant = mo.Quant.ID, mo.Quant.ID
	}
	for _, n := range e.Notes {
		d.note(n)
	}
	if o.Device != "" {
		if err := d.device(g, o.Device, dt); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (d *Demand) device(g *graph.Graph, spec string, dt units.DType) error {
	dev, err := hw.ParseDevice(spec)
	if err != nil {
		return err
	}
	d.DevInfo = &dev
	fit := d.Estimate.Fit(dev.Name, dev.Capacity)
	d.Fit = &fit
	ds := &DeviceSummary{Name: dev.Name, CapacityBytes: dev.Capacity, Fits: fit.Fits, MarginBytes: fit.Margin, Verdict: fit.Text}
	d.Device = ds
	r, err := hw.Analyze(g, dev, dt, 0)
	if err != nil {
		ds.Error = strings.TrimPrefix(err.Error(), "hw: ")
		d.note(msg.F("no lower-bound time: %s", ds.Error))
		return nil
	}
	d.Roofline = r
	if err := addBackward(r, g, dt); err != nil {
		return err
	}
	ds.LowerBoundSeconds, ds.Bound = r.Seconds, r.Bound
	ds.TrainStepSeconds, ds.PerSecond, ds.FusedSeconds = r.TrainStepSeconds, r.PerSecond, r.FusedSeconds
	if len(g.Inputs) > 0 && len(g.Inputs[0].Shape) == 2 && isTokens(g) {
		ds.TokensPerSecond = r.PerSecond * float64(g.Inputs[0].Shape[1])
	}
	d.note(msg.F(hw.LowerBoundNote))
	return nil
}

func isTokens(g *graph.Graph) bool {
	return len(g.Inputs) > 0 && g.Inputs[0].DType == "long"
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
