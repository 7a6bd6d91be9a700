"""The contract of the extracted tables: a Frictionless Data Package descriptor for data/tables/.

Every table the extraction writes is described here once (fields, types, keys); build_tables writes its
columns in this order and the tests validate the CSVs against the descriptor with frictionless.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re


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

def problems(tables: dict[str, str | list[str]], limit: int = 20, resources: dict[str, dict] | None = None) -> list[str]:
    """Where the CSV text of `tables` (name -> CSV with its header, one string or a list of chunks of whole lines)
    breaks the descriptor: a missing required value,
    a value out of its enum, pattern or minimum, an integer or date that does not parse, a repeated key, a foreign
    key with nothing to point at.  The constraints are read from `resources` (default RESOURCES, the extracted
    tables; later stages pass their own specs), never restated; the tests check the written files with frictionless
    as well.  At most `limit` problems are listed."""
    specs = RESOURCES if resources is None else resources
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
