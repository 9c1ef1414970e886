// CarePath: keeps what a clinician types. Every form marked data-draft is saved to this tab's
// sessionStorage as it is typed, restored after a reload, an expired session or a failed submit,
// and forgotten only when the server confirms the save (body[data-clear-drafts]).
(function () {
  "use strict";
  var PREFIX = "carepath-draft:";
  var store = window.sessionStorage;

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "password" && el.type !== "hidden" &&
        el.type !== "submit" && el.type !== "button" && el.type !== "file";
    });
  }

  function save(form) {
    var data = {};
    fieldsOf(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        data[el.name] = data[el.name] || [];
        if (el.checked) { data[el.name].push(el.value); }
      } else {
        data[el.name] = el.value;
      }
    });
    try { store.setItem(PREFIX + form.dataset.draft, JSON.stringify({ savedAt: Date.now(), data: data })); } catch (e) { /* storage full or disabled */ }
  }

  function restore(form) {
    var raw = store.getItem(PREFIX + form.dataset.draft);
    if (!raw) { return; }
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { return; }
    var hadErrors = form.querySelector(".error, .errors");
    if (hadErrors) { return; }  // the server re-rendered what was posted; it is newer than the draft
    var restored = false;
    fieldsOf(form).forEach(function (el) {
      if (!(el.name in draft.data)) { return; }
      var value = draft.data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        var want = value.indexOf(el.value) !== -1;
        if (el.checked !== want) { el.checked = want; restored = true; }
      } else if (el.value !== value && value !== "") {
        el.value = value; restored = true;
      }
    });
    if (restored) {
      var note = document.createElement("p");
      note.className = "draft-restored";
      note.setAttribute("role", "status");
      note.textContent = "We restored what you had typed here before. Check it, then save.";
      form.insertBefore(note, form.firstChild);
    }
  }

  function clearConfirmed() {
    var keys = (document.body.dataset.clearDrafts || "").split(" ");
    keys.forEach(function (key) { if (key) { store.removeItem(PREFIX + key); } });
  }

  // A form a script sent (the crisis console posts with fetch) is confirmed in the answer, not in the session:
  // the script hands the answer here, and the message shows on the next page this tab opens.
  var FLASH = "carepath-flash";
  window.CarePath = window.CarePath || {};
  window.CarePath.savedByScript = function (answer) {
    if (!answer) { return; }
    if (answer.draft) { store.removeItem(PREFIX + answer.draft); }
    if (answer.message) {
      try { store.setItem(FLASH, answer.message); } catch (e) { /* storage full or disabled */ }
    }
  };

  function showFlash() {
    var text = store.getItem(FLASH);
    if (!text) { return; }
    store.removeItem(FLASH);
    var main = document.getElementById("main");
    if (!main) { return; }
    var box = main.querySelector(".messages");
    if (!box) {
      box = document.createElement("div");
      box.className = "messages";
      box.setAttribute("role", "status");
      main.insertBefore(box, main.firstChild);
    }
    var p = document.createElement("p");
    p.className = "message success";
    p.textContent = text;
    box.appendChild(p);
  }

  document.addEventListener("DOMContentLoaded", function () {
    clearConfirmed();
    showFlash();
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft]"), function (form) {
      restore(form);
      form.addEventListener("input", function () { save(form); });
      form.addEventListener("change", function () { save(form); });
      form.addEventListener("submit", function () { save(form); });
    });
  });
})();

// Signed out (or the session ended): forget the offline copies of crisis consoles this browser kept.
(function () {
  "use strict";
  if (!document.body || !document.body.hasAttribute("data-signed-out")) { return; }
  if (window.caches) { window.caches.delete("carepath-console-v1").catch(function () {}); }
  if (navigator.serviceWorker && navigator.serviceWorker.getRegistrations) {
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (registration) { registration.unregister(); });
    }).catch(function () {});
  }
})();

// Details a clinician reads once (the legal facts on a case): open the first time, folded on later visits.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-remember]"), function (el) {
      var key = "carepath-seen-" + el.getAttribute("data-remember");
      try {
        if (window.localStorage.getItem(key)) { el.open = false; } else { window.localStorage.setItem(key, "1"); }
      } catch (e) { /* storage disabled: leave it open */ }
    });
  });
})();
