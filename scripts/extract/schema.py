"""The contract of the extracted tables: a Frictionless Data Package descriptor for data/tables/.

Every table the extraction writes is described here once (fields, types, keys); build_tables writes its
columns in this order and the tests validate the CSVs against the descriptor with frictionless.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from itertools import chain, islice


def _f(name: str, type_: str, description: str, required: bool = False, **constraints) -> dict:
    field = {"name": name, "type": type_, "description": description}
    if required or constraints:
        field["constraints"] = {**({"required": True} if required else {}), **constraints}
    return field


RESOURCES: dict[str, dict] = {
    "articles": {
        "description": "One row per article (duplicates counted once).",
        "fields": [
            _f("article_id", "string", "Stable id: published date + slug of the title.", True, unique=True),
            _f("title", "string", "Headline as the page gives it (empty when missing)."),
            _f("author", "string", "Byline (empty when missing)."),
            _f("published", "date", "Publication date (empty when the page gives none)."),
            _f("outlet", "string", "Publishing outlet."),
            _f("url", "string", "Canonical URL (from the manifest or the page)."),
            _f("source_file", "string", "File in seeds/ the row was read from.", True),
            _f("format", "string", "text (page dump) or html (saved page).", True, enum=["text", "html"]),
            _f("sha256", "string", "SHA-256 of the raw file.", True, pattern="^[0-9a-f]{64}$"),
            _f("word_count", "integer", "Words in the body paragraphs.", True, minimum=0),
            _f("paragraph_count", "integer", "Body paragraphs.", True, minimum=1),
            _f("quote_count", "integer", "Rows in quotes for this article.", True, minimum=0),
            _f("warnings", "string", "What was missing or doubtful when reading the file; '; '-separated."),
        ],
        "primaryKey": ["article_id"],
    },
    "paragraphs": {
        "description": "The body of each article, one row per paragraph, numbered from 1.",
        "fields": [
            _f("article_id", "string", "Article.", True),
            _f("paragraph", "integer", "1-based position in the body.", True, minimum=1),
            _f("text", "string", "Paragraph text, white space normalised.", True),
        ],
        "primaryKey": ["article_id", "paragraph"],
        "foreignKeys": [{"fields": ["article_id"], "reference": {"resource": "articles", "fields": ["article_id"]}}],
    },
    "quotes": {
        "description": "Every quotation: the words between the marks, who said them and through whom.",
        "fields": [
            _f("quote_id", "string", "article_id-p<paragraph>-q<n>, n counting marks in the paragraph.", True, unique=True),
            _f("article_id", "string", "Article.", True),
            _f("paragraph", "integer", "Paragraph holding the quotation.", True, minimum=1),
            _f("text", "string", "The quoted words, without the marks (and without the comma before 'he said').", True),
            _f("kind", "string", "quote; term (a scare-quoted word or phrase); nested (a quote inside a quote).", True,
               enum=["quote", "term", "nested"]),
            _f("speaker", "string", "Canonical name of who said it (empty when unattributed)."),
            _f("speaker_id", "string", "Gazetteer entity of the speaker, when known."),
            _f("speaker_as_written", "string", "The words the article uses for the speaker in this attribution."),
            _f("via", "string", "Outlet or document the quote was reported through (empty when said to the author)."),
            _f("via_id", "string", "Gazetteer entity of the intermediary, when known."),
            _f("attribution", "string", "How the speaker was found (explicit, pronoun, role named in apposition, ...)."),
            _f("start", "integer", "Character offset of the quoted words in the paragraph text.", True, minimum=0),
            _f("end", "integer", "End offset (exclusive).", True, minimum=1),
            _f("parent_quote_id", "string", "For a nested quote, the enclosing quotation."),
            _f("continues_quote_id", "string", "For a quotation that runs over paragraphs, its previous part."),
        ],
        "primaryKey": ["quote_id"],
        "foreignKeys": [
            {"fields": ["article_id", "paragraph"], "reference": {"resource": "paragraphs", "fields": ["article_id", "paragraph"]}},
        ],
    },
    "mentions": {
        "description": "Every mention of a gazetteer entity in the body paragraphs.",
        "fields": [
            _f("article_id", "string", "Article.", True),
            _f("paragraph", "integer", "Paragraph.", True, minimum=1),
            _f("entity_id", "string", "Gazetteer entity.", True),
            _f("as_written", "string", "The alias as it stands in the text.", True),
            _f("start", "integer", "Character offset in the paragraph text.", True, minimum=0),
            _f("end", "integer", "End offset (exclusive).", True, minimum=1),
        ],
        "primaryKey": ["article_id", "paragraph", "start"],
        "foreignKeys": [
            {"fields": ["entity_id"], "reference": {"resource": "entities", "fields": ["entity_id"]}},
            {"fields": ["article_id", "paragraph"], "reference": {"resource": "paragraphs", "fields": ["article_id", "paragraph"]}},
        ],
    },
    "entities": {
        "description": "The curated gazetteer (data/reference/gazetteer.csv) with counts over the corpus.",
        "fields": [
            _f("entity_id", "string", "Id: bloc slug, ISO 3166-1 alpha-3 for states (XAB, XSO agreed for Abkhazia, South Ossetia), person/outlet slug.", True, unique=True),
            _f("name", "string", "Canonical name.", True),
            _f("kind", "string", "bloc, state, de facto state, person, outlet, ...", True),
            _f("aliases", "string", "'|'-separated forms matched in the text.", True),
            _f("mentions", "integer", "Mentions in the corpus.", True, minimum=0),
            _f("articles", "integer", "Articles that mention it.", True, minimum=0),
        ],
        "primaryKey": ["entity_id"],
    },
    "sources": {
        "description": "Every file in seeds/ with its provenance: from seeds/manifest.json, or derived from the page.",
        "fields": [
            _f("source_file", "string", "File in seeds/.", True, unique=True),
            _f("status", "string", "ingested, duplicate or rejected.", True, enum=["ingested", "duplicate", "rejected"]),
            _f("article_id", "string", "Article read from it (for a duplicate: the article it repeats)."),
            _f("in_manifest", "boolean", "Whether seeds/manifest.json lists the file.", True),
            _f("url", "string", "Canonical URL."),
            _f("outlet", "string", "Outlet."),
            _f("title", "string", "Title."),
            _f("author", "string", "Author."),
            _f("published", "date", "Publication date."),
            _f("retrieved", "date", "When the page was saved (empty when not recorded)."),
            _f("format", "string", "Format of the raw file."),
            _f("sha256", "string", "SHA-256 of the raw file.", True),
            _f("usage", "string", "Licence / usage note."),
        ],
        "primaryKey": ["source_file"],
    },
    "ingest_log": {
        "description": "What went wrong or was missing, per file: the same messages the command prints.",
        "fields": [
            _f("source_file", "string", "File in seeds/.", True),
            _f("level", "string", "error (file not used) or warning (used, with this caveat).", True, enum=["error", "warning"]),
            _f("problem", "string", "The problem, in words.", True),
        ],
    },
}


def columns(table: str) -> list[str]:
    return [f["name"] for f in RESOURCES[table]["fields"]]


def resource(name: str, spec: dict) -> dict:
    """One CSV table's entry in datapackage.json, from its spec (description, fields, optional keys)."""
    schema = {"fields": spec["fields"], "missingValues": [""]}
    for key in ("primaryKey", "foreignKeys"):
        if key in spec:
            schema[key] = spec[key]
    return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "description": spec["description"], "schema": schema}


