package memory

import (
	"errors"

	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

// NodeMem is one node's activation figures.
type NodeMem struct {
	Node int    `json:"node"`
	Name string `json:"name"`
	// OutputBytes is the size of the node's outputs at the dtype.
	OutputBytes int64 `json:"output_bytes"`
	// View is true when the outputs alias the input (no new storage).
	View bool `json:"view,omitempty"`
	// LiveBytes is the live set while this node runs (its inputs and
	// outputs included).
	LiveBytes int64 `json:"live_bytes"`
}

// Inference holds the activation figures of a forward pass, four ways
// (the input, the simple sum, the peak live set, torchinfo's figure), and
// each node's. Estimate stacks the peak with the weights into a total.
type Inference struct {
	DType string `json:"dtype"`
	// Input is the model inputs.
	Input Term `json:"input"`
	// OutputsSum is the simple sum of every node's outputs (views and
	// in-place results included): an upper bound on what a forward pass
	// could keep.
	OutputsSum Term `json:"outputs_sum"`
	// Peak is the peak live set of activations (inputs included), walking
	// the graph in order; see the package comment for the rule.
	Peak Term `json:"peak"`
	// PeakNode is the index in Nodes where the peak occurs (-1 if none).
	PeakNode int `json:"peak_node"`
	// Torchinfo is torchinfo 1.8.0's "Forward/backward pass size (MB)"
	// figure: Σ output bytes of leaf module calls that have parameters,
	// × 2, always in fp32 (4 bytes per element), whatever the dtype.
	Torchinfo Term      `json:"torchinfo_forward_backward"`
	Nodes     []NodeMem `json:"nodes"`
}

// InferenceMemory computes the activation figures of a forward pass of g
// at dt.
func InferenceMemory(g *graph.Graph, dt units.DType) (*Inference, error) {
	if g == nil {
		return nil, errNilGraph
	}
	r := &Inference{DType: dt.Name, PeakNode: -1}
	in, err := sumTensors(g.Inputs, dt)
	if err != nil {
		return nil, err
	}
	var inCount int64
	for _, t := range g.Inputs {
		c, _ := numel(t.Shape)
		inCount += c // cannot overflow: sumTensors succeeded on the same shapes
	}
	r.Input = NewTerm(Input, "input", in, msg.F("%s input elements = %s B", units.Thousands(inCount), units.Thousands(in)))

	var sum, tiElems int64
	r.Nodes = make([]NodeMem, 0, len(g.Nodes))
	for _, n := range g.Nodes {
		if n == nil {
			continue
		}
		ob, err := sumTensors(n.Outputs, dt)
		if err != nil {
			return nil, errors.New(n.Name + ": " + err.Error())
		}
		if sum, err = units.Add(sum, ob); err != nil {
			return nil, err
		}
		r.Nodes = append(r.Nodes, NodeMem{Node: n.ID, Name: n.Name, OutputBytes: ob, View: IsView(n)})
		if torchinfoLeafWithParams(g, n) {
			for _, t := range n.Outputs {
				c, err := numel(t.Shape)
				if err != nil {
					return nil, err
				}
				if tiElems, err = units.Add(tiElems, c); err != nil {
					return nil, err
				}
			}
		}
	}
	r.OutputsSum = NewTerm(OutputsSum, "activations (sum of all outputs)", sum,
		msg.F("Σ outputs of %d nodes = %s B", len(r.Nodes), units.Thousands(sum)))

	fp32, _ := units.Lookup("fp32")
	tb, err := units.Bytes(tiElems, fp32)
	if err == nil {
		tb, err = units.Mul(tb, 2)
	}
	if err != nil {
		return nil, err
	}
	r.Torchinfo = NewTerm(Torchinfo, "torchinfo forward/backward pass size", tb,
		msg.F("%s output elements of leaf layers with params × 4 B × 2 = %s B", units.Thousands(tiElems), units.Thousands(tb)))

	peak, at, err := peakLive(g, dt, r.Nodes)
	if err != nil {
		return nil, err
	}
	r.PeakNode = at
	pf := msg.F("max over nodes of live tensors = %s B", units.Thousands(peak))
	if at >= 0 && at < len(r.Nodes) {
		pf = msg.F("max over nodes of live tensors (at %s) = %s B", r.Nodes[at].Name, units.Thousands(peak))
	}
	r.Peak = NewTerm(Peak, "activations (peak live set)", peak, pf)
	return r, nil
}

// torchinfoLeafWithParams mirrors torchinfo 1.8.0's forward/backward sum:
// a call of a leaf module whose module holds parameters (every call of it
// counts: torchinfo keeps one row per call).
func torchinfoLeafWithParams(g *graph.Graph, n *graph.Node) bool {
	if n.Call != graph.CallModule || n.Module < 0 || n.Module >= len(g.Modules) {
		return false
	}
	m := g.Modules[n.Module]
	if m == nil || !m.Leaf {
		return false
	}
	for _, p := range m.Params {
		if !p.Buffer {
			return true
		}
	}
	return false
}

// peakLive walks the nodes (see the package comment) and returns the peak
// live bytes and the index in mem where it occurs. It fills mem[i].LiveBytes.
func peakLive(g *graph.Graph, dt units.DType, mem []NodeMem) (int64, int, error) {
	nodes := make([]*graph.Node, 0, len(g.Nodes))
	for _, n := range g.Nodes {
		if n != nil {
			nodes = append(nodes, n)
		}
	}
	pos := make(map[int]int, len(nodes)) // node ID → index
	for i, n := range nodes {
		pos[n.ID] = i
	}
	const forever = int(^uint(0) >> 1)
	// root maps a producer (node index) to the index that owns the storage
	// (itself, or the node a view aliases). -1 = a model input.
	root := make([]int, len(nodes))
	ownerOf := func(t graph.Tensor) (int, bool) {
		if t.Producer < 0 {
			return -1, false
		}
		i, ok := pos[t.Producer]
		if !ok {
			return -1, false
		}
		return root[i], true
	}
	for i, n := range nodes {
		root[i] = i
		if mem[i].View && len(n.Inputs) > 0 {
			if o, ok := ownerOf(n.Inputs[0]); ok {
				root[i] = o
			} else {
				root[i] = -1 // a view of a model input: the input's storage
			}
		}
	}
	last := make([]int, len(nodes))
	for i := range last {
		last[i] = i
	}
	for i, n := range nodes {
		for _, t := range n.Inputs {
			if o, ok := ownerOf(t); ok && o >= 0 && i > last[o] {
				last[o] = i
			}
		}
	}
	for _, t := range g.Outputs {
		if o, ok := ownerOf(t); ok && o >= 0 {
			last[o] = forever
		}
	}
	// Model inputs are live throughout.
	live, err := sumTensors(g.Inputs, dt)
	if err != nil {
		return 0, -1, err
	}
	// Free lists by index.
	frees := make(map[int][]int)
	for i := range nodes {
		if root[i] == i && last[i] != forever {
			frees[last[i]] = append(frees[last[i]], i)
		}
	}
	peak, at := live, -1
	for i := range nodes {
		if root[i] == i {
			if live, err = units.Add(live, mem[i].OutputBytes); err != nil {
				return 0, -1, err
			}
		}
		mem[i].LiveBytes = live
		if live > peak {
			peak, at = live, i
		}
		for _, j := range frees[i] {
			live -= mem[j].OutputBytes
		}
	}
	return peak, at, nil
}
