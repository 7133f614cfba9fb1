// Package convention reproduces how each counting tool counts, as data:
// a convention is a table from module class or function to a rule, a sum
// of named per-node quantities (package graph's Node.Q) with coefficients,
// plus a policy for which parameters the tool reports and whether it
// divides by the batch. Evaluate applies one to a traced graph.
//
// Each tool is one file (thop.go, ptflops.go, torchinfo.go, fvcore.go,
// torch.go, torchvision.go; floplab.go for FlopLab's own), holding its
// rules, its print style and its provenance (the tool's source files the
// rules were read from); each convention's figures are pinned by tests
// against the real tools' output (core/testdata/tool_layers).
package convention

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"floplab/core/graph"
	"floplab/core/msg"
	"floplab/core/units"
)

// Term is a named exact quantity of a node that a tool's rule adds up:
// FlopLab's own (terms.go: the convolution's weight MACs, the bias adds,
// ...) or one a tool computes its own way from the node's attributes
// (thop.go's thopConv, ...). Rules refer to terms by their Go names, so a
// misspelled term does not compile. The terms and rules are static data,
// laid out by the linker: no code builds them.
type Term struct {
	// Label says what the term counts, in a formula: "bias adds".
	Label string
	// Of is the term's value at n and whether n has it at all (a node
	// without it leaves the term out of its figure and formula); it
	// records an overflow in a. Nil for one of FlopLab's quantities: Q.
	Of func(g *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool)
	// Q is the node's quantity the term reads when Of is nil.
	Q graph.QName
	// Fails, if set, tells whether the tool's hook raises an error at n
	// (ptflops' RNN hook on a PackedSequence): the real tool then gives
	// no figure, and n is listed in Result.Failed and counted 0.
	Fails func(n *graph.Node) bool
}

// value is t at n.
func (t *Term) value(g *graph.Graph, n *graph.Node, a *units.Acc) (int64, bool) {
	if t.Of == nil {
		return n.QValue(t.Q), n.Has(t.Q)
	}
	return t.Of(g, n, a)
}

// Part is Coef × Term (Coef 0 is 1: Rule{{Term: bias}}). A Functional
// part is collected by ptflops' patched functional counters, which are
// not divided by the batch.
type Part struct {
	Coef       int64
	Term       *Term
	Functional bool
}

// coef is p's coefficient.
func (p *Part) coef() int64 {
	if p.Coef == 0 {
		return 1
	}
	return p.Coef
}

// Rule is the sum of its parts, e.g. Rule{{Term: thopConv}, {Term: bias}}
// or Rule{{Coef: 2, Term: norm}, {Coef: 2, Term: affine}}; the empty Rule{}
// counts 0 but still means the tool knows the class (which matters for
// thop's parameter count).
type Rule []Part

// ParamsPolicy says which parameters a tool reports.
type ParamsPolicy string

const (
	ParamsAll       ParamsPolicy = "all"       // sum(p.numel() for p in model.parameters())
	ParamsTrainable ParamsPolicy = "trainable" // only requires_grad parameters
	ParamsHooked    ParamsPolicy = "hooked"    // thop ≤ 2.0: modules with a rule that ran
	ParamsCounted   ParamsPolicy = "counted"   // the count is a parameter count (pytorch_model_summary's rows)
)

// Convention is one tool's way of counting.
type Convention struct {
	ID      string `json:"id"`
	Tool    string `json:"tool"`
	Version string `json:"version"`
	// Unit is "MAC", "FLOP" or, for a tool that counts parameters only,
	// "param".
	Unit   string       `json:"unit"`
	Params ParamsPolicy `json:"params"`
	// LeafOnly counts only modules PyTorch considers leaves (torchinfo).
	LeafOnly bool `json:"-"`
	// BatchDivide divides the module terms by the batch (ptflops).
	BatchDivide bool `json:"-"`
	// Scale multiplies every term (torch's FlopCounterMode counts 2 per MAC).
	Scale int64 `json:"-"`
	// MRO finds a rule through a script module's base class, as
	// ultralytics-thop 2.1 looks rules up along the class hierarchy.
	MRO bool `json:"-"`
	// RootUncounted leaves out the root module's own hook: thop 0.0.31's
	// dfs_count sums the root's children only, so a model that is a
	// single layer counts 0.
	RootUncounted bool `json:"-"`
	// Own is FlopLab's own convention, computed from graph.Ops.
	Own bool `json:"-"`
	// BackwardNote says what the convention's backward pass counts.
	BackwardNote string `json:"-"`
	// EvalMode is set for a tool that puts the model in eval mode itself
	// before counting (model.eval()), whatever mode it was in; the others
	// count the model in the mode it is in (modes.go). ModeSource says
	// where in the tool's source that is.
	EvalMode   bool   `json:"-"`
	ModeSource string `json:"-"`
	// Notes explain the convention's known quirks to users.
	Notes []string `json:"notes,omitempty"`
	// CondNotes explain quirks that show on some models only; a
	// Result's Notes hold those that apply to the graph counted.
	CondNotes []CondNote `json:"-"`
	// Print writes a count and parameter count the way the tool prints
	// them ("714.207M MACs, 61.101M params").
	Print func(count, params int64) string `json:"-"`
	// Source is where the rules come from: the tool's repository,
	// commit and files, or its documentation.
	Source string `json:"-"`

	// src is the spec the convention is declared as, which holds its
	// rule tables (ModuleRules, FunctionRules, BackwardRules).
	src *spec
}

