package units

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestDTypes(t *testing.T) {
	want := []struct {
		name string
		bits int
	}{{"fp64", 64}, {"fp32", 32}, {"tf32", 32}, {"fp16", 16}, {"bf16", 16}, {"fp8", 8}, {"int8", 8}, {"int4", 4}}
	got := DTypes()
	if len(got) != len(want) {
		t.Fatalf("DTypes() has %d entries, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Name != w.name || got[i].Bits != w.bits || got[i].Note == "" {
			t.Errorf("DTypes()[%d] = %+v, want %s/%d with a note", i, got[i], w.name, w.bits)
		}
	}
	got[0].Name = "changed"
	if DTypes()[0].Name != "fp64" {
		t.Error("DTypes returns the package's own slice")
	}
	if !strings.Contains(got[2].Note, "fp32") {
		t.Errorf("tf32 note %q does not say it is stored as fp32", got[2].Note)
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"fp32", "fp32", true}, {"FP32", "fp32", true}, {"float32", "fp32", true}, {"float", "fp32", true},
		{"torch.float32", "fp32", true}, {"half", "fp16", true}, {"float16", "fp16", true},
		{"bfloat16", "bf16", true}, {"BF16", "bf16", true}, {"double", "fp64", true}, {"float64", "fp64", true},
		{" int4 ", "int4", true}, {"int8", "int8", true}, {"tf32", "tf32", true}, {"fp8", "fp8", true},
		{"", "", false}, {"fp12", "", false}, {"<script>", "", false},
	}
	for _, tt := range tests {
		d, ok := Lookup(tt.in)
		if ok != tt.ok || d.Name != tt.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.in, d.Name, ok, tt.want, tt.ok)
		}
	}
}

func mustLookup(t *testing.T, n string) DType {
	t.Helper()
	d, ok := Lookup(n)
	if !ok {
		t.Fatalf("Lookup(%q) failed", n)
	}
	return d
}

func TestBytes(t *testing.T) {
	tests := []struct {
		count int64
		dtype string
		want  int64
		err   error
	}{
		// AlexNet params (torchinfo "Params size (MB): 244.40" = 244,403,360 B).
		{61100840, "fp32", 244403360, nil},
		{61100840, "tf32", 244403360, nil},
		{61100840, "fp16", 122201680, nil},
		{61100840, "fp64", 488806720, nil},
		// Llama-2-7B weights in bf16.
		{6738415616, "bf16", 13476831232, nil},
		{3, "int4", 2, nil},
		{1, "int4", 1, nil},
		{8, "int4", 4, nil},
		{0, "int4", 0, nil},
		{7, "int8", 7, nil},
		{math.MaxInt64, "int8", math.MaxInt64, nil},
		{math.MaxInt64, "int4", math.MaxInt64/2 + 1, nil},
		{math.MaxInt64, "fp16", 0, ErrOverflow},
		{math.MaxInt64/8 + 1, "fp64", 0, ErrOverflow},
		{math.MaxInt64 / 8, "fp64", math.MaxInt64 - 7, nil},
		{-1, "fp32", 0, ErrNegative},
	}
	for _, tt := range tests {
		got, err := Bytes(tt.count, mustLookup(t, tt.dtype))
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("Bytes(%d, %s) = %d, %v; want %d, %v", tt.count, tt.dtype, got, err, tt.want, tt.err)
		}
	}
	if _, err := Bytes(1, DType{Name: "x"}); !errors.Is(err, ErrBadDType) {
		t.Errorf("Bytes with 0 bits: err %v", err)
	}
}

