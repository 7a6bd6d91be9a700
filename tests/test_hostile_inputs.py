"""Hostile input to the tables stage: every entry of the seeds folder is read inside its own guard, so whatever one
file holds (a crashing page, JSON-LD of any shape, a link out of the folder, a named pipe, mixed encodings, a 50 MB
line) it is reported by name and the rest of the folder goes through; a failed write ends in one line and leaves
the previous tables as they were.  Each test here failed on the code before issue 9's fixes."""
from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ANTI_NATO, CSTO, CSTO_FILE, ROOT, SEEDS, read_csv, run_pipeline
from scripts.extract import tables as build_tables
from scripts.raw import ingest
from scripts.raw.html_page import parse_html_page

SEED_CSTO = SEEDS / CSTO_FILE
BODY = ("<p>The Collective Security Treaty Organization said on Tuesday that it would meet again in Moscow, "
        "officials said.</p><p>A second paragraph follows with more words about the bloc and its members.</p>")


def log_of(out) -> list[tuple[str, str, str]]:
    return [(r["source_file"], r["level"], r["problem"]) for r in read_csv(out / "ingest_log.csv")]


def html_page(title: str = "A Real Title", jsonld: str = "", body: str = BODY, head: str = "") -> str:
    script = f'<script type="application/ld+json">{jsonld}</script>' if jsonld else ""
    return (f"<html><head><title>{title}</title>{script}{head}</head><body><article><h1>{title}</h1>{body}"
            "</article></body></html>")


# --- one file cannot stop the run ---------------------------------------------------------------------------

def test_an_exception_in_one_file_is_named_and_the_rest_goes_through(tmp_path, seeds_copy, monkeypatch):
    (seeds_copy / "boom.txt").write_text("Boom\n\nJane Doe Mar 3, 2020\n\nA paragraph that is long enough to be read.\n")
    original = build_tables.parse_text_page

    def crash_on_boom(text):
        if text.startswith("Boom"):
            raise ZeroDivisionError("a parser bug")
        return original(text)

    monkeypatch.setattr(build_tables, "parse_text_page", crash_on_boom)
    out = tmp_path / "out"
    assert run_pipeline(seeds_copy, out) == 0
    assert [r["article_id"] for r in read_csv(out / "articles.csv")] == [CSTO, ANTI_NATO]
    [(name, level, problem)] = log_of(out)
    assert (name, level) == ("boom.txt", "error")
    assert problem.startswith("could not be read: ZeroDivisionError: a parser bug")


@pytest.mark.slow
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs worker processes")
def test_a_file_that_kills_its_reader_process_is_named_and_the_rest_goes_through(tmp_path, monkeypatch):
    seeds = tmp_path / "in"
    seeds.mkdir()
    text = SEED_CSTO.read_text(encoding="utf-8")
    for i in range(12):
        (seeds / f"article-{i:02d}.txt").write_text(text.replace("The Russia-led", f"Number {i}: the Russia-led", 1))
    (seeds / "article-05.txt").write_text("Killer\n\nJane Doe Mar 3, 2020\n\nThis page makes its reader's process die.\n")
    original = build_tables.parse_text_page

    def die_on_killer(page_text):
        if page_text.startswith("Killer"):
            os._exit(9)  # as the kernel's out-of-memory killer or a segfault would
        return original(page_text)

    monkeypatch.setattr(build_tables, "parse_text_page", die_on_killer)  # workers are forked: they inherit it
    monkeypatch.setattr(build_tables, "PARALLEL_FROM", 2)
    out = tmp_path / "out"
    assert run_pipeline(seeds, out) == 0
    assert {r["source_file"] for r in read_csv(out / "sources.csv")} == {f"article-{i:02d}.txt" for i in range(12)} - {"article-05.txt"}
    assert [e for e in log_of(out) if e[1] == "error"] == [
        ("article-05.txt", "error", "could not be read: the process reading it died (out of memory, or a fault in a parser); "
                                   "please report it")]


