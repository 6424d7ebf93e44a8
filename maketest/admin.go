package maketest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The 10 Admin (White Label) operations (tag Admin in openapi.json). The
// router lets only White Label administrators (users with a
// UsersAdminsRoleID) use them: a token with admin scopes of a regular user
// gets Make's 403 too.
func init() {
	handle("adminUsersListDetails", adminUsersListDetails)
	handle("adminUsersList", adminUsersList)
	handleJSON("adminUsersCreate", adminUsersCreate)
	handle("adminUsersDelete", adminUsersDelete)
	handleJSON("adminUsersUpdate", adminUsersUpdate)
	handle("adminUsersTransferOrganizationOwnership", adminUsersTransferOwnership)
	handleJSON("adminUsersSetTeamRole", adminUsersSetTeamRole)
	handleJSON("adminUsersSetOrganizationRole", adminUsersSetOrganizationRole)
	handle("adminUsersListAdminRoles", adminUsersListAdminRoles)
	handle("adminUsersLookup", adminUsersLookup)
}

// White Label admin roles of the fake (GET /admin/users/admins-roles), the
// values of User.UsersAdminsRoleID.
const (
	AdminRoleSuperAdmin int64 = 1 // "Super admin", category system (Adam Admin's role in WithExampleData)
	AdminRoleAdmin      int64 = 2 // "Administrator", category system
	AdminRoleSupport    int64 = 3 // "Support", category support
	AdminRoleDeveloper  int64 = 4 // "App developer", category developers
)

type adminRole struct {
	id                         int64
	name, category, identifier string
	permissions                []string
}

var adminRoles = []adminRole{
	{AdminRoleSuperAdmin, "Super admin", "system", "super_admin", []string{"admin:read", "admin:write", "apps:manage", "system:manage"}},
	{AdminRoleAdmin, "Administrator", "system", "admin", []string{"admin:read", "admin:write", "apps:manage"}},
	{AdminRoleSupport, "Support", "support", "support", []string{"admin:read"}},
	{AdminRoleDeveloper, "App developer", "developers", "developer", []string{"admin:read", "apps:manage"}},
}

var adminRoleCols = []string{"id", "name", "permissions", "category", "identifier"}

// Columns of the admin user lists (cols[]) and their defaults, as in the
// documented examples.
var (
	adminUserCols = []string{"id", "name", "email", "language", "timezoneId", "localeId", "countryId", "features", "avatar",
		"lastLogin", "lastlogin", "organizations", "scenarios", "activeScenarios", "deleted", "created",
		"usersAdminsRoleId", "tfaEnabled", "tfaStatus", "hasAddedApp"}
	adminDetailDefaultCols = []string{"id", "name", "email", "language", "timezoneId", "localeId", "countryId", "features", "avatar",
		"lastLogin", "organizations", "scenarios", "activeScenarios", "deleted", "created", "usersAdminsRoleId", "tfaEnabled"}
	adminListCols        = append(append([]string(nil), adminUserCols...), "teamRoleId", "organizationRoleId")
	adminListDefaultCols = []string{"id", "name", "email", "language", "timezoneId", "localeId", "countryId", "features", "avatar",
		"lastLogin", "deleted", "created", "usersAdminsRoleId", "tfaStatus"}
	// adminUserFullCols is the user returned by create and update.
	adminUserFullCols = []string{"id", "name", "email", "language", "timezoneId", "localeId", "countryId", "features", "avatar",
		"lastLogin", "deleted", "created", "usersAdminsRoleId", "tfaEnabled", "tfaStatus", "hasAddedApp"}

	adminOrgRoleCols        = []string{"userId", "organizationId", "usersRoleId", "invitation", "organizationTeamsCount", "joinedTeamsCount", "ssoPending"}
	adminOrgRoleDefaultCols = []string{"userId", "organizationId", "usersRoleId", "invitation"}
)

