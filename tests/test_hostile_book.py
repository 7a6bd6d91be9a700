"""Issue 9's "Done when", end to end: a corpus of hostile inputs (tests/hostile_corpus.py, made outside the project)
goes through `make book SEEDS=<it>` on a copy of the project (the real data/ and _build/ are never touched): every
entry is read or named, the book builds, no script runs in any page (chromium: dialogs, a PWNED flag, injected
elements, failed requests), nothing from outside the seeds folder reaches the book, the article data is shown as
text, and a second build from scratch is byte-identical to the first."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import hostile_corpus
from conftest import read_csv
from scripts.book.toc import docnames
from scripts.raw.ingest import shown_name
from test_makefile import copy_project

pytestmark = pytest.mark.slow


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    """make in the copy; PYTHONPATH makes the chapters' kernels import the copy's package, not the installed one
    (the venv's editable install points at the real checkout, where the charts' CSVs would be written)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOSSIER_", "MAKE"))}
    env["PYTHONPATH"] = str(project)
    return subprocess.run(["make", "--no-print-directory", *args], cwd=project, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    corpus = tmp_path_factory.mktemp("hostile") / "seeds"
    made = hostile_corpus.build(corpus)
    root = tmp_path_factory.mktemp("project")
    copy_project(root)
    run = make(root, "book", f"SEEDS={corpus}")
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    first = tmp_path_factory.mktemp("first-build") / "html"
    shutil.copytree(root / "_build" / "html", first)
    return {"root": root, "corpus": corpus, "made": made, "run": run, "first": first}


def test_every_entry_of_the_folder_is_read_or_named(built):
    tables = built["root"] / "data" / "tables"
    named = {r["source_file"] for r in read_csv(tables / "sources.csv")} | {r["source_file"] for r in read_csv(tables / "ingest_log.csv")}
    entries = {shown_name(os.fsdecode(n)) for n in os.listdir(os.fsencode(built["corpus"]))}
    assert entries - {"manifest.json"} <= named
    log = {(r["source_file"], r["level"]) for r in read_csv(tables / "ingest_log.csv")}
    for name in built["made"]["not_files"]:
        assert (name, "error") in log or (name, "warning") in log, name
    output = built["run"].stdout + built["run"].stderr
    assert "Traceback" not in output and "uid=" not in output
    assert not any(p.name == "PWNED" for base in (built["root"], built["corpus"], Path.cwd()) for p in base.iterdir())


def test_the_kernels_own_messages_go_to_their_log_not_the_terminal(built):
    """ipykernel logs a warning as each chapter's kernel starts, and now and then a traceback as one shuts down: the
    build's output says where they went and holds none of them."""
    output = built["run"].stdout + built["run"].stderr
    log = (built["root"] / "_build" / "logs" / "kernels.log").read_text(encoding="utf-8")
    chapters = sum(1 for name in docnames() if (built["root"] / f"{name}.ipynb").is_file())
    assert log.count("[IPKernelApp] WARNING | Kernel is running over TCP") == chapters
    assert "IPKernelApp" not in output
    assert "the chapters' kernels logged" in output and "_build/logs/kernels.log" in output


def test_nothing_from_outside_the_seeds_folder_reaches_the_tables_or_the_book(built):
    marker = built["made"]["marker"].encode()
    for base in ("data", "_build/html", "chapters/data"):
        for path in (built["root"] / base).rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert marker not in data and b"root:x:0:0" not in data, path
                assert os.fsencode(built["made"]["outside"]) not in data, path


def test_article_data_is_shown_as_text(built):
    from bs4 import BeautifulSoup

    tables = built["root"] / "data" / "tables"
    articles = read_csv(tables / "articles.csv")
    soup = BeautifulSoup((built["root"] / "_build/html/chapters/appendix-a-sources.html").read_text(encoding="utf-8"), "lxml")
    for link in soup.select("a.headerlink"):
        link.decompose()
    headings = {" ".join(h.get_text().split()) for h in soup.select("section h2")}
    shown = " ".join(soup.get_text().split())
    hostile = [a for a in articles if a["source_file"].startswith(("markup-title-", "page-"))]
    assert len(hostile) >= 20
    for a in hostile:
        assert " ".join(a["title"].split()) in headings, a["title"]
        assert " ".join(a["author"].split()) in shown, a["author"]
    # the file names, in inline code, exactly
    codes = {c.get_text().replace("\xa0", " ") for c in soup.select("code")}  # docutils keeps double spaces as nbsp
    for a in articles:
        assert "seeds/" + a["source_file"].replace("\n", "\u240a").replace("\t", "\u2409") in codes, a["source_file"]


def test_a_second_build_from_scratch_is_byte_identical(built):
    root = built["root"]
    shutil.rmtree(root / "_build")
    run = make(root, "book", f"SEEDS={built['corpus']}")
    assert run.returncode == 0, run.stderr[-3000:]
    first, second = built["first"], root / "_build" / "html"
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    differ = [str(n) for n in names if (first / n).read_bytes() != (second / n).read_bytes()]
    assert differ == []


@pytest.mark.browser
def test_no_script_runs_in_any_page(built):
    from playwright.sync_api import sync_playwright

    from scripts.pdf import browser as chromium

    html = built["root"] / "_build" / "html"
    pages = [f"{doc}.html" for doc in docnames(built["root"])] + ["search.html?q=PWNED", "genindex.html"]
    found: dict[str, list[str]] = {}
    with chromium.serve(html) as base, sync_playwright() as p:
        browser = chromium.launch(p)
        for name in pages:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            problems: list[str] = []
            page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
            page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
            page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
            page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
            page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
            page.on("request", lambda r: urlsplit(r.url).hostname not in ("127.0.0.1", None) and problems.append(f"remote: {r.url}"))
            page.goto(base + name, wait_until="load")
            page.wait_for_timeout(800)
            page.mouse.move(640, 450)  # hover a chart: plotly draws its hover label from the data
            problems += page.evaluate("""() => {
                const out = [];
                if (window.PWNED !== undefined) out.push('window.PWNED is set');
                if (document.title.includes('PWNED')) out.push('title: ' + document.title);
                // the page's content: a chapter's article, the search results, the index (the theme around it is
                // the same on every page and holds its own scripts and handlers)
                const article = document.querySelector('article.bd-article') || document.querySelector('#search-results')
                    || document.querySelector('main') || document.body;
                for (const el of article.querySelectorAll('*')) {
                    for (const a of el.getAttributeNames()) if (a.toLowerCase().startsWith('on')) out.push(el.tagName + ' ' + a);
                    const href = (el.getAttribute('href') || el.getAttribute('src') || '').trim().toLowerCase();
                    // plotly draws a heatmap as an SVG image from a data: URI of its own
                    if (/^(javascript|data|vbscript):/.test(href) && !el.closest('.js-plotly-plot')) out.push(el.tagName + ' href ' + href.slice(0, 60));
                }
                for (const s of article.querySelectorAll('script')) {
                    // JSON-LD is data, never run: it must parse, and hold no '<' that could end its element
                    if (s.type === 'application/ld+json') {
                        let parsed = true;
                        try { JSON.parse(s.textContent); } catch (e) { parsed = false; }
                        if (!parsed || s.textContent.includes('<')) out.push('json-ld: ' + s.textContent.slice(0, 120));
                    } else if (!s.textContent.trim().startsWith('window.PLOTLYENV')) out.push('script: ' + s.outerHTML.slice(0, 120));
                }
                for (const tag of ['iframe', 'img', 'style', 'object', 'embed']) {
                    for (const el of article.querySelectorAll(tag)) if (!el.closest('.js-plotly-plot')) out.push('element: ' + tag);
                }
                return out;
            }""")
            if problems:
                found[name] = problems
            page.close()
        # plotly shows a category that holds markup as that text, not as markup
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "chapters/02-corpus.html", wait_until="load")
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0", timeout=15_000)
        # the bars are labelled "article of <date>" now; the chart's text alternative names each article by its
        # title, and a title that holds markup is that text there
        ticks = page.locator(".dossier-chart").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
        page.close()
        browser.close()
    assert found == {}, found
    assert any("<script>" in t or "<img" in t for t in ticks), ticks
