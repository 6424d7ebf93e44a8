package maketest

import (
	"encoding/json"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// Tokens the Organizations tests add for users of the example data.
const (
	bobToken   = "org-test-bob"   // user 3, Member of organization 1
	carolToken = "org-test-carol" // user 4, Member of organization 1
	daveToken  = "org-test-dave"  // user 5, Accountant of organization 1
)

// newOrgServer starts a fake with the example data and tokens for its users
// 3, 4 and 5.
func newOrgServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s := New(append([]Option{WithExampleData()}, opts...)...)
	t.Cleanup(s.Close)
	s.AddToken(bobToken, 3, DefaultScopes()...)
	s.AddToken(carolToken, 4, DefaultScopes()...)
	s.AddToken(daveToken, 5, DefaultScopes()...)
	return s
}

// obj returns v[key] as a JSON object.
func obj(t *testing.T, v any, key string) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)[key].(map[string]any)
	if !ok {
		t.Fatalf("no object %q in %v", key, v)
	}
	return m
}

// arr returns v[key] as a JSON array.
func arr(t *testing.T, v any, key string) []any {
	t.Helper()
	a, ok := v.(map[string]any)[key].([]any)
	if !ok {
		t.Fatalf("no array %q in %v", key, v)
	}
	return a
}

// TestOrganizationsResponsesMatchSchemas calls every Organizations operation
// successfully and validates the answers against openapi.json.
func TestOrganizationsResponsesMatchSchemas(t *testing.T) {
	s := newOrgServer(t)
	type tc struct {
		method, path, specPath, tok string
		body                        any
	}
	inv := s.InvitationHash(OtherOrganizationID, "jane@example.com")
	if inv != DefaultInvitationHash {
		t.Fatalf("InvitationHash = %q, want the default invitation", inv)
	}
	cases := []tc{
		{"GET", "/organizations?" + colsQuery(orgCols), "/organizations", DefaultToken, nil},
		{"GET", "/organizations?zone=us1.make.com&" + colsQuery(orgCols), "/organizations", AdminToken, nil},
		{"POST", "/organizations", "/organizations", AdminToken, map[string]any{"name": "Initech", "regionId": 1, "timezoneId": 113, "countryId": 1}},
		{"GET", "/organizations/invitation?hash=" + inv, "/organizations/invitation", DefaultToken, nil},
		{"GET", "/organizations/1?wait=true", "/organizations/{organizationId}", DefaultToken, nil},
		{"GET", "/organizations/1?" + colsQuery(orgCols), "/organizations/{organizationId}", DefaultToken, nil},
		{"PATCH", "/organizations/1", "/organizations/{organizationId}", DefaultToken, map[string]any{"name": "Acme Corp.", "countryId": 2}},
		{"GET", "/organizations/1/apps", "/organizations/{organizationId}/apps", DefaultToken, nil},
		{"GET", "/organizations/1/payments", "/organizations/{organizationId}/payments", DefaultToken, nil},
		{"GET", "/organizations/1/subscription", "/organizations/{organizationId}/subscription", DefaultToken, nil},
		{"PATCH", "/organizations/1/subscription", "/organizations/{organizationId}/subscription", DefaultToken, map[string]any{"priceId": 40}},
		{"POST", "/organizations/1/universal-discount/claim-cancellation-offer", "/organizations/{organizationId}/universal-discount/claim-cancellation-offer", DefaultToken, nil},
		{"GET", "/organizations/1/subscription", "/organizations/{organizationId}/subscription", DefaultToken, nil},
		{"GET", "/organizations/1/subscription/payment-method-types", "/organizations/{organizationId}/subscription/payment-method-types", DefaultToken, nil},
		{"GET", "/organizations/1/subscription/payment-methods", "/organizations/{organizationId}/subscription/payment-methods", DefaultToken, nil},
		{"PATCH", "/organizations/1/subscription/payment-methods/pm_fake_sepa_3000/default", "/organizations/{organizationId}/subscription/payment-methods/{paymentMethodId}/default", DefaultToken, map[string]any{"target": "subscription"}},
		{"DELETE", "/organizations/1/subscription/payment-methods/pm_fake_card_4242", "/organizations/{organizationId}/subscription/payment-methods/{paymentMethodId}", DefaultToken, nil},
		{"PATCH", "/organizations/1/tfa-enforcement", "/organizations/{organizationId}/tfa-enforcement", DefaultToken, map[string]any{"enable": true}},
		{"DELETE", "/organizations/1/subscription", "/organizations/{organizationId}/subscription", DefaultToken, nil},
		{"POST", "/organizations/1/subscription", "/organizations/{organizationId}/subscription", DefaultToken,
			map[string]any{"priceId": 30, "couponCode": "WELCOME10", "customer": map[string]any{"email": "billing@example.com", "name": "Acme", "isBusiness": true, "countryId": 1}}},
		{"POST", "/organizations/1/subscription-free?confirmed=true", "/organizations/{organizationId}/subscription-free", DefaultToken, nil},
		{"POST", "/organizations/1/invite", "/organizations/{organizationId}/invite", DefaultToken,
			map[string]any{"email": "new@example.com", "name": "New Person", "usersRoleId": 13, "teamsId": []int{1}, "note": "Hi"}},
		{"GET", "/organizations/1/variables", "/organizations/{organizationId}/variables", DefaultToken, nil},
		{"POST", "/organizations/1/variables", "/organizations/{organizationId}/variables", DefaultToken, map[string]any{"name": "limit", "typeId": 1, "value": 10}},
		{"GET", "/organizations/1/variables/limit/history", "/organizations/{organizationId}/variables/{variableName}/history", DefaultToken, nil},
		{"PATCH", "/organizations/1/variables/limit", "/organizations/{organizationId}/variables/{variableName}", DefaultToken, map[string]any{"value": 12.5}},
		{"GET", "/organizations/1/variables/limit/history", "/organizations/{organizationId}/variables/{variableName}/history", DefaultToken, nil},
		{"DELETE", "/organizations/1/variables/limit?confirmed=true", "/organizations/{organizationId}/variables/{variableName}", DefaultToken, nil},
		{"GET", "/organizations/1/usage?organizationTimezone=true", "/organizations/{organizationId}/usage", DefaultToken, nil},
		{"GET", "/organizations/1/feature-controls", "/organizations/{organizationId}/feature-controls", DefaultToken, nil},
		{"PATCH", "/organizations/1/feature-controls", "/organizations/{organizationId}/feature-controls", DefaultToken, map[string]any{"id": 1, "enabled": false}},
		{"GET", "/organizations/1/check-team-permission?teamPermission=scenario%20add", "/organizations/{organizationId}/check-team-permission", DefaultToken, nil},
		{"POST", "/organizations/accept-invitation", "/organizations/accept-invitation", DefaultToken, map[string]any{"hash": inv}},
		{"DELETE", "/organizations/1?confirmed=true", "/organizations/{organizationId}", AdminToken, nil},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		r := doReq(t, s, c.method, c.path, c.tok, c.body)
		expectStatus(t, r, 200, "")
		checkSchema(t, c.method, c.specPath, r)
		seen[c.method+" "+c.specPath] = true
	}
	if len(seen) != 30 {
		t.Fatalf("%d operations checked, want 30: %v", len(seen), seen)
	}
	// Error bodies match the Error schema.
	r := doReq(t, s, "PATCH", "/organizations/2/tfa-enforcement", AdminToken, map[string]any{"enable": true})
	expectStatus(t, r, 402, "SC402")
	checkSchema(t, "PATCH", "/organizations/{organizationId}/tfa-enforcement", r)
}

