package maketest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// The Organizations operations of the documentation's main section; the
// sub-sections are in organizations_billing.go, organizations_invitations.go
// and organizations_variables.go.
func init() {
	handle("organizationsList", orgsList)
	handleJSON("organizationsCreate", orgsCreate)
	handle("organizationsGet", orgsGet)
	handle("organizationsDelete", orgsDelete)
	handleJSON("organizationsUpdate", orgsUpdate)
	handle("organizationsListApps", orgsListApps)
	handle("organizationsGetUsage", orgsGetUsage)
	handle("organizationsListFeatureControls", orgsListFeatureControls)
	handleJSON("organizationsUpdateFeatureControl", orgsUpdateFeatureControl)
	handleJSON("organizationsSetTfaEnforcement", orgsSetTFAEnforcement)
	handle("organizationsCheckTeamPermission", orgsCheckTeamPermission)
}

// ServedZone is the zone the fake answers as. Organizations of another zone
// (organization 2 is in us1.make.com) are listed without license,
// serviceName and isPaused, like Make does, and cannot be deleted.
const ServedZone = "eu1.make.com"

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
	o, err := c.pathOrg()
	if err != nil {
		return nil, nil, err
	}
	if !c.hasOrgAccess(o.ID, access) {
		return nil, nil, errForbidden()
	}
	return o, c.st.orgData(o), nil
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
	d := c.st.orgData(o)
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
	cols, pg, err := c.listParams(orgCols, orgListDefaultCols, orgsPage)
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

// orgsCreate: POST /organizations (admin:write, organizations:write). The
// new organization is on the Free plan, with a team "My Team"; the caller
// becomes its owner.
func orgsCreate(c *call, body *struct {
	Name       string `json:"name"`
	RegionID   int64  `json:"regionId"`
	TimezoneID int64  `json:"timezoneId"`
	CountryID  int64  `json:"countryId"`
}) (any, error) {
	if err := firstError(
		checkName("name", body.Name),
		checkPositive(map[string]*int64{"regionId": &body.RegionID, "timezoneId": &body.TimezoneID, "countryId": &body.CountryID}),
	); err != nil {
		return nil, err
	}
	free := planByService("free")
	o := c.st.addOrg(Organization{
		Name: body.Name, Zone: ServedZone, TimezoneID: body.TimezoneID, CountryID: body.CountryID,
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
	confirmed, _ := c.queryBool("confirmed")
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
	delete(c.st.orgExtra, id)
	return object{{"organization", id}}, nil
}

// orgsUpdate: PATCH /organizations/{organizationId} (organizations:write).
func orgsUpdate(c *call, body *struct {
	Name       *string `json:"name"`
	CountryID  *int64  `json:"countryId"`
	TimezoneID *int64  `json:"timezoneId"`
}) (any, error) {
	o, _, err := c.orgFor(accessManage)
	if err != nil {
		return nil, err
	}
	if body.Name != nil {
		if err := checkName("name", *body.Name); err != nil {
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

// orgsGetUsage: GET /organizations/{organizationId}/usage (organizations:read).
// 30 days ending today, cut by the user's timezone (or the organization's
// with organizationTimezone=true); the numbers are a deterministic function
// of the organization and the date.
func orgsGetUsage(c *call) (any, error) {
	orgTZ, _ := c.queryBool("organizationTimezone")
	o, _, err := c.orgFor(accessView)
	if err != nil {
		return nil, err
	}
	return c.usage(o.ID, o.TimezoneID, orgTZ), nil
}

// usage returns 30 days of usage ending today, cut by the user's timezone
// or (orgTZ) the organization's; the numbers are a deterministic function
// of seed (an organization's or a team's ID) and the date.
func (c *call) usage(seed, orgTimezoneID int64, orgTZ bool) object {
	tzID := c.me().TimezoneID
	if orgTZ {
		tzID = orgTimezoneID
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
		ops := (seed*37 + int64(day.YearDay())*13) % 500
		out = append(out, object{{"date", day.Format("2006-01-02")}, {"operations", ops}, {"dataTransfer", ops * 512}, {"centicredits", ops * 100}})
	}
	return object{{"data", out}}
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
func orgsUpdateFeatureControl(c *call, body *struct {
	ID      int64 `json:"id"`
	Enabled bool  `json:"enabled"`
}) (any, error) {
	_, d, err := c.orgFor(accessManage)
	if err != nil {
		return nil, err
	}
	id := body.ID
	for _, f := range d.features {
		if f.id == id {
			f.enabled = body.Enabled
			return object{{"featureControls", object{{"id", f.id}, {"enabled", f.enabled}}}}, nil
		}
	}
	return nil, errNotFound(fmt.Sprintf("Feature control with ID %d not found.", id))
}

// orgsSetTFAEnforcement: PATCH .../tfa-enforcement (organizations:write);
// Owners and Admins. The Teams and Enterprise plans include it (200), Core
// and Pro need an upgrade (402), the Free plan does not have it (400).
func orgsSetTFAEnforcement(c *call, body *struct {
	Enable bool `json:"enable"`
}) (any, error) {
	o, _, err := c.orgFor(accessManage)
	if err != nil {
		return nil, err
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
	o.TFAEnforced = body.Enable
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

// Exported seeding and inspection helpers (they lock the server; never call
// them from a handler).

// SetActiveScenarios sets the organization's number of active scenarios;
// with more than 0, deleting it needs confirmed=true.
func (s *Server) SetActiveScenarios(orgID int64, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.st.orgs[orgID]; o != nil {
		s.st.orgData(o).activeScenarios = n
	}
}
