"""A seeds folder of hostile inputs, made outside the project (issue 9's "Done when"):

    python tests/hostile_corpus.py DIR      writes DIR (the seeds folder) and DIR-outside/ (files it must never publish)

The two real articles (so the reference record still finds its claims), and then: file names of every awkward kind
(shell, Make and MyST syntax, a newline, a tab, bytes that are not UTF-8, 250 bytes long); markup in every field of
text dumps and saved pages (title, meta author with line breaks, canonical URL, JSON-LD headline, url and author,
paragraphs and quotations); pages built to crash a parser (JSON-LD with a list @type, nested 100,000 deep, a 20 MB
line, too many tags, mixed encodings, binary, empty); links out of the folder, dangling and looping links, a named
pipe, a sub-folder; real articles whose titles say "not found" or "server error", and a real error page; a
manifest whose titles and URLs carry markup too.

Every payload that would run as script sets `window.PWNED`, calls alert() or writes PWNED into the title, so a
browser test can tell; the private file holds the marker `PRIVATE-MARKER-7f3a` that must appear in no output.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRIVATE_MARKER = "PRIVATE-MARKER-7f3a"
SCRIPT = "<script>window.PWNED=1;alert('PWNED')</script>"
IMG = "<img src=x onerror=\"window.PWNED=1;alert('PWNED')\">"
MARKUP = [
    SCRIPT, IMG, "`code` ``two`` ```", "{ref}`x <src-x>`", "{download}`x <../../etc/passwd>`", ":::{raw} html\n" + SCRIPT + "\n:::",
    "[link](javascript:alert('PWNED'))", "<javascript:alert('PWNED')>", "$x^2$", "{{ substitution }}", "| a | b |",
    "# heading", "- list", "1. item", "(label)=", "% comment", "+++", "&lt;script&gt; &amp; &#60;", "**bold** _it_ ~~s~~",
    "<!-- comment -->", "\\backslash\\", "<style>body{display:none}</style>", "<iframe src=javascript:alert(1)>",
]

# Body paragraphs shared by the pages: long enough to read as an article, with mentions and quotations.
BODY = [
    "The Collective Security Treaty Organization said on Tuesday that its members would meet again in Moscow "
    "next month, officials in Minsk said.",
    "\"We will not be blackmailed by anyone,\" said Nikolai Bordyuzha, the secretary general of the CSTO, adding "
    "that the bloc would discuss NATO's plans.",
    "Armenia, Kazakhstan and Kyrgyzstan have not said whether they will attend the talks, which follow months of "
    "tension over the bloc's future.",
]


def text_dump(title: str, body: list[str], author: str = "Jane Doe", date: str = "Mar 3, 2020") -> str:
    return f"{title}\n\n{author} {date}\n\n" + "\n\n".join(body) + "\n"


def html_page(title: str, body: list[str], head: str = "", jsonld: object | None = None, raw_jsonld: str = "") -> str:
    from html import escape

    # as a site writes it: "</" escaped, or the markup in a string would end the script element
    script = raw_jsonld or (json.dumps(jsonld).replace("</", "<\\/") if jsonld is not None else "")
    ld = f'<script type="application/ld+json">{script}</script>' if script else ""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title>{ld}{head}</head>"
            f"<body><article><h1>{escape(title)}</h1>{paragraphs}</article></body></html>")


def hostile_paragraphs(tag: str) -> list[str]:
    """Paragraphs and quotations carrying every payload, one per line (a quotation holds markup too)."""
    out = [f"{tag}: the bloc's statement held this: {m.replace(chr(10), ' ')} and the text went on after it." for m in MARKUP]
    out.append(f"\"{SCRIPT} is what we said,\" said Ivan Petrov, the deputy minister, on Tuesday in Moscow.")
    out.append(f"Critics called it \u201c{IMG} `tick` {{ref}}`x <y>`\u201d on Wednesday, and the talks went on.")
    return out


def build(folder: Path) -> dict:
    """Write the corpus into `folder` (created; must not exist) and its outside files beside it.  Returns what a test
    needs: the private marker, the outside folder and the names of the entries that are not regular files."""
    folder = Path(folder)
    folder.mkdir(parents=True)
    outside = folder.with_name(folder.name + "-outside")
    outside.mkdir(exist_ok=True)
    (outside / "private.txt").write_text(text_dump("Private Notes", [f"The password is {PRIVATE_MARKER}, said the owner of "
                                                                     "this file, which is not a seed at all."] + BODY), encoding="utf-8")
    (outside / "private.html").write_text(html_page("Private Page", [f"Private text {PRIVATE_MARKER} that must never be "
                                                                     "published by the dossier, whatever links to it."] + BODY), encoding="utf-8")

    # the real articles and their manifest entries, so the record's claims find their paragraphs
    seeds = ROOT / "seeds"
    manifest = json.loads((seeds / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["sources"]:
        shutil.copy(seeds / entry["file"], folder / entry["file"])

    def write(name: str | bytes, content: str | bytes) -> None:
        path = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else os.fsencode(name))
        with open(path, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)

    # --- file names of every awkward kind, each an article that goes into the book
    names = [";{touch,PWNED};{id,};#.txt", "$(touch PWNED).txt", "`touch PWNED`.txt", "colon: semi; tab\there.txt",
             "new\nline.txt", "-rf --no-preserve-root.txt", "<img src=x onerror=alert('PWNED')>.txt", "<script>alert('PWNED')<\\script>.txt", "a'b\"c.txt",
             "{ref}`x <y>` :::{raw} html.txt", "%(x)s {0} $HOME ${PATH} %PATH%.txt", "[link](javascript:x).txt",
             "name with  spaces .txt", "кириллица ДОКУМЕНТ.txt", "emoji \U0001F4A3.txt", "x" * 246 + ".txt"]
    for i, name in enumerate(names):
        write(name, text_dump(f"Awkward Name {i} Article", [f"This article {i} was saved under an awkward file name."] + BODY))
    write(b"latin1-\xe9\xff.txt", text_dump("Latin Name Article", ["Saved under a name that is not UTF-8."] + BODY))

    # --- markup in every field of a text dump: title, paragraphs, quotations
    for i, payload in enumerate(MARKUP):
        title = f"T{i} {payload}".replace("\n", " ")
        # a body of its own: the same body under another title is the same article, counted once (issue 8)
        write(f"markup-title-{i:02d}.txt", text_dump(title, [f"Article {i} carries markup in its title only."] + BODY))
    write("markup-paragraphs.txt", text_dump("Markup In Every Paragraph", hostile_paragraphs("dump") + BODY))

    # --- saved pages with markup in the title, meta author (line breaks), canonical URL, site name and JSON-LD
    evil_urls = ["javascript:alert('PWNED')", "https://example.org/x>\"<script>window.PWNED=1</script>",
                 "https://example.org/a)\n:::{raw} html\n" + SCRIPT + "\n:::", "data:text/html,<script>alert(1)</script>",
                 "https://example.org/ok?a=1&b=<2>&c=`3`"]
    authors = ["Jane Doe\n\n# Injected Heading\n\n- injected item\n\n:::{admonition} swallowed\n", IMG + " & Co",
               "{ref}`a <b>`\n\n```{raw} html\n" + SCRIPT + "\n```"]
    for i, url in enumerate(evil_urls):
        author = authors[i % len(authors)]
        head = (f"<link rel='canonical' href=\"{url.replace(chr(34), '&quot;')}\">"
                f"<meta name='author' content=\"{author.replace(chr(34), '&quot;')}\">"
                f"<meta property='og:site_name' content=\"Site {IMG.replace(chr(34), '&quot;')}\">")
        write(f"page-canonical-{i}.html", html_page(f"Page {i} {SCRIPT}", BODY + [f"Page {i} has its own paragraph."], head=head))
        jsonld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": f"JSON-LD {i} {IMG} `x`",
                  "datePublished": f"2020-04-0{i + 1}", "url": url, "author": [{"name": author}, {"name": SCRIPT}],
                  "publisher": {"name": "{ref}`pub <x>`"}}
        write(f"page-jsonld-{i}.html", html_page(f"Visible {i}", BODY + [f"JSON-LD page {i} paragraph."], jsonld=jsonld))
    write("page-markup-body.html", html_page("Markup In The Body Of A Page", hostile_paragraphs("html") + BODY))
    write("page-jsonld-unescaped.html", html_page("Visible Unescaped", BODY + ["Its JSON-LD breaks out of its script."],
                                                  raw_jsonld=json.dumps({"@type": "NewsArticle", "headline": SCRIPT})))

    # --- pages built to crash a parser, and files that are not articles
    write("crash-jsonld-list-type.html", html_page("List Type", BODY, jsonld={"@type": [{"@id": "x"}, ["y"]], "headline": "H",
                                                                            "datePublished": "2020-05-01"}))
    write("crash-jsonld-deep.html", html_page("Deep JSON-LD", BODY + ["Deep page."], raw_jsonld="[" * 100_000 + "]" * 100_000))
    write("crash-jsonld-graph-deep.html", html_page("Deep Graph", BODY + ["Graph page."], raw_jsonld='{"@graph":' * 3000 + "{}" + "}" * 3000))
    write("crash-jsonld-types.html", html_page("Wrong Types", BODY + ["Types page."], jsonld={
        "@type": "NewsArticle", "headline": {"@value": ["nested", 1]}, "datePublished": 20200501, "author": 12,
        "url": ["https://example.org/list"], "publisher": [[{"name": ["deep"]}]], "mainEntityOfPage": {"@id": {"x": 1}}}))
    write("crash-one-line-20mb.txt", "A Title\n\nJane Doe Mar 3, 2020\n\n" + "word " * (4 * 2**20) + "\n")
    write("crash-many-tags.html", "<html><body>" + "<i>" * 250_000 + "</body></html>")
    write("crash-mixed-encodings.txt", text_dump("Mixed — Encodings", BODY).encode("utf-8") + "\u201cquoted\u201d\n".encode("cp1252"))
    write("crash-binary.txt", bytes(range(256)) * 64)
    write("crash-empty.txt", b"")
    write("crash-pdf.html", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    write("crash-truncated.html", html_page("Cut Off Page", BODY + ["The end is missing."])[:-40])
    write("crash-nul-bytes.txt", text_dump("Nul \x00 Title", BODY).replace("Minsk", "Min\x00sk"))
    write("crash-control-chars.txt", text_dump("Control \x1b[31m\x07 Title", [p + " \x1b]0;PWNED\x07" for p in BODY]))
    write("crash-bidi.txt", text_dump("Bidi \u202e txt.exe \u202c Title", BODY))

    # --- error pages and real articles that say "not found"
    write("real-not-found.txt", text_dump("Weapons Not Found In CSTO Inspection", BODY + ["Inspectors said nothing was found."]))
    write("real-server-error.html", html_page("Server Error Hits Bloc's Website Before Summit", BODY + ["The site was down."]))
    write("error-404.html", "<html><head><title>Page not found | Eurasianet</title></head><body><h1>Page not found</h1>"
                            "<p>The requested page could not be found.</p></body></html>")
    write("error-500.html", "<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1>"
                            "<p>nginx</p></body></html>")

    # --- a long word in a title (it becomes part of ids and file names)
    write("long-word-title.txt", text_dump("Bloc " + "x" * 300, BODY + ["A title with a very long word."]))

    # --- what is not a regular file
    specials = {"link-to-private.txt": outside / "private.txt", "link-to-private.html": outside / "private.html",
                "link-to-etc-passwd.txt": Path("/etc/passwd"), "link-relative-escape.txt": Path("..") / outside.name / "private.txt",
                "link-dangling.txt": outside / "missing.txt", "link-loop.txt": Path("link-loop.txt")}
    for name, target in specials.items():
        os.symlink(target, folder / name)
    os.symlink(manifest["sources"][0]["file"], folder / "link-inside.txt")  # stays inside: read, counted as a duplicate
    os.mkfifo(folder / "a-named-pipe.txt")
    (folder / "a sub-folder").mkdir()
    (folder / "a sub-folder" / "hidden-article.txt").write_text(text_dump("In A Sub-Folder", BODY), encoding="utf-8")

    # --- a manifest whose entries carry markup too (it wins over what a page says)
    hostile_entries = [{"file": "markup-title-00.txt", "url": "https://example.org/m\"><script>window.PWNED=1</script>",
                        "outlet": IMG, "title": f"Manifest {SCRIPT} `x`", "author": authors[0], "published": "2020-03-03",
                        "retrieved": "2026-01-01", "format": "text/plain " + IMG, "sha256": "0" * 64, "usage": "{ref}`u <v>`"}]
    manifest["sources"] = manifest["sources"] + hostile_entries
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return {"outside": outside, "marker": PRIVATE_MARKER, "not_files": sorted(list(specials) + ["a-named-pipe.txt", "a sub-folder"])}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    made = build(Path(sys.argv[1]))
    print(f"hostile corpus in {sys.argv[1]} (files it must never publish: {made['outside']})")
