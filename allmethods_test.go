package make_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secretValues are the secrets a call of allMethods sends: the current
// password of the caller, a new password, a TFA code, a password-reset hash
// and an invitation hash.
type secretValues struct {
	Password, NewPassword, TFA, ResetHash, InvitationHash Secret
}

// sdkMethod is one exported method of a service, called with valid
// arguments against the fake's example data (maketest.WithExampleData) as its
// White Label admin (user 2): every method of every service is in allMethods.
type sdkMethod struct {
	service, name string
	http          string // the HTTP method it sends
	call          func(ctx context.Context, c *Client, s secretValues) (any, error)
}

func (m sdkMethod) String() string { return m.service + "." + m.name }

// drain collects at most 500 items of an iterator.
func drain[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
		if len(out) >= 500 {
			break
		}
	}
	return out, nil
}

// The IDs allMethods works on, from maketest's example data.
const (
	meID    = maketest.AdminUserID           // the caller, a White Label admin
	otherID = int64(3)                       // Bob Builder, a member of organization 1 and team 1
	orgID   = maketest.DefaultOrganizationID // Acme
	teamID  = maketest.DefaultTeamID
	// newOrgID is an organization of the admin without a plan (see
	// secretsFake).
	newOrgID = int64(8)
)

var allMethods = []sdkMethod{
	// Users
	{"Users", "List", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.List(ctx, &ListUsersOptions{OrganizationID: orgID})
	}},
	{"Users", "ListIter", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return drain(c.Users.ListIter(ctx, &ListUsersOptions{TeamID: teamID, ListOptions: ListOptions{Limit: 2}}))
	}},
	{"Users", "DeleteCurrent", "DELETE", func(ctx context.Context, c *Client, s secretValues) (any, error) {
		return c.Users.DeleteCurrent(ctx, &DeleteCurrentUserRequest{CurrentPassword: s.Password, TFACode: s.TFA})
	}},
	{"Users", "Update", "PATCH", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.Update(ctx, meID, &UpdateUserRequest{Name: "Adam Renamed"})
	}},
	{"Users", "UpdateEmail", "PUT", func(ctx context.Context, c *Client, s secretValues) (any, error) {
		return c.Users.UpdateEmail(ctx, meID, &UpdateEmailRequest{CurrentEmailAddress: "admin@example.com",
			NewEmailAddress: "adam@example.com", CurrentPassword: s.Password})
	}},
	{"Users", "UpdatePassword", "PUT", func(ctx context.Context, c *Client, s secretValues) (any, error) {
		return c.Users.UpdatePassword(ctx, meID, &UpdatePasswordRequest{CurrentPassword: s.Password,
			NewPassword1: s.NewPassword, NewPassword2: s.NewPassword})
	}},
	{"Users", "SendPasswordResetDemand", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return nil, c.Users.SendPasswordResetDemand(ctx, "admin@example.com")
	}},
	{"Users", "SetPasswordResetSession", "GET", func(ctx context.Context, c *Client, s secretValues) (any, error) {
		return nil, c.Users.SetPasswordResetSession(ctx, s.ResetHash)
	}},
	{"Users", "ResetLostPassword", "POST", func(ctx context.Context, c *Client, s secretValues) (any, error) {
		return nil, c.Users.ResetLostPassword(ctx, &ResetLostPasswordRequest{NewPassword1: s.NewPassword, NewPassword2: s.NewPassword})
	}},
	{"Users", "ListByPermission", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.ListByPermission(ctx, &ListUsersByPermissionOptions{Type: PermissionOrganization,
			Permission: maketest.OrganizationPermissions()[0], OrganizationID: orgID})
	}},
	{"Users", "Me", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.Me(ctx, &GetMeOptions{Cols: []string{"id", "name", "email"}})
	}},
	{"Users", "CurrentAuthorization", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.CurrentAuthorization(ctx)
	}},
	{"Users", "ListMyOrganizationInvitations", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.ListMyOrganizationInvitations(ctx)
	}},

	{"Users", "ListAPITokens", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.ListAPITokens(ctx)
	}},
	{"Users", "CreateAPIToken", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.CreateAPIToken(ctx, &CreateAPITokenRequest{Label: "ci", Scope: []string{"user:read"}})
	}},
	{"Users", "DeleteAPIToken", "DELETE", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		t, err := c.Users.CreateAPIToken(ctx, &CreateAPITokenRequest{Label: "ci", Scope: []string{"user:read"}})
		if err != nil || t == nil { // nil: a fuzzed answer without the envelope
			return t, err
		}
		return c.Users.DeleteAPIToken(ctx, t.Created)
	}},
	{"Users", "ListRoles", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.ListRoles(ctx, nil)
	}},
	{"Users", "GetRole", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.GetRole(ctx, maketest.RoleMember)
	}},
	{"Users", "ListRolePermissions", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.ListRolePermissions(ctx, nil)
	}},
	{"Users", "ListTeamRoles", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.ListTeamRoles(ctx, otherID)
	}},
	{"Users", "GetTeamRole", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.GetTeamRole(ctx, otherID, teamID)
	}},
	{"Users", "UpdateTeamRole", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.UpdateTeamRole(ctx, otherID, teamID, &UpdateTeamRoleRequest{UsersRoleID: maketest.RoleTeamOperator})
	}},
	{"Users", "ListTeamNotifications", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.ListTeamNotifications(ctx, meID, teamID)
	}},
	{"Users", "GetTeamNotification", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.GetTeamNotification(ctx, meID, teamID, 1)
	}},
	{"Users", "UpdateTeamNotification", "PUT", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.UpdateTeamNotification(ctx, meID, teamID, 1, false)
	}},
	{"Users", "ListOrganizationRoles", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.ListOrganizationRoles(ctx, otherID, nil)
	}},
	{"Users", "GetOrganizationRole", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.GetOrganizationRole(ctx, otherID, orgID, nil)
	}},
	{"Users", "UpdateOrganizationRole", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.UpdateOrganizationRole(ctx, otherID, orgID, &UpdateUserOrganizationRoleRequest{UsersRoleID: maketest.RoleAdmin})
	}},
	{"Users", "TransferOrganizationOwnership", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.TransferOrganizationOwnership(ctx, otherID, orgID)
	}},
	{"Users", "UnreadNotifications", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.UnreadNotifications(ctx)
	}},
	{"Users", "GetEmailPreferences", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.GetEmailPreferences(ctx, meID)
	}},
	{"Users", "UpdateEmailPreferences", "PATCH", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.UpdateEmailPreferences(ctx, meID, &UpdateEmailPreferenceRequest{ID: "promotions"})
	}},
	{"Users", "GetTeamEmailPreferences", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.GetTeamEmailPreferences(ctx, meID, orgID, teamID)
	}},
	{"Users", "UpdateTeamEmailPreferences", "PATCH", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.UpdateTeamEmailPreferences(ctx, meID, orgID, teamID, &UpdateEmailPreferenceRequest{ID: "use_cases", Enabled: true})
	}},
	{"Users", "UpdateTeamNativeEmailPreferences", "PATCH", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Users.UpdateTeamNativeEmailPreferences(ctx, meID, orgID, teamID, &UpdateEmailPreferenceRequest{ID: "1700000000001"})
	}},

	// Organizations
	{"Organizations", "List", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.List(ctx, nil)
	}},
	{"Organizations", "ListIter", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return drain(c.Organizations.ListIter(ctx, &ListOrganizationsOptions{ListOptions: ListOptions{Limit: 1}}))
	}},
	{"Organizations", "Create", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.Create(ctx, &CreateOrganizationRequest{Name: "Initech", RegionID: 1, TimezoneID: 113, CountryID: 1})
	}},
	{"Organizations", "Get", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.Get(ctx, orgID, nil)
	}},
	{"Organizations", "Delete", "DELETE", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.Delete(ctx, orgID, &DeleteOrganizationOptions{Confirmed: true})
	}},
	{"Organizations", "Update", "PATCH", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.Update(ctx, orgID, &UpdateOrganizationRequest{Name: "Acme Renamed"})
	}},
	{"Organizations", "InviteUser", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.InviteUser(ctx, orgID, &InviteUserRequest{Email: "new@example.com", Name: "New Person", UsersRoleID: 13})
	}},
	{"Organizations", "GetInvitation", "GET", func(ctx context.Context, c *Client, s secretValues) (any, error) {
		return c.Organizations.GetInvitation(ctx, s.InvitationHash)
	}},
	{"Organizations", "AcceptInvitation", "POST", func(ctx context.Context, c *Client, s secretValues) (any, error) {
		return c.Organizations.AcceptInvitation(ctx, s.InvitationHash)
	}},
	{"Organizations", "ListApps", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.ListApps(ctx, orgID)
	}},
	{"Organizations", "ListPayments", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.ListPayments(ctx, orgID, nil)
	}},
	{"Organizations", "ListPaymentsIter", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return drain(c.Organizations.ListPaymentsIter(ctx, orgID, &ListPaymentsOptions{ListOptions{Limit: 2}}))
	}},
	{"Organizations", "GetSubscription", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.GetSubscription(ctx, orgID)
	}},
	{"Organizations", "CreateSubscription", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.CreateSubscription(ctx, newOrgID, &CreateSubscriptionRequest{PriceID: 40})
	}},
	{"Organizations", "CancelSubscription", "DELETE", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return nil, c.Organizations.CancelSubscription(ctx, orgID)
	}},
	{"Organizations", "ChangeSubscription", "PATCH", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return nil, c.Organizations.ChangeSubscription(ctx, orgID, &ChangeSubscriptionRequest{PriceID: 50})
	}},
	{"Organizations", "SetFreeSubscription", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.SetFreeSubscription(ctx, orgID, &SetFreeSubscriptionOptions{Confirmed: true})
	}},
	{"Organizations", "ListPaymentMethodTypes", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.ListPaymentMethodTypes(ctx, orgID)
	}},
	{"Organizations", "ListPaymentMethods", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.ListPaymentMethods(ctx, orgID)
	}},
	{"Organizations", "DeletePaymentMethod", "DELETE", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return nil, c.Organizations.DeletePaymentMethod(ctx, orgID, "pm_fake_sepa_3000")
	}},
	{"Organizations", "SetDefaultPaymentMethod", "PATCH", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.SetDefaultPaymentMethod(ctx, orgID, "pm_fake_sepa_3000", &SetDefaultPaymentMethodRequest{Target: PaymentMethodTargetSubscription})
	}},
	{"Organizations", "ClaimCancellationOffer", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return nil, c.Organizations.ClaimCancellationOffer(ctx, orgID)
	}},
	{"Organizations", "ListVariables", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.ListVariables(ctx, orgID)
	}},
	{"Organizations", "CreateVariable", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.CreateVariable(ctx, orgID, &CreateVariableRequest{Name: "limit", Value: NumberValue(12.5)})
	}},
	{"Organizations", "DeleteVariable", "DELETE", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return nil, c.Organizations.DeleteVariable(ctx, orgID, "threshold", &DeleteVariableOptions{Confirmed: true})
	}},
	{"Organizations", "UpdateVariable", "PATCH", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.UpdateVariable(ctx, orgID, "threshold", &UpdateVariableRequest{Value: StringValue("high")})
	}},
	{"Organizations", "GetVariableHistory", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.GetVariableHistory(ctx, orgID, "threshold")
	}},
	{"Organizations", "GetUsage", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.GetUsage(ctx, orgID, &GetUsageOptions{OrganizationTimezone: true})
	}},
	{"Organizations", "ListFeatureControls", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.ListFeatureControls(ctx, orgID, nil)
	}},
	{"Organizations", "UpdateFeatureControl", "PATCH", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.UpdateFeatureControl(ctx, orgID, &UpdateFeatureControlRequest{ID: 1, Enabled: true})
	}},
	{"Organizations", "SetTFAEnforcement", "PATCH", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.SetTFAEnforcement(ctx, newOrgID, true)
	}},
	{"Organizations", "CheckTeamPermission", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.CheckTeamPermission(ctx, orgID, "team view")
	}},

	{"Organizations", "ListUserRoles", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.ListUserRoles(ctx, orgID, nil)
	}},
	{"Organizations", "GetUserRole", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.GetUserRole(ctx, orgID, otherID, nil)
	}},
	{"Organizations", "TransferOwnership", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Organizations.TransferOwnership(ctx, orgID, otherID)
	}},

	// Enums
	{"Enums", "ListCountries", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Enums.ListCountries(ctx)
	}},
	{"Enums", "ListTimezones", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Enums.ListTimezones(ctx)
	}},
	{"Enums", "ListLocales", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Enums.ListLocales(ctx)
	}},
	{"Enums", "ListLanguages", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Enums.ListLanguages(ctx, &ListLanguagesOptions{Localized: true})
	}},
	{"Enums", "ListRegions", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Enums.ListRegions(ctx)
	}},
	{"Enums", "ListZones", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Enums.ListZones(ctx)
	}},
	{"Enums", "ListAPITokenScopes", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Enums.ListAPITokenScopes(ctx)
	}},
	{"Enums", "ListUserEmailNotifications", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Enums.ListUserEmailNotifications(ctx, &ListUserEmailNotificationsOptions{Language: "en"})
	}},

	// Admin
	{"Admin", "ListUserDetails", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.ListUserDetails(ctx, nil)
	}},
	{"Admin", "ListUserDetailsIter", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return drain(c.Admin.ListUserDetailsIter(ctx, &ListUserDetailsOptions{ListOptions: ListOptions{Limit: 2}}))
	}},
	{"Admin", "ListUsers", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.ListUsers(ctx, &AdminListUsersOptions{OrganizationID: orgID})
	}},
	{"Admin", "ListUsersIter", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return drain(c.Admin.ListUsersIter(ctx, &AdminListUsersOptions{ListOptions: ListOptions{Limit: 2}}))
	}},
	{"Admin", "CreateUser", "POST", func(ctx context.Context, c *Client, s secretValues) (any, error) {
		return c.Admin.CreateUser(ctx, &CreateUserRequest{Name: "Eve Example", Email: "eve@example.com", Password: s.NewPassword})
	}},
	{"Admin", "DeleteUser", "DELETE", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.DeleteUser(ctx, otherID, nil)
	}},
	{"Admin", "UpdateUser", "PATCH", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.UpdateUser(ctx, otherID, &AdminUpdateUserRequest{Name: "Bob Renamed"})
	}},
	{"Admin", "TransferOrganizationOwnership", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.TransferOrganizationOwnership(ctx, otherID, orgID)
	}},
	{"Admin", "SetUserTeamRole", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.SetUserTeamRole(ctx, otherID, teamID, &SetUserTeamRoleRequest{UsersRoleID: maketest.RoleTeamOperator})
	}},
	{"Admin", "RemoveUserFromTeam", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.RemoveUserFromTeam(ctx, otherID, teamID, nil)
	}},
	{"Admin", "SetUserOrganizationRole", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.SetUserOrganizationRole(ctx, otherID, orgID, &SetUserOrganizationRoleRequest{UsersRoleID: maketest.RoleAdmin})
	}},
	{"Admin", "RemoveUserFromOrganization", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.RemoveUserFromOrganization(ctx, otherID, orgID, nil)
	}},
	{"Admin", "ListAdminRoles", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.ListAdminRoles(ctx, nil)
	}},
	{"Admin", "LookupUser", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.LookupUser(ctx, &LookupUserOptions{Email: "bob@example.com"})
	}},
	{"Admin", "ListTeams", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.ListTeams(ctx, &AdminListTeamsOptions{OrganizationID: orgID, ListOptions: ListOptions{SortBy: "name"}})
	}},
	{"Admin", "ListTeamsIter", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return drain(c.Admin.ListTeamsIter(ctx, &AdminListTeamsOptions{ListOptions: ListOptions{Limit: 2}}))
	}},
	{"Admin", "CreateTeam", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.CreateTeam(ctx, &AdminCreateTeamRequest{Name: "Support", OrganizationID: orgID, UserTeamAdmin: otherID})
	}},
	{"Admin", "DeleteTeam", "DELETE", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Admin.DeleteTeam(ctx, maketest.OtherTeamID)
	}},

	// Teams
	{"Teams", "List", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Teams.List(ctx, orgID, &ListTeamsOptions{Cols: []string{"id", "name", "operations"}})
	}},
	{"Teams", "ListIter", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return drain(c.Teams.ListIter(ctx, orgID, &ListTeamsOptions{ListOptions: ListOptions{Limit: 1}}))
	}},
	{"Teams", "Create", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Teams.Create(ctx, &CreateTeamRequest{Name: "Onboarding", OrganizationID: orgID, OperationsLimit: Ptr(int64(500))})
	}},
	{"Teams", "Get", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Teams.Get(ctx, teamID, &GetTeamOptions{Cols: []string{"id", "name", "transferLimit"}})
	}},
	{"Teams", "Delete", "DELETE", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Teams.Delete(ctx, maketest.SecondTeamID, &DeleteTeamOptions{Confirmed: true})
	}},
	{"Teams", "ListVariables", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Teams.ListVariables(ctx, teamID)
	}},
	{"Teams", "CreateVariable", "POST", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Teams.CreateVariable(ctx, teamID, &CreateVariableRequest{Name: "launch", Value: DateValue(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))})
	}},
	{"Teams", "UpdateVariable", "PATCH", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Teams.UpdateVariable(ctx, teamID, "region", &UpdateVariableRequest{Value: StringValue("apac")})
	}},
	{"Teams", "DeleteVariable", "DELETE", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return nil, c.Teams.DeleteVariable(ctx, teamID, "region", &DeleteVariableOptions{Confirmed: true})
	}},
	{"Teams", "GetVariableHistory", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Teams.GetVariableHistory(ctx, teamID, "region")
	}},
	{"Teams", "GetUsage", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Teams.GetUsage(ctx, teamID, &GetUsageOptions{OrganizationTimezone: true})
	}},
	{"Teams", "ListUserRoles", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Teams.ListUserRoles(ctx, teamID, &ListTeamUserRolesOptions{Cols: []string{"userId", "usersRoleId"}})
	}},
	{"Teams", "ListUserRolesIter", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return drain(c.Teams.ListUserRolesIter(ctx, teamID, &ListTeamUserRolesOptions{ListOptions: ListOptions{Limit: 2}}))
	}},
	{"Teams", "GetUserRole", "GET", func(ctx context.Context, c *Client, _ secretValues) (any, error) {
		return c.Teams.GetUserRole(ctx, teamID, otherID, nil)
	}},
}

