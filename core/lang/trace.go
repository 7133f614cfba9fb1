package lang

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/inputs"
	"floplab/core/msg"
	"floplab/core/units"

	"go.starlark.net/resolve"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Options control one run of a model script.
type Options struct {
	// Filename is used in error positions; default "model.star".
	Filename string
	// Inputs overrides the script's input_shape/input_shapes. Short forms
	// (C×H×W, H×W, a size, a sequence length) are read against the
	// declared input (inputs.Fit) and said in Result.InputNotes.
	Inputs []graph.Shape
	// Batch, when positive, replaces the first dimension of every input
	// (declared or given), after the short forms are read.
	Batch int64
	// InputDType overrides the script's input_dtype ("float" or "long").
	InputDType string
	// Limits bound the run; the zero value means DefaultLimits.
	Limits Limits
	// Build only builds the model: Result.Graph.Modules and their
	// parameters, without input and without tracing it.
	Build bool
	// Mode is the mode the model runs in: "train" or "eval" put the
	// whole model in it before the forward, as model.train() and
	// model.eval() do; "" runs it as the script left it, in eval mode
	// when the script never called train() or eval().
	Mode string
}

// Result is a traced model. Graph.Modules is filled as soon as the script
// built its model, so parameters are known even when tracing fails.
type Result struct {
	Graph *graph.Graph
	// DeclaredInputs are the input shapes the script itself declares.
	DeclaredInputs []graph.Shape
	// Traced is false when the model was built but not run.
	Traced bool
	// InputNotes say how short input forms in Options.Inputs were read.
	InputNotes []msg.Text

	// steps is the number of Starlark steps the run took (for tests that
	// keep DefaultLimits.Steps above what real networks need).
	steps uint64
}

type tracer struct {
	g      *graph.Graph
	thread *starlark.Thread
	lim    Limits
	file   string
	src    string            // the script, for error positions (unclosedBracket)
	atPos  map[[2]int32]bool // positions of '@' rewritten to '%'
	// training is the mode new modules start in: train while the script
	// builds the model, as in PyTorch, then the model's mode while its
	// forward runs. modeSet records that the script called train() or
	// eval() (see Options.Mode).
	training, modeSet bool
	scope             []*Module // module calls in progress
	// fnIndex and fnCounts number function-call names per scope (see
	// counted).
	fnIndex  map[string]int
	fnCounts []int
	created  int     // modules created
	callee   *Module // the library layer being called, if any
	// lastPos and lastPosText cache the last node position's text;
	// posTexts remembers the text of every position in the script
	// (tr.file) by line and column (a loop's calls share a few lines).
	lastPos     diag.Pos
	lastPosText string
	posTexts    map[[2]int32]string
	// dots caches dotsOf by module index.
	dots []int32
	// lastInputs is the last long input list, which the next may extend
	// (see inputList).
	lastInputs []graph.Tensor
	// fwdFree holds forward records for reuse (see newFwd).
	fwdFree []*fwd
	err     error // first error raised where Starlark cannot return one
	// rules are the script's count_rule calls (count_rule.go).
	rules []countRule
	// strs interns strings built during the run (see intern).
	strs map[string]string
	// arena is the one allocator of the run's objects (alloc.go).
	arena
}

const tracerKey = "floplab.tracer"

func tracerOf(th *starlark.Thread) *tracer {
	t, _ := th.Local(tracerKey).(*tracer)
	return t
}

