// Filter the evidence list by speaker, camp or words; no network, no libraries.
(function () {
  var input = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.statement"));
  function apply() {
    var q = (input.value || "").toLowerCase().trim();
    var n = 0;
    items.forEach(function (li) {
      var hit = !q || li.textContent.toLowerCase().indexOf(q) >= 0;
      li.classList.toggle("hidden", !hit);
      if (hit) n += 1;
    });
    document.querySelectorAll(".camp-group").forEach(function (g) {
      g.classList.toggle("hidden", !g.querySelector("li.statement:not(.hidden)"));
    });
    shown.textContent = n + " of " + items.length + " statements";
  }
  if (input) { input.addEventListener("input", apply); apply(); }
})();
