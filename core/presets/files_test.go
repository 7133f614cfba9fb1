package presets

import (
	"strings"
	"testing"

	"floplab/core/internal/embedgen"
)

// TestEmbeddedFiles checks files_gen.go embeds every .star and .json file
// of the package (-update writes it).
func TestEmbeddedFiles(t *testing.T) {
	const cmd = "go test ./core/presets -run TestEmbeddedFiles -update"
	src, err := embedgen.Source("presets", cmd, "", func(name string) bool {
		return strings.HasSuffix(name, ".star") || strings.HasSuffix(name, ".json")
	})
	if err != nil {
		t.Fatal(err)
	}
	if stale, err := embedgen.Check("files_gen.go", src, *update); err != nil {
		t.Fatal(err)
	} else if stale {
		t.Errorf("files_gen.go does not embed the package's files as they are (one added or removed?): run %s", cmd)
	}
	for _, p := range All() {
		if s := Source(p); s == "" {
			t.Errorf("%s: empty file %s", p.Name, p.File)
		}
	}
}
