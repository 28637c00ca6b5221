"""How fast the screener is for a resident: the built site/ served by builder/serve.py as the deploy
settings serve it (the engine's precompressed brotli copies, gzip for the rest),
headless Chromium on a phone viewport, the network throttled through the DevTools protocol to
Lighthouse's mobile "Slow 4G" (1.6 Mbps down, 750 kbps up, 150 ms round trip) and unthrottled,
each cold (empty cache) and warm (second visit: HTTP cache and service worker).

Measured on the page's own clock (navigation start = 0):
- first question: when the first question's heading is painted (Element Timing);
- bytes before it: the page and everything it finished loading by then (transfer sizes);
- engine ready: performance mark set by screener/web/engine.js; bytes: all transfers until then,
  and those of the engine folder alone (screener/engine/…, read by the Web Worker);
- result: from pressing 看结果 to the result on screen, once the engine is ready;
- warm: engine ready time and the engine bytes that still came over the network.
Bytes are counted by the server as it sends them (the page, the Web Worker and the service
worker alike), so "over the network" means what a county's server would send.
Also recorded: the first Slow 4G cold run's network log of the engine's files (when each was
asked for and finished, on the page's clock: they must all start together, not one after
another), and one Slow 4G cold run from a server without brotli (the engine's .gz copies).
"""

from __future__ import annotations

import http.server
import os
import statistics
import threading
import time
from functools import partial
from pathlib import Path

NAME = "screener_load"
GOAL = ("Slow 4G, cold: first question ≤ 0.8 s and ≤ 60 KB, engine ready no slower than 16.8 s (2026-11-23), "
        "result ≤ 200 ms after the last answer; warm: ready ≤ 3 s with no engine bytes over the network")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8,
           "connectionType": "cellular4g"}
UNTHROTTLED = None
RUNS = int(os.environ.get("MINGBAI_BENCH_RUNS", "3"))

FIRST_QUESTION = """() => new Promise(resolve => {
    new PerformanceObserver(list => {
        const e = list.getEntries().find(e => e.identifier === "mbs-first-question");
        if (e) resolve(e.renderTime || e.loadTime);
    }).observe({type: "element", buffered: true});
})"""
BYTES_BEFORE = """(t) => {
    const nav = performance.getEntriesByType("navigation")[0];
    let bytes = nav.transferSize;
    for (const r of performance.getEntriesByType("resource")) if (r.responseEnd <= t) bytes += r.transferSize;
    return bytes;
}"""
MARK = "(name) => (performance.getEntriesByName(name)[0] || {}).startTime ?? null"


class Transfers:
    """Bytes the server sent (bodies), by path and time: the page's, its worker's and the service
    worker's requests alike, whatever the browser reports about them."""

    def __init__(self):
        self.items: list[tuple[float, str, int]] = []
        self.lock = threading.Lock()
        self.brotli = True          # switched off for the "server without brotli" run

    def handler(self, site: Path):
        from builder.serve import SiteHandler

        transfers = self

        class Counting(SiteHandler):
            @property
            def brotli_enabled(self):
                return transfers.brotli

            def copyfile(self, source, outputfile):
                data = source.read()
                outputfile.write(data)
                with transfers.lock:
                    transfers.items.append((time.monotonic(), self.path, len(data)))

        return partial(Counting, directory=str(site))

    def clear(self):
        with self.lock:
            self.items.clear()

    def total(self, until: float | None = None, engine_only: bool = False) -> int:
        with self.lock:
            return sum(n for t, path, n in self.items
                       if (until is None or t <= until) and (not engine_only or "/screener/engine/" in path))


def _answer_and_time_result(page) -> float:
    page.locator("[data-question] input").first.fill("72")
    for _ in range(40):
        if page.locator("[data-question]").get_attribute("data-question") == "review":
            break
        page.locator("[data-question] [data-mb-next]").click()
    page.locator("[data-question] [data-mb-next]").click()
    page.locator("[data-mb-result-body]").wait_for(state="visible", timeout=60_000)
    asked, shown = page.evaluate(MARK, "mingbai-result-asked"), page.evaluate(MARK, "mingbai-result-shown")
    return shown - asked


class NetworkLog:
    """The engine files' requests as the browser saw them (the Web Worker's are reported on its page)."""

    def __init__(self, page):
        self.finished = []
        self.origin = 0.0           # performance.timeOrigin of the page, epoch ms
        page.on("requestfinished", lambda r: "/screener/engine/" in r.url and self.finished.append(r))

    def lines(self, time_origin_ms: float) -> list[str]:
        rows = []
        for r in self.finished:
            t = r.timing
            start = (t["startTime"] - time_origin_ms) / 1000
            end = start + t["responseEnd"] / 1000
            rows.append((start, end, r.url.rsplit("/", 1)[1]))
        rows.sort()
        out = [f"{name}: asked {start:.2f} s, done {end:.2f} s" for start, end, name in rows]
        if rows:
            spread = rows[-1][0] - rows[0][0]
            out.append(f"all {len(rows)} engine requests asked within {spread:.2f} s of each other")
        return out


