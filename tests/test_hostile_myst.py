"""The escaping layer (scripts/book/myst.py): whatever a title, author, URL, quotation, paragraph or file name holds,
the page shows exactly that text and nothing in it becomes MyST, HTML or a link it should not be.  Checked with the
real MyST parser (tests/myst_render.py): the doctree and its HTML, not the Markdown string."""
from __future__ import annotations

import string
from urllib.parse import unquote

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from myst_render import body, expected_text, node_types, render, squash
from scripts.book import myst, views

MARKUP = list("<>`{}[]()*_#:$|&;!~^\\'\"%+-=./@?, \n\t\r") + [":::", "```", "{ref}`x <y>`", "<script>", "&lt;",
                                                                "\n# ", "\n- ", "\n1. ", "$$", "{{ x }}", "(t)=", "%"]
hostile = st.lists(st.one_of(st.sampled_from(MARKUP), st.characters(codec="utf-8"), st.sampled_from(["\x00", "\x1b", "\x7f", "\x85", "\u2028", "\xa0"])),
                   max_size=40).map("".join)
FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What a chapter may emit as raw HTML around escaped text: the source appendix's paragraph numbers and highlights.
ALLOWED_TAGS = {"html", "head", "body", "meta", "title", "main", "div", "section", "h1", "h2", "h3", "p", "a", "span", "mark",
                "code", "em", "strong", "ul", "li", "table", "thead", "tbody", "tr", "td", "th", "colgroup", "col",
                "style", "link"}


def only_text(md: str) -> str:
    """The text of a Markdown snippet that must render as one paragraph of plain text and nothing else."""
    out = render(md)
    assert out.warnings == "", out.warnings
    assert node_types(out.tree) <= {"document", "paragraph"}, out.tree.pformat()
    return out.tree.astext()


# --- the findings of issue 9, each failing on the code before the escaping layer ---------------------------------

@pytest.mark.parametrize("title", ["a < b", "x > y <z>", "`backtick` title", "`leading", "ends with `", "<img src=x onerror=alert(1)>"])
def test_a_title_with_angle_brackets_or_backticks_is_a_reference_showing_it(title):
    md = "(src-a-p1)=\n\nThe paragraph.\n\n" + myst.ref(title, "src-a-p1")  # raised ValueError before
    out = render(md)
    assert out.warnings == ""
    links = [r for r in out.tree.findall(lambda n: n.tagname == "reference")]
    assert len(links) == 1 and links[0].astext() == title and links[0].get("refid") == "src-a-p1"
    assert "raw" not in node_types(out.tree)


@pytest.mark.parametrize("name", ["a`b.txt", "``x``.txt", "`<img src=x onerror=alert(1)>`.txt", "x` <script>alert(1)</script> `.html",
                                  "new\nline.txt", "tab\there.txt", " leading space.txt", "`"])
def test_a_file_name_is_inline_code_whatever_it_holds(name):
    out = render(myst.code(name))
    literal = list(out.tree.findall(lambda n: n.tagname == "literal"))
    assert len(literal) == 1 and literal[0].astext() == name.replace("\n", "\u240a").replace("\t", "\u2409")
    assert node_types(out.tree) == {"document", "paragraph", "literal"}
    assert not out.soup.find("script") and not out.soup.find("img")


@pytest.mark.parametrize("url", ["http://example.org/a>b<img src=x onerror=alert(1)>", "https://example.org/\n<script>alert(1)</script>",
                                 "https://example.org/x)\n:::{raw} html\n<script>alert(1)</script>\n:::",
                                 "http://example.org/ space \"quote\" `tick` {brace}"])
def test_a_url_with_markup_is_one_link_or_text(url):
    out = render(myst.link(url, "the page"))
    assert out.warnings == ""
    assert {t.name for t in body(out).find_all(True)} <= ALLOWED_TAGS and not body(out).find(["script", "img"])
    links = external_links(out)
    if "\n" in url:  # a URL holding a line break is refused: shown as text after the link text
        assert links == [] and squash(out.tree.astext()) == squash(f"the page ({expected_text(url)})")
    else:
        assert [(a.get_text(), unquote(a["href"])) for a in links] == [("the page", url)]


