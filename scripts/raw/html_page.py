"""Stage 1 (raw -> extracted), saved HTML pages: title, author and date from the page's metadata, body from its main text.

Metadata comes from JSON-LD first, then OpenGraph/`article:` meta tags, then `<time>`, then what the page shows
(h1, a byline element).  The body is the article's main text container (itemprop=articleBody, the usual CMS
body classes, <article>, <main>, else the element holding the most paragraph text), with navigation, menus,
related links, share bars, bios and footers dropped.  Inline tags and entities are joined exactly as a reader
sees them, so a page saved as HTML gives the same paragraphs as its text dump.
"""
from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup, Tag

from scripts.raw.page import (REPUBLISHED, Page, clean_text, clean_title, header_fact, is_caption, is_end_of_body, parse_date,
                              site_names, site_names_map, split_byline, split_title_site)

ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                 "OpinionNewsArticle", "BackgroundNewsArticle", "Report", "ScholarlyArticle", "WebPage"}
BODY_CLASSES = re.compile(r"(?:^|[\s_-])(?:article[-_]{0,2}body|field--name-body|entry-content|story-body|post-content|"
                          r"article-content|article-text|body-text|content__article-body|node__content|article__content|"
                          r"rich-text|story-content|text-body)(?:$|[\s_-])", re.IGNORECASE)
DROP_TAGS = ["script", "style", "noscript", "nav", "aside", "footer", "header", "form", "button", "figure",
             "figcaption", "iframe", "svg", "template", "select", "input"]
DROP_ATTR = re.compile(r"(?:^|[\s_-])(?:related|share|sharing|social|newsletter|subscribe|signup|author-bio|"
                       r"author-info|bio|byline|tags?|comments?|promo|advert|ads?|popular|breadcrumbs?|caption|"
                       r"menu|sidebar|site-footer|site-header|paywall|donate|support-us|cookie|modal)(?:$|[\s_-])",
                       re.IGNORECASE)
BLOCKS = ["p", "h2", "h3", "h4", "blockquote", "li"]


JSONLD_DEPTH = 20  # levels of @graph / mainEntity / list looked into; deeper nesting is not metadata of a page
JSONLD_NODES = 10_000  # nodes looked at in all of a page's JSON-LD


def _jsonld_articles(soup: BeautifulSoup, warnings: list[str]) -> list[dict]:
    """The article nodes of the page's JSON-LD, with the fields read from them made plain (see _ld_node).  JSON-LD
    of any shape is read without error: an @type that is a list (of strings, or of anything), nesting thousands
    deep, numbers or lists where text belongs; what cannot be read is left out with a warning."""
    found: list[dict] = []
    budget = [JSONLD_NODES]

    def walk(node, depth: int) -> None:
        stack = [(node, depth)]
        while stack and budget[0] > 0:
            node, depth = stack.pop()
            budget[0] -= 1
            if depth > JSONLD_DEPTH:
                continue
            if isinstance(node, list):
                stack.extend((item, depth + 1) for item in reversed(node))
            elif isinstance(node, dict):
                types = node.get("@type")
                types = {t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
                if types & ARTICLE_TYPES and (node.get("headline") or node.get("datePublished")):
                    found.append(_ld_node(node))
                for key in ("mainEntity", "@graph"):
                    if key in node:
                        stack.append((node[key], depth + 1))

    for script in soup.find_all("script", type=re.compile("ld\\+json", re.I)):
        raw = script.string or script.get_text() or ""
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            warnings.append(f"JSON-LD block not readable ({exc.msg} at line {exc.lineno}); other metadata used")
            continue
        except (RecursionError, ValueError) as exc:  # nested deeper than the JSON reader goes; a huge number
            warnings.append(f"JSON-LD block not readable ({type(exc).__name__}); other metadata used")
            continue
        walk(data, 0)
    if budget[0] <= 0:
        warnings.append(f"JSON-LD holds more than {JSONLD_NODES:,} nodes; only the first were read")
    # a NewsArticle beats a generic WebPage
    found.sort(key=lambda d: 0 if "Article" in d["@type"] else 1)
    return found


def _ld_text(value) -> str:
    """A JSON-LD value as text: a string, a number, {"@value": ...}, or the first of a list; else ""."""
    for _ in range(JSONLD_DEPTH):
        if isinstance(value, list):
            value = value[0] if value else ""
        elif isinstance(value, dict):
            value = value.get("@value", value.get("@id", ""))
        else:
            break
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        return ""
    return str(value)


def _ld_party(value, depth: int = 0):
    """An author or publisher as _names() reads it: a name, {"name": name}, or a list of those."""
    if isinstance(value, list) and depth < 2:
        return [_ld_party(v, depth + 1) for v in value[:50]]
    if isinstance(value, dict):
        return {"name": _ld_text(value.get("name"))}
    return _ld_text(value)


def _ld_node(node: dict) -> dict:
    """The fields parse_html_page reads from an article node, as the types it expects (text, or names)."""
    types = node.get("@type")
    plain = {"@type": " ".join(t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str))}
    for key in ("headline", "name", "datePublished", "url"):
        plain[key] = _ld_text(node.get(key))
    for key in ("author", "publisher"):
        plain[key] = _ld_party(node.get(key)) if node.get(key) else ""
    entity = node.get("mainEntityOfPage")
    plain["mainEntityOfPage"] = {"@id": _ld_text(entity.get("@id"))} if isinstance(entity, dict) else _ld_text(entity)
    return plain


