// Package app is FlopLab's web page: go-app components that hold the
// editor, the settings and the last result, and render them. Everything
// that can be a plain function — running the engine, formatting numbers,
// building the layer tree, exporting, translating — lives in plain Go here
// and is tested natively; the components only hold state and render.
// Calculator holds what a link carries and composes the Editor (text,
// file picker, problems and warnings), ResultCards, LayerTable and
// ToolsTable; Store is the one place localStorage is read and written.
//
// Browser APIs go-app has no API for (clipboard, raw localStorage, textarea
// value and caret, downloads) are reached through safejs in browser_js.go,
// with native stand-ins in browser_other.go.
package app

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"floplab/core"
	"floplab/core/diag"
	"floplab/core/importers"
	"floplab/core/msg"
	"floplab/core/share"
)

// Convention is one counting convention the picker offers.
type Convention struct {
	ID      string // "thop-0.0.31"
	Tool    string // "thop"
	Version string // "0.0.31"
	Unit    string // "MAC" or "FLOP"
}

// Label is how the picker shows the convention: tool and version.
func (c Convention) Label() string {
	if c.Version == "" {
		return c.Tool
	}
	return c.Tool + " " + c.Version
}

// Engine is what the page computes with. The wasm main wires core.Analyze
// and core.Conventions; tests pass a fake.
type Engine struct {
	Analyze     func(core.Request) (*core.Report, error)
	Conventions []Convention
	// The "Memory & speed" tab's computations (nil: the tab says they are
	// unavailable): core.ComputeDemand, core.Sweep, core.InputTable and
	// core.Gallery.
	Demand     func(*core.Report, core.DemandOptions) (*core.Demand, error)
	Sweep      func(core.Request, string) (*core.SweepResult, error)
	InputTable func(core.Request, [][][]int64) ([]core.InputRow, error)
	Gallery    func() ([]core.GalleryRow, error)
	// A pasted print(model) printout, and the script it converts to for
	// the user to edit (core.IsImported, core.ImportedScript; nil: the
	// page does not offer it).
	IsPrintout     func(string) bool
	PrintoutScript func(core.Request) (string, error)
}

// CoreEngine is the engine of the real page: every function from core.
// Its Analyze keeps the last trace (core.Analyzer), so changing the
// convention or the dtype counts again without running the script. Every
// request it passes to core carries the built-in importers (a pasted
// print(model) printout is converted).
func CoreEngine() Engine {
	var convs []Convention
	for _, c := range core.Conventions() {
		convs = append(convs, Convention{ID: c.ID, Tool: c.Tool, Version: c.Version, Unit: c.Unit})
	}
	analyzer := &core.Analyzer{}
	imps := importers.All()
	with := func(r core.Request) core.Request {
		if r.Importers == nil {
			r.Importers = imps
		}
		return r
	}
	return Engine{
		Analyze:     func(r core.Request) (*core.Report, error) { return analyzer.Analyze(with(r)) },
		Conventions: convs, Demand: core.ComputeDemand,
		Sweep:      func(r core.Request, axis string) (*core.SweepResult, error) { return core.Sweep(with(r), axis) },
		InputTable: func(r core.Request, in [][][]int64) ([]core.InputRow, error) { return core.InputTable(with(r), in) },
		Gallery:    core.Gallery,
		IsPrintout: func(s string) bool {
			// An ONNX file imports as a graph: there is no script to edit.
			im := core.Detect(imps, s)
			return im != nil && im.Name() != "onnx"
		},
		PrintoutScript: func(r core.Request) (string, error) { return core.ImportedScript(with(r)) },
	}
}

// Filename is the name errors use for the editor's text.
const Filename = "model.star"

// Run analyzes script with the page's settings. Input overrides the
// script's shapes (its short forms, 3x224x224 or 512, read against them);
// Batch then replaces their first dimension (core.Request.Batch). A panic in the
// engine comes back as an error, so the page never goes blank.
func Run(eng Engine, script string, st share.State) (rep *core.Report, errs diag.List) {
	defer func() {
		if r := recover(); r != nil {
			rep = nil
			errs = diag.List{{Pos: diag.Pos{File: Filename}, Msg: msg.F("internal error: %s", fmt.Sprint(r)),
				Hint: msg.F("this is a FlopLab bug; please report it with a share link\n%s", string(debug.Stack()))}}
		}
	}()
	if eng.Analyze == nil {
		return nil, diag.List{{Msg: msg.Lit("no engine")}}
	}
	req := core.Request{Script: script, Filename: Filename, Convention: st.Convention,
		DType: st.DType, DeferFormulas: true, Ties: st.Tie, Untie: st.Untie, Batch: st.Batch, Assume: Assumptions(st.Assume), Pass: st.Pass,
		Mode: st.NNMode}
	if st.Input != "" {
		shapes, err := share.ParseShapes(st.Input)
		if err != nil {
			return nil, inputErr(err)
		}
		req.Inputs = shapes
	}
	rep, err := eng.Analyze(req)
	if err != nil && (len(req.Ties) > 0 || req.Untie || len(req.Assume) > 0) {
		// Ties (and what classes hold) kept from an earlier printout may
		// not fit the text now in the editor: compute without them and
		// say so.
		if kind := tieErr(err); kind != "" {
			dropped := TieText(req.Ties, req.Untie && kind == "script")
			req.Ties = nil
			if kind == "script" {
				req.Untie, req.Assume = false, nil
			}
			if rep, err = eng.Analyze(req); err == nil && dropped != "" {
				rep.AddNote(msg.F("weight ties not applied to this model: %s", dropped), true)
			}
		}
	}
	if err != nil {
		return nil, diag.As(err)
	}
	return rep, nil
}

