package app

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/diag"
	"floplab/core/graph"
	"floplab/core/hw"
	"floplab/core/importers"
	"floplab/core/msg"
	"floplab/core/presets"
	"floplab/core/share"
)

// fakeReport is a small AlexNet-shaped report. Totals use the published
// AlexNet figures (torchvision 0.14.1 params; thop 0.0.31 MACs, see
// testdata/README.md) so the headline formatting is checked on real
// numbers; the layers are a few rows with made-up counts.
func fakeReport(req core.Request) *core.Report {
	in := [][]int64{{1, 3, 224, 224}}
	if len(req.Inputs) > 0 {
		in = nil
		in = append(in, req.Inputs...)
	}
	b := in[0][0]
	conv := req.Convention
	if conv == "" {
		conv = "floplab"
	}
	return &core.Report{
		Model: "AlexNet", Inputs: in, Convention: conv, DType: "fp32", Complete: true,
		Totals: core.Totals{Params: 61100840, TrainableParams: 61100840, MACs: 714188480 * b,
			FLOPs: 1429000000 * b, Ops: graph.Ops{MACs: 714188480 * b, Add: 300000 * b, Mul: 0, Cmp: 323040 * b},
			Count: 714691904 * b, CountUnit: "MAC", CountParams: 61100840, ParamBytes: 244403360},
		Conventions: map[string]core.ConventionTotal{
			"thop-0.0.31": {Count: 714691904, CountUnit: "MAC", Params: 61100840, Printed: "714.69M"},
			"floplab":     {Count: 714188480, CountUnit: "MAC", Params: 61100840},
		},
		Layers: []core.Layer{
			{Name: "features.0", Type: "Conv2d", Call: "module", Depth: 1, OutputShape: []int64{b, 64, 55, 55}, Params: 23296, MACs: 70276800, FLOPs: 140747200, Count: 70470400, ParamsFormula: "64·3·11·11 + 64", MACsFormula: "55·55·64 · 3·11·11", Formula: "thop conv"},
			{Name: "features.1", Type: "ReLU", Call: "module", Depth: 1, OutputShape: []int64{b, 64, 55, 55}, FLOPs: 193600, Count: 0},
			{Name: "features:add", Type: "add", Call: "function", Depth: 1, OutputShape: []int64{b, 64, 55, 55}, FLOPs: 10},
			{Name: "avgpool", Type: "AdaptiveAvgPool2d", Call: "module", Depth: 0, OutputShape: []int64{b, 256, 6, 6}},
			{Name: "classifier.1", Type: "Linear", Call: "module", Depth: 1, OutputShape: []int64{b, 4096}, Params: 37752832, MACs: 37748736, FLOPs: 75501568, Count: 37748736},
			{Name: "classifier.6", Type: "Linear", Call: "module", Depth: 1, OutputShape: []int64{b, 1000}, Params: 4097000, MACs: 4096000, FLOPs: 8193000, Count: 4096000},
		},
		NoteList: core.NoteList{Notes: []string{"<b>not bold</b>"}},
	}
}

var fakeConvs = []Convention{{ID: "floplab", Tool: "FlopLab"}, {ID: "thop-0.0.31", Tool: "thop", Version: "0.0.31", Unit: "MAC"}}

// fakeEngine accepts scripts containing "model" and fails others with a
// positioned error, like the real engine does.
func fakeEngine(calls *[]core.Request) Engine {
	return Engine{Conventions: fakeConvs, Analyze: func(req core.Request) (*core.Report, error) {
		if calls != nil {
			*calls = append(*calls, req)
		}
		switch {
		case strings.Contains(req.Script, "panic"):
			panic("boom")
		case !strings.Contains(req.Script, "model"):
			return nil, diag.List{{Pos: diag.Pos{File: req.Filename, Line: 2, Col: 5}, Msg: msg.Lit("undefined: modle"), Hint: msg.Lit("did you mean model?")}}
		}
		return fakeReport(req), nil
	}}
}