func TestOrganizationsLifecycle(t *testing.T) {
	s := newOrgServer(t)
	body := map[string]any{"name": "Initech", "regionId": 1, "timezoneId": 120, "countryId": 3}
	expectStatus(t, doReq(t, s, "POST", "/organizations", DefaultToken, body), 403, CodeForbidden) // no admin:write

	r := doReq(t, s, "POST", "/organizations", AdminToken, body)
	expectStatus(t, r, 200, "")
	org := obj(t, r.body, "organization")
	id := int64(org["id"].(float64))
	if org["name"] != "Initech" || org["timezoneId"].(float64) != 120 || org["serviceName"] != "free" {
		t.Fatalf("created %v", org)
	}
	if role := obj(t, r.body, "userOrganizationRole"); role["usersRoleId"].(float64) != float64(RoleOwner) || role["invitation"] != nil {
		t.Fatalf("creator's role %v", role)
	}
	path := "/organizations/" + jsonNum(id)

	r = doReq(t, s, "GET", path+"?wait=true&cols[]=id&cols[]=name&cols[]=teams&cols[]=license", AdminToken, nil)
	expectStatus(t, r, 200, "")
	if want := `{"organization":{"id":` + jsonNum(id) + `,"name":"Initech","teams":[{"id":`; !strings.HasPrefix(string(r.raw), want) {
		t.Fatalf("get: %s", r.raw)
	}
	if lic := obj(t, obj(t, r.body, "organization"), "license"); lic["apiLimit"].(float64) != 60 {
		t.Fatalf("license %v", lic)
	}
	expectStatus(t, doReq(t, s, "GET", path, DefaultToken, nil), 403, CodeForbidden) // not a member
	expectStatus(t, doReq(t, s, "GET", path+"?wait=maybe", AdminToken, nil), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "GET", path+"?cols[]=secret", AdminToken, nil), 400, CodeInvalidParams)

	for name, bad := range map[string]map[string]any{
		"trailing space": {"name": "Initech "},
		"bad character":  {"name": "Init<ech>"},
		"empty":          {"name": ""},
		"zero country":   {"countryId": 0},
	} {
		if r := doReq(t, s, "PATCH", path, AdminToken, bad); r.status != 400 {
			t.Fatalf("%s: %d %s", name, r.status, r.raw)
		}
	}
	r = doReq(t, s, "PATCH", path, AdminToken, map[string]any{"name": "Initech (EU)", "countryId": 4})
	expectStatus(t, r, 200, "")
	if org := obj(t, r.body, "organization"); org["name"] != "Initech (EU)" || org["countryId"].(float64) != 4 || org["timezoneId"].(float64) != 120 {
		t.Fatalf("updated %v", org)
	}

	r = doReq(t, s, "GET", "/organizations?pg[sortBy]=id&pg[sortDir]=desc", AdminToken, nil)
	expectStatus(t, r, 200, "")
	list := arr(t, r.body, "organizations")
	if first := list[0].(map[string]any); first["id"].(float64) != float64(id) || first["name"] != "Initech (EU)" || len(first) != 3 {
		t.Fatalf("list %s", r.raw)
	}

	r = doReq(t, s, "DELETE", path, AdminToken, nil)
	expectStatus(t, r, 200, "")
	if string(r.raw) != `{"organization":`+jsonNum(id)+`}` {
		t.Fatalf("delete: %s", r.raw)
	}
	expectStatus(t, doReq(t, s, "GET", path, AdminToken, nil), 404, CodeNotFound)
	if _, ok := s.Organization(id); ok {
		t.Fatal("the organization is still stored")
	}
}

