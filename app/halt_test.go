package app

import (
	"strings"
	"testing"

	"floplab/core/msg"
	"floplab/core/share"
)

// TestHaltedScript: a script whose computation never returned (the page
// died on it: out of memory, or the tab closed on a hang) is not run
// again when the page loads with it; the problems list says why, in the
// page's language, and "Run it anyway" runs it. A finished computation
// clears the mark.
func TestHaltedScript(t *testing.T) {
	st := share.State{Script: "input_shape = (1, 8)\nLinear(8, 4)\n"}
	storageSet(keyRunning, Fingerprint(st.Script))
	calc, disp := mount(t, st)
	defer disp.Close()
	if !calc.halted || calc.rep != nil || calc.computes != 0 || len(calc.errs) != 1 {
		t.Fatalf("halted %v, report %v, %d computes, errors %v", calc.halted, calc.rep != nil, calc.computes, calc.errs)
	}
	if m := calc.errs[0].MsgIn(msg.ZH); !strings.Contains(m, "没有自动运行") {
		t.Errorf("Chinese message %q", m)
	}
	if got := getValue(idScript); got != st.Script {
		t.Errorf("editor holds %q", got)
	}
	calc.compute() // what "Run it anyway" does
	if calc.halted || calc.rep == nil || calc.rep.Totals.Params != 36 {
		t.Fatalf("after running: halted %v, report %+v", calc.halted, calc.rep)
	}
	if fp, _ := storageGet(keyRunning); fp != "" {
		t.Errorf("running mark %q left after the computation returned", fp)
	}
	// Another script loads and runs as usual even with a stale mark.
	storageSet(keyRunning, Fingerprint("something else"))
	calc2, disp2 := mount(t, st)
	defer disp2.Close()
	if calc2.halted || calc2.rep == nil {
		t.Errorf("a different script's mark halted this one")
	}
}
