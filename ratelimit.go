package make

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter paces the client's requests. The client calls Wait before every
// attempt (retries included) and sends nothing when Wait returns an error;
// it calls Backoff when Make answers 429 anyway, so that the whole client,
// not only the refused call, waits for the budget to come back.
//
// WithRateLimit builds a *RateLimiter (one process); WithLimiter takes any
// Limiter, such as the Redis-backed one of the
// github.com/make-sdk/make-go/redislimit module, which shares one budget
// between processes and machines. A Limiter must be safe for concurrent use.
type Limiter interface {
	// Wait blocks until one request may be sent. It returns ctx's error when
	// ctx is done first, and an error wrapping context.DeadlineExceeded at
	// once when no slot comes before ctx's deadline.
	Wait(ctx context.Context) error
	// Backoff reports a 429: no request should be sent for d (the server's
	// Retry-After). Later calls extend the pause, never shorten it.
	Backoff(d time.Duration)
}

// rateAdjuster is a Limiter that Client.SetRateLimit can adjust in place.
type rateAdjuster interface {
	SetRateLimit(perMinute int) error
}

// maxRateLimitPause caps how long one 429 pauses the whole client: Make's
// limits are per minute, so no longer Retry-After is genuine.
const maxRateLimitPause = time.Minute

// RateLimiter is the Limiter of WithRateLimit: a token bucket
// (golang.org/x/time/rate) that sends at most perMinute requests in any
// window of one minute, so that a server enforcing the same limit never
// answers 429. It holds a burst of one request and then one request every
// minute/(perMinute-1): the first minute carries perMinute requests, each
// minute after it perMinute-1, and any 60-second window at most perMinute
// even when requests reach the server up to one interval late or early.
// Concurrent callers queue for the tokens in turn.
//
// It is adjusted in place (SetRateLimit): callers already waiting follow the
// new limit, and applying the same limit again changes nothing. Its zero
// value is not usable; use NewRateLimiter.
type RateLimiter struct {
	mu          sync.Mutex
	perMinute   int           // 0: off
	window      time.Duration // one minute; shorter only in tests
	lim         *rate.Limiter
	pausedUntil time.Time
	changed     chan struct{} // closed and replaced when the limit or the pause changes
}

// NewRateLimiter returns a RateLimiter sending at most perMinute requests a
// minute; 0 means no limit (until SetRateLimit sets one). A negative
// perMinute is treated as 0; WithRateLimit and SetRateLimit refuse it.
func NewRateLimiter(perMinute int) *RateLimiter {
	return newRateLimiter(max(perMinute, 0), time.Minute)
}

func newRateLimiter(perMinute int, window time.Duration) *RateLimiter {
	l := &RateLimiter{window: window, changed: make(chan struct{})}
	l.lim = rate.NewLimiter(l.rateFor(perMinute), 1)
	l.perMinute = perMinute
	return l
}

// rateFor is the token rate that keeps any window at perWindow requests:
// one burst token plus perWindow-1 refills a window.
func (l *RateLimiter) rateFor(perWindow int) rate.Limit {
	if perWindow <= 0 {
		return rate.Inf
	}
	return rate.Every(rateInterval(perWindow, l.window))
}

// rateInterval is the spacing between requests when at most perWindow may
// fall in any window, its ends included: window/(perWindow-1), or a 60th more
// than the window for perWindow 1.
func rateInterval(perWindow int, window time.Duration) time.Duration {
	if perWindow <= 1 {
		return window + window/60
	}
	return window / time.Duration(perWindow-1)
}

// Interval returns the spacing between requests once the burst of one is
// spent: a minute/(limit-1) (61 s for a limit of 1), 0 without a limit. n
// requests in a row take (n-1) intervals: 10 pages at 60 a minute, 9.15 s.
func (l *RateLimiter) Interval() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.perMinute == 0 {
		return 0
	}
	return rateInterval(l.perMinute, l.window)
}

// Limit returns the limit in requests a minute; 0 means none.
func (l *RateLimiter) Limit() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.perMinute
}

