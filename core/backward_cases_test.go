package core

import "testing"

// TestBackwardCases: the backward pass of matrix products, einsum and
// attention under torch (FlopCounterMode) and floplab, with which
// operands require grad.
func TestBackwardCases(t *testing.T) {
	// pytorch test/test_flop_counter.py test_backward: a = T(4, 5,
	// requires_grad=True); mm(a, T(5, 6)); unsqueeze(0).expand(7, 4, 6);
	// bmm(a, T(7, 6, 7)); a.sum().backward() → 5184 FLOPs in all.
	mmBmm := `
def Net():
    self = Module("Net")
    self.w1 = Parameter(5, 6, requires_grad=False)
    self.w2 = Parameter(7, 6, 7, requires_grad=False)

    def forward(a):
        a = torch.mm(a, self.w1)
        a = a.unsqueeze(0).expand(7, 4, 6)
        return torch.bmm(a, self.w2)

    self.forward = forward
    return self

model = Net()
input_shape = (4, 5)
`
	// pytorch test_flop_counter.py test_sdpa (4 batch, 8 heads, head dim
	// 64, q, k, v requiring grad): forward 268,435,456 (128 queries, 256
	// keys) and 134,217,728 (128, 128); the flash/memory-efficient
	// kernels' forward + backward 939,524,096 and 7/2 × 134,217,728.
	sdpa := func(sk string) string {
		return `
def Attn():
    self = Module("Attn")

    def forward(q, k, v):
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)

    self.forward = forward
    return self

model = Attn()
input_shapes = [(4, 8, 128, 64), (4, 8, ` + sk + `, 64), (4, 8, ` + sk + `, 64)]
`
	}
	// einsum: FlopCounterMode's bmm formulas on the bmm torch 1.13's
	// einsum runs forward and backward (run with the flop_counter.py
	// formulas of testdata/backward/flopcounter.json's provenance):
	// "ij,jk,kl->il" at 3x4, 4x5, 5x6 is 300 FLOPs forward; backward
	// 300 with only the second operand requiring grad, 480 with the
	// first and the third.
	einsum := func(p1, p2 string) string {
		return `
def Net():
    self = Module("Net")
    self.b = Parameter(4, 5, requires_grad=` + p1 + `)
    self.c = Parameter(5, 6, requires_grad=` + p2 + `)

    def forward(a):
        return torch.einsum("ij,jk,kl->il", a, self.b, self.c)

    self.forward = forward
    return self

model = Net()
input_shape = (3, 4)
`
	}
	for _, tc := range []struct {
		name, script, conv string
		inputGrad          bool
		forward, backward  int64
	}{
		{"test_backward", mmBmm, "torch", true, 2592, 5184 - 2592},
		{"test_backward floplab", mmBmm, "floplab", true, 1296, 2 * 1296},
		{"sdpa 128x256", sdpa("256"), "torch", true, 268435456, 939524096 - 268435456},
		{"sdpa 128x128", sdpa("128"), "torch", true, 134217728, 134217728 * 5 / 2},
		// floplab: grad scores, v, q, k each 4·8·128·256·64 MACs.
		{"sdpa 128x256 floplab", sdpa("256"), "floplab", true, 134217728, 2 * 4 * 4 * 8 * 128 * 256 * 64},
		{"sdpa no grad", sdpa("256"), "torch", false, 268435456, 0},
		{"einsum second", einsum("True", "False"), "torch", false, 300, 300},
		{"einsum first third", einsum("False", "True"), "torch", true, 300, 480},
		// floplab: 3·4·5·6 = 360 MACs per operand requiring grad.
		{"einsum first third floplab", einsum("False", "True"), "floplab", true, 360, 2 * 2 * 360},
	} {
		rep, err := Analyze(Request{Script: tc.script, Convention: tc.conv, Pass: PassTrain, InputsRequireGrad: tc.inputGrad})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if b := rep.Totals.BackwardFLOPs; rep.Totals.Count != tc.forward || b == nil || *b != tc.backward {
			t.Errorf("%s: forward %d, backward %v; want %d, %d", tc.name, rep.Totals.Count, b, tc.forward, tc.backward)
			if b != nil {
				t.Logf("%d", *b)
			}
		}
	}
}

// TestBackwardBaddbmm: FlopCounterMode on torch.baddbmm and torch.addbmm
// (inputs [3, 4, 6] or [4, 6], batches [3, 4, 5] and [3, 5, 6] requiring
// grad; flop_counter.py's formulas run on torch 1.13, see
// testdata/backward/flopcounter.json): forward 720 and 0 (addbmm has no
// formula), backward 1440 for both (a bmm per batch gradient).
func TestBackwardBaddbmm(t *testing.T) {
	for _, tc := range []struct {
		op, in  string
		forward int64
	}{{"baddbmm", "(3, 4, 6)", 720}, {"addbmm", "(4, 6)", 0}} {
		src := `
def Net():
    self = Module("Net")

    def forward(x, b1, b2):
        return torch.` + tc.op + `(x, b1, b2)

    self.forward = forward
    return self

model = Net()
input_shapes = [` + tc.in + `, (3, 4, 5), (3, 5, 6)]
`
		rep, err := Analyze(Request{Script: src, Convention: "torch", Pass: PassTrain, InputsRequireGrad: true})
		if err != nil {
			t.Fatal(err)
		}
		if b := rep.Totals.BackwardFLOPs; rep.Totals.Count != tc.forward || b == nil || *b != 1440 {
			t.Errorf("%s: forward %d backward %v", tc.op, rep.Totals.Count, b)
		}
	}
}
