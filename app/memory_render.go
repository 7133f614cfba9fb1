package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
	"floplab/core/memory"
	"floplab/core/share"
)

// Render draws the "Memory & speed" tab.
func (m *MemoryTab) Render() app.UI {
	m.sync()
	st := &m.State
	panel := el("div", "id", "panel-memory", "role", "tabpanel", "class", "panel")
	if m.Eng.Demand == nil {
		return panel.Body(p("", "muted", m.t("mem.unavailable")))
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
	inference := mode == core.ModeInference
	llm := m.Report.IsLanguageModel()
	controls := div("controls mem-controls",
		field("mem-mode", m.t("mem.mode"), el("select", "id", "mem-mode").OnChange(m.onSetting(func(st *share.State, v string) { st.Mode = v }), "mem-mode").Body(
			option(core.ModeInference, mode == core.ModeInference, m.t("mem.inference")),
			option(core.ModeTrain, mode == core.ModeTrain, m.t("mem.train")),
		)),
		when(!inference, field("mem-optimizer", m.t("mem.optimizer"), el("select", "id", "mem-optimizer").OnChange(m.onSetting(func(st *share.State, v string) { st.Optimizer = v }), "mem-optimizer").Body(
			each(len(opts), func(i int) app.UI {
				return option(opts[i], opt == opts[i], m.t("opt."+opts[i]))
			})...,
		))),
		field("mem-device", m.t("mem.device"), el("select", "id", "mem-device").OnChange(m.onSetting(func(st *share.State, v string) { st.Device = v }), "mem-device").Body(
			each(len(devices), func(i int) app.UI {
				d := devices[i]
				name := d.Name
				if d.ID == CustomDeviceID {
					name = m.t("dev.custom")
				}
				return option(d.ID, dev == d.ID, name)
			})...,
		)),
		when(inference, field("mem-seq", m.t("mem.seq"), input("type", "number", "id", "mem-seq", "min", "1",
			"value", seq, "placeholder", m.t("mem.seq.ph")).OnChange(m.onSetting(func(st *share.State, v string) { st.Seq = ParseSeq(v) }), "mem-seq"))),
		when(inference, m.quantPicker()),
		when(inference, m.kvDTypePicker()),
	)
	var custom app.UI = el("div", "id", "custom-device").Attr("hidden", true)
	if dev == CustomDeviceID {
		keys := []string{"dev.name", "dev.tflops", "dev.gbps", "dev.gb"}
		phs := []string{"my device", "100", "1000", "24"}
		custom = el("div", "id", "custom-device", "class", "controls mem-controls").Body(
			each(len(keys), func(i int) app.UI {
				id := "dev-" + strconv.Itoa(i)
				return field(id, m.t(keys[i]), input("type", pick(i == 0, "text", "number"), "id", id, "value", st.Custom[i], "placeholder", phs[i], "step", "any").OnChange(m.onCustom(i), id))
			})...,
		)
	}
	body := []app.UI{controls, custom}
	if inference && (llm || st.LoRARank > 0 || st.LoRATargets != "") {
		body = append(body, m.loraControls())
	}
	if m.err != "" {
		body = append(body, p("mem-error", "error", m.err))
	}
	if d := m.demand; d != nil {
		body = append(body, m.renderVerdict(d), m.renderTerms(d))
		if d.Serving != nil {
			body = append(body, m.renderServing(d))
		}
		body = append(body, m.renderTime(d))
	}
	body = append(body, m.renderStudies())
	return panel.Body(body...)
}

// quantPicker chooses how the weights are stored: at the dtype, or in one
// of memory.Quants. A config whose quantization_config names a format is
// sized in it by default (core.DemandOptions.Quant ""): that option is
// selected and marked as the config's, and "not quantized" is the
// explicit share.QuantNone, so a link keeps the choice.
func (m *MemoryTab) quantPicker() app.UI {
	qs := memory.Quants
	var published string
	if p := m.Report.PublishedQuant(); p != nil {
		published = p.Format
	}
	q := QuantChoice(m.State.Quant, published)
	none := pick(published != "", share.QuantNone, "")
	return field("mem-quant", m.t("mem.quant"), el("select", "id", "mem-quant").OnChange(m.onSetting(func(st *share.State, v string) { st.Quant = QuantSetting(v, published) }), "mem-quant").Body(
		append([]app.UI{option(none, q == none, m.t("quant.none"))}, each(len(qs), func(i int) app.UI {
			return option(qs[i].ID, q == qs[i].ID, QuantOptionLabel(m.Lang, qs[i], published))
		})...)...,
	))
}

// QuantChoice is the quantization picker's value for the state's quant
// when the config names the format published ("" for none): the state's
// own choice, the published format by default, and "not quantized"
// (share.QuantNone where a format is published, else "").
func QuantChoice(quant, published string) string {
	switch {
	case quant == "":
		return published
	case quant == share.QuantNone && published == "":
		return ""
	}
	return quant
}

// QuantSetting is the state's quant for the picker's value v: the
// published format is the default (""), so links stay as short as before.
func QuantSetting(v, published string) string {
	if v == published {
		return ""
	}
	return v
}

// QuantOptionLabel is the picker's label of q: QuantLabel, marked as the
// config's own when q is the format its quantization_config names.
func QuantOptionLabel(lang string, q memory.Quant, published string) string {
	if q.ID == published {
		return sf(T(lang, "quant.config"), QuantLabel(q))
	}
	return QuantLabel(q)
}

// kvDTypePicker chooses the KV cache's element type; none keeps the
// weights' dtype.
func (m *MemoryTab) kvDTypePicker() app.UI {
	k := m.State.KVDType
	same := m.t("kvdtype.same")
	if m.demand != nil {
		same = sf(m.t("kvdtype.same.dt"), m.demand.DType)
	}
	return field("mem-kvdtype", m.t("mem.kvdtype"), el("select", "id", "mem-kvdtype").OnChange(m.onSetting(func(st *share.State, v string) { st.KVDType = v }), "mem-kvdtype").Body(
		append([]app.UI{option("", k == "", same)}, each(len(share.KVDTypes), func(i int) app.UI {
			return option(share.KVDTypes[i], k == share.KVDTypes[i], share.KVDTypes[i])
		})...)...,
	))
}

// loraControls are the LoRA rank and target modules of the fine-tuning
// table.
func (m *MemoryTab) loraControls() app.UI {
	st := m.State
	rank := ""
	if st.LoRARank > 0 {
		rank = strconv.FormatInt(st.LoRARank, 10)
	}
	return el("div", "id", "lora-controls", "class", "controls mem-controls").Body(
		field("mem-lora-rank", m.t("lora.rank"), input("type", "number", "id", "mem-lora-rank", "min", "1", "max", strconv.Itoa(share.MaxLoRARank),
			"value", rank, "placeholder", strconv.Itoa(core.DefaultLoRARank)).OnChange(m.onSetting(func(st *share.State, v string) { st.LoRARank = ParseLoRARank(v) }), "mem-lora-rank")),
		field("mem-lora-targets", m.t("lora.targets"), input("type", "text", "id", "mem-lora-targets", "value", st.LoRATargets,
			"placeholder", m.t("lora.targets.ph"), "spellcheck", "false", "autocomplete", "off").OnChange(m.onLoRATargets, "mem-lora-targets")),
		when(m.inputErr != "", p("lora-error", "error", m.inputErr)),
	)
}

// StorageLabel is how the inference memory title names what the bytes
// are counted in: the dtype, and the weights' quantization and the KV
// cache's dtype when they differ from it ("bf16, weights gptq-int4, KV
// cache fp8").
func StorageLabel(lang, dtype string, o core.DemandOptions) string {
	out := dtype
	if o.Quant != "" && o.Quant != core.QuantNone {
		out += sf(T(lang, "mem.title.quant"), o.Quant)
	}
	if o.KVDType != "" && o.KVDType != dtype {
		out += sf(T(lang, "mem.title.kv"), o.KVDType)
	}
	return out
}

// QuantLabel is how the quantization picker shows a format: its name and
// bits per weight (≈ for a mix's measured average).
func QuantLabel(q memory.Quant) string {
	names := map[string]string{"int8": "int8 (bitsandbytes LLM.int8)", "fp8": "FP8 (e4m3)", "gptq-int4": "GPTQ int4, group 128",
		"awq-int4": "AWQ int4, group 128", "nf4": "NF4 + double quant (QLoRA)", "nf4-single": "NF4", "q8_0": "GGUF Q8_0", "q6_k": "GGUF Q6_K",
		"q5_k_m": "GGUF Q5_K_M", "q4_k_m": "GGUF Q4_K_M", "q4_0": "GGUF Q4_0"}
	name := names[q.ID]
	if name == "" {
		name = q.ID
	}
	bits := float64(q.Num) / float64(q.Den)
	if q.Estimate {
		// the GiB a mix measured on Llama-3-8B, as bits per weight
		bits = float64(q.Num) / float64(q.Den) * float64(1<<30) * 8 / 8030261248
		return fmt.Sprintf("%s · ≈%.2f bits", name, bits)
	}
	return fmt.Sprintf("%s · %s bits", name, strconv.FormatFloat(bits, 'f', -1, 64))
}

// renderServing is a language model's serving and fine-tuning table:
// every figure is a button that shows its formula.
func (m *MemoryTab) renderServing(d *core.Demand) app.UI {
	s := d.Serving
	name := ""
	if d.DevInfo != nil {
		name = d.DevInfo.Name
	}
	mib := m.State.Unit == "MiB"
	formula := func(key string) string {
		if f, ok := s.Formulas[key]; ok {
			return f.In(m.Lang)
		}
		return ""
	}
	row := func(key, label, value string, v float64) app.UI {
		f := Formula{Title: label, Body: formula(key)}
		return el("tr", "data-figure", key).Body(
			thr("", label),
			el("td", "class", "num", "data-value", strconv.FormatFloat(v, 'g', 6, 64)).Body(
				button("", "cell", value).OnClick(onOpenFormula(m.Show, f), key, f.Body),
			),
			td("formula-cell mono", f.Body),
		)
	}
	var tokens int64
	if m.Report != nil && len(m.Report.Inputs) > 0 && len(m.Report.Inputs[0]) > 1 {
		tokens = m.Report.Inputs[0][1]
	}
	rows := []app.UI{
		row("prefill_seconds", sf(m.t("serve.prefill"), Thousands(tokens)), core.FormatSeconds(s.PrefillSeconds), s.PrefillSeconds),
		row("decode_seconds_per_token", sf(m.t("serve.decode"), Thousands(s.Context)), core.FormatSeconds(s.DecodeSeconds), s.DecodeSeconds),
		row("decode_tokens_per_second", m.t("serve.tps"), core.FormatRate(s.TokensPerSecond), s.TokensPerSecond),
		row("batch_decode_tokens_per_second", sf(m.t("serve.tps.batch"), strconv.FormatInt(s.Batch, 10)), core.FormatRate(s.BatchTokensPerSecond), s.BatchTokensPerSecond),
	}
	if s.GPUs > 0 {
		rows = append(rows, row("gpus_needed", m.t("serve.gpus"), strconv.FormatInt(s.GPUs, 10), float64(s.GPUs)))
	}
	// fine-tuning: one row per method, without and with checkpointing
	methods := []string{"full", "lora", "qlora"}
	cell := func(f core.FineTune) app.UI {
		label := m.t("ft."+f.Method) + pick(f.Checkpointing, " + "+m.t("ft.ckpt"), "")
		fm := Formula{Title: label, Body: f.Formula.In(m.Lang)}
		return el("td", "class", "num", "data-value", strconv.FormatInt(f.Bytes, 10)).Body(
			button("", "cell", Bytes(f.Bytes, mib)).OnClick(onOpenFormula(m.Show, fm), f.Method, strconv.FormatBool(f.Checkpointing), fm.Body),
		)
	}
	var ft []app.UI
	for _, meth := range methods {
		var plain, ck *core.FineTune
		for i := range s.FineTune {
			f := &s.FineTune[i]
			if f.Method == meth && f.Checkpointing {
				ck = f
			} else if f.Method == meth {
				plain = f
			}
		}
		if plain == nil || ck == nil {
			continue
		}
		label := m.t("ft." + meth)
		if meth != "full" {
			label += " · " + sf(m.t("ft.lora.setup"), strconv.FormatInt(s.LoRA.Rank, 10), strings.Join(s.LoRA.Targets, ", "))
		}
		ft = append(ft, el("tr", "data-method", meth).Body(
			thr("", label),
			td("num", Thousands(plain.Trainable)),
			cell(*plain),
			cell(*ck),
		))
	}
	return div("mem-section serving",
		h3(sf(m.t("serve.title"), name)),
		table("serving", heads(".n.", m.t("serve.figure"), m.t("serve.value"), m.t("mem.formula")), el("tbody").Body(rows...)),
		h3(m.t("ft.title")),
		table("finetune", heads(".nnn", m.t("ft.method"), m.t("ft.trainable"), m.t("ft.memory"), m.t("ft.memory.ckpt")), el("tbody").Body(ft...)),
		p("serving-note", "muted", m.t("serve.note")),
	)
}

func (m *MemoryTab) renderVerdict(d *core.Demand) app.UI {
	if d.Fit == nil {
		return el("div")
	}
	return el("p", "id", "verdict", "class", pick(d.Fit.Fits, "verdict fits", "verdict nofit"), "aria-live", "polite",
		"data-fits", strconv.FormatBool(d.Fit.Fits), "data-need", strconv.FormatInt(d.Fit.Need, 10),
		"data-capacity", strconv.FormatInt(d.Fit.Capacity, 10), "data-margin", strconv.FormatInt(d.Fit.Margin, 10)).
		Text(Verdict(m.Lang, m.State.Unit, d))
}

// termRow is a row of a memory table: the term, its bytes (a button
// showing the formula), MB, MiB and the formula.
func (m *MemoryTab) termRow(key, label string, b int64, formula string) app.HTMLElem {
	return el("tr", "data-term", key).Body(
		thr("", label),
		el("td", "class", "num", "data-value", strconv.FormatInt(b, 10)).Body(
			button("", "cell", Thousands(b)).OnClick(onOpenFormula(m.Show, Formula{label, formula}), key, label, formula),
		),
		td("num", Bytes(b, false)),
		td("num", Bytes(b, true)),
		td("formula-cell mono", formula),
	)
}

func (m *MemoryTab) renderTerms(d *core.Demand) app.UI {
	o := DemandOptions(m.State)
	o.Quant = d.Quant // the default resolved: a config's published format
	title := sf(m.t("mem.title.inference"), StorageLabel(m.Lang, d.DType, o))
	if d.Mode == core.ModeTrain {
		title = sf(m.t("mem.title.train"), m.t("opt."+d.Optimizer), d.DType)
	}
	var rows []app.UI
	for _, tm := range d.Terms {
		rows = append(rows, m.termRow(string(tm.ID), termLabel(m.Lang, tm), tm.Bytes, tm.FormulaIn(m.Lang)))
	}
	rows = append(rows, m.termRow("total", m.t("total"), d.Total.Bytes, d.Total.FormulaIn(m.Lang)).Class("total"))
	var other []app.UI
	if inf := d.Inference; inf != nil {
		// term.input, term.peak, term.outputs_sum, term.torchinfo
		for _, tm := range []memory.Term{inf.Input, inf.Peak, inf.OutputsSum, inf.Torchinfo} {
			other = append(other, m.termRow(string(tm.ID), termLabel(m.Lang, tm), tm.Bytes, tm.FormulaIn(m.Lang)))
		}
	}
	// Each table needs its own head: an element is mounted once.
	head := func() app.UI {
		return heads(".nnn.", m.t("mem.term"), m.t("mem.bytes"), "MB", "MiB", m.t("mem.formula"))
	}
	return div("mem-section",
		h3(title),
		table("mem-terms", head(), el("tbody").Body(rows...)),
		when(d.KV != nil, p("kv-source", "muted", KVText(m.Lang, d.KV))),
		m.figure("memory", m.t("chart.memory.caption")),
		h3(m.t("mem.activations")),
		table("mem-activations", head(), el("tbody").Body(other...)),
		p("", "muted", m.t("mem.estimate")),
	)
}

func (m *MemoryTab) renderTime(d *core.Demand) app.UI {
	ds := d.Device
	if ds == nil {
		return el("div")
	}
	if ds.Error != "" || d.Roofline == nil {
		return div("mem-section", h3(m.t("time.title")),
			p("time-error", "error", sf(m.t("time.nopeak"), ds.Name, d.DType)))
	}
	r := d.Roofline
	rate := fmt.Sprintf(m.t("time.rate"), core.FormatRate(ds.PerSecond), r.Batch)
	if ds.TokensPerSecond > 0 {
		rate += " · " + sf(m.t("time.tokens"), core.FormatRate(ds.TokensPerSecond))
	}
	stat := func(id, label, value, sub string, secs float64) app.UI {
		return el("div", "class", "card", "id", id, "data-seconds", strconv.FormatFloat(secs, 'g', 6, 64)).Body(
			divt("card-title", label),
			divt("big", value),
			divt("card-sub", sub),
		)
	}
	idx := TopLayers(r, 20)
	if m.allRows {
		idx = TopLayers(r, 0)
	}
	mib := m.State.Unit == "MiB"
	return div("mem-section",
		h3(sf(m.t("time.title.dev"), ds.Name)),
		p("lower-bound-note", "lower-bound", m.t("time.lowerbound")),
		div("cards",
			stat("time-forward", m.t("time.forward"), core.FormatSeconds(ds.LowerBoundSeconds),
				sf(m.t("time.bound"), m.t("bound."+ds.Bound), core.FormatSeconds(r.ComputeSeconds), core.FormatSeconds(r.MemorySeconds)), ds.LowerBoundSeconds),
			stat("time-rate", m.t("time.persec"), core.FormatRate(ds.PerSecond), rate, ds.PerSecond),
			stat("time-train", m.t("time.train"), core.FormatSeconds(ds.TrainStepSeconds), m.t("time.train.sub"), ds.TrainStepSeconds),
			stat("time-fused", m.t("time.fused"), core.FormatSeconds(ds.FusedSeconds), m.t("time.fused.sub"), ds.FusedSeconds),
		),
		p("", "muted", fmt.Sprintf(m.t("time.device"), core.FormatRate(float64(r.Peak)), r.DType, core.FormatRate(float64(r.Bandwidth)), r.Ridge)),
		m.figure("roofline", m.t("chart.roofline.caption")),
		div("table-tools",
			span("muted", fmt.Sprintf(m.t("time.layers"), len(idx), len(r.Layers))),
			button("roof-all", "ghost", pick(m.allRows, m.t("time.top"), m.t("time.all"))).OnClick(m.onAllRows),
		),
		table("roofline-layers",
			heads("..nnnnn.n",
				m.t("col.name"), m.t("col.type"),
				m.t("roof.out"), m.t("roof.live"),
				m.t("col.flops"), m.t("roof.bytes"),
				m.t("roof.intensity"), m.t("roof.bound"),
				m.t("roof.time"),
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
					td("", m.t("bound."+l.Bound)),
					td("num", core.FormatSeconds(l.Seconds)),
				)
			})...),
		),
	)
}