def _visit(page, url: str, network, transfers: Transfers, cpu: float = 1, log: NetworkLog | None = None) -> dict:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    if network:
        cdp.send("Network.emulateNetworkConditions", network)
    if cpu != 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    transfers.clear()
    page.goto(url, wait_until="commit")
    first = page.evaluate(FIRST_QUESTION)
    before = page.evaluate(BYTES_BEFORE, first)
    page.wait_for_function("window.screener && ['ready', 'failed'].includes(window.screener.status().phase)",
                           timeout=180_000, polling=100)
    ready_at = time.monotonic()
    status = page.evaluate("window.screener.status()")
    if status["phase"] != "ready":
        raise RuntimeError(f"the engine did not start: {status}")
    ready = page.evaluate(MARK, "mingbai-engine-ready")
    if log is not None:
        log.origin = page.evaluate("performance.timeOrigin")
    result = _answer_and_time_result(page)
    return {"first_question_ms": round(first), "bytes_before_first_question": before,
            "engine_ready_ms": round(ready), "bytes_until_ready": transfers.total(ready_at),
            "engine_bytes": transfers.total(ready_at, engine_only=True), "result_ms": round(result, 1)}


def _scenario(browser, url: str, network, transfers: Transfers, cpu: float = 1,
              logs: list | None = None) -> tuple[dict, dict]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="zh-CN", service_workers="allow")
    try:
        page = context.new_page()
        log = NetworkLog(page)
        cold = _visit(page, url, network, transfers, cpu, log)
        if logs is not None:
            logs.append(log.lines(log.origin))
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=120_000)
        time.sleep(0.5)
        cold["first_visit_bytes"] = transfers.total()          # everything, the service worker's caching too
        page.evaluate("sessionStorage.clear()")
        warm_page = context.new_page()
        page.close()
        warm = _visit(warm_page, url, network, transfers, cpu)
        return cold, warm
    finally:
        context.close()


def _median(runs: list[dict]) -> dict:
    return {k: (statistics.median(r[k] for r in runs)) for k in runs[0]}


def _kb(n: float) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.2f} MB"


def _line(m: dict, runs: list[dict]) -> str:
    spread = "/".join(f"{r['engine_ready_ms'] / 1000:.1f}" for r in runs)
    return (f"first question {m['first_question_ms'] / 1000:.2f} s after {_kb(m['bytes_before_first_question'])}; "
            f"engine ready {m['engine_ready_ms'] / 1000:.1f} s (runs: {spread} s) after {_kb(m['bytes_until_ready'])} "
            f"({_kb(m['engine_bytes'])} engine); result {m['result_ms']:.0f} ms after the last answer; "
            f"whole first visit {_kb(m['first_visit_bytes'])} (with the service worker's caching)")


def _warm_line(m: dict) -> str:
    return (f"engine ready {m['engine_ready_ms'] / 1000:.2f} s, engine bytes over the network "
            f"{_kb(m['engine_bytes'])}, first question {m['first_question_ms'] / 1000:.2f} s, "
            f"result {m['result_ms']:.0f} ms")


def run() -> dict:
    from playwright.sync_api import sync_playwright

    site = Path(os.environ.get("MINGBAI_BENCH_SITE", ROOT / "site"))
    if not (site / "screener" / "index.html").exists():
        raise SystemExit(f"{site} has no screener: run `python3 build.py build --no-pdf` first")
    transfers = Transfers()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), transfers.handler(site))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    url = f"{base}/screener/?j=zongyang"
    figures: dict = {"site": str(site), "runs per profile": RUNS}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-quic",
                                              "--disable-background-networking"])
            try:
                for label, network, cpu in (("Slow 4G", SLOW_4G, 1), ("unthrottled", UNTHROTTLED, 1)):
                    colds, warms, logs = [], [], []
                    for _ in range(RUNS):
                        cold, warm = _scenario(browser, url, network, transfers, cpu, logs)
                        colds.append(cold)
                        warms.append(warm)
                    figures[f"{label}, cold"] = _line(_median(colds), colds)
                    figures[f"{label}, warm"] = _warm_line(_median(warms))
                    figures[f"{label}, cold (raw median)"] = _median(colds)
                    if label == "Slow 4G":
                        figures["Slow 4G, cold: engine network log (first run)"] = "; ".join(logs[0])
                cold, _ = _scenario(browser, url, SLOW_4G, transfers, cpu=4)
                figures["Slow 4G + 4× CPU slowdown (one run, for information)"] = _line(cold, [cold])
                transfers.brotli = False
                try:
                    cold, _ = _scenario(browser, url, SLOW_4G, transfers)
                finally:
                    transfers.brotli = True
                figures["Slow 4G, cold, server without brotli (.gz copies; one run, for information)"] = \
                    _line(cold, [cold])
            finally:
                browser.close()
    finally:
        server.shutdown()
    return figures
