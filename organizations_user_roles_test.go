package make_test

import (
	"net/http"
	"net/url"
	"testing"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrganizationsService_UserRoles(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/1/user-organization-roles", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"cols[]": {"userId", "usersRoleId", "invitation"}})
		writeJSON(w, 200, `{"userOrganizationRoles":[{"userId":1,"organizationId":1,"usersRoleId":10,"invitation":null},{"userId":9,"organizationId":1,"usersRoleId":13,"invitation":"pending"}]}`)
	})
	mux.HandleFunc("GET /organizations/1/user-organization-roles/9", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"userOrganizationRole":{"userId":9,"organizationId":1,"usersRoleId":13,"invitation":"pending","organizationTeamsCount":3,"joinedTeamsCount":0}}`)
	})
	list, err := client.Organizations.ListUserRoles(ctx(t), 1, &ListOrganizationUserRolesOptions{Cols: []string{"userId", "usersRoleId", "invitation"}})
	require.NoError(t, err)
	assert.Equal(t, []UserOrganizationRole{{UserID: 1, OrganizationID: 1, UsersRoleID: 10},
		{UserID: 9, OrganizationID: 1, UsersRoleID: 13, Invitation: Ptr("pending")}}, list)

	one, err := client.Organizations.GetUserRole(ctx(t), 1, 9, nil)
	require.NoError(t, err)
	assert.Equal(t, &UserOrganizationRole{UserID: 9, OrganizationID: 1, UsersRoleID: 13, Invitation: Ptr("pending"), OrganizationTeamsCount: 3}, one)
}

func TestOrganizationsService_TransferOwnership(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/1/user-organization-roles/transfer", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"userId":9}`)
		writeJSON(w, 200, `{"userOrganizationRoles":[{"userId":9,"organizationId":1,"usersRoleId":10,"invitation":true},{"userId":1,"organizationId":1,"usersRoleId":12,"invitation":null}]}`)
	})
	got, err := client.Organizations.TransferOwnership(ctx(t), 1, 9)
	require.NoError(t, err)
	assert.Equal(t, []AdminOrganizationRole{{UserID: 9, OrganizationID: 1, UsersRoleID: 10, Invitation: "true"}, {UserID: 1, OrganizationID: 1, UsersRoleID: 12}}, got)
}

func TestOrganizationsService_TransferOwnership_NotOwner(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("POST /organizations/1/user-organization-roles/transfer", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"message":"Only the owner can transfer the organization","code":"IM005","detail":"userId","suberrors":[{"message":"not the owner"}]}`)
	})
	_, err := client.Organizations.TransferOwnership(ctx(t), 1, 9)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.Equal(t, "IM005", apiErr.Code)
	assert.Equal(t, "userId", apiErr.Detail)
	require.Len(t, apiErr.Suberrors, 1)
}