func jsonNum(id int64) string { b, _ := json.Marshal(id); return string(b) }

func TestOrganizationsZonesAndDeletion(t *testing.T) {
	s := newOrgServer(t)
	r := doReq(t, s, "GET", "/organizations?cols[]=id&cols[]=license&cols[]=serviceName&cols[]=zone", AdminToken, nil)
	expectStatus(t, r, 200, "")
	want := `{"organizations":[{"id":1,"license":{`
	if !strings.HasPrefix(string(r.raw), want) || !strings.Contains(string(r.raw), `{"id":2,"zone":"us1.make.com"}`) {
		t.Fatalf("license and serviceName only for %s: %s", ServedZone, r.raw)
	}
	r = doReq(t, s, "GET", "/organizations?zone=us1.make.com", AdminToken, nil)
	if got := arr(t, r.body, "organizations"); len(got) != 1 || got[0].(map[string]any)["name"] != "Globex" {
		t.Fatalf("zone filter: %s", r.raw)
	}
	expectStatus(t, doReq(t, s, "DELETE", "/organizations/2", AdminToken, nil), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "DELETE", "/organizations/1", DefaultToken, nil), 403, CodeForbidden) // Admin, not Owner

	s.SetActiveScenarios(1, 3)
	r = doReq(t, s, "DELETE", "/organizations/1", AdminToken, nil)
	expectStatus(t, r, 406, CodeConfirmationRequired)
	r = doReq(t, s, "DELETE", "/organizations/1?confirmed=true", AdminToken, nil)
	expectStatus(t, r, 200, "")
	if _, ok := s.Team(DefaultTeamID); ok {
		t.Fatal("the organization's teams are deleted with it")
	}
}

