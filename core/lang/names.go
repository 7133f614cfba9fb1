package lang

import "sort"

// ModuleClasses lists the module classes a module call's node can have:
// the library's layers and the containers (a script's own classes are
// named by the script).
func ModuleClasses() []string {
	ns := []string{"Sequential", "ModuleList", "ModuleDict"}
	for n := range layerSpecs {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

// FunctionTypes lists the types a functional or tensor call's node can
// have: "F.relu", "torch.cat", "Tensor.view", "operator.add", ... For
// tables keyed by them (the counting conventions), to check that every
// key exists.
func FunctionTypes() []string {
	builtinsOnce.Do(initBuiltins)
	var ns []string
	for n := range fnTable {
		ns = append(ns, n)
	}
	for n := range tensorMethods {
		ns = append(ns, "Tensor."+n)
	}
	for _, op := range []string{"add", "sub", "mul", "div", "floor_divide", "remainder", "pow", "matmul", "neg"} {
		ns = append(ns, "operator."+op)
	}
	sort.Strings(ns)
	return ns
}
