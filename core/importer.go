package core

import (
	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/hfconfig"
	"floplab/core/msg"
)

// An Importer turns a model in another format (a pasted print(model)
// printout, a Hugging Face config.json, an ONNX file) into something
// Analyze counts: a model script or a traced graph. Importers are passed
// to core explicitly, in Request.Importers; the first whose Detect claims
// the text imports it. Package floplab/core/importers lists the built-in
// ones, in the order front ends pass them.
type Importer interface {
	// Name identifies the format ("printout", "config.json", "onnx").
	Name() string
	// Detect reports, from the content alone, whether src is in the
	// importer's format. It must be cheap: it runs on every analysis.
	Detect(src string) bool
	// Import converts src; file is the name error positions use.
	Import(file, src string, opt ImportOptions) (*Imported, error)
}

// ImportOptions are what an import takes from the request.
type ImportOptions struct {
	// Tie and Untie are Request.Ties and Request.Untie: weight sharing
	// the imported text cannot show (printouts).
	Tie   [][2]string
	Untie bool
	// Assume is Request.Assume: what classes the text does not define
	// hold and do (printouts).
	Assume []Assumption
	// Inputs are Request.Inputs, for importers that build a graph and so
	// must apply them themselves (a script's are applied by the tracer).
	Inputs []graph.Shape
	// Batch is Request.Batch (when positive, the first dimension of every
	// input), for the same importers.
	Batch int64
}

// Imported is what an import gives: either a model script (Script,
// traced as any script is, with the request's inputs) or a graph (Graph,
// counted as it is). Exactly one of them is set.
type Imported struct {
	Script string
	Graph  *graph.Graph
	// Name names the model when the script or graph does not.
	Name  string
	Notes []msg.Text
	// Ties are the weight ties the imported text allows.
	Ties []TieInfo
	// Locate, when set, takes an error of the script back to the
	// imported text, to the line it concerns: the user sees what they
	// pasted, not the script.
	Locate func(error) error
	// Partial, when set, keeps what a failed trace of Script counted:
	// the parameters of the whole model (built before the trace ran) and
	// the operations of every call before the failure. The failure and
	// the modules it left uncalled go into Report.Incomplete instead of
	// being an error. A printout sets it: its forward is assumed, and a
	// wrong assumption must not hide the exact parameter count.
	Partial bool
	// LLM, set by the config.json importer, is what the config tells of a
	// language model beyond its graph: torch_dtype, experts, the KV cache
	// layout, what the published checkpoint adds.
	LLM *hfconfig.Model
	// DType, when set, is the dtype the imported weights are stored in
	// ("fp16" for an ONNX file's float16 initializers): the default of
	// Request.DType for this model.
	DType string
	// Incomplete lists the modules the importer already knows are not
	// counted (a class it does not know, an elided part of the text).
	Incomplete []Incomplete
	// Warnings are the notes that point at a line of the imported text,
	// with that position, for a front end to mark there. Each is also in
	// Notes, with its position written in front (Warning.Note).
	Warnings []Warning
}

// Warning is a note about one place of the user's text (a printout's
// line): what was assumed there, or a class FlopLab does not know.
type Warning struct {
	Pos diag.Pos
	// Text is the note without its position.
	Text msg.Text
	// Class is set on the warning about a class FlopLab does not know,
	// and on the one saying a class is counted as Request.Assume states:
	// the class whose contents the user can state.
	Class string
	// MayHoldWeights says the unknown class is printed with sizes (or has
	// a name that is not a parameter-free kind of layer): the totals are
	// then a lower bound.
	MayHoldWeights bool
	// Assumed is what Request.Assume states for Class, when it does.
	Assumed *Assumption
}

// Note is the warning as Report.Notes carries it: "file:line:col: text".
func (w Warning) Note() msg.Text {
	return msg.Cat(w.Pos.String(), msg.F(": "), w.Text)
}

// Incomplete is a module whose operations a result does not count, and
// why. Line is the line of the imported text (a printout's) it is on, 0
// when there is none.
type Incomplete struct {
	Module string `json:"module"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
	// ParamsUnknown says the part may hold parameters the result does not
	// count (an elided or cut-off part of a printout, a class FlopLab does
	// not know that is printed with sizes): the parameter total is then a
	// lower bound (Report.ParamsLowerBound).
	ParamsUnknown bool `json:"params_unknown,omitempty"`
	// Text is Reason to render in any language.
	Text msg.Text `json:"-"`
	// skipped is set for a module whose own operations are not counted
	// (a class the importer does not know); not for one counted from an
	// assumed input.
	skipped bool
	// assumed is set for a trace that went on from an input the script
	// made up after node (graph.NotCounted.AssumedInput): the module
	// itself is counted, from that input.
	assumed bool
	node    int
}

// Detect returns the first of importers that claims src, or nil when src
// is none of their formats (a model script).
func Detect(importers []Importer, src string) Importer {
	for _, im := range importers {
		if im.Detect(src) {
			return im
		}
	}
	return nil
}

// IsImported reports whether one of req's importers claims req.Script
// (which Analyze then imports before counting).
func IsImported(req Request) bool {
	return req.Preset == "" && Detect(req.Importers, req.Script) != nil
}

// ImportedScript is the model script req's text imports to, with req's
// weight ties written into it: the script Analyze traces, for the user to
// read and edit. A req whose Script no importer claims, or one imported as
// a graph, is an error.
func ImportedScript(req Request) (string, error) {
	file := req.Filename
	if file == "" {
		file = "model.star"
	}
	im := Detect(req.Importers, req.Script)
	if im == nil {
		return "", diag.New(diag.Pos{File: file, Line: 1, Col: 1}, msg.F("the text is not a print(model) printout"),
			msg.F("a printout starts with the model's class name and an open parenthesis, as print(model) shows it"))
	}
	c, err := im.Import(file, req.Script, importOptions(req))
	if err != nil {
		return "", err
	}
	if c.Graph != nil {
		return "", diag.New(diag.Pos{File: file}, msg.F("%s imports as a graph, not a model script", im.Name()),
			msg.F("its counts are shown as they are; there is no script to edit"))
	}
	return c.Script, nil
}

func importOptions(req Request) ImportOptions {
	opt := ImportOptions{Tie: req.Ties, Untie: req.Untie, Assume: req.Assume, Batch: req.Batch}
	for _, in := range req.Inputs {
		opt.Inputs = append(opt.Inputs, graph.Shape(in))
	}
	return opt
}

// sameImporters tells whether two importer lists are the same formats in
// the same order (by name: an Importer need not be comparable).
func sameImporters(a, b []Importer) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name() != b[i].Name() {
			return false
		}
	}
	return true
}
