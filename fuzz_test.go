package make_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	. "github.com/make-sdk/make-go"
)

// The fuzz targets. Their seed corpora are in testdata/fuzz/<FuzzName>/, so
// every `go test` runs them; fuzz one with
//
//	go test -run '^$' -fuzz '^FuzzDecodeError$' -fuzztime 60s .

// FuzzDecodeError feeds the error decoder arbitrary statuses, content types
// and bodies: it never panics, keeps at most 1 MiB of the body and a message
// of about 200 bytes at most, and maps the status to its sentinel.
func FuzzDecodeError(f *testing.F) {
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		h := http.Header{}
		if contentType != "" {
			h.Set("Content-Type", contentType)
		}
		resp := &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(bytes.NewReader(body))}
		e := DecodeAPIError(resp, http.MethodGet, "https://eu1.make.com/api/v2/users", "user:read")
		if e.StatusCode != status || e.Method != http.MethodGet || e.Scope != "user:read" {
			t.Fatalf("status, method or scope lost: %+v", e)
		}
		if want := body[:min(len(body), MaxErrorBody)]; !bytes.Equal(e.Body, want) {
			t.Fatalf("Body is not the first %d bytes of the body (got %d bytes)", len(want), len(e.Body))
		}
		if len(e.Message) > 200+len("…") {
			t.Fatalf("Message is %d bytes", len(e.Message))
		}
		msg := e.Error()
		if !strings.HasPrefix(msg, "make: GET https://eu1.make.com/api/v2/users: "+strconv.Itoa(status)) {
			t.Fatalf("Error() does not start with the request and status: %q", Shorten(msg, 200))
		}
		if errors.Is(e, ErrServer) != (status >= 500) || errors.Is(e, ErrNotFound) != (status == 404) ||
			errors.Is(e, ErrRateLimited) != (status == 429) {
			t.Fatalf("status %d maps to the wrong sentinel", status)
		}
		if _, ok := e.RetryAfter(); ok {
			t.Fatal("RetryAfter without a Retry-After header")
		}
	})
}

// FuzzParseZone: ParseZone never panics; it refuses with a *ValidationError
// for the zone, and what it accepts round-trips through its String and has
// an https base URL on its host with the path /api/v2.
func FuzzParseZone(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		z, err := ParseZone(s)
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != "zone" || z != "" {
				t.Fatalf("ParseZone(%q) = %q, %v: want a *ValidationError for zone", s, z, err)
			}
			return
		}
		again, err := ParseZone(z.String())
		if err != nil || again != z {
			t.Fatalf("ParseZone(%q) = %q, but ParseZone(%q) = %q, %v", s, z, z.String(), again, err)
		}
		u, err := url.Parse(z.BaseURL())
		if err != nil {
			t.Fatalf("ParseZone(%q) = %q whose BaseURL %q does not parse: %v", s, z, z.BaseURL(), err)
		}
		if u.Scheme != "https" || u.Path != "/api/v2" || u.Host != z.String() || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			t.Fatalf("ParseZone(%q) = %q whose BaseURL %q is not https://<zone>/api/v2", s, z, z.BaseURL())
		}
		if p := u.Port(); p != "" {
			if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
				t.Fatalf("ParseZone(%q) = %q with the port %q", s, z, p)
			}
		}
		documented := false
		for _, d := range Zones() {
			documented = documented || d == z
		}
		if documented == z.IsWhiteLabel() {
			t.Fatalf("%q: IsWhiteLabel %v", z, z.IsWhiteLabel())
		}
	})
}

// optionTypes are the option structs the query encoder encodes: every
// ...Options type and every struct with url tags.
func optionTypes() []reflect.Type {
	var out []reflect.Type
	for name, t := range sdkTypes() {
		if t.Kind() == reflect.Struct && (strings.HasSuffix(name, "Options") || hasURLTag(t)) {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

func hasURLTag(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		if _, ok := t.Field(i).Tag.Lookup("url"); ok {
			return true
		}
	}
	return false
}

// fuzzBytes hands out values from fuzz input; past its end, zero values.
type fuzzBytes struct{ b []byte }

func (f *fuzzBytes) byte() byte {
	if len(f.b) == 0 {
		return 0
	}
	c := f.b[0]
	f.b = f.b[1:]
	return c
}

func (f *fuzzBytes) int64() int64 {
	var buf [8]byte
	n := copy(buf[:], f.b)
	f.b = f.b[n:]
	v := int64(binary.LittleEndian.Uint64(buf[:]))
	switch buf[7] % 4 { // mostly small values, sometimes huge or negative ones
	case 0, 1:
		return v % 1000
	case 2:
		return -(v % 1000)
	}
	return v
}

func (f *fuzzBytes) string() string {
	n := int(f.byte()) % 40
	n = min(n, len(f.b))
	s := string(f.b[:n])
	f.b = f.b[n:]
	return s
}

// fillFrom sets v from the fuzz input.
func fillFrom(v reflect.Value, in *fuzzBytes) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(in.string())
	case reflect.Bool:
		v.SetBool(in.byte()%2 == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n := in.int64()
		if v.OverflowInt(n) {
			n = int64(int32(n))
		}
		v.SetInt(n)
	case reflect.Pointer:
		if in.byte()%3 == 0 {
			return // nil
		}
		p := reflect.New(v.Type().Elem())
		fillFrom(p.Elem(), in)
		v.Set(p)
	case reflect.Slice:
		n := int(in.byte()) % 5
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			fillFrom(s.Index(i), in)
		}
		v.Set(s)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fillFrom(v.Field(i), in)
			}
		}
	}
}

