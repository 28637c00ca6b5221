"""主动发现 (staff/discover/) as a caseworker uses it, in Chromium: a UTF-8 CSV, a GBK CSV from Excel, an
.xlsx and a roster with broken rows go in; the table, its filters, the rejects, both exports and the
printable 入户核查清单 come out; the CSV is the command line's file byte for byte; and once the engine is
ready the page asks the network for nothing, whatever the caseworker does."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest

from bench.engine_batch import write_csv_roster
from screener.roster import csv_table
from tests.conftest import OUTPUT, PageWatch
from tests.golden.golden import all_cases
from tests.unit.test_engine_cli import cli

DESK = {"width": 1280, "height": 900}
DATE = "2026-12-01"
STATE = "document.querySelector('[data-mbd]').dataset.state"


class Requests:
    """Every http(s) request the page or its worker makes from `start()` on."""

    def __init__(self, page):
        self.urls: list[str] | None = None
        page.on("request", self._seen)

    def _seen(self, request):
        if self.urls is not None and request.url.startswith("http"):
            self.urls.append(request.url)

    def start(self):
        self.urls = []


@pytest.fixture
def desk(browser, site_url):
    context = browser.new_context(viewport=DESK, locale="zh-CN", accept_downloads=True, service_workers="block")
    page = context.new_page()
    watch = PageWatch(page, [site_url])
    requests = Requests(page)
    page.goto(f"{site_url}/staff/discover/")
    page.wait_for_function(f"{STATE} === 'idle'", timeout=120_000)
    requests.start()
    yield page, watch, requests
    context.close()


def screen(page, path: Path, place: str = "zongyang", encoding: str = "") -> None:
    page.select_option("[data-mbd-place]", place)
    page.fill("[data-mbd-date]", DATE)
    page.select_option("[data-mbd-encoding]", encoding)
    page.set_input_files("[data-mbd-file]", str(path))
    page.click("[data-mbd-start]")
    page.wait_for_function(f"{STATE} !== 'running'", timeout=180_000)


def download(page, kind: str) -> bytes:
    with page.expect_download() as got:
        page.click(f'[data-mbd-export="{kind}"]')
    return Path(got.value.path()).read_bytes()


def cli_csv(tmp_path: Path, roster: Path, place: str = "zongyang") -> bytes:
    out = tmp_path / "cli.csv"
    done = cli("batch", "--jurisdiction", place, "--date", DATE, str(roster), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def write_households(path: Path, households: list[dict], encoding: str = "utf-8") -> None:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(csv_table(households))


def table_rows(page) -> list[list[str]]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('[data-mbd-rows] tr'))
        .map(tr => Array.from(tr.children).map(td => td.innerText.trim()))""")


def zongyang_households() -> list[dict]:
    return [dict(c.household, id=f"户{i:02d}") for i, c in enumerate(all_cases())
            if c.household.get("jurisdiction") == "zongyang"]


