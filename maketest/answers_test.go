package maketest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// shapeOf fetches path with the given Accept-Encoding (set by hand, so Go's
// transport neither adds gzip nor decompresses; "" sends identity) and
// returns the answer as it came over the wire, its body decompressed.
func shapeOf(t *testing.T, s *Server, path, acceptEncoding string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Token "+DefaultToken)
	if acceptEncoding == "" {
		acceptEncoding = "identity"
	}
	req.Header.Set("Accept-Encoding", acceptEncoding)
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b) {
		t.Fatalf("GET %s: not JSON: %.80q", path, b)
	}
	return resp, b
}

// TestAnswerShapes pins the shapes of the fake's answers: a small one has a
// Content-Length; one above chunkedAbove is chunked over HTTP/1.1; with
// Accept-Encoding: gzip every answer with a body is gzipped and streamed;
// WithTLS speaks HTTP/2, in the same shapes.
func TestAnswerShapes(t *testing.T) {
	const small, large = "/users/me", "/users?organizationId=1&pg%5Blimit%5D=100"
	for _, tls := range []bool{false, true} {
		var s *Server
		if tls {
			s = NewServer(t, WithSeed(100), WithTLS())
		} else {
			s = NewServer(t, WithSeed(100))
		}
		wantProto := 1
		if tls {
			wantProto = 2
		}
		resp, plainSmall := shapeOf(t, s, small, "")
		if resp.ProtoMajor != wantProto || resp.ContentLength != int64(len(plainSmall)) || len(resp.TransferEncoding) != 0 || resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("tls=%v small answer (%d bytes): HTTP/%d, Content-Length %d, Transfer-Encoding %v, Content-Encoding %q; want HTTP/%d with its Content-Length",
				tls, len(plainSmall), resp.ProtoMajor, resp.ContentLength, resp.TransferEncoding, resp.Header.Get("Content-Encoding"), wantProto)
		}
		resp, plainLarge := shapeOf(t, s, large, "")
		if len(plainLarge) <= chunkedAbove {
			t.Fatalf("the large answer is %d bytes", len(plainLarge))
		}
		wantTE := "chunked"
		if tls {
			wantTE = "" // HTTP/2 has no chunked coding: DATA frames to the end of the stream
		}
		gotTE := ""
		if len(resp.TransferEncoding) > 0 {
			gotTE = resp.TransferEncoding[0]
		}
		if resp.ProtoMajor != wantProto || resp.ContentLength != -1 || gotTE != wantTE {
			t.Errorf("tls=%v large answer (%d bytes): HTTP/%d, Content-Length %d, Transfer-Encoding %q; want HTTP/%d, none, %q",
				tls, len(plainLarge), resp.ProtoMajor, resp.ContentLength, gotTE, wantProto, wantTE)
		}
		for path, plain := range map[string][]byte{small: plainSmall, large: plainLarge} {
			for _, ae := range []string{"gzip", "br, gzip;q=0.8", "deflate, gzip"} {
				resp, b := shapeOf(t, s, path, ae)
				if resp.Header.Get("Content-Encoding") != "gzip" || resp.ContentLength != -1 || !bytes.Equal(b, plain) {
					t.Errorf("tls=%v %s, Accept-Encoding %q: Content-Encoding %q, Content-Length %d, same body %v; want gzip, none, true",
						tls, path, ae, resp.Header.Get("Content-Encoding"), resp.ContentLength, bytes.Equal(b, plain))
				}
			}
			resp, _ := shapeOf(t, s, path, "gzip;q=0, identity")
			if resp.Header.Get("Content-Encoding") != "" {
				t.Errorf("tls=%v %s: gzip;q=0 is refused, got Content-Encoding %q", tls, path, resp.Header.Get("Content-Encoding"))
			}
		}
		// An error answer is shaped alike.
		req, _ := http.NewRequest(http.MethodGet, s.URL()+"/users/me", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := s.HTTPClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("tls=%v 401: status %d, Content-Encoding %q; want 401, gzip", tls, resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
	}
}

// TestAnswerShapes_ClientDecompresses: Go's default transport asks for gzip
// and decompresses, as the SDK's does.
func TestAnswerShapes_ClientDecompresses(t *testing.T) {
	s := NewServer(t)
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/users/me", nil)
	req.Header.Set("Authorization", "Token "+DefaultToken)
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if !resp.Uncompressed || !json.Valid(b) {
		t.Errorf("Uncompressed %v, body %.80q; want a decompressed JSON body", resp.Uncompressed, b)
	}
}
