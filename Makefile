# make-go: the developer's commands. `make help` lists them.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCHSTAT   := golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
EXAMPLES    := $(sort $(dir $(wildcard examples/*/main.go)))

.PHONY: help test lint cover bench demo examples

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

test: ## run every test with the race detector (the README's test command)
	go test -race -count=1 ./...

lint: ## gofmt, go vet and staticcheck
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt: not formatted:"; echo "$$out"; exit 1; fi
	go vet ./...
	go run $(STATICCHECK) ./...

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
