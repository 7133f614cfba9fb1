package core

import (
	"fmt"
	"slices"
	"strings"

	"floplab/core/convention"
	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/hfconfig"
	"floplab/core/inputs"
	"floplab/core/lang"
	"floplab/core/memory"
	"floplab/core/msg"
	"floplab/core/presets"
	"floplab/core/units"
)

// ConventionInfo describes a convention for pickers.
type ConventionInfo struct {
	ID      string   `json:"id"`
	Tool    string   `json:"tool"`
	Version string   `json:"version"`
	Unit    string   `json:"unit"`
	Notes   []string `json:"notes,omitempty"`
}

// Conventions lists every counting convention in display order.
func Conventions() []ConventionInfo {
	var out []ConventionInfo
	for _, c := range convention.All() {
		out = append(out, ConventionInfo{ID: c.ID, Tool: c.Tool, Version: c.Version, Unit: c.Unit, Notes: c.Notes})
	}
	return out
}

// Analyze traces a model and counts it.
func Analyze(req Request) (*Report, error) {
	t, err := trace(req)
	if err != nil {
		return nil, err
	}
	return t.count(req)
}

// Analyzer analyzes as Analyze does and keeps the last trace: a request
// that differs from the one before only in how the model is counted
// (Convention, DType, AllConventions, DeferFormulas, Demand) counts the
// traced graph again instead of running the script again. The page keeps
// one, so switching the convention or the dtype of a large model is
// instant. The zero Analyzer is ready; it is not safe for concurrent use.
type Analyzer struct {
	last *traced
}

// Analyze is Analyze with the last trace kept.
func (a *Analyzer) Analyze(req Request) (*Report, error) {
	if a.last == nil || !a.last.tracedFor(req) {
		t, err := trace(req)
		if err != nil {
			return nil, err
		}
		a.last = t
	}
	return a.last.count(req)
}

// traced is a request's model run through the tracer, before counting.
// Counting only reads it, so reports counted from one trace share it.
type traced struct {
	req    Request // Script, Filename, Preset, Inputs, Batch, Ties, Untie and Importers
	script string  // the script run (a printout's is the converted one)
	name   string
	notes  []msg.Text
	// warnings are the import's positioned notes (Imported.Warnings).
	warnings []Warning
	ties     []TieInfo
	graph    *graph.Graph
	// incomplete lists what the operation counts leave out (a partial
	// trace of an import, see Imported.Partial).
	incomplete []Incomplete
	// llm is what a config.json (pasted, or a config preset's) tells
	// beyond the graph.
	llm *hfconfig.Model
	// dtype is the imported weights' own dtype (Imported.DType).
	dtype string
	// eval is the same model traced in eval mode, for the tools that
	// put it there themselves, when this trace ran in train mode (see
	// evalTrace).
	eval *traced
}

// evalTrace is t in eval mode: t itself unless its model ran in train
// mode, else the model traced again in eval mode (once).
func (t *traced) evalTrace() (*traced, error) {
	if t.graph.Mode != "train" {
		return t, nil
	}
	if t.eval == nil {
		r := t.req
		r.Mode = "eval"
		e, err := trace(r)
		if err != nil {
			return nil, err
		}
		t.eval = e
	}
	return t.eval, nil
}

// tracedFor tells whether req asks for the same trace as t.
func (t *traced) tracedFor(req Request) bool {
	r := t.req
	return r.Script == req.Script && r.Filename == req.Filename && r.Preset == req.Preset && r.Untie == req.Untie && r.Batch == req.Batch && r.Mode == req.Mode &&
		slices.EqualFunc(r.Inputs, req.Inputs, slices.Equal) && slices.Equal(r.Ties, req.Ties) && slices.Equal(r.Assume, req.Assume) &&
		sameImporters(r.Importers, req.Importers)
}

