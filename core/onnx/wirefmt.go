package onnx

import "encoding/binary"

// The protobuf wire format, the few pieces of it FlopLab reads and writes
// (as google.golang.org/protobuf/encoding/protowire has them, which the
// tests still use to build files). Done here in a few lines because that
// package and what it imports cost app.wasm 4 KB of its zstd size and
// 6 KB of its gzip size (measured 2026-12-06).

// wireNum is a field number.
type wireNum int32

// wireType is a field's wire type.
type wireType int8

const (
	varintType  wireType = 0
	fixed64Type wireType = 1
	bytesType   wireType = 2
	fixed32Type wireType = 5

	minWireNum wireNum = 1
	maxWireNum wireNum = 1<<29 - 1
)

// consumeVarint decodes the varint at the start of b: its value and its
// length in bytes, or a length of -1 when b ends inside it or it does not
// fit 64 bits (as protowire.ConsumeVarint, which also accepts non-minimal
// encodings).
func consumeVarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < maxVarint; i++ {
		c := b[i]
		if i == maxVarint-1 && c > 1 {
			return 0, -1
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, -1
}

// decodeTag splits a field's tag into its number and wire type.
func decodeTag(x uint64) (wireNum, wireType) {
	if x>>3 > uint64(maxWireNum) {
		return -1, 0
	}
	return wireNum(x >> 3), wireType(x & 7)
}

func appendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendTag(b []byte, num wireNum, typ wireType) []byte {
	return appendVarint(b, uint64(num)<<3|uint64(typ&7))
}

func appendFixed32(b []byte, v uint32) []byte {
	return binary.LittleEndian.AppendUint32(b, v)
}
