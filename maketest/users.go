package maketest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// The Users operations of the documentation's main section; Users > Me is in
// users_me.go.
func init() {
	handle("usersList", usersList)
	handleJSON("usersDeleteCurrent", usersDeleteCurrent)
	handleJSON("usersUpdate", usersUpdate)
	handleJSON("usersUpdateEmail", usersUpdateEmail)
	handleJSON("usersUpdatePassword", usersUpdatePassword)
	handleJSON("usersSendPasswordResetDemand", usersSendPasswordResetDemand)
	handle("usersSetPasswordResetSession", usersSetPasswordResetSession)
	handleJSON("usersResetLostPassword", usersResetLostPassword)
	handle("usersListByPermission", usersListByPermission)
}

// Columns of GET /users (cols[]) and its default columns.
var (
	userListCols        = []string{"id", "name", "email", "language", "timezoneId", "localeId", "countryId", "features", "avatar", "lastLogin", "tfaStatus", "userTeamIds"}
	userListDefaultCols = []string{"id", "name", "email", "language", "timezoneId", "localeId", "countryId", "features", "avatar"}

	userMeCols = []string{"id", "name", "email", "language", "timezoneId", "localeId", "countryId", "features", "avatar",
		"timezone", "locale", "emailNotifications", "usersAdminsRoleId", "userOrganizationRoles", "userTeamRoles",
		"forceSetPassword", "hasPassword", "tfaEnabled", "isAffiliatePartner", "hasAddedApp", "supportEligible"}
	userMeDefaultCols = []string{"id", "name", "email", "language", "timezoneId", "localeId", "countryId", "features", "avatar",
		"timezone", "locale", "emailNotifications"}

	// userFullCols is the "whole user" returned by PATCH /users/{userId}.
	userFullCols = []string{"id", "name", "email", "language", "timezoneId", "localeId", "countryId", "features", "avatar",
		"lastLogin", "tfaStatus", "timezone", "locale", "emailNotifications", "usersAdminsRoleId", "hasPassword",
		"tfaEnabled", "forceSetPassword", "isAffiliatePartner", "hasAddedApp", "supportEligible"}

	permissionUserCols = []string{"id", "name", "email", "personalSpaceId", "language", "timezoneId", "localeId",
		"countryId", "avatar", "lastLogin", "invitationStatus"}
)

// usersPage is the pagination of GET /users (seed 003: limit 10 by default,
// at most 10000; current docs: id descending by default).
var usersPage = pageConfig{
	SortFields: []string{"name", "id", "email"}, DefaultSortBy: "id", DefaultSortDir: "desc",
	DefaultLimit: 10, MaxLimit: 10000,
}

// Timezone and locale names for the ids the fake knows; others map to UTC/en.
var (
	timezoneNames = map[int64]string{1: "UTC", 28: "America/New_York", 113: "Europe/Prague", 114: "Europe/London", 120: "Europe/Berlin"}
	localeNames   = map[int64]string{1: "en", 18: "cs", 19: "en-us", 20: "en-gb", 21: "de"}
)

const timeLayout = "2006-01-02T15:04:05.000Z"

// userFields returns every column of a user (userTeamIds for orgID if > 0).
func (st *state) userFields(u *User, orgID int64, includeInvitedOrg bool) map[string]any {
	avatar := u.Avatar
	if avatar == "" {
		avatar = gravatar(u.Email)
	}
	tz, ok := timezoneNames[u.TimezoneID]
	if !ok {
		tz = "UTC"
	}
	loc, ok := localeNames[u.LocaleID]
	if !ok {
		loc = "en"
	}
	var adminRole any
	if u.UsersAdminsRoleID != 0 {
		adminRole = u.UsersAdminsRoleID
	}
	features := u.Features
	if features == nil {
		features = map[string]any{}
	}
	f := map[string]any{
		"id": u.ID, "name": u.Name, "email": u.Email, "language": u.Language,
		"timezoneId": u.TimezoneID, "localeId": u.LocaleID, "countryId": u.CountryID,
		"features": features, "avatar": avatar, "lastLogin": u.LastLogin.UTC().Format(timeLayout),
		"tfaStatus": u.TFAStatus, "timezone": tz, "locale": loc, "emailNotifications": nil,
		"usersAdminsRoleId": adminRole, "hasPassword": u.Password != "", "tfaEnabled": u.TFAStatus == 1,
		"forceSetPassword": u.ForceSetPassword, "isAffiliatePartner": u.IsAffiliatePartner,
		"hasAddedApp": u.HasAddedApp, "supportEligible": true,
	}
	if orgID > 0 {
		f["userTeamIds"] = st.userTeamIDs(u.ID, orgID)
	}
	orgRoles := []object{}
	for _, r := range st.orgRolesOfUser(u.ID, includeInvitedOrg) {
		orgRoles = append(orgRoles, orgRoleObject(r))
	}
	f["userOrganizationRoles"] = orgRoles
	teamRoles := []object{}
	for _, r := range st.teamRolesOfUser(u.ID) {
		teamRoles = append(teamRoles, object{{"usersRoleId", r.RoleID}, {"userId", r.UserID}, {"teamId", r.TeamID}, {"changeable", true}})
	}
	f["userTeamRoles"] = teamRoles
	return f
}

