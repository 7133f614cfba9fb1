package onnx

import (
	"fmt"
	"math/bits"
	"strings"

	"floplab/core/graph"
	"floplab/core/internal/lazy"
	"floplab/core/msg"
	"floplab/core/units"
)

// NodeCount is one inferred node's counts.
type NodeCount struct {
	Node    *Node
	In, Out []*Value
	// Ops are FlopLab's own counts (MACs, adds, multiplies, compares,
	// transcendental ops), as the model language counts the same layer.
	Ops graph.Ops
	// MACsFormula and OpsFormula explain Ops with the numbers put in.
	MACsFormula, OpsFormula string
	// OnnxTool is onnx-tool's MACs for the node (its profile method);
	// OnnxToolHidden marks the ops onnx-tool leaves out of its table.
	OnnxTool       int64
	OnnxToolRule   string
	OnnxToolHidden bool
	// Params and Buffers are the initializers this node is the first to
	// use as weights (Params) or as running statistics (Buffers).
	Params, Buffers []*Tensor
}

// Counted is a model's counts.
type Counted struct {
	*Inferred
	Nodes []NodeCount
	// Params and Buffers are the elements of the initializers used as
	// weights and as BatchNormalization running statistics; each tensor
	// counts once however many nodes read it.
	Params, Buffers int64
	// ParamBytes and BufferBytes are their sizes by their own data types
	// (int4 packed two to a byte).
	ParamBytes, BufferBytes int64
	// ParamTypes counts parameter elements by data type ("float32").
	ParamTypes map[string]int64
	// Unused counts the elements of initializers no inferred node reads.
	Unused int64
}

// shapeInputs are the inputs of ops that are shapes, axes, indices or
// scalars rather than weights: an initializer there is neither a
// parameter nor a buffer.
var shapeInputs = lazy.Value[map[string][]int]{Build: func() map[string][]int {
	return map[string][]int{
		"Reshape": {1}, "Slice": {1, 2, 3, 4}, "Squeeze": {1}, "Unsqueeze": {1}, "Expand": {1}, "Tile": {1},
		"ConstantOfShape": {0}, "Range": {0, 1, 2}, "Resize": {1, 2, 3}, "Upsample": {1}, "Pad": {1, 2, 3},
		"Split": {1}, "ReduceMean": {1}, "ReduceSum": {1}, "ReduceMax": {1}, "ReduceMin": {1}, "ReduceProd": {1},
		"ReduceL1": {1}, "ReduceL2": {1}, "ReduceSumSquare": {1}, "ReduceLogSumExp": {1}, "Clip": {1, 2},
		"Gather": {1}, "LSTM": {4}, "GRU": {4}, "RNN": {4},
	}
}}

// onnxToolHidden are the ops onnx-tool's model_profile leaves out of its
// table (its NoMacsOps).
var onnxToolHidden = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"Identity": true, "Constant": true, "Shape": true, "Squeeze": true,
		"Unsqueeze": true, "Reshape": true, "ConstantOfShape": true, "Cast": true, "Pad": true, "Concat": true,
		"Slice": true, "Gather": true}
}}

// Count counts an inferred model.
func Count(r *Inferred) (*Counted, error) {
	c := &Counted{Inferred: r, ParamTypes: map[string]int64{}}
	seen := map[*Tensor]bool{}
	for _, n := range r.Order {
		nc := NodeCount{Node: n, In: r.In[n.Index], Out: r.Out[n.Index]}
		if err := countNode(&nc); err != nil {
			// The count stops here, as inference does at a node it
			// cannot infer: what came before is exact.
			reason := msg.Cat(err.Error())
			if f, ok := err.(*failure); ok {
				reason = f.text
			}
			r.Stop = &Stop{Node: nodeLabel(n), OpType: n.OpType, Reason: reason}
			break
		}
		skip := map[int]bool{}
		for _, i := range shapeInputs.Get()[n.OpType] {
			skip[i] = true
		}
		for i, v := range nc.In {
			if v == nil || v.Init == nil || seen[v.Init] || skip[i] {
				continue
			}
			t := v.Init
			if !t.DataType.IsFloat() {
				continue // integer initializers are shapes, indices, masks
			}
			seen[t] = true
			elems, _ := numel(t.Dims)
			bytes := (elems*t.DataType.Bits() + 7) / 8
			if n.OpType == "BatchNormalization" && (i == 3 || i == 4) {
				nc.Buffers = append(nc.Buffers, t)
				c.Buffers += elems
				c.BufferBytes += bytes
			} else {
				nc.Params = append(nc.Params, t)
				c.Params += elems
				c.ParamBytes += bytes
				c.ParamTypes[t.DataType.String()] += elems
			}
		}
		c.Nodes = append(c.Nodes, nc)
	}
	for _, t := range r.Model.Graph.Initializers {
		if !seen[t] {
			n, _ := numel(t.Dims)
			c.Unused += n
		}
	}
	return c, nil
}

