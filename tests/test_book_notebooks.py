"""The chapters are notebooks stored without outputs that run top to bottom in a fresh kernel, from anywhere.

Each is executed with nbclient outside the book build, with the working directory somewhere else: the kernel finds
the dossier through the installed package, not through the working directory or a path set by the build.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from scripts import paths

NOTEBOOKS = sorted(paths.CHAPTERS.glob("*.ipynb"))


def test_the_chapters_are_all_notebooks_in_the_toc() -> None:
    toc = (paths.ROOT / "_toc.yml").read_text()
    assert len(NOTEBOOKS) == 10  # seven chapters and three notebook appendices (sources, data dictionary, methods)
    assert all(f"chapters/{nb.stem}" in toc for nb in NOTEBOOKS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(notebook: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom_from_elsewhere(notebook: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.chdir(tmp_path)
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]
    assert errors == []
    assert list(tmp_path.iterdir()) == []  # nothing written where it was started
