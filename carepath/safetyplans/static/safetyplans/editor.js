// CarePath safety plan editor: written with the client, saved as it is typed.
// Every change is sent (after a short pause) with the revision it was made on. The server merges an edit made
// on an older revision with what someone else saved meanwhile and says what clashed, so nobody's words are lost.
// Until the server has a change, it is kept in this browser (localStorage): a dropped connection, a reload or
// an expired session loses nothing, and it is sent when possible.
(function () {
  "use strict";
  var root = document.querySelector("[data-plan-editor]");
  if (!root) { return; }
  var form = document.getElementById("plan-form");
  var stateEl = document.getElementById("plan-save-state");
  var conflictsEl = document.getElementById("plan-conflicts");
  var storeKey = "carepath-plan-" + root.getAttribute("data-plan");
  var revision = Number(root.getAttribute("data-revision"));
  var base = JSON.parse(document.getElementById("plan-draft-json").textContent);
  var timer = null, sending = false, again = false;

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return "e" + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }
  function say(text) { stateEl.textContent = text; }
  function clock() { var d = new Date(); return (d.getHours() < 10 ? "0" : "") + d.getHours() + ":" + (d.getMinutes() < 10 ? "0" : "") + d.getMinutes(); }
  function csrf() { var el = form.querySelector("input[name=csrfmiddlewaretoken]"); return el ? el.value : ""; }

  // ---- the draft as the page shows it, and back
  function read() {
    var draft = { sections: {}, kept_at: "", environment_reason: "" };
    Array.prototype.forEach.call(form.querySelectorAll("[data-section]"), function (fieldset) {
      var entries = [];
      Array.prototype.forEach.call(fieldset.querySelectorAll("[data-entries] > [data-entry]"), function (li) {
        var entry = {}, filled = false;
        Array.prototype.forEach.call(li.querySelectorAll("[data-field]"), function (input) {
          entry[input.getAttribute("data-field")] = input.value;
          if (input.getAttribute("data-field") !== "id" && input.tagName !== "SELECT" && input.value.trim()) { filled = true; }
        });
        if (filled) {
          if (!entry.id) { entry.id = newId(); li.querySelector("[data-field=id]").value = entry.id; }
          entries.push(entry);
        }
      });
      draft.sections[fieldset.getAttribute("data-section")] = entries;
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-plan-field]"), function (input) {
      draft[input.getAttribute("data-plan-field")] = input.value;
    });
    return draft;
  }

  function entryFor(section) {
    var template = document.getElementById("plan-entry-templates").content.querySelector('[data-template="' + section + '"] > li');
    var li = template.cloneNode(true);
    var n = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
    Array.prototype.forEach.call(li.querySelectorAll("[id],[name],[for]"), function (el) {
      ["id", "name", "for"].forEach(function (attr) {
        if (el.hasAttribute(attr)) { el.setAttribute(attr, el.getAttribute(attr).replace("__i__", n)); }
      });
    });
    Array.prototype.forEach.call(li.querySelectorAll("[data-field]"), function (input) {
      input.value = input.tagName === "SELECT" ? input.options[0].value : "";
    });
    Array.prototype.forEach.call(li.querySelectorAll(".error"), function (e) { e.remove(); });
    return li;
  }

  function show(draft) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-section]"), function (fieldset) {
      var section = fieldset.getAttribute("data-section");
      var list = fieldset.querySelector("[data-entries]");
      list.innerHTML = "";
      (draft.sections[section] || []).concat([{}]).forEach(function (entry) {
        var li = entryFor(section);
        Array.prototype.forEach.call(li.querySelectorAll("[data-field]"), function (input) {
          var name = input.getAttribute("data-field");
          if (entry[name] !== undefined) { input.value = entry[name]; }
        });
        list.appendChild(li);
      });
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-plan-field]"), function (input) {
      input.value = draft[input.getAttribute("data-plan-field")] || "";
    });
    enhance();
  }

  function setRevision(value) {
    revision = value;
    Array.prototype.forEach.call(document.querySelectorAll("[data-revision-field]"), function (el) { el.value = value; });
  }

  // ---- keeping and sending
  function keep(draft) {
    try { window.localStorage.setItem(storeKey, JSON.stringify({ revision: revision, base: base, draft: draft, at: Date.now() })); } catch (e) { /* full */ }
  }
  function forget() { try { window.localStorage.removeItem(storeKey); } catch (e) { /* disabled */ } }
  function kept() { try { return JSON.parse(window.localStorage.getItem(storeKey) || "null"); } catch (e) { return null; } }

  function warnings(list) {
    var ul = document.getElementById("plan-warnings");
    if (!ul || !list) { return; }
    ul.innerHTML = "";
    (list.length ? list : ["Nothing is missing."]).forEach(function (text) {
      var li = document.createElement("li"); li.textContent = text; ul.appendChild(li);
    });
  }

  function send() {
    if (sending) { again = true; return; }
    var pending = kept();
    if (!pending) { return; }
    sending = true;
    say("Saving…");
    window.fetch(root.getAttribute("data-draft-url"), {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), "Accept": "application/json" },
      body: JSON.stringify({ revision: pending.revision, draft: pending.draft, base: pending.base })
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 403 || response.status === 302) {
        say("Your session ended: sign in again in another tab. Every change is kept on this device and will be saved.");
        return null;
      }
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      sending = false;
      if (!result) { retryLater(); return; }
      if (!result.ok) { say("Not saved: " + (result.data.error || "the server refused it") + " (kept on this device)."); return; }
      var data = result.data;
      base = data.draft;
      setRevision(data.revision);
      var current = kept();
      if (current && current.at !== pending.at) {
        // typed more while this was on its way: send that too, from the new revision
        keep(current.draft); send();
      } else {
        forget();
      }
      if (data.merged) {
        show(data.draft);
        conflictsEl.hidden = false;
        conflictsEl.textContent = "Someone else saved this plan while you were writing. Both sets of changes are kept" +
          (data.conflicts.length ? ": " + data.conflicts.join("; ") : ".");
      }
      warnings(data.warnings);
      say("Saved at " + clock() + ". Every change is saved as you type.");
      if (again) { again = false; send(); }
    }).catch(function () {
      sending = false;
      say("Not saved: no connection. Every change is kept on this device and will be saved when the connection returns.");
      retryLater();
    });
  }

  var retry = null;
  function retryLater() {
    if (retry) { return; }
    retry = window.setInterval(function () {
      if (!kept()) { window.clearInterval(retry); retry = null; return; }
      send();
    }, 10000);
  }

  function changed() {
    keep(read());
    say("Changed: saving in a moment…");
    window.clearTimeout(timer);
    timer = window.setTimeout(send, 800);
  }

  // ---- entries, and one section at a time
  function enhance() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-add]"), function (button) { button.hidden = false; });
    Array.prototype.forEach.call(form.querySelectorAll("[data-remove]"), function (button) { button.hidden = false; });
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) { event.preventDefault(); changed(); });
  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add]");
    var remove = event.target.closest("[data-remove]");
    if (add) {
      var fieldset = add.closest("[data-section]");
      var li = entryFor(fieldset.getAttribute("data-section"));
      fieldset.querySelector("[data-entries]").appendChild(li);
      enhance();
      var first = li.querySelector("input:not([type=hidden]), textarea, select");
      if (first) { first.focus(); }
    } else if (remove) {
      remove.closest("[data-entry]").remove();
      changed();
    }
  });

  var modeButton = root.querySelector("[data-plan-mode]");
  var sectionsEls = Array.prototype.slice.call(form.querySelectorAll("[data-section]"));
  var current = 0, stepping = false;
  function layout() {
    sectionsEls.forEach(function (fieldset, i) {
      fieldset.hidden = stepping && i !== current;
      var nav = fieldset.querySelector(".plan-nav");
      if (nav) {
        nav.hidden = !stepping;
        nav.querySelector("[data-prev]").disabled = i === 0;
        nav.querySelector("[data-next]").disabled = i === sectionsEls.length - 1;
      }
    });
    modeButton.textContent = stepping ? "Show all sections" : "One section at a time";
  }
  modeButton.hidden = false;
  modeButton.addEventListener("click", function () { stepping = !stepping; layout(); });
  form.addEventListener("click", function (event) {
    if (event.target.closest("[data-prev]")) { current = Math.max(0, current - 1); layout(); sectionsEls[current].querySelector("legend").scrollIntoView(); }
    if (event.target.closest("[data-next]")) { current = Math.min(sectionsEls.length - 1, current + 1); layout(); sectionsEls[current].querySelector("legend").scrollIntoView(); }
  });

  // Finalising sends what is typed first, so the version holds the last word.
  Array.prototype.forEach.call(document.querySelectorAll("[data-finalise]"), function (button) {
    button.form.addEventListener("submit", function (event) {
      if (kept()) { event.preventDefault(); say("Saving before finalising…"); send(); window.setTimeout(function () { if (!kept()) { button.form.submit(); } }, 1500); }
    });
  });

  enhance();
  layout();
  var waiting = kept();
  if (waiting && waiting.draft) {
    show(waiting.draft);
    say("Your unsaved changes from " + new Date(waiting.at).toLocaleTimeString() + " are back; saving them now.");
    send();
  }
  window.addEventListener("online", send);
})();
