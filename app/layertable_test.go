package app

import (
	"os"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
)

// TestLayerTable: the table component holds its own state (what is
// folded) across a recount of the same model, folds a new model by
// default, and renders its rows and export controls.
func TestLayerTable(t *testing.T) {
	eng := CoreEngine()
	rep, err := eng.Analyze(core.Request{Preset: "resnet18"})
	if err != nil {
		t.Fatal(err)
	}
	var shown []Formula
	lt := &LayerTable{Report: rep, Lang: LangEN, Convs: eng.Conventions, Show: func(f Formula) { shown = append(shown, f) }}
	rows := lt.Rows()
	if len(rows) == 0 || lt.collapsed == nil || !lt.collapsed["layer1.0"] {
		t.Fatalf("rows %d, collapsed %v", len(rows), lt.collapsed)
	}
	lt.collapsed["layer1.0"] = false
	again, err := eng.Analyze(core.Request{Preset: "resnet18", Convention: "thop"})
	if err != nil {
		t.Fatal(err)
	}
	lt.Report = again
	lt.Rows()
	if lt.collapsed["layer1.0"] {
		t.Error("a recount of the same model refolded the table")
	}
	other, err := eng.Analyze(core.Request{Preset: "resnet50"})
	if err != nil {
		t.Fatal(err)
	}
	lt.Report = other
	lt.Rows()
	if !lt.collapsed["layer1.0"] {
		t.Error("a new model kept the old folding")
	}
	html := app.HTMLString(lt)
	for _, want := range []string{`id="panel-layers"`, `id="expand-all"`, `id="modules-only"`, `id="copy-csv"`, `data-name="layer1"`} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered table lacks %s", want)
		}
	}
}

// TestToolsTable renders every convention's row, the selected one marked.
func TestToolsTable(t *testing.T) {
	eng := CoreEngine()
	rep, err := eng.Analyze(core.Request{Preset: "alexnet", Convention: "thop-0.0.31", AllConventions: true})
	if err != nil {
		t.Fatal(err)
	}
	html := app.HTMLString(&ToolsTable{Report: rep, Lang: LangEN, Convs: eng.Conventions})
	if n := strings.Count(html, "data-convention="); n != len(eng.Conventions) {
		t.Errorf("%d rows, %d conventions", n, len(eng.Conventions))
	}
	// go-app writes attributes in map order: either order is the row.
	marked := strings.Contains(html, `data-convention="thop-0.0.31" class="current"`) || strings.Contains(html, `class="current" data-convention="thop-0.0.31"`)
	if !marked || !strings.Contains(html, `data-value="714691904"`) {
		t.Errorf("thop 0.0.31 row not marked or not 714,691,904: %s", html)
	}
}

// TestUncalledRowsInModelOrder: the rows of modules no call reached are
// listed where the modules stand in the model, not above the modules
// before them (head above features, features.2 above features.0).
func TestUncalledRowsInModelOrder(t *testing.T) {
	// A printout whose trace stops in its first container (a Conv2d
	// expecting 7 channels gets 6): the modules after it are not counted
	// but their parameters are.
	src, err := os.ReadFile("testdata/stopped.txt")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := CoreEngine().Analyze(core.Request{Script: string(src), Inputs: [][]int64{{1, 3, 32, 32}}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Complete {
		t.Fatal("the printout counts completely: the test needs a stopped trace")
	}
	var got []string
	for _, r := range ReportRows(rep) {
		if !strings.HasSuffix(r.Name, ".weight") && !strings.HasSuffix(r.Name, ".bias") {
			got = append(got, r.Name)
		}
	}
	want := "features features.0 features.1 features.2 features.4 head head.0 head.1"
	if strings.Join(got, " ") != want {
		t.Errorf("rows %q, want %q", strings.Join(got, " "), want)
	}
}

// TestLayerTableMarkup: the table is written as one string of HTML
// (tableHTML); names and types from a hostile file or link are text in
// it, never markup, and its buttons do what go-app's listeners did: fold,
// sort, open a number's formula.
func TestLayerTableMarkup(t *testing.T) {
	eng := CoreEngine()
	rep, err := eng.Analyze(core.Request{Preset: "alexnet", Convention: "thop"})
	if err != nil {
		t.Fatal(err)
	}
	const hostile = `<img src=x onerror=alert(1)>&"'`
	rep.Layers[0].Name, rep.Layers[0].Type = "features."+hostile, hostile
	lt := &LayerTable{Report: rep, Lang: LangEN, Convs: eng.Conventions}
	html := app.HTMLString(lt)
	if strings.Contains(html, "<img") || !strings.Contains(html, `&lt;img src=x onerror=alert(1)&gt;&amp;&#34;&#39;`) {
		t.Errorf("a hostile layer name is not escaped: %s", html)
	}
	rows := lt.Rows()
	visible := Visible(rows, lt.collapsed)
	if got, want := strings.Count(html, `data-act="cell"`), 4*len(visible); got != want {
		t.Errorf("%d number buttons, want 4 per row (params, MACs, FLOPs, thop's count) of %d rows", got, len(visible))
	}
	if got := strings.Count(html, `<tr class="group"`) + strings.Count(html, `<tr data-name=`); got != len(visible) {
		t.Errorf("%d rows written, %d visible", got, len(visible))
	}

	var features Row
	for _, r := range rows {
		if r.Name == "features" {
			features = r
		}
	}
	was := lt.collapsed[features.Key]
	if changed, f := lt.press("toggle", features.Key, "", ""); !changed || f != nil || lt.collapsed[features.Key] == was {
		t.Errorf("toggle: changed %v, formula %v, folded %v -> %v", changed, f, was, lt.collapsed[features.Key])
	}
	if changed, _ := lt.press("sort", "", SortParams, ""); !changed || lt.sortKey != SortParams || !lt.sortDesc {
		t.Errorf("sort by params: key %q desc %v", lt.sortKey, lt.sortDesc)
	}
	// go-app keeps a component's first rendering: render the state anew.
	again := &LayerTable{Report: rep, Lang: LangEN, Convs: eng.Conventions, collapsed: lt.collapsed, sortKey: lt.sortKey, sortDesc: lt.sortDesc}
	if !strings.Contains(app.HTMLString(again), `aria-sort="descending"`) {
		t.Error("the sorted column is not marked")
	}
	lt.press("sort", "", SortParams, "")
	if lt.sortDesc {
		t.Error("sorting by the same column again does not reverse it")
	}
	fc6, _ := RowByKey(rows, "classifier.1")
	_, wantMACs, _, _ := LayerFormulas(LangEN, rep, fc6, ConventionLabel(eng.Conventions, "thop"))
	if changed, f := lt.press("cell", fc6.Key, "", "macs"); changed || f == nil || *f != wantMACs || !strings.Contains(f.Body, "37,748,736") {
		t.Errorf("classifier.1's MACs: changed %v, formula %+v, want %+v", changed, f, wantMACs)
	}
	if _, f := lt.press("cell", "no such row", "", "macs"); f != nil {
		t.Errorf("a stale key gave a formula: %+v", f)
	}
}
