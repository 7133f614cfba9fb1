package msg_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"floplab/core/msg"
	_ "floplab/core/onnx"     // the ONNX reader's messages
	_ "floplab/core/printout" // registers every core package's table
	_ "floplab/core/share"    // and the share links' (printout does not import it)
)

func TestRender(t *testing.T) {
	msg.Register(map[string]string{"test %s of %d": "测试 %[2]d 的 %[1]s", "test word": "测试词"})
	x := msg.F("test %s of %d", msg.F("test word"), 3)
	if got := x.String(); got != "test test word of 3" {
		t.Errorf("en: %q", got)
	}
	if got := x.In(msg.ZH); got != "测试 3 的 测试词" {
		t.Errorf("zh: %q", got)
	}
	if got := msg.F("100% literal").In(msg.ZH); got != "100% literal" {
		t.Errorf("literal: %q", got)
	}
	if got := msg.Cat("a", msg.F("test word"), 1).In(msg.ZH); got != "a测试词1" {
		t.Errorf("cat: %q", got)
	}
}

var verb = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?([a-zA-Z%])`)

// placeholders lists a format's verbs as "argument:verb", sorted.
func placeholders(f string) []string {
	var out []string
	next := 1
	for _, m := range verb.FindAllStringSubmatch(f, -1) {
		if m[4] == "%" {
			continue
		}
		n := next
		if m[2] != "" {
			n, _ = strconv.Atoi(m[2])
		}
		next = n + 1
		out = append(out, strconv.Itoa(n)+":"+m[4])
	}
	slices.Sort(out)
	return out
}

// TestPlaceholders checks that every Chinese format takes the same
// arguments with the same verbs as its English key, and is Chinese.
func TestPlaceholders(t *testing.T) {
	hasHan := regexp.MustCompile(`\p{Han}`)
	for en, zh := range msg.Table() {
		if strings.TrimSpace(zh) == "" {
			t.Errorf("%q: empty Chinese text", en)
			continue
		}
		if a, b := placeholders(en), placeholders(zh); !slices.Equal(a, b) {
			t.Errorf("%q: placeholders %v, Chinese %q has %v", en, a, zh, b)
		}
		if englishWords(en) > 0 && !hasHan.MatchString(zh) && zh == en {
			// Identical entries are allowed only for texts with no words
			// to translate (tool names, math).
			t.Errorf("%q: Chinese text is the English one", en)
		}
	}
}

// englishWords counts the words of 3+ letters that are not names kept in
// Chinese text (MACs, FLOPs, tool and class names).
func englishWords(s string) int {
	n := 0
	for _, w := range regexp.MustCompile(`[A-Za-z][A-Za-z'-]{2,}`).FindAllString(s, -1) {
		if !keep[w] {
			n++
		}
	}
	return n
}

var keep = map[string]bool{"MACs": true, "FLOPs": true, "MAC": true, "FLOP": true, "thop": true, "ptflops": true, "fvcore": true,
	"torchinfo": true, "torch": true, "torchvision": true, "QKᵀ": true, "exp": true, "mul": true, "add": true, "cmp": true}

