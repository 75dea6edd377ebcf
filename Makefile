# `make demo` and `make test` set everything up themselves on a fresh machine (Python 3.11+).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/eventscout run --output build/demo.ics
	$(VENV)/bin/eventscout build --out build/site --quiet
	$(VENV)/bin/eventscout plan --output build/plan.ics --quiet

bench: $(STAMP)
	$(PY) benchmarks/sources.py
	$(PY) benchmarks/merge.py
	$(PY) benchmarks/fetch.py
	$(PY) benchmarks/rerun.py
	$(PY) benchmarks/rank_speed.py
	$(PY) benchmarks/feeds.py
	$(PY) benchmarks/ranking/evaluate.py
	$(PY) benchmarks/plan.py

test: $(STAMP)
	$(VENV)/bin/ruff check src tests examples benchmarks scripts
	$(VENV)/bin/mypy
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests examples benchmarks scripts
	$(VENV)/bin/mypy

clean:
	rm -rf build .pytest_cache
