"""Last stage of the pipeline: the book as one printable PDF (`_build/pdf/dossier.pdf`).

The HTML book is rebuilt as a single page (Sphinx's `singlehtml` builder, in `_build/singlehtml`, reusing the
notebooks' execution cache, never touching `_build/html`), served on 127.0.0.1 and printed by an installed
Chromium or Chrome driven through playwright (never a browser download).  Before printing, the page is rearranged
into a book: a title page, a table of contents with page numbers, each chapter on its own named CSS page (which
gives the running chapter title in the page margin), links to other pages rewritten to in-page anchors (so they
become internal PDF links), and every plotly chart redrawn at the printable width.  The page numbers in the table
of contents are read back from the first print's named destinations and the book is printed again.

    python -m scripts.pdf [--paper A4|Letter] [--out PATH]

A sidecar `<out>.json` records what was printed (chapters and their first pages, every chart with the texts
its SVG drew, the page margins) for the tests.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator, Mapping

import yaml

from scripts import paths

BROWSER_ENV = "DOSSIER_CHROMIUM"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_OUT = paths.BUILD / "pdf" / "dossier.pdf"

# Page geometry in millimetres; the running title sits in the top margin, the page number in the bottom one.
PAPERS = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
MARGINS = {"top": 20.0, "right": 17.0, "bottom": 18.0, "left": 17.0}
CSS_PX_PER_MM = 96 / 25.4
CHART_TIMEOUT_MS = 60_000

# The in-page half: runs in the single page under print media.  Kept here (not in _static/) so the HTML book
# never loads it.
PAGE_JS = r"""
(() => {
  const pending = new Set();
  // Printed: has a box, or (display: contents, e.g. a bibliography entry in print.css's grid) a child that has one.
  const visible = (el) => el.getClientRects().length > 0
    || (getComputedStyle(el).display === "contents" && Array.from(el.children).some(visible));
  const article = () => document.querySelector("article.bd-article") || document.querySelector("main") || document.body;
  const cssString = (text) => '"' + String(text).replace(/[\\"]/g, (c) => "\\" + c.charCodeAt(0).toString(16) + " ")
    .replace(/[\n\r]+/g, " ") + '"';
  const headingText = (h) => {
    const copy = h.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((a) => a.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  };
  const charts = () => Array.from(document.querySelectorAll(".plotly-graph-div")).filter(visible);

  function chartsDrawn() {
    if (pending.size) return false;
    if (document.readyState !== "complete") return false;
    if (Array.from(document.querySelectorAll('link[rel="stylesheet"]')).some((l) => !l.sheet)) return false;
    return charts().every((gd) => gd._fullLayout && gd.querySelector(".main-svg") && !gd._transitioning);
  }

  function el(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const child of [].concat(children)) node.append(child);
    return node;
  }

  let tocEntries = [];
  let uid = 0;
  function anchorFor(heading) {
    if (!heading.dataset.pdfAnchor) {
      const id = "dossier-pdf-" + (++uid);
      heading.dataset.pdfAnchor = id;
      // An empty marker element with the id: headings keep their own ids, the TOC gets unique targets.
      heading.prepend(el("span", { id, class: "pdf-anchor" }));
    }
    return heading.dataset.pdfAnchor;
  }

  function chapterSection(docname, rootDoc) {
    if (docname === rootDoc) return article().querySelector(":scope > section") || null;
    const marker = document.getElementById("document-" + docname);
    if (!marker) return null;
    let next = marker.nextElementSibling;
    while (next && next.tagName !== "SECTION") next = next.nextElementSibling;
    return next ? { marker, section: next } : null;
  }

  // Sphinx's single page keeps each document's own ids, so some repeat (citations: id1, id2, ...): pick the
  // element a link means, and give it an id of its own when it is not the first of its name.
  let targetUid = 0;
  function resolveTarget(id, link) {
    const candidates = Array.from(document.querySelectorAll(`[id="${CSS.escape(id)}"]`));
    if (!candidates.length) return null;
    const chapter = link.closest(".pdf-chapter");
    const inCitation = !!link.closest(".bibtex-citation");
    const score = (el) => (visible(el) ? 8 : 0)
      + (inCitation && el.matches(".citation, [role=doc-biblioentry]") ? 4 : 0)
      - (el.matches(".bibtex-citation") ? 4 : 0)
      + (chapter && chapter.contains(el) ? 1 : 0);
    let best = candidates[0];
    for (const el of candidates) if (score(el) > score(best)) best = el;
    if (!visible(best)) best = printedTwin(best);
    if (!best) return null;
    // A box-less element cannot be a link's destination: its first printed child stands in.
    if (getComputedStyle(best).display === "contents") best = Array.from(best.children).find(visible) || best;
    if (best === document.getElementById(id) && best.id === id) return id;
    if (!best.dataset.pdfTarget) {
      best.dataset.pdfTarget = "dossier-pdf-t" + (++targetUid);
      best.prepend(el("span", { id: best.dataset.pdfTarget, class: "pdf-anchor" }));
    }
    return best.dataset.pdfTarget;
  }

  // A target that is not printed (inside .screen-only) stands for its static twin: the next .print-only block.
  function printedTwin(target) {
    const hidden = target.closest(".screen-only");
    if (!hidden) return null;
    for (const twin of document.querySelectorAll(".print-only")) {
      if (hidden.compareDocumentPosition(twin) & Node.DOCUMENT_POSITION_FOLLOWING && visible(twin)) {
        return twin.querySelector("figure[id], [id]") || twin;
      }
    }
    return null;
  }

  function rewriteLinks(root, base) {
    const stats = { internal: 0, rewritten: 0, unlinked: [], external: 0, broken: [] };
    const basePath = new URL(base).pathname;
    for (const a of root.querySelectorAll("a[href]")) {
      const raw = a.getAttribute("href");
      let url;
      try { url = new URL(raw, location.href); } catch (e) { continue; }
      if (url.origin !== location.origin) {
        if (/^(https?|mailto):$/.test(url.protocol)) {
          stats.external++;
          a.classList.add("pdf-external");
          // On paper a link is only as good as its address: print it unless the link's text already is it.
          const bare = (t) => t.replace(/^(https?:\/\/|mailto:)/, "").replace(/\/$/, "").trim();
          if (!a.closest("svg, table, .pdf-titlepage") && !bare(a.textContent).includes(bare(raw))) a.classList.add("pdf-show-url");
        }
        continue;
      }
      const id = decodeURIComponent(url.hash.slice(1));
      const path = url.pathname.slice(basePath.length).replace(/\.html$/, "");
      const target = id ? resolveTarget(id, a) : null;
      if (target) {
        if (raw === "#" + target) stats.internal++; else stats.rewritten++;
        a.setAttribute("href", "#" + target);
      } else if (!id && document.getElementById("document-" + path)) {
        a.setAttribute("href", "#document-" + path); stats.rewritten++;
      } else {
        // No printed target (a CSV download, a page of the HTML site, a part shown on screen only): plain text.
        (id ? stats.broken : stats.unlinked).push(raw);
        a.removeAttribute("href");
        a.classList.add("pdf-unlinked");
      }
    }
    return stats;
  }

  // A table wider than the column (long file names, many columns) keeps its columns' proportions but is fixed to
  // the column's width; print.css then lets words break anywhere inside it.
  function fitWideTables() {
    const available = article().getBoundingClientRect().width;
    for (const table of article().querySelectorAll("table")) {
      if (!visible(table) || table.getBoundingClientRect().width <= available + 1) continue;
      const row = Array.from(table.rows).find((r) => r.cells.length && Array.from(r.cells).every((c) => c.colSpan === 1));
      if (!row) continue;
      const widths = Array.from(row.cells).map((c) => c.getBoundingClientRect().width);
      const total = widths.reduce((a, b) => a + b, 0);
      table.querySelector(":scope > colgroup")?.remove();
      const group = el("colgroup", {}, widths.map((w) => el("col", { style: `width: ${(100 * w / total).toFixed(2)}%` })));
      table.prepend(group);
      table.classList.add("pdf-fitted");
    }
  }

  function resizeCharts() {
    for (const gd of charts()) {
      const width = Math.floor(gd.getBoundingClientRect().width) || Math.floor(article().clientWidth);
      const height = (gd.layout && gd.layout.height) || (gd._fullLayout && gd._fullLayout.height) || 450;
      const maxHeight = Math.floor(window.__dossierPageHeight * 0.86);  // room for the caption below
      const update = { autosize: false, width, height: Math.min(height, maxHeight) };
      if (height > maxHeight) {
        // A chart taller than a page is squeezed onto one; smaller type keeps its labels from thinning out.
        const base = (gd._fullLayout && gd._fullLayout.font && gd._fullLayout.font.size) || 12;
        update["font.size"] = Math.max(7, Math.round(base * Math.max(0.6, maxHeight / height)));
      }
      // On paper: axis labels get the room they need (rotated ones would run into the page margin), and a range
      // slider, a control for the screen, gives its room back to the chart.
      const margin = (gd._fullLayout && gd._fullLayout.margin) || { t: 80, b: 80 };
      for (const key of Object.keys(gd._fullLayout || {})) {
        if (!/^[xy]axis\d*$/.test(key)) continue;
        update[`${key}.automargin`] = true;
        // A long category axis (one row per state and bloc) would lose every other label to plotly's thinning:
        // on paper every row keeps its label, in type as small as the rows require.
        const axis = gd._fullLayout[key];
        const rows = key.startsWith("y") && axis.type === "category" ? (axis._categories || []).length : 0;
        const perRow = rows ? (update.height - margin.t - margin.b) / rows : Infinity;
        if (perRow < 14) {
          update[`${key}.dtick`] = 1;
          update[`${key}.tickfont.size`] = Math.max(5, Math.min(10, Math.floor(perRow * 0.8)));
        }
        if (gd._fullLayout[key].rangeslider && gd._fullLayout[key].rangeslider.visible) update[`${key}.rangeslider.visible`] = false;
      }
      // The renderer fixes the chart's box height inline; the box follows the redrawn chart.
      for (const box of [gd, gd.parentElement]) {
        if (box && box.style && box.style.height) box.style.height = update.height + "px";
      }
      const promise = window.Plotly.relayout(gd, update).catch(() => null).finally(() => pending.delete(promise));
      pending.add(promise);
    }
  }

  function prepare({ toc, meta, geometry }) {
    const [pageW, pageH] = geometry.size_mm;
    const m = geometry.margins_mm;
    window.__dossierPageHeight = (pageH - m.top - m.bottom) * 96 / 25.4;
    const art = article();
    const themeLink = document.querySelector('link[href*="_static/"]');
    const base = themeLink ? themeLink.href.split("_static/")[0] : new URL(".", location.href).href;

    // 1. Chapters out of the nested toctrees, in the toc's order, each in a wrapper with its own named page.
    const chapters = [];
    const rootSection = chapterSection(toc.root, toc.root);
    const wanted = [{ doc: toc.root, part: "", numbered: false }];
    toc.parts.forEach((part) => part.docs.forEach((doc) => wanted.push({ doc, part: part.caption, numbered: part.numbered })));
    const found = [];
    for (const w of wanted) {
      if (w.doc === toc.root) { if (rootSection) found.push({ ...w, section: rootSection, marker: null }); continue; }
      const hit = chapterSection(w.doc, toc.root);
      if (hit) found.push({ ...w, ...hit });
    }
    const book = el("div", { id: "dossier-pdf-book" });
    found.forEach((ch, i) => {
      const wrapper = el("div", { class: "pdf-chapter", "data-doc": ch.doc, style: `page: dossier-ch-${i}` });
      if (ch.marker) wrapper.append(ch.marker);
      wrapper.append(ch.section);
      book.append(wrapper);
      const heading = ch.section.querySelector("h1, h2, h3");
      const title = heading ? headingText(heading) : ch.doc;
      chapters.push({ doc: ch.doc, part: ch.part, title, page: `dossier-ch-${i}`, wrapper });
    });
    // The toctree lists left behind in the landing page are the table of contents of the HTML site.
    art.querySelectorAll(".toctree-wrapper").forEach((w) => {
      if (!w.querySelector("section, .plotly-graph-div, p:not(.caption)")) w.remove();
    });

    // 2. Title page and table of contents.
    const title = el("div", { id: "dossier-pdf-title", class: "pdf-titlepage", style: "page: dossier-title" }, [
      el("p", { class: "pdf-kicker" }, "Research dossier"),
      el("h1", { class: "pdf-booktitle" }, meta.title),
      meta.author ? el("p", { class: "pdf-author" }, meta.author) : "",
      el("p", { class: "pdf-built" }, `Printed ${meta.built}` + (meta.commit ? ` from commit ${meta.commit}` : "") +
        ". The interactive HTML edition holds the same text, charts and data."),
      meta.notice ? el("p", { class: "pdf-notice" }, meta.notice.replace(/<[^>]*>/g, "")) : "",
    ]);
    const list = el("ol", { class: "pdf-toc-list" });
    tocEntries = [];
    let lastPart = null;
    for (const ch of chapters) {
      if (ch.part && ch.part !== lastPart) {
        list.append(el("li", { class: "pdf-toc-part" }, ch.part));
        lastPart = ch.part;
      }
      const heading = ch.wrapper.querySelector("section h1, section h2, section h3");
      const anchor = heading ? anchorFor(heading) : null;
      if (!anchor) continue;
      const entry = { anchor, title: ch.title, level: 1, doc: ch.doc, part: ch.part };
      tocEntries.push(entry);
      list.append(tocItem(entry));
      const sub = Array.from(ch.wrapper.querySelectorAll(":scope > section > section"));
      for (const s of sub) {
        const h = s.querySelector(":scope > h1, :scope > h2, :scope > h3, :scope > h4");
        if (!h) continue;
        const e = { anchor: anchorFor(h), title: headingText(h), level: 2, doc: ch.doc, part: ch.part };
        tocEntries.push(e);
        list.append(tocItem(e));
      }
    }
    const contents = el("nav", { id: "dossier-pdf-contents", class: "pdf-contents", style: "page: dossier-contents" }, [
      el("h1", {}, "Contents"), list,
    ]);
    art.replaceChildren(title, contents, book);

    // 3. Links: every target inside the book becomes an in-page anchor (an internal link in the PDF).
    const links = rewriteLinks(art, base);

    // 4. Page rules: running chapter title (top left), book title (top right), page number (bottom).
    const box = 'font-family: "Liberation Sans", Arial, sans-serif; font-size: 8pt; color: #555;';
    let rules = `@page { size: ${pageW}mm ${pageH}mm; margin: ${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm;
      @top-right { content: ${cssString(geometry.book_title)}; ${box} }
      @bottom-center { content: counter(page) " / " counter(pages); ${box} } }
      html, body { page: dossier-title; }
      @page dossier-title { @top-right { content: none; } @bottom-center { content: none; } }
      @page dossier-contents { @top-left { content: "Contents"; ${box} } }\n`;
    chapters.forEach((ch, i) => {
      // The landing page is headed by the book's title, which the right-hand running head already carries.
      const running = i === 0 && ch.title === geometry.book_title ? "Introduction" : ch.title;
      rules += `@page ${ch.page} { @top-left { content: ${cssString(running)}; ${box} } }\n`;
    });
    document.getElementById("dossier-pdf-pages")?.remove();
    document.head.append(el("style", { id: "dossier-pdf-pages" }, rules));
    document.documentElement.classList.add("dossier-pdf");

    // 5. Tables and charts at the printable width.
    fitWideTables();
    resizeCharts();
    return {
      toc: tocEntries,
      chapters: chapters.map(({ doc, part, title, page }) => ({ doc, part, title, page })),
      links: { internal: links.internal, rewritten: links.rewritten, external: links.external,
               unlinked: links.unlinked, broken: links.broken },
    };
  }

  function tocItem(entry) {
    return el("li", { class: `pdf-toc-entry pdf-toc-level-${entry.level}` }, [
      el("a", { href: "#" + entry.anchor }, [
        el("span", { class: "pdf-toc-title" }, entry.title),
        el("span", { class: "pdf-toc-page", "data-anchor": entry.anchor }, "\u2007\u2007\u2007"),
      ]),
    ]);
  }

  // Blocks kept whole (print.css) that are taller than a page would only leave a gap before them: let them break.
  const KEEP_WHOLE = "figure, .figure, table, .table-wrapper, .cell_output, .output, .admonition, blockquote, pre, .highlight";
  function releaseTallBlocks() {
    const limit = window.__dossierPageHeight * 0.95;
    for (const block of article().querySelectorAll(KEEP_WHOLE)) {
      block.classList.toggle("pdf-tall", block.getBoundingClientRect().height > limit);
    }
  }

  function setPageNumbers(numbers) {
    releaseTallBlocks();
    document.querySelectorAll(".pdf-toc-page").forEach((span) => {
      const n = numbers[span.dataset.anchor];
      // Figure spaces keep the width steady between prints, so the page breaks do not move.
      span.textContent = n ? String(n).padStart(3, "\u2007") : "\u2007\u2007\u2007";
    });
    return true;
  }

  function chartReport() {
    return charts().map((gd, i) => {
      const texts = Array.from(gd.querySelectorAll(".main-svg text"))
        .map((t) => t.textContent.replace(/\s+/g, " ").trim()).filter(Boolean);
      // The layout as the chart was made (the full layout fills in plotly's "Click to enter ..." placeholders).
      const layout = gd.layout || {};
      const titleOf = (axis) => (axis && axis.title && (axis.title.text || (typeof axis.title === "string" ? axis.title : ""))) || "";
      return {
        index: i + 1,
        id: gd.id,
        name: gd.closest("[data-chart]")?.dataset.chart || "",
        doc: gd.closest(".pdf-chapter")?.dataset.doc || "",
        print_only: !!gd.closest(".print-only"),
        title: titleOf(layout),
        x_title: titleOf(layout.xaxis),
        y_title: titleOf(layout.yaxis),
        texts: Array.from(new Set(texts)),
        traces: (gd._fullData || []).length,
        width: Math.round(gd.getBoundingClientRect().width),
        height: Math.round(gd.getBoundingClientRect().height),
      };
    });
  }

  // Tables short enough for one page, with the words that open and close them (the tests find both on one page).
  function tableReport() {
    const words = (cell) => (cell ? cell.textContent.replace(/\s+/g, " ").trim() : "");
    return Array.from(article().querySelectorAll("table")).filter((t) => visible(t) && !t.closest(".pdf-tall"))
      .map((t) => {
        const cells = Array.from(t.querySelectorAll("th, td")).filter((c) => words(c));
        return { doc: t.closest(".pdf-chapter")?.dataset.doc || "", rows: t.rows.length,
                 height: Math.round(t.getBoundingClientRect().height),
                 first: words(cells[0]), last: words(cells[cells.length - 1]) };
      })
      .filter((t) => t.first && t.last);
  }

  // Anything wider than the printed column would be cut off at the page's edge.
  function overflowReport() {
    const right = article().getBoundingClientRect().right + 1;
    const wide = [];
    for (const node of article().querySelectorAll("p, li, pre, table, figure, img, .cell_output, .output, dl, blockquote")) {
      if (!visible(node) || node.closest("svg")) continue;
      const box = node.getBoundingClientRect();
      if (box.right > right && !wide.some((w) => w.node.contains(node))) {
        wide.push({ node, tag: node.tagName.toLowerCase(), doc: node.closest(".pdf-chapter")?.dataset.doc || "",
                    overflow_px: Math.round(box.right - right), text: node.textContent.replace(/\s+/g, " ").trim().slice(0, 80) });
      }
    }
    return wide.map(({ node, ...rest }) => rest);
  }

  const undrawn = () => charts().filter((gd) => !(gd._fullLayout && gd.querySelector(".main-svg")))
    .map((gd) => gd.closest("[data-chart]")?.dataset.chart || gd.id);

  window.dossierPdf = { chartsDrawn, undrawn, prepare, setPageNumbers, chartReport, tableReport, overflowReport };
})();
"""


class BrowserNotFound(RuntimeError):
    """No Chromium or Chrome to print with; the message says what to install."""


def find_browser(environ: Mapping[str, str] | None = None) -> str:
    """The browser executable: $DOSSIER_CHROMIUM, else the first of BROWSER_NAMES on PATH."""
    env = os.environ if environ is None else environ
    search_path = env.get("PATH", os.defpath)
    named = env.get(BROWSER_ENV, "").strip()
    if named:
        found = shutil.which(named, path=search_path)
        if found:
            return found
        raise BrowserNotFound(
            f"{BROWSER_ENV}={named} is not an executable browser. Point it at an installed Chromium or Chrome "
            f"(e.g. {BROWSER_ENV}=/usr/bin/chromium), or unset it to search PATH for {', '.join(BROWSER_NAMES)}."
        )
    for name in BROWSER_NAMES:
        found = shutil.which(name, path=search_path)
        if found:
            return found
    raise BrowserNotFound(
        "No Chromium or Chrome found to print the PDF (looked for "
        f"{', '.join(BROWSER_NAMES)} on PATH and the {BROWSER_ENV} variable). The PDF is printed by an installed "
        "browser; none is ever downloaded. Install one: on Debian/Ubuntu `sudo apt-get install chromium` "
        "(as root `make sysdeps` does it); elsewhere install Chromium or Google Chrome, or name it with "
        f"{BROWSER_ENV}=/path/to/chrome."
    )


# --- the book's structure, from _config.yml and _toc.yml -------------------------------------------------------

def read_config(root: Path) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


def _docname(entry: Mapping) -> str:
    return str(Path(entry["file"]).with_suffix("")).replace(os.sep, "/")


def read_toc(root: Path) -> dict:
    """{'root': docname, 'parts': [{'caption', 'numbered', 'docs': [docname, ...]}]} in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    parts = toc.get("parts")
    if parts is None:  # a toc without parts: one unnamed part
        parts = [{"chapters": toc.get("chapters", [])}]
    return {
        "root": str(Path(toc["root"]).with_suffix("")),
        "parts": [
            {
                "caption": part.get("caption", ""),
                "numbered": bool(part.get("numbered", False)),
                "docs": [_docname(ch) for ch in part.get("chapters", []) if "file" in ch],
            }
            for part in parts
        ],
    }


def source_file(root: Path, docname: str) -> Path | None:
    for suffix in (".ipynb", ".md", ".rst"):
        candidate = root / f"{docname}{suffix}"
        if candidate.exists():
            return candidate
    return None


# --- the single-page build ---------------------------------------------------------------------------------------

def _build_singlehtml_directly(root: Path, out: Path) -> None:
    from jupyter_book.sphinx import build_sphinx

    config = read_config(root)
    cache = (config.get("execute") or {}).get("cache") or "_build/.jupyter_cache"
    overrides = {
        "external_toc_path": str(root / "_toc.yml"),
        "latex_individualpages": False,
        "nb_execution_cache_path": str(root / cache),
    }
    result = build_sphinx(root, out, noconfig=True, path_config=str(root / "_config.yml"), confoverrides=overrides,
                          doctreedir=out / ".doctrees", builder="singlehtml", quiet=True)
    if result != 0:
        raise SystemExit(f"The single-page build for the PDF failed ({result}); see the messages above.")


def build_singlehtml(root: Path, out: Path) -> Path:
    """Build the book as one HTML page into `out`; returns the page to print.

    The dossier's own book goes through the book stage (`python -m scripts.book singlehtml --out DIR`), which shares
    the HTML build's execution cache (nothing re-executes when the HTML book is current) and never writes into
    `_build/html`.  A book elsewhere (`--root`, used to try the printing on a small book) is built here directly.
    """
    out.mkdir(parents=True, exist_ok=True)
    if root == paths.ROOT and (root / "scripts" / "book.py").is_file():
        cmd = [sys.executable, "-m", "scripts.book", "singlehtml", "--out", str(out)]
        if subprocess.run(cmd, cwd=root).returncode != 0:
            raise SystemExit("The single-page build for the PDF failed; see the messages above.")
    else:
        _build_singlehtml_directly(root, out)
    master = read_toc(root)["root"]
    page = out / f"{master}.html"
    if not page.exists():
        return out / "index.html"
    # Sphinx writes the single page as <root doc>.html (here in a subfolder) but with links relative to the output
    # folder, so it is served from a copy at the top (index.html there is only a redirect).
    top = out / "dossier-print.html"
    shutil.copyfile(page, top)
    return top


# --- serving and printing ----------------------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def page_css(paper: str, book_title: str) -> dict:
    width, height = PAPERS[paper]
    return {
        "paper": paper,
        "size_mm": [width, height],
        "margins_mm": MARGINS,
        "book_title": book_title,
    }


def chapter_first_pages(pdf: Path, anchors: list[str]) -> dict[str, int]:
    """1-based page of each named destination in `anchors` (Chromium names a destination after the element id)."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, start=1)}
    found: dict[str, int] = {}
    for name, dest in reader.named_destinations.items():
        name = name.lstrip("/")
        if name in anchors:
            ref = dest.page
            idnum = getattr(ref, "idnum", None)
            if idnum is None and hasattr(ref, "indirect_reference"):
                idnum = ref.indirect_reference.idnum
            if idnum in pages:
                found[name] = pages[idnum]
    return found


def wait_for_charts(page, what: str) -> None:
    """Wait until the theme's styles are in and every printed chart is drawn; name the charts that are not."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("() => window.dossierPdf.chartsDrawn()", timeout=CHART_TIMEOUT_MS, polling=200)
    except PlaywrightTimeout:
        undrawn = page.evaluate("() => window.dossierPdf.undrawn()")
        raise SystemExit(
            f"scripts.pdf: {what}: after {CHART_TIMEOUT_MS // 1000} s these charts were still not drawn: "
            f"{', '.join(undrawn) or '(none: the page or its styles did not finish loading)'}"
        ) from None


def print_book(root: Path, served: Path, page_file: Path, out: Path, paper: str, browser: str) -> dict:
    """Print the single page `page_file` (served from `served`) to `out`; returns what was printed."""
    from playwright.sync_api import sync_playwright

    config = read_config(root)
    toc = read_toc(root)
    geometry = page_css(paper, str(config.get("title", "")))
    width_mm = geometry["size_mm"][0] - MARGINS["left"] - MARGINS["right"]
    viewport_width = round(width_mm * CSS_PX_PER_MM)
    relative = page_file.relative_to(served).as_posix()
    meta = {
        "title": str(config.get("title", "")),
        "author": str(config.get("author", "")),
        "copyright": str(config.get("copyright", "")),
        "notice": str((config.get("html") or {}).get("extra_footer", "") or ""),
        "built": time.strftime("%Y-%m-%d", time.gmtime()),
        "commit": _git_commit(root),
    }
    problems: list[str] = []
    with serve(served) as base, sync_playwright() as pw:
        browser_app = pw.chromium.launch(executable_path=browser, args=BROWSER_ARGS)
        try:
            page = browser_app.new_page(viewport={"width": viewport_width, "height": 1100})
            # Nothing leaves the machine: the book's own files only (a CDN script simply fails to load).
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
            page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
            page.goto(base + relative, wait_until="load")
            page.emulate_media(media="print")
            page.evaluate(PAGE_JS)
            wait_for_charts(page, "loading the single page")
            report = page.evaluate(
                "(args) => window.dossierPdf.prepare(args)",
                {"toc": toc, "meta": meta, "geometry": geometry},
            )
            wait_for_charts(page, "redrawing the charts at the printed width")
            page.evaluate("() => document.fonts.ready.then(() => true)")
            out.parent.mkdir(parents=True, exist_ok=True)
            anchors = [entry["anchor"] for entry in report["toc"]]
            numbers: dict[str, int] = {}
            for _ in range(4):
                page.evaluate("(numbers) => window.dossierPdf.setPageNumbers(numbers)", numbers)
                wait_for_charts(page, "before printing")
                page.pdf(
                    path=str(out),
                    prefer_css_page_size=True,
                    print_background=True,
                    outline=True,
                    tagged=True,
                )
                found = chapter_first_pages(out, anchors)
                if found == numbers:
                    break
                numbers = found
            else:
                problems.append("the table of contents' page numbers did not settle after 4 prints")
            report["charts"] = page.evaluate("() => window.dossierPdf.chartReport()")
            report["tables"] = page.evaluate("() => window.dossierPdf.tableReport()")
            report["too_wide"] = page.evaluate("() => window.dossierPdf.overflowReport()")
        finally:
            browser_app.close()
    report["first_pages"] = numbers
    report["problems"] = problems
    report["geometry"] = geometry
    return report


def _git_commit(root: Path) -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def pdf_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("--paper", choices=sorted(PAPERS), default="A4", help="paper size (default A4)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"the PDF to write (default {DEFAULT_OUT})")
    parser.add_argument("--root", type=Path, default=paths.ROOT, help=argparse.SUPPRESS)  # a book elsewhere
    parser.add_argument("--singlehtml", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        browser = find_browser()
    except BrowserNotFound as exc:
        print(f"scripts.pdf: {exc}", file=sys.stderr)
        return 2
    root = args.root.resolve()
    singlehtml = (args.singlehtml or root / "_build" / "singlehtml").resolve()
    out = args.out.resolve()
    page_file = build_singlehtml(root, singlehtml)
    built = time.monotonic()
    # Printed beside the target and moved into place at the end: a failed run leaves the last good PDF alone.
    partial = out.with_name(out.name + ".part")
    report = print_book(root, singlehtml, page_file, partial, args.paper, browser)
    os.replace(partial, out)
    report.update(
        {
            "pdf": out.name,
            "pages": pdf_pages(out),
            "bytes": out.stat().st_size,
            "seconds": {"singlehtml": round(built - started, 1), "total": round(time.monotonic() - started, 1)},
            "browser": browser,
        }
    )
    out.with_suffix(".json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for problem in report["problems"]:
        print(f"scripts.pdf: warning: {problem}", file=sys.stderr)
    print(
        f"{out}: {report['pages']} pages, {report['bytes'] / 1e6:.1f} MB, {len(report['charts'])} charts, "
        f"built in {report['seconds']['total']} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
