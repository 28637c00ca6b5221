"""Every golden case (tests/golden/cases/**.yaml) against the engine: statuses, amounts, office,
details and the clause each case checks. A case marked `xfail:` is a known disagreement between
the engine and the documents (strict: it must still fail, so a fix is noticed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.cli import fresh_bundle
from tests.golden import golden

fresh_bundle()   # collection reads the programme ids from the bundle: make it current first
CASES = golden.all_cases()


def _param(case: golden.Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.fixture(scope="session")
def policies():
    from builder.policies import load_policies

    return load_policies(golden.ROOT / "policies")


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_golden_case(case: golden.Case, policies):
    assert not case.problems, golden.failure_message(case, case.problems)
    assert "date" in case.household, golden.failure_message(case, ["household 里要写 date：金额按那天有效的标准计算"])
    assert case.expect, golden.failure_message(case, ["还没有写 expect（期望结果）"])
    assert policies.cite(case.checks) is not None, golden.failure_message(
        case, [f"checks 写的条款 {case.checks} 在 policies/ 里找不到"])
    result = golden.evaluate(case)
    problems = golden.compare(case, result)
    assert not problems, golden.failure_message(case, problems)


def test_every_programme_and_jurisdiction_is_covered():
    """At least five cases per programme (referrals together) and cases in every jurisdiction."""
    import screener
    from screener import data

    counts: dict[str, int] = {}
    places: set[str] = set()
    kinds = {pid: p.kind for pid, p in data.bundle().programs.items()}
    for case in CASES:
        places.add(case.household.get("jurisdiction"))
        for key in case.expect or {}:
            if key in kinds:
                group = "referrals" if kinds[key] == "referral" else key
                counts[group] = counts.get(group, 0) + 1
    short = {g: n for g, n in counts.items() if n < 5}
    for pid, kind in kinds.items():
        if kind == "cash" and pid not in counts:
            short[pid] = 0
    assert not short, f"每个项目至少要有 5 个案例；不够的：{short}"
    missing = {j["id"] for j in screener.list_jurisdictions()} - places
    assert not missing, f"这些地区还没有案例：{sorted(missing)}"


def test_case_files_live_under_their_jurisdiction():
    wrong = [f"{c.where}: household.jurisdiction 是 {c.household.get('jurisdiction')}，文件却在 "
             f"{Path(c.file).parent.name}/ 下" for c in CASES
             if c.household.get("jurisdiction") != Path(c.file).parent.name]
    assert not wrong, "\n".join(wrong)
