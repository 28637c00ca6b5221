"""Rule-level tests of the engine, one rule at a time, each naming the clause it checks.

The real bundle (generated from policies/) is used with its standards pinned to round test
figures, so the tests check the rules, not the example values a county will replace.
"""

from __future__ import annotations

import copy
import json

import pytest

import screener
from screener import data
from screener.cli import fresh_bundle

DATE = "2026-11-01"


@pytest.fixture(scope="session")
def real_bundle() -> dict:
    fresh_bundle()
    return json.loads(data.BUNDLE_PATH.read_text(encoding="utf-8"))


def set_param(raw: dict, jid: str, name: str, value, start: str = "2000-01-01", source: str | None = None,
              verified: bool = True) -> None:
    """Give `name` a single value in force from `start` (a dict for a breakdown)."""
    params = raw["jurisdictions"][jid]["parameters"]
    old = params.get(name)
    src = source or (old["values"][-1]["source"] if old else "minfa-2021-57")
    entry = {"start": start, "source": src, "verified": verified, "note": ""}
    entry["value"] = value
    breakdown = list(value) if isinstance(value, dict) else None
    params[name] = {"description": old["description"] if old else name, "unit": old["unit"] if old else "",
                    "breakdown": breakdown, "values": [entry]}


def drop_param(raw: dict, jid: str, name: str) -> None:
    raw["jurisdictions"][jid]["parameters"].pop(name, None)


@pytest.fixture
def bundle(real_bundle):
    """A copy of the real bundle with round standards: 低保 城市 800 / 农村 600 everywhere."""
    raw = copy.deepcopy(real_bundle)
    for jid in raw["jurisdictions"]:
        set_param(raw, jid, "dibao_standard", {"urban": 800, "rural": 600},
                  source=raw["jurisdictions"][jid]["parameters"]["dibao_standard"]["values"][-1]["source"]
                  or "minfa-2021-57")
    screener.use_bundle(raw)
    yield raw
    data.reset()


def household(**kw) -> dict:
    """A fully answered household (nothing unknown), changed by keyword arguments."""
    h = {
        "date": DATE, "area": "rural", "members": [member(45)],
        "income_monthly": {"farming": 0, "business": 0, "property": 0, "support_received": 0, "basic_pension": 0,
                           "other": 0},
        "supporters": "none", "last_year_income": 0, "expenses_year": {"medical": 0, "education": 0},
        "assets_over_limit": False, "receiving": [], "emergency": None,
    }
    h.update(kw)
    return h


def member(age: int, **kw) -> dict:
    m = {"age": age, "labor": "full", "disability": None, "serious_illness": False, "self_care": "full",
         "student": None, "wages_monthly": 0, "newly_employed": False}
    m.update(kw)
    return m


def income(**kw) -> dict:
    base = {"farming": 0, "business": 0, "property": 0, "support_received": 0, "basic_pension": 0, "other": 0}
    base.update(kw)
    return base


def program(result: dict, pid: str) -> dict:
    return next(p for p in result["programs"] if p["id"] == pid)


def sources(p: dict) -> list[str]:
    return [r["source"] for r in p["reasons"]]


def run(jid: str, h: dict, date: str | None = None) -> dict:
    return screener.evaluate(h, jurisdiction=jid, date=date)


# ---- 低保: 差额 ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("jid", ["zongyang", "yuncheng", "tianjin", "hecheng", "xx"])
def test_dibao_pays_the_gap_times_household_size(bundle, jid):
    # 民发〔2021〕57号 / XX 二（七）: (standard − per-person income) × size.
    h = household(members=[member(40, labor="partial"), member(12, labor=None)], income_monthly=income(farming=400))
    p = program(run(jid, h), "dibao")
    assert p["status"] == "likely"
    assert p["standard_monthly"] == 600.0
    assert p["monthly_amount"] == (600 - 200) * 2
    assert p["details"]["inclusion"] == "household"


def test_income_at_or_over_the_standard_is_unlikely(bundle):
    h = household(members=[member(40)], income_monthly=income(farming=600))
    p = program(run("zongyang", h), "dibao")
    assert p["status"] == "unlikely"
    assert p["monthly_amount"] is None


def test_more_income_never_raises_the_amount(bundle):
    amounts = []
    for farming in (0, 100, 300, 599):
        p = program(run("yuncheng", household(income_monthly=income(farming=farming))), "dibao")
        amounts.append(p["monthly_amount"])
    assert amounts == sorted(amounts, reverse=True)


