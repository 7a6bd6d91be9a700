"""The reference record (data/reference/, curated by hand): loading, validation and the query API.

Everything downstream (verdicts, JSON-LD, the book's charts) asks this module who was in which bloc when,
so the date logic lives here once.  A membership period is half-open, [start, end): on its end date the next
period (or nothing) applies, so consecutive periods of one state in one bloc share a date without overlapping.
An empty end means the period was still running when the record was last checked (RECORD_DATE).
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from scripts import paths

# The day the record was last checked against its sources; "today" for the verdicts' "since overtaken".
RECORD_DATE = "2026-11-22"

REFERENCE_TABLES = ("blocs", "memberships", "events", "claims", "sources")
STATUSES = (
    "founding member", "member", "associate", "observer", "dialogue partner", "partner",
    "suspended", "frozen", "withdrawn",
)
# Full membership; a claim that a state "is a member" is right only for these.
FULL = frozenset({"founding member", "member"})
# Still inside the bloc but not (or no longer) taking full part: naming or omitting them is not an error.
LIMITED = frozenset({"associate", "suspended", "frozen", "withdrawn"})
CONFIDENCE = ("verified", "unverified", "sources conflict")
PRECISIONS = ("day", "week", "month", "year")
SOURCE_KINDS = ("primary", "wire", "secondary")
SOURCE_READ = ("here", "brief")
CLAIM_TYPES = (
    "member", "not_member", "members_of", "recognises", "not_recognises",
    "event", "expects_event", "expects_bloc", "other",
)
STATE_KINDS = frozenset({"state", "de facto state"})
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- loading ---------------------------------------------------------------------------------------------

def read_csv(path: Path) -> pd.DataFrame:
    """A hand-curated CSV as strings, empty cells as "" (never NaN), so comparisons stay simple."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def load_reference(reference_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """All reference tables by name (blocs, memberships, events, claims, sources, gazetteer)."""
    base = Path(reference_dir or paths.REFERENCE)
    tables = {name: read_csv(base / f"{name}.csv") for name in REFERENCE_TABLES}
    tables["gazetteer"] = read_csv(base / "gazetteer.csv")
    return tables


@lru_cache(maxsize=8)
def _memberships(reference_dir: str) -> pd.DataFrame:
    return read_csv(Path(reference_dir) / "memberships.csv")


def memberships(reference_dir: Path | None = None) -> pd.DataFrame:
    """The memberships table (cached per directory: the query API is called in loops by the verdicts)."""
    return _memberships(str(Path(reference_dir or paths.REFERENCE).resolve())).copy()


def split_ids(cell: str) -> list[str]:
    """A "|"-separated cell as a list, empty cell as []."""
    return [part.strip() for part in cell.split("|") if part.strip()] if cell else []


# --- the query API ---------------------------------------------------------------------------------------

def _in_force(rows: pd.DataFrame, on_date: str) -> pd.DataFrame:
    """Rows whose half-open period [start, end) contains on_date (ISO strings compare as dates)."""
    open_or_later = (rows["end"] == "") | (rows["end"] > on_date)
    return rows[(rows["start"] <= on_date) & open_or_later]


def members(bloc: str, on_date: str, reference_dir: Path | None = None) -> pd.DataFrame:
    """Every state with a status in `bloc` on `on_date` (members, observers, suspended, ...), one row each."""
    rows = memberships(reference_dir)
    rows = _in_force(rows[rows["bloc_id"] == bloc], on_date)
    return rows.sort_values(["status", "state_id"]).reset_index(drop=True)


def blocs_of(state: str, on_date: str, reference_dir: Path | None = None) -> pd.DataFrame:
    """Every bloc in which `state` had a status on `on_date`."""
    rows = memberships(reference_dir)
    rows = _in_force(rows[rows["state_id"] == state], on_date)
    return rows.sort_values(["bloc_id"]).reset_index(drop=True)


def history(state: str, reference_dir: Path | None = None) -> pd.DataFrame:
    """All of a state's status periods, oldest first."""
    rows = memberships(reference_dir)
    return rows[rows["state_id"] == state].sort_values(["start", "bloc_id"]).reset_index(drop=True)


