// Package graph holds the traced model: one Node per module call or
// functional/tensor call, each with its shapes, parameters and exact
// operation counts, and the quantities that counting conventions read.
//
// The graph is produced by the model language (package lang) and read by
// conventions, memory estimates, exporters and the web page. It is plain
// data: no behaviour beyond small helpers.
package graph

import (
	"encoding/json"
	"math/bits"
	"slices"

	"floplab/core/msg"
	"floplab/core/units"
)

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
	// NoGrad marks a parameter used directly (Producer -2) that does not
	// require grad: a frozen parameter or a buffer (see RequiresGrad).
	NoGrad bool `json:"-"`
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

// FLOPs is 2·MACs + Add + Mul + Cmp + Exp, the one FLOPs formula: each
// MAC is a multiply and an add. An overflow is an error, never a wrapped
// count.
func (o Ops) FLOPs() (int64, error) {
	var a units.Acc
	f := a.Add(a.Mul(2, o.MACs), o.Add, o.Mul, o.Cmp, o.Exp)
	return f, a.Err
}

// Plus is o + p, field by field, with overflow checks.
func (o Ops) Plus(p Ops) (Ops, error) {
	var a units.Acc
	s := Ops{MACs: a.Add(o.MACs, p.MACs), Add: a.Add(o.Add, p.Add), Mul: a.Add(o.Mul, p.Mul), Cmp: a.Add(o.Cmp, p.Cmp), Exp: a.Add(o.Exp, p.Exp)}
	return s, a.Err
}

// QName names a quantity a counting convention can use (see Node.Q). The
// quantities are a fixed set, so a node keeps them in an array indexed by
// QName rather than in a map; QNames gives their names.
type QName uint8

// The quantities: FlopLab's own exact counts of parts of a node's work.
// A counting tool's own way of counting is computed in its convention's
// file from these, the shapes and the node's Layer attributes.
const (
	QIn         QName = iota // "in": input elements
	QOut                     // "out": output elements
	QNorm                    // "norm": normalized elements
	QAffine                  // "affine": elements with an affine transform
	QParams                  // "params": the module's own parameters
	QConvW                   // "conv_w": convolution weight MACs
	QBias                    // "bias": bias adds
	QMM                      // "mm": matmul MACs
	QLinearW                 // "linear_w": linear weight MACs
	QAttn                    // "attn": attention matmul MACs
	QMHAProj                 // "mha_proj": attention projection MACs
	QWindowSum               // "window_sum": Σ pooling window sizes
	QRNN                     // "rnn": recurrent MACs
	QBatchStats              // "batch_stats": elements a batch norm normalizes with the batch's own statistics (train mode)
	NumQ                     // the number of quantities
)

// QNames are the quantities' names, indexed by QName.
var QNames = [NumQ]string{"in", "out", "norm", "affine", "params", "conv_w", "bias", "mm", "linear_w", "attn", "mha_proj", "window_sum", "rnn", "batch_stats"}

// String is the quantity's name ("conv_w").
func (q QName) String() string {
	if q < NumQ {
		return QNames[q]
	}
	return "?"
}

// LookupQ finds a quantity by its name.
func LookupQ(name string) (QName, bool) {
	for i, n := range QNames {
		if n == name {
			return QName(i), true
		}
	}
	return NumQ, false
}

// Quantity is a named exact integer a counting convention can use, e.g.
// conv_w = 70276800; the node's formulas (Formulas) explain how.
type Quantity struct {
	Value int64 `json:"value"`
}

// Quantities are quantities indexed by QName, as a node's builder
// collects them before storing the set ones compactly (Node.SetQuantities).
type Quantities [NumQ]Quantity

// FormulaKey indexes a node's formulas; FormulaKeys gives their names.
type FormulaKey uint8

// The formula keys, in the order of FormulaKeys.
const (
	FParams FormulaKey = iota // "params"
	FMACs                     // "macs"
	FOps                      // "ops": the non-MAC operations
	FAdd                      // "add"
	FNote                     // "note"
	NumFormulaKeys
)

// FormulaKeys are the formula keys' names, indexed by FormulaKey.
var FormulaKeys = [NumFormulaKeys]string{"params", "macs", "ops", "add", "note"}

// LookupFormulaKey finds a formula key by its name.
func LookupFormulaKey(name string) (FormulaKey, bool) {
	for i, k := range FormulaKeys {
		if k == name {
			return FormulaKey(i), true
		}
	}
	return NumFormulaKeys, false
}

// FormulaRenderer builds a node's formula texts on demand, so tracing
// builds no text nobody reads.
type FormulaRenderer interface {
	// NodeFormula is n's formula for key (an empty Text if none), built
	// from n's own data (shapes, Ops, quantities, Formulas.A and S).
	NodeFormula(n *Node, key FormulaKey) msg.Text
}

