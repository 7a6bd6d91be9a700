"""Benchmark of the book stage (`make bench`): build times, page weights and chart drawing time.

A copy of the project is built in a temporary folder, so _build/ here is untouched:
- clean build: an empty _build (every chapter executes);
- no-change rebuild: the same command again (no input changed, so Sphinx is not even started);
- one page edited: a rebuild after editing the bibliography page (Sphinx runs and re-reads that page only);
- weight of each page's HTML, without the shared assets under _static/ (plotly.js, the theme), which a browser
  loads once for the whole book;
- time from navigation start until every chart of a page is drawn, in headless chromium (a fresh browser context
  each time, so plotly.js is loaded and parsed every time), the median of three loads.
Targets (issue 4): rebuild under 10% of the clean build; every page under 300 KB; charts drawn within 2 s.
Results are printed and written to bench-out/book.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts import paths
from scripts.book.toc import docnames
from scripts.pdf import browser as chromium

COPIED = ["_config.yml", "_toc.yml", "_static", "chapters", "references.bib", "scripts", "data/reference", "seeds"]
TARGETS = {"rebuild_share": 0.10, "page_kb": 300.0, "charts_drawn_s": 2.0}


def copy_project(dest: Path) -> None:
    ignore = shutil.ignore_patterns("plotly.min.js", "*.csv.tmp", "__pycache__", ".ipynb_checkpoints")
    for name in COPIED:
        src = paths.ROOT / name
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        else:
            shutil.copy2(src, dest / name)
    shutil.copytree(paths.TABLES, dest / "data" / "tables")
    shutil.copytree(paths.DERIVED, dest / "data" / "derived")
    for stale in (dest / "chapters" / "data").glob("*.csv"):
        stale.unlink()


def timed_build(project: Path) -> float:
    env = dict(os.environ, DOSSIER_TABLES=str(project / "data" / "tables"), DOSSIER_DERIVED=str(project / "data" / "derived"))
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "scripts.book", "html"], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"the book did not build in {project}:\n{result.stderr[-4000:]}")
    return elapsed


def toc_pages(project: Path) -> list[str]:
    return [f"{doc}.html" for doc in docnames(project)]


# Records when plotly.js is ready and when every chart on the page has been drawn, as the page is parsed.
MARKS = """
window.__bench = {};
new MutationObserver(() => {
  const n = document.querySelectorAll('.dossier-chart').length;
  const drawn = document.querySelectorAll('.dossier-chart .js-plotly-plot .main-svg').length;
  if (typeof Plotly !== 'undefined' && !window.__bench.plotly) window.__bench.plotly = performance.now();
  if (n && drawn >= 2 * n && !window.__bench.drawn) window.__bench.drawn = performance.now();
}).observe(document, {childList: true, subtree: true});
"""


def chart_times(html: Path, pages: list[str], runs: int = 3) -> dict[str, dict]:
    """Median time from navigation start until all charts are drawn: cold (a fresh browser context, plotly.js
    fetched and compiled) and warm (the page visited before, as when a reader moves through the book)."""
    from playwright.sync_api import sync_playwright

    out: dict[str, dict] = {}
    with chromium.serve(html) as served, sync_playwright() as p:
        base = served.rstrip("/")
        browser = chromium.launch(p)
        for page_path in pages:
            cold, warm, ready, charts = [], [], [], 0
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.add_init_script(MARKS)
                for times in (cold, warm):
                    page = context.new_page()
                    page.goto(f"{base}/{page_path}", wait_until="load")
                    charts = page.locator(".dossier-chart").count()
                    if charts:
                        page.wait_for_function("() => window.__bench.drawn", timeout=30_000)
                        marks = page.evaluate("window.__bench")
                        times.append(marks["drawn"] / 1000)
                        if times is cold:
                            ready.append(marks["plotly"] / 1000)
                    page.close()
                context.close()
            out[page_path] = {"charts": charts}
            if charts:
                out[page_path].update(drawn_s=round(statistics.median(cold), 2),
                                      drawn_warm_s=round(statistics.median(warm), 2),
                                      plotly_ready_s=round(statistics.median(ready), 2))
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dossier-bench-book-") as tmp:
        project = Path(tmp)
        copy_project(project)
        clean = timed_build(project)
        rebuild = timed_build(project)
        edited = project / "chapters" / "appendix-c-bibliography.md"
        edited.write_text(edited.read_text(encoding="utf-8") + "\n<!-- edited by the benchmark -->\n", encoding="utf-8")
        one_page = timed_build(project)
        html = project / "_build" / "html"
        pages = toc_pages(project)
        weights = {p: round((html / p).stat().st_size / 1024, 1) for p in pages}
        shared = sum(f.stat().st_size for f in (html / "_static").rglob("*") if f.is_file()) / 1024
        drawn = chart_times(html, pages)
    report = {
        "clean_build_s": round(clean, 1), "rebuild_s": round(rebuild, 1), "rebuild_share": round(rebuild / clean, 3),
        "one_page_edited_rebuild_s": round(one_page, 1), "load_average": os.getloadavg()[0],
        "shared_assets_kb": round(shared, 1),
        "pages": {p: {"html_kb": weights[p], **drawn[p]} for p in pages},
        "targets": TARGETS,
    }
    missed = []
    if report["rebuild_share"] >= TARGETS["rebuild_share"]:
        missed.append("rebuild")
    missed += [f"weight {p}" for p, w in weights.items() if w >= TARGETS["page_kb"]]
    missed += [f"charts {p}" for p, d in drawn.items() if d["charts"] and d["drawn_s"] >= TARGETS["charts_drawn_s"]]
    report["missed"] = missed
    print(f"clean build {report['clean_build_s']} s; no-change rebuild {report['rebuild_s']} s "
          f"({100 * report['rebuild_share']:.1f}% of clean; target < {100 * TARGETS['rebuild_share']:.0f}%)")
    print(f"rebuild after editing one page: {report['one_page_edited_rebuild_s']} s (Sphinx re-reads that page only)")
    print(f"shared assets (_static, loaded once): {shared:.0f} KB; load average {report['load_average']:.1f}")
    print(f"{'page':42} {'HTML KB':>8} {'charts':>6} {'drawn s':>8} {'warm s':>7} {'plotly.js ready s':>18}")
    for p in pages:
        row = report["pages"][p]
        cells = [f"{row[k]:.2f}" if k in row else "-" for k in ("drawn_s", "drawn_warm_s", "plotly_ready_s")]
        print(f"{p:42} {row['html_kb']:8.1f} {row['charts']:6d} {cells[0]:>8} {cells[1]:>7} {cells[2]:>18}")
    print("targets met" if not missed else "targets missed: " + ", ".join(missed))
    out = paths.ROOT / "bench-out"
    out.mkdir(exist_ok=True)
    (out / "book.json").write_text(json.dumps(report, indent=2) + "\n")
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
