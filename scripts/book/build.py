"""The book stage: chapters/ (notebooks) + tables -> _build/html, with Jupyter Book 1 run strictly and offline.

`python -m scripts.book html` builds the multi-page site into _build/html; `python -m scripts.book singlehtml
--out DIR` builds the one-page site (for the PDF) into DIR without touching _build/html.  The execution cache only
notices changes to code cells, so a fingerprint of the data the chapters read (tables, reference record, seed
manifest, the modules they import, and the date, since they show "today") is kept beside the cache: when it
changes, the cache and the read pages are dropped and every chapter re-executes.  When no input at all changed since
the last successful build (data, chapters, configuration, static files, package versions), Sphinx is not started.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

import plotly

from scripts import paths

CACHE = paths.BUILD / ".jupyter_cache"
STATIC = paths.ROOT / "_static"
# The modules the chapters import: a change to them changes what the chapters print.
CHAPTER_MODULES = ["charts.py", "paths.py"]
WORK = {"html": paths.BUILD, "singlehtml": paths.BUILD / "singlehtml-work" / "_build"}


def data_inputs() -> list[Path]:
    """Every file whose content can change what a chapter prints, besides the notebooks themselves."""
    globs = [(paths.TABLES, "*.csv"), (paths.TABLES, "*.json"), (paths.REFERENCE, "*.csv"),
             (paths.SEEDS, "manifest.json")]
    files = [f for folder, pattern in globs for f in sorted(folder.glob(pattern))]
    return files + [paths.ROOT / "scripts" / name for name in CHAPTER_MODULES]


def fingerprint() -> str:
    """Of the data behind the chapters, and of the day: the chapters show the landscape "today"."""
    digest = hashlib.sha256(date.today().isoformat().encode())
    for f in data_inputs():
        digest.update(str(f.relative_to(paths.ROOT) if f.is_relative_to(paths.ROOT) else f).encode())
        digest.update(hashlib.sha256(f.read_bytes()).digest())
    return digest.hexdigest()


def _shown(path: Path) -> str:
    return str(path.relative_to(paths.ROOT)) if path.is_relative_to(paths.ROOT) else str(path)


def _stale(stamp: Path, current: str) -> bool:
    return not stamp.is_file() or stamp.read_text().strip() != current


def invalidate_if_data_changed(work: Path) -> list[str]:
    """Drop the execution cache and this build's read pages when the data behind the chapters changed."""
    current, dropped = fingerprint(), []
    cache_stamp = paths.BUILD / ".jupyter_cache.fingerprint"
    chart_data = paths.CHAPTERS / "data"
    if _stale(cache_stamp, current) or not any(chart_data.glob("*.csv")):
        shutil.rmtree(CACHE, ignore_errors=True)
        dropped.append("execution cache")
    doctree_stamp = work / ".doctrees.fingerprint"
    if dropped or _stale(doctree_stamp, current):
        shutil.rmtree(work / ".doctrees", ignore_errors=True)
        dropped.append(f"read pages ({_shown(work / '.doctrees')})")
    return dropped


def record_fingerprint(work: Path) -> None:
    current = fingerprint()
    (paths.BUILD / ".jupyter_cache.fingerprint").write_text(current + "\n")
    (work / ".doctrees.fingerprint").write_text(current + "\n")


def book_inputs() -> list[Path]:
    """Everything a build reads besides the data: the chapters, the book's configuration and its static files."""
    files = [paths.ROOT / name for name in ("_config.yml", "_toc.yml", "references.bib")]
    files += sorted(f for f in paths.CHAPTERS.rglob("*") if f.is_file() and "data" not in f.relative_to(paths.CHAPTERS).parts
                    and ".ipynb_checkpoints" not in f.parts)
    files += sorted(f for f in STATIC.rglob("*") if f.is_file() and f.name != "plotly.min.js")
    return files


def inputs_fingerprint(builder: str) -> str:
    """Of every input of a build: when it matches the last successful build's, there is nothing to do."""
    digest = hashlib.sha256(f"{builder} {fingerprint()} plotly {version('plotly')} "
                            f"jupyter-book {version('jupyter-book')}".encode())
    for f in book_inputs():
        digest.update(str(f.relative_to(paths.ROOT)).encode())
        digest.update(hashlib.sha256(f.read_bytes()).digest())
    return digest.hexdigest()


