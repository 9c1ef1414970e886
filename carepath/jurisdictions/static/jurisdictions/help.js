// The help page guessed the country from the browser's language. If the browser's time zone is in another
// country, ask the server once for that country's numbers (the page works the same without this script).
(function () {
  "use strict";
  var page = document.querySelector(".help-page[data-guessed]");
  if (!page || !window.Intl || location.search.indexOf("tz=") !== -1) return;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) return;
  var zones = (page.getAttribute("data-zones") || "").split(" ");
  if (zones.indexOf(zone) !== -1) return;
  location.replace(location.pathname + "?tz=" + encodeURIComponent(zone));
})();
