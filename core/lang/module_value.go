package lang

// module_value.go: Module as a Starlark value (printing, indexing,
// iteration, attributes, methods, assignment: nn.Module.__setattr__).

import (
	"fmt"
	"sort"
	"strconv"

	"floplab/core/graph"

	"go.starlark.net/starlark"
)

var (
	_ starlark.HasSetField = (*Module)(nil)
	_ starlark.Callable    = (*Module)(nil)
	_ starlark.Indexable   = (*Module)(nil)
	_ starlark.Iterable    = (*Module)(nil)
	_ starlark.Mapping     = (*Module)(nil)
	_ starlark.HasSetKey   = (*Module)(nil)
)

func (m *Module) String() string {
	if m.kind == kindLayer {
		if t := m.layer.text.String(); t != "" {
			return m.class + "(" + t + ")"
		}
	}
	return m.class + "()"
}
func (m *Module) Type() string          { return "Module" }
func (m *Module) Freeze()               {}
func (m *Module) Truth() starlark.Bool  { return starlark.True }
func (m *Module) Hash() (uint32, error) { return uint32(uintptr(len(m.class))), nil }
func (m *Module) Name() string          { return m.class }

// Len and Index make containers indexable: seq[0], blocks[-1].
func (m *Module) Len() int { return len(m.tree().children.list) }
func (m *Module) Index(i int) starlark.Value {
	if i < 0 || i >= len(m.tree().children.list) {
		return starlark.None
	}
	return m.tree().children.list[i].v
}

// container is how m holds its children: Sequential, ModuleList or
// ModuleDict, for a script module too when it subclasses one
// (Module("DenseBlock", base="ModuleDict")); kindLayer or kindCustom
// otherwise.
func (m *Module) container() moduleKind {
	if m.kind == kindCustom {
		switch m.tree().base {
		case "Sequential":
			return kindSequential
		case "ModuleList":
			return kindList
		case "ModuleDict":
			return kindDict
		}
	}
	return m.kind
}

// Get implements m[key] and key in m: a ModuleDict is indexed by name,
// Sequential and ModuleList by position (negative from the end), as in
// PyTorch; "in" asks a ModuleDict for a name and the others for a module.
func (m *Module) Get(k starlark.Value) (starlark.Value, bool, error) {
	list := m.tree().children.list
	dict := m.container() == kindDict
	switch key := k.(type) {
	case starlark.String:
		if dict {
			if c, ok := m.tree().children.get(string(key)); ok {
				return c, true, nil
			}
			return nil, false, m.keyError(string(key))
		}
	case starlark.Int:
		if !dict {
			i, ok := key.Int64()
			if ok && i < 0 {
				i += int64(len(list))
			}
			if !ok || i < 0 || i >= int64(len(list)) {
				return nil, false, m.tr.errorf(m.path, "positions run from 0 to len(...) - 1, or from -1 backwards",
					"%s index %s out of range: it has %d modules", m.class, key.String(), len(list))
			}
			return list[i].v, true, nil
		}
	case *Module:
		if !dict {
			for _, c := range list {
				if c.v == key {
					return c.v, true, nil
				}
			}
			return nil, false, nil
		}
	}
	if dict {
		return nil, false, m.tr.errorf(m.path, "write blocks[\"name\"]", "%s is indexed by name, a string, not a %s", m.class, k.Type())
	}
	return nil, false, m.tr.errorf(m.path, "write layers[0], or layers[-1] for the last", "%s is indexed by position, an int, not a %s", m.class, k.Type())
}

// keyError is the error of a name a ModuleDict does not hold.
func (m *Module) keyError(key string) error {
	names := m.tree().children.names(nil)
	if near := nearestName(key, names); near != "" {
		return m.tr.errorf(m.path, "the keys are the names it was built with, or given by add_module", "%s has no module %q (did you mean %q?)", m.class, key, near)
	}
	return m.tr.errorf(m.path, "the keys are the names it was built with, or given by add_module", "%s has no module %q; it holds %s", m.class, key, quotedList(names))
}

