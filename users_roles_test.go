package make_test

import (
	"io"
	"net/http"
	"net/url"
	"testing"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const rolesExample = `{"usersRoles":[{"id":1,"name":"Admin","identifier":"admin","category":"organization","subsidiary":false,"managementType":"system_locked","description":"Full administrative access to the organization.","permissions":["organizations view","organizations edit","users view","users edit"]},
	{"id":42,"name":"Custom Viewer","category":"organization","subsidiary":true,"managementType":"custom_managed","description":"Read-only access to organization resources.","permissions":["scenarios view"]},
	{"id":13,"name":"Member","category":"team","managementType":"admin_managed","description":null}]}`

func TestUsersService_ListRoles(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/roles", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{
			"category":       {"organization"},
			"organizationId": {"5"},
			"roleId":         {"42"},
			"excludeRole[]":  {"1", "2"},
			"cols[]":         {"id", "name", "permissions"},
		})
		testNoBody(t, r)
		writeJSON(w, 200, rolesExample)
	})
	got, err := client.Users.ListRoles(ctx(t), &ListRolesOptions{Category: RoleCategoryOrganization, OrganizationID: 5, RoleID: 42,
		ExcludeRole: []int64{1, 2}, Cols: []string{"id", "name", "permissions"}})
	require.NoError(t, err)
	desc := "Full administrative access to the organization."
	desc42 := "Read-only access to organization resources."
	assert.Equal(t, UserRoles{
		{ID: 1, Name: "Admin", Identifier: "admin", Category: RoleCategoryOrganization, ManagementType: RoleSystemLocked, Description: &desc,
			Permissions: []string{"organizations view", "organizations edit", "users view", "users edit"}},
		{ID: 42, Name: "Custom Viewer", Category: RoleCategoryOrganization, Subsidiary: true, ManagementType: RoleCustomManaged, Description: &desc42,
			Permissions: []string{"scenarios view"}},
		{ID: 13, Name: "Member", Category: RoleCategoryTeam, ManagementType: RoleAdminManaged},
	}, got)

	member, ok := got.ByName("member", RoleCategoryTeam)
	assert.True(t, ok)
	assert.Equal(t, int64(13), member.ID)
	_, ok = got.ByName("Member", RoleCategoryOrganization)
	assert.False(t, ok, "the category narrows the lookup")
	admin, ok := got.ByName("Admin", "")
	assert.True(t, ok)
	assert.Equal(t, int64(1), admin.ID)
}

func TestUsersService_ListRoles_NilOptions(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /users/roles", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"usersRoles":[]}`)
	})
	got, err := client.Users.ListRoles(ctx(t), nil)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestUsersService_GetRole(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/roles/42", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"usersRole":{"id":42,"name":"Custom Viewer","category":"organization","subsidiary":true,"managementType":"custom_managed","description":"Read-only access to organization resources.","organizationId":5,"permissions":["scenarios view"]}}`)
	})
	got, err := client.Users.GetRole(ctx(t), 42)
	require.NoError(t, err)
	assert.Equal(t, &UserRole{ID: 42, Name: "Custom Viewer", Category: RoleCategoryOrganization, Subsidiary: true, ManagementType: RoleCustomManaged,
		Description: Ptr("Read-only access to organization resources."), OrganizationID: Ptr(int64(5)), Permissions: []string{"scenarios view"}}, got)
}

func TestUsersService_ListRolePermissions(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/roles/permissions", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"roleCategory": {"team"}})
		writeJSON(w, 200, `{"usersRolesPermissions":[{"id":101,"name":"scenarios view","note":"View scenarios","category":"scenarios","roleCategory":"organization","label":"View scenarios","customRolesHidden":false,"requires":[]},
			{"id":102,"name":"scenarios edit","note":"Edit scenarios","category":"scenarios","roleCategory":"organization","label":"Edit scenarios","customRolesHidden":true,"requires":["scenarios view"]}]}`)
	})
	got, err := client.Users.ListRolePermissions(ctx(t), &ListRolePermissionsOptions{RoleCategory: RoleCategoryTeam})
	require.NoError(t, err)
	assert.Equal(t, []RolePermission{
		{ID: 101, Name: "scenarios view", Note: "View scenarios", Category: "scenarios", RoleCategory: RoleCategoryOrganization, Label: "View scenarios", Requires: []string{}},
		{ID: 102, Name: "scenarios edit", Note: "Edit scenarios", Category: "scenarios", RoleCategory: RoleCategoryOrganization, Label: "Edit scenarios",
			CustomRolesHidden: true, Requires: []string{"scenarios view"}},
	}, got)
}

