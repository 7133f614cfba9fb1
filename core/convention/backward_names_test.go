package convention_test

import (
	"slices"
	"testing"

	"floplab/core/convention"
	"floplab/core/lang"
)

// TestBackwardRulesNameRealClasses: every class and function a backward
// rule names exists in the model language, and only torch and floplab
// count the backward pass.
func TestBackwardRulesNameRealClasses(t *testing.T) {
	classes, functions := lang.ModuleClasses(), lang.FunctionTypes()
	for _, c := range convention.All() {
		if c.CountsBackward() != (c.ID == "torch" || c.ID == "floplab") {
			t.Errorf("%s counts backward: %v", c.ID, c.CountsBackward())
		}
		for name := range c.BackwardRules() {
			if !slices.Contains(classes, name) && !slices.Contains(functions, name) {
				t.Errorf("%s: a backward rule for %q, which the model language does not have", c.ID, name)
			}
		}
	}
}
