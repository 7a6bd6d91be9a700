"""Stage 3, book: chapters/ (notebooks) + the tables, derived outputs and record -> _build/html, with Jupyter Book 1
run strictly (-W -n --keep-going) and offline.

`python -m scripts.book html` builds the multi-page site into _build/html; `python -m scripts.book singlehtml` builds
the one-page site the PDF is printed from into _build/singlehtml (never touching _build/html).  Whether a build is
needed, and whether the chapters must execute again because what they read changed, is the Makefile's to judge.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import plotly

from scripts import paths
from scripts.book.kernel import kernel_spec
from scripts.book.toc import read_toc

STATIC = paths.STATIC
WORK = {"html": paths.BUILD, "singlehtml": paths.BUILD / "singlehtml-work" / "_build"}


def ship_plotly_js() -> Path:
    """One copy of plotly.js from the installed package; Jupyter Book links every _static/*.js into every page."""
    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    target = STATIC / "plotly.min.js"
    if not target.is_file() or target.read_bytes() != source.read_bytes():
        STATIC.mkdir(exist_ok=True)
        shutil.copyfile(source, target)
    return target


KERNEL_LOG = paths.BUILD / "logs" / "kernels.log"


def kernel_env() -> dict[str, str]:
    """The chapters' kernels import the installed package; the folders and date they read come from the caller's
    environment (DOSSIER_TABLES, DOSSIER_DERIVED, DOSSIER_TODAY: see scripts.paths and scripts.book.data).  They
    start through scripts.book.kernel, which keeps what the kernel processes print outside the cells in KERNEL_LOG."""
    env = dict(os.environ)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # debugpy's frozen-modules note is not a chapter's warning
    env.update(kernel_spec(paths.BUILD / ".kernels", KERNEL_LOG))
    return env


def _kernel_log_note(failed: bool) -> None:
    """Say where the kernels' own messages went; after a failed build, show their end (a kernel that died says why)."""
    lines = KERNEL_LOG.read_text(encoding="utf-8", errors="replace").splitlines() if KERNEL_LOG.is_file() else []
    if not lines:
        return
    shown = KERNEL_LOG.relative_to(paths.ROOT) if KERNEL_LOG.is_relative_to(paths.ROOT) else KERNEL_LOG
    print(f"the chapters' kernels logged {len(lines)} line(s) of their own (start-up and shut-down messages, not "
          f"chapter output): {shown}", file=sys.stderr if failed else sys.stdout)
    if failed:
        print("\n".join(lines[-40:]), file=sys.stderr)


DONE = ".built"  # written into the output folder after a successful build: Make's target for this stage


def build(builder: str, out: Path | None = None) -> int:
    work = WORK[builder]
    work.mkdir(parents=True, exist_ok=True)
    delivered = out if out is not None else work / builder
    (delivered / DONE).unlink(missing_ok=True)  # a failed or interrupted build must not look finished
    ship_plotly_js()
    jb = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(jb), "build", str(paths.ROOT), "--builder", builder, "-W", "-n", "--keep-going"]
    if builder != "html":
        cmd += ["--path-output", str(work.parent)]
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=paths.ROOT, env=kernel_env())
    _kernel_log_note(result.returncode != 0)
    if result.returncode != 0:
        reports = sorted((work / "html" / "reports").glob("*.err.log")) if builder == "html" else []
        for report in reports:
            print(f"--- {report}\n{report.read_text()}", file=sys.stderr)
        return result.returncode
    _sync_static(work / builder)
    _deliver(work / builder, out)
    (delivered / DONE).write_text("", encoding="utf-8")
    print(f"book ({builder}) built in {time.perf_counter() - started:.1f} s")
    return 0


def _sync_static(built: Path) -> None:
    """The book's own static files as they are now.  Sphinx copies _static/ only when it writes a page, so a change
    to a stylesheet or script alone ("no targets are out of date") never reached the built site."""
    for source in sorted(STATIC.iterdir()):
        target = built / "_static" / source.name
        if source.is_file() and target.parent.is_dir() and (not target.is_file() or target.read_bytes() != source.read_bytes()):
            shutil.copyfile(source, target)


def _deliver(built: Path, out: Path | None) -> None:
    if out is None:
        return
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(built, out, dirs_exist_ok=True)
    _single_page_at_top(out)
    _offline_single_page(out)
    print(f"single-page book copied to {out.relative_to(paths.ROOT) if out.is_relative_to(paths.ROOT) else out}")


def _single_page_at_top(out: Path) -> None:
    """Sphinx writes the one page as <root doc>.html (chapters/...) with every link relative to the output folder,
    and index.html as a redirect to it; the page copied to index.html makes the folder work when opened or served."""
    root_doc = read_toc()["root"]
    page = out / f"{root_doc}.html"
    if page.is_file() and page.parent != out:
        name = f"{root_doc}.html"
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
    args = parser.parse_args(argv)
    if args.out is not None and args.builder != "singlehtml":
        parser.error("--out is for singlehtml; the html build always goes to _build/html")
    out = args.out.resolve() if args.out else (paths.BUILD / "singlehtml" if args.builder == "singlehtml" else None)
    return build(args.builder, out)


if __name__ == "__main__":
    sys.exit(main())
