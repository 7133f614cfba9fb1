package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
	"floplab/core/chart"
	"floplab/core/hw"
	"floplab/core/memory"
	"floplab/core/share"
	"floplab/core/units"
)

// The "Memory & speed" tab: memory terms and the device verdict, roofline
// times, sweeps, the article's AlexNet table and the gallery comparison.
// Figures come from core (ComputeDemand, Sweep, InputTable, Gallery);
// this file only chooses options, renders text and builds the charts.

// DefaultDevice is the device the tab starts with.
const DefaultDevice = "h100-sxm"

// CustomDeviceID is the device picker's value for the user's own device.
const CustomDeviceID = "custom"

// memPanel is the tab's computed state. Its settings (mode, optimizer,
// device, custom device, KV length) are part of the share state
// (share.State's Mode, Optimizer, Device, Custom, Seq), so links carry
// them.
type memPanel struct {
	demand *core.Demand
	bars   []*core.Demand // inference, then training with each optimizer
	err    string

	sweeps   []*core.SweepResult
	sweepErr string
	article  []core.InputRow
	gallery  []core.GalleryRow
	galErr   string
	allRows  bool
	busy     bool
}

// DemandOptions is what the tab asks core for, from the page state.
func DemandOptions(st share.State) core.DemandOptions {
	o := core.DemandOptions{Mode: st.Mode, Optimizer: st.Optimizer, Device: st.Device, Seq: st.Seq}
	if o.Device == "" {
		o.Device = DefaultDevice
	}
	if o.Device == CustomDeviceID {
		o.Device = CustomSpec(st.Custom)
	}
	return o
}

// DeviceID is the device picker's value for a device a link names: a
// built-in id as is, a name or unique id prefix ("h100") as its id, and
// anything else unchanged (the tab then shows why it is not a device).
func DeviceID(s string) string {
	if s == "" || s == CustomDeviceID {
		return s
	}
	for _, d := range hw.Devices() {
		if d.ID == s {
			return s
		}
	}
	if d, err := hw.ParseDevice(s); err == nil && d.ID != CustomDeviceID {
		return d.ID
	}
	return s
}

// CustomSpec writes the custom device fields as hw.ParseDevice reads
// them ("NAME:TFLOPS:GB/s:GB"); empty fields take the defaults shown as
// placeholders.
func CustomSpec(f [4]string) string {
	defs := [4]string{"my device", "100", "1000", "24"}
	for i := range f {
		v := strings.TrimSpace(strings.ReplaceAll(f[i], ":", " "))
		if v == "" {
			v = defs[i]
		}
		f[i] = v
	}
	return strings.Join(f[:], ":")
}

// refreshDemand recomputes the tab's figures for the current report.
func (c *Calculator) refreshDemand() {
	m := &c.mem
	m.demand, m.bars, m.err = nil, nil, ""
	if c.rep == nil || c.eng.Demand == nil {
		return
	}
	o := DemandOptions(c.st)
	d, err := c.eng.Demand(c.rep, o)
	if err != nil {
		m.err = err.Error()
		o.Device = ""
		if d, err = c.eng.Demand(c.rep, o); err != nil {
			return
		}
	}
	m.demand = d
	for _, mo := range []core.DemandOptions{{Mode: core.ModeInference, Seq: o.Seq}, {Mode: core.ModeTrain, Optimizer: "sgd"},
		{Mode: core.ModeTrain, Optimizer: "momentum"}, {Mode: core.ModeTrain, Optimizer: "adam"}} {
		if b, err := c.eng.Demand(c.rep, mo); err == nil {
			m.bars = append(m.bars, b)
		}
	}
}

// request is the current calculation as a core request, at the inputs the
// last result used.
func (c *Calculator) request() core.Request {
	r := core.Request{Script: c.st.Script, Filename: Filename, Convention: c.st.Convention, DType: c.st.DType}
	if c.rep != nil {
		r.Inputs = c.rep.Inputs
	}
	return r
}

// ---- handlers ----

// The tab's settings are share state: each change recomputes the tab and
// updates the link.

func (c *Calculator) onMemSelect(field *string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		*field = ctx.JSSrc().Get("value").String()
		c.refreshDemand()
		c.save(ctx)
	}
}

func (c *Calculator) onCustom(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		c.st.Custom[i] = CustomField(ctx.JSSrc().Get("value").String())
		c.refreshDemand()
		c.save(ctx)
	}
}

func (c *Calculator) onSeq(ctx app.Context, e app.Event) {
	c.st.Seq = ParseSeq(ctx.JSSrc().Get("value").String())
	c.refreshDemand()
	c.save(ctx)
}

// CustomField is a custom device field as a link keeps it: without ':'
// (the separator of NAME:TFLOPS:GB/s:GB), at most share.MaxCustomField
// bytes, cut on a rune boundary.
func CustomField(v string) string {
	v = strings.ReplaceAll(v, ":", " ")
	if len(v) > share.MaxCustomField {
		n := share.MaxCustomField
		for n > 0 && !utf8.RuneStart(v[n]) {
			n--
		}
		v = v[:n]
	}
	return v
}

