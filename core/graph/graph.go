// Package graph holds the traced model: one Node per module call or
// functional/tensor call, each with its shapes, parameters and exact
// operation counts, and the quantities that counting conventions read.
//
// The graph is produced by the model language (package lang) and read by
// conventions, memory estimates, exporters and the web page. It is plain
// data: no behaviour beyond small helpers.
package graph

// Call says how a node was reached while tracing, which decides what the
// hook-based tools (thop, ptflops' pytorch backend, torchinfo) can see.
type Call string

const (
	// CallModule is a call of an nn.Module instance, e.g. self.conv1(x).
	CallModule Call = "module"
	// CallFunction is a functional or tensor call: F.relu(x), torch.cat,
	// x.view(...), x + y, q @ k.
	CallFunction Call = "function"
)

// Shape is a tensor shape; every dimension is a non-negative exact integer.
type Shape []int64

// Tensor describes one tensor value flowing through the graph.
type Tensor struct {
	Shape Shape  `json:"shape"`
	DType string `json:"dtype"` // "float" or "long" (token ids)
	// Producer is the ID of the node that made this tensor, or -1 for a
	// model input.
	Producer int `json:"producer"`
	// Input is the index of the model input when Producer is -1.
	Input int `json:"input,omitempty"`
}

// ParamTensor is one named parameter or buffer of a module, e.g. "weight".
type ParamTensor struct {
	Name      string `json:"name"`
	Shape     Shape  `json:"shape"`
	Trainable bool   `json:"trainable"`
	Buffer    bool   `json:"buffer,omitempty"`
	// Tied marks a tensor shared with a module listed earlier
	// (lm_head.weight = wte.weight); counts skip it, as PyTorch's
	// parameters() yields a shared tensor once.
	Tied bool `json:"tied,omitempty"`
}

// Ops are FlopLab's own exact operation counts for one node. A MAC is one
// fused multiply-add; the other fields count single operations by kind.
// FLOPs are 2·MACs + Add + Mul + Cmp + Exp.
type Ops struct {
	MACs int64 `json:"macs"`
	Add  int64 `json:"add"` // additions and subtractions (bias, residuals, norms)
	Mul  int64 `json:"mul"` // multiplications and divisions
	Cmp  int64 `json:"cmp"` // comparisons and selections (ReLU, max-pool)
	Exp  int64 `json:"exp"` // exp, log, sqrt, tanh, erf and other transcendental ops
}

// Quantity is a named exact integer a counting convention can use, with
// the formula that produced it, e.g. {"conv_w", 70276800,
// "55·55·64 out · 11·11·3/1"}.
type Quantity struct {
	Value   int64  `json:"value"`
	Formula string `json:"formula"`
}

// Node is one call recorded while tracing.
type Node struct {
	ID int `json:"id"`
	// Name is the dotted module path ("layer1.0.conv1") for module calls.
	// For function calls it is the path of the enclosing module, a colon
	// and the op, numbered within that scope ("layer1.0:add", "layer1.0:add_1").
	Name string `json:"name"`
	// Type is the module class ("Conv2d") or the function ("F.relu",
	// "torch.cat", "Tensor.view", "add", "matmul").
	Type string `json:"type"`
	Call Call   `json:"call"`
	// Module is the index in Graph.Modules of the module called, or -1.
	Module int `json:"module"`
	// CallIndex counts calls of the same module instance, from 0.
	CallIndex int `json:"call_index"`
	// Parent is the index in Graph.Modules of the module whose forward made
	// this call (-1 for the root's own scope).
	Parent int `json:"parent"`
	// Depth is the module nesting depth: 0 for children of the root.
	Depth int `json:"depth"`

	Inputs  []Tensor `json:"inputs"`
	Outputs []Tensor `json:"outputs"`

	// Params are the parameters and buffers this call owns. A module called
	// again owns them on its first call only, so sums over nodes count each
	// tensor once.
	Params []ParamTensor `json:"params,omitempty"`

	Ops Ops `json:"ops"`
	// Formulas explain Ops and Params: keys "params", "macs", "add", "mul",
	// "cmp", "exp", "shape".
	Formulas map[string]string `json:"formulas,omitempty"`
	// Q holds the named quantities conventions are written in (see package
	// convention).
	Q map[string]Quantity `json:"q,omitempty"`
	// Attrs are the module's constructor arguments as written, for display.
	Attrs string `json:"attrs,omitempty"`
	// Pos is "file:line:col" of the call in the model script.
	Pos string `json:"pos,omitempty"`
}

// Module is one nn.Module instance in the model tree.
type Module struct {
	Path   string `json:"path"` // "" for the root
	Type   string `json:"type"`
	Parent int    `json:"parent"` // -1 for the root
	// Leaf is true for modules without child modules.
	Leaf bool `json:"leaf"`
	// Params are the parameters and buffers held directly by this module
	// (not by its children).
	Params []ParamTensor `json:"params,omitempty"`
	Calls  int           `json:"calls"`
	Attrs  string        `json:"attrs,omitempty"`
	// Base is the library class a script-defined module subclasses
	// (Module("LayerNorm2d", base="LayerNorm")), for tools that match
	// rules through the class hierarchy.
	Base string `json:"base,omitempty"`
}

// Graph is a traced model.
type Graph struct {
	Name    string   `json:"name"`
	Inputs  []Tensor `json:"inputs"`
	Outputs []Tensor `json:"outputs"`
	Nodes   []*Node  `json:"nodes"`
	// Modules lists every module reachable from the root, in registration
	// order (as PyTorch's named_modules), the root first.
	Modules []*Module `json:"modules"`
}

// Numel is the number of elements of a shape. Callers that need overflow
// detection use the checked arithmetic of package lang; shapes in a Graph
// have already been checked.
func (s Shape) Numel() int64 {
	n := int64(1)
	for _, d := range s {
		n *= d
	}
	return n
}

// Count sums the elements of a list of parameter tensors, split into
// trainable parameters, frozen parameters and buffers.
func Count(ps []ParamTensor) (trainable, frozen, buffers int64) {
	for _, p := range ps {
		if p.Tied {
			continue
		}
		n := p.Shape.Numel()
		switch {
		case p.Buffer:
			buffers += n
		case p.Trainable:
			trainable += n
		default:
			frozen += n
		}
	}
	return
}
