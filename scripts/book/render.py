"""How the book draws: the house style of every chart (colours, template) and the plotly renderer that works offline.

The book ships plotly.js once (`_static/plotly.min.js`, copied from the installed plotly by scripts/book/build.py), so
figures are emitted as HTML that draws with the page's global `Plotly` and never embeds or downloads plotly.js.
Every chart carries a name, a text alternative (its aria-label, written from the data) and the CSV behind it
(written to `chapters/data/`, linked from the caption).
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io._base_renderers import HtmlRenderer
from plotly.utils import PlotlyJSONEncoder

from scripts import paths
from scripts.book import lab, views
from scripts.book.myst import chart_text, file_stem, html_attr, html_text


# Okabe–Ito: colours that stay distinct for the common forms of colour blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


GREY = "#999999"


STATUS_COLOURS = {
    # participant: a tint of the members' blue (took part in the founding instrument without full membership);
    # Okabe–Ito has no ninth colour.
    "founding member": "#0072B2", "member": "#56B4E9", "participant": "#B3DDF5", "associate": "#009E73", "observer": "#F0E442",
    "dialogue partner": "#E69F00", "partner": "#CC79A7", "suspended": "#D55E00", "frozen": "#999999",
    "withdrawn": "#000000",
}


VERDICT_COLOURS = {"consistent": "#009E73", "partly right": "#56B4E9", "since overtaken": "#E69F00",
                   "contradicted": "#D55E00", "unverifiable": "#999999"}


CHART_DATA = paths.CHAPTERS / "data"


PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "svg"}}


FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


class OfflineHtmlRenderer(HtmlRenderer):
    """HTML that draws with the book's single plotly.js; the chart's text alternative becomes its aria-label."""

    def __init__(self) -> None:
        super().__init__(connected=False, full_html=False, global_init=False,
                         include_plotlyjs=False, config=PLOTLY_CONFIG)

    def to_mimebundle(self, fig_dict: dict) -> dict:
        # Not HtmlRenderer.to_mimebundle: it always links MathJax from a CDN and adds a script that purges figures
        # whose container is hidden (the print-only twins are hidden on screen).
        fig_dict = escape_chart_data(fig_dict)
        meta = (fig_dict.get("layout") or {}).get("meta") or {}
        alt = str(meta.get("alt", "")) if isinstance(meta, dict) else ""
        name = str(meta.get("name", "")) if isinstance(meta, dict) else ""
        figure_html = pio.to_html(fig_dict, config=self.config, include_plotlyjs=False, include_mathjax=False,
                                  full_html=False, default_width="100%", default_height=480, validate=False,
                                  div_id=chart_div_id(fig_dict, name))
        return {"text/html": (
            f'<div class="dossier-chart" role="img" data-chart="{html_attr(name)}" '
            f'aria-label="{html_attr(alt)}">{figure_html}</div>'
            f'<p class="dossier-alt visually-hidden" data-alt-for="{html_attr(name)}">{html_text(alt)}</p>'
        )}


# What plotly draws from a figure's data: categories, point and bar labels, legend names, sankey node and link labels,
# custom data shown through a hover template, axis categories and tick labels.  Plotly reads <b>, <br>, <a href> and
# &...; in all of them, and the data are articles' words, so every string there is escaped (myst.chart_text).  Hover
# texts, hover templates, titles and annotations are the figure author's own markup (<br> between lines): a chart
# that puts data into them escapes each piece with myst.chart_text itself.
DATA_TEXT_KEYS = ("x", "y", "z", "text", "labels", "customdata", "name", "ids", "parents", "label")
LAYOUT_TEXT_KEYS = ("categoryarray", "ticktext")


def escape_chart_data(fig_dict: dict) -> dict:
    """A copy of the figure in which every string plotly would read as markup from its data is escaped."""
    def escaped(value):
        if isinstance(value, str):
            return chart_text(value)
        if isinstance(value, (list, tuple)):
            return [escaped(v) for v in value]
        if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "OUS":  # numpy arrays of strings/objects
            return [escaped(v) for v in value.tolist()]
        return value

    def walk(node: dict, keys: tuple[str, ...]) -> dict:
        out = {}
        for key, value in node.items():
            if key in keys:
                out[key] = escaped(value)
            elif isinstance(value, dict) and key in ("node", "link", "colorbar", "marker", "header", "cells"):
                out[key] = walk(value, keys)
            else:
                out[key] = value
        return out

    def walk_layout(node: dict) -> dict:
        return {key: (walk(value, LAYOUT_TEXT_KEYS + ("colorbar",)) if isinstance(value, dict)
                      and (key.startswith(("xaxis", "yaxis", "coloraxis")) or key == "polar") else value)
                for key, value in node.items()}

    out = dict(fig_dict)
    out["data"] = [walk(trace, DATA_TEXT_KEYS + LAYOUT_TEXT_KEYS) for trace in fig_dict.get("data") or []]
    if isinstance(fig_dict.get("layout"), dict):
        out["layout"] = walk_layout(fig_dict["layout"])
    return out


def chart_div_id(fig_dict: dict, name: str = "") -> str:
    """The chart's element id, from its name and content: plotly's own is a random uuid4, which made two builds of
    the same book differ.  The same figure drawn twice on a page would share it, as a glued figure always did."""
    content = json.dumps(fig_dict, sort_keys=True, cls=PlotlyJSONEncoder)
    return f"chart-{file_stem(name or 'figure', 60)}-{hashlib.sha256(content.encode('utf-8')).hexdigest()[:12]}"


_AXIS = {"gridcolor": "#E5E8EE", "linecolor": "#C8D0DA", "zerolinecolor": "#E5E8EE", "automargin": True,
         "ticks": "", "title": {"standoff": 12}}


# A small house template: plotly's own ("plotly_white") adds about 9 KB of JSON to every figure on the page.
TEMPLATE = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white", "font": {"color": "#222831"}, "hovermode": "closest",
    "hoverlabel": {"align": "left"}, "xaxis": _AXIS, "yaxis": _AXIS, "colorway": OKABE_ITO,
    # A legend is shown whole (plotly's default caps a horizontal legend at half the chart and scrolls the rest,
    # which paper cuts off).
    "legend": {"maxheight": 1},
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
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    fig.update_layout(template=TEMPLATE, meta={**meta, "name": name, "alt": alt}, font={"family": FONT, "size": 13},
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
    """Glued text that the book prints exactly as it is.  myst-nb's {glue:text} reads a value's text/plain through
    ast.literal_eval (to drop a string's quotes), which turned "2,351" into "(2, 351)" and "1e5" into "100000.0"; so
    the text/plain here is the text as a Python string literal, which literal_eval gives back unchanged."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return repr(self.text)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(repr(self.text))


# Figures glued in this kernel, by name: prose() draws each in JupyterLab where the text places it.
_FIGURES: dict[str, go.Figure] = {}


def glue_figure(name: str, fig: go.Figure) -> None:
    """Glue a finished figure under its name, for a `{glue:figure}` with a caption in the chapter's text."""
    from myst_nb import glue

    _FIGURES[name] = fig
    glue(name, _FigureBundle(fig), display=False)


def plural(n: int, one: str, many: str) -> Words:
    """A count with its noun, agreeing: plural(1, "outlet", "outlets") -> "1 outlet", plural(2351, ...) -> "2,351 ..."."""
    return Words(views.counted(n, one, many))


def listed(names: list[str], empty: str = "none") -> Words:
    """Names as prose, for glueing: "A", "A and B", "A, B and C" (`empty` when there are none)."""
    return Words(views.and_list(names) or empty)


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
        lab.VALUES[key] = value.text
        glue(key, value, display=False)


class _Bundle:
    """Outputs given as they are: {mime type: data}."""

    def __init__(self, data: dict) -> None:
        self.data = data

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        return self.data


_FIGURE_FENCE = re.compile(r"^(`{3,}|:{3,})\{glue:figure\}\s+(\S+)")
_OPENER = re.compile(r"^(`{3,}|:{3,}(?=\{))")


def _pieces(text: str) -> list[tuple[str, list[str]]]:
    """The prose cut around each top-level fenced block (a directive or code), as (MyST, names of the glued figures
    in the piece); a figure inside a container stays with its container."""
    pieces: list[tuple[list[str], list[str]]] = [([], [])]
    closing: list[str] = []          # the fences of the blocks open at this line
    for line in text.splitlines(keepends=True):
        fence = _OPENER.match(line)
        if closing and line.strip() == closing[-1]:
            closing.pop()
            pieces[-1][0].append(line)
            if not closing:
                pieces.append(([], []))
            continue
        if fence and not closing and "".join(pieces[-1][0]).strip():
            pieces.append(([], []))
        pieces[-1][0].append(line)
        if (figure := _FIGURE_FENCE.match(line)):
            pieces[-1][1].append(figure.group(2))
        if fence:
            closing.append(fence.group(1))
    return [("".join(lines), names) for lines, names in pieces if "".join(lines).strip()]


def lab_chart(fig: go.Figure) -> dict:
    """A figure as plotly's mime type for JupyterLab, its data escaped as on the book's pages (escape_chart_data)."""
    fig_dict = escape_chart_data(json.loads(pio.to_json(fig, validate=False)))
    return {"data": fig_dict.get("data", []), "layout": fig_dict.get("layout", {}), "config": PLOTLY_CONFIG}


def prose(text: str) -> None:
    """Print MyST prose so that the book and JupyterLab both read it (scripts/book/lab.py): each piece as MyST for
    the book and as HTML for JupyterLab; before the piece that places a glued figure, the chart for JupyterLab
    (plotly's own mime type, which the book does not render; its Markdown is a comment)."""
    from IPython.display import display

    for piece, names in _pieces(text):
        for name in names:
            if name in _FIGURES:
                # the book's reading of it is a MyST comment: nothing shows (an empty one would print the repr)
                display(_Bundle({"application/vnd.plotly.v1+json": lab_chart(_FIGURES[name]),
                                 "text/markdown": "% the chart, drawn here in JupyterLab; the book draws it below"}))
        try:
            shown = lab.to_html(piece)
        except Exception as error:  # JupyterLab's reading only: the book's MyST is printed whatever happens
            shown = f"<pre>{html.escape(piece)}</pre><p>(not rendered for JupyterLab: {html.escape(type(error).__name__)})</p>"
        display(_Bundle({"text/markdown": piece, "text/html": shown}))



def json_ld(text: str) -> Any:
    """JSON-LD embedded in the page (a <script type="application/ld+json"> output), for search engines and
    fact-check tools.  The JSON is parsed and written again with every "<", ">" and "&" as a \\u escape, so no text
    in it (an article's words, a title) can close the script element or open another."""
    from IPython.display import HTML

    body = json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    body = body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return HTML(f'<script type="application/ld+json">{body}</script>')