def ship_plotly_js() -> Path:
    """One copy of plotly.js from the installed package; Jupyter Book links every _static/*.js into every page."""
    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    target = STATIC / "plotly.min.js"
    if not target.is_file() or target.read_bytes() != source.read_bytes():
        STATIC.mkdir(exist_ok=True)
        shutil.copyfile(source, target)
    return target


def kernel_env() -> dict[str, str]:
    """Kernels find the project from here, whatever their working directory."""
    env = dict(os.environ)
    env["DOSSIER_ROOT"] = str(paths.ROOT)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(paths.ROOT), env.get("PYTHONPATH")]))
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # debugpy's frozen-modules note is not a chapter's warning
    return env


def build(builder: str, out: Path | None = None, force: bool = False) -> int:
    work = WORK[builder]
    work.mkdir(parents=True, exist_ok=True)
    ship_plotly_js()
    done_stamp = work / f".{builder}-inputs.fingerprint"
    inputs = inputs_fingerprint(builder)
    built = work / builder / "index.html"
    if not force and built.is_file() and not _stale(done_stamp, inputs):
        print(f"book ({builder}): nothing changed since the last build of {_shown(built.parent)}")
        _deliver(work / builder, out)
        return 0
    done_stamp.unlink(missing_ok=True)
    dropped = invalidate_if_data_changed(work)
    if dropped:
        print("data changed since the last build: dropped " + ", ".join(dropped), flush=True)
    jb = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(jb), "build", str(paths.ROOT), "--builder", builder, "-W", "-n", "--keep-going"]
    if builder != "html":
        cmd += ["--path-output", str(work.parent)]
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=paths.ROOT, env=kernel_env())
    if result.returncode != 0:
        reports = sorted((work / "html" / "reports").glob("*.err.log")) if builder == "html" else []
        for report in reports:
            print(f"--- {report}\n{report.read_text()}", file=sys.stderr)
        return result.returncode
    record_fingerprint(work)
    done_stamp.write_text(inputs + "\n")
    _deliver(work / builder, out)
    print(f"book ({builder}) built in {time.perf_counter() - started:.1f} s")
    return 0


def _deliver(built: Path, out: Path | None) -> None:
    if out is None:
        return
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(built, out, dirs_exist_ok=True)
    _single_page_at_top(out)
    _offline_single_page(out)
    print(f"single-page book copied to {_shown(out)}")


def _single_page_at_top(out: Path) -> None:
    """Sphinx writes the one page as <root doc>.html (chapters/...) with every link relative to the output folder,
    and index.html as a redirect to it; the page copied to index.html makes the folder work when opened or served."""
    import yaml

    root_doc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))["root"]
    page = out / f"{Path(root_doc).with_suffix('')}.html"
    if page.is_file() and page.parent != out:
        name = f"{Path(root_doc).with_suffix('')}.html"
        text = page.read_text(encoding="utf-8")  # links into the page itself become in-page links
        text = text.replace(f'href="{name}#', 'href="#').replace(f'href="{name}"', 'href="#"')
        (out / "index.html").write_text(text, encoding="utf-8")


MATHJAX_TAG = re.compile(r'<script[^>]*src="[^"]*mathjax-not-shipped\.js[^"]*"[^>]*>\s*</script>\s*')


def _offline_single_page(out: Path) -> None:
    """Jupyter Book forces Sphinx to link MathJax on every singlehtml page (its assets policy "always"), and the
    theme asks for a search index that the singlehtml builder does not write: drop the one, stub the other, so the
    page loads without a failed request."""
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        cleaned = MATHJAX_TAG.sub("", text)
        if cleaned != text:
            page.write_text(cleaned, encoding="utf-8")
    index = out / "searchindex.js"
    if not index.is_file():
        index.write_text('Search.setIndex({"alltitles": {}, "docnames": [], "envversion": {}, "filenames": [], '
                         '"indexentries": {}, "objects": {}, "objnames": {}, "objtypes": {}, "terms": {}, '
                         '"titles": [], "titleterms": {}})\n', encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("builder", choices=["html", "singlehtml"])
    parser.add_argument("--out", type=Path, help="singlehtml only: where to put the one-page site (index.html)")
    parser.add_argument("--force", action="store_true", help="run Sphinx even when no input changed")
    args = parser.parse_args(argv)
    if args.out is not None and args.builder != "singlehtml":
        parser.error("--out is for singlehtml; the html build always goes to _build/html")
    out = args.out.resolve() if args.out else (paths.BUILD / "singlehtml" if args.builder == "singlehtml" else None)
    return build(args.builder, out, force=args.force)


if __name__ == "__main__":
    sys.exit(main())
