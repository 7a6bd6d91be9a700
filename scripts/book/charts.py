"""Chart and table helpers for the book's chapters (the last stage: tables -> pages); the notebooks stay thin.

The book ships plotly.js once (`_static/plotly.min.js`, copied from the installed plotly by scripts/book.py), so
figures are emitted as HTML that draws with the page's global `Plotly` and never embeds or downloads plotly.js.
Every chart carries a name, a text alternative (its aria-label, written from the data) and the CSV behind it
(written to `chapters/data/`, linked from the caption with the `{download}` role, which works in the multi-page and
the single-page build alike).  Tables and source texts are written as MyST Markdown so that quotes become
cross-references to their paragraph (`src-<article_id>-p<N>`) that Sphinx resolves for any builder.
"""
from __future__ import annotations

import html
import json
import math
import re
from datetime import date
from typing import Any, Iterable

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io._base_renderers import HtmlRenderer

from scripts import paths

# Okabe–Ito: colours that stay distinct for the common forms of colour blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GREY = "#999999"
STATUS_ORDER = ["founding member", "member", "associate", "observer", "dialogue partner", "partner",
                "suspended", "frozen", "withdrawn"]
STATUS_COLOURS = {
    "founding member": "#0072B2", "member": "#56B4E9", "associate": "#009E73", "observer": "#F0E442",
    "dialogue partner": "#E69F00", "partner": "#CC79A7", "suspended": "#D55E00", "frozen": "#999999",
    "withdrawn": "#000000",
}
VERDICT_ORDER = ["consistent", "partly right", "since overtaken", "contradicted", "unverifiable"]
VERDICT_COLOURS = {"consistent": "#009E73", "partly right": "#56B4E9", "since overtaken": "#E69F00",
                   "contradicted": "#D55E00", "unverifiable": "#999999"}

CHART_DATA = paths.CHAPTERS / "data"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "svg"}}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


# ---------------------------------------------------------------- rendering

class OfflineHtmlRenderer(HtmlRenderer):
    """HTML that draws with the book's single plotly.js; the chart's text alternative becomes its aria-label."""

    def __init__(self) -> None:
        super().__init__(connected=False, full_html=False, global_init=False,
                         include_plotlyjs=False, config=PLOTLY_CONFIG)

    def to_mimebundle(self, fig_dict: dict) -> dict:
        # Not HtmlRenderer.to_mimebundle: it always links MathJax from a CDN and adds a script that purges figures
        # whose container is hidden (the print-only twins are hidden on screen).
        figure_html = pio.to_html(fig_dict, config=self.config, include_plotlyjs=False, include_mathjax=False,
                                  full_html=False, default_width="100%", default_height=480, validate=False)
        meta = (fig_dict.get("layout") or {}).get("meta") or {}
        alt = meta.get("alt", "") if isinstance(meta, dict) else ""
        name = meta.get("name", "") if isinstance(meta, dict) else ""
        return {"text/html": (
            f'<div class="dossier-chart" role="img" data-chart="{html.escape(name)}" '
            f'aria-label="{html.escape(alt)}">{figure_html}</div>'
            f'<p class="dossier-alt visually-hidden" data-alt-for="{html.escape(name)}">{html.escape(alt)}</p>'
        )}


_AXIS = {"gridcolor": "#E5E8EE", "linecolor": "#C8D0DA", "zerolinecolor": "#E5E8EE", "automargin": True,
         "ticks": "", "title": {"standoff": 12}}
# A small house template: plotly's own ("plotly_white") adds about 9 KB of JSON to every figure on the page.
TEMPLATE = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white", "font": {"color": "#222831"}, "hovermode": "closest",
    "hoverlabel": {"align": "left"}, "xaxis": _AXIS, "yaxis": _AXIS, "colorway": OKABE_ITO,
})


def use_offline_renderer() -> None:
    """Register the offline renderer (HTML for the book, plotly's own mimetype for JupyterLab) as the default."""
    pio.renderers["dossier"] = OfflineHtmlRenderer()
    pio.renderers.default = "dossier+plotly_mimetype"
    pio.templates["dossier"] = TEMPLATE
    pio.templates.default = "dossier"


def finish(fig: go.Figure, name: str, alt: str, data: pd.DataFrame, height: int | None = None) -> go.Figure:
    """Give a figure its name, text alternative and house layout, and write the CSV behind it."""
    CHART_DATA.mkdir(parents=True, exist_ok=True)
    data.to_csv(CHART_DATA / f"{name}.csv", index=False, lineterminator="\n")
    fig.update_layout(template=TEMPLATE, meta={"name": name, "alt": alt}, font={"family": FONT, "size": 13},
                      margin={"l": 10, "r": 10, "t": 40, "b": 10}, colorway=OKABE_ITO,
                      hoverlabel={"font": {"family": FONT}})
    if height:
        fig.update_layout(height=height)
    return fig


