package make_test

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	. "github.com/make-sdk/make-go"

	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// badCall is one bad input to one method: the call must fail with a
// *ValidationError for field whose reason names the rule, and send nothing.
type badCall struct {
	method string // "Service.Method"
	what   string // the bad input
	field  string
	rule   string // a word of the reason
	call   func(ctx context.Context, c *Client) error
}

// Bad values of the kinds every method shares.
var (
	badIDs = []int64{0, -1, math.MinInt64}
	// badSegments are string path parameters that could leave their path
	// segment or are no ID at all, with the rule that refuses each.
	badSegments = []struct{ v, rule string }{
		{"", "required"}, {"   ", "required"}, {"a/b", "slash"}, {`a\b`, "slash"}, {"/", "slash"},
		{"..", ".."}, {".", ".."}, {"x..y", ".."}, {"a?b=1", "?"}, {"a#frag", "#"}, {"100%", "%"},
		{"a%2Fb", "%"}, {"a\x00b", "control"}, {"a\nb", "control"}, {"a\tb", "control"}, {"a\x7fb", "control"},
		{"a\u0085b", "control"}, {strings.Repeat("p", 300), "at most"},
	}
	// badVariableNames are variable names Make cannot hold.
	badVariableNames = []struct{ v, rule string }{
		{"", "required"}, {"a/b", "letters"}, {"..", "letters"}, {"a?b", "letters"}, {"a#b", "letters"},
		{"a%2F", "letters"}, {"a b", "letters"}, {"a-b", "letters"}, {"a\nb", "letters"}, {"a\x00b", "letters"},
		{strings.Repeat("v", 300), "at most"},
	}
	badListOptions = []struct {
		o            ListOptions
		field, rule  string
		skipForUsers bool
	}{
		{ListOptions{Offset: -1}, "pg[offset]", "negative", false},
		{ListOptions{Limit: -1}, "pg[limit]", "negative", false},
		{ListOptions{Offset: math.MinInt}, "pg[offset]", "negative", false},
		{ListOptions{SortDir: "up"}, "pg[sortDir]", "asc", false},
		{ListOptions{SortDir: "ASC"}, "pg[sortDir]", "asc", false},
	}
	longName = strings.Repeat("n", 251)
)

