package main

import (
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
	service string // field of *makeapi.Client: Users, Organizations, Admin, Enums
	method  string // method of the service; a paginated list's Iter twin is found by name

	// alias marks a second SDK method for the same operation (not in
	// SURFACE.md), e.g. RemoveUserFromTeam beside SetUserTeamRole.
	alias bool
	// destructive marks a method that destroys or gives away although it is
	// not a DELETE (every DELETE is destructive): transfers and removals.
	destructive bool
}

// table is every SDK method makectl calls: the catalogue's operations in
// the order of SURFACE.md, plus aliases.
var table = []row{
	{op: "usersList", service: "Users", method: "List"},
	{op: "usersDeleteCurrent", service: "Users", method: "DeleteCurrent"},
	{op: "usersUpdate", service: "Users", method: "Update"},
	{op: "usersUpdateEmail", service: "Users", method: "UpdateEmail"},
	{op: "usersUpdatePassword", service: "Users", method: "UpdatePassword"},
	{op: "usersSendPasswordResetDemand", service: "Users", method: "SendPasswordResetDemand"},
	{op: "usersSetPasswordResetSession", service: "Users", method: "SetPasswordResetSession"},
	{op: "usersResetLostPassword", service: "Users", method: "ResetLostPassword"},
	{op: "usersListByPermission", service: "Users", method: "ListByPermission"},
	{op: "usersGetMe", service: "Users", method: "Me"},
	{op: "usersGetCurrentAuthorization", service: "Users", method: "CurrentAuthorization"},
	{op: "usersListMyOrganizationInvitations", service: "Users", method: "ListMyOrganizationInvitations"},
	{op: "usersListApiTokens", service: "Users", method: "ListAPITokens"},
	{op: "usersCreateApiToken", service: "Users", method: "CreateAPIToken"},
	{op: "usersDeleteApiToken", service: "Users", method: "DeleteAPIToken"},
	{op: "usersListRoles", service: "Users", method: "ListRoles"},
	{op: "usersGetRole", service: "Users", method: "GetRole"},
	{op: "usersListRolePermissions", service: "Users", method: "ListRolePermissions"},
	{op: "usersListTeamRoles", service: "Users", method: "ListTeamRoles"},
	{op: "usersGetTeamRole", service: "Users", method: "GetTeamRole"},
	{op: "usersUpdateTeamRole", service: "Users", method: "UpdateTeamRole"},
	{op: "usersListTeamNotifications", service: "Users", method: "ListTeamNotifications"},
	{op: "usersGetTeamNotification", service: "Users", method: "GetTeamNotification"},
	{op: "usersUpdateTeamNotification", service: "Users", method: "UpdateTeamNotification"},
	{op: "usersListOrganizationRoles", service: "Users", method: "ListOrganizationRoles"},
	{op: "usersGetOrganizationRole", service: "Users", method: "GetOrganizationRole"},
	{op: "usersUpdateOrganizationRole", service: "Users", method: "UpdateOrganizationRole"},
	{op: "usersTransferOrganizationOwnership", service: "Users", method: "TransferOrganizationOwnership", destructive: true},
	{op: "usersGetUnreadNotifications", service: "Users", method: "UnreadNotifications"},
	{op: "usersGetEmailPreferences", service: "Users", method: "GetEmailPreferences"},
	{op: "usersUpdateEmailPreferences", service: "Users", method: "UpdateEmailPreferences"},
	{op: "usersGetTeamEmailPreferences", service: "Users", method: "GetTeamEmailPreferences"},
	{op: "usersUpdateTeamEmailPreferences", service: "Users", method: "UpdateTeamEmailPreferences"},
	{op: "usersUpdateTeamNativeEmailPreferences", service: "Users", method: "UpdateTeamNativeEmailPreferences"},

	{op: "organizationsList", service: "Organizations", method: "List"},
	{op: "organizationsCreate", service: "Organizations", method: "Create"},
	{op: "organizationsGetInvitation", service: "Organizations", method: "GetInvitation"},
	{op: "organizationsAcceptInvitation", service: "Organizations", method: "AcceptInvitation"},
	{op: "organizationsGet", service: "Organizations", method: "Get"},
	{op: "organizationsDelete", service: "Organizations", method: "Delete"},
	{op: "organizationsUpdate", service: "Organizations", method: "Update"},
	{op: "organizationsListApps", service: "Organizations", method: "ListApps"},
	{op: "organizationsListPayments", service: "Organizations", method: "ListPayments"},
	{op: "organizationsGetSubscription", service: "Organizations", method: "GetSubscription"},
	{op: "organizationsCreateSubscription", service: "Organizations", method: "CreateSubscription"},
	{op: "organizationsCancelSubscription", service: "Organizations", method: "CancelSubscription"},
	{op: "organizationsChangeSubscription", service: "Organizations", method: "ChangeSubscription"},
	{op: "organizationsSetFreeSubscription", service: "Organizations", method: "SetFreeSubscription"},
	{op: "organizationsListPaymentMethodTypes", service: "Organizations", method: "ListPaymentMethodTypes"},
	{op: "organizationsListPaymentMethods", service: "Organizations", method: "ListPaymentMethods"},
	{op: "organizationsDeletePaymentMethod", service: "Organizations", method: "DeletePaymentMethod"},
	{op: "organizationsSetDefaultPaymentMethod", service: "Organizations", method: "SetDefaultPaymentMethod"},
	{op: "organizationsClaimCancellationOffer", service: "Organizations", method: "ClaimCancellationOffer"},
	{op: "organizationsInviteUser", service: "Organizations", method: "InviteUser"},
	{op: "organizationsListVariables", service: "Organizations", method: "ListVariables"},
	{op: "organizationsCreateVariable", service: "Organizations", method: "CreateVariable"},
	{op: "organizationsDeleteVariable", service: "Organizations", method: "DeleteVariable"},
	{op: "organizationsUpdateVariable", service: "Organizations", method: "UpdateVariable"},
	{op: "organizationsGetVariableHistory", service: "Organizations", method: "GetVariableHistory"},
	{op: "organizationsGetUsage", service: "Organizations", method: "GetUsage"},
	{op: "organizationsListFeatureControls", service: "Organizations", method: "ListFeatureControls"},
	{op: "organizationsUpdateFeatureControl", service: "Organizations", method: "UpdateFeatureControl"},
	{op: "organizationsSetTfaEnforcement", service: "Organizations", method: "SetTFAEnforcement"},
	{op: "organizationsCheckTeamPermission", service: "Organizations", method: "CheckTeamPermission"},
	{op: "organizationsListUserRoles", service: "Organizations", method: "ListUserRoles"},
	{op: "organizationsGetUserRole", service: "Organizations", method: "GetUserRole"},
	{op: "organizationsTransferOwnership", service: "Organizations", method: "TransferOwnership", destructive: true},

	{op: "adminUsersListDetails", service: "Admin", method: "ListUserDetails"},
	{op: "adminUsersList", service: "Admin", method: "ListUsers"},
	{op: "adminUsersCreate", service: "Admin", method: "CreateUser"},
	{op: "adminUsersDelete", service: "Admin", method: "DeleteUser"},
	{op: "adminUsersUpdate", service: "Admin", method: "UpdateUser"},
	{op: "adminUsersTransferOrganizationOwnership", service: "Admin", method: "TransferOrganizationOwnership", destructive: true},
	{op: "adminUsersSetTeamRole", service: "Admin", method: "SetUserTeamRole"},
	{op: "adminUsersSetTeamRole", service: "Admin", method: "RemoveUserFromTeam", alias: true, destructive: true},
	{op: "adminUsersSetOrganizationRole", service: "Admin", method: "SetUserOrganizationRole"},
	{op: "adminUsersSetOrganizationRole", service: "Admin", method: "RemoveUserFromOrganization", alias: true, destructive: true},
	{op: "adminUsersListAdminRoles", service: "Admin", method: "ListAdminRoles"},
	{op: "adminUsersLookup", service: "Admin", method: "LookupUser"},

	{op: "enumsListCountries", service: "Enums", method: "ListCountries"},
	{op: "enumsListTimezones", service: "Enums", method: "ListTimezones"},
	{op: "enumsListLocales", service: "Enums", method: "ListLocales"},
	{op: "enumsListLanguages", service: "Enums", method: "ListLanguages"},
	{op: "enumsListRegions", service: "Enums", method: "ListRegions"},
	{op: "enumsListZones", service: "Enums", method: "ListZones"},
	{op: "enumsListApiTokenScopes", service: "Enums", method: "ListAPITokenScopes"},
	{op: "enumsListUserEmailNotifications", service: "Enums", method: "ListUserEmailNotifications"},
}

// words returns the command's words: the kebab case of the service and of
// the method, with two rules that keep names short and consistent:
//
//   - Admin (White Label) methods all act on users (Make's "Admin > Users"
//     section), so they are grouped under "admin users" and the word User or
//     Users leaves the method's name: LookupUser is "admin users lookup",
//     ListUserDetails "admin users list-details", SetUserTeamRole
//     "admin users set-team-role".
//   - Enums methods all list one enumeration, so List leaves their names:
//     ListTimezones is "enums timezones".
func (r row) words() []string {
	name := r.method
	out := []string{kebab(r.service)}
	switch r.service {
	case "Admin":
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
