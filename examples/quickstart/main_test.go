package main

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/make-sdk/make-go/maketest"
)

// runCapturing runs the program and returns what it printed on stdout.
func runCapturing(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	out := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		out <- string(b)
	}()
	err = run()
	os.Stdout = stdout
	w.Close()
	printed := <-out
	if err != nil {
		t.Fatalf("run: %v\n%s", err, printed)
	}
	return printed
}

// With MAKE_BASE_URL naming a fake (makefake, here maketest), the program
// says it runs against that URL, not against "the real API".
func TestRunAgainstMakeBaseURL(t *testing.T) {
	srv := maketest.NewServer(t)
	t.Setenv("MAKE_API_TOKEN", maketest.DefaultToken)
	t.Setenv("MAKE_BASE_URL", srv.URL())
	t.Setenv("MAKE_ZONE", "")
	t.Setenv("MAKE_ORGANIZATION_ID", "")
	out := runCapturing(t)
	if !strings.Contains(out, "Running against "+srv.URL()+"/ with your token") || strings.Contains(out, "real API") {
		t.Fatalf("the program does not say where it runs:\n%s", out)
	}
	if strings.Contains(out, "embedded fake") {
		t.Fatalf("a token given, the embedded fake is not used:\n%s", out)
	}
}

// Without a token it runs the whole tour against the embedded fake.
func TestRunEmbedded(t *testing.T) {
	t.Setenv("MAKE_API_TOKEN", "")
	out := runCapturing(t)
	for _, want := range []string{"using the embedded fake Make API", "Updated user", "Refused without a request"} {
		if !strings.Contains(out, want) {
			t.Fatalf("missing %q:\n%s", want, out)
		}
	}
}
