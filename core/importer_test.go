package core_test

import (
	"errors"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/graph"
	"floplab/core/importers"
	"floplab/core/msg"
)

// graphImporter imports "GRAPH n" as one Linear(n, n) node, already
// traced: the shape of an importer that builds the graph itself (ONNX).
type graphImporter struct{}

func (graphImporter) Name() string           { return "graph" }
func (graphImporter) Detect(src string) bool { return strings.HasPrefix(src, "GRAPH ") }
func (graphImporter) Import(file, src string, opt core.ImportOptions) (*core.Imported, error) {
	if src != "GRAPH 8" {
		return nil, errors.New(file + ": only GRAPH 8")
	}
	batch := int64(1)
	if len(opt.Inputs) == 1 {
		batch = opt.Inputs[0][0]
	}
	in := graph.Tensor{Shape: graph.Shape{batch, 8}, DType: "float", Producer: -1}
	out := graph.Tensor{Shape: graph.Shape{batch, 8}, DType: "float", Producer: 0}
	g := &graph.Graph{Name: "", Inputs: []graph.Tensor{in}, Outputs: []graph.Tensor{out},
		Modules: []*graph.Module{{Path: "", Type: "Linear", Parent: -1, Leaf: true, Calls: 1,
			Params: []graph.ParamTensor{{Name: "weight", Shape: graph.Shape{8, 8}, Trainable: true}}}},
		Nodes: []*graph.Node{{ID: 0, Name: "fc", Type: "Linear", Call: graph.CallModule, Module: 0, Parent: -1,
			Params: []graph.ParamTensor{{Name: "weight", Shape: graph.Shape{8, 8}, Trainable: true}},
			Inputs: []graph.Tensor{in}, Outputs: []graph.Tensor{out}, Ops: graph.Ops{MACs: 64 * batch}}}}
	return &core.Imported{Graph: g, Name: "tiny", Notes: []msg.Text{msg.F("imported as a graph")}}, nil
}

// TestImporters: a request's importers decide what its text is. A graph
// import is counted as it is, with the request's inputs passed to the
// importer; the built-in printout importer converts a printout; with no
// importers a printout is read as a script (and fails as one).
func TestImporters(t *testing.T) {
	imps := append([]core.Importer{graphImporter{}}, importers.All()...)
	rep, err := core.Analyze(core.Request{Script: "GRAPH 8", Importers: imps, Inputs: [][]int64{{4, 8}}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Model != "tiny" || rep.Totals.Params != 64 || rep.Totals.MACs != 256 || len(rep.Layers) != 1 ||
		!strings.Contains(strings.Join(rep.Notes, "\n"), "imported as a graph") {
		t.Errorf("graph import: model %q params %d MACs %d layers %d notes %q", rep.Model, rep.Totals.Params, rep.Totals.MACs, len(rep.Layers), rep.Notes)
	}
	if _, err := core.Analyze(core.Request{Script: "GRAPH 9", Importers: imps}); err == nil || !strings.HasSuffix(err.Error(), ": only GRAPH 8") {
		t.Errorf("an import error: %v", err)
	}
	if _, err := core.ImportedScript(core.Request{Script: "GRAPH 8", Importers: imps}); err == nil || !strings.Contains(err.Error(), "graph imports as a graph") {
		t.Errorf("the script of a graph import: %v", err)
	}

	printout := "Net(\n  (fc): Linear(in_features=4, out_features=2, bias=True)\n)\n"
	if core.Detect(imps, printout).Name() != "printout" || core.Detect(imps, "model = Linear(4, 2)\n") != nil {
		t.Errorf("Detect: printout %v", core.Detect(imps, printout))
	}
	rep, err = core.Analyze(core.Request{Script: printout, Importers: imps})
	if err != nil || rep.Totals.Params != 10 {
		t.Errorf("printout: %v %+v", err, rep)
	}
	if !core.IsImported(core.Request{Script: printout, Importers: imps}) || core.IsImported(core.Request{Script: printout}) {
		t.Error("IsImported")
	}
	if _, err := core.Analyze(core.Request{Script: printout}); err == nil {
		t.Error("a printout with no importers counted")
	}
	// The Analyzer traces again when the importers change.
	var a core.Analyzer
	if _, err := a.Analyze(core.Request{Script: printout, Importers: imps}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Analyze(core.Request{Script: printout}); err == nil {
		t.Error("the Analyzer reused a trace made with other importers")
	}
}
