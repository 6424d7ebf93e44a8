package make

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDecode_CostWalker checks the walker against shapes and types.
func TestDecode_CostWalker(t *testing.T) {
	cost := func(body string, v any) int64 {
		w := costWalker{b: []byte(body), limit: 1 << 40}
		w.value(reflect.TypeOf(v))
		return w.cost
	}
	assert.Equal(t, int64(8), cost(`{"unknown":[{},{},{}]}`, &struct{ A int }{}), "unknown keys are skipped: only the struct counts")
	assert.Greater(t, cost(`[{},{},{}]`, &[]User{}), 3*int64(reflect.TypeOf(User{}).Size()))
	assert.Greater(t, cost(`{"a":{},"b":[1,2]}`, new(any)), int64(2*anyMapEntry))
	assert.Equal(t, cost(`{"users":[{}]}`, &struct{ Users []User }{}), cost(`{"USERS":[{}]}`, &struct{ Users []User }{}), "keys match case-insensitively")
}
