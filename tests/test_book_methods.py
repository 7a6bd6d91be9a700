"""The methods appendix (scripts/book/methods.py): every term of the vocabulary defined, every figure from the
evaluation summary it is given, nothing typed from the seeds."""
from __future__ import annotations

import json

import pandas as pd

from scripts import paths
from scripts.book import methods
from scripts.reference import vocab


def test_every_term_the_record_and_the_verdicts_use_is_defined():
    text = methods.markdown({}, pd.DataFrame({"kind": ["note", "corrected", "note"]}))
    for meanings in (vocab.STATUS_MEANINGS, vocab.VERDICT_MEANINGS, vocab.CONFIDENCE_MEANINGS,
                     vocab.PRECISION_MEANINGS, vocab.CLAIM_TYPE_MEANINGS):
        for term in meanings:
            assert f"* - **{methods.md_escape(term)}**" in text, term
    assert "3 so far (2 note, 1 corrected)" in text
    assert "No evaluation has been recorded" in text


def test_the_accuracy_table_shows_the_summary_it_is_given():
    summary = {"polnear-test": {"articles": 84, "truth_quotes": 524, "recall": 0.9656, "precision": 0.9134,
                                "named_speaker_accuracy": 0.8427, "via_accuracy": None, "title_accuracy": 0.9881},
               "claims-fixtures": {"statements": 10, "found": 9, "precision": 1.0, "recall": 0.9, "verdict_accuracy": 1.0}}
    text = methods.markdown(summary, pd.DataFrame({"kind": []}))
    assert "* - PolNeAR\\, held\\-out half\n  - 84\n  - 524\n  - 0.97\n  - 0.91\n  - 0.84\n  - –\n  - 0.99" in text
    assert "(10 statements), the finder found 9 with precision 1.00 and recall 0.90" in text
    assert "development half" not in text.split("## Quotes and speakers")[1].split("````")[1]  # only corpora given


def test_the_committed_summary_holds_no_article_text():
    summary = json.loads((paths.ROOT / "data/eval/summary.json").read_text(encoding="utf-8"))
    assert set(summary) >= {"seeds", "unseen", "claims-fixtures"}
    for figures in summary.values():
        assert all(isinstance(v, (int, float, str, type(None))) for v in figures.values())


def test_what_a_start_and_an_end_date_mean_is_in_the_book():
    text = methods.markdown({}, pd.DataFrame({"kind": []}))
    readme = (paths.REFERENCE / "README.md").read_text(encoding="utf-8")
    for heading in ("### What a start date is", "### What an end date is"):
        assert heading in text and heading in readme
    assert "Signing a withdrawal bill, a parliament's vote or a statement of intent does not end a row" in text


def test_counts_in_the_claims_and_nested_sentences_agree_with_their_nouns():
    summary = {"claims-fixtures": {"statements": 1, "found": 1, "precision": 1.0, "recall": 1.0, "verdict_accuracy": 1.0},
               "claims-heldout-1": {"articles": 2, "statements": 13, "found": 13, "precision": 1.0, "recall": 1.0, "verdict_accuracy": 1.0},
               "claims-heldout-2": {"articles": 1, "statements": 1, "found": 1, "precision": 1.0, "recall": 1.0, "verdict_accuracy": 1.0},
               "polnear-dev": {"articles": 60, "truth_quotes": 358, "recall": 0.97, "precision": 0.97, "nested_left_out": 1,
                               "precision_with_nested": 0.96}}
    text = methods.markdown(summary, pd.DataFrame({"kind": []}))
    assert "dated and undated (1 statement), the finder found 1" in text
    assert "On 2 articles written after the rules (13 statements, set 1)" in text
    assert "On 1 article written after the rules (1 statement, set 2)" in text
    assert ": 1 quotation found inside other quotations is not scored" in text
    assert "1 articles" not in text and "1 statements" not in text
