package make

import (
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

// UsersService is the Users API of Make: users of teams and organizations,
// the current user, and password and email changes. Reach it as
// client.Users.
type UsersService service

// userPath returns "users/{userId}/{section}" followed by each of ids, e.g.
// "users/5/user-team-roles/7".
func userPath(userID int64, section string, ids ...int64) string {
	p := "users/" + strconv.FormatInt(userID, 10) + "/" + section
	for _, id := range ids {
		p += "/" + strconv.FormatInt(id, 10)
	}
	return p
}

// TFAStatus is a user's two-factor authentication status.
type TFAStatus int

// The documented TFA statuses.
const (
	TFANone     TFAStatus = 0 // no TFA set
	TFAActive   TFAStatus = 1 // TFA with an authenticator app
	TFAExternal TFAStatus = 2 // external authentication (social SSO)
)

// User is a Make user. Which fields are filled depends on the endpoint and
// on the cols[] asked for.
type User struct {
	ID                    int64                  `json:"id"`
	Name                  string                 `json:"name,omitempty"`
	Email                 string                 `json:"email,omitempty"`
	Language              string                 `json:"language,omitempty"`
	TimezoneID            int64                  `json:"timezoneId,omitempty"`
	LocaleID              int64                  `json:"localeId,omitempty"`
	CountryID             int64                  `json:"countryId,omitempty"`
	Features              map[string]any         `json:"features,omitempty"`
	Avatar                string                 `json:"avatar,omitempty"`
	LastLogin             *time.Time             `json:"lastLogin,omitempty"`
	TFAStatus             *TFAStatus             `json:"tfaStatus,omitempty"` // nil when absent or null
	SupportEligible       bool                   `json:"supportEligible,omitempty"`
	UserTeamIDs           []int64                `json:"userTeamIds,omitempty"` // with cols[]=userTeamIds and organizationId
	PrivateSpace          *PrivateSpace          `json:"privateSpace,omitempty"`
	Timezone              string                 `json:"timezone,omitempty"`
	Locale                string                 `json:"locale,omitempty"`
	EmailNotifications    json.RawMessage        `json:"emailNotifications,omitempty"`
	UsersAdminsRoleID     *int64                 `json:"usersAdminsRoleId,omitempty"`
	HasPassword           bool                   `json:"hasPassword,omitempty"`
	TFAEnabled            bool                   `json:"tfaEnabled,omitempty"`
	ForceSetPassword      bool                   `json:"forceSetPassword,omitempty"`
	IsAffiliatePartner    bool                   `json:"isAffiliatePartner,omitempty"`
	HasAddedApp           bool                   `json:"hasAddedApp,omitempty"`
	UserOrganizationRoles []UserOrganizationRole `json:"userOrganizationRoles,omitempty"`
	UserTeamRoles         []UserTeamRole         `json:"userTeamRoles,omitempty"`
}

// PrivateSpace is a user's personal space (team). Make sends its counters
// as numbers or numeric strings, or null; Number keeps either form.
type PrivateSpace struct {
	ID                     int64  `json:"id"`
	Name                   string `json:"name,omitempty"`
	OrganizationID         int64  `json:"organizationId,omitempty"`
	GlobalAgentsEnabled    bool   `json:"globalAgentsEnabled,omitempty"`
	Type                   string `json:"type,omitempty"` // "personal" for private spaces
	PrivateSpaceOwnerID    int64  `json:"privateSpaceOwnerId,omitempty"`
	PrivateSpaceOwnerName  string `json:"privateSpaceOwnerName,omitempty"`
	PrivateSpaceOwnerEmail string `json:"privateSpaceOwnerEmail,omitempty"`
	OperationsLimit        *int64 `json:"operationsLimit,omitempty"`    // nil: unlimited
	TransferLimit          Number `json:"transferLimit,omitzero"`       // bytes; zero: unlimited
	ConsumedOperations     int64  `json:"consumedOperations,omitempty"` // this period
	ConsumedTransfer       Number `json:"consumedTransfer,omitzero"`    // bytes, this period
	IsPaused               bool   `json:"isPaused,omitempty"`           // over its limits
	ConsumedCenticredits   Number `json:"consumedCenticredits,omitzero"`
}

// UserOrganizationRole is a user's role in an organization.
type UserOrganizationRole struct {
	UserID                 int64   `json:"userId"`
	OrganizationID         int64   `json:"organizationId"`
	UsersRoleID            int64   `json:"usersRoleId"`
	Invitation             *string `json:"invitation,omitempty"` // nil for an accepted member, else e.g. "pending"
	OrganizationTeamsCount int     `json:"organizationTeamsCount,omitempty"`
	JoinedTeamsCount       int     `json:"joinedTeamsCount,omitempty"`
	SSOPending             bool    `json:"ssoPending,omitempty"`
}

// UserTeamRole is a user's role in a team.
type UserTeamRole struct {
	UsersRoleID int64 `json:"usersRoleId"`
	UserID      int64 `json:"userId"`
	TeamID      int64 `json:"teamId"`
	Changeable  bool  `json:"changeable,omitempty"`
	SSOPending  bool  `json:"ssoPending,omitempty"`
}

// MembershipPromise is a legacy entry of List users (cloud instances only).
type MembershipPromise struct {
	ID                 int64      `json:"id"`
	LegacyUserID       int64      `json:"legacyUserId,omitempty"`
	OrganizationRoleID int64      `json:"organizationRoleId,omitempty"`
	TeamRoleID         int64      `json:"teamRoleId,omitempty"`
	OrganizationID     int64      `json:"organizationId,omitempty"`
	CreatedAt          *time.Time `json:"createdAt,omitempty"`
	LegacyEmail        string     `json:"legacyEmail,omitempty"`
	LegacyName         string     `json:"legacyName,omitempty"`
	Avatar             string     `json:"avatar,omitempty"`
}

// UserList is one page of List users, with its pagination and sibling keys.
type UserList struct {
	Users              []User              `json:"users"`
	Pg                 Pagination          `json:"pg,omitempty" make:"optional"`
	MembershipPromises []MembershipPromise `json:"membershipPromises,omitempty" make:"optional"`
}

func (l *UserList) pageItems() ([]User, Pagination) { return l.Users, l.Pg }

// ListUsersOptions are the query parameters of List users. Exactly one of
// TeamID and OrganizationID is required.
type ListUsersOptions struct {
	OrganizationID     int64      `url:"organizationId,omitempty"`
	TeamID             int64      `url:"teamId,omitempty"`
	Name               string     `url:"name,omitempty"`
	Email              string     `url:"email,omitempty"`
	TeamRoleID         int64      `url:"teamRoleId,omitempty"`         // needs TeamID
	OrganizationRoleID int64      `url:"organizationRoleId,omitempty"` // needs OrganizationID
	FilterByTeamID     *int64     `url:"filterByTeamId,omitempty"`     // needs OrganizationID; Ptr(int64(0)) finds users in no team
	IDs                []int64    `url:"ids,omitempty,brackets"`
	TFAStatus          *TFAStatus `url:"tfaStatus,omitempty"` // Ptr(TFANone) finds users without TFA
	Cols               []string   `url:"cols,omitempty,brackets"`
	ListOptions
}

// maxUsersPageSize is the documented maximum of pg[limit] for List users.
const maxUsersPageSize = 10000

func (o *ListUsersOptions) validate() error {
	if o == nil || (o.TeamID == 0) == (o.OrganizationID == 0) {
		return invalid("teamId/organizationId", "exactly one of teamId or organizationId is required")
	}
	switch {
	case o.TeamID < 0:
		return checkID("teamId", o.TeamID)
	case o.OrganizationID < 0:
		return checkID("organizationId", o.OrganizationID)
	case o.TeamRoleID < 0:
		return checkID("teamRoleId", o.TeamRoleID)
	case o.TeamRoleID != 0 && o.TeamID == 0:
		return invalid("teamRoleId", "needs teamId")
	case o.OrganizationRoleID < 0:
		return checkID("organizationRoleId", o.OrganizationRoleID)
	case o.OrganizationRoleID != 0 && o.OrganizationID == 0:
		return invalid("organizationRoleId", "needs organizationId")
	case o.FilterByTeamID != nil && o.OrganizationID == 0:
		return invalid("filterByTeamId", "needs organizationId")
	case o.FilterByTeamID != nil && *o.FilterByTeamID < 0:
		return invalid("filterByTeamId", "must be a team ID, or 0 for users in no team; got %d", *o.FilterByTeamID)
	case slices.Contains(o.Cols, "userTeamIds") && o.OrganizationID == 0:
		return invalid("cols[]", "the userTeamIds column needs organizationId")
	case o.TFAStatus != nil && (*o.TFAStatus < TFANone || *o.TFAStatus > TFAExternal):
		return invalid("tfaStatus", "must be 0, 1 or 2, got %d", *o.TFAStatus)
	case o.SortBy != "" && o.SortBy != "id" && o.SortBy != "name" && o.SortBy != "email":
		return invalid("pg[sortBy]", "must be id, name or email, got %q", o.SortBy)
	case o.Limit > maxUsersPageSize:
		return invalid("pg[limit]", "must be at most %d, got %d", maxUsersPageSize, o.Limit)
	}
	for _, id := range o.IDs {
		if err := checkID("ids[]", id); err != nil {
			return err
		}
	}
	return o.ListOptions.validate()
}

// List returns one page of the users of a team or an organization, sorted by
// ID descending unless pg[sortBy] says otherwise.
//
// Make API: GET /users (scope user:read)
func (s *UsersService) List(ctx context.Context, opts *ListUsersOptions) (*UserList, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	var out UserList
	if err := s.client.call(ctx, http.MethodGet, "users", "user:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListIter ranges over all users List returns, page by page, fetching lazily.
// It does not change opts. An error is yielded once, and ends the iteration.
//
// Make API: GET /users (scope user:read)
func (s *UsersService) ListIter(ctx context.Context, opts *ListUsersOptions) iter.Seq2[User, error] {
	return listIter[User](ctx, opts, s.List)
}

// DeleteCurrentUserRequest is the body of Delete current user.
type DeleteCurrentUserRequest struct {
	DeleteConnections bool   `json:"deleteConnections"`         // also delete the user's connections, webhooks, ...
	CurrentPassword   Secret `json:"currentPassword,omitempty"` // needed if the user has a password
	TFACode           Secret `json:"tfaCode,omitempty"`         // needed if TFA is enabled
}

// LogValue logs the DeleteCurrentUserRequest with its secrets redacted.
func (r DeleteCurrentUserRequest) LogValue() slog.Value { return redactedLogValue(r) }

// DeleteCurrent deletes the authenticated user's own account and returns its
// ID. body may be nil.
//
// Make API: DELETE /users (scope user:write)
func (s *UsersService) DeleteCurrent(ctx context.Context, body *DeleteCurrentUserRequest) (int64, error) {
	var out struct {
		User int64 `json:"user"`
	}
	err := s.client.call(ctx, http.MethodDelete, "users", "user:write", nil, body, &out)
	return out.User, err
}

// UpdateUserRequest is the body of Update user; empty fields stay unchanged.
type UpdateUserRequest struct {
	Name       string `json:"name,omitempty"` // at most 250 characters
	Language   string `json:"language,omitempty"`
	TimezoneID int64  `json:"timezoneId,omitempty"`
	LocaleID   int64  `json:"localeId,omitempty"`
	CountryID  int64  `json:"countryId,omitempty"`
}

// maxUserName is the documented maximum length of a user's name.
const maxUserName = 250

func (r *UpdateUserRequest) validate() error {
	switch {
	case r == nil:
		return checkBody(r)
	case *r == UpdateUserRequest{}:
		return invalid("body", "sets nothing; give at least one field to change")
	case utf8.RuneCountInString(r.Name) > maxUserName:
		return invalid("name", "must be at most %d characters, got %d", maxUserName, utf8.RuneCountInString(r.Name))
	case r.TimezoneID < 0:
		return checkID("timezoneId", r.TimezoneID)
	case r.LocaleID < 0:
		return checkID("localeId", r.LocaleID)
	case r.CountryID < 0:
		return checkID("countryId", r.CountryID)
	}
	return nil
}

// Update changes the user's name, language, timezone, locale or country and
// returns the whole updated user.
//
// Make API: PATCH /users/{userId} (scope user:write)
func (s *UsersService) Update(ctx context.Context, userID int64, body *UpdateUserRequest) (*User, error) {
	if err := firstError(checkID("userId", userID), body.validate()); err != nil {
		return nil, err
	}
	var out struct {
		User *User `json:"user"`
	}
	if err := s.client.call(ctx, http.MethodPatch, "users/"+strconv.FormatInt(userID, 10), "user:write", nil, body, &out); err != nil {
		return nil, err
	}
	return out.User, nil
}

// UpdateEmailRequest is the body of Update user email; all fields are
// required.
type UpdateEmailRequest struct {
	CurrentEmailAddress string `json:"currentEmailAddress"`
	NewEmailAddress     string `json:"newEmailAddress"`
	CurrentPassword     Secret `json:"currentPassword"`
}

// LogValue logs the UpdateEmailRequest with its secrets redacted.
func (r UpdateEmailRequest) LogValue() slog.Value { return redactedLogValue(r) }

// EmailChange is the result of Update user email.
type EmailChange struct {
	Changed   bool `json:"changed"`                             // whether the email was changed
	EmailSent bool `json:"emailSent,omitempty" make:"optional"` // whether a confirmation email was sent
}

// UpdateEmail changes the user's email address. Make answers IM001 when the
// user cannot change it.
//
// Make API: PUT /users/{userId}/attributes/email (scope user:write)
func (s *UsersService) UpdateEmail(ctx context.Context, userID int64, body *UpdateEmailRequest) (*EmailChange, error) {
	if err := checkID("userId", userID); err != nil {
		return nil, err
	}
	if err := checkBody(body); err != nil {
		return nil, err
	}
	if err := firstError(
		checkRequired("currentEmailAddress", body.CurrentEmailAddress),
		checkRequired("newEmailAddress", body.NewEmailAddress),
		checkRequired("currentPassword", string(body.CurrentPassword)),
	); err != nil {
		return nil, err
	}
	var out EmailChange
	if err := s.client.call(ctx, http.MethodPut, fmt.Sprintf("users/%d/attributes/email", userID), "user:write", nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdatePasswordRequest is the body of Update user password. NewPassword1
// and NewPassword2 must be equal and at least 9 characters; Make also wants
// an uppercase letter, a number and a special character.
type UpdatePasswordRequest struct {
	CurrentPassword Secret `json:"currentPassword"`
	NewPassword1    Secret `json:"newPassword1"`
	NewPassword2    Secret `json:"newPassword2"`
}

// LogValue logs the UpdatePasswordRequest with its secrets redacted.
func (r UpdatePasswordRequest) LogValue() slog.Value { return redactedLogValue(r) }

// minPassword is the documented minimum length of a new password.
const minPassword = 9

// checkNewPassword refuses a new password whose two copies differ, or that is
// shorter than min (0: no minimum).
func checkNewPassword(p1, p2 Secret, min int) error {
	switch {
	case p1 == "":
		return invalid("newPassword1", "is required")
	case p2 == "":
		return invalid("newPassword2", "is required")
	case p1 != p2:
		return invalid("newPassword2", "must equal newPassword1")
	case utf8.RuneCountInString(string(p1)) < min:
		return invalid("newPassword1", "must be at least %d characters", min)
	}
	return nil
}

// UpdatePassword changes the user's password and reports whether it changed.
// Make answers IM011 when too many attempts were made, IM001 when the user
// cannot change the password.
//
// Make API: PUT /users/{userId}/attributes/password (scope user:write)
func (s *UsersService) UpdatePassword(ctx context.Context, userID int64, body *UpdatePasswordRequest) (bool, error) {
	if err := checkID("userId", userID); err != nil {
		return false, err
	}
	if err := checkBody(body); err != nil {
		return false, err
	}
	if err := firstError(
		checkRequired("currentPassword", string(body.CurrentPassword)),
		checkNewPassword(body.NewPassword1, body.NewPassword2, minPassword),
	); err != nil {
		return false, err
	}
	var out struct {
		Changed bool `json:"changed"`
	}
	err := s.client.call(ctx, http.MethodPut, fmt.Sprintf("users/%d/attributes/password", userID), "user:write", nil, body, &out)
	return out.Changed, err
}

// SendPasswordResetDemand sends a password reset email to email (the login
// page's "Lost password").
//
// Make API: POST /users/password-reset-demand (scope organization:read)
func (s *UsersService) SendPasswordResetDemand(ctx context.Context, email string) error {
	if err := checkRequired("email", email); err != nil {
		return err
	}
	body := struct {
		Email string `json:"email"`
	}{email}
	return s.client.call(ctx, http.MethodPost, "users/password-reset-demand", "organization:read", nil, body, &okResponse{})
}

// SetPasswordResetSession checks the hash of a password reset email's link
// and opens the session ResetLostPassword needs. The hash is never logged.
//
// Make API: GET /users/password-reset (scope organization:read)
func (s *UsersService) SetPasswordResetSession(ctx context.Context, hash Secret) error {
	if err := checkRequired("hash", string(hash)); err != nil {
		return err
	}
	q := struct {
		Hash Secret `url:"hash"`
	}{hash}
	return s.client.call(ctx, http.MethodGet, "users/password-reset", "organization:read", q, nil, &okResponse{})
}

// ResetLostPasswordRequest is the body of Reset lost password.
type ResetLostPasswordRequest struct {
	NewPassword1 Secret `json:"newPassword1"`
	NewPassword2 Secret `json:"newPassword2"`
}

// LogValue logs the ResetLostPasswordRequest with its secrets redacted.
func (r ResetLostPasswordRequest) LogValue() slog.Value { return redactedLogValue(r) }

// ResetLostPassword sets a new password in the session SetPasswordResetSession
// opened.
//
// Make API: POST /users/password-reset (scope organization:read)
func (s *UsersService) ResetLostPassword(ctx context.Context, body *ResetLostPasswordRequest) error {
	if err := checkBody(body); err != nil {
		return err
	}
	if err := checkNewPassword(body.NewPassword1, body.NewPassword2, 0); err != nil {
		return err
	}
	return s.client.call(ctx, http.MethodPost, "users/password-reset", "organization:read", nil, body, &okResponse{})
}

// PermissionType says at which level ListByPermission looks a permission up.
type PermissionType string

// The two permission types.
const (
	PermissionOrganization PermissionType = "organization" // needs OrganizationID
	PermissionCompany      PermissionType = "company"      // a team-level permission; needs TeamID
)

// ListUsersByPermissionOptions are the query parameters of List users by
// permission.
type ListUsersByPermissionOptions struct {
	Type           PermissionType `url:"type"`
	Permission     string         `url:"permission"`
	OrganizationID int64          `url:"organizationId,omitempty"`
	TeamID         int64          `url:"teamId,omitempty"`
	Cols           []string       `url:"cols,omitempty,brackets"`
}

func (o *ListUsersByPermissionOptions) validate() error {
	switch {
	case o == nil:
		return invalid("type", "is required (organization or company)")
	case o.Type != PermissionOrganization && o.Type != PermissionCompany:
		return invalid("type", "must be organization or company, got %q", o.Type)
	case o.Type == PermissionOrganization && o.OrganizationID == 0:
		return invalid("organizationId", "is required with type organization")
	case o.Type == PermissionCompany && o.TeamID == 0:
		return invalid("teamId", "is required with type company")
	case o.OrganizationID < 0:
		return checkID("organizationId", o.OrganizationID)
	case o.TeamID < 0:
		return checkID("teamId", o.TeamID)
	}
	return checkRequired("permission", o.Permission)
}

// PermissionUser is a user returned by List users by permission.
type PermissionUser struct {
	ID               int64      `json:"id"`
	Name             *string    `json:"name,omitempty"`
	Email            string     `json:"email,omitempty"`
	PersonalSpaceID  *int64     `json:"personalSpaceId,omitempty"`
	Language         string     `json:"language,omitempty"`
	TimezoneID       int64      `json:"timezoneId,omitempty"`
	LocaleID         int64      `json:"localeId,omitempty"`
	CountryID        int64      `json:"countryId,omitempty"`
	Avatar           *string    `json:"avatar,omitempty"`
	LastLogin        *time.Time `json:"lastLogin,omitempty"`
	InvitationStatus *string    `json:"invitationStatus,omitempty"` // "pending", "expired", or nil for a member
}

// ListByPermission returns the users holding a permission in an
// organization (type organization) or a team (type company).
//
// Make API: GET /users/by-permission (scope user:read)
func (s *UsersService) ListByPermission(ctx context.Context, opts *ListUsersByPermissionOptions) ([]PermissionUser, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	var out struct {
		Users []PermissionUser `json:"users"`
	}
	if err := s.client.call(ctx, http.MethodGet, "users/by-permission", "user:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Users, nil
}
