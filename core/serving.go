package core

import (
	"fmt"
	"math"
	"strings"

	"floplab/core/graph"
	"floplab/core/hfconfig"
	"floplab/core/memory"
	"floplab/core/msg"
	"floplab/core/units"
)

// Serving is what a language model from a config.json asks of a device
// when it serves and when it is fine-tuned. Times are roofline lower
// bounds (see hw.LowerBoundNote); memory figures are estimates.
type Serving struct {
	// PrefillSeconds: the forward pass over the input's tokens, fused
	// (max(FLOPs / peak, bytes / bandwidth)).
	PrefillSeconds float64 `json:"prefill_seconds"`
	// Context is the cached length one decoded token attends to.
	Context int64 `json:"context_tokens"`
	// DecodeSeconds is one decode step of one sequence: max(FLOPs per
	// token / peak, (weights read + its KV cache) / bandwidth); decoding
	// is memory-bound. TokensPerSecond = 1 / DecodeSeconds.
	DecodeSeconds   float64 `json:"decode_seconds_per_token"`
	TokensPerSecond float64 `json:"decode_tokens_per_second"`
	// Batch sequences decode together: each step reads the weights once
	// and every sequence's KV cache; BatchTokensPerSecond is the total.
	Batch                int64   `json:"batch"`
	BatchTokensPerSecond float64 `json:"batch_decode_tokens_per_second"`
	// GPUs is how many such devices hold weights + KV cache +
	// activations (ceil(total / capacity)).
	GPUs int64 `json:"gpus_needed"`
	// FineTune lists full fine-tuning, LoRA and QLoRA memory, with and
	// without gradient checkpointing.
	FineTune []FineTune `json:"finetune"`
}

// FineTune is one fine-tuning setup's memory.
type FineTune struct {
	Method string `json:"method"` // "full", "lora", "qlora"
	// Checkpointing keeps only each layer's input for backward.
	Checkpointing bool  `json:"gradient_checkpointing"`
	Trainable     int64 `json:"trainable_params"`
	Bytes         int64 `json:"bytes"`
}

// LoRA settings of the estimate: PEFT's defaults for Llama-layout models
// (r = 16 here, a common choice; target modules q_proj and v_proj).
const loraRank = 16

var loraTargets = []string{"q_proj", "v_proj", "qkv_proj", "query_key_value", "c_attn", "query", "value", "q", "v"}

// serving fills the serving estimate of a config model on the demand's
// device.
func serving(rep *Report, d *Demand, m *hfconfig.Model, dt units.DType) {
	if m == nil || m.Encoder || d.DevInfo == nil || d.Roofline == nil || d.Estimate == nil || d.Estimate.Mode != memory.ModeInference {
		return
	}
	dev := *d.DevInfo
	peak := float64(dev.Peak[dt.Name])
	bw := float64(dev.Bandwidth)
	if peak <= 0 || bw <= 0 {
		return
	}
	g := rep.Graph
	s := &Serving{PrefillSeconds: d.Roofline.FusedSeconds, Batch: 1}
	if len(g.Inputs) > 0 && len(g.Inputs[0].Shape) >= 1 {
		s.Batch = g.Inputs[0].Shape[0]
	}
	weights, _ := d.Estimate.Term(memory.Weights)
	var kvSeq int64
	if d.KV != nil {
		s.Context = d.KV.Seq
		kvSeq = d.KV.Term.Bytes / max(d.KV.Batch, 1)
	}
	// weights read per step: all of them, but of the routed experts only
	// those the batch's tokens go to (at most all)
	active := float64(rep.Totals.ActiveParams) / float64(max(rep.Totals.Params, 1))
	read := func(b int64) float64 {
		w := float64(weights.Bytes)
		if e := m.MoE; e != nil && e.Experts > e.TopK {
			// the routed experts' share of all parameters, and of them
			// the share a step's b·top_k tokens touch (at most all)
			experts := (1 - active) * float64(e.Experts) / float64(e.Experts-e.TopK)
			w *= (1 - experts) + experts*math.Min(1, float64(b*e.TopK)/float64(e.Experts))
		}
		return w + float64(b)*float64(kvSeq)
	}
	// FLOPs per decoded token: 2 per active parameter + the attention over
	// the context (QK^T and AV: 4 × context × heads × head dim per layer)
	flopsTok := 2*float64(rep.Totals.ActiveParams) + 4*float64(s.Context)*float64(m.KV.Layers*m.KV.Heads*m.KV.HeadDim)
	step := func(b int64) float64 { return math.Max(float64(b)*flopsTok/peak, read(b)/bw) }
	s.DecodeSeconds = step(1)
	s.TokensPerSecond = 1 / s.DecodeSeconds
	s.BatchTokensPerSecond = float64(s.Batch) / step(s.Batch)
	if dev.Capacity > 0 {
		s.GPUs = (d.Estimate.Total.Bytes + dev.Capacity - 1) / dev.Capacity
	}
	s.FineTune = fineTune(g, m, rep.Totals.Params, dt, d.Estimate)
	d.Serving = s
	d.note(msg.F("serving on %s (lower bounds): prefill of the input %s; decoding at %s tokens of context, %s per token = %s tokens/s for one sequence, %s tokens/s for %d sequences together (the weights are read once per step, every sequence's KV cache each step); %d device(s) hold weights + KV cache + activations",
		dev.Name, FormatSeconds(s.PrefillSeconds), units.Thousands(s.Context), FormatSeconds(s.DecodeSeconds), FormatRate(s.TokensPerSecond), FormatRate(s.BatchTokensPerSecond), s.Batch, s.GPUs))
	var parts []string
	for _, f := range s.FineTune {
		ck := ""
		if f.Checkpointing {
			ck = "+ckpt"
		}
		parts = append(parts, fmt.Sprintf("%s%s %.2f GB", f.Method, ck, float64(f.Bytes)/1e9))
	}
	d.note(msg.F("fine-tuning memory (estimates; AdamW, mixed precision: 16 B per trainable parameter; LoRA r=%d on q/v projections; QLoRA's base in NF4; ckpt = gradient checkpointing): %s", loraRank, strings.Join(parts, ", ")))
}

