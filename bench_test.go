package make_test

// Benchmarks of the SDK's request path against raw net/http + encoding/json,
// of iteration memory, of connection reuse under concurrency and of the
// client-side rate limiter. `make bench` runs them; BENCHMARKS.md records the
// figures and how to reproduce them.
//
// Every server here answers with bytes built before the timer starts, so the
// server costs the same whichever client calls it.

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
)

const benchToken = maketest.DefaultToken

// benchFixtures are real answers of the fake Make API, fetched once: a page of
// 100 users, a page of 10 users, and the answer to PATCH /users/1.
var benchFixtures struct {
	once             sync.Once
	page100, page10  []byte
	updated          []byte
	org              []byte
	err              error
	listQuery100     string
	listQuery10      string
	updateBodyString string
}

func fixtures(b *testing.B) (page100, page10, updated []byte) {
	b.Helper()
	f := &benchFixtures
	f.once.Do(func() {
		srv := maketest.New(maketest.WithSeed(100))
		defer srv.Close()
		get := func(method, path, body string) []byte {
			if f.err != nil {
				return nil
			}
			var rd io.Reader
			if body != "" {
				rd = bytes.NewReader([]byte(body))
			}
			req, _ := http.NewRequest(method, srv.URL()+path, rd)
			req.Header.Set("Authorization", "Token "+benchToken)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				f.err = err
				return nil
			}
			defer resp.Body.Close()
			out, err := io.ReadAll(resp.Body)
			if err == nil && resp.StatusCode != http.StatusOK {
				err = fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, out)
			}
			f.err = err
			return out
		}
		f.page100 = get("GET", "/users?organizationId=1&pg%5Blimit%5D=100", "")
		f.page10 = get("GET", "/users?organizationId=1&pg%5Blimit%5D=10", "")
		f.updated = get("PATCH", "/users/1", `{"name":"Jane Q. Doe"}`)
		if f.err == nil {
			f.org, f.err = os.ReadFile("testdata/organizations/get.json") // as Make sent it, license and all
		}
	})
	if f.err != nil {
		b.Fatal(f.err)
	}
	return f.page100, f.page10, f.updated
}

// fixedServer answers every request with body (after reading the request's
// body) in one shape of production, and records the last request's URI and
// headers for sameRequest.
type fixedServer struct {
	*httptest.Server
	cell   benchCell
	conns  atomic.Int64 // connections accepted
	open   atomic.Int64 // connections open now
	peak   atomic.Int64 // most connections open at once
	record atomic.Bool  // record the next request in last

	mu   sync.Mutex
	last string // protocol, method, URI, headers and body of the recorded request
}

// benchCell is one cell of the matrix of answer shapes: how the body is
// framed (shapeLength, shapeChunked, shapeGzip; see conns_test.go) and
// whether the server speaks TLS + HTTP/2 or plain HTTP/1.1.
type benchCell struct {
	shape string
	h2    bool
}

func (c benchCell) String() string {
	proto := "http1"
	if c.h2 {
		proto = "h2"
	}
	return "shape=" + c.shape + "/proto=" + proto
}

// benchCells are the six cells: {length, chunked, gzip} x {HTTP/1.1, TLS + HTTP/2}.
func benchCells() []benchCell {
	var cells []benchCell
	for _, h2 := range []bool{false, true} {
		for _, shape := range answerShapes {
			cells = append(cells, benchCell{shape, h2})
		}
	}
	return cells
}

// newFixedServer is a server answering body with a Content-Length over
// HTTP/1.1.
func newFixedServer(b *testing.B, body []byte) *fixedServer {
	return newShapedServer(b, body, benchCell{shape: shapeLength})
}

