package convention_test

import "testing"

// TestEinsumRules: torch.einsum under FlopLab, fvcore and torch, figures
// derived by hand from the sources:
//   - fvcore fvcore/nn/jit_handles.py einsum_flop_jit (facebookresearch/fvcore):
//     letters renamed by first appearance; "abc,abd->acd" and
//     "abc,adc->adb" exact; otherwise numpy's einsum_path "Optimized FLOP
//     count" (numpy/core/einsumfunc.py _flop_count: Π sizes ×
//     (max(1, terms − 1) + 1 if a subscript is summed)), printed "%.3e",
//     halved and floored.
//   - torch torch/utils/flop_counter.py bmm_flop (2·b·m·k·n) on the bmm
//     that aten/src/ATen/native/Linear.cpp sumproduct_pair makes of each
//     pair, left to right; a pair without a subscript summed in both is an
//     aten.mul (no formula).
func TestEinsumRules(t *testing.T) {
	const pre = "def Net():\n    self = Module('Net')\n    self.forward = lambda a, b: "
	const post = "\n    return self\nmodel = Net()\n"
	two := func(shapes, expr string) string { return "input_shapes = " + shapes + "\n" + pre + expr + post }
	three := "input_shapes = [(2, 3), (3, 4), (4, 5)]\ndef Net():\n    self = Module('Net')\n" +
		"    self.forward = lambda a, b, c: torch.einsum('ij,jk,kl->il', a, b, c)\n    return self\nmodel = Net()\n"
	const (
		// 123·457·789 = 44,350,479; numpy: 2·P = 88,700,958 printed
		// 8.870e+07, halved: 44,350,000.
		big = "[(123, 457), (457, 789)]"
		// renamed "abc,abd->acd": counted exactly, 7·123·457·789.
		special = "[(7, 123, 457), (7, 123, 789)]"
	)
	cases := []ruleCase{
		{"floplab matmul-like", two(big, "torch.einsum('ij,jk->ik', a, b)"), "floplab", 44350479},
		{"fvcore rounds through %.3e", two(big, "torch.einsum('ij,jk->ik', a, b)"), "fvcore", 44350000},
		{"torch bmm", two(big, "torch.einsum('ij,jk->ik', a, b)"), "torch", 2 * 44350479},
		{"fvcore special case exact", two(special, "torch.einsum('bij,bik->bjk', a, b)"), "fvcore", 310453353},
		{"torch special case", two(special, "torch.einsum('bij,bik->bjk', a, b)"), "torch", 2 * 310453353},
		// implicit output "ik"; same counts as the explicit form.
		{"fvcore implicit output", two(big, "torch.einsum('ij,jk', a, b)"), "fvcore", 44350000},
		// elementwise: numpy 6 (no summed subscript) → 3; torch: aten.mul, 0.
		{"fvcore elementwise", two("[(2, 3), (2, 3)]", "torch.einsum('ij,ij->ij', a, b)"), "fvcore", 3},
		{"torch elementwise", two("[(2, 3), (2, 3)]", "torch.einsum('ij,ij->ij', a, b)"), "torch", 0},
		// i summed in a only (aten.sum first), j in both: bmm 1·1·4·3.
		{"torch one-sided sum", two("[(2, 3), (3, 4)]", "torch.einsum('ij,jk->k', a, b)"), "torch", 2 * 12},
		{"floplab one-sided sum", two("[(2, 3), (3, 4)]", "torch.einsum('ij,jk->k', a, b)"), "floplab", 24},
		// left to right: ij,jk→ik is 2·4·3 = 24 MACs, ik,kl→il 2·5·4 = 40.
		{"torch three operands", three, "torch", 2 * 64},
		{"fvcore three operands: not reproduced", three, "fvcore", 0},
		{"floplab three operands", three, "floplab", 120},
	}
	checkRules(t, cases)
}
