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
// process's share of the budget). With go-redis's default options each
// failing call takes about 2 s and go-redis logs "failed to dial" lines; the
// README says which options answer at once. Whatever the options, Wait
// returns when its context is done, even while Redis stalls, and Backoff
// never blocks.
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
	publishing  bool      // a goroutine is writing pausedUntil to Redis
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

// publishTimeout bounds one write of a pause to Redis (when the client's
// options let go-redis watch a context's deadline; else its own timeouts do).
const publishTimeout = 5 * time.Second

// Backoff pauses every client of the key for d (a 429's Retry-After, at most
// a minute). It returns at once: this process pauses now, whether Redis can
// be reached or not, and the pause is written to Redis for the other
// processes in the background.
func (l *Limiter) Backoff(d time.Duration) {
	if d <= 0 {
		return
	}
	d = min(d, maxPause)
	until := time.Now().Add(d)
	l.mu.Lock()
	defer l.mu.Unlock()
	if !until.After(l.pausedUntil) {
		return
	}
	l.pausedUntil = until
	l.notifyLocked()
	if !l.publishing {
		l.publishing = true
		go l.publish()
	}
}

// publish writes this process's pause to Redis, and again while Backoff
// lengthens it meanwhile; one goroutine at most per Limiter does, however
// many 429s arrive while Redis is slow.
func (l *Limiter) publish() {
	var sent time.Time
	for {
		l.mu.Lock()
		until := l.pausedUntil
		if !until.After(sent) {
			l.publishing = false
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
		sent = until
		if d := time.Until(until); d > 0 {
			ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
			_ = setPause.Run(ctx, l.rdb, []string{l.pauseKey()}, max(d.Milliseconds(), 1)).Err() // the local pause stands regardless
			cancel()
		}
	}
}

// bounded runs f, which calls Redis, and returns its result, or ctx's error
// as soon as ctx is done, whatever the options of the user's go-redis
// client: go-redis watches a context's deadline only with
// ContextTimeoutEnabled, and its cancellation not at all, so a Redis that
// accepts connections but never answers holds a call for the client's
// ReadTimeout (3 s by default), or for ever with timeouts off. The call left
// behind ends in its goroutine when go-redis gives up or the connection
// closes; each holds one of the client's pooled connections, so at most
// PoolSize are left at a time (a call waiting for a free connection does
// watch ctx).
func bounded[T any](ctx context.Context, f func(context.Context) (T, error)) (T, error) {
	if ctx.Done() == nil { // never done: nothing to bound
		return f(ctx)
	}
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f(ctx)
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// sharedPause returns how long the pause the key's processes share still
// runs (0: none).
func (l *Limiter) sharedPause(ctx context.Context) (time.Duration, error) {
	return bounded(ctx, func(ctx context.Context) (time.Duration, error) {
		d, err := l.rdb.PTTL(ctx, l.pauseKey()).Result()
		return max(d, 0), err
	})
}

// Wait blocks until the shared budget allows one request, after any pause a
// 429 started in any process. When Redis cannot be reached it returns an
// error wrapping ErrUnavailable, or waits on the fallback.
//
// Callers queue: each takes the next free slot of the budget in Redis (at
// most one window ahead, and never past its context's deadline) and sleeps
// until that slot comes, so slots follow each other at the budget's exact
// spacing however many processes wait. A slot is lost, never reused, when
// its caller is cancelled, or the limit changes or a pause begins (in this
// process or another) while it waits: the caller then waits for the pause
// and takes a new one. With a limit of 0 there is no budget, but a pause
// still holds.
//
// Wait returns ctx's error as soon as ctx is done, even while Redis stalls
// (accepts connections but does not answer), whatever the Redis client's
// options.
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		now := time.Now()
		d, reserved, changed, err := l.next(ctx, now)
		switch {
		case err != nil:
			return l.unreachable(ctx, err)
		case d == 0:
			return nil
		}
		if dl, ok := ctx.Deadline(); ok && !reserved && dl.Before(now.Add(d)) {
			return errNoSlot
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
			if !reserved {
				continue
			}
			// Our slot has come, unless another process reported a 429
			// meanwhile: its pause voids the slot.
			pause, err := l.sharedPause(ctx)
			switch {
			case err != nil:
				return l.unreachable(ctx, err)
			case pause == 0:
				return nil
			}
		case <-changed:
			t.Stop()
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// unreachable is Wait's answer when a call to Redis failed with err: ctx's
// error if ctx is done, else the fallback's wait, else ErrUnavailable.
func (l *Limiter) unreachable(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case l.fallback != nil:
		return l.fallback.Wait(ctx)
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// slot is the answer of reserve: the wait until the slot taken (reserved;
// 0: now), or until one may be free (a pause, or a queue a window long).
type slot struct {
	wait     time.Duration
	reserved bool
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
	s, err := bounded(ctx, func(ctx context.Context) (slot, error) { return l.reserve(ctx, perMinute, now) })
	return s.wait, s.reserved, changed, err
}

// reserve asks Redis for the shared pause, then, if there is none and a
// limit, for the next free slot of the budget.
func (l *Limiter) reserve(ctx context.Context, perMinute int, now time.Time) (slot, error) {
	pause, err := l.rdb.PTTL(ctx, l.pauseKey()).Result()
	switch {
	case err != nil:
		return slot{}, err
	case pause > 0:
		return slot{wait: pause}, nil
	case perMinute == 0:
		return slot{reserved: true}, nil
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
		return slot{}, err
	}
	if res.Allowed == 0 {
		return slot{wait: max(res.RetryAfter, time.Millisecond/10)}, nil
	}
	// The slot taken is where the budget's schedule stood before this call:
	// the new schedule (ResetAfter from now) less one interval.
	return slot{wait: max(res.ResetAfter-interval, 0), reserved: true}, nil
}

var _ makeapi.Limiter = (*Limiter)(nil)
