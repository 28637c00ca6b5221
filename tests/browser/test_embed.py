"""A township's own web page embeds the screener with the one-line snippet.

Two loopback origins: the township's page on http://127.0.0.2:<port>, Mingbai's site on
http://127.0.0.1:<port> (different sites, as in real life). Real Chromium, phone width.
"""

from __future__ import annotations

import json
import time

import pytest

from builder.serve import serve_in_thread
from tests.browser.test_screener import (READY, Resident, all_healthy, elder_living_alone, engine, site_bundle,  # noqa: F401
                                         townships)
from tests.conftest import OUTPUT, PageWatch

HOST_PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{town}人民政府</title><link rel="icon" href="data:,">
<style>body {{ margin: 0 auto; max-width: {width}px; font: 16px serif; color: #402; }}
iframe {{ outline: 1px dashed #999; }} p, h1 {{ color: rebeccapurple; }}</style></head>
<body><h1>{town}人民政府 · 便民服务</h1><p id="before">下面是社会救助自测：</p>
<a href="{site}/screener/?j=zongyang" data-mingbai-fallback id="fallback">社会救助自测：看看能领哪些救助</a>
<script src="{site}/embed.js" data-j="zongyang" data-township="{town_id}" data-theme="#aa3300" async></script>
<p id="after">（页脚）{town}人民政府</p>
<div style="height: 1200px"></div>
<script>
  window.events = [];
  document.addEventListener("mingbai:ready", function () {{ events.push("ready"); }});
  document.addEventListener("mingbai:result", function () {{ events.push("result"); }});
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def township(built_site):
    return townships(site_bundle(built_site), "zongyang")[0]


@pytest.fixture(scope="module")
def host_url(tmp_path_factory, site_url, township):
    root = tmp_path_factory.mktemp("township-site")
    for width in (390, 960):
        (root / f"w{width}.html").write_text(
            HOST_PAGE.format(site=site_url, town=township["name"], town_id=township["id"], width=width),
            encoding="utf-8")
    page = HOST_PAGE.format(site=site_url, town=township["name"], town_id=township["id"], width=390)
    for name, policy in (("strict", "default-src 'self'; style-src 'unsafe-inline'; script-src 'self' 'unsafe-inline'"),
                         ("noframes", f"default-src 'self'; style-src 'unsafe-inline'; "
                                      f"script-src 'self' 'unsafe-inline' {site_url}; frame-src 'self'")):
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        (root / f"{name}.html").write_text(page.replace("<head>", "<head>" + meta), encoding="utf-8")
    (root / "elder.html").write_text(page.replace('data-theme="#aa3300"', 'data-theme="#aa3300" data-elder="1"'),
                                     encoding="utf-8")
    server, url = serve_in_thread(root, host="127.0.0.2")
    yield url
    server.shutdown()


def embedded(browser, site_url, host_url, width=390):
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=width < 600, has_touch=True,
                                  locale="zh-CN")
    page = context.new_page()
    watch = PageWatch(page, [site_url, host_url])
    page.goto(f"{host_url}/w{width if width == 390 else 960}.html")
    frame_element = page.locator("iframe")
    frame_element.wait_for()
    frame = page.frame_locator("iframe")
    frame.locator("[data-question]").wait_for()
    inner = next(f for f in page.frames if "/embed/" in f.url)
    return context, page, watch, frame_element, inner


def wait_in_frame(frame, expression: str, timeout: float = 90.0) -> None:
    """Frame.wait_for_function compiles its predicate with eval, which the embed page's CSP
    forbids (as it should); poll from here instead."""
    deadline = time.monotonic() + timeout
    while not frame.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.2)


def screenshot(page, name: str) -> None:
    """Viewport only: Chromium leaves cross-origin frames blank in full-page captures."""
    path = OUTPUT / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))


def frame_height(frame_element) -> float:
    return frame_element.bounding_box()["height"]


