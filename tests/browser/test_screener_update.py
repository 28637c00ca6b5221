"""A returning visitor after a deploy: her first visit already uses the new build's figures and
questions, never yesterday's 低保标准 from the service worker's cache.

One browser profile (service worker and caches kept) visits a build, the build is redone with a
changed parameter (and, in the second test, a renamed question), and the same profile visits once
more. The first result after the deploy must come from the new build."""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest
import yaml

from builder.serve import serve_in_thread
from builder.site import BuildOptions, build_site
from tests.browser.test_screener import READY, Resident, phone_context
from tests.conftest import ROOT, PageWatch

LONE_ELDER = {"members": [{"age": 72, "labor": "none"}], "area": "rural",
              "income_monthly": {"farming": 0}, "assets_over_limit": False, "supporters": "none"}


def _set_dibao_standard(policies, value: int) -> None:
    path = policies / "jurisdictions" / "zongyang" / "parameters.yaml"
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(r"(dibao_standard:.*?values:\n\s+2021-07-01:\n\s+urban: )\d+(\n\s+rural: )\d+",
                      rf"\g<1>{value}\g<2>{value}", text, count=1, flags=re.S)
    assert n == 1, "the test no longer finds zongyang's dibao_standard"
    path.write_text(text, encoding="utf-8")
    assert next(iter(yaml.safe_load(text)["dibao_standard"]["values"].values()))["rural"] == value


@pytest.fixture
def deploy(tmp_path):
    """deploy() builds policies into the served folder, as a county's rsync would replace it."""
    policies = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", policies)
    site = tmp_path / "www" / "site"

    def build():
        build_site(BuildOptions(site_dir=site, policies_dir=policies, jurisdiction="zongyang", pdf=False,
                                quiet=True))

    build()
    server, url = serve_in_thread(site)
    yield policies, build, url
    server.shutdown()


def _visit(context, url: str):
    page = context.new_page()
    watch = PageWatch(page, [url])
    page.goto(f"{url}/screener/?j=zongyang")
    page.wait_for_function(READY, timeout=120_000)
    return page, watch


def _standard(page) -> float:
    result = page.evaluate("h => window.screener.evaluate(h)", {**LONE_ELDER, "jurisdiction": "zongyang"})
    return next(p for p in result["programs"] if p["id"] == "dibao")["standard_monthly"]


def test_first_visit_after_a_deploy_uses_the_new_figures(browser, deploy):
    policies, build, url = deploy
    context = phone_context(browser, service_workers="allow")
    try:
        page, watch = _visit(context, url)
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
        before = _standard(page)
        page.close()
        watch.assert_clean()

        for new in (before + 148, before + 259):          # two deploys in a row, as the review did
            _set_dibao_standard(policies, int(new))
            build()
            page, watch = _visit(context, url)
            assert _standard(page) == new, "the first visit after the deploy used the old 低保标准"
            page.close()
            watch.assert_clean()
    finally:
        context.close()


def test_a_renamed_question_works_on_the_first_visit_after_a_deploy(browser, deploy, monkeypatch):
    from screener import questions

    policies, build, url = deploy
    context = phone_context(browser, service_workers="allow")
    try:
        page, _ = _visit(context, url)
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
        page.close()

        renamed = tuple(dataclasses.replace(s, id="where_now") if s.id == "where" else s for s in questions.SCREENS)
        monkeypatch.setattr(questions, "SCREENS", renamed)
        build()

        page, watch = _visit(context, url)
        r = Resident(page, url)
        r.start_over()
        r.type("age", "72", 0)
        seen = []
        while r.on() != "review":
            seen.append(r.on())
            if r.on() == "where_now":
                r.choose("area", "农村")
            r.next()
        assert "where_now" in seen and "where" not in seen
        assert r.household()["area"] == "rural"
        result = r.see_result()
        assert result.locator("[data-program]").count() > 0
        watch.assert_clean()
    finally:
        context.close()