// fineTune estimates the memory of full fine-tuning, LoRA and QLoRA, each
// with and without gradient checkpointing.
func fineTune(g *graph.Graph, m *hfconfig.Model, params int64, dt units.DType, inf *memory.Estimate) []FineTune {
	// activations kept for backward: every allocating node's output;
	// with checkpointing, each layer's input plus one layer's own
	tr, err := memory.Compute(g, memory.Options{Mode: memory.ModeTrain, DType: dt})
	if err != nil {
		return nil
	}
	act, _ := tr.Term(memory.Activations)
	layers := max(m.KV.Layers, 1)
	var hidden int64
	tokens := int64(1)
	if len(g.Inputs) > 0 {
		tokens = g.Inputs[0].Shape.Numel()
	}
	for _, mod := range g.Modules {
		if strings.HasSuffix(mod.Path, "embed_tokens") || strings.HasSuffix(mod.Path, "wte") || strings.HasSuffix(mod.Path, "embed_in") || strings.HasSuffix(mod.Path, "word_embeddings") || mod.Path == "shared" {
			for _, p := range mod.Params {
				if len(p.Shape) == 2 {
					hidden = p.Shape[1]
				}
			}
		}
	}
	elem := int64(max(dt.Bits/8, 1))
	ckpt := layers*tokens*hidden*elem + act.Bytes/layers
	w := memory.Term{Bytes: params * elem} // LoRA's frozen base at the dtype
	var lora int64
	for _, mod := range g.Modules {
		if mod.Type != "Linear" {
			continue
		}
		last := mod.Path[strings.LastIndexByte(mod.Path, '.')+1:]
		for _, t := range loraTargets {
			if last == t {
				for _, p := range mod.Params {
					if p.Name == "weight" && len(p.Shape) == 2 {
						lora += loraRank * (p.Shape[0] + p.Shape[1])
					}
				}
			}
		}
	}
	nf4, _ := memory.LookupQuant("nf4")
	q, err := memory.Compute(g, memory.Options{Mode: memory.ModeInference, DType: dt, Quant: &nf4})
	qw := w.Bytes
	if err == nil {
		t, _ := q.Term(memory.Weights)
		qw = t.Bytes
	}
	var out []FineTune
	for _, ck := range []bool{false, true} {
		a := act.Bytes
		if ck {
			a = ckpt
		}
		out = append(out,
			FineTune{Method: "full", Checkpointing: ck, Trainable: params, Bytes: params*(2*elem+12) + a},
			FineTune{Method: "lora", Checkpointing: ck, Trainable: lora, Bytes: w.Bytes + lora*16 + a},
			FineTune{Method: "qlora", Checkpointing: ck, Trainable: lora, Bytes: qw + lora*16 + a})
	}
	return out
}