// TestEveryKeyTranslated finds, in core's sources, every literal format
// given to msg.F and to the printout importer's note helpers, and every
// literal error message and hint (core/lang's lerr and tr.errorf, the
// hints given to withHint or returned by the Starlark hint functions, the
// printout parser's p.errorf, core/share's linkErr and hintErr), and
// checks that each has a Chinese entry.
func TestEveryKeyTranslated(t *testing.T) {
	fset := token.NewFileSet()
	seen := 0
	// A script's not_counted("reason", ...) inside a Go string (the
	// printout importer's generated forwards): its reason is a format
	// rendered in the reader's language (core/lang/notcounted.go).
	notCounted := regexp.MustCompile(`(?:not_counted|\bfail)\("((?:[^"\\]|\\.)*)"`)
	scripts := 0
	checkScript := func(lit *ast.BasicLit) {
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			return
		}
		for _, m := range notCounted.FindAllStringSubmatch(s, -1) {
			scripts++
			if !msg.Has(m[1]) {
				t.Errorf("%s: no Chinese for the not_counted reason %q", fset.Position(lit.Pos()), m[1])
			}
		}
	}
	check := func(e ast.Expr, skipEmpty bool) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil || (skipEmpty && s == "") {
			return
		}
		seen++
		if !msg.Has(s) {
			t.Errorf("%s: no Chinese for %q", fset.Position(lit.Pos()), s)
		}
	}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			// Copies of other sources (core/printout's gallery_cache.go
			// holds the gallery files' Starlark), not texts of their own.
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				checkScript(lit)
			}
			if fn, ok := n.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Body != nil {
				switch fn.Name.Name {
				case "syntaxHint", "resolveHint", "evalHint":
					// The hints these return for Starlark's errors.
					ast.Inspect(fn.Body, func(n ast.Node) bool {
						if r, ok := n.(*ast.ReturnStmt); ok {
							for _, e := range r.Results {
								check(e, true)
							}
						}
						return true
					})
				}
				return true
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			// Each call's literal texts: the arguments at these indexes;
			// an empty hint means none.
			var at []int
			skipEmpty := false
			switch fun := call.Fun.(type) {
			case *ast.Ident:
				switch fun.Name {
				case "lerr": // lerr(hint, format, args...)
					at, skipEmpty = []int{0, 1}, true
				case "withHint": // withHint(e, hint)
					at, skipEmpty = []int{1}, true
				case "linkErr": // core/share's linkErr(hint, format, args...)
					at, skipEmpty = []int{0, 1}, true
				case "hintErr": // core/share's hintErr(msg.F(hint), format, args...)
					at = []int{1}
				case "inputErr": // core/inputs' inputErr(msg.F(hint), format, args...)
					at = []int{1}
				case "fail": // core/onnx's fail(format, args...): why a node stops the count
					at = []int{0}
				}
			case *ast.SelectorExpr:
				sel := fun
				switch x, _ := sel.X.(*ast.Ident); {
				case x != nil && x.Name == "msg" && sel.Sel.Name == "F":
					at = []int{0}
				case sel.Sel.Name == "note" && x != nil && (x.Name == "g" || x.Name == "r"):
					at = []int{1}
				case sel.Sel.Name == "noteOnce", sel.Sel.Name == "fail" && x != nil && x.Name == "r":
					at = []int{2}
				case sel.Sel.Name == "errorf" && isTracer(sel.X):
					// tr.errorf(layer, hint, format, args...)
					at, skipEmpty = []int{1, 2}, true
				case sel.Sel.Name == "errorf" && x != nil && x.Name == "p":
					// The printout parser's p.errorf(pos, msg.F(...), hint).
					at, skipEmpty = []int{2}, true
				}
			}
			for _, i := range at {
				if i < len(call.Args) {
					check(call.Args[i], skipEmpty)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 50 {
		t.Errorf("found only %d messages: is the scan looking at core?", seen)
	}
	if scripts < 4 {
		t.Errorf("found only %d not_counted reasons in scripts: is the scan looking at core/printout?", scripts)
	}
}

// isTracer reports whether x names core/lang's tracer: tr, or t.tr.
func isTracer(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name == "tr"
	case *ast.SelectorExpr:
		return x.Sel.Name == "tr"
	}
	return false
}

// TestCatalog: messages by stable ID render in both languages, M carries
// its ID so a reworded English text keeps its Chinese, a conflicting
// definition panics, and the catalog's entries join the English-keyed
// table (so F of the same English text is Chinese too).
func TestCatalog(t *testing.T) {
	msg.Define(map[msg.ID][2]string{
		"test.catalog.weights": {"weights of %s", "%s 的权重"},
		"test.catalog.title":   {"Catalog test", "目录测试"},
	})
	if got := msg.ID("test.catalog.title").In(msg.ZH); got != "目录测试" {
		t.Errorf("zh: %q", got)
	}
	if got := msg.ID("test.catalog.title").In(msg.EN); got != "Catalog test" {
		t.Errorf("en: %q", got)
	}
	m := msg.M("test.catalog.weights", "fc")
	if m.String() != "weights of fc" || m.In(msg.ZH) != "fc 的权重" || m.Format != "weights of %s" {
		t.Errorf("M: %q %q", m.String(), m.In(msg.ZH))
	}
	if got := msg.F("Catalog test").In(msg.ZH); got != "目录测试" {
		t.Errorf("the English key of a catalog entry: %q", got)
	}
	if msg.ID("test.catalog.nope").In(msg.ZH) != "test.catalog.nope" || msg.ID("test.catalog.nope").Defined() || !msg.ID("test.catalog.title").Defined() {
		t.Error("an unknown ID")
	}
	if !slices.Contains(msg.IDs(), "test.catalog.title") {
		t.Error("IDs")
	}
	defer func() {
		if recover() == nil {
			t.Error("a second text for an ID did not panic")
		}
	}()
	msg.Define(map[msg.ID][2]string{"test.catalog.title": {"Other", "其他"}})
}
