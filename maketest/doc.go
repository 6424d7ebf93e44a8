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
// SetTeamRole, Invite, SeedUsers (WithSeed at the start) and SetVariable, or
// all at once with Load and a Seed (the JSON seed file of makefake), and read
// the state back with User, Organization, Team, Membership, TeamMembership
// and Variable.
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
// Requests returns every request received, in order, with its operation,
// query and body, for assertions on what the code sent.
//
// # Outside Go
//
// The command github.com/make-sdk/make-go/cmd/makefake serves the same fake
// on an address for tools in any language.
package maketest
