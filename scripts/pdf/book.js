// The in-page half of the PDF printer (scripts/pdf/printer.py): runs in the single-page book under print media,
// rearranges it into a book and reports what was printed.  Kept out of _static/ so the HTML book never loads it.
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

  // A chart whose layout.meta.print_parts lists its category rows in parts (figures.py: the membership timeline,
  // more rows than a page holds at a legible size) is printed as one chart per part, each a run of whole rows with
  // every label at 10 px (7.5 pt); the screen chart gives way to them.
  const PART_ROW_PX = 14;
  function splitForPrint() {
    for (const gd of charts()) {
      // The chart as made (dossier.js keeps it before redrawing for dark mode or a narrow screen).
      const made = gd._dossierOriginal || { layout: gd.layout, data: gd.data };
      const meta = (made.layout && made.layout.meta) || {};
      const parts = meta.print_parts;
      if (!Array.isArray(parts) || parts.length < 2) continue;
      const holder = gd.closest(".dossier-chart") || gd.parentElement;
      const group = el("div", { class: "pdf-chart-parts" });
      parts.forEach((rows, i) => {
        const div = el("div", { class: "plotly-graph-div", id: `${gd.id}-print-part-${i + 1}` });
        group.append(el("div", { class: "dossier-chart pdf-chart-part", "data-chart": holder.dataset.chart || "",
                                 "data-part": `${i + 1} of ${parts.length}`, role: "img",
                                 "aria-label": holder.getAttribute("aria-label") || "" }, div));
        const layout = JSON.parse(JSON.stringify(made.layout));
        layout.meta = Object.assign({}, layout.meta, { print_parts: null, narrow: null, part: i + 1 });
        layout.yaxis = Object.assign({}, layout.yaxis, {
          categoryorder: "array", categoryarray: rows.slice().reverse(), range: [-0.5, rows.length - 0.5],
          autorange: false, dtick: 1, tickfont: Object.assign({}, (layout.yaxis || {}).tickfont, { size: 10 }),
        });
        layout.showlegend = i === 0 ? layout.showlegend !== false : false;
        layout.margin = Object.assign({}, layout.margin, { t: i === 0 ? 70 : 20 });
        layout.height = rows.length * (meta.print_row_px || PART_ROW_PX) + (i === 0 ? 110 : 60);
        layout.autosize = false;
        layout.width = Math.floor(article().clientWidth);
        const data = JSON.parse(JSON.stringify(made.data));
        const promise = window.Plotly.newPlot(div, data, layout, { staticPlot: true, displayModeBar: false })
          .catch(() => null).finally(() => pending.delete(promise));
        pending.add(promise);
      });
      holder.after(group);
      holder.classList.add("pdf-split-source");
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
        // Never under 8 px (6 pt): print_parts split the charts that would need smaller type.
        update["font.size"] = Math.max(8, Math.round(base * Math.max(0.6, maxHeight / height)));
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
        // (A printed part of a split chart is laid out with its own rows already.)
        const rows = key.startsWith("y") && axis.type === "category" && !gd.closest(".pdf-chart-part")
          ? (axis._categories || []).length : 0;
        const perRow = rows ? (update.height - margin.t - margin.b) / rows : Infinity;
        if (perRow < 14) {
          update[`${key}.dtick`] = 1;
          update[`${key}.tickfont.size`] = Math.max(8, Math.min(10, Math.floor(perRow * 0.8)));
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
      el("p", { class: "pdf-built" }, `The record as checked on ${meta.as_of}` + (meta.commit ? ` from commit ${meta.commit}` : "") +
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

    // 5. Tables and charts at the printable width; screen-only sentences out.
    fitWideTables();
    splitForPrint();
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
        // The legend as meant (traces that ask for an entry) and as drawn; a scroll bar means entries are cut.
        legend_wanted: gd._fullLayout && gd._fullLayout.showlegend
          ? Array.from(new Set((gd._fullData || []).filter((t) => t.showlegend !== false && t.visible !== false && t.name)
              .map((t) => t.name.replace(/<[^>]*>/g, "")))) : [],
        legend_drawn: Array.from(new Set(Array.from(gd.querySelectorAll(".legend .legendtext"))
          .map((t) => t.textContent.trim()).filter(Boolean))),
        legend_scrolls: Array.from(gd.querySelectorAll(".legend .scrollbar"))
          .some((b) => b.getBoundingClientRect().height > 0 && b.getBoundingClientRect().width > 0),
        part: gd.closest(".pdf-chart-part")?.dataset.part || "",
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
