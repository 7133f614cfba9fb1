package presets_test

import "testing"

func TestMistralPresets(t *testing.T) {
	cases := []lmCase{
		// mistralai/Mistral-7B-v0.1: grouped-query attention, 8 key/value heads.
		decoderConfig{vocab: 32000, hidden: 4096, inter: 14336, layers: 32, heads: 32, kvHeads: 8}.
			lmCase("mistral-7b", "Mistral", 4096, 7241732096),
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkLM(t, tc) })
	}
}
