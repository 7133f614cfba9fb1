package hw

import (
	"errors"
	"math"

	"floplab/core/graph"
	"floplab/core/units"
)

// AddBackward adds the backward pass of a training step to r, layer by
// layer, and sets TrainStepSeconds = Seconds + BackwardSeconds, instead
// of the rule of thumb backward = 2 × forward. flops[i] is node i's
// backward FLOPs (FlopLab's own count of its gradient products); gr says
// which tensors require grad. A layer the backward pass reaches (its
// output requires grad) reads grad output and writes a gradient for each
// input that requires grad (reading the weights to do so); for a
// trainable weight it reads its input and writes the weight's gradient.
// Its lower bound is max(FLOPs / peak, bytes / bandwidth); a layer the
// backward pass does not reach (a frozen backbone) costs nothing.
func (r *Roofline) AddBackward(g *graph.Graph, dt units.DType, flops []int64, gr *graph.Grad) error {
	if g == nil || gr == nil || len(flops) != len(g.Nodes) || len(r.Layers) != len(g.Nodes) {
		return errors.New("hw: the backward pass does not match the roofline's graph")
	}
	pk, bw := float64(r.Peak), float64(r.Bandwidth)
	r.BackwardSeconds, r.BackwardFLOPs, r.BackwardBytes = 0, 0, 0
	var a units.Acc
	for i, n := range g.Nodes {
		l := &r.Layers[i]
		l.BackwardFLOPs, l.BackwardBytes, l.BackwardSeconds = 0, 0, 0
		if n == nil || l.Bound == View || !gr.Node(i) || !producesOutputs(n) {
			continue
		}
		b, err := tensorsBytes(n.Outputs, dt) // grad output
		if err != nil {
			return err
		}
		weights := weightsOf(g, n)
		inGrad := false
		for j, t := range n.Inputs {
			// grad input, or the gradient of a parameter used directly
			if !gr.Input(n, j) {
				continue
			}
			inGrad = inGrad || t.Producer != -2
			c, err := tensorsBytes(n.Inputs[j:j+1], dt)
			if err != nil {
				return err
			}
			b = a.Add(b, c)
		}
		if inGrad {
			w, err := paramsBytes(weights, dt) // weights read for grad input
			if err != nil {
				return err
			}
			b = a.Add(b, w)
		}
		var trainable []graph.ParamTensor
		for _, p := range weights {
			if p.Trainable && !p.Buffer {
				trainable = append(trainable, p)
			}
		}
		if len(trainable) > 0 && len(n.Inputs) > 0 {
			w, err := paramsBytes(trainable, dt) // weight gradients written
			if err != nil {
				return err
			}
			x, err := tensorsBytes(n.Inputs[:1], dt) // input read for them
			if err != nil {
				return err
			}
			b = a.Add(b, w, x)
		}
		l.BackwardFLOPs, l.BackwardBytes = flops[i], b
		l.BackwardSeconds = math.Max(float64(flops[i])/pk, float64(b)/bw)
		r.BackwardFLOPs = a.Add(r.BackwardFLOPs, flops[i])
		r.BackwardBytes = a.Add(r.BackwardBytes, b)
		r.BackwardSeconds += l.BackwardSeconds
	}
	if a.Err != nil {
		return a.Err
	}
	r.TrainStepSeconds = r.Seconds + r.BackwardSeconds
	r.BackwardCounted = true
	return nil
}

// producesOutputs reports whether n made its outputs itself: a script
// module without children is recorded after the calls its forward made,
// which produced its outputs and are on the roofline themselves.
func producesOutputs(n *graph.Node) bool {
	for _, t := range n.Outputs {
		if t.Producer != n.ID {
			return false
		}
	}
	return true
}
