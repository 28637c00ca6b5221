"""One story: where a guide sentence states a rule the engine also applies, evaluate a household on each
side of the rule and check that the sentence for that jurisdiction says what the engine does (issue 10).
The guide is the built site's page (built for today); the engine answers for the same day."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

import screener
from screener import data
from tests.unit.test_engine_rules import member, program, real_bundle  # noqa: F401  (session fixture)

TODAY = dt.date.today().isoformat()
NO_INCOME = {"farming": 0, "business": 0, "property": 0, "support_received": 0, "basic_pension": 0, "other": 0}


@pytest.fixture(autouse=True)
def _real(real_bundle):  # noqa: F811
    screener.use_bundle(real_bundle)
    yield
    data.reset()


def guide_text(built_site, jid: str, pid: str) -> str:
    page = (built_site / "guides" / jid / pid / "index.html").read_text(encoding="utf-8")
    main = page.split('<article', 1)[1].split("</article>", 1)[0]
    return html.unescape(re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", main)))


def household(jid: str, **kw) -> dict:
    h = {"jurisdiction": jid, "date": TODAY, "area": "rural", "members": [member(45)],
         "income_monthly": dict(NO_INCOME), "supporters": "able", "assets_over_limit": False, "receiving": [],
         "expenses_year": {"medical": 0, "education": 0}, "last_year_income": 0}
    h.update(kw)
    return h


def status(h: dict, pid: str) -> str:
    return program(screener.evaluate(h), pid)["status"]


# 渐退: a 低保 household whose wages rose above the standard, urban and rural.
@pytest.mark.parametrize("jid", ["zongyang", "yuncheng"])
def test_gradual_exit_scope_in_the_guide_is_the_engines(built_site, jid):
    rich = [member(40, wages_monthly=9000), member(12)]
    answers = {area: status(household(jid, area=area, members=rich, receiving=["dibao"], dibao_monthly_current=300),
                            "dibao") for area in ("urban", "rural")}
    text = guide_text(built_site, jid, "dibao")
    sentence = re.search(r"[^。]*还能再领[^。]*。[^。]*", text).group(0)
    assert answers["rural"] == "likely"
    if answers["urban"] == "unlikely":
        assert "农村" in sentence and "只写给农村" in sentence, sentence
    else:
        assert "农村" not in sentence, sentence


# 天津 first-job deduction: only for a member of a household already on 低保.
def test_first_job_deduction_is_for_households_already_on_dibao(built_site):
    worker = [member(40, wages_monthly=2400, newly_employed=True), member(38, labor="partial")]
    on = screener.evaluate(household("tianjin", area="urban", members=worker, receiving=["dibao"],
                                     dibao_monthly_current=400))
    off = screener.evaluate(household("tianjin", area="urban", members=worker, receiving=[]))
    assert any("首次就业" in d["label"] for d in on["income"]["deductions"])
    assert not any("首次就业" in d["label"] for d in off["income"]["deductions"])
    assert "已经领低保的家庭，家里有人第一次找到工作" in guide_text(built_site, "tianjin", "dibao")


# Where to ask for 临时救助 after an emergency away from home.
@pytest.mark.parametrize("jid", ["zongyang", "yuncheng", "tianjin", "hecheng", "xx"])
def test_where_to_apply_after_an_emergency(built_site, jid, real_bundle):  # noqa: F811
    j = real_bundle["jurisdictions"][jid]
    allowed = j["routing"]["emergency_site"]["allowed"]
    townships = [o["id"] for o in j["offices"] if o["level"] == "township"]
    home, site = (townships + [None, None])[:2] if len(townships) >= 2 else (None, None)
    text = guide_text(built_site, jid, "linshi")
    if site is not None:
        h = household(jid, hukou_township=home, emergency={"kind": "fire", "township": site})
        office = program(screener.evaluate(h), "linshi")["apply_at"]["office"]
        assert office == (home if allowed == "no" else site), (allowed, office)
    said = {"yes": "在出事的地方就可以申请", "exploring": "正在逐步做到在出事的地方就能申请",
            "national": "当地文件没有写能不能在出事的地方申请", "no": "一般到户口所在地申请"}[allowed]
    assert said in text


# 城乡居民基础养老金 for 低保: the 十四五 exclusion has ended; both the guide and the engine say so.
@pytest.mark.parametrize("jid", ["zongyang", "yuncheng"])
def test_basic_pension_after_the_14th_five_year_plan(built_site, jid):
    h = household(jid, members=[member(70, labor="none")], income_monthly={**NO_INCOME, "basic_pension": 150})
    p = program(screener.evaluate(h), "dibao")
    if TODAY >= "2026-01-01":
        assert any("已计入收入" in r["text"] and "十四五" in r["text"] for r in p["reasons"])
        assert "现在还算不算，请问乡镇" in guide_text(built_site, jid, "dibao")