// SetRateLimit changes the limit in place: requests already sent still
// count, callers already waiting wait for the new limit (at once for 0, which
// turns the limit off), and the same limit again changes nothing.
func (l *RateLimiter) SetRateLimit(perMinute int) error {
	if perMinute < 0 {
		return invalid("rateLimit", "must not be negative, got %d", perMinute)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if perMinute == l.perMinute {
		return nil
	}
	if l.perMinute == 0 {
		// From off to on: start with the one request of the burst.
		l.lim = rate.NewLimiter(l.rateFor(perMinute), 1)
	} else {
		l.lim.SetLimitAt(time.Now(), l.rateFor(perMinute))
	}
	l.perMinute = perMinute
	l.notifyLocked()
	return nil
}

// Backoff pauses every caller for d from now (a 429's Retry-After); a pause
// already longer stays.
func (l *RateLimiter) Backoff(d time.Duration) { l.backoffAt(time.Now(), d) }

func (l *RateLimiter) backoffAt(now time.Time, d time.Duration) {
	if d <= 0 {
		return
	}
	until := now.Add(min(d, maxRateLimitPause))
	l.mu.Lock()
	defer l.mu.Unlock()
	if until.After(l.pausedUntil) {
		l.pausedUntil = until
		l.notifyLocked()
	}
}

func (l *RateLimiter) notifyLocked() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// errNoSlot is the error of a wait that would pass the context's deadline:
// to the caller that is the deadline, met early.
var errNoSlot = fmt.Errorf("make: no rate-limit slot before the context's deadline: %w", context.DeadlineExceeded)

// Wait blocks until a request may be sent: after any pause a 429 started, and
// when the token bucket has a token for it. Callers queue: each reserves the
// next token and sleeps until it is due, so requests follow each other at
// the exact spacing even when a waiter wakes late. A wait that would pass the
// context's deadline is refused before anything is reserved. A change of the
// limit or a new pause wakes the waiters to queue again by the new rule; the
// tokens they had reserved are not given back (a slot may be lost, never
// spent twice).
func (l *RateLimiter) Wait(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		now := time.Now()
		deadline, _ := ctx.Deadline()
		d, reserved, changed := l.next(now, deadline)
		switch {
		case d == 0:
			return nil
		case !reserved && !deadline.IsZero() && deadline.Before(now.Add(d)):
			return errNoSlot
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
			select {
			case <-changed: // a pause began or the limit changed meanwhile
				continue
			default:
			}
			if reserved {
				return nil // our token is due
			}
			// The pause is over: queue for a token.
		case <-changed:
			t.Stop()
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// next decides at now: 0 sends at once; else d is the wait until the token
// it reserved for the caller (reserved true), or until a pause ends or, when
// the token would come after deadline (if not zero), until it would come
// (reserved false). changed is closed when the decision is outdated.
func (l *RateLimiter) next(now, deadline time.Time) (d time.Duration, reserved bool, changed <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case now.Before(l.pausedUntil):
		return l.pausedUntil.Sub(now), false, l.changed
	case l.perMinute == 0, l.lim.AllowN(now, 1): // no allocation on the fast path
		return 0, true, l.changed
	}
	missing := 1 - l.lim.TokensAt(now)
	d = time.Duration(math.Ceil(missing / float64(l.lim.Limit()) * float64(time.Second)))
	if !deadline.IsZero() && deadline.Before(now.Add(d)) {
		return d, false, l.changed
	}
	r := l.lim.ReserveN(now, 1)
	return r.DelayFrom(now), true, l.changed
}

// WithRateLimit makes the client send at most perMinute requests in any
// minute (every attempt counts; see RateLimiter), waiting with the caller's
// context when it is ahead. Make limits requests per organization per minute
// by plan (60, 120, 240, 1000); Organization.License.APILimit tells yours.
// 0 means no limit. Several processes sharing one organization's budget
// need one shared Limiter instead (WithLimiter; the last of the two wins).
func WithRateLimit(perMinute int) Option {
	return func(c *Client) error {
		if perMinute < 0 {
			return invalid("rateLimit", "must not be negative, got %d", perMinute)
		}
		c.limiter = NewRateLimiter(perMinute)
		return nil
	}
}

// WithLimiter makes the client pace its requests with l, e.g. a limiter that
// several processes share (github.com/make-sdk/make-go/redislimit). Of
// WithLimiter and WithRateLimit, the last given wins.
func WithLimiter(l Limiter) Option {
	return func(c *Client) error {
		if l == nil {
			return invalid("limiter", "must not be nil")
		}
		c.limiter = l
		return nil
	}
}

// SetRateLimit changes the client-side rate limit while the client is in use,
// e.g. to the organization's own limit once it is known:
//
//	org, err := client.Organizations.Get(ctx, orgID, nil)
//	if perMinute, ok := org.APILimit(); ok {
//		client.SetRateLimit(perMinute)
//	}
//
// The limiter is adjusted in place: calls already waiting follow the new
// limit, and the same limit again changes nothing. 0 turns the limit off. A
// Limiter given to WithLimiter is adjusted when it has a
// SetRateLimit(perMinute int) error method; otherwise SetRateLimit returns a
// *ValidationError.
func (c *Client) SetRateLimit(perMinute int) error {
	if perMinute < 0 {
		return invalid("rateLimit", "must not be negative, got %d", perMinute)
	}
	a, ok := c.limiter.(rateAdjuster)
	if !ok {
		return invalid("rateLimit", "the client's Limiter (%T) cannot be adjusted; adjust it directly", c.limiter)
	}
	return a.SetRateLimit(perMinute)
}

// wait takes a slot of the client's limiter before an attempt.
func (c *Client) wait(ctx context.Context) error {
	if err := c.limiter.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	return nil
}

// prepareRetry waits for the limiter before each retry: retries count
// against Make's limit too.
func (c *Client) prepareRetry(req *http.Request) error { return c.wait(req.Context()) }

// rateLimited pauses the whole client after a 429 for as long as the refused
// call waits before its retry, wait (the server's Retry-After, capped by
// RetryConfig.MaxWait, else the exponential wait; see backoff), at most
// maxRateLimitPause, and returns the pause.
func (c *Client) rateLimited(wait time.Duration) time.Duration {
	d := clamp(wait, maxRateLimitPause)
	c.limiter.Backoff(d)
	return d
}