def descriptor(extra: dict[str, dict] | None = None) -> dict:
    """The datapackage.json for the extracted tables (plus `extra` resources written by later stages)."""
    resources = [resource(name, spec) for name, spec in {**RESOURCES, **(extra or {})}.items()]
    return {
        "profile": "tabular-data-package",
        "name": "post-soviet-security-blocs-dossier",
        "title": "Post-Soviet security blocs: tables extracted from Eurasianet articles",
        "licenses": [{"name": "CC-BY-4.0", "title": "Tables: Creative Commons Attribution 4.0; quoted text remains the publishers'"}],
        "resources": resources,
    }


# --- the stage checks what it is about to write against the descriptor above ------------------------------------

def problems(tables: dict[str, str | list[str]], limit: int = 20, resources: dict[str, dict] | None = None,
             vouched: Vouched | None = None) -> list[str]:
    """Where the CSV text of `tables` (name -> CSV with its header, one string or a list of chunks of whole lines)
    breaks the descriptor: a missing required value,
    a value out of its enum, pattern or minimum, an integer or date that does not parse, a repeated key, a foreign
    key with nothing to point at.  The constraints are read from `resources` (default RESOURCES, the extracted
    tables; later stages pass their own specs), never restated; the tests check the written files with frictionless
    as well.  At most `limit` problems are listed.

    `vouched`: tables whose rows (every chunk after the header) were checked where they were made, by vouch(); see
    clean().  Whatever the tables hold, the answer is the same with it or without it, only sooner."""
    specs = RESOURCES if resources is None else resources
    if clean(tables, specs, vouched):
        return []
    out: list[str] = []
    # Rows are read one at a time and not kept (10,000 articles make some 650,000 mention rows): only the keys a check
    # needs are, the key sets of unique fields and foreign-key targets, and each foreign key's values with the line
    # they first appear on.
    targets = {(fk["reference"]["resource"], tuple(fk["reference"]["fields"]))
               for spec in specs.values() for fk in spec.get("foreignKeys", ())}
    keys: dict[tuple[str, tuple[str, ...]], set] = {}
    pointing: dict[tuple[str, tuple[str, ...]], dict[tuple, int]] = {}
    read: set[str] = set()
    for name, text in tables.items():
        spec = specs[name]
        names = [f["name"] for f in spec["fields"]]
        lines = io.StringIO(text) if isinstance(text, str) else (line for chunk in text for line in io.StringIO(chunk))
        reader = csv.reader(lines)
        header = next(reader, None)
        if header != names:
            out.append(f"{name}.csv: columns {header} are not {names}")
            continue
        read.add(name)
        at = {n: i for i, n in enumerate(names)}
        checks = []
        for f in spec["fields"]:
            c = f.get("constraints", {})
            pattern = re.compile(c["pattern"]) if "pattern" in c else None
            checks.append((at[f["name"]], f["name"], f["type"], c.get("required"), c.get("enum"), pattern, c.get("minimum")))
        unique = [(f["name"],) for f in spec["fields"] if f.get("constraints", {}).get("unique")]
        primary = tuple(spec.get("primaryKey", ()))
        kept_keys = list(dict.fromkeys(unique + ([primary] if primary else [])))
        collected = [key for key in dict.fromkeys(kept_keys + [f for t, f in targets if t == name])]
        for key in collected:
            keys[(name, key)] = set()
        fks = [tuple(fk["fields"]) for fk in spec.get("foreignKeys", ())]
        for key in fks:
            pointing[(name, key)] = {}
        repeats: dict[tuple, list[str]] = {key: [] for key in kept_keys}  # listed before the values' problems
        values: list[str] = []
        for n, row in enumerate(reader, start=2):
            if len(row) != len(names):
                values.append(f"{name}.csv line {n}: {len(row)} values for {len(names)} columns")
                continue
            for key in collected:
                value = _compact(row, at, key)
                if key in repeats and value in keys[(name, key)] and len(repeats[key]) < limit:
                    repeats[key].append(f"{name}.csv line {n}: {'+'.join(key)} {tuple(row[at[k]] for k in key)} repeats")
                keys[(name, key)].add(value)
            for key in fks:
                pointing[(name, key)].setdefault(_compact(row, at, key), n)
            if len(values) >= limit:
                continue
            for i, field, type_, required, enum, pattern, minimum in checks:
                value = row[i]
                where = f"{name}.csv line {n}, {field}"
                if value == "":
                    if required:
                        values.append(f"{where}: required but empty")
                    continue
                if type_ == "integer":
                    try:
                        number = int(value)
                    except ValueError:
                        values.append(f"{where}: {value!r} is not an integer")
                        continue
                    if minimum is not None and number < minimum:
                        values.append(f"{where}: {number} is below {minimum}")
                elif type_ == "date":
                    try:
                        dt.date.fromisoformat(value)
                    except ValueError:
                        values.append(f"{where}: {value!r} is not a date")
                elif type_ == "boolean" and value not in ("true", "false", "True", "False"):
                    values.append(f"{where}: {value!r} is not true or false")
                if enum is not None and value not in enum:
                    values.append(f"{where}: {value!r} is not one of {enum}")
                if pattern is not None and not pattern.fullmatch(value):
                    values.append(f"{where}: {value!r} does not match {pattern.pattern}")
        out += [m for key in kept_keys for m in repeats[key]] + values
        if len(out) >= limit:
            return out[:limit]
    for name, spec in specs.items():
        for fk in spec.get("foreignKeys", ()):
            target = (fk["reference"]["resource"], tuple(fk["reference"]["fields"]))
            if name not in read or target[0] not in read:
                continue
            known = keys[target]
            missing = [line for value, line in pointing[(name, tuple(fk["fields"]))].items() if value not in known]
            if missing:
                out.append(f"{name}.csv line {min(missing)}: {'+'.join(fk['fields'])} points at no row of {target[0]}.csv")
    return out[:limit]


