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