// orgRoleObject encodes a UserOrganizationRole.
func orgRoleObject(r *OrganizationRole) object {
	var inv any
	if r.Invitation != InvitationAccepted {
		inv = r.Invitation
	}
	return object{{"userId", r.UserID}, {"organizationId", r.OrganizationID}, {"usersRoleId", r.RoleID}, {"invitation", inv}}
}

// userSortKey is the sort key of a user for pg[sortBy].
func userSortKey(u *User, field string) any {
	switch field {
	case "name":
		return u.Name
	case "email":
		return u.Email
	}
	return u.ID
}

func userID(u *User) int64 { return u.ID }

// optInt is an integer query parameter and whether it is present.
type optInt struct {
	v  int64
	ok bool
}

// userFilters are the query filters of the user lists, GET /users and GET
// /admin/users, bound in one place (the router checked their types; each
// list's catalogue entry says which it takes).
type userFilters struct {
	org, team, teamRole, orgRole, filterTeam, tfa optInt
	ids                                           []int64 // with hasIDs: ids[]
	hasIDs                                        bool
	name, email                                   string // case-insensitive substrings
}

func (c *call) userFilters() (f userFilters, err error) {
	for p, name := range map[*optInt]string{&f.org: "organizationId", &f.team: "teamId", &f.teamRole: "teamRoleId",
		&f.orgRole: "organizationRoleId", &f.filterTeam: "filterByTeamId", &f.tfa: "tfaStatus"} {
		p.v, p.ok = c.queryInt(name)
	}
	f.name, f.email = c.query.Get("name"), c.query.Get("email")
	f.ids, f.hasIDs, err = c.queryIntList("ids")
	return f, err
}

// matches reports whether u passes the filters every list applies alike:
// name, email, tfaStatus and ids.
func (f *userFilters) matches(u *User) bool {
	return adminMatches(u.Name, f.name) && adminMatches(u.Email, f.email) &&
		(!f.tfa.ok || int64(u.TFAStatus) == f.tfa.v) && (!f.hasIDs || contains(f.ids, u.ID))
}

