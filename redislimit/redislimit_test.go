package redislimit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	makeapi "github.com/make-sdk/make-go"
)

// The tests run against a real redis-server at REDISLIMIT_TEST_ADDR
// (host:port); .ci/run starts one. Without it they skip, except in CI.
const addrEnv = "REDISLIMIT_TEST_ADDR"

func redisClient(t *testing.T) *redis.Client {
	t.Helper()
	addr := os.Getenv(addrEnv)
	if addr == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI must start a redis-server for these tests", addrEnv)
		}
		t.Skipf("%s is not set (start a redis-server and set it to its host:port)", addrEnv)
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { rdb.Close() })
	require.NoError(t, rdb.Ping(context.Background()).Err(), "redis at %s", addr)
	return rdb
}

// uniqueKey is a budget key no other test (or earlier run) uses.
func uniqueKey(t *testing.T) string {
	return fmt.Sprintf("test:%s:%d", t.Name(), time.Now().UnixNano())
}

// newScaled is New with the window scaled down, so that tests of a
// per-minute budget take seconds.
func newScaled(t *testing.T, rdb redis.UniversalClient, key string, perWindow int, window time.Duration, opts ...Option) *Limiter {
	t.Helper()
	l, err := New(rdb, key, perWindow, opts...)
	require.NoError(t, err)
	l.window = window
	return l
}

