package printout

import (
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.starlark.net/syntax"

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
	if def, found := topLevelDefLines(galleryLines(file), name); found {
		return def
	}
	panic("printout: no " + name + " in " + file)
}

// galleryFiles holds the gallery files galleryDef read, split in lines:
// some 85 definitions are read from about 20 files when the converter's
// tables are built (knownBlocks, helperText), and reading and splitting a
// file each time allocated 2 MB.
var galleryFiles struct {
	sync.Mutex
	lines map[string][]string
}

// galleryLines is a gallery file's lines (nil: no such file).
func galleryLines(file string) []string {
	galleryFiles.Lock()
	defer galleryFiles.Unlock()
	if lines, ok := galleryFiles.lines[file]; ok {
		return lines
	}
	var src string
	var ok bool
	if f, isHF := strings.CutPrefix(file, "hf:"); isHF {
		src, ok = hfconfig.FamilyFile(f)
	} else {
		src, ok = presets.File(file)
	}
	var lines []string
	if ok {
		lines = strings.Split(src, "\n")
	}
	if galleryFiles.lines == nil {
		galleryFiles.lines = map[string][]string{}
	}
	galleryFiles.lines[file] = lines
	return lines
}

// topLevelDef is the source of the top-level def (or assignment) of name
// in src: the comment lines right above it, its first line and the
// indented lines after it, ending in a newline.
func topLevelDef(src, name string) (string, bool) {
	return topLevelDefLines(strings.Split(src, "\n"), name)
}

// topLevelDefLines is topLevelDef of the source's lines.
func topLevelDefLines(lines []string, name string) (string, bool) {
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

// galleryForward is the forward body of a builder class the gallery file
// defines ("def InceptionA(...)" with its nested "def forward(x):"),
// dedented, its self.child references written as $child for the
// converter's blocks (see expand): the block's wiring is the preset's own.
// attrs are the self attributes that are not children.
func galleryForward(file, class string, attrs ...string) string {
	_, body := galleryNested(file, class, "forward", attrs)
	return "\n" + strings.TrimSpace(body)
}

// galleryHelper is a helper function nested in a builder class of the
// gallery file ("def _process_input(x):" inside "def VisionTransformer"),
// whole and dedented to the top level, self.child references written as
// for galleryForward: a block's script that needs it takes the preset's.
func galleryHelper(file, class, fn string, attrs ...string) string {
	head, body := galleryNested(file, class, fn, attrs)
	var w strings.Builder
	w.WriteString(head + "\n")
	for _, l := range strings.Split(strings.TrimRight(body, "\n "), "\n") {
		if l != "" {
			l = "    " + l
		}
		w.WriteString(l + "\n")
	}
	return w.String()
}

// galleryNested is the def line (dedented) and the body (dedented to
// the left margin, child references as $child) of the function fn nested
// in the builder class of the gallery file.
//
// The results for the gallery files as they are come from galleryCache
// (gallery_cache.go, written by TestGalleryCache -update): computing them
// parses each builder's source, about 70 of them when the converter's
// tables are built, which cost the page tens of milliseconds in
// WebAssembly (when the tables were built at its start). A
// builder whose source changed misses the cache (its key holds a hash of
// the source) and is computed as before; TestGalleryCache then fails until
// the cache is written again.
func galleryNested(file, class, fn string, attrs []string) (head, body string) {
	src := galleryDef(file, class)
	key := galleryKey(file, class, fn, attrs, src)
	galleryUsed.Lock()
	galleryUsed.uses = append(galleryUsed.uses, galleryUse{file, class, fn, attrs})
	galleryUsed.Unlock()
	if hb, ok := galleryCache.Get()[key]; ok {
		head, body, _ = strings.Cut(hb, "\n")
		return head, body
	}
	return nestedDef(src, file, class, fn, attrs)
}

// galleryUse is one galleryNested call: TestGalleryCache writes the cache
// from those made when the converter's tables are built. Each happens
// once (the tables and the forward bodies are built once), so the list
// stays as short as the cache.
type galleryUse struct {
	file, class, fn string
	attrs           []string
}

var galleryUsed struct {
	sync.Mutex
	uses []galleryUse
}

// galleryKey names a galleryNested result in galleryCache: the builder,
// the function, the attributes kept, and a hash (FNV-1a) of the builder's
// source.
func galleryKey(file, class, fn string, attrs []string, src string) string {
	h := fnv.New64a()
	h.Write([]byte(src))
	return file + ":" + class + "." + fn + "(" + strings.Join(attrs, ",") + ") " + strconv.FormatUint(h.Sum64(), 16)
}

// nestedDef computes galleryNested from the builder's source src.
func nestedDef(src, file, class, fn string, attrs []string) (head, body string) {
	def, err := childRefs(src, attrs)
	if err != nil {
		panic("printout: " + class + " of " + file + ": " + err.Error())
	}
	lines := strings.Split(def, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "    def "+fn+"(") {
			continue
		}
		var out []string
		for _, b := range lines[i+1:] {
			if b != "" && !strings.HasPrefix(b, "        ") {
				break
			}
			out = append(out, strings.TrimPrefix(b, "        "))
		}
		return strings.TrimPrefix(l, "    "), strings.Join(out, "\n")
	}
	panic("printout: no " + fn + " in " + class + " of " + file)
}

// childRefs writes the self.name references of the Starlark source src
// as $name, but for the attributes attrs, which stay self.name. The
// references are found in src's syntax tree, so comments and strings
// that mention self.name are left as they are.
func childRefs(src string, attrs []string) (string, error) {
	f, err := (&syntax.FileOptions{While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true, Set: true}).Parse("gallery", src, 0)
	if err != nil {
		return "", err
	}
	// The start (line, rune column) of each rewritten reference and
	// its attribute name.
	type ref struct {
		line, col int32
		name      string
	}
	var refs []ref
	syntax.Walk(f, func(n syntax.Node) bool {
		if d, ok := n.(*syntax.DotExpr); ok {
			if x, ok := d.X.(*syntax.Ident); ok && x.Name == "self" && !slices.Contains(attrs, d.Name.Name) {
				refs = append(refs, ref{x.NamePos.Line, x.NamePos.Col, d.Name.Name})
			}
		}
		return true
	})
	// Rewritten from the end, so earlier positions stay valid.
	sort.Slice(refs, func(i, j int) bool {
		a, b := refs[i], refs[j]
		if a.line != b.line {
			return a.line < b.line
		}
		return a.col < b.col
	})
	lines := strings.Split(src, "\n")
	for i := len(refs) - 1; i >= 0; i-- {
		r := refs[i]
		l := lines[r.line-1]
		// The rune column as a byte offset.
		at := 0
		for c := int32(1); c < r.col; c++ {
			_, size := utf8.DecodeRuneInString(l[at:])
			at += size
		}
		text := "self." + r.name
		if !strings.HasPrefix(l[at:], text) {
			return "", fmt.Errorf("%d:%d: self.%s is not written as such", r.line, r.col, r.name)
		}
		lines[r.line-1] = l[:at] + "$" + r.name + l[at+len(text):]
	}
	return strings.Join(lines, "\n"), nil
}
