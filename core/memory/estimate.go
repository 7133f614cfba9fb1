package memory

import (
	"errors"
	"strings"

	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

// Mode is what an estimate is of.
type Mode string

// Modes.
const (
	ModeInference Mode = "inference" // a forward pass
	ModeTrain     Mode = "train"     // one training step
)

// ParseMode reads a mode: "" and "infer" are inference, "training" is
// train.
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "infer", string(ModeInference):
		return ModeInference, nil
	case "training", string(ModeTrain):
		return ModeTrain, nil
	}
	return "", diag.New(diag.Pos{}, msg.F("unknown memory mode %q", s), msg.F("modes: inference, train")).WithKind(diag.ErrUnknownName)
}

// Options say what to estimate.
type Options struct {
	Mode  Mode
	DType units.DType
	// Optimizer is used in training mode (ParseOptimizer's default: Adam).
	Optimizer Optimizer
	// KV sizes the KV cache (inference only).
	KV KVOptions
	// Quant, when set, stores the weights quantized (inference only; see
	// Quant): the weights term counts its bits, the rest stays at DType.
	Quant *Quant
}

// Estimate is the one memory estimate every front end shows: its terms,
// stacked in order, and their total; the activation figures; the KV cache
// and the training terms when they apply; notes; and, with Fit, whether it
// fits a device.
//
// The terms, in order (those that do not apply are left out):
//
//   - weights: parameters, trainable and frozen, at the dtype
//   - buffers: buffers at the dtype (when the model has any)
//   - gradients, optimizer state, master weights (training; master weights
//     under mixed precision only), see TrainingTerms
//   - activations: inference, the peak live set (input included, see the
//     package comment); training, Σ outputs of the nodes that allocate,
//     kept for backward (an estimate)
//   - KV cache (inference, for decoders or when KVOptions give it)
type Estimate struct {
	Mode      Mode      `json:"mode"`
	DType     string    `json:"dtype"`
	Optimizer Optimizer `json:"optimizer,omitempty"`
	Terms     []Term    `json:"terms"`
	// Total is the sum of Terms.
	Total Term `json:"total"`
	// Inference holds the activation figures (per-node output sizes, the
	// peak live set, the simple sum, torchinfo's figure, the input), in
	// either mode.
	Inference *Inference `json:"-"`
	// Training is set in training mode.
	Training *Training `json:"-"`
	// KV is set when there is a KV cache term.
	KV    *KV        `json:"kv_cache,omitempty"`
	Notes []msg.Text `json:"-"`
}

// Compute estimates the memory g needs.
func Compute(g *graph.Graph, o Options) (*Estimate, error) {
	if g == nil {
		return nil, errNilGraph
	}
	dt := o.DType
	if dt.Bits == 0 {
		dt, _ = units.Lookup("fp32")
	}
	mode := o.Mode
	if mode == "" {
		mode = ModeInference
	}
	e := &Estimate{Mode: mode, DType: dt.Name}
	inf, err := InferenceMemory(g, dt)
	if err != nil {
		return nil, err
	}
	e.Inference = inf
	trainable, frozen, buffers, err := ParamCounts(g)
	if err != nil {
		return nil, err
	}
	params, err := units.Add(trainable, frozen)
	if err != nil {
		return nil, err
	}
	w, err := dtypeTerm(Weights, "weights", params, msg.F("params"), dt)
	if err != nil {
		return nil, err
	}
	if o.Quant != nil {
		if mode == ModeTrain {
			return nil, diag.New(diag.Pos{}, msg.F("a quantized model is estimated for inference"), msg.F("for QLoRA training, estimate the base model in inference mode with --quant nf4"))
		}
		var qn []msg.Text
		if w, qn, err = quantWeights(g, params, *o.Quant, dt); err != nil {
			return nil, err
		}
		e.Notes = append(e.Notes, qn...)
	}
	e.Terms = append(e.Terms, w)
	if buffers > 0 {
		b, err := dtypeTerm(Buffers, "buffers", buffers, buffersWhat(g), dt)
		if err != nil {
			return nil, err
		}
		e.Terms = append(e.Terms, b)
	}
	switch mode {
	case ModeTrain:
		opt := o.Optimizer
		if opt == "" {
			opt = Adam
		}
		e.Optimizer = opt
		tr, err := TrainingTerms(trainable, dt, opt)
		if err != nil {
			return nil, err
		}
		e.Training = tr
		// Autograd keeps tensors only for the calls the backward pass
		// reaches (their outputs require grad): none of a frozen
		// backbone's.
		grad := graph.RequiresGrad(g, false)
		var act int64
		allocating, unreached := 0, 0
		for _, n := range inf.Nodes {
			if n.View {
				continue
			}
			if !grad.Node(n.Node) {
				unreached++
				continue
			}
			allocating++
			if act, err = units.Add(act, n.OutputBytes); err != nil {
				return nil, err
			}
		}
		e.Terms = append(e.Terms, tr.Gradients, tr.OptimizerState)
		if tr.Mixed {
			e.Terms = append(e.Terms, tr.Master)
		}
		actText := msg.F("Σ outputs of the %d nodes that allocate (views excluded), kept for backward = %s B (estimate)", allocating, units.Thousands(act))
		if unreached > 0 {
			actText = msg.F("Σ outputs of the %d nodes that allocate (views excluded) and that the backward pass reaches (%d frozen, or before any trainable weight, left out), kept for backward = %s B (estimate)", allocating, unreached, units.Thousands(act))
		}
		e.Terms = append(e.Terms, NewTerm(Activations, "activations", act, actText))
		e.Notes = append(e.Notes, tr.Notes...)
	case ModeInference:
		act := inf.Peak
		act.ID = Activations
		e.Terms = append(e.Terms, act)
		kv, kvNotes, err := kvCache(g, o.KV, dt)
		if err != nil {
			return nil, err
		}
		e.Notes = append(e.Notes, kvNotes...)
		if kv != nil {
			e.KV = kv
			e.Terms = append(e.Terms, kv.Term)
		}
		e.Notes = append(e.Notes, msg.F("activations are the peak live set along the graph (input included); real frameworks add workspace and allocator overhead"))
	default:
		return nil, errors.New("memory: unknown mode " + string(mode))
	}
	var tot int64
	for _, t := range e.Terms {
		if tot, err = units.Add(tot, t.Bytes); err != nil {
			return nil, err
		}
	}
	e.Total = NewTerm(Total, "total", tot, totalText(e.Terms, tot))
	return e, nil
}

