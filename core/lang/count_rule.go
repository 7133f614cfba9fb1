package lang

// count_rule.go: count_rule(target, count, convention=None), a user's
// counting rule for a module class or a function under the counting
// tools' conventions, after the tools' own hooks for custom code: thop's
// profile(custom_ops={MyModule: count_fn}), ptflops'
// custom_modules_hooks, fvcore's set_op_handle("aten::op", handle) and
// FlopCounterMode(custom_mapping={aten.op: fn}).
//
//	count_rule("MyMixer", 4096)                        # each call, every tool
//	count_rule("torch.mm", 42, convention="ptflops-aten")
//	def mixer(m, inputs, output):                      # as thop's hooks
//	    n, c, h, w = output
//	    return n * c * h * w * m.kernel_size * m.kernel_size
//	count_rule("MyMixer", mixer, convention=["thop", "ultralytics-thop"])
//
// A function rule is called once per call of the target, after the
// forward ran, with the input shapes (a list of tuples) and the first
// output's shape, and first the module when it takes three parameters
// (None for a function call); it returns the count as the tool prints
// it (MACs, or FLOPs for torch). The rules, with each call's figure, are
// graph.Graph.CountRules; package convention applies them.

import (
	"slices"
	"strings"

	"floplab/core/diag"
	"floplab/core/graph"

	"go.starlark.net/starlark"
)

// maxCountRules bounds the rules a script can make.
const maxCountRules = 256

// countRule is a rule as the script gave it.
type countRule struct {
	graph.CountRule
	fixed int64
	fn    starlark.Callable
	pos   diag.Pos
}

// ConventionIDs are the conventions a count_rule may name: those whose
// tools take custom rules (set by package core from package convention).
var ConventionIDs []string

func init() {
	builtins["count_rule"] = starlark.NewBuiltin("count_rule", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		tr := tracerOf(th)
		const hint = `count_rule("MyBlock", 4096) or count_rule("torch.mm", fn, convention="thop"), fn(inputs, output) returning an int`
		var target string
		var count, conv starlark.Value = nil, starlark.None
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "target", &target, "count", &count, "convention?", &conv); err != nil {
			return nil, tr.errorf("", hint, "%v", errArg(err))
		}
		if len(tr.rules) >= maxCountRules {
			return nil, tr.errorf("", "one rule per class or function is enough", "more than %d count rules", maxCountRules).WithKind(diag.ErrLimit)
		}
		if target == "" {
			return nil, tr.errorf("", hint, "count_rule: the target is empty")
		}
		r := countRule{pos: tr.pos()}
		r.Target = target
		r.Pos = tr.posString(r.pos)
		switch c := count.(type) {
		case starlark.Int:
			n, ok := c.Int64()
			if !ok || n < 0 {
				return nil, tr.errorf("", "a count is a whole number of MACs (FLOPs for torch) per call, 0 or more", "count_rule: count %s is not a non-negative 64-bit integer", c)
			}
			r.fixed = n
		case starlark.Callable:
			r.fn = c
		default:
			return nil, tr.errorf("", hint, "count_rule: count must be an int or a function, not %s", count.Type())
		}
		ids, err := ruleConventions(conv)
		if err != nil {
			return nil, tr.errorf("", "conventions: "+strings.Join(ConventionIDs, ", "), "count_rule: %v", errArg(err))
		}
		r.Conventions = ids
		tr.rules = append(tr.rules, r)
		return starlark.None, nil
	})
}

