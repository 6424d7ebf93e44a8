package make_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// realworldDir holds responses of the real Make API recorded by others
// (../shared/realworld/README.md), one per file: <operationId>__<source>.json.
const realworldDir = "../shared/realworld/payloads"

// payloadCall says how a payload of an operation is decoded: through which
// method of allMethods, and where in the body the method's result stands
// ("" the whole body, "user" its user key, "organization.tfaEnforced" a
// nested value, "-" for a method that returns nothing).
type payloadCall struct {
	method string // Service.Method in allMethods
	result string
}

// payloadCalls covers every operation a method serves: a payload file for
// any of them needs no code.
var payloadCalls = map[string]payloadCall{
	"usersList":                               {"Users.List", ""},
	"usersDeleteCurrent":                      {"Users.DeleteCurrent", "user"},
	"usersUpdate":                             {"Users.Update", "user"},
	"usersUpdateEmail":                        {"Users.UpdateEmail", ""},
	"usersUpdatePassword":                     {"Users.UpdatePassword", "changed"},
	"usersSendPasswordResetDemand":            {"Users.SendPasswordResetDemand", "-"},
	"usersSetPasswordResetSession":            {"Users.SetPasswordResetSession", "-"},
	"usersResetLostPassword":                  {"Users.ResetLostPassword", "-"},
	"usersListByPermission":                   {"Users.ListByPermission", "users"},
	"usersGetMe":                              {"Users.Me", "authUser"},
	"usersGetCurrentAuthorization":            {"Users.CurrentAuthorization", "authorization"},
	"usersListMyOrganizationInvitations":      {"Users.ListMyOrganizationInvitations", "userOrganizationInvitations"},
	"organizationsList":                       {"Organizations.List", ""},
	"organizationsCreate":                     {"Organizations.Create", ""},
	"organizationsGetInvitation":              {"Organizations.GetInvitation", ""},
	"organizationsAcceptInvitation":           {"Organizations.AcceptInvitation", ""},
	"organizationsGet":                        {"Organizations.Get", "organization"},
	"organizationsDelete":                     {"Organizations.Delete", "organization"},
	"organizationsUpdate":                     {"Organizations.Update", "organization"},
	"organizationsInviteUser":                 {"Organizations.InviteUser", ""},
	"organizationsListApps":                   {"Organizations.ListApps", "installedApps"},
	"organizationsListPayments":               {"Organizations.ListPayments", ""},
	"organizationsGetSubscription":            {"Organizations.GetSubscription", ""},
	"organizationsCreateSubscription":         {"Organizations.CreateSubscription", ""},
	"organizationsCancelSubscription":         {"Organizations.CancelSubscription", "-"},
	"organizationsChangeSubscription":         {"Organizations.ChangeSubscription", "-"},
	"organizationsSetFreeSubscription":        {"Organizations.SetFreeSubscription", ""},
	"organizationsListPaymentMethodTypes":     {"Organizations.ListPaymentMethodTypes", "paymentMethodTypes"},
	"organizationsListPaymentMethods":         {"Organizations.ListPaymentMethods", ""},
	"organizationsDeletePaymentMethod":        {"Organizations.DeletePaymentMethod", "-"},
	"organizationsSetDefaultPaymentMethod":    {"Organizations.SetDefaultPaymentMethod", ""},
	"organizationsClaimCancellationOffer":     {"Organizations.ClaimCancellationOffer", "-"},
	"organizationsListVariables":              {"Organizations.ListVariables", "organizationVariables"},
	"organizationsCreateVariable":             {"Organizations.CreateVariable", "organizationVariable"},
	"organizationsDeleteVariable":             {"Organizations.DeleteVariable", "-"},
	"organizationsUpdateVariable":             {"Organizations.UpdateVariable", "organizationVariable"},
	"organizationsGetVariableHistory":         {"Organizations.GetVariableHistory", "organizationVariableHistory"},
	"organizationsGetUsage":                   {"Organizations.GetUsage", "data"},
	"organizationsListFeatureControls":        {"Organizations.ListFeatureControls", ""},
	"organizationsUpdateFeatureControl":       {"Organizations.UpdateFeatureControl", "featureControls"},
	"organizationsSetTfaEnforcement":          {"Organizations.SetTFAEnforcement", "organization.tfaEnforced"},
	"organizationsCheckTeamPermission":        {"Organizations.CheckTeamPermission", "hasPermission"},
	"adminUsersListDetails":                   {"Admin.ListUserDetails", ""},
	"adminUsersList":                          {"Admin.ListUsers", ""},
	"adminUsersCreate":                        {"Admin.CreateUser", "user"},
	"adminUsersDelete":                        {"Admin.DeleteUser", "user"},
	"adminUsersUpdate":                        {"Admin.UpdateUser", "user"},
	"adminUsersTransferOrganizationOwnership": {"Admin.TransferOrganizationOwnership", "userOrganizationRoles"},
	"adminUsersSetTeamRole":                   {"Admin.SetUserTeamRole", "userTeamRole"},
	"adminUsersSetOrganizationRole":           {"Admin.SetUserOrganizationRole", "userOrganizationRole"},
	"adminUsersListAdminRoles":                {"Admin.ListAdminRoles", "usersAdminsRoles"},
	"adminUsersLookup":                        {"Admin.LookupUser", "user"},
	"usersListApiTokens":                      {"Users.ListAPITokens", "apiTokens"},
	"usersCreateApiToken":                     {"Users.CreateAPIToken", "apiToken"},
	"usersDeleteApiToken":                     {"Users.DeleteAPIToken", "apiToken"},
	"usersListRoles":                          {"Users.ListRoles", "usersRoles"},
	"usersGetRole":                            {"Users.GetRole", "usersRole"},
	"usersListRolePermissions":                {"Users.ListRolePermissions", "usersRolesPermissions"},
	"usersListTeamRoles":                      {"Users.ListTeamRoles", "userTeamRoles"},
	"usersGetTeamRole":                        {"Users.GetTeamRole", "userTeamRole"},
	"usersUpdateTeamRole":                     {"Users.UpdateTeamRole", "userTeamRole"},
	"usersListTeamNotifications":              {"Users.ListTeamNotifications", "userTeamNotifications"},
	"usersGetTeamNotification":                {"Users.GetTeamNotification", "userTeamNotification"},
	"usersUpdateTeamNotification":             {"Users.UpdateTeamNotification", "userTeamNotification"},
	"usersListOrganizationRoles":              {"Users.ListOrganizationRoles", "userOrganizationRoles"},
	"usersGetOrganizationRole":                {"Users.GetOrganizationRole", "userOrganizationRole"},
	"usersUpdateOrganizationRole":             {"Users.UpdateOrganizationRole", "userOrganizationRole"},
	"usersTransferOrganizationOwnership":      {"Users.TransferOrganizationOwnership", "userOrganizationRoles"},
	"usersGetUnreadNotifications":             {"Users.UnreadNotifications", ""},
	"usersGetEmailPreferences":                {"Users.GetEmailPreferences", "preferences"},
	"usersUpdateEmailPreferences":             {"Users.UpdateEmailPreferences", "preferences"},
	"usersGetTeamEmailPreferences":            {"Users.GetTeamEmailPreferences", ""},
	"usersUpdateTeamEmailPreferences":         {"Users.UpdateTeamEmailPreferences", "team"},
	"usersUpdateTeamNativeEmailPreferences":   {"Users.UpdateTeamNativeEmailPreferences", "team"},
	"organizationsListUserRoles":              {"Organizations.ListUserRoles", "userOrganizationRoles"},
	"organizationsGetUserRole":                {"Organizations.GetUserRole", "userOrganizationRole"},
	"organizationsTransferOwnership":          {"Organizations.TransferOwnership", "userOrganizationRoles"},
	"enumsListCountries":                      {"Enums.ListCountries", "countries"},
	"enumsListTimezones":                      {"Enums.ListTimezones", "timezones"},
	"enumsListLocales":                        {"Enums.ListLocales", "locales"},
	"enumsListLanguages":                      {"Enums.ListLanguages", "languages"},
	"enumsListRegions":                        {"Enums.ListRegions", "imtRegions"},
	"enumsListZones":                          {"Enums.ListZones", "imtZones"},
	"enumsListApiTokenScopes":                 {"Enums.ListAPITokenScopes", "userApiTokenScopes"},
	"enumsListUserEmailNotifications":         {"Enums.ListUserEmailNotifications", "userEmailNotifications"},
	"teamsList":                               {"Teams.List", ""},
	"teamsCreate":                             {"Teams.Create", ""},
	"teamsGet":                                {"Teams.Get", "team"},
	"teamsDelete":                             {"Teams.Delete", "team"},
	"teamsListVariables":                      {"Teams.ListVariables", "teamVariables"},
	"teamsCreateVariable":                     {"Teams.CreateVariable", "teamVariable"},
	"teamsUpdateVariable":                     {"Teams.UpdateVariable", "teamVariable"},
	"teamsDeleteVariable":                     {"Teams.DeleteVariable", "-"},
	"teamsGetVariableHistory":                 {"Teams.GetVariableHistory", "teamVariableHistory"},
	"teamsGetUsage":                           {"Teams.GetUsage", "data"},
	"teamsListUserRoles":                      {"Teams.ListUserRoles", "userTeamRoles"},
	"teamsGetUserRole":                        {"Teams.GetUserRole", "userTeamRole"},
	"adminTeamsList":                          {"Admin.ListTeams", ""},
	"adminTeamsCreate":                        {"Admin.CreateTeam", ""},
	"adminTeamsDelete":                        {"Admin.DeleteTeam", "team"},
}