// ParseSeq reads the KV sequence-length field: 0 (the input's) unless a
// positive integer up to share.MaxSeq (2^24).
func ParseSeq(v string) int64 {
	if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && n > 0 && n <= share.MaxSeq {
		return n
	}
	return 0
}

func (c *Calculator) onRun(f func()) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		c.mem.busy = true
		// Let the page show "computing" before the work blocks the thread.
		ctx.After(30*time.Millisecond, func(ctx app.Context) {
			f()
			c.mem.busy = false
		})
	}
}

func (c *Calculator) onAllRows(ctx app.Context, e app.Event) { c.mem.allRows = !c.mem.allRows }

// onChartExport downloads a chart as SVG, or as PNG through a canvas.
func (c *Calculator) onChartExport(name string, png bool) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		svg := StandaloneSVG(c.chartSVG(name))
		if svg == "" {
			return
		}
		file := exportName(c.rep) + "-" + name
		if png {
			w, h := svgSize(svg)
			downloadPNG(file+".png", svg, w, h)
			return
		}
		download(file+".svg", "image/svg+xml", svg)
	}
}

// runSweeps sweeps resolution and batch.
func (c *Calculator) runSweeps() {
	m := &c.mem
	m.sweeps, m.sweepErr = nil, ""
	if c.rep == nil || c.eng.Sweep == nil {
		return
	}
	var errs []string
	for _, k := range []string{core.SweepResolution, core.SweepBatch} {
		r, err := c.eng.Sweep(c.request(), k)
		if err != nil {
			errs = append(errs, k+": "+firstLine(err.Error()))
			continue
		}
		m.sweeps = append(m.sweeps, r)
	}
	m.sweepErr = strings.Join(errs, "; ")
}

// runArticle computes the seed article's AlexNet table.
func (c *Calculator) runArticle() {
	if c.eng.InputTable == nil {
		return
	}
	st, ok := PresetState("alexnet")
	if !ok {
		return
	}
	req := core.Request{Script: st.Script, Filename: Filename, Convention: "thop-0.0.31", DType: c.st.DType}
	rows, err := c.eng.InputTable(req, core.ArticleInputs())
	c.mem.article = rows
	if err != nil {
		c.mem.sweepErr = err.Error()
	}
}

func (c *Calculator) runGallery() {
	if c.eng.Gallery == nil || c.mem.gallery != nil {
		return
	}
	rows, err := c.eng.Gallery()
	c.mem.gallery, c.mem.galErr = rows, ""
	if err != nil {
		c.mem.galErr = err.Error()
	}
}

// ---- plain functions: figures as text, and charts ----

// FmtBytesBoth is "244.40 MB · 233.08 MiB" with the chosen unit first.
func FmtBytesBoth(b int64, unit string) string {
	if unit == "MiB" {
		return Bytes(b, true) + " · " + Bytes(b, false)
	}
	return Bytes(b, false) + " · " + Bytes(b, true)
}

func bytesAxis(unit string) func(float64) string {
	return func(v float64) string {
		if unit == "MiB" {
			return units.FormatBytes(int64(v), units.Binary)
		}
		return units.FormatBytes(int64(v), units.Decimal)
	}
}

// termLabel is a memory term's label in lang, by its ID (the page's
// "term.<id>" text), or its name when the page has none.
func termLabel(lang string, t memory.Term) string {
	k := "term." + string(t.ID)
	if v := T(lang, k); v != k {
		return v
	}
	return t.Name
}

// Verdict is the device verdict sentence in the page's language and
// byte unit.
func Verdict(lang, unit string, d *core.Demand) string {
	if d == nil || d.Fit == nil {
		return ""
	}
	base := units.Decimal
	if unit == "MiB" {
		base = units.Binary
	}
	return d.Fit.Sentence(base).In(lang)
}

// MemoryChart stacks the terms of inference and of a training step with
// each optimizer.
func MemoryChart(lang, unit string, bars []*core.Demand) string {
	var bs []chart.Bar
	for _, d := range bars {
		label := T(lang, "mem.inference")
		if d.Mode == core.ModeTrain {
			label = T(lang, "opt."+d.Optimizer)
		}
		b := chart.Bar{Label: label}
		for _, t := range d.Terms {
			b.Parts = append(b.Parts, chart.Part{Name: termLabel(lang, t), Value: float64(t.Bytes)})
		}
		bs = append(bs, b)
	}
	dt := ""
	if len(bars) > 0 {
		dt = bars[0].DType
	}
	return chart.StackedBar(chart.Options{Title: sf(T(lang, "chart.memory"), dt), Width: 680, Height: 360,
		Y: chart.Axis{Label: T(lang, "chart.bytes"), Format: bytesAxis(unit)}, Class: "fl-memory"}, bs)
}

