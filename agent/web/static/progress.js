// candor: a campaign's progress bar, kept current from
// /campaigns/{name}/progress/events (Server-Sent Events). Texts are set as
// text, never as HTML.
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box || !window.EventSource) { return; }
  var es = new EventSource(box.dataset.stream);
  es.addEventListener("progress", function (m) {
    var p;
    try { p = JSON.parse(m.data); } catch (e) { return; }
    (p.segments || []).forEach(function (s) {
      var r = box.querySelector("rect[data-seg='" + s.class + "']");
      if (r) {
        r.setAttribute("x", s.x);
        r.setAttribute("width", s.w);
        var t = r.querySelector("title");
        if (t) { t.textContent = s.label + ": " + s.count; }
      }
      var li = box.querySelector("li[data-seg='" + s.class + "'] .n");
      if (li) { li.textContent = s.count; }
    });
    document.getElementById("progress-total").textContent = p.total;
    document.getElementById("progress-eta").textContent = p.eta;
    document.getElementById("progress-state").textContent = p.paused ? "paused" : (p.workers ? "dialling" : "");
    var sk = (p.skipped_by || []).map(function (r) { return r.count + " " + r.reason; }).join(", ");
    document.getElementById("progress-skipped").textContent = sk ? "Skipped: " + sk : "";
    var stale = document.getElementById("progress-stale");
    if (stale) { stale.hidden = String(p.done) === stale.dataset.done; }
    box.dataset.done = p.done;
    box.dataset.inFlight = p.in_flight;
  });
})();
