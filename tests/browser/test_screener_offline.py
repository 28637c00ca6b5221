"""Second visit with the network off: the service worker kept the page and the engine."""

from __future__ import annotations

from tests.browser.test_screener import READY, Resident, phone_context
from tests.conftest import PageWatch, screenshot


def test_second_visit_computes_a_result_offline(browser, site_url):
    # Our own context: the shared `phone` fixture blocks service workers.
    context = phone_context(browser, service_workers="allow")
    page = context.new_page()
    watch = PageWatch(page, [site_url])
    try:
        page.goto(f"{site_url}/screener/?j=zongyang")
        page.wait_for_function(READY, timeout=90_000)
        # The service worker caches everything once the engine is in, then takes over the page.
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)

        context.set_offline(True)
        page.goto(f"{site_url}/screener/?j=zongyang")
        page.wait_for_function(READY, timeout=60_000)
        r = Resident(page, site_url)
        r.start_over()
        r.type("age", "72", 0)
        while r.on() != "review":
            r.next()
        result = r.see_result()
        assert result.locator("[data-program='tekun']").count() == 1
        screenshot(page, "screener-offline-result")
        watch.assert_clean()
    finally:
        context.set_offline(False)
        context.close()
