package lang

import (
	"strings"
	"testing"

	"floplab/core/graph"
)

// TestEinsum: torch.einsum's output shape and FlopLab's own counts, and
// the errors of a bad equation.
func TestEinsum(t *testing.T) {
	run := func(shapes, expr string) (*graph.Node, error) {
		src := "input_shapes = " + shapes + "\ndef Net():\n    self = Module('Net')\n    self.forward = lambda a, b: " + expr +
			"\n    return self\nmodel = Net()\n"
		res, err := Run(src, Options{})
		if err != nil {
			return nil, err
		}
		for _, n := range res.Graph.Nodes {
			if n.Type == "torch.einsum" {
				return n, nil
			}
		}
		t.Fatalf("%s: no einsum node", expr)
		return nil, nil
	}
	for _, c := range []struct {
		shapes, expr string
		out          graph.Shape
		ops          graph.Ops
	}{
		{"[(2, 3, 4), (2, 4, 5)]", "torch.einsum('bij,bjk->bik', a, b)", graph.Shape{2, 3, 5}, graph.Ops{MACs: 120}},
		{"[(3, 4), (4, 5)]", "torch.einsum('ij,jk', a, b)", graph.Shape{3, 5}, graph.Ops{MACs: 60}},
		{"[(3, 4), (4, 5)]", "torch.einsum('ij,jk', [a, b])", graph.Shape{3, 5}, graph.Ops{MACs: 60}},
		{"[(3, 4), (3, 4)]", "torch.einsum('ij,ij->ij', a, b)", graph.Shape{3, 4}, graph.Ops{Mul: 12}},
		{"[(3, 4), (3, 4)]", "torch.einsum('ij->j', a)", graph.Shape{4}, graph.Ops{Add: 8}},
		{"[(3, 4), (3, 4)]", "torch.einsum('ij->ji', a)", graph.Shape{4, 3}, graph.Ops{}},
		{"[(3, 1), (3, 4)]", "torch.einsum('ij,ij->ij', a, b)", graph.Shape{3, 4}, graph.Ops{Mul: 12}},
	} {
		n, err := run(c.shapes, c.expr)
		if err != nil {
			t.Fatalf("%s: %v", c.expr, err)
		}
		if !sameShape(n.Outputs[0].Shape, c.out) || n.Ops != c.ops {
			t.Errorf("%s: output %v ops %+v, want %v %+v", c.expr, n.Outputs[0].Shape, n.Ops, c.out, c.ops)
		}
		if f := n.Formulas.Key(graph.FMACs).String() + n.Formulas.Key(graph.FOps).String(); f == "" {
			t.Errorf("%s: no formula", c.expr)
		}
	}
	for _, c := range []struct{ shapes, expr, err string }{
		{"[(2, 3), (3, 4)]", "torch.einsum('...j,jk->...k', a, b)", "'...' (ellipsis) is not supported"},
		{"[(2, 3), (4, 5)]", "torch.einsum('ij,jk->ik', a, b)", `subscript "j" is 3 in one place and 4 in another`},
		{"[(2, 3), (3, 4)]", "torch.einsum('ij->ik', a)", `output subscript "k" is not in any operand`},
		{"[(2, 3), (3, 4)]", "torch.einsum('ijk,jk->i', a, b)", `operand 1 has subscripts "ijk" for a tensor of shape [2, 3]`},
		{"[(2, 3), (3, 4)]", "torch.einsum('ij,jk->ik', a)", "the equation names 2 operands and 1 tensors are given"},
		{"[(2, 3), (3, 4)]", "torch.einsum(a, b)", "the equation must be a string"},
	} {
		_, err := run(c.shapes, c.expr)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: error %v, want %q", c.expr, err, c.err)
		}
	}
}
