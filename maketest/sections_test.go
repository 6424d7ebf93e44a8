package maketest

import (
	"strings"
	"testing"
)

// sectionOps are the operations of the Users sub-sections, Organizations >
// User organization roles and Enums, with a request that succeeds on the
// default fixtures as Jane (DefaultToken: Admin of organization 1, Team Admin
// of team 1), in an order that keeps each one valid (catalogue path for the
// schema check).
var sectionOps = []schemaOp{
	{"GET", "/users/roles?category=organization&organizationId=1&excludeRole[]=11", "/users/roles", nil},
	{"GET", "/users/roles/42", "/users/roles/{roleId}", nil},
	{"GET", "/users/roles/permissions?roleCategory=team", "/users/roles/permissions", nil},
	{"GET", "/users/3/user-team-roles", "/users/{userId}/user-team-roles", nil},
	{"GET", "/users/3/user-team-roles/1", "/users/{userId}/user-team-roles/{teamId}", nil},
	{"POST", "/users/3/user-team-roles/1", "/users/{userId}/user-team-roles/{teamId}", map[string]any{"usersRoleId": RoleTeamOperator}},
	{"GET", "/users/1/user-team-notifications/1", "/users/{userId}/user-team-notifications/{teamId}", nil},
	{"GET", "/users/1/user-team-notifications/1/2", "/users/{userId}/user-team-notifications/{teamId}/{notificationId}", nil},
	{"PUT", "/users/1/user-team-notifications/1/2", "/users/{userId}/user-team-notifications/{teamId}/{notificationId}", map[string]any{"enabled": false}},
	{"GET", "/users/3/user-organization-roles?cols[]=userId&cols[]=usersRoleId&cols[]=joinedTeamsCount", "/users/{userId}/user-organization-roles", nil},
	{"GET", "/users/3/user-organization-roles/1", "/users/{userId}/user-organization-roles/{organizationId}", nil},
	{"POST", "/users/3/user-organization-roles/1", "/users/{userId}/user-organization-roles/{organizationId}", map[string]any{"usersRoleId": RoleAccountant}},
	{"GET", "/users/unread-notifications", "/users/unread-notifications", nil},
	{"GET", "/mailhub/users/1/preferences", "/mailhub/users/{userId}/preferences", nil},
	{"PATCH", "/mailhub/users/1/preferences", "/mailhub/users/{userId}/preferences", map[string]any{"id": "promotions", "enabled": false}},
	{"GET", "/mailhub/users/1/organizations/1/teams/1/preferences", "/mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/preferences", nil},
	{"PATCH", "/mailhub/users/1/organizations/1/teams/1/preferences", "/mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/preferences", map[string]any{"id": "use_cases", "enabled": false}},
	{"PATCH", "/mailhub/users/1/organizations/1/teams/1/native-preferences", "/mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/native-preferences", map[string]any{"id": "1700000000001", "enabled": true}},
	{"GET", "/organizations/1/user-organization-roles", "/organizations/{organizationId}/user-organization-roles", nil},
	{"GET", "/organizations/1/user-organization-roles/3?cols[]=organizationTeamsCount", "/organizations/{organizationId}/user-organization-roles/{userId}", nil},
	{"GET", "/users/me/api-tokens", "/users/me/api-tokens", nil},
	{"POST", "/users/me/api-tokens", "/users/me/api-tokens", map[string]any{"label": "ci", "scope": []string{"user:read"}}},
	{"GET", "/enums/countries", "/enums/countries", nil},
	{"GET", "/enums/timezones", "/enums/timezones", nil},
	{"GET", "/enums/locales", "/enums/locales", nil},
	{"GET", "/enums/languages?localized=true", "/enums/languages", nil},
	{"GET", "/enums/imt-regions", "/enums/imt-regions", nil},
	{"GET", "/enums/imt-zones", "/enums/imt-zones", nil},
	{"GET", "/enums/user-api-token-scopes", "/enums/user-api-token-scopes", nil},
	{"GET", "/enums/user-email-notifications?language=en", "/enums/user-email-notifications", nil},
}