// quotedList is names as a Python list literal.
func quotedList(names []string) string {
	b := []byte{'['}
	for i, n := range names {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendQuote(b, n)
	}
	return string(append(b, ']'))
}

// SetKey implements m[key] = module: a ModuleDict adds or replaces the
// module named key, Sequential and ModuleList replace the one at a
// position.
func (m *Module) SetKey(k, v starlark.Value) error {
	c, ok := v.(*Module)
	if !ok {
		return m.tr.errorf(m.path, "", "%s holds modules, got a %s", m.class, v.Type())
	}
	if m.container() == kindDict {
		s, ok := k.(starlark.String)
		if !ok {
			return m.tr.errorf(m.path, "write blocks[\"name\"] = module", "%s is indexed by name, a string, not a %s", m.class, k.Type())
		}
		return m.SetField(string(s), c)
	}
	if _, ok := k.(starlark.Int); !ok {
		return m.tr.errorf(m.path, "write layers[0], or layers[-1] for the last", "%s is indexed by position, an int, not a %s", m.class, k.Type())
	}
	if _, _, err := m.Get(k); err != nil {
		return err
	}
	i, _ := k.(starlark.Int).Int64()
	if i < 0 {
		i += int64(len(m.tree().children.list))
	}
	if c == m {
		return fmt.Errorf("cannot make module %s a child of itself", m.class)
	}
	m.ownTree().children.list[i].v = c
	return nil
}

func (m *Module) Iterate() starlark.Iterator {
	if m.container() == kindDict {
		var keys []starlark.Value
		for _, c := range m.tree().children.list {
			keys = append(keys, starlark.String(c.name))
		}
		return starlark.NewList(keys).Iterate()
	}
	var vs []starlark.Value
	for _, c := range m.tree().children.list {
		vs = append(vs, c.v)
	}
	return starlark.NewList(vs).Iterate()
}

func (m *Module) AttrNames() []string {
	names := m.tree().children.names(nil)
	names = m.params.names(names)
	names = m.tree().attrs.names(names)
	names = append(names, "append", "add_module", "register_buffer", "register_parameter", "children", "named_children", "items", "keys", "values", "extend", "insert",
		"modules", "named_modules", "parameters", "named_parameters", "buffers", "named_buffers", "requires_grad_", "train", "eval")
	sort.Strings(names)
	return names
}

func (m *Module) Attr(name string) (starlark.Value, error) {
	if c, ok := m.tree().children.get(name); ok {
		return c, nil
	}
	if p, ok := m.params.get(name); ok {
		return p, nil
	}
	if v, ok := m.tree().attrs.get(name); ok {
		return v, nil
	}
	if m.kind == kindLayer {
		if v, ok := m.layer.attrs[name]; ok {
			return v, nil
		}
		if m.absentParam(name) {
			return starlark.None, nil
		}
		if v, ok := m.layer.args.lookup(name); ok {
			return v, nil
		}
	}
	switch name {
	case "append", "add_module", "register_buffer", "register_parameter", "children", "named_children", "items", "keys", "values", "extend", "insert", "modules", "named_modules", "requires_grad_",
		"parameters", "named_parameters", "buffers", "named_buffers", "train", "eval":
		return starlark.NewBuiltin(m.methodName(name), func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return m.method(name, args, kwargs)
		}), nil
	case "training":
		return starlark.Bool(m.training), nil
	}
	return nil, nil
}

// absentParam reports whether name is a parameter or buffer the layer
// would hold but was built without, which PyTorch sets to None:
// Conv2d(..., bias=False).bias, BatchNorm2d(affine=False).weight,
// BatchNorm2d(track_running_stats=False).running_mean.
func (m *Module) absentParam(name string) bool {
	a := m.layer.args
	has := func(arg string) bool { _, ok := a.lookup(arg); return ok }
	switch name {
	case "bias":
		// A layer whose bias argument adds a "bias" beside its "weight"
		// (not an RNN's, whose bias stays the flag it was given).
		return has("bias") && m.params.has("weight") || has("affine") || has("elementwise_affine")
	case "weight":
		return has("affine") || has("elementwise_affine")
	case "running_mean", "running_var", "num_batches_tracked":
		return has("track_running_stats")
	}
	return false
}

