package maketest

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
)

// The one store: every operation reads and changes this data model, guarded
// by Server.mu.

// Role IDs as listed by Make's GET /users/roles.
const (
	RoleTeamAdmin      int64 = 1  // team role "Team Admin"
	RoleTeamMember     int64 = 3  // team role "Team Member"
	RoleTeamMonitoring int64 = 4  // team role "Team Monitoring"
	RoleTeamOperator   int64 = 6  // team role "Team Operator"
	RoleOwner          int64 = 11 // organization role "Owner"
	RoleAdmin          int64 = 12 // organization role "Admin"
	RoleMember         int64 = 13 // organization role "Member"
	RoleAccountant     int64 = 14 // organization role "Accountant"
)

// Invitation states of an OrganizationRole.
const (
	InvitationAccepted = ""        // a full member (encoded as null)
	InvitationPending  = "pending" // invited, not accepted yet
	InvitationExpired  = "expired" // invited, not accepted in time
)

// User is a Make user as stored by the fake.
type User struct {
	ID         int64  `json:"id,omitempty"`
	Name       string `json:"name,omitempty"`
	Email      string `json:"email,omitempty"`
	Password   string `json:"password,omitempty"` // "" means the user has no password
	Language   string `json:"language,omitempty"`
	TimezoneID int64  `json:"timezoneId,omitempty"`
	LocaleID   int64  `json:"localeId,omitempty"`
	CountryID  int64  `json:"countryId,omitempty"`
	// TFAStatus is 0 (no TFA), 1 (authenticator app) or 2 (social SSO).
	TFAStatus int `json:"tfaStatus,omitempty"`
	// UsersAdminsRoleID is the White Label admin role; 0 means not an admin.
	UsersAdminsRoleID  int64          `json:"usersAdminsRoleId,omitempty"`
	Features           map[string]any `json:"features,omitempty"`
	Avatar             string         `json:"avatar,omitempty"` // "" means a gravatar URL derived from Email
	LastLogin          time.Time      `json:"lastLogin,omitempty"`
	Created            time.Time      `json:"created,omitempty"`
	ForceSetPassword   bool           `json:"forceSetPassword,omitempty"`
	HasAddedApp        bool           `json:"hasAddedApp,omitempty"`
	IsAffiliatePartner bool           `json:"isAffiliatePartner,omitempty"`
	Deleted            bool           `json:"deleted,omitempty"`
}

func (u User) clone() User {
	if u.Features != nil {
		f := make(map[string]any, len(u.Features))
		for k, v := range u.Features {
			f[k] = v
		}
		u.Features = f
	}
	return u
}

// License is the license of an organization (a subset of Make's keys).
type License struct {
	APILimit        int      `json:"apiLimit"`
	Users           int      `json:"users"`
	Teams           int      `json:"teams"`
	Operations      int64    `json:"operations"`
	Transfer        int64    `json:"transfer"`
	DSLimit         int      `json:"dslimit"`
	FSLimit         int64    `json:"fslimit"`
	Interval        int      `json:"interval"`
	CustomVariables bool     `json:"customVariables"`
	Apps            []string `json:"apps"`
}

// Organization is a Make organization as stored by the fake.
type Organization struct {
	ID          int64     `json:"id,omitempty"`
	Name        string    `json:"name,omitempty"`
	Zone        string    `json:"zone,omitempty"` // e.g. "eu1.make.com"
	TimezoneID  int64     `json:"timezoneId,omitempty"`
	CountryID   int64     `json:"countryId,omitempty"`
	License     License   `json:"license,omitempty"`
	ServiceName string    `json:"serviceName,omitempty"`
	ProductName string    `json:"productName,omitempty"`
	ExternalID  string    `json:"externalId,omitempty"` // "" is encoded as null
	TFAEnforced bool      `json:"tfaEnforced,omitempty"`
	IsPaused    bool      `json:"isPaused,omitempty"`
	CreatedAt   time.Time `json:"createdAt,omitempty"`
}

func (o Organization) clone() Organization {
	o.License.Apps = append([]string(nil), o.License.Apps...)
	return o
}

