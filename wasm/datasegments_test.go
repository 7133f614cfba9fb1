//go:build !(js && wasm)

package main

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// module is a wasm module of the given sections (id, body), each body
// written with its length.
func module(sections ...any) []byte {
	var w bytes.Buffer
	w.WriteString("\x00asm\x01\x00\x00\x00")
	for i := 0; i < len(sections); i += 2 {
		body := sections[i+1].([]byte)
		w.WriteByte(byte(sections[i].(int)))
		writeULEB(&w, uint64(len(body)))
		w.Write(body)
	}
	return w.Bytes()
}

// image is the memory the data section of module b initializes.
func image(t *testing.T, b []byte) []byte {
	t.Helper()
	r := wasmReader{b: b, i: 8}
	var mem []byte
	for r.i < len(b) {
		id := r.byte()
		body := r.bytes(int(r.uleb()))
		if id != 11 {
			continue
		}
		segs, err := readDataSection(body)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range segs {
			if need := int(s.offset) + len(s.data); need > len(mem) {
				mem = append(mem, make([]byte, need-len(mem))...)
			}
			copy(mem[s.offset:], s.data)
		}
	}
	return mem
}

// TestPackData: the joined segments initialize the same memory; other
// sections are copied as they were; a data count section follows the
// new count; what Go's linker does not write is refused.
func TestPackData(t *testing.T) {
	// The last but one out of order, as one in Go's app.wasm.
	segs := []dataSegment{{16, []byte("ab")}, {4096, []byte("ef")}, {1 << 31, []byte("hi")}, {20, []byte("cd")}}
	code := []byte{1, 2, 3}
	in := module(1, []byte{0}, 12, []byte{4}, 10, code, 11, writeDataSection(segs), 0, []byte("\x04nameXY"))
	out, before, after, err := packData(in, 1024)
	if err != nil {
		t.Fatal(err)
	}
	if before != 4 || after != 3 {
		t.Errorf("%d segments joined into %d, want 4 into 3", before, after)
	}
	if !bytes.Equal(image(t, in), image(t, out)) {
		t.Error("the memory image changed")
	}
	want := module(1, []byte{0}, 12, []byte{3}, 10, code, 11, writeDataSection([]dataSegment{{16, []byte("ab\x00\x00cd")}, {4096, []byte("ef")}, {1 << 31, []byte("hi")}}),
		0, []byte("\x04nameXY"))
	if !bytes.Equal(out, want) {
		t.Errorf("packed module\n%q\nwant\n%q", out, want)
	}

	// Many random segments, as the linker writes them: the same image.
	rng := rand.New(rand.NewPCG(1, 2))
	segs = nil
	at := uint32(1024)
	for range 2000 {
		at += uint32(rng.IntN(3000))
		data := make([]byte, 1+rng.IntN(40))
		for i := range data {
			data[i] = byte(1 + rng.IntN(255))
		}
		segs = append(segs, dataSegment{at, data})
		at += uint32(len(data))
	}
	in = module(11, writeDataSection(segs))
	out, _, after, err = packData(in, 1024)
	if err != nil || after >= len(segs) || after == 0 {
		t.Fatalf("random segments: %d joined into %d: %v", len(segs), after, err)
	}
	if !bytes.Equal(image(t, in), image(t, out)) {
		t.Error("random segments: the memory image changed")
	}

	for _, c := range []struct {
		name string
		body []byte
		err  string
	}{
		{"passive", []byte{1, 1, 2, 'a', 'b'}, "not an active segment"},
		{"global offset", []byte{1, 0, 0x23, 0, 0x0b, 1, 'a'}, "not an i32.const"},
		{"overlap", writeDataSection([]dataSegment{{100, []byte("ab")}, {101, []byte("c")}}), "overlap"},
		{"overlap out of order", writeDataSection([]dataSegment{{101, []byte("c")}, {100, []byte("ab")}}), "overlap"},
		{"truncated", writeDataSection([]dataSegment{{100, []byte("ab")}})[:5], "truncated"},
	} {
		if _, _, _, err := packData(module(11, c.body), 1024); err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.err)
		}
	}
	if _, _, _, err := packData([]byte("not wasm"), 1024); err == nil {
		t.Error("a file that is not wasm was packed")
	}
}
