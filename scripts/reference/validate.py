"""Checks of the reference record: the table contract (keys, vocabularies, dates, foreign keys) is the record's own
data/reference/datapackage.json, checked with frictionless; the code here holds only the domain rules a schema
cannot say (date precision, overlapping periods, evidence verbatim in its paragraph, what each claim type needs,
every date cited by its sources and no more precise than they are, confidence labels that say what was done).

`python -m scripts.reference [--tables DIR]` prints every problem as `file: row: problem` and exits 1 if any.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

import pandas as pd

from scripts import paths
from scripts.reference.record import checked_date, load_reference, read_csv, split_ids
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
        "differs": ("bloc_id", "other_bloc_id"), "change": ("bloc_id", "states", "claimed_status", "as_of_precision"),
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


# --- the record's strength: every date cited, confidence that says what was done ------------------------------

# Which dated fields each table's rows carry, with the column that gives each one's precision ("" = always a day).
DATED_FIELDS = {
    "blocs.csv": ("blocs", "bloc_id", (("founded", "founded_precision"), ("in_force", ""))),
    "memberships.csv": ("memberships", "membership_id", (("start", "start_precision"), ("end", "end_precision"))),
    "events.csv": ("events", "event_id", (("date", "date_precision"),)),
}
# A citation gives a date as the source gives it: a year, a month or a day.
_SAYS = {4: "year", 7: "month", 10: "day"}
_RANK = {"year": 0, "month": 1, "week": 2, "day": 3}
_CHARS = {"year": 4, "month": 7, "week": 10, "day": 10}
# Words in a note that say part of the row was not established: never beside `verified`.
HEDGES = re.compile(r"\b(not (?:checked|confirmed|verified|re-?read|read)|unverified|unchecked|unconfirmed)\b", re.IGNORECASE)


def says_precision(says: str) -> str:
    """'1995' -> year, '1995-01' -> month, '1995-01-11' -> day; '' for anything else."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", says):
        return ""
    if len(says) == 10 and not is_iso_date(says):
        return ""
    if len(says) == 7 and not 1 <= int(says[5:]) <= 12:
        return ""
    return _SAYS[len(says)]


def check_sources_read(sources: pd.DataFrame, record_date: str) -> list[str]:
    """A source read for the record says when (read_on, not after the record's checked date); one cited from the
    brief has no read_on."""
    problems = []
    for _, row in sources.iterrows():
        sid, read, read_on = row["source_id"], row["read"], row["read_on"]
        if read == "here" and not read_on:
            problems.append(_problem("sources.csv", sid, "read here but read_on is empty"))
        elif read == "here" and is_iso_date(read_on) and read_on > record_date:
            problems.append(_problem("sources.csv", sid, f"read_on {read_on} is after the record's checked date {record_date}"))
        elif read == "brief" and read_on:
            problems.append(_problem("sources.csv", sid, f"cited from the brief but read_on is {read_on}"))
    return problems


def check_citations(ref: dict[str, pd.DataFrame]) -> list[str]:
    """Each citation points at a dated field of an existing row, cites a source the row names, and gives a date."""
    problems = []
    # A duplicate key is reported by the schema check; the first row stands for it here.
    rows = {file: ref[table].drop_duplicates(key).set_index(key) for file, (table, key, _) in DATED_FIELDS.items()}
    for i, c in ref["citations"].iterrows():
        where = f"{c['file']} {c['row_id']} {c['field']}"
        spec = DATED_FIELDS.get(c["file"])
        if spec is None:
            problems.append(_problem("citations.csv", where, f"file '{c['file']}' has no dated fields"))
            continue
        if c["row_id"] not in rows[c["file"]].index:
            problems.append(_problem("citations.csv", where, f"row '{c['row_id']}' is not in {c['file']}"))
            continue
        if c["field"] not in dict(spec[2]):
            problems.append(_problem("citations.csv", where, f"field '{c['field']}' is not a date of {c['file']}"))
            continue
        row = rows[c["file"]].loc[c["row_id"]]
        if split_ids(row["source_ids"]) and c["source_id"] not in split_ids(row["source_ids"]):
            # (a row with no source at all is reported once, by check_sourced)
            problems.append(_problem("citations.csv", where, f"source '{c['source_id']}' is not among the row's source_ids"))
        if not says_precision(c["says"]):
            problems.append(_problem("citations.csv", where, f"says '{c['says']}' is not a date written YYYY, YYYY-MM or YYYY-MM-DD"))
        elif not row[c["field"]]:
            problems.append(_problem("citations.csv", where, f"cites {c['field']} but the row's {c['field']} is empty"))
    return problems


