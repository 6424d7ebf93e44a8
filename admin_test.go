package make_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveFixture answers with testdata/<name>.
func serveFixture(t *testing.T, w http.ResponseWriter, name string) {
	t.Helper()
	w.Header().Set("Content-Type", "application/json")
	w.Write(fixture(t, name))
}

func TestAdminService_ListUserDetails(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/admin/users-detail", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{
			"id":          {"15"},
			"name":        {"Ros"},
			"email":       {"user@example.com"},
			"cols[]":      {"id", "name", "lastlogin"},
			"pg[offset]":  {"10"},
			"pg[limit]":   {"2"},
			"pg[sortBy]":  {"name"},
			"pg[sortDir]": {"asc"},
		})
		testNoBody(t, r)
		serveFixture(t, w, "admin/users_detail.json")
	})
	opts := &ListUserDetailsOptions{ID: 15, Name: "Ros", Email: "user@example.com", Cols: []string{"id", "name", "lastlogin"},
		ListOptions: ListOptions{Offset: 10, Limit: 2, SortBy: "name", SortDir: SortAsc}}
	got, err := client.Admin.ListUserDetails(ctx(t), opts)
	require.NoError(t, err)
	want := &AdminUserList{
		Users: []AdminUser{
			{ID: 15, Name: "Rosario", Email: "user@example.com", Language: "en", TimezoneID: 113, LocaleID: 19, CountryID: 1,
				Features: map[string]any{}, Avatar: "https://secure.gravatar.com/avatar/bca593a1166cfebb7453226d5a55f4a5.jpg?d=mm",
				LastLogin: Ptr(time.Date(2023, 1, 3, 11, 24, 25, 460e6, time.UTC)), Organizations: 1, Scenarios: 4, ActiveScenarios: 2,
				Created: Ptr(time.Date(2023, 1, 3, 11, 12, 40, 644e6, time.UTC))},
			{ID: 16, Name: "Kim", Email: "kim@example.com", LastLogin: Ptr(time.Date(2024, 2, 1, 8, 0, 0, 0, time.UTC)),
				Organizations: 2, Deleted: true, Created: Ptr(time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)),
				UsersAdminsRoleID: Ptr(int64(3)), TFAEnabled: true, HasAddedApp: true},
		},
		Pg: Pagination{SortBy: "name", SortDir: SortAsc, Offset: 10, Limit: 2},
	}
	assert.Equal(t, want, got)
	assert.Equal(t, 10, opts.Offset, "ListUserDetails must not change the caller's options")
}

func TestAdminService_ListUserDetails_NilOptions(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /admin/users-detail", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"users":[],"pg":{"limit":10,"offset":0}}`)
	})
	got, err := client.Admin.ListUserDetails(ctx(t), nil)
	require.NoError(t, err)
	assert.Equal(t, &AdminUserList{Users: []AdminUser{}, Pg: Pagination{Limit: 10}}, got)
}

