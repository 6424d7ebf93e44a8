package make_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"testing"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// envelopeClient is a strict client whose every request gets 200 and body.
func envelopeClient(t *testing.T, body string, opts ...Option) *Client {
	t.Helper()
	return cannedClient(t, 200, []byte(body), append([]Option{WithStrictDecoding()}, opts...)...)
}

var testSecrets = secretValues{Password: "Pw-Current-1!", NewPassword: "Pw-Next-2!xx", TFA: "123456", ResetHash: "h", InvitationHash: "h"}

// TestEnvelope_EveryMethodRefusesAnEmptyAnswer runs every method against a
// 200 with {}, null and a Make error object: each returns an error (never
// nil, nil, never an empty page), a *DecodeError naming the missing key for
// the first two and an *APIError keeping Make's code for the third.
func TestEnvelope_EveryMethodRefusesAnEmptyAnswer(t *testing.T) {
	for _, body := range []string{`{}`, `null`, ` {"unrelated": 1} `} {
		client := envelopeClient(t, body)
		for _, m := range allMethods {
			got, err := m.call(ctx(t), client, testSecrets)
			var de *DecodeError
			if assert.ErrorAs(t, err, &de, "%s with %s returned %#v", m, body, got) {
				assert.True(t, errors.Is(err, ErrMissingEnvelope), "%s with %s: %v", m, body, err)
				assert.NotEmpty(t, de.Path, "%s: the missing key is named", m)
				assert.Equal(t, strings.TrimSpace(body), strings.TrimSpace(string(de.Body)), "%s: the body is kept", m)
			}
		}
	}
	client := envelopeClient(t, `{"code":"SC403","message":"Permission denied","detail":"Access denied."}`)
	for _, m := range allMethods {
		got, err := m.call(ctx(t), client, testSecrets)
		var apiErr *APIError
		if assert.ErrorAs(t, err, &apiErr, "%s returned %#v", m, got) {
			assert.Equal(t, 200, apiErr.StatusCode)
			assert.Equal(t, "SC403", apiErr.Code)
			assert.Equal(t, "Access denied.", apiErr.Detail)
			assert.ErrorIs(t, err, ErrForbidden, "SC403 in a 200 is still forbidden")
		}
	}
}

// TestEnvelope_OptionalKeysAreSaid: a key Make may leave out of an answer
// is marked make:"optional", not inferred from omitempty (which does nothing
// to a struct such as Pagination when encoding, and may be tidied away):
// every method's result type, with omitempty and omitzero deleted from its
// json tags, requires the same keys; and a top-level key that carries
// either option says make:"optional", so that neither reads as the marker.
func TestEnvelope_OptionalKeysAreSaid(t *testing.T) {
	client := envelopeClient(t, `{}`)
	for _, m := range allMethods {
		_, _ = m.call(ctx(t), client, testSecrets) // looks each result's envelope up
	}
	types := EnvelopeTypes()
	require.NotEmpty(t, types)
	optional := 0
	for _, typ := range types {
		assert.Equal(t, EnvelopeKeys(typ), EnvelopeKeys(withoutOmit(typ)), "%s: deleting omitempty changes its envelope", typ)
		for _, f := range reflect.VisibleFields(typ.Elem()) {
			_, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.Tag.Get("make") == "optional" {
				optional++
			} else if strings.Contains(opts, "omit") {
				t.Errorf("%s.%s has %q but no make:\"optional\": the key is required; say make:\"optional\" if Make may leave it out", typ.Elem(), f.Name, f.Tag.Get("json"))
			}
		}
	}
	t.Logf("%d result types, %d optional keys", len(types), optional)

	type page struct {
		Users []User     `json:"users"`
		Pg    Pagination `json:"pg" make:"optional"`
		Count int        `json:"count,omitempty"`
	}
	assert.Equal(t, []string{"users", "count"}, EnvelopeKeys(reflect.TypeFor[*page]()), "omitempty alone marks nothing optional")
}

// withoutOmit returns the struct type of t (a pointer to a struct) with its
// exported fields only, and omitempty and omitzero deleted from their json
// tags.
func withoutOmit(t reflect.Type) reflect.Type {
	var fields []reflect.StructField
	for i := range t.Elem().NumField() {
		f := t.Elem().Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		kept := []string{name}
		for _, o := range strings.Split(opts, ",") {
			if o != "" && o != "omitempty" && o != "omitzero" {
				kept = append(kept, o)
			}
		}
		f.Tag = reflect.StructTag(strings.Replace(string(f.Tag), `json:"`+tag+`"`, `json:"`+strings.Join(kept, ",")+`"`, 1))
		f.Index = nil
		fields = append(fields, f)
	}
	return reflect.PointerTo(reflect.StructOf(fields))
}

