package onnx

import (
	"path"
	"strings"

	"floplab/core"
	"floplab/core/msg"
)

// Importer reads an ONNX file for core.Analyze: the file's bytes are the
// request's text. Its result is a graph, counted as it is.
type Importer struct{}

// Name is "onnx".
func (Importer) Name() string { return "onnx" }

// Detect tells ONNX files by content: a ModelProto starts with its
// ir_version field (tag 0x08, then a small version number), which no
// text starts with.
func (Importer) Detect(src string) bool {
	return len(src) >= 2 && src[0] == 0x08 && src[1] >= 3 && src[1] < 0x20
}

// Import decodes, infers and counts the file.
func (Importer) Import(file, src string, opt core.ImportOptions) (*core.Imported, error) {
	if file == "" || strings.HasSuffix(file, ".star") {
		file = "model.onnx"
	}
	m, err := Decode(Source{Name: file, R: strings.NewReader(src), Size: int64(len(src))})
	if err != nil {
		return nil, err
	}
	var inputs [][]int64
	for _, s := range opt.Inputs {
		inputs = append(inputs, []int64(s))
	}
	r, err := Infer(m, InferOptions{Inputs: inputs})
	if err != nil {
		return nil, err
	}
	c, err := Count(r)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(path.Base(file), ".onnx")
	if m.Graph.Name != "" && (name == "model" || name == "") {
		name = m.Graph.Name
	}
	imp := &core.Imported{Graph: c.Graph(name), Name: name, Notes: c.Notes()}
	if r.Stop != nil {
		imp.Incomplete = append(imp.Incomplete, core.Incomplete{Module: r.Stop.Node, Reason: r.Stop.Reason.String(),
			Text: msg.Cat(msg.F("%s (%s): ", r.Stop.Node, r.Stop.OpType), r.Stop.Reason)})
	}
	return imp, nil
}

var _ core.Importer = Importer{}
