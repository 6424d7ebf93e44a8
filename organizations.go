package make

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// OrganizationsService is the Organizations API of Make: organizations,
// their invitations, subscriptions and payments, custom variables, usage and
// feature controls. Reach it as client.Organizations.
type OrganizationsService service

// orgPath returns "organizations/{id}" followed by the given path segments.
func orgPath(organizationID int64, segments ...string) string {
	p := "organizations/" + strconv.FormatInt(organizationID, 10)
	for _, s := range segments {
		p += "/" + s
	}
	return p
}

// ---------------------------------------------------------------------------
// Organizations

// Organization is a Make organization. List returns only id, name and
// timezoneId unless cols[] asks for more; license, serviceName and isPaused
// are returned only for organizations of the zone the client calls.
type Organization struct {
	ID          int64                `json:"id"`
	Name        string               `json:"name,omitempty"`
	CreatedAt   *time.Time           `json:"createdAt,omitempty"`
	TimezoneID  int64                `json:"timezoneId,omitempty"`
	CountryID   int64                `json:"countryId,omitempty"`
	Zone        string               `json:"zone,omitempty"` // e.g. "eu1.make.com"
	License     *OrganizationLicense `json:"license,omitempty"`
	ServiceName string               `json:"serviceName,omitempty"` // the subscription's name
	ProductName string               `json:"productName,omitempty"`
	Teams       []TeamRef            `json:"teams,omitempty"`
	IsPaused    bool                 `json:"isPaused,omitempty"`
	Deleted     bool                 `json:"deleted,omitempty"`
	NextReset   *string              `json:"nextReset,omitempty"`
	LastReset   *string              `json:"lastReset,omitempty"`

	// Usage counters. Make sends them as numeric strings ("0"); Number
	// accepts a number too and keeps the form. Read them with Int64.
	Operations       Number `json:"operations,omitzero"`
	Transfer         Number `json:"transfer,omitzero"`
	OperationsExt    Number `json:"operationsExt,omitzero"`
	TransferExt      Number `json:"transferExt,omitzero"`
	UnusedOperations Number `json:"unusedOperations,omitzero"`
	UnusedTransfer   Number `json:"unusedTransfer,omitzero"`

	AutoPurchasingActivated bool                       `json:"autoPurchasingActivated,omitempty"`
	Features                map[string]any             `json:"features,omitempty"`
	ExternalID              *string                    `json:"externalId,omitempty"` // White Label instances; nil on the public cloud
	SSOType                 *string                    `json:"ssoType,omitempty"`
	Scenarios               int                        `json:"scenarios,omitempty"`
	ActiveScenarios         int                        `json:"activeScenarios,omitempty"`
	ActiveApps              int                        `json:"activeApps,omitempty"`
	TFAEnforced             bool                       `json:"tfaEnforced,omitempty"`
	FeatureControls         []map[string]any           `json:"featureControls,omitempty"`
	SolutionPartnerLink     string                     `json:"solutionPartnerLink,omitempty"`
	PrivateSpaces           []OrganizationPrivateSpace `json:"privateSpaces,omitempty"`
}

// APILimit returns the organization's Make API rate limit in requests per
// minute (license.apiLimit), and false when the license was not returned or
// holds no limit. Size the client's limiter with it:
//
//	org, err := client.Organizations.Get(ctx, orgID, nil)
//	if err != nil { ... }
//	if perMinute, ok := org.APILimit(); ok {
//		client.SetRateLimit(perMinute)
//	}
func (o *Organization) APILimit() (perMinute int, ok bool) {
	if o == nil || o.License == nil || o.License.APILimit <= 0 {
		return 0, false
	}
	return o.License.APILimit, true
}

