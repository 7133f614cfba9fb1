package core_test

import (
	"os"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/importers"
)

// TestPrintoutTies: a pasted GPT-2 printout counts lm_head and the token
// embedding once (GPT2LMHeadModel ties them by default) and says so;
// Untie counts both; Report.Ties lists the candidate either way; a Llama
// printout ties only when asked; ties are refused for scripts and
// presets.
func TestPrintoutTies(t *testing.T) {
	read := func(f string) string {
		b, err := os.ReadFile("printout/testdata/hf/" + f)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	gpt2, llama := read("gpt2.txt"), read("llama_2_7b.txt")
	const tied, untied = 124439808, 163037184 // 163,037,184 = 124,439,808 + 50257·768
	for _, tc := range []struct {
		name     string
		req      core.Request
		params   int64
		active   bool
		def      bool
		module   string
		target   string
		noteHas  string
		memBytes int64 // fp32 weights term of the inference demand
	}{
		{"gpt2", core.Request{Script: gpt2}, tied, true, true, "lm_head", "transformer.wte", "counted once", 4 * tied},
		{"gpt2 untie", core.Request{Script: gpt2, Untie: true}, untied, false, true, "lm_head", "transformer.wte", "counted separately (untied)", 4 * untied},
		{"gpt2 untie+tie", core.Request{Script: gpt2, Untie: true, Ties: [][2]string{{"lm_head", "transformer.wte"}}}, tied, true, true, "lm_head", "transformer.wte", "tied to transformer.wte.weight as asked", 4 * tied},
		{"llama", core.Request{Script: llama}, 6738415616, false, false, "lm_head", "model.embed_tokens", "", 0},
		{"llama tie", core.Request{Script: llama, Ties: [][2]string{{"lm_head", "model.embed_tokens"}}}, 6738415616 - 32000*4096, true, false, "lm_head", "model.embed_tokens", "as asked", 0},
	} {
		req := tc.req
		req.Filename = "model.txt"
		req.Importers = importers.All()
		if tc.memBytes > 0 {
			req.Demand = &core.DemandOptions{}
		}
		rep, err := core.Analyze(req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if rep.Totals.Params != tc.params {
			t.Errorf("%s: params %d, want %d", tc.name, rep.Totals.Params, tc.params)
		}
		if len(rep.Ties) != 1 {
			t.Fatalf("%s: ties %+v", tc.name, rep.Ties)
		}
		ti := rep.Ties[0]
		if ti.Module != tc.module || ti.Target != tc.target || ti.Active != tc.active || ti.Default != tc.def || ti.Params <= 0 || ti.Why == "" {
			t.Errorf("%s: tie %+v", tc.name, ti)
		}
		if tc.noteHas != "" && !strings.Contains(strings.Join(rep.Notes, "\n"), tc.noteHas) {
			t.Errorf("%s: no note saying %q in %q", tc.name, tc.noteHas, rep.Notes)
		}
		// The memory estimate counts the same parameters.
		if tc.memBytes > 0 && (rep.Memory == nil || rep.Memory.WeightsBytes != tc.memBytes) {
			t.Errorf("%s: memory %+v, want weights %d B", tc.name, rep.Memory, tc.memBytes)
		}
	}
	// Errors: a pair the printout does not have, and ties on a script or a preset.
	for _, req := range []core.Request{
		{Script: llama, Ties: [][2]string{{"lm_head", "model.norm"}}},
		{Script: "input_shape = (1, 8)\nmodel = Linear(8, 8)\n", Untie: true},
		{Preset: "gpt2", Ties: [][2]string{{"lm_head", "transformer.wte"}}},
	} {
		req.Importers = importers.All()
		if _, err := core.Analyze(req); err == nil || !strings.Contains(err.Error(), "tie") {
			t.Errorf("%+v: err %v", req.Ties, err)
		}
	}
}
