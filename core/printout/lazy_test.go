package printout

import (
	"os"
	"os/exec"
	"runtime"
	"testing"

	"floplab/core"
	"floplab/core/presets"
)

// TestComputeLeavesConverterUnbuilt: counting a model script with the
// printout importers in the request, as the page does on every compute,
// only detects a printout (Detect, Identify): it reads no gallery file
// and builds none of the converter's tables, which only a pasted
// printout needs. The check runs in a fresh process (this test binary
// again), where no other test has built them.
func TestComputeLeavesConverterUnbuilt(t *testing.T) {
	if os.Getenv("FLOPLAB_LAZY_CHILD") == "" {
		if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
			t.Skip("no subprocesses")
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestComputeLeavesConverterUnbuilt$", "-test.count=1")
		cmd.Env = append(os.Environ(), "FLOPLAB_LAZY_CHILD=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
	p, ok := presets.Lookup("resnet50")
	if !ok {
		t.Fatal("no resnet50 preset")
	}
	rep, err := core.Analyze(core.Request{Script: presets.Script(p), Importers: []core.Importer{Importer{}, Foreign{}}})
	if err != nil || rep.Totals.Params != 25557032 {
		t.Fatalf("resnet50: %v", err)
	}
	galleryFiles.Lock()
	files := len(galleryFiles.lines)
	galleryFiles.Unlock()
	galleryUsed.Lock()
	uses := len(galleryUsed.uses)
	galleryUsed.Unlock()
	if blockIndex.m != nil || helperTables.text != nil || files != 0 || uses != 0 {
		t.Errorf("a script's compute built the converter's tables: blocks %d, helpers %d, gallery files read %d, gallery functions %d",
			len(blockIndex.m), len(helperTables.text), files, uses)
	}
	// The same request with a printout builds them.
	if _, err := core.Analyze(core.Request{Script: "Net(\n  (fc): Linear(in_features=4, out_features=2, bias=True)\n)\n", Importers: []core.Importer{Importer{}}}); err != nil {
		t.Fatal(err)
	}
	if blockIndex.m == nil || helperTables.text == nil {
		t.Error("a printout's compute did not build the converter's tables")
	}
}
