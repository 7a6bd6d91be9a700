"""Every quote the built book shows is a row of the quotes table and verbatim in its source paragraph.

The book shows the articles' words in three ways, always linked to their paragraph (`#src-<article_id>-p<N>`): the
quotes in the quote tables (inside `.dossier-quotes`, each must be a row of the quotes table), the article's words
behind a claim or relation and words quoted in the prose (verbatim in that paragraph); and the quotes highlighted in
the source appendix (`<mark id="<quote_id>">`).  A link may also show just the paragraph's number ("¶N").  Run after `make book`.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from scripts import paths

SOURCES_PAGE = paths.HTML / "chapters" / "appendix-a-sources.html"
PARA_LINK = re.compile(r"#src-(?P<article>.+)-p(?P<paragraph>\d+)$")


def _table(name: str) -> pd.DataFrame:
    return pd.read_csv(paths.TABLES / f"{name}.csv", dtype=str, keep_default_na=False)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def paragraphs() -> dict[tuple[str, int], str]:
    p = _table("paragraphs")
    return {(a, int(n)): t for a, n, t in zip(p["article_id"], p["paragraph"], p["text"])}


@pytest.fixture(scope="module")
def quotes() -> pd.DataFrame:
    return _table("quotes")


def _pages() -> list[Path]:
    return sorted(p for p in paths.HTML.rglob("*.html") if "_static" not in p.parts)


def _paragraph_links() -> list[tuple[Path, object, str, int]]:
    found = []
    for page in _pages():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for a in soup.find_all("a", href=True):
            m = PARA_LINK.search(a["href"])
            if m and "headerlink" not in (a.get("class") or []):
                found.append((page, a, m["article"], int(m["paragraph"])))
    return found


def test_the_source_appendix_has_one_anchor_per_paragraph(paragraphs) -> None:
    soup = BeautifulSoup(SOURCES_PAGE.read_text(encoding="utf-8"), "lxml")
    ids = [el["id"] for el in soup.select("[id^=src-]") if re.search(r"-p\d+$", el["id"])]
    assert sorted(ids) == sorted(f"src-{a}-p{n}" for a, n in paragraphs)
    for (article, number), text in paragraphs.items():
        shown = soup.find(id=f"src-{article}-p{number}").get_text()
        assert _norm(shown) == _norm(f"¶{number} {text}")


def test_every_quote_is_highlighted_once_in_the_source_appendix(quotes) -> None:
    soup = BeautifulSoup(SOURCES_PAGE.read_text(encoding="utf-8"), "lxml")
    marks = {m["id"]: m.get_text() for m in soup.select("mark[id]")}
    assert sorted(marks) == sorted(quotes["quote_id"])
    for q in quotes.itertuples():
        assert marks[q.quote_id] == q.text
        assert soup.find(id=q.quote_id).find_parent(id=f"src-{q.article_id}-p{q.paragraph}") is not None


def test_every_paragraph_link_resolves_and_shows_exact_words(paragraphs, quotes) -> None:
    links = _paragraph_links()
    assert links, "no quote links found"
    by_place = {(q.article_id, int(q.paragraph)): set() for q in quotes.itertuples()}
    for q in quotes.itertuples():
        by_place[(q.article_id, int(q.paragraph))].add(q.text)
    kinds = Counter()
    for page, a, article, number in links:
        text = a.get_text()
        assert (article, number) in paragraphs, (page.name, a["href"])
        assert a["href"].split("#")[0] in ("", "appendix-a-sources.html", "chapters/appendix-a-sources.html"), a["href"]
        if text == f"¶{number}":
            kinds["number"] += 1
        elif a.find_parent(class_="dossier-quotes") is not None:
            assert text in by_place.get((article, number), set()), (page.name, text)
            kinds["quote"] += 1
        else:  # the article's words behind a claim, or quoted in the prose
            assert text in paragraphs[(article, number)], (page.name, text)
            kinds["evidence" if a.find_parent(class_="dossier-evidence") is not None else "prose"] += 1
    assert kinds["quote"] >= 2 * len(quotes)  # the screen table and its print twin
    assert kinds["evidence"] > 0 and kinds["number"] > 0 and kinds["prose"] > 0


def test_the_voices_chapter_shows_every_quote_in_both_tables(quotes) -> None:
    soup = BeautifulSoup((paths.HTML / "chapters" / "05-voices.html").read_text(encoding="utf-8"), "lxml")
    screen = soup.select_one(".dossier-quotes.screen-only table.searchable")
    printed = soup.select_one(".dossier-quotes.print-only table")
    assert screen is not None and printed is not None
    for table in (screen, printed):
        shown = Counter(tr.find("td").get_text() for tr in table.select("tbody tr"))
        assert shown == Counter(quotes["text"])


def test_quotes_table_is_verbatim_in_its_paragraphs(paragraphs, quotes) -> None:
    for q in quotes.itertuples():
        assert paragraphs[(q.article_id, int(q.paragraph))][int(q.start):int(q.end)] == q.text
