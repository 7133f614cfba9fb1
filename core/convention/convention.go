// Package convention reproduces how each counting tool counts, as data:
// a convention is a table from module class or function to a rule, a sum
// of named per-node quantities (package graph's Node.Q) with coefficients,
// plus a policy for which parameters the tool reports and whether it
// divides by the batch. Evaluate applies one to a traced graph.
//
// The rules and their sources are in ../../../shared/spec/counting.md's
// copy in this package's README and in the comments of tables.go; each
// convention's figures are pinned by tests against the real tools' output.
package convention

import (
	"fmt"
	"sort"
	"strings"

	"floplab/core/graph"
)

// Term is Coef × the node quantity Q. Functional terms are collected by
// ptflops' patched functional counters, which are not divided by the batch.
type Term struct {
	Coef       int64
	Q          string
	Functional bool
}

// Rule is the sum of its terms; an empty rule counts 0 but still means the
// tool knows the class (which matters for thop's parameter count).
type Rule []Term

// ParamsPolicy says which parameters a tool reports.
type ParamsPolicy string

const (
	ParamsAll       ParamsPolicy = "all"       // sum(p.numel() for p in model.parameters())
	ParamsTrainable ParamsPolicy = "trainable" // only requires_grad parameters
	ParamsHooked    ParamsPolicy = "hooked"    // thop ≤ 2.0: modules with a rule that ran
)

// Convention is one tool's way of counting.
type Convention struct {
	ID      string `json:"id"`
	Tool    string `json:"tool"`
	Version string `json:"version"`
	// Unit is "MAC" or "FLOP".
	Unit string `json:"unit"`
	// Modules are rules for module calls, by class; a class absent here is
	// unknown to the tool (0, and for ParamsHooked its parameters are lost).
	Modules map[string]Rule `json:"-"`
	// Functions are rules for functional and tensor calls, by type.
	Functions map[string]Rule `json:"-"`
	Params    ParamsPolicy    `json:"params"`
	// LeafOnly counts only modules PyTorch considers leaves (torchinfo).
	LeafOnly bool `json:"-"`
	// BatchDivide divides the module terms by the batch (ptflops).
	BatchDivide bool `json:"-"`
	// Scale multiplies every term (torch's FlopCounterMode counts 2 per MAC).
	Scale int64 `json:"-"`
	// MRO finds a rule through a script module's base class, as
	// ultralytics-thop 2.1 looks rules up along the class hierarchy.
	MRO bool `json:"-"`
	// Own is FlopLab's own convention, computed from graph.Ops.
	Own bool `json:"-"`
	// Notes explain the convention's known quirks to users.
	Notes []string `json:"notes,omitempty"`
}

// Result is a convention applied to a graph.
type Result struct {
	Convention *Convention
	// Count is the tool's headline number.
	Count int64
	// Params is the parameter count the tool reports.
	Params int64
	// PerNode is each node's contribution (before batch division).
	PerNode []int64
	// Formulas explain PerNode.
	Formulas []string
	// Unknown lists module classes the tool has no rule for.
	Unknown []string
}

var registry = map[string]*Convention{}
var order []string

func register(c *Convention) {
	if c.Scale == 0 {
		c.Scale = 1
	}
	registry[c.ID] = c
	order = append(order, c.ID)
}

// All lists the conventions in display order.
func All() []*Convention {
	out := make([]*Convention, len(order))
	for i, id := range order {
		out[i] = registry[id]
	}
	return out
}

// IDs lists the convention identifiers.
func IDs() []string { return append([]string(nil), order...) }

// Lookup finds a convention by its identifier.
func Lookup(id string) (*Convention, bool) {
	c, ok := registry[strings.ToLower(strings.TrimSpace(id))]
	return c, ok
}

