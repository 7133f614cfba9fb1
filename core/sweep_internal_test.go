package core

import (
	"errors"
	"testing"

	"floplab/core/graph"
)

func TestRunSweep(t *testing.T) {
	var seen []graph.Shape
	f := func(s graph.Shape) (int64, int64, int64, error) {
		seen = append(seen, s)
		if s[2] == 999 {
			return 0, 0, 0, errors.New("too big")
		}
		return s[0] * s[2] * s[3], 4 * s[0] * s[2] * s[3], 42, nil
	}
	base := graph.Shape{1, 3, 224, 224}
	pts, err := runSweep(f, base, []int{2, 3}, []int64{32, 64})
	if err != nil || len(pts) != 2 || pts[1].MACs != 64*64 || pts[1].ActivationBytes != 4*64*64 || pts[1].Params != 42 || pts[0].Value != 32 {
		t.Fatalf("resolution sweep %+v %v", pts, err)
	}
	if base[2] != 224 || seen[0][2] != 32 || seen[0][3] != 32 || seen[0][0] != 1 {
		t.Errorf("shapes %v, base changed %v", seen, base)
	}
	pts, err = runSweep(f, base, []int{0}, []int64{1, 8})
	if err != nil || pts[1].Shape[0] != 8 || pts[1].MACs != 8*224*224 {
		t.Errorf("batch sweep %+v", pts)
	}
	if pts, err := runSweep(f, base, []int{2}, []int64{16, 999, 32}); err == nil || len(pts) != 1 {
		t.Errorf("error not returned: %v %v", pts, err)
	}
	for _, bad := range []struct {
		f    sweepFunc
		dims []int
		vals []int64
	}{{nil, []int{0}, []int64{1}}, {f, []int{4}, []int64{1}}, {f, []int{-1}, []int64{1}}, {f, []int{0}, []int64{0}}} {
		if _, err := runSweep(bad.f, base, bad.dims, bad.vals); err == nil {
			t.Errorf("bad sweep accepted: %v %v", bad.dims, bad.vals)
		}
	}
}
