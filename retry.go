package make

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// The retry policy of the one request path (go-retryablehttp's CheckRetry,
// Backoff and hooks), and the errors of a call that could not be completed.

// checkRetry is the retry policy: stop when the context is done; retry 429
// for every method (Make refused it unprocessed); retry 5xx and network
// errors only for idempotent methods, and a network error of a POST or
// PATCH only when the connection was never made; never retry an error that
// is not a network error (e.g. a test transport's "no responder found") nor
// a host that does not exist; stop early when the wait would pass the
// context's deadline.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	a := attemptOf(ctx)
	if a == nil {
		a = &attempt{}
	}
	var retry bool
	var pause time.Duration // how long a 429 paused the whole client
	wait := time.Duration(-1)
	switch {
	case err != nil:
		if ok, perr := retryablehttp.DefaultRetryPolicy(ctx, resp, err); !ok {
			return false, perr
		}
		if !networkError(err) || dnsNotFound(err) {
			return false, err
		}
		retry = a.idempotent || neverConnected(err)
	case resp.StatusCode == http.StatusTooManyRequests:
		wait = backoff(c.retry.MinWait, c.retry.MaxWait, a.n, resp)
		pause = c.rateLimited(wait)
		retry = true
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		retry = a.idempotent
	}
	if !retry {
		return false, err
	}
	if a.n >= c.retry.MaxRetries {
		return true, err // retryablehttp stops here and passes the last answer on
	}
	if wait < 0 { // not computed for a 429 above
		wait = backoff(c.retry.MinWait, c.retry.MaxWait, a.n, resp)
	}
	if d, ok := ctx.Deadline(); ok && time.Until(d) < max(wait, pause) {
		return false, err
	}
	if c.logger != nil {
		attrs := []any{"method", a.method, "url", a.redactedURL(), "attempt", a.n + 1, "wait", wait}
		if resp != nil {
			attrs = append(attrs, "status", resp.StatusCode)
		} else {
			attrs = append(attrs, "error", a.scrub().string(redactedError(err, a.redactedURL())))
		}
		c.logger.WarnContext(ctx, "make: retrying", attrs...)
	}
	if resp != nil {
		// Drained (bounded) and closed here, so that the answer given up
		// keeps its connection, rather than by go-retryablehttp, whose own
		// drain waits as long as the server trickles.
		resp.Body.Close()
	}
	return true, err
}

// networkError reports whether err is a failure of the network or of the
// HTTP connection (a dial, TLS, reset or timeout error, a connection closed
// early, an HTTP/2 stream or connection error), which a retry may overcome,
// rather than an error of a transport that did not reach the network.
func networkError(err error) bool {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // a *url.Error is a net.Error whatever it wraps
	}
	var ne net.Error
	var errno syscall.Errno
	if errors.As(err, &ne) || errors.As(err, &errno) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	// net/http's own errors (its HTTP/2 stream resets and GOAWAYs, a
	// connection lost while reading the response) have no exported type.
	for e := err; e != nil; e = errors.Unwrap(e) {
		t := reflect.TypeOf(e)
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch pkg := t.PkgPath(); {
		case pkg == "net/http", pkg == "golang.org/x/net/http2", pkg == "crypto/tls",
			strings.HasPrefix(pkg, "net/http/internal/"): // Go 1.27's own HTTP/2 (its StreamError)
			return true
		}
		msg := e.Error()
		if strings.HasPrefix(msg, "net/http: ") || strings.HasPrefix(msg, "http2: ") || msg == "http: server closed idle connection" {
			return true
		}
	}
	return false
}

// redactedError renders err for a log line with the URL of a *url.Error
// replaced by the redacted one: net/http's error text repeats the request's
// URL, secrets included.
func redactedError(err error, redacted string) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		cp := *ue
		cp.URL = redacted
		return cp.Error()
	}
	return err.Error()
}

// neverConnected reports whether err happened before a connection was made,
// so the server cannot have seen the request.
func neverConnected(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// backoff is the wait before retry attemptNum+1: what Retry-After asks for
// on a 429 or 503 (seconds or an HTTP date in any of its three formats, read
// by parseRetryAfter as APIError.RetryAfter does), else exponential from
// min; never more than max, never negative.
func backoff(min, max time.Duration, attemptNum int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return clamp(d, max)
		}
	}
	return clamp(retryablehttp.DefaultBackoff(min, max, attemptNum, nil), max)
}

func clamp(d, max time.Duration) time.Duration {
	if d > max {
		return max
	}
	if d < 0 {
		return 0
	}
	return d
}

func (c *Client) beforeAttempt(_ retryablehttp.Logger, req *http.Request, n int) {
	if a := attemptOf(req.Context()); a != nil {
		a.n = n
		if c.logger != nil {
			a.started = time.Now()
		}
	}
}

func (c *Client) afterAttempt(_ retryablehttp.Logger, resp *http.Response) {
	if c.logger == nil || resp.Request == nil {
		return
	}
	ctx := resp.Request.Context()
	if a := attemptOf(ctx); a != nil {
		c.logger.DebugContext(ctx, "make: request",
			"method", resp.Request.Method, "url", a.redactedURL(), "status", resp.StatusCode,
			"attempt", a.n+1, "duration", time.Since(a.started))
	}
}

// hostNotFoundError is a permanent DNS failure of the API's host: a
// mistyped zone or base URL, or, for a documented zone, a resolver or network
// that cannot reach it. It is not retried.
type hostNotFoundError struct {
	host string
	err  error
}

func (e *hostNotFoundError) Error() string {
	if !Zone(e.host).IsWhiteLabel() {
		// A documented zone exists: the name is right and this machine's
		// resolver (or network) failed to find it.
		return fmt.Sprintf("make: the host %s could not be resolved (a DNS or network problem on this machine; the zone itself is right): %v",
			e.host, e.err)
	}
	return fmt.Sprintf("make: the host %s does not exist (check the zone: MAKE_ZONE, ParseZone or WithBaseURL; Make's zones are %v): %v",
		e.host, Zones(), e.err)
}

func (e *hostNotFoundError) Unwrap() error { return e.err }

// notResentError is a connection or stream failure after a POST or PATCH
// was sent: the server may have processed it, so it was not sent again.
type notResentError struct {
	method string
	err    error
}

func (e *notResentError) Error() string {
	return fmt.Sprintf("make: the connection failed after the %s was sent; the server may have processed it, so it was not sent again (check before repeating it): %v", e.method, e.err)
}

func (e *notResentError) Unwrap() error { return e.err }

// dnsNotFound reports whether err is a permanent DNS failure (no such host).
func dnsNotFound(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de) && de.IsNotFound
}
