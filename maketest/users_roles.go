package maketest

import (
	"fmt"
)

// The Users > Roles operations.
func init() {
	handle("usersListRoles", usersListRoles)
	handle("usersGetRole", usersGetRole)
	handle("usersListRolePermissions", usersListRolePermissions)
}

// CustomRoleViewer is a custom organization role of organization 1 ("Custom
// Viewer"): GET /users/roles lists it only with organizationId=1 or the ID
// of one of its teams.
const CustomRoleViewer int64 = 42

// userRole is a role of GET /users/roles.
type userRole struct {
	id                                           int64
	name, identifier, category, management, desc string
	subsidiary                                   bool
	organizationID                               int64 // custom roles only
	permissions                                  []string
}

// userRoles are the fake's roles: Make's built-in roles with the IDs of the
// Role... constants, and one custom role.
var userRoles = []userRole{
	{RoleTeamAdmin, "Team Admin", "team_admin", "team", "system_locked", "Manages the team.", false, 0, []string{"scenarios view", "scenarios edit", "team edit"}},
	{RoleTeamMember, "Team Member", "team_member", "team", "admin_managed", "Builds and runs scenarios.", true, 0, []string{"scenarios view", "scenarios edit"}},
	{RoleTeamMonitoring, "Team Monitoring", "team_monitoring", "team", "admin_managed", "Watches scenarios.", true, 0, []string{"scenarios view"}},
	{RoleTeamOperator, "Team Operator", "team_operator", "team", "admin_managed", "Runs scenarios.", true, 0, []string{"scenarios view", "scenarios run"}},
	{RoleOwner, "Owner", "owner", "organization", "system_locked", "Owns the organization.", false, 0, []string{"organizations view", "organizations edit", "users view", "users edit"}},
	{RoleAdmin, "Admin", "admin", "organization", "system_locked", "Full administrative access to the organization.", false, 0, []string{"organizations view", "organizations edit", "users view", "users edit"}},
	{RoleMember, "Member", "member", "organization", "admin_managed", "A member of the organization.", true, 0, []string{"organizations view"}},
	{RoleAccountant, "Accountant", "accountant", "organization", "admin_managed", "Manages payments.", true, 0, []string{"organizations view", "payments edit"}},
	{CustomRoleViewer, "Custom Viewer", "", "organization", "custom_managed", "Read-only access to organization resources.", true, DefaultOrganizationID, []string{"scenarios view"}},
}

var userRoleCols = []string{"id", "name", "identifier", "subsidiary", "category", "permissions", "managementType", "description"}

func (r userRole) fields() map[string]any {
	f := map[string]any{"id": r.id, "name": r.name, "subsidiary": r.subsidiary, "category": r.category,
		"permissions": r.permissions, "managementType": r.management, "description": r.desc}
	if r.identifier != "" {
		f["identifier"] = r.identifier
	}
	return f
}

// projectRole projects a role, leaving out an identifier it lacks.
func projectRole(r userRole, cols []string) object {
	out := object{}
	f := r.fields()
	for _, c := range cols {
		if v, ok := f[c]; ok {
			out = append(out, field{c, v})
		}
	}
	return out
}

// usersListRoles: GET /users/roles (user:read).
func usersListRoles(c *call) (any, error) {
	cols, err := c.cols(userRoleCols, userRoleCols)
	if err != nil {
		return nil, err
	}
	category := c.query.Get("category") // the router checked its enum
	orgID, hasOrg := c.queryInt("organizationId")
	teamID, hasTeam := c.queryInt("teamId")
	if hasOrg && hasTeam {
		return nil, errInvalid("teamId", "cannot be used together with organizationId.")
	}
	if hasTeam {
		if t := c.st.teams[teamID]; t != nil {
			orgID = t.OrganizationID
		}
	}
	roleID, hasRole := c.queryInt("roleId")
	exclude, _, err := c.queryIntList("excludeRole")
	if err != nil {
		return nil, err
	}
	out := []object{}
	for _, r := range userRoles {
		switch {
		case category != "" && r.category != category,
			r.organizationID != 0 && r.organizationID != orgID,
			hasRole && r.id != roleID,
			contains(exclude, r.id):
			continue
		}
		out = append(out, projectRole(r, cols))
	}
	return object{{"usersRoles", out}}, nil
}

// usersGetRole: GET /users/roles/{roleId} (user:read).
func usersGetRole(c *call) (any, error) {
	id, err := c.pathID("roleId")
	if err != nil {
		return nil, err
	}
	for _, r := range userRoles {
		if r.id == id {
			o := projectRole(r, userRoleCols)
			if r.organizationID != 0 {
				o = append(o, field{"organizationId", r.organizationID})
			}
			return object{{"usersRole", o}}, nil
		}
	}
	return nil, errNotFound(fmt.Sprintf("Role with ID %d not found.", id))
}

// rolePermissions are the permissions of GET /users/roles/permissions.
var rolePermissions = []object{
	{{"id", 101}, {"name", "scenarios view"}, {"note", "View scenarios"}, {"category", "scenarios"}, {"roleCategory", "team"}, {"label", "View scenarios"}, {"customRolesHidden", false}, {"requires", []string{}}},
	{{"id", 102}, {"name", "scenarios edit"}, {"note", "Edit scenarios"}, {"category", "scenarios"}, {"roleCategory", "team"}, {"label", "Edit scenarios"}, {"customRolesHidden", false}, {"requires", []string{"scenarios view"}}},
	{{"id", 103}, {"name", "scenarios run"}, {"note", "Run scenarios"}, {"category", "scenarios"}, {"roleCategory", "team"}, {"label", "Run scenarios"}, {"customRolesHidden", false}, {"requires", []string{"scenarios view"}}},
	{{"id", 201}, {"name", "organizations view"}, {"note", "View the organization"}, {"category", "organizations"}, {"roleCategory", "organization"}, {"label", "View organization"}, {"customRolesHidden", false}, {"requires", []string{}}},
	{{"id", 202}, {"name", "organizations edit"}, {"note", "Edit the organization"}, {"category", "organizations"}, {"roleCategory", "organization"}, {"label", "Edit organization"}, {"customRolesHidden", true}, {"requires", []string{"organizations view"}}},
}

// usersListRolePermissions: GET /users/roles/permissions (user:read).
func usersListRolePermissions(c *call) (any, error) {
	category := c.query.Get("roleCategory") // the router checked its enum
	out := []object{}
	for _, p := range rolePermissions {
		if category == "" || p[4].val == category {
			out = append(out, p)
		}
	}
	return object{{"usersRolesPermissions", out}}, nil
}
