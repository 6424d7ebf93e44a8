package make_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/make-sdk/make-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVariableRequestsRoundTrip checks that the variable request bodies
// decode from the JSON they encode to (makectl's --body), and refuse a value
// of the wrong type.
func TestVariableRequestsRoundTrip(t *testing.T) {
	date := time.Date(1998, 3, 6, 12, 31, 0, 0, time.UTC)
	for _, v := range []make.VariableValue{make.NumberValue(12.5), make.StringValue("x"), make.BoolValue(false), make.DateValue(date)} {
		b, err := json.Marshal(make.CreateVariableRequest{Name: "threshold", Value: v})
		require.NoError(t, err)
		var c make.CreateVariableRequest
		require.NoError(t, json.Unmarshal(b, &c), string(b))
		assert.Equal(t, make.CreateVariableRequest{Name: "threshold", Value: v}, c)

		b, err = json.Marshal(make.UpdateVariableRequest{Value: v})
		require.NoError(t, err)
		var u make.UpdateVariableRequest
		require.NoError(t, json.Unmarshal(b, &u), string(b))
		assert.Equal(t, make.UpdateVariableRequest{Value: v}, u)
	}
	var c make.CreateVariableRequest
	err := json.Unmarshal([]byte(`{"name":"n","typeId":3,"value":"yes"}`), &c)
	assert.True(t, errors.Is(err, make.ErrVariableType), "got %v", err)
}
