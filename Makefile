# myplugload: `make run` shows it, `make test` proves it.
#
#   make            build the C targets (CMake, into build/) and the CLI (bin/myplugload)
#   make run        build, then inspect the bundled example plugins
#   make test       C build, go vet, go test -race -shuffle=on ./... (layout and
#                   server conformance, concurrency), the 10,000-cycle soak
#                   without -race, make test-asan, and every fuzz target for
#                   TEST_FUZZTIME (default 5s)
#   make lint       gofmt, go vet, staticcheck
#   make bench      benchmarks, Go and the C baseline host side by side: writes BENCHMARKS.md
#   make test-asan  the C side under AddressSanitizer (C unit tests, the C baseline
#                   host, go test -asan of internal/native and loader)
#   make fuzz       every fuzz target for FUZZTIME each (default 10s)
#   make corpus     fetch Debian's MariaDB 10.11 plugin binaries into corpus/ (the tests use them)
#   make conformance  the differential test against a real mariadbd (also part of make test)
#   make clean      remove build outputs
#
# Missing tools (cmake, g++, Debian's MariaDB server headers) are installed
# with apt-get by scripts/deps.sh, or it prints the command to run.

GO       ?= go
BUILD    ?= build
BIN      ?= bin
GOFLAGS  ?=
CMAKE_BUILD_TYPE ?= RelWithDebInfo
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
TEST_FUZZTIME ?= 5s

EXAMPLES := $(BUILD)/cplugins/examples

.PHONY: all c go run test lint bench test-asan fuzz clean deps-build deps-test corpus conformance

all: c go

deps-build:
	@sh scripts/deps.sh build

deps-test:
	@sh scripts/deps.sh test

$(BUILD)/CMakeCache.txt: CMakeLists.txt cplugins/CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) >/dev/null

c: deps-build $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

go:
	$(GO) build $(GOFLAGS) -o $(BIN)/myplugload ./cmd/myplugload

run: c go
	$(BIN)/myplugload inspect $(EXAMPLES)/example_daemon.so $(EXAMPLES)/example_daemon_57.so
	$(BIN)/myplugload check --server mariadb-10.11 $(EXAMPLES)/example_daemon.so $(EXAMPLES)/example_daemon_mariadb.so || true
	$(BIN)/myplugload shell --plugin-dir $(EXAMPLES) --echo --force cplugins/examples/demo.sql || true

corpus:
	@sh scripts/corpus.sh

test: deps-test corpus
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	$(GO) vet ./...
	$(GO) test -race -shuffle=on -count=1 ./...
	MYPLUGLOAD_SOAK=1 $(GO) test -count=1 -v -run '^TestSoakLoadUnload$$' ./loader
	sh scripts/test-asan.sh
	FUZZTIME=$(TEST_FUZZTIME) sh scripts/fuzz.sh

conformance: deps-test c
	$(GO) test -count=1 -run 'Conformance' -v ./loader

lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

bench: c corpus
	bash scripts/bench.sh

test-asan: corpus
	sh scripts/test-asan.sh

fuzz:
	sh scripts/fuzz.sh

clean:
	rm -rf $(BUILD) $(BIN) build-asan
