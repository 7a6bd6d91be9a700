"""Benchmark of the tables stage: articles per second and peak memory through `make tables`, end to end.

    python -m scripts.bench.tables [--sizes 100 1000 10000] [--html 1000]

Generates seed-like articles (the seed text dumps and the saved-HTML test fixture, each copy with its own
title, date and first paragraph, so none is a duplicate of another) into a temporary folder and times the real command on them.
Targets (README): 10,000 text articles under 10 s; cost per article flat from 1,000 to 10,000; peak memory
under 500 MB; HTML at least 200 articles/s.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts import paths

FIXTURE_HTML = paths.ROOT / "tests" / "fixtures" / "csto-2014-04-24.html"


def _variant_date(i: int) -> dt.date:
    return dt.date(2000, 1, 1) + dt.timedelta(days=i % 9000)


def _opening(i: int, kind: str) -> str:
    """A first paragraph of its own for copy i: two files are the same article when their bodies are the same, so
    without it all but two of the copies would be set aside as duplicates and never written to the tables."""
    return f"This is {kind} copy number {i:,} of the article below, made only to time the extraction of many articles."


def make_text_articles(folder: Path, n: int) -> None:
    templates = sorted(p for p in paths.SEEDS.glob("*.txt"))
    texts = [t.read_text(encoding="utf-8") for t in templates]
    for i in range(n):
        text = texts[i % len(texts)]
        day = _variant_date(i)
        text = re.sub(r"^(.+)\n\n(Joshua Kucera) \w{3} \d{1,2}, \d{4}$",
                      lambda m: f"{m.group(1)} (part {i})\n\n{m.group(2)} {day.strftime('%b')} {day.day}, {day.year}\n\n{_opening(i, 'text')}",
                      text, count=1, flags=re.M)
        (folder / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")


def make_html_articles(folder: Path, n: int) -> None:
    html = FIXTURE_HTML.read_text(encoding="utf-8")
    for i in range(n):
        day = _variant_date(i).isoformat()
        page = html.replace("CSTO To Cut Contacts With NATO, Increase Ties With SCO", f"CSTO To Cut Contacts With NATO, Part {i}")
        page = page.replace("2014-04-24", day)
        page = page.replace("<p>The Russia-led Collective Security Treaty Organization announced",
                            f"<p>{_opening(i, 'HTML')}</p>\n<p>The Russia-led Collective Security Treaty Organization announced", 1)
        (folder / f"page-{i:05d}.html").write_text(page, encoding="utf-8")


_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def run_make(seeds: Path, tables: Path) -> tuple[float, float]:
    """(seconds, peak MB of the largest process) for `make tables` on a folder.

    Measured from a fresh wrapper process each time: a process's RUSAGE_CHILDREN peak never goes down, so
    reading it here would carry one run's peak into the next.
    """
    cmd = ["make", "-s", "-C", str(paths.ROOT), "tables", f"SEEDS={seeds}", f"TABLES={tables}"]
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], check=True, capture_output=True, text=True).stdout.split()
    seconds, peak_kb, code = float(out[0]), int(out[1]), int(out[2])
    if code != 0:
        raise SystemExit(f"make tables failed on {seeds} (exit {code})")
    return seconds, peak_kb / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--html", type=int, nargs="+", default=[1000])
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as tmp:
        for kind, sizes, maker in (("text", args.sizes, make_text_articles), ("html", args.html, make_html_articles)):
            for n in sizes:
                seeds, tables = Path(tmp) / f"{kind}-{n}", Path(tmp) / f"{kind}-{n}-tables"
                seeds.mkdir()
                maker(seeds, n)
                seconds, peak = run_make(seeds, tables)
                rows.append((kind, n, seconds, n / seconds, seconds / n * 1000, peak))
    print("| input | articles | seconds | articles/s | ms per article | peak memory (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, n, seconds, rate, per, peak in rows:
        print(f"| {kind} | {n:,} | {seconds:.2f} | {rate:,.0f} | {per:.2f} | {peak:.0f} |")
    print("\n(peak memory: the largest single process of the run, from getrusage; `make tables` end to end: start-up, extraction, the schema check and writing)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
