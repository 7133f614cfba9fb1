package printout

import (
	"strings"
	"testing"

	"floplab/core"
)

// TestAssume: a class FlopLab does not know counts as the user states
// (--assume CLASS=PARAMS:MACS): its parameters in the totals, its MACs per
// call in the trace, and the result complete; without the statement it
// counts 0 and the result is incomplete.
func TestAssume(t *testing.T) {
	src := `Net(
  (stem): Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
  (mixer): MyMixer()
  (blocks): ModuleList(
    (0-1): 2 x MyMixer()
  )
)
`
	req := core.Request{Script: src, Importers: []core.Importer{Importer{}}, Inputs: [][]int64{{1, 3, 8, 8}}}
	plain, err := core.Analyze(req)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Complete || plain.Totals.Params != 224 {
		t.Fatalf("without --assume: complete %v, %d params; want incomplete, 224", plain.Complete, plain.Totals.Params)
	}
	req.Assume = []core.Assumption{{Class: "MyMixer", Params: 100, MACs: 1000}}
	rep, err := core.Analyze(req)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Complete || rep.Totals.Params != 224+3*100 || rep.Totals.MACs != plain.Totals.MACs+3*1000 {
		t.Errorf("with --assume: complete %v, %d params, %d MACs; want complete, %d, %d", rep.Complete, rep.Totals.Params, rep.Totals.MACs, 224+300, plain.Totals.MACs+3000)
	}
	pc, err := CountParamsWith(mustParse(t, src), ConvertOptions{Assume: map[string][2]int64{"MyMixer": {100, 1000}}})
	if err != nil || pc.Params != 524 || len(pc.Unknown) != 0 {
		t.Errorf("CountParamsWith: %d params, unknown %v, %v; want 524, none", pc.Params, pc.Unknown, err)
	}
}

func mustParse(t *testing.T, src string) *Module {
	t.Helper()
	m, err := Parse("t", src)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestElisionIncomplete: a printout that elides modules is never a
// silent partial count: the result is incomplete at the elided line, and
// a printout that ends before its last ')' is closed with a warning.
func TestElisionIncomplete(t *testing.T) {
	src := "Sequential(\n  (0): Linear(in_features=8, out_features=8, bias=True)\n  ...\n  (5): Linear(in_features=8, out_features=2, bias=True)\n)\n"
	rep, err := core.Analyze(core.Request{Script: src, Importers: []core.Importer{Importer{}}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Complete || len(rep.Incomplete) == 0 || rep.Incomplete[0].Line != 3 {
		t.Errorf("elided printout: complete %v, incomplete %+v; want incomplete at line 3", rep.Complete, rep.Incomplete)
	}
	cut := "Sequential(\n  (0): Linear(in_features=8, out_features=8, bias=True)\n"
	rep, err = core.Analyze(core.Request{Script: cut, Importers: []core.Importer{Importer{}}})
	if err != nil {
		t.Fatal(err)
	}
	warned := false
	for _, n := range rep.Notes {
		warned = warned || strings.Contains(n, "the printout ends before 1 closing ')'")
	}
	if !warned || rep.Totals.Params != 72 {
		t.Errorf("truncated printout: %d params, notes %q; want 72 and a warning", rep.Totals.Params, rep.Notes)
	}
}

// TestInputGiven: when the request gives the input, the conversion's
// default-input note is not shown (it would name an input not used).
func TestInputGiven(t *testing.T) {
	src := "Sequential(\n  (0): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))\n)\n"
	for _, tc := range []struct {
		inputs [][]int64
		want   bool
	}{{nil, true}, {[][]int64{{1, 1, 32, 32}}, false}} {
		rep, err := core.Analyze(core.Request{Script: src, Inputs: tc.inputs, Importers: []core.Importer{Importer{}}})
		if err != nil {
			t.Fatal(err)
		}
		got := false
		for _, n := range rep.Notes {
			got = got || strings.Contains(n, "input_shape (1, 1, 224, 224) is a default")
		}
		if got != tc.want {
			t.Errorf("inputs %v: default-input note %v, want %v", tc.inputs, got, tc.want)
		}
	}
}
