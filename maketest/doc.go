// Package maketest is a fake Make API (v2) for tests: a stateful, in-memory
// server on the loopback interface that answers every operation of the
// make-go SDK the way Make documents it, so code using the SDK (or any HTTP
// client) can be tested without a Make account.
//
//	func TestGreeting(t *testing.T) {
//		srv := maketest.NewServer(t)     // closed when the test ends
//		c := srv.Client()                // a *make.Client for srv
//		me, err := c.Users.Me(context.Background(), nil)
//		...
//	}
//
// # Data
//
// A new server holds what its current user needs and nothing more: Jane Doe
// (DefaultUserID, jane@example.com, password DefaultPassword), what Users.Me
// returns, who owns (RoleOwner) organization 1 "Acme" (DefaultOrganizationID,
// zone eu1.make.com, plan Pro with an API limit of 240 requests a minute) and
// is Team Admin of its one team, 1 "Acme Team" (DefaultTeamID); and her
// tokens DefaultToken (the one Client uses), ReadOnlyToken and OAuthToken.
// The organization has Make's system variables and its plan's subscription,
// and no other member, invitation, custom variable, payment or app.
//
// WithExampleData adds a richer set, the one the SDK's own tests and some of
// its examples use. Adam Admin (AdminUserID, AdminToken, AdminPassword) is a
// White Label administrator and owns organization 1, of which Jane is then an
// Admin, and organization 2 "Globex" (OtherOrganizationID, zone us1.make.com,
// team 3 "Globex Team", OtherTeamID), to which Jane has a pending invitation
// (DefaultInvitationHash). Acme gets a second team, 2 "Acme Ops"
// (SecondTeamID), two apps, three past payments and two payment methods, and
// three more members (password UserPassword): user 3 Bob Builder and user 4
// Carol Checker, Members in its teams, and user 5 Dave Numbers, its
// Accountant, in no team.
//
// Arrange more with AddUser, AddOrganization, AddTeam, SetMembership,
// SetTeamRole, Invite, SeedUsers (WithSeed at the start), SetVariable and
// SetTeamVariable, or all at once with Load and a Seed (the JSON seed file of
// makefake), and read the state back with User, Organization, Team,
// Membership, TeamMembership, Variable and TeamVariable.
//
// Teams are one store with the rest: a team created through POST /teams (or
// the Admin API's POST /admin/teams) is listed by GET /teams and in its
// organization's teams, and takes roles; deleting it takes its roles and
// variables along (DELETE /admin/teams/{teamId} keeps it listed, as deleted,
// by GET /admin/teams). Team variables, like organization variables, need
// the custom variables feature of the organization's license (404 without
// it).
//
// # Tokens, scopes and White Label admins
//
// Requests carry "Authorization: Token <token>" (or "Bearer <token>"). The
// server knows DefaultToken, ReadOnlyToken and OAuthToken (AdminToken too
// with WithExampleData), and any token added with AddToken or AddOAuthToken; WithAnyToken accepts any
// other non-empty token as the current user's. Each operation needs the
// scopes the catalogue lists for it (x-scopes): a token without one gets
// Make's 403 (code SC403) naming the scope. SetScopes changes the current
// user's scopes; SetAdmin makes the current user a White Label administrator
// (or not), for the Admin operations.
//
// # Sign in with Make (OAuth 2.0)
//
// The server is Make's authorization server too, at BaseURL (not under
// /api/v2): /oauth/v2/authorize, /oauth/v2/token, /oauth/v2/revoke and
// /.well-known/openid-configuration. Register a client with AddOAuthClient
// and point golang.org/x/oauth2 at it with make.NewOAuthConfig and
// OAuthApp.ServerURL = srv.BaseURL(). Authorization requests are approved at
// once by the current user and redirected with the code; the token endpoint
// checks the client secret (client_secret_post) and the PKCE verifier (S256),
// and issues access tokens that the API accepts as "Bearer" with exactly the
// scopes asked for, for OAuthTokenLifetime of the server's clock, plus
// rotating refresh tokens for confidential clients. With WithTLS, put
// HTTPClient in the context under oauth2.HTTPClient for x/oauth2's requests.
//
// # What the server checks
//
// The server is built from the endpoint catalogue (the OpenAPI document
// embedded in the package, operations named by operationId: "usersGetMe",
// "organizationsList", ...). Every request is matched to its operation,
// authenticated, checked for scopes, and validated against the catalogue: a
// query key the operation does not declare, a missing required parameter or
// field, or a value of the wrong type or out of its enum gets Make's 400
// (code IM005) naming the parameter, so code that builds bad requests fails
// its test the way it would fail against Make. Then the operation's handler
// answers from the in-memory store with the documented shapes, or with
// Make's errors (404 SC404, 403 SC403, 406 IM004 for confirmations...). An
// operation of the catalogue the fake does not implement yet answers 501
// (SC501) naming it; Operations lists which are implemented.
//
// Answers come in the shapes of production: gzipped when the client accepts
// gzip (Go's transport asks for it by default), and then without a
// Content-Length; otherwise chunked above 1 KiB, with a Content-Length below.
//
// # Faults, rate limits and recorded requests
//
// InjectFault makes the next requests of an operation fail: a status and body
// (with RetryAfter for 429 and 503), a delay, a connection reset, a hang, a
// truncated or a huge body. WithTLS serves HTTPS with HTTP/2, the way Make is
// reached, so faults can be tested on that path too. WithRateLimit and
// SetRateLimit limit requests to a number a minute, like a Make plan (60,
// 120, 240 or 1000), answering 429 with Retry-After past it; like Make they
// count per organization (the one a request names by organizationId, or by
// the teamId of one of its teams), and per token for requests that name none.
// Requests returns the requests received, in order, with their operation,
// query and body, for assertions on what the code sent.
//
// A Fault names its operation by the catalogue's operationId (see the list
// under Operations below); an empty OperationID matches every request.
//
// # Recorded requests and memory
//
// The server's memory stays bounded whatever clients send, refused requests
// (no token, 401; unknown route, 404; a body over MaxRequestBody, 413)
// included. It keeps the most recent DefaultRecording (10,000) requests for
// Requests and LastRequest, and fewer if they would take more than
// MaxRecordedBytes (32 MiB) together; of each body it keeps the first
// MaxRecordedBody (1 MiB) bytes (Request.BodySize gives the whole length).
// WithRecording changes how many are kept, or turns recording off with 0;
// RequestCount counts every request either way. A request in flight holds its
// body, up to MaxRequestBody (32 MiB), while it is served.
//
// # Operations
//
// The operations of the catalogue, by path then method, with the operationId
// that Fault.OperationID and Request.OperationID use (Operations reports
// which are implemented):
//
//	adminTeamsList                           GET    /admin/teams
//	adminTeamsCreate                         POST   /admin/teams
//	adminTeamsDelete                         DELETE /admin/teams/{teamId}
//	adminUsersList                           GET    /admin/users
//	adminUsersCreate                         POST   /admin/users
//	adminUsersListDetails                    GET    /admin/users-detail
//	adminUsersListAdminRoles                 GET    /admin/users/admins-roles
//	adminUsersLookup                         GET    /admin/users/lookup
//	adminUsersDelete                         DELETE /admin/users/{userId}
//	adminUsersUpdate                         PATCH  /admin/users/{userId}
//	adminUsersSetOrganizationRole            POST   /admin/users/{userId}/user-organization-roles/{organizationId}
//	adminUsersTransferOrganizationOwnership  POST   /admin/users/{userId}/user-organization-roles/{organizationId}/transfer
//	adminUsersSetTeamRole                    POST   /admin/users/{userId}/user-team-roles/{teamId}
//	enumsListCountries                       GET    /enums/countries
//	enumsListRegions                         GET    /enums/imt-regions
//	enumsListZones                           GET    /enums/imt-zones
//	enumsListLanguages                       GET    /enums/languages
//	enumsListLocales                         GET    /enums/locales
//	enumsListTimezones                       GET    /enums/timezones
//	enumsListApiTokenScopes                  GET    /enums/user-api-token-scopes
//	enumsListUserEmailNotifications          GET    /enums/user-email-notifications
//	usersUpdateTeamNativeEmailPreferences    PATCH  /mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/native-preferences
//	usersGetTeamEmailPreferences             GET    /mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/preferences
//	usersUpdateTeamEmailPreferences          PATCH  /mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/preferences
//	usersGetEmailPreferences                 GET    /mailhub/users/{userId}/preferences
//	usersUpdateEmailPreferences              PATCH  /mailhub/users/{userId}/preferences
//	organizationsList                        GET    /organizations
//	organizationsCreate                      POST   /organizations
//	organizationsAcceptInvitation            POST   /organizations/accept-invitation
//	organizationsGetInvitation               GET    /organizations/invitation
//	organizationsDelete                      DELETE /organizations/{organizationId}
//	organizationsGet                         GET    /organizations/{organizationId}
//	organizationsUpdate                      PATCH  /organizations/{organizationId}
//	organizationsListApps                    GET    /organizations/{organizationId}/apps
//	organizationsCheckTeamPermission         GET    /organizations/{organizationId}/check-team-permission
//	organizationsListFeatureControls         GET    /organizations/{organizationId}/feature-controls
//	organizationsUpdateFeatureControl        PATCH  /organizations/{organizationId}/feature-controls
//	organizationsInviteUser                  POST   /organizations/{organizationId}/invite
//	organizationsListPayments                GET    /organizations/{organizationId}/payments
//	organizationsCancelSubscription          DELETE /organizations/{organizationId}/subscription
//	organizationsGetSubscription             GET    /organizations/{organizationId}/subscription
//	organizationsChangeSubscription          PATCH  /organizations/{organizationId}/subscription
//	organizationsCreateSubscription          POST   /organizations/{organizationId}/subscription
//	organizationsSetFreeSubscription         POST   /organizations/{organizationId}/subscription-free
//	organizationsListPaymentMethodTypes      GET    /organizations/{organizationId}/subscription/payment-method-types
//	organizationsListPaymentMethods          GET    /organizations/{organizationId}/subscription/payment-methods
//	organizationsDeletePaymentMethod         DELETE /organizations/{organizationId}/subscription/payment-methods/{paymentMethodId}
//	organizationsSetDefaultPaymentMethod     PATCH  /organizations/{organizationId}/subscription/payment-methods/{paymentMethodId}/default
//	organizationsSetTfaEnforcement           PATCH  /organizations/{organizationId}/tfa-enforcement
//	organizationsClaimCancellationOffer      POST   /organizations/{organizationId}/universal-discount/claim-cancellation-offer
//	organizationsGetUsage                    GET    /organizations/{organizationId}/usage
//	organizationsListUserRoles               GET    /organizations/{organizationId}/user-organization-roles
//	organizationsTransferOwnership           POST   /organizations/{organizationId}/user-organization-roles/transfer
//	organizationsGetUserRole                 GET    /organizations/{organizationId}/user-organization-roles/{userId}
//	organizationsListVariables               GET    /organizations/{organizationId}/variables
//	organizationsCreateVariable              POST   /organizations/{organizationId}/variables
//	organizationsDeleteVariable              DELETE /organizations/{organizationId}/variables/{variableName}
//	organizationsUpdateVariable              PATCH  /organizations/{organizationId}/variables/{variableName}
//	organizationsGetVariableHistory          GET    /organizations/{organizationId}/variables/{variableName}/history
//	teamsList                                GET    /teams
//	teamsCreate                              POST   /teams
//	teamsDelete                              DELETE /teams/{teamId}
//	teamsGet                                 GET    /teams/{teamId}
//	teamsGetUsage                            GET    /teams/{teamId}/usage
//	teamsListUserRoles                       GET    /teams/{teamId}/user-team-roles
//	teamsGetUserRole                         GET    /teams/{teamId}/user-team-roles/{userId}
//	teamsListVariables                       GET    /teams/{teamId}/variables
//	teamsCreateVariable                      POST   /teams/{teamId}/variables
//	teamsDeleteVariable                      DELETE /teams/{teamId}/variables/{variableName}
//	teamsUpdateVariable                      PATCH  /teams/{teamId}/variables/{variableName}
//	teamsGetVariableHistory                  GET    /teams/{teamId}/variables/{variableName}/history
//	usersDeleteCurrent                       DELETE /users
//	usersList                                GET    /users
//	usersListByPermission                    GET    /users/by-permission
//	usersGetMe                               GET    /users/me
//	usersListApiTokens                       GET    /users/me/api-tokens
//	usersCreateApiToken                      POST   /users/me/api-tokens
//	usersDeleteApiToken                      DELETE /users/me/api-tokens/{timestamp}
//	usersGetCurrentAuthorization             GET    /users/me/current-authorization
//	usersListMyOrganizationInvitations       GET    /users/me/organization-invitations
//	usersSetPasswordResetSession             GET    /users/password-reset
//	usersResetLostPassword                   POST   /users/password-reset
//	usersSendPasswordResetDemand             POST   /users/password-reset-demand
//	usersListRoles                           GET    /users/roles
//	usersListRolePermissions                 GET    /users/roles/permissions
//	usersGetRole                             GET    /users/roles/{roleId}
//	usersGetUnreadNotifications              GET    /users/unread-notifications
//	usersUpdate                              PATCH  /users/{userId}
//	usersUpdateEmail                         PUT    /users/{userId}/attributes/email
//	usersUpdatePassword                      PUT    /users/{userId}/attributes/password
//	usersListOrganizationRoles               GET    /users/{userId}/user-organization-roles
//	usersGetOrganizationRole                 GET    /users/{userId}/user-organization-roles/{organizationId}
//	usersUpdateOrganizationRole              POST   /users/{userId}/user-organization-roles/{organizationId}
//	usersTransferOrganizationOwnership       POST   /users/{userId}/user-organization-roles/{organizationId}/transfer
//	usersListTeamNotifications               GET    /users/{userId}/user-team-notifications/{teamId}
//	usersGetTeamNotification                 GET    /users/{userId}/user-team-notifications/{teamId}/{notificationId}
//	usersUpdateTeamNotification              PUT    /users/{userId}/user-team-notifications/{teamId}/{notificationId}
//	usersListTeamRoles                       GET    /users/{userId}/user-team-roles
//	usersGetTeamRole                         GET    /users/{userId}/user-team-roles/{teamId}
//	usersUpdateTeamRole                      POST   /users/{userId}/user-team-roles/{teamId}
//
// # Outside Go
//
// The command github.com/make-sdk/make-go/cmd/makefake serves the same fake
// on an address for tools in any language.
package maketest
