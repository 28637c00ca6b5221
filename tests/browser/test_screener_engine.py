"""The engine in the page: window.screener gives exactly the command line's answers, and when
the engine is slow or cannot start the resident sees a progress bar or plain words, offices
and the hotline — never an endless spinner."""

from __future__ import annotations

import json

import pytest

from tests.browser.test_screener import READY, engine, phone_context, site_bundle, townships  # noqa: F401
from tests.conftest import PageWatch, ROOT, screenshot

GOLDEN = ROOT / "tests" / "golden"
DATE = "2026-11-01"


def golden_cases() -> list[tuple[str, dict, str | None, str | None]]:
    """(name, household, jurisdiction, date) for every golden case in tests/golden/cases/ (YAML,
    read by tests/golden/golden.py) when there are any; JSON households under tests/golden/ too."""
    cases = []
    try:
        from tests.golden.golden import all_cases
    except ImportError:
        all_cases = None
    if all_cases is not None:
        cases += [(f"golden/{c.id}", c.household, None, None) for c in all_cases()]
    for path in sorted(GOLDEN.rglob("*.json")) if GOLDEN.exists() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        for i, item in enumerate(data if isinstance(data, list) else [data]):
            household = item.get("household", item) if isinstance(item, dict) else None
            if isinstance(household, dict) and "members" in household:
                cases.append((f"golden/{path.relative_to(GOLDEN)}#{i + 1}", household, item.get("jurisdiction"),
                              item.get("date")))
    return cases


def own_cases(bundle: dict) -> list[tuple[str, dict, str | None, str | None]]:
    """A spread of households in every place: what the tests need even before golden cases exist."""
    out = []
    for jid in bundle["jurisdictions"]:
        towns = townships(bundle, jid) or [{"id": None}]
        t0, t1 = towns[0]["id"], towns[-1]["id"]
        money = {"farming": 300, "business": 0, "property": 0, "support_received": 100, "basic_pension": 150,
                 "other": 0}
        for name, h in {
            "elder": {"members": [{"age": 72, "labor": "none"}], "supporters": "none", "area": "rural",
                      "income_monthly": money, "assets_over_limit": False, "receiving": []},
            "nothing-known": {"members": [{"age": 35}]},
            "family": {"members": [{"age": 40, "labor": "full", "wages_monthly": 1800, "newly_employed": True},
                                   {"age": 38, "disability": {"category": "mental", "grade": 3},
                                    "serious_illness": True, "self_care": "partial"},
                                   {"age": 17, "student": "high_school"}, {"age": 8}],
                       "area": "urban", "hukou_township": t0, "residence_township": t1, "residence_permit": True,
                       "income_monthly": money, "supporters": "unable", "last_year_income": 20000,
                       "expenses_year": {"medical": 30000, "education": 5000}, "assets_over_limit": None,
                       "receiving": ["dibao"], "emergency": {"kind": "illness", "township": t1}},
            "rich": {"members": [{"age": 30, "wages_monthly": 90000}], "income_monthly": {"other": 50000}},
        }.items():
            out.append((f"{jid}-{name}", h, jid, DATE))
    return out


@pytest.fixture(scope="module")
def engine_page(browser, site_url):
    context = phone_context(browser)
    page = context.new_page()
    watch = PageWatch(page, [site_url])
    page.goto(f"{site_url}/screener/")
    page.wait_for_function(READY, timeout=90_000)
    yield page, watch
    context.close()


def test_window_screener_matches_the_command_line(engine_page, engine, built_site):
    page, watch = engine_page
    cases = golden_cases() + own_cases(site_bundle(built_site))
    expected = []
    for name, household, jid, date in cases:
        try:
            expected.append(json.loads(engine.to_json(engine.evaluate(household, jid, date))))
        except engine.HouseholdError as e:
            expected.append({"error": {"path": e.path, "message": e.message}})
    got = page.evaluate("""async (cases) => {
        const out = [];
        for (const [name, household, jurisdiction, date] of cases) {
            try {
                out.push(await window.screener.evaluate(household, {jurisdiction, date}));
            } catch (e) {
                out.push({error: {path: e.path, message: e.detail}});
            }
        }
        return out;
    }""", cases)
    assert len(got) == len(cases) > 0
    different = [name for (name, *_), want, have in zip(cases, expected, got) if have != want]
    assert not different, f"the browser's result differs from the command line's for {different}"
    if GOLDEN.exists():
        assert any(name.startswith("golden/") for name, *_ in cases), "tests/golden/ exists but no case was read"
    watch.assert_clean()


