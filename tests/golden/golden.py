"""Golden cases: households written by hand with the answer the documents give, kept as YAML data
under tests/golden/cases/<jurisdiction>/ (format and how to add one: docs/staff/golden-cases.md).

Used by tests/golden/test_golden.py (every case, parametrised), tests/pyodide/ (every household
again inside Pyodide) and `python3 build.py case FILE.yaml` (office staff check one file, or get
the screener's answer as an `expect:` block to review and paste).

A case file holds one case (a mapping) or several (a list of mappings):

    name: 运城城市三口之家，一人务工            # what the case is, in a caseworker's words
    checks: yuncheng-2021-59/2.1.5             # the clause it checks (must appear among the result's sources)
    why: 就业成本按城市低保标准的30%扣减         # one line: why the expected answer follows from that clause
    cited: false                               # optional: the result need not name the clause (e.g. it picks the office)
    xfail: "..."                               # optional: the engine disagrees with the documents (a known bug)
    household: {jurisdiction: yuncheng, date: 2025-10-01, members: [...], ...}   # the contract's household
    expect:
      household_size: 3
      income: {counted_monthly_total: 1311, counted_monthly_per_person: 437}
      dibao: {status: likely, monthly_amount: 579, standard_monthly: 630, office: yanhu,
              details: {inclusion: household}, cites: [yuncheng-2021-59/2.1.5]}
      not_offered: [dibian]

Matching: numbers within 0.01 yuan; a mapping matches when every key written is there and
matches (keys not written are not checked); a list must have the same length, item by item.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from screener.status import STATUS_WORDS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CASES_DIR = HERE / "cases"

CASE_KEYS = ("name", "checks", "why", "cited", "xfail", "household", "expect", "note")
TOP_EXPECT = ("household_size", "income", "warnings_contain", "not_offered")
PROGRAM_EXPECT = ("status", "monthly_amount", "standard_monthly", "office", "apply_at", "details", "cites",
                  "reason_text")
STATUSES = ("likely", "possible", "unlikely")
TOLERANCE = 0.01


class CaseFileError(Exception):
    """A case file that cannot be read as cases: str() names file:line and what is wrong."""


@dataclass
class Case:
    file: Path
    index: int | None          # position in a file of several cases, else None
    line: int | None
    name: str
    checks: str
    why: str
    household: dict
    expect: dict | None
    xfail: str | None = None
    note: str | None = None
    cited: bool = True         # false: the clause decides the case but the result need not name it (e.g. the office)
    problems: list[str] = field(default_factory=list)   # shape problems found while loading

    @property
    def where(self) -> str:
        rel = _rel(self.file)
        return f"{rel}:{self.line}" if self.line else rel

    @property
    def id(self) -> str:
        """ASCII test id (pytest escapes Chinese): file and number; the name is in every message."""
        rel = self.file.relative_to(CASES_DIR).as_posix() if self.file.is_relative_to(CASES_DIR) else self.file.name
        return rel if self.index is None else f"{rel}#{self.index + 1}"


def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _plain(value):
    """YAML dates → ISO strings, recursively (the household contract takes strings)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def load_file(path: Path) -> list[Case]:
    """Read one case file; raise CaseFileError (file:line, what is wrong) if it is not cases at all."""
    from builder.errors import PolicyDataError
    from builder.yamlfile import load_yaml

    path = Path(path)
    if not path.exists():
        raise CaseFileError(f"找不到文件 {path}")
    try:
        data, lines = load_yaml(path.resolve(), ROOT)
    except PolicyDataError as e:
        raise CaseFileError("\n".join(str(p) for p in e.problems)) from None
    rel = _rel(path)
    if isinstance(data, dict):
        items, several = [data], False
    elif isinstance(data, list) and data:
        items, several = data, True
    else:
        raise CaseFileError(f"{rel}: 文件里应是一个案例（name、checks、why、household、expect），或案例的列表")
    cases = []
    for i, raw in enumerate(items):
        prefix = f"[{i}]" if several else ""
        line = lines.line(prefix) if prefix else 1
        if not isinstance(raw, dict):
            raise CaseFileError(f"{rel}:{line}: 第 {i + 1} 个案例应是一个对象（name、checks、why、household、expect）")
        problems = []
        for key in raw:
            if key not in CASE_KEYS:
                problems.append(f"{rel}:{lines.line(_join(prefix, key))}: 不认识的字段 {key}；"
                                f"允许：{'、'.join(CASE_KEYS)}")
        for key in ("name", "checks", "why"):
            if not isinstance(raw.get(key), str) or not raw.get(key).strip():
                problems.append(f"{rel}:{lines.line(_join(prefix, key))}: 必须写 {key}（一行文字）")
        household = raw.get("household")
        if not isinstance(household, dict):
            raise CaseFileError(f"{rel}:{lines.line(_join(prefix, 'household'))}: 必须写 household（家庭情况，"
                                "格式见 ../shared/contract.md）")
        expect = raw.get("expect")
        if expect is not None and not isinstance(expect, dict):
            problems.append(f"{rel}:{lines.line(_join(prefix, 'expect'))}: expect 应是一个对象")
            expect = None
        if expect:
            problems += _check_expect_shape(expect, rel, lines, _join(prefix, "expect"))
        xfail = raw.get("xfail")
        cases.append(Case(file=path, index=i if several else None, line=line,
                          name=str(raw.get("name") or f"案例{i + 1}").strip(), checks=str(raw.get("checks") or "").strip(),
                          why=str(raw.get("why") or "").strip(), household=_plain(household),
                          expect=_plain(expect) if expect else None,
                          xfail=str(xfail).strip() if xfail else None, note=raw.get("note"),
                          cited=raw.get("cited", True) is not False, problems=problems))
    return cases


