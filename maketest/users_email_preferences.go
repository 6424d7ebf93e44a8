package maketest

import "fmt"

// The Users > User email preferences (Mailhub) operations, under /mailhub.
// A user's preferences are read and changed by the user (or a White Label
// admin) only.
func init() {
	handle("usersGetEmailPreferences", usersGetEmailPreferences)
	handleJSON("usersUpdateEmailPreferences", usersUpdateEmailPreferences)
	handle("usersGetTeamEmailPreferences", usersGetTeamEmailPreferences)
	handleJSON("usersUpdateTeamEmailPreferences", updateTeamPreference(false))
	handleJSON("usersUpdateTeamNativeEmailPreferences", updateTeamPreference(true))
}

// Preference IDs: the marketing ones (global, and per team) and the native
// (product) ones per team, whose IDs are numeric strings.
var (
	marketingPreferences = [][3]string{
		{"use_cases", "Use cases", "Stories of what others build."},
		{"product_updates", "Product updates", "What is new in Make."},
		{"app_updates", "App updates", "New and changed apps."},
		{"events_and_webinars", "Events and webinars", "Invitations."},
		{"promotions", "Promotions", "Offers."},
	}
	nativePreferences = []string{"1700000000001", "1700000000002"}
)

// preferenceKey names an email preference of a user (see
// userData.preferencesOff); every preference is on until turned off.
type preferenceKey struct {
	team   int64 // 0: the global preferences
	native bool
	id     string
}

// mailhubUser resolves {userId}: the caller, or anyone for a White Label admin.
func (c *call) mailhubUser() (*User, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, err
	}
	if u.ID != c.tok.userID && !c.isInstanceAdmin() {
		return nil, errForbidden()
	}
	return u, nil
}

// mailhubTeam resolves {organizationId} and {teamId} to a team of the
// organization the user is a member of.
func (c *call) mailhubTeam(u *User) (*Team, error) {
	o, err := c.pathOrg()
	if err != nil {
		return nil, err
	}
	t, err := c.targetTeam()
	if err != nil {
		return nil, err
	}
	if t.OrganizationID != o.ID || c.st.teamRole(u.ID, t.ID) == nil {
		return nil, errNotFound(fmt.Sprintf("User %d has no preferences for team %d of organization %d.", u.ID, t.ID, o.ID))
	}
	return t, nil
}

func (c *call) preferenceObjects(userID, teamID int64, native bool) []object {
	out := []object{}
	if native {
		for _, id := range nativePreferences {
			out = append(out, object{{"id", id}, {"enabled", !c.st.userData(userID).preferencesOff[preferenceKey{teamID, true, id}]}})
		}
		return out
	}
	for _, p := range marketingPreferences {
		out = append(out, object{{"id", p[0]}, {"enabled", !c.st.userData(userID).preferencesOff[preferenceKey{teamID, false, p[0]}]},
			{"label", p[1]}, {"description", p[2]}})
	}
	return out
}

func mailhubHead(u *User) object {
	return object{{"id", u.ID}, {"uuid", fmt.Sprintf("00000000-0000-4000-8000-%012d", u.ID)}, {"email", u.Email}, {"is_email_verified", true}}
}

// usersGetEmailPreferences: GET /mailhub/users/{userId}/preferences (organization:read).
func usersGetEmailPreferences(c *call) (any, error) {
	u, err := c.mailhubUser()
	if err != nil {
		return nil, err
	}
	prefs := append(mailhubHead(u),
		field{"global", object{{"isEmailVerified", true}, {"preferences", c.preferenceObjects(u.ID, 0, false)}}},
		field{"zones", []object{}})
	return object{{"preferences", prefs}}, nil
}

// preferenceBody is the body of the three preference updates.
type preferenceBody struct {
	ID      *string `json:"id"`
	Enabled *bool   `json:"enabled"`
}

// setPreference applies body and returns the new state.
func (c *call) setPreference(body *preferenceBody, userID, teamID int64, native bool) (object, error) {
	switch {
	case body.ID == nil || *body.ID == "":
		return nil, errInvalid("id", "is required.")
	case body.Enabled == nil:
		return nil, errInvalid("enabled", "is required.")
	}
	known := false
	for _, p := range c.preferenceObjects(userID, teamID, native) {
		known = known || p[0].val == *body.ID
	}
	if !known {
		return nil, errInvalid("id", "is not a known preference: %q.", *body.ID)
	}
	off, key := c.st.userData(userID).preferencesOff, preferenceKey{teamID, native, *body.ID}
	if *body.Enabled {
		delete(off, key)
	} else {
		off[key] = true
	}
	return object{{"id", *body.ID}, {"enabled", *body.Enabled}}, nil
}

// usersUpdateEmailPreferences: PATCH /mailhub/users/{userId}/preferences.
func usersUpdateEmailPreferences(c *call, body *preferenceBody) (any, error) {
	u, err := c.mailhubUser()
	if err != nil {
		return nil, err
	}
	state, err := c.setPreference(body, u.ID, 0, false)
	if err != nil {
		return nil, err
	}
	return object{{"preferences", object{{"global", object{{"preferences", state}}}}}}, nil
}

// usersGetTeamEmailPreferences: GET
// /mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/preferences.
func usersGetTeamEmailPreferences(c *call) (any, error) {
	u, err := c.mailhubUser()
	if err != nil {
		return nil, err
	}
	t, err := c.mailhubTeam(u)
	if err != nil {
		return nil, err
	}
	team := object{{"teamId", t.ID}, {"teamName", t.Name}, {"preferences", object{
		{"native", c.preferenceObjects(u.ID, t.ID, true)}, {"marketing", c.preferenceObjects(u.ID, t.ID, false)}}}}
	return append(mailhubHead(u), field{"team", team}), nil
}

// updateTeamPreference is the handler of PATCH
// .../teams/{teamId}/preferences (usersUpdateTeamEmailPreferences) and, if
// native, of .../teams/{teamId}/native-preferences
// (usersUpdateTeamNativeEmailPreferences).
func updateTeamPreference(native bool) func(c *call, body *preferenceBody) (any, error) {
	return func(c *call, body *preferenceBody) (any, error) {
		u, err := c.mailhubUser()
		if err != nil {
			return nil, err
		}
		t, err := c.mailhubTeam(u)
		if err != nil {
			return nil, err
		}
		state, err := c.setPreference(body, u.ID, t.ID, native)
		if err != nil {
			return nil, err
		}
		return object{{"team", object{{"preferences", state}}}}, nil
	}
}
