"""Stage 4, pdf: the book as one printable PDF (`_build/pdf/dossier-A4.pdf`, `dossier-Letter.pdf`).

The book stage builds the single-page edition (`python -m scripts.book singlehtml` into `_build/singlehtml`,
reusing the notebooks' execution cache, never touching `_build/html`); it is served on 127.0.0.1 and printed by an installed
Chromium or Chrome driven through playwright (never a browser download).  Before printing, the page is rearranged
into a book: a title page, a table of contents with page numbers, each chapter on its own named CSS page (which
gives the running chapter title in the page margin), links to other pages rewritten to in-page anchors (so they
become internal PDF links), and every plotly chart redrawn at the printable width.  The page numbers in the table
of contents are read back from the first print's named destinations and the book is printed again.

    python -m scripts.pdf [--paper A4|Letter] [--out PATH] [--singlehtml DIR]

A sidecar `<out>.json` records what was printed (chapters and their first pages, every chart with the texts
its SVG drew, the page margins) for the tests.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from scripts import paths
from scripts.book.data import as_of
from scripts.book.toc import read_config, read_toc
from scripts.pdf.browser import BROWSER_ARGS, BrowserNotFound, find_browser, serve


# Page geometry in millimetres; the running title sits in the top margin, the page number in the bottom one.
PAPERS = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
MARGINS = {"top": 20.0, "right": 17.0, "bottom": 18.0, "left": 17.0}
CSS_PX_PER_MM = 96 / 25.4
CHART_TIMEOUT_MS = 180_000
# Loading the whole book as one page (every chart, every script) on a busy two-core machine.
PAGE_TIMEOUT_MS = 300_000

# The in-page half (rearranging the page into a book), kept out of _static/ so the HTML book never loads it.
PAGE_JS = (Path(__file__).with_name("book.js")).read_text(encoding="utf-8")


# --- the single-page build ---------------------------------------------------------------------------------------

def page_to_print(singlehtml: Path) -> Path:
    """The one-page book the book stage built (`python -m scripts.book singlehtml`, which `make pdf` runs first)."""
    page = singlehtml / "index.html"
    if not page.is_file():
        raise SystemExit(f"scripts.pdf: no single-page book at {page}: build it first with `make pdf` "
                         "(or `python -m scripts.book singlehtml`).")
    return page


# --- serving and printing ----------------------------------------------------------------------------------------

def page_css(paper: str, book_title: str) -> dict:
    width, height = PAPERS[paper]
    return {
        "paper": paper,
        "size_mm": [width, height],
        "margins_mm": MARGINS,
        "book_title": book_title,
    }


def chapter_first_pages(pdf: Path, anchors: list[str]) -> dict[str, int]:
    """1-based page of each named destination in `anchors` (Chromium names a destination after the element id)."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, start=1)}
    found: dict[str, int] = {}
    for name, dest in reader.named_destinations.items():
        name = name.lstrip("/")
        if name in anchors:
            ref = dest.page
            idnum = getattr(ref, "idnum", None)
            if idnum is None and hasattr(ref, "indirect_reference"):
                idnum = ref.indirect_reference.idnum
            if idnum in pages:
                found[name] = pages[idnum]
    return found