// Pagination of the admin user lists: id ascending, 10 a page by default.
var (
	adminDetailPage = pageConfig{SortFields: []string{"id", "name", "userAdminsRoleId"},
		DefaultSortBy: "id", DefaultSortDir: "asc", DefaultLimit: 10, MaxLimit: 10000}
	adminListPage = pageConfig{SortFields: []string{"email", "id", "name", "userAdminsRoleId"},
		DefaultSortBy: "id", DefaultSortDir: "asc", DefaultLimit: 10, MaxLimit: 10000}
)

// adminUserFields returns every column of a user as the admin endpoints
// show it; deleted users included.
func (st *state) adminUserFields(u *User) map[string]any {
	f := st.userFields(u, 0, false)
	f["lastlogin"] = f["lastLogin"]
	f["organizations"] = len(st.orgRolesOfUser(u.ID, false))
	f["scenarios"], f["activeScenarios"] = 0, 0
	f["deleted"] = u.Deleted
	f["created"] = u.Created.UTC().Format(timeLayout)
	return f
}

// adminAllUsers returns every stored user, deleted ones included.
func (st *state) adminAllUsers() []*User {
	out := make([]*User, 0, len(st.users))
	for _, u := range st.users {
		out = append(out, u)
	}
	return out
}

func adminUserSortKey(u *User, field string) any {
	switch field {
	case "name":
		return u.Name
	case "email":
		return u.Email
	case "userAdminsRoleId":
		return u.UsersAdminsRoleID
	}
	return u.ID
}

// adminMatches reports whether v contains the filter, case-insensitively ("" matches).
func adminMatches(v, filter string) bool {
	return filter == "" || strings.Contains(strings.ToLower(v), strings.ToLower(filter))
}

// adminUsersListDetails: GET /admin/users-detail (admin:read). Every user of
// the instance, deleted ones included, filtered by id, name or email.
func adminUsersListDetails(c *call) (any, error) {
	id, hasID := c.queryInt("id")
	cols, pg, err := c.listParams(adminUserCols, adminDetailDefaultCols, adminDetailPage)
	if err != nil {
		return nil, err
	}
	var users []*User
	for _, u := range c.st.adminAllUsers() {
		if (!hasID || u.ID == id) && adminMatches(u.Name, c.query.Get("name")) && adminMatches(u.Email, c.query.Get("email")) {
			users = append(users, u)
		}
	}
	out := []object{}
	for _, u := range sortPage(users, pg, adminUserSortKey, userID) {
		out = append(out, project(c.st.adminUserFields(u), cols))
	}
	return object{{"users", out}, {"pg", pg}}, nil
}

// adminUsersList: GET /admin/users (admin:read). The users of a team or an
// organization (or of the instance without either), filtered by name,
// email, role and TFA status. teamRoleId without teamId matches a role in
// any team, organizationRoleId without organizationId one in any
// organization.
func adminUsersList(c *call) (any, error) {
	st := c.st
	f, err := c.userFilters()
	if err != nil {
		return nil, err
	}
	if f.org.ok && st.orgs[f.org.v] == nil {
		return nil, errNotFound(fmt.Sprintf("Organization with ID %d not found.", f.org.v))
	}
	if f.team.ok && st.teams[f.team.v] == nil {
		return nil, errNotFound(fmt.Sprintf("Team with ID %d not found.", f.team.v))
	}
	cols, pg, err := c.listParams(adminListCols, adminListDefaultCols, adminListPage)
	if err != nil {
		return nil, err
	}

	// teamRole and orgRole return the user's role in the filtered team or
	// organization, or without one a role in any team or organization
	// (the wanted role, if teamRoleId or organizationRoleId is given).
	teamRole := func(u *User) (int64, bool) {
		if f.team.ok {
			if r := st.teamRole(u.ID, f.team.v); r != nil {
				return r.RoleID, true
			}
			return 0, false
		}
		for _, r := range st.teamRolesOfUser(u.ID) {
			if !f.teamRole.ok || r.RoleID == f.teamRole.v {
				return r.RoleID, true
			}
		}
		return 0, false
	}
	orgRole := func(u *User) (int64, bool) {
		if f.org.ok {
			if r := st.acceptedOrgRole(u.ID, f.org.v); r != nil {
				return r.RoleID, true
			}
			return 0, false
		}
		for _, r := range st.orgRolesOfUser(u.ID, false) {
			if !f.orgRole.ok || r.RoleID == f.orgRole.v {
				return r.RoleID, true
			}
		}
		return 0, false
	}

	type row struct {
		u                 *User
		teamRole, orgRole any
	}
	var rows []row
	for _, u := range st.adminAllUsers() {
		tr, inTeam := teamRole(u)
		or, inOrg := orgRole(u)
		switch {
		case (f.team.ok || f.teamRole.ok) && !inTeam,
			f.teamRole.ok && tr != f.teamRole.v,
			(f.org.ok || f.orgRole.ok) && !inOrg,
			f.orgRole.ok && or != f.orgRole.v,
			!f.matches(u):
			continue
		}
		r := row{u: u}
		if f.team.ok {
			r.teamRole = tr
		}
		if f.org.ok {
			r.orgRole = or
		}
		rows = append(rows, r)
	}
	out := []object{}
	for _, r := range sortPage(rows, pg, func(r row, f string) any { return adminUserSortKey(r.u, f) }, func(r row) int64 { return r.u.ID }) {
		f := st.adminUserFields(r.u)
		f["teamRoleId"], f["organizationRoleId"] = r.teamRole, r.orgRole
		out = append(out, project(f, cols))
	}
	return object{{"users", out}, {"pg", pg}}, nil
}

