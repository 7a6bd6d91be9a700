"""Issue 8, item 5: the book built from a dozen varied articles (the two seeds and twelve pages of the unseen fixture
sets, in every layout they cover) reads right: no sentence true only of the two seeds, numbers with thousands
separators and nouns that agree with them, every article in the bibliography under its own authors, and the
articles table free of warning prose.  `make book SEEDS=<folder>` runs on a copy of the project (the real data/ and
_build/ are never touched), with -W, so a warning fails the build."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts import paths
from test_hostile_book import make
from test_makefile import copy_project

pytestmark = pytest.mark.slow

UNSEEN = paths.ROOT / "tests" / "fixtures" / "unseen"
UNSEEN_2 = paths.ROOT / "tests" / "fixtures" / "unseen-2"
# text dumps and saved HTML, site chrome and republications, bylines alone and several authors, an undated page
PAGES = [UNSEEN / n for n in (
    "u01-site-chrome-footer.txt", "u04-posted-in-republication.txt", "u05-copyright-header-list-authors.txt",
    "u08-by-eurasianet-body-as-speaker.txt", "u09-forum-repost-wrapped.txt", "u11-html-jsonld.html",
    "u13-html-og-caption.html", "u14-same-byline-no-date.txt", "u16-numeric-date-republished.txt",
    "u22-alternating-speakers.txt")] + [UNSEEN_2 / n for n in ("u24-pronoun-chain-two-leaders.txt", "u27-asked-however-put-it.txt")]


def _truth() -> dict:
    """Title and author of each page as written by hand (the fixtures' truth files and the seeds' manifest)."""
    out = {}
    for folder in (UNSEEN, UNSEEN_2):
        out |= json.loads((folder / "truth.json").read_text(encoding="utf-8"))["articles"]
    for source in json.loads((paths.SEEDS / "manifest.json").read_text(encoding="utf-8"))["sources"]:
        out[Path(source["file"]).name] = {"title": source["title"], "author": source["author"]}
    return out


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    seeds = tmp_path_factory.mktemp("many") / "seeds"
    shutil.copytree(paths.SEEDS, seeds)
    for page in PAGES:
        shutil.copy2(page, seeds / page.name)
    root = tmp_path_factory.mktemp("project")
    copy_project(root)
    run = make(root, "book", f"SEEDS={seeds}")
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    return root / "_build" / "html" / "chapters"


def _text(book: Path, page: str) -> str:
    soup = BeautifulSoup((book / page).read_text(encoding="utf-8"), "lxml")
    return " ".join(" ".join(p.get_text(" ", strip=True).split()) for p in soup.select("main p"))


def test_the_corpus_is_counted_with_separators_and_agreeing_nouns(book):
    truth = _truth()
    files = [p.name for p in PAGES] + [n for n in truth if n.startswith("2014-")]
    people = {person.strip() for name in files for person in re.split(r",|\band\b", truth[name].get("author") or "")
              if person.strip()}
    text = _text(book, "02-corpus.html")
    assert f"The dossier reads 14 articles from 1 outlet by {len(people)} authors ," in text
    assert re.search(r" \d,\d{3} words of body text", text), text[:600]  # the words counted over 1,000
    for wrong in ("outlet(s)", "author(s)", "(2, "):
        assert wrong not in text, wrong


def test_no_sentence_is_true_only_of_the_two_seeds(book):
    pages = ["01-introduction.html", "02-corpus.html", "04-anti-natos.html", "05-voices.html", "06-claims.html"]
    text = " ".join(_text(book, p) for p in pages)
    for seed_only in ("Both articles", "both articles", "Most of what the articles quote", "a news agency or leaked cables (",
                      "was coded by hand", "1 are ", "1 quotations", "1 articles", "scripts.build_tables"):
        assert seed_only not in text, seed_only


def test_the_share_of_quotations_through_an_intermediary_agrees_with_its_numbers(book):
    text = _text(book, "05-voices.html")
    said = re.search(r"(All|Most|Half|Fewer than half|None) of the quotations reached the article through an intermediary "
                     r"\( ([\d,]+) quotations? : [^)]*\)\s*;\s*([\d,]+) quotations? name none", text)
    assert said, text[:1500]
    via, direct = (int(n.replace(",", "")) for n in said.group(2, 3))
    expected = "Most" if 2 * via > via + direct else "Half" if 2 * via == via + direct else "Fewer than half"
    assert said.group(1) == expected and via + direct == 68


def test_every_article_is_in_the_bibliography_under_its_authors(book):
    text = _text(book, "appendix-c-bibliography.html") + " " + " ".join(
        " ".join(x.get_text(" ", strip=True).split()) for x in BeautifulSoup(
            (book / "appendix-c-bibliography.html").read_text(encoding="utf-8"), "lxml").select("main .citation"))
    truth = _truth()
    for name in [p.name for p in PAGES] + [n for n in truth if n.startswith("2014-")]:
        assert truth[name]["title"] in text, name
    assert "[ Seitkali and Bekov n.d. ]" in text  # two authors, both named (the tables write "A, B")


def test_the_articles_table_counts_warnings_and_the_log_lists_them(book):
    soup = BeautifulSoup((book / "02-corpus.html").read_text(encoding="utf-8"), "lxml")
    table = next(t for t in soup.select("main table") if "Warnings" in t.get_text())
    cells = [row.select("td")[-1].get_text(" ", strip=True) for row in table.select("tbody tr")]
    assert len(cells) == 14 and all(re.fullmatch(r"\d+|—", c) for c in cells), cells
    logged = sum(int(c) for c in cells if c != "—")
    assert f"The ingest log holds {logged} entries ( 0 errors , {logged} warnings )" in _text(book, "02-corpus.html")
