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
	"floplab/core/diag"
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

// memPanel holds the results of the tab's studies, which run on request
// (sweeps, the article's table, the gallery comparison). The page owns it
// so that they survive switching tabs and the help page can run the
// article's table.
type memPanel struct {
	sweeps   []*core.SweepResult
	sweepErr string
	article  []core.InputRow
	gallery  []core.GalleryRow
	galErr   string
	busy     bool
}

// MemoryTab is the "Memory & speed" tab: the memory terms and the device
// verdict, roofline times, a config.json language model's serving and
// fine-tuning table, and the studies. Its settings (mode, optimizer,
// device, KV length and dtype, quantization, LoRA) are share state: the
// page gives them in State and gets changes back through Set, so links
// carry them. It computes its figures itself (sync) when the report or a
// setting changed.
type MemoryTab struct {
	app.Compo

	Report *core.Report
	State  share.State
	Lang   string
	Eng    Engine
	// Request is the page's calculation, which the studies rerun.
	Request core.Request
	Studies *memPanel
	// Set hands changed settings to the page; Show puts a formula in the
	// page's formula box.
	Set  func(ctx app.Context, st share.State)
	Show func(Formula)

	key      string
	built    *core.Report
	inputErr string // why a typed setting was not taken
	demand   *core.Demand
	bars     []*core.Demand // inference, then training with each optimizer
	err      string
	allRows  bool
}

// DemandOptions is what the tab asks core for, from the page state. The
// quantization and the KV cache dtype apply to inference.
func DemandOptions(st share.State) core.DemandOptions {
	o := core.DemandOptions{Mode: st.Mode, Optimizer: st.Optimizer, Device: st.Device, Seq: st.Seq, LoRARank: st.LoRARank}
	if o.Device == "" {
		o.Device = DefaultDevice
	}
	if o.Device == CustomDeviceID {
		o.Device = CustomSpec(st.Custom)
	}
	if st.Mode != core.ModeTrain {
		o.Quant, o.KVDType = st.Quant, st.KVDType
	}
	o.LoRATargets, _ = memory.ParseLoRATargets(st.LoRATargets)
	return o
}

// WithMemory is st with the Memory & speed settings of m.
func WithMemory(st, m share.State) share.State {
	st.Mode, st.Optimizer, st.Device, st.Seq, st.Custom = m.Mode, m.Optimizer, m.Device, m.Seq, m.Custom
	st.Quant, st.KVDType, st.LoRARank, st.LoRATargets = m.Quant, m.KVDType, m.LoRARank, m.LoRATargets
	return st
}

// errIn is an error's message in lang (a diag.Error's own translation).
func errIn(err error, lang string) string {
	var de *diag.Error
	if diag.ErrorsAs(err, &de) {
		return de.In(lang)
	}
	return err.Error()
}

// Demands computes the tab's figures: the demand of the chosen settings
// and the memory chart's bars. When the settings fail (a custom device
// that does not parse, a LoRA target the model lacks), err says why and
// the demand is the one without the failing part.
func Demands(eng Engine, rep *core.Report, st share.State, lang string) (d *core.Demand, bars []*core.Demand, err string) {
	if rep == nil || eng.Demand == nil {
		return nil, nil, ""
	}
	o := DemandOptions(st)
	d, e := eng.Demand(rep, o)
	if e != nil {
		err = errIn(e, lang)
		// without the LoRA settings, then without the device
		o.LoRARank, o.LoRATargets = 0, nil
		if d, e = eng.Demand(rep, o); e != nil {
			o.Device = ""
			if d, e = eng.Demand(rep, o); e != nil {
				return nil, nil, err
			}
		}
	}
	for _, mo := range []core.DemandOptions{{Mode: core.ModeInference, Seq: o.Seq, Quant: o.Quant, KVDType: o.KVDType}, {Mode: core.ModeTrain, Optimizer: "sgd"},
		{Mode: core.ModeTrain, Optimizer: "momentum"}, {Mode: core.ModeTrain, Optimizer: "adam"}} {
		if b, e := eng.Demand(rep, mo); e == nil {
			bars = append(bars, b)
		}
	}
	return d, bars, err
}

// sync recomputes the figures when the report or a setting changed.
func (m *MemoryTab) sync() {
	o := DemandOptions(m.State)
	key := fmt.Sprintf("%+v %s", o, m.Lang)
	if m.Report == m.built && key == m.key {
		return
	}
	m.built, m.key = m.Report, key
	m.demand, m.bars, m.err = Demands(m.Eng, m.Report, m.State, m.Lang)
}

// Demand is the tab's current demand (nil before a result) and why the
// settings failed ("" when they did not).
func (m *MemoryTab) Demand() (*core.Demand, string) {
	m.sync()
	return m.demand, m.err
}

// memoryTab is the page's Memory & speed tab for its current state.
func (c *Calculator) memoryTab() *MemoryTab {
	return &MemoryTab{Report: c.rep, State: c.st, Lang: c.lang, Eng: c.eng, Request: c.request(), Studies: &c.mem,
		Set: c.setMemory, Show: c.showFormulaBox}
}

