package make

import (
	"context"
	"net/http"
)

// ---------------------------------------------------------------------------
// User organization roles: a user's role in each organization

// ListUserOrganizationRolesOptions are the query parameters of List user
// roles in an organization.
type ListUserOrganizationRolesOptions struct {
	// Cols asks for more fields (organizationTeamsCount, joinedTeamsCount,
	// ssoPending).
	Cols []string `url:"cols,omitempty,brackets"`
}

// ListOrganizationRoles returns the user's role in every organization the
// user belongs to (Make's page describes it as listing an organization's
// users, but the endpoint takes a user; for one organization's users call
// Organizations.ListUserRoles). opts may be nil. Map UsersRoleID to a role
// with ListRoles.
//
// Make API: GET /users/{userId}/user-organization-roles (scope user:read)
func (s *UsersService) ListOrganizationRoles(ctx context.Context, userID int64, opts *ListUserOrganizationRolesOptions) ([]UserOrganizationRole, error) {
	if err := checkID("userId", userID); err != nil {
		return nil, err
	}
	var out struct {
		Roles []UserOrganizationRole `json:"userOrganizationRoles"`
	}
	if err := s.client.call(ctx, http.MethodGet, userPath(userID, "user-organization-roles"), "user:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Roles, nil
}

// GetUserOrganizationRoleOptions are the query parameters of Get user
// organization role details.
type GetUserOrganizationRoleOptions struct {
	Cols []string `url:"cols,omitempty,brackets"` // e.g. organizationTeamsCount, joinedTeamsCount
}

// GetOrganizationRole returns the user's role in the organization. opts may
// be nil.
//
// Make API: GET /users/{userId}/user-organization-roles/{organizationId} (scope user:read)
func (s *UsersService) GetOrganizationRole(ctx context.Context, userID, organizationID int64, opts *GetUserOrganizationRoleOptions) (*UserOrganizationRole, error) {
	if err := firstError(checkID("userId", userID), checkID("organizationId", organizationID)); err != nil {
		return nil, err
	}
	var out struct {
		Role *UserOrganizationRole `json:"userOrganizationRole"`
	}
	if err := s.client.call(ctx, http.MethodGet, userPath(userID, "user-organization-roles", organizationID), "user:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Role, nil
}

// UpdateUserOrganizationRoleRequest is what Update user organization role
// sends: the body (usersRoleId) and the query parameters (cols[],
// confirmed, deleteConnections) of one call.
//
// Make reads a body without usersRoleId as "remove the user from the
// organization". So that a forgotten role never removes anyone, a removal
// must be asked for with RemoveFromOrganization, and a zero UsersRoleID is
// refused otherwise:
//
//	// change the role
//	&make.UpdateUserOrganizationRoleRequest{UsersRoleID: member.ID}
//	// remove the user, and the user's connections in the organization
//	&make.UpdateUserOrganizationRoleRequest{RemoveFromOrganization: true, DeleteConnections: true, Confirmed: true}
type UpdateUserOrganizationRoleRequest struct {
	// UsersRoleID is the organization role to give; find it by name with
	// ListRoles (Category RoleCategoryOrganization) and UserRoles.ByName.
	// The Owner cannot be given here: see TransferOrganizationOwnership.
	UsersRoleID int64 `json:"usersRoleId,omitempty" url:"-"`
	// RemoveFromOrganization removes the user from the organization (an
	// empty body). UsersRoleID must then be 0.
	RemoveFromOrganization bool `json:"-" url:"-"`
	// DeleteConnections also deletes the user's connections in the
	// organization on removal. Make wants Confirmed with it.
	DeleteConnections bool `json:"-" url:"deleteConnections,omitempty"`
	// Confirmed confirms deleting the connections.
	Confirmed bool `json:"-" url:"confirmed,omitempty"`
	// Cols asks for more fields of the returned role.
	Cols []string `json:"-" url:"cols,omitempty,brackets"`
}

func (r *UpdateUserOrganizationRoleRequest) validate() error {
	switch {
	case r == nil:
		return invalid("body", "is required: give UsersRoleID, or set RemoveFromOrganization to remove the user")
	case r.RemoveFromOrganization && r.UsersRoleID != 0:
		return invalid("usersRoleId", "must be 0 with RemoveFromOrganization (a removal sends no role), got %d", r.UsersRoleID)
	case !r.RemoveFromOrganization && r.UsersRoleID <= 0:
		return invalid("usersRoleId", "must be a positive role ID (see Users.ListRoles), got %d; to remove the user set RemoveFromOrganization", r.UsersRoleID)
	case !r.RemoveFromOrganization && (r.DeleteConnections || r.Confirmed):
		return invalid("deleteConnections", "deleteConnections and confirmed act only on a removal; set RemoveFromOrganization too, or drop them")
	}
	return checkConfirmed(r.DeleteConnections, r.Confirmed)
}

// UpdateOrganizationRole changes the user's role in the organization, or
// removes the user from it, and returns the user's organization role. Only
// the organization's owners and admins may. See
// UpdateUserOrganizationRoleRequest for how a removal is asked for: a nil
// body or a zero role is refused before sending.
//
// Make API: POST /users/{userId}/user-organization-roles/{organizationId} (scope user:write)
func (s *UsersService) UpdateOrganizationRole(ctx context.Context, userID, organizationID int64, body *UpdateUserOrganizationRoleRequest) (*UserOrganizationRole, error) {
	if err := firstError(checkID("userId", userID), checkID("organizationId", organizationID), body.validate()); err != nil {
		return nil, err
	}
	var out struct {
		Role *UserOrganizationRole `json:"userOrganizationRole"`
	}
	if err := s.client.call(ctx, http.MethodPost, userPath(userID, "user-organization-roles", organizationID), "user:write", body, body, &out); err != nil {
		return nil, err
	}
	return out.Role, nil
}

// TransferOrganizationOwnership makes the user the owner of the
// organization; the caller, who must be its owner, loses the Owner role.
// Make documents no confirmation for it, so none is asked for. It returns
// the organization roles that changed, as Admin.TransferOrganizationOwnership
// does: this endpoint's schema documents invitation as a boolean, which
// AdminOrganizationRole decodes along with the string and null forms.
//
// Make API: POST /users/{userId}/user-organization-roles/{organizationId}/transfer (scope user:write)
func (s *UsersService) TransferOrganizationOwnership(ctx context.Context, userID, organizationID int64) ([]AdminOrganizationRole, error) {
	if err := firstError(checkID("userId", userID), checkID("organizationId", organizationID)); err != nil {
		return nil, err
	}
	var out struct {
		Roles []AdminOrganizationRole `json:"userOrganizationRoles"`
	}
	if err := s.client.call(ctx, http.MethodPost, userPath(userID, "user-organization-roles", organizationID)+"/transfer", "user:write", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Roles, nil
}
