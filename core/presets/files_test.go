package presets

import (
	"bytes"
	"os"
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
	const file = "files_gen.go"
	if *update {
		if err := os.WriteFile(file, src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if old, err := os.ReadFile(file); err != nil || !bytes.Equal(old, src) {
		t.Errorf("%s does not embed the package's files as they are (one added or removed?): run %s", file, cmd)
	}
	for _, p := range All() {
		if s := Source(p); s == "" {
			t.Errorf("%s: empty file %s", p.Name, p.File)
		}
	}
}
