package make

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Reading a successful response: one JSON value, at most maxResponseBytes
// of it, returned as soon as it is complete (what follows it is not waited
// for), and refused before decoding when what it decodes to would grow the
// heap by more than maxCallHeap in all.

// Keeping the connection. net/http puts an HTTP/1.1 connection back in its
// pool only when the answer's body was read to its end: a body closed
// before it (a chunked answer's terminator, the end of a gzip stream,
// whitespace after the value) costs a new connection, and over TLS a new
// handshake, on the next call. Every answer's body is read to its end on
// Close, whatever its kind (a value, an empty 2xx, a 3xx refused, a 4xx, a
// 5xx retried, a 429 waited on), but at most maxDrainBytes of it for at
// most maxDrainWait: a server that trickles after a complete answer does
// not hold the call (its connection is then closed, which is right).
const (
	maxDrainBytes = 4 << 10 // go-retryablehttp's own drain reads 4 KiB
	// maxDrainWait is long enough for the end of a body that a loaded
	// machine delays (at a load of 8-12 on 2 vCPUs, 100 ms ran out once in
	// about 30,000 calls of 64 callers), and short next to any timeout.
	maxDrainWait = 250 * time.Millisecond
)

// keepConnection wraps resp's body, if it can cost a connection, in a
// bodyReader. Over HTTP/2 a stream closed early ends with a RST_STREAM and
// keeps its connection; draining it instead was 2-3% slower a call
// (BenchmarkPaired/shape=(length|chunked)/proto=h2/call=(org|update), 6
// runs each way).
func keepConnection(resp *http.Response) {
	if resp.Body == nil || resp.Body == http.NoBody || resp.ProtoMajor == 2 {
		return
	}
	resp.Body = &bodyReader{rc: resp.Body}
}

// bodyReader is an answer's body whose Close first drains what is left of
// it, bounded (see maxDrainBytes). Read passes through and notes the end;
// after Close, Read reports the end, so that go-retryablehttp's own drain
// of a body checkRetry closed reads nothing.
type bodyReader struct {
	rc     io.ReadCloser
	rest   io.LimitedReader // what Close drains, held here to save an allocation
	eof    bool
	closed bool
}

func (b *bodyReader) Read(p []byte) (int, error) {
	if b.closed {
		return 0, io.EOF
	}
	n, err := b.rc.Read(p)
	if err == io.EOF {
		b.eof = true
	}
	return n, err
}

// Close drains the rest of the body (at most maxDrainBytes, for at most
// maxDrainWait: the timer closes the body under a Read that waits longer,
// which net/http's bodies allow, as cancelling a request does) and closes
// it.
func (b *bodyReader) Close() error {
	if b.closed {
		return nil
	}
	b.closed = true
	if !b.eof {
		rc := b.rc
		t := time.AfterFunc(maxDrainWait, func() { rc.Close() })
		b.rest = io.LimitedReader{R: rc, N: maxDrainBytes}
		io.Copy(io.Discard, &b.rest) //nolint:errcheck // what is left is of no use; a failure only costs the connection
		t.Stop()
	}
	return b.rc.Close()
}

// maxCallHeap bounds the heap one response may grow: its body (at most
// maxResponseBytes, read into a buffer that doubles, so up to twice its
// size allocated) and what it decodes to, whatever its shape: 32 MiB of
// "[{},{},...]" into []User would otherwise decode to gigabytes. A margin
// of 16 MiB covers the rest of the call.
const maxCallHeap = 128 << 20

// decodeBudget is what a body of n bytes may decode to.
func decodeBudget(n int) int64 { return maxCallHeap - 16<<20 - 2*int64(n) }

// firstReadBytes is the first buffer readValue reads an answer of unknown
// length (chunked, gzip) into, when bodyBuffers has none; it doubles from
// there. Every answer recorded from Make's servers for this SDK (median
// 289 B, largest 1,164 B) fits in it; a 100-user page costs one more
// doubling than from 4 KiB, which made a 523-byte update answer allocate
// 4 KiB.
const firstReadBytes = 2 << 10

// bodyBuffers holds the buffers answers were read into, each kept for the
// next answer once nothing decoded from it needs it (see decodeBody). Without
// it, every page of unknown length (chunked, gzip) cost the buffers that
// double up to its size, and a 100-user page came out 6-8% slower than a raw
// json.Decoder (BENCHMARKS.md, section 0). A buffer above maxPooledBuffer
// (a page of about 1,000 users) is left to the garbage collector; the pool
// holds at most one buffer per caller at once, and lets go of those not
// used again within two garbage collections.
var bodyBuffers = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledBuffer = 256 << 10

