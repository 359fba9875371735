# Have Your Say: the two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint run check-content bench clean lock

# The whole dependency tree is locked with hashes (pip-tools): a fresh clone installs exactly
# what CI tested. `make lock` regenerates the lock files after a change to pyproject.toml.
$(STAMP): pyproject.toml requirements-dev.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

LOCK_FLAGS = --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links \
	--no-emit-index-url

lock:
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile $(LOCK_FLAGS) -o requirements.lock pyproject.toml
	$(BIN)/pip-compile $(LOCK_FLAGS) --extra dev -o requirements-dev.lock pyproject.toml

demo: $(STAMP)
	$(BIN)/python -m bot demo

lint: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench
	$(BIN)/mypy

# On every core (pytest-xdist; each worker its own PostgreSQL cluster): 17 minutes rather than 29
# on two cores. The slowest tests are stolen by idle workers, so none waits behind another.
test: lint
	$(BIN)/pytest -q -n auto --dist worksteal --durations=25

run: $(STAMP)
	$(BIN)/python -m bot run

check-content: $(STAMP)
	$(BIN)/python -m bot check-content

bench: $(STAMP)
	@$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
