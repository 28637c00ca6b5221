/* Mingbai screener page: moves between the question screens the build rendered, evaluates the
 * declared skip conditions, checks answers, keeps them in sessionStorage, builds the household
 * JSON (../shared/contract.md) and shows the engine's result. It knows no policy: the questions,
 * conditions, checks and words come from screener/questions.py (the JSON block in the page),
 * the answers' meaning from the engine (engine.js → worker.js → Python).
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-mb-screener]");
  if (!root) return;
  var Q = JSON.parse(root.querySelector("[data-mb-questions]").textContent);
  var UI = Q.ui;
  var DK = Q.dont_know;
  var form = root.querySelector("[data-mb-form]");
  var siteRoot = new URL(root.getAttribute("data-site-root") || "../", window.location.href);
  var params = new URLSearchParams(window.location.search);
  var KEY = "mingbai.screener.v1";
  var FIRST = Q.screens[0].id;

  var screens = {};
  var fields = {};
  Q.screens.forEach(function (s) {
    screens[s.id] = s;
    s.fields.forEach(function (f) { f.screen = s; fields[f.id] = f; });
  });

  var siteData = null;           // citations, guides, steps (data.json, fetched when the page has loaded)
  var attempted = {};            // screens where "继续" was pressed: show errors as the resident types

  // ---------------------------------------------------------------------------------------------
  // State: raw answers as typed, so a wrong answer is never lost.

  function fresh() {
    return { j: null, a: {}, m: [{}], screen: FIRST, view: "questions", back: null };
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

  function fmt(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (all, k) { return values && k in values ? values[k] : all; });
  }

  function knownJ(id) {
    return Q.jurisdictions.some(function (j) { return j.id === id; });
  }

  function presetJ() {
    if (Q.fixed_jurisdiction) return Q.fixed_jurisdiction;
    var j = params.get("j");
    return j && knownJ(j) ? j : null;
  }

  function currentJ() {
    var j = presetJ() || state.a.jurisdiction;
    return j && knownJ(j) ? j : null;
  }

  function adoptJurisdiction() {
    var j = presetJ();
    if (j && state.j && state.j !== j) {
      // Answers saved for another place: its townships mean nothing here.
      ["hukou_township", "residence_township", "emergency_township"].forEach(function (id) { delete state.a[id]; });
    }
    if (j) state.j = j;
    var town = params.get("township");
    if (town && state.a.hukou_township === undefined && choicesOf(fields.hukou_township).some(function (c) {
      return c.value === town;
    })) {
      state.a.hukou_township = town;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Answers and conditions

  function raw(id, member) {
    if (member === null || member === undefined) return state.a[id];
    return (state.m[member] || {})[id];
  }

  function setRaw(id, member, value) {
    if (member === null || member === undefined) state.a[id] = value;
    else state.m[member][id] = value;
  }

  function choicesOf(f) {
    if (f.choices_by_j) return f.choices_by_j[currentJ() || Q.jurisdictions[0].id] || [];
    return f.choices;
  }

  function digits(text) {
    // Full-width digits and punctuation from Chinese keyboards; thousands separators; a typed 元.
    return String(text === undefined || text === null ? "" : text)
      .replace(/[０-９]/g, function (d) { return String.fromCharCode(d.charCodeAt(0) - 0xfee0); })
      .replace(/[．。]/g, ".").replace(/[－—]/g, "-").replace(/[,，\s]/g, "").replace(/\u5143$/, "");   // a typed 元
  }

  function number(f, value) {
    if (f.kind === "money") value = value && value.v;
    var s = digits(value);
    if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
    return Number(s);
  }

  function cond(c, member) {
    if (!c) return true;
    if (c.not) return !cond(c.not, member);
    if (c.all) return c.all.every(function (x) { return cond(x, member); });
    if (c.any) return c.any.some(function (x) { return cond(x, member); });
    if (c.preset) return c.preset === "jurisdiction" && !!presetJ();
    if (c.member) {
      var n = number(fields[c.member], raw(c.member, member));
      if (n === null) return true;          // age not known yet: ask rather than skip
      if ("gte" in c && n < c.gte) return false;
      if ("lte" in c && n > c.lte) return false;
      return true;
    }
    if (c.q) {
      var f = fields[c.q];
      var v = raw(c.q, f.screen.per_member ? member : null);
      if ("is" in c) return v === c.is;
      if ("in" in c) return c["in"].indexOf(v) >= 0;
      if ("has" in c) return Array.isArray(v) && v.indexOf(c.has) >= 0;
      if ("gt" in c) {
        var x = number(f, v);
        return x !== null && x > c.gt;
      }
    }
    return true;
  }

  function isAnswered(value) {
    if (value === undefined || value === null || value === "") return false;
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === "object") return digits(value.v) !== "";
    return true;
  }

  function decided(c, member) {
    // Every answer condition c looks at has been given.
    if (!c) return true;
    if (c.not) return decided(c.not, member);
    if (c.all || c.any) return (c.all || c.any).every(function (x) { return decided(x, member); });
    if (c.q) return isAnswered(raw(c.q, fields[c.q].screen.per_member ? member : null));
    if (c.member) return isAnswered(raw(c.member, member));
    return true;
  }

  function membersFor(s) {
    var out = [];
    state.m.forEach(function (_, i) { if (s.roster || cond(s.member_if, i)) out.push(i); });
    return out;
  }

  function shown(s) {
    if (s.skip_if && cond(s.skip_if, null)) return false;
    if (s.per_member) return membersFor(s).length > 0;
    return true;
  }

  function visibleScreens() {
    return Q.screens.filter(shown).map(function (s) { return s.id; });
  }

  // ---------------------------------------------------------------------------------------------
  // Checking answers

  function problem(f, value) {
    var M = f.messages;
    var words = { label: f.label, min: f.min, max: f.max };
    if (f.kind === "integer") {
      var s = digits(value);
      if (!s) return f.required ? fmt(M.required, words) : null;
      if (!/^-?\d+(\.\d+)?$/.test(s)) return fmt(M.number, words);
      if (s.indexOf(".") >= 0) return fmt(M.whole, words);
      var n = Number(s);
      if ((f.min !== null && n < f.min) || (f.max !== null && n > f.max)) return fmt(M.range, words);
      return null;
    }
    if (f.kind === "money") {
      var t = digits(value && value.v);
      if (!t) return null;
      if (!/^-?\d+(\.\d+)?$/.test(t)) return fmt(M.number, words);
      var x = Number(t);
      if (x < 0) return fmt(M.negative, words);
      if (f.max !== null && x > f.max) return fmt(M.range, words);
      return null;
    }
    if (f.kind === "multi") return f.required && !(value && value.length) ? fmt(M.required, words) : null;
    return f.required && !value ? fmt(M.required, words) : null;
  }

  function slots(s) {
    // Every (field, member) on screen s that is showing.
    var out = [];
    var members = s.per_member ? membersFor(s) : [null];
    members.forEach(function (i) {
      s.fields.forEach(function (f) {
        if (cond(f.show_if, i)) out.push({ f: f, member: i });
      });
    });
    return out;
  }

  function problems(s) {
    var out = [];
    slots(s).forEach(function (x) {
      var message = problem(x.f, raw(x.f.id, x.member));
      if (message) out.push({ f: x.f, member: x.member, message: message });
    });
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // The household JSON

  function setPath(target, path, value) {
    var keys = path.split(".");
    var last = keys.pop();
    keys.forEach(function (k) {
      if (target[k] === null || typeof target[k] !== "object") target[k] = {};
      target = target[k];
    });
    target[last] = value;
  }

  function getPath(target, path) {
    return path.split(".").reduce(function (t, k) { return t === undefined || t === null ? undefined : t[k]; }, target);
  }

  function toJson(f, value) {
    if (f.kind === "choice" || f.kind === "select") {
      if (!value) return undefined;
      var c = choicesOf(f).filter(function (x) { return x.value === value; })[0];
      return c ? c.json : undefined;
    }
    if (f.kind === "multi") {
      if (!value || !value.length) return undefined;
      var picked = f.choices.filter(function (x) { return value.indexOf(x.value) >= 0; });
      var exclusive = picked.filter(function (x) { return x.exclusive; })[0];
      if (exclusive) return exclusive.json;
      return picked.map(function (x) { return x.json; });
    }
    if (f.kind === "integer") {
      if (problem(f, value)) return undefined;
      var n = number(f, value);
      return n === null ? undefined : n;
    }
    if (f.kind === "money") {
      if (problem(f, value)) return undefined;
      var amount = number(f, value);
      if (amount === null) return undefined;
      var period = (value && value.p) || f.period;
      if (f.unit === "month" && period === "year") amount = amount / 12;
      if (f.unit === "year" && period === "month") amount = amount * 12;
      return Math.round(amount * 100) / 100;
    }
    return undefined;
  }

  function household() {
    var h = { jurisdiction: currentJ(), members: state.m.map(function () { return {}; }) };
    var parents = [];
    visibleScreens().forEach(function (id) {
      var s = screens[id];
      var members = s.per_member ? membersFor(s) : [null];
      members.forEach(function (i) {
        var target = i === null ? h : h.members[i];
        s.fields.forEach(function (f) {
          if (!f.path) return;
          var path = f.path.replace(/^members\[\]\./, "");
          if (!cond(f.show_if, i)) {
            // Hidden because of an answer (no 赡养人 → 0 赡养费), not because an answer is missing.
            if (f.has_when_hidden && decided(f.show_if, i)) setPath(target, path, f.when_hidden);
            return;
          }
          var value = toJson(f, raw(f.id, i));
          if (value !== undefined) setPath(target, path, value);
          if (f.parent_needs) parents.push({ target: target, path: path });
        });
      });
    });
    // An object the contract wants whole (a disability needs category and grade): null when a part is unknown.
    parents.forEach(function (p) {
      var value = getPath(p.target, p.path);
      if (value === undefined || value === null) setPath(p.target, p.path.split(".").slice(0, -1).join("."), null);
    });
    return h;
  }

  // ---------------------------------------------------------------------------------------------
  // Screens in the page

  function sectionOf(id) {
    return form.querySelector('[data-screen="' + id + '"]');
  }

  function memberName(i, withAge) {
    var name = i === 0 ? UI.member_self : fmt(UI.member_n, { n: i + 1 });
    var age = number(fields.age, raw("age", i));
    if (withAge && age !== null) name += "（" + fmt(UI.member_age, { age: age }) + "）";
    return name;
  }

  function renderCards(s, section) {
    var box = section.querySelector("[data-mb-cards]");
    var html = section.querySelector("template[data-mb-card]").innerHTML;
    box.textContent = "";
    membersFor(s).forEach(function (i) {
      var holder = document.createElement("div");
      holder.innerHTML = html.split("__i__").join(String(i));
      var card = holder.firstElementChild;
      card.querySelector("[data-mb-member-name]").textContent = memberName(i, !s.roster);
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
    var j = currentJ() || Q.jurisdictions[0].id;
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
      showErrors(section, s, attempted[id] ? problems(s) : []);
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

  function go(id) {
    state.screen = id;
    state.view = "questions";
    save();
    showView("questions");
    render(id, true);
  }

  // Bring the screener's top into view. Inside another site's frame only our own document
  // scrolls: scrollIntoView would scroll the host page too, and tell it that a screen changed.
  function toTop(element) {
    if (window.parent !== window) {
      window.scrollTo(0, Math.max(0, element.getBoundingClientRect().top + window.scrollY - 8));
    } else {
      element.scrollIntoView({ block: "start" });
    }
  }

  function showView(view) {
    form.hidden = view !== "questions";
    root.querySelector("[data-mb-step]").hidden = view !== "questions";
    root.querySelector("[data-mb-result]").hidden = view !== "result";
    root.querySelector("[data-mb-failed]").hidden = view !== "failed";
  }

  function nextOf(id) {
    var list = visibleScreens();
    var i = list.indexOf(id);
    return i >= 0 && i + 1 < list.length ? list[i + 1] : "review";
  }

  function previousOf(id) {
    var list = visibleScreens();
    if (id === "review") return list[list.length - 1];
    var i = list.indexOf(id);
    return i > 0 ? list[i - 1] : list[0];
  }

  // ---------------------------------------------------------------------------------------------
  // Review screen

  function describe(f, value) {
    if (f.kind === "money") {
      var n = number(f, value);
      if (n === null) return UI.not_answered;
      return n + " " + UI.yuan + "（" + ((value.p || f.period) === "year" ? UI.per_year : UI.per_month) + "）";
    }
    if (f.kind === "integer") {
      var k = number(f, value);
      return k === null ? UI.not_answered : String(k);
    }
    if (f.kind === "multi") {
      if (!value || !value.length) return UI.not_answered;
      return f.choices.filter(function (c) { return value.indexOf(c.value) >= 0; })
        .map(function (c) { return c.label; }).join("、");
    }
    if (!value) return UI.not_answered;
    var c = choicesOf(f).filter(function (x) { return x.value === value; })[0];
    return c ? c.label : UI.not_answered;
  }

  function summaryOf(s) {
    var parts = [];
    var members = s.per_member ? membersFor(s) : [null];
    members.forEach(function (i) {
      var bits = [];
      s.fields.forEach(function (f) {
        if (!cond(f.show_if, i)) return;
        var text = describe(f, raw(f.id, i));
        bits.push(s.fields.length > 1 || s.per_member ? f.label + "：" + text : text);
      });
      if (s.roster) {
        var age = number(fields.age, raw("age", i));
        parts.push(memberName(i, false) + "：" + (age === null ? UI.not_answered : fmt(UI.member_age, { age: age })));
      } else {
        parts.push((i === null ? "" : memberName(i, false) + "：") + bits.join("；"));
      }
    });
    return parts;
  }

  function renderReview(section) {
    var list = section.querySelector("[data-mb-review]");
    var tpl = root.querySelector("template[data-mb-review-row]");
    list.textContent = "";
    visibleScreens().forEach(function (id) {
      var s = screens[id];
      var row = tpl.content.firstElementChild.cloneNode(true);
      row.querySelector('[data-slot="topic"]').textContent = s.short || s.title;
      var answer = row.querySelector('[data-slot="answer"]');
      summaryOf(s).forEach(function (line) {
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
  // Result

  function money(n) {
    return Number(n).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
  }

  function slot(el, name) {
    return el.querySelector('[data-slot="' + name + '"]');
  }

  // One request at a time; a failed one is not remembered, so the next result asks again.
  var siteDataRequest = null;
  function fetchSiteData() {
    if (siteData) return Promise.resolve(siteData);
    if (siteDataRequest) return siteDataRequest;
    var assets = new URL(root.getAttribute("data-assets") || "./", window.location.href);
    siteDataRequest = fetch(new URL("data.json", assets).href)
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; })
      .then(function (d) {
        siteDataRequest = null;
        if (d) siteData = d;
        return d || { citations: {}, guides: {}, steps: {} };
      });
    return siteDataRequest;
  }

  // The 依据 link of a reason, and the clause's own words that say it (an example figure has none).
  function citeLink(a, source, quote) {
    var c = siteData && siteData.citations[source];
    if (!c) {
      a.remove();
      return;
    }
    a.href = new URL(c.url, siteRoot).href;
    a.textContent = UI.source + "：" + c.label;
    if (quote) {
      var q = document.createElement("q");
      q.className = "mbs-quote";
      q.textContent = quote;
      a.after(q);
    }
  }

  function programCard(p, j) {
    var tpl = root.querySelector("template[data-mb-program]");
    var card = tpl.content.firstElementChild.cloneNode(true);
    card.setAttribute("data-program", p.id);
    card.classList.add("mbs-program--" + p.status);
    slot(card, "name").textContent = p.name;
    var status = slot(card, "status");
    status.textContent = UI.status[p.status];
    status.className = "mbs-status mbs-status--" + p.status;
    var amount = slot(card, "amount");
    if (p.monthly_amount !== null && p.monthly_amount !== undefined && p.status !== "unlikely") {
      amount.textContent = fmt(UI.amount, { amount: money(p.monthly_amount) });
    } else amount.remove();
    slot(card, "status-help").textContent = UI.status_help[p.status];
    var reasons = slot(card, "reasons");
    var rtpl = root.querySelector("template[data-mb-reason]");
    p.reasons.forEach(function (r) {
      var li = rtpl.content.firstElementChild.cloneNode(true);
      slot(li, "text").textContent = r.text;
      citeLink(slot(li, "cite"), r.source, r.quote);
      reasons.appendChild(li);
    });
    var unlikely = p.status === "unlikely";
    var docs = slot(card, "documents");
    (p.documents || []).forEach(function (d) {
      var li = document.createElement("li");
      li.textContent = d;
      docs.appendChild(li);
    });
    if (unlikely || !(p.documents || []).length) slot(card, "documents-box").remove();
    var office = p.apply_at;
    if (unlikely || !office) slot(card, "office-box").remove();
    else {
      slot(card, "office-name").textContent = office.name;
      slot(card, "office-example").hidden = office.verified !== false;
      if (office.address) slot(card, "office-address").textContent = office.address;
      else slot(card, "office-address-box").remove();
      if (office.phone) {
        var tel = slot(card, "office-phone");
        tel.textContent = office.phone;
        tel.href = "tel:" + String(office.phone).replace(/[^\d+]/g, "");
        slot(card, "office-no-phone").remove();
      } else {
        slot(card, "office-phone-box").remove();
        var none = slot(card, "office-no-phone");
        var hotline = office.hotline;
        none.textContent = "";
        var parts = fmt(UI.no_phone, { hotline: "\u0000" }).split("\u0000");
        none.appendChild(document.createTextNode(parts[0]));
        var link = document.createElement("a");
        link.href = "tel:" + hotline;
        link.textContent = hotline;
        none.appendChild(link);
        none.appendChild(document.createTextNode(parts[1] || ""));
      }
      if (office.hours) slot(card, "office-hours").textContent = office.hours;
      else slot(card, "office-hours-box").remove();
      slot(card, "office-why").textContent = office.why || "";
    }
    var limits = (p.details && p.details.time_limits) || [];
    var ul = slot(card, "limits");
    limits.forEach(function (t) {
      var li = document.createElement("li");
      li.textContent = fmt(UI.time_limit, t);
      ul.appendChild(li);
    });
    if (unlikely || !limits.length) slot(card, "limits-box").remove();
    var step = siteData && siteData.steps[j] && siteData.steps[j][p.id];
    if (!unlikely && step) slot(card, "next").textContent = step.text;
    else slot(card, "next-box").remove();
    var guides = (siteData && siteData.guides[j]) || [];
    if (guides.indexOf(p.id) >= 0) slot(card, "guide").href = new URL("guides/" + j + "/" + p.id + "/", siteRoot).href;
    else slot(card, "guide-box").remove();
    return card;
  }

  function renderResult(r) {
    var box = root.querySelector("[data-mb-result]");
    var j = r.jurisdiction.id;
    box.querySelector("[data-mb-place]").textContent = fmt(UI.place, { place: r.jurisdiction.name, date: r.date });
    var warnings = box.querySelector("[data-mb-warnings]");
    warnings.textContent = "";
    r.warnings.forEach(function (w) {
      var li = document.createElement("li");
      li.textContent = w;
      warnings.appendChild(li);
    });
    box.querySelector("[data-mb-income]").textContent = fmt(UI.income, {
      total: money(r.income.counted_monthly_total), per_person: money(r.income.counted_monthly_per_person),
    });
    var fit = box.querySelector("[data-mb-fit]");
    var unfit = box.querySelector("[data-mb-unfit]");
    fit.textContent = "";
    unfit.textContent = "";
    var order = { likely: 0, possible: 1, unlikely: 2 };
    r.programs.slice().sort(function (a, b) { return order[a.status] - order[b.status]; }).forEach(function (p) {
      (p.status === "unlikely" ? unfit : fit).appendChild(programCard(p, j));
    });
    box.querySelector("[data-mb-unfit-box]").hidden = !unfit.children.length;
    box.querySelector("[data-mb-none-fit]").hidden = fit.children.length > 0;
    box.querySelector("[data-mb-unfit-box]").open = fit.children.length === 0;
    box.querySelector("[data-mb-printed]").textContent = fmt(UI.printed_on, { date: r.date });
    box.querySelector("[data-mb-result-body]").hidden = false;
  }

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

  function showResult() {
    state.view = "result";
    save();
    showView("result");
    var run = ++resultRun;
    var box = root.querySelector("[data-mb-result]");
    box.querySelector("[data-mb-result-body]").hidden = true;
    box.querySelector("[data-mb-result-error]").hidden = true;
    toTop(root);
    box.focus({ preventScroll: true });
    var engine = engineApi();
    if (!engine) {
      showLoading(true);
      document.addEventListener("mingbai:engine-api", function () {
        if (run === resultRun && state.view === "result") showResult();
      }, { once: true });
      return;
    }
    var status = engine.status();
    if (status.phase === "failed") return showFailed(status.reason);
    showLoading(status.phase !== "ready");
    var h = household();
    if (performance.mark) performance.mark("mingbai-result-asked");
    Promise.all([engine.ready, fetchSiteData()]).then(function () {
      return engine.evaluate(h);
    }).then(function (r) {
      if (run !== resultRun || state.view !== "result") return;
      showLoading(false);
      renderResult(r);
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

  function showFailed(reason) {
    showView("failed");
    var box = root.querySelector("[data-mb-failed]");
    box.querySelector("[data-mb-failed-reason]").textContent = UI.failed_reason[reason] || UI.failed_reason.other;
    var j = currentJ();
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
    setRaw(f.id, parts.member, value);
    return { f: f, member: parts.member, section: section };
  }

  function onChange(event) {
    var el = event.target;
    if (!el.name) return;
    var changed = readControl(el);
    if (!changed) return;
    save();
    var s = changed.f.screen;
    refreshVisibility(changed.section, s);
    if (attempted[s.id]) showErrors(changed.section, s, problems(s));
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
    var list = problems(s);
    attempted[id] = true;
    showErrors(section, s, list);
    if (list.length) {
      var name = list[0].member === null ? list[0].f.id : list[0].f.id + "--" + list[0].member;
      var first = section.querySelector('[name="' + name + '"]:not([disabled])');
      if (first) first.focus({ preventScroll: true });
      return;
    }
    var target = state.back === "review" ? "review" : nextOf(id);
    if (target === "review") state.back = null;
    go(target);
  });

  root.addEventListener("click", function (event) {
    var el = event.target.closest("button, a");
    if (!el || !root.contains(el)) return;
    if (el.hasAttribute("data-mb-back")) {
      state.back = null;
      go(previousOf(state.screen));
    } else if (el.hasAttribute("data-mb-change")) {
      event.preventDefault();
      state.back = "review";
      go(el.getAttribute("data-mb-change"));
    } else if (el.hasAttribute("data-mb-add")) {
      if (state.m.length >= Q.max_members) return;
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
      state = fresh();            // go() stores this empty state over the old answers
      adoptJurisdiction();
      attempted = {};
      form.reset();
      go(visibleScreens()[0]);
      root.querySelector("[data-mb-cleared]").hidden = false;
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

  document.addEventListener("mingbai:engine-progress", function (e) {
    if (state.view === "result") updateLoading(e.detail);
  });
  document.addEventListener("mingbai:engine-failed", function (e) {
    showFailed(e.detail.reason);
  });

  // ---------------------------------------------------------------------------------------------
  // Start: pick up where the resident was (answers survive a reload), or at the first question.

  function start() {
    adoptJurisdiction();
    if (!screens[state.screen] && state.screen !== "review") state.screen = FIRST;
    if (state.screen !== "review" && !shown(screens[state.screen])) state.screen = nextOf(state.screen);
    save();
    if (engineApi() && engineApi().status().phase === "failed") {
      showFailed(engineApi().status().reason);
    } else if (state.view === "result") {
      showResult();
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
  document.addEventListener("mingbai:engine-ready", function () { fetchSiteData(); });
  document.addEventListener("mingbai:engine-api", exposeHousehold, { once: true });
  start();
})();