// methodName is "Class.name", the name of m's method name.
func (m *Module) methodName(name string) string {
	if m.tr == nil {
		return m.class + "." + name
	}
	return m.tr.names.concat(m.class, ".", name)
}

func (m *Module) method(name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if paramMethods[name] {
		return m.paramsMethod(name, args, kwargs)
	}
	switch name {
	case "train", "eval":
		on := name == "train"
		if name == "train" {
			if err := starlark.UnpackArgs(name, args, kwargs, "mode?", &on); err != nil {
				return nil, err
			}
		} else if err := starlark.UnpackArgs(name, args, kwargs); err != nil {
			return nil, err
		}
		m.setTraining(on)
		if m.tr != nil {
			m.tr.modeSet = true
		}
		return m, nil
	case "requires_grad_":
		on := true
		if err := starlark.UnpackArgs(name, args, kwargs, "requires_grad?", &on); err != nil {
			return nil, err
		}
		m.requiresGrad(on)
		return m, nil
	case "append":
		var c *Module
		if err := starlark.UnpackPositionalArgs("append", args, kwargs, 1, &c); err != nil {
			return nil, err
		}
		m.appendChild(c)
		return m, nil
	case "extend":
		var it starlark.Iterable
		if err := starlark.UnpackPositionalArgs("extend", args, kwargs, 1, &it); err != nil {
			return nil, err
		}
		iter := it.Iterate()
		defer iter.Done()
		var v starlark.Value
		for iter.Next(&v) {
			c, ok := v.(*Module)
			if !ok {
				return nil, fmt.Errorf("extend: %s is not a module", v.Type())
			}
			m.appendChild(c)
		}
		return m, nil
	case "add_module":
		if len(args) == 2 && len(kwargs) == 0 {
			if s, ok := args[0].(starlark.String); ok {
				// The usual call, read without UnpackPositionalArgs,
				// which would allocate its targets.
				return starlark.None, m.SetField(string(s), args[1])
			}
		}
		var n string
		var c starlark.Value
		if err := starlark.UnpackPositionalArgs("add_module", args, kwargs, 2, &n, &c); err != nil {
			return nil, err
		}
		return starlark.None, m.SetField(n, c)
	case "register_buffer", "register_parameter":
		var n string
		var v starlark.Value
		var persistent starlark.Value
		if err := starlark.UnpackArgs(name, args, kwargs, "name", &n, "tensor", &v, "persistent?", &persistent); err != nil {
			return nil, err
		}
		t, ok := v.(*Tensor)
		if !ok {
			s, err := shapeFromValue(v)
			if err != nil {
				return nil, fmt.Errorf("%s(%q, ...): %v", name, n, err)
			}
			t = &Tensor{shape: s, dtype: "float", producer: -2, tr: m.tr}
		}
		if !t.param.is || name == "register_buffer" {
			t = &Tensor{shape: t.shape, dtype: t.dtype, producer: -2, tr: m.tr,
				param: Param{Trainable: name == "register_parameter", Buffer: name == "register_buffer", is: true}}
		}
		m.addParam(n, t)
		return starlark.None, nil
	case "children", "named_children":
		if err := starlark.UnpackArgs(name, args, kwargs); err != nil {
			return nil, err
		}
		return m.childList(name == "named_children"), nil
	case "modules":
		if err := starlark.UnpackArgs(name, args, kwargs); err != nil {
			return nil, err
		}
		return m.moduleList(false, "", true)
	case "named_modules":
		var memo starlark.Value = starlark.None
		prefix, dedup := "", true
		if err := starlark.UnpackArgs(name, args, kwargs, "memo?", &memo, "prefix?", &prefix, "remove_duplicate?", &dedup); err != nil {
			return nil, err
		}
		if memo != starlark.None {
			return nil, fmt.Errorf("named_modules: memo is not supported; leave it out")
		}
		return m.moduleList(true, prefix, dedup)
	case "values":
		var vs []starlark.Value
		for _, c := range m.tree().children.list {
			vs = append(vs, c.v)
		}
		return starlark.NewList(vs), nil
	case "keys":
		var vs []starlark.Value
		for _, c := range m.tree().children.list {
			vs = append(vs, starlark.String(c.name))
		}
		return starlark.NewList(vs), nil
	case "items":
		var vs []starlark.Value
		for _, c := range m.tree().children.list {
			vs = append(vs, starlark.Tuple{starlark.String(c.name), c.v})
		}
		return starlark.NewList(vs), nil
	}
	return nil, fmt.Errorf("%s has no method %s", m.class, name)
}

