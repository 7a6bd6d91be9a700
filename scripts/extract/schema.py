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

def problems(tables: dict[str, str], limit: int = 20, resources: dict[str, dict] | None = None) -> list[str]:
    """Where the CSV text of `tables` (name -> CSV with its header) breaks the descriptor: a missing required value,
    a value out of its enum, pattern or minimum, an integer or date that does not parse, a repeated key, a foreign
    key with nothing to point at.  The constraints are read from `resources` (default RESOURCES, the extracted
    tables; later stages pass their own specs), never restated; the tests check the written files with frictionless
    as well.  At most `limit` problems are listed."""
    specs = RESOURCES if resources is None else resources
    out: list[str] = []
    keys: dict[tuple[str, tuple[str, ...]], set] = {}
    rows_of: dict[str, list[dict]] = {}
    for name, text in tables.items():
        spec = specs[name]
        names = [f["name"] for f in spec["fields"]]
        reader = csv.DictReader(io.StringIO(text))
        if reader.fieldnames != names:
            out.append(f"{name}.csv: columns {reader.fieldnames} are not {names}")
            continue
        rows_of[name] = list(reader)
        checks = []
        for f in spec["fields"]:
            c = f.get("constraints", {})
            pattern = re.compile(c["pattern"]) if "pattern" in c else None
            checks.append((f["name"], f["type"], c.get("required"), c.get("enum"), pattern, c.get("minimum")))
        unique = [(f["name"],) for f in spec["fields"] if f.get("constraints", {}).get("unique")]
        primary = tuple(spec.get("primaryKey", ()))
        for key in dict.fromkeys(unique + ([primary] if primary else [])):
            seen: set = set()
            for n, row in enumerate(rows_of[name], start=2):
                value = tuple(row[k] for k in key)
                if value in seen:
                    out.append(f"{name}.csv line {n}: {'+'.join(key)} {value} repeats")
                seen.add(value)
            keys[(name, key)] = seen
        for n, row in enumerate(rows_of[name], start=2):
            for field, type_, required, enum, pattern, minimum in checks:
                value = row[field]
                where = f"{name}.csv line {n}, {field}"
                if value == "":
                    if required:
                        out.append(f"{where}: required but empty")
                    continue
                if type_ == "integer":
                    try:
                        number = int(value)
                    except ValueError:
                        out.append(f"{where}: {value!r} is not an integer")
                        continue
                    if minimum is not None and number < minimum:
                        out.append(f"{where}: {number} is below {minimum}")
                elif type_ == "date":
                    try:
                        dt.date.fromisoformat(value)
                    except ValueError:
                        out.append(f"{where}: {value!r} is not a date")
                elif type_ == "boolean" and value not in ("true", "false", "True", "False"):
                    out.append(f"{where}: {value!r} is not true or false")
                if enum is not None and value not in enum:
                    out.append(f"{where}: {value!r} is not one of {enum}")
                if pattern is not None and not pattern.fullmatch(value):
                    out.append(f"{where}: {value!r} does not match {pattern.pattern}")
            if len(out) >= limit:
                return out[:limit]
    for name, spec in specs.items():
        for fk in spec.get("foreignKeys", ()):
            target = (fk["reference"]["resource"], tuple(fk["reference"]["fields"]))
            if name not in rows_of or target[0] not in rows_of:
                continue
            known = keys.get(target) or {tuple(r[k] for k in target[1]) for r in rows_of[target[0]]}
            for n, row in enumerate(rows_of[name], start=2):
                if tuple(row[k] for k in fk["fields"]) not in known:
                    out.append(f"{name}.csv line {n}: {'+'.join(fk['fields'])} points at no row of {target[0]}.csv")
                    break
    return out[:limit]


def dict_rows_csv(columns, rows: list[dict]) -> str:
    """CSV text (header, then one line per row dict, lines ending in \\n) of a table written by a later stage."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