def status_on(bloc: str, state: str, on_date: str, reference_dir: Path | None = None) -> str:
    """The state's status in the bloc on the date, or "" when it had none."""
    rows = members(bloc, on_date, reference_dir)
    rows = rows[rows["state_id"] == state]
    return rows["status"].iloc[0] if len(rows) else ""


def lineage(bloc: str, blocs: pd.DataFrame) -> list[str]:
    """The bloc and its predecessors (csto -> cst), newest first, so "never a member" covers both."""
    chain, seen = [bloc], {bloc}
    by_id = blocs.set_index("bloc_id")["predecessor"].to_dict()
    while by_id.get(chain[-1]) and by_id[chain[-1]] not in seen:
        chain.append(by_id[chain[-1]])
        seen.add(chain[-1])
    return chain


# --- validation: each check returns problems as "file: row: what is wrong" -----------------------------

def _problem(file: str, row_id: str, what: str) -> str:
    return f"{file}: {row_id}: {what}"


def is_iso_date(text: str) -> bool:
    """A real calendar date written YYYY-MM-DD (2014-02-30 is not)."""
    if not ISO_DATE.match(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def check_dates(table: pd.DataFrame, file: str, id_col: str, pairs: list[tuple[str, str, bool]]) -> list[str]:
    """Dates are valid ISO dates; a year- or month-precision date is written as the period's first day.

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
            if not is_iso_date(value):
                problems.append(_problem(file, row[id_col], f"{col} '{value}' is not a valid YYYY-MM-DD date"))
                continue
            if precision not in PRECISIONS:
                problems.append(_problem(file, row[id_col], f"{precision_col} '{precision}' is not one of {PRECISIONS}"))
            elif precision == "year" and not value.endswith("-01-01"):
                problems.append(_problem(file, row[id_col], f"{col} '{value}' has year precision but is not YYYY-01-01"))
            elif precision == "week" and dt.date.fromisoformat(value).weekday() != 0:
                problems.append(_problem(file, row[id_col], f"{col} '{value}' has week precision but is not a Monday"))
            elif precision == "month" and not value.endswith("-01"):
                problems.append(_problem(file, row[id_col], f"{col} '{value}' has month precision but is not YYYY-MM-01"))
        if "start" in table.columns and "end" in table.columns and row["end"] and row["start"]:
            if is_iso_date(row["start"]) and is_iso_date(row["end"]) and row["end"] <= row["start"]:
                problems.append(_problem(file, row[id_col], f"end {row['end']} is not after start {row['start']}"))
    return problems


def check_vocabulary(table: pd.DataFrame, file: str, id_col: str, column: str, allowed: tuple[str, ...]) -> list[str]:
    """Every value of `column` is one of `allowed`."""
    return [
        _problem(file, row[id_col], f"{column} '{row[column]}' is not one of {allowed}")
        for _, row in table.iterrows() if row[column] not in allowed
    ]


def check_unique(table: pd.DataFrame, file: str, id_col: str) -> list[str]:
    """The id column is a key: present and unique."""
    problems = [_problem(file, "(row)", f"empty {id_col}") for value in table[id_col] if not value]
    dupes = table[id_col][table[id_col].duplicated() & (table[id_col] != "")]
    return problems + [_problem(file, value, f"duplicate {id_col}") for value in sorted(set(dupes))]


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


def check_sources_table(sources: pd.DataFrame) -> list[str]:
    """Each source has an address, a title and a known kind."""
    file = "sources.csv"
    problems = check_unique(sources, file, "source_id")
    problems += check_vocabulary(sources, file, "source_id", "kind", SOURCE_KINDS)
    problems += check_vocabulary(sources, file, "source_id", "read", SOURCE_READ)
    for _, row in sources.iterrows():
        if not re.match(r"^https?://\S+$", row["url"]):
            problems.append(_problem(file, row["source_id"], f"url '{row['url']}' is not an http(s) address"))
        if not row["title"]:
            problems.append(_problem(file, row["source_id"], "has no title"))
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
    """Blocs, states, events, actors and articles named anywhere exist where they should."""
    bloc_ids = set(ref["blocs"]["bloc_id"])
    gaz = ref["gazetteer"]
    state_ids = set(gaz[gaz["kind"].isin(STATE_KINDS)]["entity_id"])
    entity_ids = set(gaz["entity_id"]) | bloc_ids
    event_ids = set(ref["events"]["event_id"])
    problems = []
    for _, row in ref["blocs"].iterrows():
        for col in ("predecessor", "realises"):
            if row[col] and row[col] not in bloc_ids:
                problems.append(_problem("blocs.csv", row["bloc_id"], f"{col} '{row[col]}' is not a bloc in blocs.csv"))
    for _, row in ref["memberships"].iterrows():
        if row["bloc_id"] not in bloc_ids:
            problems.append(_problem("memberships.csv", row["membership_id"], f"bloc '{row['bloc_id']}' is not in blocs.csv"))
        if row["state_id"] not in state_ids:
            problems.append(_problem("memberships.csv", row["membership_id"], f"state '{row['state_id']}' is not a state or de facto state in gazetteer.csv"))
    for _, row in ref["events"].iterrows():
        if row["bloc_id"] and row["bloc_id"] not in bloc_ids:
            problems.append(_problem("events.csv", row["event_id"], f"bloc '{row['bloc_id']}' is not in blocs.csv"))
        for col in ("actors", "target"):
            problems += [_problem("events.csv", row["event_id"], f"{col} '{a}' is not in gazetteer.csv or blocs.csv")
                         for a in split_ids(row[col]) if a not in entity_ids]
    article_ids = set(articles["article_id"]) if articles is not None else None
    for _, row in ref["claims"].iterrows():
        cid = row["claim_id"]
        if article_ids is not None and row["article_id"] not in article_ids:
            problems.append(_problem("claims.csv", cid, f"article '{row['article_id']}' is not in the articles table"))
        if row["bloc_id"] and row["bloc_id"] not in bloc_ids:
            problems.append(_problem("claims.csv", cid, f"bloc '{row['bloc_id']}' is not in blocs.csv"))
        for col in ("states", "excludes", "actors"):
            problems += [_problem("claims.csv", cid, f"{col} '{s}' is not a state in gazetteer.csv")
                         for s in split_ids(row[col]) if s not in state_ids]
        if row["event_id"] and row["event_id"] not in event_ids:
            problems.append(_problem("claims.csv", cid, f"event '{row['event_id']}' is not in events.csv"))
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


def validate(reference_dir: Path | None = None, tables_dir: Path | None = None, only_present_articles: bool = False) -> list[str]:
    """Every check on the reference record; [] when it is sound.  The article tables come from tables_dir.

    only_present_articles: for a tables folder built from some other set of articles (`make tables SEEDS=...`),
    claims and events about articles that are not in it are left out instead of reported as broken links.
    """
    ref = load_reference(reference_dir)
    tables = Path(tables_dir or paths.TABLES)
    articles = read_csv(tables / "articles.csv")
    if only_present_articles:
        present = set(articles["article_id"])
        ref["claims"] = ref["claims"][ref["claims"]["article_id"].isin(present)]
        ref["events"] = ref["events"].assign(article_id=ref["events"]["article_id"].where(ref["events"]["article_id"].isin(present), ""))
    paragraphs = read_csv(tables / "paragraphs.csv")
    sources = ref["sources"]
    problems = check_sources_table(sources)
    problems += check_unique(ref["blocs"], "blocs.csv", "bloc_id")
    problems += check_unique(ref["memberships"], "memberships.csv", "membership_id")
    problems += check_unique(ref["events"], "events.csv", "event_id")
    problems += check_unique(ref["claims"], "claims.csv", "claim_id")
    problems += check_sourced(ref["blocs"], "blocs.csv", "bloc_id", sources)
    problems += check_sourced(ref["memberships"], "memberships.csv", "membership_id", sources)
    problems += check_sourced(ref["events"], "events.csv", "event_id", sources)
    for name, id_col in (("blocs", "bloc_id"), ("memberships", "membership_id"), ("events", "event_id")):
        problems += check_vocabulary(ref[name], f"{name}.csv", id_col, "confidence", CONFIDENCE)
    problems += check_vocabulary(ref["memberships"], "memberships.csv", "membership_id", "status", STATUSES)
    problems += check_vocabulary(ref["claims"], "claims.csv", "claim_id", "claim_type", CLAIM_TYPES)
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


def main() -> None:
    """`python -m scripts.reference`: print every problem in the record; exit 1 if there is any."""
    problems = validate()
    for problem in problems:
        print(problem)
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
