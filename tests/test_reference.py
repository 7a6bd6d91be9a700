"""The reference record (data/reference/): the checks pass on the real record, fail on planted errors, and the
query API gives the known answers."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from scripts import paths
from scripts.reference import (
    RECORD_DATE, blocs_of, history, members, read_csv, status_on, strength, validate,
)

REFERENCE_FILES = ("blocs", "memberships", "events", "claims", "sources", "gazetteer")


@pytest.fixture(scope="session")
def tables(seed_tables) -> Path:
    """The seeds' extracted tables (built once per session into a temporary folder)."""
    return seed_tables


def as_pairs(rows) -> list[tuple[str, str]]:
    return sorted(zip(rows["state_id"], rows["status"]))


# --- the record as a whole -------------------------------------------------------------------------------

def test_the_record_passes_every_check(tables):
    assert validate(paths.REFERENCE, tables) == []


def test_confidence_labels_are_pinned():
    counts = {}
    for name in ("blocs", "memberships", "events"):
        for value in read_csv(paths.REFERENCE / f"{name}.csv")["confidence"]:
            counts[value] = counts.get(value, 0) + 1
    # Pinned so that a change of label is a deliberate edit of this test, not a silent drift.
    assert counts == {"verified": 171, "sources conflict": 9, "partly verified": 8}


def test_the_record_was_checked_on_its_date():
    assert RECORD_DATE == "2026-12-03"


def test_the_strength_counts_add_up_and_are_pinned():
    counts = strength()
    sources = counts["sources"]
    assert (sources["total"], sources["read_here"], sources["from_brief"]) == (228, 204, 24)
    assert sources["by_kind"] == {"secondary": 91, "wire": 83, "primary": 54}
    assert sum(sources["read_on"].values()) == sources["read_here"]
    assert sources["read_on"] == {"2026-11-22": 68, "2026-12-03": 136}
    rows = counts["rows"]
    assert rows["all"]["total"] == rows["blocs"]["total"] + rows["memberships"]["total"] + rows["events"]["total"] == 188
    assert sum(rows["all"]["by_confidence"].values()) == rows["all"]["total"]
    # Every dated field, by the strongest kind of source read for the record that gives it to the row's precision.
    assert counts["dates"] == {"total": 233, "by_strongest_kind": {"primary": 124, "wire": 81, "secondary": 27, "none": 1}}
    assert counts["audits"]["2026-12-03"]["confirmed"] == 24


# --- the query API: known answers --------------------------------------------------------------------------

def test_csto_on_2014_04_24_is_six_members_and_uzbekistan_suspended():
    assert as_pairs(members("csto", "2014-04-24")) == [
        ("ARM", "founding member"), ("BLR", "founding member"), ("KAZ", "founding member"),
        ("KGZ", "founding member"), ("RUS", "founding member"), ("TJK", "founding member"),
        ("UZB", "suspended"),
    ]


