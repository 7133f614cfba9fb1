package lang

import (
	"strings"
	"testing"

	"floplab/core/graph"
)

// TestRequiresGrad: module.requires_grad_(False) freezes the parameters
// under the module (and only them), requires_grad_() makes them train
// again, as in PyTorch; buffers stay buffers.
func TestRequiresGrad(t *testing.T) {
	for _, tc := range []struct {
		script         string
		trainable, fro int64
	}{
		{"m = Sequential(Linear(4, 3), ReLU(), Linear(3, 2))\nm[0].requires_grad_(False)\n", 8, 15},
		{"m = Sequential(Linear(4, 3), ReLU(), Linear(3, 2))\nm.requires_grad_(False)\nm[2].requires_grad_()\n", 8, 15},
		{"m = Sequential(Linear(4, 3), BatchNorm1d(3))\nm.requires_grad_(False)\n", 0, 21},
	} {
		res, err := Run(tc.script+"model = m\ninput_shape = (2, 4)\n", Options{})
		if err != nil {
			t.Fatal(err)
		}
		var tr, fr int64
		for _, mod := range res.Graph.Modules {
			for _, p := range mod.Params {
				switch {
				case p.Buffer:
				case p.Trainable:
					tr += p.Shape.Numel()
				default:
					fr += p.Shape.Numel()
				}
			}
		}
		if tr != tc.trainable || fr != tc.fro {
			t.Errorf("%q: trainable %d, frozen %d; want %d, %d", tc.script, tr, fr, tc.trainable, tc.fro)
		}
	}
}

// TestNotCounted: not_counted(reason, child) records what a forward does
// not trace, by the module path of the forward running it.
func TestNotCounted(t *testing.T) {
	src := `
def Block():
    self = Module("Block")
    self.fc = Linear(4, 4)

    def forward(x):
        not_counted("a gather the script leaves out", "fc")
        return self.fc(x)

    self.forward = forward
    return self

model = Sequential(Block())
input_shape = (1, 4)
`
	res, err := Run(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Graph.NotCounted; len(n) != 1 || n[0].Module != "0.fc" || n[0].Reason != "a gather the script leaves out" {
		t.Errorf("NotCounted = %+v", n)
	}
}

// TestFreezeParameters: the three ways people freeze parameters
// (p.requires_grad_(False), p.requires_grad = False, a loop over
// parameters() or named_parameters()) change the trainable count, as in
// PyTorch; parameters() lists a tied tensor once and no buffer.
func TestFreezeParameters(t *testing.T) {
	const net = "m = Sequential(Linear(4, 3), BatchNorm1d(3), Linear(3, 2))\n"
	for _, tc := range []struct {
		script         string
		trainable, fro int64
	}{
		// Linear(4, 3) 15, BatchNorm1d(3) 6 (+ 7 buffers), Linear(3, 2) 8.
		{"", 29, 0},
		{"m[0].weight.requires_grad_(False)\n", 17, 12},
		{"m[0].weight.requires_grad = False\nm[2].bias.requires_grad_(requires_grad=False)\n", 15, 14},
		{"for p in m.parameters():\n    p.requires_grad = False\n", 0, 29},
		{"for p in m.parameters():\n    p.requires_grad = False\nm[2].weight.requires_grad = True\n", 6, 23},
		{"for name, p in m.named_parameters():\n    if not name.startswith(\"2.\"):\n        p.requires_grad = False\n", 8, 21},
		{"for p in m[1].parameters():\n    p.requires_grad_(False)\nfor b in m.buffers():\n    b.requires_grad_(False)\n", 23, 6},
		{"m.requires_grad_(False)\nm[0].weight.requires_grad_()\n", 12, 17},
	} {
		res, err := Run(net+tc.script+"model = m\ninput_shape = (2, 4)\n", Options{})
		if err != nil {
			t.Fatalf("%q: %v", tc.script, err)
		}
		var tr, fr, buf int64
		for _, mod := range res.Graph.Modules {
			a, b, c := graph.Count(mod.Params)
			tr, fr, buf = tr+a, fr+b, buf+c
		}
		if tr != tc.trainable || fr != tc.fro || buf != 7 {
			t.Errorf("%q: trainable %d, frozen %d, buffers %d; want %d, %d, 7", tc.script, tr, fr, buf, tc.trainable, tc.fro)
		}
	}
}

// TestParameterLists: parameters(), named_parameters(), buffers() and
// named_buffers() in PyTorch's order and names, a tied weight once.
func TestParameterLists(t *testing.T) {
	src := `
def Net():
    self = Module("Net")
    self.emb = Embedding(10, 4)
    self.body = Sequential(Linear(4, 4), BatchNorm1d(4))
    self.head = Linear(4, 10, bias=False)
    self.head.weight = self.emb.weight

    def forward(x):
        return self.head(self.body(self.emb(x)))

    self.forward = forward
    return self

m = Net()
names = [n for n, p in m.named_parameters()]
if names != ["emb.weight", "body.0.weight", "body.0.bias", "body.1.weight", "body.1.bias"]:
    fail("named_parameters: %s" % names)
if len(m.parameters()) != 5 or len(m.body.parameters(recurse=False)) != 0:
    fail("parameters: %d" % len(m.parameters()))
bufs = [n for n, b in m.named_buffers(prefix="net")]
if bufs != ["net.body.1.running_mean", "net.body.1.running_var", "net.body.1.num_batches_tracked"]:
    fail("named_buffers: %s" % bufs)
if len(m.buffers()) != 3 or not m.head.weight.requires_grad:
    fail("buffers")
model = m
input_shape = (2,)
input_dtype = "long"
`
	if _, err := Run(src, Options{}); err != nil {
		t.Fatal(err)
	}
}

// TestRequiresGradErrors: setting requires_grad on what is not a
// parameter, or to what is not a bool, is a positioned error.
func TestRequiresGradErrors(t *testing.T) {
	for _, tc := range []struct{ script, want string }{
		{"m = Linear(4, 3)\nm.weight.requires_grad = 0\n", "model.star:2:9: requires_grad must be True or False, not int"},
		{"m = Linear(4, 3)\nm.weight.grad = None\n", "model.star:2:9: cannot set grad of a tensor"},
		{"m = Linear(4, 3)\nm.weight.requires_grad_(1, 2)\n", "model.star:2:24: requires_grad_: got 2 arguments, want at most 1"},
		{`def Net():
    self = Module("Net")
    self.fc = Linear(4, 3)

    def forward(x):
        x.requires_grad = True
        return self.fc(x)

    self.forward = forward
    return self

m = Net()
`, "model.star:6:10: requires_grad is set on parameters; this tensor is a model input"},
	} {
		_, err := Run(tc.script+"model = m\ninput_shape = (2, 4)\n", Options{})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.script, err, tc.want)
		}
	}
}
