"""How the built book looks to a reader, in a real browser: light and dark mode (the theme's switch,
html[data-theme=dark]) and a 400 px phone with a touch screen.

Text contrast is measured as WCAG defines it (relative luminance of the text colour over the background it is
drawn on, alpha layers composed): every key element must reach 4.5:1 — the quotations marked in the source texts,
the quote table's controls, verdict badges, table cells, and every chart's axis, legend and title text.  On a
phone the membership timeline's bars keep most of the width, the matrix's title is whole, the flow diagram's
labels do not overlap, no page scrolls sideways, a tap shows a chart's details; a citation previews its entry.
Screenshots of every page in the three ways are written to _build/screenshots/ for a person to look at.
Run after `make book`.
"""
from __future__ import annotations

import pytest

from scripts import paths
from scripts.book.toc import docnames
from scripts.pdf import browser as chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PAGES = [f"{doc}.html" for doc in docnames()]
SHOTS = paths.BUILD / "screenshots"

# Luminance, composition and contrast as WCAG 2 defines them; `bg(el)` composes the backgrounds under an element.
CONTRAST_JS = r"""
(() => {
  const parse = (c) => {
    const m = String(c).match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const bg = (el) => {
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let out = [255, 255, 255, 1];
    if (!layers.length || layers[layers.length - 1][3] < 1) {
      const canvas = parse(getComputedStyle(document.documentElement).backgroundColor);
      const body = parse(getComputedStyle(document.body).backgroundColor);
      if (canvas && canvas[3] > 0) out = over(canvas, out);
      if (body && body[3] > 0) out = over(body, out);
    }
    for (const c of layers.reverse()) out = over(c, out);
    return out;
  };
  const ratio = (fg, back) => {
    const f = over(fg, back);
    const [a, b] = [lum(f), lum(back)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  };
  window.dossierContrast = (el, colour) => {
    const back = bg(el);
    const fg = parse(colour || getComputedStyle(el).color);
    return fg ? ratio(fg, back) : 0;
  };
  // SVG text of a chart: its fill over the chart's paper colour, itself over the page.
  window.dossierSvgContrast = (text) => {
    const gd = text.closest(".js-plotly-plot");
    const page = bg(gd);
    const paper = parse(gd._fullLayout.paper_bgcolor) || [255, 255, 255, 0];
    const back = over(paper, page);
    const fg = parse(getComputedStyle(text).fill);
    return fg ? ratio(fg, back) : 0;
  };
})();
"""


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


MODES = {
    "light": {"viewport": {"width": 1280, "height": 900}},
    "dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
    "phone": {"viewport": {"width": 400, "height": 860}, "has_touch": True, "is_mobile": True},
    # a small laptop: with the page's contents column, charts get about 610 px, under the narrow layout's 640
    "laptop": {"viewport": {"width": 1200, "height": 900}},
}


def _open(browser, site: str, page_path: str, mode: str):
    context = browser.new_context(**MODES[mode])
    if mode == "dark":  # the theme's own switch keeps the reader's choice here
        context.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
    page = context.new_page()
    page.goto(f"{site}/{page_path}", wait_until="load")
    page.add_script_tag(content=CONTRAST_JS)
    expected = page.locator(".dossier-chart").count()
    page.wait_for_function(
        "n => document.querySelectorAll('.dossier-chart .js-plotly-plot .main-svg').length >= 2 * n", arg=expected,
        timeout=20_000)
    page.wait_for_timeout(700)  # dossier.js redraws the charts for the mode and width
    if mode == "dark":
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    return context, page


def _pages_with(selector: str) -> list[str]:
    from bs4 import BeautifulSoup

    found = []
    for p in PAGES:
        soup = BeautifulSoup((paths.HTML / p).read_text(encoding="utf-8"), "lxml")
        if soup.select_one(selector):
            found.append(p)
    return found


