package units

import (
	"math"
	"strconv"
	"strings"
)

// This file reproduces, character for character, how the counting tools
// print their numbers. Each tool divides an integer by a power of ten in
// float64 and formats the float with Python; Go's strconv rounds the exact
// binary value correctly, with ties to even, which is what CPython does.

// pyFixed is Python's '%.{prec}f' % x.
func pyFixed(x float64, prec int) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return pyNonFinite(x)
	}
	return strconv.FormatFloat(x, 'f', prec, 64)
}

func pyNonFinite(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case x > 0:
		return "inf"
	}
	return "-inf"
}

// pyExp is Python's '%.{prec}e' % x: at least two exponent digits, as Go.
func pyExp(x float64, prec int, upper bool) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		s := pyNonFinite(x)
		if upper {
			s = strings.ToUpper(s)
		}
		return s
	}
	f := byte('e')
	if upper {
		f = 'E'
	}
	return strconv.FormatFloat(x, f, prec, 64)
}

// pyGeneral is Python's '%.{prec}g' % x (alt keeps trailing zeros).
func pyGeneral(x float64, prec int, upper, alt bool) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return pyExp(x, 0, upper)
	}
	if prec == 0 {
		prec = 1
	}
	e := strconv.FormatFloat(x, 'e', prec-1, 64)
	k := strings.IndexByte(e, 'e')
	exp, _ := strconv.Atoi(e[k+1:])
	var s string
	if exp >= -4 && exp < prec {
		s = strconv.FormatFloat(x, 'f', prec-1-exp, 64)
	} else {
		s = e
	}
	if !alt {
		mant, tail := s, ""
		if i := strings.IndexByte(s, 'e'); i >= 0 {
			mant, tail = s[:i], s[i:]
		}
		if strings.IndexByte(mant, '.') >= 0 {
			mant = strings.TrimRight(mant, "0")
			mant = strings.TrimSuffix(mant, ".")
		}
		s = mant + tail
	}
	if upper {
		s = strings.ToUpper(s)
	}
	return s
}

// pyRepr is Python's str(x) / repr(x) for a float: the shortest digits that
// round-trip, fixed notation with at least one decimal when the decimal
// exponent is in [-4, 16), scientific ("1e+16", "1.5e-05") otherwise.
func pyRepr(x float64) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return pyNonFinite(x)
	}
	e := strconv.FormatFloat(x, 'e', -1, 64)
	k := strings.IndexByte(e, 'e')
	exp, _ := strconv.Atoi(e[k+1:])
	if exp >= -4 && exp < 16 {
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if strings.IndexByte(s, '.') < 0 {
			s += ".0"
		}
		return s
	}
	mant := e[:k]
	es := strconv.Itoa(absInt(exp))
	if len(es) < 2 {
		es = "0" + es
	}
	sign := "+"
	if exp < 0 {
		sign = "-"
	}
	return mant + "e" + sign + es
}

func absInt(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// pyRound is Python's round(x, ndigits) for ndigits ≥ 0: the float nearest
// to the correctly rounded decimal (ties to even on the exact value).
// ndigits is clamped to [0, 30].
func pyRound(x float64, ndigits int) float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	ndigits = max(0, min(ndigits, 30))
	v, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', ndigits, 64), 64)
	if err != nil {
		return x
	}
	return v
}

// pyTrueDiv is Python's int/int true division for a non-negative
// denominator power of ten: exact for |n| ≤ 2^53 (the conversion is exact
// and IEEE division is correctly rounded), which covers every parameter
// count a model can have; beyond that it may differ by one ulp.
func pyTrueDiv(n int64, d float64) float64 {
	return float64(n) / d
}

