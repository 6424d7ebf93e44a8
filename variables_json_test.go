package make

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVariableRequestsRoundTrip checks that the variable request bodies
// decode from the JSON they encode to, and refuse a value of the wrong type.
func TestVariableRequestsRoundTrip(t *testing.T) {
	date := time.Date(1998, 3, 6, 12, 31, 0, 0, time.UTC)
	for _, v := range []VariableValue{NumberValue(12.5), StringValue("x"), BoolValue(false), DateValue(date)} {
		b, err := json.Marshal(CreateVariableRequest{Name: "threshold", Value: v})
		require.NoError(t, err)
		var c CreateVariableRequest
		require.NoError(t, json.Unmarshal(b, &c), string(b))
		assert.Equal(t, CreateVariableRequest{Name: "threshold", Value: v}, c)

		b, err = json.Marshal(UpdateVariableRequest{Value: v})
		require.NoError(t, err)
		var u UpdateVariableRequest
		require.NoError(t, json.Unmarshal(b, &u), string(b))
		assert.Equal(t, UpdateVariableRequest{Value: v}, u)
	}
	var c CreateVariableRequest
	err := json.Unmarshal([]byte(`{"name":"n","typeId":3,"value":"yes"}`), &c)
	assert.True(t, errors.Is(err, ErrVariableType), "got %v", err)
}
