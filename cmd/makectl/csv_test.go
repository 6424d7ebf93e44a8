package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestCSVInjection: -o csv neutralises cells a spreadsheet would run as a
// formula (OWASP) and leaves numbers alone; --csv-raw keeps them as they are.
func TestCSVInjection(t *testing.T) {
	fake := newFake(t, userToken, 0)
	formulas := map[string]string{ // name: the cell -o csv writes
		"@SUM(1+1)":                      "'@SUM(1+1)",
		"-2+3":                           "'-2+3",
		"+1":                             "'+1",
		`=HYPERLINK("http://x.example")`: `'=HYPERLINK("http://x.example")`,
		"\t=1+1":                         "'\t=1+1",
		"\r=1+1":                         "'\r=1+1",
		"Ada -Lovelace @home = fine":     "Ada -Lovelace @home = fine",
		"O'Brien":                        "O'Brien",
	}
	i := 0
	for name := range formulas {
		i++
		fake.addMember(11, name, fmt.Sprintf("formula%d@example.com", i))
	}
	args := []string{"users", "list", "--organization-id", "11", "--cols", "id,name", "-o", "csv"}
	read := func(out string) map[string]bool {
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		cells := map[string]bool{}
		for _, rec := range recs[1:] {
			if strings.HasPrefix(rec[0], "'") {
				t.Errorf("the number %q was prefixed", rec[0])
			}
			cells[rec[1]] = true
		}
		return cells
	}
	cells := read(makectl(t, "", false, args...).ok(t).stdout)
	raw := read(makectl(t, "", false, append(args, "--csv-raw")...).ok(t).stdout)
	for name, want := range formulas {
		if !cells[want] {
			t.Errorf("-o csv: no cell %q for the name %q", want, name)
		}
		if !raw[name] {
			t.Errorf("-o csv --csv-raw: no cell %q", name)
		}
	}
}

func TestIsNumber(t *testing.T) {
	for raw, want := range map[string]bool{
		`-5`: true, `1.5e3`: true, `0`: true, `"-5"`: false, `-`: false, `-2+3`: false, `null`: false, `[1]`: false, ``: false,
	} {
		if got := isNumber(json.RawMessage(raw)); got != want {
			t.Errorf("isNumber(%s) = %v, want %v", raw, got, want)
		}
	}
}