// TestEnvelope_OKMethods: the eight methods answered with {"ok": 1} fail on
// any other "ok".
func TestEnvelope_OKMethods(t *testing.T) {
	okMethods := []string{"Users.SendPasswordResetDemand", "Users.SetPasswordResetSession", "Users.ResetLostPassword",
		"Organizations.CancelSubscription", "Organizations.ChangeSubscription", "Organizations.DeletePaymentMethod",
		"Organizations.ClaimCancellationOffer", "Organizations.DeleteVariable"}
	byName := map[string]sdkMethod{}
	for _, m := range allMethods {
		byName[m.String()] = m
	}
	for _, name := range okMethods {
		m, ok := byName[name]
		require.True(t, ok, name)
		_, err := m.call(ctx(t), envelopeClient(t, `{"ok":1}`), testSecrets)
		assert.NoError(t, err, name)
		for _, body := range []string{`{"ok":0}`, `{"ok":false}`, `{"ok":"1"}`} {
			_, err := m.call(ctx(t), envelopeClient(t, body), testSecrets)
			assert.ErrorIs(t, err, ErrNotOK, "%s with %s", name, body)
		}
	}
}

// oddUserPage is a page of three users whose second has a privateSpace
// counter of an unexpected type (an object) and a lastLogin that is not a
// date.
const oddUserPage = `{"users":[
	{"id":1,"name":"A","privateSpace":{"id":10,"consumedCenticredits":"12345"}},
	{"id":2,"name":"B","lastLogin":12345,"privateSpace":{"id":20,"consumedCenticredits":{"n":1},"consumedOperations":7}},
	{"id":3,"name":"C","privateSpace":{"id":30,"consumedCenticredits":678}}],
	"pg":{"limit":3,"offset":0}}`

// TestDecode_OneOddFieldNeverFailsAPage: by default the page is returned with
// the odd fields zero and one Warn line each; strict, the call fails naming
// the first field's path.
func TestDecode_OneOddFieldNeverFailsAPage(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	lenient := cannedClient(t, 200, []byte(oddUserPage), WithLogger(logger))
	var raw RawResponse
	page, err := lenient.Users.List(WithRawResponse(ctx(t), &raw), &ListUsersOptions{OrganizationID: 1})
	require.NoError(t, err)
	require.Len(t, page.Users, 3)
	assert.Equal(t, []string{"A", "B", "C"}, []string{page.Users[0].Name, page.Users[1].Name, page.Users[2].Name})
	assert.Equal(t, "12345", page.Users[0].PrivateSpace.ConsumedCenticredits.String())
	n, ok := page.Users[2].PrivateSpace.ConsumedCenticredits.Int64()
	assert.True(t, ok)
	assert.Equal(t, int64(678), n)
	odd := page.Users[1]
	assert.True(t, odd.PrivateSpace.ConsumedCenticredits.IsZero(), "the odd field is left zero")
	assert.Nil(t, odd.LastLogin, "the odd field is left zero")
	assert.Equal(t, int64(7), odd.PrivateSpace.ConsumedOperations, "its siblings are kept")
	assert.Equal(t, 3, page.Pg.Limit)

	wantPaths := []string{"users[1].lastLogin", "users[1].privateSpace.consumedCenticredits"}
	var gotPaths []string
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec struct {
			Level, Msg, Path, JSON, Go string
		}
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		assert.Equal(t, "WARN", rec.Level)
		assert.NotEmpty(t, rec.JSON)
		assert.NotEmpty(t, rec.Go)
		gotPaths = append(gotPaths, rec.Path)
	}
	assert.ElementsMatch(t, wantPaths, gotPaths)
	assert.Contains(t, logs.String(), `"json":"object","go":"make.Number"`)
	assert.Contains(t, logs.String(), `"json":"number","go":"time.Time"`)
	assert.Len(t, raw.Mismatches, 2, "the mismatches travel with the raw response too")
	assert.JSONEq(t, oddUserPage, string(raw.Body))

	strict := envelopeClient(t, oddUserPage)
	page, err = strict.Users.List(ctx(t), &ListUsersOptions{OrganizationID: 1})
	assert.Nil(t, page)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, ErrUnexpectedType)
	assert.Contains(t, wantPaths, de.Path)
	assert.Contains(t, err.Error(), de.Path)
}

