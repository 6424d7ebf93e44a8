package maketest

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// The data sets of a new server (the default one and WithExampleData's), and
// the methods that arrange and read the store from a test (they take the
// server's lock: never call them from a handler).

// IDs and passwords of the two data sets. The default data holds only
// DefaultUserID, DefaultOrganizationID and DefaultTeamID (and
// DefaultPassword); the others exist only with WithExampleData.
const (
	DefaultUserID         int64 = 1 // Jane Doe, the current user (DefaultToken); default data
	DefaultOrganizationID int64 = 1 // "Acme", Jane Doe's organization; default data
	DefaultTeamID         int64 = 1 // "Acme Team", in organization 1; default data

	AdminUserID         int64 = 2 // Adam Admin, owner of AdminToken; WithExampleData
	OtherOrganizationID int64 = 2 // "Globex"; WithExampleData
	SecondTeamID        int64 = 2 // "Acme Ops", in organization 1; WithExampleData
	OtherTeamID         int64 = 3 // "Globex Team", in organization 2; WithExampleData

	DefaultPassword = "Current-Passw0rd!" // Jane Doe's password; default data
	AdminPassword   = "Admin-Passw0rd!"   // Adam Admin's password; WithExampleData
	UserPassword    = "User-Passw0rd!"    // password of users 3..5 (WithExampleData) and of WithSeed's users

	// DefaultInvitationHash is the hash of Jane Doe's pending invitation to
	// organization 2; WithExampleData.
	DefaultInvitationHash = "7f3a2c1e-0000-4000-8000-00000000a002"
)

// fixtureTime is the base of every fixture timestamp.
var fixtureTime = time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)

// WithExampleData adds the example data to the default data: a second
// organization with its team, a second team of organization 1, four more
// users of several roles (one of them a White Label administrator, with
// AdminToken), a pending invitation of the current user, and organization 1's
// apps, payments and payment methods. The current user, Jane Doe, is then an
// Admin of organization 1, which Adam Admin owns (see the package
// documentation for the whole set). Most of the SDK's own tests use it; a
// test that needs only a little of it is clearer arranging that with AddUser,
// AddOrganization, SetMembership... on the default data.
func WithExampleData() Option {
	return func(s *Server) { s.exampleData = true }
}

// seedDefaults creates the default data, what the current user needs and
// nothing more:
//
//	organization 1 "Acme" (eu1.make.com, plan Pro, apiLimit 240) with team 1 "Acme Team";
//	user 1 Jane Doe  jane@example.com  tfa 0  Owner(11) of org1, Team Admin(1) of team1
//
// and the tokens DefaultToken, ReadOnlyToken and OAuthToken (user 1).
func (s *Server) seedDefaults() {
	st := s.st
	st.addOrg(Organization{
		ID: DefaultOrganizationID, Name: "Acme", Zone: "eu1.make.com", TimezoneID: 113, CountryID: 1,
		ServiceName: "pro", ProductName: "Pro",
		License: License{APILimit: 240, Users: 50, Teams: 10, Operations: 10000, Transfer: 1 << 30,
			DSLimit: 40, FSLimit: 1 << 30, Interval: 1, CustomVariables: true, Apps: []string{}},
	})
	mustTeam(st, Team{ID: DefaultTeamID, OrganizationID: DefaultOrganizationID, Name: "Acme Team"})
	st.addUser(User{ID: DefaultUserID, Name: "Jane Doe", Email: "jane@example.com", Password: DefaultPassword,
		Language: "en", TimezoneID: 113, LocaleID: 18, CountryID: 1, TFAStatus: 0,
		Features: map[string]any{"allow_apps": true}})
	st.setOrgRole(DefaultUserID, DefaultOrganizationID, RoleOwner, InvitationAccepted, "")
	st.setTeamRole(DefaultUserID, DefaultTeamID, RoleTeamAdmin)

	s.addToken(DefaultToken, DefaultUserID, false, DefaultScopes())
	s.addToken(ReadOnlyToken, DefaultUserID, false, ReadOnlyScopes())
	s.addToken(OAuthToken, DefaultUserID, true, DefaultScopes())
}

