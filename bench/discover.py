"""主动发现 (staff/discover/): from the roster chosen to the table shown, in Chromium (Debian's, unthrottled,
this machine), for 1,000, 10,000 and 50,000 households.

The rosters are bench/engine_batch.py's households (all in 运城市's districts, one row in a thousand
invalid) as a UTF-8 CSV, screened as 运城市 on a fixed date. Timed from the click on 开始筛查 (the file is read, handed
to the worker, evaluated in steps with the progress bar, the table and its filters built) to the page
saying it is done; the engine is loaded before the clock starts, as it is while a caseworker picks the
file. Also: the same roster through `python -m screener batch` in CPython (the ratio is what to compare
on a noisy machine), and the page's main thread: the longest task while the run goes (≤ 200 ms keeps
the page usable).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAME = "discover"
GOAL = "staff/discover/: roster chosen → table shown ≤ 10 s for 10,000 households (Chromium, unthrottled)"

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 50_000)
PLACE, DATE = "yuncheng", "2026-12-01"
STATE = "document.querySelector('[data-mbd]').dataset.state"


def run() -> dict:
    from playwright.sync_api import sync_playwright

    from bench.engine_batch import write_csv_roster
    from builder.serve import serve_in_thread

    site = ROOT / "site"
    if not (site / "staff" / "discover" / "index.html").exists():
        raise SystemExit("build the site first: python3 build.py build")
    figures: dict = {}
    server, url = serve_in_thread(site)
    try:
        with tempfile.TemporaryDirectory(prefix="mingbai-bench-discover-") as tmp, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                          service_workers="block")
            page = context.new_page()
            started = time.perf_counter()
            page.goto(f"{url}/staff/discover/")
            page.wait_for_function(f"{STATE} === 'idle'", timeout=180_000)
            figures["engine_ready_s"] = round(time.perf_counter() - started, 2)
            for n in SIZES:
                roster = Path(tmp) / f"roster-{n}.csv"
                write_csv_roster(roster, n, place=PLACE)
                page.select_option("[data-mbd-place]", PLACE)
                page.fill("[data-mbd-date]", DATE)
                page.set_input_files("[data-mbd-file]", str(roster))
                page.evaluate("""() => { window.__longest = 0;
                    new PerformanceObserver(l => l.getEntries().forEach(e => {
                      window.__longest = Math.max(window.__longest, e.duration); })).observe({type: 'longtask'}); }""")
                t = time.perf_counter()
                page.click("[data-mbd-start]")
                page.wait_for_function(f"{STATE} === 'done'", timeout=600_000, polling=50)
                seconds = time.perf_counter() - t
                found = page.evaluate("document.querySelector('[data-mbd-summary]').textContent")
                figures[f"households_{n}"] = {
                    "seconds_to_table": round(seconds, 2), "households_per_s": round(n / seconds),
                    "longest_main_thread_task_ms": round(page.evaluate("window.__longest")),
                    "cli_seconds": round(_cli(roster, Path(tmp)), 2), "page_says": found.strip(),
                }
            browser.close()
    finally:
        server.shutdown()
    return figures


def _cli(roster: Path, tmp: Path) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "screener", "batch", "--jurisdiction", PLACE, "--date", DATE, str(roster),
                    "-o", str(tmp / "out.csv"), "--no-progress"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - t
