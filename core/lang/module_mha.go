package lang

// module_mha.go: MultiheadAttention's out_proj, listed as the child
// module PyTorch makes of it.

import (
	"strings"

	"floplab/core/graph"
)

// splitOutProj lists MultiheadAttention's out_proj.* parameters under the
// child module PyTorch gives it (NonDynamicallyQuantizableLinear).
func (tr *tracer) splitOutProj(gm *graph.Module, id int) {
	split := false
	for _, p := range gm.Params {
		if strings.HasPrefix(p.Name, "out_proj.") {
			split = true
			break
		}
	}
	if !split {
		return
	}
	var own, child []graph.ParamTensor
	for _, p := range gm.Params {
		if name, ok := strings.CutPrefix(p.Name, "out_proj."); ok {
			p.Name = name
			child = append(child, p)
		} else {
			own = append(own, p)
		}
	}
	if len(child) == 0 {
		return
	}
	gm.Params = own
	gm.Leaf = false
	path := "out_proj"
	if gm.Path != "" {
		path = gm.Path + ".out_proj"
	}
	tr.g.Modules = append(tr.g.Modules, &graph.Module{Path: path, Type: "NonDynamicallyQuantizableLinear", Parent: id, Leaf: true, Params: child})
}
