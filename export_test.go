package make

import (
	"reflect"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// The SDK's tests are in package make_test with a dot import of package make
// (the form Go's code review comments give for this case): they use maketest,
// which imports make, so they cannot be part of package make without an import
// cycle. This file, compiled into package make for tests only, exposes the
// unexported names they check.

// Constants the tests compare sizes with.
const (
	MaxErrorBody     = maxErrorBody
	FirstReadBytes   = firstReadBytes
	MaxResponseBytes = maxResponseBytes
)

// Unexported functions under test.
var (
	Shorten         = shorten
	Backoff         = backoff
	DecodeAPIError  = decodeError
	EncodeQuery     = encodeQuery
	Invalid         = invalid
	NeverConnected  = neverConnected
	ParseRetryAfter = parseRetryAfter
)

// VariableValueOfType returns a VariableValue of any type number, known or not.
func VariableValueOfType(t VariableType) VariableValue { return VariableValue{typ: t} }

// ListOptionsOf returns the ListOptions embedded in a paginated options
// struct (a pointer), or nil if opts is not one.
func ListOptionsOf(opts any) *ListOptions {
	if p, ok := opts.(paged); ok {
		return p.listOptions()
	}
	return nil
}

// LimiterForTest returns the client's limiter.
func (c *Client) LimiterForTest() Limiter { return c.limiter }

// RetryClientForTest returns the client's retryablehttp client.
func (c *Client) RetryClientForTest() *retryablehttp.Client { return c.rc }

// JSONFields returns the JSON keys of a struct type and their Go types, as
// the decoder's field index holds them.
func JSONFields(t reflect.Type) map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for _, f := range fieldsOf(t).list {
		m[f.name] = f.typ
	}
	return m
}

// KnownKey reports whether the struct type t decodes the key into a field.
func KnownKey(key []byte, t reflect.Type) bool { return fieldsOf(t).has(key) }

// HasUnknownKey reports whether the JSON object b has a top-level key the
// struct type t does not decode.
func HasUnknownKey(b []byte, t reflect.Type) bool { return hasUnknownKey(b, fieldsOf(t)) }

// SingleStringList returns a StringList as Make sends it in one string.
func SingleStringList(v string) StringList {
	return StringList{values: []string{v}, single: true, set: true}
}

// ForgetRaw drops what a license kept of Make's JSON, so that two licenses
// compare by their fields (and Extra).
func (l *OrganizationLicense) ForgetRaw() { l.raw = openObject{} }

// ForgetRaw drops what a history entry kept of Make's JSON.
func (e *OrganizationVariableHistoryEntry) ForgetRaw() { e.raw = openObject{} }

// Internals of the request path that issue 10's tests check.
var (
	CheckDecodedSize = checkDecodedSize
	ReadValue        = readValue
	NetworkError     = networkError
	DefaultTransport = defaultTransport
	DecodeBudget     = decodeBudget
)

// HoldsSecret reports whether values of t can hold a Secret in a field, an
// element or behind a pointer, at any depth (not through an interface): the
// walk the scrubber makes.
func HoldsSecret(t reflect.Type) bool { return reachesSecret(t, false, map[reflect.Type]bool{}) }

// Constants of the request path.
const (
	ScopeMailhubUndocumented = scopeMailhubUndocumented
	SliceGrowth              = sliceGrowth
	Redacted                 = redacted
)

// Internals of the rate limiter and the iterators.
const (
	MaxRateLimitPause = maxRateLimitPause
	MaxUsersPageSize  = maxUsersPageSize
)

var (
	NewWindowRateLimiter = newRateLimiter
	RateInterval         = rateInterval
)

// NextForTest is the limiter's schedule: see next.
func (l *RateLimiter) NextForTest(now, deadline time.Time) (time.Duration, bool, <-chan struct{}) {
	return l.next(now, deadline)
}

// BackoffAtForTest pauses the limiter as a 429 at now would.
func (l *RateLimiter) BackoffAtForTest(now time.Time, d time.Duration) { l.backoffAt(now, d) }

// SetLimiterForTest replaces the client's limiter.
func (c *Client) SetLimiterForTest(l Limiter) { c.limiter = l }

// EnvelopeKeys returns the keys a result of type t (a pointer to a struct)
// must hold.
func EnvelopeKeys(t reflect.Type) []string {
	var keys []string
	for _, f := range envelopeOf(t) {
		keys = append(keys, f.key)
	}
	return keys
}

// EnvelopeTypes returns the result types whose envelope was looked at.
func EnvelopeTypes() []reflect.Type {
	var out []reflect.Type
	envelopeCache.Range(func(k, _ any) bool {
		out = append(out, k.(reflect.Type))
		return true
	})
	return out
}
