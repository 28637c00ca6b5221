"""The screener as a resident uses it: a phone, the built site over HTTP, real Chromium.

One page per module (Pyodide starts once); each test begins with 清除我的回答, as someone
would on a shared phone. Expected households spell out what the answers mean in the
contract's JSON; expected results come from the same engine on CPython with the same data
(the bundle inside the site's wheel), so the figures shown are checked, not retyped.
"""

from __future__ import annotations

import json
import re
import zipfile

import pytest

from screener.status import STATUS_WORDS
from tests.conftest import PHONE, PageWatch, screenshot

READY = "window.screener && window.screener.status && window.screener.status().phase === 'ready'"


# ------------------------------------------------------------------------------------------------
# Helpers shared by the screener's browser tests

def site_bundle(site) -> dict:
    """The engine data the built site ships (inside its wheel)."""
    wheels = sorted(site.glob("screener/engine/*/screener-*.whl"))
    assert len(wheels) == 1, f"expected one engine wheel in the site, found {wheels}"
    with zipfile.ZipFile(wheels[0]) as z:
        return json.loads(z.read("screener/data/bundle.json"))


@pytest.fixture(scope="module")
def engine(built_site):
    """CPython's engine answering from the site's own data."""
    import screener
    from screener import data

    screener.use_bundle(site_bundle(built_site))
    yield screener
    data.reset()


def townships(bundle: dict, jid: str) -> list[dict]:
    return [o for o in bundle["jurisdictions"][jid]["offices"] if o["level"] == "township"]


def phone_context(browser, **kw):
    return browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                               locale="zh-CN", **{"service_workers": "block", **kw})


def money_text(x: float) -> str:
    """How the page writes an amount (zh-CN grouping, at most two decimals)."""
    s = f"{x:,.2f}".rstrip("0").rstrip(".")
    return s


class Resident:
    """Answers the screener's questions by their words, as a person would."""

    def __init__(self, page, site_url: str, keyboard: bool = False):
        self.page = page
        self.site_url = site_url
        # Inside an embed the frame grows and shrinks under the pointer as screens change, and a
        # tap computed a moment earlier can land beside the button; there the resident answers
        # with the keyboard (Space on a choice, Enter on a button), which any form must allow.
        self.keyboard = keyboard

    def _tick(self, box):
        if not self.keyboard:
            box.check()
        elif not box.is_checked():
            box.press("Space")

    def _press(self, button):
        button.press("Enter") if self.keyboard else button.click()

    @property
    def current(self):
        return self.page.locator("[data-question]")

    def on(self) -> str:
        assert self.current.count() == 1, "exactly one screen carries data-question"
        return self.current.get_attribute("data-question")

    def field(self, fid: str, member: int | None = None):
        name = fid if member is None else f"{fid}--{member}"
        return self.current.locator(f"[data-name='{name}']")

    def choose(self, fid: str, label: str, member: int | None = None):
        self._tick(self.field(fid, member).get_by_label(label, exact=True))

    def pick(self, fid: str, label: str, member: int | None = None):
        self.field(fid, member).locator("select:not([disabled])").select_option(label=label)

    def type(self, fid: str, text: str, member: int | None = None, per: str | None = None):
        box = self.field(fid, member)
        box.locator("input").fill(text)
        if per:
            box.locator("select").select_option(label=per)

    def not_asked(self, fid: str, member: int | None = None):
        """The question is not on the screen (e.g. a first job where no rule of the place reads it)."""
        assert not self.field(fid, member).is_visible(), (self.on(), fid, member)

    def tick(self, fid: str, label: str):
        self._tick(self.field(fid).get_by_label(label, exact=True))

    def add_member(self, age: str):
        self._press(self.current.get_by_role("button", name=re.compile("添加一位家庭成员")))
        self.current.locator("[data-mb-member] input").last.fill(age)

    def next(self):
        self._press(self.current.locator("[data-mb-next]"))

    def back(self):
        self._press(self.current.locator("[data-mb-back]"))

    def start_over(self):
        self.page.locator("[data-mb-clear]").click()
        self.page.locator("[data-mb-clear-dialog]").get_by_role("button", name="清除", exact=True).click()
        # The dialog's close event (which clears) comes a moment later: wait for its "已清除" line,
        # or what is typed next could be cleared with the rest on a busy machine.
        self.page.locator("[data-mb-cleared]").wait_for(state="visible")
        self.page.locator("[data-question='members']").wait_for()
        assert self.on() == "members"

    def answer(self, plan: dict):
        """Answer screen after screen until the review; every screen shown must be in the plan."""
        seen = []
        while self.on() != "review":
            screen = self.on()
            assert screen in plan, f"unexpected screen {screen!r} after {seen}"
            assert screen not in seen, f"screen {screen!r} came twice: {seen}"
            seen.append(screen)
            plan[screen](self)
            self.next()
            if self.on() == screen:
                errors = self.page.locator("[data-mb-summary]:visible, [data-mb-error]:visible").all_inner_texts()
                raise AssertionError(f"下一步 did not leave {screen!r}; messages shown: {errors}")
        return seen

    def see_result(self):
        assert self.on() == "review"
        self.next()
        self.page.locator("[data-mb-result-body]").wait_for(state="visible", timeout=60_000)
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the result is {width}px wide: the phone has to zoom out"
        return self.page.locator("[data-mb-result]")

    def household(self) -> dict:
        return self.page.evaluate("window.screener.household()")

    def card(self, pid: str):
        return self.page.locator(f"[data-mb-result] [data-program='{pid}']")


