package maketest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"
)

// The 30 Organizations operations (tag
// Organizations in openapi.json).
func init() {
	handle("organizationsList", orgsList)
	handle("organizationsCreate", orgsCreate)
	handle("organizationsGetInvitation", orgsGetInvitation)
	handle("organizationsAcceptInvitation", orgsAcceptInvitation)
	handle("organizationsGet", orgsGet)
	handle("organizationsDelete", orgsDelete)
	handle("organizationsUpdate", orgsUpdate)
	handle("organizationsListApps", orgsListApps)
	handle("organizationsListPayments", orgsListPayments)
	handle("organizationsGetSubscription", orgsGetSubscription)
	handle("organizationsCreateSubscription", orgsCreateSubscription)
	handle("organizationsCancelSubscription", orgsCancelSubscription)
	handle("organizationsChangeSubscription", orgsChangeSubscription)
	handle("organizationsSetFreeSubscription", orgsSetFreeSubscription)
	handle("organizationsListPaymentMethodTypes", orgsListPaymentMethodTypes)
	handle("organizationsListPaymentMethods", orgsListPaymentMethods)
	handle("organizationsDeletePaymentMethod", orgsDeletePaymentMethod)
	handle("organizationsSetDefaultPaymentMethod", orgsSetDefaultPaymentMethod)
	handle("organizationsClaimCancellationOffer", orgsClaimCancellationOffer)
	handle("organizationsInviteUser", orgsInviteUser)
	handle("organizationsListVariables", orgsListVariables)
	handle("organizationsCreateVariable", orgsCreateVariable)
	handle("organizationsDeleteVariable", orgsDeleteVariable)
	handle("organizationsUpdateVariable", orgsUpdateVariable)
	handle("organizationsGetVariableHistory", orgsGetVariableHistory)
	handle("organizationsGetUsage", orgsGetUsage)
	handle("organizationsListFeatureControls", orgsListFeatureControls)
	handle("organizationsUpdateFeatureControl", orgsUpdateFeatureControl)
	handle("organizationsSetTfaEnforcement", orgsSetTFAEnforcement)
	handle("organizationsCheckTeamPermission", orgsCheckTeamPermission)
}

// ServedZone is the zone the fake answers as. Organizations of another zone
// (organization 2 is in us1.make.com) are listed without license,
// serviceName and isPaused, like Make does, and cannot be deleted.
const ServedZone = "eu1.make.com"

// ---------------------------------------------------------------------------
// Plans

// TFA enforcement availability of a plan.
const (
	tfaUnavailable = iota // 400: the feature is not available
	tfaUpgrade            // 402: upgrade the plan
	tfaIncluded
)

// orgPlan is a plan of the fake's price list. The service name of an
// organization (Organization.ServiceName) names its plan.
type orgPlan struct {
	service, product   string
	productID, priceID int64
	price              float64
	apiLimit           int
	tfa                int
}

// orgPlans is the fake's price list (monthly USD prices).
var orgPlans = []orgPlan{
	{"free", "Free", 1, 10, 0, 60, tfaUnavailable},
	{"core", "Core", 2, 20, 10.59, 60, tfaUpgrade},
	{"pro", "Pro", 3, 30, 18.82, 120, tfaUpgrade},
	{"teams", "Teams", 4, 40, 34.12, 240, tfaIncluded},
	{"enterprise", "Enterprise", 5, 50, 299, 1000, tfaIncluded},
}

func planByService(service string) *orgPlan {
	for i := range orgPlans {
		if orgPlans[i].service == service {
			return &orgPlans[i]
		}
	}
	return nil
}

func planByPrice(priceID int64) *orgPlan {
	for i := range orgPlans {
		if orgPlans[i].priceID == priceID {
			return &orgPlans[i]
		}
	}
	return nil
}

// orgCoupons are the coupon codes the fake accepts, with the share of the
// price that remains.
var orgCoupons = map[string]float64{"WELCOME10": 0.9}

// ---------------------------------------------------------------------------
// Per-organization data kept besides the shared state

const orgStoreKey = "organizations"

type orgStore struct {
	data map[int64]*orgData
	seq  int64 // history entry, session, subscription and invitation numbers
}

func newOrgStore() *orgStore { return &orgStore{data: map[int64]*orgData{}, seq: 1000} }

func (s *orgStore) next() int64 { s.seq++; return s.seq }

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

// store returns the Organizations data of the server. s.mu must be held.
func (c *call) store() *orgStore { return serviceState(c.s, orgStoreKey, newOrgStore) }

// of returns the data of an organization, creating its defaults on first use:
// the feature controls, the subscription of its plan, and for organization 1
// apps, payments and payment methods.
func (s *orgStore) of(o *Organization) *orgData {
	if d := s.data[o.ID]; d != nil {
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
	if o.ID == DefaultOrganizationID {
		d.apps = []orgApp{
			{"acme-crm-x4kd9a", 3, fixtureTime.Add(48 * time.Hour), DefaultUserID},
			{"acme-billing-9sk2lq", 1, fixtureTime.Add(72 * time.Hour), AdminUserID},
		}
		for i := 1; i <= 3; i++ {
			d.payments = append(d.payments, s.newPayment(o, "Pro", 18.82, fixtureTime.AddDate(0, i-4, 0)))
		}
		d.methods = []*orgPaymentMethod{
			{id: "pm_fake_card_4242", typ: "card", immediate: true, defaultSub: true, defaultExtras: true,
				created: fixtureTime, brand: "visa", last4: "4242", validUntilYear: 2030},
			{id: "pm_fake_sepa_3000", typ: "sepa_debit", created: fixtureTime.Add(time.Hour), ibanLast4: "3000"},
		}
	}
	s.data[o.ID] = d
	return d
}

func firstOfNextMonth(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC)
}

func (s *orgStore) newPayment(o *Organization, product string, amount float64, at time.Time) *orgPayment {
	n := s.next()
	return &orgPayment{
		id: fmt.Sprintf("in_fake_%06d", n), invoiceNumber: n, created: at.UTC(), typeName: "subscription", status: "paid",
		product: product, method: "card", amount: amount, from: at.UTC(), to: at.UTC().AddDate(0, 1, 0).Add(-time.Second),
	}
}

// ---------------------------------------------------------------------------
// Access

type orgAccess int

const (
	accessView     orgAccess = iota // a member
	accessPayments                  // Owner, Admin or Accountant
	accessManage                    // Owner or Admin
	accessOwner                     // Owner
)

