package printout

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"floplab/core/diag"
	"floplab/core/internal/lazy"
	"floplab/core/msg"
	"floplab/core/units"
)

// Note is something the user should know about a conversion: an
// assumption made, or a module that could not be converted.
type Note struct {
	Pos diag.Pos `json:"pos"`
	Msg string   `json:"message"`
	// Text is Msg to render in any language (Msg is its English form).
	Text msg.Text `json:"-"`
	// Class is set on the note about a class FlopLab does not know, and
	// on the one saying a class is counted as assumed (ConvertOptions.
	// Assume): the class whose contents the user can state. Weights says
	// the unknown class may hold weights (see couldHoldWeights).
	Class   string `json:"-"`
	Weights bool   `json:"-"`
}

func (n Note) String() string { return n.Pos.String() + ": " + n.Msg }

// Localized is the note with its position, to render in any language.
func (n Note) Localized() msg.Text {
	t := n.Text
	if t.IsZero() {
		t = msg.F(n.Msg)
	}
	return msg.Cat(n.Pos.String(), msg.F(": "), t)
}

// Convert parses a print(model) printout and returns the equivalent model
// script (see core/lang/LANGUAGE.md), with notes on what was assumed.
// Errors are positioned (*diag.Error) and name the printout's line.
func Convert(file, text string) (script string, notes []Note, err error) {
	return ConvertWith(file, text, ConvertOptions{})
}

// ConvertWith is Convert with options (weight ties).
func ConvertWith(file, text string, opt ConvertOptions) (script string, notes []Note, err error) {
	root, err := Parse(file, text)
	if err != nil {
		return "", nil, err
	}
	return ConvertModuleWith(file, root, opt)
}

// ConvertModule converts a parsed printout; see Convert.
func ConvertModule(file string, root *Module) (string, []Note, error) {
	return ConvertModuleWith(file, root, ConvertOptions{})
}

// ConvertModuleWith converts a parsed printout with options. Wrappers
// (DataParallel's module, PEFT's base_model, ...) are unwrapped first.
func ConvertModuleWith(file string, root *Module, opt ConvertOptions) (string, []Note, error) {
	root, unwrapped := unwrap(root)
	c, err := convert(file, root, opt)
	if err != nil {
		return "", nil, err
	}
	return c.script, append(unwrapped, c.notes...), nil
}

// conversion is a converted printout: the script, the notes, and which
// printed module each script line constructs, to take an error in the
// script back to the printout.
type conversion struct {
	script string
	notes  []Note
	// starts are the constructor calls by script line (1-based), in
	// column order.
	starts map[int][]start
	// incomplete lists the modules the script does not count.
	incomplete []incomplete
	// spans are the builder functions' script lines (see gen.spans).
	spans []span
	// unknown and opaque are the modules whose parameters the script
	// cannot know (see ParamCount), ties the weights it counts once.
	unknown, opaque []Unknown
	ties            []Tie
}

// start is a module's constructor call at a column of a script line.
type start struct {
	col int // 1-based
	m   *Module
}

func convert(file string, root *Module, opt ConvertOptions) (*conversion, error) {
	r, err := resolve(root, opt)
	if err != nil {
		return nil, err
	}
	g := &gen{file: file, builders: map[string]*builder{}, r: r, unknown: map[string][]Child{}}
	if len(r.ties) > 0 {
		g.helper("_tie")
	}
	if root.Adapted {
		g.helper("_train_adapters")
		g.note(root.Pos, "the PEFT model's base is frozen (requires_grad False) and only its LoRA adapters train, as PEFT sets them")
	}
	g.notes = append(g.notes, root.Warnings...)
	g.collect(root, "")
	g.noteUnknown()
	for _, name := range g.order {
		if err := g.plan(g.builders[name]); err != nil {
			return nil, err
		}
	}
	var model scriptText
	model.WriteString("model = ")
	g.expr(&model, root, "", 0)
	g.notes = append(g.notes, r.notes...)
	for _, t := range r.ties {
		if t.Default {
			g.note(root.Pos, "%s.weight is tied to %s.weight (%s): the shared %s parameters are counted once; untie them if your model does not", t.Module, t.Target, msg.F(t.Why), units.Thousands(t.Params))
		}
	}
	script, first := g.assemble(root, model.String())
	c := &conversion{script: script, notes: g.notes, starts: map[int][]start{}, incomplete: g.incomplete, spans: g.spans,
		opaque: r.opaque, ties: r.ties}
	for _, class := range g.unknownOrder {
		for _, u := range g.unknown[class] {
			c.unknown = append(c.unknown, Unknown{Path: u.Name, Class: class, Pos: u.Module.Pos})
		}
	}
	for _, mk := range model.marks {
		line := first + mk.line
		c.starts[line] = append(c.starts[line], start{mk.col, mk.m})
	}
	c.useFamily(root, r)
	return c, nil
}

// scriptText is script being written that remembers where each module's
// constructor call starts (see gen.expr).
type scriptText struct {
	strings.Builder
	// line and col are where the next rune goes, 0-based; columns count
	// runes, as Starlark's positions do.
	line, col int
	marks     []mark
}

type mark struct {
	line, col int // line 0-based, col 1-based
	m         *Module
}

func (t *scriptText) WriteString(s string) (int, error) {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		t.line += strings.Count(s, "\n")
		t.col = utf8.RuneCountInString(s[i+1:])
	} else {
		t.col += utf8.RuneCountInString(s)
	}
	return t.Builder.WriteString(s)
}

func (t *scriptText) Write(b []byte) (int, error) { return t.WriteString(string(b)) }

// mark notes that m's constructor call starts here.
func (t *scriptText) mark(m *Module) { t.marks = append(t.marks, mark{t.line, t.col + 1, m}) }

// append writes u, keeping its marks.
func (t *scriptText) append(u *scriptText) {
	for _, mk := range u.marks {
		if mk.line == 0 {
			mk.col += t.col
		}
		mk.line += t.line
		t.marks = append(t.marks, mk)
	}
	t.WriteString(u.String())
}

// leftOut is printed text the script cannot express: an argument or an
// extra line, kept in a comment.
type leftOut struct {
	line        int
	where, text string
}

// commentSafe keeps a comment on one line: Starlark ends one at \r too.
// (Not a strings.Replacer: app.wasm links none, see app.escapeHTML.)
func commentSafe(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r", `\r`), "\n", `\n`)
}

func argText1(a Arg) string {
	if a.Key != "" {
		return a.Key + "=" + a.Raw
	}
	return a.Raw
}

