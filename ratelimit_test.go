package make_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// windowServer is a small API server that enforces a limit as Make does:
// at most limit requests in any sliding window, a 429 with Retry-After
// beyond it. It records when each request arrived.
type windowServer struct {
	*httptest.Server
	limit  int
	window time.Duration

	mu       sync.Mutex
	arrivals []time.Time // accepted requests
	refused  []time.Time // 429s
}

func newWindowServer(t *testing.T, limit int, window time.Duration) *windowServer {
	t.Helper()
	s := &windowServer{limit: limit, window: window}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		s.mu.Lock()
		n := 0
		for i := len(s.arrivals) - 1; i >= 0 && now.Sub(s.arrivals[i]) < s.window; i-- {
			n++
		}
		if s.limit > 0 && n >= s.limit {
			s.refused = append(s.refused, now)
			s.mu.Unlock()
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, `{"message":"Requests limit for organization exceeded, please try again later.","code":"SC429"}`)
			return
		}
		s.arrivals = append(s.arrivals, now)
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, `{"authUser":{"id":1}}`)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *windowServer) counts() (accepted, refused int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.arrivals), len(s.refused)
}

// maxInWindow is the largest number of arrivals in any window.
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

// The limiter's schedule on a virtual clock: saturated for ten windows, it
// sends exactly its limit in the first window and never more than its limit
// in any window, and spends the budget: limit-1 a window after the first.
func TestRateLimiter_PreciseBudget(t *testing.T) {
	for _, perMinute := range []int{1, 2, 60, 120, 240, 1000} {
		t.Run(strconv.Itoa(perMinute), func(t *testing.T) {
			l := NewRateLimiter(perMinute)
			start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			now := start
			var sent []time.Time
			for now.Before(start.Add(10 * time.Minute)) {
				d, reserved, _ := l.NextForTest(now, time.Time{})
				now = now.Add(d) // the caller sleeps d
				if reserved {
					sent = append(sent, now)
				}
			}
			inFirst := 0
			for _, s := range sent {
				if s.Sub(start) <= time.Minute+time.Microsecond {
					inFirst++
				}
			}
			assert.Equal(t, perMinute, inFirst, "the first minute (its ends included) carries the whole budget")
			// Closed windows: requests a minute apart count as one window.
			assert.Equal(t, perMinute, maxInWindow(sent, time.Minute+time.Microsecond), "no window holds more than the limit")
			if perMinute > 1 {
				assert.InDelta(t, (perMinute-1)*10+1, len(sent), 1, "one burst request, then limit-1 a minute")
			}
		})
	}
}

// A 429 pauses the limiter on the virtual clock too: nothing is scheduled
// before the pause ends, and a shorter pause does not cut a longer one.
func TestRateLimiter_BackoffPauses(t *testing.T) {
	l := NewRateLimiter(0)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.BackoffAtForTest(now, 5*time.Second)
	l.BackoffAtForTest(now, time.Second)
	d, reserved, _ := l.NextForTest(now, time.Time{})
	assert.Equal(t, 5*time.Second, d)
	assert.False(t, reserved, "a pause reserves nothing")
	d, _, _ = l.NextForTest(now.Add(5*time.Second), time.Time{})
	assert.Zero(t, d, "no limit after the pause")
	l.BackoffAtForTest(now, time.Hour)
	d, _, _ = l.NextForTest(now, time.Time{})
	assert.Equal(t, MaxRateLimitPause, d, "one 429 pauses at most a minute")
}

// Against a server enforcing the same limit (the window scaled down to one
// second so the test stays short), eight callers saturating the client for
// 2.5 windows get no 429 and never more than the limit in any window.
func TestRateLimiter_NoTooManyRequestsFromSameLimit(t *testing.T) {
	const limit, window = 10, time.Second
	srv := newWindowServer(t, limit, window)
	client, err := NewClient("", testToken, WithBaseURL(srv.URL), WithRetry(RetryConfig{}))
	require.NoError(t, err)
	client.SetLimiterForTest(NewWindowRateLimiter(limit, window))
	ctx, cancel := context.WithTimeout(context.Background(), 5*window/2)
	defer cancel()
	var wg sync.WaitGroup
	var other atomic.Int32
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				_, err := client.Users.Me(ctx, nil)
				if err != nil && !errors.Is(err, context.DeadlineExceeded) {
					other.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	accepted, refused := srv.counts()
	assert.Zero(t, refused, "429s")
	assert.Zero(t, other.Load(), "errors other than the deadline")
	srv.mu.Lock()
	defer srv.mu.Unlock()
	assert.LessOrEqual(t, maxInWindow(srv.arrivals, window), limit)
	t.Logf("%d requests in 2.5 windows of %d (the schedule allows %d)", accepted, limit, 1+int(5*window/2/RateInterval(limit, window)))
}

// Finding 9 of issue 10: SetRateLimit with the limit already in force
// changes nothing; it used to make a new, full limiter each time (20
// requests in 0 s at 60 a minute).
func TestSetRateLimit_SameLimitDoesNotRefill(t *testing.T) {
	client, mux := setup(t, WithRateLimit(60))
	var n atomic.Int32
	mux.HandleFunc("GET /users/me", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 200, `{"authUser":{"id":1}}`)
	})
	_, err := client.Users.Me(ctx(t), nil)
	require.NoError(t, err)
	for range 5 {
		require.NoError(t, client.SetRateLimit(60))
		c, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		_, err := client.Users.Me(c, nil)
		cancel()
		assert.ErrorIs(t, err, context.DeadlineExceeded, "the next slot is a second away")
	}
	assert.Equal(t, int32(1), n.Load())
}

