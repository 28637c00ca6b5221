/* Mingbai's service worker: after the first visit the screener (page, scripts, engine) works
 * with the network off, and so do the home page, the guides, offices and glossary of the place
 * whose screener was opened (the page names the place in a message). The build puts
 * `self.MINGBAI_SW = {version, precache, immutable, places}` above this code: the site-relative
 * URLs to keep, the engine folder whose files never change (its name is the hash of its
 * contents), and per place the pages to keep (pages end in "/").
 *
 *   engine files     cache first (they never change under the same name; the engine's worker
 *                    keeps them as it downloads them, so they are not fetched twice)
 *   everything else  network first, revalidated (a 304 costs a few hundred bytes), the cached copy
 *                    only when offline. So a visit after a deploy gets the page, its scripts, the
 *                    site data and worker.js (which names the engine folder) all from the new
 *                    build: never yesterday's 低保标准 beside today's page. Offline, every copy is
 *                    the one the last online visit saw.
 * Nothing from another origin is ever touched, and no request carries an answer.
 */
var SW = self.MINGBAI_SW;
var CACHE = "mingbai-" + SW.version;
var SCOPE = self.registration.scope;
var IMMUTABLE = new URL(SW.immutable, SCOPE).href;
// The engine's files are kept by the engine's worker itself (worker.js), under this name.
var ENGINE_CACHE = "mingbai-engine-" + SW.immutable.split("/").filter(Boolean).pop();

function abs(url) {
  return new URL(url, SCOPE).href;
}

self.addEventListener("install", function (event) {
  // Engine files the worker already keeps are not fetched a second time.
  event.waitUntil(
    caches.open(ENGINE_CACHE).then(function (engine) {
      return Promise.all(SW.precache.map(function (url) {
        var address = abs(url);
        if (address.indexOf(IMMUTABLE) !== 0) return address;
        return engine.match(address).then(function (hit) { return hit ? null : address; });
      }));
    }).then(function (wanted) {
      return caches.open(CACHE).then(function (cache) {
        return cache.addAll(wanted.filter(Boolean));
      });
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (keys) {
        return Promise.all(keys.filter(function (k) {
          return k.indexOf("mingbai-") === 0 && k !== CACHE && k !== ENGINE_CACHE;
        })
          .map(function (k) { return caches.delete(k); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

// {type: "keep-place", j}: keep that place's pages for offline reading, each one on its own (one
// that fails is fetched again on the next visit, the others stay). Answers are never in it.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  var urls = data.type === "keep-place" && SW.places ? SW.places[data.j] : null;
  if (!urls) return;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      var address = abs(url);
      return cache.match(address).then(function (hit) {
        return hit || cache.add(new Request(address, { cache: "no-cache" })).catch(function () { return null; });
      });
    }));
  }));
});

function fromCache(request, options) {
  return caches.open(CACHE).then(function (cache) { return cache.match(request, options); });
}

function fromAnyCache(request) {
  return caches.match(request, { ignoreSearch: true });
}

function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.url.indexOf(IMMUTABLE) === 0) {
    event.respondWith(fromAnyCache(request).then(function (hit) {
      return hit || fetch(request).then(function (r) { return keep(request, r); });
    }));
  } else {
    // Pages are kept under their address without the query (?j=… is read by the script).
    // A navigation cannot be re-made with options; the server sends pages with no-cache anyway.
    var navigate = request.mode === "navigate";
    var key = navigate ? new Request(url.origin + url.pathname) : request;
    event.respondWith(fetch(navigate ? request : new Request(request, { cache: "no-cache" })).then(function (r) {
      return keep(key, r);
    }).catch(function () {
      return fromCache(key, navigate ? { ignoreSearch: true } : undefined).then(function (hit) {
        return hit || Response.error();
      });
    }));
  }
});
