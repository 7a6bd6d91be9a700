"""What both page parsers (text dumps and saved HTML) return, and the rules they share for cutting boilerplate.

A `Page` is one article as read from one file, before quotes and mentions are found. The rules here are
about how news pages are laid out in general (bylines, author bios, newsletter pleas, "Popular" lists,
copyright footers), not about the line numbers of any one saved page.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# "Apr 24, 2014", "April 24 2014", "24 April 2014", "2014-04-24" (optionally with a time after it)
DATE_RE = re.compile(
    rf"(?P<mdy>{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})|(?P<dmy>\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
)


@dataclass
class Page:
    """One article as read from one file: metadata (empty string when the page does not say) and body paragraphs."""

    title: str = ""
    author: str = ""
    published: str = ""  # ISO date
    outlet: str = ""
    url: str = ""
    paragraphs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Normalise one paragraph's text the same way for every input format.

    NFC so that composed and decomposed Cyrillic/Latin letters compare equal; no-break and other Unicode
    spaces become plain spaces; zero-width characters go; runs of white space collapse to one space.
    """
    if text.isascii():  # the common case, and a hundred times faster than the general one
        return " ".join(text.split()) if len(text) <= _CHUNK else _squash_long(text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


_CHUNK = 1 << 16


def _squash_long(text: str) -> str:
    """" ".join(text.split()) for a long ASCII text, a slice at a time: split() of the whole would hold every word
    as an object (twenty times the text's size: a gigabyte for a 50 MB one-line file)."""
    out: list[str] = []
    space = False
    for i in range(0, len(text), _CHUNK):
        chunk = text[i:i + _CHUNK]
        words = chunk.split()
        if words:
            if out and (space or chunk[0].isspace()):
                out.append(" ")
            out.append(" ".join(words))
            space = chunk[-1].isspace()
        else:
            space = True
    return "".join(out)


_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def parse_date(text: str) -> str:
    """The first date written in `text`, as YYYY-MM-DD, or "" when there is none (or it is impossible)."""
    m = DATE_RE.search(text)
    if not m:
        return ""
    if m.group("iso"):
        y, mo, d = (int(x) for x in m.group("iso").split("-"))
    else:
        words = re.findall(r"[A-Za-z]+|\d+", m.group("mdy") or m.group("dmy"))
        month = next(MONTHS[w[:4].lower()] if w[:4].lower() in MONTHS else MONTHS[w[:3].lower()]
                     for w in words if w.isalpha())
        nums = [int(w) for w in words if w.isdigit()]
        d, y = (nums[0], nums[1])
        mo = month
    try:
        import datetime as _dt

        return _dt.date(y, mo, d).isoformat()
    except ValueError:
        return ""


SLUG_MAX = 80  # characters: an id built from a slug is used in anchors and file names, which have limits


def slugify(text: str, max_words: int = 12) -> str:
    """Lower-case ASCII-ish slug of a title, the way news sites build URL slugs; one longer than SLUG_MAX
    characters (a 300-letter word) is cut and ends in a hash of the whole, so it stays unique."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.findall(r"[^\W_]+", text.lower())
    slug = "-".join(words[:max_words])
    if len(slug) > SLUG_MAX:
        import hashlib

        slug = slug[: SLUG_MAX - 11].rstrip("-") + "-" + hashlib.sha256(slug.encode("utf-8")).hexdigest()[:10]
    return slug


# Lines that end an article body on any news page: newsletter pleas, donation asks, related/popular lists,
# share bars, tags, comments and copyright footers.  Matched against a whole line (after clean_text).
END_OF_BODY = re.compile(
    r"^(?:Popular|Most popular|Most read|Related(?: stories| articles| content)?|Read more|More from\b.*|"
    r"Tags?:?|Topics?:?|Share(?: this(?: article| story)?)?:?|Comments?|Recommended|You may also like|"
    r"Sign up for\b.*|Subscribe to\b.*|Support (?:us|Eurasianet)\b.*|Help keep our journalism\b.*|"
    r"(?:Copyright|©)\s.*|.*\s©\s?\d{4}.*|All rights reserved\.?|This (?:article|story) (?:was )?(?:originally )?"
    r"(?:appeared|published|republished)\b.*|Republishing|Editor'?s note:.*)$",
    re.IGNORECASE,
)

# "This article originally appeared on Eurasianet": the outlet of a republished page.
REPUBLISHED = re.compile(
    r"(?:originally (?:appeared|published) (?:on|in|by)|first (?:appeared|published) (?:on|in|by)|"
    r"republished (?:from|with permission (?:from|of))|courtesy of)\s+(?:the\s+)?(?P<outlet>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)"
)

# An author bio: "Joshua Kucera, a senior correspondent, is ...", "Jane Doe is a journalist based in ...".
_BIO_ROLE = (r"(?:journalist|correspondent|editor|writer|reporter|analyst|researcher|freelance\w*|contributor|"
             r"fellow|professor|student|photographer|author|columnist|blogger|expert)")
BIO_RE = re.compile(
    rf"^(?:[A-Z][\w.'’-]+\s){{1,3}}[A-Z][\w.'’-]+(?:,\s(?:a|an|the)\s|\sis\s(?:a|an|the|[A-Z][\w-]*['’]s)\s)[^.]{{0,120}}\b{_BIO_ROLE}",
)


def is_bio(line: str, author: str = "") -> bool:
    """True when the line reads as the author's bio that closes many articles."""
    if author and (line.startswith(author + ",") or line.startswith(author + " is ")):
        return True
    return bool(BIO_RE.match(line)) and len(line) < 400


def is_end_of_body(line: str, author: str = "") -> bool:
    return bool(END_OF_BODY.match(line)) or is_bio(line, author)


def looks_like_prose(line: str) -> bool:
    """A body sentence rather than a menu item or heading: several words and sentence punctuation."""
    words = line.split()
    return len(words) >= 8 and bool(re.search(r"[.!?:\"”’»)]\s*$", line) or re.search(r"[.!?]\s", line))


def split_byline(line: str) -> tuple[str, str] | None:
    """(author, iso date) from a byline such as "Joshua Kucera Apr 24, 2014" or "By Jane Doe | 24 April 2014".

    Returns None when the line is not a byline: a byline is short, holds a date and nothing but a name around it.
    """
    if len(line) > 160:
        return None
    m = DATE_RE.search(line)
    if not m:
        return None
    published = parse_date(m.group(0))
    if not published:
        return None
    rest = (line[: m.start()] + " " + line[m.end():]).strip()
    rest = re.sub(r"\b\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?\b", "", rest, flags=re.I)  # a time after the date
    rest = re.sub(r"^(?:By|Author:?)\s+", "", rest.strip(" |·—–-,"), flags=re.I).strip(" |·—–-,")
    if rest and not re.fullmatch(r"(?:[A-ZА-ЯЁ][\w.'’-]*\.?(?:\s|,\s|\sand\s|\sи\s)?){1,8}", rest):
        return None
    return rest, published
