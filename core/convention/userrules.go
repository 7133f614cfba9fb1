package convention

import "floplab/core/graph"

// A script's count_rule (graph.Graph.CountRules) says how a tool counts
// a class or function: each call counts the figure the rule gives under
// the conventions it names (every tool's that takes rules when it names
// none), as thop's custom_ops, ptflops' custom_modules_hooks, fvcore's
// set_op_handle and FlopCounterMode's custom_mapping do (ruleHooks).

// ruleHook is how a tool takes a user's counting rule: its API, whether
// it hooks module classes (thop's custom_ops, ptflops' pytorch backend
// custom_modules_hooks) or operators (ptflops' aten backend, fvcore's
// handles, FlopCounterMode's custom_mapping; there a ruled script module
// stands for one custom operator), whether only leaf modules are hooked
// (thop 0.0.31), and whether a ruled module hides the calls inside it
// (thop ≥ 0.1's dfs_count, except at the root; an operator-level tool,
// root included).
type ruleHook struct {
	how                 string
	functions, leafOnly bool
	hide, hideRoot      bool
}

// ruleHooks are the tools that take rules, by convention; torchinfo,
// torchvision's published figures, onnx-tool and pytorch_model_summary
// take none, so count_rule does not apply to them.
var ruleHooks = map[string]ruleHook{
	"thop-0.0.31":      {how: "profile(custom_ops={Module: hook})", leafOnly: true},
	"thop":             {how: "profile(custom_ops={Module: hook})", hide: true},
	"ultralytics-thop": {how: "profile(custom_ops={Module: hook})", hide: true},
	"ptflops-legacy":   {how: "get_model_complexity_info(custom_modules_hooks={Module: hook})"},
	"ptflops":          {how: "get_model_complexity_info(custom_modules_hooks={Module: hook})"},
	"ptflops-aten":     {how: "get_model_complexity_info(backend=ATEN, custom_modules_hooks={aten op: hook})", functions: true, hide: true, hideRoot: true},
	"fvcore":           {how: `FlopCountAnalysis.set_op_handle("aten::op", handle)`, functions: true, hide: true, hideRoot: true},
	"torch":            {how: "FlopCounterMode(custom_mapping={aten.op: formula})", functions: true, hide: true, hideRoot: true},
}

// RuleHook is how c's tool takes a user's counting rule ("" when it
// takes none: count_rule does not apply to it).
func (c *Convention) RuleHook() string { return ruleHooks[c.ID].how }

// RulesAccepted lists the conventions a count_rule applies to.
func RulesAccepted() []string {
	var ids []string
	for _, c := range All() {
		if c.RuleHook() != "" {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// userValue is n's figure under a count rule that applies to c.
func (c *Convention) userValue(g *graph.Graph, n *graph.Node) (*graph.CountRule, int64, bool) {
	h, ok := ruleHooks[c.ID]
	if !ok {
		return nil, 0, false
	}
	if n.Call == graph.CallFunction && !h.functions {
		return nil, 0, false
	}
	if n.Call == graph.CallModule && h.leafOnly && (n.Module < 0 || n.Module >= len(g.Modules) || !g.Modules[n.Module].Leaf) {
		return nil, 0, false
	}
	return g.RuleFor(c.ID, n)
}

// userRule reports whether a count rule for class applies to c.
func (c *Convention) userRule(g *graph.Graph, class string) bool {
	if c.RuleHook() == "" {
		return false
	}
	for _, r := range g.CountRules {
		if r.Target == class && (len(r.Conventions) == 0 || contains(r.Conventions, c.ID)) {
			return true
		}
	}
	return false
}

// ruledModules marks the modules whose class has a count rule under c
// that hides the calls inside them; nil when none.
func (c *Convention) ruledModules(g *graph.Graph) []bool {
	h := ruleHooks[c.ID]
	if !h.hide || len(g.CountRules) == 0 {
		return nil
	}
	var ruled []bool
	for i, m := range g.Modules {
		if (i > 0 || h.hideRoot) && c.userRule(g, m.Type) {
			if ruled == nil {
				ruled = make([]bool, len(g.Modules))
			}
			ruled[i] = true
		}
	}
	return ruled
}

// insideRuled reports whether n is a call made inside a ruled module.
func (c *Convention) insideRuled(g *graph.Graph, n *graph.Node, ruled []bool) bool {
	if ruled == nil {
		return false
	}
	for p, steps := n.Parent, 0; p >= 0 && p < len(g.Modules) && steps <= len(g.Modules); p, steps = g.Modules[p].Parent, steps+1 {
		if ruled[p] {
			return true
		}
	}
	return false
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
