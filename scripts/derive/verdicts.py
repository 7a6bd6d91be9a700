"""Stage 2, derive: the fact-check (data/reference/claims.csv + the record -> data/derived/verdicts.csv) and the
quotes and verdicts as JSON-LD, with data/derived/datapackage.json.

    python -m scripts.derive [--tables DIR] [--out DIR]

Runs after `scripts.extract`.  Each claim is judged by the rule for its claim_type against what the record said on
the claim's as_of date; nothing here knows which article a claim came from, so added articles' claims, coded the
same way, get verdicts the same way.  Every file is written atomically and datapackage.json last, so its presence
says the step finished.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from scripts import paths
from scripts.derive import found, jsonld
from scripts.extract import schema as datapackage
from scripts.atomic import write_text
from scripts.reference import RECORD_DATE, in_force, lineage, load_reference, read_csv, split_ids, validate
from scripts.reference.dates import shown as shown_date
from scripts.reference.vocab import CHANGE_PHRASES, FULL, LIMITED, VERDICTS
COLUMNS = ("claim_id", "article_id", "paragraph", "as_of", "verdict", "record", "explanation", "sources")


@dataclass
class Judgement:
    """What the record says about one claim: a verdict, the record's own words, one sentence, the sources used."""
    verdict: str
    record: str
    explanation: str
    sources: list[str] = field(default_factory=list)


@dataclass
class Record:
    """The reference tables with the lookups the rules need."""
    blocs: pd.DataFrame
    memberships: pd.DataFrame
    events: pd.DataFrame
    names: dict[str, str]

    @classmethod
    def load(cls, reference_dir: Path | None = None) -> "Record":
        ref = load_reference(reference_dir)
        names = dict(zip(ref["gazetteer"]["entity_id"], ref["gazetteer"]["name"]))
        names.update({r["bloc_id"]: r["abbreviation"] or r["name"] for _, r in ref["blocs"].iterrows()})
        return cls(ref["blocs"], ref["memberships"], ref["events"], names)

    def name(self, entity: str) -> str:
        return self.names.get(entity, entity)

    def names_of(self, entities: list[str] | set[str]) -> str:
        """"Armenia, Belarus and Kazakhstan" in alphabetical order of the names."""
        items = sorted(self.name(e) for e in entities)
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else "none"

    def on(self, bloc: str, on_date: str) -> pd.DataFrame:
        """Membership rows of `bloc` in force on `on_date`."""
        return in_force(self.memberships[self.memberships["bloc_id"] == bloc], on_date)

    def by_status(self, bloc: str, on_date: str) -> dict[str, set[str]]:
        """{status: states} for the bloc on the date."""
        out: dict[str, set[str]] = {}
        for _, row in self.on(bloc, on_date).iterrows():
            out.setdefault(row["status"], set()).add(row["state_id"])
        return out

    def ever_in(self, bloc: str, state: str) -> bool:
        """Whether the state had any status, at any date, in the bloc or its predecessors."""
        chain = lineage(bloc, self.blocs)
        rows = self.memberships
        return bool(len(rows[rows["bloc_id"].isin(chain) & (rows["state_id"] == state)]))

    def sources_of(self, rows: pd.DataFrame) -> list[str]:
        return sorted({s for cell in rows["source_ids"] for s in split_ids(cell)})

    def describe(self, bloc: str, on_date: str) -> str:
        """"CSTO on 2014-04-24: founding member Armenia, ...; suspended Uzbekistan" (what the record said)."""
        groups = self.by_status(bloc, on_date)
        if not groups:
            return f"{self.name(bloc)} on {on_date}: no states recorded"
        parts = [f"{status} {self.names_of(states)}" for status, states in sorted(groups.items())]
        return f"{self.name(bloc)} on {on_date}: " + "; ".join(parts)


# --- windows: what "on Thursday", "last week", "in 2009" cover ------------------------------------------

