"""The extracted tables from the two seed articles hold exactly what a careful reader lists by hand."""
from __future__ import annotations

import hashlib
import json
from collections import Counter

import jsonschema

from conftest import ANTI_NATO, ANTI_NATO_FILE, CSTO, CSTO_FILE, ROOT, SEEDS, read_csv

# (article, paragraph, kind, first words, speaker, speaker as written, via, how attributed)
EXPECTED_QUOTES = [
    (CSTO, 2, "quote", "For now we will not be making any effort", "Nikolay Bordyuzha", "CSTO Secretary General Nikolay Bordyuzha", "", "explicit"),
    (CSTO, 4, "quote", "There is moral pressure and an attempt t", "Anatoly Antonov", "Antonov", "", "explicit"),
    (CSTO, 4, "nested", "Russians are bad", "Anatoly Antonov", "", "", "inside the enclosing quote"),
    (CSTO, 5, "term", "anti-NATO", "", "", "", ""),
    (CSTO, 5, "quote", "We invited the U.S. to do it jointly bec", "Nikolay Bordyuzha", "he", "", "pronoun"),
    (CSTO, 5, "quote", "Just read the U.S. State Department's ca", "Nikolay Bordyuzha", "", "", "continues the previous quote"),
    (CSTO, 5, "nested", "The elder brother", "Nikolay Bordyuzha", "", "", "inside the enclosing quote"),
    (CSTO, 6, "quote", "a waning organization", "U.S. officials", "U.S. officials", "WikiLeaks", "explicit"),
    (CSTO, 6, "quote", "has proven ineffective in most areas of ", "U.S. officials", "", "WikiLeaks", "same sentence"),
    (CSTO, 7, "quote", "condescending", "U.S. embassy in Moscow", "the U.S. embassy in Moscow", "WikiLeaks", "explicit"),
    (CSTO, 7, "quote", "true to his background as a career KGB/F", "U.S. embassy in Moscow", "", "WikiLeaks", "same sentence"),
    (CSTO, 7, "quote", "If the Russian government is serious abo", "U.S. embassy in Moscow", "It", "WikiLeaks", "pronoun"),
    (CSTO, 8, "quote", "Now the CSTO intends to step up cooperat", "Nikolay Bordyuzha", "Bordyuzha", "Belarusian Telegraph Agency", "explicit"),
    (CSTO, 8, "quote", "We are also about to start cooperating w", "Nikolay Bordyuzha", "Bordyuzha", "Belarusian Telegraph Agency", "explicit"),
    (ANTI_NATO, 1, "term", "unified defense space", "", "", "", ""),
    (ANTI_NATO, 1, "quote", "follow the example of and oppose NATO", "Oleg Botsiev", "South Ossetia's ambassador to Abkhazia", "Izvestia", "role named in apposition"),
    (ANTI_NATO, 3, "quote", "Currently our side is working out the po", "Oleg Botsiev", "Botsiev", "Izvestia", "explicit"),
    (ANTI_NATO, 4, "quote", "Its creation is still being discussed, t", "Oleg Botsiev", "he", "Izvestia", "pronoun"),
    (ANTI_NATO, 6, "quote", "The signing of the agreement with Abkhaz", "Izvestia", "Izvestia", "", "explicit"),
    (ANTI_NATO, 6, "nested", "Russia has its own interests, which diff", "Vladislav Shurygin", "Shurygin", "Izvestia", "explicit"),
    (ANTI_NATO, 8, "quote", "We think that signing this trilateral ag", "Vitaliy Gabnia", "Abkhazia's de facto vice president Vitaliy Gabinya", "Izvestia", "explicit"),
]


def test_seeds_match_the_manifest_byte_for_byte():
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    jsonschema.validate(manifest, json.loads((ROOT / "scripts/raw/schemas/manifest.schema.json").read_text(encoding="utf-8")))
    listed = {s["file"]: s for s in manifest["sources"]}
    assert sorted(listed) == sorted(p.name for p in SEEDS.iterdir() if p.name != "manifest.json")
    for name, entry in listed.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == entry["sha256"], name
    assert listed[CSTO_FILE]["url"] == "https://eurasianet.org/csto-to-cut-contacts-with-nato-increase-ties-with-sco"
    assert listed[ANTI_NATO_FILE]["url"] == "https://eurasianet.org/russia-abkhazia-south-ossetia-to-form-yet-another-anti-nato"


