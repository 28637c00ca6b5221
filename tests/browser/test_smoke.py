"""The built site, served over HTTP, opens on a phone: Chinese, named, nothing from elsewhere."""

from tests.conftest import screenshot


def test_home_page_loads_on_a_phone_in_chinese(phone, site_url):
    page, watch = phone
    response = page.goto(site_url + "/", wait_until="networkidle")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    body = page.locator("article").inner_text()
    assert "明白" in body
    assert "只留在自己的手机上" in body
    screenshot(page, "home-phone")
    watch.assert_clean()


def test_home_page_does_not_scroll_sideways_on_a_phone(phone, site_url):
    page, _ = phone
    page.goto(site_url + "/", wait_until="networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