// Finding 9 of issue 10: a caller already waiting follows a new limit; it
// used to stay on the old limiter (waited 10 s after SetRateLimit(0)).
func TestSetRateLimit_WaitingCallerFollows(t *testing.T) {
	for _, next := range []int{0, 6000} {
		t.Run(strconv.Itoa(next), func(t *testing.T) {
			client, mux := setup(t, WithRateLimit(1)) // one a minute
			mux.HandleFunc("GET /users/me", func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, `{"authUser":{"id":1}}`)
			})
			_, err := client.Users.Me(ctx(t), nil)
			require.NoError(t, err)
			// No deadline: with one, the wait for a minute would be refused at once.
			c, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := client.Users.Me(c, nil)
				done <- err
			}()
			time.Sleep(50 * time.Millisecond) // let it start waiting
			require.NoError(t, client.SetRateLimit(next))
			select {
			case err := <-done:
				assert.NoError(t, err)
			case <-time.After(10 * time.Second):
				cancel()
				t.Fatalf("the waiting call still waits for the old limit: %v", <-done)
			}
		})
	}
}

// A 429 that arrives anyway pauses the whole client for its Retry-After, not
// only the refused call: calls made during the pause reach the server only
// after it.
func TestRateLimited_PausesWholeClient(t *testing.T) {
	var mu sync.Mutex
	var refusedAt time.Time
	var after []time.Time
	refused := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if refusedAt.IsZero() {
			refusedAt = time.Now()
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, `{"message":"Requests limit for organization exceeded, please try again later.","code":"SC429"}`)
			close(refused)
			return
		}
		after = append(after, time.Now())
		writeJSON(w, http.StatusOK, `{"authUser":{"id":1}}`)
	}))
	defer srv.Close()
	client, err := NewClient("", testToken, WithBaseURL(srv.URL),
		WithRetry(RetryConfig{MaxRetries: 2, MaxWait: 5 * time.Second}))
	require.NoError(t, err)
	var wg sync.WaitGroup
	call := func() {
		defer wg.Done()
		_, err := client.Users.Me(ctx(t), nil)
		assert.NoError(t, err)
	}
	wg.Add(1)
	go call() // 429, then retried after the pause
	<-refused
	time.Sleep(100 * time.Millisecond) // the client has read the 429
	for range 4 {
		wg.Add(1)
		go call()
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, after, 5)
	for _, at := range after {
		assert.GreaterOrEqual(t, at.Sub(refusedAt), time.Second, "a request went out during the pause")
	}
}

// The concurrent callers of the test above start after the refused call has
// recovered; this one checks callers that were already waiting on the
// limiter when the 429 came.
func TestRateLimited_PausesWaitingCallers(t *testing.T) {
	var mu sync.Mutex
	var refusedAt time.Time
	var after []time.Time
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		n++
		if n == 2 {
			refusedAt = time.Now()
			w.Header().Set("Retry-After", "2")
			writeJSON(w, http.StatusTooManyRequests, `{"message":"Requests limit for organization exceeded, please try again later.","code":"SC429"}`)
			return
		}
		if !refusedAt.IsZero() {
			after = append(after, time.Now())
		}
		writeJSON(w, http.StatusOK, `{"authUser":{"id":1}}`)
	}))
	defer srv.Close()
	client, err := NewClient("", testToken, WithBaseURL(srv.URL), WithRateLimit(601), // one every 100 ms
		WithRetry(RetryConfig{MaxRetries: 1, MaxWait: 5 * time.Second}))
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := client.Users.Me(ctx(t), nil)
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, after, 3, "the refused call's retry and the two callers still waiting")
	for _, at := range after {
		assert.GreaterOrEqual(t, at.Sub(refusedAt), 2*time.Second, "a request went out during the pause")
	}
}

// recordingLimiter is a Limiter that records what the client asks of it.
type recordingLimiter struct {
	mu      sync.Mutex
	waits   int
	backoff []time.Duration
}

func (l *recordingLimiter) Wait(context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waits++
	return nil
}

func (l *recordingLimiter) Backoff(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.backoff = append(l.backoff, d)
}

// A Limiter given to WithLimiter is waited on before every attempt (the
// retry too) and told of each 429 with its Retry-After; SetRateLimit refuses
// to adjust a Limiter that cannot be adjusted, and WithLimiter(nil) is
// refused.
func TestWithLimiter(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "2")
			writeJSON(w, http.StatusTooManyRequests, `{"message":"Requests limit for organization exceeded, please try again later.","code":"SC429"}`)
			return
		}
		writeJSON(w, http.StatusOK, `{"authUser":{"id":1}}`)
	}))
	defer srv.Close()
	lim := &recordingLimiter{}
	client, err := NewClient("", testToken, WithBaseURL(srv.URL), WithLimiter(lim),
		WithRetry(RetryConfig{MaxRetries: 1, MaxWait: 10 * time.Millisecond}))
	require.NoError(t, err)
	_, err = client.Users.Me(ctx(t), nil)
	require.NoError(t, err)
	assert.Equal(t, 2, lim.waits, "the first attempt and the retry")
	assert.Equal(t, []time.Duration{10 * time.Millisecond}, lim.backoff, "Retry-After, capped by MaxWait")

	err = client.SetRateLimit(60)
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.Contains(t, err.Error(), "cannot be adjusted")
	_, err = NewClient("", testToken, WithLimiter(nil))
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = NewClient("", testToken, WithRateLimit(-1))
	assert.ErrorIs(t, err, ErrInvalidInput)
}