// orgFor resolves {organizationId}: 400 if not numeric, 404 if unknown, 403
// without the access. White Label admins have every access.
func (c *call) orgFor(access orgAccess) (*Organization, *orgData, error) {
	id, err := c.pathID("organizationId")
	if err != nil {
		return nil, nil, err
	}
	o := c.st.orgs[id]
	if o == nil {
		return nil, nil, errNotFound(fmt.Sprintf("Organization with ID %d not found.", id))
	}
	if !c.hasOrgAccess(o.ID, access) {
		return nil, nil, errForbidden()
	}
	return o, c.store().of(o), nil
}

func (c *call) hasOrgAccess(orgID int64, access orgAccess) bool {
	if c.isInstanceAdmin() {
		return true
	}
	r := c.st.acceptedOrgRole(c.tok.userID, orgID)
	if r == nil {
		return false
	}
	switch access {
	case accessPayments:
		return r.RoleID == RoleOwner || r.RoleID == RoleAdmin || r.RoleID == RoleAccountant
	case accessManage:
		return r.RoleID == RoleOwner || r.RoleID == RoleAdmin
	case accessOwner:
		return r.RoleID == RoleOwner
	}
	return true
}

// ---------------------------------------------------------------------------
// Organization columns

var (
	orgCols = []string{"id", "name", "createdAt", "timezoneId", "countryId", "zone", "license", "serviceName", "productName",
		"teams", "isPaused", "deleted", "nextReset", "lastReset", "operations", "transfer", "operationsExt", "transferExt",
		"unusedOperations", "unusedTransfer", "autoPurchasingActivated", "features", "externalId", "ssoType", "scenarios",
		"activeScenarios", "activeApps", "tfaEnforced", "featureControls", "solutionPartnerLink", "privateSpaces"}
	orgListDefaultCols = []string{"id", "name", "timezoneId"}
	orgGetDefaultCols  = []string{"id", "name", "createdAt", "countryId", "timezoneId", "zone", "license", "serviceName",
		"productName", "teams", "isPaused", "deleted", "nextReset", "operations", "transfer", "operationsExt", "transferExt",
		"unusedOperations", "unusedTransfer", "features", "externalId", "activeScenarios", "tfaEnforced"}
	// orgZoneOnlyCols are returned only for organizations of ServedZone.
	orgZoneOnlyCols = []string{"license", "serviceName", "isPaused"}
)

// orgFields returns every column of an organization.
func (c *call) orgFields(o *Organization) map[string]any {
	d := c.store().of(o)
	teams := []object{}
	for _, t := range c.st.teamsOfOrg(o.ID) {
		teams = append(teams, object{{"id", t.ID}, {"name", t.Name}})
	}
	var ext any
	if o.ExternalID != "" {
		ext = o.ExternalID
	}
	lic := o.License
	if lic.Apps == nil {
		lic.Apps = []string{}
	}
	features := []object{}
	for _, f := range d.features {
		features = append(features, object{{"id", f.id}, {"name", f.name}, {"enabled", f.enabled}})
	}
	lastReset := time.Date(c.s.now().UTC().Year(), c.s.now().UTC().Month(), 1, 0, 0, 0, 0, time.UTC)
	return map[string]any{
		"id": o.ID, "name": o.Name, "createdAt": o.CreatedAt.UTC().Format(timeLayout),
		"timezoneId": o.TimezoneID, "countryId": o.CountryID, "zone": o.Zone, "license": lic,
		"serviceName": o.ServiceName, "productName": o.ProductName, "teams": teams, "isPaused": o.IsPaused,
		"deleted": false, "nextReset": firstOfNextMonth(c.s.now()).Format(timeLayout), "lastReset": lastReset.Format(timeLayout),
		"operations": "0", "transfer": "0", "operationsExt": "0", "transferExt": "0",
		"unusedOperations": fmt.Sprint(lic.Operations), "unusedTransfer": fmt.Sprint(lic.Transfer),
		"autoPurchasingActivated": false, "features": map[string]any{}, "externalId": ext, "ssoType": nil,
		"scenarios": d.activeScenarios, "activeScenarios": d.activeScenarios, "activeApps": len(d.apps),
		"tfaEnforced": o.TFAEnforced, "featureControls": features, "solutionPartnerLink": "", "privateSpaces": []object{},
	}
}

// orgObject projects an organization on cols, leaving out the zone-only
// columns for organizations of other zones.
func (c *call) orgObject(o *Organization, cols []string) object {
	if o.Zone != ServedZone {
		kept := make([]string, 0, len(cols))
		for _, col := range cols {
			if !contains(orgZoneOnlyCols, col) {
				kept = append(kept, col)
			}
		}
		cols = kept
	}
	return project(c.orgFields(o), cols)
}

// orgsPage is the pagination of GET /organizations (sorted by name ascending
// by default; the documented example answers with limit 10000).
var orgsPage = pageConfig{
	SortFields: []string{"name", "id"}, DefaultSortBy: "name", DefaultSortDir: "asc",
	DefaultLimit: 10000, MaxLimit: 10000,
}

func orgSortKey(o *Organization, field string) any {
	if field == "id" {
		return o.ID
	}
	return o.Name
}

func orgID(o *Organization) int64 { return o.ID }

// orgsList: GET /organizations (organizations:read). The organizations the
// user is a full member of.
func orgsList(c *call) (any, error) {
	cols, err := c.cols(orgCols, orgListDefaultCols)
	if err != nil {
		return nil, err
	}
	pg, err := c.page(orgsPage)
	if err != nil {
		return nil, err
	}
	zone, ext := c.query.Get("zone"), c.query.Get("externalId")
	var orgs []*Organization
	for _, r := range c.st.orgRolesOfUser(c.tok.userID, false) {
		o := c.st.orgs[r.OrganizationID]
		if o == nil || (zone != "" && o.Zone != zone) || (ext != "" && o.ExternalID != ext) {
			continue
		}
		orgs = append(orgs, o)
	}
	out := []object{}
	for _, o := range sortPage(orgs, pg, orgSortKey, orgID) {
		out = append(out, c.orgObject(o, cols))
	}
	return object{{"organizations", out}, {"pg", pg}}, nil
}

// checkOrgName applies Make's name rules.
func checkOrgName(param, n string) error {
	switch {
	case n == "":
		return errInvalid(param, "must not be empty.")
	case strings.TrimSpace(n) != n:
		return errInvalid(param, "must not start or end with a space.")
	case !nameRe.MatchString(n):
		return errInvalid(param, "may contain only letters, numbers, spaces and the characters ' - . ( ) * + , @ _ /.")
	}
	return nil
}

