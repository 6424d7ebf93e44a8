package maketest

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// adminOps are the 10 Admin operations with a request that succeeds on the
// default fixtures (catalogue path for the schema check).
var adminOps = []schemaOp{
	{"GET", "/admin/users-detail", "/admin/users-detail", nil},
	{"GET", "/admin/users?organizationId=1", "/admin/users", nil},
	{"POST", "/admin/users", "/admin/users", map[string]any{"name": "New User", "email": "new@example.com", "sendEmail": true}},
	{"PATCH", "/admin/users/3", "/admin/users/{userId}", map[string]any{"name": "Bob B. Builder", "usersAdminsRoleId": AdminRoleSupport}},
	{"POST", "/admin/users/3/user-team-roles/2", "/admin/users/{userId}/user-team-roles/{teamId}", map[string]any{"usersRoleId": RoleTeamOperator}},
	{"POST", "/admin/users/3/user-organization-roles/1", "/admin/users/{userId}/user-organization-roles/{organizationId}", map[string]any{"usersRoleId": RoleAccountant}},
	{"POST", "/admin/users/1/user-organization-roles/1/transfer", "/admin/users/{userId}/user-organization-roles/{organizationId}/transfer", nil},
	{"GET", "/admin/users/admins-roles", "/admin/users/admins-roles", nil},
	{"GET", "/admin/users/lookup?q=bob@example.com&type=email", "/admin/users/lookup", nil},
	{"DELETE", "/admin/users/4", "/admin/users/{userId}", nil},
}

// TestAdminResponsesMatchSchemas calls every Admin operation successfully and
// validates the answers against openapi.json.
func TestAdminResponsesMatchSchemas(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	checkOps(t, s, AdminToken, adminOps)
	// Removals answer the same schemas.
	r := doReq(t, s, "POST", "/admin/users/3/user-team-roles/1", AdminToken, map[string]any{})
	expectStatus(t, r, 200, "")
	checkSchema(t, "POST", "/admin/users/{userId}/user-team-roles/{teamId}", r)
	r = doReq(t, s, "POST", "/admin/users/3/user-organization-roles/1?"+colsQuery(adminOrgRoleCols), AdminToken, nil)
	expectStatus(t, r, 200, "")
	checkSchema(t, "POST", "/admin/users/{userId}/user-organization-roles/{organizationId}", r)
	r = doReq(t, s, "GET", "/admin/users-detail?"+colsQuery(adminUserCols), AdminToken, nil)
	expectStatus(t, r, 200, "")
	checkSchema(t, "GET", "/admin/users-detail", r)
	// An error body matches the Error schema.
	r = doReq(t, s, "GET", "/admin/users/lookup", AdminToken, nil)
	expectStatus(t, r, 400, CodeInvalidParams)
	checkSchema(t, "GET", "/admin/users/lookup", r)
}

// TestAdminForbidden: a token without the admin scopes, and a regular user's
// token that has them, get Make's documented 403 body on every operation,
// and nothing changes.
func TestAdminForbidden(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	const scopedNonAdmin = "non-admin-with-admin-scopes"
	s.AddToken(scopedNonAdmin, DefaultUserID, AdminScopes()...)
	for _, tok := range []string{DefaultToken, ReadOnlyToken, scopedNonAdmin} {
		for _, op := range adminOps {
			r := doReq(t, s, op.method, op.path, tok, op.body)
			expectStatus(t, r, 403, CodeForbidden)
			if r.body["message"] != "Permission denied" || !strings.HasPrefix(r.body["detail"].(string), "Access denied.") {
				t.Errorf("%s %s: 403 body %s", op.method, op.path, r.raw)
			}
		}
	}
	if _, ok := s.UserByEmail("new@example.com"); ok {
		t.Error("a refused create made a user")
	}
	if u, _ := s.User(4); u.Deleted {
		t.Error("a refused delete deleted the user")
	}
	if r, _ := s.Membership(2, DefaultOrganizationID); r.RoleID != RoleOwner {
		t.Error("a refused transfer changed the owner")
	}
}

