package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// hostileNames are user names an attacker can set: OSC (window title, OSC 52
// clipboard write), CSI (clear screen), BEL, a C1 CSI (U+009B), a bidi
// override, and a \v that would forge a column.
var hostileNames = []string{
	"Eve\vroot@example.com",
	"\x1b]0;pwned\a\x1b[2J\x1b[H",
	"\x1b]52;c;Y3VybCBldmlsLnNofHNo\x07Mallory",
	"\u009b31mRed",
	"\u202eReversed",
	"Tab\tNew\nLine\rCR",
}

// assertNoControls fails if s holds a character a terminal would act on
// (anything not printable but the newline ending a line).
func assertNoControls(t *testing.T, what, s string) {
	t.Helper()
	for i, r := range s {
		if r == '\n' || r == ' ' {
			continue
		}
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			t.Errorf("%s: %U at byte %d reaches the terminal:\n%q", what, r, i, s)
			return
		}
	}
}

func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"plain Ünïcödé 名前":    "plain Ünïcödé 名前",
		"\x1b[2J":             `\x1b[2J`,
		"\x1b]0;t\a":          `\x1b]0;t\a`,
		"a\vb\tc\nd\re\fg\bh": `a\vb\tc\nd\re\fg\bh`,
		"\u009b31m":           `\u009b31m`,
		"\u202eabc\u2066":     `\u202eabc\u2066`,
		"zero\u200bwidth":     `zero\u200bwidth`,
		"del\x7f":             `del\x7f`,
		"bad\xffbyte":         `bad\xffbyte`,
		"lit\ufffd":           `lit\ufffd`,
		"nb\u00a0sp":          `nb\u00a0sp`,
		"tag\U000E0041":       `tag\U000e0041`,
	} {
		if got := visible(in); got != want {
			t.Errorf("visible(%q) = %q, want %q", in, got, want)
		}
		assertNoControls(t, fmt.Sprintf("visible(%q)", in), visible(in))
	}
}

// TestTerminalInjection: server data with control characters is escaped
// visibly in a table and in the one-line error; json and csv keep it exact.
func TestTerminalInjection(t *testing.T) {
	fake := newFake(t, userToken, 0)
	ids := map[string]int64{}
	for i, name := range hostileNames {
		ids[name] = fake.addMember(11, name, fmt.Sprintf("user%d@example.com", i))
	}
	args := []string{"users", "list", "--organization-id", "11", "--cols", "id,name,email"}

	r := makectl(t, "", true, append(args, "-o", "table")...).ok(t)
	assertNoControls(t, "table", r.stdout)
	for _, want := range []string{`Eve\vroot@example.com`, `\x1b]0;pwned\a\x1b[2J`, `\x1b]52;c;`, `\u009b31mRed`, `\u202eReversed`, `Tab\tNew\nLine\rCR`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %s:\n%s", want, r.stdout)
		}
	}
	// Eve's row has three columns; its email is hers, not root@example.com.
	for _, line := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == fmt.Sprint(ids[hostileNames[0]]) {
			if len(f) != 3 || f[2] != "user0@example.com" {
				t.Errorf("Eve's row %q: want 3 columns, EMAIL user0@example.com", line)
			}
		}
	}

	// Machine formats keep the data exact.
	r = makectl(t, "", false, append(args, "-o", "json")...).ok(t)
	var list []struct {
		ID   int64
		Name string
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, u := range list {
		got[u.Name] = true
	}
	r = makectl(t, "", false, append(args, "-o", "csv")...).ok(t)
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	inCSV := map[string]bool{}
	for _, rec := range recs[1:] {
		inCSV[rec[1]] = true
	}
	for _, name := range hostileNames {
		if !got[name] {
			t.Errorf("-o json changed the name %q", name)
		}
		if !inCSV[name] {
			t.Errorf("-o csv changed the name %q", name)
		}
	}

	// An error message quoting the server's text.
	fake.failNext("usersGetMe", http.StatusBadRequest, "bad \x1b]0;pwned\a\x1b[2J name \u009b31m", "SC400", "")
	r = makectl(t, "", true, "users", "me")
	if r.code != exitUsage {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	assertNoControls(t, "stderr", r.stderr)
	if !strings.Contains(r.stderr, `bad \x1b]0;pwned\a\x1b[2J name \u009b31m`) {
		t.Errorf("stderr %q lacks the escaped message", r.stderr)
	}
}