// badCalls returns every bad input of every method.
func badCalls() []badCall {
	var bc []badCall
	add := func(method, what, field, rule string, call func(ctx context.Context, c *Client) error) {
		bc = append(bc, badCall{method, what, field, rule, call})
	}
	errOf := func(_ any, err error) error { return err }

	// A nil context, for every method: refused before anything is sent.
	for _, m := range allMethods {
		add(m.String(), "nil ctx", "ctx", "nil", func(_ context.Context, c *Client) error {
			var nilCtx context.Context
			return errOf(m.call(nilCtx, c, secretValues{Password: "Pw-Current-1!", NewPassword: "Pw-Next-2!xx", TFA: "123456", ResetHash: "h", InvitationHash: "h"}))
		})
	}

	// Integer path IDs.
	for _, id := range badIDs {
		w := fmt.Sprint(id)
		add("Users.Update", "userId "+w, "userId", "positive", func(ctx context.Context, c *Client) error {
			return errOf(c.Users.Update(ctx, id, &UpdateUserRequest{Name: "x"}))
		})
		add("Users.UpdateEmail", "userId "+w, "userId", "positive", func(ctx context.Context, c *Client) error {
			return errOf(c.Users.UpdateEmail(ctx, id, &UpdateEmailRequest{CurrentEmailAddress: "a@x.io", NewEmailAddress: "b@x.io", CurrentPassword: "p"}))
		})
		add("Users.UpdatePassword", "userId "+w, "userId", "positive", func(ctx context.Context, c *Client) error {
			return errOf(c.Users.UpdatePassword(ctx, id, &UpdatePasswordRequest{CurrentPassword: "p", NewPassword1: "Next-Passw0rd!", NewPassword2: "Next-Passw0rd!"}))
		})
		for _, m := range orgIDMethods {
			add("Organizations."+m.name, "organizationId "+w, "organizationId", "positive", func(ctx context.Context, c *Client) error {
				return m.call(ctx, c, id)
			})
		}
		add("Admin.DeleteUser", "userId "+w, "userId", "positive", func(ctx context.Context, c *Client) error {
			return errOf(c.Admin.DeleteUser(ctx, id, nil))
		})
		add("Admin.UpdateUser", "userId "+w, "userId", "positive", func(ctx context.Context, c *Client) error {
			return errOf(c.Admin.UpdateUser(ctx, id, &AdminUpdateUserRequest{Name: "x"}))
		})
		for _, pair := range []struct{ user, other int64 }{{id, 1}, {1, id}} {
			field := "userId"
			if pair.user == 1 {
				field = "organizationId"
			}
			add("Admin.TransferOrganizationOwnership", field+" "+w, field, "positive", func(ctx context.Context, c *Client) error {
				return errOf(c.Admin.TransferOrganizationOwnership(ctx, pair.user, pair.other))
			})
			add("Admin.SetUserOrganizationRole", field+" "+w, field, "positive", func(ctx context.Context, c *Client) error {
				return errOf(c.Admin.SetUserOrganizationRole(ctx, pair.user, pair.other, &SetUserOrganizationRoleRequest{UsersRoleID: 13}))
			})
			add("Admin.RemoveUserFromOrganization", field+" "+w, field, "positive", func(ctx context.Context, c *Client) error {
				return errOf(c.Admin.RemoveUserFromOrganization(ctx, pair.user, pair.other, nil))
			})
			field = map[string]string{"userId": "userId", "organizationId": "teamId"}[field]
			add("Admin.SetUserTeamRole", field+" "+w, field, "positive", func(ctx context.Context, c *Client) error {
				return errOf(c.Admin.SetUserTeamRole(ctx, pair.user, pair.other, &SetUserTeamRoleRequest{UsersRoleID: 3}))
			})
			add("Admin.RemoveUserFromTeam", field+" "+w, field, "positive", func(ctx context.Context, c *Client) error {
				return errOf(c.Admin.RemoveUserFromTeam(ctx, pair.user, pair.other, nil))
			})
		}
	}

	// String path parameters.
	for _, s := range badSegments {
		w := fmt.Sprintf("paymentMethodId %q", Shorten(s.v, 20))
		add("Organizations.DeletePaymentMethod", w, "paymentMethodId", s.rule, func(ctx context.Context, c *Client) error {
			return c.Organizations.DeletePaymentMethod(ctx, 1, s.v)
		})
		add("Organizations.SetDefaultPaymentMethod", w, "paymentMethodId", s.rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Organizations.SetDefaultPaymentMethod(ctx, 1, s.v, nil))
		})
	}
	for _, s := range badVariableNames {
		w := fmt.Sprintf("variable name %q", Shorten(s.v, 20))
		add("Organizations.DeleteVariable", w, "variableName", s.rule, func(ctx context.Context, c *Client) error {
			return c.Organizations.DeleteVariable(ctx, 1, s.v, &DeleteVariableOptions{Confirmed: true})
		})
		add("Organizations.UpdateVariable", w, "variableName", s.rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Organizations.UpdateVariable(ctx, 1, s.v, &UpdateVariableRequest{Value: BoolValue(true)}))
		})
		add("Organizations.GetVariableHistory", w, "variableName", s.rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Organizations.GetVariableHistory(ctx, 1, s.v))
		})
		add("Organizations.CreateVariable", w, "name", s.rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Organizations.CreateVariable(ctx, 1, &CreateVariableRequest{Name: s.v, Value: NumberValue(1)}))
		})
	}

	// Pagination, for every paginated list and its iterator.
	for _, b := range badListOptions {
		w := fmt.Sprintf("%+v", b.o)
		lists := map[string]func(ctx context.Context, c *Client, o ListOptions) error{
			"Users.List": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(c.Users.List(ctx, &ListUsersOptions{TeamID: 1, ListOptions: o}))
			},
			"Users.ListIter": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(drain(c.Users.ListIter(ctx, &ListUsersOptions{TeamID: 1, ListOptions: o})))
			},
			"Organizations.List": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(c.Organizations.List(ctx, &ListOrganizationsOptions{ListOptions: o}))
			},
			"Organizations.ListIter": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(drain(c.Organizations.ListIter(ctx, &ListOrganizationsOptions{ListOptions: o})))
			},
			"Organizations.ListPayments": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(c.Organizations.ListPayments(ctx, 1, &ListPaymentsOptions{o}))
			},
			"Organizations.ListPaymentsIter": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(drain(c.Organizations.ListPaymentsIter(ctx, 1, &ListPaymentsOptions{o})))
			},
			"Admin.ListUserDetails": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(c.Admin.ListUserDetails(ctx, &ListUserDetailsOptions{ListOptions: o}))
			},
			"Admin.ListUserDetailsIter": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(drain(c.Admin.ListUserDetailsIter(ctx, &ListUserDetailsOptions{ListOptions: o})))
			},
			"Admin.ListUsers": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(c.Admin.ListUsers(ctx, &AdminListUsersOptions{ListOptions: o}))
			},
			"Admin.ListUsersIter": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(drain(c.Admin.ListUsersIter(ctx, &AdminListUsersOptions{ListOptions: o})))
			},
		}
		for name, f := range lists {
			add(name, w, b.field, b.rule, func(ctx context.Context, c *Client) error { return f(ctx, c, b.o) })
		}
	}

	// Users
	usersList := func(o *ListUsersOptions) func(ctx context.Context, c *Client) error {
		return func(ctx context.Context, c *Client) error { return errOf(c.Users.List(ctx, o)) }
	}
	usersIter := func(o *ListUsersOptions) func(ctx context.Context, c *Client) error {
		return func(ctx context.Context, c *Client) error { return errOf(drain(c.Users.ListIter(ctx, o))) }
	}
	for _, b := range []struct {
		what, field, rule string
		o                 *ListUsersOptions
	}{
		{"nil options", "teamId/organizationId", "exactly one", nil},
		{"neither teamId nor organizationId", "teamId/organizationId", "exactly one", &ListUsersOptions{Name: "x"}},
		{"both teamId and organizationId", "teamId/organizationId", "exactly one", &ListUsersOptions{TeamID: 1, OrganizationID: 1}},
		{"teamId -1", "teamId", "positive", &ListUsersOptions{TeamID: -1}},
		{"organizationId -1", "organizationId", "positive", &ListUsersOptions{OrganizationID: -1}},
		{"teamRoleId -1", "teamRoleId", "positive", &ListUsersOptions{TeamID: 1, TeamRoleID: -1}},
		{"teamRoleId without teamId", "teamRoleId", "needs teamId", &ListUsersOptions{OrganizationID: 1, TeamRoleID: 3}},
		{"organizationRoleId -1", "organizationRoleId", "positive", &ListUsersOptions{OrganizationID: 1, OrganizationRoleID: -1}},
		{"organizationRoleId without organizationId", "organizationRoleId", "needs organizationId", &ListUsersOptions{TeamID: 1, OrganizationRoleID: 12}},
		{"filterByTeamId without organizationId", "filterByTeamId", "needs organizationId", &ListUsersOptions{TeamID: 1, FilterByTeamID: Ptr(int64(1))}},
		{"filterByTeamId -1", "filterByTeamId", "team ID", &ListUsersOptions{OrganizationID: 1, FilterByTeamID: Ptr(int64(-1))}},
		{"cols[]=userTeamIds without organizationId", "cols[]", "needs organizationId", &ListUsersOptions{TeamID: 1, Cols: []string{"id", "userTeamIds"}}},
		{"tfaStatus 3", "tfaStatus", "0, 1 or 2", &ListUsersOptions{TeamID: 1, TFAStatus: Ptr(TFAStatus(3))}},
		{"tfaStatus -1", "tfaStatus", "0, 1 or 2", &ListUsersOptions{TeamID: 1, TFAStatus: Ptr(TFAStatus(-1))}},
		{"pg[sortBy] password", "pg[sortBy]", "id, name or email", &ListUsersOptions{TeamID: 1, ListOptions: ListOptions{SortBy: "password"}}},
		{"pg[limit] 10001", "pg[limit]", "at most", &ListUsersOptions{TeamID: 1, ListOptions: ListOptions{Limit: 10001}}},
		{"ids[] 0", "ids[]", "positive", &ListUsersOptions{TeamID: 1, IDs: []int64{5, 0}}},
		{"ids[] -5", "ids[]", "positive", &ListUsersOptions{TeamID: 1, IDs: []int64{-5}}},
	} {
		add("Users.List", b.what, b.field, b.rule, usersList(b.o))
		add("Users.ListIter", b.what, b.field, b.rule, usersIter(b.o))
	}
	for _, b := range []struct {
		what, field, rule string
		body              *UpdateUserRequest
	}{
		{"nil body", "body", "required", nil},
		{"empty body", "body", "sets nothing", &UpdateUserRequest{}},
		{"name of 251 characters", "name", "at most 250", &UpdateUserRequest{Name: longName}},
		{"name of 251 multi-byte characters", "name", "at most 250", &UpdateUserRequest{Name: strings.Repeat("é", 251)}},
		{"timezoneId -1", "timezoneId", "positive", &UpdateUserRequest{TimezoneID: -1}},
		{"localeId -1", "localeId", "positive", &UpdateUserRequest{LocaleID: -1}},
		{"countryId -1", "countryId", "positive", &UpdateUserRequest{CountryID: -1}},
	} {
		add("Users.Update", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error { return errOf(c.Users.Update(ctx, 1, b.body)) })
	}
	for _, b := range []struct {
		what, field, rule string
		body              *UpdateEmailRequest
	}{
		{"nil body", "body", "required", nil},
		{"no currentEmailAddress", "currentEmailAddress", "required", &UpdateEmailRequest{NewEmailAddress: "b@x.io", CurrentPassword: "p"}},
		{"blank currentEmailAddress", "currentEmailAddress", "required", &UpdateEmailRequest{CurrentEmailAddress: " \t", NewEmailAddress: "b@x.io", CurrentPassword: "p"}},
		{"no newEmailAddress", "newEmailAddress", "required", &UpdateEmailRequest{CurrentEmailAddress: "a@x.io", CurrentPassword: "p"}},
		{"no currentPassword", "currentPassword", "required", &UpdateEmailRequest{CurrentEmailAddress: "a@x.io", NewEmailAddress: "b@x.io"}},
	} {
		add("Users.UpdateEmail", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error { return errOf(c.Users.UpdateEmail(ctx, 1, b.body)) })
	}
	for _, b := range []struct {
		what, field, rule string
		body              *UpdatePasswordRequest
	}{
		{"nil body", "body", "required", nil},
		{"no currentPassword", "currentPassword", "required", &UpdatePasswordRequest{NewPassword1: "Next-Passw0rd!", NewPassword2: "Next-Passw0rd!"}},
		{"no newPassword1", "newPassword1", "required", &UpdatePasswordRequest{CurrentPassword: "p", NewPassword2: "Next-Passw0rd!"}},
		{"no newPassword2", "newPassword2", "required", &UpdatePasswordRequest{CurrentPassword: "p", NewPassword1: "Next-Passw0rd!"}},
		{"different new passwords", "newPassword2", "equal", &UpdatePasswordRequest{CurrentPassword: "p", NewPassword1: "Next-Passw0rd!", NewPassword2: "Next-Passw0rd?"}},
		{"new password of 8 characters", "newPassword1", "at least 9", &UpdatePasswordRequest{CurrentPassword: "p", NewPassword1: "Sh0rt!ab", NewPassword2: "Sh0rt!ab"}},
	} {
		add("Users.UpdatePassword", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error { return errOf(c.Users.UpdatePassword(ctx, 1, b.body)) })
	}
	for _, e := range []string{"", "  ", "\n"} {
		add("Users.SendPasswordResetDemand", fmt.Sprintf("email %q", e), "email", "required", func(ctx context.Context, c *Client) error {
			return c.Users.SendPasswordResetDemand(ctx, e)
		})
		add("Users.SetPasswordResetSession", fmt.Sprintf("hash %q", e), "hash", "required", func(ctx context.Context, c *Client) error {
			return c.Users.SetPasswordResetSession(ctx, Secret(e))
		})
		add("Organizations.GetInvitation", fmt.Sprintf("hash %q", e), "hash", "required", func(ctx context.Context, c *Client) error {
			return errOf(c.Organizations.GetInvitation(ctx, Secret(e)))
		})
		add("Organizations.AcceptInvitation", fmt.Sprintf("hash %q", e), "hash", "required", func(ctx context.Context, c *Client) error {
			return errOf(c.Organizations.AcceptInvitation(ctx, Secret(e)))
		})
		add("Organizations.CheckTeamPermission", fmt.Sprintf("teamPermission %q", e), "teamPermission", "required", func(ctx context.Context, c *Client) error {
			return errOf(c.Organizations.CheckTeamPermission(ctx, 1, e))
		})
	}
	for _, b := range []struct {
		what, field, rule string
		body              *ResetLostPasswordRequest
	}{
		{"nil body", "body", "required", nil},
		{"no newPassword1", "newPassword1", "required", &ResetLostPasswordRequest{NewPassword2: "Next-Passw0rd!"}},
		{"no newPassword2", "newPassword2", "required", &ResetLostPasswordRequest{NewPassword1: "Next-Passw0rd!"}},
		{"different new passwords", "newPassword2", "equal", &ResetLostPasswordRequest{NewPassword1: "Next-Passw0rd!", NewPassword2: "next-Passw0rd!"}},
	} {
		add("Users.ResetLostPassword", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error { return c.Users.ResetLostPassword(ctx, b.body) })
	}
	for _, b := range []struct {
		what, field, rule string
		o                 *ListUsersByPermissionOptions
	}{
		{"nil options", "type", "required", nil},
		{"no type", "type", "organization or company", &ListUsersByPermissionOptions{Permission: "x", OrganizationID: 1}},
		{"type team", "type", "organization or company", &ListUsersByPermissionOptions{Type: "team", Permission: "x", TeamID: 1}},
		{"type organization without organizationId", "organizationId", "required", &ListUsersByPermissionOptions{Type: PermissionOrganization, Permission: "x", TeamID: 1}},
		{"type company without teamId", "teamId", "required", &ListUsersByPermissionOptions{Type: PermissionCompany, Permission: "x", OrganizationID: 1}},
		{"organizationId -1", "organizationId", "positive", &ListUsersByPermissionOptions{Type: PermissionOrganization, Permission: "x", OrganizationID: -1}},
		{"teamId -1", "teamId", "positive", &ListUsersByPermissionOptions{Type: PermissionCompany, Permission: "x", TeamID: -1}},
		{"no permission", "permission", "required", &ListUsersByPermissionOptions{Type: PermissionOrganization, OrganizationID: 1}},
	} {
		add("Users.ListByPermission", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error { return errOf(c.Users.ListByPermission(ctx, b.o)) })
	}

	// Organizations
	for _, z := range []string{"nowhere", "http://eu1.make.com", "https://eu1.make.com/other", "eu1.make.com?x=1", "user@eu1.make.com", "eu1 make.com"} {
		o := &ListOrganizationsOptions{Zone: Zone(z)}
		add("Organizations.List", fmt.Sprintf("zone %q", z), "zone", "want", func(ctx context.Context, c *Client) error {
			return errOf(c.Organizations.List(ctx, o))
		})
		add("Organizations.ListIter", fmt.Sprintf("zone %q", z), "zone", "want", func(ctx context.Context, c *Client) error {
			return errOf(drain(c.Organizations.ListIter(ctx, o)))
		})
	}
	for _, b := range []struct {
		what, field, rule string
		body              *CreateOrganizationRequest
	}{
		{"nil body", "body", "required", nil},
		{"no name", "name", "required", &CreateOrganizationRequest{RegionID: 1, TimezoneID: 1, CountryID: 1}},
		{"name starting with a space", "name", "space", &CreateOrganizationRequest{Name: " Acme", RegionID: 1, TimezoneID: 1, CountryID: 1}},
		{"name ending with a space", "name", "space", &CreateOrganizationRequest{Name: "Acme ", RegionID: 1, TimezoneID: 1, CountryID: 1}},
		{"regionId 0", "regionId", "positive", &CreateOrganizationRequest{Name: "Acme", TimezoneID: 1, CountryID: 1}},
		{"timezoneId -1", "timezoneId", "positive", &CreateOrganizationRequest{Name: "Acme", RegionID: 1, TimezoneID: -1, CountryID: 1}},
		{"countryId 0", "countryId", "positive", &CreateOrganizationRequest{Name: "Acme", RegionID: 1, TimezoneID: 1}},
	} {
		add("Organizations.Create", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error { return errOf(c.Organizations.Create(ctx, b.body)) })
	}
	for _, b := range []struct {
		what, field, rule string
		body              *UpdateOrganizationRequest
	}{
		{"nil body", "body", "required", nil},
		{"empty body", "body", "sets nothing", &UpdateOrganizationRequest{}},
		{"countryId -1", "countryId", "positive", &UpdateOrganizationRequest{CountryID: -1}},
		{"timezoneId -1", "timezoneId", "positive", &UpdateOrganizationRequest{TimezoneID: -1}},
		{"name ending with a space", "name", "space", &UpdateOrganizationRequest{Name: "Acme "}},
	} {
		add("Organizations.Update", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error { return errOf(c.Organizations.Update(ctx, 1, b.body)) })
	}
	for _, b := range []struct {
		what, field, rule string
		body              *InviteUserRequest
	}{
		{"nil body", "body", "required", nil},
		{"no email", "email", "required", &InviteUserRequest{Name: "A"}},
		{"no name", "name", "required", &InviteUserRequest{Email: "a@x.io"}},
		{"name of 251 characters", "name", "at most 250", &InviteUserRequest{Email: "a@x.io", Name: longName}},
		{"name starting with a space", "name", "space", &InviteUserRequest{Email: "a@x.io", Name: " A"}},
		{"email without @", "email", "email address", &InviteUserRequest{Email: "a.x.io", Name: "A"}},
		{"email with a space", "email", "email address", &InviteUserRequest{Email: "a @x.io", Name: "A"}},
		{"usersRoleId -1", "usersRoleId", "positive", &InviteUserRequest{Email: "a@x.io", Name: "A", UsersRoleID: -1}},
		{"teamsId 0", "teamsId", "positive", &InviteUserRequest{Email: "a@x.io", Name: "A", TeamsID: []int64{1, 0}}},
	} {
		add("Organizations.InviteUser", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error { return errOf(c.Organizations.InviteUser(ctx, 1, b.body)) })
	}
	customerCases := []struct {
		what, field, rule string
		cust              *SubscriptionCustomer
	}{
		{"customer without email", "customer.email", "required", &SubscriptionCustomer{Name: "A", CountryID: 1}},
		{"customer without name", "customer.name", "required", &SubscriptionCustomer{Email: "a@x.io", CountryID: 1}},
		{"customer without countryId", "customer.countryId", "positive", &SubscriptionCustomer{Email: "a@x.io", Name: "A"}},
	}
	add("Organizations.CreateSubscription", "nil body", "body", "required", func(ctx context.Context, c *Client) error {
		return errOf(c.Organizations.CreateSubscription(ctx, 1, nil))
	})
	add("Organizations.CreateSubscription", "priceId 0", "priceId", "positive", func(ctx context.Context, c *Client) error {
		return errOf(c.Organizations.CreateSubscription(ctx, 1, &CreateSubscriptionRequest{}))
	})
	add("Organizations.ChangeSubscription", "nil body", "body", "required", func(ctx context.Context, c *Client) error {
		return c.Organizations.ChangeSubscription(ctx, 1, nil)
	})
	add("Organizations.ChangeSubscription", "priceId -1", "priceId", "positive", func(ctx context.Context, c *Client) error {
		return c.Organizations.ChangeSubscription(ctx, 1, &ChangeSubscriptionRequest{PriceID: -1})
	})
	for _, b := range customerCases {
		add("Organizations.CreateSubscription", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Organizations.CreateSubscription(ctx, 1, &CreateSubscriptionRequest{PriceID: 1, Customer: b.cust}))
		})
		add("Organizations.ChangeSubscription", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error {
			return c.Organizations.ChangeSubscription(ctx, 1, &ChangeSubscriptionRequest{PriceID: 1, Customer: b.cust})
		})
	}
	for _, target := range []PaymentMethodTarget{"everything", "Both", " both"} {
		add("Organizations.SetDefaultPaymentMethod", fmt.Sprintf("target %q", target), "target", "both, extras or subscription", func(ctx context.Context, c *Client) error {
			return errOf(c.Organizations.SetDefaultPaymentMethod(ctx, 1, "pm_1", &SetDefaultPaymentMethodRequest{Target: target}))
		})
	}
	badValues := []struct {
		what, rule string
		v          VariableValue
	}{
		{"no value", "required", VariableValue{}},
		{"NaN", "finite", NumberValue(math.NaN())},
		{"+Inf", "finite", NumberValue(math.Inf(1))},
		{"-Inf", "finite", NumberValue(math.Inf(-1))},
	}
	add("Organizations.CreateVariable", "nil body", "body", "required", func(ctx context.Context, c *Client) error {
		return errOf(c.Organizations.CreateVariable(ctx, 1, nil))
	})
	add("Organizations.UpdateVariable", "nil body", "body", "required", func(ctx context.Context, c *Client) error {
		return errOf(c.Organizations.UpdateVariable(ctx, 1, "v", nil))
	})
	for _, b := range badValues {
		add("Organizations.CreateVariable", "value "+b.what, "value", b.rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Organizations.CreateVariable(ctx, 1, &CreateVariableRequest{Name: "v", Value: b.v}))
		})
		add("Organizations.UpdateVariable", "value "+b.what, "value", b.rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Organizations.UpdateVariable(ctx, 1, "v", &UpdateVariableRequest{Value: b.v}))
		})
	}
	add("Organizations.UpdateFeatureControl", "nil body", "body", "required", func(ctx context.Context, c *Client) error {
		return errOf(c.Organizations.UpdateFeatureControl(ctx, 1, nil))
	})
	for _, id := range badIDs {
		add("Organizations.UpdateFeatureControl", fmt.Sprintf("id %d", id), "id", "positive", func(ctx context.Context, c *Client) error {
			return errOf(c.Organizations.UpdateFeatureControl(ctx, 1, &UpdateFeatureControlRequest{ID: id, Enabled: true}))
		})
	}

	// Admin
	for _, b := range []struct {
		what, field, rule string
		o                 *ListUserDetailsOptions
	}{
		{"id -1", "id", "positive", &ListUserDetailsOptions{ID: -1}},
		{"pg[sortBy] email", "pg[sortBy]", "one of", &ListUserDetailsOptions{ListOptions: ListOptions{SortBy: "email"}}},
	} {
		add("Admin.ListUserDetails", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error { return errOf(c.Admin.ListUserDetails(ctx, b.o)) })
		add("Admin.ListUserDetailsIter", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error {
			return errOf(drain(c.Admin.ListUserDetailsIter(ctx, b.o)))
		})
	}
	for _, b := range []struct {
		what, field, rule string
		o                 *AdminListUsersOptions
	}{
		{"organizationId -1", "organizationId", "positive", &AdminListUsersOptions{OrganizationID: -1}},
		{"teamId -1", "teamId", "positive", &AdminListUsersOptions{TeamID: -1}},
		{"teamRoleId -1", "teamRoleId", "positive", &AdminListUsersOptions{TeamRoleID: -1}},
		{"organizationRoleId -1", "organizationRoleId", "positive", &AdminListUsersOptions{OrganizationRoleID: -1}},
		{"tfaStatus 5", "tfaStatus", "0, 1 or 2", &AdminListUsersOptions{TFAStatus: Ptr(TFAStatus(5))}},
		{"pg[sortBy] password", "pg[sortBy]", "one of", &AdminListUsersOptions{ListOptions: ListOptions{SortBy: "password"}}},
	} {
		add("Admin.ListUsers", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error { return errOf(c.Admin.ListUsers(ctx, b.o)) })
		add("Admin.ListUsersIter", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error {
			return errOf(drain(c.Admin.ListUsersIter(ctx, b.o)))
		})
	}
	for _, b := range []struct {
		what, field, rule string
		body              *CreateUserRequest
	}{
		{"nil body", "body", "required", nil},
		{"neither password nor sendEmail", "password", "sendEmail", &CreateUserRequest{Name: "A", Email: "a@x.io"}},
		{"password of 9 characters", "password", "at least 10", &CreateUserRequest{Name: "A", Email: "a@x.io", Password: "Sh0rt!abc"}},
		{"no name", "name", "required", &CreateUserRequest{Email: "a@x.io", SendEmail: true}},
		{"no email", "email", "required", &CreateUserRequest{Name: "A", SendEmail: true}},
		{"countryId -1", "countryId", "positive", &CreateUserRequest{Name: "A", Email: "a@x.io", SendEmail: true, CountryID: -1}},
		{"timezoneId -1", "timezoneId", "positive", &CreateUserRequest{Name: "A", Email: "a@x.io", SendEmail: true, TimezoneID: -1}},
		{"localeId -1", "localeId", "positive", &CreateUserRequest{Name: "A", Email: "a@x.io", SendEmail: true, LocaleID: -1}},
	} {
		add("Admin.CreateUser", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error { return errOf(c.Admin.CreateUser(ctx, b.body)) })
	}
	add("Admin.DeleteUser", "deleteConnections without confirmed", "confirmed", "confirmed=true", func(ctx context.Context, c *Client) error {
		return errOf(c.Admin.DeleteUser(ctx, 3, &DeleteUserOptions{DeleteConnections: true}))
	})
	for _, b := range []struct {
		what, field, rule string
		body              *AdminUpdateUserRequest
	}{
		{"nil body", "body", "required", nil},
		{"empty body", "body", "sets nothing", &AdminUpdateUserRequest{}},
		{"name of 251 characters", "name", "at most 250", &AdminUpdateUserRequest{Name: longName}},
		{"usersAdminsRoleId -1", "usersAdminsRoleId", "negative", &AdminUpdateUserRequest{UsersAdminsRoleID: Ptr(int64(-1))}},
		{"countryId -1", "countryId", "positive", &AdminUpdateUserRequest{CountryID: -1}},
		{"timezoneId -1", "timezoneId", "positive", &AdminUpdateUserRequest{TimezoneID: -1}},
		{"localeId -1", "localeId", "positive", &AdminUpdateUserRequest{LocaleID: -1}},
	} {
		add("Admin.UpdateUser", b.what, b.field, b.rule, func(ctx context.Context, c *Client) error { return errOf(c.Admin.UpdateUser(ctx, 3, b.body)) })
	}
	add("Admin.SetUserTeamRole", "nil body", "body", "RemoveUserFromTeam", func(ctx context.Context, c *Client) error {
		return errOf(c.Admin.SetUserTeamRole(ctx, 3, 1, nil))
	})
	add("Admin.SetUserOrganizationRole", "nil body", "body", "RemoveUserFromOrganization", func(ctx context.Context, c *Client) error {
		return errOf(c.Admin.SetUserOrganizationRole(ctx, 3, 1, nil))
	})
	for _, id := range badIDs {
		add("Admin.SetUserTeamRole", fmt.Sprintf("usersRoleId %d", id), "usersRoleId", "positive role", func(ctx context.Context, c *Client) error {
			return errOf(c.Admin.SetUserTeamRole(ctx, 3, 1, &SetUserTeamRoleRequest{UsersRoleID: id}))
		})
		add("Admin.SetUserOrganizationRole", fmt.Sprintf("usersRoleId %d", id), "usersRoleId", "positive role", func(ctx context.Context, c *Client) error {
			return errOf(c.Admin.SetUserOrganizationRole(ctx, 3, 1, &SetUserOrganizationRoleRequest{UsersRoleID: id}))
		})
		rule := "positive"
		if id == 0 {
			rule = "exactly one" // ID 0 is no ID given, and no email either
		}
		add("Admin.LookupUser", fmt.Sprintf("id %d", id), "q", rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Admin.LookupUser(ctx, &LookupUserOptions{ID: id}))
		})
	}
	add("Admin.RemoveUserFromTeam", "deleteConnections without confirmed", "confirmed", "confirmed=true", func(ctx context.Context, c *Client) error {
		return errOf(c.Admin.RemoveUserFromTeam(ctx, 3, 1, &RemoveUserFromTeamOptions{DeleteConnections: true}))
	})
	add("Admin.RemoveUserFromOrganization", "deleteConnections without confirmed", "confirmed", "confirmed=true", func(ctx context.Context, c *Client) error {
		return errOf(c.Admin.RemoveUserFromOrganization(ctx, 3, 1, &RemoveUserFromOrganizationOptions{DeleteConnections: true}))
	})
	for _, cat := range []AdminRoleCategory{"admins", "System", "system "} {
		add("Admin.ListAdminRoles", fmt.Sprintf("category %q", cat), "category", "one of", func(ctx context.Context, c *Client) error {
			return errOf(c.Admin.ListAdminRoles(ctx, &ListAdminRolesOptions{Category: cat}))
		})
	}
	add("Admin.LookupUser", "nil options", "q", "exactly one", func(ctx context.Context, c *Client) error {
		return errOf(c.Admin.LookupUser(ctx, nil))
	})
	add("Admin.LookupUser", "both id and email", "q", "exactly one", func(ctx context.Context, c *Client) error {
		return errOf(c.Admin.LookupUser(ctx, &LookupUserOptions{ID: 3, Email: "bob@example.com"}))
	})
	add("Admin.LookupUser", "blank email", "q", "required", func(ctx context.Context, c *Client) error {
		return errOf(c.Admin.LookupUser(ctx, &LookupUserOptions{Email: "  "}))
	})
	return append(append(bc, sectionBadCalls()...), teamBadCalls()...)
}

