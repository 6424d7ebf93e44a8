package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestExitCodeFromMakeErrorIn200: Make sometimes answers an error object
// with HTTP 200; the exit code follows its code, as the SDK's errors.Is does.
func TestExitCodeFromMakeErrorIn200(t *testing.T) {
	fake := newFake(t, userToken, 0)
	for _, tc := range []struct {
		code string
		exit int
	}{
		{"SC404", exitNotFound}, {"SC401", exitAuth}, {"SC403", exitAuth}, {"SC429", exitRateLimit}, {"SC400", exitUsage},
	} {
		fake.failNext("organizationsGet", http.StatusOK, "refused in a 200", tc.code, "")
		r := makectl(t, "", false, "organizations", "get", "11")
		if r.code != tc.exit || !strings.Contains(r.stderr, tc.code) {
			t.Errorf("%s in a 200: exit %d, stderr %q; want %d", tc.code, r.code, r.stderr, tc.exit)
		}
	}
}
