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