def test_assets_over_the_limit_is_never_likely(bundle):
    p = program(run("tianjin", household(assets_over_limit=True)), "dibao")
    assert p["status"] == "unlikely"


def test_unknown_assets_or_income_lean_to_possible_with_a_reason(bundle):
    p = program(run("tianjin", household(assets_over_limit=None)), "dibao")
    assert p["status"] == "possible"
    assert any("财产" in r["text"] for r in p["reasons"])
    minimal = run("tianjin", {"members": [{"age": 50}], "date": DATE})
    p = program(minimal, "dibao")
    assert p["status"] == "possible"
    assert p["monthly_amount"] is None                       # no income answered: no amount to show
    assert any("收入的问题都没有回答" in r["text"] for r in p["reasons"])
    assert not any("估算每月" in r["text"] or "核算后的家庭月收入" in r["text"] for r in p["reasons"])  # no figure
    assert minimal["warnings"]
    some = run("tianjin", {"members": [{"age": 50, "wages_monthly": 300}], "date": DATE})
    p = program(some, "dibao")
    assert p["status"] == "possible" and p["monthly_amount"] is not None
    assert any("没有填写" in r["text"] for r in p["reasons"])


def test_unknown_area_uses_the_higher_standard_and_says_so(bundle):
    h = household(area=None, income_monthly=income(farming=700))
    p = program(run("zongyang", h), "dibao")
    assert p["status"] == "possible"          # eligible only under the urban standard
    assert p["standard_monthly"] == 800.0
    assert any("城市还是农村" in r["text"] for r in p["reasons"])


# ---- income counting: exclusions and deductions -------------------------------------------------------------

def test_yuncheng_employment_cost_is_30_percent_of_the_urban_standard(bundle):
    # 运城 二（一）: 按照城市低保标准的30%给予扣减 (per employed member, never more than the wage).
    h = household(members=[member(40, wages_monthly=1000), member(38, wages_monthly=100)])
    r = run("yuncheng", h)
    d = r["income"]["deductions"]
    assert len(d) == 1 and d[0]["source"].startswith("yuncheng-2021-59/2.1")
    assert d[0]["amount"] == 240 + 100
    assert r["income"]["counted_monthly_total"] == 1100 - 340


def test_zongyang_employment_cost_uses_the_local_standard(bundle):
    # 枞阳 二（二）: 按当地低保标准的30%扣减 — rural here.
    r = run("zongyang", household(members=[member(40, wages_monthly=1000)]))
    assert r["income"]["deductions"][0]["amount"] == 180
    assert r["income"]["deductions"][0]["source"].startswith("zongyang-2021-fangan/2.2")


def test_tianjin_first_job_deduction_for_dibao_members(bundle):
    # 天津 二（二）: 首次就业的低保家庭成员核减600元/月，核减期一年.
    h = household(members=[member(22, wages_monthly=1500, newly_employed=True), member(50, labor="none")],
                  receiving=["dibao"])
    r = run("tianjin", h, date="2024-01-01")
    labels = [d["label"] for d in r["income"]["deductions"]]
    assert any("首次就业" in l for l in labels)
    assert r["income"]["counted_monthly_total"] == 900
    # not a 低保 household: no deduction
    h["receiving"] = []
    assert run("tianjin", h, date="2024-01-01")["income"]["deductions"] == []


def test_tianjin_epidemic_work_cost_only_while_in_force(bundle):
    # 天津 二（五）: 务工成本500元/月，直至疫情结束 — a dated parameter.
    h = household(members=[member(30, wages_monthly=1400), member(60, labor="none")], receiving=["dibao"])
    during = run("tianjin", h, date="2021-06-01")["income"]
    after = run("tianjin", h, date="2024-06-01")["income"]
    assert any("疫情" in d["label"] for d in during["deductions"])
    assert not any("疫情" in d["label"] for d in after["deductions"])
    assert during["counted_monthly_total"] == 900
    assert after["counted_monthly_total"] == 1400


