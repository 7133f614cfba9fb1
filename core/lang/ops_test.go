package lang

import (
	"strings"
	"testing"

	"floplab/core/graph"
)

// TestMaxUnpool: return_indices=True makes a max pool return (output,
// indices), the indices int64; MaxUnpool scatters back to
// (in − 1)·stride − 2·padding + kernel, or to output_size. The shapes are
// torch 1.13's for the same calls (nn.MaxPool2d(2, stride=2,
// return_indices=True) on 1x3x5x5 → 2x2, MaxUnpool2d(2, stride=2) → 4x4,
// with output_size=x.size() → 5x5).
func TestMaxUnpool(t *testing.T) {
	src := `
input_shape = (1, 3, 5, 5)
def Net():
    self = Module("Net")
    self.pool = MaxPool2d(2, stride=2, return_indices=True)
    self.unpool = MaxUnpool2d(2, stride=2)
    self.apool = AdaptiveMaxPool2d(2, return_indices=True)
    def forward(x):
        y, idx = self.pool(x)
        a = self.unpool(y, idx)
        b = self.unpool(y, idx, output_size=x.size())
        p, i2 = F.max_pool1d(x.flatten(2), 3, 2, 1, return_indices=True)
        c = MaxUnpool1d(3, 2, 1)(p, i2)
        d, i3 = self.apool(x)
        e = F.max_unpool2d(y, idx, 2, 2, 0, x.size())
        return a, b, c, d, i3, e
    self.forward = forward
    return self
model = Net()
`
	res, err := Run(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range res.Graph.Nodes {
		if n.Type == "Tensor.flatten" || n.Type == "Net" {
			continue
		}
		var outs []string
		for _, o := range n.Outputs {
			outs = append(outs, shapeString(o.Shape)+o.DType)
		}
		got = append(got, n.Name+" "+strings.Join(outs, ","))
		if n.Type == "MaxUnpool2d" && n.Ops != (graph.Ops{}) {
			t.Errorf("%s: %+v, want no arithmetic", n.Name, n.Ops)
		}
	}
	want := []string{
		"pool [1, 3, 2, 2]float,[1, 3, 2, 2]long", "unpool [1, 3, 4, 4]float", "unpool [1, 3, 5, 5]float",
		"max_pool1d [1, 3, 13]float,[1, 3, 13]long", "MaxUnpool1d [1, 3, 25]float",
		"apool [1, 3, 2, 2]float,[1, 3, 2, 2]long", "max_unpool2d [1, 3, 5, 5]float",
	}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "; "), strings.Join(want, "; "))
	}
	for _, c := range []struct{ call, msg string }{
		{"u(y)", "needs the indices of the max pool"},
		{"u(y, idx, output_size=(9, 9))", "invalid output_size [9, 9] (dim 0 must be between 2 and 6)"},
		{"u(y, torch.zeros(1, 3, 3, 3))", "indices [1, 3, 3, 3] do not match the input [1, 3, 2, 2]"},
	} {
		src := "input_shape = (1, 3, 5, 5)\np = MaxPool2d(2, return_indices=True)\nu = MaxUnpool2d(2)\n" +
			"def Net():\n    self = Module('Net')\n    self.p = p\n    self.u = u\n    def forward(x):\n        y, idx = p(x)\n        return " + c.call + "\n    self.forward = forward\n    return self\nmodel = Net()\n"
		_, err := Run(src, Options{})
		de := diagErr(t, err)
		if !strings.Contains(de.Msg.String(), c.msg) || de.Pos.Line != 10 {
			t.Errorf("%s: %d:%d %s, want line 10 and %q", c.call, de.Pos.Line, de.Pos.Col, de.Msg, c.msg)
		}
	}
}

