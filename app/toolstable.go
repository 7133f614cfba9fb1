package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
)

// ToolsTable is the "All tools" tab: every convention's headline figure,
// as its tool prints it and exactly, the selected one marked.
type ToolsTable struct {
	app.Compo

	Report *core.Report
	Lang   string
	Convs  []Convention
}

// Render draws the table of ToolRows.
func (t *ToolsTable) Render() app.UI {
	if t.Report == nil {
		return el("div", "id", "panel-tools", "role", "tabpanel", "class", "panel")
	}
	rows := ToolRows(t.Report, t.Convs)
	tr := func(k string) string { return T(t.Lang, k) }
	return el("div", "id", "panel-tools", "role", "tabpanel", "class", "panel").Body(
		// Every tool's figure of a partial result is partial too.
		when(!t.Report.Complete, el("p", "id", "tools-partial", "class", "card-partial", "data-partial", "true").Text(PartialLabel(t.Lang, "tools.partial", t.Report))),
		table("tools",
			heads(".nn.n",
				tr("tools.tool"),
				tr("tools.count"),
				tr("tools.exact"),
				tr("tools.unit"),
				tr("tools.params"),
			),
			el("tbody").Body(each(len(rows), func(i int) app.UI {
				r := rows[i]
				if len(r.Failed) > 0 {
					// The real tool raises on this model: no figure, and why.
					return el("tr", "data-convention", r.ID, "class", pick(r.ID == t.Report.Convention, "current nofigure", "nofigure")).Body(
						thr("", r.Label), td("mono", core.NoFigure(r.ID, r.Failed).In(t.Lang)), td("num", "—"), td("", r.Unit), td("num", Thousands(r.Params)))
				}
				return el("tr", "data-convention", r.ID, "class", pick(r.ID == t.Report.Convention, "current", "")).Body(
					thr("", r.Label),
					td("num mono", r.Printed),
					tdv(r.Count, Thousands(r.Count)),
					td("", r.Unit),
					td("num", Thousands(r.Params)),
				)
			})...),
		),
	)
}

// ToolRow is one line of the "All tools" table.
type ToolRow struct {
	ID, Label, Printed, Unit string
	Count, Params            int64
	// Failed are the calls where the tool's hook raises: it gives no
	// figure (core.NoFigure).
	Failed []string
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
		out = append(out, ToolRow{ID: id, Label: label, Printed: p, Unit: ct.CountUnit, Count: ct.Count, Params: ct.Params, Failed: ct.Failed})
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
