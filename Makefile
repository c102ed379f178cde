# NI Compute in Swift. `make devnet` runs the whole network on a fresh machine, `make test` every test.
# Every target installs what it needs first, idempotently and quietly when it is already there.

SWIFT ?= swift
SWIFT_BUILD_FLAGS ?=
BIN_PATH = $(shell $(SWIFT) build $(SWIFT_BUILD_FLAGS) --show-bin-path)

.PHONY: all deps python-env engine postgres build test demo devnet devnet-check bench pog-worker install fuzz chaos clean check-swift format

all: build

check-swift:
	@command -v $(SWIFT) >/dev/null || { echo "error: the Swift 6 toolchain ('swift') is not on PATH; install it from swift.org" >&2; exit 1; }

## deps: the Debian packages the project builds against (libsodium-dev, …)
deps:
	@scripts/install-system-packages.sh

## python-env: .venv with the pinned Python Bittensor SDK 9.0.0, the real peer of interop tests
python-env:
	@scripts/setup-python-env.sh

## engine: a container engine with the Docker API (Podman unless Docker runs) and the local SSH
## base image, which miners and their tests use; prints the socket for DOCKER_HOST
engine:
	@scripts/container-engine.sh

## postgres: a PostgreSQL server for the Register API's shared-database tests; prints its URL
postgres:
	@scripts/postgres.sh

## format: swift-format (the toolchain's) over the sources and tests with .swift-format (140
## columns); make test runs `swift format lint --strict` and fails on any difference
format: check-swift
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift

## build: compile everything (debug)
build: check-swift deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

## test: every test, unit and interoperability, against the real peers.
## Serial: the axon tests run real servers whose handlers would otherwise queue behind
## CPU-bound tests (Argon2, matrix products) on a small machine and miss their deadlines.
## The miner and validator tests need the container engine, the Register API's a PostgreSQL
## server, the dashboard's headless Chromium and the deployment test's HAProxy and Prometheus,
## all provided here (never skipped), and the
## worker as validators upload it (`pog-worker`: static, so it runs inside containers).
## swift-format lint (--strict, .swift-format) runs first; scripts/check-host.sh then proves
## every host program the project uses is listed in
## scripts/host-requirements.txt and installed by the project's own scripts, and a short slice
## of the fuzzers (20 000 inputs per target) runs before the suite. `make install` into
## .build-install gives the deployment test the release build operators install.
test: check-swift deps python-env pog-worker
	$(SWIFT) build $(SWIFT_BUILD_FLAGS) --build-tests
	peers=$$(scripts/peers.sh engine postgres browser deploy) || exit 1; \
	echo "test peers: $$peers" >&2; \
	scripts/check-host.sh || exit 1; \
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift || { echo "swift-format: run make format" >&2; exit 1; }; \
	scripts/fuzz/run.sh 20000 || exit 1; \
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/.build-install PREFIX=/usr/local || exit 1; \
	env $$peers NICOMPUTE_BIN=$(BIN_PATH)/nicompute NICOMPUTE_POG_BIN=$(BIN_PATH)/nicompute-pog \
	  NICOMPUTE_INSTALLED=$(CURDIR)/.build-install/usr/local \
	  NICOMPUTE_POG_WORKER=$(CURDIR)/.build-pog/nicompute-pog \
	  $(SWIFT) test $(SWIFT_BUILD_FLAGS) --skip-build --no-parallel

## devnet: the whole network on this machine: installs what is missing (packages, the container
## engine and its SSH image, the PoG worker), builds, and runs `nicompute devnet` (local chain,
## validator, two miners, the Register API on 127.0.0.1:8903). Ctrl-C stops it; rerun to resume.
## Flags through DEVNET_FLAGS, e.g. make devnet DEVNET_FLAGS="--api.port 9903 --devnet.dir /tmp/devnet"
DEVNET_FLAGS ?=
devnet: check-swift deps pog-worker
	$(SWIFT) build $(SWIFT_BUILD_FLAGS) --product nicompute
	@peers=$$(scripts/peers.sh engine) || exit 1; \
	echo "$$peers"; \
	exec env $$peers $(BIN_PATH)/nicompute devnet $(DEVNET_FLAGS)