def _join(prefix: str, key) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


def _check_expect_shape(expect: dict, rel: str, lines, path: str) -> list[str]:
    out = []
    programs = _program_ids()
    for key, value in expect.items():
        where = f"{rel}:{lines.line(_join(path, key))}"
        if key in TOP_EXPECT:
            continue
        if key not in programs:
            out.append(f"{where}: expect 里不认识 {key}；可写：{'、'.join(TOP_EXPECT)}，或项目编号 {'、'.join(programs)}")
            continue
        if not isinstance(value, dict):
            out.append(f"{where}: expect.{key} 应是一个对象（status、monthly_amount、office …）")
            continue
        for k in value:
            if k not in PROGRAM_EXPECT:
                out.append(f"{rel}:{lines.line(_join(_join(path, key), k))}: expect.{key} 里不认识 {k}；"
                           f"可写：{'、'.join(PROGRAM_EXPECT)}")
        if "status" in value and value["status"] not in STATUSES:
            out.append(f"{where}: expect.{key}.status 应为 {'、'.join(STATUSES)} 之一")
    return out


def _program_ids() -> list[str]:
    from screener import data

    return list(data.bundle().programs)


def all_case_files() -> list[Path]:
    return sorted(CASES_DIR.rglob("*.yaml"))


def all_cases() -> list[Case]:
    out = []
    for path in all_case_files():
        out += load_file(path)
    return out


# --- running and comparing -----------------------------------------------------------------------------------------

def evaluate(case: Case) -> dict:
    import screener

    return screener.evaluate(case.household)


def _sources(node, out: set) -> set:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "source" and isinstance(v, str):
                out.add(v)
            else:
                _sources(v, out)
    elif isinstance(node, list):
        for v in node:
            _sources(v, out)
    return out


def _cites(sources, clause: str) -> bool:
    """`clause` is cited when a source is that clause or one of its sentences (x/2.1 ← x/2.1.5)."""
    return any(s == clause or s.startswith(clause + ".") for s in sources)