func TestAdminListUsers(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	s.DeleteUser(5)
	list := func(query string) []int64 {
		t.Helper()
		r := doReq(t, s, "GET", "/admin/users"+query, AdminToken, nil)
		expectStatus(t, r, 200, "")
		return userIDs(t, r.body)
	}
	eqIDs(t, list(""), 1, 2, 3, 4, 5) // the whole instance, the deleted user too
	eqIDs(t, list("?organizationId=1"), 1, 2, 3, 4)
	eqIDs(t, list("?organizationId=1&organizationRoleId=13"), 3, 4)
	eqIDs(t, list("?organizationRoleId=11"), 2)
	eqIDs(t, list("?teamId=1&teamRoleId=3"), 3)
	eqIDs(t, list("?teamRoleId=3"), 3, 4)
	eqIDs(t, list("?teamId=2"), 2, 4)
	eqIDs(t, list("?tfaStatus=1"), 2, 4)
	eqIDs(t, list("?tfaStatus=0&organizationId=1"), 1, 3)
	eqIDs(t, list("?name=CAROL"), 4)
	eqIDs(t, list("?email=example.com&pg[sortBy]=email&pg[sortDir]=desc&pg[limit]=2"), 1, 5) // jane, dave
	eqIDs(t, list("?pg[offset]=3"), 4, 5)

	r := doReq(t, s, "GET", "/admin/users?teamId=1&organizationId=1&cols[]=id&cols[]=teamRoleId&cols[]=organizationRoleId", AdminToken, nil)
	expectStatus(t, r, 200, "")
	first := r.body["users"].([]any)[0].(map[string]any)
	if !reflect.DeepEqual(first, map[string]any{"id": 1.0, "teamRoleId": float64(RoleTeamAdmin), "organizationRoleId": float64(RoleAdmin)}) {
		t.Errorf("role columns: %v", first)
	}

	for query, code := range map[string]string{
		"?organizationId=99":  CodeNotFound,
		"?teamId=99":          CodeNotFound,
		"?tfaStatus=3":        CodeInvalidParams,
		"?pg[sortBy]=created": CodeInvalidParams,
		"?cols[]=password":    CodeInvalidParams,
	} {
		r := doReq(t, s, "GET", "/admin/users"+query, AdminToken, nil)
		if r.errCode() != code {
			t.Errorf("%s: got %d %s, want %s", query, r.status, r.errCode(), code)
		}
	}
}

func TestAdminListUserDetails(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	s.DeleteUser(3)
	r := doReq(t, s, "GET", "/admin/users-detail?pg[limit]=2&pg[offset]=1", AdminToken, nil)
	expectStatus(t, r, 200, "")
	eqIDs(t, userIDs(t, r.body), 2, 3)
	u3 := r.body["users"].([]any)[1].(map[string]any)
	if u3["deleted"] != true || u3["organizations"] != 0.0 {
		t.Errorf("deleted user 3: %v", u3)
	}
	u2 := r.body["users"].([]any)[0].(map[string]any)
	if u2["organizations"] != 2.0 || u2["usersAdminsRoleId"] != float64(AdminRoleSuperAdmin) || u2["tfaEnabled"] != true {
		t.Errorf("user 2: %v", u2)
	}
	if pg := r.body["pg"].(map[string]any); pg["limit"] != 2.0 || pg["offset"] != 1.0 || pg["sortBy"] != "id" {
		t.Errorf("pg: %v", pg)
	}
	r = doReq(t, s, "GET", "/admin/users-detail?id=4&cols[]=id&cols[]=lastlogin", AdminToken, nil)
	expectStatus(t, r, 200, "")
	if got := r.body["users"].([]any); len(got) != 1 || got[0].(map[string]any)["lastlogin"] == nil {
		t.Errorf("id filter with lastlogin: %s", r.raw)
	}
	r = doReq(t, s, "GET", "/admin/users-detail?name=DOE&email=jane", AdminToken, nil)
	eqIDs(t, userIDs(t, r.body), 1)
	r = doReq(t, s, "GET", "/admin/users-detail?pg[sortBy]=email", AdminToken, nil)
	expectStatus(t, r, 400, CodeInvalidParams)
}