// gen holds the state of one conversion.
type gen struct {
	leftOut  []leftOut
	file     string
	builders map[string]*builder // by class name
	order    []string            // builder classes in first-appearance order
	notes    []Note
	helpers  map[string]bool
	r        *resolved
	// unknown holds the modules of each class FlopLab does not know, by
	// class, in order of first appearance (unknownOrder).
	unknown      map[string][]Child
	unknownOrder []string
	// incomplete lists the modules whose operations are not counted.
	incomplete []incomplete
	// elided is set when the printout leaves lines out ("...").
	elided bool
	// spans are the script lines of each builder function, with the
	// printed module of its class (the first instance).
	spans []span
}

// span is the lines from..to (1-based, inclusive) of a builder function
// in the script, and the printed module whose class it builds.
type span struct {
	from, to int
	m        *Module
}

// incomplete is a module a conversion knows it does not count, and why.
type incomplete struct {
	path string
	pos  diag.Pos
	why  msg.Text
	// weights says the part may hold parameters the result leaves out
	// (core.Incomplete.ParamsUnknown).
	weights bool
}

// noteAlias says once per class how a library class is counted.
func (g *gen) noteAlias(m *Module, t string) {
	switch t {
	case "Linear":
		g.r.noteOnce("alias:"+m.Class, m.Pos, "%s (line %d): counted as a Linear of the printed sizes: its logical parameters and MACs; at its bit width it stores fewer bytes (4-bit: half a byte per weight, plus quantization state)", m.Class, m.Pos.Line)
	case "Embedding":
		g.r.noteOnce("alias:"+m.Class, m.Pos, "%s (line %d): a learned position embedding, counted as an Embedding of the printed size (offset rows included)", m.Class, m.Pos.Line)
	case "GCNConv":
		g.r.noteOnce("alias:"+m.Class, m.Pos, "%s (line %d): counted as its Linear (weight and bias, exact parameters); the message passing over the graph's edges is not counted", m.Class, m.Pos.Line)
	case "":
		g.r.noteOnce("alias:"+m.Class, m.Pos, "%s (line %d): no parameters, counted as Identity (it does no work FlopLab counts)", m.Class, m.Pos.Line)
	default:
		g.r.noteOnce("alias:"+m.Class, m.Pos, "%s (line %d): counted as %s", m.Class, m.Pos.Line, t)
	}
}

// noteUnknown writes one note per class FlopLab does not know, listing
// every line it occurs on, and an incomplete entry per module.
func (g *gen) noteUnknown() {
	for _, class := range g.unknownOrder {
		ms := g.unknown[class]
		var lines []string
		for _, c := range ms {
			lines = append(lines, strconv.Itoa(c.Module.Pos.Line))
		}
		first := ms[0].Module
		lower := msg.F("%s prints no sizes, so it likely holds no weights", class)
		if couldHoldWeights(first) {
			lower = msg.F("the totals are a lower bound if %s holds weights", class)
		}
		note := msg.F("%s (line %s) is not a class FlopLab knows: counted as 0 parameters and 0 MACs, its input passed through unchanged; %s",
			class, strings.Join(lines, ", "), lower)
		if bad := g.unreadable(first); !bad.IsZero() {
			// A user's class that shares a layer's name.
			note = msg.F("%s (line %s): the printed arguments do not read as the library's %s (%s), so it is taken for a class of your own, counted as 0 parameters and 0 MACs, its input passed through unchanged; %s",
				class, strings.Join(lines, ", "), class, bad, lower)
		}
		weights := couldHoldWeights(first)
		if bodyElided(first) {
			// "BertEmbeddings(\n ...\n)": known or not, its contents
			// are not in the printout, and it likely holds weights.
			note = msg.F("%s (line %s): the printout leaves out what it holds (\"...\"): counted as 0 parameters and 0 MACs, its input passed through unchanged; the totals are a lower bound", class, strings.Join(lines, ", "))
			weights = true
		}
		g.notes = append(g.notes, Note{Pos: first.Pos, Text: note, Class: class, Weights: weights})
		for _, c := range ms {
			if bodyElided(c.Module) {
				continue // listed at its elision's line (collect)
			}
			why := msg.F("%s is not a class FlopLab knows: its operations are not counted (its parameters either, if it has any)", class)
			if bad := g.unreadable(c.Module); !bad.IsZero() {
				why = msg.F("%s does not read as the library's %s (%s): its operations are not counted (its parameters either, if it has any)", printedCall(c.Module), class, bad)
			}
			weights := couldHoldWeights(c.Module)
			for _, a := range c.Module.Args {
				if isElision(a.Raw) {
					why = msg.F("%s(%s) is elided in the printout: neither its parameters nor its operations are counted", class, a.Raw)
					weights = true
				}
			}
			g.incomplete = append(g.incomplete, incomplete{c.Name, c.Module.Pos, why, weights})
		}
	}
	for i := range g.notes {
		if g.notes[i].Msg == "" {
			g.notes[i].Msg = g.notes[i].Text.String()
		}
	}
}

// bodyElided: a module printed with lines left out ("...") and no
// children, such as "BertEmbeddings(\n  ...\n)".
func bodyElided(m *Module) bool {
	if len(m.Children) > 0 {
		return false
	}
	for _, l := range m.Extra {
		if isElision(l.Text) {
			return true
		}
	}
	return false
}

// unreadable is why the arguments of a module whose class shares a
// layer's name do not read as that layer's (the language's error for the
// call, with its hint), or the zero Text.
func (g *gen) unreadable(m *Module) msg.Text {
	if !leafClass(m.Class) || len(m.Children) > 0 || isSizeless(m.Class) && len(m.Args) == 0 {
		return msg.Text{}
	}
	var de *diag.Error
	if err := buildCall(leafCall(m, g.r)); !diag.ErrorsAs(err, &de) {
		return msg.Text{}
	}
	t := de.Msg
	if !de.Hint.IsZero() {
		t = msg.Cat(t, "; ", de.Hint)
	}
	return t
}

// printedCall is a module as printed: Class(arguments).
func printedCall(m *Module) string { return m.Class + "(" + argText(m) + ")" }

// couldHoldWeights: a class printed with integer arguments (sizes), or
// whose name is not that of a parameter-free kind of layer.
func couldHoldWeights(m *Module) bool {
	for _, a := range m.Args {
		if a.Value.Kind == Int || a.Value.Kind == Tuple {
			return true
		}
	}
	for _, w := range []string{"Act", "Activation", "Dropout", "DropPath", "Pool", "Identity", "Concat", "Flatten", "Upsample", "Shuffle", "Pad", "Embedding()", "Rotary"} {
		if strings.Contains(m.Class, w) {
			return false
		}
	}
	return len(m.Args) > 0
}