def _low_contrast(page, selector: str, limit: int = 60) -> list[tuple[str, float]]:
    return page.evaluate("""([sel, limit]) => [...document.querySelectorAll(sel)]
        .filter((e) => e.getClientRects().length && e.textContent.trim())
        .slice(0, limit)
        .map((e) => [e.textContent.trim().slice(0, 40), window.dossierContrast(e)])
        .filter(([, r]) => r < 4.5)""", [selector, limit])


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_quotes_tables_and_badges_read_in_both_modes(browser, site: str, mode: str) -> None:
    checked = {}
    for selector in ("mark.quote", "mark.term", ".verdict", "table.dossier-table td", ".para-number",
                     ".dossier-table-info"):
        pages = _pages_with("table.searchable" if selector == ".dossier-table-info" else selector)  # made by dossier.js
        assert pages, f"no page has {selector}"
        context, page = _open(browser, site, pages[0], mode)
        checked[selector] = _low_contrast(page, selector)
        context.close()
    assert checked == {k: [] for k in checked}


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_table_controls_read_in_both_modes(browser, site: str, mode: str) -> None:
    pages = _pages_with("table.searchable")
    assert pages
    context, page = _open(browser, site, pages[0], mode)
    bar = page.locator(".dossier-table-bar").first
    next_button = bar.locator("button", has_text="Next")
    assert next_button.is_enabled(), "the first page of a long table can go to the next"
    ratios = page.evaluate("""() => {
        const bar = document.querySelector('.dossier-table-bar');
        const input = bar.querySelector('input');
        const buttons = [...bar.querySelectorAll('button')].filter((b) => !b.disabled);
        return {buttons: buttons.map((b) => [b.textContent, window.dossierContrast(b)]),
                input: window.dossierContrast(input),
                placeholder: window.dossierContrast(input, getComputedStyle(input, '::placeholder').color)};
    }""")
    assert ratios["buttons"] and all(r >= 4.5 for _, r in ratios["buttons"]), ratios
    assert ratios["input"] >= 4.5 and ratios["placeholder"] >= 4.5, ratios
    context.close()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_chart_is_drawn_in_the_page_colours_with_readable_text(browser, site: str, mode: str) -> None:
    problems = []
    for page_path in _pages_with(".dossier-chart"):
        context, page = _open(browser, site, page_path, mode)
        result = page.evaluate("""() => [...document.querySelectorAll('.dossier-chart .js-plotly-plot')]
          .filter((gd) => gd.getClientRects().length).map((gd) => {
            const texts = [...gd.querySelectorAll('.xtick text, .ytick text, .legendtext, .gtitle, .g-gtitle text, '
                                                 + '.cbaxis text, .colorbar text, .sankey .node-label')]
                .filter((t) => t.textContent.trim() && t.getClientRects().length);
            const low = texts.map((t) => [t.textContent.trim().slice(0, 30), window.dossierSvgContrast(t)])
                .filter(([, r]) => r < 4.5);
            return {name: gd.closest('[data-chart]').dataset.chart, paper: gd._fullLayout.paper_bgcolor,
                    texts: texts.length, low: low.slice(0, 5)};
        })""")
        for chart in result:
            if chart["texts"] == 0 or chart["low"]:
                problems.append((page_path, chart))
            if mode == "dark" and chart["paper"].replace(" ", "") in ("white", "#fff", "#ffffff", "rgb(255,255,255)"):
                problems.append((page_path, chart["name"], "a white box in dark mode"))
        context.close()
    assert problems == []


def test_switching_the_theme_redraws_the_charts_and_back(browser, site: str) -> None:
    context, page = _open(browser, site, _pages_with(".dossier-chart")[0], "light")
    paper = ("() => [...document.querySelectorAll('.dossier-chart .js-plotly-plot')]"
             ".map((g) => g._fullLayout.paper_bgcolor.replace(/ /g, ''))")
    light = page.evaluate(paper)
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    page.wait_for_timeout(600)
    dark = page.evaluate(paper)
    page.evaluate("document.documentElement.dataset.theme = 'light'")
    page.wait_for_timeout(600)
    assert page.evaluate(paper) == light
    assert all(p == "rgba(0,0,0,0)" for p in dark) and all(p != "rgba(0,0,0,0)" for p in light), (light, dark)
    context.close()


