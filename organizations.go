package make

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// OrganizationsService is the Organizations API of Make: organizations,
// their invitations, subscriptions and payments, custom variables, usage and
// feature controls. Reach it as client.Organizations.
type OrganizationsService service

// The scopes the Organizations endpoints document.
const (
	scopeOrgsRead   = "organizations:read"
	scopeOrgsWrite  = "organizations:write"
	scopeOrgRead    = "organization:read" // singular, as documented for feature controls and check-team-permission
	scopeOrgCreate  = "admin:write, organizations:write"
	scopeOrgVarRead = "organization-variables:read"
	scopeOrgVarEdit = "organization-variables:write"
)

// orgPath returns "organizations/{id}" followed by the given path segments.
func orgPath(organizationID int64, segments ...string) string {
	p := fmt.Sprintf("organizations/%d", organizationID)
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

	// Usage counters. Make sends them as strings ("0"); json.Number accepts
	// a string or a number. Read them with Int64.
	Operations       json.Number `json:"operations,omitempty"`
	Transfer         json.Number `json:"transfer,omitempty"`
	OperationsExt    json.Number `json:"operationsExt,omitempty"`
	TransferExt      json.Number `json:"transferExt,omitempty"`
	UnusedOperations json.Number `json:"unusedOperations,omitempty"`
	UnusedTransfer   json.Number `json:"unusedTransfer,omitempty"`

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
// Make may add keys; those the SDK does not know yet are kept in Extra.
type OrganizationLicense struct {
	// APILimit is the organization's Make API rate limit in requests per
	// minute (60, 120, 240 or 1000 by plan). Pass it to Client.SetRateLimit
	// (or WithRateLimit) to stay under it; see Organization.APILimit.
	APILimit int `json:"apiLimit,omitempty"`

	Apps                    []string `json:"apps,omitempty"`     // enabled app tiers or apps
	Users                   int64    `json:"users,omitempty"`    // maximum number of users
	DSLimit                 int64    `json:"dslimit,omitempty"`  // data stores
	FSLimit                 int64    `json:"fslimit,omitempty"`  // file storage, bytes
	IOLimit                 int64    `json:"iolimit,omitempty"`  // input/output operations
	AdvSched                bool     `json:"advsched,omitempty"` // advanced scheduling
	DSSLimit                int64    `json:"dsslimit,omitempty"` // data store storage, bytes
	FullText                bool     `json:"fulltext,omitempty"` // full-text search
	Interval                int64    `json:"interval,omitempty"` // minimum scheduling interval, minutes
	Transfer                int64    `json:"transfer,omitempty"` // data transfer, bytes
	Operations              int64    `json:"operations,omitempty"`
	Teams                   int64    `json:"teams,omitempty"`
	Portal                  bool     `json:"portal,omitempty"`
	Priority                string   `json:"priority,omitempty"`  // low, medium or high
	Retention               int64    `json:"retention,omitempty"` // log retention, days
	DLQStorage              int64    `json:"dlqStorage,omitempty"`
	ScenarioIO              bool     `json:"scenarioIO,omitempty"`
	GracePeriod             int64    `json:"gracePeriod,omitempty"`
	MakeAITools             int64    `json:"makeAITools,omitempty"`
	OnPremAgent             bool     `json:"onPremAgent,omitempty"`
	PremiumApps             int64    `json:"premiumApps,omitempty"`
	DedicatedSSO            bool     `json:"dedicatedSso,omitempty"`
	AuditLogsDays           int64    `json:"auditLogsDays,omitempty"`
	ExecutionTime           int64    `json:"executionTime,omitempty"` // maximum execution time, seconds
	RestartPeriod           string   `json:"restartPeriod,omitempty"`
	AnalyticsAccess         bool     `json:"analyticsAccess,omitempty"`
	CustomFunctions         bool     `json:"customFunctions,omitempty"`
	CustomVariables         bool     `json:"customVariables,omitempty"` // needed by the variables endpoints
	CustomProperties        int64    `json:"customProperties,omitempty"`
	CreatingTemplates       bool     `json:"creatingTemplates,omitempty"`
	InstallPublicApps       bool     `json:"installPublicApps,omitempty"`
	ProductManagement       string   `json:"productManagement,omitempty"`
	DynamicConnections      bool     `json:"dynamicConnections,omitempty"`
	OnDemandScheduling      bool     `json:"onDemandScheduling,omitempty"`
	PortalModuleBridge      bool     `json:"portalModuleBridge,omitempty"`
	DynamicDependencies     bool     `json:"dynamicDependencies,omitempty"`
	ScenarioRelationTree    bool     `json:"scenarioRelationTree,omitempty"`
	TeamOperationsLimits    bool     `json:"teamOperationsLimits,omitempty"`
	WebhookLogRetentionDays int64    `json:"webhookLogRetentionDays,omitempty"`

	// Extra holds the license keys the SDK does not model, as Make sent them.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the known keys and keeps the others in Extra.
func (l *OrganizationLicense) UnmarshalJSON(b []byte) error {
	type plain OrganizationLicense
	p, extra, err := unmarshalExtra[plain](b)
	*l = OrganizationLicense(p)
	l.Extra = extra
	return err
}

// MarshalJSON encodes the known keys and those of Extra.
func (l OrganizationLicense) MarshalJSON() ([]byte, error) {
	type plain OrganizationLicense
	return withExtra(plain(l), l.Extra)
}

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
	Pg            Pagination     `json:"pg"`
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
	if err := s.client.call(ctx, http.MethodGet, "organizations", scopeOrgsRead, queryOf(o), nil, &out); err != nil {
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
	RegionID   int64  `json:"regionId"`   // see GET /enums/imt-regions
	TimezoneID int64  `json:"timezoneId"` // see GET /enums/timezones
	CountryID  int64  `json:"countryId"`  // see GET /enums/countries
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
	if err := s.client.call(ctx, http.MethodPost, "organizations", scopeOrgCreate, nil, body, &out); err != nil {
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
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID), scopeOrgsRead, queryOf(opts), nil, &out); err != nil {
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
	err := s.client.call(ctx, http.MethodDelete, orgPath(organizationID), scopeOrgsWrite, queryOf(opts), nil, &out)
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
	if err := s.client.call(ctx, http.MethodPatch, orgPath(organizationID), scopeOrgsWrite, nil, body, &out); err != nil {
		return nil, err
	}
	return out.Organization, nil
}

// ---------------------------------------------------------------------------
// Invitations

// maxInvitedName is the documented maximum length of a user's name.
const maxInvitedName = maxUserName

// InviteUserRequest is the body of Invite a user to the organization.
type InviteUserRequest struct {
	UsersRoleID int64  `json:"usersRoleId,omitempty"` // organization role, see GET /users/roles
	Email       string `json:"email"`                 // required
	// Name is required: the user's name in teams and organizations, at
	// most 250 characters, not starting or ending with a space.
	Name    string  `json:"name"`
	Note    string  `json:"note,omitempty"`    // added to the invitation
	TeamsID []int64 `json:"teamsId,omitempty"` // teams the user joins with the team role member
}

func (r *InviteUserRequest) validate() error {
	if r == nil {
		return checkBody(r)
	}
	if err := firstError(
		checkRequired("email", r.Email),
		checkRequired("name", r.Name),
		checkName("name", r.Name, maxInvitedName),
	); err != nil {
		return err
	}
	if !strings.Contains(r.Email, "@") || strings.ContainsFunc(r.Email, unicode.IsSpace) {
		return invalid("email", "must be an email address, got %q", r.Email)
	}
	if r.UsersRoleID < 0 {
		return checkID("usersRoleId", r.UsersRoleID)
	}
	for _, id := range r.TeamsID {
		if err := checkID("teamsId", id); err != nil {
			return err
		}
	}
	return nil
}

// OrganizationMembership is a user with their role in an organization, as
// returned by InviteUser and AcceptInvitation.
type OrganizationMembership struct {
	User                 User                 `json:"user"`
	UserOrganizationRole UserOrganizationRole `json:"userOrganizationRole"`
}

// InviteUser invites a user to the organization, optionally into teams with
// the team role member (change it later with POST
// /users/{userId}/user-team-roles/{teamId}).
//
// Make API: POST /organizations/{organizationId}/invite (scope organizations:write)
func (s *OrganizationsService) InviteUser(ctx context.Context, organizationID int64, body *InviteUserRequest) (*OrganizationMembership, error) {
	if err := firstError(checkID("organizationId", organizationID), body.validate()); err != nil {
		return nil, err
	}
	var out OrganizationMembership
	if err := s.client.call(ctx, http.MethodPost, orgPath(organizationID, "invite"), scopeOrgsWrite, nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// InvitationDetail is an invitation to an organization: the organization,
// the invited user and their role, whose Invitation is e.g. "pending".
type InvitationDetail struct {
	Organization         OrganizationRef      `json:"organization"`
	User                 User                 `json:"user"`
	UserOrganizationRole UserOrganizationRole `json:"userOrganizationRole"`
}

// GetInvitation returns the invitation with the hash (from the invitation
// email, or Users.ListMyOrganizationInvitations). The hash is a Secret: it
// is redacted in errors and logs.
//
// Make API: GET /organizations/invitation (scope organizations:read)
func (s *OrganizationsService) GetInvitation(ctx context.Context, hash Secret) (*InvitationDetail, error) {
	if err := checkRequired("hash", string(hash)); err != nil {
		return nil, err
	}
	q := struct {
		Hash string `url:"hash"`
	}{string(hash)}
	var out InvitationDetail
	if err := s.client.call(ctx, http.MethodGet, "organizations/invitation", scopeOrgsRead, q, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// AcceptInvitation accepts the invitation with the hash and returns the user
// and their new role. The hash travels in the body; it is never logged.
//
// Make API: POST /organizations/accept-invitation (scope organizations:write)
func (s *OrganizationsService) AcceptInvitation(ctx context.Context, hash Secret) (*OrganizationMembership, error) {
	if err := checkRequired("hash", string(hash)); err != nil {
		return nil, err
	}
	body := struct {
		Hash Secret `json:"hash"`
	}{hash}
	var out OrganizationMembership
	if err := s.client.call(ctx, http.MethodPost, "organizations/accept-invitation", scopeOrgsWrite, nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ---------------------------------------------------------------------------
// Apps, payments and subscriptions

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
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "apps"), scopeOrgsRead, nil, nil, &out); err != nil {
		return nil, err
	}
	return out.InstalledApps, nil
}

// Payment is a past payment of an organization.
type Payment struct {
	ID               string         `json:"id"`
	InvoiceNumber    int64          `json:"invoice_number,omitempty"`
	Created          string         `json:"created,omitempty"`
	TypeName         string         `json:"type_name,omitempty"`
	StatusName       string         `json:"status_name,omitempty"`
	ProductName      map[string]any `json:"product_name,omitempty"` // an object, as documented
	PaymentMethod    map[string]any `json:"payment_method,omitempty"`
	AmountTotal      float64        `json:"amount_total,omitempty"`
	CurrencyCode     string         `json:"currency_code,omitempty"`
	InvoiceURL       string         `json:"invoice_url,omitempty"`
	HostedInvoiceURL string         `json:"hosted_invoice_url,omitempty"`
	PeriodFrom       string         `json:"period_from,omitempty"`
	PeriodTo         string         `json:"period_to,omitempty"`
}

// PaymentList is one page of past payments.
type PaymentList struct {
	Payments []Payment  `json:"payments"`
	Pg       Pagination `json:"pg"`
}

func (l *PaymentList) pageItems() ([]Payment, Pagination) { return l.Payments, l.Pg }

// ListPaymentsOptions are the query parameters of Get list of past payments.
type ListPaymentsOptions struct {
	ListOptions
}

// ListPayments returns one page of the organization's past payments. opts
// may be nil.
//
// Make API: GET /organizations/{organizationId}/payments (scope organizations:read)
func (s *OrganizationsService) ListPayments(ctx context.Context, organizationID int64, opts *ListPaymentsOptions) (*PaymentList, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	if opts != nil {
		if err := opts.ListOptions.validate(); err != nil {
			return nil, err
		}
	}
	var out PaymentList
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "payments"), scopeOrgsRead, queryOf(opts), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListPaymentsIter ranges over all past payments ListPayments returns, page
// by page, fetching lazily. It does not change opts. An error is yielded
// once, and ends the iteration.
//
// Make API: GET /organizations/{organizationId}/payments (scope organizations:read)
func (s *OrganizationsService) ListPaymentsIter(ctx context.Context, organizationID int64, opts *ListPaymentsOptions) iter.Seq2[Payment, error] {
	return listIter[Payment](ctx, opts, func(ctx context.Context, o *ListPaymentsOptions) (*PaymentList, error) {
		return s.ListPayments(ctx, organizationID, o)
	})
}

// ActiveSubscription is the organization's active subscription.
type ActiveSubscription struct {
	Product *SubscriptionProduct `json:"product,omitempty"`
}

// SubscriptionProduct is the product (plan) of a subscription.
type SubscriptionProduct struct {
	ID       int64               `json:"id"`
	Name     string              `json:"name,omitempty"`
	NextBill string              `json:"nextBill,omitempty"`
	Price    *SubscriptionPrice  `json:"price,omitempty"`
	Coupon   *SubscriptionCoupon `json:"coupon,omitempty"`
}

// SubscriptionPrice is the price of a subscription's product.
type SubscriptionPrice struct {
	ID           int64   `json:"id"`
	Price        float64 `json:"price"`
	CurrencyCode string  `json:"currencyCode,omitempty"`
	Period       string  `json:"period,omitempty"`
}

// SubscriptionCoupon is a coupon applied to a subscription.
type SubscriptionCoupon struct {
	ValidFrom    string  `json:"validFrom,omitempty"`
	ValidTo      string  `json:"validTo,omitempty"`
	Price        float64 `json:"price,omitempty"`
	CurrencyCode string  `json:"currencyCode,omitempty"`
	ProductID    int64   `json:"productId,omitempty"`
	ProductName  string  `json:"productName,omitempty"`
}

// GetSubscription returns the organization's active subscription.
//
// Make API: GET /organizations/{organizationId}/subscription (scope organizations:read)
func (s *OrganizationsService) GetSubscription(ctx context.Context, organizationID int64) (*ActiveSubscription, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out ActiveSubscription
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "subscription"), scopeOrgsRead, nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SubscriptionCustomer is the billing customer of a subscription. Email,
// Name, IsBusiness and CountryID are required.
type SubscriptionCustomer struct {
	Email       string `json:"email"`
	Name        string `json:"name"`
	IsBusiness  bool   `json:"isBusiness"`
	CompanyName string `json:"companyName,omitempty"`
	TaxID       string `json:"taxId,omitempty"`
	CountryID   int64  `json:"countryId"`
	City        string `json:"city,omitempty"`
	Line1       string `json:"line1,omitempty"`
	Line2       string `json:"line2,omitempty"`
	PostalCode  string `json:"postalCode,omitempty"`
	State       string `json:"state,omitempty"`
}

func (c *SubscriptionCustomer) validate() error {
	if c == nil {
		return nil
	}
	return firstError(
		checkRequired("customer.email", c.Email),
		checkRequired("customer.name", c.Name),
		checkID("customer.countryId", c.CountryID),
	)
}

// CreateSubscriptionRequest is the body of Create a new subscription.
type CreateSubscriptionRequest struct {
	PriceID    int64                 `json:"priceId"` // required
	CouponCode string                `json:"couponCode,omitempty"`
	Customer   *SubscriptionCustomer `json:"customer,omitempty"`
}

// CheckoutSession is the result of Create a new subscription: where the
// customer completes the payment.
type CheckoutSession struct {
	// SessionID is documented as a number; it is kept as text so that a
	// payment provider's string ID decodes too.
	SessionID      string `json:"-"`
	URL            string `json:"url,omitempty"` // the checkout URL
	SubscriptionID int64  `json:"subscriptionId,omitempty"`
}

// UnmarshalJSON accepts sessionId as a JSON number or string.
func (c *CheckoutSession) UnmarshalJSON(b []byte) error {
	type plain CheckoutSession
	var p struct {
		plain
		SessionID json.RawMessage `json:"sessionId"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*c = CheckoutSession(p.plain)
	c.SessionID = jsonText(p.SessionID)
	return nil
}

// CreateSubscription subscribes the organization to the price PriceID and
// returns the checkout session.
//
// Make API: POST /organizations/{organizationId}/subscription (scope organizations:write)
func (s *OrganizationsService) CreateSubscription(ctx context.Context, organizationID int64, body *CreateSubscriptionRequest) (*CheckoutSession, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	if err := checkBody(body); err != nil {
		return nil, err
	}
	if err := firstError(checkID("priceId", body.PriceID), body.Customer.validate()); err != nil {
		return nil, err
	}
	var out CheckoutSession
	if err := s.client.call(ctx, http.MethodPost, orgPath(organizationID, "subscription"), scopeOrgsWrite, nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CancelSubscription cancels the organization's active subscription.
//
// Make API: DELETE /organizations/{organizationId}/subscription (scope organizations:write)
func (s *OrganizationsService) CancelSubscription(ctx context.Context, organizationID int64) error {
	if err := checkID("organizationId", organizationID); err != nil {
		return err
	}
	return s.client.call(ctx, http.MethodDelete, orgPath(organizationID, "subscription"), scopeOrgsWrite, nil, nil, &okResponse{})
}

// ChangeSubscriptionRequest is the body of Change subscription.
type ChangeSubscriptionRequest struct {
	PriceID  int64                 `json:"priceId"` // required: the new price
	Customer *SubscriptionCustomer `json:"customer,omitempty"`
}

// ChangeSubscription moves the subscription to another price (plan).
//
// Make API: PATCH /organizations/{organizationId}/subscription (scope organizations:write)
func (s *OrganizationsService) ChangeSubscription(ctx context.Context, organizationID int64, body *ChangeSubscriptionRequest) error {
	if err := checkID("organizationId", organizationID); err != nil {
		return err
	}
	if err := checkBody(body); err != nil {
		return err
	}
	if err := firstError(checkID("priceId", body.PriceID), body.Customer.validate()); err != nil {
		return err
	}
	return s.client.call(ctx, http.MethodPatch, orgPath(organizationID, "subscription"), scopeOrgsWrite, nil, body, &okResponse{})
}

// SetFreeSubscriptionOptions are the query parameters of Sets Free plan
// subscription.
type SetFreeSubscriptionOptions struct {
	Confirmed bool `url:"confirmed,omitempty"` // confirms the switch
}

// FreeSubscription is the result of Sets Free plan subscription.
type FreeSubscription struct {
	CustomerID     int64 `json:"customerId,omitempty"`
	SubscriptionID int64 `json:"subscriptionId,omitempty"`
}

// SetFreeSubscription switches the organization to the Free plan. opts may
// be nil; when Make asks for confirmation (ErrConfirmationRequired), repeat
// the call with Confirmed set.
//
// Make API: POST /organizations/{organizationId}/subscription-free (scope organizations:write)
func (s *OrganizationsService) SetFreeSubscription(ctx context.Context, organizationID int64, opts *SetFreeSubscriptionOptions) (*FreeSubscription, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out FreeSubscription
	if err := s.client.call(ctx, http.MethodPost, orgPath(organizationID, "subscription-free"), scopeOrgsWrite, queryOf(opts), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// PaymentMethodType is a payment method type available for a subscription.
type PaymentMethodType struct {
	Value                       string `json:"value"`
	Label                       string `json:"label,omitempty"`
	CanBeDefaultForSubscription bool   `json:"canBeDefaultForSubscription,omitempty"`
	CanBeDefaultForExtras       bool   `json:"canBeDefaultForExtras,omitempty"`
}

// ListPaymentMethodTypes returns the payment method types available for the
// organization's subscription.
//
// Make API: GET /organizations/{organizationId}/subscription/payment-method-types (scope organizations:read)
func (s *OrganizationsService) ListPaymentMethodTypes(ctx context.Context, organizationID int64) ([]PaymentMethodType, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out struct {
		PaymentMethodTypes []PaymentMethodType `json:"paymentMethodTypes"`
	}
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "subscription", "payment-method-types"), scopeOrgsRead, nil, nil, &out); err != nil {
		return nil, err
	}
	return out.PaymentMethodTypes, nil
}

// PaymentMethod is a payment method of an organization's subscription.
type PaymentMethod struct {
	ID                          string         `json:"id"`
	Type                        string         `json:"type,omitempty"`
	Valid                       bool           `json:"valid,omitempty"`
	CustomerDefaultMethod       bool           `json:"customerDefaultMethod,omitempty"`
	CustomerDefaultExtrasMethod bool           `json:"customerDefaultExtrasMethod,omitempty"`
	IsImmediate                 bool           `json:"isImmediate,omitempty"`
	Created                     string         `json:"created,omitempty"`
	MethodDetails               map[string]any `json:"methodDetails,omitempty"`
}

// PaymentMethodList is the result of List payment methods, with the pg
// object Make sends along.
type PaymentMethodList struct {
	PaymentMethods []PaymentMethod `json:"paymentMethods"`
	Pg             Pagination      `json:"pg"`
}

// ListPaymentMethods returns the payment methods of the organization's
// subscription.
//
// Make API: GET /organizations/{organizationId}/subscription/payment-methods (scope organizations:read)
func (s *OrganizationsService) ListPaymentMethods(ctx context.Context, organizationID int64) (*PaymentMethodList, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out PaymentMethodList
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "subscription", "payment-methods"), scopeOrgsRead, nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// maxPathSegment bounds a string path parameter (a payment method ID, a
// variable name): longer than any ID or name Make issues, and far below the
// URL lengths servers refuse.
const maxPathSegment = 255

// checkPathSegment refuses a string path parameter that could leave its path
// segment or cannot be an ID: empty, over maxPathSegment bytes, with a slash
// or backslash, "." or "..", ?, # or % (a query, a fragment, or an ID escaped
// twice), or with control characters. What remains is escaped with
// url.PathEscape.
func checkPathSegment(field, v string) error {
	switch {
	case strings.TrimSpace(v) == "":
		return invalid(field, "is required")
	case len(v) > maxPathSegment:
		return invalid(field, "must be at most %d bytes, got %d", maxPathSegment, len(v))
	case strings.ContainsAny(v, `/\`):
		return invalid(field, "must not contain a slash, got %q", v)
	case v == "." || strings.Contains(v, ".."):
		return invalid(field, "must not be . or contain .., got %q", v)
	case strings.ContainsAny(v, "?#%"):
		return invalid(field, "must not contain ?, # or %% (give the ID unescaped), got %q", v)
	case strings.ContainsFunc(v, unicode.IsControl):
		return invalid(field, "must not contain control characters, got %q", v)
	}
	return nil
}

// DeletePaymentMethod deletes a payment method of the organization's
// subscription.
//
// Make API: DELETE /organizations/{organizationId}/subscription/payment-methods/{paymentMethodId} (scope organizations:write)
func (s *OrganizationsService) DeletePaymentMethod(ctx context.Context, organizationID int64, paymentMethodID string) error {
	if err := firstError(checkID("organizationId", organizationID), checkPathSegment("paymentMethodId", paymentMethodID)); err != nil {
		return err
	}
	path := orgPath(organizationID, "subscription", "payment-methods", url.PathEscape(paymentMethodID))
	return s.client.call(ctx, http.MethodDelete, path, scopeOrgsWrite, nil, nil, &okResponse{})
}

// PaymentMethodTarget says for what SetDefaultPaymentMethod makes a payment
// method the default.
type PaymentMethodTarget string

// The documented targets.
const (
	PaymentMethodTargetBoth         PaymentMethodTarget = "both" // Make's default
	PaymentMethodTargetExtras       PaymentMethodTarget = "extras"
	PaymentMethodTargetSubscription PaymentMethodTarget = "subscription"
)

// SetDefaultPaymentMethodRequest is the optional body of Set default payment
// method.
type SetDefaultPaymentMethodRequest struct {
	// Target is both (the default when empty), extras or subscription.
	// Extras and both fail with 400 for a method that is not immediate.
	Target PaymentMethodTarget `json:"target,omitempty"`
}

// DefaultPaymentMethod is the result of Set default payment method.
type DefaultPaymentMethod struct {
	PaymentMethodID          string `json:"paymentMethodId"`
	PaymentMethodType        string `json:"paymentMethodType,omitempty"`
	IsDefaultForSubscription bool   `json:"isDefaultForSubscription"`
	IsDefaultForExtras       bool   `json:"isDefaultForExtras"`
}

// SetDefaultPaymentMethod makes a payment method the default for the
// subscription, extras or both. body may be nil (both).
//
// Make API: PATCH /organizations/{organizationId}/subscription/payment-methods/{paymentMethodId}/default (scope organizations:write)
func (s *OrganizationsService) SetDefaultPaymentMethod(ctx context.Context, organizationID int64, paymentMethodID string, body *SetDefaultPaymentMethodRequest) (*DefaultPaymentMethod, error) {
	if err := firstError(checkID("organizationId", organizationID), checkPathSegment("paymentMethodId", paymentMethodID)); err != nil {
		return nil, err
	}
	if body != nil {
		switch body.Target {
		case "", PaymentMethodTargetBoth, PaymentMethodTargetExtras, PaymentMethodTargetSubscription:
		default:
			return nil, invalid("target", "must be both, extras or subscription, got %q", body.Target)
		}
	}
	path := orgPath(organizationID, "subscription", "payment-methods", url.PathEscape(paymentMethodID), "default")
	var out DefaultPaymentMethod
	if err := s.client.call(ctx, http.MethodPatch, path, scopeOrgsWrite, nil, bodyOf(body), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ClaimCancellationOffer claims the cancellation-offer discount. The user
// needs the payment edit permission, and the organization must be eligible
// (no universal discount yet, no active coupon or promotion).
//
// Make API: POST /organizations/{organizationId}/universal-discount/claim-cancellation-offer (scope organizations:write)
func (s *OrganizationsService) ClaimCancellationOffer(ctx context.Context, organizationID int64) error {
	if err := checkID("organizationId", organizationID); err != nil {
		return err
	}
	path := orgPath(organizationID, "universal-discount", "claim-cancellation-offer")
	return s.client.call(ctx, http.MethodPost, path, scopeOrgsWrite, nil, nil, &okResponse{})
}

// ---------------------------------------------------------------------------
// Custom variables

// VariableType is the type of a custom variable, Make's typeId.
type VariableType int

// The four variable types.
const (
	VariableNumber VariableType = 1 // float64
	VariableString VariableType = 2 // string
	VariableBool   VariableType = 3 // bool
	VariableDate   VariableType = 4 // time.Time, sent as YYYY-MM-DDTHH:mm:ss.sssZ
)

// String returns "number", "string", "boolean" or "date".
func (t VariableType) String() string {
	switch t {
	case VariableNumber:
		return "number"
	case VariableString:
		return "string"
	case VariableBool:
		return "boolean"
	case VariableDate:
		return "date"
	}
	return fmt.Sprintf("VariableType(%d)", int(t))
}

// variableDateLayout is Make's date format for variables.
const variableDateLayout = "2006-01-02T15:04:05.000Z"

// ErrVariableType is wrapped by the error of decoding a variable whose value
// does not match its typeId (e.g. typeId 3 with the value "yes").
var ErrVariableType = errors.New("make: variable value does not match its typeId")

// VariableValue is the typed value of a custom variable: a number, string,
// boolean or date. Make it with NumberValue, StringValue, BoolValue or
// DateValue, and read it with Type and Float, Str, Bool or Time. Its type
// and value travel together as Make's typeId and value; the zero
// VariableValue has no type and is refused by the variable methods.
type VariableValue struct {
	typ VariableType
	num float64
	str string
	b   bool
	t   time.Time
}

// NumberValue returns a number value (typeId 1). NaN and infinities cannot be
// sent.
func NumberValue(f float64) VariableValue { return VariableValue{typ: VariableNumber, num: f} }

// StringValue returns a string value (typeId 2).
func StringValue(s string) VariableValue { return VariableValue{typ: VariableString, str: s} }

// BoolValue returns a boolean value (typeId 3).
func BoolValue(b bool) VariableValue { return VariableValue{typ: VariableBool, b: b} }

// DateValue returns a date value (typeId 4). Make keeps milliseconds in UTC,
// so the value is converted to UTC and truncated to the millisecond.
func DateValue(t time.Time) VariableValue {
	return VariableValue{typ: VariableDate, t: t.UTC().Truncate(time.Millisecond)}
}

// Type returns the value's type, 0 for the zero VariableValue.
func (v VariableValue) Type() VariableType { return v.typ }

// IsZero reports whether v is the zero VariableValue (no type, no value).
func (v VariableValue) IsZero() bool { return v.typ == 0 }

// Float returns the number and true if v is a number.
func (v VariableValue) Float() (float64, bool) { return v.num, v.typ == VariableNumber }

// Str returns the string and true if v is a string.
func (v VariableValue) Str() (string, bool) { return v.str, v.typ == VariableString }

// Bool returns the boolean and true if v is a boolean.
func (v VariableValue) Bool() (value, ok bool) { return v.b, v.typ == VariableBool }

// Time returns the date and true if v is a date.
func (v VariableValue) Time() (time.Time, bool) { return v.t, v.typ == VariableDate }

// String renders the value for people: 12.5, text, true, or a date in
// Make's format; "<unset>" for the zero VariableValue.
func (v VariableValue) String() string {
	switch v.typ {
	case VariableNumber:
		return fmt.Sprint(v.num)
	case VariableString:
		return v.str
	case VariableBool:
		return fmt.Sprint(v.b)
	case VariableDate:
		return v.t.UTC().Format(variableDateLayout)
	}
	return "<unset>"
}

// check refuses what cannot be sent: no type, or a number JSON cannot carry.
func (v VariableValue) check(field string) error {
	switch {
	case v.typ == 0:
		return invalid(field, "is required; make it with NumberValue, StringValue, BoolValue or DateValue")
	case v.typ < VariableNumber || v.typ > VariableDate:
		return invalid(field, "has the unknown type %d", int(v.typ))
	case v.typ == VariableNumber && (math.IsNaN(v.num) || math.IsInf(v.num, 0)):
		return invalid(field, "must be a finite number, got %v", v.num)
	}
	return nil
}

// variableWire is how Make sends a variable's type and value.
type variableWire struct {
	TypeID VariableType    `json:"typeId"`
	Value  json.RawMessage `json:"value"`
}

func (v VariableValue) wire() (variableWire, error) {
	if err := v.check("value"); err != nil {
		return variableWire{}, err
	}
	var raw any
	switch v.typ {
	case VariableNumber:
		raw = v.num
	case VariableString:
		raw = v.str
	case VariableBool:
		raw = v.b
	case VariableDate:
		raw = v.t.UTC().Format(variableDateLayout)
	}
	b, err := json.Marshal(raw)
	return variableWire{TypeID: v.typ, Value: b}, err
}

// MarshalJSON encodes the value as Make's pair {"typeId": 1, "value": 12.5}.
// The zero VariableValue is an error.
func (v VariableValue) MarshalJSON() ([]byte, error) {
	w, err := v.wire()
	if err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes Make's pair {"typeId": ..., "value": ...} (other keys
// are ignored). A value that does not match its typeId, an unknown typeId,
// or a missing one is an error wrapping ErrVariableType.
func (v *VariableValue) UnmarshalJSON(b []byte) error {
	var w struct {
		TypeID *VariableType    `json:"typeId"`
		Value  *json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if w.TypeID == nil {
		return fmt.Errorf("%w: typeId is missing", ErrVariableType)
	}
	var raw json.RawMessage
	if w.Value != nil {
		raw = *w.Value
	}
	out, err := decodeVariableValue(*w.TypeID, raw)
	if err != nil {
		return err
	}
	*v = out
	return nil
}

// decodeVariableValue checks raw against typeId strictly: Make documents the
// value's JSON type as following typeId, and a number sent as a string is not
// documented.
func decodeVariableValue(typ VariableType, raw json.RawMessage) (VariableValue, error) {
	mismatch := func() (VariableValue, error) {
		v := string(raw)
		if len(raw) == 0 {
			v = "nothing"
		}
		return VariableValue{}, fmt.Errorf("%w: typeId %d (%s) with the value %s", ErrVariableType, int(typ), typ, shorten(v, 80))
	}
	if len(raw) == 0 || string(raw) == "null" {
		return mismatch()
	}
	switch typ {
	case VariableNumber:
		var f float64
		if raw[0] == '"' || json.Unmarshal(raw, &f) != nil {
			return mismatch()
		}
		return NumberValue(f), nil
	case VariableString:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return mismatch()
		}
		return StringValue(s), nil
	case VariableBool:
		var b bool
		if json.Unmarshal(raw, &b) != nil {
			return mismatch()
		}
		return BoolValue(b), nil
	case VariableDate:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return mismatch()
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return mismatch()
		}
		return VariableValue{typ: VariableDate, t: t}, nil
	}
	return VariableValue{}, fmt.Errorf("%w: unknown typeId %d", ErrVariableType, int(typ))
}

// OrganizationVariable is a custom or system variable of an organization.
type OrganizationVariable struct {
	Name     string        // letters, digits, $ and _
	Value    VariableValue // typed; sent and received as typeId and value
	IsSystem bool          // a Make system variable, which cannot be changed
}

// UnmarshalJSON decodes {"name", "typeId", "value", "isSystem"}, checking the
// value against typeId (see VariableValue.UnmarshalJSON).
func (ov *OrganizationVariable) UnmarshalJSON(b []byte) error {
	var meta struct {
		Name     string `json:"name"`
		IsSystem bool   `json:"isSystem"`
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return err
	}
	var v VariableValue
	if err := v.UnmarshalJSON(b); err != nil {
		return fmt.Errorf("variable %q: %w", meta.Name, err)
	}
	*ov = OrganizationVariable{Name: meta.Name, Value: v, IsSystem: meta.IsSystem}
	return nil
}

// MarshalJSON encodes the variable as Make does.
func (ov OrganizationVariable) MarshalJSON() ([]byte, error) {
	w, err := ov.Value.wire()
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Name string `json:"name"`
		variableWire
		IsSystem bool `json:"isSystem"`
	}{ov.Name, w, ov.IsSystem})
}

// checkVariableName refuses a name Make cannot hold: empty, over
// maxPathSegment bytes (the name is a path parameter too), or with other
// characters than letters, digits, $ and _.
func checkVariableName(field, name string) error {
	switch {
	case name == "":
		return invalid(field, "is required")
	case len(name) > maxPathSegment:
		return invalid(field, "must be at most %d bytes, got %d", maxPathSegment, len(name))
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '$' && r != '_' {
			return invalid(field, "may contain only letters, digits, $ and _, got %q", shorten(name, 64))
		}
	}
	return nil
}

// variablePath returns the path of a variable, its name escaped.
func variablePath(organizationID int64, name string, more ...string) string {
	return orgPath(organizationID, append([]string{"variables", url.PathEscape(name)}, more...)...)
}

// ListVariables returns the organization's variables: all of them with the
// custom variables feature (License.CustomVariables), otherwise only Make's
// system variables.
//
// Make API: GET /organizations/{organizationId}/variables (scope organization-variables:read)
func (s *OrganizationsService) ListVariables(ctx context.Context, organizationID int64) ([]OrganizationVariable, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out struct {
		Variables []OrganizationVariable `json:"organizationVariables"`
	}
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "variables"), scopeOrgVarRead, nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Variables, nil
}

// CreateVariableRequest is the body of Create organization variable:
//
//	&make.CreateVariableRequest{Name: "threshold", Value: make.NumberValue(12.5)}
type CreateVariableRequest struct {
	Name  string        // letters, digits, $ and _
	Value VariableValue // sent as typeId and value
}

// MarshalJSON encodes {"name", "typeId", "value"}.
func (r CreateVariableRequest) MarshalJSON() ([]byte, error) {
	w, err := r.Value.wire()
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Name string `json:"name"`
		variableWire
	}{r.Name, w})
}

// CreateVariable creates a custom variable and returns it. It needs the
// custom variables feature; without it Make answers 404.
//
// Make API: POST /organizations/{organizationId}/variables (scope organization-variables:write)
func (s *OrganizationsService) CreateVariable(ctx context.Context, organizationID int64, body *CreateVariableRequest) (*OrganizationVariable, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	if err := checkBody(body); err != nil {
		return nil, err
	}
	if err := firstError(checkVariableName("name", body.Name), body.Value.check("value")); err != nil {
		return nil, err
	}
	var out struct {
		Variable *OrganizationVariable `json:"organizationVariable"`
	}
	if err := s.client.call(ctx, http.MethodPost, orgPath(organizationID, "variables"), scopeOrgVarEdit, nil, body, &out); err != nil {
		return nil, err
	}
	return out.Variable, nil
}

// DeleteVariableOptions are the query parameters of Delete organization
// variable.
type DeleteVariableOptions struct {
	// Confirmed must be true: without it Make refuses with IM004 (406),
	// which is ErrConfirmationRequired.
	Confirmed bool `url:"confirmed,omitempty"`
}

// DeleteVariable deletes a custom variable. Make deletes only with
// Confirmed set; otherwise the error matches ErrConfirmationRequired.
//
// Make API: DELETE /organizations/{organizationId}/variables/{variableName} (scope organization-variables:write)
func (s *OrganizationsService) DeleteVariable(ctx context.Context, organizationID int64, name string, opts *DeleteVariableOptions) error {
	if err := firstError(checkID("organizationId", organizationID), checkVariableName("variableName", name)); err != nil {
		return err
	}
	return s.client.call(ctx, http.MethodDelete, variablePath(organizationID, name), scopeOrgVarEdit, queryOf(opts), nil, &okResponse{})
}

// UpdateVariableRequest is the body of Update organization variable. The
// value's type is always sent with it, so Make checks them together.
type UpdateVariableRequest struct {
	Value VariableValue // the new value, sent as typeId and value
}

// MarshalJSON encodes {"typeId", "value"}.
func (r UpdateVariableRequest) MarshalJSON() ([]byte, error) {
	w, err := r.Value.wire()
	if err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// UpdateVariable changes a custom variable's value (and with it, its type)
// and returns the variable.
//
// Make API: PATCH /organizations/{organizationId}/variables/{variableName} (scope organization-variables:write)
func (s *OrganizationsService) UpdateVariable(ctx context.Context, organizationID int64, name string, body *UpdateVariableRequest) (*OrganizationVariable, error) {
	if err := firstError(checkID("organizationId", organizationID), checkVariableName("variableName", name)); err != nil {
		return nil, err
	}
	if err := checkBody(body); err != nil {
		return nil, err
	}
	if err := body.Value.check("value"); err != nil {
		return nil, err
	}
	var out struct {
		Variable *OrganizationVariable `json:"organizationVariable"`
	}
	if err := s.client.call(ctx, http.MethodPatch, variablePath(organizationID, name), scopeOrgVarEdit, nil, body, &out); err != nil {
		return nil, err
	}
	return out.Variable, nil
}

// OrganizationVariableHistoryEntry is one update of a custom variable.
type OrganizationVariableHistoryEntry struct {
	ID int64 `json:"id"`
	// DiffObject holds the original and new value, the time and the author
	// of the update; for a variable never updated, its current value. Make
	// documents no fixed keys for it.
	DiffObject map[string]any `json:"diffObject"`
	// Extra holds the entry's other keys, as Make sent them.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes id and diffObject and keeps the other keys in Extra.
func (e *OrganizationVariableHistoryEntry) UnmarshalJSON(b []byte) error {
	type plain OrganizationVariableHistoryEntry
	p, extra, err := unmarshalExtra[plain](b)
	*e = OrganizationVariableHistoryEntry(p)
	e.Extra = extra
	return err
}

// MarshalJSON encodes id, diffObject and the keys of Extra.
func (e OrganizationVariableHistoryEntry) MarshalJSON() ([]byte, error) {
	type plain OrganizationVariableHistoryEntry
	return withExtra(plain(e), e.Extra)
}

// GetVariableHistory returns the updates of a custom variable, newest first.
//
// Make API: GET /organizations/{organizationId}/variables/{variableName}/history (scope organization-variables:read)
func (s *OrganizationsService) GetVariableHistory(ctx context.Context, organizationID int64, name string) ([]OrganizationVariableHistoryEntry, error) {
	if err := firstError(checkID("organizationId", organizationID), checkVariableName("variableName", name)); err != nil {
		return nil, err
	}
	var out struct {
		History []OrganizationVariableHistoryEntry `json:"organizationVariableHistory"`
	}
	if err := s.client.call(ctx, http.MethodGet, variablePath(organizationID, name, "history"), scopeOrgVarRead, nil, nil, &out); err != nil {
		return nil, err
	}
	return out.History, nil
}

// ---------------------------------------------------------------------------
// Usage, feature controls and settings

// UsageDay is one day of an organization's usage.
type UsageDay struct {
	Date         string `json:"date"`
	Operations   int64  `json:"operations"`
	DataTransfer int64  `json:"dataTransfer"` // bytes
	// Centicredits used that day; its JSON type is not documented, so it is
	// kept as a json.Number (a number or a numeric string).
	Centicredits json.Number `json:"centicredits,omitempty"`
}

// GetUsageOptions are the query parameters of Get organization usage.
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
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "usage"), scopeOrgsRead, queryOf(opts), nil, &out); err != nil {
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
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "feature-controls"), scopeOrgRead, queryOf(opts), nil, &out); err != nil {
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
		FeatureControls FeatureControlState `json:"featureControls"`
	}
	if err := s.client.call(ctx, http.MethodPatch, orgPath(organizationID, "feature-controls"), scopeOrgRead, nil, body, &out); err != nil {
		return nil, err
	}
	return &out.FeatureControls, nil
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
		Organization struct {
			TFAEnforced bool `json:"tfaEnforced"`
		} `json:"organization"`
	}
	err := s.client.call(ctx, http.MethodPatch, orgPath(organizationID, "tfa-enforcement"), scopeOrgsWrite, nil, body, &out)
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
	err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "check-team-permission"), scopeOrgRead, q, nil, &out)
	return out.HasPermission, err
}

// ---------------------------------------------------------------------------
// JSON helpers for open objects

// unmarshalExtra decodes the JSON object b into a P (a struct type without
// methods of its own) and returns the keys P does not map, as Make sent them.
func unmarshalExtra[P any](b []byte) (P, map[string]json.RawMessage, error) {
	var p P
	if err := json.Unmarshal(b, &p); err != nil {
		return p, nil, err
	}
	extra, err := extraKeys(b, p)
	return p, extra, err
}

// extraKeys returns the keys of the JSON object b that the struct known does
// not map (by its json tags), or nil if there are none.
func extraKeys(b []byte, known any) (map[string]json.RawMessage, error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	for _, k := range jsonKeys(reflect.TypeOf(known)) {
		delete(all, k)
	}
	if len(all) == 0 {
		return nil, nil
	}
	return all, nil
}

// jsonKeys returns the JSON keys of a struct type's fields.
func jsonKeys(t reflect.Type) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || !f.IsExported():
			continue
		case name == "":
			name = f.Name
		}
		keys = append(keys, name)
	}
	return keys
}

// withExtra encodes v (a struct) and adds the keys of extra it does not set.
func withExtra(v any, extra map[string]json.RawMessage) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, raw := range extra {
		if _, ok := m[k]; !ok {
			m[k] = raw
		}
	}
	return json.Marshal(m)
}
