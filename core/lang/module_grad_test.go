package lang

import "testing"

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
