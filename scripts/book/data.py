"""What the chapters read: the extracted tables, the derived outputs and the reference record, loaded one way,
and the names things are shown by."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from datetime import date

import pandas as pd

from scripts import paths
from scripts.paths import REFERENCE, derived_dir, tables_dir  # noqa: F401  (the folders, for the chapters)
from scripts.reference import RECORD_DATE

TODAY_ENV = "DOSSIER_TODAY"


def table(name: str) -> pd.DataFrame:
    """One extracted table (data/tables/<name>.csv); empty cells stay empty strings."""
    return pd.read_csv(tables_dir() / f"{name}.csv", dtype=str, keep_default_na=False)


def derived(name: str) -> pd.DataFrame:
    """One derived table (data/derived/<name>.csv: verdicts ...)."""
    return pd.read_csv(derived_dir() / f"{name}.csv", dtype=str, keep_default_na=False)


def reference(name: str) -> pd.DataFrame:
    """One table of the hand-curated reference record (data/reference/<name>.csv)."""
    return pd.read_csv(paths.REFERENCE / f"{name}.csv", dtype=str, keep_default_na=False)


def manifest() -> dict:
    return json.loads((paths.SEEDS / paths.MANIFEST_NAME).read_text(encoding="utf-8"))


def datapackage(folder: "str | os.PathLike | None" = None) -> dict:
    """A stage's datapackage.json (the extracted tables' unless another folder is given)."""
    return json.loads((Path(folder) if folder else tables_dir()).joinpath("datapackage.json").read_text(encoding="utf-8"))


def as_int(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame


def as_of() -> str:
    """The book's "today": the date given to the build (`make book TODAY=YYYY-MM-DD`), else the day the reference
    record was last checked, so that two builds of the same inputs say the same thing whatever day they run."""
    return os.environ.get(TODAY_ENV) or RECORD_DATE


def today() -> date:
    return date.fromisoformat(as_of())


def names(entities: pd.DataFrame) -> dict[str, str]:
    """entity_id -> display name, from the entities table, the gazetteer and the reference blocs."""
    out = dict(zip(reference("gazetteer")["entity_id"], reference("gazetteer")["name"]))
    out.update(zip(entities["entity_id"], entities["name"]))
    blocs = reference("blocs")
    out.update({b: (a or short_bloc_name(n)) for b, a, n in zip(blocs["bloc_id"], blocs["abbreviation"], blocs["name"])})
    return out


def short_bloc_name(name: str) -> str:
    """'Russia–Abkhazia Treaty on Alliance and …' -> 'Russia–Abkhazia Treaty'; 'Union State of …' -> 'Union State'."""
    name = re.sub(r" (Treaty|Organization|Organisation) (on|of) .*$", r" \1", name)
    name = re.sub(r"^(Union State) of .*$", r"\1", name)
    return re.sub(r'"unified defen[cs]e space"', "defence space", name)


def article_names(articles: pd.DataFrame, width: int = 48) -> dict[str, str]:
    """article_id -> 'YYYY-MM-DD · Title…' for chart labels."""
    out = {}
    for aid, published, title in zip(articles["article_id"], articles["published"], articles["title"]):
        short = title if len(title) <= width else title[: width - 1].rstrip() + "…"
        out[aid] = f"{published or 'undated'} · {short}"
    return out


def article_short_names(articles: pd.DataFrame) -> dict[str, str]:
    """article_id -> 'article of YYYY-MM-DD' (numbered when two share a date), for tight chart labels."""
    out, seen = {}, {}
    for aid, published in sorted(zip(articles["article_id"], articles["published"]), key=lambda x: (x[1], x[0])):
        base = f"article of {published}" if published else "undated article"
        seen[base] = seen.get(base, 0) + 1
        out[aid] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return out

