package app

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
	"floplab/core/diag"
	"floplab/core/msg"
)

// Render draws the page. Text is always set as text nodes or attribute
// values, never as HTML, so names and messages from a hostile link cannot
// inject markup.
func (c *Calculator) Render() app.UI {
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
					c.renderEditor(),
					c.renderErrors(),
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
	presetSel := el("select", "id", "preset").OnChange(c.onPreset).Body(
		append([]app.UI{option("", c.st.Preset == "", c.t("preset.custom"))}, each(len(PresetGroups()), func(i int) app.UI {
			g := PresetGroups()[i]
			return el("optgroup", "label", c.t(g.Key)).Body(
				each(len(g.Presets), func(j int) app.UI {
					p := g.Presets[j]
					return option(p.Name, c.st.Preset == p.Name, p.Name)
				})...,
			)
		})...)...,
	)
	conv := c.st.Convention
	if conv == "" {
		conv = "floplab"
	}
	convSel := el("select", "id", "convention").OnChange(c.onSelect(&c.st.Convention), "convention").Body(
		each(len(c.eng.Conventions), func(i int) app.UI {
			cv := c.eng.Conventions[i]
			label := cv.Label()
			if cv.ID == "floplab" {
				label = c.t("convention.own")
			}
			return option(cv.ID, conv == cv.ID, label)
		})...,
	)
	dt := c.st.DType
	if dt == "" && c.rep != nil {
		dt = c.rep.DType // what core used: an LLM config's own torch_dtype when none was chosen
	}
	if dt == "" {
		dt = "fp32"
	}
	dtypes := DTypeNames()
	dtSel := el("select", "id", "dtype").OnChange(c.onSelect(&c.st.DType), "dtype").Body(
		each(len(dtypes), func(i int) app.UI {
			d := dtypes[i]
			return option(d, dt == d, d)
		})...,
	)
	unitSel := el("select", "id", "unit").OnChange(c.onSelect(&c.st.Unit), "unit").Body(
		option("MB", c.st.Unit != "MiB", "MB (10⁶)"),
		option("MiB", c.st.Unit == "MiB", "MiB (2²⁰)"),
	)
	return div("controls",
		field("preset", c.t("preset"), presetSel),
		field(idInput, c.t("input"), input("type", "text", "id", idInput, "class", "mono",
			"placeholder", c.inputPlaceholder(), "spellcheck", "false",
			"autocomplete", "off").OnInput(c.onInputShape)),
		field(idBatch, c.t("batch"), input("type", "number", "id", idBatch, "min", "1",
			"placeholder", c.batchPlaceholder()).OnInput(c.onBatch)),
		field("convention", c.t("convention"), convSel),
		field("dtype", c.t("dtype"), dtSel),
		field("unit", c.t("unit"), unitSel),
		div("field actions",
			button("copy-link", "", c.t("copylink")).OnClick(c.onCopyLink),
		),
		el("p", "id", "status", "class", "status", "aria-live", "polite").Text(c.status),
		when(c.prev != "", el("p", "class", "restore").Body(
			button("restore", "ghost", c.t("restore")).OnClick(c.onRestore),
		)),
	)
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

func (c *Calculator) renderEditor() app.UI {
	lines := LineCount(c.st.Script)
	errLines := ErrorLines(c.errs)
	if c.rep != nil && !c.stale {
		for _, x := range c.rep.Incomplete { // marked in the gutter as errors are
			if x.Line > 0 {
				errLines[x.Line] = append(errLines[x.Line], &diag.Error{Pos: diag.Pos{Line: x.Line}, Msg: x.Text})
			}
		}
	}
	// The first error of the script, drawn inline over the text.
	var first *diag.Error
	for _, e := range c.errs {
		if e.Pos.Line > 0 && e.Pos.Line <= lines && (e.Pos.File == "" || e.Pos.File == Filename) {
			first = e
			break
		}
	}
	warnLines := map[int]string{}
	if c.rep != nil && !c.stale {
		for _, w := range c.rep.Warnings {
			if _, ok := warnLines[w.Pos.Line]; !ok {
				warnLines[w.Pos.Line] = w.Text.In(c.lang)
			}
		}
	}
	gutter := make([]app.UI, lines)
	for i := range gutter {
		n := i + 1
		cls := "ln"
		title := ""
		if es := errLines[n]; len(es) > 0 {
			cls = "ln err"
			title = es[0].MsgIn(c.lang)
		} else if w, ok := warnLines[n]; ok {
			cls, title = "ln warn", w
		}
		gutter[i] = el("span", "id", "line-"+strconv.Itoa(n), "class", cls, "title", title).Text(n)
	}
	return div("editor-wrap",
		el("label", "for", idScript, "class", "editor-label").Text(c.t("editor")),
		div("file-open",
			el("label", "for", idONNXFile, "class", "file-button").Text(c.t("onnx.open")),
			app.Input().Type("file").ID(idONNXFile).Accept(".onnx").Class("file-input").OnChange(c.onONNXFile),
			el("span", "class", "file-hint").Text(c.t("onnx.hint")),
		),
		div("editor",
			el("div", "class", "gutter", "aria-hidden", "true").Body(gutter...),
			div("code",
				// Always present, so the textarea keeps its place (and its text
				// and focus) when an error comes and goes.
				c.renderInlineError(first),
				el("textarea", "id", idScript, "class", "mono",
					"rows", strconv.Itoa(lines+1), "wrap", "off", "spellcheck", "false",
					"autocapitalize", "off", "autocomplete", "off",
					"aria-label", c.t("editor.aria"),
					"aria-invalid", strconv.FormatBool(len(errLines) > 0)).
					OnInput(c.onScript).OnKeyDown(c.onKey),
			),
		).OnDragOver(c.onDragOver).OnDrop(c.onDrop),
	)
}

func (c *Calculator) renderInlineError(e *diag.Error) app.UI {
	if e == nil {
		return el("div", "class", "inline-err hidden", "aria-hidden", "true").Body(el("span", "class", "caret"))
	}
	return el("div", "class", "inline-err", "aria-hidden", "true",
		"style", "top:calc("+strconv.Itoa(e.Pos.Line-1)+" * var(--lh) + var(--pad))",
		"title", e.MsgIn(c.lang)).
		Body(el("span", "class", "caret", "style", "left:calc("+strconv.Itoa(max(e.Pos.Col-1, 0))+" * 1ch)"))
}

func (c *Calculator) renderErrors() app.UI {
	return el("div", "id", "problems", "aria-live", "polite").Body(
		when(c.printout && c.eng.PrintoutScript != nil, div("printout-bar",
			p("", "muted", c.t("printout.bar")),
			button("edit-script", "ghost", c.t("printout.edit")).OnClick(c.onEditScript),
		)),
		when(len(c.errs) > 0, div("errors",
			el("h2").Text(c.t("errors")),
			el("ul", "id", "errors").Body(
				each(len(c.errs), func(i int) app.UI {
					e := c.errs[i]
					where := e.Pos.File
					if e.Pos.Line > 0 {
						where = fmt.Sprintf(c.t("line.col"), e.Pos.Line, max(e.Pos.Col, 1))
						if e.Pos.Col == 0 {
							where = fmt.Sprintf(c.t("line"), e.Pos.Line)
						}
						if e.Pos.File != "" && e.Pos.File != Filename {
							where = e.Pos.File + ", " + where
						}
					}
					msg := e.MsgIn(c.lang)
					if l := e.LayerLabel(); l != "" {
						msg = l + ": " + msg
					}
					// A button to the place in this script, else the place.
					loc := when(where != "", span("where", where))
					if e.Pos.Line > 0 && (e.Pos.File == "" || e.Pos.File == Filename) {
						loc = button("", "goto", where).Attr("title", c.t("goto")).
							OnClick(c.onGoto(e.Pos.Line, e.Pos.Col), e.Pos.Line, e.Pos.Col)
					}
					return el("li", "class", "error", "data-error-line", strconv.Itoa(e.Pos.Line), "data-error-col", strconv.Itoa(e.Pos.Col)).Body(
						loc,
						span("msg", " "+msg),
						when(!e.Hint.IsZero(), div("hint",
							el("strong").Text(c.t("hint")+" "), span("", firstLine(e.HintIn(c.lang))),
						)),
					)
				})...,
			),
		)),
		c.renderIncomplete(),
		c.renderWarnings(),
		when(c.halted, el("p", "class", "halted").Body(
			button("run-anyway", "", c.t("run.anyway")).OnClick(c.onRunAnyway),
		)),
	)
}

// renderIncomplete lists the parts of a pasted model the counts leave out
// (a printout's container whose forward the printout cannot show), each at
// its line, like an error: the result stands, marked incomplete.
func (c *Calculator) renderIncomplete() app.UI {
	if c.rep == nil || len(c.rep.Incomplete) == 0 {
		return nil
	}
	inc := c.rep.Incomplete
	return div("errors incomplete",
		el("h2").Text(sf(c.t("incomplete"), strconv.Itoa(c.rep.CountedLayers), strconv.Itoa(c.rep.TotalLayers))),
		el("ul", "id", "incomplete").Body(each(len(inc), func(i int) app.UI {
			x := inc[i]
			where := fmt.Sprintf(c.t("line"), x.Line)
			return el("li", "class", "error", "data-error-line", strconv.Itoa(x.Line), "data-module", x.Module).Body(
				button("", "goto", where).Attr("title", c.t("goto")).OnClick(c.onGoto(x.Line, 1), x.Line, 1),
				span("msg", " "+x.Module+": "+x.Text.InOr(c.lang, x.Reason)),
			)
		})...),
	)
}

// renderWarnings lists the notes about lines of a pasted printout (what
// was assumed there, a class FlopLab does not know), each at its line;
// beside a class FlopLab does not know, inputs state what it holds.
func (c *Calculator) renderWarnings() app.UI {
	if c.rep == nil || c.stale || len(c.rep.Warnings) == 0 {
		return nil
	}
	ws := slices.Clone(c.rep.Warnings)
	slices.SortStableFunc(ws, func(a, b core.Warning) int { return cmp.Compare(a.Pos.Line, b.Pos.Line) })
	return div("warnings",
		el("h2").Text(c.t("warnings")),
		el("ul", "id", "warnings").Body(each(len(ws), func(i int) app.UI {
			w := ws[i]
			where := fmt.Sprintf(c.t("line"), w.Pos.Line)
			return el("li", "class", "warning", "data-warning-line", strconv.Itoa(w.Pos.Line), "data-warning-col", strconv.Itoa(w.Pos.Col),
				"data-class", w.Class).Body(
				button("", "goto", where).Attr("title", c.t("goto.warning")).OnClick(c.onGoto(w.Pos.Line, w.Pos.Col), w.Pos.Line, w.Pos.Col),
				span("msg", " "+w.Text.In(c.lang)),
				when(w.Class != "", c.renderAssume(w)),
			)
		})...),
	)
}

// renderAssume is the two inputs stating what a class holds.
func (c *Calculator) renderAssume(w core.Warning) app.UI {
	params, macs := "", ""
	if a := w.Assumed; a != nil {
		params, macs = strconv.FormatInt(a.Params, 10), strconv.FormatInt(a.MACs, 10)
	}
	num := func(what, value, label string) app.UI {
		id := assumeID(w.Class, what)
		return input("type", "text", "inputmode", "numeric", "id", id, "class", "assume-"+what+" mono",
			"placeholder", "0", "value", value, "autocomplete", "off", "spellcheck", "false",
			"aria-label", w.Class+": "+label).OnChange(c.onAssume(w.Class), w.Class, what)
	}
	return el("div", "class", "assume", "data-class", w.Class, "title", sf(c.t("assume.title"), w.Class, w.Class)).Body(
		span("", c.t("assume.holds")),
		num("params", params, c.t("assume.params")),
		span("", c.t("assume.mid")),
		num("macs", macs, c.t("assume.macs")),
		span("", c.t("assume.end")),
	)
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
		c.renderCards(),
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

// Card is one headline figure.
type Card struct {
	Metric string // data-metric
	Value  int64  // data-value, exact
	Title  string
	Big    string
	Sub    string
	// Tool is the selected tool's own output line, for the count card.
	Tool string
	// Partial says that the figure leaves out part of the model ("MACs of
	// 2 of 3 layers"), on the operation-count cards of a partial result:
	// a partial total is never shown as a full one.
	Partial string
	Formula Formula
}

// Cards computes the headline figures of a report; a plain function so the
// numbers and formulas are tested natively.
func Cards(rep *core.Report, lang, unit string, convs []Convention) []Card {
	t := func(k string) string { return T(lang, k) }
	tot := rep.Totals
	label := ConventionLabel(convs, rep.Convention)
	// The big figure is the count the way the seed article and thop's
	// clever_format("%.2f") show it; the tool's own output line follows.
	printed := Short(tot.Count)
	toolLine := core.Printed(rep.Convention, tot.Count, tot.CountParams)
	countUnit := tot.CountUnit
	if countUnit == "" {
		countUnit = "MAC"
	}
	dt := rep.DType
	if dt == "" {
		dt = "fp32"
	}
	mb, mib := Bytes(tot.ParamBytes, false), Bytes(tot.ParamBytes, true)
	big, other := mb, mib
	if unit == "MiB" {
		big, other = mib, mb
	}
	// The figures with thousands separators.
	params, trainable, frozen := Thousands(tot.Params), Thousands(tot.TrainableParams), Thousands(tot.NonTrainableParams)
	macs, flops, count, countParams := Thousands(tot.MACs), Thousands(tot.FLOPs), Thousands(tot.Count), Thousands(tot.CountParams)
	bytes := Thousands(tot.ParamBytes)
	o := tot.Ops
	per := ""
	if tot.Params > 0 && tot.ParamBytes%tot.Params == 0 {
		per = " = " + params + " × " + strconv.FormatInt(tot.ParamBytes/tot.Params, 10)
	}
	countTitle, bytesTitle := sf(t("count"), label), sf(t("bytes"), dt)
	cards := []Card{
		newCard("params", tot.Params, t("params"), params,
			sf(t("params.split"), trainable, frozen),
			sf(t("f.params"), trainable, frozen, params), ""),
		newCard("trainable_params", tot.TrainableParams, t("trainable"), trainable,
			Short(tot.TrainableParams), sf(t("f.trainable"), trainable), ""),
		newCard("buffers", tot.Buffers, t("buffers"), Thousands(tot.Buffers), BufferKinds(lang, rep),
			sf(t("f.buffers"), Thousands(tot.Buffers)), ""),
		newCard("macs", tot.MACs, t("macs"), Short(tot.MACs), macs+" · "+t("macs.sub"),
			fmt.Sprintf(t("f.macs"), len(rep.Layers), macs), articleLine(lang, rep)),
		newCard("flops", tot.FLOPs, t("flops"), Short(tot.FLOPs), flops+" · "+t("flops.sub"),
			sf(t("f.flops"), macs, Thousands(o.Add), Thousands(o.Mul), Thousands(o.Cmp), Thousands(o.Exp), flops), ""),
		newCard("count", tot.Count, countTitle, printed,
			sf(t("count.sub"), count+" "+countUnit+"s", countParams),
			sf(t("f.count"), label, countUnit, count, countParams, toolLine), toolLine),
		newCard("param_bytes", tot.ParamBytes, bytesTitle, big,
			sf(t("bytes.sub"), bytes, other),
			sf(t("f.bytes"), dt, per, bytes, mb, mib), ""),
	}
	if !rep.Complete {
		partial := sf(t("card.partial"), strconv.Itoa(rep.CountedLayers), strconv.Itoa(rep.TotalLayers))
		for i := range cards {
			switch cards[i].Metric {
			case "macs", "flops", "count":
				cards[i].Partial = partial
				cards[i].Formula.Body = partial + "\n\n" + cards[i].Formula.Body
			}
		}
	}
	return cards
}

// articleLine is, beside FlopLab's MACs, the figure the seed article
// prints (thop 0.0.31, "714.69M" for AlexNet), when the report has it
// (the page counts it for the AlexNet preset) and FlopLab's own is shown.
func articleLine(lang string, rep *core.Report) string {
	ct, ok := rep.Conventions["thop-0.0.31"]
	if !ok || (rep.Convention != "" && rep.Convention != "floplab") {
		return ""
	}
	return sf(T(lang, "article.line"), Short(ct.Count), Thousands(ct.Count))
}

// BufferKinds says what the model's buffers are: its buffer tensors by
// module class and name, the largest first, with their element counts
// ("GPT2Attention.bias (12,582,912), GPT2Attention.masked_bias (12); not
// parameters").
func BufferKinds(lang string, rep *core.Report) string {
	if rep.Graph == nil || rep.Totals.Buffers == 0 {
		return T(lang, "buffers.none")
	}
	var kinds []string
	size := map[string]int64{}
	for _, m := range rep.Graph.Modules {
		for _, p := range m.Params {
			if !p.Buffer || p.Tied {
				continue
			}
			k := m.Type + "." + p.Name
			if _, ok := size[k]; !ok {
				kinds = append(kinds, k)
			}
			size[k] += p.Shape.Numel()
		}
	}
	sort.SliceStable(kinds, func(i, j int) bool { return size[kinds[i]] > size[kinds[j]] })
	var parts []string
	for i, k := range kinds {
		if i == 3 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, k+" ("+Thousands(size[k])+")")
	}
	return sf(T(lang, "buffers.sub"), strings.Join(parts, msg.Tr(lang, ", ")))
}

// newCard is a card whose formula has the card's title.
func newCard(metric string, v int64, title, big, sub, formula, tool string) Card {
	return Card{Metric: metric, Value: v, Title: title, Big: big, Sub: sub, Tool: tool, Formula: Formula{title, formula}}
}

func (c *Calculator) renderCards() app.UI {
	cards := Cards(c.rep, c.lang, c.st.Unit, c.eng.Conventions)
	return div("cards",
		each(len(cards), func(i int) app.UI {
			k := cards[i]
			return div("card card-"+k.Metric,
				divt("card-title", k.Title),
				el("button", "type", "button", "class", "metric",
					"data-metric", k.Metric, "data-value", strconv.FormatInt(k.Value, 10),
					"aria-label", k.Title+": "+k.Big).Text(k.Big).
					OnClick(c.onFormula(k.Formula), k.Metric, k.Formula.Title, k.Formula.Body),
				divt("card-sub", k.Sub),
				when(k.Tool != "", divt("card-tool mono", k.Tool)),
				when(k.Partial != "", el("div", "class", "card-partial", "data-partial", "true").Text(k.Partial)),
			)
		})...,
	)
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

// LayerFormulas are the formulas behind the numbers of one table row, in
// lang: the row's own (English) texts, or rep's rendering of them in
// another language (rep may be nil).
func LayerFormulas(lang string, rep *core.Report, r Row, convLabel string) (params, macs, flops, count Formula) {
	t := func(k string) string { return T(lang, k) }
	th := Thousands
	name := r.Name
	pt, mt, ft := name+" · "+t("col.params"), name+" · "+t("col.macs"), name+" · "+t("col.flops")
	if r.Group {
		sum := sf(t("f.group"), name)
		return Formula{pt, sum + " = " + th(r.Params)},
			Formula{mt, sum + " = " + th(r.MACs)},
			Formula{ft, sum + " = " + th(r.FLOPs)},
			Formula{name + " · " + convLabel, sum + " = " + th(r.Count)}
	}
	cf, pf, mf := r.Formula, r.ParamsFormula, r.MACsFormula
	if rep != nil && r.Index >= 0 && r.Index < len(rep.Layers) && rep.Layers[r.Index].Name == r.Name {
		cf, pf, mf = rep.LayerFormulasIn(lang, r.Index)
	}
	if r.Children > 0 {
		// A module's row with calls under it: its own figure, then theirs.
		op, om, of, oc := r.OwnFigures()
		with := func(own, all int64, f string) string {
			if own == all {
				return f
			}
			if f == "" {
				f = t("f.noown")
			}
			return f + "\n" + sf(t("f.withcalls"), th(own), th(all-own), th(all))
		}
		pf, mf = with(op, r.Params, pf), with(om, r.MACs, mf)
		ownFLOPs := of
		ff := sf(t("f.layerflops"), th(om), th(of-2*om), th(of))
		if cf == "" && oc == 0 && r.Count != 0 {
			cf = t("f.noown")
		}
		cf = with(oc, r.Count, cf)
		if cf != "" {
			cf += "\n= " + th(r.Count)
		}
		if pf != "" {
			pf += "\n= " + th(r.Params)
		}
		if mf != "" {
			mf += "\n= " + th(r.MACs)
		}
		ff = with(ownFLOPs, r.FLOPs, ff) + "\n= " + th(r.FLOPs)
		return Formula{pt, pf}, Formula{mt, mf}, Formula{ft, ff}, Formula{name + " · " + convLabel, cf}
	}
	if pf == "" && r.Params == 0 {
		pf = t("f.noparams")
	}
	if pf != "" {
		pf += "\n= " + th(r.Params)
	}
	if mf == "" && r.MACs == 0 {
		mf = t("f.nomacs")
	}
	if mf != "" {
		mf += "\n= " + th(r.MACs)
	}
	other := r.FLOPs - 2*r.MACs
	ff := sf(t("f.layerflops"), th(r.MACs), th(other), th(r.FLOPs))
	if cf != "" {
		// The first line is the computation; later lines remark on it
		// (ptflops' functional counter, outside the row).
		head, rest, _ := strings.Cut(cf, "\n")
		cf = head + "\n= " + th(r.Count)
		if rest != "" {
			cf += "\n" + rest
		}
	}
	return Formula{pt, pf}, Formula{mt, mf}, Formula{ft, ff}, Formula{name + " · " + convLabel, cf}
}

// OutsideFormula explains the count no layer row holds (the functional
// counter of tool, ptflops) under the convention labelled label.
func OutsideFormula(lang, tool, label string, n int64) Formula {
	return Formula{T(lang, "outside") + " · " + label, sf(T(lang, "f.outside"), tool) + "\n= " + Thousands(n)}
}

// ToolRow is one line of the "All tools" table.
type ToolRow struct {
	ID, Label, Printed, Unit string
	Count, Params            int64
}

// ToolRows lists every convention's headline figure in picker order.
func ToolRows(rep *core.Report, convs []Convention) []ToolRow {
	var out []ToolRow
	seen := map[string]bool{}
	add := func(id, label string) {
		ct, ok := rep.Conventions[id]
		if !ok || seen[id] {
			return
		}
		seen[id] = true
		p := ct.Printed
		if p == "" {
			p = Short(ct.Count)
		}
		out = append(out, ToolRow{ID: id, Label: label, Printed: p, Unit: ct.CountUnit, Count: ct.Count, Params: ct.Params})
	}
	for _, cv := range convs {
		add(cv.ID, cv.Label())
	}
	var rest []string
	for id := range rep.Conventions {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	sortStrings(rest)
	for _, id := range rest {
		add(id, id)
	}
	return out
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
