package printout

import (
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
