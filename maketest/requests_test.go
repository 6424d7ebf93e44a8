package maketest

import (
	"bytes"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"testing"
)

// recordedBytes is what the kept requests hold: bodies, header and query
// values, as Requests returns them.
func recordedBytes(reqs []Request) (n int) {
	for _, r := range reqs {
		n += len(r.Body)
		for _, m := range []map[string][]string{r.Header, r.Query} {
			for k, vs := range m {
				n += len(k)
				for _, v := range vs {
					n += len(v)
				}
			}
		}
	}
	return n
}

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// Refused requests (no token, unknown route, a body over MaxRequestBody)
// are recorded within the bounds: the 112 MiB sent leave at most
// MaxRecordedBytes kept, and the server's heap grows by no more (issue 20,
// item 8: it grew by everything sent).
func TestRecordingBoundedForRefusedRequests(t *testing.T) {
	s := New()
	defer s.Close()
	hc := s.HTTPClient()
	send := func(path, token string, body []byte) int {
		t.Helper()
		req, err := http.NewRequest("PATCH", s.URL()+path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set("Authorization", "Token "+token)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	before := heapInUse()
	body := bytes.Repeat([]byte("x"), 2<<20)
	const n = 40 // 80 MiB
	for i := range n {
		path, token, want := "/users/1", "", 401 // no token
		if i%2 == 1 {
			path, token, want = "/no/such/route", DefaultToken, 404
		}
		if got := send(path, token, body); got != want {
			t.Fatalf("request %d: %d, want %d", i, got, want)
		}
	}
	// Measured before the 413: the client's transport may still hold that
	// body's buffer, writing it, when the refusal comes back.
	grew := int64(heapInUse()) - int64(before)
	if got := send("/users/1", "", make([]byte, MaxRequestBody+1)); got != 413 {
		t.Fatalf("a body over MaxRequestBody: %d, want 413", got)
	}
	reqs := s.Requests()
	kept := recordedBytes(reqs)
	t.Logf("sent %d MiB in %d requests; kept %d requests, %d MiB; heap grew %d MiB",
		(n*len(body)+MaxRequestBody+1)>>20, n+1, len(reqs), kept>>20, grew>>20)
	if kept > MaxRecordedBytes {
		t.Fatalf("kept %d bytes, over MaxRecordedBytes (%d)", kept, MaxRecordedBytes)
	}
	if grew > MaxRecordedBytes+16<<20 {
		t.Fatalf("the heap grew by %d MiB for refused requests, over MaxRecordedBytes (%d MiB) and some slack",
			grew>>20, MaxRecordedBytes>>20)
	}
	if s.RequestCount() != n+1 {
		t.Fatalf("RequestCount = %d, want every request (%d)", s.RequestCount(), n+1)
	}
	last := reqs[len(reqs)-1]
	if len(last.Body) != MaxRecordedBody || last.BodySize != MaxRequestBody+1 || last.Path != "/users/1" {
		t.Fatalf("the last request kept: %d bytes of %d, path %s", len(last.Body), last.BodySize, last.Path)
	}
	if first := reqs[0]; len(reqs) >= n || first.Path != "/users/1" && first.Path != "/no/such/route" {
		t.Fatalf("the oldest requests must have been dropped: kept %d", len(reqs))
	}
}

// WithRecording keeps the last n requests, oldest first, and 0 none; the
// count goes on.
func TestWithRecording(t *testing.T) {
	for _, keep := range []int{0, 1, 3, 20} {
		t.Run(strconv.Itoa(keep), func(t *testing.T) {
			s := New(WithRecording(keep))
			defer s.Close()
			const sent = 40
			for i := range sent {
				doReq(t, s, "GET", fmt.Sprintf("/users/%d", i+1), DefaultToken, nil)
			}
			reqs := s.Requests()
			if len(reqs) != min(keep, sent) || s.RequestCount() != sent {
				t.Fatalf("kept %d, count %d; want %d, %d", len(reqs), s.RequestCount(), min(keep, sent), sent)
			}
			for i, r := range reqs {
				if want := fmt.Sprintf("/users/%d", sent-len(reqs)+i+1); r.Path != want {
					t.Fatalf("request %d: %s, want %s", i, r.Path, want)
				}
			}
			last, ok := s.LastRequest()
			if ok != (keep > 0) || ok && last.Path != fmt.Sprintf("/users/%d", sent) {
				t.Fatalf("LastRequest = %v, %v", last.Path, ok)
			}
			s.ResetRequests()
			doReq(t, s, "GET", "/users/me", DefaultToken, nil)
			if n := len(s.Requests()); n != min(keep, 1) || s.RequestCount() != 1 {
				t.Fatalf("after ResetRequests: kept %d, count %d", n, s.RequestCount())
			}
		})
	}
}
