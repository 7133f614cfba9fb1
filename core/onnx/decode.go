package onnx

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"strconv"
	"strings"

	"floplab/core/diag"
	"floplab/core/msg"
)

// The ONNX fields FlopLab reads, by message (onnx/onnx.proto3, IR
// versions 3 to 10). Every other field is skipped by its wire type.
const (
	// ModelProto
	modelIRVersion       = 1
	modelProducerName    = 2
	modelProducerVersion = 3
	modelGraph           = 7
	modelOpsetImport     = 8
	modelFunctions       = 25
	// OperatorSetIdProto
	opsetDomain  = 1
	opsetVersion = 2
	// GraphProto
	graphNode              = 1
	graphName              = 2
	graphInitializer       = 5
	graphInput             = 11
	graphOutput            = 12
	graphValueInfo         = 13
	graphSparseInitializer = 15
	// NodeProto
	nodeInput     = 1
	nodeOutput    = 2
	nodeName      = 3
	nodeOpType    = 4
	nodeAttribute = 5
	nodeDomain    = 7
	// AttributeProto
	attrName    = 1
	attrF       = 2
	attrI       = 3
	attrS       = 4
	attrT       = 5
	attrG       = 6
	attrFloats  = 7
	attrInts    = 8
	attrStrings = 9
	attrGraphs  = 11
	attrType    = 20
	// TensorProto
	tensorDims         = 1
	tensorDataType     = 2
	tensorFloatData    = 4
	tensorInt32Data    = 5
	tensorStringData   = 6
	tensorInt64Data    = 7
	tensorName         = 8
	tensorRawData      = 9
	tensorDoubleData   = 10
	tensorUint64Data   = 11
	tensorExternalData = 13
	tensorDataLocation = 14
	// StringStringEntryProto
	entryKey   = 1
	entryValue = 2
	// ValueInfoProto
	valueName = 1
	valueType = 2
	// TypeProto
	typeTensor = 1
	// TypeProto.Tensor
	tensorTypeElem  = 1
	tensorTypeShape = 2
	// TensorShapeProto
	shapeDim = 1
	// TensorShapeProto.Dimension
	dimValue = 1
	dimParam = 2
)

// Limits on what one file may hold. They bound the decoder's time and
// memory whatever the file says; real models are far below them.
const (
	maxNameBytes = 64 << 10  // one name or string attribute
	maxRank      = 64        // dims of one tensor
	maxListLen   = 1 << 16   // one attribute's list
	maxNodes     = 1 << 20   // nodes in the graph
	maxKept      = 256 << 20 // bytes of structure kept (names, attributes, small tensors)
	maxConstVals = 1 << 16   // elements of a constant tensor read for folding
)

// Source is an ONNX file to decode: random access to its bytes. The page
// passes a File read with Blob.slice, the CLI an *os.File; only the
// graph's structure is read, never the weights.
type Source struct {
	Name string // the file name, for messages
	R    io.ReaderAt
	Size int64
}

// FromBytes is a Source over b.
func FromBytes(name string, b []byte) Source {
	return Source{Name: name, R: bytes.NewReader(b), Size: int64(len(b))}
}

// decoder decodes one file.
type decoder struct {
	src  *source
	name string
	size int64
	kept int64 // bytes of structure kept so far
	m    *Model
}

// Decode reads the model's structure from src: its graph's nodes,
// inputs, outputs, initializers' names, dims and data types, and small
// constant tensors. Tensor payloads are skipped by their length prefix,
// so the bytes read are those of the graph, not of the weights.
func Decode(src Source) (*Model, error) {
	d := &decoder{src: &source{r: src.R, size: src.Size}, name: src.Name, size: src.Size}
	if d.name == "" {
		d.name = "model.onnx"
	}
	if src.Size == 0 {
		return nil, d.notONNX(0, msg.F("the file is empty"))
	}
	d.m = &Model{Opsets: map[string]int64{}}
	if err := d.model(&msgReader{s: d.src, off: 0, end: src.Size, what: "the model", d: d}); err != nil {
		return nil, err
	}
	d.m.BytesRead = d.src.read
	return d.m, nil
}

