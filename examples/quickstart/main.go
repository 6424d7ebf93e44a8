// Command quickstart shows make-go at work: who am I, the users of my
// organization page by page, an update, and how API errors look.
//
// With MAKE_API_TOKEN unset it runs against the embedded fake Make API, so it
// needs no account:
//
//	go run ./examples/quickstart
//
// With MAKE_API_TOKEN and MAKE_ZONE (or MAKE_BASE_URL, e.g. makefake's) set,
// and optionally MAKE_ORGANIZATION_ID, it runs the read-only part against
// that API, and says which.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	client, yours, stop, err := newClient()
	if err != nil {
		return err
	}
	defer stop()

	// 1. Who am I, and what may this token do?
	me, err := client.Users.Me(ctx, &make.GetMeOptions{Cols: []string{"id", "name", "email", "userOrganizationRoles"}})
	if err != nil {
		return err
	}
	fmt.Printf("Signed in as %s <%s> (user %d)\n", me.Name, me.Email, me.ID)
	if auth, err := client.Users.CurrentAuthorization(ctx); err == nil {
		fmt.Printf("Authorized by %s with %d scopes\n", auth.AuthUsed, len(auth.Scope))
	}

	orgID, err := organizationOf(me)
	if err != nil {
		return err
	}

	// 2. Every user of the organization, fetched lazily ten at a time.
	fmt.Printf("\nUsers of organization %d, 10 per page:\n", orgID)
	opts := &make.ListUsersOptions{OrganizationID: orgID, ListOptions: make.ListOptions{Limit: 10, SortBy: "id", SortDir: make.SortAsc}}
	n := 0
	for u, err := range client.Users.ListIter(ctx, opts) {
		if err != nil {
			return err
		}
		n++
		if n <= 5 || n%10 == 0 {
			fmt.Printf("  #%-3d %-6d %-14s %s\n", n, u.ID, u.Name, u.Email)
		}
	}
	fmt.Printf("  ... %d users in all\n", n)

	if yours {
		// The base URL is all the program knows: MAKE_BASE_URL may name
		// makefake or a White Label instance as well as a zone of Make.
		fmt.Printf("\nRunning against %s with your token: skipping the update and the error demo.\n", client.BaseURL())
		return nil
	}

	// 3. Update my own profile.
	updated, err := client.Users.Update(ctx, me.ID, &make.UpdateUserRequest{Name: me.Name + " (updated)", Language: "en"})
	if err != nil {
		return err
	}
	fmt.Printf("\nUpdated user %d: name is now %q\n", updated.ID, updated.Name)

	// 4. An API error keeps Make's own code, message and detail.
	_, err = client.Users.List(ctx, &make.ListUsersOptions{OrganizationID: 999})
	var apiErr *make.APIError
	switch {
	case errors.As(err, &apiErr):
		fmt.Printf("\nListing users of organization 999 failed as expected:\n  status %d, code %s, message %q, detail %q\n",
			apiErr.StatusCode, apiErr.Code, apiErr.Message, apiErr.Detail)
		fmt.Printf("  errors.Is(err, make.ErrForbidden) = %v, errors.Is(err, make.ErrNotFound) = %v\n",
			errors.Is(err, make.ErrForbidden), errors.Is(err, make.ErrNotFound))
	case err == nil:
		return errors.New("expected an API error for organization 999")
	default:
		return err
	}

	// 5. Bad input is refused before anything is sent.
	_, err = client.Users.List(ctx, &make.ListUsersOptions{TeamID: 1, OrganizationID: 1})
	var invalid *make.ValidationError
	if !errors.As(err, &invalid) {
		return fmt.Errorf("expected a validation error, got %v", err)
	}
	fmt.Printf("\nRefused without a request: field %q: %s\n", invalid.Field, invalid.Reason)
	return nil
}

// newClient returns a client for the API that MAKE_ZONE or MAKE_BASE_URL
// names when MAKE_API_TOKEN is set (yours), and for an embedded fake
// otherwise.
func newClient() (client *make.Client, yours bool, stop func(), err error) {
	if os.Getenv("MAKE_API_TOKEN") != "" {
		client, err = make.NewClientFromEnv()
		return client, true, func() {}, err
	}
	srv := maketest.New(maketest.WithSeed(23))
	fmt.Println("MAKE_API_TOKEN is not set: using the embedded fake Make API at", srv.URL())
	client, err = make.NewClient("", maketest.DefaultToken, make.WithBaseURL(srv.URL()))
	return client, false, srv.Close, err
}

// organizationOf picks MAKE_ORGANIZATION_ID, or the first organization the
// user belongs to.
func organizationOf(me *make.User) (int64, error) {
	if s := os.Getenv("MAKE_ORGANIZATION_ID"); s != "" {
		return strconv.ParseInt(s, 10, 64)
	}
	if len(me.UserOrganizationRoles) == 0 {
		return 0, errors.New("the user belongs to no organization; set MAKE_ORGANIZATION_ID")
	}
	return me.UserOrganizationRoles[0].OrganizationID, nil
}
