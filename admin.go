package make

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// AdminService is the White Label administration API of Make (/admin/users
// and /admin/teams). Its endpoints need an administrator's token with the
// admin:read or admin:write scope; a regular user's token gets 403. Reach it
// as client.Admin.
type AdminService service

// AdminUser is a user of the White Label instance as the admin endpoints
// return it. Which fields are filled depends on the endpoint and on the
// cols[] asked for.
type AdminUser struct {
	ID         int64          `json:"id"`
	Name       string         `json:"name,omitempty"`
	Email      string         `json:"email,omitempty"`
	Language   string         `json:"language,omitempty"`
	TimezoneID int64          `json:"timezoneId,omitempty"`
	LocaleID   int64          `json:"localeId,omitempty"`
	CountryID  int64          `json:"countryId,omitempty"`
	Features   map[string]any `json:"features,omitempty"`
	Avatar     string         `json:"avatar,omitempty"`
	// LastLogin is the time of the user's last login. Make's examples spell
	// the key "lastLogin", its published schema "lastlogin" (the same value,
	// x-alias-of in the catalogue); encoding/json matches either to this
	// field, as it matches keys case-insensitively.
	LastLogin         *time.Time `json:"lastLogin,omitempty"`
	Organizations     int        `json:"organizations,omitempty"` // number of organizations
	Scenarios         int        `json:"scenarios,omitempty"`
	ActiveScenarios   int        `json:"activeScenarios,omitempty"`
	Deleted           bool       `json:"deleted,omitempty"`
	Created           *time.Time `json:"created,omitempty"`
	UsersAdminsRoleID *int64     `json:"usersAdminsRoleId,omitempty"` // nil: no admin role
	TFAEnabled        bool       `json:"tfaEnabled,omitempty"`
	TFAStatus         *TFAStatus `json:"tfaStatus,omitempty"` // nil when absent or null
	HasAddedApp       bool       `json:"hasAddedApp,omitempty"`
	// TeamRoleID and OrganizationRoleID are the user's roles in the team or
	// organization ListUsers filters by, when asked for with cols[]
	// (cols[]=teamRoleId, cols[]=organizationRoleId).
	TeamRoleID         *int64 `json:"teamRoleId,omitempty"`
	OrganizationRoleID *int64 `json:"organizationRoleId,omitempty"`
}

// AdminUserList is one page of the admin user lists, with its pagination.
type AdminUserList struct {
	Users []AdminUser `json:"users"`
	Pg    Pagination  `json:"pg,omitempty" make:"optional"`
}

func (l *AdminUserList) pageItems() ([]AdminUser, Pagination) { return l.Users, l.Pg }

// checkAdminSortBy refuses a pg[sortBy] the endpoint does not document.
func checkAdminSortBy(sortBy string, allowed ...string) error {
	if sortBy != "" && !slices.Contains(allowed, sortBy) {
		return invalid("pg[sortBy]", "must be one of %v, got %q", allowed, sortBy)
	}
	return nil
}

// ListUserDetailsOptions are the query parameters of Get user's detail, all
// optional filters.
type ListUserDetailsOptions struct {
	ID    int64    `url:"id,omitempty"`
	Name  string   `url:"name,omitempty"`
	Email string   `url:"email,omitempty"`
	Cols  []string `url:"cols,omitempty,brackets"`
	ListOptions
}

func (o *ListUserDetailsOptions) validate() error {
	if o == nil {
		return nil
	}
	if o.ID < 0 {
		return checkID("id", o.ID)
	}
	return firstError(
		checkAdminSortBy(o.SortBy, "id", "name", "userAdminsRoleId"),
		o.ListOptions.validate(),
	)
}

