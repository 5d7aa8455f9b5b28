"""Reading offline: the web app manifest (the site installs on a phone's home screen) and the
service worker that keeps the pages a reader visited, for when the connection drops.

The worker asks the network first, always, and keeps each answer: online, a reader sees the site
as it is now; offline, the last copy they saw, which the page then says (overrides/assets/
hors-ligne.js: the date the copy was built, and an offer whose deadline has passed shown closed).
Its cache is named after a version of the content and the day: when the site changes, the new
worker drops the copies of the previous one, so that nothing from before an update is shown as
current. A page never visited, offline, gets the page « Hors connexion » the worker keeps from its
first visit. Written by hand (a few dozen lines) rather than with Workbox: one strategy, no build
step, no library to pin in the pages.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from .corpus import Corpus

SERVICE_WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
OFFLINE_PAGE = "hors-ligne.md"  # its address: hors-ligne/
ICONS = (("assets/images/icone-192.png", 192), ("assets/images/icone-512.png", 512))
THEME_COLOR = "#3f51b5"  # material's indigo, the site's primary colour (mkdocs.yml)


def version(corpus: Corpus, today: date) -> str:
    """Changes when any fiche does, or the day (which closes offers and dates the pages)."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(today.isoformat().encode("ascii"))
    for path, fingerprint in sorted(corpus.digests.items()):
        digest.update(f"{path}\0{fingerprint}\0".encode("utf-8"))
    return digest.hexdigest()


def manifest(name: str, short_name: str, description: str) -> str:
    return json.dumps({
        "name": name, "short_name": short_name, "description": description, "lang": "fr",
        "start_url": "./", "scope": "./", "display": "standalone",
        "background_color": "#ffffff", "theme_color": THEME_COLOR,
        "icons": [{"src": path, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
                  for path, size in ICONS] + [{"src": ICONS[-1][0], "sizes": "512x512", "type": "image/png",
                                                "purpose": "maskable"}],
    }, ensure_ascii=False, indent=1) + "\n"


def service_worker(content_version: str) -> str:
    return _WORKER.replace("@VERSION@", content_version).replace("@OFFLINE@", OFFLINE_PAGE.removesuffix(".md") + "/")


_WORKER = """/* Fiches: the pages a reader visited, kept for reading offline (fiches_engine.offline). */
"use strict";
var CACHE = "fiches-@VERSION@";
var OFFLINE = new URL("@OFFLINE@", self.registration.scope).href;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.add(OFFLINE); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  // the copies of an earlier version of the site go: nothing from before an update shows as current
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("fiches-") === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf("/livereload") >= 0) return;
  // a page is asked again of the server, never taken from the browser's HTTP cache (which would
  // answer offline too, with a copy from before an update); Pagefind asks for its entry file with
  // a different query at each load: kept copies are found without it
  var navigate = request.mode === "navigate";
  var loose = navigate || url.pathname.indexOf("/pagefind/") >= 0;
  event.respondWith(fetch(navigate ? new Request(request.url, { cache: "no-cache", credentials: "same-origin" }) : request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }, function () {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(request, { ignoreSearch: loose }).then(function (kept) {
        if (kept) return kept;
        // a page never kept: the page that says so, at its own address (its links are relative to it)
        if (navigate) return cache.match(OFFLINE).then(function (page) { return page ? Response.redirect(OFFLINE, 302) : Response.error(); });
        return Response.error();
      });
    });
  }));
});
"""
