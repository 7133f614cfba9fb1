package printout

import (
	"strconv"
	"strings"

	"floplab/core/diag"
	"floplab/core/msg"
)

// locator returns a function that takes an error raised by c's script back
// to the printout it was converted from: an error in a module's forward
// (its diag.Error names the module's path) or in its constructor call
// (its script position is where c wrote the call) moves to the module's
// printed line. Any other error stays at the printout's first line and
// names the script line in its hint.
func (c *conversion) locator(root *Module) func(error) error {
	return func(err error) error {
		var de *diag.Error
		var dl diag.List
		switch {
		case diag.ErrorsAs(err, &de):
			return c.locate(root, de)
		case diag.ErrorsAs(err, &dl):
			out := make(diag.List, len(dl))
			for i, e := range dl {
				out[i] = c.locate(root, e)
			}
			return out
		}
		return err
	}
}

// locate is e moved to the printout.
func (c *conversion) locate(root *Module, e *diag.Error) *diag.Error {
	moved := *e
	if m := modulePath(root, e.Layer); m != nil && e.Layer != "" {
		moved.Pos = diag.Pos{File: e.Pos.File, Line: m.Pos.Line, Col: m.Pos.Col}
		return &moved
	}
	if m := c.constructedAt(e.Pos); m != nil {
		moved.Pos = diag.Pos{File: e.Pos.File, Line: m.Pos.Line, Col: m.Pos.Col}
		return &moved
	}
	at := diag.Pos{File: e.Pos.File, Line: root.Pos.Line, Col: root.Pos.Col}
	for _, sp := range c.spans {
		// An error in a class's forward: at that class's first printed
		// module (its script line is in the hint).
		if e.Pos.Line >= sp.from && e.Pos.Line <= sp.to {
			at = diag.Pos{File: e.Pos.File, Line: sp.m.Pos.Line, Col: sp.m.Pos.Col}
		}
	}
	if e.Pos.Line > 0 {
		where := msg.F("line %d of the script converted from the printout (\"Edit the converted script\" in the page, floplab convert in the CLI)", e.Pos.Line)
		if moved.Hint.IsZero() {
			moved.Hint = where
		} else {
			moved.Hint = msg.Cat(moved.Hint, "; ", where)
		}
	}
	moved.Pos = at
	return &moved
}

// constructedAt is the module whose constructor call the script has at p:
// the last call on p's line that starts at or before p's column (the call
// Starlark reports is the innermost one that failed).
func (c *conversion) constructedAt(p diag.Pos) *Module {
	var m *Module
	for _, s := range c.starts[p.Line] {
		if s.col <= p.Col {
			m = s.m
		}
	}
	return m
}

// modulePath finds the printed module of a layer path ("layer1.0.conv1",
// "layer1.0:add" for a call in layer1.0's forward): the module itself, or
// the run-length group ("(0-11): 12 x Layer") its index falls in, or the
// deepest printed module on the path.
func modulePath(root *Module, path string) *Module {
	if i := strings.IndexByte(path, ':'); i >= 0 {
		path = path[:i]
	}
	m := root
	if path == "" {
		return m
	}
	for _, name := range strings.Split(path, ".") {
		next := childNamed(m, name)
		if next == nil {
			break
		}
		m = next
	}
	return m
}

func childNamed(m *Module, name string) *Module {
	for _, c := range m.Children {
		if c.Name == name {
			return c
		}
		if c.RunLength > 0 {
			first, err1 := strconv.Atoi(c.Name)
			i, err2 := strconv.Atoi(name)
			if err1 == nil && err2 == nil && i >= first && i < first+c.RunLength {
				return c
			}
		}
	}
	return nil
}
