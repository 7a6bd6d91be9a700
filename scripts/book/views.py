"""The chapters' tables and sentences shaped from the data: memberships on a date, what changed, relations the
articles and the record assert, quotes as a table, source texts with their quotes marked."""
from __future__ import annotations

from datetime import date

import pandas as pd

from scripts.book.data import as_int, citation, licence_of, rows_in, today
from scripts.reference.dates import shown
from scripts.derive.found import REVIEW_FOUND
from scripts.book.myst import (article_label, code, container, link, list_table, md_escape, paragraph_label,
                               paragraph_ref, quote_ref, sources_cell, target, verdict_badge, highlight)
from scripts.reference.vocab import CHANGE_PHRASES, STATUSES, VERDICTS


def membership_periods(memberships: pd.DataFrame, until: date | None = None) -> pd.DataFrame:
    """One row per state per status period with real dates; an open end runs to `until` (today)."""
    until = until or today()
    frame = memberships.copy()
    frame["start_date"] = pd.to_datetime(frame["start"], errors="coerce")
    frame["end_date"] = pd.to_datetime(frame["end"].replace("", pd.NA), errors="coerce")
    frame["open"] = frame["end_date"].isna()
    frame["end_date"] = frame["end_date"].fillna(pd.Timestamp(until))
    return frame.dropna(subset=["start_date"])


def status_on(memberships: pd.DataFrame, on: date | str) -> pd.DataFrame:
    """bloc_id, state_id, status of every membership period that includes the day `on` (start <= on < end)."""
    day = pd.Timestamp(on)
    periods = membership_periods(memberships, until=max(today(), day.date()) + pd.Timedelta(days=1))
    live = periods[(periods["start_date"] <= day) & ((periods["end_date"] > day) | periods["open"])]
    return live[["bloc_id", "state_id", "status"]].reset_index(drop=True)


def members_on(memberships: pd.DataFrame, bloc_id: str, on: date | str,
               statuses: tuple[str, ...] = ("founding member", "member")) -> list[str]:
    live = status_on(memberships, on)
    return sorted(live[(live["bloc_id"] == bloc_id) & live["status"].isin(statuses)]["state_id"])


def _bloc_order(blocs: pd.DataFrame, memberships: pd.DataFrame) -> list[str]:
    used = set(memberships["bloc_id"])
    return [b for b in blocs["bloc_id"] if b in used]


def _state_order(memberships: pd.DataFrame, label: dict[str, str]) -> list[str]:
    return sorted(set(memberships["state_id"]), key=lambda s: label.get(s, s))


def status_matrix(memberships: pd.DataFrame, blocs: pd.DataFrame, label: dict[str, str],
                  on: date | str) -> pd.DataFrame:
    """States (rows) x blocs (columns) -> status on the day `on` ('' when none)."""
    live = status_on(memberships, on)
    order = _bloc_order(blocs, memberships)
    states = _state_order(memberships, label)
    grid = live.pivot_table(index="state_id", columns="bloc_id", values="status", aggfunc="first")
    return grid.reindex(index=states, columns=order).fillna("")


def _matrix_rows(grids: dict[str, pd.DataFrame]) -> pd.DataFrame:
    rows = []
    for day, grid in grids.items():
        for state, row in grid.iterrows():
            for bloc, status in row.items():
                if status:
                    rows.append({"date": day, "state_id": state, "bloc_id": bloc, "status": status})
    return pd.DataFrame(rows, columns=["date", "state_id", "bloc_id", "status"])


def _count_phrase(grid: pd.DataFrame) -> str:
    counts = pd.Series(grid.values.ravel()).replace("", pd.NA).dropna().value_counts()
    return ", ".join(f"{n} {s}" for s, n in counts.items()) or "no memberships"


def slider_dates(memberships: pd.DataFrame, article_dates: list[str]) -> list[str]:
    """1 January of every year since the first membership, the articles' dates, and today."""
    first = pd.to_datetime(memberships["start"], errors="coerce").min()
    years = [f"{y}-01-01" for y in range(max(first.year, 1991) + 1, today().year + 1)]
    days = sorted(set(years) | {str(pd.Timestamp(d).date()) for d in article_dates} | {str(today())})
    return days


