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
