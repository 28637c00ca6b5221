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
from screener.household import HouseholdError
from screener.roster import ENCODINGS, RosterError, RowError, count_rows, read_rows

CSV_HELP = """\
input: .jsonl (one household JSON object per line, UTF-8; blank lines are skipped), .csv (UTF-8 with or
  without BOM, or GBK/GB18030 as Excel saves it on a Chinese Windows: guessed, or set with --encoding), or .xlsx
  (the first sheet, same columns as the CSV).
CSV columns (header row required; an empty cell means "don't know"; any column may be left out):
  id                       your own row identifier, copied to the output
  jurisdiction, date       as in the household JSON (--jurisdiction / --date override)
  area                     rural | urban
  hukou_township, residence_township, residence_permit
  supporters               none | unable | able | not_supporting
  last_year_income, assets_over_limit, dibao_monthly_current
  receiving                programme ids separated by spaces or ;  (e.g. "dibao"); 无 (or none) = nothing
  emergency_kind, emergency_township
  income_farming, income_business, income_property, income_support_received, income_basic_pension, income_other
  expenses_medical, expenses_education
  m1_age, m1_labor, m1_disability_category, m1_disability_grade, m1_serious_illness, m1_self_care,
  m1_student, m1_wages_monthly, m1_newly_employed   … and the same for m2_ … m20_ (m1 is the applicant)
  members                  instead of the m<n>_ columns: the members list as JSON
  true/false cells accept true, false, 1, 0, 是, 否.
output: .jsonl — one line per input row: {"row", "id", "ok": true, "result": {…}} or {"row", "id", "ok": false,
  "error": {"path", "message"}}; .csv — one line per input row with each programme's status, amount and office
  (UTF-8 with BOM, so Excel opens it; the same file the site's staff/discover/ page exports).
Rows rejected (unreadable text, bad JSON, a cell over 131,072 characters, a bad value …) are also listed on
standard error, and every other row is still written; the exit code is 0 once the run completes.
"""

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


def csv_header(program_ids: list[str]) -> list[str]:
    head = ["row", "id", "error_path", "error", "jurisdiction", "date", "household_size",
            "counted_monthly_per_person"]
    for pid in program_ids:
        head += [f"{pid}_status", f"{pid}_amount", f"{pid}_office"]
    return head


INPUT_KINDS = (".jsonl", ".ndjson", ".json", ".csv", ".xlsx")


def _check_paths(src: Path, out: Path) -> None:
    if not src.exists():
        raise HouseholdError("", f"找不到输入文件 {src}")
    if src.is_dir():
        raise HouseholdError("", f"{src} 是一个文件夹；请给出名单文件（.jsonl、.csv 或 .xlsx）")
    if src.suffix.lower() not in INPUT_KINDS:
        raise HouseholdError("", f"输入文件应为 .jsonl、.csv 或 .xlsx，实际是 {src.name}")
    if out.suffix.lower() not in (".jsonl", ".csv", ".ndjson"):
        raise HouseholdError("-o", f"输出文件应为 .jsonl 或 .csv，实际是 {out.name}")
    if out.is_dir():
        raise HouseholdError("-o", f"{out} 是一个文件夹；请给出输出文件名")
    if out.exists() and os.path.samefile(src, out):
        raise HouseholdError("-o", "输出文件和输入文件是同一个文件，会把名单覆盖掉；请换一个输出文件名")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise HouseholdError("-o", f"无法建立输出文件夹 {out.parent}（{e.strerror}）") from None


