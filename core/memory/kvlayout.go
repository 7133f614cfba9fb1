package memory

import (
	"fmt"
	"strings"

	"floplab/core/msg"
	"floplab/core/units"
)

// KVLayout is a decoder's KV cache as its config describes it, layer by
// layer: what a config.json import knows exactly, where the traced graph
// only shows the projections. It covers grouped- and multi-query
// attention (KVHeads < heads), sliding-window layers (a layer keeps at most
// Window tokens: Mistral v0.1, Gemma-2/3's local layers, Phi-3) and
// multi-head latent attention (Latent values per token per layer, what
// vLLM and SGLang store for DeepSeek-V2/V3).
type KVLayout struct {
	Layers []KVLayer
	// Latent, when > 0, is the cached values per token per layer of
	// multi-head latent attention (kv_lora_rank + qk_rope_head_dim); the
	// layers' KVHeads × (KDim + VDim) is then what Hugging Face
	// transformers' own cache holds (the expanded keys and values).
	Latent int64
	// MaxPositions is max_position_embeddings (0: unknown).
	MaxPositions int64
	// Cross marks an encoder-decoder (T5): each decoder layer also caches
	// its cross-attention's keys and values of the encoder's output, over
	// the encoder input's length, computed once per sequence.
	Cross bool
}

// KVLayer is one layer's cache per token: KVHeads × (KDim + VDim) values,
// over at most Window tokens (0: the whole sequence).
type KVLayer struct {
	KVHeads, KDim, VDim, Window int64
}

// layoutCache sizes the cache of a layout: Σ over layers of batch ×
// min(seq, window) × values per token × the cache dtype's bytes.
//
// An encoder-decoder adds, per decoder layer, batch × encTokens × the
// layer's values for the cross-attention's cache (encTokens > 0 when
// l.Cross).
func layoutCache(l *KVLayout, batch, seq, encTokens int64, src msg.Text, dt units.DType) (*KV, []msg.Text, error) {
	type group struct {
		n, tokens, values int64
	}
	var groups []group
	var elems, expanded int64
	acc := units.Acc{}
	for _, ly := range l.Layers {
		tokens := seq
		if ly.Window > 0 && ly.Window < tokens {
			tokens = ly.Window
		}
		values := ly.KVHeads * (ly.KDim + ly.VDim)
		if l.Latent > 0 {
			expanded = acc.Add(expanded, acc.Mul(batch, tokens, values))
			values = l.Latent
		}
		found := false
		for k := range groups {
			if groups[k].tokens == tokens && groups[k].values == values {
				groups[k].n++
				found = true
				break
			}
		}
		if !found {
			groups = append(groups, group{1, tokens, values})
		}
		elems = acc.Add(elems, acc.Mul(batch, tokens, values))
	}
	var cross int64
	if l.Cross && encTokens > 0 {
		for _, ly := range l.Layers {
			cross = acc.Add(cross, acc.Mul(batch, encTokens, ly.KVHeads*(ly.KDim+ly.VDim)))
		}
		elems = acc.Add(elems, cross)
	}
	if acc.Err != nil {
		return nil, nil, fmt.Errorf("memory: KV cache %w", acc.Err)
	}
	b, err := units.Bytes(elems, dt)
	if err != nil {
		return nil, nil, err
	}
	var parts []string
	for _, g := range groups {
		parts = append(parts, fmt.Sprintf("%s layers × %s tokens × %s", units.Thousands(g.n), units.Thousands(g.tokens), units.Thousands(g.values)))
	}
	what := "K and V values per token"
	if l.Latent > 0 {
		what = "latent values per token"
	}
	var formula msg.Text
	if cross > 0 {
		first := l.Layers[0]
		formula = msg.F("%s batch × (%s (self-attention) + %s layers × %s encoder tokens × %s (cross-attention)) %s × %s = %s B",
			units.Thousands(batch), strings.Join(parts, " + "), units.Thousands(int64(len(l.Layers))), units.Thousands(encTokens),
			units.Thousands(first.KVHeads*(first.KDim+first.VDim)), what, perElem(dt), units.Thousands(b))
	} else {
		formula = msg.F("%s batch × (%s) %s × %s = %s B",
			units.Thousands(batch), strings.Join(parts, " + "), what, perElem(dt), units.Thousands(b))
	}
	term := NewTerm(KVCacheTerm, "KV cache", b, formula)
	first := l.Layers[0]
	kv := &KV{Layers: int64(len(l.Layers)), Batch: batch, Seq: seq, KVHeads: first.KVHeads, HeadDim: first.KDim, Source: src.String(), SourceText: src, Term: term}
	var notes []msg.Text
	if l.Latent > 0 {
		eb, err := units.Bytes(expanded, dt)
		if err == nil {
			notes = append(notes, msg.F("KV cache of multi-head latent attention: %s values per token per layer (kv_lora_rank + qk_rope_head_dim), what vLLM and SGLang store; Hugging Face transformers' own cache holds the expanded keys and values, %s B at this length (%.1f× as much)",
				units.Thousands(l.Latent), units.Thousands(eb), float64(eb)/float64(max(b, 1))))
		}
	}
	if cross > 0 {
		cb, err := units.Bytes(cross, dt)
		if err == nil {
			notes = append(notes, msg.F("encoder-decoder: each of the %d decoder layers also caches its cross-attention's keys and values of the encoder output (%s encoder tokens), computed once per sequence: %s B of the KV cache; the self-attention part grows with the decoded length (%s tokens)",
				len(l.Layers), units.Thousands(encTokens), units.Thousands(cb), units.Thousands(seq)))
		}
	}
	var windowed int64
	for _, ly := range l.Layers {
		if ly.Window > 0 && ly.Window < seq {
			windowed++
		}
	}
	if windowed > 0 {
		notes = append(notes, msg.F("%d of %d layers attend within a sliding window and keep at most that many tokens in the cache", windowed, len(l.Layers)))
	}
	if l.MaxPositions > 0 && seq > l.MaxPositions {
		notes = append(notes, msg.F("the sequence length %s is past the model's max_position_embeddings (%s): the model was not trained for it", units.Thousands(seq), units.Thousands(l.MaxPositions)))
	}
	return kv, notes, nil
}
