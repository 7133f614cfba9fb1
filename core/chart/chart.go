// Package chart draws small, dependency-free SVG charts for FlopLab: a
// log-log roofline with layers as points, stacked bars of memory terms,
// line charts of sweeps (operations, activation bytes and parameters
// against input resolution or batch), and a log-log scatter of presets.
//
// Charts are plain strings of SVG built from plain data, so the CLI can
// write them to files and the web page can inline them. They read in light
// and dark themes: lines and text use currentColor, series colours come
// from CSS classes (fl-c0 … fl-c7) whose defaults are mid-tone colours and
// which a page can override with the variables --fl-c0 … --fl-c7. Axis
// labels and titles are passed in by the caller (so any language works);
// every piece of text is XML-escaped. Output is deterministic: the same
// input gives the same bytes.
package chart

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// Axis describes one axis.
type Axis struct {
	Label string
	// Log selects a base-10 logarithmic scale; values ≤ 0 are not drawn.
	Log bool
	// Format prints a tick value; nil uses SI suffixes (1.5k, 20M, 3G).
	Format func(float64) string
}

// Options are common to all charts.
type Options struct {
	Title string
	// Width and Height in pixels; 0 gives 640×400.
	Width, Height int
	X, Y          Axis
	// Class is added to the root element's class list.
	Class string
}

// Series is one line: points (X[i], Y[i]).
type Series struct {
	Name string
	X, Y []float64
}

// Point is one marker. Label is drawn next to it (empty: none); Title is
// the hover text (empty: Label); Group picks the colour and legend entry.
type Point struct {
	X, Y  float64
	Label string
	Title string
	Group string
}

// Part is one segment of a stacked bar.
type Part struct {
	Name  string
	Value float64
}

// Bar is one stacked bar.
type Bar struct {
	Label string
	Parts []Part
}

const palette = 8

var defaultColors = [palette]string{"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#9c6ade", "#edc948", "#76b7b2", "#ff9da7"}

// Escape makes s safe as SVG/XML text or attribute content.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if r < 0x20 && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF {
				b.WriteRune(0xFFFD) // not allowed in XML 1.0
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// num prints a pixel coordinate with at most 2 decimals.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// SI prints v with an SI suffix and up to 3 significant digits: 1.5k,
// 20M, 3G, 0.25.
func SI(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	sfx := []struct {
		f float64
		s string
	}{{1e18, "E"}, {1e15, "P"}, {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}}
	for _, x := range sfx {
		if a >= x.f {
			return trimNum(v/x.f) + x.s
		}
	}
	if a < 1e-3 {
		return strconv.FormatFloat(v, 'e', 0, 64)
	}
	return trimNum(v)
}

func trimNum(v float64) string {
	s := strconv.FormatFloat(v, 'g', 3, 64)
	if strings.ContainsAny(s, "e") {
		s = strconv.FormatFloat(v, 'f', 0, 64)
	}
	return s
}

// scale maps data values to pixels.
type scale struct {
	lo, hi float64 // data domain (log10 of it for log scales)
	p0, p1 float64 // pixel range
	log    bool
}

func (s scale) px(v float64) float64 {
	if s.log {
		v = math.Log10(v)
	}
	if s.hi == s.lo {
		return (s.p0 + s.p1) / 2
	}
	return s.p0 + (v-s.lo)/(s.hi-s.lo)*(s.p1-s.p0)
}

// ok reports whether v can be drawn on the scale.
func (s scale) ok(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && (!s.log || v > 0)
}

// newScale builds a scale over the finite values (positive ones for log)
// and returns its ticks. zero includes 0 in a linear domain.
func newScale(vals []float64, log, zero bool, p0, p1 float64) (scale, []float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) || (log && v <= 0) {
			continue
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if log {
		if lo > hi {
			lo, hi = 1, 10
		}
		a, b := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
		if a == b {
			b = a + 1
		}
		step := math.Max(1, math.Ceil((b-a)/8))
		var ticks []float64
		for e := a; e <= b+1e-9; e += step {
			ticks = append(ticks, math.Pow(10, e))
		}
		return scale{lo: a, hi: b, p0: p0, p1: p1, log: true}, ticks
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	if zero {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	if lo == hi {
		if lo == 0 {
			hi = 1
		} else {
			lo, hi = lo-math.Abs(lo)/2, hi+math.Abs(hi)/2
		}
	}
	step := niceStep((hi - lo) / 5)
	a, b := math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	var ticks []float64
	for i := 0; ; i++ {
		v := a + float64(i)*step
		if v > b+step/2 || i > 50 {
			break
		}
		ticks = append(ticks, v)
	}
	return scale{lo: a, hi: b, p0: p0, p1: p1}, ticks
}

func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*e >= raw {
			return m * e
		}
	}
	return 10 * e
}

