"""The book's structure as _config.yml and _toc.yml give it: read once here for the build, the PDF and the tests."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

import yaml

from scripts import paths


def read_config(root: Path = paths.ROOT) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


def _docname(entry: Mapping) -> str:
    return str(Path(entry["file"]).with_suffix("")).replace(os.sep, "/")


def read_toc(root: Path = paths.ROOT) -> dict:
    """{'root': docname, 'parts': [{'caption', 'numbered', 'docs': [docname, ...]}]} in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    parts = toc.get("parts")
    if parts is None:  # a toc without parts: one unnamed part
        parts = [{"chapters": toc.get("chapters", [])}]
    return {
        "root": _docname({"file": toc["root"]}),
        "parts": [
            {
                "caption": part.get("caption", ""),
                "numbered": bool(part.get("numbered", False)),
                "docs": [_docname(ch) for ch in part.get("chapters", []) if "file" in ch],
            }
            for part in parts
        ],
    }


def docnames(root: Path = paths.ROOT) -> list[str]:
    """Every page of the book in reading order, the root page first."""
    toc = read_toc(root)
    return [toc["root"]] + [doc for part in toc["parts"] for doc in part["docs"]]


def source_file(root: Path, docname: str) -> Path | None:
    for suffix in (".ipynb", ".md", ".rst"):
        candidate = root / f"{docname}{suffix}"
        if candidate.exists():
            return candidate
    return None