// orgIDMethod calls an Organizations method with organizationID and
// otherwise valid arguments.
type orgIDMethod struct {
	name string
	call func(ctx context.Context, c *Client, organizationID int64) error
}

var orgIDMethods = []orgIDMethod{
	{"Get", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.Get(ctx, id, nil)
		return err
	}},
	{"Delete", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.Delete(ctx, id, nil)
		return err
	}},
	{"Update", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.Update(ctx, id, &UpdateOrganizationRequest{Name: "x"})
		return err
	}},
	{"InviteUser", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.InviteUser(ctx, id, &InviteUserRequest{Email: "a@x.io", Name: "A"})
		return err
	}},
	{"ListApps", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.ListApps(ctx, id)
		return err
	}},
	{"ListPayments", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.ListPayments(ctx, id, nil)
		return err
	}},
	{"ListPaymentsIter", func(ctx context.Context, c *Client, id int64) error {
		_, err := drain(c.Organizations.ListPaymentsIter(ctx, id, nil))
		return err
	}},
	{"GetSubscription", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.GetSubscription(ctx, id)
		return err
	}},
	{"CreateSubscription", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.CreateSubscription(ctx, id, &CreateSubscriptionRequest{PriceID: 1})
		return err
	}},
	{"CancelSubscription", func(ctx context.Context, c *Client, id int64) error {
		return c.Organizations.CancelSubscription(ctx, id)
	}},
	{"ChangeSubscription", func(ctx context.Context, c *Client, id int64) error {
		return c.Organizations.ChangeSubscription(ctx, id, &ChangeSubscriptionRequest{PriceID: 1})
	}},
	{"SetFreeSubscription", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.SetFreeSubscription(ctx, id, nil)
		return err
	}},
	{"ListPaymentMethodTypes", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.ListPaymentMethodTypes(ctx, id)
		return err
	}},
	{"ListPaymentMethods", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.ListPaymentMethods(ctx, id)
		return err
	}},
	{"DeletePaymentMethod", func(ctx context.Context, c *Client, id int64) error {
		return c.Organizations.DeletePaymentMethod(ctx, id, "pm_1")
	}},
	{"SetDefaultPaymentMethod", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.SetDefaultPaymentMethod(ctx, id, "pm_1", nil)
		return err
	}},
	{"ClaimCancellationOffer", func(ctx context.Context, c *Client, id int64) error {
		return c.Organizations.ClaimCancellationOffer(ctx, id)
	}},
	{"ListVariables", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.ListVariables(ctx, id)
		return err
	}},
	{"CreateVariable", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.CreateVariable(ctx, id, &CreateVariableRequest{Name: "v", Value: BoolValue(true)})
		return err
	}},
	{"DeleteVariable", func(ctx context.Context, c *Client, id int64) error {
		return c.Organizations.DeleteVariable(ctx, id, "v", nil)
	}},
	{"UpdateVariable", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.UpdateVariable(ctx, id, "v", &UpdateVariableRequest{Value: BoolValue(true)})
		return err
	}},
	{"GetVariableHistory", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.GetVariableHistory(ctx, id, "v")
		return err
	}},
	{"GetUsage", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.GetUsage(ctx, id, nil)
		return err
	}},
	{"ListFeatureControls", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.ListFeatureControls(ctx, id, nil)
		return err
	}},
	{"UpdateFeatureControl", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.UpdateFeatureControl(ctx, id, &UpdateFeatureControlRequest{ID: 1})
		return err
	}},
	{"SetTFAEnforcement", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.SetTFAEnforcement(ctx, id, true)
		return err
	}},
	{"CheckTeamPermission", func(ctx context.Context, c *Client, id int64) error {
		_, err := c.Organizations.CheckTeamPermission(ctx, id, "team view")
		return err
	}},
}