// builder is the Starlark function emitted for one class of module that
// has printed children.
type builder struct {
	class     string
	instances []*Module
	paths     []string
	numeric   bool     // children are "0", "1", ... in every instance
	names     []string // union of child names in order (named form)
	optional  map[string]bool
	known     *block
	body      []string // forward body lines
	sig       string   // forward's parameters when the wiring chose them (else known.sig)
	source    string   // where the wiring chosen comes from (else known.source)
}

func (g *gen) note(pos diag.Pos, format string, args ...any) {
	t := msg.F(format, args...)
	g.notes = append(g.notes, Note{Pos: pos, Msg: t.String(), Text: t})
}

// kind classifies how a module is emitted.
type kind int

const (
	kindLeaf      kind = iota // a known layer: Conv2d(...)
	kindContainer             // Sequential / ModuleList / ModuleDict
	kindBuilder               // a class with children: a builder function
	kindUnknown               // an unknown class without children
)

// kind is how g emits m: as classify says, but a leaf printed without
// its sizes is a layer only when the printout gave them (leafExpr).
func (g *gen) kind(m *Module) kind {
	k := classify(m, g.r)
	if k == kindLeaf && isSizeless(m.Class) && len(m.Args) == 0 && len(m.Children) == 0 {
		if _, ok := g.r.leafExpr[m]; !ok {
			return kindUnknown
		}
	}
	return k
}

func classify(m *Module, r *resolved) kind {
	if b := knownBlocks()[m.Class]; b != nil && b.leaf != nil {
		return kindLeaf
	}
	switch {
	case isContainer(m.Class):
		return kindContainer
	case len(m.Children) > 0:
		return kindBuilder
	case leafClass(m.Class) && leafReadable(m, r):
		return kindLeaf
	}
	return kindUnknown
}

// leafReadable reports whether a known leaf class's printed arguments
// read as that class's: whether the language builds the call the
// converter writes for it (leafCall). A user's class that shares a
// torch.nn name (RMSNorm() without a size) is treated as a class FlopLab
// does not know. Classes some versions print without sizes (Conv1D(),
// LlamaRMSNorm()) are readable: the block around them gives the sizes.
func leafReadable(m *Module, r *resolved) bool {
	if isSizeless(m.Class) && len(m.Args) == 0 {
		return true
	}
	if len(m.Children) > 0 {
		return false
	}
	return buildCall(leafCall(m, r)) == nil
}

func isContainer(class string) bool {
	return class == "Sequential" || class == "ModuleList" || class == "ModuleDict"
}

// collect records every class that needs a builder, and notes unknown leaves.
func (g *gen) collect(m *Module, path string) {
	switch g.kind(m) {
	case kindBuilder:
		b := g.builders[m.Class]
		if b == nil {
			b = &builder{class: m.Class, known: knownBlocks()[m.Class], optional: map[string]bool{}}
			g.builders[m.Class] = b
			g.order = append(g.order, m.Class)
		}
		b.instances = append(b.instances, m)
		b.paths = append(b.paths, path)
	case kindUnknown:
		if a, ok := g.r.assume[m.Class]; ok {
			if !g.r.noted["key:assume:"+m.Class] {
				g.r.noteOnce("assume:"+m.Class, m.Pos, "%s (line %d): counted as you stated: %s parameters and %s MACs a call", m.Class, m.Pos.Line, units.Thousands(a[0]), units.Thousands(a[1]))
				g.r.notes[len(g.r.notes)-1].Class = m.Class
			}
			break
		}
		if g.unknown[m.Class] == nil {
			g.unknownOrder = append(g.unknownOrder, m.Class)
		}
		g.unknown[m.Class] = append(g.unknown[m.Class], Child{path, m})
	}
	if m.Empty {
		g.r.note(m.Pos, "%s is None in the printout (an empty slot): read as Identity(), no parameters", displayPath(path))
	}
	if t, ok := leafAlias.Get()[m.Class]; ok && helperText()[m.Class] == "" && g.r.leafExpr[m] == "" && len(m.Children) == 0 && g.kind(m) == kindLeaf {
		g.noteAlias(m, t)
	}
	for _, a := range m.Args {
		if a.Value.Starlark() == "" {
			g.note(a.Pos, "%s (%s): argument %q is not a literal FlopLab can read; it is kept in the script as a comment", displayPath(path), m.Class, a.Raw)
			g.leftOut = append(g.leftOut, leftOut{a.Pos.Line, displayPath(path).String(), argText1(a)})
		}
	}
	if m.Cut && (len(m.Children) == 0 || !m.Children[len(m.Children)-1].Cut) {
		// The innermost module a truncated printout ends inside: what
		// was cut off after its last line is not counted (the parser's
		// warning says where the parentheses were closed).
		at := lastPos(m)
		g.incomplete = append(g.incomplete, incomplete{path, diag.Pos{File: at.File, Line: at.Line, Col: 1},
			msg.F("the printout ends inside %s (line %d) without its closing ')': if it was cut off, the rest is not counted", m.Class, m.Pos.Line), true})
	}
	for _, l := range m.Extra {
		if isElision(l.Text) {
			g.note(l.Pos, "%s (%s): line %q leaves out part of the printout: what it stands for is not counted, so parameters and MACs are lower bounds", displayPath(path), m.Class, l.Text)
			g.incomplete = append(g.incomplete, incomplete{path, l.Pos, msg.F("the printout leaves modules out here (%q): they are not counted", l.Text), true})
			g.elided = true
			continue
		}
		g.note(l.Pos, "%s (%s): extra line %q is not understood; it is kept in the script as a comment", displayPath(path), m.Class, l.Text)
		g.leftOut = append(g.leftOut, leftOut{l.Pos.Line, displayPath(path).String(), l.Text})
	}
	for _, c := range m.Children {
		g.collect(c, join(path, groupName(c)))
	}
}

// lastPos is the position of the last line of the printout m spans: its
// closing parenthesis, or (a module the text ends inside) its last
// child's or extra line's.
func lastPos(m *Module) diag.Pos {
	p := m.Pos
	if !m.Cut && m.End.Line > p.Line {
		p = m.End
	}
	for _, l := range m.Extra {
		if l.Pos.Line > p.Line {
			p = l.Pos
		}
	}
	if n := len(m.Children); n > 0 {
		if q := lastPos(m.Children[n-1]); q.Line > p.Line {
			p = q
		}
	}
	return p
}

