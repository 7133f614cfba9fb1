package app

import (
	"strings"
	"testing"

	"floplab/core"
)

// TestRowsAddUp: in the layer table every row with children equals them
// plus what it holds directly, and the top-level rows add up to the
// totals (issue 12, item 1): GPT-2's transformer.h.0.mlp showed 0 MACs and
// its top rows 19.3 G + 39.5 G of 145.8 G.
func TestRowsAddUp(t *testing.T) {
	for _, preset := range []string{"gpt2", "vit_b_16", "swin_t", "convnext_tiny", "alexnet"} {
		rep, err := core.Analyze(core.Request{Preset: preset, Convention: "thop"})
		if err != nil {
			t.Fatal(err)
		}
		rows := BuildRows(rep.Layers, moduleTypes(rep))
		var p, m, f, c int64
		for i, r := range rows {
			if r.Level == 0 {
				p, m, f, c = p+r.Params, m+r.MACs, f+r.FLOPs, c+r.Count
			}
			if r.Children == 0 {
				continue
			}
			sp, sm, sf, sc := r.OwnFigures()
			for _, k := range rows[i+1:] {
				if k.Level <= r.Level {
					break
				}
				if k.Level == r.Level+1 {
					sp, sm, sf, sc = sp+k.Params, sm+k.MACs, sf+k.FLOPs, sc+k.Count
				}
			}
			if sp != r.Params || sm != r.MACs || sf != r.FLOPs || sc != r.Count {
				t.Errorf("%s %s: children + own = %d, %d, %d, %d; row %d, %d, %d, %d", preset, r.Name, sp, sm, sf, sc, r.Params, r.MACs, r.FLOPs, r.Count)
			}
		}
		tot := rep.Totals
		if p != tot.Params || m != tot.MACs || f != tot.FLOPs || c != tot.Count {
			t.Errorf("%s: top rows %d, %d, %d, %d; totals %d, %d, %d, %d", preset, p, m, f, c, tot.Params, tot.MACs, tot.FLOPs, tot.Count)
		}
		if preset == "gpt2" {
			mlp, _ := RowByKey(rows, "transformer.h.0.mlp")
			if mlp.MACs != 2*2415919104 {
				t.Errorf("gpt2 transformer.h.0.mlp MACs = %d", mlp.MACs)
			}
			head, _ := RowByKey(rows, "lm_head")
			if head.Tied != "transformer.wte.weight" {
				t.Errorf("gpt2 lm_head tied to %q", head.Tied)
			}
			_, mf, _, _ := LayerFormulas(LangEN, rep, mlp, "thop")
			if !strings.Contains(mf.Body, "= 4,831,838,208") {
				t.Errorf("mlp MACs formula: %q", mf.Body)
			}
			fc, _ := RowByKey(rows, "transformer.h.0.mlp.c_fc")
			_, mf, _, _ = LayerFormulas(LangEN, rep, fc, "thop")
			if !strings.Contains(mf.Body, "its own 0 + the calls inside it 2,415,919,104 = 2,415,919,104") {
				t.Errorf("c_fc MACs formula: %q", mf.Body)
			}
		}
		if preset == "vit_b_16" {
			if r := rows[0]; r.Name != "class_token" || r.Params != 768 {
				t.Errorf("vit first row %+v", r.Layer)
			}
		}
	}
}

// TestBufferKinds: the buffers card says what the buffers are (issue 12,
// item 3): GPT-2's are attention masks, not BatchNorm statistics.
func TestBufferKinds(t *testing.T) {
	for preset, want := range map[string]string{
		"gpt2":     "GPT2Attention.bias (12,582,912), GPT2Attention.masked_bias (12); not parameters",
		"resnet18": "BatchNorm2d.running_mean (4,800), BatchNorm2d.running_var (4,800), BatchNorm2d.num_batches_tracked (20); not parameters",
		"alexnet":  "this model holds no buffers",
	} {
		rep, err := core.Analyze(core.Request{Preset: preset})
		if err != nil {
			t.Fatal(err)
		}
		if got := BufferKinds(LangEN, rep); !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q, want %q", preset, got, want)
		}
		if got := BufferKinds(LangZH, rep); strings.Contains(got, "not parameters") {
			t.Errorf("%s zh: %q", preset, got)
		}
	}
}

// TestModulesOnly: the "hide views" view of GPT-2 drops the zero-cost
// calls (view, permute, ...) of block 0 and keeps every row that counts
// (issue 12, item 15).
func TestModulesOnly(t *testing.T) {
	rep, err := core.Analyze(core.Request{Preset: "gpt2"})
	if err != nil {
		t.Fatal(err)
	}
	rows := BuildRows(rep.Layers, moduleTypes(rep))
	all := Visible(rows, map[string]bool{})
	kept := ModulesOnly(rows, all)
	block := func(idx []int) (n int) {
		for _, i := range idx {
			if strings.HasPrefix(rows[i].Name, "transformer.h.0.") || strings.HasPrefix(rows[i].Name, "transformer.h.0:") {
				n++
			}
		}
		return n
	}
	if a, k := block(all), block(kept); k >= a*2/3 || k == 0 {
		t.Errorf("block 0: %d rows, %d with views hidden", a, k)
	}
	var sum int64
	for _, i := range kept {
		if rows[i].Level == 0 {
			sum += rows[i].MACs
		}
		if r := rows[i]; r.Call == "function" && r.FLOPs == 0 && r.Params == 0 && r.Count == 0 && r.Children == 0 {
			t.Errorf("kept a zero-cost row %s", r.Name)
		}
	}
	if sum != rep.Totals.MACs {
		t.Errorf("kept top rows add up to %d MACs, total %d", sum, rep.Totals.MACs)
	}
	for _, i := range all {
		if r := rows[i]; strings.HasSuffix(r.Name, ":softmax") && !containsInt(kept, i) {
			t.Errorf("softmax %s hidden", r.Name)
		}
	}
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