// OrganizationLicense is an organization's license: what its plan allows.
// Make may add keys; those the SDK does not know yet are kept, read them
// with Extra, and encoding the license writes them back.
type OrganizationLicense struct {
	// APILimit is the organization's Make API rate limit in requests per
	// minute (60, 120, 240 or 1000 by plan). Pass it to Client.SetRateLimit
	// (or WithRateLimit) to stay under it; see Organization.APILimit.
	APILimit int `json:"apiLimit,omitempty"`

	Apps                    StringList `json:"apps,omitzero"`      // enabled app tiers or apps: an array, or one string
	Users                   int64      `json:"users,omitempty"`    // maximum number of users
	DSLimit                 int64      `json:"dslimit,omitempty"`  // data stores
	FSLimit                 int64      `json:"fslimit,omitempty"`  // file storage, bytes
	IOLimit                 int64      `json:"iolimit,omitempty"`  // input/output operations
	AdvSched                bool       `json:"advsched,omitempty"` // advanced scheduling
	DSSLimit                int64      `json:"dsslimit,omitempty"` // data store storage, bytes
	FullText                bool       `json:"fulltext,omitempty"` // full-text search
	Interval                int64      `json:"interval,omitempty"` // minimum scheduling interval, minutes
	Transfer                int64      `json:"transfer,omitempty"` // data transfer, bytes
	Operations              int64      `json:"operations,omitempty"`
	Teams                   int64      `json:"teams,omitempty"`
	Portal                  bool       `json:"portal,omitempty"`
	Priority                string     `json:"priority,omitempty"`  // low, medium or high
	Retention               int64      `json:"retention,omitempty"` // log retention, days
	DLQStorage              int64      `json:"dlqStorage,omitempty"`
	ScenarioIO              bool       `json:"scenarioIO,omitempty"`
	GracePeriod             int64      `json:"gracePeriod,omitempty"`
	MakeAITools             int64      `json:"makeAITools,omitempty"`
	OnPremAgent             bool       `json:"onPremAgent,omitempty"`
	PremiumApps             int64      `json:"premiumApps,omitempty"`
	DedicatedSSO            bool       `json:"dedicatedSso,omitempty"`
	AuditLogsDays           int64      `json:"auditLogsDays,omitempty"`
	ExecutionTime           int64      `json:"executionTime,omitempty"` // maximum execution time, seconds
	RestartPeriod           string     `json:"restartPeriod,omitempty"`
	AnalyticsAccess         bool       `json:"analyticsAccess,omitempty"`
	CustomFunctions         bool       `json:"customFunctions,omitempty"`
	CustomVariables         bool       `json:"customVariables,omitempty"` // needed by the variables endpoints
	CustomProperties        int64      `json:"customProperties,omitempty"`
	CreatingTemplates       bool       `json:"creatingTemplates,omitempty"`
	InstallPublicApps       bool       `json:"installPublicApps,omitempty"`
	ProductManagement       string     `json:"productManagement,omitempty"`
	DynamicConnections      bool       `json:"dynamicConnections,omitempty"`
	OnDemandScheduling      bool       `json:"onDemandScheduling,omitempty"`
	PortalModuleBridge      bool       `json:"portalModuleBridge,omitempty"`
	DynamicDependencies     bool       `json:"dynamicDependencies,omitempty"`
	ScenarioRelationTree    bool       `json:"scenarioRelationTree,omitempty"`
	TeamOperationsLimits    bool       `json:"teamOperationsLimits,omitempty"`
	WebhookLogRetentionDays int64      `json:"webhookLogRetentionDays,omitempty"`

	raw openObject // the license as Make sent it, for Extra
}

// UnmarshalJSON decodes the known keys and keeps the object as sent.
func (l *OrganizationLicense) UnmarshalJSON(b []byte) error {
	type plain OrganizationLicense
	return decodeOpen(b, (*plain)(l), reflect.TypeFor[plain](), &l.raw)
}

// Extra returns the license's keys the SDK does not model, as Make sent
// them; nil when there are none.
func (l *OrganizationLicense) Extra() map[string]json.RawMessage {
	type plain OrganizationLicense
	return l.raw.extra(reflect.TypeFor[plain]())
}

