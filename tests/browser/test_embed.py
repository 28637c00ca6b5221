"""A township's own web page embeds the screener with the one-line snippet.

Two loopback origins: the township's page on http://127.0.0.2:<port>, Mingbai's site on
http://127.0.0.1:<port> (different sites, as in real life). Real Chromium, phone width.
"""

from __future__ import annotations

import json
import time

import pytest

from builder.serve import serve_in_thread
from tests.browser.test_screener import (READY, Resident, elder_living_alone, engine, site_bundle,  # noqa: F401
                                         townships)
from tests.conftest import OUTPUT, PageWatch

HOST_PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{town}人民政府</title><link rel="icon" href="data:,">
<style>body {{ margin: 0 auto; max-width: {width}px; font: 16px serif; color: #402; }}
iframe {{ outline: 1px dashed #999; }} p, h1 {{ color: rebeccapurple; }}</style></head>
<body><h1>{town}人民政府 · 便民服务</h1><p id="before">下面是社会救助自测：</p>
<script src="{site}/embed.js" data-j="zongyang" data-township="{town_id}" data-theme="#aa3300" async></script>
<p id="after">（页脚）{town}人民政府</p>
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


def wait_until_fitted(page, frame_element, inner):
    """The iframe is exactly as tall as its content (no scroll bar inside)."""
    page.wait_for_function(
        "([el, h]) => Math.abs(el.getBoundingClientRect().height - h) <= 2",
        arg=[frame_element.element_handle(), inner.evaluate("document.documentElement.getBoundingClientRect().height")],
        timeout=5_000)


@pytest.mark.parametrize("width", [390, 960])
def test_snippet_shows_the_first_question_and_the_frame_follows_its_content(browser, site_url, host_url, width):
    context, page, watch, frame_element, inner = embedded(browser, site_url, host_url, width)
    try:
        assert inner.locator("[data-question]").get_attribute("data-question") == "members"
        assert inner.url.startswith(site_url + "/embed/?")
        wait_until_fitted(page, frame_element, inner)
        before = frame_height(frame_element)
        r = Resident(inner, site_url, keyboard=True)
        r.type("age", "45", 0)
        r.add_member("43")
        r.add_member("12")
        page.wait_for_function("([el, h]) => el.getBoundingClientRect().height > h + 100",
                               arg=[frame_element.element_handle(), before], timeout=5_000)
        wait_until_fitted(page, frame_element, inner)
        assert inner.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")
        # The office's theme colour reached the frame; the host's styles did not.
        assert inner.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--mb-accent').trim()") \
            == "#aa3300"
        assert inner.evaluate("getComputedStyle(document.querySelector('h1')).color") != "rgb(102, 51, 153)"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"embed-host-{width}")
        watch.assert_clean()
    finally:
        context.close()


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
        assert tekun.locator("[data-slot='office-name']").inner_text() == township["name"]
        page.wait_for_function("window.events.includes('result')", timeout=10_000)
        wait_until_fitted(page, frame_element, inner)
        # Everything the host page was told: heights and the two events, never an answer.
        seen = page.evaluate("window.__seen || []")
        assert seen, "the host got no message at all"
        for message in seen:
            assert set(message) <= {"source", "type", "height"}, message
            assert message["source"] == "mingbai" and message["type"] in ("height", "ready", "result")
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
        wait_until_fitted(page, frame_element, inner)
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
    assert snippet.startswith(f'<script src="{site_url}/embed.js" data-j="zongyang" data-township="{township["id"]}"')
    assert 'data-programs="' in snippet and "canji" not in snippet.split("data-programs=")[1].split('"')[1]
    assert "<noscript><a href=" in snippet
    assert page.input_value("#mb-embed-iframe").startswith(f'<iframe src="{site_url}/embed/?j=zongyang')
    preview = page.frame_locator("#mb-embed-preview iframe")
    preview.locator("[data-question]").wait_for()
    screenshot(page, "embedding-page")
    watch.assert_clean()
    context.close()