def test_manifest_schema_rejects_a_bad_entry():
    schema = json.loads((ROOT / "scripts/raw/schemas/manifest.schema.json").read_text(encoding="utf-8"))
    bad = {"sources": [{"file": "x.txt", "url": "eurasianet.org/x", "outlet": "Eurasianet", "title": "T", "author": "",
                        "published": "2014-4-24", "retrieved": None, "format": "text", "sha256": "abc", "usage": "u"}]}
    errors = {e.json_path for e in jsonschema.Draft202012Validator(schema).iter_errors(bad)}
    assert errors == {"$.sources[0].url", "$.sources[0].published", "$.sources[0].sha256"}


def test_articles_rows(seed_tables):
    rows = read_csv(seed_tables / "articles.csv")
    assert [{k: r[k] for k in ("article_id", "title", "author", "published", "outlet", "url", "source_file", "format",
                               "word_count", "paragraph_count", "quote_count", "warnings")} for r in rows] == [
        {"article_id": CSTO, "title": "CSTO To Cut Contacts With NATO, Increase Ties With SCO", "author": "Joshua Kucera",
         "published": "2014-04-24", "outlet": "Eurasianet",
         "url": "https://eurasianet.org/csto-to-cut-contacts-with-nato-increase-ties-with-sco", "source_file": CSTO_FILE,
         "format": "text", "word_count": "541", "paragraph_count": "8", "quote_count": "14", "warnings": ""},
        {"article_id": ANTI_NATO, "title": "Russia, Abkhazia, South Ossetia To Form Yet Another Anti-NATO",
         "author": "Joshua Kucera", "published": "2014-09-02", "outlet": "Eurasianet",
         "url": "https://eurasianet.org/russia-abkhazia-south-ossetia-to-form-yet-another-anti-nato",
         "source_file": ANTI_NATO_FILE, "format": "text", "word_count": "467", "paragraph_count": "8", "quote_count": "7",
         "warnings": ""},
    ]


def test_paragraphs_are_the_body_and_nothing_else(seed_tables):
    rows = read_csv(seed_tables / "paragraphs.csv")
    first_words = [(r["article_id"], r["paragraph"], r["text"][:30]) for r in rows]
    assert first_words == [
        (CSTO, "1", "The Russia-led Collective Secu"), (CSTO, "2", "CSTO Secretary General Nikolay"),
        (CSTO, "3", "Bordyuzha's remarks echo those"), (CSTO, "4", '"There is moral pressure and a'),
        (CSTO, "5", "It's no doubt true that U.S. a"), (CSTO, "6", "He's right: Wikileaks cables o"),
        (CSTO, "7", "And after a 2010 meeting with "), (CSTO, "8", "Ukraine crisis aside, it's may"),
        (ANTI_NATO, "1", "South Ossetia is poised to joi"), (ANTI_NATO, "2", "Last week Russian President Vl"),
        (ANTI_NATO, "3", '"Currently our side is working'), (ANTI_NATO, "4", "And he said South Ossetia's ag"),
        (ANTI_NATO, "5", "The name of this anti-NATO has"), (ANTI_NATO, "6", "In addition, the CSTO apparent"),
        (ANTI_NATO, "7", "Meanwhile, while this anti-NAT"), (ANTI_NATO, "8", '"We think that signing this tr'),
    ]
    # the trailing space of the saved line is gone; the last words are the article's, not the bio's
    assert rows[10]["text"].endswith("would be separate.")
    assert rows[7]["text"].endswith("that take care of security matters in the Asian region,” Bordyuzha said.")


def test_every_quote_with_speaker_and_intermediary(seed_tables):
    rows = read_csv(seed_tables / "quotes.csv")
    got = [(r["article_id"], int(r["paragraph"]), r["kind"], r["text"][:40], r["speaker"], r["speaker_as_written"],
            r["via"], r["attribution"]) for r in rows]
    assert got == EXPECTED_QUOTES


def test_quotes_are_verbatim_and_located(seed_tables):
    paragraphs = {(r["article_id"], r["paragraph"]): r["text"] for r in read_csv(seed_tables / "paragraphs.csv")}
    rows = {r["quote_id"]: r for r in read_csv(seed_tables / "quotes.csv")}
    for q in rows.values():
        assert paragraphs[(q["article_id"], q["paragraph"])][int(q["start"]):int(q["end"])] == q["text"]
    # whole texts of a few, marks and the comma before "he said" excluded, the speaker's own full stop kept
    assert rows[f"{CSTO}-p6-q2"]["text"] == "has proven ineffective in most areas of activity."
    assert rows[f"{CSTO}-p4-q1"]["text"].endswith("to tear us away from each other")
    assert rows[f"{CSTO}-p2-q1"]["text"] == (
        "For now we will not be making any efforts to establish contact with NATO, due to their stance during the Ukrainian "
        "crisis.... Today, NATO is blackmailing all of the CSTO member states ... showing that they are extremely "
        "dissatisfied with Russia's actions in recent months.")
    assert rows[f"{ANTI_NATO}-p6-q2"]["parent_quote_id"] == f"{ANTI_NATO}-p6-q1"
    assert rows[f"{CSTO}-p5-q4"]["parent_quote_id"] == f"{CSTO}-p5-q3"
    assert rows[f"{ANTI_NATO}-p8-q1"]["speaker_id"] == "vitaliy-gabnia"
    assert rows[f"{CSTO}-p8-q1"]["via_id"] == "belta"