// SetField registers children and parameters like nn.Module.__setattr__.
func (m *Module) SetField(name string, v starlark.Value) error {
	switch x := v.(type) {
	case *Module:
		if x == m {
			return fmt.Errorf("cannot make module %s a child of itself", m.class)
		}
		m.ownTree().attrs.remove(name)
		m.addChild(name, x)
		return nil
	case *Tensor:
		if !x.param.is {
			return fmt.Errorf("self.%s = <tensor>: only parameters can be stored on a module; wrap the shape in Parameter(...)", name)
		}
		if old, ok := m.params.get(name); ok && !sameShape(old.shape, x.shape) {
			return fmt.Errorf("self.%s: shape %s does not match the existing parameter %s", name, shapeString(x.shape), shapeString(old.shape))
		}
		m.addParam(name, x)
		if m.kind == kindLayer {
			if m.layer.attrs == nil {
				m.layer.attrs = map[string]starlark.Value{}
			}
			m.layer.attrs[name] = x
		}
		return nil
	}
	if v == starlark.None && m.tree().children.has(name) {
		// self.downsample = None after it was a module: PyTorch keeps the
		// name registered with None; we drop the child.
		m.ownTree().children.remove(name)
	}
	var ls *listSlab[member[starlark.Value]]
	if m.tr != nil {
		ls = &m.tr.attrLists
	}
	m.ownTree().attrs.set(name, v, ls)
	return nil
}

func sameShape(a, b graph.Shape) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// childList is children() or (named) named_children(): the direct
// children in registration order, a module registered under two names
// once, under its first (nn.Module.named_children's memo).
func (m *Module) childList(named bool) *starlark.List {
	var vs []starlark.Value
	seen := map[*Module]bool{}
	for _, c := range m.tree().children.list {
		if c.v == nil || seen[c.v] {
			continue
		}
		seen[c.v] = true
		if named {
			vs = append(vs, starlark.Tuple{starlark.String(c.name), c.v})
		} else {
			vs = append(vs, c.v)
		}
	}
	return starlark.NewList(vs)
}

// moduleList is modules() or (named) named_modules(prefix,
// remove_duplicate): m itself first, then every descendant depth first
// in registration order, as nn.Module.named_modules walks them; a
// module reached twice is listed once unless dedup is off. Without dedup
// a module that contains itself is not entered again (PyTorch recurses
// until it fails), and the list is bounded like any other a script
// builds: modules shared down many levels would double it at each.
func (m *Module) moduleList(named bool, prefix string, dedup bool) (*starlark.List, error) {
	var vs []starlark.Value
	seen := map[*Module]bool{}
	var walk func(m *Module, path string) error
	walk = func(m *Module, path string) error {
		if seen[m] {
			return nil
		}
		seen[m] = true
		if !dedup {
			defer delete(seen, m)
		}
		if len(vs) >= maxSequence {
			return fmt.Errorf("named_modules: more than %d modules; use remove_duplicate=True", maxSequence)
		}
		if named {
			vs = append(vs, starlark.Tuple{starlark.String(path), m})
		} else {
			vs = append(vs, m)
		}
		for _, c := range m.tree().children.list {
			if c.v == nil {
				continue
			}
			p := c.name
			if path != "" {
				p = path + "." + c.name
			}
			if err := walk(c.v, p); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(m, prefix); err != nil {
		return nil, err
	}
	return starlark.NewList(vs), nil
}