def test_a_utf8_roster_gives_the_table_filters_and_the_command_lines_csv(desk, tmp_path, site_url, browser):
    page, watch, requests = desk
    roster = tmp_path / "花名册.csv"
    households = zongyang_households()
    write_households(roster, households)
    screen(page, roster)
    assert page.evaluate(STATE) == "done"
    summary = page.inner_text("[data-mbd-summary]")
    assert f"共 {len(households)} 行" in summary
    rows = table_rows(page)
    assert rows and all(r[8] == "看完整结果" for r in rows)
    assert {r[1] for r in rows} <= {h["id"] for h in households}
    # What is received is never proposed: 户 with receiving [dibao] has no 最低生活保障 line.
    for h in households:
        if "dibao" in (h.get("receiving") or []):
            row = next((r for r in rows if r[1] == h["id"]), None)
            assert row is None or "最低生活保障" not in row[3], h["id"]
    # Filters: a programme, a status, a township.
    page.select_option('[data-mbd-filter="program"]', "tekun")
    tekun = table_rows(page)
    assert tekun and len(tekun) < len(rows) and all("特困人员救助供养" in r[3] for r in tekun)
    page.select_option('[data-mbd-filter="status"]', "likely")
    assert all("（可能符合）" in r[3] for r in table_rows(page))
    page.select_option('[data-mbd-filter="program"]', "")
    page.select_option('[data-mbd-filter="status"]', "")
    towns = page.evaluate("Array.from(document.querySelectorAll('[data-mbd-filter=town] option')).map(o => o.value)")
    page.select_option('[data-mbd-filter="town"]', towns[1])
    in_town = table_rows(page)
    assert in_town and len({r[2] for r in in_town}) == 1
    # The exports: the CSV is the command line's file, byte for byte; the xlsx holds the same table.
    exported = download(page, "csv")
    assert exported == cli_csv(tmp_path, roster)
    assert exported.startswith(b"\xef\xbb\xbf")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(download(page, "xlsx")), read_only=True)
    sheet = [r for r in book["结果"].iter_rows(values_only=True)]
    assert len(sheet) == len(households) + 1 and sheet[0][:2] == ("row", "id")
    assert requests.urls == [], f"requests after the engine was ready: {requests.urls}"
    watch.assert_clean()
    # 看完整结果 opens the resident's screener at this household's result.
    link = page.locator("[data-mbd-rows] a", has_text="看完整结果").first
    href = link.get_attribute("href")
    first_program = table_rows(page)[0][3].split("（")[0].removeprefix("先申请 ")
    other = browser.new_context(viewport=DESK, locale="zh-CN", service_workers="block").new_page()
    other.goto(f"{site_url}/staff/discover/{href}")
    other.locator("[data-mb-result-body]").wait_for(state="visible", timeout=120_000)
    assert first_program in other.locator("[data-mb-result-body]").inner_text()
    other.context.close()


def test_a_generated_thousand_row_roster_exports_the_command_lines_csv(desk, tmp_path):
    page, watch, requests = desk
    roster = tmp_path / "roster.csv"
    write_csv_roster(roster, 1000, seed=4242)
    screen(page, roster, place="yuncheng")
    assert page.evaluate(STATE) == "done"
    assert download(page, "csv") == cli_csv(tmp_path, roster, "yuncheng")
    assert requests.urls == []
    watch.assert_clean()


def test_a_gbk_roster_from_excel_reads_with_its_chinese(desk, tmp_path):
    page, watch, requests = desk
    roster = tmp_path / "gbk.csv"
    households = zongyang_households()[:6]
    write_households(roster, households, encoding="gbk")
    screen(page, roster)
    assert page.evaluate(STATE) == "done"
    ids = {r[1] for r in table_rows(page)}
    assert ids and ids <= {h["id"] for h in households}
    assert page.locator("[data-mbd-rejected-box]").is_hidden()
    assert download(page, "csv") == cli_csv(tmp_path, roster)
    assert requests.urls == []


def test_an_xlsx_roster(desk, tmp_path):
    from openpyxl import Workbook

    page, watch, requests = desk
    households = zongyang_households()[:8]
    book = Workbook()
    header, *rows = csv_table(households)
    book.active.append(header)
    for cells in rows:
        book.active.append([int(c) if c.isdigit() else c for c in cells])
    roster = tmp_path / "花名册.xlsx"
    book.save(roster)
    screen(page, roster)
    assert page.evaluate(STATE) == "done"
    assert f"共 {len(households)} 行" in page.inner_text("[data-mbd-summary]")
    assert table_rows(page)
    assert download(page, "csv") == cli_csv(tmp_path, roster)
    assert requests.urls == []
    watch.assert_clean()


def test_broken_rows_are_listed_and_the_rest_is_screened(desk, tmp_path):
    page, watch, requests = desk
    roster = tmp_path / "bad.csv"
    roster.write_text("id,area,m1_age,m1_labor,supporters,receiving\n"
                      "张一,rural,78,none,none,无\n李二,rural,七十,none,none,\n王三,urban,40,sometimes,able,\n"
                      "赵四,rural,66,none,none,dibao\n", encoding="utf-8")
    screen(page, roster)
    assert page.evaluate(STATE) == "done"
    rejected = page.locator("[data-mbd-rejected] li").all_inner_texts()
    assert len(rejected) == 2
    assert rejected[0].startswith("第 2 行（李二）：members[0].age：") and "数字" in rejected[0]
    assert rejected[1].startswith("第 3 行（王三）：members[0].labor：")
    assert "2 行有问题" in page.inner_text("[data-mbd-summary]")
    assert [r[1] for r in table_rows(page)][:1] == ["张一"]
    assert download(page, "csv") == cli_csv(tmp_path, roster)
    # Not a roster at all: one line, nothing half-shown.
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    screen(page, other)
    assert "只能读 .csv 或 .xlsx" in page.inner_text("[data-mbd-status]")
    assert page.locator("[data-mbd-results]").is_hidden()
    assert requests.urls == []
    watch.assert_clean()


