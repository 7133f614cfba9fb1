package onnx

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeFile(t testing.TB, name string) *Model {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	m, err := Decode(Source{Name: name, R: f, Size: st.Size()})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDecodeResNet18(t *testing.T) {
	m := decodeFile(t, "resnet18_op13_graph.onnx")
	if m.IRVersion != 7 || m.Opset() != 13 || m.Producer != "pytorch" || m.ProducerVersion != "1.13.0" {
		t.Errorf("ir %d opset %d producer %q %q", m.IRVersion, m.Opset(), m.Producer, m.ProducerVersion)
	}
	g := m.Graph
	ops := map[string]int{}
	for _, n := range g.Nodes {
		ops[n.OpType]++
	}
	// torchvision's ResNet-18: 20 convolutions, 17 ReLUs, 8 residual adds.
	if ops["Conv"] != 20 || ops["Relu"] != 17 || ops["Add"] != 8 || ops["Gemm"] != 1 || ops["MaxPool"] != 1 {
		t.Errorf("ops %v", ops)
	}
	// make.py moved every tensor of 1 KiB or more to external data.
	var ext int
	for _, in := range g.Initializers {
		n, _ := numel(in.Dims)
		if in.External != (n*4 >= 1024) {
			t.Errorf("%s %v: external %v", in.Name, in.Dims, in.External)
		}
		if in.External && in.Location == "resnet18_op13_graph.onnx.data" && in.ExtLength == n*4 {
			ext++
		}
	}
	if ext != 32 {
		t.Errorf("%d of %d initializers in external data", ext, len(g.Initializers))
	}
	in := g.Inputs[0]
	if in.Name != "input" || in.ElemType != Float || len(in.Dims) != 4 || in.Dims[2].Value != 224 {
		t.Errorf("input %+v", in)
	}
}

// countingReader counts the bytes read.
type countingReader struct {
	r      *bytes.Reader
	n, max int64
	reads  int
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	c.reads++
	if int64(len(p)) > c.max {
		c.max = int64(len(p))
	}
	k, err := c.r.ReadAt(p, off)
	c.n += int64(k)
	return k, err
}

// TestDecodeLargeWeightsNotRead builds a model whose one initializer has
// 64 MiB of raw data and checks that decoding reads a few windows only.
func TestDecodeLargeWeightsNotRead(t *testing.T) {
	raw := make([]byte, 64<<20)
	var tensor []byte
	tensor = protowire.AppendTag(tensor, tensorDims, protowire.VarintType)
	tensor = protowire.AppendVarint(tensor, 16<<20)
	tensor = protowire.AppendTag(tensor, tensorDataType, protowire.VarintType)
	tensor = protowire.AppendVarint(tensor, uint64(Float))
	tensor = appendString(tensor, tensorName, "w")
	tensor = protowire.AppendTag(tensor, tensorRawData, protowire.BytesType)
	tensor = protowire.AppendBytes(tensor, raw)
	var graph []byte
	graph = appendMsg(graph, graphInitializer, tensor)
	graph = appendMsg(graph, graphNode, appendString(appendString(nil, nodeOpType, "Identity"), nodeInput, "w"))
	file := appendModel(graph, 13)
	c := &countingReader{r: bytes.NewReader(file)}
	m, err := Decode(Source{Name: "big.onnx", R: c, Size: int64(len(file))})
	if err != nil {
		t.Fatal(err)
	}
	if c.n > 4*window {
		t.Errorf("read %d bytes of a %d-byte file", c.n, len(file))
	}
	if w := m.Graph.Initializers[0]; w.Dims[0] != 16<<20 || w.Name != "w" {
		t.Errorf("initializer %+v", w)
	}
}

func appendString(b []byte, num protowire.Number, s string) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

func appendMsg(b []byte, num protowire.Number, m []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, m)
}

func appendModel(graph []byte, opset uint64) []byte {
	var b []byte
	b = protowire.AppendTag(b, modelIRVersion, protowire.VarintType)
	b = protowire.AppendVarint(b, 8)
	var op []byte
	op = protowire.AppendTag(op, opsetVersion, protowire.VarintType)
	op = protowire.AppendVarint(op, opset)
	b = appendMsg(b, modelGraph, graph)
	b = appendMsg(b, modelOpsetImport, op)
	return b
}

