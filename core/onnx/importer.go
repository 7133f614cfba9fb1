package onnx

import (
	"bytes"
	"io"
	"path"
	"strings"

	"floplab/core"
	"floplab/core/diag"
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
// It also claims the text form the page makes of a file (see Text).
func (Importer) Detect(src string) bool {
	return len(src) >= 2 && src[0] == 0x08 && src[1] >= 3 && src[1] < 0x20 || strings.HasPrefix(src, textHeader)
}

// Import decodes, infers and counts the file.
func (Importer) Import(file, src string, opt core.ImportOptions) (*core.Imported, error) {
	if file == "" || strings.HasSuffix(file, ".star") {
		file = "model.onnx"
	}
	var r io.ReaderAt = strings.NewReader(src)
	size := int64(len(src))
	if name, b, ok, err := fromText(src); ok || err != nil {
		if err != nil {
			return nil, diag.New(diag.Pos{File: file, Line: 2, Col: 1}, msg.F("the ONNX graph's base64 text is damaged: %s", err.Error()),
				msg.F("open the .onnx file again"))
		}
		file, r, size = name, bytes.NewReader(b), int64(len(b))
	}
	m, err := Decode(Source{Name: file, R: r, Size: size})
	if err != nil {
		return nil, err
	}
	var inputs [][]int64
	for _, s := range opt.Inputs {
		inputs = append(inputs, []int64(s))
	}
	inf, err := Infer(m, InferOptions{Inputs: inputs})
	if err != nil {
		return nil, err
	}
	c, err := Count(inf)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(path.Base(file), ".onnx")
	if m.Graph.Name != "" && (name == "model" || name == "") {
		name = m.Graph.Name
	}
	imp := &core.Imported{Graph: c.Graph(name), Name: name, Notes: c.Notes()}
	if inf.Stop != nil {
		imp.Incomplete = append(imp.Incomplete, core.Incomplete{Module: inf.Stop.Node, Reason: inf.Stop.Reason.String(),
			Text: msg.Cat(msg.F("%s (%s): ", inf.Stop.Node, inf.Stop.OpType), inf.Stop.Reason)})
	}
	return imp, nil
}

var _ core.Importer = Importer{}