def landscape_changes(memberships: pd.DataFrame, blocs: pd.DataFrame, label: dict[str, str],
                      then: str, now: str) -> pd.DataFrame:
    """Per bloc: members (and other statuses) on `then` and on `now`, and who joined or left in between."""
    rows = []
    a, b = status_on(memberships, then), status_on(memberships, now)
    for bloc in _bloc_order(blocs, memberships):
        def fmt(live: pd.DataFrame) -> dict[str, str]:
            part = live[live["bloc_id"] == bloc]
            return dict(zip(part["state_id"], part["status"]))
        before, after = fmt(a), fmt(b)
        if not before and not after:
            continue
        changed = sorted(s for s in set(before) | set(after) if before.get(s) != after.get(s))
        rows.append({
            "bloc_id": bloc,
            "then": before, "now": after,
            "changes": [(s, before.get(s, ""), after.get(s, "")) for s in changed],
        })
    return pd.DataFrame(rows)


def describe_statuses(statuses: dict[str, str], label: dict[str, str]) -> str:
    """'Armenia, Belarus (members); Uzbekistan (suspended)'."""
    if not statuses:
        return "—"
    groups: dict[str, list[str]] = {}
    for state, status in statuses.items():
        groups.setdefault(status, []).append(label.get(state, state))
    ordered = [s for s in STATUSES if s in groups] + sorted(set(groups) - set(STATUSES))
    return "; ".join(f"{', '.join(sorted(groups[s]))} ({s})" for s in ordered)


def source_texts(articles: pd.DataFrame, paragraphs: pd.DataFrame, quotes: pd.DataFrame) -> str:
    """Every article's body with numbered, anchored paragraphs (`src-<article_id>-p<N>`) and quotes marked."""
    quotes = as_int(quotes, "paragraph", "start", "end")
    paragraphs = as_int(paragraphs, "paragraph")
    parts = []
    for a in articles.sort_values(["published", "article_id"]).itertuples():
        lines = [target(article_label(a.article_id)), f"## {md_escape(a.title or 'Untitled')}", "",
                 f"{md_escape(a.author or 'Unknown author')}, " + (f"*{md_escape(a.outlet)}*, " if a.outlet.strip() else "")
                 + f"{md_escape(a.published or 'undated')}. " + (link(a.url) + ". " if a.url else "")
                 + f"Saved copy: {code('seeds/' + a.source_file)} (SHA-256 {code(a.sha256)}). "
                 f"{md_escape(a.paragraph_count)} paragraphs, {md_escape(a.word_count)} words, "
                 f"{md_escape(a.quote_count)} quotations.", ""]
        for p in paragraphs[paragraphs["article_id"] == a.article_id].sort_values("paragraph").itertuples():
            spans = [{"start": int(q.start), "end": int(q.end), "kind": q.kind, "quote_id": q.quote_id,
                      "title": (f"{q.kind}: " + (q.speaker or "unattributed")
                                + (f", via {q.via}" if q.via else "")) if q.kind != "term" else "term in quotation marks"}
                     for q in quotes[(quotes["article_id"] == a.article_id) & (quotes["paragraph"] == p.paragraph)].itertuples()]
            lines += [target(paragraph_label(a.article_id, p.paragraph)),
                      f'<span class="para-number">¶{p.paragraph}</span> ' + highlight(p.text, spans), ""]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def quote_rows(quotes: pd.DataFrame, articles: pd.DataFrame, label: dict[str, str]) -> list[list[str]]:
    published = dict(zip(articles["article_id"], articles["published"]))
    rows = []
    for q in quotes.itertuples():
        speaker = label.get(q.speaker_id, q.speaker) if q.speaker_id else q.speaker
        via = label.get(q.via_id, q.via) if q.via_id else q.via
        rows.append([quote_ref(q.article_id, q.paragraph, q.text),
                     md_escape(speaker or ("—" if q.kind == "term" else "unattributed")),
                     md_escape(q.speaker_as_written or "—"), md_escape(via or "—"), md_escape(q.kind),
                     md_escape(published.get(q.article_id) or q.article_id) + " " + paragraph_ref(q.article_id, q.paragraph)])
    return rows


QUOTE_HEADER = ["Quote (links to its paragraph)", "Speaker", "Named in the article as", "Via", "Kind", "Article, ¶"]


