"""`python -m screener batch`: many households in (JSONL or CSV), one result per row out.

A row that cannot be read or fails the household contract is reported (row number, field
path, reason) on standard error and in the output, and the run goes on.
"""

from __future__ import annotations

import csv
import gc
import json
import os
import sys
import time
from pathlib import Path

import screener
from screener import data, jsonout
from screener.household import EXPENSE_KINDS, INCOME_KINDS, MEMBER_FIELDS, MAX_MEMBERS, HouseholdError

CSV_HELP = """\
input: .jsonl (one household JSON object per line; blank lines are skipped) or .csv.
CSV columns (header row required; an empty cell means "don't know"; any column may be left out):
  id                       your own row identifier, copied to the output
  jurisdiction, date       as in the household JSON (--jurisdiction / --date override)
  area                     rural | urban
  hukou_township, residence_township, residence_permit
  supporters               none | unable | able
  last_year_income, assets_over_limit, dibao_monthly_current
  receiving                programme ids separated by spaces or ;  (e.g. "dibao")
  emergency_kind, emergency_township
  income_farming, income_business, income_property, income_support_received, income_basic_pension, income_other
  expenses_medical, expenses_education
  m1_age, m1_labor, m1_disability_category, m1_disability_grade, m1_serious_illness, m1_self_care,
  m1_student, m1_wages_monthly, m1_newly_employed   … and the same for m2_ … m20_ (m1 is the applicant)
  members                  instead of the m<n>_ columns: the members list as JSON
  true/false cells accept true, false, 1, 0, 是, 否.
output: .jsonl — one line per input row: {"row", "id", "ok": true, "result": {…}} or {"row", "id", "ok": false,
  "error": {"path", "message"}}; .csv — one line per input row with each programme's status, amount and office.
Rows rejected are also listed on standard error; the exit code is 0 once the run completes.
"""

_TRUE = {"true": True, "1": True, "是": True, "yes": True, "false": False, "0": False, "否": False, "no": False}
_MEMBER_COLUMNS = [f for f in MEMBER_FIELDS if f != "disability"] + ["disability_category", "disability_grade"]
_NUMBER_FIELDS = {"age", "disability_grade", "wages_monthly", "last_year_income", "dibao_monthly_current"}
_BOOL_FIELDS = {"residence_permit", "assets_over_limit", "serious_illness", "newly_employed"}


class RowError(Exception):
    def __init__(self, path: str, message: str, row_id=None):
        super().__init__(message)
        self.path, self.message, self.row_id = path, message, row_id


def _cell(value: str, column: str, path: str):
    """Turn a CSV cell into JSON-like data: empty → None, numbers, true/false, else text."""
    v = value.strip()
    if v == "":
        return None
    kind = column.split("_", 1)[1] if column[:1] == "m" and column[1:2].isdigit() else column
    if kind in _BOOL_FIELDS:
        if v.lower() in _TRUE:
            return _TRUE[v.lower()]
        raise RowError(path, f"列 {column}：应为 true 或 false（也可写 1/0、是/否），实际是 \"{v}\"")
    if kind in _NUMBER_FIELDS or column.startswith(("income_", "expenses_")):
        try:
            n = float(v)
        except ValueError:
            raise RowError(path, f"列 {column}：应为数字，实际是 \"{v}\"") from None
        return int(n) if n.is_integer() and kind in ("age", "disability_grade") else n
    return v


