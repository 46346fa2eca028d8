// Command funclen fails when a function outside tests is longer than the
// house limit of 120 lines (README "Conventions"). Generated files are
// skipped; a function that is table data, not logic, may say so with a
// line "funclen: table data" in its doc comment and is listed instead.
//
//	go run ./.ci/funclen [-max 120] DIR...
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type long struct {
	lines int
	where string
	name  string
	table bool
}

func main() {
	max := flag.Int("max", 120, "longest function allowed, in lines")
	flag.Parse()
	var found []long
	for _, dir := range flag.Args() {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			fl, err := scan(p, *max)
			found = append(found, fl...)
			return err
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "funclen:", err)
			os.Exit(2)
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].lines > found[j].lines })
	bad := 0
	for _, f := range found {
		if f.table {
			fmt.Printf("funclen: %s: %s is %d lines (table data, allowed)\n", f.where, f.name, f.lines)
			continue
		}
		bad++
		fmt.Printf("funclen: %s: %s is %d lines (limit %d)\n", f.where, f.name, f.lines, *max)
	}
	if bad > 0 {
		os.Exit(1)
	}
}

func scan(path string, max int) ([]long, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	if ast.IsGenerated(f) {
		return nil, nil
	}
	var out []long
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		start := fset.Position(fd.Pos())
		n := fset.Position(fd.End()).Line - start.Line + 1
		if n <= max {
			continue
		}
		name := fd.Name.Name
		if fd.Recv != nil && len(fd.Recv.List) == 1 {
			name = recvName(fd.Recv.List[0].Type) + "." + name
		}
		table := fd.Doc != nil && strings.Contains(fd.Doc.Text(), "funclen: table data")
		out = append(out, long{n, fmt.Sprintf("%s:%d", path, start.Line), name, table})
	}
	return out, nil
}

func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return "?"
}
