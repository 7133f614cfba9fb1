package memory

import (
	"errors"
	"strings"

	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

// Optimizer names an optimizer by how much fp32 state it keeps per
// trainable parameter.
type Optimizer string

const (
	// SGD without momentum keeps no state.
	SGD Optimizer = "sgd"
	// SGDMomentum keeps one momentum buffer (1× trainable params).
	SGDMomentum Optimizer = "sgd-momentum"
	// Adam keeps first and second moments (2× trainable params).
	Adam Optimizer = "adam"
	// AdamW keeps the same state as Adam.
	AdamW Optimizer = "adamw"
)

// Optimizers lists the supported optimizers.
func Optimizers() []Optimizer { return []Optimizer{SGD, SGDMomentum, Adam, AdamW} }

// StateCopies is the number of fp32 values the optimizer keeps per
// trainable parameter, and false for an unknown name.
func (o Optimizer) StateCopies() (int64, bool) {
	switch Optimizer(strings.ToLower(string(o))) {
	case SGD:
		return 0, true
	case SGDMomentum, "momentum":
		return 1, true
	case Adam, AdamW:
		return 2, true
	}
	return 0, false
}

// Counts are what a training estimate needs from a model.
type Counts struct {
	Trainable int64 // trainable parameter elements
	Frozen    int64 // frozen parameter elements
	Buffers   int64 // buffer elements (BatchNorm running stats)
	// Activations is the bytes kept for backward at the training dtype
	// (see TrainingMemory); 0 when unknown.
	Activations int64
}

// Training is the memory estimate of one training step.
type Training struct {
	DType     string    `json:"dtype"`
	Optimizer Optimizer `json:"optimizer"`
	// Mixed is true when the weights are in a 16-bit or 8-bit float type
	// and an fp32 master copy of the trainable weights is kept.
	Mixed          bool `json:"mixed_precision"`
	Weights        Term `json:"weights"`
	Gradients      Term `json:"gradients"`
	OptimizerState Term `json:"optimizer_state"`
	// Master is the fp32 master copy of the trainable weights (mixed
	// precision only).
	Master Term `json:"master_weights"`
	// Activations kept for backward: an estimate (Σ node outputs).
	Activations Term     `json:"activations"`
	Total       Term     `json:"total"`
	Notes       []string `json:"notes"`
	// NoteTexts are Notes to render in any language.
	NoteTexts []msg.Text `json:"-"`
}

func (t *Training) note(m msg.Text) {
	t.Notes = append(t.Notes, m.String())
	t.NoteTexts = append(t.NoteTexts, m)
}

// IsMixed reports whether training at dt is treated as mixed precision:
// fp16, bf16 and fp8 weights get an fp32 master copy.
func IsMixed(dt units.DType) bool {
	switch dt.Name {
	case "fp16", "bf16", "fp8":
		return true
	}
	return false
}

// TrainingFromCounts estimates a training step from plain counts.
//
//   - weights = all params and buffers × dtype bytes
//   - gradients = trainable params × dtype bytes
//   - optimizer state = copies × trainable params × 4 B (fp32): SGD 0,
//     SGD+momentum 1, Adam/AdamW 2
//   - master weights (fp16/bf16/fp8 weights only) = trainable × 4 B: the
//     fp32 copy the optimizer updates, as in Apex O2 / DeepSpeed / ZeRO's
//     "16 bytes per parameter" for Adam (2 + 2 + 4 + 8). PyTorch autocast
//     instead keeps fp32 weights and casts on the fly; pick fp32 for that.
//   - activations = c.Activations (an estimate)
func TrainingFromCounts(c Counts, dt units.DType, opt Optimizer) (*Training, error) {
	copies, ok := opt.StateCopies()
	if !ok {
		return nil, errors.New("memory: unknown optimizer " + string(opt) + " (want sgd, sgd-momentum, adam or adamw)")
	}
	if c.Trainable < 0 || c.Frozen < 0 || c.Buffers < 0 || c.Activations < 0 {
		return nil, errors.New("memory: negative count")
	}
	fp32, _ := units.Lookup("fp32")
	t := &Training{DType: dt.Name, Optimizer: opt, Mixed: IsMixed(dt)}
	all, err := units.Sum(c.Trainable, c.Frozen, c.Buffers)
	if err != nil {
		return nil, err
	}
	if t.Weights, err = bytesTerm("weights", all, msg.F("params"), dt); err != nil {
		return nil, err
	}
	if t.Gradients, err = bytesTerm("gradients", c.Trainable, msg.F("trainable params"), dt); err != nil {
		return nil, err
	}
	state, err := units.Mul(c.Trainable, copies)
	if err != nil {
		return nil, err
	}
	if t.OptimizerState, err = bytesTerm("optimizer state", state, msg.F("fp32 values (%s × trainable, %s)", units.Thousands(copies), string(opt)), fp32); err != nil {
		return nil, err
	}
	t.Master = NewTerm("master weights", 0, msg.F("none: weights are already %s", dt.Name))
	if t.Mixed {
		if t.Master, err = bytesTerm("master weights", c.Trainable, msg.F("trainable params in fp32"), fp32); err != nil {
			return nil, err
		}
		t.note(msg.F("mixed precision: %s weights and gradients plus an fp32 master copy of the trainable weights", dt.Name))
	}
	t.Activations = NewTerm("activations", c.Activations,
		msg.F("Σ node outputs ≈ %s B (estimate: frameworks free some and keep others)", units.Thousands(c.Activations)))
	tot, err := units.Sum(t.Weights.Bytes, t.Gradients.Bytes, t.OptimizerState.Bytes, t.Master.Bytes, t.Activations.Bytes)
	if err != nil {
		return nil, err
	}
	t.Total = Term{Name: "total", Bytes: tot, Formula: units.Thousands(t.Weights.Bytes) + " + " + units.Thousands(t.Gradients.Bytes) + " + " +
		units.Thousands(t.OptimizerState.Bytes) + " + " + units.Thousands(t.Master.Bytes) + " + " + units.Thousands(t.Activations.Bytes) + " = " + units.Thousands(tot) + " B"}
	t.note(msg.F("activations are an estimate; real use adds framework workspace and allocator overhead"))
	return t, nil
}

// TrainingMemory estimates a training step of g: counts from the graph,
// activations kept for backward = Σ outputs of every node that allocates
// (views excluded, see IsView) at dt.
func TrainingMemory(g *graph.Graph, dt units.DType, opt Optimizer) (*Training, error) {
	if g == nil {
		return nil, errNilGraph
	}
	tr, fr, bu, err := ParamCounts(g)
	if err != nil {
		return nil, err
	}
	var act int64
	for _, n := range g.Nodes {
		if n == nil || IsView(n) {
			continue
		}
		b, err := sumTensors(n.Outputs, dt)
		if err != nil {
			return nil, err
		}
		if act, err = units.Add(act, b); err != nil {
			return nil, err
		}
	}
	return TrainingFromCounts(Counts{Trainable: tr, Frozen: fr, Buffers: bu, Activations: act}, dt, opt)
}

// KVCache is the key/value cache of a decoder: 2 (K and V) × layers ×
// batch × seq × kvHeads × headDim × dtype bytes.
func KVCache(layers, batch, seq, kvHeads, headDim int64, dt units.DType) (Term, error) {
	dims := []int64{2, layers, batch, seq, kvHeads, headDim}
	n := int64(1)
	for _, d := range dims {
		if d < 0 {
			return Term{}, errors.New("memory: negative KV cache dimension")
		}
		var err error
		if n, err = units.Mul(n, d); err != nil {
			return Term{}, errors.New("memory: KV cache " + err.Error())
		}
	}
	b, err := units.Bytes(n, dt)
	if err != nil {
		return Term{}, err
	}
	return NewTerm("kv cache", b, msg.F("2 × %s layers × %s batch × %s seq × %s kv heads × %s head dim × %s = %s B",
		units.Thousands(layers), units.Thousands(batch), units.Thousands(seq), units.Thousands(kvHeads), units.Thousands(headDim), perElem(dt), units.Thousands(b))), nil
}

// Summary fills the CLI's "memory" JSON from a training estimate (tr may
// be nil for inference-only), an inference estimate (inf may be nil) and a
// KV cache term. For training, activations are tr's; for inference, the
// peak live set. Master weights count under weights.
func Summary(inf *Inference, tr *Training, kv Term) (ByteSummary, error) {
	var s ByteSummary
	var err error
	switch {
	case tr != nil:
		if s.WeightsBytes, err = units.Add(tr.Weights.Bytes, tr.Master.Bytes); err != nil {
			return s, err
		}
		s.GradientsBytes, s.OptimizerBytes, s.ActivationsBytes = tr.Gradients.Bytes, tr.OptimizerState.Bytes, tr.Activations.Bytes
	case inf != nil:
		s.WeightsBytes, s.ActivationsBytes = inf.Weights.Bytes, inf.Peak.Bytes
	}
	s.KVCacheBytes = kv.Bytes
	s.TotalBytes, err = units.Sum(s.WeightsBytes, s.GradientsBytes, s.OptimizerBytes, s.ActivationsBytes, s.KVCacheBytes)
	return s, err
}