// MarshalJSON encodes the known keys and those of Extra.
func (l OrganizationLicense) MarshalJSON() ([]byte, error) {
	type plain OrganizationLicense
	return l.raw.marshal(plain(l), reflect.TypeFor[plain]())
}

func (*OrganizationLicense) decodesFields() {}

// TeamRef names a team.
type TeamRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name,omitempty"`
}

// OrganizationRef names an organization.
type OrganizationRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name,omitempty"`
}

// OrganizationPrivateSpace is the requesting user's private space in an
// organization (with cols[]=privateSpaces, public cloud only).
type OrganizationPrivateSpace struct {
	ID                 int64  `json:"id"`
	Name               string `json:"name,omitempty"`
	IsOwner            bool   `json:"isOwner,omitempty"`
	HasAdminVisibility bool   `json:"hasAdminVisibility,omitempty"`
}

// OrganizationList is one page of List user organizations.
type OrganizationList struct {
	Organizations []Organization `json:"organizations"`
	Pg            Pagination     `json:"pg,omitempty" make:"optional"`
}

func (l *OrganizationList) pageItems() ([]Organization, Pagination) { return l.Organizations, l.Pg }

// ListOrganizationsOptions are the query parameters of List user
// organizations. Sorted by name ascending unless pg[sortBy] says otherwise.
type ListOrganizationsOptions struct {
	Zone       Zone     `url:"zone,omitempty"`       // only organizations of this zone; "eu1" and the like are accepted
	ExternalID string   `url:"externalId,omitempty"` // White Label instances
	Cols       []string `url:"cols,omitempty,brackets"`
	ListOptions
}

// normalized validates the options and returns a copy with Zone in its host
// form; the caller's options are left unchanged.
func (o *ListOrganizationsOptions) normalized() (*ListOrganizationsOptions, error) {
	if o == nil {
		return nil, nil
	}
	cp := *o
	if cp.Zone != "" {
		z, err := ParseZone(string(cp.Zone))
		if err != nil {
			return nil, err
		}
		cp.Zone = z
	}
	if err := cp.ListOptions.validate(); err != nil {
		return nil, err
	}
	return &cp, nil
}

