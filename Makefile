# The dossier's pipeline as Make targets, one real file per stage's output, each written last by the step that makes
# it, so its presence says the step finished:
#   seeds/ -> data/tables/datapackage.json -> data/derived/datapackage.json -> _build/html/.built
#          -> _build/singlehtml/.built -> _build/pdf/dossier-$(PAPER).pdf
# This file is the only judge of what is stale.  Inputs Make cannot see (the seeds folder's listing, the book's
# date and folders) become signature files, brought up to date by `python -m scripts.stamp` each time make starts
# (rewritten only when what they describe changed, so `make -n` and `make -q` tell the truth too); no file name from
# seeds/ ever passes through Make or a shell.
#
# Two commands for a newcomer: `make book` (set up + build) and `make test` (set up + run the tests).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SEEDS ?= seeds
TABLES ?= data/tables
DERIVED ?= data/derived
STRICT ?= 0
PAPER ?= A4
# The book's "today": empty means the date the reference record was last checked (data/reference/datapackage.json).
TODAY ?=
export PYTHONDONTWRITEBYTECODE := 1

STATE := _build/make
INSTALLED := $(VENV)/.installed
SYSDEPS := $(VENV)/.sysdeps
TABLES_DONE := $(TABLES)/datapackage.json
DERIVED_DONE := $(DERIVED)/datapackage.json
HTML_DONE := _build/html/.built
SINGLE_DONE := _build/singlehtml/.built
PDF_DONE := _build/pdf/dossier-$(PAPER).pdf
SEEDS_SIG := $(TABLES)/.seeds-signature
BOOK_SIG := $(STATE)/book-inputs.sig
CHAPTER_DATA := $(STATE)/chapter-data

