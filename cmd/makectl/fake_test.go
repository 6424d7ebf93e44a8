package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/make-sdk/make-go/maketest"
)

// This file is the only one that knows which fake Make API the end-to-end
// tests use: maketest, the SDK's public fake.

// fakeAPI is a running fake Make API with the fixtures the tests need.
type fakeAPI struct{ srv *maketest.Server }

// sentRequest is what the fake received.
type sentRequest struct {
	Method, Path string
	Query        url.Values
	Body         []byte
}

// Tokens of the fake: a user holding every non-admin scope, and a White
// Label administrator holding every scope.
const (
	userToken  = maketest.DefaultToken
	adminToken = maketest.AdminToken
)

// newFake starts the fake with its example data (a White Label admin,
// several users and roles, a pending invitation: see maketest.WithExampleData),
// points makectl's environment at it with token, and adds the fixtures of the
// README's examples: organization 11 with the user Ada Lovelace
// (ada@example.com), and extra users 0001.. in organization 1.
func newFake(t testing.TB, token string, extraUsers int) *fakeAPI {
	t.Helper()
	srv := maketest.New(maketest.WithExampleData(), maketest.WithSeed(extraUsers))
	t.Cleanup(srv.Close)
	srv.AddOrganization(maketest.Organization{ID: 11, Name: "Analytical Engines", Zone: "eu1.make.com",
		License: maketest.License{APILimit: 240, CustomVariables: true, Apps: []string{}}})
	ada := srv.AddUser(maketest.User{Name: "Ada Lovelace", Email: "ada@example.com"})
	srv.SetMembership(ada.ID, 11, maketest.RoleMember)
	srv.SetMembership(maketest.DefaultUserID, 11, maketest.RoleAdmin)
	srv.SetMembership(maketest.AdminUserID, 11, maketest.RoleOwner)
	t.Setenv("MAKE_BASE_URL", srv.URL())
	t.Setenv("MAKE_ZONE", "")
	t.Setenv("MAKE_API_TOKEN", token)
	return &fakeAPI{srv}
}

// requests returns what the fake received, in order.
func (f *fakeAPI) requests() []sentRequest {
	var out []sentRequest
	for _, r := range f.srv.Requests() {
		out = append(out, sentRequest{r.Method, r.Path, r.Query, r.Body})
	}
	return out
}

// organization1 is the fake's default organization, with the extra users.
const organization1 = maketest.DefaultOrganizationID

// invitationHash is the hash of a pending invitation in the fake (user 1 to
// organization 2).
const invitationHash = maketest.DefaultInvitationHash

// addMember adds a user (name and email as given, unchecked) to an
// organization and returns its ID.
func (f *fakeAPI) addMember(orgID int64, name, email string) int64 {
	u := f.srv.AddUser(maketest.User{Name: name, Email: email})
	f.srv.SetMembership(u.ID, orgID, maketest.RoleMember)
	return u.ID
}

// failNext answers the next request of the operation (an operationId) with
// status and a Make error body, or with body as it is if it is not empty.
func (f *fakeAPI) failNext(operationID string, status int, message, code, body string) {
	if body == "" {
		body = maketest.MakeErrorBody(message, code, "")
	}
	f.srv.InjectFault(maketest.Fault{OperationID: operationID, Status: status, Body: body})
}

// failRequest puts a proxy in front of the fake that answers the nth
// request (from 1) with status and a Make error body, and points makectl at
// the proxy.
func (f *fakeAPI) failRequest(t testing.TB, nth int, status int) {
	t.Helper()
	target, err := url.Parse(f.srv.BaseURL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == int64(nth) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			io.WriteString(w, maketest.MakeErrorBody("failed on request "+strconv.Itoa(nth), "SC"+strconv.Itoa(status), ""))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("MAKE_BASE_URL", srv.URL+maketest.APIPrefix)
}
