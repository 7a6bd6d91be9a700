"""Inputs Make cannot see, turned into files it can: a signature file rewritten only when what it describes changed.

    python -m scripts.stamp OUT --folder DIR    the folder's path and listing (names, sizes, times): any file added,
                                                 removed, renamed or written changes it
    python -m scripts.stamp OUT --value TEXT... values such as the book's date or the folders a build reads

File names are read here, in Python, and never pass through Make or a shell, where `;`, `:`, `$`, a tab or a newline
in a name would be syntax.  The signature is kept when nothing changed, so the file's time tells Make the truth.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

from scripts.atomic import write_text


def folder_lines(folder: Path) -> list[str]:
    """One line per entry of `folder` (not following links: a link's own change is seen, and a link leaving the
    folder is refused by the stage that reads it), sorted by name."""
    lines = [f"folder {os.fsencode(folder.resolve())!r}"]
    if not folder.is_dir():
        return lines + ["missing"]
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: os.fsencode(e.name)):
            st = entry.stat(follow_symlinks=False)
            # ctime too: `touch -d` can set a file's mtime back, never its ctime
            lines.append(f"{os.fsencode(entry.name)!r} {st.st_mode:o} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}")
    return lines


def update(out: Path, lines: list[str]) -> bool:
    """Write the signature of `lines` to `out` unless it already holds it; True when it was (re)written."""
    text = hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest() + "\n"
    if out.is_file() and out.read_text(encoding="utf-8") == text:
        return False
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text(out, text)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.stamp", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--folder", type=Path)
    group.add_argument("--value", nargs="*")
    args = parser.parse_args(argv)
    try:
        lines = folder_lines(args.folder) if args.folder is not None else [f"value {v!r}" for v in args.value]
        update(args.out, lines)
    except OSError as exc:  # a read-only or full disk, a path through a file: one line, not a traceback
        print(f"error: cannot write {args.out}: {exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else ""),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
