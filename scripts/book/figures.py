"""The book's charts, each built from data the chapter passes in: membership timeline and matrix, relations,
the attribution flow, verdicts and the events timeline.  Each returns a finished plotly figure (named, with its
text alternative and its CSV written) and never reads files itself."""
from __future__ import annotations

import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from scripts.book.data import reference, today
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
                      legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "title": None})
    data = periods[["bloc_id", "state_id", "status", "start", "end", "confidence", "source_ids"]]
    n_states, n_blocs = periods["state_id"].nunique(), periods["bloc_id"].nunique()
    first, last = periods["start_date"].min().year, today().year
    alt = (f"Timeline of {len(periods)} membership periods of {n_states} states in {n_blocs} blocs from {first} "
           f"to {last}, one row per bloc and state, coloured by status; dotted lines mark the articles' dates "
           f"({', '.join(p for _, p in article_dates)}).")
    return finish(fig, name, alt, data, height=max(400, 16 * len(rows) + 120))


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
                      plot_bgcolor="#FFFFFF")


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


def relation_graph(edges: pd.DataFrame, label: dict[str, str], name: str) -> go.Figure:
    """Blocs and states as nodes on a circle; each edge (subject -> object, coded from a claim or an event) drawn
    as a line with its predicate and evidence on hover at its midpoint.  edges: source, target, relation, origin,
    evidence, date."""
    nodes = list(dict.fromkeys(list(edges["source"]) + list(edges["target"])))
    blocs = set(reference("blocs")["bloc_id"])
    inner = sorted((k for k in nodes if k in blocs), key=lambda k: label.get(k, k))
    outer = sorted((k for k in nodes if k not in blocs), key=lambda k: (not k.isupper(), label.get(k, k)))
    pos = {}
    for ring, radius in ((inner, 0.42), (outer, 1.0)):  # blocs inside, states and people around them
        n = max(len(ring), 1)
        for i, node in enumerate(ring):
            angle = 2 * math.pi * i / n + math.pi / 2 + (math.pi / n if radius < 1 else 0)
            pos[node] = (radius * math.cos(angle), radius * math.sin(angle))
    fig = go.Figure()
    origins = list(dict.fromkeys(edges["origin"]))
    colours = dict(zip(origins, [OKABE_ITO[5], OKABE_ITO[0], OKABE_ITO[2], OKABE_ITO[3]]))
    for origin in origins:
        part = edges[edges["origin"] == origin]
        xs, ys, mx, my, hover = [], [], [], [], []
        for _, e in part.iterrows():
            (x0, y0), (x1, y1) = pos[e["source"]], pos[e["target"]]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
            mx.append(x0 + (x1 - x0) * 0.55)
            my.append(y0 + (y1 - y0) * 0.55)
            hover.append(f"{label.get(e['source'], e['source'])} — {e['relation']} — "
                         f"{label.get(e['target'], e['target'])}<br>{e['date']}<br>"
                         + "<br>".join(_wrap(e["evidence"], 70)))
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colours[origin], "width": 1.5},
                                 hoverinfo="skip", name=origin, legendgroup=origin))
        fig.add_trace(go.Scatter(x=mx, y=my, mode="markers", marker={"symbol": "triangle-right", "size": 9,
                                 "color": colours[origin]}, hovertext=hover, hoverinfo="text",
                                 showlegend=False, legendgroup=origin))
    fig.add_trace(go.Scatter(
        x=[pos[k][0] for k in nodes], y=[pos[k][1] for k in nodes], mode="markers+text",
        text=[label.get(k, k) for k in nodes], textposition="top center",
        marker={"size": [20 if k in blocs else 12 for k in nodes], "color": ["#F0E442" if k in blocs else "#FFFFFF" for k in nodes],
                "line": {"color": "#000", "width": 1.5}}, textfont={"size": 11},
        hovertext=[label.get(k, k) for k in nodes], hoverinfo="text", showlegend=False,
    ))
    fig.update_layout(xaxis={"visible": False, "range": [-1.35, 1.35]},
                      yaxis={"visible": False, "range": [-1.15, 1.2]},
                      legend={"orientation": "h", "y": -0.02, "title": {"text": "edge from"}})
    alt = (f"Network of {len(nodes)} blocs, states and people joined by {len(edges)} coded relations "
           f"({', '.join(f'{(edges.origin == o).sum()} from {o}' for o in origins)}); "
           + "; ".join(f"{label.get(s, s)} {r} {label.get(t, t)}" for s, r, t in
                       zip(edges["source"], edges["relation"], edges["target"])) + ".")
    return finish(fig, name, alt, edges, height=680)


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
    colour = ([OKABE_ITO[0]] * len(speakers)) + ([OKABE_ITO[1]] * len(vias)) + ([OKABE_ITO[2]] * len(articles))
    a = q.groupby(["speaker_name", "via_name"]).size().reset_index(name="quotes")
    b = q.groupby(["via_name", "article_name"]).size().reset_index(name="quotes")
    src = [index[f"{s} "] for s in a["speaker_name"]] + [index[f"via {v}"] for v in b["via_name"]]
    tgt = [index[f"via {v}"] for v in a["via_name"]] + [index[t] for t in b["article_name"]]
    val = list(a["quotes"]) + list(b["quotes"])
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": nodes, "color": colour, "pad": 14, "thickness": 14, "line": {"color": "#333", "width": 0.5}},
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
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
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
                customdata=list(zip(part["date"], part["title"],
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
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "title": None})
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
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    return finish(fig, name, alt, frame, height=140 + 28 * frame[y].nunique())

