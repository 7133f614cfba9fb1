package app

import (
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
	"floplab/core/share"
)

func readPrintout(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../core/printout/testdata/hf/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// mount opens the page on a share link for st, with the real core.
func mount(t *testing.T, st share.State) (*Calculator, app.ClientDispatcher) {
	t.Helper()
	storageSet(keyState, "")
	return openURL(CoreEngine(), "http://h/#"+share.Encode(st))
}

// fragment is the state the page's URL carries now.
func fragment(t *testing.T, calc *Calculator) share.State {
	t.Helper()
	st, err := share.Decode(calc.enc.Encode(calc.st))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestTies: a pasted GPT-2 printout shows its tie candidate checked
// (124,439,808 params); unticking it counts lm_head separately
// (163,037,184) and the link says so; the link restores it; ticking it
// again goes back. A tie that does not fit the model in the editor is
// dropped with a note instead of an error.
func TestTies(t *testing.T) {
	gpt2 := readPrintout(t, "gpt2.txt")
	calc, disp := mount(t, share.State{Script: gpt2})
	defer disp.Close()
	if calc.rep == nil || calc.rep.Totals.Params != 124439808 || len(calc.rep.Ties) != 1 || !calc.rep.Ties[0].Active {
		t.Fatalf("gpt2: report %+v, errors %v", calc.rep, calc.errs)
	}
	for _, lang := range []string{LangEN, LangZH} {
		l := TieLabel(lang, calc.rep.Ties[0])
		if !strings.Contains(l, "lm_head.weight = transformer.wte.weight") || !strings.Contains(l, "38,597,376") || strings.Contains(l, "ties.") {
			t.Errorf("%s label %q", lang, l)
		}
	}
	// Untick.
	calc.st.Tie, calc.st.Untie = ToggleTie(calc.rep.Ties, 0, false)
	calc.compute()
	if calc.rep.Totals.Params != 163037184 || calc.rep.Ties[0].Active || !calc.st.Untie {
		t.Fatalf("untied: params %d, ties %+v, state %+v", calc.rep.Totals.Params, calc.rep.Ties, calc.st.Untie)
	}
	st := fragment(t, calc)
	if !st.Untie || st.Tie != nil || st.Script != gpt2 {
		t.Errorf("untied link state: untie %v, tie %v", st.Untie, st.Tie)
	}
	// The link restores the unticked box.
	calc2, disp2 := mount(t, st)
	defer disp2.Close()
	if calc2.rep == nil || calc2.rep.Totals.Params != 163037184 || calc2.rep.Ties[0].Active {
		t.Fatalf("restored: %+v", calc2.rep)
	}
	// Tick again: back to the default, nothing left in the link.
	calc.st.Tie, calc.st.Untie = ToggleTie(calc.rep.Ties, 0, true)
	calc.compute()
	if calc.rep.Totals.Params != 124439808 || calc.st.Untie || calc.st.Tie != nil {
		t.Errorf("re-tied: params %d, state %v %v", calc.rep.Totals.Params, calc.st.Tie, calc.st.Untie)
	}

	// Llama 2 ties nothing by default; ticking ties lm_head to the embedding.
	llama := readPrintout(t, "llama_2_7b.txt")
	calc.st = share.State{Script: llama}
	calc.compute()
	if calc.rep == nil || len(calc.rep.Ties) != 1 || calc.rep.Ties[0].Active || calc.rep.Ties[0].Default {
		t.Fatalf("llama: %+v %v", calc.rep, calc.errs)
	}
	calc.st.Tie, calc.st.Untie = ToggleTie(calc.rep.Ties, 0, true)
	calc.compute()
	if calc.rep.Totals.Params != 6738415616-32000*4096 || !reflect.DeepEqual(calc.st.Tie, [][2]string{{"lm_head", "model.embed_tokens"}}) || calc.st.Untie {
		t.Errorf("llama tied: %d, %v %v", calc.rep.Totals.Params, calc.st.Tie, calc.st.Untie)
	}
	// Pasting GPT-2 over it: Llama's tie does not fit; dropped with a note.
	calc.st.Script = gpt2
	calc.compute()
	if calc.rep.Totals.Params != 124439808 || len(calc.errs) > 0 || calc.st.Tie != nil ||
		!strings.Contains(calc.rep.Notes[0], "weight ties not applied to this model: lm_head=model.embed_tokens") {
		t.Errorf("stale tie: params %d, errors %v, state %v, notes %q", calc.rep.Totals.Params, calc.errs, calc.st.Tie, calc.rep.Notes)
	}
	// A model script has no candidates: an untie from a link is dropped.
	calc.st = share.State{Script: "input_shape = (1, 8)\nmodel = Linear(8, 8)\n", Untie: true}
	calc.compute()
	if calc.rep == nil || len(calc.rep.Ties) != 0 || calc.st.Untie || len(calc.errs) > 0 {
		t.Errorf("script with untie: %+v, %v, %v", calc.rep, calc.st.Untie, calc.errs)
	}
}

func TestToggleTie(t *testing.T) {
	def := core.TieInfo{Module: "lm_head", Target: "wte", Default: true, Active: true}
	def2 := core.TieInfo{Module: "head2", Target: "wte", Default: true, Active: true}
	opt := core.TieInfo{Module: "proj", Target: "emb"}
	cases := []struct {
		ties  []core.TieInfo
		i     int
		on    bool
		tie   [][2]string
		untie bool
	}{
		{[]core.TieInfo{def}, 0, false, nil, true},
		{[]core.TieInfo{def}, 0, true, nil, false},
		{[]core.TieInfo{def, opt}, 1, true, [][2]string{{"proj", "emb"}}, false},
		// Untying one of two defaults unties both and ties the other back.
		{[]core.TieInfo{def, def2}, 0, false, [][2]string{{"head2", "wte"}}, true},
		{[]core.TieInfo{def, def2, opt}, 1, false, [][2]string{{"lm_head", "wte"}}, true},
	}
	for i, c := range cases {
		tie, untie := ToggleTie(c.ties, c.i, c.on)
		if !reflect.DeepEqual(tie, c.tie) || untie != c.untie {
			t.Errorf("case %d: %v %v, want %v %v", i, tie, untie, c.tie, c.untie)
		}
	}
	// PruneTies keeps what the result applied.
	st := share.State{Tie: [][2]string{{"proj", "emb"}, {"gone", "x"}}, Untie: true}
	tie, untie := PruneTies(st, []core.TieInfo{{Module: "proj", Target: "emb", Active: true}, {Module: "lm_head", Target: "wte", Default: true}})
	if !reflect.DeepEqual(tie, [][2]string{{"proj", "emb"}}) || !untie {
		t.Errorf("PruneTies = %v %v", tie, untie)
	}
	if tie, untie := PruneTies(st, nil); tie != nil || untie {
		t.Errorf("PruneTies without candidates = %v %v", tie, untie)
	}
}

// TestMemorySettingsLink: the Memory & speed tab's settings travel in the
// link and come back on load; a query link may name a device by prefix.
func TestMemorySettingsLink(t *testing.T) {
	st, _ := PresetState("resnet50")
	st.Mode, st.Optimizer, st.Device, st.Seq = core.ModeTrain, "adamw", "a100-80gb-sxm", 2048
	calc, disp := mount(t, st)
	defer disp.Close()
	if calc.st.Mode != core.ModeTrain || calc.st.Optimizer != "adamw" || calc.st.Device != "a100-80gb-sxm" || calc.st.Seq != 2048 {
		t.Fatalf("loaded state %+v", calc.st)
	}
	calc.st.Tab = "memory"
	d, _ := calc.memoryTab().Demand()
	if d == nil || d.Mode != core.ModeTrain || d.Optimizer != "adamw" || d.DevInfo == nil || d.DevInfo.ID != "a100-80gb-sxm" {
		t.Fatalf("demand %+v", d)
	}
	calc.st.Device, calc.st.Custom = CustomDeviceID, [4]string{"tiny", "1", "10", "0.1"}
	if got := fragment(t, calc); got.Device != CustomDeviceID || got.Custom != calc.st.Custom || got.Mode != core.ModeTrain {
		t.Errorf("fragment %+v", got)
	}
	u, _ := url.Parse("http://h/?preset=llama-2-7b&dtype=bf16&device=h100&seq=4096")
	disp.Nav(u)
	disp.Consume()
	if calc.st.Device != "h100-sxm" || calc.st.Seq != 4096 || DemandOptions(calc.st).Device != "h100-sxm" {
		t.Errorf("query link device %q seq %d", calc.st.Device, calc.st.Seq)
	}
	if DeviceID("nonsense") != "nonsense" || DeviceID("") != "" || DeviceID(CustomDeviceID) != CustomDeviceID {
		t.Error("DeviceID")
	}
	if got := CustomField("a:b" + strings.Repeat("é", 80)); strings.Contains(got, ":") || len(got) > share.MaxCustomField || !strings.HasPrefix(got, "a b") {
		t.Errorf("CustomField %q", got)
	}
}
