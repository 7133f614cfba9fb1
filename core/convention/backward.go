package convention

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

// The backward pass of a training step, op by op, as a convention counts
// it: torch's FlopCounterMode counts the aten operators autograd runs
// (convolution_backward, the mm and bmm of a linear layer's or a matrix
// product's gradients, the fused attention backward), each only for the
// gradients autograd asks for: no grad input for an input that requires
// no grad (the first layer's), no grad weight for a frozen weight, and
// nothing at all where nothing requires grad (a frozen backbone).
// FlopLab's own convention counts the MACs of the same gradients exactly
// (a grouped convolution's grad weight is its forward MACs, where
// FlopCounterMode's formula multiplies by the groups). A convention
// without backward rules (the hook-based tools) does not count backward.

// BackTerm is a named backward quantity of a node: its value given which
// of the node's tensors require grad, and whether the backward pass
// computes it at all (a gradient nobody asks for is not computed).
type BackTerm struct {
	// Label says what the term counts: "grad input: conv MACs".
	Label string
	// Of is the term's value at n and whether it is computed. A term
	// without Of is the node's quantity q when input (or, with weight,
	// the node's weight) requires grad: a plain literal, so the tables of
	// terms are static data rather than code that every program's start
	// runs.
	Of func(g *graph.Graph, n *graph.Node, gr *graph.Grad, a *units.Acc) (int64, bool)

	q      graph.QName
	input  int
	weight bool
}

// value is the term's value at n and whether it is computed.
func (t *BackTerm) value(g *graph.Graph, n *graph.Node, gr *graph.Grad, a *units.Acc) (int64, bool) {
	switch {
	case t.Of != nil:
		return t.Of(g, n, gr, a)
	case t.weight:
		return n.QValue(t.q), n.Has(t.q) && weightGrad(n, gr, t.input)
	}
	return n.QValue(t.q), n.Has(t.q) && gr.Input(n, t.input)
}

// BackRule is the sum of its terms (times the convention's Scale). A nil
// BackRule in a table says the class's backward is not known: the
// class is listed, not counted.
type BackRule []*BackTerm

// bgroup is a backward rule and the classes and function types it
// applies to.
type bgroup struct {
	rule    BackRule
	classes string
}

// backTable is the backward rules of groups by class or function type;
// nil when there are none.
func backTable(groups []bgroup) map[string]BackRule {
	if len(groups) == 0 {
		return nil
	}
	tb := map[string]BackRule{}
	for _, g := range groups {
		for _, c := range strings.Fields(g.classes) {
			tb[c] = g.rule
		}
	}
	return tb
}

// CountsBackward reports whether c counts the backward pass (without
// building its tables).
func (c *Convention) CountsBackward() bool { return c.src != nil && len(c.src.backward) > 0 }

// BackwardResult is the backward pass of a training step as a convention
// counts it, in the convention's unit (torch: FLOPs; floplab: MACs).
type BackwardResult struct {
	Convention *Convention
	// Count is the backward pass's total; PerNode each node's share.
	Count   int64
	PerNode []int64
	// Unknown lists the classes that do work forward whose backward the
	// convention has no rule for (not counted).
	Unknown []string
	// Grad is which tensors required grad.
	Grad *graph.Grad

	g *graph.Graph
}

// FLOPs is the backward total in FLOPs (2 per MAC for a MAC convention).
func (r *BackwardResult) FLOPs() (int64, error) {
	if r.Convention.Unit == "MAC" {
		return units.Mul(2, r.Count)
	}
	return r.Count, nil
}

// Backward counts the backward pass of g under c; inputsRequireGrad
// says whether the model inputs require grad (a training batch does
// not). It is nil when c does not count backward.
func Backward(c *Convention, g *graph.Graph, inputsRequireGrad bool) (*BackwardResult, error) {
	if !c.CountsBackward() {
		return nil, nil
	}
	gr := graph.RequiresGrad(g, inputsRequireGrad)
	r := &BackwardResult{Convention: c, PerNode: make([]int64, len(g.Nodes)), Grad: gr, g: g}
	var a units.Acc
	for i, n := range g.Nodes {
		rule, known := c.BackwardRules()[n.Type]
		if !known || rule == nil {
			if known || c.doesWork(g, n) {
				if gr.Node(i) && !slices.Contains(r.Unknown, n.Type) {
					r.Unknown = append(r.Unknown, n.Type)
				}
			}
			continue
		}
		var v int64
		for _, t := range rule {
			if q, ok := t.value(g, n, gr, &a); ok {
				v = a.Add(v, a.Mul(c.Scale, q))
			}
		}
		r.PerNode[i] = v
		r.Count = a.Add(r.Count, v)
	}
	if a.Err != nil {
		return nil, a.Err
	}
	sort.Strings(r.Unknown)
	return r, nil
}

// doesWork reports whether c counts n's forward as more than 0, for
// listing a class whose backward c does not know.
func (c *Convention) doesWork(g *graph.Graph, n *graph.Node) bool {
	if c.Own {
		return n.Ops.MACs > 0
	}
	rule, st := c.ruleFor(g, n)
	if st != ruleFound {
		return false
	}
	var a units.Acc
	for j := range rule {
		if q, ok := rule[j].Term.value(g, n, &a); ok && q > 0 {
			return true
		}
	}
	return false
}