def test_mentions_of_every_bloc_state_person_and_outlet(seed_tables):
    rows = read_csv(seed_tables / "mentions.csv")
    per_article = {aid: dict(Counter(r["entity_id"] for r in rows if r["article_id"] == aid)) for aid in (CSTO, ANTI_NATO)}
    assert per_article[CSTO] == {
        "ARM": 1, "BLR": 1, "CHN": 1, "IRN": 1, "KAZ": 1, "KGZ": 1, "RUS": 7, "TKM": 1, "UKR": 2, "USA": 4,
        "anatoly-antonov": 2, "anders-fogh-rasmussen": 1, "belta": 1, "csto": 13, "fsb": 1, "kgb": 1, "nato": 13,
        "nikolay-bordyuzha": 8, "sco": 2, "us-state-department": 1, "wikileaks": 2}
    assert per_article[ANTI_NATO] == {
        "GEO": 6, "RUS": 13, "XAB": 11, "XSO": 8, "anders-fogh-rasmussen": 1, "csto": 4, "izvestia": 5, "nato": 8,
        "oleg-botsiev": 2, "raul-khajimba": 1, "ru-ab-so-defence-space": 3, "vitaliy-gabnia": 1, "vladimir-putin": 1,
        "vladislav-shurygin": 2}
    bodyuzha = [r for r in rows if r["as_written"] == "Bodyuzha"]
    assert [(r["paragraph"], r["entity_id"], r["start"], r["end"]) for r in bodyuzha] == [("7", "nikolay-bordyuzha", "30", "38")]
    # the outlet's name is one mention of the outlet, not also a mention of Belarus
    assert [r["as_written"] for r in rows if r["article_id"] == CSTO and r["entity_id"] == "BLR"] == ["Belarus"]
    paragraphs = {(r["article_id"], r["paragraph"]): r["text"] for r in read_csv(seed_tables / "paragraphs.csv")}
    assert all(paragraphs[(r["article_id"], r["paragraph"])][int(r["start"]):int(r["end"])] == r["as_written"] for r in rows)


def test_entities_table_counts(seed_tables):
    rows = {r["entity_id"]: r for r in read_csv(seed_tables / "entities.csv")}
    gazetteer = read_csv(ROOT / "data/reference/gazetteer.csv")
    assert sorted(rows) == sorted(r["entity_id"] for r in gazetteer)
    assert (rows["nato"]["mentions"], rows["nato"]["articles"]) == ("21", "2")
    assert (rows["TJK"]["mentions"], rows["TJK"]["articles"]) == ("0", "0")
    assert rows["XAB"]["kind"] == "de facto state" and rows["nikolay-bordyuzha"]["kind"] == "person"
    assert "ОДКБ" in rows["csto"]["aliases"].split("|") and "Bodyuzha" in rows["nikolay-bordyuzha"]["aliases"].split("|")


def test_sources_table_carries_the_manifest(seed_tables):
    rows = read_csv(seed_tables / "sources.csv")
    assert [(r["source_file"], r["status"], r["in_manifest"], r["article_id"]) for r in rows] == [
        (CSTO_FILE, "ingested", "true", CSTO), (ANTI_NATO_FILE, "ingested", "true", ANTI_NATO)]
    assert read_csv(seed_tables / "ingest_log.csv") == []


def test_datapackage_validates(seed_tables):
    from frictionless import Package

    report = Package(str(seed_tables / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])
    names = [r["name"] for r in json.loads((seed_tables / "datapackage.json").read_text())["resources"]]
    assert names == ["articles", "paragraphs", "quotes", "mentions", "entities", "sources", "ingest_log"]


def test_datapackage_catches_a_broken_foreign_key(seed_tables, tmp_path):
    import shutil

    from frictionless import Package

    for f in seed_tables.iterdir():
        shutil.copy(f, tmp_path / f.name)
    text = (tmp_path / "mentions.csv").read_text(encoding="utf-8").replace(",csto,", ",no-such-bloc,", 1)
    (tmp_path / "mentions.csv").write_text(text, encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid
    assert {e[1] for e in report.flatten(["resourcePath", "type"])} == {"foreign-key"}
