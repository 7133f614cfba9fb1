package app

import (
	"sort"
	"strconv"
	"strings"

	"floplab/core"
)

// Row is one line of the per-layer table: a layer of the report, or a
// module group the report has no row for (its figures are the sums of its
// leaf rows).
type Row struct {
	core.Layer
	// Group is true for a synthesized module row.
	Group bool
	// Level is the nesting level in the table, 0 at the top.
	Level int
	// Parent is the index of the enclosing row, or -1.
	Parent int
	// Children counts direct child rows.
	Children int
	// Key identifies the row for collapsing: its name, with "#n" for a
	// module called a second time.
	Key string
	// Index is the row's index in the report's layers (-1 for a group).
	Index int
	// Own are a real row's own figures (params, MACs, FLOPs, count) when
	// it has child rows: Layer's figures then add its children's, so that
	// every row with children equals them plus what it holds directly.
	// The flat (sorted) view shows these, so that nothing counts twice.
	Own [4]int64
	// OwnBackward is a real row's own share of the backward pass (a
	// training step's); Layer.Backward adds its children's, as Own.
	OwnBackward int64
}

// OwnFigures are the row's own params, MACs, FLOPs and count.
func (r Row) OwnFigures() (params, macs, flops, count int64) {
	if r.Group {
		return 0, 0, 0, 0
	}
	return r.Own[0], r.Own[1], r.Own[2], r.Own[3]
}

// parentPath is the module path enclosing a layer name: "layer1.0.conv1" →
// "layer1.0"; function calls "layer1.0:add_1" → "layer1.0"; top level → "".
func parentPath(name string) string {
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		return name[:i]
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[:i]
	}
	return ""
}

// ReportRows are the layer table's rows of a report: BuildRowsIn with the
// classes and the model order of its traced modules.
func ReportRows(rep *core.Report) []Row {
	return BuildRowsIn(rep.Layers, moduleTypes(rep), moduleOrder(rep))
}

// BuildRows arranges the report's layers as a tree by module path, in
// call order, adding a row for each enclosing module the report does not
// list. moduleType names a module path's class for those rows (nil: none).
func BuildRows(layers []core.Layer, moduleType func(path string) string) []Row {
	return BuildRowsIn(layers, moduleType, nil)
}

