package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/make-sdk/make-go/maketest"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMCPStdioBinary builds makectl and makefake, starts makefake, and
// speaks MCP to "makectl mcp" over its stdin and stdout as a host does:
// initialize, tools/list (no destructive tool without --allow-destructive),
// tools/call of users_me.
func TestMCPStdioBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two binaries")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	makectlBin, makefakeBin := filepath.Join(dir, "makectl"), filepath.Join(dir, "makefake")
	for bin, pkg := range map[string]string{makectlBin: ".", makefakeBin: "../makefake"} {
		out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg).CombinedOutput()
		require.NoError(t, err, "go build %s: %s", pkg, out)
	}

	fake := exec.CommandContext(ctx, makefakeBin, "-addr", "127.0.0.1:0")
	stdout, err := fake.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, fake.Start())
	t.Cleanup(func() {
		_ = fake.Process.Signal(os.Interrupt)
		_ = fake.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "MAKE_BASE_URL=")
	require.True(t, ok, "makefake's first line: %q", line)

	stderr := new(syncBuffer)
	cmd := exec.Command(makectlBin, "mcp")
	cmd.Env = append(os.Environ(), "MAKE_BASE_URL="+base, "MAKE_ZONE=", "MAKE_API_TOKEN="+maketest.DefaultToken)
	cmd.Stderr = stderr
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "host", Version: "1"}, nil).
		Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	require.NoError(t, err, "initialize; stderr: %s", stderr)
	ir := cs.InitializeResult()
	assert.Equal(t, "makectl", ir.ServerInfo.Name)
	assert.Contains(t, ir.Instructions, "organizations_list")

	n := 0
	for tool, err := range cs.Tools(ctx, nil) {
		require.NoError(t, err)
		n++
		if dh := tool.Annotations.DestructiveHint; dh != nil && *dh {
			t.Errorf("%s is listed without --allow-destructive", tool.Name)
		}
	}
	assert.Equal(t, len(selectTools(maketest.DefaultScopes(), mcpConfig{})), n)

	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "users_me"})
	require.NoError(t, err)
	require.False(t, res.IsError, "%v", res.Content)
	me, ok := res.StructuredContent.(map[string]any)
	require.True(t, ok, "%T", res.StructuredContent)
	assert.Equal(t, "Jane Doe", me["name"])
	require.NoError(t, cs.Close())
	assert.Contains(t, stderr.String(), "serving")
	assert.NotContains(t, stderr.String(), maketest.DefaultToken)
}

// syncBuffer is a strings.Builder safe for the process's writer and the
// test's reader.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