// requirePositive returns a required positive integer body field or a 400.
func requirePositive(name string, v *int64) (int64, error) {
	if v == nil {
		return 0, errInvalid(name, "is required.")
	}
	if *v <= 0 {
		return 0, errInvalid(name, "must be a positive integer.")
	}
	return *v, nil
}

// orgsCreate: POST /organizations (admin:write, organizations:write). The
// new organization is on the Free plan, with a team "My Team"; the caller
// becomes its owner.
func orgsCreate(c *call) (any, error) {
	var body struct {
		Name       *string `json:"name"`
		RegionID   *int64  `json:"regionId"`
		TimezoneID *int64  `json:"timezoneId"`
		CountryID  *int64  `json:"countryId"`
	}
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	name, err := requireString("name", body.Name)
	if err != nil {
		return nil, err
	}
	if err := checkOrgName("name", name); err != nil {
		return nil, err
	}
	ids := map[string]*int64{"regionId": body.RegionID, "timezoneId": body.TimezoneID, "countryId": body.CountryID}
	for _, k := range []string{"regionId", "timezoneId", "countryId"} {
		if _, err := requirePositive(k, ids[k]); err != nil {
			return nil, err
		}
	}
	free := planByService("free")
	o := c.st.addOrg(Organization{
		Name: name, Zone: ServedZone, TimezoneID: *body.TimezoneID, CountryID: *body.CountryID,
		ServiceName: free.service, ProductName: free.product, CreatedAt: c.s.now(),
		License: License{APILimit: free.apiLimit, Users: 2, Teams: 1, Operations: 1000, Transfer: 100 << 20,
			DSLimit: 1, FSLimit: 100 << 20, Interval: 15, Apps: []string{}},
	})
	if _, err := c.st.addTeam(Team{OrganizationID: o.ID, Name: "My Team"}); err != nil {
		return nil, err
	}
	c.st.setOrgRole(c.tok.userID, o.ID, RoleOwner, InvitationAccepted, "")
	for _, t := range c.st.teamsOfOrg(o.ID) {
		c.st.setTeamRole(c.tok.userID, t.ID, RoleTeamAdmin)
	}
	return object{
		{"organization", c.orgObject(o, orgGetDefaultCols)},
		{"userOrganizationRole", orgRoleObject(c.st.orgRole(c.tok.userID, o.ID))},
	}, nil
}

// orgsGet: GET /organizations/{organizationId} (organizations:read).
func orgsGet(c *call) (any, error) {
	if _, _, err := c.queryBool("wait"); err != nil {
		return nil, err
	}
	cols, err := c.cols(orgCols, orgGetDefaultCols)
	if err != nil {
		return nil, err
	}
	o, _, err := c.orgFor(accessView)
	if err != nil {
		return nil, err
	}
	return object{{"organization", c.orgObject(o, cols)}}, nil
}

// orgsDelete: DELETE /organizations/{organizationId} (organizations:write).
// Only the owner may delete, only organizations of ServedZone, and with
// active scenarios only with confirmed=true.
func orgsDelete(c *call) (any, error) {
	confirmed, _, err := c.queryBool("confirmed")
	if err != nil {
		return nil, err
	}
	o, d, err := c.orgFor(accessOwner)
	if err != nil {
		return nil, err
	}
	if o.Zone != ServedZone {
		return nil, errBadRequest(fmt.Sprintf("Only organizations of the zone %s can be deleted here; organization %d is in %s.", ServedZone, o.ID, o.Zone))
	}
	if d.activeScenarios > 0 && !confirmed {
		return nil, errConfirmationRequired(fmt.Sprintf("The organization has %d active scenarios; add confirmed=true to delete it.", d.activeScenarios))
	}
	id := o.ID
	c.st.adminDeleteOrg(id)
	delete(c.store().data, id)
	return object{{"organization", id}}, nil
}

// orgsUpdate: PATCH /organizations/{organizationId} (organizations:write).
func orgsUpdate(c *call) (any, error) {
	o, _, err := c.orgFor(accessManage)
	if err != nil {
		return nil, err
	}
	var body struct {
		Name       *string `json:"name"`
		CountryID  *int64  `json:"countryId"`
		TimezoneID *int64  `json:"timezoneId"`
	}
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	if body.Name != nil {
		if err := checkOrgName("name", *body.Name); err != nil {
			return nil, err
		}
	}
	for name, v := range map[string]*int64{"countryId": body.CountryID, "timezoneId": body.TimezoneID} {
		if v != nil && *v <= 0 {
			return nil, errInvalid(name, "must be a positive integer.")
		}
	}
	if body.Name != nil {
		o.Name = *body.Name
	}
	if body.CountryID != nil {
		o.CountryID = *body.CountryID
	}
	if body.TimezoneID != nil {
		o.TimezoneID = *body.TimezoneID
	}
	return object{{"organization", c.orgObject(o, orgGetDefaultCols)}}, nil
}

// ---------------------------------------------------------------------------
// Invitations

// invitedUserCols are the user columns of the invitation answers.
var invitedUserCols = []string{"id", "name", "email", "language", "timezoneId", "localeId", "countryId", "features", "avatar"}

// invitationRoles are the organization roles a user can be invited with.
var invitationRoles = []int64{RoleAdmin, RoleMember, RoleAccountant}

// newInvitationHash returns a fresh UUID-shaped invitation hash.
func (c *call) newInvitationHash(orgID, userID int64) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("invitation:%d:%d:%d", c.store().next(), orgID, userID)))
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32]
}

