# alienstage: `make run` plays, `make test` checks. Both build .venv on first use.

PYTHON ?= python3
VENV = .venv
BIN = $(VENV)/bin
# Touched after a successful install; newer pyproject.toml means "install again".
STAMP = $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test bench fuzz assets clean

run: $(STAMP)
	$(BIN)/alienstage

test: $(STAMP)
	$(BIN)/python -m pytest -q -ra $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/alienstage bench

# A long campaign of hostile inputs: 200,000 mutants for each of the five readers of
# outside data (1,000,000 in all); findings are kept in ./fuzz-findings/.
fuzz: $(STAMP)
	$(BIN)/alienstage bench fuzz --count 200000

# Re-render every level's backing track from its arrangement (deterministic).
assets: $(STAMP)
	$(BIN)/alienstage assets

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "alienstage needs Python >= 3.11; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2; \
	  echo "Run: make PYTHON=/path/to/python3.11 ..." >&2; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "Could not create $(VENV). On Debian/Ubuntu: sudo apt-get install python3-venv" >&2; \
	  exit 1; }

$(STAMP): pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install -e '.[dev]'
	@touch $@

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
