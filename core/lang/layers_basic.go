package lang

import (
	"floplab/core/graph"
	"floplab/core/msg"
)

func init() {
	defLayer("Linear", "in_features, out_features, bias=True, device=None, dtype=None", buildLinear(false))
	defLayer("LazyLinear", "out_features, bias=True, device=None, dtype=None", buildLinear(true))
	defLayer("Bilinear", "in1_features, in2_features, out_features, bias=True, device=None, dtype=None", buildBilinear)
	defLayer("Embedding", "num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None", buildEmbedding)
	defLayer("Identity", "*, _a=None", passThrough)
	for _, c := range []string{"Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"} {
		defLayer(c, "p=0.5, inplace=False", passThrough)
	}
	defLayer("Flatten", "start_dim=1, end_dim=-1", buildFlatten)
	defLayer("Unflatten", "dim, unflattened_size", buildUnflatten)
}

func passThrough(a *args, m *Module) (*layer, error) {
	return &layer{forward: func(f *fwd) error {
		f.setOut(f.x())
		f.inOut()
		return nil
	}}, nil
}

func buildLinear(lazy bool) func(a *args, m *Module) (*layer, error) {
	return func(a *args, m *Module) (*layer, error) {
		var in int64
		var err error
		if !lazy {
			if in, err = a.posInt("in_features"); err != nil {
				return nil, err
			}
		}
		out, err := a.posInt("out_features")
		if err != nil {
			return nil, err
		}
		bias, err := a.bool("bias")
		if err != nil {
			return nil, err
		}
		mk := func() {
			m.newParam("weight", false, out, in)
			if bias {
				m.newParam("bias", false, out)
			}
		}
		if !lazy {
			mk()
		}
		// render is built once per layer; it reads in, set by a lazy
		// layer's first call.
		render := graph.FormulaFunc(func(n *graph.Node, k graph.FormulaKey) msg.Text {
			switch k {
			case graph.FMACs:
				x := n.Inputs[0].Shape
				if len(x) == 1 {
					return msg.F("%d in · %d out = %s MACs", in, out, msg.Num(n.Ops.MACs))
				}
				return msg.F("%s rows · %d in · %d out = %s MACs", msg.Dims(x[:len(x)-1]), in, out, msg.Num(n.Ops.MACs))
			case graph.FAdd:
				if bias {
					return msg.F("bias: %s output elements = %s adds", msg.Dims(n.Outputs[0].Shape), msg.Num(n.Ops.Add))
				}
			case graph.FParams:
				if bias {
					return msg.F("(%d + 1)·%d = %s params", in, out, msg.Num((in+1)*out))
				}
				return msg.F("%d·%d = %s params", in, out, msg.Num(in*out))
			}
			return msg.Text{}
		})
		return &layer{forward: func(f *fwd) error {
			x := f.x()
			if len(x) == 0 {
				return f.needRank(1, 2, 3)
			}
			last := x[len(x)-1]
			if lazy && in == 0 {
				in = last
				mk()
				refreshParams(f)
			}
			if last != in {
				if len(x) == 2 {
					// Flat already (a Flatten is there): the number is wrong, not the shape.
					return &layerErr{hint: msg.F("the input is flat already; the layers before give %d features: write Linear(%d, %d)", last, last, out),
						msg: msg.F("Linear(%d, %d) expects %d input features, got %d (input %s)", in, out, in, last, shapeString(x))}
				}
				return lerr("in_features must equal the size of the input's last dimension; a Flatten may be missing before this layer",
					"Linear(%d, %d) expects %d input features, got %d (input %s)", in, out, in, last, shapeString(x))
			}
			o := append(append(graph.Shape{}, x[:len(x)-1]...), out)
			f.setOut(o)
			f.inOut()
			rows := x[:len(x)-1].Numel()
			macs := f.a.Size(rows, in, out)
			f.ops.MACs = macs
			f.render(render)
			f.setQ(graph.QLinearW, macs)
			var b int64
			if bias {
				b = o.Numel()
				f.ops.Add = b
				f.a.Size(in+1, out)
			} else {
				f.a.Size(in, out)
			}
			f.setQ(graph.QBias, b)
			return nil
		}}, nil
	}
}

// refreshParams copies a lazy layer's new parameters into the graph.
func refreshParams(f *fwd) {
	gm := f.tr.g.Modules[f.m.id]
	gm.Params = f.tr.paramList(f.m)
}