def external_links(out) -> list:
    """The page's links that leave it (every href that is not a #fragment)."""
    return [a for a in body(out).find_all("a", href=True) if not a["href"].startswith("#")]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd",
                                 "//evil.example/x", "/relative/path", "mailto:x@example.org", "http://", "http://[::1"])
def test_only_http_urls_with_a_host_are_links(url):
    assert myst.safe_url(url) is None
    out = render(myst.link(url))
    assert external_links(out) == [] and not out.soup.find("a")
    assert squash(out.tree.astext()) == squash(expected_text(url))


PAGE = "# Source texts\n\n"  # the appendix's own heading: an article's title is a level-2 heading under it


def hostile_article(**over) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    row = {"article_id": "2020-01-01-a", "title": "A title", "author": "Jane Doe", "outlet": "Outlet", "published": "2020-01-01",
           "url": "https://example.org/a", "source_file": "a.txt", "sha256": "0" * 64, "paragraph_count": "1",
           "word_count": "3", "quote_count": "0"}
    row.update(over)
    paragraphs = pd.DataFrame([{"article_id": row["article_id"], "paragraph": "1", "text": over.get("text", "Body text here.")}])
    quotes = pd.DataFrame(columns=["article_id", "paragraph", "start", "end", "kind", "quote_id", "speaker", "via"])
    return pd.DataFrame([row]), paragraphs, quotes


def test_an_author_with_line_breaks_injects_no_heading_list_or_container():
    author = "Jane Doe\n\n# Injected heading\n\n- a list item\n\n:::{admonition} boxed\nswallowed\n:::\n\n<script>alert(1)</script>"
    out = render(PAGE + views.source_texts(*hostile_article(author=author)))
    assert out.warnings == ""
    headings = [t.astext() for t in out.tree.findall(lambda n: n.tagname == "title")]
    assert headings == ["Source texts", "A title"]
    assert not ({"bullet_list", "admonition", "container"} & node_types(out.tree))
    assert squash(expected_text(author)) in squash(out.tree.astext())
    assert "Body text here." in out.tree.astext()  # the paragraph is not swallowed
    assert not out.soup.find("script")


def test_the_article_header_shows_every_field_verbatim():
    fields = {"title": "T <i>x</i> `y` {ref}`z <w>`", "author": "$a$ | b", "outlet": "*O* & <o>", "published": "2020-01-01",
              "url": "https://example.org/?q=<x>&y=`1`", "source_file": "f`i`le <n>.txt"}
    out = render(PAGE + views.source_texts(*hostile_article(**fields)))
    assert out.warnings == ""
    text = squash(out.tree.astext())
    for key in ("title", "author", "outlet"):
        assert fields[key] in text
    assert "seeds/" + fields["source_file"] in [n.astext() for n in out.tree.findall(lambda n: n.tagname == "literal")]
    assert [unquote(a["href"]) for a in external_links(out)] == [fields["url"]]
    assert {t.name for t in body(out).find_all(True)} <= ALLOWED_TAGS


def test_generated_names_are_bounded_and_safe():
    long_word = "x" * 300
    stem = myst.file_stem(f"fig-membership-matrix-2020-01-01-{long_word}")
    assert len(stem) <= myst.FILE_STEM_MAX and set(stem) <= set(string.ascii_lowercase + string.digits + "-")
    assert myst.file_stem("fig-verdicts") == "fig-verdicts"  # a safe name stays as it is
    assert myst.file_stem("a/../b") != myst.file_stem("a-b")  # a changed name carries the original's hash
    assert myst.file_stem("Россия") and myst.file_stem("Россия") != myst.file_stem("Беларусь")
    lab = myst.label("src-" + long_word + "-p1")
    assert len(lab) <= myst.LABEL_MAX
    assert myst.label("src-2020-03-03-россия-и-одкб-p1") == "src-2020-03-03-россия-и-одкб-p1"
    with pytest.raises(ValueError):
        myst.figure_block("fig <x>", "caption")


def test_chart_text_is_not_plotly_markup():
    assert myst.chart_text("<b>bold</b> & <a href='x'>l</a>") == "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href='x'&gt;l&lt;/a&gt;"


# --- property-based: random text, markup characters included ---------------------------------------------------

@FAST
@given(hostile)
def test_md_escape_round_trips_as_plain_text(text):
    assert only_text("x" + myst.md_escape(text) + "x") == "x" + expected_text(text) + "x"
    if expected_text(text).strip():
        shown = only_text(myst.md_escape(text))
        assert shown == expected_text(text)


