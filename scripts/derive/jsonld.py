"""Derived exports (data/tables/ -> quotes.jsonld, claimreviews.jsonld): the quotes and verdicts as schema.org JSON-LD.

Written by `scripts.derive.verdicts` next to the CSV tables, so other fact-checkers and search engines can reuse the
dossier's quotes (schema.org Quotation) and checks (schema.org ClaimReview) without reading our CSVs.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from urllib.parse import quote as urlquote

import pandas as pd

from scripts.atomic import write_text

CONTEXT = "https://schema.org"
PUBLISHER = {"@type": "Organization", "name": "Post-Soviet security blocs: an executable dossier"}
# Text fragments (#:~:text=) make a link land on the quoted words in browsers that support them; a few
# words are enough and keep the address short.
FRAGMENT_WORDS = 8


def text_fragment(url: str, text: str) -> str:
    """The article address with a text fragment pointing at the first words of `text`."""
    words = " ".join(text.split()[:FRAGMENT_WORDS])
    # "-" and "," carry meaning in fragment syntax (prefix-, -suffix, start,end), so they are escaped too.
    encoded = urlquote(words, safe="").replace("-", "%2D")
    return f"{url}#:~:text={encoded}" if url and words else url


def article_node(article: pd.Series) -> dict:
    """The article as a schema.org NewsArticle (a CreativeWork) identified by its URL."""
    node = {"@type": "NewsArticle", "@id": article["url"] or f"urn:dossier:article:{article['article_id']}",
            "url": article["url"], "headline": article["title"], "identifier": article["article_id"]}
    if article.get("published"):
        node["datePublished"] = article["published"]
    if article.get("author"):
        node["author"] = {"@type": "Person", "name": article["author"]}
    if article.get("outlet"):
        node["publisher"] = {"@type": "Organization", "name": article["outlet"]}
    return node


def person(name: str, entity_id: str) -> dict:
    node = {"@type": "Person", "name": name}
    if entity_id:
        node["identifier"] = entity_id
    return node


def quotations(quotes: Iterable[dict], articles: pd.DataFrame) -> Iterator[dict]:
    """One Quotation per quotes row: its text, who said it, the article it is part of and the paragraph.

    `quotes` is any iterable of row dicts (a csv.DictReader streams a 10,000-article corpus in little memory).
    """
    by_id = {row["article_id"]: row for row in articles.to_dict("records")}
    for q in quotes:
        article = by_id[q["article_id"]]
        node = {
            "@type": "Quotation",
            "@id": f"{article['url'] or 'urn:dossier'}#quote-{q['quote_id']}",
            "identifier": q["quote_id"],
            "text": q["text"],
            "genre": q["kind"],
            "isPartOf": article_node(article),
            "position": int(q["paragraph"]),
            "url": text_fragment(article["url"], q["text"]),
        }
        if q.get("speaker"):
            node["spokenByCharacter"] = person(q["speaker"], q.get("speaker_id", ""))
        if article.get("author"):
            node["creator"] = {"@type": "Person", "name": article["author"]}
        yield node


def claim_reviews(verdicts: list[dict[str, str]], claims: pd.DataFrame, articles: pd.DataFrame, reviewed_on: str) -> list[dict]:
    """One ClaimReview per verdict: the claim's words, its appearance in the article and the verdict as rating."""
    by_article = {row["article_id"]: row for row in articles.to_dict("records")}
    by_claim = {row["claim_id"]: row for row in claims.to_dict("records")}
    nodes = []
    for v in verdicts:
        claim, article = by_claim[v["claim_id"]], by_article[v["article_id"]]
        appearance = article_node(article)
        nodes.append({
            "@type": "ClaimReview",
            "@id": f"urn:dossier:claimreview:{v['claim_id']}",
            "identifier": v["claim_id"],
            "claimReviewed": claim["evidence"],
            "datePublished": reviewed_on,
            "author": PUBLISHER,
            "itemReviewed": {
                "@type": "Claim",
                "appearance": {**appearance, "url": text_fragment(article["url"], claim["evidence"])},
                "datePublished": article.get("published", ""),
                "temporalCoverage": coverage(v["as_of"], claim.get("as_of_precision", "")),
                "position": int(v["paragraph"]),
            },
            "reviewRating": {
                "@type": "Rating",
                "alternateName": v["verdict"],
                "ratingExplanation": v["explanation"],
                "description": v["record"],
            },
            "citation": [s for s in v["sources"].split("|") if s],
        })
    return nodes


def coverage(as_of: str, precision: str) -> str:
    """The time a claim speaks of as ISO 8601, no more precise than it is known: "2023", "2024-07", "2014-04-21/P7D",
    "../2025-03-03" (on or before), "2014-04-24"."""
    if not as_of:
        return ""
    return {"year": as_of[:4], "month": as_of[:7], "week": f"{as_of}/P7D", "by": f"../{as_of}"}.get(precision, as_of)


def found_claim_reviews(found: list[dict[str, str]], articles: pd.DataFrame, reviewed_on: str) -> list[dict]:
    """One ClaimReview per claim found by rule that no coded claim covers, said to be found by rule, not reviewed
    (schema.org has no field for that: `reviewAspect` names it, and the rating's description repeats it)."""
    by_article = {row["article_id"]: row for row in articles.to_dict("records")}
    nodes = []
    for f in found:
        if f["matched_claim_id"]:
            continue
        article = by_article[f["article_id"]]
        nodes.append({
            "@type": "ClaimReview",
            "@id": f"urn:dossier:found-claim:{f['found_id']}",
            "identifier": f["found_id"],
            "claimReviewed": f["evidence"],
            "datePublished": reviewed_on,
            "author": PUBLISHER,
            "reviewAspect": f["review"],
            "itemReviewed": {
                "@type": "Claim",
                "appearance": {**article_node(article), "url": text_fragment(article["url"], f["evidence"])},
                "datePublished": article.get("published", ""),
                "temporalCoverage": coverage(f["as_of"], f["as_of_precision"]),
                "position": int(f["paragraph"]),
            },
            "reviewRating": {
                "@type": "Rating",
                "alternateName": f["verdict"],
                "ratingExplanation": f["explanation"],
                "description": f"{f['review']}. {f['record']}".strip(),
            },
            "citation": [s for s in f["sources"].split("|") if s],
        })
    return nodes


def write(path, nodes: Iterable[dict]) -> None:
    """Stream a JSON-LD document (same layout as dumps) into `path` atomically, one node at a time."""
    def chunks() -> Iterator[str]:
        yield f'{{"@context": "{CONTEXT}", "@graph": ['
        for i, node in enumerate(nodes):
            yield (",\n" if i else "\n") + json.dumps(node, ensure_ascii=False)
        yield "\n]}\n"

    write_text(path, chunks())


def dumps(nodes: list[dict]) -> str:
    """A JSON-LD document: one @graph under the schema.org context, one node per line for clean diffs.

    (json's `indent` forces its pure-Python encoder, ten times slower on a large corpus.)
    """
    lines = ",\n".join(json.dumps(node, ensure_ascii=False) for node in nodes)
    return f'{{"@context": "{CONTEXT}", "@graph": [\n{lines}\n]}}\n' if nodes else f'{{"@context": "{CONTEXT}", "@graph": []}}\n'