def check_confidence(ref: dict[str, pd.DataFrame]) -> list[str]:
    """Confidence says what was done, and no date is more precise than its sources:

    - every date of a row is cited, and is no more precise than the most precise citation of it;
    - a citation that disagrees with its row is allowed only beside `sources conflict`;
    - `verified`: for every date, a source read for this record gives it to the row's precision and agrees; the note
      does not hedge; `partly verified`: at least one source read for this record is cited for the row;
    - `from the brief`: no source read for this record is cited for any of its dates.
    """
    read_here = set(ref["sources"].loc[ref["sources"]["read"] == "here", "source_id"])
    cites: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for _, c in ref["citations"].iterrows():
        if says_precision(c["says"]):
            cites.setdefault((c["file"], c["row_id"], c["field"]), []).append((c["source_id"], c["says"]))
    problems = []
    for file, (table, key, fields) in DATED_FIELDS.items():
        for _, row in ref[table].iterrows():
            rid, confidence = row[key], row["confidence"]
            if confidence == "verified" and HEDGES.search(row["note"]):
                problems.append(_problem(file, rid, f"verified, but its note says '{HEDGES.search(row['note']).group(0)}'"))
            here_cited = False
            for col, precision_col in fields:
                value = row[col]
                precision = row[precision_col] if precision_col else "day"
                if not value or not is_iso_date(value) or precision not in _RANK:
                    continue  # no date (an open end, a planned bloc) or a malformed one, reported elsewhere
                given = cites.get((file, rid, col), [])
                if not given:
                    problems.append(_problem(file, rid, f"{col} {value} cites no source for its date (citations.csv)"))
                    continue
                finest = max(given, key=lambda g: _RANK[says_precision(g[1])])
                if _RANK[precision] > _RANK[says_precision(finest[1])]:
                    problems.append(_problem(file, rid, f"{col} {value} is given to the {precision}, but its sources give it "
                                                        f"only to the {says_precision(finest[1])}"))
                width = _CHARS[precision]
                disagree = [(s, says) for s, says in given if value[:min(len(says), width)] != says[:min(len(says), width)]]
                if disagree and confidence != "sources conflict":
                    problems.append(_problem(file, rid, f"{col} {value}, but " + "; ".join(f"{s} gives {says}" for s, says in disagree)
                                             + ": correct the row or label it 'sources conflict'"))
                here = [(s, says) for s, says in given if s in read_here]
                here_cited = here_cited or bool(here)
                if confidence == "verified" and not any(
                        (s, says) not in disagree and _RANK[says_precision(says)] >= _RANK[precision] for s, says in here):
                    problems.append(_problem(file, rid, f"verified, but no source read for the record gives {col} {value} "
                                                        f"to the {precision}"))
            if confidence == "verified" and split_ids(row["source_ids"]) and not set(split_ids(row["source_ids"])) & read_here:
                problems.append(_problem(file, rid, "verified, but none of its sources was read for the record"))
            if confidence == "partly verified" and not (here_cited or set(split_ids(row["source_ids"])) & read_here):
                problems.append(_problem(file, rid, "partly verified, but none of its sources was read for the record"))
            if confidence == "from the brief" and here_cited:
                problems.append(_problem(file, rid, "labelled 'from the brief', but a source read for the record gives its dates"))
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
    problems += check_sources_read(sources, checked_date(reference_dir))
    problems += check_citations(ref)
    problems += check_confidence(ref)
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