// trace runs the request's model: a preset, a text one of the request's
// importers converts (to a script or a graph), or a script.
func trace(req Request) (*traced, error) {
	if req.Mode != "" && req.Mode != "train" && req.Mode != "eval" {
		return nil, diag.New(diag.Pos{}, msg.F("unknown mode %q", req.Mode), msg.F("the mode is train or eval")).WithKind(diag.ErrUnknownName)
	}
	script := req.Script
	file := req.Filename
	var notes []msg.Text
	var warnings []Warning
	var ties []TieInfo
	var locate func(error) error
	var g *graph.Graph
	var incomplete []Incomplete
	partial := false
	var llm *hfconfig.Model
	var dtype string
	name := ""
	tying := len(req.Ties) > 0 || req.Untie || len(req.Assume) > 0
	if req.Preset != "" {
		p, ok := presets.Lookup(req.Preset)
		if !ok {
			return nil, diag.New(diag.Pos{}, msg.F("unknown preset %q", req.Preset), msg.F("presets: %s", strings.Join(presets.Names(), ", "))).WithKind(diag.ErrUnknownName)
		}
		script = presets.Script(p)
		file = presets.ScriptFile(p)
		name = p.Name
		fitted, _, err := inputs.Fit(req.Inputs, p.Input, p.InputDType)
		if err != nil {
			return nil, err
		}
		if p.Config != "" {
			if llm, err = hfconfig.Convert(p.Config, presets.ConfigText(p)); err != nil {
				return nil, err
			}
		}
		if p.Fixed && len(fitted) > 0 && !sameSpatial(fitted, p.Input) {
			return nil, diag.New(diag.Pos{File: file}, msg.F("%s only accepts inputs of size %s", p.Name, shapeText(p.Input)),
				msg.F("this architecture has a fixed input size (its position embeddings are sized for it); change the batch only"))
		}
		if tying {
			return nil, errNotPrintout(file)
		}
	} else if im := Detect(req.Importers, script); im != nil {
		c, err := im.Import(file, script, importOptions(req))
		if err != nil {
			return nil, err
		}
		script, locate, g = c.Script, c.Locate, c.Graph
		partial = c.Partial
		for _, in := range c.Incomplete {
			in.skipped = true
			incomplete = append(incomplete, in)
		}
		name = c.Name
		llm = c.LLM
		dtype = c.DType
		notes = append(notes, c.Notes...)
		warnings = c.Warnings
		ties = c.Ties
	} else if tying {
		return nil, errNotPrintout(file)
	}
	if file == "" {
		file = "model.star"
	}
	if g == nil {
		var inputs []graph.Shape
		for _, in := range req.Inputs {
			inputs = append(inputs, graph.Shape(in))
		}
		res, err := lang.Run(script, lang.Options{Filename: file, Inputs: inputs, Batch: req.Batch, Mode: req.Mode})
		if err != nil {
			if locate != nil {
				err = locate(err)
			}
			if !partial || res == nil || res.Graph == nil || len(res.Graph.Modules) == 0 {
				return nil, err
			}
			incomplete = append(incomplete, stoppedAt(res.Graph, err, locate)...)
		} else if len(res.Graph.NotCounted) > 0 {
			incomplete = append(incomplete, notCounted(res.Graph, file, locate)...)
		}
		g = res.Graph
		notes = append(notes, res.InputNotes...)
	}
	if name == "" {
		name = g.Name
	}
	key := Request{Script: req.Script, Filename: req.Filename, Preset: req.Preset, Untie: req.Untie, Batch: req.Batch, Mode: req.Mode,
		Ties: slices.Clone(req.Ties), Assume: slices.Clone(req.Assume), Importers: slices.Clone(req.Importers)}
	for _, in := range req.Inputs {
		key.Inputs = append(key.Inputs, slices.Clone(in))
	}
	return &traced{req: key, script: script, name: name, notes: notes, warnings: warnings, ties: ties, graph: g, incomplete: incomplete, llm: llm, dtype: dtype}, nil
}

