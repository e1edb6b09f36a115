package errs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"testing"
)

// constCodes reads the string constants declared in errs.go.
func constCodes(t *testing.T) []string {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "errs.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			for _, value := range spec.(*ast.ValueSpec).Values {
				lit, ok := value.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Fatalf("a code constant is not a string literal: %#v", value)
				}
				code, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				codes = append(codes, code)
			}
		}
	}
	return codes
}

var (
	errorCodeUnion = regexp.MustCompile(`export type ErrorCode\s*=([^;]*);`)
	quoted         = regexp.MustCompile(`'([^']*)'`)
)

// tsCodes reads the quoted codes of the app's ErrorCode union.
func tsCodes(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("../../frontend/src/api/errors.ts")
	if err != nil {
		t.Fatal(err)
	}
	union := errorCodeUnion.FindSubmatch(src)
	if union == nil {
		t.Fatal("frontend/src/api/errors.ts declares no ErrorCode type")
	}
	var codes []string
	for _, m := range quoted.FindAllSubmatch(union[1], -1) {
		codes = append(codes, string(m[1]))
	}
	return codes
}

func sorted(list []string) []string {
	list = slices.Clone(list)
	slices.Sort(list)
	return list
}

// Every code constant is in Codes, and Codes holds nothing else.
func TestCodesListsEveryConstant(t *testing.T) {
	if got, want := sorted(Codes), sorted(constCodes(t)); !slices.Equal(got, want) {
		t.Fatalf("Codes = %v, but errs.go declares %v", got, want)
	}
}

// The app decides by the same codes the Go side sends.
func TestTheAppKnowsTheSameCodes(t *testing.T) {
	if got, want := sorted(tsCodes(t)), sorted(Codes); !slices.Equal(got, want) {
		t.Fatalf("ErrorCode in frontend/src/api/errors.ts lists %v, but errs.go has %v", got, want)
	}
}

func TestHintIsApart(t *testing.T) {
	err := New(NotFound, "Nobody called %q is known here.", "Bo").WithHint("List members with: %s", "cairn member list")
	if Message(err) != `Nobody called "Bo" is known here.` || Hint(err) != "List members with: cairn member list" {
		t.Fatalf("message %q, hint %q", Message(err), Hint(err))
	}
	if err.Error() != Message(err) {
		t.Fatalf("Error() = %q, want the message alone", err.Error())
	}
	if Hint(nil) != "" || Hint(os.ErrNotExist) != "" {
		t.Fatal("an error that is not ours has a hint")
	}
}
