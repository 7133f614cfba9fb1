package lang

// requiresGrad is Module.requires_grad_(requires_grad=True): it marks
// every parameter of the module and of the modules under it trainable or
// frozen, as PyTorch's does (model.requires_grad_(False) freezes a base
// model before adapters are added). Buffers are not parameters and stay
// as they are. Call it before the forward runs: the result reads the flag
// when it registers the model.
func (m *Module) requiresGrad(on bool) {
	seen := map[*Module]bool{}
	var walk func(m *Module)
	walk = func(m *Module) {
		if seen[m] {
			return
		}
		seen[m] = true
		for _, p := range m.params.list {
			if t := p.v; t != nil && !t.param.Buffer {
				t.param.Trainable = on
			}
		}
		for _, c := range m.tree().children.list {
			if c.v != nil {
				walk(c.v)
			}
		}
	}
	walk(m)
}
