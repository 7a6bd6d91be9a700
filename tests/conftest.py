"""Shared fixtures: the seed tables built once into a temporary folder, independent of data/tables/."""
from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT / "seeds"
CSTO = "2014-04-24-csto-to-cut-contacts-with-nato-increase-ties-with-sco"
ANTI_NATO = "2014-09-02-russia-abkhazia-south-ossetia-to-form-yet-another-anti-nato"
CSTO_FILE = "2014-04-24-csto-to-cut-contacts-with-nato.txt"
ANTI_NATO_FILE = "2014-09-02-russia-abkhazia-south-ossetia-anti-nato.txt"


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def run_pipeline(seeds: Path, tables: Path, *extra: str) -> int:
    from scripts.extract import tables as build_tables

    return build_tables.main(["--seeds", str(seeds), "--tables", str(tables), *extra])


@pytest.fixture(scope="session")
def seed_tables(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed-tables")
    assert run_pipeline(SEEDS, out) == 0
    return out


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A writable copy of seeds/ (manifest included) for tests that add files."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder
