package maketest

import (
	"fmt"
	"strings"
)

// The Teams operations (Teams, Teams > User team roles) and Admin > Teams.
// They share the store with every other service: a team created here is in
// GET /organizations/{organizationId}'s teams and can be given roles with
// POST /users/{userId}/user-team-roles/{teamId}; a deleted team takes its
// roles and variables with it.
func init() {
	handle("teamsList", teamsList)
	handleJSON("teamsCreate", teamsCreate)
	handle("teamsGet", teamsGet)
	handle("teamsDelete", teamsDelete)
	handle("teamsListVariables", teamsListVariables)
	handleJSON("teamsCreateVariable", teamsCreateVariable)
	handleJSON("teamsUpdateVariable", teamsUpdateVariable)
	handle("teamsDeleteVariable", teamsDeleteVariable)
	handle("teamsGetVariableHistory", teamsGetVariableHistory)
	handle("teamsGetUsage", teamsGetUsage)
	handle("teamsListUserRoles", teamsListUserRoles)
	handle("teamsGetUserRole", teamsGetUserRole)
	handle("adminTeamsList", adminTeamsList)
	handleJSON("adminTeamsCreate", adminTeamsCreate)
	handle("adminTeamsDelete", adminTeamsDelete)
}

var (
	teamCols = []string{"id", "name", "organizationId", "type", "activeScenarios", "activeApps", "operations", "transfer",
		"centicredits", "operationsLimit", "transferLimit", "consumedOperations", "consumedTransfer", "consumedCenticredits",
		"isPaused", "scenarioDrafts"}
	teamListDefaultCols = []string{"id", "name", "organizationId"}
	teamGetDefaultCols  = []string{"id", "name", "organizationId", "scenarioDrafts"}
	teamCreateCols      = []string{"id", "name", "organizationId", "operationsLimit", "transferLimit"}
	adminTeamCols       = []string{"id", "name", "organizationId", "scenarioDrafts", "deleted", "externalId"}
	userTeamRoleCols    = []string{"usersRoleId", "userId", "teamId", "changeable", "ssoPending"}
	teamMaxNameRunes    = 128
	teamsPage           = pageConfig{SortFields: []string{"name", "id"}, DefaultSortBy: "name", DefaultSortDir: "asc", DefaultLimit: 10000, MaxLimit: 10000}
	adminTeamsPage      = pageConfig{SortFields: []string{"name"}, DefaultSortBy: "name", DefaultSortDir: "asc", DefaultLimit: 10000, MaxLimit: 10000}
	teamUserRolesPage   = pageConfig{SortFields: []string{"userId", "usersRoleId"}, DefaultSortBy: "userId", DefaultSortDir: "asc", DefaultLimit: 10000, MaxLimit: 10000}
	teamSystemVarNames  = []string{"teamId", "teamName"}
)

// teamFields returns every column of a team. Make's samples send the usage
// counters and the transfer limit as numeric strings; so does the fake. A
// limit left at 0 is the organization's license limit.
func (st *state) teamFields(t *Team) map[string]any {
	o := st.orgs[t.OrganizationID]
	opsLimit, transferLimit := t.OperationsLimit, t.TransferLimit
	if o != nil && opsLimit == 0 {
		opsLimit = o.License.Operations
	}
	if o != nil && transferLimit == 0 {
		transferLimit = o.License.Transfer
	}
	var ext any
	if t.ExternalID != "" {
		ext = t.ExternalID
	}
	return map[string]any{
		"id": t.ID, "name": t.Name, "organizationId": t.OrganizationID, "type": "standard",
		"activeScenarios": 0, "activeApps": 0, "operations": "0", "transfer": "0", "centicredits": 0,
		"operationsLimit": opsLimit, "transferLimit": fmt.Sprint(transferLimit), "consumedOperations": 0,
		"consumedTransfer": "0", "consumedCenticredits": "0", "isPaused": false, "scenarioDrafts": false,
		"deleted": t.Deleted, "externalId": ext,
	}
}

func teamSortKey(t *Team, field string) any {
	if field == "id" {
		return t.ID
	}
	return t.Name
}

func teamID(t *Team) int64 { return t.ID }

