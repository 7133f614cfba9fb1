package convention_test

import "testing"

// TestAddmmBetaAlpha: torch.addmm(input, mat1, mat2, beta, alpha) and
// Tensor.addmm(_) under each tool, with input (6,), mat1 (4, 5), mat2
// (5, 6): 120 MACs, 24 outputs. The figures follow the tools' sources:
//   - torch: torch/utils/flop_counter.py addmm_flop = mm_flop(mat1, mat2),
//     beta and alpha ignored (test_flop_counter.py's variety test calls
//     torch.addmm(c, a, d, beta=0.5, alpha=0.5) and counts 2·4·5·6); it
//     is registered for aten.addmm, not the in-place aten.addmm_.
//   - fvcore: jit_handles.py addmm_flop_jit, batch · in · out, beta and
//     alpha ignored; aten::addmm_ has no handle.
//   - ptflops: pytorch_ops.py _addmm_tensor_flops_hook, mat1 elements ×
//     mat2's last dim + input elements "if beta != 0", on torch.addmm and
//     torch.Tensor.addmm (TENSOR_OPS_MAPPING; not addmm_).
//   - ptflops-aten: aten_ops.py addmm_flop, batch · in · out + batch ·
//     out whenever the input is not None, whatever beta.
//   - thop counts no functional call.
func TestAddmmBetaAlpha(t *testing.T) {
	src := func(expr string) string {
		return "input_shapes = [(6,), (4, 5), (5, 6)]\ndef Net():\n    self = Module('Net')\n" +
			"    self.forward = lambda b, x, w: " + expr + "\n    return self\nmodel = Net()\n"
	}
	plain := src("torch.addmm(b, x, w)")
	beta0 := src("torch.addmm(b, x, w, beta=0)")
	halves := src("torch.addmm(b, x, w, beta=0.5, alpha=0.5)")
	kw := src("torch.addmm(input=b, mat1=x, mat2=w, beta=0.0)")
	method := src("b.addmm(x, w, beta=0)")
	inplace := src("b.addmm_(x, w)")
	var cases []ruleCase
	for _, c := range []struct {
		name, src                                   string
		floplab, torch, fvcore, ptflops, aten, thop int64
	}{
		{"beta 1", plain, 120, 240, 120, 126, 144, 0},
		{"beta 0", beta0, 120, 240, 120, 120, 144, 0},
		{"beta and alpha 0.5", halves, 120, 240, 120, 126, 144, 0},
		{"keywords, beta 0.0", kw, 120, 240, 120, 120, 144, 0},
		{"Tensor.addmm beta 0", method, 120, 240, 120, 120, 144, 0},
		{"Tensor.addmm_", inplace, 120, 0, 0, 0, 0, 0},
	} {
		for _, v := range []struct {
			conv string
			want int64
		}{{"floplab", c.floplab}, {"torch", c.torch}, {"fvcore", c.fvcore}, {"ptflops", c.ptflops}, {"ptflops-aten", c.aten}, {"thop", c.thop}} {
			cases = append(cases, ruleCase{c.name + " " + v.conv, c.src, v.conv, v.want})
		}
	}
	checkRules(t, cases)
}

// TestInPlaceBatched: Tensor.baddbmm_ and addbmm_ are counted by FlopLab
// but not by FlopCounterMode, whose baddbmm formula is registered for
// aten.baddbmm only (the in-place aten.baddbmm_ and aten.addbmm have
// none); input (3, 4, 6), batch1 (3, 4, 5), batch2 (3, 5, 6): 360 MACs.
func TestInPlaceBatched(t *testing.T) {
	src := func(expr string) string {
		return "input_shapes = [(3, 4, 6), (3, 4, 5), (3, 5, 6)]\ndef Net():\n    self = Module('Net')\n" +
			"    self.forward = lambda i, a, b: " + expr + "\n    return self\nmodel = Net()\n"
	}
	checkRules(t, []ruleCase{
		{"baddbmm torch", src("i.baddbmm(a, b)"), "torch", 720},
		{"baddbmm_ torch", src("i.baddbmm_(a, b)"), "torch", 0},
		{"baddbmm_ floplab", src("i.baddbmm_(a, b)"), "floplab", 360},
		{"addbmm_ floplab", src("i[0].addbmm_(a, b)"), "floplab", 360},
		{"addbmm_ torch", src("i[0].addbmm_(a, b)"), "torch", 0},
	})
}
