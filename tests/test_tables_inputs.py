"""Every input format, every kind of bad input, determinism and atomic writes of the tables stage."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ANTI_NATO, ANTI_NATO_FILE, CSTO, CSTO_FILE, FIXTURES, ROOT, SEEDS, read_csv, run_pipeline
from scripts.extract import tables as build_tables
from scripts.raw.html_page import parse_html_page
from scripts.raw.text_dump import parse_text_page
from scripts.extract.quotes import pair_double_marks

SEED_CSTO = SEEDS / CSTO_FILE
SEED_ANTI = SEEDS / ANTI_NATO_FILE
ROW_FIELDS = ("article_id", "title", "author", "published", "outlet", "url", "word_count", "paragraph_count", "quote_count")


def build_one(tmp_path, name: str, data: bytes | str, manifest: bool = False):
    """Run the pipeline on a folder holding one file; return (exit code, tables folder)."""
    seeds, out = tmp_path / "in", tmp_path / "out"
    seeds.mkdir(exist_ok=True)
    (seeds / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    if manifest:
        shutil.copy(SEEDS / "manifest.json", seeds / "manifest.json")
    return run_pipeline(seeds, out), out


def log_of(out):
    return [(r["source_file"], r["level"], r["problem"]) for r in read_csv(out / "ingest_log.csv")]


# --- formats ----------------------------------------------------------------------------------------------

def test_html_page_gives_the_same_row_paragraphs_and_quotes_as_its_text_dump(tmp_path, seed_tables):
    seeds = tmp_path / "in"
    seeds.mkdir()
    shutil.copy(FIXTURES / "csto-2014-04-24.html", seeds / "csto.html")
    assert run_pipeline(seeds, tmp_path / "out") == 0
    html_row = read_csv(tmp_path / "out/articles.csv")[0]
    text_row = next(r for r in read_csv(seed_tables / "articles.csv") if r["article_id"] == CSTO)
    assert {k: html_row[k] for k in ROW_FIELDS} == {k: text_row[k] for k in ROW_FIELDS}
    assert html_row["format"] == "html"
    assert read_csv(tmp_path / "out/paragraphs.csv") == [r for r in read_csv(seed_tables / "paragraphs.csv") if r["article_id"] == CSTO]
    assert read_csv(tmp_path / "out/quotes.csv") == [r for r in read_csv(seed_tables / "quotes.csv") if r["article_id"] == CSTO]
    assert read_csv(tmp_path / "out/mentions.csv") == [r for r in read_csv(seed_tables / "mentions.csv") if r["article_id"] == CSTO]


def test_html_without_json_ld_from_another_cms():
    page = parse_html_page((FIXTURES / "anti-nato-2014-09-02-wordpress.html").read_text(encoding="utf-8"))
    text = parse_text_page(SEED_ANTI.read_text(encoding="utf-8"))
    assert (page.title, page.author, page.published, page.outlet, page.url) == (
        "Russia, Abkhazia, South Ossetia To Form Yet Another Anti-NATO", "Joshua Kucera", "2014-09-02", "Eurasianet",
        "https://eurasianet.org/russia-abkhazia-south-ossetia-to-form-yet-another-anti-nato")
    # figure captions, share bars, the bio and the "originally appeared" line are not paragraphs;
    # <em>Izvestia</em> and &nbsp; join without a lost or added space
    assert page.paragraphs == text.paragraphs
    assert page.warnings == []


def test_html_entities_and_inline_tags_join_exactly():
    html = ("<html><body><article><h1>T</h1><p>The <em>Izvestia</em>&nbsp;daily wrote &ldquo;a <a href='#'>waning</a> "
            "organization&rdquo;,<br>then&#160;stopped. It said so at length, in a long sentence.</p></article></body></html>")
    page = parse_html_page(html)
    assert page.paragraphs == ["The Izvestia daily wrote “a waning organization”, then stopped. It said so at length, in a long sentence."]


def test_excerpts_without_header_or_footer():
    page = parse_html_page((FIXTURES / "excerpt-no-chrome.html").read_text(encoding="utf-8"))
    assert (page.title, page.author, page.published, len(page.paragraphs), page.warnings) == (
        "CSTO To Cut Contacts With NATO, Increase Ties With SCO", "", "", 2, [])
    lines = SEED_ANTI.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Russia, Abkhazia, South Ossetia To Form"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Meanwhile"))
    excerpt = parse_text_page("\n".join(lines[start:end + 1]))  # title, byline, first seven paragraphs; no site chrome
    assert (excerpt.title, excerpt.author, excerpt.published, len(excerpt.paragraphs)) == (
        "Russia, Abkhazia, South Ossetia To Form Yet Another Anti-NATO", "Joshua Kucera", "2014-09-02", 7)
    body_only = parse_text_page("\n".join(lines[start + 4:end]))
    assert (body_only.title, body_only.author, body_only.published, body_only.paragraphs) == ("", "", "", excerpt.paragraphs[:6])


def test_title_ending_like_a_sentence_still_stands_above_the_byline():
    # a title may end in ":" or ";" (a series name, an entity); the line right above the byline is still the title
    body = ("The Collective Security Treaty Organization said on Tuesday that its members would meet again in "
            "Moscow next month, officials said.\n\nArmenia has not said whether it will attend the talks, which follow "
            "months of tension over the bloc's future.\n")
    for title in ("Central Asia: The Bloc That Would Not Meet:", "Moscow &amp; Minsk; the treaty &lt;renewed&gt;;"):
        page = parse_text_page(f"{title}\n\nJane Doe Mar 3, 2020\n\n{body}")
        assert (page.title, page.author, page.published, len(page.paragraphs)) == (title, "Jane Doe", "2020-03-03", 2)
    # a body with no header still has no title
    assert parse_text_page(body).title == ""


def test_page_republished_on_another_site_with_its_own_chrome():
    body = SEED_ANTI.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(body) if line.startswith("South Ossetia is poised"))
    end = next(i for i, line in enumerate(body) if line.startswith('"We think'))
    text = ("Global Security Watch\nHome | World | Opinion\nRussia, Abkhazia, South Ossetia To Form Yet Another Anti-NATO\n"
            "By Joshua Kucera\nSeptember 2, 2014\n\n" + "\n".join(body[start:end + 1]) +
            "\n\nThis article originally appeared on Eurasianet.\nShare this:\nFacebook\nRelated\nSome other story\n"
            "© 2024 Global Security Watch. All rights reserved.\n")
    page = parse_text_page(text)
    assert (page.title, page.author, page.published, page.outlet) == (
        "Russia, Abkhazia, South Ossetia To Form Yet Another Anti-NATO", "Joshua Kucera", "2014-09-02", "Eurasianet")
    assert page.paragraphs == parse_text_page(SEED_ANTI.read_text(encoding="utf-8")).paragraphs


def test_bom_and_crlf_give_the_same_rows_as_the_clean_file(tmp_path, seed_tables):
    data = b"\xef\xbb\xbf" + SEED_ANTI.read_bytes().replace(b"\n", b"\r\n")
    code, out = build_one(tmp_path, "anti-nato-windows.txt", data)
    assert code == 0
    for table in ("paragraphs", "quotes", "mentions"):
        assert read_csv(out / f"{table}.csv") == [r for r in read_csv(seed_tables / f"{table}.csv") if r["article_id"] == ANTI_NATO]


def test_windows_1251_russian_page_is_decoded_and_said_so(tmp_path):
    text = "Россия и ОДКБ\n\nИван Петров Mar 3, 2020\n\nОДКБ заявила о прекращении контактов с НАТО, сообщили в секретариате организации.\n"
    code, out = build_one(tmp_path, "odkb.txt", text.encode("cp1251"))
    assert code == 0
    row = read_csv(out / "articles.csv")[0]
    assert (row["article_id"], row["title"], row["author"], row["published"]) == ("2020-03-03-россия-и-одкб", "Россия и ОДКБ", "Иван Петров", "2020-03-03")
    assert [(m["entity_id"], m["as_written"]) for m in read_csv(out / "mentions.csv")] == [("csto", "ОДКБ"), ("nato", "НАТО")]
    assert ("odkb.txt", "warning", "not UTF-8 (first bad byte at offset 0); decoded as cp1251") in log_of(out)


@pytest.mark.parametrize("name,data,problem", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "file holds only white space"),
    ("noise.bin", bytes(range(256)) * 40, "binary data (NUL or control bytes), not a text dump or an HTML page"),
    ("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF document, not a text dump or an HTML page; save the article as .txt or .html"),
    ("notes.docx", b"PK\x03\x04\x14\x00", "is a ZIP archive (or DOCX/XLSX/EPUB), not a text dump or an HTML page; save the article as .txt or .html"),
    ("data.csv", b"a,b\n1,2\n", "file type '.csv' is not read (text dumps: .txt; saved pages: .html)"),
    ("latin1.txt", "Caf\xe9 society \xbb and \xab more \xe9\xe9".encode("latin-1") * 3 + b"\x81\x8d\x8f",
     "not UTF-8 and no other encoding fits (first bad byte at offset 3); save it as UTF-8"),
    ("missing.html", b"<html><head><title>Page not found | Eurasianet</title></head><body><nav><a href='/'>Home</a></nav>"
                     b"<h1>Page not found</h1><p>The requested page could not be found.</p></body></html>",
     "a 'page not found' page (title 'Page not found'): no article in it"),
    ("menu.html", b"<html><body><nav><ul><li>Regions</li><li>Topics</li></ul></nav></body></html>", "no article text found in the file"),
])
def test_bad_file_is_named_with_its_problem_and_the_rest_still_goes_through(tmp_path, seeds_copy, name, data, problem):
    (seeds_copy / name).write_bytes(data)
    out = tmp_path / "out"
    assert run_pipeline(seeds_copy, out) == 0
    assert [r["article_id"] for r in read_csv(out / "articles.csv")] == [CSTO, ANTI_NATO]
    assert log_of(out) == [(name, "error", problem)]
    assert next(r for r in read_csv(out / "sources.csv") if r["source_file"] == name)["status"] == "rejected"


def test_problems_are_printed_with_the_file_path(tmp_path, seeds_copy):
    (seeds_copy / "empty.txt").write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "scripts.extract", "--seeds", str(seeds_copy), "--tables", str(tmp_path / "out")],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0
    assert f"error: {seeds_copy / 'empty.txt'}: empty file\n" in proc.stderr
    assert "\r" not in proc.stderr and "file/s" not in proc.stderr  # no progress bar when not on a terminal


def test_truncated_html_is_read_as_far_as_it_goes(tmp_path):
    html = (FIXTURES / "csto-2014-04-24.html").read_bytes()
    cut = html[: html.index(b"He's right:")]
    code, out = build_one(tmp_path, "cut.html", cut)
    assert code == 0
    row = read_csv(out / "articles.csv")[0]
    assert (row["article_id"], row["paragraph_count"]) == (CSTO, "5")
    assert ("cut.html", "warning", "the HTML ends before </body></html>: the page looks truncated; what is there was read") in log_of(out)


def test_unclosed_quotation_mark_swallows_nothing(tmp_path):
    text = ("A Title Here\n\nJane Doe Mar 3, 2020\n\n"
            'The minister said "this will never end. And it went on without a close.\n\n'
            'A second paragraph with "a term" in it follows here and ends.\n\n'
            '"A proper quote that closes," said Ivan Petrov, the deputy minister.\n')
    code, out = build_one(tmp_path, "unclosed.txt", text)
    assert code == 0
    quotes = [(q["paragraph"], q["kind"], q["text"], q["speaker"]) for q in read_csv(out / "quotes.csv")]
    assert quotes == [("2", "term", "a term", ""), ("3", "quote", "A proper quote that closes", "Ivan Petrov")]
    assert ("unclosed.txt", "warning", "paragraph 1: quotation mark at character 18 is never closed; not read as a quote") in log_of(out)


def test_unclosed_mark_inside_a_paragraph_ends_at_the_next_quotation():
    pairs, dropped = pair_double_marks('He said "one thing. Then "another," she said.')
    assert (pairs, dropped) == ([(25, 34)], [8])


def test_quote_over_several_paragraphs_and_curly_single_quotes(tmp_path):
    text = ("A Title Here\n\nJane Doe Mar 3, 2020\n\n"
            "“The first part of a long statement runs on,\n\n"
            "“and it ends here in the second paragraph,” said Ivan Petrov, the deputy minister.\n\n"
            "Critics called it ‘a farce’ on Tuesday, and more words follow in this sentence.\n")
    code, out = build_one(tmp_path, "long.txt", text)
    rows = read_csv(out / "quotes.csv")
    assert [(q["paragraph"], q["kind"], q["text"], q["speaker"], q["continues_quote_id"]) for q in rows] == [
        ("1", "quote", "The first part of a long statement runs on,", "Ivan Petrov", ""),
        ("2", "quote", "and it ends here in the second paragraph", "Ivan Petrov", "2020-03-03-a-title-here-p1-q1"),
        ("3", "quote", "a farce", "Critics", ""),
    ]


def test_attribution_forms_on_unseen_text(tmp_path):
    text = ("Bloc Talks\n\nJane Doe Mar 3, 2020\n\n"
            '"We will not join," said Armenian Prime Minister Nikol Pashinyan on Friday.\n\n'
            'According to TASS, Sergei Shoigu insisted: "The drills go ahead."\n\n'
            'A ministry spokeswoman told the newspaper Kommersant: "No comment." The spokeswoman, Maria Zakharova, added nothing.\n\n'
            '"This is a long sentence from nobody in particular that stands alone here."\n')
    code, out = build_one(tmp_path, "talks.txt", text)
    rows = read_csv(out / "quotes.csv")
    assert [(q["paragraph"], q["text"], q["speaker"], q["speaker_as_written"], q["via"]) for q in rows] == [
        ("1", "We will not join", "Nikol Pashinyan", "Armenian Prime Minister Nikol Pashinyan", ""),
        ("2", "The drills go ahead.", "Sergei Shoigu", "Sergei Shoigu", "TASS"),
        ("3", "No comment.", "Maria Zakharova", "A ministry spokeswoman", "Kommersant"),
        ("4", "This is a long sentence from nobody in particular that stands alone here.", "", "", ""),
    ]


# --- duplicates, exit status, strictness ------------------------------------------------------------------

def test_same_article_twice_is_reported_and_counted_once(tmp_path, seeds_copy):
    shutil.copy(SEED_CSTO, seeds_copy / "copy-of-csto.txt")
    shutil.copy(FIXTURES / "csto-2014-04-24.html", seeds_copy / "csto-saved.html")
    out = tmp_path / "out"
    assert run_pipeline(seeds_copy, out) == 0
    assert [r["article_id"] for r in read_csv(out / "articles.csv")] == [CSTO, ANTI_NATO]
    assert read_csv(out / "articles.csv")[0]["source_file"] == CSTO_FILE  # the file the manifest lists wins
    assert log_of(out) == [
        ("copy-of-csto.txt", "warning", f"the same bytes as {CSTO_FILE} (article {CSTO}); counted once"),
        ("csto-saved.html", "warning", f"the same article as {CSTO_FILE} (article {CSTO}); counted once"),
    ]


def test_missing_manifest_entry_still_ingests_with_derived_provenance(tmp_path):
    code, out = build_one(tmp_path, "anti.txt", SEED_ANTI.read_bytes())
    assert code == 0
    src = read_csv(out / "sources.csv")[0]
    assert (src["in_manifest"], src["title"], src["author"], src["published"], src["outlet"], src["url"]) == (
        "false", "Russia, Abkhazia, South Ossetia To Form Yet Another Anti-NATO", "Joshua Kucera", "2014-09-02", "Eurasianet", "")
    assert log_of(out) == [("anti.txt", "warning", "not listed in seeds/manifest.json; provenance derived from the page; missing: url, retrieved, usage")]


def test_exit_status_nonzero_only_when_nothing_usable(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    assert run_pipeline(bad, tmp_path / "out") == 1
    assert not (tmp_path / "out" / "articles.csv").exists()
    assert run_pipeline(tmp_path / "does-not-exist", tmp_path / "out") == 1


def test_strict_fails_on_any_problem_and_writes_nothing(tmp_path, seeds_copy, monkeypatch):
    (seeds_copy / "empty.txt").write_bytes(b"")
    assert run_pipeline(seeds_copy, tmp_path / "out", "--strict") == 1
    assert not (tmp_path / "out").exists()
    assert run_pipeline(seeds_copy, tmp_path / "out") == 0  # without --strict the problem is a warning
    assert run_pipeline(SEEDS, tmp_path / "out", "--strict") == 0


# --- determinism, atomicity, stable ids -------------------------------------------------------------------

def test_two_runs_are_byte_identical(tmp_path, seeds_copy):
    shutil.copy(FIXTURES / "anti-nato-2014-09-02-wordpress.html", seeds_copy / "wp.html")
    run_pipeline(seeds_copy, tmp_path / "a")
    run_pipeline(seeds_copy, tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert len(names) == 8  # seven tables and datapackage.json
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_failed_write_leaves_the_previous_tables_intact(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run_pipeline(SEEDS, out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    original = build_tables.to_csv

    def fail_on_mentions(table, rows):
        if table == "mentions":
            raise OSError("disk full")
        return original(table, rows)

    monkeypatch.setattr(build_tables, "to_csv", fail_on_mentions)
    (out / "verdicts.csv").write_text("kept\n")  # a later stage's table must survive too
    before["verdicts.csv"] = b"kept\n"
    assert build_tables.main(["--seeds", str(FIXTURES), "--tables", str(out)]) == 1  # one line, no traceback
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temp files left, nothing replaced


def test_ids_do_not_change_when_another_article_is_added(tmp_path, seeds_copy, seed_tables):
    (seeds_copy / "0000-first-in-order.txt").write_text(
        'Another Story\n\nJane Doe Jan 1, 2001\n\n"An early quote here," said Ivan Petrov about NATO and the CSTO.\n', encoding="utf-8")
    out = tmp_path / "out"
    run_pipeline(seeds_copy, out)
    ids = {r["quote_id"] for r in read_csv(out / "quotes.csv")}
    assert {r["quote_id"] for r in read_csv(seed_tables / "quotes.csv")} < ids
    assert [r["article_id"] for r in read_csv(out / "articles.csv")] == ["2001-01-01-another-story", CSTO, ANTI_NATO]


@pytest.mark.slow
def test_very_large_file_is_read(tmp_path):
    text = SEED_CSTO.read_text(encoding="utf-8")
    head, rest = text.split("The Russia-led", 1)
    body, tail = ("The Russia-led" + rest).split("Joshua Kucera, a senior", 1)
    big = head + body * 3000 + "Joshua Kucera, a senior" + tail  # about 10 MB, 24,000 paragraphs
    code, out = build_one(tmp_path, "huge.txt", big)
    assert code == 0
    row = read_csv(out / "articles.csv")[0]
    assert (row["paragraph_count"], row["quote_count"]) == ("24000", "42000")
    assert ("huge.txt", "warning", "large file (9.7 MB)") in log_of(out)


def test_make_tables_takes_any_folders(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    seeds = tmp_path / "in"
    shutil.copytree(SEEDS, seeds)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    proc = subprocess.run(["make", "-s", "tables", f"SEEDS={seeds}", f"TABLES={tmp_path / 'out'}"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert [r["article_id"] for r in read_csv(tmp_path / "out/articles.csv")] == [CSTO, ANTI_NATO]


def test_a_broken_manifest_is_reported_and_files_still_ingest(tmp_path, seeds_copy):
    (seeds_copy / "manifest.json").write_text('{"sources": [{"file": "x.txt", "url": "ftp://x"}]}', encoding="utf-8")
    out = tmp_path / "out"
    assert run_pipeline(seeds_copy, out) == 0
    assert [r["article_id"] for r in read_csv(out / "articles.csv")] == [CSTO, ANTI_NATO]
    problem = next(p for f, lvl, p in log_of(out) if f == "manifest.json" and lvl == "error")
    assert problem.startswith("manifest does not match its schema: sources/0: 'outlet' is required;")
    assert "sources/0/url: 'ftp://x' does not match ^https?://" in problem


def test_hard_wrapped_dump_with_a_standfirst_and_an_unknown_bio():
    text = ("Skip to main content\nMain Menu\n\nKazakhstan Leaves A Bloc It Never Joined\n\n"
            "A summary sentence that stands between the headline and the byline of the page.\n\n"
            "Peter Leonard, Almaz Kumenov Sept. 2, 2014\n\n"
            "The first paragraph of the story was wrapped by the tool that saved it, so its\n"
            "sentences run over several short lines that have to be joined back together\n"
            "into one paragraph.\n\n"
            "A second paragraph is on one line and says, \"We will see,\" as a minister put it.\n\n"
            "Ivan Ivanov is Eurasianet's Central Asia editor.\n\nPopular\n\nSome headline\n")
    page = parse_text_page(text)
    assert (page.title, page.author, page.published) == (
        "Kazakhstan Leaves A Bloc It Never Joined", "Peter Leonard, Almaz Kumenov", "2014-09-02")
    assert page.paragraphs == [
        "The first paragraph of the story was wrapped by the tool that saved it, so its sentences run over several "
        "short lines that have to be joined back together into one paragraph.",
        'A second paragraph is on one line and says, "We will see," as a minister put it.',
    ]


def test_surname_alone_resolves_to_the_full_name_given_earlier(tmp_path):
    text = ("Bishkek Holds Firm\n\nJane Doe Mar 3, 2021\n\n"
            "Kyrgyzstan's president, Sadyr Japarov, spoke in Bishkek on Monday about the bloc and its future.\n\n"
            "“We are not leaving,” Japarov told reporters, adding that talks would go on.\n")
    code, out = build_one(tmp_path, "bishkek.txt", text)
    rows = read_csv(out / "quotes.csv")
    assert [(q["text"], q["speaker"], q["speaker_as_written"], q["attribution"]) for q in rows] == [
        ("We are not leaving", "Sadyr Japarov", "Japarov", "surname of a name given earlier")]


def test_many_problems_print_a_summary_and_the_log_keeps_them_all(tmp_path, seeds_copy):
    for i in range(45):
        (seeds_copy / f"empty-{i:02d}.txt").write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "scripts.extract", "--seeds", str(seeds_copy), "--tables", str(tmp_path / "out")],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0
    lines = proc.stderr.splitlines()
    assert sum(line.startswith("error: ") for line in lines) == 40
    assert f"... and 5 more; every problem is listed in {tmp_path / 'out' / 'ingest_log.csv'}" in lines
    assert len(read_csv(tmp_path / "out/ingest_log.csv")) == 45


def test_an_unseen_eurasianet_dump_with_caption_subheading_guillemets_and_no_footer(tmp_path):
    """A page written for this test in the site's layout (not one of the seeds): two authors, a photo caption, a
    subheading, «guillemets», 'said one Western diplomat', the site's name only in the header."""
    code, out = build_one(tmp_path, "kz.txt", (FIXTURES / "unseen-kazakhstan-2022-01-05.txt").read_bytes())
    assert code == 0
    row = read_csv(out / "articles.csv")[0]
    assert (row["article_id"], row["author"], row["outlet"], row["paragraph_count"]) == (
        "2022-01-05-kazakhstan-tokayev-asks-csto-for-help-as-unrest-spreads", "Almaz Kumenov, Peter Leonard", "Eurasianet", "6")
    paragraphs = [r["text"] for r in read_csv(out / "paragraphs.csv")]
    assert paragraphs[0].startswith("Kazakhstan's president, Kassym-Jomart Tokayev,")  # the photo caption is gone
    assert paragraphs[-1].endswith("Russian paratroopers were already on their way.")  # the bio and "Related" are gone
    quotes = [(q["paragraph"], q["kind"], q["text"], q["speaker"], q["speaker_as_written"], q["attribution"])
              for q in read_csv(out / "quotes.csv")]
    assert quotes == [
        ("1", "quote", "terrorist threat.", "Kassym-Jomart Tokayev", "he", "pronoun"),
        ("2", "quote", "Today I appealed to the heads of state of the CSTO to assist Kazakhstan in overcoming this terrorist threat",
         "Kassym-Jomart Tokayev", "Tokayev", "explicit"),
        ("3", "quote", "Collective peacekeeping forces will be sent to the Republic of Kazakhstan for a limited period of time",
         "Nikol Pashinyan", "Pashinyan", "explicit"),
        # an unnamed source is described, without the determiner; "The diplomat" is that same person, never the
        # common noun alone (issue 8)
        ("4", "quote", "This is a dangerous precedent", "Western diplomat", "one Western diplomat", "explicit"),
        ("4", "quote", "Nobody knows how long they will stay.", "Western diplomat", "The diplomat", "role of someone described earlier"),
    ]


