/* Mingbai screener page: shows the question screens the build rendered, one at a time (one history
 * entry per screen, so the phone's back button goes to the previous question), keeps the answers in
 * sessionStorage, and asks the engine for the result, which result.js draws. The flow itself —
 * conditions, checks, the household JSON, a prepared case read back into answers — is flow.js;
 * the words come from screener/questions.py (the JSON block in the page), the answers' meaning
 * from the engine (engine.js → worker.js → Python).
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-mb-screener]");
  if (!root || !window.MingbaiFlow || !window.MingbaiResult) return;
  var Q = JSON.parse(root.querySelector("[data-mb-questions]").textContent);
  var UI = Q.ui;
  var form = root.querySelector("[data-mb-form]");
  var siteRoot = new URL(root.getAttribute("data-site-root") || "../", window.location.href);
  var params = new URLSearchParams(window.location.search);
  var KEY = "mingbai.screener.v1";
  var FIRST = Q.screens[0].id;
  var framed = window.parent !== window;     // inside another site's page: leave its history alone
  var embedded = root.classList.contains("mbs-screener--embed");

  var attempted = {};            // screens where "继续" was pressed: show errors as the resident types

  // ---------------------------------------------------------------------------------------------
  // State: raw answers as typed, so a wrong answer is never lost. `prepared`: the household of a
  // `#answers=` link, evaluated as given until the resident changes an answer.

  function fresh() {
    return { j: null, a: {}, m: [{}], screen: FIRST, view: "questions", back: null, prepared: null };
  }

  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
      if (saved && saved.a && Array.isArray(saved.m) && saved.m.length) return saved;
    } catch (e) { /* nothing saved or storage off */ }
    return null;
  }

  function save() {
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify(state));
    } catch (e) { /* storage off: answers live until the page closes */ }
  }

  var state = load() || fresh();

  function presetJ() {
    if (Q.fixed_jurisdiction) return Q.fixed_jurisdiction;
    var j = params.get("j");
    return j && flow.knownJ(j) ? j : null;
  }

  var flow = window.MingbaiFlow.createFlow(Q, { state: function () { return state; }, presetJ: presetJ });
  var fmt = flow.fmt;
  var screens = flow.screens;
  var fields = flow.fields;
  var raw = flow.raw;
  var cond = flow.cond;
  var membersFor = flow.membersFor;
  var visibleScreens = flow.visibleScreens;

  function adoptJurisdiction() {
    var j = presetJ();
    if (j && state.j && state.j !== j) {
      // Answers saved for another place: its townships mean nothing here.
      ["hukou_township", "residence_township", "emergency_township"].forEach(function (id) { delete state.a[id]; });
    }
    if (j) state.j = j;
    var town = params.get("township");
    if (town && state.a.hukou_township === undefined && flow.choicesOf(fields.hukou_township).some(function (c) {
      return c.value === town;
    })) {
      state.a.hukou_township = town;
    }
  }

  function household() {
    return state.prepared || flow.household();
  }

  // ---------------------------------------------------------------------------------------------
  // Screens in the page

  function sectionOf(id) {
    return form.querySelector('[data-screen="' + id + '"]');
  }

  function renderCards(s, section) {
    var box = section.querySelector("[data-mb-cards]");
    var html = section.querySelector("template[data-mb-card]").innerHTML;
    box.textContent = "";
    membersFor(s).forEach(function (i) {
      var holder = document.createElement("div");
      holder.innerHTML = html.split("__i__").join(String(i));
      var card = holder.firstElementChild;
      card.querySelector("[data-mb-member-name]").textContent = flow.memberName(i, !s.roster);
      var remove = card.querySelector("[data-mb-remove]");
      if (remove) remove.hidden = i === 0;
      box.appendChild(card);
    });
    var add = section.querySelector("[data-mb-add]");
    if (add) {
      var full = state.m.length >= Q.max_members;
      add.hidden = full;
      var note = section.querySelector("[data-mb-max]");
      note.hidden = !full;
      note.textContent = fmt(UI.max_members, { max: Q.max_members });
    }
  }

  function controls(section, name) {
    return section.querySelectorAll('[name="' + name + '"]');
  }

  function fillControls(section, f, member) {
    var name = member === null ? f.id : f.id + "--" + member;
    var value = raw(f.id, member);
    var list = controls(section, name);
    var j = flow.currentJ() || Q.jurisdictions[0].id;
    Array.prototype.forEach.call(list, function (el) {
      if (el.hasAttribute("data-for-j")) {
        var mine = el.getAttribute("data-for-j") === j;
        el.hidden = !mine;
        el.disabled = !mine;
        if (mine) el.id = "mb-" + name;
        else el.removeAttribute("id");
        if (!mine) return;
      }
      if (el.type === "radio") el.checked = el.value === value;
      else if (el.type === "checkbox") el.checked = Array.isArray(value) && value.indexOf(el.value) >= 0;
      else if (f.kind === "money") el.value = (value && value.v) || "";
      else if (el.tagName === "SELECT") {
        el.value = value || "";
        if (el.value !== (value || "")) el.value = "";
      } else el.value = value === undefined || value === null ? "" : value;
    });
    if (f.kind === "money") {
      var period = section.querySelector('[name="' + name + '.period"]');
      if (period) period.value = (value && value.p) || f.period;
    }
  }

  function refreshVisibility(section, s) {
    var members = s.per_member ? membersFor(s) : [null];
    members.forEach(function (i) {
      s.fields.forEach(function (f) {
        var name = i === null ? f.id : f.id + "--" + i;
        var box = section.querySelector('[data-name="' + name + '"]');
        if (box) box.hidden = !cond(f.show_if, i);
      });
    });
  }

  function showErrors(section, s, list) {
    Array.prototype.forEach.call(section.querySelectorAll("[data-mb-error]"), function (p) {
      p.hidden = true;
      p.textContent = "";
      var box = p.closest("[data-name]");
      if (box) box.classList.remove("mbs-field--error");
    });
    Array.prototype.forEach.call(section.querySelectorAll("[aria-invalid]"), function (el) {
      el.removeAttribute("aria-invalid");
    });
    list.forEach(function (x) {
      var name = x.member === null ? x.f.id : x.f.id + "--" + x.member;
      var box = section.querySelector('[data-name="' + name + '"]');
      if (!box) return;
      box.classList.add("mbs-field--error");
      var p = box.querySelector("[data-mb-error]");
      p.textContent = x.message;
      p.hidden = false;
      Array.prototype.forEach.call(controls(section, name), function (el) {
        if (!el.disabled) el.setAttribute("aria-invalid", "true");
      });
    });
    var summary = section.querySelector("[data-mb-summary]");
    summary.hidden = list.length === 0;
    summary.textContent = list.length ? fmt(UI.fix_errors, { count: list.length }) : "";
  }

  function updateStep(id) {
    var step = root.querySelector("[data-mb-step]");
    if (id === "review") {
      step.textContent = UI.review_step;
      return;
    }
    var list = visibleScreens();
    step.textContent = fmt(UI.step, { n: list.indexOf(id) + 1, total: list.length });
  }

  function render(id, focus) {
    var s = screens[id];
    Array.prototype.forEach.call(form.querySelectorAll("[data-screen]"), function (sec) {
      var on = sec.getAttribute("data-screen") === id;
      sec.hidden = !on;
      if (on) sec.setAttribute("data-question", id);
      else sec.removeAttribute("data-question");
    });
    var section = sectionOf(id);
    if (id === "review") {
      renderReview(section);
    } else {
      if (s.per_member) renderCards(s, section);
      var members = s.per_member ? membersFor(s) : [null];
      members.forEach(function (i) { s.fields.forEach(function (f) { fillControls(section, f, i); }); });
      refreshVisibility(section, s);
      showErrors(section, s, attempted[id] ? flow.problems(s) : []);
      var back = section.querySelector("[data-mb-back]");
      back.hidden = visibleScreens()[0] === id;
      var next = section.querySelector("[data-mb-next]");
      next.textContent = state.back === "review" ? UI.save_and_review : UI.continue;
    }
    updateStep(id);
    if (focus) {
      var heading = section.querySelector(".mbs-title");
      toTop(root);
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
    }
  }

  // One history entry per screen: the phone's back button goes to the previous question, forward
  // comes back. Inside another site's frame the host page's history is left alone.
  function remember(replace) {
    if (framed || !window.history || !window.history.pushState) return;
    var entry = { mingbai: true, screen: state.screen, view: state.view };
    var here = window.location.pathname + window.location.search;
    if (replace) window.history.replaceState(entry, "", here);
    else window.history.pushState(entry, "", here);
  }

  function go(id, fromHistory) {
    state.screen = id;
    state.view = "questions";
    save();
    if (!fromHistory) remember(false);
    showView("questions");
    render(id, true);
  }

  window.addEventListener("popstate", function (event) {
    var entry = event.state;
    if (!entry || !entry.mingbai) return;
    if (entry.view === "result") {
      state.screen = entry.screen;
      showResult(true);
    } else if (screens[entry.screen] || entry.screen === "review") {
      go(entry.screen, true);
    }
  });

  // Bring the screener's top into view. Inside another site's frame only our own document
  // scrolls: scrollIntoView would scroll the host page too, and tell it that a screen changed.
  function toTop(element) {
    if (window.parent !== window) {
      window.scrollTo(0, Math.max(0, element.getBoundingClientRect().top + window.scrollY - 8));
    } else {
      element.scrollIntoView({ block: "start" });
    }
  }

  // Once the place is known, the service worker keeps its guides, offices and glossary for reading
  // without a network (not in the embed, whose visitors read those pages on our site, not in the frame).
  var keptPlace = null;
  function keepPlaceOffline() {
    var j = flow.currentJ();
    if (!j || j === keptPlace || embedded || !("serviceWorker" in navigator)) return;
    keptPlace = j;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "keep-place", j: j });
    });
  }

  function showView(view) {
    keepPlaceOffline();
    form.hidden = view !== "questions";
    root.querySelector("[data-mb-step]").hidden = view !== "questions";
    root.querySelector("[data-mb-result]").hidden = view !== "result";
    root.querySelector("[data-mb-failed]").hidden = view !== "failed";
  }

  // ---------------------------------------------------------------------------------------------
  // Review screen

  function renderReview(section) {
    var list = section.querySelector("[data-mb-review]");
    var tpl = root.querySelector("template[data-mb-review-row]");
    list.textContent = "";
    visibleScreens().forEach(function (id) {
      var s = screens[id];
      var row = tpl.content.firstElementChild.cloneNode(true);
      row.querySelector('[data-slot="topic"]').textContent = s.short || s.title;
      var answer = row.querySelector('[data-slot="answer"]');
      flow.summaryOf(s).forEach(function (line) {
        var p = document.createElement("span");
        p.className = "mbs-review__line";
        p.textContent = line;
        answer.appendChild(p);
      });
      var change = row.querySelector('[data-slot="change"]');
      change.setAttribute("data-mb-change", id);
      change.setAttribute("aria-label", UI.change + "：" + (s.short || s.title));
      list.appendChild(row);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Result (drawn by result.js)

  // What was answered, in the review's words, for the printed page. On paper only what was answered:
  // "没有回答" twenty times would push the answer off the page.
  function answersGiven() {
    return visibleScreens().map(function (id) {
      var s = screens[id];
      return { label: s.short || s.title, said: flow.summaryOf(s, true) };
    }).filter(function (a) { return a.said.length; });
  }

  var resultPage = window.MingbaiResult.createResult({
    root: root, ui: UI, fmt: fmt, siteRoot: siteRoot, referrals: Q.referrals, answersGiven: answersGiven,
  });


  // engine.js loads async, to start the engine as early as possible; the questions never wait for it.
  function engineApi() {
    return window.screener && window.screener.status ? window.screener : null;
  }

  function showLoading(on) {
    var loading = root.querySelector("[data-mb-loading]");
    loading.hidden = !on;
    if (on) updateLoading(engineApi() ? engineApi().status() : { phase: "idle", loaded: 0, total: 0 });
  }

  function updateLoading(s) {
    var bar = root.querySelector("[data-mb-progress]");
    var text = root.querySelector("[data-mb-loading-text]");
    var percent = s.total ? Math.min(99, Math.floor((s.loaded / s.total) * 100)) : 0;
    bar.value = s.phase === "starting" ? 100 : percent;
    text.textContent = s.phase === "starting" ? UI.starting : fmt(UI.loading, { percent: percent });
  }

  var resultRun = 0;

  function showResult(fromHistory) {
    state.view = "result";
    save();
    if (!fromHistory) remember(false);
    showView("result");
    var run = ++resultRun;
    var box = root.querySelector("[data-mb-result]");
    box.querySelector("[data-mb-result-body]").hidden = true;
    box.querySelector("[data-mb-result-error]").hidden = true;
    box.querySelector("[data-mb-announce]").textContent = "";
    toTop(root);
    box.focus({ preventScroll: true });
    var engine = engineApi();
    if (!engine) {
      showLoading(true);
      document.addEventListener("mingbai:engine-api", function () {
        if (run === resultRun && state.view === "result") showResult(true);
      }, { once: true });
      return;
    }
    var status = engine.status();
    if (status.phase === "failed") return showFailed(status.reason);
    showLoading(status.phase !== "ready");
    var h = household();
    if (performance.mark) performance.mark("mingbai-result-asked");
    Promise.all([engine.ready, resultPage.fetchSiteData()]).then(function () {
      return engine.evaluate(h);
    }).then(function (r) {
      if (run !== resultRun || state.view !== "result") return;
      showLoading(false);
      resultPage.render(r);
      announceResult(box);
      toTop(root);         // the answer is the first thing on the screen, whatever moved while it loaded
      if (performance.mark) performance.mark("mingbai-result-shown");
      document.dispatchEvent(new CustomEvent("mingbai:result-shown", { detail: { programs: r.programs.length } }));
    }, function (error) {
      if (run !== resultRun || state.view !== "result") return;
      showLoading(false);
      var s = engine.status();
      if (s.phase === "failed") return showFailed(s.reason);
      var p = box.querySelector("[data-mb-result-error]");
      p.textContent = error && error.path !== undefined ? fmt(UI.error_field, { path: error.path, message: error.detail })
                                                        : UI.error_engine;
      p.hidden = false;
    });
  }

  // Focus is on the result's heading while the engine works; when the answer is there, a screen reader
  // hears it through the live region: what to ask for, about how much, and where.
  function announceResult(box) {
    var said = [];
    ["[data-mb-lead]", "[data-mb-lead-amount]", "[data-mb-lead-note]", "[data-mb-lead-office]"].forEach(function (sel) {
      var el = box.querySelector(sel);
      if (el && !el.closest("[hidden]") && el.textContent.trim()) said.push(el.textContent.trim());
    });
    box.querySelector("[data-mb-announce]").textContent = UI.result_ready + said.join("；");
  }

  function showFailed(reason) {
    showView("failed");
    var box = root.querySelector("[data-mb-failed]");
    box.querySelector("[data-mb-failed-reason]").textContent = UI.failed_reason[reason] || UI.failed_reason.other;
    var j = flow.currentJ();
    var blocks = box.querySelectorAll("[data-for-j]");
    Array.prototype.forEach.call(blocks, function (b, i) {
      b.hidden = blocks.length > 1 && (j ? b.getAttribute("data-for-j") !== j : i !== 0);
    });
    box.focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  function nameParts(name) {
    var at = name.lastIndexOf("--");
    var id = at >= 0 ? name.slice(0, at) : name;
    var member = at >= 0 ? Number(name.slice(at + 2)) : null;
    return { id: id, member: member };
  }

  function readControl(el) {
    var period = /\.period$/.test(el.name);
    var parts = nameParts(period ? el.name.replace(/\.period$/, "") : el.name);
    var f = fields[parts.id];
    if (!f) return null;
    var section = el.closest("[data-screen]");
    var name = period ? el.name.replace(/\.period$/, "") : el.name;
    var value;
    if (f.kind === "money") {
      var amount = section.querySelector('input[name="' + name + '"]');
      var select = section.querySelector('[name="' + name + '.period"]');
      value = { v: amount.value, p: select ? select.value : f.period };
    } else if (f.kind === "multi") {
      var boxes = section.querySelectorAll('[name="' + name + '"]');
      var exclusive = {};
      f.choices.forEach(function (c) { exclusive[c.value] = c.exclusive; });
      if (el.checked) {
        Array.prototype.forEach.call(boxes, function (b) {
          if (b !== el && (exclusive[el.value] || exclusive[b.value])) b.checked = false;
        });
      }
      value = [];
      Array.prototype.forEach.call(boxes, function (b) { if (b.checked) value.push(b.value); });
    } else if (el.type === "radio") {
      value = el.checked ? el.value : raw(f.id, parts.member);
    } else {
      value = el.value;
    }
    flow.setRaw(f.id, parts.member, value);
    return { f: f, member: parts.member, section: section };
  }

  function onChange(event) {
    var el = event.target;
    if (!el.name) return;
    var changed = readControl(el);
    if (!changed) return;
    state.prepared = null;
    save();
    var s = changed.f.screen;
    refreshVisibility(changed.section, s);
    if (attempted[s.id]) showErrors(changed.section, s, flow.problems(s));
    updateStep(s.id);
  }

  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var id = state.screen;
    if (id === "review") return showResult();
    var s = screens[id];
    var section = sectionOf(id);
    var list = flow.problems(s);
    attempted[id] = true;
    showErrors(section, s, list);
    if (list.length) {
      var name = list[0].member === null ? list[0].f.id : list[0].f.id + "--" + list[0].member;
      var first = section.querySelector('[name="' + name + '"]:not([disabled])');
      if (first) first.focus({ preventScroll: true });
      return;
    }
    var target = state.back === "review" ? "review" : flow.nextOf(id);
    if (target === "review") state.back = null;
    go(target);
  });

  root.addEventListener("click", function (event) {
    var el = event.target.closest("button, a");
    if (!el || !root.contains(el)) return;
    if (el.hasAttribute("data-mb-back")) {
      state.back = null;
      go(flow.previousOf(state.screen));
    } else if (el.hasAttribute("data-mb-change")) {
      event.preventDefault();
      state.back = "review";
      go(el.getAttribute("data-mb-change"));
    } else if (el.hasAttribute("data-mb-add")) {
      if (state.m.length >= Q.max_members) return;
      state.prepared = null;
      state.m.push({});
      save();
      render(state.screen, false);
      var cards = sectionOf(state.screen).querySelectorAll("[data-mb-member]");
      var input = cards[cards.length - 1].querySelector("input");
      if (input) input.focus({ preventScroll: true });
    } else if (el.hasAttribute("data-mb-remove")) {
      var card = el.closest("[data-mb-member]");
      var i = Number(card.getAttribute("data-mb-member"));
      if (i > 0) {
        state.prepared = null;
        state.m.splice(i, 1);
        save();
        render(state.screen, false);
      }
    } else if (el.hasAttribute("data-mb-restart")) {
      state.back = null;
      attempted = {};
      root.querySelector("[data-mb-cleared]").hidden = true;
      go(visibleScreens()[0]);
    } else if (el.hasAttribute("data-mb-clear")) {
      askThenClear();
    } else if (el.hasAttribute("data-mb-print")) {
      window.print();
    } else if (el.hasAttribute("data-mb-to-review")) {
      go("review");
    } else if (el.hasAttribute("data-mb-retry")) {
      if (engineApi()) engineApi().restart();
      if (state.view === "result") showResult();
      else go(state.screen);
    }
  });

  function clearAnswers() {
    state = fresh();            // go() stores this empty state over the old answers
    adoptJurisdiction();
    attempted = {};
    form.reset();
    go(visibleScreens()[0]);
    root.querySelector("[data-mb-cleared]").hidden = false;
  }

  // 清除我的回答 asks first: a tap too many must not wipe what an old person typed in.
  function askThenClear() {
    var dialog = root.querySelector("[data-mb-clear-dialog]");
    if (!dialog || typeof dialog.showModal !== "function") {
      if (window.confirm(UI.clear_confirm)) clearAnswers();
      return;
    }
    dialog.returnValue = "";
    dialog.addEventListener("close", function () {
      if (dialog.returnValue === "yes") clearAnswers();
    }, { once: true });
    dialog.showModal();
    dialog.querySelector('[value="no"]').focus();      // the safe answer is the one Enter gives
  }

  document.addEventListener("mingbai:engine-progress", function (e) {
    if (state.view === "result") updateLoading(e.detail);
  });
  document.addEventListener("mingbai:engine-failed", function (e) {
    showFailed(e.detail.reason);
  });

  // ---------------------------------------------------------------------------------------------
  // Start: pick up where the resident was (answers survive a reload), or at the first question.

  // A prepared case: `#answers=<household, base64url>` (../shared/contract.md). The fragment never
  // reaches a server; it is read here and taken off the address bar.
  function takePrepared() {
    var m = /^#answers=(.*)$/.exec(window.location.hash);
    if (!m) return false;
    var url = window.location.pathname + window.location.search;
    if (window.history && window.history.replaceState) window.history.replaceState(null, "", url);
    var h = window.MingbaiFlow.decodeAnswers(m[1]);
    var j = h && (presetJ() || (flow.knownJ(h.jurisdiction) ? h.jurisdiction : null));
    if (!h || !j) {
      state = fresh();
      root.querySelector("[data-mb-link-error]").hidden = false;
      return true;
    }
    var answers = flow.answersFrom(h);
    state = fresh();
    state.a = answers.a;
    state.m = answers.m;
    state.j = j;
    state.prepared = Object.assign({}, h, { jurisdiction: j });
    state.view = "result";
    state.screen = "review";
    return true;
  }

  // A second prepared case pasted into the same tab.
  window.addEventListener("hashchange", function () {
    if (!takePrepared()) return;
    adoptJurisdiction();
    attempted = {};
    save();
    if (state.view === "result") showResult();
    else go(FIRST);
  });

  function start() {
    takePrepared();
    adoptJurisdiction();
    if (!screens[state.screen] && state.screen !== "review") state.screen = FIRST;
    if (state.screen !== "review" && !flow.shown(screens[state.screen])) state.screen = flow.nextOf(state.screen);
    save();
    remember(true);
    if (engineApi() && engineApi().status().phase === "failed") {
      showFailed(engineApi().status().reason);
    } else if (state.view === "result") {
      showResult(true);
    } else {
      showView("questions");
      render(state.screen, false);
    }
    exposeHousehold();
  }

  // For tests and embedding sites: the household JSON the answers make right now.
  function exposeHousehold() {
    if (engineApi()) engineApi().household = household;
  }
  // Citation labels, guides and next steps: fetched once the engine is in, so they never compete with it.
  document.addEventListener("mingbai:engine-ready", function () { resultPage.fetchSiteData(); });
  document.addEventListener("mingbai:engine-api", exposeHousehold, { once: true });
  start();
})();
