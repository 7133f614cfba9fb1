package app

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
)

// Render draws the page. Text is always set as text nodes or attribute
// values, or escaped where a part is written as HTML (the layer table,
// see markup), so names and messages from a hostile link cannot inject
// markup.
func (c *Calculator) Render() app.UI {
	// Startup marks (markMS): the first render, and the first with a result.
	markMS("render0")
	if c.ready && c.rep != nil {
		markMS("render")
	}
	return el("main", "id", "calc",
		"data-ready", strconv.FormatBool(c.ready),
		"data-lang", c.lang,
		"data-first-result-ms", strconv.FormatInt(int64(c.firstResultMS), 10),
		"data-compute-us", strconv.FormatInt(c.took.Microseconds(), 10),
		"data-computes", strconv.Itoa(c.computes),
		"lang", htmlLang(c.lang)).
		Body(
			el("header", "class", "top").Body(
				div("brand",
					el("h1").Text(c.t("title")),
					p("", "tagline", c.t("tagline")),
				),
				el("button", "type", "button", "id", "lang", "class", "ghost", "aria-label", c.t("lang.switch.aria"),
					// The label is in the other language: tagged so for screen readers and font choice.
					"lang", pick(c.lang == LangZH, "en", "zh-CN")).
					Text(c.t("lang.switch")).OnClick(c.onLang),
			),
			c.renderUpdate(),
			c.renderLinkError(),
			div("layout",
				el("section", "class", "left", "aria-label", c.t("editor")).Body(
					c.renderControls(),
					c.renderHelp(),
					&Editor{Script: c.st.Script, Lang: c.lang, Errs: c.errs, Report: c.rep, Stale: c.stale,
						Printout: c.printout && c.eng.PrintoutScript != nil, Halted: c.halted, Restore: c.prev != "",
						OnEdit: c.onEdit, OnAssume: c.onAssume, OnEditScript: c.onEditScript, OnRunAnyway: c.onRunAnyway,
						OnRestore: c.onRestore, Status: c.setStatus},
				),
				el("section", "class", "right", "aria-label", c.t("results")).Body(
					c.renderResults(),
				),
			),
			c.renderExplainers(),
			el("footer").Body(el("p").Text(c.t("footer"))),
		)
}

func (c *Calculator) renderUpdate() app.UI {
	// Always present (hidden when there is no update) so the elements after
	// it, the editor among them, are never re-created.
	return el("div", "id", "update", "class", "banner", "aria-live", "polite").Attr("hidden", !c.updateReady).Body(
		span("", c.t("update")+" "),
		button("update-reload", "", c.t("update.reload")).OnClick(c.onUpdate),
	)
}

// renderLinkError says, above everything, what of the link the page
// could not use.
func (c *Calculator) renderLinkError() app.UI {
	if c.linkErr.IsZero() {
		return el("p", "id", "link-error", "class", "error").Attr("hidden", true)
	}
	return p("link-error", "error", sf(c.t(pick(c.linkPartial, "linkpart", "linkerr")), c.linkErr.In(c.lang)))
}

