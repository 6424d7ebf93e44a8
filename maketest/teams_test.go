package maketest

import (
	"fmt"
	"testing"
)

// TestTeamsResponsesMatchSchemas calls every Teams and Admin > Teams
// operation successfully and validates the answers against openapi.json.
func TestTeamsResponsesMatchSchemas(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	s.SetVariable(DefaultOrganizationID, "unused", 1) // organization 1 has custom variables
	checkOps(t, s, DefaultToken, []schemaOp{
		{"GET", "/teams?organizationId=1", "/teams", nil},
		{"GET", "/teams?organizationId=1&cols[]=id&cols[]=operations&cols[]=transferLimit&cols[]=centicredits&pg[limit]=1&pg[sortBy]=id&includePrivateSpaces=true", "/teams", nil},
		{"GET", "/teams/1", "/teams/{teamId}", nil},
		{"GET", "/teams/1?cols[]=id&cols[]=name&cols[]=operations&cols[]=transfer&cols[]=consumedTransfer&cols[]=consumedCenticredits&cols[]=type&cols[]=isPaused", "/teams/{teamId}", nil},
		{"POST", "/teams/1/variables", "/teams/{teamId}/variables", map[string]any{"name": "region", "typeId": 2, "value": "emea"}},
		{"GET", "/teams/1/variables", "/teams/{teamId}/variables", nil},
		{"PATCH", "/teams/1/variables/region", "/teams/{teamId}/variables/{variableName}", map[string]any{"typeId": 2, "value": "apac"}},
		{"GET", "/teams/1/variables/region/history", "/teams/{teamId}/variables/{variableName}/history", nil},
		{"DELETE", "/teams/1/variables/region?confirmed=true", "/teams/{teamId}/variables/{variableName}", nil},
		{"GET", "/teams/1/usage?organizationTimezone=true", "/teams/{teamId}/usage", nil},
		{"GET", "/teams/1/user-team-roles?cols[]=userId&cols[]=usersRoleId&pg[limit]=2&pg[offset]=1", "/teams/{teamId}/user-team-roles", nil},
		{"GET", "/teams/1/user-team-roles/3", "/teams/{teamId}/user-team-roles/{userId}", nil},
		{"POST", "/teams", "/teams", map[string]any{"name": "Onboarding", "organizationId": 1, "operationsLimit": 500, "transferLimit": 1 << 20}},
		{"DELETE", "/teams/2?confirmed=true", "/teams/{teamId}", nil},
	})
	checkOps(t, s, AdminToken, []schemaOp{
		{"POST", "/admin/teams", "/admin/teams", map[string]any{"name": "Support", "organizationId": 1, "userTeamAdmin": 3}},
		{"POST", "/admin/teams", "/admin/teams", map[string]any{"name": "Support 2", "organizationId": 1}},
		{"DELETE", "/admin/teams/3", "/admin/teams/{teamId}", nil},
		{"GET", "/admin/teams", "/admin/teams", nil},
		{"GET", "/admin/teams?organizationId=1&pg[sortBy]=name&pg[sortDir]=desc&pg[limit]=2", "/admin/teams", nil},
	})
}

