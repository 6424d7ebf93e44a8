package make_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUsersService_List(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{
			"organizationId": {"1"},
			"name":           {"Ja"},
			"filterByTeamId": {"0"},
			"tfaStatus":      {"0"},
			"ids[]":          {"5", "7"},
			"cols[]":         {"id", "name", "userTeamIds"},
			"pg[offset]":     {"4"},
			"pg[limit]":      {"2"},
			"pg[sortBy]":     {"name"},
			"pg[sortDir]":    {"asc"},
		})
		testNoBody(t, r)
		w.Header().Set("Content-Type", "application/json")
		w.Write(fixture(t, "users/list.json"))
	})
	opts := &ListUsersOptions{
		OrganizationID: 1,
		Name:           "Ja",
		FilterByTeamID: Ptr(int64(0)),
		TFAStatus:      Ptr(TFANone),
		IDs:            []int64{5, 7},
		Cols:           []string{"id", "name", "userTeamIds"},
		ListOptions:    ListOptions{Offset: 4, Limit: 2, SortBy: "name", SortDir: SortAsc},
	}
	got, err := client.Users.List(ctx(t), opts)
	require.NoError(t, err)

	login := time.Date(2024, 5, 2, 10, 11, 12, 0, time.UTC)
	want := &UserList{
		Users: []User{
			{ID: 7, Name: "Administrator", Email: "admin@make.cloud", Language: "en", TimezoneID: 113, LocaleID: 18, CountryID: 202,
				Features: map[string]any{"allow_apps": true}, Avatar: "https://secure.gravatar.com/avatar/6b1a74d20d925c12a73af32bf0dd7164.jpg?d=mm",
				LastLogin: &login, TFAStatus: Ptr(TFANone), UserTeamIDs: []int64{}},
			{ID: 5, Name: "Jane", Email: "jane@example.com", UserTeamIDs: []int64{3, 4},
				PrivateSpace: &PrivateSpace{ID: 56, Name: "Jane's space", OrganizationID: 1, Type: "personal", OperationsLimit: Ptr(int64(10000)),
					TransferLimit: NewNumber(107374182), ConsumedOperations: 12, ConsumedCenticredits: NewNumber(1200)}},
		},
		Pg: Pagination{SortBy: "name", SortDir: SortAsc, Offset: 4, Limit: 2},
		MembershipPromises: []MembershipPromise{{ID: 9, LegacyUserID: 3, OrganizationRoleID: 12, TeamRoleID: 13, OrganizationID: 1,
			CreatedAt: Ptr(time.Date(2023, 1, 2, 3, 4, 5, 0, time.UTC)), LegacyEmail: "old@example.com", LegacyName: "Old"}},
	}
	assert.Equal(t, want, got)
	assert.Equal(t, 4, opts.Offset, "List must not change the caller's options")
}

func TestUsersService_ListTeam(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /users", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, url.Values{"teamId": {"3"}, "teamRoleId": {"13"}})
		writeJSON(w, 200, `{"users":[{"id":1}],"pg":{"limit":10,"offset":0}}`)
	})
	got, err := client.Users.List(ctx(t), &ListUsersOptions{TeamID: 3, TeamRoleID: 13})
	require.NoError(t, err)
	assert.Equal(t, []User{{ID: 1}}, got.Users)
}