// seedExampleData adds WithExampleData's data to the default data:
//
//	organization 2 "Globex" (us1.make.com, plan Core, apiLimit 60) with team 3 "Globex Team";
//	team 2 "Acme Ops" in organization 1;
//	user 1 Jane Doe    becomes Admin(12) of org1 (Team Admin(1) of team1); invited (pending) to org2 as Member(13)
//	user 2 Adam Admin  admin@example.com tfa 1  White Label admin (usersAdminsRoleId 1); Owner(11) of org1 and org2;
//	                                            Team Admin(1) of teams 1, 2 and 3
//	user 3 Bob Builder   bob@example.com   tfa 0  org1 Member(13)     team1 Team Member(3)
//	user 4 Carol Checker carol@example.com tfa 1  org1 Member(13)     team1 Team Monitoring(4), team2 Team Member(3)
//	user 5 Dave Numbers  dave@example.com  tfa 2  org1 Accountant(14) no team
//	organization 1: apps acme-crm-x4kd9a (by user 1) and acme-billing-9sk2lq (by user 2), three monthly
//	                payments, a card and a SEPA payment method
//
// and the token AdminToken (user 2).
func (s *Server) seedExampleData() {
	st := s.st
	st.addOrg(Organization{
		ID: OtherOrganizationID, Name: "Globex", Zone: "us1.make.com", TimezoneID: 28, CountryID: 2,
		ServiceName: "core", ProductName: "Core",
		License: License{APILimit: 60, Users: 5, Teams: 1, Operations: 1000, Transfer: 1 << 28,
			DSLimit: 10, FSLimit: 1 << 28, Interval: 15, Apps: []string{}},
	})
	mustTeam(st, Team{ID: SecondTeamID, OrganizationID: DefaultOrganizationID, Name: "Acme Ops"})
	mustTeam(st, Team{ID: OtherTeamID, OrganizationID: OtherOrganizationID, Name: "Globex Team"})

	st.addUser(User{ID: AdminUserID, Name: "Adam Admin", Email: "admin@example.com", Password: AdminPassword,
		Language: "en", TimezoneID: 113, LocaleID: 18, CountryID: 1, TFAStatus: 1, UsersAdminsRoleID: 1,
		Features: map[string]any{"allow_apps": true}})
	st.addUser(User{ID: 3, Name: "Bob Builder", Email: "bob@example.com", Password: UserPassword, TFAStatus: 0})
	st.addUser(User{ID: 4, Name: "Carol Checker", Email: "carol@example.com", Password: UserPassword, TFAStatus: 1})
	st.addUser(User{ID: 5, Name: "Dave Numbers", Email: "dave@example.com", Password: UserPassword, TFAStatus: 2})

	st.setOrgRole(1, DefaultOrganizationID, RoleAdmin, InvitationAccepted, "")
	st.setOrgRole(2, DefaultOrganizationID, RoleOwner, InvitationAccepted, "")
	st.setOrgRole(3, DefaultOrganizationID, RoleMember, InvitationAccepted, "")
	st.setOrgRole(4, DefaultOrganizationID, RoleMember, InvitationAccepted, "")
	st.setOrgRole(5, DefaultOrganizationID, RoleAccountant, InvitationAccepted, "")
	st.setOrgRole(2, OtherOrganizationID, RoleOwner, InvitationAccepted, "")
	st.setOrgRole(1, OtherOrganizationID, RoleMember, InvitationPending, DefaultInvitationHash)

	st.setTeamRole(2, DefaultTeamID, RoleTeamAdmin)
	st.setTeamRole(2, SecondTeamID, RoleTeamAdmin)
	st.setTeamRole(2, OtherTeamID, RoleTeamAdmin)
	st.setTeamRole(3, DefaultTeamID, RoleTeamMember)
	st.setTeamRole(4, DefaultTeamID, RoleTeamMonitoring)
	st.setTeamRole(4, SecondTeamID, RoleTeamMember)

	d := st.orgData(st.orgs[DefaultOrganizationID])
	d.apps = []orgApp{
		{"acme-crm-x4kd9a", 3, fixtureTime.Add(48 * time.Hour), DefaultUserID},
		{"acme-billing-9sk2lq", 1, fixtureTime.Add(72 * time.Hour), AdminUserID},
	}
	for i := 1; i <= 3; i++ {
		d.payments = append(d.payments, st.newPayment("Pro", 18.82, fixtureTime.AddDate(0, i-4, 0)))
	}
	d.methods = []*orgPaymentMethod{
		{id: "pm_fake_card_4242", typ: "card", immediate: true, defaultSub: true, defaultExtras: true,
			created: fixtureTime, brand: "visa", last4: "4242", validUntilYear: 2030},
		{id: "pm_fake_sepa_3000", typ: "sepa_debit", created: fixtureTime.Add(time.Hour), ibanLast4: "3000"},
	}

	s.addToken(AdminToken, AdminUserID, false, AdminScopes())
}

// mustTeam adds a team of the fixtures; their organizations exist.
func mustTeam(st *state, t Team) {
	if _, err := st.addTeam(t); err != nil {
		panic(err)
	}
}