// adminUsersCreate: POST /admin/users (admin:write). With sendEmail the user
// gets a generated password and must set a new one (ForceSetPassword).
func adminUsersCreate(c *call, body *struct {
	Name       string `json:"name"`
	Email      string `json:"email"`
	Password   string `json:"password"`
	SendEmail  bool   `json:"sendEmail"`
	CountryID  *int64 `json:"countryId"`
	TimezoneID *int64 `json:"timezoneId"`
	LocaleID   *int64 `json:"localeId"`
}) (any, error) {
	if err := firstError(
		checkName("name", body.Name),
		c.st.checkEmail("email", body.Email, 0),
		checkPositive(map[string]*int64{"countryId": body.CountryID, "timezoneId": body.TimezoneID, "localeId": body.LocaleID}),
	); err != nil {
		return nil, err
	}
	u := User{Name: body.Name, Email: body.Email, Password: body.Password, ForceSetPassword: body.SendEmail}
	switch {
	case body.Password != "":
		if err := checkPasswordRules("password", body.Password, 10); err != nil {
			return nil, err
		}
	case !body.SendEmail:
		return nil, errInvalid("password", "is required unless 'sendEmail' is true.")
	default:
		sum := sha256.Sum256([]byte(fmt.Sprintf("%d:%s", c.st.nextUser, strings.ToLower(body.Email))))
		u.Password = "Gen-" + hex.EncodeToString(sum[:6]) + "!A1"
	}
	// Country, timezone and locale default to the caller's.
	me := c.me()
	u.CountryID, u.TimezoneID, u.LocaleID = me.CountryID, me.TimezoneID, me.LocaleID
	setIf(&u.CountryID, body.CountryID)
	setIf(&u.TimezoneID, body.TimezoneID)
	setIf(&u.LocaleID, body.LocaleID)
	u.Created = c.s.now().UTC()
	u.LastLogin = u.Created // the fake has no "never": a new user counts as logged in at creation
	created := c.st.addUser(u)
	return object{{"user", project(c.st.adminUserFields(created), adminUserFullCols)}}, nil
}

// firstError returns the first non-nil error.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// adminOwnedOrgs returns the IDs of the organizations the user owns.
func (st *state) adminOwnedOrgs(userID int64) []int64 {
	var ids []int64
	for _, r := range st.orgRolesOfUser(userID, false) {
		if r.RoleID == RoleOwner {
			ids = append(ids, r.OrganizationID)
		}
	}
	return ids
}

