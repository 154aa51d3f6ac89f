# kehoach-gen: `make` sets everything up and regenerates every document; `make test` tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# `make STRICT=1`: fail (exit 1) while any plan is only a DỰ THẢO because of an error.
STRICT ?=
BUILD_FLAGS := $(if $(filter-out 0,$(STRICT)),--strict,)

.PHONY: all build bytecode test test-all fuzz lint bench pdf schema clean distclean

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The package's byte-code, kept beside its sources: an editable install has none, and where
# PYTHONDONTWRITEBYTECODE is set Python would compile every module again at every command
# (~0.1 s of each `kehoach` run). compileall redoes only the modules changed since.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q src

build: bytecode
	$(BIN)/kehoach build $(BUILD_FLAGS) content examples -o output

# make test: every test but those marked slow (LibreOffice conversions, killed builds) or
# stress (the printed-page stress set): pyproject's addopts. make test-all: every test.
# Under CI (CI=true, which .ci/run sets) make test runs every test too, so the README's test
# command is what CI runs and nothing is left out there.
IN_CI := $(filter 1 true yes TRUE True YES,$(CI))
test: bytecode
	$(BIN)/python -m pytest $(if $(IN_CI),-m "stress or not stress",)

test-all: bytecode
	$(BIN)/python -m pytest -m "stress or not stress"

# Hostile and broken input at scale: 20,000 mutated inputs + 2,000 Hypothesis cases through every
# command (make test runs 1,850 + 150 of the same, see tests/test_fuzz.py).
fuzz: $(STAMP)
	KEHOACH_FUZZ_CASES=20000 KEHOACH_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest tests/test_fuzz.py -s

lint: $(STAMP)
	$(BIN)/ruff check src tests tools

schema: $(STAMP)
	$(BIN)/kehoach schema document -o schema/document.schema.json
	$(BIN)/kehoach schema results -o schema/results.schema.json

# make bench: every figure the README quotes, written to bench/ with the machine and its
# load; the README's table is then regenerated from those files (before the test suite is
# timed, since a test checks the README against bench/, and again after).
bench: bytecode
	$(BIN)/python tools/bench.py
	$(BIN)/python tools/bench_profile.py
	$(BIN)/python tools/bench_cli.py
	$(BIN)/python tools/bench_validate.py
	$(BIN)/python tools/bench_diff.py
	$(BIN)/python tools/bench_readme.py
	$(BIN)/python tools/bench_tests.py
	$(BIN)/python tools/bench_readme.py

pdf: build
	$(BIN)/kehoach pdf output

clean:
	rm -rf output

distclean: clean
	rm -rf $(VENV)