def csv_household(row: dict) -> dict:
    """One CSV row (header → cell) as a household dict in the contract's shape."""
    h: dict = {}
    members: dict[int, dict] = {}
    income: dict = {}
    expenses: dict = {}
    emergency: dict = {}
    for column, value in row.items():
        if column is None:
            raise RowError("", "这一行的格子比表头多")
        column = column.strip()
        if value is None:
            continue
        if column == "members":
            if value.strip():
                try:
                    h["members"] = json.loads(value)
                except json.JSONDecodeError as e:
                    raise RowError("members", f"列 members：JSON 格式错误（{e.msg}）") from None
            continue
        if column[:1] == "m" and column[1:2].isdigit() and "_" in column:
            num, _, field = column[1:].partition("_")
            if not num.isdigit() or not 1 <= int(num) <= MAX_MEMBERS or field not in _MEMBER_COLUMNS:
                raise RowError(column, f"不认识的列 {column}；成员列写成 m1_age … m{MAX_MEMBERS}_age，字段："
                                       f"{'、'.join(_MEMBER_COLUMNS)}")
            i = int(num) - 1
            cell = _cell(value, column, f"members[{i}].{field}")
            if cell is not None:
                members.setdefault(i, {})[field] = cell
            continue
        if column.startswith("income_") and column[7:] in INCOME_KINDS:
            income[column[7:]] = _cell(value, column, f"income_monthly.{column[7:]}")
        elif column.startswith("expenses_") and column[9:] in EXPENSE_KINDS:
            expenses[column[9:]] = _cell(value, column, f"expenses_year.{column[9:]}")
        elif column in ("emergency_kind", "emergency_township"):
            cell = _cell(value, column, f"emergency.{column[10:]}")
            if cell is not None:
                emergency[column[10:]] = cell
        elif column == "receiving":
            v = value.replace(";", " ").split()
            h["receiving"] = v if value.strip() else None
        elif column in ("id", "jurisdiction", "date", "area", "hukou_township", "residence_township",
                        "residence_permit", "supporters", "last_year_income", "assets_over_limit",
                        "dibao_monthly_current"):
            h[column] = _cell(value, column, column)
        else:
            raise RowError(column, f"不认识的列 {column}；列名见 python -m screener batch --help")
    if members:
        if "members" in h:
            raise RowError("members", "members 列和 m<n>_ 列只能用一种")
        last = max(members)
        missing = [i for i in range(last + 1) if i not in members]
        if missing:
            raise RowError(f"members[{missing[0]}]", f"第 {missing[0] + 1} 位成员的列是空的，但后面还有成员")
        out = []
        for i in range(last + 1):
            m = members[i]
            cat, grade = m.pop("disability_category", None), m.pop("disability_grade", None)
            if cat is not None or grade is not None:
                m["disability"] = {"category": cat, "grade": grade}
            out.append(m)
        h["members"] = out
    if any(v is not None for v in income.values()):
        h["income_monthly"] = income
    if any(v is not None for v in expenses.values()):
        h["expenses_year"] = expenses
    if emergency:
        h["emergency"] = emergency
    return h