func TestAdminService_ListUsers(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/admin/users", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{
			"organizationId":     {"22"},
			"teamId":             {"11"},
			"name":               {"John Doe"},
			"email":              {"john@doe.com"},
			"teamRoleId":         {"3"},
			"organizationRoleId": {"13"},
			"tfaStatus":          {"0"},
			"cols[]":             {"id", "email", "teamRoleId", "organizationRoleId"},
			"pg[limit]":          {"1"},
			"pg[sortBy]":         {"email"},
			"pg[sortDir]":        {"desc"},
		})
		testNoBody(t, r)
		serveFixture(t, w, "admin/users.json")
	})
	got, err := client.Admin.ListUsers(ctx(t), &AdminListUsersOptions{
		OrganizationID: 22, TeamID: 11, Name: "John Doe", Email: "john@doe.com", TeamRoleID: 3, OrganizationRoleID: 13,
		TFAStatus: Ptr(TFANone), Cols: []string{"id", "email", "teamRoleId", "organizationRoleId"},
		ListOptions: ListOptions{Limit: 1, SortBy: "email", SortDir: SortDesc},
	})
	require.NoError(t, err)
	assert.Equal(t, &AdminUserList{
		Users: []AdminUser{{ID: 15, Name: "Rosario", Email: "user@example.com", Language: "en", TimezoneID: 113, LocaleID: 19, CountryID: 1,
			Features: map[string]any{"allow_apps": true}, Avatar: "https://secure.gravatar.com/avatar/bca593a1166cfebb7453226d5a55f4a5.jpg?d=mm",
			LastLogin: Ptr(time.Date(2023, 1, 3, 11, 24, 25, 460e6, time.UTC)), Created: Ptr(time.Date(2023, 1, 3, 11, 12, 40, 644e6, time.UTC)),
			TFAStatus: Ptr(TFANone), TeamRoleID: Ptr(int64(3)), OrganizationRoleID: Ptr(int64(13))}},
		Pg: Pagination{SortBy: "email", SortDir: SortDesc, Limit: 1},
	}, got)
}

func TestAdminService_ListUsers_NilOptions(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /admin/users", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"users":[{"id":1}],"pg":{"limit":10}}`)
	})
	got, err := client.Admin.ListUsers(ctx(t), nil)
	require.NoError(t, err)
	assert.Equal(t, []AdminUser{{ID: 1}}, got.Users)
}

func TestAdminService_CreateUser_SendEmail(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/admin/users", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"name":"Ada Admin","email":"ada@example.com","sendEmail":true,"countryId":202,"timezoneId":113,"localeId":18}`)
		serveFixture(t, w, "admin/user.json")
	})
	got, err := client.Admin.CreateUser(ctx(t), &CreateUserRequest{Name: "Ada Admin", Email: "ada@example.com", SendEmail: true,
		CountryID: 202, TimezoneID: 113, LocaleID: 18})
	require.NoError(t, err)
	assert.Equal(t, &AdminUser{ID: 22, Name: "Ada Admin", Email: "ada@example.com", Language: "en", TimezoneID: 113, LocaleID: 18, CountryID: 202,
		Features: map[string]any{}, Created: Ptr(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)), UsersAdminsRoleID: Ptr(int64(0))}, got)
}

func TestAdminService_CreateUser_Password(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("POST /admin/users", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"name":"Bo","email":"bo@example.com","password":"Str0ng-Passw0rd!"}`)
		writeJSON(w, 200, `{"user":{"id":23,"name":"Bo","email":"bo@example.com"}}`)
	})
	req := &CreateUserRequest{Name: "Bo", Email: "bo@example.com", Password: "Str0ng-Passw0rd!"}
	got, err := client.Admin.CreateUser(ctx(t), req)
	require.NoError(t, err)
	assert.Equal(t, &AdminUser{ID: 23, Name: "Bo", Email: "bo@example.com"}, got)
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", req, *req, *req), "Str0ng", "the password never prints")
}

func TestAdminService_DeleteUser(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/admin/users/22", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testQuery(t, r, url.Values{"confirmed": {"true"}, "deleteConnections": {"true"}})
		testNoBody(t, r)
		writeJSON(w, 200, `{"user":22}`)
	})
	id, err := client.Admin.DeleteUser(ctx(t), 22, &DeleteUserOptions{ConfirmDeleteOwnedOrganizations: true, DeleteConnections: true})
	require.NoError(t, err)
	assert.Equal(t, int64(22), id)
}

func TestAdminService_DeleteUser_NilOptions(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("DELETE /admin/users/5", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"user":5}`)
	})
	id, err := client.Admin.DeleteUser(ctx(t), 5, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(5), id)
}

func TestAdminService_DeleteUser_ConfirmationRequired(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("DELETE /admin/users/5", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusBadRequest, `{"message":"Confirmation required","code":"IM004","detail":"The user owns organizations."}`)
	})
	_, err := client.Admin.DeleteUser(ctx(t), 5, &DeleteUserOptions{})
	assert.ErrorIs(t, err, ErrConfirmationRequired)
	assert.Contains(t, err.Error(), "confirmed")
}

