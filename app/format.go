package app

import (
	"math/bits"
	"strconv"

	"floplab/core"
	"floplab/core/units"
)

// These helpers format exact integers for display: integer arithmetic,
// round half up, two decimals; bytes and thousands come from core/units.

// Thousands writes n with comma separators: 61,100,840.
func Thousands(n int64) string { return units.Thousands(n) }

// Bytes formats a byte count with decimal (MB = 10^6) or binary
// (MiB = 2^20) prefixes, two decimals: 244403360 → "244.40 MB" / "233.08 MiB".
func Bytes(b int64, binary bool) string {
	if binary {
		return units.FormatBytes(b, units.Binary)
	}
	return units.FormatBytes(b, units.Decimal)
}

// DTypeNames lists the dtype picker's element types.
func DTypeNames() []string {
	var out []string
	for _, d := range units.DTypes() {
		out = append(out, d.Name)
	}
	return out
}

// scaled returns n / unit rounded half up to two decimals, as "q.ff".
func scaled(n int64, unit uint64) string {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	q, r := u/unit, u%unit
	hi, lo := bits.Mul64(r, 100)
	f, rem := bits.Div64(hi, lo, unit)
	if rem >= unit-rem { // rem*2 >= unit without overflow
		f++
	}
	if f == 100 {
		q, f = q+1, 0
	}
	s := strconv.FormatUint(q, 10) + "." + strconv.FormatUint(100+f, 10)[1:]
	if neg {
		s = "-" + s
	}
	return s
}

// Short writes a count the way most tools print it: 714691904 → "714.69M"
// (thop's clever_format("%.2f") style); below 1000 it is the plain integer.
func Short(n int64) string {
	u := uint64(n)
	if n < 0 {
		u = uint64(-n)
	}
	names := []string{"K", "M", "G", "T", "P", "E"}
	if u < 1000 {
		return strconv.FormatInt(n, 10)
	}
	unit, i := uint64(1000), 0
	for i+1 < len(names) && u/unit >= 1000 {
		unit *= 1000
		i++
	}
	return scaled(n, unit) + names[i]
}

// Percent writes part/total with one decimal, "12.3%".
func Percent(part, total int64) string { return core.Percent(part, total) }

// Breakable splits a long layer name or shape where a narrow table cell
// may wrap it: after each '.', ':', '_' and '×' ("model.layers.0.mlp",
// "1×4096×32000"), so that it wraps between parts, not inside a word or a
// number. The page puts a <wbr> at each split (no character: copied text
// and innerText stay the name).
func Breakable(s string) []string {
	return splitAfter(s, func(prev, r rune) bool { return prev == '.' || prev == ':' || prev == '_' || prev == '×' })
}

// BreakableType splits a class name between its words ("LlamaRotary",
// "Embedding") and after a dot ("Tensor.", "unsqueeze").
func BreakableType(s string) []string {
	lower := func(r rune) bool { return r >= 'a' && r <= 'z' }
	return splitAfter(s, func(prev, r rune) bool { return prev == '.' || (lower(prev) && r >= 'A' && r <= 'Z') })
}

func splitAfter(s string, split func(prev, r rune) bool) []string {
	var parts []string
	start := 0
	var prev rune
	for i, r := range s {
		if i > 0 && split(prev, r) {
			parts = append(parts, s[start:i])
			start = i
		}
		prev = r
	}
	return append(parts, s[start:])
}
