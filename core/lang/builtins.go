package lang

import (
	"fmt"
	"sort"
	"sync"

	"floplab/core/graph"

	"go.starlark.net/lib/math"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

type builtinFn = func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// builtins are the names every script starts with.
var builtins = starlark.StringDict{}

// fnTable holds functional calls by their full name ("F.relu").
var fnTable = map[string]builtinFn{}

var builtinsOnce sync.Once

// initBuiltins fills builtins once every layer file's init has run.
func initBuiltins() {
	for name, b := range guards {
		builtins[name] = b
	}
	nn := starlark.StringDict{}
	for name, spec := range layerSpecs {
		b := spec.builtin()
		builtins[name] = b
		nn[name] = b
	}
	containers := map[string]builtinFn{
		"Sequential": newSequential,
		"ModuleList": newModuleList,
		"ModuleDict": newModuleDict,
		"Module":     newCustom,
		"Parameter":  newParameter,
	}
	for name, fn := range containers {
		b := starlark.NewBuiltin(name, fn)
		builtins[name] = b
		nn[name] = b
	}
	defineFunctions()
	fmod := starlark.StringDict{}
	torch := starlark.StringDict{}
	for name, fn := range fnTable {
		b := starlark.NewBuiltin(name, fn)
		switch {
		case len(name) > 2 && name[:2] == "F.":
			fmod[name[2:]] = b
		case len(name) > 6 && name[:6] == "torch.":
			torch[name[6:]] = b
		}
	}
	rnn := starlark.StringDict{}
	for _, n := range []string{"pack_padded_sequence", "pad_packed_sequence"} {
		b := starlark.NewBuiltin(n, fnTable["nn.utils.rnn."+n])
		rnn[n] = b
		builtins[n] = b // from torch.nn.utils.rnn import ...
	}
	nn["utils"] = starlarkstruct.FromStringDict(starlark.String("utils"), starlark.StringDict{
		"rnn": starlarkstruct.FromStringDict(starlark.String("rnn"), rnn),
	})
	fstruct := starlarkstruct.FromStringDict(starlark.String("F"), fmod)
	nn["functional"] = fstruct
	nn["init"] = starlarkstruct.FromStringDict(starlark.String("init"), starlark.StringDict{})
	nnStruct := starlarkstruct.FromStringDict(starlark.String("nn"), nn)
	torch["nn"] = nnStruct
	torch["float32"] = starlark.String("float")
	torch["float"] = starlark.String("float")
	torch["long"] = starlark.String("long")
	torch["bool"] = starlark.String("long")
	torch["float16"] = starlark.String("float")
	torch["bfloat16"] = starlark.String("float")
	torch["int64"] = starlark.String("long")
	builtins["nn"] = nnStruct
	builtins["F"] = fstruct
	builtins["torch"] = starlarkstruct.FromStringDict(starlark.String("torch"), torch)
	builtins["math"] = math.Module
	builtins["OrderedDict"] = starlark.NewBuiltin("OrderedDict", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		d := starlark.NewDict(len(kwargs))
		if len(args) == 1 {
			it, ok := args[0].(starlark.Iterable)
			if !ok {
				return nil, fmt.Errorf("OrderedDict takes a list of (name, module) pairs")
			}
			iter := it.Iterate()
			defer iter.Done()
			var v starlark.Value
			for iter.Next(&v) {
				pair, ok := v.(starlark.Indexable)
				if !ok || pair.Len() != 2 {
					return nil, fmt.Errorf("OrderedDict takes a list of (name, module) pairs")
				}
				d.SetKey(pair.Index(0), pair.Index(1))
			}
		}
		for _, kv := range kwargs {
			d.SetKey(kv[0], kv[1])
		}
		return d, nil
	})
}