// orgsInviteUser: POST /organizations/{organizationId}/invite
// (organizations:write). Owners and Admins invite; an unknown email makes a
// new user (without a password). Teams in teamsId are joined as Team Member.
func orgsInviteUser(c *call) (any, error) {
	o, _, err := c.orgFor(accessManage)
	if err != nil {
		return nil, err
	}
	var body struct {
		UsersRoleID *int64  `json:"usersRoleId"`
		Email       *string `json:"email"`
		Name        *string `json:"name"`
		Note        *string `json:"note"`
		TeamsID     []int64 `json:"teamsId"`
	}
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	email, err := requireString("email", body.Email)
	if err != nil {
		return nil, err
	}
	if !validEmail(email) {
		return nil, errInvalid("email", "must be a valid email address, got %q.", email)
	}
	name, err := requireString("name", body.Name)
	if err != nil {
		return nil, err
	}
	if err := checkOrgName("name", name); err != nil {
		return nil, err
	}
	if len([]rune(name)) > 250 {
		return nil, errInvalid("name", "must be at most 250 characters long.")
	}
	role := RoleMember
	if body.UsersRoleID != nil {
		role = *body.UsersRoleID
		if !contains(invitationRoles, role) {
			return nil, errInvalid("usersRoleId", "must be an organization role a user can be invited with (%d Admin, %d Member, %d Accountant), got %d.",
				RoleAdmin, RoleMember, RoleAccountant, role)
		}
	}
	for _, id := range body.TeamsID {
		if t := c.st.teams[id]; t == nil || t.OrganizationID != o.ID {
			return nil, errNotFound(fmt.Sprintf("Team with ID %d not found in organization %d.", id, o.ID))
		}
	}
	u := c.st.userByEmail(email)
	if u != nil && c.st.acceptedOrgRole(u.ID, o.ID) != nil {
		return nil, errInvalid("email", "belongs to a member of the organization already.")
	}
	if u == nil {
		u = c.st.addUser(User{Name: name, Email: email, Created: c.s.now()})
	}
	c.st.setOrgRole(u.ID, o.ID, role, InvitationPending, c.newInvitationHash(o.ID, u.ID))
	for _, id := range body.TeamsID {
		c.st.setTeamRole(u.ID, id, RoleTeamMember)
	}
	return object{
		{"user", project(c.st.userFields(u, 0, false), invitedUserCols)},
		{"userOrganizationRole", orgRoleObject(c.st.orgRole(u.ID, o.ID))},
	}, nil
}

// pendingInvitation finds the pending invitation with the hash.
func (st *state) pendingInvitation(hash string) *OrganizationRole {
	if hash == "" {
		return nil
	}
	for _, r := range st.orgRoles {
		if r.Hash == hash && r.Invitation != InvitationAccepted && st.user(r.UserID) != nil && st.orgs[r.OrganizationID] != nil {
			return r
		}
	}
	return nil
}

// orgsGetInvitation: GET /organizations/invitation?hash= (organizations:read).
// The invited user and the organization's Owners and Admins may look an
// invitation up; an accepted one is gone (404).
func orgsGetInvitation(c *call) (any, error) {
	hash := c.query.Get("hash")
	if hash == "" {
		return nil, errInvalid("hash", "is required.")
	}
	r := c.st.pendingInvitation(hash)
	if r == nil {
		return nil, errNotFound("The invitation is unknown or was accepted already.")
	}
	if r.UserID != c.tok.userID && !c.hasOrgAccess(r.OrganizationID, accessManage) {
		return nil, errForbidden()
	}
	o := c.st.orgs[r.OrganizationID]
	return object{
		{"organization", object{{"id", o.ID}, {"name", o.Name}}},
		{"user", project(c.st.userFields(c.st.user(r.UserID), 0, false), invitedUserCols)},
		{"userOrganizationRole", orgRoleObject(r)},
	}, nil
}

// orgsAcceptInvitation: POST /organizations/accept-invitation
// (organizations:write). Only the invited user accepts, once; an expired
// invitation cannot be accepted.
func orgsAcceptInvitation(c *call) (any, error) {
	var body struct {
		Hash *string `json:"hash"`
	}
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	hash, err := requireString("hash", body.Hash)
	if err != nil {
		return nil, err
	}
	r := c.st.pendingInvitation(hash)
	switch {
	case r == nil:
		return nil, errNotFound("The invitation is unknown or was accepted already.")
	case r.UserID != c.tok.userID:
		return nil, errForbidden()
	case r.Invitation == InvitationExpired:
		return nil, errBadRequest("The invitation has expired; ask for a new one.")
	}
	r.Invitation, r.Hash = InvitationAccepted, ""
	return object{
		{"user", project(c.st.userFields(c.me(), 0, false), invitedUserCols)},
		{"userOrganizationRole", orgRoleObject(r)},
	}, nil
}

// ---------------------------------------------------------------------------
// Apps, payments and subscriptions

// orgsListApps: GET /organizations/{organizationId}/apps (organizations:read).
func orgsListApps(c *call) (any, error) {
	o, d, err := c.orgFor(accessView)
	if err != nil {
		return nil, err
	}
	out := []object{}
	for _, a := range d.apps {
		out = append(out, object{{"appName", a.name}, {"appVersion", a.version}, {"organizationId", o.ID},
			{"installedAt", a.installedAt.UTC().Format(timeLayout)}, {"installedBy", a.installedBy}})
	}
	return object{{"installedApps", out}}, nil
}

// paymentsPage is the pagination of the past payments (newest first).
var paymentsPage = pageConfig{
	SortFields: []string{"created", "id", "invoice_number"}, DefaultSortBy: "created", DefaultSortDir: "desc",
	DefaultLimit: 10, MaxLimit: 10000,
}

func paymentSortKey(p *orgPayment, field string) any {
	switch field {
	case "id":
		return p.id
	case "invoice_number":
		return p.invoiceNumber
	}
	return p.created.Format(timeLayout)
}

func paymentNumber(p *orgPayment) int64 { return p.invoiceNumber }

func (p *orgPayment) object() object {
	return object{
		{"id", p.id}, {"invoice_number", p.invoiceNumber}, {"created", p.created.Format(timeLayout)},
		{"type_name", p.typeName}, {"status_name", p.status}, {"product_name", object{{"en", p.product}}},
		{"payment_method", object{{"type", p.method}}}, {"amount_total", p.amount}, {"currency_code", "USD"},
		{"invoice_url", "https://invoices.maketest.invalid/" + p.id + ".pdf"},
		{"hosted_invoice_url", "https://invoices.maketest.invalid/" + p.id},
		{"period_from", p.from.Format("2006-01-02")}, {"period_to", p.to.Format("2006-01-02")},
	}
}

// orgsListPayments: GET /organizations/{organizationId}/payments
// (organizations:read); Owners, Admins and Accountants.
func orgsListPayments(c *call) (any, error) {
	pg, err := c.page(paymentsPage)
	if err != nil {
		return nil, err
	}
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	out := []object{}
	for _, p := range sortPage(d.payments, pg, paymentSortKey, paymentNumber) {
		out = append(out, p.object())
	}
	return object{{"payments", out}, {"pg", pg}}, nil
}

// activePaid returns the organization's subscription when it is a paid one.
func (d *orgData) activePaid() *orgSubscription {
	if d.subscription != nil && d.subscription.plan.price > 0 {
		return d.subscription
	}
	return nil
}