def _names(value) -> str:
    if isinstance(value, list):
        return ", ".join(filter(None, (_names(v) for v in value)))
    if isinstance(value, dict):
        return str(value.get("name") or "").strip()
    value = str(value or "").strip()
    return "" if value.startswith("http") else value


def _meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    """Every <meta> with content, keyed by its property, name or itemprop (the first of each wins)."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = (tag.get("content") or "").strip()
        for attr in ("property", "name", "itemprop"):
            key = tag.get(attr)
            if key and content:
                found.setdefault(key, content)
    return found


def _meta(meta: dict[str, str], *keys: str) -> str:
    return next((meta[k] for k in keys if meta.get(k)), "")


def _strip_site(title: str, site: str) -> str:
    """'CSTO To Cut ... | Eurasianet' -> 'CSTO To Cut ...'."""
    if site:
        title = re.sub(rf"\s*[|–—-]\s*{re.escape(site)}\s*$", "", title, flags=re.IGNORECASE)
    return title.strip()


def _find_body(soup: BeautifulSoup) -> Tag | None:
    candidates = soup.select('[itemprop="articleBody"]') or [
        el for el in soup.find_all(["div", "section", "article", "main"]) if BODY_CLASSES.search(" ".join(el.get("class", [])))]
    if not candidates:
        candidates = soup.find_all("article") or soup.find_all("main")
    if not candidates:
        # the element that directly holds the most paragraph text
        scores: dict[int, tuple[int, Tag]] = {}
        for p in soup.find_all("p"):
            parent = p.parent
            if parent is not None:
                n = len(p.get_text())
                score, _ = scores.get(id(parent), (0, parent))
                scores[id(parent)] = (score + n, parent)
        if not scores:
            return None
        return max(scores.values(), key=lambda x: x[0])[1]
    return max(candidates, key=lambda el: sum(len(p.get_text()) for p in el.find_all("p")))


def _drop_chrome(root: Tag) -> None:
    for el in root.find_all(DROP_TAGS):
        el.decompose()
    for el in root.find_all(True):
        if el.decomposed if hasattr(el, "decomposed") else False:
            continue
        attrs = el.attrs or {}
        label = " ".join(attrs.get("class", [])) + " " + str(attrs.get("id", "")) + " " + str(attrs.get("role", ""))
        if label.strip() and (DROP_ATTR.search(label) or attrs.get("role") in ("navigation", "complementary", "contentinfo")):
            el.decompose()


def _blocks(root: Tag) -> list[str]:
    out = []
    for el in root.find_all(BLOCKS):
        if el.find_parent(BLOCKS) is not None and el.name != "p":
            continue
        if el.name == "p" and el.find_parent("p") is not None:
            continue
        if el.name in ("blockquote", "li") and el.find("p"):
            continue  # its paragraphs are read on their own
        text = clean_text(el.get_text())
        if not text:
            continue
        if el.name == "li" and len(text.split()) < 8:
            continue  # link lists, not prose
        out.append(text)
    return out


def parse_html_page(html: str) -> Page:
    """Read one saved HTML page into a Page; missing parts stay empty and are named in `warnings`."""
    page = Page()
    tail = html[-2048:].lower()
    if re.search(r"<html[\s>]", html[:4096], re.IGNORECASE) and "</html>" not in tail and "</body>" not in tail:
        page.warnings.append("the HTML ends before </body></html>: the page looks truncated; what is there was read")
    soup = BeautifulSoup(html, "lxml")
    for br in soup.find_all("br"):
        br.replace_with(" ")
    meta = _meta_tags(soup)
    site = _meta(meta, "og:site_name", "application-name")
    ld = _jsonld_articles(soup, page.warnings)
    art = ld[0] if ld else {}
    h1 = soup.find("h1")
    page.title = clean_text(str(art.get("headline") or art.get("name") or "")) or _strip_site(
        clean_text(_meta(meta, "og:title", "twitter:title", "citation_title")), site) or (clean_text(h1.get_text()) if h1 else "") \
        or _strip_site(clean_text(soup.title.get_text()) if soup.title else "", site)
    page.title = clean_title(page.title, site_names())
    suffix_site = split_title_site(clean_text(soup.title.get_text()) if soup.title else "", site_names())[1]
    page.author = clean_text(_names(art.get("author"))) or _names(_meta(meta, "article:author", "author", "citation_author"))
    published = str(art.get("datePublished") or "") or _meta(meta, "article:published_time", "datePublished",
                                                            "citation_publication_date", "dc.date", "DC.date.issued")
    time_tag = soup.find("time", attrs={"datetime": True})
    if not published and time_tag:
        published = time_tag["datetime"]
    page.published = parse_date(published)
    publisher = art.get("publisher")
    page.outlet = clean_text(_names(publisher)) if publisher else clean_text(site)
    if not page.outlet:
        republished = REPUBLISHED.search(soup.get_text(" "))
        page.outlet = republished.group("outlet").rstrip(".") if republished else ""
    if not page.outlet and suffix_site:  # "<title>... - EurasiaNet.org</title>"
        page.outlet = site_names_map().get(suffix_site, suffix_site)
    canonical = soup.find("link", rel="canonical")
    page.url = (str(art.get("url") or "") or _names(art.get("mainEntityOfPage")) if isinstance(art.get("mainEntityOfPage"), str) else str(art.get("url") or "")) \
        or (canonical.get("href", "") if canonical else "") or _meta(meta, "og:url")
    if isinstance(art.get("mainEntityOfPage"), dict) and not page.url:
        page.url = str(art["mainEntityOfPage"].get("@id") or "")
    page.url = page.url.strip()

    # what the page shows, where the metadata is silent
    byline_el = soup.find(attrs={"class": re.compile(r"byline|author", re.I)}) or soup.find(attrs={"rel": "author"})
    if byline_el is not None and (not page.author or not page.published):
        parsed = split_byline(clean_text(byline_el.get_text(" ")))
        shown = clean_text(byline_el.get_text(" "))
        if parsed:
            page.author = page.author or parsed[0]
            page.published = page.published or parsed[1]
        elif not page.author and 0 < len(shown.split()) <= 6:
            page.author = re.sub(r"^By\s+", "", shown)
    if (not page.author or not page.published) and h1 is not None:
        # a byline the markup does not label ("<div class=submitted>July 14, 2016 - 2:05pm, by Jane Doe</div>"):
        # the short lines just below the headline, read by the same rules as a text dump's header
        for el in h1.find_all_next(["div", "p", "span", "time", "li"], limit=12):
            shown = clean_text(el.get_text(" "))
            fact = header_fact(shown) if 0 < len(shown) <= 160 else None
            if fact:
                page.author = page.author or fact.get("author", "")
                page.published = page.published or fact.get("published", "")
            if page.author and page.published:
                break
    if not page.published and time_tag is None:
        for t in soup.find_all("time"):
            page.published = parse_date(clean_text(t.get_text()))
            if page.published:
                break

    body = _find_body(soup)
    if body is None:
        return page
    _drop_chrome(body)
    for text in _blocks(body):
        if is_end_of_body(text, page.author):
            break
        if text == page.title or is_caption(text):
            continue
        page.paragraphs.append(text)
    return page
