package printout

import (
	"strings"

	"floplab/core"
	"floplab/core/msg"
)

// Importer is the print(model) importer: passed to core.Analyze in
// core.Request.Importers, it detects printouts and converts them to a
// model script before tracing, with the request's weight ties, and
// reports the ties the printout allows.
type Importer struct{}

var _ core.Importer = Importer{}

// Name is "printout".
func (Importer) Name() string { return "printout" }

// Detect is Detect.
func (Importer) Detect(src string) bool { return Detect(src) }

// Import converts a printout to a model script.
func (Importer) Import(file, src string, opt core.ImportOptions) (*core.Imported, error) {
	return convertForCore(file, src, opt)
}

func convertForCore(file, text string, po core.ImportOptions) (*core.Imported, error) {
	root, err := Parse(file, text)
	if err != nil {
		return nil, err
	}
	root, unwrapped := unwrap(root)
	opt := ConvertOptions{Tie: po.Tie, Untie: po.Untie}
	for _, a := range po.Assume {
		if opt.Assume == nil {
			opt.Assume = map[string][2]int64{}
		}
		opt.Assume[a.Class] = [2]int64{a.Params, a.MACs}
	}
	c, err := convert(file, root, opt)
	if err != nil {
		return nil, err
	}
	c.notes = append(unwrapped, c.notes...)
	if len(po.Inputs) > 0 {
		// The request gives the input: the script's default is not used.
		kept := c.notes[:0]
		for _, n := range c.notes {
			if !strings.HasPrefix(n.Msg, "input_shape ") {
				kept = append(kept, n)
			}
		}
		c.notes = kept
	}
	out := &core.Imported{Script: c.script, Ties: tieInfos(root, opt), Locate: c.locator(root), Partial: true}
	for _, in := range c.incomplete {
		out.Incomplete = append(out.Incomplete, core.Incomplete{Module: in.path, Line: in.pos.Line, Reason: in.why.String(), Text: in.why, ParamsUnknown: in.weights})
	}
	for _, n := range c.notes {
		out.Notes = append(out.Notes, n.Localized())
		if n.Pos.Line > 0 {
			out.Warnings = append(out.Warnings, warning(n, po.Assume))
		}
	}
	return out, nil
}

// tieInfos lists the printout's tie candidates, then any other pair the
// options tie, each marked Active when this conversion counts it once.
func tieInfos(root *Module, opt ConvertOptions) []core.TieInfo {
	asked := func(m, t string) bool {
		for _, p := range opt.Tie {
			if p[0] == m && p[1] == t {
				return true
			}
		}
		return false
	}
	var out []core.TieInfo
	seen := map[[2]string]bool{}
	for _, c := range TieCandidates(root) {
		seen[[2]string{c.Module, c.Target}] = true
		out = append(out, core.TieInfo{Module: c.Module, Target: c.Target, Params: c.Params, Default: c.Default, Why: c.Why,
			Active: c.Default && !opt.Untie || asked(c.Module, c.Target)})
	}
	for _, p := range opt.Tie {
		if seen[p] {
			continue
		}
		seen[p] = true
		// ConvertModuleWith accepted it, so tieOf does too.
		if t, err := tieOf(root, p[0], p[1]); err == nil {
			out = append(out, core.TieInfo{Module: t.Module, Target: t.Target, Params: t.Params, Why: "asked for (tied weights)", Active: true})
		}
	}
	return out
}

// warning is a positioned note as core reports it, with the assumption
// the request states for its class.
func warning(n Note, assume []core.Assumption) core.Warning {
	w := core.Warning{Pos: n.Pos, Text: n.Text, Class: n.Class, MayHoldWeights: n.Weights}
	if w.Text.IsZero() {
		w.Text = msg.F(n.Msg)
	}
	for i := range assume {
		if n.Class != "" && assume[i].Class == n.Class {
			a := assume[i]
			w.Assumed = &a
		}
	}
	return w
}