def test_tianjin_epidemic_work_cost_is_per_household(bundle):
    # 天津 二（五）: “核定家庭收入时每月扣减务工成本500元” — the unit is 元/户/月, however many work.
    h = household(members=[member(30, wages_monthly=1400), member(28, wages_monthly=300)], receiving=["dibao"])
    inc = run("tianjin", h, date="2021-06-01")["income"]
    assert [d["amount"] for d in inc["deductions"]] == [500]
    assert inc["counted_monthly_total"] == 1200


def test_tianjin_suspends_exits_during_the_epidemic_only(bundle):
    # 天津 二（五）第6句: 疫情防控期间，暂停开展低保对象退出工作 (ends with the 务工成本, a dated parameter).
    h = household(members=[member(62, labor="none")], income_monthly=income(property=2000), receiving=["dibao"],
                  dibao_monthly_current=400)
    during = program(run("tianjin", h, date="2021-06-01"), "dibao")
    assert during["status"] == "likely" and during["monthly_amount"] is None
    assert "tianjin-2020-19/2.5.6" in sources(during)
    assert during["details"]["exit_suspended"]["monthly_amount"] == 400
    after = program(run("tianjin", h, date="2024-06-01"), "dibao")
    assert after["status"] == "unlikely" and "exit_suspended" not in after["details"]


def test_basic_pension_not_counted_during_the_14th_five_year_plan(bundle):
    h = household(members=[member(70, labor="none")], income_monthly=income(basic_pension=200, farming=500))
    r = run("yuncheng", h, date="2024-06-01")
    assert r["income"]["counted_monthly_total"] == 500
    assert program(r, "dibao")["status"] == "likely"
    # after 2025 the exclusion has lapsed: counted, and a decisive pension gives `possible` with the reason
    r = run("yuncheng", h, date=DATE)
    assert r["income"]["counted_monthly_total"] == 700
    p = program(r, "dibao")
    assert p["status"] == "possible"
    assert any("十四五" in t["text"] for t in p["reasons"])


def test_yuncheng_support_not_counted_for_expense_type_families(bundle):
    # 运城 二（一）: 支出型 families, after 民主评议, may leave 赡养费 out.
    h = household(members=[member(58, labor="partial", serious_illness=True)],
                  income_monthly=income(support_received=300, farming=400), expenses_year={"medical": 20000, "education": 0})
    p = program(run("yuncheng", h), "dibao")
    assert p["status"] == "possible"
    assert any("赡养" in r["text"] and (r["source"] or "").startswith("yuncheng-2021-59/2.1") for r in p["reasons"])


def test_xx_expense_type_over_twice_last_years_income_is_possible(bundle):
    # XX 二（二）: 医疗费用累计超过上年度家庭年收入2倍以上的 … 可按规定程序适当扣减.
    h = household(members=[member(50, serious_illness=True)], income_monthly=income(farming=700),
                  last_year_income=8000, expenses_year={"medical": 20000, "education": 0})
    p = program(run("xx", h), "dibao")
    assert p["status"] == "possible"
    assert any((r["source"] or "").startswith("xx-2024-fangan/2.2") for r in p["reasons"])
    h["expenses_year"] = {"medical": 9000, "education": 0}      # not over 2 × 8000
    assert program(run("xx", h), "dibao")["status"] == "unlikely"


def test_hecheng_local_deductions_make_the_answer_possible(bundle):
    # 鹤城 三（一）: 按当地核算评估办法适当扣减 — the amount is local.
    h = household(members=[member(45, wages_monthly=700)])
    p = program(run("hecheng", h), "dibao")
    assert p["status"] == "possible"
    assert any((r["source"] or "").startswith("hecheng-2020-43/3.1") for r in p["reasons"])
    h = household(members=[member(45, student="college")], income_monthly=income(farming=700),
                  expenses_year={"medical": 0, "education": 6000})
    assert program(run("hecheng", h), "dibao")["status"] == "possible"


# ---- 低保: XX 兜底保障分类, 单人户, 渐退 ----------------------------------------------------------------------

def test_xx_class_one_gets_the_full_rural_standard(bundle):
    # XX 二（一）: 一类对象按照农村低保标准全额发放.
    h = household(members=[member(80, labor="none"), member(78, labor="none")])
    p = program(run("xx", h), "dibao")
    assert p["details"]["category"] == "一类"
    assert p["monthly_amount"] == 1200
    h = household(members=[member(50, labor="partial")], income_monthly=income(farming=200))
    p = program(run("xx", h), "dibao")
    assert p["details"]["category"] == "二类" and p["monthly_amount"] == 400


