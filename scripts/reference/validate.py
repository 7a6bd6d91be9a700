"""Checks of the reference record: the table contract (keys, vocabularies, dates, foreign keys) is the record's own
data/reference/datapackage.json, checked with frictionless; the code here holds only the domain rules a schema
cannot say (date precision, overlapping periods, evidence verbatim in its paragraph, what each claim type needs).

`python -m scripts.reference [--tables DIR]` prints every problem as `file: row: problem` and exits 1 if any.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

import pandas as pd

from scripts import paths
from scripts.reference.record import load_reference, read_csv, split_ids
from scripts.reference.vocab import PRECISIONS, STATE_KINDS


# --- validation: each check returns problems as "file: row: what is wrong" -----------------------------

def _problem(file: str, row_id: str, what: str) -> str:
    return f"{file}: {row_id}: {what}"


def is_iso_date(text: str) -> bool:
    """A real calendar date written YYYY-MM-DD (2014-02-30 is not)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def check_dates(table: pd.DataFrame, file: str, id_col: str, pairs: list[tuple[str, str, bool]]) -> list[str]:
    """A year-, month- or week-precision date is written as the period's first day (its Monday for a week).

    `pairs` lists (date column, precision column, required); a period's end must not precede its start.
    """
    problems = []
    for _, row in table.iterrows():
        for col, precision_col, required in pairs:
            # A date column without a precision column (blocs.in_force) is a day.
            value, precision = row[col], (row.get(precision_col, "") if precision_col else "day")
            if not value:
                if required:
                    problems.append(_problem(file, row[id_col], f"{col} is empty"))
                if precision_col and precision:
                    problems.append(_problem(file, row[id_col], f"{precision_col} '{precision}' given without {col}"))
                continue
            if not is_iso_date(value) or precision not in PRECISIONS:
                continue  # an invalid date or precision is the schema's to report (check_schema)
            if precision == "year" and not value.endswith("-01-01"):
                problems.append(_problem(file, row[id_col], f"{col} '{value}' has year precision but is not YYYY-01-01"))
            elif precision == "week" and dt.date.fromisoformat(value).weekday() != 0:
                problems.append(_problem(file, row[id_col], f"{col} '{value}' has week precision but is not a Monday"))
            elif precision == "month" and not value.endswith("-01"):
                problems.append(_problem(file, row[id_col], f"{col} '{value}' has month precision but is not YYYY-MM-01"))
        if "start" in table.columns and "end" in table.columns and row["end"] and row["start"]:
            if is_iso_date(row["start"]) and is_iso_date(row["end"]) and row["end"] <= row["start"]:
                problems.append(_problem(file, row[id_col], f"end {row['end']} is not after start {row['start']}"))
    return problems


def check_sourced(table: pd.DataFrame, file: str, id_col: str, sources: pd.DataFrame) -> list[str]:
    """Every row names at least one source, and every source id it names is in sources.csv."""
    known = set(sources["source_id"])
    problems = []
    for _, row in table.iterrows():
        ids = split_ids(row["source_ids"])
        if not ids:
            problems.append(_problem(file, row[id_col], "has no source"))
        problems += [_problem(file, row[id_col], f"source '{s}' is not in sources.csv") for s in ids if s not in known]
    return problems


def check_overlaps(table: pd.DataFrame, file: str = "memberships.csv") -> list[str]:
    """No two periods of the same bloc and state overlap (half-open periods may touch)."""
    problems = []
    far_future = "9999-12-31"
    for (bloc, state), group in table.groupby(["bloc_id", "state_id"]):
        # Rows with a malformed date are reported by check_dates; comparing them here would only add noise.
        periods = sorted((r["start"], r["end"] or far_future, r["membership_id"]) for _, r in group.iterrows()
                         if is_iso_date(r["start"]) and (not r["end"] or is_iso_date(r["end"])))
        for (s1, e1, id1), (s2, e2, id2) in zip(periods, periods[1:]):
            if s2 < e1:
                problems.append(_problem(file, id2, f"period {s2}..{e2 if e2 != far_future else ''} overlaps {id1} ({s1}..{e1 if e1 != far_future else ''}) for {bloc}/{state}"))
    return problems


