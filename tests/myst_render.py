"""MyST as the book reads it, for the escaping tests: the real parser (myst-parser on docutils, with the extensions
_config.yml enables), its doctree, its HTML and every warning it gives.  Sphinx-only roles ({ref}, {glue}) are not
available here; the escaping layer does not use them for data."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import yaml
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.core import publish_doctree, publish_from_doctree
from myst_parser.parsers.docutils_ import Parser

from scripts import paths

EXTENSIONS = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))["parse"]["myst_enable_extensions"]


@dataclass
class Rendered:
    tree: nodes.document
    html: str
    warnings: str

    @property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "html.parser")


def render(markdown: str) -> Rendered:
    stream = io.StringIO()
    settings = {"myst_enable_extensions": EXTENSIONS, "report_level": 2, "halt_level": 5, "warning_stream": stream,
                "output_encoding": "unicode", "embed_stylesheet": False, "stylesheet_path": "",
                "doctitle_xform": False}  # as in Sphinx: a page's first heading stays a section title
    tree = publish_doctree(markdown, parser=Parser(), settings_overrides=settings)
    html = publish_from_doctree(tree, writer_name="html5", settings_overrides=settings)
    return Rendered(tree, html, stream.getvalue())


def body(rendered: Rendered) -> BeautifulSoup:
    return rendered.soup.find("main") or rendered.soup.find("div", class_="document") or rendered.soup


def expected_text(text: str) -> str:
    """What a page shows for `text` in running text: line breaks and tabs as spaces, control characters as their
    pictures (the escaping layer's promise)."""
    from scripts.book.myst import _LINE_SPACE, _visible

    return _visible(str(text).translate(_LINE_SPACE))


def squash(text: str) -> str:
    """White space as a browser shows it (runs of ASCII white space are one space, none at the ends)."""
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip(" \t\n\r\f")


def node_types(tree: nodes.Node) -> set[str]:
    return {type(n).__name__ for n in tree.findall(nodes.Element)}