// setMemory takes the tab's settings into the page state and the link.
func (c *Calculator) setMemory(ctx app.Context, st share.State) {
	c.st = WithMemory(c.st, st)
	c.save(ctx)
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

// The tab's settings are share state: each change goes to the page (the
// link) and recomputes the tab.

func (m *MemoryTab) set(ctx app.Context, f func(st *share.State)) {
	st := m.State
	f(&st)
	m.State = st
	if m.Set != nil {
		m.Set(ctx, st)
	}
}

// onSetting sets a setting from the value of the element changed.
func (m *MemoryTab) onSetting(f func(st *share.State, v string)) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		v := ctx.JSSrc().Get("value").String()
		m.set(ctx, func(st *share.State) { f(st, v) })
	}
}

func (m *MemoryTab) onCustom(i int) app.EventHandler {
	return m.onSetting(func(st *share.State, v string) { st.Custom[i] = CustomField(v) })
}

func (m *MemoryTab) t(k string) string { return T(m.Lang, k) }

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

// ParseLoRARank reads the LoRA rank field: 0 (the default, 16) unless a
// positive integer up to share.MaxLoRARank.
func ParseLoRARank(v string) int64 {
	if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && n > 0 && n <= share.MaxLoRARank {
		return n
	}
	return 0
}

// LoRATargetsField reads the LoRA target modules field as a link keeps
// it: the names joined by commas ("" for the family's default), or why
// they cannot be names of modules.
func LoRATargetsField(v, lang string) (string, string) {
	ts, err := memory.ParseLoRATargets(v)
	if err != nil {
		return "", errIn(err, lang)
	}
	return strings.Join(ts, ","), ""
}

// onLoRATargets takes the typed target modules when they parse, and
// otherwise says why, leaving the text as typed.
func (m *MemoryTab) onLoRATargets(ctx app.Context, e app.Event) {
	v, err := LoRATargetsField(ctx.JSSrc().Get("value").String(), m.Lang)
	m.inputErr = err
	if err == "" {
		m.set(ctx, func(st *share.State) { st.LoRATargets = v })
	}
}

func (m *MemoryTab) onRun(f func(*memPanel, Engine, core.Request)) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		ms := m.Studies
		ms.busy = true
		eng, req := m.Eng, m.Request
		// Let the page show "computing" before the work blocks the thread.
		ctx.After(30*time.Millisecond, func(ctx app.Context) {
			f(ms, eng, req)
			ms.busy = false
		})
	}
}

func (m *MemoryTab) onAllRows(ctx app.Context, e app.Event) { m.allRows = !m.allRows }

// onChartExport downloads a chart as SVG, or as PNG through a canvas.
func (m *MemoryTab) onChartExport(name string, png bool) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		svg := StandaloneSVG(m.chartSVG(name))
		if svg == "" {
			return
		}
		file := exportName(m.Report) + "-" + name
		if png {
			w, h := svgSize(svg)
			downloadPNG(file+".png", svg, w, h)
			return
		}
		download(file+".svg", "image/svg+xml", svg)
	}
}

// runSweeps sweeps resolution and batch.
func runSweeps(m *memPanel, eng Engine, req core.Request) {
	m.sweeps, m.sweepErr = nil, ""
	if req.Script == "" || eng.Sweep == nil {
		return
	}
	var errs []string
	for _, k := range []string{core.SweepResolution, core.SweepBatch} {
		r, err := eng.Sweep(req, k)
		if err != nil {
			errs = append(errs, k+": "+firstLine(err.Error()))
			continue
		}
		m.sweeps = append(m.sweeps, r)
	}
	m.sweepErr = strings.Join(errs, "; ")
}

// runArticle computes the seed article's AlexNet table, at the page's
// dtype.
func runArticle(m *memPanel, eng Engine, req core.Request) {
	if eng.InputTable == nil {
		return
	}
	st, ok := PresetState("alexnet")
	if !ok {
		return
	}
	r := core.Request{Script: st.Script, Filename: Filename, Convention: "thop-0.0.31", DType: req.DType}
	rows, err := eng.InputTable(r, core.ArticleInputs())
	m.article = rows
	if err != nil {
		m.sweepErr = err.Error()
	}
}

func runGallery(m *memPanel, eng Engine, _ core.Request) {
	if eng.Gallery == nil || m.gallery != nil {
		return
	}
	rows, err := eng.Gallery()
	m.gallery, m.galErr = rows, ""
	if err != nil {
		m.galErr = err.Error()
	}
}

// The studies of the page's own calculation (the help page runs the
// article's table).
func (c *Calculator) runSweeps()  { runSweeps(&c.mem, c.eng, c.request()) }
func (c *Calculator) runArticle() { runArticle(&c.mem, c.eng, c.request()) }
func (c *Calculator) runGallery() { runGallery(&c.mem, c.eng, c.request()) }

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
func (m *MemoryTab) chartSVG(name string) string {
	m.sync()
	ms := m.Studies
	if ms == nil {
		ms = &memPanel{}
	}
	switch {
	case name == "memory":
		return MemoryChart(m.Lang, m.State.Unit, m.bars)
	case name == "roofline":
		return RooflineChart(m.Lang, m.demand)
	case name == "gallery":
		return GalleryChart(m.Lang, ms.gallery)
	case strings.HasPrefix(name, "sweep-"):
		for _, r := range ms.sweeps {
			if "sweep-"+r.Kind == name {
				return SweepChart(m.Lang, m.State.Unit, r)
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