@pytest.fixture(scope="module")
def resident(browser, site_url):
    context = phone_context(browser)
    page = context.new_page()
    watch = PageWatch(page, [site_url])
    page.goto(f"{site_url}/screener/?j=zongyang")
    page.wait_for_function(READY, timeout=90_000)
    yield Resident(page, site_url), watch
    context.close()


# ------------------------------------------------------------------------------------------------
# Answers that several households share

def nobody_disabled(r, n):
    for i in range(n):
        r.choose("has_disability", "没有", i)


def all_healthy(r, n):
    for i in range(n):
        r.choose("serious_illness", "没有", i)
        r.choose("self_care", "都能自己来（全自理）", i)


def no_other_income(r):
    for f in ("farming", "business", "property", "basic_pension", "other"):
        r.type(f, "0")


def elder_living_alone(hukou, income=no_other_income) -> dict:
    """The plan for a 72-year-old on her own, unable to work, with no one to support her."""
    return {
        "members": lambda r: None,
        "where": lambda r: (r.choose("area", "农村"), hukou(r), r.choose("lives", "就住在户口所在地")),
        "body": lambda r: (r.choose("labor", "完全不能干活（丧失劳动能力）", 0), nobody_disabled(r, 1), all_healthy(r, 1)),
        "wages": lambda r: r.type("wages_monthly", "0", 0),
        "income": income,
        "support": lambda r: r.choose("supporters", "没有"),
        "year": lambda r: (r.type("last_year_income", "1800"), (r.type("medical", "0"), r.type("education", "0"))),
        "assets": lambda r: (r.choose("assets_over_limit", "没有超过"), r.tick("receiving", "都没有")),
        "emergency": lambda r: r.choose("emergency_kind", "没有"),
    }


ZERO_INCOME = {"farming": 0, "business": 0, "property": 0, "basic_pension": 0, "other": 0, "support_received": 0}


def shown_result(r, engine, household):
    """What CPython's engine says for this household on the day the page used."""
    date = re.search(r"\d{4}-\d{2}-\d{2}", r.page.locator("[data-mb-place]").inner_text()).group(0)
    result = engine.evaluate(household, date=date)
    r.recommendation = result["recommendation"]
    return {p["id"]: p for p in result["programs"]}


def check_cards_match(r, expected: dict):
    """Every programme is on the page with the engine's status and amount (none for a programme the
    recommendation puts aside: never two amounts that cannot both be had)."""
    instead_of = r.recommendation["instead_of"]
    for pid, p in expected.items():
        card = r.card(pid)
        assert card.count() == 1, f"no card for {pid}"
        status = STATUS_WORDS[p["status"]]
        # text_content: cards of programmes that don't fit sit in a closed <details>.
        assert card.locator(".mbs-status").text_content().strip() == status, pid
        text = card.text_content()
        if pid in instead_of:
            assert "估算每月约" not in text and "不能同时领" in text, (pid, text)
        elif p["monthly_amount"] is not None and p["status"] != "unlikely":
            assert f"估算每月约 {money_text(p['monthly_amount'])} 元" in text, (pid, text)
        for reason in p["reasons"]:
            assert reason["text"] in text, (pid, reason["text"])


# ------------------------------------------------------------------------------------------------
# Five households, clicked through

