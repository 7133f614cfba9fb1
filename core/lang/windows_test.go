package lang

import (
	"math"
	"testing"
)

// naiveTaps counts window by window, tap by tap.
func naiveTaps(o, k, s, p, d, lo, hi int64) int64 {
	var n int64
	for j := int64(0); j < o; j++ {
		for i := int64(0); i < k; i++ {
			if t := j*s - p + i*d; t >= lo && t < hi {
				n++
			}
		}
	}
	return n
}

// naiveOut is PyTorch's pooling_output_shape as written there.
func naiveOut(L, k, s, p, d int64, ceil bool) int64 {
	num := L + 2*p - d*(k-1) - 1
	if num < 0 {
		return 0
	}
	var o int64
	if ceil {
		o = (num+s-1)/s + 1
		if (o-1)*s >= L+p {
			o--
		}
	} else {
		o = num/s + 1
	}
	return o
}

// TestWindowsClosedForm checks windowOut and windowTaps against counting
// every tap, over every small geometry PyTorch accepts (padding at most
// half the kernel), max pooling (clipped to the input) and average pooling
// with and without the padding counted.
func TestWindowsClosedForm(t *testing.T) {
	checked := 0
	for L := int64(1); L <= 12; L++ {
		for k := int64(1); k <= 6; k++ {
			for s := int64(1); s <= 4; s++ {
				for p := int64(0); p <= k/2; p++ {
					for d := int64(1); d <= 3; d++ {
						for _, ceil := range []bool{false, true} {
							o, err := windowOut(L, k, s, p, d, ceil)
							if err != nil || o != naiveOut(L, k, s, p, d, ceil) {
								t.Fatalf("windowOut(%d, %d, %d, %d, %d, %v) = %d, %v; want %d", L, k, s, p, d, ceil, o, err, naiveOut(L, k, s, p, d, ceil))
							}
							if o <= 0 {
								continue
							}
							for _, r := range [][2]int64{{0, L}, {-p, L + p}} {
								got, err := windowTaps(o, k, s, p, d, r[0], r[1])
								if want := naiveTaps(o, k, s, p, d, r[0], r[1]); err != nil || got != want {
									t.Fatalf("windowTaps(o=%d, k=%d, s=%d, p=%d, d=%d, [%d, %d)) = %d, %v; want %d", o, k, s, p, d, r[0], r[1], got, err, want)
								}
								checked++
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d geometries", checked)
}

func TestAdaptiveWindowTaps(t *testing.T) {
	for L := int64(1); L <= 40; L++ {
		for o := int64(1); o <= 40; o++ {
			var want int64
			for j := int64(0); j < o; j++ {
				want += ceilDiv((j+1)*L, o) - (j*L)/o
			}
			if got := adaptiveWindowTaps(L, o); got != want {
				t.Fatalf("adaptiveWindowTaps(%d, %d) = %d, want %d", L, o, got, want)
			}
		}
	}
}

// TestWindowsHuge: dimensions and windows far past any real network take
// no time and give exact figures or an error, never a wrapped number.
func TestWindowsHuge(t *testing.T) {
	const L = 1 << 50
	if o, err := windowOut(L, 3, 1, 1, 1, false); err != nil || o != L {
		t.Errorf("windowOut over 2^50 = %d, %v", o, err)
	}
	// 2^50 windows of 3, the two at the edges clipped by one.
	if n, err := windowTaps(L, 3, 1, 1, 1, 0, L); err != nil || n != 3*L-2 {
		t.Errorf("windowTaps over 2^50 = %d, %v; want %d", n, err, int64(3*L-2))
	}
	if _, err := windowOut(L, math.MaxInt64/2, 1, math.MaxInt64/4, 1<<20, false); err == nil {
		t.Error("an overflowing geometry gave no error")
	}
	if _, err := windowTaps(1<<40, 1<<40, 1, 1<<39, 2, 0, 1<<41); err == nil {
		t.Error("a dilated pooling clipping 2^40 windows gave no error")
	}
	if n := adaptiveWindowTaps(L, L-1); n != 2*L-2 {
		t.Errorf("adaptiveWindowTaps = %d", n)
	}
}
