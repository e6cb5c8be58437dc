# Service Pulse — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
# Tests run on every core (pytest-xdist); PYTEST_WORKERS=0 runs them in one process.
PYTEST_WORKERS ?= auto

.PHONY: install run test test-fast bench bench-import bench-pages bench-load lint typecheck lock demo clean screenshots

install: $(STAMP)

# The lock file pins every version; uv installs it in seconds, pip would take minutes.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.8"
	$(BIN)/python -m uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/python -m uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

run: install
	$(BIN)/pulse migrate
	$(BIN)/pulse demo --if-empty
	$(BIN)/pulse serve --port $(PORT)

test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --durations=15

test-fast: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not browser and not slow"

bench: install
	$(BIN)/python -m bench
	$(BIN)/python -m bench.transcripts
	$(BIN)/python -m bench.transcripts --unique-texts
	$(BIN)/python -m bench.import_throughput
	$(BIN)/python -m bench.pages
	$(BIN)/python -m bench.load

# Only the page times (issue 5): every page in a real browser at 1 M interactions.
bench-pages: install
	$(BIN)/python -m bench.pages

# Only the load run (issue 8): 5-40 browser sessions on the overview and team pages while a
# 100,000-row import runs, at 1 M interactions; LOAD_BENCH="--keep DIR" reuses a built demo.
bench-load: install
	$(BIN)/python -m bench.load $(LOAD_BENCH)

# Only the import throughput (issue 4): 1 M native interactions into SQLite and PostgreSQL,
# beside the bare insert; IMPORT_BENCH="--rows 200000 --databases sqlite" narrows it.
bench-import: install
	$(BIN)/python -m bench.import_throughput $(IMPORT_BENCH)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

typecheck: install
	$(BIN)/mypy

lock:
	$(BIN)/python -m uv pip compile pyproject.toml --all-extras --python-version 3.11 --no-header -o requirements.lock

screenshots: install
	$(BIN)/python -m docs.screenshots

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