func TestAdminService_UpdateUser(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/admin/users/22", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPatch)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"name":"Ada Admin","email":"ada@example.com","language":"en","countryId":202,"timezoneId":113,"localeId":18,"usersAdminsRoleId":0}`)
		serveFixture(t, w, "admin/user.json")
	})
	got, err := client.Admin.UpdateUser(ctx(t), 22, &AdminUpdateUserRequest{Name: "Ada Admin", Email: "ada@example.com", Language: "en",
		CountryID: 202, TimezoneID: 113, LocaleID: 18, UsersAdminsRoleID: Ptr(int64(0))})
	require.NoError(t, err)
	assert.Equal(t, int64(22), got.ID)
	assert.Equal(t, Ptr(int64(0)), got.UsersAdminsRoleID)
	assert.Nil(t, got.LastLogin, "no lastlogin: no login yet")
}

func TestAdminService_UpdateUser_AdminRoleOnly(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("PATCH /admin/users/22", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"usersAdminsRoleId":4}`)
		writeJSON(w, 200, `{"user":{"id":22,"usersAdminsRoleId":4}}`)
	})
	got, err := client.Admin.UpdateUser(ctx(t), 22, &AdminUpdateUserRequest{UsersAdminsRoleID: Ptr(int64(4))})
	require.NoError(t, err)
	assert.Equal(t, &AdminUser{ID: 22, UsersAdminsRoleID: Ptr(int64(4))}, got)
}

func TestAdminService_TransferOrganizationOwnership(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/admin/users/22/user-organization-roles/11/transfer", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testNoBody(t, r)
		serveFixture(t, w, "admin/transfer.json")
	})
	got, err := client.Admin.TransferOrganizationOwnership(ctx(t), 22, 11)
	require.NoError(t, err)
	assert.Equal(t, []AdminOrganizationRole{
		{UserID: 22, OrganizationID: 11, UsersRoleID: 1},
		{UserID: 5, OrganizationID: 11, UsersRoleID: 12},
	}, got)
}

func TestRoleInvitation_Decode(t *testing.T) {
	tests := []struct {
		json    string
		want    RoleInvitation
		pending bool
	}{
		{`null`, "", false},
		{`false`, "", false},
		{`true`, "true", true},
		{`"pending"`, "pending", true},
		{`"expired"`, "expired", true},
		{`""`, "", false},
		{`7`, "7", true},
	}
	for _, tc := range tests {
		t.Run(tc.json, func(t *testing.T) {
			var role AdminOrganizationRole
			require.NoError(t, json.Unmarshal([]byte(`{"userId":1,"invitation":`+tc.json+`}`), &role))
			assert.Equal(t, tc.want, role.Invitation)
			assert.Equal(t, tc.pending, role.Invitation.Pending())
		})
	}
}

func TestAdminUser_LastLoginSpellings(t *testing.T) {
	tests := []struct {
		name string
		json string
		want *time.Time
	}{
		{"lastLogin", `{"id":1,"lastLogin":"2024-01-02T03:04:05Z"}`, Ptr(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))},
		{"lastlogin", `{"id":1,"lastlogin":"2024-01-02T03:04:05Z"}`, Ptr(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))},
		// The catalogue's x-alias-of: one value under two names.
		{"both", `{"id":1,"lastlogin":"2024-01-02T03:04:05Z","lastLogin":"2024-01-02T03:04:05Z"}`, Ptr(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))},
		{"null", `{"id":1,"lastLogin":null}`, nil},
		{"absent", `{"id":1}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var u AdminUser
			require.NoError(t, json.Unmarshal([]byte(tc.json), &u))
			assert.Equal(t, AdminUser{ID: 1, LastLogin: tc.want}, u)
		})
	}
	var u AdminUser
	assert.Error(t, json.Unmarshal([]byte(`{"id":"x"}`), &u), "a malformed user is still an error")
}

