package make

import (
	"context"
	"net/http"
	"strings"
	"unicode"
)

// ---------------------------------------------------------------------------
// Invitations

// maxInvitedName is the documented maximum length of a user's name.
const maxInvitedName = maxUserName

// InviteUserRequest is the body of Invite a user to the organization.
type InviteUserRequest struct {
	UsersRoleID int64  `json:"usersRoleId,omitempty"` // organization role, see Users.ListRoles
	Email       string `json:"email"`                 // required
	// Name is required: the user's name in teams and organizations, at
	// most 250 characters, not starting or ending with a space.
	Name    string  `json:"name"`
	Note    string  `json:"note,omitempty"`    // added to the invitation
	TeamsID []int64 `json:"teamsId,omitempty"` // teams the user joins with the team role member
}

func (r *InviteUserRequest) validate() error {
	if r == nil {
		return checkBody(r)
	}
	if err := firstError(
		checkRequired("email", r.Email),
		checkRequired("name", r.Name),
		checkName("name", r.Name, maxInvitedName),
	); err != nil {
		return err
	}
	if !strings.Contains(r.Email, "@") || strings.ContainsFunc(r.Email, unicode.IsSpace) {
		return invalid("email", "must be an email address, got %q", r.Email)
	}
	if r.UsersRoleID < 0 {
		return checkID("usersRoleId", r.UsersRoleID)
	}
	for _, id := range r.TeamsID {
		if err := checkID("teamsId", id); err != nil {
			return err
		}
	}
	return nil
}

// OrganizationMembership is a user with their role in an organization, as
// returned by InviteUser and AcceptInvitation.
type OrganizationMembership struct {
	User                 User                 `json:"user"`
	UserOrganizationRole UserOrganizationRole `json:"userOrganizationRole"`
}

// InviteUser invites a user to the organization, optionally into teams with
// the team role member (change it later with POST
// /users/{userId}/user-team-roles/{teamId}).
//
// Make API: POST /organizations/{organizationId}/invite (scope organizations:write)
func (s *OrganizationsService) InviteUser(ctx context.Context, organizationID int64, body *InviteUserRequest) (*OrganizationMembership, error) {
	if err := firstError(checkID("organizationId", organizationID), body.validate()); err != nil {
		return nil, err
	}
	var out OrganizationMembership
	if err := s.client.call(ctx, http.MethodPost, orgPath(organizationID, "invite"), "organizations:write", nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// InvitationDetail is an invitation to an organization: the organization,
// the invited user and their role, whose Invitation is e.g. "pending".
type InvitationDetail struct {
	Organization         OrganizationRef      `json:"organization"`
	User                 User                 `json:"user"`
	UserOrganizationRole UserOrganizationRole `json:"userOrganizationRole"`
}

// GetInvitation returns the invitation with the hash (from the invitation
// email, or Users.ListMyOrganizationInvitations). The hash is a Secret: it
// is redacted in errors and logs.
//
// Make API: GET /organizations/invitation (scope organizations:read)
func (s *OrganizationsService) GetInvitation(ctx context.Context, hash Secret) (*InvitationDetail, error) {
	if err := checkRequired("hash", string(hash)); err != nil {
		return nil, err
	}
	q := struct {
		Hash Secret `url:"hash"`
	}{hash}
	var out InvitationDetail
	if err := s.client.call(ctx, http.MethodGet, "organizations/invitation", "organizations:read", q, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// AcceptInvitation accepts the invitation with the hash and returns the user
// and their new role. The hash travels in the body; it is never logged.
//
// Make API: POST /organizations/accept-invitation (scope organizations:write)
func (s *OrganizationsService) AcceptInvitation(ctx context.Context, hash Secret) (*OrganizationMembership, error) {
	if err := checkRequired("hash", string(hash)); err != nil {
		return nil, err
	}
	body := struct {
		Hash Secret `json:"hash"`
	}{hash}
	var out OrganizationMembership
	if err := s.client.call(ctx, http.MethodPost, "organizations/accept-invitation", "organizations:write", nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