// TestDecode_OneOddFieldNeverFailsAnObject: the same for a single object,
// here an organization whose license.apps is a number and whose counter is a
// boolean.
func TestDecode_OneOddFieldNeverFailsAnObject(t *testing.T) {
	const body = `{"organization":{"id":10,"name":"Org","operations":true,"transfer":"5",
		"license":{"apps":7,"apiLimit":240,"users":50},"teams":[{"id":1,"name":"T"}]}}`
	var logs bytes.Buffer
	lenient := cannedClient(t, 200, []byte(body), WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	org, err := lenient.Organizations.Get(ctx(t), 10, nil)
	require.NoError(t, err)
	assert.Equal(t, "Org", org.Name)
	assert.True(t, org.Operations.IsZero())
	assert.Equal(t, "5", org.Transfer.String())
	assert.True(t, org.License.Apps.IsZero())
	assert.Equal(t, 240, org.License.APILimit, "the license's other keys are kept")
	assert.Equal(t, []TeamRef{{ID: 1, Name: "T"}}, org.Teams)
	assert.Contains(t, logs.String(), "path=organization.operations")
	assert.Contains(t, logs.String(), "path=organization.license.apps")
	assert.Equal(t, 2, strings.Count(logs.String(), "level=WARN"))

	_, err = envelopeClient(t, body).Organizations.Get(ctx(t), 10, nil)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, ErrUnexpectedType)
	assert.Contains(t, []string{"organization.operations", "organization.license.apps"}, de.Path)
}

// TestDecode_RawResponseReadsAnUnmodelledField shows how a caller reads a
// field the SDK does not model, from the same response.
func TestDecode_RawResponseReadsAnUnmodelledField(t *testing.T) {
	client := envelopeClient(t, `{"authUser":{"id":1,"name":"Ann","brandNewField":"kept"}}`)
	var raw RawResponse
	me, err := client.Users.Me(WithRawResponse(ctx(t), &raw), nil)
	require.NoError(t, err)
	assert.Equal(t, "Ann", me.Name)
	assert.Equal(t, 200, raw.StatusCode)
	var extra struct {
		AuthUser struct {
			BrandNewField string `json:"brandNewField"`
		} `json:"authUser"`
	}
	require.NoError(t, json.Unmarshal(raw.Body, &extra))
	assert.Equal(t, "kept", extra.AuthUser.BrandNewField)
	assert.Empty(t, raw.Mismatches)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(verb, &raw), "brandNewField", "%s prints no body", verb)
		assert.NotContains(t, fmt.Sprintf(verb, raw), "brandNewField", "%s prints no body", verb)
	}
}

// TestNumber_RoundTrips: each form Make sends decodes and encodes back the
// same, and reads as a number.
func TestNumber_RoundTrips(t *testing.T) {
	for _, tc := range []struct {
		json  string
		i     int64
		isInt bool
	}{{`12345`, 12345, true}, {`"12345"`, 12345, true}, {`-3`, -3, true}, {`"1.5"`, 0, false}, {`2.5`, 0, false}, {`"cs_test_a1"`, 0, false}} {
		var n Number
		require.NoError(t, json.Unmarshal([]byte(tc.json), &n), tc.json)
		b, err := json.Marshal(n)
		require.NoError(t, err)
		assert.Equal(t, tc.json, string(b))
		i, ok := n.Int64()
		assert.Equal(t, tc.isInt, ok, tc.json)
		assert.Equal(t, tc.i, i, tc.json)
		assert.False(t, n.IsZero())
		assert.Equal(t, tc.json[0] == '"', n.IsString())
	}
	f, ok := NewNumericString("1.5").Float64()
	assert.True(t, ok)
	assert.Equal(t, 1.5, f)
	var n Number
	require.NoError(t, json.Unmarshal([]byte(`null`), &n))
	assert.True(t, n.IsZero())
	_, ok = n.Int64()
	assert.False(t, ok)
	assert.Error(t, json.Unmarshal([]byte(`{}`), &n))
	assert.Error(t, json.Unmarshal([]byte(`true`), &n))
	assert.Equal(t, `{"n":null}`, mustJSON(t, struct {
		N Number `json:"n"`
	}{}))
}

// TestStringList_RoundTrips: an array and a single string decode to the same
// values and encode back in their own form.
func TestStringList_RoundTrips(t *testing.T) {
	for _, tc := range []struct {
		json string
		want []string
	}{{`["T2","T3"]`, []string{"T2", "T3"}}, {`"T2"`, []string{"T2"}}, {`[]`, []string{}}} {
		var l StringList
		require.NoError(t, json.Unmarshal([]byte(tc.json), &l), tc.json)
		assert.Equal(t, tc.want, l.Values())
		assert.Equal(t, tc.json, mustJSON(t, l))
		assert.Equal(t, tc.json[0] == '"', l.IsSingle())
	}
	var l StringList
	require.NoError(t, json.Unmarshal([]byte(`null`), &l))
	assert.True(t, l.IsZero())
	assert.Nil(t, l.Values())
	assert.Error(t, json.Unmarshal([]byte(`7`), &l))
	assert.Error(t, json.Unmarshal([]byte(`[1,2]`), &l))
	assert.Equal(t, `["a"]`, mustJSON(t, NewStringList("a")))
}

