package maketest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// pageConfig describes the pg[...] parameters of one list endpoint.
type pageConfig struct {
	SortFields     []string // allowed pg[sortBy] values
	DefaultSortBy  string
	DefaultSortDir string // "asc" or "desc"
	DefaultLimit   int
	MaxLimit       int
}

// page is the parsed pg[...] of a request; it encodes as the "pg" envelope.
type page struct {
	SortBy  string `json:"sortBy"`
	SortDir string `json:"sortDir"`
	Limit   int    `json:"limit"`
	Offset  int    `json:"offset"`
}

var knownPg = []string{"pg[offset]", "pg[limit]", "pg[sortBy]", "pg[sortDir]"}

// page parses and validates pg[offset], pg[limit], pg[sortBy], pg[sortDir].
func (c *call) page(cfg pageConfig) (page, error) {
	for k := range c.query {
		if strings.HasPrefix(k, "pg[") && !contains(knownPg, k) {
			return page{}, errInvalid(k, "is not a supported pagination parameter; use %s.", strings.Join(knownPg, ", "))
		}
	}
	p := page{SortBy: cfg.DefaultSortBy, SortDir: cfg.DefaultSortDir, Limit: cfg.DefaultLimit}
	if raw := c.query.Get("pg[offset]"); c.query.Has("pg[offset]") {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 {
			return page{}, errInvalid("pg[offset]", "must be a non-negative integer, got %q.", raw)
		}
		p.Offset = n
	}
	if raw := c.query.Get("pg[limit]"); c.query.Has("pg[limit]") {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > cfg.MaxLimit {
			return page{}, errInvalid("pg[limit]", "must be an integer between 1 and %d, got %q.", cfg.MaxLimit, raw)
		}
		p.Limit = n
	}
	if raw := c.query.Get("pg[sortBy]"); c.query.Has("pg[sortBy]") {
		if !contains(cfg.SortFields, raw) {
			return page{}, errInvalid("pg[sortBy]", "must be one of %s, got %q.", strings.Join(cfg.SortFields, ", "), raw)
		}
		p.SortBy = raw
	}
	if raw := c.query.Get("pg[sortDir]"); c.query.Has("pg[sortDir]") {
		if raw != "asc" && raw != "desc" {
			return page{}, errInvalid("pg[sortDir]", "must be asc or desc, got %q.", raw)
		}
		p.SortDir = raw
	}
	return p, nil
}

// sortPage sorts items by p.SortBy/p.SortDir (key returns the field's value:
// string, integer, bool or nil), ties broken by id, so the order is total and
// stable across pages; then it returns the page's window.
func sortPage[T any](items []T, p page, key func(item T, field string) any, id func(T) int64) []T {
	sorted := append([]T(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool {
		c := compareValues(key(sorted[i], p.SortBy), key(sorted[j], p.SortBy))
		if c == 0 {
			c = cmpInt(id(sorted[i]), id(sorted[j]))
		}
		if p.SortDir == "desc" {
			return c > 0
		}
		return c < 0
	})
	if p.Offset >= len(sorted) {
		return []T{}
	}
	end := len(sorted)
	if p.Limit > 0 && p.Offset+p.Limit < end {
		end = p.Offset + p.Limit
	}
	return sorted[p.Offset:end]
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareValues orders nil first, then numbers, bools and strings (strings
// case-insensitively, then byte-wise).
func compareValues(a, b any) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return -1
		}
		return 1
	}
	switch x := a.(type) {
	case string:
		y, _ := b.(string)
		if c := strings.Compare(strings.ToLower(x), strings.ToLower(y)); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	case bool:
		y, _ := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case int:
		return cmpInt(int64(x), toInt64(b))
	case int64:
		return cmpInt(x, toInt64(b))
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int64:
		return x
	}
	return 0
}
