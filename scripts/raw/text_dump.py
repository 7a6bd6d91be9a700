"""Stage 1 (raw -> extracted), plain-text page dumps: find the title, byline and body of a saved article page.

A browser's text dump of a news page is the site's navigation, then the title, an `Author Mon D, YYYY` byline,
the body paragraphs, then the author's bio, a newsletter plea, "Popular" headlines and the footer.  Any of the
parts around the body may be missing (an excerpt, a page republished elsewhere); the rules below find the body
by what its lines look like, not by where they stand.

The body starts at the first prose line past the header.  The title is the nearest headline above it, walking up
past the header's furniture (bylines, "By X", "Posted: ... in ...", author lists, "Date:" lines, photo captions,
tags, section labels such as "ABSTRACT.", republication notes) and stopping at the site's menu; a link marker
"[1]" and a site-name suffix "| EurasiaNet.org" are dropped.  A page with prose is never left without a body.
"""
from __future__ import annotations

import re
from functools import lru_cache

from scripts.raw.page import (END_OF_BODY, LINK_REFERENCE, REPUBLISH_NOTE, REPUBLISHED, REPUBLISHED_WORDS, TAG_LINE, Page,
                              clean_lines, clean_title, header_fact, is_caption, is_end_of_body, is_section_label, looks_like_prose, parse_date,
                              site_names, site_names_map, split_title_site)

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
FOOTER_OUTLET = re.compile(r"^(?P<outlet>[A-Z][\w. &-]{1,60}?)\s*(?:©|\(c\)|Copyright)\s*(?:\d{4})?(?:\s*[-–]\s*\d{4})?\.?$|"
                           r"^(?:©|\(c\)|Copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)\s+(?P<outlet2>[A-Z][\w. &-]{1,60}?)\.?$")


_ENDS_SENTENCE = re.compile(r"[.:;…]\W*$")
_WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)")
_TWO_SENTENCES = re.compile(r"\w[.?!]\s+[A-Z]")
_COPYRIGHT = re.compile(r"^(?:\(C\)|©|Copyright)\s*", re.I)


def _sentence_like(line: str) -> bool:
    """Ends as a body sentence does: a full stop, colon or semicolon (before any closing quotes or brackets)."""
    return bool(_ENDS_SENTENCE.search(line)) and not line.endswith("..")


def is_prose(line: str) -> bool:
    """A body paragraph: prose that ends like a sentence, or too long for anything but prose.  A line ending in
    "?" or "!" is a headline here ("Can you imagine ...?"); inside the body it is kept all the same."""
    return looks_like_prose(line) and (_sentence_like(line) or len(line.split()) > 30)


def _furniture(line: str) -> bool:
    """Header lines that are neither title nor body: captions, tags, section labels, republication notes."""
    return is_caption(line) or bool(TAG_LINE.match(line)) or is_section_label(line) or bool(REPUBLISH_NOTE.match(line))


@lru_cache(maxsize=65536)
def _skip_before_body(line: str) -> bool:
    return bool(CHROME_LINE.match(line) or _MENU_ITEM.match(line) or INLINE_JUNK.match(line)) or _furniture(line) \
        or header_fact(line) is not None or bool(END_OF_BODY.match(line))


_MENU_ITEM = re.compile(r"^[•·▪►»*-]\s")


def _headline_like(line: str, site_names: set[str]) -> bool:
    words = line.split()
    return (1 <= len(words) <= 30 and not _sentence_like(line) and not line.endswith((",", ";")) and not line[0].islower()
            and not INLINE_JUNK.match(line) and not CHROME_LINE.match(line) and not _MENU_ITEM.match(line)
            and not _furniture(line) and not is_end_of_body(line) and line not in site_names
            and clean_title(line, site_names) not in site_names and not _WEB_ADDRESS.match(line)
            and any(c.isalpha() for c in line) and not (len(words) == 1 and line.islower()))


def _title_shaped(line: str) -> bool:
    """Short enough for a title and not page furniture: what may stand as the title when nothing headline-like does."""
    return (1 <= len(line.split()) <= 30 and any(c.isalpha() for c in line) and not CHROME_LINE.match(line)
            and not INLINE_JUNK.match(line) and not _MENU_ITEM.match(line) and not _furniture(line)
            and not is_end_of_body(line) and not _WEB_ADDRESS.match(line))


def _two_sentences(line: str) -> bool:
    return len(line.split()) >= 8 and bool(_TWO_SENTENCES.search(line))


def _body_start(lines: list[str], site_names: set[str]) -> int:
    """Index of the first body paragraph: the first prose line past the header.  A prose line with a byline just
    below it is a standfirst (or a sentence-like headline): the body starts after the byline.  Right after a
    byline, the body may open with a line that is not a whole sentence (a quotation running on)."""
    start = next((i for i, line in enumerate(lines) if not _skip_before_body(line) and is_prose(line)), len(lines))
    for j in range(start + 1, min(start + 4, len(lines))):
        fact = header_fact(lines[j])
        if fact and ("published" in fact or "author" in fact):
            after = next((k for k in range(j + 1, len(lines)) if not _skip_before_body(lines[k]) and is_prose(lines[k])), None)
            start = after if after is not None else start
            break
        if is_prose(lines[j]):
            break
    byline = next((b for b in range(start - 1, -1, -1) if (header_fact(lines[b]) or {}).keys() & {"published", "author"}), None)
    if byline is not None:
        for k in range(byline + 1, start):
            line = lines[k]
            if _skip_before_body(line) or _headline_like(line, site_names) or _author_beside_date(lines, k):
                continue
            return k
    return start


