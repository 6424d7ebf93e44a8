// Command apicheck compares the exported API of each module of the
// repository with its last release tag, using apidiff
// (golang.org/x/exp/cmd/apidiff), and fails on an incompatible change unless
// CHANGELOG.md's Unreleased section has a Breaking entry.
//
//	apicheck -repo . -apidiff $(go env GOPATH)/bin/apidiff
//
// apidiff exits 0 even when it reports incompatible changes, so its report is
// read: an "Incompatible changes:" section, or a package the release had and
// the tree lacks, is incompatible. A module's release tags are vX.Y.Z for the
// root module and <dir>/vX.Y.Z for the module in <dir> (cmd/v0.1.0); a module
// with no such tag yet is skipped, saying so, and so is a module made only of
// commands (package main): it has no API. internal packages are not compared.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

func main() {
	repo := flag.String("repo", ".", "the repository's root directory (a git work tree)")
	apidiff := flag.String("apidiff", "apidiff", "the apidiff program")
	flag.Parse()
	ok, err := check(*repo, *apidiff, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "apicheck:", err)
		os.Exit(2)
	}
	if !ok {
		os.Exit(1)
	}
}

// check compares every module under repo with its last release and reports
// whether the changes are allowed: compatible ones, or incompatible ones with
// a Breaking entry in CHANGELOG.md's Unreleased section.
func check(repo, apidiff string, log io.Writer) (bool, error) {
	repo, err := filepath.Abs(repo)
	if err != nil {
		return false, err
	}
	dirs, err := moduleDirs(repo)
	if err != nil {
		return false, err
	}
	var incompatible []string // modules with incompatible changes
	for _, rel := range dirs {
		prefix := ""
		if rel != "." {
			prefix = rel + "/"
		}
		modPath, err := modulePath(filepath.Join(repo, rel))
		if err != nil {
			return false, err
		}
		tag, err := lastTag(repo, prefix)
		if err != nil {
			return false, err
		}
		if tag == "" {
			fmt.Fprintf(log, "apicheck: %s: skipped: no release tag %sv* yet, nothing to compare with\n", modPath, prefix)
			continue
		}
		newPkgs, err := apiPackages(filepath.Join(repo, rel))
		if err != nil {
			return false, err
		}
		if len(newPkgs) == 0 {
			fmt.Fprintf(log, "apicheck: %s: skipped: only commands (package main), no API\n", modPath)
			continue
		}
		report, bad, err := compare(repo, rel, tag, apidiff, newPkgs)
		if err != nil {
			return false, fmt.Errorf("%s against %s: %w", modPath, tag, err)
		}
		fmt.Fprintf(log, "apicheck: %s against %s:\n%s", modPath, tag, report)
		if bad {
			incompatible = append(incompatible, modPath)
		}
	}
	if len(incompatible) == 0 {
		return true, nil
	}
	changelog, err := os.ReadFile(filepath.Join(repo, "CHANGELOG.md"))
	if err != nil {
		return false, err
	}
	if hasBreakingEntry(string(changelog)) {
		fmt.Fprintf(log, "apicheck: incompatible changes in %s, announced by a Breaking entry of CHANGELOG.md's Unreleased section\n", strings.Join(incompatible, ", "))
		return true, nil
	}
	fmt.Fprintf(log, "apicheck: FAIL: incompatible changes in %s, and CHANGELOG.md's Unreleased section has no Breaking entry (a line \"- **Breaking** ...\"): add one, or keep the API compatible\n", strings.Join(incompatible, ", "))
	return false, nil
}

// moduleDirs returns the directories under repo holding a go.mod, relative,
// "." first; like the go command it skips testdata, vendor and directories
// starting with "." or "_".
func moduleDirs(repo string) ([]string, error) {
	var dirs []string
	err := filepath.WalkDir(repo, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != repo && (d.Name() == "testdata" || d.Name() == "vendor" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			return filepath.SkipDir
		}
		if !d.IsDir() && d.Name() == "go.mod" {
			rel, err := filepath.Rel(repo, filepath.Dir(p))
			if err != nil {
				return err
			}
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(dirs)
	return dirs, err
}

// modulePath is the module path of the go.mod in dir.
func modulePath(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return "", err
	}
	if p := modfile.ModulePath(data); p != "" {
		return p, nil
	}
	return "", fmt.Errorf("%s/go.mod: no module directive", dir)
}

// lastTag is the highest release tag prefix+vX.Y.Z of repo, or "".
func lastTag(repo, prefix string) (string, error) {
	out, err := run(repo, nil, "git", "tag", "--list", prefix+"v*")
	if err != nil {
		return "", err
	}
	best := ""
	for _, tag := range strings.Fields(out) {
		v := strings.TrimPrefix(tag, prefix)
		if semver.IsValid(v) && (best == "" || semver.Compare(v, strings.TrimPrefix(best, prefix)) > 0) {
			best = tag
		}
	}
	return best, nil
}

// apiPackages lists the import paths of the module in dir that have an API:
// neither main nor internal.
func apiPackages(dir string) ([]string, error) {
	out, err := run(dir, nil, "go", "list", "-f", "{{.Name}} {{.ImportPath}}", "./...")
	if err != nil {
		return nil, err
	}
	var pkgs []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		name, path, ok := strings.Cut(line, " ")
		if !ok || name == "main" || path == "internal" || strings.HasPrefix(path, "internal/") ||
			strings.Contains(path, "/internal/") || strings.HasSuffix(path, "/internal") {
			continue
		}
		pkgs = append(pkgs, path)
	}
	return pkgs, nil
}