// orgsGetSubscription: GET /organizations/{organizationId}/subscription
// (organizations:read); 404 without a subscription.
func orgsGetSubscription(c *call) (any, error) {
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	sub := d.subscription
	if sub == nil {
		return nil, errNotFound("The organization has no active subscription.")
	}
	p := sub.plan
	product := object{
		{"id", p.productID}, {"name", p.product}, {"nextBill", sub.nextBill.Format("2006-01-02")},
		{"price", object{{"id", p.priceID}, {"price", p.price}, {"currencyCode", "USD"}, {"period", "monthly"}}},
	}
	if cp := sub.coupon; cp != nil {
		product = append(product, field{"coupon", object{
			{"validFrom", cp.from.Format("2006-01-02")}, {"validTo", cp.to.Format("2006-01-02")}, {"price", cp.price},
			{"currencyCode", "USD"}, {"productId", p.productID}, {"productName", p.product},
		}})
	}
	return object{{"product", product}}, nil
}

// subscriptionBody is the body of creating or changing a subscription.
type subscriptionBody struct {
	PriceID    *int64  `json:"priceId"`
	CouponCode *string `json:"couponCode"`
	Customer   *struct {
		Email      *string `json:"email"`
		Name       *string `json:"name"`
		IsBusiness *bool   `json:"isBusiness"`
		CountryID  *int64  `json:"countryId"`
	} `json:"customer"`
}

// plan validates the body and returns the paid plan of priceId.
func (b *subscriptionBody) plan() (*orgPlan, error) {
	if b.PriceID == nil {
		return nil, errInvalid("priceId", "is required.")
	}
	p := planByPrice(*b.PriceID)
	if p == nil {
		return nil, errNotFound(fmt.Sprintf("Price with ID %d not found.", *b.PriceID))
	}
	if p.price == 0 {
		return nil, errInvalid("priceId", "is the Free plan's price; switch to it with POST /organizations/{organizationId}/subscription-free.")
	}
	if cu := b.Customer; cu != nil {
		switch {
		case cu.Email == nil || !validEmail(*cu.Email):
			return nil, errInvalid("customer.email", "is required and must be a valid email address.")
		case cu.Name == nil || strings.TrimSpace(*cu.Name) == "":
			return nil, errInvalid("customer.name", "is required.")
		case cu.IsBusiness == nil:
			return nil, errInvalid("customer.isBusiness", "is required.")
		case cu.CountryID == nil || *cu.CountryID <= 0:
			return nil, errInvalid("customer.countryId", "is required and must be a positive integer.")
		}
	}
	return p, nil
}

// applyPlan puts the organization on the plan.
func (c *call) applyPlan(o *Organization, d *orgData, p *orgPlan, price float64) {
	o.ServiceName, o.ProductName, o.License.APILimit = p.service, p.product, p.apiLimit
	if p.tfa != tfaIncluded {
		o.TFAEnforced = false
	}
	d.subscription = &orgSubscription{plan: p, price: price, nextBill: firstOfNextMonth(c.s.now())}
}

// orgsCreateSubscription: POST /organizations/{organizationId}/subscription
// (organizations:write). The fake takes the checkout as paid at once.
func orgsCreateSubscription(c *call) (any, error) {
	o, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	var body subscriptionBody
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	p, err := body.plan()
	if err != nil {
		return nil, err
	}
	if d.activePaid() != nil {
		return nil, errBadRequest("The organization has an active subscription already; change it with PATCH /organizations/{organizationId}/subscription.")
	}
	price := p.price
	if body.CouponCode != nil && *body.CouponCode != "" {
		share, ok := orgCoupons[*body.CouponCode]
		if !ok {
			return nil, errInvalid("couponCode", "is not a valid coupon code.")
		}
		price = roundCents(price * share)
	}
	c.applyPlan(o, d, p, price)
	st := c.store()
	d.payments = append(d.payments, st.newPayment(o, p.product, price, c.s.now()))
	session, sub := st.next(), st.next()
	return object{{"sessionId", session}, {"url", fmt.Sprintf("https://checkout.maketest.invalid/session/%d", session)}, {"subscriptionId", sub}}, nil
}

