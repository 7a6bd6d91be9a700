/* The dossier's tables: a search box, sortable columns and pages for every table with class "searchable".
   A few lines of local script instead of a library; the full table is also printed (a print-only twin). */
(function () {
  "use strict";
  var PAGE = 10;

  function cellText(row, i) {
    var cell = row.cells[i];
    return cell ? cell.textContent.trim() : "";
  }

  function enhance(table) {
    var body = table.tBodies[0];
    if (!body || table.dataset.enhanced) return;
    table.dataset.enhanced = "1";
    var rows = Array.prototype.slice.call(body.rows);
    var state = { query: "", page: 0, sortBy: -1, dir: 1 };

    var bar = document.createElement("div");
    bar.className = "dossier-table-bar";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter rows…";
    input.setAttribute("aria-label", "Filter the rows of this table");
    var info = document.createElement("span");
    info.className = "dossier-table-info";
    info.setAttribute("aria-live", "polite");
    var prev = document.createElement("button");
    prev.type = "button"; prev.textContent = "‹ Previous";
    var next = document.createElement("button");
    next.type = "button"; next.textContent = "Next ›";
    bar.appendChild(input); bar.appendChild(prev); bar.appendChild(info); bar.appendChild(next);
    table.parentNode.insertBefore(bar, table);

    function matching() {
      var q = state.query.toLowerCase();
      var list = rows.filter(function (r) { return !q || r.textContent.toLowerCase().indexOf(q) !== -1; });
      if (state.sortBy >= 0) {
        list.sort(function (a, b) {
          var x = cellText(a, state.sortBy), y = cellText(b, state.sortBy);
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y) ? nx - ny
                  : x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
          return c * state.dir;
        });
      }
      return list;
    }

    function draw() {
      var list = matching();
      var pages = Math.max(1, Math.ceil(list.length / PAGE));
      state.page = Math.min(state.page, pages - 1);
      var from = state.page * PAGE, to = Math.min(list.length, from + PAGE);
      rows.forEach(function (r) { r.hidden = true; });
      list.forEach(function (r, i) { body.appendChild(r); r.hidden = !(i >= from && i < to); });
      info.textContent = list.length ? ("Rows " + (from + 1) + "–" + to + " of " + list.length +
        (list.length < rows.length ? " (filtered from " + rows.length + ")" : "")) : "No matching rows";
      prev.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
    }

    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, i) {
      th.tabIndex = 0;
      th.classList.add("dossier-sortable");
      th.setAttribute("aria-sort", "none");
      function sort() {
        state.dir = state.sortBy === i ? -state.dir : 1;
        state.sortBy = i;
        Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", state.dir === 1 ? "ascending" : "descending");
        draw();
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
    input.addEventListener("input", function () { state.query = input.value; state.page = 0; draw(); });
    prev.addEventListener("click", function () { state.page -= 1; draw(); });
    next.addEventListener("click", function () { state.page += 1; draw(); });

    /* A link to a row's anchor from elsewhere shows the page that holds it. */
    table.showRowWith = function (el) {
      var list = matching(), i = list.indexOf(el.closest("tr"));
      if (i >= 0) { state.page = Math.floor(i / PAGE); draw(); }
    };
    draw();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.searchable"), enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* Charts that follow the reader's screen: the theme's dark mode and phone widths.
   - Dark mode (html[data-theme=dark], the theme's switch): every chart is redrawn with a transparent background,
     the page's text colour and dim grid lines; black marks and outlines turn light, white fills take the page's
     surface colour.  Switching back restores the chart as it was made.  Printing always uses the light chart.
   - Phones: a chart whose layout.meta.narrow holds {layout, data} overrides (figures.py writes them, e.g. the
     membership timeline's labels above its bars) is redrawn with them when its box is narrower than meta.narrow.below.
   - Touch: plotly shows a hover label on tap as well; a tap elsewhere on the chart hides it again. */
(function () {
  "use strict";
  var SWAP_DARK = { "#000": "#E8E8E8", "#000000": "#E8E8E8", "black": "#E8E8E8", "#333": "#C8C8C8",
                    "#333333": "#C8C8C8", "#222831": "#E8E8E8" };
  var WHITE = { "#fff": 1, "#ffffff": 1, "white": 1 };

  function cssVar(name, fallback) {
    var v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return v || fallback;
  }
  function isDark() { return document.documentElement.dataset.theme === "dark" && !printing; }
  var printing = false;

  function swap(value, surface) {
    if (typeof value === "string") {
      var k = value.trim().toLowerCase();
      if (SWAP_DARK[k]) return SWAP_DARK[k];
      if (WHITE[k]) return surface;
      return value;
    }
    if (Array.isArray(value)) return value.map(function (v) { return swap(v, surface); });
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) { out[key] = swap(value[key], surface); });
      return out;
    }
    return value;
  }
  function clone(x) { return JSON.parse(JSON.stringify(x)); }
  function setPath(obj, path, value) {
    var keys = path.split("."), o = obj;
    for (var i = 0; i < keys.length - 1; i++) {
      if (o[keys[i]] === undefined || o[keys[i]] === null || typeof o[keys[i]] !== "object") o[keys[i]] = {};
      o = o[keys[i]];
    }
    o[keys[keys.length - 1]] = value;
  }
  function merge(target, overrides) {
    Object.keys(overrides || {}).forEach(function (path) { setPath(target, path, clone(overrides[path])); });
  }

  function darkLayout(layout) {
    var text = cssVar("--pst-color-text-base", "#ced6dd"), muted = cssVar("--pst-color-text-muted", "#9ca4af");
    var surface = cssVar("--pst-color-surface", "#29313d");
    var out = swap(layout, surface);
    out.paper_bgcolor = "rgba(0,0,0,0)";
    out.plot_bgcolor = "rgba(0,0,0,0)";
    setPath(out, "font.color", text);
    setPath(out, "legend.bgcolor", "rgba(0,0,0,0)");
    setPath(out, "legend.font.color", text);
    setPath(out, "title.font.color", text);
    setPath(out, "hoverlabel.font.color", "#111");
    Object.keys(out).forEach(function (key) {
      if (!/^[xy]axis\d*$/.test(key)) return;
      out[key].gridcolor = "#3A4149"; out[key].linecolor = "#5B6570"; out[key].zerolinecolor = "#3A4149";
      setPath(out[key], "tickfont.color", text);
      setPath(out[key], "title.font.color", text);
      if (out[key].rangeslider) { out[key].rangeslider.bgcolor = surface; out[key].rangeslider.bordercolor = "#5B6570"; }
    });
    (out.sliders || []).forEach(function (s) {
      s.bgcolor = "#4A535E"; s.activebgcolor = "#8FA3B8"; s.bordercolor = "#6B7682"; s.tickcolor = muted;
      setPath(s, "font.color", text);
    });
    // The house template's own light colours.
    if (out.template && out.template.layout) {
      out.template.layout.paper_bgcolor = "rgba(0,0,0,0)";
      out.template.layout.plot_bgcolor = "rgba(0,0,0,0)";
    }
    return out;
  }
  function darkData(data) {
    var text = cssVar("--pst-color-text-base", "#ced6dd");
    var surface = cssVar("--pst-color-surface", "#29313d");
    return data.map(function (trace) {
      var t = swap(trace, surface);
      if (t.type === "sankey") {
        t.textfont = Object.assign({}, t.textfont || {}, { color: text, shadow: "none" });
      }
      if (t.type === "heatmap" && t.colorbar) {
        setPath(t, "colorbar.tickfont.color", text);
        setPath(t, "colorbar.title.font.color", text);
      }
      if (t.textfont && t.type !== "sankey" && !t.textfont.color) t.textfont.color = text;
      return t;
    });
  }

  function chartsIn(root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(".dossier-chart .js-plotly-plot"));
  }

  function redraw(gd) {
    if (!window.Plotly || !gd._fullLayout || !gd.data) return;
    if (!gd._dossierOriginal) gd._dossierOriginal = { data: clone(gd.data), layout: clone(gd.layout) };
    var orig = gd._dossierOriginal;
    var data = clone(orig.data), layout = clone(orig.layout);
    var meta = (orig.layout && orig.layout.meta) || {};
    var width = gd.getBoundingClientRect().width;
    var narrow = meta.narrow && width > 0 && width < (meta.narrow.below || 560) && !printing;
    if (narrow) {
      merge(layout, meta.narrow.layout);
      (meta.narrow.data || []).forEach(function (over, i) {
        if (i < data.length) merge(data[i], over);
      });
      if (meta.narrow.all_data) data.forEach(function (trace) { merge(trace, meta.narrow.all_data); });
    }
    var dark = isDark();
    var key = (dark ? "dark" : "light") + (narrow ? "-narrow" : "");
    if (gd._dossierState === key) return;
    gd._dossierState = key;
    if (dark) { layout = darkLayout(layout); data = darkData(data); }
    if (narrow && layout.height && gd.parentElement && gd.style.height) gd.style.height = layout.height + "px";
    else if (!narrow && orig.layout.height && gd.style.height) gd.style.height = orig.layout.height + "px";
    return window.Plotly.react(gd, data, layout);
  }

  function redrawAll() {
    return Promise.all(chartsIn().map(function (gd) {
      try { return Promise.resolve(redraw(gd)).catch(function () { return null; }); } catch (e) { return null; }
    }));
  }
  // The PDF printer (scripts/pdf/book.js) asks for the charts as made: light, full width.
  function setPrinting(flag) { printing = !!flag; return redrawAll(); }

  // Touch: a tap on a mark shows its hover label (plotly's click), a tap on empty chart area hides it.
  function wireTouch(gd) {
    if (gd._dossierTouch || !gd.on) return;
    gd._dossierTouch = true;
    gd.on("plotly_click", function (ev) {
      if (!ev || !ev.points || !ev.points.length) return;
      try { window.Plotly.Fx.hover(gd, ev.points.map(function (p) {
        return { curveNumber: p.curveNumber, pointNumber: p.pointNumber };
      })); } catch (e) { /* sankey and others draw their own labels */ }
    });
  }

  function start() {
    var charts = chartsIn();
    if (!charts.length) return;
    var ready = charts.every(function (gd) { return gd._fullLayout; });
    if (!ready) { setTimeout(start, 150); return; }
    charts.forEach(wireTouch);
    redrawAll();
  }

  new MutationObserver(function () { redrawAll(); })
    .observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(redrawAll, 200);
  });
  window.addEventListener("beforeprint", function () { printing = true; redrawAll(); });
  window.addEventListener("afterprint", function () { printing = false; redrawAll(); });
  window.dossierCharts = { redraw: redraw, redrawAll: redrawAll, isDark: isDark, setPrinting: setPrinting };
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();

/* Citation previews: a citation shows its bibliography entry (the text sphinxcontrib-bibtex puts in the link's
   title) in a small box on hover or keyboard focus; on a touch screen the first tap shows it and a second tap on
   the same citation follows the link.  Everything is in the page: nothing is fetched. */
(function () {
  "use strict";
  var box = null, current = null, hideTimer = null;

  function show(a) {
    var text = a.dataset.preview;
    if (!text) return;
    clearTimeout(hideTimer);
    if (!box) {
      box = document.createElement("div");
      box.className = "dossier-preview";
      box.setAttribute("role", "tooltip");
      box.id = "dossier-preview";
      box.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      box.addEventListener("mouseleave", function () { hide(); });
      document.body.appendChild(box);
    }
    box.textContent = "";
    var label = document.createElement("span");
    label.className = "dossier-preview-label";
    label.textContent = "[" + a.textContent.trim() + "]";
    var p = document.createElement("p");
    p.appendChild(label);
    p.appendChild(document.createTextNode(text));
    box.appendChild(p);
    box.hidden = false;
    var r = a.getBoundingClientRect();
    var left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - box.offsetWidth - 8));
    box.style.left = left + "px";
    box.style.top = (window.scrollY + r.bottom + 6) + "px";
    a.setAttribute("aria-describedby", box.id);
    current = a;
  }
  function hide(now) {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (box) box.hidden = true;
      if (current) current.removeAttribute("aria-describedby");
      current = null;
    }, now ? 0 : 250);
  }

  function init() {
    var links = document.querySelectorAll(".bibtex-citation a[title], a.bibtex-citation[title]");
    Array.prototype.forEach.call(links, function (a) {
      a.dataset.preview = a.getAttribute("title");
      a.removeAttribute("title");   // the box replaces the browser's own tooltip
      a.addEventListener("mouseenter", function () { show(a); });
      a.addEventListener("mouseleave", function () { hide(); });
      a.addEventListener("focus", function () { show(a); });
      a.addEventListener("blur", function () { hide(); });
      a.addEventListener("click", function (e) {
        var touch = e.pointerType === "touch" || a.dataset.pointer === "touch";
        if (touch && a.dataset.touched !== "1") {
          e.preventDefault();
          a.dataset.touched = "1";
          show(a);
        }
      });
      a.addEventListener("pointerdown", function (e) { a.dataset.pointer = e.pointerType; });
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(true); });
    document.addEventListener("click", function (e) {
      if (current && !current.contains(e.target) && !(box && box.contains(e.target))) {
        if (current) delete current.dataset.touched;
        hide(true);
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
