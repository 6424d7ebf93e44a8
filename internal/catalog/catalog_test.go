package catalog

import (
	"bytes"
	"os"
	"testing"
)

// TestEmbeddedIsTestdata keeps openapi.json byte-equal to the module's
// testdata/openapi.json (fix: go generate ./internal/catalog).
func TestEmbeddedIsTestdata(t *testing.T) {
	want, err := os.ReadFile("../../testdata/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(JSON(), want) {
		t.Fatalf("internal/catalog/openapi.json (%d bytes) differs from testdata/openapi.json (%d bytes): both must be copies of the catalogue (go generate ./internal/catalog copies testdata's)", len(JSON()), len(want))
	}
}

func TestParse(t *testing.T) {
	ops, err := Operations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) == 0 {
		t.Fatal("no operations")
	}
	op, ok := Lookup("usersUpdateTeamNotification")
	if !ok {
		t.Fatal("usersUpdateTeamNotification not found")
	}
	var names []string
	for _, p := range op.PathParams() {
		names = append(names, p.Name)
	}
	if got := names; len(got) != 3 || got[0] != "userId" || got[1] != "teamId" || got[2] != "notificationId" {
		t.Errorf("path params %v, want userId teamId notificationId", got)
	}
	if op.Method != "PUT" || op.Path != "/users/{userId}/user-team-notifications/{teamId}/{notificationId}" || op.Tag != "Users" {
		t.Errorf("got %s %s tag %s", op.Method, op.Path, op.Tag)
	}
	if len(op.Body) != 1 || op.Body[0].Name != "enabled" || op.Body[0].Type != "boolean" {
		t.Errorf("body %+v, want enabled boolean", op.Body)
	}
	pw, _ := Lookup("usersUpdatePassword")
	for _, p := range pw.Body {
		if !p.Secret {
			t.Errorf("usersUpdatePassword body %s is not marked secret", p.Name)
		}
	}
	list, _ := Lookup("usersList")
	var cols *Param
	for i, p := range list.QueryParams() {
		if p.Name == "cols[]" {
			cols = &list.QueryParams()[i]
		}
	}
	if cols == nil || cols.Type != "array" || cols.ItemType != "string" {
		t.Errorf("usersList cols[] = %+v, want an array of strings", cols)
	}
	if len(list.Scopes) != 1 || list.Scopes[0] != "user:read" || list.Summary == "" {
		t.Errorf("usersList scopes %v summary %q", list.Scopes, list.Summary)
	}
}
