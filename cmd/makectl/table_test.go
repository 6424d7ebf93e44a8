package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	makeapi "github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/internal/catalog"
)

// TestTableCoversCatalogue checks that every operation of the catalogue has
// exactly one command (aliases aside) and that every row names an operation
// of the catalogue: 100/100.
func TestTableCoversCatalogue(t *testing.T) {
	ops, err := catalog.Operations()
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int{}
	for _, r := range table {
		if _, ok := catalog.Lookup(r.op); !ok {
			t.Errorf("row %s.%s names %s, which the catalogue lacks", r.service, r.method, r.op)
		}
		if !r.alias {
			rows[r.op]++
		}
	}
	covered := 0
	for _, op := range ops {
		switch rows[op.ID] {
		case 0:
			t.Errorf("%s (%s %s) has no row in the command table", op.ID, op.Method, op.Path)
		case 1:
			covered++
		default:
			t.Errorf("%s has %d rows; mark all but one as alias", op.ID, rows[op.ID])
		}
	}
	if len(ops) != 100 {
		t.Errorf("the catalogue has %d operations, want 100", len(ops))
	}
	t.Logf("command table: %d/%d operations", covered, len(ops))
}

// TestTableMatchesSurface checks the table against SURFACE.md, the
// project's fixed mapping of operationId to service and method (outside the
// module: skipped where it is absent, e.g. in a clean clone).
func TestTableMatchesSurface(t *testing.T) {
	const path = "../../../shared/api/SURFACE.md"
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) && os.Getenv("MAKEGO_REQUIRE_SHARED") != "1" { // CI sets it: there the file must be read
		t.Skipf("skipped: %s is not beside this clone; CI runs this test with ../shared present (README, Testing this repository)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	heading := regexp.MustCompile(`^## (Users|Organizations|Teams|Admin|Enums)\b`)
	line := regexp.MustCompile("^\\| (\\w+) \\| `(\\w+)`")
	type entry struct{ service, method string }
	surface := map[string]entry{}
	service := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := heading.FindStringSubmatch(sc.Text()); m != nil {
			service = m[1]
		} else if strings.HasPrefix(sc.Text(), "## ") {
			service = ""
		}
		if m := line.FindStringSubmatch(sc.Text()); m != nil && service != "" {
			surface[m[1]] = entry{service, m[2]}
		}
	}
	if len(surface) != 100 {
		t.Errorf("SURFACE.md has %d operations, want 100", len(surface))
	}
	inTable := map[string]bool{}
	for _, r := range table {
		if r.alias {
			continue
		}
		inTable[r.op] = true
		if want, ok := surface[r.op]; !ok {
			t.Errorf("row %s is not in SURFACE.md", r.op)
		} else if (entry{r.service, r.method}) != want {
			t.Errorf("row %s is %s.%s, SURFACE.md says %s.%s", r.op, r.service, r.method, want.service, want.method)
		}
	}
	for op := range surface {
		if !inTable[op] {
			t.Errorf("SURFACE.md's %s has no row", op)
		}
	}
}

