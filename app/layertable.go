package app

import (
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
)

// LayerTable is the Layers tab: the per-layer table of a report, as a tree
// by module or sorted flat, with its fold, sort, "hide views" and export
// controls. It holds that state itself; the page gives it the report and
// the language, and callbacks to show a formula and a status line.
type LayerTable struct {
	app.Compo

	Report *core.Report
	Lang   string
	Convs  []Convention
	// Show puts a formula in the page's formula box; Status sets the
	// page's status line (an export copied).
	Show   func(Formula)
	Status func(string)

	built       *core.Report // the report rows were built from
	rows        []Row
	collapsed   map[string]bool
	sortKey     string
	sortDesc    bool
	modulesOnly bool
}

// sync builds the rows when the report changed: a new model folds as
// DefaultCollapsed, a recount of the same one keeps what was folded.
func (t *LayerTable) sync() {
	if t.Report == t.built {
		return
	}
	prev := t.built
	t.built = t.Report
	if t.Report == nil {
		t.rows = nil
		return
	}
	t.rows = ReportRows(t.Report)
	if t.collapsed == nil || prev == nil || prev.Script != t.Report.Script {
		t.collapsed = DefaultCollapsed(t.rows)
	}
}

// Rows are the table's rows for the current report.
func (t *LayerTable) Rows() []Row {
	t.sync()
	return t.rows
}

func (t *LayerTable) tr(k string) string { return T(t.Lang, k) }

func (t *LayerTable) Render() app.UI {
	if t.Report != nil {
		markMS("layers")
	}
	t.sync()
	rep := t.Report
	if rep == nil {
		return el("div", "id", "panel-layers", "role", "tabpanel", "class", "panel")
	}
	label := ConventionLabel(t.Convs, rep.Convention)
	showCount := rep.Convention != "" && rep.Convention != "floplab"
	showBwd := rep.Totals.BackwardFLOPs != nil
	unit := rep.Totals.CountUnit
	if unit == "" {
		unit = "MAC"
	}
	var idx []int
	if t.sortKey == SortOrder {
		idx = Visible(t.rows, t.collapsed)
	} else {
		idx = Sorted(t.rows, t.sortKey, t.sortDesc)
	}
	if t.modulesOnly {
		idx = ModulesOnly(t.rows, idx)
	}
	return el("div", "id", "panel-layers", "role", "tabpanel", "class", "panel").Body(
		div("table-tools",
			button("expand-all", "ghost", t.tr("expand")).OnClick(t.onExpandAll),
			button("collapse-all", "ghost", t.tr("collapse")).OnClick(t.onCollapseAll),
			when(t.sortKey != "", button("sort-reset", "ghost", t.tr("sort.reset")).OnClick(t.onSort(SortOrder), SortOrder)),
			el("label", "class", "check", "title", t.tr("modules.only.title")).Body(
				input("type", "checkbox", "id", "modules-only").Attr("checked", t.modulesOnly).OnChange(t.onModulesOnly),
				span("", " "+t.tr("modules.only")),
			),
			el("span", "class", "spacer"),
			t.renderExport(),
		),
		// The table is one string of HTML (see markup), its buttons served
		// by this one listener (onTableClick).
		el("div", "class", "table-scroll").OnClick(t.onTableClick).Body(app.Raw(t.tableHTML(idx, label, showCount, showBwd, unit))),
	)
}

