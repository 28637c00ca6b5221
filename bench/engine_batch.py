"""Batch throughput of the eligibility engine on a synthetic 100,000-household roster.

The roster is generated from a fixed seed (same households every run): every jurisdiction, sizes
1–8, ages, disabilities, wages and other income, some answers skipped (null), some current 低保
recipients, emergencies, and one row in a thousand deliberately invalid (the batch must list it
and go on). Measured: `python -m screener batch` over the JSONL file (a fresh interpreter: start-up,
reading, evaluating, writing), and the same evaluation in this process (json.loads → evaluate →
to_json per line), each as households per second.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAME = "engine_batch"
GOAL = "python -m screener batch: ≥ 10,000 households/s in one process on a 100,000-household roster"
TARGET = 10_000
ROSTER_SIZE = 100_000
SEED = 20261123
ROOT = Path(__file__).resolve().parent.parent

_DATES = ("2025-10-01", "2025-10-01", "2025-10-01", "2026-03-01")
_INCOME = ("farming", "business", "property", "support_received", "basic_pension", "other")


def _offices(jid: str) -> list[str]:
    from screener import data

    return sorted(data.bundle().jurisdictions[jid].offices)


def _member(r: random.Random, age: int) -> dict:
    m: dict = {"age": age}
    if age >= 16:
        m["labor"] = r.choices(("full", "partial", "none", None), (6, 2, 2, 1))[0] if age < 60 else \
            r.choices(("partial", "none", None), (2, 6, 1))[0]
        if m["labor"] in ("full", "partial") and r.random() < 0.85:
            m["wages_monthly"] = r.choice((0, 0, r.randrange(300, 5000), round(r.uniform(100, 3000), 2)))
        elif r.random() < 0.8:
            m["wages_monthly"] = 0
        if r.random() < 0.05:
            m["newly_employed"] = True
    if r.random() < 0.08:
        m["disability"] = {"category": r.choice(("physical", "visual", "hearing", "speech", "intellectual", "mental",
                                                 "multiple")), "grade": r.randint(1, 4)}
    if r.random() < 0.05:
        m["serious_illness"] = True
    if age >= 60 or "disability" in m or r.random() < 0.1:
        m["self_care"] = r.choices(("full", "partial", "none", None), (6, 2, 1, 1))[0]
    if 15 <= age <= 22 and r.random() < 0.5:
        m["student"] = r.choice(("high_school", "vocational", "college"))
    return m


def household(r: random.Random, jid: str, offices: list[str], row: int) -> dict:
    size = r.choices(range(1, 9), (18, 26, 24, 16, 9, 4, 2, 1))[0]
    ages = [r.randint(18, 90)] + [r.choice((r.randint(0, 17), r.randint(18, 59), r.randint(60, 95)))
                                  for _ in range(size - 1)]
    h: dict = {"id": f"r{row:06d}", "jurisdiction": jid, "date": r.choice(_DATES),
               "area": r.choices(("rural", "urban", None), (5, 4, 1))[0],
               "members": [_member(r, a) for a in ages]}
    if r.random() < 0.9:
        h["hukou_township"] = r.choice(offices)
    if r.random() < 0.1:
        h["residence_township"] = r.choice(offices)
        h["residence_permit"] = r.random() < 0.7
    if r.random() < 0.9:
        h["income_monthly"] = {k: (r.choice((0, 0, 0, r.randrange(50, 2000))) if r.random() < 0.95 else None)
                               for k in _INCOME}
    h["supporters"] = r.choices(("none", "unable", "able", None), (2, 2, 5, 1))[0]
    if r.random() < 0.3:
        h["last_year_income"] = r.randrange(0, 80000)
        h["expenses_year"] = {"medical": r.choice((0, r.randrange(0, 60000))), "education": r.choice((0, 0, 8000))}
    h["assets_over_limit"] = r.choices((False, True, None), (7, 1, 2))[0]
    if r.random() < 0.25:
        h["receiving"] = ["dibao"]
        h["dibao_monthly_current"] = r.randrange(100, 2000)
    else:
        h["receiving"] = []
    if r.random() < 0.05:
        h["emergency"] = {"kind": r.choice(("fire", "flood", "accident", "illness", "other")),
                          "township": r.choice(offices + [None])}
    return h


def roster(n: int = ROSTER_SIZE, seed: int = SEED, invalid_every: int = 1000, place: str | None = None):
    """Yield `n` households (dicts), the same ones for the same seed; every `invalid_every`-th is invalid.
    All in `place` if given (its townships), else in every place."""
    import screener

    r = random.Random(seed)
    places = [j["id"] for j in screener.list_jurisdictions()]
    offices = {j: _offices(j) for j in places}
    for row in range(1, n + 1):
        jid = r.choice(places) if place is None else place
        h = household(r, jid, offices[jid], row)
        if invalid_every and row % invalid_every == 0:
            h["members"][0]["age"] = 131     # rejected with members[0].age; the run must go on
        yield h


def write_roster(path: Path, n: int = ROSTER_SIZE, seed: int = SEED) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as f:
        for h in roster(n, seed):
            f.write(json.dumps(h, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    return count


def write_csv_roster(path: Path, n: int, seed: int = SEED, encoding: str = "utf-8", place: str | None = None) -> int:
    """The same households as a caseworker's CSV roster (staff/discover/, `batch` on .csv)."""
    from screener.roster import csv_table

    households = list(roster(n, seed, place=place))
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(csv_table(households))
    return len(households)