// totalText is the total's formula, each term named in the reader's
// language: "weights 16,802,672,640 + buffers 128 + activations
// 2,237,702,144 + KV cache 402,653,184 = 19,443,028,096 B".
func totalText(terms []Term, total int64) msg.Text {
	parts := make([]any, 0, 2*len(terms))
	for i, t := range terms {
		if i > 0 {
			parts = append(parts, msg.Lit(" + "))
		}
		parts = append(parts, msg.F("%s %s", msg.F(t.Name), units.Thousands(t.Bytes)))
	}
	return msg.F("%s = %s B", msg.Cat(parts...), units.Thousands(total))
}

// Term is the term id, and false when the estimate has none.
func (e *Estimate) Term(id TermID) (Term, bool) {
	for _, t := range e.Terms {
		if t.ID == id {
			return t, true
		}
	}
	if id == MasterWeights && e.Training != nil {
		return e.Training.Master, true
	}
	return Term{}, false
}

// Bytes is the term id's bytes, 0 when the estimate has none.
func (e *Estimate) Bytes(id TermID) int64 {
	t, _ := e.Term(id)
	return t.Bytes
}

// Fit is the verdict of the estimate's total against a device's capacity.
func (e *Estimate) Fit(device string, capacity int64) Fit {
	return Verdict(device, e.Total.Bytes, capacity)
}

// Summary is the "memory" object of the JSON report: exact byte counts.
// TotalBytes = weights + buffers + gradients + optimizer + activations +
// kv_cache. Under mixed precision OptimizerBytes includes the fp32 master
// copy of the weights (ZeRO's accounting), MasterWeightsBytes says how
// much of it.
type Summary struct {
	Mode  string `json:"mode"`
	DType string `json:"dtype"`
	// Quant is the quantization format of the weights (Quants), "" at
	// the dtype (set by core, which resolves a config's default).
	Quant              string `json:"quant,omitempty"`
	Optimizer          string `json:"optimizer,omitempty"`
	WeightsBytes       int64  `json:"weights_bytes"`
	BuffersBytes       int64  `json:"buffers_bytes"`
	GradientsBytes     int64  `json:"gradients_bytes"`
	OptimizerBytes     int64  `json:"optimizer_bytes"`
	MasterWeightsBytes int64  `json:"master_weights_bytes,omitempty"`
	ActivationsBytes   int64  `json:"activations_bytes"`
	KVCacheBytes       int64  `json:"kv_cache_bytes"`
	TotalBytes         int64  `json:"total_bytes"`
}

// Summary is the estimate's JSON summary.
func (e *Estimate) Summary() Summary {
	s := Summary{Mode: string(e.Mode), DType: e.DType, Optimizer: string(e.Optimizer),
		WeightsBytes: e.Bytes(Weights), BuffersBytes: e.Bytes(Buffers), GradientsBytes: e.Bytes(Gradients),
		ActivationsBytes: e.Bytes(Activations), KVCacheBytes: e.Bytes(KVCacheTerm), TotalBytes: e.Total.Bytes}
	if e.Training != nil && e.Training.Mixed {
		s.MasterWeightsBytes = e.Training.Master.Bytes
	}
	// Cannot overflow: both are parts of the checked total.
	s.OptimizerBytes = e.Bytes(OptimizerState) + s.MasterWeightsBytes
	return s
}