def wait_for_charts(page, what: str) -> None:
    """Wait until the theme's styles are in and every printed chart is drawn; name the charts that are not."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("() => window.dossierPdf.chartsDrawn()", timeout=CHART_TIMEOUT_MS, polling=200)
    except PlaywrightTimeout:
        undrawn = page.evaluate("() => window.dossierPdf.undrawn()")
        raise SystemExit(
            f"scripts.pdf: {what}: after {CHART_TIMEOUT_MS // 1000} s these charts were still not drawn: "
            f"{', '.join(undrawn) or '(none: the page or its styles did not finish loading)'}"
        ) from None


def print_book(root: Path, served: Path, page_file: Path, out: Path, paper: str, browser: str) -> dict:
    """Print the single page `page_file` (served from `served`) to `out`; returns what was printed."""
    from playwright.sync_api import sync_playwright

    config = read_config(root)
    toc = read_toc(root)
    geometry = page_css(paper, str(config.get("title", "")))
    width_mm = geometry["size_mm"][0] - MARGINS["left"] - MARGINS["right"]
    viewport_width = round(width_mm * CSS_PX_PER_MM)
    relative = page_file.relative_to(served).as_posix()
    meta = {
        "title": str(config.get("title", "")),
        "author": str(config.get("author", "")),
        "copyright": str(config.get("copyright", "")),
        "notice": str((config.get("html") or {}).get("extra_footer", "") or ""),
        "as_of": as_of(),
        "commit": _git_commit(root),
    }
    problems: list[str] = []
    with serve(served) as base, sync_playwright() as pw:
        browser_app = pw.chromium.launch(executable_path=browser, args=BROWSER_ARGS)
        try:
            page = browser_app.new_page(viewport={"width": viewport_width, "height": 1100})
            # The single page holds every chart of the book; on a shared, busy machine loading it can take well
            # over playwright's 30 s default, which is a wait, not a failure.
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
            # Nothing leaves the machine: the book's own files only (a CDN script simply fails to load).
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
            page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
            page.goto(base + relative, wait_until="load", timeout=PAGE_TIMEOUT_MS)
            page.emulate_media(media="print")
            page.evaluate(PAGE_JS)
            wait_for_charts(page, "loading the single page")
            # _static/dossier.js redraws charts for the screen (dark mode, narrow widths): on paper, as made.
            page.evaluate("() => window.dossierCharts ? window.dossierCharts.setPrinting(true).then(() => true) : true")
            wait_for_charts(page, "drawing the charts as made")
            report = page.evaluate(
                "(args) => window.dossierPdf.prepare(args)",
                {"toc": toc, "meta": meta, "geometry": geometry},
            )
            wait_for_charts(page, "redrawing the charts at the printed width")
            page.evaluate("() => document.fonts.ready.then(() => true)")
            out.parent.mkdir(parents=True, exist_ok=True)
            anchors = [entry["anchor"] for entry in report["toc"]]
            numbers: dict[str, int] = {}
            for _ in range(4):
                page.evaluate("(numbers) => window.dossierPdf.setPageNumbers(numbers)", numbers)
                wait_for_charts(page, "before printing")
                page.pdf(
                    path=str(out),
                    prefer_css_page_size=True,
                    print_background=True,
                    outline=True,
                    tagged=True,
                )
                found = chapter_first_pages(out, anchors)
                if found == numbers:
                    break
                numbers = found
            else:
                problems.append("the table of contents' page numbers did not settle after 4 prints")
            report["charts"] = page.evaluate("() => window.dossierPdf.chartReport()")
            report["tables"] = page.evaluate("() => window.dossierPdf.tableReport()")
            report["too_wide"] = page.evaluate("() => window.dossierPdf.overflowReport()")
        finally:
            browser_app.close()
    report["first_pages"] = numbers
    report["problems"] = problems
    report["geometry"] = geometry
    return report


def _git_commit(root: Path) -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def pdf_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("--paper", choices=sorted(PAPERS), default="A4", help="paper size (default A4)")
    parser.add_argument("--out", type=Path, default=None, help="the PDF to write (default _build/pdf/dossier-<paper>.pdf)")
    parser.add_argument("--singlehtml", type=Path, default=paths.BUILD / "singlehtml",
                        help="the one-page book to print (default %(default)s, built by `python -m scripts.book singlehtml`)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        browser = find_browser()
    except BrowserNotFound as exc:
        print(f"scripts.pdf: {exc}", file=sys.stderr)
        return 2
    root = paths.ROOT
    singlehtml = args.singlehtml.resolve()
    out = (args.out or paths.PDF / f"dossier-{args.paper}.pdf").resolve()
    page_file = page_to_print(singlehtml)
    # Printed beside the target and moved into place at the end: a failed run leaves the last good PDF alone.
    partial = out.with_name(out.name + ".part")
    report = print_book(root, singlehtml, page_file, partial, args.paper, browser)
    os.replace(partial, out)
    report.update(
        {
            "pdf": out.name,
            "pages": pdf_pages(out),
            "bytes": out.stat().st_size,
            "seconds": {"total": round(time.monotonic() - started, 1)},
            "browser": browser,
        }
    )
    out.with_suffix(".json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for problem in report["problems"]:
        print(f"scripts.pdf: warning: {problem}", file=sys.stderr)
    print(
        f"{out}: {report['pages']} pages, {report['bytes'] / 1e6:.1f} MB, {len(report['charts'])} charts, "
        f"built in {report['seconds']['total']} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