// putBuffer keeps b, the buffer of bp, for the next answer.
func putBuffer(bp *[]byte, b []byte) {
	if cap(b) > maxPooledBuffer {
		return
	}
	*bp = b[:0]
	bodyBuffers.Put(bp)
}

// readValue reads one JSON value from r (sizeHint is the Content-Length, or
// -1) into buf, or into a larger buffer when buf cannot hold sizeHint bytes
// or the value (what buf holds is of no matter), and returns its bytes as
// soon as the value is complete, or an error
// as soon as its first byte cannot start a JSON value (a JSON syntax error),
// at the end of the body (io.ErrUnexpectedEOF, or the syntax error the body
// holds) or after limit bytes (ErrResponseTooLarge).
// Not a json.Decoder: in a trial, json.Decoder made the worst-case 32 MiB
// body 2-4x slower and 5x the allocation.
func readValue(r io.Reader, sizeHint int64, limit int, buf []byte) ([]byte, error) {
	size := min(firstReadBytes, limit)
	if sizeHint > 0 {
		size = int(min(sizeHint, int64(limit)))
	}
	if cap(buf) < size || cap(buf) > limit {
		buf = make([]byte, 0, size)
	}
	buf = buf[:0]
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
// outside strings; encoding/json validates the whole value afterwards. It
// is not encoding/json's Decoder, which stops at the end of a value too:
// the Decoder was 2-3x slower on every body of BenchmarkReadValue (a page,
// a page with escaped slashes, 27 MiB) and allocated 18 and 30 times where
// the scanner does 7 and 17 (go test -run '^$' -bench ReadValue
// -benchtime 5x ., at a load of 8-9).
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
	for i := 0; i < len(p); i++ {
		c := p[i]
		if s.inString && !s.escape {
			// Most of Make's bytes are in strings: jump to the next quote
			// or backslash (bytes.IndexByte is vectorised), not byte by byte.
			rest := p[i:]
			q := bytes.IndexByte(rest, '"')
			if q < 0 {
				q = len(rest)
			}
			if b := bytes.IndexByte(rest[:q], '\\'); b >= 0 {
				i += b
				s.escape = true
				continue
			}
			if q == len(rest) {
				return len(p), scanMore
			}
			i += q
			s.inString = false
			if s.depth == 0 {
				return i + 1, scanDone
			}
			continue
		}
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
		case s.inString: // the byte after a backslash
			s.escape = false
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

// decodeBody reads a successful answer and decodes it into a.out (see
// decodeJSON and checkEnvelope in decode.go).
func (c *Client) decodeBody(a *attempt, resp *http.Response) error {
	ct := resp.Header.Get("Content-Type")
	if ct != "" && ct != "application/json" && ct != "application/json; charset=utf-8" { // the usual two need no parsing
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return a.decodeError(resp, errors.New("the response is not JSON"), nil)
		}
	}
	if resp.ContentLength > maxResponseBytes {
		return a.decodeError(resp, ErrResponseTooLarge, nil) // refused before reading any of it
	}
	bp := bodyBuffers.Get().(*[]byte)
	raw, err := readValue(resp.Body, resp.ContentLength, maxResponseBytes, *bp)
	if err != nil {
		return a.decodeError(resp, err, nil)
	}
	if err := checkDecodedSize(raw, a.out); err != nil {
		return a.decodeError(resp, err, nil)
	}
	kept, _ := a.req.Context().Value(rawResponseKey{}).(*RawResponse)
	if err := c.decodeResult(a, resp, raw, kept); err != nil {
		return err // it may hold raw
	}
	// A service method's result holds none of raw: encoding/json copies
	// what it decodes, and every UnmarshalJSON of the SDK's types copies
	// what it keeps (TestBodyBuffers_ResultsOutliveTheNextAnswer). Do's v
	// may be the caller's type, whose UnmarshalJSON might keep its bytes
	// against the json.Unmarshaler contract, and WithRawResponse keeps
	// them: those answers' buffers are not reused.
	if a.envelope && kept == nil {
		putBuffer(bp, raw)
	}
	return nil
}

// decodeError is the *DecodeError of the attempt's answer resp, with at
// most maxDecodeErrorBody bytes of body, secrets removed.
func (a *attempt) decodeError(resp *http.Response, err error, body []byte) *DecodeError {
	return &DecodeError{StatusCode: resp.StatusCode, Method: a.method, URL: a.redactedURL(),
		ContentType: resp.Header.Get("Content-Type"), Err: err, Body: a.scrub().bytes(capBody(body))}
}
