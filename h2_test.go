package make_test

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// h2Fault is what the raw HTTP/2 server does to a request (the HTTP/2 rows of
// the fault matrix, TestFaultMatrix_H2Streams in faults_test.go).
type h2Fault int

const (
	h2Answer          h2Fault = iota // forward it to the backend and answer
	h2ResetAfterBody                 // read the whole body, then RST_STREAM PROTOCOL_ERROR
	h2ResetBeforeBody                // RST_STREAM PROTOCOL_ERROR on the headers, body unread
	h2GoAway                         // GOAWAY (last stream 0) on the headers, then close
)

func (f h2Fault) String() string {
	return [...]string{"answer", "stream reset after the body was read", "stream reset before the body was read", "GOAWAY before the body was read"}[f]
}

// README is the fault's row name in README.md.
func (f h2Fault) README() string {
	return [...]string{"answer", "stream reset (`PROTOCOL_ERROR`) after the body was read", "stream reset (`PROTOCOL_ERROR`) before the body was read",
		"GOAWAY (last stream 0) before the body was read"}[f]
}

// rawH2 is an HTTP/2 server over TLS written with x/net/http2's framer, for
// what net/http's server cannot do: reset a stream with PROTOCOL_ERROR (the
// code net/http's client transport replays a request after) and send a
// GOAWAY for one request. Requests it answers go to backend.
type rawH2 struct {
	ln      net.Listener
	URL     string
	backend http.Handler
	decide  func(n int, method, path string) h2Fault // n counts requests from 1

	requests atomic.Int32 // HEADERS frames received
	bodies   atomic.Int32 // request bodies received whole
	mu       sync.Mutex
	seen     []string // "METHOD path" of every whole body
	conns    []net.Conn
	wg       sync.WaitGroup
}

func newRawH2(t *testing.T, backend http.Handler, decide func(n int, method, path string) h2Fault) *rawH2 {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	ts.StartTLS()
	cert := ts.TLS.Certificates[0]
	ts.Close()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2"}})
	require.NoError(t, err)
	s := &rawH2{ln: ln, URL: "https://" + ln.Addr().String(), backend: backend, decide: decide}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		s.mu.Lock()
		for _, c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

type h2Stream struct {
	method, path string
	header       http.Header
	body         bytes.Buffer
}

func (s *rawH2) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(20 * time.Second))
	preface := make([]byte, len(http2.ClientPreface))
	if _, err := io.ReadFull(c, preface); err != nil || string(preface) != http2.ClientPreface {
		return
	}
	fr := http2.NewFramer(c, c)
	fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	if fr.WriteSettings() != nil {
		return
	}
	streams := map[uint32]*h2Stream{}
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			return
		}
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				fr.WriteSettingsAck()
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				fr.WritePing(true, f.Data)
			}
		case *http2.MetaHeadersFrame:
			st := &h2Stream{method: f.PseudoValue("method"), path: f.PseudoValue("path"), header: http.Header{}}
			for _, hf := range f.RegularFields() {
				st.header.Add(hf.Name, hf.Value)
			}
			n := int(s.requests.Add(1))
			switch s.decide(n, st.method, st.path) {
			case h2ResetBeforeBody:
				fr.WriteRSTStream(f.StreamID, http2.ErrCodeProtocol)
				continue
			case h2GoAway:
				fr.WriteGoAway(0, http2.ErrCodeNo, nil)
				time.Sleep(50 * time.Millisecond)
				return
			case h2ResetAfterBody:
				st.header.Set("X-Fault", "reset")
			}
			streams[f.StreamID] = st
			if f.StreamEnded() {
				s.finish(fr, f.StreamID, st)
				delete(streams, f.StreamID)
			}
		case *http2.DataFrame:
			st := streams[f.StreamID]
			if st == nil {
				continue
			}
			st.body.Write(f.Data())
			if len(f.Data()) > 0 { // give the flow-control window back
				fr.WriteWindowUpdate(0, uint32(len(f.Data())))
			}
			if f.StreamEnded() {
				s.finish(fr, f.StreamID, st)
				delete(streams, f.StreamID)
			}
		case *http2.RSTStreamFrame:
			delete(streams, f.StreamID)
		case *http2.GoAwayFrame:
			return
		}
	}
}

