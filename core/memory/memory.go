// Package memory estimates how many bytes a traced model needs: weights,
// inputs and activations for inference (the simple sum of every output,
// torchinfo's own "Forward/backward pass size" figure, and the peak live
// set along the graph), the terms of a training step (weights, gradients,
// optimizer state, mixed-precision master weights, activations kept for
// backward), the KV cache of a transformer decoder, and whether the total
// fits a device.
//
// Every term is an exact int64 with the formula that produced it, e.g.
// "61,100,840 params × 4 B = 244,403,360 B". Products that overflow int64
// are reported as errors, never wrapped. Figures other than weights,
// gradients, optimizer state and KV cache are estimates: real frameworks
// add workspace, allocator rounding and fragmentation, and may recompute
// or free activations differently.
//
// # Peak live set rule
//
// Nodes run in graph order. A tensor is live from the node that produces
// it until its last consumer has run; model outputs stay live to the end,
// and model inputs stay live throughout (the caller holds them). While a
// node runs, its inputs and its outputs are live together. Outputs of one
// node form one allocation group, freed when the last consumer of any of
// them has run. Nodes that return a view of their input share its storage
// and allocate nothing (see IsView): view/reshape/flatten/permute/
// transpose/squeeze/unsqueeze/expand/chunk/split, Identity, Dropout and
// F.dropout (a no-op returning its input in eval), and any module built
// with inplace=True. Consumers of a view extend the life of the storage it
// aliases. Weights are not part of the live set (they are a separate term).
package memory