@pytest.mark.parametrize("jsonld,why", [
    ('{"@type": [{"x": 1}, "NewsArticle"], "headline": "From JSON-LD", "datePublished": "2020-03-03"}', "@type holds an object"),
    ('{"@type": "NewsArticle", "headline": ["From JSON-LD", 2], "author": [{"name": ["Jane", "Doe"]}, 3, null],'
     ' "datePublished": {"@value": "2020-03-03"}, "url": {"@id": 7}, "publisher": [[["deep"]]], "mainEntityOfPage": 5}',
     "lists, numbers and objects where text belongs"),
    ("[" * 100_000 + "]" * 100_000, "nested 100,000 deep"),
    ('{"@graph": ' * 5000 + '{}' + '}' * 5000, "@graph nested 5,000 deep"),
    ('{"@type": "NewsArticle", "headline": "x", "datePublished": 1e999999}', "a number too big for a float"),
])
def test_json_ld_of_any_shape_is_read_without_error(jsonld, why):
    page = parse_html_page(html_page(jsonld=jsonld))
    assert page.title in ("From JSON-LD", "A Real Title", "x"), why
    assert len(page.paragraphs) == 2


def test_a_json_ld_list_type_used_to_stop_the_whole_folder(tmp_path, seeds_copy):
    jsonld = '{"@type": [{"@id": "x"}], "headline": "H", "datePublished": "2020-03-03"}'
    (seeds_copy / "list-type.html").write_text(html_page(jsonld=jsonld), encoding="utf-8")
    (seeds_copy / "deep.html").write_text(html_page(jsonld="[" * 200_000 + "]" * 200_000), encoding="utf-8")
    out = tmp_path / "out"
    assert run_pipeline(seeds_copy, out) == 0
    ids = [r["article_id"] for r in read_csv(out / "articles.csv")]
    assert CSTO in ids and ANTI_NATO in ids and len(ids) == 3  # list-type.html and deep.html are the same article
    assert {r["source_file"] for r in read_csv(out / "sources.csv")} >= {"list-type.html", "deep.html"}


# --- what is in the folder: links, special files, names ---------------------------------------------------

def test_a_link_out_of_the_folder_is_refused_and_nothing_of_it_is_published(tmp_path, seeds_copy):
    private = tmp_path / "private.txt"
    private.write_text("Secret Plans\n\nJane Doe Mar 3, 2020\n\nThe password is hunter2 and this line is long enough.\n")
    (seeds_copy / "innocent.txt").symlink_to(private)
    (seeds_copy / "etc-passwd.txt").symlink_to("/etc/passwd")
    (seeds_copy / "relative-escape.txt").symlink_to(os.path.relpath(private, seeds_copy))
    out = tmp_path / "out"
    assert run_pipeline(seeds_copy, out) == 0
    refused = "a symbolic link to a file outside the seeds folder: not read (copy the file into the folder instead)"
    assert log_of(out) == [("etc-passwd.txt", "error", refused), ("innocent.txt", "error", refused),
                           ("relative-escape.txt", "error", refused)]
    for table in out.glob("*.csv"):
        text = table.read_text(encoding="utf-8")
        assert "hunter2" not in text and "Secret Plans" not in text and "root:" not in text and str(tmp_path) not in text


def test_a_link_inside_the_folder_is_read_under_its_own_name(tmp_path):
    seeds = tmp_path / "in"
    (seeds / "sub").mkdir(parents=True)
    shutil.copy(SEED_CSTO, seeds / "sub" / "real.txt")
    (seeds / "alias.txt").symlink_to("sub/real.txt")
    out = tmp_path / "out"
    assert run_pipeline(seeds, out) == 0
    assert [(r["article_id"], r["source_file"]) for r in read_csv(out / "articles.csv")] == [(CSTO, "alias.txt")]
    assert ("sub", "warning", "is a folder: only the files directly in the seeds folder are read") in log_of(out)


