// alliance-data site: select a highlighted passage to see the records it supports; follow
// #span-<record>-<n> links back to a passage. Plain JavaScript, no dependencies.
(function () {
  "use strict";
  var text = document.getElementById("source-text");
  var panel = document.getElementById("panel");
  if (!text || !panel) return;
  var segs = Array.prototype.slice.call(text.querySelectorAll("mark.seg"));
  var cards = Array.prototype.slice.call(panel.querySelectorAll(".card"));
  var hint = document.getElementById("panel-hint");
  var title = document.getElementById("panel-title");

  function words(el, name) { return (el.getAttribute(name) || "").split(" ").filter(Boolean); }
  // An evidence key is "<record>-<n>": the record is everything before the last "-".
  function recordOf(key) { return key.replace(/-\d+$/, ""); }
  function clear(cls) {
    Array.prototype.forEach.call(document.querySelectorAll("." + cls), function (el) { el.classList.remove(cls); });
  }
  function mark(predicate, cls) {
    segs.forEach(function (s) { if (predicate(s)) s.classList.add(cls); });
  }

  function showRecords(records, currentKeys) {
    cards.forEach(function (card) {
      var shown = records.indexOf(card.getAttribute("data-record")) >= 0;
      card.hidden = !shown;
      Array.prototype.forEach.call(card.querySelectorAll(".span-link"), function (a) {
        a.classList.toggle("current", currentKeys.indexOf(a.getAttribute("data-ev")) >= 0);
      });
    });
    if (hint) hint.hidden = records.length > 0;
    if (title) {
      title.hidden = records.length === 0;
      title.textContent = records.length === 1 ? "The record this passage supports"
        : "The " + records.length + " records this passage supports";
    }
    mark(function (s) { return words(s, "data-records").some(function (r) { return records.indexOf(r) >= 0; }); }, "related");
  }

  function select(seg) {
    clear("selected"); clear("related"); clear("focus");
    seg.classList.add("selected");
    showRecords(words(seg, "data-records"), words(seg, "data-ev"));
  }

  function followHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id.indexOf("span-") !== 0) return;
    var key = id.slice(5);
    var hits = segs.filter(function (s) { return words(s, "data-ev").indexOf(key) >= 0; });
    if (!hits.length) return;
    clear("selected"); clear("related"); clear("focus");
    showRecords([recordOf(key)], [key]);
    hits.forEach(function (s) { s.classList.add("focus"); });
    hits[0].scrollIntoView({ block: "center" });
  }

  text.addEventListener("click", function (event) {
    var seg = event.target.closest ? event.target.closest("mark.seg") : null;
    if (seg) select(seg);
  });
  text.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && event.target.matches("mark.seg")) {
      event.preventDefault();
      select(event.target);
    }
  });
  panel.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.span-link") : null;
    if (link && link.hash === location.hash) followHash(); // same hash: no hashchange event
  });
  window.addEventListener("hashchange", followHash);
  followHash();
})();
