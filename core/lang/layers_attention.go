package lang

import (
	"go.starlark.net/starlark"

	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

func init() {
	defLayer("MultiheadAttention", "embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, kdim=None, vdim=None, batch_first=False, device=None, dtype=None", buildMHA)
}

func buildMHA(a *args, m *Module) (*layer, error) {
	E, err := a.posInt("embed_dim")
	if err != nil {
		return nil, err
	}
	H, err := a.posInt("num_heads")
	if err != nil {
		return nil, err
	}
	if E%H != 0 {
		return nil, lerr("embed_dim must be divisible by num_heads", "MultiheadAttention: embed_dim %d is not divisible by num_heads %d", E, H)
	}
	bias, err := a.bool("bias")
	if err != nil {
		return nil, err
	}
	biasKV, err := a.bool("add_bias_kv")
	if err != nil {
		return nil, err
	}
	batchFirst, err := a.bool("batch_first")
	if err != nil {
		return nil, err
	}
	kdim, vdim := E, E
	if !a.isNone("kdim") {
		if kdim, err = a.posInt("kdim"); err != nil {
			return nil, err
		}
	}
	if !a.isNone("vdim") {
		if vdim, err = a.posInt("vdim"); err != nil {
			return nil, err
		}
	}
	if kdim == E && vdim == E {
		m.newParam("in_proj_weight", false, 3*E, E)
	} else {
		m.newParam("q_proj_weight", false, E, E)
		m.newParam("k_proj_weight", false, E, kdim)
		m.newParam("v_proj_weight", false, E, vdim)
	}
	if bias {
		m.newParam("in_proj_bias", false, 3*E)
	}
	if biasKV {
		m.newParam("bias_k", false, 1, 1, E)
		m.newParam("bias_v", false, 1, 1, E)
	}
	// out_proj is a child NonDynamicallyQuantizableLinear in PyTorch; its
	// parameters are listed here under their dotted names.
	m.newParam("out_proj.weight", false, E, E)
	if bias {
		m.newParam("out_proj.bias", false, E)
	}
	// render is built once per layer: Formulas.A = N, L, S.
	render := graph.FormulaFunc(func(n *graph.Node, k graph.FormulaKey) msg.Text {
		if k != graph.FMACs {
			return msg.Text{}
		}
		N, L, S := n.Formulas.A[0], n.Formulas.A[1], n.Formulas.A[2]
		return msg.F("projections q %d·%d·%d², k %d·%d·%d·%d, v %d·%d·%d·%d, out %d·%d·%d² = %s; QKᵀ + AV = 2·%d·%d·%d·%d = %s; total %s MACs",
			N, L, E, N, S, kdim, E, N, S, vdim, E, N, L, E, units.Thousands(n.QValue(graph.QMHAProj)), N, L, S, E, units.Thousands(n.QValue(graph.QAttn)), units.Thousands(n.Ops.MACs))
	})
	return &layer{nonLeaf: true, forward: func(f *fwd) error {
		q := f.in[0].shape
		k, v := q, q
		if len(f.in) >= 3 {
			k, v = f.in[1].shape, f.in[2].shape
		} else if len(f.in) == 2 {
			return lerr("call it as attn(query, key, value)", "MultiheadAttention needs query, key and value")
		}
		if len(q) != 2 && len(q) != 3 {
			return lerr("inputs are [L, E], [L, N, E], or [N, L, E] with batch_first=True", "MultiheadAttention expects 2-D or 3-D inputs, got %s", shapeString(q))
		}
		if q[len(q)-1] != E || k[len(k)-1] != kdim || v[len(v)-1] != vdim {
			return lerr("the last dimension of query, key and value must be embed_dim, kdim and vdim",
				"MultiheadAttention(%d, %d, kdim=%d, vdim=%d) got query %s, key %s, value %s", E, H, kdim, vdim, shapeString(q), shapeString(k), shapeString(v))
		}
		var N, L, S int64
		switch {
		case len(q) == 2:
			N, L, S = 1, q[0], k[0]
		case batchFirst:
			N, L, S = q[0], q[1], k[1]
		default:
			L, N, S = q[0], q[1], k[0]
		}
		S0 := S // keys as given; bias_k adds one position after the projections
		if biasKV {
			S++
		}
		out := append(graph.Shape{}, q...)
		weights := graph.Shape{N, L, S}
		if len(q) == 2 {
			weights = graph.Shape{L, S}
		}
		f.setOut(out, weights)
		f.tupleOut = true
		f.inOut()
		proj := f.a.Add(f.a.Size(N, L, E, E), f.a.Size(N, S, kdim, E), f.a.Size(N, S, vdim, E), f.a.Size(N, L, E, E))
		attn := f.a.Size(2, N, L, S, E)
		f.ops.MACs = f.a.Add(proj, attn)
		scores := f.a.Size(N, H, L, S)
		f.ops.Mul = f.a.Add(f.a.Size(N, L, E), scores) // scale q, divide by the softmax sum
		f.ops.Exp = scores
		f.ops.Cmp = scores
		f.ops.Add = f.a.Size(2, scores)
		var b int64
		if bias {
			b = f.a.Add(f.a.Size(N, L, E), f.a.Size(N, S, E), f.a.Size(N, S, E), f.a.Size(N, L, E))
			f.ops.Add = f.a.Add(f.ops.Add, b)
		}
		f.render(render, N, L, S)
		f.setQ(graph.QMHAProj, proj)
		f.setQ(graph.QAttn, attn)
		// With need_weights=False (torchvision's ViT) torch 2.x computes
		// the attention in the fused scaled_dot_product_attention kernel;
		// with the weights asked for (the default) it multiplies with bmm.
		needWeights := true
		for _, kv := range f.kwargs {
			if k, _ := starlark.AsString(kv[0]); k == "need_weights" {
				b, ok := kv[1].(starlark.Bool)
				if !ok {
					return lerr("pass need_weights=True or need_weights=False", "MultiheadAttention: need_weights must be a bool, got %s", kv[1].Type())
				}
				needWeights = bool(b)
			}
		}
		f.layer = &graph.Attention{Embed: E, Heads: H, KDim: kdim, VDim: vdim, Batch: N, Queries: L, Keys: S0,
			Bias: bias, BiasKV: biasKV, NeedWeights: needWeights}
		f.setQ(graph.QBias, b)
		return nil
	}}, nil
}