def _chart(page, name: str):
    return page.locator(f'.dossier-chart[data-chart="{name}"] .js-plotly-plot').first


def test_on_a_phone_the_timeline_bars_keep_the_width(browser, site: str) -> None:
    pages = _pages_with('[data-chart="fig-membership-timeline"]')
    assert pages
    context, page = _open(browser, site, pages[0], "phone")
    size = _chart(page, "fig-membership-timeline").evaluate(
        "gd => ({plot: gd._fullLayout._size.w, width: gd._fullLayout.width, labelsInside: gd._fullLayout.yaxis.ticklabelposition})")
    assert size["plot"] >= 0.8 * size["width"], size
    # Every row still has its label, drawn above its bar.
    labels = _chart(page, "fig-membership-timeline").evaluate(
        "gd => [...gd.querySelectorAll('.ytick text')].filter((t) => t.textContent.trim()).length")
    rows = _chart(page, "fig-membership-timeline").evaluate("gd => gd._fullLayout.yaxis._categories.length")
    assert labels == rows
    context.close()


@pytest.mark.xfail(strict=True, reason="known gap (issue 12): at 400 px the flow diagram's middle-column labels still "
                   "run into the articles' labels")
def test_on_a_phone_matrix_titles_are_whole_and_flow_labels_apart(browser, site: str) -> None:
    problems = []
    for page_path in _pages_with(".dossier-chart"):
        context, page = _open(browser, site, page_path, "phone")
        problems += page.evaluate("""() => {
            const out = [];
            for (const gd of document.querySelectorAll('.dossier-chart .js-plotly-plot')) {
                if (!gd.getClientRects().length) continue;  // a print-only twin
                const name = gd.closest('[data-chart]').dataset.chart;
                const svg = gd.querySelector('.main-svg').getBoundingClientRect();
                for (const t of gd.querySelectorAll('.gtitle, .g-gtitle text')) {
                    const b = t.getBoundingClientRect();
                    if (b.width && (b.left < svg.left - 1 || b.right > svg.right + 1)) out.push([name, 'title cut', t.textContent]);
                }
                const boxes = [...gd.querySelectorAll('.sankey .node-label')].map((t) => [t.textContent, t.getBoundingClientRect()]);
                for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                    const [a, A] = boxes[i], [b, B] = boxes[j];
                    const ix = Math.min(A.right, B.right) - Math.max(A.left, B.left);
                    const iy = Math.min(A.bottom, B.bottom) - Math.max(A.top, B.top);
                    if (ix > 1 && iy > 1) out.push([name, 'labels overlap', a + ' / ' + b]);
                }
                if (gd._fullLayout._size.w < 0.5 * gd._fullLayout.width) out.push([name, 'plot area', gd._fullLayout._size.w]);
            }
            if (document.scrollingElement.scrollWidth > window.innerWidth + 1) out.push(['page', 'scrolls sideways', document.scrollingElement.scrollWidth]);
            return out;
        }""")
        context.close()
    assert problems == []


