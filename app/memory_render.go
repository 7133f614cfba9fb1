package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
)

// renderMemory draws the "Memory & speed" tab.
func (c *Calculator) renderMemory() app.UI {
	t := func(k string) string { return T(c.lang, k) }
	m := &c.mem
	st := &c.st
	panel := app.Div().ID("panel-memory").Attr("role", "tabpanel").Class("panel")
	if c.eng.Demand == nil {
		return panel.Body(app.P().Class("muted").Text(t("mem.unavailable")))
	}
	mode := st.Mode
	if mode == "" {
		mode = core.ModeInference
	}
	opt := st.Optimizer
	if opt == "" {
		opt = "adam"
	}
	dev := st.Device
	if dev == "" {
		dev = DefaultDevice
	}
	seq := ""
	if st.Seq > 0 {
		seq = strconv.FormatInt(st.Seq, 10)
	}
	field := func(id, label string, ctl app.UI) app.UI {
		return app.Div().Class("field").Body(app.Label().For(id).Text(label), ctl)
	}
	devices := DeviceChoices()
	opts := []string{"sgd", "momentum", "adam", "adamw"}
	controls := app.Div().Class("controls mem-controls").Body(
		field("mem-mode", t("mem.mode"), app.Select().ID("mem-mode").OnChange(c.onMemSelect(&st.Mode), "mem-mode").Body(
			app.Option().Value(core.ModeInference).Selected(mode == core.ModeInference).Text(t("mem.inference")),
			app.Option().Value(core.ModeTrain).Selected(mode == core.ModeTrain).Text(t("mem.train")),
		)),
		app.If(mode == core.ModeTrain, field("mem-optimizer", t("mem.optimizer"), app.Select().ID("mem-optimizer").OnChange(c.onMemSelect(&st.Optimizer), "mem-optimizer").Body(
			app.Range(opts).Slice(func(i int) app.UI {
				return app.Option().Value(opts[i]).Selected(opt == opts[i]).Text(t("opt." + opts[i]))
			}),
		))),
		field("mem-device", t("mem.device"), app.Select().ID("mem-device").OnChange(c.onMemSelect(&st.Device), "mem-device").Body(
			app.Range(devices).Slice(func(i int) app.UI {
				d := devices[i]
				name := d.Name
				if d.ID == CustomDeviceID {
					name = t("dev.custom")
				}
				return app.Option().Value(d.ID).Selected(dev == d.ID).Text(name)
			}),
		)),
		app.If(mode == core.ModeInference, field("mem-seq", t("mem.seq"), app.Input().Type("number").ID("mem-seq").Min(1).
			Value(seq).Placeholder(t("mem.seq.ph")).OnChange(c.onSeq))),
	)
	var custom app.UI = app.Div().ID("custom-device").Hidden(true)
	if dev == CustomDeviceID {
		keys := []string{"dev.name", "dev.tflops", "dev.gbps", "dev.gb"}
		phs := []string{"my device", "100", "1000", "24"}
		custom = app.Div().ID("custom-device").Class("controls mem-controls").Body(
			app.Range(keys).Slice(func(i int) app.UI {
				id := "dev-" + strconv.Itoa(i)
				typ := "number"
				if i == 0 {
					typ = "text"
				}
				return field(id, t(keys[i]), app.Input().Type(typ).ID(id).Value(st.Custom[i]).Placeholder(phs[i]).Attr("step", "any").OnChange(c.onCustom(i), id))
			}),
		)
	}
	body := []app.UI{controls, custom}
	if m.err != "" {
		body = append(body, app.P().ID("mem-error").Class("error").Text(m.err))
	}
	if d := m.demand; d != nil {
		body = append(body, c.renderVerdict(d), c.renderTerms(d), c.renderTime(d))
	}
	body = append(body, c.renderStudies())
	return panel.Body(body...)
}

func (c *Calculator) renderVerdict(d *core.Demand) app.UI {
	if d.Fit == nil {
		return app.Div()
	}
	cls := "verdict fits"
	if !d.Fit.Fits {
		cls = "verdict nofit"
	}
	return app.P().ID("verdict").Class(cls).Aria("live", "polite").
		DataSet("fits", d.Fit.Fits).DataSet("need", d.Fit.Need).DataSet("capacity", d.Fit.Capacity).DataSet("margin", d.Fit.Margin).
		Text(Verdict(c.lang, c.st.Unit, d))
}

