"""make eval, claims: the claim finder (scripts/derive/found.py) scored on articles with every membership statement
and its right verdict written down (a folder of text dumps with a truth.csv: source_file, paragraph, evidence,
verdict).  A found claim counts as a hit when it is in the same file and paragraph and its evidence and the
truth's overlap; precision is hits over found claims, recall is truth rows hit, and verdicts are scored on hits."""
from __future__ import annotations

import tempfile
from pathlib import Path

from scripts import paths

# claims-fixtures: written beside the rules.  claims-heldout-1 and -2: each written after the rules of its day and
# scored once before any rule was changed for it (the README gives those first figures); their words are not rules.
FOLDERS = {"claims-fixtures": paths.ROOT / "tests" / "fixtures" / "claims",
           "claims-heldout-1": paths.ROOT / "tests" / "fixtures" / "claims-heldout",
           "claims-heldout-2": paths.ROOT / "tests" / "fixtures" / "claims-heldout-2"}


def score(folder: Path) -> dict:
    from scripts.derive import verdicts
    from scripts.eval.__main__ import _read, extract

    truth = _read(folder / "truth.csv")
    with tempfile.TemporaryDirectory(prefix="eval-claims-") as tmp:
        tables, derived = Path(tmp) / "tables", Path(tmp) / "derived"
        extract(folder, tables)
        verdicts.build(tables, derived)
        files = {a["article_id"]: a["source_file"] for a in _read(tables / "articles.csv")}
        found = _read(derived / "found_claims.csv")
    hits, right, wrong = set(), 0, []
    false = []
    for row in found:
        match = next((i for i, t in enumerate(truth) if t["source_file"] == files.get(row["article_id"])
                      and t["paragraph"] == row["paragraph"]
                      and (t["evidence"] in row["evidence"] or row["evidence"] in t["evidence"])), None)
        if match is None:
            false.append(row["evidence"])
            continue
        hits.add(match)
        if row["verdict"] == truth[match]["verdict"]:
            right += 1
        else:
            wrong.append((row["evidence"], row["verdict"], truth[match]["verdict"]))
    n_hit = len(found) - len(false)
    return {"articles": len(files), "statements": len(truth), "found": len(found),
            "precision": n_hit / len(found) if found else None, "recall": len(hits) / len(truth) if truth else None,
            "verdict_accuracy": right / n_hit if n_hit else None,
            "false_finds": false, "wrong_verdicts": wrong, "missed": [t["evidence"] for i, t in enumerate(truth) if i not in hits]}
