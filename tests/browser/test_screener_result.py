"""The result a resident can act on, on a 360×740 phone, in 长辈模式 and in the standard mode.

Five households, clicked through as their people would (a lone 72-year-old in 枞阳 whose children
don't pay; a 运城 urban family with a disabled mother; a 天津 低保 household whose son found his first
job; a 鹤城 family after a fire; someone who skips nearly everything). For each: the one answer
(what to ask for, roughly how much or why no amount, the office and a number to call) is on the
first screen; no two programmes that exclude each other both show an amount; the deductions that
changed the number are in the why; and the screens and taps it took are written to
test-output/screener-taps.json (recorded in bench/RESULTS.md).

Then: the phone's back button goes to the previous question, and a prepared case
(`#answers=`) lands on the command line's result for every golden household.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata

import pytest

from screener.status import STATUS_WORDS
from tests.browser.test_screener import READY, Resident, engine, money_text, site_bundle  # noqa: F401
from tests.conftest import PageWatch, screenshot
from tests.golden import golden

SMALL_PHONE = {"width": 360, "height": 740}


class CountingResident(Resident):
    """A resident whose taps are counted: a choice, a button, a field to type in; a drop-down is two."""

    def __init__(self, page, site_url):
        super().__init__(page, site_url)
        self.taps = 0

    def _tick(self, box):
        self.taps += 1
        super()._tick(box)

    def _press(self, button):
        self.taps += 1
        super()._press(button)

    def pick(self, fid, label, member=None):
        self.taps += 2
        super().pick(fid, label, member)

    def type(self, fid, text, member=None, per=None):
        self.taps += 1 + (per is not None) * 2
        super().type(fid, text, member, per)


def encode(household: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(household, ensure_ascii=False).encode()).decode().rstrip("=")


def open_phone(browser, site_url, jid: str, elder: bool):
    context = browser.new_context(viewport=SMALL_PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="zh-CN", service_workers="block")
    if elder:
        # What the 长辈模式 switch leaves on the phone: 长辈模式 from the first paint.
        context.add_init_script("localStorage.setItem('mingbai.elder', '1')")
    page = context.new_page()
    watch = PageWatch(page, [site_url])
    page.goto(f"{site_url}/screener/?j={jid}")
    page.wait_for_function(READY, timeout=90_000)
    if elder:
        assert page.evaluate("document.documentElement.getAttribute('data-mb-mode')") == "elder"
    return context, page, watch


def first_viewport(page) -> dict:
    """Which parts of the answer are wholly inside the first 360×740 screen."""
    return page.evaluate("""() => {
      const h = window.innerHeight;
      const inside = sel => {
        const el = document.querySelector(sel);
        if (!el || el.closest('[hidden]')) return null;
        const r = el.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= h;
      };
      const phone = document.querySelector('[data-mb-lead-phone-box]:not([hidden])')
        ? '[data-mb-lead-phone]' : '[data-mb-lead-no-phone] a';
      return {lead: inside('[data-mb-lead]'), amount: inside('[data-mb-lead-amount]:not([hidden])')
              ?? inside('[data-mb-lead-note]'), office: inside('[data-mb-lead-office]'), phone: inside(phone)};
    }""")


def check_answer(page, result: dict, who: str):
    rec = result["recommendation"]
    programs = {p["id"]: p for p in result["programs"]}
    box = page.locator("[data-mb-answer]")
    lead = box.locator("[data-mb-lead]").inner_text()
    if rec["apply_first"]:
        assert lead == f"先去申请：{programs[rec['apply_first']]['name']}", (who, lead)
    elif rec["about"]:
        assert lead == f"您家已经在领{programs[rec['about']]['name']}", (who, lead)
    text = box.inner_text()
    if rec["amount_basis"] == "answers":
        assert f"估算每月约 {money_text(rec['amount'])} 元" in text, (who, text)
    elif rec["amount_basis"] == "unknown_as_zero":
        assert "如果" in text and money_text(rec["amount"]) in text and "估算每月约" not in text, (who, text)
    else:
        assert "估算每月约" not in text, (who, text)
    # Never two amounts that cannot both be had.
    for pid in rec["instead_of"]:
        card = page.locator(f"[data-mb-result] [data-program='{pid}']")
        assert "估算每月约" not in card.text_content() and "不能同时领" in card.text_content(), (who, pid)
        assert "不能和" in text, (who, text)
    seen = first_viewport(page)
    assert all(v is True for v in seen.values()), (who, seen)
    # What changed the number is in the why, with its clause.
    for d in result["income"]["deductions"]:
        item = page.locator("[data-mb-deductions] li", has_text=d["label"])
        assert item.count() == 1 and item.locator("a.mbs-cite").count() == 1, (who, d["label"])


def zero_income(r):
    for f in ("farming", "business", "property", "basic_pension", "other"):
        r.type(f, "0")


HOUSEHOLDS = {
    "zongyang-lone-elder": ("zongyang", True, ["72"], {
        "members": lambda r: None,
        "where": lambda r: (r.choose("area", "农村"), r.pick("hukou_township", "汤沟镇人民政府"),
                            r.choose("lives", "就住在户口所在地")),
        "body": lambda r: (r.choose("labor", "完全不能干活（丧失劳动能力）", 0), r.choose("has_disability", "没有", 0),
                           r.choose("serious_illness", "没有", 0), r.choose("self_care", "都能自己来（全自理）", 0)),
        "wages": lambda r: r.type("wages_monthly", "0", 0),
        "income": lambda r: (zero_income(r), r.type("farming", "1200", per="每年"), r.type("basic_pension", "150")),
        "support": lambda r: (r.choose("supporters", "有，但他们不管我、不给钱"), r.type("support_received", "0")),
        "year": lambda r: r.type("last_year_income", "3000"),
        "assets": lambda r: (r.choose("assets_over_limit", "没有超过"), r.tick("receiving", "都没有")),
        "emergency": lambda r: r.choose("emergency_kind", "没有"),
    }),
    "yuncheng-family-disabled-mother": ("yuncheng", True, ["40", "38", "12"], {
        "members": lambda r: None,
        "where": lambda r: (r.choose("area", "城市（城镇、街道社区）"), r.pick("hukou_township", "盐湖区"),
                            r.choose("lives", "就住在户口所在地")),
        "body": lambda r: (r.choose("labor", "能正常干活", 0), r.choose("labor", "只能干些轻活（部分丧失劳动能力）", 1),
                           r.choose("has_disability", "没有", 0), r.choose("has_disability", "有", 1),
                           r.pick("disability_category", "肢体残疾", 1), r.choose("disability_grade", "一级", 1),
                           r.choose("has_disability", "没有", 2)),
        "school": lambda r: r.choose("student", "在读小学", 2),
        "wages": lambda r: (r.type("wages_monthly", "2000", 0), r.not_asked("newly_employed", 0),
                            r.type("wages_monthly", "0", 1)),
        "income": zero_income,
        "support": lambda r: r.choose("supporters", "没有"),
        "year": lambda r: None,
        "assets": lambda r: (r.choose("assets_over_limit", "没有超过"), r.tick("receiving", "都没有")),
        "emergency": lambda r: r.choose("emergency_kind", "没有"),
    }),
    "tianjin-dibao-son-first-job": ("tianjin", False, ["50", "48", "20"], {
        "members": lambda r: None,
        "where": lambda r: (r.choose("area", "城市（城镇、街道社区）"), r.pick("hukou_township", "和平区"),
                            r.choose("lives", "就住在户口所在地")),
        "body": lambda r: (r.choose("labor", "只能干些轻活（部分丧失劳动能力）", 0), r.choose("labor", "能正常干活", 1),
                           r.choose("labor", "能正常干活", 2), r.choose("serious_illness", "有重病", 0)),
        "school": lambda r: r.choose("student", "不在上学", 2),
        "wages": lambda r: (r.type("wages_monthly", "0", 0), r.type("wages_monthly", "0", 1),
                            r.type("wages_monthly", "2500", 2), r.choose("newly_employed", "是", 2)),
        "income": zero_income,
        "support": lambda r: r.choose("supporters", "没有"),
        "year": lambda r: None,
        "assets": lambda r: (r.choose("assets_over_limit", "没有超过"), r.tick("receiving", "最低生活保障")),
        "emergency": lambda r: r.choose("emergency_kind", "没有"),
    }),
    "hecheng-family-after-fire": ("hecheng", False, ["45", "43", "16"], {
        "members": lambda r: None,
        "where": lambda r: (r.choose("area", "农村"), r.pick("hukou_township", "黄金坳镇人民政府"),
                            r.choose("lives", "就住在户口所在地")),
        "body": lambda r: (r.choose("labor", "能正常干活", 0), r.choose("labor", "能正常干活", 1)),
        "school": lambda r: r.choose("student", "在读高中", 2),
        "wages": lambda r: (r.type("wages_monthly", "3000", 0), r.not_asked("newly_employed", 0),
                            r.type("wages_monthly", "1500", 1), r.not_asked("newly_employed", 1)),
        "income": zero_income,
        "support": lambda r: r.choose("supporters", "有，他们照顾我、给钱"),
        "year": lambda r: None,
        "assets": lambda r: (r.choose("assets_over_limit", "没有超过"), r.tick("receiving", "都没有")),
        "emergency": lambda r: (r.choose("emergency_kind", "火灾"), r.pick("emergency_township", "黄金坳镇人民政府")),
    }),
    "zongyang-skips-nearly-everything": ("zongyang", False, ["55"], {
        name: (lambda r: None) for name in ("members", "where", "body", "wages", "income", "support", "year",
                                             "assets", "emergency")
    }),
}


def printed(page, output_dir, name: str) -> str:
    """The result as Chromium prints it on A4: one page, its text."""
    from pypdf import PdfReader

    page.emulate_media(media="print")
    path = output_dir / f"{name}.pdf"
    try:
        page.pdf(path=str(path), format="A4", prefer_css_page_size=True)
    finally:
        page.emulate_media(media="screen")
    pdf = PdfReader(str(path))
    assert len(pdf.pages) == 1, f"{name}: the printed result is {len(pdf.pages)} pages"
    return squash("".join(p.extract_text() for p in pdf.pages))


# Chromium's PDFs map some characters to Kangxi-radical or variant code points: NFKC brings most
# back, these few it does not.
_VARIANTS = str.maketrans({"⺠": "民", "⻩": "黄", "戶": "户", "⻓": "长", "⻅": "见", "⻔": "门"})


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_VARIANTS))


@pytest.fixture(scope="module")
def taps_record(output_dir):
    record = {}
    yield record
    (output_dir / "screener-taps.json").write_text(json.dumps(record, ensure_ascii=False, indent=1),
                                                   encoding="utf-8")


@pytest.mark.parametrize("who", list(HOUSEHOLDS))
def test_the_answer_comes_first_on_a_small_phone(browser, site_url, engine, who, taps_record, output_dir):  # noqa: F811
    jid, elder, ages, plan = HOUSEHOLDS[who]
    context, page, watch = open_phone(browser, site_url, jid, elder)
    try:
        r = CountingResident(page, site_url)
        r.type("age", ages[0], 0)
        for age in ages[1:]:
            r.add_member(age)
        seen = r.answer(plan)
        household = r.household()
        r.see_result()
        page.wait_for_timeout(200)
        date = re.search(r"\d{4}-\d{2}-\d{2}", page.locator("[data-mb-place]").inner_text()).group(0)
        result = engine.evaluate(household, date=date)
        check_answer(page, result, who)
        screenshot(page, f"result-{who}{'-elder' if elder else ''}")
        # On paper: one A4 page with the answer, the office, what was answered, the date and the address.
        paper = printed(page, output_dir, f"result-{who}")
        office = page.locator("[data-mb-lead-office]").inner_text()
        for words in (page.locator("[data-mb-lead]").inner_text(), office, "您的回答", "自测日期", "网址",
                      f"{site_url}/screener/?j={jid}"):
            assert squash(words) in paper, (who, words)
        # The other mode, as after tapping the 长辈模式 switch: the answer still opens the screen.
        page.locator(".md-header [data-mb-elder-toggle]").click()
        page.evaluate("""() => {
          document.querySelector('[data-mb-screener]').scrollIntoView({block: 'start'});
        }""", elder)
        page.wait_for_timeout(100)
        assert page.evaluate("document.documentElement.getAttribute('data-mb-mode')") == (None if elder else "elder")
        check_answer(page, result, who + (" (standard)" if elder else " (长辈模式)"))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= SMALL_PHONE["width"], (who, width)
        screens = {}
        for mode in ("default", "elder"):
            screens[mode] = page.evaluate("""mode => {
              if (mode === 'elder') document.documentElement.setAttribute('data-mb-mode', 'elder');
              else document.documentElement.removeAttribute('data-mb-mode');
              return document.documentElement.scrollHeight;
            }""", mode) / SMALL_PHONE["height"]
        taps_record[who] = {"screens": len(seen) + 1, "taps": r.taps + 1,
                            "result_screens_standard": round(screens["default"], 2),
                            "result_screens_elder": round(screens["elder"], 2)}
        # The whole result, header and footer included, within 6 phone screens in 长辈模式.
        assert screens["elder"] <= 6, (who, screens)
        if who == "zongyang-lone-elder":
            assert len(seen) + 1 <= 10, seen       # her questions and the review
        watch.assert_clean()
    finally:
        context.close()


def test_the_back_button_goes_to_the_previous_question(browser, site_url):
    context, page, _ = open_phone(browser, site_url, "zongyang", False)
    try:
        r = Resident(page, site_url)
        r.type("age", "70", 0)
        r.next()
        r.choose("area", "农村")
        r.next()
        assert r.on() == "body"
        page.go_back()
        page.locator("[data-question='where']").wait_for()
        assert r.field("area").get_by_label("农村", exact=True).is_checked()
        page.go_back()
        page.locator("[data-question='members']").wait_for()
        assert r.field("age", 0).locator("input").input_value() == "70"
        page.go_forward()
        page.locator("[data-question='where']").wait_for()
        assert page.url.endswith("/screener/?j=zongyang")        # no answer ever goes into the address
    finally:
        context.close()


def test_a_prepared_case_opens_at_its_result_and_can_be_changed(browser, site_url, engine):  # noqa: F811
    household = {"jurisdiction": "zongyang", "area": "rural", "members": [{"age": 72, "labor": "none"}],
                 "supporters": "none", "income_monthly": {"farming": 100, "basic_pension": 150},
                 "assets_over_limit": False, "receiving": []}
    context = browser.new_context(viewport=SMALL_PHONE, locale="zh-CN", service_workers="block")
    page = context.new_page()
    watch = PageWatch(page, [site_url])
    try:
        page.goto(f"{site_url}/screener/?j=zongyang#answers={encode(household)}")
        page.locator("[data-mb-result-body]").wait_for(state="visible", timeout=90_000)
        assert "#" not in page.url                         # taken off the address bar once read
        result = engine.evaluate(household, date=re.search(
            r"\d{4}-\d{2}-\d{2}", page.locator("[data-mb-place]").inner_text()).group(0))
        check_answer(page, result, "prepared")
        # 改这个回答: the questions carry the case's answers.
        page.locator("[data-mb-to-review]").click()
        assert page.locator("[data-question='review']").is_visible()
        assert "72 岁" in page.locator("[data-mb-review]").inner_text()
        assert page.evaluate("window.screener.household()")["members"][0]["labor"] == "none"
        # A link that cannot be read: the first question, and one line saying so.
        page.goto(f"{site_url}/screener/?j=zongyang#answers=not-a-household")
        page.wait_for_function(READY, timeout=90_000)
        assert page.locator("[data-question='members']").is_visible()
        assert page.locator("[data-mb-link-error]").inner_text() == "这个链接里的回答读不出来，请从第一个问题开始回答。"
        # The embed page takes the same link.
        page.goto(f"{site_url}/embed/?j=zongyang#answers={encode(household)}")
        page.locator("[data-mb-result-body]").wait_for(state="visible", timeout=90_000)
        check_answer_lead = page.locator("[data-mb-lead]").inner_text()
        assert check_answer_lead == "先去申请：特困人员救助供养"
        watch.assert_clean()
    finally:
        context.close()


def shown(page) -> dict:
    return page.evaluate("""() => {
      const out = {lead: document.querySelector('[data-mb-lead]').textContent, programs: {}};
      for (const card of document.querySelectorAll('[data-mb-result] [data-program]')) {
        const amount = card.querySelector('[data-slot=amount]');
        out.programs[card.dataset.program] = {status: card.querySelector('.mbs-status').textContent.trim(),
                                              amount: amount ? amount.textContent : null};
      }
      return out;
    }""")


STATUS = STATUS_WORDS


def test_every_golden_household_opens_at_the_command_lines_result(browser, site_url, engine):  # noqa: F811
    cases = golden.all_cases()
    by_place: dict[str, list] = {}
    for c in cases:
        by_place.setdefault(c.household.get("jurisdiction"), []).append(c)
    context = browser.new_context(viewport=SMALL_PHONE, locale="zh-CN", service_workers="block")
    page = context.new_page()
    checked = 0
    try:
        for jid, group in by_place.items():
            page.goto(f"{site_url}/screener/?j={jid}")
            page.wait_for_function(READY, timeout=90_000)
            for c in group:
                expected = engine.evaluate(c.household)
                page.evaluate("() => { document.querySelector('[data-mb-result-body]').hidden = true; }")
                page.evaluate("h => { location.hash = 'answers=' + h; }", encode(c.household))
                page.locator("[data-mb-result-body]").wait_for(state="visible", timeout=60_000)
                got = shown(page)
                rec = expected["recommendation"]
                for p in expected["programs"]:
                    card = got["programs"][p["id"]]
                    assert card["status"] == STATUS[p["status"]], (c.id, p["id"])
                    if p["id"] in rec["instead_of"]:
                        assert "估算" not in (card["amount"] or ""), (c.id, p["id"])
                    elif p["monthly_amount"] is not None and p["status"] != "unlikely":
                        assert money_text(p["monthly_amount"]) in card["amount"], (c.id, p["id"], card)
                assert expected["date"] in page.locator("[data-mb-place]").inner_text(), c.id
                checked += 1
    finally:
        context.close()
    assert checked == len(cases) > 50
