// Package units knows element types (dtypes) and their sizes, turns element
// counts into exact byte counts, and prints numbers: byte sizes with honest
// decimal (kB, MB) or binary (KiB, MiB) units, thousands separators, and
// Python's float formatting (PyFixed, PyPercent, PyRepr, PyRound,
// PyGrouped), from which each tool's print style is built beside its
// rules in core/convention (thop's clever_format in thop.go, ...).
//
// Every count is an exact int64; arithmetic that could overflow reports an
// error instead of wrapping. The Python formatting emulates CPython's:
// strconv formats the exact binary value of a float64 with correct
// rounding (ties to even), which is what CPython's '%.2f', format() and
// round() do.
package units

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// DType is an element type: its canonical name, its width in bits and a
// note for the user.
type DType struct {
	Name string
	Bits int
	Note string
}

var dtypes = []DType{
	{Name: "fp64", Bits: 64, Note: "IEEE double precision"},
	{Name: "fp32", Bits: 32, Note: "IEEE single precision"},
	{Name: "tf32", Bits: 32, Note: "TF32 is a tensor-core compute mode; tensors are stored as fp32 (4 bytes)"},
	{Name: "fp16", Bits: 16, Note: "IEEE half precision"},
	{Name: "bf16", Bits: 16, Note: "bfloat16: fp32's exponent range with 8 bits of mantissa"},
	{Name: "fp8", Bits: 8, Note: "8-bit float (E4M3 or E5M2)"},
	{Name: "int8", Bits: 8, Note: "8-bit integer (quantized)"},
	{Name: "int4", Bits: 4, Note: "4-bit integer: two values per byte, rounded up to whole bytes"},
}

var aliases = map[string]string{
	"float64": "fp64", "double": "fp64",
	"float32": "fp32", "float": "fp32", "single": "fp32",
	"tensorfloat32": "tf32",
	"float16":       "fp16", "half": "fp16",
	"bfloat16": "bf16",
	"float8":   "fp8", "fp8_e4m3": "fp8", "fp8_e5m2": "fp8", "e4m3": "fp8", "e5m2": "fp8",
	"uint8": "int8", "qint8": "int8",
	"uint4": "int4", "nf4": "int4",
}

// DTypes lists the known element types, widest first: fp64, fp32, tf32,
// fp16, bf16, fp8, int8, int4.
func DTypes() []DType {
	out := make([]DType, len(dtypes))
	copy(out, dtypes)
	return out
}

// Lookup finds a dtype by name, case-insensitively, accepting PyTorch-style
// aliases (float32, float, half, float16, bfloat16, double, ...) and an
// optional "torch." prefix.
func Lookup(name string) (DType, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimPrefix(n, "torch.")
	if c, ok := aliases[n]; ok {
		n = c
	}
	for _, d := range dtypes {
		if d.Name == n {
			return d, true
		}
	}
	return DType{}, false
}

// ErrOverflow is returned when an exact count does not fit in an int64.
var ErrOverflow = errors.New("count overflows int64")

// ErrNegative is returned for a negative element count.
var ErrNegative = errors.New("negative element count")

// ErrBadDType is returned for a dtype with a width that is not positive.
var ErrBadDType = errors.New("dtype has no positive bit width")

// Bytes is the exact storage of count elements of dt: count·Bits/8,
// rounded up to a whole byte (int4: 3 elements take 2 bytes).
func Bytes(count int64, dt DType) (int64, error) {
	if count < 0 {
		return 0, ErrNegative
	}
	if dt.Bits <= 0 {
		return 0, ErrBadDType
	}
	// count·bits/8 without forming count·bits: whole groups of 8 elements
	// take exactly `bits` bytes.
	groups, rest := count/8, count%8
	b, err := Mul(groups, int64(dt.Bits))
	if err != nil {
		return 0, err
	}
	tail := (rest*int64(dt.Bits) + 7) / 8
	return Add(b, tail)
}

// Mul is a·b, or ErrOverflow.
func Mul(a, b int64) (int64, error) {
	if a == 0 || b == 0 {
		return 0, nil
	}
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(absU(a), absU(b))
	if hi != 0 {
		return 0, ErrOverflow
	}
	if neg {
		if lo > 1<<63 {
			return 0, ErrOverflow
		}
		return int64(-lo), nil // -lo in two's complement; lo == 1<<63 gives MinInt64
	}
	if lo > math.MaxInt64 {
		return 0, ErrOverflow
	}
	return int64(lo), nil
}

// Add is a+b, or ErrOverflow.
func Add(a, b int64) (int64, error) {
	s := a + b
	if (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0) {
		return 0, ErrOverflow
	}
	return s, nil
}

// Sum adds values, or returns ErrOverflow.
func Sum(vs ...int64) (int64, error) {
	var t int64
	for _, v := range vs {
		var err error
		if t, err = Add(t, v); err != nil {
			return 0, err
		}
	}
	return t, nil
}

