package make_test

import (
	"encoding/json"
	"net/http"
	"testing"

	. "github.com/make-sdk/make-go"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUsersService_TeamNotifications(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/7/user-team-notifications/3", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"userTeamNotifications":[{"userId":7,"teamId":3,"notificationId":1,"enabled":true},{"userId":7,"teamId":3,"notificationId":2,"enabled":false}]}`)
	})
	mux.HandleFunc("GET /users/7/user-team-notifications/3/2", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"userTeamNotification":{"userId":7,"teamId":3,"notificationId":2,"enabled":false}}`)
	})
	mux.HandleFunc("PUT /users/7/user-team-notifications/3/2", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"enabled":false}`) // false is sent
		writeJSON(w, 200, `{"userTeamNotification":{"userId":7,"teamId":3,"notificationId":2,"enabled":false}}`)
	})
	list, err := client.Users.ListTeamNotifications(ctx(t), 7, 3)
	require.NoError(t, err)
	assert.Equal(t, []UserTeamNotification{{UserID: 7, TeamID: 3, NotificationID: 1, Enabled: true}, {UserID: 7, TeamID: 3, NotificationID: 2}}, list)

	one, err := client.Users.GetTeamNotification(ctx(t), 7, 3, 2)
	require.NoError(t, err)
	assert.Equal(t, &UserTeamNotification{UserID: 7, TeamID: 3, NotificationID: 2}, one)

	updated, err := client.Users.UpdateTeamNotification(ctx(t), 7, 3, 2, false)
	require.NoError(t, err)
	assert.Equal(t, &UserTeamNotification{UserID: 7, TeamID: 3, NotificationID: 2}, updated)
}

func TestUsersService_UnreadNotifications(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/unread-notifications", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"userUnreadNotifications":5,"userZoneUnreadNotifications":[{"zoneId":1,"unreadNotifications":3},{"zoneId":2,"unreadNotifications":2}]}`)
	})
	got, err := client.Users.UnreadNotifications(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, &UnreadNotifications{UserUnreadNotifications: 5,
		UserZoneUnreadNotifications: []ZoneUnreadNotifications{{ZoneID: 1, UnreadNotifications: 3}, {ZoneID: 2, UnreadNotifications: 2}}}, got)
}

func TestUsersService_EmailPreferences(t *testing.T) {
	client, mux := setup(t)
	// The Mailhub paths hang under the API base (/api/v2/mailhub/...): setup
	// mounts the mux there, so a path built absolute would miss it.
	mux.HandleFunc("GET /mailhub/users/7/preferences", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"preferences":{"id":7,"uuid":"u-1","email":"jane@example.com","is_email_verified":true,
			"global":{"isEmailVerified":true,"preferences":[{"id":"use_cases","enabled":true,"label":"Use cases","description":"Stories"},{"id":"promotions","enabled":false}]},
			"zones":[{"zone":"eu1.make.com"}]}}`)
	})
	mux.HandleFunc("PATCH /mailhub/users/7/preferences", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"id":"promotions","enabled":false}`)
		writeJSON(w, 200, `{"preferences":{"global":{"preferences":{"id":"promotions","enabled":false}}}}`)
	})
	got, err := client.Users.GetEmailPreferences(ctx(t), 7)
	require.NoError(t, err)
	want := &EmailPreferences{ID: 7, UUID: "u-1", Email: "jane@example.com", IsEmailVerified: true,
		Zones: []json.RawMessage{json.RawMessage(`{"zone":"eu1.make.com"}`)}}
	want.Global.IsEmailVerified = true
	want.Global.Preferences = []EmailPreference{{ID: "use_cases", Enabled: true, Label: "Use cases", Description: "Stories"}, {ID: "promotions"}}
	assert.Equal(t, want, got)

	updated, err := client.Users.UpdateEmailPreferences(ctx(t), 7, &UpdateEmailPreferenceRequest{ID: "promotions", Enabled: false})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"id": "promotions", "enabled": false}, updated)
}

