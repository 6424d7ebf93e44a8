package maketest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
)

// In a test, maketest.NewServer(t) starts the server and closes it when the
// test ends; outside one (as in these examples) New and Close do.
func ExampleServer_Client() {
	srv := maketest.New()
	defer srv.Close()

	c := srv.Client()
	me, err := c.Users.Me(context.Background(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(me.ID, me.Name, me.Email)
	// Output: 1 Jane Doe jane@example.com
}

// What a new server holds: the current user, owner of one organization with
// one team.
func ExampleNew() {
	srv := maketest.New()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	me, err := c.Users.Me(ctx, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("me:", me.ID, me.Name)
	orgs, err := c.Organizations.List(ctx, &make.ListOrganizationsOptions{Cols: []string{"id", "name", "teams"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	roles, err := c.Users.ListOrganizationRoles(ctx, me.ID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range orgs.Organizations {
		fmt.Println("organization:", o.ID, o.Name)
		for _, t := range o.Teams {
			fmt.Println("  team:", t.ID, t.Name)
		}
	}
	for _, r := range roles {
		fmt.Println("role in organization", r.OrganizationID, "is Owner:", r.UsersRoleID == maketest.RoleOwner)
	}
	// Output:
	// me: 1 Jane Doe
	// organization: 1 Acme
	//   team: 1 Acme Team
	// role in organization 1 is Owner: true
}

// The example data adds users of several roles, a second organization, a
// pending invitation and a White Label administrator.
func ExampleWithExampleData() {
	srv := maketest.New(maketest.WithExampleData())
	defer srv.Close()

	users, err := srv.Client().Users.List(context.Background(), &make.ListUsersOptions{
		OrganizationID: maketest.DefaultOrganizationID,
		ListOptions:    make.ListOptions{SortBy: "id", SortDir: make.SortAsc},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range users.Users {
		m, _ := srv.Membership(u.ID, maketest.DefaultOrganizationID)
		fmt.Println(u.ID, u.Name, m.RoleID)
	}
	// Output:
	// 1 Jane Doe 12
	// 2 Adam Admin 11
	// 3 Bob Builder 13
	// 4 Carol Checker 13
	// 5 Dave Numbers 14
}

func ExampleServer_InjectFault() {
	srv := maketest.New()
	defer srv.Close()

	// The next two GET /users/me answer 503; the client retries.
	srv.InjectFault(maketest.Fault{
		OperationID: "usersGetMe",
		Times:       2,
		Status:      http.StatusServiceUnavailable,
		Body:        maketest.MakeErrorBody("Service unavailable", "SC503", "try again later"),
	})
	me, err := srv.Client().Users.Me(context.Background(), nil)
	fmt.Println(me.Name, err)
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.OperationID)
	}
	// Output:
	// Jane Doe <nil>
	// GET /users/me usersGetMe
	// GET /users/me usersGetMe
	// GET /users/me usersGetMe
}

func ExampleServer_Requests() {
	srv := maketest.New()
	defer srv.Close()

	c := srv.Client()
	if _, err := c.Users.Update(context.Background(), maketest.DefaultUserID, &make.UpdateUserRequest{Name: "Jane Q. Doe"}); err != nil {
		fmt.Println(err)
		return
	}
	r := srv.Requests()[0]
	fmt.Println(r.Method, r.Path, r.OperationID)
	fmt.Println(string(r.Body))
	u, _ := srv.User(maketest.DefaultUserID)
	fmt.Println(u.Name)
	// Output:
	// PATCH /users/1 usersUpdate
	// {"name":"Jane Q. Doe"}
	// Jane Q. Doe
}

func ExampleServer_SetScopes() {
	srv := maketest.New()
	defer srv.Close()

	srv.SetScopes("user:read")
	_, err := srv.Client().Organizations.List(context.Background(), nil)
	var apiErr *make.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.Detail)
	}
	// Output: 403 SC403 Access denied. The token lacks the scope organizations:read.
}

func ExampleServer_SetVariable() {
	srv := maketest.New()
	defer srv.Close()

	srv.SetVariable(maketest.DefaultOrganizationID, "region", "emea")
	vars, err := srv.Client().Organizations.ListVariables(context.Background(), maketest.DefaultOrganizationID)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range vars {
		if s, ok := v.Value.Str(); ok && v.Name == "region" {
			fmt.Println(v.Name, s)
		}
	}
	// Output: region emea
}
