"""The book's charts, each built from data the chapter passes in: membership timeline and matrix, relations,
the attribution flow, verdicts and the events timeline.  Each returns a finished plotly figure (named, with its
text alternative and its CSV written) and never reads files itself."""
from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from scripts.reference.dates import shown
from scripts.book.data import today
from scripts.book.render import GREY, OKABE_ITO, STATUS_COLOURS, VERDICT_COLOURS, finish
from scripts.book.views import _bloc_order, _count_phrase, _matrix_rows, membership_periods, status_matrix
from scripts.reference.vocab import STATUSES, VERDICTS


def membership_timeline(memberships: pd.DataFrame, blocs: pd.DataFrame, label: dict[str, str],
                        article_dates: list[tuple[str, str]], name: str) -> go.Figure:
    """Gantt-style timeline: one row per bloc and state, bars coloured by status, articles' dates marked."""
    periods = membership_periods(memberships)
    order = _bloc_order(blocs, memberships)
    bloc_label = {b: label.get(b, b) for b in order}
    periods["bloc"] = periods["bloc_id"].map(bloc_label)
    periods["state"] = periods["state_id"].map(lambda s: label.get(s, s))
    periods["row"] = periods["bloc"] + " · " + periods["state"]
    periods["bloc_rank"] = periods["bloc_id"].map({b: i for i, b in enumerate(order)})
    periods = periods.sort_values(["bloc_rank", "state", "start_date"])
    rows = list(dict.fromkeys(periods["row"]))
    fig = go.Figure()
    for status in [s for s in STATUSES if s in set(periods["status"])] + \
            sorted(set(periods["status"]) - set(STATUSES)):
        part = periods[periods["status"] == status]
        days = (part["end_date"] - part["start_date"]).dt.days
        fig.add_trace(go.Bar(
            name=status, orientation="h", y=part["row"], x=days * 86_400_000, base=part["start_date"],
            marker={"color": STATUS_COLOURS.get(status, GREY), "line": {"width": 0.5, "color": "#333"}},
            customdata=list(zip(part["start"], part["end"].replace("", "today"), part["confidence"])),
            hovertemplate="%{y}<br>" + status + ": %{customdata[0]} to %{customdata[1]}"
                          "<br>confidence: %{customdata[2]}<extra></extra>",
        ))
    for aid, published in article_dates:
        fig.add_vline(x=pd.Timestamp(published).value / 1e6, line={"color": "#000", "dash": "dot", "width": 1})
    fig.update_layout(barmode="overlay", xaxis={"type": "date", "title": None, "range": ["1991-01-01", str(today())]},
                      yaxis={"categoryorder": "array", "categoryarray": rows[::-1], "title": None,
                             "tickfont": {"size": 10}, "automargin": True},
                      legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "title": None},
                      meta={"narrow": _timeline_narrow(len(rows)), "print_parts": _print_parts(periods, rows)})
    data = periods[["bloc_id", "state_id", "status", "start", "end", "confidence", "source_ids"]]
    n_states, n_blocs = periods["state_id"].nunique(), periods["bloc_id"].nunique()
    first, last = periods["start_date"].min().year, today().year
    alt = (f"Timeline of {len(periods)} membership periods of {n_states} states in {n_blocs} blocs from {first} "
           f"to {last}, one row per bloc and state, coloured by status; dotted lines mark the articles' dates "
           f"({', '.join(p for _, p in article_dates)}).")
    return finish(fig, name, alt, data, height=max(400, 16 * len(rows) + 120))


# On paper a row label needs 8 px (6 pt) at least: a timeline with more rows than a page holds at that size is
# printed in parts (scripts/pdf/book.js), each a run of whole blocs.
PRINT_ROWS_PER_PART = 48


