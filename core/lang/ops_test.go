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