func roundCents(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// orgsCancelSubscription: DELETE /organizations/{organizationId}/subscription
// (organizations:write).
func orgsCancelSubscription(c *call) (any, error) {
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	if d.activePaid() == nil {
		return nil, errBadRequest("The organization has no active paid subscription to cancel.")
	}
	d.subscription = nil
	return object{{"ok", 1}}, nil
}

// orgsChangeSubscription: PATCH /organizations/{organizationId}/subscription
// (organizations:write).
func orgsChangeSubscription(c *call) (any, error) {
	o, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	var body subscriptionBody
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	p, err := body.plan()
	if err != nil {
		return nil, err
	}
	if d.activePaid() == nil {
		return nil, errBadRequest("The organization has no active paid subscription; create one with POST /organizations/{organizationId}/subscription.")
	}
	c.applyPlan(o, d, p, p.price)
	d.payments = append(d.payments, c.store().newPayment(o, p.product, p.price, c.s.now()))
	return object{{"ok", 1}}, nil
}

// orgsSetFreeSubscription: POST /organizations/{organizationId}/subscription-free
// (organizations:write). Leaving a paid plan needs confirmed=true.
func orgsSetFreeSubscription(c *call) (any, error) {
	confirmed, _, err := c.queryBool("confirmed")
	if err != nil {
		return nil, err
	}
	o, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	if d.activePaid() != nil && !confirmed {
		return nil, errConfirmationRequired("The organization has a paid subscription; add confirmed=true to switch to the Free plan.")
	}
	c.applyPlan(o, d, planByService("free"), 0)
	return object{{"customerId", 1000 + o.ID}, {"subscriptionId", c.store().next()}}, nil
}

// orgsListPaymentMethodTypes: GET .../subscription/payment-method-types
// (organizations:read).
func orgsListPaymentMethodTypes(c *call) (any, error) {
	if _, _, err := c.orgFor(accessPayments); err != nil {
		return nil, err
	}
	return object{{"paymentMethodTypes", []object{
		{{"value", "card"}, {"label", "Card"}, {"canBeDefaultForSubscription", true}, {"canBeDefaultForExtras", true}},
		{{"value", "sepa_debit"}, {"label", "SEPA Direct Debit"}, {"canBeDefaultForSubscription", true}, {"canBeDefaultForExtras", false}},
		{{"value", "paypal"}, {"label", "PayPal"}, {"canBeDefaultForSubscription", true}, {"canBeDefaultForExtras", true}},
	}}}, nil
}

func (m *orgPaymentMethod) object() object {
	details := object{}
	if m.typ == "card" {
		details = object{{"brand", m.brand}, {"last4", m.last4}, {"expYear", m.validUntilYear}}
	} else if m.ibanLast4 != "" {
		details = object{{"last4", m.ibanLast4}}
	}
	return object{
		{"id", m.id}, {"type", m.typ}, {"valid", true}, {"customerDefaultMethod", m.defaultSub},
		{"customerDefaultExtrasMethod", m.defaultExtras}, {"isImmediate", m.immediate},
		{"created", m.created.UTC().Format(timeLayout)}, {"methodDetails", details},
	}
}

// orgsListPaymentMethods: GET .../subscription/payment-methods
// (organizations:read).
func orgsListPaymentMethods(c *call) (any, error) {
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	out := []object{}
	for _, m := range d.methods {
		out = append(out, m.object())
	}
	return object{{"paymentMethods", out}, {"pg", page{SortBy: "created", SortDir: "asc", Limit: 10000}}}, nil
}

// paymentMethod resolves {paymentMethodId} (404 if unknown).
func (c *call) paymentMethod(d *orgData) (int, *orgPaymentMethod, error) {
	id := c.r.PathValue("paymentMethodId")
	for i, m := range d.methods {
		if m.id == id {
			return i, m, nil
		}
	}
	return 0, nil, errNotFound(fmt.Sprintf("Payment method %q not found.", id))
}

// orgsDeletePaymentMethod: DELETE .../payment-methods/{paymentMethodId}
// (organizations:write). The subscription's default method cannot be deleted
// while a paid subscription is active.
func orgsDeletePaymentMethod(c *call) (any, error) {
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	i, m, err := c.paymentMethod(d)
	if err != nil {
		return nil, err
	}
	if m.defaultSub && d.activePaid() != nil {
		return nil, errBadRequest("The payment method is the default of the active subscription; make another one the default first.")
	}
	d.methods = append(d.methods[:i:i], d.methods[i+1:]...)
	return object{{"ok", 1}}, nil
}

// orgsSetDefaultPaymentMethod: PATCH .../payment-methods/{paymentMethodId}/default
// (organizations:write). extras and both need an immediate method.
func orgsSetDefaultPaymentMethod(c *call) (any, error) {
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	var body struct {
		Target *string `json:"target"`
	}
	if err := c.decode(&body, false); err != nil {
		return nil, err
	}
	target := "both"
	if body.Target != nil {
		target = *body.Target
	}
	if !contains([]string{"both", "extras", "subscription"}, target) {
		return nil, errInvalid("target", "must be both, extras or subscription, got %q.", target)
	}
	_, m, err := c.paymentMethod(d)
	if err != nil {
		return nil, err
	}
	if target != "subscription" && !m.immediate {
		return nil, errBadRequest(fmt.Sprintf("Payment method %q is not immediate; it can be the default for the subscription only.", m.id))
	}
	for _, other := range d.methods {
		if target != "extras" {
			other.defaultSub = other == m
		}
		if target != "subscription" {
			other.defaultExtras = other == m
		}
	}
	return object{{"paymentMethodId", m.id}, {"paymentMethodType", m.typ},
		{"isDefaultForSubscription", m.defaultSub}, {"isDefaultForExtras", m.defaultExtras}}, nil
}

// orgsClaimCancellationOffer: POST .../universal-discount/claim-cancellation-offer
// (organizations:write). A paid subscription without a coupon gets 50 % off
// for three months, once.
func orgsClaimCancellationOffer(c *call) (any, error) {
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	sub := d.activePaid()
	switch {
	case sub == nil:
		return nil, errBadRequest("The organization has no paid subscription to discount.")
	case d.discountClaimed || sub.coupon != nil:
		return nil, errBadRequest("The organization is not eligible: it has a universal discount or an active coupon already.")
	}
	now := c.s.now().UTC()
	sub.coupon = &orgCoupon{from: now, to: now.AddDate(0, 3, 0), price: roundCents(sub.price / 2)}
	d.discountClaimed = true
	return object{{"ok", 1}}, nil
}

// ---------------------------------------------------------------------------
// Custom variables

var varNameRe = regexp.MustCompile(`^[\p{L}\p{N}$_]+$`)

const varDateLayout = "2006-01-02T15:04:05.000Z"

// varValue checks a JSON value against typeId and returns it as stored.
func varValue(typeID int, raw json.RawMessage) (any, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, errInvalid("value", "is required.")
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, errInvalid("value", "is not valid JSON.")
	}
	mismatch := func(want string) (any, error) {
		return nil, errInvalid("value", "must be a %s for typeId %d, got %s.", want, typeID, raw)
	}
	switch typeID {
	case varNumber:
		if _, ok := v.(float64); !ok {
			return mismatch("number")
		}
	case varString:
		if _, ok := v.(string); !ok {
			return mismatch("string")
		}
	case varBool:
		if _, ok := v.(bool); !ok {
			return mismatch("boolean")
		}
	case varDate:
		s, ok := v.(string)
		if !ok {
			return mismatch("date (YYYY-MM-DDTHH:mm:ss.sssZ)")
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return mismatch("date (YYYY-MM-DDTHH:mm:ss.sssZ)")
		}
		return t.UTC().Format(varDateLayout), nil
	default:
		return nil, errInvalid("typeId", "must be 1 (number), 2 (string), 3 (boolean) or 4 (date), got %d.", typeID)
	}
	return v, nil
}

func varObject(name string, typeID int, value any, system bool) object {
	return object{{"name", name}, {"typeId", typeID}, {"value", value}, {"isSystem", system}}
}

// systemVariables are Make's variables of every organization.
func systemVariables(o *Organization) []object {
	return []object{
		varObject("organizationId", varNumber, o.ID, true),
		varObject("organizationName", varString, o.Name, true),
	}
}

func isSystemVariable(name string) bool {
	return name == "organizationId" || name == "organizationName"
}

// customVariables checks the custom variables feature (404 without it).
func customVariables(o *Organization) error {
	if !o.License.CustomVariables {
		return errNotFound(fmt.Sprintf("Custom variables are not available for organization %d (license.customVariables is false).", o.ID))
	}
	return nil
}

// variable resolves {variableName} of a custom variable.
func (c *call) variable(o *Organization, d *orgData) (*orgVariable, error) {
	name := c.r.PathValue("variableName")
	if isSystemVariable(name) {
		return nil, errBadRequest(fmt.Sprintf("Variable %q is a system variable and cannot be changed.", name))
	}
	v := d.vars[name]
	if v == nil {
		return nil, errNotFound(fmt.Sprintf("Custom variable %q not found in organization %d.", name, o.ID))
	}
	return v, nil
}