def _num(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _show(x) -> str:
    if x is None:
        return "null（空）"
    if isinstance(x, bool):
        return "true" if x else "false"
    if _num(x):
        return f"{x:g}" if isinstance(x, float) and math.isfinite(x) else str(x)
    if isinstance(x, str):
        return x
    return json.dumps(x, ensure_ascii=False)


def _match(expected, got, path: str, out: list[str]) -> None:
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            out.append(f"{path}：应为对象 {_show(expected)}，引擎给出 {_show(got)}")
            return
        for k, v in expected.items():
            if k not in got:
                out.append(f"{path}.{k}：应为 {_show(v)}，引擎的结果里没有这一项")
            else:
                _match(v, got[k], f"{path}.{k}", out)
    elif isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            out.append(f"{path}：应为 {_show(expected)}，引擎给出 {_show(got)}")
            return
        for i, (e, g) in enumerate(zip(expected, got)):
            _match(e, g, f"{path}[{i}]", out)
    elif _num(expected):
        if not _num(got) or abs(expected - got) > TOLERANCE:
            out.append(f"{path}：应为 {_show(expected)}，引擎给出 {_show(got)}")
    elif expected != got:
        out.append(f"{path}：应为 {_show(expected)}，引擎给出 {_show(got)}")


def compare(case: Case, result: dict) -> list[str]:
    """Every way the result differs from what the case expects, one readable line each."""
    out: list[str] = []
    expect = case.expect or {}
    sources = _sources(result, set())
    if case.cited and case.checks and not _cites(sources, case.checks):
        out.append(f"结果的理由里没有引用所检查的条款 {case.checks}（每条理由都要注明依据的条款）")
    if "household_size" in expect:
        _match(expect["household_size"], result["household_size"], "household_size（共同生活人数）", out)
    if "income" in expect:
        _match(expect["income"], result["income"], "income（核算后的收入）", out)
    for text in expect.get("warnings_contain") or []:
        if not any(text in w for w in result["warnings"]):
            out.append(f"warnings：没有一条提示含有“{text}”")
    by_id = {p["id"]: p for p in result["programs"]}
    for pid in expect.get("not_offered") or []:
        if pid in by_id:
            out.append(f"{pid}：这个地区不应列出该项目，引擎列出了（{by_id[pid]['status']}）")
    for pid, want in expect.items():
        if pid in TOP_EXPECT:
            continue
        got = by_id.get(pid)
        if got is None:
            out.append(f"{pid}：结果里没有这个项目（这个地区的 programs 里有没有它？）")
            continue
        label = f"{got['name']}（{pid}）"
        if "status" in want and want["status"] != got["status"]:
            out.append(f"{label} status：应为 {want['status']}（{STATUS_WORDS.get(want['status'], '?')}），"
                       f"引擎给出 {got['status']}（{STATUS_WORDS.get(got['status'], '?')}）")
        for key in ("monthly_amount", "standard_monthly"):
            if key in want:
                _match(want[key], got[key], f"{label} {key}", out)
        if "office" in want:
            _match(want["office"], got["apply_at"]["office"], f"{label} apply_at.office（去哪里）", out)
        if "apply_at" in want:
            _match(want["apply_at"], got["apply_at"], f"{label} apply_at", out)
        if "details" in want:
            _match(want["details"], got["details"], f"{label} details", out)
        program_sources = _sources(got["reasons"], set())
        for clause in want.get("cites") or []:
            if not _cites(program_sources, clause):
                out.append(f"{label}：理由里没有引用条款 {clause}（引用了：{'、'.join(sorted(program_sources)) or '无'}）")
        for text in want.get("reason_text") or []:
            if not any(text in r["text"] for r in got["reasons"]):
                out.append(f"{label}：没有一条理由含有“{text}”")
    return out


def header(case: Case) -> str:
    return (f"案例「{case.name}」（{case.where}）\n"
            f"  检查条款：{case.checks} —— {case.why}")


def failure_message(case: Case, problems: list[str]) -> str:
    return header(case) + "\n" + "\n".join(f"  ✗ {p}" for p in problems)


# --- an `expect:` block from the screener's answer, for staff to review ----------------------------------------------

_DETAIL_KEYS = ("inclusion", "category", "single_person", "gradual_exit", "care", "basic_standard", "green_channel",
                "expense_type", "types", "income_line", "living_subsidy", "care_subsidy", "advance_relief")


def suggest_expect(result: dict) -> dict:
    """What the screener says, in the `expect:` shape (the figures and facts a caseworker checks)."""
    out: dict = {"household_size": result["household_size"],
                 "income": {"counted_monthly_total": result["income"]["counted_monthly_total"],
                            "counted_monthly_per_person": result["income"]["counted_monthly_per_person"]}}
    for p in result["programs"]:
        want: dict = {"status": p["status"]}
        if p["monthly_amount"] is not None or p["details"].get("kind") == "cash":
            want["monthly_amount"] = p["monthly_amount"]
        if p["standard_monthly"] is not None:
            want["standard_monthly"] = p["standard_monthly"]
        want["office"] = p["apply_at"]["office"]
        details = {k: p["details"][k] for k in _DETAIL_KEYS if k in p["details"]}
        ge = details.get("gradual_exit")
        if isinstance(ge, dict):
            details["gradual_exit"] = {k: v for k, v in ge.items() if k != "source"}
        if details:
            want["details"] = details
        out[p["id"]] = want
    return out


def suggest_yaml(case: Case, result: dict) -> str:
    import yaml

    block = {"expect": suggest_expect(result)}
    text = yaml.safe_dump(block, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
    return text


# --- one file, for `python3 build.py case FILE.yaml` -----------------------------------------------------------------

def check_file(path: Path, write=print, cite=None) -> int:
    """Check every case in one file and print a verdict for each; 0 all pass, 1 a case disagrees, 2 bad file.
    `cite` (Policies.cite) also checks that each `checks:` clause exists."""
    import screener

    try:
        cases = load_file(Path(path))
    except CaseFileError as e:
        write(f"✗ 案例文件有问题：\n{e}")
        return 2
    worst = 0
    for case in cases:
        if case.problems:
            write(f"✗ {header(case)}\n" + "\n".join(f"  {p}" for p in case.problems))
            worst = max(worst, 2)
            continue
        if cite is not None and cite(case.checks) is None:
            write(f"✗ {header(case)}\n  checks 写的条款 {case.checks} 在 policies/ 里找不到；"
                  "编号写法见 docs/staff/golden-cases.md（例如 yuncheng-2021-59/2.1.5）")
            worst = max(worst, 2)
            continue
        if "date" not in case.household:
            write(f"✗ {header(case)}\n  household 里要写 date（例如 date: {dt.date.today().isoformat()}）："
                  "金额按那天有效的标准计算，不写的话结果每天都可能变。")
            worst = max(worst, 2)
            continue
        try:
            result = evaluate(case)
        except screener.HouseholdError as e:
            write(f"✗ {header(case)}\n  家庭信息有误：{e}")
            worst = max(worst, 2)
            continue
        if not case.expect:
            write(f"？ {header(case)}\n  还没有写期望结果（expect）。下面是筛查工具现在的答案；请逐项对照文件核对，"
                  "对的就把它粘贴到案例文件里（和 household 对齐），不对的改成文件规定的结果：\n")
            write(suggest_yaml(case, result))
            worst = max(worst, 1)
            continue
        problems = compare(case, result)
        if not problems and case.xfail:
            write(f"！ {header(case)}\n  标记为已知不一致（xfail：{case.xfail}），但现在结果已经对了：请删掉 xfail 这一行。")
            worst = max(worst, 1)
        elif not problems:
            write(f"✓ 通过：{case.name}（{case.checks}）")
        elif case.xfail:
            write(f"～ 已知不一致（xfail：{case.xfail}）\n{failure_message(case, problems)}")
        else:
            write(f"✗ 不一致\n{failure_message(case, problems)}")
            worst = max(worst, 1)
    return worst