func TestUsersService_DeleteCurrent(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"deleteConnections":false,"currentPassword":"Secret-Passw0rd","tfaCode":"123456"}`)
		writeJSON(w, 200, `{"user":1}`)
	})
	id, err := client.Users.DeleteCurrent(ctx(t), &DeleteCurrentUserRequest{CurrentPassword: "Secret-Passw0rd", TFACode: "123456"})
	require.NoError(t, err)
	assert.Equal(t, int64(1), id)
}

func TestUsersService_DeleteCurrent_NoBody(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("DELETE /users", func(w http.ResponseWriter, r *http.Request) {
		testNoBody(t, r)
		writeJSON(w, 200, `{"user":3}`)
	})
	id, err := client.Users.DeleteCurrent(ctx(t), nil)
	require.NoError(t, err)
	assert.Equal(t, int64(3), id)
}

func TestUsersService_Update(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/1", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPatch)
		testJSONBody(t, r, `{"name":"New Name","language":"cs","countryId":202}`)
		w.Header().Set("Content-Type", "application/json")
		w.Write(fixture(t, "users/user.json"))
	})
	got, err := client.Users.Update(ctx(t), 1, &UpdateUserRequest{Name: "New Name", Language: "cs", CountryID: 202})
	require.NoError(t, err)
	assert.Equal(t, &User{ID: 1, Name: "New Name", Email: "user@example.com", Language: "cs", TimezoneID: 113, LocaleID: 18, CountryID: 202,
		Features: map[string]any{},
		PrivateSpace: &PrivateSpace{ID: 55, Name: "My space", OrganizationID: 11, Type: "personal",
			PrivateSpaceOwnerID: 1, PrivateSpaceOwnerName: "New Name", PrivateSpaceOwnerEmail: "user@example.com",
			TransferLimit: NewNumericString("536870912"), ConsumedOperations: 3,
			ConsumedTransfer: NewNumericString("1024"), ConsumedCenticredits: NewNumericString("12345"), GlobalAgentsEnabled: true}}, got)
	cc, ok := got.PrivateSpace.ConsumedCenticredits.Int64()
	assert.True(t, ok)
	assert.Equal(t, int64(12345), cc)
}

func TestUsersService_UpdateEmail(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/1/attributes/email", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPut)
		testJSONBody(t, r, `{"currentEmailAddress":"old@example.com","newEmailAddress":"new@example.com","currentPassword":"Secret-Passw0rd"}`)
		writeJSON(w, 200, `{"changed":true,"emailSent":true}`)
	})
	got, err := client.Users.UpdateEmail(ctx(t), 1, &UpdateEmailRequest{
		CurrentEmailAddress: "old@example.com", NewEmailAddress: "new@example.com", CurrentPassword: "Secret-Passw0rd"})
	require.NoError(t, err)
	assert.Equal(t, &EmailChange{Changed: true, EmailSent: true}, got)
}

func TestUsersService_UpdatePassword(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/1/attributes/password", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPut)
		testJSONBody(t, r, `{"currentPassword":"Old-Passw0rd","newPassword1":"New-Passw0rd!","newPassword2":"New-Passw0rd!"}`)
		writeJSON(w, 200, `{"changed":true}`)
	})
	changed, err := client.Users.UpdatePassword(ctx(t), 1, &UpdatePasswordRequest{
		CurrentPassword: "Old-Passw0rd", NewPassword1: "New-Passw0rd!", NewPassword2: "New-Passw0rd!"})
	require.NoError(t, err)
	assert.True(t, changed)
}

func TestUsersService_SendPasswordResetDemand(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/password-reset-demand", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testJSONBody(t, r, `{"email":"user@example.com"}`)
		writeJSON(w, 200, `{"ok":1}`)
	})
	require.NoError(t, client.Users.SendPasswordResetDemand(ctx(t), "user@example.com"))
}

func TestUsersService_SetPasswordResetSession(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/password-reset", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"hash": {"reset-hash-abc"}})
		writeJSON(w, 200, `{"ok":1}`)
	})
	require.NoError(t, client.Users.SetPasswordResetSession(ctx(t), "reset-hash-abc"))
}

func TestUsersService_ResetLostPassword(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/password-reset", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testJSONBody(t, r, `{"newPassword1":"New-Passw0rd!","newPassword2":"New-Passw0rd!"}`)
		writeJSON(w, 200, `{"ok":1}`)
	})
	require.NoError(t, client.Users.ResetLostPassword(ctx(t), &ResetLostPasswordRequest{NewPassword1: "New-Passw0rd!", NewPassword2: "New-Passw0rd!"}))
}

func TestUsersService_ListByPermission(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/by-permission", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"type": {"company"}, "permission": {"team view"}, "teamId": {"3"}, "cols[]": {"id", "email"}})
		w.Header().Set("Content-Type", "application/json")
		w.Write(fixture(t, "users/by_permission.json"))
	})
	got, err := client.Users.ListByPermission(ctx(t), &ListUsersByPermissionOptions{
		Type: PermissionCompany, Permission: "team view", TeamID: 3, Cols: []string{"id", "email"}})
	require.NoError(t, err)
	assert.Equal(t, []PermissionUser{
		{ID: 2, Name: Ptr("Sam"), Email: "sam@example.com", PersonalSpaceID: Ptr(int64(44)), Language: "en", TimezoneID: 113, LocaleID: 18, CountryID: 202, InvitationStatus: Ptr("pending")},
		{ID: 3, Email: "kim@example.com"},
	}, got)
}

func TestUsersService_Me(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/me", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"includeInvitedOrg": {"true"}, "cols[]": {"id", "userOrganizationRoles"}})
		w.Header().Set("Content-Type", "application/json")
		w.Write(fixture(t, "users/me.json"))
	})
	got, err := client.Users.Me(ctx(t), &GetMeOptions{IncludeInvitedOrg: true, Cols: []string{"id", "userOrganizationRoles"}})
	require.NoError(t, err)
	assert.Equal(t, &User{ID: 1, Name: "Martin", Email: "user@example.com", Language: "en", TimezoneID: 113, LocaleID: 18, CountryID: 1,
		Features: map[string]any{"allow_apps": true}, Avatar: "https://secure.gravatar.com/avatar/6b1a74d20d925c12a73af32bf0dd7164.jpg?d=mm",
		Timezone: "Europe/Prague", Locale: "cs", EmailNotifications: []byte("null"), HasPassword: true, SupportEligible: true,
		UserOrganizationRoles: []UserOrganizationRole{{UserID: 1, OrganizationID: 11, UsersRoleID: 12, OrganizationTeamsCount: 2, JoinedTeamsCount: 1}},
		UserTeamRoles:         []UserTeamRole{{UsersRoleID: 13, UserID: 1, TeamID: 3, Changeable: true}},
	}, got)
}

func TestUsersService_Me_NilOptions(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /users/me", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"authUser":{"id":1}}`)
	})
	got, err := client.Users.Me(ctx(t), nil)
	require.NoError(t, err)
	assert.Equal(t, int64(1), got.ID)
}

