"""The one place that knows where things live; every other module and notebook asks here.

Paths are resolved from this file, never from the working directory, so scripts, tests and notebooks behave the
same wherever they are started.  Nothing here reads the environment when imported: a command that works on other
folders (`make tables SEEDS=... TABLES=...`) passes them as arguments, and the book's kernels, which cannot take
arguments, are told by `tables_dir()` / `derived_dir()` reading `DOSSIER_TABLES` / `DOSSIER_DERIVED` at call time.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scripts"

# raw -> extracted -> curated -> derived -> book -> pdf
SEEDS = ROOT / "seeds"
MANIFEST_NAME = "manifest.json"
SCHEMAS = PACKAGE / "raw" / "schemas"
TABLES = ROOT / "data" / "tables"
REFERENCE = ROOT / "data" / "reference"
DERIVED = ROOT / "data" / "derived"
CHAPTERS = ROOT / "chapters"
CHAPTER_DATA = CHAPTERS / "data"             # files the chapters write for download: chart CSVs, the data package
DOWNLOADS = CHAPTER_DATA / "files"           # copies of every data file, linked from the data page
DATA_ZIP = CHAPTER_DATA / "dossier-data.zip"
LICENSE_DATA = ROOT / "LICENSE-DATA"
STATIC = ROOT / "_static"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
PDF = BUILD / "pdf"

TABLES_ENV = "DOSSIER_TABLES"
DERIVED_ENV = "DOSSIER_DERIVED"


def tables_dir() -> Path:
    """The extracted tables the book reads: data/tables/, unless the book build was pointed elsewhere."""
    return Path(os.environ.get(TABLES_ENV) or TABLES).resolve()


def derived_dir() -> Path:
    """The derived outputs the book reads: data/derived/, unless the book build was pointed elsewhere."""
    return Path(os.environ.get(DERIVED_ENV) or DERIVED).resolve()
