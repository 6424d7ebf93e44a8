//go:build linux

package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// gcLine is the heap part of a GODEBUG=gctrace=1 line: "4->4->1 MB, 4 MB goal".
var gcLine = regexp.MustCompile(`(\d+)->(\d+)->(\d+) MB, (\d+) MB goal`)

// BenchmarkListMemory runs the makectl binary (built once) over a list of n
// users, 1,000 a page, and reports its memory: the largest live heap after
// a garbage collection and the largest heap goal (from the runtime's
// gctrace), and the peak resident memory (maxrss, from the kernel's rusage,
// which also counts memory the runtime has not returned yet). With -o jsonl
// and -o csv the heap stays flat as the list grows: items stream through the
// SDK's iterator, one page at a time; -o table aligns its columns, so it
// holds every row; -o json holds its document (the JSON text) until the
// list's end, so that a list failing part way leaves nothing.
//
//	go test -run '^$' -bench ListMemory -benchtime 1x ./cmd/makectl
func BenchmarkListMemory(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "makectl")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for _, n := range []int{1000, 10000} {
		newFake(b, userToken, n)
		for _, format := range []string{"jsonl", "csv", "table", "json"} {
			b.Run(fmt.Sprintf("users=%d/%s", n, format), func(b *testing.B) {
				var rss, live, goal int64
				for i := 0; i < b.N; i++ {
					cmd := exec.Command(bin, "users", "list", "--organization-id", fmt.Sprint(organization1), "--pg-limit", "1000", "-o", format)
					cmd.Env = append(os.Environ(), "GODEBUG=gctrace=1")
					var trace strings.Builder
					cmd.Stdout, cmd.Stderr = io.Discard, &trace
					if err := cmd.Run(); err != nil {
						b.Fatalf("%v\n%s", err, trace.String())
					}
					rss = max(rss, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
					for _, m := range gcLine.FindAllStringSubmatch(trace.String(), -1) {
						l, _ := strconv.ParseInt(m[3], 10, 64)
						g, _ := strconv.ParseInt(m[4], 10, 64)
						live, goal = max(live, l), max(goal, g)
					}
				}
				b.ReportMetric(float64(live), "live-heap-MB")
				b.ReportMetric(float64(goal), "heap-goal-MB")
				b.ReportMetric(float64(rss)/1024, "maxrss-MiB")
			})
		}
	}
}