def _print_parts(periods: pd.DataFrame, rows: list[str]) -> list[list[str]]:
    """The timeline's rows cut into parts of at most PRINT_ROWS_PER_PART, each a run of whole blocs (a bloc longer
    than a part is cut too)."""
    bloc_of = dict(zip(periods["row"], periods["bloc"]))
    parts: list[list[str]] = [[]]
    for bloc in dict.fromkeys(bloc_of[r] for r in rows):
        block = [r for r in rows if bloc_of[r] == bloc]
        while block:
            room = PRINT_ROWS_PER_PART - len(parts[-1])
            if len(block) > room and parts[-1] and len(block) <= PRINT_ROWS_PER_PART:
                parts.append([])
                continue
            parts[-1] += block[:room]
            block = block[room:]
            if block:
                parts.append([])
    return [p for p in parts if p]


# Phones: row labels inside the plot need no side margin, and the x axis may only grow the margin above or below it.
# With plotly's full automargin, a narrow chart whose tick labels flip between two layouts redraws forever (a chart
# 639 px wide froze the whole page in chromium: the PDF's Letter print and any 687 px browser window).
NARROW_MARGINS = {"yaxis.automargin": False, "xaxis.automargin": "height"}


def _timeline_narrow(n_rows: int, bars: bool = True, extra: int = 160) -> dict:
    """Phones: each row's label above its bar (or marks), inside the plot, so the plot keeps the whole width."""
    narrow = {"below": 640,
              "layout": {"yaxis.ticklabelposition": "inside top", "yaxis.tickfont.size": 10, **NARROW_MARGINS,
                         "yaxis.ticklabelstandoff": 2, "height": 30 * n_rows + extra, "margin.l": 4, "margin.r": 4}}
    if bars:
        narrow["all_data"] = {"width": 0.42, "offset": -0.5}
    return narrow


def _heatmap(grid: pd.DataFrame, label: dict[str, str], visible: bool = True) -> go.Heatmap:
    statuses = [s for s in STATUSES]
    code = {s: i + 1 for i, s in enumerate(statuses)}
    z = [[code.get(v, 0) for v in row] for row in grid.values]
    n = len(statuses) + 1
    colourscale = []
    for i, colour in enumerate(["#FFFFFF"] + [STATUS_COLOURS[s] for s in statuses]):
        colourscale += [[i / n, colour], [(i + 1) / n, colour]]
    text = [[v for v in row] for row in grid.values]  # empty cells stay "" (keeps the slider's pages small)
    return go.Heatmap(
        z=z, x=[label.get(b, b) for b in grid.columns], y=[label.get(s, s) for s in grid.index],
        zmin=-0.5, zmax=n - 0.5, colorscale=colourscale, xgap=1, ygap=1, text=text, visible=visible,
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>", hoverongaps=False,
        colorbar={"tickvals": list(range(n)), "ticktext": ["none"] + statuses, "title": {"text": "status"},
                  "len": 0.9, "thickness": 14},
    )


def _matrix_layout(fig: go.Figure, grid: pd.DataFrame) -> None:
    fig.update_layout(yaxis={"autorange": "reversed", "title": None, "tickfont": {"size": 11}},
                      xaxis={"side": "top", "title": None, "tickangle": -45, "tickfont": {"size": 11}},
                      plot_bgcolor="#FFFFFF",
                      meta={"narrow": {"below": 640, "layout": {
                          "title.font.size": 13, "xaxis.tickfont.size": 9, "xaxis.tickangle": -90,
                          "yaxis.tickfont.size": 10,
                          "margin.l": 4, "margin.r": 4, "height": max(520, 22 * len(grid) + 330)},
                          # The colour key stays beside the matrix, slimmer: under it, it shared the bottom margin
                          # with the slider, and plotly's automargin squeezed the matrix to a few pixels a row.
                          "data": [{"colorbar.thickness": 8, "colorbar.tickfont.size": 9,
                                    "colorbar.title.font.size": 10, "colorbar.len": 0.75}]}})