def check_foreign_keys(ref: dict[str, pd.DataFrame], articles: pd.DataFrame | None) -> list[str]:
    """Links a schema cannot state: a membership's state is a state (or de facto state) of the gazetteer; events'
    actors and targets and claims' states are known entities; claims and events cite articles that exist."""
    bloc_ids = set(ref["blocs"]["bloc_id"])
    gaz = ref["gazetteer"]
    state_ids = set(gaz[gaz["kind"].isin(STATE_KINDS)]["entity_id"])
    entity_ids = set(gaz["entity_id"]) | bloc_ids
    problems = []
    for _, row in ref["memberships"].iterrows():
        if row["state_id"] not in state_ids:
            problems.append(_problem("memberships.csv", row["membership_id"], f"state '{row['state_id']}' is not a state or de facto state in gazetteer.csv"))
    for _, row in ref["events"].iterrows():
        for col in ("actors", "target"):
            problems += [_problem("events.csv", row["event_id"], f"{col} '{a}' is not in gazetteer.csv or blocs.csv")
                         for a in split_ids(row[col]) if a not in entity_ids]
    article_ids = set(articles["article_id"]) if articles is not None else None
    for _, row in ref["claims"].iterrows():
        cid = row["claim_id"]
        if article_ids is not None and row["article_id"] not in article_ids:
            problems.append(_problem("claims.csv", cid, f"article '{row['article_id']}' is not in the articles table"))
        for col in ("states", "excludes", "actors"):
            problems += [_problem("claims.csv", cid, f"{col} '{s}' is not a state in gazetteer.csv")
                         for s in split_ids(row[col]) if s not in state_ids]
    for _, row in ref["events"].iterrows():
        if row["article_id"] and article_ids is not None and row["article_id"] not in article_ids:
            problems.append(_problem("events.csv", row["event_id"], f"article '{row['article_id']}' is not in the articles table"))
    return problems


def check_claim_shape(claims: pd.DataFrame) -> list[str]:
    """Each claim type carries the fields its verdict rule reads (a members_of claim needs a bloc and states...)."""
    needs = {
        "member": ("bloc_id", "states"), "not_member": ("bloc_id", "states"),
        "members_of": ("bloc_id", "states", "exhaustive"), "recognises": ("states",),
        "not_recognises": ("states",), "expects_bloc": ("bloc_id", "states"),
    }
    problems = []
    for _, row in claims.iterrows():
        for col in needs.get(row["claim_type"], ()):
            if not row[col]:
                problems.append(_problem("claims.csv", row["claim_id"], f"claim_type {row['claim_type']} needs {col}"))
        if row["claim_type"] in ("recognises", "not_recognises") and not (row["bloc_id"] or row["actors"]):
            problems.append(_problem("claims.csv", row["claim_id"], "a recognition claim needs bloc_id or actors"))
        if row["exhaustive"] not in ("", "yes", "no"):
            problems.append(_problem("claims.csv", row["claim_id"], f"exhaustive '{row['exhaustive']}' is not yes/no"))
    return problems


def check_evidence(claims: pd.DataFrame, paragraphs: pd.DataFrame) -> list[str]:
    """Each claim's evidence is a verbatim substring of the paragraph it cites (paragraph text as extracted)."""
    texts = {(a, str(p)): t for a, p, t in zip(paragraphs["article_id"], paragraphs["paragraph"], paragraphs["text"])}
    known_articles = set(paragraphs["article_id"])
    problems = []
    for _, row in claims.iterrows():
        key = (row["article_id"], str(row["paragraph"]))
        if row["article_id"] not in known_articles:
            continue  # an unknown article is reported once, by check_foreign_keys
        if key not in texts:
            problems.append(_problem("claims.csv", row["claim_id"], f"paragraph {key[1]} of '{key[0]}' is not in the paragraphs table"))
        elif not row["evidence"]:
            problems.append(_problem("claims.csv", row["claim_id"], "evidence is empty"))
        elif row["evidence"] not in texts[key]:
            problems.append(_problem("claims.csv", row["claim_id"], f"evidence is not verbatim in paragraph {key[1]}: '{row['evidence'][:60]}'"))
    return problems


# --- the table contract: data/reference/datapackage.json, checked by frictionless ------------------------------

# How a broken link is said, per linking column (frictionless only says "foreign key violation").
_LINK_WORDS = {"bloc_id": "bloc '{}' is not in blocs.csv", "event_id": "event '{}' is not in events.csv",
               "predecessor": "predecessor '{}' is not a bloc in blocs.csv", "realises": "realises '{}' is not a bloc in blocs.csv"}


