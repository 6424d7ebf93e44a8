package maketest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

type result struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

func (r result) errCode() string { s, _ := r.body["code"].(string); return s }

// call sends a request with "Authorization: Token <tok>" (none if tok is "").
func doReq(t *testing.T, s *Server, method, path, tok string, body any) result {
	t.Helper()
	return doAuth(t, s, method, path, authToken(tok), body)
}

func authToken(tok string) string {
	if tok == "" {
		return ""
	}
	return "Token " + tok
}

func doAuth(t *testing.T, s *Server, method, path, authorization string, body any) result {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, s.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	r := result{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			t.Fatalf("%s %s: body is not a JSON object: %v: %s", method, path, err, raw)
		}
	}
	return r
}

func expectStatus(t *testing.T, r result, status int, code string) {
	t.Helper()
	if r.status != status || (code != "" && r.errCode() != code) {
		t.Fatalf("got %d %s, want %d %s; body %s", r.status, r.errCode(), status, code, r.raw)
	}
}

func TestURLAndUnknownRoutes(t *testing.T) {
	s := New()
	defer s.Close()
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") && !strings.HasPrefix(s.URL(), "http://[::1]:") || !strings.HasSuffix(s.URL(), "/api/v2") {
		t.Fatalf("URL() = %q", s.URL())
	}
	r := doReq(t, s, "GET", "/nope", DefaultToken, nil)
	expectStatus(t, r, 404, CodeNotFound)
	if !strings.Contains(r.body["detail"].(string), "/nope") {
		t.Errorf("detail should name the route: %s", r.raw)
	}
	r = doReq(t, s, "POST", "/users/me", DefaultToken, nil)
	expectStatus(t, r, 405, CodeMethodNotAllowed)
	if r.header.Get("Allow") == "" {
		t.Errorf("405 without Allow header")
	}
	// Outside /api/v2.
	resp, err := http.Get(s.BaseURL() + "/users/me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("outside the prefix: %d", resp.StatusCode)
	}
}

func TestAuth(t *testing.T) {
	s := New()
	defer s.Close()
	r := doReq(t, s, "GET", "/users/me", "", nil)
	expectStatus(t, r, 401, CodeInvalidCredentials)
	if r.body["message"] != "Invalid credentials." || r.body["detail"] == "" {
		t.Errorf("401 body: %s", r.raw)
	}
	expectStatus(t, doReq(t, s, "GET", "/users/me", "nope", nil), 401, CodeInvalidCredentials)
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Basic "+DefaultToken, nil), 401, CodeInvalidCredentials)
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+DefaultToken, nil), 200, "")
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "token "+DefaultToken, nil), 200, "")
	// OAuth tokens work only as Bearer.
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+OAuthToken, nil), 200, "")
	expectStatus(t, doReq(t, s, "GET", "/users/me", OAuthToken, nil), 401, CodeInvalidCredentials)

	// Missing scope: Make's documented 403 body, its detail naming the scope.
	r = doReq(t, s, "PATCH", "/users/1", ReadOnlyToken, map[string]any{"name": "X"})
	if r.status != 403 || string(r.raw) != `{"message":"Permission denied","code":"SC403","detail":"Access denied. The token lacks the scope user:write."}` {
		t.Fatalf("403: %d %s", r.status, r.raw)
	}
	s.AddToken("custom", DefaultUserID, "user:read")
	expectStatus(t, doReq(t, s, "GET", "/users?teamId=1", "custom", nil), 200, "")
	expectStatus(t, doReq(t, s, "GET", "/users/me", "custom", nil), 403, CodeForbidden)
	s.RemoveToken("custom")
	expectStatus(t, doReq(t, s, "GET", "/users?teamId=1", "custom", nil), 401, CodeInvalidCredentials)
}