// acc multiplies and adds exactly, keeping the first overflow.
type acc struct{ err error }

func (a *acc) mul(xs ...int64) int64 {
	p := int64(1)
	for _, x := range xs {
		hi, lo := bits.Mul64(uint64(p), uint64(x))
		if x < 0 || hi != 0 || lo > 1<<62 {
			if a.err == nil {
				a.err = fail("a count overflows (more than 2^62 operations)")
			}
			return 0
		}
		p = int64(lo)
	}
	return p
}

func (a *acc) add(xs ...int64) int64 {
	s := int64(0)
	for _, x := range xs {
		s += x
		if s > 1<<62 || s < 0 {
			if a.err == nil {
				a.err = fail("a count overflows (more than 2^62 operations)")
			}
			return 0
		}
	}
	return s
}

// ewCost is FlopLab's per-element cost of an elementwise op, as the
// model language counts the same PyTorch function.
type ewCost struct{ add, mul, cmp, exp int64 }

var elementwise = lazy.Value[map[string]ewCost]{Build: func() map[string]ewCost {
	return map[string]ewCost{
		"Add": {add: 1}, "Sub": {add: 1}, "Mul": {mul: 1}, "Div": {mul: 1}, "Mod": {mul: 1}, "Pow": {exp: 1},
		"Relu": {cmp: 1}, "LeakyRelu": {cmp: 1, mul: 1}, "PRelu": {cmp: 1, mul: 1}, "Elu": {cmp: 1, exp: 1, mul: 1, add: 1},
		"Celu": {cmp: 1, exp: 1, mul: 2, add: 1}, "Selu": {cmp: 1, exp: 1, mul: 2, add: 1}, "Gelu": {exp: 1, mul: 3, add: 1},
		"Mish": {exp: 3, add: 1, mul: 1}, "Sigmoid": {exp: 1, add: 1, mul: 1}, "Tanh": {exp: 1},
		"HardSwish": {add: 1, cmp: 2, mul: 2}, "HardSigmoid": {add: 1, cmp: 2, mul: 1}, "Softplus": {exp: 2, add: 1, mul: 2},
		"Softsign": {add: 1, mul: 1}, "Exp": {exp: 1}, "Log": {exp: 1}, "Sqrt": {exp: 1}, "Erf": {exp: 1},
		"Sin": {exp: 1}, "Cos": {exp: 1}, "Abs": {cmp: 1}, "Neg": {mul: 1}, "Reciprocal": {mul: 1},
		"Clip": {cmp: 2}, "Sign": {cmp: 1}, "Floor": {cmp: 1}, "Ceil": {cmp: 1}, "Round": {cmp: 1},
		"ThresholdedRelu": {cmp: 1}, "Equal": {cmp: 1}, "Less": {cmp: 1}, "Greater": {cmp: 1},
		"LessOrEqual": {cmp: 1}, "GreaterOrEqual": {cmp: 1}, "And": {cmp: 1}, "Or": {cmp: 1}, "Xor": {cmp: 1},
		"Not": {cmp: 1}, "Where": {cmp: 1}, "IsNaN": {cmp: 1}, "IsInf": {cmp: 1},
	}
}}

func (nc *NodeCount) in(i int) *Value {
	if i < len(nc.In) {
		return nc.In[i]
	}
	return nil
}

func (nc *NodeCount) out0() *Value { return nc.Out[0] }

func num(n int64) string { return units.Thousands(n) }

