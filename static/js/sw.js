/* Service worker (served as /sw.js, scope "/"): a proposal form reloaded without a connection
 * still opens, with its styles and scripts, and autosave.js puts back the text kept in the
 * browser.
 * - Pages: network first. Only proposal forms (/proposals/<id>/edit) of a signed-in session
 *   are kept, as the last copy that loaded; without a connection that copy is shown.
 * - Static files with a content hash in their name never change: cache first. Other static
 *   files: network first, the kept copy without a connection.
 * - Privacy: every page says whose session it belongs to (X-Session-Owner, opaque; empty when
 *   signed out). When that changes (sign-out, someone else signs in) every kept page is
 *   deleted, and a kept page is only shown to the session it was kept for. Signing out also
 *   deletes them at once.
 * - Form posts, autosave and every other request go to the network untouched.
 */
"use strict";

var PAGES = "hackathon-pages-v1";
var STATIC = "hackathon-static-v1";
var META = "hackathon-meta-v1";
var OWNER_KEY = "/__session-owner";
var OWNER_HEADER = "X-Session-Owner";
var FORM = /^\/proposals\/\d+\/edit$/;
var HASHED = /\.[0-9a-f]{12}(\.[A-Za-z0-9]+)$/;
var SIGN_OUT = /^\/logout(\/everywhere)?$/;

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf("hackathon-") === 0 && [PAGES, STATIC, META].indexOf(key) < 0;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

// --- whose pages ------------------------------------------------------------------------
function readOwner() {
  return caches.open(META).then(function (cache) { return cache.match(OWNER_KEY); })
    .then(function (hit) { return hit ? hit.text() : null; });
}

function forgetPages() { return caches.delete(PAGES); }

// A page's owner differs from the last one seen: nothing kept for the last one may stay.
function noteOwner(response) {
  var owner = response.headers.get(OWNER_HEADER);
  if (owner === null) return Promise.resolve(null);
  return readOwner().then(function (known) {
    if (known === owner) return owner;
    return forgetPages().then(function () {
      return caches.open(META);
    }).then(function (cache) {
      return cache.put(OWNER_KEY, new Response(owner));
    }).then(function () { return owner; });
  });
}

// After a page came from the network: keep a form that loaded for a signed-in session, drop
// a form that no longer loads (signed out, no longer on the team, deadline passed).
function afterPage(url, response) {
  return noteOwner(response).then(function (owner) {
    if (!FORM.test(url.pathname)) return null;
    var ok = owner && response.status === 200 && response.type === "basic" &&
      (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
    return caches.open(PAGES).then(function (cache) {
      if (!ok) return cache.delete(url.pathname);
      return response.blob().then(function (body) {
        var headers = new Headers(response.headers);
        headers.delete("Vary");
        headers.delete("Set-Cookie");
        headers.set("X-Offline-Copy", "1");
        return cache.put(url.pathname, new Response(body, { status: 200, headers: headers }));
      });
    });
  });
}

function keptPage(url) {
  return Promise.all([
    readOwner(),
    caches.open(PAGES).then(function (cache) { return cache.match(url.pathname); })
  ]).then(function (found) {
    var owner = found[0];
    var kept = found[1];
    return kept && owner && kept.headers.get(OWNER_HEADER) === owner ? kept : null;
  });
}

function page(event, url) {
  return fetch(event.request).then(function (response) {
    event.waitUntil(afterPage(url, response.clone()));
    return response;
  }, function (error) {
    if (!FORM.test(url.pathname)) throw error;
    return keptPage(url).then(function (kept) {
      if (kept) return kept;
      throw error;
    });
  });
}

// --- static files ---------------------------------------------------------------------
function stem(path) { return path.replace(HASHED, "$1"); }

function cacheFirst(request) {
  return caches.open(STATIC).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (response.ok) {
          // The older versions of this file are of no use any more.
          var path = new URL(request.url).pathname;
          cache.keys().then(function (keys) {
            keys.forEach(function (key) {
              var other = new URL(key.url).pathname;
              if (other !== path && stem(other) === stem(path)) cache.delete(key);
            });
          });
          cache.put(request, response.clone());
        }
        return response;
      });
    });
  });
}

function networkFirst(request) {
  return caches.open(STATIC).then(function (cache) {
    return fetch(request).then(function (response) {
      if (response.ok) cache.put(request, response.clone());
      return response;
    }, function (error) {
      return cache.match(request).then(function (hit) {
        if (hit) return hit;
        throw error;
      });
    });
  });
}

// --- wiring ---------------------------------------------------------------------------
self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    if (request.mode === "navigate" && SIGN_OUT.test(url.pathname)) event.waitUntil(forgetPages());
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(HASHED.test(url.pathname) ? cacheFirst(request) : networkFirst(request));
  }
});

// The form page asks to be kept (with its files) when it loaded before this worker ran;
// the sign-out button asks to forget every kept page.
function keepUrl(path) {
  var url = new URL(path, self.location.origin);
  if (url.origin !== self.location.origin) return null;
  if (FORM.test(url.pathname)) {
    return fetch(url.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return afterPage(url, response); });
  }
  if (url.pathname.indexOf("/static/") === 0) {
    var request = new Request(url.href);
    return HASHED.test(url.pathname) ? cacheFirst(request) : networkFirst(request);
  }
  return null;
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.urls)) {
    event.waitUntil(Promise.all(data.urls.slice(0, 20).map(function (path) {
      return Promise.resolve(keepUrl(String(path))).catch(function () { return null; });
    })));
  } else if (data.type === "forget") {
    event.waitUntil(forgetPages());
  }
});
