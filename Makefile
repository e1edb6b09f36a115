# Cairn's two front doors: `make run` and `make test`. Each installs what it
# needs first (Debian/Ubuntu packages with apt, npm packages, the pinned
# Wails CLI from go.mod), so a fresh machine needs only Go, Node and make.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

TAGS      := webkit2_41
APT_RUN   := gcc pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev
APT_TEST  := $(APT_RUN) xvfb xauth chromium imagemagick xdotool dbus git
SUDO      := $(if $(filter 0,$(shell id -u)),,sudo)
NPM_STAMP := frontend/node_modules/.cairn-installed
APP       := build/bin/cairn-app
DEV_APP   := build/bin/cairn-dev
WAILS     := go tool wails

.PHONY: help run test deps-run deps-test frontend-deps app dev-app cli \
	test-go test-oplog test-fuzz check-layers check-bindings test-frontend test-e2e test-smoke test-window screenshot screens

help:
	@echo "make run   install what is missing, build, and open Cairn"
	@echo "make test  install what the tests need and run every test"

run: deps-run app
	./$(APP)

test: deps-test test-go test-oplog test-fuzz check-layers check-bindings test-frontend test-e2e test-smoke test-window

# --- what a machine needs -------------------------------------------------

deps-run:
	@scripts/apt-ensure $(APT_RUN)
	@scripts/node-ensure
	@$(MAKE) --no-print-directory frontend-deps

deps-test:
	@scripts/apt-ensure $(APT_TEST)
	@scripts/node-ensure
	@$(MAKE) --no-print-directory frontend-deps

frontend-deps: $(NPM_STAMP)

$(NPM_STAMP): frontend/package-lock.json
	@# npm ci refuses the lock files this npm writes (it leaves out other
	@# platforms' optional packages), so install from the lock with npm install.
	cd frontend && npm install --no-audit --no-fund
	touch $@

# --- builds ---------------------------------------------------------------

# The production app: Wails builds the frontend and embeds it.
app: frontend-deps
	$(WAILS) build -skipbindings -ldflags "-X github.com/cairn-community/cairn/backend/buildinfo.Version=$$(git describe --tags --always 2>/dev/null || echo dev)"

# The dev app serves the frontend from disk and exposes the bound calls to
# a browser on -devserver; the end-to-end tests drive it from Chromium.
dev-app: frontend-deps
	cd frontend && npm run build
	go build -tags dev,$(TAGS) -o $(DEV_APP) .

cli:
	go build -o build/bin/cairn ./cmd/cairn

# --- tests ----------------------------------------------------------------

# go test's own ten-minute limit per package is a deadline a busy machine
# can meet honestly; a stuck test still fails, at GO_TEST_TIMEOUT.
GO_TEST_TIMEOUT ?= 40m

test-go:
	go vet -tags $(TAGS) ./...
	go test -tags $(TAGS) -count=1 -timeout $(GO_TEST_TIMEOUT) ./...

# The op log's laws, harder than a plain `go test` checks them: many random
# histories must converge (rapid prints the seed of any failure; rerun it
# with -rapid.seed), 200 kills of a writer must lose nothing, and 50 kills
# of a syncing replica must leave a sync that completes.
test-oplog:
	go test -count=1 -timeout $(GO_TEST_TIMEOUT) ./backend/workspace -run '^(TestConvergence|TestCrash|TestSyncCrash)$$' -rapid.checks=400 -crash.runs=800 -v \
		| grep -E '^(--- |ok|FAIL|PASS)|crash_test|sync_crash_test|rapid'

# Every parser gets a short fuzzing run; the seed corpora live in testdata/fuzz.
FUZZ_TARGETS := backend/oplog:FuzzOpen backend/oplog:FuzzParseLine backend/oplog:FuzzFastLine backend/oplog:FuzzCarried backend/textmerge:FuzzMerge \
	backend/store:FuzzOpenArbitraryFile backend/community:FuzzCleanMemberName app:FuzzLoadSettings \
	backend/roadmap:FuzzParseDate backend/gitsync:FuzzPackParsers backend/export:FuzzHTML backend/export:FuzzMarkdownStructure backend/export:FuzzPublishedMarkdown
FUZZ_TIME ?= 10s
test-fuzz:
	scripts/fuzz-all $(FUZZ_TIME) $(FUZZ_TARGETS)

# The command line and the backend must build without Wails or webkit.
check-layers:
	@if go list -deps ./cmd/cairn ./backend/... | grep -E 'wailsapp|webkit'; then \
		echo "cmd/cairn or backend/ depends on Wails; they must build without it." >&2; exit 1; fi
	@echo "layers: cmd/cairn and backend/ build without Wails"

# The committed bindings must match the Go code they are generated from.
check-bindings:
	@scripts/check-bindings

test-frontend: frontend-deps
	cd frontend && npm run check
	cd frontend && npm test

test-e2e: dev-app cli
	cd frontend && npm run e2e

test-smoke: app
	scripts/smoke-test $(APP) build/smoke.png

# The real window: single instance through D-Bus, size and place kept.
test-window: app
	scripts/window-test $(APP)

# Pictures of every screen in both themes, from the real backend, into
# docs/screens/. Look at each before saying a screen is done.
screens: dev-app cli
	cd frontend && node e2e/screens.mjs

# Refresh docs/screenshot.png from the smoke test's picture.
screenshot: app cli
	scripts/smoke-test $(APP) build/screenshot.png build/bin/cairn
	mkdir -p docs && cp build/screenshot.png docs/screenshot.png
