/* Mingbai's service worker: after the first visit the screener (page, scripts, engine) works
 * with the network off. The build puts `self.MINGBAI_SW = {version, precache, immutable}` above
 * this code: the site-relative URLs to keep, and the engine folder whose files never change
 * (its name is the hash of its contents).
 *
 *   engine files     cache first (they never change under the same name)
 *   pages            network first, the cached copy when offline (pages read online are kept too)
 *   other own files  the cached copy at once, refreshed in the background
 * Nothing from another origin is ever touched, and no request carries an answer.
 */
var SW = self.MINGBAI_SW;
var CACHE = "mingbai-" + SW.version;
var SCOPE = self.registration.scope;
var IMMUTABLE = new URL(SW.immutable, SCOPE).href;

function abs(url) {
  return new URL(url, SCOPE).href;
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE)
      .then(function (cache) { return cache.addAll(SW.precache.map(abs)); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf("mingbai-") === 0 && k !== CACHE; })
          .map(function (k) { return caches.delete(k); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function fromCache(request, options) {
  return caches.open(CACHE).then(function (cache) { return cache.match(request, options); });
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
    event.respondWith(fromCache(request, { ignoreSearch: true }).then(function (hit) {
      return hit || fetch(request).then(function (r) { return keep(request, r); });
    }));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).then(function (r) {
      return keep(new Request(url.origin + url.pathname), r);
    }).catch(function () {
      return fromCache(request, { ignoreSearch: true }).then(function (hit) {
        return hit || Response.error();
      });
    }));
  } else {
    event.respondWith(fromCache(request).then(function (hit) {
      var refresh = fetch(request).then(function (r) { return keep(request, r); });
      if (hit) {
        event.waitUntil(refresh.catch(function () {}));
        return hit;
      }
      return refresh;
    }));
  }
});