// Run executes a model script, builds its model and traces it at its input.
func Run(src string, opt Options) (*Result, error) {
	builtinsOnce.Do(initBuiltins)
	lim := opt.Limits
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	file := opt.Filename
	if file == "" {
		file = "model.star"
	}
	if opt.Mode != "" && opt.Mode != "train" && opt.Mode != "eval" {
		return nil, diag.New(diag.Pos{File: file}, msg.F("unknown mode %q", opt.Mode), msg.F("the mode is train or eval")).WithKind(diag.ErrUnknownName)
	}
	if len(src) > lim.ScriptBytes {
		return nil, diag.New(diag.Pos{File: file, Line: 1, Col: 1},
			msg.F("the script is %d bytes, more than the limit of %d", len(src), lim.ScriptBytes),
			msg.F("a model script is usually a few kilobytes; paste only the model")).WithKind(diag.ErrLimit)
	}
	tr := &tracer{
		g:        &graph.Graph{},
		lim:      lim,
		file:     file,
		fnIndex:  map[string]int{},
		training: true,
	}
	prog, f, tops, err := tr.compile(src)
	if err != nil {
		return nil, err
	}
	th := &starlark.Thread{Name: "model"}
	th.SetLocal(tracerKey, tr)
	th.SetMaxExecutionSteps(lim.Steps)
	th.Print = func(*starlark.Thread, string) {}
	tr.thread = th
	globals, err := prog.Init(th, builtins)
	if err != nil {
		return nil, convertError(tr, err)
	}
	if tr.err != nil {
		return nil, tr.err
	}

	root, err := tr.rootModule(globals, tops, f)
	if err != nil {
		return nil, err
	}
	res := &Result{Graph: tr.g}
	tr.register(root)
	tr.g.Name = root.class
	switch {
	case opt.Mode == "train":
		root.setTraining(true)
	case opt.Mode == "eval" || opt.Mode == "" && !tr.modeSet:
		root.setTraining(false)
	}
	tr.g.Mode = "eval"
	if root.training {
		tr.g.Mode = "train"
	}
	// Modules made while the forward runs start in the model's mode.
	tr.training = root.training
	if opt.Build {
		return res, nil
	}

	declared, dtype, err := tr.declaredInputs(globals)
	if err != nil {
		return res, err
	}
	res.DeclaredInputs = declared
	if opt.InputDType != "" {
		dtype = opt.InputDType
	}
	ins := declared
	if len(opt.Inputs) > 0 {
		// The short forms people write (3x224x224, 224, a sequence
		// length) are read against the declared input, and said so.
		fitted, notes, err := inputs.Fit(int64s(opt.Inputs), int64s(declared), dtype)
		if err != nil {
			return res, err
		}
		ins, res.InputNotes = nil, notes
		for _, s := range fitted {
			ins = append(ins, graph.Shape(s))
		}
	}
	if opt.Batch > 0 {
		ins = slices.Clone(ins)
		for i, s := range ins {
			if len(s) > 0 {
				ins[i] = append(graph.Shape{opt.Batch}, s[1:]...)
			}
		}
	}
	if len(ins) == 0 {
		return res, diag.New(diag.Pos{File: file, Line: 1, Col: 1},
			msg.F("the script declares no input shape"),
			msg.F("add a line such as input_shape = (1, 3, 224, 224), or set the input outside the script"))
	}
	var args starlark.Tuple
	for i, s := range ins {
		if err := tr.checkShape(s, "input"); err != nil {
			if de, ok := err.(*diag.Error); ok && de.Pos.Line == 0 {
				// Point at the declaration (or 1:1 for inputs set outside).
				de.Pos = diag.Pos{File: file, Line: 1, Col: 1}
				if len(opt.Inputs) == 0 {
					name := "input_shape"
					if _, ok := globals[name]; !ok {
						name = "input_shapes"
					}
					de.Pos = tr.globalPos(f, name)
				}
			}
			return res, err
		}
		t := &Tensor{shape: append(graph.Shape(nil), s...), dtype: dtype, producer: -1, input: int32(i), tr: tr}
		tr.g.Inputs = append(tr.g.Inputs, t.graphTensor())
		args = append(args, t)
	}
	out, err := starlark.Call(th, root, args, nil)
	if err != nil {
		return res, convertError(tr, err)
	}
	if tr.err != nil {
		return res, tr.err
	}
	for _, t := range flattenTensors(out) {
		tr.g.Outputs = append(tr.g.Outputs, t.graphTensor())
	}
	if err := tr.applyCountRules(root); err != nil {
		return res, err
	}
	res.Traced = true
	res.steps = th.ExecutionSteps()
	return res, nil
}