// TestBadInput tries every bad input of every method against the fake: each
// is a *ValidationError naming the field and the rule, and the fake records
// no request.
func TestBadInput(t *testing.T) {
	srv := maketest.New()
	t.Cleanup(srv.Close)
	client, err := NewClient("", maketest.AdminToken, WithBaseURL(srv.URL()), WithRetry(RetryConfig{}))
	require.NoError(t, err)

	cases := badCalls()
	perMethod := map[string]int{}
	for _, bc := range cases {
		perMethod[bc.method]++
		t.Run(bc.method+"/"+bc.what, func(t *testing.T) {
			before := srv.RequestCount()
			err := bc.call(ctx(t), client)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve, "%s with %s", bc.method, bc.what)
			assert.ErrorIs(t, err, ErrInvalidInput)
			assert.Equal(t, bc.field, ve.Field, "the field")
			assert.Contains(t, ve.Reason, bc.rule, "the rule")
			assert.Contains(t, err.Error(), "nothing was sent")
			assert.LessOrEqual(t, len(err.Error()), 400, "the error stays readable")
			assert.Equal(t, before, srv.RequestCount(), "nothing was sent")
		})
	}

	// Every method is tried.
	var methods []string
	for m := range perMethod {
		methods = append(methods, m)
	}
	sort.Strings(methods)
	assert.Equal(t, exportedMethods(), methods, "every method has bad inputs")
	assert.Zero(t, srv.RequestCount(), "the fake saw no request at all")
	t.Logf("bad input: %d bad inputs tried over %d methods, none sent", len(cases), len(perMethod))
}
