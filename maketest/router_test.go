package maketest

import (
	"net/http"
	"os"
	"strings"
	"testing"
)

// examplePath fills an operation's path template with 1 for every parameter.
func examplePath(op *operation) string {
	segs := append([]string(nil), op.segs...)
	for i, seg := range segs {
		if isParam(seg) {
			segs[i] = "1"
		}
	}
	return "/" + strings.Join(segs, "/")
}

func TestCatalogueIsTheProjectCatalogue(t *testing.T) {
	shared, err := os.ReadFile("../testdata/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	// testdata/openapi.json may lag behind: every operation it has must be
	// routed here with the same method, path and scopes.
	for id, op := range loadCatalogue(shared) {
		mine := catalogue[id]
		if mine == nil || mine.method != op.method || mine.path != op.path || strings.Join(mine.scopes, " ") != strings.Join(op.scopes, " ") {
			t.Errorf("%s: testdata has %s %s %v, maketest has %+v", id, op.method, op.path, op.scopes, mine)
		}
	}
	if len(catalogue) != 100 {
		t.Errorf("the catalogue has %d operations, want 100", len(catalogue))
	}
}

// Every operation of the catalogue is routed: with its scopes, to its
// handler or to 501, never 404 or 405.
func TestEveryOperationIsRouted(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	s.AddToken("all", AdminUserID, "admin:read", "admin:write", "user:read", "user:write", "organizations:read",
		"organizations:write", "organization:read", "organization-variables:read", "organization-variables:write",
		"teams:read", "teams:write", "team-variables:read", "team-variables:write")
	implemented := 0
	for _, op := range sortedOperations() {
		s.ResetRequests()
		r := doReq(t, s, op.method, examplePath(op), "all", nil)
		got := s.Requests()
		if len(got) != 1 || got[0].OperationID != op.id {
			t.Errorf("%s %s: recorded %+v, want operation %s", op.method, examplePath(op), got, op.id)
		}
		switch {
		case r.status == 404 && r.errCode() == CodeNotFound && strings.Contains(r.body["detail"].(string), "Route"),
			r.status == 405:
			t.Errorf("%s %s (%s): not routed: %d %s", op.method, op.path, op.id, r.status, r.raw)
		case handlers[op.id] == nil:
			expectStatus(t, r, 501, CodeNotImplemented)
			if !strings.Contains(r.body["detail"].(string), op.id) {
				t.Errorf("%s: 501 does not name the operation: %s", op.id, r.raw)
			}
		default:
			implemented++
			if r.status == 501 {
				t.Errorf("%s has a handler but answers 501", op.id)
			}
		}
		if len(op.scopes) > 0 {
			s.AddToken("none", AdminUserID)
			r := doReq(t, s, op.method, examplePath(op), "none", nil)
			expectStatus(t, r, 403, CodeForbidden)
			if !strings.Contains(r.body["detail"].(string), op.scopes[0]) {
				t.Errorf("%s: 403 does not name the scope %s: %s", op.id, op.scopes[0], r.raw)
			}
		}
	}
	ops := Operations()
	n := 0
	for _, ok := range ops {
		if ok {
			n++
		}
	}
	if len(ops) != len(catalogue) || n != implemented || n < 52 {
		t.Errorf("Operations: %d, %d implemented; routed %d implemented", len(ops), n, implemented)
	}
}

// The validator refuses what breaks the catalogue with Make's 400 naming the
// parameter, before any handler runs.
func TestValidatorRefusesWhatBreaksTheCatalogue(t *testing.T) {
	s := New()
	defer s.Close()
	for _, c := range []struct {
		name, method, path string
		body               any
		param              string
	}{
		{"unknown query key", "GET", "/users/me?colz[]=id", nil, "'colz[]'"},
		{"wrong type in the query", "GET", "/users?organizationId=acme", nil, "'organizationId'"},
		{"value outside the enum", "GET", "/users?organizationId=1&tfaStatus=7", nil, "'tfaStatus'"},
		{"wrong boolean", "GET", "/users/me?includeInvitedOrg=maybe", nil, "'includeInvitedOrg'"},
		{"missing required query parameter", "GET", "/users/by-permission?type=organization&organizationId=1", nil, "'permission'"},
		{"missing required body field", "POST", "/organizations/1/variables", map[string]any{"typeId": 2, "value": "x"}, "'name'"},
		{"wrong type in the body", "PATCH", "/users/1", map[string]any{"name": 42}, "'name'"},
		{"wrong path parameter type", "GET", "/organizations/acme", nil, "'organizationId'"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := doReq(t, s, c.method, c.path, DefaultToken, c.body)
			expectStatus(t, r, 400, CodeInvalidParams)
			if r.body["message"] != "Invalid input parameters" || !strings.Contains(r.body["detail"].(string), c.param) {
				t.Errorf("detail does not name %s: %s", c.param, r.raw)
			}
		})
	}
}

func TestHandleRefusesUnknownAndRepeatedOperations(t *testing.T) {
	for name, id := range map[string]string{"unknown": "usersFly", "repeated": "usersGetMe"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: handle(%q) did not panic", name, id)
				}
			}()
			handle(id, func(*call) (any, error) { return nil, nil })
		}()
	}
}