// Team is a Make team; every team belongs to one organization.
type Team struct {
	ID             int64  `json:"id,omitempty"`
	OrganizationID int64  `json:"organizationId,omitempty"`
	Name           string `json:"name,omitempty"`
	// OperationsLimit and TransferLimit cap the team's use; 0 means the
	// organization's license limit.
	OperationsLimit int64  `json:"operationsLimit,omitempty"`
	TransferLimit   int64  `json:"transferLimit,omitempty"`
	ExternalID      string `json:"externalId,omitempty"` // White Label; "" is encoded as null
	// Deleted is set on a team deleted by DELETE /admin/teams/{teamId}:
	// only GET /admin/teams still lists it.
	Deleted bool `json:"deleted,omitempty"`
}

// OrganizationRole is a user's role in an organization (membership).
type OrganizationRole struct {
	UserID         int64  `json:"userId,omitempty"`
	OrganizationID int64  `json:"organizationId,omitempty"`
	RoleID         int64  `json:"usersRoleId,omitempty"` // usersRoleId, e.g. RoleOwner
	Invitation     string `json:"invitation,omitempty"`  // InvitationAccepted, InvitationPending or InvitationExpired
	Hash           string `json:"hash,omitempty"`        // invitation hash, for pending invitations
}

// TeamRole is a user's role in a team.
type TeamRole struct {
	UserID int64 `json:"userId,omitempty"`
	TeamID int64 `json:"teamId,omitempty"`
	RoleID int64 `json:"usersRoleId,omitempty"` // usersRoleId, e.g. RoleTeamMember
}

type memberKey struct{ user, group int64 }

// state is the data model shared by every service. It is guarded by Server.mu.
type state struct {
	users     map[int64]*User
	orgs      map[int64]*Organization
	teams     map[int64]*Team                   // the live teams
	oldTeams  map[int64]*Team                   // teams deleted through the Admin API, listed by GET /admin/teams
	teamVars  map[int64]map[string]*orgVariable // a team's custom variables
	orgRoles  map[memberKey]*OrganizationRole   // {user, organization}
	teamRoles map[memberKey]*TeamRole           // {user, team}
	orgExtra  map[int64]*orgData                // an organization's billing, variables... (see orgData)
	userExtra map[int64]*userData               // a user's API tokens, notification and email settings (see userData)
	nextUser  int64
	nextOrg   int64
	nextTeam  int64
	seq       int64 // see next

	// Password resets (POST /users/password-reset-demand and after).
	resetByHash map[string]int64  // hash -> user ID
	resetByMail map[string]string // lower-case email -> latest hash
	resetOpen   map[string]int64  // token -> user ID of an open reset session
}

func newState() *state {
	return &state{
		users:     map[int64]*User{},
		orgs:      map[int64]*Organization{},
		teams:     map[int64]*Team{},
		oldTeams:  map[int64]*Team{},
		teamVars:  map[int64]map[string]*orgVariable{},
		orgRoles:  map[memberKey]*OrganizationRole{},
		teamRoles: map[memberKey]*TeamRole{},
		orgExtra:  map[int64]*orgData{},
		userExtra: map[int64]*userData{},
		nextUser:  1, nextOrg: 1, nextTeam: 1, seq: 1000,
		resetByHash: map[string]int64{}, resetByMail: map[string]string{}, resetOpen: map[string]int64{},
	}
}

// user returns the live (not deleted) user or nil.
func (st *state) user(id int64) *User {
	if u := st.users[id]; u != nil && !u.Deleted {
		return u
	}
	return nil
}

// userByEmail finds a live user by email, case-insensitively.
func (st *state) userByEmail(email string) *User {
	for _, u := range st.users {
		if !u.Deleted && strings.EqualFold(u.Email, email) {
			return u
		}
	}
	return nil
}

// assignID gives an entity without an ID the next free one, and keeps next
// past every ID given.
func assignID(id, next *int64) {
	if *id == 0 {
		*id = *next
	}
	if *id >= *next {
		*next = *id + 1
	}
}

// orDefault sets *v to def if it is the zero value.
func orDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

