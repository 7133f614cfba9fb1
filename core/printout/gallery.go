package printout

import (
	"strings"

	"floplab/core/hfconfig"
	"floplab/core/presets"
)

// The converted scripts' helper functions that the gallery presets or the
// config.json families define are taken from their files, not copied:
// a fix there is a fix here.

// galleryDef is the source of the top-level function (or constant) name
// in a gallery file: "swin.star" is a preset's, "hf:gpt2.star" a
// config.json family's. It panics when there is none: the files are
// embedded, and TestGalleryHelpers builds every one.
func galleryDef(file, name string) string {
	var src string
	var ok bool
	if f, isHF := strings.CutPrefix(file, "hf:"); isHF {
		src, ok = hfconfig.FamilyFile(f)
	} else {
		src, ok = presets.File(file)
	}
	if ok {
		if def, found := topLevelDef(src, name); found {
			return def
		}
	}
	panic("printout: no " + name + " in " + file)
}

// topLevelDef is the source of the top-level def (or assignment) of name
// in src: the comment lines right above it, its first line and the
// indented lines after it, ending in a newline.
func topLevelDef(src, name string) (string, bool) {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "def "+name+"(") && !strings.HasPrefix(l, name+" = ") {
			continue
		}
		from := i
		for from > 0 && strings.HasPrefix(lines[from-1], "#") {
			from--
		}
		to := i + 1
		for to < len(lines) && (lines[to] == "" || strings.HasPrefix(lines[to], " ") || strings.HasPrefix(lines[to], ")")) {
			to++
		}
		for to > i+1 && lines[to-1] == "" {
			to--
		}
		return strings.Join(lines[from:to], "\n") + "\n", true
	}
	return "", false
}