// newShapedServer is a server answering body in cell's shape.
func newShapedServer(b *testing.B, body []byte, cell benchCell) *fixedServer {
	b.Helper()
	s := &fixedServer{cell: cell}
	answer := newShapedBody(body)
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqBody, _ := io.ReadAll(r.Body)
		if s.record.CompareAndSwap(true, false) {
			s.mu.Lock()
			s.last = fmt.Sprintf("%s %s %s Accept=%q User-Agent=%q Authorization=%q Content-Type=%q body=%s",
				r.Proto, r.Method, r.RequestURI, r.Header.Get("Accept"), r.Header.Get("User-Agent"),
				r.Header.Get("Authorization"), r.Header.Get("Content-Type"), reqBody)
			s.mu.Unlock()
		}
		if !answer.write(w, r, cell.shape, http.StatusOK) {
			http.Error(w, "this benchmark's answers are gzipped: send Accept-Encoding: gzip", http.StatusNotAcceptable)
		}
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		switch st {
		case http.StateNew:
			s.conns.Add(1)
			n := s.open.Add(1)
			for p := s.peak.Load(); n > p && !s.peak.CompareAndSwap(p, n); p = s.peak.Load() {
			}
		case http.StateClosed, http.StateHijacked:
			s.open.Add(-1)
		}
	}
	if cell.h2 {
		s.EnableHTTP2 = true
		s.StartTLS()
	} else {
		s.Start()
	}
	b.Cleanup(s.Close)
	return s
}

// trust returns t trusting the server's certificate when it speaks TLS.
func (s *fixedServer) trust(t *http.Transport) *http.Transport {
	if s.cell.h2 {
		pool := x509.NewCertPool()
		pool.AddCert(s.Certificate())
		t.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return t
}

// rawClientOf is rawClient for the server (over TLS + HTTP/2 when it
// speaks it).
func (s *fixedServer) rawClient() *http.Client {
	hc := rawClient()
	hc.Transport = s.trust(hc.Transport.(*http.Transport))
	return hc
}

// sdkClient is a client of the server through the SDK's default transport
// (trusting the server's certificate when it speaks TLS).
func (s *fixedServer) sdkClient(b *testing.B, opts ...make.Option) *make.Client {
	b.Helper()
	if s.cell.h2 {
		opts = append([]make.Option{make.WithHTTPClient(&http.Client{Transport: s.trust(make.DefaultTransport())})}, opts...)
	}
	return sdkClient(b, s.Server, opts...)
}

// recorded runs f, which sends one request, and returns that request as the
// server saw it.
func (s *fixedServer) recorded(f func() error) (string, error) {
	s.record.Store(true)
	err := f()
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.last
	s.last = ""
	return l, err
}

// sameRequest fails the benchmark unless the SDK and the raw call send the
// same request (protocol, method, URI, the headers that matter, body), over
// HTTP/2 when the server speaks it.
func sameRequest(b *testing.B, srv *fixedServer, sdk, raw func() error) {
	b.Helper()
	s, err := srv.recorded(sdk)
	if err != nil {
		b.Fatal("sdk:", err)
	}
	r, err := srv.recorded(raw)
	if err != nil {
		b.Fatal("raw:", err)
	}
	if s == "" || s != r {
		b.Fatalf("the SDK and the raw call send different requests:\nsdk: %s\nraw: %s", s, r)
	}
	if want := map[bool]string{false: "HTTP/1.1 ", true: "HTTP/2.0 "}[srv.cell.h2]; !strings.HasPrefix(s, want) {
		b.Fatalf("the request was not sent over %s: %s", want, s)
	}
}

// rawClient is what a careful raw caller uses: the default transport with
// as many idle connections per host as the SDK's default transport keeps.
func rawClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	return &http.Client{Transport: t}
}

