package presets

import (
	"testing"

	"floplab/core/hfconfig"
)

// TestConfigPresetsConvert checks every config preset's config.json builds
// (TestIndex only checks the file is there).
func TestConfigPresetsConvert(t *testing.T) {
	n := 0
	for _, p := range All() {
		if p.Config == "" {
			continue
		}
		n++
		m, err := hfconfig.Convert(p.Config, ConfigText(p))
		if err != nil {
			t.Errorf("%s: %v", p.Name, err)
			continue
		}
		if m.Definition == "" || m.DefinitionFile == "" {
			t.Errorf("%s: no definition", p.Name)
		}
	}
	if n == 0 {
		t.Error("no config preset")
	}
}