func TestChecked(t *testing.T) {
	tests := []struct {
		a, b     int64
		mul, add int64
		mulOK    bool
		addOK    bool
	}{
		{3, 4, 12, 7, true, true},
		{-3, 4, -12, 1, true, true},
		{math.MaxInt64, 1, math.MaxInt64, 0, true, false},
		{math.MaxInt64, 2, 0, 0, false, false},
		{math.MinInt64, 1, math.MinInt64, math.MinInt64 + 1, true, true},
		{math.MinInt64, -1, 0, 0, false, false},
		{-1 << 62, 2, math.MinInt64, -1<<62 + 2, true, true},
		{1 << 32, 1 << 31, 0, 1<<32 + 1<<31, false, true},
		{0, math.MinInt64, 0, math.MinInt64, true, true},
	}
	for _, tt := range tests {
		m, err := Mul(tt.a, tt.b)
		if (err == nil) != tt.mulOK || (tt.mulOK && m != tt.mul) {
			t.Errorf("Mul(%d, %d) = %d, %v", tt.a, tt.b, m, err)
		}
		s, err := Add(tt.a, tt.b)
		if (err == nil) != tt.addOK || (tt.addOK && s != tt.add) {
			t.Errorf("Add(%d, %d) = %d, %v", tt.a, tt.b, s, err)
		}
	}
	if s, err := Sum(1, 2, 3); s != 6 || err != nil {
		t.Errorf("Sum = %d, %v", s, err)
	}
	if _, err := Sum(math.MaxInt64, 1, -5); err == nil {
		t.Error("Sum overflow not detected")
	}
}

func TestFormatBytes(t *testing.T) {
	tests := []struct {
		b    int64
		base Base
		want string
	}{
		{244403360, Decimal, "244.40 MB"},
		{244403360, Binary, "233.08 MiB"},
		{512, Decimal, "512 B"},
		{512, Binary, "512 B"},
		{999, Decimal, "999 B"},
		{1000, Decimal, "1.00 kB"},
		{1000, Binary, "1000 B"},
		{1023, Binary, "1023 B"},
		{1024, Binary, "1.00 KiB"},
		{999994, Decimal, "999.99 kB"},
		{999995, Decimal, "1.00 MB"}, // would round to 1000.00 kB
		{1048575, Binary, "1.00 MiB"},
		{1047552, Binary, "1023.00 KiB"},
		{13476831232, Decimal, "13.48 GB"},
		{13476831232, Binary, "12.55 GiB"},
		{2147483648, Binary, "2.00 GiB"},
		{2147483648, Decimal, "2.15 GB"},
		{80 * 1 << 30, Binary, "80.00 GiB"},
		{-244403360, Decimal, "-244.40 MB"},
		{0, Decimal, "0 B"},
		{math.MaxInt64, Decimal, "9.22 EB"},
		{math.MaxInt64, Binary, "8.00 EiB"},
		{math.MinInt64, Decimal, "-9.22 EB"},
	}
	for _, tt := range tests {
		if got := FormatBytes(tt.b, tt.base); got != tt.want {
			t.Errorf("FormatBytes(%d, %d) = %q, want %q", tt.b, tt.base, got, tt.want)
		}
	}
}

func TestFormatBytesIn(t *testing.T) {
	tests := []struct {
		b    int64
		unit string
		want string
	}{
		{244403360, "MB", "244.40 MB"},
		{244403360, "MiB", "233.08 MiB"},
		{244403360, "GB", "0.24 GB"},
		{244403360, "B", "244403360 B"},
		{602168, "kB", "602.17 kB"},
		{602168, "KB", "602.17 kB"},
		{602168, "KiB", "588.05 KiB"},
		{5000, "TB", "0.00 TB"},
		{244403360, "furlongs", "244.40 MB"},
	}
	for _, tt := range tests {
		if got := FormatBytesIn(tt.b, tt.unit); got != tt.want {
			t.Errorf("FormatBytesIn(%d, %q) = %q, want %q", tt.b, tt.unit, got, tt.want)
		}
	}
}

