"""The chapters' prose as JupyterLab shows it.

The book reads a chapter's prose as MyST: glued numbers ({glue:text}), cross-references ({numref}, {ref}, {doc}),
citations ({cite:p}), downloads and directives (list tables, figures, containers).  JupyterLab renders plain
Markdown and would show all of that as source text.  So every piece of prose is printed by a code cell as a mime
bundle with two renderings of the same text (scripts.book.render.prose):

- `text/markdown`: the MyST itself, which the book prefers (`nb_mime_priority_overrides` in _config.yml), so the
  pages are what they were;
- `text/html`: the same MyST rendered here, by the same parser (myst-parser on docutils), with the Sphinx-only roles
  and directives given plain readings: a glued number is the number, a cross-reference its words, a citation
  "(Author year)", a download a link to the file, a glued figure its caption (the chart itself is the output
  before it).  JupyterLab prefers text/html to text/markdown.

Text from the articles reaches the MyST only through scripts/book/myst.py's escaping, so it is text here too.
"""
from __future__ import annotations

import io
import json
import re
from functools import lru_cache
from typing import Callable

from docutils import nodes
from docutils.core import publish_doctree, publish_from_doctree
from docutils.parsers.rst import Directive, directives, roles

from scripts import paths

# Values glued by scripts.book.render.say(), read by {glue:text}: a kernel runs one chapter, so one dict.
VALUES: dict[str, str] = {}
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)


def _split(text: str) -> tuple[str, str]:
    """`words <target>` -> (words, target); `target` -> ("", target)."""
    m = _EXPLICIT.match(text)
    return (m.group("text"), m.group("target")) if m else ("", text)


def _words(label: str) -> str:
    """A label as words: "fig-membership-timeline" -> "membership timeline"."""
    return re.sub(r"^(fig|tbl|src)-", "", label).replace("-", " ").replace("_", " ")


@lru_cache(maxsize=1)
def _bibliography() -> dict[str, str]:
    """{key: "Author year"} from references.bib and the generated articles.bib, for {cite:p} in JupyterLab."""
    from pybtex.database import parse_file

    out: dict[str, str] = {}
    for bib in (paths.ROOT / "references.bib", paths.BUILD / "bib" / "articles.bib"):
        if not bib.is_file():
            continue
        for key, entry in parse_file(str(bib)).entries.items():
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            who = (" ".join(people[0].last_names) if people else "") or entry.fields.get("organization", "") \
                or entry.fields.get("publisher", "") or entry.fields.get("title", key)
            who = re.sub(r"[{}]", "", who) + (" et al." if len(people) > 2 else f" and {' '.join(people[1].last_names)}"
                                                if len(people) == 2 else "")
            year = entry.fields.get("year", "") or entry.fields.get("date", "")[:4]
            out[key] = f"{who} {year}".strip()
    return out


@lru_cache(maxsize=None)
def _page_title(doc: str) -> str:
    """The first heading of a chapter (for a {doc} reference without words)."""
    for suffix in (".ipynb", ".md"):
        path = paths.CHAPTERS / f"{doc}{suffix}"
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if suffix == ".ipynb":
                text = "".join("".join(c["source"]) for c in json.loads(text)["cells"] if c["cell_type"] == "markdown")
            m = re.search(r"^# (.+)$", text, re.M)
            return m.group(1).strip() if m else doc
    return doc


def _role(make: Callable[[str], nodes.Node]):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        return [make(text)], []
    return role


def _cite(parenthetical: bool):
    def make(text: str) -> nodes.Node:
        names = [_bibliography().get(k.strip(), k.strip()) for k in text.split(",") if k.strip()]
        said = "; ".join(names)
        return nodes.Text(f"({said})" if parenthetical else said)
    return make


def _doc(text: str) -> nodes.Node:
    words, target = _split(text)
    return nodes.reference("", words or _page_title(target), refuri=f"{target}.ipynb")


def _download(text: str) -> nodes.Node:
    words, target = _split(text)
    return nodes.reference("", words or target, refuri=target)


ROLES = {
    "glue:text": lambda text: nodes.Text(VALUES.get(text.strip(), text.strip())),
    "glue": lambda text: nodes.Text(VALUES.get(text.strip(), text.strip())),
    "numref": lambda text: nodes.emphasis("", _split(text)[0].replace("{number}", "").strip()
                                          or f"Figure “{_words(_split(text)[1])}”"),
    "ref": lambda text: nodes.Text(_split(text)[0] or _words(_split(text)[1])),
    "doc": _doc,
    "download": _download,
    "cite:p": _cite(True),
    "cite:t": _cite(False),
    "cite": _cite(True),
}


class _Caption(Directive):
    """{glue:figure} in JupyterLab: the caption, set apart (the chart is drawn by the output before it)."""
    required_arguments = 1
    has_content = True
    option_spec = {"name": directives.unchanged, "figclass": directives.unchanged, "alt": directives.unchanged,
                   "figwidth": directives.unchanged, "width": directives.unchanged, "align": directives.unchanged}

    def run(self):
        box = nodes.container(classes=["dossier-lab-caption"])
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


class _Div(Directive):
    """MyST's {div} (a container with classes), which plain docutils lacks."""
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"class": directives.class_option, "name": directives.unchanged}

    def run(self):
        box = nodes.container(classes=(self.arguments[0].split() if self.arguments else []) + self.options.get("class", []))
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


def _register() -> None:
    for name, make in ROLES.items():
        roles.register_local_role(name, _role(make))
    directives.register_directive("glue:figure", _Caption)
    directives.register_directive("div", _Div)


def to_html(text: str) -> str:
    """MyST prose as an HTML fragment for JupyterLab (see the module's docstring)."""
    from myst_parser.parsers.docutils_ import Parser
    import yaml

    _register()
    extensions = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))["parse"]["myst_enable_extensions"]
    settings = {"myst_enable_extensions": extensions, "report_level": 5, "halt_level": 5,
                "warning_stream": io.StringIO(), "output_encoding": "unicode", "embed_stylesheet": False,
                "stylesheet_path": "", "doctitle_xform": False, "raw_enabled": True, "file_insertion_enabled": False}
    tree = publish_doctree(text, parser=Parser(), settings_overrides=settings)
    for problem in list(tree.findall(nodes.system_message)):  # nothing of the parser's own diagnostics is prose
        problem.parent.remove(problem)
    html = publish_from_doctree(tree, writer_name="html5", settings_overrides=settings)
    body = re.search(r"<main>\s*(.*?)\s*</main>", html, re.S) or re.search(r'<div class="document"[^>]*>\s*(.*?)\s*</div>\s*</body>', html, re.S)
    return body.group(1) if body else html
