package make_test

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"sort"
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

// pagedHandler serves total items of key, numbered down from 100, honouring
// pg[offset] and pg[limit], and records the offsets asked for.
func pagedHandler(t *testing.T, key, item string, total int, offsets *[]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		*offsets = append(*offsets, q.Get("pg[offset]"))
		var off, limit int
		fmt.Sscan(q.Get("pg[offset]"), &off)
		fmt.Sscan(q.Get("pg[limit]"), &limit)
		var items []string
		for i := off; i < min(off+limit, total); i++ {
			items = append(items, fmt.Sprintf(item, 100-i))
		}
		writeJSON(w, 200, fmt.Sprintf(`{%q:[%s],"pg":{"limit":%d,"offset":%d}}`, key, strings.Join(items, ","), limit, off))
	}
}

// iterCase is one ...Iter method of the SDK: iterators lists every one.
type iterCase struct {
	name  string // Service.Method
	route string // the route of its pages
	key   string // the list's key in a page
	item  string // an item's JSON, %d its number
	id    string // the item's ID as the test's iterator gives it
	scope string // the scope its 403 names
	// list returns the iterator over pages of limit items with other
	// options set, and the caller's ListOptions, which must stay unchanged.
	list func(ctx context.Context, c *Client, limit int) (iter.Seq2[string, error], *ListOptions)
	// bad returns the iterator with options refused before sending, and
	// the field the refusal names.
	bad func(ctx context.Context, c *Client) (iter.Seq2[string, error], string)
}

// idsOf turns an iterator of T into one of the items' IDs.
func idsOf[T any](seq iter.Seq2[T, error], id func(T) string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for v, err := range seq {
			if !yield(id(v), err) {
				return
			}
		}
	}
}

func userID(u User) string           { return strconv.FormatInt(u.ID, 10) }
func adminUserID(u AdminUser) string { return strconv.FormatInt(u.ID, 10) }
func teamIDOf(t Team) string         { return strconv.FormatInt(t.ID, 10) }

var iterators = []iterCase{
	{"Users.ListIter", "GET /users", "users", `{"id":%d}`, "%d", "user:read",
		func(ctx context.Context, c *Client, limit int) (iter.Seq2[string, error], *ListOptions) {
			opts := &ListUsersOptions{OrganizationID: 1, ListOptions: ListOptions{Limit: limit}}
			return idsOf(c.Users.ListIter(ctx, opts), userID), &opts.ListOptions
		},
		func(ctx context.Context, c *Client) (iter.Seq2[string, error], string) {
			return idsOf(c.Users.ListIter(ctx, nil), userID), "teamId/organizationId"
		}},
	{"Organizations.ListIter", "GET /organizations", "organizations", `{"id":%d}`, "%d", "organizations:read",
		func(ctx context.Context, c *Client, limit int) (iter.Seq2[string, error], *ListOptions) {
			opts := &ListOrganizationsOptions{Cols: []string{"id", "name"}, ListOptions: ListOptions{Limit: limit}}
			return idsOf(c.Organizations.ListIter(ctx, opts), func(o Organization) string { return strconv.FormatInt(o.ID, 10) }), &opts.ListOptions
		},
		func(ctx context.Context, c *Client) (iter.Seq2[string, error], string) {
			opts := &ListOrganizationsOptions{ListOptions: ListOptions{SortDir: "sideways"}}
			return idsOf(c.Organizations.ListIter(ctx, opts), func(o Organization) string { return "" }), "pg[sortDir]"
		}},
	{"Organizations.ListPaymentsIter", "GET /organizations/11/payments", "payments", `{"id":"in_%d"}`, "in_%d", "organizations:read",
		func(ctx context.Context, c *Client, limit int) (iter.Seq2[string, error], *ListOptions) {
			opts := &ListPaymentsOptions{ListOptions{Limit: limit}}
			return idsOf(c.Organizations.ListPaymentsIter(ctx, 11, opts), func(p Payment) string { return p.ID }), &opts.ListOptions
		},
		func(ctx context.Context, c *Client) (iter.Seq2[string, error], string) {
			return idsOf(c.Organizations.ListPaymentsIter(ctx, 0, nil), func(p Payment) string { return p.ID }), "organizationId"
		}},
	{"Admin.ListUsersIter", "GET /admin/users", "users", `{"id":%d}`, "%d", "admin:read",
		func(ctx context.Context, c *Client, limit int) (iter.Seq2[string, error], *ListOptions) {
			opts := &AdminListUsersOptions{OrganizationID: 1, ListOptions: ListOptions{Limit: limit}}
			return idsOf(c.Admin.ListUsersIter(ctx, opts), adminUserID), &opts.ListOptions
		},
		func(ctx context.Context, c *Client) (iter.Seq2[string, error], string) {
			opts := &AdminListUsersOptions{ListOptions: ListOptions{Offset: -1}}
			return idsOf(c.Admin.ListUsersIter(ctx, opts), adminUserID), "pg[offset]"
		}},
	{"Admin.ListUserDetailsIter", "GET /admin/users-detail", "users", `{"id":%d}`, "%d", "admin:read",
		func(ctx context.Context, c *Client, limit int) (iter.Seq2[string, error], *ListOptions) {
			opts := &ListUserDetailsOptions{Name: "a", ListOptions: ListOptions{Limit: limit}}
			return idsOf(c.Admin.ListUserDetailsIter(ctx, opts), adminUserID), &opts.ListOptions
		},
		func(ctx context.Context, c *Client) (iter.Seq2[string, error], string) {
			return idsOf(c.Admin.ListUserDetailsIter(ctx, &ListUserDetailsOptions{ID: -1}), adminUserID), "id"
		}},
	{"Admin.ListTeamsIter", "GET /admin/teams", "teams", `{"id":%d}`, "%d", "admin:read",
		func(ctx context.Context, c *Client, limit int) (iter.Seq2[string, error], *ListOptions) {
			opts := &AdminListTeamsOptions{OrganizationID: 1, ListOptions: ListOptions{Limit: limit}}
			return idsOf(c.Admin.ListTeamsIter(ctx, opts), teamIDOf), &opts.ListOptions
		},
		func(ctx context.Context, c *Client) (iter.Seq2[string, error], string) {
			return idsOf(c.Admin.ListTeamsIter(ctx, &AdminListTeamsOptions{OrganizationID: -1}), teamIDOf), "organizationId"
		}},
	{"Teams.ListIter", "GET /teams", "teams", `{"id":%d}`, "%d", "teams:read",
		func(ctx context.Context, c *Client, limit int) (iter.Seq2[string, error], *ListOptions) {
			opts := &ListTeamsOptions{Cols: []string{"id", "name"}, ListOptions: ListOptions{Limit: limit}}
			return idsOf(c.Teams.ListIter(ctx, 1, opts), teamIDOf), &opts.ListOptions
		},
		func(ctx context.Context, c *Client) (iter.Seq2[string, error], string) {
			return idsOf(c.Teams.ListIter(ctx, 0, nil), teamIDOf), "organizationId"
		}},
	{"Teams.ListUserRolesIter", "GET /teams/5/user-team-roles", "userTeamRoles", `{"userId":%d,"teamId":5}`, "%d", "teams:read",
		func(ctx context.Context, c *Client, limit int) (iter.Seq2[string, error], *ListOptions) {
			opts := &ListTeamUserRolesOptions{Cols: []string{"userId", "teamId"}, ListOptions: ListOptions{Limit: limit}}
			return idsOf(c.Teams.ListUserRolesIter(ctx, 5, opts), func(r UserTeamRole) string { return strconv.FormatInt(r.UserID, 10) }), &opts.ListOptions
		},
		func(ctx context.Context, c *Client) (iter.Seq2[string, error], string) {
			return idsOf(c.Teams.ListUserRolesIter(ctx, 0, nil), func(r UserTeamRole) string { return "" }), "teamId"
		}},
}

