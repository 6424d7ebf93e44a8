package maketest

import (
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// The Users operations (users.go, users_me.go).

// userIDs returns the ids of the "users" array of a body.
func userIDs(t *testing.T, body map[string]any) []int64 {
	t.Helper()
	list, ok := body["users"].([]any)
	if !ok {
		t.Fatalf("no users array in %v", body)
	}
	out := []int64{}
	for _, u := range list {
		out = append(out, int64(u.(map[string]any)["id"].(float64)))
	}
	return out
}

func eqIDs(t *testing.T, got []int64, want ...int64) {
	t.Helper()
	if len(want) == 0 {
		want = []int64{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ids = %v, want %v", got, want)
	}
}

// TestUsersResponsesMatchSchemas calls every Users operation successfully and
// validates the answers against openapi.json.
func TestUsersResponsesMatchSchemas(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	type tc struct {
		method, path, specPath, tok string
		body                        any
	}
	cases := []tc{
		{"GET", "/users?organizationId=1&cols[]=id&cols[]=name&cols[]=email&cols[]=language&cols[]=timezoneId&cols[]=localeId&cols[]=countryId&cols[]=features&cols[]=avatar&cols[]=lastLogin&cols[]=tfaStatus&cols[]=userTeamIds", "/users", DefaultToken, nil},
		{"GET", "/users?teamId=1", "/users", DefaultToken, nil},
		{"PATCH", "/users/1", "/users/{userId}", DefaultToken, map[string]any{"name": "Jane Q. Doe", "countryId": 2}},
		{"PUT", "/users/1/attributes/email", "/users/{userId}/attributes/email", DefaultToken,
			map[string]any{"currentEmailAddress": "jane@example.com", "newEmailAddress": "jane.doe@example.com", "currentPassword": DefaultPassword}},
		{"PUT", "/users/1/attributes/password", "/users/{userId}/attributes/password", DefaultToken,
			map[string]any{"currentPassword": DefaultPassword, "newPassword1": "New-Passw0rd!", "newPassword2": "New-Passw0rd!"}},
		{"POST", "/users/password-reset-demand", "/users/password-reset-demand", DefaultToken, map[string]any{"email": "bob@example.com"}},
		{"GET", "/users/by-permission?type=organization&organizationId=1&permission=organization%20users%20view", "/users/by-permission", DefaultToken, nil},
		{"GET", "/users/by-permission?type=company&teamId=1&permission=scenarios%20run", "/users/by-permission", DefaultToken, nil},
		{"GET", "/users/me", "/users/me", DefaultToken, nil},
		{"GET", "/users/me?includeInvitedOrg=true&" + colsQuery(userMeCols), "/users/me", DefaultToken, nil},
		{"GET", "/users/me/current-authorization", "/users/me/current-authorization", DefaultToken, nil},
		{"GET", "/users/me/organization-invitations", "/users/me/organization-invitations", DefaultToken, nil},
	}
	for _, c := range cases {
		r := doReq(t, s, c.method, c.path, c.tok, c.body)
		expectStatus(t, r, 200, "")
		checkSchema(t, c.method, c.specPath, r)
	}
	// The reset flow and DELETE /users last (they change credentials).
	hash := s.ResetHash("bob@example.com")
	r := doReq(t, s, "GET", "/users/password-reset?hash="+hash, DefaultToken, nil)
	expectStatus(t, r, 200, "")
	checkSchema(t, "GET", "/users/password-reset", r)
	r = doReq(t, s, "POST", "/users/password-reset", DefaultToken, map[string]any{"newPassword1": "Aa123456.", "newPassword2": "Aa123456."})
	expectStatus(t, r, 200, "")
	checkSchema(t, "POST", "/users/password-reset", r)
	r = doReq(t, s, "DELETE", "/users", DefaultToken, map[string]any{"currentPassword": "New-Passw0rd!"})
	expectStatus(t, r, 200, "")
	checkSchema(t, "DELETE", "/users", r)
	// An error body matches the Error schema.
	r = doReq(t, s, "GET", "/users", AdminToken, nil)
	expectStatus(t, r, 400, CodeInvalidParams)
	checkSchema(t, "GET", "/users", r)
}

func colsQuery(cols []string) string {
	q := url.Values{"cols[]": cols}
	return q.Encode()
}

func TestListUsersValidation(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	cases := map[string]string{
		"":                                         "teamId",
		"?teamId=1&organizationId=1":               "organizationId",
		"?teamId=x":                                "teamId",
		"?organizationId=1&teamRoleId=1":           "teamRoleId",
		"?teamId=1&organizationRoleId=12":          "organizationRoleId",
		"?teamId=1&filterByTeamId=0":               "filterByTeamId",
		"?teamId=1&cols[]=userTeamIds":             "userTeamIds",
		"?teamId=1&cols[]=password":                "cols[]",
		"?teamId=1&tfaStatus=3":                    "tfaStatus",
		"?teamId=1&ids[]=a":                        "ids[]",
		"?organizationId=1&filterByTeamId=3":       "",
		"?organizationId=99":                       "",
		"?teamId=99":                               "",
		"?organizationId=2":                        "",
		"?organizationId=1&pg[sortBy]=lastLogin":   "pg[sortBy]",
		"?organizationId=1&pg[sortDir]=ascending":  "pg[sortDir]",
		"?organizationId=1&pg[offset]=1.5":         "pg[offset]",
		"?organizationId=1&organizationRoleId=abc": "organizationRoleId",
	}
	for q, param := range cases {
		r := doReq(t, s, "GET", "/users"+q, DefaultToken, nil)
		switch q {
		case "?organizationId=1&filterByTeamId=3", "?organizationId=99", "?teamId=99":
			expectStatus(t, r, 404, CodeNotFound)
		case "?organizationId=2": // Jane is only invited there
			expectStatus(t, r, 403, CodeForbidden)
		default:
			expectStatus(t, r, 400, CodeInvalidParams)
			if !strings.Contains(r.body["detail"].(string), param) {
				t.Errorf("%q: detail does not name %s: %s", q, param, r.raw)
			}
		}
	}
	// The White Label admin sees any organization; Jane can list team 2 as org Admin.
	expectStatus(t, doReq(t, s, "GET", "/users?organizationId=2", AdminToken, nil), 200, "")
	expectStatus(t, doReq(t, s, "GET", "/users?teamId=2", DefaultToken, nil), 200, "")
	s.AddToken("bob", 3, DefaultScopes()...)
	expectStatus(t, doReq(t, s, "GET", "/users?teamId=2", "bob", nil), 403, CodeForbidden)
}

func TestListUsersFilters(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	get := func(q string) []int64 {
		t.Helper()
		r := doReq(t, s, "GET", "/users?"+q, DefaultToken, nil)
		expectStatus(t, r, 200, "")
		return userIDs(t, r.body)
	}
	eqIDs(t, get("organizationId=1"), 5, 4, 3, 2, 1)
	eqIDs(t, get("teamId=1"), 4, 3, 2, 1)
	eqIDs(t, get("teamId=2"), 4, 2)
	eqIDs(t, get("teamId=1&teamRoleId=1"), 2, 1)
	eqIDs(t, get("organizationId=1&organizationRoleId=13"), 4, 3)
	eqIDs(t, get("organizationId=1&filterByTeamId=0"), 5)
	eqIDs(t, get("organizationId=1&filterByTeamId=2"), 4, 2)
	eqIDs(t, get("organizationId=1&tfaStatus=0"), 3, 1)
	eqIDs(t, get("organizationId=1&tfaStatus=1"), 4, 2)
	eqIDs(t, get("organizationId=1&tfaStatus=2"), 5)
	eqIDs(t, get("organizationId=1&name=DOE"), 1)
	eqIDs(t, get("organizationId=1&email=carol@"), 4)
	eqIDs(t, get("organizationId=1&ids[]=1&ids[]=3&ids[]=77"), 3, 1)
	eqIDs(t, get("organizationId=1&ids[]=5"), 5)
	eqIDs(t, get("organizationId=1&pg[sortBy]=name&pg[sortDir]=asc"), 2, 3, 4, 5, 1)
	eqIDs(t, get("organizationId=1&name=zzz"))

	// cols[] keeps the order (numbered form too) and userTeamIds needs organizationId.
	r := doReq(t, s, "GET", "/users?organizationId=1&ids[]=4&cols[2]=userTeamIds&cols[1]=email", DefaultToken, nil)
	if want := `{"users":[{"email":"carol@example.com","userTeamIds":[1,2]}],"pg":{"sortBy":"id","sortDir":"desc","limit":10,"offset":0}}`; string(r.raw) != want {
		t.Fatalf("cols: %s\nwant %s", r.raw, want)
	}
	r = doReq(t, s, "GET", "/users?organizationId=1&ids[]=5&cols[]=userTeamIds&cols[]=id", DefaultToken, nil)
	if want := `{"users":[{"userTeamIds":[],"id":5}]`; !strings.HasPrefix(string(r.raw), want) {
		t.Fatalf("empty userTeamIds: %s", r.raw)
	}
	// Default columns.
	r = doReq(t, s, "GET", "/users?teamId=1&ids[]=1", DefaultToken, nil)
	u := r.body["users"].([]any)[0].(map[string]any)
	keys := []string{}
	for k := range u {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := append([]string(nil), userListDefaultCols...)
	sort.Strings(want)
	if !reflect.DeepEqual(keys, want) {
		t.Fatalf("default cols %v, want %v", keys, want)
	}
}

func TestUpdateUser(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	r := doReq(t, s, "PATCH", "/users/1", DefaultToken, map[string]any{"name": "Jane Roe", "language": "cs", "timezoneId": 120, "localeId": 21, "countryId": 3})
	expectStatus(t, r, 200, "")
	u := r.body["user"].(map[string]any)
	if u["name"] != "Jane Roe" || u["language"] != "cs" || u["timezone"] != "Europe/Berlin" || u["locale"] != "de" || u["countryId"] != 3.0 || u["email"] != "jane@example.com" {
		t.Fatalf("updated user: %s", r.raw)
	}
	if got, _ := s.User(1); got.Name != "Jane Roe" || got.TimezoneID != 120 {
		t.Fatalf("state not updated: %+v", got)
	}
	expectStatus(t, doReq(t, s, "PATCH", "/users/abc", DefaultToken, map[string]any{}), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "PATCH", "/users/999", DefaultToken, map[string]any{}), 404, CodeNotFound)
	expectStatus(t, doReq(t, s, "PATCH", "/users/3", DefaultToken, map[string]any{"name": "X"}), 403, CodeForbidden)
	expectStatus(t, doReq(t, s, "PATCH", "/users/3", AdminToken, map[string]any{"name": "Bobby"}), 200, "")
	for _, body := range []any{
		map[string]any{"name": strings.Repeat("a", 251)},
		map[string]any{"name": " Jane"},
		map[string]any{"name": "Jane<script>"},
		map[string]any{"name": 5},
		map[string]any{"timezoneId": "x"},
		map[string]any{"countryId": -1},
		"{not json",
		nil,
	} {
		r := doReq(t, s, "PATCH", "/users/1", DefaultToken, body)
		expectStatus(t, r, 400, CodeInvalidParams)
	}
	r = doReq(t, s, "PATCH", "/users/1", DefaultToken, map[string]any{"timezoneId": "x"})
	if !strings.Contains(r.body["detail"].(string), "timezoneId") {
		t.Errorf("type error should name the field: %s", r.raw)
	}
	expectStatus(t, doReq(t, s, "PATCH", "/users/1", DefaultToken, map[string]any{"name": strings.Repeat("é", 250)}), 200, "")
}

func TestUpdateEmail(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	ok := map[string]any{"currentEmailAddress": "jane@example.com", "newEmailAddress": "jane@new.example", "currentPassword": DefaultPassword}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for kk, vv := range ok {
			m[kk] = vv
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	for _, c := range []struct {
		body  map[string]any
		code  string
		param string
	}{
		{with("currentEmailAddress", nil), CodeInvalidParams, "currentEmailAddress"},
		{with("newEmailAddress", nil), CodeInvalidParams, "newEmailAddress"},
		{with("currentPassword", nil), CodeInvalidParams, "currentPassword"},
		{with("currentEmailAddress", "other@example.com"), CodeInvalidParams, "currentEmailAddress"},
		{with("newEmailAddress", "not-an-email"), CodeInvalidParams, "newEmailAddress"},
		{with("newEmailAddress", "bob@example.com"), CodeInvalidParams, "newEmailAddress"},
		{with("currentPassword", "wrong"), CodeInvalidCredentials, "currentPassword"},
	} {
		r := doReq(t, s, "PUT", "/users/1/attributes/email", DefaultToken, c.body)
		expectStatus(t, r, 400, c.code)
		if !strings.Contains(r.body["detail"].(string), c.param) {
			t.Errorf("detail should name %s: %s", c.param, r.raw)
		}
	}
	r := doReq(t, s, "PUT", "/users/1/attributes/email", DefaultToken, ok)
	if string(r.raw) != `{"changed":true,"emailSent":true}` {
		t.Fatalf("email: %d %s", r.status, r.raw)
	}
	if u, _ := s.UserByEmail("jane@new.example"); u.ID != 1 {
		t.Fatal("email not changed")
	}
}

func TestUpdatePassword(t *testing.T) {
	s := New()
	defer s.Close()
	body := func(cur, p1, p2 string) map[string]any {
		return map[string]any{"currentPassword": cur, "newPassword1": p1, "newPassword2": p2}
	}
	expectStatus(t, doReq(t, s, "PUT", "/users/1/attributes/password", DefaultToken, body("wrong", "New-Passw0rd!", "New-Passw0rd!")), 400, CodeInvalidCredentials)
	expectStatus(t, doReq(t, s, "PUT", "/users/1/attributes/password", DefaultToken, body(DefaultPassword, "New-Passw0rd!", "New-Passw0rd?")), 400, CodeInvalidParams)
	// The catalogue's minLength, checked by the validator, names the field.
	r := doReq(t, s, "PUT", "/users/1/attributes/password", DefaultToken, body(DefaultPassword, "short", "short"))
	expectStatus(t, r, 400, CodeInvalidParams)
	if !strings.Contains(r.body["detail"].(string), "'newPassword1'") {
		t.Fatalf("detail: %s", r.raw)
	}
	// Make's password rules, checked by the handler, list what is missing.
	r = doReq(t, s, "PUT", "/users/1/attributes/password", DefaultToken, body(DefaultPassword, "lowercase only", "lowercase only"))
	expectStatus(t, r, 400, CodeInvalidParams)
	if subs, _ := r.body["suberrors"].([]any); len(subs) != 3 { // uppercase, number, special
		t.Fatalf("suberrors: %s", r.raw)
	}
	for _, weak := range []string{"alllower1!", "Ab1!", "NoDigits!!", "NoSpecial12"} {
		expectStatus(t, doReq(t, s, "PUT", "/users/1/attributes/password", DefaultToken, body(DefaultPassword, weak, weak)), 400, CodeInvalidParams)
	}
	r = doReq(t, s, "PUT", "/users/1/attributes/password", DefaultToken, body(DefaultPassword, "123456Ab-", "123456Ab-"))
	if string(r.raw) != `{"changed":true}` {
		t.Fatalf("password: %d %s", r.status, r.raw)
	}
	if u, _ := s.User(1); u.Password != "123456Ab-" {
		t.Fatal("password not changed")
	}
}

func TestPasswordResetFlow(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	newPw := map[string]any{"newPassword1": "Aa123456.", "newPassword2": "Aa123456."}
	expectStatus(t, doReq(t, s, "POST", "/users/password-reset", DefaultToken, newPw), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "POST", "/users/password-reset-demand", DefaultToken, map[string]any{}), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "POST", "/users/password-reset-demand", DefaultToken, map[string]any{"email": "nope"}), 400, CodeInvalidParams)
	r := doReq(t, s, "POST", "/users/password-reset-demand", DefaultToken, map[string]any{"email": "nobody@example.com"})
	if string(r.raw) != `{"ok":1}` || s.ResetHash("nobody@example.com") != "" {
		t.Fatalf("unknown email: %s", r.raw)
	}
	r = doReq(t, s, "POST", "/users/password-reset-demand", DefaultToken, map[string]any{"email": "Carol@Example.com"})
	if string(r.raw) != `{"ok":1}` {
		t.Fatalf("demand: %s", r.raw)
	}
	hash := s.ResetHash("carol@example.com")
	if len(hash) != 32 {
		t.Fatalf("hash %q", hash)
	}
	expectStatus(t, doReq(t, s, "GET", "/users/password-reset", DefaultToken, nil), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "GET", "/users/password-reset?hash=deadbeef", DefaultToken, nil), 404, CodeNotFound)
	r = doReq(t, s, "GET", "/users/password-reset?hash="+hash, DefaultToken, nil)
	if string(r.raw) != `{"ok":1}` {
		t.Fatalf("session: %s", r.raw)
	}
	// The session belongs to the token that opened it.
	expectStatus(t, doReq(t, s, "POST", "/users/password-reset", AdminToken, newPw), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "POST", "/users/password-reset", DefaultToken, map[string]any{"newPassword1": "weak", "newPassword2": "weak"}), 400, CodeInvalidParams)
	r = doReq(t, s, "POST", "/users/password-reset", DefaultToken, newPw)
	if string(r.raw) != `{"ok":1}` {
		t.Fatalf("reset: %s", r.raw)
	}
	if u, _ := s.User(4); u.Password != "Aa123456." {
		t.Fatal("password not reset")
	}
	// One-time: hash and session are gone.
	expectStatus(t, doReq(t, s, "GET", "/users/password-reset?hash="+hash, DefaultToken, nil), 404, CodeNotFound)
	expectStatus(t, doReq(t, s, "POST", "/users/password-reset", DefaultToken, newPw), 400, CodeInvalidParams)
	if s.ResetHash("carol@example.com") != "" {
		t.Fatal("ResetHash after use")
	}
}