func TestRequestsRecorded(t *testing.T) {
	s := New()
	defer s.Close()
	doReq(t, s, "PATCH", "/users/1?x=1", DefaultToken, `{"name":"Jane"}`)
	s.InjectFault(Fault{Status: 503, Body: MakeErrorBody("Service unavailable", "SC503", "")})
	doReq(t, s, "GET", "/users/me", "", nil)
	if n := s.RequestCount(); n != 2 {
		t.Fatalf("RequestCount = %d", n)
	}
	reqs := s.Requests()
	r0 := reqs[0]
	if r0.Method != "PATCH" || r0.Path != "/users/1" || r0.Query.Encode() != "x=1" || string(r0.Body) != `{"name":"Jane"}` ||
		r0.Header.Get("Authorization") != "Token "+DefaultToken || r0.Query.Get("x") != "1" || r0.Time.IsZero() {
		t.Fatalf("recorded %+v", r0)
	}
	reqs[0].Header.Set("Authorization", "changed")
	reqs[0].Body[0] = 'X'
	if again := s.Requests()[0]; again.Header.Get("Authorization") != "Token "+DefaultToken || again.Body[0] != '{' {
		t.Fatal("Requests() must return copies")
	}
	if last, _ := s.LastRequest(); last.Path != "/users/me" {
		t.Fatalf("LastRequest = %+v", last)
	}
	s.ResetRequests()
	if s.RequestCount() != 0 || len(s.Requests()) != 0 {
		t.Fatal("ResetRequests")
	}
}

func TestPaginationValidation(t *testing.T) {
	s := New()
	defer s.Close()
	for _, q := range []string{"pg[limit]=10001", "pg[limit]=0", "pg[limit]=x", "pg[offset]=-1", "pg[sortBy]=tfaStatus", "pg[sortDir]=up", "pg[last]=5"} {
		r := doReq(t, s, "GET", "/users?teamId=1&"+q, DefaultToken, nil)
		expectStatus(t, r, 400, CodeInvalidParams)
		param := q[:strings.Index(q, "=")]
		if !strings.Contains(r.body["detail"].(string), param) {
			t.Errorf("%s: detail does not name %s: %s", q, param, r.raw)
		}
	}
	r := doReq(t, s, "GET", "/users?teamId=1&pg[limit]=10000", DefaultToken, nil)
	expectStatus(t, r, 200, "")
}

func TestPagingIsStable(t *testing.T) {
	s := New(WithSeed(23))
	defer s.Close()
	if u, _ := s.User(2); u.Name != "User 0001" || u.Email != "user0001@example.com" {
		t.Fatalf("seeded user 2 = %+v", u)
	}
	for _, sortBy := range []string{"id", "name", "email"} {
		for _, dir := range []string{"asc", "desc"} {
			seen := map[int64]bool{}
			var order []int64
			for off := 0; ; off += 4 {
				r := doReq(t, s, "GET", fmt.Sprintf("/users?organizationId=1&pg[sortBy]=%s&pg[sortDir]=%s&pg[offset]=%d&pg[limit]=4", sortBy, dir, off), DefaultToken, nil)
				expectStatus(t, r, 200, "")
				pg := r.body["pg"].(map[string]any)
				if pg["sortBy"] != sortBy || pg["sortDir"] != dir || pg["limit"] != 4.0 || pg["offset"] != float64(off) {
					t.Fatalf("pg = %v", pg)
				}
				ids := userIDs(t, r.body)
				if len(ids) == 0 {
					break
				}
				for _, id := range ids {
					if seen[id] {
						t.Fatalf("%s %s: user %d repeated", sortBy, dir, id)
					}
					seen[id] = true
					order = append(order, id)
				}
			}
			if len(seen) != 24 {
				t.Fatalf("%s %s: saw %d users, want 24", sortBy, dir, len(seen))
			}
			if sortBy == "id" && dir == "desc" && (order[0] != 24 || order[23] != 1) {
				t.Fatalf("id desc order: %v", order)
			}
		}
	}
	// Default: id desc, limit 10.
	r := doReq(t, s, "GET", "/users?organizationId=1", DefaultToken, nil)
	eqIDs(t, userIDs(t, r.body), 24, 23, 22, 21, 20, 19, 18, 17, 16, 15)
	if pg := r.body["pg"].(map[string]any); pg["sortBy"] != "id" || pg["sortDir"] != "desc" || pg["limit"] != 10.0 || pg["offset"] != 0.0 {
		t.Fatalf("default pg = %v", pg)
	}
}

