package core

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// toolLayers is one model's per-layer records of the real tools
// (testdata/tool_layers, written by scripts/tool_layers.py from the
// project's reference records: torch 1.13.1, torchvision 0.14.1,
// weights=None, eval, 1x3x224x224).
type toolLayers struct {
	Model string  `json:"model"`
	Input []int64 `json:"input"`
	Tools map[string]struct {
		Version    string           `json:"version"`
		Total      int64            `json:"total"`
		Modules    map[string]int64 `json:"modules"`    // per module (thop, ptflops, torchinfo: leaf modules; fvcore: every path)
		Functional *int64           `json:"functional"` // ptflops: what its patched functions added
		Children   map[string]int64 `json:"children"`   // ptflops-aten: per top-level child
	} `json:"tools"`
}

// TestToolLayers checks every convention layer by layer against the tool
// it reproduces, as the tool itself attributes its count: per module
// (summed over a module's calls) for thop, ptflops and torchinfo; per
// module path including everything run inside it for fvcore's
// by_module(); per top-level child for ptflops' aten backend; and
// ptflops' functional counter separately (function calls' rows plus
// what no row holds, Totals.CountOutsideLayers). Every module the tool
// lists must be matched, and the totals must agree.
func TestToolLayers(t *testing.T) {
	files, err := filepath.Glob("testdata/tool_layers/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no tool records: %v", err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var rec toolLayers
		if err := json.Unmarshal(b, &rec); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		ids := make([]string, 0, len(rec.Tools))
		for id := range rec.Tools {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			tool := rec.Tools[id]
			rep, err := Analyze(Request{Preset: rec.Model, Inputs: [][]int64{rec.Input}, Convention: id})
			if err != nil {
				t.Fatalf("%s %s: %v", rec.Model, id, err)
			}
			where := fmt.Sprintf("%s %s %s", rec.Model, id, tool.Version)
			if rep.Totals.Count != tool.Total {
				t.Errorf("%s: total %d, the tool printed %d", where, rep.Totals.Count, tool.Total)
			}
			// Our rows: a module's calls, a function's node under the
			// module that called it ("layer1.0:add"; "flatten" at the top).
			module, function := map[string]int64{}, int64(0)
			within := func(path string) int64 {
				var s int64
				for _, l := range rep.Layers {
					if path == "" || l.Name == path || strings.HasPrefix(l.Name, path+".") || strings.HasPrefix(l.Name, path+":") {
						s += l.Count
					}
				}
				return s
			}
			for _, l := range rep.Layers {
				if l.Call == "module" {
					module[l.Name] += l.Count
				} else {
					function += l.Count
				}
			}
			switch {
			case tool.Children != nil:
				for child, want := range tool.Children {
					if got := within(child); got != want {
						t.Errorf("%s: top-level child %s counts %d, the tool %d", where, child, got, want)
					}
				}
			case id == "fvcore":
				for path, want := range tool.Modules {
					if got := within(path); got != want {
						t.Errorf("%s: module %q counts %d, the tool %d", where, path, got, want)
					}
				}
			default:
				for name, want := range tool.Modules {
					got, ok := module[name]
					if !ok {
						t.Errorf("%s: no module %s (the tool counts %d)", where, name, want)
					} else if got != want {
						t.Errorf("%s: module %s counts %d, the tool %d", where, name, got, want)
					}
				}
				for name, got := range module {
					if _, ok := tool.Modules[name]; !ok && got != 0 {
						t.Errorf("%s: module %s counts %d, the tool lists no such module", where, name, got)
					}
				}
				var wantFn int64
				if tool.Functional != nil {
					wantFn = *tool.Functional
				}
				if got := function + rep.Totals.CountOutsideLayers; got != wantFn {
					t.Errorf("%s: function calls count %d and %d is outside the rows, the tool's functional counter %d", where, function, rep.Totals.CountOutsideLayers, wantFn)
				}
			}
		}
	}
}