func TestListByPermission(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	get := func(q string) result {
		t.Helper()
		return doReq(t, s, "GET", "/users/by-permission?"+q, DefaultToken, nil)
	}
	for q, param := range map[string]string{
		"permission=team%20view&teamId=1":                      "type",
		"type=team&permission=team%20view&teamId=1":            "type",
		"type=company&teamId=1":                                "permission",
		"type=company&permission=team%20view":                  "teamId",
		"type=organization&permission=organization%20view":     "organizationId",
		"type=organization&organizationId=1&permission=fly":    "permission",
		"type=company&teamId=1&permission=organization%20view": "permission",
	} {
		r := get(q)
		expectStatus(t, r, 400, CodeInvalidParams)
		if !strings.Contains(r.body["detail"].(string), param) {
			t.Errorf("%s: detail should name %s: %s", q, param, r.raw)
		}
	}
	expectStatus(t, get("type=organization&organizationId=9&permission=organization%20view"), 404, CodeNotFound)
	expectStatus(t, get("type=company&teamId=9&permission=team%20view"), 404, CodeNotFound)
	expectStatus(t, get("type=organization&organizationId=2&permission=organization%20view"), 403, CodeForbidden)

	eqIDs(t, userIDs(t, get("type=organization&organizationId=1&permission=organization%20users%20view").body), 1, 2, 3, 4, 5)
	eqIDs(t, userIDs(t, get("type=organization&organizationId=1&permission=organization%20payments%20manage").body), 1, 2, 5)
	eqIDs(t, userIDs(t, get("type=organization&organizationId=1&permission=organization%20edit").body), 1, 2)
	eqIDs(t, userIDs(t, get("type=company&teamId=1&permission=scenarios%20run").body), 1, 2, 3)
	eqIDs(t, userIDs(t, get("type=company&teamId=1&permission=scenarios%20view").body), 1, 2, 3, 4)
	r := get("type=company&teamId=2&permission=team%20edit&cols[]=id&cols[]=invitationStatus")
	if string(r.raw) != `{"users":[{"id":1,"invitationStatus":null},{"id":2,"invitationStatus":null}]}` {
		t.Fatalf("team 2: %s", r.raw)
	}
	// Pending invitations are listed with their status.
	r = doReq(t, s, "GET", "/users/by-permission?type=organization&organizationId=2&permission=organization%20view&cols[]=id&cols[]=invitationStatus", AdminToken, nil)
	if string(r.raw) != `{"users":[{"id":1,"invitationStatus":"pending"},{"id":2,"invitationStatus":null}]}` {
		t.Fatalf("org 2: %s", r.raw)
	}
}