@FAST
@given(hostile)
def test_md_escape_is_plain_text_in_a_heading_and_a_table_cell(text):
    shown = expected_text(text)
    heading = "# " + (myst.md_escape(text) if shown.strip() else "Heading") + "\n\n"
    out = render(heading + myst.list_table(["h"], [[myst.md_escape(text)]]))
    assert out.warnings == ""
    assert node_types(out.tree) <= {"document", "section", "title", "paragraph", "table", "tgroup", "colspec", "thead",
                                    "tbody", "row", "entry"}
    assert [t.astext() for t in out.tree.findall(lambda n: n.tagname == "title")] == [shown if shown.strip() else "Heading"]
    cells = [e.astext() for e in out.tree.findall(lambda n: n.tagname == "entry")]
    assert cells == ["h", shown.strip(" ") if shown.strip() else ""] or cells == ["h", shown]


@FAST
@given(hostile)
@example("\x1f")  # Python's strip() drops it, the page shows its picture: once shown as "(untitled)"
@example("\x1c \t")
def test_ref_round_trips(text):
    out = render("(some-target)=\n\nP.\n\n" + myst.ref(text, "some-target"))
    assert out.warnings == ""
    refs = list(out.tree.findall(lambda n: n.tagname == "reference"))
    assert len(refs) == 1 and refs[0].get("refid") == "some-target"
    assert refs[0].astext() == (expected_text(text).strip() or "(untitled)")
    assert node_types(out.tree) <= {"document", "paragraph", "target", "reference"}


@FAST
@given(hostile)
def test_code_round_trips(text):
    out = render("x " + myst.code(text) + " y")
    literals = [n.astext() for n in out.tree.findall(lambda n: n.tagname == "literal")]
    from scripts.book.myst import _visible

    assert literals == ([_visible(text.replace("\u2028", "\u2424").replace("\u2029", "\u2424"))] if text else [])
    assert node_types(out.tree) <= {"document", "paragraph", "literal"}


@FAST
@given(hostile, hostile)
def test_link_is_an_http_link_or_text(url, text):
    out = render(myst.link(url, text))
    assert out.warnings == ""
    links = external_links(out)
    assert len(links) == (myst.safe_url(url) is not None)
    for a in links:
        assert a["href"].startswith(("http://", "https://", "HTTP://")) and a.get_text() == (text or url).strip(" \t\n\r\f") or \
            squash(a.get_text()) == squash(expected_text(text or url))
    assert {t.name for t in body(out).find_all(True)} <= {"p", "a"}


@FAST
@given(st.sampled_from(["http://", "https://", "HTTP://"]), hostile, hostile)
def test_an_http_url_is_percent_encoded_and_decodes_to_itself(scheme, path, query):
    url = scheme + "example.org/" + path + "?" + query
    href = myst.safe_url(url)
    if any(ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f or 0xd800 <= ord(c) <= 0xdfff for c in url):
        assert href is None
        return
    url = url.strip(" ")
    assert href is not None and all(c.isascii() and c.isprintable() and c not in ' <>"`{}|\\^' for c in href)
    if "%" not in url:
        assert unquote(href) == url


@FAST
@given(hostile)
def test_html_attr_round_trips(text):
    from bs4 import BeautifulSoup

    from scripts.book.myst import _visible

    tag = BeautifulSoup(f'<mark title="{myst.html_attr(text)}">x</mark>', "html.parser").mark
    assert tag is not None and list(tag.attrs) == ["title"] and tag.get_text() == "x"
    assert tag["title"] == _visible(text.replace("\r\n", "\n").replace("\r", "\n"), keep="\t\n")