// compare writes the tree of tag into a temporary directory and compares the
// API of each package of the module in rel there with the working tree's. It
// returns apidiff's reports and whether any change is incompatible.
func compare(repo, rel, tag, apidiff string, newPkgs []string) (string, bool, error) {
	tmp, err := os.MkdirTemp("", "apicheck-")
	if err != nil {
		return "", false, err
	}
	defer os.RemoveAll(tmp)
	old := filepath.Join(tmp, "old")
	if err := os.Mkdir(old, 0o755); err != nil {
		return "", false, err
	}
	archive := exec.Command("git", "archive", "--format=tar", tag)
	archive.Dir = repo
	tarball, err := archive.Output()
	if err != nil {
		return "", false, fmt.Errorf("git archive %s: %w", tag, err)
	}
	if _, err := run(old, bytes.NewReader(tarball), "tar", "-x"); err != nil {
		return "", false, err
	}
	oldPkgs, err := apiPackages(filepath.Join(old, rel))
	if err != nil {
		return "", false, err
	}
	var report strings.Builder
	bad := false
	for i, pkg := range oldPkgs {
		if !slices.Contains(newPkgs, pkg) {
			fmt.Fprintf(&report, "  package %s:\n    Incompatible changes:\n    - the package is gone\n", pkg)
			bad = true
			continue
		}
		oldExport := filepath.Join(tmp, fmt.Sprintf("old%d", i))
		newExport := filepath.Join(tmp, fmt.Sprintf("new%d", i))
		if _, err := run(filepath.Join(old, rel), nil, apidiff, "-w", oldExport, pkg); err != nil {
			return "", false, err
		}
		if _, err := run(filepath.Join(repo, rel), nil, apidiff, "-w", newExport, pkg); err != nil {
			return "", false, err
		}
		out, err := run(repo, nil, apidiff, oldExport, newExport)
		if err != nil {
			return "", false, err
		}
		if strings.TrimSpace(out) == "" {
			continue
		}
		fmt.Fprintf(&report, "  package %s:\n", pkg)
		for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			fmt.Fprintf(&report, "    %s\n", line)
		}
		if strings.Contains(out, "Incompatible changes:") {
			bad = true
		}
	}
	for _, pkg := range newPkgs {
		if !slices.Contains(oldPkgs, pkg) {
			fmt.Fprintf(&report, "  package %s:\n    Compatible changes:\n    - a new package\n", pkg)
		}
	}
	if report.Len() == 0 {
		report.WriteString("  no change of the API\n")
	}
	return report.String(), bad, nil
}

// breakingEntry is a Breaking entry of a Keep a Changelog list.
var breakingEntry = regexp.MustCompile(`(?m)^\s*[-*] \*\*Breaking\*\*`)

// hasBreakingEntry reports whether the Unreleased section of a Keep a
// Changelog file ("## [Unreleased]" up to the next "## ") has a line
// "- **Breaking** ...".
func hasBreakingEntry(changelog string) bool {
	start := regexp.MustCompile(`(?m)^## \[Unreleased\]`).FindStringIndex(changelog)
	if start == nil {
		return false
	}
	section := changelog[start[1]:]
	if end := regexp.MustCompile(`(?m)^## `).FindStringIndex(section); end != nil {
		section = section[:end[0]]
	}
	return breakingEntry.MatchString(section)
}

// run runs a program in dir and returns its standard output; its error
// carries the standard error.
func run(dir string, stdin io.Reader, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		err = fmt.Errorf("%s %s (in %s): %w: %s", name, strings.Join(args, " "), dir, err, strings.TrimSpace(stderr.String()))
	} else if err != nil {
		err = fmt.Errorf("%s: %w", name, err)
	}
	return string(out), err
}