// frame holds a chart under construction.
type frame struct {
	b          strings.Builder
	w, h       int
	l, r, t, d float64 // plot area: left, right, top, bottom pixels
	// reserved are boxes point labels must avoid (e.g. the roof label).
	reserved []box
}

func size(o Options) (int, int) {
	w, h := o.Width, o.Height
	if w <= 0 {
		w = 640
	}
	if h <= 0 {
		h = 400
	}
	return min(max(w, 160), 4000), min(max(h, 120), 4000)
}

func style() string {
	var b strings.Builder
	b.WriteString("<style>")
	b.WriteString(".fl-chart{font-family:system-ui,sans-serif;font-size:12px}")
	b.WriteString(".fl-chart text{fill:currentColor;stroke:none}")
	b.WriteString(".fl-axis{stroke:currentColor;stroke-width:1;fill:none}")
	b.WriteString(".fl-grid{stroke:currentColor;stroke-opacity:.15;stroke-width:1;fill:none}")
	b.WriteString(".fl-roof{stroke:currentColor;stroke-width:2;fill:none}")
	b.WriteString(".fl-title{font-size:14px;font-weight:600}")
	b.WriteString(".fl-label{font-size:10px;fill-opacity:.85}")
	b.WriteString(".fl-line{fill:none;stroke-width:2}")
	for i, c := range defaultColors {
		n := strconv.Itoa(i)
		// Plain colours first for renderers without CSS variables.
		b.WriteString(".fl-c" + n + "{fill:" + c + ";stroke:" + c + ";fill:var(--fl-c" + n + "," + c + ");stroke:var(--fl-c" + n + "," + c + ")}")
	}
	b.WriteString(".fl-line.fl-c0,.fl-line.fl-c1,.fl-line.fl-c2,.fl-line.fl-c3,.fl-line.fl-c4,.fl-line.fl-c5,.fl-line.fl-c6,.fl-line.fl-c7{fill:none}")
	b.WriteString("</style>")
	return b.String()
}

// open starts the SVG with room for the title, axis labels and a legend
// column of legendW pixels.
func open(o Options, kind string, legendW float64) *frame {
	w, h := size(o)
	f := &frame{w: w, h: h, l: 78, r: float64(w) - 16 - legendW, t: 30, d: float64(h) - 46}
	if o.Title == "" {
		f.t = 14
	}
	cls := "fl-chart fl-" + kind
	if o.Class != "" {
		cls += " " + o.Class
	}
	f.b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="` + Escape(cls) + `" width="` + strconv.Itoa(w) + `" height="` + strconv.Itoa(h) +
		`" viewBox="0 0 ` + strconv.Itoa(w) + " " + strconv.Itoa(h) + `" role="img"`)
	if o.Title != "" {
		f.b.WriteString(` aria-label="` + Escape(o.Title) + `"`)
	}
	f.b.WriteString(">")
	f.b.WriteString(style())
	if o.Title != "" {
		f.b.WriteString(`<title>` + Escape(o.Title) + `</title>`)
		f.text(float64(w)/2, 19, "middle", "fl-title", o.Title)
	}
	return f
}

func (f *frame) close() string {
	f.b.WriteString("</svg>")
	return f.b.String()
}

func (f *frame) text(x, y float64, anchor, class, s string) {
	f.b.WriteString(`<text x="` + num(x) + `" y="` + num(y) + `"`)
	if anchor != "" && anchor != "start" {
		f.b.WriteString(` text-anchor="` + anchor + `"`)
	}
	if class != "" {
		f.b.WriteString(` class="` + class + `"`)
	}
	f.b.WriteString(">" + Escape(s) + "</text>")
}

func (f *frame) line(x1, y1, x2, y2 float64, class string) {
	f.b.WriteString(`<line x1="` + num(x1) + `" y1="` + num(y1) + `" x2="` + num(x2) + `" y2="` + num(y2) + `" class="` + class + `"/>`)
}

func tickText(a Axis, v float64) string {
	if a.Format != nil {
		return a.Format(v)
	}
	return SI(v)
}