def _in_process(lines: list[str]) -> tuple[float, float, int]:
    """(seconds for json.loads → evaluate → to_json per line, seconds for evaluate alone, rejected)."""
    import screener

    evaluate, to_json, error = screener.evaluate, screener.to_json, screener.HouseholdError
    parsed = [json.loads(line) for line in lines]
    start = time.perf_counter()
    rejected = 0
    for line in lines:
        try:
            to_json(evaluate(json.loads(line)))
        except error:
            rejected += 1
    full = time.perf_counter() - start
    start = time.perf_counter()
    for h in parsed:
        try:
            evaluate(h)
        except error:
            pass
    return full, time.perf_counter() - start, rejected


def run() -> dict:
    from screener.cli import fresh_bundle

    fresh_bundle()
    with tempfile.TemporaryDirectory(prefix="mingbai-bench-") as tmp:
        src, out = Path(tmp) / "roster.jsonl", Path(tmp) / "results.jsonl"
        rows = write_roster(src, ROSTER_SIZE)
        cmd = [sys.executable, "-m", "screener", "batch", str(src), "-o", str(out), "--no-progress"]
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        cli_seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"screener batch failed ({done.returncode}):\n{done.stderr[-2000:]}")
        written = rejected_cli = 0
        out_bytes = out.stat().st_size
        with out.open(encoding="utf-8") as f:
            for line in f:   # ~9 KB a result: count, do not parse 100,000 of them
                written += 1
                head = line[:120]
                rejected_cli += '"ok":false' in head or '"ok": false' in head
        lines = src.read_text(encoding="utf-8").splitlines()
    full, evaluate_only, rejected = _in_process(lines)
    cli_rate = rows / cli_seconds
    return {
        "roster": f"{rows} households (seed {SEED}), {rejected_cli} rejected on purpose",
        "batch_command": "python -m screener batch roster.jsonl -o results.jsonl --no-progress",
        "batch_cli_seconds": round(cli_seconds, 2),
        "batch_cli_households_per_s": round(cli_rate),
        "in_process_seconds": round(full, 2),
        "in_process_households_per_s": round(rows / full),
        "evaluate_only_households_per_s": round(rows / evaluate_only),
        "results_written": written,
        "result_bytes_per_household": round(out_bytes / max(written, 1)),
        "target_households_per_s": TARGET,
        "target_met": cli_rate >= TARGET,
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for k, v in run().items():
        print(f"{k}: {v}")

