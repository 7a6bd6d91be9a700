# The dossier's pipeline as Make targets: seeds/ -> data/tables/ (+ data/reference/) -> chapters/ -> _build/.
# Each output is a real file with real prerequisites, so `make book` redoes only what changed.
# Two commands for a newcomer: `make book` (set up + build) and `make test` (set up + run the tests).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SEEDS ?= seeds
TABLES ?= data/tables
STRICT ?=
export DOSSIER_SEEDS := $(abspath $(SEEDS))
export DOSSIER_TABLES := $(abspath $(TABLES))
export PYTHONDONTWRITEBYTECODE := 1

# What each stage reads, so a change rebuilds that stage and what follows it, nothing before it.
TABLE_SCRIPTS := $(addprefix scripts/,paths.py atomic.py ingest.py page.py extract_text.py extract_html.py entities.py quotes.py \
                   datapackage.py build_tables.py reference.py verdicts.py jsonld.py) $(wildcard scripts/schemas/*)
BOOK_SCRIPTS := scripts/book.py scripts/charts.py scripts/paths.py scripts/reference.py
PDF_FILES := scripts/pdf.py _static/print.css
REFERENCE := $(wildcard data/reference/*.csv)
SEED_FILES := $(shell find $(SEEDS) -type f 2>/dev/null | sed 's/ /\\ /g')
CHAPTER_FILES := $(wildcard chapters/*.ipynb chapters/*.md _static/*.css _static/dossier.js) _config.yml _toc.yml references.bib
STAMP := $(TABLES)/.built
SYSDEPS_STAMP := $(VENV)/.sysdeps

.PHONY: setup sysdeps tables book pdf test bench lab clean help
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help

help:
	@echo "make book   set everything up, build the tables and the HTML book (_build/html)"
	@echo "make test   set everything up and run the tests"
	@echo "make tables [SEEDS=dir] [TABLES=dir] [STRICT=1]   extract the tables only"
	@echo "make pdf [PAPER=Letter]   the whole book as one PDF (_build/pdf/dossier.pdf), A4 by default"
	@echo "make bench  speed benchmarks;  make lab  open the chapters in JupyterLab"

# --- setup: a virtualenv pinned by requirements.txt, and the system packages the browser steps need
$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	@bash scripts/sysdeps.sh venv $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

# chromium prints the PDF and drives the browser tests; poppler-utils reads the PDF back in the tests.
$(SYSDEPS_STAMP): | $(VENV)/.installed
	@bash scripts/sysdeps.sh
	touch $@

sysdeps: $(SYSDEPS_STAMP)

# --- extracted tables
$(STAMP): $(VENV)/.installed $(SEED_FILES) $(TABLE_SCRIPTS) $(REFERENCE)
	$(PY) -m scripts.build_tables --seeds "$(SEEDS)" --tables "$(TABLES)" $(if $(STRICT),--strict,)
	$(PY) -m scripts.verdicts --tables "$(TABLES)"
	touch $@

tables: $(STAMP)

# --- the HTML book
_build/html/index.html: $(STAMP) $(CHAPTER_FILES) $(BOOK_SCRIPTS)
	$(PY) -m scripts.book html

book: _build/html/index.html

# --- the PDF
_build/pdf/dossier.pdf: _build/html/index.html $(PDF_FILES) $(SYSDEPS_STAMP)
	$(PY) -m scripts.pdf $(if $(PAPER),--paper $(PAPER),)

pdf: _build/pdf/dossier.pdf

test: $(VENV)/.installed $(SYSDEPS_STAMP) book
	$(PY) -m pytest -q tests

bench: $(VENV)/.installed $(SYSDEPS_STAMP)
	$(PY) -m scripts.bench
	$(PY) -m scripts.bench_book

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=chapters $(if $(filter 0,$(shell id -u)),--allow-root,)

clean:
	rm -rf _build $(TABLES)