func displayPath(p string) msg.Text {
	if p == "" {
		return msg.F("the model") // core's table has its Chinese
	}
	return msg.Lit(p)
}

// plan decides a builder's signature and forward.
func (g *gen) plan(b *builder) error {
	b.numeric = true
	for _, m := range b.instances {
		for i, c := range m.Expanded() {
			if c.Name != strconv.Itoa(i) {
				b.numeric = false
			}
		}
	}
	if !b.numeric {
		// Union of the child names, in order; a name missing from some
		// instance is optional.
		count := map[string]int{}
		for _, m := range b.instances {
			prev := -1
			for _, c := range m.Children {
				count[c.Name]++
				idx := indexOf(b.names, c.Name)
				if idx < 0 {
					b.names = insertAt(b.names, prev+1, c.Name)
					idx = prev + 1
				}
				prev = idx
			}
		}
		for _, n := range b.names {
			if count[n] < len(b.instances) {
				b.optional[n] = true
			}
		}
	}
	if b.known != nil {
		for _, m := range b.instances {
			for _, n := range b.known.needs {
				if m.Child(n) == nil {
					g.note(m.Pos, "%s has no child (%s), unlike torchvision's %s: treated as an unknown class", m.Class, n, m.Class)
					b.known = nil
					break
				}
			}
			if b.known == nil {
				break
			}
		}
	}
	if b.known != nil {
		for _, m := range b.instances {
			if _, bad := g.r.failed[m]; bad {
				b.known = nil
				break
			}
		}
	}
	if b.known != nil && b.known.wired() {
		body, err := b.known.forwardOf(g, b)
		if err != nil {
			return err
		}
		if body != nil {
			b.body = body
			g.helper(b.class)
			return nil
		}
	}
	b.known = nil
	b.body = g.sequentialForward(b)
	m := b.instances[0]
	g.note(m.Pos, "%s: forward not shown in the printout; assumed sequential (children called in printed order)", m.Class)
	return nil
}

func indexOf(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}

func insertAt(xs []string, i int, s string) []string {
	xs = append(xs, "")
	copy(xs[i+1:], xs[i:])
	xs[i] = s
	return xs
}

// has reports whether every instance of a named-form builder has each
// of the children ns.
func (b *builder) has(ns ...string) bool {
	for _, n := range ns {
		if indexOf(b.names, n) < 0 || b.optional[n] {
			return false
		}
	}
	return !b.numeric
}

// ref is the Starlark expression for a builder's child inside forward.
func (b *builder) ref(name string) string {
	if b.numeric {
		return "layers[" + name + "]"
	}
	if b.known != nil && slices.Contains(b.known.locals, name) && indexOf(b.names, name) < 0 {
		return name
	}
	if b.optional[name] || !isIdent(name) || indexOf(b.names, name) < 0 {
		return "children.get(" + strconv.Quote(name) + ")"
	}
	return "self." + name
}

// sequentialForward calls the children in printed order, checking the
// input size where the child's class tells it.
func (g *gen) sequentialForward(b *builder) []string {
	m := b.instances[0]
	body := []string{"# assumed sequential: forward not shown in the printout; _step checks that", "# each child fits, and marks what does not as not counted (see _step)", "ok = True"}
	var names []string
	var mods []*Module
	if b.numeric {
		for _, c := range m.Expanded() {
			names = append(names, c.Name)
			mods = append(mods, c.Module)
		}
	} else {
		for _, n := range b.names {
			names = append(names, n)
			var cm *Module
			for _, inst := range b.instances {
				if cm = inst.Child(n); cm != nil {
					break
				}
			}
			mods = append(mods, cm)
		}
	}
	g.helper("_step")
	spatial := false
	for i, n := range names {
		c := mods[i]
		ref := b.ref(n)
		spec := "None"
		if dim, _, isLinear, ok := expectedInput(c); ok {
			kind := "channels"
			if isLinear {
				kind = "linear"
				if spatial {
					g.r.noteOnce("flatten:"+m.Class, c.Pos, "%s: a Linear after 2-d layers; the flatten its forward does (torch.flatten(x, 1)) is assumed where the sizes fit", m.Class)
				}
			}
			// The size is read from the child itself when the forward
			// runs: instances of one class may differ in it.
			path, attr := firstLeafAttr(c)
			q := make([]string, len(path))
			for i, p := range path {
				q[i] = strconv.Quote(p)
			}
			spec = fmt.Sprintf("(%d, [%s], %q, %q)", dim, strings.Join(q, ", "), attr, kind)
		} else if c != nil && (firstLeaf(c).Class == "Embedding" || leafAlias.Get()[firstLeaf(c).Class] == "Embedding") {
			spec = `(0, [], "", "ids")`
			if isPositional(firstLeaf(c), n) {
				spec = `(0, [], "", "pos")`
				g.r.noteOnce("pos:"+m.Class, c.Pos, "%s: %s is taken as a learned position embedding: its rows for positions 0…n-1 are added to the hidden states, as transformers' decoders do", m.Class, n)
			}
		} else if c != nil && isRecurrent(firstLeaf(c)) {
			g.r.noteOnce("rnn:"+m.Class, c.Pos, "%s: an LSTM/GRU returns (output, state); the next layer is assumed to take the output sequence", m.Class)
		}
		var lines []string
		if c != nil && (c.Class == "ModuleList" || c.Class == "ModuleDict") {
			it := ref
			if asDict(c) {
				it += ".values()"
			}
			lines = append(lines, "for layer in "+it+":", fmt.Sprintf("    x, ok = _step(layer, x, ok, None, %q)", n))
		} else {
			lines = append(lines, fmt.Sprintf("x, ok = _step(%s, x, ok, %s, %q)", ref, spec, n))
		}
		if isSpatial(c) {
			spatial = true
		}
		if b.optional[n] {
			body = append(body, "if "+ref+" != None:")
			for _, l := range lines {
				body = append(body, "    "+l)
			}
		} else {
			body = append(body, lines...)
		}
	}
	return append(body, "return x")
}

// firstLeafAttr is the path from m to its first printed leaf and the
// argument that fixes that leaf's input size.
func firstLeafAttr(m *Module) (path []string, attr string) {
	for len(m.Children) > 0 {
		m = m.Children[0]
		path = append(path, m.Name)
	}
	switch {
	case strings.HasPrefix(m.Class, "Conv"):
		return path, "in_channels"
	case strings.HasPrefix(m.Class, "BatchNorm"):
		return path, "num_features"
	case m.Class == "LayerNorm" || isRMSNorm(m.Class):
		return path, "normalized_shape"
	}
	return path, "in_features"
}