// adminDeleteOrg removes an organization with its teams, their variables and
// every role in them.
func (st *state) adminDeleteOrg(orgID int64) {
	for k := range st.orgRoles {
		if k.group == orgID {
			st.setOrgRole(k.user, orgID, 0, "", "")
		}
	}
	for id, t := range st.teams {
		if t.OrganizationID == orgID {
			st.deleteTeam(id, false)
		}
	}
	for id, t := range st.oldTeams {
		if t.OrganizationID == orgID {
			delete(st.oldTeams, id)
		}
	}
	delete(st.orgs, orgID)
}

// adminRemovalFlags returns deleteConnections and confirmed of a removal or
// deletion; deleteConnections=true without confirmed=true asks for
// confirmation (406 IM004).
func (c *call) adminRemovalFlags() (deleteConnections, confirmed bool) {
	deleteConnections, _ = c.queryBool("deleteConnections")
	confirmed, _ = c.queryBool("confirmed")
	return deleteConnections, confirmed
}

// adminUsersDelete: DELETE /admin/users/{userId} (admin:write). A user who
// owns organizations is deleted only with confirmed=true, which deletes
// those organizations too (406 IM004 otherwise). The fake keeps no
// connections, so deleteConnections only needs to be a boolean.
func adminUsersDelete(c *call) (any, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	_, confirmed := c.adminRemovalFlags()
	owned := c.st.adminOwnedOrgs(u.ID)
	if len(owned) > 0 && !confirmed {
		return nil, errConfirmationRequired(fmt.Sprintf(
			"User %d owns organizations %v; add confirmed=true to delete the user and these organizations, or transfer their ownership first.", u.ID, owned))
	}
	for _, id := range owned {
		c.st.adminDeleteOrg(id)
	}
	c.st.deleteUser(u.ID)
	return object{{"user", u.ID}}, nil
}

// adminUsersUpdate: PATCH /admin/users/{userId} (admin:write).
// usersAdminsRoleId 0 takes the admin role away.
func adminUsersUpdate(c *call, body *struct {
	profile
	Email             *string `json:"email"`
	UsersAdminsRoleID *int64  `json:"usersAdminsRoleId"`
}) (any, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	if err := body.check(); err != nil {
		return nil, err
	}
	if body.Email != nil {
		if err := c.st.checkEmail("email", *body.Email, u.ID); err != nil {
			return nil, err
		}
	}
	if r := body.UsersAdminsRoleID; r != nil && *r != 0 && findAdminRole(*r) == nil {
		return nil, errInvalid("usersAdminsRoleId", "must be the ID of an admin role (GET /admin/users/admins-roles) or 0, got %d.", *r)
	}
	body.apply(u)
	setIf(&u.Email, body.Email)
	setIf(&u.UsersAdminsRoleID, body.UsersAdminsRoleID)
	return object{{"user", project(c.st.adminUserFields(u), adminUserFullCols)}}, nil
}

func findAdminRole(id int64) *adminRole {
	for i := range adminRoles {
		if adminRoles[i].id == id {
			return &adminRoles[i]
		}
	}
	return nil
}

// adminMakeTeamAdmin makes the user Team Admin of every team of the
// organization, as Make does for an organization Admin (and Owner).
func (st *state) adminMakeTeamAdmin(userID, orgID int64) {
	for _, t := range st.teamsOfOrg(orgID) {
		st.setTeamRole(userID, t.ID, RoleTeamAdmin)
	}
}

// adminUsersTransferOwnership: POST
// /admin/users/{userId}/user-organization-roles/{organizationId}/transfer
// (admin:write). The user, a full member, becomes Owner (and Team Admin of
// every team); the previous owner becomes Admin. The answer lists both roles
// with invitation false, as in Make's example.
func adminUsersTransferOwnership(c *call) (any, error) {
	return usersTransferOrganizationOwnership(c) // the same transfer; adminOnly let only an admin in
}

// adminRoleBody is the body of the set-role endpoints; a body without usersRoleId
// (empty, {} or null) removes the user.
type adminRoleBody struct {
	UsersRoleID *int64 `json:"usersRoleId"`
}

var adminTeamRoleIDs = []int64{RoleTeamAdmin, RoleTeamMember, RoleTeamMonitoring, RoleTeamOperator}