def test_xx_class_one_counts_only_the_adults_labour(bundle):
    # XX 二（一）: a child has no labour capacity by definition; an unanswered child's `labor` changes nothing.
    h = household(members=[member(50, labor="none"), member(8, labor=None)])
    assert program(run("xx", h), "dibao")["details"]["category"] == "一类"
    h = household(members=[member(50, labor="full"), member(15, labor="none")], income_monthly=income(farming=100))
    assert program(run("xx", h), "dibao")["details"]["category"] == "三类"


def test_xx_medical_and_education_deductions_cite_their_own_sentences(bundle):
    # XX 二（二）: 第8句 medical costs, 第9句 education costs, each over 2 × last year's income.
    base = dict(members=[member(50, labor="partial")], income_monthly=income(farming=700), last_year_income=1000)
    med = program(run("xx", household(expenses_year={"medical": 5000, "education": 0}, **base)), "dibao")
    edu = program(run("xx", household(expenses_year={"medical": 0, "education": 5000}, **base)), "dibao")
    assert med["status"] == edu["status"] == "possible"
    assert "xx-2024-fangan/2.2.8" in sources(med) and "xx-2024-fangan/2.2.9" not in sources(med)
    assert "xx-2024-fangan/2.2.9" in sources(edu)


def test_xx_gradual_exit_is_possible_only_registered_poor_households_get_it(bundle):
    # XX 二（二）: 渐退 for 纳入农村低保的建档立卡贫困户 — which the site cannot check.
    h = household(income_monthly=income(farming=900), receiving=["dibao"], dibao_monthly_current=200)
    p = program(run("xx", h), "dibao")
    assert p["status"] == "possible"
    assert any("建档立卡" in r["text"] for r in p["reasons"])


def test_single_person_income_is_his_own_share_not_others_wage_deductions(bundle):
    # 单人户: the member's own income is his wage plus his share of the non-wage income; another member's
    # 就业成本 deduction comes off that member's wage only (枞阳: 30 % of the local standard, 180元 here).
    h = household(members=[member(55, wages_monthly=1500), member(25, labor="none", self_care="partial",
                                                                  disability={"category": "physical", "grade": 1})],
                  income_monthly=income(farming=300))
    p = program(run("zongyang", h), "dibao")
    assert p["details"]["inclusion"] == "single_person"
    assert p["monthly_amount"] == 600 - 300 / 2     # not 600 − (1620 − 1500) / 2


@pytest.mark.parametrize("jid", ["yuncheng", "tianjin", "zongyang"])
def test_single_person_inclusion_in_a_low_income_family(bundle, jid):
    # 运城 二（一）, 天津 二（二）, national 57号: 一、二级残疾, 三级智力/精神残疾, 重病 in a low-income family.
    h = household(members=[member(45, wages_monthly=1500), member(20, disability={"category": "mental", "grade": 3},
                                                                 labor="none", self_care="partial")])
    p = program(run(jid, h), "dibao")
    assert p["details"]["inclusion"] == "single_person"
    assert p["details"]["single_person"] == [{"member": 1, "why": "三级精神残疾"}]
    assert p["monthly_amount"] == 600
    assert p["status"] in ("likely", "possible")
    # over 1.5 × the standard: no 单人户
    h["members"][0]["wages_monthly"] = 2500
    assert program(run(jid, h), "dibao")["status"] == "unlikely"


@pytest.mark.parametrize("jid", ["xx", "hecheng"])
def test_single_person_for_registered_poor_households_is_possible(bundle, jid):
    # XX 二（二）, 鹤城 三（一）: only in 未脱贫建档立卡贫困户 — the screener cannot check that.
    h = household(members=[member(45, wages_monthly=3000), member(70, serious_illness=True, labor="none")])
    p = program(run(jid, h), "dibao")
    assert p["status"] == "possible"
    assert p["details"]["inclusion"] == "single_person"


def test_gradual_exit_yuncheng_six_months(bundle):
    h = household(income_monthly=income(farming=900), receiving=["dibao"], dibao_monthly_current=300)
    p = program(run("yuncheng", h), "dibao")
    assert p["status"] == "likely"
    assert p["details"]["gradual_exit"]["months"] == 6
    assert p["details"]["gradual_exit"]["monthly_amount"] == 300
    assert p["monthly_amount"] is None      # more income never shows a higher 低保 amount