// isPositional: a learned position embedding, by class
// (OPTLearnedPositionalEmbedding) or by the child's name (embed_positions,
// position_embeddings, wpe).
func isPositional(leaf *Module, name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(leaf.Class, "Positional") || strings.Contains(n, "position") || n == "wpe" || n == "pos_embed" || n == "pos_emb"
}

func isRecurrent(m *Module) bool {
	return m != nil && (m.Class == "LSTM" || m.Class == "GRU" || m.Class == "RNN")
}

// firstLeaf returns the first printed leaf of m (m itself for a leaf).
func firstLeaf(m *Module) *Module {
	for len(m.Children) > 0 {
		m = m.Children[0]
	}
	return m
}

// expectedInput tells which input dimension a module fixes: channels
// (dim 1) for convolutions and batch norms, features (dim -1) for Linear
// and LayerNorm.
func expectedInput(m *Module) (dim int, size int64, isLinear, ok bool) {
	if m == nil {
		return 0, 0, false, false
	}
	l := firstLeaf(m)
	class := l.Class
	if t := leafAlias.Get()[class]; t == "Linear" || t == "Conv3d" {
		class = t
	}
	switch {
	case class == "Conv1d", class == "Conv2d", class == "Conv3d", class == "ConvTranspose1d", class == "ConvTranspose2d", class == "ConvTranspose3d":
		n, err := intArg(l, "in_channels", 0)
		return 1, n, false, err == nil
	case class == "BatchNorm1d", class == "BatchNorm2d", class == "BatchNorm3d":
		n, err := intArg(l, "num_features", 0)
		return 1, n, false, err == nil
	case class == "Linear":
		n, err := intArg(l, "in_features", 0)
		return -1, n, true, err == nil
	case class == "LayerNorm" || isRMSNorm(class):
		// The normalized shape is the input's last dimension.
		// (Read when the forward runs: a norm printed without its size
		// gets it from the conversion.)
		if a, found := l.Arg("normalized_shape", 0); found {
			if xs, isInts := a.Value.Ints(); isInts && len(xs) == 1 {
				return -1, xs[0], false, true
			}
			return 0, 0, false, false
		}
		return -1, -1, false, true
	}
	return 0, 0, false, false
}

func isSpatial(m *Module) bool {
	if m == nil {
		return false
	}
	l := firstLeaf(m)
	return strings.HasPrefix(l.Class, "Conv") || strings.Contains(l.Class, "Pool") || strings.HasPrefix(l.Class, "BatchNorm2d")
}

// helper includes a helper function (with the ones it calls) when
// there is one by that name.
func (g *gen) helper(name string) {
	if _, ok := helperText()[name]; !ok && helperDeps()[name] == nil {
		return
	}
	if g.helpers == nil {
		g.helpers = map[string]bool{}
	}
	if g.helpers[name] {
		return
	}
	g.helpers[name] = true
	for _, d := range helperDeps()[name] {
		g.helper(d)
	}
}

// attrsOf returns the per-instance keywords of a known block.
func (g *gen) attrsOf(b *builder, m *Module) []attr {
	if b.known != nil && b.known.attrs != nil {
		return b.known.attrs(m)
	}
	return g.r.attrs[m]
}

// ownHelpers are the helpers the converter writes itself (helperText has
// them all).
func ownHelpers() map[string]string {
	return map[string]string{
		"_train_adapters": `def _train_adapters(model):
    # As PEFT does: every parameter frozen but the LoRA adapters'.
    model.requires_grad_(False)
    todo = [model]
    while todo:
        m = todo.pop()
        for name in ("lora_A", "lora_B", "lora_embedding_A", "lora_embedding_B"):
            a = getattr(m, name, None)
            if a != None:
                a.requires_grad_(True)
        todo.extend(m.children())
`,
		"_step": `def _step(layer, x, ok, spec, child):
    # Calls one child of a container assumed sequential. spec is None or
    # (dim, path, attr, kind): the argument attr of the child's first
    # layer (at path) fixes the size of the input's dimension dim.
    # What does not fit is marked not_counted with the reason: a Linear
    # restarts from an input of its own in_features, anything else ends
    # this container's trace (ok = False skips the children after it).
    if not ok:
        return x, False
    if type(x) == "tuple":
        x = x[0]  # an LSTM/GRU's (output, state): the output sequence
    if spec != None:
        dim, path, attr, kind = spec
        size = layer
        for p in path:
            size = getattr(size, p, None)
            if size == None:
                return layer(x), True
        size = getattr(size, attr, None) if kind not in ("ids", "pos") else 0
        if type(size) in ("tuple", "list") and len(size) == 1:
            size = size[0]  # a norm's normalized_shape
        if type(size) != "int":
            return layer(x), True
        if kind == "pos" and x.dtype != "long" and len(x.shape) == 3 and x.shape[-1] == getattr(layer, "embedding_dim", -1):
            # A learned position embedding: hidden states + its rows.
            return x + layer(torch.zeros(x.shape[0], x.shape[1], dtype=torch.long)), True
        if kind in ("ids", "pos"):
            if x.dtype != "long":
                not_counted("%s is an embedding, which takes token ids, but gets a float tensor of shape %s: the forward does something the printout does not show; the rest of this container is not counted", child, args = (child, x.shape))
                return x, False
        elif kind == "linear":
            n = 1
            for d in x.shape[1:]:
                n = n * d
            if len(x.shape) > 2 and x.shape[-1] != size and n == size:
                x = torch.flatten(x, 1)
            elif len(x.shape) < 2 or x.shape[-1] != size:
                not_counted("%s expects %d input features but gets shape %s: the forward does something the printout does not show (a pooling or a reshape, say); counted from here on with an input of %d features", child, args = (child, size, x.shape, size), assumed_input = True)
                lead = list(x.shape[:-1]) if len(x.shape) == 3 else [x.shape[0]]
                x = torch.zeros(*(lead + [size]))
        elif len(x.shape) < 2 or x.shape[dim] != size:
            if dim == 1:
                not_counted("%s expects %d channels but gets shape %s: the forward does something the printout does not show; the rest of this container is not counted", child, args = (child, size, x.shape))
            else:
                not_counted("%s expects %d features but gets shape %s: the forward does something the printout does not show; the rest of this container is not counted", child, args = (child, size, x.shape))
            return x, False
    return layer(x), True
`,
		"StochasticDepth": `def StochasticDepth(p, mode):
    # torchvision.ops.StochasticDepth: identity in eval mode.
    self = Module("StochasticDepth")
    self.p = p
    self.mode = mode

    def forward(x):
        return x

    self.forward = forward
    return self
`,
		"_Assumed": `def _Assumed(cls, params, macs):
    # A class FlopLab does not know, counted as stated (--assume): params
    # parameters and macs MACs a call; its input passes through unchanged.
    self = Module(cls)
    if params > 0:
        self.weight = Parameter(params)

    def forward(x, *args, **kwargs):
        if macs > 0:
            torch.matmul(torch.zeros(1, macs), torch.zeros(macs, 1))
        return x

    self.forward = forward
    return self
`,
		"_Unknown": `def _Unknown(cls):
    # A class FlopLab does not know: no parameters, and its input passed
    # through unchanged. Replace the call with equivalent layers to count it.
    self = Module(cls)

    def forward(x, *args, **kwargs):
        return x

    self.forward = forward
    return self
`,
	}
}