func TestAdminCreateUser(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	r := doReq(t, s, "POST", "/admin/users", AdminToken, map[string]any{"name": "Eve Invited", "email": "eve@example.com", "sendEmail": true, "localeId": 21})
	expectStatus(t, r, 200, "")
	created := r.body["user"].(map[string]any)
	id := int64(created["id"].(float64))
	u, ok := s.User(id)
	if !ok || !u.ForceSetPassword || u.Password == "" || u.LocaleID != 21 || u.CountryID != 1 || u.TimezoneID != 113 {
		t.Fatalf("invited user: %+v", u)
	}
	if created["email"] != "eve@example.com" || created["deleted"] != false {
		t.Errorf("answer: %s", r.raw)
	}

	r = doReq(t, s, "POST", "/admin/users", AdminToken, map[string]any{"name": "Pat Password", "email": "pat@example.com", "password": "Str0ng-Passw0rd!"})
	expectStatus(t, r, 200, "")
	if u, _ := s.UserByEmail("pat@example.com"); u.Password != "Str0ng-Passw0rd!" || u.ForceSetPassword {
		t.Errorf("user with password: %+v", u)
	}

	// The new user is a user of every service: an admin adds them to an
	// organization, and GET /users lists them there.
	r = doReq(t, s, "POST", "/admin/users/"+strconv.FormatInt(id, 10)+"/user-organization-roles/1", AdminToken, map[string]any{"usersRoleId": RoleMember})
	expectStatus(t, r, 200, "")
	r = doReq(t, s, "GET", "/users?organizationId=1&pg[sortBy]=id&pg[sortDir]=asc", DefaultToken, nil)
	eqIDs(t, userIDs(t, r.body), 1, 2, 3, 4, 5, id)

	bad := []struct {
		body  map[string]any
		param string
	}{
		{map[string]any{"name": "No Way", "email": "noway@example.com"}, "password"},
		{map[string]any{"name": "No Way", "email": "noway@example.com", "sendEmail": false}, "password"},
		{map[string]any{"name": "Short", "email": "short@example.com", "password": "Sh0rt-Pw!"}, "password"},
		{map[string]any{"name": "Weak", "email": "weak@example.com", "password": "alllowercase1!"}, "password"},
		{map[string]any{"name": "Dup", "email": "BOB@example.com", "sendEmail": true}, "email"},
		{map[string]any{"name": "Bad", "email": "not-an-email", "sendEmail": true}, "email"},
		{map[string]any{"email": "anon@example.com", "sendEmail": true}, "name"},
		{map[string]any{"name": "Zero", "email": "zero@example.com", "sendEmail": true, "countryId": 0}, "countryId"},
	}
	for _, b := range bad {
		r := doReq(t, s, "POST", "/admin/users", AdminToken, b.body)
		expectStatus(t, r, 400, CodeInvalidParams)
		if !strings.Contains(r.body["detail"].(string), "'"+b.param+"'") {
			t.Errorf("%v: detail should name %s: %s", b.body, b.param, r.raw)
		}
	}
	if _, ok := s.UserByEmail("noway@example.com"); ok {
		t.Error("a refused create made a user")
	}
	r = doReq(t, s, "POST", "/admin/users", AdminToken, map[string]any{"name": "Weak", "email": "weak@example.com", "password": "alllowercase1!"})
	if subs, _ := r.body["suberrors"].([]any); len(subs) != 1 {
		t.Errorf("one broken password rule, one suberror: %s", r.raw)
	}
}