// RooflineChart plots the layers on the device's roofline.
func RooflineChart(lang string, d *core.Demand) string {
	if d == nil || d.Roofline == nil {
		return ""
	}
	o := chart.Options{Title: sf(T(lang, "chart.roofline"), d.Roofline.Device, d.Roofline.DType), Width: 680, Height: 400,
		X: chart.Axis{Label: T(lang, "chart.intensity")}, Y: chart.Axis{Label: T(lang, "chart.attainable")}}
	return chart.RooflineChart(o, d.Roofline, 6, map[string]string{hw.Compute: T(lang, "bound.compute"), hw.Memory: T(lang, "bound.memory")})
}

// SweepChart draws MACs, activation memory and params against the swept
// value.
func SweepChart(lang, unit string, r *core.SweepResult) string {
	if r == nil || len(r.Points) == 0 {
		return ""
	}
	x := T(lang, "sweep.x."+r.Kind)
	if r.Kind == core.SweepResolution && len(r.Dims) == 1 {
		x = T(lang, "sweep.x.seq")
	}
	return chart.Sweep(chart.Options{Width: 680, Height: 540, Class: "fl-sweep-" + r.Kind}, chart.SweepLabels{
		Title: sf(T(lang, "sweep.title"), x), X: x, MACs: T(lang, "sweep.macs"), Activations: T(lang, "sweep.act"),
		Params: T(lang, "sweep.params"), Bytes: bytesAxis(unit)}, r.Points)
}

// GalleryChart is the presets' params-vs-MACs map, log-log, coloured by
// group.
func GalleryChart(lang string, rows []core.GalleryRow) string {
	if len(rows) == 0 {
		return ""
	}
	var pts []chart.Point
	for _, r := range rows {
		pts = append(pts, chart.Point{X: float64(r.Params), Y: float64(r.MACs), Label: r.Name, Group: T(lang, "group."+r.Group),
			Title: r.Name + " (" + r.Family + "): " + Short(r.Params) + " params, " + Short(r.MACs) + " MACs"})
	}
	return chart.Scatter(chart.Options{Title: T(lang, "chart.gallery"), Width: 760, Height: 480,
		X: chart.Axis{Label: T(lang, "chart.params"), Log: true}, Y: chart.Axis{Label: T(lang, "chart.macs"), Log: true}}, pts)
}

// StandaloneSVG gives an inline chart the colours it inherits from the
// page, so that an exported file reads on its own (dark text, white
// background).
func StandaloneSVG(svg string) string {
	if !strings.HasPrefix(svg, "<svg ") {
		return svg
	}
	return `<svg style="color:#1c2430;background:#ffffff" ` + svg[len("<svg "):]
}

// svgSize reads the width and height attributes of a chart's root.
func svgSize(svg string) (int, int) {
	get := func(attr string) int {
		i := strings.Index(svg, " "+attr+`="`)
		if i < 0 {
			return 0
		}
		rest := svg[i+len(attr)+3:]
		j := strings.IndexByte(rest, '"')
		if j < 0 {
			return 0
		}
		n, _ := strconv.Atoi(rest[:j])
		return n
	}
	return get("width"), get("height")
}

// chartSVG renders a chart of the tab by name.
func (c *Calculator) chartSVG(name string) string {
	m := &c.mem
	switch {
	case name == "memory":
		return MemoryChart(c.lang, c.st.Unit, m.bars)
	case name == "roofline":
		return RooflineChart(c.lang, m.demand)
	case name == "gallery":
		return GalleryChart(c.lang, m.gallery)
	case strings.HasPrefix(name, "sweep-"):
		for _, r := range m.sweeps {
			if "sweep-"+r.Kind == name {
				return SweepChart(c.lang, c.st.Unit, r)
			}
		}
	}
	return ""
}

// DeviceChoices lists the device picker: built-ins, then the user's own.
func DeviceChoices() []hw.Device {
	return append(hw.Devices(), hw.Device{ID: CustomDeviceID})
}

// TopLayers are the indices of the n roofline layers with the longest
// lower-bound time (all when n ≤ 0).
func TopLayers(r *hw.Roofline, n int) []int {
	if r == nil {
		return nil
	}
	secs := make([]float64, len(r.Layers))
	for i, l := range r.Layers {
		secs[i] = l.Seconds
	}
	if n <= 0 {
		n = len(secs)
	}
	return chart.TopN(secs, n)
}

// KVText describes the KV cache's dimensions and their source.
func KVText(lang string, kv *core.KVInfo) string {
	if kv == nil {
		return ""
	}
	src := kv.Source
	if !kv.SourceText.IsZero() {
		src = kv.SourceText.In(lang)
	}
	return fmt.Sprintf(T(lang, "kv.dims"), kv.Layers, kv.Batch, Thousands(kv.Seq), kv.KVHeads, kv.HeadDim) + " — " + src
}
