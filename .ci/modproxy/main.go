// Command modproxy builds a file:// Go module proxy that serves every module
// of this repository at one candidate version, from the working tree, as
// module zips made with golang.org/x/mod/zip: what the module proxy will
// serve once the modules are tagged (RELEASING.md).
//
//	go run ./modproxy -repo .. -version v0.1.0 -out /tmp/proxy
//
// then GOPROXY=file:///tmp/proxy,https://proxy.golang.org and
// GONOSUMDB=github.com/make-sdk/make-go give a user's commands
// (`go get github.com/make-sdk/make-go@v0.1.0`, `go install
// github.com/make-sdk/make-go/cmd/makectl@v0.1.0`) these zips.
//
// The modules are the go.mod files under -repo (directories named testdata
// or starting with "." or "_" are skipped, as the go command skips them).
// A module that requires another one at the candidate version is zipped
// after it, with the go.sum lines of that version added to its go.sum (in
// the zip, not in the tree): the second step of a release, which commits
// those lines before tagging the siblings. No module may have a replace
// directive: users never see them, and `go install pkg@version` refuses them.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/zip"
)

func main() {
	repo := flag.String("repo", ".", "the repository's root directory")
	version := flag.String("version", "", "the candidate version every module is served at, e.g. v0.1.0")
	out := flag.String("out", "", "the proxy's directory (created; must not exist or be empty)")
	flag.Parse()
	if err := run(*repo, *version, *out, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "modproxy:", err)
		os.Exit(1)
	}
}

// mod is one module of the repository.
type mod struct {
	dir  string // its directory
	rel  string // dir relative to the repository, "." for the root
	file *modfile.File
}

func (m *mod) path() string { return m.file.Module.Mod.Path }

func run(repo, version, out string, log io.Writer) error {
	if version == "" || out == "" {
		return errors.New("-version and -out are required")
	}
	if !semver.IsValid(version) || semver.Canonical(version) != version || semver.Build(version) != "" {
		return fmt.Errorf("-version %q: not a canonical semantic version such as v0.1.0", version)
	}
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		return fmt.Errorf("-out %s: not empty", out)
	}
	mods, err := findModules(repo)
	if err != nil {
		return err
	}
	served := map[string]bool{}
	for _, m := range mods {
		if err := module.Check(m.path(), version); err != nil {
			return fmt.Errorf("%s/go.mod: %w", m.rel, err)
		}
		if len(m.file.Replace) > 0 {
			return fmt.Errorf("%s/go.mod has a replace directive (%s): users never see it, and go install %s@%s refuses it",
				m.rel, m.file.Replace[0].Old.Path, m.path(), version)
		}
		served[m.path()] = true
	}
	sums := map[string][]string{} // module path: its two go.sum lines, once zipped
	for len(sums) < len(mods) {
		progress := false
		for _, m := range mods {
			if sums[m.path()] != nil || !ready(m, version, served, sums) {
				continue
			}
			lines, err := serve(m, version, out, sums)
			if err != nil {
				return fmt.Errorf("%s: %w", m.path(), err)
			}
			sums[m.path()] = lines
			fmt.Fprintf(log, "modproxy: %s@%s from %s\n  %s\n  %s\n", m.path(), version, m.rel, lines[0], lines[1])
			progress = true
		}
		if !progress {
			return errors.New("the modules require each other at the candidate version in a cycle")
		}
	}
	return nil
}

