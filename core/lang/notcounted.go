package lang

import (
	"floplab/core/graph"

	"go.starlark.net/starlark"
)

// not_counted(reason, child="") marks, in a forward, that the module
// running it (or its child of that name) does work the script does not
// trace: the result lists the module with
// the reason (graph.Graph.NotCounted) and says its counts are partial.
// The printout importer calls it where a printout does not show what a
// forward does (a container assumed sequential whose next child does not
// fit).
func init() {
	builtins["not_counted"] = starlark.NewBuiltin("not_counted", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var reason, child string
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "reason", &reason, "child?", &child); err != nil {
			return nil, err
		}
		tr := tracerOf(th)
		if tr == nil {
			return starlark.None, nil
		}
		if len(tr.g.NotCounted) >= 10000 {
			return starlark.None, nil // bounded: a loop cannot grow it without end
		}
		path := ""
		if m := tr.scopeModule(); m != nil {
			path = m.path
		}
		if child != "" {
			if path != "" {
				path += "."
			}
			path += child
		}
		tr.g.NotCounted = append(tr.g.NotCounted, graph.NotCounted{Module: path, Reason: reason})
		return starlark.None, nil
	})
}