func TestAdminUpdateUser(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	const bobAdmin = "bob-admin-token"
	s.AddToken(bobAdmin, 3, AdminScopes()...)
	r := doReq(t, s, "GET", "/admin/users/admins-roles", bobAdmin, nil)
	expectStatus(t, r, 403, CodeForbidden)

	r = doReq(t, s, "PATCH", "/admin/users/3", AdminToken, map[string]any{"usersAdminsRoleId": AdminRoleSupport, "email": "robert@example.com", "language": "cs"})
	expectStatus(t, r, 200, "")
	if u := r.body["user"].(map[string]any); u["usersAdminsRoleId"] != float64(AdminRoleSupport) || u["email"] != "robert@example.com" || u["language"] != "cs" {
		t.Errorf("updated user: %s", r.raw)
	}
	r = doReq(t, s, "GET", "/admin/users/admins-roles", bobAdmin, nil)
	expectStatus(t, r, 200, "")

	// 0 takes the admin role away again.
	r = doReq(t, s, "PATCH", "/admin/users/3", AdminToken, map[string]any{"usersAdminsRoleId": 0})
	expectStatus(t, r, 200, "")
	if r.body["user"].(map[string]any)["usersAdminsRoleId"] != nil {
		t.Errorf("admin role not removed: %s", r.raw)
	}
	r = doReq(t, s, "GET", "/admin/users/admins-roles", bobAdmin, nil)
	expectStatus(t, r, 403, CodeForbidden)

	for _, b := range []map[string]any{
		{"usersAdminsRoleId": 99},
		{"email": "jane@example.com"},
		{"name": " padded "},
		{"timezoneId": -1},
		{"language": "english"},
	} {
		r := doReq(t, s, "PATCH", "/admin/users/3", AdminToken, b)
		expectStatus(t, r, 400, CodeInvalidParams)
	}
	expectStatus(t, doReq(t, s, "PATCH", "/admin/users/3", AdminToken, nil), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "PATCH", "/admin/users/99", AdminToken, map[string]any{"name": "X"}), 404, CodeNotFound)
	expectStatus(t, doReq(t, s, "PATCH", "/admin/users/abc", AdminToken, map[string]any{"name": "X"}), 400, CodeInvalidParams)
}

func TestAdminTeamRole(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	path := "/admin/users/5/user-team-roles/2"
	r := doReq(t, s, "POST", path, AdminToken, map[string]any{"usersRoleId": RoleTeamMember})
	expectStatus(t, r, 200, "")
	if tr, ok := s.TeamMembership(5, SecondTeamID); !ok || tr.RoleID != RoleTeamMember {
		t.Fatalf("team role not set: %+v", tr)
	}
	want := map[string]any{"usersRoleId": float64(RoleTeamMember), "userId": 5.0, "teamId": 2.0, "changeable": true, "ssoPending": false}
	if got := r.body["userTeamRole"]; !reflect.DeepEqual(got, want) {
		t.Errorf("userTeamRole = %v", got)
	}

	// Deleting connections on removal needs confirmed=true; nothing changes.
	r = doReq(t, s, "POST", path+"?deleteConnections=true", AdminToken, map[string]any{})
	expectStatus(t, r, 406, CodeConfirmationRequired)
	if _, ok := s.TeamMembership(5, SecondTeamID); !ok {
		t.Fatal("an unconfirmed removal removed the user")
	}
	// An empty body removes the user from the team (role "None": 0).
	r = doReq(t, s, "POST", path+"?deleteConnections=true&confirmed=true", AdminToken, map[string]any{})
	expectStatus(t, r, 200, "")
	if _, ok := s.TeamMembership(5, SecondTeamID); ok {
		t.Fatal("the user is still in the team")
	}
	if got := r.body["userTeamRole"].(map[string]any)["usersRoleId"]; got != 0.0 {
		t.Errorf("removed role = %v", got)
	}
	// So does no body at all.
	s.SetTeamRole(5, SecondTeamID, RoleTeamMember)
	expectStatus(t, doReq(t, s, "POST", path, AdminToken, nil), 200, "")
	if _, ok := s.TeamMembership(5, SecondTeamID); ok {
		t.Fatal("a request without a body did not remove the user")
	}

	// Not a member of the team's organization; unknown role; unknown team.
	expectStatus(t, doReq(t, s, "POST", "/admin/users/3/user-team-roles/3", AdminToken, map[string]any{"usersRoleId": RoleTeamMember}), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "POST", path, AdminToken, map[string]any{"usersRoleId": RoleMember}), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "POST", "/admin/users/5/user-team-roles/99", AdminToken, map[string]any{"usersRoleId": RoleTeamMember}), 404, CodeNotFound)
	// The Team Admin role of an organization Admin cannot change.
	r = doReq(t, s, "POST", "/admin/users/1/user-team-roles/1", AdminToken, map[string]any{"usersRoleId": RoleTeamMember})
	expectStatus(t, r, 400, CodeInvalidParams)
	if tr, _ := s.TeamMembership(1, DefaultTeamID); tr.RoleID != RoleTeamAdmin {
		t.Errorf("the inherited Team Admin role changed: %+v", tr)
	}
}

