"""What the chapters read: the extracted tables, the derived outputs and the reference record, loaded one way,
and the names things are shown by."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from datetime import date

import pandas as pd

from scripts import paths
from scripts.paths import REFERENCE, derived_dir, tables_dir  # noqa: F401  (the folders, for the chapters)
from scripts.reference import RECORD_DATE

TODAY_ENV = "DOSSIER_TODAY"

# A chapter's parameters (its first cell, which a reader may change and re-run in JupyterLab): the day to look at,
# the articles to read, the blocs to show.  None: the book's own (the record's checked date, every article, every
# bloc).  One kernel runs one chapter, so they are this module's state, set once by parameters().
_PARAMETERS: dict = {"on_date": None, "articles": None, "blocs": None}
# Which tables the articles and blocs choices narrow: every extracted and derived table by article; of the record,
# the coded claims by article, and the blocs, memberships and events by bloc.
_BY_ARTICLE_IN_RECORD = {"claims"}
_BY_BLOC_IN_RECORD = {"blocs", "memberships", "events"}


def parameters(on_date: "str | None" = None, articles: "list[str] | None" = None,
               blocs: "list[str] | None" = None) -> None:
    """Set what the chapter looks at, checked first: a bad value is an error that names it and says what is allowed."""
    if on_date is not None:
        try:
            date.fromisoformat(str(on_date))
        except ValueError:
            raise ValueError(f"ON_DATE {on_date!r} is not a date written YYYY-MM-DD (or None: the day the record "
                             f"was last checked, {RECORD_DATE})") from None
    if articles is not None:
        known = set(pd.read_csv(tables_dir() / "articles.csv", dtype=str, keep_default_na=False)["article_id"])
        unknown = [a for a in articles if a not in known]
        if isinstance(articles, str) or unknown or not articles:
            raise ValueError(f"ARTICLES must be a non-empty list of article_ids (or None: all); not known: {unknown or articles!r}. "
                             f"Known: {', '.join(sorted(known))}")
    if blocs is not None:
        known = set(pd.read_csv(paths.REFERENCE / "blocs.csv", dtype=str, keep_default_na=False)["bloc_id"])
        unknown = [b for b in blocs if b not in known]
        if isinstance(blocs, str) or unknown or not blocs:
            raise ValueError(f"BLOCS must be a non-empty list of bloc_ids (or None: all); not known: {unknown or blocs!r}. "
                             f"Known: {', '.join(sorted(known))}")
    _PARAMETERS.update(on_date=on_date, articles=list(articles) if articles is not None else None,
                       blocs=list(blocs) if blocs is not None else None)


def _narrowed(frame: pd.DataFrame, by_article: bool, by_bloc: bool) -> pd.DataFrame:
    if by_article and _PARAMETERS["articles"] is not None and "article_id" in frame.columns:
        frame = frame[frame["article_id"].isin(_PARAMETERS["articles"])].reset_index(drop=True)
    if by_bloc and _PARAMETERS["blocs"] is not None and "bloc_id" in frame.columns:
        frame = frame[frame["bloc_id"].isin(_PARAMETERS["blocs"])].reset_index(drop=True)
    return frame


def table(name: str) -> pd.DataFrame:
    """One extracted table (data/tables/<name>.csv); empty cells stay empty strings."""
    return _narrowed(pd.read_csv(tables_dir() / f"{name}.csv", dtype=str, keep_default_na=False), True, False)


def derived(name: str) -> pd.DataFrame:
    """One derived table (data/derived/<name>.csv: verdicts ...)."""
    return _narrowed(pd.read_csv(derived_dir() / f"{name}.csv", dtype=str, keep_default_na=False), True, False)


def reference(name: str) -> pd.DataFrame:
    """One table of the hand-curated reference record (data/reference/<name>.csv)."""
    return _narrowed(pd.read_csv(paths.REFERENCE / f"{name}.csv", dtype=str, keep_default_na=False),
                     name in _BY_ARTICLE_IN_RECORD, name in _BY_BLOC_IN_RECORD)


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
    return _PARAMETERS["on_date"] or os.environ.get(TODAY_ENV) or RECORD_DATE


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


def authors(articles: pd.DataFrame) -> list[str]:
    """Every person named as an author of the articles, once each ("Jane Doe, John Roe" is two)."""
    from scripts.raw.page import split_authors

    return sorted({person for field in articles["author"] for person in split_authors(field)})


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



# --- the data page: every file of the three data stages downloadable, and all of them as one zip ------------------

TITLE = "Post-Soviet security blocs: an executable dossier"
# Files that reproduce the articles' own words (LICENSE-DATA, section 2): their text is not the project's to license.
QUOTES_ARTICLES = {"data/tables/paragraphs.csv", "data/tables/quotes.csv", "data/tables/articles.csv",
                   "data/derived/found_claims.csv", "data/derived/quotes.jsonld", "data/derived/claimreviews.jsonld",
                   "data/reference/claims.csv"}


def package_files() -> list[tuple[str, str, Path]]:
    """(stage, path in the package, file) for every data file of the extracted, derived and reference stages,
    datapackage.json included, in a fixed order.  Hidden files (build stamps) are not data."""
    out = []
    for stage, prefix, folder in (("extracted", "data/tables", tables_dir()), ("derived", "data/derived", derived_dir()),
                                  ("reference", "data/reference", REFERENCE)):
        out += [(stage, f"{prefix}/{f.name}", f) for f in sorted(folder.iterdir())
                if f.is_file() and not f.name.startswith(".")]
    return out


def described(files: list[tuple[str, str, Path]]) -> dict[str, str]:
    """{package path: what the file holds}, from each stage's own datapackage.json."""
    out: dict[str, str] = {}
    for prefix in sorted({path.rsplit("/", 1)[0] for _, path, _ in files}):
        folder = next(f.parent for _, path, f in files if path.rsplit("/", 1)[0] == prefix)
        package = folder / "datapackage.json"
        if package.is_file():
            for resource in json.loads(package.read_text(encoding="utf-8")).get("resources", []):
                out[f"{prefix}/{resource['path']}"] = resource.get("description") or resource.get("title") or ""
            out[f"{prefix}/datapackage.json"] = ("What every file of this folder holds: each column, its type and "
                                                 "constraints, keys and licence (a Frictionless Data package).")
    return out


