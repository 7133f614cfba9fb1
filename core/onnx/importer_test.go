package onnx_test

import (
	"os"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/importers"
)

// TestAnalyzeONNX counts an ONNX file through core.Analyze, as the CLI
// and the page do: detected by content, whatever the file is called.
func TestAnalyzeONNX(t *testing.T) {
	b, err := os.ReadFile("testdata/tiny_cnn_dynbatch.onnx")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := core.Analyze(core.Request{Script: string(b), Filename: "upload.bin", Inputs: [][]int64{{4, 3, 32, 32}},
		Importers: importers.All(), Convention: "onnx-tool", AllConventions: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Totals.Params != 1458 || rep.Totals.Buffers != 32 || rep.Totals.MACs != 4*290896 || rep.Totals.Count != 4*451706 {
		t.Errorf("params %d buffers %d macs %d onnx-tool %d", rep.Totals.Params, rep.Totals.Buffers, rep.Totals.MACs, rep.Totals.Count)
	}
	if got := rep.Conventions["torchvision"].Count; got != 0 {
		t.Logf("torchvision on an ONNX graph: %d", got)
	}
	if rep.Layers[0].Name != "/conv1/Conv" || rep.Layers[0].Type != "Conv" {
		t.Errorf("first row %+v", rep.Layers[0])
	}
	var notes []string
	for _, n := range rep.Notes {
		notes = append(notes, n)
	}
	if !strings.Contains(strings.Join(notes, "\n"), "folded in at export") {
		t.Errorf("notes %v", notes)
	}
	if _, err := core.Analyze(core.Request{Script: string(b[:len(b)/2]), Importers: importers.All()}); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("half a file: %v", err)
	}
}