class _FigureBundle:
    """A figure as a plain mime bundle: plotly's own `_ipython_display_` would display it instead of gluing it."""

    def __init__(self, fig: go.Figure) -> None:
        self.fig = fig

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        return pio.renderers._build_mime_bundle(self.fig.to_dict())


class Words:
    """Glued text that prints as itself (a str would be glued with its quotes)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(self.text)


def glue_figure(name: str, fig: go.Figure) -> None:
    """Glue a finished figure under its name, for a `{glue:figure}` with a caption in the chapter's text."""
    from myst_nb import glue

    glue(name, _FigureBundle(fig), display=False)


def say(**values: Any) -> None:
    """Glue numbers and words for the prose: `say(n_articles=2)` -> {glue:text}`n_articles`."""
    from myst_nb import glue

    for key, value in values.items():
        if isinstance(value, float):
            value = Words(f"{value:,.1f}".rstrip("0").rstrip("."))
        elif isinstance(value, int):
            value = Words(f"{value:,}")
        elif not isinstance(value, Words):
            value = Words(str(value))
        glue(key, value, display=False)


def markdown(text: str) -> Any:
    from IPython.display import Markdown

    return Markdown(text)


# ---------------------------------------------------------------- loading

def table(name: str) -> pd.DataFrame:
    """One extracted table (data/tables/<name>.csv); empty cells stay empty strings."""
    return pd.read_csv(paths.TABLES / f"{name}.csv", dtype=str, keep_default_na=False)


def reference(name: str) -> pd.DataFrame:
    """One table of the hand-curated reference record (data/reference/<name>.csv)."""
    return pd.read_csv(paths.REFERENCE / f"{name}.csv", dtype=str, keep_default_na=False)


def manifest() -> dict:
    return json.loads((paths.SEEDS / paths.MANIFEST_NAME).read_text(encoding="utf-8"))


def datapackage() -> dict:
    return json.loads((paths.TABLES / "datapackage.json").read_text(encoding="utf-8"))


def as_int(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame


def today() -> date:
    return date.today()


def names(entities: pd.DataFrame) -> dict[str, str]:
    """entity_id -> display name, from the entities table, the gazetteer and the reference blocs."""
    out = dict(zip(reference("gazetteer")["entity_id"], reference("gazetteer")["name"]))
    out.update(zip(entities["entity_id"], entities["name"]))
    blocs = reference("blocs")
    out.update({b: (a or short_bloc_name(n)) for b, a, n in zip(blocs["bloc_id"], blocs["abbreviation"], blocs["name"])})
    return out


def short_bloc_name(name: str) -> str:
    """'Russia–Abkhazia Treaty on Alliance and …' -> 'Russia–Abkhazia Treaty'; 'Union State of …' -> 'Union State'."""
    name = re.sub(r" (Treaty|Organization|Organisation) (on|of) .*$", r" \1", name)
    name = re.sub(r"^(Union State) of .*$", r"\1", name)
    return re.sub(r'"unified defen[cs]e space"', "defence space", name)


# ---------------------------------------------------------------- markdown pieces

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|$~^])")


