#!/usr/bin/env bash
# .ci/fresh-clone.sh [REPO]: what a new user meets. Clones REPO (default: this
# repository; its committed HEAD) into a temporary directory with no ../shared
# beside it, empty Go module and build caches, and node, npm and npx that fail
# as on a machine without Node.js; runs the README's two commands there, times
# them, and checks that they wrote nothing into the clone. Exits 1 at the first
# shortfall. It needs the Go module proxy, as a user's machine does.
set -u
repo=${1:-$(cd "$(dirname "$0")/.." && pwd)}
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2> /dev/null; rm -rf "$tmp"' EXIT
git clone -q "$repo" "$tmp/clone" || { echo "fresh-clone: git clone failed"; exit 1; }
mkdir -p "$tmp/bin"
for t in node npm npx; do
  printf '#!/bin/sh\necho "%s: not available on this machine" >&2; exit 127\n' "$t" > "$tmp/bin/$t"
  chmod +x "$tmp/bin/$t"
done
cd "$tmp/clone" || exit 1
[ ! -e ../shared ] || { echo "fresh-clone: ../shared exists beside the clone"; exit 1; }
export GOMODCACHE="$tmp/mod" GOCACHE="$tmp/cache" PATH="$tmp/bin:$PATH"
unset GOFLAGS MAKE_API_TOKEN MAKE_ZONE MAKE_BASE_URL MAKEGO_REQUIRE_SHARED MAKEFAKE_TS_SDK
step() {
  local name=$1 s out
  shift
  s=$(date +%s)
  if ! out=$("$@" 2>&1); then
    echo "fresh-clone: FAIL $name:"
    printf '%s\n' "$out" | grep -E '^(--- FAIL|FAIL|panic)|GOPROXY|npm|node|error' | head -n 15
    exit 1
  fi
  echo "fresh-clone: ok   $name ($(($(date +%s) - s)) s)"
}
step "go run ./examples/quickstart" go run ./examples/quickstart
step "go test -race -count=1 ./..." go test -race -count=1 ./...
if [ -n "$(git status --porcelain)" ]; then
  echo "fresh-clone: FAIL the commands wrote into the clone:"
  git status --porcelain | head
  exit 1
fi
echo "fresh-clone: the README's two commands pass on a fresh clone"