func TestAdminService_SetUserTeamRole(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/admin/users/111/user-team-roles/22", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"usersRoleId":13}`)
		serveFixture(t, w, "admin/team_role.json")
	})
	got, err := client.Admin.SetUserTeamRole(ctx(t), 111, 22, &SetUserTeamRoleRequest{UsersRoleID: 13})
	require.NoError(t, err)
	assert.Equal(t, &UserTeamRole{UsersRoleID: 13, UserID: 111, TeamID: 22, Changeable: true}, got)
}

func TestAdminService_RemoveUserFromTeam(t *testing.T) {
	tests := []struct {
		name  string
		opts  *RemoveUserFromTeamOptions
		query url.Values
	}{
		{"nil options keep connections", nil, nil},
		{"delete connections", &RemoveUserFromTeamOptions{DeleteConnections: true, Confirmed: true},
			url.Values{"deleteConnections": {"true"}, "confirmed": {"true"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/admin/users/111/user-team-roles/22", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPost)
				testQuery(t, r, tc.query)
				testJSONBody(t, r, `{}`)
				writeJSON(w, 200, `{"userTeamRole":{"usersRoleId":0,"userId":111,"teamId":22}}`)
			})
			got, err := client.Admin.RemoveUserFromTeam(ctx(t), 111, 22, tc.opts)
			require.NoError(t, err)
			assert.Equal(t, &UserTeamRole{UserID: 111, TeamID: 22}, got)
		})
	}
}

func TestAdminService_SetUserOrganizationRole(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/admin/users/5/user-organization-roles/22", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, url.Values{"cols[]": {"userId", "invitation", "organizationTeamsCount"}})
		testJSONBody(t, r, `{"usersRoleId":13}`)
		serveFixture(t, w, "admin/organization_role.json")
	})
	got, err := client.Admin.SetUserOrganizationRole(ctx(t), 5, 22, &SetUserOrganizationRoleRequest{UsersRoleID: 13,
		Cols: []string{"userId", "invitation", "organizationTeamsCount"}})
	require.NoError(t, err)
	assert.Equal(t, &AdminOrganizationRole{UserID: 5, OrganizationID: 22, UsersRoleID: 13, Invitation: "pending", OrganizationTeamsCount: 3}, got)
}

func TestAdminService_RemoveUserFromOrganization(t *testing.T) {
	tests := []struct {
		name  string
		opts  *RemoveUserFromOrganizationOptions
		query url.Values
	}{
		{"nil options keep connections", nil, nil},
		{"delete connections", &RemoveUserFromOrganizationOptions{DeleteConnections: true, Confirmed: true, Cols: []string{"userId"}},
			url.Values{"deleteConnections": {"true"}, "confirmed": {"true"}, "cols[]": {"userId"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/admin/users/5/user-organization-roles/22", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPost)
				testQuery(t, r, tc.query)
				testJSONBody(t, r, `{}`)
				writeJSON(w, 200, `{"userOrganizationRole":{"userId":5,"organizationId":22,"usersRoleId":0,"invitation":null}}`)
			})
			got, err := client.Admin.RemoveUserFromOrganization(ctx(t), 5, 22, tc.opts)
			require.NoError(t, err)
			assert.Equal(t, &AdminOrganizationRole{UserID: 5, OrganizationID: 22}, got)
		})
	}
}

func TestAdminService_ListAdminRoles(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/admin/users/admins-roles", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"category": {"system"}, "cols[]": {"id", "name"}})
		testNoBody(t, r)
		serveFixture(t, w, "admin/admins_roles.json")
	})
	got, err := client.Admin.ListAdminRoles(ctx(t), &ListAdminRolesOptions{Category: AdminRoleSystem, Cols: []string{"id", "name"}})
	require.NoError(t, err)
	assert.Equal(t, []AdminRole{
		{ID: 1, Name: "Super admin", Permissions: []string{"admin:read", "admin:write"}, Category: AdminRoleSystem, Identifier: "super_admin"},
		{ID: 4, Name: "Support", Permissions: []string{"admin:read"}, Category: AdminRoleSupport, Identifier: "support"},
	}, got)
}