func (c *Calculator) renderControls() app.UI {
	// The selects are HTML strings (see markup: their 76 options were as
	// many elements go-app created one JavaScript call at a time), their
	// changes served by one listener on the controls (onControlChange).
	var preset markup
	preset.open("select", "id", "preset").
		elem("option", c.t("preset.custom"), "value", "", "selected", pick(c.st.Preset == "", "selected", ""))
	for _, g := range PresetGroups() {
		preset.open("optgroup", "label", c.t(g.Key))
		for _, p := range g.Presets {
			preset.elem("option", p.Name, "value", p.Name, "selected", pick(c.st.Preset == p.Name, "selected", ""))
		}
		preset.close("optgroup")
	}
	preset.close("select")
	conv := c.st.Convention
	if conv == "" {
		conv = "floplab"
	}
	convs := make([][2]string, len(c.eng.Conventions))
	for i, cv := range c.eng.Conventions {
		convs[i] = [2]string{cv.ID, cv.Label()}
		if cv.ID == "floplab" {
			convs[i][1] = c.t("convention.own")
		}
	}
	dt := c.st.DType
	if dt == "" && c.rep != nil {
		dt = c.rep.DType // what core used: an LLM config's own torch_dtype when none was chosen
	}
	if dt == "" {
		dt = "fp32"
	}
	var dtypes [][2]string
	for _, d := range DTypeNames() {
		dtypes = append(dtypes, [2]string{d, d})
	}
	unit := "MB"
	if c.st.Unit == "MiB" {
		unit = "MiB"
	}
	return div("controls",
		field("preset", c.t("preset"), app.Raw(preset.String())),
		field(idInput, c.t("input"), input("type", "text", "id", idInput, "class", "mono",
			"placeholder", c.inputPlaceholder(), "spellcheck", "false",
			"autocomplete", "off").OnInput(c.onInputShape)),
		field(idBatch, c.t("batch"), input("type", "number", "id", idBatch, "min", "1",
			"placeholder", c.batchPlaceholder()).OnInput(c.onBatch)),
		field("convention", c.t("convention"), selectRaw("convention", "", conv, convs)),
		field("dtype", c.t("dtype"), selectRaw("dtype", "", dt, dtypes)),
		field("unit", c.t("unit"), selectRaw("unit", "", unit, [][2]string{{"MB", "MB (10⁶)"}, {"MiB", "MiB (2²⁰)"}})),
		field("pass", c.t("pass"), selectRaw("pass", c.t("pass.title"), pick(c.st.Pass == "train", "train", ""),
			[][2]string{{"", c.t("pass.forward")}, {"train", c.t("pass.train")}})),
		field("nnmode", c.t("nnmode"), selectRaw("nnmode", c.t("nnmode.title"), pick(c.st.NNMode == "train", "train", ""),
			[][2]string{{"", c.t("nnmode.eval")}, {"train", c.t("nnmode.train")}})),
		div("field actions",
			button("copy-link", "", c.t("copylink")).OnClick(c.onCopyLink),
		),
		el("p", "id", "status", "class", "status", "aria-live", "polite").Text(c.status),
	).On("change", c.onControlChange)
}

// selectRaw is a select of options (value, label) with value chosen, as
// an HTML string (see renderControls).
func selectRaw(id, title, value string, options [][2]string) app.UI {
	var m markup
	m.open("select", "id", id, "title", title)
	for _, o := range options {
		m.elem("option", o[1], "value", o[0], "selected", pick(o[0] == value, "selected", ""))
	}
	return app.Raw(m.close("select").String())
}

func (c *Calculator) inputPlaceholder() string {
	if c.rep != nil && len(c.rep.Inputs) > 0 {
		return strings.ReplaceAll(fmtShapes(c.rep.Inputs), "×", "x")
	}
	return c.t("input.ph")
}

func (c *Calculator) batchPlaceholder() string {
	if c.rep != nil && len(c.rep.Inputs) > 0 && len(c.rep.Inputs[0]) > 0 {
		return strconv.FormatInt(c.rep.Inputs[0][0], 10)
	}
	return "1"
}