// expr writes the Starlark expression that builds m.
func (g *gen) expr(w *scriptText, m *Module, path string, indent int) {
	w.mark(m)
	pad := strings.Repeat("    ", indent)
	switch g.kind(m) {
	case kindLeaf:
		g.leaf(w, m)
	case kindUnknown:
		if a, ok := g.r.assume[m.Class]; ok {
			g.helper("_Assumed")
			fmt.Fprintf(w, "_Assumed(%q, %d, %d)", m.Class, a[0], a[1])
			return
		}
		g.helper("_Unknown")
		fmt.Fprintf(w, "_Unknown(%q)", m.Class)
	case kindContainer:
		g.container(w, m, path, indent)
	case kindBuilder:
		b := g.builders[m.Class]
		if len(m.Children) == 0 {
			fmt.Fprintf(w, "%s()", m.Class)
			return
		}
		w.WriteString(m.Class + "(\n")
		attrs := func() {
			if b.known != nil {
				for _, a := range g.attrsOf(b, m) {
					fmt.Fprintf(w, "%s    %s=%s,  # %s\n", pad, a.name, a.value, a.why)
				}
			}
		}
		if !b.numeric {
			attrs()
		}
		// Children go as keywords, or all in one **{...} dict (which
		// keeps their order) when a name is not an identifier.
		dict := false
		for _, c := range m.Children {
			dict = dict || !b.numeric && !isIdent(c.Name)
		}
		inner := pad + "    "
		if dict {
			w.WriteString(inner + "**{\n")
			inner += "    "
		}
		for _, c := range m.Children {
			w.WriteString(inner)
			switch {
			case dict:
				w.WriteString(strconv.Quote(c.Name) + ": ")
			case !b.numeric:
				w.WriteString(c.Name + "=")
			}
			g.child(w, c, join(path, c.Name), len(inner)/4, b.numeric)
			w.WriteString(",\n")
		}
		if dict {
			w.WriteString(pad + "    },\n")
		}
		if b.numeric {
			// Keywords after the positional children.
			attrs()
		}
		w.WriteString(pad + ")")
	}
}

// child writes one child, expanding a run-length group with a
// comprehension (which builds N distinct modules).
func (g *gen) child(w *scriptText, c *Module, path string, indent int, star bool) {
	if c.RunLength == 0 {
		g.expr(w, c, path, indent)
		return
	}
	if star {
		w.WriteString("*")
	}
	w.WriteString("[")
	g.expr(w, c, path, indent)
	fmt.Fprintf(w, " for _ in range(%d)]", c.RunLength)
}

// asDict reports whether container m is written as a ModuleDict: a
// ModuleDict, or a ModuleList whose children are not 0, 1, ... (the
// printout was cut or edited; a dict keeps the names). A forward then
// iterates its values(), not its keys.
func asDict(m *Module) bool {
	if m.Class == "ModuleDict" {
		return true
	}
	if m.Class != "ModuleList" || len(m.Children) == 0 {
		return false
	}
	for i, c := range m.Expanded() {
		if c.Name != strconv.Itoa(i) {
			return true
		}
	}
	return false
}

func (g *gen) container(w *scriptText, m *Module, path string, indent int) {
	pad := strings.Repeat("    ", indent)
	numeric := true
	for i, c := range m.Expanded() {
		if c.Name != strconv.Itoa(i) {
			numeric = false
		}
	}
	if len(m.Children) == 0 {
		if m.Class == "ModuleDict" {
			w.WriteString("ModuleDict({})")
		} else if m.Class == "ModuleList" {
			w.WriteString("ModuleList([])")
		} else {
			w.WriteString("Sequential()")
		}
		return
	}
	if !numeric || m.Class == "ModuleDict" {
		class := m.Class
		if class == "ModuleList" {
			// A list whose children are not 0, 1, ...: the printout was
			// cut or edited; a dict keeps the names.
			class = "ModuleDict"
		}
		fmt.Fprintf(w, "%s({\n", class)
		for _, c := range m.Expanded() {
			fmt.Fprintf(w, "%s    %q: ", pad, c.Name)
			g.expr(w, c.Module, join(path, c.Name), indent+1)
			w.WriteString(",\n")
		}
		w.WriteString(pad + "})")
		return
	}
	// A list of items, with run-length groups as comprehensions.
	var parts []*scriptText
	single := len(m.Children) == 1 && m.Children[0].RunLength > 0
	for _, c := range m.Children {
		b := &scriptText{}
		if c.RunLength > 0 {
			g.child(b, c, join(path, c.Name), indent+1, false)
		} else {
			g.expr(b, c, join(path, c.Name), indent+1)
		}
		parts = append(parts, b)
	}
	hasGroup := false
	for _, c := range m.Children {
		if c.RunLength > 0 {
			hasGroup = true
		}
	}
	switch {
	case single && m.Class == "ModuleList":
		w.WriteString("ModuleList(")
		w.append(parts[0])
		w.WriteString(")")
	case single:
		w.WriteString("Sequential(*")
		w.append(parts[0])
		w.WriteString(")")
	case hasGroup:
		// Concatenate the lists: [a] + [B() for _ in range(4)] + [c].
		open, close := "Sequential(*(", "))"
		if m.Class == "ModuleList" {
			open, close = "ModuleList(", ")"
		}
		w.WriteString(open + "\n")
		for i, p := range parts {
			w.WriteString(pad + "    ")
			if m.Children[i].RunLength == 0 {
				w.WriteString("[")
				w.append(p)
				w.WriteString("]")
			} else {
				w.append(p)
			}
			if i < len(parts)-1 {
				w.WriteString(" +")
			}
			w.WriteString("\n")
		}
		w.WriteString(pad + close)
	default:
		open, close := "Sequential(", ")"
		if m.Class == "ModuleList" {
			open, close = "ModuleList([", "])"
		}
		w.WriteString(open + "\n")
		for _, p := range parts {
			w.WriteString(pad + "    ")
			w.append(p)
			w.WriteString(",\n")
		}
		w.WriteString(pad + close)
	}
}

