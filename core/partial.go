package core

import (
	"strconv"
	"strings"

	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

// stoppedAt describes a trace that failed part way (see
// Imported.Partial): the module the error names, with its reason, then
// each uncalled module whose parent was called, the topmost parts of the
// model the trace did not reach. locate takes a module path to its line
// in the imported text (it moves errors there).
func stoppedAt(g *graph.Graph, err error, locate func(error) error) []Incomplete {
	var de *diag.Error
	var dl diag.List
	if diag.ErrorsAs(err, &dl) && len(dl) > 0 {
		de = dl[0]
	} else if !diag.ErrorsAs(err, &de) {
		de = &diag.Error{Msg: msg.F(err.Error())}
	}
	reason := de.Msg
	where := de.Layer
	if i := strings.IndexByte(where, ':'); i >= 0 {
		where = where[:i]
	}
	text := msg.F("the trace stopped here: %s", reason)
	if hint := de.Hint; !hint.IsZero() {
		text = msg.F("the trace stopped here: %s (%s)", reason, hint)
	}
	stop := Incomplete{Module: where, Line: de.Pos.Line, Text: text}
	out := append(notCounted(g, de.Pos.File, locate), stop)
	out = append(out, uncalled(g, where, de.Pos.File, locate, msg.F("not reached: the trace stopped at %s (line %d)", orModel(where), stop.Line))...)
	for i := range out {
		out[i].Reason = out[i].Text.String()
	}
	return out
}

// notCounted is what the script marked as not traced
// (graph.Graph.NotCounted), then the modules that were never called
// under a module that was.
func notCounted(g *graph.Graph, file string, locate func(error) error) []Incomplete {
	var out []Incomplete
	for _, n := range g.NotCounted {
		text := n.Text
		if text.IsZero() {
			text = msg.F(n.Reason)
		}
		out = append(out, Incomplete{Module: n.Module, Line: lineOf(n.Module, file, locate), Text: text,
			assumed: n.AssumedInput, node: n.Node})
	}
	if len(out) > 0 {
		out = append(out, uncalled(g, "", file, locate, msg.F("not called: the trace went around it (see the parts above)"))...)
	}
	for i := range out {
		out[i].Reason = out[i].Text.String()
	}
	return out
}

// lineOf is the line of the imported text a module is on (0: none).
func lineOf(path, file string, locate func(error) error) int {
	if locate == nil {
		return 0
	}
	var e *diag.Error
	if diag.ErrorsAs(locate(&diag.Error{Pos: diag.Pos{File: file}, Layer: path}), &e) {
		return e.Pos.Line
	}
	return 0
}

// uncalled lists each module the trace did not call whose parent it did
// call (the topmost parts it missed), but skip and empty containers.
func uncalled(g *graph.Graph, skip, file string, locate func(error) error, why msg.Text) []Incomplete {
	var out []Incomplete
	was := calledModules(g)
	called := func(i int) bool { return i < 0 || was[i] }
	for i, m := range g.Modules {
		if i == 0 || was[i] || !called(m.Parent) || m.Path == skip || !holdsOps(g, i) {
			continue
		}
		out = append(out, Incomplete{Module: m.Path, Line: lineOf(m.Path, file, locate), Text: why})
	}
	return out
}

// groupPathMatch reports whether path is pattern, where pattern may
// name a run-length group as a printout does ("blocks.0-5.norm1" matches
// "blocks.3.norm1").
func groupPathMatch(pattern, path string) bool {
	if pattern == path {
		return true
	}
	ps, qs := strings.Split(pattern, "."), strings.Split(path, ".")
	if len(ps) != len(qs) {
		return false
	}
	for i := range ps {
		if ps[i] == qs[i] {
			continue
		}
		lo, hi, ok := strings.Cut(ps[i], "-")
		a, err1 := strconv.Atoi(lo)
		b, err2 := strconv.Atoi(hi)
		n, err3 := strconv.Atoi(qs[i])
		if !ok || err1 != nil || err2 != nil || err3 != nil || n < a || n > b {
			return false
		}
	}
	return true
}

// calledModules tells, by index in g.Modules, which modules the trace
// called: those a node calls or a call was made from, and their parents.
func calledModules(g *graph.Graph) []bool {
	was := make([]bool, len(g.Modules))
	mark := func(i int) {
		for i >= 0 && i < len(was) && !was[i] {
			was[i] = true
			i = g.Modules[i].Parent
		}
	}
	for _, n := range g.Nodes {
		mark(n.Module)
		mark(n.Parent)
	}
	return was
}

// orModel is a module's path, or "the model" (in the reader's language)
// for the root.
func orModel(path string) msg.Text {
	if path == "" {
		return msg.F("the model")
	}
	return msg.Lit(path)
}

// holdsOps reports whether module i or one under it is a layer (a leaf):
// an empty container does no work to miss.
func holdsOps(g *graph.Graph, i int) bool {
	prefix := g.Modules[i].Path + "."
	for _, m := range g.Modules {
		if m.Leaf && (m == g.Modules[i] || strings.HasPrefix(m.Path, prefix)) {
			return true
		}
	}
	return false
}

// fillCompleteness sets rep.Complete, Incomplete, CountedLayers,
// AssumedLayers and TotalLayers, and says in a note when the operation
// counts are partial. A layer counts as counted only when the trace
// reached it from the model's input: one fed from an input the script
// made up (a restart, Incomplete.assumed) is an AssumedLayer, and a
// module listed as doing work not traced that is not a layer (a
// container, the model) is one more part not counted, so an incomplete
// result never reads "N of N layers".
func fillCompleteness(rep *Report, g *graph.Graph, inc []Incomplete) {
	rep.Incomplete = inc
	rep.Complete = len(inc) == 0
	rep.ParamsLowerBound = false
	for _, in := range inc {
		rep.ParamsLowerBound = rep.ParamsLowerBound || in.ParamsUnknown
	}
	was := calledModules(g)
	assumedIn := assumedNodes(g, inc)
	// A layer listed as not counted (a class FlopLab does not know,
	// passed through; one a script marked as doing work it does not
	// trace) was called but not counted.
	missing := func(path string) bool {
		for _, in := range inc {
			if !in.assumed && groupPathMatch(in.Module, path) {
				return true
			}
		}
		return false
	}
	layer := func(i int) bool {
		m := g.Modules[i]
		return m.Leaf && (m.Parent >= 0 || len(g.Modules) == 1)
	}
	counted := make([]bool, len(g.Modules))
	for i, m := range g.Modules {
		if !layer(i) {
			continue
		}
		rep.TotalLayers++
		switch {
		case !was[i] || missing(m.Path):
		case assumedIn[i]:
			rep.AssumedLayers++
			rep.AssumedModules = append(rep.AssumedModules, m.Path)
		default:
			counted[i] = true
			rep.CountedLayers++
		}
	}
	// A part listed that is no layer, with every layer under it
	// counted: its own work is what is missing.
	for _, in := range inc {
		if in.assumed {
			continue
		}
		all, found := true, in.Module == ""
		for i, m := range g.Modules {
			if in.Module == "" || groupPathMatch(in.Module, m.Path) || strings.HasPrefix(m.Path, in.Module+".") {
				found = found || groupPathMatch(in.Module, m.Path)
				if layer(i) && !counted[i] {
					all = false
				}
			}
		}
		if all && found {
			rep.TotalLayers++
		}
	}
	if !rep.Complete {
		// Each part not counted, in a note of its own after the
		// headline one, so that every front end shows them.
		const shown = 20
		for i := len(inc) - 1; i >= 0; i-- {
			if i >= shown {
				continue
			}
			in := inc[i]
			where := orModel(in.Module)
			if in.Line > 0 {
				where = msg.F("line %d, %s", in.Line, where)
			}
			rep.AddNote(msg.F("not counted: %s: %s", where, in.Text), true)
		}
		if len(inc) > shown {
			rep.AddNote(msg.F("… and %d more parts not counted (see incomplete in the JSON)", len(inc)-shown), false)
		}
		params := msg.F("the parameters are exact")
		if rep.ParamsLowerBound {
			params = msg.F("the parameters are a lower bound too: a part left out may hold weights")
		}
		if rep.AssumedLayers > 0 {
			rep.AddNote(msg.F("MACs of %s of %s layers, and of %s more counted from an input shape FlopLab assumed: the operation counts leave out %d part(s) of the model, listed with their lines and reasons; %s",
				units.Thousands(int64(rep.CountedLayers)), units.Thousands(int64(rep.TotalLayers)), units.Thousands(int64(rep.AssumedLayers)), len(inc), params), true)
		} else {
			rep.AddNote(msg.F("MACs of %s of %s layers: the operation counts leave out %d part(s) of the model, listed with their lines and reasons; %s",
				units.Thousands(int64(rep.CountedLayers)), units.Thousands(int64(rep.TotalLayers)), len(inc), params), true)
		}
	}
}

// assumedNodes tells, by index in g.Modules, which modules a call was
// made to with an input that comes from one the script made up after a
// restart mark (Incomplete.assumed): a constant tensor used from the
// mark's node on, and whatever is computed from it.
func assumedNodes(g *graph.Graph, inc []Incomplete) []bool {
	out := make([]bool, len(g.Modules))
	from := -1
	for _, in := range inc {
		if in.assumed && (from < 0 || in.node < from) {
			from = in.node
		}
	}
	if from < 0 {
		return out
	}
	tainted := make(map[int]bool)
	for i, n := range g.Nodes {
		if n == nil || i < from {
			continue
		}
		for _, t := range n.Inputs {
			if t.Producer == -3 || t.Producer >= 0 && tainted[t.Producer] {
				tainted[n.ID] = true
				break
			}
		}
		if tainted[n.ID] && n.Module >= 0 && n.Module < len(out) {
			out[n.Module] = true
		}
	}
	return out
}