// count counts the traced model as req asks.
func (t *traced) count(req Request) (*Report, error) {
	convID := req.Convention
	if convID == "" {
		convID = "floplab"
	}
	conv, ok := convention.Lookup(convID)
	if !ok {
		return nil, diag.New(diag.Pos{}, msg.F("unknown convention %q", convID), msg.F("conventions: %s", strings.Join(convention.IDs(), ", "))).WithKind(diag.ErrUnknownName)
	}
	given := t
	if conv.EvalMode {
		// The tool calls model.eval() before it counts.
		var err error
		if t, err = t.evalTrace(); err != nil {
			return nil, err
		}
	}
	g, script, name, notes, ties := t.graph, t.script, t.name, t.notes, t.ties
	dtName := req.DType
	if dtName == "" {
		dtName = "fp32"
		if d := t.llm.DefaultDType(); d != "" {
			// a language model's weights are stored in its torch_dtype
			dtName = d
		}
		if t.dtype != "" {
			// an imported file's weights, in the type they are stored in
			dtName = t.dtype
		}
	}
	dt, ok := units.Lookup(dtName)
	if !ok {
		return nil, diag.New(diag.Pos{}, msg.F("unknown dtype %q", dtName), msg.F("dtypes: fp64, fp32, tf32, fp16, bf16, fp8, int8, int4")).WithKind(diag.ErrUnknownName)
	}
	rep := &Report{Model: name, Convention: conv.ID, Mode: g.Mode, DType: dt.Name, Graph: g, Script: script, Ties: ties, Warnings: t.warnings}
	if rep.Mode == "" {
		rep.Mode = "eval"
	}
	rep.graphFor = func(evalMode bool) (*graph.Graph, error) {
		if !evalMode {
			return given.graph, nil
		}
		e, err := given.evalTrace()
		if err != nil {
			return nil, err
		}
		return e.graph, nil
	}
	fillCompleteness(rep, g, t.incomplete)
	for _, n := range notes {
		rep.AddNote(n, false)
	}
	if t != given {
		rep.AddNote(msg.F("%s puts the model in eval mode before counting (model.eval()): counted in eval mode, not train mode.", conv.Tool), false)
	}
	for _, in := range g.Inputs {
		rep.Inputs = append(rep.Inputs, []int64(in.Shape))
	}
	if err := fillTotals(rep, g, dt); err != nil {
		return nil, err
	}
	rep.Totals.ActiveParams = rep.Totals.Params
	if t.llm != nil {
		rep.llm = t.llm
		fillLLM(rep, t.llm, req.DType == "")
	}
	sel, err := convention.Evaluate(conv, g)
	if err != nil {
		return nil, err
	}
	rep.Totals.Count = sel.Count
	rep.Totals.CountUnit = conv.Unit
	rep.Totals.CountParams = sel.Params
	rep.Totals.CountOutsideLayers = sel.Outside
	if len(sel.Unknown) > 0 && !conv.Own {
		rep.AddNote(msg.F("%s has no rule for %s: counted as 0.", conv.Tool, strings.Join(sel.Unknown, ", ")), false)
	}
	if len(sel.Failed) > 0 {
		rep.Totals.CountFailed = strings.Join(sel.Failed, ", ")
		rep.Totals.CountNoFigure = NoFigure(conv.ID, sel.Failed).String()
		rep.AddNote(msg.F("%s's hook raises an error on %s (it cannot read a PackedSequence, nor a cell's unbatched input): the real tool gives no figure; those layers are not counted here.", conv.Tool, strings.Join(sel.Failed, ", ")), false)
	}
	for _, n := range sel.Notes {
		rep.AddNote(msg.F(n), false)
	}
	rep.sel = sel
	rep.deferred = req.DeferFormulas
	fillLayers(rep, g, sel)
	if err := fillBackward(rep, conv, req); err != nil {
		return nil, err
	}
	tiedRows(rep, g)
	heldRows(rep, g)
	if req.AllConventions {
		if err := rep.FillConventions(); err != nil {
			return nil, err
		}
	}
	if req.Demand != nil {
		d, err := ComputeDemand(rep, *req.Demand)
		if err != nil {
			return nil, err
		}
		rep.Demand, rep.Memory, rep.KVCache, rep.Device, rep.Serving = d, &d.Memory, d.KV, d.Device, d.Serving
	}
	return rep, nil
}

// ComputeDemand estimates the memory a report's model needs (inference or a
// training step) at the report's dtype, its KV cache, and, when a device
// is given, the roofline lower-bound times and whether it fits.
func ComputeDemand(rep *Report, o DemandOptions) (*Demand, error) {
	if rep == nil {
		return EstimateDemand(nil, "", o)
	}
	if rep.llm != nil && o.kvLayout == nil {
		o.kvLayout = kvLayoutOf(rep.llm)
	}
	o.Quant = defaultQuant(rep, o)
	d, err := EstimateDemand(rep.Graph, rep.DType, o)
	if err == nil && rep.llm != nil {
		dt, ok := units.Lookup(rep.DType)
		if ok {
			if err := serving(rep, d, rep.llm, dt, o); err != nil {
				return nil, err
			}
		}
	}
	return d, err
}

