"""The methods appendix: what the record's words mean, how claims are found, coded and judged, how quotes and speakers
are read and how accurate that is.  Every definition comes from the vocabulary (scripts/reference/vocab.py, which
reads the record's own datapackage.json) and every figure from the last `make eval` (data/eval/summary.json), so the
appendix cannot drift from the data it describes."""
from __future__ import annotations

import json

import pandas as pd

from scripts import paths
from scripts.book.myst import code, list_table, md_escape
from scripts.book.views import counted
from scripts.reference.vocab import (CLAIM_TYPE_MEANINGS, CONFIDENCE_MEANINGS, PRECISION_MEANINGS,
                                     SOURCE_KIND_MEANINGS, SOURCE_READ_MEANINGS, STATUS_MEANINGS, VERDICT_MEANINGS)

SUMMARY = paths.ROOT / "data" / "eval" / "summary.json"
QUOTE_COLUMNS = [("recall", "Quotes found"), ("precision", "Found that are quotes"),
                 ("named_speaker_accuracy", "Named speaker right"), ("via_accuracy", "Intermediary right"),
                 ("title_accuracy", "Title right")]
CORPUS_NAMES = {"seeds": "The two seed articles", "unseen": "Pages in real layouts, written for the test",
                "unseen-2": "More such pages, written after the rules and scored once before any change",
                "polnear-dev": "PolNeAR, development half", "polnear-test": "PolNeAR, held-out half"}


def _terms(meanings: dict[str, str], header: tuple[str, str]) -> str:
    return list_table(list(header), [[f"**{md_escape(k)}**", md_escape(v)] for k, v in meanings.items()],
                      classes="dossier-table", widths="22 78")


