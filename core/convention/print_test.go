package convention

import (
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"floplab/core/units"
)

// The tools' print styles (each in its tool's file) against what the
// tools print.

func TestThopClever(t *testing.T) {
	tests := []struct {
		n      int64
		format string
		want   string
	}{
		{714691904, "%.2f", "714.69M"},
		{714691904, "%.3f", "714.692M"},
		{61100840, "%.3f", "61.101M"},
		{3710034752, "%.2f", "3.71G"},
		{1000000, "%.2f", "1000.00K"}, // thresholds are strict: 1e6 is not > 1e6
		{1000001, "%.2f", "1.00M"},
		{1000, "%.2f", "1000.00B"},
		{1001, "%.2f", "1.00K"},
		{0, "%.2f", "0.00B"},
		{2_000_000_000_000, "%.1f", "2.0T"},
		{714691904, "%q", "%!(BADFORMAT %q)M"},
	}
	for _, tt := range tests {
		if got := thopClever(tt.n, tt.format); got != tt.want {
			t.Errorf("thopClever(%d, %q) = %q, want %q", tt.n, tt.format, got, tt.want)
		}
	}
}

func TestPtflops(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		// The seed article's ptflops printout (GMac units, precision 3 per
		// layer, default precision 2 in the final line).
		{ptflopsMacsIn(715561896, "GMac", 2), "0.72 GMac"},
		{ptflopsMacsIn(715561896, "GMac", 3), "0.716 GMac"},
		{ptflopsMacsIn(70470400, "GMac", 3), "0.07 GMac"},
		{ptflopsMacsIn(99723520, "GMac", 3), "0.1 GMac"},
		{ptflopsMacsIn(0, "GMac", 3), "0.0 GMac"},
		{ptflopsParams(61100840, 2), "61.1 M"},
		{ptflopsParamsIn(61100840, "M", 3), "61.101 M"},
		{ptflopsParamsIn(23296, "M", 3), "0.023 M"},
		{ptflopsParamsIn(590080, "M", 3), "0.59 M"},
		{ptflopsParamsIn(0, "M", 3), "0.0 M"},
		{ptflopsParamsIn(5, "?", 3), "5"},
		{ptflopsParams(999, 2), "999"},
		{ptflopsMacs(999, 2), "999.0 Mac"},
		{ptflopsMacsIn(1234, "xx", 2), "1234.0 Mac"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

func TestTorchvisionAndTorchinfo(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{TorchvisionGFLOPS(714188480), "0.714"},
		{TorchvisionGFLOPS(4089184256), "4.089"},
		{TorchvisionGFLOPS(17563828224), "17.564"},
		{TorchvisionGFLOPS(4490566656), "4.491"},
		{torchinfoMultAdds(714682664), "Total mult-adds (M): 714.68"},
		{torchinfoMultAdds(1814083944), "Total mult-adds (G): 1.81"},
		{torchinfoMultAdds(2_500_000_000_000), "Total mult-adds (T): 2.50"},
		{torchinfoMultAddsPy311(714682664), "Total mult-adds (Units.MEGABYTES): 714.68"},
		{torchinfoMultAddsPy311(1814083944), "Total mult-adds (Units.GIGABYTES): 1.81"},
		{TorchinfoMB("Forward/backward pass size", 3953472), "Forward/backward pass size (MB): 3.95"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

// printed is testdata/tools_printed.json: what the tools really printed on
// AlexNet and ResNet-18, with the integers they printed from.
type printed struct {
	Models map[string]struct {
		Ptflops struct {
			Totals map[string]struct {
				MACs      int64    `json:"macs"`
				Params    int64    `json:"params"`
				AsStrings []string `json:"as_strings"`
			} `json:"totals"`
			ModuleSum  int64 `json:"module_sum"`
			LeafLayers []struct {
				Name   string `json:"name"`
				MACs   int64  `json:"macs"`
				Params int64  `json:"params"`
			} `json:"leaf_layers"`
			PerLayer []string `json:"print_per_layer_stat"`
		} `json:"ptflops"`
		Thop map[string]struct {
			MACs   int64    `json:"macs"`
			Params int64    `json:"params"`
			Clever []string `json:"clever_format"`
		} `json:"thop"`
		Torchinfo       torchinfoRun `json:"torchinfo"`
		TorchinfoMaster torchinfoRun `json:"torchinfo_master"`
	} `json:"models"`
}

type torchinfoRun struct {
	Totals struct {
		TotalParams      int64 `json:"total_params"`
		TrainableParams  int64 `json:"trainable_params"`
		TotalMultAdds    int64 `json:"total_mult_adds"`
		TotalInputBytes  int64 `json:"total_input_bytes"`
		TotalOutputBytes int64 `json:"total_output_bytes"`
		TotalParamBytes  int64 `json:"total_param_bytes"`
	} `json:"totals"`
	Rows []struct {
		Name   string `json:"name"`
		IsLeaf bool   `json:"is_leaf"`
		Params int64  `json:"params"`
		MACs   int64  `json:"macs"`
	} `json:"rows"`
	Summary []string `json:"summary_text"`
}

func loadPrinted(t *testing.T) printed {
	t.Helper()
	b, err := os.ReadFile("testdata/tools_printed.json")
	if err != nil {
		t.Fatal(err)
	}
	var p printed
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Models) != 2 {
		t.Fatalf("testdata has %d models, want 2", len(p.Models))
	}
	return p
}

// TestRecordedPrintouts re-prints every number the real tools printed.
func TestRecordedPrintouts(t *testing.T) {
	p := loadPrinted(t)
	leafLine := regexp.MustCompile(`^\s*\(([^)]+)\): \w+\(([^,]+), [0-9.]+% Params, ([^,]+), `)
	rootLine := regexp.MustCompile(`^\s+([^,]+), 100\.000% Params, ([^,]+), `)
	for model, m := range p.Models {
		checked := 0
		// ptflops totals: as_strings = [flops_to_string, params_to_string].
		for backend, tot := range m.Ptflops.Totals {
			if got := ptflopsMacs(tot.MACs, 2); got != tot.AsStrings[0] {
				t.Errorf("%s ptflops %s: ptflopsMacs(%d) = %q, tool printed %q", model, backend, tot.MACs, got, tot.AsStrings[0])
			}
			if got := ptflopsParams(tot.Params, 2); got != tot.AsStrings[1] {
				t.Errorf("%s ptflops %s: ptflopsParams(%d) = %q, tool printed %q", model, backend, tot.Params, got, tot.AsStrings[1])
			}
			checked++
		}
		// Per-layer lines of leaf modules (module hook sums, batch 1).
		byName := map[string]int{}
		for i, l := range m.Ptflops.LeafLayers {
			byName[l.Name] = i
		}
		var params int64
		for _, l := range m.Ptflops.LeafLayers {
			params += l.Params
		}
		var path []string
		for i, line := range m.Ptflops.PerLayer {
			if i == 1 {
				r := rootLine.FindStringSubmatch(line)
				if r == nil {
					t.Fatalf("%s: root line %q not recognised", model, line)
				}
				if got := ptflopsParams(params, 2); got != r[1] {
					t.Errorf("%s root params %q, tool printed %q", model, got, r[1])
				}
				if got := ptflopsMacs(m.Ptflops.ModuleSum, 2); got != r[2] {
					t.Errorf("%s root MACs %q, tool printed %q", model, got, r[2])
				}
				checked++
				continue
			}
			// Rebuild the dotted path from the indentation (two spaces a
			// level), as nn.Module's repr nests children.
			head := regexp.MustCompile(`^( +)\(([^)]+)\): `).FindStringSubmatch(line)
			if head == nil {
				continue
			}
			level := len(head[1])/2 - 1
			if level > len(path) {
				t.Fatalf("%s: bad nesting at %q", model, line)
			}
			path = append(path[:level], head[2])
			s := leafLine.FindStringSubmatch(line)
			if s == nil {
				continue // a container such as (features): Sequential(
			}
			name := strings.Join(path, ".")
			var l struct {
				Name   string `json:"name"`
				MACs   int64  `json:"macs"`
				Params int64  `json:"params"`
			}
			if k, ok := byName[name]; ok {
				l = m.Ptflops.LeafLayers[k]
			} else if !strings.Contains(line, "Dropout(") {
				t.Errorf("%s: printed layer %s not in the recorded leaves", model, name)
				continue
			} // else: Dropout has no hook delta recorded: 0 params, 0 MACs ("0.0 Mac")
			delete(byName, name)
			if got := ptflopsParams(l.Params, 2); got != s[2] {
				t.Errorf("%s %s: ptflopsParams(%d) = %q, tool printed %q", model, name, l.Params, got, s[2])
			}
			if got := ptflopsMacs(l.MACs, 2); got != s[3] {
				t.Errorf("%s %s: ptflopsMacs(%d) = %q, tool printed %q", model, name, l.MACs, got, s[3])
			}
			checked++
		}
		// thop's clever_format(%.3f) of its totals.
		for v, th := range m.Thop {
			if th.Clever == nil {
				continue
			}
			if got := thopClever(th.MACs, "%.3f"); got != th.Clever[0] {
				t.Errorf("%s %s MACs: %q, tool printed %q", model, v, got, th.Clever[0])
			}
			if got := thopClever(th.Params, "%.3f"); got != th.Clever[1] {
				t.Errorf("%s %s params: %q, tool printed %q", model, v, got, th.Clever[1])
			}
			checked++
		}
		// torchinfo summary lines.
		for _, run := range []struct {
			name string
			r    torchinfoRun
			mult string
		}{
			{"torchinfo 1.8.0", m.Torchinfo, torchinfoMultAddsPy311(m.Torchinfo.Totals.TotalMultAdds)},
			{"torchinfo master", m.TorchinfoMaster, torchinfoMultAdds(m.TorchinfoMaster.Totals.TotalMultAdds)},
		} {
			tt := run.r.Totals
			want := []string{
				"Total params: " + units.Thousands(tt.TotalParams),
				"Trainable params: " + units.Thousands(tt.TrainableParams),
				"Non-trainable params: " + units.Thousands(tt.TotalParams-tt.TrainableParams),
				run.mult,
				TorchinfoMB("Forward/backward pass size", tt.TotalOutputBytes),
				TorchinfoMB("Params size", tt.TotalParamBytes),
				TorchinfoMB("Estimated Total Size", tt.TotalInputBytes+tt.TotalOutputBytes+tt.TotalParamBytes),
			}
			if run.name == "torchinfo 1.8.0" {
				want = append(want, TorchinfoMB("Input size", tt.TotalInputBytes))
			}
			text := strings.Join(run.r.Summary, "\n")
			for _, w := range want {
				if !strings.Contains(text, "\n"+w+"\n") {
					t.Errorf("%s %s: line %q not in the printed summary", model, run.name, w)
				}
				checked++
			}
			// Per-row "Param #" and "Mult-Adds" columns use thousands
			// separators; rows without params print "--".
			for _, row := range run.r.Rows {
				if row.Name == "" || row.Params == 0 || !row.IsLeaf {
					continue
				}
				cell := units.Thousands(row.Params) + strings.Repeat(" ", 26-len(units.Thousands(row.Params))) + units.Thousands(row.MACs)
				if !strings.Contains(text, cell) {
					t.Errorf("%s %s row %s: %q not printed", model, run.name, row.Name, cell)
				}
				checked++
			}
		}
		if checked < 20 {
			t.Errorf("%s: only %d printed values checked", model, checked)
		}
		t.Logf("%s: %d printed values reproduced", model, checked)
	}
}

// TestTorchinfoMultAdds: torchinfo 1.8.0's "Total mult-adds" line against
// its own test outputs and its own format_output_num
// (testdata/torchinfo_mult_adds.txt): a whole number prints without
// decimals ("0", not "0.00"), and the figure has thousands separators.
func TestTorchinfoMultAdds(t *testing.T) {
	b, err := os.ReadFile("testdata/torchinfo_mult_adds.txt")
	if err != nil {
		t.Fatal(err)
	}
	names := strings.NewReplacer("Units.MEGABYTES", "M", "Units.GIGABYTES", "G", "Units.TERABYTES", "T")
	checked, whole := 0, 0
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("line %d: %q has %d fields, want 3", i+1, line, len(f))
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		want := f[1]
		if f[2] == "py3.11" {
			if got := torchinfoMultAddsPy311(n); got != want {
				t.Errorf("line %d: torchinfoMultAddsPy311(%d) = %q, torchinfo printed %q", i+1, n, got, want)
			}
			// Python ≤ 3.10 shows the enum's value, the letter.
			want = names.Replace(want)
		}
		if got := torchinfoMultAdds(n); got != want {
			t.Errorf("line %d: torchinfoMultAdds(%d) = %q, want %q (%s)", i+1, n, got, want, f[2])
		}
		if !strings.Contains(want, ".") {
			whole++
		}
		checked++
	}
	if checked < 20 || whole < 5 {
		t.Errorf("%d lines checked, %d of them whole numbers", checked, whole)
	}
}
