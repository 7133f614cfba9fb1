package convention_test

import (
	"slices"
	"strings"
	"testing"

	"floplab/core/convention"
	"floplab/core/lang"
)

// TestTorchMHAMode: under FlopCounterMode nn.MultiheadAttention counts 0
// in eval mode (torch 2.x's fused fast path, which has no formula) and
// its projections and attention products in train mode (the fast path
// refuses "training is enabled"); the note on the fast path shows for a
// model that calls MultiheadAttention in eval mode, and for no other.
// MultiheadAttention(8, 2) on (5, 2, 8): in_proj 10·8·24 + attention
// 2·(2·2·5·5·4) + out_proj 10·8·8 = 3,360 MACs; train mode 6,720 FLOPs
// is what a TorchDispatchMode counting aten.mm/addmm/bmm/baddbmm as
// FlopCounterMode does measures on torch 1.13 (2 addmm, 2 bmm).
func TestTorchMHAMode(t *testing.T) {
	const mha = "input_shape = (5, 2, 8)\ndef Net():\n    self = Module('Net')\n    self.attn = MultiheadAttention(8, 2)\n" +
		"    def forward(x):\n        y, _ = self.attn(x, x, x)\n        return y\n    self.forward = forward\n    return self\nmodel = Net()\n"
	const cnn = "input_shape = (1, 2, 6, 6)\nmodel = Sequential(Conv2d(2, 4, 3), ReLU(), Flatten(), Linear(64, 5))\n"
	const fast = "Under eval + no_grad torch 2.x runs nn.MultiheadAttention through a fused fast path"
	for _, tc := range []struct {
		name, src, mode string
		want            int64
		note            bool
	}{
		{"MHA eval", mha, "eval", 0, true},
		{"MHA as the script leaves it (eval)", mha, "", 0, true},
		{"MHA set to eval by the script", strings.Replace(mha, "model = Net()", "model = Net()\nmodel.eval()", 1), "", 0, true},
		{"MHA train", mha, "train", 6720, false},
		{"MHA set to train by the script", strings.Replace(mha, "model = Net()", "model = Net()\nmodel.train()", 1), "", 6720, false},
		{"no MHA eval", cnn, "eval", 2 * (4*16*18 + 64*5), false},
		{"no MHA train", cnn, "train", 2 * (4*16*18 + 64*5), false},
	} {
		res, err := lang.Run(tc.src, lang.Options{Mode: tc.mode})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		conv, _ := convention.Lookup("torch")
		r, err := convention.Evaluate(conv, res.Graph)
		if err != nil {
			t.Fatal(err)
		}
		if r.Count != tc.want {
			t.Errorf("%s: %d FLOPs, want %d", tc.name, r.Count, tc.want)
		}
		has := slices.ContainsFunc(r.Notes, func(n string) bool { return strings.HasPrefix(n, fast) })
		if has != tc.note {
			t.Errorf("%s: fast-path note %v, want %v (notes %q)", tc.name, has, tc.note, r.Notes)
		}
		if !slices.Contains(r.Notes, conv.Notes[0]) {
			t.Errorf("%s: the convention's own note is missing: %q", tc.name, r.Notes)
		}
	}
}