def membership_matrix(memberships: pd.DataFrame, blocs: pd.DataFrame, label: dict[str, str],
                      on: date | str, name: str) -> go.Figure:
    """The state x bloc matrix on one day (the static form of the slider)."""
    grid = status_matrix(memberships, blocs, label, on)
    fig = go.Figure(_heatmap(grid, label))
    _matrix_layout(fig, grid)
    fig.update_layout(title={"text": f"Bloc membership on {pd.Timestamp(on).date()}", "x": 0})
    alt = (f"Matrix of {len(grid)} states by {len(grid.columns)} blocs on {pd.Timestamp(on).date()}, each cell "
           f"coloured by the state's status in the bloc: {_count_phrase(grid)}.")
    return finish(fig, name, alt, _matrix_rows({str(pd.Timestamp(on).date()): grid}),
                  height=max(420, 22 * len(grid) + 160))


def membership_matrix_slider(memberships: pd.DataFrame, blocs: pd.DataFrame, label: dict[str, str],
                             days: list[str], article_dates: list[str], name: str) -> go.Figure:
    """The state x bloc matrix with a date slider: one heatmap whose cells each slider step replaces."""
    grids = {day: status_matrix(memberships, blocs, label, day) for day in days}
    start = days.index(str(today())) if str(today()) in days else len(days) - 1
    heatmaps = {day: _heatmap(g, label) for day, g in grids.items()}
    fig = go.Figure(heatmaps[days[start]])
    marks = {str(pd.Timestamp(d).date()) for d in article_dates}
    steps = []
    for day in days:
        tag = " (article)" if day in marks else (" (today)" if day == str(today()) else "")
        steps.append({"method": "update", "label": day[:4] if day.endswith("-01-01") and not tag else day + tag,
                      "args": [{"z": [heatmaps[day].z], "text": [heatmaps[day].text]},
                               {"title.text": f"Bloc membership on {day}{tag}"}]})
    first_grid = grids[days[start]]
    _matrix_layout(fig, first_grid)
    fig.update_layout(
        title={"text": f"Bloc membership on {days[start]} (today)", "x": 0},
        sliders=[{"active": start, "steps": steps, "currentvalue": {"visible": False},
                  "pad": {"t": 30}, "font": {"size": 10}}],
    )
    alt = (f"Interactive matrix of {len(first_grid)} states by {len(first_grid.columns)} blocs with a slider over "
           f"{len(days)} dates from {days[0]} to {days[-1]}; each cell is coloured by the state's status in the "
           f"bloc on the chosen date. Today: {_count_phrase(grids[days[start]])}.")
    return finish(fig, name, alt, _matrix_rows(grids), height=max(480, 22 * len(first_grid) + 260))