// maxInWindow is the largest number of times in any window.
func maxInWindow(times []time.Time, window time.Duration) int {
	best, j := 0, 0
	for i := range times {
		for times[i].Sub(times[j]) >= window {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

// windowServer is a small API server enforcing a limit as Make does: at most
// limit requests in any sliding window, a 429 with Retry-After beyond it.
type windowServer struct {
	*httptest.Server
	limit  int
	window time.Duration

	mu       sync.Mutex
	arrivals []time.Time
	refused  int
}

func newWindowServer(t *testing.T, limit int, window time.Duration) *windowServer {
	s := &windowServer{limit: limit, window: window}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		s.mu.Lock()
		n := 0
		for i := len(s.arrivals) - 1; i >= 0 && now.Sub(s.arrivals[i]) < s.window; i-- {
			n++
		}
		w.Header().Set("Content-Type", "application/json")
		if n >= s.limit {
			s.refused++
			s.mu.Unlock()
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"message":"Requests limit for organization exceeded, please try again later.","code":"SC429"}`)
			return
		}
		s.arrivals = append(s.arrivals, now)
		s.mu.Unlock()
		fmt.Fprint(w, `{"authUser":{"id":1,"name":"Test"}}`)
	}))
	t.Cleanup(s.Close)
	return s
}

func TestNew_RefusesBadInput(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	_, err := New(nil, "k", 1)
	assert.Error(t, err)
	_, err = New(rdb, "", 1)
	assert.Error(t, err)
	_, err = New(rdb, "k", -1)
	assert.Error(t, err)
}

// Two limiters of one key (as two processes would hold) share one budget:
// saturated for 2.5 windows they get 1 + 2.5*(limit-1) slots together, never
// more than the limit in any window.
func TestWait_OneBudgetForEveryLimiterOfTheKey(t *testing.T) {
	rdb := redisClient(t)
	const perWindow, window = 10, time.Second
	key := uniqueKey(t)
	a := newScaled(t, rdb, key, perWindow, window)
	b := newScaled(t, rdb, key, perWindow, window)
	ctx, cancel := context.WithTimeout(context.Background(), 5*window/2)
	defer cancel()
	var mu sync.Mutex
	var granted []time.Time
	var wg sync.WaitGroup
	for i := range 6 {
		l := a
		if i%2 == 1 {
			l = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if err := l.Wait(ctx); err != nil {
					assert.ErrorIs(t, err, context.DeadlineExceeded)
					return
				}
				mu.Lock()
				granted = append(granted, time.Now())
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	assert.LessOrEqual(t, maxInWindow(granted, window), perWindow)
	assert.InDelta(t, 1+2.5*(perWindow-1), len(granted), 2)
}

// A 429 seen by one process pauses every process of the key.
func TestBackoff_PausesEveryLimiterOfTheKey(t *testing.T) {
	rdb := redisClient(t)
	key := uniqueKey(t)
	a := newScaled(t, rdb, key, 1000, time.Minute)
	b := newScaled(t, rdb, key, 1000, time.Minute)
	require.NoError(t, b.Wait(context.Background()))
	start := time.Now()
	a.Backoff(700 * time.Millisecond)
	a.Backoff(100 * time.Millisecond) // does not shorten the pause
	awaitSharedPause(t, a, 500*time.Millisecond)
	require.NoError(t, b.Wait(context.Background()))
	assert.GreaterOrEqual(t, time.Since(start), 600*time.Millisecond, "b waited for the pause a reported")
	c, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	a.Backoff(time.Second)
	awaitSharedPause(t, a, 900*time.Millisecond)
	err := b.Wait(c)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "a pause past the deadline fails at once")
}

// awaitSharedPause waits until the pause l's Backoff began is in Redis, for
// the other processes (Backoff writes it in the background), with at least
// atLeast left.
func awaitSharedPause(t *testing.T, l *Limiter, atLeast time.Duration) {
	t.Helper()
	require.Eventually(t, func() bool {
		d, err := l.sharedPause(context.Background())
		return err == nil && d >= atLeast
	}, 2*time.Second, time.Millisecond, "the pause reaches Redis")
}

// A pause another process reports holds for a limiter whose limit is 0 (no
// budget to keep, but Make still refuses while its limit is spent).
func TestBackoff_PausesALimiterWithoutLimit(t *testing.T) {
	rdb := redisClient(t)
	key := uniqueKey(t)
	unlimited := newScaled(t, rdb, key, 0, time.Minute)
	other := newScaled(t, rdb, key, 1000, time.Minute)
	require.NoError(t, unlimited.Wait(context.Background()))
	start := time.Now()
	other.Backoff(600 * time.Millisecond)
	awaitSharedPause(t, other, 400*time.Millisecond)
	require.NoError(t, unlimited.Wait(context.Background()))
	assert.GreaterOrEqual(t, time.Since(start), 550*time.Millisecond, "the limiter without a limit waited for the pause")
	c, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	other.Backoff(time.Second)
	awaitSharedPause(t, other, 900*time.Millisecond)
	assert.ErrorIs(t, unlimited.Wait(c), context.DeadlineExceeded, "a pause past the deadline fails at once")
}

// A pause another process reports while a caller sleeps towards the slot it
// holds voids the slot: the caller waits for the pause, then takes a new one.
func TestBackoff_PausesACallerHoldingASlot(t *testing.T) {
	rdb := redisClient(t)
	key := uniqueKey(t)
	const window = time.Second
	l := newScaled(t, rdb, key, 2, window) // a slot a second
	other := newScaled(t, rdb, key, 2, window)
	require.NoError(t, l.Wait(context.Background()))
	start := time.Now()
	done := make(chan time.Duration, 1)
	go func() {
		assert.NoError(t, l.Wait(context.Background())) // holds the slot a second ahead
		done <- time.Since(start)
	}()
	time.Sleep(200 * time.Millisecond)
	other.Backoff(1500 * time.Millisecond) // another process saw a 429
	awaitSharedPause(t, other, time.Second)
	select {
	case took := <-done:
		assert.GreaterOrEqual(t, took, 1650*time.Millisecond, "the caller went at %v, inside the pause", took)
	case <-time.After(10 * time.Second):
		t.Fatal("the caller never went")
	}
}

// SetRateLimit adjusts in place: the same limit again does not refill the
// budget, and a caller already waiting follows a new limit.
func TestSetRateLimit_InPlace(t *testing.T) {
	rdb := redisClient(t)
	l := newScaled(t, rdb, uniqueKey(t), 1, time.Minute)
	require.NoError(t, l.Wait(context.Background()))
	require.NoError(t, l.SetRateLimit(1))
	c, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, l.Wait(c), context.DeadlineExceeded, "the same limit again does not refill it")

	done := make(chan error, 1)
	go func() { done <- l.Wait(context.Background()) }()
	time.Sleep(50 * time.Millisecond)
	require.NoError(t, l.SetRateLimit(0))
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the waiting caller still follows the old limit")
	}
	assert.Error(t, l.SetRateLimit(-1))
}

// closedAddr is a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// The documented outage behaviour: without Redis the limiter fails closed,
// and the SDK call it guards returns the error having sent nothing.
func TestOutage_FailsClosed(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: closedAddr(t), MaxRetries: -1})
	defer rdb.Close()
	l, err := New(rdb, "org:1", 120)
	require.NoError(t, err)
	srv := newWindowServer(t, 1000, time.Minute)
	client, err := makeapi.NewClient("", "token", makeapi.WithBaseURL(srv.URL), makeapi.WithLimiter(l))
	require.NoError(t, err)
	_, err = client.Users.Me(context.Background(), nil)
	require.ErrorIs(t, err, ErrUnavailable)
	var ue *url.Error
	assert.ErrorAs(t, err, &ue, "the SDK names the call")
	srv.mu.Lock()
	defer srv.mu.Unlock()
	assert.Empty(t, srv.arrivals, "nothing was sent")
}

// With a fallback, an outage paces the calls with the fallback instead.
func TestOutage_Fallback(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: closedAddr(t), MaxRetries: -1})
	defer rdb.Close()
	fallback := makeapi.NewRateLimiter(60)
	l, err := New(rdb, "org:1", 120, WithFallback(fallback))
	require.NoError(t, err)
	srv := newWindowServer(t, 1000, time.Minute)
	client, err := makeapi.NewClient("", "token", makeapi.WithBaseURL(srv.URL), makeapi.WithLimiter(l))
	require.NoError(t, err)
	_, err = client.Users.Me(context.Background(), nil)
	require.NoError(t, err)
	c, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = client.Users.Me(c, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "the fallback's 60 a minute paces the next call")
	require.NoError(t, client.SetRateLimit(0), "the SDK adjusts a redislimit.Limiter")
}

// A redis-server that stops while in use: the next Wait fails closed.
func TestOutage_RedisStops(t *testing.T) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("redis-server is not installed")
		}
		t.Skip("redis-server is not installed")
	}
	addr := closedAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	require.NoError(t, cmd.Start())
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cmd.Process.Kill()
			cmd.Wait()
		}
	}
	defer stop()
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	defer rdb.Close()
	deadline := time.Now().Add(10 * time.Second)
	for rdb.Ping(context.Background()).Err() != nil {
		require.True(t, time.Now().Before(deadline), "redis-server did not start")
		time.Sleep(20 * time.Millisecond)
	}
	l, err := New(rdb, "org:1", 1000)
	require.NoError(t, err)
	require.NoError(t, l.Wait(context.Background()))
	stop()
	err = l.Wait(context.Background())
	assert.ErrorIs(t, err, ErrUnavailable)
}

// Environment of the helper processes of TestFourProcesses.
const (
	helperEnv   = "REDISLIMIT_HELPER"          // "1" in a helper
	helperURL   = "REDISLIMIT_HELPER_URL"      // the server's base URL
	helperKey   = "REDISLIMIT_HELPER_KEY"      // the budget's key
	helperLimit = "REDISLIMIT_HELPER_LIMIT"    // requests per window
	helperWin   = "REDISLIMIT_HELPER_WINDOW"   // the window (time.Duration)
	helperRun   = "REDISLIMIT_HELPER_DURATION" // how long to send
)

// TestHelperProcess is one worker of TestFourProcesses: the test binary run
// again as a separate OS process. It sends as fast as the shared limiter
// allows, with retries off so that a 429 would show, and prints its counts.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		t.Skip("a helper process of TestFourProcesses")
	}
	rdb := redisClient(t)
	perWindow, err := strconv.Atoi(os.Getenv(helperLimit))
	require.NoError(t, err)
	window, err := time.ParseDuration(os.Getenv(helperWin))
	require.NoError(t, err)
	run, err := time.ParseDuration(os.Getenv(helperRun))
	require.NoError(t, err)
	l := newScaled(t, rdb, os.Getenv(helperKey), perWindow, window)
	client, err := makeapi.NewClient("", "token", makeapi.WithBaseURL(os.Getenv(helperURL)),
		makeapi.WithLimiter(l), makeapi.WithRetry(makeapi.RetryConfig{}))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), run)
	defer cancel()
	var sent, tooMany, other int
	for ctx.Err() == nil {
		_, err := client.Users.Me(ctx, nil)
		switch {
		case err == nil:
			sent++
		case errors.Is(err, makeapi.ErrRateLimited):
			tooMany++
		case errors.Is(err, context.DeadlineExceeded):
		default:
			other++
			t.Log(err)
		}
	}
	fmt.Printf("HELPER sent=%d 429=%d other=%d\n", sent, tooMany, other)
}

// Four OS processes share one budget through Redis against a server that
// enforces the same limit: no 429, and together they send the limit's rate.
// By default the minute is scaled down to 10 s (120 requests per 10 s, for
// 20 s) so that CI stays quick; REDISLIMIT_FOUR_WINDOW=1m and
// REDISLIMIT_FOUR_DURATION=1m run the real thing.
func TestFourProcesses(t *testing.T) {
	rdb := redisClient(t)
	const perWindow, procs = 120, 4
	window, run := 10*time.Second, 20*time.Second
	if v := os.Getenv("REDISLIMIT_FOUR_WINDOW"); v != "" {
		var err error
		window, err = time.ParseDuration(v)
		require.NoError(t, err)
	}
	if v := os.Getenv("REDISLIMIT_FOUR_DURATION"); v != "" {
		var err error
		run, err = time.ParseDuration(v)
		require.NoError(t, err)
	}
	srv := newWindowServer(t, perWindow, window)
	exe, err := os.Executable()
	require.NoError(t, err)
	env := append(os.Environ(), helperEnv+"=1", helperURL+"="+srv.URL, helperKey+"="+uniqueKey(t),
		helperLimit+"="+strconv.Itoa(perWindow), helperWin+"="+window.String(), helperRun+"="+run.String(),
		addrEnv+"="+rdb.Options().Addr)
	var wg sync.WaitGroup
	var failed atomic.Int32
	outs := make([]string, procs)
	for i := range procs {
		cmd := exec.Command(exe, "-test.run=^TestHelperProcess$", "-test.count=1", "-test.v")
		cmd.Env = env
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := cmd.CombinedOutput()
			outs[i] = string(out)
			if err != nil {
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	for i, out := range outs {
		require.Contains(t, out, "HELPER sent=", "process %d:\n%s", i, out)
		assert.Contains(t, out, " 429=0 other=0", "process %d:\n%s", i, out)
	}
	require.Zero(t, failed.Load(), "a helper process failed:\n%s", strings.Join(outs, "\n"))

	srv.mu.Lock()
	defer srv.mu.Unlock()
	n := len(srv.arrivals)
	require.Greater(t, n, 2)
	span := srv.arrivals[n-1].Sub(srv.arrivals[0])
	perWin := float64(n-1) / span.Seconds() * window.Seconds()
	inFirst := 0
	for _, at := range srv.arrivals {
		if at.Sub(srv.arrivals[0]) <= window {
			inFirst++
		}
	}
	t.Logf("%d processes, one budget of %d per %s: %d requests in %s, %d in the first window, %.2f per window (%.2f%% off %d), %d 429s, at most %d in any window",
		procs, perWindow, window, n, span.Round(time.Millisecond), inFirst, perWin, 100*(perWin-perWindow)/perWindow, perWindow, srv.refused, maxInWindow(srv.arrivals, window))
	assert.Zero(t, srv.refused, "429s")
	assert.LessOrEqual(t, maxInWindow(srv.arrivals, window), perWindow)
	assert.Less(t, math.Abs(perWin-perWindow)/perWindow, 0.03, "within 3%% of the limit")
}

// BenchmarkWait is what the shared budget costs a call when a slot is free:
// two round trips to Redis (the pause key, then the GCRA script).
func BenchmarkWait(b *testing.B) {
	addr := os.Getenv(addrEnv)
	if addr == "" {
		b.Skipf("%s is not set", addrEnv)
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	l, err := New(rdb, fmt.Sprintf("bench:%d", time.Now().UnixNano()), math.MaxInt32)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for range b.N {
		if err := l.Wait(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
