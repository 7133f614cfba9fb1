package onnx

import (
	"fmt"
	"sort"
	"strings"

	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

// Graph builds FlopLab's graph from the counts: one node per ONNX node,
// named as the file names it, grouped into modules by the name's path
// ("/layer1/layer1.0/conv1/Conv" sits in module layer1/layer1.0/conv1),
// each initializer listed once, on the first node that uses it.
func (c *Counted) Graph(name string) *graph.Graph {
	g := &graph.Graph{Name: name}
	root := &graph.Module{Path: "", Type: name, Parent: -1}
	g.Modules = append(g.Modules, root)
	modIndex := map[string]int{"": 0}
	module := func(path []string) int {
		parent := 0
		for i := range path {
			p := strings.Join(path[:i+1], "/")
			if k, ok := modIndex[p]; ok {
				parent = k
				continue
			}
			g.Modules[parent].Leaf = false
			g.Modules = append(g.Modules, &graph.Module{Path: p, Type: "scope", Parent: parent, Leaf: true})
			modIndex[p] = len(g.Modules) - 1
			parent = len(g.Modules) - 1
		}
		return parent
	}
	producer := map[string]int{}
	tensor := func(v *Value) graph.Tensor {
		t := graph.Tensor{Shape: graph.Shape(v.Shape), DType: dtypeName(v.DType), Producer: -1}
		if p, ok := producer[v.Name]; ok {
			t.Producer = p
		}
		return t
	}
	for k, in := range c.Inputs {
		t := tensor(in)
		t.Input = k
		g.Inputs = append(g.Inputs, t)
	}
	for i := range c.Nodes {
		nc := &c.Nodes[i]
		n := nc.Node
		label := nodeLabel(n)
		path := scopePath(n.Name)
		parent := module(path)
		node := &graph.Node{ID: len(g.Nodes), Name: label, Type: n.OpType,
			Parent: parent, Depth: len(path), Ops: nc.Ops}
		if parent == 0 {
			node.Parent = -1
		}
		for _, v := range nc.In {
			if v != nil && v.Init == nil {
				node.Inputs = append(node.Inputs, tensor(v))
			}
		}
		for _, v := range nc.Out {
			if v != nil {
				node.Outputs = append(node.Outputs, tensor(v))
			}
		}
		for _, t := range nc.Params {
			node.Params = append(node.Params, graph.ParamTensor{Name: t.Name, Shape: graph.Shape(t.Dims), Trainable: true})
		}
		for _, t := range nc.Buffers {
			node.Params = append(node.Params, graph.ParamTensor{Name: t.Name, Shape: graph.Shape(t.Dims), Buffer: true})
		}
		// Each node is a module call, as a PyTorch layer is: its own
		// module holds its weights, and a tool's rules go by its op type.
		g.Modules[parent].Leaf = false
		g.Modules = append(g.Modules, &graph.Module{Path: label, Type: n.OpType, Parent: parent, Leaf: true,
			Params: node.Params, Calls: 1})
		node.Call, node.Module = graph.CallModule, len(g.Modules)-1
		setQuantities(node, nc)
		node.SetFormulas(graph.Formulas{Render: graph.FormulaFunc(func(_ *graph.Node, k graph.FormulaKey) msg.Text {
			switch k {
			case graph.FMACs:
				return text(nc.MACsFormula)
			case graph.FOps:
				return text(nc.OpsFormula)
			case graph.FParams:
				return text(paramsFormula(nc))
			}
			return msg.Text{}
		})})
		g.Nodes = append(g.Nodes, node)
		for _, o := range n.Outputs {
			producer[o] = node.ID
		}
	}
	for _, o := range c.Model.Graph.Outputs {
		if v, ok := c.Values[o.Name]; ok {
			g.Outputs = append(g.Outputs, tensor(v))
		}
	}
	return g
}

// setQuantities gives the node the quantities conventions read.
func setQuantities(node *graph.Node, nc *NodeCount) {
	if len(nc.In) > 0 && nc.In[0] != nil {
		node.SetQ(graph.QIn, nc.In[0].Numel())
	}
	node.SetQ(graph.QOut, nc.Out[0].Numel())
	switch nc.Node.OpType {
	case "Conv", "ConvTranspose":
		node.SetQ(graph.QConvW, nc.Ops.MACs)
		node.SetQ(graph.QBias, nc.Ops.Add)
	case "Gemm":
		node.SetQ(graph.QLinearW, nc.Ops.MACs)
		node.SetQ(graph.QBias, nc.Ops.Add)
	case "MatMul", "Einsum":
		node.SetQ(graph.QMM, nc.Ops.MACs)
	}
	node.Layer = &graph.ONNXOp{OpType: nc.Node.OpType, OnnxTool: nc.OnnxTool, OnnxToolRule: nc.OnnxToolRule, Hidden: nc.OnnxToolHidden}
}

func paramsFormula(nc *NodeCount) string {
	var parts []string
	var total int64
	for _, t := range nc.Params {
		n, _ := numel(t.Dims)
		total += n
		parts = append(parts, fmt.Sprintf("%s %s", t.Name, dimsText(t.Dims)))
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("%s = %s params", strings.Join(parts, " + "), units.Thousands(total))
}

// scopePath is the module path of an exported node's name: the name's
// "/"-separated parts but the last (the op), as torch.onnx.export and
// tf2onnx write them.
func scopePath(name string) []string {
	if !strings.HasPrefix(name, "/") {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(name, "/"), "/")
	if len(parts) < 2 {
		return nil
	}
	path := parts[:len(parts)-1]
	for _, p := range path {
		if p == "" {
			return nil
		}
	}
	return path
}

func dtypeName(t DataType) string {
	if t.IsFloat() || t == Undefined {
		return "float"
	}
	return "long"
}

// Notes are what a user comparing with PyTorch should know about the
// file: parameters changed by the export, the weights' data types, the
// initializers no node uses, and the dynamic axes chosen.
func (c *Counted) Notes() []msg.Text {
	notes := append([]msg.Text(nil), c.Inferred.Notes...)
	m := c.Model
	notes = append(notes, msg.F("ONNX file: IR version %d, opset %d, made by %s %s; %d nodes, %d initializers.",
		m.IRVersion, m.Opset(), orUnknown(m.Producer), m.ProducerVersion, len(m.Graph.Nodes), len(m.Graph.Initializers)))
	// BatchNormalization folded into convolutions at export: torch names
	// the new weight and bias onnx::Conv_N.
	var folded, foldedBias int64
	for _, nc := range c.Nodes {
		if nc.Node.OpType != "Conv" || len(nc.In) < 3 || nc.In[1] == nil || nc.In[2] == nil || nc.In[1].Init == nil || nc.In[2].Init == nil {
			continue
		}
		if strings.HasPrefix(nc.In[1].Init.Name, "onnx::Conv_") && strings.HasPrefix(nc.In[2].Init.Name, "onnx::Conv_") {
			folded++
			foldedBias += nc.In[2].Numel()
		}
	}
	if folded > 0 {
		notes = append(notes, msg.F("%d convolutions carry a BatchNormalization folded in at export (weights named onnx::Conv_*): where PyTorch's sum(p.numel()) counts the BatchNorm's γ and β (2·C), the file has one new convolution bias (C), so PyTorch counts %s more parameters; the running mean and variance are gone too.",
			folded, msg.Num(foldedBias)))
	}
	var transposed int
	for _, t := range m.Graph.Initializers {
		if strings.HasPrefix(t.Name, "onnx::MatMul_") {
			transposed++
		}
	}
	if transposed > 0 {
		notes = append(notes, msg.F("%d linear weights were transposed at export (initializers onnx::MatMul_*): the same elements as PyTorch's, in a new tensor; a weight tied to another (an embedding) becomes a second copy here.", transposed))
	}
	if c.Buffers > 0 {
		notes = append(notes, msg.F("Buffers: %s elements of BatchNormalization running mean and variance that could not be folded into a convolution.", msg.Num(c.Buffers)))
	}
	var types []string
	for t, n := range c.ParamTypes {
		types = append(types, fmt.Sprintf("%s %s", t, units.Thousands(n)))
	}
	sort.Strings(types)
	if len(types) > 0 {
		notes = append(notes, msg.F("Weights as stored in the file: %s bytes (%s elements by type).", msg.Num(c.ParamBytes+c.BufferBytes), strings.Join(types, ", ")))
	}
	if c.Unused > 0 {
		notes = append(notes, msg.F("%s elements of initializers that no counted node uses are not counted.", msg.Num(c.Unused)))
	}
	if c.Stop != nil {
		notes = append(notes, msg.Cat(msg.F("Counted up to node %s (%s), which FlopLab cannot infer: ", c.Stop.Node, c.Stop.OpType), c.Stop.Reason))
	}
	if len(c.Unknown) > 0 {
		notes = append(notes, msg.F("Ops FlopLab has no rule for: %s.", strings.Join(c.Unknown, ", ")))
	}
	return notes
}

func orUnknown(s string) string {
	if s == "" {
		return "an unknown producer"
	}
	return s
}
