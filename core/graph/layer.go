package graph

// Layer is a node's typed layer attributes: what a layer was built with
// beyond its shapes, for the counting tools that compute their own
// figures from it (package convention: thop's convolution formula,
// ptflops' RNN formula, ...). Nil for a node whose tools need only its
// shapes, parameters and FlopLab's quantities. The values are shared by
// every call of a module: read them, never change them.
type Layer interface{ layer() }

// Conv is a convolution (Conv1d/2d/3d, ConvTranspose*, their lazy forms).
type Conv struct {
	InChannels, Groups int64
	Kernel             Shape
	Transposed         bool
}

// AdaptivePool is an adaptive pooling layer over Dims spatial dimensions
// (the last ones of its input and output).
type AdaptivePool struct{ Dims int }

// Interp is an interpolation (nn.Upsample and its subclasses,
// F.interpolate) as called.
type Interp struct {
	// Mode is "nearest", "bilinear", ...
	Mode string
	// SizeGiven is true when the call gave size= rather than a scale.
	SizeGiven bool
	// Scale is the scale_factor as given: one value, or one per spatial
	// dimension when a tuple was given (ScaleTuple); ScaleInt tells a
	// single value written as an int.
	Scale      []float64
	ScaleTuple bool
	ScaleInt   bool
}

// Attention is an nn.MultiheadAttention call.
type Attention struct {
	Embed, Heads, KDim, VDim int64
	// Batch, Queries and Keys are N, L and S as called (Keys before
	// bias_k adds a position).
	Batch, Queries, Keys int64
	Bias, BiasKV         bool
	// NeedWeights is the call's need_weights (True by default).
	NeedWeights bool
}

// Recurrent is an RNN, GRU or LSTM layer or cell.
type Recurrent struct {
	// Kind is "RNN", "GRU" or "LSTM".
	Kind                        string
	Input, Hidden, Layers, Dirs int64
	// Proj is LSTM's proj_size (0: none).
	Proj                   int64
	Bias, Cell, BatchFirst bool
	// Packed is set on a call whose input is a PackedSequence
	// (nn.utils.rnn.pack_padded_sequence).
	Packed *Packed
}

// Packed describes a PackedSequence input: Batch sequences, the longest
// Steps long (len(batch_sizes)), Sum = Σ lengths time steps in all.
type Packed struct {
	Batch, Steps, Sum int64
}

func (*Conv) layer()         {}
func (*AdaptivePool) layer() {}
func (*Interp) layer()       {}
func (*Attention) layer()    {}
func (*Recurrent) layer()    {}

// Gates is the number of gates: 4 for LSTM, 3 for GRU, 1 for RNN.
func (r *Recurrent) Gates() int64 {
	switch r.Kind {
	case "LSTM":
		return 4
	case "GRU":
		return 3
	}
	return 1
}

// OutSize is the size of h: the projection size with proj_size.
func (r *Recurrent) OutSize() int64 {
	if r.Proj > 0 {
		return r.Proj
	}
	return r.Hidden
}

// LayerIn is the input size of layer l.
func (r *Recurrent) LayerIn(l int64) int64 {
	if l == 0 {
		return r.Input
	}
	return r.Dirs * r.OutSize()
}

// ONNXOp is a node of an imported ONNX graph (package onnx). onnx-tool's
// figure for it needs the ONNX node's weight shapes and attributes, which
// only the importer reads, so the importer computes it with onnx-tool's
// rules (onnx_tool/node.py) and keeps it here for the onnx-tool
// convention.
type ONNXOp struct {
	// OpType is the ONNX op ("Conv").
	OpType string
	// OnnxTool is onnx-tool's Forward_MACs for the node; OnnxToolRule how
	// it is formed. Hidden marks the ops onnx-tool leaves out of its
	// table (Shape, Reshape, Gather, ...).
	OnnxTool     int64
	OnnxToolRule string
	Hidden       bool
}

func (*ONNXOp) layer() {}

// Einsum is a torch.einsum call.
type Einsum struct {
	// Equation is the equation as written ("bij,bjk->bik").
	Equation string
	// Operands are each operand's subscripts, Output the result's, with
	// an implicit output made explicit ("ij,jk" → output "ik").
	Operands []string
	Output   string
	// Sizes are the letters' sizes, a size-1 dimension broadcast to the
	// other operands' size.
	Sizes map[byte]int64
}

func (*Einsum) layer() {}