def test_special_entries_are_reported_and_a_fifo_never_blocks(tmp_path, seeds_copy):
    (seeds_copy / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (seeds_copy / "loop.txt").symlink_to("loop.txt")
    (seeds_copy / "a folder.txt").mkdir()
    os.mkfifo(seeds_copy / "pipe.txt")
    out = tmp_path / "out"
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "scripts.extract", "--seeds", str(seeds_copy), "--tables", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and time.perf_counter() - started < 60
    assert [r["article_id"] for r in read_csv(out / "articles.csv")] == [CSTO, ANTI_NATO]
    assert log_of(out) == [
        ("a folder.txt", "warning", "is a folder: only the files directly in the seeds folder are read"),
        ("dangling.txt", "error", "a symbolic link to nothing (its target does not exist): not read"),
        ("loop.txt", "error", "a symbolic link that cannot be followed (a loop, or no permission): not read"),
        ("pipe.txt", "error", "is a named pipe (FIFO), not a file: not read"),
    ]
    assert f"error: {seeds_copy / 'pipe.txt'}: is a named pipe (FIFO), not a file: not read" in proc.stderr


def test_a_device_is_reported(tmp_path, seeds_copy):
    try:
        os.mknod(seeds_copy / "null.txt", 0o666 | __import__("stat").S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here (not root)")
    out = tmp_path / "out"
    assert run_pipeline(seeds_copy, out) == 0
    assert log_of(out) == [("null.txt", "error", "is a device, not a file: not read")]


def test_a_file_swapped_for_a_fifo_after_the_listing_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "later.txt"
    os.mkfifo(fifo)
    code = ("import sys; from pathlib import Path; from scripts.raw.ingest import read_source; "
            "print(read_source(Path(sys.argv[1])).errors)")  # as if the folder's listing had shown a regular file
    proc = subprocess.run([sys.executable, "-c", code, str(fifo)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "['is a named pipe (FIFO), not a file: not read (it changed after the folder was listed)']"


def test_any_file_name_is_read_and_reported_verbatim(tmp_path):
    seeds = tmp_path / "in"
    seeds.mkdir()
    names = [".;{touch,PWNED};{id,};#x.txt"[1:], "colon: and\ttab.txt", "new\nline.txt", "`tick` <b>.txt", "$(id).txt",
             "-rf.txt", "quote\"'.txt", "é кириллица.txt", "carriage\rreturn.txt"]
    for i, name in enumerate(names):
        (seeds / name).write_text(SEED_CSTO.read_text(encoding="utf-8").replace("The Russia-led", f"Variant {i}: the Russia-led", 1))
    bad = os.fsencode(seeds) + b"/latin1-\xe9.txt"
    with open(bad, "wb") as handle:
        handle.write(SEED_CSTO.read_bytes().replace(b"The Russia-led", b"Variant x: the Russia-led", 1))
    out = tmp_path / "out"
    assert run_pipeline(seeds, out) == 0
    listed = {r["source_file"] for r in read_csv(out / "sources.csv")}
    assert listed == set(names) | {"latin1-\\xe9.txt"}
    assert ("latin1-\\xe9.txt", "warning", "the file name is not valid UTF-8 (shown with \\xNN for the bytes that are not)") in log_of(out)
    assert not (tmp_path / "PWNED").exists()


# --- encodings, error pages, generated names --------------------------------------------------------------

def test_a_file_mixing_utf8_and_windows_1252_is_refused_not_garbled(tmp_path):
    text = "Bloc Talks\n\nJane Doe Mar 3, 2020\n\nThe minister — in Moscow — said the bloc’s plan was final, officials said.\n"
    mixed = text.encode("utf-8") + "He called it \u201ca farce\u201d on Tuesday, and more words follow here.\n".encode("cp1252")
    seeds = tmp_path / "in"
    seeds.mkdir()
    (seeds / "mixed.txt").write_bytes(mixed)
    (seeds / "fine.txt").write_bytes(SEED_CSTO.read_bytes())
    out = tmp_path / "out"
    assert run_pipeline(seeds, out) == 0
    [(name, level, problem)] = [e for e in log_of(out) if e[0] == "mixed.txt"]
    assert (name, level) == ("mixed.txt", "error")
    assert problem == ("mixes UTF-8 with another encoding: 3 UTF-8 character(s) (the first, '—', at byte 47) and 2 byte(s) "
                       "that are not UTF-8 (the first, 0x93, at byte 128); read either way, part of the text would be "
                       "garbled. Save the file as UTF-8")
    assert "â€" not in (out / "paragraphs.csv").read_text(encoding="utf-8")


def test_single_byte_pages_are_still_read():
    russian = "Россия и ОДКБ\n\nИван Петров Mar 3, 2020\n\n«НАТО» и «ЦЕНТР» В\xa0Москве: ОДКБ заявила о прекращении контактов.\n"
    text, enc, notes = ingest.decode(russian.encode("cp1251"))  # «НАТО» holds bytes that are UTF-8 by chance
    assert (text, enc) == (russian, "cp1251")
    western = "Caf\xe9 \u201cquoted\u201d \u2014 na\xefve r\xe9sum\xe9, \xc0 bient\xf4t.\n"
    assert ingest.decode(western.encode("cp1252"))[:2] == (western, "cp1252")


@pytest.mark.parametrize("title,kept", [
    ("Weapons Not Found In CSTO Inspection, Officials Say", True),
    ("Server Error Hits Bloc's Website Before Summit", True),
    ("Access Denied: Journalists Barred From CSTO Drills", True),
    ("Not Found: The Bloc's Missing Members", True),
    ("Page not found | Eurasianet", False),
    ("404 Not Found", False),
    ("Error 404 - Page not found", False),
    ("Internal Server Error", False),
    ("500 Internal Server Error", False),
    ("Not Found (404)", False),
    ("Страница не найдена", False),
])
def test_an_error_page_is_told_from_an_article_that_says_not_found(tmp_path, title, kept):
    body = BODY if kept else "<p>The requested page could not be found. Try the search.</p>"  # a short article too
    (tmp_path / "in").mkdir()
    shutil.copy(SEED_CSTO, tmp_path / "in" / "a-real-article.txt")
    code, out = _one(tmp_path, "page.html", html_page(title=title, body=body))
    assert code == 0
    titles = [r["title"] for r in read_csv(out / "articles.csv") if r["source_file"] == "page.html"]
    errors = [p for f, level, p in log_of(out) if f == "page.html" and level == "error"]
    if kept:
        assert titles == [title] and errors == []
    else:
        shown = title.removesuffix(" | Eurasianet")  # the page's title as read: a site's name after '|' is not part of it
        assert titles == [] and errors == [f"a 'page not found' page (title {shown!r}): no article in it"]


def test_a_300_letter_word_in_a_title_gives_a_bounded_id(tmp_path):
    title = "Bloc " + "x" * 300
    code, out = _one(tmp_path, "long.txt", f"{title}\n\nJane Doe Mar 3, 2020\n\nThe bloc met in Moscow on Tuesday, officials said.\n")
    assert code == 0
    aid = read_csv(out / "articles.csv")[0]["article_id"]
    assert len(aid) <= 11 + 80 and aid.startswith("2020-03-03-bloc-xxxx")


def _one(tmp_path, name: str, data: str | bytes):
    seeds, out = tmp_path / "in", tmp_path / "out"
    seeds.mkdir(exist_ok=True)
    (seeds / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return run_pipeline(seeds, out), out


# --- writing: disk full, read-only folder -----------------------------------------------------------------

@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EACCES, errno.EROFS])
def test_a_failed_write_ends_in_one_line_and_keeps_the_previous_tables(tmp_path, monkeypatch, capsys, err):
    out = tmp_path / "out"
    assert run_pipeline(SEEDS, out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_replace = os.replace

    def fail(src, dst):  # the last step, after every table was written beside its target
        if str(dst).endswith("quotes.csv"):
            raise OSError(err, os.strerror(err), str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(build_tables.os, "replace", fail)
    capsys.readouterr()
    assert build_tables.main(["--seeds", str(SEEDS), "--tables", str(out)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [f"error: cannot write the tables to {out}: {os.strerror(err)} ({out / 'quotes.csv'}); "
                     "the tables there are left as they were"]
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before  # nothing replaced, no temp file left


def test_temporary_files_of_a_killed_run_are_removed(tmp_path):
    out = tmp_path / "out"
    assert run_pipeline(SEEDS, out) == 0
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    orphans = [out / f".articles.csv.tmp-{dead}", out / f".quotes.csv.previous-{dead}", out / f".datapackage.json.tmp-{dead}"]
    for orphan in orphans:
        orphan.write_text("half a table")
    alive = out / f".mentions.csv.tmp-{os.getppid()}"  # a run still going (this test's parent process) keeps its file
    alive.write_text("in progress")
    assert run_pipeline(SEEDS, out) == 0
    assert not any(o.exists() for o in orphans) and alive.exists()


def test_an_output_folder_that_cannot_be_made_ends_in_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    proc = subprocess.run([sys.executable, "-m", "scripts.extract", "--seeds", str(SEEDS), "--tables", str(blocker / "tables")],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1].startswith(f"error: cannot write the tables to {blocker / 'tables'}: ")
    assert "Traceback" not in proc.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_folder_ends_in_one_line(tmp_path):
    out = tmp_path / "out"
    assert run_pipeline(SEEDS, out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    out.chmod(0o555)
    try:
        proc = subprocess.run([sys.executable, "-m", "scripts.extract", "--seeds", str(SEEDS), "--tables", str(out)],
                              cwd=ROOT, capture_output=True, text=True)
    finally:
        out.chmod(0o755)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_the_build_signature_cannot_be_written_ends_in_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    proc = subprocess.run([sys.executable, "-m", "scripts.stamp", str(blocker / "sig"), "--value", "x"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 1
    [line] = proc.stderr.splitlines()
    assert line.startswith(f"error: cannot write {blocker / 'sig'}: ")


# --- memory ------------------------------------------------------------------------------------------------

def _peak_rss_mb(cmd: list[str]) -> tuple[int, float]:
    """(exit code, peak of the summed resident memory of the command and all its processes, in MB)."""
    def children() -> dict[int, list[int]]:
        kids: dict[int, list[int]] = {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as handle:
                    kids.setdefault(int(handle.read().rsplit(")", 1)[1].split()[1]), []).append(int(pid))
            except OSError:
                pass
        return kids

    def rss(root: int) -> int:
        kids, todo, total = children(), [root], 0
        while todo:
            pid = todo.pop()
            todo += kids.get(pid, [])
            try:
                with open(f"/proc/{pid}/status") as handle:
                    total += next((int(line.split()[1]) for line in handle if line.startswith("VmRSS:")), 0)
            except OSError:
                pass
        return total

    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, rss(proc.pid))
        time.sleep(0.02)
    return proc.returncode, peak / 1024


def _one_line_file(path, megabytes: int, seed: int = 0) -> None:
    words = b"the bloc said that members would meet in Moscow next week to discuss security and NATO".split()
    line = b" ".join(words[(i * 7 + seed) % len(words)] for i in range(megabytes * 2**20 // 5))[: megabytes * 2**20]
    path.write_bytes(b"A Title\n\nJane Doe Mar 3, 2020\n\n" + line + b"\n")


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads memory from /proc")
def test_a_50_mb_one_line_file_is_read_in_bounded_memory(tmp_path, seeds_copy):
    _one_line_file(seeds_copy / "one-line.txt", 50)
    out = tmp_path / "out"
    code, peak = _peak_rss_mb([sys.executable, "-m", "scripts.extract", "--seeds", str(seeds_copy), "--tables", str(out)])
    assert code == 0
    assert peak < 400, f"{peak:.0f} MB"  # was 950 MB: split() held all ten million words at once
    assert ("one-line.txt", "warning", "1 line(s) over 50,000 characters left out: no article's paragraph is that long") in log_of(out)
    assert [r["article_id"] for r in read_csv(out / "articles.csv")] == [CSTO, ANTI_NATO]


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir("/proc") or (os.cpu_count() or 1) < 2, reason="reads memory from /proc; needs workers")
def test_four_large_files_among_many_are_not_read_at_once(tmp_path):
    seeds = tmp_path / "in"
    seeds.mkdir()
    text = SEED_CSTO.read_text(encoding="utf-8")
    for i in range(build_tables.PARALLEL_FROM - 4):  # enough files for the worker processes to start
        (seeds / f"small-{i:03d}.txt").write_text(text.replace("The Russia-led", f"Number {i}: the Russia-led", 1))
    for i in range(4):  # one in each of the first four chunks: before, four workers read them at the same time
        _one_line_file(seeds / f"small-{2 * i:03d}x.txt", 40, seed=i)
    code, peak = _peak_rss_mb([sys.executable, "-m", "scripts.extract", "--seeds", str(seeds), "--tables", str(tmp_path / "out")])
    assert code == 0
    assert peak < 700, f"{peak:.0f} MB"  # was 1.9 GB for four 50 MB files


# --- property-based: random text, markup included, in every field and in the file name ----------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from scripts.raw.page import clean_text  # noqa: E402

MARKUP = list("<>`{}[]()*_#:$|&;!~^\\'\"%+-=./@?, \n\t\r") + [":::", "</script>", "<script>", "&lt;", "{ref}`x <y>`",
                                                                "\u2028", "\xa0", "\x00", "\x1b", "Ё", "’", "“"]
hostile = st.lists(st.one_of(st.sampled_from(MARKUP), st.characters(codec="utf-8")), max_size=30).map("".join)
file_names = (st.lists(st.one_of(st.sampled_from(list(";:$`'\"<>{}()[]|&*?!#% \t\n\\-~")), st.characters(codec="utf-8", exclude_characters="/\x00")),
                       min_size=1, max_size=40).map("".join)
              .filter(lambda n: not n.startswith(".") and n.lower() not in ingest.SKIP_NAMES and len(n.encode()) < 200))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(title=hostile, author=hostile, url=hostile, quote=hostile, paragraph=hostile, name=file_names)
def test_any_text_in_any_field_gives_tables_that_hold_it(tmp_path_factory, title, author, url, quote, paragraph, name):
    from html import escape

    seeds = tmp_path_factory.mktemp("in")
    ld = json.dumps({"@type": "NewsArticle", "headline": title, "author": [{"name": author}], "url": url,
                     "datePublished": "2020-03-03"}).replace("</", "<\\/")
    body = [f"The bloc met in Moscow on Tuesday and talked for a long time about {paragraph} and more.",
            f"\u201c{quote} and so on,\u201d said Ivan Petrov, the deputy minister, on Wednesday.",
            "A third paragraph closes the article with several more words about the bloc."]
    page = (f'<html><head><title>x</title><script type="application/ld+json">{ld}</script></head><body><article>'
            + "".join(f"<p>{escape(p)}</p>" for p in body) + "</article></body></html>")
    (seeds / (name + ".html")).write_text(page, encoding="utf-8")
    tables, log = build_tables.build(seeds)
    if ingest._looks_binary(page.encode("utf-8")):  # a NUL, or many control characters: refused as binary, by name
        assert log == [(name + ".html", "error", "binary data (NUL or control bytes), not a text dump or an HTML page")]
        return
    out = tmp_path_factory.mktemp("out")
    build_tables.write_tables(tables, out)
    sources = read_csv(out / "sources.csv")
    assert [r["source_file"] for r in sources] == [name + ".html"]
    [article] = read_csv(out / "articles.csv")
    if clean_text(title):
        assert article["title"] == clean_text(title)
    if clean_text(author) and not author.strip().startswith("http"):
        assert article["author"] == clean_text(author)
    assert article["url"] == url.strip()
    paragraphs = [r["text"] for r in read_csv(out / "paragraphs.csv")]
    assert clean_text(body[2]) in paragraphs
    assert all(p == clean_text(p) for p in paragraphs)
    for q in read_csv(out / "quotes.csv"):  # every quote is the paragraph's text at its offsets
        assert paragraphs[int(q["paragraph"]) - 1][int(q["start"]):int(q["end"])] == q["text"]