// checkTeamName: required, at most 128 characters (the published spec's
// rule for a team's name), no space at either end.
func checkTeamName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return errInvalid("name", "must not be empty.")
	case len([]rune(name)) > teamMaxNameRunes:
		return errInvalid("name", "must be at most %d characters long.", teamMaxNameRunes)
	case strings.TrimSpace(name) != name:
		return errInvalid("name", "must not start or end with a space.")
	}
	return nil
}

// newTeam adds a team to an existing organization within its license's
// number of teams.
func (c *call) newTeam(t Team) (*Team, error) {
	if err := checkTeamName(t.Name); err != nil {
		return nil, err
	}
	o := c.st.orgs[t.OrganizationID]
	if o == nil {
		return nil, errNotFound(fmt.Sprintf("Organization with ID %d not found.", t.OrganizationID))
	}
	if n := len(c.st.teamsOfOrg(o.ID)); o.License.Teams > 0 && n >= o.License.Teams {
		return nil, errBadRequest(fmt.Sprintf("Organization %d has %d of the %d teams its license allows.", o.ID, n, o.License.Teams))
	}
	return c.st.addTeam(t)
}

// teamFor resolves {teamId} to a live team the caller may see (view) or
// manage (Owners and Admins of its organization, its Team Admins, White
// Label admins).
func (c *call) teamFor(manage bool) (*Team, error) {
	t, err := c.targetTeam()
	if err != nil {
		return nil, err
	}
	if !c.st.canViewTeam(c.me(), t) || manage && !c.canManageTeam(t) {
		return nil, errForbidden()
	}
	return t, nil
}

// teamsList: GET /teams (teams:read). The teams of the organization the
// caller can see; the fake has no private spaces, so includePrivateSpaces
// changes nothing.
func teamsList(c *call) (any, error) {
	cols, pg, err := c.listParams(teamCols, teamListDefaultCols, teamsPage)
	if err != nil {
		return nil, err
	}
	orgID, _ := c.queryInt("organizationId")
	if c.st.orgs[orgID] == nil {
		return nil, errNotFound(fmt.Sprintf("Organization with ID %d not found.", orgID))
	}
	if !c.hasOrgAccess(orgID, accessView) {
		return nil, errForbidden()
	}
	var teams []*Team
	for _, t := range c.st.teamsOfOrg(orgID) {
		if c.st.canViewTeam(c.me(), t) {
			teams = append(teams, t)
		}
	}
	out := []object{}
	for _, t := range sortPage(teams, pg, teamSortKey, teamID) {
		out = append(out, project(c.st.teamFields(t), cols))
	}
	return object{{"teams", out}, {"pg", pg}}, nil
}

// teamsCreate: POST /teams (teams:write). Owners and Admins of the
// organization; the caller becomes Team Admin of the new team.
func teamsCreate(c *call, body *struct {
	Name            string `json:"name"`
	OrganizationID  int64  `json:"organizationId"`
	OperationsLimit *int64 `json:"operationsLimit"`
	TransferLimit   *int64 `json:"transferLimit"`
}) (any, error) {
	if c.st.orgs[body.OrganizationID] != nil && !c.hasOrgAccess(body.OrganizationID, accessManage) {
		return nil, errForbidden()
	}
	t := Team{Name: body.Name, OrganizationID: body.OrganizationID}
	for name, v := range map[string]*int64{"operationsLimit": body.OperationsLimit, "transferLimit": body.TransferLimit} {
		if v != nil && *v < 0 {
			return nil, errInvalid(name, "must not be negative.")
		}
	}
	if body.OperationsLimit != nil {
		t.OperationsLimit = *body.OperationsLimit
	}
	if body.TransferLimit != nil {
		t.TransferLimit = *body.TransferLimit
	}
	nt, err := c.newTeam(t)
	if err != nil {
		return nil, err
	}
	c.st.setTeamRole(c.tok.userID, nt.ID, RoleTeamAdmin)
	return object{
		{"team", project(c.st.teamFields(nt), teamCreateCols)},
		{"userTeamRole", c.st.teamRoleObject(c.st.teamRole(c.tok.userID, nt.ID))},
	}, nil
}