def test_gradual_exit_zongyang_six_up_to_twelve_rural_only(bundle):
    h = household(income_monthly=income(farming=900), receiving=["dibao"])
    ge = program(run("zongyang", h), "dibao")["details"]["gradual_exit"]
    assert (ge["months"], ge["max_months"]) == (6, 12)
    h["area"] = "urban"
    h["income_monthly"] = income(farming=1200)
    assert program(run("zongyang", h), "dibao")["status"] == "unlikely"


def test_gradual_exit_tianjin_three_full_then_three_half(bundle):
    h = household(members=[member(30, wages_monthly=2000)], receiving=["dibao"], dibao_monthly_current=400)
    p = program(run("tianjin", h), "dibao")
    sched = p["details"]["gradual_exit"]["schedule"]
    assert [s["share"] for s in sched] == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5]
    assert [s["amount"] for s in sched] == [400, 400, 400, 200, 200, 200]
    assert p["status"] == "likely"


def test_gradual_exit_xx_up_to_a_year(bundle):
    h = household(income_monthly=income(farming=900), receiving=["dibao"])
    ge = program(run("xx", h), "dibao")["details"]["gradual_exit"]
    assert ge["max_months"] == 12


def test_zongyang_green_channel_for_elderly_and_severely_disabled(bundle):
    p = program(run("zongyang", household(members=[member(66, labor="none")])), "dibao")
    assert p["details"].get("green_channel") is True
    assert any((r["source"] or "").startswith("zongyang-2021-fangan/2.5") for r in p["reasons"])
    assert p["details"]["time_limits"][0]["limit"] == 20


# ---- 特困 -----------------------------------------------------------------------------------------------------

def test_tekun_elderly_alone_without_supporters(bundle):
    r = run("tianjin", household(members=[member(75, labor="none", self_care="partial")], area="urban"))
    p = program(r, "tekun")
    assert p["status"] == "likely"
    assert p["monthly_amount"] == p["details"]["basic_standard"]


def test_tekun_able_supporter_is_unlikely(bundle):
    p = program(run("zongyang", household(members=[member(75)], supporters="able")), "tekun")
    assert p["status"] == "unlikely"


def test_tekun_age_reason_cites_the_age_rule(bundle):
    # The “未满16周岁” reason rests on the age parameter's own document, not the local basis clause.
    h = household(members=[member(17, labor="partial", student="high_school")], supporters="none")
    p = program(run("tianjin", h, date="2020-05-01"), "tekun")
    assert p["status"] == "unlikely"
    rule = bundle["jurisdictions"]["tianjin"]["parameters"]["tekun_minor_age_limit"]["values"][0]
    assert rule["value"] == 16
    age = [r for r in p["reasons"] if "未满16周岁" in r["text"]]
    assert age and all(r["source"] == rule["source"] for r in age)


def test_tekun_minor_age_limit_is_dated(bundle):
    # 16 in the older texts; 18 since 民发〔2020〕69号.
    h = household(members=[member(17, labor=None)])
    assert program(run("tianjin", h, date="2020-06-01"), "tekun")["status"] == "unlikely"
    p = program(run("tianjin", h, date="2021-01-01"), "tekun")
    assert p["status"] == "likely"
    assert "minfa-2020-69" in sources(p)


def test_tekun_disability_grades_that_mean_no_labour_capacity(bundle):
    for disability, expected in [({"category": "intellectual", "grade": 3}, "likely"),
                                 ({"category": "physical", "grade": 2}, "likely"),
                                 ({"category": "visual", "grade": 1}, "likely"),
                                 ({"category": "physical", "grade": 3}, "unlikely"),
                                 ({"category": "hearing", "grade": 1}, "unlikely")]:
        h = household(members=[member(40, disability=disability)])
        assert program(run("yuncheng", h), "tekun")["status"] == expected, disability


def test_tekun_xx_standard_and_care_fee(bundle):
    # XX 二（四）: 基本生活标准 ≥ 1.3 × 低保标准; 照料护理费 1/10, 1/6, 1/3 of last year's minimum wage.
    set_param(bundle, "xx", "minimum_wage", 1500, verified=False, source="xx-2024-fangan/2.4")
    screener.use_bundle(bundle)
    p = program(run("xx", household(members=[member(80, labor="none", self_care="none")])), "tekun")
    assert p["details"]["basic_standard"] == 780.0
    assert p["details"]["care"] == [{"member": 0, "level": "全护理", "amount": 500.0}]
    assert p["monthly_amount"] == 1280.0