// TestPayloadCalls_CoverEveryServedOperation keeps payloadCalls complete.
func TestPayloadCalls_CoverEveryServedOperation(t *testing.T) {
	methods := map[string]bool{}
	for _, m := range allMethods {
		methods[m.String()] = true
	}
	for _, op := range loadCatalogue(t) {
		pc, ok := payloadCalls[op.ID]
		if assert.True(t, ok, "payloadCalls lacks %s", op.ID) {
			assert.True(t, methods[pc.method], "%s: no method %s in allMethods", op.ID, pc.method)
		}
	}
}

// requireSharedEnv turns the skip of a test that reads ../shared (the
// project's recorded payloads and catalogue, beside the repository but not in
// it) into a failure: CI sets it to 1, so that such a test cannot pass there
// by skipping.
const requireSharedEnv = "MAKEGO_REQUIRE_SHARED"

// skipWithoutShared skips t because what, under ../shared, could not be read
// (err), and says that CI runs it; with MAKEGO_REQUIRE_SHARED=1 it fails t.
func skipWithoutShared(t *testing.T, what string, err error) {
	t.Helper()
	if os.Getenv(requireSharedEnv) == "1" {
		t.Fatalf("%s=1 but %s cannot be read: %v", requireSharedEnv, what, err)
	}
	t.Skipf("skipped: %s is not beside this clone (%v); CI runs this test with ../shared present (README, Testing this repository)", what, err)
}