// List returns one page of the organizations the user is a member of. opts
// may be nil.
//
// Make API: GET /organizations (scope organizations:read)
func (s *OrganizationsService) List(ctx context.Context, opts *ListOrganizationsOptions) (*OrganizationList, error) {
	o, err := opts.normalized()
	if err != nil {
		return nil, err
	}
	var out OrganizationList
	if err := s.client.call(ctx, http.MethodGet, "organizations", "organizations:read", o, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListIter ranges over all organizations List returns, page by page,
// fetching lazily. It does not change opts. An error is yielded once, and
// ends the iteration.
//
// Make API: GET /organizations (scope organizations:read)
func (s *OrganizationsService) ListIter(ctx context.Context, opts *ListOrganizationsOptions) iter.Seq2[Organization, error] {
	return listIter[Organization](ctx, opts, s.List)
}

// CreateOrganizationRequest is the body of Create an organization; all
// fields are required.
type CreateOrganizationRequest struct {
	// Name may contain letters, numbers, spaces and ' - . ( ) * + , @ _ /,
	// and must not start or end with a space.
	Name       string `json:"name"`
	RegionID   int64  `json:"regionId"`   // see Enums.ListRegions
	TimezoneID int64  `json:"timezoneId"` // see Enums.ListTimezones
	CountryID  int64  `json:"countryId"`  // see Enums.ListCountries
}

func (r *CreateOrganizationRequest) validate() error {
	if r == nil {
		return checkBody(r)
	}
	return firstError(
		checkRequired("name", r.Name),
		checkName("name", r.Name, 0),
		checkID("regionId", r.RegionID),
		checkID("timezoneId", r.TimezoneID),
		checkID("countryId", r.CountryID),
	)
}

// checkName refuses a name Make refuses for its structure: one that starts
// or ends with a space, or (maxLen > 0) is longer than maxLen characters. The
// allowed characters are left to Make, whose rules have changed over time.
func checkName(field, name string, maxLen int) error {
	switch {
	case strings.TrimSpace(name) != name:
		return invalid(field, "must not start or end with a space")
	case maxLen > 0 && utf8.RuneCountInString(name) > maxLen:
		return invalid(field, "must be at most %d characters, got %d", maxLen, utf8.RuneCountInString(name))
	}
	return nil
}

// CreatedOrganization is the result of Create an organization: the new
// organization and the creator's role in it.
type CreatedOrganization struct {
	Organization         Organization         `json:"organization"`
	UserOrganizationRole UserOrganizationRole `json:"userOrganizationRole"`
}

// Create creates an organization (an administrator action). Right after it,
// Get with Wait set waits until the new organization is synchronized.
//
// Make API: POST /organizations (scope admin:write, organizations:write)
func (s *OrganizationsService) Create(ctx context.Context, body *CreateOrganizationRequest) (*CreatedOrganization, error) {
	if err := body.validate(); err != nil {
		return nil, err
	}
	var out CreatedOrganization
	if err := s.client.call(ctx, http.MethodPost, "organizations", "admin:write, organizations:write", nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetOrganizationOptions are the query parameters of Get organization
// details.
type GetOrganizationOptions struct {
	// Wait makes Make first wait for its backend and the zone's data to
	// synchronize; set it right after creating the organization.
	Wait bool     `url:"wait,omitempty"`
	Cols []string `url:"cols,omitempty,brackets"`
}

// Get returns the organization; its License.APILimit is the organization's
// API rate limit (see Organization.APILimit). opts may be nil.
//
// Make API: GET /organizations/{organizationId} (scope organizations:read)
func (s *OrganizationsService) Get(ctx context.Context, organizationID int64, opts *GetOrganizationOptions) (*Organization, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out struct {
		Organization *Organization `json:"organization"`
	}
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID), "organizations:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Organization, nil
}

// DeleteOrganizationOptions are the query parameters of Delete an
// organization.
type DeleteOrganizationOptions struct {
	// Confirmed confirms deleting an organization that has active
	// scenarios; without it Make refuses (ErrConfirmationRequired).
	Confirmed bool `url:"confirmed,omitempty"`
}

// Delete deletes the organization and all its teams, and returns its ID.
// Only organizations of the client's zone can be deleted. opts may be nil.
//
// Make API: DELETE /organizations/{organizationId} (scope organizations:write)
func (s *OrganizationsService) Delete(ctx context.Context, organizationID int64, opts *DeleteOrganizationOptions) (int64, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return 0, err
	}
	var out struct {
		Organization int64 `json:"organization"`
	}
	err := s.client.call(ctx, http.MethodDelete, orgPath(organizationID), "organizations:write", opts, nil, &out)
	return out.Organization, err
}

// UpdateOrganizationRequest is the body of Update organization information;
// empty fields stay unchanged.
type UpdateOrganizationRequest struct {
	Name       string `json:"name,omitempty"` // same rules as in CreateOrganizationRequest
	CountryID  int64  `json:"countryId,omitempty"`
	TimezoneID int64  `json:"timezoneId,omitempty"`
}

func (r *UpdateOrganizationRequest) validate() error {
	switch {
	case r == nil:
		return checkBody(r)
	case *r == UpdateOrganizationRequest{}:
		return invalid("body", "sets nothing; give at least one field to change")
	case r.CountryID < 0:
		return checkID("countryId", r.CountryID)
	case r.TimezoneID < 0:
		return checkID("timezoneId", r.TimezoneID)
	}
	return checkName("name", r.Name, 0)
}

// Update changes the organization's name, country or timezone and returns
// the whole organization.
//
// Make API: PATCH /organizations/{organizationId} (scope organizations:write)
func (s *OrganizationsService) Update(ctx context.Context, organizationID int64, body *UpdateOrganizationRequest) (*Organization, error) {
	if err := firstError(checkID("organizationId", organizationID), body.validate()); err != nil {
		return nil, err
	}
	var out struct {
		Organization *Organization `json:"organization"`
	}
	if err := s.client.call(ctx, http.MethodPatch, orgPath(organizationID), "organizations:write", nil, body, &out); err != nil {
		return nil, err
	}
	return out.Organization, nil
}

// ---------------------------------------------------------------------------
// Custom apps

// InstalledApp is a custom app of the organization's users.
type InstalledApp struct {
	AppName        string `json:"appName"` // suffixed with a random string
	AppVersion     int    `json:"appVersion,omitempty"`
	OrganizationID int64  `json:"organizationId,omitempty"`
	InstalledAt    string `json:"installedAt,omitempty"`
	InstalledBy    int64  `json:"installedBy,omitempty"` // a user ID
}

// ListApps returns the custom apps of the organization's users, published
// and unpublished.
//
// Make API: GET /organizations/{organizationId}/apps (scope organizations:read)
func (s *OrganizationsService) ListApps(ctx context.Context, organizationID int64) ([]InstalledApp, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out struct {
		InstalledApps []InstalledApp `json:"installedApps"`
	}
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "apps"), "organizations:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.InstalledApps, nil
}

// ---------------------------------------------------------------------------
// Usage, feature controls and settings

// UsageDay is one day of an organization's or a team's usage.
type UsageDay struct {
	Date         string `json:"date"`
	Operations   int64  `json:"operations"`
	DataTransfer int64  `json:"dataTransfer"` // bytes
	// Centicredits used that day; its JSON type is not documented, so it is
	// a Number (a number or a numeric string, kept as sent).
	Centicredits Number `json:"centicredits,omitzero"`
}

// GetUsageOptions are the query parameters of Get organization usage and of
// Get team usage.
type GetUsageOptions struct {
	// OrganizationTimezone cuts days by the organization's timezone instead
	// of the user's.
	OrganizationTimezone bool `url:"organizationTimezone,omitempty"`
}

// GetUsage returns the organization's daily centicredits, operations and
// data transfer over all scenarios of all teams for the past 30 days. opts
// may be nil.
//
// Make API: GET /organizations/{organizationId}/usage (scope organizations:read)
func (s *OrganizationsService) GetUsage(ctx context.Context, organizationID int64, opts *GetUsageOptions) ([]UsageDay, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out struct {
		Data []UsageDay `json:"data"`
	}
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "usage"), "organizations:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Data, nil
}

