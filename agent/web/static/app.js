// candor: the recording follows the transcript. Clicking a turn or the
// waveform seeks the player; while it plays, the current turn is marked.
(function () {
  "use strict";
  var player = document.getElementById("player");
  if (!player) { return; }
  var turns = Array.prototype.slice.call(document.querySelectorAll(".transcript li[data-t]"));
  var wave = document.getElementById("wave");
  var head = document.getElementById("playhead");
  turns.forEach(function (li) {
    li.addEventListener("click", function () {
      player.currentTime = Math.max(0, parseFloat(li.dataset.t) || 0);
      player.play();
    });
  });
  if (wave) {
    wave.addEventListener("click", function (ev) {
      var r = wave.getBoundingClientRect();
      var secs = parseFloat(wave.dataset.seconds) || player.duration || 0;
      player.currentTime = secs * (ev.clientX - r.left) / r.width;
    });
  }
  player.addEventListener("timeupdate", function () {
    var t = player.currentTime, cur = null;
    turns.forEach(function (li) {
      if ((parseFloat(li.dataset.t) || 0) <= t) { cur = li; }
      li.classList.remove("current");
    });
    if (cur) { cur.classList.add("current"); }
    if (wave && head) {
      var secs = parseFloat(wave.dataset.seconds) || player.duration || 1;
      var w = wave.viewBox.baseVal.width;
      head.setAttribute("x", String(Math.min(w - 1, w * t / secs)));
    }
  });
})();
