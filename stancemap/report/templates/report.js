// The report's tools: sortable, filterable tables that show their first rows, and the
// evidence list's filter. No network, no libraries. Without this script every row shows.
(function () {
  "use strict";

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function plural(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }

  // --- tables: the first rows, a filter, a "show all" button and sorting headings ---
  function tableBox(box) {
    var table = box.querySelector("table");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var limit = parseInt(box.getAttribute("data-limit"), 10) || rows.length;
    var noun = box.getAttribute("data-noun") || "row";
    var input = box.querySelector("input.table-filter");
    var count = box.querySelector(".table-count");
    var button = box.querySelector("button.show-all");
    var expanded = false;

    function apply() {
      var q = (input.value || "").toLowerCase().trim();
      var matching = 0, shown = 0;
      rows.forEach(function (tr) {
        var hit = !q || (tr.getAttribute("data-search") || tr.textContent.toLowerCase()).indexOf(q) >= 0;
        if (hit) { matching += 1; }
        var visible = hit && (expanded || matching <= limit);
        tr.hidden = !visible;
        if (visible) { shown += 1; }
      });
      var of = q ? plural(matching, noun) + " match of " + rows.length : plural(rows.length, noun);
      count.textContent = shown < matching ? "showing " + shown + " of " + of : of;
      button.hidden = matching <= limit;
      button.textContent = expanded ? "Show the first " + limit : "Show all " + matching;
    }

    function sortBy(th) {
      var col = parseInt(th.getAttribute("data-col"), 10);
      var numeric = th.getAttribute("data-sort") === "num";
      // numbers start with the largest, text with A; a second click reverses
      var current = th.getAttribute("aria-sort");
      var first = th.getAttribute("data-first");
      var descending = current ? current === "ascending" : (first ? first === "desc" : numeric);
      each(table.querySelectorAll("th[aria-sort]"), function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      function key(tr) {
        var cell = tr.cells[col];
        if (!cell) { return numeric ? 0 : ""; }
        return numeric ? parseFloat(cell.getAttribute("data-v") || cell.textContent) || 0 : cell.textContent.trim().toLowerCase();
      }
      var order = rows.map(function (tr, i) { return [key(tr), i, tr]; });
      order.sort(function (a, b) {
        if (a[0] !== b[0]) {
          if (numeric) { return descending ? b[0] - a[0] : a[0] - b[0]; }
          if (a[0] === "") { return 1; }  // empty cells last either way
          if (b[0] === "") { return -1; }
          return (a[0] < b[0] ? -1 : 1) * (descending ? -1 : 1);
        }
        return a[1] - b[1];  // stable: ties keep their order
      });
      rows = order.map(function (x) { return x[2]; });
      rows.forEach(function (tr) { body.appendChild(tr); });
      apply();
    }

    each(table.querySelectorAll("th[data-sort] button"), function (b) {
      b.addEventListener("click", function () { sortBy(b.parentNode); });
    });
    input.addEventListener("input", apply);
    button.addEventListener("click", function () { expanded = !expanded; apply(); });
    box.classList.add("ready");
    apply();
  }
  each(document.querySelectorAll(".table-box"), tableBox);

  // --- the evidence list: filter by speaker, camp or words; open the groups with hits ---
  var input = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.statement"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".camp-group"));
  var initiallyOpen = groups.map(function (g) { return g.open; });
  function filter() {
    var q = (input.value || "").toLowerCase().trim();
    var n = 0;
    items.forEach(function (li) {
      var hit = !q || li.textContent.toLowerCase().indexOf(q) >= 0;
      li.classList.toggle("hidden", !hit);
      if (hit) { n += 1; }
    });
    groups.forEach(function (g, i) {
      var any = !!g.querySelector("li.statement:not(.hidden)");
      g.classList.toggle("hidden", !any);
      g.open = q ? any : initiallyOpen[i];
    });
    shown.textContent = n + " of " + items.length + " statements";
  }
  if (input) { input.addEventListener("input", filter); filter(); }

  // --- a link to a statement or a camp opens its group first ---
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    var group = target.closest ? target.closest("details") : null;
    if (group && !group.open) {
      group.open = true;
      target.scrollIntoView();
    } else if (target.tagName === "DETAILS" && !target.open) {
      target.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  reveal();
})();