def window(as_of: str, precision: str) -> tuple[str, str]:
    """The half-open date range [first, after) a date of the given precision stands for."""
    day = dt.date.fromisoformat(as_of)
    if precision == "week":
        after = day + dt.timedelta(days=7)
    elif precision == "month":
        after = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    elif precision == "year":
        after = day.replace(year=day.year + 1)
    else:
        after = day + dt.timedelta(days=1)
    return as_of, after.isoformat()


# --- the rules, one per claim_type -----------------------------------------------------------------------

def judge_member(claim: pd.Series, record: Record, on_date: str, negated: bool = False) -> Judgement:
    """"S is a member/partner of B" (or, negated, "is not"): the status the record gives on the date."""
    bloc, claimed = claim["bloc_id"], claim["claimed_status"] or "member"
    wrong, limited, right = [], [], []
    rows = record.on(bloc, on_date)
    for state in split_ids(claim["states"]):
        status = "".join(rows[rows["state_id"] == state]["status"].head(1))
        if claimed == "member" and status in LIMITED:
            # Suspended, frozen or associate: neither plainly in nor plainly out.
            limited.append(state)
        else:
            holds = status in FULL if claimed == "member" else status == claimed
            (right if holds != negated else wrong).append(state)
    # Cite the named states' rows; when they have none, the rows that show who was in instead.
    named = rows[rows["state_id"].isin(split_ids(claim["states"]))]
    cited = record.sources_of(named if len(named) else rows)
    described = "; ".join(
        f"{record.name(s)}: {''.join(rows[rows['state_id'] == s]['status'].head(1)) or 'no status'}"
        for s in split_ids(claim["states"])
    )
    text = f"{record.name(bloc)} on {on_date}: {described}"
    if wrong:
        return Judgement("contradicted", text, f"The record gives {described} in the {record.name(bloc)} on {on_date}.", cited)
    if limited:
        return Judgement("partly right", text, f"{record.names_of(limited)} belonged to the {record.name(bloc)} on {on_date} but without full membership ({described}).", cited)
    return Judgement("consistent", text, f"The record agrees: {described} in the {record.name(bloc)} on {on_date}.", cited)


def judge_members_of(claim: pd.Series, record: Record, on_date: str) -> Judgement:
    """"The members of B are S" : wrong inclusions contradict; omissions of full members make it partly right.

    States the sentence itself sets apart (`excludes`) are not omissions; suspended, frozen or associate members
    may be named or left out.
    """
    bloc = claim["bloc_id"]
    listed, excluded = set(split_ids(claim["states"])), set(split_ids(claim["excludes"]))
    groups = record.by_status(bloc, on_date)
    full = set().union(*(groups.get(s, set()) for s in FULL))
    limited = set().union(*(groups.get(s, set()) for s in LIMITED))
    wrong = listed - full - limited
    missing = (full - listed - excluded) if claim["exhaustive"] == "yes" else set()
    set_apart = excluded & full
    text = record.describe(bloc, on_date)
    used = record.on(bloc, on_date)
    sentences = []
    never = {s for s in wrong if not record.ever_in(bloc, s)}
    if never:
        chain = lineage(bloc, record.blocs)
        sentences.append(f"{record.names_of(never)} {'was' if len(never) == 1 else 'were'} never {'a member' if len(never) == 1 else 'members'} of the {' or the '.join(record.name(b) for b in chain)}")
    if wrong - never:
        sentences.append(f"{record.names_of(wrong - never)} {'was' if len(wrong - never) == 1 else 'were'} not a member on {on_date}")
    if missing:
        sentences.append(f"{record.names_of(missing)}, {'a member' if len(missing) == 1 else 'members'} on {on_date}, {'is' if len(missing) == 1 else 'are'} left out")
    if set_apart:
        sentences.append(f"{record.names_of(set_apart)} is set apart by the sentence itself, not left out")
    verdict = "contradicted" if wrong else "partly right" if missing else "consistent"
    if verdict == "consistent":
        sentences.insert(0, f"The list matches the record's {record.name(bloc)} members on {on_date}")
    return Judgement(verdict, text, "; ".join(sentences) + ".", record.sources_of(used))


