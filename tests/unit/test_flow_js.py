"""screener/web/flow.js (the screener's flow without the page) under Node's own test runner:
tests/js/flow.test.js, with the questions as the build resolved them and the golden households."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from tests.golden import golden

ROOT = golden.ROOT


@pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")
def test_flow_js_under_node(built_site, tmp_path):
    page = (built_site / "screener" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" data-mb-questions>(.*?)</script>', page, re.S)
    assert found, "the screener page carries its questions"
    questions = tmp_path / "questions.json"
    questions.write_text(found.group(1), encoding="utf-8")
    json.loads(found.group(1))
    households = tmp_path / "households.json"
    households.write_text(json.dumps([{"name": f"{c.id} {c.name}", "household": c.household}
                                      for c in golden.all_cases()], ensure_ascii=False, default=str),
                          encoding="utf-8")
    run = subprocess.run(["node", "--test", str(ROOT / "tests" / "js" / "flow.test.js")], cwd=ROOT,
                         capture_output=True, text=True, timeout=120,
                         env={"PATH": os.environ["PATH"], "MINGBAI_QUESTIONS": str(questions),
                              "MINGBAI_HOUSEHOLDS": str(households)})
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
