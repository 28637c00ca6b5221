"""The result's one answer (`recommendation`), 有子女但不管, school stages and the 单人户 cliff.

Households are built as in test_engine_rules (round standards: 低保 城市 800 / 农村 600).
"""

from __future__ import annotations

import pytest

from tests.unit.test_engine_rules import bundle, household, income, member, program, real_bundle, run  # noqa: F401


def test_lone_elder_is_told_to_ask_for_tekun_first_and_dibao_is_the_fallback(bundle):
    h = household(members=[member(72, labor="none")], income_monthly=income(farming=100))
    r = run("zongyang", h)
    rec = r["recommendation"]
    assert program(r, "tekun")["status"] == "likely" and program(r, "dibao")["status"] == "likely"
    assert rec["apply_first"] == "tekun" and rec["instead_of"] == ["dibao"]
    assert rec["amount"] == program(r, "tekun")["monthly_amount"] and rec["amount_basis"] == "answers"
    assert "不能同时享受" in rec["why"] and rec["source"] == "minfa-2021-43"
    assert "dibao" not in rec["also"]


def test_a_family_member_who_might_be_tekun_does_not_compete_with_the_household_dibao(bundle):
    h = household(area="urban", members=[member(40, wages_monthly=1500),
                                         member(38, labor="partial", disability={"category": "physical", "grade": 1}),
                                         member(12, labor=None, student="primary")])
    r = run("yuncheng", h)
    rec = r["recommendation"]
    assert program(r, "tekun")["status"] != "unlikely"
    assert rec["apply_first"] == "dibao" and rec["instead_of"] == ["tekun"]
    assert "tekun" not in rec["also"]
    # Her own answer (light work) is not restated as "no labour capacity": the rule is named as the rule.
    text = " ".join(x["text"] for x in program(r, "tekun")["reasons"])
    assert "按特困人员认定的规定" in text and "不看本人填写的劳动能力" in text


def test_children_who_do_not_pay_keep_tekun_and_dibao_possible_and_say_the_township_decides(bundle):
    h = household(members=[member(72, labor="none")], supporters="not_supporting")
    r = run("zongyang", h)
    tekun, dibao = program(r, "tekun"), program(r, "dibao")
    assert tekun["status"] == "possible" and dibao["status"] == "possible"
    assert any("不管、不给钱" in x["text"] for x in tekun["reasons"])
    assert any("不给钱" in x["text"] for x in dibao["reasons"])
    assert r["recommendation"]["apply_first"] == "tekun"
    # "able" still rules 特困 out; "none" does not.
    assert program(run("zongyang", household(members=[member(72, labor="none")], supporters="able")),
                   "tekun")["status"] == "unlikely"


def test_no_amount_from_no_income_answers_and_a_conditional_one_from_some(bundle):
    r = run("zongyang", {"date": "2026-11-01", "members": [{"age": 55}]})
    rec = r["recommendation"]
    assert rec["apply_first"] == "dibao" and rec["amount"] is None and rec["amount_basis"] == "none"
    assert rec["no_amount"] == "no_income"
    h = household(members=[member(50, labor="partial", wages_monthly=None)], income_monthly=income(farming=None))
    rec = run("zongyang", h)["recommendation"]
    assert rec["apply_first"] == "dibao" and rec["amount"] is not None
    assert rec["amount_basis"] == "unknown_as_zero" and "种养殖收入" in rec["unknown_income"]


def test_a_household_on_dibao_reports_rather_than_applies(bundle):
    h = household(members=[member(50, labor="none"), member(20, wages_monthly=300)], receiving=["dibao"])
    rec = run("zongyang", h)["recommendation"]
    assert rec["report"] == ["dibao"] and rec["apply_first"] != "dibao"
    assert rec["about"] == "dibao" and rec["amount"] is not None


def test_after_a_fire_linshi_comes_first(bundle):
    h = household(members=[member(45, wages_monthly=3000)], emergency={"kind": "fire", "township": None})
    r = run("hecheng", h)
    assert r["recommendation"]["apply_first"] == "linshi"
    if program(r, "linshi")["monthly_amount"] is None:
        assert r["recommendation"]["no_amount"] == "not_estimated"


def test_nothing_open_names_nothing(bundle):
    h = household(members=[member(45, wages_monthly=90000)], assets_over_limit=True)
    rec = run("zongyang", h)["recommendation"]
    assert rec["apply_first"] is None and rec["amount"] is None and rec["instead_of"] == []


def test_the_single_person_cliff_is_said_where_the_member_alone_would_get_more(bundle):
    h = household(area="urban", members=[member(40, wages_monthly=2100),
                                         member(38, labor="none", disability={"category": "physical", "grade": 1}),
                                         member(12, labor=None)])
    dibao = program(run("yuncheng", h), "dibao")
    assert dibao["status"] == "likely" and dibao["details"]["inclusion"] == "household"
    cliff = dibao["details"]["cliff"]
    assert cliff["single_person_monthly"] > dibao["monthly_amount"]
    assert cliff["household_income_from"] == 800 * 3
    assert any("单人户" in x["text"] and "再测一次" in x["text"] for x in dibao["reasons"])


@pytest.mark.parametrize("stage", ["primary", "junior_high"])
def test_school_stages_from_primary_school_are_accepted(bundle, stage):
    h = household(members=[member(40), member(11, labor=None, student=stage)])
    r = run("zongyang", h)
    assert r["household_size"] == 2
