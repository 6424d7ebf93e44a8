package maketest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOutsideModule builds a module outside this repository that requires
// the SDK through a replace directive, with the files of the README's
// "Testing your code" section (package greet) and "Sign in with Make"
// section (package signin), and runs their tests: maketest is usable from a
// user's module (no internal package), and the README's code works as
// written.
//
// It runs offline (GOPROXY=off) and needs nothing the repository's own build
// did not download: the outside module requires what the SDK's go.mod
// requires, at the same versions (what `go mod tidy` gives a user's module),
// so its module graph is the SDK's, and go.sum is the SDK's. With only
// `require make-go`, the go command would have to read the go.mod files of
// the SDK's requirements' requirements, which the SDK's own build never
// fetches (a fresh clone's empty module cache does not hold them).
func TestOutsideModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests a separate module")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	repo, err := filepath.Abs("..")
	require.NoError(t, err)
	dir := t.TempDir()
	sdkMod, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	require.NoError(t, err)
	gomod := outsideGoMod(t, string(sdkMod), repo)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o600))
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o600))
	for pkg, heading := range map[string]string{"greet": "## Testing your code", "signin": "## Sign in with Make (OAuth 2.0)"} {
		files := readmeFiles(t, filepath.Join(repo, "README.md"), heading)
		require.Contains(t, files, pkg+".go")
		require.Contains(t, files, pkg+"_test.go")
		require.NoError(t, os.Mkdir(filepath.Join(dir, pkg), 0o700))
		for name, src := range files {
			require.NoError(t, os.WriteFile(filepath.Join(dir, pkg, name), []byte(src), 0o600))
		}
	}

	cmd := exec.Command(gobin, "test", "-count=1", "-v", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOPROXY=off", "GOSUMDB=off", "GOWORK=off", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	t.Logf("go test in a module outside the repository:\n%s", out)
	require.NoError(t, err)
	for _, name := range []string{"TestGreeting", "TestGreetingRidesOutAnOutage", "TestGreetingNeedsTheScope", "TestSignIn"} {
		require.Contains(t, string(out), "--- PASS: "+name+" ")
	}
}

// outsideGoMod is the go.mod of a user's module named example.com/readme: the
// SDK's go line and requirements (sdkMod is the SDK's go.mod), plus the SDK
// itself, replaced by the repository at repo.
func outsideGoMod(t *testing.T, sdkMod, repo string) string {
	t.Helper()
	first, rest, ok := strings.Cut(sdkMod, "\n")
	require.True(t, ok && first == "module github.com/make-sdk/make-go", "the SDK's go.mod starts with %q", first)
	require.NotContains(t, rest, "replace", "the SDK's go.mod has no replace directive")
	return "module example.com/readme\n" + rest +
		"\nrequire github.com/make-sdk/make-go v0.0.0\n\nreplace github.com/make-sdk/make-go => " + repo + "\n"
}

// readmeFiles returns the ```go blocks of a README section by the file
// name of their first line ("// greet.go").
func readmeFiles(t *testing.T, path, heading string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	text := string(b)
	start := strings.Index(text, "\n"+heading+"\n")
	require.GreaterOrEqual(t, start, 0, "README has no %q", heading)
	section := text[start+1:]
	if end := strings.Index(section[len(heading):], "\n## "); end >= 0 {
		section = section[:len(heading)+end]
	}
	files := map[string]string{}
	for _, m := range regexp.MustCompile("(?s)```go\n// ([a-z_]+\\.go)\n(.*?)```").FindAllStringSubmatch(section, -1) {
		files[m[1]] = m[2]
	}
	return files
}
