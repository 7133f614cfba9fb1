package core

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/hfconfig"
	"floplab/core/memory"
	"floplab/core/msg"
	"floplab/core/units"
)

// Serving is what a language model from a config.json asks of a device
// when it serves and when it is fine-tuned. Times are roofline lower
// bounds (see hw.LowerBoundNote); memory figures are estimates. Each
// figure has its formula with the numbers put in (Formulas, by the
// figure's JSON name).
type Serving struct {
	// PrefillSeconds: the forward pass over the input's tokens, fused
	// (max(FLOPs / peak, bytes / bandwidth)), the weights read as stored
	// (quantized when a quantization is chosen).
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
	// LoRA is the adapter setup of the LoRA and QLoRA rows.
	LoRA LoRA `json:"lora"`
	// FineTune lists full fine-tuning, LoRA and QLoRA memory, with and
	// without gradient checkpointing.
	FineTune []FineTune `json:"finetune"`
	// Formulas are the figures' formulas, by JSON name
	// ("prefill_seconds", "decode_seconds_per_token", ...).
	Formulas map[string]msg.Text `json:"-"`
}

// FineTune is one fine-tuning setup's memory.
type FineTune struct {
	Method string `json:"method"` // "full", "lora", "qlora"
	// Checkpointing keeps only each layer's input for backward.
	Checkpointing bool  `json:"gradient_checkpointing"`
	Trainable     int64 `json:"trainable_params"`
	Bytes         int64 `json:"bytes"`
	// Formula is Bytes's formula with the numbers put in.
	Formula msg.Text `json:"-"`
}

// LoRA is the adapter setup of the estimate: rank r on the Linear modules
// whose last path element is one of Targets (PEFT's target_modules), or
// every Linear but the LM head for "all-linear". Each adapted weight of
// shape out×in adds r × (in + out) trainable parameters (A and B). The
// routed experts of a MoE model are one stacked module (transformers 5's
// layout), which "all-linear" does not adapt.
type LoRA struct {
	Rank    int64    `json:"rank"`
	Targets []string `json:"target_modules"`
	// Modules is how many modules the targets matched.
	Modules int64 `json:"modules"`
}

// LoRA settings (see package memory).
const (
	DefaultLoRARank = memory.DefaultLoRARank
	MaxLoRARank     = memory.MaxLoRARank
	AllLinear       = memory.AllLinear
)

// defaultLoRATargets are PEFT's default target modules of each family's
// attention (TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING): the
// query and value projections, by the names each family gives them.
var defaultLoRATargets = []string{"q_proj", "v_proj", "qkv_proj", "query_key_value", "c_attn", "query", "value", "q", "v"}

// ParseLoRATargets reads target modules written "q_proj,v_proj" (commas
// or spaces) or "all-linear"; empty means the family's default.
func ParseLoRATargets(s string) ([]string, error) { return memory.ParseLoRATargets(s) }