// expectedQuery is what the query encoder must produce for v (a struct):
// url tags name the keys, omitempty drops zero values, brackets makes
// key[] repeated per element, embedded structs are flattened.
func expectedQuery(v reflect.Value, out url.Values) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() && !sf.Anonymous {
			continue
		}
		tag := sf.Tag.Get("url")
		if tag == "-" {
			continue
		}
		name, rest, _ := strings.Cut(tag, ",")
		opts := strings.Split(rest, ",")
		fv := v.Field(i)
		if name == "" && sf.Anonymous {
			expectedQuery(fv, out)
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if hasOpt(opts, "omitempty") && fv.IsZero() {
			continue
		}
		if fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				out.Add(name, "")
				continue
			}
			fv = fv.Elem()
		}
		if fv.Kind() == reflect.Slice {
			if hasOpt(opts, "brackets") {
				name += "[]"
			}
			for j := 0; j < fv.Len(); j++ {
				out.Add(name, scalarString(fv.Index(j)))
			}
			continue
		}
		out.Add(name, scalarString(fv))
	}
}

func hasOpt(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func scalarString(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	}
	panic("fuzz: no scalar: " + v.Type().String())
}

// FuzzQueryEncoding fills every options struct from arbitrary bytes (the
// first byte picks the struct): the one query encoder never panics, and
// what it encodes decodes back to the same values, pg[...] and cols[]
// included, and nothing else.
func FuzzQueryEncoding(f *testing.F) {
	types := optionTypes()
	f.Fuzz(func(t *testing.T, data []byte) {
		in := &fuzzBytes{data}
		typ := types[int(in.byte())%len(types)]
		v := reflect.New(typ).Elem()
		fillFrom(v, in)
		q, err := EncodeQuery(v.Interface())
		if err != nil {
			t.Fatalf("%s %+v: %v", typ.Name(), v.Interface(), err)
		}
		got, err := url.ParseQuery(q)
		if err != nil {
			t.Fatalf("%s: %q does not decode: %v", typ.Name(), q, err)
		}
		want := url.Values{}
		expectedQuery(v, want)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s %+v\nencoded %q\ndecoded %v\nwant    %v", typ.Name(), v.Interface(), q, got, want)
		}
		if lo := ListOptionsOf(v.Addr().Interface()); lo != nil {
			checkPg(t, got, *lo)
		}
	})
}

// checkPg checks the pg[...] keys against the ListOptions they encode.
func checkPg(t *testing.T, got url.Values, lo ListOptions) {
	for _, pg := range []struct {
		key, want string
		zero      bool
	}{
		{"pg[offset]", strconv.Itoa(lo.Offset), lo.Offset == 0},
		{"pg[limit]", strconv.Itoa(lo.Limit), lo.Limit == 0},
		{"pg[sortBy]", lo.SortBy, lo.SortBy == ""},
		{"pg[sortDir]", string(lo.SortDir), lo.SortDir == ""},
	} {
		switch {
		case pg.zero && got.Has(pg.key):
			t.Fatalf("%s sent for a zero value", pg.key)
		case !pg.zero && (len(got[pg.key]) != 1 || got.Get(pg.key) != pg.want):
			t.Fatalf("%s = %q, want %q", pg.key, got[pg.key], pg.want)
		}
	}
}

// FuzzResponseEnvelopes answers every method of every service (the list and
// get envelopes of Users, Organizations and Admin, their iterators and the
// custom decoders of variables, licenses, invitations and checkout sessions)
// with arbitrary bytes: nothing panics, a body that does not decode (or
// lacks its envelope) is a *DecodeError, one that is a Make error object is
// an *APIError with the response's status (an iterator given the same full
// page twice yields ErrPageRepeated).
func FuzzResponseEnvelopes(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		client := cannedClient(t, 200, body)
		for _, m := range allMethods {
			_, err := m.call(context.Background(), client, secretValues{Password: "Pw-Current-1!",
				NewPassword: "Pw-Next-2!xx", TFA: "123456", ResetHash: "h", InvitationHash: "h"})
			var de *DecodeError
			var apiErr *APIError
			if errors.As(err, &apiErr) && apiErr.StatusCode == 200 {
				continue
			}
			if err != nil && !errors.As(err, &de) && !errors.Is(err, ErrPageRepeated) { // the same body answers every page
				t.Fatalf("%s: %T %v", m, err, err)
			}
			if de != nil && (de.StatusCode != 200 || !utf8.ValidString(de.URL)) {
				t.Fatalf("%s: %+v", m, de)
			}
		}
	})
}