// serviceTypes are the services of a Client, by field name.
var serviceTypes = map[string]reflect.Type{
	"Users":         reflect.TypeOf(&UsersService{}),
	"Organizations": reflect.TypeOf(&OrganizationsService{}),
	"Admin":         reflect.TypeOf(&AdminService{}),
	"Enums":         reflect.TypeOf(&EnumsService{}),
	"Teams":         reflect.TypeOf(&TeamsService{}),
}

// exportedMethods lists "Service.Method" for every exported method of the
// services.
func exportedMethods() []string {
	var out []string
	for name, t := range serviceTypes {
		for i := 0; i < t.NumMethod(); i++ {
			out = append(out, name+"."+t.Method(i).Name)
		}
	}
	sort.Strings(out)
	return out
}

// TestAllMethods_CoverEveryServiceMethod keeps allMethods complete: a new
// service method must be added there, and so is covered by the secrets,
// fuzz and concurrency tests that use it.
func TestAllMethods_CoverEveryServiceMethod(t *testing.T) {
	var listed []string
	for _, m := range allMethods {
		listed = append(listed, m.String())
	}
	sort.Strings(listed)
	assert.Equal(t, exportedMethods(), listed)
}

// TestAllMethods_AgainstFake runs every method once against a fresh fake: the
// table's arguments are valid, so each call succeeds.
func TestAllMethods_AgainstFake(t *testing.T) {
	for _, m := range allMethods {
		t.Run(m.String(), func(t *testing.T) {
			srv, client := secretsFake(t, nil)
			_, err := m.call(ctx(t), client, srv.secrets)
			assert.NoError(t, err)
			last, ok := srv.LastRequest()
			if assert.True(t, ok) {
				assert.Equal(t, m.http, last.Method)
			}
		})
	}
}

