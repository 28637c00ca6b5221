/* screener/web/flow.js in Node: the flow a resident goes through, without a browser.
 * Run by tests/unit/test_flow_js.py, which hands over the built questions (MINGBAI_QUESTIONS)
 * and the golden households (MINGBAI_HOUSEHOLDS) as JSON files. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { createFlow, encodeAnswers, decodeAnswers } = require(path.join(__dirname, "../../screener/web/flow.js"));

const Q = JSON.parse(fs.readFileSync(process.env.MINGBAI_QUESTIONS, "utf8"));
const HOUSEHOLDS = JSON.parse(fs.readFileSync(process.env.MINGBAI_HOUSEHOLDS, "utf8"));

function flowFor(state, preset) {
  return createFlow(JSON.parse(JSON.stringify(Q)), { state: () => state, presetJ: () => preset || null });
}

function loneElder() {
  return {
    a: { area: "rural", hukou_township: "unknown", lives: "same", farming: { v: "1,200", p: "year" },
         business: { v: "0" }, property: { v: "0" }, basic_pension: { v: "１５０" }, other: { v: "0" },
         supporters: "not_supporting", support_received: { v: "0" }, last_year_income: { v: "1800" },
         medical: { v: "0" }, education: { v: "0" }, assets_over_limit: "no", receiving: ["none"],
         emergency_kind: "no" },
    m: [{ age: "72", labor: "none", has_disability: "no", serious_illness: "no", self_care: "full",
          wages_monthly: { v: "0" } }],
  };
}

test("the lone elder answers nine screens before the review", () => {
  const f = flowFor(loneElder(), "zongyang");
  const screens = f.visibleScreens();
  assert.ok(!screens.includes("jurisdiction"), "the place was preset");
  assert.ok(!screens.includes("school"), "nobody of school age");
  assert.ok(screens.length <= 9, screens.join(","));
});

test("answers make the contract's household: full-width digits, yearly money, 不清楚 as null", () => {
  const h = flowFor(loneElder(), "zongyang").household();
  assert.equal(h.jurisdiction, "zongyang");
  assert.equal(h.members[0].age, 72);
  assert.ok(!h.members[0].disability);
  assert.equal(h.income_monthly.farming, 100);
  assert.equal(h.income_monthly.basic_pension, 150);
  assert.equal(h.supporters, "not_supporting");
  assert.equal(h.hukou_township, null);
  assert.deepEqual(h.receiving, []);
  assert.equal(h.emergency, null);
});

test("a skipped question writes nothing, a hidden one writes what its answer implies", () => {
  const s = loneElder();
  delete s.a.farming;
  s.a.supporters = "none";
  delete s.a.support_received;
  const h = flowFor(s, "zongyang").household();
  assert.ok(!("farming" in h.income_monthly));
  assert.equal(h.income_monthly.support_received, 0);
});

test("bad answers get a message and never reach the household", () => {
  const s = loneElder();
  s.m[0].age = "七十";
  s.a.other = { v: "-5" };
  const f = flowFor(s, "zongyang");
  assert.match(f.problem(f.fields.age, s.m[0].age), /数字/);
  assert.match(f.problem(f.fields.other, s.a.other), /负数/);
  const h = f.household();
  assert.ok(!("age" in h.members[0]));
  assert.ok(!("other" in h.income_monthly));
});

test("a prepared case links back: base64url of UTF-8 JSON, both ways, and rubbish reads as nothing", () => {
  const h = { jurisdiction: "tianjin", members: [{ age: 50 }], supporters: "not_supporting" };
  const text = encodeAnswers(h);
  assert.match(text, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeAnswers(text), h);
  for (const bad of ["", "!!!", "e30", encodeAnswers([1]), encodeAnswers({ members: [] }), "////", "a"]) {
    assert.equal(decodeAnswers(bad), null, bad);
  }
});

test("answers read back from a household make the same household again", () => {
  const f0 = flowFor(loneElder(), "zongyang");
  const h = f0.household();
  const back = flowFor({ a: {}, m: [{}] }, "zongyang").answersFrom(h);
  const again = flowFor(back, "zongyang").household();
  assert.deepEqual(again, h);
});

function subset(made, given, where) {
  // Everything the answers make is what the household said.
  for (const [k, v] of Object.entries(made)) {
    if (v !== null && typeof v === "object" && !Array.isArray(v) && given[k] && typeof given[k] === "object") {
      subset(v, given[k], where + "." + k);
    } else if (typeof v === "number" && typeof given[k] === "number") {
      assert.ok(Math.abs(v - given[k]) < 0.01, `${where}.${k}: ${v} ≠ ${given[k]}`);
    } else {
      assert.deepEqual(v, given[k] === undefined ? v : given[k], `${where}.${k}`);
    }
  }
}

test("every golden household fills the questions in without inventing an answer", () => {
  assert.ok(HOUSEHOLDS.length > 50, "golden households");
  for (const { name, household } of HOUSEHOLDS) {
    const j = household.jurisdiction;
    const state = { a: {}, m: [{}] };
    const f = flowFor(state, j);
    const back = f.answersFrom(household);
    state.a = back.a;
    state.m = back.m;
    assert.equal(state.m.length, household.members.length, name);
    const made = f.household();
    made.members.forEach((m, i) => subset(m, household.members[i], `${name} members[${i}]`));
    const top = Object.assign({}, made);
    delete top.members;
    subset(top, household, name);
  }
});

test("the printed answers leave out what was not answered, keeping whose answer it is", () => {
  const s = loneElder();
  delete s.m[0].labor;
  const f = flowFor(s, "zongyang");
  const body = f.summaryOf(f.screens.body, true);
  assert.equal(body.length, 1);
  assert.match(body[0], /^您自己（申请人）：/);
  assert.ok(!body[0].includes(Q.ui.not_answered), body[0]);
  assert.ok(f.summaryOf(f.screens.body)[0].includes(Q.ui.not_answered));
  delete s.a.last_year_income;
  delete s.a.medical;
  delete s.a.education;
  assert.deepEqual(f.summaryOf(f.screens.year, true), []);
});
