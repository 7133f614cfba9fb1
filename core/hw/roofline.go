package hw

import (
	"errors"
	"math"

	"floplab/core/graph"
	"floplab/core/memory"
	"floplab/core/units"
)

// Bound says what limits a layer.
const (
	Compute = "compute"
	Memory  = "memory"
	// View is a node that moves no data (a view, eval dropout, in-place).
	View = "view"
)

// LowerBoundNote is the caveat every front end shows next to roofline
// figures.
const LowerBoundNote = "lower bounds from peak throughput and bandwidth: real runs are slower (launch overhead, utilisation, framework time). " +
	"Measured on an H200, ResNet-50 fp32 inference took 3.5 ms at batch 1 against an ideal of about 0.01 ms, and 7.95 ms at batch 64."

// Layer is one node on the roofline.
type Layer struct {
	Node int    `json:"node"`
	Name string `json:"name"`
	Type string `json:"type"`
	// FLOPs = 2·MACs + Add + Mul + Cmp + Exp.
	FLOPs int64 `json:"flops"`
	// Bytes moved = inputs + outputs + the module's weights, at the dtype
	// (token ids as int64); 0 for views.
	Bytes int64 `json:"bytes"`
	// Intensity is FLOPs / Bytes (0 when Bytes is 0).
	Intensity float64 `json:"intensity"`
	// Seconds is max(FLOPs / peak, Bytes / bandwidth).
	Seconds float64 `json:"seconds"`
	Bound   string  `json:"bound"`
	// BackwardFLOPs, BackwardBytes and BackwardSeconds are the layer's
	// share of the backward pass (AddBackward; 0 where it does not reach).
	BackwardFLOPs   int64   `json:"backward_flops,omitempty"`
	BackwardBytes   int64   `json:"backward_bytes,omitempty"`
	BackwardSeconds float64 `json:"backward_seconds,omitempty"`
}

// Roofline is the lower-bound time of a forward pass on one device.
type Roofline struct {
	Device    string  `json:"device"`
	DType     string  `json:"dtype"`
	Peak      int64   `json:"peak"`      // ops/s at the dtype
	Bandwidth int64   `json:"bandwidth"` // bytes/s
	Ridge     float64 `json:"ridge"`     // FLOPs per byte
	Layers    []Layer `json:"layers"`
	FLOPs     int64   `json:"flops"`
	Bytes     int64   `json:"bytes"`
	// Seconds is Σ per-layer lower bounds (each layer reads its inputs and
	// weights and writes its outputs through memory).
	Seconds float64 `json:"lower_bound_seconds"`
	// FusedSeconds is the whole-model ideal: max(total FLOPs / peak,
	// (weights + inputs + outputs) / bandwidth), as if every intermediate
	// stayed on chip.
	FusedSeconds float64 `json:"fused_lower_bound_seconds"`
	// FusedBytes is what the fused ideal moves: weights + inputs +
	// outputs.
	FusedBytes int64 `json:"fused_bytes"`
	// WeightBytes is the weights part of FusedBytes.
	WeightBytes int64 `json:"weight_bytes"`
	// Batch is the number of samples (images, sequences) per pass.
	Batch int64 `json:"batch"`
	// PerSecond is Batch / Seconds: an upper bound on throughput.
	PerSecond float64 `json:"samples_per_second"`
	// TrainStepSeconds is Seconds + BackwardSeconds once AddBackward
	// counted the backward pass layer by layer; 3 × Seconds (backward ≈
	// 2 × forward) before.
	TrainStepSeconds float64 `json:"train_step_seconds"`
	// BackwardSeconds, BackwardFLOPs and BackwardBytes are the backward
	// pass's lower bound and what it computes and moves (AddBackward);
	// BackwardCounted says AddBackward ran.
	BackwardSeconds float64 `json:"backward_seconds,omitempty"`
	BackwardFLOPs   int64   `json:"backward_flops,omitempty"`
	BackwardBytes   int64   `json:"backward_bytes,omitempty"`
	BackwardCounted bool    `json:"backward_counted,omitempty"`
	// ComputeSeconds and MemorySeconds split Seconds by the bound of each
	// layer; Bound is the larger share.
	ComputeSeconds float64 `json:"compute_seconds"`
	MemorySeconds  float64 `json:"memory_seconds"`
	Bound          string  `json:"bound"`
	Note           string  `json:"note"`
}

// weightsOf are the parameters and buffers a call reads: the module's
// (every call reads them again) or, for a function call, its own.
func weightsOf(g *graph.Graph, n *graph.Node) []graph.ParamTensor {
	if n.Call == graph.CallModule && n.Module >= 0 && n.Module < len(g.Modules) && g.Modules[n.Module] != nil {
		return g.Modules[n.Module].Params
	}
	return n.Params
}