def _names(ids: list[str], label: dict[str, str]) -> str:
    names = [label.get(i, i) for i in dict.fromkeys(ids)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def relation_sentences(edges: pd.DataFrame, label: dict[str, str]) -> pd.DataFrame:
    """One row per claim or event (not per subject-object pair): a sentence that reads, its date, origin, verdict
    (a claim's own verdict; an event of the record has none) and evidence.  A claim reads "subjects predicate
    objects", the object left out when the predicate already names it ("Armenia, Belarus, ... are the CSTO
    countries"); an event reads as its title in the record."""
    rows = []
    for ref, part in edges.groupby("ref_id", sort=False):
        first = part.iloc[0]
        if first["origin"] == "the articles' claims":
            subject = _names(list(part["source"]), label)
            obj = _names(list(part["target"]), label)
            relation = str(first["relation"])
            sentence = f"{subject} {relation}" if obj.lower() in relation.lower() else f"{subject} {relation} {obj}"
        else:
            sentence = str(first["evidence"])
        rows.append({"ref_id": ref, "sentence": sentence, "date": first["date"], "shown": first["shown"],
                     "origin": first["origin"],
                     "verdict": first["verdict"], "article_id": first["article_id"], "paragraph": first["paragraph"],
                     "evidence": first["evidence"], "parties": "|".join(dict.fromkeys(list(part["source"]) + list(part["target"])))})
    out = pd.DataFrame(rows, columns=["ref_id", "sentence", "date", "shown", "origin", "verdict", "article_id",
                                      "paragraph", "evidence", "parties"])
    out["when"] = pd.to_datetime(out["date"].str.slice(0, 10), errors="coerce", format="mixed")
    return out.sort_values(["when", "origin", "ref_id"], na_position="last").reset_index(drop=True)


def relation_graph(edges: pd.DataFrame, label: dict[str, str], name: str) -> go.Figure:
    """The relations the articles assert and the record's events between blocs, states and people, one row per
    claim or event: its sentence as the row's label, a mark on its date, coloured by the claim's own verdict (the
    record's events in grey).  Every word is printed, so the chart reads on paper as on screen; details on hover
    or tap.  edges: views.relations (source, target, relation, origin, evidence, date, ref_id, verdict ...)."""
    rows = relation_sentences(edges, label).dropna(subset=["when"])
    rows["label"] = ["<br>".join(_wrap(s, 58)[:2]) + ("…" if len(_wrap(s, 58)) > 2 else "") for s in rows["sentence"]]
    fig = go.Figure()
    kinds = [(v, rows[(rows["origin"] == "the articles' claims") & (rows["verdict"] == v)]) for v in VERDICTS] + \
        [("claim with no verdict", rows[(rows["origin"] == "the articles' claims") & (rows["verdict"] == "")]),
         ("event in the record", rows[rows["origin"] != "the articles' claims"])]
    for kind, part in kinds:
        if part.empty:
            continue
        event = kind == "event in the record"
        fig.add_trace(go.Scatter(
            x=part["when"], y=part["label"], mode="markers", name=kind,
            marker={"size": 12, "symbol": "diamond" if event else "circle",
                    "color": GREY if event else VERDICT_COLOURS.get(kind, "#FFFFFF"),
                    "line": {"color": "#333", "width": 1}},
            customdata=list(zip(part["sentence"], part["shown"],
                                ["<br>".join(_wrap(e, 70)) for e in part["evidence"]])),
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}: " + kind + "<br><i>%{customdata[2]}</i><extra></extra>",
        ))
    order = list(rows["label"])
    fig.update_layout(
        xaxis={"type": "date", "title": None, "side": "top"},
        yaxis={"categoryorder": "array", "categoryarray": order[::-1], "title": None, "tickfont": {"size": 11},
               "automargin": True},
        legend={"orientation": "h", "y": -0.01, "yanchor": "top", "x": 0, "title": None},
        meta={"narrow": {"below": 640, "layout": {
            "yaxis.ticklabelposition": "inside top", "yaxis.tickfont.size": 10, "yaxis.ticklabelstandoff": 4,
            **NARROW_MARGINS,
            "height": 56 * len(rows) + 160, "xaxis.tickfont.size": 10}},
              # On paper: parts of 18 rows, 30 px a row (two lines of 10 px labels).
              "print_parts": [order[i:i + 18] for i in range(0, len(order), 18)], "print_row_px": 30},
    )
    n_claims = int((rows["origin"] == "the articles' claims").sum())
    verdicts = rows.loc[rows["verdict"] != "", "verdict"].value_counts()
    alt = (f"Dot chart of {len(rows)} relations between blocs, states and people, one row each in date order: "
           f"{n_claims} asserted by the articles (coloured by their verdict: "
           + ", ".join(f"{n} {v}" for v, n in verdicts.items()) + f") and {len(rows) - n_claims} events of the "
           "record (grey). " + "; ".join(f"{d}: {s}" + (f" ({v})" if v else "")
                                          for d, s, v in zip(rows["shown"], rows["sentence"], rows["verdict"])) + ".")
    data = rows[["ref_id", "date", "sentence", "origin", "verdict", "article_id", "paragraph", "evidence", "parties"]]
    return finish(fig, name, alt, data, height=max(360, 30 * len(rows) + 140))


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def attribution_sankey(quotes: pd.DataFrame, label: dict[str, str], article_label_of: dict[str, str],
                       name: str) -> go.Figure:
    """speaker -> intermediary (or 'directly') -> article, link width = number of quotes."""
    q = quotes[quotes["kind"] != "term"].copy()
    q["speaker_name"] = [label.get(i, s) if i else (s or "unattributed") for i, s in zip(q["speaker_id"], q["speaker"])]
    q["via_name"] = [label.get(i, v) if i else (v or "directly") for i, v in zip(q["via_id"], q["via"])]
    q["article_name"] = q["article_id"].map(lambda a: article_label_of.get(a, a))
    speakers = list(dict.fromkeys(q["speaker_name"]))
    vias = list(dict.fromkeys(q["via_name"]))
    articles = list(dict.fromkeys(q["article_name"]))
    nodes = [f"{s} " for s in speakers] + [f"via {v}" if v != "directly" else "directly" for v in vias] + articles
    index = {n: i for i, n in enumerate(nodes)}
    index.update({f"via {v}": index[v] for v in vias if v == "directly"})
    # Labels of the middle column run right of their node, towards the articles' labels (drawn left of theirs):
    # wrapped at 18 characters they stay clear of them.
    shown = [n if i < len(speakers) else "<br>".join(_wrap(n, 18)) for i, n in enumerate(nodes)]
    colour = ([OKABE_ITO[0]] * len(speakers)) + ([OKABE_ITO[1]] * len(vias)) + ([OKABE_ITO[2]] * len(articles))
    a = q.groupby(["speaker_name", "via_name"]).size().reset_index(name="quotes")
    b = q.groupby(["via_name", "article_name"]).size().reset_index(name="quotes")
    src = [index[f"{s} "] for s in a["speaker_name"]] + [index[f"via {v}"] for v in b["via_name"]]
    tgt = [index[f"via {v}"] for v in a["via_name"]] + [index[t] for t in b["article_name"]]
    val = list(a["quotes"]) + list(b["quotes"])
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": shown, "color": colour, "pad": 14, "thickness": 14, "line": {"color": "#333", "width": 0.5}},
        link={"source": src, "target": tgt, "value": val, "color": "rgba(120,120,120,0.35)",
              "hovertemplate": "%{source.label} → %{target.label}: %{value} quotes<extra></extra>"},
    ))
    data = q.groupby(["speaker_name", "via_name", "article_id"]).size().reset_index(name="quotes") \
        .rename(columns={"speaker_name": "speaker", "via_name": "via"})
    alt = (f"Flow diagram of {len(q)} quotations from {len(speakers)} speakers through {len(vias)} channels "
           f"(an intermediary or directly) into {len(articles)} articles: "
           + "; ".join(f"{r.speaker} via {r.via}: {r.quotes}" for r in data.itertuples()) + ".")
    return finish(fig, name, alt, data, height=max(360, 34 * max(len(speakers), len(articles)) + 80))


