# Thin wrapper around the `woonzorg` command. A new user needs only `make analysis` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
CLI     = $(VENV)/bin/woonzorg
STAMP   = $(VENV)/.installed
TEST_JOBS ?= 2

.DEFAULT_GOAL := help
.PHONY: help analysis build test bench lint clean

help: ## Show the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 of nieuwer is nodig")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m compileall -q src
	@touch $(STAMP)

analysis: $(STAMP) ## Build the warehouse from data/raw and write the reports
	$(CLI) build
	$(CLI) report --all

build: $(STAMP) ## Build only the warehouse (skips when nothing changed)
	$(CLI) build

test: $(STAMP) ## Run the unit and integration tests (two processes; TEST_JOBS=1 for one)
	$(PY) -m pytest -n $(TEST_JOBS) --no-loadscope-reorder

bench: $(STAMP) ## Measure every speed, memory and scale target (issue 14); results in bench/results.json
	$(PY) -m compileall -q src
	$(PY) bench/run.py --out bench/results.json

lint: $(STAMP) ## Check style with ruff
	$(PY) -m ruff check src tests scripts bench
	$(PY) -m ruff format --check src tests scripts bench

clean: ## Remove built data, reports and the virtual environment
	rm -rf data/processed/parquet data/processed/warehouse.duckdb data/processed/fingerprint.json
	find reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -rf $(VENV) .pytest_cache .ruff_cache