func TestAdminOrganizationRole(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	// User 3 joins Globex as Admin: Team Admin of its team.
	path := "/admin/users/3/user-organization-roles/2"
	r := doReq(t, s, "POST", path+"?cols[]=usersRoleId&cols[]=organizationTeamsCount&cols[]=joinedTeamsCount", AdminToken, map[string]any{"usersRoleId": RoleAdmin})
	expectStatus(t, r, 200, "")
	if got, want := string(r.raw), `{"userOrganizationRole":{"usersRoleId":12,"organizationTeamsCount":1,"joinedTeamsCount":1}}`; got != want {
		t.Errorf("answer %s, want %s", got, want)
	}
	if tr, _ := s.TeamMembership(3, OtherTeamID); tr.RoleID != RoleTeamAdmin {
		t.Errorf("an organization Admin is Team Admin of every team: %+v", tr)
	}
	// A Member joins no team.
	r = doReq(t, s, "POST", "/admin/users/5/user-organization-roles/2", AdminToken, map[string]any{"usersRoleId": RoleMember})
	expectStatus(t, r, 200, "")
	if _, ok := s.TeamMembership(5, OtherTeamID); ok {
		t.Error("a Member was added to a team")
	}

	// Removal: deleteConnections without confirmed asks for confirmation.
	expectStatus(t, doReq(t, s, "POST", path+"?deleteConnections=true", AdminToken, nil), 406, CodeConfirmationRequired)
	r = doReq(t, s, "POST", path+"?deleteConnections=true&confirmed=true", AdminToken, map[string]any{})
	expectStatus(t, r, 200, "")
	if _, ok := s.Membership(3, OtherOrganizationID); ok {
		t.Error("the user is still a member")
	}
	if _, ok := s.TeamMembership(3, OtherTeamID); ok {
		t.Error("a removed member keeps their team roles")
	}

	// The owner cannot be changed or removed here, nor can Owner be given.
	expectStatus(t, doReq(t, s, "POST", "/admin/users/2/user-organization-roles/1", AdminToken, map[string]any{"usersRoleId": RoleMember}), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "POST", "/admin/users/2/user-organization-roles/1", AdminToken, nil), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "POST", "/admin/users/3/user-organization-roles/1", AdminToken, map[string]any{"usersRoleId": RoleOwner}), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "POST", "/admin/users/3/user-organization-roles/1", AdminToken, map[string]any{"usersRoleId": RoleTeamMember}), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "POST", "/admin/users/3/user-organization-roles/9", AdminToken, map[string]any{"usersRoleId": RoleMember}), 404, CodeNotFound)
	if r, _ := s.Membership(2, DefaultOrganizationID); r.RoleID != RoleOwner {
		t.Errorf("the owner changed: %+v", r)
	}
}

func TestAdminTransferOwnership(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	r := doReq(t, s, "POST", "/admin/users/3/user-organization-roles/1/transfer", AdminToken, nil)
	expectStatus(t, r, 200, "")
	want := `{"userOrganizationRoles":[{"userId":3,"organizationId":1,"usersRoleId":11,"invitation":false},{"userId":2,"organizationId":1,"usersRoleId":12,"invitation":false}]}`
	if string(r.raw) != want {
		t.Errorf("answer %s\nwant   %s", r.raw, want)
	}
	if m, _ := s.Membership(3, DefaultOrganizationID); m.RoleID != RoleOwner {
		t.Errorf("new owner: %+v", m)
	}
	if m, _ := s.Membership(2, DefaultOrganizationID); m.RoleID != RoleAdmin {
		t.Errorf("previous owner: %+v", m)
	}
	if tr, _ := s.TeamMembership(3, SecondTeamID); tr.RoleID != RoleTeamAdmin {
		t.Errorf("the owner is Team Admin of every team: %+v", tr)
	}
	// Jane's invitation to Globex is not a membership.
	expectStatus(t, doReq(t, s, "POST", "/admin/users/1/user-organization-roles/2/transfer", AdminToken, nil), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "POST", "/admin/users/1/user-organization-roles/7/transfer", AdminToken, nil), 404, CodeNotFound)
}

