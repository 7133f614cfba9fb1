package hfconfig

import (
	"flag"
	"strings"
	"testing"

	"floplab/core/internal/embedgen"
)

var update = flag.Bool("update", false, "rewrite files_gen.go from families/")

// TestEmbeddedFiles checks files_gen.go embeds every family definition in
// families/ (-update writes it).
func TestEmbeddedFiles(t *testing.T) {
	const cmd = "go test ./core/hfconfig -run TestEmbeddedFiles -update"
	src, err := embedgen.Source("hfconfig", cmd, "families", func(name string) bool {
		return strings.HasSuffix(name, ".star")
	})
	if err != nil {
		t.Fatal(err)
	}
	if stale, err := embedgen.Check("files_gen.go", src, *update); err != nil {
		t.Fatal(err)
	} else if stale {
		t.Errorf("files_gen.go does not embed families/ as it is (a file added or removed?): run %s", cmd)
	}
	for _, f := range families {
		if src, ok := FamilyFile(f.file + ".star"); !ok || src == "" {
			t.Errorf("no family file %s.star", f.file)
		}
	}
}
