"""Scoring extracted rows against truth: lenient quote matching, fair speaker matching, page facts.

Quote text (the PolNeAR rule, used for every corpus): Unicode NFKC, curly and straight marks alike, white space
collapsed, case folded, surrounding punctuation stripped; a found quote matches a true one when the two texts are
equal, or one contains the other and the shorter is at least 80% of the longer.  Matching is one to one within
an article, in text order.

Speakers: a found speaker is right when, normalised (case, accents, punctuation, a leading "the", titles such as
"President" or "Sen." dropped), it equals the true name, or its last word equals the true name's last word (the
surname: "Bordyuzha" for "Nikolay Bordyuzha", a transliteration of the given name aside), or one holds the other
whole, two words at least, the longer adding at most three words ("U.S. embassy in Moscow" / "U.S. embassy").  An empty truth (the text does not say who spoke) is matched only by an empty
found speaker.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'"})
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
TITLES = set("""mr mrs ms dr sen senator rep representative gov governor president prime minister gen general col
colonel lt sgt secretary vice deputy foreign defense defence chairman ambassador spokesman spokeswoman judge justice
former then de facto acting candidate nominee sir lord lady king queen prince chief press mayor speaker leader
professor prof rev pope adm admiral minister's""".split())


def norm_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_MARKS)
    text = " ".join(text.split()).casefold()
    return _EDGE.sub("", text)


def text_match(found: str, truth: str) -> bool:
    a, b = norm_text(found), norm_text(truth)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return short in long_ and len(short) >= 0.8 * len(long_)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()


def name_tokens(name: str) -> list[str]:
    """Words of a name, folded, with titles, a leading article and possessive marks dropped."""
    words = re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", _fold(name).replace("’", "'"))
    words = [re.sub(r"'s$", "", w) for w in words]
    while len(words) > 1 and words[0] in TITLES | {"the", "a", "an"}:  # the last word stays: "King" may be a surname
        words = words[1:]
    return words


def speaker_match(found: str, truth: str) -> bool:
    """Whether a found speaker names the true one (see the module's doc for the rule)."""
    if not truth:
        return not found
    f, t = name_tokens(found), name_tokens(truth)
    if not f or not t:
        return False
    if f == t:
        return True
    if f[-1] == t[-1]:  # the surname (or an organisation's last word) agrees
        return True
    joined_f, joined_t = f" {' '.join(f)} ", f" {' '.join(t)} "
    # "U.S. embassy in Moscow" / "embassy in Moscow", "the Institute for Border Studies report" / "Institute for
    # Border Studies": one holds the other whole, two words at least
    # (a found name holding the true one may add a word or three, "report", "in Moscow", but not a clause)
    return (len(f) >= 2 and joined_f in joined_t) or (len(t) >= 2 and joined_t in joined_f and len(f) - len(t) <= 3)


def speaker_right(found: str, t: dict) -> tuple[bool, str]:
    """(right?, the true named speaker or "") for one matched quote.

    PolNeAR gives `speaker` (the annotated span) and `speaker_named` (a name, or null when the span names no one);
    the project's own truth gives `speaker` (the name), optional `alt` (other right ways to name the same speaker)
    and `named: false` for an unnamed source ("a source in the ministry").  Where no name is given, a found speaker
    is right when it is empty or made only of words of the span (it says no more than the text does)."""
    if t.get("exact"):  # the seeds: the pinned rows, to the letter
        return found == (t.get("speaker") or ""), t.get("speaker") or ""
    if "speaker_named" in t:
        named, span = t.get("speaker_named") or "", t.get("speaker") or ""
    elif t.get("named", True):
        named, span = t.get("speaker") or "", ""
    else:
        named, span = "", t.get("speaker") or ""
    if named:
        return any(speaker_match(found, n) for n in [named, *t.get("alt", [])]), named
    got = name_tokens(found)
    words = name_tokens(span)
    return (not got or (bool(words) and all(w in words for w in got))), ""


def title_match(found: str, truth: str) -> bool:
    return norm_text(re.sub(r"\s*\|\s*EurasiaNet(?:\.org)?\s*$", "", found or "", flags=re.I)) == norm_text(truth)


def author_match(found: str, truth: str) -> bool:
    """Same people: the set of surnames of the comma/and-separated names agrees."""
    def surnames(text: str) -> set[str]:
        parts = re.split(r",|\band\b|&|;", text or "")
        return {name_tokens(p)[-1] for p in parts if name_tokens(p)}
    return surnames(found) == surnames(truth)