func (d *decoder) pos() diag.Pos { return diag.Pos{File: d.name} }

// corrupt is an error for malformed bytes at off.
func (d *decoder) corrupt(off int64, text msg.Text) error {
	return diag.New(d.pos(), msg.Cat(msg.F("byte %s: ", msg.Num(off)), text),
		msg.F("the file is damaged or is not an ONNX model; export it again (torch.onnx.export, tf2onnx, paddle2onnx)"))
}

func (d *decoder) notONNX(off int64, text msg.Text) error {
	return diag.New(d.pos(), msg.Cat(msg.F("not an ONNX model: "), text),
		msg.F("open a .onnx file as exported by torch.onnx.export, tf2onnx or paddle2onnx"))
}

func (d *decoder) truncated(off int64, what string) error {
	return diag.New(d.pos(), msg.F("the file is truncated: it ends at byte %s, inside %s", msg.Num(d.size), what),
		msg.F("the download or copy was cut short; get the whole file again"))
}

func (d *decoder) readErr(off int64, err error) error {
	if err == io.ErrUnexpectedEOF {
		return d.truncated(off, "the model")
	}
	return diag.New(d.pos(), msg.F("reading byte %s: %s", msg.Num(off), err.Error()), msg.F("check that the file can be read"))
}

// budget accounts n more bytes of kept structure.
func (d *decoder) budget(n int64) error {
	d.kept += n
	if d.kept > maxKept {
		return diag.New(d.pos(), msg.F("the graph's structure holds more than %s bytes of names and attributes", msg.Num(maxKept)),
			msg.F("this is far beyond any real model; the file may be hostile"))
	}
	return nil
}

func (d *decoder) model(m *msgReader) error {
	sawGraph := false
	first := true
	err := m.each(func(f field) error {
		if first {
			first = false
			if !modelStart(f) {
				return d.notONNX(0, msg.F("it does not start with an ONNX model's fields"))
			}
		}
		switch {
		case f.num == modelIRVersion && f.typ == varintType:
			d.m.IRVersion = int64(f.v)
		case f.num == modelProducerName && f.typ == bytesType:
			return m.name(f, &d.m.Producer)
		case f.num == modelProducerVersion && f.typ == bytesType:
			return m.name(f, &d.m.ProducerVersion)
		case f.num == modelOpsetImport && f.typ == bytesType:
			return d.opset(m.sub(f, "opset_import"))
		case f.num == modelGraph && f.typ == bytesType:
			if sawGraph {
				return d.corrupt(f.off, msg.F("the model has two graphs"))
			}
			sawGraph = true
			g := &Graph{}
			if err := d.graph(m.sub(f, "graph"), g); err != nil {
				return err
			}
			d.m.Graph = g
		case f.num == modelFunctions && f.typ == bytesType:
			d.m.Functions++
		}
		return nil
	})
	if err != nil {
		if first {
			return d.notONNX(0, msg.F("its first bytes are not a protobuf message"))
		}
		return err
	}
	if !sawGraph {
		return d.notONNX(0, msg.F("the file has no graph"))
	}
	if d.m.IRVersion < 3 || d.m.IRVersion > 11 {
		return diag.New(d.pos(), msg.F("IR version %d is not supported (FlopLab reads IR versions 3 to 10)", d.m.IRVersion),
			msg.F("convert the model with onnx.version_converter or export it again with a current exporter"))
	}
	return nil
}

// modelStart tells whether f can be the first field of a ModelProto:
// writers emit fields in number order, ir_version (1) first.
func modelStart(f field) bool {
	switch f.num {
	case modelIRVersion, 5: // ir_version, model_version
		return f.typ == varintType
	case modelProducerName, modelProducerVersion, 4, 6, modelGraph, modelOpsetImport: // 4 domain, 6 doc_string
		return f.typ == bytesType
	}
	return false
}

