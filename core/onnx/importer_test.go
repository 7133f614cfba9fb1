package onnx_test

import (
	"os"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/importers"
	"floplab/core/onnx"
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

// TestTextForm strips each test file to its graph in the page's text
// form and checks that it counts exactly as the file does, at a size
// that does not grow with the weights.
func TestTextForm(t *testing.T) {
	for _, name := range []string{"resnet18_op13_graph.onnx", "vit_b_16_op17_graph.onnx", "seq_lstm_gru.onnx", "misc_ops.onnx", "tiny_cnn_dynbatch.onnx"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		text, err := onnx.Text(onnx.FromBytes(name, b))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(text, "# ONNX graph of "+name) || len(text) > len(b)*7/5+200 || name == "seq_lstm_gru.onnx" && len(text) > len(b)/2 {
			t.Errorf("%s: text form of %d bytes for a %d-byte file: %.80q", name, len(text), len(b), text)
		}
		for _, src := range []string{string(b), text} {
			rep, err := core.Analyze(core.Request{Script: src, Importers: importers.All(), Convention: "onnx-tool"})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want, _ := core.Analyze(core.Request{Script: string(b), Filename: name, Importers: importers.All(), Convention: "onnx-tool"})
			if rep.Totals.Params != want.Totals.Params || rep.Totals.MACs != want.Totals.MACs || rep.Totals.Count != want.Totals.Count ||
				rep.Totals.FLOPs != want.Totals.FLOPs || len(rep.Layers) != len(want.Layers) {
				t.Errorf("%s: text form counts %+v, the file %+v", name, rep.Totals, want.Totals)
			}
		}
	}
}

// TestRequestInputs checks the page's input forms on an ONNX file: the
// batch field, and a shape without the batch.
func TestRequestInputs(t *testing.T) {
	b, err := os.ReadFile("testdata/resnet18_op13_graph.onnx")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		req  core.Request
		macs int64
		note string
	}{
		{core.Request{Batch: 2}, 2 * 1814073344, "fixes axis 0 (the batch) at 1; counted at 2"},
		{core.Request{Inputs: [][]int64{{3, 224, 224}}}, 1814073344, "read as 1x3x224x224"},
		{core.Request{Inputs: [][]int64{{3, 224, 224}}, Batch: 4}, 4 * 1814073344, "counted at 4"},
	} {
		req := c.req
		req.Script, req.Importers = string(b), importers.All()
		rep, err := core.Analyze(req)
		if err != nil {
			t.Fatalf("%+v: %v", c.req, err)
		}
		if rep.Totals.MACs != c.macs || !strings.Contains(strings.Join(rep.Notes, "\n"), c.note) {
			t.Errorf("%v batch %d: %d MACs, notes %v", c.req.Inputs, c.req.Batch, rep.Totals.MACs, rep.Notes)
		}
	}
}

// TestWeightsDType: a file whose weights are float16 is counted in fp16
// bytes unless the request asks for another dtype.
func TestWeightsDType(t *testing.T) {
	b, err := os.ReadFile("testdata/tiny_cnn_fp16.onnx")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := core.Analyze(core.Request{Script: string(b), Importers: importers.All()})
	if err != nil {
		t.Fatal(err)
	}
	if rep.DType != "fp16" || rep.Totals.Params != 1458 || rep.Totals.ParamBytes != 2*1458 {
		t.Errorf("dtype %s, %d params, %d bytes", rep.DType, rep.Totals.Params, rep.Totals.ParamBytes)
	}
	rep, err = core.Analyze(core.Request{Script: string(b), Importers: importers.All(), DType: "fp32"})
	if err != nil || rep.DType != "fp32" || rep.Totals.ParamBytes != 4*1458 {
		t.Errorf("asked fp32: %v %s %d", err, rep.DType, rep.Totals.ParamBytes)
	}
}
