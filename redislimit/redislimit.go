// Package redislimit shares one Make API rate budget between processes and
// machines. Make limits calls per organization per minute (60, 120, 240 or
// 1000 by plan); workers that each pace themselves with
// make.WithRateLimit overrun that budget together and collect 429s. A
// Limiter keeps the budget in Redis instead, with the GCRA of
// github.com/go-redis/redis_rate, so every client given a Limiter with the
// same key (in any process, on any machine) draws from one budget:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
//	lim, err := redislimit.New(rdb, "org:12345", 120) // Make's Pro plan
//	client, err := make.NewClient(make.ZoneEU1, token, make.WithLimiter(lim))
//
// The budget is spent as make.RateLimiter spends it: never more than the
// limit in any 60-second window (Redis's own clock decides, so the machines'
// clocks do not matter), and a 429 that still arrives pauses every client of
// the key for its Retry-After.
//
// When Redis cannot be reached the Limiter fails closed: Wait returns an
// error wrapping ErrUnavailable, and the call it guards returns that error
// without sending anything. WithFallback names a limiter to use instead
// while Redis is unreachable (typically a make.NewRateLimiter sized at this
// process's share of the budget).
//
// This package is its own module, so that the SDK's module gains no Redis
// dependency.
package redislimit

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	makeapi "github.com/make-sdk/make-go"
)

// ErrUnavailable is wrapped by the error of Wait when Redis cannot be
// reached and the Limiter has no fallback.
var ErrUnavailable = errors.New("redislimit: Redis is unavailable")

// errNoSlot is the error of a wait that would pass the context's deadline.
var errNoSlot = fmt.Errorf("redislimit: no rate-limit slot before the context's deadline: %w", context.DeadlineExceeded)

// maxPause caps one Backoff, as make.RateLimiter does: Make's limits are per
// minute.
const maxPause = time.Minute

// Limiter is a make.Limiter whose budget lives in Redis under a key. It is
// safe for concurrent use, and is adjusted in place by SetRateLimit (which
// Client.SetRateLimit calls).
type Limiter struct {
	rdb      redis.UniversalClient
	rl       *redis_rate.Limiter
	key      string
	window   time.Duration // one minute; shorter only in tests
	fallback makeapi.Limiter

	mu          sync.Mutex
	perMinute   int       // 0: off
	pausedUntil time.Time // this process's own copy of the shared pause
	changed     chan struct{}
}

// Option configures a Limiter in New.
type Option func(*Limiter)

// WithFallback makes Wait use l while Redis cannot be reached, instead of
// failing with ErrUnavailable. A fallback sized at the whole budget lets
// every process spend all of it, which Make answers with 429s (and the
// clients with pauses); size it at this process's share.
func WithFallback(l makeapi.Limiter) Option {
	return func(lim *Limiter) { lim.fallback = l }
}

// New returns a Limiter allowing perMinute requests a minute to all clients
// that use key on the Redis server (or cluster) rdb; 0 means no limit.
// Choose one key per Make organization, e.g. "org:12345". New does no I/O.
func New(rdb redis.UniversalClient, key string, perMinute int, opts ...Option) (*Limiter, error) {
	switch {
	case rdb == nil:
		return nil, errors.New("redislimit: the Redis client is nil")
	case key == "":
		return nil, errors.New("redislimit: the key is empty")
	case perMinute < 0:
		return nil, fmt.Errorf("redislimit: perMinute must not be negative, got %d", perMinute)
	}
	l := &Limiter{
		rdb:       rdb,
		rl:        redis_rate.NewLimiter(rdb),
		key:       key,
		window:    time.Minute,
		perMinute: perMinute,
		changed:   make(chan struct{}),
	}
	for _, opt := range opts {
		if opt != nil {
			opt(l)
		}
	}
	return l, nil
}

// limit is the GCRA limit that keeps any window at perWindow requests, as
// make.RateLimiter does: a burst of one and perWindow-1 more a window.
func limit(perWindow int, window time.Duration) redis_rate.Limit {
	if perWindow <= 1 {
		return redis_rate.Limit{Rate: 1, Burst: 1, Period: window + window/60}
	}
	return redis_rate.Limit{Rate: perWindow - 1, Burst: 1, Period: window}
}

func (l *Limiter) rateKey() string  { return "make-go:" + l.key }
func (l *Limiter) pauseKey() string { return "make-go:pause:" + l.key }