// ruleConventions reads convention=: None (every tool's), a name, or a
// list of names.
func ruleConventions(v starlark.Value) ([]string, error) {
	var names []string
	switch x := v.(type) {
	case starlark.NoneType:
		return nil, nil
	case starlark.String:
		names = []string{string(x)}
	case *starlark.List, starlark.Tuple:
		it := x.(starlark.Iterable).Iterate()
		defer it.Done()
		var e starlark.Value
		for it.Next(&e) {
			s, ok := starlark.AsString(e)
			if !ok {
				return nil, lerr("", "convention names are strings, not %s", e.Type())
			}
			names = append(names, s)
		}
	default:
		return nil, lerr("", "convention must be a name or a list of names, not %s", v.Type())
	}
	for _, n := range names {
		if n == "floplab" {
			return nil, lerr("", "floplab counts from the layers' own formulas; a rule says how a tool counts")
		}
		if len(ConventionIDs) > 0 && !slices.Contains(ConventionIDs, n) {
			return nil, lerr("", "%q takes no custom counting rules (the tools that do: thop, ptflops, fvcore, torch)", n)
		}
	}
	return names, nil
}

// hasRule reports whether a count rule targets class.
func (tr *tracer) hasRule(class string) bool {
	for i := range tr.rules {
		if tr.rules[i].Target == class {
			return true
		}
	}
	return false
}

// applyCountRules evaluates the rules at every call of their targets,
// once the forward has run, into Graph.CountRules.
func (tr *tracer) applyCountRules(root *Module) error {
	if len(tr.rules) == 0 {
		return nil
	}
	var byID map[int]*Module
	var walk func(m *Module)
	walk = func(m *Module) {
		if _, seen := byID[m.id]; seen || m.id < 0 {
			return
		}
		byID[m.id] = m
		for _, c := range m.tree().children.list {
			if c.v != nil {
				walk(c.v)
			}
		}
	}
	for i := range tr.rules {
		r := &tr.rules[i]
		gr := r.CountRule
		gr.Values = map[int]int64{}
		for _, n := range tr.g.Nodes {
			if n.Type != r.Target {
				continue
			}
			v := r.fixed
			if r.fn != nil {
				var m starlark.Value = starlark.None
				if n.Call == graph.CallModule && withModule(r.fn) {
					if byID == nil {
						byID = map[int]*Module{}
						walk(root)
					}
					if mod, ok := byID[n.Module]; ok {
						m = mod
					}
				}
				var err error
				if v, err = tr.callRule(r, n, m); err != nil {
					return err
				}
			}
			gr.Values[n.ID] = v
		}
		tr.g.CountRules = append(tr.g.CountRules, gr)
	}
	return nil
}

// withModule reports whether a rule function takes the module first,
// fn(module, inputs, output), as thop's custom_ops hooks do.
func withModule(fn starlark.Callable) bool {
	f, ok := fn.(*starlark.Function)
	return ok && f.NumParams() == 3
}

// callRule calls a rule's function for node n: fn(inputs, output), or
// fn(module, inputs, output) (module None for a function call).
func (tr *tracer) callRule(r *countRule, n *graph.Node, m starlark.Value) (int64, error) {
	ins := make([]starlark.Value, len(n.Inputs))
	for i, t := range n.Inputs {
		ins[i] = shapeTuple(t.Shape)
	}
	var out starlark.Value = starlark.None
	if len(n.Outputs) > 0 {
		out = shapeTuple(n.Outputs[0].Shape)
	}
	args := starlark.Tuple{starlark.NewList(ins), out}
	if withModule(r.fn) {
		args = starlark.Tuple{m, starlark.NewList(ins), out}
	}
	v, err := starlark.Call(tr.thread, r.fn, args, nil)
	if err != nil {
		if _, ok := err.(*diag.Error); ok {
			return 0, err
		}
		return 0, convertError(tr, err)
	}
	c, ok := v.(starlark.Int)
	var k int64
	if ok {
		k, ok = c.Int64()
	}
	if !ok || k < 0 {
		d := tr.errorf("", "return a whole number of MACs (FLOPs for torch), 0 or more", "count_rule(%q): the rule returned %s for the call at %s, not a non-negative integer", r.Target, v.String(), n.Pos)
		d.Pos = r.pos
		return 0, d
	}
	return k, nil
}