// compile reads a script: operators Starlark lacks rewritten ('@',
// '**'), parsed, the allocations of its operators guarded (guard.go).
// tops are its top-level expression statements (markTopLevel).
func (tr *tracer) compile(src string) (prog *starlark.Program, f *syntax.File, tops []string, err error) {
	tr.src = src
	rewritten, marks := rewriteOps(src)
	tr.atPos = marks.at
	opts := &syntax.FileOptions{While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true, Set: true}
	if f, err = opts.Parse(tr.file, rewritten, 0); err != nil {
		return nil, nil, nil, convertError(tr, err)
	}
	tops = markTopLevel(f)
	guardOps(f, marks)
	if prog, err = starlark.FileProgram(f, func(name string) bool { _, ok := builtins[name]; return ok }); err != nil {
		return nil, nil, nil, convertError(tr, err)
	}
	return prog, f, tops, nil
}

// int64s converts shapes for package inputs.
func int64s(ss []graph.Shape) [][]int64 {
	out := make([][]int64, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// rootModule finds the model: the global "model", or a Sequential of the
// modules written as top-level expression statements.
func (tr *tracer) rootModule(globals starlark.StringDict, tops []string, f *syntax.File) (*Module, error) {
	if v, ok := globals["model"]; ok {
		m, ok := v.(*Module)
		if !ok {
			return nil, diag.New(tr.globalPos(f, "model"),
				msg.F("model is a %s, not a module", v.Type()),
				msg.F("assign a module to model, e.g. model = Sequential(Conv2d(3, 8, 3), ReLU())"))
		}
		return m, nil
	}
	var mods []*Module
	for _, name := range tops {
		if m, ok := globals[name].(*Module); ok {
			mods = append(mods, m)
		}
	}
	if len(mods) == 0 {
		return nil, diag.New(diag.Pos{File: tr.file, Line: 1, Col: 1},
			msg.F("the script defines no model"),
			msg.F("write layers one per line (Conv2d(3, 64, 3) then ReLU() ...), or assign model = ..."))
	}
	seq := tr.newModule("Sequential", kindSequential)
	for i, m := range mods {
		seq.addChild(fmt.Sprint(i), m)
	}
	return seq, nil
}

func (tr *tracer) globalPos(f *syntax.File, name string) diag.Pos {
	for _, st := range f.Stmts {
		if a, ok := st.(*syntax.AssignStmt); ok {
			if id, ok := a.LHS.(*syntax.Ident); ok && id.Name == name {
				return tr.diagPos(id.NamePos)
			}
		}
	}
	return diag.Pos{File: tr.file, Line: 1, Col: 1}
}

func (tr *tracer) declaredInputs(globals starlark.StringDict) ([]graph.Shape, string, error) {
	dtype := "float"
	if v, ok := globals["input_dtype"]; ok {
		s, ok := starlark.AsString(v)
		if !ok || (s != "float" && s != "long") {
			return nil, "", diag.New(diag.Pos{File: tr.file, Line: 1}, msg.F("input_dtype is %s", v), msg.F(`use input_dtype = "long" for token ids or "float"`))
		}
		dtype = s
	}
	if v, ok := globals["input_shape"]; ok {
		s, err := shapeFromValue(v)
		if err != nil {
			return nil, "", diag.New(diag.Pos{File: tr.file, Line: 1}, msg.F("input_shape: %s", errArg(err)), msg.F("write input_shape = (1, 3, 224, 224)"))
		}
		return []graph.Shape{s}, dtype, nil
	}
	if v, ok := globals["input_shapes"]; ok {
		it, ok := v.(starlark.Indexable)
		if !ok {
			return nil, "", diag.New(diag.Pos{File: tr.file, Line: 1}, msg.F("input_shapes must be a list of shapes"), msg.F("write input_shapes = [(1, 128), (1, 128)]"))
		}
		var out []graph.Shape
		for i := 0; i < it.Len(); i++ {
			s, err := shapeFromValue(it.Index(i))
			if err != nil {
				return nil, "", diag.New(diag.Pos{File: tr.file, Line: 1}, msg.F("input_shapes[%d]: %v", i, errArg(err)), msg.F("write input_shapes = [(1, 128), (1, 128)]"))
			}
			out = append(out, s)
		}
		return out, dtype, nil
	}
	return nil, dtype, nil
}

func shapeFromValue(v starlark.Value) (graph.Shape, error) {
	it, ok := v.(starlark.Indexable)
	if !ok {
		if n, err := starlark.AsInt32(v); err == nil {
			return graph.Shape{int64(n)}, nil
		}
		return nil, lerr("", "want a tuple of ints, got %s", v.Type())
	}
	var s graph.Shape
	for i := 0; i < it.Len(); i++ {
		var n int64
		if err := starlark.AsInt(it.Index(i), &n); err != nil {
			return nil, lerr("", "dimension %d is %s, not an int", i, it.Index(i).Type())
		}
		if n <= 0 {
			return nil, lerr("", "dimension %d is %d; sizes must be positive", i, n)
		}
		s = append(s, n)
	}
	return s, nil
}

// intern returns string(b), the same string for the same bytes within a
// run (many layers print alike: "inplace=True").
func (tr *tracer) intern(b []byte) string {
	if s, ok := tr.strs[string(b)]; ok {
		return s
	}
	s := tr.names.bytes(b)
	if tr.strs == nil {
		tr.strs = map[string]string{}
	}
	tr.strs[s] = s
	return s
}

// checkShape enforces the element limit.
func (tr *tracer) checkShape(s graph.Shape, what string) error {
	return tr.checkNamedShape(s, what, "")
}

// checkNamedShape enforces the element limit on the tensor "what name"
// ("parameter weight"), naming it only in the error.
func (tr *tracer) checkNamedShape(s graph.Shape, what, name string) error {
	var a units.Acc
	n := a.Size(s...)
	if a.Err != nil || n > tr.lim.Elements {
		// what is "input", "output", "parameter" or "tensor", a text.
		var w any = msg.F(what)
		if name != "" {
			w = msg.Cat(w, " ", name)
		}
		return tr.errorf("", "tensors this large cannot exist on any device; check the shape",
			"the %s of shape %s has more than %d elements", w, shapeString(s), tr.lim.Elements).WithKind(diag.ErrLimit)
	}
	return nil
}

// pos is the position of the innermost Starlark code being executed.
func (tr *tracer) pos() diag.Pos {
	th := tr.thread
	for d := 0; d < th.CallStackDepth(); d++ {
		fr := th.CallFrame(d)
		if fr.Pos.IsValid() && fr.Pos.Filename() != "<builtin>" {
			return tr.diagPos(fr.Pos)
		}
	}
	if tr.callee != nil && tr.callee.line > 0 {
		// A layer of the implicit Sequential, called from Go: the line
		// where the script wrote it.
		return tr.callee.scriptPos()
	}
	return diag.Pos{File: tr.file}
}

func (tr *tracer) diagPos(p syntax.Position) diag.Pos {
	return diag.Pos{File: tr.file, Line: int(p.Line), Col: int(p.Col)}
}

// atMatmul reports whether the operator being executed is a rewritten '@'.
func (tr *tracer) atMatmul() bool {
	th := tr.thread
	for d := 0; d < th.CallStackDepth(); d++ {
		fr := th.CallFrame(d)
		if fr.Pos.IsValid() {
			return tr.atPos[[2]int32{fr.Pos.Line, fr.Pos.Col}]
		}
	}
	return false
}

// errorf makes a positioned error about the current call. The hint is a
// literal; the message and the hint render in any language (package msg).
// An error among args (Starlark's argument unpacking, a layer's error)
// renders through errArg, so it too can be in Chinese.
func (tr *tracer) errorf(layer, hint, format string, args ...any) *diag.Error {
	for i, a := range args {
		if err, ok := a.(error); ok {
			args[i] = errArg(err)
		}
	}
	return tr.errorText(layer, msg.F(hint), msg.F(format, args...))
}

// errorText is errorf with the texts made already.
func (tr *tracer) errorText(layer string, hint, text msg.Text) *diag.Error {
	return &diag.Error{Pos: tr.pos(), Msg: text, Hint: hint, Layer: layer}
}

// defer_ keeps an error raised where Starlark cannot return one (x[i]).
func (tr *tracer) defer_(err error) {
	if tr.err == nil {
		tr.err = err
		tr.thread.Cancel(err.Error())
	}
}

// scopeModule is the module whose forward is running, or nil at top level.
func (tr *tracer) scopeModule() *Module {
	if len(tr.scope) == 0 {
		return nil
	}
	return tr.scope[len(tr.scope)-1]
}

// addNode records a call. It fills ID, Parent, Depth and Pos.
func (tr *tracer) addNode(n *graph.Node) error {
	if tr.err != nil {
		return tr.err
	}
	if len(tr.g.Nodes) >= tr.lim.Nodes {
		return tr.errorf("", "a real network has at most tens of thousands of layers; look for a loop that runs too often",
			"the model makes more than %d calls", tr.lim.Nodes).WithKind(diag.ErrLimit)
	}
	n.ID = len(tr.g.Nodes)
	n.Parent = -1
	n.Depth = 0
	if m := tr.scopeModule(); m != nil {
		n.Parent = m.id
		if m.path != "" {
			n.Depth = tr.dotsOf(m.id) + 1
		}
	}
	if n.Call == graph.CallModule && n.Module >= 0 {
		n.Depth = tr.dotsOf(n.Module)
	}
	n.Pos = tr.posString(tr.pos())
	tr.g.Nodes = append(tr.g.Nodes, n)
	return nil
}

// dotsOf is the number of dots in the path of module id (its nesting
// depth), remembered for the module's later calls.
func (tr *tracer) dotsOf(id int) int {
	for len(tr.dots) < len(tr.g.Modules) {
		tr.dots = append(tr.dots, -1)
	}
	if d := tr.dots[id]; d >= 0 {
		return int(d)
	}
	d := strings.Count(tr.g.Modules[id].Path, ".")
	tr.dots[id] = int32(d)
	return d
}

// posString is p.String(), remembering the last one: calls made from one
// line of a loop or a forward share it.
func (tr *tracer) posString(p diag.Pos) string {
	if p == tr.lastPos && tr.lastPosText != "" {
		return tr.lastPosText
	}
	key := [2]int32{int32(p.Line), int32(p.Col)}
	inScript := p.File == tr.file
	if s, ok := tr.posTexts[key]; ok && inScript {
		tr.lastPos, tr.lastPosText = p, s
		return s
	}
	file := p.File
	if file == "" {
		file = "model"
	}
	var s string
	switch {
	case p.Line == 0:
		s = file
	case p.Col == 0:
		var buf [96]byte
		s = text(buf[:0]).s(file).s(":").d(int64(p.Line)).String()
	default:
		var buf [96]byte
		s = text(buf[:0]).s(file).s(":").d(int64(p.Line)).s(":").d(int64(p.Col)).String()
	}
	tr.lastPos, tr.lastPosText = p, s
	if inScript {
		if tr.posTexts == nil {
			tr.posTexts = map[[2]int32]string{}
		}
		tr.posTexts[key] = s
	}
	return s
}

// functionName names a function call by its scope and op, numbered.
func (tr *tracer) functionName(op string) string {
	scope := ""
	if m := tr.scopeModule(); m != nil {
		scope = m.path
	}
	short := op
	if i := strings.LastIndexByte(op, '.'); i >= 0 {
		short = op[i+1:]
	}
	var buf [128]byte
	key := append(append(append(buf[:0], scope...), ':'), short...)
	if k := tr.counted(key); k > 0 {
		key = strconv.AppendInt(append(key, '_'), int64(k), 10)
	}
	if scope == "" {
		key = key[1:]
	}
	return tr.names.bytes(key)
}

// counted counts key and returns how many times it was counted before.
func (tr *tracer) counted(key []byte) int {
	if i, ok := tr.fnIndex[string(key)]; ok {
		tr.fnCounts[i]++
		return tr.fnCounts[i] - 1
	}
	tr.fnIndex[tr.names.bytes(key)] = len(tr.fnCounts)
	tr.fnCounts = append(tr.fnCounts, 1)
	return 0
}

// convertError turns Starlark errors into positioned diag errors.
func convertError(tr *tracer, err error) error {
	if tr.err != nil {
		return tr.err
	}
	var de *diag.Error
	if diag.ErrorsAs(err, &de) {
		return de
	}
	var dl diag.List
	if diag.ErrorsAs(err, &dl) {
		return dl
	}
	switch e := err.(type) {
	case syntax.Error:
		if open, ok := unclosedBracket(tr.src, int(e.Pos.Line)); ok {
			return open.error(tr, e.Msg)
		}
		return withHint(&diag.Error{Pos: tr.diagPos(e.Pos), Msg: starlarkText(e.Msg)}, syntaxHint(e.Msg))
	case resolve.ErrorList:
		var l diag.List
		for _, r := range e {
			m := r.Msg
			if name, ok := strings.CutPrefix(m, "undefined: "); ok && !strings.Contains(name, " ") {
				// Starlark suggests only among the script's own names.
				if near := nearestBuiltin(name); near != "" {
					m = "undefined: " + name + " (did you mean " + near + "?)"
				}
			}
			l = append(l, withHint(&diag.Error{Pos: tr.diagPos(r.Pos), Msg: starlarkText(m)}, resolveHint(m)))
		}
		return l
	case *starlark.EvalError:
		pos := diag.Pos{File: tr.file}
		for i := len(e.CallStack) - 1; i >= 0; i-- {
			fr := e.CallStack[i]
			if fr.Pos.IsValid() && fr.Pos.Filename() != "<builtin>" {
				pos = tr.diagPos(fr.Pos)
				break
			}
		}
		msg := e.Msg
		if u := errors.Unwrap(e); u != nil {
			msg = u.Error()
		}
		// fail("...") is the script's own message: without Starlark's prefix.
		msg = strings.TrimPrefix(msg, "fail: ")
		de := withHint(&diag.Error{Pos: pos, Msg: starlarkText(msg)}, evalHint(msg))
		if strings.Contains(msg, "too many steps") {
			de.Kind = diag.ErrLimit
		}
		return de
	}
	return &diag.Error{Pos: diag.Pos{File: tr.file}, Msg: msg.Lit(err.Error())}
}

// withHint gives e a literal hint, also to render in Chinese.
func withHint(e *diag.Error, hint string) *diag.Error {
	e.Hint = msg.F(hint)
	return e
}

func syntaxHint(msg string) string {
	switch {
	case strings.Contains(msg, "got '%'"), strings.Contains(msg, "got %"):
		return "decorators and the '@' operator at the start of a line are not supported"
	case strings.Contains(msg, "class"):
		return "model scripts have no classes: write a function that returns Module(\"Name\") (see the language guide)"
	case strings.Contains(msg, "import"):
		return "model scripts need no imports: nn, F, torch and every layer are predeclared"
	case strings.Contains(msg, "indent"):
		return "indent blocks consistently (4 spaces), as in Python"
	}
	return "model scripts are Starlark, a Python dialect: check brackets, commas and colons"
}

func resolveHint(msg string) string {
	if strings.Contains(msg, "undefined:") {
		return "a layer or function of this name is not in the library; names follow PyTorch (Conv2d, BatchNorm2d, F.relu)"
	}
	return ""
}

func evalHint(msg string) string {
	switch {
	case strings.Contains(msg, "too many steps"):
		return "the script ran for too long; look for a loop that never ends"
	case strings.Contains(msg, "stack overflow"):
		return "a function calls itself without end; check the recursion's base case"
	case strings.Contains(msg, "unexpected keyword argument"), strings.Contains(msg, "missing argument"):
		return "arguments follow PyTorch's signatures"
	}
	return ""
}

// flattenTensors collects the tensors of a result (a tensor, or tuples and
// lists of them).
func flattenTensors(v starlark.Value) []*Tensor {
	switch x := v.(type) {
	case *Tensor:
		return []*Tensor{x}
	case starlark.Indexable:
		if _, ok := v.(starlark.String); ok {
			return nil
		}
		var out []*Tensor
		for i := 0; i < x.Len(); i++ {
			out = append(out, flattenTensors(x.Index(i))...)
		}
		return out
	case *starlark.Dict:
		var out []*Tensor
		for _, item := range x.Items() {
			out = append(out, flattenTensors(item[1])...)
		}
		return out
	}
	return nil
}

// rewriteOps replaces the operators Python has and Starlark lacks, each
// by one of Starlark's of the same length, and returns the positions of
// those it replaced: '@' (matrix product) by '%', of the same
// precedence, and a binary '**' (power) by '//', whose precedence and
// associativity guardOps then corrects (powTree). Strings and comments
// are left alone, and so is the '**' of f(**kwargs) and def f(**kw).
func rewriteOps(src string) (string, opMarks) {
	var marks opMarks
	if !strings.Contains(src, "@") && !strings.Contains(src, "**") {
		return src, marks
	}
	b := []byte(src)
	line, col := int32(1), int32(1)
	// last is the last significant byte before i, and when it ends a
	// name, word is where that name starts: a '**' after an operand is a
	// power, after '(', ',' or lambda a keyword-argument unpacking.
	var last byte
	word := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '#':
			for i < len(b) && b[i] != '\n' {
				i++
				col++
			}
			i--
			continue
		case c == '\'' || c == '"':
			q := string(c)
			if i+2 < len(b) && b[i+1] == c && b[i+2] == c {
				q = strings.Repeat(q, 3)
			}
			j := i + len(q)
			for j < len(b) && !strings.HasPrefix(string(b[j:min(j+len(q), len(b))]), q) {
				if b[j] == '\\' {
					j++
				} else if b[j] == '\n' && len(q) == 1 {
					break
				}
				j++
			}
			j += len(q)
			if j > len(b) {
				j = len(b)
			}
			for k := i; k < j; k++ {
				if b[k] == '\n' {
					line++
					col = 1
				} else {
					col++
				}
			}
			i = j - 1
			last = c
			continue
		case c == '@':
			b[i] = '%'
			marks.mark(&marks.at, line, col)
		case c == '*' && i+1 < len(b) && b[i+1] == '*' && endsOperand(last) &&
			!(isIdentByte(last) && strings.TrimSpace(string(b[word:i])) == "lambda"):
			b[i], b[i+1] = '/', '/'
			marks.mark(&marks.pow, line, col)
			i++
			col++
		case isIdentByte(c) && (i == 0 || !isIdentByte(b[i-1])):
			word = i
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\\' {
			last = b[i]
		}
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return string(b), marks
}

// opMarks are the positions (line, col) of the operators rewriteOps
// replaced.
type opMarks struct {
	at, pow map[[2]int32]bool
}

func (opMarks) mark(m *map[[2]int32]bool, line, col int32) {
	if *m == nil {
		*m = map[[2]int32]bool{}
	}
	(*m)[[2]int32{line, col}] = true
}

// endsOperand reports whether c can be the last byte of an operand: a
// name or number, a closing bracket, or a string's quote.
func endsOperand(c byte) bool {
	return isIdentByte(c) || c == ')' || c == ']' || c == '}' || c == '"' || c == '\'' || c == '.'
}

func isIdentByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

// markTopLevel turns each top-level expression statement "E" into
// "_top_N = E", so the values of layer lines can be collected; it returns
// the names in order.
func markTopLevel(f *syntax.File) []string {
	var names []string
	for i, st := range f.Stmts {
		es, ok := st.(*syntax.ExprStmt)
		if !ok {
			continue
		}
		if _, isCall := es.X.(*syntax.CallExpr); !isCall {
			continue
		}
		name := fmt.Sprintf("_top_%d", len(names))
		start, _ := es.X.Span()
		f.Stmts[i] = &syntax.AssignStmt{OpPos: start, Op: syntax.EQ, LHS: &syntax.Ident{NamePos: start, Name: name}, RHS: es.X}
		names = append(names, name)
	}
	return names
}
