"""The bibliography: one generated entry per article (key = article_id) from the tables, and the "dossier" style's
labels (author and year, a, b in date order), titles as written, hand-written entries free of LaTeX quote marks."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from scripts import paths
from scripts.book import bibliography


@pytest.fixture(scope="module")
def style():
    from pybtex.plugin import find_plugin

    bibliography.register_styles()
    return find_plugin("pybtex.style.formatting", "dossier")()


def _articles(**over) -> pd.DataFrame:
    rows = [
        {"article_id": "2014-09-02-b", "title": "Post-Soviet {bloc} \\emph{x} 50% ``alliance''", "author": "Joshua Kucera",
         "published": "2014-09-02", "outlet": "Eurasianet", "url": "https://example.org/b", "source_file": "b.txt"},
        {"article_id": "2014-04-24-a", "title": "CSTO To Cut Contacts", "author": "Joshua Kucera",
         "published": "2014-04-24", "outlet": "Eurasianet", "url": "https://example.org/a", "source_file": "a.txt"},
    ]
    return pd.DataFrame(rows)


def _render(style, bibtex: str) -> dict[str, tuple[str, str]]:
    from pybtex.backends.plaintext import Backend
    from pybtex.database import parse_string

    entries = parse_string(bibtex, "bibtex").entries
    return {e.key: (e.label, e.text.render(Backend())) for e in style.format_entries(entries.values())}


def test_every_article_gets_an_entry_keyed_by_its_id(style):
    rendered = _render(style, bibliography.article_entries(_articles()))
    assert set(rendered) == {"2014-09-02-b", "2014-04-24-a"}


def test_labels_are_author_and_year_with_letters_in_date_order(style):
    rendered = _render(style, bibliography.article_entries(_articles()))
    assert rendered["2014-04-24-a"][0] == "Kucera 2014a"   # April before September, whatever the file order
    assert rendered["2014-09-02-b"][0] == "Kucera 2014b"


def test_titles_are_printed_as_written_and_never_read_as_markup(style):
    label, text = _render(style, bibliography.article_entries(_articles()))["2014-09-02-b"]
    assert "Post-Soviet (bloc) \\emph(x) 50% ``alliance''" in text  # braces become parentheses, nothing else changes
    assert "Eurasianet, 2 September 2014" in text and "https://example.org/b" in text


def test_the_real_articles_and_references_render_cleanly(style, tmp_path):
    out = bibliography.write_articles_bib(tmp_path, paths.TABLES)
    text = (paths.ROOT / "references.bib").read_text(encoding="utf-8") + out.read_text(encoding="utf-8")
    rendered = _render(style, text)
    articles = pd.read_csv(paths.TABLES / "articles.csv", dtype=str, keep_default_na=False)
    assert set(articles["article_id"]) <= set(rendered)
    for key, (label, body) in rendered.items():
        assert re.fullmatch(r".+ (\d{4}|n\.d\.)[a-z]?", label), (key, label)
        assert "``" not in body and "''" not in body and "post-soviet" not in body, (key, body)
    # The hand-written file keeps only what is not an article.
    hand = (paths.ROOT / "references.bib").read_text(encoding="utf-8")
    assert not [u for u in articles["url"] if u and u in hand]


def test_an_undated_article_is_cited_as_undated_without_a_warning(style):
    from pybtex.backends.plaintext import Backend
    from pybtex.database import parse_string

    undated = pd.DataFrame([{"article_id": "undated-page", "title": "A Page With No Date", "author": "",
                             "published": "", "outlet": "Eurasianet", "url": "https://example.org/c", "source_file": "c.txt"}])
    entries = parse_string(bibliography.article_entries(undated), "bibtex").entries
    # pybtex reports a required field that is missing (a "missing year" warning, an error under -W) by raising here
    # when strict; its formatted text says "undated" instead
    formatted = list(style.format_entries(entries.values()))
    assert formatted[0].label == "Eurasianet n.d."
    assert "Eurasianet, undated." in formatted[0].text.render(Backend())



@pytest.mark.parametrize("url", ["javascript:alert('pwned')", "data:text/html,<script>alert(1)</script>", "ftp://x.org/a"])
def test_an_address_that_is_not_http_is_never_a_link(style, url):
    entry = bibliography.article_entries(_articles().assign(url=url))
    assert "url" not in entry.split("@online{2014-04-24-a")[1].split("}\n")[0] and url not in entry