func TestRateLimit(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	s := New(WithRateLimit(2), WithClock(clock))
	defer s.Close()
	s.AddToken("second", DefaultUserID, DefaultScopes()...)
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 200, "")
	advance(10 * time.Second)
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 200, "")
	r := doReq(t, s, "GET", "/users/me", DefaultToken, nil)
	if r.status != 429 || string(r.raw) != `{"message":"Requests limit for organization exceeded, please try again later.","code":"SC429"}` {
		t.Fatalf("429: %d %s", r.status, r.raw)
	}
	if ra := r.header.Get("Retry-After"); ra != "50" {
		t.Fatalf("Retry-After = %q, want 50", ra)
	}
	// A request naming no organization counts per token: another token has
	// its own window.
	expectStatus(t, doReq(t, s, "GET", "/users/me", "second", nil), 200, "")
	advance(50500 * time.Millisecond)
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 200, "")
	r = doReq(t, s, "GET", "/users/me", DefaultToken, nil)
	if r.status != 429 || r.header.Get("Retry-After") != "10" {
		t.Fatalf("second window: %d %q", r.status, r.header.Get("Retry-After"))
	}
	s.SetRateLimit(0)
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 200, "")
	if s.RequestCount() != 7 {
		t.Fatalf("rate-limited requests must be recorded: %d", s.RequestCount())
	}
}

// TestRateLimitPerOrganization: requests naming an organization (in the
// path, in the query, or through a team of it) share its count whatever
// their token; other organizations and requests naming none are apart.
func TestRateLimitPerOrganization(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s := New(WithRateLimit(3), WithClock(func() time.Time { return now }))
	defer s.Close()
	s.AddToken("second", DefaultUserID, DefaultScopes()...)
	other := s.AddOrganization(Organization{Name: "Initech"})
	s.SetMembership(DefaultUserID, other.ID, RoleOwner)

	expectStatus(t, doReq(t, s, "GET", "/organizations/1", DefaultToken, nil), 200, "")    // path organizationId
	expectStatus(t, doReq(t, s, "GET", "/users?organizationId=1", "second", nil), 200, "") // query organizationId, another token
	expectStatus(t, doReq(t, s, "GET", "/users?teamId=1", DefaultToken, nil), 200, "")     // team 1 is organization 1's
	r := doReq(t, s, "GET", "/organizations/1/variables", "second", nil)
	if r.status != 429 || r.header.Get("Retry-After") != "60" {
		t.Fatalf("4th request of organization 1: %d %q %s", r.status, r.header.Get("Retry-After"), r.raw)
	}
	expectStatus(t, doReq(t, s, "GET", fmt.Sprintf("/organizations/%d", other.ID), DefaultToken, nil), 200, "")
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 200, "") // no organization: per token
	expectStatus(t, doReq(t, s, "GET", "/users/me", "second", nil), 200, "")
}

func TestFaultCanned(t *testing.T) {
	s := New()
	defer s.Close()
	s.InjectFault(Fault{OperationID: "usersGetCurrentAuthorization", Times: 2, Status: 502, Body: "<html>bad gateway</html>",
		ContentType: "text/html", RetryAfter: 2500 * time.Millisecond})
	// The operation must match.
	expectStatus(t, doReq(t, s, "GET", "/users?teamId=1", DefaultToken, nil), 200, "")
	for i := 0; i < 2; i++ {
		req, _ := http.NewRequest("GET", s.URL()+"/users/me/current-authorization", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 502 || string(b) != "<html>bad gateway</html>" || resp.Header.Get("Content-Type") != "text/html" || resp.Header.Get("Retry-After") != "3" {
			t.Fatalf("fault %d: %d %q %v", i, resp.StatusCode, b, resp.Header)
		}
	}
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 200, "")
	// Default status 500; Times < 0 until ClearFaults.
	s.InjectFault(Fault{Times: -1})
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequest("DELETE", s.URL()+"/anything", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 500 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	}
	if s.PendingFaults() != 1 {
		t.Fatal("unlimited fault should stay queued")
	}
	s.ClearFaults()
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 200, "")
}

