#!/usr/bin/env bash
# .ci/proxy.sh: every module of this repository can be fetched at its version.
#
# The siblings (cmd, redislimit) require the SDK at the version that will be
# tagged with them (the candidate). Until that tag exists, this builds a
# file:// module proxy from the working tree at the candidate version (the
# modproxy program, module zips made with golang.org/x/mod/zip), and in a fresh
# module outside the repository, with an empty module cache and
# GOPROXY=file://<that proxy>,<the usual proxy for third-party modules>, runs
# the README's commands as a user would:
#   go get github.com/make-sdk/make-go@V, the README's maketest example (go test),
#   go get github.com/make-sdk/make-go/redislimit@V and a program using it,
#   go install github.com/make-sdk/make-go/cmd/makectl@V and .../cmd/makefake@V,
#   makefake serving and makectl calling it.
# Then it checks that the siblings' go.mod and go.sum are tidy against that
# proxy (go.sum but for the SDK's own lines, which RELEASING.md's second step
# adds once the SDK is tagged). Once the candidate is tagged, the public proxy
# serves it: the tidiness is checked with `go mod tidy -diff` as is.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
sdk=github.com/make-sdk/make-go
siblings=(cmd redislimit)

version=""
for s in "${siblings[@]}"; do
  v=$(awk -v m="$sdk" '$1 == m && $2 ~ /^v/ {print $2}' "$s/go.mod")
  [ -n "$v" ] || { echo "proxy: $s/go.mod does not require $sdk"; exit 1; }
  [ -z "$version" ] || [ "$v" = "$version" ] || { echo "proxy: $s/go.mod requires $sdk $v, another sibling $version: they are tagged together"; exit 1; }
  version=$v
done
if git rev-parse -q --verify "refs/tags/$version" > /dev/null; then
  echo "proxy: $sdk $version is tagged: the public module proxy serves it; the siblings' go.mod and go.sum must be tidy against it"
  for s in "${siblings[@]}"; do (cd "$s" && GOWORK=off go mod tidy -diff); done
  exit 0
fi
echo "proxy: candidate $version (not tagged yet): a file:// proxy from the working tree"

work=$(mktemp -d)
cleanup() {
  [ -n "${fake_pid:-}" ] && kill "$fake_pid" 2> /dev/null
  chmod -R u+w "$work" 2> /dev/null
  rm -rf "$work"
}
trap cleanup EXIT
(cd .ci && GOWORK=off go run ./modproxy -repo "$repo" -version "$version" -out "$work/proxy")

# A user's environment: an empty module cache, no workspace, no GOFLAGS, our
# module path outside the checksum database (it is not published yet).
export GOMODCACHE="$work/mod" GOPROXY="file://$work/proxy,$(go env GOPROXY)" GONOSUMDB="$sdk" GOWORK=off GOFLAGS=
unset MAKE_API_TOKEN MAKE_ZONE MAKE_BASE_URL

echo "-- a user's module: go get $sdk@$version, the README's maketest example"
mkdir "$work/user"
cd "$work/user"
go mod init example.com/greet 2> /dev/null
# The ```go blocks of the README's "Testing your code" section, by the file
# name of their first line (maketest/module_test.go reads them the same way).
awk -v dir="$work/user" '
  /^## / { in_section = ($0 == "## Testing your code") }
  in_section && /^```go$/ { getline first; if (first ~ /^\/\/ [a-z_]+\.go$/) { file = dir "/" substr(first, 4); print first > file; next } }
  file && /^```$/ { close(file); file = ""; next }
  file { print > file }
' "$repo/README.md"
[ -f greet.go ] && [ -f greet_test.go ] || { echo "proxy: the README's Testing section has no greet.go and greet_test.go"; exit 1; }
go get "$sdk@$version"
go mod tidy
go test -count=1 ./... 

echo "-- go get $sdk/redislimit@$version, a program that uses it"
mkdir shared
cat > shared/shared.go <<'GO'
// Package shared builds a client whose rate budget is kept in Redis, as the
// README shows.
package shared

import (
	"github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/redislimit"
	"github.com/redis/go-redis/v9"
)

// Client is a client for zone sharing the budget of key with every client of
// the same key.
func Client(token, addr, key string, perMinute int) (*make.Client, error) {
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	lim, err := redislimit.New(rdb, key, perMinute)
	if err != nil {
		return nil, err
	}
	return make.NewClient(make.ZoneEU1, token, make.WithLimiter(lim))
}
GO
go get "$sdk/redislimit@$version"
go mod tidy
go vet ./...
grep -E "^\s*$sdk(/redislimit)? $version" go.mod

echo "-- go install $sdk/cmd/makectl@$version $sdk/cmd/makefake@$version"
cd "$work"
GOBIN="$work/bin" go install "$sdk/cmd/makectl@$version" "$sdk/cmd/makefake@$version"
"$work/bin/makefake" -addr 127.0.0.1:0 > "$work/fake.out" &
fake_pid=$!
for _ in $(seq 100); do grep -q '^MAKE_BASE_URL=' "$work/fake.out" 2> /dev/null && break; sleep 0.1; done
base=$(sed -n 's/^MAKE_BASE_URL=//p' "$work/fake.out" | head -n 1)
[ -n "$base" ] || { echo "proxy: makefake printed no MAKE_BASE_URL"; cat "$work/fake.out"; exit 1; }
me=$(MAKE_BASE_URL="$base" MAKE_API_TOKEN=any-token "$work/bin/makectl" users me -o json)
grep -q '"Jane Doe"' <<< "$me" || { echo "proxy: makectl users me against makefake: $me"; exit 1; }
echo "makectl users me against makefake: Jane Doe"

echo "-- the siblings are tidy against the proxy (go.sum but for $sdk's own lines)"
for s in "${siblings[@]}"; do
  cp -r "$repo/$s" "$work/tidy-$s"
  (cd "$work/tidy-$s" && go mod tidy)
  diff -u "$repo/$s/go.mod" "$work/tidy-$s/go.mod" || { echo "proxy: $s/go.mod is not tidy"; exit 1; }
  diff -u <(grep -v "^$sdk " "$repo/$s/go.sum") <(grep -v "^$sdk " "$work/tidy-$s/go.sum") || { echo "proxy: $s/go.sum is not tidy"; exit 1; }
  echo "$s: tidy"
done
echo "proxy: every module fetched at $version from the proxy: ok"