// inputErr is the problem an input shape typed on the page (or carried by
// a link) makes, in any language.
func inputErr(err error) diag.List {
	if e, ok := err.(*share.Error); ok {
		return diag.List{{Pos: diag.Pos{File: "input"}, Msg: e.Msg, Hint: e.Hint}}
	}
	return diag.List{{Pos: diag.Pos{File: "input"}, Msg: msg.Lit(err.Error())}}
}

// tieErr tells a weight-tie error apart: "pair" when a tie names modules
// the printout lacks, "script" when the text is not a printout, "" for
// any other error.
func tieErr(err error) string {
	switch {
	case errors.Is(err, diag.ErrTiePair):
		return "pair"
	case errors.Is(err, diag.ErrTieScript):
		return "script"
	}
	return ""
}

// TieText writes ties as the CLI flags say them: "lm_head=transformer.wte,
// untie".
func TieText(ties [][2]string, untie bool) string {
	var parts []string
	for _, p := range ties {
		parts = append(parts, p[0]+"="+p[1])
	}
	if untie {
		parts = append(parts, "untie")
	}
	return strings.Join(parts, ", ")
}

// PruneTies keeps the ties of st that the result applied: tie pairs the
// report counts once, and Untie only while a default tie is left untied.
// A model without tie candidates (a script, a preset) keeps none.
func PruneTies(st share.State, ties []core.TieInfo) ([][2]string, bool) {
	var keep [][2]string
	for _, p := range st.Tie {
		for _, t := range ties {
			if t.Active && t.Module == p[0] && t.Target == p[1] {
				keep = append(keep, p)
				break
			}
		}
	}
	untie := false
	for _, t := range ties {
		untie = untie || st.Untie && t.Default
	}
	return keep, untie
}

// ToggleTie is the request that ties (on) or unties candidate i of a
// report's ties, keeping the others as they are: the pairs to tie as
// asked, and whether to drop the class's default ties. While every
// default tie is kept, Untie stays false and only the other pairs are
// asked for; otherwise Untie drops the defaults and the kept ones are
// asked for again.
func ToggleTie(ties []core.TieInfo, i int, on bool) ([][2]string, bool) {
	want := make([]bool, len(ties))
	allDefaults := true
	for j, t := range ties {
		want[j] = t.Active
		if j == i {
			want[j] = on
		}
		if t.Default && !want[j] {
			allDefaults = false
		}
	}
	var out [][2]string
	for j, t := range ties {
		if want[j] && (!t.Default || !allDefaults) {
			out = append(out, [2]string{t.Module, t.Target})
		}
	}
	return out, !allDefaults
}

// Assumptions are a link's statements of what classes hold, as core
// takes them.
func Assumptions(as []share.Assumption) []core.Assumption {
	var out []core.Assumption
	for _, a := range as {
		out = append(out, core.Assumption{Class: a.Class, Params: a.Params, MACs: a.MACs})
	}
	return out
}

// PruneAssume keeps the statements of what classes hold that the result
// applied: those of classes the printout has (a warning names each).
func PruneAssume(as []share.Assumption, rep *core.Report) []share.Assumption {
	var keep []share.Assumption
	for _, a := range as {
		for _, w := range rep.Warnings {
			if w.Assumed != nil && w.Class == a.Class {
				keep = append(keep, a)
				break
			}
		}
	}
	return keep
}

// SetAssume is as with the statement for class replaced by params and
// macs as typed (both empty: the statement dropped). A bad number is an
// error in any language.
func SetAssume(as []share.Assumption, class, params, macs string) ([]share.Assumption, error) {
	var out []share.Assumption
	for _, a := range as {
		if a.Class != class {
			out = append(out, a)
		}
	}
	// 1,000,000 as people group it (ReplaceAll, not a strings.Replacer:
	// app.wasm links none, see escapeHTML)
	digits := func(s string) string {
		return strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), " ", ""), "_", "")
	}
	params, macs = digits(params), digits(macs)
	if params == "" && macs == "" {
		return out, nil
	}
	if params == "" {
		params = "0"
	}
	text := class + "=" + params
	if macs != "" {
		text += ":" + macs
	}
	one, err := share.ParseAssume(text)
	if err != nil {
		return as, err
	}
	return append(out, one...), nil
}
