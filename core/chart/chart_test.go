package chart

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"floplab/core/graph"
	"floplab/core/hw"
)

// wellFormed parses svg as XML and returns its character data and the
// element names seen.
func wellFormed(t *testing.T, name, svg string) (string, map[string]int) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var text strings.Builder
	elems := map[string]int{}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v", name, err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			elems[v.Name.Local]++
		case xml.CharData:
			text.Write(v)
		}
	}
	return text.String(), elems
}

func TestSamplesWellFormedAndDeterministic(t *testing.T) {
	a, b := samples(), samples()
	for name, svg := range a {
		if svg != b[name] {
			t.Errorf("%s: output differs between runs", name)
		}
		text, elems := wellFormed(t, name, svg)
		if elems["svg"] == 0 || elems["style"] == 0 {
			t.Errorf("%s: missing svg/style: %v", name, elems)
		}
		if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
			t.Errorf("%s: NaN/Inf in output", name)
		}
		if strings.Contains(svg, "#000") || strings.Contains(svg, "#fff") || strings.Contains(svg, "black") || strings.Contains(svg, "white") {
			t.Errorf("%s: fixed black/white colour", name)
		}
		if !strings.Contains(svg, "currentColor") {
			t.Errorf("%s: no currentColor", name)
		}
		_ = text
	}
	// The user label <script>…</script> is text, not an element.
	text, elems := wellFormed(t, "scatter", a["scatter"])
	if elems["script"] != 0 || !strings.Contains(text, "<script>alert(1)</script>") || !strings.Contains(a["scatter"], "&lt;script&gt;") {
		t.Errorf("script label not escaped: %v", elems)
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<script>"x" & 'y'</script>`, "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"},
		{"层 conv1", "层 conv1"},
		{"a\x00b\x1bc", "a\uFFFDb\uFFFDc"},
		{"tab\tok", "tab\tok"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSI(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {1, "1"}, {1500, "1.5k"}, {20e6, "20M"}, {3e9, "3G"}, {989.5e12, "990T"}, {0.25, "0.25"},
		{1e-4, "1e-04"}, {-2000, "-2k"}, {1e15, "1P"}, {math.NaN(), ""}, {123456, "123k"},
	}
	for _, tt := range tests {
		if got := SI(tt.v); got != tt.want {
			t.Errorf("SI(%g) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestLabelsAndAxes(t *testing.T) {
	o := Options{Title: "参数 vs MACs", X: Axis{Label: "参数量", Log: true}, Y: Axis{Label: "乘加 (MACs)", Log: true}}
	svg := Scatter(o, []Point{{X: 1e6, Y: 1e9, Label: "a"}, {X: 0, Y: 5, Label: "hidden"}, {X: math.NaN(), Y: 1, Label: "nan"}, {X: 1e8, Y: 1e11, Label: "b"}})
	text, elems := wellFormed(t, "scatter", svg)
	for _, w := range []string{"参数 vs MACs", "参数量", "乘加 (MACs)", "1M", "100M", "1G", "100G"} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in %q", w, text)
		}
	}
	if strings.Contains(text, "hidden") || strings.Contains(text, "nan") {
		t.Error("a point that cannot sit on log axes was drawn")
	}
	if elems["circle"] != 2 {
		t.Errorf("%d markers, want 2", elems["circle"])
	}
	// Empty and degenerate inputs still give a valid chart.
	for name, s := range map[string]string{
		"empty line":    Line(Options{}, nil),
		"empty scatter": Scatter(Options{}, nil),
		"empty bar":     StackedBar(Options{}, nil),
		"empty roof":    Roofline(Options{}, 0, 0, nil),
		"nil roofline":  RooflineChart(Options{}, nil, 3, nil),
		"flat line":     Line(Options{}, []Series{{X: []float64{1, 1}, Y: []float64{5, 5}}}),
		"ragged":        Line(Options{}, []Series{{X: []float64{1, 2, 3}, Y: []float64{5}}}),
		"bad bar":       StackedBar(Options{Width: -5}, []Bar{{Label: "x", Parts: []Part{{"a", math.Inf(1)}, {"b", -3}, {"c", math.NaN()}}}}),
		"empty sweep":   Sweep(Options{}, SweepLabels{}, nil),
	} {
		wellFormed(t, name, s)
		if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
			t.Errorf("%s: NaN/Inf in output", name)
		}
	}
}

func TestStackedBar(t *testing.T) {
	svg := StackedBar(Options{Y: Axis{Format: func(v float64) string { return SI(v) + "B" }}}, []Bar{
		{Label: "fp32 · Adam", Parts: []Part{{"weights", 100}, {"gradients", 100}, {"optimizer", 200}}},
		{Label: "bf16 · Adam", Parts: []Part{{"weights", 50}, {"gradients", 50}, {"optimizer", 200}, {"master", 100}}},
	})
	text, elems := wellFormed(t, "bar", svg)
	// 7 segments + 4 legend swatches.
	if elems["rect"] != 11 {
		t.Errorf("%d rects, want 11", elems["rect"])
	}
	for _, w := range []string{"400B", "fp32 · Adam · optimizer: 200B", "master"} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q", w)
		}
	}
	// Parts with one name share one colour class.
	if strings.Count(svg, `class="fl-c2"><title>`) != 2 {
		t.Errorf("optimizer segments not both fl-c2")
	}
}

func TestSweepChart(t *testing.T) {
	pts := []SweepPoint{{Value: 1, Shape: graph.Shape{1, 3, 224, 224}, MACs: 50176, ActivationBytes: 200704, Params: 42},
		{Value: 8, Shape: graph.Shape{8, 3, 224, 224}, MACs: 401408, ActivationBytes: 1605632, Params: 42}}
	text, elems := wellFormed(t, "sweep", Sweep(Options{}, SweepLabels{Title: "t", X: "分辨率", MACs: "MACs", Activations: "激活", Params: "参数"}, pts))
	if elems["polyline"] != 3 || !strings.Contains(text, "分辨率") || !strings.Contains(text, "激活") {
		t.Errorf("sweep chart: %v %q", elems, text)
	}
}

func TestRooflineChart(t *testing.T) {
	r := toyRoofline()
	svg := RooflineChart(Options{}, r, 2, map[string]string{hw.Memory: "访存受限", hw.Compute: "算力受限"})
	text, elems := wellFormed(t, "roofline", svg)
	// 8 layers, one a view: 7 markers.
	if elems["circle"] != 7 {
		t.Errorf("%d markers, want 7", elems["circle"])
	}
	if !strings.Contains(text, "访存受限") || !strings.Contains(text, "算力受限") || strings.Contains(text, "flatten") {
		t.Errorf("legend/labels: %q", text)
	}
	// Labels on the two slowest layers only.
	var secs []float64
	var names []string
	for _, l := range r.Layers {
		if l.FLOPs > 0 {
			secs, names = append(secs, l.Seconds), append(names, l.Name)
		}
	}
	top := TopN(secs, 2)
	for i, n := range names {
		labelled := strings.Contains(svg, `class="fl-label">`+n+`<`)
		if want := i == top[0] || i == top[1]; labelled != want {
			t.Errorf("layer %s labelled=%v", n, labelled)
		}
	}
	if !strings.Contains(svg, `class="fl-roof"`) {
		t.Error("no roof")
	}
}

func TestTopN(t *testing.T) {
	got := TopN([]float64{3, 9, 1, 9, 5}, 3)
	if len(got) != 3 || got[0] != 1 || got[1] != 3 || got[2] != 4 {
		t.Errorf("TopN = %v", got)
	}
	if len(TopN([]float64{1}, 5)) != 1 || len(TopN([]float64{1, 2}, -1)) != 0 {
		t.Error("TopN bounds")
	}
}