// ModuleRules are the rules for module calls, by class; a class absent
// here is unknown to the tool (0, and for ParamsHooked its parameters are
// lost).
func (c *Convention) ModuleRules() map[string]Rule { return c.src.rules().moduleRules }

// FunctionRules are the rules for functional and tensor calls, by type.
func (c *Convention) FunctionRules() map[string]Rule { return c.src.rules().functionRules }

// BackwardRules are the rules of the backward pass by class or function
// type (backward.go); nil for a tool that does not count it.
func (c *Convention) BackwardRules() map[string]BackRule { return c.src.rules().backRules }

// CondNote is a note that applies to some models only: When tells
// whether it applies to g (torch's note on nn.MultiheadAttention's fast
// path, for a model that has one and runs in eval mode).
type CondNote struct {
	Text string
	When func(g *graph.Graph) bool
}

// Result is a convention applied to a graph.
type Result struct {
	Convention *Convention
	// Count is the tool's headline number.
	Count int64
	// Params is the parameter count the tool reports.
	Params int64
	// PerNode is each node's figure as the tool attributes it: a
	// module's is what its hook adds, divided by the batch when the tool
	// divides (ptflops prints each module's figure per image), a function
	// call's what the tool's functional counter adds for it.
	PerNode []int64
	// Batch is what the module figures were divided by (1 for tools
	// that do not divide).
	Batch int64
	// Outside is the part of Count that no node's PerNode holds: what
	// ptflops' functional counter adds for the patched functionals that
	// modules call inside their forward (nn.ReLU calls F.relu). ptflops
	// keeps it out of every module's figure too.
	Outside int64
	// Unknown lists module classes the tool has no rule for.
	Unknown []string
	// Failed lists the calls (node names) where the tool's hook raises an
	// error (Term.Fails): the real tool reports nothing for the model.
	Failed []string
	// Notes are the convention's notes that apply to the graph: every
	// one of Convention.Notes, then the CondNotes whose When holds.
	Notes []string

	// g is the graph evaluated, for Formula.
	g *graph.Graph
}

var (
	registry = map[string]*Convention{}
	order    []string
)

