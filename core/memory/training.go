package memory

import (
	"errors"
	"strings"

	"floplab/core/diag"
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

// ParseOptimizer reads the accepted spellings of an optimizer: sgd,
// momentum (sgd-momentum, sgd+momentum), adam (the default, "") or adamw.
func ParseOptimizer(s string) (Optimizer, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "adam":
		return Adam, nil
	case "adamw":
		return AdamW, nil
	case "sgd":
		return SGD, nil
	case "momentum", "sgd-momentum", "sgd+momentum":
		return SGDMomentum, nil
	}
	return "", diag.New(diag.Pos{}, msg.F("unknown optimizer %q", s), msg.F("optimizers: sgd, momentum, adam, adamw")).WithKind(diag.ErrUnknownName)
}

// Training is what a training step adds to the weights: gradients,
// optimizer state and, under mixed precision, the fp32 master weights.
type Training struct {
	Optimizer Optimizer `json:"optimizer"`
	// Mixed is true when the weights are in a 16-bit or 8-bit float type
	// and an fp32 master copy of the trainable weights is kept.
	Mixed          bool `json:"mixed_precision"`
	Gradients      Term `json:"gradients"`
	OptimizerState Term `json:"optimizer_state"`
	// Master is the fp32 master copy of the trainable weights (0 bytes
	// unless Mixed).
	Master Term       `json:"master_weights"`
	Notes  []msg.Text `json:"-"`
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

// TrainingTerms are the terms a training step adds for trainable
// parameters at dt:
//
//   - gradients = trainable params × dtype bytes
//   - optimizer state = copies × trainable params × 4 B (fp32): SGD 0,
//     SGD+momentum 1, Adam/AdamW 2
//   - master weights (fp16/bf16/fp8 weights only) = trainable × 4 B: the
//     fp32 copy the optimizer updates, as in Apex O2 / DeepSpeed / ZeRO's
//     "16 bytes per parameter" for Adam (2 + 2 + 4 + 8). PyTorch autocast
//     instead keeps fp32 weights and casts on the fly; pick fp32 for that.
func TrainingTerms(trainable int64, dt units.DType, opt Optimizer) (*Training, error) {
	copies, ok := opt.StateCopies()
	if !ok {
		return nil, errors.New("memory: unknown optimizer " + string(opt) + " (want sgd, sgd-momentum, adam or adamw)")
	}
	if trainable < 0 {
		return nil, errors.New("memory: negative count")
	}
	fp32, _ := units.Lookup("fp32")
	t := &Training{Optimizer: opt, Mixed: IsMixed(dt)}
	var err error
	if t.Gradients, err = bytesTerm(Gradients, "gradients", trainable, msg.F("trainable params"), dt); err != nil {
		return nil, err
	}
	state, err := units.Mul(trainable, copies)
	if err != nil {
		return nil, err
	}
	if t.OptimizerState, err = bytesTerm(OptimizerState, "optimizer state", state, msg.F("fp32 values (%s × trainable, %s)", units.Thousands(copies), string(opt)), fp32); err != nil {
		return nil, err
	}
	t.Master = NewTerm(MasterWeights, "master weights", 0, msg.F("none: weights are already %s", dt.Name))
	if t.Mixed {
		if t.Master, err = bytesTerm(MasterWeights, "master weights", trainable, msg.F("trainable params in fp32"), fp32); err != nil {
			return nil, err
		}
		t.Notes = append(t.Notes, msg.F("mixed precision: %s weights and gradients plus an fp32 master copy of the trainable weights", dt.Name))
	}
	t.Notes = append(t.Notes, msg.F("activations are an estimate; real use adds framework workspace and allocator overhead"))
	return t, nil
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
	return NewTerm(KVCacheTerm, "KV cache", b, msg.F("2 × %s layers × %s batch × %s seq × %s kv heads × %s head dim × %s = %s B",
		units.Thousands(layers), units.Thousands(batch), units.Thousands(seq), units.Thousands(kvHeads), units.Thousands(headDim), perElem(dt), units.Thousands(b))), nil
}