// leaf writes a known layer's constructor call with its printed arguments.
func (g *gen) leaf(w *scriptText, m *Module) {
	call := leafCall(m, g.r)
	if i := strings.IndexByte(call, '('); i > 0 {
		g.helper(call[:i])
	}
	w.WriteString(call)
}

// leafCall is the constructor call the converter writes for a known
// layer: its class (or the torch.nn class a library class computes as,
// leafAlias) with its printed arguments, or what resolve derived for it
// (r may be nil).
func leafCall(m *Module, r *resolved) string {
	if r != nil {
		if e, ok := r.leafExpr[m]; ok {
			return e
		}
	}
	if b := knownBlocks()[m.Class]; b != nil && b.leaf != nil {
		return b.leaf(m)
	}
	class := m.Class
	if t, ok := leafAlias.Get()[class]; ok && helperText()[class] == "" {
		switch t {
		case "Linear":
			// bitsandbytes/GPTQ weights do not train (requires_grad
			// False): counted as non-trainable.
			return "Linear(" + args(m, "Linear") + ").requires_grad_(False)"
		case "Embedding", "Conv3d":
			class = t
		case "GCNConv":
			in, _ := intArg(m, "in_channels", 0)
			out, _ := intArg(m, "out_channels", 1)
			return fmt.Sprintf("Linear(%d, %d)", in, out)
		case "FrozenBatchNorm2d":
			n, _ := intArg(m, "num_features", 0)
			return fmt.Sprintf("BatchNorm2d(%d, affine=False)", n)
		case "":
			return "Identity()"
		default:
			return t + "()"
		}
	}
	switch {
	case class == "NonDynamicallyQuantizableLinear":
		class = "Linear"
	case isRMSNorm(class) && class != "LlamaRMSNorm":
		// Any library's RMS norm with its printed shape
		// (Qwen2RMSNorm((896,), eps=1e-06)) is torch's.
		class = "RMSNorm"
	}
	return class + "(" + args(m, class) + ")"
}

// args is m's printed arguments as class's constructor takes them.
func args(m *Module, class string) string {
	var w strings.Builder
	n := 0
	for _, a := range m.Args {
		if a.Key != "" && a.Key == reprOnly.Get()[class] {
			continue
		}
		v := a.Value.Starlark()
		if v == "" { // left out, in a comment atop the script (see collect)
			continue
		}
		if n > 0 {
			w.WriteString(", ")
		}
		n++
		if a.Key != "" {
			w.WriteString(a.Key + "=")
		}
		w.WriteString(v)
	}
	return w.String()
}

// reprOnly names an argument a class prints but its constructor does not
// take: nn.UpsamplingNearest2d and nn.UpsamplingBilinear2d inherit
// Upsample's repr, "mode='bilinear'" included, and fix the mode.
var reprOnly = lazy.Value[map[string]string]{Build: func() map[string]string {
	return map[string]string{"UpsamplingNearest2d": "mode", "UpsamplingBilinear2d": "mode"}
}}

func argText(m *Module) string {
	var parts []string
	for _, a := range m.Args {
		if a.Key != "" {
			parts = append(parts, a.Key+"="+a.Raw)
		} else {
			parts = append(parts, a.Raw)
		}
	}
	return strings.Join(parts, ", ")
}

var keywords = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	kw := map[string]bool{}
	for _, k := range strings.Fields(`and as assert async await break class continue def del elif else
		except finally for from global if import in is lambda load nonlocal not or pass raise return
		try while with yield self forward children layers True False None`) {
		kw[k] = true
	}
	return kw
}}

