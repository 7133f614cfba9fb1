package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
	"floplab/core/diag"
)

// Render draws the page. Text is always set as text nodes or attribute
// values, never as HTML, so names and messages from a hostile link cannot
// inject markup.
func (c *Calculator) Render() app.UI {
	t := func(k string) string { return T(c.lang, k) }
	return app.Main().ID("calc").
		DataSet("ready", c.ready).
		DataSet("lang", c.lang).
		DataSet("first-result-ms", int64(c.firstResultMS)).
		DataSet("compute-us", c.computeUS).
		DataSet("computes", c.computes).
		Lang(htmlLang(c.lang)).
		Body(
			app.Header().Class("top").Body(
				app.Div().Class("brand").Body(
					app.H1().Text(t("title")),
					app.P().Class("tagline").Text(t("tagline")),
				),
				app.Button().ID("lang").Type("button").Class("ghost").
					Aria("label", t("lang.switch.aria")).
					Text(t("lang.switch")).OnClick(c.onLang),
			),
			c.renderUpdate(),
			app.Div().Class("layout").Body(
				app.Section().Class("left").Aria("label", t("editor")).Body(
					c.renderControls(),
					c.renderEditor(),
					c.renderErrors(),
				),
				app.Section().Class("right").Aria("label", t("results")).Body(
					c.renderResults(),
				),
			),
			c.renderExplainers(),
			app.Footer().Body(app.P().Text(t("footer"))),
		)
}

func (c *Calculator) renderUpdate() app.UI {
	// Always present (hidden when there is no update) so the elements after
	// it, the editor among them, are never re-created.
	return app.Div().ID("update").Class("banner").Hidden(!c.updateReady).Aria("live", "polite").Body(
		app.Span().Text(T(c.lang, "update")+" "),
		app.Button().Type("button").ID("update-reload").Text(T(c.lang, "update.reload")).OnClick(c.onUpdate),
	)
}

func (c *Calculator) renderControls() app.UI {
	t := func(k string) string { return T(c.lang, k) }
	presetSel := app.Select().ID("preset").OnChange(c.onPreset).Body(
		app.Option().Value("").Selected(c.st.Preset == "").Text(t("preset.custom")),
		app.Range(PresetGroups()).Slice(func(i int) app.UI {
			g := PresetGroups()[i]
			return app.OptGroup().Label(t(g.Key)).Body(
				app.Range(g.Presets).Slice(func(j int) app.UI {
					p := g.Presets[j]
					return app.Option().Value(p.Name).Selected(c.st.Preset == p.Name).Text(p.Name)
				}),
			)
		}),
	)
	conv := c.st.Convention
	if conv == "" {
		conv = "floplab"
	}
	convSel := app.Select().ID("convention").OnChange(c.onSelect(&c.st.Convention), "convention").Body(
		app.Range(c.eng.Conventions).Slice(func(i int) app.UI {
			cv := c.eng.Conventions[i]
			label := cv.Label()
			if cv.ID == "floplab" {
				label = t("convention.own")
			}
			return app.Option().Value(cv.ID).Selected(conv == cv.ID).Text(label)
		}),
	)
	dt := c.st.DType
	if dt == "" {
		dt = "fp32"
	}
	dtypes := DTypeNames()
	dtSel := app.Select().ID("dtype").OnChange(c.onSelect(&c.st.DType), "dtype").Body(
		app.Range(dtypes).Slice(func(i int) app.UI {
			d := dtypes[i]
			return app.Option().Value(d).Selected(dt == d).Text(d)
		}),
	)
	unitSel := app.Select().ID("unit").OnChange(c.onSelect(&c.st.Unit), "unit").Body(
		app.Option().Value("MB").Selected(c.st.Unit != "MiB").Text("MB (10⁶)"),
		app.Option().Value("MiB").Selected(c.st.Unit == "MiB").Text("MiB (2²⁰)"),
	)
	field := func(id, label string, ctl app.UI) app.UI {
		return app.Div().Class("field").Body(app.Label().For(id).Text(label), ctl)
	}
	return app.Div().Class("controls").Body(
		field("preset", t("preset"), presetSel),
		field(idInput, t("input"), app.Input().Type("text").ID(idInput).Class("mono").
			Placeholder(c.inputPlaceholder()).Attr("spellcheck", "false").
			Attr("autocomplete", "off").OnInput(c.onInputShape)),
		field(idBatch, t("batch"), app.Input().Type("number").ID(idBatch).Min(1).
			Placeholder(c.batchPlaceholder()).OnInput(c.onBatch)),
		field("convention", t("convention"), convSel),
		field("dtype", t("dtype"), dtSel),
		field("unit", t("unit"), unitSel),
		app.Div().Class("field actions").Body(
			app.Button().Type("button").ID("copy-link").Text(t("copylink")).OnClick(c.onCopyLink),
		),
		app.P().ID("status").Class("status").Aria("live", "polite").Text(c.status),
		app.If(c.prev != "", app.P().Class("restore").Body(
			app.Button().Type("button").ID("restore").Class("ghost").
				Text(t("restore")).
				OnClick(c.onRestore),
		)),
	)
}

