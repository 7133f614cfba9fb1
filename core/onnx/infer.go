package onnx

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"floplab/core/diag"
	"floplab/core/msg"
)

// maxElements bounds one tensor's elements (about 10^15): beyond it a
// shape is refused, so counts stay far from int64's range.
const maxElements = 1 << 50

// Value is one tensor in the inferred graph: its shape and element type,
// and its values when they are known and small (shape vectors, axes,
// scalars), which is what constant folding computes.
type Value struct {
	Name  string
	Shape []int64
	DType DataType
	// Ints or Floats hold the values when known (Known).
	Ints   []int64
	Floats []float64
	Known  bool
	// Init is the initializer this value is (through Identity nodes
	// too), or nil.
	Init *Tensor
}

// Numel is the number of elements.
func (v *Value) Numel() int64 {
	n, _ := numel(v.Shape)
	return n
}

// InferOptions say what the graph's dynamic axes are.
type InferOptions struct {
	// Inputs are shapes for the graph's inputs in order (nil or shorter
	// keeps the declared shapes); a given shape must match the declared
	// one on its fixed axes.
	Inputs [][]int64
}

// Stop says where inference stopped and why.
type Stop struct {
	Node   string // the node's name
	OpType string
	Reason msg.Text
}

// Inferred is a model with every value's shape inferred, in
// topological order, up to Stop when a node could not be inferred.
type Inferred struct {
	Model  *Model
	Values map[string]*Value
	// Order lists the nodes inferred, in an order where every node
	// comes after the nodes it reads.
	Order []*Node
	// In and Out are each inferred node's input and output values (nil
	// for an absent optional input), by Node.Index.
	In, Out [][]*Value
	// Inputs are the graph's real inputs (not initializers) with the
	// shapes used.
	Inputs []*Value
	// Stop is set when a node could not be inferred: nodes from there on
	// are not counted.
	Stop *Stop
	// Unknown lists the op types in the graph FlopLab has no rule for.
	Unknown []string
	// Notes explain choices made (dynamic axes set to 1, ...).
	Notes []msg.Text
}

// Complete tells whether every node was inferred.
func (r *Inferred) Complete() bool { return r.Stop == nil }

// Infer infers every value's shape.
func Infer(m *Model, opt InferOptions) (*Inferred, error) {
	g := m.Graph
	r := &Inferred{Model: m, Values: map[string]*Value{}, In: make([][]*Value, len(g.Nodes)), Out: make([][]*Value, len(g.Nodes))}
	inits := map[string]*Tensor{}
	for _, t := range g.Initializers {
		inits[t.Name] = t
		v := &Value{Name: t.Name, Shape: t.Dims, DType: t.DataType, Init: t}
		if _, over := numel(t.Dims); over {
			return nil, diag.New(diag.Pos{File: "model.onnx"}, msg.F("initializer %q has %s elements, too many to count", t.Name, dimsText(t.Dims)), msg.Text{})
		}
		ints, floats, ok, err := t.Values(maxConstVals)
		if err != nil {
			return nil, err
		}
		if ok {
			v.Ints, v.Floats, v.Known = ints, floats, true
		}
		r.Values[t.Name] = v
	}
	k := 0
	for _, in := range g.Inputs {
		if _, ok := inits[in.Name]; ok {
			continue // an initializer listed as an input (IR < 4)
		}
		var user []int64
		if k < len(opt.Inputs) {
			user = opt.Inputs[k]
		}
		v, err := r.inputValue(in, k, user)
		if err != nil {
			return nil, err
		}
		k++
		r.Values[in.Name] = v
		r.Inputs = append(r.Inputs, v)
	}
	if len(opt.Inputs) > k {
		return nil, diag.New(diag.Pos{}, msg.F("%d input shapes given, but the model has %d inputs", len(opt.Inputs), k),
			msg.F("give one shape per model input, in order, separated by commas"))
	}
	order, err := topoOrder(g, r.Values)
	if err != nil {
		return nil, err
	}
	for _, n := range g.Nodes {
		if n.Domain != "" || ops()[n.OpType] == nil {
			name := n.OpType
			if n.Domain != "" {
				name = n.Domain + "." + n.OpType
			}
			if !slices.Contains(r.Unknown, name) {
				r.Unknown = append(r.Unknown, name)
			}
		}
	}
	sort.Strings(r.Unknown)
	for _, n := range order {
		in := make([]*Value, len(n.Inputs))
		for i, name := range n.Inputs {
			if name == "" {
				continue
			}
			in[i] = r.Values[name]
		}
		c := &opCtx{n: n, in: in, out: make([]*Value, len(n.Outputs)), opset: m.Opset()}
		if reason := c.run(); !reason.IsZero() {
			r.Stop = &Stop{Node: n.Name, OpType: n.OpType, Reason: reason}
			break
		}
		for i, name := range n.Outputs {
			v := c.out[i]
			if v == nil || name == "" {
				continue
			}
			if v.Known && int64(len(v.Ints)+len(v.Floats)) != v.Numel() {
				v.Ints, v.Floats, v.Known = nil, nil, false
			}
			v.Name = name
			r.Values[name] = v
		}
		r.In[n.Index], r.Out[n.Index] = in, c.out
		r.Order = append(r.Order, n)
	}
	return r, nil
}

