package main

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestListFailsPartWay: page 3 of 5 fails (404). -o json leaves stdout
// empty (one valid document or nothing); jsonl, csv and table print the two
// pages fetched, then the error on stderr; the exit code is the error's.
func TestListFailsPartWay(t *testing.T) {
	const limit = 7
	for _, format := range []string{"json", "jsonl", "csv", "table"} {
		t.Run(format, func(t *testing.T) {
			fake := newFake(t, userToken, 25) // organization 1: 30 users
			fake.failRequest(t, 3, http.StatusNotFound)
			r := makectl(t, "", format == "table", "users", "list", "--organization-id", fmt.Sprint(organization1),
				"--pg-limit", fmt.Sprint(limit), "--cols", "id,name", "-o", format)
			if r.code != exitNotFound || !strings.Contains(r.stderr, "failed on request 3") {
				t.Errorf("exit %d, stderr %q", r.code, r.stderr)
			}
			var rows int
			switch format {
			case "json":
				if r.stdout != "" {
					t.Errorf("stdout %q, want nothing", r.stdout)
				}
				return
			case "jsonl":
				rows = strings.Count(r.stdout, "\n")
			case "csv":
				recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
				if err != nil {
					t.Fatalf("%v\n%s", err, r.stdout)
				}
				rows = len(recs) - 1
			case "table":
				lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
				if strings.Join(strings.Fields(lines[0]), " ") != "ID NAME" {
					t.Errorf("header %q", lines[0])
				}
				rows = len(lines) - 1
			}
			if rows != 2*limit {
				t.Errorf("%d rows, want the %d of the two pages fetched:\n%s", rows, 2*limit, r.stdout)
			}
		})
	}
}
