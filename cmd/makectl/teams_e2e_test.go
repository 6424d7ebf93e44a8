package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/make-sdk/make-go/maketest"
)

// TestTeamsCommands runs the Teams commands end to end against the fake: a
// team is created, listed, given a variable and a member's role, and deleted;
// the Admin > Teams commands list, create and delete.
func TestTeamsCommands(t *testing.T) {
	fake := newFake(t, adminToken, 0)
	r := makectl(t, "", false, "teams", "create", "--name", "Onboarding", "--organization-id", "1", "-o", "json").ok(t)
	var created struct {
		Team struct {
			ID int64 `json:"id"`
		} `json:"team"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &created); err != nil || created.Team.ID == 0 {
		t.Fatalf("teams create: %v\n%s", err, r.stdout)
	}
	id := fmt.Sprint(created.Team.ID)

	r = makectl(t, "", false, "teams", "list", "--organization-id", "1", "--cols", "id,name", "-o", "csv").ok(t)
	if !strings.Contains(r.stdout, id+",Onboarding\n") {
		t.Errorf("teams list:\n%s", r.stdout)
	}
	reqs := fake.requests()
	if last := reqs[len(reqs)-1]; last.Path != "/teams" || last.Query.Get("organizationId") != "1" || last.Query.Get("pg[limit]") != "10000" {
		t.Errorf("teams list sent %s %v", last.Path, last.Query)
	}

	makectl(t, `{"name":"region","typeId":2,"value":"emea"}`, false, "teams", "create-variable", id, "--body", "-").ok(t)
	r = makectl(t, "", false, "teams", "list-variables", id, "-o", "csv", "--cols", "name,value").ok(t)
	if !strings.Contains(r.stdout, "region,emea\n") {
		t.Errorf("teams list-variables:\n%s", r.stdout)
	}
	makectl(t, "", false, "users", "update-team-role", "3", id, "--users-role-id", fmt.Sprint(maketest.RoleTeamMember), "--yes").ok(t)
	r = makectl(t, "", false, "teams", "list-user-roles", id, "-o", "csv", "--cols", "userId,usersRoleId").ok(t)
	if !strings.Contains(r.stdout, fmt.Sprintf("3,%d\n", maketest.RoleTeamMember)) {
		t.Errorf("teams list-user-roles:\n%s", r.stdout)
	}

	makectl(t, "", false, "teams", "delete", id, "--confirmed", "--yes").ok(t)
	if _, ok := fake.srv.Team(created.Team.ID); ok {
		t.Error("the team is still there")
	}
	if _, ok := fake.srv.TeamMembership(3, created.Team.ID); ok {
		t.Error("the deleted team's role is still there")
	}

	makectl(t, "", false, "admin", "teams", "delete", fmt.Sprint(maketest.SecondTeamID), "--yes").ok(t)
	r = makectl(t, "", false, "admin", "teams", "list", "--organization-id", "1", "-o", "csv", "--cols", "id,deleted").ok(t)
	if !strings.Contains(r.stdout, fmt.Sprintf("%d,true\n", maketest.SecondTeamID)) {
		t.Errorf("admin teams list:\n%s", r.stdout)
	}
	makectl(t, "", false, "admin", "teams", "create", "--name", "Support", "--organization-id", "1", "--user-team-admin", "3").ok(t)
}
