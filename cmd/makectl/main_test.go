package main

import (
	"context"
	"strings"
	"testing"
)

// result is what one in-process run of makectl gave.
type result struct {
	code           int
	stdout, stderr string
}

// makectl runs makectl's main logic in-process with stdin and the given
// arguments; tty makes stdin, stdout and stderr terminals.
func makectl(t *testing.T, stdin string, tty bool, args ...string) result {
	t.Helper()
	var out, errOut strings.Builder
	code := run(context.Background(), args, &env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		stdinTTY: tty, stdoutTTY: tty, stderrTTY: tty,
	})
	return result{code, out.String(), errOut.String()}
}

// ok fails the test unless the run exited 0.
func (r result) ok(t *testing.T) result {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit code %d, stderr: %s", r.code, r.stderr)
	}
	return r
}
