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