// PyPercent formats one float with a Python %-format string such as
// "%.2f", "%.3f", "%8.2f", "%.2e", "%g", "%d" or "%s", including literal
// text around it and "%%". ok is false when the format is not a single
// supported conversion (Python would raise); the result is then
// "%!(BADFORMAT <format>)".
func PyPercent(format string, x float64) (s string, ok bool) {
	var b strings.Builder
	used := false
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(format) {
			return bad(format)
		}
		if format[i] == '%' {
			b.WriteByte('%')
			continue
		}
		if used {
			return bad(format)
		}
		used = true
		var minus, plus, space, zero, alt bool
	flags:
		for ; i < len(format); i++ {
			switch format[i] {
			case '-':
				minus = true
			case '+':
				plus = true
			case ' ':
				space = true
			case '0':
				zero = true
			case '#':
				alt = true
			default:
				break flags
			}
		}
		width := 0
		for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
			width = width*10 + int(format[i]-'0')
			if width > 1000 {
				return bad(format)
			}
		}
		prec := -1
		if i < len(format) && format[i] == '.' {
			i++
			prec = 0
			for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
				prec = prec*10 + int(format[i]-'0')
				if prec > 100 {
					return bad(format)
				}
			}
		}
		if i >= len(format) {
			return bad(format)
		}
		var body string
		numeric := true
		switch v := format[i]; v {
		case 'f', 'F':
			if prec < 0 {
				prec = 6
			}
			body = pyFixed(x, prec)
			if v == 'F' {
				body = strings.ToUpper(body)
			}
		case 'e', 'E':
			if prec < 0 {
				prec = 6
			}
			body = pyExp(x, prec, v == 'E')
		case 'g', 'G':
			if prec < 0 {
				prec = 6
			}
			body = pyGeneral(x, prec, v == 'G', alt)
		case 'd', 'i', 'u':
			if math.IsInf(x, 0) || math.IsNaN(x) {
				return bad(format) // Python raises for int(inf)/int(nan)
			}
			body = strconv.FormatFloat(math.Trunc(x), 'f', 0, 64)
			if body == "-0" {
				body = "0"
			}
		case 's', 'r':
			numeric = false
			body = pyRepr(x)
			if prec >= 0 && prec < len(body) {
				body = body[:prec]
			}
		default:
			return bad(format)
		}
		if numeric && !strings.HasPrefix(body, "-") {
			if plus {
				body = "+" + body
			} else if space {
				body = " " + body
			}
		}
		if pad := width - len(body); pad > 0 {
			switch {
			case minus:
				body += strings.Repeat(" ", pad)
			case zero && numeric && !strings.ContainsAny(body, "in"):
				sign := ""
				if body[0] == '-' || body[0] == '+' || body[0] == ' ' {
					sign, body = body[:1], body[1:]
				}
				body = sign + strings.Repeat("0", pad) + body
			default:
				body = strings.Repeat(" ", pad) + body
			}
		}
		b.WriteString(body)
	}
	if !used {
		// Python: "not all arguments converted during string formatting".
		return bad(format)
	}
	return b.String(), true
}

func bad(format string) (string, bool) {
	return "%!(BADFORMAT " + format + ")", false
}

// ThopClever is thop's clever_format(n, format): the value scaled to T, G,
// M or K when it is strictly above 1e12, 1e9, 1e6 or 1e3, otherwise "B"
// (thop's suffix for the unscaled number), formatted with a Python
// %-format. ThopClever(714691904, "%.2f") is "714.69M"; with "%.3f"
// "714.692M". An unsupported format gives "%!(BADFORMAT ...)".
func ThopClever(n int64, format string) string {
	var x float64
	var suffix string
	switch {
	case n > 1_000_000_000_000:
		x, suffix = float64(n)/1e12, "T"
	case n > 1_000_000_000:
		x, suffix = float64(n)/1e9, "G"
	case n > 1_000_000:
		x, suffix = float64(n)/1e6, "M"
	case n > 1_000:
		x, suffix = float64(n)/1e3, "K"
	default:
		x, suffix = float64(n), "B"
	}
	s, _ := PyPercent(format, x)
	return s + suffix
}

// PtflopsMacs is ptflops 0.7.x flops_to_string(n, units=None, precision):
// "716.44 MMac" — GMac, MMac or KMac by magnitude (floor(n/10^k) > 0), and
// below 1000 Python's str of the float ("0.0 Mac"). The value is
// str(round(n/10^k, precision)), so trailing zeros are dropped ("4.1 MMac").
func PtflopsMacs(n int64, precision int) string {
	switch {
	case n >= 1_000_000_000:
		return PtflopsMacsIn(n, "GMac", precision)
	case n >= 1_000_000:
		return PtflopsMacsIn(n, "MMac", precision)
	case n >= 1_000:
		return PtflopsMacsIn(n, "KMac", precision)
	}
	return pyRepr(float64(n)) + " Mac"
}

