package convention

import (
	"floplab/core/graph"
	"floplab/core/units"
)

// FlopLab's own quantities of a node (package lang computes them while
// tracing, see graph.QName), as terms for the tools' rules. A tool's own
// way of counting something is a term in the tool's file, computed from
// the node's attributes.
var (
	convW     = quantity(graph.QConvW, "conv weight MACs")
	bias      = quantity(graph.QBias, "bias adds")
	linearW   = quantity(graph.QLinearW, "linear weight MACs")
	norm      = quantity(graph.QNorm, "normalized elements")
	affine    = quantity(graph.QAffine, "affine elements")
	in        = quantity(graph.QIn, "input elements")
	out       = quantity(graph.QOut, "output elements")
	windowSum = quantity(graph.QWindowSum, "Σ window sizes")
	mm        = quantity(graph.QMM, "matmul MACs")
	attn      = quantity(graph.QAttn, "attention matmul MACs")
	mhaProj   = quantity(graph.QMHAProj, "attention projection MACs")
)

// quantity is the term that reads the node's quantity q.
func quantity(q graph.QName, label string) *Term {
	return &Term{Label: label, Of: func(_ *graph.Graph, n *graph.Node, _ *units.Acc) (int64, bool) { return n.QValue(q), n.Has(q) }}
}
