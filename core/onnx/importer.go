package onnx

import (
	"bytes"
	"io"
	"path"
	"slices"
	"strings"

	"floplab/core"
	"floplab/core/diag"
	"floplab/core/inputs"
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
	inputs, notes, err := requestInputs(m, opt)
	if err != nil {
		return nil, err
	}
	inf, err := Infer(m, InferOptions{Inputs: inputs})
	if err != nil {
		return nil, err
	}
	inf.Notes = append(notes, inf.Notes...)
	c, err := Count(inf)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(path.Base(file), ".onnx")
	if m.Graph.Name != "" && (name == "model" || name == "") {
		name = m.Graph.Name
	}
	imp := &core.Imported{Graph: c.Graph(name), Name: name, Notes: c.Notes(), DType: c.WeightsDType()}
	if inf.Stop != nil {
		imp.Incomplete = append(imp.Incomplete, core.Incomplete{Module: inf.Stop.Node, Reason: inf.Stop.Reason.String(),
			Text: msg.Cat(msg.F("%s (%s): ", inf.Stop.Node, inf.Stop.OpType), inf.Stop.Reason)})
	}
	return imp, nil
}

var _ core.Importer = Importer{}

// requestInputs are the input shapes a request asks for: its short forms
// (3x224x224 without the batch, 224) read against the file's declared
// inputs (inputs.Fit), and its batch set on every input's first axis.
func requestInputs(m *Model, opt core.ImportOptions) ([][]int64, []msg.Text, error) {
	var given [][]int64
	for _, s := range opt.Inputs {
		given = append(given, []int64(s))
	}
	if len(given) == 0 && opt.Batch <= 0 {
		return nil, nil, nil
	}
	inits := map[string]bool{}
	for _, t := range m.Graph.Initializers {
		inits[t.Name] = true
	}
	var declared [][]int64
	dtype := "float"
	for _, in := range m.Graph.Inputs {
		if inits[in.Name] {
			continue
		}
		var s []int64
		for _, d := range in.Dims {
			if d.Known {
				s = append(s, d.Value)
			} else {
				s = append(s, 1)
			}
		}
		declared = append(declared, s)
		if len(declared) == 1 && !in.ElemType.IsFloat() {
			dtype = "long"
		}
	}
	var notes []msg.Text
	shapes := given
	if len(given) > 0 {
		var err error
		if shapes, notes, err = inputs.Fit(given, declared, dtype); err != nil {
			return nil, nil, err
		}
	}
	if opt.Batch > 0 {
		if len(shapes) == 0 {
			for _, d := range declared {
				shapes = append(shapes, slices.Clone(d))
			}
		}
		for _, s := range shapes {
			if len(s) > 0 {
				s[0] = opt.Batch
			}
		}
	}
	return shapes, notes, nil
}
