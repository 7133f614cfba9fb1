package lang

import (
	"errors"

	"floplab/core/units"
)

// Sliding windows (convolution and pooling) in closed form. A hostile
// script can ask for any kernel, stride, padding or dilation and any
// dimension up to the element limit, so nothing here loops over the
// outputs, and every product is checked.

// errWindow is the error of a window computation that overflows int64.
var errWindow = errors.New("the window geometry is too large to count exactly (over 9.2e18)")

// maxClippedWindows bounds the loop over the windows a dilated pooling
// clips at the input's edges (a real one clips a handful).
const maxClippedWindows = 1 << 22

// windowOut is the number of windows of k taps d apart, s apart, over L
// elements padded by p on each side: (L + 2p − d·(k−1) − 1) / s + 1,
// rounded down, or up in ceil mode, where a last window must still start
// inside the input or its left padding (PyTorch's pooling_output_shape).
// It is 0 or less when no window fits.
func windowOut(L, k, s, p, d int64, ceil bool) (int64, error) {
	var a units.Acc
	num := a.Add(L, a.Mul(2, p), -a.Mul(d, k-1), -1)
	if a.Err != nil {
		return 0, errWindow
	}
	if num < 0 {
		return 0, nil
	}
	if !ceil {
		return num/s + 1, nil
	}
	o := ceilDiv(num, s) + 1
	if last := a.Mul(o-1, s); a.Err == nil && last >= a.Add(L, p) {
		o--
	}
	if a.Err != nil {
		return 0, errWindow
	}
	return o, nil
}

// windowTaps is Σ over the o windows (window j starts at j·s − p, its
// taps d apart) of the taps that fall in [lo, hi): the elements a pooling
// window reads, clipped to the input, or to the padded input when the
// padding counts. It needs the windows PyTorch allows: each overlaps
// [lo, hi).
func windowTaps(o, k, s, p, d, lo, hi int64) (int64, error) {
	var a units.Acc
	// Windows j < left start before lo; windows j ≥ right end after hi
	// (their last tap is at or past hi).
	left := min(max(ceilDiv(a.Add(lo, p), s), 0), o)
	lastTap := a.Mul(d, k-1)
	right := min(max(floorDiv(a.Add(hi, -1, p, -lastTap), s)+1, 0), o)
	if a.Err != nil {
		return 0, errWindow
	}
	full := a.Mul(o, k)
	if d == 1 {
		// Each clipped window loses lo − start taps on the left and
		// end − hi on the right: arithmetic series in j.
		// A window clipped on both sides loses on both.
		lost := a.Add(a.Mul(left, a.Add(lo, p)), -a.Mul(s, tri(&a, left)))
		m := o - right
		lost = a.Add(lost, a.Mul(m, a.Add(a.Mul(right, s), -p, lastTap, 1, -hi)), a.Mul(s, tri(&a, m)))
		sum := a.Add(full, -lost)
		if a.Err != nil {
			return 0, errWindow
		}
		return sum, nil
	}
	right = max(right, left) // each clipped window once
	if left+(o-right) > maxClippedWindows {
		return 0, errors.New("a dilated pooling that clips this many windows at the input's edges is too large to count exactly")
	}
	sum := full
	for _, r := range [2][2]int64{{0, left}, {right, o}} {
		for j := r[0]; j < r[1]; j++ {
			start := a.Add(a.Mul(j, s), -p)
			first := int64(0) // first tap at or after lo
			if start < lo {
				first = ceilDiv(lo-start, d)
			}
			last := min(floorDiv(a.Add(hi, -1, -start), d), k-1) // last tap before hi
			sum = a.Add(sum, -k, max(last-first+1, 0))
		}
	}
	if a.Err != nil {
		return 0, errWindow
	}
	return sum, nil
}

// tri is 0 + 1 + … + (n−1), with overflow kept in a.
func tri(a *units.Acc, n int64) int64 {
	if n <= 0 {
		return 0
	}
	if n%2 == 0 {
		return a.Mul(n/2, n-1)
	}
	return a.Mul(n, (n-1)/2)
}

// adaptiveWindowTaps is Σ over the o windows of adaptive pooling over L
// elements of their sizes; window j is [⌊j·L/o⌋, ⌈(j+1)·L/o⌉). In closed
// form L + o − gcd(L, o): the floors and ceilings differ by one except
// where o divides j·L.
func adaptiveWindowTaps(L, o int64) int64 {
	x, y := L, o
	for y != 0 {
		x, y = y, x%y
	}
	return L + o - x
}