// BuiltinNames lists the predeclared names, for documentation and editors.
func BuiltinNames() []string {
	builtinsOnce.Do(initBuiltins)
	var ns []string
	for n := range builtins {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

func newSequential(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	tr := tracerOf(th)
	m := tr.newModule("Sequential", kindSequential)
	if len(args) == 1 {
		if d, ok := args[0].(*starlark.Dict); ok {
			for _, item := range d.Items() {
				name, ok := starlark.AsString(item[0])
				c, ok2 := item[1].(*Module)
				if !ok || !ok2 {
					return nil, tr.errorf("", "write Sequential({\"conv\": Conv2d(...), ...})", "Sequential's dict must map names to modules")
				}
				m.addChild(name, c)
			}
			return m, nil
		}
	}
	for i, a := range args {
		c, ok := a.(*Module)
		if !ok {
			return nil, tr.errorf("", "Sequential takes modules, e.g. Sequential(Conv2d(3, 8, 3), ReLU()); to unpack a list use Sequential(*layers)", "Sequential argument %d is a %s, not a module", i, a.Type())
		}
		m.addChild(fmt.Sprint(i), c)
	}
	return m, nil
}

func listModules(tr *tracer, class string, args starlark.Tuple) (*Module, error) {
	kind := kindList
	m := tr.newModule(class, kind)
	if len(args) == 0 || args[0] == starlark.None {
		return m, nil
	}
	it, ok := args[0].(starlark.Iterable)
	if !ok {
		return nil, tr.errorf("", "", "%s takes a list of modules", class)
	}
	iter := it.Iterate()
	defer iter.Done()
	var v starlark.Value
	for iter.Next(&v) {
		c, ok := v.(*Module)
		if !ok {
			return nil, tr.errorf("", "", "%s holds modules, got a %s", class, v.Type())
		}
		m.appendChild(c)
	}
	return m, nil
}

func newModuleList(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return listModules(tracerOf(th), "ModuleList", args)
}

func newModuleDict(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	tr := tracerOf(th)
	m := tr.newModule("ModuleDict", kindDict)
	if len(args) == 1 {
		d, ok := args[0].(*starlark.Dict)
		if !ok {
			return nil, tr.errorf("", "", "ModuleDict takes a dict of modules")
		}
		for _, item := range d.Items() {
			name, _ := starlark.AsString(item[0])
			c, ok := item[1].(*Module)
			if !ok {
				return nil, tr.errorf("", "", "ModuleDict holds modules, got a %s", item[1].Type())
			}
			m.addChild(name, c)
		}
	}
	return m, nil
}

// containerClasses are the containers a script module can subclass
// (Module("Conv2dNormActivation", base="Sequential")): without a forward
// of its own it calls its children in order (Sequential) or is not
// callable; its children are indexed as the container's.
var containerClasses = map[string]bool{"Sequential": true, "ModuleList": true, "ModuleDict": true}

// newCustom is Module("ClassName", forward=..., child=...).
func newCustom(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	tr := tracerOf(th)
	class := "Module"
	if len(args) > 1 {
		return nil, tr.errorf("", "write Module(\"Name\") and set children as attributes", "Module takes one positional argument, the class name")
	}
	if len(args) == 1 {
		s, ok := starlark.AsString(args[0])
		if !ok {
			return nil, tr.errorf("", "write Module(\"BasicBlock\")", "Module's first argument is the class name, a string")
		}
		class = s
	}
	m := tr.newModule(class, kindCustom)
	for _, kv := range kwargs {
		if string(kv[0].(starlark.String)) == "base" {
			b, ok := starlark.AsString(kv[1])
			if _, known := layerSpecs[b]; !ok || !known && !containerClasses[b] {
				return nil, tr.errorf("", "base names a library layer class or a container, e.g. base=\"LayerNorm\" or base=\"Sequential\"", "Module(%q, base=%s): not a library layer or container", class, kv[1])
			}
			m.ownTree().base = b
			continue
		}
		if err := m.SetField(string(kv[0].(starlark.String)), kv[1]); err != nil {
			return nil, tr.errorf("", "", "%v", errArg(err))
		}
	}
	return m, nil
}

// newParameter is Parameter(1, 1, 768) or Parameter((1, 1, 768)) or
// Parameter(tensor); requires_grad=False makes it frozen.
func newParameter(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	tr := tracerOf(th)
	trainable := true
	for _, kv := range kwargs {
		if string(kv[0].(starlark.String)) == "requires_grad" {
			trainable = bool(kv[1].Truth())
		} else {
			return nil, tr.errorf("", "", "Parameter got an unexpected keyword argument %s", kv[0])
		}
	}
	var shape graph.Shape
	if len(args) == 1 {
		if t, ok := args[0].(*Tensor); ok {
			shape = t.shape
		}
	}
	if shape == nil {
		sizes, err := shapeArgs(args)
		if err != nil {
			return nil, tr.errorf("", "write Parameter(1, 1, 768)", "Parameter: %v", errArg(err))
		}
		shape = sizes
	}
	if err := tr.checkShape(shape, "parameter"); err != nil {
		return nil, err
	}
	return &Tensor{shape: shape, dtype: "float", producer: -2, tr: tr, param: Param{Trainable: trainable, is: true}}, nil
}
