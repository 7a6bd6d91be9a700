"""The Makefile is the one judge of what is stale: each stage is redone when, and only when, something it reads
changed.  Checked on a copy of the project (the real data/ and _build/ are never touched), with `make -q` (exit 0
when the target is up to date) and `make -n` (the commands make would run), after one real `make tables derived`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts import paths

pytestmark = pytest.mark.slow
COPIED = ["Makefile", "pyproject.toml", "requirements.txt", "scripts", "data/reference", "seeds", "chapters",
          "_config.yml", "_toc.yml", "references.bib", "_static", "LICENSE", "LICENSE-DATA"]


def copy_project(root: Path) -> Path:
    """A working copy of the project in `root` (what a clone holds, timestamps kept so nothing looks stale), with the
    real venv linked in and no chart data, for tests that run make without touching the real data/ and _build/."""
    ignore = shutil.ignore_patterns("plotly.min.js", "__pycache__", ".ipynb_checkpoints", "*.egg-info")
    for name in COPIED:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        if (paths.ROOT / name).is_dir():
            shutil.copytree(paths.ROOT / name, root / name, ignore=ignore)
        else:
            shutil.copy2(paths.ROOT / name, root / name)
    for generated in (root / "chapters" / "data").glob("*.csv"):
        generated.unlink()
    (root / ".venv").symlink_to(paths.ROOT / ".venv")
    return root


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOSSIER_", "MAKE"))}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=project, env=env, capture_output=True, text=True)


def up_to_date(project: Path, *targets: str) -> bool:
    return make(project, "-q", *targets).returncode == 0


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    copy_project(root)
    done = make(root, "tables", "derived")
    assert done.returncode == 0, done.stderr
    return root


def test_after_a_build_nothing_is_stale(project):
    assert up_to_date(project, "tables", "derived")
    assert make(project, "tables", "derived").stdout.count("Nothing to be done") == 2


def test_a_claim_edit_redoes_the_verdicts_not_the_extraction(project):
    os.utime(project / "data/reference/claims.csv")
    assert up_to_date(project, "tables")
    planned = make(project, "-n", "derived").stdout
    assert "scripts.derive" in planned and "scripts.extract" not in planned
    assert make(project, "derived").returncode == 0


def test_a_gazetteer_edit_redoes_the_extraction(project):
    os.utime(project / "data/reference/gazetteer.csv")
    assert not up_to_date(project, "tables")
    assert make(project, "tables").returncode == 0


def test_a_seed_added_with_an_old_time_or_deleted_makes_the_tables_stale(project):
    added = project / "seeds" / "added-long-ago.txt"
    added.write_text("An Old Story\n\nBy Jane Doe\n\nA paragraph that is long enough to be a body of text.\n", encoding="utf-8")
    os.utime(added, (946684800, 946684800))  # 2000-01-01: older than every output
    assert not up_to_date(project, "tables")
    assert make(project, "tables").returncode == 0
    assert up_to_date(project, "tables")
    added.unlink()
    assert not up_to_date(project, "tables")
    assert make(project, "tables").returncode == 0


def test_another_seeds_folder_makes_the_tables_stale(project, tmp_path):
    other = tmp_path / "other-seeds"
    shutil.copytree(project / "seeds", other)
    assert not up_to_date(project, "tables", f"SEEDS={other}")
    assert make(project, "tables", f"SEEDS={other}").returncode == 0
    assert up_to_date(project, "tables", f"SEEDS={other}")
    assert not up_to_date(project, "tables")  # back to seeds/: the tables hold the other folder's articles
    assert make(project, "tables").returncode == 0


def test_strict_is_on_only_when_asked(project):
    os.utime(project / "data/reference/gazetteer.csv")
    assert "--strict" not in make(project, "-n", "tables", "STRICT=0").stdout
    assert "--strict" not in make(project, "-n", "tables").stdout
    assert "--strict" in make(project, "-n", "tables", "STRICT=1").stdout
    assert make(project, "tables").returncode == 0


def test_each_paper_size_is_its_own_pdf(project):
    a4 = make(project, "-n", "pdf").stdout
    letter = make(project, "-n", "pdf", "PAPER=Letter").stdout
    assert '--paper "A4" --out "_build/pdf/dossier-A4.pdf"' in a4
    assert '--paper "Letter" --out "_build/pdf/dossier-Letter.pdf"' in letter


def test_the_book_date_is_an_input_of_the_book(project):
    assert make(project, "derived").returncode == 0  # the book's signature is written when make starts
    (project / "_build/make").mkdir(parents=True, exist_ok=True)
    (project / "_build/make/chapter-data").touch()
    assert "rm -rf _build/.jupyter_cache" not in make(project, "-n", "book").stdout
    assert "rm -rf _build/.jupyter_cache" in make(project, "-n", "book", "TODAY=2015-01-01").stdout


def test_an_interrupted_derive_step_is_redone(project):
    (project / "data/derived/datapackage.json").unlink()  # the step writes it last; killed before that
    assert not up_to_date(project, "derived")
    assert make(project, "derived").returncode == 0
    assert up_to_date(project, "derived")


def test_a_hostile_file_name_is_data_not_syntax(project):
    name = ".;{touch,PWNED};{id,};#.txt"
    (project / "seeds" / name).write_text("x\n", encoding="utf-8")
    (project / "seeds" / "colon: and\ttab.txt").write_text("y\n", encoding="utf-8")
    run = make(project, "tables")
    assert run.returncode == 0, run.stderr
    assert not (project / "PWNED").exists() and not (project / "scripts" / "PWNED").exists()
    assert "uid=" not in run.stdout + run.stderr
    (project / "seeds" / name).unlink()
    (project / "seeds" / "colon: and\ttab.txt").unlink()
    assert make(project, "tables").returncode == 0


def test_clean_removes_everything_generated(project):
    assert make(project, "clean").returncode == 0
    assert not (project / "data/tables").exists() and not (project / "data/derived").exists()
    assert not (project / "_build").exists() and not list((project / "chapters").glob("data/*.csv"))


def test_the_real_book_is_up_to_date_after_make_test():
    """`make test` builds the book before pytest runs; a second `make book` has nothing to do."""
    if not (paths.HTML / ".built").is_file():
        pytest.skip("the book has not been built here (run through `make test`)")
    assert up_to_date(paths.ROOT, "book")


def test_a_stylesheet_change_alone_reaches_the_built_site(tmp_path, monkeypatch):
    """Sphinx copies _static/ only when it writes a page; the build copies what changed itself."""
    from scripts.book import build

    static, built = tmp_path / "_static", tmp_path / "html"
    static.mkdir()
    (built / "_static").mkdir(parents=True)
    (static / "dossier.css").write_text("a { color: red }", encoding="utf-8")
    (built / "_static" / "dossier.css").write_text("a { color: blue }", encoding="utf-8")
    (built / "_static" / "theme.css").write_text("kept", encoding="utf-8")
    monkeypatch.setattr(build, "STATIC", static)
    build._sync_static(built)
    assert (built / "_static" / "dossier.css").read_text(encoding="utf-8") == "a { color: red }"
    assert (built / "_static" / "theme.css").read_text(encoding="utf-8") == "kept"