var payloadName = regexp.MustCompile(`^([A-Za-z]+)__([A-Za-z0-9.-]+?)(?:-error(\d{3}))?\.json$`)

// TestRealWorldPayloads decodes every recorded payload through the method its
// file names, strictly (no field of an unexpected type), and shows that no
// value is lost: every key and value of the payload is in the result encoded
// again as JSON. An error payload (-errorNNN) served with status NNN gives an
// *APIError with Make's message, code, detail and every suberror.
func TestRealWorldPayloads(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(realworldDir, "*.json"))
	if err == nil && len(files) == 0 {
		err = errors.New("no payload files")
	}
	if err != nil {
		skipWithoutShared(t, realworldDir, err)
	}
	byName := map[string]sdkMethod{}
	for _, m := range allMethods {
		byName[m.String()] = m
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			m := payloadName.FindStringSubmatch(name)
			require.NotNil(t, m, "a payload file is named <operationId>__<source>.json")
			pc, ok := payloadCalls[m[1]]
			require.True(t, ok, "no method serves the operation %s", m[1])
			body, err := os.ReadFile(file)
			require.NoError(t, err)
			status := 200
			if m[3] != "" {
				status, _ = strconv.Atoi(m[3])
			}
			client := cannedClient(t, status, body, WithStrictDecoding())
			got, err := byName[pc.method].call(ctx(t), client, testSecrets)
			want := decodeTree(t, body)
			if status != 200 {
				checkErrorPayload(t, err, status, want)
				return
			}
			require.NoError(t, err)
			if pc.result == "-" {
				return
			}
			for _, key := range strings.Split(pc.result, ".") {
				if key != "" {
					want = want.(map[string]any)[key]
				}
			}
			assertContains(t, "", want, decodeTree(t, []byte(mustJSON(t, got))))
		})
	}
}

