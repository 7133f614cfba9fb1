package presets_test

import "testing"

func TestLlamaPresets(t *testing.T) {
	cases := []lmCase{
		// meta-llama/Llama-2-7b-hf: 32 heads for queries and keys/values.
		decoderConfig{vocab: 32000, hidden: 4096, inter: 11008, layers: 32, heads: 32, kvHeads: 32}.
			lmCase("llama-2-7b", "Llama", 4096, 6738415616),
		// meta-llama/Meta-Llama-3-8B: grouped-query attention, 8 key/value heads.
		decoderConfig{vocab: 128256, hidden: 4096, inter: 14336, layers: 32, heads: 32, kvHeads: 8}.
			lmCase("llama-3-8b", "Llama", 8192, 8030261248),
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkLM(t, tc) })
	}
}
