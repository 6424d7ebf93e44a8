package maketest_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The public surface, used the way a user's test uses it: through the SDK.

func TestNewServerClient(t *testing.T) {
	srv := maketest.NewServer(t)
	c := srv.Client()
	me, err := c.Users.Me(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, maketest.DefaultUserID, me.ID)
	assert.Equal(t, "Jane Doe", me.Name)

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, maketest.Request{Method: "GET", Path: "/users/me", OperationID: "usersGetMe", Query: reqs[0].Query,
		Header: reqs[0].Header, Time: reqs[0].Time}, reqs[0])
	assert.Equal(t, "Token "+maketest.DefaultToken, reqs[0].Header.Get("Authorization"))
}

// TestNewServerDefaultData pins what a new server holds, as the SDK sees it:
// the current user, Jane Doe, owns one organization, which has one team, and
// belongs to nothing else; no invitation, no other user.
func TestNewServerDefaultData(t *testing.T) {
	srv := maketest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()

	me, err := c.Users.Me(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, maketest.DefaultUserID, me.ID)
	assert.Equal(t, "Jane Doe", me.Name)
	assert.Equal(t, "jane@example.com", me.Email)

	orgs, err := c.Organizations.List(ctx, &make.ListOrganizationsOptions{Cols: []string{"id", "name", "zone", "teams"}})
	require.NoError(t, err)
	require.Len(t, orgs.Organizations, 1)
	org := orgs.Organizations[0]
	assert.Equal(t, maketest.DefaultOrganizationID, org.ID)
	assert.Equal(t, "Acme", org.Name)
	assert.Equal(t, "eu1.make.com", org.Zone)
	require.Len(t, org.Teams, 1)
	assert.Equal(t, maketest.DefaultTeamID, org.Teams[0].ID)
	assert.Equal(t, "Acme Team", org.Teams[0].Name)

	roles, err := c.Users.ListOrganizationRoles(ctx, me.ID, nil)
	require.NoError(t, err)
	require.Len(t, roles, 1)
	assert.Equal(t, maketest.DefaultOrganizationID, roles[0].OrganizationID)
	assert.Equal(t, maketest.RoleOwner, roles[0].UsersRoleID)
	assert.Nil(t, roles[0].Invitation)

	teamRoles, err := c.Users.ListTeamRoles(ctx, me.ID)
	require.NoError(t, err)
	require.Len(t, teamRoles, 1)
	assert.Equal(t, maketest.DefaultTeamID, teamRoles[0].TeamID)
	assert.Equal(t, maketest.RoleTeamAdmin, teamRoles[0].UsersRoleID)

	users, err := c.Users.List(ctx, &make.ListUsersOptions{OrganizationID: maketest.DefaultOrganizationID})
	require.NoError(t, err)
	require.Len(t, users.Users, 1, "the organization's only member is its owner")
	invitations, err := c.Users.ListMyOrganizationInvitations(ctx)
	require.NoError(t, err)
	assert.Empty(t, invitations)
}

