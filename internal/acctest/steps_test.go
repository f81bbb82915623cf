package acctest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// plugin-testing never runs the Check or ConfigStateChecks of a PlanOnly
// step (it applies nothing there), so such a step would pass whatever they
// say. Every test step of the module that sets PlanOnly asserts through
// ConfigPlanChecks instead (CheckAfterPlan, OnlyInstanceIsInPlan).
func TestPlanOnlyStepsAssertThroughPlanChecks(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	steps := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			fields := map[string]ast.Expr{}
			for _, elt := range lit.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if key, ok := kv.Key.(*ast.Ident); ok {
						fields[key.Name] = kv.Value
					}
				}
			}
			planOnly, ok := fields["PlanOnly"]
			if !ok {
				return true
			}
			if v, ok := planOnly.(*ast.Ident); ok && v.Name == "false" {
				return true
			}
			steps++
			for _, dead := range []string{"Check", "ConfigStateChecks"} {
				if _, ok := fields[dead]; ok {
					t.Errorf("%s: a PlanOnly step with %s, which never runs; assert in ConfigPlanChecks.PostApplyPostRefresh", fset.Position(lit.Pos()), dead)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if steps == 0 {
		t.Fatal("found no PlanOnly step: the scan looked in the wrong place")
	}
}
