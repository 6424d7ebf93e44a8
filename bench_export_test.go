package make_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/make-sdk/make-go"
)

// BenchmarkExport is an export of every user of an organization with
// Users.ListIter, by default (page=default: Make's largest page, 10,000) and
// at 100 a page (the iterator's page size before issue 13), over 25,000 and
// 100,000 users. For each it reports:
//
//   - calls/op: requests sent, which is what Make's per-minute limit counts;
//   - s-at-60/min: the wall time those calls take under a limit of 60 a
//     minute (Make's Core plan), computed from the calls and the spacing of
//     make.NewRateLimiter(60), not slept: (calls-1) × 60/59 s;
//   - first-item-ms: the time to the first user (one page fetched and
//     decoded, on loopback), the price of a large page;
//   - live-B/op: the peak live heap (after a forced GC at every page
//     boundary, or every tenth of the export when it has more than 10 pages:
//     every page is alike) over the heap before the export, and page-B, the
//     live heap one decoded page takes: live-B/op ÷ page-B is the export's
//     peak in pages;
//   - heap-B/op: the peak heap including garbage (sampled every 500 µs).
//
// ns/op is loopback time and includes the forced GCs.
func BenchmarkExport(b *testing.B) {
	interval := make.NewRateLimiter(60).Interval()
	for _, c := range []struct {
		users, limit int
		page         string
	}{
		{25_000, 0, "default"},
		{100_000, 0, "default"},
		{100_000, 100, "100"},
	} {
		b.Run("users="+strconv.Itoa(c.users)+"/page="+c.page, func(b *testing.B) {
			srv := pagesServer(b, c.users)
			ct := &countingTransport{rt: http.DefaultTransport}
			client, err := make.NewClient("", benchToken, make.WithBaseURL(srv.URL+"/api/v2"),
				make.WithHTTPClient(&http.Client{Transport: ct}))
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			opts := listOpts(c.limit)
			pageSize := c.limit
			if pageSize == 0 {
				pageSize = 10_000 // GET /users' documented maximum
			}
			// A forced GC costs milliseconds: at most about 10 per export.
			every := pageSize * max(1, c.users/pageSize/10)
			pageBytes := pageHeapBytes(b, ctx, client, pageSize) // for scale

			var live, peak uint64
			var first time.Duration
			ct.n.Store(0)
			b.ResetTimer()
			for range b.N {
				h := startHeapPeak()
				n := 0
				start := time.Now()
				for u, err := range client.Users.ListIter(ctx, opts) {
					if err != nil {
						b.Fatal(err)
					}
					if n == 0 {
						first += time.Since(start)
					}
					if n%every == 0 {
						h.sample() // the page just decoded is live here
					}
					if u.ID != int64(n+1) {
						b.Fatalf("user %d: got ID %d", n, u.ID)
					}
					n++
				}
				if n != c.users {
					b.Fatalf("got %d users, want %d", n, c.users)
				}
				l, p := h.finish()
				live, peak = max(live, l), max(peak, p)
			}
			calls := float64(ct.n.Load()) / float64(b.N)
			b.ReportMetric(calls, "calls/op")
			b.ReportMetric((time.Duration(calls-1) * interval).Seconds(), "s-at-60/min")
			b.ReportMetric(float64(first.Microseconds())/1000/float64(b.N), "first-item-ms")
			b.ReportMetric(float64(live), "live-B/op")
			b.ReportMetric(float64(peak), "heap-B/op")
			b.ReportMetric(pageBytes, "page-B")
		})
	}
}
