package make_test

import (
	"context"
	"fmt"
	"strings"

	. "github.com/make-sdk/make-go"
)

// idCall is a method taking integer path IDs, called with valid other
// arguments.
type idCall struct {
	method string
	fields []string // the IDs' parameter names, in argument order
	call   func(ctx context.Context, c *Client, ids []int64) error
}

// sectionIDCalls are the methods of the Users sub-sections, Organizations >
// User organization roles and Enums that take integer path IDs.
var sectionIDCalls = []idCall{
	{"Users.GetRole", []string{"roleId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.GetRole(ctx, id[0])
		return err
	}},
	{"Users.ListTeamRoles", []string{"userId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.ListTeamRoles(ctx, id[0])
		return err
	}},
	{"Users.GetTeamRole", []string{"userId", "teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.GetTeamRole(ctx, id[0], id[1])
		return err
	}},
	{"Users.UpdateTeamRole", []string{"userId", "teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.UpdateTeamRole(ctx, id[0], id[1], &UpdateTeamRoleRequest{UsersRoleID: 13})
		return err
	}},
	{"Users.ListTeamNotifications", []string{"userId", "teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.ListTeamNotifications(ctx, id[0], id[1])
		return err
	}},
	{"Users.GetTeamNotification", []string{"userId", "teamId", "notificationId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.GetTeamNotification(ctx, id[0], id[1], id[2])
		return err
	}},
	{"Users.UpdateTeamNotification", []string{"userId", "teamId", "notificationId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.UpdateTeamNotification(ctx, id[0], id[1], id[2], true)
		return err
	}},
	{"Users.ListOrganizationRoles", []string{"userId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.ListOrganizationRoles(ctx, id[0], nil)
		return err
	}},
	{"Users.GetOrganizationRole", []string{"userId", "organizationId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.GetOrganizationRole(ctx, id[0], id[1], nil)
		return err
	}},
	{"Users.UpdateOrganizationRole", []string{"userId", "organizationId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.UpdateOrganizationRole(ctx, id[0], id[1], &UpdateUserOrganizationRoleRequest{UsersRoleID: 13})
		return err
	}},
	{"Users.TransferOrganizationOwnership", []string{"userId", "organizationId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.TransferOrganizationOwnership(ctx, id[0], id[1])
		return err
	}},
	{"Users.GetEmailPreferences", []string{"userId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.GetEmailPreferences(ctx, id[0])
		return err
	}},
	{"Users.UpdateEmailPreferences", []string{"userId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.UpdateEmailPreferences(ctx, id[0], &UpdateEmailPreferenceRequest{ID: "use_cases"})
		return err
	}},
	{"Users.GetTeamEmailPreferences", []string{"userId", "organizationId", "teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.GetTeamEmailPreferences(ctx, id[0], id[1], id[2])
		return err
	}},
	{"Users.UpdateTeamEmailPreferences", []string{"userId", "organizationId", "teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.UpdateTeamEmailPreferences(ctx, id[0], id[1], id[2], &UpdateEmailPreferenceRequest{ID: "use_cases"})
		return err
	}},
	{"Users.UpdateTeamNativeEmailPreferences", []string{"userId", "organizationId", "teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Users.UpdateTeamNativeEmailPreferences(ctx, id[0], id[1], id[2], &UpdateEmailPreferenceRequest{ID: "1"})
		return err
	}},
	{"Organizations.ListUserRoles", []string{"organizationId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Organizations.ListUserRoles(ctx, id[0], nil)
		return err
	}},
	{"Organizations.GetUserRole", []string{"organizationId", "userId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Organizations.GetUserRole(ctx, id[0], id[1], nil)
		return err
	}},
	{"Organizations.TransferOwnership", []string{"organizationId", "userId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Organizations.TransferOwnership(ctx, id[0], id[1])
		return err
	}},
}

// idBadCalls returns a bad call for every integer path ID of calls, in
// every position, while the others are valid.
func idBadCalls(calls []idCall) []badCall {
	var bc []badCall
	for _, m := range calls {
		for pos, field := range m.fields {
			for _, bad := range badIDs {
				ids := make([]int64, len(m.fields))
				for i := range ids {
					ids[i] = 1
				}
				ids[pos] = bad
				bc = append(bc, badCall{m.method, fmt.Sprintf("%s %d", field, bad), field, "positive", func(ctx context.Context, c *Client) error {
					return m.call(ctx, c, ids)
				}})
			}
		}
	}
	return bc
}