func TestOrganizationVariables(t *testing.T) {
	s := newOrgServer(t)
	const base = "/organizations/1/variables"
	create := func(name string, typeID int, value any) result {
		return doReq(t, s, "POST", base, DefaultToken, map[string]any{"name": name, "typeId": typeID, "value": value})
	}
	for _, c := range []struct {
		name   string
		typeID int
		value  any
		want   string
	}{
		{"threshold", 1, 12.5, `12.5`},
		{"greeting", 2, "Hello", `"Hello"`},
		{"$enabled_1", 3, false, `false`},
		{"launch", 4, "1998-03-06T13:31:00+01:00", `"1998-03-06T12:31:00.000Z"`},
	} {
		r := create(c.name, c.typeID, c.value)
		expectStatus(t, r, 200, "")
		want := `{"organizationVariable":{"name":"` + c.name + `","typeId":` + jsonNum(int64(c.typeID)) + `,"value":` + c.want + `,"isSystem":false}}`
		if string(r.raw) != want {
			t.Fatalf("create %s:\n got %s\nwant %s", c.name, r.raw, want)
		}
	}
	for name, r := range map[string]result{
		"boolean as a word":  create("flag", 3, "yes"),
		"number as a string": create("n", 1, "12"),
		"string as a number": create("s", 2, 12),
		"bad date":           create("d", 4, "tomorrow"),
		"null value":         create("x", 2, nil),
		"unknown type":       create("x", 5, "x"),
		"name with a dash":   create("my-var", 2, "x"),
		"taken name":         create("greeting", 2, "x"),
		"system name":        create("organizationId", 1, 5),
	} {
		if r.status != 400 || r.errCode() != CodeInvalidParams {
			t.Fatalf("%s: %d %s", name, r.status, r.raw)
		}
	}
	expectStatus(t, doReq(t, s, "POST", base, ReadOnlyToken, map[string]any{"name": "x", "typeId": 2, "value": "x"}), 403, CodeForbidden)
	expectStatus(t, doReq(t, s, "POST", base, bobToken, map[string]any{"name": "x", "typeId": 2, "value": "x"}), 403, CodeForbidden)

	r := doReq(t, s, "GET", base, bobToken, nil) // members may read
	expectStatus(t, r, 200, "")
	want := `{"organizationVariables":[{"name":"organizationId","typeId":1,"value":1,"isSystem":true},` +
		`{"name":"organizationName","typeId":2,"value":"Acme","isSystem":true},` +
		`{"name":"$enabled_1","typeId":3,"value":false,"isSystem":false},` +
		`{"name":"greeting","typeId":2,"value":"Hello","isSystem":false},` +
		`{"name":"launch","typeId":4,"value":"1998-03-06T12:31:00.000Z","isSystem":false},` +
		`{"name":"threshold","typeId":1,"value":12.5,"isSystem":false}]}`
	if string(r.raw) != want {
		t.Fatalf("list:\n got %s\nwant %s", r.raw, want)
	}

	// Never updated: the history holds the current value.
	r = doReq(t, s, "GET", base+"/threshold/history", DefaultToken, nil)
	expectStatus(t, r, 200, "")
	hist := arr(t, r.body, "organizationVariableHistory")
	if len(hist) != 1 || !reflect.DeepEqual(hist[0].(map[string]any)["diffObject"], map[string]any{"name": "threshold", "typeId": 1.0, "value": 12.5}) {
		t.Fatalf("history before updates: %s", r.raw)
	}

	// Type and value stay in step.
	expectStatus(t, doReq(t, s, "PATCH", base+"/threshold", DefaultToken, map[string]any{"value": "high"}), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "PATCH", base+"/threshold", DefaultToken, map[string]any{"typeId": 3}), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "PATCH", base+"/threshold", DefaultToken, map[string]any{}), 400, CodeInvalidParams)
	r = doReq(t, s, "PATCH", base+"/threshold", DefaultToken, map[string]any{"value": 20})
	expectStatus(t, r, 200, "")
	r = doReq(t, s, "PATCH", base+"/threshold", DefaultToken, map[string]any{"typeId": 2, "value": "twenty"})
	expectStatus(t, r, 200, "")
	if string(r.raw) != `{"organizationVariable":{"name":"threshold","typeId":2,"value":"twenty","isSystem":false}}` {
		t.Fatalf("update: %s", r.raw)
	}
	r = doReq(t, s, "GET", base+"/threshold/history", DefaultToken, nil)
	hist = arr(t, r.body, "organizationVariableHistory")
	if len(hist) != 2 {
		t.Fatalf("history: %s", r.raw)
	}
	newest := hist[0].(map[string]any)["diffObject"].(map[string]any)
	older := hist[1].(map[string]any)["diffObject"].(map[string]any)
	if newest["originalValue"] != 20.0 || newest["newValue"] != "twenty" || newest["typeId"] != 2.0 || newest["author"] != "Jane Doe" ||
		older["originalValue"] != 12.5 || older["newValue"] != 20.0 {
		t.Fatalf("history, newest first: %s", r.raw)
	}
	if hist[0].(map[string]any)["id"].(float64) <= hist[1].(map[string]any)["id"].(float64) {
		t.Fatalf("history IDs: %s", r.raw)
	}

	// The escaped name reaches the right variable.
	r = doReq(t, s, "GET", base+"/%24enabled_1/history", DefaultToken, nil)
	expectStatus(t, r, 200, "")

	expectStatus(t, doReq(t, s, "PATCH", base+"/organizationName", DefaultToken, map[string]any{"value": "X"}), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "DELETE", base+"/threshold", DefaultToken, nil), 406, CodeConfirmationRequired)
	expectStatus(t, doReq(t, s, "DELETE", base+"/threshold?confirmed=false", DefaultToken, nil), 406, CodeConfirmationRequired)
	expectStatus(t, doReq(t, s, "DELETE", base+"/threshold?confirmed=true", DefaultToken, nil), 200, "")
	expectStatus(t, doReq(t, s, "DELETE", base+"/threshold?confirmed=true", DefaultToken, nil), 404, CodeNotFound)
	expectStatus(t, doReq(t, s, "GET", base+"/threshold/history", DefaultToken, nil), 404, CodeNotFound)

	// Without the custom variables feature: system variables only, and 404.
	r = doReq(t, s, "GET", "/organizations/2/variables", AdminToken, nil)
	if got := arr(t, r.body, "organizationVariables"); len(got) != 2 {
		t.Fatalf("organization 2: %s", r.raw)
	}
	expectStatus(t, doReq(t, s, "POST", "/organizations/2/variables", AdminToken, map[string]any{"name": "x", "typeId": 2, "value": "x"}), 404, CodeNotFound)
}

