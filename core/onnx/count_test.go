package onnx

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func countFile(t *testing.T, name string, inputs [][]int64) *Counted {
	t.Helper()
	m := decodeFile(t, name)
	r, err := Infer(m, InferOptions{Inputs: inputs})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Count(r)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCountPublished checks FlopLab's own MACs of torchvision exports
// against torchvision's published figures (and the gallery presets'),
// and the parameters against PyTorch's sum(p.numel()) less what the
// export changed.
func TestCountPublished(t *testing.T) {
	for _, c := range []struct {
		file            string
		macs, params    int64
		buffers, folded int64
	}{
		// torchvision ResNet-18: 1,814,073,344 MACs; 11,689,512 params,
		// of which the export folds 20 BatchNorms (4,800 channels: γ, β
		// become one bias each).
		{"resnet18_op13_graph.onnx", 1814073344, 11689512 - 4800, 0, 20},
		// torchvision ViT-B/16: 17,563,828,224 MACs at 224×224.
		{"vit_b_16_op17_graph.onnx", 17563828224, 86542312, 0, 0},
		// make.py's Tiny: conv1+bn1 folded (8 channels), bn2 after a ReLU
		// keeps its running statistics (32 buffer elements).
		{"tiny_cnn_external.onnx", 290896, 1490 - 32, 32, 1},
	} {
		got := countFile(t, c.file, nil)
		var macs int64
		for _, n := range got.Nodes {
			macs += n.Ops.MACs
		}
		if macs != c.macs || got.Params != c.params || got.Buffers != c.buffers {
			t.Errorf("%s: %d MACs, %d params, %d buffers; want %d, %d, %d", c.file, macs, got.Params, got.Buffers, c.macs, c.params, c.buffers)
		}
		note := ""
		for _, n := range got.Notes() {
			if strings.Contains(n.String(), "folded in at export") {
				note = n.String()
			}
		}
		if (c.folded > 0) != (note != "") || c.folded > 0 && !strings.HasPrefix(note, fmt.Sprint(c.folded, " convolutions")) {
			t.Errorf("%s: folding note %q, want %d convolutions", c.file, note, c.folded)
		}
	}
}

// TestExternalDataSame checks that a file whose weights are in external
// data counts the same with and without its .data file, and the same as
// the file holding them inline.
func TestExternalDataSame(t *testing.T) {
	ext := countFile(t, "tiny_cnn_external.onnx", nil)
	inline := countFile(t, "tiny_cnn_dynbatch.onnx", nil)
	if ext.Params != inline.Params || ext.Buffers != inline.Buffers || len(ext.Nodes) != len(inline.Nodes) {
		t.Fatalf("external %d/%d params/buffers, inline %d/%d", ext.Params, ext.Buffers, inline.Params, inline.Buffers)
	}
	for i := range ext.Nodes {
		if ext.Nodes[i].Ops != inline.Nodes[i].Ops || ext.Nodes[i].OnnxTool != inline.Nodes[i].OnnxTool {
			t.Errorf("node %s: %+v vs %+v", ext.Nodes[i].Node.Name, ext.Nodes[i].Ops, inline.Nodes[i].Ops)
		}
	}
	// The decoder never opens the .data file: move it away and count again.
	data := filepath.Join("testdata", "tiny_cnn_external.onnx.data")
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Decode(FromBytes("elsewhere/tiny_cnn_external.onnx", readFile(t, "tiny_cnn_external.onnx")))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Infer(m, InferOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Count(r)
	if err != nil || c.Params != ext.Params || len(b) == 0 {
		t.Errorf("without the .data file: %v, %d params", err, c.Params)
	}
}

// BenchmarkImportViT decodes, infers and counts ViT-B/16 (713 nodes),
// what opening the file costs.
func BenchmarkImportViT(b *testing.B) {
	data := readFile(b, "vit_b_16_op17_graph.onnx")
	for b.Loop() {
		m, err := Decode(FromBytes("vit.onnx", data))
		if err != nil {
			b.Fatal(err)
		}
		r, err := Infer(m, InferOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Count(r); err != nil {
			b.Fatal(err)
		}
	}
}