## devnet-check: `make devnet` until it says every miner is scored, then Ctrl-C; exits 0 only then
devnet-check:
	@scripts/dev/devnet-check.sh

## demo: build, show `nicompute --help`, and walk through wallets in a scratch folder
demo: build
	@scripts/walkthrough.sh $(BIN_PATH)/nicompute

## pog-worker: the Proof-of-GPU worker as uploaded to miners: release, Swift runtime and
## OpenBLAS linked in statically, stripped (needs glibc ≥ 2.35 and libstdc++ from GCC ≥ 12)
pog-worker: check-swift deps
	$(SWIFT) build -c release --product nicompute-pog --static-swift-stdlib --scratch-path .build-pog
	strip -o .build-pog/nicompute-pog .build-pog/release/nicompute-pog
	@echo "built .build-pog/nicompute-pog"

## install: what operators run: `nicompute` and the worker in release, the Swift runtime linked
## in statically (the host needs only libsodium23, libsqlite3-0 and zlib1g), into $(PREFIX)/bin,
## with config.yaml and the engine script in $(PREFIX)/share/nicompute, where deploy/systemd's
## units expect them. `make install PREFIX=/opt/nicompute DESTDIR=/tmp/pkg` for packaging.
PREFIX ?= /usr/local
install: pog-worker
	$(SWIFT) build -c release --product nicompute --static-swift-stdlib --scratch-path .build-pog
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/nicompute/lib $(DESTDIR)$(PREFIX)/share/nicompute/engine
	install -s -m 0755 .build-pog/release/nicompute $(DESTDIR)$(PREFIX)/bin/nicompute
	install -m 0755 .build-pog/nicompute-pog $(DESTDIR)$(PREFIX)/bin/nicompute-pog
	install -m 0644 config.yaml scripts/host-requirements.txt $(DESTDIR)$(PREFIX)/share/nicompute/
	install -m 0755 scripts/container-engine.sh $(DESTDIR)$(PREFIX)/share/nicompute/container-engine.sh
	install -m 0755 scripts/lib/host-packages.sh $(DESTDIR)$(PREFIX)/share/nicompute/lib/host-packages.sh
	install -m 0644 scripts/engine/rental-probe.json $(DESTDIR)$(PREFIX)/share/nicompute/engine/rental-probe.json
	@echo "installed nicompute and nicompute-pog in $(DESTDIR)$(PREFIX)/bin; units in deploy/systemd"

## fuzz: libFuzzer over the parsers of outside bytes (SCALE, JSON, synapse headers, chain
## metadata), then the seeded property harnesses (Register API bodies and query strings, the
## worker's answers), 10 million inputs per target; figures in docs/reliability.md
fuzz: check-swift deps
	@scripts/fuzz/run.sh 10000000
	@scripts/fuzz/properties.sh 10000000

## chaos: 100 kill -9 cycles each of the miner mid-allocation, the validator mid-round and the API mid-allocate, counting
## orphaned containers, lost or duplicated rentals and held ports (docs/reliability.md)
chaos: check-swift deps python-env pog-worker
	@scripts/chaos/run.sh 100

## bench: every benchmark in docs/benchmarks.md (sr25519, Proof-of-GPU, the axon as harness and
## as the installed miner, miner, validator, the validator over fleets of 16-256 miners with the
## worker uploaded as .xz, in place and as gzip, the Register API, timelock), each beside its peer
bench: check-swift deps python-env pog-worker
	@scripts/bench/sr25519.sh
	@scripts/bench/proof-of-gpu.sh
	@scripts/bench/axon.sh
	@SERVER=miner scripts/bench/axon.sh
	@scripts/bench/miner.sh
	@scripts/bench/validator.sh
	@scripts/bench/validator-fleet.sh
	@PREPLACED=1 scripts/bench/validator-fleet.sh
	@FLEET_DECODERS=gzip SIZES="16 256" scripts/bench/validator-fleet.sh
	@scripts/bench/api.sh
	@scripts/bench/api-resources.sh
	@scripts/bench/timelock.sh

clean:
	rm -rf .build .build-pog Benchmarks/.build
