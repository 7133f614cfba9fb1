package core_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/importers"
)

// TestPrintoutScript: the script a printout converts to counts as the
// printout does, the weight ties included, so a user can edit it.
func TestPrintoutScript(t *testing.T) {
	b, err := os.ReadFile("printout/testdata/hf/gpt2.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, untie := range []bool{false, true} {
		req := core.Request{Script: string(b), Untie: untie, Importers: importers.All()}
		pasted, err := core.Analyze(req)
		if err != nil {
			t.Fatal(err)
		}
		script, err := core.ImportedScript(req)
		if err != nil {
			t.Fatal(err)
		}
		if core.Detect(req.Importers, script) != nil || core.Detect(req.Importers, req.Script) == nil {
			t.Errorf("Detect: script %v, printout %v", core.Detect(req.Importers, script), core.Detect(req.Importers, req.Script))
		}
		edited, err := core.Analyze(core.Request{Script: script})
		if err != nil {
			t.Fatal(err)
		}
		if edited.Totals != pasted.Totals {
			t.Errorf("untie %v: the converted script counts %+v, the printout %+v", untie, edited.Totals, pasted.Totals)
		}
		if tied := strings.Contains(script, "_tie(model"); tied == untie {
			t.Errorf("untie %v: the script ties weights: %v", untie, tied)
		}
	}
	if _, err := core.ImportedScript(core.Request{Script: "Conv2d(3, 8, 3)\n", Importers: importers.All()}); err == nil || !strings.Contains(err.Error(), "model.star:1:1: the text is not a print(model) printout") {
		t.Errorf("a script: %v", err)
	}
}

func ExampleImportedScript() {
	printout := `Net(
  (fc): Linear(in_features=4, out_features=2, bias=True)
)`
	script, err := core.ImportedScript(core.Request{Script: printout, Importers: importers.All()})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(script, "\n") {
		if strings.HasPrefix(line, "model =") || strings.Contains(line, "fc=") {
			fmt.Println(line)
		}
	}
	// Output:
	// model = Net(
	//     fc=Linear(in_features=4, out_features=2, bias=True),
}
