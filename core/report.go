// Package core is FlopLab's engine as one call: take a model script (or a
// preset, or a pasted print(model) printout), trace it at an input shape,
// and report parameters, operation counts under a named counting
// convention, bytes, memory and device time. The CLI and the web page both
// call Analyze and render its Report; the JSON form of Report is the
// contract documented in the README.
package core

import (
	"floplab/core/hfconfig"
	"slices"
	"strings"

	"floplab/core/convention"
	"floplab/core/graph"
	"floplab/core/msg"
)

// Request says what to analyze. Exactly one of Script and Preset is used:
// Preset when it is not empty.
type Request struct {
	// Script is a model script (Starlark) or a text one of Importers
	// detects and converts (a print(model) printout, ...).
	Script string
	// Filename is used in error positions ("model.star").
	Filename string
	// Preset names an embedded preset ("alexnet").
	Preset string
	// Inputs overrides the input shapes the script declares. The short
	// forms people write are read against the declared shapes
	// (inputs.Fit: 3x224x224 without the batch, 224x224 or 224 for an
	// image model, a sequence length for a token model) and a note says
	// how; see inputs.Parse for the text form.
	Inputs [][]int64
	// Batch, when positive, replaces the first dimension of every input,
	// given or declared, after the short forms are read.
	Batch int64
	// Convention is a convention identifier ("floplab", "thop-0.0.31", ...);
	// empty means "floplab".
	Convention string
	// AllConventions fills Report.Conventions with every convention.
	AllConventions bool
	// DeferFormulas leaves Layer.Formula, ParamsFormula and MACsFormula
	// empty; Report.LayerFormulasIn renders one row's on demand. The page
	// sets it: a recompute then builds no text for rows nobody opens.
	DeferFormulas bool
	// DType names the element type for byte figures ("fp32", "bf16", ...);
	// empty means fp32.
	DType string
	// Demand, when set, also estimates memory (and device time) into
	// Report.Memory, Report.Device and Report.Demand.
	Demand *DemandOptions
	// Ties and Untie apply to a print(model) printout, whose weight
	// sharing the text cannot show. Ties lists pairs {module, target} of
	// dotted module paths whose weights are one tensor, module.weight =
	// target.weight as tie_weights() does (e.g. {"lm_head",
	// "model.embed_tokens"}); the shared tensor is counted once. Untie
	// drops the ties a known class makes by default (GPT-2's lm_head and
	// transformer.wte). Report.Ties lists the pairs a printout allows.
	// Either is an error for a model script or a preset (a script ties
	// by assignment: self.head.weight = self.embed.weight).
	Ties  [][2]string
	Untie bool
	// Assume says what a class a printout shows but FlopLab does not
	// know holds and does: its parameters, and MACs per call (CLI
	// --assume CLASS=PARAMS[:MACS_PER_CALL]). Printouts only.
	Assume []Assumption
	// Mode is the mode the model is counted in: "train" or "eval" (CLI
	// --mode), as model.train() or model.eval() would put it; "" counts
	// it as the script leaves it, in eval mode unless the script calls
	// train(). A tool that puts the model in eval mode itself (thop,
	// ptflops, torchinfo 1.8.0; Convention.EvalMode) is counted in eval
	// mode whatever the mode; fvcore, torch and FlopLab count the mode
	// given (BatchNorm's batch statistics, GoogLeNet's auxiliary heads).
	Mode string
	// Importers convert a Script in another format (a printout, a
	// config.json, an ONNX file) before counting; the first that detects
	// the text imports it. Nil: Script is a model script. Front ends pass
	// importers.All().
	Importers []Importer
	// Pass is PassForward ("" too) or PassTrain, which also counts the
	// backward pass of a training step under the torch and floplab
	// conventions (Totals.BackwardFLOPs, Layer.Backward).
	Pass string
	// InputsRequireGrad makes the model inputs require grad in the
	// backward pass (the first layer then computes a grad input, as in
	// pytorch's own test of FlopCounterMode on ResNet-18).
	InputsRequireGrad bool
}

// Assumption is what the user states a class holds and does, for a
// class FlopLab does not know.
type Assumption struct {
	Class  string `json:"class"`
	Params int64  `json:"params"`
	// MACs are per call of a module of the class.
	MACs int64 `json:"macs_per_call"`
}

// TieInfo is a weight a printout's modules may share: Module's weight is
// Target's (an output head and the token embedding).
type TieInfo struct {
	Module string `json:"module"`
	Target string `json:"target"`
	// Params is the size of the shared weight: counted once when Active.
	Params int64 `json:"params"`
	// Default is true when the model's class ties the pair by default
	// (GPT2LMHeadModel's lm_head and transformer.wte).
	Default bool `json:"default"`
	// Why says where the candidate comes from ("same weight shape", the
	// class that ties it).
	Why string `json:"why"`
	// Active is true when this result counts the pair once (tied).
	Active bool `json:"active"`
}

