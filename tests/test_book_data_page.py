"""The data page (appendix B) and the claims page, as built by `make book`: every data file of the three stages is
downloadable, byte for byte; the whole package is one zip holding exactly those files, the data licence and the
citation; the page says how to cite this version; the claims page embeds its ClaimReview JSON-LD."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from scripts import paths
from scripts.book import data, render
from scripts.reference import RECORD_DATE

PAGE = paths.HTML / "chapters" / "appendix-b-data-dictionary.html"
CLAIMS_PAGE = paths.HTML / "chapters" / "06-claims.html"
# What the data page must offer: every file of the three stages, found here independently of scripts.book.data.
EXPECTED = sorted(f"{prefix}/{f.name}" for prefix, folder in (("data/tables", paths.TABLES), ("data/derived", paths.DERIVED),
                                                              ("data/reference", paths.REFERENCE))
                  if folder.is_dir() for f in folder.iterdir() if f.is_file() and not f.name.startswith("."))


def _links() -> dict[str, Path]:
    """{link text: downloaded file} of every download link on the data page."""
    soup = BeautifulSoup(PAGE.read_text(encoding="utf-8"), "lxml")
    return {" ".join(a.get_text(" ", strip=True).split()): (PAGE.parent / unquote(a["href"])).resolve()
            for a in soup.select("a.download") if a.get("href")}


def test_every_data_file_is_downloadable_from_the_book_as_it_is():
    assert PAGE.is_file(), "run `make book` first"
    links = _links()
    assert len(EXPECTED) >= 20 and "data/tables/quotes.csv" in EXPECTED and "data/derived/verdicts.csv" in EXPECTED
    for path in EXPECTED:
        assert path in links, f"{path} has no download link on the data page"
        assert links[path].read_bytes() == (paths.ROOT / path).read_bytes(), f"{path}: the download differs"


def test_the_whole_package_is_one_zip_with_the_licence_and_the_citation():
    zipped = next(f for text, f in _links().items() if text.startswith("The whole data package"))
    with zipfile.ZipFile(zipped) as archive:
        names = archive.namelist()
        assert sorted(names) == sorted(EXPECTED + ["LICENSE-DATA", "CITATION.txt"])
        for path in EXPECTED:
            assert archive.read(path) == (paths.ROOT / path).read_bytes()
        assert archive.read("LICENSE-DATA") == (paths.ROOT / "LICENSE-DATA").read_bytes()
        cite = archive.read("CITATION.txt").decode("utf-8")
    assert cite.startswith("Post-Soviet security blocs: an executable dossier. Version: ")
    assert f"reference record checked {RECORD_DATE}." in cite
    text = BeautifulSoup(PAGE.read_text(encoding="utf-8"), "lxml").get_text(" ", strip=True)
    assert "Cite this version. " + cite.strip() in text
    assert hashlib.sha256(zipped.read_bytes()).hexdigest() in text


def test_files_that_reproduce_article_text_say_it_is_not_licensed():
    soup = BeautifulSoup(PAGE.read_text(encoding="utf-8"), "lxml")
    licence = {}
    for row in soup.select("table tr"):
        cells = row.find_all("td")
        if len(cells) == 4:
            licence[cells[0].get_text(strip=True)] = cells[3].get_text(" ", strip=True)
    assert licence["data/tables/paragraphs.csv"] == "CC BY 4.0; the article text in it is not licensed"
    assert licence["data/tables/quotes.csv"] == "CC BY 4.0; the article text in it is not licensed"
    assert licence["data/reference/memberships.csv"] == "CC BY 4.0"
    assert licence["data/derived/verdicts.csv"] == "CC BY 4.0"


def test_the_zip_is_the_same_bytes_for_the_same_data(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "DOWNLOADS", tmp_path / "files")
    monkeypatch.setattr(paths, "DATA_ZIP", tmp_path / "data.zip")
    first = data.write_downloads()
    bytes_first = (tmp_path / "data.zip").read_bytes()
    second = data.write_downloads()
    assert (tmp_path / "data.zip").read_bytes() == bytes_first
    assert first["zip_sha256"] == second["zip_sha256"] == hashlib.sha256(bytes_first).hexdigest()
    assert sorted(p.relative_to(tmp_path / "files").as_posix() for p in (tmp_path / "files").rglob("*") if p.is_file()) \
        == sorted(path for _, path, _ in first["files"])


def test_the_claims_page_embeds_its_claim_reviews():
    soup = BeautifulSoup(CLAIMS_PAGE.read_text(encoding="utf-8"), "lxml")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    embedded = json.loads(scripts[0].string)
    assert embedded == json.loads((paths.DERIVED / "claimreviews.jsonld").read_text(encoding="utf-8"))
    assert {n["@type"] for n in embedded["@graph"]} == {"ClaimReview"} and len(embedded["@graph"]) >= 25


@pytest.mark.parametrize("words", ["</script><script>alert(1)</script>", "<!-- a", "]]> & <b>", "\u2028</SCRIPT >"])
def test_json_ld_cannot_close_its_script_element(words):
    out = render.json_ld(json.dumps({"@graph": [{"claimReviewed": words}]}))._repr_html_()
    inner = out[len('<script type="application/ld+json">'):-len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == {"@graph": [{"claimReviewed": words}]}
    page = BeautifulSoup(io.StringIO(out).read(), "lxml")
    assert len(page.find_all("script")) == 1