def test_bad_household_is_refused_with_the_field_path(engine_page, engine):
    screener = engine
    page, _ = engine_page
    got = page.evaluate("""() => window.screener.evaluate({jurisdiction: "zongyang", members: [{age: 200}]})
        .then(() => null, e => ({name: e.name, path: e.path, detail: e.detail, message: e.message}))""")
    assert got["name"] == "HouseholdError" and got["path"] == "members[0].age"
    with pytest.raises(screener.HouseholdError) as cpython:
        screener.evaluate({"jurisdiction": "zongyang", "members": [{"age": 200}]})
    assert got["detail"] == cpython.value.message and got["message"] == str(cpython.value)
    got = page.evaluate("""() => window.screener.evaluate({jurisdiction: "zongyang", members: []})
        .then(() => null, e => e.path)""")
    assert got == "members"


def _to_review(page):
    page.locator("[data-question] input").first.fill("70")
    for _ in range(30):
        if page.locator("[data-question]").get_attribute("data-question") == "review":
            return
        page.locator("[data-question] [data-mb-next]").click()
    raise AssertionError("never reached the review screen")


def test_progress_bar_while_the_engine_is_still_loading(browser, site_url):
    context = phone_context(browser)
    held = []

    def hold(route):
        held.append(route)        # answered later, when the test has seen the progress bar

    context.route("**/pyodide.asm.wasm", hold)
    page = context.new_page()
    watch = PageWatch(page, [site_url])
    try:
        page.goto(f"{site_url}/screener/?j=zongyang")
        _to_review(page)
        page.locator("[data-question] [data-mb-next]").click()
        loading = page.locator("[data-mb-loading]")
        loading.wait_for(state="visible")
        bar = page.locator("[data-mb-progress]")
        assert bar.is_visible() and 0 <= float(bar.get_attribute("value") or bar.evaluate("b => b.value")) <= 100
        assert "已完成" in page.locator("[data-mb-loading-text]").inner_text()
        screenshot(page, "screener-waiting-for-engine")
        page.wait_for_function("() => window.screener.status().loaded > 0")
        assert held, "the wasm request was not held"
        held[0].continue_()
        page.locator("[data-mb-result-body]").wait_for(state="visible", timeout=90_000)
        assert not loading.is_visible()
        assert page.locator("[data-program]").count() > 0
        watch.assert_clean()
    finally:
        context.close()


def test_wrong_wasm_content_type_still_starts(browser, site_url, built_site):
    """A server that sends .wasm as something else: streaming compilation refuses it, and the
    engine compiles from a plain buffer instead of hanging."""
    context = phone_context(browser)
    wasm = next(built_site.glob("screener/engine/*/pyodide.asm.wasm")).read_bytes()
    context.route("**/pyodide.asm.wasm", lambda route: route.fulfill(
        status=200, body=wasm, headers={"Content-Type": "application/octet-stream"}))
    page = context.new_page()
    try:
        page.goto(f"{site_url}/screener/?j=zongyang")
        page.wait_for_function(READY, timeout=90_000)
        assert page.evaluate("window.screener.evaluate({members: [{age: 70}], jurisdiction: 'zongyang'})"
                             ".then(r => r.programs.length)") > 0
        assert page.evaluate("localStorage.getItem('mingbai.engine.nostream')") == "1"
    finally:
        context.close()


@pytest.mark.parametrize("how", ["wasm-missing", "no-webassembly"])
def test_engine_cannot_start_shows_offices_and_hotline(browser, site_url, built_site, how):
    context = phone_context(browser)
    if how == "wasm-missing":
        context.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="not here"))
    else:
        context.add_init_script("delete window.WebAssembly;")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/screener/?j=zongyang")
        failed = page.locator("[data-mb-failed]")
        failed.wait_for(state="visible", timeout=90_000)
        text = failed.inner_text()
        assert "这部手机暂时算不出结果" in text
        assert ("版本太旧" in text) if how == "no-webassembly" else ("网络" in text or "没能启动" in text)
        hotline = site_bundle(built_site)["jurisdictions"]["zongyang"]["hotline"]["number"]
        call = failed.locator(f"a[href='tel:{hotline}']:visible")
        assert call.count() == 1 and call.is_visible()
        fallback = site_bundle(built_site)["jurisdictions"]["zongyang"]
        office = next(o for o in fallback["offices"] if o["id"] == fallback["fallback_office"])
        assert office["name"] in text
        assert failed.get_by_role("button", name="再试一次").is_visible()
        assert not page.locator("[data-mb-loading]").is_visible()
        screenshot(page, f"screener-engine-failed-{how}")
    finally:
        context.close()
