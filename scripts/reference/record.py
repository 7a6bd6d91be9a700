"""The reference record (data/reference/, curated by hand): loading and the query API.

Everything downstream (verdicts, JSON-LD, the book's charts) asks this module who was in which bloc when,
so the date logic lives here once (`in_force`).  A membership period is half-open, [start, end): on its end date
the next period (or nothing) applies, so consecutive periods of one state in one bloc share a date without
overlapping.  An empty end means the period was still running when the record was last checked (RECORD_DATE,
the `record_checked` date of data/reference/datapackage.json).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from scripts import paths

REFERENCE_TABLES = ("blocs", "memberships", "events", "claims", "sources")


def checked_date(reference_dir: Path | None = None) -> str:
    """The day the record was last checked against its sources: "today" for the record and the book."""
    descriptor = Path(reference_dir or paths.REFERENCE) / "datapackage.json"
    return json.loads(descriptor.read_text(encoding="utf-8"))["record_checked"]


RECORD_DATE = checked_date()


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

def in_force(rows: pd.DataFrame, on_date: str) -> pd.DataFrame:
    """Rows whose half-open period [start, end) contains on_date (ISO strings compare as dates).  The one place
    that decides whether a period is in force on a date."""
    open_or_later = (rows["end"] == "") | (rows["end"] > on_date)
    return rows[(rows["start"] <= on_date) & open_or_later]


def members(bloc: str, on_date: str, reference_dir: Path | None = None) -> pd.DataFrame:
    """Every state with a status in `bloc` on `on_date` (members, observers, suspended, ...), one row each."""
    rows = memberships(reference_dir)
    rows = in_force(rows[rows["bloc_id"] == bloc], on_date)
    return rows.sort_values(["status", "state_id"]).reset_index(drop=True)


def blocs_of(state: str, on_date: str, reference_dir: Path | None = None) -> pd.DataFrame:
    """Every bloc in which `state` had a status on `on_date`."""
    rows = memberships(reference_dir)
    rows = in_force(rows[rows["state_id"] == state], on_date)
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