func TestOrganizationInvitations(t *testing.T) {
	s := newOrgServer(t)
	invite := map[string]any{"email": "sam@example.com", "name": "Sam Newman", "usersRoleId": RoleMember, "teamsId": []int64{SecondTeamID}}
	expectStatus(t, doReq(t, s, "POST", "/organizations/1/invite", bobToken, invite), 403, CodeForbidden) // a Member cannot invite
	for name, bad := range map[string]map[string]any{
		"no email":     {"name": "Sam"},
		"bad email":    {"email": "sam", "name": "Sam"},
		"no name":      {"email": "sam@example.com"},
		"owner role":   {"email": "sam@example.com", "name": "Sam", "usersRoleId": RoleOwner},
		"member email": {"email": "bob@example.com", "name": "Bob"},
	} {
		if r := doReq(t, s, "POST", "/organizations/1/invite", DefaultToken, bad); r.status != 400 {
			t.Fatalf("%s: %d %s", name, r.status, r.raw)
		}
	}
	expectStatus(t, doReq(t, s, "POST", "/organizations/1/invite", DefaultToken,
		map[string]any{"email": "sam@example.com", "name": "Sam", "teamsId": []int64{OtherTeamID}}), 404, CodeNotFound)

	r := doReq(t, s, "POST", "/organizations/1/invite", DefaultToken, invite)
	expectStatus(t, r, 200, "")
	user := obj(t, r.body, "user")
	samID := int64(user["id"].(float64))
	if user["email"] != "sam@example.com" || user["name"] != "Sam Newman" {
		t.Fatalf("invited user: %s", r.raw)
	}
	if role := obj(t, r.body, "userOrganizationRole"); role["invitation"] != "pending" || role["usersRoleId"].(float64) != float64(RoleMember) {
		t.Fatalf("role: %s", r.raw)
	}
	if tr, ok := s.TeamMembership(samID, SecondTeamID); !ok || tr.RoleID != RoleTeamMember {
		t.Fatalf("team role %v %v", tr, ok)
	}

	const samToken = "org-test-sam"
	s.AddToken(samToken, samID, DefaultScopes()...)
	r = doReq(t, s, "GET", "/users/me/organization-invitations", samToken, nil)
	invs := arr(t, r.body, "userOrganizationInvitations")
	if len(invs) != 1 {
		t.Fatalf("invitations: %s", r.raw)
	}
	hash := invs[0].(map[string]any)["hash"].(string)
	if hash == "" || hash != s.InvitationHash(1, "sam@example.com") {
		t.Fatalf("hash %q", hash)
	}
	q := "/organizations/invitation?hash=" + url.QueryEscape(hash)

	r = doReq(t, s, "GET", q, samToken, nil)
	expectStatus(t, r, 200, "")
	if o := obj(t, r.body, "organization"); o["name"] != "Acme" || obj(t, r.body, "userOrganizationRole")["invitation"] != "pending" {
		t.Fatalf("invitation: %s", r.raw)
	}
	expectStatus(t, doReq(t, s, "GET", q, DefaultToken, nil), 200, "")        // the inviting Admin
	expectStatus(t, doReq(t, s, "GET", q, bobToken, nil), 403, CodeForbidden) // another member
	expectStatus(t, doReq(t, s, "GET", "/organizations/invitation", samToken, nil), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "GET", "/organizations/invitation?hash=nope", samToken, nil), 404, CodeNotFound)

	accept := map[string]any{"hash": hash}
	expectStatus(t, doReq(t, s, "POST", "/organizations/accept-invitation", DefaultToken, accept), 403, CodeForbidden)
	expectStatus(t, doReq(t, s, "POST", "/organizations/accept-invitation", samToken, map[string]any{}), 400, CodeInvalidParams)
	r = doReq(t, s, "POST", "/organizations/accept-invitation", samToken, accept)
	expectStatus(t, r, 200, "")
	if role := obj(t, r.body, "userOrganizationRole"); role["invitation"] != nil || role["organizationId"].(float64) != 1 {
		t.Fatalf("accepted: %s", r.raw)
	}
	if m, _ := s.Membership(samID, 1); m.Invitation != InvitationAccepted {
		t.Fatalf("membership %v", m)
	}
	// Accepted once: the hash is gone.
	expectStatus(t, doReq(t, s, "POST", "/organizations/accept-invitation", samToken, accept), 404, CodeNotFound)
	expectStatus(t, doReq(t, s, "GET", q, samToken, nil), 404, CodeNotFound)
	if s.InvitationHash(1, "sam@example.com") != "" {
		t.Fatal("InvitationHash after acceptance")
	}
	r = doReq(t, s, "GET", "/organizations", samToken, nil)
	if got := arr(t, r.body, "organizations"); len(got) != 1 || got[0].(map[string]any)["id"].(float64) != 1 {
		t.Fatalf("sam's organizations: %s", r.raw)
	}
	expectStatus(t, doReq(t, s, "POST", "/organizations/1/invite", DefaultToken, invite), 400, CodeInvalidParams) // a member now
}

