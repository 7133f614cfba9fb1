package convention

import (
	"floplab/core/graph"
)

// FlopLab's own quantities of a node (package lang computes them while
// tracing, see graph.QName), as terms for the tools' rules. A tool's own
// way of counting something is a term in the tool's file, computed from
// the node's attributes.
var (
	convW     = &Term{Label: "conv weight MACs", Q: graph.QConvW}
	bias      = &Term{Label: "bias adds", Q: graph.QBias}
	linearW   = &Term{Label: "linear weight MACs", Q: graph.QLinearW}
	norm      = &Term{Label: "normalized elements", Q: graph.QNorm}
	affine    = &Term{Label: "affine elements", Q: graph.QAffine}
	in        = &Term{Label: "input elements", Q: graph.QIn}
	out       = &Term{Label: "output elements", Q: graph.QOut}
	windowSum = &Term{Label: "Σ window sizes", Q: graph.QWindowSum}
	mm        = &Term{Label: "matmul MACs", Q: graph.QMM}
	attn      = &Term{Label: "attention matmul MACs", Q: graph.QAttn}
	mhaProj   = &Term{Label: "attention projection MACs", Q: graph.QMHAProj}
	// batchStats are the elements a batch norm normalizes with the
	// batch's own statistics (train mode); absent in eval mode.
	batchStats = &Term{Label: "elements normalized with batch statistics", Q: graph.QBatchStats}
)