def test_single_elder_gets_tekun_with_office_and_reasons(resident, engine, built_site):
    r, watch = resident
    r.start_over()
    town = townships(site_bundle(built_site), "zongyang")[1]
    r.type("age", "72", 0)
    seen = r.answer(elder_living_alone(
        hukou=lambda r: r.pick("hukou_township", town["name"]),
        income=lambda r: (no_other_income(r), r.type("basic_pension", "150", per="每月"))))
    assert "school" not in seen and "jurisdiction" not in seen      # 72 is not a student; the place came with ?j=
    household = {
        "jurisdiction": "zongyang", "area": "rural", "hukou_township": town["id"],
        "members": [{"age": 72, "labor": "none", "serious_illness": False, "self_care": "full", "wages_monthly": 0,
                     "newly_employed": False}],
        "income_monthly": {**ZERO_INCOME, "basic_pension": 150}, "supporters": "none", "last_year_income": 1800,
        "expenses_year": {"medical": 0, "education": 0}, "assets_over_limit": False, "receiving": [], "emergency": None,
    }
    assert r.household() == household
    result = r.see_result()
    expected = shown_result(r, engine, household)
    assert expected["tekun"]["status"] == "likely"
    check_cards_match(r, expected)
    # The answer first: 特困 (not 低保 beside it), the office and a number to call, what to bring.
    answer = result.locator("[data-mb-answer]")
    assert answer.locator("[data-mb-lead]").inner_text() == "先去申请：特困人员救助供养"
    assert f"估算每月约 {money_text(expected['tekun']['monthly_amount'])} 元" in answer.inner_text()
    assert answer.locator("[data-mb-lead-office]").inner_text() == town["name"]
    call = answer.locator("a[href^='tel:']").first
    assert call.is_visible() and re.fullmatch(r"tel:[\d+]+", call.get_attribute("href"))
    assert answer.locator("[data-mb-lead-bring] li").count() == len(expected["tekun"]["documents"])
    assert "不能和最低生活保障同时领" in answer.inner_text()
    tekun = r.card("tekun")
    assert tekun.locator("[data-slot='office-name']").text_content() == town["name"]
    cites = tekun.locator("a.mbs-cite")
    assert cites.count() == len(expected["tekun"]["reasons"])
    assert all(a.startswith(r.site_url + "/sources/") for a in cites.evaluate_all("els => els.map(e => e.href)"))
    tekun.locator("summary").click()
    assert tekun.get_by_text("要带的材料").is_visible()
    assert tekun.get_by_text("要多久").is_visible()
    assert "第 " not in r.page.locator("[data-mb-step]").inner_text() or not r.page.locator("[data-mb-step]").is_visible()
    screenshot(r.page, "screener-elder-result")
    # The next case would start from here; the console and the network stayed clean.
    watch.assert_clean()
    assert result.is_visible()


def test_farm_family_gets_dibao_with_an_amount(resident, engine, built_site):
    r, watch = resident
    r.start_over()
    town = townships(site_bundle(built_site), "zongyang")[2]
    r.type("age", "45", 0)
    r.add_member("43")
    r.add_member("15")
    seen = r.answer({
        "members": lambda r: None,
        "where": lambda r: (r.choose("area", "农村"), r.pick("hukou_township", town["name"]), r.choose("lives", "就住在户口所在地")),
        "body": lambda r: ((r.choose("labor", "能正常干活", 0), r.choose("labor", "能正常干活", 1)), nobody_disabled(r, 3), all_healthy(r, 3)),
        "school": lambda r: r.choose("student", "在读高中", 2),
        "wages": lambda r: (r.type("wages_monthly", "0", 0), r.type("wages_monthly", "0", 1)),
        "income": lambda r: (no_other_income(r), r.type("farming", "6000", per="每年")),
        "support": lambda r: r.choose("supporters", "没有"),
        "year": lambda r: (r.type("last_year_income", "6000"), (r.type("medical", "0"), r.type("education", "0"))),
        "assets": lambda r: (r.choose("assets_over_limit", "没有超过"), r.tick("receiving", "都没有")),
        "emergency": lambda r: r.choose("emergency_kind", "没有"),
    })
    assert "school" in seen
    # The labour card is only for members aged 16 and over; the school card only for the 15-year-old.
    adult = {"labor": "full", "serious_illness": False, "self_care": "full", "wages_monthly": 0, "newly_employed": False}
    household = {
        "jurisdiction": "zongyang", "area": "rural", "hukou_township": town["id"],
        "members": [{"age": 45, **adult}, {"age": 43, **adult},
                    {"age": 15, "serious_illness": False, "self_care": "full", "student": "high_school"}],
        "income_monthly": {**ZERO_INCOME, "farming": 500}, "supporters": "none", "last_year_income": 6000,
        "expenses_year": {"medical": 0, "education": 0}, "assets_over_limit": False, "receiving": [], "emergency": None,
    }
    assert r.household() == household
    r.see_result()
    expected = shown_result(r, engine, household)
    assert expected["dibao"]["status"] in ("likely", "possible") and expected["dibao"]["monthly_amount"] > 0
    check_cards_match(r, expected)
    assert "估算每月约" in r.card("dibao").text_content()
    assert r.card("dibao").locator("a[data-slot='guide']").count() in (0, 1)
    screenshot(r.page, "screener-farm-family-result")
    watch.assert_clean()