// Report is the result of Analyze. Its JSON form is the CLI's --format json.
type Report struct {
	Model      string    `json:"model"`
	Inputs     [][]int64 `json:"inputs"`
	Convention string    `json:"convention"`
	// Mode is the mode the counted model ran in: "train" or "eval".
	Mode   string `json:"mode"`
	DType  string `json:"dtype"`
	Totals Totals `json:"totals"`
	// Conventions holds every convention's headline figure when asked for.
	Conventions map[string]ConventionTotal `json:"conventions,omitempty"`
	Layers      []Layer                    `json:"layers"`
	// llm is what a config.json tells beyond the graph (nil otherwise).
	llm *hfconfig.Model
	// Notes are things the user should know about this result (a
	// convention's known gap, an assumption made while importing).
	NoteList
	// Complete is false when the operation counts leave out part of the
	// model: Incomplete lists each module not counted, with its line and
	// why. Parameters are exact either way, unless ParamsLowerBound: a
	// part not counted may hold weights (Incomplete.ParamsUnknown).
	// CountedLayers of TotalLayers leaf modules were traced.
	Complete   bool         `json:"complete"`
	Incomplete []Incomplete `json:"incomplete,omitempty"`
	// ParamsLowerBound says the parameter totals leave out the weights of
	// a part not counted that may hold some (an elided or cut-off part of
	// a printout, an unknown class printed with sizes).
	ParamsLowerBound bool `json:"params_lower_bound,omitempty"`
	CountedLayers    int  `json:"counted_layers"`
	TotalLayers      int  `json:"total_layers"`
	// AssumedLayers are layers counted, but from an input shape the
	// script assumed (a printout's container restarted at a Linear that
	// did not fit): neither in CountedLayers nor left out of the totals.
	AssumedLayers int `json:"assumed_layers,omitempty"`
	// AssumedModules are those layers' paths, in model order.
	AssumedModules []string `json:"assumed_modules,omitempty"`
	// Warnings are the notes that point at a line of the user's text (a
	// printout's), for the page to mark there; each is also in Notes.
	Warnings []Warning `json:"-"`
	// Ties lists, for a printout, the weights its modules may share (tie
	// candidates, and any pair the request tied), each saying whether
	// this result counts it once; see Request.Ties.
	Ties []TieInfo `json:"ties,omitempty"`
	// Memory, KVCache and Device are filled when Request.Demand is set:
	// exact byte counts of the memory terms, the KV cache and where its
	// dimensions came from, and the device's lower-bound time and verdict.
	Memory  *MemorySummary `json:"memory,omitempty"`
	KVCache *KVInfo        `json:"kv_cache,omitempty"`
	Device  *DeviceSummary `json:"device,omitempty"`
	// Serving is a config.json language model's serving and fine-tuning
	// estimate on the device (prefill, decode tokens/s, devices needed,
	// full/LoRA/QLoRA memory).
	Serving *Serving `json:"serving,omitempty"`
	// Demand is the full estimate (terms with formulas, per-layer
	// activations and roofline) for renderers.
	Demand *Demand `json:"-"`
	// Script is the model script that was traced (the converted script
	// when the input was a printout).
	Script string `json:"-"`
	// graphFor is the model traced in the mode the request gave, or in
	// eval mode for the tools that put it there themselves
	// (FillConventions); nil for a report made otherwise.
	graphFor func(evalMode bool) (*graph.Graph, error)
	// Graph is the traced graph, for renderers that need more.
	Graph *graph.Graph `json:"-"`

	// Pass is "train" when the backward pass was counted.
	Pass string `json:"pass,omitempty"`

	// sel is the selected convention's result, for LayerFormulasIn.
	sel *convention.Result
	// bwd is the backward pass, when counted (LayerBackwardIn).
	bwd *convention.BackwardResult
	// deferred is Request.DeferFormulas: the layers' formula texts are
	// left empty and LayerFormulasIn renders them.
	deferred bool
}

// FillFormulas renders the English formula texts of every layer that
// DeferFormulas left empty (before a JSON export, which carries them).
func (r *Report) FillFormulas() {
	if !r.deferred {
		return
	}
	for i := range r.Layers {
		l := &r.Layers[i]
		l.Formula, l.ParamsFormula, l.MACsFormula = r.LayerFormulasIn(msg.EN, i)
		l.BackwardFormula = r.LayerBackwardIn(msg.EN, i)
	}
	r.deferred = false
}