func (c *Calculator) inputPlaceholder() string {
	if c.rep != nil && len(c.rep.Inputs) > 0 {
		return strings.ReplaceAll(fmtShapes(c.rep.Inputs), "×", "x")
	}
	return T(c.lang, "input.ph")
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
	// The first error of the script, drawn inline over the text.
	var first *diag.Error
	for _, e := range c.errs {
		if e.Pos.Line > 0 && e.Pos.Line <= lines && (e.Pos.File == "" || e.Pos.File == Filename) {
			first = e
			break
		}
	}
	gutter := make([]app.UI, lines)
	for i := range gutter {
		n := i + 1
		cls := "ln"
		title := ""
		if es := errLines[n]; len(es) > 0 {
			cls = "ln err"
			title = es[0].Msg
		}
		gutter[i] = app.Span().ID("line-"+strconv.Itoa(n)).Class(cls).Title("%s", title).Text(n)
	}
	return app.Div().Class("editor-wrap").Body(
		app.Label().For(idScript).Class("editor-label").Text(T(c.lang, "editor")),
		app.Div().Class("editor").Body(
			app.Div().Class("gutter").Aria("hidden", "true").Body(gutter...),
			app.Div().Class("code").Body(
				// Always present, so the textarea keeps its place (and its text
				// and focus) when an error comes and goes.
				c.renderInlineError(first),
				app.Textarea().ID(idScript).Class("mono").
					Rows(lines+1).Wrap("off").Attr("spellcheck", "false").
					Attr("autocapitalize", "off").Attr("autocomplete", "off").
					Aria("label", T(c.lang, "editor.aria")).
					Aria("invalid", len(errLines) > 0).
					OnInput(c.onScript).OnKeyDown(c.onKey),
			),
		),
	)
}

func (c *Calculator) renderInlineError(e *diag.Error) app.UI {
	if e == nil {
		return app.Div().Class("inline-err", "hidden").Aria("hidden", "true").Body(app.Span().Class("caret"))
	}
	return app.Div().Class("inline-err").Aria("hidden", "true").
		Style("top", fmt.Sprintf("calc(%d * var(--lh) + var(--pad))", e.Pos.Line-1)).
		Title("%s", e.Msg).
		Body(app.Span().Class("caret").Style("left", fmt.Sprintf("calc(%d * 1ch)", max(e.Pos.Col-1, 0))))
}

