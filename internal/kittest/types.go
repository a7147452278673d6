package kittest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// ExportedTypes lists the exported type names declared in the non-test Go
// files of the package in dir (aliases included), sorted.
func ExportedTypes(t testing.TB, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
					names = append(names, ts.Name.Name)
				}
			}
		}
	}
	sort.Strings(names)
	return names
}

// RedactionCase is one exported type of a provider package: a value of it
// holding the given secrets, or no value and a reason it holds none.
type RedactionCase struct {
	Value   any      // a value of the type with every secret field set
	Secrets []string // what must not be printed
	// NoSecret says why the type cannot hold a secret; Value is then unused.
	NoSecret string
}

// AssertPackageRedacted runs AssertRedacted over a case for every exported
// type of the package in dir, and fails for an exported type that has no
// case — so a new type that can hold a secret cannot be forgotten.
func AssertPackageRedacted(t *testing.T, dir string, cases map[string]RedactionCase) {
	t.Helper()
	for _, name := range ExportedTypes(t, dir) {
		c, ok := cases[name]
		switch {
		case !ok:
			t.Errorf("exported type %s has no redaction case: give a value holding its secrets, or NoSecret with a reason", name)
		case c.NoSecret != "":
		case c.Value == nil || len(c.Secrets) == 0:
			t.Errorf("type %s: a case needs a Value and its Secrets, or NoSecret", name)
		default:
			t.Run(name, func(t *testing.T) { AssertRedacted(t, c.Value, c.Secrets...) })
		}
	}
	known := map[string]bool{}
	for _, n := range ExportedTypes(t, dir) {
		known[n] = true
	}
	for name := range cases {
		if !known[name] {
			t.Errorf("redaction case for %s names no exported type of %s", name, dir)
		}
	}
}