// LayerFormulasIn renders the formulas of Layers[i] in lang: the selected
// convention's (Layer.Formula), the parameters' and the MACs' (or the
// other operations' when the layer has no MAC formula).
func (r *Report) LayerFormulasIn(lang string, i int) (formula, params, macs string) {
	if i < 0 || i >= len(r.Layers) {
		return "", "", ""
	}
	l := r.Layers[i]
	if r.Graph != nil && i >= len(r.Graph.Nodes) && !l.held.IsZero() {
		// A tensor a module holds directly (heldRows): no call, no count.
		return "", l.held.In(lang), ""
	}
	if r.Graph == nil || i >= len(r.Graph.Nodes) || (lang != msg.ZH && !r.deferred) {
		return l.Formula, l.ParamsFormula, l.MACsFormula
	}
	f := &r.Graph.Nodes[i].Formulas
	formula = l.Formula
	if r.sel != nil {
		formula = r.sel.FormulaIn(lang, i)
	}
	m := f.Key(graph.FMACs)
	if m.IsZero() {
		m = f.Key(graph.FOps)
	}
	return formula, tiedText(l, f.Key(graph.FParams)).In(lang), m.In(lang)
}

// tiedText adds to a tied row's params formula where its weight is counted.
func tiedText(l Layer, params msg.Text) msg.Text {
	if l.Tied == "" {
		return params
	}
	return msg.F("%s; the weight is tied to %s and counted there (0 here)", params, l.Tied)
}

// Totals are the model's headline figures.
type Totals struct {
	Params int64 `json:"params"`
	// ActiveParams are the parameters one token uses: Params, less the
	// routed experts a mixture-of-experts model does not send it to.
	ActiveParams       int64 `json:"active_params"`
	TrainableParams    int64 `json:"trainable_params"`
	NonTrainableParams int64 `json:"non_trainable_params"`
	Buffers            int64 `json:"buffers"`
	// MACs and FLOPs are FlopLab's own convention.
	MACs  int64 `json:"macs"`
	FLOPs int64 `json:"flops"`
	// Ops splits FlopLab's non-MAC operations by kind.
	Ops graph.Ops `json:"ops"`
	// Count and CountParams are what the selected convention's tool prints.
	Count       int64  `json:"count"`
	CountUnit   string `json:"count_unit"` // "MAC" or "FLOP"
	CountParams int64  `json:"count_params"`
	// CountOutsideLayers is the part of Count that no layer row holds:
	// ptflops' functional counter for the patched functionals modules
	// call (nn.ReLU's F.relu), which ptflops keeps out of every module's
	// figure. 0 for every other tool.
	CountOutsideLayers int64 `json:"count_outside_layers,omitempty"`
	// CountFailed names the calls (", "-separated; Totals stays
	// comparable) where the selected tool's hook raises an error
	// (ptflops' RNN hook on a PackedSequence): the real tool gives no
	// figure, and Count is only what its rules count on the other calls.
	// CountNoFigure says so in English (NoFigure).
	CountFailed   string `json:"count_failed,omitempty"`
	CountNoFigure string `json:"count_no_figure,omitempty"`
	// ParamBytes is Params at the request's dtype.
	ParamBytes int64 `json:"param_bytes"`
	// BackwardFLOPs is the backward pass of a training step in FLOPs, as
	// the selected convention counts it (Request.Pass "train"; torch and
	// floplab only), op by op; nil otherwise.
	BackwardFLOPs *int64 `json:"backward_flops,omitempty"`
}

// ConventionTotal is one convention's headline figures.
type ConventionTotal struct {
	Count     int64  `json:"count"`
	CountUnit string `json:"count_unit"`
	Params    int64  `json:"params"`
	// Printed is the figure in the tool's own print style ("714.69M");
	// empty when the tool gives no figure.
	Printed string `json:"printed,omitempty"`
	// Failed lists the calls where the tool's hook raises an error
	// (ptflops' RNN hook on a PackedSequence): the real tool gives no
	// figure for the model, Count is only what its rules count on the
	// other calls, and NoFigure says why in English (NoFigure(id,
	// Failed).In(lang) in another language).
	Failed   []string `json:"failed,omitempty"`
	NoFigure string   `json:"no_figure,omitempty"`
}

// NoFigure says why the tool of convention id gives no figure for a
// model: its hook raises an error on the calls failed.
func NoFigure(id string, failed []string) msg.Text {
	tool := id
	if c, ok := convention.Lookup(id); ok {
		tool = c.Tool
	}
	return msg.F("no figure: %s's hook raises an error on %s (it cannot read a PackedSequence, nor a cell's unbatched input)", tool, strings.Join(failed, ", "))
}