@dataclass
class Tally:
    """Counts for one corpus."""

    articles: int = 0
    lost: list[str] = field(default_factory=list)
    truth_quotes: int = 0
    found_quotes: int = 0  # found rows scored for precision (partial-quote matches left out)
    nested_left_out: int = 0  # quotations inside quotations, where the corpus does not annotate them
    nested_extras: int = 0  # of those, how many match no true quotation (they would count against precision)
    matched: int = 0
    extras: int = 0
    speaker_right: int = 0
    named_total: int = 0
    named_right: int = 0
    via_total: int = 0
    via_right: int = 0
    facts: dict = field(default_factory=lambda: {k: [0, 0] for k in ("title", "author", "date")})
    per_article: list[dict] = field(default_factory=list)

    def figures(self) -> dict:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None
        out = {
            "articles": self.articles, "lost": len(self.lost), "lost_files": self.lost,
            "truth_quotes": self.truth_quotes, "found_quotes": self.found_quotes, "matched": self.matched,
            "recall": ratio(self.matched, self.truth_quotes),
            "precision": ratio(self.found_quotes - self.extras, self.found_quotes),
            "nested_left_out": self.nested_left_out,
            "precision_with_nested": ratio(self.found_quotes - self.extras + self.nested_left_out - self.nested_extras,
                                           self.found_quotes + self.nested_left_out),
            "speaker_accuracy": ratio(self.speaker_right, self.matched),
            "named_speaker_accuracy": ratio(self.named_right, self.named_total),
            "via_accuracy": ratio(self.via_right, self.via_total),
        }
        for key, (right, total) in self.facts.items():
            out[f"{key}_accuracy"] = ratio(right, total)
            out[f"{key}_checked"] = total
        return out


def match_quotes(found: list[dict], truth: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """One-to-one pairs (found row, true quote) in text order; then the true quotes missed and found rows unmatched."""
    used: set[int] = set()
    pairs, missed = [], []
    for t in truth:
        hit = next((i for i, f in enumerate(found) if i not in used and text_match(f["text"], t["text"])), None)
        if hit is None:
            missed.append(t)
        else:
            used.add(hit)
            pairs.append((found[hit], t))
    return pairs, missed, [f for i, f in enumerate(found) if i not in used]


def score_article(tally: Tally, name: str, truth: dict, article: dict | None, rows: list[dict], nested: bool = True) -> None:
    """Add one article's figures to `tally`.  `truth`: {quotes, partial_quotes, title, author, date};
    `article`: its articles.csv row (None when the file was lost); `rows`: its quotes.csv rows.  `nested`: whether
    the corpus annotates quotations inside quotations; where it does not (PolNeAR: "single quotes are never treated
    as quotation marks"), those rows are left out of the scoring and counted apart."""
    tally.articles += 1
    quotes = truth.get("quotes", [])
    tally.truth_quotes += len(quotes)
    if article is None:
        tally.lost.append(name)
        tally.per_article.append({"file": name, "lost": True, "misses": [q["text"] for q in quotes], "extras": []})
        return
    found = [r for r in rows if r.get("kind") != "term"]
    if not nested:
        inner = [r for r in found if r.get("parent_quote_id")]
        found = [r for r in found if not r.get("parent_quote_id")]
        tally.nested_left_out += len(inner)
        partial = truth.get("partial_quotes", [])
        tally.nested_extras += sum(1 for r in inner if not any(text_match(r["text"], t["text"]) for t in [*quotes, *partial]))
    pairs, missed, unmatched = match_quotes(found, quotes)
    partial = truth.get("partial_quotes", [])
    extras = [r for r in unmatched if not any(text_match(r["text"], p["text"]) for p in partial)]
    excused = len(unmatched) - len(extras)
    tally.found_quotes += len(found) - excused
    tally.extras += len(extras)
    tally.matched += len(pairs)
    wrong = []
    for row, t in pairs:
        ok, true_speaker = speaker_right(row.get("speaker", ""), t)
        tally.speaker_right += ok
        if true_speaker:
            tally.named_total += 1
            tally.named_right += ok
        if "via" in t:
            tally.via_total += 1
            tally.via_right += speaker_match(row.get("via", ""), t.get("via") or "")
        if not ok:
            wrong.append({"text": t["text"][:60], "truth": true_speaker or t.get("speaker") or "",
                          "found": row.get("speaker", ""), "as_written": row.get("speaker_as_written", "")})
    for key, col in (("title", "title"), ("author", "author"), ("date", "published")):
        if truth.get(key):
            check = {"title": title_match, "author": author_match}.get(key, lambda a, b: (a or "") == b)
            tally.facts[key][1] += 1
            tally.facts[key][0] += bool(check(article.get(col, ""), truth[key]))
    tally.per_article.append({
        "file": name, "title": [article.get("title", ""), truth.get("title", "")],
        "misses": [q["text"][:80] for q in missed], "extras": [r["text"][:80] for r in extras],
        "wrong_speakers": wrong,
    })
