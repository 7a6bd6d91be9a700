"""Stage 0 -> 1: read one raw file from seeds/ into text, deciding its format and saying plainly what is wrong.

Everything a user may drop into seeds/ passes through here: UTF-8 with or without a BOM, CRLF line ends,
Windows-1251 Russian pages, HTML saved by a browser, and things that are not articles at all (empty files,
binaries, PDFs, a page cut off mid-download).  Problems come back as messages naming the file; nothing raises.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
SKIP_NAMES = {"manifest.json", "readme.md", "readme.txt", ".gitkeep", ".ds_store"}
MAX_BYTES = 64 * 1024 * 1024  # tens of MB are read; beyond this a file is surely not one article
LARGE_BYTES = 8 * 1024 * 1024


@dataclass
class RawSource:
    path: Path
    data: bytes
    text: str = ""
    format: str = ""  # text | html
    encoding: str = ""
    errors: list[str] = field(default_factory=list)  # the file could not be read as an article
    warnings: list[str] = field(default_factory=list)  # it was read, with this caveat


def is_candidate(path: Path) -> bool:
    """Files the pipeline looks at: everything but hidden files and the manifest."""
    return path.is_file() and not path.name.startswith(".") and path.name.lower() not in SKIP_NAMES


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control > len(sample) * 0.05


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _sniff_kind(data: bytes) -> str | None:
    """Known non-article file types, by their magic numbers."""
    magic = {
        b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or DOCX/XLSX/EPUB)", b"\x89PNG": "a PNG image",
        b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"\x1f\x8b": "a gzip archive",
        b"\xd0\xcf\x11\xe0": "an old Microsoft Office document", b"{\\rtf": "an RTF document",
    }
    return next((name for sig, name in magic.items() if data.startswith(sig)), None)


def _declared_charset(data: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    return m.group(1).decode("ascii", "ignore").lower() if m else None


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding, warnings).  UTF-8 first (BOM dropped); then the page's declared charset; then
    Windows-1251, accepted only when the result reads as Cyrillic text; then Windows-1252; else an error
    (empty text).  No statistical guessing: a wrong guess would put garbage into verbatim quotes."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    for enc in dict.fromkeys(filter(None, [_declared_charset(data), "cp1251", "cp1252"])):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        letters = [c for c in text if c.isalpha()]
        cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
        # A Cyrillic code page decodes any bytes; accept it only when the result reads as Russian text.
        if enc != "cp1251" or (letters and cyrillic / len(letters) > 0.3):
            return text, enc, [f"not UTF-8 (first bad byte at offset {first_bad}); decoded as {enc}"]
    return "", "", [f"not UTF-8 and no other encoding fits (first bad byte at offset {first_bad}); save it as UTF-8"]


def read_source(path: Path) -> RawSource:
    """Read a file and decide whether it is a text dump or an HTML page; problems are messages, not exceptions."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return RawSource(path, b"", errors=[f"file is {size / 2**20:.0f} MB, over the {MAX_BYTES // 2**20} MB limit for one article"])
        data = path.read_bytes()
    except OSError as exc:
        return RawSource(path, b"", errors=[f"cannot be read: {exc.strerror or exc}"])
    src = RawSource(path, data)
    if not data.strip():
        src.errors.append("empty file" if not data else "file holds only white space")
        return src
    kind = _sniff_kind(data)
    if kind:
        src.errors.append(f"is {kind}, not a text dump or an HTML page; save the article as .txt or .html")
        return src
    if _looks_binary(data):
        src.errors.append("binary data (NUL or control bytes), not a text dump or an HTML page")
        return src
    if size > LARGE_BYTES:
        src.warnings.append(f"large file ({size / 2**20:.1f} MB)")
    text, src.encoding, notes = decode(data)
    if not text:
        src.errors.extend(notes)
        return src
    src.warnings.extend(notes)
    src.text = text.replace("\r\n", "\n").replace("\r", "\n")
    suffix = path.suffix.lower()
    head = src.text[:2048].lstrip().lower()
    looks_html = head.startswith(("<!doctype html", "<html", "<?xml")) or bool(re.search(r"<(?:html|head|body|article)\b", head))
    if suffix in HTML_SUFFIXES or (looks_html and suffix not in TEXT_SUFFIXES):
        src.format = "html"
    elif suffix in TEXT_SUFFIXES or suffix == "":
        src.format = "text"
    else:
        src.errors.append(f"file type {suffix!r} is not read (text dumps: .txt; saved pages: .html)")
    return src