func TestUsersService_TeamEmailPreferences(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /mailhub/users/7/organizations/1/teams/3/preferences", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"id":7,"uuid":"u-1","email":"jane@example.com","is_email_verified":true,
			"team":{"teamId":3,"teamName":"Ops","preferences":{"native":[{"id":1700000000000,"enabled":true}],"marketing":[{"id":"use_cases","enabled":false}]}}}`)
	})
	mux.HandleFunc("PATCH /mailhub/users/7/organizations/1/teams/3/preferences", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"id":"use_cases","enabled":true}`)
		writeJSON(w, 200, `{"team":{"preferences":{"id":"use_cases","enabled":true}}}`)
	})
	mux.HandleFunc("PATCH /mailhub/users/7/organizations/1/teams/3/native-preferences", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"id":"1700000000000","enabled":false}`)
		// Make's spec gives native IDs a number format: a number decodes too.
		writeJSON(w, 200, `{"team":{"preferences":{"id":1700000000000,"enabled":false}}}`)
	})
	got, err := client.Users.GetTeamEmailPreferences(ctx(t), 7, 1, 3)
	require.NoError(t, err)
	want := &TeamEmailPreferences{ID: 7, UUID: "u-1", Email: "jane@example.com", IsEmailVerified: true}
	want.Team.TeamID, want.Team.TeamName = 3, "Ops"
	want.Team.Preferences.Native = []json.RawMessage{json.RawMessage(`{"id":1700000000000,"enabled":true}`)}
	want.Team.Preferences.Marketing = []json.RawMessage{json.RawMessage(`{"id":"use_cases","enabled":false}`)}
	assert.Equal(t, want, got)

	state, err := client.Users.UpdateTeamEmailPreferences(ctx(t), 7, 1, 3, &UpdateEmailPreferenceRequest{ID: "use_cases", Enabled: true})
	require.NoError(t, err)
	assert.Equal(t, &EmailPreferenceState{ID: "use_cases", Enabled: true}, state)

	state, err = client.Users.UpdateTeamNativeEmailPreferences(ctx(t), 7, 1, 3, &UpdateEmailPreferenceRequest{ID: "1700000000000"})
	require.NoError(t, err)
	assert.Equal(t, &EmailPreferenceState{ID: "1700000000000"}, state)
}

// TestUsersService_MailhubURLs: the Mailhub paths join the zone's API base
// (…/api/v2/mailhub/…) and a private instance's base with its own path.
func TestUsersService_MailhubURLs(t *testing.T) {
	for base, want := range map[string]string{
		"":                                       "https://eu1.make.com/api/v2/mailhub/users/7/organizations/1/teams/3/preferences",
		"https://make.example.com/custom/api/v2": "https://make.example.com/custom/api/v2/mailhub/users/7/organizations/1/teams/3/preferences",
	} {
		mock := httpmock.NewMockTransport()
		mock.RegisterResponder(http.MethodGet, want, httpmock.NewStringResponder(200, `{"id":7,"team":{"teamId":3}}`))
		opts := []Option{WithHTTPClient(&http.Client{Transport: mock}), WithRetry(RetryConfig{})}
		if base != "" {
			opts = append(opts, WithBaseURL(base))
		}
		client, err := NewClient(ZoneEU1, "tok-1", opts...)
		require.NoError(t, err)
		got, err := client.Users.GetTeamEmailPreferences(ctx(t), 7, 1, 3)
		require.NoError(t, err, want)
		assert.Equal(t, int64(3), got.Team.TeamID)
		assert.Equal(t, 1, mock.GetTotalCallCount(), want)
	}
}

func TestPreferenceID_Unmarshal(t *testing.T) {
	for in, want := range map[string]PreferenceID{`"use_cases"`: "use_cases", `17`: "17", `1.5e3`: "1.5e3", `null`: ""} {
		var p PreferenceID
		require.NoError(t, json.Unmarshal([]byte(in), &p), in)
		assert.Equal(t, want, p, in)
	}
	var p PreferenceID
	assert.Error(t, json.Unmarshal([]byte(`{"a":1}`), &p))
}
