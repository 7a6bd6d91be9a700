"""What both page parsers (text dumps and saved HTML) return, and the rules they share for cutting boilerplate.

A `Page` is one article as read from one file, before quotes and mentions are found. The rules here are
about how news pages are laid out in general (bylines, author bios, newsletter pleas, "Popular" lists,
copyright footers), not about the line numbers of any one saved page.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# Where a date is written: English month names ("Apr 24, 2014", "24 April 2014", "Sept 2 2014"), Russian ones
# ("5 января 2022"), ISO ("2014-04-24", with a time after it), or day.month.year ("05.01.2022").  These patterns
# only find the date; a library reads it (dateutil for English and numbers, dateparser for Russian month names).
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
MONTH_NAME = _MONTH  # an English month name or its abbreviation: the one pattern for it (scripts/derive/found.py too)
_RU_MONTH = r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-яё]*\.?"
DATE_RE = re.compile(
    rf"(?P<mdy>\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})|(?P<dmy>\b\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})|"
    rf"(?P<ru>\b\d{{1,2}}\s+{_RU_MONTH}\s+\d{{4}})|(?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}})|(?P<num>\b\d{{1,2}}\.\d{{1,2}}\.\d{{4}}\b)",
    re.IGNORECASE,
)
MONTH_ONLY = re.compile(r"^(?:Date|Published|Posted)?:?\s*(?P<y>\d{4})-(?P<m>\d{2})$", re.IGNORECASE)


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
    # _SPACES is exactly str.isspace(), so split() and join() do what the substitution does, four times faster
    return " ".join(text.split()) if len(text) <= _CHUNK else _SPACES.sub(" ", text).strip()


_CHUNK = 1 << 16
_WHOLE = 1 << 20  # characters: a text up to this size is normalised at once by clean_lines, a longer one line by line


def clean_lines(text: str) -> list[str]:
    """[clean_text(line) for line in text.split("\n")], for a whole text at once: NFC and the removal of invisible
    characters act on each line alone (a line feed never composes with a neighbour), so they are done once for the
    text, not once per line."""
    if len(text) > _WHOLE:
        return [clean_text(line) for line in text.split("\n")]
    if not text.isascii():
        text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return [" ".join(line.split()) for line in text.split("\n")]


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
    import datetime as _dt

    m = DATE_RE.search(text)
    if not m:
        return ""
    found = m.group(0)
    try:
        if m.group("iso"):
            return _dt.date.fromisoformat(found).isoformat()
        if m.group("num"):  # day.month.year, the order of Russian and European pages
            d, mo, y = (int(x) for x in found.split("."))
            return _dt.date(y, mo, d).isoformat()
        if m.group("ru"):
            return _parse_russian(found)
        return _parse_english(found)
    except (ValueError, OverflowError):
        return ""


@lru_cache(maxsize=4096)
def _parse_english(found: str) -> str:
    """"Apr 24, 2014", "24 April 2014", "Sept 2 2014": the standard library's month names first (fast), then dateutil."""
    import datetime as _dt

    text = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|[,.]", " ", found)
    text = " ".join(re.sub(r"^(Sept)\w*", "Sep", w, flags=re.I) if w[:4].lower() == "sept" else w for w in text.split())
    for fmt in ("%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y"):
        try:
            return _dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    from dateutil import parser as _dateutil

    return _dateutil.parse(found, default=_dt.datetime(1, 1, 1)).date().isoformat()


