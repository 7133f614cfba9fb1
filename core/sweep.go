package core

import (
	"errors"
	"floplab/core/chart"
	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/memory"
	"floplab/core/msg"
	"floplab/core/units"
	"strconv"
)

// Sweep kinds.
const (
	SweepResolution = "resolution" // H and W of an N×C×H×W input, or the sequence length of N×L tokens
	SweepBatch      = "batch"
)

// SweepResult is one sweep: what varied and the figures at each value.
type SweepResult struct {
	Kind string `json:"kind"`
	// Dims are the dimensions of the first input that varied.
	Dims   []int              `json:"dims"`
	Points []chart.SweepPoint `json:"points"`
	// Err is set when the sweep stopped early (e.g. a fixed-size model).
	Err string `json:"error,omitempty"`
}

// SweepPlan picks the dimensions and values of a sweep around an input
// shape: resolution 64…512 px for images (sequence length up to the
// current one for tokens), batch 1…64.
func SweepPlan(shape []int64, kind string) (dims []int, values []int64) {
	switch {
	case kind == SweepBatch && len(shape) > 0:
		return []int{0}, []int64{1, 2, 4, 8, 16, 32, 64}
	case kind == SweepResolution && len(shape) == 4:
		return []int{2, 3}, []int64{64, 128, 224, 320, 384, 448, 512}
	case kind == SweepResolution && len(shape) == 3:
		return []int{2}, []int64{64, 128, 224, 320, 384, 448, 512}
	case kind == SweepResolution && len(shape) == 2:
		var vs []int64
		for v := shape[1]; v >= 16 && len(vs) < 7; v /= 2 {
			vs = append([]int64{v}, vs...)
		}
		return []int{1}, vs
	}
	return nil, nil
}

// Sweep analyses req at each value of SweepPlan and records MACs (FlopLab
// convention), the peak live activation bytes at the dtype, and params.
// A model that refuses a size ends the sweep there (Err says why).
func Sweep(req Request, kind string) (*SweepResult, error) {
	req.AllConventions, req.Demand = false, nil
	base, err := Analyze(req)
	if err != nil {
		return nil, err
	}
	if len(base.Inputs) == 0 {
		return nil, diag.New(diag.Pos{}, msg.F("the model has no input to sweep"), msg.Text{})
	}
	dims, values := SweepPlan(base.Inputs[0], kind)
	if dims == nil {
		return nil, diag.New(diag.Pos{}, msg.F("no %s sweep for an input of shape %s", kind, shapeText(base.Inputs[:1])), msg.Text{})
	}
	res := &SweepResult{Kind: kind, Dims: dims}
	f := func(s graph.Shape) (int64, int64, int64, error) {
		r := req
		r.Inputs, r.Batch = [][]int64{[]int64(s)}, 0
		for _, in := range base.Inputs[1:] {
			in = append([]int64(nil), in...)
			if kind == SweepBatch && len(in) > 0 {
				in[0] = s[0]
			}
			r.Inputs = append(r.Inputs, in)
		}
		rep, err := Analyze(r)
		if err != nil {
			return 0, 0, 0, err
		}
		dt, _ := units.Lookup(rep.DType)
		inf, err := memory.InferenceMemory(rep.Graph, dt)
		if err != nil {
			return 0, 0, 0, err
		}
		return rep.Totals.MACs, inf.Peak.Bytes, rep.Totals.Params, nil
	}
	pts, err := runSweep(f, graph.Shape(base.Inputs[0]), dims, values)
	res.Points = pts
	if err != nil {
		if len(pts) == 0 {
			return nil, err
		}
		res.Err = firstError(err)
	}
	return res, nil
}

func firstError(err error) string {
	if l := diag.As(err); len(l) > 0 {
		return l[0].Msg.String()
	}
	return err.Error()
}

// InputRow is one line of an input-size table.
type InputRow struct {
	Input  [][]int64 `json:"input"`
	Params int64     `json:"params"`
	MACs   int64     `json:"macs"`
	// Count is the request's convention's figure (CountUnit).
	Count      int64  `json:"count"`
	CountUnit  string `json:"count_unit"`
	ParamBytes int64  `json:"param_bytes"`
	// PeakBytes, SumBytes and TorchinfoBytes are the activation figures:
	// peak live set, simple sum of outputs, torchinfo's forward/backward
	// pass size.
	PeakBytes      int64 `json:"peak_activation_bytes"`
	SumBytes       int64 `json:"sum_activation_bytes"`
	TorchinfoBytes int64 `json:"torchinfo_forward_backward_bytes"`
}

// InputTable analyses req at each input shape.
func InputTable(req Request, inputs [][][]int64) ([]InputRow, error) {
	req.AllConventions, req.Demand = false, nil
	var rows []InputRow
	for _, in := range inputs {
		r := req
		r.Inputs, r.Batch = in, 0
		rep, err := Analyze(r)
		if err != nil {
			return rows, err
		}
		dt, _ := units.Lookup(rep.DType)
		inf, err := memory.InferenceMemory(rep.Graph, dt)
		if err != nil {
			return rows, err
		}
		rows = append(rows, InputRow{Input: rep.Inputs, Params: rep.Totals.Params, MACs: rep.Totals.MACs, Count: rep.Totals.Count,
			CountUnit: rep.Totals.CountUnit, ParamBytes: rep.Totals.ParamBytes, PeakBytes: inf.Peak.Bytes, SumBytes: inf.OutputsSum.Bytes,
			TorchinfoBytes: inf.Torchinfo.Bytes})
	}
	return rows, nil
}

// ArticleInputs are the inputs of the seed article's AlexNet table:
// 224×224, 512×512, and 224×224 at batch 8.
func ArticleInputs() [][][]int64 {
	return [][][]int64{{{1, 3, 224, 224}}, {{1, 3, 512, 512}}, {{8, 3, 224, 224}}}
}

// sweepFunc analyses the model at one input shape and returns its MACs,
// activation bytes and parameter count (trace + count + memory estimate).
type sweepFunc func(shape graph.Shape) (macs, activationBytes, params int64, err error)

// runSweep calls f once per value, with base copied and every dimension
// listed in dims set to the value: dims {0} sweeps the batch, {2, 3} the
// resolution of an N×C×H×W input. It stops at the first error.
func runSweep(f sweepFunc, base graph.Shape, dims []int, values []int64) ([]chart.SweepPoint, error) {
	if f == nil {
		return nil, errors.New("sweep: nil sweep function")
	}
	for _, d := range dims {
		if d < 0 || d >= len(base) {
			return nil, errors.New("sweep: sweep dimension " + strconv.Itoa(d) + " out of range for a rank-" + strconv.Itoa(len(base)) + " shape")
		}
	}
	out := make([]chart.SweepPoint, 0, len(values))
	for _, v := range values {
		if v <= 0 {
			return nil, errors.New("sweep: sweep value " + strconv.FormatInt(v, 10) + " is not positive")
		}
		s := append(graph.Shape(nil), base...)
		for _, d := range dims {
			s[d] = v
		}
		m, a, p, err := f(s)
		if err != nil {
			return out, err
		}
		out = append(out, chart.SweepPoint{Value: v, Shape: s, MACs: m, ActivationBytes: a, Params: p})
	}
	return out, nil
}