@pytest.mark.parametrize("mode", ["phone", "laptop", "light"])
def test_every_matrix_keeps_readable_rows_and_columns(browser, site: str, mode: str) -> None:
    """A state x bloc matrix on screen gives each row at least 14 px and each column at least 8 px: its colour key
    and slider once shared the bottom margin on narrow charts, and plotly squeezed the rows to 6 px."""
    problems = []
    for page_path in _pages_with(".dossier-chart"):
        context, page = _open(browser, site, page_path, mode)
        problems += page.evaluate("""() => [...document.querySelectorAll('.dossier-chart .js-plotly-plot')]
            .filter((gd) => gd.getClientRects().length && gd.data.some((t) => t.type === 'heatmap'))
            .map((gd) => [gd.closest('[data-chart]').dataset.chart, gd._fullLayout._size.h / gd._fullLayout.yaxis._categories.length,
                          gd._fullLayout._size.w / gd._fullLayout.xaxis._categories.length])
            .filter(([, row, column]) => row < 14 || column < 8)""")
        context.close()
    assert problems == []


@pytest.mark.parametrize("mode", ["phone", "laptop", "light"])
def test_no_legend_lies_over_its_plot(browser, site: str, mode: str) -> None:
    """Fig. 1.1's legend, squeezed by long article titles beside its bars, lay over the bars at 1280 px."""
    problems = []
    for page_path in _pages_with(".dossier-chart"):
        context, page = _open(browser, site, page_path, mode)
        problems += page.evaluate("""() => [...document.querySelectorAll('.dossier-chart .js-plotly-plot')]
            .filter((gd) => gd.getClientRects().length && gd.querySelector('.legend') && gd.querySelector('.nsewdrag'))
            .map((gd) => {
                const L = gd.querySelector('.legend').getBoundingClientRect(), P = gd.querySelector('.nsewdrag').getBoundingClientRect();
                return [gd.closest('[data-chart]').dataset.chart, Math.min(L.right, P.right) - Math.max(L.left, P.left),
                        Math.min(L.bottom, P.bottom) - Math.max(L.top, P.top)];
            })
            .filter(([, x, y]) => x > 2 && y > 2)""")
        context.close()
    assert problems == []


def test_a_tap_shows_a_charts_details(browser, site: str) -> None:
    pages = _pages_with('[data-chart="fig-membership-timeline"]')
    context, page = _open(browser, site, pages[0], "phone")
    chart = _chart(page, "fig-membership-timeline")
    chart.scroll_into_view_if_needed()
    bar = chart.locator(".trace.bars .point path").nth(5)
    bar.evaluate("e => e.scrollIntoView({block: 'center'})")  # clear of the theme's sticky header
    box = bar.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(400)
    hover = chart.locator(".hoverlayer .hovertext")
    assert hover.count() >= 1
    assert "confidence" in hover.first.text_content()
    context.close()


def test_a_citation_previews_its_entry_on_hover_and_on_tap(browser, site: str) -> None:
    pages = _pages_with(".bibtex-citation a")
    assert pages
    for mode in ("light", "phone"):
        context, page = _open(browser, site, pages[0], mode)
        link = page.locator(".bibtex-citation a").first
        link.scroll_into_view_if_needed()
        before = page.url
        if mode == "phone":
            link.tap()
        else:
            link.hover()
        page.wait_for_timeout(300)
        preview = page.locator(".dossier-preview")
        assert preview.is_visible(), mode
        assert len(preview.text_content()) > 30 and link.text_content().strip() in preview.text_content()
        assert page.url == before, "the first tap previews, it does not leave the page"
        context.close()


def test_screenshots_of_every_page_in_every_mode(browser, site: str) -> None:
    """Not a check: pictures for a person (the top of each page and each chart, in each mode)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    taken = 0
    for mode in MODES:
        for page_path in PAGES:
            context, page = _open(browser, site, page_path, mode)
            stem = page_path.replace("/", "-").removesuffix(".html")
            page.screenshot(path=str(SHOTS / f"{stem}-{mode}.png"))
            charts = page.locator(".dossier-chart")
            for i in range(charts.count()):
                if charts.nth(i).is_visible():
                    charts.nth(i).screenshot(path=str(SHOTS / f"{stem}-{mode}-chart{i + 1}.png"))
            taken += 1
            context.close()
    assert taken == len(MODES) * len(PAGES)