def quote_tables(quotes: pd.DataFrame, articles: pd.DataFrame, label: dict[str, str]) -> str:
    """The quotes table twice: searchable and paged on screen, complete in print."""
    rows = quote_rows(quotes, articles, label)
    widths = "40 13 17 11 7 12"
    screen = list_table(QUOTE_HEADER, rows, classes="dossier-table searchable", widths=widths)
    printed = list_table(QUOTE_HEADER, rows, classes="dossier-table", widths=widths)
    return container("dossier-quotes screen-only", screen) + "\n\n" + container("dossier-quotes print-only", printed)


def _split(cell: str) -> list[str]:
    return [part for part in str(cell).split("|") if part]


def relations(claims: pd.DataFrame, events: pd.DataFrame, verdicts: pd.DataFrame, label: dict[str, str]) -> pd.DataFrame:
    """Edges between blocs, states and people: one per subject/object pair of a coded claim whose ends are both
    known entities, and one per actor/target pair of a record event that has a target."""
    verdict_of = dict(zip(verdicts["claim_id"], verdicts["verdict"])) if len(verdicts) else {}
    rows = []
    for c in claims.itertuples():
        for s in _split(c.subject):
            for o in _split(c.object):
                if s in label and o in label:
                    rows.append({"source": s, "target": o, "relation": c.predicate, "origin": "the articles' claims",
                                 "evidence": c.evidence, "date": c.as_of, "article_id": c.article_id,
                                 "paragraph": c.paragraph, "ref_id": c.claim_id, "verdict": verdict_of.get(c.claim_id, ""),
                                 "source_ids": "", "shown": shown(c.as_of, c.as_of_precision)})
    for e in events.itertuples():
        targets = _split(e.target)
        actors = [e.bloc_id] if e.bloc_id else [a for a in _split(e.actors) if a in label]
        for s in actors:
            for o in targets:
                if s in label and o in label and s != o:
                    rows.append({"source": s, "target": o, "relation": e.kind, "origin": "the record's events",
                                 "evidence": e.title, "date": e.date, "article_id": e.article_id,
                                 "paragraph": _split(e.paragraphs)[0] if e.paragraphs else "", "ref_id": e.event_id,
                                 "verdict": "", "source_ids": e.source_ids, "shown": shown(e.date, e.date_precision)})
    return pd.DataFrame(rows, columns=["source", "target", "relation", "origin", "evidence", "date", "article_id",
                                       "paragraph", "ref_id", "verdict", "source_ids", "shown"])


def relation_rows(edges: pd.DataFrame, sources: pd.DataFrame, label: dict[str, str]) -> list[list[str]]:
    rows = []
    for e in edges.itertuples():
        if e.origin == "the articles' claims":
            evidence = quote_ref(e.article_id, e.paragraph, e.evidence) + f" ({paragraph_ref(e.article_id, e.paragraph)})"
        else:
            evidence = md_escape(e.evidence) + ". " + sources_cell(e.source_ids, sources)
        rows.append([md_escape(label.get(e.source, e.source)), md_escape(e.relation),
                     md_escape(label.get(e.target, e.target)), evidence, md_escape(e.shown),
                     verdict_badge(e.verdict) if e.verdict else md_escape(e.origin)])
    return rows


def verdict_counts(verdicts: pd.DataFrame) -> dict[str, int]:
    """{n_<verdict>: how many} for every verdict of the vocabulary, zero included, for the prose."""
    counts = verdicts["verdict"].value_counts()
    return {f"n_{v.replace(' ', '_')}": int(counts.get(v, 0)) for v in VERDICTS}


FOUND_FORMS = {"members listed": "members of the {bloc}: {states}", "one state's standing": "{states}: {status} of the {bloc}",
               "count": "the {bloc} has {count} members", "change of standing": "{states} {status} the {bloc}"}


def left_clause(states: list[str]) -> str:
    """Who no longer takes part as a full member, as a clause: "Armenia no longer takes part as a full member",
    "Armenia and Uzbekistan no longer take part as full members", "every member then still is one"."""
    if not states:
        return "every member then is one still"
    if len(states) == 1:
        return f"{states[0]} no longer takes part as a full member"
    return f"{and_list(states)} no longer take part as full members"


def counted(n: int, one: str, many: str) -> str:
    """A count with its noun, agreeing: counted(1, "outlet", "outlets") -> "1 outlet"; 2351 -> "2,351 ..."."""
    return f"{int(n):,} {one if int(n) == 1 else many}"


