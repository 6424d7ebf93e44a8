package maketest

// Users > Me: the current user.
func init() {
	handle("usersGetMe", usersGetMe)
	handle("usersGetCurrentAuthorization", usersGetCurrentAuthorization)
	handle("usersListMyOrganizationInvitations", usersListMyOrganizationInvitations)
}

// usersGetMe: GET /users/me (organization:read).
func usersGetMe(c *call) (any, error) {
	invited, _ := c.queryBool("includeInvitedOrg")
	cols, err := c.cols(userMeCols, userMeDefaultCols)
	if err != nil {
		return nil, err
	}
	return object{{"authUser", project(c.st.userFields(c.me(), 0, invited), cols)}}, nil
}

// usersGetCurrentAuthorization: GET /users/me/current-authorization (organization:read).
func usersGetCurrentAuthorization(c *call) (any, error) {
	used := "token"
	if c.tok.oauth {
		used = "oauth"
	}
	scopes := append([]string{}, c.tok.scopes...)
	return object{{"authorization", object{{"authUsed", used}, {"scope", scopes}}}}, nil
}

// usersListMyOrganizationInvitations: GET /users/me/organization-invitations (user:read).
func usersListMyOrganizationInvitations(c *call) (any, error) {
	out := []object{}
	for _, r := range c.st.orgRolesOfUser(c.tok.userID, true) {
		if r.Invitation == InvitationAccepted {
			continue
		}
		o := c.st.orgs[r.OrganizationID]
		if o == nil {
			continue
		}
		out = append(out, object{
			{"hash", r.Hash}, {"invitation", r.Invitation}, {"usersRoleId", r.RoleID},
			{"organizationId", o.ID}, {"organizationName", o.Name}, {"zone", o.Zone},
		})
	}
	return object{{"userOrganizationInvitations", out}}, nil
}
