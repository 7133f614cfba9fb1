package onnx_test

import (
	"fmt"
	"os"

	"floplab/core/onnx"
)

// An ONNX file is decoded from any io.ReaderAt (a file, or a browser
// File read in slices), its shapes inferred for the input given, and
// counted.
func Example() {
	f, err := os.Open("testdata/resnet18_op13_graph.onnx")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	m, err := onnx.Decode(onnx.Source{Name: "resnet18.onnx", R: f, Size: st.Size()})
	if err != nil {
		panic(err)
	}
	r, err := onnx.Infer(m, onnx.InferOptions{Inputs: [][]int64{{2, 3, 224, 224}}})
	if err != nil {
		panic(err)
	}
	c, err := onnx.Count(r)
	if err != nil {
		panic(err)
	}
	var macs, onnxTool int64
	for _, n := range c.Nodes {
		macs += n.Ops.MACs
		onnxTool += n.OnnxTool
	}
	fmt.Println("opset", m.Opset(), "nodes", len(c.Nodes))
	fmt.Println("params", c.Params, "buffers", c.Buffers)
	fmt.Println("MACs", macs, "onnx-tool", onnxTool)
	// Output:
	// opset 13 nodes 49
	// params 11684712 buffers 0
	// MACs 3628146688 onnx-tool 3642904528
}

// Text is what the page puts in its editor for a file: the graph without
// the weights, in base64 after a comment line naming the file.
func ExampleText() {
	b, err := os.ReadFile("testdata/seq_lstm_gru.onnx")
	if err != nil {
		panic(err)
	}
	text, err := onnx.Text(onnx.FromBytes("seq.onnx", b))
	if err != nil {
		panic(err)
	}
	fmt.Println(text[:64])
	fmt.Println(len(text) < len(b)/2)
	// Output:
	// # ONNX graph of seq.onnx (weights left out: FlopLab reads only d
	// true
}