def test_tekun_income_over_the_standard_means_a_livelihood(bundle):
    p = program(run("hecheng", household(members=[member(70)], income_monthly=income(other=900))), "tekun")
    assert p["status"] == "unlikely"


# ---- 临时救助 ---------------------------------------------------------------------------------------------------

def test_linshi_emergency_at_the_site_in_yuncheng(bundle):
    # 运城 二（六）: 取消户籍地、居住地申请限制，实行在急难发生地申请.
    h = household(hukou_township=None, emergency={"kind": "fire", "township": "yanhu"})
    p = program(run("yuncheng", h), "linshi")
    assert p["status"] == "likely"
    assert p["apply_at"]["office"] == "yanhu"
    assert "急难发生地" in p["apply_at"]["why"]
    assert p["details"].get("advance_relief") is True
    assert p["monthly_amount"] is None


def test_linshi_where_the_notice_is_silent_points_to_the_emergency_site_and_says_so(bundle):
    # 鹤城's notice says nothing about the 急难发生地; the national 意见 (restated) allows it: go there first,
    # saying plainly that the local notice is silent and where to go if it does not accept.
    h = household(hukou_township="chengzhong", emergency={"kind": "flood", "township": "hexi"})
    p = program(run("hecheng", h), "linshi")
    assert p["apply_at"]["office"] == "hexi"
    assert "当地文件没有写" in p["apply_at"]["why"] and "户籍所在乡镇" in p["apply_at"]["why"]


def test_linshi_expense_type(bundle):
    h = household(income_monthly=income(farming=700), expenses_year={"medical": 6000, "education": 0})
    p = program(run("tianjin", h), "linshi")
    assert p["status"] == "possible" and "支出型" in p["details"]["types"]


def test_linshi_nothing_happening_is_unlikely(bundle):
    assert program(run("xx", household(income_monthly=income(farming=2000))), "linshi")["status"] == "unlikely"


# ---- 低保边缘 / 低收入 ----------------------------------------------------------------------------------------------

def test_dibian_in_tianjin_pays_the_household_amount(bundle):
    h = household(area="urban", income_monthly=income(other=1000))   # 800 ≤ 1000 < 1200
    p = program(run("tianjin", h), "dibian")
    assert p["status"] == "likely"
    assert p["monthly_amount"] == 314.0


def test_dibian_tianjin_expense_type(bundle):
    h = household(area="urban", income_monthly=income(other=1000), last_year_income=12000,
                  expenses_year={"medical": 5000, "education": 0})
    p = program(run("tianjin", h), "dibian")
    assert p["details"].get("expense_type") is True


def test_dibian_local_line_is_possible(bundle):
    p = program(run("yuncheng", household(income_monthly=income(other=700))), "dibian")
    assert p["status"] == "possible"


def test_dibian_only_where_the_document_names_it(bundle):
    r = run("hecheng", household())
    assert "dibian" not in [p["id"] for p in r["programs"]]


def test_dibian_not_for_dibao_households(bundle):
    assert program(run("zongyang", household()), "dibian")["status"] == "unlikely"


# ---- 两项补贴 and referrals ---------------------------------------------------------------------------------------

def test_canji_care_subsidy_for_grade_one_or_two(bundle):
    h = household(members=[member(50, disability={"category": "physical", "grade": 1}, self_care="none")],
                  income_monthly=income(other=5000), hukou_township="yingkou")
    p = program(run("hecheng", h), "canji")
    assert p["status"] == "likely" and p["details"]["care_subsidy"] == [0]
    assert "living_subsidy" not in p["details"]
    assert p["apply_at"]["office"] == "yingkou"      # applied for at the township (国发〔2015〕52号)


def test_canji_living_subsidy_needs_dibao(bundle):
    h = household(members=[member(50, disability={"category": "hearing", "grade": 4})])
    p = program(run("tianjin", h), "canji")
    assert p["status"] == "likely" and p["details"]["living_subsidy"] == [0]
    h["income_monthly"] = income(other=3000)
    assert program(run("tianjin", h), "canji")["status"] == "unlikely"


