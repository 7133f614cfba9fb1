package printout

import (
	"encoding/json"
	"strings"

	"floplab/core"
	"floplab/core/diag"
	"floplab/core/internal/lazy"
	"floplab/core/msg"
)

// Foreign is the importer of last resort: it claims text in a format
// FlopLab does not import (a Caffe prototxt, a Keras model.summary(), a
// torchinfo or torchsummary table, an ONNX file pasted as text, a JSON
// file no other importer claimed) and imports it as an error that says
// what the text is and what to paste instead, at the line that gave it
// away. Without it such text reaches the script parser, whose message
// ("got ':', want newline") helps nobody. It goes after every real
// importer in the list front ends pass.
type Foreign struct{}

var _ core.Importer = Foreign{}

// Name is "other format".
func (Foreign) Name() string { return "other format" }

// Detect reports whether src is one of the formats Identify knows.
func (Foreign) Detect(src string) bool { k, _ := Identify(src); return k != "" }

// Import always fails, with the explanation.
func (Foreign) Import(file, src string, _ core.ImportOptions) (*core.Imported, error) {
	kind, line := Identify(src)
	if file == "" {
		file = "model.star"
	}
	f, ok := foreignFormats.Get()[kind]
	if !ok {
		return nil, diag.New(diag.Pos{File: file, Line: 1, Col: 1}, msg.F("the text is in no format FlopLab reads"), msg.F(pasteHint))
	}
	return nil, diag.New(diag.Pos{File: file, Line: line, Col: 1}, f.what, msg.F(f.hint))
}

const pasteHint = "paste print(model) from PyTorch, a Hugging Face config.json, or a model script"

type foreignFormat struct {
	what msg.Text
	hint string
}

var foreignFormats = lazy.Value[map[string]foreignFormat]{Build: func() map[string]foreignFormat {
	return map[string]foreignFormat{
		"prototxt": {msg.F("this is a Caffe prototxt (layer { type: ... }), which FlopLab does not import"),
			"load the model in PyTorch and paste print(model), or write its layers as a model script (Conv2d(...), one call per layer)"},
		"keras": {msg.F("this is a Keras model.summary() table: it gives each layer's parameters but not the arguments FlopLab needs to count operations"),
			"FlopLab reads PyTorch: paste print(model) of the same model from PyTorch, or write its layers as a model script"},
		"torchinfo": {msg.F("this is a torchinfo summary table: it shows sizes, not the layers' arguments FlopLab needs"),
			"paste print(model) of the same model instead: it lists every layer with its arguments"},
		"torchsummary": {msg.F("this is a torchsummary table: it shows output shapes and parameters, not the layers' arguments FlopLab needs"),
			"paste print(model) of the same model instead: it lists every layer with its arguments"},
		"onnx": {msg.F("this is an ONNX model pasted as text: it is a binary file"),
			"open the .onnx file itself (choose or drop the file) instead of pasting its bytes"},
		"json": {msg.F("this is a JSON file, but not a Hugging Face config.json FlopLab knows (no model_type or architectures it reads)"),
			"paste the model's config.json (with model_type), print(model) from PyTorch, or a model script"},
	}
}}

// Identify names the format of a text FlopLab does not import, and the
// line that shows it: "prototxt", "keras", "torchinfo", "torchsummary",
// "onnx", "json", or "" for anything else (a printout, a script).
func Identify(src string) (kind string, line int) {
	if len(src) > 1<<20 {
		src = src[:1<<20] // the first MiB tells
	}
	t := strings.TrimSpace(src)
	if t == "" {
		return "", 0
	}
	if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") && json.Valid([]byte(t)) {
		return "json", 1
	}
	if looksONNX(src) {
		return "onnx", 1
	}
	layerOpen, typeLine, tables := 0, 0, map[string]int{}
	for i, raw := range strings.Split(src, "\n") {
		l := strings.TrimSpace(raw)
		n := i + 1
		switch {
		case l == "layer {" || l == "layers {" || strings.HasPrefix(l, "layer {") && strings.Contains(l, "type:"):
			if layerOpen == 0 {
				layerOpen = n
			}
		case strings.Contains(l, "type: \"") || strings.HasPrefix(l, "input_shape {") || strings.HasPrefix(l, "input_dim:"):
			if typeLine == 0 {
				typeLine = n
			}
		case strings.Contains(l, "Layer (type:depth-idx)"):
			tables["torchinfo"] = n
		case strings.Contains(l, "Layer (type)") && strings.Contains(l, "Param #"):
			tables["header"] = n
		case strings.HasPrefix(l, "Model: \"") || strings.HasPrefix(l, "Model: "):
			tables["keras"] = n
		case strings.Contains(l, "(None, "):
			if tables["none"] == 0 {
				tables["none"] = n
			}
		case strings.Contains(l, "[-1, "):
			if tables["minus1"] == 0 {
				tables["minus1"] = n
			}
		case strings.HasPrefix(l, "Total mult-adds"):
			tables["multadds"] = n
		case strings.HasPrefix(l, "Total params:") || strings.HasPrefix(l, "Total params "):
			tables["total"] = n
		}
	}
	switch {
	case layerOpen > 0 && typeLine > 0:
		return "prototxt", layerOpen
	case tables["torchinfo"] > 0:
		return "torchinfo", tables["torchinfo"]
	case tables["header"] > 0 && tables["multadds"] > 0:
		return "torchinfo", tables["header"]
	case tables["header"] > 0 && (tables["keras"] > 0 || tables["none"] > 0):
		return "keras", tables["header"]
	case tables["header"] > 0 && (tables["minus1"] > 0 || tables["total"] > 0):
		return "torchsummary", tables["header"]
	}
	return "", 0
}

// looksONNX: an ONNX ModelProto starts with field 1 (ir_version, a
// varint: byte 0x08) and names its producer ("pytorch", "onnx") early,
// or, as text, has an ir_version and a graph.
func looksONNX(src string) bool {
	head := src
	if len(head) > 4096 {
		head = head[:4096]
	}
	if len(src) > 2 && src[0] == 0x08 && src[1] < 0x20 && strings.Contains(head, "\x12") &&
		(strings.Contains(head, "pytorch") || strings.Contains(head, "onnx") || strings.Contains(head, "tf2onnx") || strings.Contains(head, "keras2onnx")) {
		return true
	}
	return strings.Contains(head, "ir_version:") && strings.Contains(head, "graph {")
}
