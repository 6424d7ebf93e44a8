package make

import (
	"context"
	"iter"
	"net/http"
	"strconv"
)

// Teams > User team roles: who is in a team, with which role. Map a
// UsersRoleID to a role's name with Users.ListRoles; change a role with
// Users.UpdateTeamRole.

func (r *UserTeamRole) pageKey() itemKey { return itemKey{n: r.UserID} }

// ListTeamUserRolesOptions are the query parameters of List user roles in
// the team.
type ListTeamUserRolesOptions struct {
	// Cols picks columns: usersRoleId, userId, teamId, changeable,
	// ssoPending.
	Cols []string `url:"cols,omitempty,brackets"`
	ListOptions
}

func (o *ListTeamUserRolesOptions) validate() error {
	if o == nil {
		return nil
	}
	return o.ListOptions.validate()
}

// teamUserRolePage is one page of ListUserRoles for the iterator: Make
// answers without "pg", so the iterator stops at the first short page.
type teamUserRolePage []UserTeamRole

func (p teamUserRolePage) pageItems() ([]UserTeamRole, Pagination) { return p, Pagination{} }

// ListUserRoles returns one page of the team's users with their team roles.
// opts may be nil. Make's answer carries no "pg"; ask for the next page
// with a larger pg[offset], or range over ListUserRolesIter.
//
// Make API: GET /teams/{teamId}/user-team-roles (scope teams:read)
func (s *TeamsService) ListUserRoles(ctx context.Context, teamID int64, opts *ListTeamUserRolesOptions) ([]UserTeamRole, error) {
	if err := firstError(checkID("teamId", teamID), opts.validate()); err != nil {
		return nil, err
	}
	var out struct {
		UserTeamRoles []UserTeamRole `json:"userTeamRoles"`
	}
	if err := s.client.call(ctx, http.MethodGet, teamPath(teamID, "user-team-roles"), "teams:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.UserTeamRoles, nil
}

// ListUserRolesIter ranges over all user roles of the team, page by page
// (pg[offset], pg[limit]), fetching lazily. It stops at the first page
// shorter than the limit, since Make's answer has no "pg", and with
// ErrPageRepeated when a page repeats. It does not change opts. An error is
// yielded once, and ends the iteration.
//
// Make API: GET /teams/{teamId}/user-team-roles (scope teams:read)
func (s *TeamsService) ListUserRolesIter(ctx context.Context, teamID int64, opts *ListTeamUserRolesOptions) iter.Seq2[UserTeamRole, error] {
	return listIter[UserTeamRole](ctx, opts, func(ctx context.Context, o *ListTeamUserRolesOptions) (teamUserRolePage, error) {
		roles, err := s.ListUserRoles(ctx, teamID, o)
		return roles, err
	})
}

// GetTeamUserRoleOptions are the query parameters of Get user team role
// details: Make documents cols[] and pg[...] for this one record too.
type GetTeamUserRoleOptions struct {
	Cols []string `url:"cols,omitempty,brackets"`
	ListOptions
}

func (o *GetTeamUserRoleOptions) validate() error {
	if o == nil {
		return nil
	}
	return o.ListOptions.validate()
}

// GetUserRole returns the role of the user in the team. opts may be nil.
//
// Make API: GET /teams/{teamId}/user-team-roles/{userId} (scope teams:read)
func (s *TeamsService) GetUserRole(ctx context.Context, teamID, userID int64, opts *GetTeamUserRoleOptions) (*UserTeamRole, error) {
	if err := firstError(checkID("teamId", teamID), checkID("userId", userID), opts.validate()); err != nil {
		return nil, err
	}
	var out struct {
		UserTeamRole *UserTeamRole `json:"userTeamRole"`
	}
	if err := s.client.call(ctx, http.MethodGet, teamPath(teamID, "user-team-roles", strconv.FormatInt(userID, 10)), "teams:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.UserTeamRole, nil
}
