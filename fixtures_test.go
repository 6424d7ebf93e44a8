package make_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixtureRequests names the request each response fixture answers.
var fixtureRequests = map[string]string{
	"admin/admins_roles.json":                 "GET /admin/users/admins-roles",
	"admin/lookup.json":                       "GET /admin/users/lookup?q=3&type=id",
	"admin/organization_role.json":            "POST /admin/users/3/user-organization-roles/1",
	"admin/team_role.json":                    "POST /admin/users/3/user-team-roles/1",
	"admin/transfer.json":                     "POST /admin/users/3/user-organization-roles/1/transfer",
	"admin/user.json":                         "PATCH /admin/users/3",
	"admin/users.json":                        "GET /admin/users",
	"admin/users_detail.json":                 "GET /admin/users-detail",
	"organizations/accept.json":               "POST /organizations/accept-invitation",
	"organizations/apps.json":                 "GET /organizations/1/apps",
	"organizations/create.json":               "POST /organizations",
	"organizations/feature_controls.json":     "GET /organizations/1/feature-controls",
	"organizations/get.json":                  "GET /organizations/1",
	"organizations/history.json":              "GET /organizations/1/variables/threshold/history",
	"organizations/invitation.json":           "GET /organizations/invitation?hash=h",
	"organizations/invite.json":               "POST /organizations/1/invite",
	"organizations/list.json":                 "GET /organizations",
	"organizations/payment_method_types.json": "GET /organizations/1/subscription/payment-method-types",
	"organizations/payment_methods.json":      "GET /organizations/1/subscription/payment-methods",
	"organizations/payments.json":             "GET /organizations/1/payments",
	"organizations/subscription.json":         "GET /organizations/1/subscription",
	"organizations/update.json":               "PATCH /organizations/1",
	"organizations/usage.json":                "GET /organizations/1/usage",
	"organizations/variables.json":            "GET /organizations/1/variables",
	"users/by_permission.json":                "GET /users/by-permission?type=organization&permission=p&organizationId=1",
	"users/invitations.json":                  "GET /users/me/organization-invitations",
	"users/list.json":                         "GET /users?organizationId=1",
	"users/me.json":                           "GET /users/me",
	"users/user.json":                         "PATCH /users/1",
}

// TestFixtures_MatchTheCatalogue keeps the response fixtures in step with
// testdata/openapi.json: each is a valid 200 answer of its operation.
func TestFixtures_MatchTheCatalogue(t *testing.T) {
	router := contractRouter(t)
	var files []string
	for _, dir := range []string{"admin", "organizations", "users"} {
		m, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.Len(t, fixtureRequests, len(files), "every fixture is in fixtureRequests")
	for _, file := range files {
		name, _ := filepath.Rel("testdata", file)
		t.Run(name, func(t *testing.T) {
			target, ok := fixtureRequests[filepath.ToSlash(name)]
			require.True(t, ok, "fixtureRequests lacks %s", name)
			method, rawURL, _ := strings.Cut(target, " ")
			u, err := url.Parse("https://eu1.make.com/api/v2" + rawURL)
			require.NoError(t, err)
			req := &http.Request{Method: method, URL: u, Header: http.Header{}}
			route, params, err := router.FindRoute(req)
			require.NoError(t, err)
			err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
				RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
				Status:                 http.StatusOK,
				Header:                 http.Header{"Content-Type": {"application/json"}},
				Body:                   io.NopCloser(bytes.NewReader(fixture(t, name))),
				Options:                &openapi3filter.Options{MultiError: true},
			})
			assert.NoError(t, err)
		})
	}
}

// TestCatalogue_IsACopyOfShared: testdata/openapi.json is a byte copy of the
// catalogue in ../shared/api, when that directory is there.
func TestCatalogue_IsACopyOfShared(t *testing.T) {
	shared, err := os.ReadFile("../shared/api/openapi.json")
	if err != nil {
		skipWithoutShared(t, "../shared/api/openapi.json", err)
	}
	assert.True(t, bytes.Equal(shared, fixture(t, "openapi.json")), "testdata/openapi.json differs from ../shared/api/openapi.json: copy it")
}
