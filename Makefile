# The two commands: `make demo` and `make test`. Everything else is a helper.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo serve test pytest lint format bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## demo: install, migrate the embedded SQLite database, load the demo landlord, serve on :8000
demo: install
	$(BIN)/homecase migrate --noinput
	$(BIN)/homecase demo-data
	$(BIN)/homecase runserver $(HOST):$(PORT)

## test: install, lint, then the whole suite (browser tests install Debian's chromium if missing)
test: install lint pytest

pytest: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

## bench: the performance targets (clock speed; sweep and scale on PostgreSQL when reachable)
bench: install
	$(BIN)/python bench/run.py $(ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