func TestDecodeBadFiles(t *testing.T) {
	good := readFile(t, "tiny_cnn_dynbatch.onnx")
	nested := []byte{}
	// A bomb of nested length-delimited fields inside an unknown field
	// of a node: skipped whole, never descended into.
	inner := []byte{}
	for i := 0; i < 10000; i++ {
		inner = appendMsg(nil, 99, inner)
		if len(inner) > 1<<16 {
			break
		}
	}
	nested = appendModel(appendMsg(nil, graphNode, append(appendString(nil, nodeOpType, "Relu"), appendMsg(nil, 99, inner)...)), 13)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not an ONNX model: the file is empty"},
		{"text", []byte("hello, world\n"), "not an ONNX model"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "not an ONNX model"},
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), "not an ONNX model"},
		{"json", []byte(`{"architectures": ["BertModel"]}`), "not an ONNX model"},
		{"truncated-1", good[:len(good)-1], "the file is truncated"},
		{"truncated-half", good[:len(good)/2], "the file is truncated"},
		{"truncated-10", good[:10], "the file is truncated"},
		{"no-graph", appendString(protowire.AppendVarint(protowire.AppendTag(nil, 1, protowire.VarintType), 7), 2, "x"), "the file has no graph"},
		{"ir-99", append(protowire.AppendVarint(protowire.AppendTag(nil, 1, protowire.VarintType), 99), appendMsg(nil, modelGraph, nil)...), "IR version 99 is not supported"},
		{"group-wire", append(appendModel(nil, 13), 0x0b), "wire type 3"},
		{"huge-length", append(appendModel(nil, 13), 0x3a, 0xff, 0xff, 0xff, 0xff, 0x0f), "the file is truncated"},
	} {
		_, err := Decode(FromBytes(c.name+".onnx", c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := Decode(FromBytes("nested.onnx", nested)); err != nil {
		t.Errorf("nested: %v", err)
	}
	// Every prefix of a real file: an error or a model, never a panic.
	for i := 0; i < len(good); i += 7 {
		Decode(FromBytes("prefix.onnx", good[:i]))
	}
}

func FuzzDecode(f *testing.F) {
	for _, name := range []string{"tiny_cnn_dynbatch.onnx", "tiny_cnn_external.onnx", "misc_ops.onnx"} {
		f.Add(readFile(f, name))
	}
	f.Add([]byte("hello"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(FromBytes("fuzz.onnx", b))
		if err != nil {
			return
		}
		if r, err := Infer(m, InferOptions{}); err == nil {
			Count(r)
		}
	})
}

// TestDecodeExternalDataByteCounts checks an initializer's external-data
// offset and length: decimal byte counts as onnx's external_data_helper
// reads them (int(value)); anything else is a corrupt file, not a zero.
func TestDecodeExternalDataByteCounts(t *testing.T) {
	model := func(offset, length string) []byte {
		var tensor []byte
		tensor = protowire.AppendTag(tensor, tensorDims, protowire.VarintType)
		tensor = protowire.AppendVarint(tensor, 4)
		tensor = protowire.AppendTag(tensor, tensorDataType, protowire.VarintType)
		tensor = protowire.AppendVarint(tensor, uint64(Float))
		tensor = appendString(tensor, tensorName, "w")
		tensor = protowire.AppendTag(tensor, tensorDataLocation, protowire.VarintType)
		tensor = protowire.AppendVarint(tensor, 1)
		entry := func(k, v string) []byte { return appendString(appendString(nil, entryKey, k), entryValue, v) }
		tensor = appendMsg(tensor, tensorExternalData, entry("location", "w.bin"))
		tensor = appendMsg(tensor, tensorExternalData, entry("offset", offset))
		tensor = appendMsg(tensor, tensorExternalData, entry("length", length))
		graph := appendMsg(nil, graphInitializer, tensor)
		graph = appendMsg(graph, graphNode, appendString(appendString(nil, nodeOpType, "Identity"), nodeInput, "w"))
		return appendModel(graph, 13)
	}
	for _, c := range []struct {
		offset, length   string
		wantOff, wantLen int64
		err              string
	}{
		{"4096", "16", 4096, 16, ""},
		{" 0", "+16", 0, 16, ""},
		{"9223372036854775807", "0", 1<<63 - 1, 0, ""},
		{"-1", "16", 0, 0, `external data offset "-1" is not a byte count`},
		{"0", "16 bytes", 0, 0, `external data length "16 bytes" is not a byte count`},
		{"0x10", "16", 0, 0, `external data offset "0x10" is not a byte count`},
		{"9223372036854775808", "16", 0, 0, `is not a byte count`},
	} {
		m, err := Decode(FromBytes("ext.onnx", model(c.offset, c.length)))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("offset %q length %q: got %v, want %q", c.offset, c.length, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("offset %q length %q: %v", c.offset, c.length, err)
			continue
		}
		w := m.Graph.Initializers[0]
		if !w.External || w.Location != "w.bin" || w.ExtOffset != c.wantOff || w.ExtLength != c.wantLen {
			t.Errorf("offset %q length %q: got %+v", c.offset, c.length, w)
		}
	}
}