// TestAPIError_KeepsCodeWhateverTheShape: detail and suberrors of any shape
// leave Make's code, message and the rest in place, with their raw JSON.
func TestAPIError_KeepsCodeWhateverTheShape(t *testing.T) {
	for name, tc := range map[string]struct {
		body       string
		detail     string
		suberrors  []string
		rawSub     string
		confirmErr bool
	}{
		"documented": {`{"code":"IM004","message":"m","detail":"Confirm it","suberrors":[{"code":"X1","message":"one"}]}`,
			"Confirm it", []string{"one"}, `[{"code":"X1","message":"one"}]`, true},
		"suberrors of strings": {`{"code":"IM004","message":"m","suberrors":["a","b"]}`, "", []string{"a", "b"}, `["a","b"]`, true},
		"suberrors an object":  {`{"code":"IM004","message":"m","suberrors":{"field":"name"}}`, "", []string{""}, `{"field":"name"}`, true},
		"suberrors a string":   {`{"code":"IM004","message":"m","suberrors":"bad"}`, "", []string{"bad"}, `"bad"`, true},
		"detail an object":     {`{"code":"IM004","message":"m","detail":{"reason":"scenarios"}}`, `{"reason":"scenarios"}`, nil, "", true},
		"code a number":        {`{"code":403,"message":"m","suberrors":[1,null]}`, "", []string{"1", ""}, `[1,null]`, false},
	} {
		t.Run(name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("GET /users/me", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 400, tc.body) })
			_, err := client.Users.Me(ctx(t), nil)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.NotEmpty(t, apiErr.Code)
			assert.Equal(t, "m", apiErr.Message)
			assert.Equal(t, tc.detail, apiErr.Detail)
			var msgs []string
			for _, s := range apiErr.Suberrors {
				msgs = append(msgs, s.Message)
				assert.NotEmpty(t, s.Raw)
			}
			assert.Equal(t, tc.suberrors, msgs)
			if tc.rawSub != "" {
				assert.JSONEq(t, tc.rawSub, string(apiErr.RawSuberrors))
			}
			assert.Equal(t, tc.confirmErr, errors.Is(err, ErrConfirmationRequired))
		})
	}
}

// TestDecodeError_PrintsNoBody: the body a *DecodeError keeps (here with an
// invitation hash) is not printed by any fmt verb.
func TestDecodeError_PrintsNoBody(t *testing.T) {
	const hash = "hash-SENTINEL-0123456789"
	client := envelopeClient(t, `{"userOrganizationInvitations":[{"hash":"`+hash+`","organizationId":"not a number"}]}`)
	_, err := client.Users.ListMyOrganizationInvitations(ctx(t))
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Contains(t, string(de.Body), hash, "the body is there for the caller")
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		assert.NotContains(t, fmt.Sprintf(verb, err), hash, verb)
		assert.NotContains(t, fmt.Sprintf(verb, de), hash, verb)
	}
}

// TestHasUnknownKey compares the byte scan with decoding the object into a
// map, on objects with nested values, strings holding JSON syntax, escapes
// and keys matched case-insensitively.
func TestHasUnknownKey(t *testing.T) {
	known := reflect.TypeFor[TeamRef]() // id, name
	for _, obj := range []string{
		`{}`, `{"id":1}`, `{"id":1,"name":"x"}`, `{"ID":1,"Name":"x"}`, `{"id":1,"other":2}`,
		`{"name":"a\"b:c,{\"d\":1}","id":[1,{"e":2}]}`, `{"name":{"nested":{"deep":1}},"id":2}`,
		`{"name":"\\","id":1}`, `{"name":"x","id":1,"zone":null}`, `{"n\u0061me":"x"}`, `{ "id" : 1 , "name" : [ "x" ] }`,
		`{"id":1,"name":"}","x":{}}`,
	} {
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(obj), &m), obj)
		want := false
		for k := range m {
			if !KnownKey([]byte(k), known) {
				want = true
			}
		}
		if strings.Contains(obj, `\u`) {
			want = true // a key with an escape counts as unknown
		}
		assert.Equal(t, want, HasUnknownKey([]byte(obj), known), obj)
	}
}