def test_quotation_marks_around_nothing_are_not_a_quote():
    # an empty or punctuation-only pair is not a quotation (it wrote a row with empty text, breaking the schema)
    from scripts.extract.gazetteer import matcher_for
    from scripts.extract.quotes import QuoteFinder

    finder = QuoteFinder(matcher_for())
    rows = finder.find("a", ['"" said Ivan Petrov.', "\u201c \u201d he said.",
                             '"..." said Ivan Petrov. "We will go," he added.',
                             "\"We said '' and '...' twice,\" said Ivan Petrov."]).rows
    assert [(r["paragraph"], r["text"], r["speaker"]) for r in rows] == [
        (3, "We will go", "Ivan Petrov"), (4, "We said '' and '...' twice", "Ivan Petrov")]


def test_the_stage_refuses_tables_that_break_their_own_schema(tmp_path, monkeypatch):
    from scripts.extract import schema

    good = {name: build_tables.to_csv(name, []) for name in schema.RESOURCES}
    assert schema.problems(good) == []
    art = ("article_id,title,author,published,outlet,url,source_file,format,sha256,word_count,paragraph_count,"
           "quote_count,warnings\n")
    row = "a,T,,2014-04-31,,,a.txt,pdf,{sha},12,0,0,\n"
    bad = dict(good, articles=art + row.format(sha="0" * 64) + row.format(sha="xyz"),
               paragraphs="article_id,paragraph,text\nb,1,Some text.\n")
    assert schema.problems(bad) == [
        "articles.csv line 3: article_id ('a',) repeats",
        "articles.csv line 2, published: '2014-04-31' is not a date",
        "articles.csv line 2, format: 'pdf' is not one of ['text', 'html']",
        "articles.csv line 2, paragraph_count: 0 is below 1",
        "articles.csv line 3, published: '2014-04-31' is not a date",
        "articles.csv line 3, format: 'pdf' is not one of ['text', 'html']",
        "articles.csv line 3, sha256: 'xyz' does not match ^[0-9a-f]{64}$",
        "articles.csv line 3, paragraph_count: 0 is below 1",
        "paragraphs.csv line 2: article_id points at no row of articles.csv",
    ]
    # a quotation with no words, as an unclosed mark once produced, is refused and nothing is replaced
    out = tmp_path / "tables"
    out.mkdir()
    (out / "quotes.csv").write_text("previous\n", encoding="utf-8")
    code, _ = build_one(tmp_path, "a.txt", SEED_ANTI.read_text(encoding="utf-8"))
    assert code == 0
    built = tmp_path / "out"
    tables = {name: (built / f"{name}.csv").read_text(encoding="utf-8") for name in schema.RESOURCES}
    tables["quotes"] = tables["quotes"].replace(",quote,", ",nonsense,", 1)
    assert schema.problems(tables)[0].endswith("kind: 'nonsense' is not one of ['quote', 'term', 'nested']")
    monkeypatch.setattr(build_tables, "to_csv", lambda name, rows: tables[name])
    with pytest.raises(build_tables.TablesInvalid):
        build_tables.write_tables({name: [] for name in schema.RESOURCES}, out)
    assert (out / "quotes.csv").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in out.iterdir()) == ["quotes.csv"]