// inputValue is graph input in's value: its declared shape with the
// dynamic axes set from user (or 1 for a batch axis).
func (r *Inferred) inputValue(in ValueInfo, k int, user []int64) (*Value, error) {
	v := &Value{Name: in.Name, DType: in.ElemType}
	if in.NotTensor {
		return nil, diag.New(diag.Pos{}, msg.F("input %q is not a tensor (a sequence, map or optional)", in.Name), msg.F("FlopLab counts models whose inputs are tensors"))
	}
	if user != nil {
		if in.HasShape && len(user) != len(in.Dims) {
			return nil, diag.New(diag.Pos{}, msg.F("input %q has %d dimensions (%s), the shape given has %d", in.Name, len(in.Dims), declText(in.Dims), len(user)),
				msg.F("give a shape with as many dimensions as the model's input"))
		}
		for i, d := range user {
			if i == 0 && in.HasShape && in.Dims[0].Known && in.Dims[0].Value != d {
				// The batch: exporters fix it at the traced example's; the
				// graph usually runs at any batch, and a shape that does
				// not (a Reshape with the batch written in) fails below.
				r.Notes = append(r.Notes, msg.F("Input %q: the file fixes axis 0 (the batch) at %s; counted at %s as asked. Runtimes reject a fixed axis changed: export with dynamic_axes to make it dynamic.", in.Name, msg.Num(in.Dims[0].Value), msg.Num(d)))
				continue
			}
			if in.HasShape && in.Dims[i].Known && in.Dims[i].Value != d {
				return nil, diag.New(diag.Pos{}, msg.F("input %q has %s on axis %d, fixed when it was exported; the shape given has %d", in.Name, msg.Num(in.Dims[i].Value), i, d),
					msg.F("only the dynamic axes (%s) can change; export with dynamic_axes to make others dynamic", declText(in.Dims)))
			}
		}
		v.Shape = slices.Clone(user)
	} else {
		if !in.HasShape {
			return nil, diag.New(diag.Pos{}, msg.F("input %q has no declared shape", in.Name), msg.F("give its shape, e.g. --input 1x3x224x224"))
		}
		for i, d := range in.Dims {
			switch {
			case d.Known:
				v.Shape = append(v.Shape, d.Value)
			case i == 0:
				v.Shape = append(v.Shape, 1)
				name := d.Param
				if name == "" {
					name = "?"
				}
				r.Notes = append(r.Notes, msg.F("Input %q: dynamic axis 0 (%s) set to 1 (the batch); give --input or the input field to change it.", in.Name, name))
			default:
				return nil, diag.New(diag.Pos{}, msg.F("input %q has a dynamic axis %d (%s) with no size", in.Name, i, declText(in.Dims)),
					msg.F("give the input's shape, e.g. --input %s", exampleShape(in.Dims)))
			}
		}
	}
	if n, over := numel(v.Shape); over || n > maxElements {
		return nil, diag.New(diag.Pos{}, msg.F("input %q of shape %s has more than 2^50 elements", in.Name, dimsText(v.Shape)), msg.F("give a smaller input shape"))
	}
	return v, nil
}

