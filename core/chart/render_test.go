package chart

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRenderSamples writes sample charts to $FLOPLAB_CHART_DIR when set,
// for looking at them; it checks nothing else.
func TestRenderSamples(t *testing.T) {
	dir := os.Getenv("FLOPLAB_CHART_DIR")
	if dir == "" {
		t.Skip("FLOPLAB_CHART_DIR not set")
	}
	for name, svg := range samples() {
		if err := os.WriteFile(filepath.Join(dir, name+".svg"), []byte(svg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
