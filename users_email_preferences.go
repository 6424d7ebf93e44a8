package make

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// ---------------------------------------------------------------------------
// User email preferences (Mailhub)
//
// These endpoints live under /mailhub (https://eu1.make.com/api/v2/mailhub/...),
// not under /users, though Make documents them as a Users sub-section. Make
// types their path IDs as strings; the methods take int64 IDs like every
// other method (a third-party page says userId also accepts "me"; Make's
// docs do not, so neither does the SDK).

// scopeMailhubUndocumented is what a 403 of the Mailhub endpoints whose
// scope Make's pages do not show names.
const scopeMailhubUndocumented = "not documented by Make (reading preferences needs organization:read)"

// mailhubPath returns "mailhub/users/{userId}/{last}" or, for a team,
// "mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/{last}"
// (orgTeam holds the two IDs): relative, so it hangs under the API base like
// every other path (https://eu1.make.com/api/v2/mailhub/...).
func mailhubPath(userID int64, last string, orgTeam ...int64) string {
	if len(orgTeam) == 2 {
		return fmt.Sprintf("mailhub/users/%d/organizations/%d/teams/%d/%s", userID, orgTeam[0], orgTeam[1], last)
	}
	return fmt.Sprintf("mailhub/users/%d/%s", userID, last)
}

// PreferenceID is the ID of an email preference, e.g. "use_cases". Make's
// published spec gives the native preferences' IDs a number format, so a
// JSON number is accepted too and kept as its text.
type PreferenceID string

// UnmarshalJSON accepts a string, a number or null.
func (p *PreferenceID) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*p = PreferenceID(s)
		return nil
	}
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*p = ""
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("make: preference id: want a string or a number, got %s", shorten(string(b), 40))
	}
	*p = PreferenceID(n)
	return nil
}

// EmailPreference is one email preference of a user (e.g. use_cases,
// product_updates, promotions).
type EmailPreference struct {
	ID          PreferenceID `json:"id"`
	Enabled     bool         `json:"enabled"`
	Label       string       `json:"label,omitempty"`
	Description string       `json:"description,omitempty"`
}

// EmailPreferences are a user's email preferences: global and per zone.
type EmailPreferences struct {
	ID              int64  `json:"id"`
	UUID            string `json:"uuid,omitempty"`
	Email           string `json:"email,omitempty"`
	IsEmailVerified bool   `json:"is_email_verified,omitempty"`
	Global          struct {
		IsEmailVerified bool              `json:"isEmailVerified,omitempty"`
		Preferences     []EmailPreference `json:"preferences"`
	} `json:"global"`
	// Zones are the per-zone preferences, as Make sent them: Make does not
	// document their shape.
	Zones []json.RawMessage `json:"zones,omitempty"`
}