// teamsGet: GET /teams/{teamId} (teams:read).
func teamsGet(c *call) (any, error) {
	cols, err := c.cols(teamCols, teamGetDefaultCols)
	if err != nil {
		return nil, err
	}
	t, err := c.teamFor(false)
	if err != nil {
		return nil, err
	}
	return object{{"team", project(c.st.teamFields(t), cols)}}, nil
}

// teamsDelete: DELETE /teams/{teamId} (teams:write). Owners and Admins of
// the team's organization, with confirmed=true (406 IM004 otherwise); the
// team's roles and variables go with it.
func teamsDelete(c *call) (any, error) {
	confirmed, _ := c.queryBool("confirmed")
	t, err := c.targetTeam()
	if err != nil {
		return nil, err
	}
	if !c.hasOrgAccess(t.OrganizationID, accessManage) {
		return nil, errForbidden()
	}
	if !confirmed {
		return nil, errConfirmationRequired(fmt.Sprintf("Add confirmed=true to delete the team %d and all its data.", t.ID))
	}
	id := t.ID
	c.st.deleteTeam(id, false)
	return object{{"team", id}}, nil
}

// teamVarHome resolves {teamId} to its variables; the license of the
// team's organization decides on custom variables, as Make does.
func (c *call) teamVarHome(manage bool) (varHome, error) {
	t, err := c.teamFor(manage)
	if err != nil {
		return varHome{}, err
	}
	return varHome{
		what: fmt.Sprintf("team %d", t.ID), key: "teamVariable", vars: c.st.teamVarsOf(t.ID), org: c.st.orgs[t.OrganizationID],
		system: []object{varObject(teamSystemVarNames[0], varNumber, t.ID, true), varObject(teamSystemVarNames[1], varString, t.Name, true)},
	}, nil
}

// teamsListVariables: GET /teams/{teamId}/variables (team-variables:read).
func teamsListVariables(c *call) (any, error) {
	h, err := c.teamVarHome(false)
	if err != nil {
		return nil, err
	}
	return h.list(), nil
}

// teamsCreateVariable: POST /teams/{teamId}/variables (team-variables:write).
func teamsCreateVariable(c *call, body *varCreateBody) (any, error) {
	h, err := c.teamVarHome(true)
	if err != nil {
		return nil, err
	}
	return h.create(c, body)
}

// teamsUpdateVariable: PATCH /teams/{teamId}/variables/{variableName}
// (team-variables:write).
func teamsUpdateVariable(c *call, body *varUpdateBody) (any, error) {
	h, err := c.teamVarHome(true)
	if err != nil {
		return nil, err
	}
	return h.update(c, body)
}

// teamsDeleteVariable: DELETE /teams/{teamId}/variables/{variableName}
// (team-variables:write); confirmed=true or 406 IM004.
func teamsDeleteVariable(c *call) (any, error) {
	h, err := c.teamVarHome(true)
	if err != nil {
		return nil, err
	}
	return h.delete(c)
}

// teamsGetVariableHistory: GET .../variables/{variableName}/history
// (team-variables:read).
func teamsGetVariableHistory(c *call) (any, error) {
	h, err := c.teamVarHome(false)
	if err != nil {
		return nil, err
	}
	return h.history(c)
}

// teamsGetUsage: GET /teams/{teamId}/usage (teams:read).
func teamsGetUsage(c *call) (any, error) {
	orgTZ, _ := c.queryBool("organizationTimezone")
	t, err := c.teamFor(false)
	if err != nil {
		return nil, err
	}
	var tz int64
	if o := c.st.orgs[t.OrganizationID]; o != nil {
		tz = o.TimezoneID
	}
	return c.usage(t.ID+1000, tz, orgTZ), nil
}

// userTeamRoleFields returns every column of a user team role.
func (st *state) userTeamRoleFields(r *TeamRole) map[string]any {
	f := map[string]any{}
	for _, kv := range st.teamRoleObject(r) {
		f[kv.key] = kv.val
	}
	return f
}

func teamRoleSortKey(r *TeamRole, field string) any {
	if field == "usersRoleId" {
		return r.RoleID
	}
	return r.UserID
}

func teamRoleUserID(r *TeamRole) int64 { return r.UserID }