func (c *Calculator) renderTerms(d *core.Demand) app.UI {
	t := func(k string) string { return T(c.lang, k) }
	title := fmt.Sprintf(t("mem.title.inference"), d.DType)
	if d.Mode == core.ModeTrain {
		title = fmt.Sprintf(t("mem.title.train"), t("opt."+d.Optimizer), d.DType)
	}
	row := func(key, label string, b int64, formula string, total bool) app.UI {
		tr := app.Tr().DataSet("term", key)
		if total {
			tr = tr.Class("total")
		}
		return tr.Body(
			app.Th().Scope("row").Text(label),
			app.Td().Class("num").DataSet("value", b).Body(
				app.Button().Type("button").Class("cell").Text(Thousands(b)).OnClick(c.onFormula(Formula{label, formula}), key, label, formula),
			),
			app.Td().Class("num").Text(Bytes(b, false)),
			app.Td().Class("num").Text(Bytes(b, true)),
			app.Td().Class("formula-cell mono").Text(formula),
		)
	}
	var rows []app.UI
	for _, tm := range d.Terms {
		rows = append(rows, row(TermKey(tm.Name), termLabel(c.lang, tm.Name), tm.Bytes, tm.FormulaIn(c.lang), false))
	}
	rows = append(rows, row("total", t("total"), d.Total.Bytes, d.Total.Formula, true))
	var other []app.UI
	if inf := d.Inference; inf != nil {
		other = append(other,
			row("input", t("term.input"), inf.Input.Bytes, inf.Input.FormulaIn(c.lang), false),
			row("peak", t("term.peak"), inf.Peak.Bytes, inf.Peak.FormulaIn(c.lang), false),
			row("outputs_sum", t("term.outputs_sum"), inf.OutputsSum.Bytes, inf.OutputsSum.FormulaIn(c.lang), false),
			row("torchinfo", t("term.torchinfo"), inf.Torchinfo.Bytes, inf.Torchinfo.FormulaIn(c.lang), false),
		)
	}
	head := func() app.UI {
		return app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text(t("mem.term")), app.Th().Scope("col").Class("num").Text(t("mem.bytes")),
			app.Th().Scope("col").Class("num").Text("MB"), app.Th().Scope("col").Class("num").Text("MiB"),
			app.Th().Scope("col").Text(t("mem.formula")),
		))
	}
	return app.Div().Class("mem-section").Body(
		app.H3().Text(title),
		app.Div().Class("table-scroll").Body(app.Table().ID("mem-terms").Class("layers").Body(head(), app.TBody().Body(rows...))),
		app.If(d.KV != nil, app.P().ID("kv-source").Class("muted").Text(KVText(c.lang, d.KV))),
		c.figure("memory", t("chart.memory.caption")),
		app.H3().Text(t("mem.activations")),
		app.Div().Class("table-scroll").Body(app.Table().ID("mem-activations").Class("layers").Body(head(), app.TBody().Body(other...))),
		app.P().Class("muted").Text(t("mem.estimate")),
	)
}

