package onnx

import (
	"encoding/base64"
	"encoding/binary"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Graph-only files. The page cannot keep a 2 GB file, and its editor,
// autosave and links carry text: it reads the file in slices (Decode),
// keeps only the graph (Strip: every tensor's payload left out, with
// its dims, data type and where it was) and puts that, in base64, in the
// editor as the model's text (Text). Importer reads the text form too.

// textHeader starts the text form; textData starts its data line.
const (
	textHeader = "# ONNX graph of "
	textData   = "onnx:base64:"
)

// Strip decodes src and encodes its graph again without the weights:
// initializers keep their name, dims and data type and point to where
// their data was (data_location EXTERNAL); constants small enough to
// fold keep their values. Counting the stripped file gives the same
// result as counting src.
func Strip(src Source) ([]byte, error) {
	m, err := Decode(src)
	if err != nil {
		return nil, err
	}
	return encodeModel(m, src.Name)
}

// Text is src stripped (Strip) as the editor's text: a comment line
// naming the file, then the graph in base64.
func Text(src Source) (string, error) {
	b, err := Strip(src)
	if err != nil {
		return "", err
	}
	name := strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, src.Name)
	return textHeader + name + " (weights left out: FlopLab reads only dims and data types)\n" +
		textData + base64.StdEncoding.EncodeToString(b) + "\n", nil
}

// fromText returns the file name and bytes of a text form, ok false when
// s is not one.
func fromText(s string) (name string, b []byte, ok bool, err error) {
	if !strings.HasPrefix(s, textHeader) {
		return "", nil, false, nil
	}
	head, rest, _ := strings.Cut(s, "\n")
	name, _, _ = strings.Cut(strings.TrimPrefix(head, textHeader), " (weights left out")
	rest = strings.TrimSpace(rest)
	if !strings.HasPrefix(rest, textData) {
		return name, nil, false, nil
	}
	b, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(strings.TrimPrefix(rest, textData)), ""))
	return name, b, true, err
}

func encodeModel(m *Model, file string) ([]byte, error) {
	var b []byte
	b = appendVarintField(b, modelIRVersion, uint64(m.IRVersion))
	b = appendStr(b, modelProducerName, m.Producer)
	b = appendStr(b, modelProducerVersion, m.ProducerVersion)
	g, err := encodeGraph(m.Graph, file)
	if err != nil {
		return nil, err
	}
	b = appendSub(b, modelGraph, g)
	domains := make([]string, 0, len(m.Opsets))
	for d := range m.Opsets {
		domains = append(domains, d)
	}
	sort.Strings(domains)
	for _, domain := range domains {
		v := m.Opsets[domain]
		var op []byte
		op = appendStr(op, opsetDomain, domain)
		op = appendVarintField(op, opsetVersion, uint64(v))
		b = appendSub(b, modelOpsetImport, op)
	}
	return b, nil
}

func encodeGraph(g *Graph, file string) ([]byte, error) {
	var b []byte
	b = appendStr(b, graphName, g.Name)
	for _, n := range g.Nodes {
		var nb []byte
		for _, in := range n.Inputs {
			nb = appendStrAlways(nb, nodeInput, in)
		}
		for _, out := range n.Outputs {
			nb = appendStrAlways(nb, nodeOutput, out)
		}
		nb = appendStr(nb, nodeName, n.Name)
		nb = appendStr(nb, nodeOpType, n.OpType)
		nb = appendStr(nb, nodeDomain, n.Domain)
		for i := range n.Attrs {
			a, err := encodeAttr(&n.Attrs[i], file)
			if err != nil {
				return nil, err
			}
			nb = appendSub(nb, nodeAttribute, a)
		}
		b = appendSub(b, graphNode, nb)
	}
	for _, t := range g.Initializers {
		tb, err := encodeTensor(t, file)
		if err != nil {
			return nil, err
		}
		b = appendSub(b, graphInitializer, tb)
	}
	for _, list := range []struct {
		num wireNum
		vs  []ValueInfo
	}{{graphInput, g.Inputs}, {graphOutput, g.Outputs}} {
		for _, v := range list.vs {
			b = appendSub(b, list.num, encodeValueInfo(v))
		}
	}
	return b, nil
}