func TestAdminService_ListAdminRoles_NilOptions(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /admin/users/admins-roles", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"usersAdminsRoles":[]}`)
	})
	got, err := client.Admin.ListAdminRoles(ctx(t), nil)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestAdminService_LookupUser(t *testing.T) {
	tests := []struct {
		name  string
		opts  *LookupUserOptions
		query url.Values
	}{
		{"by ID", &LookupUserOptions{ID: 22}, url.Values{"q": {"22"}, "type": {"id"}}},
		{"by email", &LookupUserOptions{Email: "ada@example.com"}, url.Values{"q": {"ada@example.com"}, "type": {"email"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/admin/users/lookup", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodGet)
				testQuery(t, r, tc.query)
				testNoBody(t, r)
				serveFixture(t, w, "admin/lookup.json")
			})
			got, err := client.Admin.LookupUser(ctx(t), tc.opts)
			require.NoError(t, err)
			assert.Equal(t, &AdminUser{ID: 22, Email: "ada@example.com", Name: "Ada Admin"}, got)
		})
	}
}

func TestAdminService_RefusedInput(t *testing.T) {
	long := strings.Repeat("a", 251)
	create := func(r *CreateUserRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := c.Admin.CreateUser(ctx, r); return err }
	}
	update := func(id int64, r *AdminUpdateUserRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := c.Admin.UpdateUser(ctx, id, r); return err }
	}
	teamRole := func(userID, teamID int64, r *SetUserTeamRoleRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.Admin.SetUserTeamRole(ctx, userID, teamID, r)
			return err
		}
	}
	orgRole := func(userID, orgID int64, r *SetUserOrganizationRoleRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.Admin.SetUserOrganizationRole(ctx, userID, orgID, r)
			return err
		}
	}
	lookup := func(o *LookupUserOptions) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := c.Admin.LookupUser(ctx, o); return err }
	}
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"ListUserDetails negative id", "id", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.ListUserDetails(ctx, &ListUserDetailsOptions{ID: -1})
			return err
		}},
		{"ListUserDetails bad sortBy", "pg[sortBy]", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.ListUserDetails(ctx, &ListUserDetailsOptions{ListOptions: ListOptions{SortBy: "email"}})
			return err
		}},
		{"ListUserDetails negative limit", "pg[limit]", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.ListUserDetails(ctx, &ListUserDetailsOptions{ListOptions: ListOptions{Limit: -1}})
			return err
		}},
		{"ListUsers negative team", "teamId", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.ListUsers(ctx, &AdminListUsersOptions{TeamID: -3})
			return err
		}},
		{"ListUsers tfaStatus 3", "tfaStatus", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.ListUsers(ctx, &AdminListUsersOptions{TFAStatus: Ptr(TFAStatus(3))})
			return err
		}},
		{"ListUsers bad sortDir", "pg[sortDir]", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.ListUsers(ctx, &AdminListUsersOptions{ListOptions: ListOptions{SortDir: "up"}})
			return err
		}},
		{"ListUsersIter bad sortBy", "pg[sortBy]", func(ctx context.Context, c *Client) error {
			for _, err := range c.Admin.ListUsersIter(ctx, &AdminListUsersOptions{ListOptions: ListOptions{SortBy: "age"}}) {
				return err
			}
			return nil
		}},
		{"CreateUser nil", "body", create(nil)},
		{"CreateUser neither sendEmail nor password", "password", create(&CreateUserRequest{Name: "N", Email: "n@example.com"})},
		{"CreateUser short password", "password", create(&CreateUserRequest{Name: "N", Email: "n@example.com", Password: "Sh0rt-Pw!"})},
		{"CreateUser short password with sendEmail", "password", create(&CreateUserRequest{Name: "N", Email: "n@example.com", SendEmail: true, Password: "x"})},
		{"CreateUser no name", "name", create(&CreateUserRequest{Email: "n@example.com", SendEmail: true})},
		{"CreateUser no email", "email", create(&CreateUserRequest{Name: "N", SendEmail: true})},
		{"CreateUser negative country", "countryId", create(&CreateUserRequest{Name: "N", Email: "n@example.com", SendEmail: true, CountryID: -1})},
		{"DeleteUser zero id", "userId", func(ctx context.Context, c *Client) error { _, err := c.Admin.DeleteUser(ctx, 0, nil); return err }},
		{"DeleteUser deleteConnections without confirmed", "confirmed", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.DeleteUser(ctx, 1, &DeleteUserOptions{DeleteConnections: true})
			return err
		}},
		{"UpdateUser zero id", "userId", update(0, &AdminUpdateUserRequest{Name: "N"})},
		{"UpdateUser nil", "body", update(1, nil)},
		{"UpdateUser empty", "body", update(1, &AdminUpdateUserRequest{})},
		{"UpdateUser long name", "name", update(1, &AdminUpdateUserRequest{Name: long})},
		{"UpdateUser negative admin role", "usersAdminsRoleId", update(1, &AdminUpdateUserRequest{UsersAdminsRoleID: Ptr(int64(-1))})},
		{"UpdateUser negative locale", "localeId", update(1, &AdminUpdateUserRequest{LocaleID: -1})},
		{"TransferOrganizationOwnership zero user", "userId", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.TransferOrganizationOwnership(ctx, 0, 1)
			return err
		}},
		{"TransferOrganizationOwnership negative organization", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.TransferOrganizationOwnership(ctx, 1, -1)
			return err
		}},
		{"SetUserTeamRole nil body is not a removal", "body", teamRole(1, 2, nil)},
		{"SetUserTeamRole zero role is not a removal", "usersRoleId", teamRole(1, 2, &SetUserTeamRoleRequest{})},
		{"SetUserTeamRole zero team", "teamId", teamRole(1, 0, &SetUserTeamRoleRequest{UsersRoleID: 13})},
		{"RemoveUserFromTeam deleteConnections without confirmed", "confirmed", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.RemoveUserFromTeam(ctx, 1, 2, &RemoveUserFromTeamOptions{DeleteConnections: true})
			return err
		}},
		{"RemoveUserFromTeam zero user", "userId", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.RemoveUserFromTeam(ctx, 0, 2, nil)
			return err
		}},
		{"SetUserOrganizationRole nil body is not a removal", "body", orgRole(1, 2, nil)},
		{"SetUserOrganizationRole zero role is not a removal", "usersRoleId", orgRole(1, 2, &SetUserOrganizationRoleRequest{Cols: []string{"userId"}})},
		{"SetUserOrganizationRole zero organization", "organizationId", orgRole(1, 0, &SetUserOrganizationRoleRequest{UsersRoleID: 13})},
		{"RemoveUserFromOrganization deleteConnections without confirmed", "confirmed", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.RemoveUserFromOrganization(ctx, 1, 2, &RemoveUserFromOrganizationOptions{DeleteConnections: true})
			return err
		}},
		{"RemoveUserFromOrganization negative organization", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.RemoveUserFromOrganization(ctx, 1, -2, nil)
			return err
		}},
		{"ListAdminRoles bad category", "category", func(ctx context.Context, c *Client) error {
			_, err := c.Admin.ListAdminRoles(ctx, &ListAdminRolesOptions{Category: "admins"})
			return err
		}},
		{"LookupUser nil", "q", lookup(nil)},
		{"LookupUser neither", "q", lookup(&LookupUserOptions{})},
		{"LookupUser both", "q", lookup(&LookupUserOptions{ID: 1, Email: "a@example.com"})},
		{"LookupUser negative id", "q", lookup(&LookupUserOptions{ID: -1})},
		{"LookupUser blank email", "q", lookup(&LookupUserOptions{Email: " "})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			noRequests(t, mux)
			testRefused(t, tc.call(ctx(t), client), tc.field)
		})
	}
}