// axes draws grid, ticks and labels for an x and a y scale.
func (f *frame) axes(o Options, xs scale, xt []float64, ys scale, yt []float64) {
	f.b.WriteString(`<g class="fl-axes">`)
	for _, v := range xt {
		x := xs.px(v)
		f.line(x, f.t, x, f.d, "fl-grid")
		f.line(x, f.d, x, f.d+4, "fl-axis")
		f.text(x, f.d+16, "middle", "", tickText(o.X, v))
	}
	f.yAxis(o, ys, yt)
	f.b.WriteString(`</g>`)
}

// yAxis draws the y grid, ticks and tick labels, the two axis lines and
// the axis labels; the bar chart's categories stand in for an x scale.
func (f *frame) yAxis(o Options, ys scale, yt []float64) {
	for _, v := range yt {
		y := ys.px(v)
		f.line(f.l, y, f.r, y, "fl-grid")
		f.line(f.l-4, y, f.l, y, "fl-axis")
		f.text(f.l-6, y+4, "end", "", tickText(o.Y, v))
	}
	f.line(f.l, f.d, f.r, f.d, "fl-axis")
	f.line(f.l, f.t, f.l, f.d, "fl-axis")
	if o.X.Label != "" {
		f.text((f.l+f.r)/2, float64(f.h)-8, "middle", "", o.X.Label)
	}
	if o.Y.Label != "" {
		cy := (f.t + f.d) / 2
		f.b.WriteString(`<text transform="translate(14 ` + num(cy) + `) rotate(-90)" text-anchor="middle">` + Escape(o.Y.Label) + `</text>`)
	}
}

// legend draws entries in a column right of the plot.
func (f *frame) legend(names []string) {
	if len(names) == 0 {
		return
	}
	x := f.r + 14
	f.b.WriteString(`<g class="fl-legend">`)
	for i, n := range names {
		y := f.t + 6 + float64(i)*18
		f.b.WriteString(`<rect x="` + num(x) + `" y="` + num(y) + `" width="10" height="10" class="fl-c` + strconv.Itoa(i%palette) + `"/>`)
		f.text(x+14, y+9, "", "", n)
	}
	f.b.WriteString(`</g>`)
}

// legendWidth estimates the room a legend needs (about 6.5 px a char).
func legendWidth(names []string) float64 {
	m := 0
	for _, n := range names {
		m = max(m, len([]rune(n)))
	}
	if m == 0 {
		return 0
	}
	return math.Min(40+6.5*float64(m), 220)
}

// Line draws one or more series as lines with markers.
func Line(o Options, series []Series) string {
	var names []string
	var xv, yv []float64
	for _, s := range series {
		names = append(names, s.Name)
		n := min(len(s.X), len(s.Y))
		for j := 0; j < n; j++ {
			if okVal(s.X[j], o.X.Log) && okVal(s.Y[j], o.Y.Log) {
				xv, yv = append(xv, s.X[j]), append(yv, s.Y[j])
			}
		}
	}
	if len(series) < 2 {
		names = nil
	}
	f := open(o, "line", legendWidth(names))
	xs, xt := newScale(xv, o.X.Log, false, f.l, f.r)
	ys, yt := newScale(yv, o.Y.Log, true, f.d, f.t)
	f.axes(o, xs, xt, ys, yt)
	for i, s := range series {
		cls := "fl-c" + strconv.Itoa(i%palette)
		n := min(len(s.X), len(s.Y))
		var pts []string
		f.b.WriteString(`<g class="fl-series">`)
		if s.Name != "" {
			f.b.WriteString(`<title>` + Escape(s.Name) + `</title>`)
		}
		for j := 0; j < n; j++ {
			if !xs.ok(s.X[j]) || !ys.ok(s.Y[j]) {
				continue
			}
			pts = append(pts, num(xs.px(s.X[j]))+","+num(ys.px(s.Y[j])))
		}
		if len(pts) > 1 {
			f.b.WriteString(`<polyline class="fl-line ` + cls + `" points="` + strings.Join(pts, " ") + `"/>`)
		}
		for _, p := range pts {
			xy := strings.SplitN(p, ",", 2)
			f.b.WriteString(`<circle cx="` + xy[0] + `" cy="` + xy[1] + `" r="3" class="` + cls + `"/>`)
		}
		f.b.WriteString(`</g>`)
	}
	f.legend(names)
	return f.close()
}

// groups returns the distinct groups in first-seen order.
func groups(pts []Point) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range pts {
		if !seen[p.Group] {
			seen[p.Group] = true
			out = append(out, p.Group)
		}
	}
	return out
}

