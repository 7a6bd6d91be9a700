"""The annotated corpora `make eval` scores, each loaded into one shape.

A corpus is a folder of raw pages (what `make tables SEEDS=...` reads) and a truth dict: file name ->
{"quotes": [{"text", "speaker", ("speaker_named"), ("via")}], "partial_quotes": [...], "title", "author", "date"}.

- seeds: the two seed articles; truth in tests/truth/seeds.json, written by hand (the same rows tests/test_tables.py pins).
- polnear-dev, polnear-test: ../shared/corpus/polnear (read at run time, never copied); its truth files as they are.
- unseen: tests/fixtures/unseen/, original Eurasianet-shaped pages written for this project, truth in truth.json beside them.
- unseen-2: tests/fixtures/unseen-2/, five more such pages, written (truth first) after the attribution rules of stop 17
  and scored once before any change for them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from scripts import paths

POLNEAR = paths.ROOT.parent / "shared" / "corpus" / "polnear"
UNSEEN = paths.ROOT / "tests" / "fixtures" / "unseen"
UNSEEN_2 = paths.ROOT / "tests" / "fixtures" / "unseen-2"
SEED_TRUTH = paths.ROOT / "tests" / "truth" / "seeds.json"


@dataclass
class Corpus:
    name: str
    folder: Path
    truth: dict[str, dict]
    note: str = ""
    nested: bool = True  # the truth annotates quotations inside quotations


def _polnear(split: str) -> Corpus | None:
    folder, truth_file = POLNEAR / split, POLNEAR / f"truth_{split}.json"
    if not truth_file.exists():
        return None
    truth = {}
    for entry in json.loads(truth_file.read_text(encoding="utf-8")):
        truth[entry["file"]] = {"quotes": entry["quotes"], "partial_quotes": entry["partial_quotes"],
                                "title": entry["title"]}  # the page states no date or author: not checked
    # PolNeAR marks quotations with double quotes only ("single quotes are never treated as quotation marks (they
    # are nested quotes/headline quotes)", its README): a quotation nested in another is not in its truth
    return Corpus(f"polnear-{split}", folder, truth,
                  "develop only" if split == "dev" else "report only: never write a rule from these articles", nested=False)


def _from_file(name: str, folder: Path, truth_file: Path) -> Corpus | None:
    if not truth_file.exists():
        return None
    data = json.loads(truth_file.read_text(encoding="utf-8"))
    if data.get("exact_speakers"):
        for article in data["articles"].values():
            for quote in article["quotes"]:
                quote["exact"] = True
    return Corpus(name, folder, data["articles"], data.get("note", ""))


def load(names: list[str] | None = None) -> list[Corpus]:
    """The corpora asked for (all that are present when `names` is None), in a fixed order."""
    makers = {
        "seeds": lambda: _from_file("seeds", paths.ROOT / "seeds", SEED_TRUTH),
        "unseen": lambda: _from_file("unseen", UNSEEN, UNSEEN / "truth.json"),
        "unseen-2": lambda: _from_file("unseen-2", UNSEEN_2, UNSEEN_2 / "truth.json"),
        "polnear-dev": lambda: _polnear("dev"),
        "polnear-test": lambda: _polnear("test"),
    }
    unknown = set(names or []) - set(makers)
    if unknown:
        raise SystemExit(f"unknown corpus {', '.join(sorted(unknown))}; known: {', '.join(makers)}")
    out = []
    for name in names or list(makers):
        corpus = makers[name]()
        if corpus is not None:
            out.append(corpus)
        elif names:
            raise SystemExit(f"corpus {name} is not available here")
    return out