// isIdent reports whether s can be a Starlark keyword argument name.
func isIdent(s string) bool {
	if s == "" || keywords.Get()[s] {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// assemble writes the whole script.
// assemble writes the whole script around the model statement, and
// returns the (1-based) line the model statement starts on.
func (g *gen) assemble(root *Module, model string) (string, int) {
	var w strings.Builder
	fmt.Fprintf(&w, "# Converted by FlopLab from a print(model) printout (%s).\n", orModel(g.file))
	w.WriteString("# A printout shows the modules but not forward(): known classes are wired as\n")
	w.WriteString("# their real forward does; others are assumed sequential (see the notes).\n")
	w.WriteString("# Dotted names match the printout, e.g. " + samplePath(root) + ".\n")
	if len(g.leftOut) > 0 {
		w.WriteString("# Not understood in the printout, so left out:\n")
		for _, l := range g.leftOut {
			fmt.Fprintf(&w, "#   line %d, %s: %s\n", l.line, l.where, commentSafe(l.text))
		}
	}
	w.WriteString("\n")
	shape, dtype, why := g.defaultInput(root)
	whyText := msg.F(why)
	if class, ok := strings.CutPrefix(why, "the usual input of "); ok {
		whyText = msg.F("the usual input of %s", class)
	}
	fmt.Fprintf(&w, "input_shape = %s  # %s; change it to your input\n", shape, why)
	if dtype != "" {
		fmt.Fprintf(&w, "input_dtype = %q\n", dtype)
	}
	in := msg.F("input_shape %s is a default (%s): a printout does not show the input size", shape, whyText)
	g.notes = append([]Note{{Pos: root.Pos, Msg: in.String(), Text: in}}, g.notes...)
	w.WriteString("\n")
	var hs []string
	for h := range g.helpers {
		hs = append(hs, h)
	}
	sort.Strings(hs)
	for _, h := range hs {
		if t := helperText()[h]; t != "" {
			w.WriteString(t + "\n")
		}
	}
	for _, name := range g.order {
		from := strings.Count(w.String(), "\n") + 1
		g.writeBuilder(&w, g.builders[name])
		g.spans = append(g.spans, span{from, strings.Count(w.String(), "\n"), g.builders[name].instances[0]})
		w.WriteString("\n")
	}
	first := strings.Count(w.String(), "\n") + 1
	w.WriteString(model + "\n")
	if root.Adapted {
		w.WriteString("_train_adapters(model)  # PEFT freezes the base model: only the adapters train\n")
	}
	for _, t := range g.r.ties {
		fmt.Fprintf(&w, "_tie(model, %q, %q)  # %s\n", t.Module, t.Target, t.Why)
	}
	return w.String(), first
}

func orModel(f string) string {
	if f == "" {
		return "model"
	}
	return f
}

func samplePath(root *Module) string {
	path := ""
	m := root
	for len(m.Children) > 0 && strings.Count(path, ".") < 2 {
		m = m.Children[0]
		path = join(path, m.Name)
	}
	if path == "" {
		return "the class name"
	}
	return path
}

func (g *gen) writeBuilder(w *strings.Builder, b *builder) {
	m := b.instances[0]
	if b.known != nil {
		source := b.known.source
		if b.source != "" {
			source = b.source
		}
		fmt.Fprintf(w, "# %s: wired as %s.\n", b.class, source)
	} else {
		fmt.Fprintf(w, "# %s (printout line %d): forward not shown in the printout, assumed sequential.\n", b.class, m.Pos.Line)
	}
	var attrs []attr
	if b.known != nil {
		attrs = g.attrsOf(b, m)
	}
	var params []string
	for _, a := range attrs {
		params = append(params, a.name+"="+a.def)
	}
	if b.numeric {
		params = append([]string{"*layers"}, params...)
	} else {
		params = append(params, "**children")
	}
	fmt.Fprintf(w, "def %s(%s):\n", b.class, strings.Join(params, ", "))
	fmt.Fprintf(w, "    self = Module(%q)\n", b.class)
	if b.numeric {
		w.WriteString("    for i, layer in enumerate(layers):\n        self.add_module(str(i), layer)\n")
	} else {
		w.WriteString("    for name, child in children.items():\n        self.add_module(name, child)\n")
	}
	for _, a := range attrs {
		fmt.Fprintf(w, "    self.%s = %s\n", a.name, a.name)
	}
	if b.known == nil && heldBy.Get()[b.class] != nil {
		// Parameters the class holds directly (see heldBy).
		for _, t := range g.r.hidden[m] {
			dims := make([]string, len(t.shape))
			for i, d := range t.shape {
				dims[i] = strconv.FormatInt(d, 10)
			}
			fmt.Fprintf(w, "    self.%s = Parameter(%s)  # held directly, not printed\n", t.name, strings.Join(dims, ", "))
		}
	}
	if b.known != nil && b.known.script != "" {
		w.WriteString("\n")
		for _, l := range strings.Split(strings.Trim(b.known.script, "\n"), "\n") {
			if l == "" {
				w.WriteString("\n")
				continue
			}
			w.WriteString("    " + expand(b, l) + "\n")
		}
	}
	sig := "x"
	if b.known != nil && b.known.sig != "" {
		sig = b.known.sig
	}
	if b.sig != "" {
		sig = b.sig
	}
	w.WriteString("\n    def forward(" + sig + "):\n")
	for _, l := range b.body {
		if l == "" {
			w.WriteString("\n")
			continue
		}
		w.WriteString("        " + l + "\n")
	}
	w.WriteString("\n    self.forward = forward\n    return self\n")
}

// defaultInput picks an input for the model: the usual input of the
// first known block on the path to its first layer (a model assumed
// sequential hands its input to its first child), or one its first
// layer takes. (A wrapper of a BERT whose embeddings are elided takes
// BertModel's token ids, not an image.)
func (g *gen) defaultInput(root *Module) (shape, dtype, why string) {
	for m := root; ; m = m.Children[0] {
		if b := knownBlock(m); b != nil && b.inputFn != nil {
			if shape, dtype, why = b.inputFn(g.r, m); shape != "" {
				return shape, dtype, why
			}
		}
		if b := knownBlocks()[m.Class]; b != nil && b.input != "" {
			return b.input, "", "the usual input of " + m.Class
		}
		if len(m.Children) == 0 || knownBlock(m) != nil {
			// A known block's forward need not hand its input on.
			break
		}
	}
	l := firstLeaf(root)
	switch l.Class {
	case "Conv1d":
		if n, err := intArg(l, "in_channels", 0); err == nil {
			return fmt.Sprintf("(1, %d, 1024)", n), "", "a default length for a 1-d convolution"
		}
	case "Conv2d":
		if n, err := intArg(l, "in_channels", 0); err == nil {
			return fmt.Sprintf("(1, %d, 224, 224)", n), "", "the usual image-classifier size"
		}
	case "Conv3d":
		if n, err := intArg(l, "in_channels", 0); err == nil {
			return fmt.Sprintf("(1, %d, 16, 112, 112)", n), "", "a default video clip size"
		}
	case "Linear":
		if n, err := intArg(l, "in_features", 0); err == nil {
			return fmt.Sprintf("(1, %d)", n), "", "one sample of the first Linear's features"
		}
	case "Embedding":
		return "(1, 128)", "long", "128 token ids"
	case "GCNConv":
		if n, err := intArg(l, "in_channels", 0); err == nil {
			return fmt.Sprintf("(1, 1000, %d)", n), "", "the features of a graph of 1,000 nodes"
		}
	case "LSTM", "GRU", "RNN":
		if n, err := intArg(l, "input_size", 0); err == nil {
			if bf, _ := boolArg(l, "batch_first", false); bf {
				return fmt.Sprintf("(1, 128, %d)", n), "", "a sequence of 128 steps (batch first)"
			}
			return fmt.Sprintf("(128, 1, %d)", n), "", "a sequence of 128 steps"
		}
	case "ConvTranspose2d":
		if n, err := intArg(l, "in_channels", 0); err == nil {
			return fmt.Sprintf("(1, %d, 1, 1)", n), "", "a latent vector, as a generator takes it"
		}
	case "MultiheadAttention", "NonDynamicallyQuantizableLinear":
		if n, err := intArg(l, "in_features", 0); err == nil {
			return fmt.Sprintf("(1, 128, %d)", n), "", "128 tokens of the attention's width"
		}
	case "LayerNorm":
		if a, ok := l.Arg("normalized_shape", 0); ok {
			if xs, ok := a.Value.Ints(); ok && len(xs) == 1 {
				return fmt.Sprintf("(1, 128, %d)", xs[0]), "", "128 tokens of the first LayerNorm's width"
			}
		}
	}
	return "(1, 3, 224, 224)", "", "the usual image-classifier size"
}

// groupName is a child's printed key: "3-4" for a run-length group.
func groupName(c *Module) string {
	if c.RunLength > 1 {
		if start, err := strconv.Atoi(c.Name); err == nil {
			return fmt.Sprintf("%d-%d", start, start+c.RunLength-1)
		}
	}
	return c.Name
}
