package lang

// layers_build.go: building modules from single constructor calls,
// outside a model script, for importers that read a layer's arguments
// off text (a print(model) printout) and need to know what the layer
// holds: the one definition of each class's parameters is its builder
// here, not a second table.

import (
	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/msg"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Layers builds modules from constructor calls such as
// `Conv2d(3, 64, kernel_size=(7, 7), bias=False)`, as a model script's
// call builds them, with the library's layers and the functions a
// prelude defines. A Layers is not safe for concurrent use.
type Layers struct {
	tr  *tracer
	env starlark.StringDict
}

// NewLayers runs prelude (function definitions the calls may use, such
// as a class the library does not have written as a builder function)
// and returns a Layers that evaluates calls with them.
func NewLayers(prelude string) (*Layers, error) {
	builtinsOnce.Do(initBuiltins)
	tr := &tracer{g: &graph.Graph{}, lim: DefaultLimits, file: "prelude.star", fnIndex: map[string]int{}}
	th := &starlark.Thread{Name: "layers"}
	th.SetLocal(tracerKey, tr)
	th.Print = func(*starlark.Thread, string) {}
	tr.thread = th
	l := &Layers{tr: tr, env: builtins}
	if prelude != "" {
		prog, _, _, err := tr.compile(prelude)
		if err != nil {
			return nil, err
		}
		globals, err := prog.Init(th, builtins)
		if err != nil {
			return nil, convertError(tr, err)
		}
		env := make(starlark.StringDict, len(builtins)+len(globals))
		for k, v := range builtins {
			env[k] = v
		}
		for k, v := range globals {
			env[k] = v
		}
		l.env = env
	}
	return l, nil
}

// Params evaluates one constructor call and returns the parameters the
// module it builds holds, its children's included (trainable and frozen,
// not buffers; a tensor shared by two of them once), or the error the
// call would raise in a script: arguments that do not read as the
// class's signature, sizes that do not fit.
func (l *Layers) Params(call string) (int64, error) {
	tr := l.tr
	tr.err, tr.created = nil, 0
	th := tr.thread
	th.Uncancel()
	th.SetMaxExecutionSteps(th.ExecutionSteps() + 100_000)
	v, err := starlark.EvalOptions(&syntax.FileOptions{}, th, "call", call, l.env)
	if err != nil {
		return 0, convertError(tr, err)
	}
	if tr.err != nil {
		return 0, tr.err
	}
	m, ok := v.(*Module)
	if !ok {
		return 0, diag.New(diag.Pos{File: "call", Line: 1, Col: 1}, msg.F("%s builds a %s, not a module", call, v.Type()), msg.Text{})
	}
	var n int64
	seen := map[*Tensor]bool{}
	var walk func(m *Module)
	walk = func(m *Module) {
		for _, e := range m.params.list {
			if p := e.v; !p.param.Buffer && !seen[p] {
				seen[p] = true
				n += p.shape.Numel()
			}
		}
		for _, c := range m.tree().children.list {
			walk(c.v)
		}
	}
	walk(m)
	return n, nil
}
