"""Chart and table helpers for the book's chapters: the chapters (notebooks) stay thin and call these.

The book ships plotly.js once (`_static/plotly.min.js`, copied from the installed plotly by scripts/book.py), so
figures are emitted as HTML that draws with the page's global `Plotly` and never embeds or downloads plotly.js.
Every chart carries a name, a text alternative and the CSV behind it (written to `chapters/data/`, linked from the
caption with the `{download}` role so it works in the multi-page and the single-page build alike).
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any, Iterable

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io._base_renderers import HtmlRenderer

from scripts import paths

# Okabe–Ito: eight colours that stay distinct for the common forms of colour blindness.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
GREY = "#BBBBBB"

CHART_DATA = paths.CHAPTERS / "data"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "svg"}}


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
            f'<div class="dossier-chart" role="figure" data-chart="{html.escape(name)}" '
            f'aria-label="{html.escape(alt)}">{figure_html}'
            f'<p class="dossier-alt visually-hidden">{html.escape(alt)}</p></div>'
        )}


def use_offline_renderer() -> None:
    """Register the offline renderer (HTML for the book, plotly's own mimetype for JupyterLab) as the default."""
    pio.renderers["dossier"] = OfflineHtmlRenderer()
    pio.renderers.default = "dossier+plotly_mimetype"
    pio.templates.default = "plotly_white"


def finish(fig: go.Figure, name: str, alt: str, data: pd.DataFrame, height: int | None = None) -> go.Figure:
    """Give a figure its name, text alternative and house layout, and write the CSV behind it."""
    CHART_DATA.mkdir(parents=True, exist_ok=True)
    data.to_csv(CHART_DATA / f"{name}.csv", index=False, lineterminator="\n")
    fig.update_layout(
        meta={"name": name, "alt": alt},
        font={"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        colorway=OKABE_ITO,
    )
    if height:
        fig.update_layout(height=height)
    return fig


class _FigureBundle:
    """A figure as a plain mime bundle: plotly's own `_ipython_display_` would display it instead of gluing it."""

    def __init__(self, fig: go.Figure) -> None:
        self.fig = fig

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        return pio.renderers._build_mime_bundle(self.fig.to_dict())


def glue_figure(name: str, fig: go.Figure) -> None:
    """Glue a finished figure under its name, for a `{glue:figure}` with a caption in the chapter's text."""
    from myst_nb import glue

    glue(name, _FigureBundle(fig), display=False)
