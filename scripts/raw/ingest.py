"""Stage 0 -> 1: read one raw file from seeds/ into text, deciding its format and saying plainly what is wrong.

Everything a user may drop into seeds/ passes through here: UTF-8 with or without a BOM, CRLF line ends,
Windows-1251 Russian pages, HTML saved by a browser, and things that are not articles at all (empty files,
binaries, PDFs, a page cut off mid-download).  Problems come back as messages naming the file; nothing raises.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
SKIP_NAMES = {"manifest.json", "readme.md", "readme.txt", ".gitkeep", ".ds_store"}
MAX_BYTES = 64 * 1024 * 1024  # tens of MB are read; beyond this a file is surely not one article
LARGE_BYTES = 8 * 1024 * 1024  # larger files are read one at a time, never several at once (scripts/extract/tables.py)
MAX_TAGS = 200_000  # an HTML page with more tags than this would take gigabytes as a parsed tree; a news page has ~5,000


@dataclass
class RawSource:
    path: Path
    data: bytes  # emptied once the text is decoded
    sha256: str = ""
    text: str = ""
    format: str = ""  # text | html
    encoding: str = ""
    errors: list[str] = field(default_factory=list)  # the file could not be read as an article
    warnings: list[str] = field(default_factory=list)  # it was read, with this caveat


def is_candidate(path: Path) -> bool:
    """Entries the pipeline looks at: everything but hidden files and the manifest."""
    return not path.name.startswith(".") and path.name.lower() not in SKIP_NAMES


def shown_name(name: str) -> str:
    """A file name as text that can be written anywhere: bytes that are not UTF-8 as \\xNN."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass
class Entry:
    """One entry of the seeds folder: where to read it (a link inside the folder: its target), the name it is
    reported by, whether it is read, and what is wrong with it ("" when nothing), at which log level."""

    path: Path
    name: str
    problem: str = ""
    level: str = "error"
    read: bool = False


def scan(folder: Path) -> list[Entry]:
    """Every entry of `folder` the pipeline looks at, by name: regular files to read, and everything else with the
    reason it is not read.  Nothing is opened here (a named pipe would block the run), and links are followed only
    when they stay inside the folder, so no file from elsewhere can be published as a source."""
    root = folder.resolve()
    entries = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not is_candidate(path):
            continue
        entry = Entry(path, shown_name(path.name), read=True)
        if entry.name != path.name:
            entry.problem, entry.level = "the file name is not valid UTF-8 (shown with \\xNN for the bytes that are not)", "warning"
        try:
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                try:
                    target = path.resolve(strict=True)
                except FileNotFoundError:
                    entries.append(Entry(path, entry.name, "a symbolic link to nothing (its target does not exist): not read"))
                    continue
                except (RuntimeError, OSError):
                    entries.append(Entry(path, entry.name, "a symbolic link that cannot be followed (a loop, or no permission): not read"))
                    continue
                if not target.is_relative_to(root):
                    entries.append(Entry(path, entry.name, "a symbolic link to a file outside the seeds folder: not read "
                                                           "(copy the file into the folder instead)"))
                    continue
                entry.path, mode = target, target.stat().st_mode
        except OSError as exc:
            entries.append(Entry(path, entry.name, f"cannot be looked at: {exc.strerror or exc}"))
            continue
        kind = _special_kind(mode)
        if kind:
            level = "warning" if stat.S_ISDIR(mode) else "error"
            entries.append(Entry(path, entry.name, kind, level))
            continue
        entries.append(entry)
    return entries


def _special_kind(mode: int) -> str:
    """Why an entry that is not a regular file is not read ("" for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "is a folder: only the files directly in the seeds folder are read"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file: not read"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file: not read"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file: not read"
    return "is not a regular file: not read"


class Unreadable(Exception):
    """A file that is refused before (or while) its bytes are read; the message says why."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing anything over MAX_BYTES without reading it.

    Opened without following a link and without blocking, and checked to be a regular file once open: a file
    swapped for a link, a named pipe or a device after the folder was scanned is refused, never waited on.  The
    bytes are read in one piece of the file's size (not in chunks joined afterwards: that would hold them twice)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(f"{_special_kind(info.st_mode)} (it changed after the folder was listed)")
        if info.st_size > MAX_BYTES:
            raise Unreadable(f"file is {info.st_size / 2**20:.0f} MB, over the {MAX_BYTES // 2**20} MB limit for one article")
        data = os.read(fd, info.st_size + 1)
        while len(data) <= MAX_BYTES:  # to the end: a short read (a network file system), a file still being written
            more = os.read(fd, max(info.st_size + 1 - len(data), 1 << 16))
            if not more:
                break
            data += more
        if len(data) > MAX_BYTES:
            raise Unreadable(f"file grew past the {MAX_BYTES // 2**20} MB limit while it was read")
        return data
    finally:
        os.close(fd)


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


# A well-formed UTF-8 sequence of two to four bytes (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|"
                            rb"\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|"
                            rb"\xf4[\x80-\x8f][\x80-\xbf]{2}")
_HIGH_BYTES = re.compile(rb"[\x80-\xff]+")
SAMPLE = 1 << 20  # characters looked at to judge a code page (the whole file would cost a list per letter)


