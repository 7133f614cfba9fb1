package core

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"floplab/core/convention"
)

// TestPytorchModelSummaryTables checks the pytorch-model-summary
// convention row by row against the tables pytorch_model_summary printed
// for AlexNet and ResNet-18 (testdata/pytorch_model_summary, with their
// provenance): at max_depth=1 (the default, the convention's rows and
// total, and each row's figure in the report's layer table) and at
// max_depth=None (every layer). Each row's type, its number, its
// "Param #" and "Tr. Param #", and, where the row is a module's own call,
// its output shape must match, and so must "Total params".
func TestPytorchModelSummaryTables(t *testing.T) {
	files, err := filepath.Glob("testdata/pytorch_model_summary/*.txt")
	if err != nil || len(files) != 4 {
		t.Fatalf("tables: %v %v", files, err)
	}
	rowRE := regexp.MustCompile(`^\s*(\w+)-(\d+)\s+(\[[\d, ]+\])\s+([\d,]+)\s+([\d,]+)$`)
	num := func(s string) int64 {
		n, err := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, file := range files {
		base := strings.TrimSuffix(filepath.Base(file), ".txt")
		model, depthText, _ := strings.Cut(base, "_max_depth_")
		depth := 9999 // max_depth=None
		if depthText == "1" {
			depth = 1
		}
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			typ        string
			n          int
			shape      string
			params, tr int64
		}
		var want []row
		var total int64
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := sc.Text()
			if m := rowRE.FindStringSubmatch(line); m != nil {
				k, _ := strconv.Atoi(m[2])
				want = append(want, row{m[1], k, m[3], num(m[4]), num(m[5])})
			} else if s, ok := strings.CutPrefix(line, "Total params: "); ok {
				total = num(s)
			}
		}
		f.Close()
		rep, err := Analyze(Request{Preset: model, Convention: "pytorch-model-summary"})
		if err != nil {
			t.Fatal(err)
		}
		g := rep.Graph
		rows := convention.PytorchModelSummaryRows(g, depth)
		ids := make([]int, 0, len(rows))
		for id := range rows {
			ids = append(ids, id)
		}
		sort.Ints(ids)
		if len(ids) != len(want) {
			t.Fatalf("%s: %d rows, the tool printed %d", base, len(ids), len(want))
		}
		var sum int64
		for i, id := range ids {
			r, w := rows[id], want[i]
			n := g.Nodes[id]
			got := row{g.Modules[r.Module].Type, i + 1, "", r.Params, r.Trainable}
			if n.Call == "module" && n.Module == r.Module {
				got.shape = strings.ReplaceAll(fmt.Sprint(n.Outputs[0].Shape), " ", ", ")
			} else {
				got.shape = w.shape // a block's row: its output is its last call's, not a node of its own
			}
			if got != w {
				t.Errorf("%s row %d: %+v, the tool printed %+v", base, i+1, got, w)
			}
			if depth == 1 && rep.Layers[id].Count != r.Params {
				t.Errorf("%s row %d: the layer table shows %d", base, i+1, rep.Layers[id].Count)
			}
			sum += r.Params
		}
		if sum != total {
			t.Errorf("%s: rows add up to %d, the tool printed Total params: %d", base, sum, total)
		}
		if depth == 1 {
			if rep.Totals.Count != total || rep.Totals.CountParams != total {
				t.Errorf("%s: count %d, params %d, want %d", base, rep.Totals.Count, rep.Totals.CountParams, total)
			}
			if p := Printed("pytorch-model-summary", rep.Totals.Count, rep.Totals.CountParams); p != fmt.Sprintf("Total params: %s", strings.TrimSpace(thousands(total))) {
				t.Errorf("%s: printed %q", base, p)
			}
		}
	}
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