def verdict_bars(verdicts: pd.DataFrame, article_label_of: dict[str, str], name: str) -> go.Figure:
    counts = verdicts.groupby(["article_id", "verdict"]).size().reset_index(name="claims")
    fig = go.Figure()
    present = [v for v in VERDICTS if v in set(counts["verdict"])] + \
        sorted(set(counts["verdict"]) - set(VERDICTS))
    for verdict in present:
        part = counts[counts["verdict"] == verdict]
        fig.add_trace(go.Bar(name=verdict, orientation="h", x=part["claims"],
                             y=part["article_id"].map(lambda a: article_label_of.get(a, a)),
                             marker={"color": VERDICT_COLOURS.get(verdict, GREY)},
                             hovertemplate="%{y}: %{x} " + verdict + "<extra></extra>"))
    fig.update_layout(barmode="stack", xaxis={"title": "claims", "dtick": 1}, yaxis={"title": None},
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
                      meta={"narrow": _timeline_narrow(counts["article_id"].nunique(), extra=200)})
    alt = "Stacked bars of verdicts per article: " + "; ".join(
        f"{article_label_of.get(a, a)}: " + ", ".join(f"{r.claims} {r.verdict}" for r in part.itertuples())
        for a, part in counts.groupby("article_id")) + "."
    return finish(fig, name, alt, counts, height=140 + 60 * counts["article_id"].nunique())