def utf8_census(data: bytes) -> tuple[int, int, int, int]:
    """(UTF-8 sequences, bytes that are not UTF-8, offset of the first sequence, offset of the first such byte)
    among the bytes over 0x7F; -1 where there is none."""
    sequences = stray = 0
    first_sequence = first_stray = -1
    for run in _HIGH_BYTES.finditer(data):
        at, chunk = run.start(), run.group()
        covered = 0
        for m in _UTF8_SEQUENCE.finditer(chunk):
            sequences += 1
            covered += m.end() - m.start()
            if first_sequence < 0:
                first_sequence = at + m.start()
        if covered < len(chunk):
            stray += len(chunk) - covered
            if first_stray < 0:
                first_stray = at + _first_stray(chunk)
    return sequences, stray, first_sequence, first_stray


def _first_stray(chunk: bytes) -> int:
    """Offset in `chunk` (bytes over 0x7F) of the first byte that no UTF-8 sequence covers."""
    at = 0
    for m in _UTF8_SEQUENCE.finditer(chunk):
        if m.start() > at:
            return at
        at = m.end()
    return at


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding, problems).  UTF-8 first (BOM dropped); then the page's declared charset; then
    Windows-1251, accepted only when the result reads as Cyrillic text; then Windows-1252; else an error
    (empty text).  No statistical guessing: a wrong guess would put garbage into verbatim quotes.

    A file that holds UTF-8 text and bytes of another encoding (a paragraph pasted from a Windows-1252 page into
    a UTF-8 file, say) is refused: decoded either way, part of it would be garbage ("â€™" for ’).  A Cyrillic
    code page makes such sequences by chance ("Р»" is the bytes of UTF-8 "л"), so there the UTF-8 sequences must
    be at least a twentieth of the odd bytes to count as mixing."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    sequences, stray, first_sequence, first_stray = utf8_census(data)
    for enc in dict.fromkeys(filter(None, [_declared_charset(data), "cp1251", "cp1252"])):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        sample = text[:SAMPLE]
        letters = sum(map(str.isalpha, sample))
        cyrillic = len(_CYRILLIC.findall(sample))
        is_cyrillic = bool(letters) and cyrillic / letters > 0.3
        # A Cyrillic code page decodes any bytes; accept it only when the result reads as Russian text.
        if enc == "cp1251" and not is_cyrillic:
            continue
        if sequences and (not is_cyrillic or sequences * 20 >= stray):
            shown = data[first_sequence:first_sequence + 4].decode("utf-8", "ignore")[:1]
            return "", "", [f"mixes UTF-8 with another encoding: {sequences} UTF-8 character(s) (the first, {shown!r}, at "
                            f"byte {first_sequence}) and {stray} byte(s) that are not UTF-8 (the first, "
                            f"0x{data[first_stray]:02X}, at byte {first_stray}); read either way, part of the text "
                            "would be garbled. Save the file as UTF-8"]
        return text, enc, [f"not UTF-8 (first bad byte at offset {first_bad}); decoded as {enc}"]
    return "", "", [f"not UTF-8 and no other encoding fits (first bad byte at offset {first_bad}); save it as UTF-8"]


_CYRILLIC = re.compile("[\u0400-\u04ff]")


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def bound_text(text: str, limit: int) -> tuple[str, int]:
    """A text dump in which no paragraph the parser builds can be longer than `limit` characters: lines over it
    are left out, and a blank line goes into any longer run of lines (a run that long is never one hard-wrapped
    paragraph), so the parser never holds a giant line split into words.  (text, lines left out)."""
    long_blocks, at = [], 0
    for m in _BLANK_LINE.finditer(text):
        if m.start() - at > limit:
            long_blocks.append((at, m.start()))
        at = m.end()
    if len(text) - at > limit:
        long_blocks.append((at, len(text)))
    if not long_blocks:
        return text, 0
    pieces, dropped, at = [], 0, 0
    for start, end in long_blocks:
        pieces.append(text[at:start])
        kept, size = [], 0
        for line in text[start:end].split("\n"):
            if len(line) > limit:
                dropped += 1
                continue
            if kept and size + len(line) > limit:
                kept.append("")
                size = 0
            kept.append(line)
            size += len(line) + 1
        pieces.append("\n".join(kept))
        at = end
    pieces.append(text[at:])
    return "".join(pieces), dropped


def read_source(path: Path) -> RawSource:
    """Read a file and decide whether it is a text dump or an HTML page; problems are messages, not exceptions."""
    try:
        data = read_bytes(path)
    except Unreadable as exc:
        return RawSource(path, b"", errors=[str(exc)])
    except OSError as exc:
        return RawSource(path, b"", errors=[f"cannot be read: {exc.strerror or exc}"])
    size = len(data)
    src = RawSource(path, data, sha256=hashlib.sha256(data).hexdigest())
    if not data or data.isspace():
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
    src.data = data = b""  # the text is all that is read from here on: do not hold the file twice
    if not text:
        src.errors.extend(notes)
        return src
    src.warnings.extend(notes)
    src.text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    del text
    suffix = path.suffix.lower()
    head = src.text[:2048].lstrip().lower()
    looks_html = head.startswith(("<!doctype html", "<html", "<?xml")) or bool(re.search(r"<(?:html|head|body|article)\b", head))
    if suffix in HTML_SUFFIXES or (looks_html and suffix not in TEXT_SUFFIXES):
        src.format = "html"
        tags = src.text.count("<")
        if tags > MAX_TAGS:
            src.errors.append(f"holds {tags:,} tags, over the limit of {MAX_TAGS:,} for one page (a news page has a few "
                              "thousand); not read")
            src.text = ""
    elif suffix in TEXT_SUFFIXES or suffix == "":
        src.format = "text"
    else:
        src.errors.append(f"file type {suffix!r} is not read (text dumps: .txt; saved pages: .html)")
    return src
