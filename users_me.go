package make

import (
	"context"
	"log/slog"
	"net/http"
)

// ---------------------------------------------------------------------------
// Me: the current user

// GetMeOptions are the query parameters of Current user data.
type GetMeOptions struct {
	IncludeInvitedOrg bool     `url:"includeInvitedOrg,omitempty"`
	Cols              []string `url:"cols,omitempty,brackets"`
}

// Me returns the authenticated user; ask for more fields with Cols. opts may
// be nil.
//
// Make API: GET /users/me (scope organization:read)
func (s *UsersService) Me(ctx context.Context, opts *GetMeOptions) (*User, error) {
	var out struct {
		AuthUser *User `json:"authUser"`
	}
	if err := s.client.call(ctx, http.MethodGet, "users/me", "organization:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.AuthUser, nil
}

// Authorization is how the current request is authorized.
type Authorization struct {
	AuthUsed string   `json:"authUsed"` // e.g. "token"
	Scope    []string `json:"scope"`    // the credential's scopes
}

// CurrentAuthorization returns the scopes and authentication method of the
// client's credential.
//
// Make API: GET /users/me/current-authorization (scope organization:read)
func (s *UsersService) CurrentAuthorization(ctx context.Context) (*Authorization, error) {
	var out struct {
		Authorization *Authorization `json:"authorization"`
	}
	if err := s.client.call(ctx, http.MethodGet, "users/me/current-authorization", "organization:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Authorization, nil
}

// UserOrganizationInvitation is an invitation of the current user to an
// organization.
type UserOrganizationInvitation struct {
	Hash             Secret `json:"hash"` // pass to Organizations.AcceptInvitation
	Invitation       string `json:"invitation,omitempty"`
	UsersRoleID      int64  `json:"usersRoleId,omitempty"`
	OrganizationID   int64  `json:"organizationId,omitempty"`
	OrganizationName string `json:"organizationName,omitempty"`
	Zone             string `json:"zone,omitempty"`
}

// LogValue logs the UserOrganizationInvitation with its secrets redacted.
func (r UserOrganizationInvitation) LogValue() slog.Value { return redactedLogValue(r) }

// UserOrganizationInvitations is a list of invitations. It logs with its
// hashes redacted: slog resolves a LogValuer only at the top of an
// attribute, so a plain slice would be marshalled hashes and all.
type UserOrganizationInvitations []UserOrganizationInvitation

// LogValue logs the invitations with their hashes redacted.
func (l UserOrganizationInvitations) LogValue() slog.Value { return redactedLogValue(l) }

// ListMyOrganizationInvitations returns the current user's invitations to
// organizations.
//
// Make API: GET /users/me/organization-invitations (scope user:read)
func (s *UsersService) ListMyOrganizationInvitations(ctx context.Context) (UserOrganizationInvitations, error) {
	var out struct {
		Invitations UserOrganizationInvitations `json:"userOrganizationInvitations"`
	}
	if err := s.client.call(ctx, http.MethodGet, "users/me/organization-invitations", "user:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Invitations, nil
}
