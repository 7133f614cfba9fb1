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
	// th is a sortable heading; full, when set, is its longer name for
	// the tooltip.
	th := func(key, text, full string, num bool) app.UI {
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
		return el("th", "scope", "col", "class", pick(num, "num", ""), "aria-sort", sort).Body(
			el("button", "type", "button", "class", "sort", "title", sf(t.tr("sort.by"), full)).Text(text+arrow).
				OnClick(t.onSort(key), key),
		)
	}
	pctBase := rep.Totals.Count
	num := func(v int64, r Row, col string) app.UI {
		cell := el("button", "type", "button", "class", "cell", "data-col", col, "data-value", strconv.FormatInt(v, 10)).Text(Thousands(v)).
			OnClick(t.onLayerFormula(r.Key, label, col), r.Key, label, col)
		if col == "params" && r.Tied != "" {
			// GPT-2's lm_head: 0 params here, its weight counted where it is listed first.
			return el("td", "class", "num", "data-tied", r.Tied).Body(cell,
				el("span", "class", "tied").Text(sf(t.tr("tied.to"), strings.TrimSuffix(r.Tied, ".weight"))))
		}
		return el("td", "class", "num").Body(cell)
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
		table("layers",
			el("caption", "class", "sr-only").Text(t.tr("tab.layers")),
			thead(
				th(SortName, t.tr("col.name"), "", false),
				th(SortType, t.tr("col.type"), "", false),
				thc(t.tr("col.shape")),
				th(SortParams, t.tr("col.params"), "", true),
				th(SortMACs, t.tr("col.macs"), "", true),
				th(SortFLOPs, t.tr("col.flops"), "", true),
				when(showBwd, thn(t.tr("col.backward"))),
				// The tool's name heads its column; the version and
				// backend are in the picker above and in the tooltip.
				when(showCount, th(SortCount, sf(t.tr("col.count"), ConventionTool(t.Convs, rep.Convention), unit),
					sf(t.tr("col.count"), label, unit), true)),
				thn(t.tr("col.pct")),
			),
			el("tbody").Body(append(
				each(len(idx), func(k int) app.UI {
					i := idx[k]
					r := t.rows[i]
					level := r.Level
					if t.sortKey != "" {
						level = 0
					}
					// The tree shows a row with its children's figures; the
					// flat, sorted list each row's own, so nothing counts twice.
					vp, vm, vf, vc := r.Params, r.MACs, r.FLOPs, r.Count
					vb := r.Backward
					if t.sortKey != "" {
						vp, vm, vf, vc = r.OwnFigures()
						vb = r.OwnBackward
					}
					var nameCell app.UI
					if r.Children > 0 && t.sortKey == "" {
						open := !t.collapsed[r.Key]
						nameCell = el("button", "type", "button", "class", "toggle",
							"aria-expanded", strconv.FormatBool(open), "aria-label", sf(t.tr("toggle"), r.Name)).Body(append([]app.UI{app.Text(pick(open, "▾ ", "▸ "))}, wrapText(Breakable(r.Name))...)...).
							OnClick(t.onToggle(r.Key), r.Key)
					} else {
						nameCell = el("span", "class", "leaf").Body(wrapText(Breakable(r.Name))...)
					}
					return el("tr", "class", pick(r.Group || r.Children > 0, "group", ""),
						"data-name", r.Name, "data-level", strconv.Itoa(level)).Body(
						el("th", "scope", "row", "class", "name", "style", "padding-left:"+strconv.FormatFloat(0.4+1.1*float64(level), 'f', 1, 64)+"em").Body(nameCell),
						el("td", "class", "type").Body(append(wrapText(BreakableType(r.Type)),
							when(fromAssumedInput(rep, r), el("span", "class", "muted assumed", "title", t.tr("f.assumed")).Text(t.tr("row.assumed"))))...),
						el("td", "class", "shape mono").Body(wrapText(Breakable(ShapeString(r.OutputShape)))...),
						num(vp, r, "params"),
						num(vm, r, "macs"),
						num(vf, r, "flops"),
						when(showBwd, num(vb, r, "backward")),
						when(showCount, num(vc, r, "count")),
						td("num pct", Percent(vc, pctBase)),
					)
				}), t.renderOutsideRow(label, pctBase))...,
			),
			el("tfoot").Body(el("tr").Body(
				thr("", t.tr("total")),
				el("td"), el("td"),
				td("num", Thousands(rep.Totals.Params)),
				td("num", Thousands(rep.Totals.MACs)),
				td("num", Thousands(rep.Totals.FLOPs)),
				when(showBwd, td("num", Thousands(deref(rep.Totals.BackwardFLOPs)))),
				when(showCount, td("num", Thousands(rep.Totals.Count))),
				td("num", "100.0%"),
			)),
		),
	)
}

// renderOutsideRow is the table's last row when part of the tool's count
// lies outside every layer row (ptflops' functional counter); nil
// otherwise.
func (t *LayerTable) renderOutsideRow(label string, pctBase int64) app.UI {
	n := t.Report.Totals.CountOutsideLayers
	if n == 0 || t.Report.Convention == "" || t.Report.Convention == "floplab" {
		return nil
	}
	f := OutsideFormula(t.Lang, ConventionTool(t.Convs, t.Report.Convention), label, n)
	return el("tr", "class", "outside", "data-name", "(outside)").Body(
		thr("name", t.tr("outside")),
		el("td"), el("td"), el("td"), el("td"), el("td"),
		when(t.Report.Totals.BackwardFLOPs != nil, el("td")),
		el("td", "class", "num").Body(
			el("button", "type", "button", "class", "cell", "data-col", "count", "data-value", strconv.FormatInt(n, 10)).Text(Thousands(n)).
				OnClick(onOpenFormula(t.Show, f), "outside", f.Title, f.Body),
		),
		td("num pct", Percent(n, pctBase)),
	)
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

// onLayerFormula shows the formula of a layer-table cell, rendered when
// clicked from the row that has the key then (col: params, macs, flops or
// count).
func (t *LayerTable) onLayerFormula(key, label, col string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		r, ok := RowByKey(t.rows, key)
		if !ok {
			return
		}
		pf, mf, ff, cf := LayerFormulas(t.Lang, t.Report, r, label)
		var f Formula
		switch col {
		case "params":
			f = pf
		case "macs":
			f = mf
		case "flops":
			f = ff
		case "count":
			f = cf
		case "backward":
			f = BackwardFormula(t.Lang, t.Report, r)
		}
		openFormula(ctx, t.Show, f)
	}
}

func (t *LayerTable) onSort(key string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
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
}

func (t *LayerTable) onToggle(key string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if t.collapsed == nil {
			t.collapsed = map[string]bool{}
		}
		t.collapsed[key] = !t.collapsed[key]
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
