package roles

import (
	"strings"
	"testing"

	"github.com/cairn-community/cairn/backend/errs"
)

func TestPermissions(t *testing.T) {
	got, err := ParsePermissions("contribute, Coordinate,contribute,,validate")
	if err != nil || len(got) != 3 || got[0] != Coordinate || got[1] != Validate || got[2] != Contribute {
		t.Fatalf("got %v %v", got, err)
	}
	if _, err := ParsePermissions("coordinate,rule"); errs.Field(err) != "can" {
		t.Fatalf("bad permission: %v", err)
	}
}

func TestRolesAndTheLastCoordinator(t *testing.T) {
	if err := CheckRole(Role{Name: "Editor", Who: "Two members", When: "Weekly", How: "In pairs"}); err != nil {
		t.Fatal(err)
	}
	if errs.Field(CheckRole(Role{Name: " "})) != "name" || errs.Field(CheckRole(Role{Name: "x", How: strings.Repeat("h", MaxTextBytes+1)})) != "how" {
		t.Fatal("role rules")
	}
	if err := CheckCoordinatorsRemain([]string{"ana"}, "ana"); errs.Code(err) != errs.Conflict {
		t.Fatalf("the last coordinator went: %v", err)
	}
	if err := CheckCoordinatorsRemain([]string{"ana", "bo"}, "ana"); err != nil {
		t.Fatal(err)
	}
	if err := CheckCoordinatorsRemain([]string{"ana"}, "bo"); err != nil {
		t.Fatal(err)
	}
}
