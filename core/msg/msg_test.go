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
	_ "floplab/core/printout" // registers every core package's table
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
// given to msg.F and to the printout importer's note helpers, and checks
// that each has a Chinese entry.
func TestEveryKeyTranslated(t *testing.T) {
	fset := token.NewFileSet()
	seen := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			at := -1
			switch x, _ := sel.X.(*ast.Ident); {
			case x != nil && x.Name == "msg" && sel.Sel.Name == "F":
				at = 0
			case sel.Sel.Name == "note" && x != nil && (x.Name == "g" || x.Name == "r"):
				at = 1
			case sel.Sel.Name == "noteOnce", sel.Sel.Name == "fail" && x != nil && x.Name == "r":
				at = 2
			}
			if at < 0 || len(call.Args) <= at {
				return true
			}
			lit, ok := call.Args[at].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			seen++
			if !msg.Has(s) {
				t.Errorf("%s: no Chinese for %q", fset.Position(lit.Pos()), s)
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
}
