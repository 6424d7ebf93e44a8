package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
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

// TestPromptEndsWithContext: an interrupt (ctx done) ends a prompt nobody
// answers, and nothing is sent.
func TestPromptEndsWithContext(t *testing.T) {
	fake := newFake(t, adminToken, 0)
	stdin, w := io.Pipe() // never answered
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	var out, errOut strings.Builder
	start := time.Now()
	code := run(ctx, []string{"organizations", "delete", "11", "--confirmed"}, &env{
		stdin: stdin, stdout: &out, stderr: &errOut, stdinTTY: true, stdoutTTY: true, stderrTTY: true,
	})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the prompt returned after %v", d)
	}
	if code == exitOK || !strings.Contains(errOut.String(), "Go ahead?") || !strings.Contains(errOut.String(), "nothing was sent") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
	if n := len(fake.requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
