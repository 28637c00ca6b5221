"""Shared fixtures: one built site per test run, served over HTTP, and a phone-sized Chromium.

Set MINGBAI_TEST_SITE=/path/to/site to test an already built site instead of building one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def built_site(output_dir) -> Path:
    given = os.environ.get("MINGBAI_TEST_SITE")
    if given:
        return Path(given)
    from builder.site import BuildOptions, build_site

    site = output_dir / "site"
    build_site(BuildOptions(site_dir=site, quiet=True))
    return site


@pytest.fixture(scope="session")
def site_url(built_site):
    from builder.serve import serve_in_thread

    server, url = serve_in_thread(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run the tests through `python3 build.py test`, which installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class PageWatch:
    """Everything a page did that a test may want to forbid: console errors, uncaught
    exceptions, and requests to any origin but the site's own."""

    def __init__(self, page, allowed_origins: list[str]):
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.foreign_requests: list[str] = []
        self._allowed = [o.rstrip("/") for o in allowed_origins]
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("request", self._on_request)

    def _on_request(self, request):
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        if not any(url == o or url.startswith(o + "/") for o in self._allowed):
            self.foreign_requests.append(url)

    def assert_clean(self):
        assert self.foreign_requests == [], f"requests left the site's origin: {self.foreign_requests}"
        assert self.page_errors == [], f"uncaught errors: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"


@pytest.fixture
def phone(browser, site_url):
    """A fresh phone-sized browser context; yields (page, watch)."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="zh-CN", service_workers="block")
    page = context.new_page()
    watch = PageWatch(page, [site_url])
    yield page, watch
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a screenshot under test-output/screenshots for a person to look at."""
    path = OUTPUT / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path
