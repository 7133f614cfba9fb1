package lang

import (
	"fmt"
	"strings"

	"floplab/core/graph"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Param says whether a tensor is a parameter or buffer, and of which
// kind. Modules hold pointers to tensors, so tying (lm_head.weight =
// wte.weight) shares one tensor and its Param.
type Param struct {
	Trainable bool
	Buffer    bool
	// is is true for a parameter or buffer.
	is bool

	// attached and listed tell whether the run gave this parameter to a
	// node and listed it in Graph.Modules already (a tied parameter is
	// met again). A Param lives in one run: scripts build their modules
	// anew each time.
	attached, listed bool
}

// Tensor is a symbolic tensor: a shape and a dtype, no data.
type Tensor struct {
	shape graph.Shape
	dtype string // "float" or "long"
	tr    *tracer
	// producer is the node that made it, -1 for a model input, -2 for a
	// parameter or buffer, -3 for a constant made by the script.
	producer int32
	input    int32
	param    Param
	// consts are the values of a 1-D constant made by torch.tensor([...])
	// of ints (pack_padded_sequence's lengths); nil otherwise.
	consts []int64
}

var (
	_ starlark.HasAttrs  = (*Tensor)(nil)
	_ starlark.HasBinary = (*Tensor)(nil)
	_ starlark.Indexable = (*Tensor)(nil)
	_ starlark.Sliceable = (*Tensor)(nil)
)

func (t *Tensor) String() string {
	kind := "Tensor"
	if t.param.is {
		kind = "Parameter"
		if t.param.Buffer {
			kind = "Buffer"
		}
	}
	return fmt.Sprintf("%s(shape=%s)", kind, shapeString(t.shape))
}
func (t *Tensor) Type() string          { return "Tensor" }
func (t *Tensor) Freeze()               {}
func (t *Tensor) Truth() starlark.Bool  { return starlark.True }
func (t *Tensor) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: Tensor") }
func (t *Tensor) Len() int {
	if len(t.shape) == 0 {
		return 0
	}
	return int(t.shape[0])
}

func (t *Tensor) graphTensor() graph.Tensor {
	return graph.Tensor{Shape: t.shape, DType: t.dtype, Producer: int(t.producer), Input: int(t.input),
		NoGrad: t.param.is && (t.param.Buffer || !t.param.Trainable)}
}

func shapeString(s graph.Shape) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// shapeTuple is x.shape as a Starlark tuple of ints.
func shapeTuple(s graph.Shape) starlark.Tuple {
	t := make(starlark.Tuple, len(s))
	for i, d := range s {
		t[i] = starlark.MakeInt64(d)
	}
	return t
}

func (t *Tensor) AttrNames() []string {
	names := []string{"shape", "ndim", "dtype", "T"}
	for n := range tensorMethods {
		names = append(names, n)
	}
	return names
}

func (t *Tensor) Attr(name string) (starlark.Value, error) {
	switch name {
	case "shape":
		return shapeTuple(t.shape), nil
	case "ndim":
		return starlark.MakeInt(len(t.shape)), nil
	case "dtype":
		return starlark.String(t.dtype), nil
	case "requires_grad":
		return starlark.Bool(t.param.is && t.param.Trainable), nil
	}
	if m, ok := tensorMethods[name]; ok {
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return m(th, t, args, kwargs)
		}), nil
	}
	return nil, nil // starlark reports "has no .name field or method"
}

// Binary implements + - * / // @ and ** on tensors and numbers.
func (t *Tensor) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	var opName string
	switch op {
	case syntax.PLUS:
		opName = "add"
	case syntax.MINUS:
		opName = "sub"
	case syntax.STAR:
		opName = "mul"
	case syntax.SLASH:
		opName = "div"
	case syntax.SLASHSLASH:
		opName = "floor_divide"
	case syntax.PERCENT:
		// The script's "@" operators were rewritten to "%" (Starlark has
		// no "@"); the tracer knows their positions.
		if t.tr.atMatmul() {
			a, b := starlark.Value(t), y
			if side == starlark.Right {
				a, b = y, t
			}
			return t.tr.matmulOp("operator.matmul", a, b)
		}
		opName = "remainder"
	default:
		return nil, nil
	}
	a, b := starlark.Value(t), y
	if side == starlark.Right {
		a, b = y, t
	}
	return t.tr.binaryOp(opName, "operator."+opName, a, b)
}