// FeatureControl is a feature the organization can switch on or off.
type FeatureControl struct {
	ID             int64          `json:"id"`
	Name           string         `json:"name,omitempty"`
	Label          map[string]any `json:"label,omitempty"`       // an object, e.g. per language
	Description    map[string]any `json:"description,omitempty"` // an object, e.g. per language
	Tags           []string       `json:"tags,omitempty"`
	WarningMessage map[string]any `json:"warning_message,omitempty"`
	Enabled        bool           `json:"enabled"`
}

// FeatureControlList is the result of Get organization feature controls.
type FeatureControlList struct {
	EnableAllControlFeatures bool             `json:"enableAllControlFeatures"`
	FeatureControls          []FeatureControl `json:"featureControls"` // by descending ID
}

// ListFeatureControlsOptions are the query parameters of Get organization
// feature controls.
type ListFeatureControlsOptions struct {
	FeatureControlName string   `url:"featureControlName,omitempty"` // e.g. "Make AI Tools"
	Cols               []string `url:"cols,omitempty,brackets"`
}

// ListFeatureControls returns the organization's feature controls. opts may
// be nil.
//
// Make API: GET /organizations/{organizationId}/feature-controls (scope organization:read)
func (s *OrganizationsService) ListFeatureControls(ctx context.Context, organizationID int64, opts *ListFeatureControlsOptions) (*FeatureControlList, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out FeatureControlList
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "feature-controls"), "organization:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateFeatureControlRequest is the body of Patch organization feature
// controls; both fields are required.
type UpdateFeatureControlRequest struct {
	ID      int64 `json:"id"`      // the feature control's ID
	Enabled bool  `json:"enabled"` // true enables, false disables
}