def judge_count(claim: pd.Series, record: Record, on_date: str) -> Judgement:
    """"The six-member CSTO": the number of full members the record gives on the date."""
    groups = record.by_status(claim["bloc_id"], on_date)
    full = set().union(*(groups.get(s, set()) for s in FULL))
    said, bloc = int(claim["count"]), record.name(claim["bloc_id"])
    text = record.describe(claim["bloc_id"], on_date)
    sources = record.sources_of(record.on(claim["bloc_id"], on_date))
    if said == len(full):
        return Judgement("consistent", text, f"The record gives {said} members of the {bloc} on {on_date}.", sources)
    return Judgement("contradicted", text, f"The record gives {len(full)} members of the {bloc} on {on_date} "
                     f"({record.names_of(full)}), not {said}.", sources)


# "Iran joined the SCO in 2023", "Georgia left the CIS", "Armenia froze its part in the CSTO in 2024".
CHANGES = ("joined", "left", "suspended", "frozen", "never_joined")
CHANGE_WORDS = {"joined": "joining", "left": "leaving", "suspended": "suspending its membership in",
                "frozen": "freezing its part in", "never_joined": "joining"}
# "The record has no date on which Iran joined the SCO": a claim that a state never joined asks when it joined
CHANGE_PAST = {**CHANGE_PHRASES, "never_joined": CHANGE_PHRASES["joined"]}


def change_dates(record: Record, bloc: str, state: str) -> dict[str, list[tuple[str, str]]]:
    """When the record has the state join, leave, suspend or freeze its part in the bloc or its predecessors, as
    {change: [(date, precision)]}; "other" holds the starts of lesser standings (observer, participant, partner...).
    Joining is the start of a full membership, leaving the start of a withdrawal or an end nothing follows (an end
    "continued in" a successor bloc is not a leaving)."""
    rows = record.memberships
    rows = rows[rows["bloc_id"].isin(lineage(bloc, record.blocs)) & (rows["state_id"] == state)].sort_values("start")
    starts = set(rows["start"])
    out: dict[str, list[tuple[str, str]]] = {k: [] for k in (*CHANGES, "other")}
    for _, r in rows.iterrows():
        kind = ("joined" if r["status"] in FULL else "left" if r["status"] == "withdrawn"
                else r["status"] if r["status"] in ("suspended", "frozen") else "other")
        out[kind].append((r["start"], r["start_precision"] or "day"))
        if r["end"] and r["end"] not in starts and not r["end_reason"].startswith("continued in"):
            out["left"].append((r["end"], r["end_precision"] or "day"))
    return out


