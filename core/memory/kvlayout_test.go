package memory

import (
	"strings"
	"testing"

	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

// TestLayoutCache pins the KV cache of the config layouts by their
// formulas: grouped-query attention, sliding windows capped, the latent
// of multi-head latent attention, the cache dtype, and the notes.
func TestLayoutCache(t *testing.T) {
	bf16, _ := units.Lookup("bf16")
	fp8, _ := units.Lookup("fp8")
	layers := func(n int, l KVLayer) []KVLayer {
		var out []KVLayer
		for range n {
			out = append(out, l)
		}
		return out
	}
	g := &graph.Graph{Inputs: []graph.Tensor{{Shape: graph.Shape{2, 8192}}}}
	// Llama-3.1-8B: 32 layers × 8 KV heads × (128 + 128), 2 bytes
	llama := &KVLayout{Layers: layers(32, KVLayer{KVHeads: 8, KDim: 128, VDim: 128}), MaxPositions: 131072}
	// Gemma-2-9B: 21 local layers (window 4096) and 21 global
	var gemma KVLayout
	for i := range 42 {
		w := int64(0)
		if i%2 == 0 {
			w = 4096
		}
		gemma.Layers = append(gemma.Layers, KVLayer{KVHeads: 8, KDim: 256, VDim: 256, Window: w})
	}
	// DeepSeek-V3: 61 layers, latent 512 + 64
	ds := &KVLayout{Layers: layers(61, KVLayer{KVHeads: 128, KDim: 192, VDim: 128}), Latent: 576}
	cases := []struct {
		name   string
		l      *KVLayout
		seq    int64
		dt     units.DType
		bytes  int64
		note   string
		noNote bool
	}{
		{"llama", llama, 0, bf16, 2 * 32 * 8192 * 8 * 256 * 2, "", true},
		{"llama fp8", llama, 0, fp8, 2 * 32 * 8192 * 8 * 256, "", true},
		{"llama past max", llama, 200000, bf16, 2 * 32 * 200000 * 8 * 256 * 2, "past the model's max_position_embeddings (131,072)", false},
		{"gemma", &gemma, 0, bf16, 2 * (21*4096 + 21*8192) * 8 * 512 * 2, "21 of 42 layers attend within a sliding window", false},
		{"gemma short", &gemma, 1024, bf16, 2 * 42 * 1024 * 8 * 512 * 2, "", true},
		{"deepseek", ds, 0, bf16, 2 * 61 * 8192 * 576 * 2, "Hugging Face transformers' own cache holds the expanded keys and values, 81,872,814,080 B", false},
	}
	for _, c := range cases {
		kv, notes, err := kvCache(g, KVOptions{Seq: c.seq, Layout: c.l, DType: c.dt}, bf16)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if kv.Term.Bytes != c.bytes {
			t.Errorf("%s: %d B, want %d (%s)", c.name, kv.Term.Bytes, c.bytes, kv.Term.Formula)
		}
		text := strings.Join(msg.Texts(msg.EN, notes), "\n")
		if c.noNote && text != "" || !c.noNote && !strings.Contains(text, c.note) {
			t.Errorf("%s: notes %q, want %q", c.name, text, c.note)
		}
		for _, n := range notes {
			n.In(msg.ZH)
		}
	}
	// t5-small: 6 decoder layers × 8 heads × (64 + 64); an encoder input
	// of 512 tokens and a decoder input of 128: the self-attention caches
	// the decoded tokens, the cross-attention the encoder's, per layer.
	t5 := &KVLayout{Layers: layers(6, KVLayer{KVHeads: 8, KDim: 64, VDim: 64}), Cross: true}
	g2 := &graph.Graph{Inputs: []graph.Tensor{{Shape: graph.Shape{2, 512}}, {Shape: graph.Shape{2, 128}}}}
	for _, c := range []struct {
		seq, bytes int64
	}{
		{0, 2*6*128*8*128*2 + 2*6*512*8*128*2},
		{1000, 2*6*1000*8*128*2 + 2*6*512*8*128*2},
	} {
		kv, notes, err := kvCache(g2, KVOptions{Seq: c.seq, Layout: t5}, bf16)
		if err != nil {
			t.Fatal(err)
		}
		if kv.Term.Bytes != c.bytes || !strings.Contains(kv.Term.Formula, "512 encoder tokens") {
			t.Errorf("t5 seq %d: %d B, want %d (%s)", c.seq, kv.Term.Bytes, c.bytes, kv.Term.Formula)
		}
		cross := units.Thousands(2 * 6 * 512 * 8 * 128 * 2)
		if text := strings.Join(msg.Texts(msg.EN, notes), "\n"); !strings.Contains(text, "cross-attention's keys and values") || !strings.Contains(text, cross+" B") {
			t.Errorf("t5 notes %q, want the cross-attention's %s B", text, cross)
		}
		for _, n := range notes {
			n.In(msg.ZH)
		}
		kv.Term.FormulaIn(msg.ZH)
	}
	if m := msg.Missing(); len(m) > 0 {
		t.Errorf("untranslated: %v", m)
	}
}