// Layer is one row of the per-layer table.
type Layer struct {
	Name string `json:"name"`
	Type string `json:"type"`
	// Call is "module" or "function" for a call; "parameter" for a
	// tensor a module holds directly and uses in its own forward (ViT's
	// class token, Swin's position bias tables, ConvNeXt's layer scale),
	// which no call row counts.
	Call        string  `json:"call"`
	Depth       int     `json:"depth"`
	OutputShape []int64 `json:"output_shape"`
	Params      int64   `json:"params"`
	MACs        int64   `json:"macs"`
	FLOPs       int64   `json:"flops"`
	// Count is the selected convention's figure for this row, as the
	// tool attributes it (ptflops: the module hook's figure per image).
	// The rows and Totals.CountOutsideLayers add up to Totals.Count.
	Count int64 `json:"count"`
	// Formula explains Count (and Params) with the values put in.
	Formula string `json:"formula"`
	// ParamsFormula, MACsFormula explain FlopLab's own figures.
	ParamsFormula string `json:"params_formula,omitempty"`
	MACsFormula   string `json:"macs_formula,omitempty"`
	// Backward is the row's share of the backward pass in the
	// convention's unit (Request.Pass "train"), BackwardFormula how.
	Backward        int64  `json:"backward,omitempty"`
	BackwardFormula string `json:"backward_formula,omitempty"`
	Pos             string `json:"pos,omitempty"`
	// Tied names the tensor this row's weight is shared with
	// ("transformer.wte.weight"): the row counts 0 params for it, because
	// the tensor is counted where it is first listed.
	Tied string `json:"tied,omitempty"`

	// held explains a "parameter" row's params in any language.
	held msg.Text
}

// CallParameter is Layer.Call for a tensor a module holds directly.
const CallParameter = "parameter"

// heldRows appends a row for each parameter that a module holds but no
// call row counts: tensors a module uses in its own forward (ViT's
// class_token and encoder.pos_embedding, Swin's
// relative_position_bias_table, ConvNeXt's layer_scale) and the weights of
// a submodule its forward uses functionally (Swin's qkv through
// F.linear). With them the rows add up to Totals.Params. The rows come
// after the call rows, so Layers[i] is still Graph.Nodes[i] for every
// call row; the page's tree puts each under its module.
func heldRows(rep *Report, g *graph.Graph) {
	counted := map[string]bool{}
	full := func(path, name string) string {
		if path == "" {
			return name
		}
		return path + "." + name
	}
	for _, n := range g.Nodes {
		if n.Call == graph.CallModule && n.Module >= 0 && n.Module < len(g.Modules) {
			for _, p := range n.Params {
				counted[full(g.Modules[n.Module].Path, p.Name)] = true
			}
		}
	}
	for _, m := range g.Modules {
		for _, p := range m.Params {
			name := full(m.Path, p.Name)
			if p.Buffer || p.Tied || counted[name] {
				continue
			}
			owner := m.Path
			if owner == "" {
				owner = g.Name
			}
			n := p.Shape.Numel()
			rep.Layers = append(rep.Layers, Layer{Name: name, Type: "Parameter", Call: CallParameter,
				Depth: strings.Count(name, "."), Params: n,
				held: msg.F("%s = %s params held by %s (%s) and used by a forward directly, not through a call of that module",
					msg.Dims(p.Shape), msg.Num(n), owner, m.Type)})
			l := &rep.Layers[len(rep.Layers)-1]
			l.ParamsFormula = l.held.String()
		}
	}
}

// tiedRows sets Layer.Tied on the call rows whose weight is a tensor
// listed earlier (GPT-2's lm_head.weight = transformer.wte.weight): the
// first earlier module tensor of the same name and shape.
func tiedRows(rep *Report, g *graph.Graph) {
	for i, n := range g.Nodes {
		if i >= len(rep.Layers) || n.Call != graph.CallModule || n.CallIndex != 0 || n.Module < 0 || n.Module >= len(g.Modules) {
			continue
		}
		for _, p := range g.Modules[n.Module].Params {
			if !p.Tied {
				continue
			}
			l := &rep.Layers[i]
			l.Tied = firstListed(g, n.Module, p)
			if !rep.deferred {
				l.ParamsFormula = tiedText(*l, n.Formulas.Key(graph.FParams)).String()
			}
			break
		}
	}
}

// firstListed names the first tensor, in modules listed before module
// self, that p (a tied tensor) can be: same name and shape, not tied.
func firstListed(g *graph.Graph, self int, p graph.ParamTensor) string {
	for j, m := range g.Modules {
		if j == self {
			break
		}
		for _, q := range m.Params {
			if !q.Tied && !q.Buffer && q.Name == p.Name && slices.Equal(q.Shape, p.Shape) {
				if m.Path == "" {
					return q.Name
				}
				return m.Path + "." + q.Name
			}
		}
	}
	return "?"
}