def judge_change(claim: pd.Series, record: Record) -> Judgement:
    """"S joined / left / suspended its membership in / froze its part in B (in <date>)": the record has that change
    within the time the claim gives (as_of at as_of_precision; "before" when the claim gives only the article's date,
    as_of_precision "by").  A date known more coarsely than the claim's, overlapping it, settles nothing."""
    bloc, change = claim["bloc_id"], claim["claimed_status"]
    if change not in CHANGES:
        return Judgement("unverifiable", "outside the record", f"The record has no rule for the change '{change}'.", [])
    precision = claim["as_of_precision"] or "day"
    if precision == "by":
        first, after = "0000-01-01", window(claim["as_of"], "day")[1]
        when = f"by {claim['as_of']}"
    else:
        first, after = window(claim["as_of"], precision)
        when = f"in {shown_date(claim['as_of'], precision)}" if precision in ("month", "year") else f"on {claim['as_of']}"
    rows = record.memberships
    named = rows[rows["bloc_id"].isin(lineage(bloc, record.blocs)) & rows["state_id"].isin(split_ids(claim["states"]))]
    sources = record.sources_of(named)
    verdicts, sentences, texts = [], [], []
    for state in split_ids(claim["states"]):
        dates = change_dates(record, bloc, state)
        name, doing = record.name(state), CHANGE_WORDS[change]
        texts.append(f"{name}: " + ("; ".join(f"{k} {', '.join(shown_date(d, p) for d, p in v)}"
                                              for k, v in dates.items() if v and k != "other") or "no change recorded"))
        if change == "never_joined":  # "which has never joined the CSTO": no full membership began before then
            joins = [(d, p) for d, p in dates["joined"] if window(d, p)[0] < after]
            verdicts.append("contradicted" if joins else "consistent")
            sentences.append(f"The record has {name} joining the {record.name(bloc)} on "
                             f"{', '.join(shown_date(d, p) for d, p in joins)}" if joins else
                             f"The record has no date on which {name} joined the "
                             f"{' or the '.join(record.name(b) for b in lineage(bloc, record.blocs))}, {when}")
            continue
        spans = [(d, p, *window(d, p)) for d, p in dates[change]]
        inside = [(d, p) for d, p, lo, hi in spans if first <= lo and hi <= after]
        overlapping = [(d, p) for d, p, lo, hi in spans if lo < after and first < hi]
        said = ", ".join(shown_date(d, p) for d, p in dates[change])
        if inside:
            verdicts.append("consistent")
            sentences.append(f"The record has {name} {doing} the {record.name(bloc)} on {shown_date(*inside[0])}, {when}")
            continue
        if overlapping:
            verdicts.append("unverifiable")
            sentences.append(f"The record dates {name} {doing} the {record.name(bloc)} only to {shown_date(*overlapping[0])}, "
                             f"too coarse to tell whether it was {when}")
            continue
        near = [(k, d, p) for k, v in dates.items() if k != change for d, p in v
                if first <= window(d, p)[0] and window(d, p)[1] <= after]
        if near and (change != "joined" or any(k == "other" for k, _, _ in near)):
            k, d, p = near[0]
            what = "a change of standing" if k == "other" else k
            verdicts.append("partly right")
            sentences.append(f"{name}'s standing in the {record.name(bloc)} changed {when} ({what} on {shown_date(d, p)}), "
                             f"but the record does not have it {change} then"
                             + (f"; it has {name} {doing} on {said}" if said else ""))
            continue
        verdicts.append("contradicted")
        if said:
            sentences.append(f"The record has {name} {doing} the {record.name(bloc)} on {said}, not {when}")
        else:
            sentences.append(f"The record has no date on which {name} {CHANGE_PAST[change]} the {record.name(bloc)}")
    verdict = ("contradicted" if "contradicted" in verdicts else "unverifiable" if "unverifiable" in verdicts
               else "partly right" if "partly right" in verdicts else "consistent")
    return Judgement(verdict, f"{record.name(bloc)}, " + "; ".join(texts), "; ".join(sentences) + ".", sources)


def _where(table: pd.DataFrame, mask: list[bool]) -> pd.DataFrame:
    """Rows where mask is True; an empty mask still yields the table's columns (table[[]] would not)."""
    return table.loc[pd.Series(mask, index=table.index, dtype=bool)]


