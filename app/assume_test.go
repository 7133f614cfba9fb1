package app

import (
	"reflect"
	"testing"

	"floplab/core/share"
)

// TestSetAssume: the inputs beside an unknown class's warning replace its
// statement (thousands separators as people type them), empty drops it,
// and a bad number is an error that keeps the others.
func TestSetAssume(t *testing.T) {
	as := []share.Assumption{{Class: "A", Params: 1}, {Class: "B", Params: 2, MACs: 3}}
	got, err := SetAssume(as, "B", "14,520", "1 000")
	want := []share.Assumption{{Class: "A", Params: 1}, {Class: "B", Params: 14520, MACs: 1000}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("SetAssume = %+v, %v; want %+v", got, err, want)
	}
	if got, _ := SetAssume(as, "B", "", " "); !reflect.DeepEqual(got, as[:1]) {
		t.Errorf("emptied: %+v", got)
	}
	if got, _ := SetAssume(nil, "C", "", "7"); !reflect.DeepEqual(got, []share.Assumption{{Class: "C", MACs: 7}}) {
		t.Errorf("MACs only: %+v", got)
	}
	if got, err := SetAssume(as, "B", "-5", ""); err == nil || !reflect.DeepEqual(got, as) {
		t.Errorf("negative: %+v, %v", got, err)
	}
}

// TestRunAssume: what a class holds reaches the count, stays while the
// printout has the class, and is dropped (not an error) for a script.
func TestRunAssume(t *testing.T) {
	eng := CoreEngine()
	src := "Net(\n  (fc): Linear(in_features=8, out_features=8, bias=True)\n  (mix): MyMixer(8, 8)\n)\n"
	st := share.State{Input: "1x8", Assume: []share.Assumption{{Class: "MyMixer", Params: 72, MACs: 64}, {Class: "Gone", Params: 1}}}
	rep, errs := Run(eng, src, st)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if rep.Totals.Params != 72+72 || rep.Totals.MACs != 64+64 {
		t.Errorf("params %d, MACs %d; want 144, 128", rep.Totals.Params, rep.Totals.MACs)
	}
	if kept := PruneAssume(st.Assume, rep); !reflect.DeepEqual(kept, st.Assume[:1]) {
		t.Errorf("kept %+v", kept)
	}
	rep, errs = Run(eng, "input_shape = (1, 8)\nLinear(8, 4)\n", st)
	if len(errs) > 0 || rep.Totals.Params != 36 {
		t.Errorf("a script with a printout's statements: %v", errs)
	}
	if kept := PruneAssume(st.Assume, rep); len(kept) != 0 {
		t.Errorf("a script keeps %+v", kept)
	}
}
