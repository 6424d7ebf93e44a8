package make

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// Reading a successful response: one JSON value, at most maxResponseBytes
// of it, returned as soon as it is complete (what follows it is not waited
// for), and refused before decoding when what it decodes to would grow the
// heap by more than maxCallHeap in all.

// maxCallHeap bounds the heap one response may grow: its body (at most
// maxResponseBytes, read into a buffer that doubles, so up to twice its
// size allocated) and what it decodes to, whatever its shape: 32 MiB of
// "[{},{},...]" into []User would otherwise decode to gigabytes. A margin
// of 16 MiB covers the rest of the call.
const maxCallHeap = 128 << 20

// decodeBudget is what a body of n bytes may decode to.
func decodeBudget(n int) int64 { return maxCallHeap - 16<<20 - 2*int64(n) }

// readValue reads one JSON value from r (sizeHint is the Content-Length, or
// -1) and returns its bytes as soon as the value is complete, or an error
// as soon as its first byte cannot start a JSON value (a JSON syntax error),
// at the end of the body (io.ErrUnexpectedEOF, or the syntax error the body
// holds) or after limit bytes (ErrResponseTooLarge).
// Not a json.Decoder: in a trial, json.Decoder made the worst-case 32 MiB
// body 2-4x slower and 5x the allocation.
func readValue(r io.Reader, sizeHint int64, limit int) ([]byte, error) {
	size := min(4<<10, limit)
	if sizeHint > 0 {
		size = int(min(sizeHint, int64(limit)))
	}
	buf := make([]byte, 0, size)
	var sc valueScanner
	for {
		if len(buf) == cap(buf) {
			if len(buf) >= limit {
				return nil, ErrResponseTooLarge
			}
			// Double (append grows large slices by 1.25x, which
			// allocates 5 times the final size in all).
			grown := make([]byte, len(buf), min(2*cap(buf), limit))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		end, state := sc.scan(buf[len(buf) : len(buf)+n])
		off := len(buf)
		buf = buf[:len(buf)+n]
		switch state {
		case scanDone:
			return buf[:off+end], nil
		case scanInvalid:
			return nil, syntaxError(buf[:off+end+1])
		}
		if err == io.EOF {
			if !sc.started {
				return nil, io.EOF // an empty body: no value at all
			}
			if sc.topScalar() {
				return buf, nil // a bare number or literal ends with the body
			}
			if serr := syntaxError(buf); !errors.Is(serr, io.ErrUnexpectedEOF) {
				return nil, serr
			}
			return nil, io.ErrUnexpectedEOF
		}
		if err != nil {
			// A body cut short by the connection (HTTP/1.1) or a stream
			// reset (HTTP/2) is cut short either way.
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				err = fmt.Errorf("%w: %w", io.ErrUnexpectedEOF, err)
			}
			return nil, err
		}
	}
}

// syntaxError is encoding/json's verdict on b, or io.ErrUnexpectedEOF when b
// is only cut short.
func syntaxError(b []byte) error {
	var raw json.RawMessage
	err := json.Unmarshal(b, &raw)
	var se *json.SyntaxError
	if err == nil || (errors.As(err, &se) && strings.HasPrefix(se.Error(), "unexpected end of JSON input")) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// valueScanner finds where a JSON value ends, fed the body piece by piece.
// It checks only what it must: the first byte, and the bytes allowed
// outside strings; encoding/json validates the whole value afterwards.
type valueScanner struct {
	started  bool
	scalar   bool // a top-level number or literal
	depth    int
	inString bool
	escape   bool
}

type scanState int

const (
	scanMore scanState = iota
	scanDone
	scanInvalid
)

func (s *valueScanner) topScalar() bool { return s.started && s.scalar }

// scan consumes p; on scanDone end is the length of the value's last piece,
// on scanInvalid the offset of the offending byte.
func (s *valueScanner) scan(p []byte) (end int, state scanState) {
	for i, c := range p {
		if !s.started {
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r':
				continue
			case c == '{' || c == '[':
				s.depth = 1
			case c == '"':
				s.inString = true
			case c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f' || c == 'n':
				s.scalar = true
			default:
				return i, scanInvalid
			}
			s.started = true
			continue
		}
		switch {
		case s.scalar:
			if !scalarByte(c) {
				return i, scanDone
			}
		case s.inString:
			switch {
			case s.escape:
				s.escape = false
			case c == '\\':
				s.escape = true
			case c == '"':
				s.inString = false
				if s.depth == 0 {
					return i + 1, scanDone
				}
			}
		default:
			switch c {
			case '"':
				s.inString = true
			case '{', '[':
				s.depth++
			case '}', ']':
				s.depth--
				if s.depth == 0 {
					return i + 1, scanDone
				}
			case ' ', '\t', '\n', '\r', ',', ':':
			default:
				if !scalarByte(c) {
					return i, scanInvalid
				}
			}
		}
	}
	return len(p), scanMore
}

// scalarByte reports whether c may be part of a JSON number or literal.
func scalarByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c >= 'a' && c <= 'z' || c == 'E'
}

// decodeBody reads a successful response and decodes it into v (see
// decodeJSON and checkEnvelope in decode.go).
func (c *Client) decodeBody(ctx context.Context, resp *http.Response, a *attempt, v any, envelope bool) error {
	ct := resp.Header.Get("Content-Type")
	fail := func(err error, body []byte) error {
		return &DecodeError{StatusCode: resp.StatusCode, Method: a.method, URL: a.redactedURL(), ContentType: ct, Err: err, Body: a.scrub().bytes(capBody(body))}
	}
	if ct != "" && ct != "application/json" && ct != "application/json; charset=utf-8" { // the usual two need no parsing
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return fail(errors.New("the response is not JSON"), nil)
		}
	}
	if resp.ContentLength > maxResponseBytes {
		return fail(ErrResponseTooLarge, nil) // refused before reading any of it
	}
	raw, err := readValue(resp.Body, resp.ContentLength, maxResponseBytes)
	if err != nil {
		return fail(err, nil)
	}
	if err := checkDecodedSize(raw, v); err != nil {
		return fail(err, nil)
	}
	return c.decodeResult(ctx, resp, a, raw, v, envelope, fail)
}