// countNode fills nc's FlopLab ops and onnx-tool MACs.
func countNode(nc *NodeCount) error {
	var a acc
	n := nc.Node
	op := n.OpType
	out := nc.out0()
	outN := out.Numel()
	x := nc.in(0)
	o := &nc.Ops
	setEW := func(c ewCost, elems int64) {
		o.Add, o.Mul, o.Cmp, o.Exp = a.mul(elems, c.add), a.mul(elems, c.mul), a.mul(elems, c.cmp), a.mul(elems, c.exp)
		nc.OpsFormula = ewFormula(elems, c)
	}
	switch op {
	case "Conv", "ConvTranspose":
		w := nc.in(1)
		g := n.attrI("group", 1)
		k := prod(w.Shape[2:])
		if op == "Conv" {
			cin := w.Shape[1]
			o.MACs = a.mul(outN, cin, k)
			nc.MACsFormula = fmt.Sprintf("%s out · %d·%s/%d = %s MACs", num(outN), cin*g, kernelText(w.Shape[2:]), g, num(o.MACs))
		} else {
			cout := w.Shape[1]
			inN := x.Numel()
			o.MACs = a.mul(inN, cout, k)
			nc.MACsFormula = fmt.Sprintf("%s in · %d·%s/%d = %s MACs (per input element)", num(inN), cout*g, kernelText(w.Shape[2:]), g, num(o.MACs))
		}
		if nc.in(2) != nil {
			o.Add = outN
			nc.OpsFormula = fmt.Sprintf("%s bias adds", num(outN))
		}
		// onnx-tool: output elements × the weight's dims after the first
		// (for ConvTranspose, Cout/group × kernel per output element),
		// plus one add per output element when a bias input exists.
		nc.OnnxTool = a.mul(outN, prod(w.Shape[1:]))
		nc.OnnxToolRule = fmt.Sprintf("%s out · %s", num(outN), dimsText(w.Shape[1:]))
		if len(n.Inputs) > 2 {
			nc.OnnxTool = a.add(nc.OnnxTool, outN)
			nc.OnnxToolRule += " + " + num(outN) + " bias"
		}
	case "Gemm":
		b := nc.in(1)
		kdim := b.Shape[0]
		if n.attrI("transB", 0) != 0 {
			kdim = b.Shape[1]
		}
		o.MACs = a.mul(outN, kdim)
		nc.MACsFormula = fmt.Sprintf("%s out · %d = %s MACs", num(outN), kdim, num(o.MACs))
		if nc.in(2) != nil {
			o.Add = outN
			nc.OpsFormula = fmt.Sprintf("%s bias adds", num(outN))
		}
		nc.OnnxTool = o.MACs
		nc.OnnxToolRule = nc.MACsFormula
		if len(n.Inputs) == 3 {
			nc.OnnxTool = a.add(nc.OnnxTool, outN)
			nc.OnnxToolRule += " + " + num(outN) + " bias"
		}
	case "MatMul":
		_, kdim, _ := matmulShape(x.Shape, nc.in(1).Shape)
		o.MACs = a.mul(outN, kdim)
		nc.MACsFormula = fmt.Sprintf("%s out · %d = %s MACs", num(outN), kdim, num(o.MACs))
		// onnx-tool multiplies by the second input's second-last dim, or
		// by nothing when it is 1-D.
		ws := nc.in(1).Shape
		nc.OnnxTool = outN
		if len(ws) > 1 {
			nc.OnnxTool = a.mul(outN, ws[len(ws)-2])
		}
	case "Einsum":
		var shapes [][]int64
		for _, v := range nc.In {
			shapes = append(shapes, v.Shape)
		}
		e, err := parseEinsum(n.attrS("equation", ""), shapes)
		if err != nil {
			return err
		}
		if len(shapes) > 2 {
			return fail("an Einsum of %d operands is not counted (FlopLab counts one or two)", len(shapes))
		}
		all := int64(1)
		for _, d := range e.size {
			all = a.mul(all, d)
		}
		if len(shapes) == 2 {
			o.MACs = all
			nc.MACsFormula = fmt.Sprintf("%s (every index of %s) = %s MACs", num(all), n.attrS("equation", ""), num(all))
		} else if red := all - outN; red > 0 {
			o.Add = red
			nc.OpsFormula = fmt.Sprintf("%s in − %s out = %s adds", num(all), num(outN), num(red))
		}
		if len(shapes) == 2 {
			nc.OnnxTool = all // onnx-tool reads two operands only
		}
	case "Max", "Min", "Sum", "Mean":
		k := int64(len(nc.In) - 1)
		c := ewCost{cmp: k}
		if op == "Sum" {
			c = ewCost{add: k}
		} else if op == "Mean" {
			c = ewCost{add: k, mul: 1}
		}
		setEW(c, outN)
		nc.OnnxTool = a.mul(outN, max(1, k))
		if op == "Mean" {
			nc.OnnxTool = 0
		}
	case "Softmax", "LogSoftmax":
		o.Cmp, o.Add, o.Exp, o.Mul = outN, a.mul(2, outN), outN, outN
		nc.OpsFormula = fmt.Sprintf("%s elements: max (cmp), subtract and sum (2 adds), exp, divide", num(outN))
		nc.OnnxTool = a.mul(outN, 36)
		if op == "LogSoftmax" {
			nc.OnnxTool = a.mul(outN, 32+4+1+43)
		}
	case "BatchNormalization":
		o.Mul, o.Add = outN, outN
		nc.OpsFormula = fmt.Sprintf("%s elements · (x·scale + shift): %s mul + %s add", num(outN), num(outN), num(outN))
		nc.OnnxTool = a.mul(outN, 1+24+4+1+1)
	case "LayerNormalization", "InstanceNormalization", "GroupNormalization":
		rows := int64(1)
		switch op {
		case "LayerNormalization":
			ax, _ := axis(n.attrI("axis", -1), len(x.Shape))
			rows = prod(x.Shape[:ax])
		case "InstanceNormalization":
			rows = prod(x.Shape[:2])
		default:
			rows = a.mul(x.Shape[0], n.attrI("num_groups", 1))
		}
		nn := x.Numel()
		o.Add = a.add(a.mul(3, nn), rows)
		o.Mul = a.add(a.mul(2, nn), a.mul(2, rows))
		o.Exp = rows
		if nc.in(1) != nil {
			o.Mul = a.add(o.Mul, nn)
		}
		if nc.in(2) != nil {
			o.Add = a.add(o.Add, nn)
		}
		nc.OpsFormula = fmt.Sprintf("%s elements in %s rows: mean, variance, normalize (3 adds, 2 mul per element; 1 add, 2 mul, 1 sqrt per row) + scale and shift", num(nn), num(rows))
		switch op {
		case "LayerNormalization":
			// onnx-tool sets only the axis's dim to 1 for its per-row term.
			ax, _ := axis(n.attrI("axis", -1), len(x.Shape))
			nc.OnnxTool = a.add(a.mul(nn, 3+4), a.mul(nn/max(1, x.Shape[ax]), 1+24+4))
		case "InstanceNormalization":
			nc.OnnxTool = a.mul(outN, 1+1+1+4, max(1, int64(len(n.Inputs)-1)))
		default:
			nc.OnnxToolRule = "onnx-tool has no profile for GroupNormalization: 0"
		}
	case "MaxPool", "AveragePool", "LpPool":
		ws, err := windowSum(nc)
		if err != nil {
			return err
		}
		if op == "MaxPool" {
			o.Cmp = ws - outN
			nc.OpsFormula = fmt.Sprintf("Σ windows %s − %s out = %s compares", num(ws), num(outN), num(o.Cmp))
		} else {
			o.Add, o.Mul = ws-outN, outN
			nc.OpsFormula = fmt.Sprintf("Σ windows %s − %s out = %s adds, %s divides", num(ws), num(outN), num(o.Add), num(outN))
		}
		ks := kernelAttr(n)
		nc.OnnxTool = a.mul(outN, ks[0])
		if len(ks) == 2 {
			nc.OnnxTool = a.mul(nc.OnnxTool, ks[1])
		}
	case "GlobalAveragePool", "GlobalMaxPool", "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ArgMax", "ArgMin":
		inN := x.Numel()
		red := inN - outN
		switch op {
		case "GlobalAveragePool", "ReduceMean":
			o.Add, o.Mul = red, outN
		case "ReduceSum":
			o.Add = red
		case "ReduceProd":
			o.Mul = red
		default:
			o.Cmp = red
		}
		nc.OpsFormula = fmt.Sprintf("%s in − %s out = %s reductions", num(inN), num(outN), num(red))
		switch op {
		case "GlobalAveragePool":
			nc.OnnxTool = a.add(inN, a.mul(4, outN))
		case "ReduceMean", "ReduceSum", "ReduceProd", "ReduceMin", "ReduceMax":
			nc.OnnxTool = inN
		}
	case "Resize", "Upsample":
		mode := strings.ToLower(n.attrS("mode", ""))
		if mode == "" {
			mode = "nearest"
		}
		axes := int64(0)
		for i := range x.Shape {
			if x.Shape[i] != out.Shape[i] {
				axes++
			}
		}
		switch mode {
		case "linear", "bilinear":
			taps := int64(1)<<axes - 1
			o.Add, o.Mul = a.mul(outN, 2*taps), a.mul(outN, taps)
			nc.OpsFormula = fmt.Sprintf("%s out · %d lerps (2 adds, 1 mul each)", num(outN), taps)
			nc.OnnxTool = a.mul(outN, 4)
		case "cubic":
			taps := int64(15)
			o.Add, o.Mul = a.mul(outN, 2*taps), a.mul(outN, taps)
			nc.OpsFormula = fmt.Sprintf("%s out · %d lerps (2 adds, 1 mul each)", num(outN), taps)
			nc.OnnxTool = a.mul(outN, 8)
		}
	case "LSTM", "GRU", "RNN":
		w, r := nc.in(1), nc.in(2)
		G := gates(op)
		dirs, H, I := w.Shape[0], w.Shape[1]/G, w.Shape[2]
		seq, batch := x.Shape[0], x.Shape[1]
		if n.attrI("layout", 0) != 0 {
			seq, batch = batch, seq
		}
		steps := a.mul(seq, batch, dirs)
		o.MACs = a.mul(steps, G, H, I+H)
		step := graph.Ops{Add: G * H}
		if nc.in(3) != nil {
			step.Add += 2 * G * H
		}
		switch op {
		case "RNN":
			step.Exp = H
		case "LSTM":
			step.Exp = 5 * H
			step.Add += 4 * H
			step.Mul = 6 * H
		case "GRU":
			step.Exp = 3 * H
			step.Add += 4 * H
			step.Mul = 4 * H
		}
		o.Add, o.Mul, o.Exp = a.mul(steps, step.Add), a.mul(steps, step.Mul), a.mul(steps, step.Exp)
		nc.MACsFormula = fmt.Sprintf("%s steps (seq·batch·directions) · %d gates · %d hidden · (%d in + %d hidden) = %s MACs", num(steps), G, H, I, H, num(o.MACs))
		// onnx-tool reads X as seq × batch whatever the layout.
		ht := a.mul(x.Shape[0], x.Shape[1], H)
		var bias int64
		if b := nc.in(3); b != nil {
			bias = a.mul(b.Numel(), x.Shape[0], x.Shape[1])
		}
		gemm := a.mul(a.add(w.Numel(), r.Numel()), x.Shape[0], x.Shape[1])
		switch op {
		case "LSTM":
			nc.OnnxTool = a.add(gemm, bias, a.mul(ht, 4), a.mul(ht, 3*32), a.mul(ht, 2*38), a.mul(ht, 4))
		case "GRU":
			nc.OnnxTool = a.add(gemm, bias, a.mul(ht, 3), a.mul(ht, 2*32), a.mul(ht, 38), a.mul(ht, 5))
		default:
			nc.OnnxToolRule = "onnx-tool has no profile for RNN: 0"
		}
	default:
		if c, ok := elementwise.Get()[op]; ok {
			setEW(c, outN)
			nc.OnnxTool = onnxToolElementwise(op, outN, len(n.Inputs), &a)
		}
	}
	nc.OnnxToolHidden = onnxToolHidden.Get()[op]
	if a.err != nil {
		return a.err
	}
	return nil
}