// sectionBadCalls returns the bad inputs of the methods added with the
// Users sub-sections, Organizations > User organization roles and Enums.
func sectionBadCalls() []badCall {
	bc := idBadCalls(sectionIDCalls)
	add := func(method, what, field, rule string, call func(ctx context.Context, c *Client) error) {
		bc = append(bc, badCall{method, what, field, rule, call})
	}
	errOf := func(_ any, err error) error { return err }

	// API tokens.
	for _, s := range badSegments {
		add("Users.DeleteAPIToken", fmt.Sprintf("timestamp %q", Shorten(s.v, 20)), "timestamp", s.rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Users.DeleteAPIToken(ctx, s.v))
		})
	}
	tokenReq := func(what, field, rule string, r *CreateAPITokenRequest) {
		add("Users.CreateAPIToken", what, field, rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Users.CreateAPIToken(ctx, r))
		})
	}
	tokenReq("nil body", "body", "required", nil)
	tokenReq("no scope", "scope", "required", &CreateAPITokenRequest{Label: "l"})
	tokenReq("empty scope", "scope", "empty", &CreateAPITokenRequest{Label: "l", Scope: []string{"apps:read", " "}})
	tokenReq("no label", "label", "required", &CreateAPITokenRequest{Scope: []string{"apps:read"}})

	// Roles.
	roles := func(what, field, rule string, o *ListRolesOptions) {
		add("Users.ListRoles", what, field, rule, func(ctx context.Context, c *Client) error { return errOf(c.Users.ListRoles(ctx, o)) })
	}
	roles("organizationId with teamId", "teamId", "together", &ListRolesOptions{OrganizationID: 1, TeamID: 2})
	roles("unknown category", "category", "organization", &ListRolesOptions{Category: "company"})
	roles("negative organizationId", "organizationId", "positive", &ListRolesOptions{OrganizationID: -1})
	roles("negative teamId", "teamId", "positive", &ListRolesOptions{TeamID: -1})
	roles("negative roleId", "roleId", "positive", &ListRolesOptions{RoleID: -1})
	roles("zero excludeRole", "excludeRole[]", "positive", &ListRolesOptions{ExcludeRole: []int64{3, 0}})
	add("Users.ListRolePermissions", "unknown roleCategory", "roleCategory", "team", func(ctx context.Context, c *Client) error {
		return errOf(c.Users.ListRolePermissions(ctx, &ListRolePermissionsOptions{RoleCategory: "Team"}))
	})

	// Team roles: a role is required.
	for _, r := range []*UpdateTeamRoleRequest{nil, {}, {UsersRoleID: -3}} {
		field, rule := "usersRoleId", "positive"
		if r == nil {
			field, rule = "body", "required"
		}
		add("Users.UpdateTeamRole", fmt.Sprintf("body %+v", r), field, rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Users.UpdateTeamRole(ctx, 1, 1, r))
		})
	}

	// Organization roles: a removal is explicit, and deleting connections
	// is confirmed.
	orgRole := func(what, field, rule string, r *UpdateUserOrganizationRoleRequest) {
		add("Users.UpdateOrganizationRole", what, field, rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Users.UpdateOrganizationRole(ctx, 1, 1, r))
		})
	}
	orgRole("nil body", "body", "RemoveFromOrganization", nil)
	orgRole("zero role", "usersRoleId", "RemoveFromOrganization", &UpdateUserOrganizationRoleRequest{})
	orgRole("negative role", "usersRoleId", "positive", &UpdateUserOrganizationRoleRequest{UsersRoleID: -1})
	orgRole("role with removal", "usersRoleId", "must be 0", &UpdateUserOrganizationRoleRequest{UsersRoleID: 13, RemoveFromOrganization: true})
	orgRole("deleteConnections without removal", "deleteConnections", "removal", &UpdateUserOrganizationRoleRequest{UsersRoleID: 13, DeleteConnections: true, Confirmed: true})
	orgRole("confirmed without removal", "deleteConnections", "removal", &UpdateUserOrganizationRoleRequest{UsersRoleID: 13, Confirmed: true})
	orgRole("deleteConnections unconfirmed", "confirmed", "confirmed", &UpdateUserOrganizationRoleRequest{RemoveFromOrganization: true, DeleteConnections: true})

	// Email preferences: a body with an ID.
	for _, r := range []*UpdateEmailPreferenceRequest{nil, {Enabled: true}, {ID: "  "}} {
		field, rule := "id", "required"
		if r == nil {
			field = "body"
		}
		what := fmt.Sprintf("body %+v", r)
		add("Users.UpdateEmailPreferences", what, field, rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Users.UpdateEmailPreferences(ctx, 1, r))
		})
		add("Users.UpdateTeamEmailPreferences", what, field, rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Users.UpdateTeamEmailPreferences(ctx, 1, 1, 1, r))
		})
		add("Users.UpdateTeamNativeEmailPreferences", what, field, rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Users.UpdateTeamNativeEmailPreferences(ctx, 1, 1, 1, r))
		})
	}

	// Enums: only English descriptions are documented.
	for _, lang := range []string{"de", "EN", strings.Repeat("x", 3)} {
		add("Enums.ListUserEmailNotifications", "language "+lang, "language", `"en"`, func(ctx context.Context, c *Client) error {
			return errOf(c.Enums.ListUserEmailNotifications(ctx, &ListUserEmailNotificationsOptions{Language: lang}))
		})
	}
	return bc
}