// seedUsers adds n users "User 0001"... (user0001@example.com, password
// UserPassword, tfaStatus 0) as Members (13) of organization 1 and Team
// Members (3) of team 1, with the next free IDs.
func (s *Server) seedUsers(n int) []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, 0, max(n, 0))
	for i := 1; i <= n; i++ {
		u := s.st.addUser(User{
			Name:     fmt.Sprintf("User %04d", i),
			Email:    fmt.Sprintf("user%04d@example.com", i),
			Password: UserPassword,
		})
		s.st.setOrgRole(u.ID, DefaultOrganizationID, RoleMember, InvitationAccepted, "")
		s.st.setTeamRole(u.ID, DefaultTeamID, RoleTeamMember)
		out = append(out, u.clone())
	}
	return out
}

// Exported seeding and inspection helpers (they lock the server; never call
// them from a handler).

// SeedUsers adds n users like WithSeed and returns them. Numbering restarts at
// "User 0001" on each call, IDs continue.
func (s *Server) SeedUsers(n int) []User { return s.seedUsers(n) }

// AddUser stores a user and returns it. ID 0 takes the next free ID; empty
// Language, TimezoneID, LocaleID, CountryID, Created and LastLogin get defaults
// ("en", 113, 18, 1, fixed fixture times). An existing ID is replaced.
func (s *Server) AddUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.addUser(u).clone()
}

// User returns a copy of the user with the given ID (deleted users included,
// with Deleted set).
func (s *Server) User(id int64) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users[id]
	if u == nil {
		return User{}, false
	}
	return u.clone(), true
}

// UserByEmail returns a copy of the live user with the given email.
func (s *Server) UserByEmail(email string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.userByEmail(email)
	if u == nil {
		return User{}, false
	}
	return u.clone(), true
}