// FormulaFunc is a function used as a FormulaRenderer.
type FormulaFunc func(n *Node, key FormulaKey) msg.Text

// NodeFormula calls f.
func (f FormulaFunc) NodeFormula(n *Node, key FormulaKey) msg.Text { return f(n, key) }

// Formulas explain a node's Ops and Params, one text per key (see
// Formulas.Get); an empty text means the node has none. Texts render in
// English (Get, the JSON) or in another language (Text(key).In(lang)).
// They are built on demand by Render from the node (see Node.SetFormulas)
// and the per-call numbers A and word S; Set overrides a text.
type Formulas struct {
	Render FormulaRenderer
	// A and S are per-call values Render reads.
	A [6]int64
	S string

	node *Node
	set  *[NumFormulaKeys]msg.Text
	mask uint8 // keys overridden by Set
}

// Get is the formula for key ("params", "macs", "ops", "add", "note") in
// English, or "" if there is none.
func (f *Formulas) Get(key string) string { return f.Text(key).String() }

// Text is the formula for key, to render in any language.
func (f *Formulas) Text(key string) msg.Text {
	if k, ok := LookupFormulaKey(key); ok {
		return f.Key(k)
	}
	return msg.Text{}
}

// Key is the formula for key k.
func (f *Formulas) Key(k FormulaKey) msg.Text {
	if k >= NumFormulaKeys {
		return msg.Text{}
	}
	if f.mask&(1<<k) != 0 {
		return f.set[k]
	}
	if f.Render == nil || f.node == nil {
		return msg.Text{}
	}
	return f.Render.NodeFormula(f.node, k)
}

// Set sets the formula for key; it panics on an unknown key.
func (f *Formulas) Set(key string, text msg.Text) {
	k, ok := LookupFormulaKey(key)
	if !ok {
		panic("graph: unknown formula key " + key)
	}
	if f.set == nil {
		f.set = new([NumFormulaKeys]msg.Text)
	}
	f.set[k] = text
	f.mask |= 1 << k
}

// Map returns the formulas as a map from key to English text, without
// the empty ones (nil if there are none).
func (f *Formulas) Map() map[string]string {
	var m map[string]string
	for k, name := range FormulaKeys {
		if t := f.Key(FormulaKey(k)).String(); t != "" {
			if m == nil {
				m = map[string]string{}
			}
			m[name] = t
		}
	}
	return m
}

// ArgText is a module's constructor arguments as written ("64, 128,
// kernel_size=3"), for display: a fixed text (ArgString) or one rendered
// on demand (LazyArgs), so that tracing builds no text nobody reads. The
// zero ArgText is empty; in JSON it is a string.
type ArgText struct{ r ArgRenderer }

// ArgRenderer renders constructor arguments on demand. It must render
// the same text every time, and may be called from several goroutines.
type ArgRenderer interface {
	ArgText() string
}

// argString is a fixed ArgText's text.
type argString string

func (s argString) ArgText() string { return string(s) }

// ArgString is the fixed text s.
func ArgString(s string) ArgText {
	if s == "" {
		return ArgText{}
	}
	return ArgText{argString(s)}
}

// LazyArgs is the text r renders, built each time it is asked for.
func LazyArgs(r ArgRenderer) ArgText { return ArgText{r} }

// String renders the text.
func (a ArgText) String() string {
	if a.r == nil {
		return ""
	}
	return a.r.ArgText()
}

// IsZero reports whether the text is empty (for omitzero).
func (a ArgText) IsZero() bool { return a.String() == "" }

// MarshalText renders the text, so that JSON shows a string.
func (a ArgText) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

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
	// Formulas explain Ops and Params.
	Formulas Formulas `json:"-"`
	// QSet has bit q set when quantity q is set (see Has); change it only
	// through SetQ and SetQuantities. The named quantities are what
	// conventions are written in (see package convention); QValue reads
	// one.
	QSet uint32 `json:"-"`
	// qv are the values of the set quantities, in QName order: the value
	// of quantity q is qv[i], i the number of set quantities below q. A
	// node sets a handful of the NumQ quantities, so this is a fraction of
	// a full array's size.
	qv []int64
	// Attrs are the module's constructor arguments as written, for display.
	Attrs ArgText `json:"attrs,omitzero"`
	// Layer are the typed layer attributes (see Layer), or nil.
	Layer Layer `json:"-"`
	// Pos is "file:line:col" of the call in the model script.
	Pos string `json:"pos,omitempty"`
}

// Has reports whether quantity q is set.
func (n *Node) Has(q QName) bool { return q < NumQ && n.QSet&(1<<q) != 0 }

// Quantity is quantity q and whether it is set.
func (n *Node) Quantity(q QName) (Quantity, bool) {
	if !n.Has(q) {
		return Quantity{}, false
	}
	return Quantity{Value: n.qv[n.qIndex(q)]}, true
}

