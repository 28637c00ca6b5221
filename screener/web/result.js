/* Mingbai screener: the result page, drawn from one engine result (../shared/contract.md): the one
 * answer first (the engine's `recommendation`), then the caveats one line each, the income and what was
 * deducted, the programme cards (those that fit, other departments' in one list, those that don't in
 * another), and what the printed page adds. The engine decides; this only shows. Its words are
 * screener/questions.py's UI, handed over by app.js.
 */
(function () {
  "use strict";

  // `page`: root (the screener element, whose <template>s give the cards), ui, fmt, siteRoot,
  // referrals (ids of other departments' programmes), answersGiven() → [{label, said: [...]}] for print.
  function createResult(page) {
    var root = page.root;
    var UI = page.ui;
    var fmt = page.fmt;
    var siteRoot = page.siteRoot;

    function money(n) {
      return Number(n).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
    }

    function slot(el, name) {
      return el.querySelector('[data-slot="' + name + '"]');
    }

    var siteData = null;           // citations, guides, steps (data.json, fetched when the page has loaded)
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

    function setPhone(a, noPhone, office) {
      // The office's number (true), or the hotline where the office has none yet (false).
      if (office.phone) {
        a.textContent = office.phone;
        a.href = "tel:" + String(office.phone).replace(/[^\d+]/g, "");
        return true;
      }
      noPhone.textContent = "";
      var parts = fmt(UI.no_phone, { hotline: "\u0000" }).split("\u0000");
      noPhone.appendChild(document.createTextNode(parts[0]));
      var link = document.createElement("a");
      link.href = "tel:" + office.hotline;
      link.textContent = office.hotline;
      noPhone.appendChild(link);
      noPhone.appendChild(document.createTextNode(parts[1] || ""));
      return false;
    }

    function programCard(p, j, excludedBy) {
      var tpl = root.querySelector("template[data-mb-program]");
      var card = tpl.content.firstElementChild.cloneNode(true);
      card.setAttribute("data-program", p.id);
      card.classList.add("mbs-program--" + p.status);
      slot(card, "name").textContent = p.name;
      var status = slot(card, "status");
      status.textContent = UI.status[p.status];
      status.className = "mbs-status mbs-status--" + p.status;
      var amount = slot(card, "amount");
      if (excludedBy) {
        // Never two amounts side by side as if both could be had.
        amount.textContent = fmt(UI.excluded_amount, { name: excludedBy });
        amount.classList.add("mbs-program__amount--excluded");
      } else if (p.monthly_amount !== null && p.monthly_amount !== undefined && p.status !== "unlikely") {
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
        if (setPhone(slot(card, "office-phone"), slot(card, "office-no-phone"), office)) slot(card, "office-no-phone").remove();
        else slot(card, "office-phone-box").remove();
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

    function names(r, ids) {
      return ids.map(function (id) {
        var p = r.programs.filter(function (x) { return x.id === id; })[0];
        return p ? p.name : id;
      }).join("、");
    }

    function citedLine(el, text, source, quote) {
      // A sentence from the engine with its 依据 link, as in the reasons.
      el.textContent = "";
      var span = document.createElement("span");
      span.textContent = text;
      el.appendChild(span);
      el.appendChild(document.createTextNode(" "));
      var a = document.createElement("a");
      a.className = "mbs-cite";
      el.appendChild(a);
      citeLink(a, source, quote);
    }

    // The one answer she can repeat at the office: what to ask for, about how much, where, what to bring.
    function renderAnswer(box, r) {
      var rec = r.recommendation;
      var byId = {};
      r.programs.forEach(function (p) { byId[p.id] = p; });
      var about = rec.about ? byId[rec.about] : null;
      var q = function (name) { return box.querySelector("[data-mb-" + name + "]"); };
      var lead = q("lead");
      if (rec.apply_first) lead.textContent = fmt(UI.answer_apply, { name: byId[rec.apply_first].name });
      else if (about) lead.textContent = fmt(UI.answer_report, { name: about.name });
      else lead.textContent = UI.answer_none;
      var amount = q("lead-amount");
      var note = q("lead-note");
      note.hidden = true;
      amount.hidden = !about;
      if (about) {
        if (rec.amount_basis === "answers") amount.textContent = fmt(UI.answer_amount, { amount: money(rec.amount) });
        else if (rec.amount_basis === "unknown_as_zero") {
          amount.hidden = true;
          note.hidden = false;
          note.textContent = fmt(UI.answer_amount_if, { unknown: rec.unknown_income.join("、"), amount: money(rec.amount) });
        } else {
          amount.textContent = rec.no_amount === "no_income" ? UI.answer_no_amount : UI.answer_no_amount_other;
          amount.classList.add("mbs-answer__amount--none");
        }
      }
      var where = q("lead-where");
      var bringBox = q("lead-bring-box");
      var office = about && about.apply_at;
      where.hidden = !office;
      if (office) {
        q("lead-office").textContent = office.name;
        var phoneBox = q("lead-phone-box");
        var noPhone = q("lead-no-phone");
        var hasPhone = setPhone(q("lead-phone"), noPhone, office);
        phoneBox.hidden = !hasPhone;
        noPhone.hidden = hasPhone;
        q("lead-hours-box").hidden = !office.hours;
        q("lead-hours").textContent = office.hours || "";
        q("lead-address-box").hidden = !office.address;
        q("lead-address").textContent = office.address || "";
        q("lead-unverified").hidden = office.verified !== false;
      }
      var bring = q("lead-bring");
      bring.textContent = "";
      var docs = rec.apply_first && about ? (about.documents || []) : [];
      docs.forEach(function (d) {
        var li = document.createElement("li");
        li.textContent = d;
        bring.appendChild(li);
      });
      bringBox.hidden = !docs.length;
      var instead = q("lead-instead");
      instead.hidden = !rec.instead_of.length;
      if (rec.instead_of.length) {
        citedLine(instead, fmt(UI.answer_instead, { names: names(r, rec.instead_of) }) + "。" + (rec.why || ""),
                  rec.source, rec.quote);
      }
      var report = q("lead-report");
      report.hidden = !rec.report_note;
      if (rec.report_note) citedLine(report, rec.report_note.text, rec.report_note.source, rec.report_note.quote);
      var also = q("lead-also");
      also.hidden = !rec.also.length;
      also.textContent = rec.also.length ? fmt(UI.answer_also, { names: names(r, rec.also) }) : "";
    }

    function renderCaveats(box, warnings) {
      // One line each; the rest of the sentence on tap.
      var list = box.querySelector("[data-mb-warnings]");
      list.textContent = "";
      warnings.forEach(function (w) {
        var li = document.createElement("li");
        var cut = w.search(/[：。；]/);
        if (cut > 0 && cut < w.length - 1) {
          var d = document.createElement("details");
          var s = document.createElement("summary");
          s.textContent = w.slice(0, cut + 1);
          d.appendChild(s);
          var rest = document.createElement("p");
          rest.textContent = w.slice(cut + 1);
          d.appendChild(rest);
          li.appendChild(d);
        } else li.textContent = w;
        list.appendChild(li);
      });
      box.querySelector("[data-mb-caveats-box]").hidden = !warnings.length;
      box.querySelector("[data-mb-caveats-count]").textContent = String(warnings.length);
    }

    function renderAnswersGiven(box) {
      // For the printed page: what was answered, in the review's words.
      var list = box.querySelector("[data-mb-answers]");
      list.textContent = "";
      page.answersGiven().forEach(function (a) {
        var row = document.createElement("div");
        row.className = "mbs-review__row";
        var dt = document.createElement("dt");
        dt.textContent = a.label;
        var dd = document.createElement("dd");
        dd.textContent = a.said.join("；");
        row.appendChild(dt);
        row.appendChild(dd);
        list.appendChild(row);
      });
    }

    function renderResult(r) {
      var box = root.querySelector("[data-mb-result]");
      var j = r.jurisdiction.id;
      renderAnswer(box, r);
      renderCaveats(box, r.warnings);
      box.querySelector("[data-mb-place]").textContent = fmt(UI.place, { place: r.jurisdiction.name, date: r.date });
      box.querySelector("[data-mb-income]").textContent = fmt(UI.income, {
        total: money(r.income.counted_monthly_total), per_person: money(r.income.counted_monthly_per_person),
      });
      var deductions = box.querySelector("[data-mb-deductions]");
      deductions.textContent = "";
      r.income.deductions.forEach(function (d) {
        var li = document.createElement("li");
        citedLine(li, fmt(UI.deduction, { label: d.label, amount: money(d.amount) }), d.source, d.quote);
        deductions.appendChild(li);
      });
      box.querySelector("[data-mb-deductions-box]").hidden = !r.income.deductions.length;
      var fit = box.querySelector("[data-mb-fit]");
      var unfit = box.querySelector("[data-mb-unfit]");
      var referrals = box.querySelector("[data-mb-referrals]");
      fit.textContent = "";
      unfit.textContent = "";
      referrals.textContent = "";
      var rec = r.recommendation;
      var first = rec.apply_first || rec.about;
      var firstName = first ? names(r, [first]) : "";
      var order = { likely: 0, possible: 1, unlikely: 2 };
      r.programs.slice().sort(function (a, b) {
        // The programme named first leads; then by status, keeping the engine's order otherwise.
        return (b.id === first) - (a.id === first) || order[a.status] - order[b.status];
      }).forEach(function (p) {
        var excluded = p.status !== "unlikely" && rec.instead_of.indexOf(p.id) >= 0 ? firstName : null;
        // Other departments' programmes are named in the answer ("还可以同时问问"); their cards wait in one list.
        var list = p.status === "unlikely" ? unfit : (page.referrals.indexOf(p.id) >= 0 && p.id !== first ? referrals : fit);
        list.appendChild(programCard(p, j, excluded));
      });
      box.querySelector("[data-mb-unfit-box]").hidden = !unfit.children.length;
      box.querySelector("[data-mb-referrals-box]").hidden = !referrals.children.length;
      box.querySelector("[data-mb-referrals-count]").textContent = String(referrals.children.length);
      box.querySelector("[data-mb-unfit-count]").textContent = String(unfit.children.length);
      box.querySelector("[data-mb-none-fit]").hidden = fit.children.length + referrals.children.length > 0;
      box.querySelector("[data-mb-unfit-box]").open = fit.children.length + referrals.children.length === 0;
      renderAnswersGiven(box);
      box.querySelector("[data-mb-printed]").textContent = fmt(UI.printed_on, { date: r.date });
      box.querySelector("[data-mb-site]").textContent = fmt(UI.site_address, {
        url: new URL("screener/?j=" + j, siteRoot).href,
      });
      box.querySelector("[data-mb-result-body]").hidden = false;
    }

    return { fetchSiteData: fetchSiteData, render: renderResult };
  }

  window.MingbaiResult = { createResult: createResult };
})();