WATCH_HOST = """() => {
    const f = document.querySelector('iframe');
    window.__heights = [Math.round(f.getBoundingClientRect().height)];
    window.__scrolls = [];
    new ResizeObserver(() => {
        const h = Math.round(f.getBoundingClientRect().height);
        if (h !== window.__heights[window.__heights.length - 1]) window.__heights.push(h);
    }).observe(f);
    window.addEventListener('scroll', () => window.__scrolls.push(window.scrollY));
    window.addEventListener('message', e => window.__seen = (window.__seen || []).concat([e.data]));
}"""


@pytest.mark.parametrize("width", [390, 960])
def test_snippet_shows_the_first_question_in_a_frame_sized_by_the_host_window(browser, site_url, host_url, width):
    context, page, watch, frame_element, inner = embedded(browser, site_url, host_url, width)
    try:
        assert inner.locator("[data-question]").get_attribute("data-question") == "members"
        assert inner.url.startswith(site_url + "/embed/?")
        page.wait_for_function("document.getElementById('fallback').hidden", timeout=10_000)
        before = frame_height(frame_element)
        assert 480 <= before <= 860 and before <= page.viewport_size["height"]
        r = Resident(inner, site_url, keyboard=True)
        r.type("age", "45", 0)
        r.add_member("43")
        r.add_member("12")
        page.wait_for_timeout(300)
        assert frame_height(frame_element) == before                # the content grew, the frame did not
        assert inner.evaluate("document.documentElement.scrollHeight > window.innerHeight")   # it scrolls inside
        # The office's theme colour reached the frame; the host's styles did not.
        assert inner.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--mb-accent').trim()") \
            == "#aa3300"
        assert inner.evaluate("getComputedStyle(document.querySelector('h1')).color") != "rgb(102, 51, 153)"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"embed-host-{width}")
        watch.assert_clean()
    finally:
        context.close()


def _complete(page, inner, site_url, disabled: bool):
    """Answer every screen; each 下一步 is pressed from inside the frame with the host scrolled to
    the top, and the host must still be at the top after the next screen is shown. (Playwright
    scrolls the host itself to reach a field, so answers are typed before the host is reset.)"""
    r = Resident(inner, site_url, keyboard=True)
    r.type("age", "72", 0)
    plan = elder_living_alone(hukou=lambda r: None)
    if disabled:
        plan["body"] = lambda r: (r.choose("labor", "完全不能干活（丧失劳动能力）", 0), r.choose("has_disability", "有", 0),
                                  r.pick("disability_category", "肢体残疾", 0), r.choose("disability_grade", "一级", 0),
                                  all_healthy(r, 1))
    plan["members"] = lambda r: None
    plan["review"] = lambda r: None
    while True:
        screen = r.on()
        plan[screen](r)
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(100)
        page.evaluate("window.__scrolls = []")
        inner.evaluate("document.querySelector('[data-question] [data-mb-next]').click()")
        if screen == "review":
            inner.locator("[data-mb-result-body]").wait_for(state="visible", timeout=60_000)
        else:
            wait_in_frame(inner, f"document.querySelector('[data-question]').dataset.question !== '{screen}'", 10)
        page.wait_for_timeout(150)
        assert page.evaluate("window.__scrolls") == [], f"showing the screen after {screen!r} scrolled the host"
        if screen == "review":
            break
    page.wait_for_function("window.events.includes('result')", timeout=30_000)
    return r