// TestSectionResponsesMatchSchemas calls every operation of sectionOps, the
// token deletion and the two ownership transfers successfully and validates
// the answers against openapi.json.
func TestSectionResponsesMatchSchemas(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	checkOps(t, s, DefaultToken, sectionOps)
	created := doReq(t, s, "GET", "/users/me/api-tokens", DefaultToken, nil).body["apiTokens"].([]any)[0].(map[string]any)["created"].(string)
	r := doReq(t, s, "DELETE", "/users/me/api-tokens/"+created, DefaultToken, nil)
	expectStatus(t, r, 200, "")
	checkSchema(t, "DELETE", "/users/me/api-tokens/{timestamp}", r)

	// Adam owns organization 1: he hands it to Jane, who hands it back.
	r = doReq(t, s, "POST", "/organizations/1/user-organization-roles/transfer", AdminToken, map[string]any{"userId": DefaultUserID})
	expectStatus(t, r, 200, "")
	checkSchema(t, "POST", "/organizations/{organizationId}/user-organization-roles/transfer", r)
	r = doReq(t, s, "POST", "/users/2/user-organization-roles/1/transfer", DefaultToken, nil)
	expectStatus(t, r, 200, "")
	checkSchema(t, "POST", "/users/{userId}/user-organization-roles/{organizationId}/transfer", r)
	if m, _ := s.Membership(AdminUserID, DefaultOrganizationID); m.RoleID != RoleOwner {
		t.Errorf("after the transfers back, Adam's role is %d", m.RoleID)
	}

	// Removal from the organization: an empty body.
	r = doReq(t, s, "POST", "/users/3/user-organization-roles/1?deleteConnections=true", DefaultToken, map[string]any{})
	expectStatus(t, r, 406, CodeConfirmationRequired)
	r = doReq(t, s, "POST", "/users/3/user-organization-roles/1?deleteConnections=true&confirmed=true", DefaultToken, map[string]any{})
	expectStatus(t, r, 200, "")
	checkSchema(t, "POST", "/users/{userId}/user-organization-roles/{organizationId}", r)
	if _, ok := s.Membership(3, DefaultOrganizationID); ok {
		t.Error("user 3 is still a member after the removal")
	}
}

// TestSectionRules: the business rules the handlers check beyond the
// catalogue.
func TestSectionRules(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	for _, c := range []struct {
		method, path, tok string
		body              any
		status            int
		code              string
	}{
		{"GET", "/users/roles/999", DefaultToken, nil, 404, CodeNotFound},
		{"GET", "/users/roles?organizationId=1&teamId=1", DefaultToken, nil, 400, CodeInvalidParams},
		{"GET", "/users/5/user-team-roles/1", DefaultToken, nil, 404, CodeNotFound},                                             // Dave is in no team
		{"POST", "/users/3/user-team-roles/1", DefaultToken, map[string]any{"usersRoleId": RoleMember}, 400, CodeInvalidParams}, // an organization role
		{"POST", "/users/3/user-team-roles/3", DefaultToken, map[string]any{"usersRoleId": RoleTeamMember}, 403, CodeForbidden}, // Globex's team
		{"POST", "/users/3/user-organization-roles/1", DefaultToken, map[string]any{"usersRoleId": RoleOwner}, 400, CodeInvalidParams},
		{"POST", "/users/2/user-organization-roles/1", DefaultToken, map[string]any{"usersRoleId": RoleMember}, 400, ""}, // the owner
		{"POST", "/users/3/user-organization-roles/1/transfer", DefaultToken, nil, 403, CodeForbidden},                   // Jane is not the owner
		{"PUT", "/users/3/user-team-notifications/1/1", DefaultToken, map[string]any{"enabled": false}, 403, CodeForbidden},
		{"GET", "/users/1/user-team-notifications/1/99", DefaultToken, nil, 404, CodeNotFound},
		{"GET", "/mailhub/users/3/preferences", DefaultToken, nil, 403, CodeForbidden},
		{"GET", "/mailhub/users/1/organizations/2/teams/1/preferences", DefaultToken, nil, 404, CodeNotFound},
		{"PATCH", "/mailhub/users/1/preferences", DefaultToken, map[string]any{"id": "nope", "enabled": true}, 400, CodeInvalidParams},
		{"POST", "/users/me/api-tokens", DefaultToken, map[string]any{"label": "x", "scope": []string{"scenarios:nope"}}, 400, CodeInvalidParams},
		{"DELETE", "/users/me/api-tokens/2019-11-05T09:22:31.249Z", DefaultToken, nil, 404, CodeNotFound},
		{"GET", "/enums/user-email-notifications?language=de", DefaultToken, nil, 400, CodeInvalidParams},
	} {
		r := doReq(t, s, c.method, c.path, c.tok, c.body)
		if c.code == "" {
			if r.status != c.status {
				t.Errorf("%s %s: %d %s, want %d", c.method, c.path, r.status, r.raw, c.status)
			}
			continue
		}
		if r.status != c.status || r.errCode() != c.code {
			t.Errorf("%s %s: %d %s, want %d %s", c.method, c.path, r.status, r.raw, c.status, c.code)
		}
	}
}

// TestEveryOperationImplemented: with the sections, the fake serves every
// operation of the catalogue.
func TestEveryOperationImplemented(t *testing.T) {
	var missing []string
	for id, ok := range Operations() {
		if !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		t.Errorf("operations without a handler: %s", strings.Join(missing, ", "))
	}
}

// schemaOp is a request that succeeds, and the catalogue path its answer is
// checked against.
type schemaOp struct {
	method, path, specPath string
	body                   any
}

// checkOps sends each of ops with token, expects 200 and validates the answer
// against the operation's schema in openapi.json.
func checkOps(t *testing.T, s *Server, token string, ops []schemaOp) {
	t.Helper()
	for _, op := range ops {
		r := doReq(t, s, op.method, op.path, token, op.body)
		expectStatus(t, r, 200, "")
		checkSchema(t, op.method, op.specPath, r)
	}
}
