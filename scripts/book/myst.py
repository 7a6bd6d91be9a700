"""The one escaping layer between the data and the page.  Whatever an article, a file name or a table cell holds
(`<`, `>`, backticks, `{`, `:::`, `$`, `|`, `&`, newlines, control characters), it reaches the page as exactly that
text and never as MyST, HTML or a URL scheme.  One function per context:

    md_escape(s)        MyST text (a paragraph, a heading, a table cell, the text of a link): every ASCII punctuation
                        character is backslash-escaped, line breaks become spaces, control characters are shown as
                        their Unicode control pictures (U+2400...)
    ref(s, label)       a cross-reference whose visible text is `s`: a Markdown link to `#label` with escaped text (a
                        {ref} role cannot carry `<` or a leading backtick verbatim: docutils reads `a < b <label>` as
                        the target "b <label")
    code(s)             inline code (file names, column names, checksums): a code span fenced with more backticks
                        than `s` holds; control characters (newline and tab included) shown as control pictures
    html_text(s), html_attr(s)   text and attribute values of raw HTML (HTML outputs, <mark title="...">)
    safe_url(s)         an http(s) URL percent-encoded for a link, or None: any other scheme (javascript:, data:,
                        file:, ...) or a malformed URL is never a link
    link(url, text)     a link when safe_url() accepts the URL, else the text (and the URL) shown as text
    label(s)            a target name for `(label)=` and `#label`: word characters and hyphens, bounded in length
    file_stem(s)        a generated file name (chart CSVs, glue names): ASCII letters, digits and hyphens, at most
                        FILE_STEM_MAX characters; a name that had to change carries a hash of the original
    chart_text(s)       text placed in a plotly chart, which reads `<b>`, `<a href>` and `&...;` as markup

and the MyST pieces the chapters are built from (list-tables, containers, cross-references to paragraphs, figures,
highlighted source texts), which take already-escaped Markdown for their cells.
"""
from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from typing import Iterable
from urllib.parse import quote, urlsplit

import pandas as pd

LABEL_MAX = 160  # characters of a target name (the article ids are bounded well below: scripts.raw.page.slugify)
FILE_STEM_MAX = 96  # characters of a generated file name, before its extension (a file system allows 255 bytes)

_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
# Every character Python's str.splitlines() breaks at (myst-parser splits a list-table cell's text with it)
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_LINE_SPACE = str.maketrans({c: " " for c in "\t" + _LINE_BREAKS})
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _visible(text: str, keep: str = "") -> str:
    """Control characters as the Unicode control pictures (U+2400 + code; DEL as U+2421); C1 controls and lone
    surrogates (an undecodable byte of a file name) as U+FFFD.  Nothing invisible or unencodable reaches a page.
    Characters in `keep` stay as they are."""
    def picture(m: re.Match) -> str:
        if m.group() in keep:
            return m.group()
        c = ord(m.group())
        if c < 0x20:
            return chr(0x2400 + c)
        return "\u2421" if c == 0x7f else "\ufffd"

    return _CONTROLS.sub(picture, text)


def md_escape(text: object) -> str:
    """Text as MyST Markdown that renders as exactly that text, on one line.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of them), so no role,
    directive, container, substitution, comment, target, entity, HTML tag, emphasis or link can start; line breaks
    and tabs become spaces (the page shows white space as one space anyway), other control characters their
    pictures; white space at either end goes in as character references (markdown would trim it, and spaces
    at the start of a line would make a code block)."""
    text = _visible(str(text).translate(_LINE_SPACE))
    text = _ASCII_PUNCT.sub(r"\\\1", text)
    core = text.strip()
    if core != text:  # markdown trims a paragraph, a cell or a heading: white space at the ends goes in as references
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(lead) + len(core):]
        text = "".join(f"&#{ord(c)};" for c in lead) + core + "".join(f"&#{ord(c)};" for c in trail)
    return text