# What each stage reads (code and data), so a change redoes that stage and the ones after it, nothing before.
COMMON_CODE := scripts/__init__.py scripts/paths.py scripts/atomic.py
RAW_CODE := $(wildcard scripts/raw/*.py scripts/raw/schemas/*.json)
EXTRACT_CODE := $(COMMON_CODE) $(RAW_CODE) $(wildcard scripts/extract/*.py) data/reference/gazetteer.csv
REFERENCE_FILES := $(wildcard data/reference/*.csv) data/reference/datapackage.json
REFERENCE_CODE := $(wildcard scripts/reference/*.py)
DERIVE_CODE := $(COMMON_CODE) $(REFERENCE_CODE) $(wildcard scripts/derive/*.py) $(REFERENCE_FILES)
# The chapters' kernels import these: a change to them changes what a chapter prints.
KERNEL_CODE := $(COMMON_CODE) $(REFERENCE_CODE) $(wildcard scripts/book/*.py)
BOOK_FILES := $(wildcard chapters/*.ipynb chapters/*.md _static/*.css _static/*.js _static/*.svg) \
              _config.yml _toc.yml references.bib
PDF_CODE := $(wildcard scripts/pdf/*.py scripts/pdf/*.js) _static/print.css

.PHONY: help setup sysdeps tables derived book singlehtml pdf test test-fast eval bench lab lock clean
.DEFAULT_GOAL := help

help:
	@echo "make book        set everything up, build the tables and the HTML book (_build/html)"
	@echo "make test        set everything up and run all the tests;  make test-fast: the unit tests only"
	@echo "make tables      [SEEDS=dir] [TABLES=dir] [STRICT=1]   the extracted tables only"
	@echo "make derived     [DERIVED=dir]   verdicts and JSON-LD (data/derived)"
	@echo "make pdf         [PAPER=A4|Letter]   the whole book as one PDF (_build/pdf/dossier-<PAPER>.pdf)"
	@echo "make eval        score the extraction on annotated corpora;  make bench: speed benchmarks"
	@echo "make lab         open the chapters in JupyterLab;  make clean: remove everything generated"
	@echo "TODAY=YYYY-MM-DD sets the book's 'today' (default: the date the reference record was last checked)"

# --- setup: a virtualenv pinned by the lock file, the project installed into it, and the system packages
$(INSTALLED): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	@bash scripts/sysdeps.sh venv $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --editable .
	touch $@

setup: $(INSTALLED)

# chromium prints the PDF and drives the browser tests; poppler-utils reads the PDF back in the tests.
$(SYSDEPS): | $(INSTALLED)
	@bash scripts/sysdeps.sh
	touch $@

sysdeps: $(SYSDEPS)

# --- the signatures of what Make cannot see (on the very first run, before the venv exists, made by the rules)
STAMP_SEEDS = $(PY) -m scripts.stamp "$(SEEDS_SIG)" --folder "$(SEEDS)"
STAMP_BOOK = $(PY) -m scripts.stamp "$(BOOK_SIG)" --value "today=$(TODAY)" "tables=$(abspath $(TABLES))" "derived=$(abspath $(DERIVED))"
ifneq ($(wildcard $(INSTALLED)),)
ifeq ($(filter help setup sysdeps clean lock,$(or $(MAKECMDGOALS),help)),)
$(if $(shell $(STAMP_SEEDS) && $(STAMP_BOOK) && echo ok),,$(error could not write the build signatures in $(STATE) and $(TABLES)))
endif
endif
$(SEEDS_SIG): | $(INSTALLED)
	@$(STAMP_SEEDS)
$(BOOK_SIG): | $(INSTALLED)
	@$(STAMP_BOOK)

# --- extracted tables: redone when the seeds folder's listing or the extraction changes

$(TABLES_DONE): $(SEEDS_SIG) $(EXTRACT_CODE) | $(INSTALLED)
	$(PY) -m scripts.extract --seeds "$(SEEDS)" --tables "$(TABLES)" $(if $(filter 1 yes true,$(STRICT)),--strict,)

tables: $(TABLES_DONE)

# --- derived: verdicts and JSON-LD, redone when the tables or the record change
$(DERIVED_DONE): $(TABLES_DONE) $(DERIVE_CODE) | $(INSTALLED)
	$(PY) -m scripts.derive --tables "$(TABLES)" --out "$(DERIVED)"

derived: $(DERIVED_DONE)

# --- the book.  Jupyter's execution cache only notices changes to code cells, so when what the chapters read
# changes, the cache and the read pages are dropped here and every chapter executes again.

$(CHAPTER_DATA): $(TABLES_DONE) $(DERIVED_DONE) $(REFERENCE_FILES) $(KERNEL_CODE) $(BOOK_SIG) $(wildcard data/eval/summary.json)
	rm -rf _build/.jupyter_cache _build/.doctrees _build/singlehtml-work
	@mkdir -p $(@D) && touch $@

BOOK_ENV := DOSSIER_TABLES="$(abspath $(TABLES))" DOSSIER_DERIVED="$(abspath $(DERIVED))" DOSSIER_TODAY="$(TODAY)"

$(HTML_DONE): $(CHAPTER_DATA) $(BOOK_FILES) | $(INSTALLED)
	$(BOOK_ENV) $(PY) -m scripts.book html

book: $(HTML_DONE)

$(SINGLE_DONE): $(CHAPTER_DATA) $(BOOK_FILES) | $(INSTALLED)
	$(BOOK_ENV) $(PY) -m scripts.book singlehtml

singlehtml: $(SINGLE_DONE)

# --- the PDF, one file per paper size
_build/pdf/dossier-%.pdf: $(SINGLE_DONE) $(PDF_CODE) | $(SYSDEPS)
	$(PY) -m scripts.pdf --paper "$*" --out "$@"

pdf: $(PDF_DONE)

# --- tests: the fast unit tests alone, or everything (browser, notebooks, PDF) after building the book
test-fast: $(INSTALLED)
	$(PY) -m pytest -q -m "not slow and not browser" tests

test: $(INSTALLED) $(SYSDEPS) $(HTML_DONE) $(SINGLE_DONE)
	$(PY) -m pytest -q tests

eval: $(INSTALLED)
	$(PY) -m scripts.eval

bench: $(INSTALLED) $(SYSDEPS) $(HTML_DONE)
	$(PY) -m scripts.bench.tables
	$(PY) -m scripts.bench.book

lab: $(HTML_DONE)
	$(VENV)/bin/jupyter lab --notebook-dir=chapters $(if $(filter 0,$(shell id -u)),--allow-root,)

# requirements.txt is the lock file: every package pinned, generated from pyproject.toml's direct dependencies.
lock: $(INSTALLED)
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	  --extra test --extra pdf --extra lab --output-file requirements.txt pyproject.toml

clean:
	rm -rf _build data/tables data/derived chapters/data/*.csv chapters/data/files chapters/data/dossier-data.zip _static/plotly.min.js