// noKeepAlive is a client that uses a new connection per request, so that
// net/http does not transparently retry a replayable request after a reset.
func noKeepAlive() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
}

func TestFaultResetHangTruncate(t *testing.T) {
	s := New()
	defer s.Close()
	c := noKeepAlive()

	s.InjectFault(Fault{Reset: true})
	if _, err := c.Get(s.URL() + "/users/me"); err == nil {
		t.Fatal("reset: expected an error")
	}

	s.InjectFault(Fault{Hang: true})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL()+"/users/me", nil)
	start := time.Now()
	if _, err := c.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("hang: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("hang did not end with the context")
	}

	body := `{"users":[{"id":1,"name":"Jane Doe"}],"pg":{"limit":10}}`
	s.InjectFault(Fault{Truncate: true, Body: body})
	resp, err := c.Get(s.URL() + "/users/me")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.ContentLength != int64(len(body)) || !errors.Is(err, io.ErrUnexpectedEOF) || string(got) != body[:len(body)/2] {
		t.Fatalf("truncate: %d len %d %q %v", resp.StatusCode, resp.ContentLength, got, err)
	}
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 200, "")
	if n := s.RequestCount(); n != 4 {
		t.Fatalf("faulted requests must be recorded: %d", n)
	}
}

func TestFaultHangReleasedByClose(t *testing.T) {
	s := New()
	s.InjectFault(Fault{Hang: true})
	done := make(chan error, 1)
	go func() {
		resp, err := noKeepAlive().Get(s.URL() + "/users/me")
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	for s.RequestCount() == 0 {
		time.Sleep(time.Millisecond)
	}
	s.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("expected an error after Close")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not release the hanging request")
	}
	s.Close() // idempotent
}

func TestFaultBodySize(t *testing.T) {
	s := New()
	defer s.Close()
	s.InjectFault(Fault{BodySize: 100})
	resp, err := http.Get(s.URL() + "/users/me")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var v map[string]string
	if resp.StatusCode != 200 || len(b) != 100 || json.Unmarshal(b, &v) != nil {
		t.Fatalf("small filler: %d %d %q", resp.StatusCode, len(b), b)
	}
	const size = 100 << 20
	s.InjectFault(Fault{BodySize: size, Status: 500})
	resp, err = http.Get(s.URL() + "/users/me")
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 500 || resp.ContentLength != size || n != size || err != nil {
		t.Fatalf("100 MiB: %d cl %d read %d %v", resp.StatusCode, resp.ContentLength, n, err)
	}
}

