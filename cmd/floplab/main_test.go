package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

const gpt2Printout = "../../core/printout/testdata/hf/gpt2.txt"

// TestCountTies: a GPT-2 printout counts lm_head and the token embedding
// once by default (124,439,808 params), both with --untie (163,037,184),
// once again with --untie --tie; the table lists the candidate, the JSON
// has "ties"; bad ties are errors.
func TestCountTies(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		params int64
		active bool
	}{
		{nil, 124439808, true},
		{[]string{"--untie"}, 163037184, false},
		{[]string{"--untie", "--tie", "lm_head=transformer.wte"}, 124439808, true},
	} {
		code, out, errs := runCLI(append([]string{"count", gpt2Printout, "--format", "json"}, tc.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errs)
		}
		var rep struct {
			Totals struct {
				Params int64 `json:"params"`
			} `json:"totals"`
			Ties []struct {
				Module, Target string
				Params         int64
				Default        bool
				Active         bool
			} `json:"ties"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Totals.Params != tc.params {
			t.Errorf("%v: params %d, want %d", tc.args, rep.Totals.Params, tc.params)
		}
		if len(rep.Ties) != 1 || rep.Ties[0].Module != "lm_head" || rep.Ties[0].Target != "transformer.wte" ||
			rep.Ties[0].Params != 50257*768 || !rep.Ties[0].Default || rep.Ties[0].Active != tc.active {
			t.Errorf("%v: ties %+v", tc.args, rep.Ties)
		}
	}
	code, out, errs := runCLI("count", "--untie", gpt2Printout)
	if code != 0 {
		t.Fatalf("table: exit %d: %s", code, errs)
	}
	for _, want := range []string{"params: 163,037,184", "weight ties", "lm_head.weight = transformer.wte.weight  38,597,376 params  untied, counted separately",
		"--tie lm_head=transformer.wte", "counted separately (untied)"} {
		if !strings.Contains(out, want) {
			t.Errorf("table output lacks %q:\n%s", want, out)
		}
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"count", gpt2Printout, "--tie", "lm_head=transformer.ln_f"}, 1, "cannot tie lm_head to transformer.ln_f"},
		{[]string{"count", "--preset", "alexnet", "--untie"}, 1, "apply to a pasted print(model) printout"},
		{[]string{"count", gpt2Printout, "--tie", "lm_head"}, 2, "want MODULE=TARGET"},
	} {
		code, _, errs := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d, %q; want %d, %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
}
