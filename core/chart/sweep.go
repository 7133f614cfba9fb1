package chart

import (
	"strconv"

	"floplab/core/graph"
	"floplab/core/hw"
)

// SweepPoint is one shape of a sweep, as core.Sweep measures it: the
// data Sweep draws.
type SweepPoint struct {
	Value           int64       `json:"value"` // the swept dimension's value
	Shape           graph.Shape `json:"shape"`
	MACs            int64       `json:"macs"`
	ActivationBytes int64       `json:"activation_bytes"`
	Params          int64       `json:"params"`
}

// SweepLabels are the captions of a sweep chart (caller's language).
type SweepLabels struct {
	Title       string
	X           string // "input resolution (px)" or "batch"
	MACs        string // panel caption, e.g. "MACs"
	Activations string // e.g. "activation memory (bytes)"
	Params      string // e.g. "parameters"
	// Bytes formats the activation axis (nil: SI, e.g. "20M").
	Bytes func(float64) string
}

// Sweep draws three stacked panels sharing the x axis: MACs, activation
// bytes and parameters against the swept value. Panels are separate SVG
// charts joined in one root so each keeps its own y scale.
func Sweep(o Options, l SweepLabels, pts []SweepPoint) string {
	w, h := size(o)
	ph := h / 3
	x := make([]float64, len(pts))
	m := make([]float64, len(pts))
	a := make([]float64, len(pts))
	p := make([]float64, len(pts))
	for i, s := range pts {
		x[i], m[i], a[i], p[i] = float64(s.Value), float64(s.MACs), float64(s.ActivationBytes), float64(s.Params)
	}
	panel := func(title string, y []float64, yf func(float64) string, xl string) string {
		po := Options{Title: title, Width: w, Height: ph, X: Axis{Label: xl, Log: o.X.Log}, Y: Axis{Format: yf}}
		return Line(po, []Series{{Name: title, X: x, Y: y}})
	}
	var b []byte
	b = append(b, `<svg xmlns="http://www.w3.org/2000/svg" class="fl-chart fl-sweep`...)
	if o.Class != "" {
		b = append(b, " "+Escape(o.Class)...)
	}
	b = append(b, `" width="`+strconv.Itoa(w)+`" height="`+strconv.Itoa(3*ph)+`" viewBox="0 0 `+strconv.Itoa(w)+" "+strconv.Itoa(3*ph)+`" role="img"`...)
	if l.Title != "" {
		b = append(b, ` aria-label="`+Escape(l.Title)+`"><title>`+Escape(l.Title)+`</title`...)
	}
	b = append(b, '>')
	for i, s := range []string{
		panel(l.MACs, m, nil, ""),
		panel(l.Activations, a, l.Bytes, ""),
		panel(l.Params, p, nil, l.X),
	} {
		b = append(b, `<g transform="translate(0 `+strconv.Itoa(i*ph)+`)">`...)
		b = append(b, s...)
		b = append(b, "</g>"...)
	}
	b = append(b, "</svg>"...)
	return string(b)
}

// RooflineChart draws r: one point per layer that does work (views and
// zero-FLOP layers cannot sit on log axes and are left out), coloured by
// bound, the `label` layers that take longest labelled. groupNames maps
// hw.Compute / hw.Memory to legend text (nil: the English words).
func RooflineChart(o Options, r *hw.Roofline, label int, groupNames map[string]string) string {
	if r == nil {
		return Roofline(o, 0, 0, nil)
	}
	var pts []Point
	var secs []float64
	var names []string
	for _, l := range r.Layers {
		if l.FLOPs <= 0 || l.Bytes <= 0 || l.Seconds <= 0 {
			continue
		}
		g := l.Bound
		if n, ok := groupNames[g]; ok {
			g = n
		}
		pts = append(pts, Point{X: l.Intensity, Y: float64(l.FLOPs) / l.Seconds, Title: l.Name + " (" + l.Type + ")", Group: g})
		secs = append(secs, l.Seconds)
		names = append(names, l.Name)
	}
	for _, i := range TopN(secs, label) {
		pts[i].Label = names[i]
	}
	return Roofline(o, float64(r.Peak), float64(r.Bandwidth), pts)
}