func TestOrganizationBilling(t *testing.T) {
	s := newOrgServer(t)
	const org = "/organizations/1"
	subscription := func() map[string]any {
		r := doReq(t, s, "GET", org+"/subscription", daveToken, nil) // the Accountant
		expectStatus(t, r, 200, "")
		return obj(t, r.body, "product")
	}
	if p := subscription(); p["name"] != "Pro" || obj(t, p, "price")["id"].(float64) != 30 {
		t.Fatalf("subscription %v", p)
	}
	expectStatus(t, doReq(t, s, "GET", org+"/subscription", bobToken, nil), 403, CodeForbidden) // a Member
	expectStatus(t, doReq(t, s, "GET", org+"/payments", bobToken, nil), 403, CodeForbidden)
	expectStatus(t, doReq(t, s, "GET", org+"/apps", bobToken, nil), 200, "")

	expectStatus(t, doReq(t, s, "PATCH", org+"/tfa-enforcement", DefaultToken, map[string]any{"enable": true}), 402, "SC402")
	expectStatus(t, doReq(t, s, "PATCH", org+"/tfa-enforcement", bobToken, map[string]any{"enable": true}), 403, CodeForbidden)
	expectStatus(t, doReq(t, s, "POST", org+"/subscription", DefaultToken, map[string]any{"priceId": 40}), 400, CodeInvalidParams) // active already
	expectStatus(t, doReq(t, s, "PATCH", org+"/subscription", DefaultToken, map[string]any{"priceId": 99}), 404, CodeNotFound)
	expectStatus(t, doReq(t, s, "PATCH", org+"/subscription", DefaultToken, map[string]any{"priceId": 10}), 400, CodeInvalidParams) // Free
	expectStatus(t, doReq(t, s, "PATCH", org+"/subscription", DefaultToken, map[string]any{}), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "PATCH", org+"/subscription", DefaultToken,
		map[string]any{"priceId": 40, "customer": map[string]any{"email": "b@example.com", "name": "B"}}), 400, CodeInvalidParams)

	payments := func() int {
		r := doReq(t, s, "GET", org+"/payments?pg[limit]=100", DefaultToken, nil)
		expectStatus(t, r, 200, "")
		return len(arr(t, r.body, "payments"))
	}
	before := payments()
	expectStatus(t, doReq(t, s, "PATCH", org+"/subscription", DefaultToken, map[string]any{"priceId": 40}), 200, "")
	if o, _ := s.Organization(1); o.ServiceName != "teams" || o.License.APILimit != 240 {
		t.Fatalf("after the change: %+v", o)
	}
	if payments() != before+1 {
		t.Fatal("changing the plan records a payment")
	}
	r := doReq(t, s, "PATCH", org+"/tfa-enforcement", DefaultToken, map[string]any{"enable": true})
	expectStatus(t, r, 200, "")
	if string(r.raw) != `{"organization":{"tfaEnforced":true}}` {
		t.Fatalf("tfa: %s", r.raw)
	}

	expectStatus(t, doReq(t, s, "POST", org+"/universal-discount/claim-cancellation-offer", DefaultToken, nil), 200, "")
	if c := obj(t, subscription(), "coupon"); c["price"].(float64) != 17.06 {
		t.Fatalf("coupon %v", c)
	}
	expectStatus(t, doReq(t, s, "POST", org+"/universal-discount/claim-cancellation-offer", DefaultToken, nil), 400, CodeInvalidParams)

	expectStatus(t, doReq(t, s, "POST", org+"/subscription-free", DefaultToken, nil), 406, CodeConfirmationRequired)
	r = doReq(t, s, "POST", org+"/subscription-free?confirmed=true", DefaultToken, nil)
	expectStatus(t, r, 200, "")
	if o, _ := s.Organization(1); o.ServiceName != "free" || o.License.APILimit != 60 || o.TFAEnforced {
		t.Fatalf("on Free: %+v", o)
	}
	r = doReq(t, s, "PATCH", org+"/tfa-enforcement", DefaultToken, map[string]any{"enable": true})
	expectStatus(t, r, 400, "SC400")
	if r.body["message"] != "TFA enforcement feature is not available" {
		t.Fatalf("400 body %s", r.raw)
	}
	expectStatus(t, doReq(t, s, "DELETE", org+"/subscription", DefaultToken, nil), 400, CodeInvalidParams) // nothing paid to cancel

	expectStatus(t, doReq(t, s, "POST", org+"/subscription", DefaultToken, map[string]any{"priceId": 30, "couponCode": "BOGUS"}), 400, CodeInvalidParams)
	r = doReq(t, s, "POST", org+"/subscription", DefaultToken, map[string]any{"priceId": 30, "couponCode": "WELCOME10"})
	expectStatus(t, r, 200, "")
	if !strings.HasPrefix(r.body["url"].(string), "https://checkout.maketest.invalid/session/") {
		t.Fatalf("checkout %s", r.raw)
	}
	if p := subscription(); p["name"] != "Pro" {
		t.Fatalf("subscription %v", p)
	}
	expectStatus(t, doReq(t, s, "DELETE", org+"/subscription", DefaultToken, nil), 200, "")
	expectStatus(t, doReq(t, s, "GET", org+"/subscription", DefaultToken, nil), 404, CodeNotFound)
}

