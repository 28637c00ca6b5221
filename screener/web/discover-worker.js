/* The caseworkers' worker (staff/discover/): the engine with its roster reader, run over a whole roster.
 * The build puts `self.MINGBAI_STAFF_ENGINE = {pyodide, loader, dir, stdlib, lock, packages, chunk}` above.
 * Pyodide itself comes from the screener's engine folder; the lock file here adds the roster reader and
 * openpyxl. The roster arrives as bytes from the page and lives only in this worker's memory.
 *
 * Messages in:  {type: "run", name, bytes, jurisdiction, date, encoding}, {type: "cancel"},
 *               {type: "export", kind: "csv" | "xlsx"}, {type: "clear"}
 * Messages out: {type: "ready"}, {type: "failed", message}, {type: "chunk", json}, {type: "cancelled"},
 *               {type: "export", kind, data}, {type: "cleared"}
 */
"use strict";

var CONFIG = self.MINGBAI_STAFF_ENGINE;
var own = new URL(CONFIG.dir, self.location.href);
var pyodideDir = new URL(CONFIG.pyodide, self.location.href);
var py = null;
var Discovery = null;
var job = null;
var rosterPath = null;
var cancelled = false;
var KINDS = [".csv", ".xlsx", ".jsonl"];

function post(message, transfer) {
  self.postMessage(message, transfer || []);
}

function drop() {
  if (job) job.destroy();
  job = null;
  if (rosterPath) {
    try { py.FS.unlink(rosterPath); } catch (e) { /* already gone */ }
  }
  rosterPath = null;
  if (py) py.runPython("import gc; gc.collect()");
}

function step() {
  if (cancelled) {
    drop();
    post({ type: "cancelled" });
    return;
  }
  var json;
  try {
    json = job.step(CONFIG.chunk);
  } catch (error) {
    drop();
    post({ type: "chunk", json: JSON.stringify({ error: "计算出错：" + String(error && error.message || error) }) });
    return;
  }
  var finished = job.finished;
  if (finished && rosterPath) {
    try { py.FS.unlink(rosterPath); } catch (e) { /* already gone */ }
    rosterPath = null;
  }
  post({ type: "chunk", json: json });
  if (!finished) setTimeout(step, 0);    // lets a "cancel" in between chunks
}

function run(m) {
  drop();
  cancelled = false;
  var kind = (/\.[^.]+$/.exec(m.name || "") || [""])[0].toLowerCase();
  if (KINDS.indexOf(kind) < 0) {
    post({ type: "chunk", json: JSON.stringify({ error: "只能读 .csv 或 .xlsx 文件，这个文件是 " + (kind || "没有扩展名") }) });
    return;
  }
  rosterPath = "/tmp/roster" + kind;
  py.FS.writeFile(rosterPath, new Uint8Array(m.bytes));
  job = Discovery.callKwargs(rosterPath, {
    jurisdiction: m.jurisdiction || null, date: m.date || null, encoding: m.encoding || null,
  });
  step();
}

function exportAs(kind) {
  if (!job) return;
  if (kind === "csv") {
    post({ type: "export", kind: kind, data: job.csv_text() });
  } else {
    var proxy = job.xlsx_bytes();
    var bytes = proxy.toJs();
    proxy.destroy();
    post({ type: "export", kind: kind, data: bytes }, [bytes.buffer]);
  }
}

importScripts(new URL(CONFIG.loader, pyodideDir).href);
self.loadPyodide({
  indexURL: pyodideDir.href,
  stdLibURL: new URL(CONFIG.stdlib, own).href,
  lockFileURL: new URL(CONFIG.lock, own).href,
  packageBaseUrl: own.href,
  packages: CONFIG.packages,
  stdout: function () {},
  stderr: function () {},
}).then(function (pyodide) {
  py = pyodide;
  // Everything the run and the exports import, now: after "ready" nothing is fetched.
  py.runPython("import screener.discover, openpyxl");
  Discovery = py.pyimport("screener.discover").Discovery;
  post({ type: "ready" });
}).catch(function (error) {
  post({ type: "failed", message: String(error && error.message || error) });
});

self.onmessage = function (event) {
  var m = event.data || {};
  try {
    if (m.type === "run") run(m);
    else if (m.type === "cancel") cancelled = true;
    else if (m.type === "export") exportAs(m.kind);
    else if (m.type === "clear") {
      cancelled = true;
      drop();
      post({ type: "cleared" });
    }
  } catch (error) {
    drop();
    post({ type: "chunk", json: JSON.stringify({ error: "计算出错：" + String(error && error.message || error) }) });
  }
};
