package main

import (
	"os"
	"strings"
	"testing"
)

// readmeCommands returns the makectl command lines of the README's
// "Command line" section.
func readmeCommands(t *testing.T) [][]string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Command line\n")
	if !ok {
		t.Fatal(`README.md has no "## Command line" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var out [][]string
	inCode := false
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
			continue
		}
		if inCode && strings.HasPrefix(line, "makectl ") {
			out = append(out, strings.Fields(line)[1:])
		}
	}
	return out
}

// TestREADMECommands runs every makectl command of the README against the
// fake, as a White Label administrator (the admin example needs it).
func TestREADMECommands(t *testing.T) {
	cmds := readmeCommands(t)
	if len(cmds) < 5 {
		t.Fatalf("found %d commands in the README's Command line section", len(cmds))
	}
	newFake(t, adminToken, 0)
	for _, args := range cmds {
		r := makectl(t, "", false, args...)
		if r.code != 0 || strings.TrimSpace(r.stdout) == "" {
			t.Errorf("makectl %s: exit %d, stdout %q, stderr %q", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}
	// The examples' data, for the record.
	r := makectl(t, "", false, "users", "list", "--organization-id", "11", "--cols", "id,name,email", "-o", "csv").ok(t)
	if !strings.Contains(r.stdout, "Ada Lovelace,ada@example.com") {
		t.Errorf("users list -o csv:\n%s", r.stdout)
	}
}