func TestThousands(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{61100840, "61,100,840"}, {0, "0"}, {999, "999"}, {1000, "1,000"}, {-1024, "-1,024"},
		{100000, "100,000"}, {math.MinInt64, "-9,223,372,036,854,775,808"},
		{math.MaxInt64, "9,223,372,036,854,775,807"},
	}
	for _, tt := range tests {
		if got := Thousands(tt.n); got != tt.want {
			t.Errorf("Thousands(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestPyPercent(t *testing.T) {
	tests := []struct {
		format string
		x      float64
		want   string
		ok     bool
	}{
		// The seed article: print('flops: %.2f M, params: %.2f M' % ...).
		{"flops: %.2f M", 714691904 / 1e6, "flops: 714.69 M", true},
		{"%.2f", 3710034752 / 1e6, "3710.03", true},
		{"%.2f", 5717535232 / 1e6, "5717.54", true},
		{"%.2f", 61100840 / 1e6, "61.10", true},
		// Ties are decided on the exact binary value: 0.125 is exact and
		// goes to even, 2.675 is 2.67499999... in binary.
		{"%.2f", 0.125, "0.12", true},
		{"%.2f", 0.375, "0.38", true},
		{"%.2f", 2.675, "2.67", true},
		{"%.0f", 2.5, "2", true},
		{"%f", 1.5, "1.500000", true},
		{"%8.2f", 3.14159, "    3.14", true},
		{"%-8.2f|", 3.14159, "3.14    |", true},
		{"%08.2f", -3.14159, "-0003.14", true},
		{"%+.1f", 2, "+2.0", true},
		{"%.2e", 714691904, "7.15e+08", true},
		{"%E", 1e-10, "1.000000E-10", true},
		{"%g", 714.691904, "714.692", true},
		{"%g", 100000, "100000", true},
		{"%g", 1000000, "1e+06", true},
		{"%g", 0.0001, "0.0001", true},
		{"%g", 0.00001, "1e-05", true},
		{"%.3g", 714.691904, "715", true},
		{"%#g", 1.5, "1.50000", true},
		{"%d", 714.691904, "714", true},
		{"%s", 61.1, "61.1", true},
		{"%s", 1e16, "1e+16", true},
		{"100%% %.1f", 5, "100% 5.0", true},
		{"%.2f", math.Inf(1), "inf", true},
		{"%.2q", 1, "%!(BADFORMAT %.2q)", false},
		{"%.2f %.2f", 1, "%!(BADFORMAT %.2f %.2f)", false},
		{"no verb", 1, "%!(BADFORMAT no verb)", false},
		{"%", 1, "%!(BADFORMAT %)", false},
		{"%.", 1, "%!(BADFORMAT %.)", false},
		{"%d", math.NaN(), "%!(BADFORMAT %d)", false},
	}
	for _, tt := range tests {
		got, ok := PyPercent(tt.format, tt.x)
		if got != tt.want || ok != tt.ok {
			t.Errorf("PyPercent(%q, %v) = %q, %v; want %q, %v", tt.format, tt.x, got, ok, tt.want, tt.ok)
		}
	}
}

var pointOne = 0.1 // a variable: 0.1 + 0.2 in constants is exact

func TestPyRepr(t *testing.T) {
	tests := []struct {
		x    float64
		want string
	}{
		{61.1, "61.1"}, {0, "0.0"}, {0.72, "0.72"}, {512, "512.0"}, {1e16, "1e+16"},
		{123456789012345.6, "123456789012345.6"}, {1.5e-5, "1.5e-05"}, {0.0001, "0.0001"},
		{-2.5, "-2.5"}, {pointOne + 0.2, "0.30000000000000004"}, {math.NaN(), "nan"},
	}
	for _, tt := range tests {
		if got := PyRepr(tt.x); got != tt.want {
			t.Errorf("PyRepr(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
}

func TestPyGrouped(t *testing.T) {
	for _, tt := range []struct {
		x    float64
		prec int
		want string
	}{
		{714.68, 2, "714.68"}, {1234.567, 2, "1,234.57"}, {999.999, 2, "1,000.00"},
		{1234567.0, 0, "1,234,567"}, {-1234.5, 1, "-1,234.5"}, {0.001, 2, "0.00"}, {math.Inf(1), 2, "inf"},
	} {
		if got := PyGrouped(tt.x, tt.prec); got != tt.want {
			t.Errorf("PyGrouped(%v, %d) = %q, want %q", tt.x, tt.prec, got, tt.want)
		}
	}
}
