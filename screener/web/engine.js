/* Mingbai engine loader: starts the Python engine (Pyodide, in a Web Worker) the moment the
 * page opens and exposes the contract's API:
 *
 *   window.screener.ready            Promise, resolves when the engine is loaded
 *   window.screener.evaluate(obj)    Promise<result>, the same JSON as the command line
 *
 * It also tells the page how loading goes, as events on `document`:
 *   mingbai:engine-api                               window.screener exists (this script runs async)
 *   mingbai:engine-progress {loaded, total, phase}   phase: "download" | "starting"
 *   mingbai:engine-ready    {ms}
 *   mingbai:engine-failed   {reason}                 reason: no_wasm | memory | network | other
 *
 * A watchdog restarts the worker once without streaming compilation when loading stalls
 * (a wrong .wasm Content-Type or a broken WebView leaves Pyodide waiting for ever), and
 * after that reports a failure instead of spinning. Nothing here sends an answer anywhere:
 * the household goes only to our own worker.
 */
(function () {
  "use strict";
  if (window.screener && window.screener.evaluate) return;   // the embed page may load us twice
  var script = document.currentScript;
  var base = new URL(".", script ? script.src : window.location.href);
  var siteRoot = new URL("../", base);
  var NOSTREAM = "mingbai.engine.nostream";
  var STALL_MS = 30000;      // no byte arrived for this long while downloading
  var BOOT_MS = 60000;       // everything downloaded but Python not running after this long

  var worker = null;
  var attempts = 0;
  var seq = 0;
  var pending = {};
  var status = { phase: "idle", loaded: 0, total: 0, reason: null, startedAt: 0, ms: null };
  var lastChange = 0;
  var watchdog = null;
  var settle = null;

  function emit(name, detail) {
    document.dispatchEvent(new CustomEvent("mingbai:" + name, { detail: detail }));
  }

  function mark(name) {
    // For bench/screener_load.py: milestones on the page's own timeline.
    if (performance.mark) performance.mark(name);
  }

  function storage(key, value) {
    try {
      if (value === undefined) return window.localStorage.getItem(key);
      window.localStorage.setItem(key, value);
    } catch (e) { /* storage off: we only lose the memory of a broken streaming compiler */ }
    return null;
  }

  function newReady() {
    var p = new Promise(function (resolve, reject) { settle = { resolve: resolve, reject: reject }; });
    p.catch(function () { /* a failure is reported through mingbai:engine-failed */ });
    api.ready = p;
    return p;
  }

  function unsupported() {
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") return "no_wasm";
    if (typeof Worker !== "function" || typeof TransformStream !== "function") return "no_wasm";
    return null;
  }

  // The same reading as worker.js's reasonOf, for errors the worker could not catch itself.
  function classify(message) {
    var m = String(message || "");
    if (/memory|allocation|RangeError/i.test(m)) return "memory";
    if (/fetch|network|Failed to load|NetworkError|request failed/i.test(m)) return "network";
    return "other";
  }

  function fail(reason, message) {
    if (status.phase === "failed" || status.phase === "ready") return;
    stopWorker();
    status.phase = "failed";
    status.reason = reason;
    if (message && window.console) console.warn("Mingbai engine:", message);
    Object.keys(pending).forEach(function (id) {
      pending[id].reject(new Error("engine failed: " + reason));
      delete pending[id];
    });
    settle.reject(new Error(reason));
    emit("engine-failed", { reason: reason });
  }

  function stopWorker() {
    if (watchdog) clearInterval(watchdog);
    watchdog = null;
    if (worker) worker.terminate();
    worker = null;
  }

  function retryOrFail(reason, message) {
    // One more try, without streaming compilation: it is what breaks on some WebViews.
    if (attempts < 2) {
      storage(NOSTREAM, "1");
      stopWorker();
      launch(true);
    } else {
      fail(reason, message);
    }
  }

  function onMessage(event) {
    var m = event.data || {};
    lastChange = Date.now();
    if (m.type === "progress") {
      status.loaded = m.loaded;
      status.total = m.total;
      if (m.phase) status.phase = m.phase;
      emit("engine-progress", { loaded: m.loaded, total: m.total, phase: status.phase });
    } else if (m.type === "stream-failed") {
      storage(NOSTREAM, "1");
    } else if (m.type === "ready") {
      if (watchdog) clearInterval(watchdog);
      watchdog = null;
      status.phase = "ready";
      status.ms = Math.round(performance.now() - status.startedAt);
      mark("mingbai-engine-ready");
      settle.resolve(true);
      emit("engine-ready", { ms: status.ms });
    } else if (m.type === "kept") {
      registerServiceWorker();
    } else if (m.type === "failed") {
      if (m.reason === "no_wasm" || m.reason === "memory") fail(m.reason, m.message);
      else retryOrFail(m.reason || "other", m.message);
    } else if (m.type === "answer") {
      var job = pending[m.id];
      if (!job) return;
      delete pending[m.id];
      var reply;
      try {
        reply = JSON.parse(m.json);
      } catch (e) {
        job.reject(new Error("the engine's answer is not JSON"));
        return;
      }
      if (reply.error) {
        var error = new Error(reply.error.text || reply.error.message);
        error.name = reply.error.kind || "HouseholdError";
        error.path = reply.error.path;
        error.detail = reply.error.message;
        job.reject(error);
      } else {
        job.resolve(reply.result);
      }
    }
  }

  function launch(noStream) {
    attempts += 1;
    if (attempts === 1) mark("mingbai-engine-start");
    status.phase = "download";
    status.startedAt = status.startedAt || performance.now();
    lastChange = Date.now();
    try {
      worker = new Worker(new URL("worker.js", base).href);
    } catch (e) {
      fail("no_wasm", String(e));
      return;
    }
    worker.onmessage = onMessage;
    worker.onerror = function (e) {
      if (e && e.preventDefault) e.preventDefault();
      var reason = classify(e && e.message);
      if (reason === "memory") fail(reason, e.message);
      else retryOrFail(reason, e && e.message);
    };
    worker.postMessage({ type: "start", noStream: !!noStream });
    watchdog = setInterval(function () {
      var quiet = Date.now() - lastChange;
      if (status.phase === "download" && quiet > STALL_MS) retryOrFail("network", "download stalled");
      else if (status.phase === "starting" && quiet > BOOT_MS) retryOrFail("other", "start-up stalled");
    }, 2000);
  }

  function registerServiceWorker() {
    // Once the worker has kept the engine's files: the service worker then adds only the page's own.
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    navigator.serviceWorker.register(new URL("sw.js", siteRoot).href, { scope: siteRoot.href })
      .catch(function () { /* offline use is a bonus; the screener works without it */ });
  }

  var api = {
    ready: null,
    evaluate: function (household, options) {
      var opts = options || {};
      return api.ready.then(function () {
        return new Promise(function (resolve, reject) {
          var id = ++seq;
          pending[id] = { resolve: resolve, reject: reject };
          worker.postMessage({
            type: "evaluate", id: id, household: JSON.stringify(household),
            jurisdiction: opts.jurisdiction || null, date: opts.date || null,
          });
        });
      });
    },
    status: function () {
      return { phase: status.phase, loaded: status.loaded, total: status.total, reason: status.reason, ms: status.ms };
    },
    restart: function () {
      if (status.phase !== "failed") return api.ready;
      attempts = 0;
      status = { phase: "idle", loaded: 0, total: 0, reason: null, startedAt: 0, ms: null };
      newReady();
      begin();
      return api.ready;
    },
  };
  newReady();
  window.screener = api;
  document.dispatchEvent(new CustomEvent("mingbai:engine-api"));

  function begin() {
    var missing = unsupported();
    if (missing) {
      status.phase = "starting";
      setTimeout(function () { fail(missing, "this browser has no WebAssembly or Web Workers"); }, 0);
      return;
    }
    launch(storage(NOSTREAM) === "1");
  }
  begin();
})();