def judge_recognition(claim: pd.Series, record: Record, on_date: str, negated: bool) -> Judgement:
    """"States X (or B's members except E) (do not) recognise T": recognition events dated on or before as_of."""
    if claim["actors"]:
        actors = set(split_ids(claim["actors"]))
    else:
        groups = record.by_status(claim["bloc_id"], on_date)
        actors = set().union(*(groups.get(s, set()) for s in FULL | LIMITED)) - set(split_ids(claim["excludes"]))
    targets = set(split_ids(claim["states"]))
    events = record.events[(record.events["kind"] == "recognition") & (record.events["date"] <= on_date)]
    # Plain lists of booleans: pandas 3 string columns do not combine mapped results with "&".
    found = _where(events, [bool(actors & set(split_ids(a))) and bool(targets & set(split_ids(t)))
                            for a, t in zip(events["actors"], events["target"])])
    pairs = sorted({(a, t) for _, e in found.iterrows() for a in split_ids(e["actors"]) for t in split_ids(e["target"])
                    if a in actors and t in targets})
    everyone = record.events[record.events["kind"] == "recognition"]
    everyone = _where(everyone, [d <= on_date and bool(targets & set(split_ids(t)))
                                 for d, t in zip(everyone["date"], everyone["target"])])
    recognisers = sorted({a for cell in everyone["actors"] for a in split_ids(cell)})
    text = f"recognitions of {record.names_of(targets)} recorded by {on_date}: by {record.names_of(recognisers) if recognisers else 'no state'}"
    group = f"{record.names_of(actors)}"
    if negated:
        if pairs:
            return Judgement("contradicted", text, f"The record has {'; '.join(f'{record.name(a)} recognising {record.name(t)}' for a, t in pairs)} by {on_date}.", record.sources_of(found))
        return Judgement("consistent", text, f"The record has no recognition of {record.names_of(targets)} by {group} up to {on_date}.", record.sources_of(everyone))
    missing = {(a, t) for a in actors for t in targets} - set(pairs)
    if missing:
        return Judgement("contradicted" if not pairs else "partly right", text, f"The record has no recognition of {'; '.join(f'{record.name(t)} by {record.name(a)}' for a, t in sorted(missing))} by {on_date}.", record.sources_of(found))
    return Judgement("consistent", text, f"The record has every recognition named, by {on_date}.", record.sources_of(found))


def _event(claim: pd.Series, record: Record) -> pd.Series | None:
    rows = record.events[record.events["event_id"] == claim["event_id"]] if claim["event_id"] else record.events.iloc[0:0]
    return rows.iloc[0] if len(rows) else None


def judge_event(claim: pd.Series, record: Record) -> Judgement:
    """"E happened then": the record's event falls in the claim's date window."""
    event = _event(claim, record)
    if event is None:
        return Judgement("unverifiable", "no matching event in the record", "The record has no event to check this against.", [])
    first, after = window(claim["as_of"], claim["as_of_precision"])
    text = f"{event['title']} ({event['date']})"
    sources = split_ids(event["source_ids"])
    if first <= event["date"] < after:
        return Judgement("consistent", text, f"The record dates this to {event['date']}, within the time the article gives.", sources)
    return Judgement("contradicted", text, f"The record dates this to {event['date']}, outside the time the article gives ({first} to {after}).", sources)


def judge_expects_event(claim: pd.Series, record: Record) -> Judgement:
    """An expectation that something would happen: did the record's event happen on or after as_of?"""
    event = _event(claim, record)
    if event is None:
        return Judgement("unverifiable", "no matching event in the record", "The record has no event showing whether this came true.", [])
    text = f"{event['title']} ({event['date']})"
    sources = split_ids(event["source_ids"])
    if event["date"] >= claim["as_of"]:
        return Judgement("consistent", text, f"Came true: {event['title']} on {event['date']}.", sources)
    return Judgement("consistent", text, f"Had already happened: {event['title']} on {event['date']}.", sources)


