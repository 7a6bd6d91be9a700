"""The one escaping layer between the data and the page: article text, titles, names and URLs become MyST Markdown
that renders as exactly that text, and the MyST pieces the chapters are built from (cross-references to paragraphs,
list-tables, links, highlighted source texts)."""
from __future__ import annotations

import html
import re
from typing import Iterable

import pandas as pd


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|$~^])")


def md_escape(text: str) -> str:
    """Text as Markdown that renders as exactly that text."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def paragraph_label(article_id: str, paragraph: int | str) -> str:
    return f"src-{article_id}-p{int(paragraph)}"


def article_label(article_id: str) -> str:
    return f"src-{article_id}"


def ref(text: str, label: str) -> str:
    """A cross-reference whose visible text is `text`, verbatim (no Markdown inside a role)."""
    if "`" in text or "<" in text or ">" in text:
        raise ValueError(f"cannot show {text!r} verbatim inside a {{ref}} role")
    text = text.replace("\n", " ")
    return f"{{ref}}`{text} <{label}>`"


def quote_ref(article_id: str, paragraph: int | str, text: str) -> str:
    """A quote shown in the book: its exact words, linking to its paragraph in the source appendix."""
    return ref(text, paragraph_label(article_id, paragraph))


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


def link(url: str, text: str | None = None) -> str:
    if not url:
        return md_escape(text or "")
    return f"[{md_escape(text or url)}](<{url}>)"


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
    """MyST for a glued figure with a caption that names its data file (chapters/data/<name>.csv)."""
    figclass = f":figclass: {classes}\n" if classes else ""
    return (f"```{{glue:figure}} {name}\n:name: {name}\n{figclass}\n"
            f"{caption} Data: {{download}}`{name}.csv <data/{name}.csv>`.\n```")


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
            out.append(f'<mark class="{css}" id="{html.escape(q["quote_id"])}" '
                       f'title="{html.escape(q["title"])}">' + render(q["start"], q["end"], children) + "</mark>")
            at, i = q["end"], j
        out.append(md_escape(text[at:hi]))
        return "".join(out)

    return render(0, len(text), ordered)


def paragraph_ref(article_id: str, paragraph: int | str) -> str:
    return ref(f"¶{int(paragraph)}", paragraph_label(article_id, paragraph))


def verdict_badge(verdict: str) -> str:
    css = "verdict-" + re.sub(r"[^a-z]+", "-", verdict.lower()).strip("-")
    return f'<span class="verdict {css}">{html.escape(verdict)}</span>' if verdict else "—"

