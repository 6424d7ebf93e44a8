package make_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// typedError reports which of the SDK's error types err is, or "" when it is
// none of them.
func typedError(err error) string {
	var (
		apiErr *APIError
		ve     *ValidationError
		ue     *url.Error
		de     *DecodeError
	)
	switch {
	case errors.As(err, &apiErr):
		return fmt.Sprintf("*APIError %d", apiErr.StatusCode)
	case errors.As(err, &ve):
		return "*ValidationError"
	case errors.As(err, &ue):
		return "*url.Error"
	case errors.As(err, &de):
		return "*DecodeError"
	}
	return ""
}

// collect ranges over seq, returning the IDs in order and the error that
// ended it.
func collect[T any](seq func(yield func(T, error) bool), id func(T) string) ([]string, error) {
	var ids []string
	for v, err := range seq {
		if err != nil {
			return ids, err
		}
		ids = append(ids, id(v))
	}
	return ids, nil
}

// TestConcurrency shares one client among 64 goroutines that run mixed
// methods and iterators against the fake while it injects 429s, 503s and
// broken bodies: under -race there is no data race, every iteration that
// ends sees each item once and, when complete, all of them, every POST
// took effect at most once, and every error is one of the SDK's types.
func TestConcurrency(t *testing.T) {
	const goroutines = 64
	srv := maketest.New(maketest.WithExampleData(), maketest.WithSeed(60))
	t.Cleanup(srv.Close)
	srv.SeedPayments(orgID, 20)
	client, err := NewClient("", maketest.AdminToken, WithBaseURL(srv.URL()),
		WithRetry(RetryConfig{MaxRetries: 4, MinWait: time.Millisecond, MaxWait: 3 * time.Millisecond}))
	require.NoError(t, err)
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	// The lists as they are, before any fault.
	userID := func(u User) string { return fmt.Sprint(u.ID) }
	adminID := func(u AdminUser) string { return fmt.Sprint(u.ID) }
	orgIDOf := func(o Organization) string { return fmt.Sprint(o.ID) }
	paymentID := func(p Payment) string { return p.ID }
	usersOpts := &ListUsersOptions{OrganizationID: orgID, ListOptions: ListOptions{Limit: 13}}
	adminOpts := &AdminListUsersOptions{ListOptions: ListOptions{Limit: 20}}
	orgOpts := &ListOrganizationsOptions{ListOptions: ListOptions{Limit: 1}}
	payOpts := &ListPaymentsOptions{ListOptions{Limit: 7}}
	lists := map[string]func() ([]string, error){
		"users": func() ([]string, error) { return collect(client.Users.ListIter(c, usersOpts), userID) },
		"admin": func() ([]string, error) { return collect(client.Admin.ListUsersIter(c, adminOpts), adminID) },
		"orgs":  func() ([]string, error) { return collect(client.Organizations.ListIter(c, orgOpts), orgIDOf) },
		"payments": func() ([]string, error) {
			return collect(client.Organizations.ListPaymentsIter(c, orgID, payOpts), paymentID)
		},
	}
	baseline := map[string][]string{}
	for name, run := range lists {
		ids, err := run()
		require.NoError(t, err, name)
		require.Greater(t, len(ids), 1, name)
		baseline[name] = ids
	}
	require.Greater(t, len(baseline["users"]), 3*usersOpts.Limit, "the users list has several pages")

	// Faults, consumed by whichever goroutine comes first (a request takes
	// the first queued fault that matches it).
	srv.InjectFault(maketest.Fault{OperationID: "usersGetCurrentAuthorization", Times: 10, Status: 200, Body: `{"authorization":`})
	rateLimited := maketest.Fault{Status: 429, Header: http.Header{"Retry-After": {"0"}},
		Body: maketest.MakeErrorBody(maketest.RateLimitMessage, maketest.CodeRateLimited, "")}
	unavailable := maketest.Fault{Status: 503, Body: maketest.MakeErrorBody("Service unavailable", "SC503", "")}
	for _, f := range []maketest.Fault{
		{OperationID: "usersList", Times: 60}, {OperationID: "adminUsersList", Times: 40},
		{OperationID: "organizationsList", Times: 60}, {OperationID: "organizationsCreateVariable", Times: 20},
		{OperationID: "usersUpdate", Times: 10},
	} {
		rl := rateLimited
		rl.OperationID, rl.Times = f.OperationID, f.Times
		srv.InjectFault(rl)
		un := unavailable
		un.OperationID, un.Times = f.OperationID, f.Times/2
		srv.InjectFault(un)
	}

	var (
		mu        sync.Mutex
		errTypes  = map[string]int{}
		untyped   []error
		complete  = map[string]int{}
		created   = map[string]bool{} // variable name -> the create call succeeded
		failedVar = map[string]string{}
		calls     int
	)
	record := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if err == nil {
			errTypes["ok"]++
			return
		}
		if typ := typedError(err); typ != "" {
			errTypes[typ]++
			return
		}
		untyped = append(untyped, err)
	}
	iterate := func(name string, run func() ([]string, error)) func(int) error {
		return func(int) error {
			ids, err := run()
			seen := map[string]bool{}
			for _, id := range ids {
				if seen[id] {
					t.Errorf("%s: item %s repeated", name, id)
				}
				seen[id] = true
			}
			if err == nil {
				if !slices.Equal(baseline[name], ids) {
					t.Errorf("%s: a complete iteration saw %d items, want the %d of the baseline in order", name, len(ids), len(baseline[name]))
				}
				mu.Lock()
				complete[name]++
				mu.Unlock()
			} else if !slices.Equal(baseline[name][:len(ids)], ids) {
				t.Errorf("%s: the items before the error are not a prefix of the list", name)
			}
			return err
		}
	}
	ops := []func(g int) error{
		iterate("users", lists["users"]),
		iterate("admin", lists["admin"]),
		iterate("orgs", lists["orgs"]),
		iterate("payments", lists["payments"]),
		func(int) error { _, err := client.Users.Me(c, nil); return err },
		func(int) error { _, err := client.Users.CurrentAuthorization(c); return err },
		func(int) error { _, err := client.Organizations.Get(c, orgID, nil); return err },
		func(g int) error {
			_, err := client.Users.Update(c, meID, &UpdateUserRequest{Name: fmt.Sprintf("Adam %d", g)})
			return err
		},
		func(g int) error {
			name := fmt.Sprintf("var_%d", g)
			_, err := client.Organizations.CreateVariable(c, orgID, &CreateVariableRequest{Name: name, Value: NumberValue(float64(g))})
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				created[name] = true
			} else {
				failedVar[name] = typedError(err)
			}
			return err
		},
		func(int) error {
			_, err := client.Users.List(c, &ListUsersOptions{TeamID: 1, OrganizationID: 1})
			return err
		},
		func(int) error {
			cc, cancel := context.WithCancel(c)
			cancel()
			_, err := client.Organizations.ListApps(cc, orgID)
			return err
		},
	}

	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range len(ops) {
				record(ops[(g+k)%len(ops)](g))
			}
		}()
	}
	wg.Wait()
	require.NoError(t, c.Err(), "the goroutines finished in time")

	assert.Empty(t, untyped, "errors of none of the SDK's types")
	for name, n := range complete {
		assert.Greater(t, n, goroutines/2, "%s: most iterations complete despite the faults", name)
	}
	assert.Len(t, complete, 4)
	assert.Positive(t, errTypes["*ValidationError"], "the both-IDs List is refused")
	assert.Positive(t, errTypes["*url.Error"], "the cancelled calls")
	assert.Positive(t, errTypes["*DecodeError"], "the broken bodies")
	assert.Positive(t, errTypes["*APIError 503"], "a 503 of a POST or PATCH is returned, not retried")
	assert.Zero(t, srv.PendingFaults(), "every fault was served")

	// Every variable whose create succeeded exists once; a failed create
	// (a 503, never retried) left nothing behind.
	vars, err := client.Organizations.ListVariables(c, orgID)
	require.NoError(t, err)
	names := map[string]int{}
	for _, v := range vars {
		names[v.Name]++
	}
	for name := range created {
		assert.Equal(t, 1, names[name], "%s was created once", name)
	}
	for name, typ := range failedVar {
		assert.Zero(t, names[name], "%s failed (%s) and does not exist", name, typ)
		assert.NotEqual(t, "*APIError 400", typ, "%s: a create was replayed after it took effect", name)
	}
	assert.Equal(t, goroutines, len(created)+len(failedVar))
	t.Logf("concurrency: %d goroutines, %d calls, outcomes %v, complete iterations %v", goroutines, calls, errTypes, complete)
}