def judge_expects_bloc(claim: pd.Series, record: Record, today: str = RECORD_DATE) -> Judgement:
    """An expectation that states S would join bloc B: did they, or did blocs that realise B take them in?

    When only blocs that realise B (in part) came about, the expectation came true in part, unless the claim is
    `exhaustive`: it expected one instrument of exactly these parties, which separate treaties do not fulfil, so it
    did not come true.  Either way the explanation says what happened instead.
    """
    bloc, expected, as_of = claim["bloc_id"], set(split_ids(claim["states"])), claim["as_of"]
    rows = record.memberships
    joined = rows[(rows["bloc_id"] == bloc) & rows["state_id"].isin(expected) & rows["status"].isin(FULL)]
    if expected <= set(joined["state_id"]):
        when = joined["start"].max()
        return Judgement("consistent", f"{record.name(bloc)}: {record.names_of(expected)} from {when}",
                         f"Came true: {record.names_of(expected)} became parties to the {record.name(bloc)} by {when}.",
                         record.sources_of(joined))
    realised = record.blocs[record.blocs["realises"] == bloc]["bloc_id"].tolist()
    parts = rows[rows["bloc_id"].isin(realised) & rows["state_id"].isin(expected) & (rows["start"] >= as_of)]
    # A part is an agreement between expected parties: a realising treaty with only one of them does not count.
    parts = parts[parts.groupby("bloc_id")["state_id"].transform("nunique") >= 2]
    bloc_sources = split_ids("|".join(record.blocs[record.blocs["bloc_id"] == bloc]["source_ids"]))
    if len(parts):
        described = [f"the {record.name(b)} ({record.names_of(set(g['state_id']))}, {g['start'].min()})"
                     for b, g in sorted(parts.groupby("bloc_id"), key=lambda item: item[1]["start"].min())]
        covered = set(parts["state_id"])
        shortfall = f"; {record.names_of(expected - covered)} took no part" if expected - covered else ""
        text = f"{record.name(bloc)}: never formed as one agreement; " + "; ".join(described)
        sources = record.sources_of(parts) + bloc_sources
        if claim["exhaustive"] == "yes":
            return Judgement("contradicted", text,
                             f"Did not come true: no single agreement of {record.names_of(expected)} (the {record.name(bloc)}) "
                             f"had been signed by {today}; instead came {' and '.join(described)}{shortfall}.", sources)
        return Judgement("partly right", text,
                         f"Came true in part, as separate treaties: the {record.name(bloc)} was never formed as one agreement "
                         f"of {record.names_of(expected)}, but {' and '.join(described)} came about{shortfall}.", sources)
    return Judgement("contradicted", f"{record.name(bloc)}: no parties recorded after {as_of}",
                     f"Did not come true by {today}: the record has no {record.name(bloc)} of {record.names_of(expected)}.",
                     bloc_sources)


def judge_differs(claim: pd.Series, record: Record, today: str = RECORD_DATE) -> Judgement:
    """"A's agreement would differ from B's": both instruments came about and the record tells them apart (by name, or
    by kind); the explanation names both, with their parties and dates."""
    first, second = claim["bloc_id"], claim["other_bloc_id"]
    rows = record.memberships
    described, sources = {}, []
    for bloc in (first, second):
        parties = rows[(rows["bloc_id"] == bloc) & rows["status"].isin(FULL)]
        sources += record.sources_of(parties) + split_ids("|".join(record.blocs[record.blocs["bloc_id"] == bloc]["source_ids"]))
        if len(parties):
            described[bloc] = f"the {record.name(bloc)} ({record.names_of(set(parties['state_id']))}, {parties['start'].min()})"
    sources = list(dict.fromkeys(sources))
    if first not in described:
        return Judgement("contradicted", f"{record.name(first)}: no parties recorded",
                         f"Did not come true by {today}: the record has no {record.name(first)}.", sources)
    if second not in described:
        return Judgement("unverifiable", f"{record.name(second)}: no parties recorded",
                         f"The record has no {record.name(second)} to compare the {record.name(first)} with.", sources)
    text = f"{described[first]}; {described[second]}"
    blocs = record.blocs.set_index("bloc_id")
    if (blocs.loc[first, "name"], blocs.loc[first, "kind"]) == (blocs.loc[second, "name"], blocs.loc[second, "kind"]):
        return Judgement("contradicted", text, f"The record does not tell {described[first]} apart from {described[second]}.", sources)
    # What each instrument is "on" (a treaty on alliance and integration ...), when both names say it.
    subjects = [blocs.loc[b, "name"].split(" on ", 1)[1] for b in (first, second) if " on " in blocs.loc[b, "name"]]
    what = f": one on {subjects[0].lower()}, the other on {subjects[1].lower()}" \
        if len(subjects) == 2 and subjects[0] != subjects[1] else ""
    return Judgement("consistent", text, f"Came true: {described[first]} and {described[second]} are different instruments{what}.", sources)


STATIC_RULES = {"member", "not_member", "members_of", "recognises", "not_recognises"}


