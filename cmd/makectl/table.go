package main

import (
	"slices"
	"strings"
	"unicode"
)

// row maps one operation of the catalogue to the SDK method that calls it.
// It is the only per-operation code of makectl: arguments, flags, help and
// output are derived from the method's signature (by reflection) and from
// the operation in the embedded catalogue. A method that is listed here but
// missing from the SDK this binary was built with is reported as not
// available in this build.
type row struct {
	op      string // operationId in the catalogue
	service string // field of *makeapi.Client: Users, Organizations, Admin, Enums, Teams
	method  string // method of the service; a paginated list's Iter twin is found by name

	// alias marks a second SDK method for the same operation (not in
	// SURFACE.md), e.g. RemoveUserFromTeam beside SetUserTeamRole.
	alias bool
	// destructive marks an operation that deletes, ends or changes a plan,
	// transfers ownership or removes access: makectl asks before it on a
	// terminal and needs --yes otherwise. This field is the one list of
	// them (command.destructive reads it; TestDestructiveList holds it
	// against the catalogue: every DELETE, plus the POST, PATCH and PUT
	// operations it names).
	destructive bool
}

// table is every SDK method makectl calls: the catalogue's operations in
// the order of SURFACE.md, plus aliases, by service.
var table = slices.Concat(
	service("Users", []row{
		{op: "usersList", method: "List"},
		{op: "usersDeleteCurrent", method: "DeleteCurrent", destructive: true},
		{op: "usersUpdate", method: "Update"},
		{op: "usersUpdateEmail", method: "UpdateEmail"},
		{op: "usersUpdatePassword", method: "UpdatePassword"},
		{op: "usersSendPasswordResetDemand", method: "SendPasswordResetDemand"},
		{op: "usersSetPasswordResetSession", method: "SetPasswordResetSession"},
		{op: "usersResetLostPassword", method: "ResetLostPassword"},
		{op: "usersListByPermission", method: "ListByPermission"},
		{op: "usersGetMe", method: "Me"},
		{op: "usersGetCurrentAuthorization", method: "CurrentAuthorization"},
		{op: "usersListMyOrganizationInvitations", method: "ListMyOrganizationInvitations"},
		{op: "usersListApiTokens", method: "ListAPITokens"},
		{op: "usersCreateApiToken", method: "CreateAPIToken"},
		{op: "usersDeleteApiToken", method: "DeleteAPIToken", destructive: true},
		{op: "usersListRoles", method: "ListRoles"},
		{op: "usersGetRole", method: "GetRole"},
		{op: "usersListRolePermissions", method: "ListRolePermissions"},
		{op: "usersListTeamRoles", method: "ListTeamRoles"},
		{op: "usersGetTeamRole", method: "GetTeamRole"},
		{op: "usersUpdateTeamRole", method: "UpdateTeamRole", destructive: true},
		{op: "usersListTeamNotifications", method: "ListTeamNotifications"},
		{op: "usersGetTeamNotification", method: "GetTeamNotification"},
		{op: "usersUpdateTeamNotification", method: "UpdateTeamNotification"},
		{op: "usersListOrganizationRoles", method: "ListOrganizationRoles"},
		{op: "usersGetOrganizationRole", method: "GetOrganizationRole"},
		{op: "usersUpdateOrganizationRole", method: "UpdateOrganizationRole", destructive: true},
		{op: "usersTransferOrganizationOwnership", method: "TransferOrganizationOwnership", destructive: true},
		{op: "usersGetUnreadNotifications", method: "UnreadNotifications"},
		{op: "usersGetEmailPreferences", method: "GetEmailPreferences"},
		{op: "usersUpdateEmailPreferences", method: "UpdateEmailPreferences"},
		{op: "usersGetTeamEmailPreferences", method: "GetTeamEmailPreferences"},
		{op: "usersUpdateTeamEmailPreferences", method: "UpdateTeamEmailPreferences"},
		{op: "usersUpdateTeamNativeEmailPreferences", method: "UpdateTeamNativeEmailPreferences"},
	}),
	service("Organizations", []row{
		{op: "organizationsList", method: "List"},
		{op: "organizationsCreate", method: "Create"},
		{op: "organizationsGetInvitation", method: "GetInvitation"},
		{op: "organizationsAcceptInvitation", method: "AcceptInvitation"},
		{op: "organizationsGet", method: "Get"},
		{op: "organizationsDelete", method: "Delete", destructive: true},
		{op: "organizationsUpdate", method: "Update"},
		{op: "organizationsListApps", method: "ListApps"},
		{op: "organizationsListPayments", method: "ListPayments"},
		{op: "organizationsGetSubscription", method: "GetSubscription"},
		{op: "organizationsCreateSubscription", method: "CreateSubscription"},
		{op: "organizationsCancelSubscription", method: "CancelSubscription", destructive: true},
		{op: "organizationsChangeSubscription", method: "ChangeSubscription", destructive: true},
		{op: "organizationsSetFreeSubscription", method: "SetFreeSubscription", destructive: true},
		{op: "organizationsListPaymentMethodTypes", method: "ListPaymentMethodTypes"},
		{op: "organizationsListPaymentMethods", method: "ListPaymentMethods"},
		{op: "organizationsDeletePaymentMethod", method: "DeletePaymentMethod", destructive: true},
		{op: "organizationsSetDefaultPaymentMethod", method: "SetDefaultPaymentMethod"},
		{op: "organizationsClaimCancellationOffer", method: "ClaimCancellationOffer", destructive: true},
		{op: "organizationsInviteUser", method: "InviteUser"},
		{op: "organizationsListVariables", method: "ListVariables"},
		{op: "organizationsCreateVariable", method: "CreateVariable"},
		{op: "organizationsDeleteVariable", method: "DeleteVariable", destructive: true},
		{op: "organizationsUpdateVariable", method: "UpdateVariable"},
		{op: "organizationsGetVariableHistory", method: "GetVariableHistory"},
		{op: "organizationsGetUsage", method: "GetUsage"},
		{op: "organizationsListFeatureControls", method: "ListFeatureControls"},
		{op: "organizationsUpdateFeatureControl", method: "UpdateFeatureControl"},
		{op: "organizationsSetTfaEnforcement", method: "SetTFAEnforcement", destructive: true},
		{op: "organizationsCheckTeamPermission", method: "CheckTeamPermission"},
		{op: "organizationsListUserRoles", method: "ListUserRoles"},
		{op: "organizationsGetUserRole", method: "GetUserRole"},
		{op: "organizationsTransferOwnership", method: "TransferOwnership", destructive: true},
	}),
	service("Admin", []row{
		{op: "adminUsersListDetails", method: "ListUserDetails"},
		{op: "adminUsersList", method: "ListUsers"},
		{op: "adminUsersCreate", method: "CreateUser"},
		{op: "adminUsersDelete", method: "DeleteUser", destructive: true},
		{op: "adminUsersUpdate", method: "UpdateUser"},
		{op: "adminUsersTransferOrganizationOwnership", method: "TransferOrganizationOwnership", destructive: true},
		{op: "adminUsersSetTeamRole", method: "SetUserTeamRole", destructive: true},
		{op: "adminUsersSetTeamRole", method: "RemoveUserFromTeam", alias: true, destructive: true},
		{op: "adminUsersSetOrganizationRole", method: "SetUserOrganizationRole", destructive: true},
		{op: "adminUsersSetOrganizationRole", method: "RemoveUserFromOrganization", alias: true, destructive: true},
		{op: "adminUsersListAdminRoles", method: "ListAdminRoles"},
		{op: "adminUsersLookup", method: "LookupUser"},
		{op: "adminTeamsList", method: "ListTeams"},
		{op: "adminTeamsCreate", method: "CreateTeam"},
		{op: "adminTeamsDelete", method: "DeleteTeam", destructive: true},
	}),
	service("Teams", []row{
		{op: "teamsList", method: "List"},
		{op: "teamsCreate", method: "Create"},
		{op: "teamsGet", method: "Get"},
		{op: "teamsDelete", method: "Delete", destructive: true},
		{op: "teamsListVariables", method: "ListVariables"},
		{op: "teamsCreateVariable", method: "CreateVariable"},
		{op: "teamsUpdateVariable", method: "UpdateVariable"},
		{op: "teamsDeleteVariable", method: "DeleteVariable", destructive: true},
		{op: "teamsGetVariableHistory", method: "GetVariableHistory"},
		{op: "teamsGetUsage", method: "GetUsage"},
		{op: "teamsListUserRoles", method: "ListUserRoles"},
		{op: "teamsGetUserRole", method: "GetUserRole"},
	}),
	service("Enums", []row{
		{op: "enumsListCountries", method: "ListCountries"},
		{op: "enumsListTimezones", method: "ListTimezones"},
		{op: "enumsListLocales", method: "ListLocales"},
		{op: "enumsListLanguages", method: "ListLanguages"},
		{op: "enumsListRegions", method: "ListRegions"},
		{op: "enumsListZones", method: "ListZones"},
		{op: "enumsListApiTokenScopes", method: "ListAPITokenScopes"},
		{op: "enumsListUserEmailNotifications", method: "ListUserEmailNotifications"},
	}),
)

