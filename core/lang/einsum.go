package lang

// einsum.go: torch.einsum, its shapes and FlopLab's own count of it. The
// counting tools' own figures for it are in package convention (fvcore.go
// einsumFvcore, torch.go einsumTorch), computed from the node's
// graph.Einsum attributes.

import (
	"strings"

	"floplab/core/graph"
	"floplab/core/msg"

	"go.starlark.net/starlark"
)

func init() {
	fnTable["torch.einsum"] = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		if len(kwargs) > 0 || len(args) < 2 {
			return nil, tr.errorf("", "write torch.einsum('bij,bjk->bik', a, b)", "torch.einsum takes an equation and one or more tensors")
		}
		eq, ok := starlark.AsString(args[0])
		if !ok {
			return nil, tr.errorf("", "write torch.einsum('bij,bjk->bik', a, b)", "torch.einsum: the equation must be a string, got %s", args[0].Type())
		}
		ops := args[1:]
		if len(ops) == 1 { // torch.einsum(eq, [a, b]) as well as torch.einsum(eq, a, b)
			if l, ok := ops[0].(starlark.Indexable); ok {
				if _, isTensor := ops[0].(*Tensor); !isTensor {
					ops = nil
					for i := 0; i < l.Len(); i++ {
						ops = append(ops, l.Index(i))
					}
				}
			}
		}
		var ts []*Tensor
		for _, v := range ops {
			t, ok := v.(*Tensor)
			if !ok {
				return nil, tr.errorf("", "", "torch.einsum: operands must be tensors, got %s", v.Type())
			}
			ts = append(ts, t)
		}
		return tr.fnCall("torch.einsum", ts, func(f *fwd) error { return einsumForward(f, eq) })
	}
	msg.RegisterFunc(zhEinsum)
}

func zhEinsum() map[string]string {
	return map[string]string{
		"einsum: the equation names %d operands and %d tensors are given":                    "einsum：方程写了 %d 个操作数，实际给了 %d 个张量",
		"einsum: operand %d has subscripts %q for a tensor of shape %s":                      "einsum：第 %d 个操作数的下标 %q 与张量形状 %s 不符",
		"einsum: subscript %q is %d in one place and %d in another":                          "einsum：下标 %q 在一处为 %d，在另一处为 %d",
		"einsum: %q is not a subscript (letters a-z and A-Z)":                                "einsum：%q 不是下标（只能用字母 a-z 和 A-Z）",
		"einsum: the output subscript %q is not in any operand, or is repeated":              "einsum：输出下标 %q 不在任何操作数中，或者重复了",
		"einsum: '...' (ellipsis) is not supported":                                          "einsum：不支持 '...'（省略号）",
		"write the dimensions out: 'bij,bjk->bik'":                                           "把各维写出来：'bij,bjk->bik'",
		"one letter per dimension of each operand: 'bij,bjk->bik' for [B, I, J] @ [B, J, K]": "每个操作数的每一维写一个字母：[B, I, J] @ [B, J, K] 写作 'bij,bjk->bik'",
		"write torch.einsum('bij,bjk->bik', a, b)":                                           "写成 torch.einsum('bij,bjk->bik', a, b)",
		"torch.einsum takes an equation and one or more tensors":                             "torch.einsum 需要一个方程和一个或多个张量",
		"torch.einsum: the equation must be a string, got %s":                                "torch.einsum：方程必须是字符串，实际是 %s",
		"torch.einsum: operands must be tensors, got %s":                                     "torch.einsum：操作数必须是张量，实际是 %s",
		"%s: Π sizes %s = %s MACs (one multiply-add per combination of the subscripts)":      "%s：各下标大小之积 %s = %s MACs（每种下标组合一次乘加）",
		"%s: %d extra multiplications · %s combinations = %s mul":                            "%s：每种组合多 %d 次乘法 · %s 种组合 = %s 次乘法",
		"%s: %d multiplications · %s combinations (Π sizes %s) = %s mul":                     "%s：%d 次乘法 · %s 种组合（各下标大小之积 %s）= %s 次乘法",
		"%s: %s inputs summed into %s outputs = %s adds":                                     "%s：%s 个输入求和为 %s 个输出 = %s 次加法",
		"%s: a view, no arithmetic":                                                          "%s：只是视图，没有运算",
	}
}

// einsumForward checks the equation against the operands' shapes and
// counts FlopLab's own operations: with P the product of every
// subscript's size (one term of the sum per combination) and n operands,
// a contraction of two or more operands is P MACs and (n-2)·P more
// multiplications; a product without a summed subscript is (n-1)·P
// multiplications; one operand summed is P − outputs additions; one
// operand not summed is a view.
func einsumForward(f *fwd, eq string) error {
	var shapes []graph.Shape
	for _, t := range f.in {
		shapes = append(shapes, t.shape)
	}
	e, err := parseEinsum(eq, shapes)
	if err != nil {
		return err
	}
	out := make(graph.Shape, len(e.Output))
	for i := range e.Output {
		out[i] = e.Sizes[e.Output[i]]
	}
	f.setOut(out)
	all := einsumLetters(e)
	var sizes []int64
	for _, l := range all {
		sizes = append(sizes, e.Sizes[l])
	}
	P := f.a.Size(sizes...)
	O := out.Numel()
	n := int64(len(e.Operands))
	summed := len(all) > len(e.Output)
	switch {
	case n >= 2 && summed:
		f.ops.MACs = P
		f.ops.Mul = f.a.Size(n-2, P)
	case n >= 2:
		f.ops.Mul = f.a.Size(n-1, P)
	case summed:
		f.ops.Add = P - O
	}
	f.layer = e
	f.render(einsumRender, P, O, n)
	return nil
}

