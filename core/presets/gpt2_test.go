package presets_test

import "testing"

// GPT-2: vocab 50257, 1024 positions, MLP 4x hidden, GPT2LMHeadModel whose
// lm_head is tied to transformer.wte (counted once).
func TestGPT2Presets(t *testing.T) {
	const V, P = 50257, 1024
	gpt2 := func(name string, h, L, heads, params int64) lmCase {
		I := 4 * h
		block := 2*h + h*3*h + 3*h + h*h + h + 2*h + h*I + I + I*h + h
		return lmCase{
			name: name, input: []int64{1, 1024}, params: params,
			derived: V*h + P*h + L*block + 2*h,
			// per block the causal mask "bias" (1, 1, 1024, 1024) and "masked_bias" (a scalar)
			buffers: L * (P*P + 1),
			layers:  L, heads: heads, headDim: h / heads,
			linear: L*(3*h*h+h*h+2*h*I) + h*V, // c_attn, c_proj, c_fc, mlp.c_proj, lm_head
			types: map[string]int{
				"GPT2LMHeadModel": 1, "GPT2Model": 1, "ModuleList": 1, "GPT2Block": int(L),
				"GPT2Attention": int(L), "GPT2MLP": int(L), "NewGELUActivation": int(L),
				"Conv1D": 4 * int(L), "Linear": 1, "Embedding": 2,
				"LayerNorm": 2*int(L) + 1, "Dropout": 3*int(L) + 1,
			},
			paths: map[string]string{
				"transformer.wte":             "Embedding",
				"transformer.wpe":             "Embedding",
				"transformer.h.0.attn.c_attn": "Conv1D",
				"transformer.h.0.attn.c_proj": "Conv1D",
				"transformer.h.0.mlp.c_fc":    "Conv1D",
				"transformer.h.0.mlp.act":     "NewGELUActivation",
				"transformer.ln_f":            "LayerNorm",
				"lm_head":                     "Linear",
			},
		}
	}
	small := gpt2("gpt2", 768, 12, 12, 124439808)
	// torch 2.11 FlopCounterMode, seq 1024 (spec/counting.md)
	small.refSeq, small.torchRef = 1024, 291648307200
	cases := []lmCase{
		small,
		gpt2("gpt2-medium", 1024, 24, 16, 354823168),
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkLM(t, tc) })
	}
}