// service sets the service of rows, a field of *makeapi.Client.
func service(name string, rows []row) []row {
	for i := range rows {
		rows[i].service = name
	}
	return rows
}

// words returns the command's words: the kebab case of the service and of
// the method, with two rules that keep names short and consistent:
//
//   - Admin (White Label) methods act on users (Make's "Admin > Users"
//     section) or teams ("Admin > Teams"), so they are grouped under "admin
//     users" or "admin teams" and the word User(s) or Team(s) leaves the
//     method's name: LookupUser is "admin users lookup", ListUserDetails
//     "admin users list-details", SetUserTeamRole "admin users
//     set-team-role", ListTeams "admin teams list".
//   - Enums methods all list one enumeration, so List leaves their names:
//     ListTimezones is "enums timezones".
func (r row) words() []string {
	name := r.method
	out := []string{kebab(r.service)}
	switch r.service {
	case "Admin":
		if strings.HasPrefix(r.op, "adminTeams") {
			out = append(out, "teams")
			name = strings.NewReplacer("Teams", "", "Team", "").Replace(name)
			break
		}
		out = append(out, "users")
		name = strings.NewReplacer("Users", "", "User", "").Replace(name)
	case "Enums":
		name = strings.TrimPrefix(name, "List")
	}
	return append(out, kebab(name))
}

// kebab turns a Go or JSON name into kebab case: ListAPITokens is
// list-api-tokens, organizationId organization-id, pg[limit] pg-limit,
// cols[] cols.
func kebab(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		switch {
		case unicode.IsUpper(r):
			// A capital starts a word after a lower-case letter or digit, and
			// ends an initialism when a lower-case letter follows it (APIToken
			// is api-token), except a plural s (UserIDs is user-ids).
			plural := i+1 < len(rs) && rs[i+1] == 's' && (i+2 == len(rs) || unicode.IsUpper(rs[i+2]))
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) ||
				(unicode.IsUpper(rs[i-1]) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && !plural)) {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
		case r == '[' || r == '_' || r == '.' || r == ' ':
			if i+1 < len(rs) && rs[i+1] != ']' {
				b.WriteByte('-')
			}
		case r == ']':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lowerCamel turns an untagged Go field name into a JSON-style name: ID is
// id, Email email, OrganizationID organizationID.
func lowerCamel(s string) string {
	if strings.ToUpper(s) == s {
		return strings.ToLower(s)
	}
	rs := []rune(s)
	rs[0] = unicode.ToLower(rs[0])
	return string(rs)
}