// TestIterators_CoverEveryIter keeps iterators complete: a new ...Iter
// method must be added there, and so is held to the iterator's contract.
func TestIterators_CoverEveryIter(t *testing.T) {
	var want, listed []string
	for _, m := range exportedMethods() {
		if strings.HasSuffix(m, "Iter") {
			want = append(want, m)
		}
	}
	for _, tc := range iterators {
		listed = append(listed, tc.name)
	}
	sort.Strings(listed)
	assert.Equal(t, want, listed)
}

// TestIterators holds every ...Iter method to the iterator's contract
// (STYLE rule 12): nothing is fetched before it is ranged over; every item
// once, page after page, each page asked with the caller's other options;
// the caller's options unchanged; breaking out fetches no further page; an
// API error is yielded once and ends the iteration; options refused before
// sending are yielded as one error, and nothing is sent.
func TestIterators(t *testing.T) {
	for _, tc := range iterators {
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			var offsets []string
			var queries []url.Values
			mux.HandleFunc(tc.route, func(w http.ResponseWriter, r *http.Request) {
				q := r.URL.Query()
				q.Del("pg[offset]")
				queries = append(queries, q)
				pagedHandler(t, tc.key, tc.item, 7, &offsets)(w, r)
			})
			seq, opts := tc.list(ctx(t), client, 3)
			assert.Empty(t, offsets, "the iterator must not fetch before it is ranged over")
			var ids []string
			for id, err := range seq {
				require.NoError(t, err)
				ids = append(ids, id)
			}
			var want []string
			for i := range 7 {
				want = append(want, fmt.Sprintf(tc.id, 100-i))
			}
			assert.Equal(t, want, ids)
			assert.Equal(t, []string{"", "3", "6"}, offsets)
			require.Len(t, queries, 3)
			assert.Equal(t, "3", queries[0].Get("pg[limit]"))
			assert.Equal(t, []url.Values{queries[0], queries[0], queries[0]}, queries, "every page keeps the other options")
			assert.Equal(t, &ListOptions{Limit: 3}, opts, "the caller's options are unchanged")

			offsets = nil
			seq, _ = tc.list(ctx(t), client, 3)
			for range seq {
				break
			}
			assert.Equal(t, []string{""}, offsets, "breaking out early fetches no further page")
		})
		t.Run(tc.name+"/error", func(t *testing.T) {
			client, mux := setup(t)
			calls := 0
			var offsets []string
			mux.HandleFunc(tc.route, func(w http.ResponseWriter, r *http.Request) {
				if calls++; calls == 2 {
					forbidden(w, r)
					return
				}
				pagedHandler(t, tc.key, tc.item, 100, &offsets)(w, r)
			})
			seq, _ := tc.list(ctx(t), client, 2)
			items := 0
			var errs []error
			for _, err := range seq {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				items++
			}
			assert.Equal(t, 2, items, "the first page's items")
			require.Len(t, errs, 1, "an error is yielded once")
			testAPIError(t, errs[0], tc.scope)
			assert.Equal(t, 2, calls, "the iteration ends with the error")
		})
		t.Run(tc.name+"/refused", func(t *testing.T) {
			client, mux := setup(t)
			noRequests(t, mux)
			seq, field := tc.bad(ctx(t), client)
			n := 0
			for _, err := range seq {
				n++
				testRefused(t, err, field)
			}
			assert.Equal(t, 1, n, "bad options yield one error")
		})
	}
}
