package lang

// params_grad.go: a module's parameters as a script reads them
// (parameters(), named_parameters(), buffers(), named_buffers()) and a
// parameter's requires_grad flag, which freezes it as PyTorch's does:
//
//	for p in model.parameters():
//	    p.requires_grad = False
//	model.fc.weight.requires_grad_(False)
//
// The trainable count, the tools that report trainable parameters only
// (ptflops), torchinfo's trainable lines, the training memory and the
// backward pass read the flags when the model is registered, before its
// forward runs.

import (
	"floplab/core/msg"

	"go.starlark.net/starlark"
)

// paramMethods are the module methods that list parameters or buffers.
var paramMethods = map[string]bool{"parameters": true, "named_parameters": true, "buffers": true, "named_buffers": true}

func init() {
	tensorMethods["requires_grad_"] = func(th *starlark.Thread, t *Tensor, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		on := true
		if err := starlark.UnpackArgs("requires_grad_", args, kwargs, "requires_grad?", &on); err != nil {
			return nil, t.tr.errorf("", "p.requires_grad_(False) freezes a parameter", "%v", errArg(err))
		}
		if err := t.setRequiresGrad(on); err != nil {
			return nil, err
		}
		return t, nil
	}
}

// SetField implements p.requires_grad = False (and True) on a parameter.
func (t *Tensor) SetField(name string, v starlark.Value) error {
	if name != "requires_grad" {
		return t.tr.errorf("", "a tensor's only settable attribute is requires_grad (p.requires_grad = False freezes a parameter)",
			"cannot set %s of a tensor", name)
	}
	b, ok := v.(starlark.Bool)
	if !ok {
		return t.tr.errorf("", "write p.requires_grad = False or True", "requires_grad must be True or False, not %s", v.Type())
	}
	if !t.param.is {
		return t.tr.errorf("", "freeze a module's parameters: for p in model.parameters(): p.requires_grad = False",
			"requires_grad is set on parameters; this tensor is a %s", msg.F(t.kind()))
	}
	return t.setRequiresGrad(bool(b))
}

// kind says what a tensor that is not a parameter is, for messages.
func (t *Tensor) kind() string {
	if t.producer == -1 {
		return "model input"
	}
	return "computed tensor"
}

// setRequiresGrad marks a parameter trainable or frozen. A buffer never
// trains, so it stays as it is (PyTorch's buffers are not parameters and
// no count reads their flag). On any other tensor (an input or a layer's
// output) the flag changes nothing FlopLab counts: requires_grad_() is
// accepted, as on a model input in PyTorch, but an assignment is refused,
// since it reads as freezing something that is not a parameter.
func (t *Tensor) setRequiresGrad(on bool) error {
	if t.param.is && !t.param.Buffer {
		t.param.Trainable = on
	}
	return nil
}

// paramsMethod is parameters(), named_parameters(prefix="",
// recurse=True), buffers() and named_buffers(): each tensor once, in
// PyTorch's order (a module's own before its children's, depth first),
// a tied one under its first name.
func (m *Module) paramsMethod(name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	prefix, recurse := "", true
	named := name == "named_parameters" || name == "named_buffers"
	var err error
	if named {
		err = starlark.UnpackArgs(name, args, kwargs, "prefix?", &prefix, "recurse?", &recurse)
	} else {
		err = starlark.UnpackArgs(name, args, kwargs, "recurse?", &recurse)
	}
	if err != nil {
		return nil, err
	}
	buffers := name == "buffers" || name == "named_buffers"
	var out []starlark.Value
	seen := map[*Tensor]bool{}
	visited := map[*Module]bool{}
	var walk func(m *Module, path string)
	walk = func(m *Module, path string) {
		if visited[m] {
			return
		}
		visited[m] = true
		for _, e := range m.params.list {
			t := e.v
			if t == nil || t.param.Buffer != buffers || seen[t] {
				continue
			}
			seen[t] = true
			if !named {
				out = append(out, t)
				continue
			}
			full := e.name
			if path != "" {
				full = path + "." + e.name
			}
			out = append(out, starlark.Tuple{starlark.String(full), t})
		}
		if !recurse {
			return
		}
		for _, c := range m.tree().children.list {
			if c.v == nil {
				continue
			}
			p := c.name
			if path != "" {
				p = path + "." + c.name
			}
			walk(c.v, p)
		}
	}
	walk(m, prefix)
	return starlark.NewList(out), nil
}