// tableHTML is the table of the rows idx: a sortable head, the rows, the
// totals. Its buttons carry what onTableClick needs: data-act (sort,
// toggle, cell, outside), data-sort, data-key (the row's Key), data-col.
func (t *LayerTable) tableHTML(idx []int, label string, showCount, showBwd bool, unit string) string {
	rep := t.Report
	var m markup
	// th is a sortable heading; full, when set, is its longer name for
	// the tooltip.
	th := func(key, text, full string, num bool) {
		if full == "" {
			full = text
		}
		sort, arrow := "none", ""
		if t.sortKey == key && key != "" {
			sort, arrow = "ascending", " ▲"
			if t.sortDesc {
				sort, arrow = "descending", " ▼"
			}
		}
		m.open("th", "scope", "col", "class", pick(num, "num", ""), "aria-sort", sort).
			elem("button", text+arrow, "type", "button", "class", "sort", "title", sf(t.tr("sort.by"), full), "data-act", "sort", "data-sort", key).
			close("th")
	}
	plain := func(text string, num bool) { m.elem("th", text, "scope", "col", "class", pick(num, "num", "")) }
	pctBase := rep.Totals.Count
	num := func(v int64, r Row, col string) {
		m.open("td", "class", "num", "data-tied", pick(col == "params", r.Tied, "")).
			elem("button", Thousands(v), "type", "button", "class", "cell", "data-col", col, "data-value", strconv.FormatInt(v, 10), "data-act", "cell", "data-key", r.Key)
		if col == "params" && r.Tied != "" {
			// GPT-2's lm_head: 0 params here, its weight counted where it is listed first.
			m.elem("span", sf(t.tr("tied.to"), strings.TrimSuffix(r.Tied, ".weight")), "class", "tied")
		}
		m.close("td")
	}
	m.open("table", "id", "layers", "class", "layers").
		elem("caption", t.tr("tab.layers"), "class", "sr-only").
		open("thead").open("tr")
	th(SortName, t.tr("col.name"), "", false)
	th(SortType, t.tr("col.type"), "", false)
	plain(t.tr("col.shape"), false)
	th(SortParams, t.tr("col.params"), "", true)
	th(SortMACs, t.tr("col.macs"), "", true)
	th(SortFLOPs, t.tr("col.flops"), "", true)
	if showBwd {
		plain(t.tr("col.backward"), true)
	}
	if showCount {
		// The tool's name heads its column; the version and backend are
		// in the picker above and in the tooltip.
		th(SortCount, sf(t.tr("col.count"), ConventionTool(t.Convs, rep.Convention), unit), sf(t.tr("col.count"), label, unit), true)
	}
	plain(t.tr("col.pct"), true)
	m.close("tr").close("thead").open("tbody")
	for _, i := range idx {
		r := t.rows[i]
		level := r.Level
		if t.sortKey != "" {
			level = 0
		}
		// The tree shows a row with its children's figures; the flat,
		// sorted list each row's own, so nothing counts twice.
		vp, vm, vf, vc := r.Params, r.MACs, r.FLOPs, r.Count
		vb := r.Backward
		if t.sortKey != "" {
			vp, vm, vf, vc = r.OwnFigures()
			vb = r.OwnBackward
		}
		m.open("tr", "class", pick(r.Group || r.Children > 0, "group", ""), "data-name", r.Name, "data-level", strconv.Itoa(level)).
			open("th", "scope", "row", "class", "name", "style", "padding-left:"+strconv.FormatFloat(0.4+1.1*float64(level), 'f', 1, 64)+"em")
		if r.Children > 0 && t.sortKey == "" {
			open := !t.collapsed[r.Key]
			m.open("button", "type", "button", "class", "toggle", "aria-expanded", strconv.FormatBool(open), "aria-label", sf(t.tr("toggle"), r.Name),
				"data-act", "toggle", "data-key", r.Key).
				text(pick(open, "▾ ", "▸ ")).wrapped(Breakable(r.Name)).close("button")
		} else {
			m.open("span", "class", "leaf").wrapped(Breakable(r.Name)).close("span")
		}
		m.close("th").open("td", "class", "type").wrapped(BreakableType(r.Type))
		if fromAssumedInput(rep, r) {
			m.elem("span", t.tr("row.assumed"), "class", "muted assumed", "title", t.tr("f.assumed"))
		}
		m.close("td").open("td", "class", "shape mono").wrapped(Breakable(ShapeString(r.OutputShape))).close("td")
		num(vp, r, "params")
		num(vm, r, "macs")
		num(vf, r, "flops")
		if showBwd {
			num(vb, r, "backward")
		}
		if showCount {
			num(vc, r, "count")
		}
		m.elem("td", Percent(vc, pctBase), "class", "num pct").close("tr")
	}
	if n := t.outsideCount(); n != 0 {
		// Part of the tool's count lies outside every layer row (ptflops'
		// functional counter).
		empty := 5 // shape, type, params, MACs, FLOPs
		if showBwd {
			empty++
		}
		m.open("tr", "class", "outside", "data-name", "(outside)").
			elem("th", t.tr("outside"), "scope", "row", "class", "name").
			b.WriteString(strings.Repeat("<td></td>", empty))
		m.open("td", "class", "num").
			elem("button", Thousands(n), "type", "button", "class", "cell", "data-col", "count", "data-value", strconv.FormatInt(n, 10), "data-act", "outside").
			close("td").
			elem("td", Percent(n, pctBase), "class", "num pct").close("tr")
	}
	m.close("tbody").open("tfoot").open("tr").
		elem("th", t.tr("total"), "scope", "row").
		b.WriteString("<td></td><td></td>")
	m.elem("td", Thousands(rep.Totals.Params), "class", "num").
		elem("td", Thousands(rep.Totals.MACs), "class", "num").
		elem("td", Thousands(rep.Totals.FLOPs), "class", "num")
	if showBwd {
		m.elem("td", Thousands(deref(rep.Totals.BackwardFLOPs)), "class", "num")
	}
	if showCount {
		m.elem("td", Thousands(rep.Totals.Count), "class", "num")
	}
	m.elem("td", "100.0%", "class", "num").close("tr").close("tfoot").close("table")
	return m.String()
}