func TestStateHelpers(t *testing.T) {
	s := New()
	defer s.Close()
	o := s.AddOrganization(Organization{Name: "Initech", License: License{APILimit: 60}})
	if o.ID != 2 || o.Zone != "eu1.make.com" {
		t.Fatalf("org %+v", o)
	}
	team := s.AddTeam(Team{OrganizationID: o.ID, Name: "Initech Team"})
	if team.ID != 2 {
		t.Fatalf("team %+v", team)
	}
	u := s.AddUser(User{Name: "Peter Gibbons", Email: "peter@example.com", Password: "Tps-Report1!", TFAStatus: 1})
	if u.ID != 2 || u.Language != "en" || u.LastLogin.IsZero() {
		t.Fatalf("user %+v", u)
	}
	s.SetMembership(u.ID, o.ID, RoleOwner)
	s.SetTeamRole(u.ID, team.ID, RoleTeamAdmin)
	s.AddToken("peter", u.ID, DefaultScopes()...)
	eqIDs(t, userIDs(t, doReq(t, s, "GET", "/users?organizationId=2", "peter", nil).body), 2)
	eqIDs(t, userIDs(t, doReq(t, s, "GET", "/users?teamId=2", "peter", nil).body), 2)
	hash := s.Invite(DefaultUserID, o.ID, RoleMember)
	if m, ok := s.Membership(DefaultUserID, o.ID); !ok || m.Invitation != InvitationPending || m.Hash != hash {
		t.Fatalf("invite %+v", m)
	}
	s.SetMembership(u.ID, o.ID, 0)
	if _, ok := s.TeamMembership(u.ID, team.ID); ok {
		t.Fatal("removing the membership should remove team roles")
	}
	if !s.UpdateUser(2, func(u *User) { u.Name = "Peter" }) || s.UpdateUser(99, func(*User) {}) {
		t.Fatal("UpdateUser")
	}
	if got, _ := s.User(2); got.Name != "Peter" {
		t.Fatal("UpdateUser did not apply")
	}
	if !s.UpdateOrganization(1, func(o *Organization) { o.License.APILimit = 1000 }) {
		t.Fatal("UpdateOrganization")
	}
	if got, _ := s.Organization(1); got.License.APILimit != 1000 || got.Name != "Acme" {
		t.Fatalf("org 1 %+v", got)
	}
	if n := len(s.Users()); n != 2 {
		t.Fatalf("Users() = %d", n)
	}
	users := s.SeedUsers(2)
	if users[0].ID != 3 || users[1].Email != "user0002@example.com" {
		t.Fatalf("SeedUsers %+v", users)
	}
	// Returned copies do not alias the state.
	got, _ := s.User(1)
	got.Features["allow_apps"] = false
	if again, _ := s.User(1); again.Features["allow_apps"] != true {
		t.Fatal("User() aliases Features")
	}
}

// TestDefaultData pins what a new server holds: the current user, owner of
// one organization with one team, her three tokens, and nothing else.
func TestDefaultData(t *testing.T) {
	s := New()
	defer s.Close()
	o, _ := s.Organization(DefaultOrganizationID)
	if o.Name != "Acme" || o.Zone != "eu1.make.com" || o.License.APILimit != 240 {
		t.Fatalf("org 1 %+v", o)
	}
	if tm, ok := s.Team(DefaultTeamID); !ok || tm.OrganizationID != DefaultOrganizationID || tm.Name != "Acme Team" {
		t.Fatalf("team 1 %+v", tm)
	}
	jane, _ := s.User(DefaultUserID)
	if jane.Name != "Jane Doe" || jane.Email != "jane@example.com" || jane.Password != DefaultPassword || jane.UsersAdminsRoleID != 0 {
		t.Fatalf("jane %+v", jane)
	}
	if m, _ := s.Membership(DefaultUserID, DefaultOrganizationID); m.RoleID != RoleOwner || m.Invitation != InvitationAccepted {
		t.Fatalf("jane org role %+v", m)
	}
	if m, _ := s.TeamMembership(DefaultUserID, DefaultTeamID); m.RoleID != RoleTeamAdmin {
		t.Fatalf("jane team role %+v", m)
	}
	s.mu.Lock()
	counts := []int{len(s.st.users), len(s.st.orgs), len(s.st.teams), len(s.st.orgRoles), len(s.st.teamRoles), len(s.tokens)}
	s.mu.Unlock()
	if want := []int{1, 1, 1, 1, 1, 3}; fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Fatalf("users, organizations, teams, memberships, team roles, tokens = %v, want %v", counts, want)
	}
	for _, tok := range []string{DefaultToken, ReadOnlyToken} {
		expectStatus(t, doReq(t, s, "GET", "/users/me", tok, nil), 200, "")
	}
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+OAuthToken, nil), 200, "")
	expectStatus(t, doReq(t, s, "GET", "/users/me", AdminToken, nil), 401, CodeInvalidCredentials)
	r := doReq(t, s, "GET", "/organizations/1/payments", DefaultToken, nil)
	expectStatus(t, r, 200, "")
	if p := r.body["payments"].([]any); len(p) != 0 {
		t.Fatalf("default payments: %s", r.raw)
	}
}