def run(input_path: str, output_path: str, jurisdiction: str | None = None, date: str | None = None,
        progress: bool = False, encoding: str | None = None) -> int:
    src, out = Path(input_path), Path(output_path)
    _check_paths(src, out)
    if encoding is not None and encoding.lower() not in ENCODINGS:
        raise HouseholdError("--encoding", f"应为 utf-8 或 gbk（gb18030），实际是 {encoding}")
    as_csv = out.suffix.lower() == ".csv"
    program_ids = list(data.bundle().programs)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    bar = _Progress(count_rows(src) if progress else None, progress)
    done = rejected = 0
    rejects: list[str] = []
    dumps_utf8 = data.bundle().sharing.json.dumps_utf8
    gc.freeze()   # the bundle lives for the whole run: keep the collector from rescanning it
    try:
        # JSONL is written as bytes: the parts results share are kept already encoded (screener/jsonout.py).
        with (tmp.open("w", encoding="utf-8-sig", newline="") if as_csv else tmp.open("wb", buffering=1 << 20)) as f:
            writer = None
            if as_csv:
                writer = csv.writer(f)
                writer.writerow(csv_header(program_ids))
            for n, row_id, _, result, error in outcomes(read_rows(src, encoding and encoding.lower()),
                                                        jurisdiction, date):
                if error is not None:
                    rejected += 1
                    rejects.append(f"第 {n} 行{f'（id {row_id}）' if row_id is not None else ''}：{error}")
                done += 1
                if as_csv:
                    writer.writerow(csv_row(n, row_id, result, error, program_ids))
                elif error is None:
                    f.write(b"".join((f'{{"row":{n},"id":{_id_json(row_id)},"ok":true,"result":'.encode(),
                                      dumps_utf8(result), b"}\n")))
                else:
                    f.write((json.dumps({"row": n, "id": row_id, "ok": False,
                                         "error": {"path": error.path, "message": error.message}},
                                        ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace"))
                if progress:
                    bar.tick(done, rejected)
        os.replace(tmp, out)
    except RosterError as e:
        raise HouseholdError("", str(e)) from None
    except OSError as e:
        raise HouseholdError("", f"读写文件出错（{e.strerror or e}）；已写的部分没有保留") from None
    finally:
        tmp.unlink(missing_ok=True)
    bar.tick(done, rejected, final=True)
    for line in rejects[:50]:
        print(f"拒收 {line}", file=sys.stderr)
    if len(rejects) > 50:
        print(f"……还有 {len(rejects) - 50} 行被拒收，详见 {output_path}", file=sys.stderr)
    print(f"完成：{done} 行，{done - rejected} 行有结果，{rejected} 行被拒收；结果写入 {output_path}", file=sys.stderr)
    return 0


def outcomes(rows, jurisdiction: str | None, date: str | None):
    """(row number, row id, household | RowError, result | None, error | None) for every roster row
    from `read_rows`: the row evaluated, or why it was refused. Nothing a row holds stops the run."""
    evaluate = screener.evaluate
    for n, household in rows:
        row_id = household.get("id") if isinstance(household, dict) else getattr(household, "row_id", None)
        row_id = _printable_id(row_id)
        try:
            if isinstance(household, RowError):
                raise HouseholdError(household.path, household.message)
            result = evaluate(household, jurisdiction=jurisdiction, date=date)
            error = None
        except HouseholdError as e:
            result, error = None, e
        except (RecursionError, MemoryError):
            result, error = None, HouseholdError("", "这一行太大或嵌套太深，无法计算")
        except Exception as e:   # an engine fault on one row must not cost the caseworker the others
            result, error = None, HouseholdError("", f"这一行无法计算（程序内部错误 {type(e).__name__}），"
                                                     "请把这一行发给维护人员")
        yield n, row_id, household, result, error


def _printable_id(row_id):
    """An id goes into the output as given, unless it cannot be written as text (a lone surrogate)."""
    if type(row_id) is str and not row_id.isascii():
        try:
            row_id.encode("utf-8")
        except UnicodeEncodeError:
            return row_id.encode("utf-8", "backslashreplace").decode("utf-8")
    return row_id


def _id_json(row_id) -> str:
    """json.dumps(row_id, ensure_ascii=False), quicker for the usual text id."""
    return jsonout.encode_string(row_id) if type(row_id) is str else json.dumps(row_id, ensure_ascii=False)


def csv_row(n, row_id, result, error, program_ids) -> list:
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
