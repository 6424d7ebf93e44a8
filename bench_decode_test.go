package make_test

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"

	make "github.com/make-sdk/make-go"
)

// plainTypes maps the SDK's own JSON types to the plain Go types
// encoding/json decodes the same JSON into without custom code.
var plainTypes = map[reflect.Type]reflect.Type{
	reflect.TypeFor[make.Number]():     reflect.TypeFor[json.Number](),
	reflect.TypeFor[make.StringList](): reflect.TypeFor[[]string](),
}

// plainOf returns t with every struct rebuilt from its exported fields (so
// without the SDK's methods) and the SDK's JSON types replaced by plain ones:
// what "plain encoding/json" decodes into.
func plainOf(t reflect.Type) reflect.Type {
	if p, ok := plainTypes[t]; ok {
		return p
	}
	switch t.Kind() {
	case reflect.Pointer:
		return reflect.PointerTo(plainOf(t.Elem()))
	case reflect.Slice:
		return reflect.SliceOf(plainOf(t.Elem()))
	case reflect.Struct:
		if t.PkgPath() != reflect.TypeFor[make.Number]().PkgPath() {
			return t // time.Time and the like: plain encoding/json uses them too
		}
		var fields []reflect.StructField
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			f.Type = plainOf(f.Type)
			fields = append(fields, f)
		}
		return reflect.StructOf(fields)
	}
	return t
}

// BenchmarkDecodeOrganization decodes GET /organizations/{id}'s fixture (an
// organization with its license) into make.Organization (impl=sdk) and into
// the same fields as plain Go types with plain encoding/json (impl=raw).
// license=known is the license with the keys the SDK models (as in every
// recorded payload); license=extra adds one it does not, which the SDK keeps
// for Extra.
func BenchmarkDecodeOrganization(b *testing.B) {
	body, err := os.ReadFile("testdata/organizations/get.json")
	if err != nil {
		b.Fatal(err)
	}
	var env struct {
		Organization map[string]json.RawMessage `json:"organization"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		b.Fatal(err)
	}
	extra, err := json.Marshal(env.Organization)
	if err != nil {
		b.Fatal(err)
	}
	var license map[string]json.RawMessage
	if err := json.Unmarshal(env.Organization["license"], &license); err != nil {
		b.Fatal(err)
	}
	delete(license, "quantumScheduler")
	env.Organization["license"], _ = json.Marshal(license)
	known, err := json.Marshal(env.Organization)
	if err != nil {
		b.Fatal(err)
	}
	plain := plainOf(reflect.TypeFor[make.Organization]())
	for _, c := range []struct {
		name string
		org  []byte
	}{{"known", known}, {"extra", extra}} {
		b.Run("license="+c.name+"/impl=raw", func(b *testing.B) {
			loop(b, func() error { return json.Unmarshal(c.org, reflect.New(plain).Interface()) })
		})
		b.Run("license="+c.name+"/impl=sdk", func(b *testing.B) {
			loop(b, func() error {
				var v make.Organization
				return json.Unmarshal(c.org, &v)
			})
		})
		// Both alternately in one loop, as BenchmarkPaired does: load from
		// other processes falls on both alike, and sdk/raw is the ratio of
		// their summed times.
		b.Run("license="+c.name+"/mode=paired", func(b *testing.B) {
			var raw, sdk time.Duration
			for range b.N {
				t0 := time.Now()
				if err := json.Unmarshal(c.org, reflect.New(plain).Interface()); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				var v make.Organization
				if err := json.Unmarshal(c.org, &v); err != nil {
					b.Fatal(err)
				}
				raw, sdk = raw+t1.Sub(t0), sdk+time.Since(t1)
			}
			b.ReportMetric(float64(raw.Nanoseconds())/float64(b.N), "raw-ns/op")
			b.ReportMetric(float64(sdk.Nanoseconds())/float64(b.N), "sdk-ns/op")
			b.ReportMetric(float64(sdk)/float64(raw), "sdk/raw")
		})
	}
}

// BenchmarkRawResponse is what reading an unmodelled field costs: Users.List
// of the 100-user page without (raw=off) and with WithRawResponse
// (raw=capture), and with the caller's own decode of one field more from
// the captured body (raw=read).
func BenchmarkRawResponse(b *testing.B) {
	page100, _, _ := fixtures(b)
	srv := newFixedServer(b, page100)
	client := sdkClient(b, srv.Server)
	opts := listOpts(100)
	base := context.Background()
	b.Run("raw=off", func(b *testing.B) {
		loop(b, func() error { _, err := client.Users.List(base, opts); return err })
	})
	b.Run("raw=capture", func(b *testing.B) {
		loop(b, func() error {
			var raw make.RawResponse
			_, err := client.Users.List(make.WithRawResponse(base, &raw), opts)
			return err
		})
	})
	b.Run("raw=read", func(b *testing.B) {
		loop(b, func() error {
			var raw make.RawResponse
			if _, err := client.Users.List(make.WithRawResponse(base, &raw), opts); err != nil {
				return err
			}
			var extra struct {
				Users []struct {
					Timezone string `json:"timezone"`
				} `json:"users"`
			}
			return json.Unmarshal(raw.Body, &extra)
		})
	})
}
