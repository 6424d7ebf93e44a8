package make

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// ---------------------------------------------------------------------------
// Roles: the role and permission definitions behind every usersRoleId

// RoleCategory says whether a role applies to an organization or a team.
type RoleCategory string

// The two role categories.
const (
	RoleCategoryOrganization RoleCategory = "organization"
	RoleCategoryTeam         RoleCategory = "team"
)

func (c RoleCategory) check(field string) error {
	if c != "" && c != RoleCategoryOrganization && c != RoleCategoryTeam {
		return invalid(field, "must be %q or %q, got %q", RoleCategoryOrganization, RoleCategoryTeam, c)
	}
	return nil
}

// RoleManagementType says who manages a role.
type RoleManagementType string

// The documented management types.
const (
	RoleSystemLocked  RoleManagementType = "system_locked"  // a built-in role that cannot change
	RoleAdminManaged  RoleManagementType = "admin_managed"  // a built-in role administrators manage
	RoleCustomManaged RoleManagementType = "custom_managed" // a custom role
)

// UserRole is a role of an organization or a team: the role usersRoleId
// names. Which fields are filled depends on the cols[] asked for.
type UserRole struct {
	ID             int64              `json:"id"` // the usersRoleId of role assignments
	Name           string             `json:"name,omitempty"`
	Identifier     string             `json:"identifier,omitempty"` // built-in roles only
	Subsidiary     bool               `json:"subsidiary,omitempty"` // assignable by non-admin users
	Category       RoleCategory       `json:"category,omitempty"`
	Permissions    []string           `json:"permissions,omitempty"`
	ManagementType RoleManagementType `json:"managementType,omitempty"`
	Description    *string            `json:"description,omitempty"`
	OrganizationID *int64             `json:"organizationId,omitempty"` // the owner of a custom role (GetRole)
}

// UserRoles is a list of roles, with lookups by name.
type UserRoles []UserRole

// ByName returns the role named name (compared case-insensitively) in
// category (or in any category when category is ""), and whether there is
// one: client.Users.ListRoles(ctx, nil) then roles.ByName("Member",
// make.RoleCategoryOrganization) finds the usersRoleId to give without a
// hard-coded ID.
func (l UserRoles) ByName(name string, category RoleCategory) (UserRole, bool) {
	i := slices.IndexFunc(l, func(r UserRole) bool {
		return strings.EqualFold(r.Name, name) && (category == "" || r.Category == category)
	})
	if i < 0 {
		return UserRole{}, false
	}
	return l[i], true
}

// ListRolesOptions are the query parameters of User role definitions, all
// optional. OrganizationID and TeamID (at most one of them) add the custom
// roles of that organization, when its license has custom roles.
type ListRolesOptions struct {
	Category       RoleCategory `url:"category,omitempty"`
	OrganizationID int64        `url:"organizationId,omitempty"`
	TeamID         int64        `url:"teamId,omitempty"`
	RoleID         int64        `url:"roleId,omitempty"` // only this role
	ExcludeRole    []int64      `url:"excludeRole,omitempty,brackets"`
	Cols           []string     `url:"cols,omitempty,brackets"`
}

func (o *ListRolesOptions) validate() error {
	switch {
	case o == nil:
		return nil
	case o.OrganizationID != 0 && o.TeamID != 0:
		return invalid("teamId", "cannot be used together with organizationId; give one of them")
	}
	if err := firstError(
		o.Category.check("category"),
		checkOptionalID("organizationId", o.OrganizationID),
		checkOptionalID("teamId", o.TeamID),
		checkOptionalID("roleId", o.RoleID),
	); err != nil {
		return err
	}
	for _, id := range o.ExcludeRole {
		if err := checkID("excludeRole[]", id); err != nil {
			return err
		}
	}
	return nil
}

// ListRoles returns the roles of organizations and teams: their names and
// the IDs (usersRoleId) the role endpoints take. opts may be nil. Find a
// role by name with UserRoles.ByName. Make documents no pagination here.
//
// Make API: GET /users/roles (scope user:read)
func (s *UsersService) ListRoles(ctx context.Context, opts *ListRolesOptions) (UserRoles, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	var out struct {
		Roles UserRoles `json:"usersRoles"`
	}
	if err := s.client.call(ctx, http.MethodGet, "users/roles", "user:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Roles, nil
}

// GetRole returns one role with its permissions. Make notes that it needs
// the role manager, which private (on-premise) instances lack; the
// endpoint is in Make's published spec, not on the Roles doc page.
//
// Make API: GET /users/roles/{roleId} (scope user:read)
func (s *UsersService) GetRole(ctx context.Context, roleID int64) (*UserRole, error) {
	if err := checkID("roleId", roleID); err != nil {
		return nil, err
	}
	var out struct {
		Role *UserRole `json:"usersRole"`
	}
	if err := s.client.call(ctx, http.MethodGet, fmt.Sprintf("users/roles/%d", roleID), "user:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Role, nil
}

// RolePermission is a permission a role can grant.
type RolePermission struct {
	ID                int64        `json:"id"`
	Name              string       `json:"name,omitempty"` // e.g. "scenarios view"
	Note              string       `json:"note,omitempty"`
	Category          string       `json:"category,omitempty"` // the permission's group, e.g. "scenarios"
	RoleCategory      RoleCategory `json:"roleCategory,omitempty"`
	Label             string       `json:"label,omitempty"`
	CustomRolesHidden bool         `json:"customRolesHidden,omitempty"` // hidden from the custom role editor
	Requires          []string     `json:"requires,omitempty"`          // names of the permissions it needs
}

// ListRolePermissionsOptions are the query parameters of User role
// permission definitions.
type ListRolePermissionsOptions struct {
	RoleCategory RoleCategory `url:"roleCategory,omitempty"` // only team or only organization permissions
}

func (o *ListRolePermissionsOptions) validate() error {
	if o == nil {
		return nil
	}
	return o.RoleCategory.check("roleCategory")
}

// ListRolePermissions returns the permissions roles can grant. opts may be
// nil. The endpoint is in Make's published spec, not on the Roles doc page.
//
// Make API: GET /users/roles/permissions (scope user:read)
func (s *UsersService) ListRolePermissions(ctx context.Context, opts *ListRolePermissionsOptions) ([]RolePermission, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	var out struct {
		Permissions []RolePermission `json:"usersRolesPermissions"`
	}
	if err := s.client.call(ctx, http.MethodGet, "users/roles/permissions", "user:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Permissions, nil
}