def test_a_long_run_shows_progress_can_be_stopped_and_everything_cleared(desk, tmp_path):
    page, watch, requests = desk
    roster = tmp_path / "big.csv"
    write_csv_roster(roster, 30_000, seed=5)
    page.set_input_files("[data-mbd-file]", str(roster))
    page.click("[data-mbd-start]")
    page.wait_for_function("document.querySelector('[data-mbd-progress]').value > 0", timeout=60_000)
    assert page.locator("[data-mbd-cancel]").is_visible()
    assert "已算" in page.inner_text("[data-mbd-status]")
    page.click("[data-mbd-cancel]")
    page.wait_for_function(f"{STATE} === 'idle'", timeout=60_000)
    assert "已停止" in page.inner_text("[data-mbd-status]")
    assert page.locator("[data-mbd-results]").is_hidden()
    # A finished run, then 清除全部: the table, the file and the worker's copy are gone.
    small = tmp_path / "small.csv"
    write_households(small, zongyang_households()[:5])
    screen(page, small)
    assert table_rows(page)
    page.click("[data-mbd-clear]")
    page.wait_for_function("document.querySelector('[data-mbd-status]').textContent.includes('已清除')")
    assert page.locator("[data-mbd-results]").is_hidden()
    assert page.evaluate("document.querySelector('[data-mbd-file]').files.length") == 0
    assert table_rows(page) == []
    assert requests.urls == []
    watch.assert_clean()


def test_the_visit_checklist_prints_one_row_per_household_on_a4(desk, tmp_path):
    from pypdf import PdfReader

    page, watch, requests = desk
    roster = tmp_path / "r.csv"
    write_households(roster, zongyang_households())
    screen(page, roster)
    page.select_option('[data-mbd-filter="program"]', "dibao")
    shown = table_rows(page)
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.click("[data-mbd-print]")
    assert page.evaluate("window.__printed") is True
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('[data-mbd-checklist] tbody tr'))
        .map(tr => Array.from(tr.children).map(td => td.innerText.trim()))""")
    assert [r[1] for r in rows] == [r[1] for r in shown]
    assert all(r[3] and r[5] and r[6] == "" for r in rows)      # what to ask for, where; a blank to fill in
    page.emulate_media(media="print")
    pdf = OUTPUT / "discover-checklist.pdf"
    page.pdf(path=str(pdf), format="A4", landscape=True, print_background=True)
    # NFKC: the PDF's text comes back with CJK radical forms (⼊ for 入)
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert "核查清单" in text[:8]                           # nothing of the page prints before it
    assert "筛查花名册" not in text and "第一步" not in text and "看完整结果" not in text
    assert f"共 {len(rows)}" in text.replace("  ", " ")
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("[data-mbd-checklist]").is_hidden()
    assert requests.urls == []


@pytest.mark.parametrize("elder", [0, 1])
def test_the_page_holds_on_a_phone(browser, site_url, tmp_path, elder):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", is_mobile=True,
                                  service_workers="block")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/staff/discover/?elder={elder}")
        page.wait_for_function(f"{STATE} === 'idle'", timeout=120_000)
        roster = tmp_path / "r.csv"
        write_households(roster, zongyang_households()[:10])
        screen(page, roster)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        cut = page.evaluate("""() => Array.from(document.querySelectorAll('.mbd-app select, .mbd-app input, .mbd-app button'))
            .filter(e => e.offsetParent && e.getBoundingClientRect().right > 360).map(e => e.outerHTML.slice(0, 60))""")
        assert cut == []
        assert page.evaluate("document.querySelector('.mbd-table-wrap').scrollWidth > 360")   # the table scrolls
        page.locator("[data-mbd-results]").scroll_into_view_if_needed()
        page.screenshot(path=str(OUTPUT / "screenshots" / f"discover-phone-elder{elder}.png"), full_page=False)
    finally:
        context.close()
