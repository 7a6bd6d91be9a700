"""Stage 1, extract (seeds/ -> data/tables/): read every saved article and write the tidy tables and their
datapackage.json (written last: its presence says the tables are complete).

    python -m scripts.extract [--seeds DIR] [--tables DIR] [--strict]

Each file is read on its own (in parallel for large folders), so one bad file is reported by name and the
rest still go through.  Output is deterministic (sorted, no timestamps) and written atomically: all tables are
written to temporary files first and only then moved into place, so a failed or interrupted run leaves the
previous tables as they were.  Exit status is non-zero only when no article could be read, or with --strict
when any file had a problem.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import re
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import fields as dataclass_fields
from pathlib import Path

from scripts import paths
from scripts.extract import schema as datapackage
from scripts.extract.gazetteer import matcher_for
from scripts.raw.text_dump import parse_text_page
from scripts.raw.ingest import LARGE_BYTES, bound_text, read_source, scan
from scripts.raw.page import Page, slugify
from scripts.extract.quotes import QuoteFinder

PRINT_AT_MOST = 40  # problems printed on the terminal; ingest_log.csv has them all
CHUNK_MAX = 32  # files a worker is given at a time
PARALLEL_FROM = 200  # below this, starting worker processes costs more than it saves
MANIFEST_FIELDS = ("url", "outlet", "title", "author", "published")
# An error page says so in its title (or, without one, in its first line), and says little else: "Page not found",
# "404 Not Found", "Error 404 - Page not found | Site", "Internal Server Error", "Access denied", "Страница не найдена".
# The message is the whole title (a site's name after " | " aside); a real article whose title says "not found" or
# "server error" says more than that, and has a body: it is kept.
NOT_FOUND = re.compile(r"^\W*(?:(?:error|http|ошибка)\W*)?(?:[45]\d\d\b\W*)?(?:(?:error|ошибка)\b\W*)?"
                       r"(?:(?:the\s+)?(?:requested\s+)?(?:page|file|url|resource|document)\s+(?:you\s+requested\s+)?(?:was\s+)?"
                       r"(?:not\s+found|(?:does\s+not|doesn't)\s+exist|could\s+not\s+be\s+found|cannot\s+be\s+found)|"
                       r"not\s+found|access\s+denied|forbidden|(?:internal\s+)?server\s+error|service\s+unavailable|bad\s+gateway|"
                       r"gateway\s+time-?out|страница\s+не\s+найдена|доступ\s+запрещ[её]н|)"
                       r"\W*(?:[45]\d\d)?\W*$", re.IGNORECASE)  # the whole title is the error message
ERROR_PAGE_WORDS = 150  # an error page's text, in words, is shorter than this (an article's body is longer)
MAX_PARAGRAPH = 50_000  # characters; a longer "paragraph" (a one-line file, a blob of data) is no paragraph of an article


def is_error_page(page: Page) -> bool:
    """True for a server's error page saved in place of an article: a short title (or first line) that is an error
    message, and hardly any text."""
    def is_error(line: str) -> bool:
        head = re.split(r"\s+[|–—-]\s+", line, maxsplit=1)[0]  # "Page not found | Eurasianet"
        return len(head.split()) <= 8 and bool(NOT_FOUND.match(head)) and bool(re.search(r"\w", head))

    words = sum(len(p.split()) for p in page.paragraphs[:40])
    said = is_error(page.title) if page.title else bool(page.paragraphs) and is_error(page.paragraphs[0])
    return said and words < ERROR_PAGE_WORDS


def article_id(published: str, title: str, sha256: str, source_file: str = "") -> str:
    """Stable across runs and corpora: it depends only on the article itself, never on what else is in seeds/.

    The publication date and the title's slug; without a title, the file's name stands in for it (never a
    placeholder that two articles could share)."""
    slug = slugify(title) if title else slugify(re.sub(r"\.[A-Za-z0-9]{1,6}$", "", source_file))
    return f"{published or 'undated'}-{slug or sha256[:12]}"


def body_key(paragraphs: list[str]) -> str:
    """What makes two files the same article: the same body, compared case- and space-insensitively."""
    return hashlib.sha256("\n".join(" ".join(p.split()).casefold() for p in paragraphs).encode("utf-8")).hexdigest()


def read_page(path: Path, name: str | None = None) -> tuple[Page | None, dict]:
    """(page, facts about the file) for one raw file; page is None when the file cannot be used.  `name` is the
    name the file is reported by (a link's own name, when `path` is its target)."""
    raw = read_source(path)
    facts = {"source_file": name or path.name, "sha256": raw.sha256, "format": raw.format,
             "errors": list(raw.errors), "warnings": list(raw.warnings)}
    if raw.errors:
        return None, facts
    text, raw.text = raw.text, ""  # the parser's copy is the only one kept
    if raw.format == "text":
        text, dropped = bound_text(text, MAX_PARAGRAPH)
        if dropped:
            facts["warnings"].append(f"{dropped} line(s) over {MAX_PARAGRAPH:,} characters left out: no article's "
                                     "paragraph is that long")
    if raw.format == "html":
        from scripts.raw.html_page import parse_html_page  # bs4 is imported only when a folder has HTML

        page = parse_html_page(text)
    else:
        page = parse_text_page(text)
    del text
    facts["warnings"].extend(page.warnings)
    long = [(i, len(p)) for i, p in enumerate(page.paragraphs, 1) if len(p) > MAX_PARAGRAPH]
    if long:
        i, n = long[0]
        facts["warnings"].append(f"{len(long)} paragraph(s) over {MAX_PARAGRAPH:,} characters left out (the first, "
                                 f"paragraph {i}, has {n:,}): no article's paragraph is that long")
        page.paragraphs = [p for p in page.paragraphs if len(p) <= MAX_PARAGRAPH]
    if is_error_page(page):
        facts["errors"].append(f"a 'page not found' page (title {page.title!r}): no article in it")
        return None, facts
    if not page.paragraphs:
        facts["errors"].append("no article text found in the file")
        return None, facts
    return page, facts


def extract_file(job: tuple[str, dict | None, str]) -> dict:
    """Everything extracted from one file, as plain data (it crosses process boundaries): runs in a worker.

    Whatever goes wrong inside (any exception, a recursion or memory error from a page built to break a parser)
    is this file's problem, reported with its name; the rest of the folder goes through."""
    try:
        return _extract_file(job)
    except Exception as exc:  # noqa: BLE001 - one file must never stop the run
        path_str, _, name = job
        message = " ".join(str(exc).split())[:300]
        return {"facts": {"source_file": name, "sha256": "", "format": "",
                          "errors": [f"could not be read: {type(exc).__name__}" + (f": {message}" if message else "")
                                     + " (a fault in the dossier's reader or a page built to break it; please report it)"],
                          "warnings": []}, "page": None}


def _extract_file(job: tuple[str, dict | None, str]) -> dict:
    path_str, entry, name = job
    page, facts = read_page(Path(path_str), name)
    if page is None:
        return {"facts": facts, "page": None}
    fields = {f.name: getattr(page, f.name) for f in dataclass_fields(page)}  # asdict() would deep-copy the text
    _merge_manifest(fields, facts, entry)
    aid = article_id(fields["published"], fields["title"], facts["sha256"], facts["source_file"])
    facts["body_key"] = body_key(fields["paragraphs"])
    paragraphs = fields["paragraphs"]
    matcher = matcher_for()
    hits = [matcher.find(text) for text in paragraphs]
    found = QuoteFinder(matcher).find(aid, paragraphs, hits)
    facts["warnings"].extend(found.warnings)
    # rows as tuples in the datapackage's column order: a third of the cost of dicts to send back and write
    quote_cols = datapackage.columns("quotes")
    quotes = [tuple(q[c] for c in quote_cols) for q in sorted(found.rows, key=lambda q: (q["paragraph"], q["start"]))]
    mentions = [(aid, i, eid, alias, s, e) for i, found_here in enumerate(hits, 1) for s, e, eid, alias in found_here]
    # The big tables leave the worker as ready CSV text: rendering them here runs on every core, and text
    # crosses the process boundary far cheaper than rows.
    paragraph_stats = {"word_count": sum(len(t.split()) for t in paragraphs), "paragraph_count": len(paragraphs)}
    fields = {k: v for k, v in fields.items() if k not in ("paragraphs", "warnings")}  # the text travels as CSV only
    texts = {"paragraphs": csv_rows((aid, i, t) for i, t in enumerate(paragraphs, 1)),
             "quotes": csv_rows(quotes), "mentions": csv_rows(mentions)}
    # the rows are checked against the schema here too, on every core, so the parent only checks across articles
    return {"facts": facts, "page": {**fields, **paragraph_stats}, "article_id": aid, "quote_count": len(quotes),
            "entity_counts": Counter(m[2] for m in mentions), "csv": texts, "vouched": datapackage.vouch(texts)}


def csv_rows(rows) -> str:
    """Rows as CSV text, lines ending in \\n.  csv quotes a field holding the line terminator but not a lone \\r,
    which every reader takes for a line end: a row with \\r in a field (a file name, a URL, a manifest entry) is
    written with every field quoted, so it reads back as it was."""
    rows = rows if isinstance(rows, list) else list(rows)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    text = buf.getvalue()
    if "\r" not in text:
        return text
    buf = io.StringIO()
    plain, quoted = csv.writer(buf, lineterminator="\n"), csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        (quoted if any(isinstance(v, str) and "\r" in v for v in row) else plain).writerow(row)
    return buf.getvalue()


def _merge_manifest(page: dict, facts: dict, entry: dict | None) -> None:
    """The manifest is curated, so it wins; disagreements and gaps become warnings."""
    if entry:
        for key in MANIFEST_FIELDS:
            listed, seen = entry.get(key) or "", page.get(key) or ""
            if listed and seen and listed != seen:
                facts["warnings"].append(f"{key}: manifest says {listed!r}, the page says {seen!r}; the manifest is used")
            page[key] = listed or seen
        if entry.get("sha256") and entry["sha256"] != facts["sha256"]:
            facts["warnings"].append("sha256 differs from seeds/manifest.json: the raw file has been changed since it was listed")
    else:
        missing = [k for k in MANIFEST_FIELDS if not page.get(k)] + ["retrieved", "usage"]
        facts["warnings"].append("not listed in seeds/manifest.json; provenance derived from the page; missing: " + ", ".join(missing))
        return
    # one warning for everything the page and the manifest both leave out
    gaps = [what for key, what in (("title", "title"), ("published", "date"), ("outlet", "outlet")) if not page.get(key)]
    if gaps:
        facts["warnings"].append("neither the page nor the manifest gives: " + ", ".join(gaps))


def manifest_problems(data: dict, schema: dict) -> list[str]:
    """Where the manifest breaks its JSON Schema (required fields, types, patterns, no unknown fields).

    A small reading of the schema file, so the pipeline does not import jsonschema (over a second of start-up
    with its format checkers); the tests validate the manifest with jsonschema itself.
    """
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        return ["top level: needs a 'sources' list"]
    item = schema["properties"]["sources"]["items"]
    problems = []
    for i, entry in enumerate(data["sources"]):
        if not isinstance(entry, dict):
            problems.append(f"sources/{i}: not an object")
            continue
        problems += [f"sources/{i}: '{key}' is required" for key in item["required"] if key not in entry]
        for key, value in entry.items():
            rule = item["properties"].get(key)
            if rule is None:
                problems.append(f"sources/{i}: unknown field '{key}'")
            elif value is None and "null" not in rule["type"]:
                problems.append(f"sources/{i}/{key}: must not be null")
            elif value is not None and not isinstance(value, str):
                problems.append(f"sources/{i}/{key}: must be a string")
            elif isinstance(value, str) and "pattern" in rule and not re.search(rule["pattern"], value):
                problems.append(f"sources/{i}/{key}: {value!r} does not match {rule['pattern']}")
    return problems


def load_manifest(seeds: Path, log: list[tuple[str, str, str]]) -> dict[str, dict]:
    path = seeds / paths.MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        log.append((path.name, "error", f"manifest is not valid JSON ({exc}); every file is treated as unlisted"))
        return {}
    problems = manifest_problems(data, json.loads((paths.SCHEMAS / "manifest.schema.json").read_text(encoding="utf-8")))
    if problems:
        log.append((path.name, "error", "manifest does not match its schema: " + "; ".join(problems) + "; every file is treated as unlisted"))
        return {}
    return {entry["file"]: entry for entry in data["sources"]}


def _progress(iterable, total: int):
    if not sys.stderr.isatty():
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, unit="file", desc="reading seeds")


