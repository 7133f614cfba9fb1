package onnx

import (
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// TestInferOutputs infers every test file and checks the graph outputs'
// shapes against what torch gave when it exported them (make.py).
func TestInferOutputs(t *testing.T) {
	for _, c := range []struct {
		file   string
		inputs [][]int64
		want   string
		nodes  int
	}{
		{"resnet18_op13_graph.onnx", nil, "float32 1×1000", 49},
		{"vit_b_16_op17_graph.onnx", nil, "float32 1×1000", 713},
		{"tiny_cnn_dynbatch.onnx", nil, "float32 1×10", 11},
		{"tiny_cnn_dynbatch.onnx", [][]int64{{8, 3, 32, 32}}, "float32 8×10", 11},
		{"tiny_cnn_external.onnx", nil, "float32 1×10", 11},
		{"seq_lstm_gru.onnx", nil, "float32 2×7×50", 40},
		{"attn_block_op13.onnx", nil, "float32 1×10×32", 77},
		{"attn_block_op17.onnx", nil, "float32 1×10×32", 57},
		{"misc_ops.onnx", nil, "float32 1×4×4", 42},
	} {
		m := decodeFile(t, c.file)
		r, err := Infer(m, InferOptions{Inputs: c.inputs})
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		if r.Stop != nil || len(r.Unknown) > 0 {
			t.Errorf("%s: stopped at %+v, unknown %v", c.file, r.Stop, r.Unknown)
			continue
		}
		out := r.Values[m.Graph.Outputs[0].Name]
		if got := out.String(); got != c.want || len(r.Order) != c.nodes {
			t.Errorf("%s %v: output %s, %d nodes; want %s, %d", c.file, c.inputs, got, len(r.Order), c.want, c.nodes)
		}
	}
}

func TestInferDynamicBatchNote(t *testing.T) {
	m := decodeFile(t, "tiny_cnn_dynbatch.onnx")
	r, err := Infer(m, InferOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0].String(), `dynamic axis 0 (batch) set to 1`) {
		t.Errorf("notes %v", r.Notes)
	}
	for _, bad := range []struct {
		in   [][]int64
		want string
	}{
		{[][]int64{{1, 3, 32}}, "has 4 dimensions"},
		{[][]int64{{1, 4, 32, 32}}, "fixed when it was exported"},
		{[][]int64{{2, 3, 33, 32}}, "has 32 on axis 2, fixed when it was exported"},
		{[][]int64{{1, 3, 32, 32}, {1}}, "2 input shapes given"},
		{[][]int64{{1 << 40, 3, 32, 32}}, "more than 2^50 elements"},
	} {
		if _, err := Infer(m, InferOptions{Inputs: bad.in}); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%v: %v, want %q", bad.in, err, bad.want)
		}
	}
}

// graphOf builds a model from nodes "op:in1,in2>out" over a float input
// x of shape dims (0 for a dynamic axis named "n").
func graphOf(dims []uint64, nodes ...string) []byte {
	var g []byte
	for _, n := range nodes {
		op, rest, _ := strings.Cut(n, ":")
		ins, out, _ := strings.Cut(rest, ">")
		var nb []byte
		for _, in := range strings.Split(ins, ",") {
			nb = appendString(nb, nodeInput, in)
		}
		nb = appendString(nb, nodeOutput, out)
		nb = appendString(nb, nodeName, "/"+op+"_"+out)
		nb = appendString(nb, nodeOpType, op)
		g = appendMsg(g, graphNode, nb)
	}
	var shape []byte
	for _, d := range dims {
		var dim []byte
		if d == 0 {
			dim = appendString(dim, dimParam, "n")
		} else {
			dim = protowire.AppendVarint(protowire.AppendTag(dim, dimValue, protowire.VarintType), d)
		}
		shape = appendMsg(shape, shapeDim, dim)
	}
	tt := protowire.AppendVarint(protowire.AppendTag(nil, tensorTypeElem, protowire.VarintType), uint64(Float))
	tt = appendMsg(tt, tensorTypeShape, shape)
	vi := appendMsg(appendString(nil, valueName, "x"), valueType, appendMsg(nil, typeTensor, tt))
	g = appendMsg(g, graphInput, vi)
	return appendModel(g, 13)
}

