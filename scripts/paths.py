"""The one place that knows where things live; every other module and notebook asks here.

Paths are resolved from this file, never from the working directory, so scripts, tests and
notebooks behave the same wherever they are started.  SEEDS and TABLES can be overridden by
environment variables (the Makefile passes `make tables SEEDS=... TABLES=...` through them).
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("DOSSIER_SEEDS", ROOT / "seeds")).resolve()
TABLES = Path(os.environ.get("DOSSIER_TABLES", ROOT / "data" / "tables")).resolve()
REFERENCE = ROOT / "data" / "reference"
SCHEMAS = ROOT / "scripts" / "schemas"
CHAPTERS = ROOT / "chapters"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
MANIFEST_NAME = "manifest.json"