func TestOrganizationPaymentMethods(t *testing.T) {
	s := newOrgServer(t)
	const pm = "/organizations/1/subscription/payment-methods"
	methods := func() string {
		r := doReq(t, s, "GET", pm, DefaultToken, nil)
		expectStatus(t, r, 200, "")
		var parts []string
		for _, m := range arr(t, r.body, "paymentMethods") {
			m := m.(map[string]any)
			parts = append(parts, m["id"].(string)+":"+flag(m["customerDefaultMethod"], "S")+flag(m["customerDefaultExtrasMethod"], "E"))
		}
		return strings.Join(parts, " ")
	}
	if got := methods(); got != "pm_fake_card_4242:SE pm_fake_sepa_3000:--" {
		t.Fatalf("methods %s", got)
	}
	expectStatus(t, doReq(t, s, "PATCH", pm+"/pm_fake_sepa_3000/default", DefaultToken, nil), 400, CodeInvalidParams) // both: not immediate
	expectStatus(t, doReq(t, s, "PATCH", pm+"/pm_fake_sepa_3000/default", DefaultToken, map[string]any{"target": "all"}), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "PATCH", pm+"/pm_nope/default", DefaultToken, nil), 404, CodeNotFound)
	expectStatus(t, doReq(t, s, "DELETE", pm+"/pm_fake_card_4242", DefaultToken, nil), 400, CodeInvalidParams) // the subscription's default
	r := doReq(t, s, "PATCH", pm+"/pm_fake_sepa_3000/default", DefaultToken, map[string]any{"target": "subscription"})
	expectStatus(t, r, 200, "")
	if string(r.raw) != `{"paymentMethodId":"pm_fake_sepa_3000","paymentMethodType":"sepa_debit","isDefaultForSubscription":true,"isDefaultForExtras":false}` {
		t.Fatalf("set default: %s", r.raw)
	}
	if got := methods(); got != "pm_fake_card_4242:-E pm_fake_sepa_3000:S-" {
		t.Fatalf("methods %s", got)
	}
	expectStatus(t, doReq(t, s, "DELETE", pm+"/pm_fake_card_4242", DefaultToken, nil), 200, "")
	expectStatus(t, doReq(t, s, "DELETE", pm+"/pm_fake_card_4242", DefaultToken, nil), 404, CodeNotFound)
	if got := methods(); got != "pm_fake_sepa_3000:S-" {
		t.Fatalf("methods %s", got)
	}
	r = doReq(t, s, "GET", "/organizations/1/subscription/payment-method-types", DefaultToken, nil)
	if got := arr(t, r.body, "paymentMethodTypes"); len(got) != 3 {
		t.Fatalf("types %s", r.raw)
	}
}

// flag renders a default flag as its letter, or "-" when false.
func flag(v any, letter string) string {
	if v == true {
		return letter
	}
	return "-"
}

func TestOrganizationPaymentsPaging(t *testing.T) {
	s := newOrgServer(t)
	s.SeedPayments(1, 9) // 3 fixtures + 9
	var ids []string
	for off := 0; ; off += 5 {
		r := doReq(t, s, "GET", "/organizations/1/payments?pg[limit]=5&pg[offset]="+jsonNum(int64(off)), DefaultToken, nil)
		expectStatus(t, r, 200, "")
		page := arr(t, r.body, "payments")
		for _, p := range page {
			ids = append(ids, p.(map[string]any)["created"].(string)+" "+p.(map[string]any)["id"].(string))
		}
		if len(page) < 5 {
			break
		}
	}
	if len(ids) != 12 {
		t.Fatalf("%d payments: %v", len(ids), ids)
	}
	if !sort.SliceIsSorted(ids, func(i, j int) bool { return ids[i] > ids[j] }) {
		t.Fatalf("not newest first: %v", ids)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Fatalf("repeated %s", id)
		}
		seen[id] = true
	}
	expectStatus(t, doReq(t, s, "GET", "/organizations/1/payments?pg[sortBy]=amount", DefaultToken, nil), 400, CodeInvalidParams)
}