// outsideCount is the part of the tool's count that lies outside every
// layer row (ptflops' functional counter); 0 when there is none or the
// convention is FlopLab's own.
func (t *LayerTable) outsideCount() int64 {
	if t.Report.Convention == "" || t.Report.Convention == "floplab" {
		return 0
	}
	return t.Report.Totals.CountOutsideLayers
}

// onTableClick serves the table's buttons (tableHTML): a heading sorts, a
// name folds or unfolds its row, a number opens its formula. Focus goes
// back to the button pressed, which the new table replaced.
func (t *LayerTable) onTableClick(ctx app.Context, e app.Event) {
	b := e.Get("target").Call("closest", "button")
	if !b.Truthy() {
		ctx.PreventUpdate()
		return
	}
	d := b.Get("dataset")
	act, key, sortKey := d.Get("act").String(), d.Get("key").String(), d.Get("sort").String()
	changed, f := t.press(act, key, sortKey, d.Get("col").String())
	switch {
	case f != nil:
		ctx.PreventUpdate() // the table is as it was
		openFormula(ctx, t.Show, *f)
	case !changed:
		ctx.PreventUpdate()
	case act == "sort":
		ctx.Defer(func(app.Context) { focusButton("layers", "sort", "sort", sortKey) })
	default:
		ctx.Defer(func(app.Context) { focusButton("layers", "toggle", "key", key) })
	}
}

// press is what pressing a table button does (see tableHTML for act and
// the other data attributes): a sort or a fold changes the table; a
// number gives its formula.
func (t *LayerTable) press(act, key, sortKey, col string) (changed bool, f *Formula) {
	if t.Report == nil {
		return false, nil
	}
	switch act {
	case "sort":
		t.sortBy(sortKey)
		return true, nil
	case "toggle":
		if t.collapsed == nil {
			t.collapsed = map[string]bool{}
		}
		t.collapsed[key] = !t.collapsed[key]
		return true, nil
	case "cell":
		if f, ok := t.cellFormula(key, col); ok {
			return false, &f
		}
	case "outside":
		label := ConventionLabel(t.Convs, t.Report.Convention)
		f := OutsideFormula(t.Lang, ConventionTool(t.Convs, t.Report.Convention), label, t.outsideCount())
		return false, &f
	}
	return false, nil
}

// cellFormula is the formula of the number in column col (params, macs,
// flops, count or backward) of the row with key.
func (t *LayerTable) cellFormula(key, col string) (Formula, bool) {
	r, ok := RowByKey(t.rows, key)
	if !ok {
		return Formula{}, false
	}
	pf, mf, ff, cf := LayerFormulas(t.Lang, t.Report, r, ConventionLabel(t.Convs, t.Report.Convention))
	switch col {
	case "params":
		return pf, true
	case "macs":
		return mf, true
	case "flops":
		return ff, true
	case "count":
		return cf, true
	case "backward":
		return BackwardFormula(t.Lang, t.Report, r), true
	}
	return Formula{}, false
}

