/* 主动发现 (staff/discover/): the page's side. The roster file goes to our own worker
 * (discover-worker.js) and nowhere else; the table, the filters, the exports and the printable
 * 入户核查清单 are made here from what the worker sends back. Clearing drops everything.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-mbd]");
  if (!root) return;
  var data = JSON.parse(document.getElementById("mbd-data").textContent);
  var PAGE = 50;
  var worker = null;
  var ready = false;
  var run = null;          // {found, rejected, done, total, place, date, file}
  var page = 0;
  var waiting = {};        // export kind → true while the worker prepares it

  function q(selector) { return root.querySelector(selector); }
  function qa(selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function yuan(n) {
    if (n === null || n === undefined) return "";
    return (Math.round(n * 100) / 100).toLocaleString("zh-CN", { maximumFractionDigits: 2 }) + " 元";
  }
  function placeOf(id) {
    return data.places.filter(function (p) { return p.id === id; })[0] || data.places[0];
  }

  function setState(state, message) {
    root.dataset.state = state;
    if (message !== undefined) q("[data-mbd-status]").textContent = message;
    var busy = state === "running";
    q("[data-mbd-start]").disabled = !ready || busy;
    q("[data-mbd-cancel]").hidden = !busy;
    q("[data-mbd-progress]").hidden = !busy;
    qa("[data-mbd-form] select, [data-mbd-form] input").forEach(function (e) { e.disabled = busy; });
  }

  // --- the worker --------------------------------------------------------------------------------

  function startWorker() {
    try {
      worker = new Worker("discover-worker.js");
    } catch (e) {
      setState("failed", "这个浏览器不能运行计算程序。请换用新版的 Chrome、Edge 或 360 浏览器（极速模式）。");
      return;
    }
    worker.onmessage = onMessage;
    worker.onerror = function (e) {
      if (e && e.preventDefault) e.preventDefault();
      setState("failed", "计算程序没能启动（" + (e && e.message || "未知原因") + "）。请刷新页面再试。");
    };
  }

  function onMessage(event) {
    var m = event.data || {};
    if (m.type === "ready") {
      ready = true;
      setState(run ? root.dataset.state : "idle", run ? undefined : "准备好了。选好花名册文件，点“开始筛查”。");
    } else if (m.type === "failed") {
      setState("failed", "计算程序没能启动：" + m.message + "。请刷新页面再试。");
    } else if (m.type === "chunk") {
      onChunk(JSON.parse(m.json));
    } else if (m.type === "cancelled") {
      run = null;
      showResults();
      setState("idle", "已停止，没有保留结果。");
    } else if (m.type === "export") {
      delete waiting[m.kind];
      save(m.kind, m.data);
    } else if (m.type === "cleared") {
      setState(ready ? "idle" : "loading", "已清除。名单和结果都不在这个页面里了。");
    }
  }

  // --- a run --------------------------------------------------------------------------------------

  function start(event) {
    event.preventDefault();
    var file = q("[data-mbd-file]").files[0];
    if (!file) {
      setState("idle", "请先选花名册文件。");
      return;
    }
    var place = q("[data-mbd-place]").value;
    var date = q("[data-mbd-date]").value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setState("idle", "日期要写成 年-月-日，例如 " + data.today + "。");
      return;
    }
    run = { found: [], rejected: [], done: 0, total: null, place: place, date: date, file: file.name,
            started: performance.now() };
    showResults();
    setState("running", "正在读取 " + file.name + " ……");
    file.arrayBuffer().then(function (bytes) {
      worker.postMessage({ type: "run", name: file.name, bytes: bytes, jurisdiction: place, date: date,
                           encoding: q("[data-mbd-encoding]").value || null }, [bytes]);
    }, function () {
      run = null;
      setState("idle", "读不了这个文件。请确认文件没有在别的程序里打开，再选一次。");
    });
  }

  function onChunk(c) {
    if (!run) return;
    if (c.error) {
      run = null;
      showResults();
      setState("idle", c.error);
      return;
    }
    Array.prototype.push.apply(run.found, c.found);
    Array.prototype.push.apply(run.rejected, c.rejected);
    run.done = c.done;
    run.total = c.total;
    var bar = q("[data-mbd-progress]");
    if (c.total) {
      bar.max = c.total;
      bar.value = Math.min(c.done, c.total);
    } else {
      bar.removeAttribute("value");
    }
    if (!c.finished) {
      setState("running", "已算 " + c.done + (c.total ? " / " + c.total : "") + " 户……");
      return;
    }
    run.ms = Math.round(performance.now() - run.started);
    page = 0;
    townChoices();
    showResults();
    setState("done", "算完了：" + c.done + " 行，用时 " + (run.ms / 1000).toFixed(1) + " 秒。");
  }

  // --- the table ----------------------------------------------------------------------------------

  function filters() {
    var f = {};
    qa("[data-mbd-filter]").forEach(function (s) { f[s.dataset.mbdFilter] = s.value; });
    return f;
  }

  function matches(row, f) {
    if (f.town && row.town !== f.town) return false;
    return row.programs.some(function (p) {
      return (!f.program || p.id === f.program) && (!f.status || p.status === f.status);
    });
  }

  function shown() {
    var f = filters();
    return run ? run.found.filter(function (r) { return matches(r, f); }) : [];
  }

  function townChoices() {
    var select = q('[data-mbd-filter="town"]');
    while (select.options.length > 1) select.remove(1);
    var seen = {};
    run.found.forEach(function (r) { if (r.town) seen[r.town] = r.town_name; });
    Object.keys(seen).sort().forEach(function (id) {
      var o = el("option", seen[id]);
      o.value = id;
      select.appendChild(o);
    });
  }

  function programCell(row) {
    var td = el("td");
    row.programs.forEach(function (p, i) {
      var line = el("span", null, "mbd-program mbd-" + p.status);
      line.appendChild(el("strong", (i === 0 ? "先申请 " : "") + p.name));
      line.appendChild(document.createTextNode("（" + data.status[p.status] + "）"));
      td.appendChild(line);
    });
    return td;
  }

  function officeCell(row) {
    var td = el("td", row.office);
    if (row.phone) {
      td.appendChild(el("br"));
      var a = el("a", row.phone);
      a.href = "tel:" + row.phone.replace(/[^\d+]/g, "");
      td.appendChild(a);
    }
    return td;
  }

  function linkCell(row) {
    var td = el("td");
    var a = el("a", "看完整结果");
    a.href = "../../screener/?j=" + encodeURIComponent(row.place) + "#answers=" + row.answers;
    a.target = "_blank";
    a.rel = "noopener";
    td.appendChild(a);
    return td;
  }

  function amountText(row) {
    if (row.amount === null) return "—";
    return yuan(row.amount) + (row.amount_basis === "unknown_as_zero" ? "（未填的收入按 0 算）" : "");
  }

  function showResults() {
    var box = q("[data-mbd-results]");
    var finished = run && run.ms !== undefined;
    box.hidden = !finished;
    var body = q("[data-mbd-rows]");
    body.textContent = "";
    if (!finished) return;
    var rows = shown();
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    var ok = run.done - run.rejected.length;
    q("[data-mbd-summary]").textContent = placeOf(run.place).name + "，按 " + run.date + " 的标准：" + run.file + " 共 " +
      run.done + " 行，" + ok + " 户算出了结果，其中 " + run.found.length + " 户有可能符合、还没在领的救助" +
      (run.rejected.length ? "；" + run.rejected.length + " 行有问题没有计算（见表格下方）" : "") + "。";
    q("[data-mbd-caption]").textContent = "符合筛选条件的 " + rows.length + " 户" +
      (pages > 1 ? "，第 " + (page + 1) + " / " + pages + " 页" : "");
    rows.slice(page * PAGE, (page + 1) * PAGE).forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("td", String(r.row)));
      tr.appendChild(el("td", r.id === null ? "" : String(r.id)));
      tr.appendChild(el("td", r.town_name || ""));
      tr.appendChild(programCell(r));
      tr.appendChild(el("td", amountText(r)));
      tr.appendChild(el("td", r.reason));
      tr.appendChild(el("td", r.check.join("；")));
      tr.appendChild(officeCell(r));
      tr.appendChild(linkCell(r));
      body.appendChild(tr);
    });
    q("[data-mbd-pager]").hidden = pages < 2;
    q("[data-mbd-page-label]").textContent = "第 " + (page + 1) + " / " + pages + " 页";
    q('[data-mbd-page="-1"]').disabled = page === 0;
    q('[data-mbd-page="1"]').disabled = page >= pages - 1;
    var rejectedBox = q("[data-mbd-rejected-box]");
    rejectedBox.hidden = run.rejected.length === 0;
    rejectedBox.open = run.rejected.length > 0 && run.rejected.length <= 50;
    q("[data-mbd-rejected-title]").textContent = run.rejected.length + " 行有问题，没有计算（改好后可以再筛一次）";
    var list = q("[data-mbd-rejected]");
    list.textContent = "";
    run.rejected.slice(0, 1000).forEach(function (r) {
      list.appendChild(el("li", "第 " + r.row + " 行" + (r.id !== null ? "（" + r.id + "）" : "") + "：" +
                                (r.path ? r.path + "：" : "") + r.message));
    });
    if (run.rejected.length > 1000) list.appendChild(el("li", "……其余 " + (run.rejected.length - 1000) + " 行见下载的结果文件"));
  }

  // --- exports ------------------------------------------------------------------------------------

  function save(kind, payload) {
    var type = kind === "csv" ? "text/csv;charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    var blob = new Blob([payload], { type: type });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "主动发现-" + placeOf(run.place).name + "-" + run.date + (kind === "csv" ? ".csv" : ".xlsx");
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function askExport(kind) {
    if (!run || waiting[kind]) return;
    waiting[kind] = true;
    worker.postMessage({ type: "export", kind: kind });
  }

  function checklist() {
    var box = q("[data-mbd-checklist]");
    box.textContent = "";
    var rows = shown();
    var f = filters();
    var place = placeOf(run.place);
    box.appendChild(el("h2", "入户核查清单　" + place.name));
    var chosen = [];
    if (f.program) chosen.push(data.programs.filter(function (p) { return p.id === f.program; })[0].name);
    if (f.status) chosen.push(data.status[f.status]);
    if (f.town) chosen.push(q('[data-mbd-filter="town"]').selectedOptions[0].textContent);
    box.appendChild(el("p", "按 " + run.date + " 的标准初步筛查，共 " + rows.length + " 户" +
                           (chosen.length ? "（" + chosen.join("，") + "）" : "") +
                           "。是否符合以审核为准；入户时请核实“核实什么”一栏，并告知可以申请。"));
    var table = el("table");
    var cols = el("colgroup");
    ["n", "id", "town", "programs", "check", "office", "result", "who"].forEach(function (c) {
      cols.appendChild(el("col", null, "mbd-w-" + c));
    });
    table.appendChild(cols);
    var head = el("tr");
    ["序号", "编号", "乡镇（街道）", "建议申请", "核实什么", "办理单位", "核查情况", "核查人"].forEach(function (h) {
      var th = el("th", h);
      th.scope = "col";
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    rows.forEach(function (r, i) {
      var tr = el("tr");
      tr.appendChild(el("td", String(i + 1)));
      tr.appendChild(el("td", r.id === null ? "第 " + r.row + " 行" : String(r.id)));
      tr.appendChild(el("td", r.town_name || ""));
      tr.appendChild(el("td", r.programs.map(function (p) { return p.name; }).join("、")));
      tr.appendChild(el("td", r.check.length ? r.check.join("；") : "名单里的情况是否属实"));
      tr.appendChild(el("td", r.office + (r.phone ? " " + r.phone : "")));
      tr.appendChild(el("td", ""));
      tr.appendChild(el("td", ""));
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
    box.appendChild(el("p", "本清单由“明白”主动发现页在本机生成，名单没有上传。", "mbd-note"));
    return box;
  }

  function printChecklist() {
    if (!run) return;
    checklist().hidden = false;
    document.documentElement.classList.add("mbd-printing");
    window.print();
  }

  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("mbd-printing");
    q("[data-mbd-checklist]").hidden = true;
  });

  function clearAll() {
    run = null;
    page = 0;
    q("[data-mbd-file]").value = "";
    q("[data-mbd-checklist]").textContent = "";
    qa("[data-mbd-filter]").forEach(function (s) { s.value = ""; });
    showResults();
    if (worker) worker.postMessage({ type: "clear" });
    else setState("loading", "已清除。");
  }

  // --- wiring ---------------------------------------------------------------------------------------

  q("[data-mbd-form]").addEventListener("submit", start);
  q("[data-mbd-cancel]").addEventListener("click", function () { worker.postMessage({ type: "cancel" }); });
  q("[data-mbd-clear]").addEventListener("click", clearAll);
  q("[data-mbd-print]").addEventListener("click", printChecklist);
  qa("[data-mbd-export]").forEach(function (b) {
    b.addEventListener("click", function () { askExport(b.dataset.mbdExport); });
  });
  qa("[data-mbd-filter]").forEach(function (s) {
    s.addEventListener("change", function () { page = 0; showResults(); });
  });
  qa("[data-mbd-page]").forEach(function (b) {
    b.addEventListener("click", function () { page += Number(b.dataset.mbdPage); showResults(); });
  });
  window.MingbaiDiscover = { checklist: function () { return run && checklist(); } };   // for the tests' print view
  setState("loading");
  startWorker();
})();