def _figure(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def accuracy(summary: dict) -> str:
    """The quote and speaker figures of the last `make eval`, one row per corpus."""
    rows = []
    for name, label in CORPUS_NAMES.items():
        fig = summary.get(name)
        if not fig:
            continue
        rows.append([md_escape(label), str(fig.get("articles", "")), str(fig.get("truth_quotes", ""))]
                    + [_figure(fig.get(key)) for key, _ in QUOTE_COLUMNS])
    if not rows:
        return "No evaluation has been recorded (`make eval` writes `data/eval/summary.json`)."
    table = list_table(["Corpus", "Articles", "Quotes", *[h for _, h in QUOTE_COLUMNS]], rows, classes="dossier-table")
    notes = [f"{md_escape(CORPUS_NAMES[name])}: {counted(fig['nested_left_out'], 'quotation', 'quotations')} "
             f"found inside other quotations {'are' if fig['nested_left_out'] != 1 else 'is'} not scored, because that "
             f"corpus marks double-quoted stretches only; counted as wrong, precision would be {_figure(fig.get('precision_with_nested'))}."
             for name in CORPUS_NAMES if (fig := summary.get(name)) and fig.get("nested_left_out")]
    return table + ("\n\n" + " ".join(notes) if notes else "")


def claims_accuracy(summary: dict) -> str:
    fig = summary.get("claims-fixtures")
    if not fig:
        return ""
    return (f"On invented articles written to hold every form, true and false, dated and undated "
            f"({counted(fig['statements'], 'statement', 'statements')}), the finder found {fig['found']} with precision {_figure(fig['precision'])} "
            f"and recall {_figure(fig['recall'])}, and {_figure(fig['verdict_accuracy'])} of its verdicts were right. "
            "Those articles were written beside the rules: the figures show that each form is read, not how often "
            "real prose uses it." + "".join(
                f" On {n} written after the rules ({counted(h['statements'], 'statement', 'statements')}, set "
                f"{name.rsplit('-', 1)[1]}), the finder now finds {h['found']}, precision {_figure(h['precision'])}, recall "
                f"{_figure(h['recall'])}, verdicts right {_figure(h['verdict_accuracy'])}."
                for name, h, n in ((k, v, counted(v["articles"], "article", "articles") if "articles" in v else "the articles")
                                   for k, v in sorted(summary.items())
                                   if k.startswith("claims-heldout-") and v)))


def corrections_summary(corrections: pd.DataFrame) -> str:
    kinds = corrections["kind"].value_counts()
    said = ", ".join(f"{n} {md_escape(k)}" for k, n in kinds.items())
    return (f"The record keeps every change made to it after it was first published in "
            f"{code('data/reference/corrections.csv')}: {len(corrections)} so far ({said}), each with the file, the "
            "row, the old and the new value, the source and the date.")


def date_rules() -> str:
    """What a period's start and end date mean, as the record's own README (data/reference/README.md) lays down:
    the rules the rows were coded by, shown in the book rather than restated."""
    text = (paths.REFERENCE / "README.md").read_text(encoding="utf-8")
    start = text.find("### What a start date is")
    end = text.find("\n## ", start)
    if start < 0 or end < 0:
        return ""
    return text[start:end].strip()


def markdown(summary: dict | None = None, corrections: pd.DataFrame | None = None) -> str:
    if summary is None:
        summary = json.loads(SUMMARY.read_text(encoding="utf-8")) if SUMMARY.is_file() else {}
    if corrections is None:
        corrections = pd.read_csv(paths.REFERENCE / "corrections.csv", dtype=str, keep_default_na=False)
    parts = [
        "## The reference record",
        "Every membership of a state in a bloc is a row with a status, a start and an end. A period is half-open: it "
        "includes its start and excludes its end, so a state that leaves on a day is no longer in on that day, and "
        "an empty end means the status still held when the record was last checked. The statuses:",
        _terms(STATUS_MEANINGS, ("Status", "Meaning")),
        "A claim that a state *is a member* is right only for a founding member or a member; a participant, "
        "associate, suspended, frozen or withdrawn state makes it partly right, and naming or omitting such a state "
        "in a list of members is not an error.",
        date_rules(),
        "Dates are kept at the precision the sources give, and shown at that precision (a year as 2009, a month as "
        "Jan 2013):",
        _terms(PRECISION_MEANINGS, ("Precision", "Meaning")),
        "Each row says how strongly it is known:",
        _terms(CONFIDENCE_MEANINGS, ("Confidence", "Meaning")),
        "and each source what kind it is and whether it was read for the record:",
        _terms({**SOURCE_KIND_MEANINGS, **{f"read: {k}": v for k, v in SOURCE_READ_MEANINGS.items()}}, ("Source", "Meaning")),
        "## Claims and verdicts",
        "A claim is a checkable statement in an article: its words (verbatim, with the paragraph they stand in), "
        "what it says in a machine form, and the date it speaks of (the article's date unless the sentence gives "
        "another). Claims are of these types:",
        _terms(CLAIM_TYPE_MEANINGS, ("Claim type", "What it says")),
        "Each claim is set beside the record as it stood on that date and gets one verdict:",
        _terms(VERDICT_MEANINGS, ("Verdict", "Meaning")),
        "Claims come two ways. **Coded** claims were read and written down by a person "
        f"({code('data/reference/claims.csv')}). **Found by rule** claims are read by a finder in every article "
        "— a bloc's members listed, one state's standing, a count of members, a state joining, leaving, suspending or "
        "freezing its part in a bloc — from where the names of states and blocs stand in a sentence, and judged by "
        "the same rules on the date the sentence gives, else on the article's date (a change reported without a date: "
        "on or before it); with neither, the claim is left unjudged. Where both read the same words, the coded claim "
        "stands. A wrong verdict is worse than a "
        "missed claim: the finder reads only the plainest forms and judges nothing the record keeps no rows for. "
        + claims_accuracy(summary),
        "## Quotes and speakers",
        "A quotation is the words between quotation marks in a paragraph, kept verbatim with their offsets, so "
        "every quote links to the paragraph it stands in. Its speaker is read from the sentence: the subject of a "
        "verb of saying before or after it, across an apposition (\u201cX, the minister, said\u201d); a role "
        "(\u201cthe diplomat\u201d) is resolved to the nearest person of that kind named before, and a pronoun to the "
        "subject of the nearest sentence before it whose gender agrees, as far as the article tells it (a title or a "
        "role, the pronouns it uses of them) or, where it does not, their first name (names given to one gender at "
        "least nine times in ten, from Faker\u2019s US lists). An outlet or "
        "document that carried the words (\u201cX told RIA Novosti\u201d, \u201caccording to the report\u201d) is "
        "recorded as the intermediary, not the speaker. Where nobody can be named, the speaker is left empty rather "
        "than guessed. How often this is right, measured by `make eval` on articles whose every quotation was "
        "marked by hand (PolNeAR: real US political news, annotated by its authors; the rules were written on its "
        "development half, the held-out half only reported):",
        accuracy(summary),
        "## Limits and corrections",
        "The dossier reads only what its articles say and what its record holds: a claim outside the record is "
        "*unverifiable*, which says nothing about whether it is true. The record covers the blocs of this dossier "
        "and the states in them, not every relation between them. Speakers are right most of the time, not always; "
        "a quote's link to its paragraph lets a reader check each one. "
        + corrections_summary(corrections)
        + " To report an error, open an issue with the row and a source; a correction is added as a row there, "
        "never made silently.",
    ]
    return "\n\n".join(parts)
