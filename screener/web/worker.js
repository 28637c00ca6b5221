/* The engine's Web Worker (a classic worker: Pyodide 0.29's pyodide.asm.js is a classic script).
 * The build puts `self.MINGBAI_ENGINE = {dir, files, sizes, wheel_integrity}` above this code.
 *
 * Start-up: every engine file, Pyodide's own two scripts included, is requested at once, before
 * anything else runs (Pyodide would ask for them one after another, and a synchronous
 * importScripts would hold the others back) — from our own Cache Storage when an earlier visit
 * kept them, so a second visit needs no network — the bytes are counted for the page's progress
 * bar, and Pyodide is handed the responses already on their way. WebAssembly is compiled while
 * it downloads when the browser can; if that fails we compile from a plain buffer instead of
 * waiting for ever.
 *
 * Messages in:  {type: "start", noStream}, {type: "evaluate", id, household (JSON text), jurisdiction, date}
 * Messages out: {type: "progress", loaded, total, phase}, {type: "stream-failed"}, {type: "ready"},
 *               {type: "kept"} (the engine files are in Cache Storage),
 *               {type: "failed", reason, message}, {type: "answer", id, json}
 */
"use strict";

var ENGINE = self.MINGBAI_ENGINE;
var engineDir = new URL(ENGINE.dir, self.location.href);
var evaluateInPython = null;
var started = false;

function url(role) {
  return new URL(ENGINE.files[role], engineDir).href;
}

function post(message) {
  self.postMessage(message);
}

function reasonOf(error) {
  var m = String((error && (error.message || error)) || "");
  if (/memory|allocation|RangeError/i.test(m)) return "memory";
  if (/fetch|network|Failed to load|NetworkError|request failed/i.test(m)) return "network";
  return "other";
}

var ENGINE_CACHE = "mingbai-engine-" + ENGINE.dir.split("/").filter(Boolean).pop();

function openCache() {
  // Cache Storage exists only on secure origins (https, localhost); without it we just download.
  if (!self.caches) return Promise.resolve(null);
  return self.caches.open(ENGINE_CACHE).catch(function () { return null; });
}

function forgetOldEngines() {
  if (!self.caches) return;
  self.caches.keys().then(function (keys) {
    keys.forEach(function (k) {
      if (k.indexOf("mingbai-engine-") === 0 && k !== ENGINE_CACHE) self.caches.delete(k);
    });
  }).catch(function () {});
}