// defaultQuant is the quantization an estimate counts the weights in:
// the one asked for; by default, in inference, the format the config's
// quantization_config names, so a GPTQ or FP8 checkpoint is sized as it
// is published (issue 13: calculators read quantized checkpoints "6–8×
// off"); QuantNone keeps the dtype.
func defaultQuant(rep *Report, o DemandOptions) string {
	if o.Quant != "" {
		return o.Quant
	}
	p := rep.PublishedQuant()
	if mode, err := memory.ParseMode(o.Mode); err != nil || mode != memory.ModeInference || p == nil {
		return ""
	}
	return p.Format
}

func errNotPrintout(file string) error {
	return diag.New(diag.Pos{File: file}, msg.F("weight ties (tie, untie) apply to a pasted print(model) printout, which cannot show them"),
		msg.F("in a model script, share a weight by assigning it: self.lm_head.weight = self.wte.weight")).WithKind(diag.ErrTieScript)
}

func fillTotals(rep *Report, g *graph.Graph, dt units.DType) error {
	t := &rep.Totals
	for _, m := range g.Modules {
		tr, fr, b := graph.Count(m.Params)
		t.TrainableParams += tr
		t.NonTrainableParams += fr
		t.Buffers += b
	}
	t.Params = t.TrainableParams + t.NonTrainableParams
	var ops graph.Ops
	var err error
	for _, n := range g.Nodes {
		if ops, err = ops.Plus(n.Ops); err != nil {
			return err
		}
	}
	t.Ops = ops
	t.MACs = ops.MACs
	if t.FLOPs, err = ops.FLOPs(); err != nil {
		return err
	}
	t.ParamBytes, err = units.Bytes(t.Params, dt)
	return err
}

// fillLayers adds a row to rep.Layers for each node. The rows are
// written in place in one allocation: building each in a temporary and
// appending it would copy it again, with write barriers while the
// collector runs.
func fillLayers(rep *Report, g *graph.Graph, sel *convention.Result) {
	if len(g.Nodes) == 0 {
		return
	}
	base := len(rep.Layers)
	rows := make([]Layer, base+len(g.Nodes))
	copy(rows, rep.Layers)
	rep.Layers = rows
	for i, n := range g.Nodes {
		var params int64
		for _, p := range n.Params {
			if !p.Buffer && !p.Tied {
				params += p.Shape.Numel()
			}
		}
		l := &rows[base+i]
		l.Name, l.Type, l.Call, l.Depth = n.Name, n.Type, string(n.Call), n.Depth
		if len(n.Outputs) > 0 {
			l.OutputShape = n.Outputs[0].Shape
		}
		// A node's FLOPs fit when the total's did (fillTotals checks it).
		flops, _ := n.Ops.FLOPs()
		l.Params, l.MACs, l.FLOPs, l.Count, l.Pos = params, n.Ops.MACs, flops, sel.PerNode[i], n.Pos
		if !rep.deferred {
			l.Formula, l.ParamsFormula, l.MACsFormula = sel.Formula(i), n.Formulas.Key(graph.FParams).String(), n.Formulas.Key(graph.FMACs).String()
			if l.MACsFormula == "" {
				l.MACsFormula = n.Formulas.Key(graph.FOps).String()
			}
		}
	}
}

// Printed renders a convention's figure the way its tool prints it
// (Convention.Print); an unknown convention's as plain MACs.
func Printed(id string, count, params int64) string {
	c, ok := convention.Lookup(id)
	if !ok {
		return units.Thousands(count) + " MACs"
	}
	return c.Print(count, params)
}

func sameSpatial(a, b [][]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := 1; j < len(a[i]); j++ {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

func shapeText(s [][]int64) string {
	var parts []string
	for _, sh := range s {
		var ds []string
		for _, d := range sh {
			ds = append(ds, fmt.Sprint(d))
		}
		parts = append(parts, strings.Join(ds, "x"))
	}
	return strings.Join(parts, ",")
}
