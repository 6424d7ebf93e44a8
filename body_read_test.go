package make_test

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	. "github.com/make-sdk/make-go"
)

// pieces reads at most n bytes at a time, as a body arriving in packets.
type pieces struct {
	r io.Reader
	n int
}

func (p pieces) Read(b []byte) (int, error) { return p.r.Read(b[:min(len(b), p.n)]) }

// FuzzReadValue: where ReadValue ends a value does not depend on how the
// body is cut into reads (a backslash or a quote at the end of a read) nor on
// what the buffer it reads into held before, and
// a valid JSON value followed by anything ends where encoding/json ends it.
func FuzzReadValue(f *testing.F) {
	for _, s := range []string{`{"a":"b\"c"} x`, `["\\", "\\\""]`, `"https:\/\/x.example\/a"`, `{"u":[{"n":"\u00e9\\"}]}{}`, `12 `, `[`, `"abc`} {
		f.Add([]byte(s), uint8(1))
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, body []byte, n uint8) {
		whole, errWhole := ReadValue(bytes.NewReader(body), -1, 1<<20, nil)
		// Read in pieces into a reused buffer (as from the pool), large
		// enough to be used and holding what an earlier answer left in it.
		used := bytes.Repeat([]byte{'}'}, FirstReadBytes+int(n))[:0]
		cut, errCut := ReadValue(pieces{bytes.NewReader(body), int(n%16) + 1}, -1, 1<<20, used)
		if !bytes.Equal(whole, cut) || (errWhole == nil) != (errCut == nil) {
			t.Fatalf("%q: whole %q (%v), in pieces of %d %q (%v)", body, whole, errWhole, n%16+1, cut, errCut)
		}
		var raw json.RawMessage
		dec := json.NewDecoder(bytes.NewReader(body))
		if dec.Decode(&raw) == nil && len(raw) > 0 && (raw[0] == '{' || raw[0] == '[' || raw[0] == '"') {
			if errWhole != nil || !bytes.Equal(bytes.TrimLeft(whole, " \t\r\n"), raw) {
				t.Fatalf("%q: encoding/json ends the value at %q, ReadValue at %q (%v)", body, raw, whole, errWhole)
			}
		}
	})
}

// BenchmarkReadValue finds the end of one JSON value in a body read in
// pieces of 16 KiB, with the SDK's scanner (impl=scanner, ReadValue) and
// with encoding/json's Decoder into a json.RawMessage (impl=decoder): on
// the 100-user page, on it with every "/" escaped as Make's PHP encoder
// sends URLs ("\/"), and on a 27 MiB array of such pages (near the 32 MiB
// cap). It is why the scanner stays.
func BenchmarkReadValue(b *testing.B) {
	page := usersPage()
	bodies := []struct {
		name string
		body []byte
	}{
		{"page", page},
		{"escaped", bytes.ReplaceAll(page, []byte("/"), []byte(`\/`))},
		{"27MiB", []byte("[" + strings.Repeat(string(page)+",", 1000) + "0]")},
	}
	for _, c := range bodies {
		b.Run("body="+c.name+"/impl=scanner", func(b *testing.B) {
			b.SetBytes(int64(len(c.body)))
			b.ReportAllocs()
			for range b.N {
				if _, err := ReadValue(pieces{bytes.NewReader(c.body), 16 << 10}, -1, 64<<20, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("body="+c.name+"/impl=decoder", func(b *testing.B) {
			b.SetBytes(int64(len(c.body)))
			b.ReportAllocs()
			for range b.N {
				var raw json.RawMessage
				if err := json.NewDecoder(pieces{bytes.NewReader(c.body), 16 << 10}).Decode(&raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