def test_emergency_elsewhere_sends_linshi_to_that_township(resident, engine, built_site):
    r, watch = resident
    r.start_over()
    towns = townships(site_bundle(built_site), "zongyang")
    home, there = towns[1], towns[3]
    r.type("age", "38", 0)
    r.answer({
        "members": lambda r: None,
        "where": lambda r: (r.choose("area", "城市（城镇、街道社区）"), r.pick("hukou_township", home["name"]), r.choose("lives", "就住在户口所在地")),
        "body": lambda r: (r.choose("labor", "能正常干活", 0), nobody_disabled(r, 1), all_healthy(r, 1)),
        "wages": lambda r: (r.type("wages_monthly", "2500", 0), r.not_asked("newly_employed", 0)),
        "income": no_other_income,
        "support": lambda r: r.choose("supporters", "没有"),
        "year": lambda r: (None, (r.type("medical", "0"), r.type("education", "0"))),
        "assets": lambda r: (r.choose("assets_over_limit", "没有超过"), r.tick("receiving", "都没有")),
        "emergency": lambda r: (r.choose("emergency_kind", "火灾"), r.pick("emergency_township", there["name"])),
    })
    household = r.household()
    assert household["emergency"] == {"kind": "fire", "township": there["id"]}
    assert "last_year_income" not in household
    r.see_result()
    expected = shown_result(r, engine, household)
    # 2,500 元 wages are above the 低保标准: whether the fire left basic living in difficulty is for the township.
    assert expected["linshi"]["status"] == "possible"
    check_cards_match(r, expected)
    linshi = r.card("linshi")
    assert linshi.locator("[data-slot='office-name']").text_content() == there["name"]
    assert there["name"] in linshi.locator("[data-slot='office-why']").text_content()
    assert r.card("dibao").locator("[data-slot='office-name']").count() == 0   # 暂不符合: no office card
    watch.assert_clean()


def test_disabled_member_is_included_as_single_person_household(resident, engine, built_site):
    r, watch = resident
    r.start_over()
    town = townships(site_bundle(built_site), "zongyang")[1]
    r.type("age", "50", 0)
    r.add_member("48")
    r.add_member("22")
    r.answer({
        "members": lambda r: None,
        "where": lambda r: (r.choose("area", "农村"), r.pick("hukou_township", town["name"]), r.choose("lives", "就住在户口所在地")),
        "body": lambda r: ((r.choose("labor", "能正常干活", 0), r.choose("labor", "只能干些轻活（部分丧失劳动能力）", 1), r.choose("labor", "完全不能干活（丧失劳动能力）", 2)), (r.choose("has_disability", "没有", 0), r.choose("has_disability", "没有", 1), r.choose("has_disability", "有", 2), r.pick("disability_category", "肢体残疾", 2), r.choose("disability_grade", "一级", 2)), (all_healthy(r, 2), r.choose("serious_illness", "没有", 2), r.choose("self_care", "基本都要别人照顾（全护理）", 2))),
        "school": lambda r: r.choose("student", "不在上学", 2),
        "wages": lambda r: (r.type("wages_monthly", "2000", 0), r.not_asked("newly_employed", 0),
                            r.type("wages_monthly", "0", 1), r.type("wages_monthly", "0", 2)),
        "income": lambda r: (no_other_income(r), r.type("farming", "900", per="每月")),
        "support": lambda r: r.choose("supporters", "没有"),
        "year": lambda r: (r.type("last_year_income", "32000"), (r.type("medical", "0"), r.type("education", "0"))),
        "assets": lambda r: (r.choose("assets_over_limit", "没有超过"), r.tick("receiving", "都没有")),
        "emergency": lambda r: r.choose("emergency_kind", "没有"),
    })
    household = r.household()
    assert household["members"][2]["disability"] == {"category": "physical", "grade": 1}
    assert household["members"][2]["student"] is None and "disability" not in household["members"][0]
    r.see_result()
    expected = shown_result(r, engine, household)
    assert expected["dibao"]["status"] in ("likely", "possible")
    assert expected["dibao"]["details"].get("inclusion") == "single_person"
    check_cards_match(r, expected)
    assert "单人户" in r.card("dibao").text_content()
    watch.assert_clean()


