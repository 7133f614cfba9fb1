package core

import (
	"strings"

	"floplab/core/convention"
	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/hw"
	"floplab/core/msg"
	"floplab/core/units"
)

// Passes a count can be made of (Request.Pass).
const (
	// PassForward counts the forward pass (the default).
	PassForward = "forward"
	// PassTrain also counts the backward pass of a training step, op by
	// op (Totals.BackwardFLOPs, Layer.Backward), under the conventions
	// that count it: torch (FlopCounterMode) and floplab.
	PassTrain = "train"
)

// parsePass checks a pass name ("" is forward).
func parsePass(p string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "", PassForward:
		return PassForward, nil
	case PassTrain, "training", "backward":
		return PassTrain, nil
	}
	return "", diag.New(diag.Pos{}, msg.F("unknown pass %q", p), msg.F("passes: forward, train")).WithKind(diag.ErrUnknownName)
}

// fillBackward counts the backward pass of a training step under the
// report's convention, when the request asks for it.
func fillBackward(rep *Report, conv *convention.Convention, req Request) error {
	pass, err := parsePass(req.Pass)
	if err != nil || pass != PassTrain {
		return err
	}
	rep.Pass = PassTrain
	if !conv.CountsBackward() {
		rep.AddNote(msg.F("%s does not count the backward pass; the torch (FlopCounterMode) and floplab conventions count it op by op.", conv.Tool), false)
		return nil
	}
	b, err := convention.Backward(conv, rep.Graph, req.InputsRequireGrad)
	if err != nil {
		return err
	}
	flops, err := b.FLOPs()
	if err != nil {
		return err
	}
	rep.bwd = b
	rep.Totals.BackwardFLOPs = &flops
	for i := range rep.Graph.Nodes {
		if i >= len(rep.Layers) {
			break
		}
		l := &rep.Layers[i]
		l.Backward = b.PerNode[i]
		if !rep.deferred {
			l.BackwardFormula = b.Formula(i)
		}
	}
	if conv.BackwardNote != "" {
		rep.AddNote(msg.F(conv.BackwardNote), false)
	}
	if !req.InputsRequireGrad {
		rep.AddNote(msg.F("backward: the model inputs do not require grad (a training batch), so the first layer computes no grad input; frozen weights get no grad weight."), false)
	}
	if len(b.Unknown) > 0 {
		rep.AddNote(msg.F("backward: %s has no backward rule for %s: not counted.", conv.Tool, strings.Join(b.Unknown, ", ")), false)
	}
	return nil
}

// LayerBackwardIn renders the backward formula of Layers[i] in lang (""
// when the report counts no backward pass or the row has none).
func (r *Report) LayerBackwardIn(lang string, i int) string {
	if r.bwd == nil || r.Graph == nil || i < 0 || i >= len(r.Graph.Nodes) {
		return ""
	}
	return r.bwd.FormulaIn(lang, i)
}

// addBackward puts the backward pass on the roofline: FlopLab's own
// gradient products (2 FLOPs per MAC) for a training batch (the inputs
// require no grad), whatever convention the report counts in.
func addBackward(r *hw.Roofline, g *graph.Graph, dt units.DType) error {
	own, _ := convention.Lookup("floplab")
	b, err := convention.Backward(own, g, false)
	if err != nil {
		return err
	}
	flops := make([]int64, len(b.PerNode))
	for i, m := range b.PerNode {
		if flops[i], err = units.Mul(2, m); err != nil {
			return err
		}
	}
	return r.AddBackward(g, dt, flops, b.Grad)
}
