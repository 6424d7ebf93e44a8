package make_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of reading a response body (body.go): where a JSON value ends, that
// a call returns as soon as it is complete, and that a body is refused when
// it would decode to more than its bound (see decodecost.go).

// TestDecode_ReturnsWhenTheAnswerIsComplete is finding 7: a server that
// trickles bytes after a complete JSON value (or after a first byte that
// cannot start one) does not hold the call.
func TestDecode_ReturnsWhenTheAnswerIsComplete(t *testing.T) {
	for _, tp := range matrixTransports {
		for name, first := range map[string]string{"complete value": `{"authUser":{"id":7}}`, "invalid at byte 1": `<`} {
			t.Run(tp+"/"+name, func(t *testing.T) {
				stop := make(chan struct{})
				mux := http.NewServeMux()
				mux.HandleFunc("/api/v2/users/me", func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					io.WriteString(w, first)
					w.(http.Flusher).Flush()
					for {
						select {
						case <-stop:
							return
						case <-r.Context().Done():
							return
						case <-time.After(50 * time.Millisecond):
							io.WriteString(w, " ")
							w.(http.Flusher).Flush()
						}
					}
				})
				_, client := testServer(t, tp, mux)
				defer close(stop)
				type result struct {
					me  *User
					err error
					d   time.Duration
				}
				done := make(chan result, 1)
				go func() {
					start := time.Now()
					me, err := client.Users.Me(context.Background(), nil) // no deadline
					done <- result{me, err, time.Since(start)}
				}()
				select {
				case r := <-done:
					if first == `<` {
						var se *json.SyntaxError
						assert.ErrorAs(t, r.err, &se)
					} else {
						require.NoError(t, r.err)
						assert.Equal(t, int64(7), r.me.ID)
					}
					t.Logf("%s, %s, the server trickling after it: the call returned in %s", tp, name, r.d)
				case <-time.After(10 * time.Second):
					t.Fatal("the call waits for the trickling server")
				}
			})
		}
	}
}

// TestReadValue checks where ReadValue stops and what it refuses.
func TestReadValue(t *testing.T) {
	for body, want := range map[string]string{
		`{"a":"}]\"x"} trailing`: `{"a":"}]\"x"}`,
		` [1,[2],{}]`:            ` [1,[2],{}]`,
		`"str\"ing" x`:           `"str\"ing"`,
		`123`:                    `123`,
		`true `:                  `true`,
	} {
		got, err := ReadValue(strings.NewReader(body), -1, 1<<10, nil)
		require.NoError(t, err, body)
		assert.Equal(t, want, string(got))
	}
	_, err := ReadValue(strings.NewReader(`{"a":1`), -1, 1<<10, nil)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	_, err = ReadValue(strings.NewReader(`{"a":1,,`), -1, 1<<10, nil)
	var se *json.SyntaxError
	assert.ErrorAs(t, err, &se, "a syntax error before the end of the body")
	_, err = ReadValue(strings.NewReader(`<html>`), -1, 1<<10, nil)
	assert.ErrorAs(t, err, &se, "invalid at byte 1")
	_, err = ReadValue(strings.NewReader(`[`+strings.Repeat(`1,`, 100)+`1]`), -1, 64, nil)
	assert.ErrorIs(t, err, ErrResponseTooLarge)
}

// TestReadValue_EmptyAndCutShort: an empty body is io.EOF (no value), a
// body cut short wraps io.ErrUnexpectedEOF once.
func TestReadValue_EmptyAndCutShort(t *testing.T) {
	_, err := ReadValue(strings.NewReader("  "), -1, 1<<10, nil)
	assert.Equal(t, io.EOF, err)
	_, err = ReadValue(io.MultiReader(strings.NewReader(`{"a":`), iotest{io.ErrUnexpectedEOF}), -1, 1<<10, nil)
	assert.Equal(t, io.ErrUnexpectedEOF, err)
	_, err = ReadValue(io.MultiReader(strings.NewReader(`{"a":`), iotest{errors.New("stream error: INTERNAL_ERROR")}), -1, 1<<10, nil)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Contains(t, err.Error(), "INTERNAL_ERROR")
}

// iotest is a reader that fails with err.
type iotest struct{ err error }

func (r iotest) Read([]byte) (int, error) { return 0, r.err }

// TestDecode_MemoryBound is finding 3: a body whose shape decodes to far
// more than its bytes (empty objects into []User) is refused with
// ErrResponseTooLarge before it is decoded; the same bytes into a type that
// does not amplify them decode.
func TestDecode_MemoryBound(t *testing.T) {
	n := int(DecodeBudget(0)/(SliceGrowth*int64(reflect.TypeOf(User{}).Size()))) + 1000
	body := `{"users":[` + strings.Repeat(`{},`, n-1) + `{}],"pg":{}}`
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v2/users", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
	_, client := testServer(t, "http1", mux)
	_, err := client.Users.List(ctx(t), &ListUsersOptions{OrganizationID: 1})
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, ErrResponseTooLarge)
	t.Logf("%d KiB of empty objects into []User: %v", len(body)>>10, err)

	req, err := client.NewRequest(ctx(t), http.MethodGet, "users", nil, nil)
	require.NoError(t, err)
	var skipped struct{ Pg Pagination }
	require.NoError(t, client.Do(req, &skipped), "the same body into a type without the array decodes")

	// The key spelled otherwise is still the users' key to encoding/json,
	// and so to the cost model: in another case, or with an escape.
	for _, key := range []string{`USERS`, `\u0075sers`} {
		body = `{"` + key + `":[` + strings.Repeat(`{},`, n-1) + `{}],"pg":{}}`
		_, err = client.Users.List(ctx(t), &ListUsersOptions{OrganizationID: 1})
		assert.ErrorIs(t, err, ErrResponseTooLarge, key)
	}
}