def test_the_host_learns_nothing_from_the_frame_size_and_is_never_scrolled(browser, site_url, host_url):
    """Two households that differ in one answer (有/没有残疾人证): the host sees the same heights."""
    seen = {}
    for disabled in (False, True):
        context, page, watch, frame_element, inner = embedded(browser, site_url, host_url)
        try:
            page.evaluate(WATCH_HOST)
            wait_in_frame(inner, READY)
            r = _complete(page, inner, site_url, disabled)
            seen[disabled] = (page.evaluate("window.__heights"), r.household()["members"][0].get("disability"))
            for message in page.evaluate("window.__seen || []"):
                assert set(message) <= {"source", "type"}, message
                assert message["source"] == "mingbai" and message["type"] in ("shown", "ready", "result")
            watch.assert_clean()
        finally:
            context.close()
    assert seen[False][1] != seen[True][1]                       # the answers did differ
    assert seen[False][0] == seen[True][0], f"heights differ: {seen}"
    assert len(seen[False][0]) == 1


@pytest.mark.parametrize("name", ["strict", "noframes"])
def test_a_host_whose_policy_blocks_the_embed_shows_the_link(browser, site_url, host_url, name):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{host_url}/{name}.html")
        page.wait_for_timeout(1500)
        link = page.locator("#fallback")
        assert link.is_visible()
        assert link.get_attribute("href") == f"{site_url}/screener/?j=zongyang"
        assert page.locator("iframe").count() == 0
    finally:
        context.close()


def test_pages_opened_from_the_embed_escape_its_sandbox(built_site):
    loader = (built_site / "embed.js").read_text(encoding="utf-8")
    assert "allow-popups-to-escape-sandbox" in loader


def test_a_household_is_completed_inside_the_frame_and_the_host_sees_no_answer(browser, site_url, host_url,
                                                                                township):
    context, page, watch, frame_element, inner = embedded(browser, site_url, host_url)
    try:
        wait_in_frame(inner, READY)
        page.wait_for_function("window.events.includes('ready')", timeout=10_000)
        page.evaluate("window.addEventListener('message', e => window.__seen = (window.__seen || []).concat([e.data]))")
        r = Resident(inner, site_url, keyboard=True)
        r.type("age", "72", 0)
        r.answer(elder_living_alone(hukou=lambda r: None))   # the township came with the snippet's data-township
        assert r.household()["hukou_township"] == township["id"]
        r.see_result()
        tekun = r.card("tekun")
        assert tekun.locator(".mbs-status").inner_text().strip() == "可能符合"
        assert tekun.locator("[data-slot='office-name']").text_content() == township["name"]
        page.wait_for_function("window.events.includes('result')", timeout=10_000)
        # Everything the host page was told: three events, never an answer, not even a height.
        seen = page.evaluate("window.__seen || []")
        assert seen, "the host got no message at all"
        for message in seen:
            assert set(message) <= {"source", "type"}, message
            assert message["source"] == "mingbai" and message["type"] in ("shown", "ready", "result")
        # The host cannot reach into the frame: it is another origin.
        assert page.evaluate("""() => { try { return document.querySelector('iframe').contentDocument === null; }
                                         catch (e) { return true; } }""")
        screenshot(page, "embed-host-result")
        watch.assert_clean()
    finally:
        context.close()


def test_screener_api_inside_the_frame_equals_the_command_line(browser, site_url, host_url, engine):
    household = {"jurisdiction": "zongyang", "date": "2026-11-01", "area": "rural",
                 "members": [{"age": 70, "labor": "none"}, {"age": 68, "labor": "partial", "wages_monthly": 300}],
                 "income_monthly": {"farming": 200}, "supporters": "none", "assets_over_limit": False}
    expected = json.loads(engine.to_json(engine.evaluate(household)))
    context, page, watch, _, inner = embedded(browser, site_url, host_url)
    try:
        wait_in_frame(inner, READY)
        got = inner.evaluate("h => window.screener.ready.then(() => window.screener.evaluate(h))", household)
        assert got == expected
        watch.assert_clean()
    finally:
        context.close()