// BuildRowsIn is BuildRows where moduleOrder gives a module path's place
// in the model (its definition order; -1 when unknown). With it, the
// tensors of a module no call reached (a printout's modules after the
// trace stopped) are listed where the module stands in the model, before
// the first call of a later module, instead of first under the nearest
// module that was called.
func BuildRowsIn(layers []core.Layer, moduleType func(path string) string, moduleOrder func(path string) int) []Row {
	type node struct {
		row      Row
		children []int
		first    int // call order of the first layer under it
	}
	var nodes []*node
	byName := map[string]int{}
	seen := map[string]int{}
	var roots []int
	var ensure func(path string, order int) int
	ensure = func(path string, order int) int {
		if path == "" {
			return -1
		}
		if i, ok := byName[path]; ok {
			return i
		}
		typ := ""
		if moduleType != nil {
			typ = moduleType(path)
		}
		n := &node{row: Row{Layer: core.Layer{Name: path, Type: typ, Call: "module"}, Group: true, Key: path, Index: -1}, first: order}
		nodes = append(nodes, n)
		i := len(nodes) - 1
		byName[path] = i
		p := ensure(parentPath(path), order)
		n.row.Parent = p
		if p < 0 {
			roots = append(roots, i)
		} else {
			nodes[p].children = append(nodes[p].children, i)
		}
		return i
	}
	// Register every real layer name first, so that a container listed
	// after its children is not duplicated by a synthesized group.
	for _, l := range layers {
		if _, ok := byName[l.Name]; !ok && l.Name != "" {
			byName[l.Name] = -1
		}
	}
	// A tensor a module holds directly (core.CallParameter) comes first
	// under its module: just before the first call in it.
	firstIn := map[string]int{}
	for order, l := range layers {
		if l.Call == core.CallParameter {
			continue
		}
		for p := l.Name; ; p = parentPath(p) {
			if _, ok := firstIn[p]; !ok {
				firstIn[p] = order
			}
			if p == "" {
				break
			}
		}
	}
	for order, l := range layers {
		key := l.Name
		seen[l.Name]++
		if c := seen[l.Name]; c > 1 {
			key += "#" + strconv.Itoa(c)
		}
		first := 2*order + 1
		if l.Call == core.CallParameter && moduleOrder != nil && !called(firstIn, parentPath(l.Name)) {
			first = 4 * len(layers) // after every call: no later module was called
			if o := moduleOrder(parentPath(l.Name)); o >= 0 {
				for i, c := range layers {
					if c.Call != core.CallParameter && orderOf(moduleOrder, c.Name) > o {
						first = 2 * i
						break
					}
				}
			}
		} else if l.Call == core.CallParameter {
			first = 2 * len(layers)
			for p := parentPath(l.Name); ; p = parentPath(p) {
				if f, ok := firstIn[p]; ok {
					first = 2 * f
					break
				}
				if p == "" {
					break
				}
			}
		}
		n := &node{row: Row{Layer: l, Key: key, Index: order, Own: [4]int64{l.Params, l.MACs, l.FLOPs, l.Count}, OwnBackward: l.Backward}, first: first}
		nodes = append(nodes, n)
		if byName[l.Name] == -1 {
			byName[l.Name] = len(nodes) - 1
		}
	}
	// Attach real layers now that every first occurrence is known; groups
	// are created on demand.
	real := len(nodes)
	for i := 0; i < real; i++ {
		n := nodes[i]
		pp := parentPath(n.row.Name)
		var p int
		if j, ok := byName[pp]; ok && j >= 0 && pp != "" {
			p = j
		} else if pp == "" {
			p = -1
		} else {
			p = ensure(pp, n.first)
		}
		if p == i { // defensive: a name equal to its own parent path
			p = -1
		}
		n.row.Parent = p
		if p < 0 {
			roots = append(roots, i)
		} else {
			nodes[p].children = append(nodes[p].children, i)
		}
	}
	// Order children by first call.
	byFirst := func(ids []int) {
		sort.SliceStable(ids, func(a, b int) bool { return nodes[ids[a]].first < nodes[ids[b]].first })
	}
	byFirst(roots)
	out := make([]Row, 0, len(nodes))
	var walk func(i, level, parent int) (params, macs, flops, count int64)
	walk = func(i, level, parent int) (params, macs, flops, count int64) {
		n := nodes[i]
		idx := len(out)
		r := n.row
		r.Level, r.Parent, r.Children = level, parent, len(n.children)
		out = append(out, r)
		byFirst(n.children)
		var sp, sm, sf, sc int64
		for _, c := range n.children {
			p, m, f, k := walk(c, level+1, idx)
			sp, sm, sf, sc = sp+p, sm+m, sf+f, sc+k
		}
		if !r.Group {
			// A module's row with calls under it (GPT-2's Conv1D and its
			// addmm): what it does itself plus what they do.
			sp, sm, sf, sc = sp+r.Params, sm+r.MACs, sf+r.FLOPs, sc+r.Count
		}
		out[idx].Params, out[idx].MACs, out[idx].FLOPs, out[idx].Count = sp, sm, sf, sc
		return sp, sm, sf, sc
	}
	for _, i := range roots {
		walk(i, 0, -1)
	}
	// The backward pass's shares add up the tree as the others do: a
	// row's children come after it, so backwards each is complete when
	// it is added to its parent.
	for i := len(out) - 1; i >= 0; i-- {
		if p := out[i].Parent; p >= 0 && out[i].Backward != 0 {
			out[p].Backward += out[i].Backward
		}
	}
	return out
}

// called tells whether a call row lies in the module path (firstIn holds
// the first call under each module path that has one).
func called(firstIn map[string]int, path string) bool {
	_, ok := firstIn[path]
	return ok
}

// orderOf is the model order of the module a call row belongs to: its
// own, or its nearest enclosing module's (a function call
// "layer1.0:add"), -1 when none is known.
func orderOf(moduleOrder func(string) int, name string) int {
	for p := name; p != ""; p = parentPath(p) {
		if o := moduleOrder(p); o >= 0 {
			return o
		}
	}
	return -1
}

