package make_test

import (
	"context"
	"testing"
	"time"

	"github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUsers_AgainstFake runs every Users method end to end against the fake.
func TestUsers_AgainstFake(t *testing.T) {
	srv := maketest.NewServer(t, maketest.WithExampleData(), maketest.WithSeed(40))
	client := srv.Client()
	ctx := ctx(t)

	me, err := client.Users.Me(ctx, &make.GetMeOptions{Cols: []string{"id", "name", "email", "userOrganizationRoles"}})
	require.NoError(t, err)
	assert.Equal(t, maketest.DefaultUserID, me.ID)
	assert.Equal(t, "jane@example.com", me.Email)
	require.NotEmpty(t, me.UserOrganizationRoles)

	auth, err := client.Users.CurrentAuthorization(ctx)
	require.NoError(t, err)
	assert.Equal(t, "token", auth.AuthUsed)
	assert.ElementsMatch(t, maketest.DefaultScopes(), auth.Scope)

	invitations, err := client.Users.ListMyOrganizationInvitations(ctx)
	require.NoError(t, err)
	require.Len(t, invitations, 1)
	assert.Equal(t, maketest.DefaultInvitationHash, invitations[0].Hash.Reveal())

	// The iterator sees every user exactly once, in pages of 7.
	seen := map[int64]bool{}
	var order []int64
	for u, err := range client.Users.ListIter(ctx, &make.ListUsersOptions{OrganizationID: 1, ListOptions: make.ListOptions{Limit: 7}}) {
		require.NoError(t, err)
		assert.False(t, seen[u.ID], "user %d repeated", u.ID)
		seen[u.ID] = true
		order = append(order, u.ID)
	}
	assert.Len(t, seen, 45)
	assert.IsDecreasing(t, order, "default sort is id descending")

	page, err := client.Users.List(ctx, &make.ListUsersOptions{OrganizationID: 1, FilterByTeamID: make.Ptr(int64(0)),
		Cols: []string{"id", "tfaStatus", "userTeamIds"}})
	require.NoError(t, err)
	require.NotEmpty(t, page.Users, "filterByTeamId=0 finds users in no team")
	for _, u := range page.Users {
		assert.Empty(t, u.UserTeamIDs)
	}
	noTFA, err := client.Users.List(ctx, &make.ListUsersOptions{TeamID: 1, TFAStatus: make.Ptr(make.TFANone), Cols: []string{"id", "tfaStatus"}})
	require.NoError(t, err)
	for _, u := range noTFA.Users {
		require.NotNil(t, u.TFAStatus)
		assert.Equal(t, make.TFANone, *u.TFAStatus, "tfaStatus=0 is sent and filters")
	}

	perm, err := client.Users.ListByPermission(ctx, &make.ListUsersByPermissionOptions{
		Type: make.PermissionOrganization, Permission: maketest.OrganizationPermissions()[0], OrganizationID: 1})
	require.NoError(t, err)
	assert.NotEmpty(t, perm)

	updated, err := client.Users.Update(ctx, me.ID, &make.UpdateUserRequest{Name: "Jane Q. Doe", Language: "cs"})
	require.NoError(t, err)
	assert.Equal(t, "Jane Q. Doe", updated.Name)
	stored, _ := srv.User(me.ID)
	assert.Equal(t, "cs", stored.Language)

	change, err := client.Users.UpdateEmail(ctx, me.ID, &make.UpdateEmailRequest{
		CurrentEmailAddress: "jane@example.com", NewEmailAddress: "jane.doe@example.com", CurrentPassword: maketest.DefaultPassword})
	require.NoError(t, err)
	assert.True(t, change.Changed)

	_, err = client.Users.UpdatePassword(ctx, me.ID, &make.UpdatePasswordRequest{
		CurrentPassword: "Wrong-Passw0rd!", NewPassword1: "Next-Passw0rd!", NewPassword2: "Next-Passw0rd!"})
	assert.ErrorIs(t, err, make.ErrBadRequest, "a wrong current password is Make's 400")
	changed, err := client.Users.UpdatePassword(ctx, me.ID, &make.UpdatePasswordRequest{
		CurrentPassword: maketest.DefaultPassword, NewPassword1: "Next-Passw0rd!", NewPassword2: "Next-Passw0rd!"})
	require.NoError(t, err)
	assert.True(t, changed)

	// The lost-password flow: demand, open the session with the mailed hash, reset.
	require.NoError(t, client.Users.SendPasswordResetDemand(ctx, "jane.doe@example.com"))
	hash := srv.ResetHash("jane.doe@example.com")
	require.NotEmpty(t, hash)
	require.NoError(t, client.Users.SetPasswordResetSession(ctx, make.Secret(hash)))
	require.NoError(t, client.Users.ResetLostPassword(ctx, &make.ResetLostPasswordRequest{NewPassword1: "Reset-Passw0rd!", NewPassword2: "Reset-Passw0rd!"}))
	stored, _ = srv.User(me.ID)
	assert.Equal(t, "Reset-Passw0rd!", stored.Password)

	id, err := client.Users.DeleteCurrent(ctx, &make.DeleteCurrentUserRequest{CurrentPassword: "Reset-Passw0rd!"})
	require.NoError(t, err)
	assert.Equal(t, me.ID, id)
	_, err = client.Users.Me(ctx, nil)
	assert.ErrorIs(t, err, make.ErrUnauthorized, "the deleted user's token no longer works")
}

func TestUsers_AgainstFake_Errors(t *testing.T) {
	srv := maketest.NewServer(t)
	srv.SetScopes(maketest.ReadOnlyScopes()...)
	client := srv.Client()
	ctx := ctx(t)
	_, err := client.Users.Update(ctx, 1, &make.UpdateUserRequest{Name: "x"})
	var apiErr *make.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "SC403", apiErr.Code)
	assert.Contains(t, err.Error(), "user:write", "the 403 names the scope the endpoint needs")

	_, err = client.Users.List(ctx, &make.ListUsersOptions{OrganizationID: 1, ListOptions: make.ListOptions{SortBy: "id"}})
	require.NoError(t, err)

	before := srv.RequestCount()
	_, err = client.Users.List(ctx, &make.ListUsersOptions{TeamID: 1, OrganizationRoleID: 12})
	assert.ErrorIs(t, err, make.ErrInvalidInput)
	assert.Equal(t, before, srv.RequestCount(), "refused input sends nothing")
}

func TestRateLimit_AgainstFake(t *testing.T) {
	// The fake allows 3 requests a minute; the 4th gets Make's 429 with a
	// Retry-After far beyond the caller's deadline, which comes back at once.
	client := maketest.NewServer(t, maketest.WithRateLimit(3)).Client()
	c, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for range 3 {
		_, err := client.Users.Me(c, nil)
		require.NoError(t, err)
	}
	_, err := client.Users.Me(c, nil)
	assert.ErrorIs(t, err, make.ErrRateLimited)
	var apiErr *make.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, maketest.RateLimitMessage, apiErr.Message)
	_, ok := apiErr.RetryAfter()
	assert.True(t, ok)
}
