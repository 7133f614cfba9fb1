package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestModeFlag: --mode train counts ResNet-18 in train mode under fvcore
// (BatchNorm 5 per element instead of 2: 3 × 2,483,712 BatchNorm
// elements more than eval mode's 1,819,065,856, the real fvcore's eval
// figure in /work/shared/spec/counting.md), says so in the JSON and the
// table, and keeps thop's figure, as thop calls model.eval() itself.
func TestModeFlag(t *testing.T) {
	for _, tc := range []struct {
		mode, conv, wantMode string
		count                int64
	}{
		{"", "fvcore", "eval", 1819065856},
		{"eval", "fvcore", "eval", 1819065856},
		{"train", "fvcore", "train", 1819065856 + 3*2483712},
		{"train", "thop", "eval", 0},
	} {
		args := []string{"count", "--preset", "resnet18", "--convention", tc.conv, "--format", "json"}
		if tc.mode != "" {
			args = append(args, "--mode", tc.mode)
		}
		code, out, errs := runCLI(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var rep struct {
			Mode   string `json:"mode"`
			Totals struct {
				Count int64 `json:"count"`
			} `json:"totals"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Mode != tc.wantMode || (tc.conv == "fvcore" && rep.Totals.Count != tc.count) {
			t.Errorf("%v: mode %q, count %d; want %q, %d", args, rep.Mode, rep.Totals.Count, tc.wantMode, tc.count)
		}
	}
	if code, out, _ := runCLI("count", "--preset", "resnet18", "--mode", "train"); code != 0 || !strings.Contains(out, "input [1, 3, 224, 224], train mode") {
		t.Errorf("table: exit %d, no train mode line:\n%s", code, out)
	}
	if code, _, errs := runCLI("count", "--preset", "resnet18", "--mode", "training"); code == 0 || !strings.Contains(errs, `--mode "training": want train or eval`) {
		t.Errorf("bad mode: exit %d, %s", code, errs)
	}
}