func TestUsersService_TeamRoles(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/7/user-team-roles", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"userTeamRoles":[{"usersRoleId":13,"userId":7,"teamId":3,"changeable":true,"ssoPending":false},{"usersRoleId":14,"userId":7,"teamId":4}]}`)
	})
	mux.HandleFunc("GET /users/7/user-team-roles/3", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"userTeamRole":{"usersRoleId":13,"userId":7,"teamId":3,"changeable":true}}`)
	})
	mux.HandleFunc("POST /users/7/user-team-roles/3", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"usersRoleId":15}`)
		writeJSON(w, 200, `{"userTeamRole":{"usersRoleId":15,"userId":7,"teamId":3,"changeable":true,"ssoPending":true}}`)
	})
	list, err := client.Users.ListTeamRoles(ctx(t), 7)
	require.NoError(t, err)
	assert.Equal(t, []UserTeamRole{{UsersRoleID: 13, UserID: 7, TeamID: 3, Changeable: true}, {UsersRoleID: 14, UserID: 7, TeamID: 4}}, list)

	one, err := client.Users.GetTeamRole(ctx(t), 7, 3)
	require.NoError(t, err)
	assert.Equal(t, &UserTeamRole{UsersRoleID: 13, UserID: 7, TeamID: 3, Changeable: true}, one)

	updated, err := client.Users.UpdateTeamRole(ctx(t), 7, 3, &UpdateTeamRoleRequest{UsersRoleID: 15})
	require.NoError(t, err)
	assert.Equal(t, &UserTeamRole{UsersRoleID: 15, UserID: 7, TeamID: 3, Changeable: true, SSOPending: true}, updated)
}

func TestUsersService_OrganizationRoles(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /users/7/user-organization-roles", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, url.Values{"cols[]": {"userId", "organizationId", "usersRoleId", "joinedTeamsCount"}})
		writeJSON(w, 200, `{"userOrganizationRoles":[{"userId":7,"organizationId":1,"usersRoleId":13,"invitation":null,"joinedTeamsCount":2},{"userId":7,"organizationId":2,"usersRoleId":12,"invitation":"pending"}]}`)
	})
	mux.HandleFunc("GET /users/7/user-organization-roles/1", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, url.Values{"cols[]": {"organizationTeamsCount"}})
		writeJSON(w, 200, `{"userOrganizationRole":{"userId":7,"organizationId":1,"usersRoleId":13,"invitation":null,"organizationTeamsCount":4}}`)
	})
	list, err := client.Users.ListOrganizationRoles(ctx(t), 7, &ListUserOrganizationRolesOptions{Cols: []string{"userId", "organizationId", "usersRoleId", "joinedTeamsCount"}})
	require.NoError(t, err)
	assert.Equal(t, []UserOrganizationRole{{UserID: 7, OrganizationID: 1, UsersRoleID: 13, JoinedTeamsCount: 2},
		{UserID: 7, OrganizationID: 2, UsersRoleID: 12, Invitation: Ptr("pending")}}, list)

	one, err := client.Users.GetOrganizationRole(ctx(t), 7, 1, &GetUserOrganizationRoleOptions{Cols: []string{"organizationTeamsCount"}})
	require.NoError(t, err)
	assert.Equal(t, &UserOrganizationRole{UserID: 7, OrganizationID: 1, UsersRoleID: 13, OrganizationTeamsCount: 4}, one)
}

func TestUsersService_UpdateOrganizationRole(t *testing.T) {
	client, mux := setup(t)
	var query url.Values
	var body string
	mux.HandleFunc("POST /users/7/user-organization-roles/1", func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.Query()
		b, err := io.ReadAll(r.Body)
		assert.NoError(t, err)
		body = string(b)
		writeJSON(w, 200, `{"userOrganizationRole":{"userId":7,"organizationId":1,"usersRoleId":12,"invitation":null,"ssoPending":false}}`)
	})
	got, err := client.Users.UpdateOrganizationRole(ctx(t), 7, 1, &UpdateUserOrganizationRoleRequest{UsersRoleID: 12, Cols: []string{"ssoPending"}})
	require.NoError(t, err)
	assert.Equal(t, &UserOrganizationRole{UserID: 7, OrganizationID: 1, UsersRoleID: 12}, got)
	assert.Equal(t, url.Values{"cols[]": {"ssoPending"}}, query)
	assert.JSONEq(t, `{"usersRoleId":12}`, body)

	// A removal is asked for explicitly, sends the empty body Make reads as
	// removal, and carries its query parameters.
	_, err = client.Users.UpdateOrganizationRole(ctx(t), 7, 1, &UpdateUserOrganizationRoleRequest{RemoveFromOrganization: true, DeleteConnections: true, Confirmed: true})
	require.NoError(t, err)
	assert.Equal(t, url.Values{"deleteConnections": {"true"}, "confirmed": {"true"}}, query)
	assert.JSONEq(t, `{}`, body)
}

func TestUsersService_TransferOrganizationOwnership(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/7/user-organization-roles/1/transfer", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testNoBody(t, r)
		// invitation as the endpoint's schema documents it (a boolean), and as the others do.
		writeJSON(w, 200, `{"userOrganizationRoles":[{"userId":7,"organizationId":1,"usersRoleId":10,"invitation":false},{"userId":2,"organizationId":1,"usersRoleId":12,"invitation":null}]}`)
	})
	got, err := client.Users.TransferOrganizationOwnership(ctx(t), 7, 1)
	require.NoError(t, err)
	assert.Equal(t, []AdminOrganizationRole{{UserID: 7, OrganizationID: 1, UsersRoleID: 10}, {UserID: 2, OrganizationID: 1, UsersRoleID: 12}}, got)
}
