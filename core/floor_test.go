package core

import (
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"floplab/core/presets"
)

// BenchmarkStarlarkFloorDenseNet201 is the part of a recompute no tracer
// can save: go.starlark.net parsing, compiling and running the
// DenseNet-201 preset with layers that do nothing (a layer returns its
// input, torch.cat its first tensor). BenchmarkAnalyzeDenseNet201 minus
// this is what the tracer and the counting cost. Measured in WebAssembly
// by scripts/report.sh; the "parse" and "compile" sub-benchmarks stop
// after those steps.
func BenchmarkStarlarkFloorDenseNet201(b *testing.B) {
	p, ok := presets.Lookup("densenet201")
	if !ok {
		b.Skip("no densenet201 preset")
	}
	src := presets.Script(p)
	predeclared := floorBuiltins()
	for _, stop := range []string{"parse", "compile", "run"} {
		b.Run(stop, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				opts := &syntax.FileOptions{While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true, Set: true}
				f, err := opts.Parse(p.File, src, 0)
				if err != nil {
					b.Fatal(err)
				}
				if stop == "parse" {
					continue
				}
				prog, err := starlark.FileProgram(f, predeclared.Has)
				if err != nil {
					b.Fatal(err)
				}
				if stop == "compile" {
					continue
				}
				th := &starlark.Thread{}
				globals, err := prog.Init(th, predeclared)
				if err != nil {
					b.Fatal(err)
				}
				out, err := starlark.Call(th, globals["model"], starlark.Tuple{starlark.MakeInt(1)}, nil)
				if err != nil || out != starlark.MakeInt(1) {
					b.Fatalf("%v %v", out, err)
				}
			}
		})
	}
}

// floorModule is a module that records its attributes and, when called,
// runs its forward or returns its input.
type floorModule struct {
	attrs map[string]starlark.Value
	order []starlark.Value // a Sequential's children
}

func newFloorModule() *floorModule { return &floorModule{attrs: map[string]starlark.Value{}} }

func (m *floorModule) String() string        { return "module" }
func (m *floorModule) Type() string          { return "Module" }
func (m *floorModule) Freeze()               {}
func (m *floorModule) Truth() starlark.Bool  { return true }
func (m *floorModule) Hash() (uint32, error) { return 0, nil }
func (m *floorModule) Name() string          { return "module" }
func (m *floorModule) AttrNames() []string   { return nil }

func (m *floorModule) Attr(name string) (starlark.Value, error) {
	if v, ok := m.attrs[name]; ok {
		return v, nil
	}
	if name == "add_module" {
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			m.attrs[string(args[0].(starlark.String))] = args[1]
			m.order = append(m.order, args[1])
			return starlark.None, nil
		}), nil
	}
	return nil, nil
}

func (m *floorModule) SetField(name string, v starlark.Value) error {
	m.attrs[name] = v
	return nil
}

func (m *floorModule) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if f, ok := m.attrs["forward"]; ok {
		return starlark.Call(th, f, args, kwargs)
	}
	x := args[0]
	for _, c := range m.order {
		var err error
		if x, err = starlark.Call(th, c, starlark.Tuple{x}, nil); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// floorLayer is every layer: one value that returns its input.
type floorLayer struct{}

func (floorLayer) String() string        { return "layer" }
func (floorLayer) Type() string          { return "Module" }
func (floorLayer) Freeze()               {}
func (floorLayer) Truth() starlark.Bool  { return true }
func (floorLayer) Hash() (uint32, error) { return 0, nil }
func (floorLayer) Name() string          { return "layer" }

func (floorLayer) CallInternal(_ *starlark.Thread, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	return args[0], nil
}

// floorBuiltins are the names the DenseNet preset uses, doing nothing.
func floorBuiltins() starlark.StringDict {
	module := func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return newFloorModule(), nil
	}
	layer := func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return floorLayer{}, nil
	}
	first := func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		if l, ok := args[0].(*starlark.List); ok {
			return l.Index(0), nil
		}
		return args[0], nil
	}
	sequential := func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		m := newFloorModule()
		d := args[0].(*starlark.Dict)
		for _, k := range d.Keys() {
			v, _, _ := d.Get(k)
			m.attrs[string(k.(starlark.String))] = v
			m.order = append(m.order, v)
		}
		return m, nil
	}
	fns := func(name string, names ...string) *starlarkstruct.Struct {
		d := starlark.StringDict{}
		for _, n := range names {
			d[n] = starlark.NewBuiltin(n, first)
		}
		return starlarkstruct.FromStringDict(starlark.String(name), d)
	}
	d := starlark.StringDict{
		"Sequential": starlark.NewBuiltin("Sequential", sequential),
		"F":          fns("F", "relu", "adaptive_avg_pool2d", "dropout"),
		"torch":      fns("torch", "cat", "flatten"),
	}
	d["Module"] = starlark.NewBuiltin("Module", module)
	for _, n := range []string{"BatchNorm2d", "ReLU", "Conv2d", "AvgPool2d", "MaxPool2d", "Linear"} {
		d[n] = starlark.NewBuiltin(n, layer)
	}
	return d
}