// figure wraps a chart with its caption and export buttons.
func (m *MemoryTab) figure(name, caption string) app.UI {
	svg := m.chartSVG(name)
	if svg == "" {
		return el("div")
	}
	return el("div", "class", "chart", "role", "figure", "aria-label", caption, "data-chart", name).Body(
		div("chart-box", app.Raw(svg)),
		div("caption",
			span("", caption+" "),
			button("svg-"+name, "ghost", m.t("export.svg")).OnClick(m.onChartExport(name, false), name, "svg"),
			button("png-"+name, "ghost", m.t("export.png")).OnClick(m.onChartExport(name, true), name, "png"),
		),
	)
}

// renderStudies holds what runs on request: sweeps, the article's table,
// the gallery comparison.
func (m *MemoryTab) renderStudies() app.UI {
	ms := m.Studies
	var sweeps []app.UI
	for _, r := range ms.sweeps {
		sweeps = append(sweeps, m.figure("sweep-"+r.Kind, m.t("sweep.caption."+r.Kind)))
		if r.Err != "" {
			sweeps = append(sweeps, p("", "muted", sf(m.t("sweep.stopped"), r.Err)))
		}
	}
	return div("mem-section studies",
		h3(m.t("studies")),
		div("table-tools",
			button("sweep-run", "", m.t("sweep.run")).Attr("disabled", ms.busy).OnClick(m.onRun(runSweeps), "sweep"),
			button("article-run", "", m.t("article.run")).Attr("disabled", ms.busy).OnClick(m.onRun(runArticle), "article"),
			button("gallery-run", "", m.t("gallery.run")).Attr("disabled", ms.busy).OnClick(m.onRun(runGallery), "gallery"),
			when(ms.busy, el("span", "id", "studies-busy", "class", "muted").Text(m.t("computing"))),
		),
		when(ms.sweepErr != "", p("sweep-error", "error", ms.sweepErr)),
		el("div", "id", "sweeps").Body(sweeps...),
		m.renderArticle(),
		m.renderGallery(),
	)
}

