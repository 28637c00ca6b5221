"""Reading a roster for `batch`: households out of a JSONL, CSV or .xlsx file, one row at a time.

Every row comes out either as a household dict or as a `RowError` naming why it was refused,
so one bad row never stops the run: bytes that are not text in the file's encoding, a cell too
long, JSON nested too deep, a number with thousands of digits, a lone UTF-16 surrogate.

CSV is read as UTF-8 (with or without BOM) or GB18030 (which covers GBK, what Excel and WPS
write on a Chinese Windows): the encoding is taken from `encoding=` or guessed from the lines
that are not plain ASCII. Lines are decoded one by one, so a few broken lines are rejected
instead of the whole file. A line end (0x0A/0x0D) never occurs inside a character in either.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from screener.household import EXPENSE_KINDS, INCOME_KINDS, MAX_MEMBERS, MEMBER, TOP, show_value

CSV_CELL_LIMIT = 131_072            # Python's csv default; a longer cell is a rejected row
ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "gbk": "gb18030", "gb2312": "gb18030", "gb18030": "gb18030"}

_TRUE = {"true": True, "1": True, "是": True, "yes": True, "false": False, "0": False, "否": False, "no": False}
# The CSV columns, from the household's field table: one column per plain field; a member's field as
# m<n>_<field>, a disability as two; amounts as income_<kind> / expenses_<kind>; the emergency as two.
_MEMBER_COLUMNS = [c for f in MEMBER for c in
                   ((f"{f.name}_category", f"{f.name}_grade") if f.kind == "disability" else (f.name,))]
_NUMBER_FIELDS = {f.name for f in (*MEMBER, *TOP) if f.kind in ("age", "money")} | {"disability_grade"}
_BOOL_FIELDS = {f.name for f in (*MEMBER, *TOP) if f.kind == "yesno"}
_TOP_COLUMNS = tuple(f.name for f in TOP if f.kind in ("text", "date", "choice", "office", "yesno", "money"))
# A receiving cell that says "nothing" (an empty cell is "don't know").
NOTHING = frozenset(("无", "没有", "none"))
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


class RowError(Exception):
    def __init__(self, path: str, message: str, row_id=None):
        super().__init__(message)
        self.path, self.message, self.row_id = path, message, row_id


class RosterError(Exception):
    """The file as a whole cannot be read (missing, a folder, unknown kind)."""


def read_rows(path: Path, encoding: str | None = None):
    """Yield (row number, household dict | RowError) for every data row of the roster."""
    kind = path.suffix.lower()
    if kind == ".csv":
        return _csv_rows(path, encoding)
    if kind == ".xlsx":
        return _xlsx_rows(path)
    return _jsonl_rows(path)


def count_rows(path: Path) -> int | None:
    """Rows to expect, for the progress bar (None when counting would cost a second parse)."""
    if path.suffix.lower() == ".xlsx":
        return None
    try:
        with path.open("rb") as f:
            lines = sum(1 for line in f if line.strip())
        return lines - 1 if path.suffix.lower() == ".csv" else lines
    except OSError:
        return None


# --- JSONL -------------------------------------------------------------------------------------------------------

def _jsonl_rows(path: Path):
    with path.open("rb") as f:
        n = 0
        for raw in f:
            if not raw or raw.isspace():
                continue
            n += 1
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                yield n, RowError("", f"这一行不是 UTF-8 编码的文字（第 {e.start + 1} 个字节起无法识别）")
                continue
            yield n, parse_household_json(line)


_scan = json.JSONDecoder().scan_once


def parse_household_json(text: str):
    """One household from JSON text, or a RowError saying in Chinese what is wrong with the text."""
    try:
        obj = _load(text)
    except json.JSONDecodeError as e:
        return RowError("", f"JSON 格式错误（第 {e.colno} 列：{e.msg}）")
    except RecursionError:
        return RowError("", "JSON 嵌套层数太多，不是一户家庭的信息")
    except ValueError:       # int() refuses over 4,300 digits
        return RowError("", "JSON 里有位数太多的数字，不是一户家庭的信息")
    if _ESCAPED_SURROGATE.search(text) and has_lone_surrogate(obj):
        return RowError("", "JSON 里有不成对的 \\ud800–\\udfff 转义，不是有效的文字")
    return obj


def _load(line: str):
    """json.loads(line), without its Python wrapper for the usual line (an object, then the newline);
    anything else goes to json.loads itself, which gives the same object or the same error."""
    try:
        obj, end = _scan(line, 0)
    except (StopIteration, ValueError, RecursionError):
        return json.loads(line)
    if end == len(line) or not line[end:].strip(" \t\n\r"):
        return obj
    return json.loads(line)


def has_lone_surrogate(value) -> bool:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


# --- CSV ---------------------------------------------------------------------------------------------------------

def guess_encoding(raw_lines: list[bytes]) -> str:
    """UTF-8 unless more of the non-ASCII lines read as GB18030 than as UTF-8."""
    utf8 = gb = 0
    for line in raw_lines:
        if line.isascii():
            continue
        utf8 += _decodes(line, "utf-8")
        gb += _decodes(line, "gb18030")
        if utf8 + gb > 400:
            break
    return "gb18030" if gb > utf8 else "utf-8"


def _decodes(line: bytes, encoding: str) -> bool:
    try:
        line.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def _csv_rows(path: Path, encoding: str | None):
    raw_lines = path.read_bytes().splitlines(keepends=True)
    if raw_lines and raw_lines[0].startswith(b"\xef\xbb\xbf"):
        raw_lines[0] = raw_lines[0][3:]
        encoding = encoding or "utf-8"
    encoding = ENCODINGS[encoding] if encoding else guess_encoding(raw_lines)
    name = "UTF-8" if encoding == "utf-8" else "GBK/GB18030"
    bad_lines: set[int] = set()

    def lines():
        for i, raw in enumerate(raw_lines, start=1):
            try:
                yield raw.decode(encoding)
            except UnicodeDecodeError:
                bad_lines.add(i)
                yield raw.decode(encoding, "replace")

    reader = csv.reader(lines())
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error):
        return
    if 1 in bad_lines:
        yield 1, RowError("", f"表头不是 {name} 编码的文字；可用 --encoding utf-8 或 --encoding gbk 指定编码")
        return
    n = 0
    first_line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            n += 1
            first_line = reader.line_num + 1
            too_long = "field limit" in str(e)
            yield n, RowError("", f"有一个格子超过 {CSV_CELL_LIMIT} 个字" if too_long else f"CSV 格式错误（{e}）")
            continue
        spans = range(first_line, reader.line_num + 1)
        first_line = reader.line_num + 1
        if not cells or not any(c.strip() for c in cells):
            continue
        n += 1
        row_id = _row_id(header, cells)
        if any(i in bad_lines for i in spans):
            yield n, RowError("", f"这一行不是 {name} 编码的文字；可用 --encoding utf-8 或 --encoding gbk 指定编码",
                              row_id)
            continue
        if len(cells) > len(header):
            yield n, RowError("", "这一行的格子比表头多", row_id)
            continue
        try:
            yield n, csv_household(dict(zip(header, cells)))
        except RowError as e:
            e.row_id = row_id
            yield n, e


def _row_id(header: list[str], cells: list[str]) -> str | None:
    i = header.index("id") if "id" in header else len(cells)
    return (cells[i].strip() or None) if i < len(cells) else None


def csv_household(row: dict) -> dict:
    """One CSV row (header → cell text) as a household dict in the contract's shape."""
    h: dict = {}
    members: dict[int, dict] = {}
    income: dict = {}
    expenses: dict = {}
    emergency: dict = {}
    for column, value in row.items():
        if value is None or column == "":
            continue
        if column == "members":
            if value.strip():
                got = parse_household_json(value)
                if isinstance(got, RowError):
                    raise RowError("members", f"列 members：{got.message}")
                h["members"] = got
            continue
        if column[:1] == "m" and column[1:2].isdigit() and "_" in column:
            num, _, field = column[1:].partition("_")
            if not num.isdigit() or not 1 <= int(num) <= MAX_MEMBERS or field not in _MEMBER_COLUMNS:
                raise RowError(column, f"不认识的列 {show_value(column)}；成员列写成 m1_age … m{MAX_MEMBERS}_age，字段："
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
            v = value.replace(";", " ").replace("；", " ").split()
            h["receiving"] = [] if len(v) == 1 and v[0].lower() in NOTHING else v or None
        elif column in _TOP_COLUMNS:
            h[column] = _cell(value, column, column)
        else:
            raise RowError(column, f"不认识的列 {show_value(column)}；列名见 python -m screener batch --help")
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


def _cell(value: str, column: str, path: str):
    """Turn a cell into JSON-like data: empty → None, numbers, true/false, else text."""
    v = value.strip()
    if v == "":
        return None
    kind = column.split("_", 1)[1] if column[:1] == "m" and column[1:2].isdigit() else column
    if kind in _BOOL_FIELDS:
        if v.lower() in _TRUE:
            return _TRUE[v.lower()]
        raise RowError(path, f"列 {column}：应为 true 或 false（也可写 1/0、是/否），实际是 {show_value(v)}")
    if kind in _NUMBER_FIELDS or column.startswith(("income_", "expenses_")):
        try:
            n = float(v.replace(",", ""))
        except ValueError:
            raise RowError(path, f"列 {column}：应为数字，实际是 {show_value(v)}") from None
        return int(n) if n.is_integer() and kind in ("age", "disability_grade") else n
    return v


def csv_columns(members: int) -> list[str]:
    """The roster's CSV header for households of up to `members` people, in the order a caseworker fills
    it in: id first, the household, then each member's columns (the template's header row)."""
    cols = ["id", *(c for c in _TOP_COLUMNS if c != "id"), "receiving", "emergency_kind", "emergency_township"]
    cols += [f"income_{k}" for k in INCOME_KINDS] + [f"expenses_{k}" for k in EXPENSE_KINDS]
    return cols + [f"m{i}_{c}" for i in range(1, members + 1) for c in _MEMBER_COLUMNS]


def csv_cells(household: dict, columns: list[str]) -> list[str]:
    """One household as CSV cells under `columns` (csv_columns): what csv_household reads back."""
    flat: dict[str, object] = {}
    for key, value in household.items():
        if key == "members":
            for i, m in enumerate(value, start=1):
                for field, v in m.items():
                    if field == "disability":
                        v = v or {}
                        flat[f"m{i}_disability_category"] = v.get("category")
                        flat[f"m{i}_disability_grade"] = v.get("grade")
                    else:
                        flat[f"m{i}_{field}"] = v
        elif key in ("income_monthly", "expenses_year"):
            prefix = "income_" if key == "income_monthly" else "expenses_"
            flat.update({prefix + k: v for k, v in (value or {}).items()})
        elif key == "emergency":
            flat.update({"emergency_" + k: v for k, v in (value or {}).items()})
        elif key == "receiving":
            flat[key] = None if value is None else " ".join(value) or "无"
        else:
            flat[key] = value
    missing = sorted(set(flat) - set(columns))
    if missing:
        raise ValueError(f"no column for {missing}")
    return ["" if flat.get(c) is None else "是" if flat[c] is True else "否" if flat[c] is False
            else str(flat[c]) for c in columns]


def csv_table(households: list[dict]) -> list[list[str]]:
    """Households as a roster: the header (member columns for the largest household), then one row each."""
    columns = csv_columns(max((len(h["members"]) for h in households), default=1))
    return [columns, *(csv_cells(h, columns) for h in households)]


def excel_csv(rows) -> str:
    """Rows as CSV text with the BOM Excel needs to read UTF-8 (what `batch -o OUT.csv` writes)."""
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return "\ufeff" + out.getvalue()


# --- xlsx --------------------------------------------------------------------------------------------------------

def _xlsx_rows(path: Path):
    """The first sheet, read like the CSV: header row, then one household a row. openpyxl is not part of
    the engine (the browser never needs it); without it the whole file is refused with one message."""
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise RosterError("读 .xlsx 需要 openpyxl（python3 build.py setup 会装好）；也可以在 Excel 里另存为 CSV") from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:          # a damaged or mislabelled file: openpyxl raises many kinds
        raise RosterError(f"{path.name} 不是能读的 .xlsx 文件（{type(e).__name__}）") from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return
        header = ["" if h is None else str(h).strip() for h in header]
        n = 0
        for values in rows:
            cells = [_xlsx_text(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            n += 1
            row = dict(zip(header, cells))
            row_id = (row.get("id") or "").strip() or None
            if any(len(c) > CSV_CELL_LIMIT for c in cells):
                yield n, RowError("", f"有一个格子超过 {CSV_CELL_LIMIT} 个字", row_id)
                continue
            try:
                yield n, csv_household(row)
            except RowError as e:
                e.row_id = row_id
                yield n, e
    finally:
        book.close()


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)