// onnxToolElementwise is onnx-tool's figure for an elementwise op: its
// per-element cost (MUL/ADD/CMP 1, DIV 4, EXP 32, SQRT 24, tanh 38,
// LOG 43) × output elements, with its ratio max(1, inputs − 1) for the
// ops derived from its PWNode/NpMathBase.
func onnxToolElementwise(op string, outN int64, inputs int, a *acc) int64 {
	ratio := int64(max(1, inputs-1))
	cost := map[string]int64{
		"Add": 1, "Sub": 1, "Mul": 1, "Div": 4, "Mod": 1, "Min": 1, "Max": 1, "Neg": 1, "Abs": 1,
		"Relu": 1, "Sqrt": 24, "HardSigmoid": 4, "HardSwish": 5, "LeakyRelu": 2, "Sign": 1,
		"Sin": 39, "Cos": 39, "Reciprocal": 4,
	}
	fixed := map[string]int64{
		"Exp": 32, "Sigmoid": 32, "Log": 43, "Softplus": 76, "Elu": 35, "PRelu": 2, "Clip": 2,
		"Pow": 32, "Equal": 1, "Less": 1, "Greater": 1, "LessOrEqual": 1, "GreaterOrEqual": 1,
		"Round": 1, "Not": 1, "And": 1, "Or": 1, "Xor": 1,
	}
	switch {
	case op == "Tanh":
		return a.mul(outN, 2, 38)
	case fixed[op] > 0:
		return a.mul(outN, fixed[op])
	case cost[op] > 0:
		return a.mul(outN, ratio, cost[op])
	}
	return 0
}