func (st *state) addUser(u User) *User {
	assignID(&u.ID, &st.nextUser)
	orDefault(&u.Language, "en")
	orDefault(&u.TimezoneID, 113)
	orDefault(&u.LocaleID, 18)
	orDefault(&u.CountryID, 1)
	if u.Features == nil {
		u.Features = map[string]any{}
	}
	orDefault(&u.Created, fixtureTime.Add(time.Duration(u.ID)*time.Hour))
	orDefault(&u.LastLogin, u.Created.Add(24*time.Hour))
	p := u.clone()
	st.users[u.ID] = &p
	return &p
}

func (st *state) addOrg(o Organization) *Organization {
	assignID(&o.ID, &st.nextOrg)
	orDefault(&o.Zone, "eu1.make.com")
	orDefault(&o.TimezoneID, 113)
	orDefault(&o.CountryID, 1)
	orDefault(&o.CreatedAt, fixtureTime.Add(time.Duration(o.ID)*time.Minute))
	p := o.clone()
	st.orgs[o.ID] = &p
	return &p
}

func (st *state) addTeam(t Team) (*Team, error) {
	if st.orgs[t.OrganizationID] == nil {
		return nil, fmt.Errorf("maketest: team %q: organization %d does not exist", t.Name, t.OrganizationID)
	}
	assignID(&t.ID, &st.nextTeam)
	p := t
	if t.Deleted { // a deleted team only GET /admin/teams lists
		st.oldTeams[t.ID] = &p
		return &p, nil
	}
	st.teams[t.ID] = &p
	return &p, nil
}

// deleteTeam removes a team with its roles and variables; with keep, the
// team stays listed by GET /admin/teams as deleted (Admin > Teams).
func (st *state) deleteTeam(id int64, keep bool) {
	t := st.teams[id]
	if t == nil {
		return
	}
	for k := range st.teamRoles {
		if k.group == id {
			delete(st.teamRoles, k)
		}
	}
	delete(st.teamVars, id)
	delete(st.teams, id)
	if keep {
		t.Deleted = true
		st.oldTeams[id] = t
	}
}

// teamVarsOf returns a team's custom variables, creating the map on first
// use.
func (st *state) teamVarsOf(teamID int64) map[string]*orgVariable {
	if v := st.teamVars[teamID]; v != nil {
		return v
	}
	v := map[string]*orgVariable{}
	st.teamVars[teamID] = v
	return v
}

// setOrgRole sets (roleID > 0) or removes (roleID == 0) a membership.
// Removing it also removes the user's roles in the organization's teams.
func (st *state) setOrgRole(userID, orgID, roleID int64, invitation, hash string) {
	k := memberKey{userID, orgID}
	if roleID == 0 {
		delete(st.orgRoles, k)
		for tk := range st.teamRoles {
			if tk.user == userID && st.teams[tk.group] != nil && st.teams[tk.group].OrganizationID == orgID {
				delete(st.teamRoles, tk)
			}
		}
		return
	}
	st.orgRoles[k] = &OrganizationRole{UserID: userID, OrganizationID: orgID, RoleID: roleID, Invitation: invitation, Hash: hash}
}

// setTeamRole sets (roleID > 0) or removes (roleID == 0) a team role.
func (st *state) setTeamRole(userID, teamID, roleID int64) {
	k := memberKey{userID, teamID}
	if roleID == 0 {
		delete(st.teamRoles, k)
		return
	}
	st.teamRoles[k] = &TeamRole{UserID: userID, TeamID: teamID, RoleID: roleID}
}

// orgRole returns the user's role in the organization (any invitation state).
func (st *state) orgRole(userID, orgID int64) *OrganizationRole {
	return st.orgRoles[memberKey{userID, orgID}]
}

// acceptedOrgRole returns the user's role if they are a full member.
func (st *state) acceptedOrgRole(userID, orgID int64) *OrganizationRole {
	if r := st.orgRole(userID, orgID); r != nil && r.Invitation == InvitationAccepted {
		return r
	}
	return nil
}

func (st *state) teamRole(userID, teamID int64) *TeamRole {
	return st.teamRoles[memberKey{userID, teamID}]
}