def test_income_too_high_shows_nothing_fits_and_why(resident, engine):
    r, watch = resident
    r.start_over()
    r.type("age", "40", 0)
    r.answer({
        "members": lambda r: None,
        "where": lambda r: (r.choose("area", "城市（城镇、街道社区）"), r.pick("hukou_township", "不清楚"), r.choose("lives", "不清楚")),
        "body": lambda r: (r.choose("labor", "能正常干活", 0), nobody_disabled(r, 1), all_healthy(r, 1)),
        "wages": lambda r: (r.type("wages_monthly", "9000", 0), r.not_asked("newly_employed", 0)),
        "income": no_other_income,
        "support": lambda r: r.choose("supporters", "没有"),
        "year": lambda r: (r.type("last_year_income", "108000"), (r.type("medical", "0"), r.type("education", "0"))),
        "assets": lambda r: (r.choose("assets_over_limit", "超过了"), r.tick("receiving", "都没有")),
        "emergency": lambda r: r.choose("emergency_kind", "没有"),
    })
    household = r.household()
    assert household["hukou_township"] is None
    result = r.see_result()
    expected = shown_result(r, engine, household)
    assert all(p["status"] == "unlikely" for p in expected.values()), \
        {k: p["status"] for k, p in expected.items() if p["status"] != "unlikely"}
    assert result.locator("[data-mb-none-fit]").is_visible()
    assert result.locator("[data-mb-fit] [data-program]").count() == 0
    unfit = result.locator("[data-mb-unfit-box]")
    assert unfit.get_attribute("open") is not None
    check_cards_match(r, expected)
    assert "不低于低保标准" in r.card("dibao").text_content()
    screenshot(r.page, "screener-nothing-fits")
    watch.assert_clean()


# ------------------------------------------------------------------------------------------------
# Moving around, checking, keeping and clearing answers

def test_back_and_change_an_answer_from_the_review(resident):
    r, _ = resident
    r.start_over()
    assert r.page.locator("[data-mb-step]").inner_text().startswith("第 1 步，共 ")
    r.type("age", "30", 0)
    r.next()
    assert r.on() == "where"
    assert r.page.locator("[data-mb-step]").inner_text().startswith("第 2 步")
    r.choose("area", "农村")
    r.next()
    r.back()
    assert r.on() == "where" and r.field("area").get_by_label("农村", exact=True).is_checked()
    r.back()
    assert r.on() == "members" and r.field("age", 0).locator("input").input_value() == "30"
    # Skip ahead to the review with everything else unanswered (all are optional).
    while r.on() != "review":
        r.next()
    review = r.current
    assert "农村" in review.inner_text()
    review.get_by_role("link", name="修改：住在哪里").click()
    assert r.on() == "where"
    assert r.current.locator("[data-mb-next]").inner_text() == "保存，回到检查页"
    r.choose("area", "城市（城镇、街道社区）")
    r.next()
    assert r.on() == "review" and "城市（城镇、街道社区）" in r.current.inner_text()
    assert r.household()["area"] == "urban"


