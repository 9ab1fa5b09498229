# Two commands for a fresh machine: `make demo` (a venv with newsfuse and its web extra, then
# the bundled example) and `make test` (the same venv plus the test tools: lint and the test
# suite). Everything installs from pyproject.toml; no extra pulls torch or CUDA.
# A changed pyproject.toml builds the venv anew, so nothing dropped from it stays installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench serve clean

$(VENV)/.created: pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

# What the demo and `newsfuse serve` need: the core and the web extra (a 391 MB venv; README,
# Install size).
$(VENV)/.demo: $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e ".[web]"
	touch $@

# The dev extra: every extra the tests cover, pytest, ruff, mypy, playwright, hypothesis, schemathesis (969 MB).
$(VENV)/.dev: $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: $(VENV)/.demo
	$(BIN)/newsfuse summarize examples/nato-libya-2011/ --words 120

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

serve: $(VENV)/.demo
	$(BIN)/newsfuse serve

# What benchmarks/ needs beyond the tests: scikit-learn to train the shipped models and the
# peers of the cleaning, extraction and clustering benchmarks (the bench extra).
$(VENV)/.bench: $(VENV)/.dev
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $@

bench: $(VENV)/.bench
	$(BIN)/python benchmarks/speed.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