import (
	"errors"
	"strconv"
	"strings"

	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

// TermID identifies a memory term whatever its display name and
// language: front ends key their rows, translations and test hooks by it
// (data-term="optimizer_state").
type TermID string

// The terms. The first seven stack into an estimate's total (Estimate.Terms);
// Input, Peak, OutputsSum and Torchinfo are the other activation figures
// (Inference); Total is the sum.
const (
	Weights        TermID = "weights"         // parameters (trainable and frozen), buffers excluded
	Buffers        TermID = "buffers"         // buffers (BatchNorm running statistics, attention masks)
	Gradients      TermID = "gradients"       // one per trainable parameter, at the dtype
	OptimizerState TermID = "optimizer_state" // fp32 state per trainable parameter
	MasterWeights  TermID = "master_weights"  // the fp32 copy of the trainable weights (mixed precision)
	Activations    TermID = "activations"     // the peak live set (inference) or what backward keeps (training)
	KVCacheTerm    TermID = "kv_cache"        // a decoder's key/value cache
	Input          TermID = "input"
	Peak           TermID = "peak"
	OutputsSum     TermID = "outputs_sum"
	Torchinfo      TermID = "torchinfo"
	Total          TermID = "total"
)

// Term is one figure with its formula.
type Term struct {
	// ID identifies the term (Name is its English display name).
	ID      TermID `json:"-"`
	Name    string `json:"name"`
	Bytes   int64  `json:"bytes"`
	Formula string `json:"formula"`
	// Text is Formula to render in any language (Formula is its English
	// form); see FormulaIn.
	Text msg.Text `json:"-"`
}

// NewTerm makes a term whose formula is text.
func NewTerm(id TermID, name string, bytes int64, text msg.Text) Term {
	return Term{ID: id, Name: name, Bytes: bytes, Formula: text.String(), Text: text}
}

// FormulaIn renders the formula in lang (msg.EN or msg.ZH).
func (t Term) FormulaIn(lang string) string {
	if t.Text.IsZero() {
		return t.Formula
	}
	return t.Text.In(lang)
}

// viewTypes are node types whose output aliases the input storage.
var viewTypes = map[string]bool{
	"Tensor.view": true, "Tensor.reshape": true, "torch.reshape": true,
	"Tensor.flatten": true, "torch.flatten": true, "Flatten": true, "Unflatten": true,
	"Tensor.permute": true, "torch.permute": true,
	"Tensor.transpose": true, "torch.transpose": true, "Tensor.t": true,
	"Tensor.unsqueeze": true, "torch.unsqueeze": true, "Tensor.squeeze": true, "torch.squeeze": true,
	"Tensor.expand": true, "Tensor.chunk": true, "torch.chunk": true,
	"Tensor.split": true, "torch.split": true,
	"Identity": true, "Dropout": true, "Dropout1d": true, "Dropout2d": true, "Dropout3d": true,
	"F.dropout": true,
}

// IsView reports whether a node returns storage it shares with its first
// input (a view, an eval-mode dropout, or an in-place module), so it moves
// and allocates no activation bytes.
func IsView(n *graph.Node) bool {
	if n == nil {
		return false
	}
	if viewTypes[n.Type] {
		return true
	}
	return n.Call == graph.CallModule && strings.Contains(strings.ReplaceAll(n.Attrs.String(), " ", ""), "inplace=True")
}

// ElemBits is the storage width of one element of a tensor at the
// analysis dtype: integer token ids ("long") are int64 whatever the
// dtype; everything else takes dt.
func ElemBits(t graph.Tensor, dt units.DType) units.DType {
	if t.DType == "long" {
		return units.DType{Name: "int64", Bits: 64}
	}
	return dt
}

// TensorBytes is the storage of one tensor at dt.
func TensorBytes(t graph.Tensor, dt units.DType) (int64, error) {
	n, err := numel(t.Shape)
	if err != nil {
		return 0, err
	}
	return units.Bytes(n, ElemBits(t, dt))
}

func numel(s graph.Shape) (int64, error) {
	n := int64(1)
	for _, d := range s {
		if d < 0 {
			return 0, errors.New("negative dimension in shape")
		}
		var err error
		if n, err = units.Mul(n, d); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func sumTensors(ts []graph.Tensor, dt units.DType) (int64, error) {
	var s int64
	for _, t := range ts {
		b, err := TensorBytes(t, dt)
		if err != nil {
			return 0, err
		}
		if s, err = units.Add(s, b); err != nil {
			return 0, err
		}
	}
	return s, nil
}

// ParamCounts sums the parameters of every module of g (each tensor once:
// a tensor marked Tied, shared with an earlier module as lm_head.weight =
// wte.weight, is skipped as graph.Count skips it, and a module that is
// never called still counts, as in PyTorch's parameters()) into
// trainable, frozen and buffer element counts, with overflow checks.
func ParamCounts(g *graph.Graph) (trainable, frozen, buffers int64, err error) {
	if g == nil {
		return 0, 0, 0, errNilGraph
	}
	var a units.Acc
	for _, m := range g.Modules {
		if m == nil {
			continue
		}
		for _, p := range m.Params {
			if p.Tied {
				continue
			}
			c, e := numel(p.Shape)
			if e != nil {
				return 0, 0, 0, e
			}
			switch {
			case p.Buffer:
				buffers = a.Add(buffers, c)
			case p.Trainable:
				trainable = a.Add(trainable, c)
			default:
				frozen = a.Add(frozen, c)
			}
		}
	}
	if a.Err != nil {
		return 0, 0, 0, a.Err
	}
	return trainable, frozen, buffers, nil
}

var errNilGraph = errors.New("memory: nil graph")

// bytesTerm builds "count what × B B = total B".
func bytesTerm(id TermID, name string, count int64, what msg.Text, dt units.DType) (Term, error) {
	b, err := units.Bytes(count, dt)
	if err != nil {
		return Term{}, errors.New(name + ": " + err.Error())
	}
	return NewTerm(id, name, b, msg.F("%s %s × %s = %s B", units.Thousands(count), what, perElem(dt), units.Thousands(b))), nil
}

// dtypeTerm builds "count what × B (dtype) = total B", the form of the
// weights and buffers terms, which name the dtype they are stored in.
func dtypeTerm(id TermID, name string, count int64, what msg.Text, dt units.DType) (Term, error) {
	b, err := units.Bytes(count, dt)
	if err != nil {
		return Term{}, errors.New(name + ": " + err.Error())
	}
	return NewTerm(id, name, b, msg.F("%s %s × %s (%s) = %s B", units.Thousands(count), what, perElem(dt), dt.Name, units.Thousands(b))), nil
}

// perElem is "4 B", "2 B" or "0.5 B" per element.
func perElem(dt units.DType) string {
	if dt.Bits%8 == 0 {
		return strconv.Itoa(dt.Bits/8) + " B"
	}
	return strconv.FormatFloat(float64(dt.Bits)/8, 'f', -1, 64) + " B"
}

// Fit is the verdict against a device's memory capacity.
type Fit struct {
	Device string `json:"device"`
	Fits   bool   `json:"fits"`
	// Margin is capacity − need: positive headroom when it fits, negative
	// shortfall when it does not.
	Margin   int64  `json:"margin_bytes"`
	Need     int64  `json:"need_bytes"`
	Capacity int64  `json:"capacity_bytes"`
	Text     string `json:"text"`
	// Msg is Text to render in any language.
	Msg msg.Text `json:"-"`
}

// Verdict compares a need with a device's capacity (both in bytes).
func Verdict(device string, need, capacity int64) Fit {
	f := Fit{Device: device, Need: need, Capacity: capacity}
	if m, ok := margin(need, capacity); ok {
		f.Fits, f.Margin = m >= 0, m
	}
	f.Msg = f.Sentence(units.Decimal)
	f.Text = f.Msg.String()
	return f
}

// margin is capacity − need, when both are byte counts.
func margin(need, capacity int64) (int64, bool) {
	m, err := units.Add(capacity, -need)
	return m, err == nil && need >= 0 && capacity >= 0
}

// Sentence is the verdict as a sentence naming the device, with byte
// figures in base (MB or MiB); the exact shortfall or headroom is also
// given in bytes.
func (f Fit) Sentence(base units.Base) msg.Text {
	if _, ok := margin(f.Need, f.Capacity); !ok {
		return msg.F("%s: cannot compare, bad byte counts", f.Device)
	}
	need, capacity := units.FormatBytes(f.Need, base), units.FormatBytes(f.Capacity, base)
	if base == units.Decimal && f.Capacity > 0 && f.Capacity%(1<<30) == 0 {
		// vendors state GPU memory in GiB and call it GB (an H100's "80 GB" is
		// 80 GiB = 85.90 GB): show their figure beside the decimal one
		capacity = strconv.FormatInt(f.Capacity>>30, 10) + " GiB = " + capacity
	}
	if f.Fits {
		return msg.F("Fits on %s: needs %s of %s, %s (%s B) to spare.", f.Device, need, capacity,
			units.FormatBytes(f.Margin, base), units.Thousands(f.Margin))
	}
	return msg.F("Does not fit on %s: needs %s, has %s, short by %s (%s B).", f.Device, need, capacity,
		units.FormatBytes(-f.Margin, base), units.Thousands(-f.Margin))
}