// TestTeamsState: a created team is in GET /teams and in the organization's
// teams and can be given roles; a deleted team takes its roles and variables
// with it; the Admin API's deletion keeps it listed as deleted.
func TestTeamsState(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()

	r := doReq(t, s, "POST", "/teams", DefaultToken, map[string]any{"name": "Onboarding", "organizationId": 1})
	expectStatus(t, r, 200, "")
	team := r.body["team"].(map[string]any)
	id := int64(team["id"].(float64))
	if role := r.body["userTeamRole"].(map[string]any); role["userId"] != float64(DefaultUserID) || role["usersRoleId"] != float64(RoleTeamAdmin) {
		t.Errorf("the creator's role: %v", role)
	}
	listed := func(tok, path, key string) bool {
		r := doReq(t, s, "GET", path, tok, nil)
		expectStatus(t, r, 200, "")
		var items []any
		switch v := r.body[key].(type) {
		case []any:
			items = v
		case map[string]any:
			items, _ = v["teams"].([]any)
		}
		for _, it := range items {
			if it.(map[string]any)["id"] == float64(id) {
				return true
			}
		}
		return false
	}
	if !listed(DefaultToken, "/teams?organizationId=1", "teams") {
		t.Error("the new team is not in GET /teams")
	}
	if !listed(DefaultToken, "/organizations/1", "organization") {
		t.Error("the new team is not in the organization's teams")
	}

	path := fmt.Sprintf("/users/3/user-team-roles/%d", id)
	expectStatus(t, doReq(t, s, "POST", path, DefaultToken, map[string]any{"usersRoleId": RoleTeamOperator}), 200, "")
	r = doReq(t, s, "GET", fmt.Sprintf("/teams/%d/user-team-roles/3", id), DefaultToken, nil)
	expectStatus(t, r, 200, "")
	if got := r.body["userTeamRole"].(map[string]any)["usersRoleId"]; got != float64(RoleTeamOperator) {
		t.Errorf("Bob's role in the new team: %v", got)
	}
	expectStatus(t, doReq(t, s, "POST", fmt.Sprintf("/teams/%d/variables", id), DefaultToken,
		map[string]any{"name": "region", "typeId": 2, "value": "emea"}), 200, "")

	// Deleting asks for confirmation, then takes roles and variables along.
	expectStatus(t, doReq(t, s, "DELETE", fmt.Sprintf("/teams/%d", id), DefaultToken, nil), 406, CodeConfirmationRequired)
	expectStatus(t, doReq(t, s, "DELETE", fmt.Sprintf("/teams/%d?confirmed=true", id), DefaultToken, nil), 200, "")
	if listed(DefaultToken, "/teams?organizationId=1", "teams") || listed(DefaultToken, "/organizations/1", "organization") {
		t.Error("the deleted team is still listed")
	}
	if _, ok := s.TeamMembership(3, id); ok {
		t.Error("Bob keeps a role in the deleted team")
	}
	s.mu.Lock()
	vars := s.st.teamVars[id]
	s.mu.Unlock()
	if vars != nil {
		t.Errorf("the deleted team's variables remain: %v", vars)
	}
	expectStatus(t, doReq(t, s, "GET", fmt.Sprintf("/teams/%d", id), DefaultToken, nil), 404, CodeNotFound)
	r = doReq(t, s, "POST", path, DefaultToken, map[string]any{"usersRoleId": RoleTeamMember})
	expectStatus(t, r, 404, CodeNotFound)

	// The Admin API deletes softly: GET /admin/teams lists the team as deleted.
	if _, ok := s.TeamMembership(4, SecondTeamID); !ok {
		t.Fatal("Carol is not in team 2")
	}
	expectStatus(t, doReq(t, s, "DELETE", fmt.Sprintf("/admin/teams/%d", SecondTeamID), AdminToken, nil), 200, "")
	if _, ok := s.TeamMembership(4, SecondTeamID); ok {
		t.Error("Carol keeps a role in the deleted team")
	}
	r = doReq(t, s, "GET", "/admin/teams?organizationId=1", AdminToken, nil)
	deleted := map[float64]bool{}
	for _, it := range r.body["teams"].([]any) {
		m := it.(map[string]any)
		deleted[m["id"].(float64)] = m["deleted"].(bool)
	}
	if d, ok := deleted[float64(SecondTeamID)]; !ok || !d {
		t.Errorf("GET /admin/teams: team 2 deleted=%v listed=%v; %s", d, ok, r.raw)
	}
	if deleted[float64(DefaultTeamID)] {
		t.Error("team 1 is listed as deleted")
	}
	if team, ok := s.Team(SecondTeamID); !ok || !team.Deleted {
		t.Errorf("Team(%d) after the admin deletion: %+v %v", SecondTeamID, team, ok)
	}
	if _, ok := s.Team(id); ok {
		t.Error("Team finds the team deleted through DELETE /teams/{teamId}")
	}
	expectStatus(t, doReq(t, s, "GET", fmt.Sprintf("/teams/%d", SecondTeamID), AdminToken, nil), 404, CodeNotFound)
	expectStatus(t, doReq(t, s, "DELETE", fmt.Sprintf("/admin/teams/%d", SecondTeamID), AdminToken, nil), 404, CodeNotFound)
}

