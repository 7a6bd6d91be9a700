"""Dates shown at the precision the record knows them (scripts/reference/dates.py)."""
from __future__ import annotations

import pandas as pd

from scripts.book import views
from scripts.reference.dates import shown


def test_a_date_is_shown_no_more_precisely_than_it_is_known():
    assert [shown("2009-01-01", p) for p in ("year", "month", "week", "day", "")] == [
        "2009", "Jan 2009", "week of 2009-01-01", "2009-01-01", "2009-01-01"]
    assert shown("2013-11-01", "month") == "Nov 2013" and shown("", "year") == "" and shown("n.d.", "day") == "n.d."


def test_relations_carry_the_date_as_known():
    claims = pd.DataFrame([{"subject": "USA", "object": "csto", "predicate": "rejected working with", "evidence": "w",
                            "as_of": "2009-01-01", "as_of_precision": "year", "article_id": "a", "paragraph": "6",
                            "claim_id": "c1"}])
    events = pd.DataFrame([{"target": "XAB", "bloc_id": "", "actors": "RUS", "kind": "recognition", "title": "t",
                            "date": "2008-08-01", "date_precision": "month", "article_id": "", "paragraphs": "",
                            "event_id": "e1", "source_ids": ""}])
    label = {"USA": "United States", "csto": "CSTO", "RUS": "Russia", "XAB": "Abkhazia"}
    edges = views.relations(claims, events, pd.DataFrame(columns=["claim_id", "verdict"]), label)
    assert list(edges["shown"]) == ["2009", "Aug 2008"] and list(edges["date"]) == ["2009-01-01", "2008-08-01"]
    rows = views.relation_rows(edges, pd.DataFrame(columns=["source_id", "url", "publisher", "title"]), label)
    assert [r[4] for r in rows] == ["2009", "Aug 2008"]



def test_no_page_shows_a_date_more_precisely_than_the_record_knows_it():
    """Every page of the built book, as text (scripts and styles aside): a date the record knows only to the month or
    the year is written there as its first day ("2004-01-01" for 2004); that day never appears on a page."""
    import pandas as pd
    from bs4 import BeautifulSoup

    from scripts import paths

    read = lambda name: pd.read_csv(paths.REFERENCE / f"{name}.csv", dtype=str, keep_default_na=False)
    m, e, b = read("memberships"), read("events"), read("blocs")
    pairs = (list(zip(m["start"], m["start_precision"])) + list(zip(m["end"], m["end_precision"]))
             + list(zip(e["date"], e["date_precision"])) + list(zip(b["founded"], b["founded_precision"])))
    vague = {d for d, p in pairs if d and p not in ("", "day")}
    assert "2004-01-01" in vague  # Mongolia, an SCO observer from 2004: the record knows the year only
    pages = sorted((paths.HTML / "chapters").glob("*.html"))
    assert pages, "run `make book` first"
    shown = {}
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for tag in soup(["script", "style"]):
            tag.decompose()
        text = soup.get_text(" ")
        shown.update({(page.name, d): text.count(d) for d in vague if d in text})
    assert shown == {}
