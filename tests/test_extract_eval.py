"""Extraction on articles nobody tuned it to (issue 8): the evaluation harness, its floors, and every page layout and
attribution form of the unseen fixtures row by row."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, read_csv, run_pipeline
from test_tables import EXPECTED_QUOTES

from scripts.eval import corpora
from scripts.eval.__main__ import run
from scripts.eval.score import speaker_match, text_match
from scripts.raw.page import parse_date

UNSEEN = FIXTURES / "unseen"
TRUTH = json.loads((UNSEEN / "truth.json").read_text(encoding="utf-8"))["articles"]

# Floors at what the extraction reaches today (issue 8 targets in the comments): a regression fails here.
FLOORS = {
    "seeds": {"recall": 1.0, "precision": 1.0, "speaker_accuracy": 1.0, "via_accuracy": 1.0, "title_accuracy": 1.0,
              "author_accuracy": 1.0, "date_accuracy": 1.0},
    "unseen": {"recall": 1.0, "precision": 1.0, "speaker_accuracy": 0.98, "named_speaker_accuracy": 0.98,
               "via_accuracy": 0.98, "title_accuracy": 1.0, "author_accuracy": 1.0, "date_accuracy": 0.91},
    # written after the rules of stop 17; first score recall 1.0, precision 1.0, speaker 24 of 26
    "unseen-2": {"recall": 1.0, "precision": 1.0, "speaker_accuracy": 1.0, "named_speaker_accuracy": 1.0,
                 "via_accuracy": 1.0, "title_accuracy": 1.0, "author_accuracy": 1.0, "date_accuracy": 1.0},
    "polnear-dev": {"recall": 0.969, "precision": 0.972, "named_speaker_accuracy": 0.986, "title_accuracy": 0.966},
    # targets: recall >= 0.95, precision >= 0.93, named speaker >= 0.90
    "polnear-test": {"recall": 0.969, "precision": 0.96, "named_speaker_accuracy": 0.92, "title_accuracy": 0.988},
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(FLOORS))
def test_eval_figures_hold_their_floor(name):
    found = corpora.load()
    corpus = next((c for c in found if c.name == name), None)
    if corpus is None:
        pytest.skip(f"{name} is not available here (../shared/corpus/polnear)")
    figures = run(corpus).figures()
    assert figures["lost"] == 0, figures["lost_files"]
    low = {k: (figures[k], floor) for k, floor in FLOORS[name].items() if figures[k] is None or figures[k] < floor}
    assert not low, low


def test_seed_truth_is_the_pinned_rows():
    """tests/truth/seeds.json (read by `make eval`) and the rows test_tables.py pins say the same thing."""
    truth = json.loads((ROOT / "tests/truth/seeds.json").read_text(encoding="utf-8"))["articles"]
    ids = {"2014-04-24-csto-to-cut-contacts-with-nato.txt": EXPECTED_QUOTES[0][0],
           "2014-09-02-russia-abkhazia-south-ossetia-anti-nato.txt": EXPECTED_QUOTES[-1][0]}
    rows = []
    for file, article in truth.items():
        rows += [(ids[file], q["paragraph"], q["kind"], " ".join(q["text"].split())[:40], q["speaker"], q["speaker_as_written"],
                  q["via"], q["attribution"]) for q in article["quotes"]]
        rows += [(ids[file], t["paragraph"], "term", t["text"][:40], "", "", "", "") for t in article["terms"]]
    assert sorted(rows) == sorted(EXPECTED_QUOTES)


def test_text_and_speaker_matching_rules():
    assert text_match("“Nobody knows,”", '"nobody knows"')
    assert text_match("We trade with everyone and fight with no one", "We trade with everyone and fight with no one.")
    assert not text_match("We trade", "We trade with everyone and fight with no one")  # under 80% of the length
    assert speaker_match("Bordyuzha", "Nikolay Bordyuzha") and speaker_match("Mr. Obama", "Barack Obama")
    assert speaker_match("the Institute for Border Studies report", "Institute for Border Studies")
    assert not speaker_match("diplomat", "Bakhtiyor Yusupov") and not speaker_match("", "Jane Doe")
    assert speaker_match("", "")


def test_a_quotation_inside_a_quotation_is_scored_only_where_the_truth_marks_such():
    """PolNeAR marks double-quoted stretches only: a row nested in another is left out there, and counted apart."""
    from scripts.eval.score import Tally, score_article

    truth = {"quotes": [{"text": "He told me, 'Go home.' And I did.", "speaker": "Jane Roe"}], "partial_quotes": []}
    rows = [{"text": "He told me, 'Go home.' And I did.", "speaker": "Jane Roe", "kind": "quote", "parent_quote_id": ""},
            {"text": "Go home.", "speaker": "John Roe", "kind": "quote", "parent_quote_id": "a-p1-q1"}]
    flat, nested = Tally(), Tally()
    score_article(flat, "a.txt", truth, {"title": ""}, rows, nested=False)
    score_article(nested, "a.txt", truth, {"title": ""}, rows, nested=True)
    assert (flat.figures()["precision"], flat.figures()["nested_left_out"], flat.figures()["precision_with_nested"]) == (1.0, 1, 0.5)
    assert (nested.figures()["precision"], nested.figures()["nested_left_out"]) == (0.5, 0)


@pytest.mark.parametrize("written, iso", [
    ("Apr 24, 2014", "2014-04-24"), ("Sept 2 2014", "2014-09-02"), ("September 2, 2014 - 8:29am, by Jane Doe", "2014-09-02"),
    ("Posted: October 6, 2012 in Tajikistan", "2012-10-06"), ("By Eurasianet March 28, 2023", "2023-03-28"),
    ("05.01.2022", "2022-01-05"), ("5 января 2022", "2022-01-05"), ("24 апреля 2014 г.", "2014-04-24"),
    ("2021-06-08T10:15:00+04:00", "2021-06-08"), ("Jan. 5, 2022", "2022-01-05"), ("24 April 2014", "2014-04-24"),
    ("Apr 31, 2014", ""), ("31.02.2020", ""), ("no date here", ""),
])
def test_dates_in_english_russian_and_numeric_forms(written, iso):
    assert parse_date(written) == iso


@pytest.fixture(scope="module")
def unseen_tables(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("unseen-tables")
    assert run_pipeline(UNSEEN, out) == 0
    return out


# What the extraction still gets wrong on the fixtures, named so that a fix (or a new error) shows here.
KNOWN_GAPS = {
    ("u05-copyright-header-list-authors.txt", "date"): "",  # the page gives only the month (2025-07)
    ("u15-excerpt-no-title.txt", "The scenario is the defense of a member state's territory against an armed incursion"): "",
}


def canonical(name: str) -> str:
    """An outlet as the gazetteer names it ("RFE/RL" -> "Radio Free Europe/Radio Liberty"); other names as they are."""
    from scripts.extract.gazetteer import matcher_for

    matcher = matcher_for()
    eid = matcher.alias_to_id.get(name)
    return matcher.entities[eid].name if eid else name


@pytest.mark.parametrize("file", sorted(TRUTH))
def test_unseen_layout_and_attribution_row_by_row(unseen_tables, file):
    """Every layout (site chrome, 'X' chrome, bylines alone, 'Posted: ... in', the '(C) EurasiaNet' header with a
    '[1]' title and an author list, captions, forum reposts, title suffixes, HTML with and without JSON-LD) gives the
    title, author and date a reader sees; every attribution form gives the speaker and intermediary a reader names."""
    truth = TRUTH[file]
    article = next(r for r in read_csv(unseen_tables / "articles.csv") if r["source_file"] == file)
    assert article["title"] == truth.get("title", "")
    assert article["author"] == truth.get("author", article["author"] if "author" not in truth else "")
    expected_date = KNOWN_GAPS.get((file, "date"), truth.get("date", ""))
    if "date" in truth:
        assert article["published"] == expected_date
    rows = [r for r in read_csv(unseen_tables / "quotes.csv") if r["article_id"] == article["article_id"] and r["kind"] != "term"]
    assert len(rows) == len(truth["quotes"])
    for row, q in zip(rows, truth["quotes"]):
        assert text_match(row["text"], q["text"]), (row["text"], q["text"])
        want = KNOWN_GAPS.get((file, q["text"]), q["speaker"] if q.get("named", True) else None)
        if want is None:  # an unnamed source: its description or nothing, never a name
            assert row["speaker"] == "" or set(row["speaker"].lower().split()) <= set(q["speaker"].lower().split()), row["speaker"]
        else:
            assert row["speaker"] == want or any(row["speaker"] == a for a in q.get("alt", [])), (row["text"], row["speaker"], want)
        assert row["via"] == canonical(q["via"]), (row["text"], row["via"], q["via"])


def test_nothing_lost_same_byline_no_date_and_no_title(tmp_path):
    """Two different articles with the same byline and no date, an excerpt with no title, and a copy of one with
    other chrome around it: three articles, distinct stable ids, the copy counted once."""
    seeds = tmp_path / "in"
    seeds.mkdir()
    for name in ("u02-x-chrome-byline-only.txt", "u14-same-byline-no-date.txt", "u15-excerpt-no-title.txt"):
        shutil.copy(UNSEEN / name, seeds / name)
    body = (UNSEEN / "u02-x-chrome-byline-only.txt").read_text(encoding="utf-8").replace("X\nX\nX\n", "Skip to main content\nMain Menu\n")
    (seeds / "z-copy.txt").write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    assert run_pipeline(seeds, out) == 0
    ids = {r["source_file"]: r["article_id"] for r in read_csv(out / "articles.csv")}
    assert ids == {"u02-x-chrome-byline-only.txt": "undated-kyrgyzstan-hosts-drills-near-the-tajik-border",
                   "u14-same-byline-no-date.txt": "undated-kyrgyz-and-kazakh-border-guards-agree-on-a-hotline",
                   "u15-excerpt-no-title.txt": "undated-u15-excerpt-no-title"}
    sources = {r["source_file"]: (r["status"], r["article_id"]) for r in read_csv(out / "sources.csv")}
    assert sources["z-copy.txt"] == ("duplicate", "undated-kyrgyzstan-hosts-drills-near-the-tajik-border")


def test_same_title_and_date_different_text_are_two_articles(tmp_path):
    seeds = tmp_path / "in"
    seeds.mkdir()
    head = "Border talks resume\n\nBy Jane Doe\n\n"
    (seeds / "a.txt").write_text(head + "The first round of talks opened on Monday in a town near the border.\n", encoding="utf-8")
    (seeds / "b.txt").write_text(head + "The second round of talks closed on Friday without any agreement at all.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_pipeline(seeds, out) == 0
    assert sorted(r["article_id"] for r in read_csv(out / "articles.csv")) == [
        "undated-border-talks-resume", "undated-border-talks-resume-b"]


def test_an_article_with_body_paragraphs_is_never_rejected(tmp_path):
    """A republication whose header reads like a sentence ('This story was originally published by ...')."""
    seeds = tmp_path / "in"
    seeds.mkdir()
    shutil.copy(UNSEEN / "u05-copyright-header-list-authors.txt", seeds / "u05.txt")
    out = tmp_path / "out"
    assert run_pipeline(seeds, out) == 0
    article = read_csv(out / "articles.csv")[0]
    assert (article["title"], article["author"], article["paragraph_count"]) == (
        "Kazakhstan tests a new peacekeeping brigade", "Aigerim Seitkali, Daniyar Bekov", "5")
    assert "the page gives only the month of publication (2025-07)" in article["warnings"]


# One article per attribution form (issue 8), each a paragraph or two: (paragraphs, [(speaker, as written, via, how)]).
FORMS = {
    "apposition before a sentence-final verb": (
        ["Vahan Grigoryan, a retired general who until last year headed the planning staff, told Eurasianet that it was "
         'planned. "We saw it coming," he said.'], [("Vahan Grigoryan", "he", "", "pronoun")]),
    "That's according to": (
        ['"Nobody is being punished." That\'s according to CSTO Secretary General Imangali Tasmagambetov, speaking in Moscow.'],
        [("Imangali Tasmagambetov", "CSTO Secretary General Imangali Tasmagambetov", "", "explicit")]),
    'X said "..."': (['Foreign Minister Berdymurat Orazov said "neutrality is our law."'],
                     [("Berdymurat Orazov", "Foreign Minister Berdymurat Orazov", "", "explicit")]),
    'X said that ... "..." (surname of a name given earlier)': (
        ["Foreign Minister Berdymurat Orazov spoke on Tuesday.", 'Orazov said that Ashgabat would "never take part in the plans of anyone."'],
        [("Berdymurat Orazov", "Orazov", "", "surname of a name given earlier")]),
    "he added that": (
        ["Colonel Nurlan Asanov commands the contingent.", 'He added that the drills would end on Saturday: "Everything we do here is defensive."'],
        [("Nurlan Asanov", "He", "", "pronoun")]),
    "role noun for someone named earlier": (
        ["Bakhtiyor Yusupov, a deputy foreign minister, spoke on Monday.", '"Bilateral is simpler," the diplomat said.'],
        [("Bakhtiyor Yusupov", "the diplomat", "", "role of someone named earlier")]),
    "reported speech without a speech verb": (
        ['Russian Security Council Secretary Gennady Volkov issued a reminder that Kazakhstan "owes its calm streets to its friends."'],
        [("Gennady Volkov", "Russian Security Council Secretary Gennady Volkov", "", "explicit")]),
    "a document as speaker": (
        ["A report released on Friday by the Institute for Border Studies blames both sides.",
         '"Neither government has invested in the commissions," the report said.'],
        [("Institute for Border Studies", "the report", "", "body or document named earlier")]),
    "a body's statement": (
        ['The Kyrgyz Foreign Ministry rejected the findings. "The conclusions are one-sided," the ministry\'s statement reads.'],
        [("Kyrgyz Foreign Ministry", "the ministry's statement", "", "body or document named earlier")]),
    "an unnamed source via an outlet": (
        ['A source in Tajikistan\'s Ministry of Defense told RFE/RL that Dushanbe wants rent. "Nobody gets land for free," the source said.'],
        [("source in Tajikistan's Ministry of Defense", "the source", "Radio Free Europe/Radio Liberty", "role of someone described earlier")]),
    "wire chain": (['RIA Novosti quoted Russian Deputy Defense Minister Pavel Kozlov as saying: "Russia is not a tenant here."'],
                   [("Pavel Kozlov", "Russian Deputy Defense Minister Pavel Kozlov", "RIA Novosti", "explicit")]),
    "wire chain, passive": (
        ['"Our air defense answers to Minsk," Defense Minister Igor Malinovsky was quoted as saying by the Belarusian Telegraph Agency.'],
        [("Igor Malinovsky", "Defense Minister Igor Malinovsky", "Belarusian Telegraph Agency", "explicit")]),
    "an age in apposition": (['"We need more time," Jane Roe, 25, said.'], [("Jane Roe", "Jane Roe", "", "explicit")]),
    "a dash attribution": (["“Stop this now.”― Carla Sanchez."], [("Carla Sanchez", "Carla Sanchez", "", "explicit")]),
    "a common noun alone is no speaker": (['"It will pass," an official said.'], [("", "an official", "", "no speaker named")]),
    "as quoted by an agency": (['"We will respond," Foreign Minister Sergey Lavrov said, as quoted by TASS.'],
                               [("Sergey Lavrov", "Foreign Minister Sergey Lavrov", "TASS", "explicit")]),
    "according to an outlet the gazetteer does not know": (
        ['"We will respond," Deputy Minister Ivan Petrov said, according to Kun.uz.'],
        [("Ivan Petrov", "Deputy Minister Ivan Petrov", "Kun.uz", "explicit")]),
    "in an interview with": (['In an interview with Kommersant, Deputy Minister Ivan Petrov said: "We will respond."'],
                             [("Ivan Petrov", "Deputy Minister Ivan Petrov", "Kommersant", "explicit")]),
    "told a news website": (['"We will respond," Ivan Petrov, a deputy minister, told the Kazakh news website Vlast.kz.'],
                            [("Ivan Petrov", "Ivan Petrov", "Vlast.kz", "explicit")]),
    "a surname given alone, then he": (['The talks are over, Petrov said. "We tried everything," he added.'],
                                        [("Petrov", "he", "", "pronoun")]),
    "a pronoun with no one named": (['"We tried everything," he added.'], [("", "he", "", "pronoun with no one named before")]),
    # forms added with the sentence-structure rules of stop 17 (each failed before them)
    'an adverb between subject and verb': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov also said, "The border will stay open for trade."'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'went on to say': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov went on to say that the plan was "dead on arrival."'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'a participle set off by commas': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov, speaking at a briefing in Bishkek, described the agreement as "the best deal we could get."'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'a sentence adverb set off by commas': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov, however, insisted: "Nobody will be forced to leave."'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'a prepositional aside set off by commas': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov, in a statement, said: "This is a good day for both countries."'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'and added, in the same sentence': (
        ['Deputy Minister Aibek Sadykov said the deal was "the best we could get," and added: "We will sign it next week."'],
        [('Aibek Sadykov', 'Deputy Minister Aibek Sadykov', '', 'explicit'), ('Aibek Sadykov', '', '', 'same sentence')]),
    'before adding': (
        ['"We are ready to talk," Deputy Minister Aibek Sadykov said, before adding, "but not under pressure."'],
        [('Aibek Sadykov', 'Deputy Minister Aibek Sadykov', '', 'explicit'), ('Aibek Sadykov', 'Deputy Minister Aibek Sadykov', '', 'explicit')]),
    'a new subject in the same sentence is not the speaker': (
        ['"It was decided long ago," Deputy Minister Aibek Sadykov said, as the crowd chanted "Shame, shame on you all."'],
        [('Aibek Sadykov', 'Deputy Minister Aibek Sadykov', '', 'explicit'), ('', '', '', '')]),
    "words introduced as someone's": (
        ['Deputy Minister Aibek Sadykov was asked about the plan.', 'Sadykov\'s answer: "We will see what Moscow says."'],
        [('Aibek Sadykov', 'Sadykov', '', 'possessor of the words')]),
    'a quotation that ends with a full stop, then the speaker': (
        ['"We will not leave. We will stay here." Deputy Minister Aibek Sadykov told reporters in Osh.'],
        [('Aibek Sadykov', 'Deputy Minister Aibek Sadykov', '', 'explicit')]),
    'as someone put it': (
        ['The reform was, as Deputy Minister Aibek Sadykov put it in an interview, "long overdue and badly needed."'],
        [('Aibek Sadykov', 'Deputy Minister Aibek Sadykov', '', 'explicit')]),
    'a title quoted before the quotation': (
        ['Deputy Minister Aibek Sadykov said on Kazakh television\'s "Evening Talk" that the talks were "going nowhere fast."'],
        [('Aibek Sadykov', 'Deputy Minister Aibek Sadykov', '', 'explicit')]),
    'a second verb after a coordinated clause': (
        ['Deputy Minister Aibek Sadykov arrived in Osh.', 'Sadykov turned to the crowd and said, "We will rebuild every house here."'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'the subject of the sentence before, not its object': (
        ['Kassym-Jomart Tokayev met Ilham Aliyev in Astana on Monday.', 'He said, "Our countries are friends and will remain friends."'],
        [('Kassym-Jomart Tokayev', 'He', '', 'pronoun')]),
    'a subject after an opening phrase, before a colon': (
        ['With the talks stalled for a month over the question of water, Deputy Minister Aibek Sadykov has a new message: "Nothing is agreed until everything is agreed."'],
        [('Aibek Sadykov', '', '', 'subject of the sentence')]),
    'a longer name holding one given earlier': (
        ['Aibek Sadykov was appointed in May.', 'Nationalist Aibek Sadykov said, "We are ready to sign."', '"It is a fair deal for us," he said.'],
        [('Aibek Sadykov', 'Nationalist Aibek Sadykov', '', 'explicit'), ('Aibek Sadykov', 'he', '', 'pronoun')]),
    'a dash before the quotation': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov had one message for the crowd — "We will not leave this valley."'],
        [('Aibek Sadykov', '', '', 'subject of the sentence')]),
    'an attribution in brackets': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', '(Sadykov said, "We will not leave this valley, whatever it costs.")'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'an epithet for the person the text is about': (
        ['Kanat Omarov, a banker, is running for president.', '"We are going to win this region," the billionaire said.'],
        [('Kanat Omarov', 'the billionaire', '', 'role of the subject before')]),
    'a name after a sentence that ends in a capitalised word': (
        ['The talks began in Bishkek. Aibek Sadykov led the delegation.', '"Nothing is agreed yet, and nothing will be," he said.'],
        [('Aibek Sadykov', 'he', '', 'pronoun')]),
    "a quotation that is a sentence of its own, after its speaker's sentence": (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov dismissed his critics at the briefing. "They have never built anything in this valley."'],
        [('Aibek Sadykov', '', '', 'subject of the sentence before')]),
    'the one person named before a colon': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'The message from Sadykov at the briefing: "Nobody will be forced to leave."'],
        [('Aibek Sadykov', '', '', 'subject of the sentence')]),
    'a sentence of quotation after a sentence that quotes someone else is not theirs': (
        ['Aibek Sadykov met the protesters. One of them shouted "Go home!" at him. "We will stay until the water comes back."'],
        [('', '', '', ''), ('', '', '', '')]),
    'a gendered role is not the last speaker of the other gender': (
        ['Aibek Sadykov, a banker, is running for governor.', '"We will win this region," said Aigul Petrova, his rival.', '"We will win it anyway," the businessman said.'],
        [('Aigul Petrova', 'Aigul Petrova', '', 'explicit'), ('Aibek Sadykov', 'the businessman', '', 'role of the subject before')]),
    'a speech tag of a feature': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', '"We have survived worse winters than this one," Sadykov laughed.'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'a statement and who issued it, inverted': (
        ['"The crossing will stay open all winter," read a statement from the Kyrgyz Border Service.'],
        [('Kyrgyz Border Service', 'a statement from the Kyrgyz Border Service', '', 'body or document named here')]),
    'according to a statement from': (
        ['"The crossing will stay open all winter," according to a statement from the Kyrgyz Border Service.'],
        [('Kyrgyz Border Service', 'a statement from the Kyrgyz Border Service', '', 'body or document named here')]),
    # forms added in stop 18, from a battery of common news forms written for the purpose (each failed before)
    'an auxiliary between subject and verb': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov has repeatedly said that he "will rebuild every house."'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'a modal and an adverb between subject and verb': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov would later say he was "very sorry about the delay."'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'a pronoun and an auxiliary': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'He has said the plan "will work, whatever they think in Dushanbe."'],
        [('Aibek Sadykov', 'He', '', 'pronoun')]),
    'a verb that names something in the words of the subject': (
        ['Mayor Zarina Nazarova spoke on Monday.', 'Nazarova dismissed the plan as "nonsense."'],
        [('Zarina Nazarova', 'Nazarova', '', 'surname of a name given earlier')]),
    "in someone's words": (
        ['Mayor Zarina Nazarova spoke on Monday.', 'In Nazarova\'s words, "the valley will suffer."'],
        [('Zarina Nazarova', 'Nazarova', '', 'surname of a name given earlier')]),
    'quoted as saying, by no one named': (
        ['"The valley will suffer," Mayor Zarina Nazarova was quoted as saying.'],
        [('Zarina Nazarova', 'Mayor Zarina Nazarova', '', 'explicit')]),
    'an age as the epithet': (
        ['Kanat Omarov, a banker, is running for president.', '"We are going to win this region," the 61-year-old said.'],
        [('Kanat Omarov', 'the 61-year-old', '', 'role of the subject before')]),
    'a title that names an office with "of"': (
        ['Former U.S. Secretary of State Jane Doe said: "This is a turning point for the region."'],
        [('Jane Doe', 'Former U.S. Secretary of State Jane Doe', '', 'explicit')]),
    'initials and a particle in names': (
        ['"This is a turning point," said J.D. Roe.', '"It is not," said Dr. Anna van der Berg.'],
        [('J.D. Roe', 'J.D. Roe', '', 'explicit'), ('Anna van der Berg', 'Dr. Anna van der Berg', '', 'explicit')]),
    'he added: the last person quoted, not someone named in between': (
        ['"Trust me," Mark Dobbs said.', 'Critics, including Tom Reed, were not convinced.', '"It will work," he added.'],
        [('Mark Dobbs', 'Mark Dobbs', '', 'explicit'), ('Mark Dobbs', 'he', '', 'pronoun')]),
    "an apposition's possessive says nothing of the name's gender": (
        ['Mark Dobbs spoke first. Ellen Carver, his rival, spoke next.', '"We can do better," she said.'],
        [('Ellen Carver', 'she', '', 'pronoun')]),
    'a name after a preposition in the same sentence is not the speaker': (
        ['Mark Dobbs and Ellen Carver debated on Tuesday.', 'Asked about Carver, "I have nothing to add," he said.'],
        [('Mark Dobbs', 'he', '', 'pronoun')]),
    "a sentence's subject before a later sentence's object": (
        ['Mark Dobbs met voters in Ohio. Many of them asked about Tom Reed.', '"Trust me," he said.'],
        [('Mark Dobbs', 'he', '', 'pronoun')]),
    'an aside set off by dashes': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov — who has led the ministry since 2019 — said "it is over for this plan."'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'an adverb of time between subject and verb': (
        ['Mayor Zarina Nazarova spoke on Monday.', 'Nazarova has long argued that the dam is "a disaster for the valley."'],
        [('Zarina Nazarova', 'Nazarova', '', 'surname of a name given earlier')]),
    'a feeling voiced in the words of the subject': (
        ['Mayor Zarina Nazarova spoke on Monday.', 'Nazarova expressed hope that "the talks will resume."'],
        [('Zarina Nazarova', 'Nazarova', '', 'surname of a name given earlier')]),
    'a time between subject and verb': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov last week told reporters that the border "will stay open."'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'a medium between subject and verb': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov in a statement called the plan "a disaster for the valley."'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'an occupation before the name': (
        ['"The turnout will be low," said pollster Dana Eskerova.', '"It will not," said KTK host Arman Bekov.'],
        [('Dana Eskerova', 'pollster Dana Eskerova', '', 'explicit'), ('Arman Bekov', 'KTK host Arman Bekov', '', 'explicit')]),
    "an outlet's possessive before the name": (
        ['"The turnout will be low," said Kun.uz\'s Dana Eskerova, the moderator.'],
        [('Dana Eskerova', "Kun.uz's Dana Eskerova", '', 'explicit')]),
    'a role with a possessive, then the name': (
        ['"We will win this region," said Sadykov\'s running mate, Dana Eskerova.'],
        [('Dana Eskerova', 'Dana Eskerova', '', 'explicit')]),
    "a first name's gender, where no pronoun in the article says otherwise": (
        ['Mark Dobbs spoke first. Ellen Carver spoke next.', '"We lost," Dobbs said. "It is over," she said.'],
        [('Mark Dobbs', 'Dobbs', '', 'surname of a name given earlier'), ('Ellen Carver', 'she', '', 'pronoun')]),
    "a first name's gender for the person told": (
        ['"We lost," Mark Dobbs told Ellen Carver on Monday.', '"Not yet," she answered.'],
        [('Mark Dobbs', 'Mark Dobbs', '', 'explicit'), ('Ellen Carver', 'she', '', 'pronoun')]),
    'the last person quoted before an object of the paragraph before': (
        ['"We will win," Mark Dobbs said.', 'The crowd cheered for Tom Reed on Monday.', '"It will be close," he said.'],
        [('Mark Dobbs', 'Mark Dobbs', '', 'explicit'), ('Mark Dobbs', 'he', '', 'pronoun')]),
    'a surname after an opening word': (
        ['Mark Dobbs and Tom Reed met in Ohio.', '"We will win," Reed said.', 'But Dobbs was not convinced.', '"No, you will not," he said.'],
        [('Tom Reed', 'Reed', '', 'surname of a name given earlier'), ('Mark Dobbs', 'he', '', 'pronoun')]),
    'a surname that ends a sentence': (
        ['Mark Dobbs and Tom Reed met in Ohio.', '"We will win," Reed said.', 'That drew a sharp response from Dobbs. "No, you will not," he said.'],
        [('Tom Reed', 'Reed', '', 'surname of a name given earlier'), ('Mark Dobbs', 'he', '', 'pronoun')]),
    "the subject of a subordinate clause is not the sentence's": (
        ['Mark Dobbs spoke on Monday.', 'While Dobbs had the crowds, Tom Reed had the money.', '"Money wins," he said.'],
        [('Tom Reed', 'he', '', 'pronoun')]),
    'the role an abbreviated title stands for': (
        ['Sen. Aigul Bekova spoke in Osh.', '"We will win," the senator said.'],
        [('Aigul Bekova', 'the senator', '', 'role of someone named earlier')]),
    'a party as the epithet': (
        ['Rep. Aigul Bekova spoke in Osh.', '"We will investigate," the Osh Republican said.'],
        [('Aigul Bekova', 'the Osh Republican', '', 'role of the subject before')]),
    'a role of several words in apposition': (
        ["Dana Eskerova, Sadykov's campaign manager, spoke in Osh.", '"We will win," the campaign manager said.'],
        [('Dana Eskerova', 'the campaign manager', '', 'role of someone named earlier')]),
    'an office with "of" as the role': (
        ['Former Secretary of State Aigul Bekova spoke in Osh.', '"We will win," the former secretary of state said.'],
        [('Aigul Bekova', 'the former secretary of state', '', 'role named in apposition')]),
    "a leader's title, for a person the gazetteer knows": (
        ['Armenian Prime Minister Nikol Pashinyan spoke in Yerevan.', '"The bloc failed us," the Armenian leader said.'],
        [('Nikol Pashinyan', 'the Armenian leader', '', 'role of someone named earlier')]),
    "a country's possessive as the determiner": (
        ['Russian Foreign Minister Sergey Lavrov spoke in Moscow.', '"Nobody is leaving," Russia\'s top diplomat said.'],
        [('Sergey Lavrov', "Russia's top diplomat", '', 'role of someone named earlier')]),
    'no verb of saying, a person as the subject before the quotation': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov attacked "the old habits of a ministry that never changes."'],
        [('Aibek Sadykov', '', '', 'subject of the sentence')]),
    "no verb of saying, a person's possessive before the quotation": (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov\'s plan would "cut every tax there is, twice over."'],
        [('', '', '', '')]),
    'an apposition, then a time, between subject and verb': (
        ['Deputy Minister Aibek Sadykov spoke on Monday.', 'Sadykov, the deputy minister, on Tuesday said the border "will stay open."'],
        [('Aibek Sadykov', 'Sadykov', '', 'surname of a name given earlier')]),
    'a quotation without its own attribution, then one with it': (
        ['"We will sign," said Aibek Sadykov, the deputy minister. "We have done our part." "Now it is up to Dushanbe," said Zarina Nazarova, his deputy.'],
        [('Aibek Sadykov', 'Aibek Sadykov', '', 'explicit'), ('Zarina Nazarova', '', '', 'the quotation after it'), ('Zarina Nazarova', 'Zarina Nazarova', '', 'explicit')]),
}


@pytest.mark.parametrize("form", list(FORMS))
def test_attribution_form(form):
    from scripts.extract.gazetteer import matcher_for
    from scripts.extract.quotes import QuoteFinder

    paragraphs, expected = FORMS[form]
    rows = [r for r in QuoteFinder(matcher_for()).find("a", paragraphs).rows if r["kind"] != "term"]
    assert [(r["speaker"], r["speaker_as_written"], r["via"], r["attribution"]) for r in rows] == expected


def test_an_article_whose_title_says_not_found_is_kept(tmp_path):
    seeds = tmp_path / "in"
    seeds.mkdir()
    body = "\n\n".join(f"Paragraph {i} of the report on the search says what the inspectors did on day {i} of it." for i in range(1, 5))
    (seeds / "a.txt").write_text("Weapons not found at the border depot\n\nBy Jane Doe\n\n" + body + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_pipeline(seeds, out) == 0
    article = read_csv(out / "articles.csv")[0]
    assert (article["title"], article["paragraph_count"]) == ("Weapons not found at the border depot", "4")