func encodeAttr(a *Attr, file string) ([]byte, error) {
	var b []byte
	b = appendStr(b, attrName, a.Name)
	b = appendVarintField(b, attrType, uint64(a.Type))
	if a.set&(1<<AttrFloat) != 0 {
		b = appendTag(b, attrF, fixed32Type)
		b = appendFixed32(b, math.Float32bits(float32(a.F)))
	}
	if a.set&(1<<AttrInt) != 0 {
		b = appendTag(b, attrI, varintType)
		b = appendVarint(b, uint64(a.I))
	}
	if a.set&(1<<AttrString) != 0 {
		b = appendStrAlways(b, attrS, a.S)
	}
	if a.T != nil {
		t, err := encodeTensor(a.T, file)
		if err != nil {
			return nil, err
		}
		b = appendSub(b, attrT, t)
	}
	if a.set&(1<<AttrGraph) != 0 {
		b = appendSub(b, attrG, nil) // kept as a mark: the op stops the count
	}
	if len(a.Floats) > 0 {
		var p []byte
		for _, f := range a.Floats {
			p = appendFixed32(p, math.Float32bits(float32(f)))
		}
		b = appendSub(b, attrFloats, p)
	}
	if len(a.Ints) > 0 {
		var p []byte
		for _, v := range a.Ints {
			p = appendVarint(p, uint64(v))
		}
		b = appendSub(b, attrInts, p)
	}
	for _, s := range a.Strings {
		b = appendStrAlways(b, attrStrings, s)
	}
	return b, nil
}

// maxKeptFloats bounds the floating-point tensors Strip keeps with their
// values: scalars and scales that shapes may depend on, not weights.
const maxKeptFloats = 64

// encodeTensor writes t's name, dims and type; its values when they are
// small enough to fold, else an external-data reference to where they
// were.
func encodeTensor(t *Tensor, file string) ([]byte, error) {
	var b []byte
	if len(t.Dims) > 0 {
		var p []byte
		for _, d := range t.Dims {
			p = appendVarint(p, uint64(d))
		}
		b = appendSub(b, tensorDims, p)
	}
	b = appendVarintField(b, tensorDataType, uint64(t.DataType))
	b = appendStr(b, tensorName, t.Name)
	limit := int64(maxConstVals)
	if t.DataType.IsFloat() {
		limit = maxKeptFloats
	}
	ints, floats, ok, err := t.Values(limit)
	if err != nil {
		return nil, err
	}
	if ok {
		if raw, ok := encodeRaw(t.DataType, ints, floats); ok {
			return appendSub(b, tensorRawData, raw), nil
		}
	}
	loc, off, n := t.Location, t.ExtOffset, t.ExtLength
	if !t.External {
		loc = file
		for _, s := range t.data {
			off, n = s.off, s.n
		}
	}
	for _, e := range [][2]string{{"location", loc}, {"offset", strconv.FormatInt(off, 10)}, {"length", strconv.FormatInt(n, 10)}} {
		var eb []byte
		eb = appendStrAlways(eb, entryKey, e[0])
		eb = appendStrAlways(eb, entryValue, e[1])
		b = appendSub(b, tensorExternalData, eb)
	}
	return appendVarintField(b, tensorDataLocation, 1), nil
}

func encodeRaw(dt DataType, ints []int64, floats []float64) ([]byte, bool) {
	var b []byte
	switch dt {
	case Float:
		for _, f := range floats {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(f)))
		}
	case Double:
		for _, f := range floats {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
		}
	case Int64, Uint64:
		for _, v := range ints {
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		}
	case Int32, Uint32:
		for _, v := range ints {
			b = binary.LittleEndian.AppendUint32(b, uint32(v))
		}
	case Int8, Uint8, Bool:
		for _, v := range ints {
			b = append(b, byte(v))
		}
	default:
		return nil, false
	}
	return b, true
}

func encodeValueInfo(v ValueInfo) []byte {
	var shape []byte
	for _, d := range v.Dims {
		var db []byte
		if d.Known {
			db = appendTag(db, dimValue, varintType)
			db = appendVarint(db, uint64(d.Value))
		}
		db = appendStr(db, dimParam, d.Param)
		shape = appendSub(shape, shapeDim, db)
	}
	var tt []byte
	tt = appendVarintField(tt, tensorTypeElem, uint64(v.ElemType))
	if v.HasShape {
		tt = appendSub(tt, tensorTypeShape, shape)
	}
	var b []byte
	b = appendStr(b, valueName, v.Name)
	return appendSub(b, valueType, appendSub(nil, typeTensor, tt))
}

func appendVarintField(b []byte, num wireNum, v uint64) []byte {
	b = appendTag(b, num, varintType)
	return appendVarint(b, v)
}

func appendStr(b []byte, num wireNum, s string) []byte {
	if s == "" {
		return b
	}
	return appendStrAlways(b, num, s)
}

func appendStrAlways(b []byte, num wireNum, s string) []byte {
	b = appendTag(b, num, bytesType)
	return append(appendVarint(b, uint64(len(s))), s...)
}

func appendSub(b []byte, num wireNum, m []byte) []byte {
	b = appendTag(b, num, bytesType)
	return append(appendVarint(b, uint64(len(m))), m...)
}
