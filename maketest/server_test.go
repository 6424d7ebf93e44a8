package maketest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// ---------------------------------------------------------------------------
// helpers

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

// ---------------------------------------------------------------------------
// OpenAPI catalogue: routes, scopes and a small response validator.

type openapi struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
}

type specOperation struct {
	Tags      []string `json:"tags"`
	Scopes    []string `json:"x-scopes"`
	Responses map[string]struct {
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

var (
	specOnce sync.Once
	spec     openapi
	specErr  error
)

func loadSpec(t *testing.T) *openapi {
	t.Helper()
	specOnce.Do(func() {
		b, err := os.ReadFile("../testdata/openapi.json")
		if err != nil {
			specErr = err
			return
		}
		if specErr = json.Unmarshal(b, &spec); specErr != nil {
			return
		}
	})
	if specErr != nil {
		t.Fatalf("loading openapi.json: %v", specErr)
	}
	return &spec
}

func (o *openapi) op(t *testing.T, method, path string) specOperation {
	t.Helper()
	raw, ok := o.Paths[path][strings.ToLower(method)]
	if !ok {
		t.Fatalf("no operation %s %s in openapi.json", method, path)
	}
	var op specOperation
	if err := json.Unmarshal(raw, &op); err != nil {
		t.Fatal(err)
	}
	return op
}

// validate checks v against an OpenAPI 3.0 schema subset (type, nullable,
// enum, properties, required, items, $ref, allOf, formats). Undeclared
// properties are errors unless additionalProperties is set.
func (o *openapi) validate(schema map[string]any, v any, at string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		return o.validate(o.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")], v, at)
	}
	if all, ok := schema["allOf"].([]any); ok {
		var errs []string
		for _, s := range all {
			errs = append(errs, o.validate(s.(map[string]any), v, at)...)
		}
		return errs
	}
	if v == nil {
		if schema["nullable"] == true || len(schema) == 0 || schema["type"] == nil {
			return nil
		}
		return []string{at + ": null but not nullable"}
	}
	if enum, ok := schema["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			if reflect.DeepEqual(e, v) {
				found = true
			}
		}
		if !found {
			return []string{fmt.Sprintf("%s: %v not in enum %v", at, v, enum)}
		}
	}
	var errs []string
	switch typ, _ := schema["type"].(string); typ {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return []string{at + ": not an object"}
		}
		props, _ := schema["properties"].(map[string]any)
		for _, r := range asSlice(schema["required"]) {
			if _, ok := m[r.(string)]; !ok {
				errs = append(errs, at+": missing required "+r.(string))
			}
		}
		for k, val := range m {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if schema["additionalProperties"] == nil || schema["additionalProperties"] == false {
					errs = append(errs, at+": undocumented property "+k)
				}
				continue
			}
			errs = append(errs, o.validate(ps, val, at+"."+k)...)
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return []string{at + ": not an array"}
		}
		items, _ := schema["items"].(map[string]any)
		for i, e := range a {
			errs = append(errs, o.validate(items, e, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return []string{at + ": not a string"}
		}
		switch schema["format"] {
		case "date-time":
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				errs = append(errs, at+": not a date-time: "+s)
			}
		case "email":
			if !validEmail(s) {
				errs = append(errs, at+": not an email: "+s)
			}
		case "uri":
			if u, err := url.Parse(s); err != nil || u.Scheme == "" {
				errs = append(errs, at+": not a uri: "+s)
			}
		}
	case "integer":
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) {
			return []string{fmt.Sprintf("%s: %v is not an integer", at, v)}
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return []string{at + ": not a number"}
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return []string{at + ": not a boolean"}
		}
	}
	return errs
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

// checkSchema validates a response against the operation's documented
// response schema for its status (the Error schema for errors).
func checkSchema(t *testing.T, method, path string, r result) {
	t.Helper()
	o := loadSpec(t)
	var schema map[string]any
	if r.status >= 400 {
		schema = map[string]any{"$ref": "#/components/schemas/Error"}
	} else {
		resp, ok := o.op(t, method, path).Responses[strconv.Itoa(r.status)]
		if !ok {
			t.Fatalf("%s %s: status %d is not documented", method, path, r.status)
		}
		schema = resp.Content["application/json"].Schema
	}
	var v any
	if err := json.Unmarshal(r.raw, &v); err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if errs := o.validate(schema, v, "body"); len(errs) > 0 {
		t.Errorf("%s %s: response does not match the schema:\n  %s\nbody: %s", method, path, strings.Join(errs, "\n  "), r.raw)
	}
}

// TestUsersResponsesMatchSchemas calls every Users operation successfully and
// validates the answers against openapi.json.
func TestUsersResponsesMatchSchemas(t *testing.T) {
	s := New()
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

// ---------------------------------------------------------------------------
// Framework

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
	s.AddToken("custom", 3, "user:read")
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
	if u, _ := s.User(6); u.Name != "User 0001" || u.Email != "user0001@example.com" {
		t.Fatalf("seeded user 6 = %+v", u)
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
			if len(seen) != 28 {
				t.Fatalf("%s %s: saw %d users, want 28", sortBy, dir, len(seen))
			}
			if sortBy == "id" && dir == "desc" && (order[0] != 28 || order[27] != 1) {
				t.Fatalf("id desc order: %v", order)
			}
		}
	}
	// Default: id desc, limit 10.
	r := doReq(t, s, "GET", "/users?organizationId=1", DefaultToken, nil)
	eqIDs(t, userIDs(t, r.body), 28, 27, 26, 25, 24, 23, 22, 21, 20, 19)
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
	// Other tokens have their own window.
	expectStatus(t, doReq(t, s, "GET", "/users/me", AdminToken, nil), 200, "")
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

