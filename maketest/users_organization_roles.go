package maketest

import "fmt"

// The Users > User organization roles operations, on the store the Admin and
// Organizations endpoints share.
func init() {
	handle("usersListOrganizationRoles", usersListOrganizationRoles)
	handle("usersGetOrganizationRole", usersGetOrganizationRole)
	handleJSON("usersUpdateOrganizationRole", usersUpdateOrganizationRole)
	handle("usersTransferOrganizationOwnership", usersTransferOrganizationOwnership)
}

// usersListOrganizationRoles: GET /users/{userId}/user-organization-roles
// (user:read). The user's roles, invitations included, in the organizations
// the caller can see.
func usersListOrganizationRoles(c *call) (any, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	cols, err := c.cols(adminOrgRoleCols, adminOrgRoleDefaultCols)
	if err != nil {
		return nil, err
	}
	out := []object{}
	for _, r := range c.st.orgRolesOfUser(u.ID, true) {
		if u.ID == c.tok.userID || c.st.canViewOrg(c.me(), r.OrganizationID) {
			out = append(out, project(c.st.adminOrgRoleFields(u.ID, r.OrganizationID), cols))
		}
	}
	return object{{"userOrganizationRoles", out}}, nil
}

// orgRoleOf answers a user's role in an organization, or 404 without one.
func (c *call) orgRoleOf(u *User, o *Organization) (any, error) {
	if u.ID != c.tok.userID && !c.st.canViewOrg(c.me(), o.ID) {
		return nil, errForbidden()
	}
	cols, err := c.cols(adminOrgRoleCols, adminOrgRoleDefaultCols)
	if err != nil {
		return nil, err
	}
	if c.st.orgRole(u.ID, o.ID) == nil {
		return nil, errNotFound(fmt.Sprintf("User %d has no role in organization %d.", u.ID, o.ID))
	}
	return object{{"userOrganizationRole", project(c.st.adminOrgRoleFields(u.ID, o.ID), cols)}}, nil
}

// usersGetOrganizationRole: GET
// /users/{userId}/user-organization-roles/{organizationId} (user:read).
func usersGetOrganizationRole(c *call) (any, error) {
	u, o, err := c.pathUserOrg()
	if err != nil {
		return nil, err
	}
	return c.orgRoleOf(u, o)
}

// usersUpdateOrganizationRole: POST
// /users/{userId}/user-organization-roles/{organizationId} (user:write).
// For the organization's Owners and Admins: the rules of the Admin endpoint
// (a body without usersRoleId removes the user; deleteConnections needs
// confirmed; the Owner is changed only by a transfer).
func usersUpdateOrganizationRole(c *call, body *adminRoleBody) (any, error) {
	o, err := c.pathOrg()
	if err != nil {
		return nil, err
	}
	if !c.hasOrgAccess(o.ID, accessManage) {
		return nil, errForbidden()
	}
	return adminUsersSetOrganizationRole(c, body)
}

// transferOwnership makes u the Owner of o (and Team Admin of its teams);
// the previous owner becomes Admin. Only the owner (or a White Label
// admin) may. The answer lists both roles with invitation as the
// endpoint's schema has it: false for the Users endpoint (a boolean in the
// published schema), null for the Organizations one (UserOrganizationRole).
func (c *call) transferOwnership(u *User, o *Organization, invitation any) (any, error) {
	if !c.hasOrgAccess(o.ID, accessOwner) {
		return nil, errForbidden()
	}
	if c.st.acceptedOrgRole(u.ID, o.ID) == nil {
		return nil, errBadRequest(fmt.Sprintf("User %d is not a member of organization %d; add the user first.", u.ID, o.ID))
	}
	changed := []int64{u.ID}
	for _, r := range c.st.orgRolesOfOrg(o.ID, false) {
		if r.RoleID == RoleOwner && r.UserID != u.ID {
			c.st.setOrgRole(r.UserID, o.ID, RoleAdmin, InvitationAccepted, "")
			changed = append(changed, r.UserID)
		}
	}
	c.st.setOrgRole(u.ID, o.ID, RoleOwner, InvitationAccepted, "")
	c.st.adminMakeTeamAdmin(u.ID, o.ID)
	out := []object{}
	for _, id := range changed {
		r := c.st.orgRole(id, o.ID)
		out = append(out, object{{"userId", r.UserID}, {"organizationId", r.OrganizationID}, {"usersRoleId", r.RoleID}, {"invitation", invitation}})
	}
	return object{{"userOrganizationRoles", out}}, nil
}

// usersTransferOrganizationOwnership: POST
// /users/{userId}/user-organization-roles/{organizationId}/transfer
// (user:write).
func usersTransferOrganizationOwnership(c *call) (any, error) {
	u, o, err := c.pathUserOrg()
	if err != nil {
		return nil, err
	}
	return c.transferOwnership(u, o, false)
}
