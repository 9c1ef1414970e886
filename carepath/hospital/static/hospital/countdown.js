// Keeps the time left on an emergency hold current while the page is open (the server wrote the first value).
(function () {
  "use strict";
  function text(ms) {
    var span = Math.abs(ms), hours = Math.floor(span / 3600000), minutes = Math.floor((span % 3600000) / 60000);
    var amount = hours >= 48 ? Math.floor(hours / 24) + " d " + (hours % 24) + " h"
      : hours + " h " + (minutes < 10 ? "0" : "") + minutes + " min";
    return ms <= 0 ? "ended " + amount + " ago: record what followed" : amount + " left";
  }
  function tick() {
    document.querySelectorAll("[data-hold-expires]").forEach(function (box) {
      var left = new Date(box.getAttribute("data-hold-expires")).getTime() - Date.now();
      var out = box.querySelector("[data-hold-left]");
      if (out) out.textContent = text(left);
      box.classList.toggle("hold-soon", left <= 12 * 3600000);
    });
  }
  tick();
  setInterval(tick, 30000);
})();
