"""Stage 2, derive: claims found by rule in every article (data/tables -> data/derived/found_claims.csv).

The hand-coded claims (data/reference/claims.csv) cover the articles someone has read closely.  Here, membership
statements are found in any article from its paragraphs and its gazetteer mentions, written as claim rows in the
same shape as claims.csv, and judged by the same rules (scripts.derive.verdicts).  The forms, all read from the
mentions' positions and a few function words, never from any one article's wording:

- a bloc's members listed:  "the CSTO countries -- A, B and C --", "CSTO members (which include A, B and C)",
  "A, B and C, members of the SCO", "the SCO's members: A, B and C";
- one state's standing:     "Georgia, a CIS member", "India, an SCO observer", "Belarus, a member of the SCO";
- a count of members:       "the six-member CSTO", "the SCO's ten members";
- a change of standing:     "Iran joined the SCO in 2023", "In 2009, Georgia left the CIS", "Armenia froze its
                            participation in the CSTO in February 2024", "Uzbekistan suspended its membership in the CSTO".

Precision over recall: a sentence is read only when the states and the bloc stand in one of these shapes with
nothing but list punctuation between them; a list is taken as the whole membership ("exhaustive") only when a
definite "the <bloc> countries/members" introduces it with a dash, colon or bracket and no "include"/"such as";
states the sentence names outside the list are set apart by it, not left out.  A change is read only when the states
open the clause, the verb follows them with nothing but an auxiliary or an adverb between, and nothing but a date, a
conjunction or punctuation follows the bloc (so "left the CSTO summit" and "may have suspended" are not read).  A
claim is judged on the date the sentence gives ("in 2023", "on July 4, 2023", "In 2009, ..."), else on the article's
date (a change: on or before it); with neither, it gets no verdict ("unverifiable", and says why).

A found claim whose evidence overlaps a coded claim of the same article, paragraph and bloc is marked as matched:
the coded claim, reviewed by a person, is the one the book shows.  Every other found claim is "found by rule, not
reviewed", and carries the claims.csv row that would promote it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from scripts.extract import schema as datapackage
from scripts.raw.page import MONTH_NAME
from scripts.reference import split_ids
from scripts.reference.vocab import FULL, STATE_KINDS

COLUMNS = ("found_id", "article_id", "paragraph", "start", "end", "evidence", "form", "claim_type", "bloc_id",
           "states", "excludes", "exhaustive", "claimed_status", "count", "as_of", "as_of_precision", "dated_by",
           "verdict", "record",
           "explanation", "sources", "review", "matched_claim_id", "promote")
REVIEW_FOUND = "found by rule, not reviewed"
REVIEW_MATCHED = "matched a reviewed claim"

NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
NUMBER = r"(?:\d{1,2}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
# Between two states of a list: a comma, "and", "or", "as well as", with the serial comma or not.
LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|as well as)\s+)\s*$", re.I)
# Nouns for the members of a bloc, after the bloc's name or its possessive.
MEMBER_NOUN = r"(?:member[- ]states|member[- ]countries|members|countries|states|nations)"
# The statuses a single state can be given in apposition, mapped to the record's vocabulary.
STATUS_NOUNS = {"member": "member", "member state": "member", "member-state": "member", "member country": "member",
                "founding member": "member", "newest member": "member", "full member": "member",
                "observer": "observer", "observer state": "observer", "dialogue partner": "dialogue partner",
                "partner": "partner"}
# "the 12-member CSTO delegation": the number counts the group after the bloc's name, not the bloc's members.
GROUP_AFTER = re.compile(r"^\s+(?:[a-z]+\s+)?(?:delegation|delegations|force|forces|team|teams|staff|secretariat|mission|"
                         r"contingent|contingents|council|committee|commission|group|panel|unit|units|battalion|"
                         r"battalions|brigade|troops|monitors|observers|board)\b", re.I)
# "the Russia-led CSTO", "the Moscow-dominated CIS": a leader named before the bloc says nothing of membership.
LED = r"(?:(?:Russia|Moscow|China|Beijing|Kremlin|U\.?S\.?|Washington|Western)[- ](?:led|dominated|backed|centered|centred)\s+)?"
STATUS_NOUN = "|".join(sorted((re.escape(k) for k in STATUS_NOUNS), key=len, reverse=True))

# --- changes of standing: the verb right after the states, the bloc right after the verb ------------------------
MONTH = MONTH_NAME
# "2023", "July 2023", "July 4, 2023", "4 July 2023", "the summer of 2012", "early 2023"
DATE = (rf"(?:(?:early|late|mid-?)\s*|the\s+(?:spring|summer|autumn|fall)\s+of\s+)?"
        rf"(?:(?P<d1>\d{{1,2}})\s+)?(?:(?P<month>{MONTH})\.?\s+)?(?:(?P<d2>\d{{1,2}}),?\s+)?(?P<year>(?:19|20)\d\d)\b")
ORDINAL = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d{1,2}(?:st|nd|rd|th))"
CHANGE_VERBS = {
    "joined": r"joined|re-?joined|returned\s+to|acceded\s+to|(?:was|were)\s+admitted\s+(?:in)?to|became\s+(?:(?:a|an|the|its)\s+)?"
              rf"(?:(?:full(?:-fledged)?|newest|latest|{ORDINAL})\s+)*(?:members?|member\s+states?)\s+of",
    "left": r"left|quit|withdrew\s+from|pulled\s+out\s+of|exited",
    "never_joined": r"(?:never|not)\s+(?:yet\s+)?joined|(?:has|have|had)n[’']t\s+(?:yet\s+)?joined|"
                    r"never\s+been\s+(?:a\s+)?(?:full\s+)?member\s+of",
    "suspended": r"suspended\s+(?:its|their)\s+(?:membership|participation)\s+in",
    "frozen": r"(?:froze|frozen)\s+(?:its|their)\s+(?:membership|participation)\s+in",
}
CHANGE = re.compile(r"^(?:\s*,\s*(?P<which>which|that)\s+|\s+)(?:(?:has|have|had)\s+)?(?:(?:officially|formally|finally|eventually|also|then|later|"
                    r"itself|themselves|effectively)\s+)?(?:" + "|".join(f"(?P<{k}>{v})" for k, v in CHANGE_VERBS.items())
                    + r")\s+(?:the\s+)?" + LED + "$", re.I)
# Before the states: nothing, a clause boundary, or a date that opens the sentence ("In 2009, Georgia left ...").
CHANGE_OPENS = re.compile(rf"^(?:(?:In|On|Back in)\s+(?P<lead>{DATE})\s*,\s*|"
                          r"|.*(?:[,;:]|--|—|–)\s*(?:(?:and|but|so|while|whereas|then)\s+)?)$",
                          re.I | re.S)
# After the bloc: the end of the clause, a date, or a conjunction; anything else (a noun: "the CSTO summit") is not read.
CHANGE_ENDS = re.compile(rf"^(?:\s*\([A-Z]{{2,6}}\))?"
                         rf"(?P<as>\s+as\s+(?:a|an|its)\s+(?:(?:full(?:-fledged)?|newest|{ORDINAL})\s+)?member\b)?(?:\s*$|\s*[,.;:!?)]|\s*(?:--|—|–)|\s+(?:back\s+)?(?:in|on)\s+(?P<tail>{DATE})|"
                         r"\s+(?:and|but|after|before|following|when|because|amid|last|this|earlier|shortly|soon|recently|"
                         r"years?|months?)\b)", re.I)


def _date(m: re.Match | None, group: str) -> tuple[str, str]:
    """(YYYY-MM-DD, precision) of a DATE match's named group, or ("", "") when there is none."""
    if m is None or not m.group(group):
        return "", ""
    inner = re.search(DATE, m.group(group), re.I)
    year, month = int(inner.group("year")), inner.group("month")
    day = inner.group("d1") or inner.group("d2")
    if not month:
        return f"{year:04d}-01-01", "year"
    number = dt.datetime.strptime(month[:3].title(), "%b").month
    if day:
        try:
            return dt.date(year, number, int(day)).isoformat(), "day"
        except ValueError:
            return "", ""
    return f"{year:04d}-{number:02d}-01", "month"