// secretServer is a fake whose admin (user 2) uses the sentinel token and
// password, with a pending invitation and an open password-reset session,
// so that every method of allMethods succeeds with the sentinels.
type secretServer struct {
	*maketest.Server
	secrets secretValues
}

// sentinels returns every secret the server's calls carry.
func (s *secretServer) sentinels() []string {
	return []string{sentinelToken, sentinelPassword, sentinelNewPassword, sentinelTFA, sentinelShort,
		string(s.secrets.ResetHash), string(s.secrets.InvitationHash), maketest.DefaultInvitationHash}
}

// secretsFake starts such a server and a client on it with the sentinel
// token and fast retries.
func secretsFake(t *testing.T, opts ...Option) (*secretServer, *Client) {
	t.Helper()
	srv := maketest.New(maketest.WithExampleData(), maketest.WithSeed(3))
	t.Cleanup(srv.Close)
	srv.AddToken(sentinelToken, maketest.AdminUserID, maketest.AdminScopes()...)
	srv.UpdateUser(maketest.AdminUserID, func(u *maketest.User) {
		u.Password = sentinelPassword
		u.TFAStatus = 0
	})
	srv.AddOrganization(maketest.Organization{ID: 9, Name: "Umbrella", Zone: maketest.ServedZone, TimezoneID: 113, CountryID: 1})
	invitation := srv.Invite(maketest.AdminUserID, 9, maketest.RoleMember)
	// An organization without a plan, for a new subscription and TFA
	// enforcement.
	srv.AddOrganization(maketest.Organization{ID: newOrgID, Name: "Initrode", Zone: maketest.ServedZone, TimezoneID: 113, CountryID: 1})
	srv.SetMembership(maketest.AdminUserID, newOrgID, maketest.RoleOwner)

	// A password-reset hash of user 2, and the session it opens for the
	// sentinel token, made with plain HTTP.
	raw := func(method, path, body string) {
		req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Token "+sentinelToken)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		require.Equal(t, 200, resp.StatusCode, "%s %s", method, path)
	}
	raw(http.MethodPost, "/users/password-reset-demand", `{"email":"admin@example.com"}`)
	reset := srv.ResetHash("admin@example.com")
	require.NotEmpty(t, reset)
	raw(http.MethodGet, "/users/password-reset?hash="+reset, "")
	raw(http.MethodPost, "/organizations/1/variables", `{"name":"threshold","typeId":1,"value":10}`)
	raw(http.MethodPost, "/teams/1/variables", `{"name":"region","typeId":2,"value":"emea"}`)
	srv.ResetRequests()

	opts = append([]Option{WithBaseURL(srv.URL()), WithRetry(matrixRetry), WithStrictDecoding()}, opts...)
	client, err := NewClient("", sentinelToken, opts...)
	require.NoError(t, err)
	return &secretServer{Server: srv, secrets: secretValues{
		Password: sentinelPassword, NewPassword: sentinelNewPassword, TFA: sentinelTFA,
		ResetHash: Secret(reset), InvitationHash: Secret(invitation),
	}}, client
}