// FeatureControlState is a feature control's ID and whether it is enabled.
type FeatureControlState struct {
	ID      int64 `json:"id"`
	Enabled bool  `json:"enabled"`
}

// UpdateFeatureControl enables or disables one feature control of the
// organization. Make documents the read scope organization:read for it.
//
// Make API: PATCH /organizations/{organizationId}/feature-controls (scope organization:read)
func (s *OrganizationsService) UpdateFeatureControl(ctx context.Context, organizationID int64, body *UpdateFeatureControlRequest) (*FeatureControlState, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	if err := checkBody(body); err != nil {
		return nil, err
	}
	if err := checkID("id", body.ID); err != nil {
		return nil, err
	}
	var out struct {
		FeatureControls *FeatureControlState `json:"featureControls"`
	}
	if err := s.client.call(ctx, http.MethodPatch, orgPath(organizationID, "feature-controls"), "organization:read", nil, body, &out); err != nil {
		return nil, err
	}
	return out.FeatureControls, nil
}

// hintError adds advice to an error; errors.As and errors.Is see through it.
type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() + " (" + e.hint + ")" }
func (e *hintError) Unwrap() error { return e.err }

// SetTFAEnforcement enables or disables two-factor authentication
// enforcement and returns the new state. When enabled, every user must have
// TFA configured; users without it are logged out. Only plans that include
// TFA enforcement allow it: Make answers 400 when the feature is not
// available and 402 when the plan must be upgraded; 403 when the user may not
// change the organization's settings.
//
// Make API: PATCH /organizations/{organizationId}/tfa-enforcement (scope organizations:write)
func (s *OrganizationsService) SetTFAEnforcement(ctx context.Context, organizationID int64, enable bool) (bool, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return false, err
	}
	body := struct {
		Enable bool `json:"enable"`
	}{enable}
	var out struct {
		Organization *struct {
			TFAEnforced bool `json:"tfaEnforced"`
		} `json:"organization"`
	}
	err := s.client.call(ctx, http.MethodPatch, orgPath(organizationID, "tfa-enforcement"), "organizations:write", nil, body, &out)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch apiErr.StatusCode {
		case http.StatusBadRequest:
			return false, &hintError{err, "TFA enforcement is not available for this organization"}
		case http.StatusPaymentRequired:
			return false, &hintError{err, "the organization's plan does not include TFA enforcement; upgrade the plan to use it"}
		case http.StatusForbidden:
			return false, &hintError{err, "changing TFA enforcement also needs the right to modify the organization's settings"}
		}
	}
	if err != nil {
		return false, err
	}
	return out.Organization.TFAEnforced, nil
}

// CheckTeamPermission reports whether the current user holds a team
// permission (e.g. "scenario add", "team view") in at least one team of the
// organization.
//
// Make API: GET /organizations/{organizationId}/check-team-permission (scope organization:read)
func (s *OrganizationsService) CheckTeamPermission(ctx context.Context, organizationID int64, teamPermission string) (bool, error) {
	if err := firstError(checkID("organizationId", organizationID), checkRequired("teamPermission", teamPermission)); err != nil {
		return false, err
	}
	q := struct {
		TeamPermission string `url:"teamPermission"`
	}{teamPermission}
	var out struct {
		HasPermission bool `json:"hasPermission"`
	}
	err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "check-team-permission"), "organization:read", q, nil, &out)
	return out.HasPermission, err
}