// serving fills the serving estimate of a config model on the demand's
// device.
func serving(rep *Report, d *Demand, m *hfconfig.Model, dt units.DType, o DemandOptions) error {
	if m == nil || m.Encoder || d.DevInfo == nil || d.Roofline == nil || d.Estimate == nil || d.Estimate.Mode != memory.ModeInference {
		return nil
	}
	dev := *d.DevInfo
	peak := float64(dev.Peak[dt.Name])
	bw := float64(dev.Bandwidth)
	if peak <= 0 || bw <= 0 {
		return nil
	}
	g := rep.Graph
	s := &Serving{Batch: 1, Formulas: map[string]msg.Text{}}
	if len(g.Inputs) > 0 && len(g.Inputs[0].Shape) >= 1 {
		s.Batch = g.Inputs[0].Shape[0]
	}
	rf := d.Roofline
	weights, _ := d.Estimate.Term(memory.Weights)
	// the prefill reads the weights as stored: quantized weights scale
	// the roofline's weights (at the dtype) by their share
	prefillBytes := float64(rf.FusedBytes)
	if full := float64(rep.Totals.Params) * float64(max(dt.Bits/8, 1)); full > 0 && float64(weights.Bytes) != full {
		prefillBytes += float64(rf.WeightBytes) * (float64(weights.Bytes)/full - 1)
	}
	s.PrefillSeconds = math.Max(float64(rf.FLOPs)/peak, prefillBytes/bw)
	s.Formulas["prefill_seconds"] = msg.F("max(FLOPs / peak, (weights + inputs + outputs) / bandwidth) = max(%s FLOPs / %s FLOP/s, %s B / %s B/s) = %s (every intermediate on chip)",
		units.Thousands(rf.FLOPs), FormatRate(peak), units.Thousands(int64(prefillBytes)), FormatRate(bw), FormatSeconds(s.PrefillSeconds))
	var kvSeq int64
	if d.KV != nil {
		s.Context = d.KV.Seq
		kvSeq = d.KV.Term.Bytes / max(d.KV.Batch, 1)
	}
	// weights read per step: all of them, but of the routed experts only
	// those the batch's tokens go to (at most all)
	active := float64(rep.Totals.ActiveParams) / float64(max(rep.Totals.Params, 1))
	wread := func(b int64) float64 {
		w := float64(weights.Bytes)
		if e := m.MoE; e != nil && e.Experts > e.TopK {
			// the routed experts' share of all parameters, and of them
			// the share a step's b·top_k tokens touch (at most all)
			experts := (1 - active) * float64(e.Experts) / float64(e.Experts-e.TopK)
			w *= (1 - experts) + experts*math.Min(1, float64(b*e.TopK)/float64(e.Experts))
		}
		return w
	}
	read := func(b int64) float64 { return wread(b) + float64(b)*float64(kvSeq) }
	// FLOPs per decoded token: 2 per active parameter + the attention over
	// the context (QK^T and AV: 4 × context × heads × head dim per layer)
	attn := 4 * float64(s.Context) * float64(m.KV.Layers*m.KV.Heads*m.KV.HeadDim)
	flopsTok := 2*float64(rep.Totals.ActiveParams) + attn
	step := func(b int64) float64 { return math.Max(float64(b)*flopsTok/peak, read(b)/bw) }
	s.DecodeSeconds = step(1)
	s.TokensPerSecond = 1 / s.DecodeSeconds
	s.BatchTokensPerSecond = float64(s.Batch) / step(s.Batch)
	weightsRead := msg.F("%s B of weights", units.Thousands(int64(wread(1))))
	if m.MoE != nil && m.MoE.Experts > m.MoE.TopK {
		weightsRead = msg.F("%s B of weights (the routed experts the step's tokens use)", units.Thousands(int64(wread(1))))
	}
	s.Formulas["decode_seconds_per_token"] = msg.F("max(FLOPs per token / peak, bytes read / bandwidth) = max((2 × %s active params + 4 × %s context × %s layers × %s heads × %s head dim) / %s FLOP/s, (%s + %s B of KV cache) / %s B/s) = %s",
		units.Thousands(rep.Totals.ActiveParams), units.Thousands(s.Context), units.Thousands(m.KV.Layers), units.Thousands(m.KV.Heads), units.Thousands(m.KV.HeadDim),
		FormatRate(peak), weightsRead, units.Thousands(kvSeq), FormatRate(bw), FormatSeconds(s.DecodeSeconds))
	s.Formulas["decode_tokens_per_second"] = msg.F("1 / %s per token = %s tokens/s", FormatSeconds(s.DecodeSeconds), FormatRate(s.TokensPerSecond))
	s.Formulas["batch_decode_tokens_per_second"] = msg.F("%d sequences / max(%d × FLOPs per token / peak, (weights read once + %d × %s B of KV cache) / bandwidth) = %d / max(%s, %s) = %s tokens/s",
		s.Batch, s.Batch, s.Batch, units.Thousands(kvSeq), s.Batch, FormatSeconds(float64(s.Batch)*flopsTok/peak), FormatSeconds(read(s.Batch)/bw), FormatRate(s.BatchTokensPerSecond))
	if dev.Capacity > 0 {
		s.GPUs = (d.Estimate.Total.Bytes + dev.Capacity - 1) / dev.Capacity
		s.Formulas["gpus_needed"] = msg.F("ceil(%s B (weights + KV cache + activations) / %s B per %s) = %d",
			units.Thousands(d.Estimate.Total.Bytes), units.Thousands(dev.Capacity), dev.Name, s.GPUs)
	}
	ft, lora, err := fineTune(g, m, rep.Totals.Params, dt, o)
	if err != nil {
		return err
	}
	s.FineTune, s.LoRA = ft, lora
	d.Serving = s
	if s.Batch > 1 {
		d.note(msg.F("serving on %s (lower bounds): prefill of the input %s; decoding at %s tokens of context, %s per token = %s tokens/s for one sequence, %s tokens/s for %d sequences together (the weights are read once per step, every sequence's KV cache each step); %d device(s) hold weights + KV cache + activations",
			dev.Name, FormatSeconds(s.PrefillSeconds), units.Thousands(s.Context), FormatSeconds(s.DecodeSeconds), FormatRate(s.TokensPerSecond), FormatRate(s.BatchTokensPerSecond), s.Batch, s.GPUs))
	} else {
		d.note(msg.F("serving on %s (lower bounds): prefill of the input %s; decoding at %s tokens of context, %s per token = %s tokens/s (the weights and the KV cache are read once per step); %d device(s) hold weights + KV cache + activations",
			dev.Name, FormatSeconds(s.PrefillSeconds), units.Thousands(s.Context), FormatSeconds(s.DecodeSeconds), FormatRate(s.TokensPerSecond), s.GPUs))
	}
	var parts []string
	for _, f := range s.FineTune {
		ck := ""
		if f.Checkpointing {
			ck = "+ckpt"
		}
		parts = append(parts, fmt.Sprintf("%s%s %.2f GB", f.Method, ck, float64(f.Bytes)/1e9))
	}
	d.note(msg.F("fine-tuning memory (estimates; AdamW, mixed precision: 16 B per trainable parameter; LoRA r=%d on %s (%d modules); QLoRA's base in NF4; ckpt = gradient checkpointing): %s",
		lora.Rank, strings.Join(lora.Targets, ", "), lora.Modules, strings.Join(parts, ", ")))
	return nil
}