def _parse_russian(found: str) -> str:
    import dateparser  # only pages that write dates with Russian month names pay for its import

    parsed = dateparser.parse(found, languages=["ru"], settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date().isoformat() if parsed else ""


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
_REPUBLISHED_WORDS = (r"originally (?:appeared|published) (?:on|in|by)|first (?:appeared|published) (?:on|in|by)|"
                      r"republished (?:from|with permission (?:from|of))|courtesy of")
REPUBLISHED = re.compile(rf"(?i:{_REPUBLISHED_WORDS})\s+(?:the\s+)?(?P<outlet>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)")
# Its words alone, for a whole page at once: no line without them can match REPUBLISHED.  Their first letters are a
# plain class (no other character matches o, f, r or c ignoring case), so the search skips most of the text.
REPUBLISHED_WORDS = re.compile(r"[oOfFrRcC](?i:riginally (?:appeared|published) (?:on|in|by)|irst (?:appeared|published) (?:on|in|by)|"
                               r"epublished (?:from|with permission (?:from|of))|ourtesy of)")

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
    return len(words) >= 8 and bool(_PROSE_END.search(line) or _SENTENCE_INSIDE.search(line))


_PROSE_END = re.compile(r"[.!?:\"”’»)]\s*$")
_SENTENCE_INSIDE = re.compile(r"[.!?]\s")


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
    rest = re.sub(r"^(?:By|Author:?|Автор:?)\s+", "", rest.strip(" |·—–-,"), flags=re.I).strip(" |·—–-,")
    if rest and not re.fullmatch(r"(?:[A-ZА-ЯЁ][\w.'’-]*\.?(?:\s|,\s|\sand\s|\sи\s)?){1,8}", rest):
        return None
    return rest, published


# --- the header of a page: lines around the title that are neither title nor body -------------------------------

# A photo caption: "... (Photo: Akorda)", "Photo: ...", "... in Moscow. / government handout", "... / Press service".
_CREDIT = r"(?:handout|photo\w*|press (?:service|office)|courtesy|screen ?(?:shot|grab)|pool|file|archive|reuters|afp|tass|ria novosti|sputnik|getty)"
CAPTION = re.compile(
    rf"(?:\((?:Photos?|Image|Picture|Credit|Source)\b[^()]{{0,100}}\)\.?$|^(?:Photos?|Image|Picture)(?::|\s+by\b)|"
    rf"[.!?]\s+/\s+[^/]{{1,80}}$|\s/\s[^/]{{0,60}}\b{_CREDIT}\b[^/]{{0,40}}$)",
    re.IGNORECASE,
)
TAG_LINE = re.compile(r"^(?:Tags?|Topics?|Categor(?:y|ies)|Filed under|Keywords?|Section)\s*:\s*\S.*$", re.IGNORECASE)
# "ABSTRACT.", "FULL TEXT.", "LETTERS.": a section label in capitals, not a headline
SECTION_LABEL = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ&'’ -]{0,24}[.:]?$")
# "(C) EurasiaNet", "© Eurasianet 2014", "This story was originally published by EurasiaNet and is unaltered."
REPUBLISH_NOTE = re.compile(r"^(?:\(C\)|©|Copyright)\s*\S.{0,80}$|^This (?:article|story|report) (?:was )?(?:originally |first )?"
                            r"(?:appeared|published|republished|posted)\b.*$", re.IGNORECASE)
LINK_REFERENCE = re.compile(r"^\[\d+\]\s*(?:https?://|www\.)\S*$")
_NAME = r"[A-ZА-ЯЁ][\w.'’-]*(?:\s(?:[A-ZА-ЯЁ][\w.'’-]*|de|van|von|al|bin|ibn|el))*"
AUTHOR_LINE = re.compile(rf"^(?:(?:By|Author|Authors|Written by|Автор)\s*:?\s+)(?P<names>{_NAME}(?:(?:,\s|\sand\s|\s&\s|\sи\s){_NAME})*)$",
                         re.IGNORECASE)
AUTHOR_LIST = re.compile(r"^\[\s*(?P<names>['\"][^'\"]+['\"](?:\s*,\s*['\"][^'\"]+['\"])*)\s*\]$")
POSTED = re.compile(r"^(?:Posted|Published|Updated)(?:\s+on)?\s*:?\s+(?P<rest>.+)$", re.IGNORECASE)
TITLE_MARKER = re.compile(r"\s*\[\d+\]$")


def is_caption(line: str) -> bool:
    # every form of CAPTION holds "(" or "/" or opens the line with Photo/Image/Picture: the search is for those only
    return len(line) < 400 and ("(" in line or "/" in line or bool(_CAPTION_HEAD.match(line))) and bool(CAPTION.search(line))


_CAPTION_HEAD = re.compile(r"(?:Photos?|Image|Picture)(?::|\s+by\b)", re.IGNORECASE)


def is_section_label(line: str) -> bool:
    return len(line.split()) <= 3 and bool(SECTION_LABEL.match(line))


def clean_title(title: str, site_names: set[str] | frozenset = frozenset()) -> str:
    """A headline without a link marker ("[1]") or a site-name suffix ("| EurasiaNet.org", "- Eurasianet")."""
    return split_title_site(title, site_names)[0]


_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+(?P<site>[^|–—]{2,40})$")


def split_title_site(title: str, site_names: set[str] | frozenset = frozenset()) -> tuple[str, str]:
    """(headline, the site named in its suffix or "")."""
    title = TITLE_MARKER.sub("", title).strip()
    m = _SITE_SUFFIX.search(title)
    if m:
        site = m.group("site").strip()
        if site in site_names or re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|ru|kz|kg|uz|tj|am|ge|az|info|eu)", site, re.I):
            return title[: m.start()].strip(), site
    return title, ""