func TestMe(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	r := doReq(t, s, "GET", "/users/me", DefaultToken, nil)
	me := r.body["authUser"].(map[string]any)
	if me["id"] != 1.0 || me["name"] != "Jane Doe" || me["email"] != "jane@example.com" || me["timezone"] != "Europe/Prague" || len(me) != len(userMeDefaultCols) {
		t.Fatalf("me: %s", r.raw)
	}
	r = doReq(t, s, "GET", "/users/me?cols[]=id&cols[]=userOrganizationRoles&cols[]=userTeamRoles&cols[]=usersAdminsRoleId&cols[]=hasPassword&cols[]=tfaEnabled", DefaultToken, nil)
	want := `{"authUser":{"id":1,"userOrganizationRoles":[{"userId":1,"organizationId":1,"usersRoleId":12,"invitation":null}],` +
		`"userTeamRoles":[{"usersRoleId":1,"userId":1,"teamId":1,"changeable":true}],"usersAdminsRoleId":null,"hasPassword":true,"tfaEnabled":false}}`
	if string(r.raw) != want {
		t.Fatalf("me cols:\n got %s\nwant %s", r.raw, want)
	}
	r = doReq(t, s, "GET", "/users/me?includeInvitedOrg=true&cols[]=userOrganizationRoles", DefaultToken, nil)
	if roles := r.body["authUser"].(map[string]any)["userOrganizationRoles"].([]any); len(roles) != 2 || roles[1].(map[string]any)["invitation"] != "pending" {
		t.Fatalf("includeInvitedOrg: %s", r.raw)
	}
	expectStatus(t, doReq(t, s, "GET", "/users/me?includeInvitedOrg=maybe", DefaultToken, nil), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "GET", "/users/me?cols[]=password", DefaultToken, nil), 400, CodeInvalidParams)
	r = doReq(t, s, "GET", "/users/me?cols[]=usersAdminsRoleId", AdminToken, nil)
	if string(r.raw) != `{"authUser":{"usersAdminsRoleId":1}}` {
		t.Fatalf("admin me: %s", r.raw)
	}

	r = doReq(t, s, "GET", "/users/me/current-authorization", DefaultToken, nil)
	if want := `{"authorization":{"authUsed":"token","scope":["user:read","user:write","organizations:read","organizations:write","organization:read","organization-variables:read","organization-variables:write","teams:read","teams:write","team-variables:read","team-variables:write"]}}`; string(r.raw) != want {
		t.Fatalf("current-authorization: %s", r.raw)
	}
	r = doAuth(t, s, "GET", "/users/me/current-authorization", "Bearer "+OAuthToken, nil)
	if r.body["authorization"].(map[string]any)["authUsed"] != "oauth" {
		t.Fatalf("oauth: %s", r.raw)
	}
	r = doReq(t, s, "GET", "/users/me/organization-invitations", DefaultToken, nil)
	want = `{"userOrganizationInvitations":[{"hash":"` + DefaultInvitationHash + `","invitation":"pending","usersRoleId":13,"organizationId":2,"organizationName":"Globex","zone":"us1.make.com"}]}`
	if string(r.raw) != want {
		t.Fatalf("invitations: %s", r.raw)
	}
	r = doReq(t, s, "GET", "/users/me/organization-invitations", AdminToken, nil)
	if string(r.raw) != `{"userOrganizationInvitations":[]}` {
		t.Fatalf("no invitations: %s", r.raw)
	}
}