// usersList: GET /users (user:read).
func usersList(c *call) (any, error) {
	st := c.st
	f, err := c.userFilters()
	if err != nil {
		return nil, err
	}
	switch {
	case f.org.ok == f.team.ok:
		return nil, errBadRequest("Exactly one of the parameters 'teamId' or 'organizationId' is required.")
	case f.teamRole.ok && !f.team.ok:
		return nil, errInvalid("teamRoleId", "requires 'teamId'.")
	case f.orgRole.ok && !f.org.ok:
		return nil, errInvalid("organizationRoleId", "requires 'organizationId'.")
	case f.filterTeam.ok && !f.org.ok:
		return nil, errInvalid("filterByTeamId", "requires 'organizationId'.")
	}
	cols, err := c.cols(userListCols, userListDefaultCols)
	if err != nil {
		return nil, err
	}
	if contains(cols, "userTeamIds") && !f.org.ok {
		return nil, errInvalid("cols[]", "column 'userTeamIds' requires 'organizationId'.")
	}
	pg, err := c.page(usersPage)
	if err != nil {
		return nil, err
	}

	me := c.me()
	var users []*User
	if f.org.ok {
		orgID := f.org.v
		if st.orgs[orgID] == nil {
			return nil, errNotFound(fmt.Sprintf("Organization with ID %d not found.", orgID))
		}
		if !st.canViewOrg(me, orgID) {
			return nil, errForbidden()
		}
		if f.filterTeam.ok && f.filterTeam.v != 0 {
			if t := st.teams[f.filterTeam.v]; t == nil || t.OrganizationID != orgID {
				return nil, errNotFound(fmt.Sprintf("Team with ID %d not found in organization %d.", f.filterTeam.v, orgID))
			}
		}
		for _, r := range st.orgRolesOfOrg(orgID, false) {
			if f.orgRole.ok && r.RoleID != f.orgRole.v {
				continue
			}
			if f.filterTeam.ok {
				teams := st.userTeamIDs(r.UserID, orgID)
				if f.filterTeam.v == 0 && len(teams) > 0 || f.filterTeam.v != 0 && !contains(teams, f.filterTeam.v) {
					continue
				}
			}
			users = append(users, st.user(r.UserID))
		}
	} else {
		t := st.teams[f.team.v]
		if t == nil {
			return nil, errNotFound(fmt.Sprintf("Team with ID %d not found.", f.team.v))
		}
		if !st.canViewTeam(me, t) {
			return nil, errForbidden()
		}
		for _, r := range st.teamRolesOfTeam(t.ID) {
			if !f.teamRole.ok || r.RoleID == f.teamRole.v {
				users = append(users, st.user(r.UserID))
			}
		}
	}

	out := []object{}
	for _, u := range sortPage(slices.DeleteFunc(users, func(u *User) bool { return !f.matches(u) }), pg, userSortKey, userID) {
		out = append(out, project(st.userFields(u, f.org.v, false), cols))
	}
	return object{{"users", out}, {"pg", pg}}, nil
}

// usersDeleteCurrent: DELETE /users (user:write).
func usersDeleteCurrent(c *call, body *struct {
	CurrentPassword *string `json:"currentPassword"`
	TFACode         *string `json:"tfaCode"`
}) (any, error) {
	me := c.me()
	if body.CurrentPassword != nil && *body.CurrentPassword != me.Password {
		return nil, errWrongPassword("currentPassword")
	}
	if me.TFAStatus == 1 {
		if body.TFACode == nil || *body.TFACode == "" {
			return nil, errInvalid("tfaCode", "is required because two-factor authentication is enabled.")
		}
		if !tfaCodeRe.MatchString(*body.TFACode) {
			return nil, errInvalid("tfaCode", "must be a 6-digit code.")
		}
	}
	c.st.deleteUser(me.ID)
	return object{{"user", me.ID}}, nil
}

var tfaCodeRe = regexp.MustCompile(`^[0-9]{6}$`)

// pathUser resolves a live {userId}: 400 if not numeric, 404 if unknown or
// deleted.
func (c *call) pathUser() (*User, error) {
	id, err := c.pathID("userId")
	if err != nil {
		return nil, err
	}
	u := c.st.user(id)
	if u == nil {
		return nil, errNotFound(fmt.Sprintf("User with ID %d not found.", id))
	}
	return u, nil
}

// targetUser resolves {userId} for the PATCH/PUT operations: 400 if not
// numeric, 404 if unknown, 403 unless it is the caller or the caller is a
// White Label admin.
func (c *call) targetUser() (*User, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	if u.ID != c.tok.userID && !c.isInstanceAdmin() {
		return nil, errForbidden()
	}
	return u, nil
}

// nameRe: letters, numbers, spaces and ' - . ( ) * + , @ _ /
var nameRe = regexp.MustCompile(`^[\p{L}\p{N} '\-.()*+,@_/]+$`)

var languageRe = regexp.MustCompile(`^[a-z]{2}([-_][A-Za-z]{2})?$`)

// profile holds the user fields PATCH /users/{userId} and PATCH
// /admin/users/{userId} change; nil leaves a field as it is.
type profile struct {
	Name       *string `json:"name"`
	Language   *string `json:"language"`
	TimezoneID *int64  `json:"timezoneId"`
	LocaleID   *int64  `json:"localeId"`
	CountryID  *int64  `json:"countryId"`
}