def check_schema(reference_dir: Path) -> list[str]:
    """Keys, required cells, vocabularies, date types and links between the record's tables, as the record's own
    datapackage.json describes them; each problem named by file, row key and column."""
    from frictionless import Package  # a second of start-up: only when the record is checked

    package = Package(str(reference_dir / "datapackage.json"))
    problems: list[str] = []
    for resource, task in zip(package.resources, package.validate().tasks):
        file = resource.path
        fields = resource.schema.field_names
        key_at = fields.index(resource.schema.primary_key[0])
        for error in task.errors:
            cells = getattr(error, "cells", None) or []
            row_id = cells[key_at] if len(cells) > key_at else "(row)"
            name = getattr(error, "field_name", "") or ""
            value = getattr(error, "cell", "")
            if error.type in ("unique-error", "primary-key"):
                what = f"duplicate {fields[key_at]}"
            elif error.type == "foreign-key":
                link = error.field_names[0] if getattr(error, "field_names", None) else ""
                value = cells[fields.index(link)] if link in fields else ""
                what = _LINK_WORDS.get(link, "{} is not in the table it links to").format(value)
            elif error.type == "constraint-error" and "enum" in (resource.schema.get_field(name).constraints or {}):
                what = f"{name} '{value}' is not one of {tuple(resource.schema.get_field(name).constraints['enum'])}"
            elif error.type == "constraint-error" and name == "url":
                what = f"url '{value}' is not an http(s) address"
            elif error.type == "constraint-error" and "required" in error.note:
                what = f"{name} is empty"
            elif error.type == "type-error" and resource.schema.get_field(name).type == "date":
                what = f"{name} '{value}' is not a valid YYYY-MM-DD date"
            else:
                what = error.message
            problems.append(_problem(file, row_id, what))
    return list(dict.fromkeys(problems))


def validate(reference_dir: Path | None = None, tables_dir: Path | None = None, only_present_articles: bool = False) -> list[str]:
    """Every check on the reference record; [] when it is sound.  The article tables come from tables_dir.

    only_present_articles: for a tables folder built from some other set of articles (`make tables SEEDS=...`),
    claims and events about articles that are not in it are left out instead of reported as broken links.
    """
    reference_dir = Path(reference_dir or paths.REFERENCE)
    ref = load_reference(reference_dir)
    tables = Path(tables_dir or paths.TABLES)
    articles = read_csv(tables / "articles.csv")
    if only_present_articles:
        present = set(articles["article_id"])
        ref["claims"] = ref["claims"][ref["claims"]["article_id"].isin(present)]
        ref["events"] = ref["events"].assign(article_id=ref["events"]["article_id"].where(ref["events"]["article_id"].isin(present), ""))
    paragraphs = read_csv(tables / "paragraphs.csv")
    sources = ref["sources"]
    problems = check_schema(reference_dir)
    problems += check_sourced(ref["blocs"], "blocs.csv", "bloc_id", sources)
    problems += check_sourced(ref["memberships"], "memberships.csv", "membership_id", sources)
    problems += check_sourced(ref["events"], "events.csv", "event_id", sources)
    planned = ref["blocs"][ref["blocs"]["kind"] == "planned bloc"]
    problems += check_dates(ref["blocs"].drop(planned.index), "blocs.csv", "bloc_id", [("founded", "founded_precision", True), ("in_force", "", False)])
    problems += check_dates(ref["memberships"], "memberships.csv", "membership_id",
                            [("start", "start_precision", True), ("end", "end_precision", False)])
    problems += check_dates(ref["events"], "events.csv", "event_id", [("date", "date_precision", True)])
    problems += check_dates(ref["claims"], "claims.csv", "claim_id", [("as_of", "as_of_precision", True)])
    problems += check_overlaps(ref["memberships"])
    problems += check_foreign_keys(ref, articles)
    problems += check_claim_shape(ref["claims"])
    problems += check_evidence(ref["claims"], paragraphs)
    return problems


def main(argv: list[str] | None = None) -> None:
    """`python -m scripts.reference [--tables DIR]`: print every problem in the record; exit 1 if there is any."""
    parser = argparse.ArgumentParser(description="Check the reference record (data/reference/).")
    parser.add_argument("--tables", type=Path, default=paths.TABLES, help="extracted tables the claims cite (default %(default)s)")
    args = parser.parse_args(argv)
    problems = validate(tables_dir=args.tables)
    for problem in problems:
        print(problem)
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
