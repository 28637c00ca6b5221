/* Mingbai screener, the flow without the page: which screens show, whether an answer is acceptable,
 * the household JSON the answers make (../shared/contract.md), and the way back from a household
 * to answers (a prepared case, `#answers=`). No DOM here: app.js renders, tests/js runs this in Node.
 *
 * createFlow(Q, env): Q is the questions data (screener/questions.py, resolved by the build);
 * env.state() gives the current answers {a: {...}, m: [{...}]}, env.presetJ() the place the page
 * was opened for (or null).
 */
(function (global) {
  "use strict";

  function fmt(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (all, k) { return values && k in values ? values[k] : all; });
  }

  function digits(text) {
    // Full-width digits and punctuation from Chinese keyboards; thousands separators; a typed 元.
    return String(text === undefined || text === null ? "" : text)
      .replace(/[０-９]/g, function (d) { return String.fromCharCode(d.charCodeAt(0) - 0xfee0); })
      .replace(/[．。]/g, ".").replace(/[－—]/g, "-").replace(/[,，\s]/g, "").replace(/\u5143$/, "");
  }

  // base64url of UTF-8, without padding, both ways (btoa/atob exist in browsers and in Node ≥ 16).
  function encodeAnswers(obj) {
    var bytes = new TextEncoder().encode(JSON.stringify(obj));
    var bin = "";
    bytes.forEach(function (b) { bin += String.fromCharCode(b); });
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function decodeAnswers(text) {
    // null when it cannot be read: not base64url, not UTF-8, not JSON, or not a household object.
    try {
      var s = String(text).replace(/-/g, "+").replace(/_/g, "/");
      if (!/^[A-Za-z0-9+/]*$/.test(s) || s.length % 4 === 1) return null;
      while (s.length % 4) s += "=";
      var bin = atob(s);
      var bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      var h = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
      if (!h || typeof h !== "object" || Array.isArray(h) || !Array.isArray(h.members) || !h.members.length) return null;
      if (!h.members.every(function (m) { return m && typeof m === "object" && !Array.isArray(m); })) return null;
      return h;
    } catch (e) {
      return null;
    }
  }

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
    return path.split(".").reduce(function (t, k) {
      return t === undefined || t === null || typeof t !== "object" ? undefined : t[k];
    }, target);
  }

  function createFlow(Q, env) {
    var screens = {};
    var fields = {};
    Q.screens.forEach(function (s) {
      screens[s.id] = s;
      s.fields.forEach(function (f) { f.screen = s; fields[f.id] = f; });
    });
    var UI = Q.ui;

    function state() { return env.state(); }

    function knownJ(id) {
      return Q.jurisdictions.some(function (j) { return j.id === id; });
    }

    function currentJ() {
      var j = env.presetJ() || state().a.jurisdiction;
      return j && knownJ(j) ? j : null;
    }

    function raw(id, member) {
      if (member === null || member === undefined) return state().a[id];
      return (state().m[member] || {})[id];
    }

    function setRaw(id, member, value) {
      if (member === null || member === undefined) state().a[id] = value;
      else state().m[member][id] = value;
    }

    function choicesOf(f, j) {
      if (f.choices_by_j) return f.choices_by_j[j || currentJ() || Q.jurisdictions[0].id] || [];
      return f.choices;
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
      if (c.preset) return c.preset === "jurisdiction" && !!env.presetJ();
      if (c.uses) {
        // A question only one place's rule reads; ask it while the place is not known.
        var j = currentJ();
        return !j || (Q.place_uses[j] || []).indexOf(c.uses) >= 0;
      }
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
      state().m.forEach(function (_, i) { if (s.roster || cond(s.member_if, i)) out.push(i); });
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

    // --- checking answers -------------------------------------------------------------------------

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

    // --- answers → household ----------------------------------------------------------------------

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
      var h = { jurisdiction: currentJ(), members: state().m.map(function () { return {}; }) };
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

    // --- household → answers (a prepared case) ---------------------------------------------------

    function same(a, b) {
      return JSON.stringify(a) === JSON.stringify(b);
    }

    function fromJson(f, value, j) {
      // The raw answer that makes `value`, or undefined where no answer does (it stays unanswered).
      if (value === undefined) return undefined;
      if (f.kind === "choice" || f.kind === "select") {
        var list = choicesOf(f, j);
        // null is both "不在上学" and "不清楚": the explicit answer first, 不清楚 last.
        var c = list.filter(function (x) { return x.value !== Q.dont_know && same(x.json, value); })[0] ||
          list.filter(function (x) { return same(x.json, value); })[0];
        return c ? c.value : undefined;
      }
      if (f.kind === "multi") {
        if (value === null) return [Q.dont_know];
        if (!Array.isArray(value)) return undefined;
        if (!value.length) {
          var none = f.choices.filter(function (x) { return x.exclusive && same(x.json, []); })[0];
          return none ? [none.value] : undefined;
        }
        var picked = f.choices.filter(function (x) { return value.indexOf(x.json) >= 0; })
          .map(function (x) { return x.value; });
        return picked.length ? picked : undefined;
      }
      if (value === null) return undefined;
      if (f.kind === "integer") return typeof value === "number" ? String(value) : undefined;
      if (f.kind === "money") {
        if (typeof value !== "number") return undefined;
        return { v: String(Math.round(value * 100) / 100), p: f.unit };
      }
      return undefined;
    }

    function answersFrom(h) {
      // {a, m}: what a resident would have answered to make household h.
      var j = (env.presetJ() || h.jurisdiction);
      var a = {};
      var m = h.members.map(function () { return {}; });
      if (j && knownJ(j)) a.jurisdiction = j;
      Q.screens.forEach(function (s) {
        var targets = s.per_member ? h.members.map(function (x, i) { return { src: x, into: m[i] }; })
          : [{ src: h, into: a }];
        targets.forEach(function (t) {
          s.fields.forEach(function (f) {
            var value;
            if (f.path) {
              var path = f.path.replace(/^members\[\]\./, "");
              var whole = f.parent_needs ? getPath(t.src, path.split(".").slice(0, -1).join(".")) : undefined;
              // A whole object given as null (no emergency): the field's own "none" answer.
              value = fromJson(f, whole === null ? null : getPath(t.src, path), j);
            } else if (f.answer_from) {
              var got = getPath(t.src, f.answer_from.path.replace(/^members\[\]\./, ""));
              if (got === null && "null" in f.answer_from) value = f.answer_from["null"];
              else if (got !== undefined && got !== null) value = f.answer_from.set;
            }
            if (value !== undefined && !(f.id in t.into)) t.into[f.id] = value;
          });
        });
      });
      return { a: a, m: m };
    }

    // --- the review and the printed answers -------------------------------------------------------

    function memberName(i, withAge) {
      var name = i === 0 ? UI.member_self : fmt(UI.member_n, { n: i + 1 });
      var age = number(fields.age, raw("age", i));
      if (withAge && age !== null) name += "（" + fmt(UI.member_age, { age: age }) + "）";
      return name;
    }

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

    function summaryOf(s, answeredOnly) {
      // One line per member (or one for the screen); answeredOnly (the printed page): only what was answered.
      var parts = [];
      var members = s.per_member ? membersFor(s) : [null];
      members.forEach(function (i) {
        var bits = [];
        s.fields.forEach(function (f) {
          if (!cond(f.show_if, i)) return;
          if (answeredOnly && !isAnswered(raw(f.id, i))) return;
          var text = describe(f, raw(f.id, i));
          bits.push(s.fields.length > 1 || s.per_member ? f.label + "：" + text : text);
        });
        if (s.roster) {
          var age = number(fields.age, raw("age", i));
          if (age !== null || !answeredOnly) {
            parts.push(memberName(i, false) + "：" + (age === null ? UI.not_answered : fmt(UI.member_age, { age: age })));
          }
        } else if (bits.length || !answeredOnly) {
          parts.push((i === null ? "" : memberName(i, false) + "：") + bits.join("；"));
        }
      });
      return parts;
    }

    return {
      screens: screens, fields: fields, fmt: fmt, digits: digits, knownJ: knownJ, currentJ: currentJ,
      raw: raw, setRaw: setRaw, choicesOf: choicesOf, number: number, cond: cond, decided: decided,
      isAnswered: isAnswered, membersFor: membersFor, shown: shown, visibleScreens: visibleScreens,
      nextOf: nextOf, previousOf: previousOf, problem: problem, problems: problems, slots: slots,
      toJson: toJson, household: household, answersFrom: answersFrom, memberName: memberName,
      describe: describe, summaryOf: summaryOf,
    };
  }

  var api = { createFlow: createFlow, encodeAnswers: encodeAnswers, decodeAnswers: decodeAnswers, fmt: fmt };
  if (typeof module === "object" && module.exports) module.exports = api;
  else global.MingbaiFlow = api;
})(this);