func TestFormat(t *testing.T) {
	cases := []struct{ got, want string }{
		{Thousands(61100840), "61,100,840"},
		{Bytes(244403360, false), "244.40 MB"},
		{Bytes(244403360, true), "233.08 MiB"},
		{Short(714691904), "714.69M"},
		{Short(999), "999"},
		{Short(1000), "1.00K"},
		{Short(999995), "1000.00K"},
		{Short(1819066368), "1.82G"},
		{Percent(1, 3), "33.3%"},
		{Percent(2, 3), "66.7%"},
		{Percent(0, 5), "0.0%"},
		{Percent(5, 0), "–"},
		{Percent(1<<62, 1), ">999%"},
		{Percent(70470400, 714691904), "9.9%"},
		{ShapeString([]int64{1, 64, 55, 55}), "1×64×55×55"},
		{fmtDuration(durUS(1500)), "1.5 ms"},
		{fmtDuration(durUS(420)), "420 µs"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: got %q, want %q", i, c.got, c.want)
		}
	}
	if d := DTypeNames(); len(d) < 3 || !contains(d, "fp32") || !contains(d, "bf16") {
		t.Errorf("DTypeNames() = %v", d)
	}
}

type durUS int64

func (d durUS) Microseconds() int64 { return int64(d) }

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestRun(t *testing.T) {
	cases := []struct {
		name      string
		script    string
		st        share.State
		calls     int
		inputs    [][]int64 // of the last request
		errSubstr string
		errLine   int
	}{
		{"plain", "model = alexnet()", share.State{}, 1, nil, "", 0},
		{"input override", "model = x", share.State{Input: "1x3x512x512"}, 1, [][]int64{{1, 3, 512, 512}}, "", 0},
		// The batch goes to core (Request.Batch), which applies it after
		// reading a short input form against the model's shape.
		{"input and batch", "model = x", share.State{Input: "1x3x512x512", Batch: 8}, 1, [][]int64{{1, 3, 512, 512}}, "", 0},
		{"a short input form goes to core as written", "model = x", share.State{Input: "512", Batch: 8}, 1, [][]int64{{512}}, "", 0},
		{"batch only", "model = x", share.State{Batch: 8}, 1, nil, "", 0},
		{"bad input", "model = x", share.State{Input: "1xfoo"}, 0, nil, "bad dimension", 0},
		{"script error", "x = 1\n    modle", share.State{}, 1, nil, "undefined: modle", 2},
		{"engine panic", "panic", share.State{}, 1, nil, "internal error: boom", 0},
	}
	for _, c := range cases {
		var calls []core.Request
		rep, errs := Run(fakeEngine(&calls), c.script, c.st)
		if len(calls) != c.calls {
			t.Errorf("%s: %d engine calls, want %d", c.name, len(calls), c.calls)
		}
		if c.errSubstr != "" {
			if rep != nil || len(errs) == 0 || !strings.Contains(errs[0].Msg.String(), c.errSubstr) {
				t.Errorf("%s: rep=%v errs=%v, want error %q", c.name, rep != nil, errs, c.errSubstr)
			} else if errs[0].Pos.Line != c.errLine {
				t.Errorf("%s: error line %d, want %d", c.name, errs[0].Pos.Line, c.errLine)
			}
			continue
		}
		if rep == nil || len(errs) > 0 {
			t.Errorf("%s: errs = %v", c.name, errs)
			continue
		}
		last := calls[len(calls)-1]
		got := last.Inputs
		if !reflect.DeepEqual(got, c.inputs) {
			t.Errorf("%s: inputs %v, want %v", c.name, got, c.inputs)
		}
		if last.AllConventions || last.Filename != Filename || last.Batch != c.st.Batch {
			t.Errorf("%s: request %+v", c.name, last)
		}
	}
	if _, errs := Run(Engine{}, "x", share.State{}); len(errs) != 1 {
		t.Errorf("Run without engine: %v", errs)
	}
	// An engine panic says so in Chinese too, the stack kept as it is.
	if _, errs := Run(fakeEngine(nil), "panic", share.State{}); len(errs) != 1 ||
		!strings.HasPrefix(errs[0].Msg.In(LangZH), "内部错误：boom") || !strings.Contains(errs[0].Hint.In(LangZH), "这是 FlopLab 的缺陷") ||
		!strings.Contains(errs[0].Hint.In(LangZH), "goroutine") {
		t.Errorf("engine panic in Chinese: %q / %q", errs[0].Msg.In(LangZH), errs[0].Hint.In(LangZH))
	}
}