func (c *Calculator) renderTime(d *core.Demand) app.UI {
	t := func(k string) string { return T(c.lang, k) }
	ds := d.Device
	if ds == nil {
		return app.Div()
	}
	if ds.Error != "" || d.Roofline == nil {
		return app.Div().Class("mem-section").Body(app.H3().Text(t("time.title")),
			app.P().ID("time-error").Class("error").Text(fmt.Sprintf(t("time.nopeak"), ds.Name, d.DType)))
	}
	r := d.Roofline
	rate := fmt.Sprintf(t("time.rate"), core.FormatRate(ds.PerSecond), r.Batch)
	if ds.TokensPerSecond > 0 {
		rate += " · " + fmt.Sprintf(t("time.tokens"), core.FormatRate(ds.TokensPerSecond))
	}
	stat := func(id, label, value, sub string, secs float64) app.UI {
		return app.Div().Class("card").ID(id).DataSet("seconds", strconv.FormatFloat(secs, 'g', 6, 64)).Body(
			app.Div().Class("card-title").Text(label),
			app.Div().Class("big").Text(value),
			app.Div().Class("card-sub").Text(sub),
		)
	}
	idx := TopLayers(r, 20)
	if c.mem.allRows {
		idx = TopLayers(r, 0)
	}
	return app.Div().Class("mem-section").Body(
		app.H3().Text(fmt.Sprintf(t("time.title.dev"), ds.Name)),
		app.P().ID("lower-bound-note").Class("lower-bound").Text(t("time.lowerbound")),
		app.Div().Class("cards").Body(
			stat("time-forward", t("time.forward"), core.FormatSeconds(ds.LowerBoundSeconds),
				fmt.Sprintf(t("time.bound"), t("bound."+ds.Bound), core.FormatSeconds(r.ComputeSeconds), core.FormatSeconds(r.MemorySeconds)), ds.LowerBoundSeconds),
			stat("time-rate", t("time.persec"), core.FormatRate(ds.PerSecond), rate, ds.PerSecond),
			stat("time-train", t("time.train"), core.FormatSeconds(ds.TrainStepSeconds), t("time.train.sub"), ds.TrainStepSeconds),
			stat("time-fused", t("time.fused"), core.FormatSeconds(ds.FusedSeconds), t("time.fused.sub"), ds.FusedSeconds),
		),
		app.P().Class("muted").Text(fmt.Sprintf(t("time.device"), core.FormatRate(float64(r.Peak)), r.DType, core.FormatRate(float64(r.Bandwidth)), r.Ridge)),
		c.figure("roofline", t("chart.roofline.caption")),
		app.Div().Class("table-tools").Body(
			app.Span().Class("muted").Text(fmt.Sprintf(t("time.layers"), len(idx), len(r.Layers))),
			app.Button().Type("button").Class("ghost").ID("roof-all").Text(map[bool]string{true: t("time.top"), false: t("time.all")}[c.mem.allRows]).OnClick(c.onAllRows),
		),
		app.Div().Class("table-scroll").Body(app.Table().ID("roofline-layers").Class("layers").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text(t("col.name")), app.Th().Scope("col").Text(t("col.type")),
				app.Th().Scope("col").Class("num").Text(t("roof.out")), app.Th().Scope("col").Class("num").Text(t("roof.live")),
				app.Th().Scope("col").Class("num").Text(t("col.flops")), app.Th().Scope("col").Class("num").Text(t("roof.bytes")),
				app.Th().Scope("col").Class("num").Text(t("roof.intensity")), app.Th().Scope("col").Text(t("roof.bound")),
				app.Th().Scope("col").Class("num").Text(t("roof.time")),
			)),
			app.TBody().Body(app.Range(idx).Slice(func(k int) app.UI {
				i := idx[k]
				l := r.Layers[i]
				var out, live int64
				if d.Inference != nil && i < len(d.Inference.Nodes) {
					out, live = d.Inference.Nodes[i].OutputBytes, d.Inference.Nodes[i].LiveBytes
				}
				return app.Tr().DataSet("name", l.Name).DataSet("bound", l.Bound).Body(
					app.Th().Scope("row").Class("name").Text(l.Name),
					app.Td().Class("type").Text(l.Type),
					app.Td().Class("num").Text(Bytes(out, c.st.Unit == "MiB")),
					app.Td().Class("num").Text(Bytes(live, c.st.Unit == "MiB")),
					app.Td().Class("num").Text(Thousands(l.FLOPs)),
					app.Td().Class("num").Text(Thousands(l.Bytes)),
					app.Td().Class("num").Text(strconv.FormatFloat(l.Intensity, 'f', 1, 64)),
					app.Td().Text(t("bound."+l.Bound)),
					app.Td().Class("num").Text(core.FormatSeconds(l.Seconds)),
				)
			})),
		)),
	)
}

// figure wraps a chart with its caption and export buttons.
func (c *Calculator) figure(name, caption string) app.UI {
	svg := c.chartSVG(name)
	if svg == "" {
		return app.Div()
	}
	t := func(k string) string { return T(c.lang, k) }
	return app.Div().Class("chart").Attr("role", "figure").Aria("label", caption).DataSet("chart", name).Body(
		app.Div().Class("chart-box").Body(app.Raw(svg)),
		app.Div().Class("caption").Body(
			app.Span().Text(caption+" "),
			app.Button().Type("button").Class("ghost").ID("svg-"+name).Text(t("export.svg")).OnClick(c.onChartExport(name, false), name, "svg"),
			app.Button().Type("button").Class("ghost").ID("png-"+name).Text(t("export.png")).OnClick(c.onChartExport(name, true), name, "png"),
		),
	)
}

// renderStudies holds what runs on request: sweeps, the article's table,
// the gallery comparison.
func (c *Calculator) renderStudies() app.UI {
	t := func(k string) string { return T(c.lang, k) }
	m := &c.mem
	var sweeps []app.UI
	for _, r := range m.sweeps {
		sweeps = append(sweeps, c.figure("sweep-"+r.Kind, t("sweep.caption."+r.Kind)))
		if r.Err != "" {
			sweeps = append(sweeps, app.P().Class("muted").Text(fmt.Sprintf(t("sweep.stopped"), r.Err)))
		}
	}
	return app.Div().Class("mem-section studies").Body(
		app.H3().Text(t("studies")),
		app.Div().Class("table-tools").Body(
			app.Button().Type("button").ID("sweep-run").Text(t("sweep.run")).Disabled(m.busy).OnClick(c.onRun(c.runSweeps), "sweep"),
			app.Button().Type("button").ID("article-run").Text(t("article.run")).Disabled(m.busy).OnClick(c.onRun(c.runArticle), "article"),
			app.Button().Type("button").ID("gallery-run").Text(t("gallery.run")).Disabled(m.busy).OnClick(c.onRun(c.runGallery), "gallery"),
			app.If(m.busy, app.Span().ID("studies-busy").Class("muted").Text(t("computing"))),
		),
		app.If(m.sweepErr != "", app.P().ID("sweep-error").Class("error").Text(m.sweepErr)),
		app.Div().ID("sweeps").Body(sweeps...),
		c.renderArticle(),
		c.renderGallery(),
	)
}

