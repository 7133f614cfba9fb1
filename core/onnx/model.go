// Package onnx reads ONNX model files and counts them: a protobuf decoder
// over a hand-kept map of the ONNX fields FlopLab needs (it reads the
// graph's structure in slices and skips the weights by their length
// prefix), shape inference with constant folding of the shape
// subgraphs exporters emit, and per-node counts (parameters, MACs by
// FlopLab's rules and by onnx-tool's).
package onnx

import (
	"encoding/binary"
	"math"
)

// Model is a decoded ONNX model: its graph's structure, no weights.
type Model struct {
	IRVersion       int64
	Producer        string // "pytorch"
	ProducerVersion string // "1.13.1"
	// Opsets maps a domain ("" for the default ai.onnx) to its opset version.
	Opsets map[string]int64
	Graph  *Graph
	// Functions counts the model-local functions (not read).
	Functions int
	// BytesRead is how many bytes of the file were read to decode it.
	BytesRead int64
}

// Opset is the default domain's opset version.
func (m *Model) Opset() int64 { return m.Opsets[""] }

// Graph is the model's main graph.
type Graph struct {
	Name         string
	Nodes        []*Node
	Initializers []*Tensor
	Inputs       []ValueInfo
	Outputs      []ValueInfo
	ValueInfo    []ValueInfo
	// SparseInitializers counts sparse initializers (not read).
	SparseInitializers int
}

// Node is one operator call.
type Node struct {
	Index   int
	Name    string
	OpType  string
	Domain  string // "" for the default domain
	Inputs  []string
	Outputs []string
	Attrs   []Attr
}

// Attr looks up an attribute by name.
func (n *Node) Attr(name string) (*Attr, bool) {
	for i := range n.Attrs {
		if n.Attrs[i].Name == name {
			return &n.Attrs[i], true
		}
	}
	return nil, false
}

// attrI is the integer attribute name, or def when the node has none.
func (n *Node) attrI(name string, def int64) int64 {
	if a, ok := n.Attr(name); ok {
		return a.I
	}
	return def
}

// attrS is the string attribute name, or def.
func (n *Node) attrS(name, def string) string {
	if a, ok := n.Attr(name); ok {
		return a.S
	}
	return def
}

// attrInts is the integer list attribute name; ok is false when the node
// has none.
func (n *Node) attrInts(name string) ([]int64, bool) {
	if a, ok := n.Attr(name); ok {
		return a.Ints, true
	}
	return nil, false
}

// AttrType is an AttributeProto's type.
type AttrType int

// The attribute types FlopLab reads (AttributeProto.AttributeType).
const (
	AttrUndefined AttrType = 0
	AttrFloat     AttrType = 1
	AttrInt       AttrType = 2
	AttrString    AttrType = 3
	AttrTensor    AttrType = 4
	AttrGraph     AttrType = 5
	AttrFloats    AttrType = 6
	AttrInts      AttrType = 7
	AttrStrings   AttrType = 8
)

// Attr is one node attribute.
type Attr struct {
	Name    string
	Type    AttrType
	F       float64
	I       int64
	S       string
	T       *Tensor
	Floats  []float64
	Ints    []int64
	Strings []string
	set     uint32 // bit t: a value of type t was present
}

// Has tells whether the attribute holds a value of type t.
func (a *Attr) Has(t AttrType) bool { return a.Type == t || a.set&(1<<t) != 0 }

// DataType is a TensorProto's element type.
type DataType int

// The element types (TensorProto.DataType).
const (
	Undefined DataType = iota
	Float
	Uint8
	Int8
	Uint16
	Int16
	Int32
	Int64
	String
	Bool
	Float16
	Double
	Uint32
	Uint64
	Complex64
	Complex128
	BFloat16
	Float8E4M3FN
	Float8E4M3FNUZ
	Float8E5M2
	Float8E5M2FNUZ
	Uint4
	Int4
	Float4E2M1
)

var dataTypeNames = [...]string{"undefined", "float32", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool",
	"float16", "float64", "uint32", "uint64", "complex64", "complex128", "bfloat16", "float8e4m3fn", "float8e4m3fnuz",
	"float8e5m2", "float8e5m2fnuz", "uint4", "int4", "float4e2m1"}

// String names the type as ONNX's helper does, lower case ("float32").
func (t DataType) String() string {
	if t >= 0 && int(t) < len(dataTypeNames) {
		return dataTypeNames[t]
	}
	return "unknown"
}

// Bits is the size of one element in bits (0 for strings and unknown types).
func (t DataType) Bits() int64 {
	switch t {
	case Float, Int32, Uint32:
		return 32
	case Uint8, Int8, Bool, Float8E4M3FN, Float8E4M3FNUZ, Float8E5M2, Float8E5M2FNUZ:
		return 8
	case Uint16, Int16, Float16, BFloat16:
		return 16
	case Int64, Uint64, Double, Complex64:
		return 64
	case Complex128:
		return 128
	case Uint4, Int4, Float4E2M1:
		return 4
	}
	return 0
}

// IsFloat tells whether t is a floating-point type.
func (t DataType) IsFloat() bool {
	switch t {
	case Float, Float16, BFloat16, Double, Float8E4M3FN, Float8E4M3FNUZ, Float8E5M2, Float8E5M2FNUZ, Float4E2M1:
		return true
	}
	return false
}

// span is where a tensor's data field lies in the file.
type span struct {
	field int
	off   int64
	n     int64
}

type inlineVal struct {
	field int
	v     uint64
}