def test_referrals_are_never_likely_and_name_an_office(bundle):
    h = household(members=[member(40, serious_illness=True, labor="none"), member(17, student="high_school"),
                           member(10, labor="none", self_care="partial")],
                  hukou_township="chengnan", expenses_year={"medical": 30000, "education": 3000})
    r = run("hecheng", h)
    for pid in ("yiliao", "jiaoyu", "zhufang", "jiuye", "ertong", "fuwu"):
        p = program(r, pid)
        assert p["status"] in ("possible", "unlikely")
        assert p["details"]["kind"] == "referral"
        assert p["apply_at"]["office"]
    assert program(r, "yiliao")["apply_at"]["office"] == "yibaoju"
    assert program(r, "jiaoyu")["status"] == "possible"


def test_orphan_referral(bundle):
    h = household(members=[member(12, labor="none"), member(9, labor="none")], supporters="none")
    assert program(run("tianjin", h), "ertong")["status"] == "possible"


# ---- routing -----------------------------------------------------------------------------------------------------

def test_routing_to_the_hukou_township_or_the_county(bundle):
    p = program(run("zongyang", household(hukou_township="oushan")), "dibao")
    assert p["apply_at"]["office"] == "oushan" and p["apply_at"]["phone"] is None
    p = program(run("zongyang", household()), "dibao")
    assert p["apply_at"]["office"] == "minzhengju"
    assert "12345" in p["apply_at"]["why"]


def test_routing_residence_permit_holders(bundle):
    h = household(residence_township="hengbu", residence_permit=True)
    p = program(run("zongyang", h), "dibao")
    assert p["apply_at"]["office"] == "hengbu" and "居住证" in p["apply_at"]["why"]


# ---- the result as a whole -------------------------------------------------------------------------------------

def test_every_reason_cites_a_clause_the_bundle_knows(bundle):
    cites = bundle["citations"]
    h = household(members=[member(70, labor="none", disability={"category": "physical", "grade": 1},
                                  self_care="none"), member(16, student="high_school")],
                  emergency={"kind": "fire", "township": None}, expenses_year={"medical": 9000, "education": 0})
    for jid in bundle["jurisdictions"]:
        r = run(jid, h)
        for p in r["programs"]:
            for reason in p["reasons"]:
                # Only a statement of an example figure cites nothing, and it says it is an example.
                assert reason["source"] in cites or (reason["source"] is None and "示例" in reason["text"]), \
                    (jid, p["id"], reason)
                assert reason["text"]
        for d in r["income"]["deductions"]:
            assert d["source"] in cites


def test_result_shape_matches_the_contract(bundle):
    r = run("zongyang", household())
    assert list(r) == ["jurisdiction", "date", "household_size", "income", "programs", "warnings", "recommendation"]
    assert {"apply_first", "instead_of", "why", "source"} <= set(r["recommendation"])
    assert r["jurisdiction"] == {"id": "zongyang", "name": "枞阳县"}
    for p in r["programs"]:
        assert list(p) == ["id", "name", "status", "monthly_amount", "standard_monthly", "reasons", "documents",
                           "apply_at", "details"]
        assert {"office", "name", "address", "phone", "why"} <= set(p["apply_at"])


def test_to_json_is_deterministic_and_round_trips(bundle):
    h = household(members=[member(70, labor="none")])
    a = screener.to_json(run("xx", h))
    b = screener.to_json(run("xx", copy.deepcopy(h)))
    assert a == b
    assert screener.to_json(json.loads(a)) == a


def test_example_figures_are_flagged(real_bundle):
    screener.use_bundle(copy.deepcopy(real_bundle))
    try:
        r = run("zongyang", household())
        assert any("示例" in w for w in r["warnings"])
        r = run("tianjin", household())
        assert not any("示例数据" in w for w in r["warnings"])   # 天津's standards are official
    finally:
        data.reset()


def test_expired_document_is_warned_about(bundle):
    r = run("hecheng", household())
    valid_until = bundle["jurisdictions"]["hecheng"]["sources"][0]["valid_until"]
    if valid_until and valid_until < DATE:
        assert any("有效期" in w for w in r["warnings"])


def test_date_before_any_data_is_a_household_error(bundle):
    with pytest.raises(screener.HouseholdError) as e:
        run("zongyang", household(), date="1999-01-01")
    assert e.value.path == "--date"