// einsumLetters are e's subscripts in the order they first appear.
func einsumLetters(e *graph.Einsum) []byte {
	var ls []byte
	for _, op := range e.Operands {
		for i := 0; i < len(op); i++ {
			if strings.IndexByte(string(ls), op[i]) < 0 {
				ls = append(ls, op[i])
			}
		}
	}
	return ls
}

// parseEinsum reads an equation for operands of the given shapes.
func parseEinsum(eq string, shapes []graph.Shape) (*graph.Einsum, error) {
	s := strings.ReplaceAll(eq, " ", "")
	if strings.Contains(s, "...") {
		return nil, lerr("write the dimensions out: 'bij,bjk->bik'", "einsum: '...' (ellipsis) is not supported")
	}
	lhs, rhs, explicit := strings.Cut(s, "->")
	e := &graph.Einsum{Equation: eq, Operands: strings.Split(lhs, ","), Sizes: map[byte]int64{}}
	if len(e.Operands) != len(shapes) {
		return nil, lerr("", "einsum: the equation names %d operands and %d tensors are given", len(e.Operands), len(shapes))
	}
	isLetter := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	count := map[byte]int{}
	for i, op := range e.Operands {
		if len(op) != len(shapes[i]) {
			return nil, lerr("one letter per dimension of each operand: 'bij,bjk->bik' for [B, I, J] @ [B, J, K]",
				"einsum: operand %d has subscripts %q for a tensor of shape %s", i+1, op, shapeString(shapes[i]))
		}
		for j := 0; j < len(op); j++ {
			c, d := op[j], shapes[i][j]
			if !isLetter(c) {
				return nil, lerr("", "einsum: %q is not a subscript (letters a-z and A-Z)", string(c))
			}
			count[c]++
			switch old, seen := e.Sizes[c]; {
			case !seen || old == 1:
				e.Sizes[c] = d
			case d != old && d != 1:
				return nil, lerr("", "einsum: subscript %q is %d in one place and %d in another", string(c), old, d)
			}
		}
	}
	if explicit {
		for i := 0; i < len(rhs); i++ {
			c := rhs[i]
			if !isLetter(c) {
				return nil, lerr("", "einsum: %q is not a subscript (letters a-z and A-Z)", string(c))
			}
			if count[c] == 0 || strings.IndexByte(rhs[:i], c) >= 0 {
				return nil, lerr("", "einsum: the output subscript %q is not in any operand, or is repeated", string(c))
			}
		}
		e.Output = rhs
		return e, nil
	}
	// Implicit output: the subscripts that appear once, in alphabetical
	// order.
	var once []byte
	for c := byte('A'); c <= 'z'; c++ {
		if count[c] == 1 {
			once = append(once, c)
		}
	}
	e.Output = string(once)
	return e, nil
}

// einsumRender renders an einsum's formula: A = P (Π sizes), outputs,
// operands; the subscripts are the node's graph.Einsum.
var einsumRender = graph.FormulaFunc(func(nd *graph.Node, k graph.FormulaKey) msg.Text {
	e, ok := nd.Layer.(*graph.Einsum)
	if !ok {
		return msg.Text{}
	}
	P, O, n := nd.Formulas.A[0], nd.Formulas.A[1], nd.Formulas.A[2]
	all := einsumLetters(e)
	var sizes graph.Shape
	for _, l := range all {
		sizes = append(sizes, e.Sizes[l])
	}
	eq := strings.Join(e.Operands, ",") + "->" + e.Output
	summed := len(all) > len(e.Output)
	switch {
	case n >= 2 && summed && k == graph.FMACs:
		return msg.F("%s: Π sizes %s = %s MACs (one multiply-add per combination of the subscripts)", eq, msg.Dims(sizes), msg.Num(P))
	case n > 2 && summed && k == graph.FOps:
		return msg.F("%s: %d extra multiplications · %s combinations = %s mul", eq, n-2, msg.Num(P), msg.Num(nd.Ops.Mul))
	case n >= 2 && !summed && k == graph.FOps:
		return msg.F("%s: %d multiplications · %s combinations (Π sizes %s) = %s mul", eq, n-1, msg.Num(P), msg.Dims(sizes), msg.Num(nd.Ops.Mul))
	case n == 1 && summed && k == graph.FOps:
		return msg.F("%s: %s inputs summed into %s outputs = %s adds", eq, msg.Num(P), msg.Num(O), msg.Num(nd.Ops.Add))
	case n == 1 && k == graph.FOps:
		return msg.F("%s: a view, no arithmetic", eq)
	}
	return msg.Text{}
})