// Formula explains PerNode[i] in English.
func (r *BackwardResult) Formula(i int) string { return r.FormulaIn(msg.EN, i) }

// FormulaIn explains PerNode[i] in a language: "torch backward:
// 2·70,276,800 (grad weight: groups × conv MACs) = 140,553,600"; "" for
// a node the convention has no backward rule for.
func (r *BackwardResult) FormulaIn(lang string, i int) string {
	c, n := r.Convention, r.g.Nodes[i]
	rule := c.BackwardRules()[n.Type]
	if rule == nil {
		return ""
	}
	w := func(s string) string { return msg.Tr(lang, s) }
	b := append([]byte(c.Tool), w(" backward: ")...)
	var a units.Acc
	parts := 0
	for _, t := range rule {
		q, ok := t.value(r.g, n, r.Grad, &a)
		if !ok {
			continue
		}
		if parts > 0 {
			b = append(b, " + "...)
		}
		parts++
		if c.Scale != 1 {
			b = strconv.AppendInt(b, c.Scale, 10)
			b = append(b, "·"...)
		}
		b = units.AppendThousands(b, q)
		b = append(b, w(" (")...)
		b = append(b, w(t.Label)...)
		b = append(b, w(")")...)
	}
	if parts == 0 {
		return string(append(b, w("0 (no gradient is computed here: nothing it reads requires grad)")...))
	}
	b = append(b, " = "...)
	return string(units.AppendThousands(b, r.PerNode[i]))
}

// The backward terms. A gradient is computed when what it is the
// gradient of requires grad: input i (grad input) or the weight (grad
// weight: a module's "weight" parameter, or a function's weight
// operand).

// weightGrad reports whether n's weight requires grad: the module's
// "weight" parameter, or the function's operand i.
func weightGrad(n *graph.Node, gr *graph.Grad, i int) bool {
	if n.Call == graph.CallModule {
		return gr.Param(n, "weight")
	}
	return gr.Input(n, i)
}

var (
	// Convolutions: grad input is a transposed convolution of the same
	// MACs as the forward; grad weight a convolution of the input with
	// grad output.
	convGradIn = &BackTerm{Label: "grad input: conv MACs", input: 0, q: graph.QConvW}
	convGradW  = &BackTerm{Label: "grad weight: conv MACs", input: 1, q: graph.QConvW, weight: true}
	// Linear layers and F.linear: grad input = grad_out @ W, grad weight
	// = grad_outᵀ @ x, each the forward's MACs.
	linearGradIn = &BackTerm{Label: "grad input: linear MACs", input: 0, q: graph.QLinearW}
	linearGradW  = &BackTerm{Label: "grad weight: linear MACs", input: 1, q: graph.QLinearW, weight: true}
	// torch.addmm(bias, a, b): the gradients of a and b.
	addmmGradA = &BackTerm{Label: "grad of the first matrix: matmul MACs", input: 1, q: graph.QLinearW}
	addmmGradB = &BackTerm{Label: "grad of the second matrix: matmul MACs", input: 2, q: graph.QLinearW}
	// torch.baddbmm/addbmm(input, batch1, batch2): the gradients of the
	// batches, a bmm each (addbmm's too, though FlopCounterMode has no
	// formula for its forward).
	bmmGradA = &BackTerm{Label: "grad of the first matrix: matmul MACs", input: 1, q: graph.QMM}
	bmmGradB = &BackTerm{Label: "grad of the second matrix: matmul MACs", input: 2, q: graph.QMM}
	// Matrix products a @ b: grad a = grad_out @ bᵀ, grad b = aᵀ @ grad_out.
	mmGradA = &BackTerm{Label: "grad of the first matrix: matmul MACs", input: 0, q: graph.QMM}
	mmGradB = &BackTerm{Label: "grad of the second matrix: matmul MACs", input: 1, q: graph.QMM}
)

// attnDims are F.scaled_dot_product_attention's batch·heads, query and
// key lengths and q and v head sizes, and which of q, k, v require grad.
func attnDims(n *graph.Node, gr *graph.Grad, a *units.Acc) (bh, sq, sk, dq, dv int64, q, k, v bool) {
	if len(n.Inputs) < 3 {
		return
	}
	qs, ks, vs := n.Inputs[0].Shape, n.Inputs[1].Shape, n.Inputs[2].Shape
	if len(qs) < 2 || len(ks) < 2 || len(vs) < 2 {
		return
	}
	// The output's leading dimensions are q's and k's broadcast.
	bh = 1
	if len(n.Outputs) > 0 && len(n.Outputs[0].Shape) >= 2 {
		o := n.Outputs[0].Shape
		bh = a.Size(o[:len(o)-2]...)
	}
	sq, dq = qs[len(qs)-2], qs[len(qs)-1]
	sk, dv = ks[len(ks)-2], vs[len(vs)-1]
	return bh, sq, sk, dq, dv, gr.Input(n, 0), gr.Input(n, 1), gr.Input(n, 2)
}