def test_a_new_bundle_never_hands_out_the_old_bundles_shared_parts(real_bundle):
    """Offices, documents and whole results are shared between households of one bundle (its `sharing`);
    answering from another bundle starts afresh, with nothing to clear."""
    h = {"jurisdiction": "zongyang", "date": DATE, "area": "rural", "hukou_township": "oushan",
         "members": [{"age": 72, "labor": "none", "wages_monthly": 0}]}
    try:
        screener.use_bundle(copy.deepcopy(real_bundle))
        before = screener.evaluate(h)
        assert before["programs"][0]["apply_at"]["phone"] is None
        changed = copy.deepcopy(real_bundle)
        office = next(o for o in changed["jurisdictions"]["zongyang"]["offices"] if o["id"] == "oushan")
        office.update(phone="0562-3210000", verified=True)
        screener.use_bundle(changed)
        after = screener.evaluate(h)
        assert all(p["apply_at"]["phone"] == "0562-3210000" for p in after["programs"]
                   if p["apply_at"].get("office") == "oushan")
        assert "0562-3210000" in screener.to_json(after)
        assert screener.data.bundle().sharing is not None and before["programs"][0] is not after["programs"][0]
    finally:
        data.reset()


def test_a_time_limit_that_ended_never_reaches_a_later_household(real_bundle):
    """天津's 24-hour 急难 promise (tianjin-2020-19/2.5.4) ended on 2023-01-07. A 临时救助 result shared between
    households is keyed by the limits still in force: a household after that day never gets the promise from
    one before it, in whichever order a roster holds them."""
    def limits(day):
        h = household(date=day, members=[member(40, labor="full", wages_monthly=9000)], last_year_income=100000)
        return program(run("tianjin", h), "linshi")["details"].get("time_limits", [])

    for order in (("2022-12-01", "2025-06-01", "2023-01-07", "2023-01-08"),
                  ("2025-06-01", "2023-01-08", "2022-12-01", "2023-01-07")):
        try:
            screener.use_bundle(copy.deepcopy(real_bundle))
            got = {day: [t["limit"] for t in limits(day)] for day in order}
        finally:
            data.reset()
        assert got == {"2022-12-01": [24], "2023-01-07": [24], "2023-01-08": [], "2025-06-01": []}, order


# ---- the ages that divide a household are national parameters ---------------------------------------------

def test_the_ages_that_divide_members_come_from_the_parameters(real_bundle):
    """未成年人、劳动年龄、入学年龄 are read from minor_age_limit, working_age_from and school_age_from
    (policies/jurisdictions/_national): moving a value moves the engine, and no rule types the age."""
    teen = household(members=[member(17, labor="full", wages_monthly=None, student=None)],
                     supporters="none")
    child_alone = household(members=[member(17, labor="partial")], supporters=None)
    try:
        screener.use_bundle(copy.deepcopy(real_bundle))
        as_published = run("yuncheng", teen)
        alone = run("yuncheng", child_alone)
        assert any("工资收入" in w for w in as_published["warnings"]), "a 17-year-old's wage is asked and unknown"
        assert program(alone, "ertong")["status"] == "possible"       # a 17-year-old is a child living alone

        changed = copy.deepcopy(real_bundle)
        set_param(changed, "yuncheng", "working_age_from", 18, source="laodongfa", verified=False)
        set_param(changed, "yuncheng", "minor_age_limit", 17, source="minfadian", verified=False)
        screener.use_bundle(changed)
        assert not any("工资收入" in w for w in run("yuncheng", teen)["warnings"])
        assert program(run("yuncheng", child_alone), "ertong")["status"] == "unlikely"   # now an adult
    finally:
        data.reset()


def test_no_rule_types_an_age():
    """The literals the fidelity review found (6, 16, 18, 60 beside an age) stay out of the rules."""
    import ast
    import pathlib

    root = pathlib.Path(screener.__file__).parent
    found = []
    for path in [root / "context.py", root / "income.py", *sorted((root / "programs").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                parts = [node.left, *node.comparators]
                names = {getattr(p, "attr", None) or getattr(p, "id", None) for p in parts}
                if "age" in names and any(isinstance(p, ast.Constant) and isinstance(p.value, int) for p in parts):
                    found.append(f"{path.name}:{node.lineno}")
    assert not found, found
