package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
)

// TestListEveryFormat lists 30 users 7 a page (5 pages) in each output
// format: every format goes through the SDK's iterator and shows every user
// once, and the fake sees the five pages' offsets.
func TestListEveryFormat(t *testing.T) {
	const users, limit = 30, 7 // organization 1: users 1-5 and 25 extra
	for _, format := range []string{"json", "jsonl", "table", "csv"} {
		t.Run(format, func(t *testing.T) {
			fake := newFake(t, userToken, users-5)
			tty := format == "table"
			r := makectl(t, "", tty, "users", "list", "--organization-id", fmt.Sprint(organization1),
				"--pg-limit", fmt.Sprint(limit), "--cols", "id,name,email", "-o", format).ok(t)

			var ids []string
			switch format {
			case "json":
				var list []map[string]any
				if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
					t.Fatalf("not one JSON document: %v\n%s", err, r.stdout)
				}
				for _, u := range list {
					ids = append(ids, fmt.Sprint(u["id"]))
					if u["email"] == nil || u["name"] == nil {
						t.Errorf("user without name or email: %v", u)
					}
				}
			case "jsonl":
				for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
					var u map[string]any
					if err := json.Unmarshal([]byte(line), &u); err != nil {
						t.Fatalf("line %q: %v", line, err)
					}
					ids = append(ids, fmt.Sprint(u["id"]))
				}
			case "csv":
				recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				if got := strings.Join(recs[0], ","); got != "id,name,email" {
					t.Errorf("header %q", got)
				}
				for _, rec := range recs[1:] {
					ids = append(ids, rec[0])
				}
			case "table":
				lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
				if f := strings.Fields(lines[0]); strings.Join(f, " ") != "ID NAME EMAIL" {
					t.Errorf("header %q", lines[0])
				}
				for _, l := range lines[1:] {
					ids = append(ids, strings.Fields(l)[0])
				}
				// On a terminal, a progress line on stderr.
				if want := fmt.Sprintf("%d items, 5 pages", users); !strings.Contains(r.stderr, want) {
					t.Errorf("stderr %q lacks the progress %q", r.stderr, want)
				}
			}
			seen := map[string]bool{}
			for _, id := range ids {
				if seen[id] {
					t.Errorf("user %s twice", id)
				}
				seen[id] = true
			}
			if len(ids) != users {
				t.Errorf("%d users, want %d", len(ids), users)
			}
			var offsets []string
			for _, req := range fake.requests() {
				q := req.Query
				if req.Method != http.MethodGet || req.Path != "/users" || q.Get("pg[limit]") != fmt.Sprint(limit) ||
					strings.Join(q["cols[]"], ",") != "id,name,email" {
					t.Errorf("request %s %s?%s", req.Method, req.Path, req.Query.Encode())
				}
				offsets = append(offsets, q.Get("pg[offset]"))
			}
			if got := strings.Join(offsets, ","); got != ",7,14,21,28" {
				t.Errorf("page offsets %q, want ,7,14,21,28", got)
			}
			if format != "table" && r.stderr != "" {
				t.Errorf("stderr %q, want nothing when not on a terminal", r.stderr)
			}
		})
	}
}

// TestBodyFromStdin sends a request body read from stdin, and the same with
// body flags, which override its fields.
func TestBodyFromStdin(t *testing.T) {
	fake := newFake(t, userToken, 0)
	r := makectl(t, `{"name": "threshold", "typeId": 1, "value": 12.5}`, false,
		"organizations", "create-variable", "11", "--body", "-").ok(t)
	var v map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if v["name"] != "threshold" {
		t.Errorf("output %s", r.stdout)
	}
	reqs := fake.requests()
	if len(reqs) != 1 || reqs[0].Method != http.MethodPost || reqs[0].Path != "/organizations/11/variables" {
		t.Fatalf("requests %+v", reqs)
	}
	assertJSON(t, reqs[0].Body, `{"name":"threshold","typeId":1,"value":12.5}`)

	makectl(t, `{"name": "Ada L.", "language": "en"}`, false, "users", "update", "1", "--body", "-", "--name", "Jane D.").ok(t)
	reqs = fake.requests()
	last := reqs[len(reqs)-1]
	if last.Method != http.MethodPatch || last.Path != "/users/1" {
		t.Fatalf("request %s %s", last.Method, last.Path)
	}
	assertJSON(t, last.Body, `{"name":"Jane D.","language":"en"}`)

	// Body flags alone, typed by the catalogue.
	makectl(t, "", false, "organizations", "create-variable", "11", "--name", "flag", "--type-id", "3", "--value", "true").ok(t)
	reqs = fake.requests()
	assertJSON(t, reqs[len(reqs)-1].Body, `{"name":"flag","typeId":3,"value":true}`)
}