// ---------------------------------------------------------------------------
// Faults

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

// ---------------------------------------------------------------------------
// Users

func TestListUsersValidation(t *testing.T) {
	s := New()
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
	s := New()
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
	s := New()
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
	s := New()
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
	s := New()
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
	s := New()
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
	s := New()
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
	if want := `{"authorization":{"authUsed":"token","scope":["user:read","user:write","organizations:read","organizations:write","organization:read","organization-variables:read","organization-variables:write"]}}`; string(r.raw) != want {
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
	s := New()
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

func TestStateHelpers(t *testing.T) {
	s := New()
	defer s.Close()
	o := s.AddOrganization(Organization{Name: "Initech", License: License{APILimit: 60}})
	if o.ID != 3 || o.Zone != "eu1.make.com" {
		t.Fatalf("org %+v", o)
	}
	team := s.AddTeam(Team{OrganizationID: o.ID, Name: "Initech Team"})
	if team.ID != 4 {
		t.Fatalf("team %+v", team)
	}
	u := s.AddUser(User{Name: "Peter Gibbons", Email: "peter@example.com", Password: "Tps-Report1!", TFAStatus: 1})
	if u.ID != 6 || u.Language != "en" || u.LastLogin.IsZero() {
		t.Fatalf("user %+v", u)
	}
	s.SetMembership(u.ID, o.ID, RoleOwner)
	s.SetTeamRole(u.ID, team.ID, RoleTeamAdmin)
	s.AddToken("peter", u.ID, DefaultScopes()...)
	eqIDs(t, userIDs(t, doReq(t, s, "GET", "/users?organizationId=3", "peter", nil).body), 6)
	eqIDs(t, userIDs(t, doReq(t, s, "GET", "/users?teamId=4", "peter", nil).body), 6)
	hash := s.Invite(3, o.ID, RoleMember)
	if m, ok := s.Membership(3, o.ID); !ok || m.Invitation != InvitationPending || m.Hash != hash {
		t.Fatalf("invite %+v", m)
	}
	s.SetMembership(u.ID, o.ID, 0)
	if _, ok := s.TeamMembership(u.ID, team.ID); ok {
		t.Fatal("removing the membership should remove team roles")
	}
	if !s.UpdateUser(3, func(u *User) { u.Name = "Robert" }) || s.UpdateUser(99, func(*User) {}) {
		t.Fatal("UpdateUser")
	}
	if got, _ := s.User(3); got.Name != "Robert" {
		t.Fatal("UpdateUser did not apply")
	}
	if !s.UpdateOrganization(1, func(o *Organization) { o.License.APILimit = 1000 }) {
		t.Fatal("UpdateOrganization")
	}
	if got, _ := s.Organization(1); got.License.APILimit != 1000 || got.Name != "Acme" {
		t.Fatalf("org 1 %+v", got)
	}
	if n := len(s.Users()); n != 6 {
		t.Fatalf("Users() = %d", n)
	}
	users := s.SeedUsers(2)
	if users[0].ID != 7 || users[1].Email != "user0002@example.com" {
		t.Fatalf("SeedUsers %+v", users)
	}
	// Returned copies do not alias the state.
	got, _ := s.User(1)
	got.Features["allow_apps"] = false
	if again, _ := s.User(1); again.Features["allow_apps"] != true {
		t.Fatal("User() aliases Features")
	}
}

func TestDefaultFixtures(t *testing.T) {
	s := New()
	defer s.Close()
	o, _ := s.Organization(1)
	if o.Name != "Acme" || o.Zone != "eu1.make.com" || o.License.APILimit != 240 {
		t.Fatalf("org 1 %+v", o)
	}
	for id, team := range map[int64]int64{1: 1, 2: 1, 3: 2} {
		if tm, ok := s.Team(id); !ok || tm.OrganizationID != team {
			t.Fatalf("team %d %+v", id, tm)
		}
	}
	jane, _ := s.User(1)
	if jane.Name != "Jane Doe" || jane.Email != "jane@example.com" || jane.Password != "Current-Passw0rd!" {
		t.Fatalf("jane %+v", jane)
	}
	if m, _ := s.Membership(1, 1); m.RoleID != 12 {
		t.Fatalf("jane org role %+v", m)
	}
	if m, _ := s.TeamMembership(1, 1); m.RoleID != RoleTeamAdmin {
		t.Fatalf("jane team role %+v", m)
	}
	if admin, _ := s.User(2); admin.UsersAdminsRoleID == 0 {
		t.Fatal("user 2 must be a White Label admin")
	}
	r := doReq(t, s, "GET", "/users/me/current-authorization", AdminToken, nil)
	if !strings.Contains(string(r.raw), `"admin:read","admin:write"`) {
		t.Fatalf("admin scopes: %s", r.raw)
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