func (m *MemoryTab) renderArticle() app.UI {
	rows := m.Studies.article
	if len(rows) == 0 {
		return el("div")
	}
	mib := m.State.Unit == "MiB"
	return div("mem-section",
		h3(m.t("article.title")),
		table("article",
			heads(".nnnnnn",
				m.t("input"), m.t("col.params"),
				m.t("article.thop"), m.t("article.printed"),
				sf(m.t("bytes"), m.usedDType()),
				m.t("term.peak"), m.t("term.torchinfo"),
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
		p("", "muted", m.t("article.note")),
	)
}

func (m *MemoryTab) renderGallery() app.UI {
	rows := m.Studies.gallery
	if m.Studies.galErr != "" {
		return p("gallery-error", "error", m.Studies.galErr)
	}
	if len(rows) == 0 {
		return el("div")
	}
	pct := func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }
	return div("mem-section",
		m.figure("gallery", m.t("chart.gallery.caption")),
		table("gallery",
			heads("..nnnnnn",
				m.t("gallery.model"), m.t("gallery.group"),
				m.t("gallery.year"),
				m.t("col.params"), m.t("col.macs"),
				m.t("gallery.fc"), m.t("gallery.conv"),
				m.t("gallery.ratio"),
			),
			el("tbody").Body(each(len(rows), func(i int) app.UI {
				r := rows[i]
				return el("tr", "data-name", r.Name).Body(
					thr("", r.Name),
					td("", m.t("group."+r.Group)),
					td("num", strconv.Itoa(r.Year)),
					tdv(r.Params, Thousands(r.Params)),
					tdv(r.MACs, Short(r.MACs)),
					td("num", pct(r.LinearParamShare)),
					td("num", pct(r.ConvMACShare)),
					td("num", strconv.FormatFloat(float64(r.MACs)/float64(max(r.Params, 1)), 'f', 0, 64)),
				)
			})...),
		),
		p("", "muted", m.t("gallery.note")),
	)
}

// usedDType is the dtype the figures were computed in: the chosen one, else
// the report's (an LLM config's default), else fp32.
func (m *MemoryTab) usedDType() string {
	if m.State.DType == "" && m.Report != nil && m.Report.DType != "" {
		return m.Report.DType
	}
	return dtypeOr(m.State.DType)
}

func dtypeOr(dt string) string {
	if dt == "" {
		return "fp32"
	}
	return dt
}
