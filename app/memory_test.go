package app

import (
	"net/url"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
	"floplab/core/memory"
)

// TestMemoryPanel mounts the page with the real core and checks the tab's
// figures, verdict and charts in both languages.
func TestMemoryPanel(t *testing.T) {
	storageSet(keyState, "")
	calc := NewCalculator(CoreEngine())
	disp := app.NewClientTester(calc)
	defer disp.Close()
	u, _ := url.Parse("http://h/?preset=resnet50")
	disp.Nav(u)
	disp.Consume()
	if calc.rep == nil || calc.mem.demand != nil {
		t.Fatalf("report %v, demand computed before the tab is open", calc.rep != nil)
	}
	calc.st.Tab = "memory"
	calc.st.Mode, calc.st.Optimizer = core.ModeTrain, "adam"
	calc.refreshDemand()
	d := calc.mem.demand
	if d == nil || d.Memory.WeightsBytes != 102228128 || d.Memory.OptimizerBytes != 204456256 || d.Device == nil || !d.Device.Fits {
		t.Fatalf("demand %+v", d)
	}
	if len(calc.mem.bars) != 4 {
		t.Errorf("%d memory bars", len(calc.mem.bars))
	}
	for _, lang := range []string{LangEN, LangZH} {
		calc.lang = lang
		v := Verdict(lang, "MB", d)
		if !strings.Contains(v, "NVIDIA H100") || !strings.Contains(v, "GB") {
			t.Errorf("%s verdict %q", lang, v)
		}
		for _, name := range []string{"memory", "roofline"} {
			svg := calc.chartSVG(name)
			if !strings.HasPrefix(svg, "<svg") || strings.Contains(svg, "term.") || strings.Contains(svg, "chart.") {
				t.Errorf("%s %s chart: %.200s", lang, name, svg)
			}
		}
		if svg := calc.chartSVG("roofline"); strings.Count(svg, "<circle") < 50 {
			t.Errorf("roofline has %d points", strings.Count(svg, "<circle"))
		}
	}
	if !strings.Contains(calc.chartSVG("memory"), "优化器状态") {
		t.Error("the Chinese memory chart does not name the optimizer state")
	}
	calc.lang = LangEN
	calc.runSweeps()
	if len(calc.mem.sweeps) != 2 || calc.mem.sweepErr != "" || !strings.Contains(calc.chartSVG("sweep-batch"), "batch size") {
		t.Errorf("sweeps %d, %q", len(calc.mem.sweeps), calc.mem.sweepErr)
	}
	calc.runArticle()
	if len(calc.mem.article) != 3 || calc.mem.article[1].Count != 3710034752 {
		t.Errorf("article %+v", calc.mem.article)
	}
	calc.runGallery()
	if len(calc.mem.gallery) < 40 || strings.Count(calc.chartSVG("gallery"), "<circle") != len(calc.mem.gallery) {
		t.Errorf("gallery %d rows", len(calc.mem.gallery))
	}
	calc.Update()
	disp.Consume()

	// A device that is too small, and a custom one.
	calc.st.Device = CustomDeviceID
	calc.st.Custom = [4]string{"tiny", "1", "10", "0.1"}
	calc.refreshDemand()
	if d := calc.mem.demand; d == nil || d.Device == nil || d.Device.Fits || !strings.Contains(Verdict(LangEN, "MB", d), "Does not fit on tiny") {
		t.Errorf("custom device %+v", calc.mem.demand)
	}
	calc.st.Custom = [4]string{"bad", "x", "", ""}
	calc.refreshDemand()
	if calc.mem.err == "" || calc.mem.demand == nil || calc.mem.demand.Device != nil {
		t.Errorf("a bad custom device: err %q", calc.mem.err)
	}
}

func TestMemoryHelpers(t *testing.T) {
	if got := CustomSpec([4]string{"a:b", "", "2", " 3 "}); got != "a b:100:2:3" {
		t.Errorf("CustomSpec = %q", got)
	}
	if ParseSeq("2048") != 2048 || ParseSeq("-1") != 0 || ParseSeq("x") != 0 {
		t.Error("ParseSeq")
	}
	svg := `<svg xmlns="http://www.w3.org/2000/svg" class="fl-chart" width="680" height="360" viewBox="0 0 680 360">`
	if w, h := svgSize(svg); w != 680 || h != 360 {
		t.Errorf("svgSize %d %d", w, h)
	}
	if s := StandaloneSVG(svg); !strings.HasPrefix(s, `<svg style="color:#1c2430;background:#ffffff" xmlns=`) {
		t.Errorf("StandaloneSVG %q", s)
	}
	// Every memory term has a label of the page's by its ID (the
	// inference and training activations share "activations").
	for _, id := range []memory.TermID{memory.Weights, memory.Buffers, memory.Gradients, memory.OptimizerState, memory.MasterWeights,
		memory.Activations, memory.KVCacheTerm, memory.Input, memory.Peak, memory.OutputsSum, memory.Torchinfo} {
		tm := memory.Term{ID: id, Name: "(no label)"}
		if termLabel(LangZH, tm) == tm.Name || termLabel(LangEN, tm) == tm.Name {
			t.Errorf("no label for the term %q", id)
		}
	}
	if FmtBytesBoth(244403360, "MiB") != "233.08 MiB · 244.40 MB" {
		t.Error(FmtBytesBoth(244403360, "MiB"))
	}
}