func buildBilinear(a *args, m *Module) (*layer, error) {
	in1, err := a.posInt("in1_features")
	if err != nil {
		return nil, err
	}
	in2, err := a.posInt("in2_features")
	if err != nil {
		return nil, err
	}
	out, err := a.posInt("out_features")
	if err != nil {
		return nil, err
	}
	bias, err := a.bool("bias")
	if err != nil {
		return nil, err
	}
	m.newParam("weight", false, out, in1, in2)
	if bias {
		m.newParam("bias", false, out)
	}
	return &layer{forward: func(f *fwd) error {
		if len(f.in) != 2 {
			return lerr("call it as bilinear(x1, x2)", "Bilinear takes two inputs, got %d", len(f.in))
		}
		x1, x2 := f.in[0].shape, f.in[1].shape
		if len(x1) == 0 || x1[len(x1)-1] != in1 || len(x2) == 0 || x2[len(x2)-1] != in2 {
			return lerr("", "Bilinear(%d, %d, %d) got inputs %s and %s", in1, in2, out, shapeString(x1), shapeString(x2))
		}
		o := append(append(graph.Shape{}, x1[:len(x1)-1]...), out)
		f.setOut(o)
		f.inOut()
		rows := x1[:len(x1)-1].Numel()
		// y_k = x1ᵀ W_k x2: per output, in1·in2 MACs for W_k x2 and in1 for the dot.
		macs := f.a.Size(rows, out, f.a.Add(f.a.Size(in1, in2), in1))
		f.ops.MACs = macs
		f.render(bilinearRender, rows, out, in1, in2)
		f.setQ(graph.QLinearW, f.a.Size(rows, out, in1, in2))
		var b int64
		if bias {
			b = o.Numel()
			f.ops.Add = b
		}
		f.setQ(graph.QBias, b)
		return nil
	}}, nil
}

func buildEmbedding(a *args, m *Module) (*layer, error) {
	num, err := a.posInt("num_embeddings")
	if err != nil {
		return nil, err
	}
	dim, err := a.posInt("embedding_dim")
	if err != nil {
		return nil, err
	}
	m.newParam("weight", false, num, dim)
	return &layer{forward: func(f *fwd) error {
		x := f.x()
		if f.in[0].dtype != "long" {
			// Accept float inputs but say what they mean.
			f.formulas.A[2] = 1
		}
		o := append(append(graph.Shape{}, x...), dim)
		f.setOut(o)
		f.inOut()
		f.a.Size(num, dim)
		f.formulas.Render = embeddingRender
		f.formulas.A[0], f.formulas.A[1] = num, dim
		return nil
	}}, nil
}

func buildFlatten(a *args, m *Module) (*layer, error) {
	start, err := a.int("start_dim")
	if err != nil {
		return nil, err
	}
	end, err := a.int("end_dim")
	if err != nil {
		return nil, err
	}
	return &layer{forward: func(f *fwd) error {
		o, err := flattenShape(f.x(), start, end)
		if err != nil {
			return err
		}
		f.setOut(o)
		f.inOut()
		return nil
	}}, nil
}

func normDim(d int64, rank int) (int, error) {
	if rank == 0 {
		rank = 1
	}
	if d < 0 {
		d += int64(rank)
	}
	if d < 0 || d >= int64(rank) {
		return 0, lerr("dimensions count from 0; negative ones from the end", "dimension out of range (expected to be in range of [%d, %d], but got %d)", -rank, rank-1, d)
	}
	return int(d), nil
}

func flattenShape(x graph.Shape, start, end int64) (graph.Shape, error) {
	if len(x) == 0 {
		return graph.Shape{1}, nil
	}
	s, err := normDim(start, len(x))
	if err != nil {
		return nil, err
	}
	e, err := normDim(end, len(x))
	if err != nil {
		return nil, err
	}
	if s > e {
		return nil, lerr("", "flatten: start_dim %d comes after end_dim %d", start, end)
	}
	o := append(graph.Shape{}, x[:s]...)
	o = append(o, x[s:e+1].Numel())
	return append(o, x[e+1:]...), nil
}

func buildUnflatten(a *args, m *Module) (*layer, error) {
	dim, err := a.int("dim")
	if err != nil {
		return nil, err
	}
	sizes, err := shapeFromValue(a.val("unflattened_size"))
	if err != nil {
		return nil, lerr("", "Unflatten: unflattened_size: %v", errArg(err))
	}
	return &layer{forward: func(f *fwd) error {
		x := f.x()
		d, err := normDim(dim, len(x))
		if err != nil {
			return err
		}
		if sizes.Numel() != x[d] {
			return lerr("", "Unflatten: sizes %s do not multiply to %d", shapeString(sizes), x[d])
		}
		o := append(append(append(graph.Shape{}, x[:d]...), sizes...), x[d+1:]...)
		f.setOut(o)
		f.inOut()
		return nil
	}}, nil
}

// bilinearRender renders Bilinear's formula: A = rows, out, in1, in2.
var bilinearRender = graph.FormulaFunc(func(n *graph.Node, k graph.FormulaKey) msg.Text {
	if k != graph.FMACs {
		return msg.Text{}
	}
	a := &n.Formulas.A
	return msg.F("%d rows · %d out · (%d·%d + %d) = %s MACs", a[0], a[1], a[2], a[3], a[2], msg.Num(n.Ops.MACs))
})

// embeddingRender renders Embedding's formulas: A = num, dim, and 1 when
// the input was not token ids.
var embeddingRender = graph.FormulaFunc(func(n *graph.Node, k graph.FormulaKey) msg.Text {
	a := &n.Formulas.A
	switch k {
	case graph.FParams:
		return msg.F("%d·%d = %s params", a[0], a[1], msg.Num(a[0]*a[1]))
	case graph.FMACs:
		return msg.F("a table lookup: 0 MACs")
	case graph.FNote:
		if a[2] != 0 {
			return msg.F("Embedding takes token ids; the input is treated as ids")
		}
	}
	return msg.Text{}
})