// absU is |v| as a uint64; exact for math.MinInt64 too.
func absU(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

// Base chooses between SI units (powers of 1000) and IEC units (powers of
// 1024) for byte sizes.
type Base int

const (
	// Decimal units: kB, MB, GB, TB (10^3n bytes), as torchinfo and
	// vendor datasheets use.
	Decimal Base = iota
	// Binary units: KiB, MiB, GiB, TiB (2^10n bytes), as RAM is sized.
	Binary
)

var (
	decUnits = []string{"B", "kB", "MB", "GB", "TB", "PB", "EB"}
	binUnits = []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
)

// unitSize is the size of unit i (0 = bytes) in base.
func unitSize(base Base, i int) uint64 {
	f := uint64(1000)
	if base == Binary {
		f = 1024
	}
	s := uint64(1)
	for ; i > 0; i-- {
		s *= f
	}
	return s
}

// hundredths formats |b|/div rounded half-up to 2 decimals, exactly.
func hundredths(neg bool, ab, div uint64) string {
	hi, lo := bits.Mul64(ab, 100)
	q, r := bits.Div64(hi, lo, div) // hi < div always: ab < 2^64 and div ≥ 100
	if r >= div-r {
		q++
	}
	s := strconv.FormatUint(q/100, 10) + "." + pad2(q%100)
	if neg && q != 0 {
		s = "-" + s
	}
	return s
}

func pad2(v uint64) string {
	if v < 10 {
		return "0" + strconv.FormatUint(v, 10)
	}
	return strconv.FormatUint(v, 10)
}

// FormatBytes prints a byte count with two decimals in the largest unit
// that keeps the value at least 1 and below 1000 (Decimal: "244.40 MB") or
// below 1024 (Binary: "233.08 MiB"). Counts below one kB/KiB print as whole
// bytes ("512 B"). Values are rounded exactly (half up) from the integer;
// a value that rounds up to the limit moves to the next unit.
func FormatBytes(b int64, base Base) string {
	names := decUnits
	limit := uint64(1000)
	if base == Binary {
		names, limit = binUnits, 1024
	}
	ab := absU(b)
	if ab < limit {
		return strconv.FormatInt(b, 10) + " B"
	}
	i := 1
	for i+1 < len(names) && ab >= unitSize(base, i+1) {
		i++
	}
	// Rounding to 2 decimals may reach the limit (999.995 kB): use the
	// next unit then.
	if i+1 < len(names) {
		hi, lo := bits.Mul64(ab, 100)
		div := unitSize(base, i)
		q, r := bits.Div64(hi, lo, div)
		if r >= div-r {
			q++
		}
		if q >= limit*100 {
			i++
		}
	}
	return hundredths(b < 0, ab, unitSize(base, i)) + " " + names[i]
}

// FormatBytesIn prints a byte count in a fixed unit with two decimals:
// FormatBytesIn(244403360, "MB") is "244.40 MB", with "MiB" "233.08 MiB".
// Units: B, kB (also KB), MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB. "B"
// prints the exact integer. An unknown unit falls back to
// FormatBytes(b, Decimal).
func FormatBytesIn(b int64, unit string) string {
	if unit == "B" {
		return strconv.FormatInt(b, 10) + " B"
	}
	u := unit
	if u == "KB" {
		u = "kB"
	}
	for i, n := range decUnits {
		if i > 0 && n == u {
			return hundredths(b < 0, absU(b), unitSize(Decimal, i)) + " " + u
		}
	}
	for i, n := range binUnits {
		if i > 0 && n == u {
			return hundredths(b < 0, absU(b), unitSize(Binary, i)) + " " + u
		}
	}
	return FormatBytes(b, Decimal)
}

// Thousands prints n with comma thousands separators: "61,100,840",
// "-1,024". It is kept out of line: inlined, each of its many callers would
// add its buffer and conversion to app.wasm.
//
//go:noinline
func Thousands(n int64) string {
	var buf [32]byte
	return string(AppendThousands(buf[:0], n))
}

// AppendThousands appends n to b as Thousands prints it. Formula text built
// on the tracing hot path (core/lang, core/convention) uses it to avoid a
// string per number.
func AppendThousands(b []byte, n int64) []byte {
	var buf [20]byte
	s := strconv.AppendUint(buf[:0], absU(n), 10)
	if n < 0 {
		b = append(b, '-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, c)
	}
	return b
}

// Acc multiplies and adds exactly, keeping the first overflow in Err;
// after an overflow its results are meaningless, so callers check Err once
// at the end of a computation.
type Acc struct{ Err error }

// Mul is the product of xs, or 0 with Err set on overflow.
func (a *Acc) Mul(xs ...int64) int64 {
	r := int64(1)
	for _, x := range xs {
		var err error
		if r, err = Mul(r, x); err != nil {
			if a.Err == nil {
				a.Err = err
			}
			return 0
		}
	}
	return r
}

// Size is the product of the sizes xs (dimensions, element counts), or
// 0 with Err set when one is negative or the product overflows. Products
// of factors below 2³¹ are taken directly: WebAssembly has no 128-bit
// multiply, so the checked one is slow there, and most sizes are small.
func (a *Acc) Size(xs ...int64) int64 {
	for _, x := range xs {
		if x < 0 {
			if a.Err == nil {
				a.Err = fmt.Errorf("negative size %d", x)
			}
			return 0
		}
	}
	r := int64(1)
	for _, x := range xs {
		if r < 1<<31 && x < 1<<31 {
			r *= x
			continue
		}
		p, err := Mul(r, x)
		if err != nil {
			if a.Err == nil {
				a.Err = err
			}
			return 0
		}
		r = p
	}
	return r
}

// Keep records err as the accumulator's error unless it has one.
func (a *Acc) Keep(err error) {
	if a.Err == nil {
		a.Err = err
	}
}

// Add is the sum of xs, or 0 with Err set on overflow.
func (a *Acc) Add(xs ...int64) int64 {
	r, err := Sum(xs...)
	if err != nil && a.Err == nil {
		a.Err = err
	}
	return r
}