# --- the same check, fast: a yes or no ------------------------------------------------------------------------
# Nearly always the tables are sound and problems() has nothing to say, so it first asks clean(), which makes the
# same checks a column at a time with built-ins (set, min, map) and stops at the first doubt; only then are the
# tables read again value by value to say where and what.  The big per-article tables are checked further still
# where their rows are made, in the worker processes, by vouch(): a worker parses its article's CSV text and
# checks its values and its keys, and tells the parent only what the other articles' rows could contradict.

_BATCH = 4096  # rows checked together, a column at a time
_BOOLEAN = frozenset(("true", "false", "True", "False"))
_PLANS: dict[int, tuple[dict, dict]] = {}


class Vouched:
    """Tables (by name) whose every row chunk after the header was checked by vouch(), with what it found: one
    `facts` per chunk index, the same for every table named (chunk i of each is the same article's)."""

    def __init__(self, tables: tuple[str, ...], facts: list[dict | None]):
        self.tables, self.facts = tuple(tables), facts


def _plan(specs: dict[str, dict]) -> dict[str, tuple]:
    """Per table, what the checks need: (names, column index, value checks, kept keys, collected keys, foreign keys)."""
    cached = _PLANS.get(id(specs))
    if cached is not None and cached[0] is specs:
        return cached[1]
    targets = {(fk["reference"]["resource"], tuple(fk["reference"]["fields"]))
               for spec in specs.values() for fk in spec.get("foreignKeys", ())}
    plan = {}
    for name, spec in specs.items():
        names = [f["name"] for f in spec["fields"]]
        at = {n: i for i, n in enumerate(names)}
        checks = []
        for f in spec["fields"]:
            c = f.get("constraints", {})
            pattern = re.compile(c["pattern"]) if "pattern" in c else None
            enum = frozenset(c["enum"]) if c.get("enum") is not None else None
            checks.append((at[f["name"]], f["type"], c.get("required"), enum, pattern, c.get("minimum")))
        unique = [(f["name"],) for f in spec["fields"] if f.get("constraints", {}).get("unique")]
        primary = tuple(spec.get("primaryKey", ()))
        kept = list(dict.fromkeys(unique + ([primary] if primary else [])))
        collected = list(dict.fromkeys(kept + [f for t, f in targets if t == name]))
        fks = [(tuple(fk["fields"]), fk["reference"]["resource"], tuple(fk["reference"]["fields"]))
               for fk in spec.get("foreignKeys", ())]
        plan[name] = (names, at, checks, set(kept), collected, fks)
    if specs is RESOURCES:
        _PLANS[id(specs)] = (specs, plan)
    return plan


