package redislimit

import (
	"context"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	makeapi "github.com/make-sdk/make-go"
)

// stallingRedis is a TCP listener that accepts connections, reads what it
// is sent, and never answers: a Redis that stalls. It closes when the test
// ends.
func stallingRedis(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go func() { _, _ = io.Copy(io.Discard, c) }()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

// stallOptions are go-redis options a user may hold: the README's (the
// defaults: a 3 s read timeout, the context's deadline not watched), timeouts
// off, and the context's deadline watched.
var stallOptions = map[string]func(addr string) *redis.Options{
	"README's options": func(addr string) *redis.Options { return &redis.Options{Addr: addr} },
	"no timeouts": func(addr string) *redis.Options {
		return &redis.Options{Addr: addr, ReadTimeout: -1, WriteTimeout: -1, MaxRetries: -1}
	},
	"ContextTimeoutEnabled": func(addr string) *redis.Options {
		return &redis.Options{Addr: addr, ContextTimeoutEnabled: true}
	},
}

// While Redis stalls, Wait returns when its context is done (deadline or
// cancel), an SDK call returns by its deadline, and Backoff does not block,
// whatever the client's options (issue 20, item 11: each took 3 s).
func TestStallingRedis_CallsEndWithTheirContext(t *testing.T) {
	const slack = 250 * time.Millisecond
	for name, options := range stallOptions {
		t.Run(name, func(t *testing.T) {
			rdb := redis.NewClient(options(stallingRedis(t)))
			t.Cleanup(func() { rdb.Close() })
			for _, perMinute := range []int{120, 0} {
				l, err := New(rdb, "org:1", perMinute)
				require.NoError(t, err)

				ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
				start := time.Now()
				err = l.Wait(ctx)
				cancel()
				assert.ErrorIs(t, err, context.DeadlineExceeded)
				assert.Less(t, time.Since(start), 200*time.Millisecond+slack, "Wait with a 200 ms deadline, limit %d", perMinute)

				ctx, cancel = context.WithCancel(context.Background())
				time.AfterFunc(100*time.Millisecond, cancel)
				start = time.Now()
				err = l.Wait(ctx)
				assert.ErrorIs(t, err, context.Canceled)
				assert.Less(t, time.Since(start), 100*time.Millisecond+slack, "Wait cancelled at 100 ms, limit %d", perMinute)

				start = time.Now()
				l.Backoff(2 * time.Second)
				assert.Less(t, time.Since(start), 50*time.Millisecond, "Backoff does not wait for Redis")
			}

			l, err := New(rdb, "org:2", 120)
			require.NoError(t, err)
			client, err := makeapi.NewClient("", "token", makeapi.WithBaseURL("http://127.0.0.1:1/api/v2"), makeapi.WithLimiter(l))
			require.NoError(t, err)
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err = client.Users.Me(ctx, nil)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Less(t, time.Since(start), 300*time.Millisecond+slack, "an SDK call with a 300 ms deadline")
		})
	}
}

// Many callers at once while Redis stalls: each returns with its context,
// those waiting for one of the client's few connections included.
func TestStallingRedis_ManyCallers(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: stallingRedis(t), PoolSize: 2})
	t.Cleanup(func() { rdb.Close() })
	l, err := New(rdb, "org:1", 120)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.ErrorIs(t, l.Wait(ctx), context.DeadlineExceeded)
		}()
	}
	wg.Wait()
	assert.Less(t, time.Since(start), 450*time.Millisecond)
}