// ListUserDetails returns one page of all users of the White Label
// instance, optionally filtered by ID, name or email, with per-user counts
// of organizations and scenarios. opts may be nil.
//
// Make API: GET /admin/users-detail (scope admin:read)
func (s *AdminService) ListUserDetails(ctx context.Context, opts *ListUserDetailsOptions) (*AdminUserList, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	var out AdminUserList
	if err := s.client.call(ctx, http.MethodGet, "admin/users-detail", "admin:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListUserDetailsIter ranges over all users ListUserDetails returns, page by
// page, fetching lazily. It does not change opts. An error is yielded once,
// and ends the iteration.
//
// Make API: GET /admin/users-detail (scope admin:read)
func (s *AdminService) ListUserDetailsIter(ctx context.Context, opts *ListUserDetailsOptions) iter.Seq2[AdminUser, error] {
	return listIter[AdminUser](ctx, opts, s.ListUserDetails)
}

// AdminListUsersOptions are the query parameters of the admin List users,
// all optional filters.
type AdminListUsersOptions struct {
	OrganizationID     int64      `url:"organizationId,omitempty"`
	TeamID             int64      `url:"teamId,omitempty"`
	Name               string     `url:"name,omitempty"`
	Email              string     `url:"email,omitempty"`
	TeamRoleID         int64      `url:"teamRoleId,omitempty"`
	OrganizationRoleID int64      `url:"organizationRoleId,omitempty"`
	TFAStatus          *TFAStatus `url:"tfaStatus,omitempty"` // Ptr(TFANone) finds users without TFA
	Cols               []string   `url:"cols,omitempty,brackets"`
	ListOptions
}

func (o *AdminListUsersOptions) validate() error {
	switch {
	case o == nil:
		return nil
	case o.OrganizationID < 0:
		return checkID("organizationId", o.OrganizationID)
	case o.TeamID < 0:
		return checkID("teamId", o.TeamID)
	case o.TeamRoleID < 0:
		return checkID("teamRoleId", o.TeamRoleID)
	case o.OrganizationRoleID < 0:
		return checkID("organizationRoleId", o.OrganizationRoleID)
	case o.TFAStatus != nil && (*o.TFAStatus < TFANone || *o.TFAStatus > TFAExternal):
		return invalid("tfaStatus", "must be 0, 1 or 2, got %d", *o.TFAStatus)
	}
	return firstError(
		checkAdminSortBy(o.SortBy, "email", "id", "name", "userAdminsRoleId"),
		o.ListOptions.validate(),
	)
}

// ListUsers returns one page of the users of the White Label instance,
// filtered by team or organization, name, email, role or TFA status. opts
// may be nil.
//
// Make API: GET /admin/users (scope admin:read)
func (s *AdminService) ListUsers(ctx context.Context, opts *AdminListUsersOptions) (*AdminUserList, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	var out AdminUserList
	if err := s.client.call(ctx, http.MethodGet, "admin/users", "admin:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListUsersIter ranges over all users ListUsers returns, page by page,
// fetching lazily. It does not change opts. An error is yielded once, and
// ends the iteration.
//
// Make API: GET /admin/users (scope admin:read)
func (s *AdminService) ListUsersIter(ctx context.Context, opts *AdminListUsersOptions) iter.Seq2[AdminUser, error] {
	return listIter[AdminUser](ctx, opts, s.ListUsers)
}

// CreateUserRequest is the body of Create a new user. Name and Email are
// required, and so is one of the two ways in: SendEmail true (Make emails
// the user a generated password to change at first login) or a Password.
// Country, timezone and locale default to the caller's.
type CreateUserRequest struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	// Password is the new user's password: at least 10 characters, and Make
	// also wants a number, an uppercase and a special character.
	Password   Secret `json:"password,omitempty"`
	SendEmail  bool   `json:"sendEmail,omitempty"`
	CountryID  int64  `json:"countryId,omitempty"`  // see Enums.ListCountries
	TimezoneID int64  `json:"timezoneId,omitempty"` // see Enums.ListTimezones
	LocaleID   int64  `json:"localeId,omitempty"`   // see Enums.ListLocales
}

// LogValue logs the CreateUserRequest with its password redacted.
func (r CreateUserRequest) LogValue() slog.Value { return redactedLogValue(r) }

// minAdminPassword is the documented minimum length of a password given to
// Create a new user.
const minAdminPassword = 10

func (r *CreateUserRequest) validate() error {
	if r == nil {
		return checkBody(r)
	}
	switch n := utf8.RuneCountInString(string(r.Password)); {
	case !r.SendEmail && r.Password == "":
		return invalid("password", "is required unless sendEmail is true: give a password, or set SendEmail so Make emails the user a generated one")
	case r.Password != "" && n < minAdminPassword:
		return invalid("password", "must be at least %d characters, got %d", minAdminPassword, n)
	}
	return firstError(
		checkRequired("name", r.Name),
		checkRequired("email", r.Email),
		checkOptionalID("countryId", r.CountryID),
		checkOptionalID("timezoneId", r.TimezoneID),
		checkOptionalID("localeId", r.LocaleID),
	)
}

// checkOptionalID refuses a negative ID where 0 means "not given".
func checkOptionalID(field string, id int64) error {
	if id < 0 {
		return checkID(field, id)
	}
	return nil
}

// CreateUser creates a user of the White Label instance and returns it.
//
// Make API: POST /admin/users (scope admin:write)
func (s *AdminService) CreateUser(ctx context.Context, body *CreateUserRequest) (*AdminUser, error) {
	if err := body.validate(); err != nil {
		return nil, err
	}
	var out struct {
		User *AdminUser `json:"user"`
	}
	if err := s.client.call(ctx, http.MethodPost, "admin/users", "admin:write", nil, body, &out); err != nil {
		return nil, err
	}
	return out.User, nil
}

// DeleteUserOptions are the query parameters of Delete a user. Both are
// off by default, which deletes no organization; Make may then refuse to
// delete an owner (ErrConfirmationRequired).
type DeleteUserOptions struct {
	// ConfirmDeleteOwnedOrganizations (confirmed=true) also DELETES EVERY
	// ORGANIZATION IN WHICH THE USER HAS THE OWNER ROLE, with everything in
	// it. Transfer ownership first (TransferOrganizationOwnership) to keep
	// an organization.
	ConfirmDeleteOwnedOrganizations bool `url:"confirmed,omitempty"`
	// DeleteConnections (deleteConnections=true) also deletes the user's
	// connections in the organizations deleted by
	// ConfirmDeleteOwnedOrganizations, which it therefore needs.
	DeleteConnections bool `url:"deleteConnections,omitempty"`
}

func (o *DeleteUserOptions) validate() error {
	if o != nil && o.DeleteConnections && !o.ConfirmDeleteOwnedOrganizations {
		return invalid("confirmed", "deleteConnections only acts on the owned organizations that confirmed=true deletes; set ConfirmDeleteOwnedOrganizations too, or drop DeleteConnections")
	}
	return nil
}

// DeleteUser deletes a user of the White Label instance and returns the
// deleted user's ID. opts may be nil; see DeleteUserOptions for what it
// also deletes.
//
// Make API: DELETE /admin/users/{userId} (scope admin:write)
func (s *AdminService) DeleteUser(ctx context.Context, userID int64, opts *DeleteUserOptions) (int64, error) {
	if err := firstError(checkID("userId", userID), opts.validate()); err != nil {
		return 0, err
	}
	var out struct {
		User int64 `json:"user"`
	}
	err := s.client.call(ctx, http.MethodDelete, fmt.Sprintf("admin/users/%d", userID), "admin:write", opts, nil, &out)
	return out.User, err
}

// AdminUpdateUserRequest is the body of Update user information; empty
// fields stay unchanged.
type AdminUpdateUserRequest struct {
	Name       string `json:"name,omitempty"` // at most 250 characters
	Email      string `json:"email,omitempty"`
	Language   string `json:"language,omitempty"`   // the full UI exists in "en" only
	CountryID  int64  `json:"countryId,omitempty"`  // see Enums.ListCountries
	TimezoneID int64  `json:"timezoneId,omitempty"` // see Enums.ListTimezones
	LocaleID   int64  `json:"localeId,omitempty"`   // see Enums.ListLocales
	// UsersAdminsRoleID sets the user's admin role in the instance (see
	// ListAdminRoles); nil leaves it unchanged, Ptr(int64(0)) sends 0.
	UsersAdminsRoleID *int64 `json:"usersAdminsRoleId,omitempty"`
}

func (r *AdminUpdateUserRequest) validate() error {
	switch {
	case r == nil:
		return checkBody(r)
	case *r == AdminUpdateUserRequest{}:
		return invalid("body", "sets nothing; give at least one field to change")
	case utf8.RuneCountInString(r.Name) > maxUserName:
		return invalid("name", "must be at most %d characters, got %d", maxUserName, utf8.RuneCountInString(r.Name))
	case r.UsersAdminsRoleID != nil && *r.UsersAdminsRoleID < 0:
		return invalid("usersAdminsRoleId", "must not be negative, got %d", *r.UsersAdminsRoleID)
	}
	return firstError(
		checkOptionalID("countryId", r.CountryID),
		checkOptionalID("timezoneId", r.TimezoneID),
		checkOptionalID("localeId", r.LocaleID),
	)
}

// UpdateUser changes a user's name, email, language, country, timezone,
// locale or admin role, and returns the updated user.
//
// Make API: PATCH /admin/users/{userId} (scope admin:write)
func (s *AdminService) UpdateUser(ctx context.Context, userID int64, body *AdminUpdateUserRequest) (*AdminUser, error) {
	if err := firstError(checkID("userId", userID), body.validate()); err != nil {
		return nil, err
	}
	var out struct {
		User *AdminUser `json:"user"`
	}
	if err := s.client.call(ctx, http.MethodPatch, fmt.Sprintf("admin/users/%d", userID), "admin:write", nil, body, &out); err != nil {
		return nil, err
	}
	return out.User, nil
}

// RoleInvitation is the invitation state of an organization role: "" for an
// accepted member, otherwise e.g. "pending" or "expired". Make documents the
// field as a string or null, and its published schema as a boolean: null
// and false decode as "", true as "true", any other value as its JSON text.
type RoleInvitation string

// Pending reports whether the role is an invitation rather than an accepted
// membership.
func (r RoleInvitation) Pending() bool { return r != "" }

// UnmarshalJSON accepts a string, null or a boolean.
func (r *RoleInvitation) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch string(b) {
	case "null", "false":
		*r = ""
		return nil
	case "true":
		*r = "true"
		return nil
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		*r = RoleInvitation(s)
		return nil
	}
	*r = RoleInvitation(b)
	return nil
}

// AdminOrganizationRole is a user's role in an organization as the admin
// endpoints return it: UserOrganizationRole with an Invitation that decodes
// every documented form.
type AdminOrganizationRole struct {
	UserID                 int64          `json:"userId"`
	OrganizationID         int64          `json:"organizationId"`
	UsersRoleID            int64          `json:"usersRoleId"` // see Users.ListRoles
	Invitation             RoleInvitation `json:"invitation,omitempty"`
	OrganizationTeamsCount int            `json:"organizationTeamsCount,omitempty"` // with cols[]
	JoinedTeamsCount       int            `json:"joinedTeamsCount,omitempty"`       // with cols[]
	SSOPending             bool           `json:"ssoPending,omitempty"`             // with cols[]
}

// TransferOrganizationOwnership makes the user the owner of the
// organization and returns the organization roles it changed.
//
// Make API: POST /admin/users/{userId}/user-organization-roles/{organizationId}/transfer (scope admin:write)
func (s *AdminService) TransferOrganizationOwnership(ctx context.Context, userID, organizationID int64) ([]AdminOrganizationRole, error) {
	if err := firstError(checkID("userId", userID), checkID("organizationId", organizationID)); err != nil {
		return nil, err
	}
	var out struct {
		Roles []AdminOrganizationRole `json:"userOrganizationRoles"`
	}
	path := fmt.Sprintf("admin/users/%d/user-organization-roles/%d/transfer", userID, organizationID)
	if err := s.client.call(ctx, http.MethodPost, path, "admin:write", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Roles, nil
}

// SetUserTeamRoleRequest is the body of Set user team role.
type SetUserTeamRoleRequest struct {
	// UsersRoleID is the team role to give (see Users.ListRoles); it is
	// required. To take the user out of the team call RemoveUserFromTeam.
	UsersRoleID int64 `json:"usersRoleId"`
}

func (r *SetUserTeamRoleRequest) validate() error {
	if r == nil {
		return invalid("body", "is required; to remove the user from the team call RemoveUserFromTeam")
	}
	return checkRoleID(r.UsersRoleID, "RemoveUserFromTeam")
}

// checkRoleID refuses a zero or negative role in a Set...Role request: the
// body without a role that Make reads as removal is never sent by accident.
func checkRoleID(id int64, remove string) error {
	if id <= 0 {
		return invalid("usersRoleId", "must be a positive role ID (see Users.ListRoles), got %d; to remove the user call %s", id, remove)
	}
	return nil
}

// checkConfirmed refuses deleteConnections without confirmed on a removal.
func checkConfirmed(deleteConnections, confirmed bool) error {
	if deleteConnections && !confirmed {
		return invalid("confirmed", "deleting the user's connections needs confirmed=true; set Confirmed too, or drop DeleteConnections")
	}
	return nil
}

// emptyBody is the empty JSON object Make reads as "remove the user".
var emptyBody = struct{}{}

// SetUserTeamRole gives the user a role in the team, adding the user to
// the team if needed; the user must already be a member of the team's
// organization. It never removes the user: a nil body or a zero role is
// refused (see RemoveUserFromTeam).
//
// Make API: POST /admin/users/{userId}/user-team-roles/{teamId} (scope admin:write)
func (s *AdminService) SetUserTeamRole(ctx context.Context, userID, teamID int64, body *SetUserTeamRoleRequest) (*UserTeamRole, error) {
	if err := firstError(
		checkID("userId", userID),
		checkID("teamId", teamID),
		body.validate(),
	); err != nil {
		return nil, err
	}
	return s.postTeamRole(ctx, userID, teamID, nil, body)
}

// RemoveUserFromTeamOptions are the query parameters of a removal from a
// team.
type RemoveUserFromTeamOptions struct {
	// DeleteConnections also deletes the user's connections in the team.
	// Make wants Confirmed with it.
	DeleteConnections bool `url:"deleteConnections,omitempty"`
	// Confirmed confirms deleting the connections.
	Confirmed bool `url:"confirmed,omitempty"`
}

func (o *RemoveUserFromTeamOptions) validate() error {
	if o == nil {
		return nil
	}
	return checkConfirmed(o.DeleteConnections, o.Confirmed)
}

// RemoveUserFromTeam takes the user out of the team (team role "None").
// opts may be nil, which keeps the user's connections. It is the endpoint
// of SetUserTeamRole with an empty body.
//
// Make API: POST /admin/users/{userId}/user-team-roles/{teamId} (scope admin:write)
func (s *AdminService) RemoveUserFromTeam(ctx context.Context, userID, teamID int64, opts *RemoveUserFromTeamOptions) (*UserTeamRole, error) {
	if err := firstError(checkID("userId", userID), checkID("teamId", teamID), opts.validate()); err != nil {
		return nil, err
	}
	return s.postTeamRole(ctx, userID, teamID, opts, emptyBody)
}

func (s *AdminService) postTeamRole(ctx context.Context, userID, teamID int64, query, body any) (*UserTeamRole, error) {
	var out struct {
		UserTeamRole *UserTeamRole `json:"userTeamRole"`
	}
	path := fmt.Sprintf("admin/users/%d/user-team-roles/%d", userID, teamID)
	if err := s.client.call(ctx, http.MethodPost, path, "admin:write", query, body, &out); err != nil {
		return nil, err
	}
	return out.UserTeamRole, nil
}

// SetUserOrganizationRoleRequest is the body of Set user organization role.
type SetUserOrganizationRoleRequest struct {
	// UsersRoleID is the organization role to give (see Users.ListRoles);
	// it is required. As Admin (12) the user also becomes Team Admin in all
	// the organization's teams. To take the user out of the organization
	// call RemoveUserFromOrganization; to change the owner call
	// TransferOrganizationOwnership.
	UsersRoleID int64 `json:"usersRoleId" url:"-"`
	// Cols, sent as the cols[] query parameter, asks for more fields of the
	// returned role (organizationTeamsCount, joinedTeamsCount, ssoPending).
	Cols []string `json:"-" url:"cols,omitempty,brackets"`
}

func (r *SetUserOrganizationRoleRequest) validate() error {
	if r == nil {
		return invalid("body", "is required; to remove the user from the organization call RemoveUserFromOrganization")
	}
	return checkRoleID(r.UsersRoleID, "RemoveUserFromOrganization")
}

// SetUserOrganizationRole gives the user a role in the organization, adding
// the user if needed. It never removes the user: a nil body or a zero role
// is refused (see RemoveUserFromOrganization).
//
// Make API: POST /admin/users/{userId}/user-organization-roles/{organizationId} (scope admin:write)
func (s *AdminService) SetUserOrganizationRole(ctx context.Context, userID, organizationID int64, body *SetUserOrganizationRoleRequest) (*AdminOrganizationRole, error) {
	if err := firstError(
		checkID("userId", userID),
		checkID("organizationId", organizationID),
		body.validate(),
	); err != nil {
		return nil, err
	}
	return s.postOrganizationRole(ctx, userID, organizationID, body, body)
}

// RemoveUserFromOrganizationOptions are the query parameters of a removal
// from an organization.
type RemoveUserFromOrganizationOptions struct {
	// DeleteConnections also deletes the user's connections in the
	// organization. Make refuses it without Confirmed.
	DeleteConnections bool `url:"deleteConnections,omitempty"`
	// Confirmed confirms deleting the connections.
	Confirmed bool `url:"confirmed,omitempty"`
	// Cols asks for more fields of the returned role.
	Cols []string `url:"cols,omitempty,brackets"`
}

func (o *RemoveUserFromOrganizationOptions) validate() error {
	if o == nil {
		return nil
	}
	return checkConfirmed(o.DeleteConnections, o.Confirmed)
}

// RemoveUserFromOrganization takes the user out of the organization
// (organization role "None"). opts may be nil, which keeps the user's
// connections. It is the endpoint of SetUserOrganizationRole with an empty
// body.
//
// Make API: POST /admin/users/{userId}/user-organization-roles/{organizationId} (scope admin:write)
func (s *AdminService) RemoveUserFromOrganization(ctx context.Context, userID, organizationID int64, opts *RemoveUserFromOrganizationOptions) (*AdminOrganizationRole, error) {
	if err := firstError(checkID("userId", userID), checkID("organizationId", organizationID), opts.validate()); err != nil {
		return nil, err
	}
	return s.postOrganizationRole(ctx, userID, organizationID, opts, emptyBody)
}

func (s *AdminService) postOrganizationRole(ctx context.Context, userID, organizationID int64, query, body any) (*AdminOrganizationRole, error) {
	var out struct {
		Role *AdminOrganizationRole `json:"userOrganizationRole"`
	}
	path := fmt.Sprintf("admin/users/%d/user-organization-roles/%d", userID, organizationID)
	if err := s.client.call(ctx, http.MethodPost, path, "admin:write", query, body, &out); err != nil {
		return nil, err
	}
	return out.Role, nil
}

// AdminRoleCategory is the category of an admin role.
type AdminRoleCategory string

// The documented admin role categories.
const (
	AdminRoleDevelopers AdminRoleCategory = "developers"
	AdminRoleSupport    AdminRoleCategory = "support"
	AdminRoleSystem     AdminRoleCategory = "system"
)

// AdminRole is an admin role of the White Label instance, the value of
// usersAdminsRoleId.
type AdminRole struct {
	ID          int64             `json:"id"`
	Name        string            `json:"name,omitempty"`
	Permissions []string          `json:"permissions,omitempty"`
	Category    AdminRoleCategory `json:"category,omitempty"`
	Identifier  string            `json:"identifier,omitempty"`
}

// ListAdminRolesOptions are the query parameters of List admin roles.
type ListAdminRolesOptions struct {
	Category AdminRoleCategory `url:"category,omitempty"`
	Cols     []string          `url:"cols,omitempty,brackets"`
}

func (o *ListAdminRolesOptions) validate() error {
	if o == nil || o.Category == "" {
		return nil
	}
	if known := []AdminRoleCategory{AdminRoleDevelopers, AdminRoleSupport, AdminRoleSystem}; !slices.Contains(known, o.Category) {
		return invalid("category", "must be one of %v, got %q", known, o.Category)
	}
	return nil
}

// ListAdminRoles returns the admin roles a user can be given with
// UpdateUser's UsersAdminsRoleID. opts may be nil.
//
// Make API: GET /admin/users/admins-roles (scope admin:read)
func (s *AdminService) ListAdminRoles(ctx context.Context, opts *ListAdminRolesOptions) ([]AdminRole, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	var out struct {
		Roles []AdminRole `json:"usersAdminsRoles"`
	}
	if err := s.client.call(ctx, http.MethodGet, "admin/users/admins-roles", "admin:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Roles, nil
}

// LookupUserOptions say whom LookupUser finds: exactly one of ID and Email.
// They are sent as Make's q and type parameters (type=id or type=email).
type LookupUserOptions struct {
	ID    int64
	Email string
}

// LookupUser finds one user of the instance by ID or by email. The result
// carries the user's ID, name, email and whether the user is deleted.
//
// Make API: GET /admin/users/lookup (scope admin:read)
func (s *AdminService) LookupUser(ctx context.Context, opts *LookupUserOptions) (*AdminUser, error) {
	var q struct {
		Q    string `url:"q"`
		Type string `url:"type"`
	}
	switch {
	case opts == nil || (opts.ID == 0) == (opts.Email == ""):
		return nil, invalid("q", "give exactly one of ID and Email")
	case opts.ID != 0:
		if err := checkID("q", opts.ID); err != nil {
			return nil, err
		}
		q.Q, q.Type = strconv.FormatInt(opts.ID, 10), "id"
	default:
		if err := checkRequired("q", opts.Email); err != nil {
			return nil, err
		}
		q.Q, q.Type = opts.Email, "email"
	}
	var out struct {
		User *AdminUser `json:"user"`
	}
	if err := s.client.call(ctx, http.MethodGet, "admin/users/lookup", "admin:read", q, nil, &out); err != nil {
		return nil, err
	}
	return out.User, nil
}

// ---------------------------------------------------------------------------
// Admin > Teams

// AdminListTeamsOptions are the query parameters of the admin List teams,
// all optional filters. pg[sortBy] accepts only "name".
type AdminListTeamsOptions struct {
	OrganizationID int64  `url:"organizationId,omitempty"`
	ExternalID     string `url:"externalId,omitempty"` // the team's ID in an external system
	ListOptions
}

// pageSize: GET /admin/teams documents a default page of 10000.
func (*AdminListTeamsOptions) pageSize() int { return maxTeamsPageSize }

func (o *AdminListTeamsOptions) validate() error {
	if o == nil {
		return nil
	}
	return firstError(
		checkOptionalID("organizationId", o.OrganizationID),
		checkAdminSortBy(o.SortBy, "name"),
		o.ListOptions.validate(),
	)
}

// ListTeams returns one page of the teams of the White Label instance,
// deleted ones included (Team.Deleted), optionally of one organization or
// with one external ID. opts may be nil.
//
// Make API: GET /admin/teams (scope admin:read)
func (s *AdminService) ListTeams(ctx context.Context, opts *AdminListTeamsOptions) (*TeamList, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	var out TeamList
	if err := s.client.call(ctx, http.MethodGet, "admin/teams", "admin:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListTeamsIter ranges over all teams ListTeams returns, page by page,
// fetching lazily. It does not change opts. An error is yielded once, and
// ends the iteration.
//
// Make API: GET /admin/teams (scope admin:read)
func (s *AdminService) ListTeamsIter(ctx context.Context, opts *AdminListTeamsOptions) iter.Seq2[Team, error] {
	return listIter[Team](ctx, opts, s.ListTeams)
}

// AdminCreateTeamRequest is the body of the admin Create a team. Name and
// OrganizationID are required.
type AdminCreateTeamRequest struct {
	Name           string `json:"name"`
	OrganizationID int64  `json:"organizationId"`
	// UserTeamAdmin is the user to make the team's admin; 0 makes the
	// caller its admin if they are a member of the organization.
	UserTeamAdmin int64 `json:"userTeamAdmin,omitempty"`
}

func (r *AdminCreateTeamRequest) validate() error {
	if r == nil {
		return checkBody(r)
	}
	return firstError(
		checkTeamName(r.Name),
		checkID("organizationId", r.OrganizationID),
		checkOptionalID("userTeamAdmin", r.UserTeamAdmin),
	)
}

// CreateTeam creates a team in an organization of the instance and returns
// it with its team admin's role.
//
// Make API: POST /admin/teams (scope admin:write)
func (s *AdminService) CreateTeam(ctx context.Context, body *AdminCreateTeamRequest) (*CreatedTeam, error) {
	if err := body.validate(); err != nil {
		return nil, err
	}
	var out CreatedTeam
	if err := s.client.call(ctx, http.MethodPost, "admin/teams", "admin:write", nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteTeam deletes the team and returns its ID: Make removes every user
// from it and deletes its data (data stores, scenarios...). The page
// documents no confirmation. The team stays listed by ListTeams with
// Deleted set.
//
// Make API: DELETE /admin/teams/{teamId} (scope admin:write)
func (s *AdminService) DeleteTeam(ctx context.Context, teamID int64) (int64, error) {
	if err := checkID("teamId", teamID); err != nil {
		return 0, err
	}
	var out deletedTeam
	if err := s.client.call(ctx, http.MethodDelete, "admin/"+teamPath(teamID), "admin:write", nil, nil, &out); err != nil {
		return 0, err
	}
	return out.id(), nil
}
