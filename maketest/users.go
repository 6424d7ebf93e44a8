package maketest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"unicode"
)

// The Users operations of the documentation's main section; Users > Me is in
// users_me.go.
func init() {
	handle("usersList", usersList)
	handle("usersDeleteCurrent", usersDeleteCurrent)
	handle("usersUpdate", usersUpdate)
	handle("usersUpdateEmail", usersUpdateEmail)
	handle("usersUpdatePassword", usersUpdatePassword)
	handle("usersSendPasswordResetDemand", usersSendPasswordResetDemand)
	handle("usersSetPasswordResetSession", usersSetPasswordResetSession)
	handle("usersResetLostPassword", usersResetLostPassword)
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

// usersList: GET /users (user:read).
func usersList(c *call) (any, error) {
	st := c.st
	orgID, hasOrg, err := c.queryInt("organizationId")
	if err != nil {
		return nil, err
	}
	teamID, hasTeam, err := c.queryInt("teamId")
	if err != nil {
		return nil, err
	}
	if hasOrg == hasTeam {
		return nil, errBadRequest("Exactly one of the parameters 'teamId' or 'organizationId' is required.")
	}
	teamRoleID, hasTeamRole, err := c.queryInt("teamRoleId")
	if err != nil {
		return nil, err
	}
	orgRoleID, hasOrgRole, err := c.queryInt("organizationRoleId")
	if err != nil {
		return nil, err
	}
	filterTeam, hasFilterTeam, err := c.queryInt("filterByTeamId")
	if err != nil {
		return nil, err
	}
	tfa, hasTFA, err := c.queryInt("tfaStatus")
	if err != nil {
		return nil, err
	}
	ids, hasIDs, err := c.queryIntList("ids")
	if err != nil {
		return nil, err
	}
	switch {
	case hasTeamRole && !hasTeam:
		return nil, errInvalid("teamRoleId", "requires 'teamId'.")
	case hasOrgRole && !hasOrg:
		return nil, errInvalid("organizationRoleId", "requires 'organizationId'.")
	case hasFilterTeam && !hasOrg:
		return nil, errInvalid("filterByTeamId", "requires 'organizationId'.")
	case hasTFA && (tfa < 0 || tfa > 2):
		return nil, errInvalid("tfaStatus", "must be 0, 1 or 2, got %d.", tfa)
	}
	cols, err := c.cols(userListCols, userListDefaultCols)
	if err != nil {
		return nil, err
	}
	if contains(cols, "userTeamIds") && !hasOrg {
		return nil, errInvalid("cols[]", "column 'userTeamIds' requires 'organizationId'.")
	}
	pg, err := c.page(usersPage)
	if err != nil {
		return nil, err
	}

	me := c.me()
	var users []*User
	if hasOrg {
		if st.orgs[orgID] == nil {
			return nil, errNotFound(fmt.Sprintf("Organization with ID %d not found.", orgID))
		}
		if !st.canViewOrg(me, orgID) {
			return nil, errForbidden()
		}
		if hasFilterTeam && filterTeam != 0 {
			if t := st.teams[filterTeam]; t == nil || t.OrganizationID != orgID {
				return nil, errNotFound(fmt.Sprintf("Team with ID %d not found in organization %d.", filterTeam, orgID))
			}
		}
		for _, r := range st.orgRolesOfOrg(orgID, false) {
			if hasOrgRole && r.RoleID != orgRoleID {
				continue
			}
			if hasFilterTeam {
				teams := st.userTeamIDs(r.UserID, orgID)
				if filterTeam == 0 && len(teams) > 0 || filterTeam != 0 && !contains(teams, filterTeam) {
					continue
				}
			}
			users = append(users, st.user(r.UserID))
		}
	} else {
		t := st.teams[teamID]
		if t == nil {
			return nil, errNotFound(fmt.Sprintf("Team with ID %d not found.", teamID))
		}
		if !st.canViewTeam(me, t) {
			return nil, errForbidden()
		}
		for _, r := range st.teamRolesOfTeam(teamID) {
			if hasTeamRole && r.RoleID != teamRoleID {
				continue
			}
			users = append(users, st.user(r.UserID))
		}
	}

	name := strings.ToLower(c.query.Get("name"))
	email := strings.ToLower(c.query.Get("email"))
	filtered := users[:0:0]
	for _, u := range users {
		switch {
		case name != "" && !strings.Contains(strings.ToLower(u.Name), name),
			email != "" && !strings.Contains(strings.ToLower(u.Email), email),
			hasTFA && int64(u.TFAStatus) != tfa,
			hasIDs && !contains(ids, u.ID):
			continue
		}
		filtered = append(filtered, u)
	}

	out := []object{}
	for _, u := range sortPage(filtered, pg, userSortKey, userID) {
		out = append(out, project(st.userFields(u, orgID, false), cols))
	}
	return object{{"users", out}, {"pg", pg}}, nil
}

// usersDeleteCurrent: DELETE /users (user:write).
func usersDeleteCurrent(c *call) (any, error) {
	var body struct {
		DeleteConnections *bool   `json:"deleteConnections"`
		CurrentPassword   *string `json:"currentPassword"`
		TFACode           *string `json:"tfaCode"`
	}
	if err := c.decode(&body, false); err != nil {
		return nil, err
	}
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
	id := me.ID
	c.st.deleteUser(id)
	c.s.forgetResets(id)
	return object{{"user", id}}, nil
}

var tfaCodeRe = regexp.MustCompile(`^[0-9]{6}$`)

// targetUser resolves {userId} for the PATCH/PUT operations: 400 if not
// numeric, 404 if unknown, 403 unless it is the caller or the caller is a
// White Label admin.
func (c *call) targetUser() (*User, error) {
	id, err := c.pathID("userId")
	if err != nil {
		return nil, err
	}
	u := c.st.user(id)
	if u == nil {
		return nil, errNotFound(fmt.Sprintf("User with ID %d not found.", id))
	}
	if u.ID != c.tok.userID && !c.isInstanceAdmin() {
		return nil, errForbidden()
	}
	return u, nil
}

// nameRe: letters, numbers, spaces and ' - . ( ) * + , @ _ /
var nameRe = regexp.MustCompile(`^[\p{L}\p{N} '\-.()*+,@_/]+$`)

var languageRe = regexp.MustCompile(`^[a-z]{2}([-_][A-Za-z]{2})?$`)

// usersUpdate: PATCH /users/{userId} (user:write).
func usersUpdate(c *call) (any, error) {
	u, err := c.targetUser()
	if err != nil {
		return nil, err
	}
	var body struct {
		Name       *string `json:"name"`
		Language   *string `json:"language"`
		TimezoneID *int64  `json:"timezoneId"`
		LocaleID   *int64  `json:"localeId"`
		CountryID  *int64  `json:"countryId"`
	}
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	if body.Name != nil {
		n := *body.Name
		switch {
		case n == "":
			return nil, errInvalid("name", "must not be empty.")
		case len([]rune(n)) > 250:
			return nil, errInvalid("name", "must be at most 250 characters long.")
		case strings.TrimSpace(n) != n:
			return nil, errInvalid("name", "must not start or end with a space.")
		case !nameRe.MatchString(n):
			return nil, errInvalid("name", "may contain only letters, numbers, spaces and the characters ' - . ( ) * + , @ _ /.")
		}
	}
	if body.Language != nil && !languageRe.MatchString(*body.Language) {
		return nil, errInvalid("language", "must be a language code such as \"en\", got %q.", *body.Language)
	}
	for _, p := range []struct {
		name string
		v    *int64
	}{{"timezoneId", body.TimezoneID}, {"localeId", body.LocaleID}, {"countryId", body.CountryID}} {
		if p.v != nil && *p.v <= 0 {
			return nil, errInvalid(p.name, "must be a positive integer.")
		}
	}
	if body.Name != nil {
		u.Name = *body.Name
	}
	if body.Language != nil {
		u.Language = *body.Language
	}
	if body.TimezoneID != nil {
		u.TimezoneID = *body.TimezoneID
	}
	if body.LocaleID != nil {
		u.LocaleID = *body.LocaleID
	}
	if body.CountryID != nil {
		u.CountryID = *body.CountryID
	}
	return object{{"user", project(c.st.userFields(u, 0, false), userFullCols)}}, nil
}

// requireString returns a required string body field or a 400 naming it.
func requireString(name string, v *string) (string, error) {
	if v == nil || *v == "" {
		return "", errInvalid(name, "is required.")
	}
	return *v, nil
}

// validEmail reports whether s is a bare email address.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// usersUpdateEmail: PUT /users/{userId}/attributes/email (user:write).
func usersUpdateEmail(c *call) (any, error) {
	u, err := c.targetUser()
	if err != nil {
		return nil, err
	}
	var body struct {
		CurrentEmailAddress *string `json:"currentEmailAddress"`
		NewEmailAddress     *string `json:"newEmailAddress"`
		CurrentPassword     *string `json:"currentPassword"`
	}
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	cur, err := requireString("currentEmailAddress", body.CurrentEmailAddress)
	if err != nil {
		return nil, err
	}
	next, err := requireString("newEmailAddress", body.NewEmailAddress)
	if err != nil {
		return nil, err
	}
	pw, err := requireString("currentPassword", body.CurrentPassword)
	if err != nil {
		return nil, err
	}
	if !validEmail(next) {
		return nil, errInvalid("newEmailAddress", "must be a valid email address, got %q.", next)
	}
	if !strings.EqualFold(cur, u.Email) {
		return nil, errInvalid("currentEmailAddress", "does not match the user's current email address.")
	}
	if pw != u.Password {
		return nil, errWrongPassword("currentPassword")
	}
	if other := c.st.userByEmail(next); other != nil && other.ID != u.ID {
		return nil, errInvalid("newEmailAddress", "is already used by another user.")
	}
	u.Email = next
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

// checkNewPassword validates newPassword1/newPassword2 of a body.
func checkNewPassword(p1, p2 *string) (string, error) {
	a, err := requireString("newPassword1", p1)
	if err != nil {
		return "", err
	}
	b, err := requireString("newPassword2", p2)
	if err != nil {
		return "", err
	}
	if a != b {
		return "", errInvalid("newPassword2", "must be identical to 'newPassword1'.")
	}
	if probs := passwordProblems(a, 9); len(probs) > 0 {
		e := errInvalid("newPassword1", "does not meet the password rules: at least 9 characters with an uppercase letter, a number and a special character.")
		for _, p := range probs {
			e.body.Suberrors = append(e.body.Suberrors, Suberror{Message: p, Code: CodeInvalidParams})
		}
		return "", e
	}
	return a, nil
}

// usersUpdatePassword: PUT /users/{userId}/attributes/password (user:write).
func usersUpdatePassword(c *call) (any, error) {
	u, err := c.targetUser()
	if err != nil {
		return nil, err
	}
	var body struct {
		CurrentPassword *string `json:"currentPassword"`
		NewPassword1    *string `json:"newPassword1"`
		NewPassword2    *string `json:"newPassword2"`
	}
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	cur, err := requireString("currentPassword", body.CurrentPassword)
	if err != nil {
		return nil, err
	}
	next, err := checkNewPassword(body.NewPassword1, body.NewPassword2)
	if err != nil {
		return nil, err
	}
	if cur != u.Password {
		return nil, errWrongPassword("currentPassword")
	}
	u.Password = next
	u.ForceSetPassword = false
	return object{{"changed", true}}, nil
}

// usersSendPasswordResetDemand: POST /users/password-reset-demand
// (organization:read). An unknown email also answers {"ok":1} (no reset is
// recorded), so the endpoint does not reveal which emails exist.
func usersSendPasswordResetDemand(c *call) (any, error) {
	var body struct {
		Email *string `json:"email"`
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
	if u := c.st.userByEmail(email); u != nil {
		s := c.s
		s.resetSeq++
		sum := sha256.Sum256([]byte(fmt.Sprintf("%d:%d:%s", s.resetSeq, u.ID, strings.ToLower(u.Email))))
		hash := hex.EncodeToString(sum[:16])
		s.resetByHash[hash] = u.ID
		s.resetByMail[strings.ToLower(u.Email)] = hash
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
	uid, ok := c.s.resetByHash[hash]
	if !ok || c.st.user(uid) == nil {
		return nil, errNotFound("The password reset hash is unknown, used or expired.")
	}
	c.s.resetOpen[c.tok.value] = uid
	return object{{"ok", 1}}, nil
}

// usersResetLostPassword: POST /users/password-reset (organization:read).
func usersResetLostPassword(c *call) (any, error) {
	var body struct {
		NewPassword1 *string `json:"newPassword1"`
		NewPassword2 *string `json:"newPassword2"`
	}
	if err := c.decode(&body, true); err != nil {
		return nil, err
	}
	uid, ok := c.s.resetOpen[c.tok.value]
	u := c.st.user(uid)
	if !ok || u == nil {
		return nil, errBadRequest("No password reset session is open; call GET /users/password-reset?hash=... first.")
	}
	next, err := checkNewPassword(body.NewPassword1, body.NewPassword2)
	if err != nil {
		return nil, err
	}
	u.Password = next
	u.ForceSetPassword = false
	c.s.forgetResets(uid)
	return object{{"ok", 1}}, nil
}

// forgetResets drops the reset hashes and sessions of a user. s.mu must be held.
func (s *Server) forgetResets(userID int64) {
	for h, id := range s.resetByHash {
		if id == userID {
			delete(s.resetByHash, h)
		}
	}
	for m, h := range s.resetByMail {
		if _, ok := s.resetByHash[h]; !ok {
			delete(s.resetByMail, m)
		}
	}
	for t, id := range s.resetOpen {
		if id == userID {
			delete(s.resetOpen, t)
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
	orgID, hasOrg, err := c.queryInt("organizationId")
	if err != nil {
		return nil, err
	}
	teamID, hasTeam, err := c.queryInt("teamId")
	if err != nil {
		return nil, err
	}
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