func TestMatchPrefersLiteralSegments(t *testing.T) {
	for path, want := range map[string]string{
		"/users/roles/3":                           "usersGetRole",
		"/users/roles/permissions":                 "usersListRolePermissions",
		"/users/3/user-organization-roles":         "usersListOrganizationRoles",
		"/users/me":                                "usersGetMe",
		"/organizations/invitation":                "organizationsGetInvitation",
		"/organizations/7":                         "organizationsGet",
		"/admin/users/lookup":                      "adminUsersLookup",
		"/organizations/1/variables/a%2Fb/history": "organizationsGetVariableHistory",
	} {
		op := catalogue[want]
		s := New()
		r := doReq(t, s, op.method, path, DefaultToken, nil)
		s.Close()
		if got := s.Requests()[0].OperationID; got != want {
			t.Errorf("%s %s: operation %q, want %q (%d %s)", op.method, path, got, want, r.status, r.raw)
		}
	}
}

func TestCurrentTokenRemovedThenScoped(t *testing.T) {
	s := New(WithAnyToken())
	defer s.Close()
	s.RemoveToken(DefaultToken)
	expectStatus(t, doReq(t, s, "GET", "/users/me", "any-token", nil), 403, CodeForbidden) // no scopes left
	s.SetScopes("organization:read")
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 200, "")
	expectStatus(t, doReq(t, s, "GET", "/users/me", "any-token", nil), 200, "")
}

// Handlers trust the router: what the catalogue says (enums of query
// parameters, required body fields, their types) is refused before the
// operation's handler runs, so no handler checks it again (issue 19, point
// 6). Each request here reaches a handler that answers 418.
func TestRouterRefusesBeforeTheHandler(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	for _, tc := range []struct {
		op, method, path, token string
		body                    any
		field                   string
	}{
		{"usersListRoles", "GET", "/users/roles?category=bogus", DefaultToken, nil, "category"},
		{"usersListRolePermissions", "GET", "/users/roles/permissions?roleCategory=bogus", DefaultToken, nil, "roleCategory"},
		{"adminUsersListAdminRoles", "GET", "/admin/users/admins-roles?category=bogus", AdminToken, nil, "category"},
		{"organizationsSetTfaEnforcement", "PATCH", "/organizations/1/tfa-enforcement", DefaultToken, `{}`, "enable"},
		{"organizationsSetTfaEnforcement", "PATCH", "/organizations/1/tfa-enforcement", DefaultToken, `{"enable":null}`, "enable"},
		{"organizationsSetTfaEnforcement", "PATCH", "/organizations/1/tfa-enforcement", DefaultToken, `{"enable":"yes"}`, "enable"},
		{"usersCreateApiToken", "POST", "/users/me/api-tokens", DefaultToken, `{"scope":["user:read"]}`, "label"},
		{"usersCreateApiToken", "POST", "/users/me/api-tokens", DefaultToken, `{"label":null,"scope":["user:read"]}`, "label"},
		{"usersCreateApiToken", "POST", "/users/me/api-tokens", DefaultToken, `{"label":"ci"}`, "scope"},
		{"organizationsTransferOwnership", "POST", "/organizations/1/user-organization-roles/transfer", AdminToken, `{}`, "userId"},
		{"organizationsTransferOwnership", "POST", "/organizations/1/user-organization-roles/transfer", AdminToken, `{"userId":"3"}`, "userId"},
		{"usersUpdateTeamNotification", "PUT", "/users/1/user-team-notifications/1/1", DefaultToken, `{"enabled":"no"}`, "enabled"},
		{"usersUpdateTeamRole", "POST", "/users/3/user-team-roles/1", DefaultToken, `{"usersRoleId":"x"}`, "usersRoleId"},
		{"usersUpdateEmailPreferences", "PATCH", "/mailhub/users/1/preferences", DefaultToken, `{"id":1,"enabled":true}`, "id"},
	} {
		t.Run(tc.op+" "+tc.field, func(t *testing.T) {
			op := catalogue[tc.op]
			if op == nil || op.method != tc.method {
				t.Fatalf("%s is not a %s operation of the catalogue", tc.op, tc.method)
			}
			if got, _ := match(mustRequest(t, tc.method, tc.path), strings.SplitN(tc.path, "?", 2)[0]); got != op {
				t.Fatalf("%s %s is not routed to %s", tc.method, tc.path, tc.op)
			}
			s.mu.Lock() // the server reads handlers under it
			h := handlers[tc.op]
			handlers[tc.op] = func(*call) (any, error) {
				return nil, newError(http.StatusTeapot, "HANDLER", "the handler of "+tc.op+" ran", "")
			}
			s.mu.Unlock()
			defer func() {
				s.mu.Lock()
				handlers[tc.op] = h
				s.mu.Unlock()
			}()
			r := doReq(t, s, tc.method, tc.path, tc.token, tc.body)
			expectStatus(t, r, 400, CodeInvalidParams)
			if detail, _ := r.body["detail"].(string); !strings.Contains(detail, "'"+tc.field+"'") {
				t.Fatalf("the detail does not name %s: %s", tc.field, r.raw)
			}
		})
	}
}

func mustRequest(t *testing.T, method, path string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, "http://maketest"+APIPrefix+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