func init() {
	for _, sp := range specs {
		c := &sp.Convention
		c.src = sp
		if _, dup := registry[c.ID]; dup {
			panic("convention: registered twice: " + c.ID)
		}
		if c.Scale == 0 {
			c.Scale = 1
		}
		if c.Print == nil {
			c.Print = printMACs
		}
		registry[c.ID] = c
		order = append(order, c.ID)
	}
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

// Evaluate applies c to g. It computes the numbers only; Formula renders
// a node's explanation on demand, so evaluating every convention stays
// cheap.
func Evaluate(c *Convention, g *graph.Graph) (*Result, error) {
	r := &Result{Convention: c, PerNode: make([]int64, len(g.Nodes)), Batch: 1, g: g}
	batch := int64(1)
	if c.BatchDivide && len(g.Inputs) > 0 && len(g.Inputs[0].Shape) > 0 && g.Inputs[0].Shape[0] > 1 {
		batch = g.Inputs[0].Shape[0]
		r.Batch = batch
	}
	var moduleSum, fnSum int64
	var unknown []string
	var a units.Acc
	ruled := c.ruledModules(g)
	for i, n := range g.Nodes {
		if c.RuleHook() != "" && len(g.CountRules) > 0 {
			if c.insideRuled(g, n, ruled) {
				continue // thop: a module with a rule hides its subtree
			}
			if _, v, ok := c.userValue(g, n); ok {
				if n.Call == graph.CallFunction {
					r.PerNode[i] = v
					fnSum = a.Add(fnSum, v)
				} else {
					r.PerNode[i] = v / batch
					moduleSum = a.Add(moduleSum, v)
				}
				continue
			}
		}
		if c.Own {
			if _, err := n.Ops.FLOPs(); err != nil {
				a.Keep(err)
			}
			r.PerNode[i] = n.Ops.MACs
			moduleSum = a.Add(moduleSum, n.Ops.MACs)
			continue
		}
		if c.rootUncounted(n) {
			continue
		}
		rule, st := c.ruleFor(g, n)
		if st != ruleFound {
			if st == ruleUnknown && !slices.Contains(unknown, n.Type) {
				unknown = append(unknown, n.Type)
			}
			continue
		}
		if rule.fails(n) {
			r.Failed = append(r.Failed, n.Name)
			continue
		}
		var mod, fun int64
		for j := range rule {
			p := &rule[j]
			q, ok := p.Term.value(g, n, &a)
			if !ok {
				continue
			}
			v := a.Mul(p.coef(), c.Scale, q)
			if p.Functional {
				fun = a.Add(fun, v)
			} else {
				mod = a.Add(mod, v)
			}
		}
		if n.Call == graph.CallFunction {
			r.PerNode[i] = a.Add(fun, mod)
			fnSum = a.Add(fnSum, r.PerNode[i])
			continue
		}
		r.PerNode[i] = mod / batch
		r.Outside = a.Add(r.Outside, fun)
		moduleSum = a.Add(moduleSum, mod)
		fnSum = a.Add(fnSum, fun)
	}
	if c.BatchDivide && batch > 1 {
		// ptflops divides the module hooks' sum by the batch (a float
		// division printed as an integer when exact).
		moduleSum = moduleSum / batch
	}
	r.Count = a.Add(moduleSum, fnSum)
	if a.Err != nil {
		return nil, a.Err
	}
	sort.Strings(unknown)
	r.Unknown = unknown
	r.Params = paramsOf(c, g)
	r.Notes = c.Notes
	for _, cn := range c.CondNotes {
		if cn.When(g) {
			r.Notes = append(slices.Clip(r.Notes), cn.Text)
		}
	}
	if c.Params == ParamsCounted {
		r.Params = r.Count
	}
	return r, nil
}

// fails tells whether a term of r fails at n (Term.Fails).
func (r Rule) fails(n *graph.Node) bool {
	for i := range r {
		if f := r[i].Term.Fails; f != nil && f(n) {
			return true
		}
	}
	return false
}

type ruleStatus uint8

const (
	ruleFound   ruleStatus = iota
	ruleNotLeaf            // torchinfo: a module call that is not a leaf
	ruleUnknown            // a module class the tool has no rule for
	ruleNone               // a function call the tool does not see
)

// rootUncounted tells whether c leaves out n, a call of the root module
// (see RootUncounted).
func (c *Convention) rootUncounted(n *graph.Node) bool {
	return c.RootUncounted && n.Call == graph.CallModule && n.Module == 0
}

// ruleFor finds the rule c applies to node n.
func (c *Convention) ruleFor(g *graph.Graph, n *graph.Node) (Rule, ruleStatus) {
	if n.Call == graph.CallModule {
		if c.LeafOnly && n.Module >= 0 && !g.Modules[n.Module].Leaf {
			return nil, ruleNotLeaf
		}
		modules := c.ModuleRules()
		rule, ok := modules[n.Type]
		if !ok && c.MRO && n.Module >= 0 && g.Modules[n.Module].Base != "" {
			rule, ok = modules[g.Modules[n.Module].Base]
		}
		if !ok {
			rule, ok = modules["*"]
		}
		if !ok {
			return nil, ruleUnknown
		}
		return rule, ruleFound
	}
	functions := c.FunctionRules()
	rule, ok := functions[n.Type]
	if !ok {
		rule, ok = functions["*"]
	}
	if !ok {
		return nil, ruleNone
	}
	return rule, ruleFound
}

// Formula explains PerNode[i]: how the tool forms node i's figure, e.g.
// "thop: 70,276,800 (conv MACs as thop computes them) + 193,600 (bias
// adds) = 70,470,400". It is "" for a call the tool does not see.
func (r *Result) Formula(i int) string { return r.FormulaIn(msg.EN, i) }

// FormulaIn is Formula in a language (msg.EN or msg.ZH); the numbers are
// the same.
func (r *Result) FormulaIn(lang string, i int) string {
	c, n := r.Convention, r.g.Nodes[i]
	var buf [192]byte
	b := buf[:0]
	w := func(s string) string { return msg.Tr(lang, s) }
	if c.Own {
		o := n.Ops
		b = units.AppendThousands(b, o.MACs)
		b = append(b, w(" MACs; ")...)
		fl, _ := o.FLOPs() // checked when the convention was evaluated
		b = units.AppendThousands(b, fl)
		b = append(b, " FLOPs = 2·MACs + "...)
		b = units.AppendThousands(b, o.Add)
		b = append(b, w(" add + ")...)
		b = units.AppendThousands(b, o.Mul)
		b = append(b, w(" mul + ")...)
		b = units.AppendThousands(b, o.Cmp)
		b = append(b, w(" cmp + ")...)
		b = units.AppendThousands(b, o.Exp)
		b = append(b, w(" exp")...)
		return string(b)
	}
	if c.rootUncounted(n) {
		return msg.F("%s sums the root module's children only: the root's own count is left out, 0", c.Tool).In(lang)
	}
	if c.RuleHook() != "" && len(r.g.CountRules) > 0 {
		if c.insideRuled(r.g, n, c.ruledModules(r.g)) {
			return msg.F("%s: inside a module with a count_rule, which counts it: 0", c.Tool).In(lang)
		}
		if rule, v, ok := c.userValue(r.g, n); ok {
			return msg.F("%s: %s (count_rule at %s)", c.Tool, msg.Num(v), rule.Pos).In(lang)
		}
	}
	rule, st := c.ruleFor(r.g, n)
	switch st {
	case ruleNotLeaf:
		return msg.F("%s: not a leaf module, not counted", c.Tool).In(lang)
	case ruleUnknown:
		return msg.F("%s has no rule for %s: 0", c.Tool, n.Type).In(lang)
	case ruleNone:
		return ""
	}
	if rule.fails(n) {
		return msg.F("%s's hook raises an error on this input (a PackedSequence, or a cell's unbatched vector): the real tool gives no figure; not counted, 0", c.Tool).In(lang)
	}
	b = append(b, c.Tool...)
	b = append(b, w(": ")...)
	// A module's functional terms are not its figure: they go to the
	// tool's functional counter, listed after it.
	module := n.Call != graph.CallFunction
	parts := 0
	var a units.Acc
	var whole int64 // the hook's figure for the whole batch
	for j := range rule {
		p := &rule[j]
		q, ok := p.Term.value(r.g, n, &a)
		if (module && p.Functional) || !ok {
			continue
		}
		if parts > 0 {
			b = append(b, " + "...)
		}
		parts++
		b = appendTerm(b, lang, c, p, q, false)
		whole = a.Add(whole, a.Mul(p.coef(), c.Scale, q))
	}
	if parts == 0 {
		b = append(b, '0')
	} else {
		b = append(b, " = "...)
		if module && r.Batch > 1 && a.Err == nil {
			b = units.AppendThousands(b, whole)
			b = append(b, " ÷ "...)
			b = strconv.AppendInt(b, r.Batch, 10)
			b = append(b, msg.F(" (per image, as %s prints a module)", c.Tool).In(lang)...)
			b = append(b, " = "...)
		}
		b = units.AppendThousands(b, r.PerNode[i])
	}
	if !module {
		return string(b)
	}
	extra := 0
	for j := range rule {
		p := &rule[j]
		q, ok := p.Term.value(r.g, n, &a)
		if !p.Functional || !ok {
			continue
		}
		if extra == 0 {
			b = append(b, '\n')
			b = append(b, w("outside this row, in the functional counter: ")...)
		} else {
			b = append(b, " + "...)
		}
		extra++
		b = appendTerm(b, lang, c, p, q, true)
	}
	return string(b)
}

// appendTerm writes one part of a rule with its value q put in:
// "2·193,600 (output elements)"; again marks a module's functional part,
// counted a second time by the patched functional its forward calls.
func appendTerm(b []byte, lang string, c *Convention, p *Part, q int64, again bool) []byte {
	w := func(s string) string { return msg.Tr(lang, s) }
	if k := p.coef() * c.Scale; k != 1 {
		b = strconv.AppendInt(b, k, 10)
		b = append(b, "·"...)
	}
	b = units.AppendThousands(b, q)
	b = append(b, w(" (")...)
	b = append(b, w(p.Term.Label)...)
	if again {
		b = append(b, w(", again via the patched functional")...)
	}
	return append(b, w(")")...)
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
	children := make([][]int, len(g.Modules))
	for i, m := range g.Modules {
		if m.Parent >= 0 && m.Parent < len(g.Modules) {
			children[m.Parent] = append(children[m.Parent], i)
		}
	}
	ran := make([]bool, len(g.Modules))
	for _, n := range g.Nodes {
		if n.Call == graph.CallModule && n.Module >= 0 && n.Module < len(ran) {
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
			_, has := c.ModuleRules()[m.Type]
			if !has {
				has = c.userRule(g, m.Type)
			}
			if has && m.Type != "Sequential" && m.Type != "ModuleList" {
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
