package make

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"slices"

	"github.com/google/go-querystring/query"
)

// SortDir is a sort direction for pg[sortDir].
type SortDir string

// The two sort directions.
const (
	SortAsc  SortDir = "asc"
	SortDesc SortDir = "desc"
)

// ListOptions are Make's offset pagination parameters. Every paginated
// XxxOptions embeds them; zero values are not sent, so the server's defaults
// apply.
type ListOptions struct {
	Offset  int     `url:"pg[offset],omitempty"`  // entities to skip
	Limit   int     `url:"pg[limit],omitempty"`   // entities per page; 0: the server's default (List), the endpoint's largest page (...Iter)
	SortBy  string  `url:"pg[sortBy],omitempty"`  // property to sort by
	SortDir SortDir `url:"pg[sortDir],omitempty"` // asc or desc
}

// Pagination is the "pg" object Make returns with a page.
type Pagination struct {
	SortBy   string  `json:"sortBy,omitempty"`
	SortDir  SortDir `json:"sortDir,omitempty"`
	Limit    int     `json:"limit,omitempty"`
	Offset   int     `json:"offset,omitempty"`
	Last     string  `json:"last,omitempty"`     // only with last-based pagination
	ShowLast bool    `json:"showLast,omitempty"` // only with last-based pagination
}

// listOptions gives the generic iterator access to the embedded ListOptions.
func (o *ListOptions) listOptions() *ListOptions { return o }

// validate refuses what Make cannot page by.
func (o *ListOptions) validate() error {
	switch {
	case o.Offset < 0:
		return invalid("pg[offset]", "must not be negative, got %d", o.Offset)
	case o.Limit < 0:
		return invalid("pg[limit]", "must not be negative, got %d", o.Limit)
	case o.SortDir != "" && o.SortDir != SortAsc && o.SortDir != SortDesc:
		return invalid("pg[sortDir]", "must be %q or %q, got %q", SortAsc, SortDesc, o.SortDir)
	}
	return nil
}

// paged is what every paginated options struct is: it embeds ListOptions,
// and knows its endpoint's page size.
type paged interface {
	listOptions() *ListOptions
	pageSize() int
}

// encodeQuery is the one query encoder of the SDK: it turns an options
// struct's `url` tags into a query string (pg[...] keys, cols[] and other
// bracketed arrays repeated per value). A nil options value, or a nil
// pointer to one (a method's options left out), encodes to "" without
// go-querystring's empty url.Values.
func encodeQuery(opts any) (string, error) {
	if opts == nil {
		return "", nil
	}
	if rv := reflect.ValueOf(opts); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return "", nil
	}
	v, err := query.Values(opts)
	if err != nil {
		return "", err
	}
	return v.Encode(), nil
}

// Ptr returns a pointer to v, for optional fields whose zero value means
// something (filterByTeamId=0, tfaStatus=0, deleteConnections=false).
func Ptr[T any](v T) *T { return &v }

// The page sizes the iterators ask for when the caller's options leave
// pg[limit] unset: the largest page each endpoint documents, since Make
// counts calls, not items, against an organization's per-minute limit.
const (
	// maxOrganizationsPageSize is GET /organizations' documented default
	// (the pg.limit of recorded responses sent without pg[limit]).
	maxOrganizationsPageSize = 10000
	// defaultPageSize is asked of endpoints whose catalogue entry documents
	// no maximum (payments, the admin user lists): a page size every
	// endpoint accepts.
	defaultPageSize = 100
)

// pageSize is the pg[limit] an iterator asks for by default; an options
// type whose endpoint documents a larger page overrides it.
func (*ListOptions) pageSize() int { return defaultPageSize }

// pageSize: GET /users documents pg[limit] up to 10000.
func (*ListUsersOptions) pageSize() int { return maxUsersPageSize }

// pageSize: GET /organizations documents a default page of 10000.
func (*ListOrganizationsOptions) pageSize() int { return maxOrganizationsPageSize }

// ErrPageRepeated is the error an ...Iter yields, and stops on, when a page
// holds exactly the items of the page before it: the server ignored
// pg[offset], and paging on would never end.
var ErrPageRepeated = errors.New("make: the server sent the same page again; pg[offset] seems ignored")

// page is one response of a paginated list: its items and its "pg".
type page[T any] interface {
	pageItems() ([]T, Pagination)
}

// itemKey identifies an item of a list across pages: its ID.
type itemKey struct {
	n int64
	s string
}

// keyed is what the item of every paginated list is: it has an ID.
type keyed interface{ pageKey() itemKey }

func (u *User) pageKey() itemKey         { return itemKey{n: u.ID} }
func (o *Organization) pageKey() itemKey { return itemKey{n: o.ID} }
func (u *AdminUser) pageKey() itemKey    { return itemKey{n: u.ID} }
func (p *Payment) pageKey() itemKey      { return itemKey{s: p.ID} }

// listIter is the one lazy iterator behind every ...Iter method: give it the
// List method (listIter[User](ctx, opts, s.List)). It copies the caller's
// options (never mutating them), fetches nothing until ranged over, asks for
// the endpoint's largest page unless the options set pg[limit], advances
// pg[offset] by the number of items each page held, stops after a short page,
// and yields an error once and stops.
//
// Offset paging over a list that changes meanwhile shifts items between
// pages: an item inserted before the offset pushes the previous page's last
// item into the next page, where it is dropped (it was yielded already, as
// its ID tells); an item deleted before the offset pulls one item back into
// the previous page's range, where it is never seen. A page with exactly the
// previous page's items means the server ignores pg[offset]: the iterator
// yields ErrPageRepeated instead of looping forever.
func listIter[T any, PT interface {
	*T
	keyed
}, O any, PO interface {
	*O
	paged
}, P page[T]](ctx context.Context, opts PO, list func(context.Context, PO) (P, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var o O
		if opts != nil {
			o = *opts
		}
		po := PO(&o)
		lo := po.listOptions()
		if lo.Limit == 0 {
			lo.Limit = po.pageSize()
		}
		var prev, cur []itemKey        // the keys of the previous and this page, in order
		seen := map[itemKey]struct{}{} // prev as a set
		for {
			pg, err := list(ctx, po)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			items, info := pg.pageItems()
			cur = cur[:0]
			for i := range items {
				cur = append(cur, PT(&items[i]).pageKey())
			}
			if len(cur) > 0 && slices.Equal(cur, prev) {
				var zero T
				yield(zero, fmt.Errorf("%w (pg[offset]=%d, %d items)", ErrPageRepeated, lo.Offset, len(cur)))
				return
			}
			for i := range items {
				if _, dup := seen[cur[i]]; dup {
					continue // yielded by the previous page: the list grew before the offset
				}
				if !yield(items[i], nil) {
					return
				}
			}
			// A server may cap pg[limit] below what was asked; its pg tells.
			limit := lo.Limit
			if info.Limit > 0 && info.Limit < limit {
				limit = info.Limit
			}
			if len(items) == 0 || len(items) < limit {
				return
			}
			lo.Offset += len(items)
			clear(seen)
			for _, k := range cur {
				seen[k] = struct{}{}
			}
			prev, cur = cur, prev
		}
	}
}