def md_escape(text: str) -> str:
    """Text as Markdown that renders as exactly that text."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def paragraph_label(article_id: str, paragraph: int | str) -> str:
    return f"src-{article_id}-p{int(paragraph)}"


def article_label(article_id: str) -> str:
    return f"src-{article_id}"


def ref(text: str, label: str) -> str:
    """A cross-reference whose visible text is `text`, verbatim (no Markdown inside a role)."""
    if "`" in text or "<" in text or ">" in text:
        raise ValueError(f"cannot show {text!r} verbatim inside a {{ref}} role")
    text = text.replace("\n", " ")
    return f"{{ref}}`{text} <{label}>`"


def quote_ref(article_id: str, paragraph: int | str, text: str) -> str:
    """A quote shown in the book: its exact words, linking to its paragraph in the source appendix."""
    return ref(text, paragraph_label(article_id, paragraph))


def list_table(header: list[str], rows: Iterable[list[str]], classes: str = "", widths: str = "auto") -> str:
    """A MyST list-table; cells are Markdown (escape plain text with md_escape)."""
    lines = ["````{list-table}", ":header-rows: 1", f":widths: {widths}"]
    if classes:
        lines.append(f":class: {classes}")
    lines.append("")
    for row in [header, *rows]:
        for i, cell in enumerate(row):
            cell = str(cell).replace("\n", " ").strip() or " "
            lines.append(("* - " if i == 0 else "  - ") + cell)
    lines.append("````")
    return "\n".join(lines)


def container(classes: str, body: str) -> str:
    return f":::::{{container}} {classes}\n{body}\n:::::"


def link(url: str, text: str | None = None) -> str:
    if not url:
        return md_escape(text or "")
    return f"[{md_escape(text or url)}](<{url}>)"


def sources_cell(source_ids: str, sources: pd.DataFrame) -> str:
    """`a|b` source ids as links to what was read."""
    by_id = sources.set_index("source_id")
    out = []
    for sid in [s for s in source_ids.split("|") if s]:
        if sid in by_id.index:
            row = by_id.loc[sid]
            out.append(link(row["url"], f"{row['publisher']}: {row['title']}"))
        else:
            out.append(md_escape(sid))
    return "; ".join(out)


# ---------------------------------------------------------------- memberships

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
    for status in [s for s in STATUS_ORDER if s in set(periods["status"])] + \
            sorted(set(periods["status"]) - set(STATUS_ORDER)):
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


def status_matrix(memberships: pd.DataFrame, blocs: pd.DataFrame, label: dict[str, str],
                  on: date | str) -> pd.DataFrame:
    """States (rows) x blocs (columns) -> status on the day `on` ('' when none)."""
    live = status_on(memberships, on)
    order = _bloc_order(blocs, memberships)
    states = _state_order(memberships, label)
    grid = live.pivot_table(index="state_id", columns="bloc_id", values="status", aggfunc="first")
    return grid.reindex(index=states, columns=order).fillna("")


def _heatmap(grid: pd.DataFrame, label: dict[str, str], visible: bool = True) -> go.Heatmap:
    statuses = [s for s in STATUS_ORDER]
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


def slider_dates(memberships: pd.DataFrame, article_dates: list[str]) -> list[str]:
    """1 January of every year since the first membership, the articles' dates, and today."""
    first = pd.to_datetime(memberships["start"], errors="coerce").min()
    years = [f"{y}-01-01" for y in range(max(first.year, 1991) + 1, today().year + 1)]
    days = sorted(set(years) | {str(pd.Timestamp(d).date()) for d in article_dates} | {str(today())})
    return days


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
    ordered = [s for s in STATUS_ORDER if s in groups] + sorted(set(groups) - set(STATUS_ORDER))
    return "; ".join(f"{', '.join(sorted(groups[s]))} ({s})" for s in ordered)


# ---------------------------------------------------------------- relations (claims and events)

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


# ---------------------------------------------------------------- voices

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


# ---------------------------------------------------------------- verdicts and timeline

def verdict_bars(verdicts: pd.DataFrame, article_label_of: dict[str, str], name: str) -> go.Figure:
    counts = verdicts.groupby(["article_id", "verdict"]).size().reset_index(name="claims")
    fig = go.Figure()
    present = [v for v in VERDICT_ORDER if v in set(counts["verdict"])] + \
        sorted(set(counts["verdict"]) - set(VERDICT_ORDER))
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


def article_names(articles: pd.DataFrame, width: int = 48) -> dict[str, str]:
    """article_id -> 'YYYY-MM-DD · Title…' for chart labels."""
    out = {}
    for aid, published, title in zip(articles["article_id"], articles["published"], articles["title"]):
        short = title if len(title) <= width else title[: width - 1].rstrip() + "…"
        out[aid] = f"{published or 'undated'} · {short}"
    return out


def figure_block(name: str, caption: str, classes: str = "") -> str:
    """MyST for a glued figure with a caption that names its data file (chapters/data/<name>.csv)."""
    figclass = f":figclass: {classes}\n" if classes else ""
    return (f"```{{glue:figure}} {name}\n:name: {name}\n{figclass}\n"
            f"{caption} Data: {{download}}`{name}.csv <data/{name}.csv>`.\n```")


# ---------------------------------------------------------------- source texts (appendix)

def highlight(text: str, spans: list[dict]) -> str:
    """A paragraph as Markdown with every quote span marked (<mark>), nested quotes inside their parent.

    spans: dicts with start, end, kind, quote_id, title. Spans either nest or do not overlap (the quotes table
    guarantees text == paragraph[start:end]); a span that overlaps another without nesting is skipped, not broken.
    """
    ordered = sorted(spans, key=lambda q: (q["start"], -q["end"]))

    def render(lo: int, hi: int, inner: list[dict]) -> str:
        out, at, i = [], lo, 0
        while i < len(inner):
            q = inner[i]
            children, j = [], i + 1
            while j < len(inner) and inner[j]["start"] < q["end"]:
                if inner[j]["end"] <= q["end"]:
                    children.append(inner[j])
                j += 1
            if q["start"] < at:  # overlaps the previous span without nesting
                i = j
                continue
            out.append(md_escape(text[at:q["start"]]))
            css = "term" if q["kind"] == "term" else "quote"
            out.append(f'<mark class="{css}" id="{html.escape(q["quote_id"])}" '
                       f'title="{html.escape(q["title"])}">' + render(q["start"], q["end"], children) + "</mark>")
            at, i = q["end"], j
        out.append(md_escape(text[at:hi]))
        return "".join(out)

    return render(0, len(text), ordered)