// TestAdminService_RemovalIsExplicit checks that the Set...Role refusals
// point the caller to the removal method, so that a removal is always a
// call the reader can see.
func TestAdminService_RemovalIsExplicit(t *testing.T) {
	client, mux := setup(t)
	noRequests(t, mux)
	_, err := client.Admin.SetUserTeamRole(ctx(t), 1, 2, &SetUserTeamRoleRequest{})
	assert.ErrorContains(t, err, "RemoveUserFromTeam")
	_, err = client.Admin.SetUserOrganizationRole(ctx(t), 1, 2, nil)
	assert.ErrorContains(t, err, "RemoveUserFromOrganization")
	_, err = client.Admin.RemoveUserFromOrganization(ctx(t), 1, 2, &RemoveUserFromOrganizationOptions{DeleteConnections: true})
	assert.ErrorContains(t, err, "confirmed=true")
	_, err = client.Admin.DeleteUser(ctx(t), 1, &DeleteUserOptions{DeleteConnections: true})
	assert.ErrorContains(t, err, "ConfirmDeleteOwnedOrganizations")
}

// setupAdminFake starts the fake Make API behind the contract check and
// returns a client holding the fake's White Label admin token (of its
// example data).
func setupAdminFake(t *testing.T) (*Client, *maketest.Server) {
	t.Helper()
	srv := maketest.New(maketest.WithExampleData())
	t.Cleanup(srv.Close)
	target, err := url.Parse(srv.BaseURL())
	require.NoError(t, err)
	front := httptest.NewServer(contractCheck(t, httputil.NewSingleHostReverseProxy(target)))
	t.Cleanup(front.Close)
	c, err := NewClient("", maketest.AdminToken, WithBaseURL(front.URL+"/api/v2"), WithRetry(RetryConfig{}))
	require.NoError(t, err)
	return c, srv
}