func (c *Calculator) renderArticle() app.UI {
	t := func(k string) string { return T(c.lang, k) }
	rows := c.mem.article
	if len(rows) == 0 {
		return app.Div()
	}
	mib := c.st.Unit == "MiB"
	return app.Div().Class("mem-section").Body(
		app.H3().Text(t("article.title")),
		app.Div().Class("table-scroll").Body(app.Table().ID("article").Class("layers").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text(t("input")), app.Th().Scope("col").Class("num").Text(t("col.params")),
				app.Th().Scope("col").Class("num").Text(t("article.thop")), app.Th().Scope("col").Class("num").Text(t("article.printed")),
				app.Th().Scope("col").Class("num").Text(fmt.Sprintf(t("bytes"), dtypeOr(c.st.DType))),
				app.Th().Scope("col").Class("num").Text(t("term.peak")), app.Th().Scope("col").Class("num").Text(t("term.torchinfo")),
			)),
			app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
				r := rows[i]
				return app.Tr().DataSet("input", fmtShapes(r.Input)).Body(
					app.Th().Scope("row").Text(fmtShapes(r.Input)),
					app.Td().Class("num").Text(Thousands(r.Params)),
					app.Td().Class("num").DataSet("value", r.Count).Text(Thousands(r.Count)),
					app.Td().Class("num mono").Text(Short(r.Count)),
					app.Td().Class("num").Text(Bytes(r.ParamBytes, mib)),
					app.Td().Class("num").Text(Bytes(r.PeakBytes, mib)),
					app.Td().Class("num").Text(Bytes(r.TorchinfoBytes, mib)),
				)
			})),
		)),
		app.P().Class("muted").Text(t("article.note")),
	)
}

func (c *Calculator) renderGallery() app.UI {
	t := func(k string) string { return T(c.lang, k) }
	rows := c.mem.gallery
	if c.mem.galErr != "" {
		return app.P().ID("gallery-error").Class("error").Text(c.mem.galErr)
	}
	if len(rows) == 0 {
		return app.Div()
	}
	return app.Div().Class("mem-section").Body(
		c.figure("gallery", t("chart.gallery.caption")),
		app.Div().Class("table-scroll").Body(app.Table().ID("gallery").Class("layers").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text(t("gallery.model")), app.Th().Scope("col").Text(t("gallery.group")),
				app.Th().Scope("col").Class("num").Text(t("gallery.year")),
				app.Th().Scope("col").Class("num").Text(t("col.params")), app.Th().Scope("col").Class("num").Text(t("col.macs")),
				app.Th().Scope("col").Class("num").Text(t("gallery.fc")), app.Th().Scope("col").Class("num").Text(t("gallery.conv")),
				app.Th().Scope("col").Class("num").Text(t("gallery.ratio")),
			)),
			app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
				r := rows[i]
				return app.Tr().DataSet("name", r.Name).Body(
					app.Th().Scope("row").Text(r.Name),
					app.Td().Text(t("group."+r.Group)),
					app.Td().Class("num").Text(strconv.Itoa(r.Year)),
					app.Td().Class("num").DataSet("value", r.Params).Text(Thousands(r.Params)),
					app.Td().Class("num").DataSet("value", r.MACs).Text(Short(r.MACs)),
					app.Td().Class("num").Text(strconv.FormatFloat(r.LinearParamShare*100, 'f', 1, 64)+"%"),
					app.Td().Class("num").Text(strconv.FormatFloat(r.ConvMACShare*100, 'f', 1, 64)+"%"),
					app.Td().Class("num").Text(strconv.FormatFloat(float64(r.MACs)/float64(max(r.Params, 1)), 'f', 0, 64)),
				)
			})),
		)),
		app.P().Class("muted").Text(t("gallery.note")),
	)
}

func dtypeOr(dt string) string {
	if dt == "" {
		return "fp32"
	}
	return dt
}