func TestInferBadGraphs(t *testing.T) {
	for _, c := range []struct {
		name string
		file []byte
		opt  InferOptions
		want string
	}{
		{"cycle", graphOf([]uint64{1, 4}, "Relu:x,b>a", "Add:a,x>b"), InferOptions{}, "the graph has a cycle through node /Relu_a (Relu)"},
		{"self-loop", graphOf([]uint64{1, 4}, "Relu:a>a"), InferOptions{}, "cycle"},
		{"dangling", graphOf([]uint64{1, 4}, "Relu:y>a"), InferOptions{}, `reads "y", which no node, input or initializer provides`},
		{"twice", graphOf([]uint64{1, 4}, "Relu:x>a", "Sigmoid:x>a"), InferOptions{}, "produced by two nodes"},
		{"huge-dim", graphOf([]uint64{1000000000000, 1000000000000}, "Relu:x>a"), InferOptions{}, "more than 2^50 elements"},
		{"dynamic-non-batch", graphOf([]uint64{1, 0}, "Relu:x>a"), InferOptions{}, "dynamic axis 1 (1×n) with no size"},
	} {
		m, err := Decode(FromBytes(c.name+".onnx", c.file))
		if err == nil {
			_, err = Infer(m, c.opt)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}

// TestPReluKnownValues: a PRelu whose input and slope are known constants
// that do not broadcast to each other (a hostile or broken file) is
// inferred, its output not folded (it used to panic folding values that
// are not there); an empty one is known, having no values.
func TestPReluKnownValues(t *testing.T) {
	constant := func(name string, ints ...int64) *Node {
		return &Node{OpType: "Constant", Name: name, Outputs: []string{name},
			Attrs: []Attr{{Name: "value_ints", Type: AttrInts, Ints: ints}}}
	}
	for _, c := range []struct {
		x, slope []int64
		shape    []int64
		known    bool
	}{
		{[]int64{2, 4, 4, 4}, nil, []int64{4}, false},
		{[]int64{2, 4, 4, 4}, []int64{3, 5}, []int64{4}, false},
		{nil, nil, []int64{0}, true},
	} {
		nodes := []*Node{constant("a", c.x...), constant("s", c.slope...),
			{OpType: "PRelu", Name: "p", Inputs: []string{"a", "s"}, Outputs: []string{"y"}}}
		for i, n := range nodes {
			n.Index = i
		}
		m := &Model{IRVersion: 8, Opsets: map[string]int64{"": 13}, Graph: &Graph{Nodes: nodes}}
		r, err := Infer(m, InferOptions{})
		if err != nil || r.Stop != nil {
			t.Fatalf("PRelu(%v, %v): %v %+v", c.x, c.slope, err, r.Stop)
		}
		if y := r.Values["y"]; !slices.Equal(y.Shape, c.shape) || y.Known != c.known {
			t.Errorf("PRelu(%v, %v) = %v, known %v; want %v, known %v", c.x, c.slope, y.Shape, y.Known, c.shape, c.known)
		}
	}
}

// TestInferStops checks that an op without a rule stops inference at
// that node, naming it, and lists the unknown ops.
func TestInferStops(t *testing.T) {
	m, err := Decode(FromBytes("stop.onnx", graphOf([]uint64{2, 4}, "Relu:x>a", "NonMaxSuppression:a>b", "TopK:b>c", "Relu:x>d")))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Infer(m, InferOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Stop == nil || r.Stop.Node != "/NonMaxSuppression_b" || r.Stop.OpType != "NonMaxSuppression" || len(r.Order) != 1 ||
		strings.Join(r.Unknown, ",") != "NonMaxSuppression,TopK" {
		t.Errorf("stop %+v, %d inferred, unknown %v", r.Stop, len(r.Order), r.Unknown)
	}
	if !strings.Contains(r.Stop.Reason.String(), "no shape rule for NonMaxSuppression") {
		t.Errorf("reason %s", r.Stop.Reason)
	}
}

func FuzzInfer(f *testing.F) {
	f.Add([]byte("Relu:x>a\nAdd:a,x>b"), uint64(3))
	f.Add([]byte("Shape:x>s\nReshape:x,s>r\nTranspose:r>t\nSlice:t,s,s>u"), uint64(2))
	f.Add([]byte("Conv:x,x>c\nMatMul:x,x>m\nConcat:m,x>k\nSplit:k>o"), uint64(4))
	f.Fuzz(func(t *testing.T, spec []byte, d uint64) {
		nodes := strings.Split(string(spec), "\n")
		if len(nodes) > 50 {
			return
		}
		m, err := Decode(FromBytes("fuzz.onnx", graphOf([]uint64{1 + d%5, 1 + d/5%7, 1 + d/35%9}, nodes...)))
		if err != nil {
			return
		}
		if r, err := Infer(m, InferOptions{}); err == nil {
			Count(r)
		}
	})
}

// TestCountStops checks that a node FlopLab cannot count (here an
// Einsum of three operands) stops the count there, keeping what came
// before, and says so in the notes.
func TestCountStops(t *testing.T) {
	file := graphOf([]uint64{2, 4}, "Relu:x>a", "Einsum:a,a,a>b", "Relu:b>c")
	// The Einsum's equation attribute.
	m, err := Decode(FromBytes("stop.onnx", file))
	if err != nil {
		t.Fatal(err)
	}
	m.Graph.Nodes[1].Attrs = []Attr{{Name: "equation", Type: AttrString, S: "ij,ij,ij->ij"}}
	r, err := Infer(m, InferOptions{})
	if err != nil || r.Stop != nil {
		t.Fatalf("infer: %v %+v", err, r.Stop)
	}
	c, err := Count(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Nodes) != 1 || c.Stop == nil || c.Stop.OpType != "Einsum" || c.Nodes[0].Ops.Cmp != 8 {
		t.Fatalf("counted %d nodes, stop %+v", len(c.Nodes), c.Stop)
	}
	var notes []string
	for _, n := range c.Notes() {
		notes = append(notes, n.String())
	}
	if !strings.Contains(strings.Join(notes, "\n"), "Counted up to node /Einsum_b (Einsum)") {
		t.Errorf("notes %v", notes)
	}
}