// Tensor is an initializer or a constant: its name, dims and data type,
// and where its data lies (in the file, or in external data). Its values
// are read only on demand (Values), for small shape tensors.
type Tensor struct {
	Name     string
	Dims     []int64
	DataType DataType
	// External is set when the data is in another file (Location, at
	// ExtOffset, ExtLength bytes).
	External             bool
	Location             string
	ExtOffset, ExtLength int64

	data   []span
	inline []inlineVal
	src    *source
}

// Values reads the tensor's values as int64s (integer and bool types)
// and float64s (floating types), for tensors of at most max elements
// held in the file. ok is false when the values are not available (in
// external data, too many, or an unsupported type); err is set for
// malformed data.
func (t *Tensor) Values(max int64) (ints []int64, floats []float64, ok bool, err error) {
	n, overflow := numel(t.Dims)
	if overflow || n > max || t.External {
		return nil, nil, false, nil
	}
	for _, iv := range t.inline {
		switch iv.field {
		case tensorFloatData:
			floats = append(floats, float64(math.Float32frombits(uint32(iv.v))))
		case tensorDoubleData:
			floats = append(floats, math.Float64frombits(iv.v))
		case tensorInt32Data:
			ints = append(ints, int64(int32(iv.v)))
		default:
			ints = append(ints, int64(iv.v))
		}
	}
	for _, s := range t.data {
		if s.n > 16*max+16 {
			return nil, nil, false, nil
		}
		b, err := t.src.readAt(s.off, int(s.n))
		if err != nil {
			return nil, nil, false, err
		}
		switch s.field {
		case tensorRawData:
			ints, floats, ok = decodeRaw(t.DataType, b, ints, floats)
			if !ok {
				return nil, nil, false, nil
			}
		case tensorFloatData:
			for i := 0; i+4 <= len(b); i += 4 {
				floats = append(floats, float64(math.Float32frombits(binary.LittleEndian.Uint32(b[i:]))))
			}
		case tensorDoubleData:
			for i := 0; i+8 <= len(b); i += 8 {
				floats = append(floats, math.Float64frombits(binary.LittleEndian.Uint64(b[i:])))
			}
		case tensorInt32Data, tensorInt64Data, tensorUint64Data:
			for len(b) > 0 {
				v, k := consumeVarint(b)
				if k < 0 {
					return nil, nil, false, nil
				}
				b = b[k:]
				if s.field == tensorInt32Data {
					v = uint64(int64(int32(v)))
				}
				if t.DataType.IsFloat() {
					// float16/bfloat16 stored in int32_data: as bits.
					floats = append(floats, halfToFloat(t.DataType, uint16(v)))
				} else {
					ints = append(ints, int64(v))
				}
			}
		default:
			return nil, nil, false, nil
		}
	}
	if int64(len(ints)+len(floats)) != n {
		return nil, nil, false, nil
	}
	return ints, floats, true, nil
}

func decodeRaw(dt DataType, b []byte, ints []int64, floats []float64) ([]int64, []float64, bool) {
	size := dt.Bits() / 8
	if size == 0 || int64(len(b))%size != 0 {
		return ints, floats, false
	}
	for i := 0; i < len(b); i += int(size) {
		switch dt {
		case Float:
			floats = append(floats, float64(math.Float32frombits(binary.LittleEndian.Uint32(b[i:]))))
		case Double:
			floats = append(floats, math.Float64frombits(binary.LittleEndian.Uint64(b[i:])))
		case Float16, BFloat16:
			floats = append(floats, halfToFloat(dt, binary.LittleEndian.Uint16(b[i:])))
		case Int64, Uint64:
			ints = append(ints, int64(binary.LittleEndian.Uint64(b[i:])))
		case Int32:
			ints = append(ints, int64(int32(binary.LittleEndian.Uint32(b[i:]))))
		case Uint32:
			ints = append(ints, int64(binary.LittleEndian.Uint32(b[i:])))
		case Int16:
			ints = append(ints, int64(int16(binary.LittleEndian.Uint16(b[i:]))))
		case Uint16:
			ints = append(ints, int64(binary.LittleEndian.Uint16(b[i:])))
		case Int8:
			ints = append(ints, int64(int8(b[i])))
		case Uint8, Bool:
			ints = append(ints, int64(b[i]))
		default:
			return ints, floats, false
		}
	}
	return ints, floats, true
}

func halfToFloat(dt DataType, h uint16) float64 {
	if dt == BFloat16 {
		return float64(math.Float32frombits(uint32(h) << 16))
	}
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0:
		v := float64(frac) / 1024 * math.Pow(2, -14)
		if sign != 0 {
			v = -v
		}
		return v
	case exp == 31:
		return float64(math.Float32frombits(sign | 0xff<<23 | frac<<13))
	}
	return float64(math.Float32frombits(sign | (exp+112)<<23 | frac<<13))
}

// numel is the product of dims, with overflow (past 2^62) reported.
func numel(dims []int64) (int64, bool) {
	n := int64(1)
	for _, d := range dims {
		if d < 0 {
			return 0, true
		}
		if d != 0 && n > (1<<62)/d {
			return 0, true
		}
		n *= d
	}
	return n, false
}

// ValueInfo is a graph input's, output's or intermediate value's
// declared type.
type ValueInfo struct {
	Name     string
	ElemType DataType
	HasShape bool
	Dims     []Dim
	// NotTensor marks a sequence, map or optional value.
	NotTensor bool
}

// Dim is one declared dimension: a number, a named dynamic axis
// ("batch"), or unknown.
type Dim struct {
	Value int64
	Known bool
	Param string
}
