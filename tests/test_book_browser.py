"""The built book in a real browser (Debian's chromium driven by playwright, served from 127.0.0.1).

Every chart on every page of the table of contents is drawn, no page logs a console error or fails a request or
asks for anything off this machine, the search page finds a word that only occurs in a quotation, and a quote's link
lands on its paragraph in the source appendix.  Run after `make book`.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
import pytest

from scripts import paths
from scripts.book.toc import docnames
from scripts.pdf import browser as chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PAGES = [f"{doc}.html" for doc in docnames()]


@pytest.fixture(scope="module")
def site() -> str:
    if not (paths.HTML / "index.html").is_file():
        pytest.fail("run `make book` first: _build/html/index.html is missing")
    with chromium.serve(paths.HTML) as base:
        yield base.rstrip("/")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = chromium.launch(p)
        yield b
        b.close()


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log: dict[str, list[str]] = {"console": [], "failed": [], "remote": []}
    page.on("console", lambda m: m.type in ("error", "warning") and log["console"].append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: log["console"].append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: log["failed"].append(r.url))
    page.on("response", lambda r: r.status >= 400 and log["failed"].append(f"{r.status} {r.url}"))
    page.on("request", lambda r: urlsplit(r.url).hostname not in ("127.0.0.1", None)
            and r.url.startswith("http") and log["remote"].append(r.url))
    page.goto(url, wait_until="load")
    return page, log


def test_the_toc_lists_every_chapter_and_appendix() -> None:
    assert len(PAGES) == 11
    assert all((paths.HTML / p).is_file() for p in PAGES)


@pytest.mark.parametrize("page_path", PAGES)
def test_every_chart_is_drawn_and_the_page_is_clean(browser, site: str, page_path: str) -> None:
    page, log = _open(browser, f"{site}/{page_path}")
    expected = page.locator(".dossier-chart").count()
    page.wait_for_function(
        "n => document.querySelectorAll('.dossier-chart .js-plotly-plot .main-svg').length >= 2 * n "
        "&& document.querySelectorAll('.dossier-chart .js-plotly-plot').length === n", arg=expected, timeout=15_000)
    drawn = page.evaluate("""() => [...document.querySelectorAll('.dossier-chart')].map(c => ({
        plot: !!c.querySelector('.js-plotly-plot .main-svg'),
        marks: c.querySelectorAll('.main-svg .trace, .main-svg .sankey, .main-svg .hm, .main-svg image').length,
        label: c.getAttribute('aria-label') || ''}))""")
    assert len(drawn) == expected
    assert all(d["plot"] and d["marks"] > 0 for d in drawn), drawn
    assert all(len(d["label"]) > 40 for d in drawn), "every chart needs a text alternative"
    page.wait_for_timeout(300)
    assert log == {"console": [], "failed": [], "remote": []}
    page.close()


def test_pages_with_charts_are_the_expected_ones() -> None:
    from bs4 import BeautifulSoup

    counts = {p: len(BeautifulSoup((paths.HTML / p).read_text(encoding="utf-8"), "lxml").select(".dossier-chart"))
              for p in PAGES}
    articles = pd.read_csv(paths.TABLES / "articles.csv", dtype=str, keep_default_na=False)
    n_dated = int((articles["published"] != "").sum())
    assert counts == {
        "chapters/01-introduction.html": 0, "chapters/02-corpus.html": 2,
        "chapters/03-landscape.html": 2 + 1 + n_dated,  # timeline, slider, its print twins (today + each article)
        "chapters/04-anti-natos.html": 1, "chapters/05-voices.html": 1, "chapters/06-claims.html": 1,
        "chapters/07-timeline.html": 1, "chapters/appendix-a-sources.html": 0,
        "chapters/appendix-b-data-dictionary.html": 0, "chapters/appendix-d-methods.html": 0,
        "chapters/appendix-c-bibliography.html": 0,
    }


def test_print_twins_are_hidden_on_screen_and_interactive_parts_shown(browser, site: str) -> None:
    page, _ = _open(browser, f"{site}/chapters/03-landscape.html")
    assert page.locator(".print-only").count() >= 1
    assert all(not el.is_visible() for el in page.locator(".print-only").all())
    assert page.locator(".screen-only .slider-container, .screen-only .slider-group").count() >= 1
    page.close()


def test_search_finds_a_word_that_only_a_quote_contains(browser, site: str) -> None:
    quotes = pd.read_csv(paths.TABLES / "quotes.csv", dtype=str, keep_default_na=False)
    # "blackmailing" is Bordyuzha's word (2014-04-24, paragraph 2); it appears nowhere in the prose.
    assert quotes["text"].str.contains("blackmailing").any()
    page, log = _open(browser, f"{site}/search.html?q=blackmailing")
    page.wait_for_selector("#search-results li", timeout=15_000)
    hits = page.locator("#search-results li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(h.startswith("chapters/appendix-a-sources.html") for h in hits), hits
    assert any(h.startswith("chapters/05-voices.html") for h in hits), hits
    page.close()


def test_a_quote_link_lands_on_its_paragraph(browser, site: str) -> None:
    quotes = pd.read_csv(paths.TABLES / "quotes.csv", dtype=str, keep_default_na=False)
    quote = quotes[quotes["text"].str.startswith("For now we will not be making any efforts")].iloc[0]
    target = f"src-{quote['article_id']}-p{quote['paragraph']}"
    page, log = _open(browser, f"{site}/chapters/05-voices.html")
    link = page.locator(f".dossier-quotes.screen-only a[href$='#{target}']").first
    assert link.inner_text().strip() == quote["text"]
    link.click()
    page.wait_for_url(f"**/chapters/appendix-a-sources.html#{target}")
    landed = page.locator(f"[id='{target}']")
    assert landed.count() == 1
    assert quote["text"] in landed.inner_text()
    box = landed.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, box  # scrolled into view
    assert landed.locator("mark.quote").first.inner_text().startswith("For now we will not")
    assert log["console"] == [] and log["remote"] == []
    page.close()


def test_the_quote_table_filters_sorts_and_pages(browser, site: str) -> None:
    quotes = pd.read_csv(paths.TABLES / "quotes.csv", dtype=str, keep_default_na=False)
    page, _ = _open(browser, f"{site}/chapters/05-voices.html")
    table = page.locator(".screen-only table.searchable")
    visible = lambda: table.locator("tbody tr:not([hidden])").count()  # noqa: E731
    assert table.locator("tbody tr").count() == len(quotes)
    assert visible() == min(10, len(quotes))
    page.locator(".dossier-table-bar input[type=search]").fill("Izvestia")
    matching = table.locator("tbody tr").evaluate_all(
        "rows => rows.filter(r => r.textContent.toLowerCase().includes('izvestia')).length")
    assert 0 < matching < len(quotes)
    assert visible() == min(10, matching)
    page.locator(".dossier-table-bar input[type=search]").fill("")
    table.locator("thead th").nth(1).click()
    order = table.locator("tbody tr").evaluate_all("""rows => {
        const all = rows.map(r => r.cells[1].textContent.trim());
        const shown = rows.filter(r => !r.hidden).map(r => r.cells[1].textContent.trim());
        const sorted = [...all].sort((a, b) => a.localeCompare(b, undefined, {numeric: true, sensitivity: 'base'}));
        return {shown, sorted: sorted.slice(0, shown.length)};
    }""")
    assert order["shown"] == order["sorted"]
    assert table.locator("thead th").nth(1).get_attribute("aria-sort") == "ascending"
    page.locator(".dossier-table-bar button", has_text="Next").click()
    assert visible() == min(10, len(quotes) - 10)
    page.close()


# Widths around the phone breakpoint (every pixel, where a chart switches layout) and across phone sizes.
SWEEP_WIDTHS = list(range(560, 661)) + list(range(320, 560, 8))


@pytest.mark.parametrize("page_path", [p for p in PAGES if "chapters/" in p or p == "index.html"])
def test_no_chart_freezes_the_page_at_any_width(browser, site: str, page_path: str) -> None:
    """Every chart is redrawn at each width in SWEEP_WIDTHS as the page's own script draws it for that width; each
    redraw must finish.  Plotly's automargin could redraw forever at one width (a 639 px chart froze chromium: a
    687 px browser window, and the Letter-size PDF print, never finished loading 02-corpus)."""
    page, _ = _open(browser, f"{site}/{page_path}")
    n = page.locator(".dossier-chart").count()
    if n == 0:
        page.close()
        return
    page.wait_for_function("n => document.querySelectorAll('.dossier-chart .js-plotly-plot .main-svg').length >= 2 * n",
                           arg=n, timeout=30_000)
    for index in range(n):
        for width in SWEEP_WIDTHS:
            # started in a timer so that a redraw which never returns cannot also hang this call
            page.evaluate("""([i, w]) => { window.__redrawn = false;
                const gd = document.querySelectorAll('.dossier-chart .js-plotly-plot')[i];
                gd.style.width = w + 'px'; gd._dossierState = null;
                setTimeout(() => Promise.resolve(window.dossierCharts.redraw(gd)).then(() => { window.__redrawn = true; }), 0);
            }""", [index, width])
            try:
                page.wait_for_function("() => window.__redrawn === true", timeout=10_000)
            except Exception:
                page.close()
                pytest.fail(f"{page_path}: chart {index + 1} of {n} never finished drawing at {width} px")
    page.close()