def test_junk_messages_from_the_host_break_nothing(browser, site_url, host_url):
    context, page, watch, frame_element, inner = embedded(browser, site_url, host_url)
    try:
        height = frame_height(frame_element)
        page.evaluate("""() => {
            const f = document.querySelector('iframe');
            const junk = [null, 42, 'height', {type: 'height', height: 5}, {source: 'mingbai', type: 'height', height: 9},
                          {source: 'mingbai', type: 'height', height: 1e9}, {source: 'mingbai', type: 'answers'}];
            for (const j of junk) { window.postMessage(j, '*'); f.contentWindow.postMessage(j, '*'); }
        }""")
        page.wait_for_timeout(500)
        assert abs(frame_height(frame_element) - height) <= 2      # the loader believed none of it
        r = Resident(inner, site_url, keyboard=True)
        r.type("age", "45", 0)
        r.next()
        assert r.on() != "members"                                 # the screener still works
        watch.assert_clean()
    finally:
        context.close()


def test_embed_page_framed_without_the_loader_still_works(browser, site_url, host_url, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    watch = PageWatch(page, [site_url, host_url])
    page.goto(f"{host_url}/w390.html")
    page.evaluate(f"""() => {{
        const f = document.createElement('iframe');
        f.id = 'plain'; f.src = '{site_url}/embed/?j=zongyang'; f.style.height = '900px';
        f.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-modals');
        document.body.appendChild(f);
    }}""")
    plain = page.frame_locator("#plain")
    plain.locator("[data-question]").wait_for()
    assert plain.locator("[data-question]").get_attribute("data-question") == "members"
    watch.assert_clean()
    context.close()


def test_embed_page_allows_only_its_own_origin(built_site):
    text = (built_site / "embed" / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in text
    assert "default-src 'self'" in text and "script-src 'self' 'wasm-unsafe-eval'" in text
    assert "http://" not in text.split("<body", 1)[0] and "https://" not in text.split("<body", 1)[0]
    loader = (built_site / "embed.js").read_text(encoding="utf-8")
    assert "event.origin !== embedOrigin" in loader and "event.source !== frame.contentWindow" in loader


def test_embedding_page_gives_a_snippet_and_a_live_preview(browser, site_url, township):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    watch = PageWatch(page, [site_url])
    page.goto(f"{site_url}/embedding/")
    page.select_option("#mb-embed-j", "zongyang")
    page.select_option("#mb-embed-township", township["id"])
    page.uncheck("input[name=programs][value=canji]")
    snippet = page.input_value("#mb-embed-script")
    assert f'<script src="{site_url}/embed.js" data-j="zongyang" data-township="{township["id"]}"' in snippet
    assert 'data-programs="' in snippet and "canji" not in snippet.split("data-programs=")[1].split('"')[1]
    assert snippet.startswith(f'<a href="{site_url}/screener/?j=zongyang" data-mingbai-fallback')
    assert page.input_value("#mb-embed-iframe").startswith(f'<iframe src="{site_url}/embed/?j=zongyang')
    preview = page.frame_locator("#mb-embed-preview iframe")
    preview.locator("[data-question]").wait_for()
    screenshot(page, "embedding-page")
    watch.assert_clean()
    context.close()


def test_an_office_for_older_visitors_opens_the_frame_in_elder_mode(browser, site_url, host_url):
    """data-elder="1" in the snippet (the 嵌入 page's 长辈模式 box): the frame opens in 长辈模式, and its
    own switch turns it off."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{host_url}/elder.html")
        frame = page.frame_locator("iframe")
        frame.locator("[data-question]").wait_for()
        assert "elder=1" in page.locator("iframe").get_attribute("src")
        assert frame.locator("html").get_attribute("data-mb-mode") == "elder"
        size = frame.locator("[data-question] .mbs-label").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 24, size
        switch = frame.locator("[data-mb-elder-toggle]")
        assert switch.get_attribute("aria-pressed") == "true"
        switch.press("Enter")
        assert frame.locator("html").get_attribute("data-mb-mode") is None
        assert switch.get_attribute("aria-pressed") == "false"
    finally:
        context.close()