def source_texts(articles: pd.DataFrame, paragraphs: pd.DataFrame, quotes: pd.DataFrame) -> str:
    """Every article's body with numbered, anchored paragraphs (`src-<article_id>-p<N>`) and quotes marked."""
    quotes = as_int(quotes, "paragraph", "start", "end")
    paragraphs = as_int(paragraphs, "paragraph")
    parts = []
    for a in articles.sort_values(["published", "article_id"]).itertuples():
        lines = [f"({article_label(a.article_id)})=", f"## {md_escape(a.title)}", "",
                 f"{md_escape(a.author or 'Unknown author')}, *{md_escape(a.outlet)}*, "
                 f"{md_escape(a.published or 'undated')}. " + (link(a.url) + ". " if a.url else "")
                 + f"Saved copy: `seeds/{a.source_file}` (SHA-256 `{a.sha256[:16]}…`). "
                 f"{a.paragraph_count} paragraphs, {a.word_count} words, {a.quote_count} quotations.", ""]
        for p in paragraphs[paragraphs["article_id"] == a.article_id].sort_values("paragraph").itertuples():
            spans = [{"start": int(q.start), "end": int(q.end), "kind": q.kind, "quote_id": q.quote_id,
                      "title": (f"{q.kind}: " + (q.speaker or "unattributed")
                                + (f", via {q.via}" if q.via else "")) if q.kind != "term" else "term in quotation marks"}
                     for q in quotes[(quotes["article_id"] == a.article_id) & (quotes["paragraph"] == p.paragraph)].itertuples()]
            lines += [f"({paragraph_label(a.article_id, p.paragraph)})=",
                      f'<span class="para-number">¶{p.paragraph}</span> ' + highlight(p.text, spans), ""]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


# ---------------------------------------------------------------- quotes, relations, verdicts as tables

def paragraph_ref(article_id: str, paragraph: int | str) -> str:
    return ref(f"¶{int(paragraph)}", paragraph_label(article_id, paragraph))


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
                                 "source_ids": ""})
    for e in events.itertuples():
        targets = _split(e.target)
        actors = [e.bloc_id] if e.bloc_id else [a for a in _split(e.actors) if a in label]
        for s in actors:
            for o in targets:
                if s in label and o in label and s != o:
                    rows.append({"source": s, "target": o, "relation": e.kind, "origin": "the record's events",
                                 "evidence": e.title, "date": e.date, "article_id": e.article_id,
                                 "paragraph": _split(e.paragraphs)[0] if e.paragraphs else "", "ref_id": e.event_id,
                                 "verdict": "", "source_ids": e.source_ids})
    return pd.DataFrame(rows, columns=["source", "target", "relation", "origin", "evidence", "date", "article_id",
                                       "paragraph", "ref_id", "verdict", "source_ids"])


def verdict_badge(verdict: str) -> str:
    css = "verdict-" + re.sub(r"[^a-z]+", "-", verdict.lower()).strip("-")
    return f'<span class="verdict {css}">{html.escape(verdict)}</span>' if verdict else "—"


def relation_rows(edges: pd.DataFrame, sources: pd.DataFrame, label: dict[str, str]) -> list[list[str]]:
    rows = []
    for e in edges.itertuples():
        if e.origin == "the articles' claims":
            evidence = quote_ref(e.article_id, e.paragraph, e.evidence) + f" ({paragraph_ref(e.article_id, e.paragraph)})"
        else:
            evidence = md_escape(e.evidence) + ". " + sources_cell(e.source_ids, sources)
        rows.append([md_escape(label.get(e.source, e.source)), md_escape(e.relation),
                     md_escape(label.get(e.target, e.target)), evidence, md_escape(e.date),
                     verdict_badge(e.verdict) if e.verdict else md_escape(e.origin)])
    return rows


def article_short_names(articles: pd.DataFrame) -> dict[str, str]:
    """article_id -> 'article of YYYY-MM-DD' (numbered when two share a date), for tight chart labels."""
    out, seen = {}, {}
    for aid, published in sorted(zip(articles["article_id"], articles["published"]), key=lambda x: (x[1], x[0])):
        base = f"article of {published}" if published else "undated article"
        seen[base] = seen.get(base, 0) + 1
        out[aid] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return out
