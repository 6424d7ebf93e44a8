package maketest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkServe measures the fake's own cost of one request (routing,
// authentication, validation against the catalogue, the handler, encoding),
// calling ServeHTTP directly, without a network.
//
//	go test -run '^$' -bench BenchmarkServe -benchmem ./maketest
func BenchmarkServe(b *testing.B) {
	s := New(WithSeed(100))
	defer s.Close()
	for _, c := range []struct{ name, method, path, body string }{
		{"op=usersGetMe", "GET", "/users/me", ""},
		{"op=usersList/limit=100", "GET", "/users?organizationId=1&pg%5Blimit%5D=100", ""},
		{"op=usersUpdate", "PATCH", "/users/1", `{"name":"Jane Doe","language":"en"}`},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest(c.method, APIPrefix+c.path, strings.NewReader(c.body))
				req.Header.Set("Authorization", "Token "+DefaultToken)
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
				if i%1000 == 999 {
					s.ResetRequests() // the record of requests grows otherwise
				}
			}
		})
	}
}