func TestDeleteCurrentUser(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	expectStatus(t, doReq(t, s, "DELETE", "/users", DefaultToken, map[string]any{"currentPassword": "wrong"}), 400, CodeInvalidCredentials)
	// User 2 has TFA enabled: a 6-digit tfaCode is required.
	expectStatus(t, doReq(t, s, "DELETE", "/users", AdminToken, map[string]any{}), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "DELETE", "/users", AdminToken, map[string]any{"tfaCode": "12"}), 400, CodeInvalidParams)

	r := doReq(t, s, "DELETE", "/users", DefaultToken, map[string]any{"deleteConnections": true, "currentPassword": DefaultPassword})
	if string(r.raw) != `{"user":1}` {
		t.Fatalf("delete: %d %s", r.status, r.raw)
	}
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 401, CodeInvalidCredentials)
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+OAuthToken, nil), 401, CodeInvalidCredentials)
	eqIDs(t, userIDs(t, doReq(t, s, "GET", "/users?organizationId=1", AdminToken, nil).body), 5, 4, 3, 2)
	if u, ok := s.User(1); !ok || !u.Deleted {
		t.Fatalf("User(1) after delete: %+v %v", u, ok)
	}
	if _, ok := s.Membership(1, 1); ok {
		t.Fatal("membership kept")
	}
	// Without a body (no password check) and with a valid TFA code.
	r = doReq(t, s, "DELETE", "/users", AdminToken, map[string]any{"tfaCode": "123456"})
	expectStatus(t, r, 200, "")
}
