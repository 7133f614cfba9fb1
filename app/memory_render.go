package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
	"floplab/core/memory"
)

// renderMemory draws the "Memory & speed" tab.
func (c *Calculator) renderMemory() app.UI {
	m := &c.mem
	st := &c.st
	panel := el("div", "id", "panel-memory", "role", "tabpanel", "class", "panel")
	if c.eng.Demand == nil {
		return panel.Body(p("", "muted", c.t("mem.unavailable")))
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
	devices := DeviceChoices()
	opts := []string{"sgd", "momentum", "adam", "adamw"}
	controls := div("controls mem-controls",
		field("mem-mode", c.t("mem.mode"), el("select", "id", "mem-mode").OnChange(c.onMemSelect(&st.Mode), "mem-mode").Body(
			option(core.ModeInference, mode == core.ModeInference, c.t("mem.inference")),
			option(core.ModeTrain, mode == core.ModeTrain, c.t("mem.train")),
		)),
		when(mode == core.ModeTrain, field("mem-optimizer", c.t("mem.optimizer"), el("select", "id", "mem-optimizer").OnChange(c.onMemSelect(&st.Optimizer), "mem-optimizer").Body(
			each(len(opts), func(i int) app.UI {
				return option(opts[i], opt == opts[i], c.t("opt."+opts[i]))
			})...,
		))),
		field("mem-device", c.t("mem.device"), el("select", "id", "mem-device").OnChange(c.onMemSelect(&st.Device), "mem-device").Body(
			each(len(devices), func(i int) app.UI {
				d := devices[i]
				name := d.Name
				if d.ID == CustomDeviceID {
					name = c.t("dev.custom")
				}
				return option(d.ID, dev == d.ID, name)
			})...,
		)),
		when(mode == core.ModeInference, field("mem-seq", c.t("mem.seq"), input("type", "number", "id", "mem-seq", "min", "1",
			"value", seq, "placeholder", c.t("mem.seq.ph")).OnChange(c.onSeq))),
	)
	var custom app.UI = el("div", "id", "custom-device").Attr("hidden", true)
	if dev == CustomDeviceID {
		keys := []string{"dev.name", "dev.tflops", "dev.gbps", "dev.gb"}
		phs := []string{"my device", "100", "1000", "24"}
		custom = el("div", "id", "custom-device", "class", "controls mem-controls").Body(
			each(len(keys), func(i int) app.UI {
				id := "dev-" + strconv.Itoa(i)
				return field(id, c.t(keys[i]), input("type", pick(i == 0, "text", "number"), "id", id, "value", st.Custom[i], "placeholder", phs[i], "step", "any").OnChange(c.onCustom(i), id))
			})...,
		)
	}
	body := []app.UI{controls, custom}
	if m.err != "" {
		body = append(body, p("mem-error", "error", m.err))
	}
	if d := m.demand; d != nil {
		body = append(body, c.renderVerdict(d), c.renderTerms(d), c.renderTime(d))
	}
	body = append(body, c.renderStudies())
	return panel.Body(body...)
}

func (c *Calculator) renderVerdict(d *core.Demand) app.UI {
	if d.Fit == nil {
		return el("div")
	}
	return el("p", "id", "verdict", "class", pick(d.Fit.Fits, "verdict fits", "verdict nofit"), "aria-live", "polite",
		"data-fits", strconv.FormatBool(d.Fit.Fits), "data-need", strconv.FormatInt(d.Fit.Need, 10),
		"data-capacity", strconv.FormatInt(d.Fit.Capacity, 10), "data-margin", strconv.FormatInt(d.Fit.Margin, 10)).
		Text(Verdict(c.lang, c.st.Unit, d))
}

// termRow is a row of a memory table: the term, its bytes (a button
// showing the formula), MB, MiB and the formula.
func (c *Calculator) termRow(key, label string, b int64, formula string) app.HTMLElem {
	return el("tr", "data-term", key).Body(
		thr("", label),
		el("td", "class", "num", "data-value", strconv.FormatInt(b, 10)).Body(
			button("", "cell", Thousands(b)).OnClick(c.onFormula(Formula{label, formula}), key, label, formula),
		),
		td("num", Bytes(b, false)),
		td("num", Bytes(b, true)),
		td("formula-cell mono", formula),
	)
}

func (c *Calculator) renderTerms(d *core.Demand) app.UI {
	title := sf(c.t("mem.title.inference"), d.DType)
	if d.Mode == core.ModeTrain {
		title = sf(c.t("mem.title.train"), c.t("opt."+d.Optimizer), d.DType)
	}
	var rows []app.UI
	for _, tm := range d.Terms {
		rows = append(rows, c.termRow(string(tm.ID), termLabel(c.lang, tm), tm.Bytes, tm.FormulaIn(c.lang)))
	}
	rows = append(rows, c.termRow("total", c.t("total"), d.Total.Bytes, d.Total.Formula).Class("total"))
	var other []app.UI
	if inf := d.Inference; inf != nil {
		// term.input, term.peak, term.outputs_sum, term.torchinfo
		for _, tm := range []memory.Term{inf.Input, inf.Peak, inf.OutputsSum, inf.Torchinfo} {
			other = append(other, c.termRow(string(tm.ID), termLabel(c.lang, tm), tm.Bytes, tm.FormulaIn(c.lang)))
		}
	}
	// Each table needs its own head: an element is mounted once.
	head := func() app.UI {
		return heads(".nnn.", c.t("mem.term"), c.t("mem.bytes"), "MB", "MiB", c.t("mem.formula"))
	}
	return div("mem-section",
		h3(title),
		table("mem-terms", head(), el("tbody").Body(rows...)),
		when(d.KV != nil, p("kv-source", "muted", KVText(c.lang, d.KV))),
		c.figure("memory", c.t("chart.memory.caption")),
		h3(c.t("mem.activations")),
		table("mem-activations", head(), el("tbody").Body(other...)),
		p("", "muted", c.t("mem.estimate")),
	)
}

func (c *Calculator) renderTime(d *core.Demand) app.UI {
	ds := d.Device
	if ds == nil {
		return el("div")
	}
	if ds.Error != "" || d.Roofline == nil {
		return div("mem-section", h3(c.t("time.title")),
			p("time-error", "error", sf(c.t("time.nopeak"), ds.Name, d.DType)))
	}
	r := d.Roofline
	rate := fmt.Sprintf(c.t("time.rate"), core.FormatRate(ds.PerSecond), r.Batch)
	if ds.TokensPerSecond > 0 {
		rate += " · " + sf(c.t("time.tokens"), core.FormatRate(ds.TokensPerSecond))
	}
	stat := func(id, label, value, sub string, secs float64) app.UI {
		return el("div", "class", "card", "id", id, "data-seconds", strconv.FormatFloat(secs, 'g', 6, 64)).Body(
			divt("card-title", label),
			divt("big", value),
			divt("card-sub", sub),
		)
	}
	idx := TopLayers(r, 20)
	if c.mem.allRows {
		idx = TopLayers(r, 0)
	}
	mib := c.st.Unit == "MiB"
	return div("mem-section",
		h3(sf(c.t("time.title.dev"), ds.Name)),
		p("lower-bound-note", "lower-bound", c.t("time.lowerbound")),
		div("cards",
			stat("time-forward", c.t("time.forward"), core.FormatSeconds(ds.LowerBoundSeconds),
				sf(c.t("time.bound"), c.t("bound."+ds.Bound), core.FormatSeconds(r.ComputeSeconds), core.FormatSeconds(r.MemorySeconds)), ds.LowerBoundSeconds),
			stat("time-rate", c.t("time.persec"), core.FormatRate(ds.PerSecond), rate, ds.PerSecond),
			stat("time-train", c.t("time.train"), core.FormatSeconds(ds.TrainStepSeconds), c.t("time.train.sub"), ds.TrainStepSeconds),
			stat("time-fused", c.t("time.fused"), core.FormatSeconds(ds.FusedSeconds), c.t("time.fused.sub"), ds.FusedSeconds),
		),
		p("", "muted", fmt.Sprintf(c.t("time.device"), core.FormatRate(float64(r.Peak)), r.DType, core.FormatRate(float64(r.Bandwidth)), r.Ridge)),
		c.figure("roofline", c.t("chart.roofline.caption")),
		div("table-tools",
			span("muted", fmt.Sprintf(c.t("time.layers"), len(idx), len(r.Layers))),
			button("roof-all", "ghost", pick(c.mem.allRows, c.t("time.top"), c.t("time.all"))).OnClick(c.onAllRows),
		),
		table("roofline-layers",
			heads("..nnnnn.n",
				c.t("col.name"), c.t("col.type"),
				c.t("roof.out"), c.t("roof.live"),
				c.t("col.flops"), c.t("roof.bytes"),
				c.t("roof.intensity"), c.t("roof.bound"),
				c.t("roof.time"),
			),
			el("tbody").Body(each(len(idx), func(k int) app.UI {
				i := idx[k]
				l := r.Layers[i]
				var out, live int64
				if d.Inference != nil && i < len(d.Inference.Nodes) {
					out, live = d.Inference.Nodes[i].OutputBytes, d.Inference.Nodes[i].LiveBytes
				}
				return el("tr", "data-name", l.Name, "data-bound", l.Bound).Body(
					el("th", "scope", "row", "class", "name").Body(wrapText(Breakable(l.Name))...),
					td("type", l.Type),
					td("num", Bytes(out, mib)),
					td("num", Bytes(live, mib)),
					td("num", Thousands(l.FLOPs)),
					td("num", Thousands(l.Bytes)),
					td("num", strconv.FormatFloat(l.Intensity, 'f', 1, 64)),
					td("", c.t("bound."+l.Bound)),
					td("num", core.FormatSeconds(l.Seconds)),
				)
			})...),
		),
	)
}

// figure wraps a chart with its caption and export buttons.
func (c *Calculator) figure(name, caption string) app.UI {
	svg := c.chartSVG(name)
	if svg == "" {
		return el("div")
	}
	return el("div", "class", "chart", "role", "figure", "aria-label", caption, "data-chart", name).Body(
		div("chart-box", app.Raw(svg)),
		div("caption",
			span("", caption+" "),
			button("svg-"+name, "ghost", c.t("export.svg")).OnClick(c.onChartExport(name, false), name, "svg"),
			button("png-"+name, "ghost", c.t("export.png")).OnClick(c.onChartExport(name, true), name, "png"),
		),
	)
}

// renderStudies holds what runs on request: sweeps, the article's table,
// the gallery comparison.
func (c *Calculator) renderStudies() app.UI {
	m := &c.mem
	var sweeps []app.UI
	for _, r := range m.sweeps {
		sweeps = append(sweeps, c.figure("sweep-"+r.Kind, c.t("sweep.caption."+r.Kind)))
		if r.Err != "" {
			sweeps = append(sweeps, p("", "muted", sf(c.t("sweep.stopped"), r.Err)))
		}
	}
	return div("mem-section studies",
		h3(c.t("studies")),
		div("table-tools",
			button("sweep-run", "", c.t("sweep.run")).Attr("disabled", m.busy).OnClick(c.onRun(c.runSweeps), "sweep"),
			button("article-run", "", c.t("article.run")).Attr("disabled", m.busy).OnClick(c.onRun(c.runArticle), "article"),
			button("gallery-run", "", c.t("gallery.run")).Attr("disabled", m.busy).OnClick(c.onRun(c.runGallery), "gallery"),
			when(m.busy, el("span", "id", "studies-busy", "class", "muted").Text(c.t("computing"))),
		),
		when(m.sweepErr != "", p("sweep-error", "error", m.sweepErr)),
		el("div", "id", "sweeps").Body(sweeps...),
		c.renderArticle(),
		c.renderGallery(),
	)
}

func (c *Calculator) renderArticle() app.UI {
	rows := c.mem.article
	if len(rows) == 0 {
		return el("div")
	}
	mib := c.st.Unit == "MiB"
	return div("mem-section",
		h3(c.t("article.title")),
		table("article",
			heads(".nnnnnn",
				c.t("input"), c.t("col.params"),
				c.t("article.thop"), c.t("article.printed"),
				sf(c.t("bytes"), c.usedDType()),
				c.t("term.peak"), c.t("term.torchinfo"),
			),
			el("tbody").Body(each(len(rows), func(i int) app.UI {
				r := rows[i]
				in := fmtShapes(r.Input)
				return el("tr", "data-input", in).Body(
					thr("", in),
					td("num", Thousands(r.Params)),
					tdv(r.Count, Thousands(r.Count)),
					td("num mono", Short(r.Count)),
					td("num", Bytes(r.ParamBytes, mib)),
					td("num", Bytes(r.PeakBytes, mib)),
					td("num", Bytes(r.TorchinfoBytes, mib)),
				)
			})...),
		),
		p("", "muted", c.t("article.note")),
	)
}

func (c *Calculator) renderGallery() app.UI {
	rows := c.mem.gallery
	if c.mem.galErr != "" {
		return p("gallery-error", "error", c.mem.galErr)
	}
	if len(rows) == 0 {
		return el("div")
	}
	pct := func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }
	return div("mem-section",
		c.figure("gallery", c.t("chart.gallery.caption")),
		table("gallery",
			heads("..nnnnnn",
				c.t("gallery.model"), c.t("gallery.group"),
				c.t("gallery.year"),
				c.t("col.params"), c.t("col.macs"),
				c.t("gallery.fc"), c.t("gallery.conv"),
				c.t("gallery.ratio"),
			),
			el("tbody").Body(each(len(rows), func(i int) app.UI {
				r := rows[i]
				return el("tr", "data-name", r.Name).Body(
					thr("", r.Name),
					td("", c.t("group."+r.Group)),
					td("num", strconv.Itoa(r.Year)),
					tdv(r.Params, Thousands(r.Params)),
					tdv(r.MACs, Short(r.MACs)),
					td("num", pct(r.LinearParamShare)),
					td("num", pct(r.ConvMACShare)),
					td("num", strconv.FormatFloat(float64(r.MACs)/float64(max(r.Params, 1)), 'f', 0, 64)),
				)
			})...),
		),
		p("", "muted", c.t("gallery.note")),
	)
}

// usedDType is the dtype the figures were computed in: the chosen one, else
// the report's (an LLM config's default), else fp32.
func (c *Calculator) usedDType() string {
	if c.st.DType == "" && c.rep != nil && c.rep.DType != "" {
		return c.rep.DType
	}
	return dtypeOr(c.st.DType)
}

func dtypeOr(dt string) string {
	if dt == "" {
		return "fp32"
	}
	return dt
}