// check applies Make's rules to the fields given.
func (p *profile) check() error {
	if p.Name != nil {
		if err := checkName("name", *p.Name); err != nil {
			return err
		}
	}
	if p.Language != nil && !languageRe.MatchString(*p.Language) {
		return errInvalid("language", "must be a language code such as \"en\", got %q.", *p.Language)
	}
	return checkPositive(map[string]*int64{"timezoneId": p.TimezoneID, "localeId": p.LocaleID, "countryId": p.CountryID})
}

// apply sets the fields given on u.
func (p *profile) apply(u *User) {
	setIf(&u.Name, p.Name)
	setIf(&u.Language, p.Language)
	setIf(&u.TimezoneID, p.TimezoneID)
	setIf(&u.LocaleID, p.LocaleID)
	setIf(&u.CountryID, p.CountryID)
}

// setIf sets *dst to *v unless v is nil.
func setIf[T any](dst, v *T) {
	if v != nil {
		*dst = *v
	}
}

// checkName applies Make's rules for the name of a user or an organization.
func checkName(param, n string) error {
	switch {
	case strings.TrimSpace(n) == "":
		return errInvalid(param, "must not be empty.")
	case len([]rune(n)) > 250:
		return errInvalid(param, "must be at most 250 characters long.")
	case strings.TrimSpace(n) != n:
		return errInvalid(param, "must not start or end with a space.")
	case !nameRe.MatchString(n):
		return errInvalid(param, "may contain only letters, numbers, spaces and the characters ' - . ( ) * + , @ _ /.")
	}
	return nil
}

// checkPositive refuses a given ID that is not positive, naming it.
func checkPositive(ids map[string]*int64) error {
	names := make([]string, 0, len(ids))
	for name := range ids {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if v := ids[name]; v != nil && *v <= 0 {
			return errInvalid(name, "must be a positive integer.")
		}
	}
	return nil
}

// usersUpdate: PATCH /users/{userId} (user:write).
func usersUpdate(c *call, body *profile) (any, error) {
	u, err := c.targetUser()
	if err != nil {
		return nil, err
	}
	if err := body.check(); err != nil {
		return nil, err
	}
	body.apply(u)
	return object{{"user", project(c.st.userFields(u, 0, false), userFullCols)}}, nil
}

// validEmail reports whether s is a bare email address.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// checkEmail refuses an invalid email or one another live user has.
func (st *state) checkEmail(field, email string, self int64) error {
	if !validEmail(email) {
		return errInvalid(field, "must be a valid email address, got %q.", email)
	}
	if other := st.userByEmail(email); other != nil && other.ID != self {
		return errInvalid(field, "is already used by another user.")
	}
	return nil
}

// usersUpdateEmail: PUT /users/{userId}/attributes/email (user:write).
func usersUpdateEmail(c *call, body *struct {
	CurrentEmailAddress string `json:"currentEmailAddress"`
	NewEmailAddress     string `json:"newEmailAddress"`
	CurrentPassword     string `json:"currentPassword"`
}) (any, error) {
	u, err := c.targetUser()
	if err != nil {
		return nil, err
	}
	if err := c.st.checkEmail("newEmailAddress", body.NewEmailAddress, u.ID); err != nil {
		return nil, err
	}
	if !strings.EqualFold(body.CurrentEmailAddress, u.Email) {
		return nil, errInvalid("currentEmailAddress", "does not match the user's current email address.")
	}
	if body.CurrentPassword != u.Password {
		return nil, errWrongPassword("currentPassword")
	}
	u.Email = body.NewEmailAddress
	return object{{"changed", true}, {"emailSent", true}}, nil
}

// passwordProblems lists the rules a new password breaks: at least minLen
// characters (9 for a user's own change, 10 for an admin-created user) with
// an uppercase letter, a number and a special character.
func passwordProblems(p string, minLen int) []string {
	var upper, digit, special bool
	for _, r := range p {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		case !unicode.IsLetter(r) && !unicode.IsSpace(r):
			special = true
		}
	}
	var out []string
	if len([]rune(p)) < minLen {
		out = append(out, fmt.Sprintf("The password must be at least %d characters long.", minLen))
	}
	if !upper {
		out = append(out, "The password must contain an uppercase letter.")
	}
	if !digit {
		out = append(out, "The password must contain a number.")
	}
	if !special {
		out = append(out, "The password must contain a special character.")
	}
	return out
}

