package printout

import (
	"strconv"
	"strings"

	"floplab/core/diag"
)

// Module is one module of a printout: the top-level model, or a child
// printed as "(name): Class(...)".
type Module struct {
	// Name is the child's key as printed ("conv1", "0"); empty for the
	// top-level module. For a run-length group it is the first index.
	Name string
	// Class is the printed class name ("Conv2d", "BasicBlock").
	Class string
	// Args are the parsed arguments of a one-line module
	// ("Conv2d(3, 64, kernel_size=(3, 3))"). A multi-line module keeps
	// its extra_repr lines in Extra instead.
	Args []Arg
	// Extra holds extra_repr lines printed inside a multi-line module,
	// raw and unparsed.
	Extra []Line
	// Children are the printed children, in order.
	Children []*Module
	// RunLength is N for a child printed as "(0-3): 4 x Block(...)"
	// by newer PyTorch versions, which stands for N identical children
	// with consecutive indices; 0 otherwise.
	RunLength int
	// Multiline is true when the module was printed over several lines.
	Multiline bool
	// Base is the layer class a module with children subclasses when it
	// prints that class's name and arguments (PEFT < 0.7's LoRA layers:
	// "Linear(\n in_features=768, ...\n (lora_A): ...)"); its Class is
	// then renamed (LinearModule) so that its builder does not hide the
	// layer, and Args holds the arguments.
	Base string
	// Empty is true for a child printed as "(name): None" (a slot set to
	// None); it is read as Identity().
	Empty bool
	// Adapted is set, on the top-level module, when the printout was a
	// PEFT model (unwrapped): its base is frozen, its adapters train.
	Adapted bool
	// Cut is set on a module the text ends inside (a truncated
	// printout, closed at the end); End is then the end of the text.
	Cut bool
	// Warnings, on the top-level module only, are what Parse had to
	// assume (a printout that ends before its closing parentheses).
	Warnings []Note
	// Pos is where the class name starts; End is where the closing
	// parenthesis is.
	Pos, End diag.Pos
}

// isElision reports whether an unparsed line of a printout stands for
// lines left out: "...", "…", or a note such as "(... 22 more layers
// OMITTED ...)".
func isElision(text string) bool {
	t := strings.Trim(strings.TrimSpace(text), "()[]")
	return t == "..." || t == "…" || strings.HasPrefix(t, "...") || strings.HasPrefix(t, "…") ||
		strings.Contains(strings.ToLower(t), "omitted")
}

// Line is a raw line of text with its position.
type Line struct {
	Text string
	Pos  diag.Pos
}

// Arg is one argument of a one-line module: "3", "kernel_size=(3, 3)",
// "mode=nearest".
type Arg struct {
	// Key is the keyword, empty for a positional argument.
	Key string
	// Raw is the value's text exactly as printed.
	Raw string
	// Value is the parsed value.
	Value Value
	Pos   diag.Pos
}

// Kind is the kind of a Value.
type Kind int

// Value kinds.
const (
	Invalid Kind = iota // text that is not a literal (kept in Value.Text)
	Int
	Float
	Bool
	None
	String // a quoted string, or a bare word such as "same" or "nearest"
	Tuple
	List
)

// Value is a parsed literal of an argument.
type Value struct {
	Kind  Kind
	Int   int64
	Bool  bool
	Text  string // String contents; the literal text of a Float or Invalid value
	Elems []Value
	// Bare is true for a String printed without quotes (padding=same).
	Bare bool
}

// Starlark returns the value as a Starlark expression, or "" when it is
// not a literal Starlark can express.
func (v Value) Starlark() string {
	switch v.Kind {
	case Int:
		return strconv.FormatInt(v.Int, 10)
	case Float:
		return v.Text
	case Bool:
		if v.Bool {
			return "True"
		}
		return "False"
	case None:
		return "None"
	case String:
		return strconv.Quote(v.Text)
	case Tuple, List:
		parts := make([]string, len(v.Elems))
		for i, e := range v.Elems {
			s := e.Starlark()
			if s == "" {
				return ""
			}
			parts[i] = s
		}
		if v.Kind == List {
			return "[" + strings.Join(parts, ", ") + "]"
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	return ""
}

// Ints returns the value as a list of integers: an Int as one element, a
// tuple or list of Ints as its elements. ok is false otherwise.
func (v Value) Ints() (xs []int64, ok bool) {
	switch v.Kind {
	case Int:
		return []int64{v.Int}, true
	case Tuple, List:
		for _, e := range v.Elems {
			if e.Kind != Int {
				return nil, false
			}
			xs = append(xs, e.Int)
		}
		return xs, true
	}
	return nil, false
}

// Arg returns the argument with the given keyword, or the positional
// argument at index pos when there is no such keyword (pos < 0: keyword
// only).
func (m *Module) Arg(key string, pos int) (Arg, bool) {
	for _, a := range m.Args {
		if a.Key == key {
			return a, true
		}
	}
	if pos < 0 {
		return Arg{}, false
	}
	i := 0
	for _, a := range m.Args {
		if a.Key != "" {
			continue
		}
		if i == pos {
			return a, true
		}
		i++
	}
	return Arg{}, false
}

// Child returns the child with the given name, or nil.
func (m *Module) Child(name string) *Module {
	for _, c := range m.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Expanded returns the children with every run-length group expanded
// into its N members, named by consecutive indices. The members of a
// group share one *Module (they are identical by definition).
func (m *Module) Expanded() []Child {
	var out []Child
	for _, c := range m.Children {
		if c.RunLength == 0 {
			out = append(out, Child{c.Name, c})
			continue
		}
		start, _ := strconv.Atoi(c.Name)
		for i := 0; i < c.RunLength; i++ {
			out = append(out, Child{strconv.Itoa(start + i), c})
		}
	}
	return out
}

// Child is a named child after run-length expansion.
type Child struct {
	Name   string
	Module *Module
}
