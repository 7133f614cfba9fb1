package lang

import (
	"os"
	"strings"
	"testing"
	"time"

	"floplab/core/presets"
)

// stepsMargin is how many times the Starlark steps of the most demanding
// preset DefaultLimits.Steps must allow, so models larger than the
// gallery's still run while a script that never ends stops quickly.
const stepsMargin = 20

// TestPresetsWithinStepLimit runs every preset at its declared input and
// checks it needs at most 1/stepsMargin of the default step budget, and
// that the generated 10,000-layer model fits with a tenth of it spare.
func TestPresetsWithinStepLimit(t *testing.T) {
	var most uint64
	mostName := ""
	for _, p := range presets.All() {
		res, err := Run(presets.Script(p), Options{Filename: p.File})
		if err != nil {
			t.Errorf("%s: %v", p.Name, err)
			continue
		}
		if res.steps == 0 {
			t.Errorf("%s: no steps counted", p.Name)
		}
		if res.steps > most {
			most, mostName = res.steps, p.Name
		}
		if res.steps*stepsMargin > DefaultLimits.Steps {
			t.Errorf("%s takes %d Starlark steps; DefaultLimits.Steps %d leaves less than a %d× margin", p.Name, res.steps, DefaultLimits.Steps, stepsMargin)
		}
	}
	t.Logf("most demanding preset: %s, %d steps (limit %d)", mostName, most, DefaultLimits.Steps)
	src, err := os.ReadFile("testdata/layers10000.star")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(string(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.steps*10 > DefaultLimits.Steps*9 {
		t.Errorf("the 10,000-layer model takes %d steps, too close to the limit %d", res.steps, DefaultLimits.Steps)
	}
}

// TestEndlessLoopStopsQuickly: a script that never ends hits the step
// limit with its error well within the browser's one-second budget (wasm
// runs Starlark several times slower than native code).
func TestEndlessLoopStopsQuickly(t *testing.T) {
	start := time.Now()
	_, err := Run("input_shape = (1, 3)\nwhile True:\n    x = 1\n", Options{})
	if err == nil || !strings.Contains(err.Error(), "too many steps") {
		t.Fatalf("err = %v, want too many steps", err)
	}
	// A hang check, not a speed goal (the step limit is what bounds it;
	// its cost is measured by the benchmarks): a loaded CI machine must
	// not fail it.
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the endless loop took %v to stop natively", d)
	}
}
