package make_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of the decode cost model (decodecost.go) through a call.

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