def _rows(path: Path):
    """Yield (row number, household dict | RowError)."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            for n, row in enumerate(csv.DictReader(f), start=1):
                try:
                    yield n, csv_household(row)
                except RowError as e:
                    e.row_id = (row.get("id") or "").strip() or None
                    yield n, e
        return
    with path.open(encoding="utf-8") as f:
        n = 0
        for line in f:
            if not line or line.isspace():     # = not line.strip(), without copying the line
                continue
            n += 1
            try:
                yield n, _load(line)
            except json.JSONDecodeError as e:
                yield n, RowError("", f"JSON 格式错误（第 {e.colno} 列：{e.msg}）")


_scan = json.JSONDecoder().scan_once


def _load(line: str):
    """json.loads(line), without its Python wrapper for the usual line (an object, then the newline);
    anything else goes to json.loads itself, which gives the same object or the same error."""
    try:
        obj, end = _scan(line, 0)
    except (StopIteration, ValueError):
        return json.loads(line)
    if end == len(line) or not line[end:].strip(" \t\n\r"):
        return obj
    return json.loads(line)


def _count(path: Path) -> int | None:
    try:
        with path.open("rb") as f:
            lines = sum(1 for line in f if line.strip())
        return lines - 1 if path.suffix.lower() == ".csv" else lines
    except OSError:
        return None


class _Progress:
    def __init__(self, total: int | None, enabled: bool):
        self.total, self.enabled = total, enabled
        self.start = self.last = time.monotonic()

    def tick(self, done: int, rejected: int, final: bool = False):
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self.last < 0.2:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-9)
        if self.total:
            width = 30
            filled = int(width * done / max(self.total, 1))
            bar = "█" * filled + "░" * (width - filled)
            text = f"\r{bar} {done}/{self.total} 行  {rate:,.0f} 行/秒  拒收 {rejected}"
        else:
            text = f"\r已处理 {done} 行  {rate:,.0f} 行/秒  拒收 {rejected}"
        sys.stderr.write(text + ("\n" if final else ""))
        sys.stderr.flush()


def _csv_header(program_ids: list[str]) -> list[str]:
    head = ["row", "id", "error_path", "error", "jurisdiction", "date", "household_size",
            "counted_monthly_per_person"]
    for pid in program_ids:
        head += [f"{pid}_status", f"{pid}_amount", f"{pid}_office"]
    return head


def run(input_path: str, output_path: str, jurisdiction: str | None = None, date: str | None = None,
        progress: bool = False) -> int:
    src, out = Path(input_path), Path(output_path)
    if not src.exists():
        raise HouseholdError("", f"找不到输入文件 {input_path}")
    if src.suffix.lower() not in (".jsonl", ".csv", ".json", ".ndjson"):
        raise HouseholdError("", f"输入文件应为 .jsonl 或 .csv，实际是 {src.name}")
    if out.suffix.lower() not in (".jsonl", ".csv", ".ndjson"):
        raise HouseholdError("-o", f"输出文件应为 .jsonl 或 .csv，实际是 {out.name}")
    as_csv = out.suffix.lower() == ".csv"
    program_ids = list(data.bundle().programs)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    bar = _Progress(_count(src) if progress else None, progress)
    done = rejected = 0
    rejects: list[str] = []
    evaluate = screener.evaluate
    data.bundle()
    gc.freeze()   # the bundle lives for the whole run: keep the collector from rescanning it
    # JSONL is written as bytes: the parts results share are kept already encoded (screener/jsonout.py).
    with (tmp.open("w", encoding="utf-8", newline="") if as_csv else tmp.open("wb", buffering=1 << 20)) as f:
        writer = None
        if as_csv:
            writer = csv.writer(f)
            writer.writerow(_csv_header(program_ids))
        for n, household in _rows(src):
            row_id = household.get("id") if isinstance(household, dict) else getattr(household, "row_id", None)
            try:
                if isinstance(household, RowError):
                    raise HouseholdError(household.path, household.message)
                result = evaluate(household, jurisdiction=jurisdiction, date=date)
                error = None
            except HouseholdError as e:
                result, error = None, e
                rejected += 1
                rejects.append(f"第 {n} 行{f'（id {row_id}）' if row_id is not None else ''}：{e}")
            done += 1
            if as_csv:
                writer.writerow(_csv_row(n, row_id, result, error, program_ids))
            elif error is None:
                f.write(b"".join((f'{{"row":{n},"id":{_id_json(row_id)},"ok":true,"result":'.encode(),
                                  jsonout.dumps_utf8(result), b"}\n")))
            else:
                f.write((json.dumps({"row": n, "id": row_id, "ok": False,
                                     "error": {"path": error.path, "message": error.message}}, ensure_ascii=False)
                         + "\n").encode())
            if progress:
                bar.tick(done, rejected)
    os.replace(tmp, out)
    bar.tick(done, rejected, final=True)
    for line in rejects[:50]:
        print(f"拒收 {line}", file=sys.stderr)
    if len(rejects) > 50:
        print(f"……还有 {len(rejects) - 50} 行被拒收，详见 {output_path}", file=sys.stderr)
    print(f"完成：{done} 行，{done - rejected} 行有结果，{rejected} 行被拒收；结果写入 {output_path}", file=sys.stderr)
    return 0


def _id_json(row_id) -> str:
    """json.dumps(row_id, ensure_ascii=False), quicker for the usual text id."""
    return jsonout.encode_string(row_id) if type(row_id) is str else json.dumps(row_id, ensure_ascii=False)


def _csv_row(n, row_id, result, error, program_ids) -> list:
    if error is not None:
        return [n, row_id or "", error.path, error.message] + [""] * (4 + 3 * len(program_ids))
    by_id = {p["id"]: p for p in result["programs"]}
    row = [n, row_id or "", "", "", result["jurisdiction"]["id"], result["date"], result["household_size"],
           result["income"]["counted_monthly_per_person"]]
    for pid in program_ids:
        p = by_id.get(pid)
        if p is None:
            row += ["", "", ""]
        else:
            row += [p["status"], "" if p["monthly_amount"] is None else p["monthly_amount"], p["apply_at"]["office"]]
    return row
