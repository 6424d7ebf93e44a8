package maketest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Organizations > Invitations.
func init() {
	handle("organizationsGetInvitation", orgsGetInvitation)
	handleJSON("organizationsAcceptInvitation", orgsAcceptInvitation)
	handleJSON("organizationsInviteUser", orgsInviteUser)
}

// invitedUserCols are the user columns of the invitation answers.
var invitedUserCols = []string{"id", "name", "email", "language", "timezoneId", "localeId", "countryId", "features", "avatar"}

// invitationRoles are the organization roles a user can be invited with.
var invitationRoles = []int64{RoleAdmin, RoleMember, RoleAccountant}

// newInvitationHash returns a fresh UUID-shaped invitation hash.
func (c *call) newInvitationHash(orgID, userID int64) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("invitation:%d:%d:%d", c.st.next(), orgID, userID)))
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32]
}

// orgsInviteUser: POST /organizations/{organizationId}/invite
// (organizations:write). Owners and Admins invite; an unknown email makes a
// new user (without a password). Teams in teamsId are joined as Team Member.
func orgsInviteUser(c *call, body *struct {
	UsersRoleID *int64  `json:"usersRoleId"`
	Email       string  `json:"email"`
	Name        string  `json:"name"`
	Note        *string `json:"note"`
	TeamsID     []int64 `json:"teamsId"`
}) (any, error) {
	o, _, err := c.orgFor(accessManage)
	if err != nil {
		return nil, err
	}
	email, name := body.Email, body.Name
	if !validEmail(email) {
		return nil, errInvalid("email", "must be a valid email address, got %q.", email)
	}
	if err := checkName("name", name); err != nil {
		return nil, err
	}
	role := RoleMember
	if body.UsersRoleID != nil {
		role = *body.UsersRoleID
		if !contains(invitationRoles, role) {
			return nil, errInvalid("usersRoleId", "must be an organization role a user can be invited with (%d Admin, %d Member, %d Accountant), got %d.",
				RoleAdmin, RoleMember, RoleAccountant, role)
		}
	}
	for _, id := range body.TeamsID {
		if t := c.st.teams[id]; t == nil || t.OrganizationID != o.ID {
			return nil, errNotFound(fmt.Sprintf("Team with ID %d not found in organization %d.", id, o.ID))
		}
	}
	u := c.st.userByEmail(email)
	if u != nil && c.st.acceptedOrgRole(u.ID, o.ID) != nil {
		return nil, errInvalid("email", "belongs to a member of the organization already.")
	}
	if u == nil {
		u = c.st.addUser(User{Name: name, Email: email, Created: c.s.now()})
	}
	c.st.setOrgRole(u.ID, o.ID, role, InvitationPending, c.newInvitationHash(o.ID, u.ID))
	for _, id := range body.TeamsID {
		c.st.setTeamRole(u.ID, id, RoleTeamMember)
	}
	return object{
		{"user", project(c.st.userFields(u, 0, false), invitedUserCols)},
		{"userOrganizationRole", orgRoleObject(c.st.orgRole(u.ID, o.ID))},
	}, nil
}

// pendingInvitation finds the pending invitation with the hash.
func (st *state) pendingInvitation(hash string) *OrganizationRole {
	if hash == "" {
		return nil
	}
	for _, r := range st.orgRoles {
		if r.Hash == hash && r.Invitation != InvitationAccepted && st.user(r.UserID) != nil && st.orgs[r.OrganizationID] != nil {
			return r
		}
	}
	return nil
}

// orgsGetInvitation: GET /organizations/invitation?hash= (organizations:read).
// The invited user and the organization's Owners and Admins may look an
// invitation up; an accepted one is gone (404).
func orgsGetInvitation(c *call) (any, error) {
	hash := c.query.Get("hash")
	if hash == "" {
		return nil, errInvalid("hash", "is required.")
	}
	r := c.st.pendingInvitation(hash)
	if r == nil {
		return nil, errNotFound("The invitation is unknown or was accepted already.")
	}
	if r.UserID != c.tok.userID && !c.hasOrgAccess(r.OrganizationID, accessManage) {
		return nil, errForbidden()
	}
	o := c.st.orgs[r.OrganizationID]
	return object{
		{"organization", object{{"id", o.ID}, {"name", o.Name}}},
		{"user", project(c.st.userFields(c.st.user(r.UserID), 0, false), invitedUserCols)},
		{"userOrganizationRole", orgRoleObject(r)},
	}, nil
}

// orgsAcceptInvitation: POST /organizations/accept-invitation
// (organizations:write). Only the invited user accepts, once; an expired
// invitation cannot be accepted.
func orgsAcceptInvitation(c *call, body *struct {
	Hash string `json:"hash"`
}) (any, error) {
	r := c.st.pendingInvitation(body.Hash)
	switch {
	case r == nil:
		return nil, errNotFound("The invitation is unknown or was accepted already.")
	case r.UserID != c.tok.userID:
		return nil, errForbidden()
	case r.Invitation == InvitationExpired:
		return nil, errBadRequest("The invitation has expired; ask for a new one.")
	}
	r.Invitation, r.Hash = InvitationAccepted, ""
	return object{
		{"user", project(c.st.userFields(c.me(), 0, false), invitedUserCols)},
		{"userOrganizationRole", orgRoleObject(r)},
	}, nil
}

// InvitationHash returns the hash of the pending invitation of the user with
// the email to the organization, or "" if there is none.
func (s *Server) InvitationHash(orgID int64, email string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.userByEmail(email)
	if u == nil {
		return ""
	}
	if r := s.st.orgRole(u.ID, orgID); r != nil && r.Invitation != InvitationAccepted {
		return r.Hash
	}
	return ""
}