def code(text: object) -> str:
    """Inline code showing `text` verbatim (a file name, a column name, a checksum).

    The span is fenced with one backtick more than the longest run inside it, and padded with a space when the
    text starts or ends with a backtick (CommonMark strips one such space from each end); control characters,
    newline and tab included, are shown as their pictures, since a code span would turn a newline into a space."""
    text = str(text)
    if not text:
        return ""
    text = _visible(text.replace("\u2028", "\u2424").replace("\u2029", "\u2424"))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    # markdown-it strips one space at each end unless the span is all white space (str.strip(), as it tests)
    pad = " " if text.strip() and (text[0] in "` " or text[-1] in "` ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def html_text(text: object) -> str:
    """Text inside raw HTML (an HTML output of a chapter)."""
    return html.escape(_visible(str(text).translate(_LINE_SPACE)), quote=True)


def html_attr(text: object) -> str:
    """A value for a double-quoted HTML attribute (title, aria-label, id, data-*): quotes, `<`, `>`, `&` and line
    breaks as character references, so the value can neither end the attribute nor the tag nor the Markdown line."""
    value = html.escape(_visible(str(text).replace("\r\n", "\n").replace("\r", "\n"), keep="\t\n"), quote=True)
    return value.replace("\n", "&#10;").replace("\t", "&#9;").replace("\u2028", "&#8232;").replace("\u2029", "&#8233;")


_URL_SAFE = "/:?#[]@!$&'()*+,;=%-._~"


def safe_url(url: object) -> str | None:
    """`url` ready for a link's href, or None when it must not be a link.

    Only absolute http and https URLs with a host are links.  Characters outside the URL syntax (spaces, quotes,
    `<`, `>`, backticks, braces, non-ASCII letters) are percent-encoded as UTF-8, a `%` that starts no escape
    becomes %25; a URL holding a control character (a newline, a tab) is refused, not repaired."""
    url = str(url or "").strip(" ")
    if not url or _CONTROLS.search(url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # an unbalanced IPv6 bracket, say
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    url = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", url)
    return quote(url, safe=_URL_SAFE)


def link(url: object, text: object | None = None) -> str:
    """A link to `url` showing `text` (the URL itself when no text is given); when the URL is not an http(s) URL
    the text is shown with the URL after it, both as text."""
    url = str(url or "")
    shown = str(text) if text not in (None, "") else url
    href = safe_url(url)
    if href is None:
        if not url or shown == url:
            return md_escape(shown)
        return f"{md_escape(shown)} ({md_escape(url)})"
    if "&" in href:
        # MyST escapes `&` in a link's URL and docutils escapes it again (executablebooks/MyST-Parser#760: `?a=1&b=2`
        # becomes `?a=1&amp;b=2`), so such a link is written as the HTML it should become; its text stays Markdown.
        return f'<a class="reference external" href="{html_attr(href)}">{md_escape(shown)}</a>'
    # In <...>, a link destination may hold anything but <, > and line breaks (all percent-encoded above).
    return f"[{md_escape(shown)}](<{href}>)"


def _hash(text: str, n: int = 10) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:n]


def label(text: object) -> str:
    """A target name for `(name)=` and `[...](#name)`: lower-case word characters and hyphens, at most LABEL_MAX
    characters; a name that had to change ends in a hash of the original, so two different inputs never share it."""
    original = str(text)
    name = re.sub(r"[^\w-]+", "-", original.lower(), flags=re.UNICODE).strip("-")
    if name and name == original and len(name) <= LABEL_MAX:
        return name
    suffix = _hash(original)
    return (name[: LABEL_MAX - len(suffix) - 1].rstrip("-") + "-" + suffix).lstrip("-")


def file_stem(text: object, limit: int = FILE_STEM_MAX) -> str:
    """A generated file name (without extension) that any file system and any MyST role takes: ASCII letters,
    digits and hyphens, at most `limit` characters; when the name had to change, it ends in a hash of the original."""
    original = str(text)
    ascii_only = unicodedata.normalize("NFKD", original).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^A-Za-z0-9-]+", "-", ascii_only).strip("-").lower()
    if name and name == original and len(name) <= limit:
        return name
    suffix = _hash(original)
    return (name[: limit - len(suffix) - 1].rstrip("-") + "-" + suffix).lstrip("-")