// orgsListVariables: GET /organizations/{organizationId}/variables
// (organization-variables:read). System variables first, then the custom
// ones by name; custom ones only with the custom variables feature.
func orgsListVariables(c *call) (any, error) {
	o, d, err := c.orgFor(accessView)
	if err != nil {
		return nil, err
	}
	out := systemVariables(o)
	if o.License.CustomVariables {
		names := make([]string, 0, len(d.vars))
		for n := range d.vars {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			v := d.vars[n]
			out = append(out, varObject(v.name, v.typeID, v.value, false))
		}
	}
	return object{{"organizationVariables", out}}, nil
}

// orgsCreateVariable: POST /organizations/{organizationId}/variables
// (organization-variables:write); Owners and Admins.
func orgsCreateVariable(c *call) (any, error) {
	o, d, err := c.orgFor(accessManage)
	if err != nil {
		return nil, err
	}
	if err := customVariables(o); err != nil {
		return nil, err
	}
	var body struct {
		Name   *string         `json:"name"`
		TypeID *int            `json:"typeId"`
		Value  json.RawMessage `json:"value"`
	}
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	name, err := requireString("name", body.Name)
	if err != nil {
		return nil, err
	}
	if !varNameRe.MatchString(name) {
		return nil, errInvalid("name", "may contain only letters, digits, $ and _, got %q.", name)
	}
	if body.TypeID == nil {
		return nil, errInvalid("typeId", "is required.")
	}
	value, err := varValue(*body.TypeID, body.Value)
	if err != nil {
		return nil, err
	}
	if d.vars[name] != nil || isSystemVariable(name) {
		return nil, errInvalid("name", "%q is taken by another variable.", name)
	}
	v := &orgVariable{name: name, typeID: *body.TypeID, value: value, createdID: c.store().next()}
	d.vars[name] = v
	return object{{"organizationVariable", varObject(v.name, v.typeID, v.value, false)}}, nil
}

// orgsUpdateVariable: PATCH .../variables/{variableName}
// (organization-variables:write). Type and value always stay in step: a new
// typeId alone must fit the current value, a new value alone the current type.
func orgsUpdateVariable(c *call) (any, error) {
	o, d, err := c.orgFor(accessManage)
	if err != nil {
		return nil, err
	}
	if err := customVariables(o); err != nil {
		return nil, err
	}
	v, err := c.variable(o, d)
	if err != nil {
		return nil, err
	}
	var body struct {
		TypeID *int            `json:"typeId"`
		Value  json.RawMessage `json:"value"`
	}
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	if body.TypeID == nil && body.Value == nil {
		return nil, errBadRequest("Give typeId, value or both.")
	}
	typeID := v.typeID
	if body.TypeID != nil {
		typeID = *body.TypeID
	}
	raw := body.Value
	if raw == nil {
		raw, _ = json.Marshal(v.value)
	}
	value, err := varValue(typeID, raw)
	if err != nil {
		return nil, err
	}
	if typeID != v.typeID || value != v.value {
		v.history = append([]object{{
			{"id", c.store().next()},
			{"diffObject", object{
				{"originalValue", v.value}, {"newValue", value}, {"originalTypeId", v.typeID}, {"typeId", typeID},
				{"changed", c.s.now().UTC().Format(timeLayout)}, {"author", c.me().Name},
			}},
		}}, v.history...)
		v.typeID, v.value = typeID, value
	}
	return object{{"organizationVariable", varObject(v.name, v.typeID, v.value, false)}}, nil
}

// orgsDeleteVariable: DELETE .../variables/{variableName}
// (organization-variables:write). Needs confirmed=true (else 406 IM004).
func orgsDeleteVariable(c *call) (any, error) {
	confirmed, _, err := c.queryBool("confirmed")
	if err != nil {
		return nil, err
	}
	o, d, err := c.orgFor(accessManage)
	if err != nil {
		return nil, err
	}
	if err := customVariables(o); err != nil {
		return nil, err
	}
	v, err := c.variable(o, d)
	if err != nil {
		return nil, err
	}
	if !confirmed {
		return nil, errConfirmationRequired(fmt.Sprintf("Add confirmed=true to delete the variable %q.", v.name))
	}
	delete(d.vars, v.name)
	return object{{"ok", 1}}, nil
}

// orgsGetVariableHistory: GET .../variables/{variableName}/history
// (organization-variables:read). Newest first; a variable never updated
// has one entry holding its current value.
func orgsGetVariableHistory(c *call) (any, error) {
	o, d, err := c.orgFor(accessView)
	if err != nil {
		return nil, err
	}
	if err := customVariables(o); err != nil {
		return nil, err
	}
	name := c.r.PathValue("variableName")
	v := d.vars[name]
	if v == nil {
		return nil, errNotFound(fmt.Sprintf("Custom variable %q not found in organization %d.", name, o.ID))
	}
	out := v.history
	if len(out) == 0 {
		out = []object{{{"id", v.createdID}, {"diffObject", object{{"name", v.name}, {"typeId", v.typeID}, {"value", v.value}}}}}
	}
	return object{{"organizationVariableHistory", out}}, nil
}

// ---------------------------------------------------------------------------
// Usage, feature controls and settings

// orgsGetUsage: GET /organizations/{organizationId}/usage (organizations:read).
// 30 days ending today, cut by the user's timezone (or the organization's
// with organizationTimezone=true); the numbers are a deterministic function
// of the organization and the date.
func orgsGetUsage(c *call) (any, error) {
	orgTZ, _, err := c.queryBool("organizationTimezone")
	if err != nil {
		return nil, err
	}
	o, _, err := c.orgFor(accessView)
	if err != nil {
		return nil, err
	}
	tzID := c.me().TimezoneID
	if orgTZ {
		tzID = o.TimezoneID
	}
	loc := time.UTC
	if name, ok := timezoneNames[tzID]; ok {
		if l, err := time.LoadLocation(name); err == nil {
			loc = l
		}
	}
	today := c.s.now().In(loc)
	out := make([]object, 0, 30)
	for i := 29; i >= 0; i-- {
		day := today.AddDate(0, 0, -i)
		ops := (o.ID*37 + int64(day.YearDay())*13) % 500
		out = append(out, object{{"date", day.Format("2006-01-02")}, {"operations", ops}, {"dataTransfer", ops * 512}, {"centicredits", ops * 100}})
	}
	return object{{"data", out}}, nil
}

