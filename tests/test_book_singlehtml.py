"""The one-page build the PDF is printed from: `python -m scripts.book singlehtml --out DIR`.

It holds every chart of the multi-page book, works when DIR is opened or served (index.html is the page, its links
into itself are in-page links, no MathJax, a search index stub), and leaves _build/html alone.  Run after
`make book` (the execution cache is shared, so nothing executes again).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts import paths


@pytest.mark.slow
def test_singlehtml_build_is_whole_offline_and_separate(tmp_path: Path) -> None:
    html_index = paths.HTML / "index.html"
    before = (html_index.stat().st_mtime_ns, html_index.read_bytes())
    out = tmp_path / "single"
    result = subprocess.run([sys.executable, "-m", "scripts.book", "singlehtml", "--out", str(out)],
                            cwd=paths.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (html_index.stat().st_mtime_ns, html_index.read_bytes()) == before

    page = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml")
    charts_in_site = sum(
        len(BeautifulSoup(p.read_text(encoding="utf-8"), "lxml").select(".dossier-chart"))
        for p in (paths.HTML / "chapters").glob("*.html"))
    assert len(page.select(".dossier-chart")) == charts_in_site > 0
    assert len(page.select(".print-only")) >= 2 and len(page.select(".screen-only")) >= 2
    ids = {el["id"] for el in page.select("[id]")}
    in_page = [a["href"][1:] for a in page.select("a[href^='#src-']")]
    assert in_page and all(target in ids for target in in_page)
    assert not page.select("a[href*='01-introduction.html#']")
    assert "mathjax" not in str(page).lower()
    assert (out / "searchindex.js").is_file() and (out / "_static" / "plotly.min.js").is_file()
    for el in page.select("script[src], link[href]"):
        ref = (el.get("src") or el.get("href")).split("?")[0].split("#")[0]
        if ref and not ref.startswith(("http:", "https:", "data:")) and el.name == "script":
            assert (out / ref).is_file(), ref