function start(noStream) {
  if (started) return;
  started = true;
  var roles = ["loader", "asm", "wasm", "stdlib", "lock", "wheel"];
  var total = 0;
  roles.forEach(function (r) { total += ENGINE.sizes[ENGINE.files[r]] || 0; });
  var loaded = 0;
  var lastPost = 0;
  var phase = "download";

  function tick(force) {
    var now = Date.now();
    if (force || now - lastPost > 200) {
      lastPost = now;
      post({ type: "progress", loaded: Math.min(loaded, total), total: total, phase: phase });
    }
  }

  var files = roles.length;
  function finished() {
    files -= 1;
    if (files === 0) {
      phase = "starting";
      tick(true);
    }
  }

  // Count the bytes of a response as they arrive (the page shows the share loaded).
  function counted(response) {
    if (!response.ok) throw new Error("Failed to load " + response.url + ": " + response.status);
    if (!response.body) {
      finished();
      return response;
    }
    var counter = new TransformStream({
      transform: function (chunk, controller) {
        loaded += chunk.byteLength;
        tick(false);
        controller.enqueue(chunk);
      },
      flush: finished,
    });
    return new Response(response.body.pipeThrough(counter), {
      status: response.status, statusText: response.statusText,
      headers: { "Content-Type": response.headers.get("Content-Type") || "" },
    });
  }

  var plainFetch = self.fetch.bind(self);
  var cache = openCache();
  var kept = [];

  // An engine file: from our own cache when an earlier visit kept it, else from the network,
  // keeping a copy (the folder's name is its contents' hash, so a copy never goes stale).
  function get(role) {
    var address = url(role);
    var init = role === "wheel" ? { integrity: ENGINE.wheel_integrity } : {};
    return cache.then(function (c) {
      return (c ? c.match(address) : Promise.resolve(null)).then(function (hit) {
        if (hit) return hit;
        return plainFetch(address, init).then(function (response) {
          if (c && response.ok) kept.push(c.put(address, response.clone()).catch(function () {}));
          return response;
        });
      });
    }).then(counted);
  }

  var early = {};
  ["wasm", "stdlib", "lock", "wheel"].forEach(function (role) { early[url(role)] = get(role); });
  var loaderText = get("loader").then(function (r) { return r.text(); });
  var asmText = get("asm").then(function (r) { return r.text(); });
  Object.keys(early).forEach(function (k) { early[k].catch(function () {}); });

  // Pyodide asks for the lock file, the stdlib, the wasm and the wheel through fetch(): give it
  // the responses already under way (each once; anything else goes to the network as usual).
  self.fetch = function (input, init) {
    var key = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
    if (early[key]) {
      var response = early[key];
      delete early[key];
      return response;
    }
    return plainFetch(input, init);
  };

  var streaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = function (source, imports) {
    return Promise.resolve(source).then(function (response) {
      if (noStream || typeof streaming !== "function") {
        return response.arrayBuffer().then(function (bytes) { return WebAssembly.instantiate(bytes, imports); });
      }
      return streaming.call(WebAssembly, response, imports).catch(function (error) {
        post({ type: "stream-failed", message: String(error) });
        return plainFetch(url("wasm"))
          .then(function (r) { return r.arrayBuffer(); })
          .then(function (bytes) { return WebAssembly.instantiate(bytes, imports); });
      });
    });
  };

  // Run one of Pyodide's scripts from the bytes we already have (no second download); from its
  // address if the browser refuses a blob: URL.
  function run(text, role) {
    var blobURL = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
    try {
      importScripts(blobURL);
    } catch (e) {
      importScripts(url(role));
    } finally {
      URL.revokeObjectURL(blobURL);
    }
  }

  var downloads = Promise.all([loaderText, asmText].concat(Object.keys(early).map(function (k) { return early[k]; })));
  Promise.all([loaderText, asmText]).then(function (texts) {
    run(texts[0], "loader");
    run(texts[1], "asm");
    return self.loadPyodide({
      indexURL: engineDir.href,
      stdLibURL: url("stdlib"),
      lockFileURL: url("lock"),
      packages: ["screener"],
      stdout: function () {},
      stderr: function () {},
    });
  }).then(function (pyodide) {
    evaluateInPython = pyodide.runPython([
      "import json, screener",
      "def _mingbai_evaluate(text, jurisdiction=None, date=None):",
      "    try:",
      "        household = json.loads(text)",
      "    except ValueError as e:",
      "        return json.dumps({'error': {'path': '', 'message': f'不是有效的 JSON：{e}', 'text': f'输入有误：不是有效的 JSON：{e}'}}, ensure_ascii=False)",
      "    try:",
      "        return '{\"result\":' + screener.to_json(screener.evaluate(household, jurisdiction, date)) + '}'",
      "    except screener.HouseholdError as e:",
      "        return json.dumps({'error': {'path': e.path, 'message': e.message, 'text': str(e)}}, ensure_ascii=False)",
      "first = screener.list_jurisdictions()[0]['id']",
      "_mingbai_evaluate(json.dumps({'members': [{'age': 40}]}), first)   # warm the caches",
      "_mingbai_evaluate",
    ].join("\n"));
    post({ type: "ready" });
    forgetOldEngines();
    return Promise.all(kept).then(function () { post({ type: "kept" }); });
  }).catch(function (error) {
    post({ type: "failed", reason: reasonOf(error), message: String(error && error.stack || error) });
  });

  downloads.catch(function (error) {
    post({ type: "failed", reason: "network", message: String(error) });
  });
}

self.onmessage = function (event) {
  var m = event.data || {};
  if (m.type === "start") {
    try {
      start(m.noStream);
    } catch (error) {
      post({ type: "failed", reason: reasonOf(error), message: String(error) });
    }
  } else if (m.type === "evaluate") {
    var json;
    try {
      json = evaluateInPython(m.household, m.jurisdiction || undefined, m.date || undefined);
    } catch (error) {
      json = JSON.stringify({ error: { kind: "EngineError", path: "", message: String(error && error.message || error),
                                       text: "计算出错：" + String(error && error.message || error) } });
    }
    post({ type: "answer", id: m.id, json: json });
  }
};
