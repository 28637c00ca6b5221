"""The guide site in a real Chromium over HTTP: phone and desktop widths, 长辈模式, search in
Chinese, accessibility (axe-core), tap targets, read-aloud, the place picker, and nothing
fetched from another origin."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ROOT, PageWatch, screenshot

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# One page of each type; the jurisdiction and document are the first in the built site.
PAGE_TYPES = ["home", "guide", "guide-index", "source", "references", "offices", "glossary", "changes"]


@pytest.fixture(scope="module")
def urls(built_site) -> dict[str, str]:
    guides = sorted((built_site / "guides").glob("*/dibao/index.html"))
    assert guides, "no 低保 guide in the built site"
    jid = guides[0].parent.parent.name
    sources = sorted(p.parent.name for p in (built_site / "sources").glob("*/index.html")
                     if p.parent.name != "references")
    return {
        "home": "/", "guide": f"/guides/{jid}/dibao/", "guide-index": f"/guides/{jid}/",
        "source": f"/sources/{sources[0]}/", "references": "/sources/references/",
        "offices": f"/offices/{jid}/", "glossary": "/glossary/", "changes": "/changes/",
    }


def _context(browser, viewport, **kw):
    mobile = viewport["width"] < 800
    return browser.new_context(viewport=viewport, device_scale_factor=1, is_mobile=mobile, has_touch=mobile,
                               locale="zh-CN", service_workers="block", **kw)


@pytest.fixture
def open_page(browser, site_url):
    contexts = []

    def _open(path: str, viewport=PHONE, elder=False, init_script: str | None = None):
        context = _context(browser, viewport)
        contexts.append(context)
        page = context.new_page()
        if init_script:
            page.add_init_script(init_script)
        watch = PageWatch(page, [site_url])
        response = page.goto(site_url + path, wait_until="networkidle")
        assert response.status == 200, f"{path}: HTTP {response.status}"
        if elder:
            switch_elder(page)
        return page, watch

    yield _open
    for c in contexts:
        c.close()


def switch_elder(page):
    page.locator(".md-header [data-mb-elder-toggle]").click()
    page.wait_for_function("document.documentElement.getAttribute('data-mb-mode') === 'elder'")


def sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


# ---- layout ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", PAGE_TYPES)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360x740", "1280x800"])
def test_no_page_scrolls_sideways(open_page, urls, kind, viewport):
    page, watch = open_page(urls[kind], viewport)
    assert sideways_overflow(page) <= 0, f"{urls[kind]} scrolls sideways at {viewport['width']} px"
    watch.assert_clean()


@pytest.mark.parametrize("kind", ["home", "guide", "source", "offices"])
def test_no_page_scrolls_sideways_in_elder_mode_on_a_phone(open_page, urls, kind):
    page, _ = open_page(urls[kind], PHONE, elder=True)
    assert sideways_overflow(page) <= 0, f"{urls[kind]} scrolls sideways in 长辈模式"


TAP_TARGETS = """(minimum) => {
  const selectors = ['.md-header__button:not([hidden])', '.md-search__icon', '.mb-action', '.mb-place', '.mb-tel',
                     '.md-typeset .md-button', '.md-footer__link', '.mb-elder-switch label'];
  const small = [];
  for (const el of document.querySelectorAll(selectors.join(','))) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || el.closest('[hidden]')) continue;
    let shown = true;   // not on screen while a closed panel (the search box) has opacity 0
    for (let n = el; n; n = n.parentElement) if (getComputedStyle(n).opacity === '0') shown = false;
    if (!shown) continue;
    if (r.width < minimum - 0.5 || r.height < minimum - 0.5)
      small.push(`${el.className || el.tagName} "${(el.textContent || el.title || '').trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return small;
}"""


@pytest.mark.parametrize("kind", ["home", "guide", "offices"])
def test_tap_targets_are_at_least_44px(open_page, urls, kind):
    page, _ = open_page(urls[kind], PHONE)
    assert page.evaluate(TAP_TARGETS, 44) == []


@pytest.mark.parametrize("kind", ["home", "guide", "offices"])
def test_tap_targets_are_at_least_60px_in_elder_mode(open_page, urls, kind):
    page, _ = open_page(urls[kind], PHONE, elder=True)
    assert page.evaluate(TAP_TARGETS, 60) == []


# ---- 长辈模式 ------------------------------------------------------------------------------------------------------

def _contrast(page, selector) -> float:
    return page.evaluate("""(selector) => {
      const el = document.querySelector(selector);
      const parse = c => c.match(/[\\d.]+/g).map(Number);
      const lum = ([r, g, b]) => {
        const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      let bg = null;
      for (let n = el; n && !bg; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c.length < 4 || c[3] > 0) bg = c.slice(0, 3);
      }
      const fgc = parse(getComputedStyle(el).color);
      const alpha = fgc.length > 3 ? fgc[3] : 1;
      const fg = fgc.slice(0, 3).map((v, i) => v * alpha + (bg || [255, 255, 255])[i] * (1 - alpha));
      const [a, b] = [lum(fg), lum(bg || [255, 255, 255])].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
    }""", selector)


def test_elder_mode_meets_the_ageing_friendly_numbers_and_survives_a_reload(open_page, urls, output_dir):
    page, watch = open_page(urls["guide"], PHONE)
    normal = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize)")
    switch_elder(page)
    page.reload(wait_until="networkidle")
    assert page.evaluate("document.documentElement.getAttribute('data-mb-mode')") == "elder"
    size, line = page.evaluate("""() => {
      const s = getComputedStyle(document.querySelector('.md-typeset p'));
      return [parseFloat(s.fontSize), parseFloat(s.lineHeight)];
    }""")
    assert size >= 24 > normal, f"body text {size}px in 长辈模式 (18 pt = 24 px), {normal}px normally"
    assert line / size >= 1.3, f"line spacing {line / size:.2f}"
    assert _contrast(page, ".md-typeset p") >= 4.5
    assert _contrast(page, ".md-typeset p a") >= 4.5
    watch.assert_clean()


def test_screenshots_of_a_guide_in_both_modes(open_page, urls):
    page, _ = open_page(urls["guide"], PHONE)
    screenshot(page, "guide-phone")
    switch_elder(page)
    page.wait_for_timeout(200)
    path = screenshot(page, "guide-phone-elder")
    assert path.exists() and path.stat().st_size > 10_000


# ---- accessibility ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["home", "guide", "source", "offices"])
@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_axe_finds_no_serious_or_critical_problems(open_page, urls, kind, elder):
    page, _ = open_page(urls[kind], PHONE, elder=elder)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                     nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    assert bad == [], json.dumps(bad, ensure_ascii=False, indent=1)


# ---- search ----------------------------------------------------------------------------------------------------

SEARCHES = [  # query, the guide that must come first, and the section it must offer (None: the page)
    ("低保", "dibao", None),
    ("渐退", "dibao", None),
    ("残疾", "canji", None),
    ("临时救助", "linshi", None),
    ("材料", None, "documents"),
]


@pytest.mark.parametrize("query, program, section", SEARCHES, ids=[q for q, *_ in SEARCHES])
def test_chinese_search_finds_the_right_guide_first(open_page, urls, query, program, section):
    page, watch = open_page(urls["guide-index"], PHONE)
    page.locator("label[for='__search']").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")   # the theme searches on key-up, as after an input method finishes a word
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15_000)
    links = [a.get_attribute("href") for a in first.locator("a").all()]
    pattern = rf"/guides/[a-z-]+/{program or '[a-z]+'}/"
    assert re.search(pattern, links[0]), f"{query}: first result {links[0]}"
    if section:
        assert any(f"#{section}" in href for href in links), f"{query}: no #{section} in {links}"
    watch.assert_clean()


# ---- guides ----------------------------------------------------------------------------------------------------

def test_a_guide_has_the_nine_sections_in_order(open_page, urls):
    page, _ = open_page(urls["guide"], PHONE)
    ids = page.eval_on_selector_all("article h2[id]", "hs => hs.map(h => h.id)")
    assert ids == ["what", "who", "amount", "how", "documents", "timing", "where", "faq", "basis"]


def test_glossary_terms_in_a_guide_explain_themselves(open_page, urls):
    page, _ = open_page(urls["guide"], PHONE)
    titles = page.eval_on_selector_all("article abbr[title]", "as => as.map(a => [a.textContent, a.title])")
    terms = {t for t, _ in titles}
    assert "低保" in terms, titles[:10]
    assert all(title for _, title in titles)


def test_a_citation_link_lands_on_the_words_it_rests_on(open_page, urls, site_url):
    page, _ = open_page(urls["guide"], PHONE)
    link = page.locator("article a.mb-cite[href*='sources/'][href*='#c-']").first
    label = link.get_attribute("title")
    link.click()
    page.wait_for_load_state("networkidle")
    anchor = page.url.split("#", 1)[1]
    target = page.locator(f"[id='{anchor}']")
    assert target.count() == 1, f"{page.url}: no element with id {anchor}"
    assert target.inner_text().strip(), f"{label}: empty clause"
    backlinks = page.locator(f"[id='{anchor.split('-s')[0]}'] .mb-backlinks a")
    assert backlinks.count() >= 1, "the clause does not link back to the guides that use it"


@pytest.mark.parametrize("kind", ["guide", "offices"])
def test_read_aloud_says_so_when_the_phone_has_no_chinese_voice(open_page, urls, kind):
    page, _ = open_page(urls[kind], PHONE, init_script="""
      window.__spoken = [];
      window.SpeechSynthesisUtterance = function (text) { this.text = text; };
      Object.defineProperty(window, 'speechSynthesis', {value: {
        getVoices: () => [{lang: 'en-US', name: 'English'}], addEventListener() {},
        speak(u) { window.__spoken.push(u.text); }, cancel() {}}});
    """)
    button = page.locator("[data-mb-readaloud]")
    assert button.is_visible()
    button.click()
    note = page.locator("[data-mb-readaloud-note]")
    note.wait_for(state="visible")
    assert "没有中文朗读语音" in note.inner_text() and note.get_attribute("role") == "status"
    assert page.evaluate("window.__spoken") == []


@pytest.mark.parametrize("kind", ["guide", "offices"])
def test_read_aloud_reads_the_page_with_a_chinese_voice(open_page, urls, kind):
    page, _ = open_page(urls[kind], PHONE, init_script="""
      window.__spoken = [];
      window.SpeechSynthesisUtterance = function (text) { this.text = text; };
      Object.defineProperty(window, 'speechSynthesis', {value: {
        getVoices: () => [{lang: 'zh-CN', name: 'Chinese'}], addEventListener() {},
        speak(u) { window.__spoken.push(u.text); }, cancel() {}}});
    """)
    button = page.locator("[data-mb-readaloud]")
    assert button.is_visible()
    box = button.bounding_box()
    assert box["height"] >= 44
    button.click()
    spoken = "".join(page.evaluate("window.__spoken"))
    assert len(spoken) > 100 and ("低保" in spoken or "民政" in spoken), spoken[:200]
    # The words she needs: no 依据 links, 示例 marks, quoted clauses or 政策依据 section.
    for word in ("依据", "示例", "政策依据", "「"):
        assert word not in spoken, (word, spoken[:300])


# ---- home and offices --------------------------------------------------------------------------------------------

def test_the_place_picker_is_remembered_on_the_device(open_page, urls, built_site):
    page, watch = open_page("/", PHONE)
    places = page.locator("[data-jurisdiction]")
    if places.count() == 0:
        pytest.skip("single-jurisdiction build: no picker")
    choice = places.nth(places.count() - 1)
    jid = choice.get_attribute("data-jurisdiction")
    choice.click()
    page.reload(wait_until="networkidle")
    assert page.locator(f"[data-jurisdiction='{jid}']").get_attribute("aria-pressed") == "true"
    assert page.locator("#act-guides").get_attribute("href").rstrip("/").endswith(f"guides/{jid}")
    assert page.locator("#act-offices").get_attribute("href").rstrip("/").endswith(f"offices/{jid}")
    watch.assert_clean()


def test_home_buttons_lead_to_pages_that_exist(open_page, site_url):
    page, _ = open_page("/", PHONE)
    for href in page.eval_on_selector_all(".mb-action", "as => as.map(a => a.href)"):
        response = page.request.get(href)
        assert response.status == 200, href


def test_offices_can_be_called_with_one_tap_and_mark_example_data(open_page, urls):
    page, _ = open_page(urls["offices"], PHONE)
    tels = page.eval_on_selector_all("a[href^='tel:']", "as => as.map(a => a.getAttribute('href'))")
    assert tels and all(re.fullmatch(r"tel:\d{3,12}", t) for t in tels), tels
    offices = page.locator(".mb-office")
    assert offices.count() > 1
    for i in range(offices.count()):
        o = offices.nth(i)
        text = o.inner_text()
        assert "电话" in text and "地址" in text
        if "待核实" in text:
            assert o.locator(".mb-example").count() >= 1 or "12345" in text