def _values_ok(cols: list[tuple[str, ...]], checks: list[tuple]) -> bool:
    """Every value of these columns passes problems()' value checks (ValueError: an integer or date that does not
    parse)."""
    for i, type_, required, enum, pattern, minimum in checks:
        values = cols[i]
        if "" in values:
            if required:
                return False
            values = [v for v in values if v != ""]
            if not values:
                continue
        if type_ == "integer":
            smallest = min(map(int, values))
            if minimum is not None and smallest < minimum:
                return False
        elif type_ == "date":
            for _ in map(dt.date.fromisoformat, values):
                pass
        elif type_ == "boolean" and not _BOOLEAN.issuperset(values):
            return False
        if enum is not None and not enum.issuperset(values):
            return False
        if pattern is not None and not all(map(pattern.fullmatch, values)):
            return False
    return True


def _key_values(cols: list[tuple[str, ...]], at: dict[str, int], key: tuple[str, ...]):
    """A key's values, one per row, as _compact() makes them for rows without a NUL."""
    if len(key) == 1:
        return cols[at[key[0]]]
    return list(map("\x00".join, zip(*(cols[at[k]] for k in key))))


def vouch(chunks: dict[str, str], resources: dict[str, dict] | None = None) -> dict | None:
    """What the tables' check needs to know of one article's rows, checked here (in the worker that made them):
    `chunks` is table name -> the article's rows of it as CSV text (whole records, no header).  None when any row
    breaks a rule problems() checks, or cannot be told sound from its own article alone: the parent then checks
    everything itself.  Otherwise: per key that must be unique, a column that holds one value in all the
    article's rows (its article_id: rows of different articles cannot repeat each other's keys) or else the
    key's values; and the values of each foreign key that points outside these tables (a key pointing inside
    them is checked here)."""
    specs = RESOURCES if resources is None else resources
    try:
        plan = _plan(specs)
        keys: dict[tuple[str, tuple[str, ...]], set] = {}
        pointing: list[tuple[str, tuple[str, ...], str, tuple[str, ...], set]] = []
        facts: dict = {"tables": tuple(chunks), "unique": {}, "pointing": {}}
        for name, text in chunks.items():
            if "\x00" in text:
                return None
            names, at, checks, kept, collected, fks = plan[name]
            rows = list(csv.reader(io.StringIO(text)))
            if not rows:
                continue
            if set(map(len, rows)) != {len(names)} or not _values_ok(cols := list(zip(*rows)), checks):
                return None
            for key in collected:
                values = _key_values(cols, at, key)
                seen = keys[(name, key)] = set(values)
                if key in kept:
                    if len(seen) != len(values):
                        return None  # a key repeated inside the article
                    one = next((k for k in key if len(key) > 1 and cols[at[k]].count(cols[at[k]][0]) == len(rows)), None)
                    facts["unique"][(name, key)] = (one, cols[at[one]][0]) if one else (None, seen)
            for fields, target, target_key in fks:
                pointing.append((name, fields, target, target_key, set(_key_values(cols, at, fields))))
        for name, fields, target, target_key, values in pointing:
            if target in chunks:
                if not values <= keys.get((target, target_key), set()):
                    return None  # may point at another article's rows: the parent decides
            else:
                facts["pointing"][(name, fields)] = values
        return facts
    except (ValueError, csv.Error, KeyError, TypeError):
        return None