def test_invalid_answers_get_plain_messages_and_nothing_is_lost(resident):
    r, watch = resident
    r.start_over()
    r.next()
    age = r.field("age", 0)
    assert r.on() == "members" and age.locator("[data-mb-error]").inner_text() == "请填写年龄（周岁），比如 45。"
    r.type("age", "200", 0)
    assert "应在 0 到 130 之间" in age.locator("[data-mb-error]").inner_text()      # checked again as she types
    r.next()
    assert r.on() == "members"
    assert r.current.locator("[data-mb-summary]").inner_text() == "有 1 处需要改一下，请看标红的地方。"
    assert age.locator("input").input_value() == "200"                                  # her answer is still there
    assert age.locator("input").get_attribute("aria-invalid") == "true"
    r.type("age", "四十", 0)
    assert "请只填数字" in age.locator("[data-mb-error]").inner_text()
    r.type("age", "４５", 0)                                                             # full-width digits are fine
    assert not age.locator("[data-mb-error]").is_visible()
    r.add_member("")
    r.next()
    assert r.on() == "members" and r.field("age", 1).locator("[data-mb-error]").is_visible()
    r.current.locator("[data-mb-member='1']").get_by_role("button", name="删除这位家庭成员").click()
    assert r.current.locator("[data-mb-member]").count() == 1
    r.next()
    assert r.on() == "where"
    while r.on() != "income":
        r.next()
    r.type("farming", "-500")
    r.type("business", "12abc")
    r.next()
    assert r.on() == "income"
    assert r.field("farming").locator("[data-mb-error]").inner_text() == "金额不能是负数；没有就填 0。"
    assert "请只填数字" in r.field("business").locator("[data-mb-error]").inner_text()
    assert r.field("farming").locator("input").input_value() == "-500"
    r.type("farming", "1,200", per="每年")
    r.type("business", "300元")
    r.next()
    assert r.on() == "support"
    h = r.household()
    assert h["members"] == [{"age": 45}] and h["income_monthly"] == {"farming": 100, "business": 300}
    watch.assert_clean()


def test_answers_survive_a_reload_and_clearing_wipes_them(resident):
    r, _ = resident
    r.start_over()
    r.type("age", "66", 0)
    r.add_member("64")
    r.next()
    r.choose("area", "农村")
    r.next()
    assert r.on() == "body"
    r.page.reload()
    r.page.wait_for_function(READY, timeout=90_000)
    assert r.on() == "body"
    r.back()
    assert r.field("area").get_by_label("农村", exact=True).is_checked()
    r.back()
    assert [i.input_value() for i in r.current.locator("[data-mb-member] input").all()] == ["66", "64"]
    saved = r.page.evaluate("sessionStorage.getItem('mingbai.screener.v1')")
    assert saved and "66" in saved
    r.page.locator("[data-mb-clear]").click()
    r.page.locator("[data-mb-clear-dialog]").get_by_role("button", name="不清除").click()
    assert r.current.locator("[data-mb-member] input").all()[0].input_value() == "66"      # asked first: kept
    r.page.locator("[data-mb-clear]").click()
    r.page.locator("[data-mb-clear-dialog]").get_by_role("button", name="清除", exact=True).click()
    r.page.locator("[data-mb-cleared]").wait_for()
    assert r.on() == "members"
    assert r.current.locator("[data-mb-member] input").all()[0].input_value() == ""
    assert r.current.locator("[data-mb-member]").count() == 1
    assert "66" not in (r.page.evaluate("sessionStorage.getItem('mingbai.screener.v1')") or "")
    r.page.reload()
    r.page.wait_for_function(READY, timeout=90_000)
    assert r.on() == "members" and r.field("age", 0).locator("input").input_value() == ""


def test_restart_goes_back_to_the_first_question_keeping_answers(resident):
    r, _ = resident
    r.start_over()
    r.type("age", "52", 0)
    r.next()
    r.next()
    r.page.locator("[data-mb-restart]").click()
    assert r.on() == "members" and r.field("age", 0).locator("input").input_value() == "52"


def test_print_gives_the_result_without_the_questions(resident):
    r, _ = resident
    r.start_over()
    r.type("age", "70", 0)
    while r.on() != "review":
        r.next()
    r.see_result()
    r.page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    r.page.get_by_role("button", name="打印这份结果").click()
    assert r.page.evaluate("window.__printed") == 1
    r.page.emulate_media(media="print")
    try:
        assert r.page.locator("[data-mb-result]").is_visible()
        assert not r.page.locator("[data-mb-form]").is_visible()
        assert not r.page.locator("[data-mb-clear]").is_visible()
        assert not r.page.locator(".md-header").is_visible()
        assert r.page.locator("[data-mb-printed]").is_visible()
    finally:
        r.page.emulate_media(media="screen")


def test_the_first_question_is_plain_html_before_any_script(browser, site_url):
    context = phone_context(browser, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/screener/?j=zongyang")
        question = page.locator("[data-question]")
        assert question.count() == 1 and question.get_attribute("data-question") == "members"
        assert question.is_visible() and page.get_by_label("年龄（周岁）").is_visible()
        assert page.locator("[data-screen]:visible").count() == 1
        assert "12345" in page.locator("noscript").inner_text() or page.locator("noscript").count() == 1
    finally:
        context.close()