// TestTeamsRules: the business rules the team handlers check beyond the
// catalogue.
func TestTeamsRules(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	bob := "bob-token"
	s.AddToken(bob, 3, DefaultScopes()...)
	for _, c := range []struct {
		method, path, tok string
		body              any
		status            int
		code              string
	}{
		{"GET", "/teams?organizationId=99", DefaultToken, nil, 404, CodeNotFound},
		{"GET", "/teams?organizationId=2", DefaultToken, nil, 403, CodeForbidden}, // Jane's invitation is pending
		{"GET", "/teams", DefaultToken, nil, 400, CodeInvalidParams},              // organizationId is required
		{"GET", "/teams/99", DefaultToken, nil, 404, CodeNotFound},
		{"GET", "/teams/2", bob, nil, 403, CodeForbidden}, // Bob is not in Acme Ops
		{"POST", "/teams", bob, map[string]any{"name": "Mine", "organizationId": 1}, 403, CodeForbidden},
		{"POST", "/teams", DefaultToken, map[string]any{"name": " padded", "organizationId": 1}, 400, CodeInvalidParams},
		{"POST", "/teams", DefaultToken, map[string]any{"name": "x", "organizationId": 1, "operationsLimit": -1}, 400, CodeInvalidParams},
		{"POST", "/teams", DefaultToken, map[string]any{"name": "x", "organizationId": 99}, 404, CodeNotFound},
		{"POST", "/teams", AdminToken, map[string]any{"name": "Second", "organizationId": 2}, 400, CodeInvalidParams}, // Globex's license: one team
		{"DELETE", "/teams/1?confirmed=true", bob, nil, 403, CodeForbidden},
		{"POST", "/teams/1/variables", bob, map[string]any{"name": "x", "typeId": 1, "value": 1}, 403, CodeForbidden},
		{"POST", "/teams/3/variables", AdminToken, map[string]any{"name": "x", "typeId": 1, "value": 1}, 404, CodeNotFound}, // Globex has no custom variables
		{"POST", "/teams/1/variables", DefaultToken, map[string]any{"name": "teamId", "typeId": 1, "value": 1}, 400, CodeInvalidParams},
		{"POST", "/teams/1/variables", DefaultToken, map[string]any{"name": "x", "typeId": 3, "value": "yes"}, 400, CodeInvalidParams},
		{"PATCH", "/teams/1/variables/teamName", DefaultToken, map[string]any{"typeId": 2, "value": "x"}, 400, CodeInvalidParams},
		{"DELETE", "/teams/1/variables/nope?confirmed=true", DefaultToken, nil, 404, CodeNotFound},
		{"GET", "/teams/1/user-team-roles/5", DefaultToken, nil, 404, CodeNotFound}, // Dave is in no team
		{"GET", "/teams/1/user-team-roles/abc", DefaultToken, nil, 400, CodeInvalidParams},
		{"GET", "/teams/1/user-team-roles?cols[]=password", DefaultToken, nil, 400, CodeInvalidParams},
		{"GET", "/admin/teams", DefaultToken, nil, 403, CodeForbidden},
		{"GET", "/admin/teams?pg[sortBy]=id", AdminToken, nil, 400, CodeInvalidParams},
		{"POST", "/admin/teams", AdminToken, map[string]any{"name": "x", "organizationId": 1, "userTeamAdmin": 99}, 404, CodeNotFound},
		{"POST", "/admin/teams", AdminToken, map[string]any{"name": "x", "organizationId": 2, "userTeamAdmin": 3}, 400, CodeInvalidParams}, // Bob is not in Globex
		{"DELETE", "/admin/teams/99", AdminToken, nil, 404, CodeNotFound},
	} {
		r := doReq(t, s, c.method, c.path, c.tok, c.body)
		if r.status != c.status || r.errCode() != c.code {
			t.Errorf("%s %s: %d %s, want %d %s", c.method, c.path, r.status, r.raw, c.status, c.code)
		}
	}
}