// TestCommandsResolve checks that every row resolves to a method of the SDK
// this binary is built with, whose signature maps to arguments and flags,
// and that every body property of the catalogue decodes into the method's
// request struct. It fails while the SDK lacks one of the catalogue's
// methods; it passes once the SDK covers all 100 operations.
func TestCommandsResolve(t *testing.T) {
	var missing []string
	for _, c := range commands {
		if c.missing != "" {
			missing = append(missing, c.name+": "+c.missing)
			continue
		}
		if !c.hasBody {
			continue
		}
		// One value of the documented type for every body property.
		obj := map[string]json.RawMessage{}
		for _, p := range c.op.Body {
			obj[p.Name] = sampleJSON(p)
		}
		b, _ := json.Marshal(obj)
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(reflect.New(c.opts).Interface()); err != nil {
			t.Errorf("%s: the catalogue's body %s does not decode into %s: %v", c.name, b, c.opts, err)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d commands are not available in this build:\n%s", len(missing), len(commands), strings.Join(missing, "\n"))
	}
}

func sampleJSON(p catalog.Param) json.RawMessage {
	if len(p.Enum) > 0 {
		b, _ := json.Marshal(p.Enum[0])
		return b
	}
	switch p.Type {
	case "integer", "number", "":
		return json.RawMessage(`1`)
	case "boolean":
		return json.RawMessage(`true`)
	case "string":
		return json.RawMessage(`"x"`)
	case "array":
		item := sampleJSON(catalog.Param{Type: p.ItemType})
		return json.RawMessage("[" + string(item) + "]")
	}
	return json.RawMessage(`{}`)
}

func TestCommandNames(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commands {
		if seen[c.name] {
			t.Errorf("two commands are named %q", c.name)
		}
		seen[c.name] = true
		if isGroup(c.name) {
			t.Errorf("%q is both a command and the start of others", c.name)
		}
	}
	for _, want := range []string{
		"users me", "users list", "users list-api-tokens", "organizations get", "organizations set-tfa-enforcement",
		"admin users lookup", "admin users list", "admin users list-details", "admin users set-team-role", "enums timezones",
		"teams list", "teams get", "teams create-variable", "teams list-user-roles", "teams get-user-role",
		"admin teams list", "admin teams create", "admin teams delete",
	} {
		if !seen[want] {
			t.Errorf("no command %q", want)
		}
	}
}

// TestFlagNames: flags are the kebab case of the wire names; an API
// parameter named like one of makectl's own flags gets the prefix api-, and
// secrets are read from files.
func TestFlagNames(t *testing.T) {
	for name, want := range map[string][]string{
		"users list":                   {"organization-id", "pg-limit", "pg-sort-by", "cols", "tfa-status"},
		"organizations list":           {"api-zone", "external-id"},
		"users update-password":        {"current-password-file", "new-password1-file", "new-password2-file"},
		"admin users lookup":           {"id", "email"},
		"organizations get-invitation": {"hash-file"},
		"teams list":                   {"organization-id", "include-private-spaces", "cols", "pg-limit"},
		"admin teams list":             {"organization-id", "external-id", "pg-sort-by"},
	} {
		c := lookupCommand(name)
		got := map[string]bool{}
		for _, p := range c.flags {
			got[p.name] = true
		}
		for _, w := range want {
			if !got[w] {
				t.Errorf("%s has no flag --%s", name, w)
			}
		}
	}
}

func TestKebab(t *testing.T) {
	for in, want := range map[string]string{
		"ListAPITokens": "list-api-tokens", "SetTFAEnforcement": "set-tfa-enforcement", "Me": "me",
		"organizationId": "organization-id", "pg[limit]": "pg-limit", "pg[sortBy]": "pg-sort-by",
		"cols[]": "cols", "newPassword1": "new-password1", "UserIDs": "user-ids",
	} {
		if got := kebab(in); got != want {
			t.Errorf("kebab(%q) = %q, want %q", in, got, want)
		}
	}
}

// destructiveByName are the operations that are not a DELETE but delete,
// end or change a plan, transfer ownership or remove access (by operationId,
// or by SDK method for an alias row). Every DELETE of the catalogue is
// destructive too. Left out on purpose: organizationsCreateSubscription (it
// returns a checkout session; nothing changes before the checkout is paid)
// and adminUsersUpdate (a profile update; its admin role field is optional).
var destructiveByName = map[string]string{
	"organizationsChangeSubscription":         "changes the plan",
	"organizationsSetFreeSubscription":        "ends the paid plan",
	"organizationsClaimCancellationOffer":     "changes the plan's price, once",
	"usersTransferOrganizationOwnership":      "transfers ownership",
	"organizationsTransferOwnership":          "transfers ownership",
	"adminUsersTransferOrganizationOwnership": "transfers ownership",
	"usersUpdateTeamRole":                     "may demote: removes access",
	"usersUpdateOrganizationRole":             "may demote, or remove the user (empty body)",
	"adminUsersSetTeamRole":                   "may demote, or remove the user (empty body)",
	"adminUsersSetOrganizationRole":           "may demote, or remove the user (empty body)",
	"RemoveUserFromTeam":                      "removes access",
	"RemoveUserFromOrganization":              "removes access",
	"organizationsSetTfaEnforcement":          "logs out every user without TFA",
}

// TestDestructiveList holds the table's destructive rows against the
// catalogue: every DELETE, plus the operations named above, and nothing
// else (nothing that only reads).
func TestDestructiveList(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commands {
		name := c.op.ID
		if c.alias {
			name = c.row.method
		}
		_, named := destructiveByName[name]
		seen[name] = seen[name] || named
		want := c.op.Method == http.MethodDelete || named
		if c.destructive() != want {
			t.Errorf("%s (%s %s): destructive %v, want %v", c.name, c.op.Method, c.op.Path, c.destructive(), want)
		}
		if c.destructive() && c.op.Method == http.MethodGet {
			t.Errorf("%s only reads", c.name)
		}
	}
	for name := range destructiveByName {
		if !seen[name] {
			t.Errorf("%s is named destructive but has no row", name)
		}
	}
}

func TestExitCodes(t *testing.T) {
	for err, want := range map[error]int{
		usagef("bad"):                        exitUsage,
		&makeapi.ValidationError{Field: "f"}: exitUsage,
		&makeapi.APIError{StatusCode: 400}:   exitUsage,
		&makeapi.APIError{StatusCode: 406}:   exitUsage,
		&makeapi.APIError{StatusCode: 401}:   exitAuth,
		&makeapi.APIError{StatusCode: 403}:   exitAuth,
		&makeapi.APIError{StatusCode: 404}:   exitNotFound,
		&makeapi.APIError{StatusCode: 429}:   exitRateLimit,
		// A Make error object in a 200: its code is what counts.
		&makeapi.APIError{StatusCode: 200, Code: "SC404"}:             exitNotFound,
		&makeapi.APIError{StatusCode: 200, Code: "SC401"}:             exitAuth,
		&makeapi.APIError{StatusCode: 200, Code: "SC403"}:             exitAuth,
		&makeapi.APIError{StatusCode: 200, Code: "SC429"}:             exitRateLimit,
		&makeapi.APIError{StatusCode: 200, Code: "SC400"}:             exitUsage,
		&makeapi.APIError{StatusCode: 200, Code: "IM004"}:             exitUsage,
		&makeapi.APIError{StatusCode: 402}:                            exitOther,
		&makeapi.APIError{StatusCode: 503}:                            exitOther,
		fmt.Errorf("listing: %w", &makeapi.APIError{StatusCode: 404}): exitNotFound,
		&makeapi.APIError{StatusCode: 500}:                            exitOther,
		errors.New("connection refused"):                              exitOther,
		&makeapi.DecodeError{Err: errors.New("x")}:                    exitOther,
	} {
		if got := exitCode(err); got != want {
			t.Errorf("exitCode(%T %v) = %d, want %d", err, err, got, want)
		}
	}
}
