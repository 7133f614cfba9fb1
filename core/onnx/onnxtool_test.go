package onnx

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// onnxToolRows reads a model_profile table onnx-tool printed
// (testdata/onnx-tool/*.txt): each row's node name and Forward_MACs, and
// the Total and Dedup_Params rows.
func onnxToolRows(t *testing.T, name string) (rows map[string]int64, total, params int64) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "onnx-tool", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows = map[string]int64{}
	params = -1
	macsCol, paramsCol := -1, -1
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if len(fields) > 0 && fields[0] == "Name" {
			// Columns are aligned; some headers have spaces.
			macsCol, paramsCol = strings.Index(line, "Forward_MACs"), strings.Index(line, " Params ")+1
			continue
		}
		if macsCol < 0 || len(line) <= paramsCol || strings.HasPrefix(fields[0], "---") {
			continue
		}
		col := func(off int) string { return strings.Fields(line[off:])[0] }
		n := func(s string) int64 {
			v, err := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
			if err != nil {
				t.Fatalf("%s: %q: %v", name, s, err)
			}
			return v
		}
		switch fields[0] {
		case "Total":
			total = n(col(macsCol))
		case "Dedup_Params":
			params = n(col(paramsCol))
		default:
			rows[fields[0]] = n(col(macsCol))
		}
	}
	return rows, total, params
}

// TestOnnxToolGolden checks the onnx-tool figures FlopLab computes, node
// by node and in total, against what onnx-tool printed for the same files.
func TestOnnxToolGolden(t *testing.T) {
	for _, c := range []struct {
		file   string
		inputs [][]int64
	}{
		{"tiny_cnn_external", nil},
		{"tiny_cnn_dynbatch", [][]int64{{8, 3, 32, 32}}},
		{"seq_lstm_gru", nil},
		{"attn_block_op13", nil},
		{"attn_block_op17", nil},
		{"misc_ops", nil},
		{"resnet18_op13_graph", nil},
		{"vit_b_16_op17_graph", nil},
	} {
		rows, total, _ := onnxToolRows(t, c.file+".txt")
		counted := countFile(t, c.file+".onnx", c.inputs)
		var sum int64
		shown := 0
		for _, nc := range counted.Nodes {
			sum += nc.OnnxTool
			if nc.OnnxToolHidden {
				continue
			}
			shown++
			want, ok := rows[nc.Node.Name]
			if !ok {
				t.Errorf("%s: onnx-tool shows no row for %s (%s)", c.file, nc.Node.Name, nc.Node.OpType)
				continue
			}
			if nc.OnnxTool != want {
				t.Errorf("%s: %s (%s): %d, onnx-tool printed %d", c.file, nc.Node.Name, nc.Node.OpType, nc.OnnxTool, want)
			}
		}
		if sum != total || shown != len(rows) {
			t.Errorf("%s: total %d over %d rows, onnx-tool printed %d over %d", c.file, sum, shown, total, len(rows))
		}
	}
}