// fineTune estimates the memory of full fine-tuning, LoRA and QLoRA, each
// with and without gradient checkpointing. Memory is exact for the
// weights, gradients and optimizer states of the trainable parameters and
// an estimate for activations.
func fineTune(g *graph.Graph, m *hfconfig.Model, params int64, dt units.DType, o DemandOptions) ([]FineTune, LoRA, error) {
	lora := LoRA{Rank: o.LoRARank, Targets: o.LoRATargets}
	if lora.Rank == 0 {
		lora.Rank = DefaultLoRARank
	}
	if lora.Rank < 0 || lora.Rank > MaxLoRARank {
		return nil, lora, diag.New(diag.Pos{}, msg.F("bad LoRA rank %d", lora.Rank), msg.F("a whole number from 1 to %d", int64(MaxLoRARank)))
	}
	defaults := len(lora.Targets) == 0
	targets := lora.Targets
	if defaults {
		targets = defaultLoRATargets
	}
	all := slices.Contains(targets, AllLinear)
	// the trainable parameters LoRA adds: r × (in + out) per adapted
	// weight; the names matched, to report the ones that match nothing
	acc := units.Acc{}
	var trainable int64
	matched := map[string]bool{}
	var linears []string
	for _, mod := range g.Modules {
		if mod.Type != "Linear" && mod.Type != "Conv1D" {
			continue
		}
		last := mod.Path[strings.LastIndexByte(mod.Path, '.')+1:]
		if !slices.Contains(linears, last) {
			linears = append(linears, last)
		}
		hit := slices.Contains(targets, last) || all && last != "lm_head" && last != "embed_out"
		if !hit {
			continue
		}
		for _, p := range mod.Params {
			if p.Name == "weight" && len(p.Shape) == 2 && !p.Tied {
				trainable = acc.Add(trainable, acc.Mul(lora.Rank, p.Shape[0]+p.Shape[1]))
				lora.Modules++
				matched[last] = true
			}
		}
	}
	if acc.Err != nil {
		return nil, lora, acc.Err
	}
	if defaults {
		lora.Targets = nil
		for _, t := range defaultLoRATargets {
			if matched[t] {
				lora.Targets = append(lora.Targets, t)
			}
		}
	} else if !all {
		for _, t := range lora.Targets {
			if !matched[t] {
				near, _ := diag.Nearest(t, linears)
				return nil, lora, diag.New(diag.Pos{}, msg.F("no Linear module of this model is named %q (LoRA target modules)", t),
					msg.F("did you mean %s? this model's Linear modules: %s, or all-linear", near, strings.Join(linears, ", ")))
			}
		}
	}
	// activations kept for backward: every allocating node's output;
	// with checkpointing, each layer's input plus one layer's own
	tr, err := memory.Compute(g, memory.Options{Mode: memory.ModeTrain, DType: dt})
	if err != nil {
		return nil, lora, err
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
	ckpt := acc.Add(acc.Mul(layers, tokens, hidden, elem), act.Bytes/layers)
	base := acc.Mul(params, elem) // LoRA's frozen base at the dtype
	nf4, _ := memory.LookupQuant("nf4")
	q, err := memory.Compute(g, memory.Options{Mode: memory.ModeInference, DType: dt, Quant: &nf4})
	qw := base
	if err == nil {
		t, _ := q.Term(memory.Weights)
		qw = t.Bytes
	}
	full := acc.Mul(params, 2*elem+12)
	adapters := acc.Mul(trainable, 16)
	if acc.Err != nil {
		return nil, lora, acc.Err
	}
	ckText := msg.F("%s layers × %s tokens × %s hidden × %d B (each layer's input) + %s B / %s layers (one layer's activations, recomputed)",
		units.Thousands(layers), units.Thousands(tokens), units.Thousands(hidden), elem, units.Thousands(act.Bytes), units.Thousands(layers))
	var out []FineTune
	for _, ck := range []bool{false, true} {
		a, aText := act.Bytes, msg.F("%s B of activations", units.Thousands(act.Bytes))
		if ck {
			a, aText = ckpt, msg.F("%s B of activations (%s)", units.Thousands(ckpt), ckText)
		}
		out = append(out,
			FineTune{Method: "full", Checkpointing: ck, Trainable: params, Bytes: acc.Add(full, a),
				Formula: msg.F("%s params × (%d B weights + %d B gradients + 4 B fp32 master + 8 B AdamW moments) + %s = %s B",
					units.Thousands(params), elem, elem, aText, units.Thousands(acc.Add(full, a)))},
			FineTune{Method: "lora", Checkpointing: ck, Trainable: trainable, Bytes: acc.Add(base, adapters, a),
				Formula: msg.F("%s frozen params × %d B + %s LoRA params (r = %d on %d modules: r × (in + out) each) × 16 B + %s = %s B",
					units.Thousands(params), elem, units.Thousands(trainable), lora.Rank, lora.Modules, aText, units.Thousands(acc.Add(base, adapters, a)))},
			FineTune{Method: "qlora", Checkpointing: ck, Trainable: trainable, Bytes: acc.Add(qw, adapters, a),
				Formula: msg.F("%s B of NF4 base weights + %s LoRA params × 16 B + %s = %s B",
					units.Thousands(qw), units.Thousands(trainable), aText, units.Thousands(acc.Add(qw, adapters, a)))})
	}
	return out, lora, acc.Err
}

// IsLanguageModel reports whether the report's model is a decoder (or
// encoder-decoder) language model from a config.json or an LLM preset:
// the models the serving and fine-tuning estimate applies to.
func (r *Report) IsLanguageModel() bool { return r != nil && r.llm != nil && !r.llm.Encoder }
