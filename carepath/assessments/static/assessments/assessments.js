// CarePath assessments: hides the questions an instrument does not ask (from each item's data-ask-if, written
// by the server from the definition file) and shows the score from the server's preview endpoint, which calls
// the same pure scoring function as the save. No scoring happens here. Without this script every question shows
// and the server refuses inconsistent answers with a message.
(function () {
  "use strict";

  function valuesOf(form, itemId) {
    var out = [];
    Array.prototype.forEach.call(form.querySelectorAll('[name="a-' + itemId + '"]'), function (el) {
      if (!el.disabled && el.checked) { out.push(el.value); }
    });
    return out;
  }

  function conditionHolds(form, cond) {
    return Object.keys(cond).every(function (ref) {
      var have = valuesOf(form, ref);
      return cond[ref].some(function (wanted) { return have.indexOf(wanted) !== -1; });
    });
  }

  function applySkipLogic(form) {
    // In question order, so a hidden question never opens the ones that depend on it.
    Array.prototype.forEach.call(form.querySelectorAll(".assess-item"), function (block) {
      var raw = block.getAttribute("data-ask-if");
      if (!raw) { return; }
      var alternatives;
      try { alternatives = JSON.parse(raw); } catch (e) { return; }
      var asked = alternatives.some(function (cond) { return conditionHolds(form, cond); });
      block.hidden = !asked;
      Array.prototype.forEach.call(block.querySelectorAll("input, textarea, select"), function (el) {
        el.disabled = !asked;  // disabled fields are not posted: a hidden answer cannot be saved
      });
    });
  }

  var timer = null;
  var inFlight = null;

  function preview(form) {
    var target = document.getElementById("assess-preview");
    var url = form.getAttribute("data-preview-url");
    if (!target || !url || !window.fetch) { return; }
    if (inFlight && inFlight.abort) { inFlight.abort(); }
    inFlight = window.AbortController ? new AbortController() : null;
    var body = new FormData(form);
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: inFlight ? inFlight.signal : undefined
    }).then(function (response) {
      return response.json().then(function (data) { return data; });
    }).then(function (data) {
      if (data.ok) {
        target.innerHTML = data.html;  // rendered and escaped by the server's template
      } else {
        target.textContent = "Score shows when the questions asked are answered (" + data.item + ": " + data.message + ").";
      }
    }).catch(function () { /* offline or aborted: the saved result is what counts */ });
  }

  function changed(form) {
    applySkipLogic(form);
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(function () { preview(form); }, 250);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.assess-form"), function (form) {
      applySkipLogic(form);
      preview(form);
      form.addEventListener("change", function () { changed(form); });
      form.addEventListener("input", function () { changed(form); });
    });
  });
})();