func assertJSON(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q: %v", got, err)
	}
	json.Unmarshal([]byte(want), &w)
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if string(gb) != string(wb) {
		t.Errorf("body %s, want %s", gb, wb)
	}
}

// TestErrorExitCodes checks an API error's exit code and its one line on
// stderr, and that bad input is refused with 2 and nothing sent.
func TestErrorExitCodes(t *testing.T) {
	fake := newFake(t, userToken, 0)
	wrong, newPW := t.TempDir()+"/wrong", t.TempDir()+"/new"
	os.WriteFile(wrong, []byte("not-the-password\n"), 0o600)
	os.WriteFile(newPW, []byte("N3w-Passw0rd!x\n"), 0o600)
	for _, tc := range []struct {
		args []string
		code int
		want string // in stderr
		sent bool
	}{
		{[]string{"organizations", "get", "999"}, exitNotFound, "404 Not Found", true},
		{[]string{"admin", "users", "list"}, exitAuth, "403 Forbidden", true}, // the user token has no admin scope
		{[]string{"users", "update-password", "1", "--current-password-file", wrong, // Make's 400 for a wrong password
			"--new-password1-file", newPW, "--new-password2-file", newPW}, exitUsage, "400 Bad Request", true},
		{[]string{"users", "list"}, exitUsage, "exactly one of teamId or organizationId", false},
		{[]string{"admin", "users", "lookup"}, exitUsage, "makectl: invalid q", false},
		{[]string{"organizations", "get", "eleven"}, exitUsage, "<organization-id>: want an integer", false},
		{[]string{"organizations", "get"}, exitUsage, "takes 1 argument(s)", false},
		{[]string{"organizations", "frobnicate"}, exitUsage, `organizations has no command "frobnicate"`, false},
		{[]string{"users", "me", "-o", "yaml"}, exitUsage, "-o: want json", false},
	} {
		before := len(fake.requests())
		r := makectl(t, "", false, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("makectl %s: exit %d, stderr %q; want %d and %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.code, tc.want)
		}
		if n := strings.Count(r.stderr, "\n"); n != 1 {
			t.Errorf("makectl %s: %d lines on stderr, want one", strings.Join(tc.args, " "), n)
		}
		// One prefix: makectl's, not the SDK's too.
		if !strings.HasPrefix(r.stderr, "makectl: ") || strings.Contains(r.stderr, "make: ") {
			t.Errorf("makectl %s: stderr %q, want one prefix makectl: ", strings.Join(tc.args, " "), r.stderr)
		}
		if sent := len(fake.requests()) > before; sent != tc.sent {
			t.Errorf("makectl %s: sent %v, want %v", strings.Join(tc.args, " "), sent, tc.sent)
		}
	}
}

// TestDestructiveNeedsYes: a delete from a script without --yes is refused
// with 2 and nothing sent; on a terminal it asks, and "n" sends nothing; with
// --yes it is sent.
func TestDestructiveNeedsYes(t *testing.T) {
	fake := newFake(t, adminToken, 0)
	r := makectl(t, "", false, "organizations", "delete", "11", "--confirmed")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--yes") || !strings.Contains(r.stderr, "nothing was sent") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	r = makectl(t, "n\n", true, "organizations", "delete", "11", "--confirmed")
	if r.code != exitUsage || !strings.Contains(r.stderr, "Go ahead? [y/N]") {
		t.Errorf("on a terminal: exit %d, stderr %q", r.code, r.stderr)
	}
	if n := len(fake.requests()); n != 0 {
		t.Fatalf("%d requests sent, want none", n)
	}
	makectl(t, "", false, "organizations", "delete", "11", "--confirmed", "--yes").ok(t)
	makectl(t, "y\n", true, "admin", "users", "remove-from-team", "3", "1").ok(t)
	reqs := fake.requests()
	if len(reqs) != 2 || reqs[0].Method != http.MethodDelete || reqs[0].Path != "/organizations/11" || reqs[0].Query.Encode() != "confirmed=true" {
		t.Errorf("requests %+v", reqs)
	}
}

// TestCredentials: a token from --token-file (here stdin) and --debug's log
// of every attempt, without the token.
func TestCredentials(t *testing.T) {
	newFake(t, "", 0)
	r := makectl(t, "", false, "users", "me")
	if r.code != exitUsage || !strings.Contains(r.stderr, "set MAKE_API_TOKEN or --token-file") {
		t.Errorf("without a token: exit %d, stderr %q", r.code, r.stderr)
	}
	// The token given by mistake as the file's name stays out of the error.
	r = makectl(t, "", false, "users", "me", "--token-file", "s3cr3t-T0ken-value")
	if r.code != exitUsage || strings.Contains(r.stderr, "s3cr3t") || !strings.Contains(r.stderr, "--token-file: cannot read the file") {
		t.Errorf("a token as --token-file: exit %d, stderr %q", r.code, r.stderr)
	}
	r = makectl(t, "\n", false, "users", "me", "--token-file", "-")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--token-file - is empty") {
		t.Errorf("an empty token file: exit %d, stderr %q", r.code, r.stderr)
	}
	r = makectl(t, userToken+"\n", false, "users", "me", "--token-file", "-", "--debug", "--cols", "id,email").ok(t)
	if !strings.Contains(r.stdout, `"email": "jane@example.com"`) {
		t.Errorf("stdout %s", r.stdout)
	}
	if !strings.Contains(r.stderr, "make: request") || !strings.Contains(r.stderr, "status=200") {
		t.Errorf("--debug logged %q", r.stderr)
	}
	if strings.Contains(r.stderr, userToken) {
		t.Errorf("the token reached the log: %q", r.stderr)
	}
}