// Users returns copies of every live user, by ID.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []User{}
	for _, u := range s.st.users {
		if !u.Deleted {
			out = append(out, u.clone())
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// UpdateUser applies fn to the stored user; it reports whether the user exists.
func (s *Server) UpdateUser(id int64, fn func(*User)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users[id]
	if u == nil {
		return false
	}
	fn(u)
	u.ID = id
	return true
}

// DeleteUser marks the user deleted and removes their roles; their tokens
// then answer 401.
func (s *Server) DeleteUser(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.deleteUser(id)
}

// AddOrganization stores an organization and returns it. ID 0 takes the next
// free ID; empty Zone, TimezoneID, CountryID get "eu1.make.com", 113, 1.
func (s *Server) AddOrganization(o Organization) Organization {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.addOrg(o).clone()
}

// Organization returns a copy of the organization.
func (s *Server) Organization(id int64) (Organization, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.st.orgs[id]
	if o == nil {
		return Organization{}, false
	}
	return o.clone(), true
}

// UpdateOrganization applies fn to the stored organization; it reports whether
// it exists.
func (s *Server) UpdateOrganization(id int64, fn func(*Organization)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.st.orgs[id]
	if o == nil {
		return false
	}
	fn(o)
	o.ID = id
	return true
}

// AddTeam stores a team of an existing organization and returns it (ID 0
// takes the next free ID). It panics if the organization does not exist.
func (s *Server) AddTeam(t Team) Team {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.st.addTeam(t)
	if err != nil {
		panic(err)
	}
	return *p
}

// Team returns a copy of the team; one deleted through DELETE
// /admin/teams/{teamId} comes with Deleted set.
func (s *Server) Team(id int64) (Team, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.teams[id]
	if t == nil {
		t = s.st.oldTeams[id]
	}
	if t == nil {
		return Team{}, false
	}
	return *t, true
}

// SetMembership makes the user a full member of the organization with the
// role (e.g. RoleMember); roleID 0 removes the user from the organization and
// its teams.
func (s *Server) SetMembership(userID, orgID, roleID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.setOrgRole(userID, orgID, roleID, InvitationAccepted, "")
}

// Invite records a pending invitation of the user to the organization with the
// role and returns its hash.
func (s *Server) Invite(userID, orgID, roleID int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	hash := invitationHash(orgID, userID)
	s.st.setOrgRole(userID, orgID, roleID, InvitationPending, hash)
	return hash
}

// invitationHash is the hash of an invitation arranged by a test.
func invitationHash(orgID, userID int64) string {
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", orgID, userID)
}

// SetTeamRole sets the user's role in the team (e.g. RoleTeamMember); roleID
// 0 removes the user from the team.
func (s *Server) SetTeamRole(userID, teamID, roleID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.setTeamRole(userID, teamID, roleID)
}

// Membership returns the user's role in the organization (any invitation state).
func (s *Server) Membership(userID, orgID int64) (OrganizationRole, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.st.orgRole(userID, orgID)
	if r == nil {
		return OrganizationRole{}, false
	}
	return *r, true
}

// TeamMembership returns the user's role in the team.
func (s *Server) TeamMembership(userID, teamID int64) (TeamRole, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.st.teamRole(userID, teamID)
	if r == nil {
		return TeamRole{}, false
	}
	return *r, true
}

// ResetHash returns the hash of the latest password reset demanded for the
// email with POST /users/password-reset-demand, or "" if none is open.
func (s *Server) ResetHash(email string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.resetByMail[strings.ToLower(email)]
}

// Seed is data to add to a server with Load, e.g. read from the JSON seed
// file of makefake. Its JSON keys are Make's (id, name, organizationId,
// usersRoleId...). Entities with an ID replace the default ones of that ID;
// without one they take the next free ID.
type Seed struct {
	Users         []User         `json:"users,omitempty"`
	Organizations []Organization `json:"organizations,omitempty"`
	Teams         []Team         `json:"teams,omitempty"`
	// Memberships are users' roles in organizations; one with Invitation
	// "pending" is an invitation (Hash defaults to a generated one).
	Memberships []OrganizationRole `json:"memberships,omitempty"`
	TeamRoles   []TeamRole         `json:"teamRoles,omitempty"`
	Variables   []SeedVariable     `json:"variables,omitempty"`
	// Scopes, if set, are the current user's (see SetScopes).
	Scopes []string `json:"scopes,omitempty"`
	// Admin, if set, makes the current user a White Label admin or not
	// (see SetAdmin).
	Admin *bool `json:"admin,omitempty"`
}

// SeedVariable is a custom variable of a Seed (see SetVariable for the
// values: a JSON number, string or boolean): an organization's, or with
// TeamID a team's (see SetTeamVariable).
type SeedVariable struct {
	OrganizationID int64  `json:"organizationId,omitempty"`
	TeamID         int64  `json:"teamId,omitempty"`
	Name           string `json:"name"`
	Value          any    `json:"value"`
}

// Load adds seed to the server, in the order of its fields. It stops at the
// first entity that refers to one that does not exist.
func (s *Server) Load(seed Seed) error {
	for _, u := range seed.Users {
		s.AddUser(u)
	}
	for _, o := range seed.Organizations {
		s.AddOrganization(o)
	}
	s.mu.Lock()
	err := s.loadRelations(seed)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	for _, v := range seed.Variables {
		switch v.Value.(type) {
		case float64, string, bool:
		default:
			return fmt.Errorf("maketest: variable %q: value %v is not a number, string or boolean", v.Name, v.Value)
		}
		if v.TeamID != 0 {
			if t, ok := s.Team(v.TeamID); !ok || t.Deleted {
				return fmt.Errorf("maketest: variable %q: no team %d", v.Name, v.TeamID)
			}
			s.SetTeamVariable(v.TeamID, v.Name, v.Value)
			continue
		}
		if _, ok := s.Organization(v.OrganizationID); !ok {
			return fmt.Errorf("maketest: variable %q: no organization %d", v.Name, v.OrganizationID)
		}
		s.SetVariable(v.OrganizationID, v.Name, v.Value)
	}
	if seed.Scopes != nil {
		s.SetScopes(seed.Scopes...)
	}
	if seed.Admin != nil {
		s.SetAdmin(*seed.Admin)
	}
	return nil
}

// loadRelations adds the teams and roles of a seed. s.mu must be held.
func (s *Server) loadRelations(seed Seed) error {
	for _, t := range seed.Teams {
		if _, err := s.st.addTeam(t); err != nil {
			return err
		}
	}
	for _, m := range seed.Memberships {
		if s.st.user(m.UserID) == nil || s.st.orgs[m.OrganizationID] == nil {
			return fmt.Errorf("maketest: membership of user %d in organization %d: no such user or organization", m.UserID, m.OrganizationID)
		}
		if m.Invitation != InvitationAccepted && m.Hash == "" {
			m.Hash = invitationHash(m.OrganizationID, m.UserID)
		}
		s.st.setOrgRole(m.UserID, m.OrganizationID, m.RoleID, m.Invitation, m.Hash)
	}
	for _, r := range seed.TeamRoles {
		if s.st.user(r.UserID) == nil || s.st.teams[r.TeamID] == nil {
			return fmt.Errorf("maketest: role of user %d in team %d: no such user or team", r.UserID, r.TeamID)
		}
		s.st.setTeamRole(r.UserID, r.TeamID, r.RoleID)
	}
	return nil
}
