"""Stage 1 (raw -> extracted), quotations: find every quoted passage in an article and who said it, through whom.

For each paragraph: pair the quotation marks (straight or curly, with single quotes inside double ones as
nested quotes), never letting an unclosed mark swallow the rest of the article; split sentences with the
quotations masked; read the attribution next to each quotation ("X said", "said X", "X told Izvestia",
"Writes Izvestia:", "the Belarusian Telegraph Agency reported", "he said", a role such as "South Ossetia's
ambassador to Abkhazia" whose holder is named in apposition elsewhere); and carry speakers across quotations
that continue one another.  A short quoted phrase with no one saying it is a scare-quoted term.

The people an article names (outside quotations) are read into a `People` index: capitalised runs read as names
with their titles stripped ("Deputy Foreign Minister Aram Sargsyan"), roles from titles and appositions, a gender
where the text gives one, and surnames that stand for a full name given earlier.  Pronouns resolve to the nearest
compatible person before them (sentence, paragraph, the paragraph before, then the last speaker); a definite role
noun ("the diplomat") to a person with that role, or an unnamed person introduced with it; "the report" or "the
ministry" to the body named earlier.  A speaker is a person, an organisation, a body or a document: a common noun
alone is recorded as written (`speaker_as_written`) with an empty `speaker`, never as a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from scripts.extract.gazetteer import Matcher, _trie_pattern

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
OPEN_SINGLE = "‘"
CLOSE_SINGLE = "’"
DOUBLE_MARK = re.compile('["“”„«»]')
SINGLE_MARK = re.compile("['‘’]")
CURLY_SINGLE_MARK = re.compile("[‘’]")

FINITE_VERBS = (
    "said says say told tells added adds wrote writes stated states noted notes explained explains emphasized "
    "emphasised emphasizes stressed stresses argued argues insisted insists complained complains claimed claims "
    "warned warns declared declares announced announces asked asks replied replies concluded concludes reported "
    "reports described describes called calls continued recalled observed commented remarked suggested "
    "acknowledged admitted conceded urged predicted promised vowed quipped retorted responded countered echoed "
    "quoted cited reads tweeted posted joked lamented testified recounted conceded shouted chanted pledged "
    "questioned cautioned advised predicted boasted mused demanded asserted wondered scoffed snapped charged contended "
    "maintained chanted exclaimed yelled whispered pleaded begged answered interjected emailed texted blasted slammed "
    "elaborated reiterated confirmed denied agreed accused cried screamed speculated proclaimed railed continues "
    "recalls remembers concedes acknowledges admits jokes predicts recounts insisted observes suggests concluded "
    "responds replies counters asks wonders explains adds notes tweets posts "
    # speech tags of features and profiles ('"...," she laughed', '"...," he offered')
    "offered pressed persisted teased gushed raved deadpanned reasoned theorized surmised opined reflected confided "
    "confessed bragged grumbled fumed thundered roared bellowed hollered murmured muttered stammered sobbed implored "
    "rebutted inquired clarified affirmed assured swore revealed disclosed chided scolded lectured mocked laughed "
    "sighed laughs sighs jokes quips muses argues insists warns admits declares boasts offers read "
    # verbs that put words in the subject's mouth as a name for something ('X branded the plan "a disaster"',
    # 'X dismissed it as "nonsense"')
    "branded labeled labelled dubbed derided hailed characterized characterised dismissed termed touted "
    # a feeling given in the subject's words ('X expressed hope that "..."'; "believes" and "thinks" were tried and
    # dropped: one scare-quoted term on PolNeAR test became a quotation)
    "expressed voiced"
).split()
PARTICIPLES = (
    "saying telling adding writing noting explaining emphasizing emphasising stressing arguing insisting "
    "complaining claiming warning declaring announcing asking describing calling concluding suggesting urging "
    "reporting quoting recalling tweeting chanting demanding asserting wondering pleading shouting yelling answering "
    "replying responding"
).split()
# reported speech without a speech verb of its own: "issued a reminder that ...", "made clear that ..."
SPEECH_PHRASES = ["issued a reminder", "issued a warning", "issued a statement", "made clear", "made it clear", "put it",
                  "shot back", "fired back", "hit back", "pointed out", "chimed in", "weighed in", "went on"]
_SPEECH = FINITE_VERBS + PARTICIPLES + SPEECH_PHRASES + ["according to"]
# the look-ahead for a first letter (ignoring case, as the whole pattern does) skips most positions at once
SPEECH_VERB = re.compile(r"\b(?=[" + "".join(sorted({w[0] for w in _SPEECH})) + r"])(?:" + _trie_pattern(_SPEECH) + r")\b",
                         re.IGNORECASE)
_SAID_AFTER = re.compile(r"^[\s,.;:—–-]*(?:\w+\s+){0,4}?(?:" + _trie_pattern(FINITE_VERBS) + r")\b", re.IGNORECASE)
_SAID_BEFORE = re.compile(r"\b(?:" + _trie_pattern(FINITE_VERBS) + r")\s*:\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]+[\"”’»)]?(?=\s+[\"“«‘(A-ZА-Я])")
_QUOTE_THEN_CAPITAL = re.compile(r'\s+["“«‘A-Z]')
PRONOUNS = {"he": "person", "she": "person", "it": "other", "they": "other"}
# Words that may stand inside a speaker's description besides capitalised names.
ROLE_WORDS = set(
    "president vice prime minister ministers deputy ambassador envoy spokesman spokeswoman spokesperson secretary "
    "general official officials analyst analysts expert experts chief head chairman chair leader commander director "
    "diplomat diplomats embassy ministry representative representatives adviser advisor aide governor mayor "
    "lawmaker lawmakers senator professor researcher journalist editor correspondent observer observers foreign "
    "defense defence military de facto former then acting senior press service office government newspaper agency "
    "daily sources source member members delegation parliament speaker council committee staff department "
    "security interior economy affairs general's host anchor strategist pollster consultant moderator columnist "
    "operative lady first running mate manager state top".split()
)
CONNECTORS = {"of", "to", "in", "for", "the", "a", "an", "at", "on"}
_CONNECTORS_NOT_ARTICLES = CONNECTORS - {"the", "a", "an"}
# "said one Western diplomat", "two officials told": quantities that open a speaker's description
DETERMINERS = {"one", "two", "three", "another", "several", "some", "many", "other", "an", "a", "the"}
LEADING_ADVERBS = {"and", "but", "then", "meanwhile", "however", "also", "later", "earlier", "now", "still", "yet",
                   "so", "last", "this", "that", "here", "there", "as", "while", "when", "instead", "finally"}
PERSON_ROLES = set("""president minister ambassador envoy spokesman spokeswoman spokesperson secretary official analyst expert
chief head chairman chair leader commander director diplomat representative adviser advisor aide governor mayor lawmaker
senator professor researcher journalist editor correspondent observer general colonel major captain admiral officer
colonel lieutenant economist scientist activist candidate nominee deputy congressman congresswoman judge prosecutor
lawyer attorney commentator governor premier king queen prince source billionaire mogul tycoon magnate frontrunner
front-runner hopeful incumbent challenger contender manager strategist pollster consultant moderator host anchor columnist
democrat republican strongman ruler""".split())
# Roles by which news writing names again someone it is about ("the GOP nominee", "the Kazakh businessman")
EPITHETS = set("""nominee candidate billionaire businessman businesswoman mogul tycoon magnate frontrunner front-runner hopeful
incumbent challenger contender democrat republican""".split())
# the role an abbreviated title stands for ("Sen. Tim Kaine ... the senator said")
TITLE_ROLES = {"sen": "senator", "gov": "governor", "rep": "representative", "gen": "general", "col": "colonel",
               "lt": "lieutenant", "adm": "admiral", "maj": "major", "capt": "captain", "prof": "professor",
               "amb": "ambassador", "dr": "doctor", "supt": "superintendent", "pres": "president"}
_AGED = re.compile(r"\d{1,3}-year-old")  # "the 45-year-old said": an epithet
BODY_HEADS = set("""ministry embassy government office committee council agency commission administration department service
staff parliament cabinet court army navy bloc alliance organization organisation union party campaign company institute
center centre foundation mission delegation kremlin""".split())
DOC_WORDS = set("report statement document letter cable memo readout communique declaration resolution study survey paper "
                "decree order filing indictment complaint lawsuit transcript".split())
# Roles that one noun may stand for later ("Jane Doe, a deputy foreign minister ... the diplomat said").
ROLE_KIN = [set(group.split()) for group in (
    "diplomat diplomats ambassador envoy consul foreign minister",
    "general colonel officer commander major captain admiral lieutenant military",
    "official minister deputy spokesman spokeswoman spokesperson secretary head chief director governor mayor",
    "lawmaker lawmakers deputy senator congressman congresswoman representative parliament",
    "analyst expert researcher scientist professor economist",
    "president leader premier prime strongman ruler chancellor king")]
PERSON_NOUNS = set("""widow widower wife husband mother father daughter son sister brother woman man girl boy resident residents
voter voters supporter supporters protester protesters student students veteran veterans worker workers owner member
businessman businesswoman actress actor singer teacher doctor nurse pastor priest imam farmer soldier soldiers""".split())
ROLE_WORDS |= PERSON_ROLES | BODY_HEADS | DOC_WORDS | PERSON_NOUNS
# "a statement from the Trump campaign", "a letter signed by the ministers": a document and who issued it
_DOC_FROM = re.compile(r"(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(?:" + "|".join(sorted(DOC_WORDS)) + r")s?\s+"
                       r"(?:from|by|of|issued\s+by|released\s+by|signed\s+by)\s+(?P<who>.+)", re.IGNORECASE)
DOC_NOUNS = r"cables?|articles?|reports?|stor(?:y|ies)|interviews?|pieces?|editorials?|documents?|memos?|letters?|statements?"
ABBREVIATIONS = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|St|No|Jr|Sr|Prof|Gov|Sen|Rep|Rev|Hon|Adm|Maj|Capt|Cpl|Pvt|Amb|Fr|Msgr|vs|etc|e\.g|i\.e|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)$")


_TITLE_ABBREVIATIONS = {"Rev", "Hon", "Adm", "Maj", "Capt", "Cpl", "Pvt", "Supt", "Insp", "Amb", "Pres", "Gens", "Reps", "Sens"}


@dataclass
class Span:
    """One pair of quotation marks in a paragraph: `open`/`close` are the marks' offsets (close is len(text) when
    the quotation runs on into the next paragraph)."""

    paragraph: int
    open: int
    close: int
    nested_in: int | None = None  # index (in the paragraph's span list) of the enclosing quotation
    continues: bool = False  # the quotation runs on from the previous paragraph
    runs_on: bool = False  # the quotation runs on into the next paragraph
    start: int = 0  # offsets of the quoted words, marks and a trailing comma excluded
    end: int = 0
    kind: str = "quote"
    speaker: str = ""
    speaker_id: str = ""
    speaker_as_written: str = ""
    via: str = ""
    via_id: str = ""
    attribution: str = ""
    quote_id: str = ""
    parent_quote_id: str = ""
    continues_quote_id: str = ""


@dataclass
class Who:
    """A speaker (or intermediary) as read from an attribution."""

    as_written: str
    name: str = ""
    entity_id: str = ""
    kind: str = ""  # person | outlet | pronoun | group


@dataclass
class ArticleQuotes:
    rows: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- pairing quotation marks -------------------------------------------------------------------------------

def _straight_role(text: str, i: int) -> str:
    """Whether a straight quotation mark at i opens, closes, or could do either, judged by its neighbours."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens = (before.isspace() or before in "([{—–-/:") and not after.isspace()
    closes = (after.isspace() or after in ".,;:!?)]}—–-/") and not before.isspace()
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def pair_double_marks(text: str) -> tuple[list[tuple[int, int | None]], list[int]]:
    """Pairs of (open, close) double-quote offsets; close None for a mark left open at the paragraph's end.

    Also returns the offsets of openers that were superseded by a later opener before they were closed:
    an unclosed mark then ends where the next quotation begins instead of pairing with the wrong mark.
    """
    pairs: list[tuple[int, int | None]] = []
    dropped: list[int] = []
    open_at: int | None = None
    for mark in DOUBLE_MARK.finditer(text):
        i, ch = mark.start(), mark.group(0)
        if ch == '"':
            role = _straight_role(text, i)
            if role == "either":
                role = "close" if open_at is not None else "open"
        elif ch in OPEN_DOUBLE and not (ch == "“" and open_at is not None and text[open_at] == "„"):
            role = "open"
        else:
            role = "close"
        if role == "open":
            if open_at is not None:
                dropped.append(open_at)
            open_at = i
        elif open_at is not None:
            pairs.append((open_at, i))
            open_at = None
    if open_at is not None:
        pairs.append((open_at, None))
    return pairs, dropped


def _has_words(text: str, lo: int, hi: int) -> bool:
    """Whether text[lo:hi] holds a letter or a digit: marks around nothing but spaces or punctuation quote nothing."""
    return any(c.isalnum() for c in text[lo:hi])


def pair_single_marks(text: str, lo: int, hi: int, straight: bool) -> list[tuple[int, int]]:
    """Single-quote pairs inside text[lo:hi]; apostrophes (letter'letter, a closing mark with no opener) are skipped."""
    pairs = []
    open_at = None
    for mark in (SINGLE_MARK if straight else CURLY_SINGLE_MARK).finditer(text, lo, hi):
        i, ch = mark.start(), mark.group(0)
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        can_open = ch != CLOSE_SINGLE and (before.isspace() or before in "([{—–-/\"“") and after.isalnum()
        can_close = ch != OPEN_SINGLE and not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-/\"”")
        if open_at is None and can_open:
            open_at = i
        elif open_at is not None and can_close:
            pairs.append((open_at, i))
            open_at = None
    return pairs


# --- sentences ---------------------------------------------------------------------------------------------

def sentence_bounds(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets, ignoring full stops inside quotations except one that ends a quotation
    followed by a capitalised word (`"... obey." Then ...`)."""
    if not _SENTENCE_END.search(text):
        return [(0, len(text))]
    parts, pos = [], 0
    for a, b in sorted(spans):
        if a < pos:
            continue
        b = min(b, len(text))
        parts += [text[pos:a + 1], "x" * max(0, b - a - 1)]
        pos = b
        if b < len(text):
            # '"... obey." Then ...' ends a sentence; '"... is?" Graham asked.' does not
            # nor does '"We will win." Trump told supporters.', a quotation that opens its sentence
            opens_sentence = not text[:a].strip() or text[:a].rstrip()[-1] in ".!?\"”"
            ends = text[b - 1] in ".!?" and _QUOTE_THEN_CAPITAL.match(text, b + 1) and not (
                (text[b - 1] in "!?" or opens_sentence) and _SAID_AFTER.match(text[b + 1:b + 80]))
            parts.append("." if ends else text[b])
            pos = b + 1
    parts.append(text[pos:])
    flat = "".join(parts)
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(flat):
        if ABBREVIATIONS.search(flat[max(start, m.end() - 12):m.end()]):
            continue
        bounds.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    bounds.append((start, len(text)))
    return bounds


# --- reading an attribution --------------------------------------------------------------------------------

TIME_WORDS = set("monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
                 "august september october november december today yesterday".split())


_APOSTROPHE_S = re.compile(r"['’]s$")


_PARTICLES = {"van", "von", "der", "den", "ter", "bin", "ibn", "da", "di", "du", "del", "della", "dos", "das"}


def _np_ok(token: str) -> bool:
    word = token.strip("()")
    if not word or word.lower().rstrip(",.;:") in TIME_WORDS:
        return False
    if word in _PARTICLES:  # "Anna van der Berg"
        return True
    if word[0].isupper() or word[0].isdigit():
        return True
    if word.lower() in DETERMINERS:
        return True
    base = _APOSTROPHE_S.sub("", word.lower())
    return base in ROLE_WORDS or word.lower() in CONNECTORS


def _strip_np(tokens: list[str]) -> list[str]:
    while tokens and (tokens[0].lower() in LEADING_ADVERBS or tokens[0].lower() in _CONNECTORS_NOT_ARTICLES):
        tokens = tokens[1:]
    while tokens and tokens[-1].lower() in CONNECTORS:
        tokens = tokens[:-1]
    return tokens


# adverbs between a subject and its verb: "Pence also said", "Trump then told", "Kaine later wrote"
_VERB_ADVERBS = {"also", "then", "later", "earlier", "now", "still", "again", "too", "once", "first", "further",
                 "repeatedly", "previously", "recently", "often", "always", "never", "even", "just", "only", "simply",
                 "quickly", "finally", "subsequently", "initially", "reportedly", "apparently", "publicly", "privately",
                 "flatly", "bluntly", "openly", "angrily", "jokingly", "sarcastically", "famously", "memorably", "frequently",
                 "long", "consistently", "routinely", "insistently", "herself", "himself"}
# a time, or a medium, between a subject and its verb: "Trumbull on Monday said", "X last week told", "X in a statement
# called", "X on Twitter wrote"
_TIME_NOUNS = ("monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|"
               "september|october|november|december|week|weekend|month|year|night|morning|afternoon|evening|spring|summer|fall|"
               "autumn|winter|today|yesterday|tonight")
_MEDIA_NOUNS = ("statement|interview|tweet|tweets|twitter|facebook|instagram|television|tv|radio|speech|letter|post|video|"
                "call|rally|briefing|conference|hearing|debate|op-ed|memo|email|e-mail|appearance|address|remarks")
_ADJUNCT = re.compile(rf"(?i:\s*,?\s+(?:(?:on|in|at|during|over|by)\s+(?:(?:a|an|the|his|her|their|its|this|that|last|"
                      rf"early|late|mid)\s+)?(?:[\w'’.-]+\s+){{0,2}}?(?:{_TIME_NOUNS}|{_MEDIA_NOUNS}|\d{{4}})|"
                      rf"(?:last|this|earlier|late|early)\s+(?:{_TIME_NOUNS}))),?\s*$")
_ADJUNCT_HEADS = {"on", "in", "at", "during", "over", "by", "last", "this", "earlier", "late", "early"}
# auxiliaries and negation between a subject and its verb: "Trump has said", "Kaine would say", "she did not say"
_AUXILIARIES = {"has", "have", "had", "would", "will", "could", "can", "did", "does", "do", "may", "might", "must", "should",
                "shall", "not", "never", "n't", "didn't", "doesn't", "won't", "wouldn't", "couldn't", "hasn't", "hadn't",
                "didn’t", "doesn’t", "won’t", "wouldn’t", "couldn’t", "hasn’t", "hadn’t", "'s", "’s", "'d", "’d", "'ll", "’ll"}


def np_before(text: str) -> str:
    """The noun phrase that ends `text` (the subject just before a speech verb): names, roles, possessives."""
    # (an adjunct is a few words: only the end is searched, and only when one of its first words is there)
    adjunct = _ADJUNCT.search(text, max(0, len(text) - 80)) \
        if not _ADJUNCT_HEADS.isdisjoint(text[-60:].lower().split()) else None
    if adjunct and adjunct.start() > 0:  # "Trumbull on Monday said", "Trumbull in a statement called": the subject before
        rest = text[: adjunct.start()]
        found = (text[adjunct.start():].lstrip().startswith(",") and appositive_subject(rest + ",")) or np_before(rest)
        if found and (found.lower() in PRONOUNS or any(name_in(m.group(0)) or " " not in m.group(0) for m in NAME_RUN.finditer(found))):
            return found
    tokens = [t.lstrip("([") for t in text.split()]  # "(Trump said, ...": the bracket is not the name's
    tokens = [t for t in tokens if t]
    # "Pence also said", "Trump has said", "Kaine would later say", "he did not say": adverbs and auxiliaries
    while len(tokens) > 1 and (tokens[-1].lower() in _VERB_ADVERBS or tokens[-1].lower() in _AUXILIARIES):
        tokens = tokens[:-1]
    if tokens and tokens[-1].lower().strip(",") in PRONOUNS:
        return tokens[-1].strip(",")
    out: list[str] = []
    for tok in reversed(tokens):
        if tok.endswith((",", ";", ":", "(", ")")) or not _np_ok(tok):
            break
        out.insert(0, tok)
    return " ".join(_strip_np(out))


def np_after(text: str) -> str:
    """The noun phrase that starts `text` (the subject after an inverted verb: `said Antonov`, `Writes Izvestia`)."""
    tokens = text.split()
    if tokens and tokens[0].lower().strip(",.:") in PRONOUNS:
        return tokens[0].strip(",.:")
    out: list[str] = []
    for tok in tokens:
        clean = tok.rstrip(",.:;")
        if not _np_ok(clean):
            break
        if tok.rstrip(",").endswith(".") and _NAME_SUFFIX.fullmatch(tok.rstrip(",")):
            out.append(tok.rstrip(","))  # "said Donald Trumbull Jr., the candidate's son"
            if tok.endswith(","):
                break
            continue
        if tok.endswith(".") and (ABBREVIATIONS.search(tok) or tok[:-1] in _TITLE_ABBREVIATIONS):
            out.append(tok)  # "said Rep. Elijah Cummings", "the Rev. Peter Wherry"
            continue
        out.append(clean)
        if clean != tok:
            break
    return " ".join(_strip_np(out))


def clause_subject(text: str) -> str:
    """For a participle ("..., arguing that"): the subject of the nearest clause before it that has one."""
    clauses = re.split(r"[,;:]\s+", text)
    opening = _strip_np(clauses[0].split()) if clauses else []
    lead0 = []
    for tok in opening:
        if not _np_ok(tok) or tok.lower() in LEADING_ADVERBS:
            break
        lead0.append(tok)
    first = " ".join(_strip_np(lead0))
    run = NAME_RUN.search(first) if first else None
    if run and run.end() == len(first) and len(clauses) > 1 and (
            name_in(run.group(0)) or (" " not in first and re.match(r"(?:a|an|the)\s", clauses[1]))):
        return first  # "Jane Doe, a former chair, poked at ..., tweeting" / "Dean, a former chair, ...": the subject
    for clause in reversed(clauses):
        tokens = _strip_np(clause.split())
        lead: list[str] = []
        for tok in tokens:
            if not _np_ok(tok) or tok.lower() in LEADING_ADVERBS:
                break
            lead.append(tok)
        lead = _strip_np(lead)
        if lead and len(lead) < len(tokens):
            return " ".join(lead)
    return ""


# "Pence's response:", "Her answer:", "the senator's reply:": words introduced as someone's, with a colon
_SAID_NOUN = re.compile(r"(?:^|(?<=[\s(—–-]))(?:(?P<name>(?:[A-ZА-ЯЁ][\w.'’-]*\s+){0,3}[A-ZА-ЯЁ][\w.-]*?)['’]s?|(?P<pronoun>[Hh]is|[Hh]er))"
                        r"\s+(?:[a-z]+\s+)?(?:response|reply|answer|message|verdict|advice|retort|words|comment|explanation|"
                        r"assessment|take|argument|pitch|promise|warning|plea|rebuttal|reaction|riposte)\s*:\s*$")
# "he added", "she continued", "he went on": the pronoun goes on from the last person quoted
_GOES_ON = re.compile(r"^[\s,]*(?:(?:[Hh]e|[Ss]he)\s+(?:also\s+|then\s+|later\s+)?(?:added|adds|continued|continues|went\s+on)\b|"
                      r"(?:added|adds|continued|continues)\s+(?:[Hh]e|[Ss]he)\b)|(?:^|[.!?]\s+)(?:[Hh]e|[Ss]he)\s+(?:also\s+|then\s+|later\s+)?"
                      r"(?:added|continued|went\s+on)\b[^.!?]*$")
_SUBORDINATE = re.compile(r"^[\s,]*(?:when|as|after|because|while|before|since|if|until|though|although|whereas)\b", re.IGNORECASE)
_PARENTHETICAL = re.compile(r"\([^()]{0,60}\)")
_DASH_ASIDE = re.compile(r"\s[—–]\s[^—–\"“”]{1,120}?\s[—–](?=\s)")
_OUTLET_NP = r"(?:the\s+)?(?P<via>(?:[A-Z][\w.&/'’-]*\s+){0,4}?[A-Z][\w.&/'’-]*)"
# "RIA Novosti quoted X as saying", "X was quoted by Interfax as saying", "X was quoted as saying by Y"
WIRE_CHAIN = re.compile(rf"{_OUTLET_NP}(?:\s+(?:news agency|agency|newspaper))?\s+(?:quoted|cited)\s+(?P<who>.+?)\s+as\s+(?:saying|telling|writing)\b")
WIRE_PASSIVE = re.compile(r"^(?P<who>.+?)\s+(?:was|were|is|has been|had been)\s+(?:quoted|cited)\s+(?:as\s+(?:saying|telling \w+)\s+)?"
                          r"by\s+(?:the\s+)?(?P<via>(?:[A-Z][\w.&/'’-]*\s+){0,4}[A-Z][\w&/'’-]*)")
# "X was quoted as saying", with no one named who quoted them
QUOTED_AS = re.compile(r"^(?P<who>.+?)\s+(?:was|were|is|has been|had been)\s+(?:quoted|cited)\s+as\s+(?:saying|telling\s+\w+)\b")
# "In Sadykov's words,", "in the words of one diplomat,": whose words follow
IN_WORDS = re.compile(r"\b[Ii]n\s+(?:the\s+words\s+of\s+(?P<of>[^,;:]{2,80}?)|(?P<own>(?:[A-ZА-ЯЁ][\w.'’-]*\s+){0,3}[A-ZА-ЯЁ][\w.-]*?)['’]s?"
                      r"\s+(?:own\s+)?words)\s*[,:]?\s*$")
DASH_ATTRIBUTION = re.compile(r"^[\s,]*[―—–]\s*(?P<who>[A-ZА-ЯЁ][^,.;:()\d]{1,60}?)\s*(?:[,.;(]|$)")
THATS_ACCORDING = re.compile(r"\s*(?:That|This)(?:['’]s|\s+is|\s+was)\s+according\s+to\s+")


def read_attribution(window: str, before_quote: bool) -> str:
    """The speaker phrase of an attribution window, as written ("" when there is no speech verb)."""
    return read_attribution_via(window, before_quote)[0]


def read_attribution_via(window: str, before_quote: bool) -> tuple[str, str]:
    """(speaker phrase, intermediary phrase) of an attribution window, as written; the intermediary only where a
    wire chain names one ("RIA Novosti quoted X as saying": X via RIA Novosti)."""
    window = _PARENTHETICAL.sub(lambda m: " " * len(m.group(0)), window)  # "Chaffetz (R-Utah) said"
    window = _DASH_ASIDE.sub(lambda m: " " * len(m.group(0)), window)  # "Sadykov — who led the ministry — said"
    if not before_quote:
        dash = DASH_ATTRIBUTION.match(window)  # '"..." ― Jane Doe'
        if dash:
            return dash.group("who").strip(), ""
    wire = "quoted" in window or "cited" in window  # both wire patterns need one of these words
    chain = WIRE_CHAIN.search(window) if wire else None
    if chain:
        return np_after(chain.group("who")) or chain.group("who").strip(), chain.group("via")
    passive = WIRE_PASSIVE.search(window.strip(" ,")) if wire else None
    if passive:
        return np_before(passive.group("who")) or np_after(passive.group("who")), passive.group("via")
    quoted_as = QUOTED_AS.search(window.strip(" ,")) if wire else None
    if quoted_as:
        return np_before(quoted_as.group("who")) or np_after(quoted_as.group("who")), ""
    in_words = IN_WORDS.search(window) if before_quote else None
    if in_words:
        return (in_words.group("own") or np_after(in_words.group("of"))).strip(), ""
    if not before_quote and _SUBORDINATE.match(window):
        return "", ""  # '"We will see," when Petrov pressed him': another clause, another subject
    verbs = list(SPEECH_VERB.finditer(window))
    if not verbs:
        return "", ""
    verb = verbs[-1] if before_quote else verbs[0]
    head, tail = window[: verb.start()], window[verb.end():]
    word = verb.group(0).lower()
    if word == "according to":
        return _with_issuer(np_after(tail.lstrip(" :")), tail.lstrip(" :")), ""
    if not head.strip(" ,.;:—–-\"“”'’") or (before_quote and verb.start() == len(head) and head.rstrip().endswith((".", ":"))):
        after = np_after(tail.lstrip(" :"))  # inverted: `said Antonov`, `Writes Izvestia:`
        if after:
            named_after = re.match(rf"\s*{re.escape(after)}\s*,\s+(?P<name>(?:[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’-]*)\s*(?:[,.;]|$)",
                                   tail.lstrip(" :"))
            if named_after and not NAME_RUN.fullmatch(after) and name_in(named_after.group("name")):
                return named_after.group("name"), ""  # "said one of the organisers, Jane Doe."
            return _with_issuer(after, tail.lstrip(" :")), ""
    if before_quote and re.search(r"\s(?:and|then)\s*$", head) and not np_before(head):
        return clause_subject(re.sub(r"\s(?:and|then)\s*$", "", head)), ""  # "Trump turned to the crowd and said,"
    if re.search(r"\bto\s*$", head) and word in FINITE_VERBS:  # "Kline went on to say that", "took to Twitter to write"
        return clause_subject(head[: re.search(r"\bto\s*$", head).start()]), ""
    if word in PARTICIPLES:
        right_before = np_before(head)  # "footage of Jane Doe asking, ...", "footage of Trump saying"
        if right_before and (NAME_RUN.fullmatch(right_before) or (NAME_RUN.search(right_before) and name_in(NAME_RUN.search(right_before).group(0)))):
            return right_before, ""
        finite = [v for v in verbs if v.group(0).lower() in FINITE_VERBS and v.start() < verb.start()]
        if finite and before_quote:
            found = np_before(window[: finite[-1].start()]) or appositive_subject(window[: finite[-1].start()])
            if not found and not window[: finite[-1].start()].strip(" ,.;:"):
                found = np_after(window[finite[-1].end():].lstrip(" :"))  # "said Jane Doe, a scientist, adding that"
            return found, ""
        return clause_subject(head), ""
    return np_before(head) or appositive_subject(head), ""


_ASIDES = {"however", "meanwhile", "though", "too", "instead", "nonetheless", "nevertheless", "again", "likewise", "similarly",
           "in turn", "for his part", "for her part", "for their part", "in response", "in reply", "separately", "for example",
           "in a statement", "on monday", "on tuesday", "on wednesday", "on thursday", "on friday", "on saturday", "on sunday"}


def _no_new_subject(window: str) -> bool:
    """No speech verb in the window, or one with no subject of its own: ', and added: ', ', before adding, '
    (not ', as the crowd chanted ')."""
    verbs = list(SPEECH_VERB.finditer(window))
    if not verbs:
        return True
    words = re.findall(r"[\w'’]+", window[: verbs[-1].start()].lower())
    return all(w in {"and", "but", "then", "before", "after", "also", "later", "while", "again", "further"} for w in words)


def _with_issuer(phrase: str, text: str) -> str:
    """A document's phrase with who issued it, when the text goes on to say: "a statement" in "a statement from the
    Trump campaign said" -> "a statement from the Trump campaign"."""
    if not phrase or phrase.split()[-1].lower().rstrip("s") not in DOC_WORDS or not text.startswith(phrase):
        return phrase
    rest = re.match(r"\s+(from|by|of|issued\s+by|released\s+by|signed\s+by)\s+", text[len(phrase):])
    issuer = np_after(text[len(phrase) + rest.end():]) if rest else ""
    return f"{phrase}{rest.group(0)}{issuer}" if issuer else phrase


def appositive_subject(head: str) -> str:
    """The subject before a verb when an apposition stands between them: "the chief of staff, Jane Doe, said"
    (the name set off by commas) or "Jane Doe, a retired general who headed ..., told" (the name that opens it)."""
    text = head.rstrip()
    if not text.endswith(","):
        return ""
    parts = [p.strip() for p in text[:-1].split(",")]
    last = parts[-1]
    if NAME_RUN.fullmatch(last) and name_in(last):
        return last
    if len(parts) >= 2:
        opens = parts[0].split()[0].lower() if parts[0].split() else ""
        first = np_before(parts[0]) if parts[0] else ""
        runs = list(NAME_RUN.finditer(first)) if first else []
        if runs and runs[-1].end() == len(first) and name_in(runs[-1].group(0)):  # "Jane Doe, at a later briefing, said"
            return first
        if runs and NAME_RUN.fullmatch(first) and opens not in _PREPOSITIONS and not _SUBORDINATE.match(parts[0]) \
                and parts[1].split() and parts[1].split()[0] in {"in", "at", "on", "during", "after", "before", "asked", "when", "while"}:
            return first  # "Trump, in a statement, said"
        rest = parts[1].split()
        if first and len(parts) == 2 and parts[1].lower() in _ASIDES and NAME_RUN.fullmatch(first) and opens not in _PREPOSITIONS:
            return first  # "Pence, however, insisted"
        if first and rest and rest[0].lower().endswith("ing") and rest[0].islower() and opens not in _PREPOSITIONS \
                and not _SUBORDINATE.match(parts[0]) and NAME_RUN.fullmatch(first):
            return first  # "Trump, speaking at a rally in Florida, described": a participle set off by commas
        if first and rest and (rest[0].lower() in {"a", "an", "the", "who", "which", "now", "until", "formerly", "himself",
                                                   "herself", "his", "her", "whose", "then", "also"}
                               or rest[0].lower().endswith(("'s", "’s")) or rest[0].lower() in ROLE_WORDS
                               or re.fullmatch(r"\d{1,3}|[RDI]-[A-Z][\w.]*", rest[0])):  # "Jane Doe, 25,", "John Roe, R-Ky.,"
            return first
    return ""


# --- people named in an article ----------------------------------------------------------------------------

# Words that stand before a name as its title or role ("Deputy Foreign Minister Aram Sargsyan", "Mr. Obama").
TITLE_WORDS = set("""mr mrs ms miss dr sen rep gov gen col lt sgt maj capt adm prof rev president vice prime minister
secretary general colonel major captain admiral ambassador mayor governor senator representative congressman
congresswoman chairman chairwoman speaker judge justice commander director chief deputy foreign defense defence
interior economy finance spokesman spokeswoman spokesperson economist analyst lawmaker deputy opposition activist rev hon
widow widower
professor researcher journalist editor head leader lieutenant rear chancellor king queen prince sheikh emir pope
candidate nominee former acting then de facto senior press officer official attorney sheriff chair pastor father
political scientist expert executive founder co-founder ceo coach host anchor author writer strategist pollster
consultant moderator columnist lady manager""".split())
_FEMALE = {"mrs", "ms", "miss", "madam", "queen", "spokeswoman", "chairwoman", "congresswoman"}
_MALE = {"mr", "king", "prince", "spokesman", "congressman", "sheikh", "emir", "father"}
# Capitalised words that never belong to a person's name.
NOT_NAME = set("""the a an in on at of for and but or if when while after before as with from by to during since this that
these those it he she they we i you his her their our its my your there here then also however meanwhile yet so thus
still instead indeed moreover today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday january
february march april may june july august september october november december ministry department party union
organization organisation council committee agency university institute times post news street republic states state
kingdom federation assembly parliament congress senate house court army navy force forces bank fund center centre club
group association service office government security affairs sea river region oblast city airport base treaty church
square hall day war cup games embassy commission administration company corporation inc ltd media press radio television
tv agency journal daily weekly review network foundation guard guards police border ministry's north south east west
show springs beach falls heights hills park station stadium hotel hospital school college academy museum
studies relations research development strategic policy programme program initiative project
central eastern western northern southern new great people's national international democratic republican
mount lake valley island islands county district province america europe asia africa""".split())
# The unions the functions below test words against, made once (not once per word).
_ROLE_OR_TITLE = ROLE_WORDS | TITLE_WORDS
_TITLE_OR_THE = TITLE_WORDS | {"the"}
_TITLE_PROPER = TITLE_WORDS - {"de", "facto", "then", "former"}
_NOT_SURNAME = NOT_NAME | TITLE_WORDS | TIME_WORDS
_ROLE_OR_ADVERB = ROLE_WORDS | LEADING_ADVERBS
_NAME_TOKEN = (r"(?:(?:[A-Z]\.){2,3}|[A-ZА-ЯЁ][\w'’-]*\.?|"  # "J.D.", "U.S.", a capitalised word; a particle ("van der Berg")
               r"(?:de|van|von|der|den|ter|bin|ibn|al|la|le|da|di|du|del|della|dos|das)(?=\s+(?:(?:der|den|la|le|del)\s+)?[A-ZА-ЯЁ]))")
NAME_RUN = re.compile(rf"(?=[A-ZА-ЯЁdvbalti])(?<![\w'’-]){_NAME_TOKEN}(?:\s+{_NAME_TOKEN})*")  # look-ahead: a token's first letter (keep d v b a l t i in step with _NAME_TOKEN's particles)
_RUN_BREAK = re.compile(r"(?<=\w\w)\.\s+")


def _name_runs(text: str):
    """The capitalised runs of a text, each cut where a full stop ends a sentence inside it ("on Monday. Mike Pence
    joined": "Monday", "Mike Pence"), not after an abbreviation or an initial ("Sen. Tim Kaine", "Donald J. Trump")."""
    for m in NAME_RUN.finditer(text):
        run = m.group(0)
        if "." not in run:  # no full stop, nothing to cut (most runs)
            yield m
            continue
        start = m.start()
        for brk in _RUN_BREAK.finditer(run):
            if ABBREVIATIONS.search(run[: brk.start() + 1]):
                continue
            piece = NAME_RUN.match(text, start, m.start() + brk.start())
            if piece:
                yield piece
            start = m.start() + brk.end()
        piece = m if start == m.start() else NAME_RUN.match(text, start, m.end())
        if piece:
            yield piece


_POSSESSIVE = re.compile(r"['’]s?$")
# words that open a subordinate clause, whose subject is not the sentence's
_SUBORDINATORS = {"when", "while", "after", "before", "as", "if", "since", "though", "although", "because", "unless",
                  "until", "whereas", "once"}
# capitalised words that open a sentence before a name: "But Dobbs was not convinced", "When Reed spoke"
_OPENING_WORDS = {"but", "and", "or", "so", "yet", "then", "when", "while", "after", "before", "as", "if", "since",
                  "though", "although", "because", "meanwhile", "however", "still", "also", "later", "earlier", "now",
                  "for", "with", "from", "by", "to", "of", "at", "in", "on", "unlike", "like"}
_ENDS_POSSESSIVE = re.compile(r"\w['’]s?$")
_SAYS_NEXT = re.compile(r"\s+(?:said|says|told|tells|added|adds|wrote|writes|noted|notes|argued|argues|explained|asked|insisted|warned)\b")
_ORG_CONTINUES = re.compile(r"[A-Z][\w'’-]*\s+(?:for|of|on|de|du|des)\s+(?:the\s+)?$")


_ROLE_AFTER = re.compile(r",\s+(?:a|an|the|who|now|until|[A-Z]\w+['’]s)\b([^,;.]{0,120})")
_ROLE_BEFORE = re.compile(r"(?:^|[.;]\s+|,\s+)((?:the|a|an)\s+[^,;.]{0,80}),\s+$", re.IGNORECASE)


@dataclass
class Person:
    name: str
    entity_id: str = ""
    gender: str = ""  # m | f | "" (unknown)
    firm: bool = False  # the gender comes from a title or a role ("Mrs.", "spokeswoman"), not from pronouns nearby
    votes: dict = field(default_factory=lambda: {"m": 0, "f": 0})  # pronouns that follow the name, by gender
    read_ahead: bool = False  # the whole article has been read for its gender (see QuoteFinder._gender_in_article)
    roles: set = field(default_factory=set)


@dataclass
class Mention:
    paragraph: int
    start: int
    end: int
    person: Person
    possessive: bool = False
    sentence: int = 0  # where its sentence starts in the paragraph
    subject: bool = False  # the first person its sentence names, not after a preposition: the likely subject


def _role_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]+", text.lower()) if w in _ROLE_OR_TITLE} - {"the", "former", "then", "acting", "senior", "de", "facto"}


# capitalised words with "of" or "for" in them: a title that names an office ("Secretary of State Jane Doe")
_TITLED_OFFICE = re.compile(r"(?:[A-ZА-ЯЁ][\w.'’-]*\s+)+(?:(?:of|for)\s+(?:the\s+)?(?:[A-ZА-ЯЁ][\w.'’-]*\s+)+)+[A-ZА-ЯЁ][\w.'’-]*")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}")  # "J.D. Vance", "Mark A. Milley"
_NAME_SUFFIX = re.compile(r"Jr\.?|Sr\.?|II|III|IV")


@lru_cache(maxsize=65536)
def name_in(phrase: str) -> tuple[str, str, frozenset[str]] | None:
    """(name, gender, title roles) of the person a capitalised run names ("Deputy Foreign Minister Aram Sargsyan",
    "Mr. Obama", "Julie A. Diaz Martinez"), or None when the run is not a person's name."""
    tokens = phrase.split()
    titles: list[str] = []
    owner = max((i for i, tok in enumerate(tokens[:-2]) if _ENDS_POSSESSIVE.search(tok)), default=None)
    if owner is not None:  # "NBC's Lester Holden", "Trump's campaign manager Kelly Conner": the affiliation goes
        tokens = tokens[owner + 1:]
    while tokens and tokens[0].lower().rstrip(".") in _TITLE_OR_THE and tokens[0] not in ("de", "De"):
        titles.append(tokens.pop(0).lower().rstrip("."))
    # "Kazakh President Kassym-Jomart Tokayev": a demonym before the title goes with it
    last_title = max((i for i, tok in enumerate(tokens[:-1]) if tok.lower().rstrip(".") in _TITLE_PROPER),
                     default=None)
    if last_title is not None:
        titles += [t.lower().rstrip(".") for t in tokens[: last_title + 1]]
        tokens = tokens[last_title + 1:]
        if tokens and tokens[0] in ("of", "for"):  # "Secretary of Homeland Security Jane Doe": the office's name goes too
            keep = 3 if len(tokens) >= 4 and _INITIALS.fullmatch(tokens[-2]) else 2
            titles += [t.lower() for t in tokens[:-keep]]
            tokens = tokens[-keep:]
    if tokens:
        tokens[-1] = _POSSESSIVE.sub("", tokens[-1]) if _ENDS_POSSESSIVE.search(tokens[-1]) else tokens[-1]
    suffix = tokens.pop() if len(tokens) >= 3 and _NAME_SUFFIX.fullmatch(tokens[-1].rstrip(",")) else ""  # "Jr.", "III"
    words = [t.lower().rstrip(".") for t in tokens]
    if not tokens or any((w in NOT_NAME or w in ROLE_WORDS) and not re.fullmatch(r"[A-Z]\.|[a-z]+", t) for w, t in zip(words, tokens)) \
            or any(t.isupper() and len(t.rstrip(".")) > 1 and not _INITIALS.fullmatch(t) for t in tokens):
        return None
    if not (2 <= len(tokens) <= 4 or (len(tokens) == 1 and set(titles) - {"the"} and len(tokens[0]) > 2)):
        return None
    if any(t[:1].islower() and t not in _PARTICLES and t not in ("de", "la", "le", "al") for t in tokens):
        return None  # "defense ministry": a name's words are capitalised, but for particles ("Anna van der Berg")
    if len(tokens) >= 2 and len(tokens[-1].rstrip(".")) <= 1:
        return None
    gender = "f" if set(titles) & _FEMALE else "m" if set(titles) & _MALE else ""
    name = " ".join(tokens).rstrip(".,") + (f" {suffix.rstrip(',')}" if suffix else "")
    return name, gender, frozenset(t for t in titles if t not in {"the", "mr", "mrs", "ms", "miss", "dr"})


_FEMALE_ROLES = {"wife", "widow", "mother", "daughter", "sister", "woman", "girl", "actress", "businesswoman", "chairwoman",
                 "congresswoman", "spokeswoman", "queen", "princess", "grandmother", "aunt", "niece", "mrs", "ms", "miss"}
_MALE_ROLES = {"husband", "widower", "father", "son", "brother", "man", "boy", "businessman", "chairman", "congressman",
               "spokesman", "king", "prince", "grandfather", "uncle", "nephew", "mr"}
# A pronoun that can only mean the person just named, in the clause the name opens: a possessive ("Clinton said her
# campaign"), a reflexive ("Trump praised himself").  Not he/she/him, nor "her" as an object: "Trump said she" and
# "Trump attacked her" speak of someone else.
_NEAR_PRONOUN = re.compile(r"^[^.!?;:\"“”]{0,60}?\b(his|himself|her|herself)\b(?:\s+(\w+))?", re.IGNORECASE)
_NOT_AFTER_POSSESSIVE = set("""a an the and or but to of on in at for from by with as if that this than then when while who
    again also too now on off out up down over about because so since after before during into is was are were""".split())


def _gender_evidence(person: "Person", text: str, end: int) -> tuple[str, bool]:
    """What the text says of a person's gender: a gendered role ("widow", "spokeswoman"), a Slavic surname ending
    (-ova/-eva/-skaya: f; -ov/-ev/-sky: m; not -in/-ina, which English surnames share: Palin, Baldwin), or a possessive or reflexive pronoun in the clause the name opens
    ("Clinton said her campaign"), with no other name between them ("Trump attacked Clinton over her emails" says
    nothing of Trump).  (gender, firm): a role or a surname's ending is firm, a pronoun only a vote."""
    if person.roles & _FEMALE_ROLES:
        return "f", True
    if person.roles & _MALE_ROLES:
        return "m", True
    last = person.name.split()[-1].lower()
    if len(person.name.split()) >= 2 and last.endswith(("ova", "eva", "yeva", "skaya")):
        return "f", True
    if len(person.name.split()) >= 2 and last.endswith(("ov", "ev", "yev", "sky", "skiy", "skii")):
        return "m", True
    near = _NEAR_PRONOUN.match(text[end:end + 80])
    if not near or re.search(r"\b[A-ZА-ЯЁ]", near.string[:near.start(1)]):
        return "", False
    if re.fullmatch(r"\s*,\s*", near.string[:near.start(1)]):
        return "", False  # "Jane Doe, his rival,": an apposition's possessive is someone else's
    pronoun, following = near.group(1).lower(), (near.group(2) or "").lower()
    if pronoun == "her" and (not following or following in _NOT_AFTER_POSSESSIVE or following.endswith("ly")):
        return "", False  # "her" as an object, or nothing after it to tell
    return ("f" if pronoun.startswith("her") else "m"), False


# "her husband, ", "the minister's spokesman, ": a role a single name set off by commas belongs to
_KIN_BEFORE = re.compile(r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[A-ZА-ЯЁ][\w'’-]*['’]s)\s+(?:[a-z-]+\s+){0,2}?("
                         + "|".join(sorted(PERSON_NOUNS | PERSON_ROLES, key=len, reverse=True)) + r")\s*,\s*$")
_PREPOSITIONS = set("""with against to by for from about of on at in into than as like between among toward towards over under
    behind after before during and or nor versus vs including unlike besides except""".split())


@lru_cache(maxsize=1)
def _first_names() -> dict[str, str]:
    """First names given to one gender nine times or more as often as to the other, from Faker's United States lists
    (their weights are name frequencies; Faker is MIT-licensed): 'ellen': f, 'mark': m; names given to both, such as
    Jordan or Kelly, are left out."""
    from faker.providers.person.en_US import Provider
    female, male = Provider.first_names_female, Provider.first_names_male
    table = {}
    for name in set(female) | set(male):
        f, m = female.get(name, 0.0), male.get(name, 0.0)
        if f >= 9 * m or m >= 9 * f:
            table[name.lower()] = "f" if f > m else "m"
    return table


def first_name_gender(first: str) -> str:
    """The gender a first name is nearly always given ("" when it is not in the table, or given to both)."""
    return _first_names().get(first.lower().rstrip("."), "")


def by_salience(mentions: list["Mention"]) -> list["Mention"]:
    """Mentions (nearest first) in the order a pronoun most likely refers back to them: paragraph by paragraph from
    the nearest; in each, the sentences' subjects first, nearest first ("Dobbs met voters. Many asked about Reed.
    'Trust me,' he said": Dobbs), then the others, a possessor last ("Sadykov's ministry")."""
    return sorted(mentions, key=lambda m: (-m.paragraph, not m.subject, -m.sentence, m.possessive, -m.start))


_LAST_WORD = re.compile(r"(\w+)\W*$")


class People:
    """Every person an article names outside quotations, in order, with what the text says about them."""

    def __init__(self, matcher: Matcher, entities: dict):
        self.matcher = matcher
        self.entities = entities
        self.mentions: list[Mention] = []
        self.by_surname: dict[str, Person] = {}

    def person(self, name: str) -> Person:
        """The one Person a name refers to: a surname alone is the full name given earlier."""
        key = name.split()[-1].lower()
        known = self.by_surname.get(key)
        if known is not None and (len(name.split()) == 1 or known.name == name or known.name.endswith(" " + name)):
            return known
        if known is not None and len(known.name.split()) >= 2 and name.endswith(" " + known.name):
            return known  # "Socialist Aibek Sadykov": a word before a full name given earlier
        person = Person(name)
        if len(name.split()) >= 2 or key not in self.by_surname:
            self.by_surname[key] = person
        return person

    def gender_of(self, name: str, firm: bool = False) -> str:
        """The gender known of a person named before ("" when unknown or when no one of that name was named); with
        `firm`, only one a title, a role or a surname's ending gives, not pronouns nearby."""
        known = self.by_surname.get(name.split()[-1].lower()) if name.split() else None
        return known.gender if known is not None and known.name == name and (known.firm or not firm) else ""

    def read(self, p: int, outside: str, hits: list[tuple]) -> None:
        """Learn the people named in paragraph p (`outside`: its text with quotations blanked)."""
        taken: list[tuple[int, int]] = []
        first_new = len(self.mentions)
        for s, e, eid, _ in hits:
            ent = self.entities[eid]
            if ent.kind == "person" and outside[s:e].strip():
                person = self.person(ent.name)
                person.entity_id = eid
                self._describe(person, outside, s, e)
                lo = max(0, s - 80)  # "Kazakh President Kassym-Jomart Tokayev": the title before a name the gazetteer knows
                titled = next((m for m in _name_runs(outside[lo:e]) if m.end() == e - lo and m.start() < s - lo), None)
                named = name_in(titled.group(0)) if titled else None
                if named:
                    person.roles |= named[2] | {TITLE_ROLES[t] for t in named[2] if t in TITLE_ROLES}
                self.mentions.append(Mention(p, s, e, person))
                taken.append((s, e))
        for m in _name_runs(outside):
            run = m.group(0)
            run_start, run_end = m.span()
            if taken and any(a < run_end and run_start < b for a, b in taken):
                continue
            one_word = " " not in run
            found = None if one_word else name_in(run)  # one word alone is a name only if known
            surname_like = one_word and run.lower() not in _NOT_SURNAME
            possessive = run[-1] in "'’s" and bool(_ENDS_POSSESSIVE.search(run))  # it can only end so
            if found is None and surname_like \
                    and _SAYS_NEXT.match(outside, run_end) and not possessive \
                    and not any(a <= run_start < b for a, b, _, _ in hits):  # a place or a body the gazetteer knows
                found = (run, "", frozenset())  # "Petrov said": a surname the article gives alone
            if found is None and surname_like and outside[run_end:run_end + 1] == ",":
                kin = _KIN_BEFORE.search(outside, max(0, run_start - 60), run_start)
                if kin:  # "Her husband, Yerlan, drives the bus": a person the text names by one name
                    found = (run, "", frozenset({kin.group(1).lower()}))
            if found and not found[2] and _ORG_CONTINUES.search(outside, max(0, run_start - 40), run_start):
                continue  # "Institute for Strategic Studies": the tail of an organisation's name, not a person
            if not found:
                word = _POSSESSIVE.sub("", run) if possessive else run
                word = word.rstrip(".")  # "a response from Dobbs."
                lead, start = (word.split()[0] if " " in word else ""), run_start
                if lead.lower() in _OPENING_WORDS and word[len(lead):].strip().lower() in self.by_surname:
                    word = word[len(lead):].strip()  # "But Dobbs was not convinced": a surname after an opening word
                    start = run_start + run.index(word, len(lead))
                if " " not in word and word.lower() in self.by_surname:  # "Grigoryan said": named in full earlier
                    self.mentions.append(Mention(p, start, run_end, self.by_surname[word.lower()], possessive))
                continue
            name, gender, titles = found
            start = run_start + run.find(name.split()[0])
            person = self.person(name)
            if gender and not person.firm:
                person.gender, person.firm = gender, True
            person.roles |= titles | {TITLE_ROLES[t] for t in titles if t in TITLE_ROLES}
            self._describe(person, outside, start, run_end)
            self.mentions.append(Mention(p, start, run_end, person, possessive))
        new = sorted(self.mentions[first_new:], key=lambda m: m.start)
        bounds = sentence_bounds(outside, []) if new else []
        seen_sentences: set[int] = set()
        for mention in new:
            mention.sentence = next((a for a, b in reversed(bounds) if a <= mention.start), 0)
            if mention.sentence not in seen_sentences and not mention.possessive:
                word_before = _LAST_WORD.search(outside[mention.sentence:mention.start])
                mention.subject = not (word_before and (word_before.group(1).lower() in _PREPOSITIONS
                                                        or word_before.group(1).lower() in _SUBORDINATORS))  # "While Obama had ..."
                if mention.subject:  # "With the talks stalled over water, Sadykov has ...": Sadykov
                    seen_sentences.add(mention.sentence)
            person = mention.person
            if not person.firm:
                gender, firm = _gender_evidence(person, outside, mention.end)
                if firm:
                    person.gender, person.firm = gender, True
                elif gender:  # a pronoun nearby is a vote: "Sadykov ... his ministry", "Sadykov attacked her record"
                    person.votes[gender] += 1
                    m_votes, f_votes = person.votes["m"], person.votes["f"]
                    person.gender = "m" if m_votes > f_votes else "f" if f_votes > m_votes else ""

    @staticmethod
    def _describe(person: Person, text: str, s: int, e: int) -> None:
        """Roles given in apposition: "Name, a retired general who ...," and "the head of the district, Name,"."""
        after = _ROLE_AFTER.match(text, e)
        if after:
            person.roles |= _role_words(after.group(1).split(" who ")[0] if not after.group(0).startswith(", who") else after.group(1))
        before = _ROLE_BEFORE.search(text[max(0, s - 120):s])
        if before:
            person.roles |= _role_words(before.group(1))

    def before(self, p: int, offset: int, paragraphs_back: int = 0) -> list[Mention]:
        """Mentions before `offset` in paragraph p and in the `paragraphs_back` paragraphs before it, nearest first."""
        found = [m for m in self.mentions if (m.paragraph == p and m.end <= offset) or p - paragraphs_back <= m.paragraph < p]
        return sorted(found, key=lambda m: (m.paragraph, m.start), reverse=True)

    def with_role(self, role: str, p: int, offset: int) -> Person | None:
        for m in self.before(p, offset, paragraphs_back=6):
            if role in m.person.roles:
                return m.person
        return None


class QuoteFinder:
    """Finds and attributes the quotations of one article (a list of paragraph texts)."""

    def __init__(self, matcher: Matcher, house_outlets: tuple[str, ...] = ("Eurasianet", "EurasiaNet", "EurasiaNet.org")):
        self.matcher = matcher
        self.house_outlets = set(house_outlets)  # said to the article's own outlet: no intermediary
        self.entities = matcher.entities
        self._resolved: dict[str, Who] = {}
        self._hits: list[list[tuple]] = []

    def _resolve(self, phrase: str) -> Who:
        if phrase not in self._resolved:
            self._resolved[phrase] = self._resolve_uncached(phrase)
        who = self._resolved[phrase]
        return Who(who.as_written, who.name, who.entity_id, who.kind)

    def _resolve_uncached(self, phrase: str) -> Who:
        if not phrase:
            return Who("")
        if phrase.lower() in PRONOUNS:
            return Who(phrase, kind="pronoun")
        found = self.matcher.find(phrase)
        for kind in ("person", "outlet"):
            hits = [f for f in found if self.entities[f[2]].kind == kind]
            if hits and (kind == "person" or len(phrase) - (hits[-1][1] - hits[-1][0]) < 25):
                e = self.entities[hits[-1][2]]
                return Who(phrase, e.name, e.entity_id, kind)
        run = NAME_RUN.search(phrase)
        named = name_in(run.group(0)) if run and run.end() == len(phrase.rstrip(".,")) else None
        if named is None and (_TITLED_OFFICE.fullmatch(phrase.rstrip(".,")) or all(
                t[:1].isupper() or t.lower() in _ROLE_OR_TITLE for t in phrase.split())):
            named = name_in(phrase.rstrip(","))  # "Former U.S. Secretary of State Jane Doe", "KTK host Arman Bekov"
        if named:  # "Foreign Minister Berdymurat Orazov", "the Rev. Peter Wherry": a person's name with a title
            return Who(phrase, named[0], "", "person")
        name = re.sub(r"^(?:the|The)\s+", "", phrase)
        tokens = name.split()
        # "Ivan Petrov": a name the gazetteer does not know is still a person
        if 2 <= len(tokens) <= 4 and all(t[0].isupper() and t.lower() not in ROLE_WORDS and not t.isupper() for t in tokens):
            return Who(phrase, name, "", "person")
        return Who(phrase, name, "", "group")

    # the patterns of the methods below, compiled once (not looked up in re's cache at every call)
    _OUTLET_NOUN_NAME = re.compile(r"\b(?:newspaper|news agency|agency|daily|weekly|broadcaster|channel|radio|website|magazine|outlet|portal)\s+"
                                   r"(?P<name>[A-Z][\w-]*(?:\.[a-z]{2,4}\b)?(?:\s[A-Z][\w-]*){0,3})")
    _TOLD_NAME = re.compile(r"\b(?:told|according to|as quoted by|quoted by|cited by|in an interview with|speaking to|talking to)\s+"
                            r"(?:the\s+)?(?:[\w-]+\s+)?(?:state\s+|official\s+)?(?P<name>[A-Z][\w&/-]*(?:\.[a-z]{2,4}\b)?(?:[\s-][A-Z][\w.&/-]*){0,2})"
                            r"(?:\s+(?:news agency|agency|newspaper|radio|television|TV|channel|service|website))?")
    _TOLD = re.compile(r"\btold\s+")
    _DOC_NOUN = re.compile(rf"\b({DOC_NOUNS})\b", re.IGNORECASE)
    _DOC_NOUN_AFTER = re.compile(rf"\s+({DOC_NOUNS})\b", re.IGNORECASE)
    _DOC_NOUN_BEFORE = re.compile(rf"\b({DOC_NOUNS})\s+(?:on|from|by|in|published by|released by|of)\s+(?:the\s+)?$", re.IGNORECASE)
    _TOLD_BEFORE = re.compile(r"\btold\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$")

    def _outlet_in(self, window: str, speaker_id: str) -> tuple[str, str]:
        """The intermediary named in an attribution window: a known outlet, or 'the newspaper X'."""
        for _, _, eid, _ in self.matcher.find(window):
            e = self.entities[eid]
            if e.kind == "outlet" and eid != speaker_id and e.name not in self.house_outlets:
                return e.name, eid
        m = self._OUTLET_NOUN_NAME.search(window)
        if m:
            return m.group("name"), ""
        # "told RFE/RL", "told Kazinform", "told the IRNA news agency": a name that is not a person's
        m = self._TOLD_NAME.search(window)
        if m:
            name = m.group("name").rstrip(".")
            if name not in self.house_outlets and not name_in(name) and name.lower() not in self.people.by_surname \
                    and name.split()[0].lower() not in NOT_NAME | TIME_WORDS:
                return name, ""
        return "", ""

    def _surname(self, who: Who, paragraphs: list[str]) -> Who | None:
        """"Japarov said": the full name given earlier in the article ("President Sadyr Japarov")."""
        word = who.as_written
        if " " in word or not word[:1].isupper() or word.isupper() or word.lower() in ROLE_WORDS:
            return None
        pattern = re.compile(rf"\b([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)\s{re.escape(word)}\b")
        for text in paragraphs:
            for m in pattern.finditer(text):
                given = m.group(1).split()[-1]  # "Mayor Zarina Nazarova": Zarina; not "In Nazarova's words"
                if given.lower() not in _ROLE_OR_ADVERB and given.lower() not in NOT_NAME:
                    return Who(word, f"{given} {word}", "", "person")
        return None

    def _appositive(self, role: str, paragraphs: list[str], p: int) -> Who | None:
        """The person who holds a role, named in apposition nearby: "... the ambassador, Oleg Botsiev, told ..."."""
        heads = [w for w in role.lower().split() if w in ROLE_WORDS and w not in {"de", "facto", "former", "then", "acting", "senior", "foreign", "defense", "defence"}]
        if not heads:
            return None
        head = heads[-1]
        order = [p, p + 1, p - 1, p - 2, p - 3]  # nearby only: a holder named pages away is not this one
        for q in order:
            if not 0 <= q < len(paragraphs):
                continue
            text = paragraphs[q]
            for m in re.finditer(rf"\b{re.escape(head)}\b,?\s+", text, re.IGNORECASE):
                after = text[m.end(): m.end() + 60]
                hits = [h for h in self.matcher.find(after) if h[0] == 0]
                if hits and self.entities[hits[0][2]].kind == "person":
                    e = self.entities[hits[0][2]]
                    return Who(role, e.name, e.entity_id, "person")
                name = re.match(r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){1,2}(?=[,.;:]|\s[a-z])", after)
                if name and not hits:  # a name the gazetteer does not know: "The spokeswoman, Maria Zakharova,"
                    return Who(role, name.group(0), "", "person")
        return None

    def find(self, article_id: str, paragraphs: list[str], hits: list[list[tuple]] | None = None) -> ArticleQuotes:
        """Quotes of one article.  `hits`: the gazetteer matches of each paragraph, when the caller has them."""
        self._hits = hits if hits is not None else [self.matcher.find(t) for t in paragraphs]
        out = ArticleQuotes()
        per_par: list[list[Span]] = []
        for p, text in enumerate(paragraphs, start=1):
            pairs, dropped = pair_double_marks(text)
            for d in dropped:
                out.warnings.append(f"paragraph {p}: quotation mark at character {d} is never closed; not read as a quote")
            # marks with nothing to read between them ('""', '“ ”', '"..."') quote nothing: not a quotation
            pairs = [(a, b) for a, b in pairs if _has_words(text, a + 1, b if b is not None else len(text))]
            spans = [Span(p, a, b if b is not None else len(text), runs_on=b is None) for a, b in pairs]
            # curly single quotes at the top level (scare quotes in headline style)
            outside = [(a, b) for a, b in pairs]
            for a, b in pair_single_marks(text, 0, len(text), straight=False):
                if _has_words(text, a + 1, b) and not any(x <= a <= (y if y is not None else len(text)) for x, y in outside):
                    spans.append(Span(p, a, b))
            spans.sort(key=lambda s: s.open)
            for idx in range(len(spans)):
                s = spans[idx]
                if s.nested_in is None:
                    for a, b in pair_single_marks(text, s.open + 1, s.close, straight=True):
                        if _has_words(text, a + 1, b):
                            spans.append(Span(p, a, b, nested_in=idx))
            per_par.append(spans)
        # A quotation left open runs on only when the next paragraph opens with a quotation mark.
        for i, spans in enumerate(per_par):
            for s in list(spans):
                if s.runs_on:
                    nxt = per_par[i + 1] if i + 1 < len(per_par) else []
                    if nxt and nxt[0].open == 0 and nxt[0].nested_in is None:
                        nxt[0].continues = True
                    else:
                        out.warnings.append(
                            f"paragraph {s.paragraph}: quotation mark at character {s.open} is never closed; not read as a quote")
                        spans.remove(s)
                        for n in spans:  # drop quotes nested in it too
                            if n.nested_in is not None and n.nested_in >= len(spans):
                                n.nested_in = None
        self._attribute(article_id, paragraphs, per_par)
        for spans in per_par:
            for s in spans:
                text = paragraphs[s.paragraph - 1]
                out.rows.append({
                    "quote_id": s.quote_id, "article_id": article_id, "paragraph": s.paragraph,
                    "text": text[s.start:s.end], "kind": s.kind, "speaker": s.speaker, "speaker_id": s.speaker_id,
                    "speaker_as_written": s.speaker_as_written, "via": s.via, "via_id": s.via_id,
                    "attribution": s.attribution, "start": s.start, "end": s.end,
                    "parent_quote_id": s.parent_quote_id, "continues_quote_id": s.continues_quote_id,
                })
        return out

    def _attribute(self, article_id: str, paragraphs: list[str], per_par: list[list[Span]]) -> None:
        last_person: Who | None = None
        last_other: Who | None = None
        last_p = 0
        self.people = People(self.matcher, self.entities)
        self._outside: list[str] = []
        # every paragraph with its quotations blanked: what the article's author says, read ahead for a person's gender
        self._article_outside = [_blank_out(text, [(s.open, s.close) for s in spans if s.nested_in is None])
                                 for text, spans in zip(paragraphs, per_par)]
        last_quoted = max((p for p, spans in enumerate(per_par, start=1) if spans), default=0)
        via_memory: dict[str, tuple[str, str]] = {}
        doc_via: dict[str, tuple[str, str]] = {}
        previous_top: Span | None = None
        for p, (text, spans) in enumerate(zip(paragraphs, per_par), start=1):
            top = [s for s in spans if s.nested_in is None]
            quoted = [(s.open, s.close) for s in top]
            bounds = sentence_bounds(text, quoted) if top else []
            outside = _blank_out(text, quoted)
            # gazetteer matches outside quotations: what the author (not a speaker) names
            outside_hits = [h for h in self._hits[p - 1] if not any(a <= h[0] <= b for a, b in quoted)]
            self._learn_intermediaries(outside, outside_hits, via_memory, doc_via)
            self._outside.append(outside)
            if p <= last_quoted:  # names after the last quotation attribute nothing
                self.people.read(p, outside, outside_hits)
            counter = 0
            ordered = sorted(spans, key=lambda s: s.open)
            for s in ordered:
                counter += 1
                s.quote_id = f"{article_id}-p{p}-q{counter}"
            for k, s in enumerate(top):
                s.start, s.end = _inner(text, s.open, s.close, s.runs_on)
                sent = next((b for b in bounds if b[0] <= s.open < b[1]), (0, len(text)))
                # the quotation before this one in its sentence; a title or term quoted in between is part of the
                # attribution ('said Sunday on ABC's "This Week" that the story was "nonsense"'), blanked out
                earlier = [t for t in top[:k] if t.close >= sent[0]]
                prev = next((t for t in reversed(earlier) if t.kind != "term"), None)
                nxt = top[k + 1] if k + 1 < len(top) and top[k + 1].open < sent[1] else None
                pre_from = (prev.close + 1) if prev else sent[0]
                pre = _blank_out(text[:s.open], [(t.open, t.close) for t in earlier if t.kind == "term" and t.open >= pre_from])[pre_from:]
                post = text[min(s.close + 1, len(text)): nxt.open if nxt else sent[1]]
                phrase_pre, via_pre = read_attribution_via(pre, before_quote=True)
                phrase_post, via_post = read_attribution_via(post, before_quote=False)
                who_pre, who_post = self._resolve(phrase_pre), self._resolve(phrase_post)
                chosen, how = self._choose(who_pre, who_post)
                chain_via = via_post if chosen is who_post or chosen.as_written == who_post.as_written else via_pre
                if not chosen.as_written and nxt is None:
                    # '"..." That's according to CSTO Secretary General Jane Doe.'
                    after = THATS_ACCORDING.match(text, sent[1]) if sent[1] < len(text) else None
                    if after:
                        chosen, how = self._resolve(np_after(text[after.end():])), "explicit"
                if not chosen.as_written and k == 0 and not s.continues and not text[: s.open].strip() and p > 1 \
                        and paragraphs[p - 2].rstrip().endswith(":"):
                    # a paragraph that is a quotation, introduced by the one before: 'He said:'
                    intro = paragraphs[p - 2].rstrip()
                    intro = intro[max(intro.rfind(". "), intro.rfind('" '), intro.rfind("” ")) + 1:]
                    phrase, chain_via = read_attribution_via(intro, before_quote=True)
                    chosen, how = self._resolve(phrase), "introduced by the paragraph before"
                    if chosen.kind == "pronoun":
                        ref = self._pronoun(chosen, p - 1, len(paragraphs[p - 2]), last_person, last_other)
                        chosen = Who(chosen.as_written, ref.name, ref.entity_id, ref.kind) if ref else chosen
                if chosen.kind == "pronoun" and last_person is not None and p - last_p <= 2 and PRONOUNS[chosen.as_written.lower()] == "person" \
                        and (_GOES_ON.match(post) or _GOES_ON.search(pre)) \
                        and self.people.gender_of(last_person.name) in ("", "f" if chosen.as_written.lower() == "she" else "m"):
                    # '"...," he added': adding to, or going on from, the words of the last person quoted
                    chosen, how = Who(chosen.as_written, last_person.name, last_person.entity_id, "person"), "pronoun"
                elif chosen.kind == "pronoun":
                    ref = self._pronoun(chosen, p, s.open, last_person, last_other, sent[0])
                    if ref:
                        chosen = Who(chosen.as_written, ref.name, ref.entity_id, ref.kind)
                        how = "pronoun"
                    else:
                        how = "pronoun with no one named before"
                elif chosen.kind == "group":
                    person = self._surname(chosen, paragraphs[:p]) or self._appositive(chosen.as_written, paragraphs, p - 1)
                    if person:
                        chosen, how = person, "surname of a name given earlier" if person.as_written == chosen.as_written and \
                            " " not in chosen.as_written else "role named in apposition"
                    elif not chosen.entity_id:
                        chosen, how = self._describe_speaker(chosen, p, s.open, last_person, last_p)
                elif chosen.kind == "person" and not chosen.entity_id:
                    named = name_in(chosen.name)  # "Mr. King" -> King, "Rev. Peter Wherry" -> Peter Wherry
                    person = self.people.person(named[0] if named else chosen.name)
                    chosen = Who(chosen.as_written, person.name, person.entity_id, "person")
                # in the same sentence after an attributed quotation, no new subject: the same speaker ('..." and
                # added: "...', '..., before adding, "...')
                if not chosen.as_written and prev is not None and prev.attribution and _no_new_subject(pre):
                    chosen = Who(prev.speaker_as_written, prev.speaker, prev.speaker_id, "inherit")
                    how, s.via, s.via_id = "same sentence", prev.via, prev.via_id
                elif not chosen.as_written and s.continues and previous_top is not None:
                    chosen = Who("", previous_top.speaker, previous_top.speaker_id, "inherit")
                    how, s.via, s.via_id = "continued from the previous paragraph", previous_top.via, previous_top.via_id
                if not chosen.as_written and not s.continues and pre.rstrip().endswith((":", "—", "–")):
                    # 'Obama is rolling out a new message: "..."': the person the sentence opens with
                    subject = next((m for m in self.people.mentions
                                    if m.paragraph == p and sent[0] <= m.start < s.open and m.subject), None)
                    if subject is None:  # 'The message from Trump:', 'Trump's reaction on Twitter:': the one person named
                        named = {m.person.name: m for m in self.people.mentions if m.paragraph == p and sent[0] <= m.start < s.open}
                        subject = next(iter(named.values())) if len(named) == 1 else None
                    if subject is not None:
                        chosen, how = self._as_who("", subject.person), "subject of the sentence"
                said_noun = _SAID_NOUN.search(pre) if not chosen.as_written and not s.continues else None
                if said_noun:  # "Pence's response:", "Her answer:": the one whose words they are
                    owner = said_noun.group("name") or said_noun.group("pronoun")
                    if said_noun.group("pronoun"):
                        pronoun = Who("she" if owner.lower() == "her" else "he", kind="pronoun")
                        ref = self._pronoun(pronoun, p, s.open, last_person, last_other, sent[0])
                        chosen = Who(owner, ref.name, ref.entity_id, ref.kind) if ref else chosen
                    else:
                        chosen = self._resolve(owner)
                        if chosen.kind == "group":
                            chosen, _ = self._describe_speaker(chosen, p, s.open, last_person, last_p)
                    how = "possessor of the words" if chosen.name else how
                if not chosen.as_written and k == 0 and len(top) == 1 and not text[: s.open].strip() \
                        and not text[s.close + 1:].strip() and previous_top is not None and previous_top.paragraph == p - 1 \
                        and previous_top.speaker and not s.continues and _ends_with_quote(paragraphs[p - 2], previous_top):
                    # a paragraph that is one quotation, after a quoted speaker: the same speaker goes on
                    chosen = Who("", previous_top.speaker, previous_top.speaker_id, "inherit")
                    how, s.via, s.via_id = "continued from the previous paragraph", previous_top.via, previous_top.via_id
                words = len(text[s.start:s.end].split())
                # a speech verb right against the marks ('"...," said one diplomat') makes it a quote, speaker found or not
                said = bool(_SAID_AFTER.match(post) or _SAID_BEFORE.search(pre))
                quoted = text[s.start:s.end]
                is_term = not s.continues and not said and (
                    (not chosen.as_written and words <= 5 and not re.search(r"[.!?;:]", quoted))
                    or _title_of_a_work(quoted) or bool(re.search(r"https?://|pic\.twitter\.com|www\.", quoted)))
                if not chosen.as_written and not is_term and previous_top is not None and previous_top.paragraph == p \
                        and previous_top.speaker and _no_new_subject(pre) and _no_new_subject(post):
                    chosen = Who("", previous_top.speaker, previous_top.speaker_id, "inherit")
                    how, s.via, s.via_id = "continues the previous quote", previous_top.via, previous_top.via_id
                if not chosen.as_written and not chosen.name and not is_term and not s.continues and not pre.strip(" ,;:") \
                        and not post.strip(" ,.;:!?") and sent[0] > 0:
                    # 'Clinton hit back on Monday. "He is unfit."': a sentence that is all quotation, after a sentence
                    # whose subject is a person and which quotes no one
                    before = [m for m in self.people.mentions if m.paragraph == p and m.subject and m.start < sent[0]]
                    subject = max(before, key=lambda m: m.start, default=None)
                    if subject is not None and not any(subject.start < t.open < sent[0] for t in top) \
                            and subject.start >= max((a for a, b in bounds if a < sent[0]), default=0):
                        chosen, how = self._as_who("", subject.person), "subject of the sentence before"
                if not chosen.as_written and not chosen.name and not is_term and not s.continues:
                    # 'Sadykov attacked "the old habits of a ministry that never changes"': no verb of saying, but a
                    # person is the sentence's subject before the quotation
                    subject = next((m for m in self.people.mentions if m.paragraph == p and sent[0] <= m.start < s.open
                                    and m.subject and not m.possessive), None)
                    if subject is not None and not any(sent[0] <= t.open < s.open for t in top if t is not s):
                        chosen, how = self._as_who("", subject.person), "subject of the sentence"
                if is_term:
                    s.kind = "term"
                    continue
                s.speaker, s.speaker_id, s.attribution = chosen.name, chosen.entity_id, how
                if how not in ("same sentence", "continued from the previous paragraph", "continues the previous quote"):
                    s.speaker_as_written = chosen.as_written
                if chain_via and not s.via and chosen.as_written:
                    via = self._resolve(chain_via)
                    s.via, s.via_id = (via.name or chain_via), via.entity_id
                if not s.via and how not in ("same sentence", "continued from the previous paragraph", "continues the previous quote"):
                    s.via, s.via_id = self._via(pre, post, outside, [h for h in outside_hits if h[1] <= s.open], chosen, via_memory, doc_via,
                                                s.open)
                if chosen.entity_id and self.entities[chosen.entity_id].kind == "outlet":
                    s.via, s.via_id = "", ""
                if s.via:
                    via_memory[s.speaker_id or s.speaker] = (s.via, s.via_id)
                if chosen.kind == "person" or (chosen.entity_id and self.entities[chosen.entity_id].kind == "person"):
                    last_person, last_p = Who(chosen.as_written, s.speaker, s.speaker_id, "person"), p
                elif s.speaker:
                    last_other = Who(chosen.as_written, s.speaker, s.speaker_id, "group")
                if s.continues and previous_top is not None:
                    s.continues_quote_id = previous_top.quote_id
                previous_top = s
            self._attribute_forward(text, [t for t in top if t.kind != "term"])
            self._nested(text, spans, top)
        self._share_chains(per_par)

    @staticmethod
    def _attribute_forward(text: str, quotes: list[Span]) -> None:
        """'"We are done." "It is over," she said.': a quotation with no attribution of its own, followed at once by
        another that has one, is that speaker's (rather than the speaker of a quotation before it)."""
        for k in range(len(quotes) - 2, -1, -1):
            this, nxt = quotes[k], quotes[k + 1]
            if this.attribution not in ("", "continues the previous quote") or this.continues or this.runs_on \
                    or text[this.close + 1: nxt.open].strip() or not nxt.speaker \
                    or nxt.attribution in ("", "continues the previous quote", "same sentence"):
                continue
            this.speaker, this.speaker_id, this.speaker_as_written = nxt.speaker, nxt.speaker_id, ""
            this.via, this.via_id, this.attribution = nxt.via, nxt.via_id, "the quotation after it"

    def _choose(self, pre: Who, post: Who) -> tuple[Who, str]:
        if post.kind in ("person", "group"):
            return post, "explicit"
        if post.kind == "pronoun" and pre.kind == "person":
            return Who(post.as_written, pre.name, pre.entity_id, "person"), "pronoun"
        if post.kind == "outlet" and pre.kind in ("person", "group", "pronoun"):
            return pre, "explicit"
        if post.as_written:
            return post, "explicit"
        if pre.as_written:
            return pre, "explicit"
        return Who(""), ""

    def _pronoun(self, who: Who, p: int, offset: int, last_person: Who | None, last_other: Who | None,
                 sentence_start: int = 0) -> Who | None:
        """He/she: the person named last before the pronoun in its sentence, then in its paragraph (outside
        quotations), then in the paragraph before, else the last person quoted, else the person named last in the
        two paragraphs before; a gender the text gives must agree."""
        pronoun = who.as_written.lower()
        if PRONOUNS[pronoun] != "person":
            return last_other or last_person
        gender = "f" if pronoun == "she" else "m"

        def fits(person: Person) -> bool:
            if not person.gender and not person.firm and not person.read_ahead:
                self._gender_in_article(person)
            return person.gender in ("", gender)

        def best(ordered: list[Mention]) -> Mention | None:
            # (preferring, in a sentence, a person known to agree over one of unknown gender was measured and lost:
            # PolNeAR dev 0.959 -> 0.949, the pronoun votes being too few to lean on)
            return next((m for m in ordered if fits(m.person)), None)

        mentions = self.people.before(p, offset)
        # in its own sentence, a person after a preposition is seldom the one speaking ('Asked about Carver, "...,"
        # he said'): the sentences before come first
        before = [m for m in self.people.before(p, 0, paragraphs_back=1) if not m.possessive]
        found = best([m for m in mentions if m.start >= sentence_start and m.subject]) \
            or best(by_salience([m for m in mentions if m.start < sentence_start])) \
            or best(by_salience([m for m in before if m.subject]))  # the subjects of the paragraph before
        if found is not None:  # (a possessor, "Sadykov's ministry", is seldom the next sentence's subject)
            return self._as_who(who.as_written, found.person, gender)
        # then the last person quoted, before someone the paragraph before names only as an object ("The crowd cheered
        # for Pence." is not where "he said" looks first), then the rest of the pronoun's own sentence
        if last_person is not None and last_person.kind == "person" and fits(self.people.person(last_person.name)):
            return last_person
        found = best(by_salience(before)) or best([m for m in mentions if m.start >= sentence_start])
        if found is not None:
            return self._as_who(who.as_written, found.person, gender)
        for m in self.people.before(p, offset, paragraphs_back=2):
            if fits(m.person):
                return self._as_who(who.as_written, m.person, gender)
        # the last speaker, unless the text gives them the other gender ("he" is not Gulnara Seitova)
        return last_person if last_person is not None and self.people.gender_of(last_person.name, firm=True) in ("", gender) else None

    def _gender_in_article(self, person: Person) -> None:
        """A person of unknown gender, met by a pronoun: the possessives and reflexives after their name anywhere in
        the article outside quotations, the paragraphs after this one included, decide by a margin of two ("Sadykov ... his
        ministry" three times, "Sadykov attacked her record" once: m).  The surname alone counts only while no one
        else of that surname is named."""
        person.read_ahead = True
        if len(person.name.split()) < 2:
            return
        surname = person.name.split()[-1]
        others = any(m.person is not person and m.person.name.split()[-1] == surname for m in self.people.mentions)
        name = re.compile(rf"(?<![\w'’-]){re.escape(person.name if others else surname)}(?![\w-])")
        votes = {"m": 0, "f": 0}
        for text in self._article_outside:
            if surname not in text:
                continue
            for m in name.finditer(text):
                gender, _ = _gender_evidence(Person(person.name), text, m.end())
                if gender:
                    votes[gender] += 1
        if abs(votes["m"] - votes["f"]) >= 2:
            person.gender = "m" if votes["m"] > votes["f"] else "f"
            return
        given = first_name_gender(person.name.split()[0])
        if given and not votes["f" if given == "m" else "m"]:  # no pronoun against it: "Ellen Carver ... she"
            person.gender = given

    @staticmethod
    def _as_who(as_written: str, person: Person, gender: str = "") -> Who:
        return Who(as_written, person.name, person.entity_id, "person")

    def _describe_speaker(self, chosen: Who, p: int, offset: int, last_person: Who | None, last_p: int) -> tuple[Who, str]:
        """A speaker phrase that is not a known name: a person's name ("Mr. King"), a role of someone named earlier
        ("the diplomat", "the colonel"), a body or document ("the ministry's statement", "the report"), an
        unnamed source described ("a source in the Ministry of Defense"); a common noun alone is no speaker."""
        phrase = chosen.as_written
        bare = _POSSESSIVE.sub("", phrase) if re.search(r"\w['’]s?$", phrase) else phrase
        if " " not in bare and bare.lower() in self.people.by_surname:  # "Orazov said": the full name given earlier
            person = self.people.by_surname[bare.lower()]
            return Who(phrase, person.name, person.entity_id, "person"), "surname of a name given earlier"
        for m in NAME_RUN.finditer(phrase):
            found = name_in(m.group(0))
            if found:
                person = self.people.person(found[0])
                return Who(phrase, person.name, person.entity_id, "person"), "explicit"
        words = [w.lower().strip(",.") for w in re.sub(r"['’]s\b", "", phrase).split()]
        # "the diplomat", "Russia's top diplomat": a definite description
        definite = bool(words) and words[0] in ("the", "this", "that") or (len(words) == 1) \
            or bool(re.match(r"[A-ZА-ЯЁ][\w.-]*['’]s\s", phrase))
        heads = [w for w in words if w in PERSON_ROLES or w in PERSON_NOUNS or _AGED.fullmatch(w)]
        if heads and definite:
            person = self.people.with_role(heads[-1], p, offset)
            if person is not None:
                return Who(phrase, person.name, person.entity_id, "person"), "role of someone named earlier"
            unnamed = self._unnamed(heads[-1], p, offset)
            if unnamed:  # "a Russian diplomat in Minsk ... the diplomat said": the same unnamed person
                return Who(phrase, unnamed, "", "group"), "role of someone described earlier"
            kin = next((group for group in ROLE_KIN if heads[-1] in group), set())
            described = next((m.person for m in self.people.before(p, offset, paragraphs_back=1) if m.person.roles & kin), None)
            if described is not None:  # "Jane Doe, a deputy foreign minister, ... the diplomat said"
                return Who(phrase, described.name, described.entity_id, "person"), "role of someone named earlier"
            gender = "f" if heads[-1] in _FEMALE_ROLES else "m" if heads[-1] in _MALE_ROLES else ""
            if last_person is not None and p - last_p <= 2 and last_person.name \
                    and (not gender or self.people.gender_of(last_person.name) in ("", gender)):
                return Who(phrase, last_person.name, last_person.entity_id, "person"), "role of the last speaker"
            if heads[-1] in EPITHETS or _AGED.fullmatch(heads[-1]):  # "the Kazakh businessman", "the GOP nominee", "the 45-year-old": the person the text is about
                subject = next((m for m in by_salience(self.people.before(p, offset, paragraphs_back=2))
                                if m.subject and (not gender or m.person.gender in ("", gender))), None)
                if subject is not None:
                    return Who(phrase, subject.person.name, subject.person.entity_id, "person"), "role of the subject before"
        from_whom = _DOC_FROM.fullmatch(phrase)
        if from_whom:  # "a statement from the Trump campaign", "a letter signed by Jane Doe": who issued it
            issuer = self._resolve(from_whom.group("who"))
            if issuer.kind == "person" or issuer.entity_id:
                return Who(phrase, issuer.name, issuer.entity_id, issuer.kind), "body or document named here"
            who = re.sub(r"^(?:the|a|an)\s+|['’]s$", "", from_whom.group("who").strip(), flags=re.IGNORECASE)
            if re.match(r"[A-ZА-ЯЁ]", who):
                return Who(phrase, who, "", "group"), "body or document named here"
        named_here = re.sub(r"^(?:the|a|an|one)\s+", "", phrase, flags=re.IGNORECASE)
        doc_of = re.fullmatch(rf"(?P<org>(?:[A-ZА-ЯЁ][\w.&'’-]*\s+)*[A-ZА-ЯЁ][\w.&-]*(?:\s+(?i:{'|'.join(sorted(BODY_HEADS))}))?)(?:['’]s)?\s+"
                              rf"(?i:{'|'.join(sorted(DOC_WORDS))})s?", named_here)
        if doc_of:  # "the IMF report", "a U.S. embassy statement": the body that wrote it
            return Who(phrase, doc_of.group("org"), "", "group"), "body or document named earlier"
        body = "" if re.search(r"[A-ZА-ЯЁ]", named_here) else self._body(phrase, p, offset)
        if body:
            return Who(phrase, body, "", "group"), "body or document named earlier"
        if any(w[:1].isupper() for w in phrase.split()[1:]) or (phrase[:1].isupper() and words and words[0] not in DETERMINERS):
            described = re.sub(r"^(?:the|a|an|one|another|some|two|three|several)\s+", "", phrase, flags=re.IGNORECASE)
            return Who(phrase, described, "", "group"), "explicit"
        return Who(phrase, "", "", "group"), "no speaker named"

    def _unnamed(self, head: str, p: int, offset: int) -> str:
        """An unnamed person introduced with the same noun just before: "A Russian diplomat in Minsk"."""
        for q in range(p, max(p - 2, 0), -1):
            text = self._outside[q - 1][:offset] if q == p else self._outside[q - 1]
            found = list(re.finditer(rf"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+((?:[\w'’-]+\s+){{0,4}}?{head}(?:\s+(?:in|at|of|from|with)\s+(?:the\s+)?"
                                     rf"[A-Z][\w'’-]*(?:\s+(?:(?:of|for|and)\s+)?[A-Z][\w'’-]*)*)?)\b", text))
            if found:
                return found[-1].group(1)
        return ""

    def _body(self, phrase: str, p: int, offset: int) -> str:
        """The organisation or document a phrase such as "the ministry", "the report", "a statement from the
        ministry" stands for, as named earlier ("The Kyrgyz Foreign Ministry", "a report ... by the Institute")."""
        words = [w.lower() for w in re.findall(r"[\w-]+", phrase)]
        heads = [w for w in words if w in BODY_HEADS]
        docs = [w for w in words if _singular(w) in DOC_WORDS]
        texts = [(q, self._outside[q - 1][: offset] if q == p else self._outside[q - 1]) for q in range(p, max(p - 6, 0), -1)]
        for head in reversed(heads):
            for _, text in texts:
                hits = list(re.finditer(rf"((?:[A-Z][\w'’.-]*\s+|(?i:foreign|defen[cs]e|interior|state|justice|economy|"
                                        rf"finance|emergency|border|press)\s+)+)(?i:{head})\b", text))
                hits = [h for h in hits if h.group(1).strip()[:1].isupper() or re.search(r"[A-Z]", h.group(1))]
                if hits:
                    return re.sub(r"^(?:The|the|A|a)\s+", "", hits[-1].group(0).strip())
        for doc in docs:
            for _, text in texts:
                m = None
                for m in re.finditer(rf"\b(?i:{doc})s?\b[^.;]{{0,80}}?\b(?:by|from|of)\s+(?:the\s+)?(?:[\w-]+-based\s+)?"
                                     rf"(?P<org>[A-Z][\w'’-]*(?:\s+(?:for|of|on|and|[A-Z][\w'’-]*))*)", text):
                    pass
                if m:
                    return re.sub(r"(?:\s+(?:for|of|on|and))+$", "", m.group("org"))
        return ""

    def _via(self, pre: str, post: str, outside: str, before_hits: list[tuple], who: Who, via_memory: dict,
             doc_via: dict, offset: int = 0) -> tuple[str, str]:
        for window in (post, pre):
            found = self._outlet_in(window, who.entity_id)
            if found[0]:
                return found
        # "Colonel Jane Doe told Kazinform that ... "...," she said": the outlet she told, earlier in the paragraph
        surname = (who.name or "").split()[-1:] or [""]
        for told in reversed(list(self._TOLD.finditer(outside[:offset]))):
            subject = outside[max(0, told.start() - 160): told.start()]
            subject = subject[max(subject.rfind(". "), subject.rfind("; ")) + 1:]
            if who.as_written.lower() in PRONOUNS or who.as_written.lower().startswith("the ") or (surname[0] and surname[0] in subject):
                found = self._outlet_in(outside[told.start(): told.end() + 60], who.entity_id)
                if found[0]:
                    return found
            break
        key = who.entity_id or who.name
        if key in via_memory:
            return via_memory[key]
        m = None
        for m in self._DOC_NOUN.finditer(pre + " " + post):
            noun = _singular(m.group(1).lower())
            if noun in doc_via:
                return doc_via[noun]
        # a document from an outlet introduced earlier in the same paragraph ("Wikileaks cables offer ...")
        local: dict[str, tuple[str, str]] = {}
        self._learn_intermediaries(outside, before_hits, {}, local)
        if local:
            return list(local.values())[-1]
        return "", ""

    def _learn_intermediaries(self, outside: str, hits: list[tuple], via_memory: dict, doc_via: dict) -> None:
        """Remember who spoke to which outlet ("Botsiev told Izvestia") and which documents came from where
        ("Wikileaks cables", "the Izvestia article"), from the text outside quotations (`hits`: its matches)."""
        for s, e, eid, _ in hits:
            ent = self.entities[eid]
            if ent.kind != "outlet":
                continue
            after = outside[e: e + 40]
            before = outside[max(0, s - 60): s]
            m = self._DOC_NOUN_AFTER.match(after) or self._DOC_NOUN_BEFORE.search(before)
            if m:
                doc_via[_singular(m.group(1).lower())] = (ent.name, eid)
            told = self._TOLD_BEFORE.search(before)
            if told:
                speaker = self._resolve(np_before(outside[: s][: told.start()]))
                if speaker.kind == "group":
                    speaker = self._appositive(speaker.as_written, [outside], 0) or speaker
                key = speaker.entity_id or speaker.name
                if key:
                    via_memory[key] = (ent.name, eid)

    def _nested(self, text: str, spans: list[Span], top: list[Span]) -> None:
        ordered_all = sorted(spans, key=lambda s: s.open)
        top_all = [s for s in ordered_all if s.nested_in is None]
        for s in spans:
            if s.nested_in is None:
                continue
            parent = top_all[s.nested_in] if s.nested_in < len(top_all) else None
            if parent is None:
                continue
            s.kind = "nested"
            s.parent_quote_id = parent.quote_id
            s.start, s.end = _inner(text, s.open, s.close, False)
            post = text[s.close + 1: parent.end]
            post = re.split(r"(?<=[.!?])\s", post)[0]
            who = self._resolve(read_attribution(post, before_quote=False))
            if who.as_written and who.kind != "pronoun":
                s.speaker, s.speaker_id, s.speaker_as_written, s.attribution = who.name, who.entity_id, who.as_written, "explicit"
            else:
                s.speaker, s.speaker_id, s.attribution = parent.speaker, parent.speaker_id, "inside the enclosing quote"
            if parent.speaker_id and self.entities[parent.speaker_id].kind == "outlet":
                s.via, s.via_id = parent.speaker, parent.speaker_id
            else:
                s.via, s.via_id = parent.via, parent.via_id

    def _share_chains(self, per_par: list[list[Span]]) -> None:
        """A quotation over several paragraphs: every part gets the attribution found on the last one."""
        by_id = {s.quote_id: s for spans in per_par for s in spans}
        for spans in reversed(per_par):
            for s in spans:
                if s.continues_quote_id and s.speaker:
                    prev = by_id[s.continues_quote_id]
                    if not prev.speaker or prev.attribution.startswith("continue"):
                        prev.speaker, prev.speaker_id, prev.via, prev.via_id = s.speaker, s.speaker_id, s.via, s.via_id
                        prev.speaker_as_written, prev.attribution = s.speaker_as_written, "quote runs on into the next paragraph"
                        prev.kind = "quote"


_SMALL_WORDS = {"of", "the", "a", "an", "and", "or", "with", "in", "on", "for", "to", "at", "by", "from", "is", "it"}


def _title_of_a_work(quoted: str) -> bool:
    """'Face the Nation', 'The Steve Harvey Morning Show': a name in title case, not words someone said."""
    words = re.findall(r"[\w'’-]+", quoted)
    if not 2 <= len(words) <= 6:
        return False
    return words[0][:1].isupper() and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS for w in words) \
        and sum(w[:1].isupper() for w in words) >= 2 and not re.search(r"[!?]|[.;:]\s", quoted)


def _ends_with_quote(text: str, span: "Span") -> bool:
    """The paragraph's last sentence holds its last quotation: nothing but an attribution follows it."""
    tail = text[span.close + 1:]
    if re.search(r"[.!?][\"”’»]?\s+[\"“«]?[A-ZА-ЯЁ]", tail):
        return False
    return not (text[span.close - 1:span.close] in ".!?" and re.match(r"\s*[A-ZА-ЯЁ]", tail) and not _SAID_AFTER.match(tail))


def _blank_out(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with every quotation (marks included) replaced by spaces, offsets unchanged."""
    parts, pos = [], 0
    for a, b in sorted(spans):
        b = min(b, len(text) - 1)
        if a < pos:
            continue
        parts += [text[pos:a], " " * (b - a + 1)]
        pos = b + 1
    parts.append(text[pos:])
    return "".join(parts)


def _singular(noun: str) -> str:
    return "story" if noun == "stories" else noun[:-1] if noun.endswith("s") else noun


def _inner(text: str, open_at: int, close_at: int, runs_on: bool) -> tuple[int, int]:
    """Offsets of the quoted words: inside the marks, without surrounding spaces or the comma before `he said`."""
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or (text[end - 1] == "," and not runs_on)):
        end -= 1
    return start, end