def extract_all(entries: list, manifest: dict[str, dict]) -> list[dict]:
    """Every file extracted, in the order given.  Memory: a file is read into one worker at a time and its text is
    held once while parsed; files over LARGE_BYTES are read one by one in this process, never several at once, so
    the total stays near (workers x the cost of an 8 MB file) + the cost of the largest file."""
    matcher_for()  # load the gazetteer once, before any fork, so workers inherit it
    jobs = [(str(e.path), manifest.get(e.name), e.name) for e in entries]
    if len(jobs) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return list(_progress(map(extract_file, jobs), len(jobs)))
    large = {i for i, e in enumerate(entries) if _size(e.path) > LARGE_BYTES}
    small = [job for i, job in enumerate(jobs) if i not in large]
    workers = min(os.cpu_count() or 2, 4)
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # small chunks: the last one a worker takes is all the other waits for at the end (chunks of 312
            # files, as len // (workers * 16) made them for 10,000, left a core idle for up to a second)
            chunk = max(1, min(len(small) // (workers * 16), CHUNK_MAX))
            done = iter(list(_progress(pool.map(extract_file, small, chunksize=chunk), len(small))))
    except BrokenProcessPool:
        # A worker died (killed for memory, or a parser's fault crashed the interpreter): read every file again in
        # a process of its own, so the one that kills its reader is named and the others go through.
        done = iter([_isolated(job) for job in small])
    return [extract_file(job) if i in large else next(done) for i, job in enumerate(jobs)]


def _isolated(job: tuple[str, dict | None, str]) -> dict:
    """extract_file(job) in a process of its own; a process that dies becomes this file's error."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(extract_file, job).result()
        except BrokenProcessPool:
            return {"facts": {"source_file": job[2], "sha256": "", "format": "", "warnings": [],
                              "errors": ["could not be read: the process reading it died (out of memory, or a fault "
                                         "in a parser); please report it"]}, "page": None}


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


ARTICLE_TABLES = ("paragraphs", "quotes", "mentions")  # written by the workers as CSV text, one chunk per article


class Tables(dict):
    """Table name -> rows (dicts, or chunks of CSV text), and `vouched`: what the workers found checking the
    chunks of ARTICLE_TABLES (schema.vouch), one entry per chunk."""

    vouched: datapackage.Vouched | None = None


def build(seeds: Path) -> tuple[dict[str, list[dict]], list[tuple[str, str, str]]]:
    """All tables (as lists of row dicts, in output order) and the log, from the files in `seeds`."""
    log: list[tuple[str, str, str]] = []
    if not seeds.is_dir():
        return {}, [(str(seeds), "error", "seeds folder does not exist")]
    manifest = load_manifest(seeds, log)
    try:
        entries = scan(seeds)
    except OSError as exc:
        return {}, [(str(seeds), "error", f"seeds folder cannot be listed: {exc.strerror or exc}")]
    readable = []
    for entry in entries:
        if entry.problem:
            log.append((entry.name, entry.level, entry.problem))
        if entry.read:
            readable.append(entry)
    results = extract_all(readable, manifest)
    matcher = matcher_for()

    tables = Tables({name: [] for name in datapackage.RESOURCES})
    kept: list[dict] = []
    by_sha: dict[str, str] = {}
    by_article: dict[str, str] = {}
    by_body: dict[str, str] = {}
    kept_ids: dict[str, str] = {}
    # files listed in the manifest are preferred when the same article comes twice
    order = sorted(results, key=lambda r: (r["facts"]["source_file"] not in manifest, r["facts"]["source_file"]))
    for result in order:
        facts, page = result["facts"], result["page"]
        name = facts["source_file"]
        entry = manifest.get(name)
        source_row = {"source_file": name, "status": "rejected", "article_id": "", "in_manifest": "true" if entry else "false",
                      "url": "", "outlet": "", "title": "", "author": "", "published": "", "retrieved": "",
                      "format": facts["format"], "sha256": facts["sha256"], "usage": ""}
        if entry:
            source_row.update({k: entry.get(k) or "" for k in ("url", "outlet", "title", "author", "published", "retrieved", "format", "usage")})
        if page is None:
            if facts["sha256"]:  # a file never read has no checksum, and is named in the log only
                tables["sources"].append(source_row)
            log.extend((name, "error", e) for e in facts["errors"])
            log.extend((name, "warning", w) for w in facts["warnings"])
            continue
        aid = result["article_id"]
        source_row.update({k: page[k] for k in MANIFEST_FIELDS})
        source_row["article_id"] = aid
        if not entry:
            source_row["format"] = {"html": "text/html (saved page)", "text": "text/plain (page dump)"}[facts["format"]]
        # the same article only when the texts are the same: the same bytes, or the same body
        duplicate_of = by_sha.get(facts["sha256"]) or by_body.get(facts["body_key"])
        if duplicate_of:
            same = "the same bytes as" if by_sha.get(facts["sha256"]) else "the same article as"
            aid = kept_ids[duplicate_of]
            source_row["article_id"] = aid
            log.append((name, "warning", f"{same} {duplicate_of} (article {aid}); counted once"))
            source_row["status"] = "duplicate"
            tables["sources"].append(source_row)
            continue
        if aid in by_article:  # another article with the same date and title: the file name tells them apart
            stem = slugify(re.sub(r"\.[A-Za-z0-9]{1,6}$", "", name)) or facts["sha256"][:12]
            new_aid = f"{aid}-{stem}"
            n = 2
            while new_aid in by_article:
                new_aid, n = f"{aid}-{stem}-{n}", n + 1
            facts["warnings"].append(f"another file ({by_article[aid]}) has the same date and title; article id {new_aid}")
            aid = new_aid
            source_row["article_id"] = aid
            _rename_article(result, aid)
        by_sha[facts["sha256"]], by_body[facts["body_key"]], by_article[aid] = name, name, name
        kept_ids[name] = aid
        source_row["status"] = "ingested"
        tables["sources"].append(source_row)
        log.extend((name, "warning", w) for w in facts["warnings"])
        tables["articles"].append({
            "article_id": aid, "title": page["title"], "author": page["author"], "published": page["published"],
            "outlet": page["outlet"], "url": page["url"], "source_file": name, "format": facts["format"],
            "sha256": facts["sha256"], "word_count": page["word_count"],
            "paragraph_count": page["paragraph_count"], "quote_count": result["quote_count"], "warnings": "; ".join(facts["warnings"]),
        })
        kept.append(result)

    # each article's rows are already in order; only the articles need sorting
    counts: Counter = Counter()
    spread = defaultdict(set)
    vouched = []
    for result in sorted(kept, key=lambda r: r["article_id"]):
        aid = result["article_id"]
        for table in ARTICLE_TABLES:
            tables[table].append(result["csv"][table])
        vouched.append(result.get("vouched"))
        here = result["entity_counts"]
        counts.update(here)
        for eid in here:
            spread[eid].add(aid)
    tables["entities"] = [{"entity_id": e.entity_id, "name": e.name, "kind": e.kind, "aliases": "|".join(e.aliases[1:] or e.aliases),
                           "mentions": counts[e.entity_id], "articles": len(spread[e.entity_id])}
                          for e in sorted(matcher.entities.values(), key=lambda e: e.entity_id)]
    tables["articles"].sort(key=lambda r: r["article_id"])
    tables["sources"].sort(key=lambda r: r["source_file"])
    log.sort(key=lambda x: (x[0], x[1]))  # stable: messages of one file keep their order
    tables["ingest_log"] = [{"source_file": f, "level": lvl, "problem": msg} for f, lvl, msg in log]
    tables.vouched = datapackage.Vouched(ARTICLE_TABLES, vouched)
    return tables, log


def _rename_article(result: dict, aid: str) -> None:
    """Give an extracted article a new id everywhere its rows carry it (the rows travel as CSV text)."""
    old = result["article_id"]
    result["article_id"] = aid
    for table in ("paragraphs", "quotes", "mentions"):
        rows = list(csv.reader(io.StringIO(result["csv"][table])))
        cols = datapackage.columns(table)
        for row in rows:
            for i, col in enumerate(cols):
                if col == "article_id":
                    row[i] = aid
                elif col.endswith("quote_id") and row[i].startswith(old + "-p"):
                    row[i] = aid + row[i][len(old):]
        result["csv"][table] = csv_rows(rows)
    result["vouched"] = datapackage.vouch(result["csv"])


def to_csv(table: str, rows: list) -> list[str]:
    """CSV text of a table, as chunks (the header, then rows): rows are dicts, or chunks of CSV text already in the
    datapackage's column order.  The chunks are checked and written one after another, never joined: 10,000
    articles make over 100 MB of CSV, and a second copy of it in one string doubled the peak memory."""
    cols = datapackage.columns(table)
    header = csv_rows([cols])
    if all(isinstance(r, str) for r in rows):
        return [header, *rows]
    return [header, csv_rows(tuple(r[c] for c in cols) for r in rows)]


class TablesInvalid(Exception):
    """The tables about to be written break their own datapackage descriptor (a defect of the extraction)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def write_tables(tables: dict[str, list[dict]], out: Path) -> None:
    """Write every table to a temporary file beside its target, then move them all into place."""
    out.mkdir(parents=True, exist_ok=True)
    _remove_orphans(out)
    staged: list[tuple[Path, Path]] = []
    texts = {name: to_csv(name, rows) for name, rows in tables.items()}
    broken = datapackage.problems(texts, vouched=_vouched(tables, texts))
    if broken:  # a bug here, not in the input: nothing is written, and the previous tables stay
        raise TablesInvalid(broken)
    try:
        for name, text in texts.items():
            target = out / f"{name}.csv"
            tmp = out / f".{name}.csv.tmp-{os.getpid()}"
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                fh.writelines([text] if isinstance(text, str) else text)
            staged.append((tmp, target))
        desc_tmp = out / f".datapackage.json.tmp-{os.getpid()}"
        desc_tmp.write_text(json.dumps(datapackage.descriptor(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        staged.append((desc_tmp, out / "datapackage.json"))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        for leftover in out.glob(f".*.tmp-{os.getpid()}"):
            leftover.unlink(missing_ok=True)
        raise
    _move_into_place(staged)


def _vouched(tables: dict, texts: dict) -> datapackage.Vouched | None:
    """The workers' checks of the article tables' chunks, when those very chunks are what is about to be written."""
    vouched = getattr(tables, "vouched", None)
    if vouched is None:
        return None
    for name in vouched.tables:
        text, chunks = texts.get(name), tables.get(name)
        if (not isinstance(text, list) or chunks is None or len(text) != len(chunks) + 1 or len(chunks) != len(vouched.facts)
                or any(a is not b for a, b in zip(text[1:], chunks))):
            return None
    return vouched


_ORPHAN = re.compile(r"^\.[^/]+\.(?:tmp|previous)-(\d+)$")


def _remove_orphans(out: Path) -> None:
    """Temporary files a killed run left in the tables folder (named by its process id), unless that process is
    still running: a run killed before its tables were moved into place leaves nothing behind for long."""
    for path in out.iterdir():
        m = _ORPHAN.match(path.name)
        if not m or int(m.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(m.group(1)), 0)
        except ProcessLookupError:
            path.unlink(missing_ok=True)
        except OSError:  # alive, but another user's: not ours to remove
            pass


def _move_into_place(staged: list[tuple[Path, Path]]) -> None:
    """os.replace every (temporary, target) pair, in order; when one fails, the targets already replaced get their
    previous files back (kept as hard links until all are in place) and no temporary file is left."""
    kept: dict[Path, Path] = {}
    done: list[Path] = []
    try:
        for tmp, target in staged:
            if target.exists():
                backup = target.with_name(f".{target.name}.previous-{os.getpid()}")
                try:
                    os.link(target, backup)
                    kept[target] = backup
                except OSError:  # a file system without hard links: the previous file cannot be kept
                    pass
        for tmp, target in staged:
            os.replace(tmp, target)
            done.append(target)
    except BaseException:
        for target in done:
            if target in kept:
                os.replace(kept.pop(target), target)
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        for backup in kept.values():
            backup.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=paths.SEEDS)
    parser.add_argument("--tables", type=Path, default=paths.TABLES)
    parser.add_argument("--strict", action="store_true", help="fail (and write nothing) when any file has a problem")
    args = parser.parse_args(argv)
    tables, log = build(args.seeds)
    shown = sorted(log, key=lambda x: x[1] != "error")[:PRINT_AT_MOST]  # errors first; the full log is a table
    for source, level, problem in shown:
        print(f"{level}: {args.seeds / source if source != str(args.seeds) else source}: {problem}", file=sys.stderr)
    if len(log) > len(shown):
        print(f"... and {len(log) - len(shown)} more; every problem is listed in {args.tables / 'ingest_log.csv'}", file=sys.stderr)
    articles = tables.get("articles", [])
    if not articles:
        print(f"error: no usable article in {args.seeds}; tables in {args.tables} left as they were", file=sys.stderr)
        return 1
    if args.strict and log:
        print(f"error: --strict: {len(log)} problem(s) above; tables in {args.tables} left as they were", file=sys.stderr)
        return 1
    try:
        write_tables(tables, args.tables)
    except TablesInvalid as exc:
        print(f"error: the tables extracted from {args.seeds} break their own schema (scripts/extract/schema.py); "
              f"nothing written, the tables in {args.tables} are left as they were. This is a bug of the extraction, "
              "please report it with these lines:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except OSError as exc:  # disk full, a read-only or missing folder, no permission: one line, nothing replaced
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print(f"error: cannot write the tables to {args.tables}: {exc.strerror or exc}{where}; "
              "the tables there are left as they were", file=sys.stderr)
        return 1
    errors = sum(1 for _, lvl, _ in log if lvl == "error")
    lines = {t: sum(chunk.count("\n") for chunk in tables[t]) for t in ("paragraphs", "quotes", "mentions")}
    print(f"{len(articles)} article(s), {lines['paragraphs']} paragraphs, {sum(a['quote_count'] for a in articles)} quotes, "
          f"{lines['mentions']} mentions -> {args.tables}"
          + (f" ({errors} file(s) rejected, {len(log) - errors} warning(s))" if log else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
