package onnx

import (
	"encoding/binary"
	"errors"
	"io"

	"floplab/core/msg"
)

// window is how many bytes a reader fetches from its source at a time.
// Graph structure is read through it; tensor payloads are skipped by
// their length prefix and never fetched.
const window = 64 << 10

// source is the file being decoded: random access, read in slices, as
// the page reads a File with Blob.slice.
type source struct {
	r    io.ReaderAt
	size int64

	buf    []byte // the bytes at [bufOff, bufOff+len(buf))
	bufOff int64
	read   int64 // bytes fetched from r, for tests and benchmarks
}

// fetch makes the source's buffer hold [off, off+n) (n ≤ window, within
// the file), fetching a new window if needed.
func (s *source) fetch(off int64, n int) ([]byte, error) {
	if off >= s.bufOff && off+int64(n) <= s.bufOff+int64(len(s.buf)) {
		return s.buf[off-s.bufOff : off-s.bufOff+int64(n)], nil
	}
	want := int64(window)
	if want < int64(n) {
		want = int64(n)
	}
	if off+want > s.size {
		want = s.size - off
	}
	if cap(s.buf) < int(want) {
		s.buf = make([]byte, want)
	}
	s.buf = s.buf[:want]
	m, err := s.r.ReadAt(s.buf, off)
	s.read += int64(m)
	if m < n {
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		s.buf = s.buf[:0]
		return nil, err
	}
	s.buf, s.bufOff = s.buf[:m], off
	return s.buf[:n], nil
}

