# make-go: the developer's commands. `make help` lists them.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCHSTAT   := golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
EXAMPLES    := $(sort $(dir $(wildcard examples/*/main.go)))
MODULES     := . cmd redislimit
OLDEST      := go$(shell awk '$$1 == "go" {print $$2}' go.mod)

.PHONY: help test test-oldest tssdk lint cover bench demo examples fresh proxy apicheck ci

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

test: ## the tests with -race of every module (the SDK's is the README's command; redislimit's Redis tests need REDISLIMIT_TEST_ADDR)
	@for m in $(MODULES); do echo "== $$m"; (cd $$m && go test -race -count=1 ./...) || exit 1; done

test-oldest: ## the same on the go line's toolchain (fetched through the module proxy)
	@for m in $(MODULES); do echo "== $$m ($(OLDEST))"; (cd $$m && GOTOOLCHAIN=$(OLDEST) go test -race -count=1 ./...) || exit 1; done

tssdk: ## Make's TypeScript SDK against makefake (needs Node.js and the npm registry; writes nothing into the tree)
	cd cmd && MAKEFAKE_TS_SDK=1 go test -count=1 -v -run '^TestTypeScriptSDK$$' ./makefake

lint: ## gofmt, and go vet and staticcheck of every module (.ci included)
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt: not formatted:"; echo "$$out"; exit 1; fi
	@for m in $(MODULES); do echo "== $$m"; (cd $$m && go vet ./... && go run $(STATICCHECK) ./...) || exit 1; done
	@echo "== .ci"; cd .ci && GOWORK=off go vet ./... && GOWORK=off go run $(STATICCHECK) ./...

cover: ## test coverage of the package, per function in cover.out
	go test -count=1 -coverprofile=cover.out .
	go tool cover -func=cover.out | tail -n 1

bench: ## run the benchmarks 6 times (about 8 min on a loaded machine) and summarize them with benchstat (see BENCHMARKS.md)
	go test -run '^$$' -bench . -benchmem -count 6 . 2>&1 | tee bench.txt
	@! grep -E '^(--- )?FAIL' bench.txt
	go run $(BENCHSTAT) -filter '/impl:(raw OR sdk)' -col /impl bench.txt
	go run $(BENCHSTAT) -filter '/mode:(iter OR collect)' -col /mode bench.txt
	go run $(BENCHSTAT) -filter '.name:(Paired OR PairedTimeout OR Concurrent OR NewRequest OR RateLimiter OR Export)' bench.txt
	go run $(BENCHSTAT) -filter '/mode:paired OR .name:RawResponse' bench.txt
	go run $(BENCHSTAT) -filter '.name:WorstBody .unit:(body-MiB OR peak-MiB OR refused)' bench.txt

demo: ## run the quickstart against the embedded fake Make API
	env -u MAKE_API_TOKEN -u MAKE_ZONE -u MAKE_BASE_URL go run ./examples/quickstart

examples: ## run every example against the embedded fake Make API
	@for d in $(EXAMPLES); do echo "== go run ./$$d"; env -u MAKE_API_TOKEN -u MAKE_ZONE -u MAKE_BASE_URL go run ./$$d >/dev/null || exit 1; done

fresh: ## the README's two commands on a fresh clone of HEAD (empty caches, no ../shared, no Node), timed
	bash .ci/fresh-clone.sh

proxy: ## every module fetched at its version from a file:// module proxy of the tree (RELEASING.md)
	bash .ci/proxy.sh

apicheck: ## the API against the last release tag (apidiff); skipped while there is none
	@d=$$(mktemp -d); GOBIN=$$d GOWORK=off GOFLAGS= go install golang.org/x/exp/cmd/apidiff@v0.0.0-20261120182113-8801fbdfac81 && \
	(cd .ci && GOWORK=off go run ./apicheck -repo .. -apidiff $$d/apidiff); rc=$$?; rm -rf $$d; exit $$rc

ci: ## everything CI runs (.ci/run; 17 minutes on a busy 2-core machine)
	bash .ci/run