func (t *Tensor) Index(i int) starlark.Value {
	v, err := t.tr.selectOp(t, 0, int64(i), "Tensor.__getitem__")
	if err != nil {
		t.tr.defer_(err)
		return t
	}
	return v
}

func (t *Tensor) Slice(start, end, step int) starlark.Value {
	v, err := t.tr.sliceOp(t, 0, int64(start), int64(end), int64(step))
	if err != nil {
		t.tr.defer_(err)
		return t
	}
	return v
}

var (
	_ starlark.HasUnary = (*Tensor)(nil)
	_ starlark.Mapping  = (*Tensor)(nil)
)

// Unary implements -x and +x.
func (t *Tensor) Unary(op syntax.Token) (starlark.Value, error) {
	switch op {
	case syntax.MINUS:
		return t.tr.unary("operator.neg", "neg", t)
	case syntax.PLUS:
		return t, nil
	}
	return nil, nil
}

// Get implements x[i] (an int selects along dimension 0) and x[idx] with a
// tensor of indices (a gather: idx.shape + x.shape[1:]).
func (t *Tensor) Get(k starlark.Value) (starlark.Value, bool, error) {
	switch key := k.(type) {
	case starlark.Int:
		i, _ := key.Int64()
		v, err := t.tr.selectOp(t, 0, i, "Tensor.__getitem__")
		if err != nil {
			return nil, false, err
		}
		return v, true, nil
	case *Tensor:
		v, err := t.tr.shapeOp("Tensor.__getitem__", t, func() (graph.Shape, error) {
			if len(t.shape) == 0 {
				return nil, lerr("", "cannot index a 0-D tensor")
			}
			return append(append(graph.Shape{}, key.shape...), t.shape[1:]...), nil
		})
		return v, err == nil, err
	}
	return nil, false, fmt.Errorf("tensor indices are ints or tensors; for slices along other dimensions use x.select(dim, i) or x.narrow(dim, start, length)")
}

// tensorData is the shape and dtype torch.tensor(data) infers: a number
// is a 0-d tensor (nil shape), a list or tuple one dimension per level of
// nesting, every list of a level the same length. As in PyTorch, data
// with a float anywhere is float (float32), ints and bools alone are
// integers (int64 and bool, both "long" here), and an empty list is
// float.
func tensorData(v starlark.Value) (graph.Shape, string, error) {
	float, number := false, false
	var shape graph.Shape
	var walk func(v starlark.Value, depth int) error
	walk = func(v starlark.Value, depth int) error {
		if depth > maxTensorDims {
			return fmt.Errorf("more than %d dimensions", maxTensorDims)
		}
		switch x := v.(type) {
		case starlark.Int, starlark.Bool:
			number = true
		case starlark.Float:
			number, float = true, true
		case *starlark.List, starlark.Tuple:
			it := x.(starlark.Indexable)
			n := int64(it.Len())
			switch {
			case depth == len(shape) && !number:
				shape = append(shape, n)
			case depth >= len(shape):
				return fmt.Errorf("a list where a number was at the same depth before")
			case shape[depth] != n:
				return fmt.Errorf("expected a list of length %d at dimension %d (got %d)", shape[depth], depth, n)
			}
			for i := 0; i < it.Len(); i++ {
				if err := walk(it.Index(i), depth+1); err != nil {
					return err
				}
			}
			return nil
		default:
			return fmt.Errorf("cannot make a tensor of %s", v.Type())
		}
		if depth != len(shape) {
			return fmt.Errorf("a number where a list of length %d was expected at dimension %d", shape[depth], depth)
		}
		return nil
	}
	if err := walk(v, 0); err != nil {
		return nil, "", err
	}
	if float || !number {
		return shape, "float", nil
	}
	return shape, "long", nil
}

// maxTensorDims is the most dimensions torch.tensor's data may nest
// (PyTorch's own limit); it also ends a list that contains itself.
const maxTensorDims = 64

// dtypeArg reads a dtype argument: torch.float32, torch.long, torch.bool,
// ... (the strings "float" and "long" the torch module holds for them).
func dtypeArg(v starlark.Value) (string, error) {
	if s, ok := v.(starlark.String); ok && (s == "float" || s == "long") {
		return string(s), nil
	}
	return "", fmt.Errorf("unknown dtype %s", v)
}