// PtflopsGMac is ptflops' flops_to_string with units "GMac", the default of
// ptflops ≤ 0.6 and what the seed article prints: PtflopsGMac(715561896, 2)
// is "0.72 GMac", with precision 3 "0.716 GMac".
func PtflopsGMac(n int64, precision int) string {
	return PtflopsMacsIn(n, "GMac", precision)
}

// PtflopsMacsIn is ptflops' flops_to_string with fixed units "GMac",
// "MMac", "KMac" or "Mac" (anything else is treated as "Mac", unscaled).
func PtflopsMacsIn(n int64, units string, precision int) string {
	d := 1.0
	switch units {
	case "GMac":
		d = 1e9
	case "MMac":
		d = 1e6
	case "KMac":
		d = 1e3
	default:
		units = "Mac"
	}
	return pyRepr(pyRound(float64(n)/d, precision)) + " " + units
}

// PtflopsParams is ptflops' params_to_string(n, units=None, precision):
// "61.1 M" (str(round(n/10^6, precision)), Python's shortest float repr),
// "23.3 k" between 10^3 and 10^6, and the bare integer below ("0").
func PtflopsParams(n int64, precision int) string {
	switch {
	case n >= 1_000_000:
		return PtflopsParamsIn(n, "M", precision)
	case n >= 1_000:
		return PtflopsParamsIn(n, "k", precision)
	}
	return strconv.FormatInt(n, 10)
}

// PtflopsParamsIn is params_to_string with fixed units "M", "K"/"k" or
// "B" (10^9); the seed article's per-layer lines use "M" with precision 3
// ("0.023 M", "0.0 M"). An unknown unit prints the bare integer.
func PtflopsParamsIn(n int64, units string, precision int) string {
	var d float64
	switch units {
	case "B":
		d = 1e9
	case "M":
		d = 1e6
	case "K", "k":
		d = 1e3
	default:
		return strconv.FormatInt(n, 10)
	}
	return pyRepr(pyRound(pyTrueDiv(n, d), precision)) + " " + units
}

// torchinfoUnit is torchinfo's to_readable in AUTO mode: T from 1e12, G
// from 1e9, else M.
func torchinfoUnit(n int64) (string, string, float64) {
	switch {
	case n >= 1_000_000_000_000:
		return "T", "TERABYTES", float64(n) / 1e12
	case n >= 1_000_000_000:
		return "G", "GIGABYTES", float64(n) / 1e9
	}
	return "M", "MEGABYTES", float64(n) / 1e6
}

// TorchinfoMultAdds is torchinfo's "Total mult-adds" line with the unit
// letter, as torchinfo 1.8.0 prints it on Python ≤ 3.10 and master prints
// it everywhere: "Total mult-adds (M): 714.68", "Total mult-adds (G):
// 1.81". The unit is T from 10^12, G from 10^9, M otherwise; two decimals.
func TorchinfoMultAdds(n int64) string {
	u, _, x := torchinfoUnit(n)
	return "Total mult-adds (" + u + "): " + pyFixed(x, 2)
}

// TorchinfoMultAddsPy311 is the same line as torchinfo 1.8.0 prints it on
// Python 3.11, where an f-string shows the str-mixin enum's name: "Total
// mult-adds (Units.MEGABYTES): 714.68".
func TorchinfoMultAddsPy311(n int64) string {
	_, name, x := torchinfoUnit(n)
	return "Total mult-adds (Units." + name + "): " + pyFixed(x, 2)
}

// TorchinfoMB is one of torchinfo 1.8.0's size lines: label, " (MB): " and
// bytes/1e6 with two decimals, e.g. TorchinfoMB("Forward/backward pass
// size", 7906944) is "Forward/backward pass size (MB): 7.91".
func TorchinfoMB(label string, bytes int64) string {
	return label + " (MB): " + pyFixed(float64(bytes)/1e6, 2)
}

// GFLOPS3 is torchvision's published "GFLOPS" style (really GMACs): n/10^9
// with three decimals, "0.714".
func GFLOPS3(n int64) string {
	return pyFixed(float64(n)/1e9, 3)
}