// finish handles a request read whole: a reset, or the backend's answer.
func (s *rawH2) finish(fr *http2.Framer, id uint32, st *h2Stream) {
	if st.body.Len() > 0 {
		s.bodies.Add(1)
		s.mu.Lock()
		s.seen = append(s.seen, st.method+" "+st.path)
		s.mu.Unlock()
	}
	if st.header.Get("X-Fault") == "reset" {
		fr.WriteRSTStream(id, http2.ErrCodeProtocol)
		return
	}
	req := httptest.NewRequest(st.method, st.path, bytes.NewReader(st.body.Bytes()))
	req.Header = st.header
	rec := httptest.NewRecorder()
	s.backend.ServeHTTP(rec, req)
	var hb bytes.Buffer
	enc := hpack.NewEncoder(&hb)
	enc.WriteField(hpack.HeaderField{Name: ":status", Value: strconv.Itoa(rec.Code)})
	for k, vs := range rec.Header() {
		for _, v := range vs {
			enc.WriteField(hpack.HeaderField{Name: strings.ToLower(k), Value: v})
		}
	}
	body := rec.Body.Bytes()
	enc.WriteField(hpack.HeaderField{Name: "content-length", Value: strconv.Itoa(len(body))})
	fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: hb.Bytes(), EndHeaders: true, EndStream: len(body) == 0})
	for len(body) > 0 {
		n := min(len(body), 16<<10)
		fr.WriteData(id, n == len(body), body[:n])
		body = body[n:]
	}
}

// h2FaultOnce starts the fake behind a raw HTTP/2 server that does fault
// to the first request and answers the others, and a client on it with
// retry.
func h2FaultOnce(t *testing.T, fault h2Fault, retry RetryConfig) (*maketest.Server, *rawH2, *Client) {
	t.Helper()
	srv := maketest.New()
	t.Cleanup(srv.Close)
	h2 := newRawH2(t, fakeBackend(srv), func(n int, _, _ string) h2Fault {
		if n == 1 {
			return fault
		}
		return h2Answer
	})
	client, err := NewClient("", maketest.DefaultToken, WithBaseURL(h2.URL+"/api/v2"), WithRetry(retry),
		WithHTTPClient(&http.Client{Transport: testTransport(t, true)}))
	require.NoError(t, err)
	return srv, h2, client
}

// fakeBackend serves the fake's API in process for rawH2.
func fakeBackend(srv *maketest.Server) http.Handler {
	target, _ := url.Parse(srv.BaseURL())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out, _ := http.NewRequest(r.Method, target.String()+r.URL.RequestURI(), r.Body)
		out.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(out)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, vs := range resp.Header {
			if k != "Content-Length" {
				w.Header()[k] = vs
			}
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	})
}

// TestH2_TestTransportSpeaksHTTP2 checks that the matrix's TLS runs are on
// HTTP/2: the SDK's default transport negotiates it with the fake.
func TestH2_TestTransportSpeaksHTTP2(t *testing.T) {
	srv := maketest.New(maketest.WithTLS())
	t.Cleanup(srv.Close)
	req, err := http.NewRequest(http.MethodGet, srv.URL()+"/users/me", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Token "+maketest.DefaultToken)
	resp, err := (&http.Client{Transport: testTransport(t, true)}).Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 2, resp.ProtoMajor, "HTTP/2")
	assert.Equal(t, 200, resp.StatusCode)
}

// TestH2_ResetAfterBodyNeverReplaysAWrite is finding 1: the server reads a
// POST or PATCH whole, then resets its stream with PROTOCOL_ERROR, after
// which net/http's HTTP/2 transport replays any request whose body it can
// rewind. The server must see the body once, and the caller an error; an
// idempotent method may be sent again and succeeds.
func TestH2_ResetAfterBodyNeverReplaysAWrite(t *testing.T) {
	for _, retry := range []RetryConfig{{}, matrixRetry} {
		for _, c := range matrixClasses {
			t.Run(fmt.Sprintf("retries=%d/%s", retry.MaxRetries, c.method), func(t *testing.T) {
				_, h2, client := h2FaultOnce(t, h2ResetAfterBody, retry)
				result, err := c.call(ctx(t), client)
				if c.idempotent && retry.MaxRetries == 0 && err != nil {
					// net/http's HTTP/2 sent an idempotent request again on
					// this reset itself up to Go 1.26; Go 1.27's does not,
					// and with retries off neither does the SDK.
					assert.Equal(t, int32(1), h2.requests.Load(), "requests the server saw")
					return
				}
				if c.idempotent {
					require.NoError(t, err, "an idempotent request is sent again")
					assert.Equal(t, c.want, result)
					return
				}
				var ue *url.Error
				require.ErrorAs(t, err, &ue, "the caller learns the write may have happened")
				assert.Contains(t, err.Error(), "was not sent again")
				assert.Equal(t, int32(1), h2.bodies.Load(), "bodies the server read for a %s reset after reading it", c.method)
				assert.Equal(t, int32(1), h2.requests.Load(), "requests the server saw")
				t.Logf("%s reset after its body was read, over h2: the server saw %d body, the caller got: %v", c.method, h2.bodies.Load(), err)
			})
		}
	}
}