// points draws markers coloured by group, with labels and hover titles.
func (f *frame) points(pts []Point, gs []string, xs, ys scale) {
	idx := map[string]int{}
	for i, g := range gs {
		idx[g] = i
	}
	// Draw in a stable order; labels after markers so markers never hide them.
	f.b.WriteString(`<g class="fl-points">`)
	for _, p := range pts {
		if !xs.ok(p.X) || !ys.ok(p.Y) {
			continue
		}
		t := p.Title
		if t == "" {
			t = p.Label
		}
		f.b.WriteString(`<circle cx="` + num(xs.px(p.X)) + `" cy="` + num(ys.px(p.Y)) + `" r="4" fill-opacity=".8" class="fl-c` + strconv.Itoa(idx[p.Group]%palette) + `">`)
		if t != "" {
			f.b.WriteString(`<title>` + Escape(t) + `</title>`)
		}
		f.b.WriteString(`</circle>`)
	}
	// Labels: the first of six places around the marker whose box stays
	// inside the plot and clear of earlier labels and of every marker; a
	// label with no free place is left to the hover title.
	placed := append([]box(nil), f.reserved...)
	for _, p := range pts {
		if xs.ok(p.X) && ys.ok(p.Y) {
			x, y := xs.px(p.X), ys.px(p.Y)
			placed = append(placed, box{x - 4, y - 4, x + 4, y + 4})
		}
	}
	for _, p := range pts {
		if p.Label == "" || !xs.ok(p.X) || !ys.ok(p.Y) {
			continue
		}
		x, y := xs.px(p.X), ys.px(p.Y)
		w := 5.8 * float64(len([]rune(p.Label)))
		cands := []struct {
			x, y   float64
			anchor string
			b      box
		}{
			{x + 6, y - 5, "", box{x + 6, y - 14, x + 6 + w, y - 3}},
			{x + 6, y + 13, "", box{x + 6, y + 4, x + 6 + w, y + 15}},
			{x - 6, y - 5, "end", box{x - 6 - w, y - 14, x - 6, y - 3}},
			{x - 6, y + 13, "end", box{x - 6 - w, y + 4, x - 6, y + 15}},
			{x, y - 8, "middle", box{x - w/2, y - 17, x + w/2, y - 6}},
			{x, y + 16, "middle", box{x - w/2, y + 7, x + w/2, y + 18}},
		}
		for _, c := range cands {
			if c.b.x0 < f.l || c.b.x1 > f.r || c.b.y0 < f.t || c.b.y1 > f.d || c.b.hitsAny(placed) {
				continue
			}
			placed = append(placed, c.b)
			f.text(c.x, c.y, c.anchor, "fl-label", p.Label)
			break
		}
	}
	f.b.WriteString(`</g>`)
}

func okVal(v float64, log bool) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && (!log || v > 0)
}

// drawable returns the coordinates of the points that can be drawn, so
// that points left out do not stretch the axes.
func drawable(pts []Point, xlog, ylog bool) (xv, yv []float64) {
	for _, p := range pts {
		if okVal(p.X, xlog) && okVal(p.Y, ylog) {
			xv, yv = append(xv, p.X), append(yv, p.Y)
		}
	}
	return xv, yv
}

// box is a rectangle in pixels.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) hitsAny(bs []box) bool {
	for _, o := range bs {
		if b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1 {
			return true
		}
	}
	return false
}

// Scatter draws points, coloured and listed in the legend by Group. With
// both axes Log it is the presets' params-vs-MACs map.
func Scatter(o Options, pts []Point) string {
	gs := groups(pts)
	names := gs
	if len(gs) == 1 && gs[0] == "" {
		names = nil
	}
	f := open(o, "scatter", legendWidth(names))
	xv, yv := drawable(pts, o.X.Log, o.Y.Log)
	xs, xt := newScale(xv, o.X.Log, false, f.l, f.r)
	ys, yt := newScale(yv, o.Y.Log, false, f.d, f.t)
	f.axes(o, xs, xt, ys, yt)
	f.points(pts, gs, xs, ys)
	f.legend(names)
	return f.close()
}