// newPassword is the new password of a body, given twice.
type newPassword struct {
	NewPassword1 string `json:"newPassword1"`
	NewPassword2 string `json:"newPassword2"`
}

// check applies Make's password rules.
func (p *newPassword) check() error {
	if p.NewPassword1 != p.NewPassword2 {
		return errInvalid("newPassword2", "must be identical to 'newPassword1'.")
	}
	return checkPasswordRules("newPassword1", p.NewPassword1, 9)
}

// checkPasswordRules refuses a password that breaks Make's rules (at least
// minLen characters with an uppercase letter, a number and a special
// character), each broken rule a suberror.
func checkPasswordRules(field, password string, minLen int) error {
	probs := passwordProblems(password, minLen)
	if len(probs) == 0 {
		return nil
	}
	e := errInvalid(field, "does not meet the password rules: at least %d characters with an uppercase letter, a number and a special character.", minLen)
	for _, p := range probs {
		e.body.Suberrors = append(e.body.Suberrors, Suberror{Message: p, Code: CodeInvalidParams})
	}
	return e
}

// setPassword gives u a new password and ends its password resets.
func (st *state) setPassword(u *User, password string) {
	u.Password = password
	u.ForceSetPassword = false
	st.forgetResets(u.ID)
}

// usersUpdatePassword: PUT /users/{userId}/attributes/password (user:write).
func usersUpdatePassword(c *call, body *struct {
	CurrentPassword string `json:"currentPassword"`
	newPassword
}) (any, error) {
	u, err := c.targetUser()
	if err != nil {
		return nil, err
	}
	if err := body.check(); err != nil {
		return nil, err
	}
	if body.CurrentPassword != u.Password {
		return nil, errWrongPassword("currentPassword")
	}
	c.st.setPassword(u, body.NewPassword1)
	return object{{"changed", true}}, nil
}

// usersSendPasswordResetDemand: POST /users/password-reset-demand
// (organization:read). An unknown email also answers {"ok":1} (no reset is
// recorded), so the endpoint does not reveal which emails exist.
func usersSendPasswordResetDemand(c *call, body *struct {
	Email string `json:"email"`
}) (any, error) {
	if !validEmail(body.Email) {
		return nil, errInvalid("email", "must be a valid email address, got %q.", body.Email)
	}
	if u := c.st.userByEmail(body.Email); u != nil {
		st := c.st
		sum := sha256.Sum256([]byte(fmt.Sprintf("%d:%d:%s", st.next(), u.ID, strings.ToLower(u.Email))))
		hash := hex.EncodeToString(sum[:16])
		st.resetByHash[hash] = u.ID
		st.resetByMail[strings.ToLower(u.Email)] = hash
	}
	return object{{"ok", 1}}, nil
}

// usersSetPasswordResetSession: GET /users/password-reset?hash= (organization:read).
// The session is bound to the token of the request.
func usersSetPasswordResetSession(c *call) (any, error) {
	hash := c.query.Get("hash")
	if hash == "" {
		return nil, errInvalid("hash", "is required.")
	}
	uid, ok := c.st.resetByHash[hash]
	if !ok || c.st.user(uid) == nil {
		return nil, errNotFound("The password reset hash is unknown, used or expired.")
	}
	c.st.resetOpen[c.tok.value] = uid
	return object{{"ok", 1}}, nil
}

// usersResetLostPassword: POST /users/password-reset (organization:read).
func usersResetLostPassword(c *call, body *newPassword) (any, error) {
	u := c.st.user(c.st.resetOpen[c.tok.value])
	if u == nil {
		return nil, errBadRequest("No password reset session is open; call GET /users/password-reset?hash=... first.")
	}
	if err := body.check(); err != nil {
		return nil, err
	}
	c.st.setPassword(u, body.NewPassword1)
	return object{{"ok", 1}}, nil
}

// forgetResets drops the reset hashes and sessions of a user.
func (st *state) forgetResets(userID int64) {
	for h, id := range st.resetByHash {
		if id == userID {
			delete(st.resetByHash, h)
		}
	}
	for m, h := range st.resetByMail {
		if _, ok := st.resetByHash[h]; !ok {
			delete(st.resetByMail, m)
		}
	}
	for t, id := range st.resetOpen {
		if id == userID {
			delete(st.resetOpen, t)
		}
	}
}