// Evaluate applies c to g.
func Evaluate(c *Convention, g *graph.Graph) (*Result, error) {
	r := &Result{Convention: c, PerNode: make([]int64, len(g.Nodes)), Formulas: make([]string, len(g.Nodes))}
	batch := int64(1)
	if c.BatchDivide && len(g.Inputs) > 0 && len(g.Inputs[0].Shape) > 0 {
		batch = g.Inputs[0].Shape[0]
	}
	var moduleSum, fnSum int64
	unknown := map[string]bool{}
	var a checked
	for i, n := range g.Nodes {
		var rule Rule
		var ok bool
		if c.Own {
			v := a.add(a.mul(2, n.Ops.MACs), n.Ops.Add, n.Ops.Mul, n.Ops.Cmp, n.Ops.Exp)
			r.PerNode[i] = n.Ops.MACs
			r.Formulas[i] = fmt.Sprintf("%s MACs; %s FLOPs = 2·MACs + %s add + %s mul + %s cmp + %s exp",
				thousands(n.Ops.MACs), thousands(v), thousands(n.Ops.Add), thousands(n.Ops.Mul), thousands(n.Ops.Cmp), thousands(n.Ops.Exp))
			moduleSum = a.add(moduleSum, n.Ops.MACs)
			continue
		}
		if n.Call == graph.CallModule {
			if c.LeafOnly && n.Module >= 0 && !g.Modules[n.Module].Leaf {
				r.Formulas[i] = fmt.Sprintf("%s: not a leaf module, not counted", c.Tool)
				continue
			}
			rule, ok = c.Modules[n.Type]
			if !ok && c.MRO && n.Module >= 0 && g.Modules[n.Module].Base != "" {
				rule, ok = c.Modules[g.Modules[n.Module].Base]
			}
			if !ok {
				rule, ok = c.Modules["*"]
			}
			if !ok {
				unknown[n.Type] = true
				r.Formulas[i] = fmt.Sprintf("%s has no rule for %s: 0", c.Tool, n.Type)
				continue
			}
		} else {
			rule, ok = c.Functions[n.Type]
			if !ok {
				continue
			}
		}
		var mod, fn int64
		var parts []string
		for _, t := range rule {
			q, has := n.Q[t.Q]
			if !has {
				continue
			}
			v := a.mul(t.Coef, c.Scale, q.Value)
			if t.Functional {
				fn = a.add(fn, v)
			} else {
				mod = a.add(mod, v)
			}
			coef := ""
			if t.Coef*c.Scale != 1 {
				coef = fmt.Sprintf("%d·", t.Coef*c.Scale)
			}
			label := quantityLabel[t.Q]
			if label == "" {
				label = t.Q
			}
			if t.Functional {
				label += ", again via the patched functional"
			}
			parts = append(parts, fmt.Sprintf("%s%s (%s)", coef, thousands(q.Value), label))
		}
		if n.Call == graph.CallFunction {
			fn, mod = a.add(fn, mod), 0
		}
		r.PerNode[i] = a.add(mod, fn)
		if len(parts) == 0 {
			r.Formulas[i] = fmt.Sprintf("%s: 0", c.Tool)
		} else {
			r.Formulas[i] = fmt.Sprintf("%s: %s = %s", c.Tool, strings.Join(parts, " + "), thousands(r.PerNode[i]))
		}
		moduleSum = a.add(moduleSum, mod)
		fnSum = a.add(fnSum, fn)
	}
	if c.BatchDivide && batch > 1 {
		// ptflops divides the module hooks' sum by the batch (a float
		// division printed as an integer when exact).
		moduleSum = moduleSum / batch
	}
	r.Count = a.add(moduleSum, fnSum)
	if a.err != nil {
		return nil, a.err
	}
	for k := range unknown {
		r.Unknown = append(r.Unknown, k)
	}
	sort.Strings(r.Unknown)
	r.Params = paramsOf(c, g)
	return r, nil
}

var quantityLabel = map[string]string{
	"conv_w":        "conv weight MACs",
	"thop_conv":     "conv MACs as thop computes them",
	"bias":          "bias adds",
	"linear_w":      "linear weight MACs",
	"norm":          "normalized elements",
	"affine":        "affine elements",
	"in":            "input elements",
	"out":           "output elements",
	"window_sum":    "Σ window sizes",
	"thop_adapt":    "thop adaptive-pool formula",
	"thop031_adapt": "thop 0.0.31 adaptive-pool formula",
	"mm":            "matmul MACs",
	"attn":          "attention matmul MACs",
	"mha_proj":      "attention projection MACs",
	"ti":            "parameters × output dims",
	"ti_master":     "parameters × output dims",
	"upsample_thop": "thop upsample formula",
	"thop_rnn":      "thop's RNN formula",
	"ptflops_rnn":   "ptflops' RNN formula",
	"ptflops_mha":   "ptflops' attention formula",
	"ultra_mha":     "ultralytics-thop's attention formula",
}

// paramsOf is the parameter count the tool reports.
func paramsOf(c *Convention, g *graph.Graph) int64 {
	switch c.Params {
	case ParamsTrainable:
		var n int64
		for _, m := range g.Modules {
			t, _, _ := graph.Count(m.Params)
			n += t
		}
		return n
	case ParamsHooked:
		return hookedParams(c, g)
	}
	var n int64
	for _, m := range g.Modules {
		t, f, _ := graph.Count(m.Params)
		n += t + f
	}
	return n
}

// hookedParams is thop's dfs_count: from the root, a module whose class has
// a rule contributes all its parameters if it ran, and its subtree is not
// visited; other modules recurse into their children, and parameters they
// hold directly are lost.
func hookedParams(c *Convention, g *graph.Graph) int64 {
	children := map[int][]int{}
	for i, m := range g.Modules {
		if m.Parent >= 0 {
			children[m.Parent] = append(children[m.Parent], i)
		}
	}
	ran := map[int]bool{}
	for _, n := range g.Nodes {
		if n.Call == graph.CallModule && n.Module >= 0 {
			ran[n.Module] = true
		}
	}
	var subtree func(i int) int64
	subtree = func(i int) int64 {
		t, f, _ := graph.Count(g.Modules[i].Params)
		s := t + f
		for _, ch := range children[i] {
			s += subtree(ch)
		}
		return s
	}
	var visit func(i int) int64
	visit = func(i int) int64 {
		var s int64
		for _, ch := range children[i] {
			m := g.Modules[ch]
			if _, has := c.Modules[m.Type]; has && m.Type != "Sequential" && m.Type != "ModuleList" {
				if ran[ch] {
					s += subtree(ch)
				}
				continue
			}
			s += visit(ch)
		}
		return s
	}
	if len(g.Modules) == 0 {
		return 0
	}
	return visit(0)
}

type checked struct{ err error }

func (c *checked) mul(xs ...int64) int64 {
	r := int64(1)
	for _, x := range xs {
		if x != 0 && (r*x)/x != r {
			c.err = fmt.Errorf("count overflows int64")
			return 0
		}
		r *= x
	}
	return r
}

func (c *checked) add(xs ...int64) int64 {
	var r int64
	for _, x := range xs {
		s := r + x
		if (x > 0 && s < r) || (x < 0 && s > r) {
			c.err = fmt.Errorf("count overflows int64")
			return 0
		}
		r = s
	}
	return r
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