// findModules returns the modules under repo, the root first.
func findModules(repo string) ([]*mod, error) {
	var mods []*mod
	err := filepath.WalkDir(repo, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != repo && (d.Name() == "testdata" || d.Name() == "vendor" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			return filepath.SkipDir
		}
		if d.IsDir() || d.Name() != "go.mod" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := modfile.Parse(p, data, nil)
		if err != nil {
			return err
		}
		if f.Module == nil {
			return fmt.Errorf("%s: no module directive", p)
		}
		dir := filepath.Dir(p)
		rel, err := filepath.Rel(repo, dir)
		if err != nil {
			return err
		}
		mods = append(mods, &mod{dir: dir, rel: filepath.ToSlash(rel), file: f})
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(mods, func(a, b *mod) int { return strings.Compare(a.rel, b.rel) }) // "." first
	if len(mods) == 0 || mods[0].rel != "." {
		return nil, fmt.Errorf("%s has no go.mod at its root", repo)
	}
	return mods, nil
}

// ready reports whether every module m requires at the candidate version
// is zipped already.
func ready(m *mod, version string, served map[string]bool, sums map[string][]string) bool {
	for _, r := range m.file.Require {
		if served[r.Mod.Path] && r.Mod.Version == version && sums[r.Mod.Path] == nil {
			return false
		}
	}
	return true
}

// serve writes m's list, .info, .mod and .zip into the proxy at out and
// returns its go.sum lines.
func serve(m *mod, version, out string, sums map[string][]string) ([]string, error) {
	src := m.dir
	gomod, err := os.ReadFile(filepath.Join(m.dir, "go.mod"))
	if err != nil {
		return nil, err
	}
	var add []string // go.sum lines of siblings at the candidate version
	for _, r := range m.file.Require {
		if r.Mod.Version == version && sums[r.Mod.Path] != nil {
			add = append(add, sums[r.Mod.Path]...)
		}
	}
	if len(add) > 0 {
		// Zip a copy of the module whose go.sum has the siblings' lines.
		if src, err = copyWithSums(m.dir, add); err != nil {
			return nil, err
		}
		defer os.RemoveAll(src)
	}
	escPath, err := module.EscapePath(m.path())
	if err != nil {
		return nil, err
	}
	escVersion, err := module.EscapeVersion(version)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(out, filepath.FromSlash(escPath), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	zipFile := filepath.Join(dir, escVersion+".zip")
	f, err := os.Create(zipFile)
	if err != nil {
		return nil, err
	}
	if err := zip.CreateFromDir(f, module.Version{Path: m.path(), Version: version}, src); err != nil {
		f.Close()
		return nil, fmt.Errorf("zip of %s: %w", m.rel, err)
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	info := fmt.Sprintf("{\"Version\":%q,\"Time\":%q}\n", version, time.Now().UTC().Format(time.RFC3339))
	for name, data := range map[string][]byte{
		"list":               []byte(version + "\n"),
		escVersion + ".info": []byte(info),
		escVersion + ".mod":  gomod,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	zipHash, err := dirhash.HashZip(zipFile, dirhash.Hash1)
	if err != nil {
		return nil, err
	}
	modHash, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(gomod)), nil
	})
	if err != nil {
		return nil, err
	}
	return []string{
		m.path() + " " + version + " " + zipHash,
		m.path() + " " + version + "/go.mod " + modHash,
	}, nil
}

// copyWithSums copies the module in dir (its files, not its nested modules'
// or VCS directories) into a temporary directory and adds lines to its
// go.sum, sorted as the go command writes it.
func copyWithSums(dir string, lines []string) (string, error) {
	tmp, err := os.MkdirTemp("", "modproxy-")
	if err != nil {
		return "", err
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if rel != "." {
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil || slices.Contains([]string{".git", ".hg", ".svn", ".bzr"}, d.Name()) {
					return filepath.SkipDir
				}
			}
			return os.MkdirAll(filepath.Join(tmp, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil // zip.CreateFromDir skips them too
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "go.sum" {
			have := strings.Split(strings.TrimSpace(string(data)), "\n")
			data = []byte(strings.Join(sortedUnion(have, lines), "\n") + "\n")
		}
		return os.WriteFile(filepath.Join(tmp, rel), data, 0o644)
	})
	if err == nil {
		if _, statErr := os.Stat(filepath.Join(tmp, "go.sum")); errors.Is(statErr, fs.ErrNotExist) {
			err = os.WriteFile(filepath.Join(tmp, "go.sum"), []byte(strings.Join(sortedUnion(nil, lines), "\n")+"\n"), 0o644)
		}
	}
	if err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	return tmp, nil
}

// sortedUnion is the sorted set of the non-empty lines of a and b.
func sortedUnion(a, b []string) []string {
	var all []string
	for _, l := range slices.Concat(a, b) {
		if l != "" {
			all = append(all, l)
		}
	}
	slices.Sort(all)
	return slices.Compact(all)
}