// TestHelp lists what exists with endpoint, scope and documentation.
func TestHelp(t *testing.T) {
	r := makectl(t, "", false, "help").ok(t)
	for _, want := range []string{"users", "organizations", "admin users", "enums", "Exit codes",
		"  mcp ", "Model Context Protocol", "  version ", "  completion "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("makectl help lacks %q", want)
		}
	}
	r = makectl(t, "", false, "admin", "--help").ok(t)
	if !strings.Contains(r.stdout, "admin users lookup") || !strings.Contains(r.stdout, "GET /admin/users/lookup") {
		t.Errorf("makectl admin --help:\n%s", r.stdout)
	}
	r = makectl(t, "", false, "users", "list", "--help").ok(t)
	for _, want := range []string{"Make API: GET /users (scope user:read)", "--organization-id", "--pg-limit", "Exactly one of"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("makectl users list --help lacks %q", want)
		}
	}
	r = makectl(t, "", false, "help", "organizations", "delete").ok(t)
	if !strings.Contains(r.stdout, "Destructive") {
		t.Errorf("makectl help organizations delete:\n%s", r.stdout)
	}
}

// TestOneResultFormats: a result that is not a list is one row, one line or
// one document.
func TestOneResultFormats(t *testing.T) {
	newFake(t, userToken, 0)
	r := makectl(t, "", false, "users", "me", "-o", "table", "--cols", "id,name").ok(t)
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 2 || strings.Join(strings.Fields(lines[1]), " ") != "1 Jane Doe" {
		t.Errorf("table:\n%s", r.stdout)
	}
	r = makectl(t, "", false, "organizations", "get", "11", "-o", "jsonl").ok(t)
	if strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, `"name":"Analytical Engines"`) {
		t.Errorf("jsonl:\n%s", r.stdout)
	}
	// A slice result without an iterator: one row per element.
	r = makectl(t, "", false, "organizations", "list-variables", "1", "-o", "csv", "--cols", "name,value").ok(t)
	if r.stdout != "name,value\norganizationId,1\norganizationName,Acme\n" {
		t.Errorf("csv:\n%s", r.stdout)
	}
}

