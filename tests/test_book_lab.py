"""Every chapter run top to bottom in a real JupyterLab (headless chromium, tests/lab_driver.py): it runs without
an error, draws its charts where the book places them, and shows no MyST source ({glue, {numref, :::) anywhere a
reader looks: outputs, markdown cells and the one-line placeholders of hidden code cells (issue 12)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lab_driver import run_notebook_in_lab
from scripts import paths

NOTEBOOKS = sorted(paths.CHAPTERS.glob("*.ipynb"))
RAW = ("{glue", "{numref", "{cite", "{ref}", "{doc}", "{download}", ":::", "```{")


def _expected_charts() -> dict[str, int]:
    """Charts each chapter draws for the seeds' tables: one per figure the book places.  The landscape has the
    timeline, the slider and a static matrix for today and for each dated article (the slider's twins for paper)."""
    with open(paths.TABLES / "articles.csv", encoding="utf-8", newline="") as handle:
        dated = sum(1 for row in csv.DictReader(handle) if row["published"])
    return {"02-corpus": 2, "03-landscape": 3 + dated, "04-anti-natos": 1, "05-voices": 1, "06-claims": 1,
            "07-timeline": 1}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_chapter_reads_in_jupyterlab(notebook: Path) -> None:
    result = run_notebook_in_lab(notebook)
    assert result.errors == [], f"{notebook.name}: {result.errors[:2]} (screenshot {result.screenshot})"
    for raw in RAW:
        assert raw not in result.text, f"{notebook.name} shows {raw!r} in JupyterLab (screenshot {result.screenshot})"
    assert result.charts == _expected_charts().get(notebook.stem, 0), f"screenshot {result.screenshot}"
    # the numbers are there, not their names: the landscape's first sentence, as the record's rows count it
    if notebook.stem == "03-landscape":
        with open(paths.REFERENCE / "memberships.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert f"The record holds {len(rows)} membership periods of {len({r['state_id'] for r in rows})} states" \
            in " ".join(result.text.split())
