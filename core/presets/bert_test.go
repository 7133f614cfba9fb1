package presets_test

import "testing"

// bert-base-uncased: vocab 30522, 512 positions, 2 token types, hidden 768,
// 12 layers of 12 heads, intermediate 3072, with the pooler.
func TestBERTPresets(t *testing.T) {
	const (
		V, P, T, h, L, I = 30522, 512, 2, 768, 12, 3072
	)
	layer := int64(4*(h*h+h) + 2*h + h*I + I + I*h + h + 2*h)
	cases := []lmCase{{
		name: "bert-base-uncased", input: []int64{1, 128},
		params:  109482240, // bert-base-uncased (issue #3; spec/counting.md)
		derived: V*h + P*h + T*h + 2*h + L*layer + h*h + h,
		buffers: 2 * P, // embeddings.position_ids and token_type_ids, (1, 512) each
		layers:  L, heads: 12, headDim: 64,
		linear: L * (4*h*h + 2*h*I),
		fixed:  h * h, // the pooler's dense layer on the first token
		types: map[string]int{
			"BertModel": 1, "BertEmbeddings": 1, "BertEncoder": 1, "ModuleList": 1,
			"BertLayer": L, "BertAttention": L, "BertSelfAttention": L, "BertSelfOutput": L,
			"BertIntermediate": L, "BertOutput": L, "GELUActivation": L, "BertPooler": 1,
			"Embedding": 3, "Linear": 6*L + 1, "LayerNorm": 2*L + 1, "Dropout": 3*L + 1, "Tanh": 1,
		},
		paths: map[string]string{
			"embeddings.word_embeddings":                        "Embedding",
			"embeddings.LayerNorm":                              "LayerNorm",
			"encoder.layer.0.attention.self.query":              "Linear",
			"encoder.layer.0.attention.output.dense":            "Linear",
			"encoder.layer.11.intermediate.intermediate_act_fn": "GELUActivation",
			"encoder.layer.11.output.LayerNorm":                 "LayerNorm",
			"pooler.dense":                                      "Linear",
			"pooler.activation":                                 "Tanh",
		},
		// torch 2.11 FlopCounterMode, seq 128 (spec/counting.md)
		refSeq: 128, torchRef: 22348431360,
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkLM(t, tc) })
	}
}