func TestOrganizationUsage(t *testing.T) {
	clock := time.Date(2024, 3, 10, 2, 0, 0, 0, time.UTC) // Prague: 10 March; New York: 9 March
	s := newOrgServer(t, WithClock(func() time.Time { return clock }))
	r := doReq(t, s, "GET", "/organizations/1/usage", DefaultToken, nil)
	expectStatus(t, r, 200, "")
	days := arr(t, r.body, "data")
	if len(days) != 30 {
		t.Fatalf("%d days", len(days))
	}
	first, last := days[0].(map[string]any), days[29].(map[string]any)
	if _, err := time.LoadLocation("Europe/Prague"); err == nil && (last["date"] != "2024-03-10" || first["date"] != "2024-02-10") {
		t.Fatalf("days %v .. %v", first["date"], last["date"])
	}
	if ops := last["operations"].(float64); last["dataTransfer"].(float64) != ops*512 || last["centicredits"].(float64) != ops*100 {
		t.Fatalf("day %v", last)
	}
	again := doReq(t, s, "GET", "/organizations/1/usage", DefaultToken, nil)
	if string(again.raw) != string(r.raw) {
		t.Fatal("usage is not deterministic")
	}
	// Organization 2's timezone is New York.
	r = doReq(t, s, "GET", "/organizations/2/usage?organizationTimezone=true", AdminToken, nil)
	if _, err := time.LoadLocation("America/New_York"); err == nil {
		if got := arr(t, r.body, "data")[29].(map[string]any)["date"]; got != "2024-03-09" {
			t.Fatalf("organization timezone: last day %v", got)
		}
	}
	expectStatus(t, doReq(t, s, "GET", "/organizations/1/usage?organizationTimezone=yes", DefaultToken, nil), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "GET", "/organizations/2/usage", DefaultToken, nil), 403, CodeForbidden) // invited, not a member
	expectStatus(t, doReq(t, s, "GET", "/organizations/99/usage", DefaultToken, nil), 404, CodeNotFound)
}

func TestOrganizationFeatureControlsAndPermissions(t *testing.T) {
	s := newOrgServer(t)
	const fc = "/organizations/1/feature-controls"
	r := doReq(t, s, "GET", fc+"?featureControlName=make%20ai%20tools&cols[]=id&cols[]=enabled", bobToken, nil)
	expectStatus(t, r, 200, "")
	if string(r.raw) != `{"enableAllControlFeatures":false,"featureControls":[{"id":1,"enabled":true}]}` {
		t.Fatalf("filtered: %s", r.raw)
	}
	r = doReq(t, s, "GET", fc, DefaultToken, nil)
	var ids []float64
	for _, f := range arr(t, r.body, "featureControls") {
		ids = append(ids, f.(map[string]any)["id"].(float64))
	}
	if !reflect.DeepEqual(ids, []float64{4, 3, 2, 1}) {
		t.Fatalf("descending IDs: %v", ids)
	}
	expectStatus(t, doReq(t, s, "PATCH", fc, bobToken, map[string]any{"id": 1, "enabled": false}), 403, CodeForbidden)
	expectStatus(t, doReq(t, s, "PATCH", fc, DefaultToken, map[string]any{"id": 9, "enabled": false}), 404, CodeNotFound)
	expectStatus(t, doReq(t, s, "PATCH", fc, DefaultToken, map[string]any{"id": 1}), 400, CodeInvalidParams)
	r = doReq(t, s, "PATCH", fc, DefaultToken, map[string]any{"id": 1, "enabled": false})
	if string(r.raw) != `{"featureControls":{"id":1,"enabled":false}}` {
		t.Fatalf("patch: %s", r.raw)
	}
	r = doReq(t, s, "GET", fc+"?featureControlName=Make%20AI%20Tools&cols[]=enabled", DefaultToken, nil)
	if string(r.raw) != `{"enableAllControlFeatures":false,"featureControls":[{"enabled":false}]}` {
		t.Fatalf("after patch: %s", r.raw)
	}

	check := func(tok, perm string) result {
		return doReq(t, s, "GET", "/organizations/1/check-team-permission?teamPermission="+url.QueryEscape(perm), tok, nil)
	}
	for _, c := range []struct {
		tok, perm string
		want      bool
	}{
		{DefaultToken, "scenario add", true},     // organization Admin
		{bobToken, "scenario add", true},         // Team Member of team 1
		{carolToken, "scenario add", true},       // Team Member of team 2
		{carolToken, "team users manage", false}, // Monitoring and Member only
		{daveToken, "scenario view", false},      // Accountant in no team
	} {
		r := check(c.tok, c.perm)
		expectStatus(t, r, 200, "")
		if r.body["hasPermission"] != c.want {
			t.Fatalf("%s %q: %s", c.tok, c.perm, r.raw)
		}
	}
	expectStatus(t, check(DefaultToken, "launch rockets"), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "GET", "/organizations/1/check-team-permission", DefaultToken, nil), 400, CodeInvalidParams)
	expectStatus(t, doReq(t, s, "GET", "/organizations/2/check-team-permission?teamPermission=team%20view", DefaultToken, nil), 403, CodeForbidden)

	r = doReq(t, s, "GET", "/organizations/1/apps", DefaultToken, nil)
	if apps := arr(t, r.body, "installedApps"); len(apps) != 2 || apps[0].(map[string]any)["appName"] != "acme-crm-x4kd9a" {
		t.Fatalf("apps: %s", r.raw)
	}
}
