package convention

import (
	"sync"

	"floplab/core/graph"
	"floplab/core/units"
)

// pytorch_model_summary (amarczew/pytorch_model_summary@85f70f8,
// pytorch_model_summary/model_summary.py summary(), the package the seed
// article prints its parameter tables with) counts parameters, not
// operations: one row per module it shows, each row the module's
// parameters() (its own and its children's), and "Total params" the sum
// of the rows. It shows a module when its depth is max_depth (1 by
// default) or when it is shallower and has no children, depth counting
// the modules between it and the model without nn.Sequential and
// nn.ModuleList (which are never rows); a row is filled by a forward hook
// on the module's first call, so a module that never runs has no row,
// and parameters a parent holds directly are in no row.
var pytorchModelSummary = &spec{
	Convention: Convention{ID: "pytorch-model-summary", Tool: "pytorch_model_summary", Version: "0.1.2 (master 85f70f8)", Unit: "param", Params: ParamsCounted,
		Print:  printPytorchModelSummary,
		Notes:  []string{"Counts parameters only, no operations: one row per module at depth 1 (nn.Sequential and nn.ModuleList do not count as a level) with the parameters of the module and its children, on its first call; Total params is the sum of the rows, so parameters a parent holds directly (ViT's class token) are left out."},
		Source: "amarczew/pytorch_model_summary@85f70f8f5b11f00f7e69b3c1f80050b4b4915e17 pytorch_model_summary/model_summary.py summary()"},
	modules:   []group{{Rule{{Term: pmsParams}}, "*"}},
	functions: []group{{Rule{{Term: pmsParams}}, "*"}},
}

// pmsParams is a row's "Param #": on the first node the model runs
// inside a module the tool shows, the parameters of that module and its
// children (trainable or not; "Tr. Param #" is the trainable part).
var pmsParams = &Term{Label: "parameters of the module and its children", Of: func(g *graph.Graph, n *graph.Node, _ *units.Acc) (int64, bool) {
	row, ok := pmsTable(g)[n.ID]
	return row.Params, ok
}}

// PytorchModelSummaryRow is one row of pytorch_model_summary's table.
type PytorchModelSummaryRow struct {
	// Module is the module shown, an index in Graph.Modules.
	Module int
	// Params and Trainable are its "Param #" and "Tr. Param #".
	Params, Trainable int64
}

// pmsCache keeps the table of the last graph asked for: every node asks.
var pmsCache struct {
	sync.Mutex
	g    *graph.Graph
	rows map[int]PytorchModelSummaryRow
}

// pmsTable maps node IDs to the rows the tool shows: a shown module's
// row is on the first node of the module or of a call made inside it.
func pmsTable(g *graph.Graph) map[int]PytorchModelSummaryRow {
	pmsCache.Lock()
	defer pmsCache.Unlock()
	if pmsCache.g == g {
		return pmsCache.rows
	}
	rows := PytorchModelSummaryRows(g, 1)
	pmsCache.g, pmsCache.rows = g, rows
	return rows
}

// PytorchModelSummaryRows is pytorch_model_summary's table at maxDepth
// (its max_depth; 1 by default): for each module it shows that ran, the
// row, keyed by the ID of the first node run inside it (its own call's
// when it has one).
func PytorchModelSummaryRows(g *graph.Graph, maxDepth int) map[int]PytorchModelSummaryRow {
	ms := g.Modules
	container := func(i int) bool { return ms[i].Type == "Sequential" || ms[i].Type == "ModuleList" }
	// The tree without containers: each module's nearest ancestor that is
	// not one (the model is never one: it is the root).
	up := make([]int, len(ms))
	depth := make([]int, len(ms))
	children := make([]int, len(ms))
	for i, m := range ms { // a parent is listed before its children
		p := m.Parent
		for p > 0 && container(p) {
			p = ms[p].Parent
		}
		up[i] = p
		if p >= 0 && !container(i) {
			depth[i] = depth[p] + 1
			children[p]++
		}
	}
	shown := make([]bool, len(ms))
	for i := range ms {
		shown[i] = !container(i) && (depth[i] == maxDepth || depth[i] < maxDepth && children[i] == 0)
	}
	// Each module's parameters(), its own and its children's.
	params := make([]int64, len(ms))
	trainable := make([]int64, len(ms))
	for i := len(ms) - 1; i >= 0; i-- {
		for _, p := range ms[i].Params {
			if p.Buffer {
				continue
			}
			k := p.Shape.Numel()
			params[i] += k
			if p.Trainable {
				trainable[i] += k
			}
		}
		if p := ms[i].Parent; p >= 0 && p < i {
			params[p] += params[i]
			trainable[p] += trainable[i]
		}
	}
	rows := map[int]PytorchModelSummaryRow{}
	seen := make([]bool, len(ms))
	for _, n := range g.Nodes {
		m := n.Parent
		if n.Call == graph.CallModule {
			m = n.Module
		}
		for m >= 0 && !shown[m] {
			m = ms[m].Parent
		}
		if m < 0 || seen[m] {
			continue
		}
		seen[m] = true
		rows[n.ID] = PytorchModelSummaryRow{Module: m, Params: params[m], Trainable: trainable[m]}
	}
	return rows
}

// printPytorchModelSummary is the table's footer line: "Total params:
// 61,100,840".
func printPytorchModelSummary(count, _ int64) string {
	return "Total params: " + units.Thousands(count)
}
