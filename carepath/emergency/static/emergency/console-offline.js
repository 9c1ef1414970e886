// CarePath's offline copy of the crisis console (a service worker, served at /console-offline.js so that its
// scope covers the console pages and the few files they need). It keeps the last copy of each console page the
// clinician opened, for 12 hours, so that reloading the console without a connection still shows the numbers,
// the contacts and the forms (entries made offline wait in the page's own queue). Nothing else is kept; the copies
// are deleted at sign-out (carepath.js asks) and when they are older than 12 hours.
"use strict";
var CACHE = "carepath-console-v1";
var ASSETS = ["/static/carepath/carepath.css", "/static/carepath/carepath.js", "/static/emergency/console.js"];
var CONSOLE = /^\/cases\/[0-9a-f-]{36}\/console\/$/;
var MAX_AGE_MS = 12 * 3600 * 1000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(ASSETS); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function fresh(response) {
  var when = Date.parse(response.headers.get("Date") || "");
  return !isNaN(when) && Date.now() - when < MAX_AGE_MS;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || request.method !== "GET") { return; }
  if (CONSOLE.test(url.pathname) && request.mode === "navigate") {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { return cache.put(url.pathname, copy); });
      }
      return response;
    }).catch(function () {
      return caches.open(CACHE).then(function (cache) { return cache.match(url.pathname); }).then(function (hit) {
        return hit && fresh(hit) ? hit : Response.error();
      });
    }));
    return;
  }
  if (ASSETS.indexOf(url.pathname) !== -1) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { return cache.put(url.pathname, copy); });
      }
      return response;
    }).catch(function () { return caches.match(url.pathname); }));
  }
});

self.addEventListener("message", function (event) {
  if (event.data === "forget") { event.waitUntil(caches.delete(CACHE)); }
});
