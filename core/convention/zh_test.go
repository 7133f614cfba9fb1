package convention

import (
	"testing"

	"floplab/core/msg"
)

// TestChinese: every convention note and term label has a Chinese
// text (they are keys msg cannot find in the sources as literals).
func TestChinese(t *testing.T) {
	for _, c := range All() {
		for _, n := range c.Notes {
			if !msg.Has(n) {
				t.Errorf("%s: no Chinese for note %q", c.ID, n)
			}
		}
	}
	for _, c := range All() {
		for _, tb := range []map[string]Rule{c.ModuleRules(), c.FunctionRules()} {
			for class, r := range tb {
				for _, p := range r {
					if !msg.Has(p.Term.Label) {
						t.Errorf("%s %s: no Chinese for label %q", c.ID, class, p.Term.Label)
					}
				}
			}
		}
	}
}