@lru_cache(maxsize=65536)
def header_fact(line: str) -> dict | None:
    """What a header line says about the article ({"author": .., "published": .., "month": ..}), or None when it
    is not a byline, author line, author list, date line or "Posted:" line."""
    if len(line) > 200:
        return None
    if not any(c.isdigit() for c in line):  # no date in it: only an author line or an author list can be
        m = AUTHOR_LIST.match(line)
        if m:
            return {"author": ", ".join(n.strip().strip("'\"") for n in m.group("names").split(","))}
        m = AUTHOR_LINE.match(line)
        return {"author": _author_list(m.group("names"))} if m and len(m.group("names").split()) <= 12 else None
    m = AUTHOR_LIST.match(line)
    if m:
        return {"author": ", ".join(n.strip().strip("'\"") for n in m.group("names").split(","))}
    m = MONTH_ONLY.match(line)
    if m and 1 <= int(m.group("m")) <= 12:
        return {"month": f"{m.group('y')}-{m.group('m')}"}
    m = POSTED.match(line)
    if m:
        published = parse_date(m.group("rest"))
        if published:
            by = re.search(rf"\bby\s+(?P<name>{_NAME})", m.group("rest"))
            return {"published": published, **({"author": by.group("name")} if by else {})}
    m = AUTHOR_LINE.match(line)
    if m and len(m.group("names").split()) <= 12:
        return {"author": _author_list(m.group("names"))}
    parsed = split_byline(line)
    if parsed:
        author, published = parsed
        return {"published": published, **({"author": _author_list(author)} if author else {})}
    return None


def _author_list(names: str) -> str:
    """"Jane Doe and John Roe" -> "Jane Doe, John Roe": one way to write several authors."""
    return re.sub(r",?\s+(?:and|&|и)\s+", ", ", names.strip())


def split_authors(names: str) -> list[str]:
    """The people of an author field as the tables write it ("Jane Doe, John Roe"; "and", "&" and ";" read too), a
    suffix kept with its name ("Martin King, Jr.")."""
    parts = re.split(r"\s*(?:;|,(?!\s*(?:Jr|Sr|II|III|IV)\b\.?)|\band\b|&)\s*", str(names or ""))
    return [p.strip() for p in parts if p.strip()]


@lru_cache(maxsize=1)
def site_names_map() -> dict[str, str]:
    """Every name and alias of an outlet in the gazetteer, and its web address ("EurasiaNet.org") -> its name."""
    from scripts.extract.gazetteer import matcher_for  # the gazetteer names the outlets; read lazily

    names: dict[str, str] = {}
    for e in matcher_for().entities.values():
        if e.kind == "outlet":
            for alias in e.aliases:
                names[alias] = e.name
                names.setdefault(alias + ".org", e.name)
                names.setdefault(alias + ".com", e.name)
    for alias, name in list(names.items()):
        names.setdefault(alias.lower(), name)
    return names


def site_names() -> set[str]:
    return set(site_names_map())