func (c *Calculator) renderErrors() app.UI {
	t := func(k string) string { return T(c.lang, k) }
	return app.Div().ID("problems").Aria("live", "polite").Body(
		app.If(c.linkErr != "", app.P().ID("link-error").Class("error").
			Text(fmt.Sprintf(t("linkerr"), c.linkErr))),
		app.If(len(c.errs) > 0, app.Div().Class("errors").Body(
			app.H2().Text(t("errors")),
			app.Ul().ID("errors").Body(
				app.Range(c.errs).Slice(func(i int) app.UI {
					e := c.errs[i]
					where := e.Pos.File
					if e.Pos.Line > 0 {
						where = fmt.Sprintf(t("line.col"), e.Pos.Line, max(e.Pos.Col, 1))
						if e.Pos.Col == 0 {
							where = fmt.Sprintf(t("line"), e.Pos.Line)
						}
						if e.Pos.File != "" && e.Pos.File != Filename {
							where = e.Pos.File + ", " + where
						}
					}
					msg := e.Msg
					if e.Layer != "" {
						msg = e.Layer + ": " + msg
					}
					li := app.Li().Class("error").DataSet("error-line", e.Pos.Line).DataSet("error-col", e.Pos.Col)
					return li.Body(
						app.If(e.Pos.Line > 0 && (e.Pos.File == "" || e.Pos.File == Filename),
							app.Button().Type("button").Class("goto").Title("%s", t("goto")).
								Text(where).OnClick(c.onGoto(e.Pos.Line, e.Pos.Col), e.Pos.Line, e.Pos.Col),
						).Else(app.If(where != "", app.Span().Class("where").Text(where))),
						app.Span().Class("msg").Text(" "+msg),
						app.If(e.Hint != "", app.Div().Class("hint").Body(
							app.Strong().Text(t("hint")+" "), app.Span().Text(firstLine(e.Hint)),
						)),
					)
				}),
			),
		)),
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
	t := func(k string) string { return T(c.lang, k) }
	rep := c.rep
	if rep == nil {
		return app.Div().ID("results").Body(
			app.If(c.computing, app.P().Class("muted").Text(t("computing"))).
				Else(app.P().Class("muted").Text(t("noresult"))),
		)
	}
	statusLine := app.P().Class("muted").Text(fmt.Sprintf(t("computed"), fmtDuration(c.took)))
	if c.stale {
		statusLine = app.P().ID("stale").Class("stale").Aria("live", "polite").Text(t("stale"))
	}
	tab := c.tab
	if tab == "" {
		tab = "layers"
	}
	tabBtn := func(id, key string) app.UI {
		return app.Button().Type("button").ID("tab-"+id).Class("tab").Attr("role", "tab").
			Aria("selected", tab == id).Aria("controls", "panel-"+id).Text(t(key)).OnClick(c.onTab(id), id)
	}
	var panel app.UI
	switch tab {
	case "tools":
		panel = c.renderTools()
	case "memory":
		panel = c.renderMemory()
	default:
		panel = c.renderTable()
	}
	notes := rep.NotesIn(c.lang)
	return app.Div().ID("results").Class(map[bool]string{true: "is-stale", false: ""}[c.stale]).
		DataSet("stale", c.stale).Body(
		statusLine,
		app.H2().Class("model-name").Text(rep.Model+" · "+fmtShapes(rep.Inputs)),
		c.renderCards(),
		c.renderFormula(),
		c.renderTies(),
		app.If(len(notes) > 0, app.Div().Class("notes").Body(
			app.H3().Text(t("notes")),
			app.Ul().Body(app.Range(notes).Slice(func(i int) app.UI { return app.Li().Text(notes[i]) })),
		)),
		app.Div().Class("tabs").Attr("role", "tablist").Body(
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
		return app.Div().ID("ties").Hidden(true)
	}
	t := func(k string) string { return T(c.lang, k) }
	return app.Div().ID("ties").Class("notes ties").Body(
		app.H3().Text(t("ties")),
		app.P().Class("muted").Text(t("ties.help")),
		app.Ul().Style("list-style", "none").Style("padding-left", "0").Body(app.Range(ties).Slice(func(i int) app.UI {
			tie := ties[i]
			id := "tie-" + strconv.Itoa(i)
			return app.Li().Body(
				app.Input().Type("checkbox").ID(id).Checked(tie.Active).
					DataSet("module", tie.Module).DataSet("target", tie.Target).DataSet("params", tie.Params).
					OnChange(c.onTie(i), id),
				app.Label().For(id).Text(" "+TieLabel(c.lang, tie)),
			)
		})),
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
	return fmt.Sprintf(T(lang, "ties.label"), tie.Module, tie.Target, Thousands(tie.Params), why)
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
	Tool    string
	Formula Formula
}

// Cards computes the headline figures of a report; a plain function so the
// numbers and formulas are tested natively.
func Cards(rep *core.Report, lang, unit string, convs []Convention) []Card {
	t := func(k string) string { return T(lang, k) }
	tot := rep.Totals
	th := Thousands
	label := ConventionLabel(convs, rep.Convention)
	// The big figure is the count the way the seed article and thop's
	// clever_format("%.2f") show it; the tool's own output line follows.
	printed := Short(tot.Count)
	toolLine := ""
	if ct, ok := rep.Conventions[rep.Convention]; ok && ct.Printed != "" {
		toolLine = ct.Printed
	}
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
	o := tot.Ops
	per := ""
	if tot.Params > 0 && tot.ParamBytes%tot.Params == 0 {
		per = fmt.Sprintf(" = %s × %d", th(tot.Params), tot.ParamBytes/tot.Params)
	}
	return []Card{
		{Metric: "params", Value: tot.Params, Title: t("params"), Big: th(tot.Params),
			Sub:     fmt.Sprintf(t("params.split"), th(tot.TrainableParams), th(tot.NonTrainableParams)),
			Formula: Formula{t("params"), fmt.Sprintf(t("f.params"), th(tot.TrainableParams), th(tot.NonTrainableParams), th(tot.Params))}},
		{Metric: "trainable_params", Value: tot.TrainableParams, Title: t("trainable"), Big: th(tot.TrainableParams),
			Sub:     Short(tot.TrainableParams),
			Formula: Formula{t("trainable"), fmt.Sprintf(t("f.trainable"), th(tot.TrainableParams))}},
		{Metric: "buffers", Value: tot.Buffers, Title: t("buffers"), Big: th(tot.Buffers), Sub: t("buffers.sub"),
			Formula: Formula{t("buffers"), fmt.Sprintf(t("f.buffers"), th(tot.Buffers))}},
		{Metric: "macs", Value: tot.MACs, Title: t("macs"), Big: Short(tot.MACs), Sub: th(tot.MACs) + " · " + t("macs.sub"),
			Formula: Formula{t("macs"), fmt.Sprintf(t("f.macs"), len(rep.Layers), th(tot.MACs))}},
		{Metric: "flops", Value: tot.FLOPs, Title: t("flops"), Big: Short(tot.FLOPs), Sub: th(tot.FLOPs) + " · " + t("flops.sub"),
			Formula: Formula{t("flops"), fmt.Sprintf(t("f.flops"),
				th(tot.MACs), th(o.Add), th(o.Mul), th(o.Cmp), th(o.Exp), th(tot.FLOPs))}},
		{Metric: "count", Value: tot.Count, Title: fmt.Sprintf(t("count"), label), Big: printed,
			Sub: fmt.Sprintf(t("count.sub"), th(tot.Count)+" "+countUnit+"s", th(tot.CountParams)), Tool: toolLine,
			Formula: Formula{fmt.Sprintf(t("count"), label), fmt.Sprintf(t("f.count"),
				label, countUnit, th(tot.Count), th(tot.CountParams), toolLine)}},
		{Metric: "param_bytes", Value: tot.ParamBytes, Title: fmt.Sprintf(t("bytes"), dt), Big: big,
			Sub: fmt.Sprintf(t("bytes.sub"), th(tot.ParamBytes), other),
			Formula: Formula{fmt.Sprintf(t("bytes"), dt), fmt.Sprintf(t("f.bytes"),
				dt, per, th(tot.ParamBytes), mb, mib)}},
	}
}

func (c *Calculator) renderCards() app.UI {
	cards := Cards(c.rep, c.lang, c.st.Unit, c.eng.Conventions)
	return app.Div().Class("cards").Body(
		app.Range(cards).Slice(func(i int) app.UI {
			k := cards[i]
			return app.Div().Class("card", "card-"+k.Metric).Body(
				app.Div().Class("card-title").Text(k.Title),
				app.Button().Type("button").Class("metric").
					DataSet("metric", k.Metric).DataSet("value", k.Value).
					Aria("label", k.Title+": "+k.Big).
					Text(k.Big).OnClick(c.onFormula(k.Formula), k.Metric, k.Formula.Title, k.Formula.Body),
				app.Div().Class("card-sub").Text(k.Sub),
				app.If(k.Tool != "", app.Div().Class("card-tool", "mono").Text(k.Tool)),
			)
		}),
	)
}

func (c *Calculator) renderFormula() app.UI {
	f := c.formula
	if f == nil {
		return app.Div().ID("formula").Class("formula empty").Aria("live", "polite")
	}
	body := f.Body
	if strings.TrimSpace(body) == "" {
		body = T(c.lang, "formula.none")
	}
	return app.Div().ID("formula").Class("formula").Aria("live", "polite").Body(
		app.Div().Class("formula-head").Body(
			app.Strong().Text(f.Title),
			app.Button().Type("button").Class("ghost").ID("formula-close").Text(T(c.lang, "formula.close")).OnClick(c.onCloseFormula),
		),
		app.Pre().Class("mono").Text(body),
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
		sum := fmt.Sprintf(t("f.group"), name)
		return Formula{pt, sum + " = " + th(r.Params)},
			Formula{mt, sum + " = " + th(r.MACs)},
			Formula{ft, sum + " = " + th(r.FLOPs)},
			Formula{name + " · " + convLabel, sum + " = " + th(r.Count)}
	}
	cf, pf, mf := r.Formula, r.ParamsFormula, r.MACsFormula
	if rep != nil && r.Index >= 0 && r.Index < len(rep.Layers) && rep.Layers[r.Index].Name == r.Name {
		cf, pf, mf = rep.LayerFormulasIn(lang, r.Index)
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
	ff := fmt.Sprintf(t("f.layerflops"), th(r.MACs), th(other), th(r.FLOPs))
	if cf != "" {
		cf += "\n= " + th(r.Count)
	}
	return Formula{pt, pf}, Formula{mt, mf}, Formula{ft, ff}, Formula{name + " · " + convLabel, cf}
}

func (c *Calculator) renderTable() app.UI {
	t := func(k string) string { return T(c.lang, k) }
	rep := c.rep
	label := ConventionLabel(c.eng.Conventions, rep.Convention)
	showCount := rep.Convention != "" && rep.Convention != "floplab"
	unit := rep.Totals.CountUnit
	if unit == "" {
		unit = "MAC"
	}
	var idx []int
	if c.sortKey == SortOrder {
		idx = Visible(c.rows, c.collapsed)
	} else {
		idx = Sorted(c.rows, c.sortKey, c.sortDesc)
	}
	th := func(key, text string, num bool) app.UI {
		sort := "none"
		if c.sortKey == key && key != "" {
			sort = map[bool]string{true: "descending", false: "ascending"}[c.sortDesc]
		}
		cls := ""
		if num {
			cls = "num"
		}
		return app.Th().Scope("col").Class(cls).Aria("sort", sort).Body(
			app.Button().Type("button").Class("sort").Title("%s", fmt.Sprintf(t("sort.by"), text)).
				Text(text+map[string]string{"ascending": " ▲", "descending": " ▼", "none": ""}[sort]).
				OnClick(c.onSort(key), key),
		)
	}
	pctBase := rep.Totals.Count
	num := func(v int64, r Row, col string) app.UI {
		return app.Td().Class("num").Body(
			app.Button().Type("button").Class("cell").DataSet("col", col).DataSet("value", v).
				Text(Thousands(v)).OnClick(c.onLayerFormula(r.Key, label, col), r.Key, label, col),
		)
	}
	return app.Div().ID("panel-layers").Attr("role", "tabpanel").Class("panel").Body(
		app.Div().Class("table-tools").Body(
			app.Button().Type("button").Class("ghost").ID("expand-all").Text(t("expand")).OnClick(c.onExpandAll),
			app.Button().Type("button").Class("ghost").ID("collapse-all").Text(t("collapse")).OnClick(c.onCollapseAll),
			app.If(c.sortKey != "", app.Button().Type("button").Class("ghost").ID("sort-reset").Text(t("sort.reset")).OnClick(c.onSort(SortOrder), SortOrder)),
			app.Span().Class("spacer"),
			c.renderExport(),
		),
		app.Div().Class("table-scroll").Body(
			app.Table().ID("layers").Class("layers").Body(
				app.Caption().Class("sr-only").Text(t("tab.layers")),
				app.THead().Body(app.Tr().Body(
					th(SortName, t("col.name"), false),
					th(SortType, t("col.type"), false),
					app.Th().Scope("col").Text(t("col.shape")),
					th(SortParams, t("col.params"), true),
					th(SortMACs, t("col.macs"), true),
					th(SortFLOPs, t("col.flops"), true),
					app.If(showCount, th(SortCount, fmt.Sprintf(t("col.count"), label, unit), true)),
					app.Th().Scope("col").Class("num").Text(t("col.pct")),
				)),
				app.TBody().Body(
					app.Range(idx).Slice(func(k int) app.UI {
						i := idx[k]
						r := c.rows[i]
						level := r.Level
						if c.sortKey != "" {
							level = 0
						}
						var nameCell app.UI
						if r.Children > 0 && c.sortKey == "" {
							open := !c.collapsed[r.Key]
							nameCell = app.Button().Type("button").Class("toggle").
								Aria("expanded", open).Aria("label", fmt.Sprintf(t("toggle"), r.Name)).
								Text(map[bool]string{true: "▾ ", false: "▸ "}[open]+r.Name).
								OnClick(c.onToggle(r.Key), r.Key)
						} else {
							nameCell = app.Span().Class("leaf").Text(r.Name)
						}
						return app.Tr().Class(map[bool]string{true: "group", false: ""}[r.Group || r.Children > 0]).
							DataSet("name", r.Name).DataSet("level", level).Body(
							app.Th().Scope("row").Class("name").Style("padding-left", fmt.Sprintf("%.1fem", 0.4+1.1*float64(level))).Body(nameCell),
							app.Td().Class("type").Text(r.Type),
							app.Td().Class("shape mono").Text(ShapeString(r.OutputShape)),
							num(r.Params, r, "params"),
							num(r.MACs, r, "macs"),
							num(r.FLOPs, r, "flops"),
							app.If(showCount, num(r.Count, r, "count")),
							app.Td().Class("num pct").Text(Percent(r.Count, pctBase)),
						)
					}),
				),
				app.TFoot().Body(app.Tr().Body(
					app.Th().Scope("row").Text(t("total")),
					app.Td(), app.Td(),
					app.Td().Class("num").Text(Thousands(rep.Totals.Params)),
					app.Td().Class("num").Text(Thousands(rep.Totals.MACs)),
					app.Td().Class("num").Text(Thousands(rep.Totals.FLOPs)),
					app.If(showCount, app.Td().Class("num").Text(Thousands(rep.Totals.Count))),
					app.Td().Class("num").Text("100.0%"),
				)),
			),
		),
	)
}

func (c *Calculator) renderExport() app.UI {
	t := func(k string) string { return T(c.lang, k) }
	formats := []string{"CSV", "Markdown", "JSON"}
	return app.Div().Class("export").Attr("role", "group").Aria("label", t("export")).Body(
		app.Range(formats).Slice(func(i int) app.UI {
			f := formats[i]
			return app.Span().Class("export-pair").Body(
				app.Button().Type("button").Class("ghost").ID("copy-"+strings.ToLower(f)).
					Text(fmt.Sprintf(t("export.copy"), f)).OnClick(c.onExport(f, true), f, "copy"),
				app.Button().Type("button").Class("ghost").ID("dl-"+strings.ToLower(f)).
					Text(fmt.Sprintf(t("export.dl"), f)).OnClick(c.onExport(f, false), f, "download"),
			)
		}),
	)
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

func (c *Calculator) renderTools() app.UI {
	t := func(k string) string { return T(c.lang, k) }
	rows := ToolRows(c.rep, c.eng.Conventions)
	return app.Div().ID("panel-tools").Attr("role", "tabpanel").Class("panel").Body(
		app.Div().Class("table-scroll").Body(
			app.Table().ID("tools").Class("layers").Body(
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text(t("tools.tool")),
					app.Th().Scope("col").Class("num").Text(t("tools.count")),
					app.Th().Scope("col").Class("num").Text(t("tools.exact")),
					app.Th().Scope("col").Text(t("tools.unit")),
					app.Th().Scope("col").Class("num").Text(t("tools.params")),
				)),
				app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
					r := rows[i]
					return app.Tr().DataSet("convention", r.ID).Class(map[bool]string{true: "current", false: ""}[r.ID == c.rep.Convention]).Body(
						app.Th().Scope("row").Text(r.Label),
						app.Td().Class("num mono").Text(r.Printed),
						app.Td().Class("num").DataSet("value", r.Count).Text(Thousands(r.Count)),
						app.Td().Text(r.Unit),
						app.Td().Class("num").Text(Thousands(r.Params)),
					)
				})),
			),
		),
	)
}

func (c *Calculator) renderExplainers() app.UI {
	qs := []string{"what", "macs", "tools", "mb", "fc", "dense"}
	return app.Section().Class("explain").Aria("label", T(c.lang, "explain")).Body(
		app.H2().Text(T(c.lang, "explain")),
		app.Range(qs).Slice(func(i int) app.UI {
			return app.Details().ID("q-"+qs[i]).Body(
				app.Summary().Text(T(c.lang, "q."+qs[i])),
				app.P().Text(T(c.lang, "a."+qs[i])),
			)
		}),
	)
}