def event_timeline(events: pd.DataFrame, articles: pd.DataFrame, label: dict[str, str], name: str) -> go.Figure:
    """Events of the record on one time axis, one row per bloc; events the articles mention are drawn as stars;
    the articles' publication dates as dotted lines."""
    ev = events.copy()
    ev["when"] = pd.to_datetime(ev["date"], errors="coerce")
    ev = ev.dropna(subset=["when"])
    ev["shown"] = [shown(d, p) for d, p in zip(ev["date"], ev["date_precision"])]
    ev["row"] = ev["bloc_id"].map(lambda b: label.get(b, b) if b else "other")
    ev["in_articles"] = ev["article_id"] != ""
    kinds = list(dict.fromkeys(ev.sort_values("when")["kind"]))
    palette = OKABE_ITO + [GREY, "#882255", "#44AA99", "#117733", "#332288", "#AA4499", "#DDCC77"]
    fig = go.Figure()
    for i, kind in enumerate(kinds):
        for mentioned in (False, True):
            part = ev[(ev["kind"] == kind) & (ev["in_articles"] == mentioned)]
            if part.empty:
                continue
            fig.add_trace(go.Scatter(
                x=part["when"], y=part["row"], mode="markers", name=kind, legendgroup=kind,
                showlegend=not mentioned or not ((ev["kind"] == kind) & ~ev["in_articles"]).any(),
                marker={"size": 15 if mentioned else 10, "symbol": "star" if mentioned else "circle",
                        "color": palette[i % len(palette)], "line": {"color": "#000", "width": 0.6}},
                customdata=list(zip(part["shown"], part["title"],
                                    ["mentioned in an article" if mentioned else "record only"] * len(part))),
                hovertemplate="%{customdata[0]}: %{customdata[1]}<br>(%{customdata[2]})<extra>" + kind + "</extra>",
            ))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="★ mentioned in an article",
                             marker={"symbol": "star", "size": 13, "color": "#FFFFFF", "line": {"color": "#000", "width": 1}}))
    for published in articles["published"]:
        if published:
            fig.add_vline(x=pd.Timestamp(published).value / 1e6, line={"color": "#000", "dash": "dot", "width": 1})
    rows = list(dict.fromkeys(ev.sort_values("when")["row"]))
    fig.update_layout(xaxis={"type": "date", "title": None, "rangeslider": {"visible": True, "thickness": 0.06}},
                      yaxis={"title": None, "categoryorder": "array", "categoryarray": rows[::-1]},
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "title": None},
                      meta={"narrow": _timeline_narrow(len(rows), bars=False, extra=320)})
    data = ev[["date", "title", "kind", "bloc_id", "actors", "target", "article_id", "paragraphs", "source_ids"]]
    alt = (f"Timeline of {len(ev)} events from {ev['when'].min().year} to {ev['when'].max().year} in "
           f"{len(rows)} rows (one per bloc), {int(ev['in_articles'].sum())} of them mentioned in the articles "
           f"(stars); dotted lines mark the {int((articles['published'] != '').sum())} articles' publication dates.")
    return finish(fig, name, alt, data, height=max(420, 30 * len(rows) + 200))


def bar_counts(frame: pd.DataFrame, x: str, y: str, colour: str | None, name: str, alt: str,
               x_title: str) -> go.Figure:
    """A plain horizontal bar chart of counts (optionally split by `colour`)."""
    fig = go.Figure()
    groups = [(None, frame)] if colour is None else list(frame.groupby(colour, sort=False))
    for i, (key, part) in enumerate(groups):
        fig.add_trace(go.Bar(name=str(key) if key is not None else x_title, orientation="h", x=part[x], y=part[y],
                             marker={"color": OKABE_ITO[i % len(OKABE_ITO)]},
                             hovertemplate="%{y}: %{x}<extra>" + (str(key) if key is not None else "") + "</extra>"))
    fig.update_layout(barmode="stack", xaxis={"title": x_title}, yaxis={"title": None, "autorange": "reversed"},
                      showlegend=colour is not None,
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
                      meta={"narrow": _timeline_narrow(frame[y].nunique(), extra=180)})
    return finish(fig, name, alt, frame, height=140 + 28 * frame[y].nunique())