// TestWithExampleData: the richer data set, where Jane Doe is an Admin of
// organization 1 (owned by Adam Admin) and invited to organization 2.
func TestWithExampleData(t *testing.T) {
	srv := maketest.NewServer(t, maketest.WithExampleData())
	c := srv.Client()
	ctx := context.Background()

	orgs, err := c.Organizations.List(ctx, &make.ListOrganizationsOptions{Cols: []string{"id", "name", "teams"}})
	require.NoError(t, err)
	require.Len(t, orgs.Organizations, 1, "Jane is only invited to organization 2")
	assert.Len(t, orgs.Organizations[0].Teams, 2)
	role, err := c.Users.GetOrganizationRole(ctx, maketest.DefaultUserID, maketest.DefaultOrganizationID, nil)
	require.NoError(t, err)
	assert.Equal(t, maketest.RoleAdmin, role.UsersRoleID)
	invitations, err := c.Users.ListMyOrganizationInvitations(ctx)
	require.NoError(t, err)
	require.Len(t, invitations, 1)
	assert.Equal(t, maketest.DefaultInvitationHash, invitations[0].Hash.Reveal())
	users, err := c.Users.List(ctx, &make.ListUsersOptions{OrganizationID: maketest.DefaultOrganizationID})
	require.NoError(t, err)
	assert.Len(t, users.Users, 5)

	admin, err := make.NewClient("", maketest.AdminToken, make.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	adminMe, err := admin.Users.Me(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, maketest.AdminUserID, adminMe.ID)
}

func TestInjectFaultRetried(t *testing.T) {
	srv := maketest.NewServer(t)
	c := srv.Client()
	srv.InjectFault(maketest.Fault{OperationID: "usersGetMe", Times: 2, Status: http.StatusServiceUnavailable,
		Body: maketest.MakeErrorBody("Service unavailable", "SC503", "try later"), RetryAfter: time.Second})
	me, err := c.Users.Me(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, "Jane Doe", me.Name)
	reqs := srv.Requests()
	require.Len(t, reqs, 3, "two 503s, then the answer")
	for _, r := range reqs {
		assert.Equal(t, "usersGetMe", r.OperationID)
	}
}

func TestInjectFaultSeenByTheCaller(t *testing.T) {
	srv := maketest.NewServer(t)
	c := srv.Client(make.WithRetry(make.RetryConfig{}))
	srv.InjectFault(maketest.Fault{OperationID: "organizationsList", Status: http.StatusTooManyRequests,
		Body: maketest.MakeErrorBody(maketest.RateLimitMessage, maketest.CodeRateLimited, ""), RetryAfter: 1500 * time.Millisecond})
	_, err := c.Organizations.List(context.Background(), nil)
	var apiErr *make.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusTooManyRequests, apiErr.StatusCode)
	assert.Equal(t, maketest.CodeRateLimited, apiErr.Code)
	wait, ok := apiErr.RetryAfter()
	assert.True(t, ok)
	assert.Equal(t, 2*time.Second, wait, "RetryAfter is sent in whole seconds, rounded up")
}

func TestFaultDelay(t *testing.T) {
	srv := maketest.NewServer(t)
	c := srv.Client(make.WithRetry(make.RetryConfig{}))
	srv.InjectFault(maketest.Fault{OperationID: "usersGetMe", Delay: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Users.Me(ctx, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	srv.InjectFault(maketest.Fault{OperationID: "usersGetMe", Delay: 20 * time.Millisecond})
	start := time.Now()
	me, err := c.Users.Me(context.Background(), nil)
	require.NoError(t, err, "a delay alone delays the normal answer")
	assert.Equal(t, "Jane Doe", me.Name)
	assert.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond)
}

func TestSetScopes(t *testing.T) {
	srv := maketest.NewServer(t)
	c := srv.Client()
	srv.SetScopes("user:read")
	_, err := c.Organizations.List(context.Background(), nil)
	var apiErr *make.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusForbidden, apiErr.StatusCode)
	assert.Equal(t, "SC403", apiErr.Code)
	assert.Contains(t, apiErr.Detail, "organizations:read", "Make's 403 names the missing scope")
	assert.ErrorIs(t, err, make.ErrForbidden)

	auth, err := c.Users.CurrentAuthorization(context.Background())
	if assert.Error(t, err, "users/me/current-authorization needs organization:read") {
		assert.Nil(t, auth)
	}
	srv.SetScopes(maketest.DefaultScopes()...)
	auth, err = c.Users.CurrentAuthorization(context.Background())
	require.NoError(t, err)
	assert.Equal(t, maketest.DefaultScopes(), auth.Scope)
}

func TestSetAdmin(t *testing.T) {
	srv := maketest.NewServer(t)
	c := srv.Client()
	_, err := c.Admin.ListUsers(context.Background(), nil)
	assert.ErrorIs(t, err, make.ErrForbidden)
	srv.SetAdmin(true)
	list, err := c.Admin.ListUsers(context.Background(), nil)
	require.NoError(t, err)
	assert.NotEmpty(t, list.Users)
	srv.SetAdmin(false)
	_, err = c.Admin.ListUsers(context.Background(), nil)
	assert.ErrorIs(t, err, make.ErrForbidden)
}

func TestRateLimit(t *testing.T) {
	srv := maketest.NewServer(t, maketest.WithRateLimit(2))
	c := srv.Client(make.WithRetry(make.RetryConfig{}))
	for i := 0; i < 2; i++ {
		_, err := c.Users.Me(context.Background(), nil)
		require.NoError(t, err)
	}
	_, err := c.Users.Me(context.Background(), nil)
	var apiErr *make.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusTooManyRequests, apiErr.StatusCode)
	assert.Equal(t, maketest.RateLimitMessage, apiErr.Message)
	wait, ok := apiErr.RetryAfter()
	assert.True(t, ok)
	assert.InDelta(t, 60, wait.Seconds(), 1, "a minute until the window frees a request")
	srv.SetRateLimit(0)
	_, err = c.Users.Me(context.Background(), nil)
	require.NoError(t, err)
}

