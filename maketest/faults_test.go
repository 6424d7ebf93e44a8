package maketest

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// A fault that only delays leaves the answer as it would be without it: the
// rate limit still counts and refuses (issue 20, item 9), a 404 stays a 404,
// and the delay is served.
func TestFaultDelayOnlyKeepsTheAnswer(t *testing.T) {
	s := New(WithRateLimit(2))
	defer s.Close()
	const delay = 20 * time.Millisecond
	s.InjectFault(Fault{Delay: delay, Times: -1})
	var got []int
	start := time.Now()
	for range 5 {
		got = append(got, doReq(t, s, "GET", "/users/me", DefaultToken, nil).status)
	}
	if want := []int{200, 200, 429, 429, 429}; !slices.Equal(got, want) {
		t.Fatalf("statuses = %v, want %v", got, want)
	}
	if el := time.Since(start); el < 5*delay {
		t.Fatalf("five delayed answers took %v, want at least %v", el, 5*delay)
	}
	s.SetRateLimit(0)
	expectStatus(t, doReq(t, s, "GET", "/no/such/route", DefaultToken, nil), 404, CodeNotFound)
	expectStatus(t, doReq(t, s, "GET", "/users/me", "", nil), 401, CodeInvalidCredentials)
	if s.PendingFaults() != 1 {
		t.Fatalf("the unlimited fault is still queued: %d", s.PendingFaults())
	}

	// A fault with a failure and a delay serves the failure, in place of
	// the rate limit's answer.
	s.ClearFaults()
	s.SetRateLimit(1)
	s.InjectFault(Fault{Delay: delay, Status: 503, Body: MakeErrorBody("Down", "SC503", ""), Times: 2})
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 503, "SC503")
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 503, "SC503")
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 200, "")
	r := doReq(t, s, "GET", "/users/me", DefaultToken, nil)
	if r.status != 429 || !strings.Contains(string(r.raw), CodeRateLimited) {
		t.Fatalf("after the fault: %d %s", r.status, r.raw)
	}
}