// orgRolesOfOrg returns the live users' roles in an organization, by user ID.
func (st *state) orgRolesOfOrg(orgID int64, includeInvited bool) []*OrganizationRole {
	return selectSorted(st.orgRoles, func(k memberKey, r *OrganizationRole) bool {
		return k.group == orgID && st.user(k.user) != nil && (includeInvited || r.Invitation == InvitationAccepted)
	}, func(r *OrganizationRole) int64 { return r.UserID })
}

// orgRolesOfUser returns the user's organization roles, by organization ID.
func (st *state) orgRolesOfUser(userID int64, includeInvited bool) []*OrganizationRole {
	return selectSorted(st.orgRoles, func(k memberKey, r *OrganizationRole) bool {
		return k.user == userID && (includeInvited || r.Invitation == InvitationAccepted)
	}, func(r *OrganizationRole) int64 { return r.OrganizationID })
}

// teamRolesOfTeam returns the live users' roles in a team, by user ID.
func (st *state) teamRolesOfTeam(teamID int64) []*TeamRole {
	return selectSorted(st.teamRoles, func(k memberKey, _ *TeamRole) bool {
		return k.group == teamID && st.user(k.user) != nil
	}, func(r *TeamRole) int64 { return r.UserID })
}

// teamRolesOfUser returns the user's team roles, by team ID.
func (st *state) teamRolesOfUser(userID int64) []*TeamRole {
	return selectSorted(st.teamRoles, func(k memberKey, _ *TeamRole) bool { return k.user == userID },
		func(r *TeamRole) int64 { return r.TeamID })
}

// teamsOfOrg returns the organization's teams, by ID.
func (st *state) teamsOfOrg(orgID int64) []*Team {
	return selectSorted(st.teams, func(_ int64, t *Team) bool { return t.OrganizationID == orgID },
		func(t *Team) int64 { return t.ID })
}

// selectSorted returns the values of m that keep accepts, ordered by the
// key by returns.
func selectSorted[K comparable, V any](m map[K]*V, keep func(K, *V) bool, by func(*V) int64) []*V {
	var out []*V
	for k, v := range m {
		if keep(k, v) {
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return by(out[i]) < by(out[j]) })
	return out
}

// userTeamIDs returns the IDs of the organization's teams the user is in.
func (st *state) userTeamIDs(userID, orgID int64) []int64 {
	ids := []int64{}
	for _, r := range st.teamRolesOfUser(userID) {
		if t := st.teams[r.TeamID]; t != nil && t.OrganizationID == orgID {
			ids = append(ids, t.ID)
		}
	}
	return ids
}

// deleteUser marks the user deleted and drops their roles and password
// resets.
func (st *state) deleteUser(id int64) {
	u := st.users[id]
	if u == nil {
		return
	}
	u.Deleted = true
	st.forgetResets(id)
	for k := range st.orgRoles {
		if k.user == id {
			delete(st.orgRoles, k)
		}
	}
	for k := range st.teamRoles {
		if k.user == id {
			delete(st.teamRoles, k)
		}
	}
}

// canViewOrg: a full member of the organization or a White Label admin.
func (st *state) canViewOrg(u *User, orgID int64) bool {
	return u.UsersAdminsRoleID != 0 || st.acceptedOrgRole(u.ID, orgID) != nil
}

// canViewTeam: a member of the team, an owner/admin of its organization, or a
// White Label admin.
func (st *state) canViewTeam(u *User, t *Team) bool {
	if u.UsersAdminsRoleID != 0 || st.teamRole(u.ID, t.ID) != nil {
		return true
	}
	r := st.acceptedOrgRole(u.ID, t.OrganizationID)
	return r != nil && (r.RoleID == RoleOwner || r.RoleID == RoleAdmin)
}

// gravatar returns Make's default avatar URL for an email.
func gravatar(email string) string {
	sum := md5.Sum([]byte(strings.ToLower(strings.TrimSpace(email))))
	return "https://secure.gravatar.com/avatar/" + hex.EncodeToString(sum[:]) + ".jpg?d=mm"
}

// next returns a new number for history entries, sessions, subscriptions
// and invitations.
func (st *state) next() int64 { st.seq++; return st.seq }

