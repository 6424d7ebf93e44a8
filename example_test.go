package make_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
)

func ExampleParseZone() {
	for _, s := range []string{"eu1", "celonis-us1", "https://us2.make.com/api/v2", "make.example.com", "http://eu1.make.com"} {
		z, err := make.ParseZone(s)
		if err != nil {
			fmt.Println("refused:", s)
			continue
		}
		fmt.Println(z.BaseURL())
	}
	// Output:
	// https://eu1.make.com/api/v2
	// https://us1.make.celonis.com/api/v2
	// https://us2.make.com/api/v2
	// https://make.example.com/api/v2
	// refused: http://eu1.make.com
}

func ExampleNewClient() {
	client, err := make.NewClient(make.ZoneEU1, "12345678-12ef-abcd-1234-1234567890ab",
		make.WithRateLimit(240), // Make's Teams plan: 240 requests a minute
		make.WithRetry(make.RetryConfig{MaxRetries: 3, MinWait: 500 * time.Millisecond, MaxWait: 30 * time.Second}))
	if err != nil {
		panic(err)
	}
	fmt.Println(client) // the token never prints
	// Output: make.Client{baseURL: https://eu1.make.com/api/v2/, auth: token (redacted)}
}

func ExampleUsersService_ListIter() {
	srv := maketest.New(maketest.WithSeed(3))
	defer srv.Close()
	client, _ := make.NewClient("", maketest.DefaultToken, make.WithBaseURL(srv.URL()))

	opts := &make.ListUsersOptions{
		TeamID:      maketest.DefaultTeamID,
		ListOptions: make.ListOptions{Limit: 2, SortBy: "id", SortDir: make.SortAsc}, // two per request
	}
	for u, err := range client.Users.ListIter(context.Background(), opts) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Println(u.ID, u.Name)
	}
	// Output:
	// 1 Jane Doe
	// 2 User 0001
	// 3 User 0002
	// 4 User 0003
}

func ExampleUsersService_List_filterByTeamZero() {
	srv := maketest.New()
	defer srv.Close()
	// A member of the organization who is in none of its teams.
	ada := srv.AddUser(maketest.User{Name: "Ada Lovelace", Email: "ada@example.com"})
	srv.SetMembership(ada.ID, maketest.DefaultOrganizationID, maketest.RoleMember)
	client, _ := make.NewClient("", maketest.DefaultToken, make.WithBaseURL(srv.URL()))

	// Zero values that mean something are pointers: filterByTeamId=0 finds
	// the organization's users who are in no team.
	page, err := client.Users.List(context.Background(), &make.ListUsersOptions{
		OrganizationID: maketest.DefaultOrganizationID,
		FilterByTeamID: make.Ptr(int64(0)),
	})
	if err != nil {
		panic(err)
	}
	for _, u := range page.Users {
		fmt.Println(u.Name)
	}
	// Output: Ada Lovelace
}

func ExampleAPIError() {
	srv := maketest.New()
	defer srv.Close()
	client, _ := make.NewClient("", maketest.ReadOnlyToken, make.WithBaseURL(srv.URL()))

	_, err := client.Users.Update(context.Background(), 1, &make.UpdateUserRequest{Name: "New name"})
	var apiErr *make.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.Message, "-", apiErr.Detail)
		fmt.Println("needs scope:", apiErr.Scope)
	}
	fmt.Println(errors.Is(err, make.ErrForbidden))
	// Output:
	// 403 SC403 Permission denied - Access denied. The token lacks the scope user:write.
	// needs scope: user:write
	// true
}

func ExampleValidationError() {
	client, _ := make.NewClient(make.ZoneEU1, "token")
	_, err := client.Users.List(context.Background(), &make.ListUsersOptions{TeamID: 1, OrganizationRoleID: 12})
	var ve *make.ValidationError
	if errors.As(err, &ve) {
		fmt.Println(ve.Field+":", ve.Reason)
	}
	fmt.Println(errors.Is(err, make.ErrInvalidInput))
	// Output:
	// organizationRoleId: needs organizationId
	// true
}

func ExampleSecret() {
	req := make.UpdatePasswordRequest{CurrentPassword: "Old-Passw0rd!", NewPassword1: "New-Passw0rd!", NewPassword2: "New-Passw0rd!"}
	fmt.Printf("%+v\n", req)
	// Output: {CurrentPassword:[REDACTED] NewPassword1:[REDACTED] NewPassword2:[REDACTED]}
}

func ExampleTeamsService_Create() {
	srv := maketest.New()
	defer srv.Close()
	client, _ := make.NewClient("", maketest.DefaultToken, make.WithBaseURL(srv.URL()))
	ctx := context.Background()

	created, err := client.Teams.Create(ctx, &make.CreateTeamRequest{Name: "Onboarding", OrganizationID: maketest.DefaultOrganizationID})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Printf("team %d %q, the creator's role %d\n", created.Team.ID, created.Team.Name, created.UserTeamRole.UsersRoleID)

	// A team variable is typed like an organization's.
	v, _ := client.Teams.CreateVariable(ctx, created.Team.ID, &make.CreateVariableRequest{Name: "quota", Value: make.NumberValue(12.5)})
	fmt.Println(v.Name, v.Value, v.Value.Type())

	for t, err := range client.Teams.ListIter(ctx, maketest.DefaultOrganizationID, nil) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Println(t.ID, t.Name)
	}
	// Output:
	// team 2 "Onboarding", the creator's role 1
	// quota 12.5 number
	// 1 Acme Team
	// 2 Onboarding
}