// TestBodyBuffers_ResultsOutliveTheNextAnswer: the buffer an answer is read
// into is reused for the next answer (body.go, bodyBuffers), so no result
// of a service method may hold any of its bytes. Every method's result,
// encoded right after its call, encodes the same after other answers have
// been read into the buffers it could have held; and what the caller keeps
// (WithRawResponse's body, the bytes a caller's UnmarshalJSON holds through
// Do) is never a buffer that is reused.
func TestBodyBuffers_ResultsOutliveTheNextAnswer(t *testing.T) {
	// Every answer differs from the one before it, at the same length.
	var answered atomic.Int64
	answer := func(n int64) []byte {
		return bytes.ReplaceAll(usersPage(), []byte("User "), fmt.Appendf(nil, "Usr%d ", n%10))
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(answer(answered.Add(1))) // chunked: no Content-Length
		w.(http.Flusher).Flush()
	}))
	t.Cleanup(other.Close)
	churn, err := NewClient("", "token", WithBaseURL(other.URL))
	require.NoError(t, err)
	churned := func(t *testing.T) {
		for range 4 {
			_, err := churn.Users.List(ctx(t), &ListUsersOptions{OrganizationID: 1})
			require.NoError(t, err)
		}
	}
	// What the caller keeps: WithRawResponse's body, and the bytes a
	// caller's UnmarshalJSON holds on to through Do (against the
	// json.Unmarshaler contract, but the caller's to get wrong).
	t.Run("WithRawResponse", func(t *testing.T) {
		var raw RawResponse
		_, err := churn.Users.List(WithRawResponse(ctx(t), &raw), &ListUsersOptions{OrganizationID: 1})
		require.NoError(t, err)
		want := answer(answered.Load())
		churned(t)
		assert.Equal(t, string(want), string(raw.Body))
	})
	t.Run("Do", func(t *testing.T) {
		req, err := churn.NewRequest(ctx(t), http.MethodGet, "users", nil, nil)
		require.NoError(t, err)
		var k keepsItsBytes
		require.NoError(t, churn.Do(req, &k))
		want := answer(answered.Load())
		churned(t)
		assert.Equal(t, string(want), string(k))
	})
	for _, m := range allMethods {
		t.Run(m.String(), func(t *testing.T) {
			srv, client := secretsFake(t, nil)
			got, err := m.call(ctx(t), client, srv.secrets)
			require.NoError(t, err)
			before, err := json.Marshal(got)
			require.NoError(t, err)
			churned(t)
			after, err := json.Marshal(got)
			require.NoError(t, err)
			assert.Equal(t, string(before), string(after))
		})
	}
}

// keepsItsBytes keeps the bytes UnmarshalJSON is handed, without a copy.
type keepsItsBytes []byte

func (k *keepsItsBytes) UnmarshalJSON(b []byte) error { *k = b; return nil }
