package memory

import (
	"fmt"
	"math/big"
	"strings"

	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

// Quant is a weight quantization format: how many bits one weight takes,
// its scales and zeros included, and which weights it applies to.
type Quant struct {
	ID string
	// Bits per weight as a fraction Num/Den (GPTQ int4 at group size 128:
	// 4 + (16 + 4)/128 = 532/128), scales and zeros included.
	Num, Den int64
	// LinearOnly: only the Linear weights of the blocks are quantized
	// (GPTQ, AWQ, bitsandbytes); the embeddings, the LM head, norms and
	// biases stay at the model's dtype. Otherwise (GGUF) every parameter
	// counts at Num/Den, the file's average.
	LinearOnly bool
	// PerRowBits are added per output row of each quantized weight
	// (bitsandbytes int8: one fp32 scale per row).
	PerRowBits int64
	// Why explains the bits, with its source.
	Why string
	// Estimate marks an average over a model (GGUF mixes), not a layout.
	Estimate bool
	// KeepsRouters: the mixture-of-experts routers (the Linear "gate"
	// beside a block's "experts") stay at the dtype. GPTQ and AWQ
	// checkpoints store them unquantized: the load log of
	// Qwen3-30B-A3B-GPTQ-Int4 in ModelCloud/GPTQModel issue #1625
	// (transformers 4.51.3, gptqmodel 2.2.0) lists
	// model.layers.N.mlp.gate.weight as a plain tensor of the checkpoint
	// for all 48 layers, and no qweight/qzeros/scales for them.
	// bitsandbytes (int8, nf4) quantizes the routers with every other
	// Linear: transformers' integrations/bitsandbytes.py
	// (_replace_with_bnb_linear @01ae98ae) replaces each nn.Linear and
	// Conv1D but modules_to_not_convert, which get_keys_to_not_convert
	// makes the output embedding (lm_head) or the tied and last modules.
	KeepsRouters bool
}

// Quants are the quantization formats FlopLab knows.
var Quants = []Quant{
	{ID: "int8", Num: 8, Den: 1, LinearOnly: true, PerRowBits: 32, Why: "bitsandbytes LLM.int8: 8 bits per weight + one fp32 scale per output row"},
	{ID: "fp8", Num: 8, Den: 1, LinearOnly: true, Why: "FP8 (e4m3) weights, one scale per tensor"},
	{ID: "gptq-int4", Num: 4*128 + 16 + 4, Den: 128, LinearOnly: true, KeepsRouters: true, Why: "GPTQ 4-bit, group size 128: 4 bits + an fp16 scale and a packed 4-bit zero per 128 weights = 4.15625 bits"},
	{ID: "awq-int4", Num: 4*128 + 16 + 4, Den: 128, LinearOnly: true, KeepsRouters: true, Why: "AWQ 4-bit (GEMM), group size 128: 4 bits + an fp16 scale and a packed 4-bit zero per 128 weights = 4.15625 bits"},
	{ID: "nf4", Num: 4*64*256 + 8*256 + 32, Den: 64 * 256, LinearOnly: true, Why: "bitsandbytes NF4 with double quantization (QLoRA): 4 bits + an 8-bit absmax per 64 weights + an fp32 per 256 absmax = 4.127 bits"},
	{ID: "nf4-single", Num: 4*64 + 32, Den: 64, LinearOnly: true, Why: "bitsandbytes NF4 without double quantization: 4 bits + an fp32 absmax per 64 weights = 4.5 bits"},
	{ID: "q8_0", Num: 34 * 8, Den: 32, Why: "GGUF Q8_0: blocks of 32 weights, 32 int8 + an fp16 scale = 34 bytes = 8.5 bits"},
	{ID: "q6_k", Num: 210 * 8, Den: 256, Why: "GGUF Q6_K: super-blocks of 256 weights in 210 bytes = 6.5625 bits"},
	{ID: "q5_k_m", Num: 5330, Den: 1000, Estimate: true, Why: "GGUF Q5_K_M (Q5_K with Q6_K for part of attn_v and ffn_down): llama.cpp's quantize table gives 5.33 GiB for Llama-3-8B (8,030,261,248 params) = 5.70 bits on average"},
	{ID: "q4_k_m", Num: 4580, Den: 1000, Estimate: true, Why: "GGUF Q4_K_M (Q4_K with Q6_K for part of attn_v and ffn_down): llama.cpp's quantize table gives 4.58 GiB for Llama-3-8B (8,030,261,248 params) = 4.90 bits on average"},
	{ID: "q4_0", Num: 18 * 8, Den: 32, Why: "GGUF Q4_0: blocks of 32 weights, 16 bytes of 4-bit values + an fp16 scale = 18 bytes = 4.5 bits"},
}

// Llama-3-8B's parameter count, the model llama.cpp's quantize table
// measured its K-quant mixes on.
const llama3_8B = 8030261248

// LookupQuant finds a quantization format by id (case-insensitive; "-"
// and "_" alike).
func LookupQuant(id string) (Quant, error) {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_") }
	for _, q := range Quants {
		if norm(q.ID) == norm(id) {
			return q, nil
		}
	}
	var ids []string
	for _, q := range Quants {
		ids = append(ids, q.ID)
	}
	return Quant{}, diag.New(diag.Pos{}, msg.F("unknown quantization %q", id), msg.F("quantizations: %s", strings.Join(ids, ", ")))
}

// quantizable counts the Linear weights of g a LinearOnly format
// quantizes: 2-D weights of Linear (and GPT-2's Conv1D) modules and the stacked weights of
// routed experts, not the LM head (lm_head, embed_out) nor a weight tied
// to an embedding; with keepRouters (Quant.KeepsRouters) not the MoE
// routers either. rows is their output rows; routers is the parameters
// of the routers left at the dtype.
func quantizable(g *graph.Graph, keepRouters bool) (n, rows, routers int64, err error) {
	acc := units.Acc{}
	// the blocks holding routed experts: their "gate" Linear is the router
	moe := map[string]bool{}
	for _, m := range g.Modules {
		if strings.HasSuffix(m.Type, "Experts") {
			if i := strings.LastIndexByte(m.Path, '.'); i >= 0 {
				moe[m.Path[:i]] = true
			}
		}
	}
	for _, m := range g.Modules {
		dot := strings.LastIndexByte(m.Path, '.')
		last := m.Path[dot+1:]
		head := last == "lm_head" || last == "embed_out"
		if keepRouters && m.Type == "Linear" && last == "gate" && dot >= 0 && moe[m.Path[:dot]] {
			for _, p := range m.Params {
				if !p.Buffer {
					routers = acc.Add(routers, p.Shape.Numel())
				}
			}
			continue
		}
		experts := strings.HasSuffix(m.Type, "Experts")
		// GPT-2's Conv1D is a Linear with the weight stored in×out;
		// transformers' bitsandbytes integration quantizes it too
		conv1d := m.Type == "Conv1D"
		if (m.Type != "Linear" && !conv1d || head) && !experts {
			continue
		}
		for _, p := range m.Params {
			if p.Tied || p.Buffer || len(p.Shape) < 2 || (!experts && p.Name != "weight") {
				continue
			}
			n = acc.Add(n, p.Shape.Numel())
			in := p.Shape[len(p.Shape)-1]
			if conv1d {
				in = p.Shape[0]
			}
			rows = acc.Add(rows, p.Shape.Numel()/in)
		}
	}
	return n, rows, routers, acc.Err
}

// quantWeights is the weights term at quantization q: the quantized
// weights at q's bits, the rest at dt.
func quantWeights(g *graph.Graph, params int64, q Quant, dt units.DType) (Term, []msg.Text, error) {
	qn, rows, routers := params, int64(0), int64(0)
	if q.LinearOnly {
		var err error
		if qn, rows, routers, err = quantizable(g, q.KeepsRouters); err != nil {
			return Term{}, nil, err
		}
	}
	rest := params - qn
	// bytes = ceil((qn·Num/Den + rows·PerRowBits) / 8) + rest at dt
	bits := new(big.Int).Mul(big.NewInt(qn), big.NewInt(q.Num))
	bits.Add(bits, big.NewInt(q.Den-1))
	bits.Quo(bits, big.NewInt(q.Den))
	bits.Add(bits, new(big.Int).Mul(big.NewInt(rows), big.NewInt(q.PerRowBits)))
	qbytes := new(big.Int).Quo(bits.Add(bits, big.NewInt(7)), big.NewInt(8))
	if q.Estimate {
		// the mixes' measured size scaled to this model: GiB × 2^30 × params / Llama-3-8B's params
		b := new(big.Int).Mul(big.NewInt(q.Num), big.NewInt(1<<30))
		b.Mul(b, big.NewInt(qn))
		qbytes = b.Quo(b, big.NewInt(q.Den*llama3_8B))
	}
	if !qbytes.IsInt64() {
		return Term{}, nil, fmt.Errorf("memory: quantized weights do not fit in a 64-bit integer")
	}
	rb, err := units.Bytes(rest, dt)
	if err != nil {
		return Term{}, nil, err
	}
	total, err := units.Add(qbytes.Int64(), rb)
	if err != nil {
		return Term{}, nil, err
	}
	text := msg.F("%s quantized params at %s + %s other params × %s = %s B", units.Thousands(qn), q.ID, units.Thousands(rest), perElem(dt), units.Thousands(total))
	notes := []msg.Text{msg.F("weights quantized as %s: %s", q.ID, q.Why)}
	if q.LinearOnly {
		notes = append(notes, msg.F("%s quantizes the Linear weights of the blocks (%s params); the embeddings, the LM head, norms and biases stay at %s (%s params)", q.ID, units.Thousands(qn), dt.Name, units.Thousands(rest)))
		if routers > 0 {
			notes = append(notes, msg.F("%s checkpoints keep the mixture-of-experts routers (each MoE block's gate Linear, %s params) at %s, as GPTQModel's load of Qwen3-30B-A3B-GPTQ-Int4 shows; they are among the other params", q.ID, units.Thousands(routers), dt.Name))
		}
	}
	if q.Estimate {
		notes = append(notes, msg.F("%s mixes block types per tensor; its size here is llama.cpp's measured average, an estimate", q.ID))
	}
	return NewTerm(Weights, "weights", total, text), notes, nil
}