def test_sco_after_4_july_2024_has_ten_members():
    rows = members("sco", "2024-07-05")
    full = sorted(rows[rows["status"].isin(["founding member", "member"])]["state_id"])
    assert full == ["BLR", "CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
    others = sorted(zip(rows[~rows["status"].isin(["founding member", "member"])]["state_id"],
                        rows[~rows["status"].isin(["founding member", "member"])]["status"]))
    assert others == [("AFG", "observer"), ("ARM", "dialogue partner"), ("AZE", "dialogue partner"),
                      ("MNG", "observer"), ("TUR", "dialogue partner")]


def test_belarus_joins_the_sco_on_4_july_2024_not_before():
    assert status_on("sco", "BLR", "2024-07-03") == "observer"
    assert status_on("sco", "BLR", "2024-07-04") == "member"


def test_the_cst_hands_over_to_the_csto_on_7_october_2002():
    assert as_pairs(members("csto", "2002-10-06")) == []
    assert sorted(members("cst", "2002-10-06")["state_id"]) == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    assert sorted(members("csto", "2002-10-07")["state_id"]) == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    assert as_pairs(members("cst", "2002-10-07")) == []


def test_the_cst_in_1998_had_nine_parties():
    assert sorted(members("cst", "1998-01-01")["state_id"]) == [
        "ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"]


def test_uzbekistans_csto_history():
    rows = history("UZB")
    rows = rows[rows["bloc_id"].isin(["cst", "csto"])]
    assert list(zip(rows["bloc_id"], rows["status"], rows["start"], rows["end"])) == [
        ("cst", "founding member", "1992-05-15", "1999-04-21"),
        ("csto", "member", "2006-08-16", "2012-12-19"),
        ("csto", "suspended", "2012-12-19", ""),
    ]


def test_blocs_of_uzbekistan_on_2014_04_24():
    rows = blocs_of("UZB", "2014-04-24")
    assert list(zip(rows["bloc_id"], rows["status"])) == [
        ("cis", "founding member"), ("csto", "suspended"), ("nato-pfp", "partner"), ("sco", "founding member")]


def test_blocs_of_armenia_today():
    rows = blocs_of("ARM", RECORD_DATE)
    assert list(zip(rows["bloc_id"], rows["status"])) == [
        ("cis", "founding member"), ("csto", "frozen"), ("csto-crrf", "frozen"), ("eaeu", "member"),
        ("nato-pfp", "partner"), ("sco", "partner")]


def test_turkmenistan_was_never_in_the_cst_or_the_csto():
    assert list(zip(history("TKM")["bloc_id"], history("TKM")["status"])) == [
        ("cis", "founding member"), ("nato-pfp", "partner"), ("cis", "associate")]


def test_the_three_that_did_not_renew_left_the_cst_when_its_first_term_expired():
    # The 1999 protocol: the term expires on 20 Apr 1999 and the renewal runs from 21 Apr 1999.
    assert sorted(members("cst", "1999-04-20")["state_id"]) == ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    assert sorted(members("cst", "1999-04-21")["state_id"]) == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


def test_states_that_never_ratified_are_participants_not_members():
    assert status_on("cis", "UKR", "2010-01-01") == "participant"
    assert status_on("cis", "UKR", "2018-05-19") == ""
    assert [status_on("cis", "AZE", d) for d in ("1992-06-01", "1993-09-24")] == ["participant", "member"]
    assert [status_on("cis", "MDA", d) for d in ("1993-06-01", "1994-04-01")] == ["participant", "member"]


def test_sco_dialogue_partners_from_their_memoranda_and_partners_from_tianjin():
    assert [status_on("sco", "AZE", d) for d in ("2015-07-10", "2016-03-14", "2025-09-01")] == ["", "dialogue partner", "partner"]
    assert [status_on("sco", "ARM", d) for d in ("2016-04-15", "2016-04-16")] == ["", "dialogue partner"]
    assert as_pairs(members("sco", RECORD_DATE).query("status not in ['founding member', 'member']")) == [
        ("AFG", "partner"), ("ARM", "partner"), ("AZE", "partner"), ("MNG", "partner"), ("TUR", "partner")]


def test_nato_dates_from_the_deposit_of_instruments():
    assert [status_on("nato", "DEU", d) for d in ("1955-05-05", "1955-05-06")] == ["", "member"]
    assert status_on("nato-pfp", "RUS", "2014-04-01") == "suspended"
    assert status_on("nato-pfp", "BLR", "2021-11-19") == "suspended"


def test_moldovas_first_reading_and_its_open_cis_membership():
    events = read_csv(paths.REFERENCE / "events.csv").set_index("event_id")
    assert events.loc["e-moldova-cis-first-reading", "date"] == "2026-03-20"
    assert status_on("cis", "MDA", RECORD_DATE) == "member"


def test_georgia_was_still_bound_during_its_cis_notice_year():
    assert status_on("cis", "GEO", "2008-08-17") == "member"
    assert status_on("cis", "GEO", "2009-01-01") == "withdrawn"
    assert status_on("cis", "GEO", "2009-08-18") == ""


def test_the_two_bilateral_treaties_and_no_trilateral_bloc():
    assert sorted(members("ru-abkhazia-treaty", "2015-01-01")["state_id"]) == ["RUS", "XAB"]
    assert sorted(members("ru-south-ossetia-treaty", "2015-03-18")["state_id"]) == ["RUS", "XSO"]
    assert as_pairs(members("ru-south-ossetia-treaty", "2015-03-17")) == []
    assert as_pairs(members("ru-ab-so-defence-space", RECORD_DATE)) == []


# --- planted errors: each check names the file, the row and the problem -----------------------------------

@pytest.fixture
def reference_copy(tmp_path) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(paths.REFERENCE, folder)
    return folder


def plant(folder: Path, file: str, key: str, row_id: str, changes: dict[str, str]) -> None:
    """Rewrite one cell (or several) of one row of a copied reference CSV."""
    path = folder / file
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    hits = [row for row in rows if row[key] == row_id]
    assert len(hits) == 1, f"{row_id} not found in {file}"
    hits[0].update(changes)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("file, key, row_id, changes, expected", [
    ("claims.csv", "claim_id", "c-csto-nato-05",
     {"evidence": "the CSTO countries -- Armenia, Belarus, Kazakhstan, Kyrgyzstan, and Tajikistan"},
     "claims.csv: c-csto-nato-05: evidence is not verbatim in paragraph 5: 'the CSTO countries -- Armenia, Belarus, Kazakhstan, Kyrgyzst'"),
    ("claims.csv", "claim_id", "c-csto-nato-02", {"paragraph": "9"},
     "claims.csv: c-csto-nato-02: paragraph 9 of '2014-04-24-csto-to-cut-contacts-with-nato-increase-ties-with-sco' is not in the paragraphs table"),
    ("memberships.csv", "membership_id", "csto-RUS-1", {"source_ids": ""},
     "memberships.csv: csto-RUS-1: has no source"),
    ("memberships.csv", "membership_id", "csto-RUS-1",
     {"source_ids": "pravanet-csto-charter|odkb-25years|tass-678014|tass-687141|china-org-xinhua-2014|inform-kz-2022|tass-9999"},
     "memberships.csv: csto-RUS-1: source 'tass-9999' is not in sources.csv"),
    ("memberships.csv", "membership_id", "sco-IRN-2", {"start": "2023-02-30"},
     "memberships.csv: sco-IRN-2: start '2023-02-30' is not a valid YYYY-MM-DD date"),
    ("memberships.csv", "membership_id", "sco-IRN-2", {"start": "4 Jul 2023"},
     "memberships.csv: sco-IRN-2: start '4 Jul 2023' is not a valid YYYY-MM-DD date"),
    ("memberships.csv", "membership_id", "sco-MNG-1", {"start": "2004-06-15"},
     "memberships.csv: sco-MNG-1: start '2004-06-15' has year precision but is not YYYY-01-01"),
    # A wrong start overlaps the period before it, and its own source says otherwise.
    ("memberships.csv", "membership_id", "csto-UZB-2", {"start": "2012-06-28"},
     ["memberships.csv: csto-UZB-2: period 2012-06-28.. overlaps csto-UZB-1 (2006-08-16..2012-12-19) for csto/UZB",
      "memberships.csv: csto-UZB-2: start 2012-06-28, but tass-687141 gives 2012-12-19: correct the row or label it 'sources conflict'",
      "memberships.csv: csto-UZB-2: verified, but no source read for the record gives start 2012-06-28 to the day"]),
    ("memberships.csv", "membership_id", "cst-GEO-1", {"end": "1993-01-01"},
     "memberships.csv: cst-GEO-1: end 1993-01-01 is not after start 1993-12-09"),
    ("memberships.csv", "membership_id", "csto-RUS-1", {"bloc_id": "ctso"},
     "memberships.csv: csto-RUS-1: bloc 'ctso' is not in blocs.csv"),
    ("memberships.csv", "membership_id", "csto-RUS-1", {"state_id": "nikolay-bordyuzha"},
     "memberships.csv: csto-RUS-1: state 'nikolay-bordyuzha' is not a state or de facto state in gazetteer.csv"),
    ("memberships.csv", "membership_id", "csto-RUS-1", {"status": "ally"},
     "memberships.csv: csto-RUS-1: status 'ally' is not one of ('founding member', 'member', 'participant', 'associate', 'observer', 'dialogue partner', 'partner', 'suspended', 'frozen', 'withdrawn')"),
    ("memberships.csv", "membership_id", "csto-RUS-1", {"confidence": "likely"},
     "memberships.csv: csto-RUS-1: confidence 'likely' is not one of ('verified', 'partly verified', 'sources conflict', 'from the brief', 'unverified')"),
    ("claims.csv", "claim_id", "c-anti-nato-07", {"bloc_id": "ctso"},
     "claims.csv: c-anti-nato-07: bloc 'ctso' is not in blocs.csv"),
    ("claims.csv", "claim_id", "c-anti-nato-07", {"article_id": "2014-09-03-no-such-article"},
     "claims.csv: c-anti-nato-07: article '2014-09-03-no-such-article' is not in the articles table"),
    ("claims.csv", "claim_id", "c-anti-nato-03", {"event_id": "e-no-such-event"},
     "claims.csv: c-anti-nato-03: event 'e-no-such-event' is not in events.csv"),
    ("claims.csv", "claim_id", "c-anti-nato-03", {"as_of_precision": "week", "as_of": "2014-08-27"},
     "claims.csv: c-anti-nato-03: as_of '2014-08-27' has week precision but is not a Monday"),
    ("claims.csv", "claim_id", "c-csto-nato-05", {"claim_type": "members"},
     "claims.csv: c-csto-nato-05: claim_type 'members' is not one of ('member', 'not_member', 'members_of', 'recognises', 'not_recognises', 'change', 'event', 'expects_event', 'expects_bloc', 'differs', 'other')"),
    ("claims.csv", "claim_id", "c-csto-nato-05", {"exhaustive": ""},
     "claims.csv: c-csto-nato-05: claim_type members_of needs exhaustive"),
    ("events.csv", "event_id", "e-wales-summit", {"source_ids": ""},
     "events.csv: e-wales-summit: has no source"),
    ("events.csv", "event_id", "e-wales-summit", {"actors": "NATO"},
     "events.csv: e-wales-summit: actors 'NATO' is not in gazetteer.csv or blocs.csv"),
    ("blocs.csv", "bloc_id", "csto", {"predecessor": "cts"},
     "blocs.csv: csto: predecessor 'cts' is not a bloc in blocs.csv"),
    ("blocs.csv", "bloc_id", "guam", {"source_ids": ""},
     "blocs.csv: guam: has no source"),
    ("sources.csv", "source_id", "tass-687141", {"url": "tass.com/russia/687141"},
     "sources.csv: tass-687141: url 'tass.com/russia/687141' is not an http(s) address"),
    # --- the record's strength: confidence says what was done, no date is more precise than its sources ---
    # Round 1 labelled rows `verified` whose every source was cited from the brief (Uzbekistan's PfP row, here).
    ("sources.csv", "source_id", "uzland-pfp", {"read": "brief", "read_on": ""},
     ["memberships.csv: pfp-UZB-1: verified, but no source read for the record gives start 1994-07-13 to the day",
      "memberships.csv: pfp-UZB-1: verified, but none of its sources was read for the record"]),
    # ... and rows `verified` whose note said a part was not checked (Russia's PfP standing after 2014).
    ("memberships.csv", "membership_id", "pfp-RUS-2", {"note": "Russia's standing in the programme since then was not checked."},
     "memberships.csv: pfp-RUS-2: verified, but its note says 'not checked'"),
    # ... and Moldova's first reading on the 21st, which its sources give as the 20th.
    ("events.csv", "event_id", "e-moldova-cis-first-reading", {"date": "2026-03-21"},
     ["events.csv: e-moldova-cis-first-reading: date 2026-03-21, but belta-2026-03-20 gives 2026-03-20; moldpres-2026-03-20 "
      "gives 2026-03-20: correct the row or label it 'sources conflict'",
      "events.csv: e-moldova-cis-first-reading: verified, but no source read for the record gives date 2026-03-21 to the day"]),
    # A day where the sources give only the month (Latvia signed the PfP document in February 1994).
    ("memberships.csv", "membership_id", "pfp-LVA-1", {"start": "1994-02-14", "start_precision": "day"},
     ["memberships.csv: pfp-LVA-1: start 1994-02-14 is given to the day, but its sources give it only to the month",
      "memberships.csv: pfp-LVA-1: verified, but no source read for the record gives start 1994-02-14 to the day"]),
    # Disagreeing sources are allowed only under their label.
    ("memberships.csv", "membership_id", "nato-DEU-1", {"start": "1955-05-09", "confidence": "sources conflict"}, []),
    ("memberships.csv", "membership_id", "nato-DEU-1", {"confidence": "from the brief"},
     "memberships.csv: nato-DEU-1: labelled 'from the brief', but a source read for the record gives its dates"),
    ("sources.csv", "source_id", "kremlin-44970", {"read_on": ""},
     "sources.csv: kremlin-44970: read here but read_on is empty"),
    ("sources.csv", "source_id", "wn-csto", {"read": "brief"},
     "sources.csv: wn-csto: cited from the brief but read_on is 2026-12-03"),
])
def test_a_planted_error_is_named_with_its_file_and_row(reference_copy, tables, file, key, row_id, changes, expected):
    plant(reference_copy, file, key, row_id, changes)
    assert validate(reference_copy, tables) == ([expected] if isinstance(expected, str) else expected)


def test_a_date_with_no_citation_is_named(reference_copy, tables):
    path = reference_copy / "citations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("memberships.csv,pfp-TJK-1,start,")), encoding="utf-8")
    assert validate(reference_copy, tables) == [
        "memberships.csv: pfp-TJK-1: start 2002-02-20 cites no source for its date (citations.csv)"]


def test_a_citation_must_point_at_a_dated_field_of_a_row_and_a_source_it_names(reference_copy, tables):
    with open(reference_copy / "citations.csv", "a", encoding="utf-8") as fh:
        fh.write("memberships.csv,pfp-TJK-1,start,tass-687141,2002-02-20\n"
                 "events.csv,e-no-such-event,date,tass-687141,2002\n")
    assert validate(reference_copy, tables) == [
        "citations.csv: memberships.csv pfp-TJK-1 start: source 'tass-687141' is not among the row's source_ids",
        "citations.csv: events.csv e-no-such-event date: row 'e-no-such-event' is not in events.csv"]


def test_a_duplicate_id_is_named(reference_copy, tables):
    plant(reference_copy, "memberships.csv", "membership_id", "csto-RUS-1", {"membership_id": "csto-BLR-1"})
    # The renamed row's citations are left pointing at a row that no longer exists: named too.
    assert validate(reference_copy, tables) == ["memberships.csv: csto-BLR-1: duplicate membership_id"] + [
        "citations.csv: memberships.csv csto-RUS-1 start: row 'csto-RUS-1' is not in memberships.csv"] * 3
