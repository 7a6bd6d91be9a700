"""The chapters are notebooks stored without outputs that run top to bottom in a fresh kernel, from anywhere.

Each is executed with nbclient outside the book build, with the working directory somewhere else and the dossier's
root given only the way JupyterLab gives it (JPY_SESSION_NAME, the notebook's path).  Also: the data fingerprint
that makes the book re-execute its chapters changes when a table changes, and a data change drops the cache.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from scripts import book, paths

NOTEBOOKS = sorted(paths.CHAPTERS.glob("*.ipynb"))


def test_the_chapters_are_all_notebooks_in_the_toc() -> None:
    toc = (paths.ROOT / "_toc.yml").read_text()
    assert len(NOTEBOOKS) == 9
    assert all(f"chapters/{nb.stem}" in toc for nb in NOTEBOOKS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(notebook: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom_from_elsewhere(notebook: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("DOSSIER_ROOT", raising=False)
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.setenv("JPY_SESSION_NAME", str(notebook))
    monkeypatch.chdir(tmp_path)
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]
    assert errors == []
    assert list(tmp_path.iterdir()) == []  # nothing written where it was started


def test_fingerprint_follows_the_tables(tmp_path: Path, monkeypatch) -> None:
    tables = tmp_path / "tables"
    shutil.copytree(paths.TABLES, tables)
    monkeypatch.setattr(paths, "TABLES", tables)
    before = book.fingerprint()
    assert book.fingerprint() == before
    quotes = tables / "quotes.csv"
    quotes.write_text(quotes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert book.fingerprint() != before


def test_a_data_change_drops_the_execution_cache(tmp_path: Path, monkeypatch) -> None:
    build = tmp_path / "_build"
    (build / ".jupyter_cache").mkdir(parents=True)
    (build / ".doctrees").mkdir()
    monkeypatch.setattr(paths, "BUILD", build)
    monkeypatch.setattr(book, "CACHE", build / ".jupyter_cache")
    (build / ".jupyter_cache.fingerprint").write_text("stale\n")
    dropped = book.invalidate_if_data_changed(build)
    assert not (build / ".jupyter_cache").exists() and not (build / ".doctrees").exists()
    assert dropped[0] == "execution cache"
    (build / ".jupyter_cache").mkdir()
    (build / ".doctrees").mkdir()
    book.record_fingerprint(build)
    assert book.invalidate_if_data_changed(build) == []
    assert (build / ".jupyter_cache").is_dir() and (build / ".doctrees").is_dir()
