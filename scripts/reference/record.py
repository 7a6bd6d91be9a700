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

REFERENCE_TABLES = ("blocs", "memberships", "events", "claims", "sources", "citations")


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
    """All reference tables by name (blocs, memberships, events, claims, sources, citations, gazetteer)."""
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


# --- the record's strength, counted for the prose ----------------------------------------------------------

def strength(reference_dir: Path | None = None) -> dict:
    """The counts the book's prose and the methods appendix quote about the record itself, all from its tables:

    - "sources": {"total", "read_here", "from_brief", "by_kind": {kind: n}, "by_kind_read": {kind: {read: n}},
      "read_on": {date: n}} (sources read for this record, by the day they were read);
    - "rows": {table: {"total", "by_confidence": {label: n}}} for blocs, memberships and events, and "all" summed;
    - "dates": {"total", "by_strongest_kind": {kind: n}}: every dated field of those rows, by the strongest kind of
      source read for the record that gives it to the row's precision (primary > wire > secondary; "none" when no
      source read here does);
    - "corrections": {"total", "by_kind": {kind: n}, "rows": n} (rows changed); "audits": {date: {result: n}}.
    """
    base = Path(reference_dir or paths.REFERENCE)
    ref = load_reference(base)
    sources = ref["sources"]
    read = dict(zip(sources["source_id"], sources["read"]))
    kind = dict(zip(sources["source_id"], sources["kind"]))
    out: dict = {"sources": {
        "total": len(sources),
        "read_here": int((sources["read"] == "here").sum()),
        "from_brief": int((sources["read"] == "brief").sum()),
        "by_kind": sources["kind"].value_counts().to_dict(),
        "by_kind_read": {k: g["read"].value_counts().to_dict() for k, g in sources.groupby("kind")},
        "read_on": sources.loc[sources["read"] == "here", "read_on"].value_counts().sort_index().to_dict(),
    }}
    rows: dict = {}
    for table in ("blocs", "memberships", "events"):
        rows[table] = {"total": len(ref[table]), "by_confidence": ref[table]["confidence"].value_counts().to_dict()}
    rows["all"] = {"total": sum(r["total"] for r in rows.values()),
                   "by_confidence": pd.concat([ref[t]["confidence"] for t in ("blocs", "memberships", "events")]).value_counts().to_dict()}
    out["rows"] = rows
    rank = {"year": 0, "month": 1, "week": 2, "day": 3}
    says_rank = {4: 0, 7: 1, 10: 3}
    strongest: dict[str, int] = {}
    order = ["primary", "wire", "secondary"]
    fields = {"blocs.csv": ("blocs", "bloc_id", (("founded", "founded_precision"), ("in_force", ""))),
              "memberships.csv": ("memberships", "membership_id", (("start", "start_precision"), ("end", "end_precision"))),
              "events.csv": ("events", "event_id", (("date", "date_precision"),))}
    cites: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for _, c in ref["citations"].iterrows():
        cites.setdefault((c["file"], c["row_id"], c["field"]), []).append((c["source_id"], c["says"]))
    total = 0
    for file, (table, key, cols) in fields.items():
        for _, row in ref[table].iterrows():
            for col, pcol in cols:
                if not row[col]:
                    continue
                total += 1
                precision = rank.get(row[pcol], 3) if pcol else 3
                width = 4 if precision == 0 else 7 if precision == 1 else 10
                kinds = [kind[s] for s, says in cites.get((file, row[key], col), [])
                         if read.get(s) == "here" and says_rank.get(len(says), -1) >= precision
                         and row[col][:min(width, len(says))] == says[:min(width, len(says))]]
                best = next((k for k in order if k in kinds), "none")
                strongest[best] = strongest.get(best, 0) + 1
    out["dates"] = {"total": total, "by_strongest_kind": strongest}
    corrections_path, audits_path = base / "corrections.csv", base / "audits.csv"
    if corrections_path.exists():
        corrections = read_csv(corrections_path)
        out["corrections"] = {"total": len(corrections), "by_kind": corrections["kind"].value_counts().to_dict(),
                              "rows": int(corrections[["file", "row_id"]].drop_duplicates().shape[0])}
    if audits_path.exists():
        audits = read_csv(audits_path)
        out["audits"] = {d: g["result"].value_counts().to_dict() for d, g in audits.groupby("audit_date")}
    return out
