"""make eval: score the extraction on every annotated corpus.

    python -m scripts.eval [--corpus seeds unseen polnear-dev polnear-test] [-v] [--json _build/eval/eval.json]

Each corpus folder goes through the real extraction command (the one `make tables SEEDS=... TABLES=...` runs)
into a temporary folder; quotes.csv and articles.csv are then read back and scored (see score.py for the rules).
"""
from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from scripts import paths
from scripts.eval import claims, corpora
from scripts.eval.score import Tally, score_article

SUMMARY = paths.ROOT / "data" / "eval" / "summary.json"
EXTRACT = [sys.executable, "-m", "scripts.extract"]  # the command `make tables` runs
COLUMNS = ("recall", "precision", "speaker_accuracy", "named_speaker_accuracy", "via_accuracy",
           "title_accuracy", "author_accuracy", "date_accuracy", "lost")


def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def extract(folder: Path, tables: Path) -> None:
    done = subprocess.run([*EXTRACT, "--seeds", str(folder), "--tables", str(tables)], cwd=paths.ROOT,
                          capture_output=True, text=True)
    if done.returncode not in (0, 1) or "Traceback (most recent call last)" in done.stderr:
        raise SystemExit(f"extraction failed on {folder}:\n{done.stderr}")


def score_tables(corpus: corpora.Corpus, tables: Path) -> Tally:
    articles = {r["source_file"]: r for r in _read(tables / "articles.csv")}
    quotes = defaultdict(list)
    for row in _read(tables / "quotes.csv"):
        quotes[row["article_id"]].append(row)
    tally = Tally()
    for name in sorted(corpus.truth):
        article = articles.get(name)
        score_article(tally, name, corpus.truth[name], article, quotes[article["article_id"]] if article else [], corpus.nested)
    return tally


def run(corpus: corpora.Corpus) -> Tally:
    with tempfile.TemporaryDirectory(prefix=f"eval-{corpus.name}-") as tmp:
        extract(corpus.folder, Path(tmp))
        return score_tables(corpus, Path(tmp))


def _fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", nargs="*", help="corpora to score (default: every one present)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print misses, extras and wrong speakers per article")
    parser.add_argument("--json", type=Path, default=paths.BUILD / "eval" / "eval.json")
    args = parser.parse_args(argv)
    results = {}
    print(f"{'corpus':<13} {'articles':>8} {'quotes':>6} " + " ".join(f"{c.replace('_accuracy', ''):>9}" for c in COLUMNS))
    asked = [c for c in args.corpus if c not in claims.FOLDERS] if args.corpus else None
    for corpus in (corpora.load(asked) if asked is None or asked else []):
        tally = run(corpus)
        fig = tally.figures()
        results[corpus.name] = {**fig, "note": corpus.note, "per_article": tally.per_article}
        print(f"{corpus.name:<13} {fig['articles']:>8} {fig['truth_quotes']:>6} " + " ".join(f"{_fmt(fig[c]):>9}" for c in COLUMNS))
        if not corpus.nested and fig["nested_left_out"]:
            print(f"{'':<13} ({fig['nested_left_out']} quotations inside quotations not scored: this truth marks none; "
                  f"precision counting them as extras {_fmt(fig['precision_with_nested'])})")
        if args.verbose:
            for art in tally.per_article:
                problems = art.get("lost") or art["misses"] or art["extras"] or art.get("wrong_speakers")
                if not problems:
                    continue
                print(f"  {art['file']}" + ("  LOST" if art.get("lost") else f"  title {art['title'][0]!r}"))
                for m in art["misses"]:
                    print(f"    miss  {m}")
                for e in art["extras"]:
                    print(f"    extra {e}")
                for w in art.get("wrong_speakers", []):
                    print(f"    who   {w['text'][:40]!r}: found {w['found']!r} ({w['as_written']!r}), truth {w['truth']!r}")
    if not args.corpus or any(c in claims.FOLDERS for c in args.corpus):
        print(f"\n{'claims':<16} {'statements':>10} {'found':>6} {'precision':>9} {'recall':>9} {'verdicts':>9}")
        for name, folder in claims.FOLDERS.items():
            fig = claims.score(folder)
            results[name] = fig
            print(f"{name:<16} {fig['statements']:>10} {fig['found']:>6} {_fmt(fig['precision']):>9} "
                  f"{_fmt(fig['recall']):>9} {_fmt(fig['verdict_accuracy']):>9}")
            if args.verbose:
                for what in ("false_finds", "wrong_verdicts", "missed"):
                    for item in fig[what]:
                        print(f"    {what.replace('_', ' ')}: {item}")
    if not args.corpus:  # a full run: its figures (no article text) are kept with the code for the methods appendix
        summary = {name: {k: v for k, v in fig.items() if not isinstance(v, (list, dict))} for name, fig in results.items()}
        SUMMARY.parent.mkdir(parents=True, exist_ok=True)
        SUMMARY.write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"summary -> {SUMMARY.relative_to(paths.ROOT)}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"figures -> {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
