package memory

import (
	"strings"

	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

// KV is the KV cache estimate and where its dimensions came from.
type KV struct {
	Layers  int64 `json:"layers"`
	Batch   int64 `json:"batch"`
	Seq     int64 `json:"seq"`
	KVHeads int64 `json:"kv_heads"`
	HeadDim int64 `json:"head_dim"`
	// Source explains the figures: traced graph, flags, or both.
	Source string `json:"source"`
	// SourceText is Source to render in any language.
	SourceText msg.Text `json:"-"`
	Term       Term     `json:"term"`
}

// KVOptions size a KV cache beyond what the traced graph says.
type KVOptions struct {
	// Seq is the cached sequence length; 0 takes the input's.
	Seq int64
	// Layers, Heads, HeadDim override the graph's figures (0 keeps them).
	Layers, Heads, HeadDim int64
	// Layout, when set (a config.json model), sizes the cache layer by
	// layer instead of the graph (see KVLayout); the flags above override
	// it as they override the graph.
	Layout *KVLayout
	// DType is the cache's element type (zero: the estimate's dtype).
	DType units.DType
}

// kvCache sizes the KV cache from the traced graph (decoder attention:
// k_proj as in Llama/Mistral/Qwen2, or GPT-2's c_attn) and the options.
// nil when neither the graph nor the options give the dimensions.
func kvCache(g *graph.Graph, o KVOptions, dt units.DType) (*KV, []msg.Text, error) {
	if o.DType.Bits > 0 {
		dt = o.DType
	}
	if o.Layout != nil && len(o.Layout.Layers) > 0 && o.Layers == 0 && o.Heads == 0 && o.HeadDim == 0 {
		batch, seq := inputBatchSeq(g, o.Seq)
		var enc int64
		if o.Layout.Cross && len(g.Inputs) >= 2 {
			// T5: the first input is the encoder's, the second the
			// decoder's, whose length the self-attention caches
			if in := g.Inputs[0].Shape; len(in) >= 2 {
				enc = in[1]
			}
			if in := g.Inputs[1].Shape; o.Seq <= 0 && len(in) >= 2 {
				seq = in[1]
			}
		}
		src := msg.F("from the config: %d layers, each layer's KV heads, head dims and sliding window", len(o.Layout.Layers))
		if o.Seq > 0 {
			src = msg.F("%s; sequence length %s given", src, units.Thousands(seq))
		} else {
			src = msg.F("%s; sequence length = the input's %s", src, units.Thousands(seq))
		}
		return layoutCache(o.Layout, batch, seq, enc, src, dt)
	}
	layers, heads, hd, how := deriveKV(g)
	var flags []string
	if o.Layers > 0 {
		layers = o.Layers
		flags = append(flags, "--kv-layers")
	}
	if o.Heads > 0 {
		heads = o.Heads
		flags = append(flags, "--kv-heads")
	}
	if o.HeadDim > 0 {
		hd = o.HeadDim
		flags = append(flags, "--head-dim")
	}
	if layers <= 0 || heads <= 0 || hd <= 0 {
		if len(flags) > 0 {
			return nil, nil, diag.New(diag.Pos{}, msg.F("KV cache: give layers, KV heads and head dim (%s given; the traced graph has no decoder attention to fill in the rest)", strings.Join(flags, ", ")),
				msg.F("--kv-layers 32 --kv-heads 32 --head-dim 128"))
		}
		return nil, nil, nil
	}
	batch, seq := inputBatchSeq(g, o.Seq)
	src := how
	switch {
	case len(flags) == 3 || how.IsZero():
		src = msg.F("from the options (%s)", strings.Join(flags, ", "))
	case len(flags) > 0:
		src = msg.F("%s; overridden by %s", how, strings.Join(flags, ", "))
	}
	if o.Seq > 0 {
		src = msg.F("%s; sequence length %s given", src, units.Thousands(seq))
	} else {
		src = msg.F("%s; sequence length = the input's %s", src, units.Thousands(seq))
	}
	t, err := KVCache(layers, batch, seq, heads, hd, dt)
	if err != nil {
		return nil, nil, err
	}
	return &KV{Layers: layers, Batch: batch, Seq: seq, KVHeads: heads, HeadDim: hd, Source: src.String(), SourceText: src, Term: t}, nil, nil
}

// inputBatchSeq is the batch and the cached sequence length: seq when
// given, else the first input's second dimension.
func inputBatchSeq(g *graph.Graph, seq int64) (int64, int64) {
	batch := int64(1)
	if len(g.Inputs) > 0 && len(g.Inputs[0].Shape) > 0 {
		in := g.Inputs[0].Shape
		batch = in[0]
		if seq <= 0 && len(in) >= 2 {
			seq = in[1]
		}
	}
	if seq <= 0 {
		seq = 1
	}
	return batch, seq
}

// DeriveKV reads a decoder's KV cache dimensions from a traced graph:
// layers = the number of key projections (modules named k_proj, or GPT-2's
// c_attn), KV heads and head dim = the last two dimensions of the view
// that splits the key projection into heads. how explains it; zeros when
// the graph has no such attention.
func DeriveKV(g *graph.Graph) (layers, heads, headDim int64, how string) {
	layers, heads, headDim, t := deriveKV(g)
	return layers, heads, headDim, t.String()
}

func deriveKV(g *graph.Graph) (layers, heads, headDim int64, how msg.Text) {
	if g == nil {
		return 0, 0, 0, msg.Text{}
	}
	consumers := map[int][]*graph.Node{}
	for _, n := range g.Nodes {
		if n == nil {
			continue
		}
		seen := map[int]bool{}
		for _, t := range n.Inputs {
			if t.Producer >= 0 && !seen[t.Producer] {
				seen[t.Producer] = true
				consumers[t.Producer] = append(consumers[t.Producer], n)
			}
		}
	}
	headView := func(id int) (int64, int64, bool) {
		for _, c := range consumers[id] {
			if (c.Type == "Tensor.view" || c.Type == "Tensor.reshape") && len(c.Outputs) > 0 && len(c.Outputs[0].Shape) == 4 {
				s := c.Outputs[0].Shape
				return s[2], s[3], true
			}
		}
		return 0, 0, false
	}
	last := func(p string) string {
		if i := strings.LastIndexByte(p, '.'); i >= 0 {
			return p[i+1:]
		}
		return p
	}
	for _, kind := range []string{"k_proj", "c_attn"} {
		layers, heads, headDim = 0, 0, 0
		for _, n := range g.Nodes {
			if n == nil || n.Call != graph.CallModule || n.CallIndex != 0 || last(n.Name) != kind {
				continue
			}
			// A module's output may carry the ID of the call inside it
			// that made it (GPT-2's Conv1D ends in a view).
			ids := []int{n.ID}
			if len(n.Outputs) > 0 && n.Outputs[0].Producer >= 0 && n.Outputs[0].Producer != n.ID {
				ids = append(ids, n.Outputs[0].Producer)
			}
			var h, d int64
			var ok bool
			for _, id := range ids {
				if kind == "k_proj" {
					h, d, ok = headView(id)
				} else {
					for _, c := range consumers[id] {
						if strings.HasSuffix(c.Type, "split") {
							if h, d, ok = headView(c.ID); ok {
								break
							}
						}
					}
				}
				if ok {
					break
				}
			}
			if !ok {
				continue
			}
			layers++
			if heads == 0 {
				heads, headDim = h, d
			}
		}
		if layers > 0 {
			return layers, heads, headDim, msg.F("from the traced graph: %d %s projections, each viewed as %d KV heads × %d head dim", layers, kind, heads, headDim)
		}
	}
	return 0, 0, 0, msg.Text{}
}
