package make_test

import (
	"testing"

	"github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRoles_AgainstFake: roles are found by name, and a role set through one
// endpoint is what every other endpoint reports.
func TestRoles_AgainstFake(t *testing.T) {
	client := maketest.NewServer(t, maketest.WithExampleData()).Client() // Jane: Admin of organization 1, Team Admin of team 1
	ctx := ctx(t)
	const bob = int64(3)

	roles, err := client.Users.ListRoles(ctx, &make.ListRolesOptions{Category: make.RoleCategoryTeam})
	require.NoError(t, err)
	operator, ok := roles.ByName("Team Operator", make.RoleCategoryTeam)
	require.True(t, ok)
	_, ok = roles.ByName("Member", "")
	assert.False(t, ok, "category team lists no organization role")
	all, err := client.Users.ListRoles(ctx, &make.ListRolesOptions{OrganizationID: maketest.DefaultOrganizationID})
	require.NoError(t, err)
	custom, ok := all.ByName("Custom Viewer", make.RoleCategoryOrganization)
	require.True(t, ok, "organizationId adds the organization's custom roles")
	role, err := client.Users.GetRole(ctx, custom.ID)
	require.NoError(t, err)
	require.NotNil(t, role.OrganizationID)
	assert.Equal(t, maketest.DefaultOrganizationID, *role.OrganizationID)
	perms, err := client.Users.ListRolePermissions(ctx, &make.ListRolePermissionsOptions{RoleCategory: make.RoleCategoryTeam})
	require.NoError(t, err)
	for _, p := range perms {
		assert.Equal(t, make.RoleCategoryTeam, p.RoleCategory)
	}

	// Team role: set, then read back through every endpoint that shows it.
	set, err := client.Users.UpdateTeamRole(ctx, bob, maketest.DefaultTeamID, &make.UpdateTeamRoleRequest{UsersRoleID: operator.ID})
	require.NoError(t, err)
	assert.Equal(t, operator.ID, set.UsersRoleID)
	got, err := client.Users.GetTeamRole(ctx, bob, maketest.DefaultTeamID)
	require.NoError(t, err)
	assert.Equal(t, operator.ID, got.UsersRoleID)
	list, err := client.Users.ListTeamRoles(ctx, bob)
	require.NoError(t, err)
	assert.Contains(t, list, *got)
	members, err := client.Users.List(ctx, &make.ListUsersOptions{TeamID: maketest.DefaultTeamID, TeamRoleID: operator.ID})
	require.NoError(t, err)
	require.Len(t, members.Users, 1, "Users.List filters by the new role")
	assert.Equal(t, bob, members.Users[0].ID)

	// Organization role: change, read back from both services, then remove.
	orgRoles, err := client.Users.ListRoles(ctx, &make.ListRolesOptions{Category: make.RoleCategoryOrganization})
	require.NoError(t, err)
	accountant, ok := orgRoles.ByName("Accountant", make.RoleCategoryOrganization)
	require.True(t, ok)
	changed, err := client.Users.UpdateOrganizationRole(ctx, bob, maketest.DefaultOrganizationID, &make.UpdateUserOrganizationRoleRequest{UsersRoleID: accountant.ID})
	require.NoError(t, err)
	assert.Equal(t, accountant.ID, changed.UsersRoleID)
	viaUsers, err := client.Users.GetOrganizationRole(ctx, bob, maketest.DefaultOrganizationID, nil)
	require.NoError(t, err)
	viaOrgs, err := client.Organizations.GetUserRole(ctx, maketest.DefaultOrganizationID, bob, &make.GetOrganizationUserRoleOptions{Cols: []string{"userId", "organizationId", "usersRoleId", "invitation"}})
	require.NoError(t, err)
	assert.Equal(t, viaUsers, viaOrgs)
	assert.Equal(t, accountant.ID, viaOrgs.UsersRoleID)
	mine, err := client.Users.ListOrganizationRoles(ctx, bob, nil)
	require.NoError(t, err)
	assert.Contains(t, mine, *viaUsers)

	_, err = client.Users.UpdateOrganizationRole(ctx, bob, maketest.DefaultOrganizationID,
		&make.UpdateUserOrganizationRoleRequest{RemoveFromOrganization: true, DeleteConnections: true, Confirmed: true})
	require.NoError(t, err)
	everyone, err := client.Organizations.ListUserRoles(ctx, maketest.DefaultOrganizationID, nil)
	require.NoError(t, err)
	for _, r := range everyone {
		assert.NotEqual(t, bob, r.UserID, "the removed user is no longer listed")
	}
	_, err = client.Users.GetTeamRole(ctx, bob, maketest.DefaultTeamID)
	assert.ErrorIs(t, err, make.ErrNotFound, "removal from the organization ends the team roles")
}

// TestTransferOwnership_AgainstFake: only the owner transfers; the new
// owner and the old one (now Admin) are reported by every role endpoint.
func TestTransferOwnership_AgainstFake(t *testing.T) {
	srv := maketest.NewServer(t, maketest.WithExampleData())
	janeClient := srv.Client()
	admin, err := make.NewClient("", maketest.AdminToken, make.WithBaseURL(srv.URL())) // Adam: Owner of organizations 1 and 2
	require.NoError(t, err)
	ctx := ctx(t)

	_, err = janeClient.Organizations.TransferOwnership(ctx, maketest.DefaultOrganizationID, maketest.DefaultUserID)
	assert.ErrorIs(t, err, make.ErrForbidden, "an Admin is not the owner")

	changed, err := admin.Organizations.TransferOwnership(ctx, maketest.DefaultOrganizationID, maketest.DefaultUserID)
	require.NoError(t, err)
	require.Len(t, changed, 2)
	owner, err := admin.Organizations.GetUserRole(ctx, maketest.DefaultOrganizationID, maketest.DefaultUserID, nil)
	require.NoError(t, err)
	assert.Equal(t, maketest.RoleOwner, owner.UsersRoleID)
	former, err := admin.Users.GetOrganizationRole(ctx, maketest.AdminUserID, maketest.DefaultOrganizationID, nil)
	require.NoError(t, err)
	assert.Equal(t, maketest.RoleAdmin, former.UsersRoleID)

	// And back, through the Users endpoint, by the new owner.
	back, err := janeClient.Users.TransferOrganizationOwnership(ctx, maketest.AdminUserID, maketest.DefaultOrganizationID)
	require.NoError(t, err)
	assert.Equal(t, maketest.AdminUserID, back[0].UserID)
	m, ok := srv.Membership(maketest.AdminUserID, maketest.DefaultOrganizationID)
	require.True(t, ok)
	assert.Equal(t, maketest.RoleOwner, m.RoleID)
}

// TestAPITokens_AgainstFake: a created token is listed (masked), works with
// its scopes, and stops working once deleted by its created string.
func TestAPITokens_AgainstFake(t *testing.T) {
	srv := maketest.NewServer(t)
	client := srv.Client()
	ctx := ctx(t)

	scopes, err := client.Enums.ListAPITokenScopes(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, scopes)
	created, err := client.Users.CreateAPIToken(ctx, &make.CreateAPITokenRequest{Label: "ci", Scope: []string{"user:read", "organization:read"}})
	require.NoError(t, err)
	value := created.Token.Reveal()
	require.Len(t, value, 36)

	listed, err := client.Users.ListAPITokens(ctx)
	require.NoError(t, err)
	require.Len(t, listed, 1)
	assert.Equal(t, created.Created, listed[0].Created)
	assert.NotEqual(t, value, listed[0].Token.Reveal(), "the list masks the value")
	assert.Equal(t, value[:8], listed[0].Token.Reveal()[:8])

	withToken, err := make.NewClient("", value, make.WithBaseURL(srv.URL()), make.WithRetry(make.RetryConfig{}))
	require.NoError(t, err)
	_, err = withToken.Users.Me(ctx, nil)
	require.NoError(t, err, "the new token authenticates")
	_, err = withToken.Users.UpdateTeamNotification(ctx, maketest.DefaultUserID, maketest.DefaultTeamID, 1, false)
	assert.ErrorIs(t, err, make.ErrForbidden, "with its own scopes only")

	echoed, err := client.Users.DeleteAPIToken(ctx, listed[0].Created)
	require.NoError(t, err)
	assert.Equal(t, created.Created, echoed)
	listed, err = client.Users.ListAPITokens(ctx)
	require.NoError(t, err)
	assert.Empty(t, listed)
	_, err = withToken.Users.Me(ctx, nil)
	assert.ErrorIs(t, err, make.ErrUnauthorized, "the deleted token no longer works")
	_, err = client.Users.DeleteAPIToken(ctx, created.Created)
	assert.ErrorIs(t, err, make.ErrNotFound)
}

// TestNotificationsAndPreferences_AgainstFake: settings changed are settings
// read back; another user's settings are refused.
func TestNotificationsAndPreferences_AgainstFake(t *testing.T) {
	client := maketest.NewServer(t, maketest.WithExampleData()).Client()
	ctx := ctx(t)
	const jane, org, team = maketest.DefaultUserID, maketest.DefaultOrganizationID, maketest.DefaultTeamID

	types, err := client.Enums.ListUserEmailNotifications(ctx, nil)
	require.NoError(t, err)
	require.NotEmpty(t, types)
	list, err := client.Users.ListTeamNotifications(ctx, jane, team)
	require.NoError(t, err)
	assert.Len(t, list, len(types), "one setting per notification type")
	off, err := client.Users.UpdateTeamNotification(ctx, jane, team, types[0].ID, false)
	require.NoError(t, err)
	assert.False(t, off.Enabled)
	got, err := client.Users.GetTeamNotification(ctx, jane, team, types[0].ID)
	require.NoError(t, err)
	assert.Equal(t, off, got)
	_, err = client.Users.UpdateTeamNotification(ctx, 3, team, types[0].ID, false)
	assert.ErrorIs(t, err, make.ErrForbidden, "only the token's own user")

	unread, err := client.Users.UnreadNotifications(ctx)
	require.NoError(t, err)
	sum := 0
	for _, z := range unread.UserZoneUnreadNotifications {
		sum += z.UnreadNotifications
	}
	assert.Equal(t, unread.UserUnreadNotifications, sum)

	prefs, err := client.Users.GetEmailPreferences(ctx, jane)
	require.NoError(t, err)
	require.NotEmpty(t, prefs.Global.Preferences)
	first := prefs.Global.Preferences[0]
	updated, err := client.Users.UpdateEmailPreferences(ctx, jane, &make.UpdateEmailPreferenceRequest{ID: first.ID, Enabled: !first.Enabled})
	require.NoError(t, err)
	assert.Equal(t, !first.Enabled, updated["enabled"])
	prefs, err = client.Users.GetEmailPreferences(ctx, jane)
	require.NoError(t, err)
	assert.Equal(t, !first.Enabled, prefs.Global.Preferences[0].Enabled)

	teamPrefs, err := client.Users.GetTeamEmailPreferences(ctx, jane, org, team)
	require.NoError(t, err)
	assert.Equal(t, team, teamPrefs.Team.TeamID)
	require.NotEmpty(t, teamPrefs.Team.Preferences.Native)
	state, err := client.Users.UpdateTeamNativeEmailPreferences(ctx, jane, org, team, &make.UpdateEmailPreferenceRequest{ID: "1700000000001", Enabled: false})
	require.NoError(t, err)
	assert.Equal(t, &make.EmailPreferenceState{ID: "1700000000001"}, state)
	state, err = client.Users.UpdateTeamEmailPreferences(ctx, jane, org, team, &make.UpdateEmailPreferenceRequest{ID: "use_cases", Enabled: false})
	require.NoError(t, err)
	assert.False(t, state.Enabled)
	_, err = client.Users.GetEmailPreferences(ctx, 3)
	assert.ErrorIs(t, err, make.ErrForbidden, "another user's preferences")
}

// TestEnums_AgainstFake: the enums hold the IDs the fake's fixtures use.
func TestEnums_AgainstFake(t *testing.T) {
	ctx := ctx(t)
	srv := maketest.NewServer(t)
	srv.SetScopes(maketest.ReadOnlyScopes()...) // the enums need no write scope
	client := srv.Client()
	acme, ok := srv.Organization(maketest.DefaultOrganizationID)
	require.True(t, ok)

	timezones, err := client.Enums.ListTimezones(ctx)
	require.NoError(t, err)
	prague, ok := timezones.ByCode("Europe/Prague")
	require.True(t, ok)
	assert.Equal(t, acme.TimezoneID, prague.ID)
	countries, err := client.Enums.ListCountries(ctx)
	require.NoError(t, err)
	cz, ok := countries.ByCode("CZ")
	require.True(t, ok)
	assert.Equal(t, acme.CountryID, cz.ID)
	zones, err := client.Enums.ListZones(ctx)
	require.NoError(t, err)
	found := false
	for _, z := range zones {
		found = found || z.Zone() == make.Zone(acme.Zone)
	}
	assert.True(t, found, "the organization's zone is a listed zone")
	regions, err := client.Enums.ListRegions(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, regions)
	locales, err := client.Enums.ListLocales(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, locales)
	all, err := client.Enums.ListLanguages(ctx, nil)
	require.NoError(t, err)
	localized, err := client.Enums.ListLanguages(ctx, &make.ListLanguagesOptions{Localized: true})
	require.NoError(t, err)
	assert.Less(t, len(localized), len(all), "localized lists only the languages with an own name")
}