def clean(tables: dict[str, str | list[str]], resources: dict[str, dict] | None = None,
          vouched: Vouched | None = None) -> bool:
    """True only when problems() would find nothing in `tables`; False when it would, or when in doubt.

    The tables named in `vouched` are not read past their header: their rows were checked by vouch(), and here
    only what rows of different articles could break is checked (keys repeated across articles, foreign keys into
    the other tables)."""
    specs = RESOURCES if resources is None else resources
    try:
        if any(name not in specs for name in tables):
            return False
        plan = _plan(specs)
        chunked = {name: [text] if isinstance(text, str) else text for name, text in tables.items()}
        skip = set(vouched.tables) if vouched is not None else set()
        if skip:
            if not skip <= set(tables) or any(f is None or f["tables"] != vouched.tables for f in vouched.facts):
                return False
            if any(len(chunked[name]) != len(vouched.facts) + 1 for name in skip):
                return False
        if any("\x00" in chunk for name, chunks in chunked.items() for chunk in (chunks[:1] if name in skip else chunks)):
            return False  # problems() keeps such keys apart as tuples: not worth a fast path
        keys: dict[tuple[str, tuple[str, ...]], set] = {}
        pointing: dict[tuple[str, tuple[str, ...]], set] = {}
        for name, chunks in chunked.items():
            names, at, checks, kept, collected, fks = plan[name]
            if name in skip:
                if not chunks or list(csv.reader(io.StringIO(chunks[0]))) != [names]:
                    return False
                continue
            reader = csv.reader(chain.from_iterable(map(io.StringIO, chunks)))
            if next(reader, None) != names:
                return False
            for key in collected:
                keys[(name, key)] = set()
            for fields, _, _ in fks:
                pointing[(name, fields)] = set()
            while batch := list(islice(reader, _BATCH)):
                if set(map(len, batch)) != {len(names)}:
                    return False
                cols = list(zip(*batch))
                for key in collected:
                    values = _key_values(cols, at, key)
                    seen = keys[(name, key)]
                    before = len(seen)
                    seen.update(values)
                    if key in kept and len(seen) != before + len(values):
                        return False  # a repeated key
                for fields, _, _ in fks:
                    pointing[(name, fields)].update(_key_values(cols, at, fields))
                if not _values_ok(cols, checks):
                    return False
        for name in skip:
            names, at, checks, kept, collected, fks = plan[name]
            for key in kept:
                if not _apart([f["unique"].get((name, key)) for f in vouched.facts]):
                    return False
            for fields, target, _ in fks:
                if target not in skip and target in tables:
                    pointing[(name, fields)] = set().union(*(f["pointing"].get((name, fields), ()) for f in vouched.facts))
        for name, spec in specs.items():
            for fields, target, target_key in plan[name][5]:
                if name not in tables or target not in tables or (name in skip and target in skip):
                    continue  # a key pointing within an article's own rows was checked by vouch()
                if target in skip or not pointing[(name, fields)] <= keys[(target, target_key)]:
                    return False
        return True
    except (ValueError, csv.Error, KeyError, TypeError):
        return False


def _apart(found: list[tuple | None]) -> bool:
    """No two articles share a value of a key, from vouch()'s word on each (None: the article has no rows): each
    holds one value of the same column and no two the same value, or each gave its values and none repeats."""
    found = [f for f in found if f is not None]
    columns = {f[0] for f in found}
    if len(columns) == 1 and None not in columns:
        values = [f[1] for f in found]
        return len(set(values)) == len(values)
    if columns == {None}:
        total = set().union(*(f[1] for f in found))
        return len(total) == sum(len(f[1]) for f in found)
    return not found


def _compact(row: list[str], at: dict[str, int], key: tuple[str, ...]) -> str | tuple:
    """A row's values of `key` as one string (half the memory of a tuple of strings, over 650,000 mention rows),
    joined with NUL, which no value holds; a tuple where one does, so equal keys stay equal and others apart."""
    values = tuple(row[at[k]] for k in key)
    if len(values) == 1:
        return values[0]
    return values if any("\x00" in v for v in values) else "\x00".join(values)


def dict_rows_csv(columns, rows: list[dict]) -> str:
    """CSV text (header, then one line per row dict, lines ending in \\n) of a table written by a later stage."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