func declText(ds []Dim) string {
	var parts []string
	for _, d := range ds {
		switch {
		case d.Known:
			parts = append(parts, fmt.Sprint(d.Value))
		case d.Param != "":
			parts = append(parts, d.Param)
		default:
			parts = append(parts, "?")
		}
	}
	return strings.Join(parts, "×")
}

func exampleShape(ds []Dim) string {
	var parts []string
	for _, d := range ds {
		if d.Known {
			parts = append(parts, fmt.Sprint(d.Value))
		} else {
			parts = append(parts, "1")
		}
	}
	return strings.Join(parts, "x")
}

// dimsText is a shape as messages write it, "1×3×224×224".
func dimsText(ds []int64) string { return joinInts(ds, "×") }

// joinInts writes the integers with sep between them.
func joinInts(ds []int64, sep string) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, strconv.FormatInt(d, 10))
	}
	return strings.Join(parts, sep)
}

// topoOrder orders the nodes so that each comes after the producers of
// its inputs (Kahn's algorithm, stable: the file's order where it is
// valid). A cycle, or an input nobody produces, is an error.
func topoOrder(g *Graph, known map[string]*Value) ([]*Node, error) {
	producer := map[string]int{}
	for _, n := range g.Nodes {
		for _, o := range n.Outputs {
			if o == "" {
				continue
			}
			if _, dup := producer[o]; dup {
				return nil, diag.New(diag.Pos{}, msg.F("value %q is produced by two nodes (%s)", o, n.Name), msg.F("the graph is malformed; export it again"))
			}
			if _, ok := known[o]; ok {
				return nil, diag.New(diag.Pos{}, msg.F("node %s writes %q, which is a graph input or initializer", n.Name, o), msg.F("the graph is malformed; export it again"))
			}
			producer[o] = n.Index
		}
	}
	waiting := make([]int, len(g.Nodes))
	users := map[int][]int{}
	for _, n := range g.Nodes {
		seen := map[int]bool{}
		for _, in := range n.Inputs {
			if in == "" {
				continue
			}
			if p, ok := producer[in]; ok {
				if !seen[p] {
					seen[p] = true
					waiting[n.Index]++
					users[p] = append(users[p], n.Index)
				}
			} else if _, ok := known[in]; !ok {
				return nil, diag.New(diag.Pos{}, msg.F("node %s (%s) reads %q, which no node, input or initializer provides", nodeLabel(n), n.OpType, in),
					msg.F("the graph is malformed; export it again"))
			}
		}
	}
	var ready []int
	for i := range g.Nodes {
		if waiting[i] == 0 {
			ready = append(ready, i)
		}
	}
	order := make([]*Node, 0, len(g.Nodes))
	for len(ready) > 0 {
		sort.Ints(ready)
		i := ready[0]
		ready = ready[1:]
		order = append(order, g.Nodes[i])
		for _, u := range users[i] {
			waiting[u]--
			if waiting[u] == 0 {
				ready = append(ready, u)
			}
		}
	}
	if len(order) < len(g.Nodes) {
		for i, w := range waiting {
			if w > 0 {
				n := g.Nodes[i]
				return nil, diag.New(diag.Pos{}, msg.F("the graph has a cycle through node %s (%s)", nodeLabel(n), n.OpType),
					msg.F("an ONNX graph must be acyclic; the file is damaged"))
			}
		}
	}
	return order, nil
}

// nodeLabel is the node's name, or its op type and index when unnamed.
func nodeLabel(n *Node) string {
	if n.Name != "" {
		return n.Name
	}
	return fmt.Sprintf("#%d", n.Index)
}
