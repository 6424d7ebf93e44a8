package make

import (
	"context"
	"iter"

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
	Limit   int     `url:"pg[limit],omitempty"`   // entities per page
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

// paged is what every paginated options struct is: it embeds ListOptions.
type paged interface{ listOptions() *ListOptions }

// encodeQuery is the one query encoder of the SDK: it turns an options
// struct's `url` tags into a query string (pg[...] keys, cols[] and other
// bracketed arrays repeated per value). A nil options value encodes to "".
func encodeQuery(opts any) (string, error) {
	if opts == nil {
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

// defaultPageSize is the page size the iterators ask for when the caller's
// options leave pg[limit] unset.
const defaultPageSize = 100

// page is one response of a paginated list: its items and its "pg".
type page[T any] interface {
	pageItems() ([]T, Pagination)
}

// listIter is the one lazy iterator behind every ...Iter method: give it the
// List method (listIter[User](ctx, opts, s.List)). It copies the caller's
// options (never mutating them), fetches nothing until ranged over, advances
// pg[offset] by the number of items each page held (so no item is repeated
// or dropped), stops after a short page, and yields an error once and stops.
func listIter[T any, O any, PO interface {
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
			lo.Limit = defaultPageSize
		}
		for {
			pg, err := list(ctx, po)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			items, info := pg.pageItems()
			for _, item := range items {
				if !yield(item, nil) {
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
		}
	}
}