var featureControlCols = []string{"id", "name", "label", "description", "tags", "warning_message", "enabled"}

func (f *orgFeature) fields() map[string]any {
	warning := map[string]any{}
	if f.warning != "" {
		warning["en"] = f.warning
	}
	return map[string]any{
		"id": f.id, "name": f.name, "label": map[string]any{"en": f.label}, "description": map[string]any{"en": f.description},
		"tags": append([]string{}, f.tags...), "warning_message": warning, "enabled": f.enabled,
	}
}

// orgsListFeatureControls: GET .../feature-controls (organization:read).
func orgsListFeatureControls(c *call) (any, error) {
	cols, err := c.cols(featureControlCols, featureControlCols)
	if err != nil {
		return nil, err
	}
	_, d, err := c.orgFor(accessView)
	if err != nil {
		return nil, err
	}
	name := c.query.Get("featureControlName")
	out := []object{}
	for _, f := range d.features {
		if name != "" && !strings.EqualFold(f.name, name) {
			continue
		}
		out = append(out, project(f.fields(), cols))
	}
	return object{{"enableAllControlFeatures", false}, {"featureControls", out}}, nil
}

// orgsUpdateFeatureControl: PATCH .../feature-controls (documented scope
// organization:read); Owners and Admins.
func orgsUpdateFeatureControl(c *call) (any, error) {
	_, d, err := c.orgFor(accessManage)
	if err != nil {
		return nil, err
	}
	var body struct {
		ID      *int64 `json:"id"`
		Enabled *bool  `json:"enabled"`
	}
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	id, err := requirePositive("id", body.ID)
	if err != nil {
		return nil, err
	}
	if body.Enabled == nil {
		return nil, errInvalid("enabled", "is required.")
	}
	for _, f := range d.features {
		if f.id == id {
			f.enabled = *body.Enabled
			return object{{"featureControls", object{{"id", f.id}, {"enabled", f.enabled}}}}, nil
		}
	}
	return nil, errNotFound(fmt.Sprintf("Feature control with ID %d not found.", id))
}

// orgsSetTFAEnforcement: PATCH .../tfa-enforcement (organizations:write);
// Owners and Admins. The Teams and Enterprise plans include it (200), Core
// and Pro need an upgrade (402), the Free plan does not have it (400).
func orgsSetTFAEnforcement(c *call) (any, error) {
	o, _, err := c.orgFor(accessManage)
	if err != nil {
		return nil, err
	}
	var body struct {
		Enable *bool `json:"enable"`
	}
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	if body.Enable == nil {
		return nil, errInvalid("enable", "is required.")
	}
	tfa := tfaIncluded
	if p := planByService(o.ServiceName); p != nil {
		tfa = p.tfa
	}
	switch tfa {
	case tfaUnavailable:
		return nil, newError(http.StatusBadRequest, "SC400", "TFA enforcement feature is not available", "The "+o.ProductName+" plan has no TFA enforcement.")
	case tfaUpgrade:
		return nil, newError(http.StatusPaymentRequired, "SC402", "Payment required", "Upgrade your plan to use the TFA enforcement feature.")
	}
	o.TFAEnforced = *body.Enable
	return object{{"organization", object{{"tfaEnforced", o.TFAEnforced}}}}, nil
}

// teamPermissionAliases maps the team permission names of Make's docs
// ("scenario add") to the fake's permission model ("scenarios edit").
var teamPermissionAliases = map[string]string{
	"scenario add": "scenarios edit", "scenario edit": "scenarios edit", "scenario view": "scenarios view",
	"scenario run": "scenarios run", "connection add": "connections manage", "connection view": "connections view",
}

// orgsCheckTeamPermission: GET .../check-team-permission (organization:read).
func orgsCheckTeamPermission(c *call) (any, error) {
	perm := c.query.Get("teamPermission")
	if perm == "" {
		return nil, errInvalid("teamPermission", "is required.")
	}
	if alias, ok := teamPermissionAliases[perm]; ok {
		perm = alias
	}
	if !contains(teamPermissions, perm) {
		return nil, errInvalid("teamPermission", "%q is not a team permission.", c.query.Get("teamPermission"))
	}
	o, _, err := c.orgFor(accessView)
	if err != nil {
		return nil, err
	}
	has := false
	if c.isInstanceAdmin() {
		has = len(c.st.teamsOfOrg(o.ID)) > 0
	} else if r := c.st.acceptedOrgRole(c.tok.userID, o.ID); r != nil {
		for _, t := range c.st.teamsOfOrg(o.ID) {
			tr := c.st.teamRole(c.tok.userID, t.ID)
			if r.RoleID == RoleOwner || r.RoleID == RoleAdmin ||
				(tr != nil && (tr.RoleID == RoleTeamAdmin || contains(teamRolePermissions[tr.RoleID], perm))) {
				has = true
				break
			}
		}
	}
	return object{{"hasPermission", has}}, nil
}

// ---------------------------------------------------------------------------
// Exported seeding and inspection helpers (they lock the server; never call
// them from a handler).

// SetActiveScenarios sets the organization's number of active scenarios;
// with more than 0, deleting it needs confirmed=true.
func (s *Server) SetActiveScenarios(orgID int64, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.st.orgs[orgID]; o != nil {
		serviceState(s, orgStoreKey, newOrgStore).of(o).activeScenarios = n
	}
}

// SeedPayments adds n past payments to the organization, one a month back
// from its oldest, and returns their IDs.
func (s *Server) SeedPayments(orgID int64, n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.st.orgs[orgID]
	if o == nil {
		return nil
	}
	st := serviceState(s, orgStoreKey, newOrgStore)
	d := st.of(o)
	oldest := fixtureTime
	for _, p := range d.payments {
		if p.created.Before(oldest) {
			oldest = p.created
		}
	}
	ids := make([]string, 0, max(n, 0))
	for i := 1; i <= n; i++ {
		p := st.newPayment(o, o.ProductName, 9.99, oldest.AddDate(0, -i, 0))
		d.payments = append(d.payments, p)
		ids = append(ids, p.id)
	}
	return ids
}

// InvitationHash returns the hash of the pending invitation of the user with
// the email to the organization, or "" if there is none.
func (s *Server) InvitationHash(orgID int64, email string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.userByEmail(email)
	if u == nil {
		return ""
	}
	if r := s.st.orgRole(u.ID, orgID); r != nil && r.Invitation != InvitationAccepted {
		return r.Hash
	}
	return ""
}
