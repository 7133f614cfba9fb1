package graph

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"floplab/core/units"
)

// TestFLOPs: 2·MACs + Add + Mul + Cmp + Exp, exactly, and an overflow is
// an error, not a wrapped count.
func TestFLOPs(t *testing.T) {
	for _, tc := range []struct {
		ops  Ops
		want int64
		err  bool
	}{
		{Ops{}, 0, false},
		{Ops{MACs: 3, Add: 1, Mul: 2, Cmp: 4, Exp: 5}, 18, false},
		// AlexNet's totals under FlopLab's convention (README).
		{Ops{MACs: 714188480, Add: 494184, Mul: 9216, Cmp: 1199744}, 1430080104, false},
		{Ops{MACs: math.MaxInt64 / 2}, math.MaxInt64 - 1, false},
		{Ops{MACs: math.MaxInt64/2 + 1}, 0, true},
		{Ops{MACs: math.MaxInt64 / 2, Add: 2}, 0, true},
	} {
		got, err := tc.ops.FLOPs()
		if (err != nil) != tc.err || (!tc.err && got != tc.want) {
			t.Errorf("%+v.FLOPs() = %d, %v; want %d (error %v)", tc.ops, got, err, tc.want, tc.err)
		}
		if err != nil && !errors.Is(err, units.ErrOverflow) {
			t.Errorf("%+v: error %v is not an overflow", tc.ops, err)
		}
	}
}

func TestOpsPlus(t *testing.T) {
	s, err := Ops{MACs: 1, Add: 2, Mul: 3, Cmp: 4, Exp: 5}.Plus(Ops{MACs: 10, Add: 20, Mul: 30, Cmp: 40, Exp: 50})
	if err != nil || s != (Ops{MACs: 11, Add: 22, Mul: 33, Cmp: 44, Exp: 55}) {
		t.Errorf("Plus = %+v, %v", s, err)
	}
	for _, o := range []Ops{{MACs: math.MaxInt64}, {Add: math.MaxInt64}, {Mul: math.MaxInt64}, {Cmp: math.MaxInt64}, {Exp: math.MaxInt64}} {
		if _, err := o.Plus(o); err == nil {
			t.Errorf("%+v + itself: no overflow", o)
		}
	}
}

func TestNumelAndCount(t *testing.T) {
	if n := (Shape{1, 64, 55, 55}).Numel(); n != 193600 {
		t.Errorf("Numel = %d", n)
	}
	if n := (Shape{}).Numel(); n != 1 {
		t.Errorf("a scalar's Numel = %d", n)
	}
	ps := []ParamTensor{
		{Name: "weight", Shape: Shape{64, 3, 11, 11}, Trainable: true},
		{Name: "bias", Shape: Shape{64}, Trainable: true},
		{Name: "frozen", Shape: Shape{10}},
		{Name: "running_mean", Shape: Shape{64}, Buffer: true},
		// A tied tensor is counted where it was first listed, not here.
		{Name: "tied", Shape: Shape{1000, 64}, Trainable: true, Tied: true},
	}
	tr, fr, bu := Count(ps)
	if tr != 23296 || fr != 10 || bu != 64 {
		t.Errorf("Count = %d trainable, %d frozen, %d buffers", tr, fr, bu)
	}
}

// TestNodeJSON: a node's JSON form names its fields as the CLI's graph
// export does and renders the formulas and attributes as strings.
func TestNodeJSON(t *testing.T) {
	n := &Node{ID: 3, Name: "features.0", Type: "Conv2d", Call: CallModule, Module: 1, Parent: 0,
		Outputs: []Tensor{{Shape: Shape{1, 64, 55, 55}, DType: "float", Producer: 3}},
		Ops:     Ops{MACs: 70276800, Add: 193600}, Attrs: ArgString("3, 64, kernel_size=11"), Pos: "alexnet.star:4:9"}
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"id":3`, `"name":"features.0"`, `"type":"Conv2d"`, `"call":"module"`, `"ops":{"macs":70276800,"add":193600,"mul":0,"cmp":0,"exp":0}`,
		`"attrs":"3, 64, kernel_size=11"`, `"pos":"alexnet.star:4:9"`, `"shape":[1,64,55,55]`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
}
