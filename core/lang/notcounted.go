package lang

import (
	"floplab/core/graph"
	"floplab/core/msg"

	"go.starlark.net/starlark"
)

// not_counted(reason, child="", args=()) marks, in a forward, that the
// module running it (or its child of that name) does work the script does
// not trace: the result lists the module with the reason
// (graph.Graph.NotCounted) and says its counts are partial. With args,
// reason is a format ("%s expects %d features") filled with them, as
// Python's % does, and rendered in the reader's language where a
// message table translates it. The printout importer calls it where a
// printout does not show what a forward does (a container assumed
// sequential whose next child does not fit). With assumed_input=True
// the trace goes on from an input the script makes up (torch.zeros of
// the size the child expects): the layers fed from it are counted, but
// from an assumed input, and the result says how many.
func init() {
	builtins["not_counted"] = starlark.NewBuiltin("not_counted", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var reason, child string
		var fill starlark.Tuple
		var assumed bool
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "reason", &reason, "child?", &child, "args?", &fill, "assumed_input?", &assumed); err != nil {
			return nil, err
		}
		text := msg.F(reason)
		if len(fill) > 0 {
			// The values as %s and %d print them: ints as ints, every
			// other value (a shape) as its text.
			vals := make([]any, len(fill))
			for i, v := range fill {
				var n int64
				if err := starlark.AsInt(v, &n); err == nil {
					vals[i] = n
				} else if s, ok := starlark.AsString(v); ok {
					vals[i] = s
				} else {
					vals[i] = v.String()
				}
			}
			text = msg.F(reason, vals...)
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
		tr.g.NotCounted = append(tr.g.NotCounted, graph.NotCounted{Module: path, Reason: text.String(), Text: text,
			AssumedInput: assumed, Node: len(tr.g.Nodes)})
		return starlark.None, nil
	})
}
