"""The engine gives byte-identical JSON in real Pyodide 0.29 (Node, offline) and in CPython: every
golden case's household, plus a slice of the benchmark's synthetic roster (invalid rows included,
so the error messages are compared too). Pyodide starts once for all of them, the way the site
starts it: on the trimmed, precompiled standard library and the wheel the build ships
(builder.engine_package.make_engine), so a module the trim left out fails here."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.golden import golden

ROOT = golden.ROOT
PYODIDE = ROOT / "node_modules" / "pyodide"
RUNNER = Path(__file__).with_name("run_engine.mjs")
ROSTER_SLICE = 500
FALLBACK_DATE = "2025-10-01"
pytestmark = pytest.mark.slow


def _households() -> list[tuple[str, dict, str]]:
    from bench.engine_batch import roster

    items = [(f"{c.id} 「{c.name}」", c.household, c.household.get("date", FALLBACK_DATE)) for c in golden.all_cases()]
    for h in roster(ROSTER_SLICE):
        items.append((f"roster {h['id']}", h, h.get("date", FALLBACK_DATE)))
    return items


def _cpython(items, bundle_path: Path) -> list[str]:
    import screener
    from screener import data

    screener.use_bundle(bundle_path)
    try:
        out = []
        for _, h, date in items:
            try:
                out.append(screener.to_json(screener.evaluate(h, date=date)))
            except screener.HouseholdError as e:
                out.append(f"HouseholdError {e.path}\n{e}")
        return out
    finally:
        data.reset()


def _first_difference(a: str, b: str) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"第 {i} 个字符起不同：CPython …{a[max(0, i - 60):i + 60]}… / Pyodide …{b[max(0, i - 60):i + 60]}…"


def test_golden_cases_give_identical_json_in_pyodide(tmp_path):
    if shutil.which("node") is None or not (PYODIDE / "pyodide.mjs").exists():
        pytest.fail("需要 Node 和 node_modules/pyodide（0.29.5）：先运行 python3 build.py setup")
    version = json.loads((PYODIDE / "package.json").read_text(encoding="utf-8"))["version"]
    assert version.startswith("0.29."), f"node_modules/pyodide 是 {version}，这个测试针对 0.29"

    from builder.policies import load_policies
    from builder.policies.bundle import write_bundle
    from builder.engine_package import make_engine

    bundle_path = write_bundle(load_policies(ROOT / "policies"), tmp_path / "bundle.json")   # fresh from policies/
    engine = make_engine(json.loads(bundle_path.read_text(encoding="utf-8")), tmp_path / "engine")
    items = _households()
    expected = _cpython(items, bundle_path)
    source = tmp_path / "input.json"
    source.write_text(json.dumps({"stdlib": str(engine["stdlib"]), "lock": str(engine["lock"]),
                                  "households": [{"household": h, "date": d} for _, h, d in items]},
                                 ensure_ascii=False), encoding="utf-8")
    output = tmp_path / "output.json"
    done = subprocess.run(["node", str(RUNNER), str(PYODIDE), str(source), str(output)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"Pyodide 运行失败：\n{done.stderr[-3000:]}"
    got = json.loads(output.read_text(encoding="utf-8"))
    assert got["platform"] == "emscripten", f"不是在 Pyodide 里运行的：{got['platform']}"
    assert got["stdlib"] == "/lib/python313.zip" and got["engine"].endswith("site-packages/screener/__init__.pyc"), \
        f"没有用网站发布的标准库和引擎包：{got['stdlib']} {got['engine']}"
    assert len(got["results"]) == len(items)
    different = [f"{name}：{_first_difference(a, b)}" for (name, _, _), a, b in zip(items, expected, got["results"])
                 if a.encode("utf-8") != b.encode("utf-8")]
    assert not different, f"{len(different)} / {len(items)} 户在 Pyodide 里的结果和 CPython 不一样：\n" + \
        "\n".join(different[:10])
    golden_count = len(items) - ROSTER_SLICE
    assert golden_count > 0 and sum(1 for r in expected if r.startswith("{")) >= golden_count
