"""The chapters read in JupyterLab as in the book (issue 12): prose is printed by code cells as MyST for the book and
HTML for JupyterLab (scripts/book/lab.py), each glued chart is drawn as plotly's own output where the text places
it, and each chapter opens with a parameter cell a reader can change and re-run.

The JupyterLab test in a real browser is in test_book_lab.py; here the executed notebooks' outputs are read as
JupyterLab picks them (text/html before text/markdown, plotly's mime type before both)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from scripts import paths
from scripts.book import lab, myst

NOTEBOOKS = sorted(paths.CHAPTERS.glob("*.ipynb"))
MYST_SOURCE = re.compile(r"\{[a-z:\-]+\}`|^\s*:::|^\s*```\{|^\([\w-]+\)=\s*$", re.M)
RAW_IN_LAB = ("{glue", "{numref", "{cite", "{ref}", "{doc}", "{download}", ":::", "```{")
APRIL = "2014-04-24-csto-to-cut-contacts-with-nato-increase-ties-with-sco"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_markdown_cells_are_plain_and_the_chapter_opens_with_its_parameters(notebook: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert not MYST_SOURCE.search(cell.source), f"{notebook.name}: MyST in a markdown cell: {cell.source[:80]!r}"
        elif {"remove-input", "remove-cell"} & set(cell.metadata.get("tags", [])) \
                and "parameters" not in cell.metadata["tags"]:  # the parameters are for the reader to see
            assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, f"{notebook.name}: {cell.source[:60]!r}"
    first = nb.cells[1]
    assert first.cell_type == "code" and "parameters" in first.metadata["tags"]
    assert not first.metadata.get("jupyter", {}).get("source_hidden")  # shown in JupyterLab, for the reader to change
    assert re.findall(r"^(\w+) = None", first.source, re.M) == ["ON_DATE", "ARTICLES", "BLOCS"]
    assert "data.parameters(on_date=ON_DATE, articles=ARTICLES, blocs=BLOCS)" in nb.cells[2].source


def _run(notebook: Path, tmp_path: Path, parameters: str | None = None) -> nbformat.NotebookNode:
    nb = nbformat.read(notebook, as_version=4)
    if parameters is not None:
        nb.cells[1].source = parameters
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


def _as_lab_shows(nb: nbformat.NotebookNode) -> tuple[str, int]:
    """The text of every output as JupyterLab renders it, and the number of plotly charts it draws."""
    texts, charts = [], 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "application/vnd.plotly.v1+json" in data:
                charts += 1
            elif "text/html" in data:
                texts.append(data["text/html"])
            elif "text/markdown" in data:
                texts.append(data["text/markdown"])
            elif out.get("output_type") == "stream":
                texts.append(out["text"])
    return "\n".join(texts), charts


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_jupyterlab_shows_every_chart_and_no_myst_source(notebook: Path, tmp_path: Path) -> None:
    nb = _run(notebook, tmp_path)
    shown, charts = _as_lab_shows(nb)
    for raw in RAW_IN_LAB:
        assert raw not in shown, f"{notebook.name}: JupyterLab would show {raw!r}"
    # one chart in JupyterLab for each figure the book places (its {glue:figure} directives)
    book = "\n".join(o["data"]["text/markdown"] for c in nb.cells for o in c.get("outputs", [])
                     if "text/markdown" in o.get("data", {}))
    assert charts == len(re.findall(r"^\s*(?:`{3,}|:{3,})\{glue:figure\}", book, re.M))
    if notebook.stem in ("03-landscape", "06-claims", "07-timeline"):
        assert charts >= 1


@pytest.mark.slow
def test_the_parameters_change_what_the_chapter_reads(tmp_path: Path) -> None:
    nb = _run(paths.CHAPTERS / "03-landscape.ipynb", tmp_path,
              f'ON_DATE = "2014-04-24"\nARTICLES = ["{APRIL}"]\nBLOCS = ["csto", "cst"]')
    shown, _ = _as_lab_shows(nb)
    rows = pd.read_csv(paths.REFERENCE / "memberships.csv", dtype=str, keep_default_na=False)
    rows = rows[rows["bloc_id"].isin(["csto", "cst"])]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", shown))
    assert f"The record holds {len(rows)} membership periods of {rows['state_id'].nunique()} states in 2 blocs" in text
    assert "(or to today, 2014-04-24)" in text


@pytest.mark.slow
@pytest.mark.parametrize("parameters, message", [
    ('ON_DATE = "2014-13-40"\nARTICLES = None\nBLOCS = None', "ON_DATE '2014-13-40' is not a date written YYYY-MM-DD"),
    ('ON_DATE = None\nARTICLES = None\nBLOCS = ["nato", "warsaw-pact"]', "not known: ['warsaw-pact']"),
    ('ON_DATE = None\nARTICLES = "2014"\nBLOCS = None', "ARTICLES must be a non-empty list of article_ids"),
])
def test_a_bad_parameter_is_named_with_what_is_allowed(tmp_path: Path, parameters: str, message: str) -> None:
    with pytest.raises(CellExecutionError) as error:
        _run(paths.CHAPTERS / "03-landscape.ipynb", tmp_path, parameters)
    assert message in str(error.value)


def test_jupyterlab_reads_roles_as_words():
    lab.VALUES["n_x"] = "1,234"
    html = lab.to_html("We count {glue:text}`n_x` in {numref}`fig-membership-timeline`, after "
                       "{cite:p}`DossierReference2026`; see {doc}`the claims <06-claims>` and "
                       "{download}`the data <data/fig-a.csv>`, and {ref}`this paragraph <src-x-p5>`.")
    assert html == ('<p>We count 1,234 in <em>Figure “membership timeline”</em>, after (The dossier team 2026); '
                    'see <a class="reference external" href="06-claims.ipynb">the claims</a> and '
                    '<a class="reference external" href="data/fig-a.csv">the data</a>, and this paragraph.</p>')


@pytest.mark.parametrize("words", ['<script>alert(1)</script>', '{glue:text}`n_x`', ':::{div} x\ny\n:::', "</p><p onclick=x>"])
def test_article_words_stay_words_in_jupyterlab(words):
    html = lab.to_html("Said: " + myst.md_escape(words))
    text = re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    assert text.strip() == "Said: " + words.replace("\n", " ")
    assert "<script" not in html and "onclick" not in html.replace("onclick=x&gt;", "")