func TestBuildRows(t *testing.T) {
	rep := fakeReport(core.Request{})
	types := map[string]string{"features": "Sequential", "classifier": "Sequential"}
	rows := BuildRows(rep.Layers, func(p string) string { return types[p] })
	var got []string
	for _, r := range rows {
		g := ""
		if r.Group {
			g = "*"
		}
		got = append(got, fmt.Sprintf("%s%s/%d/%d/%s", g, r.Name, r.Level, r.Children, r.Type))
	}
	want := []string{
		"*features/0/3/Sequential", "features.0/1/0/Conv2d", "features.1/1/0/ReLU", "features:add/1/0/add",
		"avgpool/0/0/AdaptiveAvgPool2d",
		"*classifier/0/2/Sequential", "classifier.1/1/0/Linear", "classifier.6/1/0/Linear",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rows[0].Params != 23296 || rows[5].Params != 37752832+4097000 || rows[5].MACs != 37748736+4096000 {
		t.Errorf("group sums: %+v %+v", rows[0].Layer, rows[5].Layer)
	}
	if rows[1].Parent != 0 || rows[6].Parent != 5 || rows[4].Parent != -1 {
		t.Errorf("parents: %d %d %d", rows[1].Parent, rows[6].Parent, rows[4].Parent)
	}
	// Collapsing a group hides its rows; others stay.
	vis := Visible(rows, map[string]bool{"features": true})
	if !reflect.DeepEqual(vis, []int{0, 4, 5, 6, 7}) {
		t.Errorf("Visible = %v", vis)
	}
	if vis := Visible(rows, DefaultCollapsed(rows)); len(vis) != len(rows) {
		t.Errorf("default collapse of a shallow model hides rows: %v", vis)
	}
	// Sorting is flat over real rows, ties in call order.
	if s := Sorted(rows, SortParams, true); rows[s[0]].Name != "classifier.1" || rows[s[1]].Name != "classifier.6" || len(s) != 6 {
		t.Errorf("Sorted params desc = %v", s)
	}
	if s := Sorted(rows, SortName, false); rows[s[0]].Name != "avgpool" {
		t.Errorf("Sorted name = %v", s)
	}
	// A container row the report lists after its children is not duplicated,
	// and a module called twice gets distinct keys.
	layers := []core.Layer{{Name: "b.0"}, {Name: "b.1"}, {Name: "b", Type: "Seq"}, {Name: "b.0"}}
	rows = BuildRows(layers, nil)
	if len(rows) != 4 || rows[0].Name != "b" || rows[0].Group || rows[0].Children != 3 || rows[3].Key != "b.0#2" {
		t.Errorf("container after children: %+v", rows)
	}
	// Deep names get every missing level.
	rows = BuildRows([]core.Layer{{Name: "layer1.0.conv1", Params: 5}, {Name: "layer1.0:add"}}, nil)
	if len(rows) != 4 || rows[0].Name != "layer1" || rows[1].Name != "layer1.0" || rows[0].Params != 5 || rows[3].Level != 2 {
		t.Errorf("deep rows: %+v", rows)
	}
}

func TestExports(t *testing.T) {
	rep := fakeReport(core.Request{Convention: "thop-0.0.31"})
	rep.Layers = append(rep.Layers, core.Layer{Name: `=cmd|"x",y`, Type: "a|b\nc", OutputShape: []int64{1}})
	csv := CSV(rep)
	lines := strings.Split(strings.TrimSuffix(csv, "\r\n"), "\r\n")
	if lines[0] != "name,type,output_shape,params,macs,flops,thop-0.0.31_macs,percent" {
		t.Errorf("CSV header %q", lines[0])
	}
	if lines[1] != "features.0,Conv2d,1x64x55x55,23296,70276800,140747200,70470400,9.9" {
		t.Errorf("CSV row %q", lines[1])
	}
	if !strings.Contains(csv, `"'=cmd|""x"",y"`) {
		t.Errorf("CSV does not neutralize a formula cell:\n%s", csv)
	}
	if last := lines[len(lines)-1]; last != "total,AlexNet,,61100840,714188480,1429000000,714691904,100.0" {
		t.Errorf("CSV total %q", last)
	}
	md := Markdown(rep)
	if !strings.Contains(md, "| features.0 | Conv2d | 1x64x55x55 | 23,296 | 70,276,800 | 140,747,200 | 70,470,400 | 9.9 |") {
		t.Errorf("Markdown:\n%s", md)
	}
	if !strings.Contains(md, `a\|b c`) || strings.Count(md, "\n") != len(rep.Layers)+3 {
		t.Errorf("Markdown escaping:\n%s", md)
	}
	js, err := JSON(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back core.Report
	if err := json.Unmarshal([]byte(js), &back); err != nil || back.Totals != rep.Totals || len(back.Layers) != len(rep.Layers) {
		t.Errorf("JSON round trip: %v", err)
	}
	if !strings.Contains(js, `"\u003cb\u003enot bold\u003c/b\u003e"`) || !strings.HasPrefix(js, "{\n  \"model\": \"AlexNet\",") {
		t.Errorf("JSON differs from the CLI's encoder settings:\n%.200s", js)
	}
	for _, f := range []string{"CSV", "Markdown", "JSON"} {
		if text, mime, ext := Export(rep, f); text == "" || mime == "" || ext == "" {
			t.Errorf("Export(%s) empty", f)
		}
	}
	if text, _, _ := Export(nil, "CSV"); text != "" {
		t.Errorf("Export(nil) = %q", text)
	}
	if n := exportName(&core.Report{Model: "../x y", Convention: "thop-0.0.31"}); n != "floplab-.._x_y-thop-0.0.31" {
		t.Errorf("exportName = %q", n)
	}
}

func TestCards(t *testing.T) {
	rep := fakeReport(core.Request{Convention: "thop-0.0.31"})
	cards := Cards(rep, LangEN, "MB", fakeConvs)
	by := map[string]Card{}
	for _, c := range cards {
		by[c.Metric] = c
	}
	for _, m := range []string{"params", "trainable_params", "buffers", "macs", "flops", "count", "param_bytes"} {
		if _, ok := by[m]; !ok {
			t.Errorf("no card %s", m)
		}
	}
	checks := []struct{ got, want string }{
		{by["params"].Big, "61,100,840"},
		{by["count"].Big, "714.69M"},
		{by["count"].Title, "What thop 0.0.31 prints"},
		{by["param_bytes"].Big, "244.40 MB"},
		{by["param_bytes"].Sub, "244,403,360 bytes · 233.08 MiB"},
		{fmt.Sprint(by["count"].Value), "714691904"},
		{fmt.Sprint(by["param_bytes"].Value), "244403360"},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: %q, want %q", i, c.got, c.want)
		}
	}
	if f := by["param_bytes"].Formula.Body; !strings.Contains(f, "61,100,840 × 4") || !strings.Contains(f, "233.08 MiB") {
		t.Errorf("bytes formula %q", f)
	}
	if f := by["flops"].Formula.Body; !strings.Contains(f, "2 × 714,188,480 + 300,000 + 0 + 323,040 + 0") {
		t.Errorf("flops formula %q", f)
	}
	mib := Cards(rep, LangZH, "MiB", fakeConvs)
	for _, c := range mib {
		if c.Metric == "param_bytes" && c.Big != "233.08 MiB" {
			t.Errorf("MiB card %q", c.Big)
		}
		if c.Metric == "params" && c.Title != "参数量" {
			t.Errorf("zh title %q", c.Title)
		}
	}
	rows := ToolRows(rep, fakeConvs)
	if len(rows) != 2 || rows[0].ID != "floplab" || rows[0].Printed != "714.19M" || rows[1].Printed != "714.69M" {
		t.Errorf("ToolRows = %+v", rows)
	}
	pf, mf, ff, cf := LayerFormulas(LangEN, rep, Row{Layer: rep.Layers[0]}, "thop 0.0.31")
	if !strings.Contains(pf.Body, "= 23,296") || !strings.Contains(mf.Body, "55·55·64") || !strings.Contains(ff.Body, "2 × 70,276,800 + 193,600") || !strings.Contains(cf.Body, "70,470,400") {
		t.Errorf("layer formulas: %q %q %q %q", pf.Body, mf.Body, ff.Body, cf.Body)
	}
}

func TestLoad(t *testing.T) {
	frag := share.Encode(share.State{Script: "model = mine()\n", Convention: "thop"})
	auto := share.Encode(share.State{Script: "model = autosaved()\n"})
	alex, ok := PresetState("alexnet")
	if !ok {
		t.Fatal("no alexnet preset")
	}
	cases := []struct {
		url, auto string
		src       Source
		script    string
		conv      string
		err       string
	}{
		{"/", "", FromDefault, alex.Script, "", ""},
		{"/", auto, FromAutosave, "model = autosaved()\n", "", ""},
		{"/#" + frag, auto, FromFragment, "model = mine()\n", "thop", ""},
		{"/#zBROKEN!!", auto, FromAutosave, "model = autosaved()\n", "", "damaged"},
		{"/#" + strings.Repeat("A", 3<<20), "", FromDefault, alex.Script, "", "too long"},
		{"/?preset=alexnet&input=1x3x512x512&convention=thop", auto, FromQuery, alex.Script, "thop", ""},
		{"/?preset=nosuchnet", auto, FromAutosave, "model = autosaved()\n", "", "unknown preset"},
		{"/?preset=%3Cscript%3E", "", FromDefault, alex.Script, "", "unknown preset"},
		{"/?convention=ptflops", auto, FromQuery, "model = autosaved()\n", "ptflops", ""},
		{"/?input=1xbad", "", FromDefault, alex.Script, "", "bad dimension"},
		{"/?utm_source=x", auto, FromAutosave, "model = autosaved()\n", "", ""},
		// One bad value costs only itself (issue 12, item 10).
		{"/?preset=alexnet&convention=thop-0.1&input=1x3x512x512", auto, FromQuery, alex.Script, "",
			`unknown convention "thop-0.1" (hint: did you mean convention=thop?)`},
		{"/?preset=alexnet&dtype=bf61&convention=ptflops", auto, FromQuery, alex.Script, "ptflops", "did you mean dtype=bf16?"},
		{"/?preset=alexnet&device=h1000", auto, FromQuery, alex.Script, "", "did you mean device="},
	}
	for _, c := range cases {
		u, err := url.Parse(c.url)
		if err != nil {
			t.Fatal(err)
		}
		l := Load(u, c.auto)
		if l.Source != c.src || l.State.Script != c.script || l.State.Convention != c.conv {
			t.Errorf("Load(%.60q): source %d script %.30q conv %q", c.url, l.Source, l.State.Script, l.State.Convention)
		}
		if err := l.Err.String(); (c.err == "") != (err == "") || !strings.Contains(err, c.err) {
			t.Errorf("Load(%.60q): err %q, want %q", c.url, err, c.err)
		}
	}
	l := Load(mustURL(t, "/?preset=alexnet&convention=thop-0.1&input=1x3x512x512&tab=memory"), "")
	if !l.Partial || l.State.Input != "1x3x512x512" || l.State.Tab != "memory" {
		t.Errorf("partly bad link: %+v", l)
	}
	u, _ := url.Parse("http://h/repo/?preset=alexnet#old")
	if got := ShareURL(u, "zABC").String(); got != "http://h/repo/#zABC" {
		t.Errorf("ShareURL = %q", got)
	}
}

func TestEditorHelpers(t *testing.T) {
	cases := []struct{ before, want string }{
		{"", ""},
		{"x = 1", ""},
		{"def f(x):", "    "},
		{"a\n    def forward(x):  # comment", "        "},
		{"a\n        y = g(", "            "},
		{"\tz = 1", "\t"},
	}
	for _, c := range cases {
		if got := IndentAfter(c.before); got != c.want {
			t.Errorf("IndentAfter(%q) = %q, want %q", c.before, got, c.want)
		}
	}
	text := "ab\n中😀x\nlast"
	offs := []struct{ line, col, want int }{{1, 1, 0}, {1, 3, 2}, {2, 1, 3}, {2, 3, 6}, {2, 4, 7}, {2, 99, 7}, {3, 2, 9}, {9, 1, 12}}
	for _, c := range offs {
		if got := utf16Offset(text, c.line, c.col); got != c.want {
			t.Errorf("utf16Offset(%d,%d) = %d, want %d", c.line, c.col, got, c.want)
		}
	}
	if LineCount("a\nb\n") != 3 || LineCount("") != 1 {
		t.Error("LineCount")
	}
	errs := diag.List{{Pos: diag.Pos{File: Filename, Line: 3}}, {Pos: diag.Pos{Line: 0}}, {Pos: diag.Pos{File: "input", Line: 1}}, {Pos: diag.Pos{Line: 1, Col: 2}}}
	if m := ErrorLines(errs); len(m) != 2 || len(m[3]) != 1 || len(m[1]) != 1 {
		t.Errorf("ErrorLines = %v", m)
	}
	s := SortedErrors(errs)
	if s[0].Pos.Line != 1 || s[len(s)-1].Pos.Line != 0 {
		t.Errorf("SortedErrors = %v", s)
	}
	if PickLang("", "zh-CN") != LangZH || PickLang("en", "zh-CN") != LangEN || PickLang("", "fr") != LangEN || PickLang("zh", "") != LangZH {
		t.Error("PickLang")
	}
}

// TestMessages checks that every message has both languages and every key
// the page uses exists.
func TestMessages(t *testing.T) {
	verbs := regexp.MustCompile(`%[sd]`)
	all := maps.Clone(messages)
	for k, m := range memoryMessages {
		if _, ok := all[k]; ok {
			t.Errorf("message %q is defined twice (messages, memoryMessages)", k)
		}
		all[k] = m
	}
	for id, m := range all {
		k := string(id)
		if !msg.ID(k).Defined() || T(LangZH, k) != m[1] || T(LangEN, k) != m[0] {
			t.Errorf("message %q is not the catalog's: %q / %q", k, T(LangEN, k), T(LangZH, k))
		}
		if strings.TrimSpace(m[0]) == "" || strings.TrimSpace(m[1]) == "" {
			t.Errorf("message %q lacks a language", k)
		}
		if verbs.FindAllString(m[0], -1) == nil != (verbs.FindAllString(m[1], -1) == nil) || len(verbs.FindAllString(m[0], -1)) != len(verbs.FindAllString(m[1], -1)) {
			t.Errorf("message %q: verbs differ between languages", k)
		}
	}
	files, _ := filepath.Glob("*.go")
	used := regexp.MustCompile(`\bt\("([a-z.]+)"\)|T\([a-zA-Z.]+, "([a-z.]+)"\)`)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			k := m[1] + m[2]
			n++
			if _, ok := all[msg.ID(k)]; !ok {
				t.Errorf("%s uses missing message %q", f, k)
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d message uses found; the scan is broken", n)
	}
	// Keys the page builds from a value ("opt."+optimizer): every value
	// the core can hand it has its message.
	dynamic := []string{"term.input", "term.peak", "term.outputs_sum", "term.torchinfo",
		"bound." + hw.Compute, "bound." + hw.Memory, "bound." + hw.View}
	for _, o := range []string{"sgd", "momentum", "adam", "adamw"} {
		dynamic = append(dynamic, "opt."+o)
	}
	for _, p := range presets.All() {
		dynamic = append(dynamic, "group."+p.Group)
	}
	for _, k := range dynamic {
		if _, ok := all[msg.ID(k)]; !ok {
			t.Errorf("missing message %q", k)
		}
	}
	for _, q := range []string{"what", "macs", "tools", "mb", "fc", "dense"} {
		if _, ok := all[msg.ID("q."+q)]; !ok {
			t.Errorf("no question %s", q)
		}
		if _, ok := all[msg.ID("a."+q)]; !ok {
			t.Errorf("no answer %s", q)
		}
	}
	for _, g := range PresetGroups() {
		if _, ok := all[msg.ID(g.Key)]; !ok {
			t.Errorf("no label for %s", g.Key)
		}
	}
	if T(LangZH, "nope") != "nope" {
		t.Error("missing key")
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"resnet50":     "resnet50",
		"../x y":       ".._x_y",
		"a  b":         "a_b",
		"<script>":     "_script_",
		"模型 v2":        "_v2",
		"thop-0.0.31":  "thop-0.0.31",
		"":             "",
		"x\x00y/\\z":   "x_y_z",
		"Model(\"é\")": "Model_",
	} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSafeNameRegexp checks the export file name cleaner against the
// regexp it stands for.
func TestSafeNameRegexp(t *testing.T) {
	re := regexp.MustCompile(`[^A-Za-z0-9._-]+`)
	for _, s := range []string{"", "a", "../x y", "  ", "ab  cd--e..f__g", "模型 ResNet", "x\xff\xfey", "é", "a/b\\c:d", "\x00\x7f", "end!", "!start"} {
		if got, want := safeName(s), re.ReplaceAllString(s, "_"); got != want {
			t.Errorf("safeName(%q) = %q, want %q", s, got, want)
		}
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestShortLink: "Copy link" on an unedited preset is a short ?preset=
// link that opens the same state (issue 12, item 14: DenseNet-121's link
// embedded 2,075 characters of script).
func TestShortLink(t *testing.T) {
	page := mustURL(t, "https://user.github.io/floplab/#zLONGFRAGMENT")
	st, _ := PresetState("densenet121")
	st.Input, st.Batch, st.Convention, st.DType, st.Lang, st.Tab = "1x3x512x512", 8, "thop", "bf16", "zh", "memory"
	st.Mode, st.Optimizer, st.Device, st.Seq = "train", "adamw", "h100", 0
	u, ok := ShortLink(page, st)
	if !ok {
		t.Fatal("no short link for an unedited preset")
	}
	want := "https://user.github.io/floplab/?preset=densenet121&input=1x3x512x512&batch=8&convention=thop&dtype=bf16&lang=zh&mode=train&optimizer=adamw&device=h100&tab=memory"
	if u.String() != want {
		t.Errorf("short link %s\nwant %s", u, want)
	}
	l := Load(u, "")
	if l.Source != FromQuery || !l.Err.IsZero() || !reflect.DeepEqual(l.State, st) {
		t.Errorf("the short link opens %+v (err %q), want %+v", l.State, l.Err.String(), st)
	}
	long := ShareURL(page, share.Encode(st)).String()
	if len(u.String()) >= len(long)/4 {
		t.Errorf("short link %d characters, fragment link %d", len(u.String()), len(long))
	}
	edited := st
	edited.Script += "\n# my note\n"
	if _, ok := ShortLink(page, edited); ok {
		t.Error("an edited preset gets a short link")
	}
	custom := st
	custom.Device, custom.Custom = CustomDeviceID, [4]string{"my gpu", "100", "900", "24"}
	if _, ok := ShortLink(page, custom); ok {
		t.Error("a custom device gets a short link, which cannot carry it")
	}
}

// TestPartialCards: a printout FlopLab cannot trace through whole shows
// its operation counts marked partial on the cards themselves (issue 11:
// a partial total is never presented as a full one); params stay unmarked.
func TestPartialCards(t *testing.T) {
	printout := "Net(\n  (features): Sequential(\n    (0): Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1))\n" +
		"    (1): ReLU(inplace=True)\n    (2): Conv2d(32, 8, kernel_size=(3, 3), stride=(1, 1))\n  )\n)\n"
	rep, err := core.Analyze(core.Request{Script: printout, Importers: importers.All()})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Complete {
		t.Fatal("the printout's report is complete; the test needs a partial one")
	}
	for _, lang := range []string{LangEN, LangZH} {
		for _, c := range Cards(rep, lang, "MB", fakeConvs) {
			switch c.Metric {
			case "macs", "flops", "count":
				want := fmt.Sprintf("%d / %d", rep.CountedLayers, rep.TotalLayers)
				if lang == LangEN {
					want = fmt.Sprintf("MACs of %d of %d layers", rep.CountedLayers, rep.TotalLayers)
				}
				if !strings.Contains(c.Partial, want) || !strings.Contains(c.Formula.Body, c.Partial) {
					t.Errorf("%s %s card: partial %q (want %q), formula %q", lang, c.Metric, c.Partial, want, c.Formula.Body)
				}
			default:
				if c.Partial != "" {
					t.Errorf("%s %s card marked partial: %q", lang, c.Metric, c.Partial)
				}
			}
		}
	}
	for _, c := range Cards(fakeReport(core.Request{}), LangEN, "MB", fakeConvs) {
		if c.Partial != "" {
			t.Errorf("complete report: %s card marked partial", c.Metric)
		}
	}
}