def rows_in(file: Path) -> int | None:
    """Data rows of a CSV file (a quoted cell may span lines), None for other files."""
    if file.suffix != ".csv":
        return None
    with open(file, encoding="utf-8", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def licence_of(path: str) -> str:
    if path in QUOTES_ARTICLES:
        return "CC BY 4.0; the article text in it is not licensed"
    return "CC BY 4.0"


def version() -> dict[str, str]:
    """What a citation names: the commit the book was built from (empty outside a git checkout, "+ local changes"
    when tracked files differ from it) and the date the record was last checked."""
    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", "-C", str(paths.ROOT), *args], capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.SubprocessError):
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""
    commit = git("rev-parse", "--short=12", "HEAD")
    changed = bool(git("status", "--porcelain", "--untracked-files=no")) if commit else False
    return {"commit": commit + (" + local changes" if changed else ""), "record_checked": RECORD_DATE}


def citation(v: dict[str, str], sha256: str) -> str:
    """The line to cite this build by: title, version (commit and the record's checked date), package digest."""
    commit = f"commit {v['commit']}" if v["commit"] else "built outside a git checkout"
    return (f"{TITLE}. Version: {commit}; reference record checked {v['record_checked']}. "
            f"Data package SHA-256 {sha256}. Licence: code MIT, data CC BY 4.0 (article text excepted).")


def write_downloads() -> dict:
    """Copy every data file under chapters/data/files/ (mirroring its path) and write chapters/data/dossier-data.zip
    with all of them, LICENSE-DATA and CITATION.txt.  The zip is byte-identical for identical inputs (fixed order
    and timestamps), so its SHA-256 names the data.  Returns what the data page shows."""
    files = package_files()
    if paths.DOWNLOADS.exists():
        shutil.rmtree(paths.DOWNLOADS)
    for _, path, file in files:
        target = paths.DOWNLOADS / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
    stamp = tuple(int(x) for x in RECORD_DATE.split("-")) + (0, 0, 0)
    v = version()

    def add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
        archive.writestr(info, data)

    body = paths.DATA_ZIP.with_suffix(".part")
    body.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(body, "w") as archive:
        for _, path, file in files:
            add(archive, path, file.read_bytes())
        add(archive, "LICENSE-DATA", paths.LICENSE_DATA.read_bytes())
    digest = hashlib.sha256(body.read_bytes()).hexdigest()
    # the citation names the data's digest, so it is added after; the zip's own digest is given on the page
    with zipfile.ZipFile(body, "a") as archive:
        add(archive, "CITATION.txt", (citation(v, digest) + "\n").encode("utf-8"))
    body.replace(paths.DATA_ZIP)
    return {"files": files, "version": v, "data_sha256": digest, "zip_bytes": paths.DATA_ZIP.stat().st_size,
            "zip_sha256": hashlib.sha256(paths.DATA_ZIP.read_bytes()).hexdigest(), "described": described(files)}