def chart_text(text: object) -> str:
    """Text for a plotly chart (a category, a hover line, a legend name): plotly reads `<b>`, `<br>`, `<a href>`
    and `&...;` in any text it draws, so `&`, `<` and `>` go in as character references, which it shows as such."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def paragraph_label(article_id: str, paragraph: int | str) -> str:
    return label(f"src-{article_id}-p{int(paragraph)}")


def article_label(article_id: str) -> str:
    return label(f"src-{article_id}")


def target(name: str) -> str:
    """A MyST target line: `(name)=`, the name made safe by label()."""
    return f"({label(name)})="


def ref(text: object, target_label: str) -> str:
    """A cross-reference whose visible text is `text`, verbatim, linking to the target `target_label`."""
    # empty is judged on what the page would show: Python's strip() also drops \x1c-\x1f, which md_escape keeps
    # (\x1f as its control picture)
    shown = _visible(str(text).translate(_LINE_SPACE)).strip() or "(untitled)"
    return f"[{md_escape(shown)}](#{label(target_label)})"


def quote_ref(article_id: str, paragraph: int | str, text: str) -> str:
    """A quote shown in the book: its exact words, linking to its paragraph in the source appendix."""
    return ref(text, paragraph_label(article_id, paragraph))


def paragraph_ref(article_id: str, paragraph: int | str) -> str:
    return ref(f"¶{int(paragraph)}", paragraph_label(article_id, paragraph))


def list_table(header: list[str], rows: Iterable[list[str]], classes: str = "", widths: str = "auto") -> str:
    """A MyST list-table; cells are Markdown (escape plain text with md_escape)."""
    lines = ["````{list-table}", ":header-rows: 1", f":widths: {widths}"]
    if classes:
        lines.append(f":class: {classes}")
    lines.append("")
    for row in [header, *rows]:
        for i, cell in enumerate(row):
            cell = str(cell).replace("\n", " ").strip() or " "
            lines.append(("* - " if i == 0 else "  - ") + cell)
    lines.append("````")
    return "\n".join(lines)


def container(classes: str, body: str) -> str:
    return f":::::{{container}} {classes}\n{body}\n:::::"


def sources_cell(source_ids: str, sources: pd.DataFrame) -> str:
    """`a|b` source ids as links to what was read."""
    by_id = sources.set_index("source_id")
    out = []
    for sid in [s for s in source_ids.split("|") if s]:
        if sid in by_id.index:
            row = by_id.loc[sid]
            out.append(link(row["url"], f"{row['publisher']}: {row['title']}"))
        else:
            out.append(md_escape(sid))
    return "; ".join(out)


def figure_block(name: str, caption: str, classes: str = "") -> str:
    """MyST for a glued figure with a caption that names its data file (chapters/data/<name>.csv).  `name` must be
    a file_stem() (checked: it is a glue key, a target and a file name at once)."""
    if name != file_stem(name):
        raise ValueError(f"figure name {name!r} is not a safe file name; make it with myst.file_stem()")
    figclass = f":figclass: {classes}\n" if classes else ""
    return (f"```{{glue:figure}} {name}\n:name: {name}\n{figclass}\n"
            f"{caption} Data: {{download}}`chapters/data/{name}.csv <data/{name}.csv>`.\n```")


def highlight(text: str, spans: list[dict]) -> str:
    """A paragraph as Markdown with every quote span marked (<mark>), nested quotes inside their parent.

    spans: dicts with start, end, kind, quote_id, title. Spans either nest or do not overlap (the quotes table
    guarantees text == paragraph[start:end]); a span that overlaps another without nesting is skipped, not broken.
    """
    ordered = sorted(spans, key=lambda q: (q["start"], -q["end"]))

    def render(lo: int, hi: int, inner: list[dict]) -> str:
        out, at, i = [], lo, 0
        while i < len(inner):
            q = inner[i]
            children, j = [], i + 1
            while j < len(inner) and inner[j]["start"] < q["end"]:
                if inner[j]["end"] <= q["end"]:
                    children.append(inner[j])
                j += 1
            if q["start"] < at:  # overlaps the previous span without nesting
                i = j
                continue
            out.append(md_escape(text[at:q["start"]]))
            css = "term" if q["kind"] == "term" else "quote"
            out.append(f'<mark class="{css}" id="{html_attr(q["quote_id"])}" '
                       f'title="{html_attr(q["title"])}">' + render(q["start"], q["end"], children) + "</mark>")
            at, i = q["end"], j
        out.append(md_escape(text[at:hi]))
        return "".join(out)

    return render(0, len(text), ordered)


def verdict_badge(verdict: str) -> str:
    css = "verdict-" + re.sub(r"[^a-z]+", "-", verdict.lower()).strip("-")
    return f'<span class="verdict {css}">{html_text(verdict)}</span>' if verdict else "—"