// TestFunctionalBatchNorm: F.batch_norm with training=True computes the
// batch statistics (quantity batch_stats), without it uses the running
// ones; weight makes it affine.
func TestFunctionalBatchNorm(t *testing.T) {
	src := `
input_shape = (2, 3, 4, 4)
def Net():
    self = Module("Net")
    self.w = Parameter(3)
    self.register_buffer("rm", (3,))
    self.register_buffer("rv", (3,))
    def forward(x):
        a = F.batch_norm(x, self.rm, self.rv, self.w, None, training=True)
        b = F.batch_norm(x, self.rm, self.rv, self.w, self.w)
        return F.batch_norm(a + b, None, None, training=True)
    self.forward = forward
    return self
model = Net()
`
	res, err := Run(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const n = 96
	want := map[string]struct {
		stats, affine int64
		ops           graph.Ops
	}{
		"batch_norm":   {n, n, graph.Ops{Add: 4*n + 3, Mul: 3*n + 6, Exp: 3}},
		"batch_norm_1": {0, n, graph.Ops{Add: n, Mul: n}},
		"batch_norm_2": {n, 0, graph.Ops{Add: 3*n + 3, Mul: 2*n + 6, Exp: 3}},
	}
	for _, nd := range res.Graph.Nodes {
		w, ok := want[nd.Name]
		if !ok {
			continue
		}
		delete(want, nd.Name)
		if nd.QValue(graph.QBatchStats) != w.stats || nd.QValue(graph.QAffine) != w.affine || nd.Ops != w.ops {
			t.Errorf("%s: batch_stats %d, affine %d, ops %+v; want %d, %d, %+v", nd.Name, nd.QValue(graph.QBatchStats), nd.QValue(graph.QAffine), nd.Ops, w.stats, w.affine, w.ops)
		}
	}
	if len(want) > 0 {
		t.Errorf("no nodes %v", want)
	}
	_, err = Run("input_shape = (2, 3)\nmodel = Sequential()\nx = F.batch_norm(torch.zeros(2, 3), None, None)\n", Options{})
	if de := diagErr(t, err); !strings.Contains(de.Msg.String(), "running_mean and running_var must be given unless training=True") || de.Pos.Line != 3 {
		t.Errorf("%d: %s", de.Pos.Line, de.Msg)
	}
}

// TestAddmmOps: torch.addmm(input, mat1, mat2, beta, alpha) is
// beta·input + alpha·(mat1 @ mat2) as PyTorch computes it: with beta = 0
// the input is not added (PyTorch ignores it), a beta other than 0 and 1
// and an alpha other than 1 are one mul per output element each. input
// (6,), mat1 (4, 5), mat2 (5, 6): 120 MACs, 24 outputs.
func TestAddmmOps(t *testing.T) {
	for _, tc := range []struct {
		expr, typ     string
		add, mul      int64
		bias          bool
		wantErrSubstr string
	}{
		{"torch.addmm(b, x, w)", "torch.addmm", 24, 0, true, ""},
		{"torch.addmm(b, x, w, beta=0)", "torch.addmm", 0, 0, false, ""},
		{"torch.addmm(b, x, w, beta=0.0, alpha=2)", "torch.addmm", 0, 24, false, ""},
		{"torch.addmm(b, x, w, alpha=0.5)", "torch.addmm", 24, 24, true, ""},
		{"torch.addmm(b, x, w, beta=0.5, alpha=0.5)", "torch.addmm", 24, 48, true, ""},
		{"torch.addmm(input=b, mat1=x, mat2=w, beta=2)", "torch.addmm", 24, 24, true, ""},
		{"b.addmm(x, w)", "Tensor.addmm", 24, 0, true, ""},
		{"b.addmm(x, w, beta=0)", "Tensor.addmm", 0, 0, false, ""},
		{"b.addmm_(x, w, alpha=3)", "Tensor.addmm_", 24, 24, true, ""},
		{"torch.addmm(b, x.unsqueeze(0), w)", "", 0, 0, false, "mat1 and mat2 must be matrices, got [1, 4, 5] and [5, 6]"},
		{"torch.addmm(x, x, w)", "", 0, 0, false, "input [4, 5] does not broadcast to [4, 6]"},
		{"torch.addmm(b, x, w, beta='a')", "", 0, 0, false, "beta and alpha must be numbers"},
	} {
		src := "input_shapes = [(6,), (4, 5), (5, 6)]\ndef Net():\n    self = Module('Net')\n" +
			"    self.forward = lambda b, x, w: " + tc.expr + "\n    return self\nmodel = Net()\n"
		res, err := Run(src, Options{})
		if tc.wantErrSubstr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErrSubstr) || !strings.HasPrefix(err.Error(), "model.star:4:") {
				t.Errorf("%s: got %v, want an error at model.star:4 with %q", tc.expr, err, tc.wantErrSubstr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		var n *graph.Node
		for _, nd := range res.Graph.Nodes {
			if nd.Type == tc.typ {
				n = nd
			}
		}
		if n == nil {
			t.Errorf("%s: no %s node", tc.expr, tc.typ)
			continue
		}
		if n.Ops.MACs != 120 || n.Ops.Add != tc.add || n.Ops.Mul != tc.mul || n.Has(graph.QBias) != tc.bias {
			t.Errorf("%s: MACs %d, add %d, mul %d, bias adds %v; want 120, %d, %d, %v", tc.expr, n.Ops.MACs, n.Ops.Add, n.Ops.Mul, n.Has(graph.QBias), tc.add, tc.mul, tc.bias)
		}
		if !sameShape(n.Outputs[0].Shape, graph.Shape{4, 6}) {
			t.Errorf("%s: output %v", tc.expr, n.Outputs[0].Shape)
		}
	}
}
