package make_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of reading a response body (body.go): where a JSON value ends, and
// that a call returns as soon as it is complete.

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
		got, err := ReadValue(strings.NewReader(body), -1, 1<<10)
		require.NoError(t, err, body)
		assert.Equal(t, want, string(got))
	}
	_, err := ReadValue(strings.NewReader(`{"a":1`), -1, 1<<10)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	_, err = ReadValue(strings.NewReader(`{"a":1,,`), -1, 1<<10)
	var se *json.SyntaxError
	assert.ErrorAs(t, err, &se, "a syntax error before the end of the body")
	_, err = ReadValue(strings.NewReader(`<html>`), -1, 1<<10)
	assert.ErrorAs(t, err, &se, "invalid at byte 1")
	_, err = ReadValue(strings.NewReader(`[`+strings.Repeat(`1,`, 100)+`1]`), -1, 64)
	assert.ErrorIs(t, err, ErrResponseTooLarge)
}

// TestReadValue_EmptyAndCutShort: an empty body is io.EOF (no value), a
// body cut short wraps io.ErrUnexpectedEOF once.
func TestReadValue_EmptyAndCutShort(t *testing.T) {
	_, err := ReadValue(strings.NewReader("  "), -1, 1<<10)
	assert.Equal(t, io.EOF, err)
	_, err = ReadValue(io.MultiReader(strings.NewReader(`{"a":`), iotest{io.ErrUnexpectedEOF}), -1, 1<<10)
	assert.Equal(t, io.ErrUnexpectedEOF, err)
	_, err = ReadValue(io.MultiReader(strings.NewReader(`{"a":`), iotest{errors.New("stream error: INTERNAL_ERROR")}), -1, 1<<10)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Contains(t, err.Error(), "INTERNAL_ERROR")
}

// iotest is a reader that fails with err.
type iotest struct{ err error }

func (r iotest) Read([]byte) (int, error) { return 0, r.err }
