package lang

import (
	"fmt"
	"slices"
	"sort"

	"floplab/core/graph"

	"go.starlark.net/starlark"
)

// PackedSequence (torch.nn.utils.rnn, torch 1.13): pack_padded_sequence
// turns a padded batch and its lengths, known when tracing, into a
// PackedSequence; RNN, GRU and LSTM run only the steps each sequence has
// and return a PackedSequence; pad_packed_sequence pads it back.

// PackedSeq is a PackedSequence: its data tensor [Σ lengths, *] and the
// sequences' lengths (sorted, longest first).
type PackedSeq struct {
	data    *Tensor
	lengths []int64
}

var _ starlark.HasAttrs = (*PackedSeq)(nil)

func (p *PackedSeq) String() string {
	return "PackedSequence(data=" + p.data.String() + ")"
}
func (p *PackedSeq) Type() string          { return "PackedSequence" }
func (p *PackedSeq) Freeze()               {}
func (p *PackedSeq) Truth() starlark.Bool  { return true }
func (p *PackedSeq) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: PackedSequence") }

func (p *PackedSeq) Attr(name string) (starlark.Value, error) {
	switch name {
	case "data":
		return p.data, nil
	case "batch_sizes":
		return p.data.tr.constTensor(graph.Shape{p.steps()}, "long")
	case "sorted_indices", "unsorted_indices":
		return starlark.None, nil
	}
	return nil, nil
}

func (p *PackedSeq) AttrNames() []string {
	return []string{"batch_sizes", "data", "sorted_indices", "unsorted_indices"}
}

// steps is len(batch_sizes): the longest sequence's length.
func (p *PackedSeq) steps() int64 { return p.lengths[0] }

// sum is Σ lengths, the rows of data.
func (p *PackedSeq) sum() int64 {
	var s int64
	for _, l := range p.lengths {
		s += l
	}
	return s
}

// geometry is the graph's description of p.
func (p *PackedSeq) geometry() *graph.Packed {
	return &graph.Packed{Batch: int64(len(p.lengths)), Steps: p.steps(), Sum: p.sum()}
}

// withData is p over another data tensor (an RNN's output).
func (p *PackedSeq) withData(t *Tensor) *PackedSeq { return &PackedSeq{data: t, lengths: p.lengths} }

// readLengths reads pack_padded_sequence's lengths: a list or tuple of
// ints or a tensor made by torch.tensor([...]) of ints.
func readLengths(tr *tracer, v starlark.Value) ([]int64, error) {
	if t, ok := v.(*Tensor); ok {
		if t.consts == nil {
			return nil, tr.errorf("", "write the lengths as a list, e.g. [5, 3, 2], or torch.tensor([5, 3, 2])",
				"pack_padded_sequence: the lengths must be known when tracing")
		}
		return slices.Clone(t.consts), nil
	}
	it, ok := v.(starlark.Indexable)
	if !ok {
		return nil, tr.errorf("", "write the lengths as a list, e.g. [5, 3, 2]", "pack_padded_sequence: lengths must be a list of ints, got %s", v.Type())
	}
	ls := make([]int64, it.Len())
	for i := range ls {
		n, err := starlark.AsInt32(it.Index(i))
		if err != nil {
			return nil, tr.errorf("", "write the lengths as a list, e.g. [5, 3, 2]", "pack_padded_sequence: lengths must be a list of ints, got %s", it.Index(i).Type())
		}
		ls[i] = int64(n)
	}
	return ls, nil
}