// TestAdminService_AgainstFake runs the Admin methods end to end against
// the fake: create, roles set and removed explicitly, ownership, delete.
func TestAdminService_AgainstFake(t *testing.T) {
	client, srv := setupAdminFake(t)
	c := ctx(t)

	roles, err := client.Admin.ListAdminRoles(c, &ListAdminRolesOptions{Category: AdminRoleSupport})
	require.NoError(t, err)
	require.Len(t, roles, 1)

	var ids []int64
	for u, err := range client.Admin.ListUsersIter(c, &AdminListUsersOptions{OrganizationID: maketest.DefaultOrganizationID, ListOptions: ListOptions{Limit: 2}}) {
		require.NoError(t, err)
		ids = append(ids, u.ID)
	}
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, ids)
	n := 0
	for u, err := range client.Admin.ListUserDetailsIter(c, &ListUserDetailsOptions{ListOptions: ListOptions{Limit: 3}}) {
		require.NoError(t, err)
		require.NotNil(t, u.LastLogin)
		n++
	}
	assert.Equal(t, 5, n)

	user, err := client.Admin.CreateUser(c, &CreateUserRequest{Name: "Eve Example", Email: "eve@example.com", SendEmail: true})
	require.NoError(t, err)
	stored, _ := srv.User(user.ID)
	assert.True(t, stored.ForceSetPassword, "an invited user must set a password")

	found, err := client.Admin.LookupUser(c, &LookupUserOptions{Email: "eve@example.com"})
	require.NoError(t, err)
	assert.Equal(t, user.ID, found.ID)

	updated, err := client.Admin.UpdateUser(c, user.ID, &AdminUpdateUserRequest{UsersAdminsRoleID: Ptr(roles[0].ID)})
	require.NoError(t, err)
	assert.Equal(t, Ptr(roles[0].ID), updated.UsersAdminsRoleID)
	updated, err = client.Admin.UpdateUser(c, user.ID, &AdminUpdateUserRequest{UsersAdminsRoleID: Ptr(int64(0))})
	require.NoError(t, err)
	assert.Nil(t, updated.UsersAdminsRoleID, "usersAdminsRoleId 0 is sent and takes the role away")

	orgRole, err := client.Admin.SetUserOrganizationRole(c, user.ID, maketest.DefaultOrganizationID,
		&SetUserOrganizationRoleRequest{UsersRoleID: maketest.RoleMember, Cols: []string{"usersRoleId", "invitation", "joinedTeamsCount"}})
	require.NoError(t, err)
	assert.Equal(t, &AdminOrganizationRole{UsersRoleID: maketest.RoleMember}, orgRole)

	teamRole, err := client.Admin.SetUserTeamRole(c, user.ID, maketest.DefaultTeamID, &SetUserTeamRoleRequest{UsersRoleID: maketest.RoleTeamMember})
	require.NoError(t, err)
	assert.Equal(t, maketest.RoleTeamMember, teamRole.UsersRoleID)

	_, err = client.Admin.RemoveUserFromTeam(c, user.ID, maketest.DefaultTeamID, &RemoveUserFromTeamOptions{DeleteConnections: true, Confirmed: true})
	require.NoError(t, err)
	_, inTeam := srv.TeamMembership(user.ID, maketest.DefaultTeamID)
	assert.False(t, inTeam, "RemoveUserFromTeam removes the user")
	_, inOrg := srv.Membership(user.ID, maketest.DefaultOrganizationID)
	assert.True(t, inOrg, "removal from a team keeps the organization")

	transferred, err := client.Admin.TransferOrganizationOwnership(c, user.ID, maketest.DefaultOrganizationID)
	require.NoError(t, err)
	require.Len(t, transferred, 2)
	assert.False(t, transferred[0].Invitation.Pending(), "the fake answers invitation:false, as Make's example")

	// Eve owns Acme now: deleting her needs the consequence confirmed.
	_, err = client.Admin.DeleteUser(c, user.ID, nil)
	assert.ErrorIs(t, err, ErrConfirmationRequired)
	_, err = client.Admin.RemoveUserFromOrganization(c, maketest.DefaultUserID, maketest.DefaultOrganizationID, nil)
	require.NoError(t, err)
	_, inOrg = srv.Membership(maketest.DefaultUserID, maketest.DefaultOrganizationID)
	assert.False(t, inOrg, "RemoveUserFromOrganization removes the user")

	deleted, err := client.Admin.DeleteUser(c, user.ID, &DeleteUserOptions{ConfirmDeleteOwnedOrganizations: true})
	require.NoError(t, err)
	assert.Equal(t, user.ID, deleted)
	_, orgExists := srv.Organization(maketest.DefaultOrganizationID)
	assert.False(t, orgExists, "ConfirmDeleteOwnedOrganizations deleted the organization Eve owned")
}

// TestAdminService_AgainstFake_NotAdmin: a regular user's token gets Make's
// 403 from the fake, as an *APIError naming the scope.
func TestAdminService_AgainstFake_NotAdmin(t *testing.T) {
	srv := maketest.New()
	t.Cleanup(srv.Close)
	client, err := NewClient("", maketest.DefaultToken, WithBaseURL(srv.URL()), WithRetry(RetryConfig{}))
	require.NoError(t, err)
	docs := documentedMethods(t)
	for _, m := range allMethods {
		if m.service != "Admin" {
			continue
		}
		t.Run(m.name, func(t *testing.T) {
			_, err := m.call(ctx(t), client, testSecrets)
			testAPIError(t, err, documentedScope(t, docs, m))
		})
	}
}