func sdkClient(b *testing.B, srv *httptest.Server, opts ...make.Option) *make.Client {
	b.Helper()
	c, err := make.NewClient("", benchToken, append([]make.Option{make.WithBaseURL(srv.URL + "/api/v2")}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// rawDo is the floor: one request made with net/http, decoded with
// encoding/json, the body read to its end and closed (so that the
// connection is reused in every shape).
func rawDo(ctx context.Context, hc *http.Client, method, url string, body []byte, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", make.DefaultUserAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Token "+benchToken)
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s", method, url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func listOpts(limit int) *make.ListUsersOptions {
	return &make.ListUsersOptions{OrganizationID: 1, ListOptions: make.ListOptions{Limit: limit}}
}

// BenchmarkUsersList is Users.List of a 100-user page (22 KB) against the same
// GET made with net/http and decoded with encoding/json into make.UserList.
func BenchmarkUsersList(b *testing.B) {
	page100, _, _ := fixtures(b)
	srv := newFixedServer(b, page100)
	ctx := context.Background()
	client := sdkClient(b, srv.Server)
	hc := rawClient()
	url := srv.URL + "/api/v2/users?organizationId=1&pg%5Blimit%5D=100"
	opts := listOpts(100)
	sdk := func() error {
		l, err := client.Users.List(ctx, opts)
		if err == nil && len(l.Users) != 100 {
			err = fmt.Errorf("got %d users", len(l.Users))
		}
		return err
	}
	raw := func() error {
		var l make.UserList
		err := rawDo(ctx, hc, http.MethodGet, url, nil, &l)
		if err == nil && len(l.Users) != 100 {
			err = fmt.Errorf("got %d users", len(l.Users))
		}
		return err
	}
	sameRequest(b, srv, sdk, raw)
	b.Run("impl=raw", func(b *testing.B) { loop(b, raw) })
	b.Run("impl=sdk", func(b *testing.B) { loop(b, sdk) })
}

// BenchmarkPaired alternates the raw call and the SDK's within one loop and
// times each, so that load from other processes falls on both alike: it
// reports their mean times (raw-ns/call, sdk-ns/call), sdk/raw, the ratio of
// the sums, and the allocations of each call (raw-allocs/call,
// sdk-allocs/call: of the whole process, so the server's, the same for both,
// are in each; sampled every 16th call). It runs over every cell of the
// answer shapes of production ({length, chunked, gzip} x {HTTP/1.1,
// TLS + HTTP/2}) and three calls: List users (100 a page), an Organization
// get (the recorded answer, license and all), and a user update (PATCH). The
// raw call reads every body to its end, so it keeps its connection in
// every shape. BenchmarkUsersList and BenchmarkUsersUpdate give the
// length/HTTP/1.1 figures run apart, with exact allocations.
func BenchmarkPaired(b *testing.B) {
	page100, _, updated := fixtures(b)
	org := benchFixtures.org
	ctx := context.Background()
	body := &make.UpdateUserRequest{Name: "Jane Q. Doe"}
	for _, cell := range benchCells() {
		b.Run(cell.String()+"/call=list", func(b *testing.B) {
			srv := newShapedServer(b, page100, cell)
			client, hc := srv.sdkClient(b), srv.rawClient()
			url := srv.URL + "/api/v2/users?organizationId=1&pg%5Blimit%5D=100"
			sdk := func() error {
				l, err := client.Users.List(ctx, listOpts(100))
				if err == nil && len(l.Users) != 100 {
					err = fmt.Errorf("got %d users", len(l.Users))
				}
				return err
			}
			raw := func() error {
				var l make.UserList
				err := rawDo(ctx, hc, http.MethodGet, url, nil, &l)
				if err == nil && len(l.Users) != 100 {
					err = fmt.Errorf("got %d users", len(l.Users))
				}
				return err
			}
			sameRequest(b, srv, sdk, raw)
			pairedLoop(b, raw, sdk, "sdk")
		})
		b.Run(cell.String()+"/call=org", func(b *testing.B) {
			srv := newShapedServer(b, org, cell)
			client, hc := srv.sdkClient(b), srv.rawClient()
			url := srv.URL + "/api/v2/organizations/1"
			sdk := func() error {
				o, err := client.Organizations.Get(ctx, 1, nil)
				if err == nil && o.License.APILimit == 0 {
					err = errors.New("no license")
				}
				return err
			}
			raw := func() error {
				var out struct {
					Organization *make.Organization `json:"organization"`
				}
				err := rawDo(ctx, hc, http.MethodGet, url, nil, &out)
				if err == nil && out.Organization.License.APILimit == 0 {
					err = errors.New("no license")
				}
				return err
			}
			sameRequest(b, srv, sdk, raw)
			pairedLoop(b, raw, sdk, "sdk")
		})
		b.Run(cell.String()+"/call=update", func(b *testing.B) {
			srv := newShapedServer(b, updated, cell)
			client, hc := srv.sdkClient(b), srv.rawClient()
			url := srv.URL + "/api/v2/users/1"
			sdk := func() error {
				_, err := client.Users.Update(ctx, 1, body)
				return err
			}
			raw := func() error {
				buf, err := json.Marshal(body)
				if err != nil {
					return err
				}
				var out struct {
					User *make.User `json:"user"`
				}
				return rawDo(ctx, hc, http.MethodPatch, url, buf, &out)
			}
			sameRequest(b, srv, sdk, raw)
			pairedLoop(b, raw, sdk, "sdk")
		})
	}
}

// pairedLoop runs raw and other alternately b.N times each, timing each
// call, and reports raw-ns/call, <name>-ns/call, <name>/raw, and the
// allocations of each (every 16th call of each counted, outside the timed
// window: runtime.ReadMemStats stops the world).
func pairedLoop(b *testing.B, raw, other func() error, name string) {
	var tRaw, tOther time.Duration
	var aRaw, aOther, sampled uint64
	var ms runtime.MemStats
	mallocs := func() uint64 { runtime.ReadMemStats(&ms); return ms.Mallocs }
	b.ResetTimer()
	for i := range b.N {
		count := i%16 == 0
		if count {
			sampled++
		}
		for j := range 2 { // alternate which goes first
			var m0 uint64
			if count {
				m0 = mallocs()
			}
			start := time.Now()
			var err error
			first := (i+j)%2 == 0
			if first {
				err = raw()
			} else {
				err = other()
			}
			d := time.Since(start)
			if err != nil {
				b.Fatal(err)
			}
			var m uint64
			if count {
				m = mallocs() - m0
			}
			if first {
				tRaw += d
				aRaw += m
			} else {
				tOther += d
				aOther += m
			}
		}
	}
	b.ReportMetric(float64(tRaw.Nanoseconds())/float64(b.N), "raw-ns/call")
	b.ReportMetric(float64(tOther.Nanoseconds())/float64(b.N), name+"-ns/call")
	b.ReportMetric(float64(tOther)/float64(tRaw), name+"/raw")
	b.ReportMetric(float64(aRaw)/float64(sampled), "raw-allocs/call")
	b.ReportMetric(float64(aOther)/float64(sampled), name+"-allocs/call")
}

// BenchmarkPairedTimeout prices http.Client.Timeout: the raw GET and PATCH of
// BenchmarkPaired against the same calls through an *http.Client with
// Timeout set (2 min). It is why the SDK's default client bounds an attempt
// with the transport's ResponseHeaderTimeout instead.
func BenchmarkPairedTimeout(b *testing.B) {
	page100, _, updated := fixtures(b)
	ctx := context.Background()
	list := newFixedServer(b, page100)
	listURL := list.URL + "/api/v2/users?organizationId=1&pg%5Blimit%5D=100"
	upd := newFixedServer(b, updated)
	updURL := upd.URL + "/api/v2/users/1"
	hc, hct := rawClient(), rawClient()
	hct.Timeout = 2 * time.Minute
	listCall := func(hc *http.Client) func() error {
		return func() error {
			var l make.UserList
			return rawDo(ctx, hc, http.MethodGet, listURL, nil, &l)
		}
	}
	updateCall := func(hc *http.Client) func() error {
		return func() error {
			buf, err := json.Marshal(&make.UpdateUserRequest{Name: "Jane Q. Doe"})
			if err != nil {
				return err
			}
			var out struct {
				User *make.User `json:"user"`
			}
			return rawDo(ctx, hc, http.MethodPatch, updURL, buf, &out)
		}
	}
	b.Run("call=list", func(b *testing.B) {
		b.ReportAllocs()
		pairedLoop(b, listCall(hc), listCall(hct), "timeout")
	})
	b.Run("call=update", func(b *testing.B) {
		b.ReportAllocs()
		pairedLoop(b, updateCall(hc), updateCall(hct), "timeout")
	})
}

// BenchmarkUsersUpdate is Users.Update (PATCH /users/1 with a JSON body)
// against the same PATCH made with net/http and encoding/json.
func BenchmarkUsersUpdate(b *testing.B) {
	_, _, updated := fixtures(b)
	srv := newFixedServer(b, updated)
	ctx := context.Background()
	client := sdkClient(b, srv.Server)
	hc := rawClient()
	url := srv.URL + "/api/v2/users/1"
	body := &make.UpdateUserRequest{Name: "Jane Q. Doe"}
	sdk := func() error {
		u, err := client.Users.Update(ctx, 1, body)
		if err == nil && u.ID != 1 {
			err = fmt.Errorf("got user %d", u.ID)
		}
		return err
	}
	raw := func() error {
		buf, err := json.Marshal(body)
		if err != nil {
			return err
		}
		var out struct {
			User *make.User `json:"user"`
		}
		err = rawDo(ctx, hc, http.MethodPatch, url, buf, &out)
		if err == nil && out.User.ID != 1 {
			err = fmt.Errorf("got user %d", out.User.ID)
		}
		return err
	}
	sameRequest(b, srv, sdk, raw)
	b.Run("impl=raw", func(b *testing.B) { loop(b, raw) })
	b.Run("impl=sdk", func(b *testing.B) { loop(b, sdk) })
}

// loop runs f b.N times and reports, besides ns/op, the CPU time the whole
// process (client and server) used per op: cpu-ns/op is far steadier than
// ns/op on a machine other work is loading.
func loop(b *testing.B, f func() error) {
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for range b.N {
		if err := f(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
}

// BenchmarkNewRequest builds the List users request without a query and with
// the query BenchmarkUsersList sends (organizationId=1, pg[limit]=100): the
// difference is the cost of the SDK's one query encoder, go-querystring.
func BenchmarkNewRequest(b *testing.B) {
	client, err := make.NewClient("", benchToken, make.WithBaseURL("http://127.0.0.1:1/api/v2"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		query any
	}{{"none", nil}, {"list-users", listOpts(100)}} {
		b.Run("query="+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if _, err := client.NewRequest(ctx, http.MethodGet, "users", c.query, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Iteration memory

const (
	iterTotal    = 100_000
	iterPageSize = 1_000
)

// pagesServer serves GET /users over total generated users, honouring
// pg[offset] and pg[limit]. It writes each page as it generates it, through
// a small buffer, so the server holds no page in memory.
func pagesServer(b *testing.B, total int) *httptest.Server {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		offset, _ := strconv.Atoi(q.Get("pg[offset]"))
		limit, _ := strconv.Atoi(q.Get("pg[limit]"))
		if limit <= 0 {
			limit = 10
		}
		w.Header().Set("Content-Type", "application/json")
		buf := []byte(`{"users":[`)
		for i := offset; i < min(offset+limit, total); i++ {
			if i > offset {
				buf = append(buf, ',')
			}
			id := strconv.Itoa(i + 1)
			buf = append(buf, `{"id":`...)
			buf = append(buf, id...)
			buf = append(buf, `,"name":"User `...)
			buf = append(buf, id...)
			buf = append(buf, `","email":"user`...)
			buf = append(buf, id...)
			buf = append(buf, `@example.com","language":"en","timezoneId":113,"localeId":18,"countryId":1,"features":{},"avatar":"https://secure.gravatar.com/avatar/651ce5d7ba231e3b5dd50756bed56139.jpg?d=mm"}`...)
			if len(buf) > 30<<10 {
				w.Write(buf)
				buf = buf[:0]
			}
		}
		buf = fmt.Appendf(buf, `],"pg":{"sortBy":"id","sortDir":"asc","limit":%d,"offset":%d}}`, limit, offset)
		w.Write(buf)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// heapPeak follows the heap while a benchmark runs: live is the largest heap
// measured after a forced GC at the points the benchmark calls sample (once
// per page); peak is the largest "/memory/classes/heap/objects:bytes" seen by a
// goroutine sampling every 500 µs (live objects plus garbage not yet swept, so
// it depends on GOGC). Both are relative to the heap before the run.
type heapPeak struct {
	base, live uint64
	peak       atomic.Uint64
	stop       context.CancelFunc
	done       sync.WaitGroup
}

func startHeapPeak() *heapPeak {
	runtime.GC()
	ctx, stop := context.WithCancel(context.Background())
	h := &heapPeak{stop: stop}
	h.base = heapAlloc()
	h.done.Add(1)
	go func() {
		defer h.done.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(500 * time.Microsecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > h.peak.Load() {
				h.peak.Store(v)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func heapAlloc() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// pageHeapBytes is the live heap one decoded page of size users takes: the
// scale of a list's memory figures.
func pageHeapBytes(b *testing.B, ctx context.Context, client *make.Client, size int) float64 {
	b.Helper()
	runtime.GC()
	before := heapAlloc()
	page, err := client.Users.List(ctx, listOpts(size))
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	n := float64(heapAlloc() - before)
	runtime.KeepAlive(page)
	return n
}

// sample forces a GC and records the live heap.
func (h *heapPeak) sample() {
	runtime.GC()
	if v := heapAlloc(); v > h.live {
		h.live = v
	}
}

func (h *heapPeak) finish() (live, peak uint64) {
	h.stop()
	h.done.Wait()
	sub := func(v uint64) uint64 {
		if v < h.base {
			return 0
		}
		return v - h.base
	}
	return sub(h.live), sub(h.peak.Load())
}

// BenchmarkListIterMemory ranges over 100,000 users served in pages of 1,000
// with Users.ListIter (mode=iter) and, for comparison, collects every page of
// Users.List into one slice (mode=collect). It reports the peak live heap
// (live-B/op, after a forced GC at every tenth page boundary and, collecting,
// after the last page: a forced GC costs milliseconds) and the peak heap
// including garbage (heap-B/op); ns/op includes those forced GCs.
func BenchmarkListIterMemory(b *testing.B) {
	srv := pagesServer(b, iterTotal)
	ctx := context.Background()
	client, err := make.NewClient("", benchToken, make.WithBaseURL(srv.URL+"/api/v2"))
	if err != nil {
		b.Fatal(err)
	}
	pageBytes := pageHeapBytes(b, ctx, client, iterPageSize) // 1,000 users, for scale

	b.Run("mode=iter", func(b *testing.B) {
		var live, peak uint64
		for range b.N {
			h := startHeapPeak()
			n := 0
			for u, err := range client.Users.ListIter(ctx, listOpts(iterPageSize)) {
				if err != nil {
					b.Fatal(err)
				}
				if n%(10*iterPageSize) == 0 {
					h.sample() // the page just decoded is live here
				}
				if u.ID != int64(n+1) {
					b.Fatalf("user %d: got ID %d", n, u.ID)
				}
				n++
			}
			if n != iterTotal {
				b.Fatalf("got %d users, want %d", n, iterTotal)
			}
			l, p := h.finish()
			live, peak = max(live, l), max(peak, p)
		}
		b.ReportMetric(float64(live), "live-B/op")
		b.ReportMetric(float64(peak), "heap-B/op")
		b.ReportMetric(pageBytes, "page-B")
	})
	b.Run("mode=collect", func(b *testing.B) {
		var live, peak uint64
		for range b.N {
			h := startHeapPeak()
			var all []make.User
			opts := listOpts(iterPageSize)
			for {
				page, err := client.Users.List(ctx, opts)
				if err != nil {
					b.Fatal(err)
				}
				all = append(all, page.Users...)
				last := len(page.Users) < iterPageSize
				if last || len(all)%(10*iterPageSize) == 0 {
					h.sample()
				}
				if last {
					break
				}
				opts.Offset += len(page.Users)
			}
			if len(all) != iterTotal {
				b.Fatalf("got %d users, want %d", len(all), iterTotal)
			}
			l, p := h.finish()
			live, peak = max(live, l), max(peak, p)
			runtime.KeepAlive(all)
		}
		b.ReportMetric(float64(live), "live-B/op")
		b.ReportMetric(float64(peak), "heap-B/op")
	})
}

// ---------------------------------------------------------------------------
// Concurrency and connection reuse

const (
	concCallers  = 64
	concRequests = 100 // per caller
)

// BenchmarkConcurrent sends 64 × 100 List requests (10-user pages) through
// one client from 64 goroutines, with the SDK and with one raw net/http
// client, each against a fresh server, in every cell of the answer shapes
// ({length, chunked, gzip} x {HTTP/1.1, TLS + HTTP/2}); which goes first
// alternates from op to op. It reports each one's requests per second
// (raw-req/s, sdk-req/s) and sdk/raw-throughput, the ratio of those over the
// summed elapsed times; the connections each server accepted (most in any
// op: raw-max-conns, sdk-max-conns) and the most open at once
// (sdk-peak-open); and the allocations per call of the whole process
// (client and server; raw-allocs/call, sdk-allocs/call).
func BenchmarkConcurrent(b *testing.B) {
	_, page10, _ := fixtures(b)
	ctx := context.Background()
	type phase struct {
		elapsed          time.Duration
		maxConns, peak   int64
		allocs, requests uint64
	}
	run := func(b *testing.B, cell benchCell, p *phase, newCaller func(srv *fixedServer) func() error) {
		srv := newShapedServer(b, page10, cell)
		call := newCaller(srv)
		var wg sync.WaitGroup
		var failed atomic.Pointer[error]
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		m0 := ms.Mallocs
		start := time.Now()
		for range concCallers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range concRequests {
					if err := call(); err != nil {
						failed.CompareAndSwap(nil, &err)
						return
					}
				}
			}()
		}
		wg.Wait()
		p.elapsed += time.Since(start)
		runtime.ReadMemStats(&ms)
		p.allocs += ms.Mallocs - m0
		p.requests += concCallers * concRequests
		if err := failed.Load(); err != nil {
			b.Fatal(*err)
		}
		p.maxConns = max(p.maxConns, srv.conns.Load())
		p.peak = max(p.peak, srv.peak.Load())
		srv.Close()
	}
	rawCaller := func(srv *fixedServer) func() error {
		hc := srv.rawClient()
		url := srv.URL + "/api/v2/users?organizationId=1&pg%5Blimit%5D=10"
		return func() error {
			var l make.UserList
			return rawDo(ctx, hc, http.MethodGet, url, nil, &l)
		}
	}
	for _, cell := range benchCells() {
		b.Run(cell.String(), func(b *testing.B) {
			var raw, sdk phase
			sdkCaller := func(srv *fixedServer) func() error {
				client := srv.sdkClient(b)
				opts := listOpts(10)
				return func() error {
					_, err := client.Users.List(ctx, opts)
					return err
				}
			}
			for i := range b.N {
				if i%2 == 0 {
					run(b, cell, &raw, rawCaller)
					run(b, cell, &sdk, sdkCaller)
				} else {
					run(b, cell, &sdk, sdkCaller)
					run(b, cell, &raw, rawCaller)
				}
			}
			b.ReportMetric(float64(raw.requests)/raw.elapsed.Seconds(), "raw-req/s")
			b.ReportMetric(float64(sdk.requests)/sdk.elapsed.Seconds(), "sdk-req/s")
			b.ReportMetric(raw.elapsed.Seconds()/sdk.elapsed.Seconds(), "sdk/raw-throughput")
			b.ReportMetric(float64(raw.maxConns), "raw-max-conns")
			b.ReportMetric(float64(sdk.maxConns), "sdk-max-conns")
			b.ReportMetric(float64(sdk.peak), "sdk-peak-open")
			b.ReportMetric(float64(raw.allocs)/float64(raw.requests), "raw-allocs/call")
			b.ReportMetric(float64(sdk.allocs)/float64(sdk.requests), "sdk-allocs/call")
		})
	}
}

// ---------------------------------------------------------------------------
// Rate limiter accuracy

// BenchmarkRateLimiter saturates a client made WithRateLimit(600) with 16
// goroutines for 5 s against a fake enforcing the same limit, with retries off
// so that a 429 would surface. It reports the requests the fake received
// (sent/op), their rate beyond the limiter's burst of one over the window
// ((sent-1)/5 s, want 599/60 = 9.98/s), the same over the span from the
// first to the last arrival (req/s-steady), and the 429s. Skipped under
// -short. (ratelimit_test.go checks, with the window scaled down, that no
// window ever holds more than the limit.)
func BenchmarkRateLimiter(b *testing.B) {
	if testing.Short() {
		b.Skip("runs 5 s per op; skipped under -short")
	}
	const (
		perMinute = 600
		window    = 5 * time.Second
		callers   = 16
	)
	const burst = 1.0
	configured := float64(time.Second) / float64(make.NewRateLimiter(perMinute).Interval())
	var sent, tooMany, rateSum, steady float64
	for range b.N {
		srv := maketest.New(maketest.WithRateLimit(perMinute))
		client, err := make.NewClient("", benchToken, make.WithBaseURL(srv.URL()),
			make.WithRateLimit(perMinute), make.WithRetry(make.RetryConfig{}))
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), window)
		var n429, nOther atomic.Int64
		var other atomic.Pointer[error]
		var wg sync.WaitGroup
		for range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					_, err := client.Users.List(ctx, listOpts(1))
					var apiErr *make.APIError
					switch {
					case err == nil, ctx.Err() != nil:
					case errors.Is(err, make.ErrRateLimited):
						n429.Add(1)
					case !errors.As(err, &apiErr) && errors.Is(err, context.DeadlineExceeded):
						return // the limiter refuses a wait past the deadline: nothing was sent
					default:
						nOther.Add(1)
						other.CompareAndSwap(nil, &err)
					}
				}
			}()
		}
		wg.Wait()
		cancel()
		reqs := srv.Requests()
		got := float64(len(reqs))
		if len(reqs) > int(burst) {
			// After the burst, requests arrive one per 1/rate: their rate over
			// the span from the first to the last arrival.
			span := reqs[len(reqs)-1].Time.Sub(reqs[0].Time).Seconds()
			steady += (got - burst) / span
		}
		srv.Close()
		if err := other.Load(); err != nil {
			b.Fatalf("%d unexpected errors, the first: %v", nOther.Load(), *err)
		}
		sent += got
		tooMany += float64(n429.Load())
		rateSum += (got - burst) / window.Seconds()
	}
	n := float64(b.N)
	b.ReportMetric(sent/n, "sent/op")
	b.ReportMetric(rateSum/n, "req/s-beyond-burst")
	b.ReportMetric(steady/n, "req/s-steady")
	b.ReportMetric(configured, "req/s-configured")
	b.ReportMetric(tooMany/n, "429s/op")
}