func kernelAttr(n *Node) []int64 {
	if k, ok := n.attrInts("kernel_shape"); ok {
		return k
	}
	return []int64{3, 3}
}

// kernelText is a kernel's sizes as a product, "3·3".
func kernelText(k []int64) string { return joinInts(k, "·") }

func ewFormula(n int64, c ewCost) string {
	var parts []string
	for _, p := range []struct {
		k    int64
		name string
	}{{c.add, "add"}, {c.mul, "mul"}, {c.cmp, "cmp"}, {c.exp, "exp"}} {
		if p.k > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.k, p.name))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("%s elements · (%s)", num(n), strings.Join(parts, " + "))
}

// windowSum is Σ over a pool's outputs of its window's taps inside the
// input (or the padded input, for an average that counts padding).
func windowSum(nc *NodeCount) (int64, error) {
	x := nc.in(0)
	n := len(x.Shape) - 2
	c := &opCtx{n: nc.Node}
	s, err := c.spatialAttrs(n, nil)
	if err != nil {
		return 0, err
	}
	includePad := nc.Node.OpType == "AveragePool" && nc.Node.attrI("count_include_pad", 0) != 0
	var a acc
	total := prod(x.Shape[:2])
	out := nc.out0().Shape
	for i := 0; i < n; i++ {
		o, in := out[2+i], x.Shape[2+i]
		if o > 1<<22 {
			return 0, fail("a pooling axis of %d outputs is too long to count window by window", o)
		}
		p := s.pads[i]
		if s.autoPad == "SAME_UPPER" || s.autoPad == "SAME_LOWER" {
			k := (s.kernel[i]-1)*s.dilations[i] + 1
			tot := max(0, (o-1)*s.strides[i]+k-in)
			p = tot / 2
			if s.autoPad == "SAME_LOWER" {
				p = tot - tot/2
			}
		}
		lo, hi := int64(0), in
		if includePad {
			lo, hi = -p, in+s.pads[i+n]
		}
		var sum int64
		for j := int64(0); j < o; j++ {
			start := j*s.strides[i] - p
			for t := int64(0); t < s.kernel[i]; t++ {
				if q := start + t*s.dilations[i]; q >= lo && q < hi {
					sum++
				}
			}
		}
		total = a.mul(total, sum)
	}
	return total, a.err
}

// Text renders a formula string for the core's formula fields.
func text(s string) msg.Text {
	if s == "" {
		return msg.Text{}
	}
	return msg.Cat(s)
}

// WeightsDType is the dtype (FlopLab's name: "fp32", "fp16", "bf16",
// "fp8", "int8", "int4", "fp64") most of the parameters are stored in,
// "" when there are none or the type has no FlopLab name.
func (c *Counted) WeightsDType() string {
	best, most := "", int64(0)
	for t, n := range c.ParamTypes {
		if n > most || n == most && t < best {
			best, most = t, n
		}
	}
	switch best {
	case "float32":
		return "fp32"
	case "float16":
		return "fp16"
	case "bfloat16":
		return "bf16"
	case "float64":
		return "fp64"
	case "int8", "uint8":
		return "int8"
	case "int4", "uint4":
		return "int4"
	case "float8e4m3fn", "float8e4m3fnuz", "float8e5m2", "float8e5m2fnuz":
		return "fp8"
	}
	return ""
}
