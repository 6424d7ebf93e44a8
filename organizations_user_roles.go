package make

import (
	"context"
	"net/http"
	"strconv"
)

// ---------------------------------------------------------------------------
// User organization roles: the roles of an organization's users

// ListOrganizationUserRolesOptions are the query parameters of List user
// roles.
type ListOrganizationUserRolesOptions struct {
	// Cols asks for more fields (organizationTeamsCount, joinedTeamsCount,
	// ssoPending). Make's page lists "userRoleId" among them; responses
	// name it usersRoleId.
	Cols []string `url:"cols,omitempty,brackets"`
}

// ListUserRoles returns the role of every user of the organization,
// invitations included (Invitation set). opts may be nil. Change a role with
// Users.UpdateOrganizationRole; map UsersRoleID with Users.ListRoles.
//
// Make API: GET /organizations/{organizationId}/user-organization-roles (scope organizations:read)
func (s *OrganizationsService) ListUserRoles(ctx context.Context, organizationID int64, opts *ListOrganizationUserRolesOptions) ([]UserOrganizationRole, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out struct {
		Roles []UserOrganizationRole `json:"userOrganizationRoles"`
	}
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "user-organization-roles"), "organizations:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Roles, nil
}

// GetOrganizationUserRoleOptions are the query parameters of Get user
// organization role details.
type GetOrganizationUserRoleOptions struct {
	Cols []string `url:"cols,omitempty,brackets"` // e.g. organizationTeamsCount, joinedTeamsCount
}

// GetUserRole returns the role of one user of the organization. opts may be
// nil. It is Users.GetOrganizationRole seen from the organization, with the
// organizations:read scope.
//
// Make API: GET /organizations/{organizationId}/user-organization-roles/{userId} (scope organizations:read)
func (s *OrganizationsService) GetUserRole(ctx context.Context, organizationID, userID int64, opts *GetOrganizationUserRoleOptions) (*UserOrganizationRole, error) {
	if err := firstError(checkID("organizationId", organizationID), checkID("userId", userID)); err != nil {
		return nil, err
	}
	var out struct {
		Role *UserOrganizationRole `json:"userOrganizationRole"`
	}
	path := orgPath(organizationID, "user-organization-roles", strconv.FormatInt(userID, 10))
	if err := s.client.call(ctx, http.MethodGet, path, "organizations:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Role, nil
}

// TransferOwnership makes the user the owner of the organization; only its
// owner may, and loses the Owner role. Make documents no confirmation for
// it, so none is asked for. It returns the organization roles that changed
// (see Users.TransferOrganizationOwnership for their type). Make's page
// lists the scope organization:read, kept as documented though a write
// scope is likelier: a 403 names it.
//
// Make API: POST /organizations/{organizationId}/user-organization-roles/transfer (scope organization:read)
func (s *OrganizationsService) TransferOwnership(ctx context.Context, organizationID, userID int64) ([]AdminOrganizationRole, error) {
	if err := firstError(checkID("organizationId", organizationID), checkID("userId", userID)); err != nil {
		return nil, err
	}
	body := struct {
		UserID int64 `json:"userId"`
	}{userID}
	var out struct {
		Roles []AdminOrganizationRole `json:"userOrganizationRoles"`
	}
	if err := s.client.call(ctx, http.MethodPost, orgPath(organizationID, "user-organization-roles", "transfer"), "organization:read", nil, body, &out); err != nil {
		return nil, err
	}
	return out.Roles, nil
}