// Roofline draws the roof min(peak, bandwidth·I) on log-log axes of
// arithmetic intensity (FLOP/byte) against attainable FLOP/s, with the
// points (usually one per layer at X = its intensity, Y = FLOPs / its
// lower-bound time, so they sit on the roof). Points with X or Y ≤ 0 are
// not drawn. Axis labels come from o; both axes are forced to log.
func Roofline(o Options, peak, bandwidth float64, pts []Point) string {
	o.X.Log, o.Y.Log = true, true
	gs := groups(pts)
	names := gs
	if len(gs) == 1 && gs[0] == "" {
		names = nil
	}
	f := open(o, "roofline", legendWidth(names))
	ridge := 0.0
	if peak > 0 && bandwidth > 0 {
		ridge = peak / bandwidth
	}
	xv := []float64{}
	yv := []float64{}
	if ridge > 0 {
		xv = append(xv, ridge/100, ridge*10)
		yv = append(yv, peak*3, peak/100)
	}
	px, py := drawable(pts, true, true)
	xv, yv = append(xv, px...), append(yv, py...)
	xs, xt := newScale(xv, true, false, f.l, f.r)
	ys, yt := newScale(yv, true, false, f.d, f.t)
	f.axes(o, xs, xt, ys, yt)
	if ridge > 0 {
		x0 := math.Pow(10, xs.lo)
		x1 := math.Pow(10, xs.hi)
		y0 := bandwidth * x0
		// The sloped part starts where it enters the plot.
		if y0 < math.Pow(10, ys.lo) {
			x0 = math.Pow(10, ys.lo) / bandwidth
			y0 = math.Pow(10, ys.lo)
		}
		f.b.WriteString(`<polyline class="fl-roof" points="` + num(xs.px(x0)) + "," + num(ys.px(y0)) + " " +
			num(xs.px(ridge)) + "," + num(ys.px(peak)) + " " + num(xs.px(x1)) + "," + num(ys.px(peak)) + `"/>`)
		f.line(xs.px(ridge), ys.px(peak), xs.px(ridge), f.d, "fl-grid")
		lbl := SI(peak) + "/s · ridge " + trimNum(ridge)
		w := 5.8 * float64(len([]rune(lbl)))
		f.text(f.r-4, ys.px(peak)-6, "end", "fl-label", lbl)
		f.reserved = append(f.reserved, box{f.r - 4 - w, ys.px(peak) - 15, f.r - 4, ys.px(peak) - 4})
	}
	f.points(pts, gs, xs, ys)
	f.legend(names)
	return f.close()
}

// StackedBar draws vertical bars, each a stack of parts; parts with the
// same name share a colour and a legend entry. Negative and non-finite
// parts are drawn as 0.
func StackedBar(o Options, bars []Bar) string {
	var names []string
	seen := map[string]int{}
	var totals []float64
	for _, b := range bars {
		t := 0.0
		for _, p := range b.Parts {
			if _, ok := seen[p.Name]; !ok {
				seen[p.Name] = len(names)
				names = append(names, p.Name)
			}
			t += clean(p.Value)
		}
		totals = append(totals, t)
	}
	f := open(o, "bar", legendWidth(names))
	o.Y.Log = false
	ys, yt := newScale(append(totals, 0), false, true, f.d, f.t)
	// x axis: categories.
	f.b.WriteString(`<g class="fl-axes">`)
	f.yAxis(o, ys, yt)
	f.b.WriteString(`</g>`)
	n := float64(max(len(bars), 1))
	slot := (f.r - f.l) / n
	bw := math.Min(slot*0.6, 90)
	for i, b := range bars {
		x := f.l + slot*(float64(i)+0.5) - bw/2
		acc := 0.0
		f.b.WriteString(`<g class="fl-bar">`)
		for _, p := range b.Parts {
			v := clean(p.Value)
			if v == 0 {
				continue
			}
			y1, y0 := ys.px(acc+v), ys.px(acc)
			f.b.WriteString(`<rect x="` + num(x) + `" y="` + num(y1) + `" width="` + num(bw) + `" height="` + num(y0-y1) +
				`" class="fl-c` + strconv.Itoa(seen[p.Name]%palette) + `"><title>` + Escape(b.Label+" · "+p.Name+": "+tickText(o.Y, v)) + `</title></rect>`)
			acc += v
		}
		f.text(x+bw/2, ys.px(acc)-4, "middle", "fl-label", tickText(o.Y, acc))
		f.text(x+bw/2, f.d+16, "middle", "", b.Label)
		f.b.WriteString(`</g>`)
	}
	f.legend(names)
	return f.close()
}

func clean(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}

// TopN returns the indices of the n largest values, largest first (ties
// by index), for choosing which points to label.
func TopN(vals []float64, n int) []int {
	idx := make([]int, len(vals))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return vals[idx[i]] > vals[idx[j]] })
	if n < len(idx) {
		idx = idx[:max(n, 0)]
	}
	return idx
}