@FAST
@given(hostile)
def test_labels_resolve_and_differ(text):
    lab = myst.label(text)
    assert lab and len(lab) <= myst.LABEL_MAX
    out = render(f"({lab})=\n\nP.\n\n" + myst.ref("x", lab))
    assert out.warnings == ""
    assert [r.get("refid") for r in out.tree.findall(lambda n: n.tagname == "reference")] != [None]
    if text != lab:
        assert myst.label(text + "!") != lab


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=hostile, author=hostile, outlet=hostile, url=hostile, name=hostile, text=hostile, speaker=hostile)
def test_the_source_appendix_shows_any_article_verbatim(title, author, outlet, url, name, text, speaker):
    text = text + " said the quote."
    arts, paras, _ = hostile_article(title=title, author=author, outlet=outlet, url=url, source_file=name, text=text)
    quotes = pd.DataFrame([{"article_id": "2020-01-01-a", "paragraph": "1", "start": "0", "end": str(len(text)), "kind": "quote",
                            "quote_id": "2020-01-01-a-p1-q1\"><script>", "speaker": speaker, "via": ""}])
    out = render(PAGE + views.source_texts(arts, paras, quotes))
    assert out.warnings == ""
    shown = squash(out.tree.astext())
    assert [t.astext() for t in out.tree.findall(lambda n: n.tagname == "title")] == ["Source texts", expected_text(title) if title else "Untitled"]
    for value in (author, outlet):
        assert squash(expected_text(value)) in shown
    assert squash(expected_text(text)) in shown
    html = body(out)
    assert {t.name for t in html.find_all(True)} <= ALLOWED_TAGS
    assert not any(attr.lower().startswith("on") for t in html.find_all(True) for attr in t.attrs)
    marks = html.find_all("mark")
    assert len(marks) == 1 and marks[0]["id"] == quotes["quote_id"][0]
    for a in html.find_all("a", href=True):
        assert a["href"].startswith(("http://", "https://", "#"))


# --- charts: the same HTML on every build, and data drawn as text ----------------------------------------------

CHART = """
import plotly.graph_objects as go, plotly.io as pio
from scripts.book import render
render.use_offline_renderer()
fig = go.Figure(go.Bar(y=["<b>bold</b> & co", "plain"], x=[1, 2], name="<i>it</i>", hovertemplate="%{y}<br>%{x}"))
fig.update_layout(meta={"name": "fig-test", "alt": 'a "quoted" <alt> & more'},
                  yaxis={"categoryorder": "array", "categoryarray": ["plain", "<b>bold</b> & co"]})
print(pio.renderers["dossier"].to_mimebundle(fig.to_dict())["text/html"])
"""


@pytest.mark.slow
def test_a_chart_renders_to_the_same_html_in_two_processes():
    import subprocess
    import sys

    from scripts import paths

    runs = [subprocess.run([sys.executable, "-c", CHART], cwd=paths.ROOT, capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs[0] == runs[1]  # plotly's own div id is a random uuid4: two builds of one book differed
    assert 'id="chart-fig-test-' in runs[0]


def test_chart_data_is_escaped_for_plotly_and_the_figure_markup_kept():
    import plotly.graph_objects as go

    from scripts.book import render

    fig = go.Figure(go.Bar(y=["<b>bold</b> & co"], x=[1], name="<i>it</i>", hovertemplate="%{y}<br>%{x}",
                           customdata=[["<a href='http://x'>l</a>"]]))
    fig.update_layout(yaxis={"categoryarray": ["<b>bold</b> & co"]}, title={"text": "Title<br>two lines"})
    out = render.escape_chart_data(fig.to_dict())
    trace = out["data"][0]
    assert list(trace["y"]) == ["&lt;b&gt;bold&lt;/b&gt; &amp; co"] and trace["name"] == "&lt;i&gt;it&lt;/i&gt;"
    assert trace["customdata"] == [["&lt;a href='http://x'&gt;l&lt;/a&gt;"]]
    assert out["layout"]["yaxis"]["categoryarray"] == ["&lt;b&gt;bold&lt;/b&gt; &amp; co"]
    assert trace["hovertemplate"] == "%{y}<br>%{x}" and out["layout"]["title"]["text"] == "Title<br>two lines"
    alt = 'Bars of "<b>bold</b> & co" <script>alert(1)</script>\nsecond line'
    fig.update_layout(meta={"name": "fig-<x>", "alt": alt})
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(render.OfflineHtmlRenderer().to_mimebundle(fig.to_dict())["text/html"], "html.parser")
    chart, shown = soup.select_one(".dossier-chart"), soup.select_one(".dossier-alt")
    assert chart["aria-label"] == alt and chart["data-chart"] == "fig-<x>"
    assert shown.get_text() == alt.replace("\n", " ") and shown.find("script") is None and shown.find("b") is None
