package maketest

import (
	"fmt"
	"strconv"
)

// The Organizations > User organization roles operations.
func init() {
	handle("organizationsListUserRoles", organizationsListUserRoles)
	handle("organizationsGetUserRole", organizationsGetUserRole)
	handleJSON("organizationsTransferOwnership", organizationsTransferOwnership)
}

// organizationsListUserRoles: GET
// /organizations/{organizationId}/user-organization-roles
// (organizations:read). Every member's role, invitations included.
func organizationsListUserRoles(c *call) (any, error) {
	o, _, err := c.orgFor(accessView)
	if err != nil {
		return nil, err
	}
	cols, err := c.cols(adminOrgRoleCols, adminOrgRoleDefaultCols)
	if err != nil {
		return nil, err
	}
	out := []object{}
	for _, r := range c.st.orgRolesOfOrg(o.ID, true) {
		out = append(out, project(c.st.adminOrgRoleFields(r.UserID, o.ID), cols))
	}
	return object{{"userOrganizationRoles", out}}, nil
}

// organizationsGetUserRole: GET
// /organizations/{organizationId}/user-organization-roles/{userId}
// (organizations:read).
func organizationsGetUserRole(c *call) (any, error) {
	o, _, err := c.orgFor(accessView)
	if err != nil {
		return nil, err
	}
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	return c.orgRoleOf(u, o)
}

// organizationsTransferOwnership: POST
// /organizations/{organizationId}/user-organization-roles/transfer (scope
// organization:read, as documented): body {"userId"}.
func organizationsTransferOwnership(c *call, body *struct {
	UserID int64 `json:"userId"`
}) (any, error) {
	o, err := c.pathOrg()
	if err != nil {
		return nil, err
	}
	if body.UserID <= 0 {
		return nil, errInvalid("userId", "must be a positive integer.")
	}
	u := c.st.user(body.UserID)
	if u == nil {
		return nil, errNotFound(fmt.Sprintf("User with ID %s not found.", strconv.FormatInt(body.UserID, 10)))
	}
	return c.transferOwnership(u, o, nil)
}