@dataclass
class Mention:
    start: int
    end: int
    entity: str
    kind: str


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a full stop, question or exclamation mark followed by a space and a capital or a quote."""
    bounds, start = [], 0
    for m in re.finditer(r"[.?!][\"”’)]*\s+(?=[A-Z\"“‘(])", text):
        if re.search(r"\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|U\.S|U\.N)\.$", text[start:m.start() + 1]):
            continue
        bounds.append((start, m.end()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def _state_runs(text: str, states: list[Mention]) -> list[list[Mention]]:
    """Maximal runs of state mentions joined only by list punctuation ("A, B, and C")."""
    runs: list[list[Mention]] = []
    for m in states:
        if runs and LIST_GLUE.match(text[runs[-1][-1].end:m.start]):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _claim(article_id, paragraph, text, start, end, form, claim_type, bloc, states, excludes=(), exhaustive="",
           status="member", count="", as_of=("", "")) -> dict:
    return {"article_id": article_id, "paragraph": paragraph, "start": start, "end": end,
            "evidence": text[start:end], "form": form, "claim_type": claim_type, "bloc_id": bloc,
            "states": "|".join(states), "excludes": "|".join(sorted(excludes)), "exhaustive": exhaustive,
            "claimed_status": status, "count": str(count), "as_of": as_of[0], "as_of_precision": as_of[1]}


def _change(article_id, paragraph, text, s_start, run: list[Mention], bloc: Mention, s_end: int) -> dict | None:
    """"Iran joined the SCO in 2023" (see CHANGE, CHANGE_OPENS, CHANGE_ENDS), or None."""
    verb = CHANGE.match(text[run[-1].end:bloc.start])
    # "India, which joined the SCO in 2017, ..." says it of India wherever India stands in the sentence
    opens = CHANGE_OPENS.match("" if verb and verb.group("which") else text[s_start:run[0].start])
    ends = CHANGE_ENDS.match(text[bloc.end:s_end])
    if not (verb and opens and ends):
        return None
    if verb.group("which") and len(run) > 1:
        return None  # "Russia and Georgia, which joined ...": the clause may speak of the last state only
    change = next(k for k in CHANGE_VERBS if verb.group(k))
    when = _date(ends, "tail") if ends.group("tail") else _date(opens, "lead")
    if ends.group("tail") and not when[0]:
        return None
    hi = bloc.end + max(ends.end("tail") if ends.group("tail") else 0, ends.end("as") if ends.group("as") else 0)
    lo = s_start if opens.group("lead") else run[0].start
    return _claim(article_id, paragraph, text, lo, hi, "change of standing", "change", bloc.entity,
                  [x.entity for x in run], status=change, as_of=when)


def find_in_paragraph(article_id: str, paragraph: int, text: str, mentions: list[Mention],
                      bloc_ids: set[str]) -> list[dict]:
    """The membership statements of one paragraph (see the module's docstring for the forms)."""
    found: list[dict] = []
    for s_start, s_end in _sentences(text):
        inside = [m for m in mentions if s_start <= m.start < s_end]
        states = [m for m in inside if m.kind in STATE_KINDS]
        blocs = [m for m in inside if m.kind == "bloc" and m.entity in bloc_ids]
        if not blocs:
            continue
        runs = _state_runs(text, states)
        used: set[int] = set()
        for bloc in blocs:
            # "Iran joined the SCO in 2023": the run of states right before the verb right before the bloc
            for run in runs:
                if id(run) not in used and run[-1].end <= bloc.start:
                    claim = _change(article_id, paragraph, text, s_start, run, bloc, s_end)
                    if claim:
                        used.add(id(run))
                        found.append(claim)
            before = text[s_start:bloc.start]
            after_bloc = text[bloc.end:s_end]
            # "the six-member CSTO" / "the SCO's ten members"
            m = re.search(rf"\b({NUMBER})[- ]member\s*$", before, re.I)
            n = re.match(rf"^(?:'s|’s)\s+({NUMBER})\s+{MEMBER_NOUN}\b", after_bloc, re.I)
            if (m or n) and not (m and GROUP_AFTER.match(after_bloc)):
                word = (m or n).group(1).lower()
                count = int(word) if word.isdigit() else NUMBERS[word]
                lo = bloc.start - len(m.group(0)) if m else bloc.start
                hi = bloc.end if m else bloc.end + n.end()
                found.append(_claim(article_id, paragraph, text, lo, hi, "count", "count", bloc.entity, [], count=count))
            # "the CSTO countries -- A, B and C" / "CSTO members (which include A, B ...)" / "the SCO's members: A, B"
            intro = re.match(rf"^(?:'s|’s)?\s+{MEMBER_NOUN}\s*(--|—|–|:|\(|,)?\s*(\(?\s*(?:which|that|who)?\s*"
                             r"(?:include|includes|including|such as|among them|like)\b)?\s*", after_bloc, re.I)
            if intro:
                at = bloc.end + intro.end()
                run = next((r for r in runs if r[0].start == at and id(r) not in used), None)
                if run is not None and len(run) >= 2:
                    used.add(id(run))
                    definite = bool(re.search(r"\bthe\s+$", before, re.I))
                    whole = definite and intro.group(1) in ("--", "—", "–", ":", "(") and not intro.group(2)
                    listed = {x.entity for x in run}
                    others = {x.entity for x in states if x.entity not in listed}
                    lo = bloc.start - (4 if definite else 0)
                    found.append(_claim(article_id, paragraph, text, lo, run[-1].end, "members listed", "members_of",
                                        bloc.entity, [x.entity for x in run], others if whole else (),
                                        "yes" if whole else ""))
                    continue
            # "A, B and C, (all) (the) members of the SCO"
            for run in runs:
                if id(run) in used or run[-1].end > bloc.start:
                    continue
                between = text[run[-1].end:bloc.start]
                if re.fullmatch(rf",?\s*(?:all\s+|both\s+)?(?:the\s+)?(?:(?:fellow|founding|full)\s+)?{MEMBER_NOUN}\s+of\s+(?:the\s+)?{LED}", between, re.I) \
                        and len(run) >= 2:
                    used.add(id(run))
                    found.append(_claim(article_id, paragraph, text, run[0].start, bloc.end, "members listed",
                                        "members_of", bloc.entity, [x.entity for x in run]))
                    break
                # "China and Russia, the SCO's two largest members": a list, not given as the whole membership
                if len(run) >= 2 and re.fullmatch(r",\s*(?:both\s+|all\s+)?the\s+", between, re.I) and \
                        (own := re.match(rf"^(?:'s|’s)\s+(?:[a-z-]+\s+){{0,3}}?{MEMBER_NOUN}\b", after_bloc, re.I)):
                    used.add(id(run))
                    found.append(_claim(article_id, paragraph, text, run[0].start, bloc.end + own.end(),
                                        "members listed", "members_of", bloc.entity, [x.entity for x in run]))
                    break
                # "Georgia, a CIS member" / "India, an SCO observer" / "Belarus, a member of the SCO", and with a
                # present-tense copula: "Belarus is the SCO's newest member", "Iran is a member of the SCO"
                if len(run) == 1:
                    lead = r"(?:,\s*(?:then\s+|now\s+|already\s+|itself\s+)?|\s+(?:is|remains)\s+(?:now\s+|still\s+|also\s+)?)"
                    pre = re.fullmatch(lead + r"(?:a|an|the)\s+", between, re.I)
                    post = re.match(rf"^(?:'s|’s)?\s+({STATUS_NOUN})\b", after_bloc, re.I)
                    of = re.fullmatch(lead + rf"(?:a|an|the)\s+(?:(?:full|founding|newest)\s+)?"
                                      rf"({STATUS_NOUN})\s+of\s+(?:the\s+)?{LED}", between, re.I)
                    if (pre and post) or of:
                        noun = (post.group(1) if pre and post else of.group(1)).lower()
                        hi = bloc.end + (post.end() if pre and post else 0)
                        used.add(id(run))
                        found.append(_claim(article_id, paragraph, text, run[0].start, hi, "one state's standing",
                                            "member", bloc.entity, [run[0].entity], status=STATUS_NOUNS[noun]))
                        break
    return found


def find(paragraphs: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame, bloc_ids: set[str]) -> list[dict]:
    """Every found claim of the tables, in article and paragraph order."""
    kinds = dict(zip(entities["entity_id"], entities["kind"]))
    by_par: dict[tuple[str, int], list[Mention]] = {}
    for row in mentions.itertuples(index=False):
        by_par.setdefault((row.article_id, int(row.paragraph)), []).append(
            Mention(int(row.start), int(row.end), row.entity_id, kinds.get(row.entity_id, "")))
    out: list[dict] = []
    for row in paragraphs.itertuples(index=False):
        ms = sorted(by_par.get((row.article_id, int(row.paragraph)), []), key=lambda m: m.start)
        if any(m.kind == "bloc" for m in ms):
            out += find_in_paragraph(row.article_id, int(row.paragraph), row.text, ms, bloc_ids)
    return out


def judged(found: list[dict], articles: pd.DataFrame, coded: pd.DataFrame, record, today: str,
           judge: Callable) -> list[dict]:
    """Found claims with their date, verdict, review status and the claims.csv row that would promote them.
    `judge(claim, record, today)` is the fact-check's rule for a claim row (scripts.derive.verdicts.judge)."""
    dates = dict(zip(articles["article_id"], articles["published"].fillna("")))
    rows = []
    counters: dict[tuple[str, int], int] = {}
    tracked = _tracked(record)
    for claim in found:
        if (claim["bloc_id"], claim["claimed_status"] if claim["claim_type"] == "member" else "member") not in tracked:
            # the record keeps no such rows for this bloc (no memberships at all, or never this status): judging
            # against it would call a true statement contradicted
            continue
        key = (claim["article_id"], claim["paragraph"])
        counters[key] = counters.get(key, 0) + 1
        row = {**claim, "found_id": f"{claim['article_id']}-p{claim['paragraph']}-f{counters[key]}"}
        if claim["as_of"]:
            as_of, row["dated_by"] = claim["as_of"], "the sentence"
        else:
            as_of, row["dated_by"] = dates.get(claim["article_id"], ""), "the article"
            # a change in the past tense happened on or before the article's date, not on it
            row["as_of_precision"] = ("by" if claim["claim_type"] == "change" else "day") if as_of else ""
        row["as_of"] = as_of
        if not as_of:
            row["dated_by"] = ""
            row.update({"verdict": "unverifiable", "record": "", "sources": "",
                        "explanation": "Neither the sentence nor the article gives a date, so the claim cannot be set "
                                       "against the record; it is left unjudged rather than judged on a guess."})
        else:
            j = judge(pd.Series({**claim, "as_of": as_of, "as_of_precision": row["as_of_precision"]}), record, today)
            row.update({"verdict": j.verdict, "record": j.record, "explanation": j.explanation,
                        "sources": "|".join(dict.fromkeys(j.sources))})
        match = _matching(claim, coded)
        row["review"] = REVIEW_MATCHED if match else REVIEW_FOUND
        row["matched_claim_id"] = match
        row["promote"] = "" if match or claim["claim_type"] == "count" else _promotion(row)
        rows.append({c: str(row.get(c, "")) for c in COLUMNS})
    return rows


def _tracked(record) -> set[tuple[str, str]]:
    """(bloc, status) pairs the record has rows for; a full member counts as a member."""
    pairs = set(zip(record.memberships["bloc_id"], record.memberships["status"]))
    return pairs | {(b, "member") for b, status in pairs if status in FULL}


def _matching(claim: dict, coded: pd.DataFrame) -> str:
    """The coded claim of the same article, paragraph and bloc whose evidence overlaps the found evidence."""
    same = coded[(coded["article_id"] == claim["article_id"]) & (coded["paragraph"].astype(str) == str(claim["paragraph"]))
                 & (coded["bloc_id"] == claim["bloc_id"])]
    for _, c in same.iterrows():
        evidence = c["evidence"]
        same_states = bool(set(split_ids(c["states"])) & set(split_ids(claim["states"])))
        if evidence and (evidence in claim["evidence"] or claim["evidence"] in evidence
                         or (same_states and c["claim_type"] == claim["claim_type"])):
            return c["claim_id"]
    return ""


def _promotion(row: dict) -> str:
    """The claims.csv line that would make this found claim a reviewed one (to be checked by a person first)."""
    fields = {"claim_id": "c-" + row["found_id"], "article_id": row["article_id"], "paragraph": row["paragraph"],
              "evidence": row["evidence"], "subject": row["states"],
              "predicate": ("are members of" if row["claim_type"] == "members_of" else row["claimed_status"]
                            if row["claim_type"] == "change" else f"is a {row['claimed_status']} of"),
              "object": row["bloc_id"], "as_of": row["as_of"], "as_of_precision": row["as_of_precision"],
              "claim_type": row["claim_type"], "bloc_id": row["bloc_id"], "other_bloc_id": "", "states": row["states"],
              "excludes": row["excludes"], "exhaustive": row["exhaustive"], "actors": "", "event_id": "",
              "claimed_status": row["claimed_status"], "note": "Found by rule; check the reading before adding."}
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(fields.values())
    return buffer.getvalue()


def to_csv(rows: list[dict]) -> str:
    return datapackage.dict_rows_csv(COLUMNS, rows)


SPEC = {
    "description": "Membership statements found by rule in every article (scripts/derive/found.py) and judged against "
                   "the record on the article's date. Found claims are not reviewed unless matched to data/reference/claims.csv.",
    "fields": [
        {"name": "found_id", "type": "string", "description": "article_id-p<paragraph>-f<n>.", "constraints": {"required": True, "unique": True}},
        {"name": "article_id", "type": "string", "description": "Article.", "constraints": {"required": True}},
        {"name": "paragraph", "type": "integer", "description": "Paragraph (1-based).", "constraints": {"required": True, "minimum": 1}},
        {"name": "start", "type": "integer", "description": "Offset of the evidence in the paragraph text.", "constraints": {"required": True, "minimum": 0}},
        {"name": "end", "type": "integer", "description": "End offset (exclusive).", "constraints": {"required": True, "minimum": 1}},
        {"name": "evidence", "type": "string", "description": "The words, verbatim (paragraph text[start:end]).", "constraints": {"required": True}},
        {"name": "form", "type": "string", "description": "Which form was read.", "constraints": {"required": True, "enum": ["members listed", "one state's standing", "count", "change of standing"]}},
        {"name": "claim_type", "type": "string", "description": "As in claims.csv (count: a number of members).", "constraints": {"required": True}},
        {"name": "bloc_id", "type": "string", "description": "Bloc (data/reference/blocs.csv).", "constraints": {"required": True}},
        {"name": "states", "type": "string", "description": "'|'-separated states named."},
        {"name": "excludes", "type": "string", "description": "States the sentence names outside the list (set apart, not left out)."},
        {"name": "exhaustive", "type": "string", "description": "yes when the list is given as the whole membership."},
        {"name": "claimed_status", "type": "string", "description": "Status claimed for the states."},
        {"name": "count", "type": "string", "description": "Number of members claimed (count form)."},
        {"name": "as_of", "type": "string", "description": "Date judged on: the date the sentence gives, else the article's date (empty when there is neither)."},
        {"name": "as_of_precision", "type": "string", "description": "How precisely as_of is known (day, month, year); 'by' for a change the sentence does not date: on or before the article's date.", "constraints": {"enum": ["", "day", "week", "month", "year", "by"]}},
        {"name": "dated_by", "type": "string", "description": "Where as_of comes from.", "constraints": {"enum": ["", "the sentence", "the article"]}},
        {"name": "verdict", "type": "string", "description": "Verdict against the record.", "constraints": {"required": True}},
        {"name": "record", "type": "string", "description": "What the record said on as_of."},
        {"name": "explanation", "type": "string", "description": "Why, in words."},
        {"name": "sources", "type": "string", "description": "'|'-separated source_ids behind the record rows used."},
        {"name": "review", "type": "string", "description": "Found by rule, not reviewed; or matched a reviewed claim.", "constraints": {"required": True, "enum": [REVIEW_FOUND, REVIEW_MATCHED]}},
        {"name": "matched_claim_id", "type": "string", "description": "The coded claim (claims.csv) it matched, whose verdict stands."},
        {"name": "promote", "type": "string", "description": "The claims.csv row that would promote it, after a person checks it."},
    ],
    "primaryKey": ["found_id"],
}
