"""The built book (_build/html, made by `make book` before the tests) loads nothing from the network.

Every page is read for what a browser would fetch by itself: script, stylesheet, icon, image, font, frame and media
sources, inline styles and @imports; every shipped stylesheet for url() and @import; every shipped script for
absolute URLs outside a pinned list of hosts that only plotly's map traces (which the dossier does not use) or
licence comments name.  Local references must resolve to files in the build.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from scripts import paths

HTML = paths.HTML
# _static/*.html are the theme's Jinja macro files, copied as they are, not pages.
PAGES = sorted(p for p in HTML.rglob("*.html") if "_static" not in p.relative_to(HTML).parts) if HTML.is_dir() else []
STYLESHEETS = sorted(HTML.rglob("*.css")) if HTML.is_dir() else []
SCRIPTS = sorted(p for p in HTML.rglob("*.js") if p.name != "searchindex.js") if HTML.is_dir() else []

REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)
# Hosts named inside shipped JavaScript that are never fetched by the dossier: XML namespaces, licence and
# documentation links in comments or error messages, and plotly's map-tile/topojson services (used only by map
# traces, which the dossier has none of; the browser test also asserts that no page makes any remote request).
JS_HOSTS_NEVER_FETCHED = {
    "www.w3.org", "developer.mozilla.org", "pydata-sphinx-theme.readthedocs.io", "clipboardjs.com",
    "feross.org", "get.webgl.org", "getify.mit-license.org", "syntheti.cc", "www.esri.com", "github.com",
    "maplibre.org", "plotly.com", "cloud.plotly.com", "wiki.openstreetmap.org", "www.openstreetmap.org",
    "basemaps.cartocdn.com", "tiles.basemaps.cartocdn.com", "cdn.jsdelivr.net", "cdn.plot.ly",
    "fonts.openmaptiles.org", "geoserveis.icgc.cat", "server.arcgisonline.com", "tile.openstreetmap.org",
    "tilemaps.icgc.cat",
}
FETCHING_ATTRS = {  # tag -> attributes the browser fetches without a click
    "script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "frame": ["src"], "embed": ["src"],
    "source": ["src", "srcset"], "video": ["src", "poster"], "audio": ["src"], "track": ["src"],
    "object": ["data"], "input": ["src"], "image": ["href", "xlink:href"], "use": ["href", "xlink:href"],
}
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "prefetch", "manifest",
                 "apple-touch-icon", "mask-icon", "dns-prefetch", "preconnect"}


def test_the_book_is_built() -> None:
    assert (HTML / "index.html").is_file(), "run `make book` first"
    assert len(PAGES) >= 10


def _css_targets(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [m.group(2) if m.group(2) is not None else m.group(4) for m in CSS_URL.finditer(css)]


def _local_target_exists(page: Path, target: str) -> bool:
    parts = urlsplit(target)
    if parts.scheme in ("data", "blob", "about", "javascript") or not parts.path:
        return True
    return (page.parent / unquote(parts.path)).resolve().is_file()


def _fetched_by(page: Path) -> list[tuple[str, str]]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    found: list[tuple[str, str]] = []
    for tag, attrs in FETCHING_ATTRS.items():
        for el in soup.find_all(tag):
            for attr in attrs:
                value = el.get(attr)
                if value:
                    urls = [v.strip().split(" ")[0] for v in value.split(",")] if "srcset" in attr else [value]
                    found += [(f"<{tag} {attr}>", u) for u in urls]
    for el in soup.find_all("link"):
        rels = {r.lower() for r in (el.get("rel") or [])}
        if rels & FETCHING_RELS and el.get("href"):
            found.append(("<link rel=" + "/".join(sorted(rels)) + ">", el["href"]))
    for el in soup.find_all("style"):
        found += [("<style>", u) for u in _css_targets(el.get_text())]
    for el in soup.find_all(style=True):
        found += [(f"<{el.name} style>", u) for u in _css_targets(el["style"])]
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(HTML)))
def test_page_fetches_nothing_remote_and_every_local_asset_exists(page: Path) -> None:
    fetched = _fetched_by(page)
    remote = [(where, url) for where, url in fetched if REMOTE.match(url)]
    assert remote == []
    missing = [(where, url) for where, url in fetched if not _local_target_exists(page, url)]
    assert missing == []


@pytest.mark.parametrize("sheet", STYLESHEETS, ids=lambda p: str(p.relative_to(HTML)))
def test_stylesheet_imports_nothing_remote(sheet: Path) -> None:
    targets = _css_targets(sheet.read_text(encoding="utf-8", errors="replace"))
    assert [t for t in targets if REMOTE.match(t)] == []
    assert [t for t in targets if not _local_target_exists(sheet, t)] == []


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(HTML)))
def test_script_names_no_host_beyond_the_pinned_never_fetched_ones(script: Path) -> None:
    text = script.read_text(encoding="utf-8", errors="replace")
    hosts = {m.group(1).lower() for m in re.finditer(r"https?://([A-Za-z0-9.-]+)", text)}
    assert hosts - JS_HOSTS_NEVER_FETCHED == set()


def test_plotly_js_is_shipped_once_and_not_inlined() -> None:
    assert (HTML / "_static" / "plotly.min.js").stat().st_size > 1_000_000
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        assert "cdn.plot.ly" not in text, page
        assert text.count("plotly.min.js") <= 1, page
        assert len(text.encode()) < 1_000_000, page


def test_no_thebe_mathjax_or_launch_buttons() -> None:
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for needle in ("thebe", "MathJax", "mathjax", "binder", "colab.research"):
            assert needle not in text, (page, needle)