func (d *decoder) opset(m *msgReader) error {
	domain, version := "", int64(0)
	err := m.each(func(f field) error {
		switch {
		case f.num == opsetDomain && f.typ == bytesType:
			return m.name(f, &domain)
		case f.num == opsetVersion && f.typ == varintType:
			version = int64(f.v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if domain == "ai.onnx" {
		domain = ""
	}
	d.m.Opsets[domain] = version
	return nil
}

func (d *decoder) graph(m *msgReader, g *Graph) error {
	return m.each(func(f field) error {
		if f.typ != bytesType {
			return nil
		}
		switch f.num {
		case graphName:
			return m.name(f, &g.Name)
		case graphNode:
			if len(g.Nodes) >= maxNodes {
				return d.corrupt(f.off, msg.F("the graph has more than %s nodes", msg.Num(maxNodes)))
			}
			n := &Node{Index: len(g.Nodes)}
			if err := d.node(m.sub(f, "a node"), n); err != nil {
				return err
			}
			g.Nodes = append(g.Nodes, n)
		case graphInitializer:
			t := &Tensor{}
			if err := d.tensor(m.sub(f, "an initializer"), t, false); err != nil {
				return err
			}
			g.Initializers = append(g.Initializers, t)
		case graphSparseInitializer:
			g.SparseInitializers++
		case graphInput, graphOutput, graphValueInfo:
			v := ValueInfo{}
			if err := d.valueInfo(m.sub(f, "a graph input or output"), &v); err != nil {
				return err
			}
			switch f.num {
			case graphInput:
				g.Inputs = append(g.Inputs, v)
			case graphOutput:
				g.Outputs = append(g.Outputs, v)
			default:
				g.ValueInfo = append(g.ValueInfo, v)
			}
		}
		return nil
	})
}

func (d *decoder) node(m *msgReader, n *Node) error {
	return m.each(func(f field) error {
		if f.typ != bytesType {
			return nil
		}
		switch f.num {
		case nodeInput, nodeOutput:
			s, err := m.str(f, maxNameBytes)
			if err != nil {
				return err
			}
			if len(n.Inputs)+len(n.Outputs) >= maxListLen {
				return d.corrupt(f.off, msg.F("a node has more than %s inputs and outputs", msg.Num(maxListLen)))
			}
			if f.num == nodeInput {
				n.Inputs = append(n.Inputs, s)
			} else {
				n.Outputs = append(n.Outputs, s)
			}
		case nodeName:
			return m.name(f, &n.Name)
		case nodeOpType:
			return m.name(f, &n.OpType)
		case nodeDomain:
			if err := m.name(f, &n.Domain); err != nil {
				return err
			}
			if n.Domain == "ai.onnx" {
				n.Domain = ""
			}
		case nodeAttribute:
			if len(n.Attrs) >= maxListLen {
				return d.corrupt(f.off, msg.F("a node has more than %s attributes", msg.Num(maxListLen)))
			}
			a := Attr{}
			if err := d.attr(m.sub(f, "an attribute"), &a); err != nil {
				return err
			}
			n.Attrs = append(n.Attrs, a)
		}
		return nil
	})
}

func (d *decoder) attr(m *msgReader, a *Attr) error {
	return m.each(func(f field) error {
		switch {
		case f.num == attrName && f.typ == bytesType:
			return m.name(f, &a.Name)
		case f.num == attrType && f.typ == varintType:
			a.Type = AttrType(f.v)
		case f.num == attrF && f.typ == fixed32Type:
			a.F = float64(math.Float32frombits(uint32(f.v)))
			a.set |= 1 << AttrFloat
		case f.num == attrI && f.typ == varintType:
			a.I = int64(f.v)
			a.set |= 1 << AttrInt
		case f.num == attrS && f.typ == bytesType:
			if err := m.name(f, &a.S); err != nil {
				return err
			}
			a.set |= 1 << AttrString
		case f.num == attrT && f.typ == bytesType:
			a.T = &Tensor{}
			if err := d.tensor(m.sub(f, "an attribute's tensor"), a.T, true); err != nil {
				return err
			}
			a.set |= 1 << AttrTensor
		case f.num == attrG && f.typ == bytesType, f.num == attrGraphs && f.typ == bytesType:
			// Subgraphs (If, Loop, Scan) are not read: the ops that hold
			// them stop the count.
			a.set |= 1 << AttrGraph
		case f.num == attrFloats:
			if err := d.floats(m, f, &a.Floats); err != nil {
				return err
			}
			a.set |= 1 << AttrFloats
		case f.num == attrInts:
			var err error
			if a.Ints, err = m.ints(f, a.Ints, maxListLen); err != nil {
				return err
			}
			if err := d.budget(8); err != nil {
				return err
			}
			a.set |= 1 << AttrInts
		case f.num == attrStrings && f.typ == bytesType:
			if len(a.Strings) >= maxListLen {
				return d.corrupt(f.off, msg.F("an attribute holds more than %s strings", msg.Num(maxListLen)))
			}
			s, err := m.str(f, maxNameBytes)
			if err != nil {
				return err
			}
			a.Strings = append(a.Strings, s)
			a.set |= 1 << AttrStrings
		}
		return nil
	})
}

// floats reads a repeated float field (packed or one value).
func (d *decoder) floats(m *msgReader, f field, dst *[]float64) error {
	switch f.typ {
	case fixed32Type:
		if len(*dst) >= maxListLen {
			return d.corrupt(f.off, msg.F("an attribute holds more than %s numbers", msg.Num(maxListLen)))
		}
		*dst = append(*dst, float64(math.Float32frombits(uint32(f.v))))
		return nil
	case bytesType:
		if f.n%4 != 0 || f.n/4+int64(len(*dst)) > maxListLen {
			return d.corrupt(f.off, msg.F("a list of floats in %s is malformed or longer than %s", m.what, msg.Num(maxListLen)))
		}
		if err := d.budget(f.n); err != nil {
			return err
		}
		b, err := d.src.readAt(f.off, int(f.n))
		if err != nil {
			return d.readErr(f.off, err)
		}
		for i := 0; i+4 <= len(b); i += 4 {
			*dst = append(*dst, float64(math.Float32frombits(binary.LittleEndian.Uint32(b[i:]))))
		}
		return nil
	}
	return d.corrupt(f.off, msg.F("a list of floats in %s has the wrong wire type", m.what))
}

// tensor reads a TensorProto's name, dims, data type and where its data
// lies (never the data itself; see Tensor.Values).
func (d *decoder) tensor(m *msgReader, t *Tensor, constant bool) error {
	err := m.each(func(f field) error {
		switch {
		case f.num == tensorDims:
			var err error
			t.Dims, err = m.ints(f, t.Dims, maxRank)
			return err
		case f.num == tensorDataType && f.typ == varintType:
			t.DataType = DataType(f.v)
		case f.num == tensorName && f.typ == bytesType:
			return m.name(f, &t.Name)
		case f.num == tensorDataLocation && f.typ == varintType:
			t.External = f.v == 1
		case f.num == tensorExternalData && f.typ == bytesType:
			k, v, err := d.entry(m.sub(f, "an external data entry"))
			if err != nil {
				return err
			}
			switch k {
			case "location":
				t.Location = v
			case "offset", "length":
				// As onnx's external_data_helper reads them: int(value), a
				// decimal integer (strconv rather than fmt.Sscan, whose scanner
				// would be linked into app.wasm for this one call: 15 KB zstd).
				x, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				if err != nil || x < 0 {
					return d.corrupt(f.off, msg.F("external data %s %q is not a byte count", k, v))
				}
				if k == "offset" {
					t.ExtOffset = x
				} else {
					t.ExtLength = x
				}
			}
		case f.typ == bytesType && (f.num == tensorRawData || f.num == tensorFloatData || f.num == tensorInt32Data ||
			f.num == tensorInt64Data || f.num == tensorDoubleData || f.num == tensorUint64Data || f.num == tensorStringData):
			// Skipped: only where it lies is kept.
			t.data = append(t.data, span{field: int(f.num), off: f.off, n: f.n})
		case f.typ == varintType && (f.num == tensorInt32Data || f.num == tensorInt64Data || f.num == tensorUint64Data),
			f.typ == fixed32Type && f.num == tensorFloatData, f.typ == fixed64Type && f.num == tensorDoubleData:
			// An unpacked value (proto2 writers): keep it inline.
			if len(t.inline) >= maxConstVals {
				return d.corrupt(f.off, msg.F("a tensor holds more than %s unpacked values", msg.Num(maxConstVals)))
			}
			t.inline = append(t.inline, inlineVal{field: int(f.num), v: f.v})
		}
		return nil
	})
	if err != nil {
		return err
	}
	t.src = d.src
	for _, x := range t.Dims {
		if x < 0 {
			return d.corrupt(m.end, msg.F("tensor %q has a negative dimension %d", t.Name, x))
		}
	}
	return nil
}

func (d *decoder) entry(m *msgReader) (k, v string, err error) {
	err = m.each(func(f field) error {
		switch {
		case f.num == entryKey && f.typ == bytesType:
			return m.name(f, &k)
		case f.num == entryValue && f.typ == bytesType:
			return m.name(f, &v)
		}
		return nil
	})
	return k, v, err
}

func (d *decoder) valueInfo(m *msgReader, v *ValueInfo) error {
	return m.each(func(f field) error {
		switch {
		case f.num == valueName && f.typ == bytesType:
			return m.name(f, &v.Name)
		case f.num == valueType && f.typ == bytesType:
			return d.typeProto(m.sub(f, "a type"), v)
		}
		return nil
	})
}

// typeProto reads a TypeProto: a tensor's element type and shape (any
// other type marks v NotTensor).
func (d *decoder) typeProto(m *msgReader, v *ValueInfo) error {
	return m.each(func(f field) error {
		if f.num != typeTensor || f.typ != bytesType {
			if f.typ == bytesType {
				v.NotTensor = true
			}
			return nil
		}
		t := m.sub(f, "a tensor type")
		return t.each(func(g field) error {
			switch {
			case g.num == tensorTypeElem && g.typ == varintType:
				v.ElemType = DataType(g.v)
			case g.num == tensorTypeShape && g.typ == bytesType:
				v.HasShape = true
				return d.shape(t.sub(g, "a shape"), v)
			}
			return nil
		})
	})
}

// shape reads a TensorShapeProto's dimensions into v.
func (d *decoder) shape(s *msgReader, v *ValueInfo) error {
	return s.each(func(h field) error {
		if h.num != shapeDim || h.typ != bytesType {
			return nil
		}
		if len(v.Dims) >= maxRank {
			return d.corrupt(h.off, msg.F("a shape has more than %d dimensions", maxRank))
		}
		dim, err := d.dim(s.sub(h, "a dimension"))
		if err != nil {
			return err
		}
		v.Dims = append(v.Dims, dim)
		return nil
	})
}

func (d *decoder) dim(m *msgReader) (dim Dim, err error) {
	err = m.each(func(f field) error {
		switch {
		case f.num == dimValue && f.typ == varintType:
			dim.Value, dim.Known = int64(f.v), true
			if dim.Value < 0 {
				return d.corrupt(f.off, msg.F("a negative dimension %d", dim.Value))
			}
		case f.num == dimParam && f.typ == bytesType:
			return m.name(f, &dim.Param)
		}
		return nil
	})
	return dim, err
}
