package maketest

import (
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// The shapes of the fake's answers: it frames them as the web servers in
// front of an API do, so that a client is tested on what production sends
// it. An answer is gzipped when the request accepts gzip (as Go's transport
// asks by default), and then streamed without a Content-Length, as
// compressing servers do; an answer of more than chunkedAbove bytes is sent
// without a Content-Length too (chunked over HTTP/1.1, DATA frames to the
// end of the stream over HTTP/2); a smaller one with its Content-Length.
// Faults keep the exact shape they describe.

// chunkedAbove is the size above which an uncompressed answer has no
// Content-Length.
const chunkedAbove = 1 << 10

// answerWriter is the ResponseWriter of one request: it carries whether the
// client accepts gzip to writeJSON, which has no request.
type answerWriter struct {
	http.ResponseWriter
	gzip bool
}

// Unwrap lets http.ResponseController (the faults' Flush and Hijack) reach
// the server's ResponseWriter.
func (w *answerWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush sends what is buffered, for handlers that assert http.Flusher.
func (w *answerWriter) Flush() { _ = http.NewResponseController(w.ResponseWriter).Flush() }

func newAnswerWriter(w http.ResponseWriter, r *http.Request) *answerWriter {
	return &answerWriter{ResponseWriter: w, gzip: acceptsGzip(r.Header.Get("Accept-Encoding"))}
}

// acceptsGzip reports whether an Accept-Encoding header accepts gzip (and
// not with q=0).
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		if !ok {
			return true
		}
		v, err := strconv.ParseFloat(q, 64)
		return err == nil && v > 0
	}
	return false
}

// gzipWriters reuses gzip writers: each holds a few hundred KiB.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed) // nginx's default level
	return zw
}}

// writeShaped writes the status and payload in the answer's shape (see
// above); the headers other than the framing ones are already set.
func writeShaped(w http.ResponseWriter, status int, payload []byte) {
	aw, _ := w.(*answerWriter)
	h := w.Header()
	switch {
	case len(payload) == 0 || status == http.StatusNoContent || status == http.StatusNotModified:
		h.Set("Content-Length", strconv.Itoa(len(payload)))
		w.WriteHeader(status)
		_, _ = w.Write(payload)
	case aw != nil && aw.gzip:
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
		w.WriteHeader(status)
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(w)
		_, _ = zw.Write(payload)
		_ = zw.Close()
		gzipWriters.Put(zw)
		aw.Flush()
	case len(payload) > chunkedAbove:
		w.WriteHeader(status)
		_, _ = w.Write(payload)
		_ = http.NewResponseController(w).Flush() // before the end: no Content-Length
	default:
		h.Set("Content-Length", strconv.Itoa(len(payload)))
		w.WriteHeader(status)
		_, _ = w.Write(payload)
	}
}