def _judge_on(claim: pd.Series, record: Record, on_date: str) -> Judgement:
    kind = claim["claim_type"]
    if kind in ("member", "not_member"):
        return judge_member(claim, record, on_date, negated=kind == "not_member")
    if kind == "members_of":
        return judge_members_of(claim, record, on_date)
    return judge_recognition(claim, record, on_date, negated=kind == "not_recognises")


def judge(claim: pd.Series, record: Record, today: str = RECORD_DATE) -> Judgement:
    """The verdict for one claim.  A claim about a state of affairs that was right on as_of but is no longer
    right on `today` is "since overtaken"."""
    kind = claim["claim_type"]
    if kind in STATIC_RULES:
        then = _judge_on(claim, record, claim["as_of"])
        if then.verdict == "consistent":
            now = _judge_on(claim, record, today)
            if now.verdict != "consistent":
                return Judgement("since overtaken", then.record,
                                 f"Right on {claim['as_of']}, but by {today} the record differs: {now.explanation}",
                                 sorted(set(then.sources) | set(now.sources)))
        return then
    if kind == "count":  # only found by rule (scripts/derive/found.py); claims.csv has no such type
        return judge_count(claim, record, claim["as_of"])
    if kind == "change":
        return judge_change(claim, record)
    if kind == "event":
        return judge_event(claim, record)
    if kind == "expects_event":
        return judge_expects_event(claim, record)
    if kind == "expects_bloc":
        return judge_expects_bloc(claim, record, today)
    if kind == "differs":
        return judge_differs(claim, record, today)
    return Judgement("unverifiable", "outside the record", "The record does not cover this kind of claim.", [])


def verdict_rows(claims: pd.DataFrame, record: Record, today: str = RECORD_DATE) -> list[dict[str, str]]:
    """One verdicts row per claim, in claims order."""
    rows = []
    for _, claim in claims.iterrows():
        j = judge(claim, record, today)
        rows.append({
            "claim_id": claim["claim_id"], "article_id": claim["article_id"], "paragraph": str(claim["paragraph"]),
            "as_of": claim["as_of"], "verdict": j.verdict, "record": j.record, "explanation": j.explanation,
            "sources": "|".join(dict.fromkeys(j.sources)),
        })
    return rows


# --- writing: atomic, so a failed run never leaves half a file for the book to read ---------------------

def to_csv(rows: list[dict[str, str]]) -> str:
    return datapackage.dict_rows_csv(COLUMNS, rows)


VERDICTS_SPEC = {
    "description": "One row per coded claim (data/reference/claims.csv): what the reference record said on the claim's date, and the verdict.",
    "fields": [
        {"name": "claim_id", "type": "string", "description": "Claim id from data/reference/claims.csv.",
         "constraints": {"required": True, "unique": True}},
        {"name": "article_id", "type": "string", "description": "Article the claim is made in.", "constraints": {"required": True}},
        {"name": "paragraph", "type": "integer", "description": "Paragraph (1-based) holding the claim's evidence.",
         "constraints": {"required": True, "minimum": 1}},
        {"name": "as_of", "type": "date", "description": "Date the claim speaks of (first day of its week, month or year when vaguer).",
         "constraints": {"required": True}},
        {"name": "verdict", "type": "string", "description": "Verdict against the record.",
         "constraints": {"required": True, "enum": list(VERDICTS)}},
        {"name": "record", "type": "string", "description": "What the record said on as_of."},
        {"name": "explanation", "type": "string", "description": "One sentence on why."},
        {"name": "sources", "type": "string", "description": "\"|\"-separated source_ids (data/reference/sources.csv) behind the record rows used."},
    ],
    "primaryKey": ["claim_id"],
}
JSONLD_FILES = {
    "quotes": ("quotes.jsonld", "Every quotation of the extracted quotes table as a schema.org Quotation, linked to its article."),
    "claimreviews": ("claimreviews.jsonld", "Every verdict as a schema.org ClaimReview of the article's claim: the coded "
                     "claims, then the claims found by rule that no coded claim covers (reviewAspect: found by rule, not reviewed)."),
}


