package presets_test

import "testing"

func TestQwen2Presets(t *testing.T) {
	cases := []lmCase{
		// Qwen/Qwen2-0.5B: 14 query heads of 64, 2 key/value heads, q/k/v
		// with bias, lm_head tied to embed_tokens (counted once).
		decoderConfig{vocab: 151936, hidden: 896, inter: 4864, layers: 24, heads: 14, kvHeads: 2, tied: true, qkvBias: true}.
			lmCase("qwen2-0.5b", "Qwen2", 4096, 494032768),
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkLM(t, tc) })
	}
}
