"""The provenance the book prints names no place outside the repository: the seeds' manifest (whose notes the
corpus chapter shows) and the built book hold no '../' path and no path into the shared folder."""
from __future__ import annotations

import json
import re

import pytest

from scripts import paths

OUTSIDE = re.compile(r"(\.\./|/shared/|/work/|/home/|/tmp/)")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_the_manifest_names_no_path_outside_the_repository() -> None:
    manifest = json.loads((paths.SEEDS / paths.MANIFEST_NAME).read_text(encoding="utf-8"))
    assert [s for s in _strings(manifest) if OUTSIDE.search(s)] == []


@pytest.mark.slow
def test_the_built_book_names_no_path_outside_the_repository() -> None:
    from bs4 import BeautifulSoup

    pages = sorted(p for p in paths.HTML.glob("chapters/*.html"))
    assert pages, "run `make book` first"
    found = []
    for page in pages:
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").get_text(" ")
        found += [(page.name, m.group(0)) for m in OUTSIDE.finditer(text)]
    assert found == []


def test_the_source_texts_give_the_full_sha256_of_each_saved_copy():
    from scripts.book import data, views

    articles = data.table("articles")
    text = views.source_texts(articles, data.table("paragraphs"), data.table("quotes"))
    for a in articles.itertuples():
        assert f"(SHA-256 `{a.sha256}`)" in text and len(a.sha256) == 64
    assert "…)" not in text


def test_the_provenance_table_gives_the_retrieval_and_an_archived_copy_where_known():
    from scripts.book import views

    manifest = {"sources": [
        {"file": "a.txt", "url": "https://eurasianet.org/a", "title": "A", "published": "2014-04-24",
         "retrieved": "2025-01-31", "archive_url": "https://web.archive.org/web/2015/https://eurasianet.org/a",
         "format": "text/plain", "sha256": "0" * 64, "usage": "Quoted."},
        {"file": "b.txt", "url": "https://eurasianet.org/b", "title": "B", "published": "2014-09-02", "retrieved": None,
         "retrieved_note": "Exact retrieval date not recorded.", "format": "text/plain", "sha256": "1" * 64, "usage": "Quoted."},
    ]}
    a, b = views.provenance_rows(manifest)
    assert a[1] == "[A](<https://eurasianet.org/a>) ([archived copy](<https://web.archive.org/web/2015/https://eurasianet.org/a>))"
    assert a[3] == "2025\\-01\\-31"
    assert b[1] == "[B](<https://eurasianet.org/b>)"
    assert b[3] == "not recorded\\: Exact retrieval date not recorded\\."
    assert b[5] == "`" + "1" * 64 + "`"