func TestUsersService_CurrentAuthorization(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/me/current-authorization", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"authorization":{"authUsed":"token","scope":["scenarios:read","datastores:read"]}}`)
	})
	got, err := client.Users.CurrentAuthorization(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, &Authorization{AuthUsed: "token", Scope: []string{"scenarios:read", "datastores:read"}}, got)
}

func TestUsersService_ListMyOrganizationInvitations(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/me/organization-invitations", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		w.Header().Set("Content-Type", "application/json")
		w.Write(fixture(t, "users/invitations.json"))
	})
	got, err := client.Users.ListMyOrganizationInvitations(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, UserOrganizationInvitations{{Hash: "inv-hash-0123456789", Invitation: "pending", UsersRoleID: 12,
		OrganizationID: 11, OrganizationName: "Acme", Zone: "eu1.make.com"}}, got)
	assert.Equal(t, "inv-hash-0123456789", got[0].Hash.Reveal())
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", got, got, got), "inv-hash")
}

// TestAPIErrors gives every method of every service (allMethods) Make's
// documented 403 body: each returns an *APIError keeping it and naming the
// scope its doc comment documents, after one request.
func TestAPIErrors(t *testing.T) {
	docs := documentedMethods(t)
	perService := map[string]int{}
	for _, m := range allMethods {
		perService[m.service]++
		t.Run(m.String(), func(t *testing.T) {
			client, mux := setup(t)
			requests := 0
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				requests++
				forbidden(w, r)
			})
			_, err := m.call(ctx(t), client, testSecrets)
			testAPIError(t, err, documentedScope(t, docs, m))
			assert.Equal(t, 1, requests)
		})
	}
	assert.Equal(t, map[string]int{"Users": 35, "Organizations": 35, "Teams": 14, "Admin": 18, "Enums": 8}, perService,
		"the operations, their iterators and Admin's two aliases")
}

