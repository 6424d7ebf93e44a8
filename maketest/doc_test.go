package maketest

import (
	goflag "flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var updateDoc = goflag.Bool("update-doc", false, "rewrite the list of operations in doc.go")

// docOperations is the list of operations doc.go shows, one line each, from
// the catalogue itself.
func docOperations() string {
	width := 0
	for _, op := range sortedOps {
		width = max(width, len(op.id))
	}
	var b strings.Builder
	for _, op := range sortedOps {
		note := ""
		if handlers[op.id] == nil {
			note = "  (501: not implemented)"
		}
		fmt.Fprintf(&b, "//\t%-*s  %-6s %s%s\n", width, op.id, op.method, op.path, note)
	}
	return b.String()
}

// The package documentation lists every operationId a Fault takes, as the
// catalogue has them (go test ./maketest -run TestDocListsOperations
// -update-doc rewrites the list).
func TestDocListsOperations(t *testing.T) {
	// The list is the block between the sentence that introduces it and
	// the next section.
	const begin, end = "reports\n// which are implemented):\n//\n", "// # Outside Go\n"
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("doc.go lacks the list's frame: %q ... %q", begin, end)
	}
	got, want := doc[i+len(begin):j], docOperations()+"//\n"
	if got == want {
		return
	}
	if *updateDoc {
		if err := os.WriteFile("doc.go", []byte(doc[:i+len(begin)]+want+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("doc.go's list of operations is stale; rerun with -update-doc. Want:\n%s", want)
}

// Every operation of Operations is in the list, and nothing else.
func TestDocOperationsAreOperations(t *testing.T) {
	listed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(docOperations()), "\n") {
		listed[strings.Fields(strings.TrimPrefix(line, "//"))[0]] = true
	}
	ops := Operations()
	if len(listed) != len(ops) {
		t.Fatalf("%d operations listed, %d in Operations()", len(listed), len(ops))
	}
	for id := range ops {
		if !listed[id] {
			t.Errorf("%s is not listed", id)
		}
	}
}