// readAt copies [off, off+n) out of the file, for the few payloads kept
// (names, attribute values, small constant tensors).
func (s *source) readAt(off int64, n int) ([]byte, error) {
	if n <= window {
		b, err := s.fetch(off, n)
		if err != nil {
			return nil, err
		}
		return append([]byte(nil), b...), nil
	}
	b := make([]byte, n)
	m, err := s.r.ReadAt(b, off)
	s.read += int64(m)
	if m < n {
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return b, nil
}

// maxVarint is the longest varint's length in bytes.
const maxVarint = 10

// msgReader reads the fields of one protobuf message lying at [off, end)
// in the source.
type msgReader struct {
	s        *source
	off, end int64
	what     string // the message's path ("graph.node"), for errors
	d        *decoder
}

// field is one field's header; for length-delimited fields, n is the
// length and off where the payload starts.
type field struct {
	num wireNum
	typ wireType
	v   uint64 // varint or fixed value
	off int64  // payload start (bytes type)
	n   int64  // payload length (bytes type)
}

// next reads the next field header and, for scalar wire types, its value.
// ok is false at the end of the message.
func (m *msgReader) next() (f field, ok bool, err error) {
	if m.off >= m.end {
		return f, false, nil
	}
	num, typ, err := m.varintTag()
	if err != nil {
		return f, false, err
	}
	f.num, f.typ = num, typ
	switch typ {
	case varintType:
		f.v, err = m.varint()
	case fixed32Type:
		var b []byte
		if b, err = m.take(4); err == nil {
			f.v = uint64(binary.LittleEndian.Uint32(b))
		}
	case fixed64Type:
		var b []byte
		if b, err = m.take(8); err == nil {
			f.v = binary.LittleEndian.Uint64(b)
		}
	case bytesType:
		var n uint64
		if n, err = m.varint(); err != nil {
			break
		}
		if n > uint64(m.end-m.off) {
			if n > uint64(m.d.size-m.off) {
				return f, false, m.d.truncated(m.off, m.what)
			}
			return f, false, m.d.corrupt(m.off, msg.F("a field of %s claims %s bytes, past the end of its message", m.what, msg.Num(clampInt(n))))
		}
		f.off, f.n = m.off, int64(n)
		m.off += int64(n)
	default:
		return f, false, m.d.corrupt(m.off, msg.F("field %d of %s has wire type %d, which ONNX never uses", int(num), m.what, int(typ)))
	}
	return f, err == nil, err
}

func clampInt(n uint64) int64 {
	if n > 1<<62 {
		return 1 << 62
	}
	return int64(n)
}

func (m *msgReader) varintTag() (wireNum, wireType, error) {
	start := m.off
	v, err := m.varint()
	if err != nil {
		return 0, 0, err
	}
	num, typ := decodeTag(v)
	if num < minWireNum || num > maxWireNum {
		return 0, 0, m.d.corrupt(start, msg.F("an invalid field number in %s", m.what))
	}
	return num, typ, nil
}

// varint reads a varint within the message.
func (m *msgReader) varint() (uint64, error) {
	n := m.end - m.off
	if n > maxVarint {
		n = maxVarint
	}
	if n <= 0 {
		return 0, m.d.truncated(m.off, m.what)
	}
	b, err := m.s.fetch(m.off, int(n))
	if err != nil {
		return 0, m.d.readErr(m.off, err)
	}
	v, k := consumeVarint(b)
	if k < 0 {
		if int64(len(b)) < maxVarint && m.end == m.d.size {
			return 0, m.d.truncated(m.off, m.what)
		}
		return 0, m.d.corrupt(m.off, msg.F("a malformed number in %s", m.what))
	}
	m.off += int64(k)
	return v, nil
}

// take reads n bytes within the message (n ≤ 8).
func (m *msgReader) take(n int) ([]byte, error) {
	if m.end-m.off < int64(n) {
		return nil, m.d.truncated(m.off, m.what)
	}
	b, err := m.s.fetch(m.off, n)
	if err != nil {
		return nil, m.d.readErr(m.off, err)
	}
	m.off += int64(n)
	return b, nil
}

// each calls fn on the message's fields in order, to the end of the
// message or the first error.
func (m *msgReader) each(fn func(f field) error) error {
	for {
		f, ok, err := m.next()
		if err != nil || !ok {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
	}
}

// name reads f's payload into dst as a name or string attribute (at
// most maxNameBytes).
func (m *msgReader) name(f field, dst *string) error {
	s, err := m.str(f, maxNameBytes)
	*dst = s
	return err
}

// sub is a reader of the length-delimited field f's payload as a message.
func (m *msgReader) sub(f field, what string) *msgReader {
	return &msgReader{s: m.s, off: f.off, end: f.off + f.n, what: what, d: m.d}
}

// str reads f's payload as a string, at most limit bytes.
func (m *msgReader) str(f field, limit int64) (string, error) {
	if f.typ != bytesType {
		return "", m.d.corrupt(f.off, msg.F("a text field of %s is not length-delimited", m.what))
	}
	if f.n > limit {
		return "", m.d.corrupt(f.off, msg.F("a name in %s is %s bytes long (at most %s)", m.what, msg.Num(f.n), msg.Num(limit)))
	}
	if err := m.d.budget(f.n); err != nil {
		return "", err
	}
	b, err := m.s.readAt(f.off, int(f.n))
	if err != nil {
		return "", m.d.readErr(f.off, err)
	}
	return string(b), nil
}

// ints reads a repeated varint field's values (packed or one), appending
// to dst; at most limit values in all.
func (m *msgReader) ints(f field, dst []int64, limit int) ([]int64, error) {
	switch f.typ {
	case varintType:
		if len(dst) >= limit {
			return nil, m.d.corrupt(f.off, msg.F("more than %s values in a list of %s", msg.Num(int64(limit)), m.what))
		}
		return append(dst, int64(f.v)), nil
	case bytesType:
		p := &msgReader{s: m.s, off: f.off, end: f.off + f.n, what: m.what, d: m.d}
		for p.off < p.end {
			if len(dst) >= limit {
				return nil, m.d.corrupt(p.off, msg.F("more than %s values in a list of %s", msg.Num(int64(limit)), m.what))
			}
			v, err := p.varint()
			if err != nil {
				return nil, err
			}
			dst = append(dst, int64(v))
		}
		return dst, nil
	}
	return nil, m.d.corrupt(f.off, msg.F("a list of integers in %s has the wrong wire type", m.what))
}
