package fakemake

import "net/http"

// Registration by operationId for the handlers of the Users sub-sections,
// Organizations > User organization roles and Enums: each handler's file
// calls handle("operationId", h) from its init function, and this table
// gives the operation's route and x-scopes (from testdata/openapi.json).
//
// Three GET routes of three segments cannot all be http.ServeMux patterns
// (/users/roles/{roleId} and /users/{userId}/user-team-roles both match
// /users/roles/user-team-roles, and neither is more specific): they are
// served by one pattern, GET /users/{a}/{b}, that picks the operation.
var operations = map[string]struct {
	pattern string
	scopes  []string
}{
	"usersListApiTokens":                    {"GET /users/me/api-tokens", []string{"user:read"}},
	"usersCreateApiToken":                   {"POST /users/me/api-tokens", []string{"user:write"}},
	"usersDeleteApiToken":                   {"DELETE /users/me/api-tokens/{timestamp}", []string{"user:write"}},
	"usersListRoles":                        {"GET /users/roles", []string{"user:read"}},
	"usersGetRole":                          {"GET /users/roles/{roleId}", []string{"user:read"}},
	"usersListRolePermissions":              {"GET /users/roles/permissions", []string{"user:read"}},
	"usersListTeamRoles":                    {"GET /users/{userId}/user-team-roles", []string{"user:read"}},
	"usersGetTeamRole":                      {"GET /users/{userId}/user-team-roles/{teamId}", []string{"user:read"}},
	"usersUpdateTeamRole":                   {"POST /users/{userId}/user-team-roles/{teamId}", []string{"user:write"}},
	"usersListTeamNotifications":            {"GET /users/{userId}/user-team-notifications/{teamId}", []string{"user:read"}},
	"usersGetTeamNotification":              {"GET /users/{userId}/user-team-notifications/{teamId}/{notificationId}", []string{"user:read"}},
	"usersUpdateTeamNotification":           {"PUT /users/{userId}/user-team-notifications/{teamId}/{notificationId}", []string{"user:write"}},
	"usersListOrganizationRoles":            {"GET /users/{userId}/user-organization-roles", []string{"user:read"}},
	"usersGetOrganizationRole":              {"GET /users/{userId}/user-organization-roles/{organizationId}", []string{"user:read"}},
	"usersUpdateOrganizationRole":           {"POST /users/{userId}/user-organization-roles/{organizationId}", []string{"user:write"}},
	"usersTransferOrganizationOwnership":    {"POST /users/{userId}/user-organization-roles/{organizationId}/transfer", []string{"user:write"}},
	"usersGetUnreadNotifications":           {"GET /users/unread-notifications", []string{"user:read"}},
	"usersGetEmailPreferences":              {"GET /mailhub/users/{userId}/preferences", []string{"organization:read"}},
	"usersUpdateEmailPreferences":           {"PATCH /mailhub/users/{userId}/preferences", []string{}},
	"usersGetTeamEmailPreferences":          {"GET /mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/preferences", []string{}},
	"usersUpdateTeamEmailPreferences":       {"PATCH /mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/preferences", []string{}},
	"usersUpdateTeamNativeEmailPreferences": {"PATCH /mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/native-preferences", []string{}},
	"organizationsListUserRoles":            {"GET /organizations/{organizationId}/user-organization-roles", []string{"organizations:read"}},
	"organizationsGetUserRole":              {"GET /organizations/{organizationId}/user-organization-roles/{userId}", []string{"organizations:read"}},
	"organizationsTransferOwnership":        {"POST /organizations/{organizationId}/user-organization-roles/transfer", []string{"organization:read"}},
	"enumsListCountries":                    {"GET /enums/countries", []string{"organization:read"}},
	"enumsListTimezones":                    {"GET /enums/timezones", []string{"organization:read"}},
	"enumsListLocales":                      {"GET /enums/locales", []string{"organization:read"}},
	"enumsListLanguages":                    {"GET /enums/languages", []string{"organization:read"}},
	"enumsListRegions":                      {"GET /enums/imt-regions", []string{"organization:read"}},
	"enumsListZones":                        {"GET /enums/imt-zones", []string{"organization:read"}},
	"enumsListApiTokenScopes":               {"GET /enums/user-api-token-scopes", []string{"organization:read"}},
	"enumsListUserEmailNotifications":       {"GET /enums/user-email-notifications", []string{"organization:read"}},
}

// sharedGET are the operations of GET /users/{a}/{b}: by a literal first
// segment, else by the second segment.
var sharedGET = map[string]struct{ literal, param string }{
	"usersGetRole":               {"roles", "roleId"},
	"usersListTeamRoles":         {"user-team-roles", "userId"},
	"usersListOrganizationRoles": {"user-organization-roles", "userId"},
}

// opHandlers holds the handlers registered with handle, by operationId.
var opHandlers = map[string]handlerFunc{}

// handle registers the handler of an operation of the table above.
func handle(operationID string, h handlerFunc) {
	if _, ok := operations[operationID]; !ok {
		panic("fakemake: handle: unknown operation " + operationID)
	}
	opHandlers[operationID] = h
}

func init() { registerService((*Server).registerOperations) }

func (s *Server) registerOperations() {
	for id, h := range opHandlers {
		if _, shared := sharedGET[id]; shared {
			s.routes = append(s.routes, routeInfo{pattern: operations[id].pattern, scopes: operations[id].scopes})
			continue
		}
		s.handle(operations[id].pattern, operations[id].scopes, h)
	}
	s.mux.HandleFunc("GET "+APIPrefix+"/users/{a}/{b}", func(w http.ResponseWriter, r *http.Request) {
		a, b := r.PathValue("a"), r.PathValue("b")
		for id, route := range sharedGET {
			switch {
			case id == "usersGetRole" && a == route.literal:
				r.SetPathValue("roleId", b)
			case id != "usersGetRole" && b == route.literal:
				r.SetPathValue("userId", a)
			default:
				continue
			}
			s.serveOp(w, r, operations[id].scopes, opHandlers[id])
			return
		}
		writeError(w, errNotFound("Route GET /users/"+a+"/"+b+" not found."))
	})
}