// adminInheritsTeamAdmin reports whether the user's Team Admin role in the team
// comes from being Admin or Owner of its organization; Make does not let it
// change.
func (st *state) adminInheritsTeamAdmin(userID int64, t *Team) bool {
	tr := st.teamRole(userID, t.ID)
	or := st.acceptedOrgRole(userID, t.OrganizationID)
	return tr != nil && tr.RoleID == RoleTeamAdmin && or != nil && (or.RoleID == RoleAdmin || or.RoleID == RoleOwner)
}

// adminUsersSetTeamRole: POST /admin/users/{userId}/user-team-roles/{teamId}
// (admin:write). With usersRoleId it sets the team role of a member of the
// team's organization; without it removes the user from the team
// (deleteConnections=true needs confirmed=true). The removed role answers
// with usersRoleId 0 ("None").
func adminUsersSetTeamRole(c *call, body *adminRoleBody) (any, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	t, err := pathEntity(c, "teamId", "Team", c.st.teams)
	if err != nil {
		return nil, err
	}
	if body.UsersRoleID == nil {
		deleteConnections, confirmed := c.adminRemovalFlags()
		if deleteConnections && !confirmed {
			return nil, errConfirmationRequired("Add confirmed=true to remove the user from the team and delete their connections.")
		}
		c.st.setTeamRole(u.ID, t.ID, 0)
		return object{{"userTeamRole", adminTeamRoleObject(u.ID, t.ID, 0, true)}}, nil
	}
	role := *body.UsersRoleID
	if err := c.assignTeamRole(u, t, role); err != nil {
		return nil, err
	}
	return object{{"userTeamRole", adminTeamRoleObject(u.ID, t.ID, role, !c.st.adminInheritsTeamAdmin(u.ID, t))}}, nil
}

// assignTeamRole gives u the role in t under the rules both set-role
// endpoints (Admin's and Users') share: a team role, to a member of the
// team's organization or a user invited to it (an invitation's teamsId puts
// the invitee in teams already), and never over a Team Admin role that the
// organization role brings.
func (c *call) assignTeamRole(u *User, t *Team, role int64) error {
	switch {
	case !contains(adminTeamRoleIDs, role):
		return errInvalid("usersRoleId", "must be a team role (%d, %d, %d or %d), got %d.", RoleTeamAdmin, RoleTeamMember, RoleTeamMonitoring, RoleTeamOperator, role)
	case c.st.orgRole(u.ID, t.OrganizationID) == nil:
		return errBadRequest(fmt.Sprintf("User %d is neither a member of organization %d, the team's organization, nor invited to it.", u.ID, t.OrganizationID))
	case role != RoleTeamAdmin && c.st.adminInheritsTeamAdmin(u.ID, t):
		return errBadRequest(fmt.Sprintf("The Team Admin role of user %d in team %d comes from the organization role and cannot be changed; remove the user from the team and add them again.", u.ID, t.ID))
	}
	c.st.setTeamRole(u.ID, t.ID, role)
	return nil
}

func adminTeamRoleObject(userID, teamID, roleID int64, changeable bool) object {
	return object{{"usersRoleId", roleID}, {"userId", userID}, {"teamId", teamID}, {"changeable", changeable}, {"ssoPending", false}}
}

// adminOrgRoleFields returns every column of a user's organization role.
func (st *state) adminOrgRoleFields(userID, orgID int64) map[string]any {
	f := map[string]any{"userId": userID, "organizationId": orgID, "usersRoleId": int64(0), "invitation": nil,
		"organizationTeamsCount": len(st.teamsOfOrg(orgID)), "joinedTeamsCount": len(st.userTeamIDs(userID, orgID)), "ssoPending": false}
	if r := st.orgRole(userID, orgID); r != nil {
		f["usersRoleId"] = r.RoleID
		if r.Invitation != InvitationAccepted {
			f["invitation"] = r.Invitation
		}
	}
	return f
}