type orgData struct {
	activeScenarios int
	apps            []orgApp
	payments        []*orgPayment
	subscription    *orgSubscription // nil: no subscription
	methods         []*orgPaymentMethod
	discountClaimed bool
	features        []*orgFeature // by descending ID
	vars            map[string]*orgVariable
}

type orgApp struct {
	name        string
	version     int
	installedAt time.Time
	installedBy int64
}

type orgPayment struct {
	id            string
	invoiceNumber int64
	created       time.Time
	typeName      string
	status        string
	product       string
	method        string
	amount        float64
	from, to      time.Time
}

type orgSubscription struct {
	plan     *orgPlan
	price    float64 // after the coupon, if any
	nextBill time.Time
	coupon   *orgCoupon
}

type orgCoupon struct {
	from, to time.Time
	price    float64
}

type orgPaymentMethod struct {
	id, typ        string
	immediate      bool
	defaultSub     bool
	defaultExtras  bool
	created        time.Time
	brand, last4   string
	ibanLast4      string
	validUntilYear int
}

type orgFeature struct {
	id          int64
	name, label string
	description string
	warning     string
	tags        []string
	enabled     bool
}

// orgFeatureCatalogue is the feature controls every organization starts with.
var orgFeatureCatalogue = []orgFeature{
	{id: 4, name: "On-demand scheduling", label: "On-demand scheduling", description: "Run scenarios on demand only.", tags: []string{"scheduling"}},
	{id: 3, name: "Scenario inputs", label: "Scenario inputs", description: "Scenarios with inputs.", tags: []string{"scenarios"}, enabled: true},
	{id: 2, name: "Custom functions", label: "Custom functions", description: "Custom functions in scenarios.", tags: []string{"functions"}, enabled: true},
	{id: 1, name: "Make AI Tools", label: "Make AI Tools", description: "AI modules in scenarios.", warning: "Disabling it stops scenarios using AI modules.", tags: []string{"ai"}, enabled: true},
}

// Variable types (typeId).
const (
	varNumber = 1
	varString = 2
	varBool   = 3
	varDate   = 4
)

type orgVariable struct {
	name      string
	typeID    int
	value     any // float64, string, bool, or a date string in Make's format
	createdID int64
	history   []object // diffObjects with their entry IDs, newest first
}

// orgData returns the data of an organization besides its Organization
// record, creating its defaults on first use:
// the feature controls and the subscription of its plan (WithExampleData
// adds organization 1's apps, payments and payment methods).
func (st *state) orgData(o *Organization) *orgData {
	if d := st.orgExtra[o.ID]; d != nil {
		return d
	}
	d := &orgData{vars: map[string]*orgVariable{}}
	for _, f := range orgFeatureCatalogue {
		f := f
		f.tags = append([]string(nil), f.tags...)
		d.features = append(d.features, &f)
	}
	if p := planByService(o.ServiceName); p != nil {
		d.subscription = &orgSubscription{plan: p, price: p.price, nextBill: firstOfNextMonth(fixtureTime)}
	}
	st.orgExtra[o.ID] = d
	return d
}

// userData is what a user has besides the User record: the API tokens
// created through POST /users/me/api-tokens (oldest first), and the team
// notifications and Mailhub email preferences turned off (every one is on
// until then).
type userData struct {
	apiTokens        []*apiToken
	notificationsOff map[notificationKey]bool
	preferencesOff   map[preferenceKey]bool
}

// userData returns the user's data, creating it on first use.
func (st *state) userData(userID int64) *userData {
	if d := st.userExtra[userID]; d != nil {
		return d
	}
	d := &userData{notificationsOff: map[notificationKey]bool{}, preferencesOff: map[preferenceKey]bool{}}
	st.userExtra[userID] = d
	return d
}

func firstOfNextMonth(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC)
}

func (st *state) newPayment(product string, amount float64, at time.Time) *orgPayment {
	n := st.next()
	return &orgPayment{
		id: fmt.Sprintf("in_fake_%06d", n), invoiceNumber: n, created: at.UTC(), typeName: "subscription", status: "paid",
		product: product, method: "card", amount: amount, from: at.UTC(), to: at.UTC().AddDate(0, 1, 0).Add(-time.Second),
	}
}