func tensorsBytes(ts []graph.Tensor, dt units.DType) (int64, error) {
	var s int64
	for _, t := range ts {
		b, err := memory.TensorBytes(t, dt)
		if err != nil {
			return 0, err
		}
		if s, err = units.Add(s, b); err != nil {
			return 0, err
		}
	}
	return s, nil
}

func paramsBytes(ps []graph.ParamTensor, dt units.DType) (int64, error) {
	var n int64
	for _, p := range ps {
		c, err := memory.TensorBytes(graph.Tensor{Shape: p.Shape}, dt)
		if err != nil {
			return 0, err
		}
		if n, err = units.Add(n, c); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// Analyze computes the roofline of g on dev at dt. batch is the number of
// samples in the pass; 0 takes the first dimension of the first input.
func Analyze(g *graph.Graph, dev Device, dt units.DType, batch int64) (*Roofline, error) {
	if g == nil {
		return nil, errors.New("hw: nil graph")
	}
	peak, ok := dev.PeakFor(dt.Name)
	if !ok {
		return nil, errors.New("hw: " + dev.Name + " has no published " + dt.Name + " throughput")
	}
	if dev.Bandwidth <= 0 {
		return nil, errors.New("hw: " + dev.Name + " has no memory bandwidth")
	}
	if batch <= 0 {
		batch = 1
		if len(g.Inputs) > 0 && len(g.Inputs[0].Shape) > 0 && g.Inputs[0].Shape[0] > 0 {
			batch = g.Inputs[0].Shape[0]
		}
	}
	r := &Roofline{Device: dev.Name, DType: dt.Name, Peak: peak, Bandwidth: dev.Bandwidth, Batch: batch, Note: LowerBoundNote}
	r.Ridge = float64(peak) / float64(dev.Bandwidth)
	pk, bw := float64(peak), float64(dev.Bandwidth)
	var weights int64
	for _, n := range g.Nodes {
		if n == nil {
			continue
		}
		f, err := n.Ops.FLOPs()
		if err != nil {
			return nil, errors.New("hw: " + n.Name + ": FLOPs " + err.Error())
		}
		l := Layer{Node: n.ID, Name: n.Name, Type: n.Type, FLOPs: f}
		if memory.IsView(n) && f == 0 {
			l.Bound = View
		} else {
			in, err := tensorsBytes(n.Inputs, dt)
			if err != nil {
				return nil, err
			}
			out, err := tensorsBytes(n.Outputs, dt)
			if err != nil {
				return nil, err
			}
			w, err := paramsBytes(weightsOf(g, n), dt)
			if err != nil {
				return nil, err
			}
			if l.Bytes, err = units.Sum(in, out, w); err != nil {
				return nil, err
			}
			if len(n.Params) > 0 {
				own, err := paramsBytes(n.Params, dt)
				if err != nil {
					return nil, err
				}
				if weights, err = units.Add(weights, own); err != nil {
					return nil, err
				}
			}
			tc, tm := float64(f)/pk, float64(l.Bytes)/bw
			l.Seconds = math.Max(tc, tm)
			if l.Bytes > 0 {
				l.Intensity = float64(f) / float64(l.Bytes)
			}
			if tc >= tm && f > 0 {
				l.Bound = Compute
				r.ComputeSeconds += l.Seconds
			} else {
				l.Bound = Memory
				r.MemorySeconds += l.Seconds
			}
		}
		var err2 error
		if r.FLOPs, err2 = units.Add(r.FLOPs, f); err2 != nil {
			return nil, err2
		}
		if r.Bytes, err2 = units.Add(r.Bytes, l.Bytes); err2 != nil {
			return nil, err2
		}
		r.Seconds += l.Seconds
		r.Layers = append(r.Layers, l)
	}
	in, err := tensorsBytes(g.Inputs, dt)
	if err != nil {
		return nil, err
	}
	out, err := tensorsBytes(g.Outputs, dt)
	if err != nil {
		return nil, err
	}
	minBytes, err := units.Sum(weights, in, out)
	if err != nil {
		return nil, err
	}
	r.FusedSeconds = math.Max(float64(r.FLOPs)/pk, float64(minBytes)/bw)
	r.FusedBytes, r.WeightBytes = minBytes, weights
	if r.Seconds > 0 {
		r.PerSecond = float64(batch) / r.Seconds
	}
	r.TrainStepSeconds = 3 * r.Seconds
	r.Bound = Memory
	if r.ComputeSeconds >= r.MemorySeconds && r.ComputeSeconds > 0 {
		r.Bound = Compute
	}
	return r, nil
}
