"""Stage 1 (raw -> extracted), plain-text page dumps: find the title, byline and body of a saved article page.

A browser's text dump of a news page is the site's navigation, then the title, an `Author Mon D, YYYY` byline,
the body paragraphs, then the author's bio, a newsletter plea, "Popular" headlines and the footer.  Any of the
parts around the body may be missing (an excerpt, a page republished elsewhere); the rules below find the body
by what its lines look like, not by where they stand.
"""
from __future__ import annotations

import re

from scripts.raw.page import REPUBLISHED, Page, clean_text, is_end_of_body, looks_like_prose, parse_date, split_byline

# Site chrome that can look like a sentence (and so like the start of the body).
_SENTENCE_END = re.compile(r"[.!?:\"”’)]$")
CHROME_LINE = re.compile(
    r"^(?:Skip to (?:main )?content|Main Menu|Menu|Search|Close|X|You can search using keywords.*|"
    r"Log ?in|Sign ?in|Register|Subscribe|Newsletter|Advertisement|Cookie.*|We use cookies.*|Toggle navigation|"
    r"Share(?: on \w+)?|Print|Email|Facebook|Twitter|Telegram|WhatsApp|Back to top|русский|English)$",
    re.IGNORECASE,
)
# Lines inside a body that are not paragraphs of it.
INLINE_JUNK = re.compile(r"^(?:Advertisement|ADVERTISEMENT|(?:Photos?|Image|Picture)(?: by|:).*|\((?:Photo|Image).*\)|"
                         r"Listen to this article.*|.{0,300}\((?:Photos?|Image|Picture)(?: by|:)[^)]{1,80}\))$")
NAME_LINE = re.compile(r"^(?:By\s+)?(?P<name>(?:[A-Z][\w.'’-]+\.?)(?:(?:\s|,\s|\sand\s)[A-Z][\w.'’-]+\.?){1,7})$")
FOOTER_OUTLET = re.compile(r"^(?P<outlet>[A-Z][\w. &-]{1,60}?)\s*(?:©|\(c\)|Copyright)\s*(?:\d{4})?(?:\s*[-–]\s*\d{4})?\.?$")


def _find_byline(lines: list[str]) -> tuple[int, int, str, str] | None:
    """(first, last, author, date) of the byline block: one line "Author Date", or a name line and a date line."""
    for i, line in enumerate(lines):
        parsed = split_byline(line)
        if not parsed:
            continue
        author, published = parsed
        if author:
            return i, i, author, published
        # A date on its own: the author may stand on the line before or after it ("By Jane Doe").
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines):
                m = NAME_LINE.match(lines[j])
                if m and (lines[j].startswith("By ") or j == i - 1) and not CHROME_LINE.match(lines[j]):
                    return min(i, j), max(i, j), m.group("name"), published
        return i, i, "", published
    return None


def _is_title(line: str) -> bool:
    return not (CHROME_LINE.match(line) or is_end_of_body(line) or len(line.split()) > 30
                or (line.endswith(".") and looks_like_prose(line)))


def _title_before(lines: list[str], index: int) -> str:
    """The heading just above `index`, if the line there reads as a title (not chrome, not a sentence).

    A standfirst (one summarising sentence between headline and byline) is stepped over to the headline above it.
    """
    if index <= 0:
        return ""
    line = lines[index - 1]
    if _is_title(line):
        return line
    if index >= 2 and looks_like_prose(line) and not CHROME_LINE.match(line) and _is_title(lines[index - 2]):
        return lines[index - 2]
    return ""


def unwrap(text: str) -> list[str]:
    """Lines of a dump, with hard-wrapped paragraphs (`lynx -dump`, e-mail) joined back into one line each.

    A blank-line-separated block is joined only when it reads as wrapped prose: two or more lines, every line but
    the last at least 50 characters long, and most of them not ending a sentence.  Menus, lists and one-line
    paragraphs are left as they are.
    """
    out: list[str] = []
    block: list[str] = []
    for raw in text.split("\n") + [""]:
        line = clean_text(raw)
        if line:
            block.append(line)
            continue
        if len(block) >= 2 and all(len(x) >= 50 for x in block[:-1]) and \
                sum(not _SENTENCE_END.search(x) for x in block[:-1]) * 2 > len(block) - 1:
            out.append(" ".join(block))
        else:
            out.extend(block)
        block = []
    return out


def _find_outlet(lines: list[str]) -> str:
    """The outlet named by the page itself: "originally appeared on X" beats a "X © 2023" footer."""
    for line in lines:
        m = REPUBLISHED.search(line)
        if m:
            return m.group("outlet").rstrip(".")
    for line in reversed(lines):
        m = FOOTER_OUTLET.match(line)
        if m:
            return m.group("outlet").strip()
    # a header with the site's name on a line of its own ("Eurasianet" above the menu), before any prose
    outlets = _outlet_names()
    for line in lines:
        if looks_like_prose(line):
            break
        if line in outlets:
            return outlets[line]
    return ""


def _outlet_names() -> dict[str, str]:
    """Every name and alias of an outlet in the gazetteer -> the outlet's name."""
    from scripts.extract.gazetteer import matcher_for

    entities = matcher_for().entities.values()
    return {alias: e.name for e in entities if e.kind == "outlet" for alias in e.aliases}


def parse_text_page(text: str) -> Page:
    """Read one text dump into a Page; missing parts stay empty and are named in `warnings`."""
    lines = unwrap(text)
    page = Page(outlet=_find_outlet(lines))
    byline = _find_byline(lines)
    if byline:
        first, last, page.author, page.published = byline
        page.title = _title_before(lines, first)
        start = last + 1
    else:
        start = next((i for i, line in enumerate(lines) if looks_like_prose(line) and not CHROME_LINE.match(line)), len(lines))
        page.title = _title_before(lines, start)
        # An excerpt may still carry a date line of its own (e.g. "Published 24 April 2014").
        page.published = next((parse_date(line) for line in lines[:start] if parse_date(line) and len(line) < 80), "")
    body: list[str] = []
    for line in lines[start:]:
        if is_end_of_body(line, page.author):
            break
        if INLINE_JUNK.match(line) or CHROME_LINE.match(line):
            continue
        body.append(line)
    page.paragraphs = body
    return page
