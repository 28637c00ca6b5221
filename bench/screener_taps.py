"""Screens and taps it takes five households to reach their result, and how long the result is.

Runs tests/browser/test_screener_result.py's five households (a lone elder in 枞阳, a 运城 family with a
disabled mother, a 天津 低保 household after a first job, a 鹤城 family after a fire, someone who skips
nearly everything) in Chromium on a 360×740 phone against the built site, and reads the counts the
test writes to test-output/screener-taps.json: screens shown (the review included), taps (a choice,
a button, a field; a drop-down counts two), and the result's height in screens in both modes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NAME = "screener_taps"
GOAL = "the lone elder reaches her result in ≤ 10 screens; the result is ≤ 6 screens long in 长辈模式"

ROOT = Path(__file__).resolve().parent.parent


def run() -> dict:
    site = ROOT / "site"
    if not (site / "screener" / "index.html").exists():
        raise SystemExit("build the site first: python3 build.py build")
    env = {**os.environ, "MINGBAI_TEST_SITE": str(site)}
    subprocess.run([sys.executable, "-m", "pytest", "-q", "tests/browser/test_screener_result.py", "-k",
                    "answer_comes"], cwd=ROOT, env=env, check=True)
    counts = json.loads((ROOT / "test-output" / "screener-taps.json").read_text(encoding="utf-8"))
    return {who: c for who, c in counts.items()}