// teamsListUserRoles: GET /teams/{teamId}/user-team-roles (teams:read).
// Paged by pg[...] like Make, and like Make answered without "pg".
func teamsListUserRoles(c *call) (any, error) {
	cols, pg, err := c.listParams(userTeamRoleCols, userTeamRoleCols, teamUserRolesPage)
	if err != nil {
		return nil, err
	}
	t, err := c.teamFor(false)
	if err != nil {
		return nil, err
	}
	out := []object{}
	for _, r := range sortPage(c.st.teamRolesOfTeam(t.ID), pg, teamRoleSortKey, teamRoleUserID) {
		out = append(out, project(c.st.userTeamRoleFields(r), cols))
	}
	return object{{"userTeamRoles", out}}, nil
}

// teamsGetUserRole: GET /teams/{teamId}/user-team-roles/{userId}
// (teams:read). pg[...] is documented for it too: checked, and moot for one
// record.
func teamsGetUserRole(c *call) (any, error) {
	cols, _, err := c.listParams(userTeamRoleCols, userTeamRoleCols, teamUserRolesPage)
	if err != nil {
		return nil, err
	}
	t, err := c.targetTeam()
	if err != nil {
		return nil, err
	}
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	r, err := c.visibleTeamRole(u, t)
	if err != nil {
		return nil, err
	}
	return object{{"userTeamRole", project(c.st.userTeamRoleFields(r), cols)}}, nil
}

// adminTeamsList: GET /admin/teams (admin:read). Every team of the
// instance, or of one organization, deleted ones included.
func adminTeamsList(c *call) (any, error) {
	pg, err := c.page(adminTeamsPage)
	if err != nil {
		return nil, err
	}
	orgID, byOrg := c.queryInt("organizationId")
	if byOrg && c.st.orgs[orgID] == nil {
		return nil, errNotFound(fmt.Sprintf("Organization with ID %d not found.", orgID))
	}
	ext, byExt := c.query.Get("externalId"), c.query.Has("externalId")
	var teams []*Team
	for _, m := range []map[int64]*Team{c.st.teams, c.st.oldTeams} {
		for _, t := range m {
			if (!byOrg || t.OrganizationID == orgID) && (!byExt || t.ExternalID == ext) {
				teams = append(teams, t)
			}
		}
	}
	out := []object{}
	for _, t := range sortPage(teams, pg, teamSortKey, teamID) {
		out = append(out, project(c.st.teamFields(t), adminTeamCols))
	}
	return object{{"teams", out}, {"pg", pg}}, nil
}

// adminTeamsCreate: POST /admin/teams (admin:write). userTeamAdmin, a
// member of the organization, becomes the team's admin; without it the
// caller does if they are a member. With no team admin the answer has no
// userTeamRole.
func adminTeamsCreate(c *call, body *struct {
	Name           string `json:"name"`
	OrganizationID int64  `json:"organizationId"`
	UserTeamAdmin  *int64 `json:"userTeamAdmin"`
}) (any, error) {
	admin := c.tok.userID
	if body.UserTeamAdmin != nil {
		u := c.st.user(*body.UserTeamAdmin)
		if u == nil {
			return nil, errNotFound(fmt.Sprintf("User with ID %d not found.", *body.UserTeamAdmin))
		}
		if c.st.acceptedOrgRole(u.ID, body.OrganizationID) == nil {
			return nil, errInvalid("userTeamAdmin", "user %d is not a member of organization %d.", u.ID, body.OrganizationID)
		}
		admin = u.ID
	}
	t, err := c.newTeam(Team{Name: body.Name, OrganizationID: body.OrganizationID})
	if err != nil {
		return nil, err
	}
	out := object{{"team", project(c.st.teamFields(t), adminTeamCols)}}
	if c.st.acceptedOrgRole(admin, t.OrganizationID) != nil {
		c.st.setTeamRole(admin, t.ID, RoleTeamAdmin)
		out = append(out, field{"userTeamRole", c.st.teamRoleObject(c.st.teamRole(admin, t.ID))})
	}
	return out, nil
}

// adminTeamsDelete: DELETE /admin/teams/{teamId} (admin:write). The team's
// users and variables are removed; GET /admin/teams lists it as deleted.
func adminTeamsDelete(c *call) (any, error) {
	t, err := c.targetTeam()
	if err != nil {
		return nil, err
	}
	id := t.ID
	c.st.deleteTeam(id, true)
	return object{{"team", id}}, nil
}