// adminUsersSetOrganizationRole: POST
// /admin/users/{userId}/user-organization-roles/{organizationId}
// (admin:write). With usersRoleId it adds the user as a full member or
// changes the role (Admin also makes the user Team Admin of every team;
// Owner is refused: use transfer); without it removes the user and their
// team roles (deleteConnections=true needs confirmed=true). The owner can be
// neither changed nor removed.
func adminUsersSetOrganizationRole(c *call, body *adminRoleBody) (any, error) {
	u, o, err := c.pathUserOrg()
	if err != nil {
		return nil, err
	}
	cols, err := c.cols(adminOrgRoleCols, adminOrgRoleDefaultCols)
	if err != nil {
		return nil, err
	}
	if cur := c.st.acceptedOrgRole(u.ID, o.ID); cur != nil && cur.RoleID == RoleOwner {
		return nil, errBadRequest(fmt.Sprintf("User %d owns organization %d; transfer the ownership first.", u.ID, o.ID))
	}
	if body.UsersRoleID == nil {
		deleteConnections, confirmed := c.adminRemovalFlags()
		if deleteConnections && !confirmed {
			return nil, errConfirmationRequired("Add confirmed=true to remove the user from the organization and delete their connections.")
		}
		c.st.setOrgRole(u.ID, o.ID, 0, "", "")
	} else {
		switch role := *body.UsersRoleID; role {
		case RoleOwner:
			return nil, errInvalid("usersRoleId", "cannot make the user Owner; use POST /admin/users/{userId}/user-organization-roles/{organizationId}/transfer.")
		case RoleAdmin, RoleMember, RoleAccountant:
			c.st.setOrgRole(u.ID, o.ID, role, InvitationAccepted, "")
			if role == RoleAdmin {
				c.st.adminMakeTeamAdmin(u.ID, o.ID)
			}
		default:
			return nil, errInvalid("usersRoleId", "must be an organization role (%d, %d or %d), got %d.", RoleAdmin, RoleMember, RoleAccountant, role)
		}
	}
	return object{{"userOrganizationRole", project(c.st.adminOrgRoleFields(u.ID, o.ID), cols)}}, nil
}

// adminUsersListAdminRoles: GET /admin/users/admins-roles (admin:read).
func adminUsersListAdminRoles(c *call) (any, error) {
	category := c.query.Get("category") // the router checked its enum
	cols, err := c.cols(adminRoleCols, adminRoleCols)
	if err != nil {
		return nil, err
	}
	out := []object{}
	for _, r := range adminRoles {
		if category != "" && r.category != category {
			continue
		}
		f := map[string]any{"id": r.id, "name": r.name, "permissions": r.permissions, "category": r.category, "identifier": r.identifier}
		out = append(out, project(f, cols))
	}
	return object{{"usersAdminsRoles", out}}, nil
}

// adminUsersLookup: GET /admin/users/lookup (admin:read). type is id or
// email; without it a numeric q is an ID. Deleted users are found too.
func adminUsersLookup(c *call) (any, error) {
	q := c.query.Get("q")
	if q == "" {
		return nil, errInvalid("q", "is required.")
	}
	typ := c.query.Get("type")
	if typ == "" {
		typ = "email"
		if _, err := strconv.ParseInt(q, 10, 64); err == nil {
			typ = "id"
		}
	}
	var found *User
	switch typ {
	case "id":
		id, err := strconv.ParseInt(q, 10, 64)
		if err != nil {
			return nil, errInvalid("q", "must be a numeric user ID with type=id, got %q.", q)
		}
		found = c.st.users[id]
	case "email":
		// A live user first, else the most recent deleted one.
		found = c.st.userByEmail(q)
		if found == nil {
			users := c.st.adminAllUsers()
			sort.Slice(users, func(i, j int) bool { return users[i].ID > users[j].ID })
			for _, u := range users {
				if strings.EqualFold(u.Email, q) {
					found = u
					break
				}
			}
		}
	default:
		return nil, errInvalid("type", "must be id or email, got %q.", typ)
	}
	if found == nil {
		return nil, errNotFound(fmt.Sprintf("No user found for %s %q.", typ, q))
	}
	return object{{"user", object{{"id", found.ID}, {"email", found.Email}, {"name", found.Name}, {"deleted", found.Deleted}}}}, nil
}
