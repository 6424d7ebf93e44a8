package maketest

import "fmt"

// The Users > User team roles operations. They share the store with the
// Admin endpoints and GET /users: a role set here is what every one of them
// reports.
func init() {
	handle("usersListTeamRoles", usersListTeamRoles)
	handle("usersGetTeamRole", usersGetTeamRole)
	handleJSON("usersUpdateTeamRole", usersUpdateTeamRole)
}

// targetTeam resolves {teamId} to an existing team (404 otherwise).
func (c *call) targetTeam() (*Team, error) {
	id, err := c.pathID("teamId")
	if err != nil {
		return nil, err
	}
	t := c.st.teams[id]
	if t == nil {
		return nil, errNotFound(fmt.Sprintf("Team with ID %d not found.", id))
	}
	return t, nil
}

// teamRoleObject encodes a UserTeamRole.
func (st *state) teamRoleObject(r *TeamRole) object {
	return adminTeamRoleObject(r.UserID, r.TeamID, r.RoleID, !st.adminInheritsTeamAdmin(r.UserID, st.teams[r.TeamID]))
}

// usersListTeamRoles: GET /users/{userId}/user-team-roles (user:read). The
// roles in the teams the caller can see.
func usersListTeamRoles(c *call) (any, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	out := []object{}
	for _, r := range c.st.teamRolesOfUser(u.ID) {
		if u.ID == c.tok.userID || c.st.canViewTeam(c.me(), c.st.teams[r.TeamID]) {
			out = append(out, c.st.teamRoleObject(r))
		}
	}
	return object{{"userTeamRoles", out}}, nil
}

// usersGetTeamRole: GET /users/{userId}/user-team-roles/{teamId} (user:read).
func usersGetTeamRole(c *call) (any, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	t, err := c.targetTeam()
	if err != nil {
		return nil, err
	}
	r, err := c.visibleTeamRole(u, t)
	if err != nil {
		return nil, err
	}
	return object{{"userTeamRole", c.st.teamRoleObject(r)}}, nil
}

// visibleTeamRole is u's role in team t, as the caller may read it: their
// own, or anyone's in a team they can view.
func (c *call) visibleTeamRole(u *User, t *Team) (*TeamRole, error) {
	if u.ID != c.tok.userID && !c.st.canViewTeam(c.me(), t) {
		return nil, errForbidden()
	}
	r := c.st.teamRole(u.ID, t.ID)
	if r == nil {
		return nil, errNotFound(fmt.Sprintf("User %d has no role in team %d.", u.ID, t.ID))
	}
	return r, nil
}

// canManageTeam: a White Label admin, an Owner or Admin of the team's
// organization, or a Team Admin of the team.
func (c *call) canManageTeam(t *Team) bool {
	if c.hasOrgAccess(t.OrganizationID, accessManage) {
		return true
	}
	r := c.st.teamRole(c.tok.userID, t.ID)
	return r != nil && r.RoleID == RoleTeamAdmin
}

// usersUpdateTeamRole: POST /users/{userId}/user-team-roles/{teamId}
// (user:write). Sets the team role of a member of the team's organization;
// the rules are those of the Admin endpoint, which the caller needs no
// admin role for, but the right to manage the team.
func usersUpdateTeamRole(c *call, body *adminRoleBody) (any, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	t, err := c.targetTeam()
	if err != nil {
		return nil, err
	}
	if !c.canManageTeam(t) {
		return nil, errForbidden()
	}
	if body.UsersRoleID == nil {
		return nil, errInvalid("usersRoleId", "is required.")
	}
	if err := c.assignTeamRole(u, t, *body.UsersRoleID); err != nil {
		return nil, err
	}
	return object{{"userTeamRole", c.st.teamRoleObject(c.st.teamRole(u.ID, t.ID))}}, nil
}
