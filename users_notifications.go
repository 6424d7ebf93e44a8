package make

import (
	"context"
	"net/http"
)

// ---------------------------------------------------------------------------
// User team notifications, and unread notifications

// UserTeamNotification is one email notification setting of a user in a
// team. Map NotificationID to its type with Enums.ListUserEmailNotifications.
type UserTeamNotification struct {
	UserID         int64 `json:"userId"`
	TeamID         int64 `json:"teamId"`
	NotificationID int64 `json:"notificationId"`
	Enabled        bool  `json:"enabled"`
}

// ListTeamNotifications returns the user's email notification settings in
// the team.
//
// Make API: GET /users/{userId}/user-team-notifications/{teamId} (scope user:read)
func (s *UsersService) ListTeamNotifications(ctx context.Context, userID, teamID int64) ([]UserTeamNotification, error) {
	if err := firstError(checkID("userId", userID), checkID("teamId", teamID)); err != nil {
		return nil, err
	}
	var out struct {
		Notifications []UserTeamNotification `json:"userTeamNotifications"`
	}
	if err := s.client.call(ctx, http.MethodGet, userPath(userID, "user-team-notifications", teamID), "user:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Notifications, nil
}

// GetTeamNotification returns one email notification setting of the user in
// the team.
//
// Make API: GET /users/{userId}/user-team-notifications/{teamId}/{notificationId} (scope user:read)
func (s *UsersService) GetTeamNotification(ctx context.Context, userID, teamID, notificationID int64) (*UserTeamNotification, error) {
	if err := firstError(checkID("userId", userID), checkID("teamId", teamID), checkID("notificationId", notificationID)); err != nil {
		return nil, err
	}
	var out struct {
		Notification *UserTeamNotification `json:"userTeamNotification"`
	}
	if err := s.client.call(ctx, http.MethodGet, userPath(userID, "user-team-notifications", teamID, notificationID), "user:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Notification, nil
}

// UpdateTeamNotification turns one email notification of the user in the
// team on or off (enabled is always sent, false included) and returns the
// setting. Make lets a token change only its own user's settings.
//
// Make API: PUT /users/{userId}/user-team-notifications/{teamId}/{notificationId} (scope user:write)
func (s *UsersService) UpdateTeamNotification(ctx context.Context, userID, teamID, notificationID int64, enabled bool) (*UserTeamNotification, error) {
	if err := firstError(checkID("userId", userID), checkID("teamId", teamID), checkID("notificationId", notificationID)); err != nil {
		return nil, err
	}
	body := struct {
		Enabled bool `json:"enabled"`
	}{enabled}
	var out struct {
		Notification *UserTeamNotification `json:"userTeamNotification"`
	}
	if err := s.client.call(ctx, http.MethodPut, userPath(userID, "user-team-notifications", teamID, notificationID), "user:write", nil, body, &out); err != nil {
		return nil, err
	}
	return out.Notification, nil
}

// UnreadNotifications is the current user's count of unread notifications,
// in all and per zone.
type UnreadNotifications struct {
	UserUnreadNotifications     int                       `json:"userUnreadNotifications"`
	UserZoneUnreadNotifications []ZoneUnreadNotifications `json:"userZoneUnreadNotifications"`
}

// ZoneUnreadNotifications is the count of unread notifications in one zone
// (ZoneID is an ID of Enums.ListZones).
type ZoneUnreadNotifications struct {
	ZoneID              int64 `json:"zoneId"`
	UnreadNotifications int   `json:"unreadNotifications"`
}

// UnreadNotifications returns the current user's number of unread
// notifications, in all and per zone.
//
// Make API: GET /users/unread-notifications (scope user:read)
func (s *UsersService) UnreadNotifications(ctx context.Context) (*UnreadNotifications, error) {
	var out UnreadNotifications
	if err := s.client.call(ctx, http.MethodGet, "users/unread-notifications", "user:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