func (t *LayerTable) renderExport() app.UI {
	formats := []string{"CSV", "Markdown", "JSON"}
	return el("div", "class", "export", "role", "group", "aria-label", t.tr("export")).Body(
		each(len(formats), func(i int) app.UI {
			f := formats[i]
			return el("span", "class", "export-pair").Body(
				button("copy-"+strings.ToLower(f), "ghost", sf(t.tr("export.copy"), f)).OnClick(t.onExport(f, true), f, "copy"),
				button("dl-"+strings.ToLower(f), "ghost", sf(t.tr("export.dl"), f)).OnClick(t.onExport(f, false), f, "download"),
			)
		})...,
	)
}

// onSort is the "reset sort" button's handler.
func (t *LayerTable) onSort(key string) app.EventHandler {
	return func(ctx app.Context, e app.Event) { t.sortBy(key) }
}

// sortBy sorts by key: again by the same key reverses, SortOrder is the
// model's order.
func (t *LayerTable) sortBy(key string) {
	switch {
	case key == SortOrder:
		t.sortKey, t.sortDesc = "", false
	case t.sortKey == key:
		t.sortDesc = !t.sortDesc
	default:
		t.sortKey = key
		t.sortDesc = key != SortName && key != SortType
	}
}

func (t *LayerTable) onExpandAll(ctx app.Context, e app.Event) { t.collapsed = map[string]bool{} }

func (t *LayerTable) onModulesOnly(ctx app.Context, e app.Event) {
	t.modulesOnly = ctx.JSSrc().Get("checked").Bool()
}

func (t *LayerTable) onCollapseAll(ctx app.Context, e app.Event) {
	t.collapsed = map[string]bool{}
	for _, r := range t.rows {
		if r.Children > 0 {
			t.collapsed[r.Key] = true
		}
	}
}

func (t *LayerTable) onExport(format string, copy bool) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		text, mime, ext := Export(t.Report, format)
		if text == "" {
			return
		}
		if !copy {
			download(exportName(t.Report)+"."+ext, mime, text)
			return
		}
		clipboardWrite(text, func(ok bool) {
			ctx.Dispatch(func(ctx app.Context) {
				status := sf(t.tr("export.copied"), format)
				if !ok {
					status = t.tr("copyfail")
				}
				if t.Status != nil {
					t.Status(status)
				}
			})
		})
	}
}

// LayerFormulas are the formulas behind the numbers of one table row, in
// lang: the row's own (English) texts, or rep's rendering of them in
// another language (rep may be nil).
func LayerFormulas(lang string, rep *core.Report, r Row, convLabel string) (params, macs, flops, count Formula) {
	params, macs, flops, count = layerFormulas(lang, rep, r, convLabel)
	if fromAssumedInput(rep, r) {
		// Its operations depend on an input shape FlopLab made up.
		note := T(lang, "f.assumed") + "\n"
		macs.Body, flops.Body, count.Body = note+macs.Body, note+flops.Body, note+count.Body
	}
	return params, macs, flops, count
}

// fromAssumedInput reports whether r is a layer counted from an input
// FlopLab assumed (core.Report.AssumedModules).
func fromAssumedInput(rep *core.Report, r Row) bool {
	return rep != nil && !r.Group && slices.Contains(rep.AssumedModules, r.Name)
}

func layerFormulas(lang string, rep *core.Report, r Row, convLabel string) (params, macs, flops, count Formula) {
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

// BackwardFormula is how a row's share of a training step's backward pass
// is counted: the layer's rule with its numbers, or the sum of a module's
// rows.
func BackwardFormula(lang string, rep *core.Report, r Row) Formula {
	title := r.Name + " · " + T(lang, "col.backward")
	if r.Group || r.Children > 0 {
		return Formula{title, sf(T(lang, "f.group"), r.Name) + " = " + Thousands(r.Backward)}
	}
	f := ""
	if rep != nil && r.Index >= 0 && r.Index < len(rep.Layers) && rep.Layers[r.Index].Name == r.Name {
		f = rep.LayerBackwardIn(lang, r.Index)
	}
	if f == "" {
		return Formula{title, Thousands(r.Backward)}
	}
	return Formula{title, f + "\n= " + Thousands(r.Backward)}
}

// deref is *p, 0 for nil.
func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
