"""A question the page skips in a place (its show_if names a rule that place does not have, `uses`) cannot
change any result there: every golden household of the place, and a family with a new job in every place,
gives the same result whatever that answer is."""

from __future__ import annotations

import copy
import json

import screener
from screener import data, model, questions
from screener.parameters import PARAMETERS
from tests.golden import golden
from tests.unit.test_engine_rules import real_bundle  # noqa: F401

DAY = "2026-12-06"
ANSWERS = (True, False, None)


def skipped(raw: dict) -> dict[str, list[questions.Field]]:
    """Place → the fields the page hides there because of `uses`."""
    by_param = {}
    for s in questions.SCREENS:
        for f in s.fields:
            for c in questions.walk_conditions(f.show_if):
                if "uses" in c:
                    by_param.setdefault(c["uses"], []).append(f)
    out = {}
    for jid, j in raw["jurisdictions"].items():
        uses = set(questions.place_uses(j, DAY))
        out[jid] = [f for name, fields in by_param.items() if name not in uses for f in fields]
    return out


def with_answer(household: dict, path: str, value) -> dict:
    h = copy.deepcopy(household)
    if path.startswith("members[]."):
        for m in h.get("members", []):
            m[path.removeprefix("members[].")] = value
    else:
        h[path] = value
    return h


def results(household: dict, path: str) -> set[str]:
    return {json.dumps(screener.evaluate(with_answer(household, path, v), date=DAY), sort_keys=True,
                       ensure_ascii=False) for v in ANSWERS}


def test_every_place_condition_names_a_declared_parameter():
    assert questions.used_parameters(), "the newly-employed question is asked only where a rule reads it"
    assert questions.used_parameters() <= set(PARAMETERS)


def test_only_tianjin_asks_about_a_first_job(real_bundle):  # noqa: F811
    uses = {jid: questions.place_uses(j, DAY) for jid, j in real_bundle["jurisdictions"].items()}
    assert uses["tianjin"] == ["first_job_deduction"]
    assert all(not u for jid, u in uses.items() if jid != "tianjin"), uses


def test_a_value_that_starts_later_still_counts_and_a_zero_does_not(real_bundle):  # noqa: F811
    j = copy.deepcopy(real_bundle["jurisdictions"]["zongyang"])
    spec = {"description": "", "unit": "元/人/月", "breakdown": None,
            "values": [{"start": "2020-01-01", "value": 0, "source": None, "verified": True, "note": ""}]}
    j["parameters"]["first_job_deduction"] = spec
    assert questions.place_uses(j, DAY) == []
    spec["values"].append({"start": "2027-01-01", "value": 500, "source": None, "verified": True, "note": ""})
    assert questions.place_uses(j, DAY) == ["first_job_deduction"]


def test_a_skipped_question_cannot_change_a_result_in_its_place(real_bundle):  # noqa: F811
    screener.use_bundle(real_bundle)
    try:
        hidden = skipped(real_bundle)
        assert any(hidden.values())
        cases = golden.all_cases()
        checked = 0
        for jid, fields in hidden.items():
            family = {"jurisdiction": jid, "area": "urban", "supporters": "none", "assets_over_limit": False,
                      "receiving": ["dibao"],
                      "members": [{"age": 45, "labor": "full", "wages_monthly": 900},
                                  {"age": 20, "labor": "full", "wages_monthly": 700}]}
            households = [family] + [c.household for c in cases if c.household.get("jurisdiction") == jid]
            for f in fields:
                for h in households:
                    assert len(results(h, f.path)) == 1, (jid, f.id, h)
                    checked += 1
        assert checked > 20
    finally:
        data.reset()


def test_the_questions_age_bounds_are_the_engines_national_ages(real_bundle):  # noqa: F811
    """Whom the page asks about labour, wages and school is bounded by the same parameters the engine
    divides members by (working_age_from, school_age_from): a place that set another value would need
    its own questions, so the build refuses it with the parameter's name."""
    js = list(real_bundle["jurisdictions"].values())
    ages = questions.question_ages(js, DAY)
    params = data.Params(model.from_bundle(real_bundle)[0]["zongyang"].parameters, DAY)
    assert ages == {name: params.value(name) for name in ages}
    assert set(ages) == {"working_age_from", "school_age_from"}
    screens = {s["id"]: s for s in questions.data(ages)["screens"]}
    assert screens["school"]["member_if"]["gte"] == ages["school_age_from"]
    labor = next(f for f in screens["body"]["fields"] if f["id"] == "labor")
    assert labor["show_if"]["gte"] == ages["working_age_from"]
    assert f"不满{ages['working_age_from']}周岁" in screens["body"]["help"]
    dumped = json.dumps(questions.data(ages), ensure_ascii=False)
    assert not any("{" + name + "}" in dumped or f'"{name}"' in dumped for name in ages), "an age bound left unfilled"

    changed = copy.deepcopy(real_bundle)
    entry = changed["jurisdictions"]["tianjin"]["parameters"]["working_age_from"]["values"][0]
    entry["value"] = 15
    try:
        questions.question_ages(list(changed["jurisdictions"].values()), DAY)
    except ValueError as e:
        assert "working_age_from" in str(e) and "tianjin" in str(e)
    else:
        raise AssertionError("places that disagree on an age bound must be refused")