func TestAdminDeleteUser(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	// A second admin, so that deleting Adam (the owner of both organizations)
	// leaves someone to ask.
	const rootToken = "root-admin-token"
	root := s.AddUser(User{Name: "Root", Email: "root@example.com", UsersAdminsRoleID: AdminRoleSuperAdmin})
	s.AddToken(rootToken, root.ID, AdminScopes()...)

	r := doReq(t, s, "DELETE", "/admin/users/2", rootToken, nil)
	expectStatus(t, r, 406, CodeConfirmationRequired)
	if _, ok := s.Organization(DefaultOrganizationID); !ok {
		t.Fatal("an unconfirmed delete deleted an organization")
	}
	r = doReq(t, s, "DELETE", "/admin/users/2?confirmed=true&deleteConnections=true", rootToken, nil)
	expectStatus(t, r, 200, "")
	if r.body["user"] != 2.0 {
		t.Errorf("answer %s", r.raw)
	}
	for _, id := range []int64{DefaultOrganizationID, OtherOrganizationID} {
		if _, ok := s.Organization(id); ok {
			t.Errorf("organization %d owned by the deleted user still exists", id)
		}
	}
	if _, ok := s.Team(DefaultTeamID); ok {
		t.Error("a team of a deleted organization still exists")
	}
	if _, ok := s.Membership(1, DefaultOrganizationID); ok {
		t.Error("a membership of a deleted organization still exists")
	}
	// The deleted user's token no longer works; lookup still finds the user.
	expectStatus(t, doReq(t, s, "GET", "/users/me", AdminToken, nil), 401, CodeInvalidCredentials)
	r = doReq(t, s, "GET", "/admin/users/lookup?q=2&type=id", rootToken, nil)
	expectStatus(t, r, 200, "")
	if r.body["user"].(map[string]any)["deleted"] != true {
		t.Errorf("lookup of a deleted user: %s", r.raw)
	}
	// A user who owns nothing is deleted without confirmation; twice is 404.
	expectStatus(t, doReq(t, s, "DELETE", "/admin/users/3", rootToken, nil), 200, "")
	expectStatus(t, doReq(t, s, "DELETE", "/admin/users/3", rootToken, nil), 404, CodeNotFound)
	expectStatus(t, doReq(t, s, "DELETE", "/admin/users/4?confirmed=maybe", rootToken, nil), 400, CodeInvalidParams)
}

func TestAdminListAdminRoles(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	r := doReq(t, s, "GET", "/admin/users/admins-roles?category=support&cols[]=id&cols[]=identifier", AdminToken, nil)
	expectStatus(t, r, 200, "")
	if got, want := string(r.raw), `{"usersAdminsRoles":[{"id":3,"identifier":"support"}]}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	r = doReq(t, s, "GET", "/admin/users/admins-roles", AdminToken, nil)
	if n := len(r.body["usersAdminsRoles"].([]any)); n != len(adminRoles) {
		t.Errorf("%d roles, want %d", n, len(adminRoles))
	}
	expectStatus(t, doReq(t, s, "GET", "/admin/users/admins-roles?category=admins", AdminToken, nil), 400, CodeInvalidParams)
}

func TestAdminLookupUser(t *testing.T) {
	s := New(WithExampleData())
	defer s.Close()
	for _, q := range []string{"?q=4&type=id", "?q=carol@example.com&type=email", "?q=CAROL@example.com", "?q=4"} {
		r := doReq(t, s, "GET", "/admin/users/lookup"+q, AdminToken, nil)
		expectStatus(t, r, 200, "")
		if got, want := string(r.raw), `{"user":{"id":4,"email":"carol@example.com","name":"Carol Checker","deleted":false}}`; got != want {
			t.Errorf("%s: got %s", q, got)
		}
	}
	for q, code := range map[string]string{
		"":                         CodeInvalidParams,
		"?q=abc&type=id":           CodeInvalidParams,
		"?q=4&type=name":           CodeInvalidParams,
		"?q=99&type=id":            CodeNotFound,
		"?q=nobody@example.com":    CodeNotFound,
		"?q=nobody@example.com&x=": CodeInvalidParams, // x is no parameter of the operation
	} {
		if r := doReq(t, s, "GET", "/admin/users/lookup"+q, AdminToken, nil); r.errCode() != code {
			t.Errorf("%q: got %d %s, want %s", q, r.status, r.errCode(), code)
		}
	}
}
