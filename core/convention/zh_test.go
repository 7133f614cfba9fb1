package convention

import (
	"testing"

	"floplab/core/msg"
)

// TestChinese: every convention note and quantity label has a Chinese
// text (they are keys msg cannot find in the sources as literals).
func TestChinese(t *testing.T) {
	for _, c := range All() {
		for _, n := range c.Notes {
			if !msg.Has(n) {
				t.Errorf("%s: no Chinese for note %q", c.ID, n)
			}
		}
	}
	for q, l := range quantityLabel {
		if !msg.Has(l) {
			t.Errorf("%s: no Chinese for label %q", q, l)
		}
	}
}
