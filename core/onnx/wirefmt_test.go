package onnx

import (
	"bytes"
	"math"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// TestWireFormatAsProtowire checks the package's varint and tag helpers
// against protobuf's own encoding/protowire, value by value, including
// truncated, overlong and non-minimal varints.
func TestWireFormatAsProtowire(t *testing.T) {
	for _, v := range []uint64{0, 1, 127, 128, 300, 1<<14 - 1, 1 << 14, 1<<32 - 1, 1 << 35, 1<<63 - 1, 1 << 63, math.MaxUint64} {
		got, want := appendVarint([]byte{9}, v), protowire.AppendVarint([]byte{9}, v)
		if !bytes.Equal(got, want) {
			t.Errorf("appendVarint(%d) = %x, want %x", v, got, want)
		}
		for cut := 0; cut <= len(want)-1; cut++ {
			b := want[1 : 1+cut]
			gv, gn := consumeVarint(b)
			wv, wn := protowire.ConsumeVarint(b)
			if gv != wv || gn != wn && !(gn < 0 && wn < 0) {
				t.Errorf("consumeVarint(%x) = %d, %d; protowire %d, %d", b, gv, gn, wv, wn)
			}
		}
	}
	for _, b := range [][]byte{
		{0x80, 0x00}, // non-minimal zero
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},       // max uint64
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02},       // overflows 64 bits
		{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, // 11 bytes
		{0x80, 0x80, 0x80}, // truncated
	} {
		gv, gn := consumeVarint(b)
		wv, wn := protowire.ConsumeVarint(b)
		if gv != wv || gn != wn && !(gn < 0 && wn < 0) {
			t.Errorf("consumeVarint(%x) = %d, %d; protowire %d, %d", b, gv, gn, wv, wn)
		}
	}
	for _, c := range []struct {
		num wireNum
		typ wireType
	}{{1, varintType}, {15, bytesType}, {16, fixed32Type}, {2047, fixed64Type}, {maxWireNum, bytesType}} {
		got := appendTag(nil, c.num, c.typ)
		if want := protowire.AppendTag(nil, protowire.Number(c.num), protowire.Type(c.typ)); !bytes.Equal(got, want) {
			t.Errorf("appendTag(%d, %d) = %x, want %x", c.num, c.typ, got, want)
		}
		x, _ := consumeVarint(got)
		if n, ty := decodeTag(x); n != c.num || ty != c.typ {
			t.Errorf("decodeTag(%x) = %d, %d", got, n, ty)
		}
	}
	if n, _ := decodeTag(uint64(math.MaxInt32+1) << 3); n >= minWireNum {
		t.Errorf("decodeTag of a field number past int32 gave %d, a valid number", n)
	}
	if got, want := appendFixed32(nil, 0x01020304), protowire.AppendFixed32(nil, 0x01020304); !bytes.Equal(got, want) {
		t.Errorf("appendFixed32 = %x, want %x", got, want)
	}
}