// TestLeadingFlags: flags may come anywhere on the line, makectl's own and
// the command's, before the command's words too.
func TestLeadingFlags(t *testing.T) {
	newFake(t, userToken, 0)
	r := makectl(t, "", false, "-o", "csv", "--cols=id,name", "users", "me").ok(t)
	if r.stdout != "id,name\n1,Jane Doe\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	r = makectl(t, "", false, "--organization-id", "1", "-o", "jsonl", "users", "list", "--cols", "id").ok(t)
	if n := strings.Count(r.stdout, "\n"); n != 5 {
		t.Errorf("%d users, want organization 1's 5:\n%s", n, r.stdout)
	}
	r = makectl(t, "", false, "users", "me", "--no-such-flag")
	if r.code != exitUsage || !strings.Contains(r.stderr, "unknown flag: --no-such-flag") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestSecretFromStdin: a secret argument comes from stdin, reaches the API,
// and --debug's log of the request redacts it.
func TestSecretFromStdin(t *testing.T) {
	fake := newFake(t, userToken, 0)
	r := makectl(t, invitationHash+"\n", false, "organizations", "get-invitation", "--hash-file", "-", "--debug").ok(t)
	reqs := fake.requests()
	if len(reqs) != 1 || reqs[0].Query.Get("hash") != invitationHash {
		t.Fatalf("requests %+v", reqs)
	}
	if !strings.Contains(r.stderr, "hash=REDACTED") || strings.Contains(r.stderr, invitationHash) {
		t.Errorf("--debug logged %q", r.stderr)
	}
	if r := makectl(t, "", false, "organizations", "get-invitation", "--hash", invitationHash); r.code != exitUsage {
		t.Errorf("a secret on the command line: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestMax: --max stops a paging list after N items, and the iterator fetches
// no page beyond the one holding the last of them.
func TestMax(t *testing.T) {
	fake := newFake(t, userToken, 25)
	r := makectl(t, "", false, "users", "list", "--organization-id", fmt.Sprint(organization1), "--pg-limit", "7",
		"--max", "9", "-o", "jsonl", "--cols", "id").ok(t)
	if n := strings.Count(r.stdout, "\n"); n != 9 {
		t.Errorf("%d users, want 9:\n%s", n, r.stdout)
	}
	if n := len(fake.requests()); n != 2 {
		t.Errorf("%d pages fetched, want 2", n)
	}
	if r := makectl(t, "", false, "users", "me", "--max", "1"); r.code != exitUsage {
		t.Errorf("--max on a command that does not page: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestPlanChangeNeedsYes: ending a paid plan (a POST, not a DELETE) is
// destructive: from a script without --yes it is refused and nothing is
// sent; so is a removal from a team through set-team-role's empty body.
// </dev/null is no terminal: a script's stdin may be a terminal while its
// stderr is not, and then nothing is asked either.
func TestPlanChangeNeedsYes(t *testing.T) {
	fake := newFake(t, adminToken, 0)
	for _, args := range [][]string{
		{"organizations", "set-free-subscription", "11", "--confirmed"},
		{"organizations", "change-subscription", "11", "--price-id", "2"},
		{"admin", "users", "set-team-role", "3", "1"},
		{"organizations", "set-tfa-enforcement", "11", "--enable"},
	} {
		r := makectl(t, "y\n", false, args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "--yes") || !strings.Contains(r.stderr, "nothing was sent") {
			t.Errorf("makectl %s: exit %d, stderr %q", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	var out, errOut strings.Builder
	code := run(context.Background(), []string{"organizations", "set-free-subscription", "11", "--confirmed"}, &env{
		stdin: strings.NewReader("y\n"), stdout: &out, stderr: &errOut, stdinTTY: true, stdoutTTY: true, stderrTTY: false,
	})
	if code != exitUsage || strings.Contains(errOut.String(), "Go ahead?") {
		t.Errorf("stdin a terminal, stderr not: exit %d, stderr %q", code, errOut.String())
	}
	if n := len(fake.requests()); n != 0 {
		t.Fatalf("%d requests sent, want none: %+v", n, fake.requests())
	}
	makectl(t, "", false, "organizations", "set-free-subscription", "11", "--confirmed", "--yes").ok(t)
	if reqs := fake.requests(); len(reqs) != 1 || reqs[0].Method != http.MethodPost {
		t.Errorf("requests %+v", reqs)
	}
}