def grown_clause(bloc: str, then: int, now: int) -> str:
    """A bloc's full membership then and now, as a clause: "the SCO has grown to 10 members"."""
    members = counted(now, "member", "members")
    if now > then:
        return f"the {bloc} has grown to {members}"
    if now < then:
        return f"the {bloc} has shrunk to {members}"
    return f"the {bloc} has {members}, as it had then"


def share_words(part: int, total: int, of: str = "them") -> str:
    """How much of a whole a part is, in words that stay true for any corpus: "All of them", "Most of them", "Half
    of them", "Fewer than half of them", "None of them" (the numbers themselves are printed beside)."""
    if total <= 0 or part <= 0:
        return f"None of {of}"
    if part >= total:
        return f"All of {of}"
    return f"Most of {of}" if 2 * part > total else f"Half of {of}" if 2 * part == total else f"Fewer than half of {of}"


def and_list(names: list[str]) -> str:
    """Names as prose: "A", "A and B", "A, B and C"; "" for none."""
    names = [str(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def found_claim_text(row: pd.Series, label: dict[str, str]) -> str:
    """What a found claim says, in words, with the date it is judged on."""
    states = and_list([label.get(s, s) for s in row["states"].split("|") if s])
    status = CHANGE_PHRASES.get(row["claimed_status"], row["claimed_status"]) if row["form"] == "change of standing" \
        else row["claimed_status"]
    said = FOUND_FORMS[row["form"]].format(bloc=label.get(row["bloc_id"], row["bloc_id"]), states=states,
                                           status=status, count=row["count"])
    if not row["as_of"]:
        when = "no date in the sentence or the article"
    elif row["as_of_precision"] == "by":
        when = f"by {row['as_of']}, the article's date"
    else:
        when = f"{'in' if row['as_of_precision'] in ('month', 'year') else 'on'} {shown(row['as_of'], row['as_of_precision'])}" \
            + (", the date the sentence gives" if row["dated_by"] == "the sentence" else ", the article's date")
    if row["excludes"]:
        said += f" (given as the whole list; named apart in the sentence: {and_list([label.get(s, s) for s in row['excludes'].split('|')])})"
    return md_escape(f"{said} ({when})")


def found_claims_section(found: pd.DataFrame, sources: pd.DataFrame, label: dict[str, str],
                         articles: dict[str, str]) -> str:
    """The claims found by rule (data/derived/found_claims.csv): how many, which matched a coded claim, and a table of
    the ones no person has reviewed, with their verdicts.  Nothing here is typed from any one article."""
    head = "## Claims found by rule in every article\n\n"
    if found.empty:
        return head + ("No statement about bloc membership in the forms the finder reads (a bloc's members listed, one "
                       "state's standing, a count of members, a state joining, leaving, suspending or freezing its part) "
                       "was found in these articles.")
    matched = found[found["review"] != REVIEW_FOUND]
    unreviewed = found[found["review"] == REVIEW_FOUND]
    n_articles = found["article_id"].nunique()
    intro = (f"Beyond the claims coded by hand, a finder reads every article for statements about bloc membership — "
             f"a bloc's members listed, one state's standing, a count of members, a state joining, leaving, suspending "
             f"or freezing its part — and judges each against the record on the date the sentence gives, else on the "
             f"article's date, by the same rules. It found {len(found)} such statement"
             f"{'s' if len(found) != 1 else ''} in {n_articles} article{'s' if n_articles != 1 else ''}: "
             f"{len(matched)} read the same words as a coded claim (the coded claim's verdict above stands), and "
             f"{len(unreviewed)} {'are' if len(unreviewed) != 1 else 'is'} **found by rule, not reviewed** by a person. "
             "A wrong verdict is worse than a missed claim, so the finder reads only the plainest forms; the "
             "file `data/derived/found_claims.csv` gives, for each, the row that would add it to the coded claims "
             "once someone has checked the reading.")
    if unreviewed.empty:
        return head + intro
    rows = []
    for _, r in unreviewed.assign(_p=unreviewed["paragraph"].astype(int)).sort_values(["article_id", "_p", "start"]).iterrows():
        words = quote_ref(r["article_id"], r["paragraph"], r["evidence"]) + f" ({paragraph_ref(r['article_id'], r['paragraph'])})"
        rows.append([md_escape(articles.get(r["article_id"], r["article_id"])), words, found_claim_text(r, label),
                     verdict_badge(r["verdict"]) + " " + md_escape(r["explanation"]),
                     sources_cell(r["sources"], sources) or "—", md_escape(r["review"])])
    header = ["Article", "The article's words", "Claim as read", "Verdict and why", "Sources", "Status"]
    return head + intro + "\n\n" + container("dossier-evidence", list_table(header, rows, classes="dossier-table",
                                                                             widths="12 20 18 24 14 12"))


def data_downloads(info: dict) -> str:
    """The data page's download section (info: scripts.book.data.write_downloads()): the whole package as one zip,
    the citation line, and per stage a table of every file with its size, what it holds and its licence."""
    stages = {"extracted": "Extracted from the articles", "derived": "Derived: the fact-check",
              "reference": "The reference record, curated by hand"}
    tables = []
    for stage, heading in stages.items():
        rows = []
        for _, path, file in (f for f in info["files"] if f[0] == stage):
            n = rows_in(file)
            size = f"{n:,} row{'s' if n != 1 else ''}" if n is not None else f"{file.stat().st_size / 1024:,.1f} kB"
            what = info["described"].get(path) or ("How the record is kept: its statuses, dates and precision, "
                                                   "confidence labels, sources and corrections policy."
                                                   if path.endswith("README.md") else "")
            # package paths are the dossier's own file names, never an article's
            rows.append([f"{{download}}`{path} <data/files/{path}>`", md_escape(size), md_escape(what),
                         md_escape(licence_of(path))])
        if rows:
            tables.append(f"### {heading}\n\n" + list_table(["File", "Size", "What it holds", "Licence"], rows,
                                                            classes="dossier-table", widths="30 10 42 18"))
    cite = citation(info["version"], info["data_sha256"])
    return (
        "## Download the data\n\n"
        + container("dossier-downloads",
                    f"Every file the dossier extracts, derives and curates, as it was when this book was built. "
        f"**{{download}}`The whole data package (zip, {len(info['files']) + 2} files, "
        f"{info['zip_bytes'] / 1024:,.0f} kB) <data/dossier-data.zip>`**: the {len(info['files'])} files below in "
        "their folders, the data licence (`LICENSE-DATA`) and the citation (`CITATION.txt`). SHA-256 of the zip: "
        f"{code(info['zip_sha256'])}.") + "\n\n"
        "**Licence.** The code is under the MIT licence; the data under Creative Commons Attribution 4.0 (CC BY 4.0), "
        "except the articles' own words that some files reproduce (paragraphs, quotation text, claim evidence, "
        "titles): they belong to their publishers and are quoted for criticism and research, not licensed "
        "(`LICENSE-DATA`, section 2).\n\n"
        + container("dossier-downloads", f"**Cite this version.** {md_escape(cite)}") + "\n\n" + "\n\n".join(tables)
    )


def cite_articles(articles: pd.DataFrame) -> str:
    """A citation of every article the chapter reads ({cite:p} with their keys), or "the articles" when none."""
    from scripts.book.bibliography import bib_key

    keys = [bib_key(a) for a in articles.sort_values(["published", "article_id"])["article_id"]]
    return "{cite:p}`" + ",".join(keys) + "`" if keys else "(none selected)"


def provenance_rows(manifest: dict) -> list[list[str]]:
    """The corpus chapter's provenance table: per saved file, the original (and an archived copy where the manifest
    knows one), the dates it was published and retrieved (or why the retrieval date is not known), its format, full
    SHA-256 and the terms of its use."""
    rows = []
    for s in manifest.get("sources", []):
        original = link(s.get("url", ""), s.get("title") or s.get("url", ""))
        if s.get("archive_url"):
            original += " (" + link(s["archive_url"], "archived copy") + ")"
        retrieved = s.get("retrieved") or ("not recorded: " + s["retrieved_note"] if s.get("retrieved_note") else "not recorded")
        rows.append([code(s["file"]), original, md_escape(s.get("published") or "—"), md_escape(retrieved),
                     md_escape(s.get("format", "")), code(s.get("sha256", "")), md_escape(s.get("usage", ""))])
    return rows
