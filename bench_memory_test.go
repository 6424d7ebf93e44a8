package make_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"
)

// measureHeap runs f and returns the peak growth of the heap's objects
// (live and not yet swept) over the heap after a GC before f, sampled every
// 50 µs, and the bytes f's goroutines allocated in all.
func measureHeap(f func()) (peak, allocated uint64) {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	base := s[0].Value.Uint64()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	total := ms.TotalAlloc
	var top atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > top.Load() {
				top.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Microsecond):
			}
		}
	}()
	f()
	close(stop)
	<-done
	runtime.ReadMemStats(&ms)
	if top.Load() > base {
		peak = top.Load() - base
	}
	return peak, ms.TotalAlloc - total
}

// worstBody repeats item n times between head and tail, comma-separated.
func worstBody(head, item, tail string, n int) []byte {
	var b bytes.Buffer
	b.Grow(len(head) + n*(len(item)+1) + len(tail))
	b.WriteString(head)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(item)
	}
	b.WriteString(tail)
	return b.Bytes()
}

// fill32 repeats item as many times as fits in MaxResponseBytes.
func fill32(head, item, tail string) []byte {
	return worstBody(head, item, tail, (MaxResponseBytes-len(head)-len(tail))/(len(item)+1))
}

// BenchmarkWorstBody measures the heap growth of one call whose 200 body is
// a shape that decodes to much more than its bytes, up to the 32 MiB cap:
// empty objects into []User, empty arrays and objects into interfaces,
// maps, numbers, nested arrays, and the same shapes at the largest size the
// decode budget accepts (to within 0.4%: largestAccepted). Metrics: peak-MiB
// (the peak of the heap over its size before the call) and alloc-MiB (all
// the call allocated, an upper bound of the peak).
//
//	go test -run '^$' -bench BenchmarkWorstBody -benchtime 1x .
func BenchmarkWorstBody(b *testing.B) {
	type shape struct {
		name string
		body []byte
		call func(ctx context.Context, c *Client) error
	}
	users := func(ctx context.Context, c *Client) error {
		_, err := c.Users.List(ctx, &ListUsersOptions{OrganizationID: 1})
		return err
	}
	into := func(newV func() any) func(ctx context.Context, c *Client) error {
		return func(ctx context.Context, c *Client) error {
			req, err := c.NewRequest(ctx, http.MethodGet, "users", nil, nil)
			if err != nil {
				return err
			}
			return c.Do(req, newV())
		}
	}
	anyV := into(func() any { return new(any) })
	bodies := worstBodies()
	shapes := []shape{
		{"users=[{}...]/32MiB", bodies.users32, users},
		{"users=[{}...]/largest-accepted", bodies.usersEmpty, users},
		{"users=[{name}...]/largest-accepted", bodies.usersNamed, users},
		{"any=[{}...]/32MiB", bodies.any32, anyV},
		{"any=[{}...]/largest-accepted", bodies.anyObjects, anyV},
		{"any=[[]...]/largest-accepted", bodies.anyArrays, anyV},
		{"any=[0...]/largest-accepted", bodies.anyNumbers, anyV},
		{"any={k:0...}/largest-accepted", bodies.anyMap, anyV},
		{"map={k:{}...}/largest-accepted", bodies.mapObjects, into(func() any { return new(map[string]any) })},
		{"any=nested[[[...]]]/10000-deep", bodies.nested, anyV},
		{"any=[\"x...\"]/32MiB-string", bodies.str32, anyV},
		{"any=[\"x...\"]/32MiB-string-chunked", bodies.str32, anyV},
		{"users=[{}...]/32MiB-chunked", bodies.users32, users},
	}
	for _, sh := range shapes {
		b.Run(sh.name, func(b *testing.B) {
			body := sh.body
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if !strings.HasSuffix(sh.name, "-chunked") {
					w.Header().Set("Content-Length", strconv.Itoa(len(body)))
				}
				for b := body; len(b) > 0; b = b[min(len(b), 64<<10):] {
					w.Write(b[:min(len(b), 64<<10)])
				}
			}))
			defer srv.Close()
			client, err := NewClient("", testToken, WithBaseURL(srv.URL+"/api/v2"), WithRetry(RetryConfig{}))
			if err != nil {
				b.Fatal(err)
			}
			var worst, alloc uint64
			var callErr error
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p, a := measureHeap(func() { callErr = sh.call(context.Background(), client) })
				worst, alloc = max(worst, p), max(alloc, a)
			}
			b.ReportMetric(float64(len(body))/(1<<20), "body-MiB")
			b.ReportMetric(float64(worst)/(1<<20), "peak-MiB")
			b.ReportMetric(float64(alloc)/(1<<20), "alloc-MiB")
			refused := 0.0
			if callErr != nil {
				refused = 1
			}
			b.ReportMetric(refused, "refused")
		})
	}
}

// worstBodies builds BenchmarkWorstBody's bodies.
func worstBodies() (w struct {
	users32, usersEmpty, usersNamed, any32, anyObjects, anyArrays, anyNumbers []byte
	anyMap, mapObjects, nested, str32                                         []byte
}) {
	var list UserList
	w.users32 = fill32(`{"users":[`, `{}`, `]}`)
	w.usersEmpty = largestItems(`{"users":[`, `{}`, `]}`, &list)
	w.usersNamed = largestItems(`{"users":[`, `{"name":"x","email":"e"}`, `]}`, &list)
	w.any32 = fill32(`[`, `{}`, `]`)
	w.anyObjects = largestItems(`[`, `{}`, `]`, new(any))
	w.anyArrays = largestItems(`[`, `[]`, `]`, new(any))
	w.anyNumbers = largestItems(`[`, `0`, `]`, new(any))
	w.anyMap = largestMap(new(any))
	w.mapObjects = largestMap(new(map[string]any))
	w.nested = append(bytes.Repeat([]byte("["), 10000), bytes.Repeat([]byte("]"), 10000)...)
	w.str32 = []byte(`["` + string(bytes.Repeat([]byte("x"), MaxResponseBytes-4)) + `"]`)
	return w
}

// largestAccepted returns build(n) for n within 1/256 of the largest n whose
// body is at most MaxResponseBytes and passes the decode budget for v (the
// budget refuses every larger n). It doubles n from 1,024 until a body is
// refused, then bisects, so that it never builds a body much larger than
// the answer.
func largestAccepted(build func(n int) []byte, v any) []byte {
	ok := func(n int) bool {
		body := build(n)
		return len(body) <= MaxResponseBytes && CheckDecodedSize(body, v) == nil
	}
	lo, hi := 0, 1024
	for ok(hi) {
		lo, hi = hi, 2*hi
	}
	for hi-lo > max(1, lo/256) {
		if mid := (lo + hi) / 2; ok(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return build(lo)
}

// largestItems is the largest body of items between head and tail the
// decode budget accepts for v (see largestAccepted).
func largestItems(head, item, tail string, v any) []byte {
	return largestAccepted(func(n int) []byte { return worstBody(head, item, tail, n) }, v)
}

// largestMap is the largest {"0":{},"1":{},...} the budget accepts for v
// (see largestAccepted).
func largestMap(v any) []byte {
	return largestAccepted(func(n int) []byte {
		var b bytes.Buffer
		b.WriteByte('{')
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"`)
			b.WriteString(strconv.Itoa(i))
			b.WriteString(`":{}`)
		}
		b.WriteByte('}')
		return b.Bytes()
	}, v)
}