def _author_beside_date(lines: list[str], k: int) -> str:
    """A name on its own line next to a line holding only a date: the author ("March 3, 2015" / "Jane Doe")."""
    m = NAME_LINE.match(lines[k])
    if not m or lines[k].startswith(("By ", "by ")):
        return ""
    for n in (k - 1, k + 1):
        if 0 <= n < len(lines):
            fact = header_fact(lines[n])
            if fact and "published" in fact and "author" not in fact:
                return m.group("name")
    return ""


def _read_header(lines: list[str], start: int, site_names: set[str], page: Page) -> None:
    """Title, author(s) and date from the lines above the body: walk up from the body past bylines, date lines,
    captions, tags and standfirsts to the nearest headline; stop at the site's menu."""
    month, weak, fallback = "", False, ""
    for k in range(start - 1, -1, -1):
        line = lines[k]
        if CHROME_LINE.match(line) or _MENU_ITEM.match(line) or INLINE_JUNK.match(line):
            if page.title and not INLINE_JUNK.match(line):
                break
            continue
        fact = header_fact(line)
        if fact is None and _author_beside_date(lines, k):
            fact = {"author": _author_beside_date(lines, k)}
        if fact is not None:
            page.author = page.author or fact.get("author", "")
            page.published = page.published or fact.get("published", "")
            month = month or fact.get("month", "")
            continue
        if page.title and not weak:
            continue
        if not fallback and k + 1 < len(lines) and header_fact(lines[k + 1]) is not None and _title_shaped(line):
            # the line right above a byline is the title's place, even when it ends like a sentence (":", ";")
            fallback = line
        if _headline_like(line, site_names):
            # a question or two sentences ("... election. Do you know ...?") may be the first paragraph: a headline
            # above it, before the menu, wins
            if page.title and weak and _two_sentences(line):
                continue
            weak = not page.title and _two_sentences(line)
            page.title, site = split_title_site(line, site_names)
            if site and not page.outlet:  # "... | EurasiaNet.org": the page names its outlet
                page.outlet = site_names_map().get(site, site)
    if not page.title and fallback:
        page.title, _ = split_title_site(fallback, site_names)
    if not page.published:
        # an excerpt may still carry a date line of its own ("Published 24 April 2014")
        page.published = next((parse_date(line) for line in lines[:start] if len(line) < 80 and parse_date(line)), "")
    if not page.published and month:
        page.warnings.append(f"the page gives only the month of publication ({month}); published left empty")
    if page.author in site_names:  # "By Eurasianet March 28, 2023": the outlet's staff, not a person
        page.outlet = page.outlet or site_names_map().get(page.author, page.author)
        page.author = ""


def unwrap(text: str) -> list[str]:
    """Lines of a dump, with hard-wrapped paragraphs (`lynx -dump`, e-mail) joined back into one line each.

    A blank-line-separated block is joined only when it reads as wrapped prose: two or more lines, every line but
    the last at least 50 characters long, and most of them not ending a sentence.  Menus, lists and one-line
    paragraphs are left as they are.
    """
    out: list[str] = []
    block: list[str] = []
    lines = clean_lines(text)
    lines.append("")
    for line in lines:
        if line:
            block.append(line)
            continue
        if len(block) >= 2 and all(len(x) >= 50 for x in block[:-1]) and \
                sum(not _SENTENCE_END.search(x) for x in block[:-1]) * 2 >= len(block) - 1:
            out.append(" ".join(block))
        else:
            out.extend(block)
        block = []
    return out


def _find_outlet(lines: list[str]) -> str:
    """The outlet named by the page itself: "originally appeared on X" beats a "X © 2023" footer."""
    joined = "\n".join(lines)
    words = REPUBLISHED_WORDS.search(joined)  # most pages hold none: then no line is searched
    if words:
        for line in lines[joined.count("\n", 0, words.start()):]:  # no line before the first can match
            m = REPUBLISHED.search(line)
            if m:
                return _canonical_outlet(m.group("outlet").rstrip("."))
    for line in reversed(lines):
        m = FOOTER_OUTLET.match(line)
        if m:
            return _canonical_outlet((m.group("outlet") or m.group("outlet2")).strip())
    # a header with the site's name on a line of its own ("Eurasianet" above the menu), before any prose
    outlets = site_names_map()
    for line in lines:
        if looks_like_prose(line):
            break
        name = _COPYRIGHT.sub("", line).strip()
        if name in outlets:
            return outlets[name]
    return ""


def _canonical_outlet(name: str) -> str:
    return site_names_map().get(name, name)


def parse_text_page(text: str) -> Page:
    """Read one text dump into a Page; missing parts stay empty and are named in `warnings`."""
    lines = unwrap(text)
    page = Page(outlet=_find_outlet(lines))
    sites = site_names()
    start = _body_start(lines, sites)
    _read_header(lines, start, sites, page)
    body: list[str] = []
    for line in lines[start:]:
        if is_end_of_body(line, page.author) or LINK_REFERENCE.match(line) or (TAG_LINE.match(line) and body):
            break
        if INLINE_JUNK.match(line) or CHROME_LINE.match(line) or is_caption(line) or is_section_label(line):
            continue
        body.append(line)
    if not body:  # never reject an article with paragraphs: take every prose line there is
        body = [line for line in lines if looks_like_prose(line) and not CHROME_LINE.match(line) and not is_caption(line)]
        if body:
            page.warnings.append("the body could not be told from the page around it; every prose line was kept")
    page.paragraphs = body
    return page
