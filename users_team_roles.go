package make

import (
	"context"
	"net/http"
)

// ---------------------------------------------------------------------------
// User team roles: a user's role in each team

// ListTeamRoles returns the user's role in every team the user is part of.
// Map UsersRoleID to a role with ListRoles.
//
// Make API: GET /users/{userId}/user-team-roles (scope user:read)
func (s *UsersService) ListTeamRoles(ctx context.Context, userID int64) ([]UserTeamRole, error) {
	if err := checkID("userId", userID); err != nil {
		return nil, err
	}
	var out struct {
		Roles []UserTeamRole `json:"userTeamRoles"`
	}
	if err := s.client.call(ctx, http.MethodGet, userPath(userID, "user-team-roles"), "user:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Roles, nil
}

// GetTeamRole returns the user's role in the team.
//
// Make API: GET /users/{userId}/user-team-roles/{teamId} (scope user:read)
func (s *UsersService) GetTeamRole(ctx context.Context, userID, teamID int64) (*UserTeamRole, error) {
	if err := firstError(checkID("userId", userID), checkID("teamId", teamID)); err != nil {
		return nil, err
	}
	var out struct {
		Role *UserTeamRole `json:"userTeamRole"`
	}
	if err := s.client.call(ctx, http.MethodGet, userPath(userID, "user-team-roles", teamID), "user:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Role, nil
}

// UpdateTeamRoleRequest is the body of Update user team role.
type UpdateTeamRoleRequest struct {
	// UsersRoleID is the team role to give, required: find it by name with
	// ListRoles (Category RoleCategoryTeam) and UserRoles.ByName. Make
	// documents the field as optional but not what a body without it does,
	// so the SDK never sends one.
	UsersRoleID int64 `json:"usersRoleId"`
}

// UpdateTeamRole changes the user's role in the team and returns the new
// role. A nil body or a zero role is refused before sending (see
// UpdateTeamRoleRequest).
//
// Make API: POST /users/{userId}/user-team-roles/{teamId} (scope user:write)
func (s *UsersService) UpdateTeamRole(ctx context.Context, userID, teamID int64, body *UpdateTeamRoleRequest) (*UserTeamRole, error) {
	if err := firstError(checkID("userId", userID), checkID("teamId", teamID), checkBody(body)); err != nil {
		return nil, err
	}
	if body.UsersRoleID <= 0 {
		return nil, invalid("usersRoleId", "must be a positive role ID (see Users.ListRoles), got %d", body.UsersRoleID)
	}
	var out struct {
		Role *UserTeamRole `json:"userTeamRole"`
	}
	if err := s.client.call(ctx, http.MethodPost, userPath(userID, "user-team-roles", teamID), "user:write", nil, body, &out); err != nil {
		return nil, err
	}
	return out.Role, nil
}
