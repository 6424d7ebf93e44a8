package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// apidiffEnv names the apidiff program for the tests: .ci/run installs it and
// sets it.
const apidiffEnv = "APIDIFF"

// TestCheck runs the check on a synthetic repository with two modules and
// release tags: the root module tagged v0.1.0 and v0.2.0, sub/ tagged
// sub/v0.1.0, and a module of commands only (cmd/).
func TestCheck(t *testing.T) {
	apidiff := os.Getenv(apidiffEnv)
	if apidiff == "" {
		t.Skipf("%s is not set: install golang.org/x/exp/cmd/apidiff and set %s to it (.ci/run does)", apidiffEnv, apidiffEnv)
	}
	repo := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(repo, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	commit := func(msg string) {
		t.Helper()
		git("add", "-A")
		git("commit", "-q", "-m", msg)
	}
	const unreleased = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- something\n\n"
	const released = "## [0.1.0] - 2026-01-01\n\n### Changed\n\n- **Breaking** an old entry, of a release\n"

	git("init", "-q")
	write("go.mod", "module example.com/lib\n\ngo 1.25.0\n")
	write("lib.go", "package lib\n\n// A is a.\nfunc A() {}\n")
	write("internal/x/x.go", "package x\n\n// X is x.\nfunc X() {}\n")
	write("sub/go.mod", "module example.com/lib/sub\n\ngo 1.25.0\n")
	write("sub/sub.go", "package sub\n\n// S is s.\nfunc S(int) {}\n")
	write("cmd/go.mod", "module example.com/lib/cmd\n\ngo 1.25.0\n")
	write("cmd/tool/main.go", "package main\n\n// Exported is exported from a command.\nfunc Exported() {}\n\nfunc main() {}\n")
	write("CHANGELOG.md", unreleased+released)
	commit("first")

	run := func(want bool, wantOut ...string) {
		t.Helper()
		var out strings.Builder
		ok, err := check(repo, apidiff, &out)
		t.Logf("check = %v:\n%s", ok, out.String())
		if err != nil {
			t.Fatalf("check: %v\n%s", err, out.String())
		}
		if ok != want {
			t.Errorf("check = %v, want %v:\n%s", ok, want, out.String())
		}
		for _, w := range wantOut {
			if !strings.Contains(out.String(), w) {
				t.Errorf("the output lacks %q:\n%s", w, out.String())
			}
		}
	}

	// No tag yet: every module is skipped, saying why.
	run(true, "example.com/lib: skipped: no release tag v* yet", "example.com/lib/sub: skipped: no release tag sub/v* yet")

	git("tag", "v0.1.0")
	git("tag", "sub/v0.1.0")
	git("tag", "cmd/v0.1.0")
	run(true, "example.com/lib against v0.1.0:\n  no change of the API", "example.com/lib/cmd: skipped: only commands")

	// A compatible change (a new function, a new package), an internal change
	// and a change of a command's exported function: allowed.
	write("lib.go", "package lib\n\n// A is a.\nfunc A() {}\n\n// B is b.\nfunc B() {}\n")
	write("extra/extra.go", "package extra\n\n// E is e.\nconst E = 1\n")
	write("internal/x/x.go", "package x\n\n// Y is y.\nfunc Y() {}\n")
	write("cmd/tool/main.go", "package main\n\nfunc main() {}\n")
	commit("compatible")
	run(true, "Compatible changes:", "B: added", "example.com/lib/extra:\n    Compatible changes:\n    - a new package")

	// The next release is compared with, not the first.
	git("tag", "v0.2.0")
	run(true, "example.com/lib against v0.2.0:\n  no change of the API")

	// Incompatible: a function removed from the root module. The Breaking
	// entry of a released section does not count.
	write("lib.go", "package lib\n\n// B is b.\nfunc B() {}\n")
	commit("A removed")
	run(false, "Incompatible changes:", "A: removed", "FAIL: incompatible changes in example.com/lib,")

	// A Breaking entry in the Unreleased section allows it.
	write("CHANGELOG.md", unreleased+"### Removed\n\n- **Breaking** A is gone: call B.\n\n"+released)
	commit("announced")
	run(true, "announced by a Breaking entry")

	// In a submodule (tagged sub/v...), a changed signature and a package
	// that is gone are incompatible too.
	write("CHANGELOG.md", unreleased+released)
	write("sub/sub.go", "package sub\n\n// S is s.\nfunc S(string) {}\n")
	if err := os.RemoveAll(filepath.Join(repo, "extra")); err != nil {
		t.Fatal(err)
	}
	commit("sub changed, extra gone")
	run(false, "example.com/lib/sub against sub/v0.1.0:", "S: changed from func(int) to func(string)",
		"package example.com/lib/extra:\n    Incompatible changes:\n    - the package is gone", "FAIL: incompatible changes in example.com/lib, example.com/lib/sub,")
}

// TestHasBreakingEntry reads only the Unreleased section.
func TestHasBreakingEntry(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"# Changelog\n\n## [Unreleased]\n\n### Changed\n\n- **Breaking** the go line is 1.25.\n", true},
		{"## [Unreleased]\n\n- a fix\n\n## [0.1.0]\n\n- **Breaking** old\n", false},
		{"## [Unreleased]\n\n* **Breaking** a star bullet\n## [0.1.0]\n", true},
		{"## [Unreleased]\n\n- not **Breaking** at the start\n", false},
		{"# Changelog\n\n- **Breaking** outside any section\n", false},
	} {
		if got := hasBreakingEntry(tc.text); got != tc.want {
			t.Errorf("hasBreakingEntry(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