// checkErrorPayload checks the *APIError of an error payload.
func checkErrorPayload(t *testing.T, err error, status int, want any) {
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, status, apiErr.StatusCode)
	body := want.(map[string]any)
	str := func(k string) string { s, _ := body[k].(string); return s }
	assert.Equal(t, str("message"), apiErr.Message)
	assert.Equal(t, str("code"), apiErr.Code)
	assert.Equal(t, str("detail"), apiErr.Detail)
	subs, _ := body["suberrors"].([]any)
	require.Len(t, apiErr.Suberrors, len(subs))
	for i, s := range subs {
		assertContains(t, fmt.Sprintf("suberrors[%d]", i), s, decodeTree(t, apiErr.Suberrors[i].Raw))
		assert.Equal(t, s.(map[string]any)["message"], apiErr.Suberrors[i].Message)
		assert.Contains(t, apiErr.Error(), apiErr.Suberrors[i].Message)
	}
}

// decodeTree decodes JSON into any, numbers as json.Number.
func decodeTree(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}

// assertContains checks that got holds every key and value of want: objects
// may have more keys, and a key want holds with a zero value (null, false,
// 0, "", {} or []) may be absent from got (omitempty). Numbers compare by
// value, date-times by instant (a re-encoded time may drop trailing zeros).
func assertContains(t *testing.T, path string, want, got any) {
	t.Helper()
	switch w := want.(type) {
	case nil:
		assert.Nil(t, got, "%s: want null", path)
	case map[string]any:
		g, ok := got.(map[string]any)
		if !assert.True(t, ok, "%s: want an object, got %v", path, got) {
			return
		}
		for k, wv := range w {
			gv, present := g[k]
			if !present {
				assert.True(t, isZeroJSON(wv), "%s.%s = %v is lost", path, k, wv)
				continue
			}
			assertContains(t, path+"."+k, wv, gv)
		}
	case []any:
		g, ok := got.([]any)
		if !assert.True(t, ok, "%s: want an array, got %v", path, got) || !assert.Len(t, g, len(w), path) {
			return
		}
		for i := range w {
			assertContains(t, fmt.Sprintf("%s[%d]", path, i), w[i], g[i])
		}
	case json.Number:
		g, ok := got.(json.Number)
		if assert.True(t, ok, "%s: want the number %s, got %v", path, w, got) {
			wf, _ := new(big.Float).SetString(w.String())
			gf, _ := new(big.Float).SetString(g.String())
			assert.True(t, wf != nil && gf != nil && wf.Cmp(gf) == 0, "%s: want %s, got %s", path, w, g)
		}
	case string:
		g, ok := got.(string)
		if !assert.True(t, ok, "%s: want the string %q, got %v", path, w, got) || g == w {
			return
		}
		wt, err1 := time.Parse(time.RFC3339Nano, w)
		gt, err2 := time.Parse(time.RFC3339Nano, g)
		assert.True(t, err1 == nil && err2 == nil && wt.Equal(gt), "%s: want %q, got %q", path, w, g)
	default:
		assert.Equal(t, want, got, path)
	}
}

func isZeroJSON(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return !v
	case string:
		return v == ""
	case json.Number:
		f, err := v.Float64()
		return err == nil && f == 0
	case map[string]any:
		return len(v) == 0
	case []any:
		return len(v) == 0
	}
	return false
}

// TestAssertContains_Fails shows that the comparison can fail: a value
// changed, a key dropped, a form changed.
func TestAssertContains_Fails(t *testing.T) {
	for name, pair := range map[string][2]string{
		"changed value":  {`{"a":1}`, `{"a":2}`},
		"dropped key":    {`{"a":{"b":"x"}}`, `{"a":{}}`},
		"string for arr": {`{"apps":"T2"}`, `{"apps":["T2"]}`},
		"shorter array":  {`[1,2]`, `[1]`},
	} {
		ft := &testing.T{}
		assertContains(ft, "", decodeTree(t, []byte(pair[0])), decodeTree(t, []byte(pair[1])))
		assert.True(t, ft.Failed(), name)
	}
}
