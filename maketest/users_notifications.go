package maketest

import "fmt"

// The Users > User team notifications and Unread notifications operations.
func init() {
	handle("usersListTeamNotifications", usersListTeamNotifications)
	handle("usersGetTeamNotification", usersGetTeamNotification)
	handleJSON("usersUpdateTeamNotification", usersUpdateTeamNotification)
	handle("usersGetUnreadNotifications", usersGetUnreadNotifications)
}

// notificationKey names a team notification setting of a user (see
// userData.notificationsOff); every notification type of GET
// /enums/user-email-notifications is on until turned off.
type notificationKey struct{ team, notification int64 }

func notificationIDs() []int64 {
	ids := make([]int64, 0, len(enumEmailNotifications))
	for _, n := range enumEmailNotifications {
		ids = append(ids, int64(n[0].val.(int)))
	}
	return ids
}

// teamMember resolves {userId} and {teamId} to a member of the team the
// caller may see (the user, or a viewer of the team).
func (c *call) teamMember() (*User, *Team, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, nil, err
	}
	t, err := c.targetTeam()
	if err != nil {
		return nil, nil, err
	}
	if u.ID != c.tok.userID && !c.st.canViewTeam(c.me(), t) {
		return nil, nil, errForbidden()
	}
	if c.st.teamRole(u.ID, t.ID) == nil {
		return nil, nil, errNotFound(fmt.Sprintf("User %d is not a member of team %d.", u.ID, t.ID))
	}
	return u, t, nil
}

// notificationID resolves {notificationId} to a known notification type.
func (c *call) notificationID() (int64, error) {
	id, err := c.pathID("notificationId")
	if err != nil {
		return 0, err
	}
	if !contains(notificationIDs(), id) {
		return 0, errNotFound(fmt.Sprintf("Notification with ID %d not found.", id))
	}
	return id, nil
}

func (c *call) notificationObject(userID, teamID, id int64) object {
	return object{{"userId", userID}, {"teamId", teamID}, {"notificationId", id},
		{"enabled", !c.st.userData(userID).notificationsOff[notificationKey{teamID, id}]}}
}

// usersListTeamNotifications: GET /users/{userId}/user-team-notifications/{teamId} (user:read).
func usersListTeamNotifications(c *call) (any, error) {
	u, t, err := c.teamMember()
	if err != nil {
		return nil, err
	}
	out := []object{}
	for _, id := range notificationIDs() {
		out = append(out, c.notificationObject(u.ID, t.ID, id))
	}
	return object{{"userTeamNotifications", out}}, nil
}

// usersGetTeamNotification: GET
// /users/{userId}/user-team-notifications/{teamId}/{notificationId} (user:read).
func usersGetTeamNotification(c *call) (any, error) {
	u, t, err := c.teamMember()
	if err != nil {
		return nil, err
	}
	id, err := c.notificationID()
	if err != nil {
		return nil, err
	}
	return object{{"userTeamNotification", c.notificationObject(u.ID, t.ID, id)}}, nil
}

// usersUpdateTeamNotification: PUT
// /users/{userId}/user-team-notifications/{teamId}/{notificationId}
// (user:write). Only the token's own user's settings change.
func usersUpdateTeamNotification(c *call, body *struct {
	Enabled *bool `json:"enabled"`
}) (any, error) {
	u, t, err := c.teamMember()
	if err != nil {
		return nil, err
	}
	if u.ID != c.tok.userID {
		return nil, errForbidden()
	}
	id, err := c.notificationID()
	if err != nil {
		return nil, err
	}
	if body.Enabled == nil {
		return nil, errInvalid("enabled", "is required.")
	}
	off := c.st.userData(u.ID).notificationsOff
	if *body.Enabled {
		delete(off, notificationKey{t.ID, id})
	} else {
		off[notificationKey{t.ID, id}] = true
	}
	return object{{"userTeamNotification", c.notificationObject(u.ID, t.ID, id)}}, nil
}

// usersGetUnreadNotifications: GET /users/unread-notifications (user:read):
// every user has one unread notification per team, in the zone of the
// team's organization (zone IDs of GET /enums/imt-zones).
func usersGetUnreadNotifications(c *call) (any, error) {
	perZone := map[int64]int{}
	var zones []int64
	for _, r := range c.st.teamRolesOfUser(c.tok.userID) {
		zoneID := int64(1)
		if o := c.st.orgs[c.st.teams[r.TeamID].OrganizationID]; o != nil {
			for _, z := range enumZones {
				if z[1].val == o.Zone {
					zoneID = int64(z[0].val.(int))
				}
			}
		}
		if perZone[zoneID] == 0 {
			zones = append(zones, zoneID)
		}
		perZone[zoneID]++
	}
	out := []object{}
	total := 0
	for _, z := range zones {
		out = append(out, object{{"zoneId", z}, {"unreadNotifications", perZone[z]}})
		total += perZone[z]
	}
	return object{{"userUnreadNotifications", total}, {"userZoneUnreadNotifications", out}}, nil
}
