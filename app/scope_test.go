package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestHandlerScopes checks that every event handler made by a factory call
// (.OnClick(c.onSort(key), ...)) passes scope values: without them go-app
// keeps a re-used element's old closure (see the note above onSelect).
func TestHandlerScopes(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !strings.HasPrefix(sel.Sel.Name, "On") {
				return true
			}
			if _, factory := call.Args[0].(*ast.CallExpr); !factory {
				return true
			}
			checked++
			if len(call.Args) < 2 {
				t.Errorf("%s: %s(...) with a handler factory but no scope", fset.Position(call.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
	if checked < 10 {
		t.Errorf("only %d factory handlers found: the check no longer sees them", checked)
	}
}
