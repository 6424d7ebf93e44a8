package maketest

import (
	"time"

	"github.com/make-sdk/make-go"
)

// Client returns an SDK client for the server: its base URL, DefaultToken
// (the current user), retries that wait at most 50 ms so that tests of
// retried faults stay fast, and with WithTLS an HTTP client that trusts the
// server. opts are applied after these and may replace them. A bad option
// fails the test (panics for a server started by New).
func (s *Server) Client(opts ...make.Option) *make.Client {
	base := []make.Option{
		make.WithBaseURL(s.URL()),
		make.WithRetry(make.RetryConfig{MaxRetries: 4, MinWait: time.Millisecond, MaxWait: 50 * time.Millisecond}),
	}
	if s.tls {
		base = append(base, make.WithHTTPClient(s.HTTPClient()))
	}
	c, err := make.NewClient("", DefaultToken, append(base, opts...)...)
	if err != nil {
		if s.tb != nil {
			s.tb.Helper()
			s.tb.Fatalf("maketest: Client: %v", err)
		}
		panic("maketest: Client: " + err.Error())
	}
	return c
}