// SetRateLimit changes the shared limit as this process applies it (every
// process sharing the key should apply the same). Callers already waiting
// follow the new limit; the same limit again changes nothing; 0 turns the
// limit off.
func (l *Limiter) SetRateLimit(perMinute int) error {
	if perMinute < 0 {
		return fmt.Errorf("redislimit: perMinute must not be negative, got %d", perMinute)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if perMinute != l.perMinute {
		l.perMinute = perMinute
		l.notifyLocked()
	}
	return nil
}

func (l *Limiter) notifyLocked() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// setPause extends the pause key to now+ARGV[1] ms by Redis's clock, never
// shortening a longer pause.
var setPause = redis.NewScript(`
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ms = tonumber(ARGV[1])
local cur = redis.call("PTTL", KEYS[1])
if cur < ms then
  redis.call("SET", KEYS[1], now + ms, "PX", ms)
end
return 0
`)

// Backoff pauses every client of the key for d (a 429's Retry-After, at most
// a minute). This process pauses even when Redis cannot be reached.
func (l *Limiter) Backoff(d time.Duration) {
	if d <= 0 {
		return
	}
	d = min(d, maxPause)
	until := time.Now().Add(d)
	l.mu.Lock()
	if until.After(l.pausedUntil) {
		l.pausedUntil = until
		l.notifyLocked()
	}
	l.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = setPause.Run(ctx, l.rdb, []string{l.pauseKey()}, d.Milliseconds()).Err() // the local pause stands regardless
}

// Wait blocks until the shared budget allows one request, after any pause a
// 429 started in any process. When Redis cannot be reached it returns an
// error wrapping ErrUnavailable, or waits on the fallback.
//
// Callers queue: each takes the next free slot of the budget in Redis (at
// most one window ahead, and never past its context's deadline) and sleeps
// until that slot comes, so slots follow each other at the budget's exact
// spacing however many processes wait. A slot is lost, never reused, when
// its caller is cancelled, or the limit changes or a pause begins while it
// waits (the caller then takes a new one).
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		now := time.Now()
		d, reserved, changed, err := l.next(ctx, now)
		switch {
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil && l.fallback != nil:
			return l.fallback.Wait(ctx)
		case err != nil:
			return fmt.Errorf("%w: %w", ErrUnavailable, err)
		case d == 0:
			return nil
		}
		if dl, ok := ctx.Deadline(); ok && !reserved && dl.Before(now.Add(d)) {
			return errNoSlot
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
			if reserved {
				return nil // our slot has come
			}
		case <-changed:
			t.Stop()
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// next takes the next free slot of the budget: it returns the wait until
// that slot with reserved true (0: now), or the wait until a slot may be free
// (a pause, or a queue a window long) with reserved false, and a channel
// closed when that answer is outdated.
func (l *Limiter) next(ctx context.Context, now time.Time) (d time.Duration, reserved bool, changed <-chan struct{}, err error) {
	l.mu.Lock()
	perMinute, pausedUntil, changed := l.perMinute, l.pausedUntil, l.changed
	l.mu.Unlock()
	if now.Before(pausedUntil) {
		return pausedUntil.Sub(now), false, changed, nil
	}
	if perMinute == 0 {
		return 0, true, changed, nil
	}
	pause, err := l.rdb.PTTL(ctx, l.pauseKey()).Result()
	if err != nil {
		return 0, false, changed, err
	}
	if pause > 0 {
		return pause, false, changed, nil
	}
	lim := limit(perMinute, l.window)
	interval := lim.Period / time.Duration(lim.Rate)
	// GCRA's burst is here how far ahead a slot may be taken: up to a window,
	// and no further than the caller's deadline.
	lim.Burst = max(perMinute, 1)
	if dl, ok := ctx.Deadline(); ok {
		lim.Burst = max(1, min(lim.Burst, 1+int(dl.Sub(now)/interval)))
	}
	res, err := l.rl.Allow(ctx, l.rateKey(), lim)
	if err != nil {
		return 0, false, changed, err
	}
	if res.Allowed == 0 {
		return max(res.RetryAfter, time.Millisecond/10), false, changed, nil
	}
	// The slot taken is where the budget's schedule stood before this call:
	// the new schedule (ResetAfter from now) less one interval.
	return max(res.ResetAfter-interval, 0), true, changed, nil
}

var _ makeapi.Limiter = (*Limiter)(nil)
