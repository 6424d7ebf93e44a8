package make_test

import (
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// userPages serves GET /users from ids (in the order given), honouring
// pg[offset] and pg[limit] up to max, and records each request's pg keys.
// change, when set, runs after each page was served and may change ids.
type userPages struct {
	mu      sync.Mutex
	ids     []int64
	max     int
	queries []string // "offset/limit" of each request
	change  func(page int, ids []int64) []int64
}

func (p *userPages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	q := r.URL.Query()
	off, _ := strconv.Atoi(q.Get("pg[offset]"))
	limit, _ := strconv.Atoi(q.Get("pg[limit]"))
	p.queries = append(p.queries, q.Get("pg[offset]")+"/"+q.Get("pg[limit]"))
	if limit <= 0 || limit > p.max {
		limit = p.max
	}
	var b strings.Builder
	b.WriteString(`{"users":[`)
	for i := off; i < min(off+limit, len(p.ids)); i++ {
		if i > off {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"User %d"}`, p.ids[i], p.ids[i])
	}
	fmt.Fprintf(&b, `],"pg":{"limit":%d,"offset":%d,"sortBy":"id","sortDir":"desc"}}`, limit, off)
	if p.change != nil {
		p.ids = p.change(len(p.queries), p.ids)
	}
	writeJSON(w, 200, b.String())
}

func descending(from, n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(from - i)
	}
	return ids
}

// Issue 13: with no pg[limit] given, iterating 25,000 users asks for
// Make's largest page (10,000) and takes 3 requests, not 250.
func TestListIter_LargestPageByDefault(t *testing.T) {
	client, mux := setup(t)
	pages := &userPages{ids: descending(25000, 25000), max: MaxUsersPageSize}
	mux.Handle("GET /users", pages)
	n := 0
	var last int64 = 25001
	for u, err := range client.Users.ListIter(ctx(t), &ListUsersOptions{OrganizationID: 1}) {
		require.NoError(t, err)
		require.Less(t, u.ID, last, "every user once, in order")
		last = u.ID
		n++
	}
	assert.Equal(t, 25000, n)
	assert.Equal(t, []string{"/10000", "10000/10000", "20000/10000"}, pages.queries)

	// A caller's Limit wins.
	pages.queries = nil
	n = 0
	for _, err := range client.Users.ListIter(ctx(t), &ListUsersOptions{OrganizationID: 1, ListOptions: ListOptions{Limit: 5000, Offset: 15000}}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 10000, n)
	assert.Equal(t, []string{"15000/5000", "20000/5000", "25000/5000"}, pages.queries)
}

// Every iterator asks for its endpoint's largest documented page, or the
// named default where the catalogue documents none.
func TestListIter_PageSizePerEndpoint(t *testing.T) {
	client, mux := setup(t)
	got := map[string]string{}
	var mu sync.Mutex
	record := func(key, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			got[r.Method+" "+r.URL.Path] = r.URL.Query().Get("pg[limit]")
			mu.Unlock()
			writeJSON(w, 200, `{"`+key+`":[`+body+`],"pg":{}}`)
		}
	}
	mux.HandleFunc("GET /users", record("users", `{"id":1}`))
	mux.HandleFunc("GET /organizations", record("organizations", `{"id":1}`))
	mux.HandleFunc("GET /organizations/1/payments", record("payments", `{"id":"p1"}`))
	mux.HandleFunc("GET /admin/users", record("users", `{"id":1}`))
	mux.HandleFunc("GET /admin/users-detail", record("users", `{"id":1}`))
	c := ctx(t)
	for _, seq := range []func() error{
		func() error {
			_, err := drain(client.Users.ListIter(c, &ListUsersOptions{OrganizationID: 1}))
			return err
		},
		func() error { _, err := drain(client.Organizations.ListIter(c, nil)); return err },
		func() error { _, err := drain(client.Organizations.ListPaymentsIter(c, 1, nil)); return err },
		func() error { _, err := drain(client.Admin.ListUsersIter(c, nil)); return err },
		func() error { _, err := drain(client.Admin.ListUserDetailsIter(c, nil)); return err },
	} {
		require.NoError(t, seq())
	}
	assert.Equal(t, map[string]string{
		"GET /users":                    "10000", // documented maximum
		"GET /organizations":            "10000", // documented default
		"GET /organizations/1/payments": "100",
		"GET /admin/users":              "100",
		"GET /admin/users-detail":       "100",
	}, got)
}

// collectIDs ranges over seq, at most max items, and returns their IDs and
// the first error.
func collectIDs(seq iter.Seq2[User, error], max int) ([]int64, error) {
	var ids []int64
	for u, err := range seq {
		if err != nil {
			return ids, err
		}
		ids = append(ids, u.ID)
		if len(ids) >= max {
			break
		}
	}
	return ids, nil
}

// Finding 10 of issue 10: a server that ignores pg[offset] sends the same
// full page forever; the iterator used to repeat it without end (41k items,
// 2 distinct, in 2 s). It now stops with ErrPageRepeated after the second.
func TestListIter_RepeatedPageStops(t *testing.T) {
	client, mux := setup(t)
	var requests int
	mux.HandleFunc("GET /users", func(w http.ResponseWriter, r *http.Request) {
		requests++
		writeJSON(w, 200, `{"users":[{"id":2},{"id":1}],"pg":{"limit":2,"offset":0}}`)
	})
	ids, err := collectIDs(client.Users.ListIter(ctx(t), &ListUsersOptions{OrganizationID: 1, ListOptions: ListOptions{Limit: 2}}), 1000)
	assert.ErrorIs(t, err, ErrPageRepeated)
	assert.Contains(t, fmt.Sprint(err), "pg[offset]=2")
	assert.Equal(t, []int64{2, 1}, ids)
	assert.Equal(t, 2, requests)
}

// Finding 10 of issue 10: a user created during an iteration of an
// ID-descending list pushes the previous page's last user into the next
// page; it used to be yielded twice. It is now dropped: every user once.
func TestListIter_InsertionDuringIteration(t *testing.T) {
	client, mux := setup(t)
	pages := &userPages{ids: descending(10, 10), max: 3, change: func(page int, ids []int64) []int64 {
		if page == 1 {
			return append([]int64{11}, ids...) // created after the first page
		}
		return ids
	}}
	mux.Handle("GET /users", pages)
	ids, err := collectIDs(client.Users.ListIter(ctx(t), &ListUsersOptions{OrganizationID: 1, ListOptions: ListOptions{Limit: 3}}), 1000)
	require.NoError(t, err)
	assert.Equal(t, descending(10, 10), ids, "each user once (the new one is before the offset, as offset paging goes)")
}

// What offset paging still does, as the README says: a user deleted before
// the offset during an iteration pulls the next page's first user into the
// range already read, and that user is skipped.
func TestListIter_DeletionDuringIterationSkips(t *testing.T) {
	client, mux := setup(t)
	pages := &userPages{ids: descending(10, 10), max: 3, change: func(page int, ids []int64) []int64 {
		if page == 1 {
			return ids[1:] // user 10 deleted after the first page
		}
		return ids
	}}
	mux.Handle("GET /users", pages)
	ids, err := collectIDs(client.Users.ListIter(ctx(t), &ListUsersOptions{OrganizationID: 1, ListOptions: ListOptions{Limit: 3}}), 1000)
	require.NoError(t, err)
	assert.Equal(t, []int64{10, 9, 8, 6, 5, 4, 3, 2, 1}, ids, "user 7 moved to offset 2, already read")
}