func fmtShapes(in [][]int64) string {
	parts := make([]string, len(in))
	for i, s := range in {
		parts[i] = ShapeString(s)
	}
	return strings.Join(parts, ", ")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// ---- results ----

func (c *Calculator) renderResults() app.UI {
	rep := c.rep
	if rep == nil {
		return el("div", "id", "results").Body(
			p("", "muted", pick(c.computing, c.t("computing"), c.t("noresult"))),
		)
	}
	statusLine := p("", "muted", sf(c.t("computed"), fmtDuration(c.took)))
	if c.prerendered {
		statusLine = p("", "muted", c.t("prerendered"))
	}
	if c.stale {
		statusLine = el("p", "id", "stale", "class", "stale", "aria-live", "polite").Text(c.t("stale"))
	}
	tab := c.st.Tab
	if tab == "" {
		tab = "layers"
	}
	tabBtn := func(id, key string) app.UI {
		return el("button", "type", "button", "id", "tab-"+id, "class", "tab", "role", "tab",
			"aria-selected", strconv.FormatBool(tab == id), "aria-controls", "panel-"+id).Text(c.t(key)).OnClick(c.onTab(id), id)
	}
	var panel app.UI
	switch tab {
	case "tools":
		panel = &ToolsTable{Report: c.rep, Lang: c.lang, Convs: c.eng.Conventions}
	case "memory":
		panel = c.memoryTab()
	default:
		panel = &LayerTable{Report: c.rep, Lang: c.lang, Convs: c.eng.Conventions, Show: c.showFormulaBox, Status: c.setStatus}
	}
	notes := rep.PlainNotesIn(c.lang) // the warnings are at their lines, beside the editor
	return el("div", "id", "results", "class", pick(c.stale, "is-stale", ""), "data-stale", strconv.FormatBool(c.stale)).Body(
		statusLine,
		el("h2", "class", "model-name").Text(rep.Model+" · "+fmtShapes(rep.Inputs)),
		&ResultCards{Report: c.rep, Lang: c.lang, Unit: c.st.Unit, Convs: c.eng.Conventions, Show: c.showFormulaBox},
		c.renderFormula(),
		c.renderTies(),
		when(len(notes) > 0, div("notes",
			h3(c.t("notes")),
			el("ul").Body(each(len(notes), func(i int) app.UI { return el("li").Text(notes[i]) })...),
		)),
		el("div", "class", "tabs", "role", "tablist").Body(
			tabBtn("layers", "tab.layers"), tabBtn("tools", "tab.tools"), tabBtn("memory", "tab.memory"),
		),
		panel,
	)
}

// renderTies shows, for a pasted printout with tie candidates, one
// checkbox per pair of modules that may share a weight (checked = tied,
// counted once). A printout cannot show weight sharing, so the page asks.
func (c *Calculator) renderTies() app.UI {
	ties := c.rep.Ties
	if len(ties) == 0 {
		return el("div", "id", "ties").Attr("hidden", true)
	}
	return el("div", "id", "ties", "class", "notes ties").Body(
		h3(c.t("ties")),
		p("", "muted", c.t("ties.help")),
		el("ul", "style", "list-style:none", "style", "padding-left:0").Body(each(len(ties), func(i int) app.UI {
			tie := ties[i]
			id := "tie-" + strconv.Itoa(i)
			return el("li").Body(
				input("type", "checkbox", "id", id,
					"data-module", tie.Module, "data-target", tie.Target, "data-params", strconv.FormatInt(tie.Params, 10)).
					Attr("checked", tie.Active).OnChange(c.onTie(i), id),
				el("label", "for", id).Text(" "+TieLabel(c.lang, tie)),
			)
		})...),
	)
}

// TieLabel describes a tie candidate: "lm_head.weight = transformer.wte.weight
// (38,597,376 params; GPT2LMHeadModel ties them by default)".
func TieLabel(lang string, tie core.TieInfo) string {
	why := T(lang, "ties.shape")
	if tie.Default {
		why = T(lang, "ties.default")
	} else if strings.HasPrefix(tie.Why, "asked") {
		why = T(lang, "ties.asked")
	}
	return sf(T(lang, "ties.label"), tie.Module, tie.Target, Thousands(tie.Params), why)
}

func fmtDuration(d interface{ Microseconds() int64 }) string {
	us := d.Microseconds()
	if us < 1000 {
		return strconv.FormatInt(us, 10) + " µs"
	}
	return strconv.FormatInt(us/1000, 10) + "." + strconv.FormatInt(us%1000/100, 10) + " ms"
}

func (c *Calculator) renderFormula() app.UI {
	f := c.formula
	if f == nil {
		return el("div", "id", "formula", "class", "formula empty", "aria-live", "polite")
	}
	body := f.Body
	if strings.TrimSpace(body) == "" {
		body = c.t("formula.none")
	}
	return el("div", "id", "formula", "class", "formula", "aria-live", "polite").Body(
		div("formula-head",
			el("strong").Text(f.Title),
			button("formula-close", "ghost", c.t("formula.close")).OnClick(c.onCloseFormula),
		),
		el("pre", "class", "mono").Text(body),
	)
}

func (c *Calculator) renderExplainers() app.UI {
	qs := []string{"what", "macs", "tools", "mb", "fc", "dense"}
	return el("section", "class", "explain", "aria-label", c.t("explain")).Body(
		append([]app.UI{el("h2").Text(c.t("explain"))}, each(len(qs), func(i int) app.UI {
			return el("details", "id", "q-"+qs[i]).Body(
				el("summary").Text(c.t("q."+qs[i])),
				el("p").Text(c.t("a."+qs[i])),
			)
		})...)...,
	)
}
