package convention_test

import (
	"slices"
	"testing"

	"floplab/core/convention"
	"floplab/core/lang"
)

// TestRulesNameRealClasses: every class and function a convention has a
// rule for is one the model language can record, so a misspelled or
// invented class ("Conv2D", "F.Relu") fails here instead of never
// matching a node.
func TestRulesNameRealClasses(t *testing.T) {
	classes, functions := lang.ModuleClasses(), lang.FunctionTypes()
	for _, c := range convention.All() {
		for class := range c.ModuleRules() {
			if class != "*" && !slices.Contains(classes, class) {
				t.Errorf("%s: a rule for module class %q, which the model language does not have", c.ID, class)
			}
		}
		for f := range c.FunctionRules() {
			if f != "*" && !slices.Contains(functions, f) {
				t.Errorf("%s: a rule for function %q, which the model language does not record", c.ID, f)
			}
		}
	}
}