func init() {
	fnTable["nn.utils.rnn.pack_padded_sequence"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		const sig = "pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True)"
		var x *Tensor
		var lv starlark.Value
		batchFirst, sorted := false, true
		if err := starlark.UnpackArgs("pack_padded_sequence", args, kwargs, "input", &x, "lengths", &lv, "batch_first?", &batchFirst, "enforce_sorted?", &sorted); err != nil {
			return nil, tr.errorf("", sig, "%v", errArg(err))
		}
		ls, err := readLengths(tr, lv)
		if err != nil {
			return nil, err
		}
		s := x.shape
		if len(s) < 2 {
			return nil, tr.errorf("", sig, "pack_padded_sequence: the input must be [T, B, *] (or [B, T, *] with batch_first=True), got %s", shapeString(s))
		}
		T, B := s[0], s[1]
		if batchFirst {
			T, B = s[1], s[0]
		}
		if int64(len(ls)) != B {
			return nil, tr.errorf("", "one length per sequence of the batch", "Expected `len(lengths)` to be equal to batch_size, but got %d (batch_size=%d)", len(ls), B)
		}
		if sorted {
			for i := 1; i < len(ls); i++ {
				if ls[i] > ls[i-1] {
					return nil, tr.errorf("", "sort the batch by length, longest first, or pass enforce_sorted=False",
						"`lengths` array must be sorted in decreasing order when `enforce_sorted` is True")
				}
			}
		} else {
			sort.Slice(ls, func(i, j int) bool { return ls[i] > ls[j] })
		}
		for _, l := range ls {
			if l <= 0 {
				return nil, tr.errorf("", "every sequence needs at least one step", "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0")
			}
			if l > T {
				return nil, tr.errorf("", "a length cannot exceed the padded length", "pack_padded_sequence: length %d is longer than the input's %d steps", l, T)
			}
		}
		p := &PackedSeq{lengths: ls}
		out, err := tr.shapeOp("nn.utils.rnn.pack_padded_sequence", x, func() (graph.Shape, error) {
			return append(graph.Shape{p.sum()}, s[2:]...), nil
		})
		if err != nil {
			return nil, err
		}
		p.data = out.(*Tensor)
		return p, nil
	}
	fnTable["nn.utils.rnn.pad_packed_sequence"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		const sig = "pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None)"
		var p *PackedSeq
		batchFirst := false
		var pad, total starlark.Value = starlark.None, starlark.None
		if err := starlark.UnpackArgs("pad_packed_sequence", args, kwargs, "sequence", &p, "batch_first?", &batchFirst, "padding_value?", &pad, "total_length?", &total); err != nil {
			return nil, tr.errorf("", sig, "%v", errArg(err))
		}
		T := p.steps()
		if total != starlark.None {
			n, err := starlark.AsInt32(total)
			if err != nil {
				return nil, tr.errorf("", sig, "pad_packed_sequence: total_length must be an int, got %s", total.Type())
			}
			if int64(n) < T {
				return nil, tr.errorf("", "total_length is at least the longest length", "Expected total_length to be at least the length of the longest sequence in input, but got total_length=%d and max sequence length being %d", n, T)
			}
			T = int64(n)
		}
		B := int64(len(p.lengths))
		out, err := tr.shapeOp("nn.utils.rnn.pad_packed_sequence", p.data, func() (graph.Shape, error) {
			lead := graph.Shape{T, B}
			if batchFirst {
				lead = graph.Shape{B, T}
			}
			return append(lead, p.data.shape[1:]...), nil
		})
		if err != nil {
			return nil, err
		}
		lens, err := tr.constTensor(graph.Shape{B}, "long")
		if err != nil {
			return nil, err
		}
		lens.consts = slices.Clone(p.lengths)
		return starlark.Tuple{out, lens}, nil
	}
}

// packedLayer tells whether l takes a PackedSequence: RNN, GRU, LSTM.
func packedLayer(l *layer) bool { return l.packs }

// repack wraps the first output of a recurrent call on a PackedSequence
// (output, h_n) or (output, (h_n, c_n)) back into a PackedSequence.
func repack(v starlark.Value, p *PackedSeq) starlark.Value {
	t, ok := v.(starlark.Tuple)
	if !ok || len(t) == 0 {
		return v
	}
	d, ok := t[0].(*Tensor)
	if !ok {
		return v
	}
	out := append(starlark.Tuple{p.withData(d)}, t[1:]...)
	return out
}
