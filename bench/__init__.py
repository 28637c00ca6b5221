"""Benchmarks: performance goals measured, not guessed, with each result recorded.

Each benchmark is a module `bench/<name>.py` with `NAME`, `GOAL` (one line) and
`run() -> dict` returning its figures. `python3 build.py bench [NAME…]` runs them and
appends one entry per run to bench/RESULTS.md: date, machine, command and figures.
Figures are compared as ratios within one run: this machine is small (2 cores) and noisy.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"


def available() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))


def machine() -> str:
    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{platform.machine()}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}"


def record(name: str, goal: str, figures: dict, command: str) -> None:
    entry = [
        f"\n## {name} — {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}\n",
        f"- goal: {goal}",
        f"- command: `{command}`",
        f"- machine: {machine()}",
        "- figures:",
        *(f"  - {k}: {json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v}" for k, v in figures.items()),
    ]
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write("\n".join(entry) + "\n")


def run_benchmarks(names: list[str]) -> int:
    chosen = names or available()
    unknown = set(chosen) - set(available())
    if unknown:
        print(f"unknown benchmark(s): {', '.join(sorted(unknown))}; available: {', '.join(available())}",
              file=sys.stderr)
        return 2
    for name in chosen:
        module = importlib.import_module(f"bench.{name}")
        print(f"[bench] {name}: {module.GOAL}", flush=True)
        figures = module.run()
        for k, v in figures.items():
            print(f"  {k}: {v}")
        record(name, module.GOAL, figures, f"python3 build.py bench {name}")
    print(f"[bench] results appended to {RESULTS.relative_to(HERE.parent)}")
    return 0