// QValue is the value of quantity q, or 0 if it is not set.
func (n *Node) QValue(q QName) int64 {
	if !n.Has(q) {
		return 0
	}
	return n.qv[n.qIndex(q)]
}

// qIndex is the index in n.qv of quantity q (q < NumQ): the number of
// set quantities below q.
func (n *Node) qIndex(q QName) int { return bits.OnesCount32(n.QSet & (1<<q - 1)) }

// SetQ sets quantity q to v. Setting a quantity not set yet inserts it
// into the node's list, which grows unless it has room (see
// SetQuantities).
func (n *Node) SetQ(q QName, v int64) {
	if q >= NumQ {
		panic("graph: unknown quantity")
	}
	i := n.qIndex(q)
	if n.Has(q) {
		n.qv[i] = v
		return
	}
	n.qv = slices.Insert(n.qv, i, v)
	n.QSet |= 1 << q
}

// SetQuantities replaces n's quantities: set has bit q set for each
// quantity set, and vals lists their values in QName order (one per bit
// of set). n keeps vals; room beyond its length is used by later SetQ
// calls, so a builder that will set more can reserve it.
func (n *Node) SetQuantities(vals []int64, set uint32) {
	if bits.OnesCount32(set) != len(vals) || set>>NumQ != 0 {
		panic("graph: quantity values do not match the set")
	}
	n.qv, n.QSet = vals, set
}

// SetFormulas gives n the formulas f, rendered from n's data.
func (n *Node) SetFormulas(f Formulas) {
	n.Formulas = f
	n.Formulas.node = n
}

// QuantityMap returns the set quantities by name, as the node's JSON form
// lists them (nil if none is set).
func (n *Node) QuantityMap() map[string]int64 {
	var m map[string]int64
	for q := QName(0); q < NumQ; q++ {
		if n.Has(q) {
			if m == nil {
				m = map[string]int64{}
			}
			m[QNames[q]] = n.QValue(q)
		}
	}
	return m
}

// MarshalJSON renders the node with its formulas and quantities (keys
// "formulas" and "q").
func (n *Node) MarshalJSON() ([]byte, error) {
	type plain Node
	return json.Marshal(struct {
		*plain
		Formulas map[string]string `json:"formulas,omitempty"`
		Q        map[string]int64  `json:"q,omitempty"`
		Attrs    string            `json:"attrs,omitempty"`
		Pos      string            `json:"pos,omitempty"`
	}{(*plain)(n), n.Formulas.Map(), n.QuantityMap(), n.Attrs.String(), n.Pos})
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
	Attrs  ArgText       `json:"attrs,omitzero"`
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
	// NotCounted lists work the script marked as not traced
	// (not_counted(reason) in a forward), by the module whose forward
	// said so.
	NotCounted []NotCounted `json:"not_counted,omitempty"`
	// CountRules are the script's count_rule calls: how a tool counts a
	// class or function it has no rule for (package convention applies
	// them).
	CountRules []CountRule `json:"count_rules,omitempty"`
	// Mode is the mode the root module ran in, "train" or "eval" (as
	// model.train() and model.eval() set it); "" for a graph imported
	// without a forward of its own (ONNX), which is an inference graph.
	Mode string `json:"mode,omitempty"`
}

// NotCounted is a part of a model its script says it does not trace.
type NotCounted struct {
	Module string `json:"module"` // dotted path, "" for the root
	Reason string `json:"reason"`
	// Text is Reason to render in any language (Reason is its English
	// form): a format of the converter's with its arguments, translated
	// where a table has it, the script's own text otherwise.
	Text msg.Text `json:"-"`
	// AssumedInput marks a trace that goes on from an input the script
	// made up (not_counted(..., assumed_input=True)): the layers fed from
	// a constant made from Node on are counted from an assumed input.
	AssumedInput bool `json:"-"`
	// Node is the number of nodes the trace had recorded at the mark.
	Node int `json:"-"`
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

// CountRule is a user's counting rule (count_rule in a model script): the
// calls of Target (a module class or a function type) count Values[node
// ID] under the Conventions named (every tool's when empty), instead of
// the tool's own rule.
type CountRule struct {
	Target      string        `json:"target"`
	Conventions []string      `json:"conventions,omitempty"`
	Pos         string        `json:"pos"`
	Values      map[int]int64 `json:"values"`
}

// RuleFor finds the user rule for node n under convention id, and n's
// figure under it.
func (g *Graph) RuleFor(id string, n *Node) (*CountRule, int64, bool) {
	for i := range g.CountRules {
		r := &g.CountRules[i]
		if r.Target != n.Type || (len(r.Conventions) > 0 && !slices.Contains(r.Conventions, id)) {
			continue
		}
		v, ok := r.Values[n.ID]
		return r, v, ok
	}
	return nil, 0, false
}
