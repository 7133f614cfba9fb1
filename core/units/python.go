package units

import (
	"math"
	"strconv"
	"strings"
)

// Python's number formatting, character for character: the counting tools
// (thop, ptflops, torchinfo, ...) divide an integer by a power of ten in
// float64 and format the float with Python, and each tool's print style
// (core/convention, beside the tool's rules) is built from these. Go's
// strconv rounds the exact binary value correctly, with ties to even,
// which is what CPython does.

// PyFixed is Python's '%.{prec}f' % x.
func PyFixed(x float64, prec int) string {
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

// PyRepr is Python's str(x) / repr(x) for a float: the shortest digits that
// round-trip, fixed notation with at least one decimal when the decimal
// exponent is in [-4, 16), scientific ("1e+16", "1.5e-05") otherwise.
func PyRepr(x float64) string {
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

// PyRound is Python's round(x, ndigits) for ndigits ≥ 0: the float nearest
// to the correctly rounded decimal (ties to even on the exact value).
// ndigits is clamped to [0, 30].
func PyRound(x float64, ndigits int) float64 {
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
			body = PyFixed(x, prec)
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
			body = PyRepr(x)
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

// PyGrouped is Python's format(x, ',.{prec}f'): PyFixed with a comma
// between each three digits of the integer part ("1,234.57").
func PyGrouped(x float64, prec int) string {
	s := PyFixed(x, prec)
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return s
	}
	sign, digits, frac := "", s, ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		digits, frac = digits[:i], digits[i:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(digits[i])
	}
	b.WriteString(frac)
	return b.String()
}