// GetEmailPreferences returns the user's email preferences.
//
// Make API: GET /mailhub/users/{userId}/preferences (scope organization:read)
func (s *UsersService) GetEmailPreferences(ctx context.Context, userID int64) (*EmailPreferences, error) {
	if err := checkID("userId", userID); err != nil {
		return nil, err
	}
	var out struct {
		Preferences *EmailPreferences `json:"preferences"`
	}
	if err := s.client.call(ctx, http.MethodGet, mailhubPath(userID, "preferences"), "organization:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Preferences, nil
}

// UpdateEmailPreferenceRequest turns one email preference on or off; ID is
// required and Enabled is always sent, false included.
type UpdateEmailPreferenceRequest struct {
	ID      PreferenceID `json:"id"` // e.g. "use_cases"
	Enabled bool         `json:"enabled"`
}

func (r *UpdateEmailPreferenceRequest) validate() error {
	if err := checkBody(r); err != nil {
		return err
	}
	return checkRequired("id", string(r.ID))
}

// UpdateEmailPreferences turns one of the user's global email preferences
// on or off and returns the updated preference as Make sent it (Make does
// not document its shape).
//
// Make API: PATCH /mailhub/users/{userId}/preferences (scope not documented)
func (s *UsersService) UpdateEmailPreferences(ctx context.Context, userID int64, body *UpdateEmailPreferenceRequest) (map[string]any, error) {
	if err := firstError(checkID("userId", userID), body.validate()); err != nil {
		return nil, err
	}
	var out struct {
		Preferences struct {
			Global struct {
				Preferences map[string]any `json:"preferences"`
			} `json:"global"`
		} `json:"preferences"`
	}
	if err := s.client.call(ctx, http.MethodPatch, mailhubPath(userID, "preferences"), scopeMailhubUndocumented, nil, body, &out); err != nil {
		return nil, err
	}
	return out.Preferences.Global.Preferences, nil
}

// TeamEmailPreferences are a user's email preferences for one team.
type TeamEmailPreferences struct {
	ID              int64  `json:"id"`
	UUID            string `json:"uuid,omitempty" make:"optional"`
	Email           string `json:"email,omitempty" make:"optional"`
	IsEmailVerified bool   `json:"is_email_verified,omitempty" make:"optional"`
	Team            struct {
		TeamID      int64  `json:"teamId"`
		TeamName    string `json:"teamName,omitempty"`
		Preferences struct {
			// Native (product) and Marketing preferences, as Make sent
			// them: Make does not document their items.
			Native    []json.RawMessage `json:"native"`
			Marketing []json.RawMessage `json:"marketing"`
		} `json:"preferences"`
	} `json:"team"`
}

// checkTeamIDs checks the three IDs of a team preferences path.
func checkTeamIDs(userID, organizationID, teamID int64) error {
	return firstError(checkID("userId", userID), checkID("organizationId", organizationID), checkID("teamId", teamID))
}

// GetTeamEmailPreferences returns the user's email preferences for the team.
//
// Make API: GET /mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/preferences (scope not documented)
func (s *UsersService) GetTeamEmailPreferences(ctx context.Context, userID, organizationID, teamID int64) (*TeamEmailPreferences, error) {
	if err := checkTeamIDs(userID, organizationID, teamID); err != nil {
		return nil, err
	}
	var out TeamEmailPreferences
	path := mailhubPath(userID, "preferences", organizationID, teamID)
	if err := s.client.call(ctx, http.MethodGet, path, scopeMailhubUndocumented, nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// EmailPreferenceState is the state of one preference after a change.
type EmailPreferenceState struct {
	ID      PreferenceID `json:"id"`
	Enabled bool         `json:"enabled"`
}

func (s *UsersService) patchTeamPreference(ctx context.Context, userID, organizationID, teamID int64, last string, body *UpdateEmailPreferenceRequest) (*EmailPreferenceState, error) {
	if err := firstError(checkTeamIDs(userID, organizationID, teamID), body.validate()); err != nil {
		return nil, err
	}
	var out struct {
		Team struct {
			Preferences *EmailPreferenceState `json:"preferences"`
		} `json:"team"`
	}
	path := mailhubPath(userID, last, organizationID, teamID)
	if err := s.client.call(ctx, http.MethodPatch, path, scopeMailhubUndocumented, nil, body, &out); err != nil {
		return nil, err
	}
	return out.Team.Preferences, nil
}

// UpdateTeamEmailPreferences turns one of the user's email preferences for
// the team on or off and returns its new state.
//
// Make API: PATCH /mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/preferences (scope not documented)
func (s *UsersService) UpdateTeamEmailPreferences(ctx context.Context, userID, organizationID, teamID int64, body *UpdateEmailPreferenceRequest) (*EmailPreferenceState, error) {
	return s.patchTeamPreference(ctx, userID, organizationID, teamID, "preferences", body)
}

// UpdateTeamNativeEmailPreferences turns one of the user's native (product)
// email preferences for the team on or off and returns its new state.
//
// Make API: PATCH /mailhub/users/{userId}/organizations/{organizationId}/teams/{teamId}/native-preferences (scope not documented)
func (s *UsersService) UpdateTeamNativeEmailPreferences(ctx context.Context, userID, organizationID, teamID int64, body *UpdateEmailPreferenceRequest) (*EmailPreferenceState, error) {
	return s.patchTeamPreference(ctx, userID, organizationID, teamID, "native-preferences", body)
}