// documentedScope returns the scope an *APIError of m names: the one m's
// doc comment documents (its List method's for an iterator), found in docs
// (documentedMethods).
func documentedScope(t *testing.T, docs map[string][]documentedMethod, m sdkMethod) string {
	t.Helper()
	name := strings.TrimSuffix(m.name, "Iter")
	for _, ms := range docs {
		for _, d := range ms {
			if d.Service == m.service+"Service" && d.Name == name {
				if scope := strings.Join(d.Scopes, ", "); scope != scopeNotDocumented {
					return scope
				}
				return ScopeMailhubUndocumented
			}
		}
	}
	t.Fatalf("%s has no Make API line", m)
	return ""
}

func TestUsersService_RefusedInput(t *testing.T) {
	long := make([]rune, 251)
	for i := range long {
		long[i] = 'a'
	}
	pw := func(p1, p2 Secret) *UpdatePasswordRequest {
		return &UpdatePasswordRequest{CurrentPassword: "Old-Passw0rd", NewPassword1: p1, NewPassword2: p2}
	}
	list := func(o *ListUsersOptions) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := c.Users.List(ctx, o); return err }
	}
	byPerm := func(o *ListUsersByPermissionOptions) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := c.Users.ListByPermission(ctx, o); return err }
	}
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"List nil", "teamId/organizationId", list(nil)},
		{"List neither", "teamId/organizationId", list(&ListUsersOptions{Name: "x"})},
		{"List both", "teamId/organizationId", list(&ListUsersOptions{TeamID: 1, OrganizationID: 1})},
		{"List negative team", "teamId", list(&ListUsersOptions{TeamID: -1})},
		{"List teamRoleId without teamId", "teamRoleId", list(&ListUsersOptions{OrganizationID: 1, TeamRoleID: 2})},
		{"List organizationRoleId without organizationId", "organizationRoleId", list(&ListUsersOptions{TeamID: 1, OrganizationRoleID: 2})},
		{"List filterByTeamId without organizationId", "filterByTeamId", list(&ListUsersOptions{TeamID: 1, FilterByTeamID: Ptr(int64(0))})},
		{"List negative filterByTeamId", "filterByTeamId", list(&ListUsersOptions{OrganizationID: 1, FilterByTeamID: Ptr(int64(-2))})},
		{"List userTeamIds without organizationId", "cols[]", list(&ListUsersOptions{TeamID: 1, Cols: []string{"userTeamIds"}})},
		{"List tfaStatus 3", "tfaStatus", list(&ListUsersOptions{TeamID: 1, TFAStatus: Ptr(TFAStatus(3))})},
		{"List ids zero", "ids[]", list(&ListUsersOptions{TeamID: 1, IDs: []int64{0}})},
		{"List negative offset", "pg[offset]", list(&ListUsersOptions{TeamID: 1, ListOptions: ListOptions{Offset: -1}})},
		{"List limit too big", "pg[limit]", list(&ListUsersOptions{TeamID: 1, ListOptions: ListOptions{Limit: 10001}})},
		{"List bad sortBy", "pg[sortBy]", list(&ListUsersOptions{TeamID: 1, ListOptions: ListOptions{SortBy: "age"}})},
		{"List bad sortDir", "pg[sortDir]", list(&ListUsersOptions{TeamID: 1, ListOptions: ListOptions{SortDir: "up"}})},
		{"Update zero id", "userId", func(ctx context.Context, c *Client) error {
			_, err := c.Users.Update(ctx, 0, &UpdateUserRequest{Name: "x"})
			return err
		}},
		{"Update nil body", "body", func(ctx context.Context, c *Client) error { _, err := c.Users.Update(ctx, 1, nil); return err }},
		{"Update empty body", "body", func(ctx context.Context, c *Client) error {
			_, err := c.Users.Update(ctx, 1, &UpdateUserRequest{})
			return err
		}},
		{"Update long name", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Users.Update(ctx, 1, &UpdateUserRequest{Name: string(long)})
			return err
		}},
		{"UpdateEmail negative id", "userId", func(ctx context.Context, c *Client) error {
			_, err := c.Users.UpdateEmail(ctx, -5, &UpdateEmailRequest{})
			return err
		}},
		{"UpdateEmail nil", "body", func(ctx context.Context, c *Client) error { _, err := c.Users.UpdateEmail(ctx, 1, nil); return err }},
		{"UpdateEmail no new address", "newEmailAddress", func(ctx context.Context, c *Client) error {
			_, err := c.Users.UpdateEmail(ctx, 1, &UpdateEmailRequest{CurrentEmailAddress: "a@example.com", CurrentPassword: "x"})
			return err
		}},
		{"UpdateEmail no password", "currentPassword", func(ctx context.Context, c *Client) error {
			_, err := c.Users.UpdateEmail(ctx, 1, &UpdateEmailRequest{CurrentEmailAddress: "a@example.com", NewEmailAddress: "b@example.com"})
			return err
		}},
		{"UpdatePassword mismatch", "newPassword2", func(ctx context.Context, c *Client) error {
			_, err := c.Users.UpdatePassword(ctx, 1, pw("New-Passw0rd!", "New-Passw0rd?"))
			return err
		}},
		{"UpdatePassword short", "newPassword1", func(ctx context.Context, c *Client) error {
			_, err := c.Users.UpdatePassword(ctx, 1, pw("Sh0rt!", "Sh0rt!"))
			return err
		}},
		{"UpdatePassword no current", "currentPassword", func(ctx context.Context, c *Client) error {
			_, err := c.Users.UpdatePassword(ctx, 1, &UpdatePasswordRequest{NewPassword1: "New-Passw0rd!", NewPassword2: "New-Passw0rd!"})
			return err
		}},
		{"UpdatePassword zero id", "userId", func(ctx context.Context, c *Client) error {
			_, err := c.Users.UpdatePassword(ctx, 0, pw("New-Passw0rd!", "New-Passw0rd!"))
			return err
		}},
		{"SendPasswordResetDemand empty", "email", func(ctx context.Context, c *Client) error { return c.Users.SendPasswordResetDemand(ctx, " ") }},
		{"SetPasswordResetSession empty", "hash", func(ctx context.Context, c *Client) error { return c.Users.SetPasswordResetSession(ctx, "") }},
		{"ResetLostPassword nil", "body", func(ctx context.Context, c *Client) error { return c.Users.ResetLostPassword(ctx, nil) }},
		{"ResetLostPassword mismatch", "newPassword2", func(ctx context.Context, c *Client) error {
			return c.Users.ResetLostPassword(ctx, &ResetLostPasswordRequest{NewPassword1: "a", NewPassword2: "b"})
		}},
		{"ListByPermission nil", "type", byPerm(nil)},
		{"ListByPermission bad type", "type", byPerm(&ListUsersByPermissionOptions{Type: "team", Permission: "p", TeamID: 1})},
		{"ListByPermission organization without organizationId", "organizationId", byPerm(&ListUsersByPermissionOptions{Type: PermissionOrganization, Permission: "p", TeamID: 1})},
		{"ListByPermission company without teamId", "teamId", byPerm(&ListUsersByPermissionOptions{Type: PermissionCompany, Permission: "p", OrganizationID: 1})},
		{"ListByPermission no permission", "permission", byPerm(&ListUsersByPermissionOptions{Type: PermissionCompany, TeamID: 1})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			noRequests(t, mux)
			testRefused(t, tc.call(ctx(t), client), tc.field)
		})
	}
}
