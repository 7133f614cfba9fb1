package printout

import (
	"os"
	"path/filepath"
	"testing"

	"floplab/core/msg"
)

// TestChineseNotes renders every note of every stored printout in
// Chinese: none may fall back to English.
func TestChineseNotes(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.txt")
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil || !Detect(string(b)) {
			continue
		}
		_, notes, err := Convert(f, string(b))
		if err != nil {
			continue
		}
		for _, note := range notes {
			if en := note.Localized().String(); en != note.String() {
				t.Errorf("%s: English %q, want %q", f, en, note.String())
			}
			note.Localized().In(msg.ZH)
			n++
		}
	}
	if n < 20 {
		t.Errorf("only %d notes rendered", n)
	}
	if m := msg.Missing(); len(m) > 0 {
		t.Errorf("no Chinese for %q", m)
	}
}