// TestExampleData pins what WithExampleData adds, and that WithSeed's users
// come after it whatever the order of the options.
func TestExampleData(t *testing.T) {
	s := New(WithSeed(2), WithExampleData())
	defer s.Close()
	for id, org := range map[int64]int64{DefaultTeamID: 1, SecondTeamID: 1, OtherTeamID: 2} {
		if tm, ok := s.Team(id); !ok || tm.OrganizationID != org {
			t.Fatalf("team %d %+v", id, tm)
		}
	}
	if o, _ := s.Organization(OtherOrganizationID); o.Name != "Globex" || o.Zone != "us1.make.com" {
		t.Fatalf("org 2 %+v", o)
	}
	if m, _ := s.Membership(DefaultUserID, DefaultOrganizationID); m.RoleID != RoleAdmin {
		t.Fatalf("jane org role %+v", m)
	}
	if m, _ := s.Membership(AdminUserID, DefaultOrganizationID); m.RoleID != RoleOwner {
		t.Fatalf("adam org role %+v", m)
	}
	if m, _ := s.Membership(DefaultUserID, OtherOrganizationID); m.Invitation != InvitationPending || m.Hash != DefaultInvitationHash {
		t.Fatalf("jane's invitation %+v", m)
	}
	if admin, _ := s.User(AdminUserID); admin.UsersAdminsRoleID == 0 || admin.Password != AdminPassword {
		t.Fatal("user 2 must be a White Label admin")
	}
	var names []string
	for _, u := range s.Users() {
		names = append(names, fmt.Sprintf("%d %s", u.ID, u.Name))
	}
	if got := strings.Join(names, ", "); got != "1 Jane Doe, 2 Adam Admin, 3 Bob Builder, 4 Carol Checker, 5 Dave Numbers, 6 User 0001, 7 User 0002" {
		t.Fatalf("users: %s", got)
	}
	r := doReq(t, s, "GET", "/users/me/current-authorization", AdminToken, nil)
	if !strings.Contains(string(r.raw), `"admin:read","admin:write"`) {
		t.Fatalf("admin scopes: %s", r.raw)
	}
	r = doReq(t, s, "GET", "/organizations/1/payments", DefaultToken, nil)
	expectStatus(t, r, 200, "")
	if p := r.body["payments"].([]any); len(p) != 3 {
		t.Fatalf("example payments: %s", r.raw)
	}
}

func TestConcurrentUse(t *testing.T) {
	s := New(WithSeed(20), WithRateLimit(100000))
	defer s.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 10; j++ {
				var req *http.Request
				switch j % 3 {
				case 0:
					req, _ = http.NewRequest("GET", s.URL()+"/users?organizationId=1&pg[limit]=5", nil)
				case 1:
					req, _ = http.NewRequest("PATCH", s.URL()+"/users/1", strings.NewReader(fmt.Sprintf(`{"name":"Jane %d"}`, i)))
				default:
					req, _ = http.NewRequest("GET", s.URL()+"/users/me", nil)
				}
				req.Header.Set("Authorization", "Token "+DefaultToken)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					errs <- err
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs <- fmt.Errorf("status %d", resp.StatusCode)
					return
				}
				s.AddUser(User{Name: "Concurrent", Email: fmt.Sprintf("c%d-%d@example.com", i, j)})
				_ = s.Requests()
				_, _ = s.User(1)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := s.RequestCount(); n != 160 {
		t.Fatalf("RequestCount = %d", n)
	}
}