def descriptor() -> dict:
    """data/derived/datapackage.json.  Its rows point into the extracted tables (article_id, paragraph), which are
    another package (data/tables/), so those links are described in words rather than as foreign keys."""
    resources = [datapackage.resource("verdicts", VERDICTS_SPEC), datapackage.resource("found_claims", found.SPEC)]
    resources += [{"name": name, "path": path, "format": "jsonld", "mediatype": "application/ld+json",
                   "encoding": "utf-8", "description": text} for name, (path, text) in JSONLD_FILES.items()]
    return {
        "name": "post-soviet-security-blocs-derived",
        "title": "Post-Soviet security blocs: the fact-check of the articles' claims, and quotes and verdicts as JSON-LD",
        "description": "Derived from data/tables/ (the extracted tables) and data/reference/ (the record). article_id and "
                       "paragraph refer to data/tables/articles.csv and paragraphs.csv; sources to data/reference/sources.csv.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0; quoted text remains the publishers'"}],
        "resources": resources,
    }


def build(tables: Path, out: Path, reference_dir: Path | None = None, today: str = RECORD_DATE) -> list[dict[str, str]]:
    """Validate the record, write verdicts.csv and the JSON-LD files into `out`, datapackage.json last; return the rows."""
    problems = validate(reference_dir, tables, only_present_articles=True)
    if problems:
        raise SystemExit("The reference record has problems; no verdicts written:\n" + "\n".join(problems))
    ref = load_reference(reference_dir)
    articles = read_csv(tables / "articles.csv")
    # claims are coded per article: only those about articles in these tables are judged here
    claims = ref["claims"][ref["claims"]["article_id"].isin(set(articles["article_id"]))]
    rows = verdict_rows(claims, Record.load(reference_dir), today)
    out.mkdir(parents=True, exist_ok=True)
    (out / "datapackage.json").unlink(missing_ok=True)  # absent until every output below is in place
    texts = {"verdicts": to_csv(rows)}
    with open(tables / "quotes.csv", encoding="utf-8", newline="") as handle:  # streamed: 10^5 quotes, little memory
        jsonld.write(out / JSONLD_FILES["quotes"][0], jsonld.quotations(csv.DictReader(handle), articles))
    # claims found by rule in every article, judged by the same rules; the coded ones win where both read a sentence
    mentions, entities = read_csv(tables / "mentions.csv"), read_csv(tables / "entities.csv")
    found_rows = found.judged(found.find(read_csv(tables / "paragraphs.csv"), mentions, entities, set(ref["blocs"]["bloc_id"])),
                              articles, ref["claims"], Record.load(reference_dir), today, judge)
    texts["found_claims"] = found.to_csv(found_rows)
    broken = datapackage.problems(texts, resources={"verdicts": VERDICTS_SPEC, "found_claims": found.SPEC})
    if broken:  # a defect of this stage: nothing new is written and the old datapackage.json is already gone
        raise SystemExit("scripts.derive: the verdicts break their own schema; nothing written:\n  " + "\n  ".join(broken))
    for name, text in texts.items():
        write_text(out / f"{name}.csv", text)
    reviews = jsonld.claim_reviews(rows, ref["claims"], articles, today) + jsonld.found_claim_reviews(found_rows, articles, today)
    write_text(out / JSONLD_FILES["claimreviews"][0], jsonld.dumps(reviews))
    write_text(out / "datapackage.json", json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n")
    return rows


def main(argv: list[str] | None = None) -> None:
    """`python -m scripts.derive [--tables DIR] [--out DIR]`: run after scripts.extract."""
    parser = argparse.ArgumentParser(prog="python -m scripts.derive", description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=Path, default=paths.TABLES, help="extracted tables directory (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=paths.DERIVED, help="where the derived outputs go (default: %(default)s)")
    args = parser.parse_args(argv)
    rows = build(args.tables.resolve(), args.out.resolve())
    counts = pd.Series([r["verdict"] for r in rows], dtype=str).value_counts().to_dict()
    print(f"{len(rows)} verdicts -> {args.out}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