// TestTeamVariables: SetTeamVariable and TeamVariable arrange and read what
// the API serves; without custom variables in the organization's license,
// every team-variable call but the list is a 404 and the list shows only the
// system variables.
func TestTeamVariables(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	s.SetTeamVariable(DefaultTeamID, "region", "emea")
	r := doReq(t, s, "GET", "/teams/1/variables", DefaultToken, nil)
	expectStatus(t, r, 200, "")
	if got := fmt.Sprint(r.body["teamVariables"]); got != "[map[isSystem:true name:teamId typeId:1 value:1] map[isSystem:true name:teamName typeId:2 value:Acme Team] map[isSystem:false name:region typeId:2 value:emea]]" {
		t.Errorf("teamVariables: %s", got)
	}
	expectStatus(t, doReq(t, s, "PATCH", "/teams/1/variables/region", DefaultToken, map[string]any{"value": "apac"}), 200, "")
	if v, ok := s.TeamVariable(DefaultTeamID, "region"); !ok || v != "apac" {
		t.Errorf("TeamVariable: %v %v", v, ok)
	}
	if _, ok := s.Variable(DefaultOrganizationID, "region"); ok {
		t.Error("the team variable is an organization variable too")
	}

	s.UpdateOrganization(DefaultOrganizationID, func(o *Organization) { o.License.CustomVariables = false })
	r = doReq(t, s, "GET", "/teams/1/variables", DefaultToken, nil)
	expectStatus(t, r, 200, "")
	if n := len(r.body["teamVariables"].([]any)); n != 2 {
		t.Errorf("without custom variables the list has %d variables, want the 2 system ones", n)
	}
	for _, c := range []struct{ method, path string }{
		{"POST", "/teams/1/variables"}, {"PATCH", "/teams/1/variables/region"},
		{"DELETE", "/teams/1/variables/region?confirmed=true"}, {"GET", "/teams/1/variables/region/history"},
	} {
		var body any
		switch c.method {
		case "POST":
			body = map[string]any{"name": "x", "typeId": 1, "value": 1}
		case "PATCH":
			body = map[string]any{"value": "x"}
		}
		expectStatus(t, doReq(t, s, c.method, c.path, DefaultToken, body), 404, CodeNotFound)
	}
}

// TestSeedTeams: a Seed's teams and team variables, a deleted team among
// them, are loaded into the store.
func TestSeedTeams(t *testing.T) {
	s := New()
	defer s.Close()
	err := s.Load(Seed{
		Teams: []Team{{ID: 7, OrganizationID: DefaultOrganizationID, Name: "Seeded", ExternalID: "ext-7"},
			{ID: 8, OrganizationID: DefaultOrganizationID, Name: "Gone", Deleted: true}},
		Variables: []SeedVariable{{TeamID: 7, Name: "region", Value: "emea"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := s.TeamVariable(7, "region"); !ok || v != "emea" {
		t.Errorf("TeamVariable: %v %v", v, ok)
	}
	s.SetAdmin(true)
	r := doReq(t, s, "GET", "/admin/teams?externalId=ext-7", DefaultToken, nil)
	expectStatus(t, r, 200, "")
	if teams := r.body["teams"].([]any); len(teams) != 1 || teams[0].(map[string]any)["name"] != "Seeded" {
		t.Errorf("by externalId: %s", r.raw)
	}
	expectStatus(t, doReq(t, s, "GET", "/teams/8", DefaultToken, nil), 404, CodeNotFound)
	if err := s.Load(Seed{Variables: []SeedVariable{{TeamID: 8, Name: "x", Value: 1.0}}}); err == nil {
		t.Error("a variable of a deleted team was loaded")
	}
}