func TestArrangeData(t *testing.T) {
	srv := maketest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	org := srv.AddOrganization(maketest.Organization{Name: "Initech", License: maketest.License{CustomVariables: true}})
	srv.SetMembership(maketest.DefaultUserID, org.ID, maketest.RoleOwner)
	team := srv.AddTeam(maketest.Team{OrganizationID: org.ID, Name: "TPS"})
	u := srv.AddUser(maketest.User{Name: "Peter Gibbons", Email: "peter@initech.example"})
	srv.SetMembership(u.ID, org.ID, maketest.RoleMember)
	srv.SetTeamRole(u.ID, team.ID, maketest.RoleTeamMember)
	srv.SetVariable(org.ID, "reportFormat", "TPS")
	srv.SetVariable(org.ID, "staplers", 1)
	hash := srv.Invite(maketest.AdminUserID, org.ID, maketest.RoleAdmin)
	assert.NotEmpty(t, hash)

	got, err := c.Organizations.Get(ctx, org.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, "Initech", got.Name)
	users, err := c.Users.List(ctx, &make.ListUsersOptions{TeamID: team.ID})
	require.NoError(t, err)
	require.Len(t, users.Users, 1)
	assert.Equal(t, "Peter Gibbons", users.Users[0].Name)
	vars, err := c.Organizations.ListVariables(ctx, org.ID)
	require.NoError(t, err)
	names := map[string]bool{}
	for _, v := range vars {
		names[v.Name] = true
	}
	assert.True(t, names["reportFormat"] && names["staplers"], "%v", names)

	_, err = c.Organizations.CreateVariable(ctx, org.ID, &make.CreateVariableRequest{Name: "launch", Value: make.BoolValue(true)})
	require.NoError(t, err)
	v, ok := srv.Variable(org.ID, "launch")
	assert.True(t, ok)
	assert.Equal(t, true, v)
	membership, ok := srv.Membership(maketest.AdminUserID, org.ID)
	assert.True(t, ok)
	assert.Equal(t, maketest.InvitationPending, membership.Invitation)
}

// A request that breaks the catalogue fails like it would against Make, and
// an operation the fake does not implement says so.
func TestRefusedRequests(t *testing.T) {
	srv := maketest.NewServer(t)
	resp, err := http.Get(srv.URL() + "/users/me?colz=id")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "no token")

	req, _ := http.NewRequest("GET", srv.URL()+"/users/me?colz=id", nil)
	req.Header.Set("Authorization", "Token "+maketest.DefaultToken)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "an unknown query key")
}

func TestWithAnyToken(t *testing.T) {
	srv := maketest.NewServer(t, maketest.WithAnyToken())
	c, err := make.NewClient("", "anything-at-all", make.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	me, err := c.Users.Me(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, maketest.DefaultUserID, me.ID)

	strict := maketest.NewServer(t)
	c, err = make.NewClient("", "anything-at-all", make.WithBaseURL(strict.URL()))
	require.NoError(t, err)
	_, err = c.Users.Me(context.Background(), nil)
	assert.True(t, errors.Is(err, make.ErrUnauthorized), "%v", err)
}

// Over TLS and HTTP/2, the way Make is reached, faults are retried and
// connection-level faults reach the caller.
func TestTLSAndHTTP2(t *testing.T) {
	srv := maketest.NewServer(t, maketest.WithTLS())
	require.True(t, strings.HasPrefix(srv.URL(), "https://127.0.0.1:"), srv.URL())
	resp, err := srv.HTTPClient().Get(srv.URL() + "/users/me")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "HTTP/2.0", resp.Proto)

	c := srv.Client()
	srv.InjectFault(maketest.Fault{OperationID: "usersGetMe", Times: 2, Status: http.StatusServiceUnavailable})
	me, err := c.Users.Me(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, "Jane Doe", me.Name)

	once := srv.Client(make.WithRetry(make.RetryConfig{}))
	for name, f := range map[string]maketest.Fault{
		"reset":    {OperationID: "usersGetMe", Reset: true},
		"truncate": {OperationID: "usersGetMe", Truncate: true},
		"hang":     {OperationID: "usersGetMe", Hang: true},
	} {
		srv.InjectFault(f)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		_, err := once.Users.Me(ctx, nil)
		cancel()
		assert.Error(t, err, name)
	}
	_, err = once.Users.Me(context.Background(), nil)
	assert.NoError(t, err, "the server serves on after the faults")
}
