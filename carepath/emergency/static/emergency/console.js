// CarePath crisis console: what the clinician logs is kept on this device until the server has it.
// Every console form carries a server-made idempotency key; a submit is queued in localStorage under
// that key, sent at once, and re-sent on page load, when the browser comes back online, and every 20 s
// while anything is waiting. The server answers a repeated key with the entry it already saved, so a
// retry never writes twice.
(function () {
  "use strict";
  var QUEUE = "carepath-console-queue";
  var retrying = null;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
  }
  function store(queue) {
    try { window.localStorage.setItem(QUEUE, JSON.stringify(queue)); } catch (e) { /* storage full or disabled */ }
  }
  function remove(key) { store(load().filter(function (item) { return item.key !== key; })); }

  function status(text, link) {
    var el = document.getElementById("console-queue");
    if (!el) { return; }
    el.textContent = text || "";
    if (link) {
      var a = document.createElement("a");
      a.href = window.location.pathname;
      a.textContent = " Show them on the timeline.";
      el.appendChild(a);
    }
    el.hidden = !text;
  }

  function describeQueue(extra) {
    var n = load().length;
    if (n) {
      status((extra ? extra + " " : "") + n + (n === 1 ? " entry is" : " entries are") +
        " saved on this device and will be sent when the connection returns.");
    } else if (!extra) {
      status("");
    }
  }

  // The state of one entry, next to the button that was pressed (not only at the top of a long page).
  function stateNear(form, text, kind) {
    if (!form) { return; }
    var el = form.querySelector(".console-state");
    if (!el) {
      el = document.createElement("p");
      el.className = "console-state";
      el.setAttribute("role", "status");
      var button = form.querySelector("button[type=submit]");
      (button ? button.parentNode : form).insertBefore(el, button ? button.nextSibling : null);
    }
    el.textContent = text;
    el.dataset.state = kind || "";
  }

  function token() {
    var el = document.querySelector("input[name=csrfmiddlewaretoken]");
    return el ? el.value : null;
  }

  function send(item) {
    var body = new URLSearchParams();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    var current = token();  // the page's token is the freshest one the session accepts
    if (current) { body.set("csrfmiddlewaretoken", current); }
    return window.fetch(item.url, {
      method: "POST", body: body, credentials: "same-origin", redirect: "follow",
      headers: { "Accept": "application/json" }
    });
  }

  function isSaved(response) {
    var type = response.headers.get("Content-Type") || "";
    return response.ok && type.indexOf("application/json") === 0;
  }
  function lostSession(response) { return response.redirected && response.url.indexOf("/accounts/sign-in") !== -1; }

  var inFlight = null;

  // One flush at a time: the browser's "online" event, a retry timer and a page load can all ask at once,
  // and sending the same entry twice in parallel only makes the server sort out the duplicate.
  function flush() {
    if (inFlight) { return inFlight; }
    inFlight = flushQueue().then(
      function (sent) { inFlight = null; return sent; },
      function () { inFlight = null; return 0; }
    );
    return inFlight;
  }

  function flushQueue() {
    var queue = load().filter(function (item) { return !item.sendAfter || item.sendAfter <= Date.now(); });
    if (!queue.length) { return Promise.resolve(0); }
    var sent = 0;
    return queue.reduce(function (chain, item) {
      return chain.then(function () {
        return send(item).then(function (response) {
          if (isSaved(response)) {
            remove(item.key); sent += 1;
            return response.json().then(function (data) {
              if (data && data.draft && window.CarePath && window.CarePath.savedByScript) {
                window.CarePath.savedByScript({ draft: data.draft });  // its own summary says it was sent
              }
            }, function () {});
          }
          if (lostSession(response)) { status("Sign in again (in another tab) to send what is saved on this device."); return; }
          if (response.status >= 400 && response.status < 500) {
            remove(item.key);  // refused, not lost: the form on this page still holds it
            status("An entry saved on this device was refused by the server; open its form again to check it.");
          }
        });
      });
    }, Promise.resolve()).then(function () {
      var left = load().length;
      if (sent) {
        status(sent + (sent === 1 ? " entry" : " entries") + " saved on this device " + (sent === 1 ? "was" : "were") +
          " sent." + (left ? " " + left + " still waiting." : ""), true);
      }
      return sent;
    }).catch(function () { describeQueue("The connection is down."); });
  }

  function scheduleRetry() {
    if (retrying) { return; }
    retrying = window.setInterval(function () {
      if (!load().length) { window.clearInterval(retrying); retrying = null; return; }
      flush();
    }, 20000);
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-console-form]")) { return; }
    event.preventDefault();
    var keyField = form.elements.namedItem("idempotency_key");
    var item = {
      key: keyField ? keyField.value : String(Date.now()),
      url: form.action,
      fields: Array.from(new window.FormData(form).entries()),
      savedAt: Date.now()
    };
    store(load().filter(function (queued) { return queued.key !== item.key; }).concat([item]));
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    stateNear(form, "Sending…", "sending");
    send(item).then(function (response) {
      if (isSaved(response)) {
        remove(item.key);
        stateNear(form, "Sent: saved to the timeline.", "sent");
        // The server says where to go next (the console); a refused form may have left us on the post's URL.
        return response.json().then(function (data) {
          if (window.CarePath && window.CarePath.savedByScript) { window.CarePath.savedByScript(data); }
          window.location.assign((data && data.next) || window.location.pathname);
        }, function () { window.location.assign(window.location.pathname); });
      } else if (lostSession(response)) {
        if (button) { button.disabled = false; }
        status("Your session ended: sign in again (in another tab); this entry is kept on this device and will be sent.");
        scheduleRetry();
      } else if (response.status >= 400 && response.status < 500) {
        // The server refused the input: post the form normally so the errors show next to the fields.
        remove(item.key);
        window.HTMLFormElement.prototype.submit.call(form);
      } else {
        if (button) { button.disabled = false; }
        stateNear(form, "Kept on this device: the server could not save it now. It will be sent again.", "kept");
        describeQueue("The server could not save this now.");
        scheduleRetry();
      }
    }).catch(function () {
      if (button) { button.disabled = false; }
      stateNear(form, "Kept on this device: no connection. It will be sent by itself when the connection returns.", "kept");
      describeQueue("The connection is down: this entry is kept.");
      scheduleRetry();
    });
  }

  // "When" is filled in as now when the page is drawn; keep it at now while the clinician has not changed it,
  // so an entry logged ten minutes after opening the console does not carry the older time.
  function keepTimesCurrent() {
    var loadedAt = Date.now();
    var fields = Array.prototype.filter.call(
      document.querySelectorAll("form[data-console-form] input[type=datetime-local][name=occurred_at]"),
      function (el) {
        // A form sent back with errors shows the time the clinician gave: leave it alone.
        return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(el.value) && !el.form.querySelector(".error, .errors");
      }
    );
    fields.forEach(function (el) { el.dataset.drawn = el.value; el.dataset.lastSet = el.value; });
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    window.setInterval(function () {
      fields.forEach(function (el) {
        if (el.value !== el.dataset.lastSet) { return; }  // changed by the clinician
        var p = el.dataset.drawn.split(/[-T:]/).map(Number);
        var t = new Date(p[0], p[1] - 1, p[2], p[3], p[4]);
        t = new Date(t.getTime() + (Date.now() - loadedAt));
        el.value = t.getFullYear() + "-" + pad(t.getMonth() + 1) + "-" + pad(t.getDate()) + "T" +
          pad(t.getHours()) + ":" + pad(t.getMinutes());
        el.dataset.lastSet = el.value;
      });
    }, 30000);
  }

  // Calling is logging: tapping the emergency number or a crisis line opens the phone's dialer (the link does
  // that) and queues "emergency call placed" (number, time now, outcome not known yet). For a few seconds it can
  // be undone; then it goes through the same queue as every entry, so a dropped connection loses nothing.
  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  // "Now" as the practice writes it (its time zone, as the server drew the page), not the phone's own zone.
  var pageLoadedAt = Date.now();
  function localNow() {
    var root = document.querySelector("[data-console]");
    var drawn = root && root.getAttribute("data-now-local");
    var p = drawn ? drawn.split(/[-T:]/).map(Number) : null;
    var t = p ? new Date(Date.UTC(p[0], p[1] - 1, p[2], p[3], p[4]) + (Date.now() - pageLoadedAt)) : new Date();
    var get = p ? function (m) { return t["getUTC" + m](); } : function (m) { return t["get" + m](); };
    return get("FullYear") + "-" + pad2(get("Month") + 1) + "-" + pad2(get("Date")) + "T" + pad2(get("Hours")) + ":" +
      pad2(get("Minutes"));
  }
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0; return (c === "x" ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }

  function onCallTap(event) {
    var link = event.target.closest ? event.target.closest("a[data-log-call]") : null;
    var root = document.querySelector("[data-console]");
    if (!link || !root || root.hasAttribute("data-closed")) { return; }
    var number = (link.getAttribute("href") || "").replace(/^tel:/, "");
    var item = {
      key: newKey(),
      url: root.getAttribute("data-call-url"),
      fields: [["idempotency_key", ""], ["number_dialled", number], ["service", link.getAttribute("data-service") || ""],
        ["outcome", "pending"], ["reference", ""], ["occurred_at", localNow()],
        ["notes", (link.getAttribute("data-line") ? "Called " + link.getAttribute("data-line") + ". " : "") +
          "Logged when the number was tapped on the crisis console."]],
      savedAt: Date.now(),
      sendAfter: Date.now() + 1000 * Number(root.getAttribute("data-undo-seconds") || 8)
    };
    item.fields[0][1] = item.key;
    store(load().concat([item]));
    var note = document.createElement("p");
    note.className = "console-state console-call-logged";
    note.setAttribute("role", "status");
    note.textContent = "Call to " + number + " logged at " + localNow().slice(11) + ". ";
    var undo = document.createElement("button");
    undo.type = "button";
    undo.className = "link";
    undo.textContent = "Undo";
    undo.addEventListener("click", function () {
      remove(item.key);
      note.textContent = "Not logged: the call to " + number + " was taken off the timeline before it was sent.";
    });
    note.appendChild(undo);
    link.parentNode.insertBefore(note, link.nextSibling);
    window.setTimeout(function () {
      if (!load().some(function (q) { return q.key === item.key; })) { return; }  // undone
      undo.remove();
      note.textContent = "Call to " + number + " logged at " + localNow().slice(11) + ": sending…";
      flush().then(function (sent) {
        if (!load().some(function (q) { return q.key === item.key; })) {
          note.textContent = "Call to " + number + " saved to the timeline. When you are back, say what came of it.";
          window.location.hash = "console-awaiting";
          window.location.reload();
        } else {
          note.textContent = "Call to " + number + " kept on this device: it will be sent when the connection returns.";
          scheduleRetry();
        }
      });
    }, Math.max(0, item.sendAfter - Date.now()));
  }

  document.addEventListener("click", onCallTap);

  // Reloading the console without a connection shows the last copy (see console-offline.js); say so.
  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-console]");
    if (!root) { return; }
    if ("serviceWorker" in navigator && root.getAttribute("data-offline-worker")) {
      navigator.serviceWorker.register(root.getAttribute("data-offline-worker"), { scope: "/" }).catch(function () {});
    }
    var offline = document.getElementById("console-offline");
    function showOffline() {
      if (!offline) { return; }
      offline.textContent = navigator.onLine ? "" : "You are offline: this is the console as it was at " +
        (root.getAttribute("data-drawn-at") || "your last visit") +
        ". What you log is kept on this device and sent when the connection returns.";
      offline.hidden = navigator.onLine;
    }
    showOffline();
    window.addEventListener("offline", showOffline);
    window.addEventListener("online", showOffline);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && load().length) { flush(); }
  });
  document.addEventListener("submit", onSubmit);
  document.addEventListener("DOMContentLoaded", keepTimesCurrent);
  window.addEventListener("online", function () { flush(); });
  document.addEventListener("DOMContentLoaded", function () {
    if (load().length) { flush().then(function () { if (load().length) { scheduleRetry(); } }); }
  });
})();
