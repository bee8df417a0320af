# Two commands a fresh machine needs: `make demo` and `make test`.
# Each creates .venv, installs the project with what it needs, and runs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install browser bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/storydesk analyze --out storydesk-out
	@echo "Open storydesk-out/report.html in a browser."

# The browser tests drive Debian's chromium; install it when missing (needs root or sudo).
browser:
	@test -x /usr/bin/chromium || (command -v apt-get >/dev/null && \
	  ( (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) || \
	    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) ) ) || \
	  (echo "chromium not found at /usr/bin/chromium: install Debian's chromium package" && exit 1)

test: install browser
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) storydesk-out .pytest_cache
