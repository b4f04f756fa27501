# candor: the two commands a new machine needs are `make demo` and `make test`.
GO       ?= go
# Debian packages the offline voice path and the tests use; installed when missing (as root):
# espeak-ng (speech, run as a process), pocketsphinx + its en-US model and headers (recognition,
# through cgo), flite (a second synthetic voice for recognition tests), chromium (browser tests),
# sip-tester (sipp) and baresip-core (SIP peers), iproute2 + util-linux (loopback-only namespaces),
# postgresql (the tests start a private server of their own).
APT_PKGS ?= espeak-ng flite pocketsphinx pocketsphinx-en-us libpocketsphinx-dev libsphinxbase-dev \
            pkg-config gcc libc6-dev chromium sip-tester baresip-core iproute2 util-linux \
            postgresql
# The cgo recogniser is behind the build tag "sphinx"; a plain `go build` works without it.
TAGS     ?= sphinx
# Test packages run with the race detector; keep CI within its time limit.
TESTFLAGS ?= -race -count=1 -timeout 20m

.PHONY: all build demo test deps vet fmt-check bench fuzz eval clean

all: build

build:
	$(GO) build -tags '$(TAGS)' -o bin/candor ./cmd/candor

# The main job on embedded defaults: SQLite, the script responder, simulated callees. No network, no keys.
demo: deps build
	./bin/candor demo

deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		if [ "$$(id -u)" != 0 ]; then echo "need root to apt-get install:$$missing" >&2; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	$(GO) vet -tags '$(TAGS)' ./...

test: deps fmt-check vet
	$(GO) test -tags '$(TAGS)' $(TESTFLAGS) ./...

# The full out-of-grammar audio set (seven voice conditions, a few minutes): opt-out recall by
# ear, answers or comments taken for an opt-out, WER of the general pass. `make test` runs two.
eval: deps
	mkdir -p bin
	@CANDOR_EVAL=full $(GO) test -tags '$(TAGS)' -count=1 -timeout 30m -run 'TestHeldOutAudio|TestRecognitionTargets' \
		-v ./agent/speech/eval/ > bin/eval.log 2>&1; s=$$?; \
	grep -E '^(---|ok|FAIL)|conditions x|voices,|want' bin/eval.log; echo "full log: bin/eval.log"; exit $$s

bench:
	$(GO) test -tags '$(TAGS)' -run '^$$' -bench . -benchmem -count 5 ./guardrails/ ./agent/...

fuzz:
	@for t in $$(grep -rhoE '^func Fuzz[A-Za-z0-9_]+' --include='*_test.go' . | sed 's/func //' | sort -u); do \
		pkg=$$(grep -rlE "^func $$t\(" --include='*_test.go' . | head -1 | xargs dirname); \
		echo "fuzz $$pkg $$t"; $(GO) test -tags '$(TAGS)' -run '^$$' -fuzz "^$$t$$" -fuzztime 20s $$pkg || exit 1; \
	done

clean:
	rm -rf bin