// Visible returns the indices of rows not hidden under a collapsed row.
func Visible(rows []Row, collapsed map[string]bool) []int {
	var out []int
	hiddenBelow := -1 // level under which rows are hidden
	for i, r := range rows {
		if hiddenBelow >= 0 {
			if r.Level > hiddenBelow {
				continue
			}
			hiddenBelow = -1
		}
		out = append(out, i)
		if r.Children > 0 && collapsed[r.Key] {
			hiddenBelow = r.Level
		}
	}
	return out
}

// ZeroCost reports whether a row is a call that costs nothing and holds
// nothing: a view, permute, reshape, contiguous, split or getitem.
func ZeroCost(r Row) bool {
	return !r.Group && r.Call == "function" && r.Children == 0 && r.Params == 0 && r.MACs == 0 && r.FLOPs == 0 && r.Count == 0
}

// ModulesOnly keeps the rows of idx that are not ZeroCost: the "modules
// only" view, as torchinfo lists a model (GPT-2's block 0 is about 50 rows,
// most of them views). The figures of what it keeps still add up.
func ModulesOnly(rows []Row, idx []int) []int {
	out := idx[:0:0]
	for _, i := range idx {
		if !ZeroCost(rows[i]) {
			out = append(out, i)
		}
	}
	return out
}

// DefaultCollapsed collapses every row deeper than level 0 that has
// children, so a large model opens as its top-level blocks and their parts.
func DefaultCollapsed(rows []Row) map[string]bool {
	m := map[string]bool{}
	for _, r := range rows {
		if r.Children > 0 && r.Level >= 1 {
			m[r.Key] = true
		}
	}
	return m
}

// Sort keys of the layer table.
const (
	SortOrder  = ""       // call order, as a tree
	SortName   = "name"   // flat
	SortType   = "type"   // flat
	SortParams = "params" // flat
	SortMACs   = "macs"   // flat
	SortFLOPs  = "flops"  // flat
	SortCount  = "count"  // flat
)

// Sorted returns the indices of the real (non-group) rows sorted by key;
// ties keep call order.
func Sorted(rows []Row, key string, desc bool) []int {
	var idx []int
	for i, r := range rows {
		if !r.Group {
			idx = append(idx, i)
		}
	}
	less := func(a, b Row) int {
		var d int
		a.Params, a.MACs, a.FLOPs, a.Count = a.OwnFigures()
		b.Params, b.MACs, b.FLOPs, b.Count = b.OwnFigures()
		switch key {
		case SortName:
			d = strings.Compare(a.Name, b.Name)
		case SortType:
			d = strings.Compare(a.Type, b.Type)
		case SortParams:
			d = cmp64(a.Params, b.Params)
		case SortMACs:
			d = cmp64(a.MACs, b.MACs)
		case SortFLOPs:
			d = cmp64(a.FLOPs, b.FLOPs)
		case SortCount:
			d = cmp64(a.Count, b.Count)
		}
		if desc {
			d = -d
		}
		return d
	}
	sort.SliceStable(idx, func(i, j int) bool { return less(rows[idx[i]], rows[idx[j]]) < 0 })
	return idx
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ShapeString writes an output shape as "1×64×55×55".
func ShapeString(s []int64) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.FormatInt(d, 10)
	}
	return strings.Join(parts, "×")
}

// CSV, Markdown and JSON are the exports, shared with the CLI (core).
func CSV(rep *core.Report) string { return core.LayersCSV(rep) }

// Markdown renders the layers as a GitHub-flavoured table.
func Markdown(rep *core.Report) string { return core.LayersMarkdown(rep) }

// JSON renders the report exactly as the CLI's --format json.
func JSON(rep *core.Report) (string, error) {
	if err := rep.FillConventions(); err != nil { // every tool's figure, as the CLI's --convention all
		return "", err
	}
	return core.ReportJSON(rep)
}

// RowByKey is the row with the key, if the table has one.
func RowByKey(rows []Row, key string) (Row, bool) {
	for _, r := range rows {
		if r.Key == key {
			return r, true
		}
	}
	return Row{}, false
}