// Permissions of the fake's permission model (GET /users/by-permission).
// Organization Owner and Admin hold every organization permission and every
// team permission in the organization's teams; Team Admin holds every team
// permission of its team; other roles hold the permissions listed here.
var (
	orgPermissions = []string{
		"organization view", "organization edit", "organization users view", "organization users manage",
		"organization teams view", "organization teams manage", "organization payments view",
		"organization payments manage", "organization variables view", "organization variables manage",
	}
	teamPermissions = []string{
		"team view", "team edit", "team users view", "team users manage",
		"scenarios view", "scenarios edit", "scenarios run", "connections view", "connections manage",
	}
	orgRolePermissions = map[int64][]string{
		RoleMember:     {"organization view", "organization users view", "organization teams view", "organization variables view"},
		RoleAccountant: {"organization view", "organization users view", "organization payments view", "organization payments manage"},
	}
	teamRolePermissions = map[int64][]string{
		RoleTeamMember:     {"team view", "team users view", "scenarios view", "scenarios edit", "scenarios run", "connections view", "connections manage"},
		RoleTeamMonitoring: {"team view", "team users view", "scenarios view", "connections view"},
		RoleTeamOperator:   {"team view", "team users view", "scenarios view", "scenarios run", "connections view"},
	}
)

// OrganizationPermissions returns the organization permission names the fake
// knows (for GET /users/by-permission?type=organization).
func OrganizationPermissions() []string { return append([]string(nil), orgPermissions...) }

// TeamPermissions returns the team permission names the fake knows (for
// GET /users/by-permission?type=company).
func TeamPermissions() []string { return append([]string(nil), teamPermissions...) }

// usersListByPermission: GET /users/by-permission (user:read).
func usersListByPermission(c *call) (any, error) {
	st := c.st
	typ := c.query.Get("type")
	if typ != "organization" && typ != "company" {
		return nil, errInvalid("type", "is required and must be 'organization' or 'company', got %q.", typ)
	}
	perm := c.query.Get("permission")
	if perm == "" {
		return nil, errInvalid("permission", "is required.")
	}
	orgID, hasOrg := c.queryInt("organizationId")
	teamID, hasTeam := c.queryInt("teamId")
	if typ == "organization" && !hasOrg {
		return nil, errInvalid("organizationId", "is required when 'type' is 'organization'.")
	}
	if typ == "company" && !hasTeam {
		return nil, errInvalid("teamId", "is required when 'type' is 'company'.")
	}
	known := orgPermissions
	if typ == "company" {
		known = teamPermissions
	}
	if !contains(known, perm) {
		return nil, errInvalid("permission", "%q is not a valid %s permission; valid: %s.", perm, typ, strings.Join(known, ", "))
	}
	cols, err := c.cols(permissionUserCols, permissionUserCols)
	if err != nil {
		return nil, err
	}

	me := c.me()
	var team *Team
	if typ == "company" {
		team = st.teams[teamID]
		if team == nil {
			return nil, errNotFound(fmt.Sprintf("Team with ID %d not found.", teamID))
		}
		orgID = team.OrganizationID
	} else if st.orgs[orgID] == nil {
		return nil, errNotFound(fmt.Sprintf("Organization with ID %d not found.", orgID))
	}
	if !st.canViewOrg(me, orgID) || (team != nil && !st.canViewTeam(me, team)) {
		return nil, errForbidden()
	}

	out := []object{}
	for _, r := range st.orgRolesOfOrg(orgID, true) {
		holds := r.RoleID == RoleOwner || r.RoleID == RoleAdmin
		if !holds && team == nil {
			holds = contains(orgRolePermissions[r.RoleID], perm)
		}
		if !holds && team != nil {
			if tr := st.teamRole(r.UserID, team.ID); tr != nil {
				holds = tr.RoleID == RoleTeamAdmin || contains(teamRolePermissions[tr.RoleID], perm)
			}
		}
		if !holds {
			continue
		}
		u := st.user(r.UserID)
		f := st.userFields(u, 0, false)
		var inv any
		if r.Invitation != InvitationAccepted {
			inv = r.Invitation
		}
		f["invitationStatus"] = inv
		f["personalSpaceId"] = nil
		out = append(out, project(f, cols))
	}
	return object{{"users", out}}, nil
}
